/* WMS: an SMS store with two storages (uim, nv), sending, new-message
 * reports and routes; and the control commands that make messages arrive.
 *
 * An arriving message (control: sms-deliver FROM TEXT, or sms-pdu HEX) is
 * stored as SMS-DELIVER PDUs, one per part when the text needs several
 * (src/sms builds them), each raising an event-report indication with its
 * storage and index to every client that asked for new-message reports.
 * raw-send takes an SMS-SUBMIT, checks that it decodes and keeps it for
 * the "sms" command, which shows the store and what was sent, decoded and
 * joined. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/hex.h"
#include "qmi/ids.h"
#include "sim/sim.h"

#define STORAGE_UIM 0
#define STORAGE_NV 1
#define TAG_MT_READ 0
#define TAG_MT_NOT_READ 1
#define MODE_GSM_WCDMA 1
#define FORMAT_GSM_WCDMA_PP 6

/* The SIM's store is there only while the SIM is ready. */
static bool storage_ready(const struct sim *s, uint64_t storage)
{
	return storage == STORAGE_NV || (storage == STORAGE_UIM && s->m.card == SIM_CARD_READY);
}

static struct sim_sms *slot_of(struct sim *s, uint64_t storage, uint64_t index)
{
	if (storage > STORAGE_NV || index >= SIM_SMS_SLOTS || !s->sms.store[storage][index].used)
		return NULL;
	return &s->sms.store[storage][index];
}

/* ---- QMI ---- */

static int set_event_report(struct sim_call *c)
{
	uint64_t on;
	if (rq_uint(c, QMIF_WMS_SET_EVENT_REPORT_RQ_NEW_MT_MESSAGE_INDICATOR_REPORT, &on)) {
		if (on)
			c->cl->ind |= SIM_IND_WMS_NEW;
		else
			c->cl->ind &= ~(unsigned)SIM_IND_WMS_NEW;
	}
	return 0;
}

static int raw_read(struct sim_call *c)
{
	uint64_t storage, index, mode = MODE_GSM_WCDMA;
	if (!rq_uint(c, QMIF_WMS_RAW_READ_RQ_MESSAGE_MEMORY_STORAGE_ID_STORAGE_TYPE, &storage) ||
	    !rq_uint(c, QMIF_WMS_RAW_READ_RQ_MESSAGE_MEMORY_STORAGE_ID_MEMORY_INDEX, &index))
		return QMI_ERR_MISSING_ARGUMENT;
	rq_uint(c, QMIF_WMS_RAW_READ_RQ_MESSAGE_MODE, &mode);
	if (mode != MODE_GSM_WCDMA)
		return QMI_ERR_INVALID_ARGUMENT;        /* no CDMA messages here */
	if (storage <= STORAGE_NV && !storage_ready(c->s, storage))
		return QMI_ERR_DEVICE_NOT_READY;
	struct sim_sms *m = slot_of(c->s, storage, index);
	if (!m)
		return QMI_ERR_INVALID_INDEX;
	rs_uint(c, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_MESSAGE_TAG, m->tag);
	rs_uint(c, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_FORMAT, FORMAT_GSM_WCDMA_PP);
	rs_bytes(c, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_RAW_DATA, m->pdu, m->len);
	return 0;
}

static int modify_tag(struct sim_call *c)
{
	uint64_t storage, index, tag;
	if (!rq_uint(c, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_STORAGE_TYPE, &storage) ||
	    !rq_uint(c, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_MEMORY_INDEX, &index) ||
	    !rq_uint(c, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_MESSAGE_TAG, &tag))
		return QMI_ERR_MISSING_ARGUMENT;
	struct sim_sms *m = slot_of(c->s, storage, index);
	if (!m)
		return QMI_ERR_INVALID_INDEX;
	if (tag > 3)
		return QMI_ERR_INVALID_ARGUMENT;
	m->tag = (uint8_t)tag;
	return 0;
}

/* delete: one message (memory-index), or every one of a tag, or all. */
static int delete_msgs(struct sim_call *c)
{
	uint64_t storage, index, tag;
	if (!rq_uint(c, QMIF_WMS_DELETE_RQ_MEMORY_STORAGE, &storage))
		return QMI_ERR_MISSING_ARGUMENT;
	if (storage > STORAGE_NV)
		return QMI_ERR_INVALID_ARGUMENT;
	if (!storage_ready(c->s, storage))
		return QMI_ERR_DEVICE_NOT_READY;
	if (rq_uint(c, QMIF_WMS_DELETE_RQ_MEMORY_INDEX, &index)) {
		struct sim_sms *m = slot_of(c->s, storage, index);
		if (!m)
			return QMI_ERR_INVALID_INDEX;
		m->used = false;
		return 0;
	}
	bool by_tag = rq_uint(c, QMIF_WMS_DELETE_RQ_MESSAGE_TAG, &tag);
	for (unsigned i = 0; i < SIM_SMS_SLOTS; i++) {
		struct sim_sms *m = &c->s->sms.store[storage][i];
		if (m->used && (!by_tag || m->tag == tag))
			m->used = false;
	}
	return 0;
}

static int list_messages(struct sim_call *c)
{
	uint64_t storage, tag, mode = MODE_GSM_WCDMA;
	if (!rq_uint(c, QMIF_WMS_LIST_MESSAGES_RQ_STORAGE_TYPE, &storage))
		return QMI_ERR_MISSING_ARGUMENT;
	if (storage > STORAGE_NV)
		return QMI_ERR_INVALID_ARGUMENT;
	if (!storage_ready(c->s, storage))
		return QMI_ERR_DEVICE_NOT_READY;
	bool by_tag = rq_uint(c, QMIF_WMS_LIST_MESSAGES_RQ_MESSAGE_TAG, &tag);
	rq_uint(c, QMIF_WMS_LIST_MESSAGES_RQ_MESSAGE_MODE, &mode);
	unsigned n = 0;
	for (unsigned i = 0; i < SIM_SMS_SLOTS; i++) {
		const struct sim_sms *m = &c->s->sms.store[storage][i];
		n += m->used && (!by_tag || m->tag == tag) && mode == MODE_GSM_WCDMA;
	}
	struct qmi_val *v = sim_put_array(c->s, c->rsp, QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST, n);
	if (!v && n)
		return QMI_ERR_INTERNAL;
	unsigned k = 0;
	for (unsigned i = 0; i < SIM_SMS_SLOTS && k < n; i++) {
		const struct sim_sms *m = &c->s->sms.store[storage][i];
		if (!m->used || (by_tag && m->tag != tag))
			continue;
		sim_eput_uint(c->s, c->rsp, &v[k], QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST_MEMORY_INDEX, i);
		sim_eput_uint(c->s, c->rsp, &v[k], QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST_MESSAGE_TAG, m->tag);
		k++;
	}
	return 0;
}

static int raw_send(struct sim_call *c)
{
	uint64_t format;
	const struct qmi_val *data = qmi_fget(c->req, QMIF_WMS_RAW_SEND_RQ_RAW_MESSAGE_DATA_RAW_DATA);
	if (!rq_uint(c, QMIF_WMS_RAW_SEND_RQ_RAW_MESSAGE_DATA_FORMAT, &format) || !data)
		return QMI_ERR_MISSING_ARGUMENT;
	if (format != FORMAT_GSM_WCDMA_PP)
		return QMI_ERR_INVALID_ARGUMENT;
	static struct sms_msg msg;
	char why[160];
	if (data->n > SMS_PDU_MAX || sms_decode(data->p, data->n, &msg, why, sizeof(why)) < 0 ||
	    msg.type != SMS_SUBMIT) {
		sim_log(c->s, "wms: raw-send refused: %s", data->n > SMS_PDU_MAX ? "PDU too long" :
			msg.type != SMS_SUBMIT ? "not an SMS-SUBMIT" : why);
		/* a network would refuse it too: rp-cause 111 protocol error, tp 0xd0 */
		rs_uint(c, QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO_RP_CAUSE, 111);
		rs_uint(c, QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO_TP_CAUSE, 0xd0);
		c->rsp->status = 1;
		c->rsp->error = QMI_ERR_WMS_CAUSE_CODE;
		return 0;
	}
	if (!sim_modem_registered(&c->s->m))
		return QMI_ERR_NETWORK_NOT_READY;
	struct sim_sms_state *st = &c->s->sms;
	if (st->n_sent == SIM_SMS_SENT_MAX) {
		memmove(st->sent, st->sent + 1, sizeof(st->sent[0]) * (SIM_SMS_SENT_MAX - 1));
		st->n_sent--;
	}
	struct sim_sms *m = &st->sent[st->n_sent++];
	m->used = true;
	m->tag = 2;     /* mo-sent */
	m->len = (uint16_t)data->n;
	memcpy(m->pdu, data->p, data->n);
	rs_uint(c, QMIF_WMS_RAW_SEND_RS_MESSAGE_ID, st->next_message_id++);
	return 0;
}

static void default_routes(struct sim_sms_state *st)
{
	if (st->routes_set)
		return;
	/* point-to-point, no class: store in NV and notify */
	static const uint8_t r[4] = { 0, 4, STORAGE_NV, 1 };
	memcpy(st->routes[0], r, 4);
	st->n_routes = 1;
	st->routes_set = true;
}

static int set_routes(struct sim_call *c)
{
	const struct qmi_val *list = qmi_fget(c->req, QMIF_WMS_SET_ROUTES_RQ_ROUTE_LIST);
	if (!list)
		return QMI_ERR_MISSING_ARGUMENT;
	if (list->n > SIM_SMS_ROUTES)
		return QMI_ERR_ARGUMENT_TOO_LONG;
	struct sim_sms_state *st = &c->s->sms;
	static const struct qmi_fh member[4] = {
		QMIF_WMS_SET_ROUTES_RQ_ROUTE_LIST_MESSAGE_TYPE, QMIF_WMS_SET_ROUTES_RQ_ROUTE_LIST_MESSAGE_CLASS,
		QMIF_WMS_SET_ROUTES_RQ_ROUTE_LIST_STORAGE, QMIF_WMS_SET_ROUTES_RQ_ROUTE_LIST_RECEIPT_ACTION,
	};
	for (uint32_t i = 0; i < list->n; i++)
		for (unsigned k = 0; k < 4; k++) {
			uint64_t v = 0;
			if (qmi_eget_uint(&list->kids[i], member[k], &v) < 0)
				return QMI_ERR_MISSING_ARGUMENT;
			st->routes[i][k] = (uint8_t)v;
		}
	st->n_routes = list->n;
	st->routes_set = true;
	return 0;
}

static int get_routes(struct sim_call *c)
{
	struct sim_sms_state *st = &c->s->sms;
	default_routes(st);
	struct qmi_val *v = sim_put_array(c->s, c->rsp, QMIF_WMS_GET_ROUTES_RS_ROUTE_LIST, st->n_routes);
	if (!v && st->n_routes)
		return QMI_ERR_INTERNAL;
	static const struct qmi_fh member[4] = {
		QMIF_WMS_GET_ROUTES_RS_ROUTE_LIST_MESSAGE_TYPE, QMIF_WMS_GET_ROUTES_RS_ROUTE_LIST_MESSAGE_CLASS,
		QMIF_WMS_GET_ROUTES_RS_ROUTE_LIST_STORAGE, QMIF_WMS_GET_ROUTES_RS_ROUTE_LIST_RECEIPT_ACTION,
	};
	for (unsigned i = 0; i < st->n_routes; i++)
		for (unsigned k = 0; k < 4; k++)
			sim_eput_uint(c->s, c->rsp, &v[i], member[k], st->routes[i][k]);
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_WMS_SET_EVENT_REPORT, set_event_report },
	{ QMI_WMS_RAW_SEND, raw_send },
	{ QMI_WMS_RAW_READ, raw_read },
	{ QMI_WMS_MODIFY_TAG, modify_tag },
	{ QMI_WMS_DELETE, delete_msgs },
	{ QMI_WMS_LIST_MESSAGES, list_messages },
	{ QMI_WMS_SET_ROUTES, set_routes },
	{ QMI_WMS_GET_ROUTES, get_routes },
};

const struct sim_handler_table sim_handlers_wms = { QMI_SVC_WMS, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };

/* ---- arriving messages ---- */

struct new_msg {
	uint8_t storage;
	uint32_t index;
};

static void fill_event(struct sim *s, struct qmi_msg *m, const void *arg)
{
	const struct new_msg *n = arg;
	sim_put_uint(s, m, QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE_STORAGE_TYPE, n->storage);
	sim_put_uint(s, m, QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE_MEMORY_INDEX, n->index);
	sim_put_uint(s, m, QMIF_WMS_EVENT_REPORT_IN_MESSAGE_MODE, MODE_GSM_WCDMA);
}

static int free_slot(struct sim *s, uint8_t storage)
{
	for (unsigned i = 0; i < SIM_SMS_SLOTS; i++)
		if (!s->sms.store[storage][i].used)
			return (int)i;
	return -1;
}

/* Stores the PDUs and tells the clients; the indexes go to out. */
static int arrive(struct sim *s, const struct sms_pdu *p, int n, uint8_t storage, struct strbuf *out)
{
	int free_n = 0;
	for (unsigned i = 0; i < SIM_SMS_SLOTS; i++)
		free_n += !s->sms.store[storage][i].used;
	if (free_n < n) {
		sb_printf(out, "{\"ok\":false,\"error\":\"the %s store is full (%d free, %d needed)\"}",
			  storage ? "nv" : "uim", free_n, n);
		return -1;
	}
	sb_printf(out, "{\"ok\":true,\"storage\":\"%s\",\"indexes\":[", storage ? "nv" : "uim");
	for (int k = 0; k < n; k++) {
		int i = free_slot(s, storage);
		struct sim_sms *m = &s->sms.store[storage][i];
		m->used = true;
		m->tag = TAG_MT_NOT_READ;
		m->len = (uint16_t)p[k].len;
		memcpy(m->pdu, p[k].b, p[k].len);
		struct new_msg nm = { storage, (uint32_t)i };
		unsigned told = sim_indicate_all(s, QMI_SVC_WMS, SIM_IND_WMS_NEW, QMI_WMS_EVENT_REPORT,
						 fill_event, &nm);
		sim_log(s, "wms: message stored at %s/%d, %u client(s) told", storage ? "nv" : "uim", i, told);
		if (s->mbim)
			sim_mbim_notify(s, SIM_MBIM_N_SMS, (unsigned)storage << 8 | (unsigned)i);
		sb_printf(out, "%s%d", k ? "," : "", i);
	}
	sb_puts(out, "]}");
	return 0;
}

/* storage=uim|nv, else where the routes send a message of no class */
static int storage_arg(struct sim *s, int argc, char **argv, uint8_t *storage)
{
	const char *v = sim_kv(argc, argv, "storage");
	default_routes(&s->sms);
	*storage = STORAGE_NV;
	for (unsigned i = 0; i < s->sms.n_routes; i++)
		if (s->sms.routes[i][1] == 4 && s->sms.routes[i][2] <= STORAGE_NV)
			*storage = s->sms.routes[i][2];
	if (!v)
		return 0;
	if (!strcmp(v, "uim") || !strcmp(v, "nv")) {
		*storage = !strcmp(v, "nv");
		return 0;
	}
	return -1;
}

static void err_json(struct strbuf *out, const char *msg)
{
	sb_puts(out, "{\"ok\":false,\"error\":");
	sb_put_json_str(out, msg, strlen(msg));
	sb_putc(out, '}');
}

/* %XX escapes, so spaces and newlines fit one argument. */
static int unescape(const char *in, char *out, size_t cap)
{
	size_t k = 0;
	for (const char *p = in; *p; p++) {
		uint8_t b;
		if (*p == '%') {
			if (hex_decode(p + 1, 2, &b, 1) != 1)
				return -1;
			p += 2;
		} else {
			b = (uint8_t)*p;
		}
		if (k + 1 >= cap)
			return -1;
		out[k++] = (char)b;
	}
	out[k] = 0;
	return 0;
}

/* sms-deliver FROM TEXT... [storage=uim|nv]: the words of TEXT joined by
 * one space, each %XX-unescaped. */
int sim_sms_deliver_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	static char text[2048];
	char word[1024], from[64];
	uint8_t storage;
	size_t k = 0;
	if (argc < 3 || storage_arg(s, argc, argv, &storage) < 0) {
		err_json(out, "usage: sms-deliver FROM TEXT... [storage=uim|nv] (%XX escapes in TEXT)");
		return -1;
	}
	if (unescape(argv[1], from, sizeof(from)) < 0) {
		err_json(out, "bad sender");
		return -1;
	}
	text[0] = 0;
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "storage=", 8))
			continue;
		if (unescape(argv[i], word, sizeof(word)) < 0 || k + strlen(word) + 2 > sizeof(text)) {
			err_json(out, "bad or too long text");
			return -1;
		}
		k += (size_t)snprintf(text + k, sizeof(text) - k, "%s%s", k ? " " : "", word);
	}
	static struct sms_pdu parts[SMS_MAX_PARTS];
	char why[200];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	struct sms_time t = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 0 };
	int n = sms_encode_deliver(from, "+491710760000", &t, text, s->sms.next_ref, parts, SMS_MAX_PARTS, why,
				   sizeof(why));
	if (n < 0) {
		err_json(out, why);
		return -1;
	}
	if (n > 1)
		s->sms.next_ref++;
	return arrive(s, parts, n, storage, out);
}

/* sms-pdu HEX [storage=uim|nv]: a PDU as it is (SMSC address first). */
int sim_sms_pdu_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	struct sms_pdu p;
	uint8_t storage;
	int n = argc > 1 ? hex_decode(argv[1], strlen(argv[1]), p.b, sizeof(p.b)) : -1;
	if (n <= 0 || storage_arg(s, argc, argv, &storage) < 0) {
		err_json(out, "usage: sms-pdu HEX [storage=uim|nv] (at most 176 bytes)");
		return -1;
	}
	p.len = (size_t)n;
	return arrive(s, &p, 1, storage, out);
}

static void msg_json(struct strbuf *out, const struct sim_sms *m)
{
	static struct sms_msg d;
	char why[160];
	if (sms_decode(m->pdu, m->len, &d, why, sizeof(why)) < 0) {
		sb_puts(out, "\"error\":");
		sb_put_json_str(out, why, strlen(why));
		return;
	}
	sb_puts(out, "\"addr\":");
	sb_put_json_str(out, d.addr, strlen(d.addr));
	sb_puts(out, ",\"text\":");
	sb_put_json_str(out, d.text, d.text_len);
	if (d.concat)
		sb_printf(out, ",\"ref\":%u,\"part\":%u,\"parts\":%u", d.ref, d.seq, d.total);
}

/* sms: the store and the messages sent, decoded (sent ones joined). */
int sim_sms_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	(void)argc;
	(void)argv;
	static const char *const tags[] = { "mt-read", "mt-not-read", "mo-sent", "mo-not-sent" };
	sb_puts(out, "{\"ok\":true,\"stored\":[");
	bool first = true;
	for (unsigned st = 0; st < 2; st++)
		for (unsigned i = 0; i < SIM_SMS_SLOTS; i++) {
			const struct sim_sms *m = &s->sms.store[st][i];
			if (!m->used)
				continue;
			sb_printf(out, "%s{\"storage\":\"%s\",\"index\":%u,\"tag\":\"%s\",", first ? "" : ",",
				  st ? "nv" : "uim", i, tags[m->tag & 3]);
			msg_json(out, m);
			sb_putc(out, '}');
			first = false;
		}
	sb_puts(out, "],\"sent\":[");
	/* the parts of each sent message joined, in the order sent */
	static struct sms_msg d[SIM_SMS_SENT_MAX];
	const struct sms_msg *group[SIM_SMS_SENT_MAX];
	bool done[SIM_SMS_SENT_MAX] = { false }, ok[SIM_SMS_SENT_MAX];
	char why[160];
	static char joined[SMS_MAX_PARTS * SMS_TEXT_MAX];
	for (unsigned i = 0; i < s->sms.n_sent; i++)
		ok[i] = sms_decode(s->sms.sent[i].pdu, s->sms.sent[i].len, &d[i], why, sizeof(why)) == 0;
	first = true;
	for (unsigned i = 0; i < s->sms.n_sent; i++) {
		if (done[i] || !ok[i])
			continue;
		size_t n = 0;
		for (unsigned j = i; j < s->sms.n_sent; j++)
			if (!done[j] && ok[j] && (j == i || sms_same_message(&d[i], &d[j]))) {
				group[n++] = &d[j];
				done[j] = true;
			}
		bool complete;
		int len = sms_join(group, n, joined, sizeof(joined), &complete);
		sb_printf(out, "%s{\"to\":", first ? "" : ",");
		sb_put_json_str(out, d[i].addr, strlen(d[i].addr));
		sb_printf(out, ",\"parts\":%zu,\"alphabet\":\"%s\",\"complete\":%s,\"text\":", n,
			  sms_alphabet_name(d[i].alphabet), complete ? "true" : "false");
		sb_put_json_str(out, joined, len > 0 ? (size_t)len : 0);
		sb_putc(out, '}');
		first = false;
	}
	sb_puts(out, "]}");
	return 0;
}
