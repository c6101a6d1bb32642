#include "config/uci.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"

struct cursor {
	const char *p, *end;
	int line;
	struct uci_file *f;
};

static int fail(struct cursor *c, const char *msg, const char *arg)
{
	struct uci_file *f = c->f;
	if (f->n_errors < (int)(sizeof(f->errors) / sizeof(f->errors[0]))) {
		f->errors[f->n_errors].line = c->line;
		snprintf(f->errors[f->n_errors].msg, sizeof(f->errors[0].msg), "%s%s%s%s", msg,
			 arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	}
	f->n_errors++;
	return CL_E_PARSE;
}

/* One line: a section header, an option or a list entry. */
static int parse_line(struct cursor *c, struct uci_section **curp);

static void skip_blanks(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

static bool at_eol(struct cursor *c)
{
	skip_blanks(c);
	return c->p >= c->end || *c->p == '\n' || *c->p == '#';
}

/* One word: bare, 'quoted' or "quoted". */
static int word(struct cursor *c, char *out, size_t cap, const char *what)
{
	size_t n = 0;
	skip_blanks(c);
	if (at_eol(c))
		return fail(c, "missing", what);
	char q = 0;
	if (*c->p == '\'' || *c->p == '"')
		q = *c->p++;
	for (;;) {
		if (c->p >= c->end || *c->p == '\n') {
			if (q)
				return fail(c, "unterminated quote in", what);
			break;
		}
		char ch = *c->p;
		if (q && ch == q) {
			c->p++;
			/* 'a''b' and 'a'b concatenate, as the shell does */
			if (c->p < c->end && (*c->p == '\'' || *c->p == '"')) {
				q = *c->p++;
				continue;
			}
			if (c->p < c->end && *c->p != ' ' && *c->p != '\t' && *c->p != '\n' &&
			    *c->p != '\r' && *c->p != '#') {
				q = 0;
				continue;
			}
			break;
		}
		if (!q && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '#'))
			break;
		if (!q && (ch == '\'' || ch == '"')) {
			q = ch;
			c->p++;
			continue;
		}
		if (q == '"' && ch == '\\' && c->p + 1 < c->end && c->p[1] != '\n') {
			c->p++;
			ch = *c->p;
		}
		if (n + 1 >= cap)
			return fail(c, "value too long for", what);
		out[n++] = ch;
		c->p++;
	}
	out[n] = 0;
	return 0;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

static int parse_line(struct cursor *c, struct uci_section **curp)
{
	struct uci_file *f = c->f;
	struct uci_section *cur = *curp;
	char kw[16];
	int r;
	if ((r = word(c, kw, sizeof(kw), "keyword")))
		return r;
	if (!strcmp(kw, "package")) {
		char dummy[64];
		if ((r = word(c, dummy, sizeof(dummy), "package name")))
			return r;
	} else if (!strcmp(kw, "config")) {
		if (f->n_sections == UCI_MAX_SECTIONS)
			return fail(c, "too many sections", NULL);
		*curp = cur = &f->sections[f->n_sections++];
		memset(cur, 0, sizeof(*cur));
		cur->line = c->line;
		if ((r = word(c, cur->type, sizeof(cur->type), "section type")))
			return r;
		if (!valid_name(cur->type))
			return fail(c, "bad section type", cur->type);
		if (!at_eol(c)) {
			if ((r = word(c, cur->name, sizeof(cur->name), "section name")))
				return r;
			if (!valid_name(cur->name))
				return fail(c, "bad section name", cur->name);
		}
	} else if (!strcmp(kw, "option") || !strcmp(kw, "list")) {
		if (!cur)
			return fail(c, "option outside a 'config' section:", kw);
		if (cur->n_options == UCI_MAX_OPTIONS)
			return fail(c, "too many options in section", cur->name);
		struct uci_option *o = &cur->options[cur->n_options];
		o->line = c->line;
		o->is_list = kw[0] == 'l';
		if ((r = word(c, o->key, sizeof(o->key), "option name")))
			return r;
		if (!valid_name(o->key))
			return fail(c, "bad option name", o->key);
		if ((r = word(c, o->value, sizeof(o->value), o->key)))
			return r;
		cur->n_options++;
	} else {
		return fail(c, "expected config, option or list, not", kw);
	}
	if (!at_eol(c))
		return fail(c, "unexpected text after the value", NULL);
	return 0;
}

int uci_parse(struct uci_file *f, const char *text, size_t len)
{
	memset(f, 0, sizeof(*f));
	struct cursor c = { text, text + len, 1, f };
	struct uci_section *cur = NULL;
	while (c.p < c.end) {
		if (!at_eol(&c))
			parse_line(&c, &cur);
		/* the rest of the line: a comment, or what an error left */
		while (c.p < c.end && *c.p != '\n')
			c.p++;
		if (c.p < c.end) {
			c.p++;
			c.line++;
		}
	}
	return f->n_errors ? CL_E_PARSE : 0;
}

const struct uci_option *uci_get(const struct uci_section *s, const char *key)
{
	for (int i = 0; i < s->n_options; i++)
		if (!strcmp(s->options[i].key, key))
			return &s->options[i];
	return NULL;
}
