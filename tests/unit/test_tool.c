/* The toolbox's framework (src/tool) against a scripted fake modem, the
 * control socket's toolbox requests (src/cli/ctl_proto.c) and the data
 * counters' tally (src/conn/tally.c). Timers run on a virtual clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ctl.h"
#include "client/qmi_client.h"
#include "conn/tally.h"
#include "fake_modem.h"
#include "qmi/errors.h"
#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/tool.h"

struct fx {
	uint64_t now;
	struct ev_loop loop;
	struct fake_modem fm;
	struct qmi_client c;
	struct qmi_msg req, resp;
	/* what the run emitted */
	char final[1024];
	int n_final, n_updates;
	bool done;
	struct tool_run *run;
};

static uint64_t virtual_now(void *p)
{
	return *(const uint64_t *)p;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_int_equal(ev_loop_init(&f->loop), 0);
	f->now = 1000000;
	ev_loop_set_clock(&f->loop, virtual_now, &f->now);
	assert_int_equal(fake_modem_open(&f->fm), 0);
	qmi_client_init(&f->c, &f->loop);
	assert_int_equal(qmi_client_open(&f->c, f->fm.path), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	qmi_client_close(&f->c);
	fake_modem_close(&f->fm);
	ev_loop_free(&f->loop);
	free(f);
	return 0;
}

static void emitted(void *ud, const char *json, bool final)
{
	struct fx *f = ud;
	if (final) {
		f->n_final++;
		snprintf(f->final, sizeof f->final, "%s", json);
		f->done = true;
		f->run = NULL;
	} else {
		f->n_updates++;
	}
}

static struct tool_env env_of(struct fx *f, uint8_t wds)
{
	return (struct tool_env){ .loop = &f->loop, .cl = &f->c, .cid_dms = TOOL_NO_CID, .cid_nas = TOOL_NO_CID,
				  .cid_wds = wds, .cid_uim = TOOL_NO_CID, .cid_wds6 = TOOL_NO_CID };
}

/* Answers the next request, which must be msg_id of service. */
static void expect_req(struct fx *f, uint8_t service, uint16_t msg_id)
{
	assert_int_equal(fake_modem_read(&f->fm, &f->loop, &f->req, 2000), 0);
	assert_int_equal(f->req.service, service);
	assert_int_equal(f->req.id, msg_id);
	fake_modem_reply_init(&f->resp, &f->req);
}

static void reply_cid(struct fx *f, uint8_t service, uint8_t cid)
{
	expect_req(f, QMI_SVC_CTL, QMI_CTL_ALLOCATE_CID);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_SERVICE, service), 0);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, cid), 0);
	fake_modem_send(&f->fm, &f->resp);
}

static void reply_stats(struct fx *f, uint64_t rx, uint64_t tx)
{
	expect_req(f, QMI_SVC_WDS, QMI_WDS_GET_PACKET_STATISTICS);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK, rx), 0);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK, tx), 0);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK, 3), 0);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK, 4), 0);
	fake_modem_send(&f->fm, &f->resp);
}

static void test_unknown_and_usage(void **state)
{
	struct fx *f = *state;
	struct tool_env env = env_of(f, TOOL_NO_CID);
	char why[256];
	struct tool_run *r = (struct tool_run *)1;
	char *none[] = { NULL };
	assert_int_equal(tool_start(&env, "frobnicate", 0, none, emitted, f, &r, why, sizeof why), TOOL_E_UNKNOWN);
	assert_null(r);
	assert_non_null(strstr(why, "no toolbox operation 'frobnicate'"));
	assert_non_null(strstr(why, "counters"));
	char *bad[] = { "--bogus", NULL };
	assert_int_equal(tool_start(&env, "counters", 1, bad, emitted, f, &r, why, sizeof why), TOOL_E_USAGE);
	assert_non_null(strstr(why, "unknown argument '--bogus'"));
	/* nothing was sent, nothing emitted */
	assert_int_equal(qmi_client_in_flight(&f->c), 0);
	assert_int_equal(f->n_final, 0);
	assert_true(tool_exists("counters"));
	assert_false(tool_exists("frob"));
	char *reset[] = { "--reset", NULL };
	assert_false(tool_changes("counters", 0, none));
	assert_true(tool_changes("counters", 1, reset));
	assert_true(tool_changes("frob", 0, none));     /* unknown: the stricter answer */
}

/* One-shot: a WDS client is allocated, asked, released at the end; the
 * final answer comes from the loop, once. */
static void test_counters_allocates_and_releases(void **state)
{
	struct fx *f = *state;
	struct tool_env env = env_of(f, TOOL_NO_CID);
	char why[256];
	char *none[] = { NULL };
	assert_int_equal(tool_start(&env, "counters", 0, none, emitted, f, &f->run, why, sizeof why), 0);
	assert_non_null(f->run);
	assert_int_equal(f->n_final, 0);
	reply_cid(f, QMI_SVC_WDS, 7);
	reply_stats(f, 1000, 2000);
	assert_true(pump_until(&f->loop, &f->done, 2000));
	assert_int_equal(f->n_final, 1);
	assert_string_equal(f->final, "{\"ok\":true,\"schema\":2,\"connected\":true,\"session\":{\"rx_bytes\":1000,"
				      "\"tx_bytes\":2000,\"rx_packets\":3,\"tx_packets\":4}}");
	/* the cid goes back */
	expect_req(f, QMI_SVC_CTL, QMI_CTL_RELEASE_CID);
	uint64_t svc = 0, cid = 0;
	assert_int_equal(qmi_fget_uint(&f->req, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_SERVICE, &svc), 0);
	assert_int_equal(qmi_fget_uint(&f->req, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_CID, &cid), 0);
	assert_int_equal(svc, QMI_SVC_WDS);
	assert_int_equal(cid, 7);
	assert_int_equal(qmi_client_cids_held(&f->c), 0);
}

/* The owner's cid is used as is: nothing allocated, nothing released. */
static void test_counters_owner_cid(void **state)
{
	struct fx *f = *state;
	struct tool_env env = env_of(f, 9);
	char why[256];
	char *none[] = { NULL };
	assert_int_equal(tool_start(&env, "counters", 0, none, emitted, f, &f->run, why, sizeof why), 0);
	reply_stats(f, 5, 6);
	assert_int_equal(f->req.client, 9);
	assert_true(pump_until(&f->loop, &f->done, 2000));
	assert_non_null(strstr(f->final, "\"rx_bytes\":5,\"tx_bytes\":6"));
	assert_int_equal(qmi_client_in_flight(&f->c), 0);
}

/* A modem error ends the run with {"ok":false} naming it. */
static void test_counters_qmi_error(void **state)
{
	struct fx *f = *state;
	struct tool_env env = env_of(f, 9);
	char why[256];
	char *none[] = { NULL };
	assert_int_equal(tool_start(&env, "counters", 0, none, emitted, f, &f->run, why, sizeof why), 0);
	expect_req(f, QMI_SVC_WDS, QMI_WDS_GET_PACKET_STATISTICS);
	f->resp.status = 1;
	f->resp.error = QMI_ERR_INTERNAL;
	fake_modem_send(&f->fm, &f->resp);
	assert_true(pump_until(&f->loop, &f->done, 2000));
	assert_non_null(strstr(f->final, "{\"ok\":false,\"error\":\"get-packet-statistics: "));
}

/* Cancelled while the modem is slow: no emit, the request dropped, the
 * allocated cid released. */
static void test_cancel_releases(void **state)
{
	struct fx *f = *state;
	struct tool_env env = env_of(f, TOOL_NO_CID);
	char why[256];
	char *none[] = { NULL };
	assert_int_equal(tool_start(&env, "counters", 0, none, emitted, f, &f->run, why, sizeof why), 0);
	reply_cid(f, QMI_SVC_WDS, 4);
	expect_req(f, QMI_SVC_WDS, QMI_WDS_GET_PACKET_STATISTICS);     /* not answered */
	tool_cancel(f->run);
	f->run = NULL;
	expect_req(f, QMI_SVC_CTL, QMI_CTL_RELEASE_CID);
	fake_modem_send(&f->fm, &f->resp);
	f->now += 100;
	ev_run_once(&f->loop, 50);
	assert_int_equal(f->n_final, 0);
	assert_int_equal(f->n_updates, 0);
	assert_int_equal(qmi_client_cids_held(&f->c), 0);
}

/* Cancelled while the cid allocation is in flight: the cid that comes
 * later goes straight back. */
static void test_cancel_during_alloc(void **state)
{
	struct fx *f = *state;
	struct tool_env env = env_of(f, TOOL_NO_CID);
	char why[256];
	char *none[] = { NULL };
	assert_int_equal(tool_start(&env, "counters", 0, none, emitted, f, &f->run, why, sizeof why), 0);
	expect_req(f, QMI_SVC_CTL, QMI_CTL_ALLOCATE_CID);
	tool_cancel(f->run);
	f->run = NULL;
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_SERVICE, QMI_SVC_WDS), 0);
	assert_int_equal(qmi_fset_uint(&f->resp, QMIF_CTL_ALLOCATE_CID_RS_ALLOCATION_INFO_CID, 12), 0);
	fake_modem_send(&f->fm, &f->resp);
	expect_req(f, QMI_SVC_CTL, QMI_CTL_RELEASE_CID);
	uint64_t cid = 0;
	assert_int_equal(qmi_fget_uint(&f->req, QMIF_CTL_RELEASE_CID_RQ_RELEASE_INFO_CID, &cid), 0);
	assert_int_equal(cid, 12);
	assert_int_equal(f->n_final, 0);
}

/* ---- the control socket's toolbox requests ---- */

static void test_ctl_args(void **state)
{
	(void)state;
	char line[CTL_TOOL_LINE_MAX + 1];
	enum ctl_verb v;
	const char *modem;
	char *argv[TOOL_ARGS_MAX + 1];
	int argc;
	char why[256];
	snprintf(line, sizeof line, "counters - --re%%73et %%41%%20b%%0Ac %%");
	assert_int_equal(ctl_parse_request_args(line, strlen(line), &v, &modem, &argc, argv, TOOL_ARGS_MAX, why,
						sizeof why), 0);
	assert_int_equal(v, CTL_TOOL_COUNTERS);
	assert_true(ctl_verb_is_tool(v));
	assert_string_equal(modem, "");
	assert_int_equal(argc, 3);
	assert_string_equal(argv[0], "--reset");
	assert_string_equal(argv[1], "A b\nc");
	assert_string_equal(argv[2], "");
	assert_null(argv[3]);
	assert_true(ctl_request_changes(v, argc, argv));
	assert_false(ctl_request_changes(v, 0, NULL));
	/* a named modem */
	snprintf(line, sizeof line, "counters wan");
	assert_int_equal(ctl_parse_request_args(line, strlen(line), &v, &modem, &argc, argv, TOOL_ARGS_MAX, why,
						sizeof why), 0);
	assert_string_equal(modem, "wan");
	assert_int_equal(argc, 0);
	/* refusals */
	const char *bad[][2] = {
		{ "counters - %ZZ", "bad %-escape" },
		{ "counters - a%00b", "NUL byte" },
		{ "counters - %4", "bad %-escape" },
		{ "counters w%20n", "no spaces" },
		{ "status wan --reset", "at most one modem name" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(line, sizeof line, "%s", bad[i][0]);
		why[0] = 0;
		assert_int_equal(ctl_parse_request_args(line, strlen(line), &v, &modem, &argc, argv, TOOL_ARGS_MAX,
							why, sizeof why), -1);
		if (!strstr(why, bad[i][1]))
			fail_msg("'%s': '%s' does not say '%s'", bad[i][0], why, bad[i][1]);
	}
	/* a plain verb keeps its 255-byte limit; a toolbox verb has 4095 */
	memset(line, 'x', 3000);
	memcpy(line, "status ", 7);
	line[3000] = 0;
	assert_int_equal(ctl_parse_request_args(line, 3000, &v, &modem, &argc, argv, TOOL_ARGS_MAX, why, sizeof why),
			 -1);
	assert_non_null(strstr(why, "request too long"));
	memcpy(line, "counters - ", 11);
	memset(line + 11, 'x', 2989);
	line[3000] = 0;
	assert_int_equal(ctl_parse_request_args(line, 3000, &v, &modem, &argc, argv, TOOL_ARGS_MAX, why, sizeof why),
			 0);
	assert_int_equal(argc, 1);
	/* too many arguments */
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "counters -");
	for (int i = 0; i <= TOOL_ARGS_MAX; i++)
		sb_puts(&sb, " a");
	snprintf(line, sizeof line, "%s", sb_str(&sb));
	sb_free(&sb);
	assert_int_equal(ctl_parse_request_args(line, strlen(line), &v, &modem, &argc, argv, TOOL_ARGS_MAX, why,
						sizeof why), -1);
	assert_non_null(strstr(why, "too many arguments"));
}

/* What the CLI encodes, the daemon decodes to the same bytes. */
static void test_ctl_encode_roundtrip(void **state)
{
	(void)state;
	const char *args[] = { "hello world", "+4912345", "lte:3,7,20", "", "100%", "é\n\t\"'\\", "a=b/c@d~e" };
	struct strbuf sb;
	sb_init(&sb);
	sb_puts(&sb, "counters wan");
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
		sb_putc(&sb, ' ');
		ctl_encode_arg(&sb, args[i]);
	}
	assert_null(strpbrk(sb_str(&sb) + 12, "\t\n\r"));
	char line[CTL_TOOL_LINE_MAX + 1];
	snprintf(line, sizeof line, "%s", sb_str(&sb));
	sb_free(&sb);
	enum ctl_verb v;
	const char *modem;
	char *argv[TOOL_ARGS_MAX + 1];
	int argc;
	char why[256];
	assert_int_equal(ctl_parse_request_args(line, strlen(line), &v, &modem, &argc, argv, TOOL_ARGS_MAX, why,
						sizeof why), 0);
	assert_int_equal(argc, (int)(sizeof args / sizeof args[0]));
	for (int i = 0; i < argc; i++)
		assert_string_equal(argv[i], args[i]);
}

/* ---- the tally ---- */

static struct conn_counters cc(uint64_t rx, uint64_t tx)
{
	return (struct conn_counters){ .rx_bytes = rx, .tx_bytes = tx, .rx_packets = rx / 100, .tx_packets = tx / 100 };
}

static void test_tally(void **state)
{
	(void)state;
	struct conn_tally t;
	memset(&t, 0, sizeof t);
	struct conn_counters s, tot;
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(tot.rx_bytes, 0);
	/* a session grows */
	conn_tally_sample(&t, &(struct conn_counters){ 0 });
	conn_tally_sample(&t, &(struct conn_counters){ .rx_bytes = 500, .tx_bytes = 300 });
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(s.rx_bytes, 500);
	assert_int_equal(tot.tx_bytes, 300);
	/* it ends; the next starts from zero, the total keeps on */
	conn_tally_end(&t);
	struct conn_counters a = cc(200, 100);
	conn_tally_sample(&t, &a);
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(s.rx_bytes, 200);
	assert_int_equal(tot.rx_bytes, 700);
	assert_int_equal(tot.tx_bytes, 400);
	/* a count that went down: a session we did not see end */
	struct conn_counters b = cc(50, 40);
	conn_tally_sample(&t, &b);
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(s.rx_bytes, 50);
	assert_int_equal(tot.rx_bytes, 750);
	/* reset in a session: both from zero, the session counts on from there */
	struct conn_counters c = cc(80, 60);
	conn_tally_reset(&t, &c);
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(s.rx_bytes, 0);
	assert_int_equal(tot.rx_bytes, 0);
	struct conn_counters d = cc(180, 90);
	conn_tally_sample(&t, &d);
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(s.rx_bytes, 100);
	assert_int_equal(tot.tx_bytes, 30);
	conn_tally_end(&t);
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(s.rx_bytes, 0);
	assert_int_equal(tot.rx_bytes, 100);
	/* reset out of a session */
	conn_tally_reset(&t, NULL);
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(tot.rx_bytes, 0);
	conn_tally_end(&t);     /* twice: nothing more */
	conn_tally_get(&t, &s, &tot);
	assert_int_equal(tot.rx_bytes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unknown_and_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters_allocates_and_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters_owner_cid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters_qmi_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_during_alloc, setup, teardown),
		cmocka_unit_test(test_ctl_args),
		cmocka_unit_test(test_ctl_encode_roundtrip),
		cmocka_unit_test(test_tally),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
