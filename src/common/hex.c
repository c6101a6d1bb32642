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

void hex_log_init(struct hex_log *lg)
{
	lg->declared = -1;
	lg->in_raw = false;
	lg->modemmanager = false;
}

/* "length = N" at or after p (only blanks between the word, '=' and the
 * digits), or -1. */
static long length_field(const char *p)
{
	for (const char *w = strstr(p, "length"); w; w = strstr(w + 6, "length")) {
		const char *eq = w + 6 + strspn(w + 6, " \t");
		if (*eq != '=')
			continue;
		const char *d = eq + 1 + strspn(eq + 1, " \t");
		long v = 0;
		int digits = 0;
		while (*d >= '0' && *d <= '9' && digits < 9) {
			v = v * 10 + (*d++ - '0');
			digits++;
		}
		if (digits && (*d == 0 || *d == ' ' || *d == '\t' || *d == '\r' || *d == '<' || *d == '>'))
			return v;
	}
	return -1;
}

const char *hex_log_line(struct hex_log *lg, char *line, bool *from_log, long *declared)
{
	*declared = -1;
	bool mm_line = strstr(line, "ModemManager") || strstr(line, "<dbg>") || strstr(line, "<debug>");
	lg->modemmanager |= mm_line;
	/* a RAW block starts: its length, on this line or a later one */
	const char *raw = strstr(line, "RAW:");
	if (raw) {
		lg->in_raw = true;
		lg->declared = -1;
	}
	if (lg->in_raw && lg->declared < 0) {
		const char *from = raw ? raw : line;
		const char *data = strstr(from, "data");
		/* the length before the data (a one-line block holds both) */
		char keep = 0;
		char *cut = data ? (char *)data : NULL;
		if (cut) {
			keep = *cut;
			*cut = 0;
		}
		lg->declared = length_field(from);
		if (cut)
			*cut = keep;
	}
	const char *hex = hex_log_frame(line, from_log);
	if (hex && !*from_log && mm_line)
		return NULL;    /* ModemManager's words, not a bare frame */
	if (hex && *from_log) {
		*declared = lg->in_raw ? lg->declared : -1;
		lg->in_raw = false;
		lg->declared = -1;
	}
	return hex;
}

bool hex_log_cut(const char *hex)
{
	size_t n = strlen(hex);
	while (n && (hex[n - 1] == ' ' || hex[n - 1] == '\t'))
		n--;
	return n >= 3 && !strncmp(hex + n - 3, "...", 3);
}
