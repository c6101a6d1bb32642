/* WMS: the wireless messaging service (SMS in the modem's or the SIM's
 * store, sending, new-message reports, routes).
 *
 * Only the messages cellink uses. Layouts follow libqmi's service
 * description; names are libqmi's TLV and field names in kebab-case. A
 * message's bytes (a 3GPP TS 23.040 TPDU, or a CDMA one) are BYTES with
 * their two-byte length and PERSONAL: the text of someone's SMS is not
 * for logs. The PDU itself is read by src/sms. */
#include "qmi/defs.h"

/* ---- enums ---- */

ENUM(e_storage, { 0x00, "uim" }, { 0x01, "nv" }, { 0xff, "none" });
ENUM(e_tag, { 0, "mt-read" }, { 1, "mt-not-read" }, { 2, "mo-sent" }, { 3, "mo-not-sent" });
ENUM(e_format, { 0x00, "cdma" }, { 0x06, "gsm-wcdma-point-to-point" },
	{ 0x07, "gsm-wcdma-broadcast" }, { 0x08, "mwi" });
ENUM(e_mode, { 0, "cdma" }, { 1, "gsm-wcdma" });
ENUM(e_ack_ind, { 0, "send" }, { 1, "do-not-send" });
ENUM(e_notification, { 0, "primary" }, { 1, "secondary-gsm" }, { 2, "secondary-umts" });
ENUM(e_msg_type, { 0, "point-to-point" });
ENUM(e_msg_class, { 0, "0" }, { 1, "1" }, { 2, "2" }, { 3, "3" }, { 4, "none" }, { 5, "cdma" });
ENUM(e_receipt, { 0, "discard" }, { 1, "store-and-notify" }, { 2, "transfer-only" },
	{ 3, "transfer-and-ack" }, { 0xff, "unknown" });
ENUM(e_transfer_ind, { 1, "client" });

/* ---- shared layouts ---- */

#define RAW_DATA M(BYTES16("raw-data"), PERSONAL)
#define STORE_REF(n) STRUCT(n, M(E8("storage-type", e_storage)), M(U32("memory-index")))
#define ROUTE_LIST ARRAY16("route-list", STRUCT("element",                            \
	M(E8("message-type", e_msg_type)), M(E8("message-class", e_msg_class)),       \
	M(E8("storage", e_storage)), M(E8("receipt-action", e_receipt))))

/* ---- new-message reports ---- */

#define WMS_SET_EVENT_REPORT_rq TLVS(                                                 \
	TLV(0x10, STRUCT("new-mt-message-indicator", M(BOOL("report")))))
#define WMS_SET_EVENT_REPORT_rs NO_TLVS
#define WMS_EVENT_REPORT_in TLVS(                                                     \
	TLV(0x10, STORE_REF("mt-message")),                                           \
	TLV(0x11, STRUCT("transfer-route-mt-message", M(E8("ack-indicator", e_ack_ind)), \
		M(U32("transaction-id")), M(E8("format", e_format)), RAW_DATA)),      \
	TLV(0x12, E8("message-mode", e_mode)),                                        \
	TLV(0x13, STRUCT("etws-message", M(E8("notification-type", e_notification)), \
		RAW_DATA)),                                                           \
	TLV(0x14, STRUCT("etws-plmn-information", M(U16("mcc")), M(U16("mnc")))),     \
	TLV(0x15, STR("smsc-address")),                                               \
	TLV(0x16, BOOL("sms-on-ims")))

/* ---- the store and sending ---- */

#define WMS_RAW_SEND_rq TLVS(                                                         \
	TLV(0x01, STRUCT("raw-message-data", M(E8("format", e_format)), RAW_DATA)),   \
	TLV(0x12, U8("gsm-wcdma-link-timer")),                                        \
	TLV(0x13, BOOL("sms-on-ims")))
#define WMS_RAW_SEND_rs TLVS(                                                         \
	TLV(0x01, U16("message-id")),                                                 \
	TLV(0x12, STRUCT("gsm-wcdma-cause-info", M(U16("rp-cause")), M(U8("tp-cause")))), \
	TLV(0x13, U8("message-delivery-failure-type")))
#define WMS_RAW_READ_rq TLVS(                                                         \
	TLV(0x01, STORE_REF("message-memory-storage-id")),                            \
	TLV(0x10, E8("message-mode", e_mode)),                                        \
	TLV(0x11, BOOL("sms-on-ims")))
#define WMS_RAW_READ_rs TLVS(                                                         \
	TLV(0x01, STRUCT("raw-message-data", M(E8("message-tag", e_tag)),            \
		M(E8("format", e_format)), RAW_DATA)))
#define WMS_MODIFY_TAG_rq TLVS(                                                       \
	TLV(0x01, STRUCT("message-tag", M(E8("storage-type", e_storage)),             \
		M(U32("memory-index")), M(E8("message-tag", e_tag)))),                \
	TLV(0x10, E8("message-mode", e_mode)))
#define WMS_MODIFY_TAG_rs NO_TLVS
#define WMS_DELETE_rq TLVS(                                                           \
	TLV(0x01, E8("memory-storage", e_storage)),                                   \
	TLV(0x10, U32("memory-index")),                                               \
	TLV(0x11, E8("message-tag", e_tag)),                                          \
	TLV(0x12, E8("message-mode", e_mode)))
#define WMS_DELETE_rs NO_TLVS
#define WMS_LIST_MESSAGES_rq TLVS(                                                    \
	TLV(0x01, E8("storage-type", e_storage)),                                     \
	TLV(0x11, E8("message-tag", e_tag)),                                          \
	TLV(0x12, E8("message-mode", e_mode)))
/* the only count of four bytes among the tables */
#define WMS_LIST_MESSAGES_rs TLVS(                                                    \
	TLV(0x01, ARRAY32("message-list", STRUCT("element", M(U32("memory-index")),   \
		M(E8("message-tag", e_tag))))))

/* ---- routes ---- */

#define WMS_SET_ROUTES_rq TLVS(TLV(0x01, ROUTE_LIST),                                 \
	TLV(0x10, E8("transfer-status-report", e_transfer_ind)))
#define WMS_SET_ROUTES_rs NO_TLVS
#define WMS_GET_ROUTES_rq NO_TLVS
#define WMS_GET_ROUTES_rs TLVS(TLV(0x01, ROUTE_LIST),                                 \
	TLV(0x10, E8("transfer-status-report", e_transfer_ind)))

QMI_TABLE(WMS, wms);
