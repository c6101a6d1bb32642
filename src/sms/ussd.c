/* USSD strings in the codings of TS 23.038 that MBIM's USSD service
 * carries: GSM 7-bit packed (data coding scheme 0x0F, the default
 * alphabet, language unspecified) and UCS-2 (0x48). */
#include <stdbool.h>
#include <string.h>

#include "sms/internal.h"
#include "sms/sms.h"

int sms_ussd_encode(const char *text, uint8_t *out, size_t cap, uint8_t *dcs)
{
	uint8_t codes[SMS_USSD_MAX * 8 / 7 + 2] = { 0 };
	size_t n = 0;
	bool gsm7 = true;
	const char *p = text;
	while (*p) {
		uint32_t cp;
		uint8_t c1, c2;
		if (sms_utf8_next(&p, &cp) < 0)
			return -1;
		int k = sms_gsm7_code(cp, &c1, &c2);
		if (!k) {
			gsm7 = false;
			break;
		}
		if (n + (size_t)k > sizeof(codes) - 1)
			return -1;
		codes[n++] = c1;
		if (k == 2)
			codes[n++] = c2;
	}
	if (gsm7) {
		/* seven spare bits at the end would read as '@': a CR fills them */
		if (n % 8 == 7)
			codes[n++] = 0x0d;
		size_t b = sms_pack7(codes, n, 0, out, cap);
		if (!b && n)
			return -1;
		*dcs = SMS_USSD_DCS_GSM7;
		return (int)b;
	}
	size_t b = 0;
	for (p = text; *p;) {
		uint32_t cp;
		if (sms_utf8_next(&p, &cp) < 0)
			return -1;
		uint16_t w[2] = { (uint16_t)cp, 0 };
		size_t k = 1;
		if (cp >= 0x10000) {
			w[0] = (uint16_t)(0xd800 + ((cp - 0x10000) >> 10));
			w[1] = (uint16_t)(0xdc00 + ((cp - 0x10000) & 0x3ff));
			k = 2;
		}
		for (size_t i = 0; i < k; i++) {
			if (b + 2 > cap)
				return -1;
			out[b++] = (uint8_t)(w[i] >> 8);
			out[b++] = (uint8_t)w[i];
		}
	}
	*dcs = SMS_USSD_DCS_UCS2;
	return (int)b;
}

int sms_ussd_decode(uint8_t dcs, const uint8_t *p, size_t n, char *out, size_t cap)
{
	/* 0x0X: the default alphabet in a language; 0x10: with a language
	 * indication, 0x11: UCS-2 likewise; 01xx: general coding, the
	 * alphabet in bits 3-2 (not compressed: bit 5 clear) */
	bool ucs2 = dcs == 0x11;
	if ((dcs & 0xc0) == 0x40 && !(dcs & 0x20)) {
		unsigned alphabet = (dcs >> 2) & 3;
		if (alphabet != 0 && alphabet != 2)
			return -1;      /* 8-bit data */
		ucs2 = alphabet == 2;
	} else if ((dcs & 0xf0) != 0x00 && dcs != 0x10 && dcs != 0x11) {
		return -1;              /* a coding cellink does not read */
	}
	if (ucs2)
		return sms_ucs2_to_utf8(p, n, out, cap);
	size_t septets = n * 8 / 7;
	int r = sms_gsm7_to_utf8(p, n, septets, 0, out, cap);
	/* the CR that filled seven spare bits */
	if (r > 0 && n * 8 % 7 == 0 && out[r - 1] == '\r')
		out[--r] = 0;
	return r;
}
