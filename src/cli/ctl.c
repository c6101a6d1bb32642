/* The control socket shared by cellink daemon and cellink connect (ctl.h). */
#include "cli/ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/err.h"
#include "common/strbuf.h"
#include "common/util.h"

#ifndef SO_PEERGROUPS
#define SO_PEERGROUPS 59
#endif

#define CTL_PEER_GROUPS_MAX 256
#define CTL_ACCEPT_BATCH 32
#define CTL_RESUME_MS 1000

struct ctl_conn {
	struct ctl_server *s;
	struct ctl_conn *next, *prev;
	struct ev_fd h;
	struct ev_timer timeout;
	size_t len;
	bool waiting;                   /* a late answer is pending */
	bool writing;
	bool draining;                  /* answered: reading what is left until the client closes */
	size_t drained;
	struct strbuf out;
	size_t sent;
	struct tool_run *run;           /* a toolbox op answering this connection */
	const struct conn_host *run_host;       /* the link whose clients it runs over */
	size_t discarded;               /* bytes read (and dropped) while it runs */
	bool half_closed;               /* the client ended its request by closing its side */
	int argc;
	char *argv[TOOL_ARGS_MAX + 1];  /* into line */
	/* a toolbox op waiting for QMI over MBIM to be ready on tunnel_host */
	struct conn_host *tunnel_host;
	enum ctl_verb tunnel_verb;
	struct ctl_conn *tunnel_next;
	/* the request line, grown as it arrives up to CTL_TOOL_LINE_MAX: an
	 * idle client costs the struct, not a whole line */
	char *line;
	size_t cap;
};

#define CTL_LINE_FIRST 128

/* Room for more of the request line: doubles it, up to the limit. The old
 * copy is wiped first (a toolbox request may carry a password). */
static int line_grow(struct ctl_conn *cc)
{
	size_t cap = cc->cap ? cc->cap * 2 : CTL_LINE_FIRST;
	if (cap > CTL_TOOL_LINE_MAX)
		cap = CTL_TOOL_LINE_MAX;
	char *p = malloc(cap);
	if (!p)
		return -ENOMEM;
	if (cc->line) {
		memcpy(p, cc->line, cc->len);
		explicit_bzero(cc->line, cc->cap);
		free(cc->line);
	}
	cc->line = p;
	cc->cap = cap;
	return 0;
}

static void tunnel_unwait(struct ctl_conn *cc);

struct ctl_server *ctl_conn_server(const struct ctl_conn *cc)
{
	return cc->s;
}

/* ---- connections ---- */

static void ctl_resume(struct ctl_server *s)
{
	if (!s->paused)
		return;
	s->paused = false;
	ev_timer_cancel(s->loop, &s->resume);
	ev_fd_add(s->loop, &s->listener, EV_READ);
}

int ctl_conn_args(const struct ctl_conn *cc, char ***argv)
{
	*argv = (char **)cc->argv;
	return cc->argc;
}

static void ctl_close(struct ctl_conn *cc)
{
	struct ctl_server *s = cc->s;
	struct tool_run *run = cc->run;
	cc->run = NULL;
	if (run) {
		/* the client went away: the op stops, its cids go back */
		fprintf(stderr, "cellink: control socket: %s cancelled: its client went away\n",
			tool_name(run));
		tool_cancel(run);
	}
	if (cc->tunnel_host)
		tunnel_unwait(cc);
	if (cc->prev)
		cc->prev->next = cc->next;
	else
		s->conns = cc->next;
	if (cc->next)
		cc->next->prev = cc->prev;
	ev_fd_del(s->loop, &cc->h);
	ev_timer_cancel(s->loop, &cc->timeout);
	close(cc->h.fd);
	sb_free(&cc->out);
	if (cc->line) {
		explicit_bzero(cc->line, cc->cap);      /* a toolbox request may carry a password */
		free(cc->line);
	}
	free(cc);
	ctl_resume(s);          /* a descriptor is free again */
}

void ctl_reply(struct ctl_conn *cc, const char *text)
{
	size_t n = strlen(text);
	if (cc->out.len + n + 1 > CTL_OUT_MAX) {
		sb_reset(&cc->out);
		sb_puts(&cc->out, "{\"ok\":false,\"error\":\"the answer is too long for the control socket\"}\n");
		return;
	}
	sb_put(&cc->out, text, n);
	sb_putc(&cc->out, '\n');
}

void ctl_reply_error(struct ctl_conn *cc, const char *why)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"ok\":false,\"error\":");
	sb_put_json_str(&sb, why, strlen(why));
	sb_putc(&sb, '}');
	ctl_reply(cc, sb_str(&sb));
	sb_free(&sb);
}

static void ctl_writable(struct ev_fd *h, unsigned revents);
static void ctl_run_io(struct ev_fd *h, unsigned revents);

/* (Re)registers the connection's descriptor for events with cb. */
static int ctl_watch(struct ctl_conn *cc, unsigned events, void (*cb)(struct ev_fd *h, unsigned revents))
{
	cc->h.cb = cb;
	if (cc->h.registered)
		return ev_fd_mod(cc->s->loop, &cc->h, events);
	return ev_fd_add(cc->s->loop, &cc->h, events);
}

/* Answer sent: say so (EOF), then read and discard what the client sent
 * beyond its request until it closes, so that closing does not reset the
 * connection under an answer it has not read yet. Bounded in bytes and
 * by the idle timer. */
static void ctl_draining(struct ev_fd *h, unsigned revents)
{
	(void)revents;
	struct ctl_conn *cc = container_of(h, struct ctl_conn, h);
	char buf[1024];
	for (;;) {
		ssize_t n = recv(h->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && cc->drained < CTL_OUT_MAX)
			return;
		if (n > 0 && (cc->drained += (size_t)n) < CTL_OUT_MAX)
			continue;
		ctl_close(cc);
		return;
	}
}

static void ctl_drain(struct ctl_conn *cc)
{
	shutdown(cc->h.fd, SHUT_WR);
	cc->draining = true;
	if (cc->writing || cc->h.registered)
		ev_fd_del(cc->s->loop, &cc->h);
	cc->writing = false;
	cc->h.cb = ctl_draining;
	if (ev_fd_add(cc->s->loop, &cc->h, EV_READ) < 0) {
		ctl_close(cc);
		return;
	}
	ev_timer_set(cc->s->loop, &cc->timeout, CTL_IDLE_MS);
	ctl_draining(&cc->h, EV_READ);
}

/* Sends what is queued; never raises SIGPIPE. Closes when done or when the
 * client has gone; otherwise waits for room (bounded by the idle timer). */
static void ctl_flush(struct ctl_conn *cc)
{
	while (cc->sent < cc->out.len) {
		ssize_t w = send(cc->h.fd, sb_str(&cc->out) + cc->sent, cc->out.len - cc->sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			cc->sent += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (cc->run) {
				/* streaming: keep watching for the client leaving */
				cc->writing = true;
				if (ctl_watch(cc, cc->half_closed ? EV_WRITE : EV_READ | EV_WRITE, ctl_run_io) < 0)
					ctl_close(cc);
				return;
			}
			if (!cc->writing) {
				cc->writing = true;
				cc->h.cb = ctl_writable;
				ev_fd_add(cc->s->loop, &cc->h, EV_WRITE);
				ev_timer_set(cc->s->loop, &cc->timeout, CTL_IDLE_MS);
			}
			return;
		}
		ctl_close(cc);  /* EPIPE, ECONNRESET: the client left */
		return;
	}
	if (cc->waiting) {
		/* a streamed line went out; the answer goes on */
		sb_reset(&cc->out);
		cc->sent = 0;
		if (cc->writing && cc->run) {
			cc->writing = false;
			if (ctl_watch(cc, cc->half_closed ? 0 : EV_READ, ctl_run_io) < 0)
				ctl_close(cc);
		}
		return;
	}
	if (cc->writing && cc->h.registered)
		ev_fd_del(cc->s->loop, &cc->h);
	cc->writing = false;
	ctl_drain(cc);
}

void ctl_stream(struct ctl_conn *cc, const char *text)
{
	size_t n = strlen(text);
	if (cc->out.len - cc->sent + n + 1 > CTL_OUT_MAX) {
		ctl_close(cc);  /* the client does not read: drop it (and cancel its op) */
		return;
	}
	sb_put(&cc->out, text, n);
	sb_putc(&cc->out, '\n');
	if (!cc->writing)
		ctl_flush(cc);
}

/* While a toolbox op runs: the client leaving (a hang-up: it closed its
 * socket, or an error) cancels it. A client that only ended its side
 * (shutdown) still reads: its op goes on, and its hang-up is still seen
 * (epoll reports it whatever is asked). What it sends is read and dropped
 * (bounded); writable: flush. */
static void ctl_run_io(struct ev_fd *h, unsigned revents)
{
	struct ctl_conn *cc = container_of(h, struct ctl_conn, h);
	if (revents & EV_ERROR) {
		ctl_close(cc);          /* gone: the op is cancelled */
		return;
	}
	if (revents & EV_READ) {
		char buf[512];
		for (;;) {
			ssize_t n = recv(h->fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			if (n == 0) {
				cc->half_closed = true;
				if (ctl_watch(cc, cc->writing ? EV_WRITE : 0, ctl_run_io) < 0) {
					ctl_close(cc);
					return;
				}
				break;
			}
			if (n > 0 && (cc->discarded += (size_t)n) < CTL_OUT_MAX)
				continue;
			ctl_close(cc);  /* an error, or flooding: the op is cancelled */
			return;
		}
	}
	if ((revents & EV_WRITE) && cc->writing)
		ctl_flush(cc);
}

void ctl_done(struct ctl_conn *cc)
{
	cc->waiting = false;
	ctl_flush(cc);
}

static void ctl_writable(struct ev_fd *h, unsigned revents)
{
	(void)revents;
	ctl_flush(container_of(h, struct ctl_conn, h));
}

static void ctl_timeout(struct ev_timer *t)
{
	struct ctl_conn *cc = container_of(t, struct ctl_conn, timeout);
	if (cc->waiting)
		return;         /* the modem request has its own timeout */
	ctl_close(cc);          /* never asked, or stopped reading */
}

static bool in_group(int fd, uid_t uid, gid_t gid, gid_t want)
{
	if (gid == want)
		return true;
	gid_t groups[CTL_PEER_GROUPS_MAX];
	socklen_t len = sizeof(groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0) {
		for (size_t i = 0; i < len / sizeof(gid_t); i++)
			if (groups[i] == want)
				return true;
		return false;
	}
	/* kernels before 4.13: the user's groups as the group database says */
	struct passwd *pw = getpwuid(uid);
	int n = CTL_PEER_GROUPS_MAX;
	if (pw && getgrouplist(pw->pw_name, gid, groups, &n) >= 0)
		for (int i = 0; i < n; i++)
			if (groups[i] == want)
				return true;
	return false;
}

/* NULL when the peer may do it, else why not. */
static const char *refusal(struct ctl_conn *cc, enum ctl_verb verb, char *why, size_t why_len)
{
	bool changes = ctl_request_changes(verb, cc->argc, cc->argv);
	struct ctl_server *s = cc->s;
	struct ucred cr;
	socklen_t len = sizeof(cr);
	if (getsockopt(cc->h.fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0) {
		snprintf(why, why_len, "permission denied: cannot tell who is asking (%s)", strerror(errno));
		return why;
	}
	if (cr.uid == 0)
		return NULL;
	if (s->have_admin_gid && in_group(cc->h.fd, cr.uid, cr.gid, s->admin_gid))
		return NULL;            /* who may change may also read */
	if (!changes && s->have_read_gid && in_group(cc->h.fd, cr.uid, cr.gid, s->read_gid))
		return NULL;
	if (changes)
		snprintf(why, why_len, "permission denied: %s changes the %s, which needs root%s%s (uid %u asked)",
			 ctl_verb_name(verb), ctl_verb_is_tool(verb) ? "modem" : "link",
			 s->have_admin_gid ? " or group " : "",
			 s->have_admin_gid ? s->admin_group : "", (unsigned)cr.uid);
	else
		snprintf(why, why_len, "permission denied: %s needs root%s%s%s%s (uid %u asked)", ctl_verb_name(verb),
			 s->have_read_gid ? " or group " : "", s->have_read_gid ? s->read_group : "",
			 s->have_admin_gid ? " or group " : "", s->have_admin_gid ? s->admin_group : "",
			 (unsigned)cr.uid);
	return why;
}

static void ctl_readable(struct ev_fd *h, unsigned revents)
{
	(void)revents;
	struct ctl_conn *cc = container_of(h, struct ctl_conn, h);
	if (cc->len == cc->cap && cc->cap < CTL_TOOL_LINE_MAX && line_grow(cc) < 0) {
		ctl_close(cc);  /* no memory for its request: it may ask again */
		return;
	}
	ssize_t n = recv(h->fd, cc->line + cc->len, cc->cap - cc->len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0 || (n == 0 && cc->len == 0)) {
		ctl_close(cc);  /* gone before asking */
		return;
	}
	cc->len += (size_t)n;
	char *nl = memchr(cc->line, '\n', cc->len);
	if (!nl && n == 0 && cc->len < CTL_TOOL_LINE_MAX) {
		nl = cc->line + cc->len;        /* the client ended its line by closing its side */
		cc->half_closed = true;
	}
	else if (!nl && cc->len < CTL_TOOL_LINE_MAX)
		return;         /* more to come (the line grows at the next read) */
	ev_fd_del(cc->s->loop, &cc->h);
	char why[256];
	enum ctl_verb verb;
	const char *modem;
	if (!nl) {
		snprintf(why, sizeof(why), "request too long (a line is at most %d bytes, %d for a toolbox verb)",
			 CTL_LINE_MAX - 1, CTL_TOOL_LINE_MAX - 1);
		ctl_reply_error(cc, why);
	} else if (ctl_parse_request_args(cc->line, (size_t)(nl - cc->line), &verb, &modem, &cc->argc, cc->argv,
					  TOOL_ARGS_MAX, why, sizeof(why)) < 0) {
		ctl_reply_error(cc, why);
	} else if (refusal(cc, verb, why, sizeof(why))) {
		ctl_reply_error(cc, why);
	} else if (cc->s->request(cc->s, cc, verb, modem)) {
		cc->waiting = true;
		if (cc->run && ctl_watch(cc, cc->half_closed ? 0 : EV_READ, ctl_run_io) < 0)
			ctl_close(cc);
		return;
	}
	ctl_flush(cc);
}

static void ctl_resume_timer(struct ev_timer *t)
{
	ctl_resume(container_of(t, struct ctl_server, resume));
}

static void on_accept(struct ev_fd *h, unsigned revents)
{
	(void)revents;
	struct ctl_server *s = container_of(h, struct ctl_server, listener);
	for (int i = 0; i < CTL_ACCEPT_BATCH; i++) {
		int fd = accept4(h->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				/* no descriptor to take it with: stop listening until
				 * a connection closes (or a second has passed) */
				fprintf(stderr, "cellink: control socket: accept: %s; not accepting until a "
					"connection closes\n", strerror(errno));
				ev_fd_del(s->loop, &s->listener);
				s->paused = true;
				ev_timer_set(s->loop, &s->resume, CTL_RESUME_MS);
			}
			return;
		}
		struct ctl_conn *cc = calloc(1, sizeof(*cc));
		if (!cc) {
			close(fd);
			return;
		}
		cc->s = s;
		sb_init(&cc->out);
		cc->next = s->conns;
		if (s->conns)
			s->conns->prev = cc;
		s->conns = cc;
		cc->h.fd = fd;
		cc->h.cb = ctl_readable;
		cc->timeout.cb = ctl_timeout;
		ev_fd_add(s->loop, &cc->h, EV_READ);
		ev_timer_set(s->loop, &cc->timeout, CTL_IDLE_MS);
	}
}

/* ---- opening ---- */

static int lookup_group(const char *name, gid_t *gid, char *why, size_t why_len)
{
	struct group *g = getgrnam(name);
	if (!g) {
		snprintf(why, why_len, "no such group '%s'", name);
		return -EINVAL;
	}
	*gid = g->gr_gid;
	return 0;
}

/* The PID of the process listening on path, 0 when none answers. */
static pid_t holder(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	pid_t pid = 0;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0) {
		struct ucred cr;
		socklen_t len = sizeof(cr);
		pid = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid > 0 ? cr.pid : -1;
	}
	close(fd);
	return pid;
}

static int refuse_held(pid_t pid, const char *path, char *why, size_t why_len)
{
	if (pid > 0)
		snprintf(why, why_len, "%s is in use by PID %ld (another cellink); not taking it over", path,
			 (long)pid);
	else
		snprintf(why, why_len, "%s is in use (its lock %s.lock is held); not taking it over", path, path);
	return -EADDRINUSE;
}

int ctl_server_open(struct ctl_server *s, struct ev_loop *loop, const char *path, const char *read_group,
		    const char *admin_group, ctl_request_fn request, void *user, char *why, size_t why_len)
{
	memset(s, 0, sizeof(*s));
	s->loop = loop;
	s->lock_fd = -1;
	s->listener.fd = -1;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->request = request;
	s->user = user;
	s->resume.cb = ctl_resume_timer;
	why[0] = 0;
	if (read_group && read_group[0]) {
		if (lookup_group(read_group, &s->read_gid, why, why_len) < 0)
			return -EINVAL;
		s->have_read_gid = true;
		snprintf(s->read_group, sizeof(s->read_group), "%s", read_group);
	}
	if (admin_group && admin_group[0]) {
		if (lookup_group(admin_group, &s->admin_gid, why, why_len) < 0)
			return -EINVAL;
		s->have_admin_gid = true;
		snprintf(s->admin_group, sizeof(s->admin_group), "%s", admin_group);
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) + 5 >= sizeof(sa.sun_path)) {
		snprintf(why, why_len, "%s: the path is too long for a unix socket", path);
		return -ENAMETOOLONG;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);

	/* 1. the lock beside it: one owner at a time */
	char lock[sizeof(sa.sun_path) + 8];
	snprintf(lock, sizeof(lock), "%s.lock", path);
	s->lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (s->lock_fd < 0) {
		int e = errno;
		snprintf(why, why_len, "lock file %s: %s", lock, strerror(e));
		return -e;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno == EWOULDBLOCK ? -EADDRINUSE : -errno;
		if (e == -EADDRINUSE)
			e = refuse_held(holder(&sa), path, why, why_len);
		else
			snprintf(why, why_len, "lock file %s: %s", lock, strerror(-e));
		close(s->lock_fd);
		s->lock_fd = -1;
		return e;
	}

	/* 2. what is there already: a live socket is refused, a dead one
	 * removed, anything else left alone */
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(why, why_len, "%s exists and is not a socket; not removing it", path);
			ctl_server_close(s);
			return -EEXIST;
		}
		pid_t pid = holder(&sa);
		if (pid) {
			ctl_server_close(s);
			return refuse_held(pid, path, why, why_len);
		}
		unlink(path);
	}

	/* 3. bind, with the mode and group that say who may connect */
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		int e = errno;
		snprintf(why, why_len, "socket: %s", strerror(e));
		ctl_server_close(s);
		return -e;
	}
	mode_t mode = 0600;
	gid_t group = (gid_t)-1;
	if (s->have_read_gid && s->have_admin_gid && s->read_gid != s->admin_gid) {
		mode = 0666;    /* two groups: each request is checked (SO_PEERCRED) */
	} else if (s->have_read_gid || s->have_admin_gid) {
		mode = 0660;
		group = s->have_read_gid ? s->read_gid : s->admin_gid;
	}
	mode_t old = umask(0077);       /* owner-only from the moment it exists */
	int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	const char *step = "bind";
	if (r == 0 && group != (gid_t)-1 && (step = "chown", chown(path, (uid_t)-1, group)) < 0)
		r = -1;
	if (r == 0 && (step = "chmod", chmod(path, mode)) < 0)
		r = -1;
	if (r == 0 && (step = "listen", listen(fd, SOMAXCONN)) < 0)
		r = -1;
	if (r == 0 && (step = "stat", stat(path, &st)) < 0)
		r = -1;
	if (r < 0) {
		int e = errno;
		snprintf(why, why_len, "%s: %s: %s", path, step, strerror(e));
		close(fd);
		ctl_server_close(s);
		return -e;
	}
	s->ino = st.st_ino;
	s->listener.fd = fd;
	s->listener.cb = on_accept;
	r = ev_fd_add(loop, &s->listener, EV_READ);
	if (r < 0) {
		snprintf(why, why_len, "%s: %s", path, strerror(-r));
		ctl_server_close(s);
	}
	return r;
}

int ctl_server_open_link(struct ctl_server *s, struct ev_loop *loop, const char *path, const char *name,
			 ctl_request_fn request, void *user, char *opened, size_t opened_len)
{
	char def[108];
	opened[0] = 0;
	if (!path) {
		if (geteuid() != 0 || !name[0] || strchr(name, '/') || name[0] == '.')
			return 0;
		snprintf(def, sizeof(def), "%s/%s.sock", CTL_RUN_DIR, name);
		mkdir(CTL_RUN_DIR, 0755);
	}
	char why[512];
	if (ctl_server_open(s, loop, path ? path : def, NULL, NULL, request, user, why, sizeof(why)) < 0) {
		fprintf(stderr, "cellink connect: control socket: %s%s\n", why,
			path ? "" : "; cellink status will not reach this process");
		return path ? -1 : 0;
	}
	snprintf(opened, opened_len, "%s", path ? path : def);
	return 0;
}

void ctl_server_cancel_tools(struct ctl_server *s)
{
	ctl_server_cancel_tools_on(s, NULL, "cancelled: the link is stopping");
}

void ctl_server_cancel_tools_on(struct ctl_server *s, const struct conn_host *h, const char *why)
{
	for (struct ctl_conn *cc = s->conns, *next; cc; cc = next) {
		next = cc->next;
		if (cc->run && (!h || cc->run_host == h)) {
			struct tool_run *run = cc->run;
			cc->run = NULL;
			tool_cancel(run);
			ctl_reply_error(cc, why);
			ctl_done(cc);   /* may close cc; next was taken before */
		}
	}
}

void ctl_server_close(struct ctl_server *s)
{
	while (s->conns)
		ctl_close(s->conns);
	if (s->loop)
		ev_timer_cancel(s->loop, &s->resume);
	s->paused = false;
	if (s->listener.fd >= 0) {
		ev_fd_del(s->loop, &s->listener);
		close(s->listener.fd);
		s->listener.fd = -1;
		struct stat st;
		if (lstat(s->path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == s->ino)
			unlink(s->path);
	}
	if (s->lock_fd >= 0) {
		close(s->lock_fd);      /* the lock file stays: removing it would race */
		s->lock_fd = -1;
	}
}

/* ---- shared answers for a PPP link ---- */

static void json_str(struct strbuf *sb, const char *key, const char *v)
{
	sb_printf(sb, ",\"%s\":", key);
	sb_put_json_str(sb, v, strlen(v));
}

void ctl_ppp_status_json(struct strbuf *sb, const struct ctl_ppp_link *l)
{
	const struct ppp_session *s = l->s;
	const struct pppd_info *i = &s->pppd.info;
	bool up = l->up_since != 0;
	const char *state = ppp_state_name(l->state);
	/* the link's device is the AT port; the QMI device is shown as such */
	sb_puts(sb, "{\"mode\":\"ppp\"");
	json_str(sb, "device", l->port);
	json_str(sb, "port", l->port);
	json_str(sb, "qmi_device", l->qmi_device);
	json_str(sb, "interface", up ? i->ifname : "");
	json_str(sb, "apn", l->apn);
	json_str(sb, "state", state);
	sb_printf(sb, ",\"connected\":%s,\"uptime_s\":%llu", up ? "true" : "false",
		  up ? (unsigned long long)((ev_now_ms() - l->up_since) / 1000) : 0ull);
	sb_printf(sb, ",\"links_up\":%u,\"reconnects\":%d", l->links_up, s->sm.restarts);
	json_str(sb, "last_error", l->why);
	sb_puts(sb, ",\"sessions\":[");
	if (up && (i->local4[0] || i->local6[0])) {
		bool v6 = !i->local4[0];
		sb_printf(sb, "{\"family\":\"ipv%d\",\"up\":true", v6 ? 6 : 4);
		json_str(sb, "address", v6 ? i->local6 : i->local4);
		sb_printf(sb, ",\"prefix\":%d", v6 ? 64 : 32);       /* point-to-point; IPv6 link-local */
		json_str(sb, "gateway", v6 ? i->remote6 : i->remote4);
		sb_puts(sb, ",\"dns\":[");
		for (int k = 0, n = 0; k < 2; k++) {
			const char *d = k ? i->dns2 : i->dns1;
			if (!d[0])
				continue;
			if (n++)
				sb_putc(sb, ',');
			sb_put_json_str(sb, d, strlen(d));
		}
		sb_puts(sb, "]}");
		if (!v6 && i->local6[0]) {
			sb_puts(sb, ",{\"family\":\"ipv6\",\"up\":true");
			json_str(sb, "address", i->local6);
			sb_puts(sb, ",\"prefix\":64");
			json_str(sb, "gateway", i->remote6);
			sb_putc(sb, '}');
		}
	}
	sb_puts(sb, "]}");
}

void ctl_ppp_info(struct ctl_conn *cc, const char *name, const char *port)
{
	struct strbuf sb;       /* the AT port carries the link: nothing more to ask */
	sb_init(&sb);
	sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"name\":", CELLINK_JSON_SCHEMA);
	sb_put_json_str(&sb, name, strlen(name));
	sb_puts(&sb, ",\"mode\":\"ppp\",\"port\":");
	sb_put_json_str(&sb, port, strlen(port));
	sb_putc(&sb, '}');
	ctl_reply(cc, sb_str(&sb));
	sb_free(&sb);
}

void ctl_ppp_signal(struct ctl_conn *cc)
{
	ctl_reply_error(cc, "this modem's link is PPP: its AT port carries data, no signal query");
}

/* ---- shared answers for a QMI link ---- */

void ctl_host_info(struct ctl_conn *cc, const struct conn_host *h, const char *name)
{
	const struct conn_status *st = &h->conn.st;
	struct strbuf sb;
	sb_init(&sb);
	sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"name\":", CELLINK_JSON_SCHEMA);
	sb_put_json_str(&sb, name, strlen(name));
	const char *k[] = { "manufacturer", "model", "revision", "sim", "registration", "operator" };
	const char *v[] = { st->manufacturer, st->model, st->revision, conn_sim_name(st->sim),
			    conn_reg_name(st->reg), st->operator_name };
	for (size_t i = 0; i < ARRAY_SIZE(k); i++) {
		sb_printf(&sb, ",\"%s\":", k[i]);
		sb_put_json_str(&sb, v[i], strlen(v[i]));
	}
	sb_printf(&sb, ",\"pin_retries\":%d,\"data_format\":\"%s\",\"qmi_services\":%u", st->pin_retries,
		  st->modem_raw_ip ? "raw-ip" : "802.3", st->n_services);
	sb_puts(&sb, ",\"wds_version\":");
	sb_put_json_str(&sb, st->wds_version, strlen(st->wds_version));
	sb_printf(&sb, ",\"max_rx_bps\":%llu,\"max_tx_bps\":%llu}", (unsigned long long)st->max_rx_bps,
		  (unsigned long long)st->max_tx_bps);
	ctl_reply(cc, sb_str(&sb));
	sb_free(&sb);
}

/* signal on a QMI link: host/radio_poll.c asks NAS get-signal-info; the
 * answer is printed here. Each LTE reading is optional: absent, it is left
 * out; our keys carry the unit. */
static void signal_done(void *ud, int err, uint16_t qmi_error, const struct mon_sample *s)
{
	struct ctl_conn *cc = ud;
	if (err) {
		char why[128];
		snprintf(why, sizeof(why), "get-signal-info: %s",
			 err == CL_E_QMI && qmi_error_name(qmi_error) ? qmi_error_name(qmi_error)
								     : cl_strerror(err));
		ctl_reply_error(cc, why);
	} else {
		static const struct {
			enum mon_val k;
			const char *key;
		} keys[] = { { MON_RSSI, "rssi_dbm" }, { MON_RSRQ, "rsrq_db" }, { MON_RSRP, "rsrp_dbm" } };
		struct strbuf sb;
		sb_init(&sb);
		sb_printf(&sb, "{\"ok\":true,\"schema\":%d", CELLINK_JSON_SCHEMA);
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++)     /* whole units, kept in tenths */
			if (s->have[MON_LTE][keys[i].k])
				sb_printf(&sb, ",\"%s\":%d", keys[i].key, (int)(s->v[MON_LTE][keys[i].k] / 10));
		if (s->have[MON_LTE][MON_SINR])
			sb_printf(&sb, ",\"snr_db\":%.1f", (double)s->v[MON_LTE][MON_SINR] / 10.0);
		sb_putc(&sb, '}');
		ctl_reply(cc, sb_str(&sb));
		sb_free(&sb);
	}
	ctl_done(cc);
}

/* MBIM: the last signal state the modem gave (at the liveness check, or
 * in its indication); Basic Connect has only the RSSI and the error rate */
static bool mbim_signal(struct ctl_conn *cc, const struct conn_mbim *m)
{
	int dbm;
	if (!m->have_signal || !conn_mbim_rssi_dbm(m->rssi, &dbm)) {
		ctl_reply_error(cc, m->have_signal ? "the modem reports no signal (RSSI unknown)"
						   : "no signal state from the modem yet");
		return false;
	}
	struct strbuf sb;
	sb_init(&sb);
	sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"rssi_dbm\":%d}", CELLINK_JSON_SCHEMA, dbm);
	ctl_reply(cc, sb_str(&sb));
	sb_free(&sb);
	return false;
}

bool ctl_host_signal(struct ctl_conn *cc, struct conn_host *h)
{
	if (CELLINK_MBIM && h->mbim)    /* a constant (host/mbim_part.h) */
		return mbim_signal(cc, h->mbim);
	int r = radio_ask_signal(h, signal_done, cc);
	if (r < 0) {
		ctl_reply_error(cc, r == -ENOTCONN ? "the modem is not open right now"
				    : r == -ENOMEM ? "out of memory" : cl_strerror(r));
		return false;
	}
	return true;
}

/* ---- toolbox verbs (tool/tool.h) over the link's client ---- */

static void tool_emitted(void *ud, const char *json, bool final)
{
	struct ctl_conn *cc = ud;
	if (!final) {
		ctl_stream(cc, json);
		return;
	}
	cc->run = NULL;         /* the run frees itself */
	ctl_reply(cc, json);
	ctl_done(cc);
}

static struct conn_counters from_tool(const struct tool_counts *t)
{
	return (struct conn_counters){ t->rx_packets, t->tx_packets, t->rx_bytes, t->tx_bytes };
}

static struct tool_counts to_tool(const struct conn_counters *c)
{
	return (struct tool_counts){ c->rx_bytes, c->tx_bytes, c->rx_packets, c->tx_packets };
}

static void host_counters(void *ud, const struct tool_counts *now, struct tool_counts *session,
			  struct tool_counts *total)
{
	struct conn_host *h = ud;
	if (now && h->up_since) {
		struct conn_counters c = from_tool(now);
		conn_tally_sample(&h->tally, &c);       /* a reading as good as a check's */
	}
	struct conn_counters s, t;
	conn_tally_get(&h->tally, &s, &t);
	*session = to_tool(&s);
	*total = to_tool(&t);
}

static void host_counters_reset(void *ud, const struct tool_counts *now)
{
	struct conn_host *h = ud;
	struct conn_counters c;
	if (now && h->up_since)
		c = from_tool(now);
	conn_tally_reset(&h->tally, now && h->up_since ? &c : NULL);
}

static void host_radio(void *ud, bool on)
{
	struct conn_host *h = ud;
	if (h->on_radio)
		h->on_radio(h, on);
}

static const struct tool_host host_ops = {
	.counters = host_counters,
	.counters_reset = host_counters_reset,
	.radio = host_radio,
};

/* Starts the op over env's client: true when it runs (cc->run), false
 * when it was refused (the answer is queued on cc). */
static bool run_tool(struct ctl_conn *cc, enum ctl_verb verb, const struct tool_env *env)
{
	char why[512];
	struct tool_run *run;
	int e = tool_start(env, ctl_verb_name(verb), cc->argc, cc->argv, tool_emitted, cc, &run, why, sizeof why);
	if (e == TOOL_E_USAGE) {
		/* the arguments were refused: the CLI exits with its usage status */
		struct strbuf sb;
		sb_init(&sb);
		sb_puts(&sb, "{\"ok\":false,\"usage\":true,\"error\":");
		sb_put_json_str(&sb, why, strlen(why));
		sb_putc(&sb, '}');
		ctl_reply(cc, sb_str(&sb));
		sb_free(&sb);
		return false;
	}
	if (e < 0) {
		ctl_reply_error(cc, why);
		return false;
	}
	cc->run = run;
	cc->run_host = env->host_ud;    /* the conn_host of both callers */
	return true;
}

/* ---- the toolbox over QMI over MBIM (a link that runs over MBIM) ----
 *
 * The ops run over a QMI client of their own carried by the link's MBIM
 * client (client/qmi_mbim.h): client ids through QMI CTL in the tunnel,
 * the link's MBIM session untouched. The first request asks the device
 * for its services; requests that come meanwhile wait for that answer
 * (tunnel_waiters), each dropped from the list if its client leaves. */
static struct ctl_conn *tunnel_waiters;

static const struct tool_host host_ops_mbim = {
	.radio = host_radio,    /* the daemon keeps no counters of an MBIM link */
};

/* native: the function has no QMI over MBIM; sms and ussd run over the
 * link's MBIM client, on MBIM's own services (tool_env's mbim). */
static bool run_tool_mbim(struct ctl_conn *cc, struct conn_host *h, enum ctl_verb verb, bool native)
{
	struct tool_env env = {
		.loop = h->loop,
		.cl = h->qmbim_cl,
		.mbim = native ? h->mbim->cl : NULL,
		.cid_dms = TOOL_NO_CID, .cid_nas = TOOL_NO_CID, .cid_wds = TOOL_NO_CID,
		.cid_uim = TOOL_NO_CID, .cid_wds6 = TOOL_NO_CID,
		.host = &host_ops_mbim,
		.host_ud = h,
	};
	return run_tool(cc, verb, &env);
}

static void tunnel_unwait(struct ctl_conn *cc)
{
	for (struct ctl_conn **p = &tunnel_waiters; *p; p = &(*p)->tunnel_next)
		if (*p == cc) {
			*p = cc->tunnel_next;
			break;
		}
	cc->tunnel_host = NULL;
	cc->tunnel_next = NULL;
}

static void tunnel_ready(struct conn_host *h, int err, const char *why)
{
	/* the waiters of this host, taken off the list before any answers */
	struct ctl_conn *mine = NULL, **tail = &mine;
	for (struct ctl_conn **p = &tunnel_waiters; *p;) {
		struct ctl_conn *cc = *p;
		if (cc->tunnel_host == h) {
			*p = cc->tunnel_next;
			cc->tunnel_host = NULL;
			cc->tunnel_next = NULL;
			*tail = cc;
			tail = &cc->tunnel_next;
		} else {
			p = &cc->tunnel_next;
		}
	}
	while (mine) {
		struct ctl_conn *cc = mine;
		mine = cc->tunnel_next;
		cc->tunnel_next = NULL;
		bool native = err == -EPROTONOSUPPORT && h->mbim &&
			      tool_mbim_capable(ctl_verb_name(cc->tunnel_verb), cc->argc, cc->argv);
		if (err && !native) {
			ctl_reply_error(cc, why);
			ctl_done(cc);
		} else if (run_tool_mbim(cc, h, cc->tunnel_verb, native)) {
			if (ctl_watch(cc, cc->half_closed ? 0 : EV_READ, ctl_run_io) < 0)
				ctl_close(cc);
		} else {
			ctl_done(cc);
		}
	}
}

static bool mbim_host_tool(struct ctl_conn *cc, struct conn_host *h, enum ctl_verb verb)
{
	h->on_tunnel = tunnel_ready;
	int r = conn_host_tunnel(h);
	if (r == 1)
		return run_tool_mbim(cc, h, verb, false);
	if (r < 0) {
		ctl_reply_error(cc, r == -ENOMEM ? cl_strerror(r) : h->qmbim->why);
		return false;
	}
	cc->tunnel_host = h;
	cc->tunnel_verb = verb;
	cc->tunnel_next = tunnel_waiters;
	tunnel_waiters = cc;
	return true;
}

bool ctl_host_tool(struct ctl_conn *cc, struct conn_host *h, enum ctl_verb verb)
{
	struct conn_qmi *q = h->modem;
	bool open = q && q->cl->open;
	if (CELLINK_MBIM && h->mbim)
		return mbim_host_tool(cc, h, verb);
	/* counters answer from the daemon's totals while the link is down */
	if (!open && verb != CTL_TOOL_COUNTERS) {
		ctl_reply_error(cc, "the modem is not open right now (the link is starting or stopping); "
			       "try again in a moment");
		return false;
	}
	struct tool_env env = {
		.loop = h->loop,
		.cl = q ? q->cl : NULL,
		.cid_dms = open ? q->cid_dms : TOOL_NO_CID,
		.cid_nas = open ? q->cid_nas : TOOL_NO_CID,
		.cid_wds = open ? q->cid_wds[0] : TOOL_NO_CID,
		.cid_uim = TOOL_NO_CID,
		.cid_wds6 = TOOL_NO_CID,
		.host = &host_ops,
		.host_ud = h,
	};
	/* the WDS clients whose sessions are up, as the liveness check adds
	 * them up: the IPv4 one first */
	const struct conn_status *st = &h->conn.st;
	if (open && st->sess[0].up && st->sess[1].up)
		env.cid_wds6 = q->cid_wds[1];
	else if (open && (st->sess[1].up || q->cid_wds[0] == TOOL_NO_CID))
		env.cid_wds = q->cid_wds[1];
	return run_tool(cc, verb, &env);
}

void ctl_ppp_tool(struct ctl_conn *cc, enum ctl_verb verb)
{
	char why[256];
	snprintf(why, sizeof why, "%s needs QMI, and this modem's link is PPP (its AT port carries the data); "
		 "stop the link to run it on the QMI device, or use 'cellink at'", ctl_verb_name(verb));
	ctl_reply_error(cc, why);
}

/* ---- metrics (Prometheus text exposition format 0.0.4) ---- */

static void label(struct strbuf *sb, const char *k, const char *v, bool first)
{
	sb_printf(sb, "%s%s=\"", first ? "" : ",", k);
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '\\' || *p == '"')
			sb_putc(sb, '\\'), sb_putc(sb, *p);
		else if (*p == '\n')
			sb_puts(sb, "\\n");
		else
			sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

enum mkind { M_UP, M_STATE, M_SIM, M_REG, M_UPTIME, M_LINKS, M_RECONNECTS, M_PROBES, M_PROBES_LOST,
	     M_RX, M_TX, M_RX_BYTES, M_TX_BYTES, M_ERROR, M_RSRP, M_RSRQ, M_SINR, M_RSSI, M_RADIO, M_N };

/* A value in tenths as Prometheus reads it: -87, 12.5 */
static void tenths(struct strbuf *sb, int32_t v)
{
	if (v % 10 == 0)
		sb_printf(sb, "%ld", (long)(v / 10));
	else
		sb_printf(sb, "%s%ld.%ld", v < 0 ? "-" : "", labs((long)v) / 10, labs((long)v) % 10);
}

/* The signal and radio families: one line per RAT the last reading had. */
static void radio_lines(struct strbuf *sb, const char *family, int f, const struct ctl_metrics_row *r)
{
	const struct radio_reading *ra = r->radio;
	if (!ra || !ra->have)
		return;
	for (int rat = 0; rat < MON_NRAT; rat++) {
		bool any = false;
		for (int v = 0; v < MON_NVAL; v++)
			any |= ra->sig.have[rat][v];
		if (f == M_RADIO) {
			if (!any && !ra->band[rat])
				continue;
			sb_printf(sb, "%s{", family);
			label(sb, "modem", r->name, true);
			label(sb, "rat", mon_rat_name((enum mon_rat)rat), false);
			char band[16] = "";
			if (ra->band[rat])
				snprintf(band, sizeof band, "%s%u", rat == MON_NR ? "n" : "", ra->band[rat]);
			label(sb, "band", band, false);
			sb_puts(sb, "} 1\n");
			continue;
		}
		enum mon_val v = (enum mon_val)(f - M_RSRP);
		if (!ra->sig.have[rat][v])
			continue;
		sb_printf(sb, "%s{", family);
		label(sb, "modem", r->name, true);
		label(sb, "rat", mon_rat_name((enum mon_rat)rat), false);
		sb_puts(sb, "} ");
		tenths(sb, ra->sig.v[rat][v]);
		sb_putc(sb, '\n');
	}
}

void ctl_metrics_text(struct strbuf *sb, const struct ctl_metrics_row *rows, size_t n)
{
	static const struct { const char *name, *type, *help; } fam[M_N] = {
		[M_UP] = { "cellink_link_up", "gauge", "1 while the data link is up" },
		[M_STATE] = { "cellink_link_state", "gauge", "the link's state machine state (1 on the current one)" },
		[M_SIM] = { "cellink_sim_state", "gauge", "the SIM's state (1 on the current one)" },
		[M_REG] = { "cellink_registration", "gauge", "registration and operator (1 on the current one)" },
		[M_UPTIME] = { "cellink_link_uptime_seconds", "gauge", "seconds since the link came up" },
		[M_LINKS] = { "cellink_links_up_total", "counter", "times the link came up" },
		[M_RECONNECTS] = { "cellink_reconnects_total", "counter", "reconnect attempts (back-offs)" },
		[M_PROBES] = { "cellink_liveness_probes_total", "counter", "active probes sent on one-way counters" },
		[M_PROBES_LOST] = { "cellink_liveness_probes_unanswered_total", "counter",
				    "probes without an answer (each a reconnect)" },
		[M_RX] = { "cellink_rx_packets_total", "counter", "packets received, at the last liveness check" },
		[M_TX] = { "cellink_tx_packets_total", "counter", "packets sent, at the last liveness check" },
		[M_RX_BYTES] = { "cellink_rx_bytes_total", "counter", "bytes received, at the last liveness check" },
		[M_TX_BYTES] = { "cellink_tx_bytes_total", "counter", "bytes sent, at the last liveness check" },
		[M_ERROR] = { "cellink_last_error_info", "gauge", "the last failure in words" },
		[M_RSRP] = { "cellink_signal_rsrp_dbm", "gauge", "RSRP per RAT, at the last liveness period" },
		[M_RSRQ] = { "cellink_signal_rsrq_db", "gauge", "RSRQ per RAT, at the last liveness period" },
		[M_SINR] = { "cellink_signal_sinr_db", "gauge", "SINR per RAT, at the last liveness period" },
		[M_RSSI] = { "cellink_signal_rssi_dbm", "gauge", "RSSI per RAT, at the last liveness period" },
		[M_RADIO] = { "cellink_radio_info", "gauge", "the RATs in use and their bands (1 on each)" },
	};
	for (int f = 0; f < M_N; f++) {
		sb_printf(sb, "# HELP %s %s\n# TYPE %s %s\n", fam[f].name, fam[f].help, fam[f].name, fam[f].type);
		for (size_t i = 0; i < n; i++) {
			const struct ctl_metrics_row *r = &rows[i];
			if (f >= M_RSRP) {
				radio_lines(sb, fam[f].name, f, r);
				continue;
			}
			if ((f == M_RX || f == M_TX || f == M_RX_BYTES || f == M_TX_BYTES) && !r->have_packets)
				continue;
			if (f == M_ERROR && (!r->last_error || !r->last_error[0]))
				continue;
			if ((f == M_PROBES || f == M_PROBES_LOST) && strcmp(r->mode, "qmi"))
				continue;
			if ((f == M_SIM || f == M_REG) && !r->sim)
				continue;
			sb_printf(sb, "%s{", fam[f].name);
			label(sb, "modem", r->name, true);
			unsigned long long v = 1;
			switch (f) {
			case M_UP: label(sb, "mode", r->mode, false); v = r->connected; break;
			case M_STATE: label(sb, "state", r->state, false); break;
			case M_SIM: label(sb, "sim", r->sim, false); break;
			case M_REG:
				label(sb, "registration", r->registration, false);
				label(sb, "operator", r->operator_name, false);
				break;
			case M_UPTIME: v = r->uptime_s; break;
			case M_LINKS: v = r->links_up; break;
			case M_RECONNECTS: v = r->reconnects; break;
			case M_PROBES: v = r->probes; break;
			case M_PROBES_LOST: v = r->probes_lost; break;
			case M_RX: v = r->rx_packets; break;
			case M_TX: v = r->tx_packets; break;
			case M_RX_BYTES: v = r->rx_bytes; break;
			case M_TX_BYTES: v = r->tx_bytes; break;
			case M_ERROR: label(sb, "error", r->last_error, false); break;
			default: break;
			}
			sb_printf(sb, "} %llu\n", v);
		}
	}
}

void ctl_metrics_row_qmi(struct ctl_metrics_row *r, const char *name, const struct conn_host *h)
{
	const struct conn *c = &h->conn;
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->mode = "qmi";
	r->state = h->running ? conn_state_name(c->state) : "stopped";
	r->sim = conn_sim_name(c->st.sim);
	r->registration = conn_reg_name(c->st.reg);
	r->operator_name = c->st.operator_name;
	r->last_error = c->why;
	r->connected = h->up_since != 0;
	r->uptime_s = h->up_since ? (ev_now_ms() - h->up_since) / 1000 : 0;
	r->links_up = h->links_up;
	r->reconnects = c->attempts;
	r->probes = c->probes;
	r->probes_lost = c->probes_lost;
	r->have_packets = c->ever_connected;
	r->rx_packets = c->st.rx_packets;
	r->tx_packets = c->st.tx_packets;
	r->rx_bytes = c->st.rx_bytes;
	r->tx_bytes = c->st.tx_bytes;
}

void ctl_metrics_row_ppp(struct ctl_metrics_row *r, const char *name, const struct ctl_ppp_link *l)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->mode = "ppp";
	r->state = ppp_state_name(l->state);
	r->last_error = l->why;
	r->connected = l->up_since != 0;
	r->uptime_s = l->up_since ? (ev_now_ms() - l->up_since) / 1000 : 0;
	r->links_up = l->links_up;
	r->reconnects = (unsigned)(l->s->sm.restarts > 0 ? l->s->sm.restarts : 0);
}

void ctl_reply_metrics(struct ctl_conn *cc, const struct ctl_metrics_row *rows, size_t n)
{
	struct strbuf text, sb;
	sb_init(&text);
	sb_init(&sb);
	ctl_metrics_text(&text, rows, n);
	sb_printf(&sb, "{\"ok\":true,\"schema\":%d,\"text\":", CELLINK_JSON_SCHEMA);
	sb_put_json_str(&sb, sb_str(&text), text.len);
	sb_putc(&sb, '}');
	ctl_reply(cc, sb_str(&sb));
	sb_free(&sb);
	sb_free(&text);
}

int ctl_metrics_write_file(const char *path, const struct ctl_metrics_row *rows, size_t n)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return -ENAMETOOLONG;
	struct strbuf text;
	sb_init(&text);
	ctl_metrics_text(&text, rows, n);
	unlink(tmp);    /* a stale one of ours; O_EXCL refuses anything planted after */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	int r = 0;
	if (fd < 0) {
		r = -errno;
	} else {
		size_t off = 0;
		while (off < text.len) {
			ssize_t w = write(fd, sb_str(&text) + off, text.len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				r = w < 0 ? -errno : -EIO;
				break;
			}
			off += (size_t)w;
		}
		if (close(fd) < 0 && !r)
			r = -errno;
		if (!r && rename(tmp, path) < 0)
			r = -errno;
		if (r)
			unlink(tmp);
	}
	sb_free(&text);
	return r;
}
