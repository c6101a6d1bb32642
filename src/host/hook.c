#include "host/hook.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/util.h"
#include "conn/conn_exit.h"

extern char **environ;

#define HOOK_MAX_VARS 24

struct env {
	char *vars[HOOK_MAX_VARS];
	int n;
};

static void env_set(struct env *e, const char *key, const char *value)
{
	if (e->n == HOOK_MAX_VARS || !value)
		return;
	size_t len = strlen(key) + strlen(value) + 2;
	char *v = malloc(len);
	if (!v)
		return;
	snprintf(v, len, "%s=%s", key, value);
	e->vars[e->n++] = v;
}

static void env_set_u(struct env *e, const char *key, unsigned long value)
{
	char num[24];
	snprintf(num, sizeof(num), "%lu", value);
	env_set(e, key, num);
}

static void env_free(struct env *e)
{
	for (int i = 0; i < e->n; i++)
		free(e->vars[i]);
	e->n = 0;
}

/* The environment of a hook: ours, then the inherited variables that ours
 * do not replace. */
static char **build_envp(struct env *e)
{
	size_t inherited = 0;
	for (char **p = environ; *p; p++)
		inherited++;
	char **envp = calloc(inherited + (size_t)e->n + 1, sizeof(*envp));
	if (!envp)
		return NULL;
	size_t k = 0;
	for (char **p = environ; *p; p++) {
		/* the password never reaches a hook; our variables replace theirs */
		bool drop = !strncmp(*p, "CELLINK_PASSWORD=", 17);
		for (int i = 0; i < e->n && !drop; i++) {
			size_t klen = (size_t)(strchr(e->vars[i], '=') - e->vars[i]) + 1;
			drop = !strncmp(*p, e->vars[i], klen);
		}
		if (!drop)
			envp[k++] = *p;
	}
	for (int i = 0; i < e->n; i++)
		envp[k++] = e->vars[i];
	envp[k] = NULL;
	return envp;
}

/* Starts program with one argument; returns the child's pid or -errno. */
static pid_t spawn(const char *program, const char *event, struct env *e)
{
	char **envp = build_envp(e);
	if (!envp)
		return -ENOMEM;
	pid_t pid = fork();
	if (pid < 0) {
		int err = -errno;
		free(envp);
		return err;
	}
	if (pid == 0) {
		sigset_t none;          /* the loop blocks signals: the hook gets a clean mask */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		char *argv[] = { (char *)program, (char *)event, NULL };
		execve(program, argv, envp);
		_exit(127);
	}
	free(envp);
	return pid;
}

static int exit_result(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}

/* Waits for pid at most ms (then kills it). For hooks run without a loop,
 * and at exit. */
static int wait_child(pid_t pid, int ms)
{
	int status = 0;
	for (int waited = 0;; waited += 10) {
		pid_t r = waitpid(pid, &status, waited < ms ? WNOHANG : 0);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (waited >= ms) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -ETIMEDOUT;
		}
		poll(NULL, 0, 10);
	}
	return exit_result(status);
}

struct hook_job {
	struct hook_job *next;
	char event[8];
	struct env e;
};

static void start_next(struct cli_hook *hk);

static void job_finished(struct cli_hook *hk, int result)
{
	struct hook_job *j = hk->queue;
	hk->queue = j->next;
	if (!hk->queue)
		hk->tail = NULL;
	if (hk->pidfd.fd >= 0) {
		ev_fd_del(hk->loop, &hk->pidfd);
		close(hk->pidfd.fd);
		hk->pidfd.fd = -1;
	}
	ev_timer_cancel(hk->loop, &hk->limit);
	ev_timer_cancel(hk->loop, &hk->poll);
	hk->pid = 0;
	if (hk->done)
		hk->done(hk, j->event, result);
	env_free(&j->e);
	free(j);
	start_next(hk);
}

/* Reaps the child if it has ended; true when it had. */
static bool reap(struct cli_hook *hk)
{
	int status = 0;
	pid_t r = waitpid(hk->pid, &status, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	job_finished(hk, r < 0 ? -errno : hk->killed ? -ETIMEDOUT : exit_result(status));
	return true;
}

static void on_pidfd(struct ev_fd *h, unsigned revents)
{
	(void)revents;
	reap(container_of(h, struct cli_hook, pidfd));
}

static void on_poll(struct ev_timer *t)
{
	struct cli_hook *hk = container_of(t, struct cli_hook, poll);
	if (!reap(hk))
		ev_timer_set(hk->loop, &hk->poll, 20);
}

static void on_limit(struct ev_timer *t)
{
	struct cli_hook *hk = container_of(t, struct cli_hook, limit);
	hk->killed = true;
	kill(hk->pid, SIGKILL);         /* the pidfd (or the poll) reaps it */
}

static void start_next(struct cli_hook *hk)
{
	while (hk->queue && !hk->pid) {
		struct hook_job *j = hk->queue;
		pid_t pid = spawn(hk->program, j->event, &j->e);
		if (pid < 0) {
			job_finished(hk, pid);
			return;         /* job_finished went on with the next one */
		}
		hk->pid = pid;
		hk->killed = false;
		ev_timer_set(hk->loop, &hk->limit, CLI_HOOK_LIMIT_MS);
		hk->pidfd.fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (hk->pidfd.fd >= 0 && ev_fd_add(hk->loop, &hk->pidfd, EV_READ) == 0)
			return;
		if (hk->pidfd.fd >= 0)
			close(hk->pidfd.fd);
		hk->pidfd.fd = -1;      /* before Linux 5.3: look every 20 ms */
		ev_timer_set(hk->loop, &hk->poll, 20);
	}
}

void cli_hook_attach(struct cli_hook *hk, struct ev_loop *loop,
		     void (*done)(struct cli_hook *hk, const char *event, int result))
{
	hk->loop = loop;
	hk->done = done;
	hk->queue = hk->tail = NULL;
	hk->pid = 0;
	hk->pidfd.fd = -1;
	hk->pidfd.cb = on_pidfd;
	hk->limit.cb = on_limit;
	hk->poll.cb = on_poll;
}

void cli_hook_finish(struct cli_hook *hk)
{
	if (!hk->loop)
		return;
	while (hk->queue) {
		if (!hk->pid) {
			pid_t pid = spawn(hk->program, hk->queue->event, &hk->queue->e);
			if (pid < 0) {
				job_finished(hk, pid);
				continue;
			}
			hk->pid = pid;
			hk->killed = false;
			ev_timer_set(hk->loop, &hk->limit, CLI_HOOK_LIMIT_MS);
		}
		int64_t left = ev_timer_remaining(hk->loop, &hk->limit);
		int r = wait_child(hk->pid, left > 0 ? (int)left : 0);
		hk->pid = 0;            /* reaped: job_finished must not start another now */
		struct hook_job *j = hk->queue;
		hk->queue = j->next;
		if (!hk->queue)
			hk->tail = NULL;
		if (hk->pidfd.fd >= 0) {
			ev_fd_del(hk->loop, &hk->pidfd);
			close(hk->pidfd.fd);
			hk->pidfd.fd = -1;
		}
		ev_timer_cancel(hk->loop, &hk->limit);
		ev_timer_cancel(hk->loop, &hk->poll);
		if (hk->done)
			hk->done(hk, j->event, r);
		env_free(&j->e);
		free(j);
	}
	hk->loop = NULL;
}

/* Runs the hook now (no loop) or queues it (attached). */
static int run(struct cli_hook *hk, const char *event, struct env *e)
{
	if (!hk->loop) {
		pid_t pid = spawn(hk->program, event, e);
		int r = pid < 0 ? pid : wait_child(pid, CLI_HOOK_LIMIT_MS);
		env_free(e);
		return r;
	}
	struct hook_job *j = calloc(1, sizeof(*j));
	if (!j) {
		env_free(e);
		return -ENOMEM;
	}
	snprintf(j->event, sizeof(j->event), "%s", event);
	j->e = *e;              /* the job owns the variables now */
	e->n = 0;
	if (hk->tail)
		hk->tail->next = j;
	else
		hk->queue = j;
	hk->tail = j;
	start_next(hk);
	return 0;
}

int cli_hook_link(struct cli_hook *hk, const char *event, const char *ifname,
		  const struct conn_status *st)
{
	if (!hk->program)
		return 0;
	struct env e = { .n = 0 };
	struct strbuf dns;
	sb_init(&dns);
	env_set(&e, "CELLINK_NAME", hk->name ? hk->name : ifname);
	env_set(&e, "CELLINK_IFNAME", ifname);
	static const char *const fam[2] = { "IPV4", "IPV6" };
	uint32_t mtu = 0;
	for (int i = 0; i < 2 && st; i++) {
		const struct conn_ip *ip = &st->sess[i].ip;
		if (!st->sess[i].up || !ip->valid)
			continue;
		char key[32];
		snprintf(key, sizeof(key), "CELLINK_%s_ADDRESS", fam[i]);
		env_set(&e, key, ip->addr);
		snprintf(key, sizeof(key), "CELLINK_%s_PREFIX", fam[i]);
		env_set_u(&e, key, ip->prefix);
		if (ip->gateway[0]) {
			snprintf(key, sizeof(key), "CELLINK_%s_GATEWAY", fam[i]);
			env_set(&e, key, ip->gateway);
		}
		for (int d = 0; d < 2; d++)
			if (ip->dns[d][0]) {
				if (dns.len)
					sb_putc(&dns, ' ');
				sb_puts(&dns, ip->dns[d]);
			}
		if (ip->mtu && (!mtu || ip->mtu < mtu))
			mtu = ip->mtu;
	}
	env_set(&e, "CELLINK_DNS", sb_str(&dns));
	if (mtu)
		env_set_u(&e, "CELLINK_MTU", mtu);
	int r = run(hk, event, &e);
	env_free(&e);
	sb_free(&dns);
	return r;
}

int cli_hook_error(struct cli_hook *hk, const char *ifname, int exit_status)
{
	if (!hk->program)
		return 0;
	struct env e = { .n = 0 };
	env_set(&e, "CELLINK_NAME", hk->name ? hk->name : ifname);
	env_set(&e, "CELLINK_IFNAME", ifname);
	env_set(&e, "CELLINK_ERROR", conn_exit_name(exit_status));
	env_set(&e, "CELLINK_ERROR_MESSAGE", conn_exit_text(exit_status));
	/* retrying cannot mend these: a locked SIM (and every retry would use
	 * a PIN attempt), a kernel without raw-ip, a bad configuration */
	bool retry = exit_status != CONN_EXIT_SIM_LOCKED && exit_status != CONN_EXIT_NO_RAW_IP &&
		     exit_status != CONN_EXIT_USAGE;
	env_set(&e, "CELLINK_RETRY", retry ? "1" : "0");
	int r = run(hk, "error", &e);
	env_free(&e);
	return r;
}

int cli_hook_sms(struct cli_hook *hk, const char *ifname, const struct cli_hook_sms *sms)
{
	if (!hk->program)
		return 0;
	struct env e = { .n = 0 };
	env_set(&e, "CELLINK_NAME", hk->name ? hk->name : ifname);
	env_set(&e, "CELLINK_IFNAME", ifname);
	env_set(&e, "CELLINK_SMS_FROM", sms->from);
	env_set(&e, "CELLINK_SMS_TEXT", sms->text);
	env_set(&e, "CELLINK_SMS_TIME", sms->time);
	env_set_u(&e, "CELLINK_SMS_PARTS", sms->parts);
	env_set(&e, "CELLINK_SMS_COMPLETE", sms->complete ? "1" : "0");
	env_set(&e, "CELLINK_SMS_STORAGE", sms->storage);
	env_set(&e, "CELLINK_SMS_INDEXES", sms->indexes);
	int r = run(hk, "sms", &e);
	env_free(&e);
	return r;
}
