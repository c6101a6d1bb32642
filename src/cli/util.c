#include "cli/util.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cli_read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "cellink: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IONBF, 0);    /* no copy in a stdio buffer (the file may hold secrets) */
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
		if (n + 1 == cap) {
			if (cap >= ((size_t)64 << 20)) {
				fprintf(stderr, "cellink: %s: larger than 64 MiB\n", path);
				explicit_bzero(buf, cap);
				free(buf);
				buf = NULL;
				break;
			}
			char *nb = malloc(cap * 2);     /* not realloc: the old block is wiped */
			if (nb)
				memcpy(nb, buf, n);
			explicit_bzero(buf, cap);
			free(buf);
			buf = nb;
			if (!buf)
				break;
			cap *= 2;
		}
	}
	if (buf && ferror(f)) {
		fprintf(stderr, "cellink: %s: read error\n", path);
		explicit_bzero(buf, cap);
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (!buf)
		return NULL;
	buf[n] = 0;
	*len = n;
	return buf;
}

bool cli_warn_secret_file(const char *prog, const char *path, const char *what)
{
	struct stat st;
	if (!strcmp(path, "-") || stat(path, &st) < 0 || !(st.st_mode & S_IROTH))
		return false;
	static struct { dev_t dev; ino_t ino; } said[4];        /* once per file ('--mode auto' reads twice) */
	static unsigned n_said;
	for (unsigned i = 0; i < n_said; i++)
		if (said[i].dev == st.st_dev && said[i].ino == st.st_ino)
			return true;
	if (n_said < 4) {
		said[n_said].dev = st.st_dev;
		said[n_said++].ino = st.st_ino;
	}
	fprintf(stderr, "%s: warning: %s holds %s and every user may read it (mode %04o); "
		"'chmod o-rwx %s' (NetworkManager ignores such files)\n", prog, path, what,
		(unsigned)(st.st_mode & 07777), path);
	return true;
}
