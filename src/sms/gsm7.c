/* The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038
 * 6.2.1), UCS-2/UTF-16 and UTF-8, for the PDU code in pdu.c. */
#include <string.h>

#include "sms/sms.h"
#include "sms/internal.h"

/* Code point of each GSM 7-bit code; 0x1B is the escape to the extension
 * table. */
static const uint16_t basic[128] = {
	0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,
	0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
	0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,
	0x03A3, 0x0398, 0x039E, 0x00A0, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
	0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,
	0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
	0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
	0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
};

/* The extension table: code after the escape -> code point. */
static const struct { uint8_t code; uint16_t cp; } ext[] = {
	{ 0x0A, 0x000C }, { 0x14, 0x005E }, { 0x28, 0x007B }, { 0x29, 0x007D },
	{ 0x2F, 0x005C }, { 0x3C, 0x005B }, { 0x3D, 0x007E }, { 0x3E, 0x005D },
	{ 0x40, 0x007C }, { 0x65, 0x20AC },
};

#define ESC 0x1B

int sms_gsm7_code(uint32_t cp, uint8_t *c1, uint8_t *c2)
{
	for (unsigned i = 0; i < 128; i++)
		if (basic[i] == cp && i != ESC) {
			*c1 = (uint8_t)i;
			return 1;
		}
	for (unsigned i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ext[i].cp == cp) {
			*c1 = ESC;
			*c2 = ext[i].code;
			return 2;
		}
	return 0;
}

uint32_t sms_gsm7_cp(const uint8_t *codes, size_t n, size_t *used)
{
	uint8_t c = codes[0] & 0x7f;
	*used = 1;
	if (c != ESC)
		return basic[c];
	if (n < 2)
		return 0x0020;  /* an escape at the end: a space, as the standard says */
	*used = 2;
	uint8_t e = codes[1] & 0x7f;
	for (unsigned i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ext[i].code == e)
			return ext[i].cp;
	/* unknown extension: the character of the default table (23.038) */
	return e == ESC ? 0x0020 : basic[e];
}

int sms_utf8_put(uint32_t cp, char *out, size_t cap, size_t *len)
{
	char b[4];
	size_t n;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else if (cp < 0x110000) {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	} else {
		return sms_utf8_put(0xFFFD, out, cap, len);
	}
	if (*len + n + 1 > cap)
		return -1;
	memcpy(out + *len, b, n);
	*len += n;
	out[*len] = 0;
	return 0;
}

int sms_utf8_next(const char **sp, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t c = s[0];
	int n;
	if (c < 0x80)
		n = 0;
	else if ((c & 0xE0) == 0xC0)
		n = 1, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 2, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 3, c &= 0x07;
	else
		return -1;
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	static const uint32_t least[4] = { 0, 0x80, 0x800, 0x10000 };
	if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;      /* overlong, out of range, or a surrogate */
	*cp = c;
	*sp += n + 1;
	return 0;
}

int sms_gsm7_to_utf8(const uint8_t *p, size_t len, size_t n, unsigned fill, char *out, size_t cap)
{
	uint8_t codes[SMS_TEXT_MAX];
	size_t len_out = 0;
	if (cap)
		out[0] = 0;
	if (n > sizeof(codes) || fill > 6 || (fill + n * 7 + 7) / 8 > len)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t bit = fill + i * 7;
		unsigned v = p[bit / 8] >> (bit % 8);
		if (bit % 8 > 1)
			v |= (unsigned)p[bit / 8 + 1] << (8 - bit % 8);
		codes[i] = (uint8_t)(v & 0x7f);
	}
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t cp = sms_gsm7_cp(codes + i, n - i, &used);
		if (sms_utf8_put(cp, out, cap, &len_out) < 0)
			return -1;
		i += used;
	}
	return (int)len_out;
}

int sms_ucs2_to_utf8(const uint8_t *p, size_t len, char *out, size_t cap)
{
	size_t len_out = 0;
	if (cap)
		out[0] = 0;
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t u = (uint32_t)p[i] << 8 | p[i + 1];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t lo = (uint32_t)p[i + 2] << 8 | p[i + 3];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (u == 0)
			continue;       /* padding some senders leave; text stays a C string */
		if (sms_utf8_put(u, out, cap, &len_out) < 0)   /* a lone surrogate: U+FFFD */
			return -1;
	}
	return (int)len_out;
}

size_t sms_pack7(const uint8_t *codes, size_t n, unsigned fill, uint8_t *out, size_t cap)
{
	size_t bytes = (fill + n * 7 + 7) / 8;
	if (bytes > cap)
		return 0;
	memset(out, 0, bytes);
	for (size_t i = 0; i < n; i++) {
		size_t bit = fill + i * 7;
		out[bit / 8] |= (uint8_t)(codes[i] << (bit % 8));
		if (bit % 8 > 1)
			out[bit / 8 + 1] |= (uint8_t)(codes[i] >> (8 - bit % 8));
	}
	return bytes;
}
