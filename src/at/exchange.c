/* One command's exchange: echo, URCs, information lines, final result. */
#include "at/at.h"

#include <string.h>

#include "common/err.h"

int at_xchg_begin(struct at_exchange *x, const char *cmd)
{
	size_t n = strlen(cmd);
	memset(x, 0, offsetof(struct at_exchange, buf));
	x->used = 0;
	x->n = 0;
	x->final_line[0] = 0;
	memset(&x->final, 0, sizeof x->final);
	x->final.text = x->final_line;
	if (n >= sizeof x->cmd)
		return CL_E_NO_SPACE;
	memcpy(x->cmd, cmd, n + 1);
	x->active = true;
	return 0;
}

void at_xchg_abort(struct at_exchange *x)
{
	x->active = false;
}

static void keep(struct at_exchange *x, const char *line)
{
	size_t len = strlen(line);
	if (x->n >= AT_XCHG_MAX_LINES || x->used + len + 1 > sizeof x->buf) {
		x->truncated = true;
		return;
	}
	x->off[x->n++] = (uint16_t)x->used;
	memcpy(x->buf + x->used, line, len + 1);
	x->used += len + 1;
}

enum at_event at_xchg_line(struct at_exchange *x, const char *line, unsigned flags)
{
	if (!x->active)
		return at_urc_match(line) != AT_URC_NONE ? AT_EV_URC : AT_EV_STRAY;
	/* The echo comes first, once; a later identical line is an answer. */
	if (!x->echo_seen && x->n == 0 && at_line_is_echo(line, x->cmd)) {
		x->echo_seen = true;
		return AT_EV_ECHO;
	}
	if (at_line_is_urc(line, x->cmd))
		return AT_EV_URC;
	struct at_final_info fi;
	if (at_classify_final(line, &fi) != AT_FINAL_NONE) {
		size_t len = strnlen(line, AT_LINE_MAX);
		size_t toff = fi.text && *fi.text ? (size_t)(fi.text - line) : len;
		memcpy(x->final_line, line, len);
		x->final_line[len] = 0;
		x->final = fi;
		x->final.text = x->final_line + (toff <= len ? toff : len);
		x->active = false;
		return AT_EV_FINAL;
	}
	if (flags & AT_LINE_TRUNCATED)
		x->truncated = true;
	keep(x, line);
	return AT_EV_INFO;
}

const char *at_xchg_info(const struct at_exchange *x, unsigned i)
{
	return i < x->n ? x->buf + x->off[i] : NULL;
}

size_t at_xchg_lines(const struct at_exchange *x, const char **out, size_t max)
{
	size_t k = 0;
	for (; k < x->n && k < max; k++)
		out[k] = x->buf + x->off[k];
	return k;
}
