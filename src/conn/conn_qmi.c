/* struct conn_modem_ops in QMI: each operation is a batch of requests that
 * go out together; when all have answered, either the next batch of the
 * operation goes out or the state machine hears the result. */
#include "conn/conn_qmi.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "qmi/ids.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_CID 0xff

/* ---- batches ---- */

static void finish(struct conn_qmi *a)
{
	int err = a->first_err;
	conn_op_done(a->conn, err, err ? a->exit_hint : 0, err && a->why[0] ? a->why : NULL);
}

/* Cancels what an earlier operation left in flight and starts afresh. */
static void begin(struct conn_qmi *a)
{
	a->abandoning = true;
	for (unsigned i = 0; i < CONN_QMI_SLOTS; i++)
		if (a->slots[i].used)
			qmi_client_cancel(a->cl, a->slots[i].req_id);
	for (unsigned i = 0; i < CONN_QMI_SLOTS; i++)
		a->slots[i].used = false;
	a->abandoning = false;
	ev_timer_cancel(a->loop, &a->kick);
	a->outstanding = 0;
	a->first_err = 0;
	a->exit_hint = 0;
	a->why[0] = 0;
	a->next = NULL;
}

static void set_err(struct conn_qmi *a, int err, int hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set_err(struct conn_qmi *a, int err, int hint, const char *fmt, ...)
{
	if (a->first_err)
		return;
	a->first_err = err;
	a->exit_hint = hint;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	va_end(ap);
}

static void batch_step_done(struct conn_qmi *a)
{
	if (a->outstanding)
		return;
	void (*next)(struct conn_qmi *) = a->next;
	a->next = NULL;
	if (!a->first_err && next)
		next(a);
	else
		finish(a);
}

static void describe_failure(struct conn_qmi *a, int err, const struct qmi_msg *req_or_resp,
			     const char *what)
{
	if (err == CL_E_QMI && req_or_resp) {
		const char *n = qmi_error_name(req_or_resp->error);
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "%s: the modem answered %s", what, n ? n : "an error");
	} else {
		set_err(a, err, err == CL_E_TIMEOUT ? CONN_EXIT_MODEM_ERROR : 0, "%s: %s", what,
			cl_strerror(err));
	}
}

static void on_resp(struct qmi_client *cl, void *ud, int err, const struct qmi_msg *resp)
{
	struct conn_qmi_slot *s = ud;
	struct conn_qmi *a = s->a;
	if (a->abandoning || !s->used)
		return;
	s->used = false;
	a->outstanding--;
	if (!err)
		err = qmi_resp_result(resp);
	int r = s->handler(a, s, err, err == CL_E_PROTOCOL ? NULL : resp);
	if (r < 0 && !a->first_err)
		describe_failure(a, r, resp, "request failed");
	batch_step_done(a);
}

static struct conn_qmi_slot *slot(struct conn_qmi *a)
{
	for (unsigned i = 0; i < CONN_QMI_SLOTS; i++)
		if (!a->slots[i].used) {
			memset(&a->slots[i], 0, sizeof(a->slots[i]));
			a->slots[i].a = a;
			a->slots[i].used = true;
			return &a->slots[i];
		}
	return NULL;
}

/* Sends a->msg; h sees the answer. */
static void send(struct conn_qmi *a, int idx,
		 int (*h)(struct conn_qmi *, struct conn_qmi_slot *, int, const struct qmi_msg *))
{
	struct conn_qmi_slot *s = slot(a);
	if (!s) {
		set_err(a, CL_E_TOO_MANY, 0, "too many requests at once");
		return;
	}
	s->idx = idx;
	s->handler = h;
	int r = qmi_client_request(a->cl, &a->msg, &a->opts, on_resp, s);
	if (r < 0) {
		s->used = false;
		set_err(a, r, 0, "cannot send: %s", cl_strerror(r));
		return;
	}
	s->req_id = r;
	a->outstanding++;
}

static void init_msg(struct conn_qmi *a, uint8_t svc, uint8_t cid, uint16_t id)
{
	qmi_msg_init(&a->msg, svc, cid, QMI_REQUEST, 0, id);
}

/* Runs fn from the loop (never inside a client callback). */
static void kick_cb(struct ev_timer *t)
{
	struct conn_qmi *a = container_of(t, struct conn_qmi, kick);
	a->kick_fn(a);
}

static void kick(struct conn_qmi *a, void (*fn)(struct conn_qmi *))
{
	a->kick_fn = fn;
	ev_timer_set(a->loop, &a->kick, 0);
}

static void val_text(const struct qmi_msg *m, const char *path, char *out, size_t cap)
{
	out[0] = 0;
	const struct qmi_val *v = qmi_get(m, path);
	if (!v)
		return;
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_val(&sb, v, 0);
	snprintf(out, cap, "%s", sb_str(&sb));
	sb_free(&sb);
}

/* ---- open: device, CTL sync, client ids ---- */

static void on_cid(struct qmi_client *cl, void *ud, int err, uint8_t cid, uint16_t qerr)
{
	struct conn_qmi_slot *s = ud;
	struct conn_qmi *a = s->a;
	if (a->abandoning || !s->used) {
		return;
	}
	s->used = false;
	a->outstanding--;
	if (!err) {
		*s->cid_out = cid;
	} else if (err == CL_E_QMI) {
		const char *n = qmi_error_name(qerr);
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "allocating a client id was refused: %s%s",
			n ? n : "error", qerr == 5 ? " (a leak elsewhere: power-cycle the modem)" : "");
	} else {
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "allocating a client id: %s", cl_strerror(err));
	}
	batch_step_done(a);
}

static void alloc(struct conn_qmi *a, uint8_t svc, uint8_t *out)
{
	struct conn_qmi_slot *s = slot(a);
	if (!s)
		return;
	s->cid_out = out;
	int r = qmi_client_alloc_cid(a->cl, svc, &a->opts, on_cid, s);
	if (r < 0) {
		s->used = false;
		set_err(a, r, 0, "cannot allocate a client id: %s", cl_strerror(r));
		return;
	}
	s->req_id = r;
	a->outstanding++;
}

static void open_alloc(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	alloc(a, QMI_SVC_DMS, &a->cid_dms);
	alloc(a, QMI_SVC_NAS, &a->cid_nas);
	alloc(a, QMI_SVC_WDA, &a->cid_wda);
	if (cfg->want_v4)
		alloc(a, QMI_SVC_WDS, &a->cid_wds[0]);
	if (cfg->want_v6)
		alloc(a, QMI_SVC_WDS, &a->cid_wds[1]);
	batch_step_done(a);
}

static void on_sync(struct qmi_client *cl, void *ud, int err)
{
	struct conn_qmi_slot *s = ud;
	struct conn_qmi *a = s->a;
	if (a->abandoning || !s->used)
		return;
	s->used = false;
	a->outstanding--;
	if (err)
		set_err(a, err, CONN_EXIT_MODEM_ERROR, "the modem did not answer CTL sync (%s)",
			cl_strerror(err));
	a->next = open_alloc;
	batch_step_done(a);
}

static void open_now(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	if (a->cl->open)
		qmi_client_close(a->cl);
	a->cid_dms = a->cid_nas = a->cid_wda = a->cid_wds[0] = a->cid_wds[1] = NO_CID;
	int r = qmi_client_open(a->cl, cfg->device);
	if (r < 0) {
		snprintf(a->why, sizeof(a->why), "%s", a->cl->errtext);
		conn_op_done(a->conn, r, r == -EBUSY ? CONN_EXIT_DEVICE_BUSY : CONN_EXIT_NO_DEVICE, a->why);
		return;
	}
	/* the first request after power-up may be swallowed: short timeout,
	 * a few resends; sync also frees ids a crashed run left behind */
	struct qmi_req_opts o = { .timeout_ms = 1500, .retries = 3 };
	struct conn_qmi_slot *s = slot(a);
	r = qmi_client_sync(a->cl, &o, on_sync, s);
	if (r < 0) {
		s->used = false;
		conn_op_done(a->conn, r, CONN_EXIT_MODEM_ERROR, "cannot send CTL sync");
		return;
	}
	s->req_id = r;
	a->outstanding++;
}

static int op_open(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	kick(a, open_now);
	return 0;
}

/* ---- identify ---- */

static int h_ident(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_status *st = &a->conn->st;
	if (err)
		return 0;       /* identity is informative; a modem without it still connects */
	switch (r->id) {
	case QMI_DMS_GET_MANUFACTURER: qmi_get_str(r, "manufacturer", st->manufacturer, sizeof(st->manufacturer)); break;
	case QMI_DMS_GET_MODEL: qmi_get_str(r, "model", st->model, sizeof(st->model)); break;
	case QMI_DMS_GET_REVISION: qmi_get_str(r, "revision", st->revision, sizeof(st->revision)); break;
	}
	return 0;
}

static int op_identify(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	static const uint16_t ids[] = { QMI_DMS_GET_MANUFACTURER, QMI_DMS_GET_MODEL, QMI_DMS_GET_REVISION };
	for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
		init_msg(a, QMI_SVC_DMS, a->cid_dms, ids[i]);
		send(a, 0, h_ident);
	}
	batch_step_done(a);
	return 0;
}

/* ---- power ---- */

static int h_set_mode(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		describe_failure(a, err, r, "bringing the modem online");
		return err;
	}
	a->conn->st.online = true;
	return 0;
}

static int h_get_mode(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		describe_failure(a, err, r, "reading the operating mode");
		return err;
	}
	uint64_t mode = 0;
	qmi_get_uint(r, "mode", &mode);
	if (mode == 0) {
		a->conn->st.online = true;
		return 0;
	}
	init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_SET_OPERATING_MODE);
	qmi_set_uint(&a->msg, "mode", 0);
	send(a, 0, h_set_mode);
	return 0;
}

static int op_power_up(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_GET_OPERATING_MODE);
	send(a, 0, h_get_mode);
	batch_step_done(a);
	return 0;
}

/* ---- SIM ---- */

static int h_uim_state(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_status *st = &a->conn->st;
	uint64_t v = 255;
	if (!err)
		qmi_get_uint(r, "state", &v);
	if (v == 2)
		st->sim = CONN_SIM_ABSENT;
	else if (v == 255 && st->sim != CONN_SIM_ABSENT)
		st->sim = CONN_SIM_NOT_READY;
	return 0;
}

static int h_pin_status(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_status *st = &a->conn->st;
	if (err == CL_E_QMI) {
		const char *n = qmi_error_name(r->error);
		if (n && (!strcmp(n, "sim-not-inserted") || !strcmp(n, "no-sim")))
			st->sim = CONN_SIM_ABSENT;
		else if (st->sim != CONN_SIM_ABSENT)
			st->sim = CONN_SIM_NOT_READY;  /* uim-uninitialized, device-not-ready, ... */
		return 0;
	}
	if (err)
		return err;
	uint64_t cur = 0, vr = 0, ur = 0;
	qmi_get_uint(r, "pin1-status.current-status", &cur);
	qmi_get_uint(r, "pin1-status.verify-retries-left", &vr);
	qmi_get_uint(r, "pin1-status.unblock-retries-left", &ur);
	st->pin_retries = (int)vr;
	st->puk_retries = (int)ur;
	if (st->sim == CONN_SIM_ABSENT)
		return 0;
	switch (cur) {
	case 0: st->sim = CONN_SIM_NOT_READY; break;
	case 1: st->sim = CONN_SIM_PIN; break;
	case 4: st->sim = CONN_SIM_PUK; break;
	case 5: st->sim = CONN_SIM_BLOCKED; break;
	default: st->sim = CONN_SIM_READY; break;
	}
	return 0;
}

static int op_sim_status(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	c->st.sim = CONN_SIM_UNKNOWN;
	init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_GET_STATE);
	send(a, 0, h_uim_state);
	init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_GET_PIN_STATUS);
	send(a, 0, h_pin_status);
	batch_step_done(a);
	return 0;
}

static int h_verify(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	uint64_t left;
	if (r && !qmi_get_uint(r, "pin-retries-status.verify-retries-left", &left))
		a->conn->st.pin_retries = (int)left;
	if (err) {
		set_err(a, err, CONN_EXIT_SIM_LOCKED, "the SIM refused the PIN (%d attempts left)",
			a->conn->st.pin_retries);
		return err;
	}
	return 0;
}

static int op_verify_pin(void *m, struct conn *c, const char *pin)
{
	struct conn_qmi *a = m;
	begin(a);
	init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_VERIFY_PIN);
	qmi_set_uint(&a->msg, "info.pin-id", 1);
	qmi_set_str(&a->msg, "info.pin", pin ? pin : "");
	send(a, 0, h_verify);
	memset(a->msg.bytes, 0, sizeof(a->msg.bytes));  /* no PIN left in memory */
	batch_step_done(a);
	return 0;
}

/* ---- data format ---- */

static int h_format(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		describe_failure(a, err, r, "WDA set-data-format");
		return err;
	}
	uint64_t llp = 1;
	qmi_get_uint(r, "link-layer-protocol", &llp);
	a->conn->st.modem_raw_ip = llp == 2;
	return 0;
}

static int op_data_format(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	init_msg(a, QMI_SVC_WDA, a->cid_wda, QMI_WDA_SET_DATA_FORMAT);
	qmi_set_uint(&a->msg, "link-layer-protocol", 2);
	qmi_set_uint(&a->msg, "uplink-data-aggregation-protocol", 0);
	qmi_set_uint(&a->msg, "downlink-data-aggregation-protocol", 0);
	send(a, 0, h_format);
	batch_step_done(a);
	return 0;
}

/* ---- registration (serving system: read from the raw TLVs, so it works
 * whatever the NAS table names) ---- */

static bool read_serving(const struct qmi_msg *r, struct conn_status *st)
{
	const struct qmi_tlv *t = qmi_tlv_by_id(r, 0x01);
	if (!t || t->len < 4)
		return false;
	uint8_t regs = t->raw[0], ps = t->raw[2];
	const struct qmi_tlv *roam = qmi_tlv_by_id(r, 0x10);
	bool roaming = roam && roam->len >= 1 && roam->raw[0] == 0;
	st->reg_text[0] = 0;
	switch (regs) {
	case 1:
		st->reg = roaming ? CONN_REG_ROAMING : CONN_REG_HOME;
		if (ps != 1) {
			st->reg = CONN_REG_SEARCHING;
			snprintf(st->reg_text, sizeof(st->reg_text), "registered, packet service not attached");
		}
		break;
	case 2: st->reg = CONN_REG_SEARCHING; break;
	case 3: st->reg = CONN_REG_DENIED; snprintf(st->reg_text, sizeof(st->reg_text), "registration denied by the network"); break;
	case 0: st->reg = CONN_REG_NOT_REGISTERED; snprintf(st->reg_text, sizeof(st->reg_text), "not registered, not searching"); break;
	default: st->reg = CONN_REG_UNKNOWN; break;
	}
	const struct qmi_tlv *plmn = qmi_tlv_by_id(r, 0x12);
	if (plmn && plmn->len >= 5) {
		unsigned n = plmn->raw[4];
		if (n > plmn->len - 5u)
			n = plmn->len - 5u;
		if (n >= sizeof(st->operator_name))
			n = sizeof(st->operator_name) - 1;
		memcpy(st->operator_name, plmn->raw + 5, n);
		st->operator_name[n] = 0;
	}
	return true;
}

static int h_serving(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		describe_failure(a, err, r, "NAS get-serving-system");
		return err;
	}
	if (!read_serving(r, &a->conn->st))
		a->conn->st.reg = CONN_REG_UNKNOWN;
	return 0;
}

static int op_reg_status(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	init_msg(a, QMI_SVC_NAS, a->cid_nas, QMI_NAS_GET_SERVING_SYSTEM);
	send(a, 0, h_serving);
	batch_step_done(a);
	return 0;
}

static void on_serving_ind(struct qmi_client *cl, void *ud, const struct qmi_msg *m)
{
	struct conn_qmi *a = ud;
	enum conn_reg before = a->conn->st.reg;
	if (read_serving(m, &a->conn->st) && a->conn->st.reg != before &&
	    a->conn->state == CONN_S_REG_WAIT)
		conn_post(a->conn, CONN_EV_REG_CHANGED);
}

/* ---- data sessions ---- */

/* 3GPP session management causes (TS 24.008 / 24.301) the network gives
 * as verbose call-end reasons of type 3gpp. */
static const struct { uint16_t n; const char *name; } cause_3gpp[] = {
	{ 8, "operator-determined-barring" }, { 26, "insufficient-resources" },
	{ 27, "unknown-apn" }, { 28, "unknown-pdp-address-or-type" },
	{ 29, "user-authentication-failed" }, { 30, "activation-rejected-by-ggsn" },
	{ 31, "activation-rejected-unspecified" }, { 32, "service-option-not-supported" },
	{ 33, "requested-service-option-not-subscribed" }, { 34, "service-option-temporarily-out-of-order" },
	{ 36, "regular-deactivation" }, { 38, "network-failure" }, { 50, "pdn-type-ipv4-only-allowed" },
	{ 51, "pdn-type-ipv6-only-allowed" }, { 55, "multiple-pdn-connections-not-allowed" },
	{ 112, "apn-restriction-incompatible" },
};

static void end_reason_text(const struct qmi_msg *r, struct conn_session *ss)
{
	char reason[64] = "", vtype[16] = "";
	uint64_t code = 0;
	int64_t vr = 0;
	if (!qmi_get_uint(r, "call-end-reason", &code))
		val_text(r, "call-end-reason", reason, sizeof(reason));
	ss->end_reason = (uint16_t)code;
	int n = snprintf(ss->end_text, sizeof(ss->end_text), "%s", reason[0] ? reason : "no reason given");
	if (qmi_has(r, "verbose-call-end-reason") && !qmi_get_int(r, "verbose-call-end-reason.reason", &vr)) {
		val_text(r, "verbose-call-end-reason.type", vtype, sizeof(vtype));
		const char *cn = NULL;
		if (!strcmp(vtype, "3gpp"))
			for (unsigned i = 0; i < ARRAY_SIZE(cause_3gpp); i++)
				if (cause_3gpp[i].n == vr)
					cn = cause_3gpp[i].name;
		if (n > 0 && (size_t)n < sizeof(ss->end_text))
			snprintf(ss->end_text + n, sizeof(ss->end_text) - (size_t)n, " (%s %s%s%lld%s)", vtype,
				 cn ? cn : "", cn ? " " : "", (long long)vr, "");
	}
}

static int h_start(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_session *ss = &a->conn->st.sess[s->idx];
	if (err) {
		ss->up = false;
		if (r && err == CL_E_QMI)
			end_reason_text(r, ss);
		else
			snprintf(ss->end_text, sizeof(ss->end_text), "%s", cl_strerror(err));
		return 0;       /* judged once both families answered */
	}
	uint64_t h = 0;
	qmi_get_uint(r, "packet-data-handle", &h);
	ss->handle = (uint32_t)h;
	ss->up = true;
	ss->end_text[0] = 0;
	return 0;
}

static void start_judge(struct conn_qmi *a)
{
	struct conn_status *st = &a->conn->st;
	int up = 0, wanted = 0;
	for (int i = 0; i < 2; i++) {
		wanted += st->sess[i].wanted;
		up += st->sess[i].wanted && st->sess[i].up;
	}
	if (!up && wanted) {
		int i = st->sess[0].wanted ? 0 : 1;
		set_err(a, CL_E_QMI, CONN_EXIT_CALL_REJECTED, "call-end reason %s",
			st->sess[i].end_text);
	}
	finish(a);
}

static void start_sessions(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	for (int i = 0; i < 2; i++) {
		struct conn_session *ss = &a->conn->st.sess[i];
		if (!ss->wanted)
			continue;
		ss->up = false;
		init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_START_NETWORK);
		if (cfg->apn)
			qmi_set_str(&a->msg, "apn", cfg->apn);
		if (cfg->auth != CONN_AUTH_NONE || cfg->username)
			qmi_set_uint(&a->msg, "authentication-preference", (uint64_t)cfg->auth);
		if (cfg->username)
			qmi_set_str(&a->msg, "username", cfg->username);
		if (cfg->password)
			qmi_set_str(&a->msg, "password", cfg->password);
		qmi_set_uint(&a->msg, "ip-family-preference", i ? 6 : 4);
		if (cfg->profile_index)
			qmi_set_uint(&a->msg, "profile-index-3gpp", cfg->profile_index);
		send(a, i, h_start);
		memset(a->msg.bytes, 0, sizeof(a->msg.bytes));  /* no password left behind */
	}
	a->next = NULL;
	if (!a->outstanding)
		start_judge(a);
	else
		a->next = start_judge;
}

static int h_family(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	return 0;       /* older firmware lacks set-ip-family: the start request carries it too */
}

static int op_start(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	/* each session's client says which family it speaks, so its
	 * indications and settings are that family's */
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].wanted)
			continue;
		init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_SET_IP_FAMILY);
		qmi_set_uint(&a->msg, "preference", i ? 6 : 4);
		send(a, i, h_family);
	}
	a->next = start_sessions;
	batch_step_done(a);
	return 0;
}

/* start_judge is reached through next only when every answer is in */

static uint8_t mask_prefix(const char *mask)
{
	unsigned b[4];
	if (sscanf(mask, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) != 4)
		return 32;
	uint32_t m = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	uint8_t n = 0;
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

static int h_settings(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_ip *ip = &a->conn->st.sess[s->idx].ip;
	memset(ip, 0, sizeof(*ip));
	if (err) {
		describe_failure(a, err, r, "WDS get-current-settings");
		return err;
	}
	uint64_t mtu = 0;
	qmi_get_uint(r, "mtu", &mtu);
	ip->mtu = (uint32_t)mtu;
	if (s->idx == 0) {
		char mask[48];
		ip->family = 4;
		val_text(r, "ipv4-address", ip->addr, sizeof(ip->addr));
		val_text(r, "ipv4-gateway-address", ip->gateway, sizeof(ip->gateway));
		val_text(r, "ipv4-gateway-subnet-mask", mask, sizeof(mask));
		val_text(r, "primary-ipv4-dns-address", ip->dns[0], sizeof(ip->dns[0]));
		val_text(r, "secondary-ipv4-dns-address", ip->dns[1], sizeof(ip->dns[1]));
		ip->prefix = mask[0] ? mask_prefix(mask) : 32;
	} else {
		uint64_t plen = 64;
		ip->family = 6;
		val_text(r, "ipv6-address.address", ip->addr, sizeof(ip->addr));
		qmi_get_uint(r, "ipv6-address.prefix-length", &plen);
		ip->prefix = (uint8_t)plen;
		val_text(r, "ipv6-gateway-address.address", ip->gateway, sizeof(ip->gateway));
		val_text(r, "ipv6-primary-dns-address", ip->dns[0], sizeof(ip->dns[0]));
		val_text(r, "ipv6-secondary-dns-address", ip->dns[1], sizeof(ip->dns[1]));
	}
	ip->valid = ip->addr[0] != 0;
	if (!ip->valid)
		set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR,
			"the modem gave no IPv%d address for the session", ip->family);
	return ip->valid ? 0 : CL_E_PROTOCOL;
}

static int op_settings(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].up)
			continue;
		init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_GET_CURRENT_SETTINGS);
		/* dns, ip-address, gateway-info, mtu, ip-family */
		qmi_set_uint(&a->msg, "requested-settings", 1u << 4 | 1u << 8 | 1u << 9 | 1u << 13 | 1u << 15);
		send(a, i, h_settings);
	}
	batch_step_done(a);
	return 0;
}

/* ---- liveness ---- */

static int h_pss(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		describe_failure(a, err, r, "WDS get-packet-service-status");
		return err;
	}
	uint64_t v = 0;
	qmi_get_uint(r, "connection-status", &v);
	if (v != 2)
		a->conn->st.sessions_connected = false;
	return 0;
}

static int h_stats(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err)
		return 0;       /* counters are a bonus; the session state decides */
	uint64_t tx = 0, rx = 0;
	qmi_get_uint(r, "tx-packets-ok", &tx);
	qmi_get_uint(r, "rx-packets-ok", &rx);
	a->conn->st.tx_packets += tx;
	a->conn->st.rx_packets += rx;
	return 0;
}

static int op_liveness(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	c->st.sessions_connected = true;
	c->st.tx_packets = c->st.rx_packets = 0;
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].up)
			continue;
		init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_GET_PACKET_SERVICE_STATUS);
		send(a, i, h_pss);
		init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_GET_PACKET_STATISTICS);
		qmi_set_uint(&a->msg, "mask", 0x3);
		send(a, i, h_stats);
	}
	batch_step_done(a);
	return 0;
}

static void on_pss_ind(struct qmi_client *cl, void *ud, const struct qmi_msg *m)
{
	struct conn_qmi *a = ud;
	struct conn *c = a->conn;
	for (int i = 0; i < 2; i++) {
		if (m->client != a->cid_wds[i] || !c->st.sess[i].up)
			continue;
		uint64_t v = 0;
		if (qmi_get_uint(m, "connection-status.status", &v) || v != 1)
			continue;
		c->st.sess[i].up = false;
		end_reason_text(m, &c->st.sess[i]);
		if (c->state == CONN_S_CONNECTED || c->state == CONN_S_CHECKING) {
			snprintf(c->why, sizeof(c->why), "the network ended the ipv%d session: %s", i ? 6 : 4,
				 c->st.sess[i].end_text);
			conn_post(c, CONN_EV_DROP);
		}
	}
}

/* ---- stop, close ---- */

static int h_stop(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	a->conn->st.sess[s->idx].up = false;
	return 0;       /* a session the modem already dropped is as good as stopped */
}

static int op_stop(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	if (!a->cl->open || a->cl->tr.gone) {
		for (int i = 0; i < 2; i++)
			c->st.sess[i].up = false;
		kick(a, finish);
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		if (!c->st.sess[i].up)
			continue;
		/* each session is stopped on the client that started it */
		init_msg(a, QMI_SVC_WDS, a->cid_wds[i], QMI_WDS_STOP_NETWORK);
		qmi_set_uint(&a->msg, "packet-data-handle", c->st.sess[i].handle);
		send(a, i, h_stop);
	}
	batch_step_done(a);
	return 0;
}

static void close_now(struct conn_qmi *a)
{
	if (a->cl->open)
		qmi_client_close(a->cl);
	finish(a);
}

static void on_released(struct qmi_client *cl, void *ud, int err)
{
	struct conn_qmi *a = ud;
	kick(a, close_now);     /* never close the client inside its own callback */
}

static int op_close(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	begin(a);
	if (!a->cl->open || a->cl->tr.gone || !qmi_client_cids_held(a->cl)) {
		kick(a, close_now);
		return 0;
	}
	if (qmi_client_release_all(a->cl, 2000, on_released, a) < 0)
		kick(a, close_now);
	return 0;
}

/* ---- the device went away ---- */

static void gone_cb(struct ev_timer *t)
{
	struct conn_qmi *a = container_of(t, struct conn_qmi, gone_timer);
	conn_post(a->conn, CONN_EV_GONE);
}

static void on_gone(struct qmi_client *cl, void *ud, const char *why)
{
	struct conn_qmi *a = ud;
	snprintf(a->conn->why, sizeof(a->conn->why), "%s", why);
	ev_timer_set(a->loop, &a->gone_timer, 0);
}

const struct conn_modem_ops conn_qmi_ops = {
	.open = op_open,
	.identify = op_identify,
	.power_up = op_power_up,
	.sim_status = op_sim_status,
	.verify_pin = op_verify_pin,
	.data_format = op_data_format,
	.reg_status = op_reg_status,
	.start = op_start,
	.settings = op_settings,
	.liveness = op_liveness,
	.stop = op_stop,
	.close = op_close,
};

struct conn_qmi *conn_qmi_new(struct ev_loop *loop, struct conn *conn)
{
	struct conn_qmi *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->cl = malloc(sizeof(*a->cl));
	if (!a->cl) {
		free(a);
		return NULL;
	}
	a->loop = loop;
	a->conn = conn;
	a->kick.cb = kick_cb;
	a->gone_timer.cb = gone_cb;
	a->opts.timeout_ms = conn->cfg->op_timeout_ms ? conn->cfg->op_timeout_ms : 10000;
	qmi_client_init(a->cl, loop);
	a->cl->on_gone = on_gone;
	a->cl->gone_ud = a;
	qmi_client_on_indication(a->cl, QMI_SVC_WDS, QMI_WDS_PACKET_SERVICE_STATUS, on_pss_ind, a);
	qmi_client_on_indication(a->cl, QMI_SVC_NAS, QMI_NAS_SERVING_SYSTEM, on_serving_ind, a);
	return a;
}

void conn_qmi_free(struct conn_qmi *a)
{
	if (!a)
		return;
	begin(a);
	ev_timer_cancel(a->loop, &a->kick);
	ev_timer_cancel(a->loop, &a->gone_timer);
	qmi_client_close(a->cl);
	free(a->cl);
	free(a);
}
