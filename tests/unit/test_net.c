/* Host network configuration: sysfs raw_ip switch and resolv file on a
 * temporary tree (any user); rtnetlink on a TUN device in a private network
 * namespace (root only, skipped otherwise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/net.h"

static char root[64];

static void mkdirs(const char *path)
{
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(tmp, 0755);
			*p = '/';
		}
	mkdir(tmp, 0755);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int tree_setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/cellink-net-XXXXXX");
	assert_non_null(mkdtemp(root));
	char p[256];
	snprintf(p, sizeof(p), "%s/class/net/wwan7/qmi", root);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/class/net/wwan7/qmi/raw_ip", root);
	put(p, "N\n");
	snprintf(p, sizeof(p), "%s/class/usbmisc/cdc-wdm7/device/net/wwan7", root);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/class/net/oldk", root);   /* qmi_wwan without raw_ip */
	mkdirs(p);
	return 0;
}

static int tree_teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void raw_ip_switch(void **state)
{
	char why[256];
	assert_int_equal(net_raw_ip_get(root, "wwan7"), 0);
	/* wwan7 does not exist in this namespace: the file is still written */
	assert_int_equal(net_raw_ip_set(root, "wwan7", true, why, sizeof(why)), 0);
	assert_int_equal(net_raw_ip_get(root, "wwan7"), 1);
	assert_non_null(strstr(why, "raw-ip"));
	assert_int_equal(net_raw_ip_set(root, "wwan7", true, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "already"));
	/* a kernel without the switch */
	assert_int_equal(net_raw_ip_set(root, "oldk", true, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "raw_ip"));
	assert_true(net_is_qmi_wwan(root, "wwan7"));
	assert_false(net_is_qmi_wwan(root, "oldk"));
}

static void ifname_from_device(void **state)
{
	char name[32];
	assert_int_equal(net_ifname_for_device(root, "/dev/cdc-wdm7", name, sizeof(name)), 0);
	assert_string_equal(name, "wwan7");
	assert_true(net_ifname_for_device(root, "/dev/cdc-wdm9", name, sizeof(name)) < 0);
}

static void resolv_file(void **state)
{
	char p[256], buf[256] = "";
	snprintf(p, sizeof(p), "%s/resolv.conf", root);
	const char *servers[] = { "10.0.0.53", "", NULL, "2001:db8::53" };
	assert_int_equal(net_write_resolv(p, servers, 4), 0);
	FILE *f = fopen(p, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	assert_non_null(strstr(buf, "nameserver 10.0.0.53\n"));
	assert_non_null(strstr(buf, "nameserver 2001:db8::53\n"));
	assert_null(strstr(buf, "nameserver \n"));
	assert_true(net_write_resolv("/nonexistent-dir/resolv", servers, 1) < 0);
}

/* What the rtnetlink case needs, checked before it runs: NULL when it can
 * run (this process is then in a network namespace of its own), else why
 * not. */
static const char *rtnetlink_unavailable(char *why, size_t cap)
{
	if (geteuid() != 0)
		return "the rtnetlink case needs root (network namespace, TUN device)";
	if (unshare(CLONE_NEWNET) < 0) {
		snprintf(why, cap, "cannot create a network namespace: %s", strerror(errno));
		return why;
	}
	if (access("/dev/net/tun", R_OK | W_OK) < 0) {
		snprintf(why, cap, "no /dev/net/tun: %s", strerror(errno));
		return why;
	}
	return NULL;
}

/* A TUN device stands for wwan0 in a namespace of our own. */
static void rtnetlink_in_netns(void **state)
{
	int tun = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	assert_true(tun >= 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "wwantest0");
	assert_int_equal(ioctl(tun, TUNSETIFF, &ifr), 0);

	assert_true(net_ifindex("wwantest0") > 0);
	assert_int_equal(net_ifindex("nosuchif0"), -ENODEV);
	assert_int_equal(net_link_set("wwantest0", true, 1428), 0);
	char p[128], mtu[16] = "";
	snprintf(p, sizeof(p), "/sys/class/net/wwantest0/mtu");
	FILE *f = fopen(p, "r");
	if (f) {
		assert_non_null(fgets(mtu, sizeof(mtu), f));
		fclose(f);
		assert_int_equal(atoi(mtu), 1428);
	}
	uint64_t rx = 99, tx = 99;
	assert_int_equal(net_link_counters("wwantest0", &rx, &tx), 0);  /* answers, never blocks */
	assert_int_equal(rx, 0);
	assert_int_equal(net_link_counters("nosuchif0", &rx, &tx), -ENODEV);
	assert_int_equal(net_addr_add("wwantest0", "10.42.0.2", 30), 0);
	assert_int_equal(net_addr_add("wwantest0", "10.42.0.2", 30), 0);   /* again: no error */
	assert_int_equal(net_addr_add("wwantest0", "2001:db8:42::2", 64), 0);
	assert_int_equal(net_addr_add("wwantest0", "not-an-address", 24), -EINVAL);
	assert_int_equal(net_addr_count("wwantest0", 4), 1);
	assert_int_equal(net_addr_count("wwantest0", 6), 1);
	assert_int_equal(net_default_route("wwantest0", 4, "10.42.0.1", true), 0);
	assert_int_equal(net_default_route("wwantest0", 6, "2001:db8:42::1", true), 0);
	/* the route is there: deleting it works, deleting again is no error */
	assert_int_equal(net_default_route("wwantest0", 4, NULL, false), 0);
	assert_int_equal(net_default_route("wwantest0", 4, NULL, false), 0);
	assert_int_equal(net_addr_flush("wwantest0"), 2);
	assert_int_equal(net_addr_count("wwantest0", 4), 0);
	assert_int_equal(net_addr_count("wwantest0", 6), 0);
	assert_int_equal(net_link_set("wwantest0", false, 0), 0);
	assert_int_equal(net_link_set("nosuchif0", true, 0), -ENODEV);
	close(tun);
}

/* test_net: the cases that need nothing special. test_net rtnetlink: the
 * case that needs root, a network namespace and TUN; exits 77 (CTest's
 * skip) with the reason when this machine cannot run it. */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raw_ip_switch),
		cmocka_unit_test(ifname_from_device),
		cmocka_unit_test(resolv_file),
	};
	const struct CMUnitTest rtnetlink[] = {
		cmocka_unit_test(rtnetlink_in_netns),
	};
	if (argc > 1 && !strcmp(argv[1], "rtnetlink")) {
		char buf[256];
		const char *why = rtnetlink_unavailable(buf, sizeof buf);
		if (why) {
			printf("SKIP: %s\n", why);
			return 77;
		}
		return cmocka_run_group_tests(rtnetlink, NULL, NULL);
	}
	if (argc > 1) {
		fprintf(stderr, "usage: %s [rtnetlink]\n", argv[0]);
		return 2;
	}
	return cmocka_run_group_tests(tests, tree_setup, tree_teardown);
}
