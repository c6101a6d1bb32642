/* QMUX framing and the table-driven TLV decoder and encoder. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "qmi/qmi.h"
#include "qmi/internal.h"

#define ERRF qmi_fail

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static uint64_t rdle(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

static void wrle(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Byte size of a fixed-size scalar format, 0 for variable formats. */
static unsigned scalar_size(uint8_t fmt)
{
	switch (fmt) {
	case QF_U8: case QF_I8: case QF_BOOL: return 1;
	case QF_U16: case QF_I16: return 2;
	case QF_U32: case QF_I32: case QF_IPV4: return 4;
	case QF_U64: case QF_I64: return 8;
	case QF_IPV6: return 16;
	default: return 0;
	}
}

static bool is_signed(uint8_t fmt)
{
	return fmt == QF_I8 || fmt == QF_I16 || fmt == QF_I32 || fmt == QF_I64;
}

int qmux_frame_len(const uint8_t *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (buf[0] != 0x01)
		return CL_E_BAD_MARKER;
	if (len < 3)
		return 0;
	uint16_t l = rd16(buf + 1);
	if (l < QMUX_HDR_LEN - 1)
		return CL_E_BAD_LENGTH;
	if (len < (size_t)l + 1)
		return 0;
	return l + 1;
}

/* ---- decoder ---- */

struct dec {
	struct qmi_msg *m;
	const struct qmi_field *tlv;    /* the TLV being decoded, for messages */
	bool no_room;                   /* the message ran out of value nodes */
};

/* Out of room fails the frame even when decoding leniently: keeping the
 * TLV raw would hide the values that did not fit. */
static int no_room(struct dec *d)
{
	d->no_room = true;
	return qmi_no_room(d->m);
}

static struct qmi_val *alloc_nodes(struct qmi_msg *m, uint32_t n)
{
	if (n > m->cap_nodes - m->n_nodes)
		return NULL;
	struct qmi_val *v = &m->nodes[m->n_nodes];
	m->n_nodes += n;
	return v;
}

/* The smallest number of bytes an element of this format can take, so an
 * array count is checked against the bytes left before nodes are taken. */
static unsigned min_size(const struct qmi_field *f)
{
	unsigned s = scalar_size(f->fmt);
	if (s)
		return s;
	switch (f->fmt) {
	case QF_STRING: case QF_BYTES: case QF_ARRAY:
		if (f->prefix)
			return f->prefix;
		if (f->fmt == QF_ARRAY && f->fixed)
			return f->fixed * min_size(&qmi_field_sub(f)[0]);
		return f->fixed;
	case QF_STRUCT: {
		unsigned t = 0;
		for (unsigned i = 0; i < f->n_sub; i++)
			t += min_size(&qmi_field_sub(f)[i]);
		return t;
	}
	default:
		return 0;
	}
}

static int dec_field(struct dec *d, const struct qmi_field *f, struct qmi_val *v,
		     const uint8_t **pp, const uint8_t *end, int depth);

static int dec_len(struct dec *d, const struct qmi_field *f, const uint8_t **pp,
		   const uint8_t *end, uint32_t *out)
{
	const uint8_t *p = *pp;
	size_t left = (size_t)(end - p);
	if (f->prefix) {
		if (left < f->prefix)
			return ERRF(d->m, CL_E_TRUNCATED,
				    "TLV 0x%02x '%s': field '%s' needs a %u-byte length, %zu left",
				    d->tlv->id, qmi_field_name(d->tlv), qmi_field_name(f), f->prefix, left);
		*out = (uint32_t)rdle(p, f->prefix);
		*pp = p + f->prefix;
		return 0;
	}
	if (f->fixed) {
		*out = f->fixed;
		return 0;
	}
	*out = UINT32_MAX;  /* rest of the enclosing data */
	return 0;
}

static int dec_field(struct dec *d, const struct qmi_field *f, struct qmi_val *v,
		     const uint8_t **pp, const uint8_t *end, int depth)
{
	const uint8_t *p = *pp;
	size_t left = (size_t)(end - p);
	unsigned sz = scalar_size(f->fmt);
	v->f = f;
	v->n = 0;
	v->u = 0;
	if (depth > 8)
		return ERRF(d->m, CL_E_TOO_MANY, "TLV 0x%02x: nesting too deep", d->tlv->id);
	if (sz) {
		if (left < sz)
			return ERRF(d->m, CL_E_TRUNCATED,
				    "TLV 0x%02x '%s': field '%s' needs %u bytes, %zu left",
				    d->tlv->id, qmi_field_name(d->tlv), qmi_field_name(f), sz, left);
		if (f->fmt == QF_IPV6) {
			v->p = p;
			v->n = 16;
		} else if (is_signed(f->fmt)) {
			uint64_t u = rdle(p, sz);
			unsigned shift = 64 - 8 * sz;
			v->i = (int64_t)(u << shift) >> shift;
		} else {
			v->u = rdle(p, sz);
		}
		*pp = p + sz;
		return 0;
	}
	uint32_t n = 0;
	int r;
	switch (f->fmt) {
	case QF_STRING:
	case QF_BYTES:
		if ((r = dec_len(d, f, &p, end, &n)))
			return r;
		left = (size_t)(end - p);
		if (n == UINT32_MAX)
			n = (uint32_t)left;
		if (n > left)
			return ERRF(d->m, CL_E_OVERLONG,
				    "TLV 0x%02x '%s': field '%s' declares %u bytes, %zu left",
				    d->tlv->id, qmi_field_name(d->tlv), qmi_field_name(f), n, left);
		v->p = p;
		v->n = n;
		*pp = p + n;
		return 0;
	case QF_STRUCT: {
		uint32_t cnt = f->n_sub;
		struct qmi_val *kids = alloc_nodes(d->m, cnt);
		if (!kids)
			return no_room(d);
		v->kids = kids;
		v->n = cnt;
		for (uint32_t i = 0; i < cnt; i++)
			if ((r = dec_field(d, &qmi_field_sub(f)[i], &kids[i], &p, end, depth + 1)))
				return r;
		*pp = p;
		return 0;
	}
	case QF_ARRAY: {
		const struct qmi_field *el = &qmi_field_sub(f)[0];
		unsigned esz = min_size(el);
		if ((r = dec_len(d, f, &p, end, &n)))
			return r;
		left = (size_t)(end - p);
		if (n == UINT32_MAX) {
			/* elements until the data ends: decode one at a time */
			/* Elements must be contiguous and may hold nodes of
			 * their own, so count them in a first pass. */
			uint32_t cnt = 0;
			const uint8_t *q = p;
			unsigned mark = d->m->n_nodes;
			struct qmi_val tmp;
			while (q < end) {
				const uint8_t *before = q;
				if ((r = dec_field(d, el, &tmp, &q, end, depth + 1)))
					return r;
				if (q == before)
					return ERRF(d->m, CL_E_PROTOCOL, "TLV 0x%02x: empty array element", d->tlv->id);
				cnt++;
			}
			d->m->n_nodes = mark;
			struct qmi_val *kids = alloc_nodes(d->m, cnt);
			if (!kids && cnt)
				return no_room(d);
			for (uint32_t i = 0; i < cnt; i++)
				if ((r = dec_field(d, el, &kids[i], &p, end, depth + 1)))
					return r;
			v->kids = kids;
			v->n = cnt;
			*pp = p;
			return 0;
		}
		if (esz && (uint64_t)n * esz > left)
			return ERRF(d->m, CL_E_OVERLONG,
				    "TLV 0x%02x '%s': array '%s' declares %u elements, only %zu bytes left",
				    d->tlv->id, qmi_field_name(d->tlv), qmi_field_name(f), n, left);
		struct qmi_val *kids = alloc_nodes(d->m, n);
		if (!kids && n)
			return no_room(d);
		v->kids = kids;
		v->n = n;
		for (uint32_t i = 0; i < n; i++)
			if ((r = dec_field(d, el, &kids[i], &p, end, depth + 1)))
				return r;
		*pp = p;
		return 0;
	}
	default:
		return ERRF(d->m, CL_E_PROTOCOL, "bad field format %u in table", f->fmt);
	}
}

static const struct qmi_field *find_tlv_def(const struct qmi_field *list, uint8_t id)
{
	if (!list)
		return NULL;
	for (const struct qmi_field *f = list; f->fmt != QF_END; f++)
		if (f->id == id)
			return f;
	return NULL;
}

static void set_def(struct qmi_msg *m)
{
	m->svc = qmi_service_by_id(m->service);
	m->def = m->svc ? qmi_msg_by_id(m->svc, m->id, (enum qmi_kind)m->kind) : NULL;
}

int qmi_decode(struct qmi_msg *m, const uint8_t *frame, size_t len, unsigned flags)
{
	return qmi_decode_pool(m, m->own, QMI_MSG_NODES, frame, len, flags);
}

int qmi_decode_pool(struct qmi_msg *m, struct qmi_val *pool, unsigned cap,
		    const uint8_t *frame, size_t len, unsigned flags)
{
	m->nodes = pool;
	m->cap_nodes = cap;
	m->n_tlv = 0;
	m->n_nodes = 0;
	m->n_bytes = 0;
	m->has_result = false;
	m->status = m->error = 0;
	m->svc = NULL;
	m->def = NULL;
	m->errtext[0] = 0;
	if (len == 0)
		return ERRF(m, CL_E_TRUNCATED, "empty frame");
	if (frame[0] != 0x01)
		return ERRF(m, CL_E_BAD_MARKER, "first byte is 0x%02x, a QMUX frame starts with 0x01", frame[0]);
	if (len < QMUX_HDR_LEN)
		return ERRF(m, CL_E_TRUNCATED, "%zu bytes, the QMUX header alone is 6", len);
	uint16_t qlen = rd16(frame + 1);
	if ((size_t)qlen + 1 > len)
		return ERRF(m, CL_E_TRUNCATED, "QMUX length says %u bytes follow, only %zu do", qlen, len - 1);
	if ((size_t)qlen + 1 < len)
		return ERRF(m, CL_E_TRAILING, "QMUX length says %u bytes follow, %zu do", qlen, len - 1);
	m->qmux_flags = frame[3];
	m->service = frame[4];
	m->client = frame[5];
	const uint8_t *p = frame + QMUX_HDR_LEN, *end = frame + len;
	bool ctl = m->service == QMI_SVC_CTL;
	size_t hdr = ctl ? 6 : 7;
	if ((size_t)(end - p) < hdr)
		return ERRF(m, CL_E_TRUNCATED, "QMI header needs %zu bytes, %zu left", hdr, (size_t)(end - p));
	uint8_t sflags = p[0];
	if (ctl) {
		m->txn = p[1];
		p += 2;
		m->kind = sflags & 0x02 ? QMI_INDICATION : sflags & 0x01 ? QMI_RESPONSE : QMI_REQUEST;
	} else {
		m->txn = rd16(p + 1);
		p += 3;
		m->kind = sflags & 0x04 ? QMI_INDICATION : sflags & 0x02 ? QMI_RESPONSE : QMI_REQUEST;
	}
	m->id = rd16(p);
	uint16_t tlen = rd16(p + 2);
	p += 4;
	if ((size_t)(end - p) < tlen)
		return ERRF(m, CL_E_OVERLONG, "TLV area declares %u bytes, %zu left", tlen, (size_t)(end - p));
	if ((size_t)(end - p) > tlen)
		return ERRF(m, CL_E_TRAILING, "TLV area declares %u bytes, %zu follow", tlen, (size_t)(end - p));
	set_def(m);
	const struct qmi_field *defs = m->def ? qmi_msg_tlvs(m->def, m->kind) : NULL;
	/* A response's result decides how its other TLVs are read, wherever
	 * it stands: find it first (the TLV headers are checked below). */
	if (m->kind == QMI_RESPONSE) {
		size_t left = (size_t)(end - p);
		for (size_t off = 0; left - off >= 3; off += 3 + (size_t)rd16(p + off + 1)) {
			const uint8_t *q = p + off;
			if (left - off - 3 < rd16(q + 1))
				break;          /* overlong: reported by the loop below */
			if (q[0] != 0x02)
				continue;
			if (m->has_result)
				return ERRF(m, CL_E_PROTOCOL, "result TLV 0x02 appears twice");
			if (rd16(q + 1) != 4)
				return ERRF(m, CL_E_BAD_LENGTH, "result TLV 0x02 has %u bytes, not 4", rd16(q + 1));
			m->has_result = true;
			m->status = rd16(q + 3);
			m->error = rd16(q + 5);
		}
	}
	while (p < end) {
		if (end - p < 3)
			return ERRF(m, CL_E_TRUNCATED, "TLV header needs 3 bytes, %zu left", (size_t)(end - p));
		if (m->n_tlv == QMI_MAX_TLVS)
			return qmi_no_tlv_room(m);
		struct qmi_tlv *t = &m->tlv[m->n_tlv];
		t->id = p[0];
		t->len = rd16(p + 1);
		t->raw = p + 3;
		t->def = NULL;
		t->trailing = 0;
		t->err = 0;
		memset(&t->v, 0, sizeof(t->v));
		p += 3;
		if ((size_t)(end - p) < t->len)
			return ERRF(m, CL_E_OVERLONG, "TLV 0x%02x declares %u bytes, %zu left", t->id, t->len, (size_t)(end - p));
		p += t->len;
		m->n_tlv++;
		if (m->kind == QMI_RESPONSE && t->id == 0x02)
			continue;       /* read above */
		const struct qmi_field *f = find_tlv_def(defs, t->id);
		if (!f)
			continue;
		/* A failed response may still carry known TLVs (call-end
		 * reasons, retries left) but firmware often sends them short:
		 * those are decoded when they can be and otherwise kept raw. */
		bool lenient = (flags & QMI_DECODE_LENIENT) || (m->has_result && m->status);
		struct dec d = { m, f, false };
		const uint8_t *q = t->raw;
		unsigned mark = m->n_nodes;
		int r = dec_field(&d, f, &t->v, &q, t->raw + t->len, 0);
		if (r) {
			if (!lenient || d.no_room)
				return r;
			m->n_nodes = mark;
			t->err = r;
			continue;
		}
		t->def = f;
		t->trailing = (uint16_t)(t->raw + t->len - q);
	}
	if (m->kind == QMI_RESPONSE && !m->has_result && !(flags & QMI_DECODE_LENIENT))
		return ERRF(m, CL_E_PROTOCOL, "response without the result TLV 0x02");
	return 0;
}

/* ---- encoder ---- */

/* Writes at out + pos; with out NULL it only counts (qmi_encode's measure). */
struct enc {
	uint8_t *out;
	size_t pos, cap;
	const struct qmi_msg *m;
};

static int put(struct enc *e, const void *src, size_t n)
{
	if (e->cap - e->pos < n)
		return CL_E_NO_SPACE;
	if (e->out && n)
		memcpy(e->out + e->pos, src, n);
	e->pos += n;
	return 0;
}

static int put_le(struct enc *e, uint64_t v, unsigned n)
{
	if (e->cap - e->pos < n)
		return CL_E_NO_SPACE;
	if (e->out)
		wrle(e->out + e->pos, v, n);
	e->pos += n;
	return 0;
}

static int enc_field(struct enc *e, const struct qmi_val *v, const struct qmi_field *f)
{
	unsigned sz = scalar_size(f->fmt);
	int r;
	if (f->fmt == QF_IPV6) {
		static const uint8_t zero[16];
		return put(e, v->p && v->n == 16 ? v->p : zero, 16);
	}
	if (sz)
		return put_le(e, v->u, sz);
	switch (f->fmt) {
	case QF_STRING:
	case QF_BYTES:
	case QF_ARRAY: {
		uint32_t n = v->n;
		if (f->prefix) {
			if (f->prefix == 1 && n > 0xff)
				return CL_E_BAD_VALUE;
			if ((r = put_le(e, n, f->prefix)))
				return r;
		} else if (f->fixed && f->fmt != QF_ARRAY) {
			/* fixed-size text: pad or cut to the size */
			if (e->cap - e->pos < f->fixed)
				return CL_E_NO_SPACE;
			if (e->out) {
				uint8_t *start = e->out + e->pos;
				memset(start, 0, f->fixed);
				if (n && v->p)
					memcpy(start, v->p, n < f->fixed ? n : f->fixed);
			}
			e->pos += f->fixed;
			return 0;
		} else if (f->fixed && n != f->fixed) {
			return CL_E_BAD_VALUE;
		}
		if (f->fmt != QF_ARRAY)
			return n ? put(e, v->p, n) : 0;
		for (uint32_t i = 0; i < n; i++)
			if ((r = enc_field(e, &v->kids[i], &qmi_field_sub(f)[0])))
				return r;
		return 0;
	}
	case QF_STRUCT: {
		for (uint32_t i = 0; i < f->n_sub; i++)
			if ((r = enc_field(e, &v->kids[i], &qmi_field_sub(f)[i])))
				return r;
		return 0;
	}
	default:
		return CL_E_PROTOCOL;
	}
}

void qmi_msg_clear(struct qmi_msg *m)
{
	m->n_tlv = 0;
	m->n_nodes = 0;
	m->n_bytes = 0;
	m->errtext[0] = 0;
}

void qmi_msg_init(struct qmi_msg *m, uint8_t service, uint8_t client,
		  enum qmi_kind kind, uint16_t txn, uint16_t id)
{
	m->service = service;
	m->client = client;
	m->kind = (uint8_t)kind;
	m->txn = txn;
	m->id = id;
	m->qmux_flags = kind == QMI_REQUEST ? 0 : QMUX_FLAG_SERVICE;
	m->has_result = kind == QMI_RESPONSE;
	m->status = m->error = 0;
	m->nodes = m->own;
	m->cap_nodes = QMI_MSG_NODES;
	qmi_msg_clear(m);
	set_def(m);
}

void qmi_msg_use_pool(struct qmi_msg *m, struct qmi_val *pool, unsigned cap)
{
	m->nodes = pool;
	m->cap_nodes = cap;
	m->n_nodes = 0;
}

int qmi_encode(const struct qmi_msg *m, uint8_t *out, size_t cap)
{
	if (!out)
		cap = QMI_MAX_FRAME;    /* measure only */
	struct enc e = { out, 0, cap < QMI_MAX_FRAME ? cap : QMI_MAX_FRAME, m };
	bool ctl = m->service == QMI_SVC_CTL;
	size_t hdr = QMUX_HDR_LEN + (ctl ? 2 : 3) + 4;
	if (cap < hdr)
		return CL_E_NO_SPACE;
	uint8_t sflags;
	if (ctl)
		sflags = m->kind == QMI_INDICATION ? 0x02 : m->kind == QMI_RESPONSE ? 0x01 : 0x00;
	else
		sflags = m->kind == QMI_INDICATION ? 0x04 : m->kind == QMI_RESPONSE ? 0x02 : 0x00;
	if (out) {
		out[0] = 0x01;
		out[3] = m->kind == QMI_REQUEST ? 0x00 : QMUX_FLAG_SERVICE;
		out[4] = m->service;
		out[5] = m->client;
		uint8_t *p = out + QMUX_HDR_LEN;
		*p++ = sflags;
		if (ctl) {
			*p++ = (uint8_t)m->txn;
		} else {
			wr16(p, m->txn);
			p += 2;
		}
		wr16(p, m->id);
	}
	size_t tlen = hdr - 2;          /* where the TLV bytes' length goes */
	e.pos = hdr;
	int r;
	if (m->kind == QMI_RESPONSE) {
		uint8_t res[7] = { 0x02, 4, 0, 0, 0, 0, 0 };
		wr16(res + 3, m->status);
		wr16(res + 5, m->error);
		if ((r = put(&e, res, sizeof(res))))
			return r;
	}
	for (unsigned i = 0; i < m->n_tlv; i++) {
		const struct qmi_tlv *t = &m->tlv[i];
		if (m->kind == QMI_RESPONSE && t->id == 0x02 && !t->def)
			continue;       /* the result is written above */
		size_t th = e.pos;
		if ((r = put_le(&e, t->id, 1)) || (r = put_le(&e, 0, 2)))
			return r;
		if (t->def) {
			if ((r = enc_field(&e, &t->v, t->def)))
				return r;
			/* bytes past the known layout travel on unchanged */
			if (t->trailing && (r = put(&e, t->raw + t->len - t->trailing, t->trailing)))
				return r;
		} else if ((r = put(&e, t->raw, t->len))) {
			return r;
		}
		size_t vlen = e.pos - th - 3;
		if (vlen > 0xffff)
			return CL_E_NO_SPACE;
		if (out)
			wr16(out + th + 1, (uint16_t)vlen);
	}
	size_t tl = e.pos - tlen - 2;
	size_t total = e.pos;
	if (tl > 0xffff || total - 1 > 0xffff)
		return CL_E_NO_SPACE;
	if (out) {
		wr16(out + tlen, (uint16_t)tl);
		wr16(out + 1, (uint16_t)(total - 1));
	}
	return (int)total;
}

int qmi_fail(struct qmi_msg *m, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->errtext, sizeof(m->errtext), fmt, ap);
	va_end(ap);
	return code;
}

/* "nas get-cell-location-info response" or "service 0x42 message 0x0001". */
static void msg_title(const struct qmi_msg *m, char *out, size_t cap)
{
	const char *svc = qmi_service_name(m->service);
	const char *kind = qmi_kind_name((enum qmi_kind)m->kind);
	if (svc && m->def)
		snprintf(out, cap, "%s %s %s", svc, qmi_msg_name(m->def), kind);
	else
		snprintf(out, cap, "service 0x%02x message 0x%04x %s", m->service, m->id, kind);
}

int qmi_no_room(struct qmi_msg *m)
{
	char t[96];
	msg_title(m, t, sizeof(t));
	return ERRF(m, CL_E_TOO_MANY, "%s: more values than the %u it has room for", t, m->cap_nodes);
}

int qmi_no_tlv_room(struct qmi_msg *m)
{
	char t[96];
	msg_title(m, t, sizeof(t));
	return ERRF(m, CL_E_TOO_MANY, "%s: more than %d TLVs", t, QMI_MAX_TLVS);
}
