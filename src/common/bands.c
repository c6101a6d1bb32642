/* Band sets and their text; see bands.h. */
#include "common/bands.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *band_rat_name(enum band_rat r)
{
	static const char *const n[] = { "lte", "nr-nsa", "nr-sa" };
	return (unsigned)r < BAND_N_RAT ? n[r] : "?";
}

unsigned band_rat_max(enum band_rat r)
{
	return r == BAND_LTE ? BANDS_LTE_MAX : BANDS_NR_MAX;
}

void band_mask_clear(struct band_mask *m)
{
	memset(m, 0, sizeof(*m));
}

void band_mask_set(struct band_mask *m, unsigned band)
{
	if (band >= 1 && band <= BANDS_WORDS * 64)
		m->w[(band - 1) / 64] |= 1ull << ((band - 1) % 64);
}

bool band_mask_has(const struct band_mask *m, unsigned band)
{
	if (band < 1 || band > BANDS_WORDS * 64)
		return false;
	return m->w[(band - 1) / 64] >> ((band - 1) % 64) & 1;
}

bool band_mask_empty(const struct band_mask *m)
{
	for (int i = 0; i < BANDS_WORDS; i++)
		if (m->w[i])
			return false;
	return true;
}

unsigned band_mask_count(const struct band_mask *m)
{
	unsigned n = 0;
	for (int i = 0; i < BANDS_WORDS; i++)
		n += (unsigned)__builtin_popcountll(m->w[i]);
	return n;
}

bool band_mask_equal(const struct band_mask *a, const struct band_mask *b)
{
	return !memcmp(a->w, b->w, sizeof(a->w));
}

unsigned band_mask_first_missing(const struct band_mask *want, const struct band_mask *have)
{
	for (unsigned b = 1; b <= BANDS_WORDS * 64; b++)
		if (band_mask_has(want, b) && !band_mask_has(have, b))
			return b;
	return 0;
}

bool band_mask_missing_text(const struct band_mask *want, const struct band_mask *have,
			    char *out, size_t cap)
{
	unsigned n = 0, total = 0;
	for (unsigned b = 1; b <= BANDS_WORDS * 64; b++)
		total += band_mask_has(want, b) && !band_mask_has(have, b);
	if (cap)
		out[0] = 0;
	if (!total)
		return false;
	size_t len = 0;
	for (unsigned b = 1; b <= BANDS_WORDS * 64 && len < cap; b++) {
		if (!band_mask_has(want, b) || band_mask_has(have, b))
			continue;
		n++;
		const char *sep = n == 1 ? "" : n == total ? " and " : ", ";
		int w = snprintf(out + len, cap - len, "%s%u", sep, b);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return true;
}

static void say(char *why, size_t cap, const char *text)
{
	if (cap)
		snprintf(why, cap, "%s", text);
}

static void not_a_band(char *why, size_t cap, const char *tok)
{
	size_t n = strcspn(tok, " ,\t");
	if (cap)
		snprintf(why, cap, "'%.*s' is not a band number", (int)(n < 20 ? n : 20), tok);
}

/* One number, with an optional b/B/n/N prefix; *end after it. */
static bool band_number(const char *p, const char **end, unsigned long *out)
{
	if (*p == 'b' || *p == 'B' || *p == 'n' || *p == 'N')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	char *e;
	unsigned long v = strtoul(p, &e, 10);
	if (e - p > 4)
		v = ~0ul;       /* far too long: out of range below */
	*out = v;
	*end = e;
	return true;
}

int band_list_parse(const char *text, unsigned max, struct band_mask *m, char *why, size_t cap)
{
	band_mask_clear(m);
	const char *p = text ? text : "";
	bool any = false;
	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *tok = p, *e;
		unsigned long lo, hi;
		if (!band_number(p, &e, &lo)) {
			not_a_band(why, cap, tok);
			return -1;
		}
		hi = lo;
		p = e;
		if (*p == '-') {
			if (!band_number(p + 1, &e, &hi)) {
				not_a_band(why, cap, tok);
				return -1;
			}
			p = e;
		}
		if (*p && *p != ' ' && *p != ',' && *p != '\t') {
			not_a_band(why, cap, tok);
			return -1;
		}
		if (lo < 1 || lo > max || hi < 1 || hi > max) {
			if (cap) {
				unsigned long bad = lo < 1 || lo > max ? lo : hi;
				if (bad <= 99999)
					snprintf(why, cap, "band %lu is out of range (1 to %u)", bad, max);
				else
					snprintf(why, cap, "a band number is out of range (1 to %u)", max);
			}
			return -1;
		}
		if (hi < lo) {
			if (cap)
				snprintf(why, cap, "range %lu-%lu runs backwards", lo, hi);
			return -1;
		}
		for (unsigned long b = lo; b <= hi; b++)
			band_mask_set(m, (unsigned)b);
		any = true;
	}
	if (!any) {
		say(why, cap, "no band given");
		return -1;
	}
	return 0;
}

int band_sel_parse(int argc, char *const *argv, struct band_sel *sel, char *why, size_t cap)
{
	memset(sel, 0, sizeof(*sel));
	static const struct { const char *prefix; unsigned kinds; } pre[] = {
		{ "lte:", 1u << BAND_LTE },
		{ "nr:", 1u << BAND_NR_NSA | 1u << BAND_NR_SA },
		{ "nr-nsa:", 1u << BAND_NR_NSA },
		{ "nr-sa:", 1u << BAND_NR_SA },
	};
	if (argc < 1) {
		say(why, cap, "no bands given (e.g. lte:3,7,20 nr:78)");
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		size_t k;
		for (k = 0; k < sizeof(pre) / sizeof(pre[0]); k++)
			if (!strncmp(a, pre[k].prefix, strlen(pre[k].prefix)))
				break;
		if (k == sizeof(pre) / sizeof(pre[0])) {
			if (cap)
				snprintf(why, cap, "'%.40s' is not lte:LIST, nr:LIST, nr-nsa:LIST or nr-sa:LIST "
					 "(e.g. lte:3,7,20 nr:78)", a);
			return -1;
		}
		unsigned kinds = pre[k].kinds;
		if (sel->given & kinds) {
			if (cap)
				snprintf(why, cap, "%.*s bands are given twice", (int)strlen(pre[k].prefix) - 1,
					 pre[k].prefix);
			return -1;
		}
		struct band_mask m;
		char inner[160];
		enum band_rat first = kinds & 1u << BAND_LTE ? BAND_LTE : BAND_NR_NSA;
		if (band_list_parse(a + strlen(pre[k].prefix), band_rat_max(first), &m, inner,
				    sizeof inner) < 0) {
			if (cap)
				snprintf(why, cap, "%.*s: %s", (int)strlen(pre[k].prefix) - 1, pre[k].prefix, inner);
			return -1;
		}
		for (int r = 0; r < BAND_N_RAT; r++)
			if (kinds & 1u << r)
				sel->m[r] = m;
		sel->given |= kinds;
	}
	return 0;
}

/* The bands in order; as text, runs of three or more as lo-hi. */
static void runs(const struct band_mask *m, struct strbuf *sb, bool json)
{
	bool first = true;
	for (unsigned b = 1; b <= BANDS_WORDS * 64; b++) {
		if (!band_mask_has(m, b))
			continue;
		unsigned e = b;
		while (e < BANDS_WORDS * 64 && band_mask_has(m, e + 1))
			e++;
		if (json) {
			for (unsigned x = b; x <= e; x++) {
				sb_printf(sb, "%s%u", first ? "" : ",", x);
				first = false;
			}
		} else if (e - b >= 2) {
			sb_printf(sb, "%s%u-%u", first ? "" : ",", b, e);
			first = false;
		} else {
			for (unsigned x = b; x <= e; x++) {
				sb_printf(sb, "%s%u", first ? "" : ",", x);
				first = false;
			}
		}
		b = e;
	}
}

void band_list_text(const struct band_mask *m, struct strbuf *sb)
{
	runs(m, sb, false);
}

void band_list_json(const struct band_mask *m, struct strbuf *sb)
{
	sb_putc(sb, '[');
	runs(m, sb, true);
	sb_putc(sb, ']');
}
