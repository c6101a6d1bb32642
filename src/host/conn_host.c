/* The host side of the connection engine; see conn_host.h. */
#include "host/conn_host.h"
#include "host/mbim_part.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "config/config.h"
#include "net/net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

void conn_host_log(struct conn_host *h, enum conn_log lvl, const char *text)
{
	p_log(h, lvl, text);
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

const char *conn_host_data_ifname(const struct conn_host *h)
{
	return h->data_ifname[0] ? h->data_ifname : h->ifname;
}

static int p_add_mux(void *p, const char *ifname, uint8_t mux_id, char *why, size_t cap)
{
	struct conn_host *h = p;
	if (!h->sysroot && !net_is_qmi_wwan(NULL, ifname)) {
		snprintf(why, cap, "%s is not a qmi_wwan interface", ifname);
		return -ENOENT;
	}
	h->data_ifname[0] = 0;
	/* a mux interface opens only while the one beneath it is up */
	if (net_ifindex(ifname) > 0)
		net_link_set(ifname, true, 0);
	int r = net_qmap_add_mux(h->sysroot, ifname, mux_id, h->data_ifname, sizeof h->data_ifname, why, cap);
	if (r < 0)
		h->data_ifname[0] = 0;
	h->cfg.data_ifname = h->data_ifname;
	return r;
}

/* MBIM session N > 0: cdc_mbim's VLAN N on ifname, named mbimN */
static int p_session_link(void *p, const char *ifname, uint32_t session_id, bool add, char *why, size_t cap)
{
	struct conn_host *h = p;
	if (!add) {
		if (!h->vlan_made)
			return 0;
		h->vlan_made = false;
		int r = net_link_del(h->data_ifname);
		if (r == -ENODEV)
			snprintf(why, cap, "%s is gone already (with %s)", h->data_ifname, ifname);
		else if (r < 0)
			snprintf(why, cap, "removing %s: %s", h->data_ifname, strerror(-r));
		else
			snprintf(why, cap, "kernel: %s removed", h->data_ifname);
		return r == -ENODEV ? 0 : r;
	}
	char name[16];
	snprintf(name, sizeof name, "mbim%u", (unsigned)session_id);
	/* a VLAN passes frames only while the interface beneath it is up */
	if (net_ifindex(ifname) > 0)
		net_link_set(ifname, true, 0);
	bool made = false;
	int r = net_vlan_ensure(ifname, name, (uint16_t)session_id, &made, why, cap);
	if (r < 0)
		return r;
	h->vlan_made |= made;
	snprintf(h->data_ifname, sizeof h->data_ifname, "%s", name);
	h->cfg.data_ifname = h->data_ifname;
	return 0;
}

static void logf_(struct conn_host *h, enum conn_log lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void logf_(struct conn_host *h, enum conn_log lvl, const char *fmt, ...)
{
	char line[800];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	p_log(h, lvl, line);
}

static const char *run_dir(const struct conn_host *h)
{
	return h->runtime_dir && h->runtime_dir[0] ? h->runtime_dir : CONN_HOST_RUN_DIR;
}

/* The resolv file: --resolv, else /run/cellink/resolv.conf.MODEM (under
 * --runtime-dir when given), MODEM the configuration section or the
 * control device's name. */
static void dns_settings(struct conn_host *h, struct net_dns *d)
{
	memset(d, 0, sizeof(*d));
	d->resolved_dir = h->resolved_dir;
	if (h->resolv) {
		d->file = h->resolv;
		d->file_only = true;
		return;
	}
	const char *key = h->dns_key;
	if (!key || !key[0]) {
		const char *dev = h->cfg.device ? h->cfg.device : "";
		const char *slash = strrchr(dev, '/');
		key = slash ? slash + 1 : dev;
	}
	char safe[64];
	size_t n = 0;
	for (; key[n] && n < sizeof(safe) - 1; n++) {
		char c = key[n];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || (c == '.' && n > 0);
		safe[n] = ok ? c : '_';
	}
	safe[n] = 0;
	snprintf(h->dns_file, sizeof(h->dns_file), "%s/resolv.conf.%s", run_dir(h), n ? safe : "modem");
	d->file = h->dns_file;
}

static void dns_set(struct conn_host *h, const char *ifname, const struct conn_status *st)
{
	const char *servers[4];
	size_t n = 0;
	for (int i = 0; i < 2; i++)
		if (st->sess[i].up && st->sess[i].ip.valid)
			for (int k = 0; k < 2; k++)
				servers[n++] = st->sess[i].ip.dns[k];
	struct net_dns d;
	dns_settings(h, &d);
	if (!h->resolv && net_dns_detect(&d) == NET_DNS_FILE)
		mkdir(run_dir(h), 0755);
	char why[600];
	int r = net_dns_set(&d, ifname, servers, n, &h->dns_via, why, sizeof(why));
	logf_(h, r < 0 ? CONN_LOG_WARN : CONN_LOG_STEP, "DNS servers %s%s", r < 0 ? "not configured: " : "", why);
}

static void dns_clear(struct conn_host *h, const char *ifname)
{
	if (h->dns_via == NET_DNS_NONE)
		return;
	struct net_dns d;
	dns_settings(h, &d);
	char why[600];
	int r = net_dns_clear(&d, h->dns_via, ifname, why, sizeof(why));
	logf_(h, r < 0 ? CONN_LOG_WARN : CONN_LOG_STEP, "DNS servers %s", why);
	h->dns_via = NET_DNS_NONE;
}

static void routes_remove(struct conn_host *h, const char *ifname)
{
	for (int i = 0; i < 2; i++) {
		if (!h->route[i].on)
			continue;
		int r = net_default_route_del(ifname, i ? 6 : 4, h->route[i].gateway, h->metric);
		if (r < 0)
			logf_(h, CONN_LOG_WARN, "removing the default IPv%d route through %s: %s", i ? 6 : 4, ifname,
			      strerror(-r));
		h->route[i].on = false;
	}
}

/* Is the default route of this family at metric one through ifname? */
static bool own_route_there(const char *ifname, int family, uint32_t metric)
{
	struct net_route_list *l = malloc(sizeof(*l));
	int idx = net_ifindex(ifname);
	bool mine = false;
	if (l && idx > 0 && net_default_routes(family, l) == 0)
		for (unsigned k = 0; k < l->n; k++)
			mine |= l->r[k].metric == metric && l->r[k].ifindex == idx;
	free(l);
	return mine;
}

/* Default routes beside the host's own, at h->metric; one that would take
 * the place of a route cellink did not make is not added. */
static int routes_add(struct conn_host *h, const char *ifname, const struct conn_ip *ip, int i, char *why,
		      size_t cap)
{
	int r = net_default_route_add(ifname, ip->family, ip->gateway, h->metric);
	if (r == -EEXIST && own_route_there(ifname, ip->family, h->metric)) {
		/* through the modem's own interface: a run that was killed left it */
		h->route[i].on = true;
		snprintf(h->route[i].gateway, sizeof(h->route[i].gateway), "%s", ip->gateway);
		logf_(h, CONN_LOG_STEP, "default IPv%d route through %s at metric %u (left by an earlier run)",
		      ip->family, ifname, h->metric);
		return 0;
	}
	if (r == -EEXIST) {
		logf_(h, CONN_LOG_WARN,
		      "a default IPv%d route at metric %u is there already, not cellink's: left as it is, and none "
		      "added through %s (--metric or option metric chooses another)",
		      ip->family, h->metric, ifname);
		return 0;
	}
	if (r < 0) {
		snprintf(why, cap, "default IPv%d route: %s", ip->family, strerror(-r));
		return r;
	}
	h->route[i].on = true;
	snprintf(h->route[i].gateway, sizeof(h->route[i].gateway), "%s", ip->gateway);
	logf_(h, CONN_LOG_STEP, "default IPv%d route through %s at metric %u", ip->family, ifname, h->metric);
	return 0;
}

static int p_configure(void *p, const char *ifname, const struct conn_status *st, char *why, size_t cap)
{
	struct conn_host *h = p;
	routes_remove(h, ifname);       /* a second configure replaces the first */
	dns_clear(h, ifname);
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
		r = net_addr_add(ifname, ip->addr, ip->prefix, h->metric);
		if (r < 0) {
			snprintf(why, cap, "adding %s/%u: %s", ip->addr, ip->prefix, strerror(-r));
			break;
		}
		if (h->default_route && (r = routes_add(h, ifname, ip, i, why, cap)) < 0)
			break;
	}
	if (r < 0) {
		routes_remove(h, ifname);       /* the machine calls no deconfigure after a failure */
		return r;
	}
	if (!h->default_route)
		logf_(h, CONN_LOG_STEP, "no default route through %s, as configured", ifname);
	if (h->peer_dns)
		dns_set(h, ifname, st);
	else
		logf_(h, CONN_LOG_STEP, "DNS servers left alone, as configured");
	return 0;
}

static void p_deconfigure(void *p, const char *ifname)
{
	struct conn_host *h = p;
	routes_remove(h, ifname);
	dns_clear(h, ifname);
	net_addr_flush(ifname);
	net_link_set(ifname, false, 0);
}

static bool p_present(void *p, const char *device)
{
	struct stat st;
	return stat(device, &st) == 0;
}

/* The rtnetlink socket is one per process; the links of a daemon share
 * one watch on it (on their common loop). */
static struct ev_fd rtnl_h = { .fd = -1 };
static unsigned rtnl_watchers;

static void rtnl_readable(struct ev_fd *fd, unsigned revents)
{
	(void)fd;
	(void)revents;
	net_rtnl_pump();
}

static void stats_watch(struct conn_host *h, bool on)
{
	if (on && !h->stats_watching) {
		h->stats_watching = true;
		rtnl_watchers++;
	} else if (!on && h->stats_watching) {
		net_link_stats_cancel(&h->stats_rq);
		h->stats_watching = false;
		rtnl_watchers--;
	}
	int fd = rtnl_watchers ? net_rtnl_fd() : -1;
	if (rtnl_h.registered && (rtnl_h.fd != fd || !rtnl_watchers))
		ev_fd_del(h->loop, &rtnl_h);
	if (fd >= 0 && !rtnl_h.registered) {
		rtnl_h.fd = fd;
		rtnl_h.cb = rtnl_readable;
		ev_fd_add(h->loop, &rtnl_h, EV_READ);
	}
}

/* A liveness check begins: ask the kernel now, on the loop. */
static void stats_ask(struct conn_host *h)
{
	stats_watch(h, true);
	net_link_stats_start(conn_host_data_ifname(h), &h->stats_rq);
	stats_watch(h, true);   /* the socket may be new */
}

static int p_counters(void *p, const char *ifname, struct conn_counters *out)
{
	struct conn_host *h = p;
	struct net_link_stats st;
	int r;
	if (h->stats_rq.pending)
		net_rtnl_pump();        /* the kernel answers at once: it is there */
	if (!h->stats_rq.pending && h->stats_rq.err == 0) {
		st = h->stats_rq.st;
		h->stats_rq.err = -ENODATA;     /* used: the next check asks again */
		h->stats_async++;
	} else {
		net_link_stats_cancel(&h->stats_rq);
		r = net_link_stats(ifname, &st);
		if (r < 0)
			return r;
		h->stats_sync++;
	}
	*out = (struct conn_counters){ st.rx_packets, st.tx_packets, st.rx_bytes, st.tx_bytes };
	return 0;
}

/* ---- the liveness probe (conn_platform_ops.probe) ---- */

static void probe_end(struct conn_host *h, bool answered)
{
	if (h->ping.fd >= 0) {
		ev_fd_del(h->loop, &h->ping_h);
		net_ping_close(&h->ping);
	}
	ev_timer_cancel(h->loop, &h->ping_timer);
	conn_probe_done(&h->conn, answered);
}

static void probe_readable(struct ev_fd *fd, unsigned revents)
{
	(void)revents;
	struct conn_host *h = container_of(fd, struct conn_host, ping_h);
	if (net_ping_recv(&h->ping) > 0)
		probe_end(h, true);
}

static void probe_tick(struct ev_timer *t)
{
	struct conn_host *h = container_of(t, struct conn_host, ping_timer);
	if (h->ping_sent >= CONN_HOST_PROBE_TRIES) {
		probe_end(h, false);
		return;
	}
	char why[200];
	if (net_ping_send(&h->ping, (uint16_t)++h->ping_sent, why, sizeof why) < 0 && h->ping_sent == 1)
		p_log(h, CONN_LOG_WARN, why);   /* counted as unanswered */
	ev_timer_set(h->loop, &h->ping_timer, h->ping_sent >= CONN_HOST_PROBE_TRIES
				  ? CONN_HOST_PROBE_WAIT_MS : CONN_HOST_PROBE_GAP_MS);
}

static int p_probe(void *p, const char *ifname, const char *addr, char *why, size_t cap)
{
	struct conn_host *h = p;
	if (h->ping.fd >= 0)
		probe_end(h, false);    /* never two at once (not reached: one state at a time) */
	int r = net_ping_open(&h->ping, ifname, addr, (uint16_t)(getpid() ^ 0x434c), why, cap);
	if (r < 0)
		return r;
	h->ping_h.fd = h->ping.fd;
	h->ping_h.cb = probe_readable;
	h->ping_timer.cb = probe_tick;
	h->ping_sent = 0;
	r = ev_fd_add(h->loop, &h->ping_h, EV_READ);
	if (r < 0) {
		net_ping_close(&h->ping);
		snprintf(why, cap, "%s", strerror(-r));
		return r;
	}
	ev_timer_set(h->loop, &h->ping_timer, 0);
	return 0;
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

/* The SMS watch (conn_sms.c) runs whenever the modem is open and its SIM
 * ready, whether the link is up or not: from the data format on, through
 * registration waits and the link's life, until the device is given back
 * (releasing before a back-off, gone, disconnecting); the SIM states keep
 * it as it is. A reopen starts it again, and it hands over what came
 * meanwhile. */
static void sms_watch_follow(struct conn_host *h, enum conn_state to)
{
	switch (to) {
	case CONN_S_DATA_FORMAT: case CONN_S_NET_SELECT: case CONN_S_REGISTER: case CONN_S_REG_WAIT:
	case CONN_S_CONNECTING: case CONN_S_CONFIGURING: case CONN_S_CONNECTED: case CONN_S_CHECKING:
	case CONN_S_PROBING: case CONN_S_TEARDOWN:
		h->sms_usable = true;
		conn_host_sms_start(h);
		break;
	case CONN_S_SIM: case CONN_S_SIM_WAIT: case CONN_S_SIM_HOLD: case CONN_S_PIN_VERIFY:
		break;
	default:
		h->sms_usable = false;
		conn_host_sms_stop(h);
		break;
	}
}

static void p_changed(void *p, enum conn_state from, enum conn_state to)
{
	struct conn_host *h = p;
	if (to == CONN_S_CONNECTED && from == CONN_S_CHECKING && h->conn.st.have_modem)
		conn_tally_sample(&h->tally, &h->conn.st.modem);
	if (to == CONN_S_CHECKING && h->conn.configured)
		stats_ask(h);
	if (to == CONN_S_CONNECTED && from == CONN_S_CONFIGURING) {
		h->conn.st.have_modem = false;          /* the modem counts this session from zero */
		h->up_since = ev_now_ms();
		h->links_up++;
		if (h->on_connected)
			h->on_connected(h);
		hook_result(h, "up", cli_hook_link(&h->hook, "up", conn_host_data_ifname(h), &h->conn.st));
	}
	sms_watch_follow(h, to);
	if (from == CONN_S_CONNECTED || from == CONN_S_CHECKING)
		if (to != CONN_S_CONNECTED && to != CONN_S_CHECKING) {
			h->up_since = 0;
			conn_tally_end(&h->tally);      /* the total keeps what it carried */
			hook_result(h, "down", cli_hook_link(&h->hook, "down", conn_host_data_ifname(h), NULL));
		}
	if (h->on_changed)
		h->on_changed(h);
}

static void p_finished(void *p, int status)
{
	struct conn_host *h = p;
	h->running = false;
	h->up_since = 0;
	conn_tally_end(&h->tally);
	if (status)
		hook_result(h, "error", cli_hook_error(&h->hook, conn_host_data_ifname(h), status));
	if (h->on_finished)
		h->on_finished(h, status);
}

/* the refused-PIN memory under the runtime directory (store/pin_memory.h) */
static int p_pin_refused_before(void *p, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct conn_host *h = p;
	struct pin_memory m;
	pin_memory_init(&m, h->runtime_dir);
	int r = pin_memory_refused(&m, iccid, pin);
	if (r < 0)
		snprintf(why, cap, "%s; --runtime-dir names another directory", m.why);
	return r;
}

static int p_pin_refused(void *p, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct conn_host *h = p;
	struct pin_memory m;
	pin_memory_init(&m, h->runtime_dir);
	int r = pin_memory_remember(&m, iccid, pin);
	if (r < 0)
		snprintf(why, cap, "%s", m.why);
	return r;
}

static void hook_done(struct cli_hook *hk, const char *event, int result)
{
	hook_result(container_of(hk, struct conn_host, hook), event, result);
}

const struct conn_platform_ops conn_host_platform = {
	.pin_refused_before = p_pin_refused_before,
	.pin_refused = p_pin_refused,
	.set_raw_ip = p_raw_ip,
	.add_mux = p_add_mux,
	.session_link = p_session_link,
	.configure = p_configure,
	.deconfigure = p_deconfigure,
	.device_present = p_present,
	.link_counters = p_counters,
	.probe = p_probe,
	.now_ms = p_now,
	.timer = p_timer,
	.log = p_log,
	.changed = p_changed,
	.finished = p_finished,
};

int conn_host_bands(struct conn_host *h, const char *lte, const char *nr, char *why, size_t cap)
{
	char inner[200];
	if (lte && lte[0]) {
		if (band_list_parse(lte, BANDS_LTE_MAX, &h->bands.m[BAND_LTE], inner, sizeof inner) < 0) {
			snprintf(why, cap, "LTE bands: %s", inner);
			return -1;
		}
		h->bands.given |= 1u << BAND_LTE;
	}
	if (nr && nr[0]) {
		if (band_list_parse(nr, BANDS_NR_MAX, &h->bands.m[BAND_NR_NSA], inner, sizeof inner) < 0) {
			snprintf(why, cap, "NR bands: %s", inner);
			return -1;
		}
		h->bands.m[BAND_NR_SA] = h->bands.m[BAND_NR_NSA];
		h->bands.given |= 1u << BAND_NR_NSA | 1u << BAND_NR_SA;
	}
	h->cfg.bands = h->bands.given ? &h->bands : NULL;
	return 0;
}

void conn_host_init(struct conn_host *h, struct ev_loop *loop)
{
	memset(h, 0, sizeof(*h));
	h->stats_rq.err = -ENODATA;     /* nothing asked yet */
	h->loop = loop;
	h->timer.cb = p_timer_cb;
	h->t0 = ev_now_ms();
	h->label = "";
	h->metric = CL_DEFAULT_METRIC;
	h->default_route = true;
	h->peer_dns = true;
	h->ping.fd = -1;
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

void conn_host_resolve_protocol(struct conn_host *h)
{
	if (h->protocol != CTL_PROTO_UNKNOWN)
		return;
	h->protocol_auto = true;
	char drv[64];
	const char *dev = h->cfg.device ? h->cfg.device : "";
	if (net_wdm_driver(h->sysroot, dev, drv, sizeof drv) == 0 &&
	    (!strcmp(drv, "cdc_mbim") || !strcmp(drv, "qmi_wwan"))) {
		h->protocol = !strcmp(drv, "cdc_mbim") ? CTL_PROTO_MBIM : CTL_PROTO_QMI;
		snprintf(h->protocol_why, sizeof h->protocol_why, "%s is bound to %s", dev, drv);
		return;
	}
	char why[256];
	int r = ctl_proto_probe(dev, CONN_HOST_PROBE_PROTO_MS, why, sizeof why);
	h->protocol = r == CTL_PROTO_MBIM ? CTL_PROTO_MBIM : CTL_PROTO_QMI;
	snprintf(h->protocol_why, sizeof h->protocol_why, "%s%s", why, r > 0 ? "" : "; trying QMI");
}

const char *conn_host_protocol_name(const struct conn_host *h)
{
	return h->protocol == CTL_PROTO_MBIM ? "mbim" : "qmi";
}

void conn_host_resolve_ifname(struct conn_host *h)
{
	if (!h->ifname[0] && net_ifname_for_device(h->sysroot, h->cfg.device, h->ifname, sizeof(h->ifname)) < 0)
		snprintf(h->ifname, sizeof(h->ifname), "wwan0");
}

static int start(struct conn_host *h);

int conn_host_start(struct conn_host *h)
{
	int r = start(h);
	if (r < 0 && !h->conn.exit_status)
		h->conn.exit_status = CONN_EXIT_MODEM_ERROR;
	return r;
}

static int start(struct conn_host *h)
{
	conn_host_resolve_ifname(h);
	h->cfg.ifname = h->ifname;
	h->data_ifname[0] = 0;          /* the mux interface is found again at each start */
	h->cfg.data_ifname = NULL;
	if (h->cfg.mux_id) {
		int n = net_wdm_usb_iface(h->sysroot, h->cfg.device);
		h->cfg.mux_usb_iface = n >= 0 ? (uint8_t)n : 0;
	}
	if (h->cfg.password == NULL && h->password[0])
		h->cfg.password = h->password;
	if (h->cfg.pin == NULL && h->pin[0])
		h->cfg.pin = h->pin;
	/* auto decides again at each start: a daemon's modem that was absent
	 * (and taken for QMI) may be an MBIM one when it comes */
	if (h->protocol_auto && h->starts)
		h->protocol = CTL_PROTO_UNKNOWN;
	h->starts++;
	if (h->qmi_dev)
		h->protocol = CTL_PROTO_QMI;    /* QMAP PDNs of one modem: asking would open the device */
	conn_host_resolve_protocol(h);
	bool drop_qmi = h->protocol == CTL_PROTO_MBIM && h->modem;
	bool drop_mbim = h->protocol != CTL_PROTO_MBIM && h->mbim;
	if ((drop_qmi || drop_mbim) && h->on_clients_gone)
		h->on_clients_gone(h);
	if (drop_qmi) {
		conn_qmi_free(h->modem);
		h->modem = NULL;
	} else if (drop_mbim) {
		mbim_part_free(h);
	}
	if (h->protocol == CTL_PROTO_MBIM) {
		int r = mbim_part_start(h);     /* host/mbim_part.h: a build may have no MBIM */
		if (r < 0)
			return r;
	} else {
		conn_init(&h->conn, &h->cfg, &conn_qmi_ops, NULL, &conn_host_platform, h);
		if (!h->modem) {
			h->modem = h->qmi_dev ? conn_qmi_new_on(h->loop, &h->conn, h->qmi_dev)
					      : conn_qmi_new(h->loop, &h->conn);
			if (!h->modem)
				return -ENOMEM;
		}
		h->conn.modem_ctx = h->modem;
		if (h->verbose) {
			h->modem->cl->trace = trace;
			h->modem->cl->trace_ud = h;
		}
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
	conn_host_sms_stop(h);
	/* a stop that did not wait for the modem (a third signal) still
	 * takes back the routes and DNS this link gave the host */
	routes_remove(h, conn_host_data_ifname(h));
	dns_clear(h, conn_host_data_ifname(h));
	if (h->vlan_made && net_link_del(h->data_ifname) == 0)
		logf_(h, CONN_LOG_STEP, "kernel: %s removed", h->data_ifname);
	h->vlan_made = false;
	cli_hook_finish(&h->hook);      /* an "error" or "down" hook still runs, bounded */
	ev_timer_cancel(h->loop, &h->timer);
	ev_timer_cancel(h->loop, &h->ping_timer);
	if (h->ping.fd >= 0) {
		ev_fd_del(h->loop, &h->ping_h);
		net_ping_close(&h->ping);
	}
	stats_watch(h, false);
	if (h->stats_async + h->stats_sync)
		logf_(h, CONN_LOG_STEP, "host counters for %lu liveness checks: %lu asked on the event loop, %lu waited for",
		      h->stats_async + h->stats_sync, h->stats_async, h->stats_sync);
	conn_qmi_free(h->modem);
	h->modem = NULL;
	mbim_part_free(h);
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
	json_str(sb, "interface", conn_host_data_ifname(h), true);
	if (h->cfg.mux_id) {
		sb_printf(sb, ",\"mux_id\":%u", h->cfg.mux_id);
		json_str(sb, "mux_on", h->ifname, true);
	}
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
	/* how many indications the modem sent (a flood shows here) */
	sb_printf(sb, ",\"indications\":%lu", h->modem && h->modem->cl ? h->modem->cl->stats.indications : 0ul);
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
	sb_putc(sb, ']');
	conn_host_counters_json(h, sb);
	sb_putc(sb, '}');
}

static void counts_json(struct strbuf *sb, const char *key, const struct conn_counters *c)
{
	sb_printf(sb, "\"%s\":{\"rx_bytes\":%llu,\"tx_bytes\":%llu,\"rx_packets\":%llu,\"tx_packets\":%llu}", key,
		  (unsigned long long)c->rx_bytes, (unsigned long long)c->tx_bytes,
		  (unsigned long long)c->rx_packets, (unsigned long long)c->tx_packets);
}

void conn_host_counters_json(const struct conn_host *h, struct strbuf *sb)
{
	struct conn_counters session, total;
	conn_tally_get(&h->tally, &session, &total);
	sb_puts(sb, ",\"counters\":{");
	counts_json(sb, "session", &session);
	sb_putc(sb, ',');
	counts_json(sb, "total", &total);
	sb_putc(sb, '}');
}
