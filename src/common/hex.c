#include "common/hex.h"
#include "common/err.h"

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
