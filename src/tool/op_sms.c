/* cellink sms list | read ID | send NUMBER TEXT | delete ID|all | watch:
 * the modem's SMS store over QMI WMS (docs/toolbox.md).
 *
 * ID is STORAGE/INDEX ("nv/3", "uim/0") or an index alone when only one
 * storage has it. The parts of a concatenated message are shown as one
 * message (its id: the first part's), and read or delete act on every
 * part. Texts come out as UTF-8 (src/sms decodes GSM 7-bit and UCS-2;
 * 8-bit data as hex). send encodes GSM 7-bit when it can, else UCS-2, in
 * as many parts as the text needs. watch asks for new-message reports and
 * streams one update per arriving message, its parts joined; the daemon
 * runs it to feed the hook (event "sms").
 *
 * On an MBIM function without QMI over MBIM (tool_env's mbim), MBIM's own
 * SMS service carries list, read, send and delete in the same words: its
 * one store is storage "mbim" (ids mbim/N, N the modem's index); a read
 * lists every message (the modem marks the new ones read as it hands them
 * over) and picks the named one; delete names each part by its index.
 * watch stays with QMI for now.
 *
 * Every subcommand needs the admin group through the control socket:
 * messages carry one-time codes and bank notices. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "mbim/mbim.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "sms/sms.h"
#include "tool/ops.h"
#include "tool/tool.h"

#define SMS_STORAGES 2          /* 0 uim, 1 nv: QMI's storage numbers */
#define SMS_STORAGE_MBIM 2      /* MBIM's one store */
#define SMS_LIST_MAX 64         /* messages read for one answer */
#define SMS_WATCH_PENDING 8     /* concatenated messages waiting for parts */
#define MODE_GSM_WCDMA 1
#define FORMAT_GSM_WCDMA_PP 6
#define TAG_MT_READ 0
#define TAG_MT_NOT_READ 1
#define SEND_TIMEOUT_MS 60000   /* the network's answer can take long */

static const char *const storage_names[SMS_STORAGES + 1] = { "uim", "nv", "mbim" };

enum sms_cmd { SMS_LIST, SMS_READ, SMS_SEND, SMS_DELETE, SMS_WATCH };

struct sms_args {
	enum sms_cmd cmd;
	int storage;            /* -1: either */
	long index;             /* -1: all (delete) */
	const char *number, *text;
	bool unread;            /* watch unread: hand over (see watch) */
};

struct sms_entry {
	uint8_t storage;
	uint32_t index;
	uint8_t tag;
	bool ok;                /* decoded */
	bool done;              /* grouped already */
	char why[120];
	struct sms_msg m;
};

struct sms_state {
	struct sms_args a;
	uint8_t cid;
	int storage_at;         /* listing: the storage being listed */
	struct sms_entry *e;    /* SMS_LIST_MAX of them */
	unsigned n, at;         /* entries, next to read or act on */
	unsigned left_out;      /* listed beyond SMS_LIST_MAX: not read */
	int target;             /* read/delete: the entry named */
	unsigned group[SMS_MAX_PARTS];
	unsigned n_group;
	/* send */
	struct sms_pdu parts[SMS_MAX_PARTS];
	int n_parts, sent;
	uint16_t ids[SMS_MAX_PARTS];
	bool gsm7;
	/* watch: arrived, not yet read; and parts of incomplete messages */
	struct { uint8_t storage; uint32_t index; } queue[16];
	unsigned n_queue;
	bool reading;
	bool catching_up;       /* watch unread: the store's unread ones first */
	struct { uint8_t storage; uint32_t index; } tagq[SMS_LIST_MAX + 16];
	unsigned n_tagq;        /* handed over, to be marked read */
	struct sms_entry *pending;      /* SMS_WATCH_PENDING * SMS_MAX_PARTS */
	unsigned n_pending;
};

/* ---- arguments ---- */

static int usage(char *why, size_t len, const char *what)
{
	snprintf(why, len, "sms: %s (sms list | read ID | send NUMBER TEXT | delete ID|all | watch [unread]; "
		 "ID: nv/3, uim/0 or 3)", what);
	return TOOL_E_USAGE;
}

static int parse_id(const char *s, struct sms_args *a)
{
	unsigned long v;
	const char *slash = strchr(s, '/');
	a->storage = -1;
	if (slash) {
		size_t n = (size_t)(slash - s);
		for (int i = 0; i <= SMS_STORAGE_MBIM; i++)
			if (strlen(storage_names[i]) == n && !strncmp(s, storage_names[i], n))
				a->storage = i;
		if (a->storage < 0)
			return -1;
		s = slash + 1;
	}
	if (tool_parse_uint(s, 0, 0xffffffffUL, &v) < 0)
		return -1;
	a->index = (long)v;
	return 0;
}

static int parse(int argc, char **argv, struct sms_args *a, char *why, size_t len)
{
	memset(a, 0, sizeof(*a));
	a->storage = -1;
	a->index = -1;
	if (argc < 1)
		return usage(why, len, "which subcommand?");
	const char *c = argv[0];
	int want;
	if (!strcmp(c, "list")) {
		a->cmd = SMS_LIST, want = 1;
	} else if (!strcmp(c, "watch")) {
		a->cmd = SMS_WATCH, want = 1;
		if (argc >= 2 && !strcmp(argv[1], "unread"))
			a->unread = true, want = 2;
	} else if (!strcmp(c, "read") || !strcmp(c, "delete")) {
		a->cmd = c[0] == 'r' ? SMS_READ : SMS_DELETE, want = 2;
		if (argc >= 2 && !(a->cmd == SMS_DELETE && !strcmp(argv[1], "all")) && parse_id(argv[1], a) < 0) {
			char w[120];
			snprintf(w, sizeof(w), "'%.40s' is not a message id", argv[1]);
			return usage(why, len, w);
		}
	} else if (!strcmp(c, "send")) {
		a->cmd = SMS_SEND, want = 3;
		if (argc == 3) {
			a->number = argv[1];
			a->text = argv[2];
		}
	} else {
		char w[120];
		snprintf(w, sizeof(w), "unknown subcommand '%.40s'", c);
		return usage(why, len, w);
	}
	if (argc != want)
		return usage(why, len, argc < want ? "an argument is missing" : "too many arguments");
	if (a->cmd == SMS_SEND) {
		/* the encoder's checks, at once: a bad number or text is a usage error */
		static struct sms_pdu p[SMS_MAX_PARTS];
		char w[200];
		if (!a->text[0])
			return usage(why, len, "the text is empty");
		if (sms_encode_submit(a->number, a->text, 0, p, SMS_MAX_PARTS, w, sizeof(w)) < 0) {
			snprintf(why, len, "sms: %s", w);
			return TOOL_E_USAGE;
		}
	}
	return 0;
}

bool tool_sms_changes(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return true;    /* reading messages is as private as changing them */
}

/* ---- JSON of a message (the parts in group, in any order) ---- */

static void msg_json(struct strbuf *sb, struct sms_entry *const *g, unsigned n)
{
	const struct sms_entry *first = g[0];
	for (unsigned i = 1; i < n; i++)     /* the id is the first part's */
		if (g[i]->ok && (!first->ok || g[i]->m.seq < first->m.seq))
			first = g[i];
	sb_printf(sb, "{\"id\":\"%s/%u\",\"storage\":\"%s\",\"indexes\":[", storage_names[first->storage],
		  first->index, storage_names[first->storage]);
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, "%s%u", i ? "," : "", g[i]->index);
	sb_putc(sb, ']');
	if (!first->ok) {
		tool_json_str(sb, "error", first->why);
		sb_putc(sb, '}');
		return;
	}
	const struct sms_msg *m = &first->m;
	bool unread = false;
	for (unsigned i = 0; i < n; i++)
		unread |= g[i]->tag == TAG_MT_NOT_READ;
	tool_json_str(sb, "direction", m->type == SMS_DELIVER ? "in" : "out");
	tool_json_str(sb, m->type == SMS_DELIVER ? "from" : "to", m->addr);
	if (m->has_time) {
		char t[40];
		sms_time_iso(&m->time, t, sizeof(t));
		tool_json_str(sb, "time", t);
	}
	if (m->type == SMS_DELIVER)
		tool_json_bool(sb, "unread", unread);
	tool_json_str(sb, "alphabet", sms_alphabet_name(m->alphabet));
	if (m->msg_class >= 0)
		tool_json_int(sb, "class", m->msg_class);
	const struct sms_msg *parts[SMS_MAX_PARTS];
	unsigned k = 0;
	for (unsigned i = 0; i < n && k < SMS_MAX_PARTS; i++)
		if (g[i]->ok)
			parts[k++] = &g[i]->m;
	static char joined[SMS_MAX_PARTS * SMS_TEXT_MAX + 8];
	bool complete = true;
	int len = sms_join(parts, k, joined, sizeof(joined), &complete);
	tool_json_uint(sb, "parts", m->concat ? m->total : 1);
	tool_json_bool(sb, "complete", complete);
	sb_puts(sb, ",\"text\":");
	sb_put_json_str(sb, joined, len > 0 ? (size_t)len : 0);
	sb_putc(sb, '}');
}

/* The entries of the message e[i] belongs to: itself, and the other parts
 * of a concatenated one in the same storage. */
static unsigned group_of(struct sms_state *st, unsigned i, unsigned *out)
{
	unsigned n = 0;
	out[n++] = i;
	if (!st->e[i].ok || !st->e[i].m.concat)
		return n;
	for (unsigned j = 0; j < st->n && n < SMS_MAX_PARTS; j++)
		if (j != i && st->e[j].ok && st->e[j].storage == st->e[i].storage &&
		    sms_same_message(&st->e[i].m, &st->e[j].m))
			out[n++] = j;
	return n;
}

static void group_json(struct strbuf *sb, struct sms_state *st, const unsigned *idx, unsigned n)
{
	struct sms_entry *g[SMS_MAX_PARTS];
	for (unsigned i = 0; i < n; i++)
		g[i] = &st->e[idx[i]];
	msg_json(sb, g, n);
}

/* ---- list, then read every message ---- */

static void next_step(struct tool_run *r);
static void catch_up(struct tool_run *r);

static void on_raw_read(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	struct sms_entry *e = &st->e[st->at++];
	const struct qmi_val *data = NULL;
	if (!err && resp && qmi_resp_result(resp) == 0)
		data = qmi_fget(resp, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_RAW_DATA);
	uint64_t tag = 0, format = FORMAT_GSM_WCDMA_PP;
	if (data && (qmi_fget_uint(resp, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_MESSAGE_TAG, &tag) < 0 ||
		     qmi_fget_uint(resp, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_FORMAT, &format) < 0))
		data = NULL;
	e->tag = (uint8_t)tag;
	if (!data) {
		if (err == CL_E_GONE || err == CL_E_CANCELLED) {
			tool_fail(r, "raw-read: %s", tool_err_text(err, resp));
			return;
		}
		snprintf(e->why, sizeof(e->why), "raw-read: %s", tool_err_text(err, resp));
	} else if (format != FORMAT_GSM_WCDMA_PP) {
		snprintf(e->why, sizeof(e->why), "a message of format %u (not GSM/WCDMA point-to-point)",
			 (unsigned)format);
	} else {
		e->ok = sms_decode(data->p, data->n, &e->m, e->why, sizeof(e->why)) == 0;
	}
	next_step(r);
}

static void read_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	struct sms_entry *e = &st->e[st->at];
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_RAW_READ);
	if (qmi_fset_uint(m, QMIF_WMS_RAW_READ_RQ_MESSAGE_MEMORY_STORAGE_ID_STORAGE_TYPE, e->storage) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_RAW_READ_RQ_MESSAGE_MEMORY_STORAGE_ID_MEMORY_INDEX, e->index) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_RAW_READ_RQ_MESSAGE_MODE, MODE_GSM_WCDMA) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, 0, on_raw_read);
	if (rc < 0)
		tool_fail(r, "raw-read: %s", tool_err_text(rc, NULL));
}

static void list_storage(struct tool_run *r);

static void on_list(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	const struct qmi_val *l = NULL;
	if (!err && resp && qmi_resp_result(resp) == 0) {
		l = qmi_fget(resp, QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST);
	} else if (err || !resp || st->storage_at != 0 || st->a.storage == 0) {
		/* the SIM's store may be missing (no SIM, not ready): skipped
		 * when both are listed; anything else fails */
		tool_resp_ok(r, err, resp, "list-messages");
		return;
	}
	if (l && l->n > SMS_LIST_MAX - st->n)
		st->left_out += l->n - (SMS_LIST_MAX - st->n);
	for (uint32_t i = 0; l && i < l->n && st->n < SMS_LIST_MAX; i++) {
		uint64_t index, tag;
		if (qmi_eget_uint(&l->kids[i], QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST_MEMORY_INDEX, &index) < 0 ||
		    qmi_eget_uint(&l->kids[i], QMIF_WMS_LIST_MESSAGES_RS_MESSAGE_LIST_MESSAGE_TAG, &tag) < 0)
			continue;
		if (st->a.cmd == SMS_WATCH && tag != TAG_MT_NOT_READ)
			continue;       /* watch unread: handed over already */
		struct sms_entry *e = &st->e[st->n++];
		memset(e, 0, sizeof(*e));
		e->storage = (uint8_t)st->storage_at;
		e->index = (uint32_t)index;
		e->tag = (uint8_t)tag;
	}
	st->storage_at++;
	if (st->storage_at < SMS_STORAGES && (st->a.storage < 0 || st->a.storage == st->storage_at))
		list_storage(r);
	else
		next_step(r);
}

static void list_storage(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_LIST_MESSAGES);
	if (qmi_fset_uint(m, QMIF_WMS_LIST_MESSAGES_RQ_STORAGE_TYPE, (uint64_t)st->storage_at) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_LIST_MESSAGES_RQ_MESSAGE_MODE, MODE_GSM_WCDMA) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, 0, on_list);
	if (rc < 0)
		tool_fail(r, "list-messages: %s", tool_err_text(rc, NULL));
}

/* ---- the answers ---- */

static void answer_list(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	sb_puts(&sb, ",\"messages\":[");
	bool first = true;
	for (unsigned i = 0; i < st->n; i++) {
		if (st->e[i].done)
			continue;
		unsigned idx[SMS_MAX_PARTS];
		unsigned n = group_of(st, i, idx);
		for (unsigned k = 0; k < n; k++)
			st->e[idx[k]].done = true;
		if (!first)
			sb_putc(&sb, ',');
		group_json(&sb, st, idx, n);
		first = false;
	}
	sb_putc(&sb, ']');
	if (st->left_out)
		tool_json_uint(&sb, "left_out", st->left_out);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

/* delete, over QMI and MBIM: the IDs of the messages deleted (each entry
 * names its store, mbim for MBIM's) */
static void answer_deleted(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	sb_puts(&sb, ",\"deleted\":[");
	for (unsigned i = 0; i < st->n_group; i++) {
		const struct sms_entry *e = &st->e[st->group[i]];
		sb_printf(&sb, "%s\"%s/%u\"", i ? "," : "", storage_names[e->storage], e->index);
	}
	sb_putc(&sb, ']');
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

/* send, over QMI and MBIM: every part sent, with the id the network gave it */
static void answer_sent(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	tool_json_str(&sb, "to", st->a.number);
	tool_json_uint(&sb, "parts", (uint64_t)st->n_parts);
	tool_json_str(&sb, "alphabet", st->gsm7 ? "gsm7" : "ucs2");
	sb_puts(&sb, ",\"message_ids\":[");
	for (int i = 0; i < st->n_parts; i++)
		sb_printf(&sb, "%s%u", i ? "," : "", st->ids[i]);
	sb_putc(&sb, ']');
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

/* The entry ID names: -1 with the run failed when none or two. */
static int find_target(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	int found = -1;
	for (unsigned i = 0; i < st->n; i++)
		if ((long)st->e[i].index == st->a.index && (st->a.storage < 0 || st->e[i].storage == st->a.storage)) {
			if (found >= 0) {
				tool_fail(r, "message %ld is in both storages: say uim/%ld or nv/%ld", st->a.index,
					  st->a.index, st->a.index);
				return -1;
			}
			found = (int)i;
		}
	if (found < 0) {
		if (st->a.storage >= 0)
			tool_fail(r, "no message %s/%ld", storage_names[st->a.storage], st->a.index);
		else
			tool_fail(r, "no message %ld", st->a.index);
	}
	return found;
}

static void on_tagged(struct tool_run *r, int err, const struct qmi_msg *resp);
static void on_deleted(struct tool_run *r, int err, const struct qmi_msg *resp);

/* read: mark the unread parts read, one request each, then answer */
static void tag_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	while (st->at < st->n_group && st->e[st->group[st->at]].tag != TAG_MT_NOT_READ)
		st->at++;
	if (st->at == st->n_group) {
		struct strbuf sb;
		sb_init(&sb);
		tool_json_begin(&sb);
		sb_puts(&sb, ",\"message\":");
		group_json(&sb, st, st->group, st->n_group);
		tool_json_end(&sb);
		tool_done(r, &sb);
		sb_free(&sb);
		return;
	}
	const struct sms_entry *e = &st->e[st->group[st->at]];
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_MODIFY_TAG);
	if (qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_STORAGE_TYPE, e->storage) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_MEMORY_INDEX, e->index) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_MESSAGE_TAG, TAG_MT_READ) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_MODE, MODE_GSM_WCDMA) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, 0, on_tagged);
	if (rc < 0)
		tool_fail(r, "modify-tag: %s", tool_err_text(rc, NULL));
}

static void on_tagged(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	/* the message was read all the same: shown as it was (unread) */
	if (err == CL_E_GONE || err == CL_E_CANCELLED) {
		tool_fail(r, "modify-tag: %s", tool_err_text(err, resp));
		return;
	}
	if (!err && resp && qmi_resp_result(resp) == 0)
		st->e[st->group[st->at]].tag = TAG_MT_READ;
	st->at++;
	tag_next(r);
}

static void delete_one(struct tool_run *r, int storage, long index)
{
	struct sms_state *st = tool_state(r);
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_DELETE);
	if (qmi_fset_uint(m, QMIF_WMS_DELETE_RQ_MEMORY_STORAGE, (uint64_t)storage) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_DELETE_RQ_MESSAGE_MODE, MODE_GSM_WCDMA) < 0 ||
	    (index >= 0 && qmi_fset_uint(m, QMIF_WMS_DELETE_RQ_MEMORY_INDEX, (uint64_t)index) < 0))
		tool_msg_bad(r);
	int rc = tool_send(r, 0, on_deleted);
	if (rc < 0)
		tool_fail(r, "delete: %s", tool_err_text(rc, NULL));
}

static void delete_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	bool all = st->a.index < 0;
	unsigned n = all ? SMS_STORAGES : st->n_group;
	if (st->at == n) {
		answer_deleted(r);
		return;
	}
	if (all) {
		delete_one(r, (int)st->at, -1);
	} else {
		const struct sms_entry *e = &st->e[st->group[st->at]];
		delete_one(r, e->storage, e->index);
	}
}

static void on_deleted(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	bool all = st->a.index < 0;
	/* delete all: the SIM's store may be missing (as in listing) */
	if (!(all && st->at == 0 && !err && resp) && !tool_resp_ok(r, err, resp, "delete"))
		return;
	st->at++;
	delete_next(r);
}

/* read or delete on a complete listing, over either protocol: delete
 * without an index takes every part listed; otherwise the named message
 * and the other parts of its text */
static void act_on_listing(struct tool_run *r, void (*read)(struct tool_run *), void (*del)(struct tool_run *))
{
	struct sms_state *st = tool_state(r);
	st->at = 0;
	if (st->a.cmd == SMS_DELETE && st->a.index < 0) {
		st->n_group = 0;
		for (unsigned i = 0; i < st->n && st->n_group < SMS_MAX_PARTS; i++)
			st->group[st->n_group++] = i;
		del(r);
		return;
	}
	if ((st->target = find_target(r)) < 0)
		return;
	st->n_group = group_of(st, (unsigned)st->target, st->group);
	if (st->a.cmd == SMS_READ)
		read(r);
	else
		del(r);
}

/* After the listing (and reading): what the subcommand does with it. */
static void next_step(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	if (st->at < st->n) {
		read_next(r);
		return;
	}
	if (st->a.cmd == SMS_LIST) {
		answer_list(r);
		return;
	}
	if (st->a.cmd == SMS_WATCH) {
		catch_up(r);
		return;
	}
	act_on_listing(r, tag_next, delete_next);
}

/* ---- send ---- */

static void send_next(struct tool_run *r);

static void on_sent(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	if (!err && resp && qmi_resp_result(resp) != 0 && resp->error == QMI_ERR_WMS_CAUSE_CODE) {
		uint64_t rp = 0, tp = 0;
		bool have = qmi_fget_uint(resp, QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO_RP_CAUSE, &rp) == 0;
		have = qmi_fget_uint(resp, QMIF_WMS_RAW_SEND_RS_GSM_WCDMA_CAUSE_INFO_TP_CAUSE, &tp) == 0 && have;
		if (have) {
			tool_fail(r, "raw-send: the network refused part %d of %d (RP cause %u, TP cause 0x%02x)",
				  st->sent + 1, st->n_parts, (unsigned)rp, (unsigned)tp);
			return;
		}
	}
	char what[64];
	snprintf(what, sizeof(what), "raw-send (part %d of %d)", st->sent + 1, st->n_parts);
	if (!tool_resp_ok(r, err, resp, what))
		return;
	uint64_t id = 0;
	if (qmi_fget_uint(resp, QMIF_WMS_RAW_SEND_RS_MESSAGE_ID, &id) < 0)
		id = 0;
	st->ids[st->sent++] = (uint16_t)id;
	send_next(r);
}

static void send_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	if (st->sent == st->n_parts) {
		answer_sent(r);
		return;
	}
	const struct sms_pdu *p = &st->parts[st->sent];
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_RAW_SEND);
	if (qmi_fset_uint(m, QMIF_WMS_RAW_SEND_RQ_RAW_MESSAGE_DATA_FORMAT, FORMAT_GSM_WCDMA_PP) < 0 ||
	    qmi_fset_bytes(m, QMIF_WMS_RAW_SEND_RQ_RAW_MESSAGE_DATA_RAW_DATA, p->b, p->len) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, SEND_TIMEOUT_MS, on_sent);
	if (rc < 0)
		tool_fail(r, "raw-send: %s", tool_err_text(rc, NULL));
}

/* ---- watch ---- */

static void watch_next(struct tool_run *r);

static void emit_message(struct tool_run *r, struct sms_entry *const *g, unsigned n)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"event\":\"sms\",\"message\":");
	msg_json(&sb, g, n);
	sb_putc(&sb, '}');
	tool_emit(r, &sb);
	sb_free(&sb);
	/* watch unread: handed over, so marked read (a later watch skips it) */
	struct sms_state *st = tool_state(r);
	for (unsigned i = 0; st->a.unread && i < n; i++)
		if (g[i]->tag == TAG_MT_NOT_READ && st->n_tagq < sizeof(st->tagq) / sizeof(st->tagq[0])) {
			st->tagq[st->n_tagq].storage = g[i]->storage;
			st->tagq[st->n_tagq].index = g[i]->index;
			st->n_tagq++;
		}
}

/* A part arrived: alone, or the last one of its message, it goes out;
 * else it waits for its siblings (the oldest waiting message goes out
 * incomplete when too many wait). */
static void watch_arrived(struct tool_run *r, struct sms_entry *e)
{
	struct sms_state *st = tool_state(r);
	if (!e->ok || !e->m.concat) {
		emit_message(r, &e, 1);
		return;
	}
	for (unsigned i = 0; i < st->n_pending; i++)
		if (st->pending[i].storage == e->storage && st->pending[i].index == e->index)
			return;         /* a part listed and reported both: once */
	if (st->n_pending == SMS_WATCH_PENDING * SMS_MAX_PARTS) {
		/* evict the oldest message and every part of it */
		struct sms_entry *g[SMS_MAX_PARTS];
		unsigned n = 0;
		struct sms_entry old = st->pending[0];
		for (unsigned i = 0; i < st->n_pending;)
			if (sms_same_message(&old.m, &st->pending[i].m) && n < SMS_MAX_PARTS) {
				static struct sms_entry keep[SMS_MAX_PARTS];
				keep[n] = st->pending[i];
				g[n] = &keep[n];
				n++;
				memmove(&st->pending[i], &st->pending[i + 1],
					(st->n_pending - i - 1) * sizeof(st->pending[0]));
				st->n_pending--;
			} else {
				i++;
			}
		if (n)
			emit_message(r, g, n);
	}
	st->pending[st->n_pending++] = *e;
	struct sms_entry *g[SMS_MAX_PARTS];
	unsigned n = 0;
	bool seen[256] = { false };
	unsigned distinct = 0;
	for (unsigned i = 0; i < st->n_pending && n < SMS_MAX_PARTS; i++)
		if (sms_same_message(&e->m, &st->pending[i].m)) {
			g[n++] = &st->pending[i];
			if (!seen[st->pending[i].m.seq]) {
				seen[st->pending[i].m.seq] = true;
				distinct++;
			}
		}
	if (distinct < e->m.total && n < SMS_MAX_PARTS)
		return;
	emit_message(r, g, n);
	/* and forget the parts */
	struct sms_msg key = e->m;
	unsigned k = 0;
	for (unsigned i = 0; i < st->n_pending; i++)
		if (!sms_same_message(&key, &st->pending[i].m))
			st->pending[k++] = st->pending[i];
	st->n_pending = k;
}

static void on_watch_read(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	static struct sms_entry e;
	memset(&e, 0, sizeof(e));
	e.storage = st->queue[0].storage;
	e.index = st->queue[0].index;
	memmove(st->queue, st->queue + 1, --st->n_queue * sizeof(st->queue[0]));
	st->reading = false;
	if (err == CL_E_GONE || err == CL_E_CANCELLED) {
		tool_fail(r, "raw-read: %s", tool_err_text(err, resp));
		return;
	}
	const struct qmi_val *data = NULL;
	uint64_t tag = TAG_MT_NOT_READ;
	if (!err && resp && qmi_resp_result(resp) == 0) {
		data = qmi_fget(resp, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_RAW_DATA);
		if (qmi_fget_uint(resp, QMIF_WMS_RAW_READ_RS_RAW_MESSAGE_DATA_MESSAGE_TAG, &tag) < 0)
			tag = TAG_MT_NOT_READ;
	}
	e.tag = (uint8_t)tag;
	if (data && st->a.unread && tag == TAG_MT_READ) {
		watch_next(r);  /* handed over already (listed as the watch began) */
		return;
	}
	if (!data)
		snprintf(e.why, sizeof(e.why), "raw-read: %s", tool_err_text(err, resp));
	else
		e.ok = sms_decode(data->p, data->n, &e.m, e.why, sizeof(e.why)) == 0;
	watch_arrived(r, &e);
	watch_next(r);
}

static void on_watch_tagged(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct sms_state *st = tool_state(r);
	memmove(st->tagq, st->tagq + 1, --st->n_tagq * sizeof(st->tagq[0]));
	st->reading = false;
	if (err == CL_E_GONE || err == CL_E_CANCELLED) {
		tool_fail(r, "modify-tag: %s", tool_err_text(err, resp));
		return;
	}
	/* refused: the message stays unread, and the next watch hands it over again */
	watch_next(r);
}

static void watch_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	if (st->reading || st->catching_up || tool_ended(r))
		return;
	if (st->n_tagq) {
		struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_MODIFY_TAG);
		if (qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_STORAGE_TYPE, st->tagq[0].storage) < 0 ||
		    qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_MEMORY_INDEX, st->tagq[0].index) < 0 ||
		    qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_TAG_MESSAGE_TAG, TAG_MT_READ) < 0 ||
		    qmi_fset_uint(m, QMIF_WMS_MODIFY_TAG_RQ_MESSAGE_MODE, MODE_GSM_WCDMA) < 0)
			tool_msg_bad(r);
		int rc = tool_send(r, 0, on_watch_tagged);
		if (rc < 0) {
			tool_fail(r, "modify-tag: %s", tool_err_text(rc, NULL));
			return;
		}
		st->reading = true;
		return;
	}
	if (!st->n_queue)
		return;
	struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, st->cid, QMI_WMS_RAW_READ);
	if (qmi_fset_uint(m, QMIF_WMS_RAW_READ_RQ_MESSAGE_MEMORY_STORAGE_ID_STORAGE_TYPE, st->queue[0].storage) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_RAW_READ_RQ_MESSAGE_MEMORY_STORAGE_ID_MEMORY_INDEX, st->queue[0].index) < 0 ||
	    qmi_fset_uint(m, QMIF_WMS_RAW_READ_RQ_MESSAGE_MODE, MODE_GSM_WCDMA) < 0)
		tool_msg_bad(r);
	int rc = tool_send(r, 0, on_watch_read);
	if (rc < 0) {
		tool_fail(r, "raw-read: %s", tool_err_text(rc, NULL));
		return;
	}
	st->reading = true;
}

static void on_event(struct tool_run *r, const struct qmi_msg *ind)
{
	struct sms_state *st = tool_state(r);
	uint64_t storage, index;
	if (ind->client != st->cid ||
	    qmi_fget_uint(ind, QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE_STORAGE_TYPE, &storage) < 0 ||
	    qmi_fget_uint(ind, QMIF_WMS_EVENT_REPORT_IN_MT_MESSAGE_MEMORY_INDEX, &index) < 0 ||
	    storage >= SMS_STORAGES)
		return;         /* another client's, or a report of no stored message */
	if (st->n_queue == sizeof(st->queue) / sizeof(st->queue[0]))
		return;         /* a flood: those after are read when listed */
	st->queue[st->n_queue].storage = (uint8_t)storage;
	st->queue[st->n_queue].index = (uint32_t)index;
	st->n_queue++;
	watch_next(r);
}

static void on_reporting(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	if (!tool_resp_ok(r, err, resp, "set-event-report"))
		return;
	/* the first line says the watch is on: a reader waits for it */
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "{\"event\":\"watching\"}");
	tool_emit(r, &sb);
	sb_free(&sb);
	struct sms_state *st = tool_state(r);
	if (st->a.unread && !tool_ended(r)) {
		/* reports are on, so nothing that arrives from now is missed:
		 * list what came while nobody watched */
		st->catching_up = true;
		st->storage_at = 0;
		list_storage(r);
	}
}

/* Minutes since 1970 of a service centre's time stamp (UTC): to hand
 * over the oldest first. */
static int64_t sms_minutes(const struct sms_msg *m)
{
	if (!m->has_time)
		return INT64_MAX;
	int y = m->time.year, mo = m->time.month, d = m->time.day;
	y -= mo <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	return (days * 24 + m->time.hour) * 60 + m->time.minute - m->time.tz_minutes;
}

static int64_t sms_seconds(const struct sms_entry *e)
{
	int64_t m = e->ok ? sms_minutes(&e->m) : INT64_MAX;
	return m == INT64_MAX ? m : m * 60 + e->m.time.second;
}

/* watch unread: every unread message listed and read goes out, the
 * oldest first (by the service centre's time; then storage and index),
 * its parts joined (a message whose parts are not all there waits for
 * them, as in the watch); then the reports that came meanwhile. */
static void catch_up(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	for (;;) {
		int best = -1;
		for (unsigned i = 0; i < st->n; i++) {
			if (st->e[i].done)
				continue;
			if (best < 0 || sms_seconds(&st->e[i]) < sms_seconds(&st->e[best]))
				best = (int)i;
		}
		if (best < 0)
			break;
		unsigned idx[SMS_MAX_PARTS];
		unsigned n = group_of(st, (unsigned)best, idx);
		for (unsigned k = 0; k < n; k++) {
			st->e[idx[k]].done = true;
			watch_arrived(r, &st->e[idx[k]]);
		}
	}
	st->catching_up = false;
	watch_next(r);
}

/* ---- over MBIM's SMS service ---- */

static void mbim_delete_next(struct tool_run *r);

static uint8_t tag_of(uint32_t status)
{
	switch (status) {
	case MBIM_SMS_STATUS_NEW: return TAG_MT_NOT_READ;
	case MBIM_SMS_STATUS_OLD: return TAG_MT_READ;
	case MBIM_SMS_STATUS_SENT: return 2;    /* mo-sent */
	default: return 3;                      /* mo-not-sent */
	}
}

static void mbim_answer_read(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	sb_puts(&sb, ",\"message\":");
	group_json(&sb, st, st->group, st->n_group);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void on_mbim_read(struct tool_run *r, int err, const struct mbim_msg *resp)
{
	struct sms_state *st = tool_state(r);
	if (!tool_mbim_ok(r, err, resp, "sms read"))
		return;
	const struct mbim_sms_read_info *ri = MBIM_BODY(resp, sms_read_info);
	if (!ri || ri->format != MBIM_SMS_FORMAT_PDU) {
		tool_fail(r, "sms read: the modem answered without PDU messages");
		return;
	}
	for (uint32_t i = 0; i < ri->messages.n; i++) {
		if (st->n == SMS_LIST_MAX) {
			st->left_out = ri->messages.n - i;
			break;
		}
		const struct mbim_sms_pdu_record *p = &ri->messages.v[i];
		struct sms_entry *e = &st->e[st->n++];
		memset(e, 0, sizeof(*e));
		e->storage = SMS_STORAGE_MBIM;
		e->index = p->message_index;
		e->tag = tag_of(p->message_status);
		e->ok = sms_decode(p->pdu.p, p->pdu.n, &e->m, e->why, sizeof(e->why)) == 0;
	}
	if (st->a.cmd == SMS_LIST) {
		answer_list(r);
		return;
	}
	act_on_listing(r, mbim_answer_read, mbim_delete_next);
}

static void on_mbim_deleted(struct tool_run *r, int err, const struct mbim_msg *resp)
{
	struct sms_state *st = tool_state(r);
	if (!tool_mbim_ok(r, err, resp, "sms delete"))
		return;
	st->at = st->a.index < 0 ? st->n_group : st->at + 1;
	mbim_delete_next(r);
}

/* delete all: one request (flag all); else each part by its index */
static void mbim_delete_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	if (st->at == st->n_group) {
		answer_deleted(r);
		return;
	}
	struct mbim_sms_delete_set d = { MBIM_SMS_FLAG_ALL, 0 };
	if (st->a.index >= 0)
		d = (struct mbim_sms_delete_set){ MBIM_SMS_FLAG_INDEX, st->e[st->group[st->at]].index };
	int rc = tool_mbim_send(r, MBIM_SERVICE_SMS, MBIM_CID_SMS_DELETE, MBIM_COMMAND_TYPE_SET, &d, 0,
				on_mbim_deleted);
	if (rc < 0)
		tool_fail(r, "sms delete: %s", cl_strerror(rc));
}

static void mbim_send_next(struct tool_run *r);

static void on_mbim_sent(struct tool_run *r, int err, const struct mbim_msg *resp)
{
	struct sms_state *st = tool_state(r);
	char what[64];
	snprintf(what, sizeof(what), "sms send (part %d of %d)", st->sent + 1, st->n_parts);
	if (!tool_mbim_ok(r, err, resp, what))
		return;
	const struct mbim_sms_send_info *si = MBIM_BODY(resp, sms_send_info);
	st->ids[st->sent++] = si ? (uint16_t)si->message_reference : 0;
	mbim_send_next(r);
}

static void mbim_send_next(struct tool_run *r)
{
	struct sms_state *st = tool_state(r);
	if (st->sent == st->n_parts) {
		answer_sent(r);
		return;
	}
	const struct sms_pdu *p = &st->parts[st->sent];
	struct mbim_sms_send_set ss = { MBIM_SMS_FORMAT_PDU, { { p->b, (uint32_t)p->len } } };
	int rc = tool_mbim_send(r, MBIM_SERVICE_SMS, MBIM_CID_SMS_SEND, MBIM_COMMAND_TYPE_SET, &ss, SEND_TIMEOUT_MS,
				on_mbim_sent);
	if (rc < 0)
		tool_fail(r, "sms send: %s", cl_strerror(rc));
}

static int mbim_start(struct tool_run *r, char *why, size_t why_len)
{
	struct sms_state *st = tool_state(r);
	if (st->a.cmd == SMS_WATCH) {
		snprintf(why, why_len, "sms watch: not over MBIM's SMS service yet (this modem has no QMI over MBIM)");
		return TOOL_E_USAGE;
	}
	if (st->a.storage >= 0 && st->a.storage != SMS_STORAGE_MBIM) {
		snprintf(why, why_len, "sms: this modem's messages are in MBIM's one store: say mbim/%ld or %ld",
			 st->a.index, st->a.index);
		return TOOL_E_USAGE;
	}
	if (st->a.cmd == SMS_SEND) {
		mbim_send_next(r);
		return 0;
	}
	struct mbim_sms_read_query q = { MBIM_SMS_FORMAT_PDU, MBIM_SMS_FLAG_ALL, 0 };
	int rc = tool_mbim_send(r, MBIM_SERVICE_SMS, MBIM_CID_SMS_READ, MBIM_COMMAND_TYPE_QUERY, &q, 0,
				on_mbim_read);
	if (rc < 0)
		snprintf(why, why_len, "sms: %s", cl_strerror(rc));
	return rc;
}

/* ---- start ---- */

static void with_wms(struct tool_run *r, int err, uint8_t cid)
{
	struct sms_state *st = tool_state(r);
	if (err) {
		tool_fail(r, "no WMS client: %s", tool_err_text(err, NULL));
		return;
	}
	st->cid = cid;
	if (st->a.cmd == SMS_SEND) {
		send_next(r);
	} else if (st->a.cmd == SMS_WATCH) {
		if (tool_on_indication(r, QMI_SVC_WMS, QMI_WMS_EVENT_REPORT, on_event) < 0) {
			tool_fail(r, "cannot listen for new-message reports");
			return;
		}
		struct qmi_msg *m = tool_msg(r, QMI_SVC_WMS, cid, QMI_WMS_SET_EVENT_REPORT);
		if (qmi_fset_uint(m, QMIF_WMS_SET_EVENT_REPORT_RQ_NEW_MT_MESSAGE_INDICATOR_REPORT, 1) < 0)
			tool_msg_bad(r);
		int rc = tool_send(r, 0, on_reporting);
		if (rc < 0)
			tool_fail(r, "set-event-report: %s", tool_err_text(rc, NULL));
	} else {
		st->storage_at = st->a.storage < 0 ? 0 : st->a.storage;
		list_storage(r);
	}
}

static void cleanup(struct tool_run *r, void *state)
{
	(void)r;
	struct sms_state *st = state;
	free(st->e);
	free(st->pending);
}

int tool_sms_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	struct sms_args a;
	int rc = parse(argc, argv, &a, why, why_len);
	if (rc < 0)
		return rc;
	struct sms_state *st = tool_state_new(r, sizeof(*st), cleanup);
	if (!st)
		return -12;     /* -ENOMEM */
	st->a = a;
	st->e = calloc(SMS_LIST_MAX, sizeof(*st->e));
	st->pending = calloc(SMS_WATCH_PENDING * SMS_MAX_PARTS, sizeof(*st->pending));
	if (!st->e || !st->pending) {
		snprintf(why, why_len, "sms: out of memory");
		return -12;
	}
	if (a.cmd == SMS_SEND) {
		/* a reference of our own for the parts: different from the last one's */
		static uint8_t ref;
		ref = (uint8_t)(ref + 1 + (ev_now_ms() & 0x7f));
		st->n_parts = sms_encode_submit(a.number, a.text, ref, st->parts, SMS_MAX_PARTS, why, why_len);
		if (st->n_parts < 0)
			return TOOL_E_USAGE;
		bool gsm7;
		if (sms_parts_needed(a.text, &gsm7) < 0)
			gsm7 = false;
		st->gsm7 = gsm7;
	}
	if (TOOL_ENV_MBIM(r))
		return mbim_start(r, why, why_len);
	if (a.storage == SMS_STORAGE_MBIM) {
		snprintf(why, why_len, "sms: mbim/%ld names a message of MBIM's store; this modem's are in uim and nv",
			 a.index);
		return TOOL_E_USAGE;
	}
	return tool_with_cid(r, QMI_SVC_WMS, with_wms);
}
