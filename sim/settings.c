/* "set ...": configuration of the emulated network and subscription,
 * from the scenario file or the control socket. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "sim/sim.h"


static int answer(struct strbuf *out, const char *err, const char *arg)
{
	if (!err) {
		sb_puts(out, "{\"ok\":true}");
		return 0;
	}
	char msg[200];
	snprintf(msg, sizeof(msg), err, arg ? arg : "");
	sb_puts(out, "{\"ok\":false,\"error\":");
	sb_put_json_str(out, msg, strlen(msg));
	sb_putc(out, '}');
	return -1;
}

static bool copy(char *dst, size_t cap, const char *src)
{
	if (!src)
		return true;
	if (strlen(src) >= cap)
		return false;
	memcpy(dst, src, strlen(src) + 1);
	return true;
}

static int auth_mask(const char *s)
{
	if (!strcmp(s, "none") || !strcmp(s, "any"))
		return 0;
	if (!strcmp(s, "pap"))
		return 1;
	if (!strcmp(s, "chap"))
		return 2;
	if (!strcmp(s, "pap|chap") || !strcmp(s, "both"))
		return 3;
	return -1;
}

static int set_apn(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	if (argc < 2)
		return answer(out, "usage: set apn NAME [user=U] [pass=P] [auth=pap|chap|both] [ip=4|6|46]", NULL);
	struct sim_apn *a = sim_apn_set(&s->m, argv[1]);
	if (!a)
		return answer(out, "too many APNs", NULL);
	const char *auth = sim_kv(argc, argv, "auth"), *ip = sim_kv(argc, argv, "ip");
	if (!copy(a->user, sizeof(a->user), sim_kv(argc, argv, "user")) ||
	    !copy(a->pass, sizeof(a->pass), sim_kv(argc, argv, "pass")))
		return answer(out, "credential too long", NULL);
	if (auth) {
		int m = auth_mask(auth);
		if (m < 0)
			return answer(out, "bad auth '%s'", auth);
		a->auth = (unsigned)m;
	}
	if (ip) {
		if (!strcmp(ip, "4"))
			a->families = 1;
		else if (!strcmp(ip, "6"))
			a->families = 2;
		else if (!strcmp(ip, "46") || !strcmp(ip, "4v6"))
			a->families = 3;
		else
			return answer(out, "bad ip '%s'", ip);
	}
	return answer(out, NULL, NULL);
}

static int set_ip(struct sim *s, int argc, char **argv, struct strbuf *out, int family)
{
	struct sim_net *n = &s->m.net;
	static const char *const k4[] = { "addr", "gw", "mask", "dns1", "dns2" };
	static const char *const k6[] = { "addr", "gw", "dns1", "dns2" };
	char *f4[] = { n->v4_addr, n->v4_gw, n->v4_mask, n->v4_dns1, n->v4_dns2 };
	char *f6[] = { n->v6_addr, n->v6_gw, n->v6_dns1, n->v6_dns2 };
	uint8_t tmp[16];
	size_t count = family == 4 ? ARRAY_SIZE(k4) : ARRAY_SIZE(k6);
	for (size_t i = 0; i < count; i++) {
		const char *v = sim_kv(argc, argv, family == 4 ? k4[i] : k6[i]);
		if (!v)
			continue;
		if (inet_pton(family == 4 ? AF_INET : AF_INET6, v, tmp) != 1)
			return answer(out, "bad address '%s'", v);
		if (!copy(family == 4 ? f4[i] : f6[i], family == 4 ? 16 : 48, v))
			return answer(out, "bad address '%s'", v);
	}
	long p;
	if (family == 6 && sim_kv(argc, argv, "prefix")) {
		if (!sim_num(sim_kv(argc, argv, "prefix"), 1, 128, &p))
			return answer(out, "bad prefix", NULL);
		n->v6_prefix = (uint8_t)p;
	}
	return answer(out, NULL, NULL);
}

int sim_set_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	long v;
	struct sim_modem *m = &s->m;
	if (argc < 1)
		return answer(out, "usage: set WHAT ...", NULL);
	const char *what = argv[0], *arg = argc > 1 ? argv[1] : NULL;
	if (!strcmp(what, "apn"))
		return set_apn(s, argc, argv, out);
	if (!strcmp(what, "ipv4"))
		return set_ip(s, argc, argv, out, 4);
	if (!strcmp(what, "ipv6"))
		return set_ip(s, argc, argv, out, 6);
	if (!strcmp(what, "pin") || !strcmp(what, "puk")) {
		if (!arg || !copy(!strcmp(what, "pin") ? m->pin : m->puk, sizeof(m->pin), arg))
			return answer(out, "usage: set pin|puk VALUE", NULL);
		if (!strcmp(what, "pin"))
			m->pin_enabled = true;
		return answer(out, NULL, NULL);
	}
	if (!strcmp(what, "pin-retries") || !strcmp(what, "puk-retries")) {
		if (!sim_num(arg, 0, 10, &v))
			return answer(out, "bad count", NULL);
		*(what[1] == 'i' ? &m->pin_retries : &m->puk_retries) = (unsigned)v;
		return answer(out, NULL, NULL);
	}
	if (!strcmp(what, "operator")) {
		const char *name = sim_kv(argc, argv, "name");
		if (name && !copy(m->operator_name, sizeof(m->operator_name), name))
			return answer(out, "name too long", NULL);
		if (sim_kv(argc, argv, "mcc")) {
			if (!sim_num(sim_kv(argc, argv, "mcc"), 1, 999, &v))
				return answer(out, "bad mcc", NULL);
			m->mcc = (uint16_t)v;
		}
		if (sim_kv(argc, argv, "mnc")) {
			if (!sim_num(sim_kv(argc, argv, "mnc"), 0, 999, &v))
				return answer(out, "bad mnc", NULL);
			m->mnc = (uint16_t)v;
		}
		return answer(out, NULL, NULL);
	}
	if (!strcmp(what, "roaming")) {
		m->roam = arg && !strcmp(arg, "on");
		if (sim_modem_registered(m))
			sim_set_registration(s, m->roam ? SIM_REG_ROAMING : SIM_REG_HOME);
		return answer(out, NULL, NULL);
	}
	if (!strcmp(what, "rat")) {
		if (!arg)
			return answer(out, "usage: set rat lte|umts|gsm", NULL);
		m->rat = !strcmp(arg, "umts") ? 5 : !strcmp(arg, "gsm") ? 4 : 8;
		return answer(out, NULL, NULL);
	}
	/* numbers */
	static const struct { const char *name; long max; } nums[] = {
		{ "register-delay", 600000 }, { "reset-delay", 600000 }, { "default-delay", 600000 },
		{ "max-cids", SIM_CID_POOL_MAX }, { "mtu", 9000 },
		{ "quirk-swallow-first", 100 }, { "quirk-sim-init-delay", 600000 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(nums); i++) {
		if (strcmp(what, nums[i].name))
			continue;
		if (!sim_num(arg, i == 3 ? 1 : 0, nums[i].max, &v))
			return answer(out, "bad number '%s'", arg);
		switch (i) {
		case 0: m->register_delay_ms = (unsigned)v; break;
		case 1: s->reset_delay_ms = (uint32_t)v; break;
		case 2: s->default_delay_ms = (uint32_t)v; break;
		case 3:
			for (size_t k = 0; k < SIM_N_SERVICES; k++)
				s->clients.svc[k].pool = (unsigned)v;
			break;
		case 4: m->net.mtu = (uint32_t)v; break;
		case 5: s->quirk_swallow = (unsigned)v; break;
		case 6: s->quirk_sim_init_ms = (uint32_t)v; break;
		}
		return answer(out, NULL, NULL);
	}
	return answer(out, "unknown setting '%s'", what);
}
