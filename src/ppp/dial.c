/* The PPP dialer and pppd supervisor state machine; see ppp.h. */
#include "ppp/ppp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "at/at_parse.h"
#include "common/backoff.h"
#include "common/err.h"
#include "common/util.h"
#include "common/exit.h"

static const char *const state_names[] = {
#define PPP_STATE_NAME(sym, name) name,
	PPP_STATES(PPP_STATE_NAME)
#undef PPP_STATE_NAME
};

const char *ppp_state_name(enum ppp_state s)
{
	return (unsigned)s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

const char *ppp_ip_pdp_type(enum ppp_ip ip)
{
	return ip == PPP_IP_V6 ? "IPV6" : ip == PPP_IP_V4V6 ? "IPV4V6" : "IP";
}

static void logf_(struct ppp_sm *m, enum ppp_log lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void logf_(struct ppp_sm *m, enum ppp_log lvl, const char *fmt, ...)
{
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (lvl != PPP_LOG_INFO)
		snprintf(m->reason, sizeof m->reason, "%s", buf);
	if (!m->ops->log)
		return;
	/* a line said again each poll ("SIM busy; asking again") is logged
	 * once, then with its count when something else is said */
	if (lvl == PPP_LOG_INFO && m->rep_text[0] && !strcmp(buf, m->rep_text)) {
		m->rep_count++;
		return;
	}
	if (m->rep_count) {
		char sum[sizeof m->rep_text + 40];
		snprintf(sum, sizeof sum, "%s (%u time%s more)", m->rep_text, m->rep_count,
			 m->rep_count == 1 ? "" : "s");
		m->ops->log(m->ctx, PPP_LOG_INFO, sum);
	}
	m->rep_count = 0;
	m->rep_text[0] = 0;
	if (lvl == PPP_LOG_INFO && strlen(buf) < sizeof m->rep_text)
		memcpy(m->rep_text, buf, strlen(buf) + 1);
	m->ops->log(m->ctx, lvl, buf);
}

/* Each state's entry action. */
static void enter(struct ppp_sm *m, enum ppp_state s);

static void send_at(struct ppp_sm *m, const char *cmd, unsigned timeout_ms, unsigned flags)
{
	int r = m->ops->at(m->ctx, cmd, timeout_ms, flags);
	if (r == CL_E_GONE) {
		ppp_sm_port_gone(m);
		return;
	}
	if (r < 0) {
		logf_(m, PPP_LOG_ERROR, "cannot send %s: %s", (flags & AT_CMD_SECRET) ? "the PIN" : cmd,
		      cl_strerror(r));
		m->fail_status = r == CL_E_GONE ? CONN_EXIT_NO_DEVICE : CONN_EXIT_MODEM_ERROR;
		enter(m, PPP_S_STOPPED);
	}
}

static void finish(struct ppp_sm *m, int status)
{
	m->ops->timer(m->ctx, -1);
	if (m->ops->finished)
		m->ops->finished(m->ctx, status);
}

/* A failure: retried after back-off when allowed, else the end. Failures
 * while the line may still be in data mode go through HANGUP first. */
static void fail(struct ppp_sm *m, int status, bool hang_up)
{
	bool retrying = (m->ever_up || m->cfg.persist) && !m->stop_requested;
	bool budget = m->cfg.max_restarts < 0 || m->restarts < m->cfg.max_restarts;
	if (retrying && !budget) {
		logf_(m, PPP_LOG_ERROR, "giving up after %d restart(s): %s", m->restarts, m->reason);
		if (m->ever_up)
			status = CONN_EXIT_LINK_LOST;
	}
	bool may_retry = retrying && budget;
	m->fail_status = may_retry ? 0 : status;
	m->after_hangup = may_retry ? PPP_S_BACKOFF : PPP_S_STOPPED;
	enter(m, hang_up ? PPP_S_HANGUP : m->after_hangup);
}

static void fail_fatal(struct ppp_sm *m, int status)
{
	m->fail_status = status;
	m->after_hangup = PPP_S_STOPPED;
	enter(m, PPP_S_STOPPED);
}

/* ---- entry actions ---- */

static void enter(struct ppp_sm *m, enum ppp_state s)
{
	enum ppp_state from = m->state;
	if (from == PPP_S_STOPPED && s == PPP_S_STOPPED)
		return;         /* finished already reported */
	m->state = s;
	m->step = 0;
	if (from != s && m->ops->changed)
		m->ops->changed(m->ctx, from, s);
	char cmd[200];
	switch (s) {
	case PPP_S_IDLE:
		break;
	case PPP_S_INIT:
		send_at(m, "ATE0", m->cfg.at_timeout_ms, 0);
		break;
	case PPP_S_ESCAPE:
		m->ops->timer(m->ctx, m->cfg.guard_ms);         /* silence before "+++" */
		break;
	case PPP_S_SIM:
		send_at(m, "AT+CPIN?", m->cfg.at_timeout_ms, 0);
		break;
	case PPP_S_SIM_WAIT:
	case PPP_S_REG_WAIT:
		m->ops->timer(m->ctx, m->cfg.poll_ms);
		break;
	case PPP_S_PIN_COUNT:
		/* step 0: which card (AT+CCID); step 1: attempts left */
		send_at(m, "AT+CCID", m->cfg.at_timeout_ms, 0);
		break;
	case PPP_S_PIN:
		m->pin_tried = true;
		snprintf(cmd, sizeof cmd, "AT+CPIN=\"%s\"", m->cfg.pin);
		send_at(m, cmd, m->cfg.at_timeout_ms, AT_CMD_SECRET);
		memset(cmd, 0, sizeof cmd);
		break;
	case PPP_S_REGISTER:
		send_at(m, "AT+CEREG?", m->cfg.at_timeout_ms, 0);
		break;
	case PPP_S_PDP:
		snprintf(cmd, sizeof cmd, "AT+CGDCONT=%d,\"%s\",\"%s\"", m->cfg.cid, ppp_ip_pdp_type(m->cfg.ip),
			 m->cfg.apn);
		send_at(m, cmd, m->cfg.at_timeout_ms, 0);
		break;
	case PPP_S_DIAL:
		if (m->cfg.dial && m->cfg.dial[0])
			snprintf(cmd, sizeof cmd, "%s", m->cfg.dial);
		else
			snprintf(cmd, sizeof cmd, "ATD*99***%d#", m->cfg.cid);
		logf_(m, PPP_LOG_INFO, "dialling %s", cmd);
		send_at(m, cmd, m->cfg.dial_timeout_ms, 0);
		break;
	case PPP_S_PPP: {
		char why[256] = "";
		int r = m->ops->pppd_start(m->ctx, why, sizeof why);
		if (r < 0) {
			logf_(m, PPP_LOG_ERROR, "cannot start pppd: %s", why[0] ? why : cl_strerror(r));
			m->fail_status = CONN_EXIT_CONFIG_FAILED;
			m->after_hangup = PPP_S_STOPPED;
			m->ops->line_back(m->ctx);
			enter(m, PPP_S_HANGUP);
		}
		break;
	}
	case PPP_S_UP:
		m->ever_up = true;
		m->backoff_n = 0;
		m->up_since = m->ops->now(m->ctx);
		m->reason[0] = 0;
		break;
	case PPP_S_STOPPING:
		m->ops->pppd_stop(m->ctx);
		break;
	case PPP_S_HANGUP:
		/* Is the modem listening to commands again? */
		send_at(m, "AT", 1000, 0);
		break;
	case PPP_S_BACKOFF: {
		uint32_t rnd = m->ops->random ? m->ops->random(m->ctx) : 0;
		uint64_t d = backoff_delay_ms(m->cfg.backoff_min_ms, m->cfg.backoff_max_ms,
					      (unsigned)m->backoff_n, rnd);
		m->backoff_n++;
		m->restarts++;
		/* whole milliseconds: what is logged is the timer, exactly */
		logf_(m, PPP_LOG_INFO, "restart %d in %llu ms%s%s", m->restarts, (unsigned long long)d,
		      m->reason[0] ? " after: " : "", m->reason);
		m->ops->timer(m->ctx, (int64_t)d);
		break;
	}
	case PPP_S_WAIT_PORT:
		m->ops->timer(m->ctx, m->cfg.poll_ms);
		break;
	case PPP_S_STOPPED:
		finish(m, m->fail_status);
		break;
	case PPP_S_COUNT:
		break;
	}
}

/* ---- AT replies per state ---- */

static bool reply_has(const struct at_reply *r, const char *prefix, const char **line)
{
	for (unsigned i = 0; r->x && (*line = at_xchg_info(r->x, i)); i++)
		if (!strncmp(*line, prefix, strlen(prefix)))
			return true;
	return false;
}

static void on_init(struct ppp_sm *m, const struct at_reply *r)
{
	char t[160];
	if (r->status == CL_E_TIMEOUT && m->step == 0 && !m->init_escaped) {
		m->init_escaped = true;
		/* maybe still in data mode from an earlier call */
		logf_(m, PPP_LOG_WARN, "no answer to ATE0; trying to get the modem out of data mode");
		m->after_hangup = PPP_S_INIT;
		m->step = 1;
		enter(m, PPP_S_ESCAPE);
		return;
	}
	if (r->status < 0 || r->final != AT_FINAL_OK) {
		if (m->step == 2) {     /* AT+CMEE=1 is optional */
			enter(m, PPP_S_SIM);
			return;
		}
		logf_(m, PPP_LOG_ERROR, "the modem does not answer AT commands (%s)",
		      at_reply_text(r, t, sizeof t));
		fail(m, CONN_EXIT_MODEM_ERROR, false);
		return;
	}
	m->init_escaped = false;
	if (m->step != 2) {
		m->step = 2;
		send_at(m, "AT+CMEE=1", m->cfg.at_timeout_ms, 0);
		return;
	}
	enter(m, PPP_S_SIM);
}

static void sim_wait_or_fail(struct ppp_sm *m, const char *what)
{
	uint64_t now = m->ops->now(m->ctx);
	if (m->deadline == 0)
		m->deadline = now + m->cfg.sim_timeout_ms;
	if (now >= m->deadline) {
		m->deadline = 0;
		logf_(m, PPP_LOG_ERROR, "the SIM stayed %s for %u s", what, m->cfg.sim_timeout_ms / 1000);
		fail(m, CONN_EXIT_SIM_LOCKED, false);
		return;
	}
	logf_(m, PPP_LOG_INFO, "SIM %s; asking again", what);
	enter(m, PPP_S_SIM_WAIT);
}

static void on_sim(struct ppp_sm *m, const struct at_reply *r)
{
	char t[160];
	const char *line;
	if (r->status < 0) {
		logf_(m, PPP_LOG_ERROR, "AT+CPIN?: %s", at_reply_text(r, t, sizeof t));
		fail(m, CONN_EXIT_MODEM_ERROR, false);
		return;
	}
	if (r->final == AT_FINAL_CME_ERROR && (r->fi->code == 10 || r->fi->code == 13)) {
		logf_(m, PPP_LOG_ERROR, "SIM: %s", at_reply_text(r, t, sizeof t));
		fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		return;
	}
	if (r->final == AT_FINAL_CME_ERROR && r->fi->code == 14) {
		sim_wait_or_fail(m, "busy");
		return;
	}
	enum at_sim_state st;
	if (r->final != AT_FINAL_OK || !reply_has(r, "+CPIN:", &line) ||
	    at_parse_cpin(line, &st, NULL) < 0) {
		logf_(m, PPP_LOG_ERROR, "AT+CPIN?: unexpected answer (%s)", at_reply_text(r, t, sizeof t));
		fail(m, CONN_EXIT_MODEM_ERROR, false);
		return;
	}
	switch (st) {
	case AT_SIM_READY:
		m->deadline = 0;
		logf_(m, PPP_LOG_INFO, "SIM ready");
		enter(m, PPP_S_REGISTER);
		return;
	case AT_SIM_NOT_READY:
		sim_wait_or_fail(m, "not ready");
		return;
	case AT_SIM_SIM_PIN:
		if (!m->cfg.pin) {
			logf_(m, PPP_LOG_ERROR, "the SIM needs its PIN and none is configured (--pin-file)");
			fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		} else if (m->pin_tried) {
			logf_(m, PPP_LOG_ERROR, "the SIM still asks for the PIN after one attempt; not trying again");
			fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		} else {
			enter(m, PPP_S_PIN_COUNT);
		}
		return;
	case AT_SIM_NOT_INSERTED:
		logf_(m, PPP_LOG_ERROR, "no SIM card");
		fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		return;
	default:
		logf_(m, PPP_LOG_ERROR, "the SIM is locked (%s); cellink only enters the PIN",
		      at_sim_state_text(st));
		fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		return;
	}
}

/* "+CCID: 8949...", "+ICCID: ..." or the digits alone */
static void take_iccid(struct ppp_sm *m, const struct at_reply *r)
{
	m->iccid[0] = 0;
	if (!at_reply_ok(r))
		return;
	const char *l;
	for (unsigned k = 0; r->x && (l = at_xchg_info(r->x, k)); k++) {
		const char *colon = strchr(l, ':');
		if (colon)
			l = colon + 1;
		while (*l == ' ' || *l == '"')
			l++;
		size_t n = strspn(l, "0123456789ABCDEFabcdef");
		if (n >= 18 && n < sizeof m->iccid) {
			memcpy(m->iccid, l, n);
			m->iccid[n] = 0;
			return;
		}
	}
}

static void on_pin_count(struct ppp_sm *m, const struct at_reply *r)
{
	const char *line;
	long left = -1;
	if (m->step == 0) {
		take_iccid(m, r);
		m->step = 1;
		send_at(m, "AT+CPINR=\"SIM PIN\"", m->cfg.at_timeout_ms, 0);
		return;
	}
	if (at_reply_ok(r) && reply_has(r, "+CPINR:", &line)) {
		struct at_fields f;
		if (at_fields_split(line, "+CPINR:", &f) >= 2)
			at_field_int(&f, 1, &left);
	}
	long full = m->cfg.pin_full_attempts ? (long)m->cfg.pin_full_attempts : 3;
	if (left >= 0 && left < full) {
		logf_(m, PPP_LOG_ERROR,
		      "the SIM has only %ld attempt%s left of %ld: not presenting the PIN (enter it by hand "
		      "once you are sure of it, or unblock with the PUK)", left, left == 1 ? "" : "s", full);
		fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		return;
	}
	if (m->ops->pin_refused_before) {
		char why[200] = "";
		int rb = m->ops->pin_refused_before(m->ctx, m->iccid, m->cfg.pin, why, sizeof why);
		if (rb != 0) {
			if (rb < 0)
				logf_(m, PPP_LOG_ERROR, "not presenting the PIN: the memory of refused PINs "
				      "cannot be used (%s)", why);
			else
				logf_(m, PPP_LOG_ERROR, "this SIM has refused this PIN before: not presenting "
				      "it again; put the right PIN in the PIN file");
			fail_fatal(m, CONN_EXIT_SIM_LOCKED);
			return;
		}
	}
	if (left < 0)
		logf_(m, PPP_LOG_WARN, "the modem does not tell how many PIN attempts are left; "
				       "entering the PIN once, never again after a refusal");
	else
		logf_(m, PPP_LOG_INFO, "entering the PIN (%ld attempt%s left)", left, left == 1 ? "" : "s");
	enter(m, PPP_S_PIN);
}

static void on_pin(struct ppp_sm *m, const struct at_reply *r)
{
	char t[160];
	if (!at_reply_ok(r)) {
		/* an ERROR or +CME ERROR is the SIM's verdict; a timeout is not */
		char why[200] = "";
		if (r->status >= 0 && m->ops->pin_refused &&
		    m->ops->pin_refused(m->ctx, m->iccid, m->cfg.pin, why, sizeof why) < 0)
			logf_(m, PPP_LOG_ERROR, "cannot remember the refused PIN: %s", why);
		if (r->status >= 0)
			logf_(m, PPP_LOG_ERROR, "the PIN was refused (%s); it will not be presented to this "
			      "SIM again", at_reply_text(r, t, sizeof t));
		else
			logf_(m, PPP_LOG_ERROR, "the PIN got no verdict (%s); not trying again",
			      at_reply_text(r, t, sizeof t));
		fail_fatal(m, CONN_EXIT_SIM_LOCKED);
		return;
	}
	logf_(m, PPP_LOG_INFO, "PIN accepted");
	m->deadline = 0;
	enter(m, PPP_S_SIM);
}

/* step 0: +CEREG? asked; step 1: +CGREG? asked. */
static void on_register(struct ppp_sm *m, const struct at_reply *r)
{
	const char *line;
	struct at_reg reg;
	int stat = -1;
	const char *pfx = m->step == 0 ? "+CEREG:" : "+CGREG:";
	if (at_reply_ok(r) && reply_has(r, pfx, &line) && at_parse_reg(line, true, &reg, NULL) == 0)
		stat = reg.stat;
	if (stat >= 0 && at_reg_is_registered(stat)) {
		logf_(m, PPP_LOG_INFO, "registered (%s, %s)", pfx, at_reg_stat_text(stat));
		m->deadline = 0;
		enter(m, PPP_S_PDP);
		return;
	}
	if (stat == AT_REG_DENIED)
		m->reg_seen_denied = true;
	if (m->step == 0) {
		m->step = 1;
		send_at(m, "AT+CGREG?", m->cfg.at_timeout_ms, 0);
		return;
	}
	uint64_t now = m->ops->now(m->ctx);
	if (m->deadline == 0)
		m->deadline = now + m->cfg.register_timeout_ms;
	if (now >= m->deadline) {
		logf_(m, PPP_LOG_ERROR, "not registered within %u s (%s)", m->cfg.register_timeout_ms / 1000,
		      m->reg_seen_denied ? "registration denied" : "still searching");
		m->deadline = 0;
		fail(m, CONN_EXIT_NO_REGISTRATION, false);
		return;
	}
	enter(m, PPP_S_REG_WAIT);
}

static void on_pdp(struct ppp_sm *m, const struct at_reply *r)
{
	char t[160];
	if (!at_reply_ok(r)) {
		logf_(m, PPP_LOG_ERROR, "the modem refused the PDP context (APN \"%s\", %s): %s", m->cfg.apn,
		      ppp_ip_pdp_type(m->cfg.ip), at_reply_text(r, t, sizeof t));
		fail(m, CONN_EXIT_CALL_REJECTED, false);
		return;
	}
	enter(m, PPP_S_DIAL);
}

static void on_dial(struct ppp_sm *m, const struct at_reply *r)
{
	char t[160];
	if (r->status == 0 && r->final == AT_FINAL_CONNECT) {
		if (r->fi && r->fi->speed)
			logf_(m, PPP_LOG_INFO, "CONNECT %lu: handing the line to pppd", r->fi->speed);
		else
			logf_(m, PPP_LOG_INFO, "CONNECT: handing the line to pppd");
		enter(m, PPP_S_PPP);
		return;
	}
	logf_(m, PPP_LOG_ERROR, "dial failed: %s", at_reply_text(r, t, sizeof t));
	/* after a timeout the modem may connect late: hang up first */
	fail(m, CONN_EXIT_CALL_REJECTED, r->status == CL_E_TIMEOUT);
}

/* step 0: "AT" asked; step 1: ATH asked. */
static void on_hangup(struct ppp_sm *m, const struct at_reply *r)
{
	if (m->step == 0 && r->status == CL_E_TIMEOUT) {
		m->step = 1;
		enter(m, PPP_S_ESCAPE);
		return;
	}
	if (m->step == 0) {
		m->step = 1;
		send_at(m, "ATH", m->cfg.at_timeout_ms, 0);
		return;
	}
	enter(m, m->after_hangup);
}

/* step 0: guard before; 1: "+++" written; 2: guard after; 3: a lone CR
 * (ends whatever partial line the modem holds); 4: ATH asked. */
static void on_escape(struct ppp_sm *m, const struct at_reply *r)
{
	if (m->step == 1) {
		m->step = 2;
		m->ops->timer(m->ctx, m->cfg.guard_ms);
		return;
	}
	if (m->step == 3) {
		m->step = 4;
		send_at(m, "ATH", m->cfg.at_timeout_ms, 0);
		return;
	}
	if (m->step == 4) {
		if (r->status < 0)
			logf_(m, PPP_LOG_WARN, "the modem did not answer ATH after \"+++\"");
		enum ppp_state next = m->after_hangup;
		if (next == PPP_S_INIT)
			m->after_hangup = PPP_S_BACKOFF;
		if (next == PPP_S_INIT && r->status < 0) {
			logf_(m, PPP_LOG_ERROR, "the modem does not answer AT commands");
			fail(m, CONN_EXIT_MODEM_ERROR, false);
			return;
		}
		enter(m, next);
	}
}

void ppp_sm_at_reply(struct ppp_sm *m, const struct at_reply *r)
{
	if (r->status == CL_E_GONE) {
		ppp_sm_port_gone(m);
		return;
	}
	switch (m->state) {
	case PPP_S_INIT: on_init(m, r); break;
	case PPP_S_SIM: on_sim(m, r); break;
	case PPP_S_PIN_COUNT: on_pin_count(m, r); break;
	case PPP_S_PIN: on_pin(m, r); break;
	case PPP_S_REGISTER: on_register(m, r); break;
	case PPP_S_PDP: on_pdp(m, r); break;
	case PPP_S_DIAL: on_dial(m, r); break;
	case PPP_S_HANGUP: on_hangup(m, r); break;
	case PPP_S_ESCAPE: on_escape(m, r); break;
	default: break;         /* a cancelled command's late completion */
	}
}

void ppp_sm_timer(struct ppp_sm *m)
{
	switch (m->state) {
	case PPP_S_SIM_WAIT: enter(m, PPP_S_SIM); break;
	case PPP_S_REG_WAIT: enter(m, PPP_S_REGISTER); break;
	case PPP_S_BACKOFF: enter(m, PPP_S_INIT); break;
	case PPP_S_WAIT_PORT:
		if (m->ops->port_reopen && m->ops->port_reopen(m->ctx) == 0) {
			logf_(m, PPP_LOG_INFO, "the AT port is back");
			enter(m, PPP_S_INIT);
		} else {
			m->ops->timer(m->ctx, m->cfg.poll_ms);
		}
		break;
	case PPP_S_ESCAPE:
		if (m->step == 0) {
			m->step = 1;
			send_at(m, "+++", m->cfg.at_timeout_ms, AT_CMD_RAW);
		} else if (m->step == 2) {
			m->step = 3;
			send_at(m, "\r", m->cfg.at_timeout_ms, AT_CMD_RAW);
		}
		break;
	default: break;
	}
}

void ppp_sm_urc(struct ppp_sm *m, const char *line)
{
	struct at_reg reg;
	if (m->state != PPP_S_REG_WAIT)
		return;
	if ((!strncmp(line, "+CEREG:", 7) || !strncmp(line, "+CGREG:", 7)) &&
	    at_parse_reg(line, false, &reg, NULL) == 0 && at_reg_is_registered(reg.stat)) {
		m->ops->timer(m->ctx, -1);
		enter(m, PPP_S_REGISTER);       /* confirm with a query */
	}
}

void ppp_sm_pppd_up(struct ppp_sm *m)
{
	if (m->state == PPP_S_PPP) {
		logf_(m, PPP_LOG_INFO, "link up");
		enter(m, PPP_S_UP);
	}
}

void ppp_sm_pppd_exit(struct ppp_sm *m, int code)
{
	if (m->state != PPP_S_PPP && m->state != PPP_S_UP && m->state != PPP_S_STOPPING)
		return;
	m->last_exit = code;
	m->ops->line_back(m->ctx);
	if (m->state == PPP_S_STOPPING || m->stop_requested) {
		logf_(m, PPP_LOG_INFO, "pppd ended (%s)", code < 0 ? "killed" : ppp_exit_lookup(code)->text);
		m->fail_status = 0;
		m->after_hangup = PPP_S_STOPPED;
		enter(m, PPP_S_HANGUP);
		return;
	}
	if (code < 0) {
		logf_(m, PPP_LOG_WARN, "pppd was killed by signal %d", -code);
		fail(m, CONN_EXIT_LINK_LOST, true);
		return;
	}
	const struct ppp_exit_info *e = ppp_exit_lookup(code);
	logf_(m, PPP_LOG_WARN, "pppd exited with status %d (%s): %s", code, e->name, e->text);
	if (e->action == PPPD_FATAL) {
		m->fail_status = e->status;
		m->after_hangup = PPP_S_STOPPED;
		enter(m, PPP_S_HANGUP);
		return;
	}
	fail(m, m->ever_up ? CONN_EXIT_LINK_LOST : CONN_EXIT_CALL_REJECTED, true);
}

void ppp_sm_port_gone(struct ppp_sm *m)
{
	if (m->state == PPP_S_STOPPED || m->state == PPP_S_WAIT_PORT)
		return;
	m->ops->timer(m->ctx, -1);
	if (m->state == PPP_S_PPP || m->state == PPP_S_UP) {
		/* pppd notices too; its exit brings us back here */
		logf_(m, PPP_LOG_WARN, "the AT port went away");
		return;
	}
	if (m->state == PPP_S_STOPPING) {
		m->ops->pppd_stop(m->ctx);
		return;
	}
	bool wait = (m->ever_up || m->cfg.persist) && !m->stop_requested && m->ops->port_reopen;
	logf_(m, wait ? PPP_LOG_WARN : PPP_LOG_ERROR, "the AT port went away%s",
	      wait ? "; waiting for it to come back" : "");
	if (wait) {
		enter(m, PPP_S_WAIT_PORT);
		return;
	}
	m->fail_status = m->stop_requested ? 0 : CONN_EXIT_NO_DEVICE;
	enter(m, PPP_S_STOPPED);
}

void ppp_sm_stop(struct ppp_sm *m)
{
	if (m->stop_requested || m->state == PPP_S_STOPPED)
		return;
	m->stop_requested = true;
	m->ops->timer(m->ctx, -1);
	switch (m->state) {
	case PPP_S_PPP:
	case PPP_S_UP:
		enter(m, PPP_S_STOPPING);
		break;
	case PPP_S_HANGUP:
	case PPP_S_ESCAPE:
		m->fail_status = 0;
		m->after_hangup = PPP_S_STOPPED;
		break;          /* finishing the hang-up, then stopped */
	case PPP_S_WAIT_PORT:
		m->fail_status = 0;
		enter(m, PPP_S_STOPPED);
		break;
	case PPP_S_DIAL:
		m->ops->at_cancel(m->ctx);
		m->fail_status = 0;
		m->after_hangup = PPP_S_STOPPED;
		enter(m, PPP_S_HANGUP);
		break;
	default:
		m->ops->at_cancel(m->ctx);
		m->fail_status = 0;
		enter(m, PPP_S_STOPPED);
		break;
	}
}

void ppp_sm_init(struct ppp_sm *m, const struct ppp_config *cfg, const struct ppp_ops *ops,
		 void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->ops = ops;
	m->ctx = ctx;
	m->last_exit = -1;
	struct ppp_config *c = &m->cfg;
	if (c->cid <= 0)
		c->cid = 1;
	if (!c->at_timeout_ms)
		c->at_timeout_ms = 5000;
	if (!c->dial_timeout_ms)
		c->dial_timeout_ms = 30000;
	if (!c->sim_timeout_ms)
		c->sim_timeout_ms = 20000;
	if (!c->register_timeout_ms)
		c->register_timeout_ms = 60000;
	if (!c->poll_ms)
		c->poll_ms = 1000;
	if (!c->guard_ms)
		c->guard_ms = 1000;
	if (!c->backoff_min_ms)
		c->backoff_min_ms = 2000;
	if (!c->backoff_max_ms)
		c->backoff_max_ms = 120000;
	if (c->backoff_max_ms < c->backoff_min_ms)
		c->backoff_max_ms = c->backoff_min_ms;
	if (!c->apn)
		c->apn = "";
}

void ppp_sm_start(struct ppp_sm *m)
{
	if (m->state == PPP_S_IDLE)
		enter(m, PPP_S_INIT);
}
