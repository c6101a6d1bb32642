/* cellink reset: a clean modem reset, for "my modem is stuck": DMS
 * set-operating-mode offline (the radio detaches, sessions end), then
 * reset. The modem then leaves the bus and comes back; a daemon's link
 * sees its device go and brings the link up again when it returns
 * (docs/toolbox.md). */
#include <string.h>

#include "common/err.h"
#include "qmi/errors.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/ops.h"
#include "tool/tool.h"

#define RESET_TIMEOUT_MS 10000

static int parse(int argc, char **argv, char *why, size_t why_len)
{
	if (argc > 0) {
		snprintf(why, why_len, "reset: unknown argument '%s' (reset takes none)", argv[0]);
		return TOOL_E_USAGE;
	}
	return 0;
}

bool tool_reset_changes(int argc, char **argv)
{
	(void)argc, (void)argv;
	return true;
}

static void on_reset(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	/* a modem may drop off the bus before its answer is out */
	if (err == CL_E_GONE || err == CL_E_TIMEOUT) {
		/* fall through: the reset was asked and the modem went */
	} else if (!tool_resp_ok(r, err, resp, "set-operating-mode reset")) {
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_json_bool(&sb, "reset", true);
	tool_json_str(&sb, "mode", "reset");
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void send_mode(struct tool_run *r, const char *mode, tool_resp_cb cb)
{
	uint8_t cid = *(uint8_t *)tool_state(r);
	struct qmi_msg *m = tool_msg(r, QMI_SVC_DMS, cid, QMI_DMS_SET_OPERATING_MODE);
	if (qmi_fset_text(m, QMIF_DMS_SET_OPERATING_MODE_RQ_MODE, mode) < 0)
		tool_msg_bad(r);
	int e = tool_send(r, RESET_TIMEOUT_MS, cb);
	if (e < 0)
		tool_fail(r, "set-operating-mode %s: %s", mode, tool_err_text(e, NULL));
}

static void on_offline(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	/* already offline: the modem says "no effect", and the reset may go */
	if (!(resp && !err && qmi_resp_result(resp) && resp->error == QMI_ERR_NO_EFFECT) &&
	    !tool_resp_ok(r, err, resp, "set-operating-mode offline"))
		return;
	send_mode(r, "reset", on_reset);
}

static void with_dms(struct tool_run *r, int err, uint8_t cid)
{
	if (err) {
		tool_fail(r, "no DMS client: %s", tool_err_text(err, NULL));
		return;
	}
	*(uint8_t *)tool_state(r) = cid;
	send_mode(r, "offline", on_offline);
}

int tool_reset_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	int e = parse(argc, argv, why, why_len);
	if (e < 0)
		return e;
	if (!tool_state_new(r, sizeof(uint8_t), NULL))
		return -12;
	return tool_with_cid(r, QMI_SVC_DMS, with_dms);
}
