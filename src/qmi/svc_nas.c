/* NAS: the network access service (registration, serving system, signal,
 * cells, bands and system selection).
 *
 * Layouts follow libqmi's service description; names are libqmi's TLV and
 * field names in kebab-case, enums in svc_nas_enums.h. Conventions:
 *   - a string filling a whole TLV has no length prefix, a string inside a
 *     struct has a one-byte length (libqmi's default);
 *   - arrays of guint8 that carry opaque data (BCD PLMN codes, encoded
 *     names) are BYTES of the same prefix/size, shown as hex and costing
 *     no value node per byte;
 *   - unnamed array elements are called "element";
 *   - 64-bit band masks are U64 shown in hex (named values hold 32 bits).
 */
#include "qmi/defs.h"
#include "qmi/svc_nas_enums.h"

/* ---- shared layouts ---- */

#define RADIO_IF(n) EI8(n, e_radio_if)
#define RADIO_IF_LIST(n) ARRAY8(n, RADIO_IF("element"))
#define PLMN_DESC(n) STRUCT(n, M(U16("mcc")), M(U16("mnc")), M(STR8("description")))
#define BARRING(n) STRUCT(n, M(EI32("cs-status", e_call_barring)), \
	M(EI32("ps-status", e_call_barring)))
#define MNC_PCS(n) STRUCT(n, M(U16("mcc")), M(U16("mnc")), M(BOOL("includes-pcs-digit")))
#define BAND_MASKS_4(n) STRUCT(n, M(U64("mask-low"), HEX), M(U64("mask-mid-low"), HEX), \
	M(U64("mask-mid-high"), HEX), M(U64("mask-high"), HEX))
#define BAND_MASKS_8(n) STRUCT(n, M(U64("mask-0"), HEX), M(U64("mask-1"), HEX),   \
	M(U64("mask-2"), HEX), M(U64("mask-3"), HEX), M(U64("mask-4"), HEX),       \
	M(U64("mask-5"), HEX), M(U64("mask-6"), HEX), M(U64("mask-7"), HEX))
#define PLMN_BCD(n) BYTESN(n, 3)        /* 3GPP TS 24.008 BCD MCC/MNC */

/* ---- get-serving-system and its indication ---- */

#define SERVING_SYSTEM_COMMON                                                        \
	TLV(0x01, STRUCT("serving-system",                                           \
		M(E8("registration-state", e_reg_state)),                            \
		M(E8("cs-attach-state", e_attach_state)),                            \
		M(E8("ps-attach-state", e_attach_state)),                            \
		M(E8("selected-network", e_network_type)),                           \
		M(RADIO_IF_LIST("radio-interfaces")))),                              \
	TLV(0x10, E8("roaming-indicator", e_roaming_ind)),                           \
	TLV(0x11, ARRAY8("data-service-capability", E8("element", e_data_cap))),     \
	TLV(0x12, PLMN_DESC("current-plmn")),                                        \
	TLV(0x13, STRUCT("cdma-system-id", M(U16("sid")), M(U16("nid")))),           \
	TLV(0x14, STRUCT("cdma-base-station-info", M(U16("base-station-id")),       \
		M(I32("base-station-latitude")), M(I32("base-station-longitude")))), \
	/* here libqmi reads the radio interface unsigned */                         \
	TLV(0x15, ARRAY8("roaming-indicator-list", STRUCT("element",                 \
		M(E8("radio-interface", e_radio_if)),                                \
		M(E8("roaming-indicator", e_roaming_ind))))),                        \
	TLV(0x16, E8("default-roaming-indicator", e_roaming_ind)),                   \
	TLV(0x17, STRUCT("time-zone-3gpp2", M(U8("leap-seconds")),                   \
		M(I8("local-time-offset")), M(BOOL("daylight-saving-time")))),       \
	TLV(0x18, U8("cdma-p-rev"))
#define DETAILED_SERVICE_STATUS STRUCT("detailed-service-status",                   \
	M(E8("status", e_service_status)), M(E8("capability", e_service_domain)),   \
	M(E8("hdr-status", e_service_status)), M(BOOL("hdr-hybrid")), M(BOOL("forbidden")))
#define CDMA_SYSTEM_INFO_SS STRUCT("cdma-system-info", M(U16("mcc")), M(U8("imsi-11-12")))

#define NAS_GET_SERVING_SYSTEM_rq NO_TLVS
#define NAS_GET_SERVING_SYSTEM_rs TLVS(SERVING_SYSTEM_COMMON,                        \
	TLV(0x1A, I8("time-zone-3gpp")),                                             \
	TLV(0x1B, U8("daylight-saving-time-adjustment-3gpp")),                       \
	TLV(0x1C, U16("lac-3gpp")),                                                  \
	TLV(0x1D, U32("cid-3gpp")),                                                  \
	TLV(0x1E, BOOL("concurrent-service-info-3gpp2")),                            \
	TLV(0x1F, BOOL("prl-indicator-3gpp2")),                                      \
	TLV(0x20, BOOL("dtm-support")),                                              \
	TLV(0x21, DETAILED_SERVICE_STATUS),                                          \
	TLV(0x22, CDMA_SYSTEM_INFO_SS),                                              \
	TLV(0x23, E8("hdr-personality", e_hdr_personality)),                         \
	TLV(0x24, U16("lte-tac")),                                                   \
	TLV(0x25, BARRING("call-barring-status")),                                   \
	TLV(0x26, U16("umts-primary-scrambling-code")),                              \
	TLV(0x27, MNC_PCS("mnc-pcs-digit-include-status")),                          \
	TLV(0x29, E32("network-name-source", e_name_source)))
#define NAS_SERVING_SYSTEM_in TLVS(SERVING_SYSTEM_COMMON,                            \
	TLV(0x19, BOOL("plmn-name-flag-3gpp")),                                      \
	TLV(0x1A, I8("time-zone-3gpp")),                                             \
	TLV(0x1B, U8("daylight-saving-time-adjustment-3gpp")),                       \
	TLV(0x1C, STRUCT("universal-time-and-local-time-zone-3gpp", M(U16("year")), \
		M(U8("month")), M(U8("day")), M(U8("hour")), M(U8("minute")),       \
		M(U8("second")), M(U8("time-zone")))),                               \
	TLV(0x1D, U16("lac-3gpp")),                                                  \
	TLV(0x1E, U32("cid-3gpp")),                                                  \
	TLV(0x1F, BOOL("concurrent-service-info-3gpp2")),                            \
	TLV(0x20, BOOL("prl-indicator-3gpp2")),                                      \
	TLV(0x21, BOOL("dtm-support")),                                              \
	TLV(0x22, DETAILED_SERVICE_STATUS),                                          \
	TLV(0x23, CDMA_SYSTEM_INFO_SS),                                              \
	TLV(0x24, E8("hdr-personality", e_hdr_personality)),                         \
	TLV(0x25, U16("lte-tac")),                                                   \
	TLV(0x26, BARRING("call-barring-status")),                                   \
	TLV(0x27, BOOL("plmn-not-changed-indication")),                              \
	TLV(0x28, U16("umts-primary-scrambling-code")),                              \
	TLV(0x29, MNC_PCS("mnc-pcs-digit-include-status")),                          \
	TLV(0x2B, E32("network-name-source", e_name_source)))

/* ---- event reports and indication registration ---- */

#define REPORT_DELTA(n, d) STRUCT(n, M(BOOL("report")), M(U8(d)))
#define NAS_RESET_rq NO_TLVS
#define NAS_RESET_rs NO_TLVS
#define NAS_SET_EVENT_REPORT_rq TLVS(                                                \
	TLV(0x10, STRUCT("signal-strength-indicator", M(BOOL("report")),             \
		M(ARRAY8("thresholds", I8("element"))))),                            \
	TLV(0x11, BOOL("rf-band-information")),                                      \
	TLV(0x12, BOOL("registration-reject-reason")),                               \
	TLV(0x13, REPORT_DELTA("rssi-indicator", "rssi-delta")),                     \
	TLV(0x14, REPORT_DELTA("ecio-indicator", "ecio-delta")),                     \
	TLV(0x15, REPORT_DELTA("io-indicator", "io-delta")),                         \
	TLV(0x16, REPORT_DELTA("sinr-indicator", "sinr-delta")),                     \
	TLV(0x17, BOOL("error-rate-indicator")),                                     \
	TLV(0x19, STRUCT("ecio-threshold", M(BOOL("report")),                        \
		M(ARRAY8("thresholds", I16("element"))))),                           \
	TLV(0x1A, STRUCT("sinr-threshold", M(BOOL("report")),                        \
		M(ARRAY8("thresholds", U8("element"))))),                            \
	TLV(0x1B, REPORT_DELTA("lte-snr-delta", "snr-delta")),                       \
	TLV(0x1C, REPORT_DELTA("lte-rsrp-delta", "rsrp-delta")))
#define NAS_SET_EVENT_REPORT_rs NO_TLVS
#define RF_BAND_ELEMENT(chan) STRUCT("element", M(RADIO_IF("radio-interface")),     \
	M(E16("active-band-class", e_active_band)), M(chan("active-channel")))
#define NAS_EVENT_REPORT_in TLVS(                                                    \
	TLV(0x10, STRUCT("signal-strength", M(I8("strength")),                       \
		M(RADIO_IF("radio-interface")))),                                    \
	TLV(0x11, ARRAY8("rf-band-information", RF_BAND_ELEMENT(U16))),              \
	TLV(0x12, STRUCT("registration-reject-reason",                               \
		M(E8("service-domain", e_service_domain)), M(U16("reject-cause")))), \
	TLV(0x13, STRUCT("rssi", M(U8("rssi")), M(RADIO_IF("radio-interface")))),    \
	TLV(0x14, STRUCT("ecio", M(U8("ecio")), M(RADIO_IF("radio-interface")))),    \
	TLV(0x15, I32("io")),                                                        \
	TLV(0x16, E8("sinr", e_evdo_sinr)),                                          \
	TLV(0x17, STRUCT("error-rate", M(U16("rate")), M(RADIO_IF("radio-interface")))), \
	TLV(0x18, STRUCT("rsrq", M(I8("rsrq")), M(RADIO_IF("radio-interface")))),    \
	TLV(0x19, I16("lte-snr")),                                                   \
	TLV(0x1A, I16("lte-rsrp")))

#define NAS_REGISTER_INDICATIONS_rq TLVS(                                            \
	TLV(0x10, BOOL("system-selection-preference")),                              \
	TLV(0x12, BOOL("ddtm-events")),                                              \
	TLV(0x13, BOOL("serving-system-events")),                                    \
	TLV(0x14, BOOL("dual-standby-preference")),                                  \
	TLV(0x15, BOOL("subscription-info")),                                        \
	TLV(0x17, BOOL("network-time")),                                             \
	TLV(0x18, BOOL("system-info")),                                              \
	TLV(0x19, BOOL("signal-info")),                                              \
	TLV(0x1A, BOOL("error-rate")),                                               \
	TLV(0x1B, BOOL("hdr-new-uati-assigned")),                                    \
	TLV(0x1C, BOOL("hdr-session-closed")),                                       \
	TLV(0x1D, BOOL("managed-roaming")),                                          \
	TLV(0x1E, BOOL("current-plmn-name")),                                        \
	TLV(0x1F, BOOL("embms-status")),                                             \
	TLV(0x20, BOOL("rf-band-information")),                                      \
	TLV(0x21, STRUCT("network-reject-information",                               \
		M(BOOL("enable-network-reject-indications")),                        \
		M(BOOL("supress-system-info-indications")))))
#define NAS_REGISTER_INDICATIONS_rs NO_TLVS

/* ---- signal ---- */

#define STRENGTH_LIST(n, v, fmt) ARRAY16(n, STRUCT("element", M(fmt(v)),            \
	M(RADIO_IF("radio-interface"))))
#define NAS_GET_SIGNAL_STRENGTH_rq TLVS(TLV(0x10, E16("request-mask", e_ss_request)))
#define NAS_GET_SIGNAL_STRENGTH_rs TLVS(                                             \
	TLV(0x01, STRUCT("signal-strength", M(I8("strength")),                       \
		M(RADIO_IF("radio-interface")))),                                    \
	TLV(0x10, STRENGTH_LIST("strength-list", "strength", I8)),                   \
	TLV(0x11, STRENGTH_LIST("rssi-list", "rssi", U8)),                           \
	TLV(0x12, STRENGTH_LIST("ecio-list", "ecio", U8)),                           \
	TLV(0x13, I32("io")),                                                        \
	TLV(0x14, E8("sinr", e_evdo_sinr)),                                          \
	TLV(0x15, STRENGTH_LIST("error-rate-list", "rate", U16)),                    \
	TLV(0x16, STRUCT("rsrq", M(I8("rsrq")), M(RADIO_IF("radio-interface")))),    \
	TLV(0x17, I16("lte-snr")),                                                   \
	TLV(0x18, I16("lte-rsrp")))

#define SIGNAL_INFO_COMMON                                                           \
	TLV(0x10, STRUCT("cdma-signal-strength", M(I8("rssi")), M(I16("ecio")))),    \
	TLV(0x11, STRUCT("hdr-signal-strength", M(I8("rssi")), M(I16("ecio")),       \
		M(E8("sinr", e_evdo_sinr)), M(I32("io")))),                          \
	TLV(0x12, I8("gsm-signal-strength")),                                        \
	TLV(0x13, STRUCT("wcdma-signal-strength", M(I8("rssi")), M(I16("ecio")))),   \
	TLV(0x14, STRUCT("lte-signal-strength", M(I8("rssi")), M(I8("rsrq")),        \
		M(I16("rsrp")), M(I16("snr")))),                                     \
	TLV(0x15, I8("tdma-signal-strength"))
#define SIGNAL_INFO_5G                                                               \
	TLV(0x17, STRUCT("5g-signal-strength", M(I16("rsrp")), M(I16("snr")))),      \
	TLV(0x18, I16("5g-signal-strength-extended")),                               \
	TLV(0x19, I16("wcdma-rscp"))
#define NAS_GET_SIGNAL_INFO_rq NO_TLVS
#define NAS_GET_SIGNAL_INFO_rs TLVS(SIGNAL_INFO_COMMON,                              \
	TLV(0x16, STRUCT("tdma-signal-strength-extended", M(I32("rssi")),            \
		M(I32("rscp")), M(I32("ecio")), M(I32("sinr")))),                    \
	SIGNAL_INFO_5G)
#define NAS_SIGNAL_INFO_in TLVS(SIGNAL_INFO_COMMON, SIGNAL_INFO_5G)

#define NAS_CONFIG_SIGNAL_INFO_rq TLVS(                                              \
	TLV(0x10, ARRAY8("rssi-threshold", I8("element"))),                          \
	TLV(0x11, ARRAY8("ecio-threshold", I16("element"))),                         \
	TLV(0x12, ARRAY8("sinr-threshold", U8("element"))),                          \
	TLV(0x13, ARRAY8("lte-snr-threshold", I16("element"))),                      \
	TLV(0x14, ARRAY8("io-threshold", I32("element"))),                           \
	TLV(0x15, ARRAY8("rsrq-threshold", I8("element"))),                          \
	TLV(0x16, ARRAY8("rsrp-threshold", I16("element"))),                         \
	TLV(0x17, STRUCT("lte-report", M(U8("rate")), M(U8("average-period")))),     \
	TLV(0x18, ARRAY8("rscp-threshold", I8("element"))))
#define NAS_CONFIG_SIGNAL_INFO_rs NO_TLVS

/* The second version: one threshold list (16-bit, in tenths of the unit)
 * and one delta per radio technology and measurement, 5G NR included. */
#define THRESHOLDS16(n) ARRAY8(n, I16("element"))
#define REPORT_RATE(n) STRUCT(n, M(U8("rate")), M(U8("average-period")))
#define NAS_CONFIG_SIGNAL_INFO_V2_rq TLVS(                                           \
	TLV(0x10, THRESHOLDS16("cdma-rssi-threshold-list")),                         \
	TLV(0x11, U16("cdma-rssi-delta")),                                           \
	TLV(0x12, THRESHOLDS16("cdma-ecio-threshold-list")),                         \
	TLV(0x13, U16("cdma-ecio-delta")),                                           \
	TLV(0x14, THRESHOLDS16("hdr-rssi-threshold-list")),                          \
	TLV(0x15, U16("hdr-rssi-delta")),                                            \
	TLV(0x16, THRESHOLDS16("hdr-ecio-threshold-list")),                          \
	TLV(0x17, U16("hdr-ecio-delta")),                                            \
	TLV(0x18, THRESHOLDS16("hdr-sinr-threshold-list")),                          \
	TLV(0x19, U16("hdr-sinr-delta")),                                            \
	TLV(0x1A, THRESHOLDS16("hdr-io-threshold-list")),                            \
	TLV(0x1B, U16("hdr-io-delta")),                                              \
	TLV(0x1C, THRESHOLDS16("gsm-rssi-threshold-list")),                          \
	TLV(0x1D, U16("gsm-rssi-delta")),                                            \
	TLV(0x1E, THRESHOLDS16("wcdma-rssi-threshold-list")),                        \
	TLV(0x1F, U16("wcdma-rssi-delta")),                                          \
	TLV(0x20, THRESHOLDS16("wcdma-ecio-threshold-list")),                        \
	TLV(0x21, U16("wcdma-ecio-delta")),                                          \
	TLV(0x22, THRESHOLDS16("lte-rssi-threshold-list")),                          \
	TLV(0x23, U16("lte-rssi-delta")),                                            \
	TLV(0x24, THRESHOLDS16("lte-snr-threshold-list")),                           \
	TLV(0x25, U16("lte-snr-delta")),                                             \
	TLV(0x26, THRESHOLDS16("lte-rsrq-threshold-list")),                          \
	TLV(0x27, U16("lte-rsrq-delta")),                                            \
	TLV(0x28, THRESHOLDS16("lte-rsrp-threshold-list")),                          \
	TLV(0x29, U16("lte-rsrp-delta")),                                            \
	TLV(0x2A, REPORT_RATE("lte-report")),                                        \
	TLV(0x33, THRESHOLDS16("nr5g-snr-threshold-list")),                          \
	TLV(0x34, U16("nr5g-snr-delta")),                                            \
	TLV(0x35, THRESHOLDS16("nr5g-rsrp-threshold-list")),                         \
	TLV(0x36, U16("nr5g-rsrp-delta")),                                           \
	TLV(0x37, REPORT_RATE("nr5g-report")),                                       \
	TLV(0x38, THRESHOLDS16("nr5g-rsrq-threshold-list")),                         \
	TLV(0x39, U16("nr5g-rsrq-delta")),                                           \
	TLV(0x3A, THRESHOLDS16("wcdma-rscp-threshold-list")),                        \
	TLV(0x3B, U16("wcdma-rscp-delta")))
#define NAS_CONFIG_SIGNAL_INFO_V2_rs NO_TLVS

/* ---- networks and registration ---- */

#define NAS_NETWORK_SCAN_rq TLVS(TLV(0x10, E8("network-type", e_scan_type)))
#define NAS_NETWORK_SCAN_rs TLVS(                                                    \
	TLV(0x10, ARRAY16("network-information", STRUCT("element", M(U16("mcc")),    \
		M(U16("mnc")), M(E8("network-status", e_network_status)),           \
		M(STR8("description"))))),                                           \
	TLV(0x11, ARRAY16("radio-access-technology", STRUCT("element", M(U16("mcc")), \
		M(U16("mnc")), M(RADIO_IF("radio-interface"))))),                    \
	TLV(0x12, ARRAY16("mnc-pcs-digit-include-status", MNC_PCS("element"))),      \
	TLV(0x13, E32("network-scan-result", e_scan_result)))

#define NAS_INITIATE_NETWORK_REGISTER_rq TLVS(                                       \
	TLV(0x01, E8("action", e_register_type)),                                    \
	TLV(0x10, STRUCT("manual-registration-info-3gpp", M(U16("mcc")), M(U16("mnc")), \
		M(RADIO_IF("radio-interface")))),                                    \
	TLV(0x11, E8("change-duration", e_change_duration)),                         \
	TLV(0x12, BOOL("mnc-pcs-digit-include-status")))
#define NAS_INITIATE_NETWORK_REGISTER_rs NO_TLVS

#define NAS_GET_HOME_NETWORK_rq NO_TLVS
#define NAS_GET_HOME_NETWORK_rs TLVS(                                                \
	TLV(0x01, PLMN_DESC("home-network")),                                        \
	TLV(0x10, STRUCT("home-system-id", M(U16("sid")), M(U16("nid")))),           \
	TLV(0x11, STRUCT("home-network-3gpp2-ext", M(U16("mcc")), M(U16("mnc")),     \
		M(E8("display-description", e_desc_display)),                        \
		M(E8("description-encoding", e_desc_encoding)),                      \
		M(BYTES8("description")))),                                          \
	TLV(0x12, STRUCT("home-network-3gpp-mnc", M(BOOL("is-3gpp")),                \
		M(BOOL("includes-pcs-digit")))),                                     \
	TLV(0x13, E32("network-name-source", e_name_source)))

#define PLMN_NAME(n) STRUCT(n, M(E8("name-encoding", e_plmn_encoding)),             \
	M(E8("short-country-initials", e_country_initials)),                         \
	M(E8("long-name-spare-bits", e_spare_bits)),                                 \
	M(E8("short-name-spare-bits", e_spare_bits)),                                \
	M(BYTES8("long-name")), M(BYTES8("short-name")))
#define NAS_GET_OPERATOR_NAME_rq NO_TLVS
#define NAS_GET_OPERATOR_NAME_rs TLVS(                                               \
	TLV(0x10, STRUCT("service-provider-name",                                    \
		M(E8("name-display-condition", e_name_display)), M(STR8("name")))), \
	TLV(0x11, ARRAY16("operator-plmn-list", STRUCT("element", M(STRN("mcc", 3)), \
		M(STRN("mnc", 3)), M(U16("lac1")), M(U16("lac2")),                   \
		M(U8("plmn-name-record-identifier"))))),                             \
	TLV(0x12, ARRAY8("operator-plmn-name", PLMN_NAME("element"))),               \
	TLV(0x13, STR("operator-string-name")),                                      \
	TLV(0x14, PLMN_NAME("nitz-information")))

/* ---- bands and system selection ---- */

#define NAS_GET_RF_BAND_INFORMATION_rq NO_TLVS
#define NAS_GET_RF_BAND_INFORMATION_rs TLVS(                                         \
	TLV(0x01, ARRAY8("list", RF_BAND_ELEMENT(U16))),                             \
	TLV(0x11, ARRAY8("extended-list", RF_BAND_ELEMENT(U32))),                    \
	TLV(0x12, ARRAY8("bandwidth-list", STRUCT("element",                         \
		M(RADIO_IF("radio-interface")),                                      \
		M(E32("bandwidth", e_dl_bandwidth))))))

#define SSP_COMMON                                                                   \
	TLV(0x10, BOOL("emergency-mode")),                                           \
	TLV(0x11, E16("mode-preference", e_rat_mode_pref)),                          \
	TLV(0x12, U64("band-preference"), HEX),                                      \
	TLV(0x13, E16("cdma-prl-preference", e_cdma_prl_pref)),                      \
	TLV(0x14, E16("roaming-preference", e_roaming_pref)),                        \
	TLV(0x15, U64("lte-band-preference"), HEX),                                  \
	TLV(0x18, E32("service-domain-preference", e_domain_pref)),                  \
	TLV(0x19, E32("gsm-wcdma-acquisition-order-preference", e_gw_acq_order))
#define NAS_SET_SYSTEM_SELECTION_PREFERENCE_rq TLVS(SSP_COMMON,                      \
	TLV(0x16, STRUCT("network-selection-preference",                             \
		M(E8("mode", e_net_sel_pref)), M(U16("mcc")), M(U16("mnc")))),       \
	TLV(0x17, E8("change-duration", e_change_duration)),                         \
	TLV(0x1A, BOOL("mnc-pcs-digit-include-status")),                             \
	TLV(0x1D, U64("td-scdma-band-preference"), HEX),                             \
	TLV(0x1E, RADIO_IF_LIST("acquisition-order-preference")),                    \
	TLV(0x1F, E32("network-selection-registration-restriction", e_reg_restriction)), \
	TLV(0x21, E32("usage-preference", e_usage_pref)),                            \
	TLV(0x23, E32("voice-domain-preference", e_voice_domain_pref)),              \
	TLV(0x24, BAND_MASKS_4("extended-lte-band-preference")),                     \
	TLV(0x2F, BAND_MASKS_8("nr5g-sa-band-preference")),                          \
	TLV(0x30, BAND_MASKS_8("nr5g-nsa-band-preference")))
#define NAS_SET_SYSTEM_SELECTION_PREFERENCE_rs NO_TLVS
#define NAS_GET_SYSTEM_SELECTION_PREFERENCE_rq NO_TLVS
#define NAS_GET_SYSTEM_SELECTION_PREFERENCE_rs TLVS(SSP_COMMON,                      \
	TLV(0x16, E8("network-selection-preference", e_net_sel_pref)),               \
	TLV(0x1A, U64("td-scdma-band-preference"), HEX),                             \
	TLV(0x1B, MNC_PCS("manual-network-selection")),                              \
	TLV(0x1C, RADIO_IF_LIST("acquisition-order-preference")),                    \
	TLV(0x1D, E32("network-selection-registration-restriction", e_reg_restriction)), \
	TLV(0x1F, E32("usage-preference", e_usage_pref)),                            \
	TLV(0x20, E32("voice-domain-preference", e_voice_domain_pref)),              \
	TLV(0x22, E16("disabled-modes", e_rat_mode_pref)),                           \
	TLV(0x23, BAND_MASKS_4("extended-lte-band-preference")),                     \
	TLV(0x2C, BAND_MASKS_8("nr5g-sa-band-preference")),                          \
	TLV(0x2D, BAND_MASKS_8("nr5g-nsa-band-preference")))

/* ---- cells ---- */

#define LTE_CELL STRUCT("element", M(U16("physical-cell-id")), M(I16("rsrq")),       \
	M(I16("rsrp")), M(I16("rssi")), M(I16("cell-selection-rx-level")))
#define NAS_GET_CELL_LOCATION_INFO_rq NO_TLVS
#define NAS_GET_CELL_LOCATION_INFO_rs TLVS(                                          \
	TLV(0x10, STRUCT("geran-info-v2", M(U32("cell-id")), M(PLMN_BCD("plmn")),   \
		M(U16("lac")), M(U16("geran-absolute-rf-channel-number")),           \
		M(U8("base-station-identity-code")), M(U32("timing-advance")),       \
		M(U16("rx-level")),                                                  \
		M(ARRAY8("cell", STRUCT("element", M(U32("cell-id")),                \
			M(PLMN_BCD("plmn")), M(U16("lac")),                          \
			M(U16("geran-absolute-rf-channel-number")),                  \
			M(U8("base-station-identity-code")), M(U16("rx-level"))))))), \
	TLV(0x11, STRUCT("umts-info-v2", M(U16("cell-id")), M(PLMN_BCD("plmn")),    \
		M(U16("lac")), M(U16("utra-absolute-rf-channel-number")),            \
		M(U16("primary-scrambling-code")), M(I16("rscp")), M(I16("ecio")),   \
		M(ARRAY8("cell", STRUCT("element",                                   \
			M(U16("utra-absolute-rf-channel-number")),                   \
			M(U16("primary-scrambling-code")), M(I16("rscp")),           \
			M(I16("ecio"))))),                                           \
		M(ARRAY8("neighboring-geran", STRUCT("element",                      \
			M(U16("geran-absolute-rf-channel-number")),                  \
			M(U8("network-color-code")), M(U8("base-station-color-code")), \
			M(I16("rssi"))))))),                                         \
	TLV(0x12, STRUCT("cdma-info", M(U16("system-id")), M(U16("network-id")),     \
		M(U16("base-station-id")), M(U16("reference-pn")),                  \
		M(U32("latitude")), M(U32("longitude")))),                           \
	TLV(0x13, STRUCT("intrafrequency-lte-info-v2", M(BOOL("ue-in-idle")),       \
		M(PLMN_BCD("plmn")), M(U16("tracking-area-code")),                   \
		M(U32("global-cell-id")), M(U16("eutra-absolute-rf-channel-number")), \
		M(U16("serving-cell-id")), M(U8("cell-reselection-priority")),       \
		M(U8("s-non-intra-search-threshold")),                               \
		M(U8("serving-cell-low-threshold")),                                 \
		M(U8("s-intra-search-threshold")), M(ARRAY8("cell", LTE_CELL)))),    \
	TLV(0x14, STRUCT("interfrequency-lte-info", M(BOOL("ue-in-idle")),          \
		M(ARRAY8("frequency", STRUCT("element",                              \
			M(U16("eutra-absolute-rf-channel-number")),                  \
			M(U8("cell-selection-rx-level-low-threshold")),              \
			M(U8("cell-selection-rx-level-high-threshold")),             \
			M(U8("cell-reselection-priority")),                          \
			M(ARRAY8("cell", LTE_CELL))))))),                            \
	TLV(0x15, STRUCT("lte-info-neighboring-gsm", M(BOOL("ue-in-idle")),         \
		M(ARRAY8("frequency", STRUCT("element",                              \
			M(U8("cell-reselection-priority")),                          \
			M(U8("cell-reselection-high-threshold")),                    \
			M(U8("cell-reselection-low-threshold")),                     \
			M(U8("ncc-permitted")),                                      \
			M(ARRAY8("cell", STRUCT("element",                           \
				M(U16("geran-absolute-rf-channel-number")),          \
				M(BOOL("band-is-1900")), M(BOOL("cell-id-valid")),  \
				M(U8("base-station-identity-code")),                 \
				M(I16("rssi")), M(I16("cell-selection-rx-level")))))))))), \
	TLV(0x16, STRUCT("lte-info-neighboring-wcdma", M(BOOL("ue-in-idle")),       \
		M(ARRAY8("frequency", STRUCT("element",                              \
			M(U16("utra-absolute-rf-channel-number")),                   \
			M(U8("cell-reselection-priority")),                          \
			M(U16("cell-reselection-high-threshold")),                   \
			M(U16("cell-reselection-low-threshold")),                    \
			M(ARRAY8("cell", STRUCT("element",                           \
				M(U16("primary-scrambling-code")),                   \
				M(I16("cpich-rscp")), M(I16("cpich-ecno")),          \
				M(I16("cell-selection-rx-level")))))))))),           \
	TLV(0x17, U32("umts-cell-id")),                                              \
	/* RSRP and RSRQ are IEEE-754 floats: no float format, kept as raw bytes */  \
	TLV(0x18, STRUCT("umts-info-neighboring-lte",                                \
		M(E32("rrc-state", e_wcdma_rrc)),                                    \
		M(ARRAY8("frequency", STRUCT("element",                              \
			M(U16("eutra-absolute-rf-channel-number")),                  \
			M(U16("physical-cell-id")), M(BYTESN("rsrp", 4)),            \
			M(BYTESN("rsrq", 4)), M(I16("cell-selection-rx-level")),     \
			M(BOOL("is-tdd"))))))),                                      \
	TLV(0x1E, U32("lte-info-timing-advance")),                                   \
	TLV(0x2E, U32("nr5g-arfcn")),                                                \
	TLV(0x2F, STRUCT("nr5g-cell-information", M(PLMN_BCD("plmn")),               \
		M(BYTESN("tracking-area-code", 3)), M(U64("global-cell-id")),        \
		M(U16("physical-cell-id")), M(I16("rsrq")), M(I16("rsrp")),          \
		M(I16("snr")))))

/* LTE carrier aggregation: the primary cell and the secondary ones (the
 * single "scell-info" TLV is the older form of the list). */
#define CA_CELL M(U16("physical-cell-id")), M(U16("rx-channel")),                    \
	M(E32("dl-bandwidth", e_dl_bandwidth)), M(E16("lte-band", e_active_band))
#define NAS_GET_LTE_CPHY_CA_INFO_rq NO_TLVS
#define NAS_GET_LTE_CPHY_CA_INFO_rs TLVS(                                            \
	TLV(0x11, E32("dl-bandwidth", e_dl_bandwidth)),                              \
	TLV(0x12, STRUCT("phy-ca-agg-scell-info",                                    \
		CA_CELL, M(E32("state", e_scell_state)))),                           \
	TLV(0x13, STRUCT("phy-ca-agg-pcell-info", CA_CELL)),                       \
	TLV(0x14, U8("scell-index")),                                                \
	TLV(0x15, ARRAY8("phy-ca-agg-secondary-cells", STRUCT("element",             \
		CA_CELL, M(E32("state", e_scell_state)), M(U8("cell-index"))))))

/* ---- get-system-info and its indication ---- */

#define SVC_STATUS_2(n) STRUCT(n, M(E8("service-status", e_service_status)),        \
	M(BOOL("preferred-data-path")))
#define SVC_STATUS_3(n) STRUCT(n, M(E8("service-status", e_service_status)),        \
	M(E8("true-service-status", e_service_status)), M(BOOL("preferred-data-path")))
#define SYS_COMMON                                                                   \
	M(BOOL("domain-valid")), M(E8("domain", e_service_domain)),                  \
	M(BOOL("service-capability-valid")),                                         \
	M(E8("service-capability", e_service_domain)),                               \
	M(BOOL("roaming-status-valid")), M(E8("roaming-status", e_roaming_status)),  \
	M(BOOL("forbidden-valid")), M(BOOL("forbidden"))
#define SYS_3GPP(cause)                                                              \
	M(BOOL("lac-valid")), M(U16("lac")), M(BOOL("cid-valid")), M(U32("cid")),    \
	M(BOOL("registration-reject-info-valid")),                                   \
	M(E8("registration-reject-domain", e_service_domain)),                       \
	M(cause), M(BOOL("network-id-valid")), M(STRN("mcc", 3)), M(STRN("mnc", 3))
#define REJECT_CAUSE E8("registration-reject-cause", e_reject_cause)
#define HS_STATUS                                                                    \
	M(BOOL("hs-call-status-valid")), M(E8("hs-call-status", e_wcdma_hs)),        \
	M(BOOL("hs-service-valid")), M(E8("hs-service", e_wcdma_hs))

#define CDMA_SYSTEM_INFO STRUCT("cdma-system-info", SYS_COMMON,                     \
	M(BOOL("prl-match-valid")), M(BOOL("prl-match")), M(BOOL("p-rev-valid")),    \
	M(U8("p-rev")), M(BOOL("base-station-p-rev-valid")), M(U8("base-station-p-rev")), \
	M(BOOL("concurrent-service-support-valid")),                                 \
	M(BOOL("concurrent-service-support")), M(BOOL("cdma-system-id-valid")),      \
	M(U16("sid")), M(U16("nid")), M(BOOL("base-station-info-valid")),            \
	M(U16("base-station-id")), M(I32("base-station-latitude")),                  \
	M(I32("base-station-longitude")), M(BOOL("packet-zone-valid")),              \
	M(U16("packet-zone")), M(BOOL("network-id-valid")), M(STRN("mcc", 3)),       \
	M(STRN("mnc", 3)))
#define HDR_SYSTEM_INFO STRUCT("hdr-system-info", SYS_COMMON,                       \
	M(BOOL("prl-match-valid")), M(BOOL("prl-match")), M(BOOL("personality-valid")), \
	M(E8("personality", e_hdr_personality)), M(BOOL("protocol-revision-valid")), \
	M(E8("protocol-revision", e_hdr_protocol_rev)),                              \
	M(BOOL("is-856-system-id-valid")), M(STRN("is-856-system-id", 16)))
#define GSM_SYSTEM_INFO STRUCT("gsm-system-info-v2", SYS_COMMON, SYS_3GPP(REJECT_CAUSE), \
	M(BOOL("egprs-support-valid")), M(BOOL("egprs-support")),                    \
	M(BOOL("dtm-support-valid")), M(BOOL("dtm-support")))
#define WCDMA_SYSTEM_INFO STRUCT("wcdma-system-info-v2", SYS_COMMON,                \
	SYS_3GPP(REJECT_CAUSE), HS_STATUS, M(BOOL("primary-scrambling-code-valid")), \
	M(U16("primary-scrambling-code")))
#define LTE_SYSTEM_INFO STRUCT("lte-system-info-v2", SYS_COMMON, SYS_3GPP(REJECT_CAUSE), \
	M(BOOL("tac-valid")), M(U16("tac")))
#define TDS_SYSTEM_INFO(n) STRUCT(n, SYS_COMMON, SYS_3GPP(REJECT_CAUSE), HS_STATUS,  \
	M(BOOL("cell-parameter-id-valid")), M(U16("cell-parameter-id")),             \
	M(BOOL("cell-broadcast-support-valid")),                                     \
	M(E32("cell-broadcast-support", e_cell_broadcast)),                          \
	M(BOOL("cs-call-barring-status-valid")),                                     \
	M(EI32("cs-call-barring-status", e_call_barring)),                           \
	M(BOOL("ps-call-barring-status-valid")),                                     \
	M(EI32("ps-call-barring-status", e_call_barring)),                           \
	M(BOOL("cipher-domain-valid")), M(E8("cipher-domain", e_service_domain)))
/* libqmi gives the NR5G reject cause no enum. */
#define NR5G_SYSTEM_INFO STRUCT("nr5g-system-info", SYS_COMMON,                     \
	SYS_3GPP(U8("registration-reject-cause")), M(BOOL("tac-valid")), M(U16("tac")))
#define GEO_CB(n) STRUCT(n, M(U16("geo-system-index")),                             \
	M(E32("cell-broadcast-support", e_cell_broadcast)))

#define SYSTEM_INFO_COMMON                                                           \
	TLV(0x10, SVC_STATUS_2("cdma-service-status")),                              \
	TLV(0x11, SVC_STATUS_2("hdr-service-status")),                               \
	TLV(0x12, SVC_STATUS_3("gsm-service-status")),                               \
	TLV(0x13, SVC_STATUS_3("wcdma-service-status")),                             \
	TLV(0x14, SVC_STATUS_3("lte-service-status")),                               \
	TLV(0x15, CDMA_SYSTEM_INFO),                                                 \
	TLV(0x16, HDR_SYSTEM_INFO),                                                  \
	TLV(0x17, GSM_SYSTEM_INFO),                                                  \
	TLV(0x18, WCDMA_SYSTEM_INFO),                                                \
	TLV(0x19, LTE_SYSTEM_INFO),                                                  \
	TLV(0x1A, STRUCT("additional-cdma-system-info", M(U16("geo-system-index")),  \
		M(U16("registration-period")))),                                     \
	TLV(0x1B, STRUCT("additional-hdr-system-info", M(U16("geo-system-index")))), \
	TLV(0x1C, GEO_CB("additional-gsm-system-info")),                             \
	TLV(0x1D, GEO_CB("additional-wcdma-system-info")),                           \
	TLV(0x1E, STRUCT("additional-lte-system-info", M(U16("geo-system-index")))), \
	TLV(0x1F, BARRING("gsm-call-barring-status")),                               \
	TLV(0x20, BARRING("wcdma-call-barring-status")),                             \
	TLV(0x21, BOOL("lte-voice-support")),                                        \
	TLV(0x22, E8("gsm-cipher-domain", e_service_domain)),                        \
	TLV(0x23, E8("wcdma-cipher-domain", e_service_domain))

#define NAS_GET_SYSTEM_INFO_rq NO_TLVS
#define NAS_GET_SYSTEM_INFO_rs TLVS(SYSTEM_INFO_COMMON,                              \
	TLV(0x24, SVC_STATUS_3("td-scdma-service-status")),                          \
	TLV(0x25, TDS_SYSTEM_INFO("td-scdma-system-info-v2")),                       \
	TLV(0x26, BOOL("lte-embms-coverage-info-support")),                          \
	TLV(0x27, E32("sim-reject-info", e_sim_reject)),                             \
	TLV(0x29, BOOL("ims-voice-support")),                                        \
	TLV(0x2A, E32("lte-voice-domain", e_lte_voice_domain)),                      \
	TLV(0x2B, U16("cdma-registration-zone-id")),                                 \
	TLV(0x2C, U8("gsm-routing-area-code")),                                      \
	TLV(0x2D, U8("wcdma-routing-area-code")),                                    \
	TLV(0x2E, U16("cdma-resolved-mcc")),                                         \
	TLV(0x2F, E32("network-selection-registration-restriction", e_reg_restriction)), \
	TLV(0x31, E32("lte-registration-domain", e_lte_reg_domain)),                 \
	TLV(0x34, U16("lte-embms-coverage-info-trace-id")),                          \
	TLV(0x44, E32("lte-cell-access-status", e_cell_access)),                     \
	TLV(0x4A, SVC_STATUS_3("nr5g-service-status-info")),                         \
	TLV(0x4B, NR5G_SYSTEM_INFO),                                                 \
	TLV(0x4E, BOOL("eutra-with-nr5g-availability")),                             \
	TLV(0x4F, BOOL("dcnr-restriction-info")),                                    \
	TLV(0x50, BYTESN("nr5g-tracking-area-code", 3)))
/* The indication numbers the TLVs after 0x23 differently; "td-scma" is
 * libqmi's spelling of this TLV's name. */
#define NAS_SYSTEM_INFO_in TLVS(SYSTEM_INFO_COMMON,                                  \
	TLV(0x24, BOOL("plmn-not-changed-indication")),                              \
	TLV(0x25, SVC_STATUS_3("td-scdma-service-status")),                          \
	TLV(0x26, TDS_SYSTEM_INFO("td-scma-system-info-v2")),                        \
	TLV(0x27, BOOL("lte-embms-coverage-info-support")),                          \
	TLV(0x28, E32("sim-reject-info", e_sim_reject)),                             \
	TLV(0x4C, SVC_STATUS_3("nr5g-service-status-info")),                         \
	TLV(0x4D, NR5G_SYSTEM_INFO),                                                 \
	TLV(0x50, BOOL("eutra-with-nr5g-availability")),                             \
	TLV(0x51, BOOL("dcnr-restriction-info")),                                    \
	TLV(0x52, BYTESN("nr5g-tracking-area-code", 3)))

QMI_TABLE(NAS, nas);
