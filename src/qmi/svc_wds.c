/* WDS: wireless data service (data sessions, profiles, statistics). */
#include "qmi/defs.h"
#include "qmi/internal.h"

FLAGS(e_auth, { 0, "none" }, { 1, "pap" }, { 2, "chap" });
ENUM(e_ip_family, { 0, "unknown" }, { 4, "ipv4" }, { 6, "ipv6" }, { 8, "unspecified" }, { 12, "ethernet" });
ENUM(e_conn_status, { 0, "unknown" }, { 1, "disconnected" }, { 2, "connected" }, { 3, "suspended" },
     { 4, "authenticating" });
ENUM(e_pdp_type, { 0, "ipv4" }, { 1, "ppp" }, { 2, "ipv6" }, { 3, "ipv4-or-ipv6" }, { 4, "non-ip" });
ENUM(e_profile_type, { 0, "3gpp" }, { 1, "3gpp2" }, { 2, "epc" }, { 255, "all" });
ENUM(e_tech_pref, { 1, "3gpp" }, { 2, "3gpp2" });
/* the session's technology: a 16-bit signed number on the wire (cdma is
 * -32767), written here as the unsigned 16 bits */
ENUM(e_tech_name, { 0x8001, "cdma" }, { 0x8004, "umts" }, { 0x8880, "epc" }, { 0x8882, "embms" },
     { 0x8888, "modem-link-local" });
ENUM(e_verbose_type, { 1, "mip" }, { 2, "internal" }, { 3, "cm" }, { 6, "3gpp" }, { 7, "ppp" },
     { 8, "ehrpd" }, { 9, "ipv6" });
ENUM(e_call_end, { 1, "generic-unspecified" }, { 2, "generic-client-end" }, { 3, "generic-no-service" },
     { 4, "generic-fade" }, { 5, "generic-release-normal" }, { 6, "generic-access-attempt-in-progress" },
     { 7, "generic-access-failure" }, { 8, "generic-redirection-or-handoff" },
     { 9, "generic-close-in-progress" }, { 10, "generic-authentication-failed" },
     { 11, "generic-internal-error" }, { 1002, "gsm-wcdma-no-service" }, { 1003, "gsm-wcdma-network-end" },
     { 1005, "gsm-wcdma-insufficient-resources" }, { 1008, "gsm-wcdma-regular-deactivation" },
     { 1009, "gsm-wcdma-network-failure" }, { 1012, "gsm-wcdma-operator-determined-barring" },
     { 1013, "gsm-wcdma-unknown-apn" }, { 1014, "gsm-wcdma-unknown-pdp" }, { 1015, "gsm-wcdma-ggsn-reject" },
     { 1016, "gsm-wcdma-activation-reject" }, { 1017, "gsm-wcdma-option-not-supported" },
     { 1018, "gsm-wcdma-option-unsubscribed" });
ENUM(e_bearer, { 0x01, "cdma20001x" }, { 0x02, "evdo-rev0" }, { 0x03, "gsm" }, { 0x04, "umts" },
     { 0x05, "evdo-reva" }, { 0x06, "edge" }, { 0x07, "hsdpa" }, { 0x08, "hsupa" },
     { 0x09, "hsdpa-hsupda" }, { 0x0a, "lte" }, { 0x0b, "ehrpd" }, { 0x0c, "hsdpaplus" },
     { 0x0d, "hsdpaplus-hsupa" }, { 0x0e, "dchsdpaplus" }, { 0x0f, "dchsdpaplus-hsupa" });
ENUM(e_network_type, { 0, "unknown" }, { 1, "3gpp2" }, { 2, "3gpp" });
FLAGS(e_stats_mask, { 1 << 0, "tx-packets-ok" }, { 1 << 1, "rx-packets-ok" }, { 1 << 2, "tx-packets-error" },
      { 1 << 3, "rx-packets-error" }, { 1 << 4, "tx-overflows" }, { 1 << 5, "rx-overflows" },
      { 1 << 6, "tx-bytes-ok" }, { 1 << 7, "rx-bytes-ok" }, { 1 << 8, "tx-packets-dropped" },
      { 1 << 9, "rx-packets-dropped" });
FLAGS(e_requested_settings, { 1 << 0, "profile-id" }, { 1 << 1, "profile-name" }, { 1 << 2, "pdp-type" },
      { 1 << 3, "apn-name" }, { 1 << 4, "dns-address" }, { 1 << 5, "granted-qos" }, { 1 << 6, "username" },
      { 1 << 7, "auth-protocol" }, { 1 << 8, "ip-address" }, { 1 << 9, "gateway-info" },
      { 1 << 10, "pcscf-address" }, { 1 << 11, "pcscf-server-address-list" },
      { 1 << 12, "pcscf-domain-name-list" }, { 1 << 13, "mtu" }, { 1 << 14, "domain-name-list" },
      { 1 << 15, "ip-family" }, { 1 << 16, "imcn-flag" }, { 1 << 17, "extended-technology" },
      { 1 << 18, "operator-reserved-pco" });
ENUM(e_autoconnect, { 0, "disabled" }, { 1, "enabled" }, { 2, "paused" });
ENUM(e_autoconnect_roaming, { 0, "allowed" }, { 1, "home-only" });
ENUM(e_endpoint_type, { 0, "unknown" }, { 1, "hsic" }, { 2, "hsusb" }, { 3, "pcie" }, { 4, "embedded" },
     { 5, "bam-dmux" });
ENUM(e_client_type, { 1, "tethered" });
ENUM(e_dormancy, { 1, "dormant" }, { 2, "traffic-channel-active" });

#define PROFILE_ID(n) STRUCT(n, M(E8("profile-type", e_profile_type)), M(U8("profile-index")))
#define VERBOSE_REASON STRUCT("verbose-call-end-reason", M(E16("type", e_verbose_type)), \
	M(I16("reason"), .namer = QMI_NAMER_WDS_VERBOSE_REASON))
#define ENDPOINT STRUCT("endpoint-info", M(E32("endpoint-type", e_endpoint_type)), M(U32("interface-number")))

/* The profile settings shared by create/modify/get-profile-settings/get-default-settings. */
#define PROFILE_SETTINGS                                                                   \
	TLV(0x10, STR("profile-name")), TLV(0x11, E8("pdp-type", e_pdp_type)),             \
	TLV(0x12, U8("pdp-header-compression-type")), TLV(0x13, U8("pdp-data-compression-type")), \
	TLV(0x14, STR("apn-name")), TLV(0x15, IPV4("primary-ipv4-dns-address")),           \
	TLV(0x16, IPV4("secondary-ipv4-dns-address")), TLV(0x1B, STR("username"), PERSONAL), \
	TLV(0x1C, STR("password"), SECRET), TLV(0x1D, E8("authentication", e_auth)),        \
	TLV(0x1E, IPV4("ipv4-address-preference")), TLV(0x1F, BOOL("pcscf-address-using-pco")), \
	TLV(0x20, U8("pdp-access-control")), TLV(0x21, BOOL("pcscf-address-using-dhcp")),   \
	TLV(0x22, BOOL("imcn-flag")), TLV(0x25, U8("pdp-context-number")),                 \
	TLV(0x26, BOOL("pdp-context-secondary-flag")), TLV(0x27, U8("pdp-context-primary-id")), \
	TLV(0x28, IPV6("ipv6-address-preference")),                                        \
	TLV(0x2B, IPV6("ipv6-primary-dns-address-preference")),                            \
	TLV(0x2C, IPV6("ipv6-secondary-dns-address-preference")),                          \
	TLV(0x2D, U8("address-allocation-preference")), TLV(0x2F, BOOL("apn-disabled-flag")), \
	TLV(0x3E, BOOL("roaming-disallowed-flag")), TLV(0xDD, U64("apn-type-mask")),        \
	TLV(0xDE, BOOL("clat-enabled")), TLV(0xDF, BOOL("ipv6-prefix-delegation"))

/* Counters shared by get-packet-statistics and the event report. */
#define PACKET_COUNTERS                                                                    \
	TLV(0x10, U32("tx-packets-ok")), TLV(0x11, U32("rx-packets-ok")),                  \
	TLV(0x12, U32("tx-packets-error")), TLV(0x13, U32("rx-packets-error")),            \
	TLV(0x14, U32("tx-overflows")), TLV(0x15, U32("rx-overflows")),                    \
	TLV(0x19, U64("tx-bytes-ok")), TLV(0x1A, U64("rx-bytes-ok"))

#define WDS_RESET_rq NO_TLVS
#define WDS_RESET_rs NO_TLVS
#define WDS_SET_EVENT_REPORT_rq TLVS(TLV(0x10, BOOL("channel-rate")),                     \
	TLV(0x11, STRUCT("transfer-statistics", M(U8("interval-seconds")), M(U32("indicators")))), \
	TLV(0x12, BOOL("data-bearer-technology")), TLV(0x13, BOOL("dormancy-status")),      \
	TLV(0x15, BOOL("current-data-bearer-technology")), TLV(0x17, BOOL("data-call-status")))
#define WDS_SET_EVENT_REPORT_rs NO_TLVS
#define WDS_EVENT_REPORT_in TLVS(PACKET_COUNTERS,                                          \
	TLV(0x16, STRUCT("channel-rates", M(I32("tx-rate-bps")), M(I32("rx-rate-bps")))),   \
	TLV(0x17, EI8("data-bearer-technology", e_bearer)), TLV(0x18, E8("dormancy-status", e_dormancy)), \
	TLV(0x1D, STRUCT("current-data-bearer-technology", M(E8("network-type", e_network_type)), \
		M(U32("rat-mask")), M(U32("so-mask")))),                                   \
	TLV(0x25, U32("tx-packets-dropped")), TLV(0x26, U32("rx-packets-dropped")))
#define WDS_ABORT_rq TLVS(TLV(0x01, U16("transaction-id")))
#define WDS_ABORT_rs NO_TLVS
#define WDS_START_NETWORK_rq TLVS(                                                         \
	TLV(0x10, IPV4("primary-dns-address-preference")),                                 \
	TLV(0x11, IPV4("secondary-dns-address-preference")),                               \
	TLV(0x12, IPV4("primary-nbns-address-preference")),                                \
	TLV(0x13, IPV4("secondary-nbns-address-preference")),                              \
	TLV(0x14, STR("apn")), TLV(0x15, IPV4("ipv4-address-preference")),                 \
	TLV(0x16, E8("authentication-preference", e_auth)),                                \
	TLV(0x17, STR("username"), PERSONAL), TLV(0x18, STR("password"), SECRET),           \
	TLV(0x19, E8("ip-family-preference", e_ip_family)),                                \
	TLV(0x30, E8("technology-preference", e_tech_pref)),                               \
	TLV(0x31, U8("profile-index-3gpp")), TLV(0x32, U8("profile-index-3gpp2")),         \
	TLV(0x33, BOOL("enable-autoconnect")), TLV(0x34, U16("extended-technology-preference")), \
	TLV(0x35, U8("call-type")))
#define WDS_START_NETWORK_rs TLVS(TLV(0x01, U32("packet-data-handle"), HEX),                \
	TLV(0x10, E16("call-end-reason", e_call_end)), TLV(0x11, VERBOSE_REASON))
#define WDS_STOP_NETWORK_rq TLVS(TLV(0x01, U32("packet-data-handle"), HEX),                 \
	TLV(0x10, BOOL("disable-autoconnect")))
#define WDS_STOP_NETWORK_rs NO_TLVS
#define WDS_GET_PACKET_SERVICE_STATUS_rq NO_TLVS
#define WDS_GET_PACKET_SERVICE_STATUS_rs TLVS(TLV(0x01, E8("connection-status", e_conn_status)))
#define WDS_PACKET_SERVICE_STATUS_in TLVS(                                                 \
	TLV(0x01, STRUCT("connection-status", M(E8("status", e_conn_status)),               \
		M(BOOL("reconfiguration-required")))),                                     \
	TLV(0x10, E16("call-end-reason", e_call_end)), TLV(0x11, VERBOSE_REASON),           \
	TLV(0x12, E8("ip-family", e_ip_family)), TLV(0x13, E16("technology-name", e_tech_name)), \
	TLV(0x14, U8("bearer-id")), TLV(0x15, BOOL("xlat-capability")))
#define WDS_GET_PACKET_STATISTICS_rq TLVS(TLV(0x01, E32("mask", e_stats_mask)))
#define WDS_GET_PACKET_STATISTICS_rs TLVS(PACKET_COUNTERS,                                 \
	TLV(0x1B, U64("last-call-tx-bytes-ok")), TLV(0x1C, U64("last-call-rx-bytes-ok")),   \
	TLV(0x1D, U32("tx-packets-dropped")), TLV(0x1E, U32("rx-packets-dropped")))
#define WDS_CREATE_PROFILE_rq TLVS(TLV(0x01, E8("profile-type", e_profile_type)), PROFILE_SETTINGS)
#define WDS_CREATE_PROFILE_rs TLVS(TLV(0x01, PROFILE_ID("profile-identifier")))
#define WDS_MODIFY_PROFILE_rq TLVS(TLV(0x01, PROFILE_ID("profile-identifier")), PROFILE_SETTINGS)
#define WDS_MODIFY_PROFILE_rs TLVS(TLV(0xE0, U16("extended-error-code")))
#define WDS_DELETE_PROFILE_rq TLVS(TLV(0x01, PROFILE_ID("profile-identifier")))
#define WDS_DELETE_PROFILE_rs TLVS(TLV(0xE0, U16("extended-error-code")))
#define WDS_GET_PROFILE_LIST_rq TLVS(TLV(0x10, E8("profile-type", e_profile_type)))
#define WDS_GET_PROFILE_LIST_rs TLVS(TLV(0x01, ARRAY8("profile-list",                       \
	STRUCT("profile", M(E8("profile-type", e_profile_type)), M(U8("profile-index")),    \
	       M(STR8("profile-name"))))))
#define WDS_GET_PROFILE_SETTINGS_rq TLVS(TLV(0x01, PROFILE_ID("profile-id")))
#define WDS_GET_PROFILE_SETTINGS_rs TLVS(PROFILE_SETTINGS)
#define WDS_GET_DEFAULT_SETTINGS_rq TLVS(TLV(0x01, E8("profile-type", e_profile_type)))
#define WDS_GET_DEFAULT_SETTINGS_rs TLVS(PROFILE_SETTINGS)
#define WDS_GET_CURRENT_SETTINGS_rq TLVS(TLV(0x10, E32("requested-settings", e_requested_settings)))
#define WDS_GET_CURRENT_SETTINGS_rs TLVS(                                                  \
	TLV(0x10, STR("profile-name")), TLV(0x11, E8("pdp-type", e_pdp_type)),             \
	TLV(0x14, STR("apn-name")), TLV(0x15, IPV4("primary-ipv4-dns-address")),           \
	TLV(0x16, IPV4("secondary-ipv4-dns-address")), TLV(0x1B, STR("username"), PERSONAL), \
	TLV(0x1D, E8("authentication", e_auth)), TLV(0x1E, IPV4("ipv4-address")),          \
	TLV(0x1F, PROFILE_ID("profile-id")), TLV(0x20, IPV4("ipv4-gateway-address")),      \
	TLV(0x21, IPV4("ipv4-gateway-subnet-mask")), TLV(0x22, U8("pcscf-address-using-pco")), \
	TLV(0x23, ARRAY8("pcscf-server-address-list", IPV4("ipv4-address"))),              \
	TLV(0x24, ARRAY8("pcscf-domain-name-list", STR16("fqdn"))),                         \
	TLV(0x25, STRUCT("ipv6-address", M(IPV6("address")), M(U8("prefix-length")))),     \
	TLV(0x26, STRUCT("ipv6-gateway-address", M(IPV6("address")), M(U8("prefix-length")))), \
	TLV(0x27, IPV6("ipv6-primary-dns-address")), TLV(0x28, IPV6("ipv6-secondary-dns-address")), \
	TLV(0x29, U32("mtu")), TLV(0x2A, ARRAY8("domain-name-list", STR16("domain-name"))), \
	TLV(0x2B, E8("ip-family", e_ip_family)), TLV(0x2C, I8("imcn-flag")),                \
	TLV(0x2D, U16("extended-technology-preference")))
#define WDS_GET_AUTOCONNECT_SETTINGS_rq NO_TLVS
#define WDS_GET_AUTOCONNECT_SETTINGS_rs TLVS(TLV(0x01, E8("status", e_autoconnect)),        \
	TLV(0x10, E8("roaming", e_autoconnect_roaming)))
#define BEARER_INFO(n) STRUCT(n, M(E8("network-type", e_network_type)), M(U32("rat-mask")), M(U32("so-mask")))
#define WDS_GET_DATA_BEARER_TECHNOLOGY_rq NO_TLVS
#define WDS_GET_DATA_BEARER_TECHNOLOGY_rs TLVS(TLV(0x01, EI8("current", e_bearer)),         \
	TLV(0x10, EI8("last", e_bearer)))
#define WDS_GET_CURRENT_DATA_BEARER_TECHNOLOGY_rq NO_TLVS
#define WDS_GET_CURRENT_DATA_BEARER_TECHNOLOGY_rs TLVS(TLV(0x01, BEARER_INFO("current")),   \
	TLV(0x10, BEARER_INFO("last")))
#define WDS_SET_IP_FAMILY_rq TLVS(TLV(0x01, E8("preference", e_ip_family)))
#define WDS_SET_IP_FAMILY_rs NO_TLVS
#define WDS_BIND_DATA_PORT_rq TLVS(TLV(0x01, U16("data-port")))
#define WDS_BIND_DATA_PORT_rs NO_TLVS
#define WDS_BIND_MUX_DATA_PORT_rq TLVS(TLV(0x10, ENDPOINT), TLV(0x11, U8("mux-id")),         \
	TLV(0x13, E32("client-type", e_client_type)))
#define WDS_BIND_MUX_DATA_PORT_rs NO_TLVS

QMI_TABLE(WDS, wds);
