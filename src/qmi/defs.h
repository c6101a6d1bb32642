/* Shorthand for writing the message tables in svc_*.c. Internal to src/qmi.
 *
 * The tables as written here (struct qmi_src_*: pointers and literals) are
 * read only by the generator (gen/fields_gen.c), which prints the compact
 * form the library links (tables_gen.c: 16-bit offsets into one pool of
 * names and one of rows, each shared layout stored once) and the typed
 * handles (fields.h).
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

struct qmi_src_enum_val {
	uint32_t value;
	const char *name;
};

struct qmi_src_enum {
	bool is_flags;
	const struct qmi_src_enum_val *vals;   /* terminated by name == NULL */
};

/* A field as written: qmi.h's struct qmi_field with pointers. */
struct qmi_src_field {
	const char *name;
	union {
		const struct qmi_src_enum *enm;     /* QF_U8 .. QF_BOOL */
		const struct qmi_src_field *sub;    /* QF_STRUCT, QF_ARRAY */
	};
	uint8_t fmt;
	uint8_t id;
	uint8_t prefix;
	uint8_t flags;
	uint16_t fixed;
	uint8_t namer;
	uint8_t n_sub;
};

struct qmi_src_msg {
	uint16_t id;
	const char *name;
	const char *help;
	const struct qmi_src_field *tlvs[QMI_KINDS];
};

struct qmi_src_service {
	uint8_t id;
	const char *name;
	const struct qmi_src_msg *msgs;
	size_t n_msgs;
};

extern const struct qmi_src_service qmi_src_ctl, qmi_src_wds, qmi_src_dms, qmi_src_nas,
	qmi_src_uim, qmi_src_wda, qmi_src_wms, qmi_src_voice;

static inline const struct qmi_src_enum *qmi_src_field_enum(const struct qmi_src_field *f)
{
	return f->fmt >= QF_U8 && f->fmt <= QF_BOOL ? f->enm : NULL;
}

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
	.sub = (const struct qmi_src_field[]){ __VA_ARGS__ },              \
	.n_sub = sizeof((const struct qmi_src_field[]){ __VA_ARGS__ }) / sizeof(struct qmi_src_field)
/* Arrays: the element is one field (often a STRUCT). */
#define ARRAY(n, ...)   .name = (n), .fmt = QF_ARRAY, \
	.sub = (const struct qmi_src_field[]){ { __VA_ARGS__ } }
#define ARRAY8(n, ...)  ARRAY(n, __VA_ARGS__), .prefix = 1
#define ARRAY16(n, ...) ARRAY(n, __VA_ARGS__), .prefix = 2
#define ARRAY32(n, ...) ARRAY(n, __VA_ARGS__), .prefix = 4
#define ARRAYN(n, k, ...) ARRAY(n, __VA_ARGS__), .fixed = (k)

#define PERSONAL .flags = QMI_FF_PERSONAL
#define SECRET   .flags = QMI_FF_SECRET
#define HEX      .flags = QMI_FF_HEX

#define M(...)          { __VA_ARGS__ }
#define TLV(tid, ...)   { .id = (tid), __VA_ARGS__ }
#define TLVS(...)       ((const struct qmi_src_field[]){ __VA_ARGS__, { .fmt = QF_END } })
#define NO_TLVS         ((const struct qmi_src_field[]){ { .fmt = QF_END } })

#define ENUM(var, ...) static const struct qmi_src_enum var = { .is_flags = false, \
	.vals = (const struct qmi_src_enum_val[]){ __VA_ARGS__, { 0, NULL } } }
#define FLAGS(var, ...) static const struct qmi_src_enum var = { .is_flags = true, \
	.vals = (const struct qmi_src_enum_val[]){ __VA_ARGS__, { 0, NULL } } }

/* Kinds of a message list entry -> its TLV lists. */
#define QMI_KINDS_RR(svc, sym)  { svc##_##sym##_rq, svc##_##sym##_rs, NULL }
#define QMI_KINDS_IND(svc, sym) { NULL, NULL, svc##_##sym##_in }
#define QMI_DEF_ENTRY(svc, sym, num, name, kinds, help) \
	{ num, name, help, QMI_KINDS_##kinds(svc, sym) },

/* Defines the message table and the service entry of one service. */
#define QMI_TABLE(svc, lower)                                              \
	static const struct qmi_src_msg lower##_msgs[] = {                 \
		QMI_##svc##_MESSAGES(QMI_DEF_ENTRY)                        \
	};                                                                 \
	const struct qmi_src_service qmi_src_##lower = {                   \
		QMI_SVC_##svc, #lower, lower##_msgs,                       \
		sizeof(lower##_msgs) / sizeof(lower##_msgs[0]) }

#endif
