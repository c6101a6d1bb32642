/* SMS-DELIVER and SMS-SUBMIT PDUs (3GPP TS 23.040 9.2), as QMI WMS carries
 * them: the SMSC address (TS 24.011 RP address: a length in octets, then
 * type and BCD digits; 0 = none) and the TPDU. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sms/sms.h"
#include "sms/internal.h"

static int fail(char *why, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t cap, const char *fmt, ...)
{
	if (why && cap) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return -1;
}

const char *sms_alphabet_name(enum sms_alphabet a)
{
	return a == SMS_GSM7 ? "gsm7" : a == SMS_UCS2 ? "ucs2" : "8bit";
}

/* ---- reading ---- */

struct rd {
	const uint8_t *p;
	size_t len, off;
};

static bool take(struct rd *r, size_t n, const uint8_t **out)
{
	if (r->len - r->off < n)
		return false;
	*out = r->p + r->off;
	r->off += n;
	return true;
}

static const char digit_chars[] = "0123456789*#abc";

/* BCD digits, low nibble first; a nibble of 0xF ends them. */
static void bcd_digits(const uint8_t *p, size_t ndig, char *out, size_t cap, size_t *len)
{
	for (size_t i = 0; i < ndig && *len + 1 < cap; i++) {
		unsigned d = i % 2 ? p[i / 2] >> 4 : p[i / 2] & 0x0f;
		if (d == 0x0f)
			break;
		out[(*len)++] = digit_chars[d];
	}
	out[*len] = 0;
}

/* An address from its type of address and value bytes. ndig: digits (or
 * semi-octets of an alphanumeric address). */
static int address(uint8_t toa, const uint8_t *p, size_t nbytes, size_t ndig, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = 0;
	if ((toa >> 4 & 7) == 5) {      /* alphanumeric: packed GSM 7-bit */
		return sms_gsm7_to_utf8(p, nbytes, ndig * 4 / 7, 0, out, cap) < 0 ? -1 : 0;
	}
	if ((toa >> 4 & 7) == 1)
		out[len++] = '+';
	out[len] = 0;
	bcd_digits(p, ndig, out, cap, &len);
	return 0;
}

static int bcd2(uint8_t b, bool *ok)
{
	unsigned lo = b & 0x0f, hi = b >> 4;
	if (lo > 9 || hi > 9)
		*ok = false;
	return (int)(lo * 10 + hi);
}

static bool decode_time(const uint8_t *p, struct sms_time *t)
{
	bool ok = true;
	t->year = 2000 + bcd2(p[0], &ok);
	t->month = bcd2(p[1], &ok);
	t->day = bcd2(p[2], &ok);
	t->hour = bcd2(p[3], &ok);
	t->minute = bcd2(p[4], &ok);
	t->second = bcd2(p[5], &ok);
	bool neg = p[6] & 0x08;
	bool tz_ok = true;
	int q = bcd2(p[6] & 0xf7, &tz_ok);
	t->tz_minutes = (neg ? -q : q) * 15;
	return ok && tz_ok && t->month >= 1 && t->month <= 12 && t->day >= 1 && t->day <= 31 &&
	       t->hour < 24 && t->minute < 60 && t->second < 60 && q <= 14 * 4;
}

void sms_time_iso(const struct sms_time *t, char *out, size_t cap)
{
	int tz = t->tz_minutes < 0 ? -t->tz_minutes : t->tz_minutes;
	snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", t->year % 10000, t->month % 100,
		 t->day % 100, t->hour % 100, t->minute % 100, t->second % 100,
		 t->tz_minutes < 0 ? '-' : '+', tz / 60 % 100, tz % 60);
}

/* The alphabet and class of a data coding scheme (TS 23.038 4). */
static int dcs_alphabet(uint8_t dcs, enum sms_alphabet *a, int *cls)
{
	*cls = -1;
	switch (dcs >> 4) {
	case 0x0: case 0x1: case 0x2: case 0x3:         /* general data coding */
	case 0x4: case 0x5: case 0x6: case 0x7:         /* ... marked for deletion */
		if (dcs & 0x20)
			return -1;                      /* compressed: not supported */
		*a = (dcs >> 2 & 3) == 1 ? SMS_8BIT : (dcs >> 2 & 3) == 2 ? SMS_UCS2 : SMS_GSM7;
		if (dcs & 0x10)
			*cls = dcs & 3;
		return 0;
	case 0xC: case 0xD:                             /* message waiting, GSM 7-bit */
		*a = SMS_GSM7;
		return 0;
	case 0xE:                                       /* message waiting, UCS-2 */
		*a = SMS_UCS2;
		return 0;
	case 0xF:                                       /* data coding / message class */
		*a = dcs & 0x04 ? SMS_8BIT : SMS_GSM7;
		*cls = dcs & 3;
		return 0;
	default:                                        /* reserved groups: 7-bit */
		*a = SMS_GSM7;
		return 0;
	}
}

static int user_data(struct rd *r, bool udhi, struct sms_msg *m, char *why, size_t cap)
{
	const uint8_t *udl_p, *ud;
	if (!take(r, 1, &udl_p))
		return fail(why, cap, "the PDU ends before its user data length");
	size_t udl = udl_p[0];
	size_t ud_bytes = m->alphabet == SMS_GSM7 ? (udl * 7 + 7) / 8 : udl;
	if (m->alphabet == SMS_GSM7 ? udl > 160 : udl > 140)
		return fail(why, cap, "user data length %zu is more than an SMS holds", udl);
	if (!take(r, ud_bytes, &ud))
		return fail(why, cap, "user data length %zu needs %zu bytes, %zu left", udl, ud_bytes,
			    r->len - r->off + 0);
	size_t hdr = 0;         /* octets of the header, with its length byte */
	if (udhi) {
		if (ud_bytes < 1 || (size_t)ud[0] + 1 > ud_bytes)
			return fail(why, cap, "user data header of %u bytes does not fit the user data",
				    ud_bytes ? ud[0] : 0);
		hdr = (size_t)ud[0] + 1;
		for (size_t i = 1; i < hdr;) {
			if (i + 2 > hdr || i + 2 + ud[i + 1] > hdr)
				return fail(why, cap, "user data header element 0x%02x runs past the header",
					    ud[i]);
			uint8_t iei = ud[i], iel = ud[i + 1];
			const uint8_t *v = ud + i + 2;
			if (iei == 0x00 && iel == 3) {
				m->concat = true;
				m->ref = v[0];
				m->total = v[1];
				m->seq = v[2];
			} else if (iei == 0x08 && iel == 4) {
				m->concat = true;
				m->ref = (uint16_t)(v[0] << 8 | v[1]);
				m->total = v[2];
				m->seq = v[3];
			}
			i += 2 + (size_t)iel;
		}
		if (m->concat && (m->total == 0 || m->seq == 0 || m->seq > m->total))
			m->concat = false;      /* 23.040: ignore a header with bad numbers */
	}
	int n;
	if (m->alphabet == SMS_GSM7) {
		size_t skip = (hdr * 8 + 6) / 7;        /* septets the header takes */
		if (skip > udl)
			return fail(why, cap, "user data header longer than the user data");
		unsigned fill = (unsigned)(skip * 7 - hdr * 8);
		n = sms_gsm7_to_utf8(ud + hdr, ud_bytes - hdr, udl - skip, fill, m->text, sizeof(m->text));
	} else if (m->alphabet == SMS_UCS2) {
		n = sms_ucs2_to_utf8(ud + hdr, udl - hdr, m->text, sizeof(m->text));
	} else {
		size_t k = 0;
		for (size_t i = hdr; i < udl; i++, k += 2)
			snprintf(m->text + k, sizeof(m->text) - k, "%02x", ud[i]);
		m->text[k] = 0;
		n = (int)k;
	}
	if (n < 0)
		return fail(why, cap, "user data does not decode");
	m->text_len = (size_t)n;
	return 0;
}

/* An address field: length (digits), type, value. */
static int addr_field(struct rd *r, char *out, size_t cap, const char *what, char *why, size_t wcap)
{
	const uint8_t *h, *v;
	if (!take(r, 2, &h))
		return fail(why, wcap, "the PDU ends in the %s address", what);
	size_t ndig = h[0];
	if (ndig > 20)
		return fail(why, wcap, "%s address of %zu digits (at most 20)", what, ndig);
	if (!take(r, (ndig + 1) / 2, &v))
		return fail(why, wcap, "%s address of %zu digits runs past the PDU", what, ndig);
	if (address(h[1], v, (ndig + 1) / 2, ndig, out, cap) < 0)
		return fail(why, wcap, "%s address does not decode", what);
	return 0;
}

int sms_decode(const uint8_t *pdu, size_t len, struct sms_msg *m, char *why, size_t cap)
{
	struct rd r = { pdu, len, 0 };
	const uint8_t *p;
	memset(m, 0, sizeof(*m));
	m->msg_class = -1;
	/* the SMSC address: length in octets (type included) */
	if (!take(&r, 1, &p))
		return fail(why, cap, "empty PDU");
	size_t sl = p[0];
	if (sl > 11)
		return fail(why, cap, "SMSC address of %zu bytes (at most 11)", sl);
	if (sl) {
		const uint8_t *v;
		if (!take(&r, sl, &v))
			return fail(why, cap, "SMSC address of %zu bytes runs past the PDU", sl);
		address(v[0], v + 1, sl - 1, (sl - 1) * 2, m->smsc, sizeof(m->smsc));
	}
	const uint8_t *fo;
	if (!take(&r, 1, &fo))
		return fail(why, cap, "the PDU ends after the SMSC address");
	unsigned mti = fo[0] & 3;
	bool udhi = fo[0] & 0x40;
	if (mti == 0) {
		m->type = SMS_DELIVER;
		if (addr_field(&r, m->addr, sizeof(m->addr), "originating", why, cap))
			return -1;
	} else if (mti == 1) {
		m->type = SMS_SUBMIT;
		if (!take(&r, 1, &p))   /* message reference */
			return fail(why, cap, "the PDU ends before its message reference");
		if (addr_field(&r, m->addr, sizeof(m->addr), "destination", why, cap))
			return -1;
	} else {
		return fail(why, cap, "message type %u is not an SMS-DELIVER or SMS-SUBMIT%s", mti,
			    mti == 2 ? " (a status report)" : "");
	}
	if (!take(&r, 2, &p))
		return fail(why, cap, "the PDU ends before its protocol id and coding scheme");
	m->pid = p[0];
	m->dcs = p[1];
	if (dcs_alphabet(m->dcs, &m->alphabet, &m->msg_class) < 0)
		return fail(why, cap, "data coding scheme 0x%02x (compressed) is not supported", m->dcs);
	if (m->type == SMS_DELIVER) {
		if (!take(&r, 7, &p))
			return fail(why, cap, "the PDU ends in its time stamp");
		m->has_time = decode_time(p, &m->time);
	} else {
		unsigned vpf = fo[0] >> 3 & 3;
		size_t vp = vpf == 2 ? 1 : vpf ? 7 : 0;
		if (!take(&r, vp, &p))
			return fail(why, cap, "the PDU ends in its validity period");
	}
	return user_data(&r, udhi, m, why, cap);
}

/* ---- writing ---- */

struct text_units {
	bool gsm7;
	size_t n;               /* septets (GSM) or UTF-16 units (UCS-2) */
	uint8_t gsm[SMS_MAX_PARTS * 160 + 2];
	uint16_t ucs[SMS_MAX_PARTS * 70 + 2];
};

/* Text to GSM codes when every character has one, else UTF-16. */
static int text_units(const char *text, struct text_units *u, char *why, size_t cap)
{
	u->gsm7 = true;
	u->n = 0;
	for (const char *s = text; *s;) {
		uint32_t cp;
		uint8_t c1, c2;
		if (sms_utf8_next(&s, &cp) < 0)
			return fail(why, cap, "the text is not UTF-8");
		int k = sms_gsm7_code(cp, &c1, &c2);
		if (!k) {
			u->gsm7 = false;
			break;
		}
		if (u->n + (size_t)k > sizeof(u->gsm))
			return fail(why, cap, "the text is longer than %d SMS", SMS_MAX_PARTS);
		u->gsm[u->n++] = c1;
		if (k == 2)
			u->gsm[u->n++] = c2;
	}
	if (u->gsm7)
		return 0;
	u->n = 0;
	for (const char *s = text; *s;) {
		uint32_t cp;
		if (sms_utf8_next(&s, &cp) < 0)
			return fail(why, cap, "the text is not UTF-8");
		size_t k = cp >= 0x10000 ? 2 : 1;
		if (u->n + k > sizeof(u->ucs) / sizeof(u->ucs[0]))
			return fail(why, cap, "the text is longer than %d SMS", SMS_MAX_PARTS);
		if (k == 2) {
			cp -= 0x10000;
			u->ucs[u->n++] = (uint16_t)(0xD800 + (cp >> 10));
			u->ucs[u->n++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
		} else {
			u->ucs[u->n++] = (uint16_t)cp;
		}
	}
	return 0;
}

/* Where each part starts: never between an escape and its code, nor
 * between the halves of a surrogate pair. Returns the number of parts. */
static size_t split(const struct text_units *u, size_t *start, size_t max)
{
	size_t one = u->gsm7 ? 160 : 70, per = u->gsm7 ? 153 : 67;
	start[0] = 0;
	if (u->n <= one) {
		start[1] = u->n;
		return 1;
	}
	size_t k = 0, at = 0;
	while (at < u->n) {
		if (k == max)
			return max + 1;
		size_t end = at + per < u->n ? at + per : u->n;
		if (end < u->n) {
			if (u->gsm7 && u->gsm[end - 1] == 0x1B &&
			    (end < 2 || u->gsm[end - 2] != 0x1B))
				end--;
			else if (!u->gsm7 && u->ucs[end - 1] >= 0xD800 && u->ucs[end - 1] <= 0xDBFF)
				end--;
		}
		start[k++] = at;
		at = end;
	}
	start[k] = u->n;
	return k;
}

int sms_parts_needed(const char *text, bool *gsm7)
{
	static struct text_units u;     /* large; the function is not re-entrant */
	size_t start[SMS_MAX_PARTS + 2];
	if (text_units(text, &u, NULL, 0) < 0)
		return -1;
	*gsm7 = u.gsm7;
	size_t n = split(&u, start, SMS_MAX_PARTS);
	return n > SMS_MAX_PARTS ? -1 : (int)n;
}

struct wr {
	uint8_t *p;
	size_t len, cap;
};

static bool put(struct wr *w, const uint8_t *b, size_t n)
{
	if (w->cap - w->len < n)
		return false;
	memcpy(w->p + w->len, b, n);
	w->len += n;
	return true;
}

static bool put1(struct wr *w, uint8_t b)
{
	return put(w, &b, 1);
}

/* A number: "+digits" (international) or digits. Returns the digit count,
 * or -1 when it is not a number. */
static int number_digits(const char *s, bool *intl, uint8_t *bcd, size_t cap)
{
	*intl = *s == '+';
	if (*intl)
		s++;
	size_t n = strlen(s);
	if (n == 0 || n > 20 || (n + 1) / 2 > cap)
		return -1;
	memset(bcd, 0xff, (n + 1) / 2);
	for (size_t i = 0; i < n; i++) {
		const char *d = strchr(digit_chars, s[i]);
		if (!s[i] || !d || d - digit_chars > 11)
			return -1;
		unsigned v = (unsigned)(d - digit_chars);
		bcd[i / 2] = (uint8_t)(i % 2 ? (bcd[i / 2] & 0x0f) | v << 4 : (bcd[i / 2] & 0xf0) | v);
	}
	return (int)n;
}

static bool put_address(struct wr *w, const char *addr, bool rp, char *why, size_t cap)
{
	bool intl;
	uint8_t bcd[10];
	int n = number_digits(addr, &intl, bcd, sizeof(bcd));
	size_t nb = n > 0 ? ((size_t)n + 1) / 2 : 0;
	if (n > 0) {
		/* RP address: length in octets with the type; TP: in digits */
		return put1(w, (uint8_t)(rp ? nb + 1 : (size_t)n)) && put1(w, intl ? 0x91 : 0x81) &&
		       put(w, bcd, nb);
	}
	if (rp) {
		fail(why, cap, "'%s' is not a phone number", addr);
		return false;
	}
	/* an alphanumeric sender: up to 11 GSM characters, packed */
	uint8_t codes[24], packed[16];
	size_t k = 0;
	for (const char *s = addr; *s;) {
		uint32_t cp;
		uint8_t c1, c2;
		int m;
		if (sms_utf8_next(&s, &cp) < 0 || !(m = sms_gsm7_code(cp, &c1, &c2)) || k + (size_t)m > 11) {
			fail(why, cap, "'%s' is neither a phone number nor a sender name of at most 11 GSM characters",
			     addr);
			return false;
		}
		codes[k++] = c1;
		if (m == 2)
			codes[k++] = c2;
	}
	if (!k) {
		fail(why, cap, "empty address");
		return false;
	}
	size_t bytes = sms_pack7(codes, k, 0, packed, sizeof(packed));
	/* the length counts the semi-octets that carry septets */
	return put1(w, (uint8_t)((k * 7 + 3) / 4)) && put1(w, 0xD0) && put(w, packed, bytes);
}

static uint8_t bcd_swapped(int v)
{
	v = v < 0 ? 0 : v % 100;
	return (uint8_t)((v % 10) << 4 | v / 10);
}

static int encode(bool deliver, const char *addr, const char *smsc, const struct sms_time *t,
		  const char *text, uint8_t ref, struct sms_pdu *parts, size_t max, char *why, size_t cap)
{
	static struct text_units u;     /* large; the codec is not re-entrant */
	size_t start[SMS_MAX_PARTS + 2];
	if (!text)
		return fail(why, cap, "no text");
	if (text_units(text, &u, why, cap) < 0)
		return -1;
	if (max > SMS_MAX_PARTS)
		max = SMS_MAX_PARTS;
	size_t n = split(&u, start, max);
	if (n > max)
		return fail(why, cap, "the text needs more than %zu SMS", max);
	for (size_t k = 0; k < n; k++) {
		struct wr w = { parts[k].b, 0, sizeof(parts[k].b) };
		bool concat = n > 1;
		if (smsc && *smsc) {
			if (!put_address(&w, smsc, true, why, cap))
				return -1;
		} else if (!put1(&w, 0)) {
			return fail(why, cap, "no room");
		}
		uint8_t fo = deliver ? 0x04 : 0x11;     /* DELIVER: no more messages; SUBMIT: relative VP */
		if (concat)
			fo |= 0x40;
		if (!put1(&w, fo) || (!deliver && !put1(&w, 0)))
			return fail(why, cap, "no room");
		if (!put_address(&w, addr, false, why, cap))
			return -1;
		if (!put1(&w, 0) || !put1(&w, u.gsm7 ? 0x00 : 0x08))
			return fail(why, cap, "no room");
		if (deliver) {
			struct sms_time z = { 2000, 1, 1, 0, 0, 0, 0 };
			const struct sms_time *tt = t ? t : &z;
			int q = (tt->tz_minutes < 0 ? -tt->tz_minutes : tt->tz_minutes) / 15;
			uint8_t ts[7] = { bcd_swapped(tt->year % 100), bcd_swapped(tt->month), bcd_swapped(tt->day),
					  bcd_swapped(tt->hour), bcd_swapped(tt->minute), bcd_swapped(tt->second),
					  (uint8_t)(bcd_swapped(q) | (tt->tz_minutes < 0 ? 0x08 : 0)) };
			if (!put(&w, ts, 7))
				return fail(why, cap, "no room");
		} else if (!put1(&w, 0xAA)) {   /* valid for 4 days */
			return fail(why, cap, "no room");
		}
		uint8_t udh[6] = { 5, 0x00, 3, ref, (uint8_t)n, (uint8_t)(k + 1) };
		size_t hdr = concat ? sizeof(udh) : 0;
		size_t a = start[k], b = start[k + 1];
		uint8_t ud[140];
		size_t ud_len, udl;
		if (u.gsm7) {
			size_t skip = (hdr * 8 + 6) / 7;
			unsigned fill = (unsigned)(skip * 7 - hdr * 8);
			memcpy(ud, udh, hdr);
			ud_len = hdr + sms_pack7(u.gsm + a, b - a, fill, ud + hdr, sizeof(ud) - hdr);
			udl = skip + (b - a);
		} else {
			memcpy(ud, udh, hdr);
			for (size_t i = a; i < b; i++) {
				ud[hdr + 2 * (i - a)] = (uint8_t)(u.ucs[i] >> 8);
				ud[hdr + 2 * (i - a) + 1] = (uint8_t)u.ucs[i];
			}
			ud_len = udl = hdr + 2 * (b - a);
		}
		if (!put1(&w, (uint8_t)udl) || !put(&w, ud, ud_len))
			return fail(why, cap, "no room");
		parts[k].len = w.len;
	}
	return (int)n;
}

int sms_encode_submit(const char *number, const char *text, uint8_t ref, struct sms_pdu *parts,
		      size_t max, char *why, size_t cap)
{
	bool intl;
	uint8_t bcd[10];
	if (!number || number_digits(number, &intl, bcd, sizeof(bcd)) < 0)
		return fail(why, cap, "'%s' is not a phone number (digits, '+' first for an international one)",
			    number ? number : "");
	return encode(false, number, NULL, NULL, text, ref, parts, max, why, cap);
}

int sms_encode_deliver(const char *sender, const char *smsc, const struct sms_time *t, const char *text,
		       uint8_t ref, struct sms_pdu *parts, size_t max, char *why, size_t cap)
{
	if (!sender)
		return fail(why, cap, "no sender");
	return encode(true, sender, smsc, t, text, ref, parts, max, why, cap);
}

/* ---- concatenation ---- */

bool sms_same_message(const struct sms_msg *a, const struct sms_msg *b)
{
	return a->concat && b->concat && a->ref == b->ref && a->total == b->total &&
	       !strcmp(a->addr, b->addr);
}

int sms_join(const struct sms_msg *const *parts, size_t n, char *out, size_t cap, bool *complete)
{
	size_t len = 0;
	unsigned total = n ? (parts[0]->concat ? parts[0]->total : 1) : 0;
	*complete = n > 0;
	if (!cap)
		return -1;
	out[0] = 0;
	for (unsigned seq = 1; seq <= total; seq++) {
		const struct sms_msg *m = NULL;
		for (size_t i = 0; i < n && !m; i++)
			if (!parts[i]->concat || parts[i]->seq == seq)
				m = parts[i];
		const char *t = m ? m->text : "[\xe2\x80\xa6]";
		size_t tl = m ? m->text_len : strlen(t);
		if (!m)
			*complete = false;
		if (len + tl + 1 > cap)
			return -1;
		memcpy(out + len, t, tl);
		len += tl;
		out[len] = 0;
	}
	return (int)len;
}
