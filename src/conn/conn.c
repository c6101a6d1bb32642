/* The connection state machine; see conn.h. */
#include "conn/conn.h"
#include "common/backoff.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- names ---- */

static const char *const state_names[] = {
#define CONN_STATE_NAME(sym, name) name,
	CONN_STATES(CONN_STATE_NAME)
#undef CONN_STATE_NAME
};
static const char *const event_names[] = {
#define CONN_EVENT_NAME(sym, name) name,
	CONN_EVENTS(CONN_EVENT_NAME)
#undef CONN_EVENT_NAME
};

const char *conn_state_name(enum conn_state s)
{
	return (unsigned)s < CONN_S_COUNT ? state_names[s] : "?";
}

const char *conn_event_name(enum conn_event e)
{
	return (unsigned)e < CONN_EV_COUNT ? event_names[e] : "?";
}

const char *conn_sim_name(enum conn_sim s)
{
	static const char *const n[] = { "unknown", "ready", "pin-required", "puk-required",
					 "blocked", "absent", "not-initialised" };
	return (unsigned)s < ARRAY_SIZE(n) ? n[s] : "?";
}

const char *conn_reg_name(enum conn_reg r)
{
	static const char *const n[] = { "unknown", "home", "roaming", "searching", "denied",
					 "not-registered" };
	return (unsigned)r < ARRAY_SIZE(n) ? n[r] : "?";
}

void conn_config_defaults(struct conn_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ifname = "wwan0";
	cfg->want_v4 = true;
	cfg->configure = true;
	cfg->set_kernel_raw_ip = true;
	cfg->pin_full_attempts = 3;
	cfg->op_timeout_ms = 15000;
	cfg->sim_wait_ms = 30000;
	cfg->register_timeout_ms = 60000;
	cfg->poll_ms = 1000;
	cfg->liveness_ms = 10000;
	cfg->phantom_checks = 3;
	cfg->probe_timeout_ms = 10000;
	cfg->backoff_min_ms = 1000;
	cfg->backoff_max_ms = 60000;
	cfg->initial_retries = 2;
	cfg->seed = 0x2545f491;
}

/* ---- helpers ---- */

/* The interface that carries the session: the QMAP mux's, else ifname. */
static const char *data_if(const struct conn *c)
{
	return c->cfg->data_ifname && c->cfg->data_ifname[0] ? c->cfg->data_ifname : c->cfg->ifname;
}

static void note(struct conn *c, enum conn_log lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static uint64_t now(struct conn *c);

/* The count of a line said again since it was logged, if any; keep: the
 * line goes on being counted (a long wait). */
static void repeat_report(struct conn *c, bool keep)
{
	if (c->rep_count && c->plat->log) {
		char buf[400];
		uint64_t s = (c->rep_last - c->rep_since + 500) / 1000;
		snprintf(buf, sizeof buf, "%s (%u time%s more, over %llu s)", c->rep_text, c->rep_count,
			 c->rep_count == 1 ? "" : "s", (unsigned long long)s);
		c->plat->log(c->plat_ctx, c->rep_lvl, buf);
	}
	c->rep_count = 0;
	c->rep_since = c->rep_last = c->rep_logged = now(c);
	if (!keep)
		c->rep_text[0] = 0;
}

static void note(struct conn *c, enum conn_log lvl, const char *fmt, ...)
{
	if (!c->plat->log)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	uint64_t t = now(c);
	if (lvl == CONN_LOG_DEBUG) {
		/* the transitions of a poll cycle are part of the repeat */
		if (!c->rep_count)
			c->plat->log(c->plat_ctx, lvl, buf);
		return;
	}
	if (c->rep_text[0] && lvl == c->rep_lvl && !strcmp(buf, c->rep_text)) {
		c->rep_count++;
		c->rep_last = t;
		if (t - c->rep_logged >= CONN_REPEAT_MS)        /* a long wait still shows */
			repeat_report(c, true);
		return;
	}
	repeat_report(c, false);
	c->plat->log(c->plat_ctx, lvl, buf);
	if (strlen(buf) < sizeof c->rep_text) {
		memcpy(c->rep_text, buf, strlen(buf) + 1);
		c->rep_lvl = lvl;
		c->rep_since = c->rep_last = c->rep_logged = t;
	}
}

static uint64_t now(struct conn *c)
{
	return c->plat->now_ms(c->plat_ctx);
}

uint64_t conn_backoff_ms(const struct conn_config *cfg, unsigned n, uint32_t *rng)
{
	return backoff_delay_ms(cfg->backoff_min_ms, cfg->backoff_max_ms, n, backoff_random(rng));
}

static void fail(struct conn *c, int exit_status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct conn *c, int exit_status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	c->fail_exit = exit_status;
}

static int run_op(struct conn *c, int r)
{
	if (r < 0) {
		c->busy = false;
		fail(c, CONN_EXIT_MODEM_ERROR, "modem operation failed at once: %s", cl_strerror(r));
		conn_post(c, CONN_EV_FAIL);
	}
	return r;
}

#define OP(c, name, ...) ((c)->busy = true, run_op((c), (c)->modem->name((c)->modem_ctx, (c), ##__VA_ARGS__)))

static void deconfigure(struct conn *c)
{
	if (c->configured && c->plat->deconfigure) {
		c->plat->deconfigure(c->plat_ctx, data_if(c));
		note(c, CONN_LOG_STEP, "interface %s: addresses and routes removed", data_if(c));
	}
	c->configured = false;
}

/* ---- entry actions ---- */

static void enter_delay(struct conn *c)
{
	if (!c->cfg->delay_ms) {
		conn_post(c, CONN_EV_OK);
		return;
	}
	note(c, CONN_LOG_STEP, "waiting %.1f s before the bring-up (delay)", c->cfg->delay_ms / 1000.0);
	c->plat->timer(c->plat_ctx, (int64_t)c->cfg->delay_ms);
}

static void enter_opening(struct conn *c)
{
	note(c, CONN_LOG_STEP, "opening %s", c->cfg->device);
	c->pin_tried = false;
	OP(c, open);
}

static void enter_identify(struct conn *c)
{
	OP(c, identify);
}

static void enter_power(struct conn *c)
{
	OP(c, power_up);
}

static void enter_sim(struct conn *c)
{
	if (!c->sim_deadline)
		c->sim_deadline = now(c) + c->cfg->sim_wait_ms;
	OP(c, sim_status);
}

static void enter_pin(struct conn *c)
{
	note(c, CONN_LOG_STEP, "SIM wants its PIN (" CONN_ATTEMPTS_FMT "): verifying",
	     CONN_ATTEMPTS(c->st.pin_retries));
	c->pin_tried = true;
	c->st.pin_refused = false;
	OP(c, verify_pin, c->cfg->pin);
}

static void enter_sim_hold(struct conn *c)
{
	/* said once per reason: the same line again is counted (note) */
	note(c, CONN_LOG_WARN, "%s; waiting for a usable SIM (a disconnect stops the wait)", c->why);
	c->holding = true;
	c->sim_deadline = 0;
}

static void enter_data_format(struct conn *c)
{
	OP(c, data_format);
}

static bool plmn_set(const struct conn_config *cfg)
{
	return cfg->plmn && cfg->plmn[0];
}

static bool bands_set(const struct conn_config *cfg)
{
	return cfg->bands && cfg->bands->given;
}

/* ", bands lte 3,7,20 nr 78" (NSA and SA alike) or per kind */
static void bands_text(const struct band_sel *sel, char *out, size_t cap)
{
	struct strbuf sb;
	sb_init(&sb);
	unsigned nr = 1u << BAND_NR_NSA | 1u << BAND_NR_SA;
	bool nr_same = (sel->given & nr) == nr &&
		       band_mask_equal(&sel->m[BAND_NR_NSA], &sel->m[BAND_NR_SA]);
	for (int r = 0; r < BAND_N_RAT; r++) {
		if (!(sel->given & 1u << r) || (nr_same && r == BAND_NR_SA))
			continue;
		sb_printf(&sb, " %s ", nr_same && r == BAND_NR_NSA ? "nr" : band_rat_name((enum band_rat)r));
		band_list_text(&sel->m[r], &sb);
	}
	snprintf(out, cap, "%s%s", sel->given ? ", bands" : "", sb_str(&sb));
	sb_free(&sb);
}

static void enter_net_select(struct conn *c)
{
	const struct conn_config *cfg = c->cfg;
	if (cfg->modes == CONN_MODES_ALL && !plmn_set(cfg) && !bands_set(cfg)) {
		conn_post(c, CONN_EV_OK);
		return;
	}
	if (!c->modem->select_network) {
		fail(c, CONN_EXIT_USAGE, "this modem cannot be told its radio modes, bands or network");
		conn_post(c, CONN_EV_FATAL);
		return;
	}
	char modes[64], bands[400] = "";
	conn_modes_text(cfg->modes, modes, sizeof(modes));
	if (bands_set(cfg))
		bands_text(cfg->bands, bands, sizeof bands);
	note(c, CONN_LOG_STEP, "network selection: modes %s%s, %s%s", modes, bands,
	     plmn_set(cfg) ? "manual registration on " : "automatic registration",
	     plmn_set(cfg) ? cfg->plmn : "");
	OP(c, select_network);
}

static void enter_register(struct conn *c)
{
	if (!c->reg_deadline)
		c->reg_deadline = now(c) + c->cfg->register_timeout_ms;
	OP(c, reg_status);
}

static void enter_connecting(struct conn *c)
{
	c->last_tx = c->last_rx = 0;
	c->phantom_count = 0;
	c->phantom_tx = 0;
	const char *fam = c->cfg->want_v4 && c->cfg->want_v6
			  ? (c->st.shared_session ? "ipv4v6 (one session)" : "ipv4v6 (two sessions)")
			  : c->cfg->want_v6 ? "ipv6" : "ipv4";
	const char *v6apn = c->cfg->want_v6 && c->cfg->apn_v6 && c->cfg->apn_v6[0] ? c->cfg->apn_v6 : NULL;
	note(c, CONN_LOG_STEP, "starting the data session: apn \"%s\"%s%s%s, %s",
	     c->cfg->apn ? c->cfg->apn : "", v6apn ? ", ipv6 on apn \"" : "", v6apn ? v6apn : "",
	     v6apn ? "\"" : "", fam);
	OP(c, start);
}

static void enter_configuring(struct conn *c)
{
	OP(c, settings);
}

static void enter_connected(struct conn *c)
{
	if (!c->ever_connected || c->reconnects || c->was_down)
		note(c, CONN_LOG_STEP, "link up%s", c->ever_connected ? " again" : "");
	c->was_down = false;
	c->holding = false;
	c->fail_exit = 0;
	c->ever_connected = true;
	c->reconnects = 0;
	c->sim_deadline = c->reg_deadline = 0;
}

static void enter_checking(struct conn *c)
{
	OP(c, liveness);
}

static void enter_teardown(struct conn *c)
{
	deconfigure(c);
	OP(c, stop);
}

static void enter_disconnecting(struct conn *c)
{
	note(c, CONN_LOG_STEP, "disconnecting");
	deconfigure(c);
	OP(c, stop);
}

static void enter_closing(struct conn *c)
{
	OP(c, close);
}

/* after teardown, or straight from a check the modem did not answer */
static void enter_releasing(struct conn *c)
{
	deconfigure(c);
	for (int i = 0; i < 2; i++)
		c->st.sess[i].up = false;
	OP(c, close);
}

static void enter_backoff(struct conn *c)
{
	c->sim_deadline = c->reg_deadline = 0;
	bool may_retry = c->ever_connected || c->cfg->persist;
	/* before the first link, a modem that misbehaved (no answer, garbage)
	 * gets a few more tries; a definite answer (rejected call, no network,
	 * locked SIM) ends the run at once */
	bool modem_trouble = !c->fail_exit || c->fail_exit == CONN_EXIT_MODEM_ERROR;
	if (!may_retry && modem_trouble && c->reconnects < c->cfg->initial_retries)
		may_retry = true;
	if (c->fail_exit == CONN_EXIT_SIM_LOCKED || c->fail_exit == CONN_EXIT_NO_RAW_IP)
		may_retry = false;      /* retrying cannot help and may burn PIN attempts */
	if (c->cfg->max_reconnects && c->reconnects >= c->cfg->max_reconnects)
		may_retry = false;
	if (!may_retry) {
		c->exit_status = c->fail_exit ? c->fail_exit : CONN_EXIT_LINK_LOST;
		conn_post(c, CONN_EV_FATAL);
		return;
	}
	c->last_backoff_ms = conn_backoff_ms(c->cfg, c->reconnects, &c->rng);
	c->reconnects++;
	c->attempts++;
	note(c, CONN_LOG_STEP, "reconnecting in %llu ms (attempt %u)%s%s", (unsigned long long)c->last_backoff_ms,
	     c->reconnects, c->why[0] ? ": " : "", c->why);
	c->plat->timer(c->plat_ctx, (int64_t)c->last_backoff_ms);
}

static void enter_wait_device(struct conn *c)
{
	c->was_down = true;
	deconfigure(c);
	for (int i = 0; i < 2; i++)
		c->st.sess[i].up = false;
	if (!c->ever_connected && !c->cfg->persist) {
		c->exit_status = CONN_EXIT_NO_DEVICE;
		conn_post(c, CONN_EV_FATAL);
		return;
	}
	if (c->plat->device_present && c->plat->device_present(c->plat_ctx, c->cfg->device))
		conn_post(c, CONN_EV_BACK);
}

static void remove_session_link(struct conn *c);

static void enter_stopped(struct conn *c)
{
	remove_session_link(c);
	repeat_report(c, false);
	if (c->plat->finished)
		c->plat->finished(c->plat_ctx, c->exit_status);
}

/* ---- completion hooks: what an operation's result means ---- */

static enum conn_event done_default(struct conn *c, int err)
{
	return err ? CONN_EV_FAIL : CONN_EV_OK;
}

static enum conn_event done_open(struct conn *c, int err)
{
	if (!err)
		return CONN_EV_OK;
	bool missing = err == -ENOENT || err == -ENODEV || err == -ENXIO;
	if (missing && (c->ever_connected || c->cfg->persist))
		return CONN_EV_GONE;    /* it was there before: wait for it */
	if (err == -EBUSY) {
		c->fail_exit = CONN_EXIT_DEVICE_BUSY;
		return CONN_EV_FATAL;
	}
	if (missing || err == -EACCES || err == -ENOTTY) {
		c->fail_exit = CONN_EXIT_NO_DEVICE;
		return CONN_EV_FATAL;
	}
	return CONN_EV_FAIL;
}

static enum conn_event done_identify(struct conn *c, int err)
{
	if (!err) {
		/* what the modem's protocol told: QMI names its services and
		 * rates, MBIM neither */
		char svc[64] = "", rate[64] = "";
		if (c->st.n_services)
			snprintf(svc, sizeof svc, "; %u QMI services (WDS %s)", c->st.n_services,
				 c->st.wds_version[0] ? c->st.wds_version : "?");
		if (c->st.max_rx_bps || c->st.max_tx_bps)
			snprintf(rate, sizeof rate, ", up to %llu/%llu Mbit/s down/up",
				 (unsigned long long)(c->st.max_rx_bps / 1000000),
				 (unsigned long long)(c->st.max_tx_bps / 1000000));
		note(c, CONN_LOG_STEP, "modem: %s%s%s, firmware %s%s%s", c->st.manufacturer,
		     c->st.manufacturer[0] ? " " : "", c->st.model, c->st.revision, svc, rate);
	}
	return done_default(c, err);
}

static enum conn_event done_power(struct conn *c, int err)
{
	if (!err)
		note(c, CONN_LOG_STEP, "modem is online");
	return done_default(c, err);
}

/* A run that keeps its link (persist, or a link that was up) never ends
 * on the SIM's account: it holds, watching the card, until the SIM is
 * usable again or a human stops it. */
static bool may_hold(const struct conn *c)
{
	return c->cfg->persist || c->ever_connected;
}

/* A SIM we cannot use: the end of a run that may not hold, else a wait. */
static enum conn_event sim_unusable(struct conn *c)
{
	return may_hold(c) ? CONN_EV_HOLD : CONN_EV_FATAL;
}

/* The SIM wants its PIN: present it only when no rule forbids it. A PIN
 * goes to the SIM only while the full count of attempts remains, and never
 * when this SIM has refused it before (the host's memory), so that a wrong
 * PIN costs one attempt, however often cellink starts. */
static enum conn_event pin_wanted(struct conn *c)
{
	const struct conn_status *st = &c->st;
	unsigned full = c->cfg->pin_full_attempts ? c->cfg->pin_full_attempts : 3;
	if (c->pin_tried && c->holding)
		return CONN_EV_HOLD;    /* the verdict already said stays the reason */
	if (c->pin_tried) {
		fail(c, CONN_EXIT_SIM_LOCKED, "the SIM still wants its PIN (" CONN_ATTEMPTS_FMT
		     "); not trying again", CONN_ATTEMPTS(st->pin_retries));
		return sim_unusable(c);
	}
	if (!c->cfg->pin && c->cfg->pin_by) {
		/* one PDN of a shared modem presents the PIN, so that the SIM
		 * sees it once; the others wait for the card to be ready */
		fail(c, CONN_EXIT_SIM_LOCKED, "the SIM wants its PIN (" CONN_ATTEMPTS_FMT "); '%s', which "
		     "shares this modem, presents it", CONN_ATTEMPTS(st->pin_retries), c->cfg->pin_by);
		return sim_unusable(c);
	}
	if (!c->cfg->pin) {
		fail(c, CONN_EXIT_SIM_LOCKED, "the SIM needs a PIN (" CONN_ATTEMPTS_FMT "): give --pin-file",
		     CONN_ATTEMPTS(st->pin_retries));
		return sim_unusable(c);
	}
	if (st->pin_retries < (int)full) {
		fail(c, CONN_EXIT_SIM_LOCKED,
		     "the SIM has only " CONN_ATTEMPTS_FMT " of %u: not presenting the PIN; enter it by "
		     "hand (e.g. qmicli --dms-uim-verify-pin) once you are sure of it",
		     CONN_ATTEMPTS(st->pin_retries), full);
		return sim_unusable(c);
	}
	if (c->plat->pin_refused_before) {
		char why[200] = "";
		int r = c->plat->pin_refused_before(c->plat_ctx, st->iccid, c->cfg->pin, why, sizeof why);
		if (r < 0) {
			fail(c, CONN_EXIT_SIM_LOCKED, "not presenting the PIN: the memory of refused PINs "
			     "cannot be used (%s)", why);
			return sim_unusable(c);
		}
		if (r > 0) {
			fail(c, CONN_EXIT_SIM_LOCKED, "this SIM has refused this PIN before: not presenting it "
			     "again (" CONN_ATTEMPTS_FMT "); put the right PIN in the PIN file",
			     CONN_ATTEMPTS(st->pin_retries));
			return sim_unusable(c);
		}
	}
	return CONN_EV_PIN;
}

static enum conn_event done_sim(struct conn *c, int err)
{
	if (err)
		return CONN_EV_FAIL;
	struct conn_status *st = &c->st;
	switch (st->sim) {
	case CONN_SIM_READY:
		note(c, CONN_LOG_STEP, "SIM ready%s", c->holding ? ": bringing the link up again" : "");
		c->holding = false;
		c->fail_exit = 0;       /* the hold's reason is history */
		return CONN_EV_OK;
	case CONN_SIM_NOT_READY:
	case CONN_SIM_UNKNOWN:
		if (c->cfg->sim_wait_ms && now(c) >= c->sim_deadline) {
			fail(c, CONN_EXIT_SIM_LOCKED, "the SIM stayed not initialised for %u s",
			     c->cfg->sim_wait_ms / 1000);
			return sim_unusable(c);
		}
		if (c->holding)
			return CONN_EV_HOLD;    /* the card is coming up: poll it as before */
		note(c, CONN_LOG_INFO, "SIM not initialised yet, waiting");
		return CONN_EV_WAIT;
	case CONN_SIM_PIN:
		return pin_wanted(c);
	case CONN_SIM_PUK:
		fail(c, CONN_EXIT_SIM_LOCKED, "the SIM is PUK-blocked (PUK: " CONN_ATTEMPTS_FMT "): unblock "
		     "it with the PUK from the operator", CONN_ATTEMPTS(st->puk_retries));
		return sim_unusable(c);
	case CONN_SIM_BLOCKED:
		fail(c, CONN_EXIT_SIM_LOCKED, "the SIM is permanently blocked: ask the operator for a new one");
		return sim_unusable(c);
	case CONN_SIM_ABSENT:
		/* the next card gets its chance under the PIN rules (the count,
		 * the memory of refused PINs) */
		c->pin_tried = false;
		fail(c, CONN_EXIT_SIM_LOCKED, "no SIM card: insert one (power the modem off first)");
		return sim_unusable(c);
	}
	return CONN_EV_FAIL;
}

static enum conn_event done_pin(struct conn *c, int err)
{
	if (err && c->st.pin_refused) {
		char why[200] = "";
		if (c->plat->pin_refused &&
		    c->plat->pin_refused(c->plat_ctx, c->st.iccid, c->cfg->pin, why, sizeof why) < 0)
			note(c, CONN_LOG_ERROR, "cannot remember the refused PIN: %s", why);
		fail(c, CONN_EXIT_SIM_LOCKED, "the SIM refused the PIN (" CONN_ATTEMPTS_FMT "); it will "
		     "not be presented to this SIM again: put the right PIN in the PIN file",
		     CONN_ATTEMPTS(c->st.pin_retries));
		return sim_unusable(c);
	}
	if (err) {
		/* no verdict (timeout, modem error): the count tells the next run */
		fail(c, CONN_EXIT_SIM_LOCKED, "the PIN could not be verified (" CONN_ATTEMPTS_FMT "); "
		     "not trying again", CONN_ATTEMPTS(c->st.pin_retries));
		return sim_unusable(c);
	}
	note(c, CONN_LOG_STEP, "PIN accepted");
	return CONN_EV_OK;
}

/* QMAP: the mux interface, once the modem took QMAP and the base
 * interface is raw-ip. */
static enum conn_event add_mux(struct conn *c)
{
	if (!c->cfg->mux_id)
		return CONN_EV_OK;
	if (!c->st.modem_qmap || !c->st.modem_raw_ip) {
		fail(c, CONN_EXIT_CONFIG_FAILED,
		     "QMAP mux id %u: the modem refused QMAP in WDA set-data-format (it answered %s%s): "
		     "it cannot carry a PDN per mux id; leave mux_id out", c->cfg->mux_id,
		     c->st.modem_raw_ip ? "raw-ip" : "802.3", c->st.modem_qmap ? ", QMAP" : " without QMAP");
		return CONN_EV_FATAL;
	}
	if (!c->plat->add_mux) {
		fail(c, CONN_EXIT_CONFIG_FAILED, "QMAP mux id %u: this host cannot add mux interfaces",
		     c->cfg->mux_id);
		return CONN_EV_FATAL;
	}
	char why[256] = "";
	int r = c->plat->add_mux(c->plat_ctx, c->cfg->ifname, c->cfg->mux_id, why, sizeof why);
	if (r == -ENOENT) {
		fail(c, CONN_EXIT_CONFIG_FAILED,
		     "QMAP mux id %u: %s has no qmi/add_mux (qmi_wwan older than Linux 4.19, or another "
		     "driver): a second PDN with its own interface is not possible on this kernel; leave "
		     "mux_id out to use %s itself", c->cfg->mux_id, c->cfg->ifname, c->cfg->ifname);
		return CONN_EV_FATAL;
	}
	if (r < 0) {
		fail(c, CONN_EXIT_CONFIG_FAILED, "QMAP mux id %u on %s: %s", c->cfg->mux_id, c->cfg->ifname,
		     why);
		return CONN_EV_FATAL;
	}
	if (why[0])
		note(c, CONN_LOG_STEP, "%s", why);
	return CONN_EV_OK;
}

/* MBIM: session N > 0 rides VLAN N of the interface (cdc_mbim's
 * mapping): the host adds that link (or finds it), and it is the one
 * configured, counted and probed. It stays across reconnects and goes
 * when the machine stops. */
static enum conn_event add_session_link(struct conn *c)
{
	if (!c->plat->session_link) {
		fail(c, CONN_EXIT_CONFIG_FAILED, "MBIM session %u: this host cannot add the VLAN link that "
		     "carries it", c->cfg->session_id);
		return CONN_EV_FATAL;
	}
	char why[400] = "";
	int r = c->plat->session_link(c->plat_ctx, c->cfg->ifname, c->cfg->session_id, true, why, sizeof why);
	if (r < 0) {
		fail(c, CONN_EXIT_CONFIG_FAILED, "MBIM session %u on %s: %s", c->cfg->session_id, c->cfg->ifname,
		     why);
		return CONN_EV_FATAL;
	}
	c->session_link_on = true;
	if (why[0])
		note(c, CONN_LOG_STEP, "%s", why);
	return CONN_EV_OK;
}

static void remove_session_link(struct conn *c)
{
	if (!c->session_link_on)
		return;
	c->session_link_on = false;
	char why[400] = "";
	int r = c->plat->session_link(c->plat_ctx, c->cfg->ifname, c->cfg->session_id, false, why, sizeof why);
	if (why[0])
		note(c, r < 0 ? CONN_LOG_WARN : CONN_LOG_STEP, "%s", why);
}

static enum conn_event done_data_format(struct conn *c, int err)
{
	if (err)
		return CONN_EV_FAIL;
	bool raw = c->st.modem_raw_ip;
	note(c, CONN_LOG_STEP, "data format: %s%s", raw ? "raw-ip" : "802.3",
	     c->st.modem_qmap ? ", QMAP" : "");
	if (c->st.session_vlan)
		return add_session_link(c);
	if (!c->cfg->set_kernel_raw_ip || !c->plat->set_raw_ip)
		return CONN_EV_OK;
	char why[256] = "";
	int r = c->plat->set_raw_ip(c->plat_ctx, c->cfg->ifname, raw, why, sizeof(why));
	if (r == -ENOENT && raw) {
		fail(c, CONN_EXIT_NO_RAW_IP,
		     "the modem speaks only raw-ip but %s has no qmi/raw_ip switch (qmi_wwan older than "
		     "Linux 4.5?): use a newer kernel, a qmi_wwan backport with raw_ip, or the AT/PPP "
		     "fallback (cellink at)", c->cfg->ifname);
		return CONN_EV_FATAL;
	}
	if (r < 0 && raw) {
		fail(c, CONN_EXIT_CONFIG_FAILED, "cannot switch %s to raw-ip: %s", c->cfg->ifname, why);
		return CONN_EV_FATAL;
	}
	if (r == 0 && why[0])
		note(c, CONN_LOG_STEP, "%s", why);
	return add_mux(c);
}

static enum conn_event done_net_select(struct conn *c, int err)
{
	if (!err)
		return CONN_EV_OK;
	if (c->fail_exit == CONN_EXIT_USAGE)
		return CONN_EV_FATAL;   /* a band the modem lacks: the configuration must change */
	/* a network that is not there is a registration failure: final
	 * before the first link unless persisting, retried after back-off
	 * otherwise */
	if (!c->fail_exit)
		c->fail_exit = plmn_set(c->cfg) ? CONN_EXIT_NO_REGISTRATION : CONN_EXIT_MODEM_ERROR;
	return CONN_EV_FAIL;
}

/* Roaming with roaming '0': the rule that refuses the link. Said once
 * (a repeat is counted); the status's last_error carries it. */
static bool roaming_refused(struct conn *c)
{
	if (!c->cfg->no_roaming || c->st.reg != CONN_REG_ROAMING)
		return false;
	fail(c, CONN_EXIT_ROAMING, "registered on %s while roaming, and roaming is not allowed "
	     "(roaming '0'): not connecting", c->st.operator_name[0] ? c->st.operator_name : "a network");
	return true;
}

static enum conn_event done_register(struct conn *c, int err)
{
	if (err)
		return CONN_EV_FAIL;
	if (roaming_refused(c)) {
		if (!may_hold(c))
			return CONN_EV_FAIL;    /* one-shot: exit status ROAMING */
		/* keep watching: the home network may come back */
		note(c, CONN_LOG_WARN, "%s; waiting for the home network", c->why);
		return CONN_EV_WAIT;
	}
	if (c->st.reg == CONN_REG_HOME || c->st.reg == CONN_REG_ROAMING) {
		if (c->fail_exit == CONN_EXIT_ROAMING) {
			c->fail_exit = 0;       /* the refusal is history: home again */
			c->why[0] = 0;
		}
		note(c, CONN_LOG_STEP, "registered (%s)%s%s", conn_reg_name(c->st.reg),
		     c->st.operator_name[0] ? " on " : "", c->st.operator_name);
		return CONN_EV_OK;
	}
	if (c->cfg->register_timeout_ms && now(c) >= c->reg_deadline) {
		fail(c, CONN_EXIT_NO_REGISTRATION, "not registered after %u s (%s%s%s)",
		     c->cfg->register_timeout_ms / 1000, conn_reg_name(c->st.reg),
		     c->st.reg_text[0] ? ": " : "", c->st.reg_text);
		return CONN_EV_FAIL;
	}
	note(c, CONN_LOG_INFO, "waiting for registration (%s%s%s)", conn_reg_name(c->st.reg),
	     c->st.reg_text[0] ? ": " : "", c->st.reg_text);
	return CONN_EV_WAIT;
}

static enum conn_event done_connecting(struct conn *c, int err)
{
	if (err) {
		if (!c->fail_exit)
			c->fail_exit = CONN_EXIT_CALL_REJECTED;
		return CONN_EV_FAIL;
	}
	for (int i = 0; i < 2; i++)
		if (c->st.sess[i].up)
			note(c, CONN_LOG_STEP, "session %s up (handle 0x%08x)", i ? "ipv6" : "ipv4",
			     c->st.sess[i].handle);
	return CONN_EV_OK;
}

static enum conn_event done_configuring(struct conn *c, int err)
{
	if (err)
		return CONN_EV_FAIL;
	for (int i = 0; i < 2; i++) {
		struct conn_ip *ip = &c->st.sess[i].ip;
		if (!c->st.sess[i].up || !ip->valid)
			continue;
		note(c, CONN_LOG_STEP, "ipv%d: address %s/%u gateway %s dns %s%s%s mtu %u", ip->family,
		     ip->addr, ip->prefix, ip->gateway, ip->dns[0], ip->dns[1][0] ? " " : "", ip->dns[1],
		     ip->mtu);
		if (c->cfg->mtu && c->cfg->mtu != ip->mtu) {
			note(c, CONN_LOG_STEP, "ipv%d: mtu %u as configured (the network said %u)", ip->family,
			     c->cfg->mtu, ip->mtu);
			ip->mtu = c->cfg->mtu;
		}
	}
	if (!c->cfg->configure || !c->plat->configure)
		return CONN_EV_OK;
	char why[256] = "";
	int r = c->plat->configure(c->plat_ctx, data_if(c), &c->st, why, sizeof(why));
	if (r < 0) {
		fail(c, CONN_EXIT_CONFIG_FAILED, "configuring %s failed: %s", data_if(c), why);
		return CONN_EV_FAIL;
	}
	c->configured = true;
	note(c, CONN_LOG_STEP, "interface %s configured", data_if(c));
	return CONN_EV_OK;
}

static enum conn_event done_checking(struct conn *c, int err)
{
	if (err == CL_E_TIMEOUT)
		return CONN_EV_TIMEOUT; /* a silent service: reopen, asking it nothing more */
	if (err)
		return CONN_EV_FAIL;
	if (roaming_refused(c))
		return CONN_EV_DROP;    /* the link ends; the bring-up waits for the home network */
	if (!c->st.sessions_connected) {
		fail(c, CONN_EXIT_LINK_LOST, "the modem reports the session disconnected");
		return CONN_EV_DROP;
	}
	/* the host's own counters are the data path; the modem's are second best */
	c->st.modem_rx_packets = c->st.rx_packets;      /* the adapter filled the modem's */
	if (c->st.modem_acc_ok) {
		c->st.modem = c->st.modem_acc;  /* the data counters (status, counters) */
		c->st.have_modem = true;
	}
	struct conn_counters hc;
	if (c->configured && c->plat->link_counters &&
	    c->plat->link_counters(c->plat_ctx, data_if(c), &hc) == 0) {
		c->st.rx_packets = hc.rx_packets;
		c->st.tx_packets = hc.tx_packets;
		c->st.rx_bytes = hc.rx_bytes;
		c->st.tx_bytes = hc.tx_bytes;
	}
	/* counters that look one-way (we keep sending, nothing comes back,
	 * several checks in a row) are never enough to reconnect: traffic may
	 * simply be one-way (a UDP sender, the kernel's own IPv6 packets). The
	 * modem is asked (its packet statistics: does anything arrive?), and
	 * only when it agrees, the network: an active probe */
	uint64_t dtx = c->st.tx_packets > c->last_tx ? c->st.tx_packets - c->last_tx : 0;
	bool rx_moved = c->st.rx_packets > c->last_rx;
	c->last_tx = c->st.tx_packets;
	c->last_rx = c->st.rx_packets;
	if (dtx && !rx_moved) {
		if (!c->phantom_count)
			c->streak_mrx = c->last_mrx;
		c->phantom_count++;
		c->phantom_tx += dtx;
	} else {
		c->phantom_count = 0;
		c->phantom_tx = 0;
	}
	c->last_mrx = c->st.modem_rx_packets;
	if (c->cfg->phantom_checks && c->phantom_count >= c->cfg->phantom_checks &&
	    c->phantom_tx >= CONN_PHANTOM_MIN_TX) {
		c->phantom_count = 0;
		c->phantom_tx = 0;
		if (c->st.modem_rx_packets > c->streak_mrx) {
			note(c, CONN_LOG_INFO, "counters look one-way, but the modem counts packets arriving: "
			     "the link is kept");
			return CONN_EV_OK;
		}
		return CONN_EV_PROBE;
	}
	return CONN_EV_OK;
}

/* Where the probe goes: the configured address, else the gateway of a
 * session that is up, else its first DNS server. NULL when none. */
static const char *probe_target(struct conn *c)
{
	if (c->cfg->probe && c->cfg->probe[0])
		return c->cfg->probe;
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 2; i++) {
			const struct conn_session *s = &c->st.sess[i];
			if (!s->up || !s->ip.valid)
				continue;
			const char *a = k ? s->ip.dns[0] : s->ip.gateway;
			if (a[0])
				return a;
		}
	return NULL;
}

static void enter_probing(struct conn *c)
{
	c->probing = false;
	const char *t = probe_target(c);
	if (!c->plat->probe || !t) {
		note(c, CONN_LOG_INFO, "counters look one-way and the modem counts nothing arriving; %s: "
		     "the link is kept", t ? "the host cannot probe" : "no address to probe");
		conn_post(c, CONN_EV_OK);
		return;
	}
	snprintf(c->probe_addr, sizeof c->probe_addr, "%s", t);
	char why[200] = "";
	if (c->plat->probe(c->plat_ctx, data_if(c), c->probe_addr, why, sizeof why) < 0) {
		note(c, CONN_LOG_WARN, "counters look one-way, but no probe can be sent to %s (%s): the "
		     "link is kept", c->probe_addr, why);
		conn_post(c, CONN_EV_OK);
		return;
	}
	c->probing = true;
	c->probes++;
	/* the host bounds its probe; this bounds a host that never says */
	c->plat->timer(c->plat_ctx, (int64_t)(c->cfg->probe_timeout_ms ? c->cfg->probe_timeout_ms : 10000));
	note(c, CONN_LOG_DEBUG, "counters look one-way and the modem agrees: probing %s", c->probe_addr);
}

void conn_probe_done(struct conn *c, bool answered)
{
	if (!c->probing || c->state != CONN_S_PROBING)
		return;
	c->probing = false;
	if (answered) {
		note(c, CONN_LOG_INFO, "counters looked one-way; %s answered a probe: the link is alive",
		     c->probe_addr);
		conn_post(c, CONN_EV_OK);
		return;
	}
	c->probes_lost++;
	fail(c, CONN_EXIT_LINK_LOST, "phantom session: nothing came back in %u checks, the modem counts "
	     "nothing arriving, and %s did not answer a probe", c->cfg->phantom_checks, c->probe_addr);
	conn_post(c, CONN_EV_DROP);
}

/* ---- the table ---- */

enum conn_timeout { TO_NONE, TO_OP, TO_POLL, TO_LIVENESS, TO_SET_BY_ENTRY };

struct conn_edge {
	uint8_t ev;
	uint8_t to;
};

/* A state's name comes from CONN_STATES (conn.h), written once. */
struct conn_state_def {
	uint8_t timeout;                        /* enum conn_timeout */
	void (*entry)(struct conn *c);
	enum conn_event (*done)(struct conn *c, int err);
	struct conn_edge on[9];                 /* accepted events; ends at to == 0 (IDLE) */
};

#define E(ev, to) { CONN_EV_##ev, CONN_S_##to }
/* what every state does while the modem is being brought up */
#define BRINGUP_EDGES E(FAIL, TEARDOWN), E(TIMEOUT, TEARDOWN), E(GONE, WAIT_DEVICE), E(STOP, DISCONNECTING)

static const struct conn_state_def table[CONN_S_COUNT] = {
	[CONN_S_IDLE] = { TO_NONE, NULL, NULL, { E(START, DELAY), E(STOP, STOPPED) } },
	[CONN_S_DELAY] = { TO_SET_BY_ENTRY, enter_delay, NULL,
		{ E(OK, OPENING), E(TIMEOUT, OPENING), E(STOP, STOPPED) } },
	[CONN_S_OPENING] = { TO_OP, enter_opening, done_open,
		{ E(OK, IDENTIFY), E(FATAL, CLOSING), BRINGUP_EDGES } },
	[CONN_S_IDENTIFY] = { TO_OP, enter_identify, done_identify,
		{ E(OK, POWER), BRINGUP_EDGES } },
	[CONN_S_POWER] = { TO_OP, enter_power, done_power, { E(OK, SIM), BRINGUP_EDGES } },
	[CONN_S_SIM] = { TO_OP, enter_sim, done_sim,
		{ E(OK, DATA_FORMAT), E(WAIT, SIM_WAIT), E(PIN, PIN_VERIFY), E(HOLD, SIM_HOLD),
		  E(FATAL, DISCONNECTING), BRINGUP_EDGES } },
	[CONN_S_SIM_HOLD] = { TO_POLL, enter_sim_hold, NULL,
		{ E(TIMEOUT, SIM), E(GONE, WAIT_DEVICE), E(STOP, DISCONNECTING) } },
	[CONN_S_SIM_WAIT] = { TO_POLL, NULL, NULL,
		{ E(TIMEOUT, SIM), E(GONE, WAIT_DEVICE), E(STOP, DISCONNECTING) } },
	[CONN_S_PIN_VERIFY] = { TO_OP, enter_pin, done_pin,
		{ E(OK, SIM), E(HOLD, SIM_HOLD), E(FATAL, DISCONNECTING), BRINGUP_EDGES } },
	[CONN_S_DATA_FORMAT] = { TO_OP, enter_data_format, done_data_format,
		{ E(OK, NET_SELECT), E(FATAL, DISCONNECTING), BRINGUP_EDGES } },
	[CONN_S_NET_SELECT] = { TO_OP, enter_net_select, done_net_select,
		{ E(OK, REGISTER), E(FATAL, DISCONNECTING), BRINGUP_EDGES } },
	[CONN_S_REGISTER] = { TO_OP, enter_register, done_register,
		{ E(OK, CONNECTING), E(WAIT, REG_WAIT), BRINGUP_EDGES } },
	[CONN_S_REG_WAIT] = { TO_POLL, NULL, NULL,
		{ E(TIMEOUT, REGISTER), E(REG_CHANGED, REGISTER), E(GONE, WAIT_DEVICE),
		  E(STOP, DISCONNECTING) } },
	[CONN_S_CONNECTING] = { TO_OP, enter_connecting, done_connecting,
		{ E(OK, CONFIGURING), BRINGUP_EDGES } },
	[CONN_S_CONFIGURING] = { TO_OP, enter_configuring, done_configuring,
		{ E(OK, CONNECTED), BRINGUP_EDGES } },
	/* a registration change is checked at once (roaming '0') */
	[CONN_S_CONNECTED] = { TO_LIVENESS, enter_connected, NULL,
		{ E(TIMEOUT, CHECKING), E(REG_CHANGED, CHECKING), E(DROP, TEARDOWN), E(GONE, WAIT_DEVICE),
		  E(STOP, DISCONNECTING) } },
	/* a request that timed out: straight to a reopen (releasing), as the
	 * silent service would not answer a stop either */
	[CONN_S_CHECKING] = { TO_OP, enter_checking, done_checking,
		{ E(OK, CONNECTED), E(DROP, TEARDOWN), E(PROBE, PROBING), E(TIMEOUT, RELEASING),
		  E(FAIL, TEARDOWN), E(GONE, WAIT_DEVICE), E(STOP, DISCONNECTING) } },
	[CONN_S_PROBING] = { TO_SET_BY_ENTRY, enter_probing, NULL,
		{ E(OK, CONNECTED), E(DROP, TEARDOWN), E(TIMEOUT, TEARDOWN), E(GONE, WAIT_DEVICE),
		  E(STOP, DISCONNECTING) } },
	[CONN_S_TEARDOWN] = { TO_OP, enter_teardown, done_default,
		{ E(OK, RELEASING), E(FAIL, RELEASING), E(TIMEOUT, RELEASING), E(GONE, WAIT_DEVICE),
		  E(STOP, CLOSING) } },
	[CONN_S_RELEASING] = { TO_OP, enter_releasing, done_default,
		{ E(OK, BACKOFF), E(FAIL, BACKOFF), E(TIMEOUT, BACKOFF), E(GONE, WAIT_DEVICE),
		  E(STOP, CLOSING) } },
	[CONN_S_BACKOFF] = { TO_SET_BY_ENTRY, enter_backoff, NULL,
		{ E(TIMEOUT, OPENING), E(FATAL, STOPPED), E(STOP, STOPPED) } },
	[CONN_S_WAIT_DEVICE] = { TO_POLL, enter_wait_device, NULL,
		{ E(TIMEOUT, WAIT_DEVICE), E(BACK, OPENING), E(FATAL, CLOSING), E(STOP, CLOSING) } },
	[CONN_S_DISCONNECTING] = { TO_OP, enter_disconnecting, done_default,
		{ E(OK, CLOSING), E(FAIL, CLOSING), E(TIMEOUT, CLOSING), E(GONE, CLOSING) } },
	[CONN_S_CLOSING] = { TO_OP, enter_closing, done_default,
		{ E(OK, STOPPED), E(FAIL, STOPPED), E(TIMEOUT, STOPPED), E(GONE, STOPPED) } },
	[CONN_S_STOPPED] = { TO_NONE, enter_stopped, NULL, { { 0, 0 } } },
};
#undef E

int conn_table_next(enum conn_state s, enum conn_event ev)
{
	if ((unsigned)s >= CONN_S_COUNT)
		return -1;
	for (unsigned i = 0; i < ARRAY_SIZE(table[s].on) && table[s].on[i].to; i++)
		if (table[s].on[i].ev == ev)
			return table[s].on[i].to;
	return -1;
}

static int64_t timeout_of(struct conn *c, enum conn_state s)
{
	switch (table[s].timeout) {
	case TO_OP: return c->cfg->op_timeout_ms;
	case TO_POLL: return c->cfg->poll_ms;
	case TO_LIVENESS: return c->cfg->liveness_ms;
	default: return -1;
	}
}

static void transition(struct conn *c, enum conn_event ev)
{
	int to = conn_table_next(c->state, ev);
	if (to < 0) {
		c->refused++;
		note(c, CONN_LOG_DEBUG, "state %s: event %s refused (not in the table)",
		     conn_state_name(c->state), conn_event_name(ev));
		return;
	}
	enum conn_state from = c->state;
	/* what a final failure means, decided where it happens */
	if (ev == CONN_EV_FATAL && !c->exit_status)
		c->exit_status = c->fail_exit ? c->fail_exit : CONN_EXIT_MODEM_ERROR;
	if (ev == CONN_EV_TIMEOUT && c->busy && !c->fail_exit) {
		fail(c, CONN_EXIT_MODEM_ERROR, "the modem did not answer in %s within %u ms",
		     conn_state_name(from), c->cfg->op_timeout_ms);
	}
	if (ev == CONN_EV_TIMEOUT && from == CONN_S_PROBING)
		fail(c, CONN_EXIT_LINK_LOST, "phantom session: the probe of %s had no verdict in time",
		     c->probe_addr);
	if (ev == CONN_EV_STOP && !c->exit_status)
		c->exit_status = CONN_EXIT_OK;
	if (ev == CONN_EV_GONE)
		note(c, CONN_LOG_WARN, "the control device went away; waiting for it to return");
	if (ev == CONN_EV_DROP || (ev == CONN_EV_FAIL && from != CONN_S_TEARDOWN && c->why[0]) ||
	    (ev == CONN_EV_TIMEOUT && (from == CONN_S_CHECKING || from == CONN_S_PROBING) && c->why[0]))
		note(c, CONN_LOG_WARN, "%s", c->why);
	c->busy = false;
	c->plat->timer(c->plat_ctx, -1);
	c->state = (enum conn_state)to;
	note(c, CONN_LOG_DEBUG, "%s --%s--> %s", conn_state_name(from), conn_event_name(ev),
	     conn_state_name(c->state));
	if (c->plat->changed)
		c->plat->changed(c->plat_ctx, from, c->state);
	int64_t t = timeout_of(c, c->state);
	if (t >= 0)
		c->plat->timer(c->plat_ctx, t);
	if (c->state == CONN_S_OPENING)
		c->why[0] = 0, c->fail_exit = 0;
	if (table[c->state].entry)
		table[c->state].entry(c);
}

void conn_post(struct conn *c, enum conn_event ev)
{
	if (c->q_len == CONN_QUEUE) {
		note(c, CONN_LOG_ERROR, "event queue full, %s dropped", conn_event_name(ev));
		return;
	}
	c->queue[(c->q_head + c->q_len++) % CONN_QUEUE] = ev;
	if (c->dispatching)
		return;
	c->dispatching = true;
	while (c->q_len) {
		enum conn_event e = c->queue[c->q_head];
		c->q_head = (c->q_head + 1) % CONN_QUEUE;
		c->q_len--;
		transition(c, e);
	}
	c->dispatching = false;
}

void conn_op_done(struct conn *c, int err, int exit_hint, const char *why)
{
	if (!c->busy) {
		note(c, CONN_LOG_DEBUG, "state %s: stray operation result ignored", conn_state_name(c->state));
		return;
	}
	c->busy = false;
	if (err) {
		if (why)
			snprintf(c->why, sizeof(c->why), "%s", why);
		if (exit_hint)
			c->fail_exit = exit_hint;
	}
	enum conn_event (*done)(struct conn *, int) = table[c->state].done;
	conn_post(c, done ? done(c, err) : done_default(c, err));
}

void conn_timer_fired(struct conn *c)
{
	conn_post(c, CONN_EV_TIMEOUT);
}

void conn_init(struct conn *c, const struct conn_config *cfg,
	       const struct conn_modem_ops *modem, void *modem_ctx,
	       const struct conn_platform_ops *plat, void *plat_ctx)
{
	memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->modem = modem;
	c->modem_ctx = modem_ctx;
	c->plat = plat;
	c->plat_ctx = plat_ctx;
	c->state = CONN_S_IDLE;
	c->rng = cfg->seed;
	c->st.sess[0].family = 4;
	c->st.sess[1].family = 6;
	c->st.sess[0].wanted = cfg->want_v4;
	c->st.sess[1].wanted = cfg->want_v6;
}

void conn_start(struct conn *c)
{
	conn_post(c, CONN_EV_START);
}

void conn_stop(struct conn *c)
{
	conn_post(c, CONN_EV_STOP);
}
