/* UCI reader and cellink configuration: good files, broken files, secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/uci.h"

static struct cl_config cfg;

static int parse(const char *text, struct strbuf *err, struct strbuf *warn)
{
	sb_reset(err);
	sb_reset(warn);
	return cl_config_parse(&cfg, "network", text, strlen(text), err, warn);
}

/* The seed's configuration, written as `uci` writes it, with proto qmi. */
static void seed_config_accepted(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	const char *text =
		"\nconfig interface 'loopback'\n\toption ifname 'lo'\n\toption proto 'static'\n\n"
		"config interface 'wan'\n"
		"\toption proto 'qmi'\n"
		"\toption device '/dev/cdc-wdm0'\n"
		"\toption apn 'r.ispsn'\n"
		"\toption username ''\n"
		"\toption password ''\n";
	assert_int_equal(parse(text, &err, &warn), 0);
	assert_int_equal(cfg.n_modems, 1);
	assert_string_equal(cfg.modems[0].name, "wan");
	assert_string_equal(cfg.modems[0].proto, "qmi");
	assert_string_equal(cfg.modems[0].device, "/dev/cdc-wdm0");
	assert_string_equal(cfg.modems[0].apn, "r.ispsn");
	assert_int_equal(cfg.modems[0].auth, CL_AUTH_NONE);
	assert_int_equal(cfg.modems[0].line, 6);
	assert_int_equal(cfg.modems[0].timeout, -1);     /* unset: the engine's own bounds */
	struct strbuf out;
	sb_init(&out);
	cl_config_print(&out, &cfg);
	assert_non_null(strstr(sb_str(&out), "timeout         (not set)\n"));
	sb_free(&out);
	assert_int_equal(warn.len, 0);
	sb_free(&err);
	sb_free(&warn);
}

/* timeout 0 is qmi.sh's "wait for ever"; a negative one is refused */
static void timeout_zero_is_for_ever(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	assert_int_equal(parse("config modem 'm'\n option device /dev/cdc-wdm0\n option apn a\n"
			       " option timeout 0\n", &err, &warn), 0);
	assert_int_equal(cfg.modems[0].timeout, 0);
	sb_free(&err);
	sb_init(&err);
	assert_true(parse("config modem 'm'\n option device /dev/cdc-wdm0\n option apn a\n"
			  " option timeout -5\n", &err, &warn) != 0);
	assert_non_null(strstr(sb_str(&err), "timeout"));
	sb_free(&err);
	sb_free(&warn);
}

static void every_qmi_option(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	const char *text =
		"config modem 'lte'\n"
		"  option device \"/dev/cdc-wdm1\"\n  option apn internet\n  option auth both\n"
		"  option username 'u'\n  option password 'p w'\n  option pincode 0000\n"
		"  option delay 5\n  option modes 'lte,gsm'\n  option pdptype ipv4v6\n  option profile 3\n"
		"  option dhcp 0\n  option dhcpv6 yes\n  option autoconnect off\n  option plmn 26201\n"
		"  option timeout 20\n  option mtu 1430\n  option ifname wwan1\n  option mode auto\n"
		"  option atport /dev/ttyUSB2   # the modem port\n"
		"  option v6apn ims6\n  option v6profile 4\n  option request_timeout 12\n"
		"  option probe 2001:db8::53\n";
	assert_int_equal(parse(text, &err, &warn), 0);
	const struct cl_modem_cfg *m = &cfg.modems[0];
	assert_int_equal(m->auth, CL_AUTH_BOTH);
	assert_string_equal(m->password, "p w");
	assert_string_equal(m->pincode, "0000");
	assert_int_equal(m->delay, 5);
	assert_int_equal(m->modes, CL_MODES_LTE | CL_MODES_GSM);
	assert_int_equal(m->pdptype, CL_PDP_IPV4V6);
	assert_int_equal(m->profile, 3);
	assert_false(m->dhcp);
	assert_true(m->dhcpv6);
	assert_false(m->autoconnect);
	assert_string_equal(m->plmn, "26201");
	assert_int_equal(m->mtu, 1430);
	assert_int_equal(m->mode, CL_MODE_AUTO);
	assert_string_equal(m->atport, "/dev/ttyUSB2");
	assert_int_equal(m->timeout, 20);
	assert_string_equal(m->v6apn, "ims6");
	assert_int_equal(m->v6profile, 4);
	assert_int_equal(m->request_timeout, 12);
	assert_string_equal(m->probe, "2001:db8::53");
	struct strbuf out;
	sb_init(&out);
	cl_config_print(&out, &cfg);
	assert_null(strstr(sb_str(&out), "p w"));
	assert_null(strstr(sb_str(&out), "0000"));
	assert_non_null(strstr(sb_str(&out), "password        (set, hidden)"));
	assert_non_null(strstr(sb_str(&out), "request_timeout 12\n"));
	sb_free(&out);
	sb_free(&err);
	sb_free(&warn);
}

/* netifd's metric, defaultroute and peerdns: read (the daemon applies them
 * where no netifd runs), with their defaults when absent. */
static void host_options(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	assert_int_equal(parse("config modem lte\n option device /dev/cdc-wdm0\n option apn x\n", &err, &warn), 0);
	assert_int_equal(cfg.modems[0].metric, -1);    /* not set: each mode's own default */
	assert_true(cfg.modems[0].defaultroute);
	assert_true(cfg.modems[0].peerdns);
	const char *text = "config interface wan\n option proto cellink\n option device /dev/cdc-wdm0\n"
			   " option apn x\n option metric 50\n option defaultroute 0\n option peerdns no\n";
	assert_int_equal(parse(text, &err, &warn), 0);
	assert_int_equal(cfg.modems[0].metric, 50);
	assert_false(cfg.modems[0].defaultroute);
	assert_false(cfg.modems[0].peerdns);
	assert_int_equal(warn.len, 0);
	assert_int_equal(parse("config modem lte\n option device d\n option metric -1\n option peerdns maybe\n",
			       &err, &warn), 2);
	assert_non_null(strstr(sb_str(&err), "network:3: option 'metric': -1 is outside 0..65535"));
	assert_non_null(strstr(sb_str(&err), "network:4: option 'peerdns': 'maybe' is not a boolean"));
	sb_free(&err);
	sb_free(&warn);
}

/* lte_bands, nr_bands and roaming (cellink bands; roaming '0') */
static void band_and_roaming_options(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	assert_int_equal(parse("config modem lte\n option device d\n", &err, &warn), 0);
	assert_true(cfg.modems[0].roaming);             /* allowed unless told otherwise */
	assert_string_equal(cfg.modems[0].lte_bands, "");
	const char *text = "config interface wan\n option proto cellink\n option device /dev/cdc-wdm0\n"
			   " option lte_bands '3,7,20'\n option nr_bands 'n78 n258'\n option roaming 0\n";
	assert_int_equal(parse(text, &err, &warn), 0);
	assert_string_equal(cfg.modems[0].lte_bands, "3,7,20");
	assert_string_equal(cfg.modems[0].nr_bands, "n78 n258");
	assert_false(cfg.modems[0].roaming);
	assert_int_equal(warn.len, 0);
	assert_int_equal(parse("config modem lte\n option device d\n option lte_bands 3,300\n"
			       " option nr_bands 78,5g\n option roaming sometimes\n", &err, &warn), 3);
	assert_non_null(strstr(sb_str(&err), "network:3: option 'lte_bands': band 300 is out of range (1 to 256)"));
	assert_non_null(strstr(sb_str(&err), "network:4: option 'nr_bands': '5g' is not a band number"));
	assert_non_null(strstr(sb_str(&err), "network:5: option 'roaming': 'sometimes' is not a boolean"));
	/* the PPP link does not enforce them: said */
	assert_int_equal(parse("config modem lte\n option device d\n option mode auto\n option roaming 0\n",
			       &err, &warn), 0);
	assert_non_null(strstr(sb_str(&warn), "network:1: section 'lte': lte_bands, nr_bands and roaming '0' "
			       "apply to the QMI link only; mode auto's PPP link"));
	sb_free(&err);
	sb_free(&warn);
}

/* Each broken line is reported with file and line; later lines still read. */
static void errors_name_file_line_option(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	const char *text =
		"option apn x\n"                                  /* 1: outside a section */
		"config interface wan\n"                          /* 2 */
		"\toption proto cellink\n"
		"\toption device /dev/cdc-wdm0\n"
		"\toption auth papp\n"                            /* 5 */
		"\toption delay soon\n"                           /* 6 */
		"\toption mtu 100\n"                              /* 7 */
		"\toption pincode 12ab\n"                         /* 8 */
		"\toption apn 'unterminated\n"                    /* 9 */
		"\toption dhcp maybe\n"                           /* 10 */
		"\toption modes lte,5g\n"                         /* 11 */
		"\toption apm typo\n"                             /* 12: warning */
		"\tbogus line\n"                                  /* 13 */
		"\toption probe gateway\n";                       /* 14 */
	int n = parse(text, &err, &warn);
	const char *e = sb_str(&err);
	assert_int_equal(n, 10);
	assert_non_null(strstr(e, "network:14: option 'probe': 'gateway' is not an IPv4 or IPv6 address"));
	assert_non_null(strstr(e, "network:1: option outside a 'config' section: 'option'"));
	assert_non_null(strstr(e, "network:5: option 'auth': 'papp' is not one of none, pap, chap, both"));
	assert_non_null(strstr(e, "network:6: option 'delay': 'soon' is not a number"));
	assert_non_null(strstr(e, "network:7: option 'mtu': 100 is outside 576..9000"));
	assert_non_null(strstr(e, "network:8: option 'pincode': must be digits"));
	assert_null(strstr(e, "12ab"));     /* a PIN is not echoed, even a bad one */
	assert_non_null(strstr(e, "network:9: unterminated quote in 'apn'"));
	assert_non_null(strstr(e, "network:10: option 'dhcp': 'maybe' is not a boolean"));
	assert_non_null(strstr(e, "network:11: option 'modes'"));
	assert_non_null(strstr(e, "network:13: expected config, option or list, not 'bogus'"));
	assert_non_null(strstr(sb_str(&warn), "network:12: option 'apm' is not a cellink option"));
	sb_free(&err);
	sb_free(&warn);
}

static void missing_device_and_no_modem(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	assert_int_equal(parse("config interface wan\n option proto cellink\n option apn x\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "network:1: section 'wan': option 'device' is required"));
	assert_int_equal(parse("config interface lan\n option proto static\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "no modem"));
	assert_int_equal(parse("", &err, &warn), 1);
	sb_free(&err);
	sb_free(&warn);
}

static void uci_quoting(void **state)
{
	struct uci_file *f = malloc(sizeof(*f));
	const char *text = "config 'a' \"b\"\n\toption x \"q\\\"uote\"\n\toption y 'a''b'c\n\tlist z 1 # c\n";
	assert_int_equal(uci_parse(f, text, strlen(text)), 0);
	assert_string_equal(f->sections[0].type, "a");
	assert_string_equal(f->sections[0].name, "b");
	assert_string_equal(uci_get(&f->sections[0], "x")->value, "q\"uote");
	assert_string_equal(uci_get(&f->sections[0], "y")->value, "abc");
	assert_true(uci_get(&f->sections[0], "z")->is_list);
	/* CRLF files from Windows editors */
	const char *crlf = "config modem m\r\n\toption device /dev/x\r\n";
	assert_int_equal(uci_parse(f, crlf, strlen(crlf)), 0);
	assert_string_equal(uci_get(&f->sections[0], "device")->value, "/dev/x");
	free(f);
}

/* The doctor's suggestion with its placeholder is not a valid configuration;
 * a password may still be anything. */
static void placeholders_refused(void **state)
{
	(void)state;
	static const char text[] = "config interface 'wwan'\n"
				   "\toption proto 'cellink'\n"
				   "\toption device '/dev/cdc-wdm0'\n"
				   "\toption apn '<APN from your carrier>'\n"
				   "\toption password '<not a placeholder>'\n";
	struct cl_config *c = malloc(sizeof(*c));
	struct strbuf errs;
	sb_init(&errs);
	assert_int_equal(cl_config_parse(c, "network", text, strlen(text), &errs, NULL), 1);
	assert_non_null(strstr(sb_str(&errs), "network:4: option 'apn': still the placeholder "
					      "'<APN from your carrier>': put in the access point name"));
	sb_free(&errs);
	free(c);
}

/* A NUL byte in a value, a section defined twice, two sections on one device. */
static void refused_nul_duplicate_shared_device(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	static const char nul[] = "config modem 'wan'\n\toption device '/dev/cdc\0-wdm0'\n\toption apn 'x'\n";
	sb_reset(&err);
	assert_true(cl_config_parse(&cfg, "network", nul, sizeof(nul) - 1, &err, &warn) >= 1);
	assert_non_null(strstr(sb_str(&err), "network:2: a NUL byte in the text"));

	assert_int_equal(parse("config modem 'wan'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n"
			       "config modem 'wan'\n\toption device '/dev/cdc-wdm1'\n\toption apn 'y'\n",
			       &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "section 'wan' is defined twice (lines 1 and 4)"));

	assert_int_equal(parse("config interface 'wan'\n\toption proto 'cellink'\n\toption device '/dev/cdc-wdm0'\n"
			       "\toption apn 'x'\n"
			       "config modem 'lte2'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'y'\n",
			       &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "sections 'wan' (line 1) and 'lte2' (line 5) both use device "
					     "/dev/cdc-wdm0"));
	/* two APNs on one modem without QMAP: the error names the rule and the section */
	assert_non_null(strstr(sb_str(&err), "two PDNs of one modem need QMAP, option mux_id (1..254, a "
					     "different one in each section), and 'wan' has none"));
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n",
			       &err, &warn), 1);
	assert_null(strstr(sb_str(&err), "second PDN"));

	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm1'\n\toption apn 'y'\n",
			       &err, &warn), 0);

	/* QMAP: one section with a mux id is fine; two on one device say
	 * which rule they break */
	assert_int_equal(parse("config modem 'ims'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'ims'\n"
			       "\toption mux_id '2'\n", &err, &warn), 0);
	assert_int_equal(cfg.modems[0].mux_id, 2);
	assert_int_equal(parse("config modem 'wan'\n\toption device '/dev/cdc-wdm0'\n", &err, &warn), 0);
	assert_int_equal(cfg.modems[0].mux_id, -1);     /* not set: no QMAP */
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '0'\n",
			       &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "option 'mux_id'"));
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '255'\n",
			       &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "option 'mux_id'"));
	assert_int_equal(parse("config modem 'wan'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n"
			       "\toption mux_id '1'\n"
			       "config modem 'ims'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'ims'\n"
			       "\toption mux_id '1'\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "both ask for QMAP mux id 1: each PDN needs a mux id of its own"));
	assert_non_null(strstr(sb_str(&err), "sections 'wan' (line 1) and 'ims' (line 5) both use device "
					     "/dev/cdc-wdm0: both ask"));
	sb_free(&err);
	sb_free(&warn);
}

/* Two PDNs of one modem: sections on one device with distinct mux ids
 * run under one daemon; every other pairing is refused, naming both
 * sections and the rule. */
static void two_pdns_on_one_device(void **state)
{
	struct strbuf err, warn;
	sb_init(&err);
	sb_init(&warn);
	static const char two[] = "config modem 'wan'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n"
				  "\toption mux_id '1'\n\toption pincode '1234'\n\toption lte_bands '3,7'\n"
				  "config modem 'ims'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'ims'\n"
				  "\toption mux_id '2'\n";
	assert_int_equal(parse(two, &err, &warn), 0);
	assert_int_equal(cfg.n_modems, 2);
	assert_int_equal(cfg.modems[0].mux_id, 1);
	assert_int_equal(cfg.modems[1].mux_id, 2);
	assert_true(cl_same_device(cfg.modems[0].device, cfg.modems[1].device));
	/* three PDNs, each its own mux id */
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n"
			       "config modem 'c'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '3'\n",
			       &err, &warn), 0);
	/* the same PIN in both is one PIN */
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "\toption pincode '1234'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n"
			       "\toption pincode '1234'\n", &err, &warn), 0);
	/* one with a mux id, one without: the section without is named */
	assert_int_equal(parse("config modem 'wan'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'x'\n"
			       "config modem 'ims'\n\toption device '/dev/cdc-wdm0'\n\toption apn 'ims'\n"
			       "\toption mux_id '2'\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "network:4: sections 'wan' (line 1) and 'ims' (line 4) both use "
					     "device /dev/cdc-wdm0: two PDNs of one modem need QMAP"));
	assert_non_null(strstr(sb_str(&err), "and 'wan' has none"));
	/* options that set the modem itself must not differ */
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "\toption pincode '1234'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n"
			       "\toption pincode '4321'\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "sections 'a' (line 1) and 'b' (line 5) both use device "
					     "/dev/cdc-wdm0: their option pincode differs"));
	assert_null(strstr(sb_str(&err), "1234"));      /* never the PIN itself */
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "\toption modes 'lte'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n"
			       "\toption modes 'umts'\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "their option modes differs"));
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "\toption lte_bands '3'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n"
			       "\toption lte_bands '7'\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "their option lte_bands differs"));
	/* QMAP is QMI's: PPP and MBIM cannot share */
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n"
			       "\toption mode 'auto'\n", &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "run over QMI (mode qmi), and 'b' has mode auto"));
	assert_int_equal(parse("config modem 'a'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '1'\n"
			       "\toption protocol 'mbim'\n"
			       "config modem 'b'\n\toption device '/dev/cdc-wdm0'\n\toption mux_id '2'\n",
			       &err, &warn), 1);
	assert_non_null(strstr(sb_str(&err), "'a' has protocol mbim"));
	sb_free(&err);
	sb_free(&warn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_config_accepted),
		cmocka_unit_test(every_qmi_option),
		cmocka_unit_test(timeout_zero_is_for_ever),
		cmocka_unit_test(host_options),
		cmocka_unit_test(band_and_roaming_options),
		cmocka_unit_test(errors_name_file_line_option),
		cmocka_unit_test(missing_device_and_no_modem),
		cmocka_unit_test(uci_quoting),
		cmocka_unit_test(placeholders_refused),
		cmocka_unit_test(two_pdns_on_one_device),
		cmocka_unit_test(refused_nul_duplicate_shared_device),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
