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

/* The RAW blocks of a libqmi/libmbim trace, as qmicli --verbose, mbimcli
 * --verbose(-full) and ModemManager --debug print them:
 *
 *   [/dev/cdc-wdm0] received message...
 *   >>>>>> RAW:
 *   >>>>>>   length = 48
 *   >>>>>>   data   = 03:00:00:80:30:00:...
 *
 * each line possibly behind a syslog or journal prefix, or (syslog of
 * OpenWrt, logread) the whole block on one line. A reader carries what
 * the lines before told: the length the block announced, and whether the
 * log is ModemManager's. */
struct hex_log {
	long declared;          /* "length = N" of the RAW block being read, -1: none */
	bool in_raw;            /* after a "RAW:" whose data has not come yet */
	bool modemmanager;      /* a line named ModemManager (or its log levels) */
};
void hex_log_init(struct hex_log *lg);
/* One line through the reader: the hex of the frame it holds (as
 * hex_log_frame), and in *declared the length its RAW block announced
 * (-1 when it announced none, or the line is a bare frame). */
const char *hex_log_line(struct hex_log *lg, char *line, bool *from_log, long *declared);
/* Whether hex text ends in "..." (a trace that printed only the start). */
bool hex_log_cut(const char *hex);

#endif
