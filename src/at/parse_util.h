/* Shared by the parser files of src/at (not installed API). */
#ifndef CELLINK_AT_PARSE_UTIL_H
#define CELLINK_AT_PARSE_UTIL_H

#include "at/at.h"
#include "at/at_parse.h"

int at_perr_set(struct at_perr *e, int err, int field, const char *what, const char *why);
/* Field i as an int in lo..hi; the value `unknown` gives AT_UNKNOWN. */
int at_get_int(const struct at_fields *f, int i, const char *what, long lo, long hi,
	       long unknown, int *out, struct at_perr *e);
int at_get_opt_int(const struct at_fields *f, int i, const char *what, long lo, long hi,
		   int *out, struct at_perr *e);

#endif
