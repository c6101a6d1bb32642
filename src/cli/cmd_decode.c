/* cellink decode: QMUX frames and MBIM messages as hex -> JSON (or text),
 * one per line; which of the two a line holds is found from its bytes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "common/err.h"
#include "common/hex.h"
#include "common/strbuf.h"
#include "host/mbim_part.h"
#include "mbim/mbim.h"
#include "qmi/qmi.h"

struct decode_opts {
	bool text;
	unsigned print_flags;
	unsigned bad;
	unsigned frames;                /* inputs that held a frame to decode */
	unsigned line;
	struct qmi_msg_pooled *qp;     /* user input may hold a long answer */
	struct qmi_msg *msg;
	struct mbim_msg *mbim;
	struct mbim_reasm *reasm;      /* MBIM fragments across lines */
	bool in_log;                    /* a 'data =' line was seen: the input is a log */
	struct hex_log log;             /* the RAW blocks of a pasted trace */
	struct strbuf out;
};

static void report_error(struct decode_opts *o, const char *what, const char *detail, const char *input)
{
	o->bad++;
	sb_reset(&o->out);
	if (o->text) {
		sb_printf(&o->out, "line %u: error: %s%s%s\n", o->line, what, detail ? ": " : "", detail ? detail : "");
	} else {
		sb_printf(&o->out, "{\"line\":%u,\"error\":", o->line);
		struct strbuf e;
		sb_init(&e);
		sb_printf(&e, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
		sb_put_json_str(&o->out, sb_str(&e), e.len);
		sb_free(&e);
		sb_puts(&o->out, ",\"input\":");
		sb_put_json_str(&o->out, input, strlen(input) > 200 ? 200 : strlen(input));
		sb_puts(&o->out, "}\n");
	}
	fwrite(o->out.buf, 1, o->out.len, stdout);
}

/* One MBIM message (or fragment: printed once the whole message is in). */
static void decode_mbim(struct decode_opts *o, const uint8_t *frame, size_t n, const char *hex)
{
	if (!CELLINK_MBIM) {            /* a constant (host/mbim_part.h): the MBIM core is then left out */
		report_error(o, "an MBIM message", "this build of cellink cannot read MBIM (built with "
			     "-DCELLINK_MBIM=OFF)", hex);
		return;
	}
	const uint8_t *msg;
	size_t len;
	int r = mbim_reasm_feed(o->reasm, frame, n, &msg, &len);
	if (r < 0) {
		report_error(o, cl_strerror(r), o->reasm->errtext, hex);
		return;
	}
	if (r == 0)
		return;         /* a fragment: the rest follows */
	if ((r = mbim_decode(o->mbim, msg, len, 0)) < 0) {
		report_error(o, cl_strerror(r), o->mbim->errtext, hex);
		return;
	}
	unsigned f = (o->print_flags & QMI_PRINT_REDACT_PERSONAL ? MBIM_PRINT_REDACT_PERSONAL : 0) |
		     (o->print_flags & QMI_PRINT_SHOW_SECRETS ? MBIM_PRINT_SHOW_SECRETS : 0);
	sb_reset(&o->out);
	if (o->text) {
		mbim_print_text(&o->out, o->mbim, f);
	} else {
		mbim_print_json(&o->out, o->mbim, f);
		sb_putc(&o->out, '\n');
	}
	fwrite(o->out.buf, 1, o->out.len, stdout);
}

static void decode_line(struct decode_opts *o, char *line)
{
	static uint8_t frame[QMI_MAX_FRAME];
	bool from_log;
	long declared;
	o->line++;
	const char *hex = hex_log_line(&o->log, line, &from_log, &declared);
	if (!hex)
		return;
	o->in_log |= from_log;
	if (from_log && hex_log_cut(hex)) {
		o->frames++;
		report_error(o, "bytes cut short in the log",
			     o->log.modemmanager
				     ? "ModemManager shows only the first bytes of each message unless it runs with "
				       "--debug --log-personal-info"
				     : "mbimcli --verbose shows only the first bytes; run it with --verbose-full", hex);
		return;
	}
	o->frames++;
	int n = hex_decode(hex, strlen(hex), frame, sizeof(frame));
	if (n < 0 && o->in_log && !from_log)
		return;         /* prose of a log (mbimcli prints fields between frames) */
	if (n < 0) {
		report_error(o, cl_strerror(n), NULL, hex);
		return;
	}
	if (declared >= 0 && declared != n) {
		char d[120];
		snprintf(d, sizeof d, "the RAW block says length = %ld, its data holds %d bytes%s", declared, n,
			 n < declared ? " (a line cut when the log was copied?)" : "");
		report_error(o, cl_strerror(CL_E_TRUNCATED), d, hex);
		return;
	}
	/* MBIM: a known message type and a length that matches; a frame that
	 * cannot be QMUX (no 0x01 marker) gets MBIM's reason too */
	if (mbim_looks_like(frame, (size_t)n) || (n >= MBIM_HDR_LEN && frame[0] != 0x01)) {
		decode_mbim(o, frame, (size_t)n, hex);
		return;
	}
	int r = qmi_decode_pool(o->msg, o->qp->pool, QMI_POOL_NODES, frame, (size_t)n, 0);
	if (r < 0) {
		report_error(o, cl_strerror(r), o->msg->errtext, hex);
		return;
	}
	sb_reset(&o->out);
	if (o->text)
		qmi_print_text(&o->out, o->msg, o->print_flags);
	else {
		qmi_print_json(&o->out, o->msg, o->print_flags);
		sb_putc(&o->out, '\n');
	}
	fwrite(o->out.buf, 1, o->out.len, stdout);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cellink decode [--text] [--redact] [--show-secrets] [HEX...]\n"
		"Decodes QMUX frames and MBIM messages (told apart by their bytes; MBIM\n"
		"fragments are joined), one per argument or per line of standard input.\n"
		"Bytes may be separated by spaces or ':'; lines starting with '#' are\n"
		"ignored; a pasted qmicli --verbose, mbimcli --verbose-full or ModemManager\n"
		"--debug log works too (the hex after 'data =' is taken, checked against\n"
		"the 'length =' of its RAW block; a syslog line holding a whole block too).\n"
		"\n");
	cli_print_options(f, CB_DECODE);
	fprintf(f, "\nexit status:\n");
	cli_print_exits(f, CB_DECODE);
}

int cmd_decode(int argc, char **argv)
{
	struct decode_opts o = { 0 };
	int c;
	struct cli_parser p;
	cli_parser_init(&p, CB_DECODE, false);
	while ((c = cli_next(&p, argc, argv)) != -1) {
		switch (c) {
		case OPT_TEXT: o.text = true; break;
		case OPT_REDACT: o.print_flags |= QMI_PRINT_REDACT_PERSONAL; break;
		case OPT_SHOW_SECRETS: o.print_flags |= QMI_PRINT_SHOW_SECRETS; break;
		case OPT_HELP: usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	o.qp = malloc(sizeof(*o.qp));
	o.msg = o.qp ? &o.qp->m : NULL;
	o.mbim = malloc(sizeof(*o.mbim));
	o.reasm = malloc(sizeof(*o.reasm));
	if (!o.msg || !o.mbim || !o.reasm) {
		fprintf(stderr, "cellink decode: out of memory\n");
		free(o.qp);
		free(o.mbim);
		free(o.reasm);
		return 2;
	}
	if (CELLINK_MBIM)
		mbim_reasm_init(o.reasm);
	else
		memset(o.reasm, 0, sizeof(*o.reasm));
	hex_log_init(&o.log);
	sb_init(&o.out);
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			decode_line(&o, argv[i]);
	} else {
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, stdin) > 0)
			decode_line(&o, line);
		free(line);
	}
	if (o.reasm->active) {
		o.line++;
		report_error(&o, cl_strerror(CL_E_TRUNCATED), "the input ends inside a fragmented MBIM message", "");
	}
	sb_free(&o.out);
	free(o.qp);
	free(o.mbim);
	free(o.reasm);
	if (!o.frames) {
		fprintf(stderr, "cellink decode: nothing to decode: %s\n",
			optind < argc ? "the arguments hold no hex frame" : "no hex frame on standard input");
		return 3;
	}
	return o.bad ? 1 : 0;
}
