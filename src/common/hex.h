/* Hex text to bytes, tolerant of the separators people paste. */
#ifndef CELLINK_COMMON_HEX_H
#define CELLINK_COMMON_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value of one hex digit, -1 for any other character. */
int hex_digit(char c);

/* Parses hex digits from s[0..n), skipping spaces, tabs, ':' and '-'
 * between bytes (a byte's two digits must be adjacent). Writes at most cap
 * bytes to out. Returns the byte count, CL_E_BAD_HEX for any other
 * character or an odd digit count, CL_E_NO_SPACE when out is too small. */
int hex_decode(const char *s, size_t n, uint8_t *out, size_t cap);

/* Picks the hex out of one line of cellink decode's input: a bare frame,
 * or the part after "data =" in a qmicli --verbose or ModemManager debug
 * log (then *from_log is set). Cuts the line at its first CR or LF, in
 * place. Returns NULL for lines to skip (comments, blank lines, other log
 * lines). */
const char *hex_log_frame(char *line, bool *from_log);

#endif
