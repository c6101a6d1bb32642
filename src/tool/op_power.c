/* cellink power [low|online]: the radio off (DMS set-operating-mode
 * low-power) and on again (online); without an argument, the modem's
 * operating mode. Through a daemon, "low" also stops its link (it would
 * otherwise put the radio back online to reconnect) and "online" lets it
 * come up again (docs/toolbox.md). */
#include <string.h>

#include "common/err.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/ops.h"
#include "tool/tool.h"

struct power {
	const char *want;               /* "low-power", "online", NULL: show */
	uint8_t cid;
	char before[32];
};

static int parse(int argc, char **argv, const char **want, char *why, size_t why_len)
{
	*want = NULL;
	if (argc > 1) {
		snprintf(why, why_len, "power: one argument at most (low or online), not '%s'", argv[1]);
		return TOOL_E_USAGE;
	}
	if (argc == 1) {
		if (!strcmp(argv[0], "low"))
			*want = "low-power";
		else if (!strcmp(argv[0], "online"))
			*want = "online";
		else {
			snprintf(why, why_len, "power: '%s' is not a power state (low or online)", argv[0]);
			return TOOL_E_USAGE;
		}
	}
	return 0;
}

bool tool_power_changes(int argc, char **argv)
{
	const char *want;
	char why[128];
	return parse(argc, argv, &want, why, sizeof why) < 0 || want;
}

static void mode_name(const struct qmi_msg *resp, char *out, size_t cap)
{
	const struct qmi_val *v = qmi_fget(resp, QMIF_DMS_GET_OPERATING_MODE_RS_MODE);
	out[0] = 0;
	if (!v)
		return;
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_val(&sb, v, 0);     /* the table's name ("low-power") */
	snprintf(out, cap, "%s", sb_str(&sb));
	sb_free(&sb);
}

static void answer(struct tool_run *r, const char *mode)
{
	struct power *p = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_json_str(&sb, "mode", mode);
	if (p->want && p->before[0])
		tool_json_str(&sb, "previous", p->before);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void on_set(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct power *p = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "set-operating-mode"))
		return;
	const struct tool_env *env = tool_env(r);
	if (env->host && env->host->radio)
		env->host->radio(env->host_ud, !strcmp(p->want, "online"));
	answer(r, p->want);
}

static void on_get(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct power *p = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "get-operating-mode"))
		return;
	mode_name(resp, p->before, sizeof p->before);
	if (!p->want) {
		answer(r, p->before[0] ? p->before : "unknown");
		return;
	}
	struct qmi_msg *m = tool_msg(r, QMI_SVC_DMS, p->cid, QMI_DMS_SET_OPERATING_MODE);
	if (qmi_fset_text(m, QMIF_DMS_SET_OPERATING_MODE_RQ_MODE, p->want) < 0)
		tool_msg_bad(r);
	int e = tool_send(r, 10000, on_set);
	if (e < 0)
		tool_fail(r, "set-operating-mode: %s", tool_err_text(e, NULL));
}

static void with_dms(struct tool_run *r, int err, uint8_t cid)
{
	struct power *p = tool_state(r);
	if (err) {
		tool_fail(r, "no DMS client: %s", tool_err_text(err, NULL));
		return;
	}
	p->cid = cid;
	tool_msg(r, QMI_SVC_DMS, cid, QMI_DMS_GET_OPERATING_MODE);
	int e = tool_send(r, 5000, on_get);
	if (e < 0)
		tool_fail(r, "get-operating-mode: %s", tool_err_text(e, NULL));
}

int tool_power_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	struct power *p = tool_state_new(r, sizeof(*p), NULL);
	if (!p)
		return -12;
	int e = parse(argc, argv, &p->want, why, why_len);
	if (e < 0)
		return e;
	return tool_with_cid(r, QMI_SVC_DMS, with_dms);
}
