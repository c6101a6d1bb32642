/* A small reader of UCI-syntax files (OpenWrt's /etc/config format):
 *
 *   config TYPE ['NAME']
 *           option KEY 'VALUE'
 *           list KEY 'VALUE'
 *
 * Values may be bare words, 'single-quoted' or "double-quoted" (with \
 * escapes); '#' starts a comment. No I/O beyond the text given; errors carry
 * the line number. */
#ifndef CELLINK_CONFIG_UCI_H
#define CELLINK_CONFIG_UCI_H

#include <stddef.h>

#define UCI_MAX_SECTIONS 16
#define UCI_MAX_OPTIONS 48
#define UCI_MAX_VALUE 256

struct uci_option {
	char key[32];
	char value[UCI_MAX_VALUE];
	int line;
	int is_list;
};

struct uci_section {
	char type[32];
	char name[32];          /* "" for an anonymous section */
	int line;
	int n_options;
	struct uci_option options[UCI_MAX_OPTIONS];
};

struct uci_file {
	int n_sections;
	struct uci_section sections[UCI_MAX_SECTIONS];
	int n_errors;           /* syntax errors: each line with one is skipped */
	struct {
		int line;
		char msg[160];
	} errors[8];
};

/* Parses text[0..len). A line with a syntax error is recorded in errors[]
 * and skipped, so later lines are still read. Returns 0, or CL_E_PARSE when
 * any line had an error. */
int uci_parse(struct uci_file *f, const char *text, size_t len);

/* The first option named key in s, or NULL. */
const struct uci_option *uci_get(const struct uci_section *s, const char *key);

#endif
