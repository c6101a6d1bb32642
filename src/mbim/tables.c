/* The tables of ids.h: services, CIDs, named values and information
 * buffers, expanded from their declarations. */
#include <stddef.h>
#include <string.h>

#include "mbim/mbim.h"

/* ---- one pool of names ----
 * Every name is a member of this struct, so its offset is a constant the
 * rows below hold in 16 bits, and a name misspelt in a row fails the build. */
#define PN_VAL(e, sym, v) char v_##e##__##sym[sizeof(#sym)];
#define PN_ENUM(e, flags) MBIM_E_##e(PN_VAL)
#define PN_FIELD(S, m, kind, arg, fl) char f_##S##__##m[sizeof(#m)];
#define PN_BUF(name) char b_##name[sizeof(#name)]; MBIM_B_##name(PN_FIELD, name)
#define PN_CID(svc, sym, ...) char c_##svc##__##sym[sizeof(#sym)];
struct mbim_name_pool {
	char b_none[sizeof("none")];
	char b_empty[sizeof("empty")];
	MBIM_ENUMS(PN_ENUM)
	MBIM_BUFFERS(PN_BUF)
	MBIM_ALL_CIDS(PN_CID)
};
#define PV_VAL(e, sym, v) .v_##e##__##sym = #sym,
#define PV_ENUM(e, flags) MBIM_E_##e(PV_VAL)
#define PV_FIELD(S, m, kind, arg, fl) .f_##S##__##m = #m,
#define PV_BUF(name) .b_##name = #name, MBIM_B_##name(PV_FIELD, name)
#define PV_CID(svc, sym, ...) .c_##svc##__##sym = #sym,
static const struct mbim_name_pool mbim_names_pool = {
	.b_none = "none",
	.b_empty = "empty",
	MBIM_ENUMS(PV_ENUM)
	MBIM_BUFFERS(PV_BUF)
	MBIM_ALL_CIDS(PV_CID)
};
#define NAME(member) ((uint16_t)offsetof(struct mbim_name_pool, member))
_Static_assert(sizeof(struct mbim_name_pool) <= UINT16_MAX, "names beyond 16-bit offsets");

const char *mbim_name(uint16_t offset)
{
	return (const char *)&mbim_names_pool + offset;
}

/* ---- named values ---- */
#define VAL_NUM(e, sym, v) (v),
#define VAL_SYM(e, sym, v) NAME(v_##e##__##sym),
#define ENUM_VALS(e, flags) MBIM_E_##e(VAL_NUM)
#define ENUM_SYMS(e, flags) MBIM_E_##e(VAL_SYM)
const uint32_t mbim_enum_values[] = { MBIM_ENUMS(ENUM_VALS) };
const uint16_t mbim_enum_syms[] = { MBIM_ENUMS(ENUM_SYMS) };

/* Where each enum's values start and end in those arrays: a marker before
 * and after each list, each stepped back so it takes no index. */
#define VAL_IDX(e, sym, v) MBIM_VI_##e##__##sym,
#define ENUM_IDX(e, flags) MBIM_VI_START_##e, MBIM_VI_START_BACK_##e = MBIM_VI_START_##e - 1, \
	MBIM_E_##e(VAL_IDX) MBIM_VI_END_##e, MBIM_VI_END_BACK_##e = MBIM_VI_END_##e - 1,
enum { MBIM_ENUMS(ENUM_IDX) MBIM_VI_COUNT_ };
#define ENUM_DEF(e, flags) [MBIM_EN_##e] = { MBIM_VI_START_##e, MBIM_VI_END_##e - MBIM_VI_START_##e, (flags) },
const struct mbim_enum mbim_enums[] = { MBIM_ENUMS(ENUM_DEF) };
_Static_assert(MBIM_VI_COUNT_ == sizeof(mbim_enum_values) / sizeof(mbim_enum_values[0]), "enum values");
#define ENUM_SMALL(e, flags) _Static_assert(MBIM_VI_END_##e - MBIM_VI_START_##e <= UINT8_MAX, #e " has too many values");
MBIM_ENUMS(ENUM_SMALL)
_Static_assert(MBIM_EN_COUNT_ < UINT8_MAX, "enum indexes beyond 8 bits");

/* ---- information buffers ---- */
#define FE_U32(a)    .kind = MK_U32
#define FE_E32(a)    .kind = MK_U32, .enm = 1 + MBIM_EN_##a
#define FE_U64(a)    .kind = MK_U64
#define FE_UUID(a)   .kind = MK_UUID
#define FE_STR(a)    .kind = MK_STR
#define FE_IPV4(a)   .kind = MK_IPV4
#define FE_IPV6(a)   .kind = MK_IPV6
#define FE_BYTES(a)  .kind = MK_BYTES
#define FE_RBYTES(a) .kind = MK_RBYTES
#define FE_STRUCT(a) .kind = MK_STRUCT, .sub = MBIM_BUF_##a
#define FE_ARR(a)    .kind = MK_ARR, .sub = MBIM_BUF_##a
#define FE_REFARR(a) .kind = MK_REFARR, .sub = MBIM_BUF_##a
#define FE_STRS(a)   .kind = MK_STRS
#define FE_U32S(a)   .kind = MK_U32S
#define FE_OPT(a)    .kind = MK_OPT, .sub = MBIM_BUF_##a
#define FE_COUNT(a)  .kind = MK_COUNT
#define FE_REFLIST(a) .kind = MK_REFLIST, .sub = MBIM_BUF_##a
#define FL_0        0
#define FL_PERSONAL MBIM_FF_PERSONAL
#define FL_SECRET   MBIM_FF_SECRET
#define FL_QMUX     MBIM_FF_QMUX

#define FIELD(S, m, kind, arg, fl) \
	{ .member = NAME(f_##S##__##m), FE_##kind(arg), .flags = FL_##fl, .offset = offsetof(struct mbim_##S, m) },
#define BUF_FIELDS(name) MBIM_B_##name(FIELD, name)
const struct mbim_field mbim_fields[] = { MBIM_BUFFERS(BUF_FIELDS) };

#define FIELD_IDX(S, m, kind, arg, fl) MBIM_FI_##S##__##m,
#define BUF_IDX(name) MBIM_FI_START_##name, MBIM_FI_START_BACK_##name = MBIM_FI_START_##name - 1, \
	MBIM_B_##name(FIELD_IDX, name) MBIM_FI_END_##name, MBIM_FI_END_BACK_##name = MBIM_FI_END_##name - 1,
enum { MBIM_BUFFERS(BUF_IDX) MBIM_FI_COUNT_ };
_Static_assert(MBIM_FI_COUNT_ == sizeof(mbim_fields) / sizeof(mbim_fields[0]), "fields");

#define BUF_DEF(name) [MBIM_BUF_##name] = { NAME(b_##name), sizeof(struct mbim_##name), \
	MBIM_FI_START_##name, MBIM_FI_END_##name - MBIM_FI_START_##name },
const struct mbim_struct_def mbim_defs[] = {
	[MBIM_BUF_none] = { NAME(b_none), 0, 0, 0 },
	[MBIM_BUF_empty] = { NAME(b_empty), 0, 0, 0 },
	MBIM_BUFFERS(BUF_DEF)
};
#define BUF_SMALL(name) _Static_assert(sizeof(struct mbim_##name) <= UINT16_MAX, #name " too large");
MBIM_BUFFERS(BUF_SMALL)
_Static_assert(MBIM_BUF_COUNT_ <= UINT8_MAX + 1, "buffer indexes beyond 8 bits");

/* ---- CIDs and services ---- */
#define CID_DEF(svc, sym, num, set, query, response, notify) \
	{ num, NAME(c_##svc##__##sym), { MBIM_BUF_##set, MBIM_BUF_##query, MBIM_BUF_##response, MBIM_BUF_##notify } },
#define CID_LIST(sym, ...) static const struct mbim_cid_def sym##_cids[] = { MBIM_##sym##_CIDS(CID_DEF) };
MBIM_SERVICES(CID_LIST)
#define CID_SMALL(svc, sym, num, ...) _Static_assert((num) <= UINT16_MAX, #sym " beyond 16 bits");
MBIM_ALL_CIDS(CID_SMALL)

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SVC_DEF(sym, ...) [MBIM_SERVICE_##sym] = { MBIM_SERVICE_##sym, #sym, { { __VA_ARGS__ } }, \
	sym##_cids, N(sym##_cids) },
static const struct mbim_service_def services[] = { MBIM_SERVICES(SVC_DEF) };

static const struct mbim_service_def *table(void)
{
	return services;
}

const struct mbim_service_def *mbim_service(enum mbim_service id)
{
	return (unsigned)id < MBIM_SERVICE_COUNT_ ? &table()[id] : NULL;
}

const struct mbim_service_def *mbim_service_by_uuid(const struct mbim_uuid *u)
{
	const struct mbim_service_def *t = table();
	for (unsigned i = 0; i < MBIM_SERVICE_COUNT_; i++)
		if (!memcmp(t[i].uuid.b, u->b, 16))
			return &t[i];
	return NULL;
}

const struct mbim_service_def *mbim_service_by_name(const char *name)
{
	const struct mbim_service_def *t = table();
	char k[64];
	for (unsigned i = 0; i < MBIM_SERVICE_COUNT_; i++)
		if (!strcmp(mbim_kebab(t[i].sym, k, sizeof(k)), name))
			return &t[i];
	return NULL;
}

const struct mbim_cid_def *mbim_cid(const struct mbim_service_def *svc, uint32_t cid)
{
	for (unsigned i = 0; svc && i < svc->n_cids; i++)
		if (svc->cids[i].cid == cid)
			return &svc->cids[i];
	return NULL;
}

const struct mbim_cid_def *mbim_cid_by_name(const struct mbim_service_def *svc, const char *name)
{
	char k[64];
	for (unsigned i = 0; svc && i < svc->n_cids; i++)
		if (!strcmp(mbim_kebab(mbim_cid_sym(&svc->cids[i]), k, sizeof(k)), name))
			return &svc->cids[i];
	return NULL;
}

const char *mbim_enum_sym(const struct mbim_enum *e, uint32_t v)
{
	for (unsigned i = e ? e->first : 0; e && i < e->first + e->n; i++)
		if (mbim_enum_values[i] == v)
			return mbim_name(mbim_enum_syms[i]);
	return NULL;
}

const char *mbim_kebab(const char *sym, char *out, size_t cap)
{
	size_t i = 0;
	for (; sym[i] && i + 1 < cap; i++) {
		char c = sym[i];
		out[i] = c == '_' ? '-' : (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[i] = 0;
	return out;
}

/* MBIM's context types: none (B43F758C-A560-4B46-B35E-C5869641FB54) and
 * Internet access (7E5E2A7E-4E6F-7272-736B-656E7E5E2A7E). */
const struct mbim_uuid mbim_context_none = { { 0xb4, 0x3f, 0x75, 0x8c, 0xa5, 0x60,
	0x4b, 0x46, 0xb3, 0x5e, 0xc5, 0x86, 0x96, 0x41, 0xfb, 0x54 } };
const struct mbim_uuid mbim_context_internet = { { 0x7e, 0x5e, 0x2a, 0x7e, 0x4e, 0x6f,
	0x72, 0x72, 0x73, 0x6b, 0x65, 0x6e, 0x7e, 0x5e, 0x2a, 0x7e } };

const char *mbim_context_type_name(const struct mbim_uuid *u)
{
	if (!memcmp(u, &mbim_context_none, sizeof(*u)))
		return "none";
	if (!memcmp(u, &mbim_context_internet, sizeof(*u)))
		return "internet";
	return NULL;
}
