/* The QMI protocol core: QMUX framing, QMI SDUs and TLVs, driven by
 * message tables declared once (svc_*.c) and shared by the encoder, the
 * decoder, the printers and the emulator. No I/O happens here.
 *
 * Wire layout (all multi-byte integers little-endian):
 *   QMUX:  u8 0x01 | u16 length (everything after this 0x01) | u8 flags
 *          (0x00 from the host, 0x80 from the modem) | u8 service | u8 client
 *   SDU:   CTL:    u8 flags (0 request, 1 response, 2 indication) | u8 txn
 *          others: u8 flags (0 request, 2 response, 4 indication) | u16 txn
 *          then u16 message id | u16 TLV bytes | TLVs
 *   TLV:   u8 type | u16 length | value
 *
 * Decoded messages are a tree of struct qmi_val nodes held in the message
 * itself; strings and byte fields point into the frame that was decoded (or,
 * for built messages, into the message's own byte arena), so the frame must
 * outlive the decoded message.
 */
#ifndef CELLINK_QMI_QMI_H
#define CELLINK_QMI_QMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "qmi/errors.h"

/* Services by their QMI numbers and libqmi's short names. */
#define QMI_SERVICES(X)                                                  \
	X(CTL, 0x00, "ctl", "Control")                                   \
	X(WDS, 0x01, "wds", "Wireless Data Service")                     \
	X(DMS, 0x02, "dms", "Device Management Service")                 \
	X(NAS, 0x03, "nas", "Network Access Service")                    \
	X(QOS, 0x04, "qos", "Quality of Service")                        \
	X(WMS, 0x05, "wms", "Wireless Messaging Service")                \
	X(PDS, 0x06, "pds", "Position Determination Service")            \
	X(AUTH, 0x07, "auth", "Authentication")                          \
	X(AT, 0x08, "at", "AT command processor")                        \
	X(VOICE, 0x09, "voice", "Voice")                                 \
	X(CAT2, 0x0a, "cat2", "Card Application Toolkit")                \
	X(UIM, 0x0b, "uim", "User Identity Module")                      \
	X(PBM, 0x0c, "pbm", "Phonebook Management")                      \
	X(LOC, 0x10, "loc", "Location")                                  \
	X(SAR, 0x11, "sar", "Specific Absorption Rate")                  \
	X(WDA, 0x1a, "wda", "Wireless Data Administrative")              \
	X(DPM, 0x2f, "dpm", "Data Port Mapper")

enum qmi_service_id {
#define QMI_SVC_ENUM(sym, num, short_name, long_name) QMI_SVC_##sym = num,
	QMI_SERVICES(QMI_SVC_ENUM)
#undef QMI_SVC_ENUM
};

enum qmi_kind { QMI_REQUEST = 0, QMI_RESPONSE = 1, QMI_INDICATION = 2, QMI_KINDS = 3 };

/* QMUX header flag: set on frames the modem sends. */
#define QMUX_FLAG_SERVICE 0x80
#define QMUX_HDR_LEN 6          /* 0x01, u16 length, flags, service, client */
#define QMI_MAX_FRAME 65536     /* u16 length + marker */

/* Field formats of the message tables. */
enum qmi_fmt {
	QF_END = 0,     /* terminates a list of fields */
	QF_U8, QF_U16, QF_U32, QF_U64,
	QF_I8, QF_I16, QF_I32, QF_I64,
	QF_BOOL,        /* u8, printed true/false */
	QF_STRING,      /* text; see prefix/fixed */
	QF_BYTES,       /* raw bytes printed as hex; see prefix/fixed */
	QF_IPV4,        /* u32, little-endian host order as QMI sends it */
	QF_IPV6,        /* 16 bytes, network order */
	QF_STRUCT,      /* members in sub[0 .. n_sub - 1] (no QF_END row) */
	QF_ARRAY,       /* element format in sub[0]; count from prefix/fixed */
};

/* Field flags. */
#define QMI_FF_PERSONAL 0x01    /* IMEI, IMSI, ICCID, ...: redacted in logs */
#define QMI_FF_SECRET   0x02    /* PIN, password: never printed unless asked */
#define QMI_FF_HEX      0x04    /* integer shown in hex */

/* Named values of an integer field: n values from qmi_enum_values[first]
 * (16 bits each; the few wider ones through qmi_enum_wide[], read with
 * qmi_enum_value_of()) and their names (offsets in qmi_names[]) from
 * qmi_enum_names[first]. With
 * is_flags set, values are bits. Read them with qmi_enum_name(),
 * qmi_enum_value() and qmi_enum_at(). */
struct qmi_enum {
	uint16_t first;
	uint16_t n;
	bool is_flags;
};

/* Fields whose integer is named through its siblings (print.c). */
enum qmi_namer {
	QMI_NAMER_NONE = 0,
	QMI_NAMER_WDS_VERBOSE_REASON,   /* "reason" beside "type" (WDS call end) */
};

/* One field of a message table. A TLV is a field with an id; its name is the
 * TLV's name. For QF_STRING, QF_BYTES and QF_ARRAY, `prefix` is the size of a
 * length/count prefix (1 or 2 bytes), else `fixed` gives the byte length
 * (strings, bytes) or element count (arrays); with neither, the field takes
 * the rest of the enclosing TLV.
 *
 * The tables are written in svc_*.c and generated into tables_gen.c as one
 * pool of rows (qmi_fields[]) and one of names (qmi_names[]), each layout
 * shared by several messages stored once: a row is 8 bytes, its name and
 * members 16-bit offsets, its small numbers bit-fields (the generator
 * refuses a value that does not fit). Read them with qmi_field_name(), qmi_field_sub()
 * (a struct's members, an array's element) and qmi_field_enum(). A TLV list
 * ends with a QF_END row; a struct's members do not: there are n_sub. */
struct qmi_val;

struct qmi_field {
	uint16_t name;          /* offset in qmi_names[] */
	/* QF_STRUCT, QF_ARRAY: index of the members (the element) in
	 * qmi_fields[]; QF_U8 .. QF_BOOL: 1 + index of the named values in
	 * qmi_enums[], or 0 for none */
	uint16_t sub;
	uint16_t fmt : 4;       /* enum qmi_fmt */
	uint16_t prefix : 3;
	uint16_t flags : 3;
	uint16_t n_sub : 6;     /* QF_STRUCT: number of members in sub[] */
	uint8_t id;             /* TLV type; only for top-level fields */
	uint8_t fixed : 7;
	/* Names an integer whose meaning depends on its siblings: enum
	 * qmi_namer, QMI_NAMER_NONE when it has no such name. */
	uint8_t namer : 1;
};

/* The pools of tables_gen.c. */
extern const char qmi_names[];
extern const struct qmi_field qmi_fields[];
extern const struct qmi_enum qmi_enums[];
extern const uint16_t qmi_enum_values[];
extern const uint32_t qmi_enum_wide[];
extern const uint16_t qmi_enum_names[];

/* A value of qmi_enum_values[] at or above this stands for
 * qmi_enum_wide[value - QMI_ENUM_WIDE]. */
#define QMI_ENUM_WIDE 0xfff0u

/* The named value at index i of the pool. */
static inline uint32_t qmi_enum_value_of(unsigned i)
{
	uint16_t v = qmi_enum_values[i];
	return v < QMI_ENUM_WIDE ? v : qmi_enum_wide[v - QMI_ENUM_WIDE];
}

static inline const char *qmi_field_name(const struct qmi_field *f)
{
	return qmi_names + f->name;
}

/* A struct's members (n_sub of them), an array's element (one). */
static inline const struct qmi_field *qmi_field_sub(const struct qmi_field *f)
{
	return qmi_fields + f->sub;
}

/* The enum of an integer field, NULL for none (or another format). */
static inline const struct qmi_enum *qmi_field_enum(const struct qmi_field *f)
{
	return f->fmt >= QF_U8 && f->fmt <= QF_BOOL && f->sub ? &qmi_enums[f->sub - 1] : NULL;
}

/* A message: a row of 16-bit numbers. Read its name, help and TLV lists
 * with qmi_msg_name(), qmi_msg_help() and qmi_msg_tlvs(). */
#define QMI_NO_TLVS 0xffff
struct qmi_msg_def {
	uint16_t id;
	uint16_t name;          /* libqmi's name in kebab-case (offset in qmi_names[]) */
	uint16_t help;          /* offset in qmi_names[] */
	/* TLVs per kind (QMI_REQUEST, QMI_RESPONSE, QMI_INDICATION): index in
	 * qmi_fields[] of a list that ends with a QF_END row, QMI_NO_TLVS when
	 * the message does not exist in that kind. Responses' result TLV
	 * (0x02) is implied and never listed. */
	uint16_t tlvs[QMI_KINDS];
};

static inline const char *qmi_msg_name(const struct qmi_msg_def *d)
{
	return qmi_names + d->name;
}

static inline const char *qmi_msg_help(const struct qmi_msg_def *d)
{
	return qmi_names + d->help;
}

/* The TLV list of a kind, NULL when the message does not exist in it. */
static inline const struct qmi_field *qmi_msg_tlvs(const struct qmi_msg_def *d, enum qmi_kind k)
{
	return d->tlvs[k] == QMI_NO_TLVS ? NULL : qmi_fields + d->tlvs[k];
}

struct qmi_service_def {
	uint8_t id;
	const char *name;
	const char *long_name;
	const struct qmi_msg_def *msgs;
	size_t n_msgs;
};

/* A decoded (or built) value. */
struct qmi_val {
	const struct qmi_field *f;
	uint32_t n;                     /* byte length or child count */
	union {
		uint64_t u;
		int64_t i;
		const uint8_t *p;       /* QF_STRING, QF_BYTES, QF_IPV6 */
		struct qmi_val *kids;   /* QF_STRUCT, QF_ARRAY */
	};
};

struct qmi_tlv {
	uint8_t id;
	uint16_t len;
	const uint8_t *raw;             /* value bytes as on the wire (decode) */
	const struct qmi_field *def;    /* NULL for a TLV not in the table */
	uint16_t trailing;              /* bytes after the known layout */
	int err;                        /* lenient decode: why it stayed raw */
	struct qmi_val v;
};

/* Room of a message. The tables bound no message: arrays with 16- and
 * 32-bit counts can describe a million values within a 64 KiB frame. So a
 * message has room for QMI_MSG_NODES values of its own, enough for every
 * request cellink builds and most answers (the largest message of the test
 * suite holds 217); who decodes or builds what a modem may send at length
 * (the client's frames, the emulator's answers, `cellink decode`) gives it a
 * pool of QMI_POOL_NODES (qmi_decode_pool, qmi_msg_use_pool): a WMS list of
 * 255 messages holds 766 values. A message that needs more fails with
 * CL_E_TOO_MANY and an errtext naming it; nothing is cut silently. */
#define QMI_MAX_TLVS 48
#define QMI_MSG_NODES 128
#define QMI_POOL_NODES 1024
#define QMI_ARENA_BYTES 2048

struct qmi_msg {
	uint8_t service;
	uint8_t client;
	uint8_t kind;                   /* enum qmi_kind */
	uint8_t qmux_flags;
	uint16_t txn;
	uint16_t id;
	const struct qmi_service_def *svc;      /* NULL: unknown service */
	const struct qmi_msg_def *def;          /* NULL: not in the table */
	bool has_result;
	uint16_t status;                /* 0 success, 1 failure */
	uint16_t error;                 /* QMI protocol error number */
	unsigned n_tlv;
	struct qmi_tlv tlv[QMI_MAX_TLVS];
	/* storage for the value tree and for bytes copied by the builder */
	unsigned n_nodes;
	unsigned cap_nodes;
	struct qmi_val *nodes;          /* own[], or a pool given to the message */
	unsigned n_bytes;
	struct qmi_val own[QMI_MSG_NODES];
	uint8_t bytes[QMI_ARENA_BYTES];
	char errtext[160];              /* precise reason of the last failure */
};

/* ---- tables (services.c, svc_*.c) ---- */

const struct qmi_service_def *qmi_service_by_id(uint8_t id);
const struct qmi_service_def *qmi_service_by_name(const char *name);
/* The i-th known service with a message table, or NULL past the end. */
const struct qmi_service_def *qmi_service_at(size_t i);
/* Short name of any service number ("svc-0x42" style names are not made
 * here: NULL for unknown). */
const char *qmi_service_name(uint8_t id);
const struct qmi_msg_def *qmi_msg_by_id(const struct qmi_service_def *svc,
					uint16_t id, enum qmi_kind kind);
const struct qmi_msg_def *qmi_msg_by_name(const struct qmi_service_def *svc,
					  const char *name);
/* The name a message has in the given kind (indications may differ). */
const char *qmi_kind_name(enum qmi_kind kind);
/* Name of a QMI protocol error ("client-ids-exhausted"), NULL if unknown
 * (the list and enum qmi_error: qmi/errors.h). */
const char *qmi_error_name(uint16_t error);
/* Number of an error name, or -1. */
int qmi_error_by_name(const char *name);
/* Name of a WDS verbose call-end reason ("authentication-failed" for
 * type 6, reason 29), NULL if unknown. */
const char *qmi_wds_verbose_reason_name(uint16_t type, int16_t reason);
/* Looks up a value's name in an enum, NULL if absent. */
const char *qmi_enum_name(const struct qmi_enum *e, uint32_t value);
int qmi_enum_value(const struct qmi_enum *e, const char *name, uint32_t *out);
/* The i-th named value (its name; *value set), NULL past the last. */
const char *qmi_enum_at(const struct qmi_enum *e, unsigned i, uint32_t *value);

/* ---- framing and codec (qmux.c, codec.c) ---- */

/* Length of the first complete frame in buf, 0 if more bytes are needed,
 * or a negative error for bytes that cannot start a frame. */
int qmux_frame_len(const uint8_t *buf, size_t len);

#define QMI_DECODE_LENIENT 0x01  /* keep a malformed known TLV raw, don't fail */

/* Decodes one whole QMUX frame. Returns 0 or a negative CL_E_* error with
 * m->errtext naming the problem. The frame must outlive m. */
int qmi_decode(struct qmi_msg *m, const uint8_t *frame, size_t len, unsigned flags);

/* A message with a pool beside it, for decoding whatever a modem or a user
 * sends: qmi_decode_pool(&b->m, b->pool, QMI_POOL_NODES, ...). */
struct qmi_msg_pooled {
	struct qmi_msg m;
	struct qmi_val pool[QMI_POOL_NODES];
};

/* As qmi_decode, with the value tree in pool[0 .. cap - 1] instead of the
 * message's own QMI_MSG_NODES (the pool must outlive m's use). */
int qmi_decode_pool(struct qmi_msg *m, struct qmi_val *pool, unsigned cap,
		    const uint8_t *frame, size_t len, unsigned flags);

/* Starts a message to build: header fields set, no TLVs, its own room for
 * values. def may be NULL when (service, id, kind) is not in the tables. */
void qmi_msg_init(struct qmi_msg *m, uint8_t service, uint8_t client,
		  enum qmi_kind kind, uint16_t txn, uint16_t id);
/* Gives a message just initialised (no values yet) the room of pool[0 ..
 * cap - 1] for its values, for large answers (the emulator's). */
void qmi_msg_use_pool(struct qmi_msg *m, struct qmi_val *pool, unsigned cap);
/* Resets the TLVs and node storage of a message, keeping its header. */
void qmi_msg_clear(struct qmi_msg *m);

/* Encodes m as a QMUX frame into out. Returns the frame length or a
 * negative error. Responses carry the result TLV from m->status/m->error.
 * With out NULL (cap ignored), writes nothing and returns the length the
 * frame needs, or the error encoding would give. */
int qmi_encode(const struct qmi_msg *m, uint8_t *out, size_t cap);

/* ---- building and reading fields by name (access.c) ----
 *
 * A path names a TLV ("apn"), a member of a struct TLV ("ipv4-address" or
 * "tlv.member"), or with '.' a deeper member. A unique prefix of a name is
 * accepted (auth -> authentication-preference). */

/* The value at path, or NULL (m->errtext says why). */
const struct qmi_val *qmi_get(const struct qmi_msg *m, const char *path);
int qmi_get_uint(const struct qmi_msg *m, const char *path, uint64_t *out);
int qmi_get_int(const struct qmi_msg *m, const char *path, int64_t *out);
/* Copies a string field, NUL-terminated (truncating to cap-1). */
int qmi_get_str(const struct qmi_msg *m, const char *path, char *out, size_t cap);
/* Member of a struct value, or NULL. */
const struct qmi_val *qmi_val_member(const struct qmi_val *v, const char *name);
/* Is a TLV present? */
bool qmi_has(const struct qmi_msg *m, const char *path);
/* Raw TLV by id, NULL if absent. */
const struct qmi_tlv *qmi_tlv_by_id(const struct qmi_msg *m, uint8_t id);

/* Setters create the TLV (all members zero) when absent. */
int qmi_set_uint(struct qmi_msg *m, const char *path, uint64_t v);
int qmi_set_int(struct qmi_msg *m, const char *path, int64_t v);
int qmi_set_str(struct qmi_msg *m, const char *path, const char *s);
int qmi_set_bytes(struct qmi_msg *m, const char *path, const uint8_t *p, size_t n);
/* Parses text by the field's format: numbers, enum and flag names ("a|b"),
 * IPv4/IPv6 addresses, true/false, strings, hex bytes. */
int qmi_set_text(struct qmi_msg *m, const char *path, const char *text);
/* Gives the array at path n elements (zeroed) and returns them (for n == 0,
 * a non-NULL pointer not to be read); NULL on error. */
struct qmi_val *qmi_set_array(struct qmi_msg *m, const char *path, unsigned n);
/* Set a member of a struct value (an element made by qmi_set_array); for an
 * array of scalars, name the element's field or pass NULL. */
int qmi_val_set_uint(struct qmi_msg *m, struct qmi_val *v, const char *name, uint64_t x);
int qmi_val_set_int(struct qmi_msg *m, struct qmi_val *v, const char *name, int64_t x);
int qmi_val_set_str(struct qmi_msg *m, struct qmi_val *v, const char *name, const char *s);
int qmi_val_set_bytes(struct qmi_msg *m, struct qmi_val *v, const char *name, const uint8_t *p, size_t n);
/* Gives the array member `name` of v n zeroed elements, as qmi_set_array. */
struct qmi_val *qmi_val_set_array(struct qmi_msg *m, struct qmi_val *v, const char *name, unsigned n);
/* Adds a raw TLV (any id, bytes copied). */
int qmi_add_raw(struct qmi_msg *m, uint8_t id, const uint8_t *p, size_t n);

/* ---- typed access by field handles (access.c) ----
 *
 * qmi/fields.h, generated from the message tables, defines one handle per
 * field: QMIF_WDS_START_NETWORK_RQ_APN, QMIF_WDS_START_NETWORK_RS_PACKET_DATA_HANDLE,
 * QMIF_NAS_GET_SERVING_SYSTEM_RS_SERVING_SYSTEM_REGISTRATION_STATE, ... A
 * misspelt field does not compile. A handle names its message: used on
 * another message it fails (CL_E_UNKNOWN_FIELD, errtext says which). Members
 * of an array element have handles relative to the element, used with the
 * qmi_e* functions on an element returned by qmi_fset_array / qmi_fget. */

#define QMI_FH_MAX_DEPTH 6
struct qmi_fh {
	uint16_t msg;
	uint8_t svc;
	uint8_t kind;           /* enum qmi_kind of the message */
	uint8_t elem;           /* relative to an array element */
	uint8_t depth;
	uint8_t idx[QMI_FH_MAX_DEPTH];  /* TLV index in the table, member indices */
	/* the field's name (its offset in qmi_names[]), checked on use: 14
	 * bytes in all, so a handle is passed in two registers */
	uint16_t name;
};
#define QMI_FH(s, m, k, e, n, d, ...) ((struct qmi_fh){ .msg = (m), .svc = (s), .kind = (k), \
	.elem = (e), .depth = (d), .idx = { __VA_ARGS__ }, .name = (n) })

/* The handle's field as a path ("serving-system.registration-state"; a
 * member of an array element by its own name), written into buf. */
const char *qmi_fh_path(struct qmi_fh h, char *buf, size_t cap);

#define QMI_WUR __attribute__((warn_unused_result))

/* Setters create the TLV (all members zero) when absent; 0 or a negative
 * CL_E_* error with m->errtext naming the field. */
int qmi_fset_uint(struct qmi_msg *m, struct qmi_fh h, uint64_t v) QMI_WUR;
int qmi_fset_int(struct qmi_msg *m, struct qmi_fh h, int64_t v) QMI_WUR;
int qmi_fset_str(struct qmi_msg *m, struct qmi_fh h, const char *s) QMI_WUR;
int qmi_fset_bytes(struct qmi_msg *m, struct qmi_fh h, const uint8_t *p, size_t n) QMI_WUR;
/* Parses text by the field's format, as qmi_set_text. */
int qmi_fset_text(struct qmi_msg *m, struct qmi_fh h, const char *text) QMI_WUR;
/* Gives the array n zeroed elements, as qmi_set_array; NULL on error. */
struct qmi_val *qmi_fset_array(struct qmi_msg *m, struct qmi_fh h, unsigned n) QMI_WUR;

/* The value, or NULL when absent (or the handle is not of m's message:
 * then m->errtext says so). */
const struct qmi_val *qmi_fget(const struct qmi_msg *m, struct qmi_fh h) QMI_WUR;
bool qmi_fhas(const struct qmi_msg *m, struct qmi_fh h) QMI_WUR;
/* 0, or a negative error when absent or not a number. */
int qmi_fget_uint(const struct qmi_msg *m, struct qmi_fh h, uint64_t *out) QMI_WUR;
int qmi_fget_int(const struct qmi_msg *m, struct qmi_fh h, int64_t *out) QMI_WUR;
/* Copies a string, NUL-terminated (truncating); its length or an error. */
int qmi_fget_str(const struct qmi_msg *m, struct qmi_fh h, char *out, size_t cap) QMI_WUR;

/* Members of an array element (handles with elem set). */
int qmi_eset_uint(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, uint64_t v) QMI_WUR;
int qmi_eset_int(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, int64_t v) QMI_WUR;
int qmi_eset_str(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, const char *s) QMI_WUR;
int qmi_eset_bytes(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, const uint8_t *p, size_t n) QMI_WUR;
struct qmi_val *qmi_eset_array(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, unsigned n) QMI_WUR;
const struct qmi_val *qmi_eget(const struct qmi_val *el, struct qmi_fh h) QMI_WUR;
int qmi_eget_uint(const struct qmi_val *el, struct qmi_fh h, uint64_t *out) QMI_WUR;
int qmi_eget_int(const struct qmi_val *el, struct qmi_fh h, int64_t *out) QMI_WUR;

/* ---- printers (print.c) ---- */

#define QMI_PRINT_REDACT_PERSONAL 0x01 /* hide IMEI/IMSI/ICCID-like fields */
#define QMI_PRINT_SHOW_SECRETS    0x02 /* show PINs and passwords */

void qmi_print_json(struct strbuf *sb, const struct qmi_msg *m, unsigned flags);
void qmi_print_text(struct strbuf *sb, const struct qmi_msg *m, unsigned flags);
/* One value as text (enum names, addresses), for logs and status output. */
void qmi_print_val(struct strbuf *sb, const struct qmi_val *v, unsigned flags);

#endif
