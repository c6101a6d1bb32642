/* CTL: the control service (client ids, versions, synchronisation). */
#include "qmi/defs.h"

#define SVC_VAL(sym, num, short_name, long_name) { num, short_name },
static const struct qmi_src_enum e_service = {
	.vals = (const struct qmi_src_enum_val[]){ QMI_SERVICES(SVC_VAL) { 0, NULL } }
};
#undef SVC_VAL

ENUM(e_ctl_data_format, { 0, "qos-flow-header-absent" }, { 1, "qos-flow-header-present" });
ENUM(e_link_protocol, { 1, "802-3" }, { 2, "raw-ip" });

#define CLIENT_INFO(n) STRUCT(n, M(E8("service", e_service)), M(U8("cid")))

#define CTL_SET_INSTANCE_ID_rq TLVS(TLV(0x01, U8("id")))
#define CTL_SET_INSTANCE_ID_rs TLVS(TLV(0x01, U16("link-id")))
#define CTL_GET_VERSION_INFO_rq NO_TLVS
#define CTL_GET_VERSION_INFO_rs TLVS(                                              \
	TLV(0x01, ARRAY8("service-list", STRUCT("service", M(E8("service", e_service)), \
		M(U16("major-version")), M(U16("minor-version"))))))
#define CTL_ALLOCATE_CID_rq TLVS(TLV(0x01, E8("service", e_service)))
#define CTL_ALLOCATE_CID_rs TLVS(TLV(0x01, CLIENT_INFO("allocation-info")))
#define CTL_RELEASE_CID_rq TLVS(TLV(0x01, CLIENT_INFO("release-info")))
#define CTL_RELEASE_CID_rs TLVS(TLV(0x01, CLIENT_INFO("release-info")))
#define CTL_REVOKE_CLIENT_ID_in TLVS(TLV(0x01, CLIENT_INFO("release-info")))
#define CTL_INVALID_CLIENT_ID_in TLVS(TLV(0x01, CLIENT_INFO("release-info")))
#define CTL_SET_DATA_FORMAT_rq TLVS(TLV(0x01, E8("format", e_ctl_data_format)), \
	TLV(0x10, E16("protocol", e_link_protocol)))
#define CTL_SET_DATA_FORMAT_rs TLVS(TLV(0x10, E16("protocol", e_link_protocol)))
#define CTL_SYNC_rq NO_TLVS
#define CTL_SYNC_rs NO_TLVS
#define CTL_SYNC_IND_in NO_TLVS

QMI_TABLE(CTL, ctl);
