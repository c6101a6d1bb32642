/* cellink bands [--lock lte:LIST nr:LIST ...|--unlock]: the bands the modem
 * supports (DMS get-band-capabilities: the extended LTE list, else the
 * 64-bit LTE mask; the NR list) and those enabled (NAS
 * get-system-selection-preference); a lock or an unlock through NAS
 * set-system-selection-preference, read back. A band the modem does not
 * support is refused, naming it, before anything is sent
 * (docs/toolbox.md). */
#include <string.h>

#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/bandnet.h"
#include "tool/ops.h"
#include "tool/tool.h"

struct bands_state {
	struct bands_args a;
	struct band_sel want;           /* what a lock or unlock sets */
	struct qmi_band_caps caps;
	uint8_t cid_nas;
};

/* a lock or an unlock changes the modem; so may what does not parse */
bool tool_bands_changes(int argc, char **argv)
{
	struct bands_args a;
	char why[200];
	return tool_bands_args(argc, argv, &a, why, sizeof why) < 0 || a.action != BANDS_SHOW;
}

/* A refusal the user must mend: exit status 2 at the command line. */
static void refuse(struct tool_run *r, const char *why)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"ok\":false,\"usage\":true,\"error\":");
	sb_put_json_str(&sb, why, strlen(why));
	sb_putc(&sb, '}');
	tool_done(r, &sb);
	sb_free(&sb);
}

static void on_read(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct bands_state *st = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "get-system-selection-preference"))
		return;
	struct band_sel en;
	qmi_bands_enabled(resp, &en);
	if (st->a.action != BANDS_SHOW) {
		/* read back: every kind set must now be what was asked */
		for (int k = 0; k < BAND_N_RAT; k++) {
			if (!(st->want.given & 1u << k))
				continue;
			if (!(en.given & 1u << k) || !band_mask_equal(&en.m[k], &st->want.m[k])) {
				struct strbuf t;
				sb_init(&t);
				if (en.given & 1u << k)
					band_list_text(&en.m[k], &t);
				tool_fail(r, "the modem took the %s bands but reports %s%s", band_rat_name((enum band_rat)k),
					  en.given & 1u << k ? "" : "none", sb_str(&t));
				sb_free(&t);
				return;
			}
		}
	}
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_bands_json(&sb, st->a.action, &st->caps, &en);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void send_read(struct tool_run *r)
{
	struct bands_state *st = tool_state(r);
	tool_msg(r, QMI_SVC_NAS, st->cid_nas, QMI_NAS_GET_SYSTEM_SELECTION_PREFERENCE);
	int e = tool_send(r, 0, on_read);
	if (e < 0)
		tool_fail(r, "get-system-selection-preference: %s", tool_err_text(e, NULL));
}

static void on_set(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (!tool_resp_ok(r, err, resp, "set-system-selection-preference"))
		return;
	send_read(r);
}

static void with_nas(struct tool_run *r, int err, uint8_t cid)
{
	struct bands_state *st = tool_state(r);
	if (err) {
		tool_fail(r, "no NAS client: %s", tool_err_text(err, NULL));
		return;
	}
	st->cid_nas = cid;
	if (st->a.action == BANDS_SHOW) {
		send_read(r);
		return;
	}
	struct qmi_msg *m = tool_msg(r, QMI_SVC_NAS, cid, QMI_NAS_SET_SYSTEM_SELECTION_PREFERENCE);
	if (qmi_bands_fill_set(m, &st->want, &st->caps) < 0)
		tool_msg_bad(r);
	/* for good: the lock outlives a power cycle, as qmicli sets it */
	if (qmi_fset_uint(m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_CHANGE_DURATION, 1) < 0)
		tool_msg_bad(r);
	int e = tool_send(r, 0, on_set);
	if (e < 0)
		tool_fail(r, "set-system-selection-preference: %s", tool_err_text(e, NULL));
}

static void on_caps(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct bands_state *st = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "get-band-capabilities"))
		return;
	qmi_bands_caps(resp, &st->caps);
	if (st->a.action == BANDS_LOCK) {
		char why[400];
		if (qmi_bands_check(&st->a.sel, &st->caps, why, sizeof why) < 0) {
			refuse(r, why);         /* nothing was sent */
			return;
		}
		st->want = st->a.sel;
	} else if (st->a.action == BANDS_UNLOCK) {
		qmi_bands_all(&st->caps, &st->want);
		if (!st->want.given) {
			tool_fail(r, "the modem reports no LTE or NR bands to enable");
			return;
		}
	}
	int e = tool_with_cid(r, QMI_SVC_NAS, with_nas);
	if (e < 0)
		tool_fail(r, "no NAS client: %s", tool_err_text(e, NULL));
}

static void with_dms(struct tool_run *r, int err, uint8_t cid)
{
	if (err) {
		tool_fail(r, "no DMS client: %s", tool_err_text(err, NULL));
		return;
	}
	tool_msg(r, QMI_SVC_DMS, cid, QMI_DMS_GET_BAND_CAPABILITIES);
	int e = tool_send(r, 0, on_caps);
	if (e < 0)
		tool_fail(r, "get-band-capabilities: %s", tool_err_text(e, NULL));
}

int tool_bands_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	struct bands_args a;
	if (tool_bands_args(argc, argv, &a, why, why_len) < 0)
		return TOOL_E_USAGE;
	struct bands_state *st = tool_state_new(r, sizeof(*st), NULL);
	if (!st) {
		snprintf(why, why_len, "out of memory");
		return -12;
	}
	st->a = a;
	return tool_with_cid(r, QMI_SVC_DMS, with_dms);
}
