/* cellink config --check FILE: validate a configuration and show what it says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/util.h"
#include "common/strbuf.h"
#include "config/config.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cellink config --check FILE\n"
		"Reads a UCI-syntax file (/etc/config/network on OpenWrt, /etc/cellink/cellink.conf\n"
		"elsewhere), reports every problem as FILE:LINE, and prints the settings it\n"
		"understood, secrets hidden. Sections read: 'config interface' with proto cellink\n"
		"(or qmi), and 'config modem'.\n"
		"\n");
	cli_print_options(f, CB_CONFIG);
	fprintf(f, "\nexit status:\n");
	cli_print_exits(f, CB_CONFIG);
}

int cmd_config(int argc, char **argv)
{
	const char *file = NULL;
	int c;
	struct cli_parser p;
	cli_parser_init(&p, CB_CONFIG, false);
	while ((c = cli_next(&p, argc, argv)) != -1) {
		switch (c) {
		case OPT_CHECK: file = optarg; break;
		case OPT_HELP: usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!file) {
		usage(stderr);
		return 2;
	}
	size_t len;
	char *text = cli_read_file(file, &len);
	if (!text)
		return 2;
	struct cl_config *cfg = malloc(sizeof(*cfg));
	struct strbuf errors, warnings, out;
	sb_init(&errors);
	sb_init(&warnings);
	sb_init(&out);
	int nerr = cfg ? cl_config_parse(cfg, file, text, len, &errors, &warnings) : 1;
	fputs(sb_str(&warnings), stderr);
	if (nerr) {
		fputs(sb_str(&errors), stderr);
		fprintf(stderr, "%s: %d error%s\n", file, nerr, nerr == 1 ? "" : "s");
	} else {
		bool pw = false, pin = false;
		for (int i = 0; i < cfg->n_modems; i++) {
			pw |= cfg->modems[i].password[0] != 0;
			pin |= cfg->modems[i].pincode[0] != 0;
		}
		if (pw || pin)
			cli_warn_secret_file("cellink config", file, pw && pin ? "a password and a PIN"
								 : pw ? "a password" : "a PIN");
		cl_config_print(&out, cfg);
		fputs(sb_str(&out), stdout);
	}
	sb_free(&errors);
	sb_free(&warnings);
	sb_free(&out);
	if (cfg)
		explicit_bzero(cfg, sizeof(*cfg));
	free(cfg);
	explicit_bzero(text, len);
	free(text);
	return nerr ? 1 : 0;
}
