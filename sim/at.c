/* cellink-sim's AT port: the pseudo-terminal, command lines, data mode.
 * Commands themselves are in at_cmds.c. */
#include "sim/at.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "at/at_parse.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "sim/at_cmds.h"

static void port_write(struct sim_at *at, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(at->master, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;         /* pty full: the client is not reading */
		p += (size_t)w;
		n -= (size_t)w;
	}
}

static void put_error(struct sim_at *at, int code, struct strbuf *out)
{
	at->errors++;
	if (code <= 0 || at->cmee == 0) {
		sb_puts(out, "\r\nERROR\r\n");
	} else if (at->cmee == 2 && at_cme_text(code)) {
		sb_printf(out, "\r\n+CME ERROR: %s\r\n", at_cme_text(code));
	} else {
		sb_printf(out, "\r\n+CME ERROR: %d\r\n", code);
	}
}

static bool is_ext_lead(char c)
{
	return c == '+' || c == '^' || c == '!' || c == '$' || c == '%' || c == '#';
}

/* Splits the next command off *pp: fills name, mode and args (NUL-
 * terminated copies). Returns false on a syntax error. */
static bool next_cmd(const char **pp, char *name, size_t nsize, enum cmd_mode *m,
		     char *args, size_t asize)
{
	const char *p = *pp;
	size_t n = 0;
	args[0] = 0;
	*m = M_EXEC;
	if (is_ext_lead(*p)) {
		name[n++] = *p++;
		while (isalnum((unsigned char)*p) || *p == '_') {
			if (n + 1 >= nsize)
				return false;
			name[n++] = (char)toupper((unsigned char)*p++);
		}
		name[n] = 0;
		if (n < 2)
			return false;
		if (p[0] == '=' && p[1] == '?') {
			*m = M_TEST;
			p += 2;
		} else if (*p == '?') {
			*m = M_READ;
			p++;
		} else if (*p == '=') {
			*m = M_SET;
			p++;
			size_t a = 0;
			bool q = false;
			while (*p && (q || *p != ';')) {
				if (*p == '"')
					q = !q;
				if (a + 1 >= asize)
					return false;
				args[a++] = *p++;
			}
			args[a] = 0;
		}
		if (*p == ';')
			p++;
		else if (*p)
			return false;
		*pp = p;
		return true;
	}
	/* Basic command: [&]letter [digits | =value | ?]; D takes the rest. */
	if (*p == '&')
		name[n++] = *p++;
	if (!isalpha((unsigned char)*p))
		return false;
	name[n++] = (char)toupper((unsigned char)*p++);
	name[n] = 0;
	size_t a = 0;
	if (name[0] == 'D') {
		while (*p && a + 1 < asize)
			args[a++] = *p++;
		if (*p)
			return false;
	} else {
		while ((isdigit((unsigned char)*p) || *p == '=' || *p == '?') && a + 1 < asize)
			args[a++] = *p++;
		if (*p == ';')
			p++;
	}
	args[a] = 0;
	*pp = p;
	return true;
}

/* Runs one command line ("AT+CPIN?;+CSQ"). Returns true when the line
 * went to data mode. */
static bool run_line(struct sim_at *at, const char *line)
{
	struct strbuf out;
	bool connect = false;
	sb_init(&out);
	if (at->echo) {
		sb_puts(&out, line);
		sb_puts(&out, "\r");
	}
	if (strncasecmp(line, "AT", 2)) {
		/* Not a command line: modems ignore it (still echoed). */
		port_write(at, sb_str(&out), out.len);
		sb_free(&out);
		return false;
	}
	at->commands++;
	const char *p = line + 2;
	int r = 0;
	while (*p && r == 0) {
		char name[24], args[256];
		enum cmd_mode m;
		if (!next_cmd(&p, name, sizeof name, &m, args, sizeof args)) {
			r = R_ERROR;
			break;
		}
		r = sim_at_cmd_run(at, name, m, args, &out);
	}
	switch (r) {
	case 0:
		sb_puts(&out, "\r\nOK\r\n");
		break;
	case R_CONNECT:
		sb_puts(&out, "\r\nCONNECT 150000000\r\n");
		connect = true;
		break;
	case R_NOCARRIER:
		sb_puts(&out, "\r\nNO CARRIER\r\n");
		break;
	case R_UNKNOWN:
		put_error(at, 0, &out);
		break;
	default:
		put_error(at, r, &out);
		break;
	}
	port_write(at, sb_str(&out), out.len);
	sb_free(&out);
	if (!connect)
		return false;
	at->plus_run = 0;
	if (at->ops->on_connect) {
		at->mode = SIM_AT_HANDED_OVER;
		ev_fd_del(at->loop, &at->h);
		at->ops->on_connect(at->ctx, at->master);
	} else {
		at->mode = SIM_AT_DATA;
	}
	return true;
}

static int line_cb(void *ctx, const char *line, size_t len, unsigned flags)
{
	struct sim_at *at = ctx;
	if (flags & AT_LINE_TRUNCATED) {
		struct strbuf out;
		sb_init(&out);
		put_error(at, 0, &out);
		port_write(at, sb_str(&out), out.len);
		sb_free(&out);
		return 0;
	}
	return run_line(at, line) ? 1 : 0;
}

static void end_call(struct sim_at *at)
{
	bool was_handed = at->mode == SIM_AT_HANDED_OVER;
	if (at->mode == SIM_AT_COMMAND)
		return;
	at->mode = SIM_AT_COMMAND;
	at_split_reset_line(&at->split);
	if (was_handed)
		ev_fd_add(at->loop, &at->h, EV_READ);
	if (at->ops->hangup)
		at->ops->hangup(at->ctx);
	port_write(at, "\r\nNO CARRIER\r\n", 14);
}

/* Data mode without a PPP owner: count and drop, watch for "+++". */
static size_t data_bytes(struct sim_at *at, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		at->data_bytes++;
		at->plus_run = p[i] == '+' ? at->plus_run + 1 : 0;
		if (at->plus_run == 3) {
			at->plus_run = 0;
			end_call(at);
			return i + 1;
		}
	}
	return n;
}

static void read_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_at *at = container_of(h, struct sim_at, h);
	uint8_t buf[512];
	for (;;) {
		if (at->mode == SIM_AT_HANDED_OVER)
			return;
		ssize_t n = read(at->master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;         /* EAGAIN; EIO cannot happen: we hold the slave */
		size_t off = 0;
		while (off < (size_t)n && at->mode != SIM_AT_HANDED_OVER) {
			if (at->mode == SIM_AT_DATA)
				off += data_bytes(at, buf + off, (size_t)n - off);
			else
				off += at_split_feed(&at->split, buf + off, (size_t)n - off, line_cb, at);
		}
	}
}

/* The port on an existing terminal (a USB gadget's /dev/ttyGSn, whose host
 * side is the real /dev/ttyUSBn): the emulator reads and answers on it
 * directly; nothing to link, no client side to hold. */
static int start_on_tty(struct sim_at *at, struct ev_loop *l, const char *path)
{
	struct termios tio;
	int err;
	at->master = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (at->master < 0)
		return -errno;
	if (!isatty(at->master) || tcgetattr(at->master, &tio)) {
		err = isatty(at->master) ? -errno : -ENOTTY;
		goto fail;
	}
	cfmakeraw(&tio);
	if (tcsetattr(at->master, TCSANOW, &tio)) {
		err = -errno;
		goto fail;
	}
	tcflush(at->master, TCIOFLUSH);
	at->h.fd = at->master;
	at->h.cb = read_cb;
	if ((err = ev_fd_add(l, &at->h, EV_READ)) < 0)
		goto fail;
	return 0;
fail:
	close(at->master);
	at->master = -1;
	return err;
}

int sim_at_start(struct sim_at *at, struct ev_loop *l, const char *path,
		 const struct sim_at_ops *ops, void *ctx)
{
	memset(at, 0, sizeof *at);
	at->master = at->slave = -1;
	at->loop = l;
	at->ops = ops;
	at->ctx = ctx;
	at->echo = true;
	at->cmee = 1;
	at_split_init(&at->split);
	if (strlen(path) >= sizeof at->path)
		return -ENAMETOOLONG;

	char name[128];
	struct termios tio;
	int err;
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISCHR(st.st_mode))
		return start_on_tty(at, l, path);
	at->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (at->master < 0)
		return -errno;
	if (grantpt(at->master) || unlockpt(at->master) ||
	    ptsname_r(at->master, name, sizeof name))
		goto fail;
	at->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (at->slave < 0 || tcgetattr(at->slave, &tio))
		goto fail;
	cfmakeraw(&tio);
	if (tcsetattr(at->slave, TCSANOW, &tio))
		goto fail;
	int fl = fcntl(at->master, F_GETFL);
	if (fl < 0 || fcntl(at->master, F_SETFL, fl | O_NONBLOCK) < 0)
		goto fail;

	if (lstat(path, &st) == 0) {
		if (!S_ISLNK(st.st_mode)) {
			errno = EEXIST;
			goto fail;
		}
		if (unlink(path))
			goto fail;
	}
	if (symlink(name, path))
		goto fail;
	snprintf(at->path, sizeof at->path, "%s", path);

	at->h.fd = at->master;
	at->h.cb = read_cb;
	if ((err = ev_fd_add(l, &at->h, EV_READ)) < 0) {
		unlink(at->path);
		at->path[0] = 0;
		errno = -err;
		goto fail;
	}
	return 0;
fail:
	err = -errno;
	if (at->slave >= 0)
		close(at->slave);
	close(at->master);
	at->master = at->slave = -1;
	return err ? err : -EIO;
}

void sim_at_stop(struct sim_at *at)
{
	if (at->master < 0)
		return;
	if (at->mode != SIM_AT_HANDED_OVER)
		ev_fd_del(at->loop, &at->h);
	if (at->path[0])
		unlink(at->path);
	if (at->slave >= 0)
		close(at->slave);
	close(at->master);
	at->master = at->slave = -1;
	at->path[0] = 0;
}

int sim_at_urc(struct sim_at *at, const char *line)
{
	if (at->master < 0)
		return -ENOTCONN;
	if (at->mode != SIM_AT_COMMAND)
		return -EBUSY;
	struct strbuf out;
	sb_init(&out);
	sb_printf(&out, "\r\n%s\r\n", line);
	port_write(at, sb_str(&out), out.len);
	sb_free(&out);
	return 0;
}

void sim_at_reg_changed(struct sim_at *at)
{
	struct sim_at_reg r = { .act = 7 };
	if (at->ops->registration)
		at->ops->registration(at->ctx, &r);
	const struct { const char *name; int n; } which[] = {
		{ "CREG", at->creg_n }, { "CGREG", at->cgreg_n }, { "CEREG", at->cereg_n },
	};
	for (size_t i = 0; i < ARRAY_SIZE(which); i++) {
		char line[96];
		if (!which[i].n)
			continue;
		if (which[i].n == 2 && (r.stat == 1 || r.stat == 5))
			snprintf(line, sizeof line, "+%s: %d,\"%04X\",\"%08X\",%d", which[i].name,
				 r.stat, r.tac & 0xffff, r.ci, r.act);
		else
			snprintf(line, sizeof line, "+%s: %d", which[i].name, r.stat);
		sim_at_urc(at, line);
	}
}

void sim_at_hangup(struct sim_at *at)
{
	end_call(at);
}

void sim_at_data_end(struct sim_at *at)
{
	end_call(at);
}
