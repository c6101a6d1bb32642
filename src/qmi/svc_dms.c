/* DMS: the device management service (identity, firmware, power and
 * operating mode, and the legacy SIM PIN commands).
 *
 * Layouts follow libqmi's service description; names are libqmi's TLV and
 * field names in kebab-case. Strings that fill a whole TLV take no length
 * prefix; strings inside a struct carry a one-byte length. */
#include "qmi/defs.h"

/* ---- enums ---- */

ENUM(e_data_service_cap, { 0, "none" }, { 1, "cs" }, { 2, "ps" }, { 3, "simultaneous-cs-ps" },
	{ 4, "non-simultaneous-cs-ps" });
ENUM(e_sim_cap, { 1, "not-supported" }, { 2, "supported" });
ENUM(e_radio_if, { 1, "cdma20001x" }, { 2, "evdo" }, { 4, "gsm" }, { 5, "umts" }, { 8, "lte" },
	{ 9, "tds" }, { 10, "5gnr" });
FLAGS(e_power_state, { 0x1, "external-source" }, { 0x2, "battery-connected" },
	{ 0x4, "battery-charging" }, { 0x8, "fault" });
ENUM(e_pin_id, { 1, "pin" }, { 2, "pin2" });
ENUM(e_pin_status, { 0, "not-initialized" }, { 1, "enabled-not-verified" },
	{ 2, "enabled-verified" }, { 3, "disabled" }, { 4, "blocked" }, { 5, "permanently-blocked" },
	{ 6, "unblocked" }, { 7, "changed" });
ENUM(e_operating_mode, { 0, "online" }, { 1, "low-power" }, { 2, "factory-test" },
	{ 3, "offline" }, { 4, "reset" }, { 5, "shutting-down" }, { 6, "persistent-low-power" },
	{ 7, "mode-only-low-power" }, { 255, "unknown" });
FLAGS(e_offline_reason, { 0x1, "host-image-misconfiguration" },
	{ 0x2, "pri-image-misconfiguration" }, { 0x4, "pri-version-incompatible" },
	{ 0x8, "device-memory-full" });
ENUM(e_activation_state, { 0, "not-activated" }, { 1, "activated" }, { 2, "connecting" },
	{ 3, "connected" }, { 4, "otasp-authenticated" }, { 5, "otasp-nam" }, { 6, "otasp-mdn" },
	{ 7, "otasp-imsi" }, { 8, "otasp-prl" }, { 9, "otasp-spc" }, { 10, "otasp-commited" });
ENUM(e_uim_state, { 0, "initialization-completed" }, { 1, "locked-or-failed" },
	{ 2, "not-present" }, { 3, "reserved" }, { 255, "unknown" });
ENUM(e_facility, { 0, "pn" }, { 1, "pu" }, { 2, "pp" }, { 3, "pc" }, { 4, "pf" });
ENUM(e_facility_state, { 0, "deactivated" }, { 1, "activated" }, { 2, "blocked" });
ENUM(e_time_source, { 0, "device" }, { 1, "cdma-network" }, { 2, "hdr-network" });

/* ---- shared layouts ---- */

#define PIN_STATUS(n) STRUCT(n, M(E8("current-status", e_pin_status)), \
	M(U8("verify-retries-left")), M(U8("unblock-retries-left")))
#define PIN_RETRIES STRUCT("pin-retries-status", M(U8("verify-retries-left")), \
	M(U8("unblock-retries-left")))
/* libqmi gives the power state flags no public format; they are the bits
 * of QmiDmsPowerState. */
#define POWER_STATE(n) STRUCT(n, M(E8("power-state-flags", e_power_state)), \
	M(U8("battery-level")))

/* ---- messages ---- */

#define DMS_RESET_rq NO_TLVS
#define DMS_RESET_rs NO_TLVS

#define DMS_SET_EVENT_REPORT_rq TLVS(                                                \
	TLV(0x10, BOOL("power-state-reporting")),                                    \
	TLV(0x11, STRUCT("battery-level-report-limits", M(U8("lower-limit")),       \
		M(U8("upper-limit")))),                                              \
	TLV(0x12, BOOL("pin-state-reporting")),                                      \
	TLV(0x13, BOOL("activation-state-reporting")),                               \
	TLV(0x14, BOOL("operating-mode-reporting")),                                 \
	TLV(0x15, BOOL("uim-state-reporting")),                                      \
	TLV(0x16, BOOL("wireless-disable-state-reporting")),                         \
	TLV(0x17, BOOL("prl-init-reporting")))
#define DMS_SET_EVENT_REPORT_rs NO_TLVS
#define DMS_EVENT_REPORT_in TLVS(                                                    \
	TLV(0x10, POWER_STATE("power-state")),                                       \
	TLV(0x11, PIN_STATUS("pin1-status")),                                        \
	TLV(0x12, PIN_STATUS("pin2-status")),                                        \
	TLV(0x13, E16("activation-state", e_activation_state)),                      \
	TLV(0x14, E8("operating-mode", e_operating_mode)),                           \
	TLV(0x15, E8("uim-state", e_uim_state)),                                     \
	TLV(0x16, BOOL("wireless-disable-state")),                                   \
	TLV(0x17, BOOL("prl-init-notification")))

#define DMS_GET_CAPABILITIES_rq NO_TLVS
#define DMS_GET_CAPABILITIES_rs TLVS(                                                \
	TLV(0x01, STRUCT("info", M(U32("max-tx-channel-rate")), M(U32("max-rx-channel-rate")), \
		M(E8("data-service-capability", e_data_service_cap)),               \
		M(E8("sim-capability", e_sim_cap)),                                  \
		M(ARRAY8("radio-interface-list", E8("element", e_radio_if))))))

#define DMS_GET_MANUFACTURER_rq NO_TLVS
#define DMS_GET_MANUFACTURER_rs TLVS(TLV(0x01, STR("manufacturer")))
#define DMS_GET_MODEL_rq NO_TLVS
#define DMS_GET_MODEL_rs TLVS(TLV(0x01, STR("model")))
#define DMS_GET_REVISION_rq NO_TLVS
#define DMS_GET_REVISION_rs TLVS(TLV(0x01, STR("revision")))
#define DMS_GET_MSISDN_rq NO_TLVS
#define DMS_GET_MSISDN_rs TLVS(TLV(0x01, STR("msisdn"), PERSONAL))

#define DMS_GET_IDS_rq NO_TLVS
#define DMS_GET_IDS_rs TLVS(                                                         \
	TLV(0x10, STR("esn"), PERSONAL),                                             \
	TLV(0x11, STR("imei"), PERSONAL),                                            \
	TLV(0x12, STR("meid"), PERSONAL),                                            \
	TLV(0x13, STR("imei-software-version")))

#define DMS_GET_POWER_STATE_rq NO_TLVS
#define DMS_GET_POWER_STATE_rs TLVS(TLV(0x01, POWER_STATE("info")))

#define DMS_UIM_SET_PIN_PROTECTION_rq TLVS(                                          \
	TLV(0x01, STRUCT("info", M(E8("pin-id", e_pin_id)), M(BOOL("protection-enabled")), \
		M(STR8("pin"), SECRET))))
#define DMS_UIM_SET_PIN_PROTECTION_rs TLVS(TLV(0x10, PIN_RETRIES))
#define DMS_UIM_VERIFY_PIN_rq TLVS(                                                  \
	TLV(0x01, STRUCT("info", M(E8("pin-id", e_pin_id)), M(STR8("pin"), SECRET))))
#define DMS_UIM_VERIFY_PIN_rs TLVS(TLV(0x10, PIN_RETRIES))
#define DMS_UIM_UNBLOCK_PIN_rq TLVS(                                                 \
	TLV(0x01, STRUCT("info", M(E8("pin-id", e_pin_id)), M(STR8("puk"), SECRET), \
		M(STR8("new-pin"), SECRET))))
#define DMS_UIM_UNBLOCK_PIN_rs TLVS(TLV(0x10, PIN_RETRIES))
#define DMS_UIM_CHANGE_PIN_rq TLVS(                                                  \
	TLV(0x01, STRUCT("info", M(E8("pin-id", e_pin_id)), M(STR8("old-pin"), SECRET), \
		M(STR8("new-pin"), SECRET))))
#define DMS_UIM_CHANGE_PIN_rs TLVS(TLV(0x10, PIN_RETRIES))
#define DMS_UIM_GET_PIN_STATUS_rq NO_TLVS
#define DMS_UIM_GET_PIN_STATUS_rs TLVS(                                              \
	TLV(0x11, PIN_STATUS("pin1-status")),                                        \
	TLV(0x12, PIN_STATUS("pin2-status")))

#define DMS_GET_HARDWARE_REVISION_rq NO_TLVS
#define DMS_GET_HARDWARE_REVISION_rs TLVS(TLV(0x01, STR("revision")))

#define DMS_GET_OPERATING_MODE_rq NO_TLVS
#define DMS_GET_OPERATING_MODE_rs TLVS(                                              \
	TLV(0x01, E8("mode", e_operating_mode)),                                     \
	TLV(0x10, E16("offline-reason", e_offline_reason)),                          \
	TLV(0x11, BOOL("hardware-restricted-mode")))
#define DMS_SET_OPERATING_MODE_rq TLVS(TLV(0x01, E8("mode", e_operating_mode)))
#define DMS_SET_OPERATING_MODE_rs NO_TLVS

/* "time-count" is a 6-byte (48-bit) little-endian counter of 1.25 ms units,
 * which libqmi reads as "guint-sized"; no 48-bit format here, so raw bytes. */
#define DMS_GET_TIME_rq NO_TLVS
#define DMS_GET_TIME_rs TLVS(                                                        \
	TLV(0x01, STRUCT("device-time", M(BYTESN("time-count", 6)),                  \
		M(E16("time-source", e_time_source)))),                              \
	TLV(0x10, U64("system-time")),                                               \
	TLV(0x11, U64("user-time")))

#define DMS_GET_ACTIVATION_STATE_rq NO_TLVS
#define DMS_GET_ACTIVATION_STATE_rs TLVS(TLV(0x01, E16("info", e_activation_state)))

#define DMS_UIM_GET_ICCID_rq NO_TLVS
#define DMS_UIM_GET_ICCID_rs TLVS(TLV(0x01, STR("iccid"), PERSONAL))
#define DMS_UIM_GET_CK_STATUS_rq TLVS(TLV(0x01, E8("facility", e_facility)))
#define DMS_UIM_GET_CK_STATUS_rs TLVS(                                               \
	TLV(0x01, STRUCT("ck-status", M(E8("facility-state", e_facility_state)),     \
		M(U8("verify-retries-left")), M(U8("unblock-retries-left")))),       \
	TLV(0x10, BOOL("operation-blocking-facility")))
#define DMS_UIM_GET_IMSI_rq NO_TLVS
#define DMS_UIM_GET_IMSI_rs TLVS(TLV(0x01, STR("imsi"), PERSONAL))
#define DMS_UIM_GET_STATE_rq NO_TLVS
#define DMS_UIM_GET_STATE_rs TLVS(TLV(0x01, E8("state", e_uim_state)))

/* The band masks are 64-bit (QmiDmsBandCapability, QmiDmsLteBandCapability);
 * named values hold 32 bits only, so they are shown as hex numbers. */
#define DMS_GET_BAND_CAPABILITIES_rq NO_TLVS
#define DMS_GET_BAND_CAPABILITIES_rs TLVS(                                           \
	TLV(0x01, U64("band-capability"), HEX),                                      \
	TLV(0x10, U64("lte-band-capability"), HEX),                                  \
	TLV(0x12, ARRAY16("extended-lte-band-capability", U16("element"))),          \
	TLV(0x13, ARRAY16("nr5g-band-capability", U16("element"))))

#define DMS_GET_SOFTWARE_VERSION_rq NO_TLVS
#define DMS_GET_SOFTWARE_VERSION_rs TLVS(TLV(0x01, STR("version")))

QMI_TABLE(DMS, dms);
