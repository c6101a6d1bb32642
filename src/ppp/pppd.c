/* Starting, watching and reaping pppd; see pppd.h. */
#include "ppp/pppd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "common/util.h"

#define KILL_AFTER_MS 5000
#define REAP_POLL_MS 20

/* One option value in pppd's options-file syntax: quoted, with backslash
 * before quotes and backslashes. Control characters are refused. */
static int put_quoted(FILE *f, const char *key, const char *v)
{
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -EINVAL;
	fprintf(f, "%s%s\"", key, key[0] ? " " : "");
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputs("\"\n", f);
	return 0;
}

int pppd_write_options(const struct pppd_conf *c, const char *dir, char *path, size_t cap,
		       char *why, size_t wcap)
{
	if (snprintf(path, cap, "%s/options", dir) >= (int)cap) {
		snprintf(why, wcap, "runtime directory path too long");
		return -ENAMETOOLONG;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		snprintf(why, wcap, "cannot create %s: %s", path, strerror(e));
		return -e;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	int r = 0;
	fputs("# Written by cellink for one pppd run; removed when pppd ends.\n", f);
	r |= put_quoted(f, "", c->tty) ? -1 : 0;        /* device name on its own */
	if (c->baud)
		fprintf(f, "%u\n", c->baud);
	fputs("nodetach\nnoauth\nnoipdefault\nmaxfail 1\n", f);
	fputs(c->local ? "local\n" : "modem\n", f);
	fputs(c->usepeerdns ? "usepeerdns\n" : "", f);
	fputs(c->defaultroute ? "defaultroute\n" : "nodefaultroute\n", f);
	if (c->defaultroute && c->metric >= 0)  /* beside the host's own (pppd 2.4.8) */
		fprintf(f, "defaultroute-metric %d\n", c->metric);
	if (c->lcp_echo_interval) {
		fprintf(f, "lcp-echo-interval %u\n", c->lcp_echo_interval);
		fprintf(f, "lcp-echo-failure %u\n", c->lcp_echo_failure ? c->lcp_echo_failure : 3);
	}
	if (c->ip == PPP_IP_V6)
		fputs("noip\n+ipv6\n", f);
	else if (c->ip == PPP_IP_V4V6)
		fputs("+ipv6\n", f);
	if (c->unit >= 0)
		fprintf(f, "unit %d\n", c->unit);
	if (c->ipparam && put_quoted(f, "ipparam", c->ipparam))
		r = -EINVAL;
	if (c->user && put_quoted(f, "user", c->user))
		r = -EINVAL;
	if (c->password && put_quoted(f, "password", c->password))
		r = -EINVAL;
	if (c->debug)
		fputs("debug\n", f);
	if (c->extra_file && put_quoted(f, "file", c->extra_file))
		r = -EINVAL;
	if (fflush(f) || ferror(f))
		r = r ? r : -EIO;
	fclose(f);
	if (r < 0) {
		unlink(path);
		snprintf(why, wcap, "a pppd option (port, user, password or ipparam) holds a control character");
	}
	return r;
}

/* Is prog runnable (as given, or found in PATH)? */
static bool runnable(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		char full[512];
		if (n && snprintf(full, sizeof full, "%.*s/%s", (int)n, path, prog) < (int)sizeof full &&
		    access(full, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

static int make_private_dir(const char *parent, char *dir, size_t cap, char *why, size_t wcap)
{
	const char *bases[3] = { parent ? parent : "/run/cellink", getenv("TMPDIR"), "/tmp" };
	int e = 0;
	for (size_t i = 0; i < ARRAY_SIZE(bases); i++) {
		if (!bases[i] || !bases[i][0])
			continue;
		if (mkdir(bases[i], 0755) < 0 && errno != EEXIST) {
			e = errno;
			continue;
		}
		if (snprintf(dir, cap, "%s/ppp-XXXXXX", bases[i]) >= (int)cap)
			continue;
		if (mkdtemp(dir))       /* mode 0700 */
			return 0;
		e = errno;
		if (parent)
			break;  /* an explicit directory is not replaced silently */
	}
	snprintf(why, wcap, "cannot create a private runtime directory under %s: %s",
		 parent ? parent : "/run/cellink", strerror(e ? e : EACCES));
	dir[0] = 0;
	return -(e ? e : EACCES);
}

static void finish_exit(struct pppd *p)
{
	if (p->exited)
		return;
	p->exited = true;
	ev_timer_cancel(p->loop, &p->t);
	if (p->out.registered)
		ev_fd_del(p->loop, &p->out);
	if (p->out.fd >= 0)
		close(p->out.fd);
	p->out.fd = -1;
	p->pid = 0;
	if (p->on_exit)
		p->on_exit(p, p->status);
}

static bool try_reap(struct pppd *p)
{
	int st;
	pid_t r = waitpid(p->pid, &st, WNOHANG);
	if (r == 0)
		return false;
	if (r < 0)
		p->status = -SIGKILL;   /* reaped elsewhere: unknown */
	else if (WIFEXITED(st))
		p->status = WEXITSTATUS(st);
	else
		p->status = WIFSIGNALED(st) ? -WTERMSIG(st) : -SIGKILL;
	return true;
}

static void on_timer(struct ev_timer *t)
{
	struct pppd *p = container_of(t, struct pppd, t);
	if (p->exited || !p->pid)
		return;
	if (try_reap(p)) {
		finish_exit(p);
		return;
	}
	if (p->term_sent && !p->eof) {
		kill(p->pid, SIGKILL);  /* SIGTERM was not enough */
		p->eof = true;
	}
	ev_timer_set(p->loop, &p->t, REAP_POLL_MS);
}

static void handle_line(struct pppd *p, const char *line)
{
	enum pppd_line k = pppd_parse_line(line, &p->info);
	if (p->on_line)
		p->on_line(p, line);
	bool up = k == PPPD_L_REMOTE4 || (k == PPPD_L_REMOTE6 && p->info.local6[0]);
	if (up && !p->up) {
		p->up = true;
		if (p->on_up)
			p->on_up(p);
	}
}

static void on_output(struct ev_fd *h, unsigned revents)
{
	struct pppd *p = container_of(h, struct pppd, out);
	char buf[1024];
	for (;;) {
		ssize_t n = read(h->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];
			if (c == '\n' || p->llen == sizeof p->line - 1) {
				p->line[p->llen] = 0;
				if (p->llen)
					handle_line(p, p->line);
				p->llen = 0;
				if (c == '\n')
					continue;
			}
			if (c != '\r')
				p->line[p->llen++] = c;
		}
		if (p->exited)
			return;
	}
	/* EOF: pppd is gone (or going); reap it */
	if (p->llen) {
		p->line[p->llen] = 0;
		handle_line(p, p->line);
		p->llen = 0;
	}
	ev_fd_del(p->loop, &p->out);
	close(p->out.fd);
	p->out.fd = -1;
	p->eof = true;
	if (try_reap(p))
		finish_exit(p);
	else
		ev_timer_set(p->loop, &p->t, REAP_POLL_MS);
}

static void rm_private_dir(struct pppd *p)
{
	if (!p->dir[0])
		return;
	DIR *d = opendir(p->dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				char f[600];
				snprintf(f, sizeof f, "%s/%s", p->dir, e->d_name);
				unlink(f);
			}
		closedir(d);
	}
	rmdir(p->dir);
	p->dir[0] = 0;
}

static __attribute__((noreturn)) void child(const struct pppd_conf *c, const char *opts, int out)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);  /* the loop blocks signals for signalfd */
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	setsid();       /* the terminal's ^C is for cellink, which then stops pppd */
	int nul = open("/dev/null", O_RDWR);
	if (nul >= 0)
		dup2(nul, 0);
	dup2(out, 1);
	dup2(out, 2);
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 1024); fd++)
		close(fd);
	const char *path = getenv("PATH");
	char envpath[1024];
	snprintf(envpath, sizeof envpath, "PATH=%s", path ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
	char *envp[] = { envpath, NULL };
	const char *prog = c->pppd ? c->pppd : "pppd";
	char *argv[] = { (char *)prog, (char *)"file", (char *)opts, NULL };
	execvpe(prog, argv, envp);
	dprintf(1, "cannot run %s: %s\n", prog, strerror(errno));
	_exit(127);
}

int pppd_start(struct pppd *p, struct ev_loop *l, const struct pppd_conf *c, char *why, size_t cap)
{
	memset(p, 0, offsetof(struct pppd, user));
	p->loop = l;
	p->out.fd = -1;
	p->t.cb = on_timer;
	const char *prog = c->pppd ? c->pppd : "pppd";
	if (!runnable(prog)) {
		snprintf(why, cap, "%s not found or not executable (install the ppp package, or give --pppd PATH)",
			 prog);
		return -ENOENT;
	}
	int r = make_private_dir(c->runtime_dir, p->dir, sizeof p->dir, why, cap);
	if (r < 0)
		return r;
	r = pppd_write_options(c, p->dir, p->opts, sizeof p->opts, why, cap);
	if (r < 0) {
		rm_private_dir(p);
		return r;
	}
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		r = -errno;
		snprintf(why, cap, "pipe: %s", strerror(-r));
		rm_private_dir(p);
		return r;
	}
	pid_t pid = fork();
	if (pid < 0) {
		r = -errno;
		snprintf(why, cap, "fork: %s", strerror(-r));
		close(pipefd[0]);
		close(pipefd[1]);
		rm_private_dir(p);
		return r;
	}
	if (pid == 0)
		child(c, p->opts, pipefd[1]);
	close(pipefd[1]);
	p->pid = pid;
	fcntl(pipefd[0], F_SETFL, fcntl(pipefd[0], F_GETFL) | O_NONBLOCK);
	p->out.fd = pipefd[0];
	p->out.cb = on_output;
	r = ev_fd_add(l, &p->out, EV_READ);
	if (r < 0) {
		/* cannot watch it: do not leave it unsupervised */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(p->out.fd);
		p->out.fd = -1;
		p->pid = 0;
		rm_private_dir(p);
		snprintf(why, cap, "cannot watch pppd: %s", strerror(-r));
		return r;
	}
	return 0;
}

bool pppd_running(const struct pppd *p)
{
	return p->pid > 0 && !p->exited;
}

void pppd_stop(struct pppd *p)
{
	if (!pppd_running(p) || p->term_sent)
		return;
	p->term_sent = true;
	kill(p->pid, SIGTERM);
	ev_timer_set(p->loop, &p->t, KILL_AFTER_MS);
}

void pppd_cleanup(struct pppd *p)
{
	if (pppd_running(p)) {
		p->on_exit = NULL;
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
		p->status = -SIGKILL;
		finish_exit(p);
	}
	ev_timer_cancel(p->loop, &p->t);
	rm_private_dir(p);
}
