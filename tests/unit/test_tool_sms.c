/* The argument parsing of cellink sms and cellink ussd (tool/op_sms.c,
 * op_ussd.c): every bad call is refused at once with a sentence naming
 * the problem, before anything is sent; good ones get past their
 * arguments (to a client that was never opened); every call needs admin
 * rights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "client/qmi_client.h"
#include "tool/tool.h"

static struct ev_loop loop;
static struct qmi_client *cl;
static int emitted_n;

static void emitted(void *ud, const char *json, bool final)
{
	emitted_n++;
}

/* Starts op with the words of args (space-separated); the result of
 * tool_start, the sentence in why. */
static int start(const char *op, const char *args, char *why, size_t len)
{
	static char buf[512];
	char *argv[16];
	int argc = 0;
	snprintf(buf, sizeof(buf), "%s", args);
	for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && argc < 15; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	struct tool_env env = { .loop = &loop, .cl = cl, .cid_dms = TOOL_NO_CID, .cid_nas = TOOL_NO_CID,
				.cid_wds = TOOL_NO_CID, .cid_uim = TOOL_NO_CID, .cid_wds6 = TOOL_NO_CID };
	struct tool_run *run = NULL;
	why[0] = 0;
	int r = tool_start(&env, op, argc, argv, emitted, NULL, &run, why, len);
	if (r == 0)
		tool_cancel(run);
	assert_true(r == 0 || run == NULL || r < 0);
	return r;
}

static int setup(void **state)
{
	assert_int_equal(ev_loop_init(&loop), 0);
	cl = calloc(1, sizeof(*cl));
	assert_non_null(cl);
	qmi_client_init(cl, &loop);     /* never opened: nothing can be sent */
	return 0;
}

static int teardown(void **state)
{
	free(cl);
	ev_loop_free(&loop);
	return 0;
}

static void sms_refuses_bad_calls(void **state)
{
	static const struct { const char *args, *says; } bad[] = {
		{ "", "which subcommand?" },
		{ "lsit", "unknown subcommand 'lsit'" },
		{ "list extra", "too many arguments" },
		{ "read", "an argument is missing" },
		{ "read nv/x", "'nv/x' is not a message id" },
		{ "read sim/3", "'sim/3' is not a message id" },
		{ "read -1", "'-1' is not a message id" },
		{ "delete", "an argument is missing" },
		{ "delete al", "'al' is not a message id" },
		{ "send +4912345", "an argument is missing" },
		{ "send +49a123 hi", "'+49a123' is not a phone number" },
		{ "send 123456789012345678901 hi", "is not a phone number" },
		{ "watch now", "too many arguments" },
	};
	char why[300];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = start("sms", bad[i].args, why, sizeof(why));
		if (r != TOOL_E_USAGE || !strstr(why, bad[i].says))
			fail_msg("sms %s: %d '%s', expected usage and '%s'", bad[i].args, r, why, bad[i].says);
	}
	/* an empty text, and one longer than 16 SMS */
	char *argv[] = { "send", "+4912345", "", NULL };
	struct tool_env env = { .loop = &loop, .cl = cl, .cid_dms = TOOL_NO_CID, .cid_nas = TOOL_NO_CID,
				.cid_wds = TOOL_NO_CID, .cid_uim = TOOL_NO_CID, .cid_wds6 = TOOL_NO_CID };
	struct tool_run *run = NULL;
	assert_int_equal(tool_start(&env, "sms", 3, argv, emitted, NULL, &run, why, sizeof(why)), TOOL_E_USAGE);
	assert_non_null(strstr(why, "the text is empty"));
	static char huge[16 * 160 + 2];
	memset(huge, 'x', sizeof(huge) - 1);
	argv[2] = huge;
	assert_int_equal(tool_start(&env, "sms", 3, argv, emitted, NULL, &run, why, sizeof(why)), TOOL_E_USAGE);
	assert_non_null(strstr(why, "more than 16 SMS"));
	assert_int_equal(emitted_n, 0);
}

static void sms_accepts_good_calls(void **state)
{
	static const char *const good[] = {
		"list", "read 3", "read nv/3", "read uim/0", "delete nv/12", "delete all", "watch",
		"send +4912345678 hello", "send 0170123 Gr\303\274\303\237e!",
	};
	char why[300];
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		/* past the arguments, the closed client stops it: not a usage error */
		int r = start("sms", good[i], why, sizeof(why));
		if (r == TOOL_E_USAGE)
			fail_msg("sms %s refused: %s", good[i], why);
	}
	assert_int_equal(emitted_n, 0);        /* cancelled before anything was emitted */
	/* reading is as private as changing: admin rights for every call */
	char *l[] = { "list", NULL };
	assert_true(tool_changes("sms", 1, l));
}

static void ussd_calls(void **state)
{
	char why[300];
	assert_int_not_equal(start("ussd", "*100#", why, sizeof(why)), TOOL_E_USAGE);
	assert_int_not_equal(start("ussd", "*135*8#", why, sizeof(why)), TOOL_E_USAGE);
	assert_int_equal(start("ussd", "", why, sizeof(why)), TOOL_E_USAGE);
	assert_non_null(strstr(why, "none given"));
	assert_int_equal(start("ussd", "*100# *101#", why, sizeof(why)), TOOL_E_USAGE);
	assert_non_null(strstr(why, "too many arguments"));
	assert_int_equal(start("ussd", "balance", why, sizeof(why)), TOOL_E_USAGE);
	assert_non_null(strstr(why, "'balance' is not a USSD code"));
	char *a[] = { "*100#", NULL };
	assert_true(tool_changes("ussd", 1, a));
	assert_int_equal(emitted_n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sms_refuses_bad_calls),
		cmocka_unit_test(sms_accepts_good_calls),
		cmocka_unit_test(ussd_calls),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
