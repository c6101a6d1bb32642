/* Text and JSON printers of decoded messages, driven by the same tables. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "qmi/internal.h"
#include "qmi/qmi.h"

enum style { JSON, TEXT };

static bool hidden(const struct qmi_field *f, unsigned flags)
{
	if ((f->flags & QMI_FF_SECRET) && !(flags & QMI_PRINT_SHOW_SECRETS))
		return true;
	return (f->flags & QMI_FF_PERSONAL) && (flags & QMI_PRINT_REDACT_PERSONAL);
}

static void put_str(struct strbuf *sb, enum style st, const char *s, size_t n)
{
	if (st == JSON)
		sb_put_json_str(sb, s, n);
	else
		sb_put(sb, s, n);
}

static void put_ipv4(struct strbuf *sb, enum style st, uint32_t v)
{
	if (st == JSON)
		sb_putc(sb, '"');
	for (int shift = 24; shift >= 0; shift -= 8) {
		sb_put_u64(sb, (v >> shift) & 0xff);
		if (shift)
			sb_putc(sb, '.');
	}
	if (st == JSON)
		sb_putc(sb, '"');
}

static void put_ipv6(struct strbuf *sb, enum style st, const uint8_t *p)
{
	char a[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, p, a, sizeof(a));
	put_str(sb, st, a, strlen(a));
}

/* "0x" and the value in lower-case hex, zero-padded to `digits`. */
static void put_hex(struct strbuf *sb, uint64_t v, int digits)
{
	static const char dig[] = "0123456789abcdef";
	char tmp[18];
	int n = 0;
	do {
		tmp[sizeof(tmp) - 1 - n++] = dig[v & 15];
		v >>= 4;
	} while (v || n < digits);
	tmp[sizeof(tmp) - 2 - n] = '0';
	tmp[sizeof(tmp) - 1 - n] = 'x';
	sb_put(sb, tmp + sizeof(tmp) - 2 - n, (size_t)n + 2);
}

/* Strings from modems are mostly ASCII, sometimes NUL padded. */
static size_t text_len(const uint8_t *p, size_t n)
{
	while (n && p[n - 1] == 0)
		n--;
	return n;
}

static void put_enum(struct strbuf *sb, enum style st, const struct qmi_enum *e, uint64_t u, int64_t i,
		     bool sign)
{
	if (!e->is_flags) {
		/* signed values are listed as their 32-bit pattern (-1 = 0xffffffff) */
		bool fits = sign ? i >= INT32_MIN && i <= INT32_MAX : u <= UINT32_MAX;
		const char *name = fits ? qmi_enum_name(e, sign ? (uint32_t)(int32_t)i : (uint32_t)u) : NULL;
		if (name)
			put_str(sb, st, name, strlen(name));
		else if (sign)
			sb_put_i64(sb, i);
		else
			sb_put_u64(sb, u);
		return;
	}
	/* flags: the exact name if one matches, else the bits */
	const char *name = qmi_enum_name(e, (uint32_t)u);
	if (name && u <= UINT32_MAX) {
		if (st == JSON)
			sb_putc(sb, '[');
		put_str(sb, st, name, strlen(name));
		if (st == JSON)
			sb_putc(sb, ']');
		return;
	}
	if (st == JSON)
		sb_putc(sb, '[');
	bool first = true;
	for (unsigned b = 0; b < 64; b++) {
		uint64_t bit = UINT64_C(1) << b;
		if (!(u & bit))
			continue;
		if (!first)
			sb_putc(sb, st == JSON ? ',' : '|');
		first = false;
		const char *bn = bit <= UINT32_MAX ? qmi_enum_name(e, (uint32_t)bit) : NULL;
		if (bn)
			put_str(sb, st, bn, strlen(bn));
		else if (st == JSON)
			sb_put_u64(sb, bit);
		else
			put_hex(sb, bit, 1);
	}
	if (first && st == TEXT)
		sb_puts(sb, "none");
	if (st == JSON)
		sb_putc(sb, ']');
}

static void indent(struct strbuf *sb, int depth)
{
	for (int i = 0; i < depth; i++)
		sb_put(sb, "  ", 2);
}

static void put_val(struct strbuf *sb, enum style st, const struct qmi_val *v, unsigned flags, int depth);

/* A struct member: named through its siblings when its field says how. */
static void put_member(struct strbuf *sb, enum style st, const struct qmi_val *parent,
		       const struct qmi_val *v, unsigned flags, int depth)
{
	const char *name = v->f->namer == QMI_NAMER_WDS_VERBOSE_REASON && !hidden(v->f, flags)
			   ? qmi_wds_verbose_reason_namer(parent, v) : NULL;
	if (name)
		put_str(sb, st, name, strlen(name));
	else
		put_val(sb, st, v, flags, depth);
}

static void put_val(struct strbuf *sb, enum style st, const struct qmi_val *v, unsigned flags, int depth)
{
	const struct qmi_field *f = v->f;
	if (hidden(f, flags)) {
		put_str(sb, st, "<hidden>", 8);
		return;
	}
	switch (f->fmt) {
	case QF_U8: case QF_U16: case QF_U32: case QF_U64:
		if (qmi_field_enum(f))
			put_enum(sb, st, qmi_field_enum(f), v->u, 0, false);
		else if ((f->flags & QMI_FF_HEX) && st == TEXT)
			put_hex(sb, v->u, 1);
		else
			sb_put_u64(sb, v->u);
		break;
	case QF_I8: case QF_I16: case QF_I32: case QF_I64:
		if (qmi_field_enum(f))
			put_enum(sb, st, qmi_field_enum(f), v->u, v->i, true);
		else
			sb_put_i64(sb, v->i);
		break;
	case QF_BOOL:
		sb_puts(sb, v->u ? "true" : "false");
		break;
	case QF_STRING:
		put_str(sb, st, (const char *)v->p, text_len(v->p, v->n));
		break;
	case QF_BYTES:
		if (st == JSON)
			sb_putc(sb, '"');
		sb_put_hex(sb, v->p, v->n, st == JSON ? 0 : ':');
		if (st == JSON)
			sb_putc(sb, '"');
		break;
	case QF_IPV4:
		put_ipv4(sb, st, (uint32_t)v->u);
		break;
	case QF_IPV6:
		put_ipv6(sb, st, v->p);
		break;
	case QF_STRUCT:
		if (st == JSON) {
			sb_putc(sb, '{');
			for (uint32_t i = 0; i < v->n; i++) {
				if (i)
					sb_putc(sb, ',');
				sb_put_json_str(sb, qmi_field_name(v->kids[i].f), strlen(qmi_field_name(v->kids[i].f)));
				sb_putc(sb, ':');
				put_member(sb, st, v, &v->kids[i], flags, depth + 1);
			}
			sb_putc(sb, '}');
		} else {
			for (uint32_t i = 0; i < v->n; i++) {
				sb_putc(sb, '\n');
				indent(sb, depth + 1);
				sb_puts(sb, qmi_field_name(v->kids[i].f));
				sb_puts(sb, ": ");
				put_member(sb, st, v, &v->kids[i], flags, depth + 1);
			}
		}
		break;
	case QF_ARRAY:
		if (st == JSON) {
			sb_putc(sb, '[');
			for (uint32_t i = 0; i < v->n; i++) {
				if (i)
					sb_putc(sb, ',');
				put_val(sb, st, &v->kids[i], flags, depth + 1);
			}
			sb_putc(sb, ']');
		} else {
			sb_put_u64(sb, v->n);
			sb_puts(sb, v->n == 1 ? " item" : " items");
			for (uint32_t i = 0; i < v->n; i++) {
				sb_putc(sb, '\n');
				indent(sb, depth + 1);
				sb_putc(sb, '[');
				sb_put_u64(sb, i);
				sb_puts(sb, "]: ");
				put_val(sb, st, &v->kids[i], flags, depth + 1);
			}
		}
		break;
	default:
		sb_puts(sb, st == JSON ? "null" : "?");
	}
}

void qmi_print_val(struct strbuf *sb, const struct qmi_val *v, unsigned flags)
{
	put_val(sb, TEXT, v, flags, 0);
}

static const char *msg_name(const struct qmi_msg *m)
{
	return m->def ? qmi_msg_name(m->def) : NULL;
}

static void put_error_name(struct strbuf *sb, uint16_t error)
{
	const char *en = qmi_error_name(error);
	if (en) {
		sb_puts(sb, en);
	} else {
		sb_puts(sb, "error-");
		sb_put_u64(sb, error);
	}
}

void qmi_print_json(struct strbuf *sb, const struct qmi_msg *m, unsigned flags)
{
	const char *svc = qmi_service_name(m->service);
	sb_puts(sb, "{\"service\":\"");
	if (svc)
		sb_puts(sb, svc);
	else
		put_hex(sb, m->service, 2);
	sb_puts(sb, "\",\"client\":");
	sb_put_u64(sb, m->client);
	sb_puts(sb, ",\"kind\":\"");
	sb_puts(sb, qmi_kind_name((enum qmi_kind)m->kind));
	sb_puts(sb, "\",\"transaction\":");
	sb_put_u64(sb, m->txn);
	sb_puts(sb, ",\"message\":");
	const char *name = msg_name(m);
	if (name) {
		sb_putc(sb, '"');
		sb_puts(sb, name);
		sb_putc(sb, '"');
	} else {
		sb_puts(sb, "null");
	}
	sb_puts(sb, ",\"message_id\":");
	sb_put_u64(sb, m->id);
	if (m->has_result) {
		sb_puts(sb, ",\"result\":{\"status\":\"");
		sb_puts(sb, m->status == 0 ? "success" : m->status == 1 ? "failure" : "unknown");
		sb_puts(sb, "\",\"error\":\"");
		put_error_name(sb, m->error);
		sb_puts(sb, "\"}");
	}
	sb_puts(sb, ",\"tlvs\":{");
	bool first = true;
	for (unsigned i = 0; i < m->n_tlv; i++) {
		const struct qmi_tlv *t = &m->tlv[i];
		if (m->has_result && t->id == 0x02 && !t->def)
			continue;
		if (!first)
			sb_putc(sb, ',');
		first = false;
		if (t->def) {
			sb_put_json_str(sb, qmi_field_name(t->def), strlen(qmi_field_name(t->def)));
			sb_putc(sb, ':');
			put_val(sb, JSON, &t->v, flags, 0);
			if (t->trailing) {
				sb_puts(sb, ",\"tlv-");
				put_hex(sb, t->id, 2);
				sb_puts(sb, "-trailing\":\"");
				sb_put_hex(sb, t->raw + t->len - t->trailing, t->trailing, 0);
				sb_putc(sb, '"');
			}
		} else {
			sb_puts(sb, "\"tlv-");
			put_hex(sb, t->id, 2);
			sb_puts(sb, "\":\"");
			sb_put_hex(sb, t->raw, t->len, 0);
			sb_putc(sb, '"');
		}
	}
	sb_puts(sb, "}}");
}

void qmi_print_text(struct strbuf *sb, const struct qmi_msg *m, unsigned flags)
{
	const char *svc = qmi_service_name(m->service);
	const char *name = msg_name(m);
	if (svc) {
		sb_puts(sb, svc);
	} else {
		sb_puts(sb, "service ");
		put_hex(sb, m->service, 2);
	}
	sb_putc(sb, ' ');
	sb_puts(sb, qmi_kind_name((enum qmi_kind)m->kind));
	sb_putc(sb, ' ');
	sb_puts(sb, name ? name : "unknown-message");
	sb_puts(sb, " (");
	put_hex(sb, m->id, 4);
	sb_puts(sb, ") client ");
	sb_put_u64(sb, m->client);
	sb_puts(sb, " txn ");
	sb_put_u64(sb, m->txn);
	if (m->has_result) {
		sb_puts(sb, m->status ? ": failure, " : ": success");
		if (m->status)
			put_error_name(sb, m->error);
	}
	for (unsigned i = 0; i < m->n_tlv; i++) {
		const struct qmi_tlv *t = &m->tlv[i];
		if (m->has_result && t->id == 0x02 && !t->def)
			continue;
		sb_puts(sb, "\n  ");
		if (t->def) {
			sb_puts(sb, qmi_field_name(t->def));
			sb_puts(sb, ": ");
			put_val(sb, TEXT, &t->v, flags, 1);
			if (t->trailing) {
				sb_printf(sb, "\n  (0x%02x has %u more bytes: ", t->id, t->trailing);
				sb_put_hex(sb, t->raw + t->len - t->trailing, t->trailing, ':');
				sb_putc(sb, ')');
			}
		} else {
			sb_printf(sb, "tlv 0x%02x (%u bytes): ", t->id, t->len);
			sb_put_hex(sb, t->raw, t->len, ':');
		}
	}
	sb_putc(sb, '\n');
}
