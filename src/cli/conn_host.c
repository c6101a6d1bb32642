/* The host side of the connection engine; see conn_host.h. */
#include "cli/conn_host.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "config/config.h"
#include "net/net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* the configuration's modes map onto the engine's one to one */
_Static_assert(CONN_MODES_ALL == CL_MODES_ALL && CONN_MODES_LTE == CL_MODES_LTE &&
	       CONN_MODES_UMTS == CL_MODES_UMTS && CONN_MODES_GSM == CL_MODES_GSM &&
	       CONN_MODES_CDMA == CL_MODES_CDMA && CONN_MODES_TDSCDMA == CL_MODES_TDSCDMA,
	       "CONN_MODES_* and CL_MODES_* differ");

double conn_host_elapsed(const struct conn_host *h)
{
	return (double)(ev_now_ms() - h->t0) / 1000.0;
}

static void p_timer_cb(struct ev_timer *t)
{
	struct conn_host *h = container_of(t, struct conn_host, timer);
	conn_timer_fired(&h->conn);
}

static void p_timer(void *p, int64_t ms)
{
	struct conn_host *h = p;
	if (ms < 0)
		ev_timer_cancel(h->loop, &h->timer);
	else
		ev_timer_set(h->loop, &h->timer, (uint64_t)ms);
}

static uint64_t p_now(void *p)
{
	return ev_now_ms();
}

static void p_log(void *p, enum conn_log lvl, const char *text)
{
	struct conn_host *h = p;
	if (lvl == CONN_LOG_DEBUG && !h->verbose)
		return;
	const char *tag = lvl == CONN_LOG_WARN ? "warning: " : lvl == CONN_LOG_ERROR ? "error: " : "";
	FILE *o = lvl >= CONN_LOG_WARN ? stderr : stdout;
	fprintf(o, "[%7.3f] %s%s%s\n", conn_host_elapsed(h), h->label ? h->label : "", tag, text);
	fflush(o);
}

static int p_raw_ip(void *p, const char *ifname, bool on, char *why, size_t cap)
{
	struct conn_host *h = p;
	if (!h->sysroot && !net_is_qmi_wwan(NULL, ifname)) {
		snprintf(why, cap, "kernel: %s is not a qmi_wwan interface (no qmi/ in sysfs): no raw_ip "
			 "switch to set", ifname);
		return 0;
	}
	return net_raw_ip_set(h->sysroot, ifname, on, why, cap);
}

static void write_resolv(struct conn_host *h, const struct conn_status *st)
{
	const char *servers[4];
	size_t n = 0;
	for (int i = 0; i < 2; i++)
		if (st->sess[i].up && st->sess[i].ip.valid)
			for (int k = 0; k < 2; k++)
				servers[n++] = st->sess[i].ip.dns[k];
	char path[300];
	if (h->resolv) {
		snprintf(path, sizeof(path), "%s", h->resolv);
	} else {
		mkdir("/run/cellink", 0755);
		snprintf(path, sizeof(path), "/run/cellink/resolv.conf.%s", h->ifname);
	}
	int r = net_write_resolv(path, servers, n);
	char line[400];
	if (r < 0)
		snprintf(line, sizeof(line), "cannot write %s: %s", path, strerror(-r));
	else
		snprintf(line, sizeof(line), "DNS servers written to %s", path);
	p_log(h, r < 0 ? CONN_LOG_WARN : CONN_LOG_STEP, line);
}

static int p_configure(void *p, const char *ifname, const struct conn_status *st, char *why, size_t cap)
{
	struct conn_host *h = p;
	uint32_t mtu = 0;
	for (int i = 0; i < 2; i++)
		if (st->sess[i].up && st->sess[i].ip.mtu)
			mtu = st->sess[i].ip.mtu;
	int r = net_link_set(ifname, true, mtu);
	if (r < 0) {
		snprintf(why, cap, "%s: %s%s", ifname, strerror(-r),
			 r == -ENODEV ? " (no such interface in this network namespace)" : "");
		return r;
	}
	for (int i = 0; i < 2; i++) {
		const struct conn_ip *ip = &st->sess[i].ip;
		if (!st->sess[i].up || !ip->valid)
			continue;
		r = net_addr_add(ifname, ip->addr, ip->prefix);
		if (r < 0) {
			snprintf(why, cap, "adding %s/%u: %s", ip->addr, ip->prefix, strerror(-r));
			return r;
		}
		r = net_default_route(ifname, ip->family, ip->gateway, true);
		if (r < 0) {
			snprintf(why, cap, "default IPv%d route: %s", ip->family, strerror(-r));
			return r;
		}
	}
	write_resolv(h, st);
	return 0;
}

static void p_deconfigure(void *p, const char *ifname)
{
	net_default_route(ifname, 4, NULL, false);
	net_default_route(ifname, 6, NULL, false);
	net_addr_flush(ifname);
	net_link_set(ifname, false, 0);
}

static bool p_present(void *p, const char *device)
{
	struct stat st;
	return stat(device, &st) == 0;
}

static int p_counters(void *p, const char *ifname, uint64_t *rx, uint64_t *tx)
{
	return net_link_counters(ifname, rx, tx);
}

/* A hook that fails is logged; the link does not depend on it (hooks run
 * in the background: hook.h). */
static void hook_result(struct conn_host *h, const char *event, int r)
{
	if (r == 0 || !h->hook.program)
		return;
	char line[300];
	if (r < 0)
		snprintf(line, sizeof(line), "hook %s (%s): %s", h->hook.program, event, strerror(-r));
	else
		snprintf(line, sizeof(line), "hook %s (%s) exited with %d", h->hook.program, event, r);
	p_log(h, CONN_LOG_WARN, line);
}

static void p_changed(void *p, enum conn_state from, enum conn_state to)
{
	struct conn_host *h = p;
	if (to == CONN_S_CONNECTED && from == CONN_S_CONFIGURING) {
		h->up_since = ev_now_ms();
		h->links_up++;
		if (h->on_connected)
			h->on_connected(h);
		hook_result(h, "up", cli_hook_link(&h->hook, "up", h->ifname, &h->conn.st));
	}
	if (from == CONN_S_CONNECTED || from == CONN_S_CHECKING)
		if (to != CONN_S_CONNECTED && to != CONN_S_CHECKING) {
			h->up_since = 0;
			hook_result(h, "down", cli_hook_link(&h->hook, "down", h->ifname, NULL));
		}
	if (h->on_changed)
		h->on_changed(h);
}

static void p_finished(void *p, int status)
{
	struct conn_host *h = p;
	h->running = false;
	h->up_since = 0;
	if (status)
		hook_result(h, "error", cli_hook_error(&h->hook, h->ifname, status));
	if (h->on_finished)
		h->on_finished(h, status);
}

static void hook_done(struct cli_hook *hk, const char *event, int result)
{
	hook_result(container_of(hk, struct conn_host, hook), event, result);
}

const struct conn_platform_ops conn_host_platform = {
	.set_raw_ip = p_raw_ip,
	.configure = p_configure,
	.deconfigure = p_deconfigure,
	.device_present = p_present,
	.link_counters = p_counters,
	.now_ms = p_now,
	.timer = p_timer,
	.log = p_log,
	.changed = p_changed,
	.finished = p_finished,
};

void conn_host_init(struct conn_host *h, struct ev_loop *loop)
{
	memset(h, 0, sizeof(*h));
	h->loop = loop;
	h->timer.cb = p_timer_cb;
	h->t0 = ev_now_ms();
	h->label = "";
	conn_config_defaults(&h->cfg);
	h->cfg.seed = (uint32_t)time(NULL) ^ (uint32_t)getpid() ^ (uint32_t)(uintptr_t)h;
	cli_hook_attach(&h->hook, loop, hook_done);
}

static void trace(struct qmi_client *c, void *ud, bool out, const struct qmi_msg *m)
{
	struct conn_host *h = ud;
	struct strbuf sb;
	sb_init(&sb);
	qmi_print_text(&sb, m, QMI_PRINT_REDACT_PERSONAL);
	printf("[%7.3f] %s%s %s", conn_host_elapsed(h), h->label, out ? ">>" : "<<", sb_str(&sb));
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		putchar('\n');
	sb_free(&sb);
}

void conn_host_resolve_ifname(struct conn_host *h)
{
	if (!h->ifname[0] && net_ifname_for_device(h->sysroot, h->cfg.device, h->ifname, sizeof(h->ifname)) < 0)
		snprintf(h->ifname, sizeof(h->ifname), "wwan0");
}

int conn_host_start(struct conn_host *h)
{
	conn_host_resolve_ifname(h);
	h->cfg.ifname = h->ifname;
	if (h->cfg.password == NULL && h->password[0])
		h->cfg.password = h->password;
	if (h->cfg.pin == NULL && h->pin[0])
		h->cfg.pin = h->pin;
	conn_init(&h->conn, &h->cfg, &conn_qmi_ops, NULL, &conn_host_platform, h);
	if (!h->modem) {
		h->modem = conn_qmi_new(h->loop, &h->conn);
		if (!h->modem)
			return -ENOMEM;
	}
	h->conn.modem_ctx = h->modem;
	if (h->verbose) {
		h->modem->cl->trace = trace;
		h->modem->cl->trace_ud = h;
	}
	h->running = true;
	conn_start(&h->conn);
	return 0;
}

void conn_host_stop(struct conn_host *h)
{
	if (h->running)
		conn_stop(&h->conn);
}

void conn_host_free(struct conn_host *h)
{
	cli_hook_finish(&h->hook);      /* an "error" or "down" hook still runs, bounded */
	ev_timer_cancel(h->loop, &h->timer);
	conn_qmi_free(h->modem);
	h->modem = NULL;
	explicit_bzero(h->password, sizeof(h->password));
	explicit_bzero(h->pin, sizeof(h->pin));
}

bool conn_host_take_env_secret(const char *name, char *out, size_t cap)
{
	char *v = getenv(name);
	if (!v)
		return false;
	snprintf(out, cap, "%s", v);
	explicit_bzero(v, strlen(v));   /* the bytes /proc/PID/environ shows */
	unsetenv(name);
	return true;
}

static char env_password[256];
static bool env_password_taken;

const char *conn_host_env_password(void)
{
	if (!env_password_taken) {
		env_password_taken = true;
		conn_host_take_env_secret("CELLINK_PASSWORD", env_password, sizeof(env_password));
	}
	return env_password[0] ? env_password : NULL;
}

void conn_host_wipe_env_password(void)
{
	explicit_bzero(env_password, sizeof(env_password));
}

void conn_host_hold_secrets(bool held)
{
	prctl(PR_SET_DUMPABLE, held ? 0 : 1, 0, 0, 0);
}

int conn_host_read_secret(const char *path, char *out, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, out, cap - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	out[n] = 0;
	out[strcspn(out, "\r\n")] = 0;
	return 0;
}

static void json_str(struct strbuf *sb, const char *key, const char *v, bool comma)
{
	sb_printf(sb, "%s\"%s\":", comma ? "," : "", key);
	sb_put_json_str(sb, v, strlen(v));
}

void conn_host_status_json(const struct conn_host *h, struct strbuf *sb)
{
	const struct conn *c = &h->conn;
	const struct conn_status *st = &c->st;
	sb_putc(sb, '{');
	json_str(sb, "device", h->cfg.device ? h->cfg.device : "", false);
	json_str(sb, "interface", h->ifname, true);
	json_str(sb, "apn", h->cfg.apn ? h->cfg.apn : "", true);
	json_str(sb, "state", conn_state_name(c->state), true);
	sb_printf(sb, ",\"connected\":%s", h->up_since ? "true" : "false");
	sb_printf(sb, ",\"uptime_s\":%llu",
		  h->up_since ? (unsigned long long)((ev_now_ms() - h->up_since) / 1000) : 0ull);
	sb_printf(sb, ",\"links_up\":%u,\"reconnects\":%u", h->links_up, c->attempts);
	json_str(sb, "sim", conn_sim_name(st->sim), true);
	json_str(sb, "registration", conn_reg_name(st->reg), true);
	json_str(sb, "operator", st->operator_name, true);
	json_str(sb, "last_error", c->why, true);
	sb_puts(sb, ",\"sessions\":[");
	bool first = true;
	for (int i = 0; i < 2; i++) {
		const struct conn_session *s = &st->sess[i];
		if (!s->wanted)
			continue;
		sb_printf(sb, "%s{\"family\":\"ipv%d\",\"up\":%s", first ? "" : ",", s->family,
			  s->up ? "true" : "false");
		first = false;
		if (s->up && s->ip.valid) {
			json_str(sb, "address", s->ip.addr, true);
			sb_printf(sb, ",\"prefix\":%u", s->ip.prefix);
			json_str(sb, "gateway", s->ip.gateway, true);
			sb_puts(sb, ",\"dns\":[");
			for (int k = 0, n = 0; k < 2; k++)
				if (s->ip.dns[k][0]) {
					if (n++)
						sb_putc(sb, ',');
					sb_put_json_str(sb, s->ip.dns[k], strlen(s->ip.dns[k]));
				}
			sb_printf(sb, "],\"mtu\":%u", s->ip.mtu);
		}
		if (!s->up && s->end_text[0])
			json_str(sb, "end_reason", s->end_text, true);
		sb_putc(sb, '}');
	}
	sb_puts(sb, "]}");
}
