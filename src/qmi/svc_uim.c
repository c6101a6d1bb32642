/* UIM: the user identity module service (card and application status,
 * PINs, SIM files, SIM power).
 *
 * Layouts follow libqmi's service description; names are libqmi's TLV and
 * field names in kebab-case. Strings inside a struct carry a one-byte
 * length. Arrays of guint8 holding opaque data (application identifiers,
 * file paths, file contents) are BYTES with the same length prefix: shown
 * as hex, and a long file read costs no value node per byte. */
#include "qmi/defs.h"

/* ---- enums ---- */

FLAGS(e_event_flags, { 0x1, "card-status" }, { 0x2, "sap-connection" },
	{ 0x4, "extended-card-status" }, { 0x10, "physical-slot-status" });
ENUM(e_session_type, { 0, "primary-gw-provisioning" }, { 1, "primary-1x-provisioning" },
	{ 2, "secondary-gw-provisioning" }, { 3, "secondary-1x-provisioning" },
	{ 4, "nonprovisioning-slot-1" }, { 5, "nonprovisioning-slot-2" }, { 6, "card-slot-1" },
	{ 7, "card-slot-2" }, { 8, "logical-channel-slot-1" }, { 9, "logical-channel-slot-2" },
	{ 10, "tertiary-gw-provisioning" }, { 11, "tertiary-1x-provisioning" },
	{ 12, "quaternary-gw-provisioning" }, { 13, "quaternary-1x-provisioning" },
	{ 14, "quinary-gw-provisioning" }, { 15, "quinary-1x-provisioning" },
	{ 16, "nonprovisioning-slot-3" }, { 17, "nonprovisioning-slot-4" },
	{ 18, "nonprovisioning-slot-5" }, { 19, "card-slot-3" }, { 20, "card-slot-4" },
	{ 21, "card-slot-5" }, { 22, "logical-channel-slot-3" }, { 23, "logical-channel-slot-4" },
	{ 24, "logical-channel-slot-5" });
ENUM(e_file_type, { 0, "transparent" }, { 1, "cyclic" }, { 2, "linear-fixed" },
	{ 3, "dedicated-file" }, { 4, "master-file" });
ENUM(e_sec_logic, { 0, "always" }, { 1, "never" }, { 2, "and" }, { 3, "or" }, { 4, "single" });
FLAGS(e_sec_attr, { 0x1, "pin1" }, { 0x2, "pin2" }, { 0x4, "upin" }, { 0x8, "adm" });
ENUM(e_pin_id, { 0, "unknown" }, { 1, "pin1" }, { 2, "pin2" }, { 3, "upin" }, { 4, "hidden-key" });
ENUM(e_card_state, { 0, "absent" }, { 1, "present" }, { 2, "error" });
ENUM(e_pin_state, { 0, "not-initialized" }, { 1, "enabled-not-verified" },
	{ 2, "enabled-verified" }, { 3, "disabled" }, { 4, "blocked" }, { 5, "permanently-blocked" });
ENUM(e_card_error, { 0, "unknown" }, { 1, "power-down" }, { 2, "poll" }, { 3, "no-atr-received" },
	{ 4, "voltage-mismatch" }, { 5, "parity" }, { 6, "possibly-removed" }, { 7, "technical" });
ENUM(e_app_type, { 0, "unknown" }, { 1, "sim" }, { 2, "usim" }, { 3, "ruim" }, { 4, "csim" },
	{ 5, "isim" });
ENUM(e_app_state, { 0, "unknown" }, { 1, "detected" }, { 2, "pin1-or-upin-pin-required" },
	{ 3, "puk1-or-upin-puk-required" }, { 4, "check-personalization-state" }, { 5, "pin1-blocked" },
	{ 6, "illegal" }, { 7, "ready" });
ENUM(e_perso_state, { 0, "unknown" }, { 1, "in-progress" }, { 2, "ready" }, { 3, "code-required" },
	{ 4, "puk-code-required" }, { 5, "permanently-blocked" });
ENUM(e_perso_feature, { 0, "gw-network" }, { 1, "gw-network-subset" },
	{ 2, "gw-service-provider" }, { 3, "gw-corporate" }, { 4, "gw-uim" }, { 5, "1x-network-type-1" },
	{ 6, "1x-network-type-2" }, { 7, "1x-hrpd" }, { 8, "1x-service-provider" }, { 9, "1x-corporate" },
	{ 10, "1x-ruim" }, { 11, "unknown" }, { 12, "gw-service-provider-name" }, { 13, "gw-sp-ehplmn" },
	{ 14, "gw-iccid" }, { 15, "gw-impi" }, { 16, "gw-network-subset-service-provider" },
	{ 17, "gw-carrier" });

/* ---- shared layouts ---- */

#define SESSION TLV(0x01, STRUCT("session", M(E8("session-type", e_session_type)),  \
	M(BYTES8("application-identifier"))))
#define FILE_ID TLV(0x02, STRUCT("file", M(U16("file-id")), M(BYTES8("file-path"))))
#define CARD_RESULT(id) TLV(id, STRUCT("card-result", M(U8("sw1")), M(U8("sw2"))))
#define TOKEN(id) TLV(id, U32("response-in-indication-token"))
#define RETRIES TLV(0x10, STRUCT("retries-remaining", M(U8("verify-retries-left")), \
	M(U8("unblock-retries-left"))))
#define PIN_ID M(E8("pin-id", e_pin_id))
#define SEC_ATTRS(op) M(E8(op "-security-attributes-logic", e_sec_logic)),           \
	M(E16(op "-security-attributes", e_sec_attr))

#define APPLICATION STRUCT("element-v2", M(E8("type", e_app_type)),                 \
	M(E8("state", e_app_state)), M(E8("personalization-state", e_perso_state)), \
	M(E8("personalization-feature", e_perso_feature)),                           \
	M(U8("personalization-retries")), M(U8("personalization-unblock-retries")),  \
	M(BYTES8("application-identifier-value")), M(BOOL("upin-replaces-pin1")),    \
	M(E8("pin1-state", e_pin_state)), M(U8("pin1-retries")), M(U8("puk1-retries")), \
	M(E8("pin2-state", e_pin_state)), M(U8("pin2-retries")), M(U8("puk2-retries")))
/* Slot states after the card status (0x11-0x15, not in libqmi: from
 * Qualcomm's UIM interface description, seen on an SDM845); one element per
 * slot. 0x13, the extended card status for more than two slots, has no
 * layout here yet. */
ENUM(e_hot_swap, { 0, "not-supported" }, { 1, "status-not-supported" }, { 2, "present" },
     { 3, "not-present" });
#define SLOT_STATUS_TLVS                                                             \
	TLV(0x11, ARRAY8("hot-swap-status", E8("element", e_hot_swap))),             \
	TLV(0x12, ARRAY8("card-status-validity", BOOL("element"))),                  \
	TLV(0x14, ARRAY8("extended-hot-swap-status", E8("element", e_hot_swap))),    \
	TLV(0x15, ARRAY8("sim-busy-status", BOOL("element")))
#define CARD_STATUS_TLV TLV(0x10, STRUCT("card-status", M(U16("index-gw-primary")),      \
	M(U16("index-1x-primary")), M(U16("index-gw-secondary")),                    \
	M(U16("index-1x-secondary")),                                                \
	M(ARRAY8("cards", STRUCT("element", M(E8("card-state", e_card_state)),       \
		M(E8("upin-state", e_pin_state)), M(U8("upin-retries")),             \
		M(U8("upuk-retries")), M(E8("error-code", e_card_error)),            \
		M(ARRAY8("applications", APPLICATION)))))))

/* ---- messages ---- */

#define UIM_RESET_rq NO_TLVS
#define UIM_RESET_rs NO_TLVS

#define UIM_READ_TRANSPARENT_rq TLVS(SESSION, FILE_ID,                               \
	TLV(0x03, STRUCT("read-information", M(U16("offset")), M(U16("length")))),   \
	TOKEN(0x10),                                                                 \
	TLV(0x11, BOOL("encrypt-data")))
#define UIM_READ_TRANSPARENT_rs TLVS(CARD_RESULT(0x10),                              \
	TLV(0x11, BYTES16("read-result"), PERSONAL),                                 \
	TOKEN(0x12),                                                                 \
	TLV(0x13, BOOL("encrypted-data")))

#define UIM_READ_RECORD_rq TLVS(SESSION, FILE_ID,                                    \
	TLV(0x03, STRUCT("record", M(U16("record-number")), M(U16("record-length")))), \
	TLV(0x10, U16("last-record")),                                               \
	TOKEN(0x11))
#define UIM_READ_RECORD_rs TLVS(CARD_RESULT(0x10),                                   \
	TLV(0x11, BYTES16("read-result"), PERSONAL),                                 \
	TLV(0x12, BYTES16("additional-read-result"), PERSONAL),                      \
	TOKEN(0x13))

/* 0x13 of get-file-attributes (not in libqmi; Qualcomm's UIM interface
 * description): a 4-byte enum. */
ENUM(e_file_status, { 0, "deactivated" }, { 1, "activated" });
#define UIM_GET_FILE_ATTRIBUTES_rq TLVS(SESSION, FILE_ID, TOKEN(0x10))
#define UIM_GET_FILE_ATTRIBUTES_rs TLVS(CARD_RESULT(0x10),                           \
	TLV(0x11, STRUCT("file-attributes", M(U16("file-size")), M(U16("file-id")),  \
		M(E8("file-type", e_file_type)), M(U16("record-size")),              \
		M(U16("record-count")), SEC_ATTRS("read"), SEC_ATTRS("write"),       \
		SEC_ATTRS("increase"), SEC_ATTRS("deactivate"), SEC_ATTRS("activate"), \
		M(BYTES16("raw-data")))),                                            \
	TOKEN(0x12),                                                                 \
	TLV(0x13, E32("file-status", e_file_status)))

#define UIM_SET_PIN_PROTECTION_rq TLVS(SESSION,                                      \
	TLV(0x02, STRUCT("info", PIN_ID, M(BOOL("pin-enabled")),                     \
		M(STR8("pin-value"), SECRET))),                                      \
	TOKEN(0x11))
#define UIM_SET_PIN_PROTECTION_rs TLVS(RETRIES, TOKEN(0x12))
#define UIM_VERIFY_PIN_rq TLVS(SESSION,                                              \
	TLV(0x02, STRUCT("info", PIN_ID, M(STR8("pin-value"), SECRET))),             \
	TOKEN(0x12))
#define UIM_VERIFY_PIN_rs TLVS(RETRIES, TOKEN(0x12), CARD_RESULT(0x13))
#define UIM_UNBLOCK_PIN_rq TLVS(SESSION,                                             \
	TLV(0x02, STRUCT("info", PIN_ID, M(STR8("puk"), SECRET),                     \
		M(STR8("new-pin"), SECRET))),                                        \
	TOKEN(0x11))
#define UIM_UNBLOCK_PIN_rs TLVS(RETRIES, TOKEN(0x12), CARD_RESULT(0x13))
#define UIM_CHANGE_PIN_rq TLVS(SESSION,                                              \
	TLV(0x02, STRUCT("info", PIN_ID, M(STR8("old-pin"), SECRET),                 \
		M(STR8("new-pin"), SECRET))),                                        \
	TOKEN(0x11))
#define UIM_CHANGE_PIN_rs TLVS(RETRIES, TOKEN(0x12), CARD_RESULT(0x13))

#define UIM_REGISTER_EVENTS_rq TLVS(TLV(0x01, E32("event-registration-mask", e_event_flags)))
#define UIM_REGISTER_EVENTS_rs TLVS(TLV(0x10, E32("event-registration-mask", e_event_flags)))

#define UIM_GET_CARD_STATUS_rq NO_TLVS
#define UIM_GET_CARD_STATUS_rs TLVS(CARD_STATUS_TLV, SLOT_STATUS_TLVS)
#define UIM_CARD_STATUS_in TLVS(CARD_STATUS_TLV, SLOT_STATUS_TLVS)

#define UIM_POWER_OFF_SIM_rq TLVS(TLV(0x01, U8("slot")))
#define UIM_POWER_OFF_SIM_rs NO_TLVS
#define UIM_POWER_ON_SIM_rq TLVS(TLV(0x01, U8("slot")))
#define UIM_POWER_ON_SIM_rs NO_TLVS

QMI_TABLE(UIM, uim);
