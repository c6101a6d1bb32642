/* Glue between the modem state and the parts built alongside it: the data
 * plane (dataplane.h) and the AT port (at.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "sim/at.h"
#include "sim/at_ppp.h"
#include "sim/dataplane.h"

struct sim_wire {
	struct sim *s;
	bool at_on;
	struct sim_at at;
	struct sim_at_pdp pdp[SIM_AT_MAX_PDP];
	struct sim_ppp_server ppp;      /* pppd peer after CONNECT (with --netns) */
	bool dp_on;
	struct sim_dp dp;
};

static void at_identity(void *ctx, struct sim_at_identity *out)
{
	const struct sim_profile *p = ((struct sim_wire *)ctx)->s->prof;
	out->manufacturer = p->manufacturer;
	out->model = p->model;
	out->revision = p->revision;
	out->imei = p->imei;
	out->iccid = p->iccid;
}

static enum sim_at_sim at_sim_state(void *ctx)
{
	switch (((struct sim_wire *)ctx)->s->m.card) {
	case SIM_CARD_READY: return SIM_AT_SIM_READY;
	case SIM_CARD_PIN: return SIM_AT_SIM_PIN;
	case SIM_CARD_PUK: case SIM_CARD_BLOCKED: return SIM_AT_SIM_PUK;
	case SIM_CARD_ABSENT: return SIM_AT_SIM_ABSENT;
	default: return SIM_AT_SIM_NOT_READY;
	}
}

static void at_pin_retries(void *ctx, int *pin, int *puk)
{
	struct sim *s = ((struct sim_wire *)ctx)->s;
	*pin = s->m.pin_retries;
	*puk = s->m.puk_retries;
}

static int at_pin_enter(void *ctx, const char *pin)
{
	struct sim *s = ((struct sim_wire *)ctx)->s;
	int r = sim_pin_verify(s, pin);
	switch (r) {
	case 0: return 0;
	case QMI_ERR_INCORRECT_PIN: return s->m.card == SIM_CARD_PUK ? 12 : 16;
	case QMI_ERR_PIN_BLOCKED: case QMI_ERR_PIN_ALWAYS_BLOCKED: return 12;
	default: return 10;     /* SIM not inserted */
	}
}

static void at_signal(void *ctx, struct sim_at_signal *out)
{
	const struct sim_modem *m = &((struct sim_wire *)ctx)->s->m;
	out->rssi_dbm = m->rssi;
	out->rsrp_dbm = m->rsrp;
	out->rsrq_x10 = m->rsrq * 10;
	out->sinr_x10 = m->sinr10;
}

static void at_registration(void *ctx, struct sim_at_reg *out)
{
	const struct sim_modem *m = &((struct sim_wire *)ctx)->s->m;
	static const int stat[] = { [SIM_REG_OFF] = 0, [SIM_REG_SEARCHING] = 2, [SIM_REG_HOME] = 1,
				    [SIM_REG_ROAMING] = 5, [SIM_REG_DENIED] = 3 };
	out->stat = stat[m->reg];
	out->tac = 0x3a1c;
	out->ci = 0x01a2d05;
	out->act = 7;
}

static void at_oper(void *ctx, struct sim_at_oper *out)
{
	const struct sim_modem *m = &((struct sim_wire *)ctx)->s->m;
	bool reg = sim_modem_registered(m);
	out->name = reg ? m->operator_name : "";
	out->mcc = m->mcc;
	out->mnc = m->mnc;
	out->act = 7;
}

static int at_pdp_list(void *ctx, struct sim_at_pdp *out, int max)
{
	struct sim_wire *w = ctx;
	int n = 0;
	for (int i = 0; i < SIM_AT_MAX_PDP && n < max; i++)
		if (w->pdp[i].cid)
			out[n++] = w->pdp[i];
	return n;
}

static int at_pdp_define(void *ctx, int cid, const char *type, const char *apn)
{
	struct sim_wire *w = ctx;
	if (cid < 1 || cid > SIM_AT_MAX_PDP)
		return 50;      /* incorrect parameters */
	struct sim_at_pdp *p = &w->pdp[cid - 1];
	if (!type[0] && !apn[0]) {
		memset(p, 0, sizeof(*p));
		return 0;
	}
	memset(p, 0, sizeof(*p));
	p->cid = cid;
	snprintf(p->type, sizeof(p->type), "%s", type);
	snprintf(p->apn, sizeof(p->apn), "%s", apn);
	return 0;
}

static int at_dial(void *ctx, int cid)
{
	struct sim_wire *w = ctx;
	if (!sim_modem_registered(&w->s->m))
		return -1;      /* NO CARRIER */
	if (cid >= 1 && cid <= SIM_AT_MAX_PDP && w->pdp[cid - 1].cid)
		w->pdp[cid - 1].active = true;
	return 0;
}

static void at_hangup(void *ctx)
{
	struct sim_wire *w = ctx;
	for (int i = 0; i < SIM_AT_MAX_PDP; i++)
		w->pdp[i].active = false;
	sim_ppp_server_hangup(&w->ppp);         /* network-side hang-up */
}

static void ppp_log(void *ctx, const char *line)
{
	sim_log(((struct sim_wire *)ctx)->s, "ppp peer: %s", line);
}

static void ppp_end(void *ctx, int status)
{
	struct sim_wire *w = ctx;
	sim_log(w->s, "ppp peer: pppd ended (status %d); NO CARRIER", status);
	sim_at_data_end(&w->at);
}

/* After CONNECT: a pppd peer in the emulator's namespace (see at_ppp.h);
 * CELLINK_SIM_PPP_OPTS adds options to it. */
static void at_on_connect(void *ctx, int fd)
{
	struct sim_wire *w = ctx;
	const struct sim_net *n = &w->s->m.net;
	struct sim_ppp_server_cfg c = { .netns = w->s->netns, .local4 = n->v4_gw, .peer4 = n->v4_addr,
					.dns1 = n->v4_dns1, .dns2 = n->v4_dns2, .ipv6 = true,
					.extra = getenv("CELLINK_SIM_PPP_OPTS") };
	w->ppp.ctx = w;
	w->ppp.log = ppp_log;
	w->ppp.on_end = ppp_end;
	int r = sim_ppp_server_start(&w->ppp, &w->s->loop, fd, &c);
	if (r < 0) {
		sim_err(w->s, "ppp peer: cannot start pppd: %s", strerror(-r));
		sim_at_data_end(&w->at);
	}
}

static const struct sim_at_ops at_ops = {
	.identity = at_identity, .sim_state = at_sim_state, .pin_enter = at_pin_enter,
	.pin_retries = at_pin_retries,
	.signal = at_signal, .registration = at_registration, .oper = at_oper,
	.pdp_list = at_pdp_list, .pdp_define = at_pdp_define, .dial = at_dial,
	.hangup = at_hangup,
};
/* With a namespace to serve (--netns), CONNECT hands the line to pppd. */
static const struct sim_at_ops at_ops_ppp = {
	.identity = at_identity, .sim_state = at_sim_state, .pin_enter = at_pin_enter,
	.pin_retries = at_pin_retries,
	.signal = at_signal, .registration = at_registration, .oper = at_oper,
	.pdp_list = at_pdp_list, .pdp_define = at_pdp_define, .dial = at_dial,
	.hangup = at_hangup, .on_connect = at_on_connect,
};

/* The data plane answers on the gateway and DNS addresses that
 * get-current-settings hands out. */
static int sim_wire_dp_start(struct sim *s, struct sim_wire *w, bool tap)
{
	const struct sim_net *n = &s->m.net;
	struct sim_dp_config cfg = { .netns = s->netns[0] ? s->netns : NULL, .ifname = s->ifname,
				     .tap = tap, .mbim = s->mbim != NULL };
	if (inet_pton(AF_INET, n->v4_gw, &cfg.gw4) != 1 || inet_pton(AF_INET, n->v4_dns1, &cfg.dns4[0]) != 1 ||
	    inet_pton(AF_INET, n->v4_dns2, &cfg.dns4[1]) != 1 || inet_pton(AF_INET6, n->v6_gw, cfg.gw6) != 1 ||
	    inet_pton(AF_INET6, n->v6_dns1, cfg.dns6[0]) != 1 ||
	    inet_pton(AF_INET6, n->v6_dns2, cfg.dns6[1]) != 1) {
		sim_err(s, "data plane: bad address in the network settings");
		return -EINVAL;
	}
	int r = sim_dp_start(&w->dp, &s->loop, &cfg);
	if (r < 0) {
		sim_err(s, "data plane %s%s%s: %s", s->ifname, s->netns[0] ? " in netns " : "", s->netns,
			strerror(-r));
		return r;
	}
	w->dp_on = true;
	sim_forwarding_refresh(s);      /* nothing flows before a session */
	sim_log(s, "data plane: %s (%s)%s%s", s->ifname,
		cfg.mbim ? "tap, 802.3 without ARP as cdc_mbim's: session N > 0 on VLAN N"
			 : tap ? "tap, 802.3" : "tun, raw-ip",
		s->netns[0] ? " in netns " : "", s->netns);
	return 0;
}

static void sim_wire_dp_counters(struct sim *s, struct sim_wire *w)
{
	struct sim_dp_stats st;
	sim_dp_counters(&w->dp, &st);
	s->m.tx_packets = (uint32_t)st.tx_packets;
	s->m.rx_packets = (uint32_t)st.rx_packets;
	s->m.tx_bytes = st.tx_bytes;
	s->m.rx_bytes = st.rx_bytes;
	s->m.v6 = (struct sim_counts){ st.tx6_packets, st.tx6_bytes, st.rx6_packets, st.rx6_bytes };
}

int sim_wire_start(struct sim *s, bool dataplane, bool tap, const char *at_path)
{
	struct sim_wire *w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->s = s;
	s->wire = w;
	int r = 0;
	if (at_path) {
		at_pdp_define(w, 1, "IPV4V6", "internet");
		w->ppp.h.fd = -1;
		if ((r = sim_at_start(&w->at, &s->loop, at_path, s->netns[0] ? &at_ops_ppp : &at_ops,
				      w)) < 0) {
			sim_err(s, "AT port %s: %s", at_path, strerror(-r));
			return r;
		}
		w->at_on = true;
	}
	if (dataplane) {
		r = sim_wire_dp_start(s, w, tap);
		if (r < 0)
			return r;
	}
	return r;
}

void sim_wire_stop(struct sim *s)
{
	struct sim_wire *w = s->wire;
	if (!w)
		return;
	sim_ppp_server_kill(&w->ppp);
	if (w->at_on)
		sim_at_stop(&w->at);
	if (w->dp_on)
		sim_dp_stop(&w->dp);
	free(w);
	s->wire = NULL;
}

void sim_wire_forwarding(struct sim *s, bool on)
{
	if (s->wire && s->wire->dp_on)
		sim_dp_set_forwarding(&s->wire->dp, on);
}

void sim_wire_sessions(struct sim *s, const uint8_t up[32])
{
	if (s->wire && s->wire->dp_on)
		sim_dp_set_sessions(&s->wire->dp, up);
}

bool sim_wire_session_up(struct sim *s, unsigned id)
{
	if (!s->wire || !s->wire->dp_on || id >= 8 * sizeof s->wire->dp.sessions)
		return false;
	return s->wire->dp.sessions[id / 8] & (1u << (id % 8));
}

void sim_wire_counters(struct sim *s)
{
	if (s->wire && s->wire->dp_on)
		sim_wire_dp_counters(s, s->wire);
}

void sim_wire_reg_changed(struct sim *s)
{
	if (s->wire && s->wire->at_on)
		sim_at_reg_changed(&s->wire->at);
}

int sim_wire_dp_virtual(struct sim *s)
{
	struct sim_wire *w = s->wire;
	const struct sim_net *n = &s->m.net;
	struct sim_dp_config cfg = { .ifname = s->ifname };
	if (!w)
		return -EINVAL;
	if (inet_pton(AF_INET, n->v4_gw, &cfg.gw4) != 1 || inet_pton(AF_INET, n->v4_dns1, &cfg.dns4[0]) != 1 ||
	    inet_pton(AF_INET, n->v4_dns2, &cfg.dns4[1]) != 1 || inet_pton(AF_INET6, n->v6_gw, cfg.gw6) != 1 ||
	    inet_pton(AF_INET6, n->v6_dns1, cfg.dns6[0]) != 1 ||
	    inet_pton(AF_INET6, n->v6_dns2, cfg.dns6[1]) != 1) {
		sim_err(s, "data plane: bad address in the network settings");
		return -EINVAL;
	}
	sim_dp_init(&w->dp, &cfg);
	w->dp_on = true;
	sim_forwarding_refresh(s);
	return 0;
}

int sim_wire_packet(struct sim *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	struct sim_wire *w = s->wire;
	if (!w || !w->dp_on)
		return 0;
	w->dp.tap = s->m.link_layer == 1;       /* WDA: 1 802.3, 2 raw-ip */
	return sim_dp_process(&w->dp, in, n, out, cap);
}

const char *sim_wire_at_path(struct sim *s)
{
	if (s->wire && s->wire->at_on)
		return s->wire->at.path;
	return NULL;
}
