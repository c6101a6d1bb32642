/* The MBIM protocol core: message headers, fragments and information
 * buffers, driven by the declarations of ids.h and shared by the encoder,
 * the decoder, the printers and the emulator. No I/O happens here.
 *
 * Wire layout (all integers little-endian):
 *   header:    u32 type | u32 length (whole message) | u32 transaction id
 *   OPEN:      header | u32 max control transfer
 *   CLOSE:     header
 *   *_DONE:    header | u32 status                        (OPEN, CLOSE)
 *   HOST_ERROR, FUNCTION_ERROR: header | u32 error status code
 *   COMMAND:   header | fragment | uuid service | u32 cid | u32 command type
 *              | u32 buffer length | buffer
 *   COMMAND_DONE: header | fragment | uuid | cid | u32 status | u32 length | buffer
 *   INDICATE_STATUS: header | fragment | uuid | cid | u32 length | buffer
 *   fragment:  u32 total fragments | u32 current fragment; a message longer
 *              than the device's maximum control transfer goes as several
 *              messages of the same type and transaction id, the later ones
 *              carrying only the header, the fragment header and the bytes
 *              that continue the first one's payload.
 *
 * Information buffers have a fixed part (integers, UUIDs, offset/size pairs)
 * and a variable part the pairs point into; offsets count from the start of
 * the buffer (or of the element of a reference array), every item of the
 * variable part starts on a 4-byte boundary, strings are UTF-16LE.
 *
 * Typed access: each information buffer is a C struct generated from its
 * declaration (struct mbim_connect_set ...). MBIM_BODY(m, connect_info)
 * gives the decoded one, or NULL when the message carries another buffer.
 */
#ifndef CELLINK_MBIM_MBIM_H
#define CELLINK_MBIM_MBIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "mbim/ids.h"

/* ---- C types of the field kinds ---- */
struct mbim_uuid { uint8_t b[16]; };
struct mbim_ipv4_addr { uint8_t a[4]; };
struct mbim_ipv6_addr { uint8_t a[16]; };
struct mbim_bytes { const uint8_t *p; uint32_t n; };
struct mbim_strs { uint32_t n; const char *const *v; };
struct mbim_u32s { uint32_t n; const uint32_t *v; };

#define MBIM_CT_U32(a)    uint32_t
#define MBIM_CT_E32(a)    uint32_t
#define MBIM_CT_U64(a)    uint64_t
#define MBIM_CT_UUID(a)   struct mbim_uuid
#define MBIM_CT_STR(a)    const char *            /* UTF-8; "" or NULL when empty */
#define MBIM_CT_IPV4(a)   struct mbim_ipv4_addr
#define MBIM_CT_IPV6(a)   struct mbim_ipv6_addr
#define MBIM_CT_BYTES(a)  struct mbim_bytes
#define MBIM_CT_RBYTES(a) struct mbim_bytes
#define MBIM_CT_STRUCT(a) struct mbim_##a
#define MBIM_CT_ARR(a)    struct mbim_##a##_array
#define MBIM_CT_REFARR(a) struct mbim_##a##_array
#define MBIM_CT_STRS(a)   struct mbim_strs
#define MBIM_CT_U32S(a)   struct mbim_u32s
#define MBIM_CT_OPT(a)    const struct mbim_##a * /* NULL when absent */
#define MBIM_CT_COUNT(a)  uint32_t
#define MBIM_CT_REFLIST(a) struct mbim_##a##_array

#define MBIM_MEMBER(S, m, kind, arg, flags) MBIM_CT_##kind(arg) m;
#define MBIM_DECLARE_BUFFER(name)                                                   \
	struct mbim_##name { MBIM_B_##name(MBIM_MEMBER, name) };                          \
	struct mbim_##name##_array { uint32_t n; const struct mbim_##name *v; };

/* ---- tables ---- */
enum mbim_kind {
	MK_U32 = 1, MK_U64, MK_UUID, MK_STR, MK_IPV4, MK_IPV6, MK_BYTES,
	MK_STRUCT, MK_ARR, MK_REFARR, MK_STRS, MK_OPT, MK_U32S, MK_COUNT, MK_REFLIST,
	MK_RBYTES,
};

#define MBIM_FF_PERSONAL 0x01   /* IMSI, ICCID, IMEI, numbers: redacted on request */
#define MBIM_FF_SECRET   0x02   /* PIN, password: hidden unless asked */
#define MBIM_FF_QMUX     0x04   /* bytes holding a QMUX frame */

/* The tables are rows of small integers (tables.c expands them from ids.h):
 * names are 16-bit offsets into one pool of names (mbim_name()), buffers,
 * enums and fields are indexes into one array each. Read them with the
 * accessors below. */
const char *mbim_name(uint16_t offset);

/* Named values of an enum: n of them, from mbim_enum_values[first] and
 * their symbols (C form, offsets of mbim_name()) from mbim_enum_syms[first]. */
struct mbim_enum {
	uint16_t first;
	uint8_t n;
	uint8_t is_flags;
};

/* The buffers, in the order of MBIM_BUFFERS, after the two stand-ins. */
enum mbim_buf {
	MBIM_BUF_none,          /* no such message */
	MBIM_BUF_empty,         /* a zero-length buffer */
#define MBIM_BUF_ENUM(name) MBIM_BUF_##name,
	MBIM_BUFFERS(MBIM_BUF_ENUM)
#undef MBIM_BUF_ENUM
	MBIM_BUF_COUNT_
};

/* The enums, in the order of MBIM_ENUMS: MBIM_ENUM(STATUS) is one. */
enum mbim_enum_idx {
#define MBIM_ENUM_IDX(e, flags) MBIM_EN_##e,
	MBIM_ENUMS(MBIM_ENUM_IDX)
#undef MBIM_ENUM_IDX
	MBIM_EN_COUNT_
};

struct mbim_field {
	uint16_t member;        /* C form (mbim_name()); printed in kebab-case */
	uint8_t kind;
	uint8_t flags;
	uint16_t offset;        /* of the member in the C struct */
	uint8_t enm;            /* 1 + enum mbim_enum_idx, 0 for none */
	uint8_t sub;            /* enum mbim_buf of a STRUCT, ARR, ... */
};

struct mbim_struct_def {
	uint16_t name;          /* mbim_name() */
	uint16_t size;          /* of the C struct */
	uint16_t first;         /* its fields: mbim_fields[first .. first + n - 1] */
	uint16_t n;
};

/* buffers of set, query, COMMAND_DONE and INDICATE_STATUS (enum
 * mbim_buf): MBIM_BUF_none when the CID has no such message,
 * MBIM_BUF_empty for a zero-length buffer */
enum { MBIM_DIR_SET, MBIM_DIR_QUERY, MBIM_DIR_RESPONSE, MBIM_DIR_NOTIFY };
struct mbim_cid_def {
	uint16_t cid;
	uint16_t sym;           /* mbim_name() */
	uint8_t buf[4];         /* per MBIM_DIR_* */
};

struct mbim_service_def {
	int id;                 /* enum mbim_service */
	const char *sym;
	struct mbim_uuid uuid;
	const struct mbim_cid_def *cids;
	unsigned n_cids;
};

extern const struct mbim_enum mbim_enums[];
extern const uint32_t mbim_enum_values[];
extern const uint16_t mbim_enum_syms[];
extern const struct mbim_field mbim_fields[];
extern const struct mbim_struct_def mbim_defs[];

#define MBIM_ENUM(e) (&mbim_enums[MBIM_EN_##e])
#define MBIM_DEF(name) (&mbim_defs[MBIM_BUF_##name])
#define mbim_none_def (mbim_defs[MBIM_BUF_none])
#define mbim_empty_def (mbim_defs[MBIM_BUF_empty])

static inline const char *mbim_field_name(const struct mbim_field *f)
{
	return mbim_name(f->member);
}

static inline const struct mbim_enum *mbim_field_enum(const struct mbim_field *f)
{
	return f->enm ? &mbim_enums[f->enm - 1] : NULL;
}

static inline const struct mbim_struct_def *mbim_field_sub(const struct mbim_field *f)
{
	return &mbim_defs[f->sub];
}

static inline const char *mbim_def_name(const struct mbim_struct_def *d)
{
	return mbim_name(d->name);
}

/* A buffer's fields: mbim_def_fields(d)[0 .. d->n - 1]. */
static inline const struct mbim_field *mbim_def_fields(const struct mbim_struct_def *d)
{
	return &mbim_fields[d->first];
}

static inline const char *mbim_cid_sym(const struct mbim_cid_def *c)
{
	return mbim_name(c->sym);
}

/* The buffer of a CID in one direction (MBIM_DIR_*). */
static inline const struct mbim_struct_def *mbim_cid_buf(const struct mbim_cid_def *c, int dir)
{
	return &mbim_defs[c->buf[dir]];
}

/* An empty struct is not C: these stand for the zero-length buffer. */
struct mbim_empty { uint8_t unused_; };
struct mbim_none { uint8_t unused_; };

MBIM_BUFFERS(MBIM_DECLARE_BUFFER)

/* ---- ids ---- */
enum mbim_service {
#define MBIM_SVC_ENUM(sym, ...) MBIM_SERVICE_##sym,
	MBIM_SERVICES(MBIM_SVC_ENUM)
#undef MBIM_SVC_ENUM
	MBIM_SERVICE_COUNT_
};

enum mbim_cid {
#define MBIM_CID_ENUM(svc, sym, num, ...) MBIM_CID_##svc##_##sym = num,
	MBIM_ALL_CIDS(MBIM_CID_ENUM)
#undef MBIM_CID_ENUM
};

#define MBIM_ENUM_CONST(e, sym, v) MBIM_##e##_##sym = (v),
#define MBIM_ENUM_TYPE(e, flags) enum mbim_e_##e { MBIM_E_##e(MBIM_ENUM_CONST) };
MBIM_ENUMS(MBIM_ENUM_TYPE)
#undef MBIM_ENUM_TYPE

/* The buffer type of each CID and direction, for the typed builders:
 * mbim_<SVC>_<CID>_set_t, _query_t, _response_t, _notify_t. */
#define MBIM_CID_TYPES(svc, sym, num, set, query, response, notify)                 \
	typedef struct mbim_##set mbim_##svc##_##sym##_set_t;                       \
	typedef struct mbim_##query mbim_##svc##_##sym##_query_t;                   \
	typedef struct mbim_##response mbim_##svc##_##sym##_response_t;             \
	typedef struct mbim_##notify mbim_##svc##_##sym##_notify_t;
MBIM_ALL_CIDS(MBIM_CID_TYPES)
#undef MBIM_CID_TYPES

#define MBIM_HDR_LEN 12
#define MBIM_FRAG_HDR_LEN 8
#define MBIM_CMD_HDR_LEN 48     /* COMMAND up to its buffer */
#define MBIM_DONE_HDR_LEN 48    /* COMMAND_DONE up to its buffer */
#define MBIM_IND_HDR_LEN 44     /* INDICATE_STATUS up to its buffer */
#define MBIM_MAX_MSG 65536      /* largest (reassembled) message handled */
#define MBIM_ARENA_BYTES (3 * MBIM_MAX_MSG)

/* A decoded message. Strings and arrays live in its arena; raw bytes point
 * into the message decoded, which must outlive it. */
struct mbim_msg {
	uint32_t type;          /* enum mbim_e_MESSAGE_TYPE */
	uint32_t length;
	uint32_t txn;
	uint32_t frag_total, frag_current;
	uint32_t max_control_transfer;  /* OPEN */
	uint32_t status;        /* OPEN_DONE, CLOSE_DONE, COMMAND_DONE */
	uint32_t error;         /* HOST_ERROR, FUNCTION_ERROR */
	struct mbim_uuid service;
	uint32_t cid;
	uint32_t command_type;  /* COMMAND: query or set */
	const struct mbim_service_def *svc;     /* NULL: unknown service */
	const struct mbim_cid_def *cid_def;     /* NULL: unknown CID */
	const struct mbim_struct_def *buf_def;  /* layout of the buffer, if known */
	const uint8_t *buf;
	uint32_t buf_len;
	const void *body;       /* decoded buffer (struct mbim_<buf_def>) or NULL */
	size_t arena_used;
	_Alignas(8) uint8_t arena[MBIM_ARENA_BYTES];
	char errtext[160];
};

/* ---- tables (tables.c) ---- */
const struct mbim_service_def *mbim_service(enum mbim_service id);
const struct mbim_service_def *mbim_service_by_uuid(const struct mbim_uuid *u);
const struct mbim_service_def *mbim_service_by_name(const char *name);
const struct mbim_cid_def *mbim_cid(const struct mbim_service_def *svc, uint32_t cid);
const struct mbim_cid_def *mbim_cid_by_name(const struct mbim_service_def *svc, const char *name);
/* Symbol of a value (C form), NULL if it has none. */
const char *mbim_enum_sym(const struct mbim_enum *e, uint32_t v);
/* kebab-case of a C-form symbol into out ("DEVICE_CAPS" -> "device-caps"). */
const char *mbim_kebab(const char *sym, char *out, size_t cap);
/* The context types MBIM defines; NULL name when unknown. */
extern const struct mbim_uuid mbim_context_none, mbim_context_internet;
const char *mbim_context_type_name(const struct mbim_uuid *u);

/* ---- codec (codec.c) ---- */
#define MBIM_DECODE_LENIENT 0x01   /* keep an unreadable buffer raw, don't fail */

/* Length the header of a message declares, 0 if fewer than 12 bytes, or a
 * negative error for a length that cannot be. */
int mbim_msg_len(const uint8_t *buf, size_t len);
/* Decodes one whole message (a single fragment, or what mbim_reasm gave).
 * Returns 0 or a negative CL_E_* error, m->errtext naming the problem. */
int mbim_decode(struct mbim_msg *m, const uint8_t *msg, size_t len, unsigned flags);
/* Decodes an information buffer by a table into a struct the arena holds. */
int mbim_decode_buffer(struct mbim_msg *m, const struct mbim_struct_def *def,
		       const uint8_t *buf, size_t len, const void **out);

/* Encoders return the message length or a negative error. */
int mbim_encode_open(uint8_t *out, size_t cap, uint32_t txn, uint32_t max_control_transfer);
int mbim_encode_close(uint8_t *out, size_t cap, uint32_t txn);
/* OPEN_DONE or CLOSE_DONE (type) with its status. */
int mbim_encode_done(uint8_t *out, size_t cap, uint32_t type, uint32_t txn, uint32_t status);
/* HOST_ERROR or FUNCTION_ERROR (type). */
int mbim_encode_error(uint8_t *out, size_t cap, uint32_t type, uint32_t txn, uint32_t code);
/* Information buffer alone, by a table, from its struct. */
int mbim_encode_buffer(uint8_t *out, size_t cap, const struct mbim_struct_def *def, const void *body);
/* COMMAND (query/set), COMMAND_DONE (status) or INDICATE_STATUS of a known
 * CID; body must be the struct the CID's table names for that direction
 * (the MBIM_* macros below check that at build time). */
int mbim_encode_command(uint8_t *out, size_t cap, uint32_t txn, enum mbim_service svc,
			uint32_t cid, uint32_t command_type, const void *body);
int mbim_encode_command_done(uint8_t *out, size_t cap, uint32_t txn, enum mbim_service svc,
			     uint32_t cid, uint32_t status, const void *body);
int mbim_encode_indicate(uint8_t *out, size_t cap, enum mbim_service svc, uint32_t cid,
			 const void *body);
/* Same with a raw buffer, for any service UUID and CID. */
int mbim_encode_raw(uint8_t *out, size_t cap, uint32_t type, uint32_t txn,
		    const struct mbim_uuid *svc, uint32_t cid, uint32_t type_or_status,
		    const uint8_t *buf, size_t n);

/* The body must have the CID's declared type: a wrong struct is a build
 * error (pointer type mismatch in the conditional). */
#define MBIM_TYPED_(T, body) (1 ? (body) : (const T *)0)
#define MBIM_QUERY(out, cap, txn, SVC, CID, body)                                   \
	mbim_encode_command(out, cap, txn, MBIM_SERVICE_##SVC, MBIM_CID_##SVC##_##CID, \
			    MBIM_COMMAND_TYPE_QUERY,                                    \
			    MBIM_TYPED_(mbim_##SVC##_##CID##_query_t, body))
#define MBIM_SET(out, cap, txn, SVC, CID, body)                                     \
	mbim_encode_command(out, cap, txn, MBIM_SERVICE_##SVC, MBIM_CID_##SVC##_##CID, \
			    MBIM_COMMAND_TYPE_SET,                                      \
			    MBIM_TYPED_(mbim_##SVC##_##CID##_set_t, body))
#define MBIM_DONE(out, cap, txn, SVC, CID, status, body)                            \
	mbim_encode_command_done(out, cap, txn, MBIM_SERVICE_##SVC,                 \
				 MBIM_CID_##SVC##_##CID, status,                    \
				 MBIM_TYPED_(mbim_##SVC##_##CID##_response_t, body))
#define MBIM_INDICATE(out, cap, SVC, CID, body)                                     \
	mbim_encode_indicate(out, cap, MBIM_SERVICE_##SVC, MBIM_CID_##SVC##_##CID,  \
			     MBIM_TYPED_(mbim_##SVC##_##CID##_notify_t, body))

/* The decoded buffer if the message carries `def`'s layout, else NULL. */
const void *mbim_body(const struct mbim_msg *m, const struct mbim_struct_def *def);
#define MBIM_BODY(m, name) ((const struct mbim_##name *)mbim_body(m, MBIM_DEF(name)))

/* ---- fragments (frag.c) ---- */

/* Number of fragments a message needs under a maximum control transfer. */
unsigned mbim_fragment_count(size_t len, size_t max_transfer);
/* Writes fragment i of a whole COMMAND/COMMAND_DONE/INDICATE_STATUS into out;
 * returns its length or a negative error. */
int mbim_fragment(const uint8_t *msg, size_t len, size_t max_transfer, unsigned i,
		  uint8_t *out, size_t cap);

/* Reassembly of the fragments the device sends. */
struct mbim_reasm {
	bool active;
	uint32_t type, txn, total, next;
	size_t len;
	unsigned dropped;       /* messages left incomplete by a new fragment 0 */
	char errtext[160];
	uint8_t buf[MBIM_MAX_MSG];
};
void mbim_reasm_init(struct mbim_reasm *r);
/* Takes one message as read. Returns 1 when a whole message is ready (at
 * *msg, *len; valid until the next call), 0 when more fragments are needed,
 * or a negative error (r->errtext says why). After an error the pending
 * message is dropped. A fragment 0 while a message is pending drops that
 * one (r->dropped counts them, r->errtext tells which) and starts anew. */
int mbim_reasm_feed(struct mbim_reasm *r, const uint8_t *frag, size_t n,
		    const uint8_t **msg, size_t *len);

/* ---- transactions (txn.c) ---- */

#define MBIM_TXNS_MAX 32

struct mbim_pending {
	bool used;
	uint32_t txn;
	uint32_t type;                  /* OPEN, CLOSE or COMMAND */
	struct mbim_uuid service;       /* COMMAND: the answer must match */
	uint32_t cid;
	uint64_t deadline_ms;
	void *ud;
};

/* The host's requests waiting for answers. */
struct mbim_txns {
	uint32_t next;
	unsigned n;
	struct mbim_pending p[MBIM_TXNS_MAX];
	char errtext[160];
};

void mbim_txns_init(struct mbim_txns *t, uint32_t first);
/* A transaction id for the next request: never 0 (the indications'), never
 * one still waiting. */
uint32_t mbim_txns_next(struct mbim_txns *t);
/* Records a request as sent (its header gives the id, type, service and
 * CID). Errors: a type that gets no answer, id 0, an id already waiting,
 * too many waiting. */
int mbim_txns_add(struct mbim_txns *t, const uint8_t *req, size_t len, uint64_t deadline_ms, void *ud);
/* Matches an answer (decoded) to its request and forgets the request: 0
 * and its ud, or an error naming the mismatch (no such transaction, an
 * answer of the wrong type, a COMMAND_DONE for another service or CID).
 * FUNCTION_ERROR answers any request. */
int mbim_txns_match(struct mbim_txns *t, const struct mbim_msg *m, void **ud);
/* Pops one request whose deadline has passed: 1 with its id and ud, else 0. */
int mbim_txns_expired(struct mbim_txns *t, uint64_t now_ms, uint32_t *txn, void **ud);
/* The earliest deadline among waiting requests: 1 if there is one. */
int mbim_txns_next_deadline(const struct mbim_txns *t, uint64_t *deadline_ms);

/* ---- printers (print.c) ---- */
#define MBIM_PRINT_REDACT_PERSONAL 0x01
#define MBIM_PRINT_SHOW_SECRETS    0x02

void mbim_print_json(struct strbuf *sb, const struct mbim_msg *m, unsigned flags);
void mbim_print_text(struct strbuf *sb, const struct mbim_msg *m, unsigned flags);

/* Does this look like an MBIM message rather than a QMUX frame? (QMUX
 * starts with 0x01 and a 16-bit length one less than the frame's.) */
bool mbim_looks_like(const uint8_t *buf, size_t len);

#endif
