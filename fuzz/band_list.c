/* libFuzzer target: band lists and selections (cellink bands --lock,
 * lte_bands/nr_bands) through the parser, and what parses must print and
 * parse back to the same bands. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/bands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct band_mask *m, unsigned max)
{
	struct strbuf sb;
	struct band_mask back;
	char why[200];
	sb_init(&sb);
	band_list_text(m, &sb);
	if (band_list_parse(sb_str(&sb), max, &back, why, sizeof why) < 0 || !band_mask_equal(m, &back))
		abort();
	sb_reset(&sb);
	band_list_json(m, &sb);
	sb_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	struct band_mask m;
	char why[200];
	if (band_list_parse(text, BANDS_NR_MAX, &m, why, sizeof why) == 0)
		round_trip(&m, BANDS_NR_MAX);
	char *words[64];
	int n = 0;
	for (char *save = NULL, *w = strtok_r(text, " \t\n", &save); w && n < 64; w = strtok_r(NULL, " \t\n", &save))
		words[n++] = w;
	struct band_sel sel;
	if (band_sel_parse(n, words, &sel, why, sizeof why) == 0)
		for (int r = 0; r < BAND_N_RAT; r++)
			if (sel.given & 1u << r)
				round_trip(&sel.m[r], band_rat_max((enum band_rat)r));
	free(text);
	return 0;
}
