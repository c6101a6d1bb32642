#include "io/loop.h"
#include "common/util.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

uint64_t ev_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void ev_loop_set_clock(struct ev_loop *l, uint64_t (*now_ms)(void *p), void *p)
{
	l->now_ms = now_ms;
	l->now_p = p;
}

uint64_t ev_loop_now(const struct ev_loop *l)
{
	return l->now_ms ? l->now_ms(l->now_p) : ev_now_ms();
}

int ev_loop_init(struct ev_loop *l)
{
	memset(l, 0, sizeof(*l));
	l->sigfd = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -errno;
	sigemptyset(&l->sigmask);
	sigprocmask(SIG_BLOCK, NULL, &l->old_mask);
	return 0;
}

void ev_loop_free(struct ev_loop *l)
{
	if (l->sigfd >= 0) {
		close(l->sigfd);
		sigprocmask(SIG_SETMASK, &l->old_mask, NULL);
	}
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = l->sigfd = -1;
	l->timers = NULL;
	l->signals = NULL;
	l->deferred = NULL;
}

static uint32_t to_epoll(unsigned ev)
{
	return (ev & EV_READ ? EPOLLIN : 0) | (ev & EV_WRITE ? EPOLLOUT : 0);
}

int ev_fd_add(struct ev_loop *l, struct ev_fd *h, unsigned events)
{
	struct epoll_event e = { .events = to_epoll(events), .data.ptr = h };
	if (h->registered)
		return ev_fd_mod(l, h, events);
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, h->fd, &e) < 0)
		return -errno;
	h->events = events;
	h->registered = true;
	return 0;
}

int ev_fd_mod(struct ev_loop *l, struct ev_fd *h, unsigned events)
{
	struct epoll_event e = { .events = to_epoll(events), .data.ptr = h };
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, h->fd, &e) < 0)
		return -errno;
	h->events = events;
	return 0;
}

void ev_fd_del(struct ev_loop *l, struct ev_fd *h)
{
	if (!h->registered)
		return;
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, h->fd, NULL);
	h->registered = false;
}

void ev_timer_cancel(struct ev_loop *l, struct ev_timer *t)
{
	if (!t->pending)
		return;
	for (struct ev_timer **pp = &l->timers; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->pending = false;
	t->next = NULL;
}

void ev_timer_set(struct ev_loop *l, struct ev_timer *t, uint64_t ms)
{
	ev_timer_cancel(l, t);
	t->due = ev_loop_now(l) + ms;
	struct ev_timer **pp = &l->timers;
	while (*pp && (*pp)->due <= t->due)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->pending = true;
}

int64_t ev_timer_remaining(const struct ev_loop *l, const struct ev_timer *t)
{
	if (!t->pending)
		return -1;
	uint64_t now = ev_loop_now(l);
	return t->due > now ? (int64_t)(t->due - now) : 0;
}

void ev_defer(struct ev_loop *l, struct ev_defer *d)
{
	if (d->pending)
		return;
	d->pending = true;
	d->turn = l->turn;
	d->next = NULL;
	struct ev_defer **pp = &l->deferred;
	while (*pp)
		pp = &(*pp)->next;
	*pp = d;
}

void ev_defer_cancel(struct ev_loop *l, struct ev_defer *d)
{
	if (!d->pending)
		return;
	for (struct ev_defer **pp = &l->deferred; *pp; pp = &(*pp)->next)
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	d->pending = false;
	d->next = NULL;
}

/* Runs what earlier turns queued; what these callbacks queue waits. */
static void run_deferred(struct ev_loop *l)
{
	while (l->deferred && l->deferred->turn < l->turn && !l->stop) {
		struct ev_defer *d = l->deferred;
		l->deferred = d->next;
		d->next = NULL;
		d->pending = false;
		d->cb(d);
	}
}

static void sig_ready(struct ev_fd *h, unsigned revents)
{
	struct ev_loop *l = container_of(h, struct ev_loop, sig_handle);
	struct signalfd_siginfo si;
	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		for (struct ev_signal *s = l->signals; s; s = s->next)
			if ((uint32_t)s->signo == si.ssi_signo)
				s->cb(s);
}

int ev_signal_add(struct ev_loop *l, struct ev_signal *s, int signo)
{
	s->signo = signo;
	sigaddset(&l->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigmask, NULL) < 0)
		return -errno;
	int fd = signalfd(l->sigfd, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (l->sigfd < 0) {
		l->sigfd = fd;
		l->sig_handle.fd = fd;
		l->sig_handle.cb = sig_ready;
		int r = ev_fd_add(l, &l->sig_handle, EV_READ);
		if (r)
			return r;
	}
	s->next = l->signals;
	l->signals = s;
	return 0;
}

static void run_timers(struct ev_loop *l)
{
	uint64_t now = ev_loop_now(l);
	/* Fire only timers due now; ones a callback re-arms wait for the next turn. */
	while (l->timers && l->timers->due <= now && !l->stop) {
		struct ev_timer *t = l->timers;
		l->timers = t->next;
		t->next = NULL;
		t->pending = false;
		t->cb(t);
	}
}

int ev_run_once(struct ev_loop *l, int timeout_ms)
{
	struct epoll_event evs[16];
	int wait = timeout_ms;
	l->turn++;
	if (l->deferred)
		wait = 0;       /* work left from an earlier turn: only look */
	else if (l->timers) {
		int64_t rem = ev_timer_remaining(l, l->timers);
		/* a caller's clock does not move while we sleep: only a timer
		 * already due shortens the wait */
		if (l->now_ms && rem > 0)
			rem = wait;
		if (rem >= 0 && (wait < 0 || rem < wait))
			wait = (int)(rem > 60000 ? 60000 : rem);
	}
	int n = epoll_wait(l->epfd, evs, 16, wait);
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		return -errno;
	}
	for (int i = 0; i < n && !l->stop; i++) {
		struct ev_fd *h = evs[i].data.ptr;
		unsigned re = (evs[i].events & EPOLLIN ? EV_READ : 0) |
			      (evs[i].events & EPOLLOUT ? EV_WRITE : 0) |
			      (evs[i].events & (EPOLLERR | EPOLLHUP) ? EV_ERROR : 0);
		/* a callback earlier in this batch may have removed h */
		if (h->registered)
			h->cb(h, re);
	}
	run_deferred(l);
	run_timers(l);
	return 0;
}

int ev_run(struct ev_loop *l)
{
	l->stop = false;
	while (!l->stop) {
		int r = ev_run_once(l, -1);
		if (r < 0)
			return r;
	}
	return 0;
}

void ev_stop(struct ev_loop *l)
{
	l->stop = true;
}
