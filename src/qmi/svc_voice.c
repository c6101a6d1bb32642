/* VOICE: only its USSD part (balance and top-up codes of prepaid SIMs).
 *
 * Layouts follow libqmi's service description; names are libqmi's TLV and
 * field names in kebab-case. The USS data's coding scheme is QMI's own
 * (ascii, 8bit, ucs2), not the 3GPP one. A USSD string can carry a
 * balance or a voucher code: PERSONAL. */
#include "qmi/defs.h"

ENUM(e_uss_dcs, { 0, "unknown" }, { 1, "ascii" }, { 2, "8bit" }, { 3, "ucs2" });
ENUM(e_alpha_dcs, { 1, "gsm" }, { 2, "ucs2" });
ENUM(e_user_action, { 0, "unknown" }, { 1, "not-required" }, { 2, "required" });
ENUM(e_cc_result, { 0, "voice" }, { 1, "supplementary-service" }, { 2, "ussd" });

#define USS_DATA STRUCT("uss-data", M(E8("data-coding-scheme", e_uss_dcs)),             \
	M(BYTES8("data"), PERSONAL))
#define USS_UTF16 ARRAY8("uss-data-utf16", U16("element")), PERSONAL

#define VOICE_INDICATION_REGISTER_rq TLVS(                                              \
	TLV(0x10, BOOL("dtmf-events")),                                                 \
	TLV(0x11, BOOL("voice-privacy-events")),                                        \
	TLV(0x12, BOOL("supplementary-service-notification-events")),                  \
	TLV(0x13, BOOL("call-notification-events")),                                   \
	TLV(0x14, BOOL("handover-events")),                                             \
	TLV(0x15, BOOL("speech-codec-events")),                                         \
	TLV(0x16, BOOL("ussd-notification-events")),                                   \
	TLV(0x18, BOOL("modification-events")),                                         \
	TLV(0x19, BOOL("uus-events")),                                                  \
	TLV(0x1A, BOOL("aoc-events")),                                                  \
	TLV(0x1B, BOOL("conference-events")),                                           \
	TLV(0x1C, BOOL("extended-burst-type-international-information-events")),       \
	TLV(0x1D, BOOL("mt-page-miss-information-events")))
#define VOICE_INDICATION_REGISTER_rs NO_TLVS

#define VOICE_ORIGINATE_USSD_rq TLVS(TLV(0x01, USS_DATA))
#define VOICE_ORIGINATE_USSD_rs TLVS(                                                   \
	TLV(0x10, U16("failure-cause")),                                                \
	TLV(0x11, STRUCT("alpha-identifier", M(E8("data-coding-scheme", e_alpha_dcs)),  \
		M(BYTES8("alpha"), PERSONAL))),                                         \
	TLV(0x12, USS_DATA),                                                            \
	TLV(0x13, E8("call-control-result-type", e_cc_result)),                         \
	TLV(0x14, U8("call-id")),                                                       \
	TLV(0x15, U8("call-control-supplementary-service-type")),                       \
	TLV(0x16, USS_UTF16))
#define VOICE_ANSWER_USSD_rq TLVS(TLV(0x01, USS_DATA))
#define VOICE_ANSWER_USSD_rs NO_TLVS
#define VOICE_CANCEL_USSD_rq NO_TLVS
#define VOICE_CANCEL_USSD_rs NO_TLVS
#define VOICE_RELEASE_USSD_in NO_TLVS
#define VOICE_USSD_in TLVS(                                                             \
	TLV(0x01, E8("user-action", e_user_action)),                                    \
	TLV(0x10, USS_DATA),                                                            \
	TLV(0x11, USS_UTF16))

QMI_TABLE(VOICE, voice);
