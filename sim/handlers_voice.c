/* VOICE: USSD only. originate-ussd answers with the network's text for
 * the code, from the table the control command "ussd CODE ANSWER" fills
 * (a balance answer for *100# when nothing is set); ASCII when the text
 * is ASCII, else UCS-2 (QMI's own USS coding). An unknown code gets the
 * answer networks give, "UNKNOWN APPLICATION". With "ussd-mode
 * indication" the answer carries no text and a USSD indication brings it
 * (to a client registered for USSD events), as some firmware does. */
#include <stdio.h>
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

#define USS_ASCII 1
#define USS_UCS2 3

static const struct { const char *code, *answer; } builtin[] = {
	{ "*100#", "Your balance is 12.50 EUR. Valid until 31.12.2026." },
};

const char *sim_ussd_answer(const struct sim *s, const char *code)
{
	for (unsigned i = 0; i < s->sms.n_ussd; i++)
		if (!strcmp(s->sms.ussd[i].code, code))
			return s->sms.ussd[i].answer;
	for (unsigned i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (!strcmp(builtin[i].code, code))
			return builtin[i].answer;
	return "UNKNOWN APPLICATION";
}

static int utf8_next(const unsigned char **sp, uint32_t *cp)
{
	const unsigned char *s = *sp;
	int n = s[0] < 0x80 ? 0 : (s[0] & 0xE0) == 0xC0 ? 1 : (s[0] & 0xF0) == 0xE0 ? 2 :
		(s[0] & 0xF8) == 0xF0 ? 3 : -1;
	if (n < 0)
		return -1;
	uint32_t c = n ? s[0] & (0x3F >> n) : s[0];
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3F);
	}
	*cp = c;
	*sp += n + 1;
	return 0;
}

static int indication_register(struct sim_call *c)
{
	uint64_t on;
	if (rq_uint(c, QMIF_VOICE_INDICATION_REGISTER_RQ_USSD_NOTIFICATION_EVENTS, &on)) {
		if (on)
			c->cl->ind |= SIM_IND_USSD;
		else
			c->cl->ind &= ~(unsigned)SIM_IND_USSD;
	}
	return 0;
}

struct uss {
	uint8_t dcs;
	size_t n;
	uint8_t b[255];
};

/* The answer as QMI's USS data: ASCII when it is, else UCS-2 big-endian. */
static int encode_answer(const char *a, struct uss *u)
{
	bool ascii = true;
	for (const char *p = a; *p; p++)
		ascii = ascii && (unsigned char)*p < 0x80;
	u->n = 0;
	if (ascii) {
		u->dcs = USS_ASCII;
		u->n = strlen(a) < sizeof(u->b) ? strlen(a) : sizeof(u->b);
		memcpy(u->b, a, u->n);
		return 0;
	}
	u->dcs = USS_UCS2;
	for (const unsigned char *p = (const unsigned char *)a; *p;) {
		uint32_t cp;
		if (utf8_next(&p, &cp) < 0)
			return -1;
		uint16_t w[2];
		size_t k = 1;
		if (cp >= 0x10000) {
			w[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			w[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			k = 2;
		} else {
			w[0] = (uint16_t)cp;
		}
		for (size_t i = 0; i < k && u->n + 2 <= sizeof(u->b) - 1; i++) {
			u->b[u->n++] = (uint8_t)(w[i] >> 8);
			u->b[u->n++] = (uint8_t)w[i];
		}
	}
	return 0;
}

static void fill_ussd(struct sim *s, struct qmi_msg *m, const void *arg)
{
	const struct uss *u = arg;
	sim_put_uint(s, m, QMIF_VOICE_USSD_IN_USER_ACTION, 1);     /* not-required */
	sim_put_uint(s, m, QMIF_VOICE_USSD_IN_USS_DATA_DATA_CODING_SCHEME, u->dcs);
	sim_put_bytes(s, m, QMIF_VOICE_USSD_IN_USS_DATA_DATA, u->b, u->n);
}

static int originate_ussd(struct sim_call *c)
{
	uint64_t dcs;
	const struct qmi_val *data = qmi_fget(c->req, QMIF_VOICE_ORIGINATE_USSD_RQ_USS_DATA_DATA);
	if (!rq_uint(c, QMIF_VOICE_ORIGINATE_USSD_RQ_USS_DATA_DATA_CODING_SCHEME, &dcs) || !data)
		return QMI_ERR_MISSING_ARGUMENT;
	char code[32];
	if (dcs != USS_ASCII || data->n == 0 || data->n >= sizeof(code))
		return QMI_ERR_INVALID_ARGUMENT;
	memcpy(code, data->p, data->n);
	code[data->n] = 0;
	if (!sim_modem_registered(&c->s->m))
		return QMI_ERR_NETWORK_NOT_READY;
	static struct uss u;
	if (encode_answer(sim_ussd_answer(c->s, code), &u) < 0)
		return QMI_ERR_INTERNAL;
	c->s->sms.ussd_count++;
	sim_log(c->s, "voice: USSD %s answered%s", code,
		c->s->sms.ussd_silent ? " without text" : c->s->sms.ussd_by_indication ? " by indication" : "");
	if (c->s->sms.ussd_silent)
		return 0;
	if (c->s->sms.ussd_by_indication) {
		/* the answer goes first (its slot is reserved), the text after */
		if (c->cl->ind & SIM_IND_USSD)
			sim_indicate(c->s, QMI_SVC_VOICE, c->cl->cid, QMI_VOICE_USSD, fill_ussd, &u);
		return 0;
	}
	rs_uint(c, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA_CODING_SCHEME, u.dcs);
	rs_bytes(c, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA, u.b, u.n);
	return 0;
}

static int answer_ussd(struct sim_call *c)
{
	return QMI_ERR_NO_EFFECT;       /* no session waits for an answer here */
}

static int cancel_ussd(struct sim_call *c)
{
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_VOICE_INDICATION_REGISTER, indication_register },
	{ QMI_VOICE_ORIGINATE_USSD, originate_ussd },
	{ QMI_VOICE_ANSWER_USSD, answer_ussd },
	{ QMI_VOICE_CANCEL_USSD, cancel_ussd },
};

const struct sim_handler_table sim_handlers_voice = { QMI_SVC_VOICE, handlers,
						       sizeof(handlers) / sizeof(handlers[0]) };

/* ussd CODE ANSWER...: the words of ANSWER joined by one space. */
int sim_ussd_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	if (argc < 3 || strlen(argv[1]) >= sizeof(s->sms.ussd[0].code)) {
		sb_puts(out, "{\"ok\":false,\"error\":\"usage: ussd CODE ANSWER...\"}");
		return -1;
	}
	unsigned i = 0;
	while (i < s->sms.n_ussd && strcmp(s->sms.ussd[i].code, argv[1]))
		i++;
	if (i == SIM_USSD_MAX) {
		sb_puts(out, "{\"ok\":false,\"error\":\"too many USSD answers\"}");
		return -1;
	}
	char *a = s->sms.ussd[i].answer;
	size_t k = 0, cap = sizeof(s->sms.ussd[i].answer);
	a[0] = 0;
	for (int w = 2; w < argc && k + 1 < cap; w++)
		k += (size_t)snprintf(a + k, cap - k, "%s%s", w > 2 ? " " : "", argv[w]);
	if (k >= cap)
		k = cap - 1;
	snprintf(s->sms.ussd[i].code, sizeof(s->sms.ussd[i].code), "%s", argv[1]);
	if (i == s->sms.n_ussd)
		s->sms.n_ussd++;
	sb_puts(out, "{\"ok\":true}");
	return 0;
}

/* ussd-mode response|indication|silent: where originate-ussd's text goes
 * (silent: nowhere, a network that never answers). */
int sim_ussd_mode_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	if (argc != 2 || (strcmp(argv[1], "response") && strcmp(argv[1], "indication") &&
			  strcmp(argv[1], "silent"))) {
		sb_puts(out, "{\"ok\":false,\"error\":\"usage: ussd-mode response|indication|silent\"}");
		return -1;
	}
	s->sms.ussd_by_indication = !strcmp(argv[1], "indication");
	s->sms.ussd_silent = !strcmp(argv[1], "silent");
	sb_puts(out, "{\"ok\":true}");
	return 0;
}
