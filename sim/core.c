/* The emulator's shared plumbing: logging, answer delays, reset. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/util.h"
#include "qmi/ids.h"
#include "sim/sim.h"

static void vlog(struct sim *s, const char *fmt, va_list ap)
{
	char line[1024];
	if (!s->log_fn)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	s->log_fn(s, line);
}

void sim_log(struct sim *s, const char *fmt, ...)
{
	if (!s->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(s, fmt, ap);
	va_end(ap);
}

void sim_err(struct sim *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(s, fmt, ap);
	va_end(ap);
}

/* Realistic answer times: queries take milliseconds, bringing a session
 * up or down takes a network round trip. */
static const struct sim_delay default_delays[] = {
	{ QMI_SVC_WDS, QMI_WDS_START_NETWORK, 300 },
	{ QMI_SVC_WDS, QMI_WDS_STOP_NETWORK, 100 },
	{ QMI_SVC_DMS, QMI_DMS_SET_OPERATING_MODE, 50 },
	{ QMI_SVC_NAS, QMI_NAS_INITIATE_NETWORK_REGISTER, 50 },
	{ QMI_SVC_NAS, QMI_NAS_NETWORK_SCAN, 2000 },
};

uint32_t sim_delay_for(const struct sim *s, uint8_t service, uint16_t msg)
{
	const struct sim_delay *svc_wide = NULL;
	for (size_t i = 0; i < s->n_delays; i++) {
		if (s->delays[i].service != service)
			continue;
		if (s->delays[i].msg == msg)
			return s->delays[i].ms;
		if (s->delays[i].msg < 0)
			svc_wide = &s->delays[i];
	}
	if (svc_wide)
		return svc_wide->ms;
	for (size_t i = 0; i < ARRAY_SIZE(default_delays); i++)
		if (default_delays[i].service == service && default_delays[i].msg == msg)
			return default_delays[i].ms;
	return s->default_delay_ms;
}

int sim_delay_set(struct sim *s, uint8_t service, int32_t msg, uint32_t ms)
{
	for (size_t i = 0; i < s->n_delays; i++) {
		if (s->delays[i].service == service && s->delays[i].msg == msg) {
			s->delays[i].ms = ms;
			return 0;
		}
	}
	if (s->n_delays == SIM_MAX_DELAYS)
		return -ENOSPC;
	s->delays[s->n_delays++] = (struct sim_delay){ service, msg, ms };
	return 0;
}

/* ---- reset: the device goes away, comes back with fresh state ---- */

static void reset_up_cb(struct ev_timer *t)
{
	struct sim *s = container_of(t, struct sim, reset_timer);
	int r = s->port.up ? 0 : sim_port_open(s);     /* up: reset before start */
	if (r < 0) {
		sim_err(s, "cannot recreate %s after reset: %s", s->port.path, strerror(-r));
		ev_stop(&s->loop);
		return;
	}
	s->resetting = false;
	sim_log(s, "modem: back after reset");
	sim_power_up(s);
}

static void sim_init_cb(struct ev_timer *t)
{
	struct sim *s = container_of(t, struct sim, sim_init_timer);
	if (s->m.card == SIM_CARD_NOT_INIT)
		sim_set_card(s, s->init.card == SIM_CARD_NOT_INIT ? SIM_CARD_READY : s->init.card);
}

void sim_power_up(struct sim *s)
{
	s->faults.swallow_first = s->quirk_swallow;
	if (s->quirk_sim_init_ms && s->m.card != SIM_CARD_ABSENT) {
		s->m.card = SIM_CARD_NOT_INIT;
		s->sim_init_timer.cb = sim_init_cb;
		ev_timer_set(&s->loop, &s->sim_init_timer, s->quirk_sim_init_ms);
	}
	sim_start_registration(s);
}

static void reset_down_cb(struct ev_timer *t)
{
	struct sim *s = container_of(t, struct sim, reset_timer);
	sim_reset(s, s->reset_delay_ms);
}

void sim_reset_after(struct sim *s, uint32_t after_ms)
{
	s->reset_timer.cb = reset_down_cb;
	ev_timer_set(&s->loop, &s->reset_timer, after_ms);
}

void sim_reset(struct sim *s, uint32_t ms)
{
	sim_log(s, "modem: reset, back in %u ms", ms);
	sim_port_close(s);
	ev_timer_cancel(&s->loop, &s->reg_timer);
	ev_timer_cancel(&s->loop, &s->sim_init_timer);
	sim_clients_init(&s->clients, s->clients.svc[0].pool);
	struct sim_bands bands = s->m.bands;    /* kept, as in non-volatile memory */
	s->m = s->init;
	s->m.bands = bands;
	memset(&s->faults, 0, sizeof(s->faults));
	sim_forwarding_refresh(s);
	s->resetting = true;
	s->reset_timer.cb = reset_up_cb;
	ev_timer_set(&s->loop, &s->reset_timer, ms);
}

