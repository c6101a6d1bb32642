/* The refused-PIN memory (pin_memory.h). */
#include "store/pin_memory.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/sha256.h"

#define LINE_LEN (2 * SHA256_LEN)       /* one refused PIN: hex digest */

void pin_memory_init(struct pin_memory *m, const char *runtime_dir)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->dir, sizeof m->dir, "%s/pin", runtime_dir && runtime_dir[0] ? runtime_dir : "/run/cellink");
}

static void to_hex(const uint8_t *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = 0;
}

/* SHA-256 over the parts, each followed by a zero byte (no part can run
 * into the next), as hex */
static void digest(const char *a, const char *b, const char *c, char out[LINE_LEN + 1])
{
	struct sha256 s;
	uint8_t d[SHA256_LEN];
	const char *parts[] = { a, b, c };
	sha256_init(&s);
	for (size_t i = 0; i < 3; i++)
		if (parts[i])
			sha256_update(&s, parts[i], strlen(parts[i]) + 1);
	sha256_final(&s, d);
	to_hex(d, SHA256_LEN, out);
	memset(d, 0, sizeof d);
}

/* the SIM's file: named by a hash of the ICCID, not the ICCID */
static void file_name(const char *iccid, char out[40])
{
	char h[LINE_LEN + 1];
	digest("cellink sim", iccid, NULL, h);
	snprintf(out, 40, "%.32s", h);
}

static int fail(struct pin_memory *m, int err, const char *what)
{
	snprintf(m->why, sizeof m->why, "%s: %s", what, strerror(err));
	return -err;
}

/* A directory we own that nobody else may write into (mode & 022 == 0),
 * opened without following a symbolic link. */
static int open_safe_dir(struct pin_memory *m, const char *path, mode_t mode, bool private)
{
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return fail(m, errno, path);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
		snprintf(m->why, sizeof m->why, "%s: a symbolic link or not a directory: not trusted", path);
		return -EPERM;
	}
	if (fd < 0)
		return fail(m, errno, path);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return fail(m, e, path);
	}
	if (st.st_uid != geteuid() || (st.st_mode & (private ? 077 : 022))) {
		close(fd);
		snprintf(m->why, sizeof m->why, "%s: not owned by us, or open to others (mode %04o): not trusted",
			 path, (unsigned)(st.st_mode & 07777));
		return -EPERM;
	}
	return fd;
}

/* The directory of the memory, made when missing: its parent (the runtime
 * directory) and itself must be ours and closed to writers. */
static int open_dir(struct pin_memory *m)
{
	char parent[sizeof m->dir];
	snprintf(parent, sizeof parent, "%s", m->dir);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		int pfd = open_safe_dir(m, parent, 0755, false);
		if (pfd < 0)
			return pfd;
		close(pfd);
	}
	return open_safe_dir(m, m->dir, 0700, true);
}

/* Reads the SIM's file: up to PIN_MEMORY_MAX lines into lines[][]. The
 * count, or -errno. */
static int read_lines(struct pin_memory *m, int dfd, const char *name, char lines[][LINE_LEN + 1])
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail(m, errno == ELOOP ? EPERM : errno, name);
	struct stat st;
	char buf[PIN_MEMORY_MAX * (LINE_LEN + 1) + 1];
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
		n = read(fd, buf, sizeof buf - 1);
	else
		errno = EPERM;
	int e = errno;
	close(fd);
	if (n < 0)
		return fail(m, e, name);
	buf[n] = 0;
	int count = 0;
	for (char *p = buf; *p && count < PIN_MEMORY_MAX;) {
		size_t len = strcspn(p, "\n");
		if (len == LINE_LEN) {
			memcpy(lines[count], p, LINE_LEN);
			lines[count++][LINE_LEN] = 0;
		}
		p += len;
		p += *p == '\n';
	}
	return count;
}

int pin_memory_refused(struct pin_memory *m, const char *iccid, const char *pin)
{
	char name[40], line[LINE_LEN + 1], lines[PIN_MEMORY_MAX][LINE_LEN + 1];
	int dfd = open_dir(m);
	if (dfd < 0)
		return dfd;
	file_name(iccid ? iccid : "", name);
	int n = read_lines(m, dfd, name, lines);
	close(dfd);
	if (n < 0)
		return n;
	digest("cellink refused pin", iccid ? iccid : "", pin, line);
	int found = 0;
	for (int i = 0; i < n; i++)
		found |= !strcmp(lines[i], line);
	return found;
}

int pin_memory_remember(struct pin_memory *m, const char *iccid, const char *pin)
{
	char name[40], tmp[64], line[LINE_LEN + 1], lines[PIN_MEMORY_MAX + 1][LINE_LEN + 1];
	int dfd = open_dir(m);
	if (dfd < 0)
		return dfd;
	file_name(iccid ? iccid : "", name);
	int n = read_lines(m, dfd, name, lines);
	if (n < 0) {
		close(dfd);
		return n;
	}
	digest("cellink refused pin", iccid ? iccid : "", pin, line);
	int k = 0;
	for (int i = 0; i < n; i++)             /* the others, without this one */
		if (strcmp(lines[i], line))
			memcpy(lines[k++], lines[i], sizeof lines[0]);
	memcpy(lines[k++], line, sizeof lines[0]);
	int first = k > PIN_MEMORY_MAX ? k - PIN_MEMORY_MAX : 0;

	snprintf(tmp, sizeof tmp, ".%s.%ld", name, (long)getpid());
	int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST && unlinkat(dfd, tmp, 0) == 0)   /* a dead process's */
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		close(dfd);
		return fail(m, e, tmp);
	}
	int r = 0;
	for (int i = first; i < k && !r; i++) {
		lines[i][LINE_LEN] = '\n';
		errno = 0;
		if (write(fd, lines[i], LINE_LEN + 1) != LINE_LEN + 1)
			r = fail(m, errno ? errno : EIO, tmp);
	}
	if (!r && fsync(fd) < 0)
		r = fail(m, errno, tmp);
	if (close(fd) < 0 && !r)
		r = fail(m, errno, tmp);
	if (!r && renameat(dfd, tmp, dfd, name) < 0)
		r = fail(m, errno, name);
	if (r)
		unlinkat(dfd, tmp, 0);
	else
		fsync(dfd);
	close(dfd);
	return r;
}
