/* cellink-sim's PPP peer: pppd in server mode on the data-mode line. */
#include "sim/at_ppp.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/util.h"

#define MAX_ARGS 64

static void finish(struct sim_ppp_server *p, int status)
{
	ev_timer_cancel(p->loop, &p->t);
	if (p->h.registered)
		ev_fd_del(p->loop, &p->h);
	if (p->h.fd >= 0)
		close(p->h.fd);
	p->h.fd = -1;
	p->pid = 0;
	p->status = status;
	if (p->on_end)
		p->on_end(p->ctx, status);
}

static bool reap(struct sim_ppp_server *p)
{
	int st;
	pid_t r = waitpid(p->pid, &st, WNOHANG);
	if (r == 0)
		return false;
	finish(p, r < 0 ? -ECHILD : WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
	return true;
}

static void on_timer(struct ev_timer *t)
{
	struct sim_ppp_server *p = container_of(t, struct sim_ppp_server, t);
	if (p->pid > 0 && !reap(p))
		ev_timer_set(p->loop, &p->t, 20);
}

static void on_log(struct ev_fd *h, unsigned revents)
{
	struct sim_ppp_server *p = container_of(h, struct sim_ppp_server, h);
	char buf[512];
	ssize_t n;
	while ((n = read(h->fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || p->llen == sizeof p->line - 1) {
				p->line[p->llen] = 0;
				if (p->llen && p->log)
					p->log(p->ctx, p->line);
				p->llen = 0;
			} else if (buf[i] != '\r') {
				p->line[p->llen++] = buf[i];
			}
		}
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	/* EOF: pppd ended */
	ev_fd_del(p->loop, &p->h);
	close(p->h.fd);
	p->h.fd = -1;
	if (!reap(p))
		ev_timer_set(p->loop, &p->t, 20);
}

static __attribute__((noreturn)) void child(int fd, int logfd, const struct sim_ppp_server_cfg *c)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	if (c->netns && c->netns[0]) {
		char path[160];
		snprintf(path, sizeof path, "/run/netns/%s", c->netns);
		int ns = open(path, O_RDONLY | O_CLOEXEC);
		if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
			dprintf(logfd, "cannot enter netns %s: %s\n", c->netns, strerror(errno));
			_exit(126);
		}
	}
	dup2(fd, 0);    /* O_NONBLOCK is shared with the emulator: leave it */
	dup2(fd, 1);
	dup2(logfd, 2);
	for (int i = 3; i < 1024; i++)
		close(i);
	char addrs[64], *argv[MAX_ARGS], extra[512];
	int n = 0;
	argv[n++] = (char *)(c->pppd ? c->pppd : "pppd");
	static const char *const fixed[] = { "notty", "nodetach", "noauth", "local", "logfd", "2",
					     "silent", "nodefaultroute", "noipdefault", "nopersist",
					     "lcp-echo-interval", "2", "lcp-echo-failure", "4" };
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		argv[n++] = (char *)fixed[i];
	snprintf(addrs, sizeof addrs, "%s:%s", c->local4, c->peer4);
	argv[n++] = addrs;
	if (c->dns1 && c->dns1[0]) {
		argv[n++] = (char *)"ms-dns";
		argv[n++] = (char *)c->dns1;
	}
	if (c->dns2 && c->dns2[0]) {
		argv[n++] = (char *)"ms-dns";
		argv[n++] = (char *)c->dns2;
	}
	if (c->ipv6)
		argv[n++] = (char *)"+ipv6";
	if (c->extra) {
		snprintf(extra, sizeof extra, "%s", c->extra);
		for (char *save, *tok = strtok_r(extra, " \t", &save); tok && n < MAX_ARGS - 1;
		     tok = strtok_r(NULL, " \t", &save))
			argv[n++] = tok;
	}
	argv[n] = NULL;
	execvp(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int sim_ppp_server_start(struct sim_ppp_server *p, struct ev_loop *l, int fd,
			 const struct sim_ppp_server_cfg *c)
{
	p->loop = l;
	p->pid = 0;
	p->llen = 0;
	p->h.fd = -1;
	p->t.cb = on_timer;
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pfd[0]);
		close(pfd[1]);
		return -e;
	}
	if (pid == 0)
		child(fd, pfd[1], c);
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, fcntl(pfd[0], F_GETFL) | O_NONBLOCK);
	p->pid = pid;
	p->h.fd = pfd[0];
	p->h.cb = on_log;
	int r = ev_fd_add(l, &p->h, EV_READ);
	if (r < 0) {
		sim_ppp_server_kill(p);
		return r;
	}
	return 0;
}

bool sim_ppp_server_running(const struct sim_ppp_server *p)
{
	return p->pid > 0;
}

void sim_ppp_server_hangup(struct sim_ppp_server *p)
{
	if (p->pid > 0)
		kill(p->pid, SIGTERM);
}

void sim_ppp_server_kill(struct sim_ppp_server *p)
{
	if (!p->loop)
		return;         /* never started */
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
	}
	p->on_end = NULL;
	if (p->pid > 0 || p->h.fd >= 0)
		finish(p, -SIGKILL);
}
