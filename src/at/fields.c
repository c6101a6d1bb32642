/* Comma-separated answer fields. */
#include "at/at.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"

static void trim(const char **p, size_t *len)
{
	while (*len && isspace((unsigned char)**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*p)[*len - 1]))
		(*len)--;
}

int at_fields_split(const char *line, const char *prefix, struct at_fields *out)
{
	const char *s = line;
	out->n = 0;
	if (prefix) {
		size_t pl = strlen(prefix);
		if (strncmp(s, prefix, pl))
			return CL_E_PARSE;
		s += pl;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	for (;;) {
		const char *start = s;
		bool inq = false;
		while (*s && (inq || *s != ',')) {
			if (*s == '"')
				inq = !inq;
			s++;
		}
		if (inq)
			return CL_E_BAD_VALUE;
		if (out->n >= AT_MAX_FIELDS)
			return CL_E_TOO_MANY;
		struct at_field *f = &out->f[out->n++];
		f->p = start;
		f->len = (size_t)(s - start);
		trim(&f->p, &f->len);
		f->quoted = false;
		if (f->len >= 2 && f->p[0] == '"' && f->p[f->len - 1] == '"') {
			f->p++;
			f->len -= 2;
			f->quoted = true;
		}
		if (!*s)
			break;
		s++;    /* the comma */
	}
	return out->n;
}

static int field_text(const struct at_fields *f, int i, char *buf, size_t size)
{
	if (i < 0 || i >= f->n || f->f[i].len == 0)
		return CL_E_TRUNCATED;
	if (f->f[i].len >= size)
		return CL_E_BAD_VALUE;
	memcpy(buf, f->f[i].p, f->f[i].len);
	buf[f->f[i].len] = 0;
	return 0;
}

int at_field_int(const struct at_fields *f, int i, long *out)
{
	char b[32];
	int r = field_text(f, i, b, sizeof b);
	if (r)
		return r;
	char *end;
	errno = 0;
	long v = strtol(b, &end, 10);
	if (end == b || *end || errno)
		return CL_E_BAD_VALUE;
	*out = v;
	return 0;
}

int at_field_hex(const struct at_fields *f, int i, unsigned long *out)
{
	char b[32];
	int r = field_text(f, i, b, sizeof b);
	if (r)
		return r;
	const char *s = b;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!isxdigit((unsigned char)*s))
		return CL_E_BAD_VALUE;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 16);
	if (*end || errno)
		return CL_E_BAD_VALUE;
	*out = v;
	return 0;
}

int at_field_dec1(const struct at_fields *f, int i, long *out)
{
	char b[32];
	int r = field_text(f, i, b, sizeof b);
	if (r)
		return r;
	const char *s = b;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!isdigit((unsigned char)*s))
		return CL_E_BAD_VALUE;
	long v = 0;
	while (isdigit((unsigned char)*s)) {
		if (v > 100000000)
			return CL_E_BAD_VALUE;
		v = v * 10 + (*s++ - '0');
	}
	v *= 10;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return CL_E_BAD_VALUE;
		v += *s++ - '0';
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s)
		return CL_E_BAD_VALUE;
	*out = neg ? -v : v;
	return 0;
}

int at_field_str(const struct at_fields *f, int i, char *buf, size_t size)
{
	if (i < 0 || i >= f->n)
		return CL_E_TRUNCATED;
	if (f->f[i].len >= size)
		return CL_E_NO_SPACE;
	memcpy(buf, f->f[i].p, f->f[i].len);
	buf[f->f[i].len] = 0;
	return 0;
}

bool at_field_is(const struct at_fields *f, int i, const char *s)
{
	if (i < 0 || i >= f->n)
		return false;
	return strlen(s) == f->f[i].len && !strncasecmp(f->f[i].p, s, f->f[i].len);
}
