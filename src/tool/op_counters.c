/* cellink counters [--reset]: the modem's data counters (WDS
 * get-packet-statistics): bytes and packets in and out of the current
 * session. Through a daemon the answer also carries its totals over every
 * session of its life (docs/toolbox.md). */
#include <string.h>

#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/ops.h"
#include "tool/tool.h"

/* tx/rx packets ok (0x01, 0x02), tx/rx bytes ok (0x40, 0x80) */
#define COUNTERS_MASK 0xc3

struct counters_args {
	bool reset;
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

static void on_stats(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (!tool_resp_ok(r, err, resp, "get-packet-statistics"))
		return;
	static const struct {
		const char *key;
		struct qmi_fh h;
	} f[] = {
		{ "rx_bytes", QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK },
		{ "tx_bytes", QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK },
		{ "rx_packets", QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK },
		{ "tx_packets", QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK },
	};
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	sb_puts(&sb, ",\"session\":{");
	size_t n = 0;
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		uint64_t v;
		if (qmi_fget_uint(resp, f[i].h, &v) < 0)
			continue;       /* a modem that does not count it: left out */
		sb_printf(&sb, "%s\"%s\":%llu", n++ ? "," : "", f[i].key, (unsigned long long)v);
	}
	sb_putc(&sb, '}');
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void with_wds(struct tool_run *r, int err, uint8_t cid)
{
	if (err) {
		tool_fail(r, "no WDS client: %s", tool_err_text(err, NULL));
		return;
	}
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WDS, cid, QMI_WDS_GET_PACKET_STATISTICS);
	if (qmi_fset_uint(m, QMIF_WDS_GET_PACKET_STATISTICS_RQ_MASK, COUNTERS_MASK) < 0)
		tool_msg_bad(r);
	int e = tool_send(r, 5000, on_stats);
	if (e < 0)
		tool_fail(r, "get-packet-statistics: %s", tool_err_text(e, NULL));
}

int tool_counters_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	struct counters_args a;
	int e = parse(argc, argv, &a, why, why_len);
	if (e < 0)
		return e;
	return tool_with_cid(r, QMI_SVC_WDS, with_wds);
}
