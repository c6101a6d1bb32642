/* The frames a decode benchmark runs over, read from a hex file. */
#ifndef CELLINK_BENCH_MIX_H
#define CELLINK_BENCH_MIX_H

#include <stddef.h>
#include <stdint.h>

struct mix {
	size_t n;
	uint8_t *frame[256];
	size_t len[256];
};

/* Reads one hex frame per line ('#' lines skipped). Exits on error. */
void mix_load(struct mix *m, const char *path);
void mix_free(struct mix *m);
double mix_now(void);

#endif
