/* Running a resolver's command-line tool (resolvectl, busctl, resolvconf):
 * found in PATH, bounded in time, with an environment of PATH only, so that
 * no secret of ours reaches it. */
#include "net/net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NET_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *search_path(void)
{
	const char *p = getenv("PATH");
	return p && p[0] ? p : NET_DEFAULT_PATH;
}

int net_find_program(const char *name, char *out, size_t cap)
{
	const char *p = search_path();
	while (*p) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		/* relative entries (".", "") would run whatever is in our cwd */
		if (len && p[0] == '/') {
			int w = snprintf(out, cap, "%.*s/%s", (int)len, p, name);
			struct stat st;
			if (w > 0 && (size_t)w < cap && stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
			    access(out, X_OK) == 0)
				return 0;
		}
		p += len;
		if (*p == ':')
			p++;
	}
	if (cap)
		out[0] = 0;
	return -ENOENT;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void write_all(int fd, const char *p, size_t len)
{
	/* a program that exits without reading must not kill us with SIGPIPE */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		len -= (size_t)w;
	}
	sigaction(SIGPIPE, &old, NULL);
}

static int pidfd_of(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* Reads what is there into out (cut to cap); true when nothing more will
 * come (end of file, or an error). */
static bool drain(int fd, char *out, size_t cap, size_t *used)
{
	char buf[256];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno != EAGAIN;
		if (n == 0)
			return true;
		size_t take = cap > *used + 1 ? cap - *used - 1 : 0;
		if (take > (size_t)n)
			take = (size_t)n;
		if (take)
			memcpy(out + *used, buf, take);
		*used += take;
	}
}

int net_run(const char *path, const char *const argv[], const char *input, char *out, size_t cap)
{
	int in[2], outp[2];
	if (cap)
		out[0] = 0;
	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(outp, O_CLOEXEC) < 0) {
		int e = errno;
		close(in[0]);
		close(in[1]);
		return -e;
	}
	char env_path[1024];
	snprintf(env_path, sizeof(env_path), "PATH=%s", search_path());
	char *const envp[] = { env_path, (char *)"LC_ALL=C", NULL };
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(in[0]);
		close(in[1]);
		close(outp[0]);
		close(outp[1]);
		return -e;
	}
	if (pid == 0) {
		/* dup2 clears close-on-exec on the copies only */
		if (dup2(in[0], 0) < 0 || dup2(outp[1], 1) < 0 || dup2(outp[1], 2) < 0)
			_exit(127);
		execve(path, (char *const *)argv, envp);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	if (input)
		write_all(in[1], input, strlen(input));
	close(in[1]);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	/* its end wakes us through a pidfd (Linux 5.3); without one, a 10 ms poll */
	int pfd = pidfd_of(pid);
	size_t used = 0;
	int status = 0;
	bool eof = false;
	uint64_t deadline = mono_ms() + NET_RUN_TIMEOUT_MS;
	for (;;) {
		struct pollfd fds[2];
		nfds_t nf = 0;
		if (!eof)
			fds[nf++] = (struct pollfd){ .fd = outp[0], .events = POLLIN };
		if (pfd >= 0)
			fds[nf++] = (struct pollfd){ .fd = pfd, .events = POLLIN };
		uint64_t now = mono_ms();
		int wait_ms = now >= deadline ? 0 : (int)(deadline - now);
		if (pfd < 0 && wait_ms > 10)
			wait_ms = 10;
		poll(nf ? fds : NULL, nf, wait_ms);
		if (!eof)
			eof = drain(outp[0], out, cap, &used);
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			if (!eof)
				drain(outp[0], out, cap, &used);        /* what it wrote last */
			break;
		}
		if ((r < 0 && errno != EINTR) || mono_ms() >= deadline) {
			int e = r < 0 && errno != EINTR ? -errno : -ETIMEDOUT;
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			if (pfd >= 0)
				close(pfd);
			close(outp[0]);
			return e;
		}
	}
	if (pfd >= 0)
		close(pfd);
	close(outp[0]);
	if (cap) {
		out[used] = 0;
		while (used && (out[used - 1] == '\n' || out[used - 1] == '\r'))
			out[--used] = 0;
		for (size_t i = 0; i < used; i++)
			if (out[i] == '\n')
				out[i] = ' ';   /* one line for a log */
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 ? -ENOEXEC : WEXITSTATUS(status);
	return -EINTR;
}
