/* WDA: wireless data administrative service (link-layer data format). */
#include "qmi/defs.h"

ENUM(e_link_layer, { 0, "unknown" }, { 1, "802-3" }, { 2, "raw-ip" }, { 3, "ethernet-pdu" });
ENUM(e_aggregation, { 0, "disabled" }, { 1, "tlp" }, { 2, "qc-ncm" }, { 3, "mbim" }, { 4, "rndis" },
     { 5, "qmap" }, { 6, "qmapv2" }, { 7, "qmapv3" }, { 8, "qmapv4" }, { 9, "qmapv5" });
ENUM(e_endpoint_type, { 0, "unknown" }, { 1, "hsic" }, { 2, "hsusb" }, { 3, "pcie" }, { 4, "embedded" },
     { 5, "bam-dmux" });

#define ENDPOINT STRUCT("endpoint-info", M(E32("endpoint-type", e_endpoint_type)), M(U32("interface-number")))

/* The format TLVs both messages answer with. */
#define DATA_FORMAT_ANSWER                                                                 \
	TLV(0x10, BOOL("qos-format")), TLV(0x11, E32("link-layer-protocol", e_link_layer)), \
	TLV(0x12, E32("uplink-data-aggregation-protocol", e_aggregation)),                 \
	TLV(0x13, E32("downlink-data-aggregation-protocol", e_aggregation)),               \
	TLV(0x14, U32("ndp-signature")),                                                   \
	TLV(0x15, U32("downlink-data-aggregation-max-datagrams")),                         \
	TLV(0x16, U32("downlink-data-aggregation-max-size")),                              \
	TLV(0x17, U32("uplink-data-aggregation-max-datagrams")),                           \
	TLV(0x18, U32("uplink-data-aggregation-max-size")),                                \
	TLV(0x1A, U32("download-minimum-padding")), TLV(0x1B, U8("flow-control"))

#define WDA_SET_DATA_FORMAT_rq TLVS(TLV(0x10, BOOL("qos-format")),                         \
	TLV(0x11, E32("link-layer-protocol", e_link_layer)),                               \
	TLV(0x12, E32("uplink-data-aggregation-protocol", e_aggregation)),                 \
	TLV(0x13, E32("downlink-data-aggregation-protocol", e_aggregation)),               \
	TLV(0x14, U32("ndp-signature")),                                                   \
	TLV(0x15, U32("downlink-data-aggregation-max-datagrams")),                         \
	TLV(0x16, U32("downlink-data-aggregation-max-size")), TLV(0x17, ENDPOINT),          \
	TLV(0x1B, U32("uplink-data-aggregation-max-datagrams")),                           \
	TLV(0x1C, U32("uplink-data-aggregation-max-size")))
#define WDA_SET_DATA_FORMAT_rs TLVS(DATA_FORMAT_ANSWER)
#define WDA_GET_DATA_FORMAT_rq TLVS(TLV(0x10, ENDPOINT))
#define WDA_GET_DATA_FORMAT_rs TLVS(DATA_FORMAT_ANSWER)

QMI_TABLE(WDA, wda);
