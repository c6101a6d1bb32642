/* Final result codes, +CME ERROR texts, URC recognition, echo. */
#include "at/at.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/err.h"
#include "common/util.h"

static const char *const final_names[] = {
#define AT_FINAL_NAME(n, s) s,
	AT_FINALS(AT_FINAL_NAME)
#undef AT_FINAL_NAME
};

const char *at_final_name(enum at_final k)
{
	if ((size_t)k >= ARRAY_SIZE(final_names))
		return "?";
	return final_names[k];
}

/* 3GPP TS 27.007 section 9.2: the common mobile termination errors. */
static const struct { int code; const char *text; } cme_table[] = {
	{ 0, "phone failure" },
	{ 1, "no connection to phone" },
	{ 3, "operation not allowed" },
	{ 4, "operation not supported" },
	{ 5, "PH-SIM PIN required" },
	{ 10, "SIM not inserted" },
	{ 11, "SIM PIN required" },
	{ 12, "SIM PUK required" },
	{ 13, "SIM failure" },
	{ 14, "SIM busy" },
	{ 15, "SIM wrong" },
	{ 16, "incorrect password" },
	{ 17, "SIM PIN2 required" },
	{ 18, "SIM PUK2 required" },
	{ 20, "memory full" },
	{ 21, "invalid index" },
	{ 22, "not found" },
	{ 23, "memory failure" },
	{ 24, "text string too long" },
	{ 25, "invalid characters in text string" },
	{ 26, "dial string too long" },
	{ 27, "invalid characters in dial string" },
	{ 30, "no network service" },
	{ 31, "network timeout" },
	{ 32, "network not allowed - emergency calls only" },
	{ 50, "Incorrect parameters" },
	{ 100, "unknown" },
	{ 103, "Illegal MS" },
	{ 106, "Illegal ME" },
	{ 107, "GPRS services not allowed" },
	{ 111, "PLMN not allowed" },
	{ 112, "Location area not allowed" },
	{ 113, "Roaming not allowed in this location area" },
	{ 132, "service option not supported" },
	{ 133, "requested service option not subscribed" },
	{ 134, "service option temporarily out of order" },
	{ 148, "unspecified GPRS error" },
	{ 149, "PDP authentication failure" },
	{ 150, "invalid mobile class" },
};

const char *at_cme_text(int code)
{
	for (size_t i = 0; i < ARRAY_SIZE(cme_table); i++)
		if (cme_table[i].code == code)
			return cme_table[i].text;
	return NULL;
}

int at_cme_code(const char *text)
{
	for (size_t i = 0; i < ARRAY_SIZE(cme_table); i++)
		if (!strcasecmp(cme_table[i].text, text))
			return cme_table[i].code;
	return -1;
}

static bool parse_uint(const char *s, unsigned long *out)
{
	if (!isdigit((unsigned char)*s))
		return false;
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	while (*end == ' ')
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}

static const struct {
	const char *word;
	enum at_final kind;
} plain_finals[] = {
	{ "OK", AT_FINAL_OK },
	{ "ERROR", AT_FINAL_ERROR },
	{ "NO CARRIER", AT_FINAL_NO_CARRIER },
	{ "BUSY", AT_FINAL_BUSY },
	{ "NO ANSWER", AT_FINAL_NO_ANSWER },
	{ "NO DIALTONE", AT_FINAL_NO_DIALTONE },
	{ "NO DIAL TONE", AT_FINAL_NO_DIALTONE },
	{ "CONNECT", AT_FINAL_CONNECT },
};

enum at_final at_classify_final(const char *line, struct at_final_info *out)
{
	struct at_final_info info = { .kind = AT_FINAL_NONE, .code = -1, .text = "" };
	size_t len = strlen(line);
	while (len && line[len - 1] == ' ')
		len--;

	for (size_t i = 0; i < ARRAY_SIZE(plain_finals); i++) {
		size_t wl = strlen(plain_finals[i].word);
		if (len == wl && !strncmp(line, plain_finals[i].word, wl)) {
			info.kind = plain_finals[i].kind;
			goto done;
		}
	}
	/* CONNECT <speed> or CONNECT <text> (some modems add "LTE", "115200"). */
	if (!strncmp(line, "CONNECT ", 8)) {
		info.kind = AT_FINAL_CONNECT;
		info.text = line + 8;
		unsigned long sp;
		if (parse_uint(info.text, &sp))
			info.speed = sp;
		goto done;
	}
	bool cme = !strncmp(line, "+CME ERROR:", 11);
	bool cms = !strncmp(line, "+CMS ERROR:", 11);
	if (cme || cms) {
		info.kind = cme ? AT_FINAL_CME_ERROR : AT_FINAL_CMS_ERROR;
		const char *t = line + 11;
		while (*t == ' ')
			t++;
		info.text = t;
		unsigned long v;
		if (parse_uint(t, &v) && v <= 65535)
			info.code = (int)v;
		else if (cme)
			info.code = at_cme_code(t);
	}
done:
	if (out)
		*out = info;
	return info.kind;
}

/* ---- URCs ---- */

static const char *const urc_prefix[] = {
	"",
#define AT_URC_PREFIX(n, s) s,
	AT_URCS(AT_URC_PREFIX)
#undef AT_URC_PREFIX
};

static const char *const urc_names[] = {
	"none",
#define AT_URC_NAME(n, s) #n,
	AT_URCS(AT_URC_NAME)
#undef AT_URC_NAME
};

const char *at_urc_name(enum at_urc u)
{
	if ((size_t)u >= ARRAY_SIZE(urc_names))
		return "?";
	return urc_names[u];
}

enum at_urc at_urc_match(const char *line)
{
	for (size_t i = 1; i < ARRAY_SIZE(urc_prefix); i++) {
		const char *p = urc_prefix[i];
		size_t pl = strlen(p);
		if (strncmp(line, p, pl))
			continue;
		/* Bare words must be the whole word ("RING", not "RINGTONE"). */
		char next = line[pl];
		if (isalpha((unsigned char)p[0]) && next && next != ' ' && next != ':')
			continue;
		return (enum at_urc)i;
	}
	return AT_URC_NONE;
}

int at_cmd_prefix(const char *cmd, char *buf, size_t size)
{
	if (!cmd || strncasecmp(cmd, "AT", 2))
		return 0;
	const char *p = cmd + 2;
	if (*p != '+' && *p != '^' && *p != '!' && *p != '$' && *p != '%' && *p != '#')
		return 0;
	size_t n = 1;
	while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_'))
		n++;
	if (n < 2)
		return 0;
	if (n + 2 > size)
		return CL_E_NO_SPACE;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)toupper((unsigned char)p[i]);
	buf[n] = ':';
	buf[n + 1] = 0;
	return (int)(n + 1);
}

bool at_line_is_urc(const char *line, const char *cmd)
{
	enum at_urc u = at_urc_match(line);
	if (u == AT_URC_NONE)
		return false;
	char pfx[32];
	int n = at_cmd_prefix(cmd, pfx, sizeof pfx);
	if (n > 0 && !strncmp(line, pfx, (size_t)n))
		return false;
	return true;
}

bool at_line_is_echo(const char *line, const char *cmd)
{
	if (!cmd)
		return false;
	size_t ll = strlen(line), cl = strlen(cmd);
	while (ll && line[ll - 1] == ' ')
		ll--;
	while (cl && (cmd[cl - 1] == ' ' || cmd[cl - 1] == '\r' || cmd[cl - 1] == '\n'))
		cl--;
	return ll == cl && ll && !strncasecmp(line, cmd, ll);
}
