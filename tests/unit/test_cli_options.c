/* The table of CLI options (src/cli/options.h): one row per name and
 * command, one-letter aliases unambiguous, every command covered, and the
 * parser built from it reads what each command's modes need. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "cli/commands.h"
#include "cli/options.h"

static const char *const commands[] = {
#define T_CMD(name, part, help) #name,
	CELLINK_COMMANDS(T_CMD)
#undef T_CMD
};

static const unsigned parser_sets[] = { CB_DECODE, CB_ENCODE, CB_CONFIG, CB_DOCTOR, CB_QMI,
					CB_PPP,    CB_CONNECT, CB_DAEMON, CB_QUERY, CB_AT };

static void test_names_unique_per_command(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof parser_sets / sizeof parser_sets[0]; s++)
		for (size_t i = 0; i < CLI_N_OPTS; i++)
			for (size_t k = i + 1; k < CLI_N_OPTS; k++) {
				if (!(cli_opts[i].cmds & parser_sets[s]) || !(cli_opts[k].cmds & parser_sets[s]))
					continue;
				if (!strcmp(cli_opt_name(&cli_opts[i]), cli_opt_name(&cli_opts[k])))
					fail_msg("--%s twice for commands 0x%x", cli_opt_name(&cli_opts[i]), parser_sets[s]);
				if (cli_opts[i].shortopt && cli_opts[i].shortopt == cli_opts[k].shortopt)
					fail_msg("-%c twice for commands 0x%x", cli_opts[i].shortopt, parser_sets[s]);
			}
}

static const char *const complete[CLI_N_OPTS] = CLI_OPT_COMPLETE;

static void test_rows_well_formed(void **state)
{
	(void)state;
	for (size_t i = 0; i < CLI_N_OPTS; i++) {
		const struct cli_opt *o = &cli_opts[i];
		assert_ptr_equal(cli_opt_of(o->id), o);
		assert_true(o->cmds != 0);
		assert_true(cli_opt_help(o)[0] != 0);
		assert_null(strchr(cli_opt_help(o), '\n'));
		/* a value has a name in the help and the man page; a flag has none */
		assert_int_equal(o->arg, cli_opt_meta(o)[0] != 0);
		if (!o->arg)
			assert_string_equal(complete[i], "");
	}
}

static void test_every_command_has_options(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		unsigned bits = cli_command_bits(commands[i]);
		if (!bits)
			fail_msg("command %s has no row in the option table", commands[i]);
		assert_non_null(cli_find("help", bits));
	}
	assert_int_equal(cli_command_bits("nonsense"), 0);
	assert_non_null(cli_find("request-timeout", CB_CONNECT));
	assert_non_null(cli_find("mode", CB_CONNECT));
	assert_non_null(cli_find("port", CB_AT));
}

/* getopt over argv; returns the ids seen, '?' for an error */
static int parse(unsigned cmds, bool stop, int argc, char **argv, int *ids, int max)
{
	struct cli_parser p;
	cli_parser_init(&p, cmds, stop);
	int n = 0, o;
	while ((o = cli_next(&p, argc, argv)) != -1 && n < max)
		ids[n++] = o;
	return n;
}

/* --mode auto: the PPP side reads the whole command line, QMI options
 * included (--request-timeout was missing from its table once). */
static void test_auto_mode_ppp_parser_takes_qmi_options(void **state)
{
	(void)state;
	char *argv[] = { "connect", "--mode", "auto", "--request-timeout", "5", "--port", "/dev/ttyUSB2",
			 "--apn", "internet", "--mtu", "1400", NULL };
	int ids[16];
	int n = parse(CB_CONNECT, false, 11, argv, ids, 16);
	assert_int_equal(n, 5);
	assert_int_equal(ids[0], OPT_MODE);
	assert_int_equal(ids[1], OPT_REQUEST_TIMEOUT);
	assert_int_equal(ids[2], OPT_PORT);
	assert_int_equal(ids[3], OPT_APN);
	assert_int_equal(ids[4], OPT_MTU);
	/* the QMI mode alone refuses the PPP-only --cid */
	char *argv2[] = { "connect", "--cid", "2", NULL };
	n = parse(CB_QMI, false, 3, argv2, ids, 16);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], '?');
}

static void test_short_options_and_values(void **state)
{
	(void)state;
	char *argv[] = { "encode", "-c", "3", "--kind=response", "wds", "-l", NULL };
	int ids[8];
	int n = parse(CB_ENCODE, true, 6, argv, ids, 8);
	assert_int_equal(n, 2);         /* stops at the operand "wds" */
	assert_int_equal(ids[0], OPT_CLIENT);
	assert_int_equal(ids[1], OPT_KIND);
	char *argv2[] = { "decode", "-t", "--json", NULL };
	n = parse(CB_DECODE, false, 3, argv2, ids, 8);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], OPT_TEXT);
	assert_int_equal(ids[1], '?');  /* --json is not decode's */
	char *argv3[] = { "at", "--timeout", NULL };
	n = parse(CB_AT, false, 2, argv3, ids, 8);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], '?');  /* missing value */
}

static void test_ip_type_spellings(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int r;
		bool v4, v6;
	} cases[] = {
		{ "4", 0, true, false },     { "ipv4", 0, true, false }, { "6", 0, false, true },
		{ "ipv6", 0, false, true },  { "4v6", 0, true, true },   { "ipv4v6", 0, true, true },
		{ "IPV4", -1, false, false }, { "", -1, false, false },  { "46", -1, false, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool v4 = false, v6 = false;
		assert_int_equal(cli_ip_type(cases[i].s, &v4, &v6), cases[i].r);
		assert_int_equal(v4, cases[i].v4);
		assert_int_equal(v6, cases[i].v6);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_unique_per_command),
		cmocka_unit_test(test_rows_well_formed),
		cmocka_unit_test(test_every_command_has_options),
		cmocka_unit_test(test_auto_mode_ppp_parser_takes_qmi_options),
		cmocka_unit_test(test_short_options_and_values),
		cmocka_unit_test(test_ip_type_spellings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
