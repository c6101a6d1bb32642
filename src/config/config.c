#include "config/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/bands.h"
#include "common/util.h"
#include "config/uci.h"

enum opt_type { O_STR, O_INT, O_BOOL, O_ENUM, O_MODES, O_DIGITS, O_ADDR, O_BANDS };

/* 40 bytes a row: the pointers, then the numbers in the widths they need
 * (a row is written SPEC(key, type, member, min, max, names, secret, help)). */
struct opt_spec {
	const char *key;
	const char *const *names;       /* O_ENUM */
	const char *help;
	int32_t min, max;       /* O_INT range; O_DIGITS length range; O_BANDS highest band */
	uint16_t off, size;     /* where it goes in struct cl_modem_cfg */
	uint8_t type;           /* enum opt_type */
	bool secret;
};
_Static_assert(sizeof(struct cl_modem_cfg) <= UINT16_MAX, "an option's offset or size beyond 16 bits");

static const char *const auth_names[] = { "none", "pap", "chap", "both", NULL };
static const char *const pdp_names[] = { "ipv4", "ipv6", "ipv4v6", NULL };
static const char *const mode_names[] = { "qmi", "ppp", "auto", NULL };
static const char *const protocol_names[] = { "auto", "qmi", "mbim", NULL };

#define SPEC(key, type, field, min, max, names, secret, help)                                     \
	{ key, names, help, min, max, offsetof(struct cl_modem_cfg, field),                        \
	  sizeof(((struct cl_modem_cfg *)0)->field), type, secret }

/* The options of OpenWrt's qmi protocol, then cellink's own. */
static const struct opt_spec specs[] = {
	SPEC("device", O_STR, device, 0, 0, NULL, false, "QMI control device (/dev/cdc-wdm0)"),
	SPEC("apn", O_STR, apn, 0, 0, NULL, false, "access point name"),
	SPEC("auth", O_ENUM, auth, 0, 0, auth_names, false, "none, pap, chap or both"),
	SPEC("username", O_STR, username, 0, 0, NULL, false, "user name for the APN"),
	SPEC("password", O_STR, password, 0, 0, NULL, true, "password for the APN"),
	SPEC("pincode", O_DIGITS, pincode, 4, 8, NULL, true, "SIM PIN"),
	SPEC("delay", O_INT, delay, 0, 3600, NULL, false, "seconds to wait before bring-up"),
	SPEC("modes", O_MODES, modes, 0, 0, NULL, false, "all or a list of lte,umts,gsm,cdma,td-scdma"),
	SPEC("pdptype", O_ENUM, pdptype, 0, 0, pdp_names, false, "ipv4, ipv6 or ipv4v6"),
	SPEC("profile", O_INT, profile, 1, 255, NULL, false, "modem profile index"),
	SPEC("v6apn", O_STR, v6apn, 0, 0, NULL, false, "APN of the IPv6 session (default apn)"),
	SPEC("v6profile", O_INT, v6profile, 1, 255, NULL, false, "profile of the IPv6 session (default profile)"),
	/* accepted as qmi.sh does; cellink configures from the modem's settings
	 * and reconnects by itself (see cellink.conf(5)) */
	SPEC("dhcp", O_BOOL, dhcp, 0, 0, NULL, false, "accepted for compatibility"),
	SPEC("dhcpv6", O_BOOL, dhcpv6, 0, 0, NULL, false, "accepted for compatibility"),
	SPEC("autoconnect", O_BOOL, autoconnect, 0, 0, NULL, false, "accepted for compatibility"),
	SPEC("plmn", O_DIGITS, plmn, 5, 6, NULL, false, "MCC+MNC to register on"),
	SPEC("timeout", O_INT, timeout, 0, 86400, NULL, false,
	  "seconds to wait for the SIM and for registration (0: for ever)"),
	SPEC("mtu", O_INT, mtu, 576, 9000, NULL, false, "interface MTU"),
	SPEC("metric", O_INT, metric, 0, 65535, NULL, false, "metric of the link's routes"),
	SPEC("defaultroute", O_BOOL, defaultroute, 0, 0, NULL, false, "default routes through the link"),
	SPEC("peerdns", O_BOOL, peerdns, 0, 0, NULL, false, "use the network's DNS servers"),
	SPEC("ifname", O_STR, ifname, 0, 0, NULL, false, "network interface (wwan0)"),
	SPEC("mode", O_ENUM, mode, 0, 0, mode_names, false, "qmi, ppp or auto (qmi, else ppp)"),
	SPEC("atport", O_STR, atport, 0, 0, NULL, false, "AT port for PPP (/dev/ttyUSB2)"),
	SPEC("protocol", O_ENUM, protocol, 0, 0, protocol_names, false,
	  "control protocol: auto (the driver bound to the device), qmi or mbim"),
	SPEC("session", O_INT, session, 0, 255, NULL, false, "MBIM session id (0: the interface itself)"),
	SPEC("mux_id", O_INT, mux_id, 1, 254, NULL, false,
	  "QMI: carry the session on the QMAP mux id N (qmi_wwan add_mux, interface qmimuxK)"),
	/* umbim's proto mbim options (OpenWrt), so a section moved from mbim
	 * keeps working */
	SPEC("request_timeout", O_INT, request_timeout, 1, 600, NULL, false, "seconds for each modem request"),
	SPEC("probe", O_ADDR, probe, 0, 0, NULL, false,
	  "address the liveness check probes (default: the gateway, else the first DNS server)"),
	SPEC("lte_bands", O_BANDS, lte_bands, 1, BANDS_LTE_MAX, NULL, false,
	  "LTE bands to lock to before registering (3,7,20)"),
	SPEC("nr_bands", O_BANDS, nr_bands, 1, BANDS_NR_MAX, NULL, false,
	  "5G NR bands (NSA and SA) to lock to before registering (78)"),
	SPEC("roaming", O_BOOL, roaming, 0, 0, NULL, false, "connect while roaming (1); 0: wait for the home network"),
};

/* Options an OpenWrt interface section carries for netifd, not for us. */
static const char *const netifd_options[] = { "proto", "dns", "ipv6",
					      "auto", "force_link", "disabled", "zone", "ip4table", "ip6table",
					      "sourcefilter", "delegate", "reqprefix", "ifname", NULL };

const char *cl_auth_name(int auth)
{
	return auth >= 0 && auth < 4 ? auth_names[auth] : "?";
}

const char *cl_pdptype_name(int pdptype)
{
	return pdptype >= 0 && pdptype < 3 ? pdp_names[pdptype] : "?";
}

const char *cl_mode_name(int mode)
{
	return mode >= 0 && mode < 3 ? mode_names[mode] : "?";
}

static void report(struct strbuf *sb, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct strbuf *sb, const char *file, int line, const char *fmt, ...)
{
	if (!sb)
		return;
	va_list ap;
	va_start(ap, fmt);
	sb_printf(sb, "%s:%d: ", file, line);
	sb_vprintf(sb, fmt, ap);
	sb_putc(sb, '\n');
	va_end(ap);
}

static int parse_int(const char *s, long *out)
{
	char *end;
	if (!*s)
		return -1;
	*out = strtol(s, &end, 10);
	return *end ? -1 : 0;
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "enabled", NULL };
	static const char *const no[] = { "0", "no", "off", "false", "disabled", NULL };
	for (int i = 0; yes[i]; i++)
		if (!strcmp(s, yes[i]))
			return *out = true, 0;
	for (int i = 0; no[i]; i++)
		if (!strcmp(s, no[i]))
			return *out = false, 0;
	return -1;
}

static int parse_modes(const char *s, unsigned *out)
{
	static const struct { const char *n; unsigned bit; } m[] = {
		{ "all", CL_MODES_ALL }, { "lte", CL_MODES_LTE }, { "umts", CL_MODES_UMTS },
		{ "gsm", CL_MODES_GSM }, { "cdma", CL_MODES_CDMA }, { "td-scdma", CL_MODES_TDSCDMA },
	};
	char buf[UCI_MAX_VALUE];
	snprintf(buf, sizeof(buf), "%s", s);
	unsigned acc = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(m); i++)
			if (!strcmp(tok, m[i].n))
				break;
		if (i == ARRAY_SIZE(m))
			return -1;
		acc |= m[i].bit;
	}
	*out = acc;
	return 0;
}

/* Sets one option; returns NULL or the reason it was refused. */
static const char *apply(struct cl_modem_cfg *mc, const struct opt_spec *sp, const char *v, char *why, size_t cap)
{
	void *dst = (char *)mc + sp->off;
	long n;
	size_t vlen = strlen(v);
	/* a suggestion's '<APN from your carrier>' left as it is (not for
	 * secrets: a password may look like anything) */
	if (sp->type == O_STR && !sp->secret && vlen >= 3 && v[0] == '<' && v[vlen - 1] == '>' &&
	    !strpbrk(v + 1, "<") && strchr(v, '>') == v + vlen - 1)
		return snprintf(why, cap, "still the placeholder '%.60s': put in the %s", v, sp->help), why;
	switch ((enum opt_type)sp->type) {
	case O_ADDR: {
		unsigned char a[16];
		if (inet_pton(AF_INET, v, a) != 1 && inet_pton(AF_INET6, v, a) != 1)
			return snprintf(why, cap, "'%s' is not an IPv4 or IPv6 address", v), why;
	}
		/* fall through */
	case O_STR:
		if (strlen(v) >= sp->size)
			return snprintf(why, cap, "longer than %u characters", (unsigned)sp->size - 1), why;
		strcpy(dst, v);
		return NULL;
	case O_DIGITS: {
		size_t len = strlen(v);
		for (const char *c = v; *c; c++)
			if (!isdigit((unsigned char)*c))
				return sp->secret ? "must be digits" : (snprintf(why, cap, "'%s' must be digits", v), why);
		if (len < (size_t)sp->min || len > (size_t)sp->max)
			return snprintf(why, cap, "must be %d to %d digits", sp->min, sp->max), why;
		strcpy(dst, v);
		return NULL;
	}
	case O_INT:
		if (parse_int(v, &n))
			return snprintf(why, cap, "'%s' is not a number", v), why;
		if (n < sp->min || n > sp->max)
			return snprintf(why, cap, "%ld is outside %d..%d", n, sp->min, sp->max), why;
		*(int *)dst = (int)n;
		return NULL;
	case O_BOOL:
		if (parse_bool(v, (bool *)dst))
			return snprintf(why, cap, "'%s' is not a boolean (0/1, yes/no, on/off, true/false)", v), why;
		return NULL;
	case O_ENUM:
		for (int i = 0; sp->names[i]; i++)
			if (!strcmp(v, sp->names[i])) {
				*(int *)dst = i;
				return NULL;
			}
		snprintf(why, cap, "'%s' is not one of", v);
		for (int i = 0; sp->names[i]; i++)
			snprintf(why + strlen(why), cap - strlen(why), "%s %s", i ? "," : "", sp->names[i]);
		return why;
	case O_BANDS: {
		struct band_mask m;
		char inner[120];
		if (band_list_parse(v, (unsigned)sp->max, &m, inner, sizeof inner) < 0)
			return snprintf(why, cap, "%s", inner), why;
		if (strlen(v) >= sp->size)
			return snprintf(why, cap, "longer than %u characters", (unsigned)sp->size - 1), why;
		strcpy(dst, v);
		return NULL;
	}
	case O_MODES:
		if (parse_modes(v, (unsigned *)dst))
			return snprintf(why, cap, "'%s' is not all or a list of lte, umts, gsm, cdma, td-scdma", v), why;
		return NULL;
	}
	return "unknown option type";
}

static bool is_netifd_option(const char *key)
{
	for (int i = 0; netifd_options[i]; i++)
		if (!strcmp(key, netifd_options[i]))
			return true;
	return false;
}

static void defaults(struct cl_modem_cfg *mc)
{
	memset(mc, 0, sizeof(*mc));
	mc->auth = CL_AUTH_NONE;
	mc->pdptype = CL_PDP_IPV4;
	mc->timeout = -1;
	mc->mode = CL_MODE_QMI;
	mc->dhcpv6 = false;
	mc->metric = -1;                /* not set: CL_DEFAULT_METRIC for QMI, pppd's rule for PPP */
	mc->mux_id = -1;                /* not set: no QMAP */
	mc->defaultroute = true;
	mc->peerdns = true;
	mc->roaming = true;
}

/* Two sections on one device: two PDNs of one modem, run by one daemon
 * over one control device (one lock, one QMI stream, one CTL sync), each
 * on its own QMAP mux id, WDS clients and mux interface. Anything else is
 * two owners of one device. The options that set the modem itself (the
 * SIM's PIN, radio modes, band lock, network, base interface) must not
 * differ: one given in one section is the modem's for both. 0 when the
 * pair may run, else the error is reported. */
static int same_device_check(struct strbuf *errors, const char *file, const struct cl_modem_cfg *other,
			     const struct cl_modem_cfg *mc)
{
	char tail[400] = "";
	if (other->mode != CL_MODE_QMI || mc->mode != CL_MODE_QMI)
		snprintf(tail, sizeof tail, ": two PDNs of one modem run over QMI (mode qmi), and '%s' has mode %s",
			 other->mode != CL_MODE_QMI ? other->name : mc->name,
			 cl_mode_name(other->mode != CL_MODE_QMI ? other->mode : mc->mode));
	else if (other->protocol == CL_PROTOCOL_MBIM || mc->protocol == CL_PROTOCOL_MBIM)
		snprintf(tail, sizeof tail, ": two PDNs of one modem need QMAP, which is QMI's, and '%s' has "
			 "protocol mbim", other->protocol == CL_PROTOCOL_MBIM ? other->name : mc->name);
	else if (other->mux_id <= 0 || mc->mux_id <= 0)
		snprintf(tail, sizeof tail, ": two PDNs of one modem need QMAP, option mux_id (1..254, a "
			 "different one in each section), and '%s' has none (docs/connection.md, 'Two PDNs on one "
			 "modem')", other->mux_id <= 0 ? other->name : mc->name);
	else if (other->mux_id == mc->mux_id)
		snprintf(tail, sizeof tail, ": both ask for QMAP mux id %d: each PDN needs a mux id of its own",
			 mc->mux_id);
	else {
		const char *key = NULL;
		if (other->pincode[0] && mc->pincode[0] && strcmp(other->pincode, mc->pincode))
			key = "pincode";
		else if (other->modes && mc->modes && other->modes != mc->modes)
			key = "modes";
		else if (other->lte_bands[0] && mc->lte_bands[0] && strcmp(other->lte_bands, mc->lte_bands))
			key = "lte_bands";
		else if (other->nr_bands[0] && mc->nr_bands[0] && strcmp(other->nr_bands, mc->nr_bands))
			key = "nr_bands";
		else if (other->plmn[0] && mc->plmn[0] && strcmp(other->plmn, mc->plmn))
			key = "plmn";
		else if (other->ifname[0] && mc->ifname[0] && strcmp(other->ifname, mc->ifname))
			key = "ifname";
		if (!key)
			return 0;
		snprintf(tail, sizeof tail, ": their option %s differs, but it sets the modem both PDNs share "
			 "(give it in one section, or the same in both)", key);
	}
	report(errors, file, mc->line, "sections '%s' (line %d) and '%s' (line %d) both use device %s%s",
	       other->name, other->line, mc->name, mc->line, mc->device, tail);
	return -1;
}

/* The same path, or two paths to the same device node. */
bool cl_same_device(const char *a, const char *b)
{
	if (!a[0] || !b[0])
		return false;
	if (!strcmp(a, b))
		return true;
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cl_config_parse(struct cl_config *cfg, const char *file, const char *text, size_t len,
		    struct strbuf *errors, struct strbuf *warnings)
{
	memset(cfg, 0, sizeof(*cfg));
	struct uci_file *f = malloc(sizeof(*f));
	if (!f) {
		report(errors, file, 0, "out of memory");
		return 1;
	}
	int nerr = 0;
	const char *nul = memchr(text, 0, len);
	if (nul) {      /* it would silently end the value ('/dev/cdc\0-wdm0' as /dev/cdc) */
		int line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		report(errors, file, line, "a NUL byte in the text (a value cannot hold one)");
		nerr++;
	}
	if (uci_parse(f, text, len)) {
		int shown = f->n_errors < 8 ? f->n_errors : 8;
		for (int i = 0; i < shown; i++)
			report(errors, file, f->errors[i].line, "%s", f->errors[i].msg);
		if (f->n_errors > shown)
			report(errors, file, f->errors[shown - 1].line, "%d more errors", f->n_errors - shown);
		nerr = f->n_errors;
	}
	for (int s = 0; s < f->n_sections; s++) {
		const struct uci_section *sec = &f->sections[s];
		const struct uci_option *proto = uci_get(sec, "proto");
		bool is_iface = !strcmp(sec->type, "interface");
		if (is_iface) {
			if (!proto || (strcmp(proto->value, "cellink") && strcmp(proto->value, "qmi")))
				continue;       /* another interface: not ours */
		} else if (strcmp(sec->type, "modem")) {
			if (warnings)
				report(warnings, file, sec->line, "section type '%s' ignored (cellink reads 'interface' with proto cellink or qmi, and 'modem')", sec->type);
			continue;
		}
		if (cfg->n_modems == CL_CONFIG_MAX_MODEMS) {
			report(errors, file, sec->line, "more than %d modems", CL_CONFIG_MAX_MODEMS);
			nerr++;
			goto out;
		}
		struct cl_modem_cfg *mc = &cfg->modems[cfg->n_modems++];
		defaults(mc);
		snprintf(mc->name, sizeof(mc->name), "%s", sec->name[0] ? sec->name : "modem");
		snprintf(mc->proto, sizeof(mc->proto), "%.15s", proto ? proto->value : "cellink");
		mc->line = sec->line;
		for (int o = 0; o < sec->n_options; o++) {
			const struct uci_option *opt = &sec->options[o];
			const struct opt_spec *sp = NULL;
			for (size_t i = 0; i < ARRAY_SIZE(specs); i++)
				if (!strcmp(specs[i].key, opt->key))
					sp = &specs[i];
			if (!sp) {
				if (is_iface && is_netifd_option(opt->key))
					continue;
				if (warnings)
					report(warnings, file, opt->line, "option '%s' is not a cellink option (ignored)", opt->key);
				continue;
			}
			char why[160];
			const char *bad = apply(mc, sp, opt->value, why, sizeof(why));
			if (bad) {
				report(errors, file, opt->line, "option '%s': %s", opt->key, bad);
				nerr++;
			}
		}
		if (!mc->device[0] && mc->mode != CL_MODE_PPP) {
			report(errors, file, sec->line, "section '%s': option 'device' is required", mc->name);
			nerr++;
		}
		if (mc->mode == CL_MODE_PPP && !mc->atport[0] && !mc->device[0]) {
			report(errors, file, sec->line, "section '%s': mode ppp needs 'atport'", mc->name);
			nerr++;
		}
		for (int k = 0; k < cfg->n_modems - 1; k++) {
			const struct cl_modem_cfg *other = &cfg->modems[k];
			if (sec->name[0] && !strcmp(other->name, mc->name)) {
				report(errors, file, sec->line, "section '%s' is defined twice (lines %d and %d)",
				       mc->name, other->line, mc->line);
				nerr++;
			}
			if (mc->device[0] && cl_same_device(other->device, mc->device) &&
			    same_device_check(errors, file, other, mc) < 0)
				nerr++;
		}
		/* the AT/PPP link neither locks bands nor watches roaming */
		if (mc->mode != CL_MODE_QMI && (mc->lte_bands[0] || mc->nr_bands[0] || !mc->roaming) && warnings)
			report(warnings, file, sec->line,
			       "section '%s': lte_bands, nr_bands and roaming '0' apply to the QMI link only; "
			       "mode %s's PPP link does not lock bands or refuse roaming", mc->name,
			       cl_mode_name(mc->mode));
		if (!CELLINK_MBIM && mc->protocol == CL_PROTOCOL_MBIM && warnings)
			report(warnings, file, sec->line,
			       "section '%s': protocol 'mbim' cannot run in this build of cellink, which has no MBIM "
			       "(built with -DCELLINK_MBIM=OFF): the modem will not start; use protocol 'auto' "
			       "with mode 'auto' to take PPP, or a build with MBIM", mc->name);
		if ((mc->username[0] || mc->password[0]) && mc->auth == CL_AUTH_NONE && warnings)
			report(warnings, file, sec->line,
			       "section '%s': username/password given with auth none: they are not sent", mc->name);
	}
	if (cfg->n_modems == 0 && nerr == 0) {
		report(errors, file, 1, "no modem: add a 'config interface' section with 'option proto cellink', or a 'config modem' section");
		nerr++;
	}
out:
	explicit_bzero(f, sizeof(*f));  /* passwords and PINs */
	free(f);
	return nerr;
}

void cl_config_print(struct strbuf *sb, const struct cl_config *cfg)
{
	for (int i = 0; i < cfg->n_modems; i++) {
		const struct cl_modem_cfg *mc = &cfg->modems[i];
		sb_printf(sb, "%s (proto %s, line %d)\n", mc->name, mc->proto, mc->line);
		for (size_t k = 0; k < ARRAY_SIZE(specs); k++) {
			const struct opt_spec *sp = &specs[k];
			const void *src = (const char *)mc + sp->off;
			sb_printf(sb, "  %-15s ", sp->key);
			switch ((enum opt_type)sp->type) {
			case O_STR:
			case O_ADDR:
			case O_DIGITS:
			case O_BANDS:
				if (sp->secret)
					sb_puts(sb, *(const char *)src ? "(set, hidden)" : "(not set)");
				else
					sb_puts(sb, *(const char *)src ? (const char *)src : "(not set)");
				break;
			case O_INT:
				if (*(const int *)src < 0)
					sb_puts(sb, "(not set)");
				else
					sb_printf(sb, "%d", *(const int *)src);
				break;
			case O_BOOL:
				sb_puts(sb, *(const bool *)src ? "yes" : "no");
				break;
			case O_ENUM:
				sb_puts(sb, sp->names[*(const int *)src]);
				break;
			case O_MODES: {
				unsigned m = *(const unsigned *)src;
				if (!m)
					sb_puts(sb, "all");
				static const char *const mn[] = { "lte", "umts", "gsm", "cdma", "td-scdma" };
				for (int b = 0, first = 1; b < 5; b++)
					if (m & (1u << b)) {
						sb_printf(sb, "%s%s", first ? "" : ",", mn[b]);
						first = 0;
					}
				break;
			}
			}
			sb_putc(sb, '\n');
		}
	}
}
