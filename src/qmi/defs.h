/* Shorthand for writing the message tables in svc_*.c. Internal to src/qmi.
 *
 * A field is written as a format macro (no braces), wrapped as a TLV with
 * its id or as a struct member:
 *   TLV(0x14, STR("apn"))
 *   TLV(0x01, STRUCT("packet-statistics", M(U32("tx-packets")), M(U32("rx-packets"))))
 *   TLV(0x11, STR("imei"), PERSONAL)
 * Each message's TLV lists are named <SVC>_<SYM>_rq, _rs and _in and picked
 * up by QMI_TABLE() from the message list in ids.h.
 *
 * Beware: QMI_TABLE() pastes message symbols, so a helper macro of a
 * svc_*.c file must not be named like a message symbol (CARD_STATUS):
 * it would be expanded inside the table.
 */
#ifndef CELLINK_QMI_DEFS_H
#define CELLINK_QMI_DEFS_H

#include "qmi/ids.h"
#include "qmi/qmi.h"

#define U8(n)   .name = (n), .fmt = QF_U8
#define U16(n)  .name = (n), .fmt = QF_U16
#define U32(n)  .name = (n), .fmt = QF_U32
#define U64(n)  .name = (n), .fmt = QF_U64
#define I8(n)   .name = (n), .fmt = QF_I8
#define I16(n)  .name = (n), .fmt = QF_I16
#define I32(n)  .name = (n), .fmt = QF_I32
#define I64(n)  .name = (n), .fmt = QF_I64
#define BOOL(n) .name = (n), .fmt = QF_BOOL
#define E8(n, e)  .name = (n), .fmt = QF_U8, .enm = &(e)
#define E16(n, e) .name = (n), .fmt = QF_U16, .enm = &(e)
#define E32(n, e) .name = (n), .fmt = QF_U32, .enm = &(e)
#define E64(n, e) .name = (n), .fmt = QF_U64, .enm = &(e)
#define EI8(n, e) .name = (n), .fmt = QF_I8, .enm = &(e)
#define EI32(n, e) .name = (n), .fmt = QF_I32, .enm = &(e)
#define STR(n)      .name = (n), .fmt = QF_STRING
#define STR8(n)     .name = (n), .fmt = QF_STRING, .prefix = 1
#define STR16(n)    .name = (n), .fmt = QF_STRING, .prefix = 2
#define STRN(n, k)  .name = (n), .fmt = QF_STRING, .fixed = (k)
#define BYTES(n)    .name = (n), .fmt = QF_BYTES
#define BYTES8(n)   .name = (n), .fmt = QF_BYTES, .prefix = 1
#define BYTES16(n)  .name = (n), .fmt = QF_BYTES, .prefix = 2
#define BYTESN(n, k) .name = (n), .fmt = QF_BYTES, .fixed = (k)
#define IPV4(n)     .name = (n), .fmt = QF_IPV4
#define IPV6(n)     .name = (n), .fmt = QF_IPV6
/* Members are counted, not terminated (a QF_END row would cost 24 bytes
 * per struct); the count is a byte, and more than 255 members fail to build. */
#define STRUCT(n, ...) .name = (n), .fmt = QF_STRUCT, \
	.sub = (const struct qmi_field[]){ __VA_ARGS__ },                  \
	.n_sub = sizeof((const struct qmi_field[]){ __VA_ARGS__ }) / sizeof(struct qmi_field)
/* Arrays: the element is one field (often a STRUCT). */
#define ARRAY(n, ...)   .name = (n), .fmt = QF_ARRAY, \
	.sub = (const struct qmi_field[]){ { __VA_ARGS__ } }
#define ARRAY8(n, ...)  ARRAY(n, __VA_ARGS__), .prefix = 1
#define ARRAY16(n, ...) ARRAY(n, __VA_ARGS__), .prefix = 2
#define ARRAY32(n, ...) ARRAY(n, __VA_ARGS__), .prefix = 4
#define ARRAYN(n, k, ...) ARRAY(n, __VA_ARGS__), .fixed = (k)

#define PERSONAL .flags = QMI_FF_PERSONAL
#define SECRET   .flags = QMI_FF_SECRET
#define HEX      .flags = QMI_FF_HEX

#define M(...)          { __VA_ARGS__ }
#define TLV(tid, ...)   { .id = (tid), __VA_ARGS__ }
#define TLVS(...)       ((const struct qmi_field[]){ __VA_ARGS__, { .fmt = QF_END } })
/* One shared empty list (services.c), not one per message. */
extern const struct qmi_field qmi_no_tlvs[1];
#define NO_TLVS         qmi_no_tlvs

#define ENUM(var, ...) static const struct qmi_enum var = { .is_flags = false, \
	.vals = (const struct qmi_enum_val[]){ __VA_ARGS__, { 0, NULL } } }
#define FLAGS(var, ...) static const struct qmi_enum var = { .is_flags = true, \
	.vals = (const struct qmi_enum_val[]){ __VA_ARGS__, { 0, NULL } } }

/* Kinds of a message list entry -> its TLV lists. */
#define QMI_KINDS_RR(svc, sym)  { svc##_##sym##_rq, svc##_##sym##_rs, NULL }
#define QMI_KINDS_IND(svc, sym) { NULL, NULL, svc##_##sym##_in }
#define QMI_DEF_ENTRY(svc, sym, num, name, kinds, help) \
	{ num, name, help, QMI_KINDS_##kinds(svc, sym) },

/* Defines the message table and the service entry of one service. */
#define QMI_TABLE(svc, lower)                                              \
	static const struct qmi_msg_def lower##_msgs[] = {                 \
		QMI_##svc##_MESSAGES(QMI_DEF_ENTRY)                        \
	};                                                                 \
	const struct qmi_service_def qmi_svc_##lower = {                   \
		QMI_SVC_##svc, #lower, NULL, lower##_msgs,                 \
		sizeof(lower##_msgs) / sizeof(lower##_msgs[0]) }

#endif
