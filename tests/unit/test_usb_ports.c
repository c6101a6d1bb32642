/* usb_find_modem_port (src/usb/ports.c) on the sysfs trees cellink-sim
 * writes for its profiles: the modem port is the tty of the interface the
 * doctor classifies as "modem". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/sim.h"
#include "usb/ports.h"

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

/* Writes the profile's tree under a fresh directory; returns the root. */
static char *tree(const char *profile, const char *wdm, char *dir, size_t cap)
{
	struct sim *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	snprintf(dir, cap, "/tmp/test_usb_ports_XXXXXX");
	assert_non_null(mkdtemp(dir));
	s->prof = sim_profile_find(profile);
	assert_non_null(s->prof);
	sim_modem_defaults(&s->m, s->prof);
	snprintf(s->port.path, sizeof(s->port.path), "/run/x/%s", wdm);
	snprintf(s->ifname, sizeof(s->ifname), "wwan0");
	char *root = malloc(cap + 8);
	snprintf(root, cap + 8, "%s/sys", dir);
	assert_int_equal(sim_sysfs_write(s, root), 0);
	free(s);
	return root;
}

static void test_profiles(void **state)
{
	static const struct { const char *profile, *port; } cases[] = {
		{ "sierra-mc7455", "/dev/ttyUSB2" },  /* DIAG 0, NMEA 2, modem 3 */
		{ "quectel-ec25", "/dev/ttyUSB3" },   /* DIAG, NMEA, AT, modem */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char dir[64], port[64], why[300];
		char *root = tree(cases[i].profile, "cdc-wdm0", dir, sizeof dir);
		int r = usb_find_modem_port(root, "/dev/cdc-wdm0", port, sizeof port, why, sizeof why);
		if (r < 0)
			fail_msg("%s: %s", cases[i].profile, why);
		assert_string_equal(port, cases[i].port);
		/* no such control node (qmi_wwan did not bind): still the modem's port */
		assert_int_equal(usb_find_modem_port(root, "cdc-wdm7", port, sizeof port, why, sizeof why), 0);
		assert_string_equal(port, cases[i].port);
		assert_int_equal(usb_find_modem_port(root, NULL, port, sizeof port, why, sizeof why), 0);
		assert_string_equal(port, cases[i].port);
		assert_int_equal(nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
		free(root);
	}
}

static void test_nothing_there(void **state)
{
	char dir[] = "/tmp/test_usb_ports_XXXXXX", port[64], why[300];
	assert_non_null(mkdtemp(dir));
	int r = usb_find_modem_port(dir, NULL, port, sizeof port, why, sizeof why);
	assert_true(r < 0);
	assert_true(strlen(why) > 10);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_nothing_there),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
