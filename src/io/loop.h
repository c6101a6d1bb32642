/* A small event loop in the uloop style: callers own the handles (embedded
 * in their own structs, recovered with container_of), the loop allocates
 * nothing. Back end: epoll; signals through signalfd.
 *
 * Every function returns 0 or a negative errno. */
#ifndef CELLINK_IO_LOOP_H
#define CELLINK_IO_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define EV_READ  0x1
#define EV_WRITE 0x2
#define EV_ERROR 0x4    /* hang-up or error on the descriptor (revents only) */

struct ev_loop;

struct ev_fd {
	int fd;
	void (*cb)(struct ev_fd *h, unsigned revents);
	unsigned events;
	bool registered;
};

struct ev_timer {
	void (*cb)(struct ev_timer *t);
	uint64_t due;           /* monotonic ms */
	bool pending;
	struct ev_timer *next;
};

/* Work to finish on the next turn of the loop, after the descriptors that
 * are ready then have been served: how a handler bounds its work per turn
 * (ev_defer) without starving the others. */
struct ev_defer {
	void (*cb)(struct ev_defer *d);
	bool pending;
	uint64_t turn;          /* the turn it was queued in */
	struct ev_defer *next;
};

struct ev_signal {
	int signo;
	void (*cb)(struct ev_signal *s);
	struct ev_signal *next;
};

struct ev_loop {
	int epfd;
	int sigfd;
	bool stop;
	sigset_t sigmask;
	sigset_t old_mask;
	struct ev_timer *timers;        /* sorted by due */
	struct ev_signal *signals;
	struct ev_defer *deferred;      /* in the order queued */
	uint64_t turn;                  /* ev_run_once calls so far */
	struct ev_fd sig_handle;
	/* the caller's clock (ev_loop_set_clock), or NULL for CLOCK_MONOTONIC */
	uint64_t (*now_ms)(void *p);
	void *now_p;
};

int ev_loop_init(struct ev_loop *l);
/* Timers run on the caller's clock from now on: now_ms(p) in milliseconds,
 * never going back. Such a clock is taken as virtual: the loop never sleeps
 * for a timer, it fires the timers that are due by that clock whenever it
 * runs, so a test moves time forward and then calls ev_run_once(l, 0).
 * now_ms == NULL returns to the monotonic clock. */
void ev_loop_set_clock(struct ev_loop *l, uint64_t (*now_ms)(void *p), void *p);
/* The loop's time: the caller's clock, or the monotonic one. */
uint64_t ev_loop_now(const struct ev_loop *l);
/* Closes the loop's own descriptors and restores the signal mask. Handles
 * still registered are simply forgotten (their fds are the caller's). */
void ev_loop_free(struct ev_loop *l);

int ev_fd_add(struct ev_loop *l, struct ev_fd *h, unsigned events);
int ev_fd_mod(struct ev_loop *l, struct ev_fd *h, unsigned events);
void ev_fd_del(struct ev_loop *l, struct ev_fd *h);

/* (Re)arms t to fire once, ms from now (by the loop's clock). */
void ev_timer_set(struct ev_loop *l, struct ev_timer *t, uint64_t ms);
void ev_timer_cancel(struct ev_loop *l, struct ev_timer *t);
/* Milliseconds until t fires, or -1 when not pending. */
int64_t ev_timer_remaining(const struct ev_loop *l, const struct ev_timer *t);

/* Queues d to run once on the next turn: that turn does not sleep, serves
 * the descriptors ready then, then runs d (before the timers). Queueing a
 * pending d again does nothing; one queued from its own callback waits for
 * the turn after. */
void ev_defer(struct ev_loop *l, struct ev_defer *d);
void ev_defer_cancel(struct ev_loop *l, struct ev_defer *d);

/* Blocks signo and delivers it to s->cb from the loop. */
int ev_signal_add(struct ev_loop *l, struct ev_signal *s, int signo);

/* Runs until ev_stop(). */
int ev_run(struct ev_loop *l);
/* Waits at most timeout_ms (-1: no bound) and dispatches what is ready. */
int ev_run_once(struct ev_loop *l, int timeout_ms);
void ev_stop(struct ev_loop *l);

/* CLOCK_MONOTONIC in milliseconds: for bounds on waiting for an event, not
 * for timers (those follow the loop's clock). */
uint64_t ev_now_ms(void);

#endif
