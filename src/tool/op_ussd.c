/* cellink ussd CODE: sends a USSD code (QMI VOICE originate-ussd) and
 * answers with the network's text, decoded from its coding: QMI's ASCII
 * or 8-bit as they are, UCS-2 (and the UTF-16 TLV some firmware adds)
 * through src/sms into UTF-8. The text comes in originate-ussd's answer,
 * or (firmware that answers at once) in a USSD indication after it: the
 * op registers for those first and waits for one when the answer has no
 * text. Menus (the network asking for a reply) are not driven: the first
 * text is the result.
 *
 * On an MBIM function without QMI over MBIM (tool_env's mbim), MBIM's own
 * USSD service carries it: the code goes out in GSM 7-bit (data coding
 * scheme 0x0F), the text comes back in the COMMAND_DONE or, when that has
 * none, in an INDICATE_STATUS after it, GSM 7-bit or UCS-2 (src/sms).
 * The op watches the MBIM client's indications for its own lifetime, so
 * it sees them one-shot and on a daemon's link alike. */
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "mbim/mbim.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "sms/sms.h"
#include "tool/ops.h"
#include "tool/tool.h"

#define USS_ASCII 1
#define USS_8BIT 2
#define USS_UCS2 3
#define USSD_TIMEOUT_MS 60000   /* the network answers in seconds, sometimes many */

struct ussd_state {
	char code[64];
	char answer[1024];
	const char *coding;
	uint8_t cid;
	bool waiting;           /* for the indication that carries the text */
};

static int parse(int argc, char **argv, char *why, size_t len)
{
	if (argc != 1) {
		snprintf(why, len, "ussd: give one code, such as *100# (%s)",
			 argc ? "too many arguments" : "none given");
		return TOOL_E_USAGE;
	}
	size_t n = strlen(argv[0]);
	if (n == 0 || n > 60 || argv[0][strspn(argv[0], "0123456789*#+")]) {
		snprintf(why, len, "ussd: '%.64s' is not a USSD code (digits, * and #, at most 60)", argv[0]);
		return TOOL_E_USAGE;
	}
	return 0;
}

bool tool_ussd_changes(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return true;    /* a code can top up, transfer credit or subscribe */
}

static void answer(struct tool_run *r)
{
	struct ussd_state *st = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_json_str(&sb, "code", st->code);
	tool_json_str(&sb, "coding", st->coding);
	tool_json_str(&sb, "answer", st->answer);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

/* The text from a uss-data (DCS + bytes) or a UTF-16 array; false when none. */
static bool take_text(struct ussd_state *st, const struct qmi_val *utf16, const struct qmi_val *data, uint64_t dcs,
		      bool have_dcs)
{
	if (utf16 && utf16->n) {
		uint8_t be[512];
		size_t n = 0;
		for (uint32_t i = 0; i < utf16->n && n + 2 <= sizeof(be); i++) {
			uint64_t u = utf16->kids[i].u;
			be[n++] = (uint8_t)(u >> 8);
			be[n++] = (uint8_t)u;
		}
		sms_ucs2_to_utf8(be, n, st->answer, sizeof(st->answer));
		st->coding = "utf16";
		return true;
	}
	if (!data || !have_dcs)
		return false;
	if (dcs == USS_UCS2) {
		sms_ucs2_to_utf8(data->p, data->n, st->answer, sizeof(st->answer));
		st->coding = "ucs2";
		return true;
	}
	/* ASCII, or 8-bit: printable bytes kept, others as '?' */
	size_t k = 0;
	for (uint32_t i = 0; i < data->n && k + 1 < sizeof(st->answer); i++) {
		uint8_t b = data->p[i];
		st->answer[k++] = (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' ? (char)b : '?';
	}
	st->answer[k] = 0;
	st->coding = dcs == USS_8BIT ? "8bit" : "ascii";
	return true;
}

static void on_timeout(struct tool_run *r)
{
	tool_fail(r, "originate-ussd: the network sent no text within %d s", USSD_TIMEOUT_MS / 1000);
}

static void on_ussd_ind(struct tool_run *r, const struct qmi_msg *ind)
{
	struct ussd_state *st = tool_state(r);
	if (!st->waiting || ind->client != st->cid)
		return;
	uint64_t dcs = 0;
	bool have = qmi_fget_uint(ind, QMIF_VOICE_USSD_IN_USS_DATA_DATA_CODING_SCHEME, &dcs) == 0;
	if (!take_text(st, qmi_fget(ind, QMIF_VOICE_USSD_IN_USS_DATA_UTF16),
		       qmi_fget(ind, QMIF_VOICE_USSD_IN_USS_DATA_DATA), dcs, have))
		return;
	st->waiting = false;
	answer(r);
}

static void on_answer(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct ussd_state *st = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "originate-ussd"))
		return;
	uint64_t dcs = 0;
	bool have = qmi_fget_uint(resp, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA_CODING_SCHEME, &dcs) == 0;
	if (take_text(st, qmi_fget(resp, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_UTF16),
		      qmi_fget(resp, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA), dcs, have)) {
		answer(r);
		return;
	}
	/* the text comes in an indication */
	st->waiting = true;
	tool_timer(r, USSD_TIMEOUT_MS, on_timeout);
}

static void originate(struct tool_run *r)
{
	struct ussd_state *st = tool_state(r);
	struct qmi_msg *m = tool_msg(r, QMI_SVC_VOICE, st->cid, QMI_VOICE_ORIGINATE_USSD);
	if (qmi_fset_uint(m, QMIF_VOICE_ORIGINATE_USSD_RQ_USS_DATA_DATA_CODING_SCHEME, USS_ASCII) < 0 ||
	    qmi_fset_bytes(m, QMIF_VOICE_ORIGINATE_USSD_RQ_USS_DATA_DATA, (const uint8_t *)st->code,
			   strlen(st->code)) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, USSD_TIMEOUT_MS, on_answer);
	if (rc < 0)
		tool_fail(r, "originate-ussd: %s", tool_err_text(rc, NULL));
}

static void on_registered(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	(void)resp;
	/* firmware without indication-register still answers in the response */
	if (err == CL_E_GONE || err == CL_E_CANCELLED) {
		tool_fail(r, "indication-register: %s", tool_err_text(err, resp));
		return;
	}
	originate(r);
}

static void with_voice(struct tool_run *r, int err, uint8_t cid)
{
	struct ussd_state *st = tool_state(r);
	if (err) {
		tool_fail(r, "no VOICE client: %s", tool_err_text(err, NULL));
		return;
	}
	st->cid = cid;
	if (tool_on_indication(r, QMI_SVC_VOICE, QMI_VOICE_USSD, on_ussd_ind) < 0) {
		tool_fail(r, "cannot listen for USSD indications");
		return;
	}
	struct qmi_msg *m = tool_msg(r, QMI_SVC_VOICE, cid, QMI_VOICE_INDICATION_REGISTER);
	if (qmi_fset_uint(m, QMIF_VOICE_INDICATION_REGISTER_RQ_USSD_NOTIFICATION_EVENTS, 1) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, 0, on_registered);
	if (rc < 0)
		tool_fail(r, "indication-register: %s", tool_err_text(rc, NULL));
}

/* ---- over MBIM's USSD service ---- */

/* The text of a USSD answer or indication; false when it has none. */
static bool mbim_text(struct tool_run *r, const struct mbim_ussd_info *u)
{
	struct ussd_state *st = tool_state(r);
	if (!u || !u->payload.n)
		return false;
	uint8_t dcs = (uint8_t)u->data_coding_scheme;
	if (u->payload.n > SMS_USSD_MAX) {
		tool_fail(r, "ussd: an answer of %u bytes, longer than a USSD string (%d)", u->payload.n,
			  SMS_USSD_MAX);
		return true;
	}
	if (u->data_coding_scheme > 0xff ||
	    sms_ussd_decode(dcs, u->payload.p, u->payload.n, st->answer, sizeof(st->answer)) < 0) {
		tool_fail(r, "ussd: an answer in data coding scheme 0x%02x, which cellink does not read",
			  (unsigned)u->data_coding_scheme);
		return true;
	}
	st->coding = dcs == SMS_USSD_DCS_UCS2 ? "ucs2" : "gsm7";
	answer(r);
	return true;
}

static void on_mbim_ind(struct tool_run *r, const struct mbim_msg *ind)
{
	struct ussd_state *st = tool_state(r);
	if (st->waiting && mbim_text(r, MBIM_BODY(ind, ussd_info)))
		st->waiting = false;
}

static void on_mbim_answer(struct tool_run *r, int err, const struct mbim_msg *resp)
{
	struct ussd_state *st = tool_state(r);
	if (!tool_mbim_ok(r, err, resp, "ussd"))
		return;
	const struct mbim_ussd_info *u = MBIM_BODY(resp, ussd_info);
	if (u && u->response > MBIM_USSD_RESPONSE_ACTION_REQUIRED) {
		char k[64];
		const char *sym = mbim_enum_sym(MBIM_ENUM(USSD_RESPONSE), u->response);
		tool_fail(r, "ussd: the network answered %s", sym ? mbim_kebab(sym, k, sizeof(k)) : "with an error");
		return;
	}
	if (mbim_text(r, u))
		return;
	st->waiting = true;
	tool_timer(r, USSD_TIMEOUT_MS, on_timeout);
}

static int mbim_start(struct tool_run *r, char *why, size_t why_len)
{
	struct ussd_state *st = tool_state(r);
	uint8_t code[SMS_USSD_MAX], dcs = 0;
	int n = sms_ussd_encode(st->code, code, sizeof(code), &dcs);
	if (n <= 0) {
		snprintf(why, why_len, "ussd: cannot encode '%s'", st->code);
		return TOOL_E_USAGE;
	}
	int e = tool_mbim_on_indication(r, MBIM_SERVICE_USSD, MBIM_CID_USSD_USSD, on_mbim_ind);
	if (e < 0) {
		snprintf(why, why_len, "ussd: cannot listen for USSD indications (%s)", cl_strerror(e));
		return e;
	}
	struct mbim_ussd_set u = { MBIM_USSD_ACTION_INITIATE, dcs, { code, (uint32_t)n } };
	int rc = tool_mbim_send(r, MBIM_SERVICE_USSD, MBIM_CID_USSD_USSD, MBIM_COMMAND_TYPE_SET, &u,
				USSD_TIMEOUT_MS, on_mbim_answer);
	if (rc < 0)
		snprintf(why, why_len, "ussd: %s", cl_strerror(rc));
	return rc;
}

int tool_ussd_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	int rc = parse(argc, argv, why, why_len);
	if (rc < 0)
		return rc;
	struct ussd_state *st = tool_state_new(r, sizeof(*st), NULL);
	if (!st)
		return -12;
	snprintf(st->code, sizeof(st->code), "%s", argv[0]);
	if (TOOL_ENV_MBIM(r))
		return mbim_start(r, why, why_len);
	return tool_with_cid(r, QMI_SVC_VOICE, with_voice);
}
