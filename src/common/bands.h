/* Radio band sets: LTE (E-UTRA) bands 1..256 and 5G NR bands 1..512, as
 * bit masks in QMI's layout (bit b-1 of word (b-1)/64 is band b: the
 * extended LTE band preference has 4 such words, each NR band preference
 * 8), and the text users write them in.
 *
 * Pure: parsing and formatting only, no I/O, no QMI. The conn engine
 * (option lte_bands/nr_bands), cellink bands and the emulator share it.
 *
 * Text forms:
 *   a list       "3,7,20"  "3 7 20"  "1-3,7"  ("b3", "B3", "n78" accepted)
 *   a selection  "lte:3,7,20 nr:78"   (argv words; nr: sets NSA and SA,
 *                nr-nsa: and nr-sa: one of them)
 */
#ifndef CELLINK_COMMON_BANDS_H
#define CELLINK_COMMON_BANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

#define BANDS_LTE_MAX 256
#define BANDS_NR_MAX 512
#define BANDS_WORDS 8

enum band_rat { BAND_LTE, BAND_NR_NSA, BAND_NR_SA, BAND_N_RAT };

struct band_mask {
	uint64_t w[BANDS_WORDS];
};

/* What a user asked for: the kinds given (1u << enum band_rat) and their
 * bands. A kind not given is left as the modem has it. */
struct band_sel {
	unsigned given;
	struct band_mask m[BAND_N_RAT];
};

/* "lte", "nr-nsa", "nr-sa" */
const char *band_rat_name(enum band_rat r);
/* The highest band number of the kind (256 or 512). */
unsigned band_rat_max(enum band_rat r);

void band_mask_clear(struct band_mask *m);
void band_mask_set(struct band_mask *m, unsigned band);
bool band_mask_has(const struct band_mask *m, unsigned band);
bool band_mask_empty(const struct band_mask *m);
unsigned band_mask_count(const struct band_mask *m);
bool band_mask_equal(const struct band_mask *a, const struct band_mask *b);
/* The first band of want that have lacks, 0 when none. */
unsigned band_mask_first_missing(const struct band_mask *want, const struct band_mask *have);
/* The bands of want that have lacks, as "42 and 43" or "1, 2 and 3";
 * false when there is none. */
bool band_mask_missing_text(const struct band_mask *want, const struct band_mask *have,
			    char *out, size_t cap);

/* Parses a list of band numbers 1..max into m (cleared first). An empty
 * list is an error. 0, or -1 with a sentence naming the problem in why. */
int band_list_parse(const char *text, unsigned max, struct band_mask *m, char *why, size_t cap);
/* Parses selection words ("lte:3,7", "nr:78", "nr-sa:78", "nr-nsa:78").
 * A kind named twice is an error. 0, or -1 with why. */
int band_sel_parse(int argc, char *const *argv, struct band_sel *sel, char *why, size_t cap);

/* "3,7,20" (ranges of three or more as "1-4"); "" for an empty mask. */
void band_list_text(const struct band_mask *m, struct strbuf *sb);
/* [3,7,20] */
void band_list_json(const struct band_mask *m, struct strbuf *sb);

#endif
