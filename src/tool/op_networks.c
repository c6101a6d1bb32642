/* cellink networks: the operators the modem finds (NAS network-scan):
 * MCC/MNC, name, status and radio technology. A scan takes from seconds to
 * minutes, so while it runs a progress update goes out at once and then
 * every NETWORKS_PROGRESS_MS (docs/toolbox.md). */
#include <string.h>

#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/bandnet.h"
#include "tool/ops.h"
#include "tool/tool.h"

#define NETWORKS_PROGRESS_MS 1000
/* modems answer within about three minutes; this bounds a silent one */
#define NETWORKS_TIMEOUT_MS (240u * 1000u)

struct networks_state {
	uint64_t started_ms;
};

bool tool_networks_changes(int argc, char **argv)
{
	(void)argc, (void)argv;
	return false;           /* a scan changes nothing (the modem may pause its data briefly) */
}

static void progress(struct tool_run *r)
{
	struct networks_state *st = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"progress\":\"scanning\"");
	tool_json_uint(&sb, "elapsed_s", (ev_loop_now(tool_loop(r)) - st->started_ms) / 1000);
	sb_putc(&sb, '}');
	tool_emit(r, &sb);
	sb_free(&sb);
	tool_timer(r, NETWORKS_PROGRESS_MS, progress);
}

static void on_scan(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (!tool_resp_ok(r, err, resp, "network-scan"))
		return;
	uint64_t result = 0;
	if (qmi_fget_uint(resp, QMIF_NAS_NETWORK_SCAN_RS_NETWORK_SCAN_RESULT, &result) == 0 && result != 0) {
		tool_fail(r, "network-scan: the modem ended the scan early (%s)",
			  result == 1 ? "aborted" : result == 2 ? "radio link failure" : "an unknown reason");
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	if (tool_networks_json(&sb, resp) < 0)
		sb_puts(&sb, ",\"networks\":[]");       /* nothing found */
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void with_nas(struct tool_run *r, int err, uint8_t cid)
{
	if (err) {
		tool_fail(r, "no NAS client: %s", tool_err_text(err, NULL));
		return;
	}
	tool_msg(r, QMI_SVC_NAS, cid, QMI_NAS_NETWORK_SCAN);
	int e = tool_send(r, NETWORKS_TIMEOUT_MS, on_scan);
	if (e < 0) {
		tool_fail(r, "network-scan: %s", tool_err_text(e, NULL));
		return;
	}
	progress(r);
}

int tool_networks_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	if (tool_networks_args(argc, argv, why, why_len) < 0)
		return TOOL_E_USAGE;
	struct networks_state *st = tool_state_new(r, sizeof(*st), NULL);
	if (!st) {
		snprintf(why, why_len, "out of memory");
		return -12;
	}
	st->started_ms = ev_loop_now(tool_loop(r));
	return tool_with_cid(r, QMI_SVC_NAS, with_nas);
}
