/* cellink counters [--reset]: the modem's data counters (WDS
 * get-packet-statistics): bytes and packets in and out of this session,
 * and, through a daemon, its totals over every session of its life
 * (docs/toolbox.md). --reset makes the daemon's start from zero again: a
 * modem's own counters cannot be cleared over QMI (they restart with each
 * session). */
#include <string.h>

#include "common/err.h"
#include "qmi/errors.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/ops.h"
#include "tool/tool.h"

/* tx/rx packets ok (0x01, 0x02), tx/rx bytes ok (0x40, 0x80) */
#define COUNTERS_MASK 0xc3

struct counters_args {
	bool reset;
};

struct counters {
	struct counters_args a;
	unsigned asked, answered, in_call;
	struct tool_counts now;
	uint64_t last_rx_bytes, last_tx_bytes;
	bool have_last;
};

static int parse(int argc, char **argv, struct counters_args *a, char *why, size_t why_len)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--reset")) {
			a->reset = true;
		} else {
			snprintf(why, why_len, "counters: unknown argument '%s' (counters takes only --reset)",
				 argv[i]);
			return TOOL_E_USAGE;
		}
	}
	return 0;
}

bool tool_counters_changes(int argc, char **argv)
{
	struct counters_args a;
	char why[128];
	return parse(argc, argv, &a, why, sizeof why) < 0 || a.reset;
}

static void counts_json(struct strbuf *sb, const char *key, const struct tool_counts *c)
{
	sb_printf(sb, ",\"%s\":{\"rx_bytes\":%llu,\"tx_bytes\":%llu,\"rx_packets\":%llu,\"tx_packets\":%llu}", key,
		  (unsigned long long)c->rx_bytes, (unsigned long long)c->tx_bytes,
		  (unsigned long long)c->rx_packets, (unsigned long long)c->tx_packets);
}

static void answer(struct tool_run *r)
{
	struct counters *k = tool_state(r);
	const struct tool_env *env = tool_env(r);
	const struct tool_counts *now = k->in_call ? &k->now : NULL;
	if (k->a.reset && !(env->host && env->host->counters_reset)) {
		tool_fail(r, "counters --reset: no daemon keeps counters for this modem, and a modem's own "
			  "counters cannot be cleared (they restart with each session); run it where a daemon "
			  "runs the link");
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_json_bool(&sb, "connected", k->in_call > 0);
	if (env->host && env->host->counters) {
		struct tool_counts session, total;
		if (k->a.reset)
			env->host->counters_reset(env->host_ud, now);
		env->host->counters(env->host_ud, now, &session, &total);
		if (k->in_call)
			counts_json(&sb, "session", &session);
		counts_json(&sb, "total", &total);
	} else if (k->in_call) {
		counts_json(&sb, "session", &k->now);
	}
	if (!k->in_call && k->have_last) {
		sb_printf(&sb, ",\"last_call\":{\"rx_bytes\":%llu,\"tx_bytes\":%llu}",
			  (unsigned long long)k->last_rx_bytes, (unsigned long long)k->last_tx_bytes);
	}
	if (k->a.reset)
		tool_json_bool(&sb, "reset", true);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void on_stats(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct counters *k = tool_state(r);
	k->answered++;
	if (!err && resp && qmi_resp_result(resp) && resp->error == QMI_ERR_OUT_OF_CALL) {
		/* no session on this client: what the last call carried, if said */
		uint64_t rx, tx;
		if (!qmi_fget_uint(resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_RX_BYTES_OK, &rx) &&
		    !qmi_fget_uint(resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_TX_BYTES_OK, &tx)) {
			k->last_rx_bytes += rx;
			k->last_tx_bytes += tx;
			k->have_last = true;
		}
	} else {
		if (!tool_resp_ok(r, err, resp, "get-packet-statistics"))
			return;
		uint64_t v;
		k->in_call++;
		if (!qmi_fget_uint(resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK, &v))
			k->now.rx_bytes += v;
		if (!qmi_fget_uint(resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK, &v))
			k->now.tx_bytes += v;
		if (!qmi_fget_uint(resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK, &v))
			k->now.rx_packets += v;
		if (!qmi_fget_uint(resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK, &v))
			k->now.tx_packets += v;
	}
	if (k->answered == k->asked)
		answer(r);
}

static int ask(struct tool_run *r, uint8_t cid)
{
	struct counters *k = tool_state(r);
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WDS, cid, QMI_WDS_GET_PACKET_STATISTICS);
	if (qmi_fset_uint(m, QMIF_WDS_GET_PACKET_STATISTICS_RQ_MASK, COUNTERS_MASK) < 0)
		tool_msg_bad(r);
	int e = tool_send(r, 5000, on_stats);
	if (e == 0)
		k->asked++;
	return e;
}

static void with_wds(struct tool_run *r, int err, uint8_t cid)
{
	const struct tool_env *env = tool_env(r);
	if (err == CL_E_GONE && env->host && env->host->counters) {
		answer(r);      /* the owner's link went down meanwhile: its totals */
		return;
	}
	if (err) {
		tool_fail(r, "no WDS client: %s", tool_err_text(err, NULL));
		return;
	}
	/* each of the owner's sessions counts on its own: ask both */
	uint8_t second = tool_env(r)->cid_wds6;
	int e = ask(r, cid);
	if (e == CL_E_GONE && env->host && env->host->counters) {
		answer(r);
		return;
	}
	if (!e && second != TOOL_NO_CID && second != cid)
		e = ask(r, second);
	if (e < 0)
		tool_fail(r, "get-packet-statistics: %s", tool_err_text(e, NULL));
}

int tool_counters_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	struct counters *k = tool_state_new(r, sizeof(*k), NULL);
	if (!k)
		return -12;     /* -ENOMEM */
	int e = parse(argc, argv, &k->a, why, why_len);
	if (e < 0)
		return e;
	e = tool_with_cid(r, QMI_SVC_WDS, with_wds);
	const struct tool_env *env = tool_env(r);
	if (e == CL_E_GONE && env->host && env->host->counters) {
		answer(r);      /* no modem to ask (a daemon's link is down): its totals */
		return 0;
	}
	return e;
}
