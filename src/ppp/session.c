/* Binds the PPP state machine to the serial port, AT engine and pppd. */
#include "store/pin_memory.h"
#include "ppp/session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "common/backoff.h"
#include "common/err.h"
#include "common/util.h"

static struct ppp_session *of_sm(void *ctx)
{
	return ctx;
}

/* ---- AT engine <-> transport ---- */

static int io_write(void *ctx, const uint8_t *p, size_t n)
{
	return serial_send(ctx, p, n);
}
static const struct at_engine_io at_io = { .write = io_write };

static void ser_data(struct serial *ser, const uint8_t *p, size_t n)
{
	struct ppp_session *s = ser->user;
	at_engine_input(&s->at, p, n);
}

static void ser_gone(struct serial *ser, int err)
{
	struct ppp_session *s = ser->user;
	ppp_sm_port_gone(&s->sm);       /* first, so the machine names the cause */
	at_engine_gone(&s->at, err);
}

static void at_urc(void *ud, enum at_urc kind, const char *line)
{
	struct ppp_session *s = ud;
	ppp_sm_urc(&s->sm, line);
}

/* ---- machine operations ---- */

static void at_done(void *ud, const struct at_reply *r)
{
	struct ppp_session *s = ud;
	s->at_id = 0;
	ppp_sm_at_reply(&s->sm, r);
}

static int op_at(void *ctx, const char *cmd, unsigned timeout_ms, unsigned flags)
{
	struct ppp_session *s = of_sm(ctx);
	int id = at_engine_send(&s->at, cmd, timeout_ms, flags, at_done, s);
	if (id > 0)
		s->at_id = id;
	return id < 0 ? id : 0;
}

static void op_at_cancel(void *ctx)
{
	struct ppp_session *s = of_sm(ctx);
	if (s->at_id > 0)
		at_engine_cancel(&s->at, s->at_id);
	s->at_id = 0;
}

static void timer_cb(struct ev_timer *t)
{
	struct ppp_session *s = container_of(t, struct ppp_session, timer);
	ppp_sm_timer(&s->sm);
}

static void op_timer(void *ctx, int64_t ms)
{
	struct ppp_session *s = of_sm(ctx);
	if (ms < 0)
		ev_timer_cancel(s->loop, &s->timer);
	else
		ev_timer_set(s->loop, &s->timer, (uint64_t)ms);
}

static uint64_t op_now(void *ctx)
{
	return ev_loop_now(of_sm(ctx)->loop);
}

static uint32_t op_random(void *ctx)
{
	/* jitter only needs to differ between routers */
	return backoff_random(&of_sm(ctx)->rnd);
}

static void pppd_line(struct pppd *p, const char *line)
{
	struct ppp_session *s = p->user;
	if (s->on_pppd_line)
		s->on_pppd_line(s, line);
}

static void pppd_up(struct pppd *p)
{
	struct ppp_session *s = p->user;
	ppp_sm_pppd_up(&s->sm);
}

static void pppd_exit(struct pppd *p, int status)
{
	struct ppp_session *s = p->user;
	pppd_cleanup(p);
	ppp_sm_pppd_exit(&s->sm, status);
}

static int op_pppd_start(void *ctx, char *why, size_t cap)
{
	struct ppp_session *s = of_sm(ctx);
	serial_pause(&s->ser);          /* pppd opens the port itself */
	s->pppd.user = s;
	s->pppd.on_line = pppd_line;
	s->pppd.on_up = pppd_up;
	s->pppd.on_exit = pppd_exit;
	int r = pppd_start(&s->pppd, s->loop, &s->pconf, why, cap);
	if (r < 0)
		serial_resume(&s->ser);
	return r;
}

static void op_pppd_stop(void *ctx)
{
	struct ppp_session *s = of_sm(ctx);
	if (pppd_running(&s->pppd))
		pppd_stop(&s->pppd);
}

static void op_line_back(void *ctx)
{
	struct ppp_session *s = of_sm(ctx);
	serial_resume(&s->ser);
	serial_set_dtr(&s->ser, true);  /* pppd dropped it to hang up */
	at_engine_command_mode(&s->at);
}

/* A modem that reset comes back under the same name. */
static int op_port_reopen(void *ctx)
{
	struct ppp_session *s = of_sm(ctx);
	char path[sizeof s->ser.st.path];
	snprintf(path, sizeof path, "%s", s->ser.st.path);
	at_trace_fn tr = s->at.on_trace;
	void *tr_ud = s->at.trace_ud;
	at_engine_close(&s->at);
	serial_close(&s->ser);
	int r = serial_open(&s->ser, s->loop, path, s->baud);
	if (r < 0)
		return r;
	s->ser.user = s;
	s->ser.on_data = ser_data;
	s->ser.on_gone = ser_gone;
	at_engine_init(&s->at, s->loop, &at_io, &s->ser);
	s->at.on_urc = at_urc;
	s->at.urc_ud = s;
	s->at.on_trace = tr;
	s->at.trace_ud = tr_ud;
	s->at_id = 0;
	return 0;
}

static void op_log(void *ctx, enum ppp_log lvl, const char *text)
{
	struct ppp_session *s = of_sm(ctx);
	if (s->on_log)
		s->on_log(s, lvl, text);
}

static void op_changed(void *ctx, enum ppp_state from, enum ppp_state to)
{
	struct ppp_session *s = of_sm(ctx);
	if (s->on_state)
		s->on_state(s, from, to);
}

static void op_finished(void *ctx, int status)
{
	struct ppp_session *s = of_sm(ctx);
	s->finished = true;
	s->status = status;
	if (s->on_finished)
		s->on_finished(s, status);
}

/* the refused-PIN memory, beside pppd's options under the runtime directory */
static int op_pin_refused_before(void *ctx, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct ppp_session *s = of_sm(ctx);
	struct pin_memory mem;
	pin_memory_init(&mem, s->pconf.runtime_dir);
	int r = pin_memory_refused(&mem, iccid, pin);
	if (r < 0)
		snprintf(why, cap, "%s", mem.why);
	return r;
}

static int op_pin_refused(void *ctx, const char *iccid, const char *pin, char *why, size_t cap)
{
	struct ppp_session *s = of_sm(ctx);
	struct pin_memory mem;
	pin_memory_init(&mem, s->pconf.runtime_dir);
	int r = pin_memory_remember(&mem, iccid, pin);
	if (r < 0)
		snprintf(why, cap, "%s", mem.why);
	return r;
}

static const struct ppp_ops ops = {
	.pin_refused_before = op_pin_refused_before, .pin_refused = op_pin_refused,
	.at = op_at, .at_cancel = op_at_cancel, .timer = op_timer, .now = op_now,
	.random = op_random, .pppd_start = op_pppd_start, .pppd_stop = op_pppd_stop,
	.line_back = op_line_back, .port_reopen = op_port_reopen, .log = op_log, .changed = op_changed, .finished = op_finished,
};

/* ---- public ---- */

void ppp_session_defaults(struct ppp_config *cfg, struct pppd_conf *pc)
{
	*cfg = (struct ppp_config){ .max_restarts = -1 };
	*pc = (struct pppd_conf){ .usepeerdns = true, .defaultroute = true, .metric = -1, .lcp_echo_interval = 10,
				  .lcp_echo_failure = 3, .unit = -1, .ipparam = "cellink" };
}

int ppp_session_open(struct ppp_session *s, struct ev_loop *l, const char *port, unsigned baud,
		     char *why, size_t cap)
{
	void *user = s->user;
	void (*a)(struct ppp_session *, enum ppp_log, const char *) = s->on_log;
	void (*b)(struct ppp_session *, enum ppp_state, enum ppp_state) = s->on_state;
	void (*c)(struct ppp_session *, const char *) = s->on_pppd_line;
	void (*d)(struct ppp_session *, int) = s->on_finished;
	memset(s, 0, sizeof(*s));
	s->user = user;
	s->on_log = a;
	s->on_state = b;
	s->on_pppd_line = c;
	s->on_finished = d;
	s->loop = l;
	s->timer.cb = timer_cb;
	s->pppd.out.fd = -1;
	s->rnd = (uint32_t)getpid() ^ (uint32_t)ev_now_ms() ^ 0x9e3779b9u;
	if (!s->rnd)
		s->rnd = 1;
	s->baud = baud;
	int r = serial_open(&s->ser, l, port, baud);
	if (r < 0) {
		snprintf(why, cap, "%s", s->ser.st.errtext);
		return r;
	}
	s->ser.user = s;
	s->ser.on_data = ser_data;
	s->ser.on_gone = ser_gone;
	at_engine_init(&s->at, l, &at_io, &s->ser);
	s->at.on_urc = at_urc;
	s->at.urc_ud = s;
	s->open = true;
	return 0;
}

/* A pty has no modem control lines: pppd must not wait for carrier. */
static bool is_pty(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) >= 136 &&
	       major(st.st_rdev) <= 143;
}

void ppp_session_start(struct ppp_session *s, const struct ppp_config *cfg,
		       const struct pppd_conf *pc)
{
	s->pconf = *pc;
	if (!s->pconf.tty)
		s->pconf.tty = s->ser.st.path;
	if (is_pty(s->pconf.tty))
		s->pconf.local = true;
	s->pconf.ip = cfg->ip;
	ppp_sm_init(&s->sm, cfg, &ops, s);
	ppp_sm_start(&s->sm);
}

void ppp_session_stop(struct ppp_session *s)
{
	if (!s->finished)
		ppp_sm_stop(&s->sm);
}

void ppp_session_close(struct ppp_session *s)
{
	if (!s->open)
		return;
	ev_timer_cancel(s->loop, &s->timer);
	s->pppd.on_exit = NULL;
	pppd_cleanup(&s->pppd);
	at_engine_close(&s->at);
	serial_close(&s->ser);
	s->open = false;
}
