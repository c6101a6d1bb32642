#include "mix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/hex.h"

void mix_load(struct mix *m, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	char line[8192];
	m->n = 0;
	while (fgets(line, sizeof(line), f) && m->n < 256) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		uint8_t buf[4096];
		int n = hex_decode(line, strlen(line), buf, sizeof(buf));
		if (n <= 0) {
			fprintf(stderr, "%s: bad hex line\n", path);
			exit(2);
		}
		m->frame[m->n] = malloc((size_t)n);
		memcpy(m->frame[m->n], buf, (size_t)n);
		m->len[m->n++] = (size_t)n;
	}
	fclose(f);
}

void mix_free(struct mix *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->frame[i]);
}

double mix_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
