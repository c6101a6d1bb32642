/* cellink at: AT commands on a modem's serial port, one-off or as the
 * identity/signal/status queries for modems without QMI. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "at/at_parse.h"
#include "cli/ctl.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/util.h"
#include "atengine/engine.h"
#include "common/err.h"
#include "io/serial.h"

/* exit statuses */
#define AT_EXIT_OK 0
#define AT_EXIT_ERROR 1         /* the modem answered ERROR / +CME ERROR / NO CARRIER ... */
#define AT_EXIT_USAGE 2
#define AT_EXIT_TIMEOUT 3       /* no final result in time */
#define AT_EXIT_PORT 4          /* port cannot be opened, or went away */

struct at_app {
	struct ev_loop loop;
	struct serial ser;
	struct at_engine e;
	unsigned timeout_ms;
	bool verbose;
	/* the last answer, copied out of the callback */
	bool done;
	int status;
	struct at_exchange x;
	unsigned n_queries, n_ok, n_timeouts;   /* of --info/--signal/--status */
};

static int io_write(void *ctx, const uint8_t *p, size_t n)
{
	return serial_send(ctx, p, n);
}
static const struct at_engine_io io = { .write = io_write };

static void on_data(struct serial *s, const uint8_t *p, size_t n)
{
	struct at_app *a = s->user;
	at_engine_input(&a->e, p, n);
}

static void on_gone(struct serial *s, int err)
{
	struct at_app *a = s->user;
	at_engine_gone(&a->e, err);
}

static void on_urc(void *ud, enum at_urc kind, const char *line)
{
	struct at_app *a = ud;
	if (a->verbose)
		fprintf(stderr, "urc: %s\n", line);
}

static void on_trace(void *ud, bool out, const char *line)
{
	fprintf(stderr, "%s %s\n", out ? ">>" : "<<", line);
}

static void done_cb(void *ud, const struct at_reply *r)
{
	struct at_app *a = ud;
	a->done = true;
	a->status = r->status;
	a->x = *r->x;
	/* final.text pointed into the engine's copy */
	if (r->x->final.text >= r->x->final_line &&
	    r->x->final.text <= r->x->final_line + sizeof r->x->final_line)
		a->x.final.text = a->x.final_line + (r->x->final.text - r->x->final_line);
	else
		a->x.final.text = "";
	if (r->status != 0)
		a->x.final.kind = AT_FINAL_NONE;
}

/* Sends cmd and waits for its completion. 0 with a->x filled, or the
 * engine's error (timeout, port gone). */
static int run(struct at_app *a, const char *cmd)
{
	a->done = false;
	int id = at_engine_send(&a->e, cmd, a->timeout_ms, 0, done_cb, a);
	if (id < 0)
		return id;
	while (!a->done)
		ev_run_once(&a->loop, -1);
	return a->status;
}

/* run() and OK required; prints why not (for the queries). */
static bool run_ok(struct at_app *a, const char *cmd)
{
	int r = run(a, cmd);
	a->n_queries++;
	if (r == CL_E_TIMEOUT)
		a->n_timeouts++;
	else if (r == 0 && a->x.final.kind == AT_FINAL_OK)
		a->n_ok++;
	if (r == 0 && a->x.final.kind == AT_FINAL_OK)
		return true;
	if (a->verbose || r < 0)
		fprintf(stderr, "cellink at: %s: %s\n", cmd,
			r < 0 ? cl_strerror(r) : at_final_name(a->x.final.kind));
	return false;
}

static const char *first_with(const struct at_app *a, const char *prefix)
{
	const char *l;
	for (unsigned i = 0; (l = at_xchg_info(&a->x, i)); i++)
		if (!prefix || !strncmp(l, prefix, strlen(prefix)))
			return l;
	return NULL;
}

static void put_int(json_object *o, const char *k, int v)
{
	if (v != AT_UNKNOWN)
		json_object_object_add(o, k, json_object_new_int(v));
}

static void put_x10(json_object *o, const char *k, int v)
{
	if (v != AT_UNKNOWN)
		json_object_object_add(o, k, json_object_new_double(v / 10.0));
}

/* The modem's bytes as valid UTF-8: well-formed sequences kept, any other
 * byte taken as the Latin-1 character of its value (U+0080..U+00FF), so
 * that the JSON is always valid and nothing is silently dropped. */
static json_object *utf8_string(const char *v)
{
	size_t n = strlen(v);
	char *out = malloc(n * 2 + 1);
	if (!out)
		return json_object_new_string("");
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)v;
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		bool ok = len > 0 && i + len <= n;
		for (size_t k = 1; ok && k < len; k++)
			ok = (p[i + k] & 0xc0) == 0x80;
		if (ok && len > 1) {    /* no overlong forms, surrogates or values past U+10FFFF */
			unsigned cp = len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
			for (size_t k = 1; k < len; k++)
				cp = cp << 6 | (p[i + k] & 0x3f);
			ok = (len == 2 && cp >= 0x80) || (len == 3 && cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) ||
			     (len == 4 && cp >= 0x10000 && cp <= 0x10ffff);
		}
		if (ok) {
			memcpy(out + o, p + i, len);
			o += len;
			i += len;
		} else {
			out[o++] = (char)(0xc0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3f));
			i++;
		}
	}
	out[o] = 0;
	json_object *j = json_object_new_string(out);
	free(out);
	return j;
}

static void put_str(json_object *o, const char *k, const char *v)
{
	if (v && v[0])
		json_object_object_add(o, k, utf8_string(v));
}

/* ---- queries ---- */

static void q_identity(struct at_app *a, json_object *o, struct at_ident *id)
{
	memset(id, 0, sizeof *id);
	if (run_ok(a, "ATI")) {
		const char *lines[AT_XCHG_MAX_LINES];
		size_t n = at_xchg_lines(&a->x, lines, AT_XCHG_MAX_LINES);
		at_parse_ati(lines, n, id, NULL);
	}
	static const struct { const char *cmd, *prefix; size_t off, size; } q[] = {
		{ "AT+CGMI", "+CGMI", offsetof(struct at_ident, manufacturer), 64 },
		{ "AT+CGMM", "+CGMM", offsetof(struct at_ident, model), 64 },
		{ "AT+CGMR", "+CGMR", offsetof(struct at_ident, revision), 96 },
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		char *dst = (char *)id + q[i].off;
		const char *l;
		if (run_ok(a, q[i].cmd) && (l = first_with(a, NULL)))
			at_parse_info(l, q[i].prefix, dst, q[i].size, NULL);
	}
	const char *l;
	if (run_ok(a, "AT+CGSN") && (l = first_with(a, NULL)))
		at_parse_cgsn(l, id->imei, NULL);
	put_str(o, "manufacturer", id->manufacturer);
	put_str(o, "model", id->model);
	put_str(o, "revision", id->revision);
	put_str(o, "imei", id->imei);
}

static bool is_vendor(const struct at_ident *id, const char *name)
{
	return strcasestr(id->manufacturer, name) != NULL;
}

static void q_signal(struct at_app *a, json_object *o, const struct at_ident *id)
{
	const char *l;
	struct at_csq csq;
	if (run_ok(a, "AT+CSQ") && (l = first_with(a, "+CSQ:")) && at_parse_csq(l, &csq, NULL) == 0) {
		put_int(o, "rssi_dbm", csq.dbm);
		put_int(o, "csq", csq.rssi);
	}
	struct at_cesq ce;
	if (run_ok(a, "AT+CESQ") && (l = first_with(a, "+CESQ:")) && at_parse_cesq(l, &ce, NULL) == 0) {
		put_int(o, "rsrp_dbm", ce.rsrp_dbm);
		put_x10(o, "rsrq_db", ce.rsrq_x10);
	}
	json_object *lte = json_object_new_object();
	const char *lines[AT_XCHG_MAX_LINES];
	if (is_vendor(id, "sierra")) {
		struct at_gstatus g;
		if (run_ok(a, "AT!GSTATUS?") &&
		    at_parse_gstatus(lines, at_xchg_lines(&a->x, lines, AT_XCHG_MAX_LINES), &g, NULL) == 0) {
			put_str(lte, "source", "AT!GSTATUS?");
			put_str(lte, "system_mode", g.system_mode);
			put_int(lte, "band", g.lte_band);
			put_int(lte, "bandwidth_mhz", g.lte_bw_mhz);
			put_int(lte, "rssi_dbm", g.rssi_dbm);
			put_int(lte, "rsrp_dbm", g.rsrp_dbm);
			put_x10(lte, "rsrq_db", g.rsrq_x10);
			put_x10(lte, "sinr_db", g.sinr_x10);
			if (g.tac >= 0)
				json_object_object_add(lte, "tac", json_object_new_int64(g.tac));
		}
	} else if (is_vendor(id, "quectel")) {
		struct at_qeng q;
		if (run_ok(a, "AT+QENG=\"servingcell\"") &&
		    at_parse_qeng(lines, at_xchg_lines(&a->x, lines, AT_XCHG_MAX_LINES), &q, NULL) == 0) {
			put_str(lte, "source", "AT+QENG=\"servingcell\"");
			put_str(lte, "system_mode", q.rat);
			put_str(lte, "state", q.state);
			put_int(lte, "band", q.band);
			put_int(lte, "earfcn", q.earfcn);
			put_int(lte, "pci", q.pci);
			put_int(lte, "rssi_dbm", q.rssi_dbm);
			put_int(lte, "rsrp_dbm", q.rsrp_dbm);
			put_int(lte, "rsrq_db", q.rsrq_db);
			put_int(lte, "sinr_raw", q.sinr);
			if (q.tac >= 0)
				json_object_object_add(lte, "tac", json_object_new_int64(q.tac));
		}
	} else if (is_vendor(id, "huawei")) {
		struct at_hcsq h;
		if (run_ok(a, "AT^HCSQ?") && (l = first_with(a, "^HCSQ:")) && at_parse_hcsq(l, &h, NULL) == 0) {
			put_str(lte, "source", "AT^HCSQ?");
			put_str(lte, "system_mode", h.sysmode);
			put_int(lte, "rssi_dbm", h.rssi_dbm);
			put_int(lte, "rsrp_dbm", h.rsrp_dbm);
			put_x10(lte, "rsrq_db", h.rsrq_x10);
			put_x10(lte, "sinr_db", h.sinr_x10);
		}
	}
	if (json_object_object_length(lte))
		json_object_object_add(o, "lte", lte);
	else
		json_object_put(lte);
}

static void q_status(struct at_app *a, json_object *o)
{
	const char *l;
	enum at_sim_state sim;
	if (run(a, "AT+CPIN?") == 0) {
		if (a->x.final.kind == AT_FINAL_OK && (l = first_with(a, "+CPIN:")) &&
		    at_parse_cpin(l, &sim, NULL) == 0)
			put_str(o, "sim", at_sim_state_text(sim));
		else if (a->x.final.kind == AT_FINAL_CME_ERROR && at_cme_text(a->x.final.code))
			put_str(o, "sim", at_cme_text(a->x.final.code));
	}
	static const char *const regs[][2] = { { "AT+CREG?", "+CREG:" }, { "AT+CGREG?", "+CGREG:" },
					       { "AT+CEREG?", "+CEREG:" } };
	for (size_t i = 0; i < 3; i++) {
		struct at_reg r;
		if (!run_ok(a, regs[i][0]) || !(l = first_with(a, regs[i][1])) ||
		    at_parse_reg(l, true, &r, NULL) < 0)
			continue;
		json_object *ro = json_object_new_object();
		put_str(ro, "state", at_reg_stat_text(r.stat));
		if (r.lac >= 0)
			json_object_object_add(ro, i == 2 ? "tac" : "lac", json_object_new_int64(r.lac));
		if (r.ci >= 0)
			json_object_object_add(ro, "cell_id", json_object_new_int64(r.ci));
		put_int(ro, "act", r.act);
		json_object_object_add(o, r.which[0] ? r.which : regs[i][1] + 1, ro);
	}
	struct at_cops c;
	if (run_ok(a, "AT+COPS?") && (l = first_with(a, "+COPS:")) && at_parse_cops(l, &c, NULL) == 0) {
		put_str(o, "operator", c.oper);
		put_int(o, "operator_act", c.act);
	}
	if (run_ok(a, "AT+CGDCONT?")) {
		json_object *arr = json_object_new_array();
		for (unsigned i = 0; (l = at_xchg_info(&a->x, i)); i++) {
			struct at_pdp_ctx p;
			if (at_parse_cgdcont(l, &p, NULL) < 0)
				continue;
			json_object *po = json_object_new_object();
			json_object_object_add(po, "cid", json_object_new_int(p.cid));
			put_str(po, "type", p.type);
			json_object_object_add(po, "apn", utf8_string(p.apn));
			json_object_array_add(arr, po);
		}
		json_object_object_add(o, "pdp_contexts", arr);
	}
}

/* "key: value" lines, nested objects indented. */
static void print_text(json_object *o, int depth)
{
	json_object_object_foreach(o, k, v) {
		if (json_object_is_type(v, json_type_object)) {
			printf("%*s%s:\n", depth * 2, "", k);
			print_text(v, depth + 1);
		} else if (json_object_is_type(v, json_type_array)) {
			printf("%*s%s:\n", depth * 2, "", k);
			for (size_t i = 0; i < json_object_array_length(v); i++) {
				json_object *e = json_object_array_get_idx(v, i);
				printf("%*s- %s\n", depth * 2 + 2, "",
				       json_object_to_json_string_ext(e, CLI_JSON_LINE));
			}
		} else {
			printf("%*s%s: %s\n", depth * 2, "", k, json_object_get_string(v));
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cellink at --port PATH [options] COMMAND...\n"
		"       cellink at --port PATH --info|--signal|--status [--json]\n"
		"\n"
		"Sends AT commands to the modem's AT port and prints the answer lines and the\n"
		"final result. Stops at the first command that does not end in OK.\n"
		"\n");
	cli_print_options(f, CB_AT);
	fprintf(f, "\nexit status:\n");
	cli_print_exits(f, CB_AT);
}

static int one_off(struct at_app *a, int n, char **cmds)
{
	for (int i = 0; i < n; i++) {
		int r = run(a, cmds[i]);
		if (r < 0) {
			fprintf(stderr, "cellink at: %s: %s\n", cmds[i],
				r == CL_E_TIMEOUT ? "no final result in time (timed out)"
				: r == CL_E_GONE  ? a->ser.st.errtext
						  : cl_strerror(r));
			return r == CL_E_TIMEOUT ? AT_EXIT_TIMEOUT : AT_EXIT_PORT;
		}
		const char *l;
		for (unsigned k = 0; (l = at_xchg_info(&a->x, k)); k++)
			printf("%s\n", l);
		printf("%s\n", a->x.final_line);
		if (a->x.final.kind != AT_FINAL_OK && a->x.final.kind != AT_FINAL_CONNECT)
			return AT_EXIT_ERROR;
		if (a->x.final.kind == AT_FINAL_CONNECT) {
			fprintf(stderr, "cellink at: %s: the line is in data mode now; stopping here\n",
				cmds[i]);
			return i + 1 < n ? AT_EXIT_ERROR : AT_EXIT_OK;
		}
	}
	return AT_EXIT_OK;
}

int cmd_at(int argc, char **argv)
{
	const char *port = NULL;
	unsigned baud = 0;
	bool info = false, sig = false, status = false, json = false;
	struct at_app *a = calloc(1, sizeof(*a));
	if (!a)
		return AT_EXIT_PORT;
	a->timeout_ms = 5000;
	int o;
	struct cli_parser p;
	cli_parser_init(&p, CB_AT, false);
	while ((o = cli_next(&p, argc, argv)) != -1) {
		char *end;
		switch (o) {
		case OPT_PORT: port = optarg; break;
		case OPT_BAUD:
			baud = (unsigned)strtoul(optarg, &end, 10);
			if (*end || !baud) {
				fprintf(stderr, "cellink at: --baud takes a number\n");
				free(a);
				return AT_EXIT_USAGE;
			}
			break;
		case OPT_AT_TIMEOUT:
			a->timeout_ms = (unsigned)strtoul(optarg, &end, 10);
			if (*end || !a->timeout_ms) {
				fprintf(stderr, "cellink at: --timeout takes milliseconds\n");
				free(a);
				return AT_EXIT_USAGE;
			}
			break;
		case OPT_INFO: info = true; break;
		case OPT_SIGNAL: sig = true; break;
		case OPT_STATUS: status = true; break;
		case OPT_JSON: json = true; break;
		case OPT_AT_VERBOSE: a->verbose = true; break;
		case OPT_HELP: usage(stdout); free(a); return AT_EXIT_OK;
		default: usage(stderr); free(a); return AT_EXIT_USAGE;
		}
	}
	bool query = info || sig || status;
	if (!port || (query == (optind < argc))) {
		fprintf(stderr, "cellink at: give --port and either commands or --info/--signal/--status\n\n");
		usage(stderr);
		free(a);
		return AT_EXIT_USAGE;
	}
	if (ev_loop_init(&a->loop) < 0) {
		free(a);
		return AT_EXIT_PORT;
	}
	int rc;
	if (serial_open(&a->ser, &a->loop, port, baud) < 0) {
		fprintf(stderr, "cellink at: %s\n", a->ser.st.errtext);
		ev_loop_free(&a->loop);
		free(a);
		return AT_EXIT_PORT;
	}
	a->ser.user = a;
	a->ser.on_data = on_data;
	a->ser.on_gone = on_gone;
	at_engine_init(&a->e, &a->loop, &io, &a->ser);
	a->e.on_urc = on_urc;
	a->e.urc_ud = a;
	if (a->verbose)
		a->e.on_trace = on_trace;
	if (!query) {
		rc = one_off(a, argc - optind, argv + optind);
	} else {
		json_object *root = json_object_new_object();
		if (json)
			json_object_object_add(root, "schema", json_object_new_int(CELLINK_JSON_SCHEMA));
		struct at_ident id;
		int r = run(a, "ATE0");
		if (r < 0) {
			fprintf(stderr, "cellink at: %s does not answer AT commands (%s)\n", port,
				r == CL_E_TIMEOUT ? "timed out" : cl_strerror(r));
			rc = r == CL_E_TIMEOUT ? AT_EXIT_TIMEOUT : AT_EXIT_PORT;
		} else {
			json_object *idobj = json_object_new_object();
			q_identity(a, idobj, &id);
			if (info)
				json_object_object_add(root, "info", idobj);
			else
				json_object_put(idobj);
			if (sig) {
				json_object *so = json_object_new_object();
				q_signal(a, so, &id);
				json_object_object_add(root, "signal", so);
			}
			if (status) {
				json_object *st = json_object_new_object();
				q_status(a, st);
				json_object_object_add(root, "status", st);
			}
			rc = a->ser.st.gone ? AT_EXIT_PORT : AT_EXIT_OK;
			if (!a->ser.st.gone && a->n_queries && !a->n_ok) {
				/* nothing learnt: say so, and not with 0 */
				fprintf(stderr, "cellink at: every query failed (%u of %u timed out)\n",
					a->n_timeouts, a->n_queries);
				rc = a->n_timeouts ? AT_EXIT_TIMEOUT : AT_EXIT_ERROR;
			}
			if (json)
				printf("%s\n", json_object_to_json_string_ext(root, CLI_JSON_PRETTY));
			else
				print_text(root, 0);
		}
		json_object_put(root);
	}
	at_engine_close(&a->e);
	serial_flush(&a->ser, 200);
	serial_close(&a->ser);
	ev_loop_free(&a->loop);
	free(a);
	return rc;
}
