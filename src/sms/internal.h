/* Helpers shared by the files of src/sms. */
#ifndef CELLINK_SMS_INTERNAL_H
#define CELLINK_SMS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* GSM codes of a code point: 1 (c1), 2 (escape c1, c2), or 0 when none. */
int sms_gsm7_code(uint32_t cp, uint8_t *c1, uint8_t *c2);
/* Code point of the GSM codes at codes[0..n); *used: 1 or 2. */
uint32_t sms_gsm7_cp(const uint8_t *codes, size_t n, size_t *used);
/* Appends cp as UTF-8 to out (len bytes used, NUL kept); -1 when full. */
int sms_utf8_put(uint32_t cp, char *out, size_t cap, size_t *len);
/* Reads one code point; -1 on bad UTF-8. */
int sms_utf8_next(const char **s, uint32_t *cp);
/* Packs n septets after fill bits; the bytes written, 0 when cap is short. */
size_t sms_pack7(const uint8_t *codes, size_t n, unsigned fill, uint8_t *out, size_t cap);

#endif
