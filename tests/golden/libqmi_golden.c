/* Golden bytes from an independent source: libqmi-glib (test only, never in
 * the product) builds each request the connection manager sends, from the
 * same inputs, and the bytes must equal cellink's encoding of that request.
 * The request then goes to cellink's emulator (driven in-process), and the
 * emulator's answer goes back to libqmi: the fields libqmi reads from it must
 * equal those cellink's decoder reads.
 *
 * Wiring, all in this one thread:
 *   libqmi QmiDevice -- pty "tap" -- this test -- emulator's pty -- cellink_sim
 * Every wait runs both loops (GLib's and the emulator's) and is bounded.
 *
 * The cellink side of each case is a list of (message, field=value) pairs
 * given to the public encoder (qmi_set_text, as `cellink encode` does), so the
 * test does not depend on how the connection manager builds its messages;
 * the inputs mirror src/conn/, src/client/ and the toolbox (src/tool/).
 * Requests with lists or raw bytes are built with the typed handles of
 * qmi/fields.h, as the product builds them (struct spec's build).
 *
 * Every message compared is recorded; `golden_libqmi --covered` prints
 * them (and the named exceptions, with their reasons) for the completeness
 * check (golden_complete.sh), which fails when the product uses a message
 * constant that has neither a case here nor an exception. */
#include <libqmi-glib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "qmi/bands.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "qmi/qmi.h"
#include "sim/sim.h"
#include "sms/sms.h"

#define WAIT_MS 5000

static struct sim *S;
static int tap_master = -1, tap_slave = -1;     /* libqmi's side */
static int emu_fd = -1;                         /* the host side of the emulator's pty */
static char tmpdir[64];
static QmiDevice *dev;
static GAsyncResult *result;                    /* of the last libqmi call */
static int failures;
static int n_requests, n_fields, n_errors;  /* what was compared */
static int n_indications;

/* ---- what was compared: every message of qmi/ids.h by its symbol ---- */

#define KIND_RR false
#define KIND_IND true
static struct msgsym {
	uint8_t svc;
	uint16_t id;
	bool ind;
	const char *sym;        /* "NAS_GET_SIGNAL_INFO", as after QMI_ in ids.h */
	bool covered;
} msgsyms[] = {
#define SYM(svc, sym, num, name, kinds, help) { QMI_SVC_##svc, num, KIND_##kinds, #svc "_" #sym, false },
	QMI_CTL_MESSAGES(SYM) QMI_DMS_MESSAGES(SYM) QMI_NAS_MESSAGES(SYM) QMI_WDS_MESSAGES(SYM)
	QMI_WDA_MESSAGES(SYM) QMI_UIM_MESSAGES(SYM) QMI_WMS_MESSAGES(SYM) QMI_VOICE_MESSAGES(SYM)
#undef SYM
};

/* Messages the product uses that are not compared with libqmi, and why.
 * Printed by every run; the completeness check accepts these and no other
 * gap. */
static const struct {
	const char *sym;
	const char *why;
} exceptions[] = {
	{ "CTL_REVOKE_CLIENT_ID",
	  "the emulator never sends it, and libqmi-glib exports no CTL message parser (its CTL client is "
	  "private); cellink's encoding of it is read with libqmi's generic TLV reader instead" },
};

/* The fields compared, by handle: with their values, or only their
 * presence (neither side had them); and the TLVs of the requests found
 * identical, as handles of depth 1. */
static struct seen_fh {
	struct qmi_fh h;
	bool value;
} seen[1024];
static size_t n_seen;

static bool same_fh(const struct qmi_fh *a, const struct qmi_fh *b)
{
	if (a->svc != b->svc || a->msg != b->msg || a->kind != b->kind || a->elem != b->elem ||
	    a->depth != b->depth || a->name != b->name)
		return false;
	for (unsigned i = 0; i < a->depth && i < QMI_FH_MAX_DEPTH; i++)
		if (a->idx[i] != b->idx[i])
			return false;
	return true;
}

static void cover_fh(struct qmi_fh h, bool value)
{
	for (size_t i = 0; i < n_seen; i++)
		if (same_fh(&seen[i].h, &h)) {
			seen[i].value |= value;
			return;
		}
	if (n_seen < sizeof seen / sizeof seen[0])
		seen[n_seen++] = (struct seen_fh){ h, value };
}

/* As fields.h writes a handle: QMI_FH(<this>) */
static void print_fh(FILE *f, const struct qmi_fh *h)
{
	fprintf(f, "0x%02x, 0x%04x, %u, %u, %u, %u", h->svc, h->msg, h->kind, h->elem, h->name, h->depth);
	for (unsigned i = 0; i < h->depth && i < QMI_FH_MAX_DEPTH; i++)
		fprintf(f, ", %u", h->idx[i]);
	if (!h->depth)
		fprintf(f, ", 0");
}

/* TLVs the emulator sends that the installed libqmi-glib does not know
 * (too old, or never described there): named, so that any other unknown
 * TLV fails the run. */
static struct {
	uint8_t svc;
	uint16_t id;
	uint8_t kind;
	uint8_t tlv;
	uint16_t len;           /* its length by the reference named in why */
	const char *what;
	const char *why;
	int seen;
} tlv_exceptions[] = {
	{ QMI_SVC_WDS, QMI_WDS_PACKET_SERVICE_STATUS, QMI_INDICATION, 0x13, 2, "wds packet-service-status TLV 0x13 technology-name",
	  "libqmi-glib 1.32 has no such TLV; its layout (a 16-bit enum) is from Qualcomm's WDS interface description", 0 },
};

static void covered(uint8_t svc, uint16_t id, bool ind)
{
	for (size_t i = 0; i < sizeof msgsyms / sizeof msgsyms[0]; i++)
		if (msgsyms[i].svc == svc && msgsyms[i].id == id && msgsyms[i].ind == ind)
			msgsyms[i].covered = true;
}

/* Indications the emulator sent on the way, each kind the product reads in
 * a slot: how many cellink decoded and libqmi's signals gave, the last
 * frame (cellink's side is decoded again from it when compared) and
 * libqmi's last output (a reference). */
struct ind_slot {
	const char *name;
	uint8_t svc;
	uint16_t id;
	int cellink, libqmi;
	size_t len;
	uint8_t frame[4096];
	void *out;
	void (*drop)(void *out);        /* unrefs out */
	void (*compare)(void *out);     /* libqmi's out against resp, cellink's decode */
};

#define IND_SLOT(var, svc_, id_, prefix)                                                  \
	static void var##_drop(void *o) { prefix##_unref(o); }                              \
	static void var##_compare(void *o);                                                 \
	static struct ind_slot var = { #var, svc_, id_, 0, 0, 0, { 0 }, NULL, var##_drop,     \
				       var##_compare };                                     \
	static void on_##var(GObject *c, void *o, gpointer d)                               \
	{                                                                                   \
		if (var.out)                                                                \
			prefix##_unref(var.out);                                            \
		var.out = prefix##_ref(o);                                                  \
		var.libqmi++;                                                               \
	}

IND_SLOT(pss, QMI_SVC_WDS, QMI_WDS_PACKET_SERVICE_STATUS, qmi_indication_wds_packet_service_status_output)
IND_SLOT(ss, QMI_SVC_NAS, QMI_NAS_SERVING_SYSTEM, qmi_indication_nas_serving_system_output)
IND_SLOT(sig, QMI_SVC_NAS, QMI_NAS_SIGNAL_INFO, qmi_indication_nas_signal_info_output)
IND_SLOT(ussd, QMI_SVC_VOICE, QMI_VOICE_USSD, qmi_indication_voice_ussd_output)
IND_SLOT(wmsev, QMI_SVC_WMS, QMI_WMS_EVENT_REPORT, qmi_indication_wms_event_report_output)

static struct ind_slot *const slots[] = { &pss, &ss, &sig, &ussd, &wmsev };

static void cellink_indication(const struct qmi_msg *m, const uint8_t *frame, size_t len)
{
	for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
		struct ind_slot *sl = slots[i];
		if (m->service != sl->svc || m->id != sl->id)
			continue;
		sl->cellink++;
		sl->len = len < sizeof sl->frame ? len : 0;
		memcpy(sl->frame, frame, sl->len);
	}
}

struct rx {
	uint8_t buf[QMI_MAX_FRAME * 2];
	size_t len;
};
static struct rx tap_rx, emu_rx;

static void fail(const char *msg_name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "FAIL %s: ", msg_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

static struct qmi_msg resp;
static struct qmi_val resp_pool[QMI_POOL_NODES];

/* Both saw as many of the slot's indication; the last one's fields the
 * product reads must be the same. */
static void compare_indications(struct ind_slot *sl)
{
	if (sl->cellink != sl->libqmi) {
		fail(sl->name, "indications: cellink decoded %d, libqmi %d", sl->cellink, sl->libqmi);
	} else if (sl->cellink) {
		if (!sl->len || qmi_decode_pool(&resp, resp_pool, QMI_POOL_NODES, sl->frame, sl->len, 0) < 0) {
			fail(sl->name, "cellink cannot decode the indication again");
		} else {
			int before = failures;
			sl->compare(sl->out);
			n_indications += sl->cellink;
			if (failures == before)
				covered(sl->svc, sl->id, true);
		}
	}
	if (sl->out)
		sl->drop(sl->out);
	sl->out = NULL;
	sl->cellink = sl->libqmi = 0;
}

static void on_done(GObject *src, GAsyncResult *res, gpointer data)
{
	result = g_object_ref(res);
}

/* One round of both loops and of the two fds. */
static void pump(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
	ev_run_once(&S->loop, 1);
	ssize_t k;
	while ((k = read(tap_master, tap_rx.buf + tap_rx.len, sizeof(tap_rx.buf) - tap_rx.len)) > 0)
		tap_rx.len += (size_t)k;
	while ((k = read(emu_fd, emu_rx.buf + emu_rx.len, sizeof(emu_rx.buf) - emu_rx.len)) > 0)
		emu_rx.len += (size_t)k;
}

/* The next whole frame from rx within WAIT_MS, copied to out; its length,
 * or 0 when none came. */
static size_t next_frame(struct rx *rx, uint8_t *out)
{
	uint64_t end = ev_now_ms() + WAIT_MS;
	for (;;) {
		int n = qmux_frame_len(rx->buf, rx->len);
		if (n < 0) {
			fprintf(stderr, "bad bytes on a pty\n");
			exit(1);
		}
		if (n > 0) {
			memcpy(out, rx->buf, (size_t)n);
			memmove(rx->buf, rx->buf + n, rx->len - (size_t)n);
			rx->len -= (size_t)n;
			return (size_t)n;
		}
		if (ev_now_ms() >= end)
			return 0;
		pump();
	}
}

static bool wait_result(void)
{
	uint64_t end = ev_now_ms() + WAIT_MS;
	while (!result && ev_now_ms() < end)
		pump();
	return result != NULL;
}

static GAsyncResult *take_result(void)
{
	GAsyncResult *r = result;
	result = NULL;
	return r;
}

/* ---- cellink's side: (message, field=value...) through the public encoder ---- */

struct spec {
	const char *svc;
	const char *msg;
	const char *sets[12];   /* "path=text", NULL-terminated */
	/* then, when set: fields through the typed handles (lists, bytes) */
	int (*build)(struct qmi_msg *m, const void *arg);
	const void *arg;
};

static struct qmi_fh req_tlvs[QMI_MAX_TLVS];
static unsigned n_req_tlvs;

static int cellink_encode(const struct spec *sp, uint8_t client, uint16_t txn, uint8_t *out, size_t cap)
{
	static struct qmi_msg m;
	const struct qmi_service_def *svc = qmi_service_by_name(sp->svc);
	const struct qmi_msg_def *def = svc ? qmi_msg_by_name(svc, sp->msg) : NULL;
	if (!def) {
		fail(sp->msg, "no such message in cellink's %s table", sp->svc);
		return -1;
	}
	qmi_msg_init(&m, svc->id, client, QMI_REQUEST, txn, def->id);
	for (size_t i = 0; sp->sets[i]; i++) {
		char path[96];
		const char *eq = strchr(sp->sets[i], '=');
		snprintf(path, sizeof path, "%.*s", (int)(eq - sp->sets[i]), sp->sets[i]);
		if (qmi_set_text(&m, path, eq + 1) < 0) {
			fail(sp->msg, "cellink cannot set %s: %s", sp->sets[i], m.errtext);
			return -1;
		}
	}
	if (sp->build && sp->build(&m, sp->arg) < 0) {
		fail(sp->msg, "cellink cannot build it: %s", m.errtext);
		return -1;
	}
	int n = qmi_encode(&m, out, cap);
	if (n < 0)
		fail(sp->msg, "cellink cannot encode: %s", m.errtext);
	/* its TLVs, as handles of depth 1, for compare_request to record */
	n_req_tlvs = 0;
	const struct qmi_field *defs = qmi_msg_tlvs(def, QMI_REQUEST);
	for (unsigned i = 0; n >= 0 && defs && i < m.n_tlv && m.tlv[i].def; i++)
		req_tlvs[n_req_tlvs++] = (struct qmi_fh){ .msg = def->id, .svc = svc->id, .kind = QMI_REQUEST, .elem = 0,
							   .depth = 1, .idx = { (uint8_t)(m.tlv[i].def - defs) },
							   .name = m.tlv[i].def->name };
	return n;
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

/* The frame with its TLVs in ascending type order. QMI does not order TLVs
 * and libqmi writes them in the reverse of its declaration order, cellink
 * in its table's order; every other byte (header, lengths, each TLV's type,
 * length and value) must be identical. False when the TLVs do not fill the
 * message exactly. */
static bool canonical(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t hdr = QMUX_HDR_LEN + (in[4] == QMI_SVC_CTL ? 6 : 7);
	if (n < hdr)
		return false;
	memcpy(out, in, hdr);
	size_t o = hdr;
	for (int type = 0; type < 256; type++)
		for (size_t i = hdr; i + 3 <= n;) {
			size_t l = 3 + (size_t)(in[i + 1] | in[i + 2] << 8);
			if (i + l > n)
				return false;
			if (in[i] == type) {
				memcpy(out + o, in + i, l);
				o += l;
			}
			i += l;
		}
	return o == n;
}

/* The request libqmi wrote must be cellink's encoding of the same inputs,
 * byte for byte up to the order of the TLVs (see canonical()). The
 * transaction id is libqmi's (cellink's client assigns its own the same
 * way, one per request). */
static bool compare_request(const struct spec *sp, const uint8_t *lq, size_t n)
{
	uint8_t mine[QMI_MAX_FRAME];
	bool ctl = lq[4] == QMI_SVC_CTL;
	uint16_t txn = ctl ? lq[7] : (uint16_t)(lq[7] | lq[8] << 8);
	int k = cellink_encode(sp, lq[5], txn, mine, sizeof mine);
	if (k < 0)
		return false;
	uint8_t a[QMI_MAX_FRAME], b[QMI_MAX_FRAME];
	if (!canonical(lq, n, a) || !canonical(mine, (size_t)k, b)) {
		fail(sp->msg, "a request's TLVs do not fill it exactly");
		return false;
	}
	size_t i = 0;
	while (i < n && i < (size_t)k && a[i] == b[i])
		i++;
	if (i == n && i == (size_t)k) {
		n_requests++;
		covered(lq[4], ctl ? (uint16_t)(lq[8] | lq[9] << 8) : (uint16_t)(lq[9] | lq[10] << 8), false);
		for (unsigned t = 0; t < n_req_tlvs; t++)
			cover_fh(req_tlvs[t], true);
		return true;
	}
	fail(sp->msg, "request differs from libqmi's at byte %zu, TLVs in type order (libqmi %zu bytes, cellink %d)",
	     i, n, k);
	fprintf(stderr, "  libqmi:  ");
	hex(stderr, a, n);
	fprintf(stderr, "\n  cellink: ");
	hex(stderr, b, (size_t)k);
	fputc('\n', stderr);
	return false;
}

/* The emulator's last frame; resp (above) is cellink's decode of it. */
static uint8_t resp_frame[QMI_MAX_FRAME];

/* Every frame the emulator sends, whole: libqmi's printer reads each TLV
 * it knows (not only those the product reads), and marks one it cannot
 * read ("ERROR") or that has bytes beyond its layout ("Additional
 * unexpected"). */
static int n_frames_read;

static void libqmi_reads_all(const char *after, const uint8_t *frame, size_t n)
{
	GByteArray *raw = g_byte_array_new();
	g_byte_array_append(raw, frame, (guint)n);
	GError *err = NULL;
	QmiMessage *lm = qmi_message_new_from_raw(raw, &err);
	g_byte_array_unref(raw);
	if (!lm) {
		fail(after, "libqmi cannot read the emulator's frame: %s", err ? err->message : "?");
		g_clear_error(&err);
		return;
	}
	gchar *text = qmi_message_get_printable_full(lm, NULL, "  ");
	if (text && (strstr(text, "ERROR") || strstr(text, "Additional unexpected")))
		fail(after, "libqmi cannot read a TLV of the emulator's %s:\n%s", resp.def ? qmi_msg_name(resp.def) : "frame", text);
	else if (getenv("GOLDEN_DEBUG"))
		fprintf(stderr, "%s", text ? text : "");
	/* a TLV libqmi does not know is printed without a name: "type   = 0x13" */
	for (const char *t = text; t && (t = strstr(t, "type   = 0x")); t++) {
		unsigned type = (unsigned)strtoul(t + 11, NULL, 16);
		bool named = false;
		for (size_t i = 0; i < sizeof tlv_exceptions / sizeof tlv_exceptions[0]; i++)
			if (tlv_exceptions[i].svc == resp.service && tlv_exceptions[i].id == resp.id &&
			    tlv_exceptions[i].kind == resp.kind && tlv_exceptions[i].tlv == type) {
				const struct qmi_tlv *tv = qmi_tlv_by_id(&resp, (uint8_t)type);
				if (!tv || tv->len != tlv_exceptions[i].len)
					fail(after, "%s: %u bytes, not %u", tlv_exceptions[i].what, tv ? tv->len : 0,
					     tlv_exceptions[i].len);
				tlv_exceptions[i].seen++;
				named = true;
			}
		if (!named)
			fail(after, "the emulator's %s %s carries TLV 0x%02x, which libqmi does not know and no exception names",
			     resp.def ? qmi_msg_name(resp.def) : "?", qmi_kind_name(resp.kind), type);
	}
	n_frames_read++;
	g_free(text);
	qmi_message_unref(lm);
}

/* After a libqmi call has been started: its request must match sp; the
 * emulator answers it; the answer goes back to libqmi, whose result is
 * returned (NULL on a failure already reported). */
static GAsyncResult *exchange(const struct spec *sp)
{
	uint8_t req[QMI_MAX_FRAME];
	size_t n = next_frame(&tap_rx, req);
	if (!n) {
		fail(sp->msg, "libqmi sent no request");
		return NULL;
	}
	compare_request(sp, req, n);
	if (write(emu_fd, req, n) != (ssize_t)n) {
		fail(sp->msg, "write to the emulator: %s", strerror(errno));
		return NULL;
	}
	size_t rn;
	for (;;) {     /* indications may come first: libqmi gets them too */
		rn = next_frame(&emu_rx, resp_frame);
		if (!rn) {
			fail(sp->msg, "the emulator did not answer");
			return NULL;
		}
		if (write(tap_master, resp_frame, rn) != (ssize_t)rn) {
			fail(sp->msg, "write to libqmi: %s", strerror(errno));
			return NULL;
		}
		if (qmi_decode_pool(&resp, resp_pool, QMI_POOL_NODES, resp_frame, rn, 0) < 0) {
			fail(sp->msg, "cellink cannot decode the emulator's frame: %s", resp.errtext);
			return NULL;
		}
		libqmi_reads_all(sp->msg, resp_frame, rn);
		if (resp.kind == QMI_RESPONSE)
			break;
		if (getenv("GOLDEN_DEBUG"))
			fprintf(stderr, "indication %s cid %u during %s\n", resp.def ? qmi_msg_name(resp.def) : "?", resp.client, sp->msg);
		cellink_indication(&resp, resp_frame, rn);
	}
	if (!wait_result()) {
		fail(sp->msg, "libqmi did not complete");
		return NULL;
	}
	return take_result();
}

/* An indication the emulator sends after an answer (stop-network's
 * packet-service-status) or on an event the test causes: forwarded to
 * libqmi, which must have read it before this returns. */
static void forward_indication(const char *after, struct ind_slot *sl)
{
	size_t rn = next_frame(&emu_rx, resp_frame);
	if (!rn) {
		fail(after, "no indication followed");
		return;
	}
	if (qmi_decode_pool(&resp, resp_pool, QMI_POOL_NODES, resp_frame, rn, 0) < 0 || resp.kind != QMI_INDICATION) {
		fail(after, "the frame that followed is not an indication cellink decodes");
		return;
	}
	libqmi_reads_all(after, resp_frame, rn);
	if (resp.service != sl->svc || resp.id != sl->id) {
		fail(after, "the indication that followed is %s, not %s", resp.def ? qmi_msg_name(resp.def) : "?", sl->name);
		return;
	}
	cellink_indication(&resp, resp_frame, rn);
	int before = sl->libqmi;
	if (write(tap_master, resp_frame, rn) != (ssize_t)rn) {
		fail(after, "write to libqmi: %s", strerror(errno));
		return;
	}
	uint64_t end = ev_now_ms() + WAIT_MS;
	while (sl->libqmi == before && ev_now_ms() < end)
		pump();
}

/* libqmi's finish() failed: that must be the QMI error cellink decoded. */
static void check_error(const char *name, GError *err)
{
	if (!err)
		return;
	n_errors++;
	fprintf(stderr, "%s: the emulator answers %s (libqmi: %s)\n", name,
		qmi_error_name(resp.error) ? qmi_error_name(resp.error) : "?", err->message);
	if (err->domain != QMI_PROTOCOL_ERROR) {
		fail(name, "libqmi: %s", err->message);
	} else if (!resp.has_result || resp.status == 0 || resp.error != (uint16_t)err->code) {
		fail(name, "libqmi read error %d (%s), cellink status %u error %u", err->code, err->message,
		     resp.status, resp.error);
	}
	g_error_free(err);
}

/* A field libqmi reads against cellink's, through the typed handles the
 * product reads with (qmi/fields.h); the e* forms on a member of an array
 * element. Each handle compared is recorded (cover_fh) for the
 * completeness check. */
static const char *fh_name(struct qmi_fh h)
{
	static char buf[4][128];
	static int k;
	k = (k + 1) % 4;
	return qmi_fh_path(h, buf[k], sizeof buf[k]);
}

static void feq_uint(const char *name, struct qmi_fh h, uint64_t lq)
{
	cover_fh(h, true);
	uint64_t v = 0;
	n_fields++;
	if (qmi_fget_uint(&resp, h, &v) < 0)
		fail(name, "cellink does not read %s: %s", fh_name(h), resp.errtext);
	else if (v != lq)
		fail(name, "%s: libqmi reads %llu, cellink %llu", fh_name(h), (unsigned long long)lq,
		     (unsigned long long)v);
}

static void feq_int(const char *name, struct qmi_fh h, int64_t lq)
{
	cover_fh(h, true);
	int64_t v = 0;
	n_fields++;
	if (qmi_fget_int(&resp, h, &v) < 0)
		fail(name, "cellink does not read %s: %s", fh_name(h), resp.errtext);
	else if (v != lq)
		fail(name, "%s: libqmi reads %lld, cellink %lld", fh_name(h), (long long)lq, (long long)v);
}

static void feq_str(const char *name, struct qmi_fh h, const char *lq)
{
	cover_fh(h, true);
	char v[256];
	n_fields++;
	if (qmi_fget_str(&resp, h, v, sizeof v) < 0)
		fail(name, "cellink does not read %s: %s", fh_name(h), resp.errtext);
	else if (strcmp(v, lq))
		fail(name, "%s: libqmi reads \"%s\", cellink \"%s\"", fh_name(h), lq, v);
}

/* A byte string (QF_BYTES, or an array of u8 or u16 given as its values). */
static void feq_bytes(const char *name, struct qmi_fh h, const void *lq, size_t n, size_t width)
{
	cover_fh(h, true);
	const struct qmi_val *v = qmi_fget(&resp, h);
	n_fields++;
	if (!v) {
		fail(name, "cellink does not read %s", fh_name(h));
		return;
	}
	bool same = v->n == n;
	for (size_t i = 0; same && i < n; i++) {
		uint64_t a = width == 1 ? ((const uint8_t *)lq)[i] : ((const uint16_t *)lq)[i];
		uint64_t b = v->f && v->f->fmt != QF_ARRAY ? v->p[i] : v->kids[i].u;
		same = a == b;
	}
	if (!same)
		fail(name, "%s: libqmi reads %zu values, cellink %u, or they differ", fh_name(h), n, v->n);
}

/* An IPv6 address: libqmi's eight 16-bit words against cellink's 16 bytes
 * in network order. */
static void feq_ipv6(const char *name, struct qmi_fh h, GArray *lq)
{
	cover_fh(h, true);
	const struct qmi_val *v = qmi_fget(&resp, h);
	n_fields++;
	bool same = v && v->n == 16 && lq->len == 8;
	for (guint i = 0; same && i < 8; i++)
		same = g_array_index(lq, guint16, i) == (guint16)(v->p[2 * i] << 8 | v->p[2 * i + 1]);
	if (!same)
		fail(name, "%s: libqmi and cellink read different addresses", fh_name(h));
}

static bool fboth(const char *name, struct qmi_fh h, gboolean lq)
{
	bool c = qmi_fhas(&resp, h);
	cover_fh(h, c && lq);   /* the caller compares the value when both have it */
	if (c != (bool)lq)
		fail(name, "%s: libqmi %s it, cellink %s", fh_name(h), lq ? "reads" : "lacks", c ? "reads" : "lacks");
	return c && lq;
}

/* An array both read: the same length; cellink's list, or NULL. */
static const struct qmi_val *flist(const char *name, struct qmi_fh h, guint lq_len)
{
	cover_fh(h, true);
	const struct qmi_val *l = qmi_fget(&resp, h);
	n_fields++;
	if (!l || l->n != lq_len) {
		fail(name, "%s: libqmi reads %u entries, cellink %u", fh_name(h), lq_len, l ? l->n : 0);
		return NULL;
	}
	return l;
}

static void eeq_uint(const char *name, const struct qmi_val *el, struct qmi_fh h, uint64_t lq)
{
	cover_fh(h, true);
	uint64_t v = 0;
	n_fields++;
	if (qmi_eget_uint(el, h, &v) < 0)
		fail(name, "cellink does not read %s of an entry", fh_name(h));
	else if (v != lq)
		fail(name, "%s: libqmi reads %llu, cellink %llu", fh_name(h), (unsigned long long)lq,
		     (unsigned long long)v);
}

static void eeq_int(const char *name, const struct qmi_val *el, struct qmi_fh h, int64_t lq)
{
	cover_fh(h, true);
	int64_t v = 0;
	n_fields++;
	if (qmi_eget_int(el, h, &v) < 0)
		fail(name, "cellink does not read %s of an entry", fh_name(h));
	else if (v != lq)
		fail(name, "%s: libqmi reads %lld, cellink %lld", fh_name(h), (long long)lq, (long long)v);
}

/* A list inside an entry: the same length; cellink's list, or NULL. */
static const struct qmi_val *elist(const char *name, const struct qmi_val *el, struct qmi_fh h, guint lq_len)
{
	cover_fh(h, true);
	const struct qmi_val *l = qmi_eget(el, h);
	n_fields++;
	if (!l || l->n != lq_len) {
		fail(name, "%s: libqmi reads %u entries, cellink %u", fh_name(h), lq_len, l ? l->n : 0);
		return NULL;
	}
	return l;
}

static void eeq_str(const char *name, const struct qmi_val *el, struct qmi_fh h, const char *lq)
{
	cover_fh(h, true);
	const struct qmi_val *v = qmi_eget(el, h);
	n_fields++;
	if (!v)
		fail(name, "cellink does not read %s of an entry", fh_name(h));
	else if (strlen(lq) != v->n || memcmp(v->p, lq, v->n))
		fail(name, "%s: libqmi reads \"%s\", cellink \"%.*s\"", fh_name(h), lq, (int)v->n, (const char *)v->p);
}

/* ---- the cases ---- */

static QmiClient *clients[256];
static QmiClient *wds6;         /* the IPv6 session's own WDS client, as cellink's */

static QmiClient *allocate(QmiService svc, const char *svc_name)
{
	char sv[32];
	snprintf(sv, sizeof sv, "service=%s", svc_name);
	struct spec sp = { "ctl", "allocate-cid", { sv, NULL }, NULL, NULL };
	qmi_device_allocate_client(dev, svc, QMI_CID_NONE, 5, NULL, on_done, NULL);
	GAsyncResult *r = exchange(&sp);
	if (!r)
		return NULL;
	GError *err = NULL;
	QmiClient *c = qmi_device_allocate_client_finish(dev, r, &err);
	g_object_unref(r);
	if (!c) {
		fail("allocate-cid", "libqmi: %s", err ? err->message : "?");
		return NULL;
	}
	feq_uint("allocate-cid", QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_SERVICE, svc);
	feq_uint("allocate-cid", QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, qmi_client_get_cid(c));
	if (clients[svc])
		wds6 = c;
	else
		clients[svc] = c;
	if (svc == QMI_SERVICE_WDS) {
		g_signal_connect(c, "packet-service-status", G_CALLBACK(on_pss), NULL);
	} else if (svc == QMI_SERVICE_NAS) {
		g_signal_connect(c, "serving-system", G_CALLBACK(on_ss), NULL);
		g_signal_connect(c, "signal-info", G_CALLBACK(on_sig), NULL);
	} else if (svc == QMI_SERVICE_VOICE) {
		g_signal_connect(c, "ussd", G_CALLBACK(on_ussd), NULL);
	} else if (svc == QMI_SERVICE_WMS) {
		g_signal_connect(c, "event-report", G_CALLBACK(on_wmsev), NULL);
	}
	return c;
}

static void release(QmiService svc, const char *svc_name)
{
	QmiClient **slot = svc == QMI_SERVICE_WDS && wds6 ? &wds6 : &clients[svc];
	QmiClient *c = *slot;
	if (!c)
		return;
	char sv[32], cid[32];
	snprintf(sv, sizeof sv, "release-info.service=%s", svc_name);
	snprintf(cid, sizeof cid, "release-info.cid=%u", qmi_client_get_cid(c));
	struct spec sp = { "ctl", "release-cid", { sv, cid, NULL }, NULL, NULL };
	guint8 cid_was = qmi_client_get_cid(c);
	qmi_device_release_client(dev, c, QMI_DEVICE_RELEASE_CLIENT_FLAGS_RELEASE_CID, 5, NULL, on_done, NULL);
	GAsyncResult *r = exchange(&sp);
	if (!r)
		return;
	GError *err = NULL;
	if (!qmi_device_release_client_finish(dev, r, &err))
		fail("release-cid", "libqmi: %s", err ? err->message : "?");
	g_clear_error(&err);
	g_object_unref(r);
	feq_uint("release-cid", QMIF_CTL_RELEASE_CID_RS_RELEASE_INFO_SERVICE, svc);
	feq_uint("release-cid", QMIF_CTL_RELEASE_CID_RS_RELEASE_INFO_CID, cid_was);
	g_object_unref(c);
	*slot = NULL;
}

#define CLIENT(svc) ((void *)clients[QMI_SERVICE_##svc])

/* Starts a libqmi call, exchanges it, finishes it into `out`. An error
 * answer must carry the same error for both; its other TLVs are then read
 * like a success's (NULL only when libqmi could not parse the answer). */
#define CALL_SPEC(out, fn, client, input, init)                                             \
	do {                                                                                \
		struct spec sp_ = init;                                                      \
		qmi_client_##fn(client, input, 5, NULL, on_done, NULL);                      \
		GAsyncResult *r_ = exchange(&sp_);                                           \
		out = NULL;                                                                  \
		if (r_) {                                                                    \
			GError *e_ = NULL;                                                   \
			out = qmi_client_##fn##_finish(client, r_, &e_);                     \
			if (!out)                                                            \
				check_error(sp_.msg, e_);                                    \
			else if (!qmi_message_##fn##_output_get_result(out, &e_))            \
				check_error(sp_.msg, e_); /* a failure's TLVs are read too */ \
			g_object_unref(r_);                                                  \
		}                                                                            \
	} while (0)
#define SPEC(...) { __VA_ARGS__ }
#define CALL(out, fn, client, input, ...) CALL_SPEC(out, fn, client, input, SPEC(__VA_ARGS__, NULL, NULL))
/* The same with the fields set by build(m, arg) on cellink's side. */
#define CALLX(out, fn, client, input, build, arg, svc, msg) \
	CALL_SPEC(out, fn, client, input, SPEC(svc, msg, { NULL }, build, arg))

static void ctl_cases(void)
{
	struct spec sp = { "ctl", "get-version-info", { NULL }, NULL, NULL };
	qmi_device_get_service_version_info(dev, 5, NULL, on_done, NULL);
	GAsyncResult *r = exchange(&sp);
	if (!r)
		return;
	GError *err = NULL;
	GArray *a = qmi_device_get_service_version_info_finish(dev, r, &err);
	g_object_unref(r);
	if (!a) {
		check_error("get-version-info", err);
		return;
	}
#define VI(f) QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST##f
	const struct qmi_val *l = flist("get-version-info", VI(), a->len);
	for (guint i = 0; l && i < a->len; i++) {
		QmiDeviceServiceVersionInfo *e = &g_array_index(a, QmiDeviceServiceVersionInfo, i);
		eeq_uint("get-version-info", &l->kids[i], VI(_SERVICE), e->service);
		eeq_uint("get-version-info", &l->kids[i], VI(_MAJOR_VERSION), e->major_version);
		eeq_uint("get-version-info", &l->kids[i], VI(_MINOR_VERSION), e->minor_version);
	}
#undef VI
	g_array_unref(a);
}

static void dms_cases(void)
{
	QmiClientDms *c = CLIENT(DMS);
	const gchar *s1, *s2, *s3;
	{
		QmiMessageDmsGetIdsOutput *o;
		CALL(o, dms_get_ids, c, NULL, "dms", "get-ids", { NULL });
		if (o) {
			if (fboth("get-ids", QMIF_DMS_GET_IDS_RS_IMEI, qmi_message_dms_get_ids_output_get_imei(o, &s1, NULL)))
				feq_str("get-ids", QMIF_DMS_GET_IDS_RS_IMEI, s1);
			if (fboth("get-ids", QMIF_DMS_GET_IDS_RS_ESN, qmi_message_dms_get_ids_output_get_esn(o, &s1, NULL)))
				feq_str("get-ids", QMIF_DMS_GET_IDS_RS_ESN, s1);
			if (fboth("get-ids", QMIF_DMS_GET_IDS_RS_MEID, qmi_message_dms_get_ids_output_get_meid(o, &s1, NULL)))
				feq_str("get-ids", QMIF_DMS_GET_IDS_RS_MEID, s1);
			qmi_message_dms_get_ids_output_unref(o);
		}
	}
	{
		QmiMessageDmsGetRevisionOutput *o;
		CALL(o, dms_get_revision, c, NULL, "dms", "get-revision", { NULL });
		if (o && qmi_message_dms_get_revision_output_get_revision(o, &s1, NULL))
			feq_str("get-revision", QMIF_DMS_GET_REVISION_RS_REVISION, s1);
		if (o)
			qmi_message_dms_get_revision_output_unref(o);
	}
	{
		QmiMessageDmsGetManufacturerOutput *o;
		CALL(o, dms_get_manufacturer, c, NULL, "dms", "get-manufacturer", { NULL });
		if (o && qmi_message_dms_get_manufacturer_output_get_manufacturer(o, &s1, NULL))
			feq_str("get-manufacturer", QMIF_DMS_GET_MANUFACTURER_RS_MANUFACTURER, s1);
		if (o)
			qmi_message_dms_get_manufacturer_output_unref(o);
	}
	{
		QmiMessageDmsGetModelOutput *o;
		CALL(o, dms_get_model, c, NULL, "dms", "get-model", { NULL });
		if (o && qmi_message_dms_get_model_output_get_model(o, &s1, NULL))
			feq_str("get-model", QMIF_DMS_GET_MODEL_RS_MODEL, s1);
		if (o)
			qmi_message_dms_get_model_output_unref(o);
	}
	{
		QmiMessageDmsGetCapabilitiesOutput *o;
		CALL(o, dms_get_capabilities, c, NULL, "dms", "get-capabilities", { NULL });
		guint32 tx, rx;
		QmiDmsDataServiceCapability ds;
		QmiDmsSimCapability sc;
		if (o && qmi_message_dms_get_capabilities_output_get_info(o, &tx, &rx, &ds, &sc, NULL, NULL)) {
			feq_uint("get-capabilities", QMIF_DMS_GET_CAPABILITIES_RS_INFO_MAX_TX_CHANNEL_RATE, tx);
			feq_uint("get-capabilities", QMIF_DMS_GET_CAPABILITIES_RS_INFO_MAX_RX_CHANNEL_RATE, rx);
			feq_uint("get-capabilities", QMIF_DMS_GET_CAPABILITIES_RS_INFO_DATA_SERVICE_CAPABILITY, ds);
			feq_uint("get-capabilities", QMIF_DMS_GET_CAPABILITIES_RS_INFO_SIM_CAPABILITY, sc);
		}
		if (o)
			qmi_message_dms_get_capabilities_output_unref(o);
	}
	{
		QmiMessageDmsGetOperatingModeOutput *o;
		QmiDmsOperatingMode mode;
		CALL(o, dms_get_operating_mode, c, NULL, "dms", "get-operating-mode", { NULL });
		if (o && qmi_message_dms_get_operating_mode_output_get_mode(o, &mode, NULL))
			feq_uint("get-operating-mode", QMIF_DMS_GET_OPERATING_MODE_RS_MODE, mode);
		if (o)
			qmi_message_dms_get_operating_mode_output_unref(o);
	}
	{
		QmiMessageDmsSetOperatingModeInput *in = qmi_message_dms_set_operating_mode_input_new();
		qmi_message_dms_set_operating_mode_input_set_mode(in, QMI_DMS_OPERATING_MODE_ONLINE, NULL);
		QmiMessageDmsSetOperatingModeOutput *o;
		CALL(o, dms_set_operating_mode, c, in, "dms", "set-operating-mode", { "mode=online", NULL });
		if (o)
			qmi_message_dms_set_operating_mode_output_unref(o);
		qmi_message_dms_set_operating_mode_input_unref(in);
	}
	{
		QmiMessageDmsUimGetStateOutput *o;
		QmiDmsUimState st;
		CALL(o, dms_uim_get_state, c, NULL, "dms", "uim-get-state", { NULL });
		if (o && qmi_message_dms_uim_get_state_output_get_state(o, &st, NULL))
			feq_uint("uim-get-state", QMIF_DMS_UIM_GET_STATE_RS_STATE, st);
		if (o)
			qmi_message_dms_uim_get_state_output_unref(o);
	}
	{
		QmiMessageDmsUimGetPinStatusOutput *o;
		QmiDmsUimPinStatus st;
		guint8 vr, ur;
		CALL(o, dms_uim_get_pin_status, c, NULL, "dms", "uim-get-pin-status", { NULL });
		if (o && fboth("uim-get-pin-status", QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS,
				   qmi_message_dms_uim_get_pin_status_output_get_pin1_status(o, &st, &vr, &ur, NULL))) {
			feq_uint("uim-get-pin-status", QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_CURRENT_STATUS, st);
			feq_uint("uim-get-pin-status", QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_VERIFY_RETRIES_LEFT, vr);
			feq_uint("uim-get-pin-status", QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_UNBLOCK_RETRIES_LEFT, ur);
		}
		if (o)
			qmi_message_dms_uim_get_pin_status_output_unref(o);
	}
	{
		QmiMessageDmsUimGetIccidOutput *o;
		CALL(o, dms_uim_get_iccid, c, NULL, "dms", "uim-get-iccid", { NULL });
		if (o && qmi_message_dms_uim_get_iccid_output_get_iccid(o, &s1, NULL))
			feq_str("uim-get-iccid", QMIF_DMS_UIM_GET_ICCID_RS_ICCID, s1);
		if (o)
			qmi_message_dms_uim_get_iccid_output_unref(o);
	}
	{
		/* a wrong PIN: the emulator's card is ready, so it answers with an
		 * error (or the retries left); either way both must read it alike */
		QmiMessageDmsUimVerifyPinInput *in = qmi_message_dms_uim_verify_pin_input_new();
		qmi_message_dms_uim_verify_pin_input_set_info(in, QMI_DMS_UIM_PIN_ID_PIN, "0000", NULL);
		QmiMessageDmsUimVerifyPinOutput *o;
		CALL(o, dms_uim_verify_pin, c, in, "dms", "uim-verify-pin", { "info.pin-id=1", "info.pin=0000", NULL });
		guint8 vr, ur;
		if (o && fboth("uim-verify-pin", QMIF_DMS_UIM_VERIFY_PIN_RS_PIN_RETRIES_STATUS,
				   qmi_message_dms_uim_verify_pin_output_get_pin_retries_status(o, &vr, &ur, NULL))) {
			feq_uint("uim-verify-pin", QMIF_DMS_UIM_VERIFY_PIN_RS_PIN_RETRIES_STATUS_VERIFY_RETRIES_LEFT, vr);
			feq_uint("uim-verify-pin", QMIF_DMS_UIM_VERIFY_PIN_RS_PIN_RETRIES_STATUS_UNBLOCK_RETRIES_LEFT, ur);
		}
		if (o)
			qmi_message_dms_uim_verify_pin_output_unref(o);
		qmi_message_dms_uim_verify_pin_input_unref(in);
	}
	(void)s2;
	(void)s3;
}

static void nas_cases(void)
{
	QmiClientNas *c = CLIENT(NAS);
	{
		QmiMessageNasGetServingSystemOutput *o;
		CALL(o, nas_get_serving_system, c, NULL, "nas", "get-serving-system", { NULL });
		QmiNasRegistrationState rs;
		QmiNasAttachState cs, ps;
		QmiNasNetworkType nt;
		GArray *rif = NULL;
		if (o && qmi_message_nas_get_serving_system_output_get_serving_system(o, &rs, &cs, &ps, &nt, &rif, NULL)) {
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_REGISTRATION_STATE, rs);
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_CS_ATTACH_STATE, cs);
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_PS_ATTACH_STATE, ps);
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_SELECTED_NETWORK, nt);
#define SS(f) QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_RADIO_INTERFACES##f
			const struct qmi_val *l = flist("get-serving-system", SS(), rif->len);
			for (guint i = 0; l && i < rif->len; i++)
				eeq_uint("get-serving-system", &l->kids[i], SS(_ELEMENT),
					 (uint64_t)g_array_index(rif, QmiNasRadioInterface, i));
#undef SS
		}
		guint16 mcc, mnc;
		const gchar *desc;
		if (o && fboth("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_CURRENT_PLMN,
				   qmi_message_nas_get_serving_system_output_get_current_plmn(o, &mcc, &mnc, &desc, NULL))) {
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_CURRENT_PLMN_MCC, mcc);
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_CURRENT_PLMN_MNC, mnc);
			feq_str("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_CURRENT_PLMN_DESCRIPTION, desc);
		}
		QmiNasRoamingIndicatorStatus roam;
		if (o && fboth("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_ROAMING_INDICATOR,
				   qmi_message_nas_get_serving_system_output_get_roaming_indicator(o, &roam, NULL)))
			feq_uint("get-serving-system", QMIF_NAS_GET_SERVING_SYSTEM_RS_ROAMING_INDICATOR, roam);
		if (o)
			qmi_message_nas_get_serving_system_output_unref(o);
	}
	{
		QmiMessageNasGetSignalInfoOutput *o;
		CALL(o, nas_get_signal_info, c, NULL, "nas", "get-signal-info", { NULL });
		gint8 rssi, rsrq;
		gint16 rsrp, snr;
		if (o && fboth("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_LTE_SIGNAL_STRENGTH,
				   qmi_message_nas_get_signal_info_output_get_lte_signal_strength(o, &rssi, &rsrq, &rsrp, &snr, NULL))) {
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_LTE_SIGNAL_STRENGTH_RSSI, rssi);
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_LTE_SIGNAL_STRENGTH_RSRQ, rsrq);
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_LTE_SIGNAL_STRENGTH_RSRP, rsrp);
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_LTE_SIGNAL_STRENGTH_SNR, snr);
		}
		if (o)
			qmi_message_nas_get_signal_info_output_unref(o);
	}
	{
		QmiMessageNasSetSystemSelectionPreferenceInput *in = qmi_message_nas_set_system_selection_preference_input_new();
		qmi_message_nas_set_system_selection_preference_input_set_mode_preference(
			in, QMI_NAS_RAT_MODE_PREFERENCE_UMTS | QMI_NAS_RAT_MODE_PREFERENCE_LTE, NULL);
		QmiMessageNasSetSystemSelectionPreferenceOutput *o;
		CALL(o, nas_set_system_selection_preference, c, in, "nas", "set-system-selection-preference",
		     { "mode-preference=umts|lte", NULL });
		if (o)
			qmi_message_nas_set_system_selection_preference_output_unref(o);
		qmi_message_nas_set_system_selection_preference_input_unref(in);
	}
	{
		QmiMessageNasInitiateNetworkRegisterInput *in = qmi_message_nas_initiate_network_register_input_new();
		qmi_message_nas_initiate_network_register_input_set_action(in, QMI_NAS_NETWORK_REGISTER_TYPE_MANUAL, NULL);
		qmi_message_nas_initiate_network_register_input_set_manual_registration_info_3gpp(
			in, 262, 1, QMI_NAS_RADIO_INTERFACE_LTE, NULL);
		qmi_message_nas_initiate_network_register_input_set_mnc_pcs_digit_include_status(in, TRUE, NULL);
		QmiMessageNasInitiateNetworkRegisterOutput *o;
		CALL(o, nas_initiate_network_register, c, in, "nas", "initiate-network-register",
		     { "action=manual", "manual-registration-info-3gpp.mcc=262", "manual-registration-info-3gpp.mnc=1",
		       "manual-registration-info-3gpp.radio-interface=lte", "mnc-pcs-digit-include-status=1", NULL });
		if (o)
			qmi_message_nas_initiate_network_register_output_unref(o);
		qmi_message_nas_initiate_network_register_input_unref(in);
	}
}

/* The radio model's messages (cellink monitor and cells): the 5G signal,
 * the report configuration's second version, carrier aggregation and the
 * NR cell, each read by both. */
static void radio_cases(void)
{
	QmiClientNas *c = CLIENT(NAS);
	{
		/* cellink monitor's: a report at each change of 1 dB (op_monitor.c) */
		QmiMessageNasConfigSignalInfoV2Input *in = qmi_message_nas_config_signal_info_v2_input_new();
		qmi_message_nas_config_signal_info_v2_input_set_lte_rssi_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_lte_snr_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_lte_rsrq_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_lte_rsrp_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_nr5g_snr_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_nr5g_rsrp_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_nr5g_rsrq_delta(in, 10, NULL);
		QmiMessageNasConfigSignalInfoV2Output *o;
		CALL(o, nas_config_signal_info_v2, c, in, "nas", "config-signal-info-v2",
		     { "lte-rssi-delta=10", "lte-snr-delta=10", "lte-rsrq-delta=10", "lte-rsrp-delta=10",
		       "nr5g-snr-delta=10", "nr5g-rsrp-delta=10", "nr5g-rsrq-delta=10", NULL });
		if (o)
			qmi_message_nas_config_signal_info_v2_output_unref(o);
		qmi_message_nas_config_signal_info_v2_input_unref(in);
	}
	{
		QmiMessageNasGetSignalInfoOutput *o;
		CALL(o, nas_get_signal_info, c, NULL, "nas", "get-signal-info", { NULL });
		gint16 rsrp, snr, rsrq;
		if (o && fboth("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH,
				   qmi_message_nas_get_signal_info_output_get_5g_signal_strength(o, &rsrp, &snr, NULL))) {
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_RSRP, rsrp);
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_SNR, snr);
		}
		if (o && fboth("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_EXTENDED,
				   qmi_message_nas_get_signal_info_output_get_5g_signal_strength_extended(o, &rsrq, NULL)))
			feq_int("get-signal-info", QMIF_NAS_GET_SIGNAL_INFO_RS_5G_SIGNAL_STRENGTH_EXTENDED, rsrq);
		if (o)
			qmi_message_nas_get_signal_info_output_unref(o);
	}
	{
		QmiMessageNasGetLteCphyCaInfoOutput *o;
		CALL(o, nas_get_lte_cphy_ca_info, c, NULL, "nas", "get-lte-cphy-ca-info", { NULL });
		guint16 pci, chan;
		QmiNasDLBandwidth bw;
		QmiNasActiveBand band;
		GArray *sc = NULL;
		if (o && fboth("get-lte-cphy-ca-info", QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_PCELL_INFO,
				   qmi_message_nas_get_lte_cphy_ca_info_output_get_phy_ca_agg_pcell_info(
					   o, &pci, &chan, &bw, &band, NULL))) {
			feq_uint("get-lte-cphy-ca-info", QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_PCELL_INFO_PHYSICAL_CELL_ID, pci);
			feq_uint("get-lte-cphy-ca-info", QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_PCELL_INFO_RX_CHANNEL, chan);
			feq_uint("get-lte-cphy-ca-info", QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_PCELL_INFO_DL_BANDWIDTH, bw);
			feq_uint("get-lte-cphy-ca-info", QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_PCELL_INFO_LTE_BAND, band);
		}
		if (o && fboth("get-lte-cphy-ca-info", QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_SECONDARY_CELLS,
				   qmi_message_nas_get_lte_cphy_ca_info_output_get_phy_ca_agg_secondary_cells(o, &sc, NULL))) {
#define SC(f) QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_SECONDARY_CELLS##f
			const struct qmi_val *l = flist("get-lte-cphy-ca-info", SC(), sc->len);
			for (guint i = 0; l && i < sc->len; i++) {
				QmiMessageNasGetLteCphyCaInfoOutputPhyCaAggSecondaryCellsSsc *e =
					&g_array_index(sc, QmiMessageNasGetLteCphyCaInfoOutputPhyCaAggSecondaryCellsSsc, i);
				const struct qmi_val *k = &l->kids[i];
				eeq_uint("get-lte-cphy-ca-info", k, SC(_PHYSICAL_CELL_ID), e->physical_cell_id);
				eeq_uint("get-lte-cphy-ca-info", k, SC(_RX_CHANNEL), e->rx_channel);
				eeq_uint("get-lte-cphy-ca-info", k, SC(_DL_BANDWIDTH), e->dl_bandwidth);
				eeq_uint("get-lte-cphy-ca-info", k, SC(_LTE_BAND), e->lte_band);
				eeq_uint("get-lte-cphy-ca-info", k, SC(_STATE), e->state);
				eeq_uint("get-lte-cphy-ca-info", k, SC(_CELL_INDEX), e->cell_index);
			}
#undef SC
		}
		guint16 spci, schan;
		QmiNasDLBandwidth sbw;
		QmiNasActiveBand sband;
		QmiNasScellState sst;
#define SI(f) QMIF_NAS_GET_LTE_CPHY_CA_INFO_RS_PHY_CA_AGG_SCELL_INFO##f
		if (o && fboth("get-lte-cphy-ca-info", SI(),
			       qmi_message_nas_get_lte_cphy_ca_info_output_get_phy_ca_agg_scell_info(o, &spci, &schan, &sbw,
												      &sband, &sst, NULL))) {
			feq_uint("get-lte-cphy-ca-info", SI(_PHYSICAL_CELL_ID), spci);
			feq_uint("get-lte-cphy-ca-info", SI(_RX_CHANNEL), schan);
			feq_uint("get-lte-cphy-ca-info", SI(_DL_BANDWIDTH), sbw);
			feq_uint("get-lte-cphy-ca-info", SI(_LTE_BAND), sband);
			feq_uint("get-lte-cphy-ca-info", SI(_STATE), sst);
		}
#undef SI
		if (o)
			qmi_message_nas_get_lte_cphy_ca_info_output_unref(o);
	}
	{
		QmiMessageNasGetCellLocationInfoOutput *o;
		CALL(o, nas_get_cell_location_info, c, NULL, "nas", "get-cell-location-info", { NULL });
		guint32 arfcn;
		guint64 gci;
		guint16 pci;
		gint16 rsrq, rsrp, snr;
		if (o && fboth("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_ARFCN,
				   qmi_message_nas_get_cell_location_info_output_get_nr5g_arfcn(o, &arfcn, NULL)))
			feq_uint("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_ARFCN, arfcn);
		if (o && fboth("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION,
				   qmi_message_nas_get_cell_location_info_output_get_nr5g_cell_information(
					   o, NULL, NULL, &gci, &pci, &rsrq, &rsrp, &snr, NULL))) {
			feq_uint("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION_GLOBAL_CELL_ID, gci);
			feq_uint("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION_PHYSICAL_CELL_ID, pci);
			feq_int("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION_RSRQ, rsrq);
			feq_int("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION_RSRP, rsrp);
			feq_int("get-cell-location-info", QMIF_NAS_GET_CELL_LOCATION_INFO_RS_NR5G_CELL_INFORMATION_SNR, snr);
		}
#define LOC(f) QMIF_NAS_GET_CELL_LOCATION_INFO_RS_##f
		GArray *plmn, *tac, *cells, *freqs;
		gboolean idle;
		guint16 tac16, earfcn, serving;
		guint32 gcid, ta;
		guint8 u8a, u8b, u8c, u8d;
		if (o && fboth("get-cell-location-info", LOC(NR5G_CELL_INFORMATION),
			       qmi_message_nas_get_cell_location_info_output_get_nr5g_cell_information(
				       o, &plmn, &tac, NULL, NULL, NULL, NULL, NULL, NULL))) {
			feq_bytes("get-cell-location-info", LOC(NR5G_CELL_INFORMATION_PLMN), plmn->data, plmn->len, 1);
			feq_bytes("get-cell-location-info", LOC(NR5G_CELL_INFORMATION_TRACKING_AREA_CODE), tac->data,
				  tac->len, 1);
		}
		if (o && fboth("get-cell-location-info", LOC(INTRAFREQUENCY_LTE_INFO_V2),
			       qmi_message_nas_get_cell_location_info_output_get_intrafrequency_lte_info_v2(
				       o, &idle, &plmn, &tac16, &gcid, &earfcn, &serving, &u8a, &u8b, &u8c, &u8d, &cells,
				       NULL))) {
#define INTRA(f) LOC(INTRAFREQUENCY_LTE_INFO_V2_##f)
			feq_bytes("get-cell-location-info", INTRA(PLMN), plmn->data, plmn->len, 1);
			feq_uint("get-cell-location-info", INTRA(TRACKING_AREA_CODE), tac16);
			feq_uint("get-cell-location-info", INTRA(GLOBAL_CELL_ID), gcid);
			feq_uint("get-cell-location-info", INTRA(EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER), earfcn);
			feq_uint("get-cell-location-info", INTRA(SERVING_CELL_ID), serving);
			const struct qmi_val *l = flist("get-cell-location-info", INTRA(CELL), cells->len);
			for (guint i = 0; l && i < cells->len; i++) {
				QmiMessageNasGetCellLocationInfoOutputIntrafrequencyLteInfoV2CellElement *e = &g_array_index(
					cells, QmiMessageNasGetCellLocationInfoOutputIntrafrequencyLteInfoV2CellElement, i);
				eeq_uint("get-cell-location-info", &l->kids[i], INTRA(CELL_PHYSICAL_CELL_ID), e->physical_cell_id);
				eeq_int("get-cell-location-info", &l->kids[i], INTRA(CELL_RSRQ), e->rsrq);
				eeq_int("get-cell-location-info", &l->kids[i], INTRA(CELL_RSRP), e->rsrp);
				eeq_int("get-cell-location-info", &l->kids[i], INTRA(CELL_RSSI), e->rssi);
			}
#undef INTRA
		}
		if (o && fboth("get-cell-location-info", LOC(INTERFREQUENCY_LTE_INFO),
			       qmi_message_nas_get_cell_location_info_output_get_interfrequency_lte_info(o, &idle, &freqs, NULL))) {
#define INTER(f) LOC(INTERFREQUENCY_LTE_INFO_FREQUENCY##f)
			const struct qmi_val *l = flist("get-cell-location-info", INTER(), freqs->len);
			for (guint i = 0; l && i < freqs->len; i++) {
				QmiMessageNasGetCellLocationInfoOutputInterfrequencyLteInfoFrequencyElement *e = &g_array_index(
					freqs, QmiMessageNasGetCellLocationInfoOutputInterfrequencyLteInfoFrequencyElement, i);
				eeq_uint("get-cell-location-info", &l->kids[i], INTER(_EUTRA_ABSOLUTE_RF_CHANNEL_NUMBER),
					 e->eutra_absolute_rf_channel_number);
				const struct qmi_val *cl = elist("get-cell-location-info", &l->kids[i], INTER(_CELL), e->cell->len);
				for (guint k = 0; cl && k < e->cell->len; k++) {
					QmiMessageNasGetCellLocationInfoOutputInterfrequencyLteInfoFrequencyElementCellElement *ce =
						&g_array_index(e->cell,
							       QmiMessageNasGetCellLocationInfoOutputInterfrequencyLteInfoFrequencyElementCellElement,
							       k);
					eeq_uint("get-cell-location-info", &cl->kids[k], INTER(_CELL_PHYSICAL_CELL_ID),
						 ce->physical_cell_id);
					eeq_int("get-cell-location-info", &cl->kids[k], INTER(_CELL_RSRQ), ce->rsrq);
					eeq_int("get-cell-location-info", &cl->kids[k], INTER(_CELL_RSRP), ce->rsrp);
					eeq_int("get-cell-location-info", &cl->kids[k], INTER(_CELL_RSSI), ce->rssi);
				}
			}
#undef INTER
		}
		if (o && fboth("get-cell-location-info", LOC(LTE_INFO_TIMING_ADVANCE),
			       qmi_message_nas_get_cell_location_info_output_get_lte_info_timing_advance(o, &ta, NULL)))
			feq_uint("get-cell-location-info", LOC(LTE_INFO_TIMING_ADVANCE), ta);
#undef LOC
		if (o)
			qmi_message_nas_get_cell_location_info_output_unref(o);
	}
}


static void wda_cases(void)
{
	QmiClientWda *c = CLIENT(WDA);
	{
		QmiMessageWdaSetDataFormatInput *in = qmi_message_wda_set_data_format_input_new();
		qmi_message_wda_set_data_format_input_set_link_layer_protocol(in, QMI_WDA_LINK_LAYER_PROTOCOL_RAW_IP, NULL);
		qmi_message_wda_set_data_format_input_set_uplink_data_aggregation_protocol(
			in, QMI_WDA_DATA_AGGREGATION_PROTOCOL_DISABLED, NULL);
		qmi_message_wda_set_data_format_input_set_downlink_data_aggregation_protocol(
			in, QMI_WDA_DATA_AGGREGATION_PROTOCOL_DISABLED, NULL);
		QmiMessageWdaSetDataFormatOutput *o;
		CALL(o, wda_set_data_format, c, in, "wda", "set-data-format",
		     { "link-layer-protocol=raw-ip", "uplink-data-aggregation-protocol=disabled",
		       "downlink-data-aggregation-protocol=disabled", NULL });
		QmiWdaLinkLayerProtocol ll;
		if (o && fboth("set-data-format", QMIF_WDA_SET_DATA_FORMAT_RS_LINK_LAYER_PROTOCOL,
				   qmi_message_wda_set_data_format_output_get_link_layer_protocol(o, &ll, NULL)))
			feq_uint("set-data-format", QMIF_WDA_SET_DATA_FORMAT_RS_LINK_LAYER_PROTOCOL, ll);
		if (o)
			qmi_message_wda_set_data_format_output_unref(o);
		qmi_message_wda_set_data_format_input_unref(in);
	}
	{
		QmiMessageWdaGetDataFormatOutput *o;
		CALL(o, wda_get_data_format, c, NULL, "wda", "get-data-format", { NULL });
		QmiWdaLinkLayerProtocol ll;
		if (o && fboth("get-data-format", QMIF_WDA_GET_DATA_FORMAT_RS_LINK_LAYER_PROTOCOL,
				   qmi_message_wda_get_data_format_output_get_link_layer_protocol(o, &ll, NULL)))
			feq_uint("get-data-format", QMIF_WDA_GET_DATA_FORMAT_RS_LINK_LAYER_PROTOCOL, ll);
		if (o)
			qmi_message_wda_get_data_format_output_unref(o);
	}
}

static void wds_cases(void)
{
	QmiClientWds *c = CLIENT(WDS);
	guint32 handle = 0;
	{
		/* an APN the network does not know: the call end reasons the
		 * connection manager reports */
		QmiMessageWdsStartNetworkInput *in = qmi_message_wds_start_network_input_new();
		qmi_message_wds_start_network_input_set_apn(in, "nosuch", NULL);
		qmi_message_wds_start_network_input_set_ip_family_preference(in, QMI_WDS_IP_FAMILY_IPV4, NULL);
		QmiMessageWdsStartNetworkOutput *o;
		CALL(o, wds_start_network, c, in, "wds", "start-network", { "apn=nosuch", "ip-family-preference=4", NULL });
		QmiWdsCallEndReason cer;
		QmiWdsVerboseCallEndReasonType vt;
		gint16 vr;
		if (o && fboth("start-network", QMIF_WDS_START_NETWORK_RS_CALL_END_REASON,
			       qmi_message_wds_start_network_output_get_call_end_reason(o, &cer, NULL)))
			feq_uint("start-network", QMIF_WDS_START_NETWORK_RS_CALL_END_REASON, cer);
		if (o && fboth("start-network", QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON,
			       qmi_message_wds_start_network_output_get_verbose_call_end_reason(o, &vt, &vr, NULL))) {
			feq_uint("start-network", QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON_TYPE, vt);
			feq_int("start-network", QMIF_WDS_START_NETWORK_RS_VERBOSE_CALL_END_REASON_REASON, vr);
		}
		if (o)
			qmi_message_wds_start_network_output_unref(o);
		qmi_message_wds_start_network_input_unref(in);
	}
	{
		QmiMessageWdsSetIpFamilyInput *in = qmi_message_wds_set_ip_family_input_new();
		qmi_message_wds_set_ip_family_input_set_preference(in, QMI_WDS_IP_FAMILY_IPV4, NULL);
		QmiMessageWdsSetIpFamilyOutput *o;
		CALL(o, wds_set_ip_family, c, in, "wds", "set-ip-family", { "preference=4", NULL });
		if (o)
			qmi_message_wds_set_ip_family_output_unref(o);
		qmi_message_wds_set_ip_family_input_unref(in);
	}
	{
		/* every input the connection manager can give start-network */
		QmiMessageWdsStartNetworkInput *in = qmi_message_wds_start_network_input_new();
		qmi_message_wds_start_network_input_set_apn(in, "internet", NULL);
		qmi_message_wds_start_network_input_set_authentication_preference(in, QMI_WDS_AUTHENTICATION_CHAP, NULL);
		qmi_message_wds_start_network_input_set_username(in, "user", NULL);
		qmi_message_wds_start_network_input_set_password(in, "secret", NULL);
		qmi_message_wds_start_network_input_set_ip_family_preference(in, QMI_WDS_IP_FAMILY_IPV4, NULL);
		qmi_message_wds_start_network_input_set_profile_index_3gpp(in, 1, NULL);
		QmiMessageWdsStartNetworkOutput *o;
		CALL(o, wds_start_network, c, in, "wds", "start-network",
		     { "apn=internet", "authentication-preference=2", "username=user", "password=secret",
		       "ip-family-preference=4", "profile-index-3gpp=1", NULL });
		if (o && qmi_message_wds_start_network_output_get_packet_data_handle(o, &handle, NULL))
			feq_uint("start-network", QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE, handle);
		if (o)
			qmi_message_wds_start_network_output_unref(o);
		qmi_message_wds_start_network_input_unref(in);
	}
	guint32 handle6 = 0;
	{
		/* the second session of a dual-stack connection: IPv6, no
		 * credentials, the APN alone */
		QmiMessageWdsSetIpFamilyInput *fin = qmi_message_wds_set_ip_family_input_new();
		qmi_message_wds_set_ip_family_input_set_preference(fin, QMI_WDS_IP_FAMILY_IPV6, NULL);
		QmiMessageWdsSetIpFamilyOutput *fo;
		CALL(fo, wds_set_ip_family, (QmiClientWds *)wds6, fin, "wds", "set-ip-family", { "preference=6", NULL });
		if (fo)
			qmi_message_wds_set_ip_family_output_unref(fo);
		qmi_message_wds_set_ip_family_input_unref(fin);
		QmiMessageWdsStartNetworkInput *in = qmi_message_wds_start_network_input_new();
		qmi_message_wds_start_network_input_set_apn(in, "internet", NULL);
		qmi_message_wds_start_network_input_set_authentication_preference(
			in, QMI_WDS_AUTHENTICATION_PAP | QMI_WDS_AUTHENTICATION_CHAP, NULL);
		qmi_message_wds_start_network_input_set_ip_family_preference(in, QMI_WDS_IP_FAMILY_IPV6, NULL);
		QmiMessageWdsStartNetworkOutput *o;
		CALL(o, wds_start_network, (QmiClientWds *)wds6, in, "wds", "start-network",
		     { "apn=internet", "authentication-preference=3", "ip-family-preference=6", NULL });
		if (o && qmi_message_wds_start_network_output_get_packet_data_handle(o, &handle6, NULL))
			feq_uint("start-network", QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE, handle6);
		if (o)
			qmi_message_wds_start_network_output_unref(o);
		qmi_message_wds_start_network_input_unref(in);
	}
	{
		QmiMessageWdsGetPacketServiceStatusOutput *o;
		QmiWdsConnectionStatus st;
		CALL(o, wds_get_packet_service_status, c, NULL, "wds", "get-packet-service-status", { NULL });
		if (o && qmi_message_wds_get_packet_service_status_output_get_connection_status(o, &st, NULL))
			feq_uint("get-packet-service-status", QMIF_WDS_GET_PACKET_SERVICE_STATUS_RS_CONNECTION_STATUS, st);
		if (o)
			qmi_message_wds_get_packet_service_status_output_unref(o);
	}
	{
		QmiMessageWdsGetCurrentSettingsInput *in = qmi_message_wds_get_current_settings_input_new();
		qmi_message_wds_get_current_settings_input_set_requested_settings(in, 1u << 4 | 1u << 8 | 1u << 9 | 1u << 13 | 1u << 15, NULL);
		QmiMessageWdsGetCurrentSettingsOutput *o;
		CALL(o, wds_get_current_settings, c, in, "wds", "get-current-settings",
		     { "requested-settings=0xa310", NULL });
		guint32 a;
		guint32 mtu;
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_ADDRESS,
				   qmi_message_wds_get_current_settings_output_get_ipv4_address(o, &a, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_ADDRESS, a);
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_ADDRESS,
				   qmi_message_wds_get_current_settings_output_get_ipv4_gateway_address(o, &a, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_ADDRESS, a);
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_SUBNET_MASK,
				   qmi_message_wds_get_current_settings_output_get_ipv4_gateway_subnet_mask(o, &a, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IPV4_GATEWAY_SUBNET_MASK, a);
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_PRIMARY_IPV4_DNS_ADDRESS,
				   qmi_message_wds_get_current_settings_output_get_primary_ipv4_dns_address(o, &a, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_PRIMARY_IPV4_DNS_ADDRESS, a);
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_SECONDARY_IPV4_DNS_ADDRESS,
				   qmi_message_wds_get_current_settings_output_get_secondary_ipv4_dns_address(o, &a, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_SECONDARY_IPV4_DNS_ADDRESS, a);
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_MTU,
				   qmi_message_wds_get_current_settings_output_get_mtu(o, &mtu, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_MTU, mtu);
		QmiWdsIpFamily fam;
		if (o && fboth("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IP_FAMILY,
				   qmi_message_wds_get_current_settings_output_get_ip_family(o, &fam, NULL)))
			feq_uint("get-current-settings", QMIF_WDS_GET_CURRENT_SETTINGS_RS_IP_FAMILY, fam);
		if (o)
			qmi_message_wds_get_current_settings_output_unref(o);
		qmi_message_wds_get_current_settings_input_unref(in);
	}
	{
		/* the IPv6 session's settings, on its own client */
		QmiMessageWdsGetCurrentSettingsInput *in = qmi_message_wds_get_current_settings_input_new();
		qmi_message_wds_get_current_settings_input_set_requested_settings(in, 1u << 4 | 1u << 8 | 1u << 9 | 1u << 13 | 1u << 15, NULL);
		QmiMessageWdsGetCurrentSettingsOutput *o;
		CALL(o, wds_get_current_settings, (QmiClientWds *)wds6, in, "wds", "get-current-settings",
		     { "requested-settings=0xa310", NULL });
		GArray *a;
		guint8 plen;
#define CS(f) QMIF_WDS_GET_CURRENT_SETTINGS_RS_##f
		if (o && fboth("get-current-settings", CS(IPV6_ADDRESS),
			       qmi_message_wds_get_current_settings_output_get_ipv6_address(o, &a, &plen, NULL))) {
			feq_ipv6("get-current-settings", CS(IPV6_ADDRESS_ADDRESS), a);
			feq_uint("get-current-settings", CS(IPV6_ADDRESS_PREFIX_LENGTH), plen);
		}
		if (o && fboth("get-current-settings", CS(IPV6_GATEWAY_ADDRESS),
			       qmi_message_wds_get_current_settings_output_get_ipv6_gateway_address(o, &a, &plen, NULL)))
			feq_ipv6("get-current-settings", CS(IPV6_GATEWAY_ADDRESS_ADDRESS), a);
		if (o && fboth("get-current-settings", CS(IPV6_PRIMARY_DNS_ADDRESS),
			       qmi_message_wds_get_current_settings_output_get_ipv6_primary_dns_address(o, &a, NULL)))
			feq_ipv6("get-current-settings", CS(IPV6_PRIMARY_DNS_ADDRESS), a);
		if (o && fboth("get-current-settings", CS(IPV6_SECONDARY_DNS_ADDRESS),
			       qmi_message_wds_get_current_settings_output_get_ipv6_secondary_dns_address(o, &a, NULL)))
			feq_ipv6("get-current-settings", CS(IPV6_SECONDARY_DNS_ADDRESS), a);
		guint32 mtu;
		if (o && fboth("get-current-settings", CS(MTU), qmi_message_wds_get_current_settings_output_get_mtu(o, &mtu, NULL)))
			feq_uint("get-current-settings", CS(MTU), mtu);
#undef CS
		if (o)
			qmi_message_wds_get_current_settings_output_unref(o);
		qmi_message_wds_get_current_settings_input_unref(in);
	}
	{
		QmiMessageWdsGetPacketStatisticsInput *in = qmi_message_wds_get_packet_statistics_input_new();
		/* packets and bytes, as the liveness check and the counters ask */
		qmi_message_wds_get_packet_statistics_input_set_mask(
			in, QMI_WDS_PACKET_STATISTICS_MASK_FLAG_TX_PACKETS_OK | QMI_WDS_PACKET_STATISTICS_MASK_FLAG_RX_PACKETS_OK |
				    QMI_WDS_PACKET_STATISTICS_MASK_FLAG_TX_BYTES_OK | QMI_WDS_PACKET_STATISTICS_MASK_FLAG_RX_BYTES_OK,
			NULL);
		QmiMessageWdsGetPacketStatisticsOutput *o;
		CALL(o, wds_get_packet_statistics, c, in, "wds", "get-packet-statistics", { "mask=0xc3", NULL });
		guint32 n;
		guint64 bytes;
		if (o && fboth("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK,
			       qmi_message_wds_get_packet_statistics_output_get_tx_bytes_ok(o, &bytes, NULL)))
			feq_uint("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK, bytes);
		if (o && fboth("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK,
			       qmi_message_wds_get_packet_statistics_output_get_rx_bytes_ok(o, &bytes, NULL)))
			feq_uint("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK, bytes);
		/* cellink counters reads the last call's bytes too (op_counters.c) */
		if (o && fboth("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_TX_BYTES_OK,
			       qmi_message_wds_get_packet_statistics_output_get_last_call_tx_bytes_ok(o, &bytes, NULL)))
			feq_uint("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_TX_BYTES_OK, bytes);
		if (o && fboth("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_RX_BYTES_OK,
			       qmi_message_wds_get_packet_statistics_output_get_last_call_rx_bytes_ok(o, &bytes, NULL)))
			feq_uint("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_RX_BYTES_OK, bytes);
		if (o && fboth("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK,
				   qmi_message_wds_get_packet_statistics_output_get_tx_packets_ok(o, &n, NULL)))
			feq_uint("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK, n);
		if (o && fboth("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK,
				   qmi_message_wds_get_packet_statistics_output_get_rx_packets_ok(o, &n, NULL)))
			feq_uint("get-packet-statistics", QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK, n);
		if (o)
			qmi_message_wds_get_packet_statistics_output_unref(o);
		qmi_message_wds_get_packet_statistics_input_unref(in);
	}
	for (int i = 0; i < 2; i++) {
		guint32 hd = i ? handle6 : handle;
		char h[48];
		snprintf(h, sizeof h, "packet-data-handle=%u", hd);
		QmiMessageWdsStopNetworkInput *in = qmi_message_wds_stop_network_input_new();
		qmi_message_wds_stop_network_input_set_packet_data_handle(in, hd, NULL);
		QmiMessageWdsStopNetworkOutput *o;
		CALL(o, wds_stop_network, i ? (QmiClientWds *)wds6 : c, in, "wds", "stop-network", { h, NULL });
		if (o)
			qmi_message_wds_stop_network_output_unref(o);
		qmi_message_wds_stop_network_input_unref(in);
	}
	/* the second session's end, announced after the answer */
	forward_indication("stop-network", &pss);
}

/* ---- the indications' fields the product reads ---- */

static void pss_compare(void *out)
{
	QmiIndicationWdsPacketServiceStatusOutput *o = out;
	QmiWdsConnectionStatus st;
	gboolean reconf;
	QmiWdsCallEndReason cer;
	QmiWdsVerboseCallEndReasonType vt;
	gint16 vr;
	if (fboth("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS,
		  qmi_indication_wds_packet_service_status_output_get_connection_status(o, &st, &reconf, NULL)))
		feq_uint("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_CONNECTION_STATUS_STATUS, st);
	if (fboth("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_CALL_END_REASON,
		  qmi_indication_wds_packet_service_status_output_get_call_end_reason(o, &cer, NULL)))
		feq_uint("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_CALL_END_REASON, cer);
	if (fboth("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON,
		  qmi_indication_wds_packet_service_status_output_get_verbose_call_end_reason(o, &vt, &vr, NULL))) {
		feq_uint("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_TYPE, vt);
		feq_int("packet-service-status", QMIF_WDS_PACKET_SERVICE_STATUS_IN_VERBOSE_CALL_END_REASON_REASON, vr);
	}
}

static void ss_compare(void *out)
{
	QmiIndicationNasServingSystemOutput *o = out;
	QmiNasRegistrationState rs;
	QmiNasAttachState cs, ps;
	QmiNasNetworkType nt;
	GArray *rif;
	QmiNasRoamingIndicatorStatus roam;
	guint16 mcc, mnc;
	const gchar *desc;
	if (fboth("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_SERVING_SYSTEM,
		  qmi_indication_nas_serving_system_output_get_serving_system(o, &rs, &cs, &ps, &nt, &rif, NULL))) {
		feq_uint("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_SERVING_SYSTEM_REGISTRATION_STATE, rs);
		feq_uint("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_SERVING_SYSTEM_PS_ATTACH_STATE, ps);
	}
	if (fboth("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_ROAMING_INDICATOR,
		  qmi_indication_nas_serving_system_output_get_roaming_indicator(o, &roam, NULL)))
		feq_uint("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_ROAMING_INDICATOR, roam);
	if (fboth("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_CURRENT_PLMN,
		  qmi_indication_nas_serving_system_output_get_current_plmn(o, &mcc, &mnc, &desc, NULL)))
		feq_str("serving-system", QMIF_NAS_SERVING_SYSTEM_IN_CURRENT_PLMN_DESCRIPTION, desc);
}

static void sig_compare(void *out)
{
	QmiIndicationNasSignalInfoOutput *o = out;
	gint8 rssi, rsrq;
	gint16 rsrp, snr, nrsrq;
	if (fboth("signal-info", QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH,
		  qmi_indication_nas_signal_info_output_get_lte_signal_strength(o, &rssi, &rsrq, &rsrp, &snr, NULL))) {
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSSI, rssi);
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSRQ, rsrq);
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_RSRP, rsrp);
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_LTE_SIGNAL_STRENGTH_SNR, snr);
	}
	if (fboth("signal-info", QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH,
		  qmi_indication_nas_signal_info_output_get_5g_signal_strength(o, &rsrp, &snr, NULL))) {
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH_RSRP, rsrp);
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH_SNR, snr);
	}
	if (fboth("signal-info", QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH_EXTENDED,
		  qmi_indication_nas_signal_info_output_get_5g_signal_strength_extended(o, &nrsrq, NULL)))
		feq_int("signal-info", QMIF_NAS_SIGNAL_INFO_IN_5G_SIGNAL_STRENGTH_EXTENDED, nrsrq);
}

/* USS data as the product takes it: the coding scheme and the bytes, or
 * the UTF-16 form. */
static void uss_compare(const char *name, gboolean has, QmiVoiceUssDataCodingScheme dcs, GArray *data,
			struct qmi_fh h_dcs, struct qmi_fh h_data, gboolean has16, GArray *u16, struct qmi_fh h_u16)
{
	if (fboth(name, h_data, has)) {
		feq_uint(name, h_dcs, dcs);
		feq_bytes(name, h_data, data->data, data->len, 1);
	}
	if (fboth(name, h_u16, has16))
		feq_bytes(name, h_u16, u16->data, u16->len, 2);
}

static void ussd_compare(void *out)
{
	QmiIndicationVoiceUssdOutput *o = out;
	QmiVoiceUssDataCodingScheme dcs = 0;
	GArray *data = NULL, *u16 = NULL;
	gboolean has = qmi_indication_voice_ussd_output_get_uss_data(o, &dcs, &data, NULL);
	gboolean has16 = qmi_indication_voice_ussd_output_get_uss_data_utf16(o, &u16, NULL);
	uss_compare("ussd", has, dcs, data, QMIF_VOICE_USSD_IN_USS_DATA_DATA_CODING_SCHEME, QMIF_VOICE_USSD_IN_USS_DATA_DATA,
		    has16, u16, QMIF_VOICE_USSD_IN_USS_DATA_UTF16);
}

static void wmsev_compare(void *out)
{
	QmiIndicationWmsEventReportOutput *o = out;
	QmiWmsStorageType st;
	guint32 idx;
	if (fboth("event-report", QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE,
		  qmi_indication_wms_event_report_output_get_mt_message(o, &st, &idx, NULL))) {
		feq_uint("event-report", QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE_STORAGE_TYPE, st);
		feq_uint("event-report", QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE_MEMORY_INDEX, idx);
	}
}

/* ---- the toolbox's and the daemon's messages ---- */

static struct qmi_band_caps band_caps;         /* from get-band-capabilities, as the toolbox reads them */

static void dms_band_cases(void)
{
	QmiClientDms *c = CLIENT(DMS);
	QmiMessageDmsGetBandCapabilitiesOutput *o;
	CALL(o, dms_get_band_capabilities, c, NULL, "dms", "get-band-capabilities", { NULL });
	QmiDmsLteBandCapability lte;
	GArray *a;
	if (o && fboth("get-band-capabilities", QMIF_DMS_GET_BAND_CAPABILITIES_RS_LTE_BAND_CAPABILITY,
		       qmi_message_dms_get_band_capabilities_output_get_lte_band_capability(o, &lte, NULL)))
		feq_uint("get-band-capabilities", QMIF_DMS_GET_BAND_CAPABILITIES_RS_LTE_BAND_CAPABILITY, lte);
	if (o && fboth("get-band-capabilities", QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY,
		       qmi_message_dms_get_band_capabilities_output_get_extended_lte_band_capability(o, &a, NULL)))
	{
		feq_bytes("get-band-capabilities", QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY,
			  a->data, a->len, 2);
		cover_fh(QMIF_DMS_GET_BAND_CAPABILITIES_RS_EXTENDED_LTE_BAND_CAPABILITY_ELEMENT, true);
	}
	if (o && fboth("get-band-capabilities", QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY,
		       qmi_message_dms_get_band_capabilities_output_get_nr5g_band_capability(o, &a, NULL)))
	{
		feq_bytes("get-band-capabilities", QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY, a->data,
			  a->len, 2);
		cover_fh(QMIF_DMS_GET_BAND_CAPABILITIES_RS_NR5G_BAND_CAPABILITY_ELEMENT, true);
	}
	if (o) {
		qmi_bands_caps(&resp, &band_caps);
		qmi_message_dms_get_band_capabilities_output_unref(o);
	}
}

/* The lock `cellink bands lock` and a section's bands option write:
 * product code (qmi_bands_fill_set) on cellink's side. */
struct lock {
	struct band_sel sel;
	const struct qmi_band_caps *caps;
	bool modes;             /* the connection manager's form: mode preference too */
	bool permanent;         /* the toolbox's form: change-duration permanent */
};

static int build_lock(struct qmi_msg *m, const void *arg)
{
	const struct lock *l = arg;
	int e;
	if (l->modes && (e = qmi_fset_uint(m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_MODE_PREFERENCE, 0x10)) < 0)
		return e;
	if ((e = qmi_bands_fill_set(m, &l->sel, l->caps)) < 0)
		return e;
	if (l->permanent && (e = qmi_fset_uint(m, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_CHANGE_DURATION, 1)) < 0)
		return e;
	return 0;
}

static void nas_band_cases(void)
{
	QmiClientNas *c = CLIENT(NAS);
	/* a section's lock (LTE, with the modes), the same for a modem that
	 * reports no extended LTE list (the 64-bit mask), the toolbox's lock
	 * with NR (which this LTE modem refuses), then the toolbox's unlock:
	 * every band the modem reports */
	struct qmi_band_caps legacy = band_caps;
	legacy.lte_ext = false;
	for (int form = 0; form < 4; form++) {
		struct lock l = { .caps = form == 1 ? &legacy : &band_caps, .modes = form < 2, .permanent = form > 1 };
		static const unsigned lte[] = { 1, 3, 7, 20 };
		if (form < 3) {
			l.sel.given = 1u << BAND_LTE;
			for (size_t i = 0; i < sizeof lte / sizeof lte[0]; i++)
				band_mask_set(&l.sel.m[BAND_LTE], lte[i]);
		}
		if (form == 2) {
			l.sel.given |= 1u << BAND_NR_NSA | 1u << BAND_NR_SA;
			band_mask_set(&l.sel.m[BAND_NR_NSA], 78);
			band_mask_set(&l.sel.m[BAND_NR_SA], 78);
			band_mask_set(&l.sel.m[BAND_NR_SA], 1);
		}
		if (form == 3)
			qmi_bands_all(&band_caps, &l.sel);
		QmiMessageNasSetSystemSelectionPreferenceInput *in = qmi_message_nas_set_system_selection_preference_input_new();
		if (l.modes)
			qmi_message_nas_set_system_selection_preference_input_set_mode_preference(
				in, QMI_NAS_RAT_MODE_PREFERENCE_LTE, NULL);
		const uint64_t *w = l.sel.m[BAND_LTE].w;
		if ((l.sel.given & 1u << BAND_LTE) && l.caps->lte_ext)
			qmi_message_nas_set_system_selection_preference_input_set_extended_lte_band_preference(
				in, w[0], w[1], w[2], w[3], NULL);
		else if (l.sel.given & 1u << BAND_LTE)
			qmi_message_nas_set_system_selection_preference_input_set_lte_band_preference(in, w[0], NULL);
		w = l.sel.m[BAND_NR_NSA].w;
		if (l.sel.given & 1u << BAND_NR_NSA)
			qmi_message_nas_set_system_selection_preference_input_set_nr5g_nsa_band_preference(
				in, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], NULL);
		w = l.sel.m[BAND_NR_SA].w;
		if (l.sel.given & 1u << BAND_NR_SA)
			qmi_message_nas_set_system_selection_preference_input_set_nr5g_sa_band_preference(
				in, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], NULL);
		if (l.permanent)
			qmi_message_nas_set_system_selection_preference_input_set_change_duration(
				in, QMI_NAS_CHANGE_DURATION_PERMANENT, NULL);
		QmiMessageNasSetSystemSelectionPreferenceOutput *o;
		CALLX(o, nas_set_system_selection_preference, c, in, build_lock, &l, "nas",
		      "set-system-selection-preference");
		if (o)
			qmi_message_nas_set_system_selection_preference_output_unref(o);
		qmi_message_nas_set_system_selection_preference_input_unref(in);
	}
	{
		QmiMessageNasGetSystemSelectionPreferenceOutput *o;
		CALL(o, nas_get_system_selection_preference, c, NULL, "nas", "get-system-selection-preference", { NULL });
		guint64 m[8];
		QmiNasLteBandPreference lp;
#define G(f) QMIF_NAS_GET_SYSTEM_SELECTION_PREFERENCE_RS_##f
		if (o && fboth("get-system-selection-preference", G(EXTENDED_LTE_BAND_PREFERENCE),
			       qmi_message_nas_get_system_selection_preference_output_get_extended_lte_band_preference(
				       o, &m[0], &m[1], &m[2], &m[3], NULL))) {
			feq_uint("get-system-selection-preference", G(EXTENDED_LTE_BAND_PREFERENCE_MASK_LOW), m[0]);
			feq_uint("get-system-selection-preference", G(EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_LOW), m[1]);
			feq_uint("get-system-selection-preference", G(EXTENDED_LTE_BAND_PREFERENCE_MASK_MID_HIGH), m[2]);
			feq_uint("get-system-selection-preference", G(EXTENDED_LTE_BAND_PREFERENCE_MASK_HIGH), m[3]);
		}
		if (o && fboth("get-system-selection-preference", G(LTE_BAND_PREFERENCE),
			       qmi_message_nas_get_system_selection_preference_output_get_lte_band_preference(o, &lp, NULL)))
			feq_uint("get-system-selection-preference", G(LTE_BAND_PREFERENCE), lp);
		if (o && fboth("get-system-selection-preference", G(NR5G_NSA_BAND_PREFERENCE),
			       qmi_message_nas_get_system_selection_preference_output_get_nr5g_nsa_band_preference(
				       o, &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &m[6], &m[7], NULL))) {
			const struct qmi_fh h[8] = { G(NR5G_NSA_BAND_PREFERENCE_MASK_0), G(NR5G_NSA_BAND_PREFERENCE_MASK_1),
				G(NR5G_NSA_BAND_PREFERENCE_MASK_2), G(NR5G_NSA_BAND_PREFERENCE_MASK_3),
				G(NR5G_NSA_BAND_PREFERENCE_MASK_4), G(NR5G_NSA_BAND_PREFERENCE_MASK_5),
				G(NR5G_NSA_BAND_PREFERENCE_MASK_6), G(NR5G_NSA_BAND_PREFERENCE_MASK_7) };
			for (int i = 0; i < 8; i++)
				feq_uint("get-system-selection-preference", h[i], m[i]);
		}
		if (o && fboth("get-system-selection-preference", G(NR5G_SA_BAND_PREFERENCE),
			       qmi_message_nas_get_system_selection_preference_output_get_nr5g_sa_band_preference(
				       o, &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &m[6], &m[7], NULL))) {
			const struct qmi_fh h[8] = { G(NR5G_SA_BAND_PREFERENCE_MASK_0), G(NR5G_SA_BAND_PREFERENCE_MASK_1),
				G(NR5G_SA_BAND_PREFERENCE_MASK_2), G(NR5G_SA_BAND_PREFERENCE_MASK_3),
				G(NR5G_SA_BAND_PREFERENCE_MASK_4), G(NR5G_SA_BAND_PREFERENCE_MASK_5),
				G(NR5G_SA_BAND_PREFERENCE_MASK_6), G(NR5G_SA_BAND_PREFERENCE_MASK_7) };
			for (int i = 0; i < 8; i++)
				feq_uint("get-system-selection-preference", h[i], m[i]);
		}
#undef G
		if (o)
			qmi_message_nas_get_system_selection_preference_output_unref(o);
	}
	{
		QmiMessageNasGetRfBandInformationOutput *o;
		CALL(o, nas_get_rf_band_information, c, NULL, "nas", "get-rf-band-information", { NULL });
		GArray *a;
		const struct qmi_val *l;
#define RF(f) QMIF_NAS_GET_RF_BAND_INFORMATION_RS_##f
		if (o && fboth("get-rf-band-information", RF(LIST),
			       qmi_message_nas_get_rf_band_information_output_get_list(o, &a, NULL)) &&
		    (l = flist("get-rf-band-information", RF(LIST), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageNasGetRfBandInformationOutputListElement *e =
					&g_array_index(a, QmiMessageNasGetRfBandInformationOutputListElement, i);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(LIST_RADIO_INTERFACE), e->radio_interface);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(LIST_ACTIVE_BAND_CLASS), e->active_band_class);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(LIST_ACTIVE_CHANNEL), e->active_channel);
			}
		if (o && fboth("get-rf-band-information", RF(EXTENDED_LIST),
			       qmi_message_nas_get_rf_band_information_output_get_extended_list(o, &a, NULL)) &&
		    (l = flist("get-rf-band-information", RF(EXTENDED_LIST), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageNasGetRfBandInformationOutputExtendedListElement *e =
					&g_array_index(a, QmiMessageNasGetRfBandInformationOutputExtendedListElement, i);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(EXTENDED_LIST_RADIO_INTERFACE),
					 e->radio_interface);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(EXTENDED_LIST_ACTIVE_BAND_CLASS),
					 e->active_band_class);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(EXTENDED_LIST_ACTIVE_CHANNEL),
					 e->active_channel);
			}
		if (o && fboth("get-rf-band-information", RF(BANDWIDTH_LIST),
			       qmi_message_nas_get_rf_band_information_output_get_bandwidth_list(o, &a, NULL)) &&
		    (l = flist("get-rf-band-information", RF(BANDWIDTH_LIST), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageNasGetRfBandInformationOutputBandwidthListElement *e =
					&g_array_index(a, QmiMessageNasGetRfBandInformationOutputBandwidthListElement, i);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(BANDWIDTH_LIST_RADIO_INTERFACE),
					 e->radio_interface);
				eeq_uint("get-rf-band-information", &l->kids[i], RF(BANDWIDTH_LIST_BANDWIDTH), e->bandwidth);
			}
#undef RF
		if (o)
			qmi_message_nas_get_rf_band_information_output_unref(o);
	}
	{
		QmiMessageNasNetworkScanOutput *o;
		CALL(o, nas_network_scan, c, NULL, "nas", "network-scan", { NULL });
		QmiNasNetworkScanResult res;
		GArray *a;
		const struct qmi_val *l;
#define NS(f) QMIF_NAS_NETWORK_SCAN_RS_##f
		if (o && fboth("network-scan", NS(NETWORK_SCAN_RESULT),
			       qmi_message_nas_network_scan_output_get_network_scan_result(o, &res, NULL)))
			feq_uint("network-scan", NS(NETWORK_SCAN_RESULT), res);
		if (o && fboth("network-scan", NS(NETWORK_INFORMATION),
			       qmi_message_nas_network_scan_output_get_network_information(o, &a, NULL)) &&
		    (l = flist("network-scan", NS(NETWORK_INFORMATION), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageNasNetworkScanOutputNetworkInformationElement *e =
					&g_array_index(a, QmiMessageNasNetworkScanOutputNetworkInformationElement, i);
				eeq_uint("network-scan", &l->kids[i], NS(NETWORK_INFORMATION_MCC), e->mcc);
				eeq_uint("network-scan", &l->kids[i], NS(NETWORK_INFORMATION_MNC), e->mnc);
				eeq_uint("network-scan", &l->kids[i], NS(NETWORK_INFORMATION_NETWORK_STATUS), e->network_status);
				eeq_str("network-scan", &l->kids[i], NS(NETWORK_INFORMATION_DESCRIPTION), e->description);
			}
		if (o && fboth("network-scan", NS(RADIO_ACCESS_TECHNOLOGY),
			       qmi_message_nas_network_scan_output_get_radio_access_technology(o, &a, NULL)) &&
		    (l = flist("network-scan", NS(RADIO_ACCESS_TECHNOLOGY), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageNasNetworkScanOutputRadioAccessTechnologyElement *e =
					&g_array_index(a, QmiMessageNasNetworkScanOutputRadioAccessTechnologyElement, i);
				eeq_uint("network-scan", &l->kids[i], NS(RADIO_ACCESS_TECHNOLOGY_MCC), e->mcc);
				eeq_uint("network-scan", &l->kids[i], NS(RADIO_ACCESS_TECHNOLOGY_MNC), e->mnc);
				eeq_uint("network-scan", &l->kids[i], NS(RADIO_ACCESS_TECHNOLOGY_RADIO_INTERFACE),
					 e->radio_interface);
			}
		if (o && fboth("network-scan", NS(MNC_PCS_DIGIT_INCLUDE_STATUS),
			       qmi_message_nas_network_scan_output_get_mnc_pcs_digit_include_status(o, &a, NULL)) &&
		    (l = flist("network-scan", NS(MNC_PCS_DIGIT_INCLUDE_STATUS), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageNasNetworkScanOutputMncPcsDigitIncludeStatusElement *e =
					&g_array_index(a, QmiMessageNasNetworkScanOutputMncPcsDigitIncludeStatusElement, i);
				eeq_uint("network-scan", &l->kids[i], NS(MNC_PCS_DIGIT_INCLUDE_STATUS_MCC), e->mcc);
				eeq_uint("network-scan", &l->kids[i], NS(MNC_PCS_DIGIT_INCLUDE_STATUS_MNC), e->mnc);
				eeq_uint("network-scan", &l->kids[i], NS(MNC_PCS_DIGIT_INCLUDE_STATUS_INCLUDES_PCS_DIGIT),
					 e->includes_pcs_digit);
			}
#undef NS
		if (o)
			qmi_message_nas_network_scan_output_unref(o);
	}
}

/* cellink monitor's thresholds (op_monitor.c config_v1) */
static int build_thresholds(struct qmi_msg *m, const void *arg)
{
#define V1(f) QMIF_NAS_CONFIG_SIGNAL_INFO_RQ_##f
	struct qmi_val *a;
	int e = 0;
	if (!(a = qmi_fset_array(m, V1(RSRP_THRESHOLD), 21)))
		return -1;
	for (unsigned i = 0; i < 21 && !e; i++)
		e = qmi_eset_int(m, &a[i], V1(RSRP_THRESHOLD_ELEMENT), -130 + 4 * (int)i);
	if (e || !(a = qmi_fset_array(m, V1(RSRQ_THRESHOLD), 9)))
		return -1;
	for (unsigned i = 0; i < 9 && !e; i++)
		e = qmi_eset_int(m, &a[i], V1(RSRQ_THRESHOLD_ELEMENT), -20 + 2 * (int)i);
	if (e || !(a = qmi_fset_array(m, V1(LTE_SNR_THRESHOLD), 16)))
		return -1;
	for (unsigned i = 0; i < 16 && !e; i++)
		e = qmi_eset_int(m, &a[i], V1(LTE_SNR_THRESHOLD_ELEMENT), -50 + 20 * (int)i);
#undef V1
	return e;
}

/* cellink monitor: signal-info indications on, the thresholds, one
 * indication compared, and off again (its cleanup). */
static void nas_monitor_cases(void)
{
	QmiClientNas *c = CLIENT(NAS);
	{
		QmiMessageNasRegisterIndicationsInput *in = qmi_message_nas_register_indications_input_new();
		qmi_message_nas_register_indications_input_set_signal_info(in, TRUE, NULL);
		QmiMessageNasRegisterIndicationsOutput *o;
		CALL(o, nas_register_indications, c, in, "nas", "register-indications", { "signal-info=1", NULL });
		if (o)
			qmi_message_nas_register_indications_output_unref(o);
		qmi_message_nas_register_indications_input_unref(in);
	}
	{
		QmiMessageNasConfigSignalInfoInput *in = qmi_message_nas_config_signal_info_input_new();
		GArray *rsrp = g_array_new(FALSE, FALSE, sizeof(gint16));
		GArray *rsrq = g_array_new(FALSE, FALSE, sizeof(gint8));
		GArray *snr = g_array_new(FALSE, FALSE, sizeof(gint16));
		for (int i = 0; i < 21; i++) {
			gint16 v = (gint16)(-130 + 4 * i);
			g_array_append_val(rsrp, v);
		}
		for (int i = 0; i < 9; i++) {
			gint8 v = (gint8)(-20 + 2 * i);
			g_array_append_val(rsrq, v);
		}
		for (int i = 0; i < 16; i++) {
			gint16 v = (gint16)(-50 + 20 * i);
			g_array_append_val(snr, v);
		}
		qmi_message_nas_config_signal_info_input_set_rsrp_threshold(in, rsrp, NULL);
		qmi_message_nas_config_signal_info_input_set_rsrq_threshold(in, rsrq, NULL);
		qmi_message_nas_config_signal_info_input_set_lte_snr_threshold(in, snr, NULL);
		QmiMessageNasConfigSignalInfoOutput *o;
		CALLX(o, nas_config_signal_info, c, in, build_thresholds, NULL, "nas", "config-signal-info");
		if (o)
			qmi_message_nas_config_signal_info_output_unref(o);
		qmi_message_nas_config_signal_info_input_unref(in);
		g_array_unref(rsrp);
		g_array_unref(rsrq);
		g_array_unref(snr);
	}
	/* the radio reports: one signal-info indication to the client */
	sim_radio_signal_indicate(S);
	forward_indication("register-indications", &sig);
	compare_indications(&sig);
	{
		QmiMessageNasRegisterIndicationsInput *in = qmi_message_nas_register_indications_input_new();
		qmi_message_nas_register_indications_input_set_signal_info(in, FALSE, NULL);
		QmiMessageNasRegisterIndicationsOutput *o;
		CALL(o, nas_register_indications, c, in, "nas", "register-indications", { "signal-info=0", NULL });
		if (o)
			qmi_message_nas_register_indications_output_unref(o);
		qmi_message_nas_register_indications_input_unref(in);
	}
	/* registration lost and found: the serving-system indications the
	 * connection manager follows */
	sim_set_registration(S, SIM_REG_SEARCHING);
	forward_indication("serving-system", &ss);
	sim_set_registration(S, SIM_REG_HOME);
	forward_indication("serving-system", &ss);
	compare_indications(&ss);
}

/* ---- cellink ussd (op_ussd.c) ---- */

static int build_ussd(struct qmi_msg *m, const void *arg)
{
	const char *code = arg;
	int e = qmi_fset_uint(m, QMIF_VOICE_ORIGINATE_USSD_RQ_USS_DATA_DATA_CODING_SCHEME, 1);
	return e ? e : qmi_fset_bytes(m, QMIF_VOICE_ORIGINATE_USSD_RQ_USS_DATA_DATA, (const uint8_t *)code, strlen(code));
}

static void voice_cases(void)
{
	QmiClientVoice *c = CLIENT(VOICE);
	{
		QmiMessageVoiceIndicationRegisterInput *in = qmi_message_voice_indication_register_input_new();
		qmi_message_voice_indication_register_input_set_ussd_notification_events(in, TRUE, NULL);
		QmiMessageVoiceIndicationRegisterOutput *o;
		CALL(o, voice_indication_register, c, in, "voice", "indication-register",
		     { "ussd-notification-events=1", NULL });
		if (o)
			qmi_message_voice_indication_register_output_unref(o);
		qmi_message_voice_indication_register_input_unref(in);
	}
	/* the answer in the response, then (as some firmware does) in an
	 * indication after an empty response */
	for (int by_ind = 0; by_ind < 2; by_ind++) {
		S->sms.ussd_by_indication = by_ind;
		static const char code[] = "*100#";
		QmiMessageVoiceOriginateUssdInput *in = qmi_message_voice_originate_ussd_input_new();
		GArray *d = g_array_new(FALSE, FALSE, 1);
		g_array_append_vals(d, code, strlen(code));
		qmi_message_voice_originate_ussd_input_set_uss_data(in, QMI_VOICE_USS_DATA_CODING_SCHEME_ASCII, d, NULL);
		QmiMessageVoiceOriginateUssdOutput *o;
		CALLX(o, voice_originate_ussd, c, in, build_ussd, code, "voice", "originate-ussd");
		if (o) {
			QmiVoiceUssDataCodingScheme dcs = 0;
			GArray *data = NULL, *u16 = NULL;
			gboolean has = qmi_message_voice_originate_ussd_output_get_uss_data(o, &dcs, &data, NULL);
			gboolean has16 = qmi_message_voice_originate_ussd_output_get_uss_data_utf16(o, &u16, NULL);
			uss_compare("originate-ussd", has, dcs, data, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA_CODING_SCHEME,
				    QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA, has16, u16,
				    QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_UTF16);
			qmi_message_voice_originate_ussd_output_unref(o);
		}
		qmi_message_voice_originate_ussd_input_unref(in);
		g_array_unref(d);
		if (by_ind)
			forward_indication("originate-ussd", &ussd);
	}
	S->sms.ussd_by_indication = false;
	compare_indications(&ussd);
}

/* ---- cellink profiles (op_profiles.c) ---- */

static void wds_profile_cases(void)
{
	QmiClientWds *c = CLIENT(WDS);
	guint8 index = 0;
	{
		/* profiles create --apn ims --name IMS --pdp-type ipv6 --auth chap
		 * --username user --password-file (secret) */
		QmiMessageWdsCreateProfileInput *in = qmi_message_wds_create_profile_input_new();
		qmi_message_wds_create_profile_input_set_profile_type(in, QMI_WDS_PROFILE_TYPE_3GPP, NULL);
		qmi_message_wds_create_profile_input_set_profile_name(in, "IMS", NULL);
		qmi_message_wds_create_profile_input_set_apn_name(in, "ims", NULL);
		qmi_message_wds_create_profile_input_set_pdp_type(in, QMI_WDS_PDP_TYPE_IPV6, NULL);
		qmi_message_wds_create_profile_input_set_authentication(in, QMI_WDS_AUTHENTICATION_CHAP, NULL);
		qmi_message_wds_create_profile_input_set_username(in, "user", NULL);
		qmi_message_wds_create_profile_input_set_password(in, "secret", NULL);
		QmiMessageWdsCreateProfileOutput *o;
		CALL(o, wds_create_profile, c, in, "wds", "create-profile",
		     { "profile-type=0", "profile-name=IMS", "apn-name=ims", "pdp-type=2", "authentication=2",
		       "username=user", "password=secret", NULL });
		QmiWdsProfileType t;
		if (o && fboth("create-profile", QMIF_WDS_CREATE_PROFILE_RS_PROFILE_IDENTIFIER,
			       qmi_message_wds_create_profile_output_get_profile_identifier(o, &t, &index, NULL))) {
			feq_uint("create-profile", QMIF_WDS_CREATE_PROFILE_RS_PROFILE_IDENTIFIER_PROFILE_TYPE, t);
			feq_uint("create-profile", QMIF_WDS_CREATE_PROFILE_RS_PROFILE_IDENTIFIER_PROFILE_INDEX, index);
		}
		if (o)
			qmi_message_wds_create_profile_output_unref(o);
		qmi_message_wds_create_profile_input_unref(in);
	}
	{
		QmiMessageWdsGetProfileListInput *in = qmi_message_wds_get_profile_list_input_new();
		qmi_message_wds_get_profile_list_input_set_profile_type(in, QMI_WDS_PROFILE_TYPE_3GPP, NULL);
		QmiMessageWdsGetProfileListOutput *o;
		CALL(o, wds_get_profile_list, c, in, "wds", "get-profile-list", { "profile-type=0", NULL });
		GArray *a;
		const struct qmi_val *l;
#define PL(f) QMIF_WDS_GET_PROFILE_LIST_RS_PROFILE_LIST##f
		if (o && fboth("get-profile-list", PL(), qmi_message_wds_get_profile_list_output_get_profile_list(o, &a, NULL)) &&
		    (l = flist("get-profile-list", PL(), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageWdsGetProfileListOutputProfileListProfile *e =
					&g_array_index(a, QmiMessageWdsGetProfileListOutputProfileListProfile, i);
				eeq_uint("get-profile-list", &l->kids[i], PL(_PROFILE_TYPE), e->profile_type);
				eeq_uint("get-profile-list", &l->kids[i], PL(_PROFILE_INDEX), e->profile_index);
				eeq_str("get-profile-list", &l->kids[i], PL(_PROFILE_NAME), e->profile_name);
			}
#undef PL
		if (o)
			qmi_message_wds_get_profile_list_output_unref(o);
		qmi_message_wds_get_profile_list_input_unref(in);
	}
	char idx[40], idx2[40];
	snprintf(idx, sizeof idx, "profile-id.profile-index=%u", index);
	snprintf(idx2, sizeof idx2, "profile-identifier.profile-index=%u", index);
	{
		QmiMessageWdsModifyProfileInput *in = qmi_message_wds_modify_profile_input_new();
		/* profiles modify INDEX --name IMS2 --apn ims2 --pdp-type ipv4v6
		 * --auth both --username user2 --password-file (secret2) */
		qmi_message_wds_modify_profile_input_set_profile_identifier(in, QMI_WDS_PROFILE_TYPE_3GPP, index, NULL);
		qmi_message_wds_modify_profile_input_set_profile_name(in, "IMS2", NULL);
		qmi_message_wds_modify_profile_input_set_apn_name(in, "ims2", NULL);
		qmi_message_wds_modify_profile_input_set_pdp_type(in, QMI_WDS_PDP_TYPE_IPV4_OR_IPV6, NULL);
		qmi_message_wds_modify_profile_input_set_authentication(
			in, QMI_WDS_AUTHENTICATION_PAP | QMI_WDS_AUTHENTICATION_CHAP, NULL);
		qmi_message_wds_modify_profile_input_set_username(in, "user2", NULL);
		qmi_message_wds_modify_profile_input_set_password(in, "secret2", NULL);
		QmiMessageWdsModifyProfileOutput *o;
		CALL(o, wds_modify_profile, c, in, "wds", "modify-profile",
		     { "profile-identifier.profile-type=0", idx2, "profile-name=IMS2", "apn-name=ims2", "pdp-type=3",
		       "authentication=3", "username=user2", "password=secret2", NULL });
		if (o)
			qmi_message_wds_modify_profile_output_unref(o);
		qmi_message_wds_modify_profile_input_unref(in);
	}
	{
		QmiMessageWdsGetProfileSettingsInput *in = qmi_message_wds_get_profile_settings_input_new();
		qmi_message_wds_get_profile_settings_input_set_profile_id(in, QMI_WDS_PROFILE_TYPE_3GPP, index, NULL);
		QmiMessageWdsGetProfileSettingsOutput *o;
		CALL(o, wds_get_profile_settings, c, in, "wds", "get-profile-settings",
		     { "profile-id.profile-type=0", idx, NULL });
		const gchar *str;
		QmiWdsPdpType pdp;
		QmiWdsAuthentication auth;
#define PS(f) QMIF_WDS_GET_PROFILE_SETTINGS_RS_##f
		if (o && fboth("get-profile-settings", PS(PROFILE_NAME),
			       qmi_message_wds_get_profile_settings_output_get_profile_name(o, &str, NULL)))
			feq_str("get-profile-settings", PS(PROFILE_NAME), str);
		if (o && fboth("get-profile-settings", PS(APN_NAME),
			       qmi_message_wds_get_profile_settings_output_get_apn_name(o, &str, NULL)))
			feq_str("get-profile-settings", PS(APN_NAME), str);
		if (o && fboth("get-profile-settings", PS(PDP_TYPE),
			       qmi_message_wds_get_profile_settings_output_get_pdp_type(o, &pdp, NULL)))
			feq_uint("get-profile-settings", PS(PDP_TYPE), pdp);
		if (o && fboth("get-profile-settings", PS(AUTHENTICATION),
			       qmi_message_wds_get_profile_settings_output_get_authentication(o, &auth, NULL)))
			feq_uint("get-profile-settings", PS(AUTHENTICATION), auth);
		if (o && fboth("get-profile-settings", PS(USERNAME),
			       qmi_message_wds_get_profile_settings_output_get_username(o, &str, NULL)))
			feq_str("get-profile-settings", PS(USERNAME), str);
		if (o && fboth("get-profile-settings", PS(PASSWORD),
			       qmi_message_wds_get_profile_settings_output_get_password(o, &str, NULL)))
			feq_str("get-profile-settings", PS(PASSWORD), str);
#undef PS
		if (o)
			qmi_message_wds_get_profile_settings_output_unref(o);
		qmi_message_wds_get_profile_settings_input_unref(in);
	}
	{
		QmiMessageWdsDeleteProfileInput *in = qmi_message_wds_delete_profile_input_new();
		qmi_message_wds_delete_profile_input_set_profile_identifier(in, QMI_WDS_PROFILE_TYPE_3GPP, index, NULL);
		QmiMessageWdsDeleteProfileOutput *o;
		CALL(o, wds_delete_profile, c, in, "wds", "delete-profile",
		     { "profile-identifier.profile-type=0", idx2, NULL });
		if (o)
			qmi_message_wds_delete_profile_output_unref(o);
		qmi_message_wds_delete_profile_input_unref(in);
	}
}

/* ---- cellink sms (op_sms.c) ---- */

static struct sms_pdu sms_submit;

static int build_send(struct qmi_msg *m, const void *arg)
{
	const struct sms_pdu *p = arg;
	int e = qmi_fset_uint(m, QMIF_WMS_RAW_SEND_RQ_RAW_MESSAGE_DATA_FORMAT, 6);
	return e ? e : qmi_fset_bytes(m, QMIF_WMS_RAW_SEND_RQ_RAW_MESSAGE_DATA_RAW_DATA, p->b, p->len);
}

static void wms_cases(void)
{
	QmiClientWms *c = CLIENT(WMS);
	{
		QmiMessageWmsSetEventReportInput *in = qmi_message_wms_set_event_report_input_new();
		qmi_message_wms_set_event_report_input_set_new_mt_message_indicator(in, TRUE, NULL);
		QmiMessageWmsSetEventReportOutput *o;
		CALL(o, wms_set_event_report, c, in, "wms", "set-event-report",
		     { "new-mt-message-indicator.report=1", NULL });
		if (o)
			qmi_message_wms_set_event_report_output_unref(o);
		qmi_message_wms_set_event_report_input_unref(in);
	}
	/* a message arrives: stored, and the client told */
	{
		struct strbuf out;
		char a0[] = "sms-deliver", a1[] = "+4917600000000", a2[] = "golden", a3[] = "storage=nv";
		char *argv[] = { a0, a1, a2, a3 };
		sb_init(&out);
		if (sim_sms_deliver_command(S, 4, argv, &out) < 0)
			fail("event-report", "the emulator did not take the message: %s", sb_str(&out));
		sb_free(&out);
		forward_indication("sms-deliver", &wmsev);
	}
	guint32 index = 0;
	{
		QmiMessageWmsListMessagesInput *in = qmi_message_wms_list_messages_input_new();
		qmi_message_wms_list_messages_input_set_storage_type(in, QMI_WMS_STORAGE_TYPE_NV, NULL);
		qmi_message_wms_list_messages_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
		QmiMessageWmsListMessagesOutput *o;
		CALL(o, wms_list_messages, c, in, "wms", "list-messages", { "storage-type=1", "message-mode=1", NULL });
		GArray *a;
		const struct qmi_val *l;
#define LM(f) QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST##f
		if (o && fboth("list-messages", LM(), qmi_message_wms_list_messages_output_get_message_list(o, &a, NULL)) &&
		    (l = flist("list-messages", LM(), a->len)))
			for (guint i = 0; i < a->len; i++) {
				QmiMessageWmsListMessagesOutputMessageListElement *e =
					&g_array_index(a, QmiMessageWmsListMessagesOutputMessageListElement, i);
				eeq_uint("list-messages", &l->kids[i], LM(_MEMORY_INDEX), e->memory_index);
				eeq_uint("list-messages", &l->kids[i], LM(_MESSAGE_TAG), e->message_tag);
				index = e->memory_index;
			}
#undef LM
		if (o)
			qmi_message_wms_list_messages_output_unref(o);
		qmi_message_wms_list_messages_input_unref(in);
	}
	char ix[48], tx[48];
	snprintf(ix, sizeof ix, "message-memory-storage-id.memory-index=%u", index);
	snprintf(tx, sizeof tx, "message-tag.memory-index=%u", index);
	{
		QmiMessageWmsRawReadInput *in = qmi_message_wms_raw_read_input_new();
		qmi_message_wms_raw_read_input_set_message_memory_storage_id(in, QMI_WMS_STORAGE_TYPE_NV, index, NULL);
		qmi_message_wms_raw_read_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
		QmiMessageWmsRawReadOutput *o;
		CALL(o, wms_raw_read, c, in, "wms", "raw-read",
		     { "message-memory-storage-id.storage-type=1", ix, "message-mode=1", NULL });
		QmiWmsMessageTagType tag;
		QmiWmsMessageFormat fmt;
		GArray *data;
#define RR(f) QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA##f
		if (o && fboth("raw-read", RR(), qmi_message_wms_raw_read_output_get_raw_message_data(o, &tag, &fmt, &data, NULL))) {
			feq_uint("raw-read", RR(_MESSAGE_TAG), tag);
			feq_uint("raw-read", RR(_FORMAT), fmt);
			feq_bytes("raw-read", RR(_RAW_DATA), data->data, data->len, 1);
		}
#undef RR
		if (o)
			qmi_message_wms_raw_read_output_unref(o);
		qmi_message_wms_raw_read_input_unref(in);
	}
	{
		QmiMessageWmsModifyTagInput *in = qmi_message_wms_modify_tag_input_new();
		qmi_message_wms_modify_tag_input_set_message_tag(in, QMI_WMS_STORAGE_TYPE_NV, index,
								 QMI_WMS_MESSAGE_TAG_TYPE_MT_READ, NULL);
		qmi_message_wms_modify_tag_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
		QmiMessageWmsModifyTagOutput *o;
		CALL(o, wms_modify_tag, c, in, "wms", "modify-tag",
		     { "message-tag.storage-type=1", tx, "message-tag.message-tag=0", "message-mode=1", NULL });
		if (o)
			qmi_message_wms_modify_tag_output_unref(o);
		qmi_message_wms_modify_tag_input_unref(in);
	}
	/* sms delete INDEX, then sms delete --all (the storage, no index) */
	for (int all = 0; all < 2; all++) {
		char mi[40];
		snprintf(mi, sizeof mi, "memory-index=%u", index);
		QmiMessageWmsDeleteInput *in = qmi_message_wms_delete_input_new();
		qmi_message_wms_delete_input_set_memory_storage(in, QMI_WMS_STORAGE_TYPE_NV, NULL);
		qmi_message_wms_delete_input_set_message_mode(in, QMI_WMS_MESSAGE_MODE_GSM_WCDMA, NULL);
		if (!all)
			qmi_message_wms_delete_input_set_memory_index(in, index, NULL);
		QmiMessageWmsDeleteOutput *o;
		CALL(o, wms_delete, c, in, "wms", "delete", { "memory-storage=1", "message-mode=1", all ? NULL : mi, NULL });
		if (o)
			qmi_message_wms_delete_output_unref(o);
		qmi_message_wms_delete_input_unref(in);
	}
	/* sms send: a PDU the product encodes, then one the network refuses
	 * (an SMS-DELIVER where a SUBMIT belongs: the cause codes come back) */
	for (int bad = 0; bad < 2; bad++) {
		char why[160];
		if (bad) {
			struct sms_time t = { 2026, 1, 2, 3, 4, 5, 0 };
			if (sms_encode_deliver("+4917600000000", NULL, &t, "not a submit", 0, &sms_submit, 1, why, sizeof why) != 1)
				fail("raw-send", "cannot encode a deliver: %s", why);
		} else if (sms_encode_submit("+4917600000000", "golden bytes", 0, &sms_submit, 1, why, sizeof why) != 1) {
			fail("raw-send", "cannot encode a submit: %s", why);
		}
		QmiMessageWmsRawSendInput *in = qmi_message_wms_raw_send_input_new();
		GArray *d = g_array_new(FALSE, FALSE, 1);
		g_array_append_vals(d, sms_submit.b, (guint)sms_submit.len);
		qmi_message_wms_raw_send_input_set_raw_message_data(in, QMI_WMS_MESSAGE_FORMAT_GSM_WCDMA_POINT_TO_POINT, d,
								   NULL);
		QmiMessageWmsRawSendOutput *o;
		CALLX(o, wms_raw_send, c, in, build_send, &sms_submit, "wms", "raw-send");
		guint16 id;
		QmiWmsGsmUmtsRpCause rp;
		QmiWmsGsmUmtsTpCause tp;
		if (o && fboth("raw-send", QMIF_WMS_RAW_SEND_RS_MESSAGE_ID,
			       qmi_message_wms_raw_send_output_get_message_id(o, &id, NULL)))
			feq_uint("raw-send", QMIF_WMS_RAW_SEND_RS_MESSAGE_ID, id);
		if (o && fboth("raw-send", QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO,
			       qmi_message_wms_raw_send_output_get_gsm_wcdma_cause_info(o, &rp, &tp, NULL))) {
			feq_uint("raw-send", QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO_RP_CAUSE, rp);
			feq_uint("raw-send", QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO_TP_CAUSE, tp);
		}
		if (o)
			qmi_message_wms_raw_send_output_unref(o);
		qmi_message_wms_raw_send_input_unref(in);
		g_array_unref(d);
	}
	compare_indications(&wmsev);
}

/* The QMAP form of the data path (a section with mux_id): the data format
 * with QMAP, and each session's client bound to its mux id. */
static void qmap_cases(void)
{
	{
		QmiMessageWdaSetDataFormatInput *in = qmi_message_wda_set_data_format_input_new();
		qmi_message_wda_set_data_format_input_set_link_layer_protocol(in, QMI_WDA_LINK_LAYER_PROTOCOL_RAW_IP, NULL);
		qmi_message_wda_set_data_format_input_set_uplink_data_aggregation_protocol(
			in, QMI_WDA_DATA_AGGREGATION_PROTOCOL_QMAP, NULL);
		qmi_message_wda_set_data_format_input_set_downlink_data_aggregation_protocol(
			in, QMI_WDA_DATA_AGGREGATION_PROTOCOL_QMAP, NULL);
		qmi_message_wda_set_data_format_input_set_downlink_data_aggregation_max_datagrams(in, 1, NULL);
		QmiMessageWdaSetDataFormatOutput *o;
		CALL(o, wda_set_data_format, CLIENT(WDA), in, "wda", "set-data-format",
		     { "link-layer-protocol=raw-ip", "uplink-data-aggregation-protocol=qmap",
		       "downlink-data-aggregation-protocol=qmap", "downlink-data-aggregation-max-datagrams=1", NULL });
		QmiWdaLinkLayerProtocol ll;
		QmiWdaDataAggregationProtocol ul, dl;
#define DF(f) QMIF_WDA_SET_DATA_FORMAT_RS_##f
		if (o && fboth("set-data-format", DF(LINK_LAYER_PROTOCOL),
			       qmi_message_wda_set_data_format_output_get_link_layer_protocol(o, &ll, NULL)))
			feq_uint("set-data-format", DF(LINK_LAYER_PROTOCOL), ll);
		if (o && fboth("set-data-format", DF(UPLINK_DATA_AGGREGATION_PROTOCOL),
			       qmi_message_wda_set_data_format_output_get_uplink_data_aggregation_protocol(o, &ul, NULL)))
			feq_uint("set-data-format", DF(UPLINK_DATA_AGGREGATION_PROTOCOL), ul);
		if (o && fboth("set-data-format", DF(DOWNLINK_DATA_AGGREGATION_PROTOCOL),
			       qmi_message_wda_set_data_format_output_get_downlink_data_aggregation_protocol(o, &dl, NULL)))
			feq_uint("set-data-format", DF(DOWNLINK_DATA_AGGREGATION_PROTOCOL), dl);
#undef DF
		if (o)
			qmi_message_wda_set_data_format_output_unref(o);
		qmi_message_wda_set_data_format_input_unref(in);
	}
	{
		/* mux id 1 on the MC7455's data interface 8 (host/conn_host.c finds it) */
		QmiMessageWdsBindMuxDataPortInput *in = qmi_message_wds_bind_mux_data_port_input_new();
		qmi_message_wds_bind_mux_data_port_input_set_endpoint_info(in, QMI_DATA_ENDPOINT_TYPE_HSUSB, 8, NULL);
		qmi_message_wds_bind_mux_data_port_input_set_mux_id(in, 1, NULL);
		QmiMessageWdsBindMuxDataPortOutput *o;
		CALL(o, wds_bind_mux_data_port, CLIENT(WDS), in, "wds", "bind-mux-data-port",
		     { "endpoint-info.endpoint-type=hsusb", "endpoint-info.interface-number=8", "mux-id=1", NULL });
		if (o)
			qmi_message_wds_bind_mux_data_port_output_unref(o);
		qmi_message_wds_bind_mux_data_port_input_unref(in);
	}
}

/* cellink power low, then online (op_power.c: the mode by its name); with
 * reset, cellink reset's offline and reset (op_reset.c), after which the
 * emulator resets: the last exchange of the run. */
static void power_cases(bool reset)
{
	static const struct {
		QmiDmsOperatingMode lq;
		const char *set;
	} modes[] = { { QMI_DMS_OPERATING_MODE_LOW_POWER, "mode=low-power" }, { QMI_DMS_OPERATING_MODE_ONLINE, "mode=online" },
		      { QMI_DMS_OPERATING_MODE_OFFLINE, "mode=offline" }, { QMI_DMS_OPERATING_MODE_RESET, "mode=reset" } };
	for (size_t i = reset ? 2 : 0; i < (reset ? 4 : 2); i++) {
		QmiMessageDmsSetOperatingModeInput *in = qmi_message_dms_set_operating_mode_input_new();
		qmi_message_dms_set_operating_mode_input_set_mode(in, modes[i].lq, NULL);
		QmiMessageDmsSetOperatingModeOutput *o;
		CALL(o, dms_set_operating_mode, CLIENT(DMS), in, "dms", "set-operating-mode", { modes[i].set, NULL });
		if (o)
			qmi_message_dms_set_operating_mode_output_unref(o);
		qmi_message_dms_set_operating_mode_input_unref(in);
		if (modes[i].lq == QMI_DMS_OPERATING_MODE_RESET)
			break;
		QmiMessageDmsGetOperatingModeOutput *go;
		QmiDmsOperatingMode mode;
		CALL(go, dms_get_operating_mode, CLIENT(DMS), NULL, "dms", "get-operating-mode", { NULL });
		if (go && qmi_message_dms_get_operating_mode_output_get_mode(go, &mode, NULL))
			feq_uint("get-operating-mode", QMIF_DMS_GET_OPERATING_MODE_RS_MODE, mode);
		if (go)
			qmi_message_dms_get_operating_mode_output_unref(go);
	}
}

/* CTL revoke-client-id: cellink's encoding read by libqmi's generic TLV
 * reader (see exceptions[]): TLV 0x01, the service then the client id. */
static void revoke_case(void)
{
	static struct qmi_msg m;
	uint8_t f[64];
	qmi_msg_init(&m, QMI_SVC_CTL, 0, QMI_INDICATION, 0, QMI_CTL_REVOKE_CLIENT_ID);
	if (qmi_fset_uint(&m, QMIF_CTL_REVOKE_CLIENT_ID_IN_RELEASE_INFO_SERVICE, QMI_SVC_WMS) < 0 ||
	    qmi_fset_uint(&m, QMIF_CTL_REVOKE_CLIENT_ID_IN_RELEASE_INFO_CID, 7) < 0) {
		fail("revoke-client-id", "cellink cannot build it: %s", m.errtext);
		return;
	}
	int n = qmi_encode(&m, f, sizeof f);
	GError *err = NULL;
	GByteArray *raw = g_byte_array_new();
	g_byte_array_append(raw, f, n > 0 ? (guint)n : 0);
	QmiMessage *lm = n > 0 ? qmi_message_new_from_raw(raw, &err) : NULL;
	g_byte_array_unref(raw);
	guint16 tl;
	gsize off = 0;
	guint8 svc = 0, cid = 0;
	gsize init = lm ? qmi_message_tlv_read_init(lm, 0x01, &tl, &err) : 0;
	if (!init || !qmi_message_tlv_read_guint8(lm, init, &off, &svc, &err) ||
	    !qmi_message_tlv_read_guint8(lm, init, &off, &cid, &err) || tl != 2)
		fail("revoke-client-id", "libqmi does not read cellink's encoding: %s", err ? err->message : "?");
	else if (svc != QMI_SVC_WMS || cid != 7 || !qmi_message_is_indication(lm) ||
		 qmi_message_get_message_id(lm) != QMI_CTL_REVOKE_CLIENT_ID)
		fail("revoke-client-id", "libqmi reads service %u cid %u", svc, cid);
	else
		n_fields += 2;
	cover_fh(QMIF_CTL_REVOKE_CLIENT_ID_IN_RELEASE_INFO_SERVICE, true);
	cover_fh(QMIF_CTL_REVOKE_CLIENT_ID_IN_RELEASE_INFO_CID, true);
	g_clear_error(&err);
	if (lm)
		qmi_message_unref(lm);
}

/* ---- set-up ---- */

static int open_tap(char *slave_path, size_t cap)
{
	tap_master = posix_openpt(O_RDWR | O_NOCTTY);
	if (tap_master < 0 || grantpt(tap_master) < 0 || unlockpt(tap_master) < 0)
		return -1;
	snprintf(slave_path, cap, "%s", ptsname(tap_master));
	/* held open so that the pty keeps its raw mode when libqmi closes it */
	tap_slave = open(slave_path, O_RDWR | O_NOCTTY);
	struct termios t;
	if (tap_slave < 0 || tcgetattr(tap_slave, &t) < 0)
		return -1;
	cfmakeraw(&t);
	if (tcsetattr(tap_slave, TCSANOW, &t) < 0)
		return -1;
	return fcntl(tap_master, F_SETFL, O_NONBLOCK);
}

static void emulator_log(struct sim *s, const char *text)
{
	fprintf(stderr, "emulator: %s\n", text);
}

static int start_emulator(void)
{
	S = calloc(1, sizeof(*S));
	if (!S)
		return -1;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/golden_libqmi_XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	S->port.master = S->port.slave = -1;
	snprintf(S->port.path, sizeof S->port.path, "%s/cdc-wdm0", tmpdir);
	snprintf(S->ifname, sizeof S->ifname, "wwan0");
	S->prof = sim_profile_find("sierra-mc7455");
	if (!S->prof)
		return -1;
	sim_clients_init(&S->clients, 4);
	sim_modem_defaults(&S->m, S->prof);
	S->m.register_delay_ms = 0;
	sb_init(&S->logbuf);
	S->init = S->m;
	if (getenv("GOLDEN_DEBUG")) {
		S->log = true;
		S->log_fn = emulator_log;
	}
	if (ev_loop_init(&S->loop) < 0 || sim_port_open(S) < 0)
		return -1;
	sim_start_registration(S);
	emu_fd = open(S->port.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	return emu_fd < 0 ? -1 : 0;
}

static void stop_emulator(void)
{
	if (emu_fd >= 0)
		close(emu_fd);
	sim_port_close(S);
	ev_loop_free(&S->loop);
	sb_free(&S->logbuf);
	rmdir(tmpdir);
	free(S);
}

/* After the run: what was compared, and the exceptions. */
static void print_covered(FILE *f, bool all)
{
	for (size_t i = 0; all && i < sizeof msgsyms / sizeof msgsyms[0]; i++)
		if (msgsyms[i].covered)
			fprintf(f, "covered %s\n", msgsyms[i].sym);
	for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
		fprintf(f, "exception %s: %s\n", exceptions[i].sym, exceptions[i].why);
	for (size_t i = 0; i < sizeof tlv_exceptions / sizeof tlv_exceptions[0]; i++)
		fprintf(f, "tlv-exception %s (seen %d times, not compared with libqmi): %s\n", tlv_exceptions[i].what,
			tlv_exceptions[i].seen, tlv_exceptions[i].why);
	for (size_t i = 0; all && i < n_seen; i++) {
		fprintf(f, "field ");
		print_fh(f, &seen[i].h);
		fprintf(f, " %s\n", seen[i].value ? "value" : "presence");
	}
}

int main(int argc, char **argv)
{
	char slave[64];
	bool list = argc > 1 && !strcmp(argv[1], "--covered");
	if (argc > 1 && !list) {
		fprintf(stderr, "usage: golden_libqmi [--covered]\n");
		return 2;
	}
	if (open_tap(slave, sizeof slave) < 0 || start_emulator() < 0) {
		fprintf(stderr, "cannot set up the ptys: %s\n", strerror(errno));
		return 1;
	}
	GFile *file = g_file_new_for_path(slave);
	qmi_device_new(file, NULL, on_done, NULL);
	if (!wait_result()) {
		fprintf(stderr, "libqmi did not create the device\n");
		return 1;
	}
	GError *err = NULL;
	GAsyncResult *r = take_result();
	dev = qmi_device_new_finish(r, &err);
	g_object_unref(r);
	if (!dev) {
		fprintf(stderr, "libqmi: %s\n", err->message);
		return 1;
	}
	/* open with a CTL sync, which cellink's client sends first too */
	qmi_device_open(dev, QMI_DEVICE_OPEN_FLAGS_SYNC, 5, NULL, on_done, NULL);
	struct spec sync = { "ctl", "sync", { NULL }, NULL, NULL };
	r = exchange(&sync);
	if (!r) {
		fprintf(stderr, "libqmi did not open the device\n");
		return 1;
	}
	if (!qmi_device_open_finish(dev, r, &err)) {
		fprintf(stderr, "libqmi cannot open %s: %s\n", slave, err->message);
		return 1;
	}
	g_object_unref(r);
	/* nothing else may be on the line: open sends only the sync */
	if (tap_rx.len) {
		fprintf(stderr, "libqmi sent %zu unexpected bytes on open\n", tap_rx.len);
		return 1;
	}

	ctl_cases();
	revoke_case();
	if (allocate(QMI_SERVICE_DMS, "dms")) {
		dms_cases();
		dms_band_cases();
	}
	if (allocate(QMI_SERVICE_NAS, "nas")) {
		nas_cases();
		radio_cases();
		nas_monitor_cases();
	}
	if (allocate(QMI_SERVICE_WDA, "wda"))
		wda_cases();
	if (allocate(QMI_SERVICE_WDS, "wds") && allocate(QMI_SERVICE_WDS, "wds")) {
		wds_cases();
		wds_profile_cases();
		qmap_cases();
	}
	if (clients[QMI_SERVICE_NAS])
		nas_band_cases();       /* a lock, then the unlock: last, as it may move the registration */
	if (allocate(QMI_SERVICE_VOICE, "voice"))
		voice_cases();
	if (allocate(QMI_SERVICE_WMS, "wms"))
		wms_cases();
	if (clients[QMI_SERVICE_DMS])
		power_cases(false);     /* late: low power drops the registration */
	release(QMI_SERVICE_WMS, "wms");
	release(QMI_SERVICE_VOICE, "voice");
	release(QMI_SERVICE_WDS, "wds");
	release(QMI_SERVICE_WDS, "wds");
	compare_indications(&pss);
	compare_indications(&ss);
	release(QMI_SERVICE_WDA, "wda");
	release(QMI_SERVICE_NAS, "nas");
	/* the reset ends the run: the modem's clients go with it, so the DMS
	 * client is not released */
	if (clients[QMI_SERVICE_DMS]) {
		power_cases(true);
		g_clear_object(&clients[QMI_SERVICE_DMS]);
	}

	g_object_unref(dev);
	g_object_unref(file);
	stop_emulator();
	close(tap_slave);
	close(tap_master);
	print_covered(list ? stdout : stderr, list);
	if (failures) {
		fprintf(stderr, "%d difference(s) between cellink and libqmi\n", failures);
		return 1;
	}
	fprintf(list ? stderr : stdout,
		"cellink and libqmi agree: %d requests byte for byte, %d response and indication fields, "
		"%d error answers, %d indications; libqmi read every TLV of the emulator's %d frames\n",
		n_requests, n_fields, n_errors, n_indications, n_frames_read);
	return 0;
}
