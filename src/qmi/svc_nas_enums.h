/* Named values of the NAS message tables (svc_nas.c), libqmi's enum value
 * names in kebab-case. Included by svc_nas.c only. Negative values of the
 * signed enums are written as their 32-bit two's complement. */
#ifndef CELLINK_QMI_SVC_NAS_ENUMS_H
#define CELLINK_QMI_SVC_NAS_ENUMS_H

#include "qmi/defs.h"

ENUM(e_radio_if, { 0xffffffff, "unknown" }, { 0, "none" }, { 1, "cdma-1x" }, { 2, "cdma-1xevdo" },
	{ 3, "amps" }, { 4, "gsm" }, { 5, "umts" }, { 8, "lte" }, { 9, "td-scdma" }, { 12, "5gnr" });
ENUM(e_reg_state, { 0, "not-registered" }, { 1, "registered" }, { 2, "not-registered-searching" },
	{ 3, "registration-denied" }, { 4, "unknown" });
ENUM(e_attach_state, { 0, "unknown" }, { 1, "attached" }, { 2, "detached" });
ENUM(e_network_type, { 0, "unknown" }, { 1, "3gpp2" }, { 2, "3gpp" });
ENUM(e_roaming_ind, { 0, "on" }, { 1, "off" });
ENUM(e_data_cap, { 0, "none" }, { 1, "gprs" }, { 2, "edge" }, { 3, "hsdpa" }, { 4, "hsupa" },
	{ 5, "wcdma" }, { 6, "cdma" }, { 7, "evdo-rev-0" }, { 8, "evdo-rev-a" }, { 9, "gsm" },
	{ 10, "evdo-rev-b" }, { 11, "lte" }, { 12, "hsdpa-plus" }, { 13, "dc-hsdpa-plus" });
ENUM(e_service_status, { 0, "none" }, { 1, "limited" }, { 2, "available" },
	{ 3, "limited-regional" }, { 4, "power-save" });
ENUM(e_service_domain, { 0, "none" }, { 1, "cs" }, { 2, "ps" }, { 3, "cs-ps" }, { 4, "camped" });
ENUM(e_roaming_status, { 0, "off" }, { 1, "on" }, { 2, "blink" }, { 3, "out-of-neighborhood" },
	{ 4, "out-of-building" }, { 5, "preferred-system" }, { 6, "available-system" },
	{ 7, "alliance-partner" }, { 8, "premium-partner" }, { 9, "full-service" },
	{ 10, "partial-service" }, { 11, "banner-on" }, { 12, "banner-off" });
ENUM(e_hdr_personality, { 0, "unknown" }, { 1, "hrpd" }, { 2, "ehrpd" });
ENUM(e_hdr_protocol_rev, { 0, "none" }, { 1, "rel-0" }, { 2, "rel-a" }, { 3, "rel-b" });
ENUM(e_call_barring, { 0, "normal-only" }, { 1, "emergency-only" }, { 2, "no-calls" },
	{ 3, "all-calls" }, { 0xffffffff, "unknown" });
ENUM(e_name_source, { 0, "unknown" }, { 1, "operator-plmn-list-and-plmn-network-name" },
	{ 2, "common-pcn-handset-specification-and-operator-name-string" }, { 3, "nitz" }, { 4, "se13" },
	{ 5, "mcc-mnc" }, { 6, "service-provider-name" });
ENUM(e_evdo_sinr, { 0, "0" }, { 1, "1" }, { 2, "2" }, { 3, "3" }, { 4, "4" }, { 5, "5" },
	{ 6, "6" }, { 7, "7" }, { 8, "8" });
ENUM(e_wcdma_hs, { 0, "hsdpa-hsupa-unsupported" }, { 1, "hsdpa-supported" },
	{ 2, "hsupa-supported" }, { 3, "hsdpa-hsupa-supported" }, { 4, "hsdpa-plus-supported" },
	{ 5, "hsdpa-plus-hsupa-supported" }, { 6, "dc-hsdpa-plus-supported" },
	{ 7, "dc-hsdpa-plus-hsupa-supported" });
ENUM(e_reject_cause, { 0, "none" }, { 2, "imsi-unknown-in-hlr" }, { 3, "illegal-ue" },
	{ 4, "imsi-unknown-in-vlr" }, { 5, "imei-not-accepted" }, { 6, "illegal-me" },
	{ 7, "ps-services-not-allowed" }, { 8, "ps-and-non-ps-services-not-allowed" },
	{ 9, "ue-identity-not-derived-by-network" }, { 10, "implicitly-detached" },
	{ 11, "plmn-not-allowed" }, { 12, "location-area-not-allowed" },
	{ 13, "roaming-in-location-area-not-allowed" },
	{ 14, "ps-services-in-location-area-not-allowed" }, { 15, "no-suitable-cells-in-location-area" },
	{ 16, "msc-temporarily-not-reachable" }, { 17, "network-failure" },
	{ 18, "cs-domain-not-available" }, { 19, "esm-failure" }, { 20, "mac-failure" },
	{ 21, "synch-failure" }, { 22, "congestion" }, { 23, "ue-security-capabilities-mismatch" },
	{ 24, "security-mode-rejected-unspecified" }, { 25, "csg-not-authorized" },
	{ 26, "non-eps-authentication-unacceptable" }, { 28, "sms-provided-by-gprs-in-routing-area" },
	{ 31, "redirection-to-5gcn-required" }, { 32, "service-option-not-supported" },
	{ 33, "requested-service-option-not-subscribed" },
	{ 34, "service-option-temporarily-out-of-order" },
	{ 35, "requested-service-option-not-authorized" }, { 38, "call-cannot-be-identified" },
	{ 39, "cs-service-temporarily-not-available" }, { 40, "no-eps-bearer-context-activated" },
	{ 42, "severe-network-failure" }, { 48, "retry-upon-entry-into-new-cell-0" },
	{ 49, "retry-upon-entry-into-new-cell-1" }, { 50, "retry-upon-entry-into-new-cell-2" },
	{ 51, "retry-upon-entry-into-new-cell-3" }, { 52, "retry-upon-entry-into-new-cell-4" },
	{ 53, "retry-upon-entry-into-new-cell-5" }, { 54, "retry-upon-entry-into-new-cell-6" },
	{ 55, "retry-upon-entry-into-new-cell-7" }, { 56, "retry-upon-entry-into-new-cell-8" },
	{ 57, "retry-upon-entry-into-new-cell-9" }, { 58, "retry-upon-entry-into-new-cell-10" },
	{ 59, "retry-upon-entry-into-new-cell-11" }, { 60, "retry-upon-entry-into-new-cell-12" },
	{ 61, "retry-upon-entry-into-new-cell-13" }, { 62, "retry-upon-entry-into-new-cell-14" },
	{ 63, "retry-upon-entry-into-new-cell-15" }, { 95, "semantically-incorrect-message" },
	{ 96, "invalid-mandatory-information" }, { 97, "message-type-non-existent" },
	{ 98, "message-type-not-compatible" }, { 99, "information-element-non-existent" },
	{ 100, "conditional-information-element-error" }, { 101, "message-not-compatible" },
	{ 111, "unspecified-protocol-error" });
ENUM(e_cell_broadcast, { 0, "unknown" }, { 1, "off" }, { 2, "on" });
ENUM(e_sim_reject, { 0, "sim-unavailable" }, { 1, "sim-available" }, { 2, "sim-cs-invalid" },
	{ 3, "sim-ps-invalid" }, { 4, "sim-cs-ps-invalid" });
ENUM(e_lte_voice_domain, { 0, "none" }, { 1, "ims" }, { 2, "1x" }, { 3, "3gpp" });
ENUM(e_lte_reg_domain, { 0, "not-applicable" }, { 1, "cs-only" }, { 2, "ps-only" }, { 3, "cs-ps" },
	{ 4, "limited-service" });
ENUM(e_cell_access, { 0, "normal-only" }, { 1, "emergency-only" }, { 2, "no-calls" },
	{ 3, "all-calls" }, { 255, "unknown" });
ENUM(e_reg_restriction, { 0, "unrestricted" }, { 1, "camped-only" }, { 2, "limited" });
ENUM(e_active_band, { 0, "bc-0" }, { 1, "bc-1" }, { 2, "bc-2" }, { 3, "bc-3" }, { 4, "bc-4" },
	{ 5, "bc-5" }, { 6, "bc-6" }, { 7, "bc-7" }, { 8, "bc-8" }, { 9, "bc-9" }, { 10, "bc-10" },
	{ 11, "bc-11" }, { 12, "bc-12" }, { 13, "bc-13" }, { 14, "bc-14" }, { 15, "bc-15" },
	{ 16, "bc-16" }, { 17, "bc-17" }, { 18, "bc-18" }, { 19, "bc-19" }, { 40, "gsm-450" },
	{ 41, "gsm-480" }, { 42, "gsm-750" }, { 43, "gsm-850" }, { 44, "gsm-900-extended" },
	{ 45, "gsm-900-primary" }, { 46, "gsm-900-railways" }, { 47, "gsm-dcs-1800" },
	{ 48, "gsm-pcs-1900" }, { 80, "wcdma-2100" }, { 81, "wcdma-pcs-1900" }, { 82, "wcdma-dcs-1800" },
	{ 83, "wcdma-1700-us" }, { 84, "wcdma-850" }, { 85, "wcdma-800" }, { 86, "wcdma-2600" },
	{ 87, "wcdma-900" }, { 88, "wcdma-1700-japan" }, { 90, "wcdma-1500-japan" },
	{ 91, "wcdma-850-japan" }, { 120, "eutran-1" }, { 121, "eutran-2" }, { 122, "eutran-3" },
	{ 123, "eutran-4" }, { 124, "eutran-5" }, { 125, "eutran-6" }, { 126, "eutran-7" },
	{ 127, "eutran-8" }, { 128, "eutran-9" }, { 129, "eutran-10" }, { 130, "eutran-11" },
	{ 131, "eutran-12" }, { 132, "eutran-13" }, { 133, "eutran-14" }, { 134, "eutran-17" },
	{ 143, "eutran-18" }, { 144, "eutran-19" }, { 145, "eutran-20" }, { 146, "eutran-21" },
	{ 152, "eutran-23" }, { 147, "eutran-24" }, { 148, "eutran-25" }, { 153, "eutran-26" },
	{ 164, "eutran-27" }, { 158, "eutran-28" }, { 159, "eutran-29" }, { 160, "eutran-30" },
	{ 165, "eutran-31" }, { 154, "eutran-32" }, { 135, "eutran-33" }, { 136, "eutran-34" },
	{ 137, "eutran-35" }, { 138, "eutran-36" }, { 139, "eutran-37" }, { 140, "eutran-38" },
	{ 141, "eutran-39" }, { 142, "eutran-40" }, { 149, "eutran-41" }, { 150, "eutran-42" },
	{ 151, "eutran-43" }, { 163, "eutran-46" }, { 166, "eutran-47" }, { 167, "eutran-48" },
	{ 161, "eutran-66" }, { 168, "eutran-71" }, { 155, "eutran-125" }, { 156, "eutran-126" },
	{ 157, "eutran-127" }, { 162, "eutran-250" }, { 200, "tdscdma-a" }, { 201, "tdscdma-b" },
	{ 202, "tdscdma-c" }, { 203, "tdscdma-d" }, { 204, "tdscdma-e" }, { 205, "tdscdma-f" },
	{ 250, "nr5g-1" }, { 251, "nr5g-2" }, { 252, "nr5g-3" }, { 253, "nr5g-5" }, { 254, "nr5g-7" },
	{ 255, "nr5g-8" }, { 256, "nr5g-20" }, { 257, "nr5g-28" }, { 258, "nr5g-38" }, { 259, "nr5g-41" },
	{ 260, "nr5g-50" }, { 261, "nr5g-51" }, { 262, "nr5g-66" }, { 263, "nr5g-70" },
	{ 264, "nr5g-71" }, { 265, "nr5g-74" }, { 266, "nr5g-75" }, { 267, "nr5g-76" },
	{ 268, "nr5g-77" }, { 269, "nr5g-78" }, { 270, "nr5g-79" }, { 271, "nr5g-80" },
	{ 272, "nr5g-81" }, { 273, "nr5g-82" }, { 274, "nr5g-83" }, { 275, "nr5g-84" },
	{ 276, "nr5g-85" }, { 277, "nr5g-257" }, { 278, "nr5g-258" }, { 279, "nr5g-259" },
	{ 280, "nr5g-260" }, { 281, "nr5g-261" }, { 282, "nr5g-12" }, { 283, "nr5g-25" },
	{ 284, "nr5g-34" }, { 285, "nr5g-39" }, { 286, "nr5g-40" }, { 287, "nr5g-65" },
	{ 288, "nr5g-86" }, { 289, "nr5g-48" }, { 290, "nr5g-14" }, { 291, "nr5g-13" },
	{ 292, "nr5g-18" }, { 293, "nr5g-26" }, { 294, "nr5g-30" }, { 295, "nr5g-29" },
	{ 296, "nr5g-53" }, { 297, "nr5g-46" }, { 298, "nr5g-91" }, { 299, "nr5g-92" },
	{ 300, "nr5g-93" }, { 301, "nr5g-94" });
ENUM(e_dl_bandwidth, { 0, "1-4" }, { 1, "3" }, { 2, "5" }, { 3, "10" }, { 4, "15" }, { 5, "20" },
	{ 6, "5gnr-5" }, { 7, "5gnr-10" }, { 8, "5gnr-15" }, { 9, "5gnr-20" }, { 10, "5gnr-25" },
	{ 11, "5gnr-30" }, { 12, "5gnr-40" }, { 13, "5gnr-50" }, { 14, "5gnr-60" }, { 15, "5gnr-80" },
	{ 16, "5gnr-90" }, { 17, "5gnr-100" }, { 18, "5gnr-200" }, { 19, "5gnr-400" }, { 20, "gsm-02" },
	{ 21, "tdscdma-16" }, { 22, "wcdma-5" }, { 23, "wcdma-10" }, { 24, "5gnr-70" },
	{ 255, "unknown" });
ENUM(e_scell_state, { 0, "deconfigured" }, { 1, "deactivated" }, { 2, "activated" });
FLAGS(e_ss_request, { 0x0, "none" }, { 0x1, "rssi" }, { 0x2, "ecio" }, { 0x4, "io" },
	{ 0x8, "sinr" }, { 0x10, "error-rate" }, { 0x20, "rsrq" }, { 0x40, "lte-snr" },
	{ 0x80, "lte-rsrp" });
FLAGS(e_scan_type, { 0x1, "gsm" }, { 0x2, "umts" }, { 0x4, "lte" }, { 0x8, "td-scdma" },
	{ 0x10, "5gnr" });
FLAGS(e_network_status, { 0x1, "current-serving" }, { 0x2, "available" }, { 0x4, "home" },
	{ 0x8, "roaming" }, { 0x10, "forbidden" }, { 0x20, "not-forbidden" }, { 0x40, "preferred" },
	{ 0x80, "not-preferred" });
ENUM(e_scan_result, { 0, "success" }, { 1, "abort" }, { 2, "radio-link-failure" });
ENUM(e_register_type, { 1, "automatic" }, { 2, "manual" });
ENUM(e_change_duration, { 0, "power-cycle" }, { 1, "permanent" });
ENUM(e_desc_display, { 0, "no" }, { 1, "yes" }, { 255, "unknown" });
ENUM(e_desc_encoding, { 0, "unspecified" }, { 1, "ascii7" }, { 4, "unicode" }, { 9, "gsm" });
FLAGS(e_rat_mode_pref, { 0x1, "cdma-1x" }, { 0x2, "cdma-1xevdo" }, { 0x4, "gsm" }, { 0x8, "umts" },
	{ 0x10, "lte" }, { 0x20, "td-scdma" }, { 0x40, "5gnr" });
ENUM(e_cdma_prl_pref, { 1, "a-side-only" }, { 2, "b-side-only" }, { 16383, "any" });
ENUM(e_roaming_pref, { 1, "off" }, { 2, "not-off" }, { 3, "not-flashing" }, { 255, "any" });
ENUM(e_net_sel_pref, { 0, "automatic" }, { 1, "manual" });
ENUM(e_domain_pref, { 0, "cs-only" }, { 1, "ps-only" }, { 2, "cs-ps" }, { 3, "ps-attach" },
	{ 4, "ps-detach" });
ENUM(e_gw_acq_order, { 0, "automatic" }, { 1, "gsm" }, { 2, "wcdma" });
ENUM(e_usage_pref, { 0, "unknown" }, { 1, "voice-centric" }, { 2, "data-centric" });
ENUM(e_voice_domain_pref, { 0, "cs-only" }, { 1, "ps-only" }, { 2, "cs-preferred" },
	{ 3, "ps-preferred" });
FLAGS(e_name_display, { 0x1, "display-registered-plmn-if-known-network" },
	{ 0x2, "display-spn-not-required-if-unknown-network" });
ENUM(e_plmn_encoding, { 0, "gsm" }, { 1, "ucs2le" });
ENUM(e_country_initials, { 0, "do-not-add" }, { 1, "add" }, { 255, "unspecified" });
ENUM(e_spare_bits, { 0, "unknown" }, { 1, "bit-8" }, { 2, "bits-78" }, { 3, "bits-68" },
	{ 4, "bits-58" }, { 5, "bits-48" }, { 6, "bits-38" }, { 7, "bits-28" });
ENUM(e_wcdma_rrc, { 0, "disconnected" }, { 1, "cell-pch" }, { 2, "ura-pch" }, { 3, "cell-fach" },
	{ 4, "cell-dch" });

#endif
