/* Text and JSON printers of decoded MBIM messages, walking the same tables
 * as the codec. A QMI-over-MBIM buffer is printed by the QMI core. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mbim/mbim.h"
#include "qmi/qmi.h"

enum style { JSON, TEXT };

static void put_str(struct strbuf *sb, enum style st, const char *s)
{
	if (st == JSON)
		sb_put_json_str(sb, s, strlen(s));
	else
		sb_puts(sb, s);
}

static void put_kebab(struct strbuf *sb, enum style st, const char *sym)
{
	char k[80];
	put_str(sb, st, mbim_kebab(sym, k, sizeof(k)));
}

static void put_uuid(struct strbuf *sb, enum style st, const struct mbim_uuid *u)
{
	char t[40];
	const uint8_t *b = u->b;
	snprintf(t, sizeof(t), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
	put_str(sb, st, t);
}

static void put_enum(struct strbuf *sb, enum style st, const struct mbim_enum *e, uint32_t v)
{
	if (!e->is_flags) {
		const char *s = mbim_enum_sym(e, v);
		if (s)
			put_kebab(sb, st, s);
		else
			sb_put_u64(sb, v);
		return;
	}
	if (st == JSON)
		sb_putc(sb, '[');
	bool first = true;
	for (unsigned b = 0; b < 32; b++) {
		uint32_t bit = UINT32_C(1) << b;
		if (!(v & bit))
			continue;
		if (!first)
			sb_putc(sb, st == JSON ? ',' : '|');
		first = false;
		const char *s = mbim_enum_sym(e, bit);
		if (s)
			put_kebab(sb, st, s);
		else if (st == JSON)
			sb_put_u64(sb, bit);
		else
			sb_printf(sb, "0x%x", bit);
	}
	if (first && st == TEXT)
		sb_puts(sb, "none");
	if (st == JSON)
		sb_putc(sb, ']');
}

static void indent(struct strbuf *sb, int depth)
{
	for (int i = 0; i < depth; i++)
		sb_puts(sb, "  ");
}

static void put_struct(struct strbuf *sb, enum style st, const struct mbim_struct_def *def,
		       const uint8_t *body, unsigned flags, int depth);

static void put_qmux(struct strbuf *sb, enum style st, const struct mbim_bytes *b, unsigned flags, int depth)
{
	struct qmi_msg_pooled *qp = malloc(sizeof(*qp));
	struct qmi_msg *q = qp ? &qp->m : NULL;
	unsigned qf = (flags & MBIM_PRINT_REDACT_PERSONAL ? QMI_PRINT_REDACT_PERSONAL : 0) |
		      (flags & MBIM_PRINT_SHOW_SECRETS ? QMI_PRINT_SHOW_SECRETS : 0);
	if (q && b->n && qmi_decode_pool(q, qp->pool, QMI_POOL_NODES, b->p, b->n, 0) == 0) {
		if (st == JSON) {
			qmi_print_json(sb, q, qf);
		} else {
			struct strbuf t;
			sb_init(&t);
			qmi_print_text(&t, q, qf);
			/* indent the QMI core's lines under the field */
			const char *s = sb_str(&t);
			while (*s) {
				size_t l = strcspn(s, "\n");
				sb_putc(sb, '\n');
				indent(sb, depth + 1);
				sb_put(sb, s, l);
				s += l + (s[l] == '\n');
			}
			sb_free(&t);
		}
	} else {
		if (st == JSON)
			sb_putc(sb, '"');
		sb_put_hex(sb, b->p, b->n, st == JSON ? 0 : ':');
		if (st == JSON)
			sb_putc(sb, '"');
		if (st == TEXT && q && b->n)
			sb_printf(sb, " (not a QMUX frame: %s)", q->errtext);
	}
	free(qp);
}

static void put_field(struct strbuf *sb, enum style st, const struct mbim_field *f,
		      const uint8_t *src, unsigned flags, int depth)
{
	if (((f->flags & MBIM_FF_SECRET) && !(flags & MBIM_PRINT_SHOW_SECRETS)) ||
	    ((f->flags & MBIM_FF_PERSONAL) && (flags & MBIM_PRINT_REDACT_PERSONAL))) {
		put_str(sb, st, "<hidden>");
		return;
	}
	switch (f->kind) {
	case MK_U32: case MK_COUNT: {
		uint32_t v;
		memcpy(&v, src, 4);
		if (mbim_field_enum(f))
			put_enum(sb, st, mbim_field_enum(f), v);
		else
			sb_put_u64(sb, v);
		break;
	}
	case MK_U64: {
		uint64_t v;
		memcpy(&v, src, 8);
		sb_put_u64(sb, v);
		break;
	}
	case MK_UUID: {
		const struct mbim_uuid *u = (const struct mbim_uuid *)(const void *)src;
		const char *name = mbim_context_type_name(u);
		const struct mbim_service_def *svc = name ? NULL : mbim_service_by_uuid(u);
		char k[64];
		if (svc)
			name = mbim_kebab(svc->sym, k, sizeof(k));
		if (name)
			put_str(sb, st, name);
		else
			put_uuid(sb, st, (const struct mbim_uuid *)(const void *)src);
		break;
	}
	case MK_STR: {
		const char *s;
		memcpy(&s, src, sizeof(s));
		put_str(sb, st, s ? s : "");
		break;
	}
	case MK_IPV4: case MK_IPV6: {
		char a[INET6_ADDRSTRLEN];
		inet_ntop(f->kind == MK_IPV4 ? AF_INET : AF_INET6, src, a, sizeof(a));
		put_str(sb, st, a);
		break;
	}
	case MK_BYTES: case MK_RBYTES: {
		struct mbim_bytes b;
		memcpy(&b, src, sizeof(b));
		if (f->flags & MBIM_FF_QMUX) {
			put_qmux(sb, st, &b, flags, depth);
			break;
		}
		if (st == JSON)
			sb_putc(sb, '"');
		sb_put_hex(sb, b.p, b.n, st == JSON ? 0 : ':');
		if (st == JSON)
			sb_putc(sb, '"');
		break;
	}
	case MK_STRUCT:
		put_struct(sb, st, mbim_field_sub(f), src, flags, depth);
		break;
	case MK_OPT: {
		const uint8_t *p;
		memcpy(&p, src, sizeof(p));
		if (p)
			put_struct(sb, st, mbim_field_sub(f), p, flags, depth);
		else
			sb_puts(sb, st == JSON ? "null" : "(none)");
		break;
	}
	case MK_U32S: {
		struct mbim_u32s a;
		memcpy(&a, src, sizeof(a));
		sb_putc(sb, '[');
		for (uint32_t k = 0; k < a.n; k++) {
			if (k)
				sb_puts(sb, st == JSON ? "," : ", ");
			sb_put_u64(sb, a.v[k]);
		}
		sb_putc(sb, ']');
		break;
	}
	case MK_ARR: case MK_REFARR: case MK_STRS: case MK_REFLIST: {
		struct { uint32_t n; const uint8_t *v; } a;
		memcpy(&a, src, sizeof(a));
		if (st == JSON)
			sb_putc(sb, '[');
		else
			sb_printf(sb, "%u item%s", a.n, a.n == 1 ? "" : "s");
		for (uint32_t k = 0; k < a.n; k++) {
			if (st == JSON && k)
				sb_putc(sb, ',');
			if (st == TEXT) {
				sb_putc(sb, '\n');
				indent(sb, depth + 1);
				sb_printf(sb, "[%u]: ", k);
			}
			if (f->kind == MK_STRS)
				put_str(sb, st, ((const char *const *)(const void *)a.v)[k]);
			else
				put_struct(sb, st, mbim_field_sub(f), a.v + (size_t)k * mbim_field_sub(f)->size, flags, depth + 1);
		}
		if (st == JSON)
			sb_putc(sb, ']');
		break;
	}
	default:
		sb_puts(sb, st == JSON ? "null" : "?");
	}
}

static void put_struct(struct strbuf *sb, enum style st, const struct mbim_struct_def *def,
		       const uint8_t *body, unsigned flags, int depth)
{
	char k[64];
	if (st == JSON)
		sb_putc(sb, '{');
	for (unsigned i = 0; i < def->n; i++) {
		const struct mbim_field *f = &mbim_def_fields(def)[i];
		if (st == JSON) {
			if (i)
				sb_putc(sb, ',');
			put_str(sb, st, mbim_kebab(mbim_field_name(f), k, sizeof(k)));
			sb_putc(sb, ':');
		} else {
			sb_putc(sb, '\n');
			indent(sb, depth + 1);
			sb_puts(sb, mbim_kebab(mbim_field_name(f), k, sizeof(k)));
			sb_puts(sb, ": ");
		}
		put_field(sb, st, f, body + f->offset, flags, depth + 1);
	}
	if (st == JSON)
		sb_putc(sb, '}');
}

static void put_header(struct strbuf *sb, enum style st, const struct mbim_msg *m)
{
	const char *tn = mbim_enum_sym(MBIM_ENUM(MESSAGE_TYPE), m->type);
	bool cmd = m->type == MBIM_MESSAGE_TYPE_COMMAND || m->type == MBIM_MESSAGE_TYPE_COMMAND_DONE ||
		   m->type == MBIM_MESSAGE_TYPE_INDICATE_STATUS;
	if (st == JSON) {
		sb_puts(sb, "{\"protocol\":\"mbim\",\"type\":");
		put_kebab(sb, st, tn ? tn : "UNKNOWN");
		sb_printf(sb, ",\"transaction\":%u", m->txn);
	} else {
		put_kebab(sb, st, tn ? tn : "UNKNOWN");
	}
	if (cmd) {
		if (st == JSON)
			sb_puts(sb, ",\"service\":");
		else
			sb_putc(sb, ' ');
		if (m->svc)
			put_kebab(sb, st, m->svc->sym);
		else
			put_uuid(sb, st, &m->service);
		if (st == JSON)
			sb_puts(sb, ",\"cid\":");
		else
			sb_putc(sb, ' ');
		if (m->cid_def)
			put_kebab(sb, st, mbim_cid_sym(m->cid_def));
		else if (st == JSON)
			sb_puts(sb, "null");
		else
			sb_printf(sb, "cid-%u", m->cid);
		if (st == JSON)
			sb_printf(sb, ",\"cid_id\":%u", m->cid);
		else
			sb_printf(sb, " (%u)", m->cid);
	}
	if (st == TEXT)
		sb_printf(sb, " txn %u", m->txn);
	const char *key = NULL;
	const struct mbim_enum *e = NULL;
	uint32_t v = 0;
	switch (m->type) {
	case MBIM_MESSAGE_TYPE_OPEN:
		if (st == JSON)
			sb_printf(sb, ",\"max_control_transfer\":%u", m->max_control_transfer);
		else
			sb_printf(sb, " max-control-transfer %u", m->max_control_transfer);
		break;
	case MBIM_MESSAGE_TYPE_COMMAND:
		key = "command_type", e = MBIM_ENUM(COMMAND_TYPE), v = m->command_type;
		break;
	case MBIM_MESSAGE_TYPE_OPEN_DONE: case MBIM_MESSAGE_TYPE_CLOSE_DONE:
	case MBIM_MESSAGE_TYPE_COMMAND_DONE:
		key = "status", e = MBIM_ENUM(STATUS), v = m->status;
		break;
	case MBIM_MESSAGE_TYPE_HOST_ERROR: case MBIM_MESSAGE_TYPE_FUNCTION_ERROR:
		key = "error", e = MBIM_ENUM(PROTOCOL_ERROR), v = m->error;
		break;
	default:
		break;
	}
	if (key) {
		if (st == JSON)
			sb_printf(sb, ",\"%s\":", key);
		else
			sb_puts(sb, ": ");
		put_enum(sb, st, e, v);
	}
}

void mbim_print_json(struct strbuf *sb, const struct mbim_msg *m, unsigned flags)
{
	put_header(sb, JSON, m);
	if (m->body) {
		sb_puts(sb, ",\"buffer\":");
		put_struct(sb, JSON, m->buf_def, m->body, flags, 0);
	} else if (m->buf_len) {
		sb_puts(sb, ",\"buffer_hex\":\"");
		sb_put_hex(sb, m->buf, m->buf_len, 0);
		sb_putc(sb, '"');
	}
	sb_putc(sb, '}');
}

void mbim_print_text(struct strbuf *sb, const struct mbim_msg *m, unsigned flags)
{
	put_header(sb, TEXT, m);
	if (m->body) {
		put_struct(sb, TEXT, m->buf_def, m->body, flags, 0);
	} else if (m->buf_len) {
		sb_printf(sb, "\n  buffer (%u bytes): ", m->buf_len);
		sb_put_hex(sb, m->buf, m->buf_len, ':');
	}
	sb_putc(sb, '\n');
}
