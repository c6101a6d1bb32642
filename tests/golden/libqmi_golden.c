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
 * the inputs mirror src/conn/ and src/client/. */
#include <libqmi-glib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "qmi/qmi.h"
#include "sim/sim.h"

#define WAIT_MS 5000

static struct sim *S;
static int tap_master = -1, tap_slave = -1;     /* libqmi's side */
static int emu_fd = -1;                         /* the host side of the emulator's pty */
static char tmpdir[64];
static QmiDevice *dev;
static GAsyncResult *result;                    /* of the last libqmi call */
static int failures;
static int n_requests, n_fields, n_errors;  /* what was compared */

/* Indications the emulator sent on the way: the fields the connection
 * manager reads from them, as cellink decoded them and as libqmi's signals
 * gave them. */
struct ind_view {
	int cellink, libqmi;    /* how many seen */
	uint64_t c_val, l_val;  /* the last one's field */
};
static struct ind_view pss;     /* WDS packet-service-status: connection-status.status */
static struct ind_view ss;      /* NAS serving-system: serving-system.registration-state */

static void cellink_indication(const struct qmi_msg *m)
{
	uint64_t v = 0;
	if (m->service == QMI_SVC_WDS && m->def && !strcmp(qmi_msg_name(m->def), "packet-service-status")) {
		if (qmi_get_uint(m, "connection-status.status", &v) < 0)
			fprintf(stderr, "cellink does not read connection-status.status: %s\n", m->errtext), failures++;
		pss.cellink++, pss.c_val = v;
	} else if (m->service == QMI_SVC_NAS && m->def && !strcmp(qmi_msg_name(m->def), "serving-system")) {
		if (qmi_get_uint(m, "serving-system.registration-state", &v) < 0)
			fprintf(stderr, "cellink does not read serving-system.registration-state: %s\n", m->errtext),
				failures++;
		ss.cellink++, ss.c_val = v;
	}
}

static void on_pss(QmiClientWds *c, QmiIndicationWdsPacketServiceStatusOutput *o, gpointer data)
{
	QmiWdsConnectionStatus st;
	gboolean reconf;
	pss.libqmi++;
	if (qmi_indication_wds_packet_service_status_output_get_connection_status(o, &st, &reconf, NULL))
		pss.l_val = st;
}

static void on_ss(QmiClientNas *c, QmiIndicationNasServingSystemOutput *o, gpointer data)
{
	QmiNasRegistrationState rs;
	QmiNasAttachState cs, ps;
	QmiNasNetworkType nt;
	GArray *rif;
	ss.libqmi++;
	if (qmi_indication_nas_serving_system_output_get_serving_system(o, &rs, &cs, &ps, &nt, &rif, NULL))
		ss.l_val = rs;
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

static void compare_indications(const char *name, const struct ind_view *v)
{
	if (v->cellink != v->libqmi)
		fail(name, "indications: cellink decoded %d, libqmi %d", v->cellink, v->libqmi);
	else if (v->cellink && v->c_val != v->l_val)
		fail(name, "indication: libqmi reads %llu, cellink %llu", (unsigned long long)v->l_val,
		     (unsigned long long)v->c_val);
	else
		n_fields += v->cellink > 0;
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
	const char *sets[8];    /* "path=text", NULL-terminated */
};

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
	int n = qmi_encode(&m, out, cap);
	if (n < 0)
		fail(sp->msg, "cellink cannot encode: %s", m.errtext);
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

/* The response cellink decoded from the emulator's answer (for the checks). */
static struct qmi_msg resp;
static uint8_t resp_frame[QMI_MAX_FRAME];

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
		if (qmi_decode(&resp, resp_frame, rn, 0) < 0) {
			fail(sp->msg, "cellink cannot decode the emulator's frame: %s", resp.errtext);
			return NULL;
		}
		if (resp.kind == QMI_RESPONSE)
			break;
		if (getenv("GOLDEN_DEBUG"))
			fprintf(stderr, "indication %s cid %u during %s\n", resp.def ? qmi_msg_name(resp.def) : "?", resp.client, sp->msg);
		cellink_indication(&resp);
	}
	if (!wait_result()) {
		fail(sp->msg, "libqmi did not complete");
		return NULL;
	}
	return take_result();
}

/* The indication the emulator sends after an answer (stop-network's
 * packet-service-status): forwarded to libqmi, which must have read it
 * before its client is released. */
static void forward_indication(const char *after, struct ind_view *v)
{
	size_t rn = next_frame(&emu_rx, resp_frame);
	if (!rn) {
		fail(after, "no indication followed");
		return;
	}
	if (qmi_decode(&resp, resp_frame, rn, 0) < 0 || resp.kind != QMI_INDICATION) {
		fail(after, "the frame that followed is not an indication cellink decodes");
		return;
	}
	cellink_indication(&resp);
	int before = v->libqmi;
	if (write(tap_master, resp_frame, rn) != (ssize_t)rn) {
		fail(after, "write to libqmi: %s", strerror(errno));
		return;
	}
	uint64_t end = ev_now_ms() + WAIT_MS;
	while (v->libqmi == before && ev_now_ms() < end)
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

static void eq_uint(const char *name, const char *path, uint64_t lq)
{
	uint64_t v = 0;
	n_fields++;
	if (qmi_get_uint(&resp, path, &v) < 0)
		fail(name, "cellink does not read %s: %s", path, resp.errtext);
	else if (v != lq)
		fail(name, "%s: libqmi reads %llu, cellink %llu", path, (unsigned long long)lq,
		     (unsigned long long)v);
}

static void eq_int(const char *name, const char *path, int64_t lq)
{
	int64_t v = 0;
	n_fields++;
	if (qmi_get_int(&resp, path, &v) < 0)
		fail(name, "cellink does not read %s: %s", path, resp.errtext);
	else if (v != lq)
		fail(name, "%s: libqmi reads %lld, cellink %lld", path, (long long)lq, (long long)v);
}

static void eq_str(const char *name, const char *path, const char *lq)
{
	char v[256];
	n_fields++;
	if (qmi_get_str(&resp, path, v, sizeof v) < 0)
		fail(name, "cellink does not read %s: %s", path, resp.errtext);
	else if (strcmp(v, lq))
		fail(name, "%s: libqmi reads \"%s\", cellink \"%s\"", path, lq, v);
}

/* Present in libqmi's view iff present in cellink's. */
static bool both_have(const char *name, const char *path, gboolean lq)
{
	bool c = qmi_has(&resp, path);
	if (c != (bool)lq)
		fail(name, "%s: libqmi %s it, cellink %s", path, lq ? "reads" : "lacks", c ? "reads" : "lacks");
	return c && lq;
}

/* ---- the cases ---- */

static QmiClient *clients[256];
static QmiClient *wds6;         /* the IPv6 session's own WDS client, as cellink's */

static QmiClient *allocate(QmiService svc, const char *svc_name)
{
	char sv[32];
	snprintf(sv, sizeof sv, "service=%s", svc_name);
	struct spec sp = { "ctl", "allocate-cid", { sv, NULL } };
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
	eq_uint("allocate-cid", "allocation-info.service", svc);
	eq_uint("allocate-cid", "allocation-info.cid", qmi_client_get_cid(c));
	if (clients[svc])
		wds6 = c;
	else
		clients[svc] = c;
	if (svc == QMI_SERVICE_WDS)
		g_signal_connect(c, "packet-service-status", G_CALLBACK(on_pss), NULL);
	else if (svc == QMI_SERVICE_NAS)
		g_signal_connect(c, "serving-system", G_CALLBACK(on_ss), NULL);
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
	struct spec sp = { "ctl", "release-cid", { sv, cid, NULL } };
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
	eq_uint("release-cid", "release-info.service", svc);
	eq_uint("release-cid", "release-info.cid", cid_was);
	g_object_unref(c);
	*slot = NULL;
}

#define CLIENT(svc) ((void *)clients[QMI_SERVICE_##svc])

/* Starts a libqmi call, exchanges it, finishes it into `out`. An error
 * answer must carry the same error for both; its other TLVs are then read
 * like a success's (NULL only when libqmi could not parse the answer). */
#define CALL(out, fn, client, input, ...)                                                   \
	do {                                                                                \
		struct spec sp_ = { __VA_ARGS__ };                                           \
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

static void ctl_cases(void)
{
	struct spec sp = { "ctl", "get-version-info", { NULL } };
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
	const struct qmi_val *l = qmi_get(&resp, "service-list");
	if (!l || l->n != a->len) {
		fail("get-version-info", "service-list: libqmi reads %u entries, cellink %u", a->len, l ? l->n : 0);
	} else {
		for (guint i = 0; i < a->len; i++) {
			QmiDeviceServiceVersionInfo *e = &g_array_index(a, QmiDeviceServiceVersionInfo, i);
			const struct qmi_val *el = &l->kids[i];
			const struct qmi_val *s = qmi_val_member(el, "service");
			const struct qmi_val *mj = qmi_val_member(el, "major-version");
			const struct qmi_val *mn = qmi_val_member(el, "minor-version");
			if (!s || !mj || !mn || s->u != (uint64_t)e->service || mj->u != e->major_version ||
			    mn->u != e->minor_version)
				fail("get-version-info", "service-list[%u]: libqmi reads %u %u.%u, cellink differs",
				     i, e->service, e->major_version, e->minor_version);
		}
	}
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
			if (both_have("get-ids", "imei", qmi_message_dms_get_ids_output_get_imei(o, &s1, NULL)))
				eq_str("get-ids", "imei", s1);
			if (both_have("get-ids", "esn", qmi_message_dms_get_ids_output_get_esn(o, &s1, NULL)))
				eq_str("get-ids", "esn", s1);
			if (both_have("get-ids", "meid", qmi_message_dms_get_ids_output_get_meid(o, &s1, NULL)))
				eq_str("get-ids", "meid", s1);
			qmi_message_dms_get_ids_output_unref(o);
		}
	}
	{
		QmiMessageDmsGetRevisionOutput *o;
		CALL(o, dms_get_revision, c, NULL, "dms", "get-revision", { NULL });
		if (o && qmi_message_dms_get_revision_output_get_revision(o, &s1, NULL))
			eq_str("get-revision", "revision", s1);
		if (o)
			qmi_message_dms_get_revision_output_unref(o);
	}
	{
		QmiMessageDmsGetManufacturerOutput *o;
		CALL(o, dms_get_manufacturer, c, NULL, "dms", "get-manufacturer", { NULL });
		if (o && qmi_message_dms_get_manufacturer_output_get_manufacturer(o, &s1, NULL))
			eq_str("get-manufacturer", "manufacturer", s1);
		if (o)
			qmi_message_dms_get_manufacturer_output_unref(o);
	}
	{
		QmiMessageDmsGetModelOutput *o;
		CALL(o, dms_get_model, c, NULL, "dms", "get-model", { NULL });
		if (o && qmi_message_dms_get_model_output_get_model(o, &s1, NULL))
			eq_str("get-model", "model", s1);
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
			eq_uint("get-capabilities", "info.max-tx-channel-rate", tx);
			eq_uint("get-capabilities", "info.max-rx-channel-rate", rx);
			eq_uint("get-capabilities", "info.data-service-capability", ds);
			eq_uint("get-capabilities", "info.sim-capability", sc);
		}
		if (o)
			qmi_message_dms_get_capabilities_output_unref(o);
	}
	{
		QmiMessageDmsGetOperatingModeOutput *o;
		QmiDmsOperatingMode mode;
		CALL(o, dms_get_operating_mode, c, NULL, "dms", "get-operating-mode", { NULL });
		if (o && qmi_message_dms_get_operating_mode_output_get_mode(o, &mode, NULL))
			eq_uint("get-operating-mode", "mode", mode);
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
			eq_uint("uim-get-state", "state", st);
		if (o)
			qmi_message_dms_uim_get_state_output_unref(o);
	}
	{
		QmiMessageDmsUimGetPinStatusOutput *o;
		QmiDmsUimPinStatus st;
		guint8 vr, ur;
		CALL(o, dms_uim_get_pin_status, c, NULL, "dms", "uim-get-pin-status", { NULL });
		if (o && both_have("uim-get-pin-status", "pin1-status",
				   qmi_message_dms_uim_get_pin_status_output_get_pin1_status(o, &st, &vr, &ur, NULL))) {
			eq_uint("uim-get-pin-status", "pin1-status.current-status", st);
			eq_uint("uim-get-pin-status", "pin1-status.verify-retries-left", vr);
			eq_uint("uim-get-pin-status", "pin1-status.unblock-retries-left", ur);
		}
		if (o)
			qmi_message_dms_uim_get_pin_status_output_unref(o);
	}
	{
		QmiMessageDmsUimGetIccidOutput *o;
		CALL(o, dms_uim_get_iccid, c, NULL, "dms", "uim-get-iccid", { NULL });
		if (o && qmi_message_dms_uim_get_iccid_output_get_iccid(o, &s1, NULL))
			eq_str("uim-get-iccid", "iccid", s1);
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
		if (o && both_have("uim-verify-pin", "pin-retries-status",
				   qmi_message_dms_uim_verify_pin_output_get_pin_retries_status(o, &vr, &ur, NULL))) {
			eq_uint("uim-verify-pin", "pin-retries-status.verify-retries-left", vr);
			eq_uint("uim-verify-pin", "pin-retries-status.unblock-retries-left", ur);
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
			eq_uint("get-serving-system", "serving-system.registration-state", rs);
			eq_uint("get-serving-system", "serving-system.cs-attach-state", cs);
			eq_uint("get-serving-system", "serving-system.ps-attach-state", ps);
			eq_uint("get-serving-system", "serving-system.selected-network", nt);
			const struct qmi_val *l = qmi_get(&resp, "serving-system.radio-interfaces");
			if (!l || l->n != rif->len)
				fail("get-serving-system", "radio-interfaces: libqmi reads %u, cellink %u", rif->len,
				     l ? l->n : 0);
			else
				for (guint i = 0; i < rif->len; i++)
					if (l->kids[i].u != (uint64_t)g_array_index(rif, QmiNasRadioInterface, i))
						fail("get-serving-system", "radio-interfaces[%u] differs", i);
		}
		guint16 mcc, mnc;
		const gchar *desc;
		if (o && both_have("get-serving-system", "current-plmn",
				   qmi_message_nas_get_serving_system_output_get_current_plmn(o, &mcc, &mnc, &desc, NULL))) {
			eq_uint("get-serving-system", "current-plmn.mcc", mcc);
			eq_uint("get-serving-system", "current-plmn.mnc", mnc);
			eq_str("get-serving-system", "current-plmn.description", desc);
		}
		QmiNasRoamingIndicatorStatus roam;
		if (o && both_have("get-serving-system", "roaming-indicator",
				   qmi_message_nas_get_serving_system_output_get_roaming_indicator(o, &roam, NULL)))
			eq_uint("get-serving-system", "roaming-indicator", roam);
		if (o)
			qmi_message_nas_get_serving_system_output_unref(o);
	}
	{
		QmiMessageNasGetSignalInfoOutput *o;
		CALL(o, nas_get_signal_info, c, NULL, "nas", "get-signal-info", { NULL });
		gint8 rssi, rsrq;
		gint16 rsrp, snr;
		if (o && both_have("get-signal-info", "lte-signal-strength",
				   qmi_message_nas_get_signal_info_output_get_lte_signal_strength(o, &rssi, &rsrq, &rsrp, &snr, NULL))) {
			eq_int("get-signal-info", "lte-signal-strength.rssi", rssi);
			eq_int("get-signal-info", "lte-signal-strength.rsrq", rsrq);
			eq_int("get-signal-info", "lte-signal-strength.rsrp", rsrp);
			eq_int("get-signal-info", "lte-signal-strength.snr", snr);
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
		QmiMessageNasConfigSignalInfoV2Input *in = qmi_message_nas_config_signal_info_v2_input_new();
		qmi_message_nas_config_signal_info_v2_input_set_lte_rsrp_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_nr5g_rsrp_delta(in, 10, NULL);
		qmi_message_nas_config_signal_info_v2_input_set_nr5g_snr_delta(in, 20, NULL);
		QmiMessageNasConfigSignalInfoV2Output *o;
		CALL(o, nas_config_signal_info_v2, c, in, "nas", "config-signal-info-v2",
		     { "lte-rsrp-delta=10", "nr5g-snr-delta=20", "nr5g-rsrp-delta=10", NULL });
		if (o)
			qmi_message_nas_config_signal_info_v2_output_unref(o);
		qmi_message_nas_config_signal_info_v2_input_unref(in);
	}
	{
		QmiMessageNasGetSignalInfoOutput *o;
		CALL(o, nas_get_signal_info, c, NULL, "nas", "get-signal-info", { NULL });
		gint16 rsrp, snr, rsrq;
		if (o && both_have("get-signal-info", "5g-signal-strength",
				   qmi_message_nas_get_signal_info_output_get_5g_signal_strength(o, &rsrp, &snr, NULL))) {
			eq_int("get-signal-info", "5g-signal-strength.rsrp", rsrp);
			eq_int("get-signal-info", "5g-signal-strength.snr", snr);
		}
		if (o && both_have("get-signal-info", "5g-signal-strength-extended",
				   qmi_message_nas_get_signal_info_output_get_5g_signal_strength_extended(o, &rsrq, NULL)))
			eq_int("get-signal-info", "5g-signal-strength-extended", rsrq);
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
		if (o && both_have("get-lte-cphy-ca-info", "phy-ca-agg-pcell-info",
				   qmi_message_nas_get_lte_cphy_ca_info_output_get_phy_ca_agg_pcell_info(
					   o, &pci, &chan, &bw, &band, NULL))) {
			eq_uint("get-lte-cphy-ca-info", "phy-ca-agg-pcell-info.physical-cell-id", pci);
			eq_uint("get-lte-cphy-ca-info", "phy-ca-agg-pcell-info.rx-channel", chan);
			eq_uint("get-lte-cphy-ca-info", "phy-ca-agg-pcell-info.dl-bandwidth", bw);
			eq_uint("get-lte-cphy-ca-info", "phy-ca-agg-pcell-info.lte-band", band);
		}
		if (o && both_have("get-lte-cphy-ca-info", "phy-ca-agg-secondary-cells",
				   qmi_message_nas_get_lte_cphy_ca_info_output_get_phy_ca_agg_secondary_cells(o, &sc, NULL))) {
			const struct qmi_val *l = qmi_get(&resp, "phy-ca-agg-secondary-cells");
			n_fields++;
			if (!l || l->n != sc->len) {
				fail("get-lte-cphy-ca-info", "secondary cells: libqmi reads %u, cellink %u", sc->len,
				     l ? l->n : 0);
			} else {
				for (guint i = 0; i < sc->len; i++) {
					QmiMessageNasGetLteCphyCaInfoOutputPhyCaAggSecondaryCellsSsc *e =
						&g_array_index(sc, QmiMessageNasGetLteCphyCaInfoOutputPhyCaAggSecondaryCellsSsc, i);
					const struct qmi_val *k = l->kids[i].kids;
					/* members in table order: pci, rx-channel, bandwidth, band, state, index */
					if (k[0].u != e->physical_cell_id || k[1].u != e->rx_channel ||
					    k[2].u != (uint64_t)e->dl_bandwidth || k[3].u != (uint64_t)e->lte_band ||
					    k[4].u != (uint64_t)e->state || k[5].u != e->cell_index)
						fail("get-lte-cphy-ca-info", "secondary cell %u differs", i);
				}
			}
		}
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
		if (o && both_have("get-cell-location-info", "nr5g-arfcn",
				   qmi_message_nas_get_cell_location_info_output_get_nr5g_arfcn(o, &arfcn, NULL)))
			eq_uint("get-cell-location-info", "nr5g-arfcn", arfcn);
		if (o && both_have("get-cell-location-info", "nr5g-cell-information",
				   qmi_message_nas_get_cell_location_info_output_get_nr5g_cell_information(
					   o, NULL, NULL, &gci, &pci, &rsrq, &rsrp, &snr, NULL))) {
			eq_uint("get-cell-location-info", "nr5g-cell-information.global-cell-id", gci);
			eq_uint("get-cell-location-info", "nr5g-cell-information.physical-cell-id", pci);
			eq_int("get-cell-location-info", "nr5g-cell-information.rsrq", rsrq);
			eq_int("get-cell-location-info", "nr5g-cell-information.rsrp", rsrp);
			eq_int("get-cell-location-info", "nr5g-cell-information.snr", snr);
		}
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
		if (o && both_have("set-data-format", "link-layer-protocol",
				   qmi_message_wda_set_data_format_output_get_link_layer_protocol(o, &ll, NULL)))
			eq_uint("set-data-format", "link-layer-protocol", ll);
		if (o)
			qmi_message_wda_set_data_format_output_unref(o);
		qmi_message_wda_set_data_format_input_unref(in);
	}
	{
		QmiMessageWdaGetDataFormatOutput *o;
		CALL(o, wda_get_data_format, c, NULL, "wda", "get-data-format", { NULL });
		QmiWdaLinkLayerProtocol ll;
		if (o && both_have("get-data-format", "link-layer-protocol",
				   qmi_message_wda_get_data_format_output_get_link_layer_protocol(o, &ll, NULL)))
			eq_uint("get-data-format", "link-layer-protocol", ll);
		if (o)
			qmi_message_wda_get_data_format_output_unref(o);
	}
}

static void wds_cases(void)
{
	QmiClientWds *c = CLIENT(WDS);
	guint32 handle = 0;
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
			eq_uint("start-network", "packet-data-handle", handle);
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
			eq_uint("start-network", "packet-data-handle", handle6);
		if (o)
			qmi_message_wds_start_network_output_unref(o);
		qmi_message_wds_start_network_input_unref(in);
	}
	{
		QmiMessageWdsGetPacketServiceStatusOutput *o;
		QmiWdsConnectionStatus st;
		CALL(o, wds_get_packet_service_status, c, NULL, "wds", "get-packet-service-status", { NULL });
		if (o && qmi_message_wds_get_packet_service_status_output_get_connection_status(o, &st, NULL))
			eq_uint("get-packet-service-status", "connection-status", st);
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
		if (o && both_have("get-current-settings", "ipv4-address",
				   qmi_message_wds_get_current_settings_output_get_ipv4_address(o, &a, NULL)))
			eq_uint("get-current-settings", "ipv4-address", a);
		if (o && both_have("get-current-settings", "ipv4-gateway-address",
				   qmi_message_wds_get_current_settings_output_get_ipv4_gateway_address(o, &a, NULL)))
			eq_uint("get-current-settings", "ipv4-gateway-address", a);
		if (o && both_have("get-current-settings", "ipv4-gateway-subnet-mask",
				   qmi_message_wds_get_current_settings_output_get_ipv4_gateway_subnet_mask(o, &a, NULL)))
			eq_uint("get-current-settings", "ipv4-gateway-subnet-mask", a);
		if (o && both_have("get-current-settings", "primary-ipv4-dns-address",
				   qmi_message_wds_get_current_settings_output_get_primary_ipv4_dns_address(o, &a, NULL)))
			eq_uint("get-current-settings", "primary-ipv4-dns-address", a);
		if (o && both_have("get-current-settings", "secondary-ipv4-dns-address",
				   qmi_message_wds_get_current_settings_output_get_secondary_ipv4_dns_address(o, &a, NULL)))
			eq_uint("get-current-settings", "secondary-ipv4-dns-address", a);
		if (o && both_have("get-current-settings", "mtu",
				   qmi_message_wds_get_current_settings_output_get_mtu(o, &mtu, NULL)))
			eq_uint("get-current-settings", "mtu", mtu);
		QmiWdsIpFamily fam;
		if (o && both_have("get-current-settings", "ip-family",
				   qmi_message_wds_get_current_settings_output_get_ip_family(o, &fam, NULL)))
			eq_uint("get-current-settings", "ip-family", fam);
		if (o)
			qmi_message_wds_get_current_settings_output_unref(o);
		qmi_message_wds_get_current_settings_input_unref(in);
	}
	{
		QmiMessageWdsGetPacketStatisticsInput *in = qmi_message_wds_get_packet_statistics_input_new();
		qmi_message_wds_get_packet_statistics_input_set_mask(
			in, QMI_WDS_PACKET_STATISTICS_MASK_FLAG_TX_PACKETS_OK | QMI_WDS_PACKET_STATISTICS_MASK_FLAG_RX_PACKETS_OK, NULL);
		QmiMessageWdsGetPacketStatisticsOutput *o;
		CALL(o, wds_get_packet_statistics, c, in, "wds", "get-packet-statistics", { "mask=0x3", NULL });
		guint32 n;
		if (o && both_have("get-packet-statistics", "tx-packets-ok",
				   qmi_message_wds_get_packet_statistics_output_get_tx_packets_ok(o, &n, NULL)))
			eq_uint("get-packet-statistics", "tx-packets-ok", n);
		if (o && both_have("get-packet-statistics", "rx-packets-ok",
				   qmi_message_wds_get_packet_statistics_output_get_rx_packets_ok(o, &n, NULL)))
			eq_uint("get-packet-statistics", "rx-packets-ok", n);
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

int main(void)
{
	char slave[64];
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
	struct spec sync = { "ctl", "sync", { NULL } };
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
	if (allocate(QMI_SERVICE_DMS, "dms"))
		dms_cases();
	if (allocate(QMI_SERVICE_NAS, "nas")) {
		nas_cases();
		radio_cases();
	}
	if (allocate(QMI_SERVICE_WDA, "wda"))
		wda_cases();
	if (allocate(QMI_SERVICE_WDS, "wds") && allocate(QMI_SERVICE_WDS, "wds"))
		wds_cases();
	release(QMI_SERVICE_WDS, "wds");
	release(QMI_SERVICE_WDS, "wds");
	compare_indications("packet-service-status", &pss);
	compare_indications("serving-system", &ss);
	release(QMI_SERVICE_WDA, "wda");
	release(QMI_SERVICE_NAS, "nas");
	release(QMI_SERVICE_DMS, "dms");

	g_object_unref(dev);
	g_object_unref(file);
	stop_emulator();
	close(tap_slave);
	close(tap_master);
	if (failures) {
		fprintf(stderr, "%d difference(s) between cellink and libqmi\n", failures);
		return 1;
	}
	printf("cellink and libqmi agree: %d requests byte for byte, %d response fields, %d error answers, "
	       "%d packet-service-status and %d serving-system indications\n",
	       n_requests, n_fields, n_errors, pss.cellink, ss.cellink);
	return 0;
}
