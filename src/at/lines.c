/* Byte stream to lines. */
#include "at/at.h"

#include <string.h>

void at_split_init(struct at_splitter *s)
{
	memset(s, 0, sizeof(*s));
}

void at_split_reset_line(struct at_splitter *s)
{
	s->len = 0;
	s->truncated = false;
	s->line[0] = 0;
}

size_t at_split_feed(struct at_splitter *s, const uint8_t *p, size_t n,
		     at_line_cb cb, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c == '\r' || c == '\n') {
			if (s->len == 0) {
				s->truncated = false;
				continue;       /* empty line or 2nd half of CRLF */
			}
			unsigned flags = s->truncated ? AT_LINE_TRUNCATED : 0;
			size_t len = s->len;
			s->line[len] = 0;
			s->len = 0;
			s->truncated = false;
			s->lines++;
			if (flags)
				s->truncated_lines++;
			if (cb && cb(ctx, s->line, len, flags))
				return i + 1;
			continue;
		}
		/* Control bytes (NUL, BEL, ...) carry nothing in line mode; tabs
		 * appear in real answers (Sierra !GSTATUS?) and are kept. */
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			s->dropped_bytes++;
			continue;
		}
		if (s->len >= AT_LINE_MAX) {
			s->truncated = true;
			continue;
		}
		s->line[s->len++] = (char)c;
	}
	return n;
}
