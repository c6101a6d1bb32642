#include "common/hex.h"
#include "common/err.h"

#include <string.h>

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t len = 0;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == ':' || c == '-' || c == '\r' || c == '\n') {
			i++;
			continue;
		}
		int hi = hex_digit(c);
		int lo = i + 1 < n ? hex_digit(s[i + 1]) : -1;
		if (hi < 0 || lo < 0)
			return CL_E_BAD_HEX;
		if (len >= cap)
			return CL_E_NO_SPACE;
		out[len++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return (int)len;
}

const char *hex_log_frame(char *line, bool *from_log)
{
	*from_log = false;
	line[strcspn(line, "\r\n")] = 0;
	char *p = line + strspn(line, " \t");
	if (*p == 0 || *p == '#')
		return NULL;
	/* "data = 01:0F:..." (only blanks between the word and '=') */
	for (char *data = strstr(p, "data"); data; data = strstr(data + 4, "data")) {
		char before = data > p ? data[-1] : ' ';
		char *eq = data + 4 + strspn(data + 4, " \t");
		if (*eq == '=' && (before == ' ' || before == '\t' || before == ']' || before == ':')) {
			*from_log = true;
			return eq + 1 + strspn(eq + 1, " \t");
		}
	}
	/* other lines of a pasted log */
	if (strstr(p, "<<<<<<") || strstr(p, ">>>>>>") || *p == '[' || strchr(p, '='))
		return NULL;
	return p;
}
