/* libFuzzer target: bytes through the AT line splitter, every line through
 * the final/URC classifiers and every parser. Must never crash, hang or
 * read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "at/at.h"
#include "at/at_parse.h"

#define MAXL 24

struct ctx {
	struct at_exchange x;
	char lines[MAXL][AT_LINE_MAX + 1];
	const char *ptr[MAXL];
	size_t n;
};

static int on_line(void *p, const char *line, size_t len, unsigned flags)
{
	struct ctx *c = p;
	struct at_final_info fi;
	struct at_perr e;
	union {
		struct at_csq csq;
		struct at_cesq cesq;
		struct at_reg reg;
		struct at_cops cops;
		struct at_pdp_ctx pdp;
		struct at_cgpaddr addr;
		struct at_hcsq hcsq;
		enum at_sim_state sim;
		char s[64];
	} u;
	char buf[96];

	at_classify_final(line, &fi);
	if (at_xchg_line(&c->x, line, flags) == AT_EV_FINAL) {
		const char *ls[8];
		at_xchg_lines(&c->x, ls, 8);
		at_xchg_begin(&c->x, "AT!GSTATUS?");
	}
	at_line_is_urc(line, "AT+CEREG?");
	at_line_is_echo(line, "AT+CSQ");
	at_parse_cpin(line, &u.sim, &e);
	at_parse_csq(line, &u.csq, &e);
	at_parse_cesq(line, &u.cesq, &e);
	at_parse_reg(line, true, &u.reg, &e);
	at_parse_reg(line, false, &u.reg, &e);
	at_parse_cops(line, &u.cops, &e);
	at_parse_cgdcont(line, &u.pdp, &e);
	at_parse_cgpaddr(line, &u.addr, &e);
	at_parse_hcsq(line, &u.hcsq, &e);
	at_parse_info(line, "+CGMM", u.s, sizeof u.s, &e);
	at_parse_cgsn(line, u.s, &e);
	at_perr_format(&e, buf, sizeof buf);
	if (c->n < MAXL) {
		memcpy(c->lines[c->n], line, len + 1);
		c->ptr[c->n] = c->lines[c->n];
		c->n++;
	}
	/* Stop at CONNECT like an engine switching to data mode. */
	return at_classify_final(line, NULL) == AT_FINAL_CONNECT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ctx c;
	struct at_splitter s;
	c.n = 0;
	at_split_init(&s);
	at_xchg_begin(&c.x, size && data[0] & 1 ? "AT+CEREG?" : "AT+CSQ");
	size_t off = 0;
	while (off < size) {
		size_t used = at_split_feed(&s, data + off, size - off, on_line, &c);
		if (used == 0 || used > size - off)
			__builtin_trap();
		off += used;
	}
	struct at_ident id;
	struct at_gstatus g;
	struct at_qeng q;
	struct at_perr e;
	at_parse_ati(c.ptr, c.n, &id, &e);
	at_parse_gstatus(c.ptr, c.n, &g, &e);
	at_parse_qeng(c.ptr, c.n, &q, &e);
	return 0;
}
