/* Reading and building message fields by name. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/hex.h"
#include "qmi/qmi.h"
#include "qmi/internal.h"

#define ERRF qmi_fail
#define MAX_DEPTH 6

/* A path resolved against the tables: the TLV and member indices below it. */
struct path {
	const struct qmi_field *tlv;
	unsigned depth;
	unsigned idx[MAX_DEPTH];
	const struct qmi_field *leaf;
};

/* Rows of a TLV list (ended by a QF_END row). */
static unsigned count_fields(const struct qmi_field *list)
{
	unsigned n = 0;
	while (list[n].fmt != QF_END)
		n++;
	return n;
}

/* Finds name among fields (exact, else unique prefix). Returns the index,
 * -1 when absent, -2 when ambiguous. */
static int match(const struct qmi_field *list, unsigned count, const char *name, size_t len,
		 bool by_id_list)
{
	int found = -1, n = 0;
	for (int i = 0; i < (int)count; i++) {
		const char *fn = qmi_field_name(&list[i]);
		if (!strncmp(fn, name, len)) {
			if (fn[len] == 0)
				return i;
			found = i;
			n++;
		}
	}
	(void)by_id_list;
	return n == 1 ? found : n > 1 ? -2 : -1;
}

static int resolve(struct qmi_msg *m, const char *path, struct path *out)
{
	const struct qmi_field *tlvs = m->def ? qmi_msg_tlvs(m->def, m->kind) : NULL;
	if (!tlvs)
		return ERRF(m, CL_E_UNKNOWN_MESSAGE, "message 0x%04x is not in the tables", m->id);
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	memset(out, 0, sizeof(*out));
	int i = match(tlvs, count_fields(tlvs), path, len, true);
	if (i == -2)
		return ERRF(m, CL_E_AMBIGUOUS_FIELD, "'%.*s' matches more than one field", (int)len, path);
	if (i < 0) {
		/* a member of a struct TLV, named without its TLV */
		int hits = 0;
		for (int t = 0; tlvs[t].fmt != QF_END; t++) {
			if (tlvs[t].fmt != QF_STRUCT)
				continue;
			int k = match(qmi_field_sub(&tlvs[t]), tlvs[t].n_sub, path, len, false);
			if (k == -2)
				hits += 2;
			if (k >= 0) {
				out->tlv = &tlvs[t];
				out->idx[0] = (unsigned)k;
				out->depth = 1;
				hits++;
			}
		}
		if (hits == 0)
			return ERRF(m, CL_E_UNKNOWN_FIELD, "no field '%.*s' in %s", (int)len, path, qmi_msg_name(m->def));
		if (hits > 1)
			return ERRF(m, CL_E_AMBIGUOUS_FIELD, "'%.*s' matches more than one field", (int)len, path);
	} else {
		out->tlv = &tlvs[i];
	}
	const struct qmi_field *f = out->tlv;
	for (unsigned d = 0; d < out->depth; d++)
		f = &qmi_field_sub(f)[out->idx[d]];
	while (dot) {
		path = dot + 1;
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		if (f->fmt != QF_STRUCT)
			return ERRF(m, CL_E_UNKNOWN_FIELD, "'%s' has no members", qmi_field_name(f));
		int k = match(qmi_field_sub(f), f->n_sub, path, len, false);
		if (k < 0)
			return ERRF(m, k == -2 ? CL_E_AMBIGUOUS_FIELD : CL_E_UNKNOWN_FIELD,
				    "no single member '%.*s' in '%s'", (int)len, path, qmi_field_name(f));
		if (out->depth == MAX_DEPTH)
			return ERRF(m, CL_E_TOO_MANY, "path too deep");
		out->idx[out->depth++] = (unsigned)k;
		f = &qmi_field_sub(f)[k];
	}
	out->leaf = f;
	return 0;
}

const struct qmi_tlv *qmi_tlv_by_id(const struct qmi_msg *m, uint8_t id)
{
	for (unsigned i = 0; i < m->n_tlv; i++)
		if (m->tlv[i].id == id)
			return &m->tlv[i];
	return NULL;
}

static struct qmi_tlv *tlv_by_def(const struct qmi_msg *m, const struct qmi_field *def)
{
	for (unsigned i = 0; i < m->n_tlv; i++)
		if (m->tlv[i].def == def)
			return (struct qmi_tlv *)&m->tlv[i];
	return NULL;
}

static struct qmi_val *walk(struct qmi_val *v, const struct path *p)
{
	for (unsigned d = 0; d < p->depth; d++) {
		if (v->f->fmt != QF_STRUCT || p->idx[d] >= v->n)
			return NULL;
		v = &v->kids[p->idx[d]];
	}
	return v;
}

/* The value at path, or a negative error naming why not. */
static int find(const struct qmi_msg *m, const char *path, const struct qmi_val **out)
{
	struct qmi_msg *mm = (struct qmi_msg *)m;  /* errtext only */
	struct path p;
	int r = resolve(mm, path, &p);
	if (r)
		return r;
	struct qmi_tlv *t = tlv_by_def(m, p.tlv);
	if (!t)
		return ERRF(mm, CL_E_UNKNOWN_FIELD, "TLV '%s' is absent", qmi_field_name(p.tlv));
	*out = walk(&t->v, &p);
	return *out ? 0 : ERRF(mm, CL_E_UNKNOWN_FIELD, "'%s' is absent", path);
}

const struct qmi_val *qmi_get(const struct qmi_msg *m, const char *path)
{
	const struct qmi_val *v = NULL;
	return find(m, path, &v) ? NULL : v;
}

bool qmi_has(const struct qmi_msg *m, const char *path)
{
	return qmi_get(m, path) != NULL;
}

static bool is_int_fmt(uint8_t fmt)
{
	return (fmt >= QF_U8 && fmt <= QF_BOOL) || fmt == QF_IPV4;
}

int qmi_get_uint(const struct qmi_msg *m, const char *path, uint64_t *out)
{
	const struct qmi_val *v;
	int r = find(m, path, &v);
	if (r)
		return r;
	if (!is_int_fmt(v->f->fmt))
		return CL_E_BAD_VALUE;
	*out = v->u;
	return 0;
}

int qmi_get_int(const struct qmi_msg *m, const char *path, int64_t *out)
{
	/* signed values are stored sign-extended: the bits are the same */
	return qmi_get_uint(m, path, (uint64_t *)out);
}

int qmi_get_str(const struct qmi_msg *m, const char *path, char *out, size_t cap)
{
	const struct qmi_val *v;
	int r = find(m, path, &v);
	if (r)
		return r;
	if (v->f->fmt != QF_STRING && v->f->fmt != QF_BYTES)
		return CL_E_BAD_VALUE;
	if (cap == 0)
		return CL_E_NO_SPACE;
	size_t n = v->n < cap - 1 ? v->n : cap - 1;
	memcpy(out, v->p, n);
	out[n] = 0;
	/* fixed-size strings are NUL padded */
	return (int)strlen(out);
}

const struct qmi_val *qmi_val_member(const struct qmi_val *v, const char *name)
{
	if (!v || !v->f || v->f->fmt != QF_STRUCT)
		return NULL;
	for (uint32_t i = 0; i < v->n; i++)
		if (!strcmp(qmi_field_name(v->kids[i].f), name))
			return &v->kids[i];
	return NULL;
}

/* ---- building ---- */

static struct qmi_val *nodes(struct qmi_msg *m, uint32_t n)
{
	if (n > m->cap_nodes - m->n_nodes)
		return NULL;
	struct qmi_val *v = &m->nodes[m->n_nodes];
	m->n_nodes += n;
	return v;
}

/* Gives v the zero value of its format. */
static int zero_val(struct qmi_msg *m, struct qmi_val *v, const struct qmi_field *f)
{
	memset(v, 0, sizeof(*v));
	v->f = f;
	if (f->fmt == QF_IPV6) {
		static const uint8_t zero[16];
		v->p = zero;
		v->n = 16;
	}
	if (f->fmt == QF_ARRAY && f->fixed) {
		v->kids = nodes(m, f->fixed);
		if (!v->kids)
			return qmi_no_room(m);
		v->n = f->fixed;
		for (unsigned i = 0; i < f->fixed; i++)
			if (zero_val(m, &v->kids[i], &qmi_field_sub(f)[0]))
				return CL_E_TOO_MANY;
	}
	if (f->fmt != QF_STRUCT)
		return 0;
	uint32_t n = f->n_sub;
	v->kids = nodes(m, n);
	if (!v->kids && n)
		return qmi_no_room(m);
	v->n = n;
	for (uint32_t i = 0; i < n; i++)
		if (zero_val(m, &v->kids[i], &qmi_field_sub(f)[i]))
			return CL_E_TOO_MANY;
	return 0;
}

/* The value at a resolved path, creating its TLV when absent. */
static struct qmi_val *lvalue_at(struct qmi_msg *m, const struct path *pp, int *err)
{
	struct path p = *pp;
	*err = CL_E_TOO_MANY;
	struct qmi_tlv *t = tlv_by_def(m, p.tlv);
	if (!t) {
		if (m->n_tlv == QMI_MAX_TLVS) {
			qmi_no_tlv_room(m);
			return NULL;
		}
		t = &m->tlv[m->n_tlv];
		memset(t, 0, sizeof(*t));
		t->id = p.tlv->id;
		t->def = p.tlv;
		if (zero_val(m, &t->v, p.tlv))
			return NULL;
		m->n_tlv++;
	}
	return walk(&t->v, &p);
}

/* The value at path, creating its TLV when absent. */
static struct qmi_val *lvalue(struct qmi_msg *m, const char *path, int *err)
{
	struct path p;
	if ((*err = resolve(m, path, &p)))
		return NULL;
	return lvalue_at(m, &p, err);
}

static const uint8_t *copy_bytes(struct qmi_msg *m, const void *p, size_t n)
{
	if (n > QMI_ARENA_BYTES - m->n_bytes)
		return NULL;
	uint8_t *d = m->bytes + m->n_bytes;
	memcpy(d, p, n);
	m->n_bytes += (unsigned)n;
	return d;
}

static int set_uint_val(struct qmi_msg *m, struct qmi_val *v, uint64_t x)
{
	if (!is_int_fmt(v->f->fmt))
		return ERRF(m, CL_E_BAD_VALUE, "'%s' is not a number", qmi_field_name(v->f));
	v->u = x;
	return 0;
}

static int set_bytes_val(struct qmi_msg *m, struct qmi_val *v, const void *p, size_t n)
{
	uint8_t fmt = v->f->fmt;
	if (fmt != QF_STRING && fmt != QF_BYTES && fmt != QF_IPV6)
		return ERRF(m, CL_E_BAD_VALUE, "'%s' does not take text", qmi_field_name(v->f));
	if ((fmt == QF_IPV6 && n != 16) || (v->f->prefix == 1 && n > 255) ||
	    (v->f->fixed && n > v->f->fixed))
		return ERRF(m, CL_E_BAD_VALUE, "'%s': %zu bytes do not fit", qmi_field_name(v->f), n);
	const uint8_t *d = copy_bytes(m, p, n);
	if (!d)
		return ERRF(m, CL_E_NO_SPACE, "message text storage is full");
	v->p = d;
	v->n = (uint32_t)n;
	return 0;
}

int qmi_set_uint(struct qmi_msg *m, const char *path, uint64_t x)
{
	int err;
	struct qmi_val *v = lvalue(m, path, &err);
	return v ? set_uint_val(m, v, x) : err;
}

int qmi_set_int(struct qmi_msg *m, const char *path, int64_t x)
{
	return qmi_set_uint(m, path, (uint64_t)x);
}

int qmi_set_str(struct qmi_msg *m, const char *path, const char *s)
{
	int err;
	struct qmi_val *v = lvalue(m, path, &err);
	return v ? set_bytes_val(m, v, s, strlen(s)) : err;
}

int qmi_set_bytes(struct qmi_msg *m, const char *path, const uint8_t *p, size_t n)
{
	int err;
	struct qmi_val *v = lvalue(m, path, &err);
	return v ? set_bytes_val(m, v, p, n) : err;
}

/* Gives the array value v n zeroed elements. */
static struct qmi_val *make_array(struct qmi_msg *m, struct qmi_val *v, unsigned n)
{
	if (v->f->fmt != QF_ARRAY) {
		ERRF(m, CL_E_BAD_VALUE, "'%s' is not an array", qmi_field_name(v->f));
		return NULL;
	}
	if (v->f->fixed && n != v->f->fixed) {
		ERRF(m, CL_E_BAD_VALUE, "'%s' has exactly %u elements", qmi_field_name(v->f), v->f->fixed);
		return NULL;
	}
	struct qmi_val *k = nodes(m, n);
	if (!k && n) {
		qmi_no_room(m);
		return NULL;
	}
	for (unsigned i = 0; i < n; i++)
		if (zero_val(m, &k[i], &qmi_field_sub(v->f)[0]))
			return NULL;
	v->kids = k;
	v->n = n;
	return k ? k : v;       /* an empty array is still a success */
}

struct qmi_val *qmi_set_array(struct qmi_msg *m, const char *path, unsigned n)
{
	int err;
	struct qmi_val *v = lvalue(m, path, &err);
	return v ? make_array(m, v, n) : NULL;
}

static struct qmi_val *member(struct qmi_msg *m, struct qmi_val *v, const char *name)
{
	if (v->f->fmt != QF_STRUCT) {
		/* an array of scalars: the element itself */
		if (!name || !*name || !strcmp(name, qmi_field_name(v->f)))
			return v;
		ERRF(m, CL_E_UNKNOWN_FIELD, "'%s' has no members", qmi_field_name(v->f));
		return NULL;
	}
	struct qmi_val *r = (struct qmi_val *)qmi_val_member(v, name);
	if (!r)
		ERRF(m, CL_E_UNKNOWN_FIELD, "no member '%s' in '%s'", name, qmi_field_name(v->f));
	return r;
}

int qmi_val_set_uint(struct qmi_msg *m, struct qmi_val *v, const char *name, uint64_t x)
{
	struct qmi_val *t = member(m, v, name);
	return t ? set_uint_val(m, t, x) : CL_E_UNKNOWN_FIELD;
}

int qmi_val_set_str(struct qmi_msg *m, struct qmi_val *v, const char *name, const char *s)
{
	struct qmi_val *t = member(m, v, name);
	return t ? set_bytes_val(m, t, s, strlen(s)) : CL_E_UNKNOWN_FIELD;
}

int qmi_val_set_int(struct qmi_msg *m, struct qmi_val *v, const char *name, int64_t x)
{
	return qmi_val_set_uint(m, v, name, (uint64_t)x);
}

int qmi_val_set_bytes(struct qmi_msg *m, struct qmi_val *v, const char *name, const uint8_t *p, size_t n)
{
	struct qmi_val *t = member(m, v, name);
	return t ? set_bytes_val(m, t, p, n) : CL_E_UNKNOWN_FIELD;
}

struct qmi_val *qmi_val_set_array(struct qmi_msg *m, struct qmi_val *v, const char *name, unsigned n)
{
	struct qmi_val *t = member(m, v, name);
	return t ? make_array(m, t, n) : NULL;
}

int qmi_add_raw(struct qmi_msg *m, uint8_t id, const uint8_t *p, size_t n)
{
	if (m->n_tlv == QMI_MAX_TLVS)
		return qmi_no_tlv_room(m);
	if (n > 0xffff)
		return ERRF(m, CL_E_BAD_VALUE, "TLV too long");
	const uint8_t *d = copy_bytes(m, p, n);
	if (!d && n)
		return ERRF(m, CL_E_NO_SPACE, "message byte storage is full");
	struct qmi_tlv *t = &m->tlv[m->n_tlv++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->raw = d;
	t->len = (uint16_t)n;
	return 0;
}

/* Parses a number with optional sign, decimal or 0x hex. */
static int parse_num(const char *s, bool sign, uint64_t *out)
{
	char *end;
	errno = 0;
	if (sign && *s == '-') {
		long long v = strtoll(s, &end, 0);
		*out = (uint64_t)v;
	} else {
		if (*s == '-')
			return -1;
		*out = strtoull(s, &end, 0);
	}
	return errno || end == s || *end ? -1 : 0;
}

static int parse_enum_text(const struct qmi_enum *e, const char *text, uint64_t *out)
{
	uint32_t v;
	if (!e->is_flags)
		return qmi_enum_value(e, text, &v) ? -1 : (*out = v, 0);
	/* flags: names joined by '|' or ',' */
	uint64_t acc = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *save = NULL, *tok = strtok_r(buf, "|,", &save); tok; tok = strtok_r(NULL, "|,", &save)) {
		uint64_t n;
		if (!qmi_enum_value(e, tok, &v))
			acc |= v;
		else if (!parse_num(tok, false, &n))
			acc |= n;
		else
			return -1;
	}
	*out = acc;
	return 0;
}

static int set_text_val(struct qmi_msg *m, struct qmi_val *v, const char *text);

/* An array of scalars from "a,b,c". */
static int set_text_array(struct qmi_msg *m, struct qmi_val *v, const char *text)
{
	const struct qmi_field *el = &qmi_field_sub(v->f)[0];
	if (el->fmt == QF_STRUCT || el->fmt == QF_ARRAY)
		return ERRF(m, CL_E_BAD_VALUE, "'%s' is an array of structs: not settable as text", qmi_field_name(v->f));
	unsigned n = *text ? 1 : 0;
	for (const char *c = text; *c; c++)
		n += *c == ',';
	if (v->f->fixed && n != v->f->fixed)
		return ERRF(m, CL_E_BAD_VALUE, "'%s' takes %u values", qmi_field_name(v->f), v->f->fixed);
	struct qmi_val *k = nodes(m, n);
	if (!k && n)
		return qmi_no_room(m);
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", text);
	char *save = NULL, *tok = strtok_r(buf, ",", &save);
	for (unsigned i = 0; i < n; i++, tok = strtok_r(NULL, ",", &save)) {
		zero_val(m, &k[i], el);
		int r = set_text_val(m, &k[i], tok ? tok : "");
		if (r)
			return r;
	}
	v->kids = k;
	v->n = n;
	return 0;
}

int qmi_set_text(struct qmi_msg *m, const char *path, const char *text)
{
	int err;
	struct qmi_val *v = lvalue(m, path, &err);
	if (!v)
		return err;
	return set_text_val(m, v, text);
}

static int set_text_val(struct qmi_msg *m, struct qmi_val *v, const char *text)
{
	const struct qmi_field *f = v->f;
	uint64_t n;
	switch (f->fmt) {
	case QF_STRING:
		return set_bytes_val(m, v, text, strlen(text));
	case QF_BYTES: {
		uint8_t buf[512];
		int r = hex_decode(text, strlen(text), buf, sizeof(buf));
		if (r < 0)
			return ERRF(m, CL_E_BAD_VALUE, "'%s' takes hex bytes", qmi_field_name(f));
		return set_bytes_val(m, v, buf, (size_t)r);
	}
	case QF_IPV4: {
		struct in_addr a;
		if (inet_pton(AF_INET, text, &a) != 1)
			return ERRF(m, CL_E_BAD_VALUE, "'%s' takes an IPv4 address", qmi_field_name(f));
		v->u = ntohl(a.s_addr);
		return 0;
	}
	case QF_IPV6: {
		uint8_t a[16];
		if (inet_pton(AF_INET6, text, a) != 1)
			return ERRF(m, CL_E_BAD_VALUE, "'%s' takes an IPv6 address", qmi_field_name(f));
		return set_bytes_val(m, v, a, 16);
	}
	case QF_BOOL:
		if (!strcmp(text, "true") || !strcmp(text, "yes") || !strcmp(text, "1"))
			v->u = 1;
		else if (!strcmp(text, "false") || !strcmp(text, "no") || !strcmp(text, "0"))
			v->u = 0;
		else
			return ERRF(m, CL_E_BAD_VALUE, "'%s' takes true or false", qmi_field_name(f));
		return 0;
	case QF_ARRAY:
		return set_text_array(m, v, text);
	case QF_STRUCT:
		return ERRF(m, CL_E_BAD_VALUE, "'%s' has parts: name a member (%s.NAME)", qmi_field_name(f), qmi_field_name(f));
	default:
		break;
	}
	bool sign = f->fmt >= QF_I8 && f->fmt <= QF_I64;
	if (qmi_field_enum(f) && !parse_enum_text(qmi_field_enum(f), text, &n)) {
		if (sign)       /* enum tables hold signed values as 32-bit patterns */
			n = (uint64_t)(int64_t)(int32_t)(uint32_t)n;
	} else if (parse_num(text, sign, &n)) {
		return ERRF(m, CL_E_BAD_VALUE, "'%s' does not take '%s'", qmi_field_name(f), text);
	}
	unsigned bits = f->fmt == QF_U8 || f->fmt == QF_I8 ? 8 : f->fmt == QF_U16 || f->fmt == QF_I16 ? 16
		      : f->fmt == QF_U32 || f->fmt == QF_I32 ? 32 : 64;
	if (bits < 64) {
		int64_t s = (int64_t)n;
		bool ok = sign ? s >= -(INT64_C(1) << (bits - 1)) && s < (INT64_C(1) << (bits - 1))
			       : n < (UINT64_C(1) << bits);
		if (!ok)
			return ERRF(m, CL_E_BAD_VALUE, "'%s': %s does not fit in %u bits", qmi_field_name(f), text, bits);
	}
	v->u = n;
	return 0;
}

/* ---- typed access by field handles ---- */

_Static_assert(sizeof(struct qmi_fh) <= 16, "a field handle no longer fits two registers");

const char *qmi_fh_path(struct qmi_fh h, char *buf, size_t cap)
{
	const struct qmi_service_def *svc = h.elem ? NULL : qmi_service_by_id(h.svc);
	const struct qmi_msg_def *d = svc && h.kind < QMI_KINDS ?
		qmi_msg_by_id(svc, h.msg, (enum qmi_kind)h.kind) : NULL;
	const struct qmi_field *f = d ? qmi_msg_tlvs(d, (enum qmi_kind)h.kind) : NULL;
	if (!f || !h.depth || h.depth > QMI_FH_MAX_DEPTH || h.idx[0] >= count_fields(f)) {
		snprintf(buf, cap, "%s", qmi_names + h.name);
		return buf;
	}
	f = &f[h.idx[0]];
	size_t n = (size_t)snprintf(buf, cap, "%s", qmi_field_name(f));
	for (unsigned k = 1; k < h.depth; k++) {
		if (f->fmt != QF_STRUCT || h.idx[k] >= f->n_sub) {
			snprintf(buf, cap, "%s", qmi_names + h.name);
			return buf;
		}
		f = &qmi_field_sub(f)[h.idx[k]];
		n += (size_t)snprintf(buf + (n < cap ? n : cap), n < cap ? cap - n : 0, ".%s", qmi_field_name(f));
	}
	return buf;
}

/* Resolves a handle against m's message table. */
static int resolve_fh(struct qmi_msg *m, const struct qmi_fh *h, struct path *out)
{
	char pb[160];
	if (h->elem)
		return ERRF(m, CL_E_UNKNOWN_FIELD, "'%s' is a member of an array element", qmi_names + h->name);
	if (m->service != h->svc || m->id != h->msg || m->kind != h->kind)
		return ERRF(m, CL_E_UNKNOWN_FIELD,
			    "field '%s' of message 0x%02x/0x%04x/%u used on message 0x%02x/0x%04x/%u",
			    qmi_fh_path(*h, pb, sizeof(pb)), h->svc, h->msg, h->kind, m->service, m->id, m->kind);
	const struct qmi_field *tlvs = m->def ? qmi_msg_tlvs(m->def, m->kind) : NULL;
	if (!tlvs)
		return ERRF(m, CL_E_UNKNOWN_MESSAGE, "message 0x%04x is not in the tables", m->id);
	if (h->depth == 0 || h->depth > MAX_DEPTH + 1 || h->idx[0] >= count_fields(tlvs))
		return ERRF(m, CL_E_UNKNOWN_FIELD, "handle '%s' does not match the tables", qmi_names + h->name);
	memset(out, 0, sizeof(*out));
	out->tlv = &tlvs[h->idx[0]];
	const struct qmi_field *f = out->tlv;
	for (unsigned d = 1; d < h->depth; d++) {
		if (f->fmt != QF_STRUCT || h->idx[d] >= f->n_sub)
			return ERRF(m, CL_E_UNKNOWN_FIELD, "handle '%s' does not match the tables",
				    qmi_names + h->name);
		out->idx[out->depth++] = h->idx[d];
		f = &qmi_field_sub(f)[h->idx[d]];
	}
	out->leaf = f;
	if (f->name != h->name)
		return ERRF(m, CL_E_UNKNOWN_FIELD, "handle '%s' names '%s' in the tables: qmi/fields.h is stale",
			    qmi_names + h->name, qmi_field_name(f));
	return 0;
}

static struct qmi_val *lvalue_fh(struct qmi_msg *m, const struct qmi_fh *h, int *err)
{
	struct path p;
	if ((*err = resolve_fh(m, h, &p)))
		return NULL;
	return lvalue_at(m, &p, err);
}

int qmi_fset_uint(struct qmi_msg *m, struct qmi_fh h, uint64_t x)
{
	int err;
	struct qmi_val *v = lvalue_fh(m, &h, &err);
	return v ? set_uint_val(m, v, x) : err;
}

int qmi_fset_int(struct qmi_msg *m, struct qmi_fh h, int64_t x)
{
	return qmi_fset_uint(m, h, (uint64_t)x);
}

int qmi_fset_str(struct qmi_msg *m, struct qmi_fh h, const char *s)
{
	int err;
	struct qmi_val *v = lvalue_fh(m, &h, &err);
	return v ? set_bytes_val(m, v, s, strlen(s)) : err;
}

int qmi_fset_bytes(struct qmi_msg *m, struct qmi_fh h, const uint8_t *p, size_t n)
{
	int err;
	struct qmi_val *v = lvalue_fh(m, &h, &err);
	return v ? set_bytes_val(m, v, p, n) : err;
}

int qmi_fset_text(struct qmi_msg *m, struct qmi_fh h, const char *text)
{
	int err;
	struct qmi_val *v = lvalue_fh(m, &h, &err);
	return v ? set_text_val(m, v, text) : err;
}

struct qmi_val *qmi_fset_array(struct qmi_msg *m, struct qmi_fh h, unsigned n)
{
	int err;
	struct qmi_val *v = lvalue_fh(m, &h, &err);
	return v ? make_array(m, v, n) : NULL;
}

static int find_fh(const struct qmi_msg *m, const struct qmi_fh *h, const struct qmi_val **out)
{
	struct qmi_msg *mm = (struct qmi_msg *)m;  /* errtext only */
	struct path p;
	int r = resolve_fh(mm, h, &p);
	if (r)
		return r;
	struct qmi_tlv *t = tlv_by_def(m, p.tlv);
	if (!t)
		return ERRF(mm, CL_E_UNKNOWN_FIELD, "TLV '%s' is absent", qmi_field_name(p.tlv));
	*out = walk(&t->v, &p);
	char pb[160];
	return *out ? 0 : ERRF(mm, CL_E_UNKNOWN_FIELD, "'%s' is absent", qmi_fh_path(*h, pb, sizeof(pb)));
}

const struct qmi_val *qmi_fget(const struct qmi_msg *m, struct qmi_fh h)
{
	const struct qmi_val *v = NULL;
	return find_fh(m, &h, &v) ? NULL : v;
}

bool qmi_fhas(const struct qmi_msg *m, struct qmi_fh h)
{
	return qmi_fget(m, h) != NULL;
}

static int val_uint(const struct qmi_val *v, uint64_t *out)
{
	if (!is_int_fmt(v->f->fmt))
		return CL_E_BAD_VALUE;
	*out = v->u;
	return 0;
}

int qmi_fget_uint(const struct qmi_msg *m, struct qmi_fh h, uint64_t *out)
{
	const struct qmi_val *v;
	int r = find_fh(m, &h, &v);
	return r ? r : val_uint(v, out);
}

int qmi_fget_int(const struct qmi_msg *m, struct qmi_fh h, int64_t *out)
{
	/* signed values are stored sign-extended: the bits are the same */
	return qmi_fget_uint(m, h, (uint64_t *)out);
}

int qmi_fget_str(const struct qmi_msg *m, struct qmi_fh h, char *out, size_t cap)
{
	const struct qmi_val *v;
	int r = find_fh(m, &h, &v);
	if (r)
		return r;
	if (v->f->fmt != QF_STRING && v->f->fmt != QF_BYTES)
		return CL_E_BAD_VALUE;
	if (cap == 0)
		return CL_E_NO_SPACE;
	size_t n = v->n < cap - 1 ? v->n : cap - 1;
	memcpy(out, v->p, n);
	out[n] = 0;
	/* fixed-size strings are NUL padded */
	return (int)strlen(out);
}

/* The member of an array element a handle names, NULL when it is not
 * there or the handle is not of this element's kind. */
static struct qmi_val *elem_member(const struct qmi_val *el, const struct qmi_fh *h)
{
	if (!el || !el->f || !h->elem || h->depth > MAX_DEPTH)
		return NULL;
	struct qmi_val *v = (struct qmi_val *)el;
	for (unsigned d = 0; d < h->depth; d++) {
		if (v->f->fmt != QF_STRUCT || h->idx[d] >= v->n)
			return NULL;
		v = &v->kids[h->idx[d]];
	}
	return v->f->name != h->name ? NULL : v;
}

static struct qmi_val *elem_lvalue(struct qmi_msg *m, struct qmi_val *el, const struct qmi_fh *h)
{
	struct qmi_val *v = elem_member(el, h);
	if (!v)
		ERRF(m, CL_E_UNKNOWN_FIELD, "'%s' is not a member of this element", qmi_names + h->name);
	return v;
}

int qmi_eset_uint(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, uint64_t x)
{
	struct qmi_val *v = elem_lvalue(m, el, &h);
	return v ? set_uint_val(m, v, x) : CL_E_UNKNOWN_FIELD;
}

int qmi_eset_int(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, int64_t x)
{
	return qmi_eset_uint(m, el, h, (uint64_t)x);
}

int qmi_eset_str(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, const char *s)
{
	struct qmi_val *v = elem_lvalue(m, el, &h);
	return v ? set_bytes_val(m, v, s, strlen(s)) : CL_E_UNKNOWN_FIELD;
}

int qmi_eset_bytes(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, const uint8_t *p, size_t n)
{
	struct qmi_val *v = elem_lvalue(m, el, &h);
	return v ? set_bytes_val(m, v, p, n) : CL_E_UNKNOWN_FIELD;
}

struct qmi_val *qmi_eset_array(struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, unsigned n)
{
	struct qmi_val *v = elem_lvalue(m, el, &h);
	return v ? make_array(m, v, n) : NULL;
}

const struct qmi_val *qmi_eget(const struct qmi_val *el, struct qmi_fh h)
{
	return elem_member(el, &h);
}

int qmi_eget_uint(const struct qmi_val *el, struct qmi_fh h, uint64_t *out)
{
	const struct qmi_val *v = elem_member(el, &h);
	return v ? val_uint(v, out) : CL_E_UNKNOWN_FIELD;
}

int qmi_eget_int(const struct qmi_val *el, struct qmi_fh h, int64_t *out)
{
	return qmi_eget_uint(el, h, (uint64_t *)out);
}
