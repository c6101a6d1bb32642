/* cellink monitor [--count N]: live signal from NAS signal-info
 * indications (docs/toolbox.md). The modem is asked to report every change
 * of 1 dB (config-signal-info-v2's deltas; thresholds every few dB with
 * the older config-signal-info), and each indication is one update: the
 * values with their quality class, best so far and 30 s trend
 * (tool/monitor_model.h), the band, channel and cell of each radio, and
 * the LTE carrier-aggregation set. Nothing is polled: the band, cell and
 * CA details are asked again only when the set of radios changes.
 *
 * Through a daemon the daemon's NAS client carries the indications (they
 * do not touch the data session); when the run ends it stops them again. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/monitor_model.h"
#include "tool/ops.h"
#include "tool/radio_qmi.h"
#include "tool/tool.h"

#define DELTA_TENTHS 10         /* report each change of 1 dB */

struct monitor {
	struct mon_model model;
	unsigned long max;      /* --count: stop after this many updates (0: never) */
	unsigned long n;
	uint8_t cid;
	bool owner_cid;         /* the owner's client: stop its indications at the end */
	bool started;           /* the first update went out */
	bool ctx_busy, ctx_again;
	unsigned rats;          /* bit per radio in the last update */
	uint64_t t0;
};

static int parse(int argc, char **argv, unsigned long *max, char *why, size_t why_len)
{
	*max = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			if (tool_parse_uint(argv[++i], 1, 1000000, max) < 0) {
				snprintf(why, why_len, "monitor: --count takes a number of updates from 1 to 1000000, "
					 "not '%s'", argv[i]);
				return TOOL_E_USAGE;
			}
		} else {
			snprintf(why, why_len, "monitor: unknown argument '%s' (monitor takes --count N)", argv[i]);
			return TOOL_E_USAGE;
		}
	}
	return 0;
}

static void json_of(struct monitor *m, struct tool_run *r, struct strbuf *sb)
{
	tool_json_begin(sb);
	tool_json_uint(sb, "elapsed_ms", ev_loop_now(tool_loop(r)) - m->t0);
	sb_putc(sb, ',');
	mon_json(&m->model, sb);
	tool_json_end(sb);
}

static void emit_update(struct tool_run *r)
{
	struct monitor *m = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	json_of(m, r, &sb);
	if (m->max && m->n >= m->max)
		tool_done(r, &sb);
	else
		tool_emit(r, &sb);
	sb_free(&sb);
}

static unsigned rats_of(const struct mon_sample *s)
{
	unsigned bits = 0;
	for (int r = 0; r < MON_NRAT; r++)
		for (int k = 0; k < MON_NVAL; k++)
			if (s->have[r][k])
				bits |= 1u << r;
	return bits;
}

/* ---- the cells behind the values: bands, PCI, the CA set ---- */

static void ctx_done(struct tool_run *r);
static void refresh_ctx(struct tool_run *r);

static bool answered(int err, const struct qmi_msg *resp)
{
	return !err && resp && qmi_resp_result(resp) == 0;
}

static void on_ca(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct monitor *m = tool_state(r);
	if (answered(err, resp))
		radio_ca(resp, &m->model);
	else
		m->model.n_ca = 0;      /* no aggregation, or a modem that cannot say */
	ctx_done(r);
}

static void on_loc(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct monitor *m = tool_state(r);
	if (answered(err, resp))
		radio_cell_ids(resp, &m->model);
	tool_msg(r, QMI_SVC_NAS, m->cid, QMI_NAS_GET_LTE_CPHY_CA_INFO);
	if (tool_send(r, 5000, on_ca) < 0)
		ctx_done(r);
}

static void on_rf(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct monitor *m = tool_state(r);
	for (int k = 0; k < MON_NRAT; k++)
		m->model.cell[k] = (struct mon_cell){ .pci = -1 };
	if (answered(err, resp))
		radio_rf_bands(resp, &m->model);
	tool_msg(r, QMI_SVC_NAS, m->cid, QMI_NAS_GET_CELL_LOCATION_INFO);
	if (tool_send(r, 5000, on_loc) < 0)
		ctx_done(r);
}

static void first_signal(struct tool_run *r);

static void ctx_done(struct tool_run *r)
{
	struct monitor *m = tool_state(r);
	m->ctx_busy = false;
	if (!m->started) {
		first_signal(r);
		return;
	}
	if (m->ctx_again) {
		m->ctx_again = false;
		refresh_ctx(r);
		return;
	}
	/* the new details go out at once, with the values as they are */
	emit_update(r);
}

static void refresh_ctx(struct tool_run *r)
{
	struct monitor *m = tool_state(r);
	if (m->ctx_busy) {
		m->ctx_again = true;
		return;
	}
	m->ctx_busy = true;
	tool_msg(r, QMI_SVC_NAS, m->cid, QMI_NAS_GET_RF_BAND_INFORMATION);
	if (tool_send(r, 5000, on_rf) < 0)
		m->ctx_busy = false;
}

/* ---- the values ---- */

/* msg NULL: no values (no service yet) */
static void take(struct tool_run *r, const struct qmi_msg *msg)
{
	struct monitor *m = tool_state(r);
	struct mon_sample s = { 0 };
	if (msg)
		radio_signal_sample(msg, &s);
	mon_update(&m->model, ev_loop_now(tool_loop(r)), &s);
	m->n++;
	unsigned rats = rats_of(&s);
	bool changed = m->started && rats != m->rats;
	m->rats = rats;
	m->started = true;
	emit_update(r);
	if (changed && !tool_ended(r))
		refresh_ctx(r);
}

static void on_signal_ind(struct tool_run *r, const struct qmi_msg *ind)
{
	struct monitor *m = tool_state(r);
	if (ind->client != m->cid || !m->started)
		return;         /* another client's, or before the first answer */
	take(r, ind);
}

static void on_first(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	/* a modem without service (no-network-found) is worth watching: the
	 * values come with the indications */
	if (!err && resp && qmi_resp_result(resp) == CL_E_QMI) {
		take(r, NULL);
		return;
	}
	if (!tool_resp_ok(r, err, resp, "get-signal-info"))
		return;
	take(r, resp);
}

static void first_signal(struct tool_run *r)
{
	struct monitor *m = tool_state(r);
	tool_msg(r, QMI_SVC_NAS, m->cid, QMI_NAS_GET_SIGNAL_INFO);
	int e = tool_send(r, 5000, on_first);
	if (e < 0)
		tool_fail(r, "get-signal-info: %s", tool_err_text(e, NULL));
}

/* ---- report thresholds ---- */

static void on_config(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	/* a modem that takes neither form still reports on its own terms */
	refresh_ctx(r);
}

/* config-signal-info: thresholds every few dB over the usual span */
static void config_v1(struct tool_run *r)
{
	struct monitor *m = tool_state(r);
	struct qmi_msg *q = tool_msg(r, QMI_SVC_NAS, m->cid, QMI_NAS_CONFIG_SIGNAL_INFO);
#define V1(f) QMIF_NAS_CONFIG_SIGNAL_INFO_RQ_##f
	struct qmi_val *a;
	if (!(a = qmi_fset_array(q, V1(RSRP_THRESHOLD), 21)))
		tool_msg_bad(r);
	for (unsigned i = 0; a && i < 21; i++)
		if (qmi_eset_int(q, &a[i], V1(RSRP_THRESHOLD_ELEMENT), -130 + 4 * (int)i) < 0)
			tool_msg_bad(r);
	if (!(a = qmi_fset_array(q, V1(RSRQ_THRESHOLD), 9)))
		tool_msg_bad(r);
	for (unsigned i = 0; a && i < 9; i++)
		if (qmi_eset_int(q, &a[i], V1(RSRQ_THRESHOLD_ELEMENT), -20 + 2 * (int)i) < 0)
			tool_msg_bad(r);
	if (!(a = qmi_fset_array(q, V1(LTE_SNR_THRESHOLD), 16)))
		tool_msg_bad(r);
	for (unsigned i = 0; a && i < 16; i++)  /* tenths of dB */
		if (qmi_eset_int(q, &a[i], V1(LTE_SNR_THRESHOLD_ELEMENT), -50 + 20 * (int)i) < 0)
			tool_msg_bad(r);
#undef V1
	if (tool_send(r, 5000, on_config) < 0)
		refresh_ctx(r);
}

static void on_config_v2(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (answered(err, resp) || err)
		refresh_ctx(r);
	else
		config_v1(r);   /* the modem refused the newer form */
}

static void config_v2(struct tool_run *r)
{
	struct monitor *m = tool_state(r);
	struct qmi_msg *q = tool_msg(r, QMI_SVC_NAS, m->cid, QMI_NAS_CONFIG_SIGNAL_INFO_V2);
#define V2(f) QMIF_NAS_CONFIG_SIGNAL_INFO_V2_RQ_##f
	static const struct qmi_fh deltas[] = {
		V2(LTE_RSSI_DELTA), V2(LTE_SNR_DELTA), V2(LTE_RSRQ_DELTA), V2(LTE_RSRP_DELTA),
		V2(NR5G_SNR_DELTA), V2(NR5G_RSRP_DELTA), V2(NR5G_RSRQ_DELTA),
	};
#undef V2
	for (size_t i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++)
		if (qmi_fset_uint(q, deltas[i], DELTA_TENTHS) < 0)
			tool_msg_bad(r);
	if (tool_send(r, 5000, on_config_v2) < 0)
		refresh_ctx(r);
}

static void on_registered(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (!tool_resp_ok(r, err, resp, "register-indications"))
		return;
	config_v2(r);
}

static void with_nas(struct tool_run *r, int err, uint8_t cid)
{
	struct monitor *m = tool_state(r);
	if (err) {
		tool_fail(r, "no NAS client: %s", tool_err_text(err, NULL));
		return;
	}
	m->cid = cid;
	m->owner_cid = cid == tool_env(r)->cid_nas;
	if (tool_on_indication(r, QMI_SVC_NAS, QMI_NAS_SIGNAL_INFO, on_signal_ind) < 0) {
		tool_fail(r, "monitor: no room for another indication handler");
		return;
	}
	struct qmi_msg *q = tool_msg(r, QMI_SVC_NAS, cid, QMI_NAS_REGISTER_INDICATIONS);
	if (qmi_fset_uint(q, QMIF_NAS_REGISTER_INDICATIONS_RQ_SIGNAL_INFO, 1) < 0)
		tool_msg_bad(r);
	int e = tool_send(r, 5000, on_registered);
	if (e < 0)
		tool_fail(r, "register-indications: %s", tool_err_text(e, NULL));
}

static void ignore(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
}

/* Whether another run (a second monitor through the same daemon) still
 * listens to signal-info on this client. */
static bool others_listen(const struct tool_run *r, const struct qmi_client *cl)
{
	for (unsigned i = 0; i < cl->n_handlers; i++)
		if (cl->handlers[i].service == QMI_SVC_NAS && cl->handlers[i].msg_id == QMI_NAS_SIGNAL_INFO &&
		    cl->handlers[i].ud != r)
			return true;
	return false;
}

/* The owner's client lives on: its signal-info indications stop, unless
 * another monitor still reads them (an allocated client is released by
 * the run, and its settings with it). */
static void cleanup(struct tool_run *r, void *state)
{
	struct monitor *m = state;
	struct qmi_client *cl = tool_env(r)->cl;
	if (!m->owner_cid || !cl || !cl->open || others_listen(r, cl))
		return;
	struct qmi_msg *q = calloc(1, sizeof(*q));
	if (!q)
		return;
	qmi_msg_init(q, QMI_SVC_NAS, m->cid, QMI_REQUEST, 0, QMI_NAS_REGISTER_INDICATIONS);
	struct qmi_req_opts o = { .timeout_ms = 3000 };
	if (qmi_fset_uint(q, QMIF_NAS_REGISTER_INDICATIONS_RQ_SIGNAL_INFO, 0) == 0)
		(void)qmi_client_request(cl, q, &o, ignore, NULL);
	free(q);
}

bool tool_monitor_changes(int argc, char **argv)
{
	unsigned long max;
	char why[160];
	return parse(argc, argv, &max, why, sizeof why) < 0;
}

int tool_monitor_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	unsigned long max;
	int e = parse(argc, argv, &max, why, why_len);
	if (e < 0)
		return e;
	struct monitor *m = tool_state_new(r, sizeof(*m), cleanup);
	if (!m) {
		snprintf(why, why_len, "monitor: out of memory");
		return -12;
	}
	mon_init(&m->model);
	m->max = max;
	m->t0 = ev_loop_now(tool_loop(r));
	return tool_with_cid(r, QMI_SVC_NAS, with_nas);
}
