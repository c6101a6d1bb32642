/* VOICE: USSD only. originate-ussd answers with the network's text for
 * the code, from the table the control command "ussd CODE ANSWER" fills
 * (a balance answer for *100# when nothing is set); ASCII when the text
 * is ASCII, else UCS-2 (QMI's own USS coding). An unknown code gets the
 * answer networks give, "UNKNOWN APPLICATION". */
#include <stdio.h>
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

#define USS_ASCII 1
#define USS_UCS2 3

static const struct { const char *code, *answer; } builtin[] = {
	{ "*100#", "Your balance is 12.50 EUR. Valid until 31.12.2026." },
};

static const char *answer_for(const struct sim *s, const char *code)
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
	const char *a = answer_for(c->s, code);
	bool ascii = true;
	for (const char *p = a; *p; p++)
		ascii = ascii && (unsigned char)*p < 0x80;
	c->s->sms.ussd_count++;
	sim_log(c->s, "voice: USSD %s answered", code);
	if (ascii) {
		rs_uint(c, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA_CODING_SCHEME, USS_ASCII);
		rs_bytes(c, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA, (const uint8_t *)a, strlen(a));
		return 0;
	}
	uint8_t ucs[255];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)a; *p;) {
		uint32_t cp;
		if (utf8_next(&p, &cp) < 0)
			return QMI_ERR_INTERNAL;
		uint16_t u[2];
		size_t k = 1;
		if (cp >= 0x10000) {
			u[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			u[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			k = 2;
		} else {
			u[0] = (uint16_t)cp;
		}
		for (size_t i = 0; i < k && n + 2 <= sizeof(ucs) - 1; i++) {
			ucs[n++] = (uint8_t)(u[i] >> 8);    /* UCS-2 big-endian, as networks send it */
			ucs[n++] = (uint8_t)u[i];
		}
	}
	rs_uint(c, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA_CODING_SCHEME, USS_UCS2);
	rs_bytes(c, QMIF_VOICE_ORIGINATE_USSD_RS_USS_DATA_DATA, ucs, n);
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
