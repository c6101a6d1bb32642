/* The tables of ids.h: services, CIDs, named values and information
 * buffers, expanded from their declarations. */
#include <stddef.h>
#include <string.h>

#include "mbim/mbim.h"

/* ---- named values ---- */
#define VAL(e, sym, v) { (v), #sym },
#define ENUM_DEF(e, flags)                                                          \
	static const struct mbim_enum_val e##_vals[] = { MBIM_E_##e(VAL) };         \
	const struct mbim_enum mbim_enum_##e = { #e, (flags), e##_vals,             \
		sizeof(e##_vals) / sizeof(e##_vals[0]) };
MBIM_ENUMS(ENUM_DEF)

/* ---- information buffers ---- */
#define FE_U32(a)    .kind = MK_U32
#define FE_E32(a)    .kind = MK_U32, .enm = &mbim_enum_##a
#define FE_U64(a)    .kind = MK_U64
#define FE_UUID(a)   .kind = MK_UUID
#define FE_STR(a)    .kind = MK_STR
#define FE_IPV4(a)   .kind = MK_IPV4
#define FE_IPV6(a)   .kind = MK_IPV6
#define FE_BYTES(a)  .kind = MK_BYTES
#define FE_RBYTES(a) .kind = MK_RBYTES
#define FE_STRUCT(a) .kind = MK_STRUCT, .sub = &mbim_##a##_def
#define FE_ARR(a)    .kind = MK_ARR, .sub = &mbim_##a##_def
#define FE_REFARR(a) .kind = MK_REFARR, .sub = &mbim_##a##_def
#define FE_STRS(a)   .kind = MK_STRS
#define FE_U32S(a)   .kind = MK_U32S
#define FE_OPT(a)    .kind = MK_OPT, .sub = &mbim_##a##_def
#define FE_COUNT(a)  .kind = MK_COUNT
#define FE_REFLIST(a) .kind = MK_REFLIST, .sub = &mbim_##a##_def
#define FL_0        0
#define FL_PERSONAL MBIM_FF_PERSONAL
#define FL_SECRET   MBIM_FF_SECRET
#define FL_QMUX     MBIM_FF_QMUX

#define FIELD(S, m, kind, arg, fl) \
	{ .member = #m, FE_##kind(arg), .flags = FL_##fl, .offset = offsetof(struct mbim_##S, m) },
#define BUF_DEF(name)                                                               \
	static const struct mbim_field name##_fields[] = { MBIM_B_##name(FIELD, name) }; \
	const struct mbim_struct_def mbim_##name##_def = { #name,                   \
		sizeof(struct mbim_##name), name##_fields,                          \
		sizeof(name##_fields) / sizeof(name##_fields[0]) };
MBIM_BUFFERS(BUF_DEF)

const struct mbim_struct_def mbim_empty_def = { "empty", 0, NULL, 0 };

const struct mbim_struct_def mbim_none_def = { "none", 0, NULL, 0 };

/* ---- CIDs and services ---- */
#define CID_DEF(svc, sym, num, set, query, response, notify) \
	{ num, #sym, &mbim_##set##_def, &mbim_##query##_def, &mbim_##response##_def, &mbim_##notify##_def },
#define CID_LIST(sym, ...) static const struct mbim_cid_def sym##_cids[] = { MBIM_##sym##_CIDS(CID_DEF) };
MBIM_SERVICES(CID_LIST)

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
		if (!strcmp(mbim_kebab(svc->cids[i].sym, k, sizeof(k)), name))
			return &svc->cids[i];
	return NULL;
}

const char *mbim_enum_sym(const struct mbim_enum *e, uint32_t v)
{
	for (unsigned i = 0; e && i < e->n; i++)
		if (e->vals[i].value == v)
			return e->vals[i].sym;
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
