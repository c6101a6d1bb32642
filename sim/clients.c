/* Client ids per service, as a modem keeps them: a finite pool each. */
#include <string.h>

#include "sim/sim.h"

static const uint8_t services[SIM_N_SERVICES] = {
#define SIM_SVC_ID(sym) QMI_SVC_##sym,
	SIM_SERVICES(SIM_SVC_ID)
#undef SIM_SVC_ID
};

void sim_clients_init(struct sim_clients *cs, unsigned pool)
{
	memset(cs, 0, sizeof(*cs));
	if (pool == 0 || pool > SIM_CID_POOL_MAX)
		pool = SIM_CID_POOL_DEFAULT;
	for (size_t i = 0; i < SIM_N_SERVICES; i++) {
		cs->svc[i].service = services[i];
		cs->svc[i].pool = pool;
	}
}

static int svc_index(uint8_t service)
{
	for (size_t i = 0; i < SIM_N_SERVICES; i++)
		if (services[i] == service)
			return (int)i;
	return -1;
}

struct sim_svc_clients *sim_clients_svc(struct sim_clients *cs, uint8_t service)
{
	int i = svc_index(service);
	return i < 0 ? NULL : &cs->svc[i];
}

int sim_client_alloc(struct sim_clients *cs, uint8_t service)
{
	int i = svc_index(service);
	if (i < 0)
		return -QMI_ERR_INVALID_SERVICE_TYPE;
	struct sim_svc_clients *sc = &cs->svc[i];
	if (sc->exhausted)
		return -QMI_ERR_CLIENT_IDS_EXHAUSTED;
	/* hand ids out round-robin, as modems do, so a stale id is not
	 * immediately reused */
	for (unsigned k = 0; k < sc->pool; k++) {
		unsigned cid = (unsigned)(cs->next_hint[i] + k) % sc->pool + 1;
		if (!sc->c[cid].used) {
			memset(&sc->c[cid], 0, sizeof(sc->c[cid]));
			sc->c[cid].used = true;
			sc->c[cid].cid = (uint8_t)cid;
			sc->c[cid].ip_family = 4;
			cs->next_hint[i] = (uint8_t)cid;
			return (int)cid;
		}
	}
	return -QMI_ERR_CLIENT_IDS_EXHAUSTED;
}

struct sim_client *sim_client_get(struct sim_clients *cs, uint8_t service, uint8_t cid)
{
	struct sim_svc_clients *sc = sim_clients_svc(cs, service);
	if (!sc || cid == 0 || cid > SIM_CID_POOL_MAX || !sc->c[cid].used)
		return NULL;
	return &sc->c[cid];
}

int sim_client_release(struct sim_clients *cs, uint8_t service, uint8_t cid)
{
	struct sim_client *c = sim_client_get(cs, service, cid);
	if (!c)
		return -QMI_ERR_INVALID_CLIENT_ID;
	c->used = false;
	return 0;
}

unsigned sim_clients_count(const struct sim_clients *cs, uint8_t service)
{
	int i = svc_index(service);
	unsigned n = 0;
	if (i < 0)
		return 0;
	for (unsigned cid = 1; cid <= SIM_CID_POOL_MAX; cid++)
		n += cs->svc[i].c[cid].used;
	return n;
}

unsigned sim_clients_total(const struct sim_clients *cs)
{
	unsigned n = 0;
	for (size_t i = 0; i < SIM_N_SERVICES; i++)
		n += sim_clients_count(cs, services[i]);
	return n;
}

void sim_clients_release_all(struct sim_clients *cs)
{
	for (size_t i = 0; i < SIM_N_SERVICES; i++)
		for (unsigned cid = 0; cid <= SIM_CID_POOL_MAX; cid++)
			cs->svc[i].c[cid].used = false;
}

void sim_clients_json(const struct sim_clients *cs, struct strbuf *out)
{
	sb_putc(out, '{');
	for (size_t i = 0; i < SIM_N_SERVICES; i++) {
		sb_printf(out, "\"%s\":[", qmi_service_name(services[i]));
		bool first = true;
		for (unsigned cid = 1; cid <= SIM_CID_POOL_MAX; cid++) {
			if (!cs->svc[i].c[cid].used)
				continue;
			sb_printf(out, "%s%u", first ? "" : ",", cid);
			first = false;
		}
		sb_puts(out, "],");
	}
	sb_printf(out, "\"total\":%u}", sim_clients_total(cs));
}
