/* MBIM messages and the table-driven information buffer decoder and encoder. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "common/util.h"
#include "mbim/mbim.h"


__attribute__((format(printf, 3, 4)))
static int fail(struct mbim_msg *m, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->errtext, sizeof(m->errtext), fmt, ap);
	va_end(ap);
	return code;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Bytes a field takes in the fixed part; reference arrays add 8 per
 * element to the 4 given here. */
static size_t fixed_size(const struct mbim_field *f);

static size_t struct_fixed_size(const struct mbim_struct_def *d)
{
	size_t t = 0;
	for (unsigned i = 0; i < d->n; i++)
		t += fixed_size(&mbim_def_fields(d)[i]);
	return t;
}

static size_t fixed_size(const struct mbim_field *f)
{
	switch (f->kind) {
	case MK_U32: case MK_IPV4: case MK_OPT: case MK_REFARR: case MK_STRS: case MK_U32S: case MK_COUNT: return 4;
	case MK_U64: case MK_STR: case MK_ARR: case MK_RBYTES: return 8;
	case MK_UUID: case MK_IPV6: return 16;
	case MK_STRUCT: return struct_fixed_size(mbim_field_sub(f));
	default: return 0;
	}
}

/* A struct that has no variable part (elements of ARR and OPT, inline
 * structs). */
static bool is_fixed(const struct mbim_struct_def *d)
{
	for (unsigned i = 0; i < d->n; i++) {
		uint8_t k = mbim_def_fields(d)[i].kind;
		if (k == MK_STRUCT ? !is_fixed(mbim_field_sub(&mbim_def_fields(d)[i]))
				   : !(k == MK_U32 || k == MK_U64 || k == MK_UUID || k == MK_IPV4 || k == MK_IPV6))
			return false;
	}
	return true;
}

/* ---- decoder ---- */

static void *arena_alloc(struct mbim_msg *m, size_t n)
{
	size_t at = (m->arena_used + 7) & ~(size_t)7;
	if (at > sizeof(m->arena) || n > sizeof(m->arena) - at)
		return NULL;
	m->arena_used = at + n;
	memset(m->arena + at, 0, n);
	return m->arena + at;
}

static void put_utf8(uint8_t **o, uint32_t c)
{
	uint8_t *p = *o;
	if (c < 0x80) {
		*p++ = (uint8_t)c;
	} else if (c < 0x800) {
		*p++ = (uint8_t)(0xc0 | c >> 6);
		*p++ = (uint8_t)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*p++ = (uint8_t)(0xe0 | c >> 12);
		*p++ = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (uint8_t)(0x80 | (c & 0x3f));
	} else {
		*p++ = (uint8_t)(0xf0 | c >> 18);
		*p++ = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
		*p++ = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (uint8_t)(0x80 | (c & 0x3f));
	}
	*o = p;
}

/* UTF-16LE to UTF-8 in the arena. A lone surrogate becomes U+FFFD; the text
 * ends at the first NUL (some firmware counts a terminator in the size). */
static int dec_str(struct mbim_msg *m, const char *where, const uint8_t *p, uint32_t n, const char **out)
{
	if (n & 1)
		return fail(m, CL_E_BAD_LENGTH, "string '%s' has an odd size (%u bytes), UTF-16 needs pairs", where, n);
	uint8_t *s = arena_alloc(m, (size_t)n / 2 * 3 + 1), *o = s;
	if (!s)
		return fail(m, CL_E_TOO_MANY, "message has too much text");
	for (uint32_t i = 0; i < n; i += 2) {
		uint32_t c = (uint32_t)(p[i] | p[i + 1] << 8);
		if (c == 0)
			break;
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < n) {
			uint32_t d = (uint32_t)(p[i + 2] | p[i + 3] << 8);
			if (d >= 0xdc00 && d < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i += 2;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		}
		put_utf8(&o, c);
	}
	*o = 0;
	*out = (const char *)s;
	return 0;
}

struct dec {
	struct mbim_msg *m;
	const struct mbim_struct_def *top;
};

static int dec_struct(struct dec *d, const struct mbim_struct_def *def, const uint8_t *base,
		      size_t len, uint8_t *out, int depth);

/* An offset/size pair must stay inside the buffer it counts from. */
static int check_ref(struct dec *d, const struct mbim_field *f, uint32_t off, uint32_t size, size_t len)
{
	if (off > len || size > len - off)
		return fail(d->m, CL_E_OVERLONG,
			    "buffer '%s': field '%s' points at %u bytes from offset %u, the buffer has %zu",
			    mbim_def_name(d->top), mbim_field_name(f), size, off, len);
	return 0;
}

static int dec_elements(struct dec *d, const struct mbim_field *f, uint32_t count, size_t room,
			size_t esz, void **out)
{
	if (count == 0) {
		*out = NULL;
		return 0;
	}
	if (esz && (uint64_t)count * esz > room)
		return fail(d->m, CL_E_OVERLONG, "buffer '%s': array '%s' declares %u elements, %zu bytes hold them",
			    mbim_def_name(d->top), mbim_field_name(f), count, room);
	size_t each = f->kind == MK_STRS ? sizeof(char *) : mbim_field_sub(f)->size;
	if (count > sizeof(d->m->arena) / each || !(*out = arena_alloc(d->m, (size_t)count * each)))
		return fail(d->m, CL_E_TOO_MANY, "buffer '%s': array '%s' of %u elements is too large",
			    mbim_def_name(d->top), mbim_field_name(f), count);
	return 0;
}

static int dec_struct(struct dec *d, const struct mbim_struct_def *def, const uint8_t *base,
		      size_t len, uint8_t *out, int depth)
{
	size_t pos = 0;
	uint32_t count_ahead = 0;       /* the last COUNT, for the REFLIST after it */
	int r;
	if (depth > 4)
		return fail(d->m, CL_E_TOO_MANY, "buffer '%s' nests too deep", mbim_def_name(d->top));
	for (unsigned i = 0; i < def->n; i++) {
		const struct mbim_field *f = &mbim_def_fields(def)[i];
		uint8_t *dst = out + f->offset;
		size_t need = fixed_size(f);
		if (need > len - pos)
			return fail(d->m, CL_E_TRUNCATED,
				    "buffer '%s': field '%s' needs %zu bytes at offset %zu, the buffer has %zu",
				    mbim_def_name(d->top), mbim_field_name(f), need, pos, len);
		const uint8_t *p = base + pos;
		switch (f->kind) {
		case MK_U32: case MK_COUNT: {
			uint32_t v = cl_get_le32(p);
			memcpy(dst, &v, 4);
			if (f->kind == MK_COUNT)
				count_ahead = v;
			break;
		}
		case MK_U64: {
			uint64_t v = cl_get_le32(p) | (uint64_t)cl_get_le32(p + 4) << 32;
			memcpy(dst, &v, 8);
			break;
		}
		case MK_UUID: case MK_IPV4: case MK_IPV6:
			memcpy(dst, p, need);
			break;
		case MK_STR: {
			uint32_t off = cl_get_le32(p), size = cl_get_le32(p + 4);
			const char *s = "";
			if (size && ((r = check_ref(d, f, off, size, len)) ||
				     (r = dec_str(d->m, mbim_field_name(f), base + off, size, &s))))
				return r;
			memcpy(dst, &s, sizeof(s));
			break;
		}
		case MK_RBYTES: {
			uint32_t off = cl_get_le32(p), size = cl_get_le32(p + 4);
			struct mbim_bytes b = { NULL, 0 };
			if (size) {
				if ((r = check_ref(d, f, off, size, len)))
					return r;
				b.p = base + off;
				b.n = size;
			}
			memcpy(dst, &b, sizeof(b));
			break;
		}
		case MK_BYTES: {
			struct mbim_bytes b = { len > pos ? p : NULL, (uint32_t)(len - pos) };
			memcpy(dst, &b, sizeof(b));
			need = len - pos;
			break;
		}
		case MK_STRUCT:
			/* one with a variable part takes the rest of the buffer */
			if (!is_fixed(mbim_field_sub(f)))
				need = len - pos;
			if ((r = dec_struct(d, mbim_field_sub(f), p, need, dst, depth + 1)))
				return r;
			break;
		case MK_ARR: case MK_OPT: {
			uint32_t count = f->kind == MK_ARR ? cl_get_le32(p) : 1;
			uint32_t off = f->kind == MK_ARR ? cl_get_le32(p + 4) : cl_get_le32(p);
			size_t esz = struct_fixed_size(mbim_field_sub(f));
			void *v = NULL;
			if (f->kind == MK_OPT && off == 0) {
				memcpy(dst, &v, sizeof(v));
				break;
			}
			if (count && off > len)
				return fail(d->m, CL_E_OVERLONG, "buffer '%s': field '%s' points at offset %u, the buffer has %zu",
					    mbim_def_name(d->top), mbim_field_name(f), off, len);
			if ((r = dec_elements(d, f, count, len - (count ? off : 0), esz, &v)))
				return r;
			for (uint32_t k = 0; k < count; k++)
				if ((r = dec_struct(d, mbim_field_sub(f), base + off + k * esz, esz,
						    (uint8_t *)v + k * mbim_field_sub(f)->size, depth + 1)))
					return r;
			if (f->kind == MK_ARR) {
				struct { uint32_t n; void *v; } a = { count, v };
				memcpy(dst, &a, sizeof(a));
			} else {
				memcpy(dst, &v, sizeof(v));
			}
			break;
		}
		case MK_U32S: {
			uint32_t count = cl_get_le32(p);
			uint32_t *v = NULL;
			if ((uint64_t)count * 4 > len - pos - 4)
				return fail(d->m, CL_E_OVERLONG, "buffer '%s': '%s' declares %u values, %zu bytes follow",
					    mbim_def_name(d->top), mbim_field_name(f), count, len - pos - 4);
			if (count && !(v = arena_alloc(d->m, (size_t)count * 4)))
				return fail(d->m, CL_E_TOO_MANY, "buffer '%s': '%s' is too large", mbim_def_name(d->top), mbim_field_name(f));
			for (uint32_t k = 0; k < count; k++)
				v[k] = cl_get_le32(p + 4 + 4 * k);
			struct mbim_u32s a = { count, v };
			memcpy(dst, &a, sizeof(a));
			need = 4 + (size_t)count * 4;
			break;
		}
		case MK_REFARR: case MK_STRS: case MK_REFLIST: {
			/* REFLIST: the pairs start here, counted by the COUNT before */
			size_t at = f->kind == MK_REFLIST ? 0 : 4;
			uint32_t count = f->kind == MK_REFLIST ? count_ahead : cl_get_le32(p);
			void *v = NULL;
			if ((uint64_t)count * 8 > len - pos - at)
				return fail(d->m, CL_E_OVERLONG,
					    "buffer '%s': '%s' declares %u references, %zu bytes follow",
					    mbim_def_name(d->top), mbim_field_name(f), count, len - pos - at);
			if ((r = dec_elements(d, f, count, len, 0, &v)))
				return r;
			for (uint32_t k = 0; k < count; k++) {
				uint32_t off = cl_get_le32(p + at + 8 * k), size = cl_get_le32(p + at + 4 + 8 * k);
				if ((r = check_ref(d, f, off, size, len)))
					return r;
				if (f->kind == MK_STRS) {
					const char *s = "";
					if (size && (r = dec_str(d->m, mbim_field_name(f), base + off, size, &s)))
						return r;
					((const char **)v)[k] = s;
				} else if ((r = dec_struct(d, mbim_field_sub(f), base + off, size,
							   (uint8_t *)v + k * mbim_field_sub(f)->size, depth + 1))) {
					return r;
				}
			}
			struct { uint32_t n; void *v; } a = { count, v };
			memcpy(dst, &a, sizeof(a));
			need = at + (size_t)count * 8;
			break;
		}
		default:
			return fail(d->m, CL_E_PROTOCOL, "bad field kind %u in table '%s'", f->kind, mbim_def_name(def));
		}
		pos += need;
	}
	return 0;
}

int mbim_decode_buffer(struct mbim_msg *m, const struct mbim_struct_def *def,
		       const uint8_t *buf, size_t len, const void **out)
{
	uint8_t *s = arena_alloc(m, def->size ? def->size : 1);
	if (!s)
		return fail(m, CL_E_TOO_MANY, "message too large to decode");
	struct dec d = { m, def };
	int r = dec_struct(&d, def, buf, len, s, 0);
	if (r)
		return r;
	*out = s;
	return 0;
}

static const char *type_name(uint32_t t)
{
	return mbim_enum_sym(MBIM_ENUM(MESSAGE_TYPE), t);
}

int mbim_msg_len(const uint8_t *buf, size_t len)
{
	if (len < MBIM_HDR_LEN)
		return 0;
	uint32_t l = cl_get_le32(buf + 4);
	if (l < MBIM_HDR_LEN || l > MBIM_MAX_MSG)
		return CL_E_BAD_LENGTH;
	return (int)l;
}

bool mbim_looks_like(const uint8_t *buf, size_t len)
{
	return len >= MBIM_HDR_LEN && cl_get_le32(buf + 4) == len && type_name(cl_get_le32(buf)) != NULL;
}

int mbim_decode(struct mbim_msg *m, const uint8_t *msg, size_t len, unsigned flags)
{
	m->svc = NULL;
	m->cid_def = NULL;
	m->buf_def = NULL;
	m->buf = NULL;
	m->buf_len = 0;
	m->body = NULL;
	m->arena_used = 0;
	m->errtext[0] = 0;
	m->status = m->error = m->max_control_transfer = m->cid = m->command_type = 0;
	m->frag_total = m->frag_current = 0;
	memset(&m->service, 0, sizeof(m->service));
	if (len < MBIM_HDR_LEN)
		return fail(m, CL_E_TRUNCATED, "%zu bytes, the MBIM header alone is 12", len);
	m->type = cl_get_le32(msg);
	m->length = cl_get_le32(msg + 4);
	m->txn = cl_get_le32(msg + 8);
	if (m->length > len)
		return fail(m, CL_E_TRUNCATED, "header says %u bytes, only %zu came", m->length, len);
	if (m->length < len)
		return fail(m, CL_E_TRAILING, "header says %u bytes, %zu came", m->length, len);
	const char *tn = type_name(m->type);
	if (!tn)
		return fail(m, CL_E_PROTOCOL, "unknown message type 0x%08x", m->type);
	size_t want = 0, min = 0;
	switch (m->type) {
	case MBIM_MESSAGE_TYPE_CLOSE: want = 12; break;
	case MBIM_MESSAGE_TYPE_OPEN: case MBIM_MESSAGE_TYPE_OPEN_DONE: case MBIM_MESSAGE_TYPE_CLOSE_DONE:
	case MBIM_MESSAGE_TYPE_HOST_ERROR: case MBIM_MESSAGE_TYPE_FUNCTION_ERROR:
		want = 16;
		break;
	case MBIM_MESSAGE_TYPE_COMMAND: case MBIM_MESSAGE_TYPE_COMMAND_DONE: min = 48; break;
	default: min = 44; break;   /* INDICATE_STATUS */
	}
	if (want && len != want)
		return fail(m, len < want ? CL_E_TRUNCATED : CL_E_TRAILING, "%s has %zu bytes, not %zu", tn, len, want);
	if (want) {
		uint32_t v = len > 12 ? cl_get_le32(msg + 12) : 0;
		if (m->type == MBIM_MESSAGE_TYPE_OPEN)
			m->max_control_transfer = v;
		else if (m->type == MBIM_MESSAGE_TYPE_OPEN_DONE || m->type == MBIM_MESSAGE_TYPE_CLOSE_DONE)
			m->status = v;
		else
			m->error = v;
		return 0;
	}
	if (len < MBIM_HDR_LEN + MBIM_FRAG_HDR_LEN)
		return fail(m, CL_E_TRUNCATED, "%s of %zu bytes has no fragment header", tn, len);
	m->frag_total = cl_get_le32(msg + 12);
	m->frag_current = cl_get_le32(msg + 16);
	if (m->frag_total != 1 || m->frag_current != 0)
		return fail(m, CL_E_PROTOCOL, "%s is fragment %u of %u: reassemble the fragments first",
			    tn, m->frag_current, m->frag_total);
	if (len < min)
		return fail(m, CL_E_TRUNCATED, "%s has %zu bytes, its header alone is %zu", tn, len, min);
	memcpy(m->service.b, msg + 20, 16);
	m->cid = cl_get_le32(msg + 36);
	if (m->type == MBIM_MESSAGE_TYPE_COMMAND)
		m->command_type = cl_get_le32(msg + 40);
	else if (m->type == MBIM_MESSAGE_TYPE_COMMAND_DONE)
		m->status = cl_get_le32(msg + 40);
	m->buf_len = cl_get_le32(msg + min - 4);
	m->buf = msg + min;
	if (m->buf_len != len - min)
		return fail(m, m->buf_len > len - min ? CL_E_OVERLONG : CL_E_TRAILING,
			    "information buffer declares %u bytes, %zu follow", m->buf_len, len - min);
	if (m->type == MBIM_MESSAGE_TYPE_COMMAND && m->command_type > 1)
		return fail(m, CL_E_PROTOCOL, "command type %u is neither query (0) nor set (1)", m->command_type);
	m->svc = mbim_service_by_uuid(&m->service);
	m->cid_def = mbim_cid(m->svc, m->cid);
	if (!m->cid_def)
		return 0;
	const struct mbim_struct_def *def;
	if (m->type == MBIM_MESSAGE_TYPE_COMMAND)
		def = m->command_type ? mbim_cid_buf(m->cid_def, MBIM_DIR_SET) : mbim_cid_buf(m->cid_def, MBIM_DIR_QUERY);
	else if (m->type == MBIM_MESSAGE_TYPE_COMMAND_DONE)
		def = mbim_cid_buf(m->cid_def, MBIM_DIR_RESPONSE);
	else
		def = mbim_cid_buf(m->cid_def, MBIM_DIR_NOTIFY);
	/* a failed command usually comes back without a buffer */
	if (def == &mbim_none_def || (m->buf_len == 0 && m->type == MBIM_MESSAGE_TYPE_COMMAND_DONE && m->status))
		return 0;
	int r = mbim_decode_buffer(m, def, m->buf, m->buf_len, &m->body);
	if (r) {
		m->body = NULL;
		m->arena_used = 0;
		if (!(flags & MBIM_DECODE_LENIENT))
			return r;
		return 0;
	}
	m->buf_def = def;
	return 0;
}

const void *mbim_body(const struct mbim_msg *m, const struct mbim_struct_def *def)
{
	return m->buf_def == def ? m->body : NULL;
}

/* ---- encoder ---- */

struct enc {
	uint8_t *out;
	size_t cap;
};

/* UTF-8 to UTF-16LE at out; returns the byte count or a negative error. */
static int enc_str(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	const uint8_t *p = (const uint8_t *)s;
	while (*p) {
		uint32_t c;
		unsigned more;
		if (*p < 0x80) { c = *p; more = 0; }
		else if ((*p & 0xe0) == 0xc0) { c = *p & 0x1f; more = 1; }
		else if ((*p & 0xf0) == 0xe0) { c = *p & 0x0f; more = 2; }
		else if ((*p & 0xf8) == 0xf0) { c = *p & 0x07; more = 3; }
		else return CL_E_BAD_VALUE;
		p++;
		for (unsigned k = 0; k < more; k++, p++) {
			if ((*p & 0xc0) != 0x80)
				return CL_E_BAD_VALUE;
			c = c << 6 | (*p & 0x3f);
		}
		if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
			return CL_E_BAD_VALUE;
		size_t units = c >= 0x10000 ? 2 : 1;
		if (cap - n < units * 2)
			return CL_E_NO_SPACE;
		if (c >= 0x10000) {
			c -= 0x10000;
			uint32_t hi = 0xd800 + (c >> 10), lo = 0xdc00 + (c & 0x3ff);
			out[n++] = (uint8_t)hi;
			out[n++] = (uint8_t)(hi >> 8);
			out[n++] = (uint8_t)lo;
			out[n++] = (uint8_t)(lo >> 8);
		} else {
			out[n++] = (uint8_t)c;
			out[n++] = (uint8_t)(c >> 8);
		}
	}
	return (int)n;
}

static size_t fixed_size_of(const struct mbim_struct_def *def, const uint8_t *body)
{
	size_t t = 0;
	for (unsigned i = 0; i < def->n; i++) {
		const struct mbim_field *f = &mbim_def_fields(def)[i];
		t += fixed_size(f);
		if (f->kind == MK_REFARR || f->kind == MK_STRS || f->kind == MK_U32S || f->kind == MK_REFLIST) {
			uint32_t n;
			memcpy(&n, body + f->offset, 4);
			t += (size_t)n * (f->kind == MK_U32S ? 4 : 8);
		}
	}
	return t;
}

/* Encodes a struct at out[0..cap): fixed part, then the variable part in
 * field order, each item 4-byte aligned. Returns the bytes used. */
static int enc_struct(const struct mbim_struct_def *def, const uint8_t *body, uint8_t *out, size_t cap)
{
	size_t fixed = fixed_size_of(def, body);
	size_t pos = 0, var = fixed;
	if (fixed > cap)
		return CL_E_NO_SPACE;
	memset(out, 0, fixed);
	for (unsigned i = 0; i < def->n; i++) {
		const struct mbim_field *f = &mbim_def_fields(def)[i];
		const uint8_t *src = body + f->offset;
		uint8_t *p = out + pos;
		size_t need = fixed_size(f);
		int r;
		switch (f->kind) {
		case MK_U32: {
			uint32_t v;
			memcpy(&v, src, 4);
			cl_put_le32(p, v);
			break;
		}
		case MK_COUNT: {
			/* the count of the REFLIST that follows, whatever the member says */
			uint32_t v = 0;
			for (unsigned j = i + 1; j < def->n; j++)
				if (mbim_def_fields(def)[j].kind == MK_REFLIST) {
					memcpy(&v, body + mbim_def_fields(def)[j].offset, 4);
					break;
				}
			cl_put_le32(p, v);
			break;
		}
		case MK_U64: {
			uint64_t v;
			memcpy(&v, src, 8);
			cl_put_le32(p, (uint32_t)v);
			cl_put_le32(p + 4, (uint32_t)(v >> 32));
			break;
		}
		case MK_UUID: case MK_IPV4: case MK_IPV6:
			memcpy(p, src, need);
			break;
		case MK_STR: {
			const char *s;
			memcpy(&s, src, sizeof(s));
			if (!s || !*s)
				break;
			if ((r = enc_str(s, out + var, cap - var)) < 0)
				return r;
			cl_put_le32(p, (uint32_t)var);
			cl_put_le32(p + 4, (uint32_t)r);
			size_t end = pad4(var + (size_t)r);
			if (end > cap)
				return CL_E_NO_SPACE;
			memset(out + var + r, 0, end - var - (size_t)r);
			var = end;
			break;
		}
		case MK_RBYTES: {
			struct mbim_bytes b;
			memcpy(&b, src, sizeof(b));
			if (!b.n)
				break;
			if (!b.p)
				return CL_E_BAD_VALUE;
			if (b.n > cap - var)
				return CL_E_NO_SPACE;
			memcpy(out + var, b.p, b.n);
			cl_put_le32(p, (uint32_t)var);
			cl_put_le32(p + 4, b.n);
			size_t end = pad4(var + b.n);
			if (end > cap)
				return CL_E_NO_SPACE;
			memset(out + var + b.n, 0, end - var - b.n);
			var = end;
			break;
		}
		case MK_BYTES: {
			struct mbim_bytes b;
			memcpy(&b, src, sizeof(b));
			if (i + 1 != def->n || var != fixed)
				return CL_E_PROTOCOL;   /* only as the last field */
			if (b.n > cap - pos)
				return CL_E_NO_SPACE;
			if (b.n)
				memcpy(p, b.p, b.n);
			need = b.n;
			var = pos + b.n;
			break;
		}
		case MK_STRUCT:
			if (!is_fixed(mbim_field_sub(f))) {
				/* only as the last field: it takes the rest */
				if (i + 1 != def->n || var != fixed)
					return CL_E_PROTOCOL;
				if ((r = enc_struct(mbim_field_sub(f), src, p, cap - pos)) < 0)
					return r;
				need = (size_t)r;
				var = pos + (size_t)r;
				break;
			}
			if ((r = enc_struct(mbim_field_sub(f), src, p, need)) < 0)
				return r;
			break;
		case MK_ARR: case MK_OPT: {
			struct { uint32_t n; const uint8_t *v; } a;
			if (f->kind == MK_ARR) {
				memcpy(&a, src, sizeof(a));
			} else {
				memcpy(&a.v, src, sizeof(a.v));
				a.n = a.v != NULL;
			}
			if (!is_fixed(mbim_field_sub(f)))
				return CL_E_PROTOCOL;
			if (f->kind == MK_ARR)
				cl_put_le32(p, a.n);
			if (!a.n)
				break;
			if (!a.v)
				return CL_E_BAD_VALUE;
			cl_put_le32(f->kind == MK_ARR ? p + 4 : p, (uint32_t)var);
			size_t esz = struct_fixed_size(mbim_field_sub(f));
			for (uint32_t k = 0; k < a.n; k++) {
				if (esz > cap - var)
					return CL_E_NO_SPACE;
				if ((r = enc_struct(mbim_field_sub(f), a.v + (size_t)k * mbim_field_sub(f)->size, out + var, esz)) < 0)
					return r;
				var += esz;
			}
			break;
		}
		case MK_U32S: {
			struct mbim_u32s a;
			memcpy(&a, src, sizeof(a));
			if (a.n && !a.v)
				return CL_E_BAD_VALUE;
			cl_put_le32(p, a.n);
			for (uint32_t k = 0; k < a.n; k++)
				cl_put_le32(p + 4 + 4 * k, a.v[k]);
			need = 4 + (size_t)a.n * 4;
			break;
		}
		case MK_REFARR: case MK_STRS: case MK_REFLIST: {
			struct { uint32_t n; const uint8_t *v; } a;
			memcpy(&a, src, sizeof(a));
			size_t at = f->kind == MK_REFLIST ? 0 : 4;
			if (at)
				cl_put_le32(p, a.n);
			need = at + (size_t)a.n * 8;
			if (a.n && !a.v)
				return CL_E_BAD_VALUE;
			for (uint32_t k = 0; k < a.n; k++) {
				if (f->kind == MK_STRS) {
					const char *s = ((const char *const *)(const void *)a.v)[k];
					if (!s || !*s)
						continue;
					if ((r = enc_str(s, out + var, cap - var)) < 0)
						return r;
				} else if ((r = enc_struct(mbim_field_sub(f), a.v + (size_t)k * mbim_field_sub(f)->size, out + var,
							   cap - var)) < 0) {
					return r;
				}
				cl_put_le32(p + at + 8 * k, (uint32_t)var);
				cl_put_le32(p + at + 4 + 8 * k, (uint32_t)r);
				size_t end = pad4(var + (size_t)r);
				if (end > cap)
					return CL_E_NO_SPACE;
				memset(out + var + r, 0, end - var - (size_t)r);
				var = end;
			}
			break;
		}
		default:
			return CL_E_PROTOCOL;
		}
		pos += need;
	}
	return (int)(var > pos ? var : pos);
}

int mbim_encode_buffer(uint8_t *out, size_t cap, const struct mbim_struct_def *def, const void *body)
{
	if (def == &mbim_none_def)
		return CL_E_BAD_KIND;
	if (def == &mbim_empty_def || !def->n)
		return 0;
	if (cap > MBIM_MAX_MSG)
		cap = MBIM_MAX_MSG;
	return enc_struct(def, body, out, cap);
}

static int hdr(uint8_t *out, size_t cap, uint32_t type, uint32_t txn, size_t len)
{
	if (cap < len)
		return CL_E_NO_SPACE;
	cl_put_le32(out, type);
	cl_put_le32(out + 4, (uint32_t)len);
	cl_put_le32(out + 8, txn);
	return (int)len;
}

int mbim_encode_open(uint8_t *out, size_t cap, uint32_t txn, uint32_t max_control_transfer)
{
	int r = hdr(out, cap, MBIM_MESSAGE_TYPE_OPEN, txn, 16);
	if (r > 0)
		cl_put_le32(out + 12, max_control_transfer);
	return r;
}

int mbim_encode_close(uint8_t *out, size_t cap, uint32_t txn)
{
	return hdr(out, cap, MBIM_MESSAGE_TYPE_CLOSE, txn, 12);
}

int mbim_encode_done(uint8_t *out, size_t cap, uint32_t type, uint32_t txn, uint32_t status)
{
	if (type != MBIM_MESSAGE_TYPE_OPEN_DONE && type != MBIM_MESSAGE_TYPE_CLOSE_DONE)
		return CL_E_BAD_KIND;
	int r = hdr(out, cap, type, txn, 16);
	if (r > 0)
		cl_put_le32(out + 12, status);
	return r;
}

int mbim_encode_error(uint8_t *out, size_t cap, uint32_t type, uint32_t txn, uint32_t code)
{
	if (type != MBIM_MESSAGE_TYPE_HOST_ERROR && type != MBIM_MESSAGE_TYPE_FUNCTION_ERROR)
		return CL_E_BAD_KIND;
	int r = hdr(out, cap, type, txn, 16);
	if (r > 0)
		cl_put_le32(out + 12, code);
	return r;
}

/* Writes the headers of a COMMAND, COMMAND_DONE or INDICATE_STATUS before a
 * buffer of n bytes already at out + header size. */
static int cmd_hdr(uint8_t *out, uint32_t type, uint32_t txn, const struct mbim_uuid *svc,
		   uint32_t cid, uint32_t type_or_status, size_t n)
{
	size_t h = type == MBIM_MESSAGE_TYPE_INDICATE_STATUS ? MBIM_IND_HDR_LEN : MBIM_CMD_HDR_LEN;
	if (h + n > MBIM_MAX_MSG)
		return CL_E_NO_SPACE;
	cl_put_le32(out, type);
	cl_put_le32(out + 4, (uint32_t)(h + n));
	cl_put_le32(out + 8, txn);
	cl_put_le32(out + 12, 1);
	cl_put_le32(out + 16, 0);
	memcpy(out + 20, svc->b, 16);
	cl_put_le32(out + 36, cid);
	if (type != MBIM_MESSAGE_TYPE_INDICATE_STATUS)
		cl_put_le32(out + 40, type_or_status);
	cl_put_le32(out + h - 4, (uint32_t)n);
	return (int)(h + n);
}

int mbim_encode_raw(uint8_t *out, size_t cap, uint32_t type, uint32_t txn,
		    const struct mbim_uuid *svc, uint32_t cid, uint32_t type_or_status,
		    const uint8_t *buf, size_t n)
{
	size_t h = type == MBIM_MESSAGE_TYPE_INDICATE_STATUS ? MBIM_IND_HDR_LEN : MBIM_CMD_HDR_LEN;
	if (type != MBIM_MESSAGE_TYPE_COMMAND && type != MBIM_MESSAGE_TYPE_COMMAND_DONE &&
	    type != MBIM_MESSAGE_TYPE_INDICATE_STATUS)
		return CL_E_BAD_KIND;
	if (cap < h || n > cap - h)
		return CL_E_NO_SPACE;
	if (n)
		memmove(out + h, buf, n);
	return cmd_hdr(out, type, txn, svc, cid, type_or_status, n);
}

static int encode_known(uint8_t *out, size_t cap, uint32_t type, uint32_t txn, enum mbim_service id,
			uint32_t cid, uint32_t type_or_status, const void *body)
{
	const struct mbim_service_def *svc = mbim_service(id);
	const struct mbim_cid_def *c = mbim_cid(svc, cid);
	if (!c)
		return CL_E_UNKNOWN_MESSAGE;
	const struct mbim_struct_def *def =
		type == MBIM_MESSAGE_TYPE_COMMAND ? (type_or_status ? mbim_cid_buf(c, MBIM_DIR_SET) : mbim_cid_buf(c, MBIM_DIR_QUERY))
		: type == MBIM_MESSAGE_TYPE_COMMAND_DONE ? mbim_cid_buf(c, MBIM_DIR_RESPONSE) : mbim_cid_buf(c, MBIM_DIR_NOTIFY);
	size_t h = type == MBIM_MESSAGE_TYPE_INDICATE_STATUS ? MBIM_IND_HDR_LEN : MBIM_CMD_HDR_LEN;
	if (def == &mbim_none_def)
		return CL_E_BAD_KIND;
	if (cap < h)
		return CL_E_NO_SPACE;
	/* a failed COMMAND_DONE may go without a buffer */
	int n = body ? mbim_encode_buffer(out + h, cap - h, def, body) : 0;
	if (n < 0)
		return n;
	return cmd_hdr(out, type, txn, &svc->uuid, cid, type_or_status, (size_t)n);
}

int mbim_encode_command(uint8_t *out, size_t cap, uint32_t txn, enum mbim_service svc,
			uint32_t cid, uint32_t command_type, const void *body)
{
	if (command_type > 1)
		return CL_E_BAD_KIND;
	return encode_known(out, cap, MBIM_MESSAGE_TYPE_COMMAND, txn, svc, cid, command_type, body);
}

int mbim_encode_command_done(uint8_t *out, size_t cap, uint32_t txn, enum mbim_service svc,
			     uint32_t cid, uint32_t status, const void *body)
{
	return encode_known(out, cap, MBIM_MESSAGE_TYPE_COMMAND_DONE, txn, svc, cid, status, body);
}

int mbim_encode_indicate(uint8_t *out, size_t cap, enum mbim_service svc, uint32_t cid, const void *body)
{
	return encode_known(out, cap, MBIM_MESSAGE_TYPE_INDICATE_STATUS, 0, svc, cid, 0, body);
}
