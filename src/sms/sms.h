/* SMS PDUs (3GPP TS 23.040) and their alphabets (TS 23.038): pure code,
 * no I/O, no allocation.
 *
 * - sms_decode(): an SMS-DELIVER (or an SMS-SUBMIT a modem stored) as QMI
 *   WMS raw-read gives it, with its SMSC address first: the other party's
 *   address (number or alphanumeric sender), the service centre's time
 *   stamp, the data coding scheme, the text as UTF-8 (GSM 7-bit default
 *   alphabet and its extension table, UCS-2 with surrogate pairs; 8-bit
 *   data as hex) and the concatenation header (IEI 0x00 and 0x08).
 * - sms_encode_submit() / sms_encode_deliver(): text in UTF-8 to one PDU,
 *   or to concatenated parts when it does not fit one: GSM 7-bit when
 *   every character has a GSM code, else UCS-2.
 * - sms_join(): the texts of the parts of one concatenated message, in
 *   their order.
 *
 * Every decoder checks each length against the bytes present; bad input
 * is refused with a sentence in why, never read out of bounds. */
#ifndef CELLINK_SMS_SMS_H
#define CELLINK_SMS_SMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMS_PDU_MAX 176         /* SMSC (12) + the largest TPDU (164) */
#define SMS_ADDR_MAX 64         /* UTF-8 of 20 digits or an 11-character sender */
#define SMS_TEXT_MAX 600        /* UTF-8 of one part's user data, with NUL */
#define SMS_MAX_PARTS 16        /* the longest message sms_encode_* builds */

enum sms_type { SMS_DELIVER = 0, SMS_SUBMIT = 1 };
enum sms_alphabet { SMS_GSM7 = 0, SMS_8BIT = 1, SMS_UCS2 = 2 };

struct sms_time {
	int year, month, day, hour, minute, second;     /* year in full (2000 + YY) */
	int tz_minutes;                                 /* east of UTC */
};

struct sms_msg {
	enum sms_type type;
	char smsc[SMS_ADDR_MAX];        /* "" when none */
	char addr[SMS_ADDR_MAX];        /* sender (DELIVER) or recipient (SUBMIT) */
	bool has_time;                  /* DELIVER: the service centre's time stamp */
	struct sms_time time;
	uint8_t pid, dcs;
	enum sms_alphabet alphabet;
	int msg_class;                  /* 0..3, -1 when the DCS names none */
	bool concat;                    /* a concatenation header was present */
	uint16_t ref;                   /* its reference (8 or 16 bits) */
	uint8_t total, seq;             /* parts, and this part's number (1..total) */
	char text[SMS_TEXT_MAX];        /* UTF-8; hex for 8-bit data */
	size_t text_len;
};

struct sms_pdu {
	uint8_t b[SMS_PDU_MAX];
	size_t len;
};

/* 0, or -1 with a sentence in why. */
int sms_decode(const uint8_t *pdu, size_t len, struct sms_msg *out, char *why, size_t why_len);

/* An SMS-SUBMIT to number ("+4912345678" or national digits) with text
 * (UTF-8); ref is the concatenation reference used when the text needs
 * more than one part. Fills parts[0..n) and returns n (>= 1), or -1 with
 * why (not a number, text not UTF-8, too long for max parts). */
int sms_encode_submit(const char *number, const char *text, uint8_t ref,
		      struct sms_pdu *parts, size_t max, char *why, size_t why_len);
/* An SMS-DELIVER from sender (a number, or up to 11 GSM characters of an
 * alphanumeric name), stamped t, through smsc (a number, or NULL). */
int sms_encode_deliver(const char *sender, const char *smsc, const struct sms_time *t,
		       const char *text, uint8_t ref, struct sms_pdu *parts, size_t max,
		       char *why, size_t why_len);

/* Whether text (UTF-8) can go as GSM 7-bit, and how many parts it takes. */
int sms_parts_needed(const char *text, bool *gsm7);

/* True when a and b are parts of the same concatenated message. */
bool sms_same_message(const struct sms_msg *a, const struct sms_msg *b);
/* Joins the texts of parts (any order) into out, by sequence number.
 * Returns the number of bytes written (NUL not counted), or -1 when out
 * is too small. *complete tells whether every part 1..total was there;
 * missing parts show as "[…]". */
int sms_join(const struct sms_msg *const *parts, size_t n, char *out, size_t cap, bool *complete);

/* "2026-11-26T17:20:05+01:00" (26 bytes with NUL). */
void sms_time_iso(const struct sms_time *t, char *out, size_t cap);
const char *sms_alphabet_name(enum sms_alphabet a);

/* Lower-level: UTF-16BE (UCS-2, surrogate pairs joined) to UTF-8. */
int sms_ucs2_to_utf8(const uint8_t *p, size_t len, char *out, size_t cap);
/* Packed GSM 7-bit septets (n of them, starting fill bits in) to UTF-8. */
int sms_gsm7_to_utf8(const uint8_t *p, size_t len, size_t n, unsigned fill, char *out, size_t cap);

/* USSD strings (ussd.c): UTF-8 to GSM 7-bit packed (dcs 0x0F) when every
 * character has a GSM code, else UCS-2 (0x48); the bytes written or -1.
 * And back: the text of a string in such a coding, -1 for another. */
#define SMS_USSD_MAX 160                /* bytes of one USSD string */
#define SMS_USSD_DCS_GSM7 0x0f
#define SMS_USSD_DCS_UCS2 0x48
int sms_ussd_encode(const char *text, uint8_t *out, size_t cap, uint8_t *dcs);
int sms_ussd_decode(uint8_t dcs, const uint8_t *p, size_t n, char *out, size_t cap);

#endif
