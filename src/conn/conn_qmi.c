/* struct conn_modem_ops in QMI: the bring-up operations (open and client
 * ids, identity, power, SIM, data format, registration), close, and the
 * table. Batches: conn_qmi_batch.c; data sessions: conn_qmi_session.c. */
#include "conn/conn_qmi_int.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "qmi/ids.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- open: device, CTL sync, client ids ---- */

/* Another adapter holding the shared device (its ids on it). */
static unsigned other_holders(const struct conn_qmi *a)
{
	unsigned n = 0;
	for (unsigned i = 0; i < a->dev->n_users; i++)
		n += a->dev->users[i] != a && a->dev->users[i]->holds;
	return n;
}

/* Every id granted to this adapter, so that it alone can give them back
 * while another PDN keeps the device. */
static void note_id(struct conn_qmi *a, uint8_t svc, uint8_t cid)
{
	if (a->n_ids < CONN_QMI_IDS) {
		a->ids[a->n_ids].svc = svc;
		a->ids[a->n_ids++].cid = cid;
	}
}

static void on_cid(struct qmi_client *cl, void *ud, int err, uint8_t cid, uint16_t qerr)
{
	struct conn_qmi_slot *s = ud;
	struct conn_qmi *a = s->a;
	if (!err && s->used)
		note_id(a, (uint8_t)s->idx, cid);
	if (s->abandoned) {
		/* the client recorded a granted id: close will release it */
		s->used = s->abandoned = false;
		return;
	}
	if (a->abandoning || !s->used)
		return;
	s->used = false;
	a->outstanding--;
	if (!err) {
		*s->cid_out = cid;
	} else if (err == CL_E_QMI) {
		const char *n = qmi_error_name(qerr);
		cq_set_err(a, err, CONN_EXIT_MODEM_ERROR, "allocating a client id was refused: %s%s",
			n ? n : "error",
			qerr == QMI_ERR_CLIENT_IDS_EXHAUSTED ? " (a leak elsewhere: power-cycle the modem)" : "");
	} else {
		cq_set_err(a, err, CONN_EXIT_MODEM_ERROR, "allocating a client id: %s", cl_strerror(err));
	}
	cq_step_done(a);
}

static void alloc(struct conn_qmi *a, uint8_t svc, uint8_t *out)
{
	struct conn_qmi_slot *s = cq_slot(a);
	if (!s)
		return;
	s->cid_out = out;
	s->idx = svc;
	int r = qmi_client_alloc_cid(a->cl, svc, &a->opts, on_cid, s);
	if (r < 0) {
		s->used = false;
		cq_set_err(a, r, 0, "cannot allocate a client id: %s", cl_strerror(r));
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
	cq_step_done(a);
}

static void on_sync(struct qmi_client *cl, void *ud, int err)
{
	struct conn_qmi_slot *s = ud;
	struct conn_qmi *a = s->a;
	struct conn_qmi_dev *d = a->dev;
	/* the other PDNs that waited for this open go on with it (or fail
	 * with it), whatever became of the adapter that sent it */
	d->syncing = false;
	for (unsigned i = 0; i < d->n_users; i++) {
		struct conn_qmi *u = d->users[i];
		if (u == a || !u->wait_sync)
			continue;
		u->wait_sync = false;
		u->outstanding--;
		u->gen = d->gen;
		if (err)
			cq_set_err(u, err, CONN_EXIT_MODEM_ERROR, "the modem did not answer CTL sync (%s)",
				   cl_strerror(err));
		else
			u->next = open_alloc;
		cq_step_done(u);
	}
	if (a->abandoning || !s->used)
		return;
	s->used = false;
	a->outstanding--;
	if (err)
		cq_set_err(a, err, CONN_EXIT_MODEM_ERROR, "the modem did not answer CTL sync (%s)",
			cl_strerror(err));
	a->next = open_alloc;
	cq_step_done(a);
}

static void open_now(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	struct conn_qmi_dev *d = a->dev;
	a->cid_dms = a->cid_nas = a->cid_wda = a->cid_wds[0] = a->cid_wds[1] = NO_CID;
	a->n_ids = 0;
	if (other_holders(a) && a->cl->open && !a->cl->tr.st.gone) {
		/* another PDN of this modem has the device open: no second
		 * open, lock or CTL sync (it would drop that PDN's ids); only
		 * this adapter's own client ids */
		a->holds = true;
		if (d->syncing) {
			a->wait_sync = true;    /* its CTL sync first (on_sync) */
			a->outstanding++;
			return;
		}
		a->gen = d->gen;
		open_alloc(a);
		return;
	}
	a->holds = false;
	if (a->cl->open)
		qmi_client_close(a->cl);
	int r = qmi_client_open(a->cl, cfg->device);
	if (r < 0) {
		snprintf(a->why, sizeof(a->why), "%s", a->cl->errtext);
		if (r == -EBUSY && cfg->mux_id)
			snprintf(a->why + strlen(a->why), sizeof(a->why) - strlen(a->why),
				 "; a PDN on QMAP mux id %u beside one that runs needs the same process: put both "
				 "sections in one configuration and run them under one 'cellink daemon'",
				 cfg->mux_id);
		conn_op_done(a->conn, r, r == -EBUSY ? CONN_EXIT_DEVICE_BUSY : CONN_EXIT_NO_DEVICE, a->why);
		return;
	}
	a->holds = true;
	a->gen = ++d->gen;
	d->format_done = false;
	/* the first request after power-up may be swallowed: short timeout,
	 * a few resends; sync also frees ids a crashed run left behind */
	struct qmi_req_opts o = { .timeout_ms = 1500, .retries = 3 };
	struct conn_qmi_slot *s = cq_slot(a);
	r = qmi_client_sync(a->cl, &o, on_sync, s);
	if (r < 0) {
		s->used = false;
		conn_op_done(a->conn, r, CONN_EXIT_MODEM_ERROR, "cannot send CTL sync");
		return;
	}
	d->syncing = true;
	s->req_id = r;
	a->outstanding++;
}

static int op_open(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	cq_kick(a, open_now);
	return 0;
}

/* ---- identify ---- */

static void read_versions(const struct qmi_msg *r, struct conn_status *st)
{
	const struct qmi_val *list = qmi_fget(r, QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST);
	st->n_services = list ? list->n : 0;
	for (unsigned i = 0; list && i < list->n; i++) {
		uint64_t svc, maj, min;
		if (qmi_eget_uint(&list->kids[i], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_SERVICE, &svc) == 0 &&
		    qmi_eget_uint(&list->kids[i], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MAJOR_VERSION, &maj) == 0 &&
		    qmi_eget_uint(&list->kids[i], QMIF_CTL_GET_VERSION_INFO_RS_SERVICE_LIST_MINOR_VERSION, &min) == 0 &&
		    svc == QMI_SVC_WDS)
			snprintf(st->wds_version, sizeof(st->wds_version), "%u.%u", (unsigned)maj, (unsigned)min);
	}
}

static int h_ident(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_status *st = &a->conn->st;
	uint64_t v;
	if (err)
		return 0;       /* identity is informative; a modem without it still connects */
	if (r->service == QMI_SVC_CTL) {
		read_versions(r, st);
		return 0;
	}
	switch (r->id) {
	/* identity is informative: a missing field stays "" */
	case QMI_DMS_GET_MANUFACTURER:
		if (qmi_fget_str(r, QMIF_DMS_GET_MANUFACTURER_RS_MANUFACTURER, st->manufacturer,
				 sizeof(st->manufacturer)) < 0)
			st->manufacturer[0] = 0;
		break;
	case QMI_DMS_GET_MODEL:
		if (qmi_fget_str(r, QMIF_DMS_GET_MODEL_RS_MODEL, st->model, sizeof(st->model)) < 0)
			st->model[0] = 0;
		break;
	case QMI_DMS_GET_REVISION:
		if (qmi_fget_str(r, QMIF_DMS_GET_REVISION_RS_REVISION, st->revision, sizeof(st->revision)) < 0)
			st->revision[0] = 0;
		break;
	case QMI_DMS_GET_CAPABILITIES:
		if (!qmi_fget_uint(r, QMIF_DMS_GET_CAPABILITIES_RS_INFO_MAX_TX_CHANNEL_RATE, &v))
			st->max_tx_bps = v;
		if (!qmi_fget_uint(r, QMIF_DMS_GET_CAPABILITIES_RS_INFO_MAX_RX_CHANNEL_RATE, &v))
			st->max_rx_bps = v;
		break;
	}
	return 0;
}

static int op_identify(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	/* versions, identity and capabilities, all at once */
	cq_init_msg(a, QMI_SVC_CTL, 0, QMI_CTL_GET_VERSION_INFO);
	cq_send(a, 0, h_ident);
	static const uint16_t ids[] = { QMI_DMS_GET_MANUFACTURER, QMI_DMS_GET_MODEL, QMI_DMS_GET_REVISION,
					QMI_DMS_GET_CAPABILITIES };
	for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
		cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, ids[i]);
		cq_send(a, 0, h_ident);
	}
	cq_step_done(a);
	return 0;
}

/* ---- power ---- */

static int h_set_mode(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, "bringing the modem online");
		return err;
	}
	a->conn->st.online = true;
	return 0;
}

static int h_get_mode(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, "reading the operating mode");
		return err;
	}
	uint64_t mode = 0;
	if (qmi_fget_uint(r, QMIF_DMS_GET_OPERATING_MODE_RS_MODE, &mode) < 0) {
		cq_set_err(a, CL_E_PROTOCOL, CONN_EXIT_MODEM_ERROR, "DMS get-operating-mode: %s", r->errtext);
		return CL_E_PROTOCOL;
	}
	if (mode == 0) {
		a->conn->st.online = true;
		return 0;
	}
	cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_SET_OPERATING_MODE);
	cq_set_uint(a, QMIF_DMS_SET_OPERATING_MODE_RQ_MODE, 0);
	cq_send(a, 0, h_set_mode);
	return 0;
}

static int op_power_up(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_GET_OPERATING_MODE);
	cq_send(a, 0, h_get_mode);
	cq_step_done(a);
	return 0;
}

/* ---- SIM ---- */

static int h_uim_state(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_status *st = &a->conn->st;
	uint64_t v = 255;
	if (!err && qmi_fget_uint(r, QMIF_DMS_UIM_GET_STATE_RS_STATE, &v) < 0)
		v = 255;        /* no state: as unknown */
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
		if (r->error == QMI_ERR_NO_SIM)
			st->sim = CONN_SIM_ABSENT;
		else if (st->sim != CONN_SIM_ABSENT)
			st->sim = CONN_SIM_NOT_READY;  /* uim-uninitialized, device-not-ready, ... */
		return 0;
	}
	if (err)
		return err;
	uint64_t cur = 0, vr = 0, ur = 0;
	if (qmi_fget_uint(r, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_CURRENT_STATUS, &cur) < 0 ||
	    qmi_fget_uint(r, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_VERIFY_RETRIES_LEFT, &vr) < 0 ||
	    qmi_fget_uint(r, QMIF_DMS_UIM_GET_PIN_STATUS_RS_PIN1_STATUS_UNBLOCK_RETRIES_LEFT, &ur) < 0)
		cur = vr = ur = 0;      /* no PIN1 status: not ready yet */
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

/* The card's ICCID: the salt of the refused-PIN memory. A modem that does
 * not answer leaves it "" (then every such card shares one memory). */
static int h_iccid(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	struct conn_status *st = &a->conn->st;
	if (!err && qmi_fget_str(r, QMIF_DMS_UIM_GET_ICCID_RS_ICCID, st->iccid, sizeof st->iccid) >= 0)
		return 0;
	st->iccid[0] = 0;
	return 0;
}

static int op_sim_status(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	c->st.sim = CONN_SIM_UNKNOWN;
	cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_GET_STATE);
	cq_send(a, 0, h_uim_state);
	cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_GET_PIN_STATUS);
	cq_send(a, 0, h_pin_status);
	cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_GET_ICCID);
	cq_send(a, 0, h_iccid);
	cq_step_done(a);
	return 0;
}

static int h_verify(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	uint64_t left;
	struct conn_status *st = &a->conn->st;
	int before = st->pin_retries;
	if (r && !qmi_fget_uint(r, QMIF_DMS_UIM_VERIFY_PIN_RS_PIN_RETRIES_STATUS_VERIFY_RETRIES_LEFT, &left))
		st->pin_retries = (int)left;
	if (err) {
		/* the SIM's verdict: the PIN is wrong (or it just cost the last attempt) */
		const char *n = err == CL_E_QMI && r ? qmi_error_name(r->error) : NULL;
		st->pin_refused = (n && (!strcmp(n, "incorrect-pin") || !strcmp(n, "pin-blocked") ||
					 !strcmp(n, "pin-always-blocked"))) ||
				  (err == CL_E_QMI && st->pin_retries < before);
		cq_set_err(a, err, CONN_EXIT_SIM_LOCKED, "the SIM %s the PIN (" CONN_ATTEMPTS_FMT ")",
			   st->pin_refused ? "refused" : "did not verify", CONN_ATTEMPTS(st->pin_retries));
		return err;
	}
	return 0;
}

static int op_verify_pin(void *m, struct conn *c, const char *pin)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_UIM_VERIFY_PIN);
	cq_set_uint(a, QMIF_DMS_UIM_VERIFY_PIN_RQ_INFO_PIN_ID, 1);
	cq_set_str(a, QMIF_DMS_UIM_VERIFY_PIN_RQ_INFO_PIN, pin ? pin : "");
	cq_send(a, 0, h_verify);
	explicit_bzero(a->msg.bytes, sizeof(a->msg.bytes));     /* no PIN left in memory */
	cq_step_done(a);
	return 0;
}

/* ---- data format ---- */

static int h_format(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, "WDA set-data-format");
		return err;
	}
	uint64_t llp = 1;
	if (qmi_fget_uint(r, QMIF_WDA_SET_DATA_FORMAT_RS_LINK_LAYER_PROTOCOL, &llp) < 0)
		llp = 1;        /* not said: 802.3 */
	a->conn->st.modem_raw_ip = llp == 2;
	a->conn->st.modem_qmap = cq_field_is(r, QMIF_WDA_SET_DATA_FORMAT_RS_UPLINK_DATA_AGGREGATION_PROTOCOL, "qmap") &&
				 cq_field_is(r, QMIF_WDA_SET_DATA_FORMAT_RS_DOWNLINK_DATA_AGGREGATION_PROTOCOL, "qmap");
	if (a->gen == a->dev->gen) {
		a->dev->format_done = true;
		a->dev->format_raw_ip = a->conn->st.modem_raw_ip;
		a->dev->format_qmap = a->conn->st.modem_qmap;
	}
	return 0;
}

static int op_data_format(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	struct conn_qmi_dev *d = a->dev;
	cq_begin(a);
	if (other_holders(a) && d->format_done && a->gen == d->gen && (!c->cfg->mux_id || d->format_qmap)) {
		/* another PDN set it since the open: asking again could
		 * disturb its data path */
		c->st.modem_raw_ip = d->format_raw_ip;
		c->st.modem_qmap = d->format_qmap;
		cq_kick(a, cq_finish);
		return 0;
	}
	cq_init_msg(a, QMI_SVC_WDA, a->cid_wda, QMI_WDA_SET_DATA_FORMAT);
	cq_set_uint(a, QMIF_WDA_SET_DATA_FORMAT_RQ_LINK_LAYER_PROTOCOL, 2);
	/* QMAP: each packet carries its mux id; one datagram per transfer, so
	 * the base interface's buffers need not grow to an aggregate */
	const char *agg = c->cfg->mux_id ? "qmap" : "disabled";
	cq_set_text(a, QMIF_WDA_SET_DATA_FORMAT_RQ_UPLINK_DATA_AGGREGATION_PROTOCOL, agg);
	cq_set_text(a, QMIF_WDA_SET_DATA_FORMAT_RQ_DOWNLINK_DATA_AGGREGATION_PROTOCOL, agg);
	if (c->cfg->mux_id)
		cq_set_uint(a, QMIF_WDA_SET_DATA_FORMAT_RQ_DOWNLINK_DATA_AGGREGATION_MAX_DATAGRAMS, 1);
	cq_send(a, 0, h_format);
	cq_step_done(a);
	return 0;
}

/* ---- registration ---- */

/* The get-serving-system answer or the serving-system indication: the
 * same fields, by the handles of each. */
static bool read_serving(const struct qmi_msg *r, struct conn_status *st)
{
	bool ind = r->kind == QMI_INDICATION;
	uint64_t regs, ps, roam;
	if (qmi_fget_uint(r, ind ? QMIF_NAS_SERVING_SYSTEM_IN_SERVING_SYSTEM_REGISTRATION_STATE
				 : QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_REGISTRATION_STATE, &regs) < 0 ||
	    qmi_fget_uint(r, ind ? QMIF_NAS_SERVING_SYSTEM_IN_SERVING_SYSTEM_PS_ATTACH_STATE
				 : QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_PS_ATTACH_STATE, &ps) < 0)
		return false;
	bool roaming = qmi_fget_uint(r, ind ? QMIF_NAS_SERVING_SYSTEM_IN_ROAMING_INDICATOR
					    : QMIF_NAS_GET_SERVING_SYSTEM_RS_ROAMING_INDICATOR, &roam) == 0 &&
		       roam == 0;
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
	char name[sizeof(st->operator_name)];
	if (qmi_fget_str(r, ind ? QMIF_NAS_SERVING_SYSTEM_IN_CURRENT_PLMN_DESCRIPTION
				: QMIF_NAS_GET_SERVING_SYSTEM_RS_CURRENT_PLMN_DESCRIPTION, name, sizeof(name)) >= 0)
		snprintf(st->operator_name, sizeof(st->operator_name), "%s", name);
	return true;
}

static int h_serving(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, "NAS get-serving-system");
		return err;
	}
	if (!read_serving(r, &a->conn->st))
		a->conn->st.reg = CONN_REG_UNKNOWN;
	return 0;
}

static int op_reg_status(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	cq_init_msg(a, QMI_SVC_NAS, a->cid_nas, QMI_NAS_GET_SERVING_SYSTEM);
	cq_send(a, 0, h_serving);
	cq_step_done(a);
	return 0;
}

static void on_serving_ind(struct qmi_client *cl, void *ud, const struct qmi_msg *m)
{
	struct conn_qmi *a = ud;
	enum conn_reg before = a->conn->st.reg;
	/* waiting, or up (the machine checks the link: roaming '0') */
	if (read_serving(m, &a->conn->st) && a->conn->st.reg != before &&
	    (a->conn->state == CONN_S_REG_WAIT || a->conn->state == CONN_S_CONNECTED))
		conn_post(a->conn, CONN_EV_REG_CHANGED);
}

/* ---- network selection: radio modes, manual registration ---- */

/* libqmi's QmiNasRatModePreference bits for our modes */
static unsigned rat_mode_pref(unsigned modes)
{
	static const struct { unsigned mode, pref; } map[] = {
		{ CONN_MODES_CDMA, 0x01 | 0x02 },       /* cdma-1x, cdma-1xevdo */
		{ CONN_MODES_GSM, 0x04 }, { CONN_MODES_UMTS, 0x08 }, { CONN_MODES_LTE, 0x10 },
		{ CONN_MODES_TDSCDMA, 0x20 },
	};
	unsigned pref = 0;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (modes & map[i].mode)
			pref |= map[i].pref;
	return pref;
}

/* The radio interface a manual registration asks for: the best the modes allow. */
static unsigned manual_rat(unsigned modes)
{
	if (modes == CONN_MODES_ALL || (modes & CONN_MODES_LTE))
		return 8;               /* lte */
	if (modes & CONN_MODES_UMTS)
		return 5;               /* umts */
	if (modes & CONN_MODES_GSM)
		return 4;               /* gsm */
	if (modes & CONN_MODES_TDSCDMA)
		return 9;               /* td-scdma */
	return 8;
}

static int h_register(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	const char *plmn = a->conn->cfg->plmn;
	if (err == CL_E_QMI && r) {
		if (r->error == QMI_ERR_NO_EFFECT)
			return 0;       /* already registered there */
		const char *n = qmi_error_name(r->error);
		cq_set_err(a, err, CONN_EXIT_NO_REGISTRATION,
			"manual registration on the network %s failed: the modem answered %s", plmn,
			n ? n : "an error");
		return err;
	}
	if (err) {
		cq_describe_failure(a, err, r, "NAS initiate-network-register");
		return err;
	}
	return 0;
}

static void send_register(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	uint16_t mcc, mnc;
	bool mnc3;
	if (conn_plmn_parse(cfg->plmn, &mcc, &mnc, &mnc3) < 0) {
		cq_set_err(a, -EINVAL, CONN_EXIT_USAGE,
			"plmn \"%s\" is not an MCC and MNC (5 or 6 digits, e.g. 26201)", cfg->plmn);
		return;
	}
	cq_init_msg(a, QMI_SVC_NAS, a->cid_nas, QMI_NAS_INITIATE_NETWORK_REGISTER);
	cq_set_uint(a, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_ACTION, 2);     /* manual */
	cq_set_uint(a, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_MANUAL_REGISTRATION_INFO_3GPP_MCC, mcc);
	cq_set_uint(a, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_MANUAL_REGISTRATION_INFO_3GPP_MNC, mnc);
	cq_set_uint(a, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_MANUAL_REGISTRATION_INFO_3GPP_RADIO_INTERFACE,
		    manual_rat(cfg->modes));
	if (mnc3)
		cq_set_uint(a, QMIF_NAS_INITIATE_NETWORK_REGISTER_RQ_MNC_PCS_DIGIT_INCLUDE_STATUS, 1);
	cq_send(a, 0, h_register);
}

static int h_preference(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, a->conn->cfg->bands && a->conn->cfg->bands->given
				    ? "NAS set-system-selection-preference (modes and bands)"
				    : "NAS set-system-selection-preference (modes)");
		return err;
	}
	return 0;
}

/* The modes and the band lock in one request; then a manual registration. */
static void send_preference(struct conn_qmi *a)
{
	const struct conn_config *cfg = a->conn->cfg;
	cq_init_msg(a, QMI_SVC_NAS, a->cid_nas, QMI_NAS_SET_SYSTEM_SELECTION_PREFERENCE);
	if (cfg->modes != CONN_MODES_ALL)
		cq_set_uint(a, QMIF_NAS_SET_SYSTEM_SELECTION_PREFERENCE_RQ_MODE_PREFERENCE, rat_mode_pref(cfg->modes));
	if (cfg->bands && cfg->bands->given) {
		int e = qmi_bands_fill_set(&a->msg, cfg->bands, &a->caps);
		if (e < 0) {
			cq_set_err(a, e, CONN_EXIT_USAGE, "the band lock cannot be written: %s", a->msg.errtext);
			a->msg_bad = true;
		}
	}
	cq_send(a, 0, h_preference);
	if (cfg->plmn && cfg->plmn[0])
		a->next = send_register;
}

/* The bands the modem supports: a lock naming another is refused here,
 * before anything is sent. */
static int h_band_caps(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *r)
{
	if (err) {
		cq_describe_failure(a, err, r, "DMS get-band-capabilities (for lte_bands/nr_bands)");
		return err;
	}
	char why[400];
	qmi_bands_caps(r, &a->caps);
	if (qmi_bands_check(a->conn->cfg->bands, &a->caps, why, sizeof why) < 0) {
		cq_set_err(a, -EINVAL, CONN_EXIT_USAGE, "lte_bands/nr_bands: %s", why);
		return -EINVAL;
	}
	a->next = send_preference;
	return 0;
}

static int op_select_network(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	const struct conn_config *cfg = c->cfg;
	bool manual = cfg->plmn && cfg->plmn[0];
	cq_begin(a);
	/* the modes and bands first: the registration that follows obeys them */
	if (cfg->bands && cfg->bands->given) {
		cq_init_msg(a, QMI_SVC_DMS, a->cid_dms, QMI_DMS_GET_BAND_CAPABILITIES);
		cq_send(a, 0, h_band_caps);
	} else if (cfg->modes != CONN_MODES_ALL) {
		send_preference(a);
	} else if (manual) {
		send_register(a);
	}
	cq_step_done(a);
	return 0;
}

static bool guests_pending(const struct conn_qmi *a);
static void on_released(struct qmi_client *cl, void *ud, int err);

static void close_now(struct conn_qmi *a)
{
	/* the device stays open while another PDN holds it; the last one to
	 * let go (two may have started closing together, each seeing the
	 * other) waits for a toolbox op's answers, gives back what is left,
	 * and closes */
	if (a->cl->open && !other_holders(a)) {
		if (guests_pending(a)) {
			a->kick_fn = close_now;
			ev_timer_set(a->loop, &a->kick, 20);
			return;
		}
		if (!a->released_all && !a->cl->tr.st.gone && qmi_client_cids_held(a->cl)) {
			a->released_all = true;
			if (qmi_client_release_all(a->cl, 2000, on_released, a) == 0)
				return;
		}
		qmi_client_close(a->cl);
	}
	a->released_all = false;
	a->holds = false;
	a->n_ids = 0;
	/* given back: a toolbox op must not use them on a client another
	 * PDN keeps open (the modem may grant the numbers again) */
	a->cid_dms = a->cid_nas = a->cid_wda = a->cid_wds[0] = a->cid_wds[1] = NO_CID;
	cq_finish(a);
}

static void on_released(struct qmi_client *cl, void *ud, int err)
{
	struct conn_qmi *a = ud;
	cq_kick(a, close_now);     /* never close the client inside its own callback */
}

static void on_own_released(struct qmi_client *cl, void *ud, int err)
{
	struct conn_qmi *a = ud;
	if (a->releasing && --a->releasing == 0)
		cq_kick(a, close_now);
}

/* Another PDN keeps the device: give back this adapter's ids alone. */
static void release_own(struct conn_qmi *a)
{
	struct qmi_req_opts o = { .timeout_ms = 2000 };
	a->releasing = 0;
	unsigned n = a->gen == a->dev->gen && a->cl->open && !a->cl->tr.st.gone ? a->n_ids : 0;
	a->n_ids = 0;
	for (unsigned i = 0; i < n; i++) {
		int r = qmi_client_release_cid(a->cl, a->ids[i].svc, a->ids[i].cid, &o, on_own_released, a);
		if (r >= 0)
			a->rel_req[a->releasing++] = r;
	}
	if (!a->releasing)
		cq_kick(a, close_now);
}

/* A toolbox op running over this client (a daemon's) waits for answers
 * that a release or a close would lose; each has its own timeout. */
static bool guests_pending(const struct conn_qmi *a)
{
	return a->cl->open && !a->cl->tr.st.gone && qmi_client_guests(a->cl) > 0;
}

static void close_release(struct conn_qmi *a)
{
	bool shared = other_holders(a);
	if ((cq_allocs_pending(a) || (!shared && guests_pending(a))) && a->cl->open && !a->cl->tr.st.gone) {
		/* an id may still be granted: wait for the answer (each request
		 * has its timeout), then release it with the others */
		a->kick_fn = close_release;
		ev_timer_set(a->loop, &a->kick, 20);
		return;
	}
	if (shared) {
		release_own(a);
		return;
	}
	if (!a->cl->open || a->cl->tr.st.gone || !qmi_client_cids_held(a->cl)) {
		close_now(a);
		return;
	}
	if (qmi_client_release_all(a->cl, 2000, on_released, a) < 0)
		close_now(a);
}

static int op_close(void *m, struct conn *c)
{
	struct conn_qmi *a = m;
	cq_begin(a);
	if (other_holders(a) || cq_allocs_pending(a) || guests_pending(a)) {
		cq_kick(a, close_release);
		return 0;
	}
	if (!a->cl->open || a->cl->tr.st.gone || !qmi_client_cids_held(a->cl)) {
		cq_kick(a, close_now);
		return 0;
	}
	if (qmi_client_release_all(a->cl, 2000, on_released, a) < 0)
		cq_kick(a, close_now);
	return 0;
}

/* ---- the device went away ---- */

static void gone_cb(struct ev_timer *t)
{
	struct conn_qmi *a = container_of(t, struct conn_qmi, gone_timer);
	conn_post(a->conn, CONN_EV_GONE);
}

/* The device vanished: every PDN that had it open hears it. */
static void on_gone(struct qmi_client *cl, void *ud, const char *why)
{
	struct conn_qmi_dev *d = ud;
	for (unsigned i = 0; i < d->n_users; i++) {
		struct conn_qmi *a = d->users[i];
		if (!a->holds)
			continue;
		snprintf(a->conn->why, sizeof(a->conn->why), "%s", why);
		ev_timer_set(a->loop, &a->gone_timer, 0);
	}
}

const struct conn_modem_ops conn_qmi_ops = {
	.open = op_open,
	.identify = op_identify,
	.power_up = op_power_up,
	.sim_status = op_sim_status,
	.verify_pin = op_verify_pin,
	.data_format = op_data_format,
	.reg_status = op_reg_status,
	.start = cq_op_start,
	.settings = cq_op_settings,
	.liveness = cq_op_liveness,
	.stop = cq_op_stop,
	.close = op_close,
	.select_network = op_select_network,
};

struct conn_qmi_dev *conn_qmi_dev_new(struct ev_loop *loop)
{
	struct conn_qmi_dev *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->cl = malloc(sizeof(*d->cl));
	if (!d->cl) {
		free(d);
		return NULL;
	}
	d->loop = loop;
	d->refs = 1;
	qmi_client_init(d->cl, loop);
	d->cl->on_gone = on_gone;
	d->cl->gone_ud = d;
	return d;
}

void conn_qmi_dev_unref(struct conn_qmi_dev *d)
{
	if (!d || --d->refs)
		return;
	qmi_client_close(d->cl);
	free(d->cl);
	free(d);
}

struct conn_qmi *conn_qmi_new_on(struct ev_loop *loop, struct conn *conn, struct conn_qmi_dev *d)
{
	if (!d || d->n_users == CONN_QMI_DEV_USERS)
		return NULL;
	struct conn_qmi *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	d->refs++;
	d->users[d->n_users++] = a;
	a->dev = d;
	a->cl = d->cl;
	a->loop = loop;
	a->conn = conn;
	a->kick.cb = cq_kick_cb;
	a->gone_timer.cb = gone_cb;
	a->opts.timeout_ms = conn->cfg->op_timeout_ms ? conn->cfg->op_timeout_ms : 10000;
	qmi_client_on_indication(a->cl, QMI_SVC_WDS, QMI_WDS_PACKET_SERVICE_STATUS, cq_on_pss_ind, a);
	qmi_client_on_indication(a->cl, QMI_SVC_NAS, QMI_NAS_SERVING_SYSTEM, on_serving_ind, a);
	return a;
}

struct conn_qmi *conn_qmi_new(struct ev_loop *loop, struct conn *conn)
{
	struct conn_qmi_dev *d = conn_qmi_dev_new(loop);
	if (!d)
		return NULL;
	struct conn_qmi *a = conn_qmi_new_on(loop, conn, d);
	conn_qmi_dev_unref(d);          /* the adapter's reference remains */
	return a;
}

void conn_qmi_free(struct conn_qmi *a)
{
	if (!a)
		return;
	cq_begin(a);
	unsigned rel = a->releasing;
	a->releasing = 0;
	for (unsigned i = 0; i < rel; i++)
		qmi_client_cancel(a->cl, a->rel_req[i]);
	ev_timer_cancel(a->loop, &a->kick);
	ev_timer_cancel(a->loop, &a->gone_timer);
	qmi_client_remove_handlers(a->cl, a);
	struct conn_qmi_dev *d = a->dev;
	if (!other_holders(a)) {
		qmi_client_close(a->cl);
	} else {
		/* the client lives on: nothing of this adapter may be answered */
		for (unsigned i = 0; i < CONN_QMI_SLOTS; i++)
			if (a->slots[i].used)
				qmi_client_cancel(a->cl, a->slots[i].req_id);
	}
	for (unsigned i = 0; i < d->n_users; i++)
		if (d->users[i] == a) {
			d->users[i] = d->users[--d->n_users];
			break;
		}
	free(a);
	conn_qmi_dev_unref(d);
}
