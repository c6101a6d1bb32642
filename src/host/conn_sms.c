/* The hook's "sms" event (cli/hook.h): while the modem is open and usable
 * (conn_host.c: sms_usable, whether the link is up or not) and a hook is
 * set, the toolbox's `sms watch unread` (tool/op_sms.c) runs over the
 * link's own QMI client (on an MBIM link: a QMI client carried over MBIM).
 * As it starts it hands over the unread messages that came while nobody
 * watched, the oldest first, then every message that arrives; each, its
 * parts joined, runs the hook with the sender and the text, and is then
 * marked read, so a later watch (a restart) does not hand it over again. */
#include <json-c/json.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/mbim_client.h"
#include "common/err.h"
#include "host/conn_host.h"
#include "tool/tool.h"

static void log_line(struct conn_host *h, enum conn_log lvl, const char *fmt, const char *a)
{
	char line[600];
	snprintf(line, sizeof(line), fmt, a);
	conn_host_log(h, lvl, line);
}

static const char *str_of(json_object *o, const char *key)
{
	json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) || !v || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void emitted(void *ud, const char *json, bool final)
{
	struct conn_host *h = ud;
	json_object *root = json_tokener_parse(json);
	if (final) {
		h->sms_run = NULL;      /* the run frees itself */
		const char *err = str_of(root, "error");
		log_line(h, CONN_LOG_WARN, "sms: new messages are not watched: %s", err ? err : "the watch ended");
		json_object_put(root);
		return;
	}
	json_object *m = NULL;
	const char *ev = str_of(root, "event");
	if (!ev || strcmp(ev, "sms") || !json_object_object_get_ex(root, "message", &m) ||
	    !json_object_is_type(m, json_type_object)) {
		json_object_put(root);
		return;
	}
	if (str_of(m, "error")) {
		char what[300];
		snprintf(what, sizeof(what), "%s: %s", str_of(m, "id") ? str_of(m, "id") : "?", str_of(m, "error"));
		log_line(h, CONN_LOG_WARN, "sms: a message arrived that cannot be read (%s)", what);
		json_object_put(root);
		return;
	}
	char indexes[200] = "";
	json_object *a, *v;
	size_t len = 0;
	if (json_object_object_get_ex(m, "indexes", &a) && json_object_is_type(a, json_type_array))
		for (size_t i = 0; i < json_object_array_length(a) && len < sizeof(indexes) - 12; i++)
			len += (size_t)snprintf(indexes + len, sizeof(indexes) - len, "%s%d", i ? " " : "",
						json_object_get_int(json_object_array_get_idx(a, i)));
	struct cli_hook_sms sms = {
		.from = str_of(m, "from") ? str_of(m, "from") : "",
		.text = str_of(m, "text") ? str_of(m, "text") : "",
		.time = str_of(m, "time"),
		.parts = json_object_object_get_ex(m, "parts", &v) ? (unsigned)json_object_get_int(v) : 1,
		.complete = !json_object_object_get_ex(m, "complete", &v) || json_object_get_boolean(v),
		.storage = str_of(m, "storage"),
		.indexes = indexes,
	};
	log_line(h, CONN_LOG_INFO, "sms: a message from %s arrived", sms.from);
	int r = cli_hook_sms(&h->hook, conn_host_data_ifname(h), &sms);
	if (r < 0)
		log_line(h, CONN_LOG_WARN, "sms: the hook could not run: %s", strerror(-r));
	json_object_put(root);
}

/* On an MBIM link: over a QMI client carried by the link's MBIM session
 * (QMI over MBIM, client/qmi_mbim.h), once the device has said it has the
 * service. */
static void sms_start_mbim(struct conn_host *h)
{
	if (!h->hook.program || h->no_sms_watch || h->sms_run || !h->sms_usable)
		return;
	int r = conn_host_tunnel(h);
	if (r == 0)
		return;         /* conn_host_sms_tunnel comes back here */
	if (r < 0) {
		log_line(h, CONN_LOG_WARN, "sms: new messages are not watched: %s",
			 h->qmbim ? h->qmbim->why : "out of memory");
		return;
	}
	struct tool_env env = {
		.loop = h->loop,
		.cl = h->qmbim_cl,
		.cid_dms = TOOL_NO_CID, .cid_nas = TOOL_NO_CID, .cid_wds = TOOL_NO_CID,
		.cid_uim = TOOL_NO_CID, .cid_wds6 = TOOL_NO_CID,
	};
	static char watch[] = "watch", unread[] = "unread";
	char *argv[] = { watch, unread, NULL };
	char why[300];
	if (tool_start(&env, "sms", 2, argv, emitted, h, &h->sms_run, why, sizeof(why)) < 0) {
		h->sms_run = NULL;
		log_line(h, CONN_LOG_WARN, "sms: new messages are not watched: %s", why);
	}
}

void conn_host_sms_tunnel(struct conn_host *h, int err, const char *why)
{
	if (!h->hook.program || h->no_sms_watch || h->sms_run || !h->sms_usable || !h->mbim)
		return;
	if (err)
		log_line(h, CONN_LOG_WARN, "sms: new messages are not watched: %s", why);
	else
		sms_start_mbim(h);
}

void conn_host_sms_start(struct conn_host *h)
{
	struct conn_qmi *q = h->modem;
	if (h->mbim) {
		sms_start_mbim(h);
		return;
	}
	if (!h->hook.program || h->no_sms_watch || h->sms_run || !h->sms_usable || !q || !q->cl || !q->cl->open)
		return;
	struct tool_env env = {
		.loop = h->loop,
		.cl = q->cl,
		.cid_dms = q->cid_dms,
		.cid_nas = q->cid_nas,
		.cid_wds = q->cid_wds[0],
		.cid_uim = TOOL_NO_CID,
		.cid_wds6 = TOOL_NO_CID,
	};
	static char watch[] = "watch", unread[] = "unread";
	char *argv[] = { watch, unread, NULL };
	char why[300];
	if (tool_start(&env, "sms", 2, argv, emitted, h, &h->sms_run, why, sizeof(why)) < 0) {
		h->sms_run = NULL;
		log_line(h, CONN_LOG_WARN, "sms: new messages are not watched: %s", why);
	}
}

void conn_host_sms_stop(struct conn_host *h)
{
	tool_cancel(h->sms_run);        /* its WMS client id goes back */
	h->sms_run = NULL;
}
