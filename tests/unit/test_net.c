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
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
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

/* QMAP: what is refused before anything is written, and the USB
 * interface number bind-mux-data-port names */
static void qmap_add_mux_refusals(void **state)
{
	char why[256], name[32] = "", p[256];
	/* a kernel or driver without add_mux */
	assert_int_equal(net_qmap_add_mux(root, "oldk", 1, name, sizeof name, why, sizeof why), -ENOENT);
	assert_non_null(strstr(why, "qmi/add_mux"));
	snprintf(p, sizeof p, "%s/class/net/wwan7/qmi/add_mux", root);
	put(p, "");
	assert_int_equal(net_qmap_add_mux(root, "wwan7", 0, name, sizeof name, why, sizeof why), -EINVAL);
	assert_non_null(strstr(why, "1..254"));
	assert_int_equal(net_qmap_add_mux(root, "wwan7", 255, name, sizeof name, why, sizeof why), -EINVAL);
	assert_string_equal(name, "");
	/* class/usbmisc/cdc-wdm7/../../bInterfaceNumber, in hex as sysfs writes it */
	snprintf(p, sizeof p, "%s/class/bInterfaceNumber", root);
	put(p, "0a\n");
	assert_int_equal(net_wdm_usb_iface(root, "/dev/cdc-wdm7"), 10);
	unlink(p);
	assert_true(net_wdm_usb_iface(root, "/dev/cdc-wdm7") < 0);
}

static void ifname_from_device(void **state)
{
	char name[32];
	assert_int_equal(net_ifname_for_device(root, "/dev/cdc-wdm7", name, sizeof(name)), 0);
	assert_string_equal(name, "wwan7");
	assert_true(net_ifname_for_device(root, "/dev/cdc-wdm9", name, sizeof(name)) < 0);
}

static void slurp(const char *path, char *buf, size_t cap)
{
	buf[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	size_t n = fread(buf, 1, cap - 1, f);
	fclose(f);
	buf[n] = 0;
}

static void resolv_file(void **state)
{
	char p[256], buf[256] = "", why[300];
	snprintf(p, sizeof(p), "%s/resolv.conf", root);
	const char *servers[] = { "10.0.0.53", "", NULL, "2001:db8::53" };
	assert_int_equal(net_write_resolv(p, servers, 4, why, sizeof(why)), 0);
	slurp(p, buf, sizeof(buf));
	assert_non_null(strstr(buf, "nameserver 10.0.0.53\n"));
	assert_non_null(strstr(buf, "nameserver 2001:db8::53\n"));
	assert_null(strstr(buf, "nameserver \n"));
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);      /* readable by every resolver */
	assert_true(net_write_resolv("/nonexistent-dir/resolv", servers, 1, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "/nonexistent-dir"));
	/* removed on disconnect; removing it twice is no error */
	assert_int_equal(net_remove_resolv(p), 0);
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(net_remove_resolv(p), 0);
}

/* A link planted at the temporary name (or the target) is never followed:
 * the file it points to keeps its text. */
static void resolv_planted_symlink(void **state)
{
	char victim[256], tmp[256], p[256], link2[256], buf[256], why[300];
	snprintf(victim, sizeof(victim), "%s/victim", root);
	put(victim, "precious\n");
	snprintf(p, sizeof(p), "%s/resolv.planted", root);
	snprintf(tmp, sizeof(tmp), "%s/resolv.planted.tmp", root);
	assert_int_equal(symlink(victim, tmp), 0);
	const char *servers[] = { "10.0.0.53" };
	assert_int_equal(net_write_resolv(p, servers, 1, why, sizeof(why)), 0);
	slurp(victim, buf, sizeof(buf));
	assert_string_equal(buf, "precious\n");
	struct stat st;
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	slurp(p, buf, sizeof(buf));
	assert_non_null(strstr(buf, "nameserver 10.0.0.53\n"));
	assert_int_equal(lstat(tmp, &st), -1);          /* nothing left at the temporary name */
	/* a link at the target itself is replaced, not written through */
	snprintf(link2, sizeof(link2), "%s/resolv.link", root);
	assert_int_equal(symlink(victim, link2), 0);
	assert_int_equal(net_write_resolv(link2, servers, 1, why, sizeof(why)), 0);
	slurp(victim, buf, sizeof(buf));
	assert_string_equal(buf, "precious\n");
	assert_int_equal(lstat(link2, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	unlink(p);
	unlink(link2);
	unlink(victim);
}

/* A directory other users can write is refused, with a sentence that says so. */
static void resolv_world_writable(void **state)
{
	char dir[200], p[256], tmp[256], victim[256], buf[64], why[300];
	snprintf(victim, sizeof(victim), "%s/victim2", root);
	put(victim, "precious\n");
	const char *servers[] = { "10.0.0.53" };
	static const mode_t modes[] = { 0777, 01777, 0775 };
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/pub%zu", root, i);
		assert_int_equal(mkdir(dir, 0700), 0);
		assert_int_equal(chmod(dir, modes[i]), 0);
		snprintf(p, sizeof(p), "%s/resolv.conf", dir);
		snprintf(tmp, sizeof(tmp), "%s/resolv.conf.tmp", dir);
		assert_int_equal(symlink(victim, tmp), 0);
		assert_int_equal(net_write_resolv(p, servers, 1, why, sizeof(why)), -EPERM);
		assert_non_null(strstr(why, "can be written by other users"));
		assert_non_null(strstr(why, dir));
		assert_int_equal(access(p, F_OK), -1);
		slurp(victim, buf, sizeof(buf));
		assert_string_equal(buf, "precious\n");
		unlink(tmp);
		rmdir(dir);
	}
	unlink(victim);
}

/* ---- DNS handed to the host's resolver: recorders stand in for the tools ---- */

static char calls[256], bin[256], resolved[256], saved_path[4096];

/* A program that appends its name, arguments and input to calls, and
 * exits with status (shell built-ins only: its PATH is ours). */
static void recorder(const char *name, int status)
{
	char p[300], text[1024];
	snprintf(p, sizeof(p), "%s/%s", bin, name);
	snprintf(text, sizeof(text),
		 "#!/bin/sh\n"
		 "{ printf '%%s' \"%s\"; for a in \"$@\"; do printf ' %%s' \"$a\"; done; printf '\\n'\n"
		 "  if [ \"$1\" = -a ]; then while IFS= read -r l; do printf '< %%s\\n' \"$l\"; done; fi\n"
		 "} >>'%s'\n"
		 "[ %d = 0 ] || echo 'it went wrong' >&2\n"
		 "exit %d\n",
		 name, calls, status, status);
	put(p, text);
	assert_int_equal(chmod(p, 0755), 0);
}

static void unrecord(const char *name)
{
	char p[300];
	snprintf(p, sizeof(p), "%s/%s", bin, name);
	unlink(p);
}

static int dns_setup(void **state)
{
	snprintf(bin, sizeof(bin), "%s/bin", root);
	snprintf(calls, sizeof(calls), "%s/calls", root);
	snprintf(resolved, sizeof(resolved), "%s/resolve", root);
	mkdir(bin, 0755);
	const char *old = getenv("PATH");
	snprintf(saved_path, sizeof(saved_path), "%s", old ? old : "");
	setenv("PATH", bin, 1);
	return 0;
}

static int dns_teardown(void **state)
{
	setenv("PATH", saved_path, 1);
	return 0;
}

static void dns_via_tools(void **state)
{
	char file[256], buf[1024], why[700];
	snprintf(file, sizeof(file), "%s/resolv.dns", root);
	/* this process's own namespace stands for PID 1's */
	struct net_dns d = { .resolved_dir = resolved, .file = file, .init_netns = "/proc/self/ns/net" };
	/* a repeated server is given once; a server that is not an address
	 * never reaches a tool's input */
	const char *servers[] = { "10.0.0.53", "", "2001:db8::53", "10.0.0.53", "6.6.6.6\nnameserver 1.2.3.4" };
	enum net_dns_via via;

	/* systemd-resolved runs (its directory) and resolvectl is there */
	mkdir(resolved, 0755);
	recorder("resolvectl", 0);
	recorder("busctl", 0);
	recorder("resolvconf", 0);
	assert_int_equal(net_dns_detect(&d), NET_DNS_RESOLVED);
	unlink(calls);
	assert_int_equal(net_dns_set(&d, "lo", servers, 5, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_RESOLVED);
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);
	slurp(calls, buf, sizeof(buf));
	assert_string_equal(buf, "resolvectl dns lo 10.0.0.53 2001:db8::53\nresolvectl revert lo\n");

	/* without resolvectl: the same through busctl (lo is index 1) */
	unrecord("resolvectl");
	unlink(calls);
	assert_int_equal(net_dns_set(&d, "lo", servers, 3, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_RESOLVED);
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);
	slurp(calls, buf, sizeof(buf));
	assert_string_equal(buf, "busctl call org.freedesktop.resolve1 /org/freedesktop/resolve1 "
				 "org.freedesktop.resolve1.Manager SetLinkDNS ia(iay) 1 2 2 4 10 0 0 53 10 16 "
				 "32 1 13 184 0 0 0 0 0 0 0 0 0 0 0 83\n"
				 "busctl call org.freedesktop.resolve1 /org/freedesktop/resolve1 "
				 "org.freedesktop.resolve1.Manager RevertLink i 1\n");

	/* resolved does not answer: resolvconf takes them, and the log says why */
	recorder("resolvectl", 1);
	unlink(calls);
	assert_int_equal(net_dns_set(&d, "lo", servers, 3, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_RESOLVCONF);
	assert_non_null(strstr(why, "resolvectl dns lo 10.0.0.53 2001:db8::53: exit status 1: it went wrong"));

	/* no resolved: resolvconf, the lines on its input */
	rmdir(resolved);
	assert_int_equal(net_dns_detect(&d), NET_DNS_RESOLVCONF);
	unlink(calls);
	assert_int_equal(net_dns_set(&d, "lo", servers, 5, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_RESOLVCONF);
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);
	slurp(calls, buf, sizeof(buf));
	assert_string_equal(buf, "resolvconf -a lo\n< nameserver 10.0.0.53\n< nameserver 2001:db8::53\n"
				 "resolvconf -d lo\n");
	assert_int_equal(access(file, F_OK), -1);

	/* resolvconf fails: the file, and the failure is told */
	recorder("resolvconf", 2);
	assert_int_equal(net_dns_set(&d, "lo", servers, 3, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_FILE);
	assert_non_null(strstr(why, "resolvconf -a lo: exit status 2"));
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);
	assert_int_equal(access(file, F_OK), -1);

	/* neither: the file, removed on clear */
	unrecord("resolvconf");
	assert_int_equal(net_dns_detect(&d), NET_DNS_FILE);
	assert_int_equal(net_dns_set(&d, "lo", servers, 5, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_FILE);
	slurp(file, buf, sizeof(buf));
	assert_non_null(strstr(buf, "nameserver 10.0.0.53\nnameserver 2001:db8::53\n"));
	assert_null(strstr(buf, "6.6.6.6"));
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);
	assert_int_equal(access(file, F_OK), -1);

	/* in another network namespace than the host's resolvers: the file
	 * (any other namespace file stands for one that is not ours) */
	mkdir(resolved, 0755);
	recorder("resolvectl", 0);
	recorder("resolvconf", 0);
	d.init_netns = "/proc/self/ns/uts";
	assert_int_equal(net_dns_detect(&d), NET_DNS_FILE);
	unlink(calls);
	assert_int_equal(net_dns_set(&d, "lo", servers, 5, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_FILE);
	assert_non_null(strstr(why, "a network namespace of its own"));
	assert_int_equal(access(calls, F_OK), -1);
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);
	/* PID 1 out of sight: a named namespace (a link in the named_netns
	 * directory to ours stands for `ip netns add`'s bind mount) is another */
	char named[256], link[300];
	snprintf(named, sizeof(named), "%s/netns", root);
	mkdir(named, 0755);
	d.init_netns = "/nonexistent/ns/net";
	d.named_netns = named;
	assert_int_equal(net_dns_detect(&d), NET_DNS_RESOLVED);   /* in no named one */
	snprintf(link, sizeof(link), "%s/cltest", named);
	assert_int_equal(symlink("/proc/self/ns/net", link), 0);
	assert_int_equal(net_dns_detect(&d), NET_DNS_FILE);
	unlink(link);
	rmdir(named);
	d.named_netns = NULL;
	d.init_netns = "/proc/self/ns/net";
	unrecord("resolvconf");
	rmdir(resolved);

	/* --resolv: the file, whatever runs */
	mkdir(resolved, 0755);
	recorder("resolvectl", 0);
	d.file_only = true;
	unlink(calls);
	assert_int_equal(net_dns_set(&d, "lo", servers, 5, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_FILE);
	assert_int_equal(access(calls, F_OK), -1);
	assert_int_equal(net_dns_clear(&d, via, "lo", why, sizeof(why)), 0);

	/* no servers: nothing handed over, nothing run */
	d.file_only = false;
	const char *none[] = { "", NULL };
	assert_int_equal(net_dns_set(&d, "lo", none, 2, &via, why, sizeof(why)), 0);
	assert_int_equal(via, NET_DNS_NONE);
	assert_int_equal(access(calls, F_OK), -1);
	rmdir(resolved);
	unrecord("resolvectl");
	unrecord("busctl");
}

static void run_tool(void **state)
{
	char out[64];
	recorder("chatty", 3);
	char p[300];
	snprintf(p, sizeof(p), "%s/chatty", bin);
	const char *argv[] = { "chatty", "x", NULL };
	assert_int_equal(net_run(p, argv, NULL, out, sizeof(out)), 3);
	assert_string_equal(out, "it went wrong");
	assert_int_equal(net_find_program("chatty", p, sizeof(p)), 0);
	assert_int_equal(net_find_program("no-such-tool", p, sizeof(p)), -ENOENT);
	unrecord("chatty");
	/* a program that never ends is killed at the bound (it blocks on a
	 * FIFO nobody writes: no CPU spent) */
	char fifo[300];
	snprintf(fifo, sizeof(fifo), "%s/never", bin);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(p, sizeof(p), "%s/hang", bin);
	char text[512];
	snprintf(text, sizeof(text), "#!/bin/sh\necho started\nread x 0<>'%s'\n", fifo);
	put(p, text);
	assert_int_equal(chmod(p, 0755), 0);
	const char *hargv[] = { "hang", NULL };
	assert_int_equal(net_run(p, hargv, NULL, out, sizeof(out)), -ETIMEDOUT);
	unlink(p);
	unlink(fifo);
	/* our environment (a password) never reaches the program */
	snprintf(p, sizeof(p), "%s/env", bin);
	put(p, "#!/bin/sh\nset\n");
	assert_int_equal(chmod(p, 0755), 0);
	setenv("CELLINK_PASSWORD", "s3cret", 1);
	char big[4096];
	const char *eargv[] = { "env", NULL };
	assert_int_equal(net_run(p, eargv, NULL, big, sizeof(big)), 0);
	unsetenv("CELLINK_PASSWORD");
	assert_null(strstr(big, "s3cret"));
	assert_non_null(strstr(big, "PATH="));
	unlink(p);
}

/* The route dump parser over the fuzz target's seeds. */
static void route_dump_parse(void **state)
{
	static const struct { const char *file; unsigned n; int family; int ifindex; uint32_t metric; const char *gw; }
		cases[] = {
			{ "ipv4-two-defaults", 2, 4, 2, 100, "192.0.2.1" },
			{ "ipv6-default", 1, 6, 5, 700, "2001:db8:42::1" },
		};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char p[512];
		uint32_t buf[256];
		snprintf(p, sizeof(p), "%s/../../fuzz/corpus/rtnl_routes/%s", TEST_DATA_DIR, cases[c].file);
		FILE *f = fopen(p, "rb");
		assert_non_null(f);
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		struct net_route_list l = { .n = 0 };
		assert_int_equal(net_parse_routes(buf, n, &l), 0);
		assert_int_equal(l.n, cases[c].n);
		assert_int_equal(l.r[0].family, cases[c].family);
		assert_int_equal(l.r[0].ifindex, cases[c].ifindex);
		assert_int_equal(l.r[0].metric, cases[c].metric);
		assert_string_equal(l.r[0].gateway, cases[c].gw);
		/* a second message that claims more than 2 GiB: refused (libmnl
		 * alone would walk past the buffer; found by the fuzz target) */
		uint32_t big[64];
		memcpy(big, buf, n);
		uint32_t huge[4] = { 0xc9c9c9c9u, 0x00020018u, 1, 0 };
		memcpy((char *)big + n, huge, sizeof(huge));
		l.n = 0;
		assert_int_equal(net_parse_routes(big, n + sizeof(huge), &l), -EINVAL);
		/* cut anywhere: never more than what is whole, never a crash */
		l.n = 0;
		char rp[512];
		snprintf(rp, sizeof(rp), "%s/../../fuzz/corpus/rtnl_routes/ipv6-gateway-of-4-bytes", TEST_DATA_DIR);
		FILE *g = fopen(rp, "rb");
		assert_non_null(g);
		size_t gn = fread(big, 1, sizeof(big), g);
		fclose(g);
		/* an IPv6 route with a 4-byte gateway: no gateway read (found by
		 * the fuzz target: inet_ntop read 16 bytes) */
		assert_int_equal(net_parse_routes(big, gn, &l), 0);
		for (unsigned k = 0; k < l.n; k++)
			assert_string_equal(l.r[k].gateway, "");
		for (size_t cut = 0; cut < n; cut++) {
			l.n = 0;
			net_parse_routes(buf, cut, &l);
			assert_true(l.n <= cases[c].n);
		}
	}
}

/* The link parser over the fuzz target's seeds, and one real answer. */
static void link_info_parse(void **state)
{
	(void)state;
	char p[512];
	uint32_t buf[64];
	snprintf(p, sizeof(p), "%s/../../fuzz/corpus/rtnl_link/vlan1", TEST_DATA_DIR);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct net_link_info li;
	assert_int_equal(net_parse_link(buf, n, &li), 0);
	assert_string_equal(li.name, "mbim1");
	assert_string_equal(li.kind, "vlan");
	assert_int_equal(li.vlan_id, 1);
	assert_int_equal(li.parent, 2);
	assert_int_equal(li.ifindex, 7);
	for (size_t cut = 0; cut < n; cut++) {
		int r = net_parse_link(buf, cut, &li);
		assert_true(r == -EINVAL || r == -ENODATA);
	}
	/* the kernel's own answer for lo: no VLAN, no parent */
	assert_int_equal(net_link_info("lo", &li), 0);
	assert_string_equal(li.name, "lo");
	assert_int_equal(li.vlan_id, -1);
	assert_int_equal(li.parent, 0);
	assert_int_equal(net_link_info("no-such-if0", &li), -ENODEV);
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
/* Every rtnetlink call goes through one socket, and an answer left over
 * from an earlier request (here a whole link dump nobody read) is skipped
 * by its sequence number instead of passing for the current answer. Any
 * user: reading lo's counters needs no privilege. */
static void rtnl_one_socket_by_seq(void **state)
{
	(void)state;
	net_rtnl_close();
	unsigned long before = net_rtnl_opened();
	struct net_link_stats a, b;
	assert_int_equal(net_link_stats("lo", &a), 0);
	int fd = net_rtnl_fd();
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);

	/* a stale answer waiting on the socket: a dump with sequence number 1 */
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifm;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		  .ifm = { .ifi_family = AF_UNSPEC } };
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	assert_int_equal(sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel)),
			 (ssize_t)sizeof(req));
	assert_int_equal(net_link_stats("lo", &b), 0);
	assert_true(b.rx_packets >= a.rx_packets);
	struct net_route_list routes;
	assert_int_equal(net_default_routes(4, &routes), 0);
	assert_int_equal(net_rtnl_fd(), fd);            /* the same socket throughout */
	assert_int_equal(net_rtnl_opened(), before + 1);
	assert_int_equal(net_link_stats("no-such-if0", &b), -ENODEV);

	/* closed, the next call opens another */
	net_rtnl_close();
	assert_int_equal(net_link_stats("lo", &b), 0);
	assert_int_equal(net_rtnl_opened(), before + 2);
	net_rtnl_close();
}

/* The counters without waiting: the request goes out, its answer is read
 * by the pump (the loop's job) or kept by a synchronous call that comes
 * first; a cancelled request's answer is skipped. */
static void rtnl_stats_async(void **state)
{
	(void)state;
	struct net_stats_req rq = { .err = -ENODATA };
	assert_int_equal(net_link_stats_start("lo", &rq), 0);
	assert_true(rq.pending);
	struct pollfd p = { .fd = net_rtnl_fd(), .events = POLLIN };
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_int_equal(net_rtnl_pump(), 1);
	assert_false(rq.pending);
	assert_int_equal(rq.err, 0);
	assert_int_equal(net_rtnl_pump(), 0);   /* nothing more, and no wait */

	/* a synchronous call first: it keeps the other's answer for it */
	struct net_link_stats st;
	assert_int_equal(net_link_stats_start("lo", &rq), 0);
	assert_int_equal(net_link_stats("lo", &st), 0);
	assert_false(rq.pending);
	assert_int_equal(rq.err, 0);
	assert_true(st.rx_packets >= rq.st.rx_packets);

	/* cancelled: its answer passes for nobody's */
	assert_int_equal(net_link_stats_start("lo", &rq), 0);
	net_link_stats_cancel(&rq);
	assert_false(rq.pending);
	assert_int_equal(rq.err, -ECANCELED);
	assert_int_equal(net_link_stats("lo", &st), 0);
	assert_int_equal(net_rtnl_pump(), 0);
	assert_int_equal(net_link_stats_start("no-such-if0", &rq), -ENODEV);
	assert_false(rq.pending);

	/* the socket closed under a pending request fails it */
	assert_int_equal(net_link_stats_start("lo", &rq), 0);
	net_rtnl_close();
	assert_false(rq.pending);
	assert_int_equal(rq.err, -ECONNRESET);
}

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
	assert_int_equal(net_addr_add("wwantest0", "10.42.0.2", 30, 300), 0);
	assert_int_equal(net_addr_add("wwantest0", "10.42.0.2", 30, 300), 0);   /* again: no error */
	assert_int_equal(net_addr_add("wwantest0", "2001:db8:42::2", 64, 300), 0);
	assert_int_equal(net_addr_add("wwantest0", "not-an-address", 24, 300), -EINVAL);
	assert_int_equal(net_addr_count("wwantest0", 4), 1);
	assert_int_equal(net_addr_count("wwantest0", 6), 1);

	/* the host's own default routes, through another interface at metric 100 */
	int lan = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	assert_true(lan >= 0);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lantest0");
	assert_int_equal(ioctl(lan, TUNSETIFF, &ifr), 0);
	assert_int_equal(net_link_set("lantest0", true, 0), 0);
	assert_int_equal(net_addr_add("lantest0", "2001:db8:1::10", 64, -1), 0);
	assert_int_equal(net_default_route_add("lantest0", 4, NULL, 100), 0);
	assert_int_equal(net_default_route_add("lantest0", 6, "2001:db8:1::1", 100), 0);
	int lan_idx = net_ifindex("lantest0"), wwan_idx = net_ifindex("wwantest0");
	struct net_route_list l;
	for (int fam = 4; fam <= 6; fam += 2) {
		const char *gw = fam == 6 ? "2001:db8:42::1" : "10.42.0.1";
		/* at the host's metric: refused, and theirs stays */
		assert_int_equal(net_default_route_add("wwantest0", fam, gw, 100), -EEXIST);
		assert_int_equal(net_default_routes(fam, &l), 0);
		assert_int_equal(l.n, 1);
		assert_int_equal(l.r[0].ifindex, lan_idx);
		assert_int_equal(l.r[0].metric, 100);
		/* beside it at another metric */
		assert_int_equal(net_default_route_add("wwantest0", fam, gw, 300), 0);
		assert_int_equal(net_default_routes(fam, &l), 0);
		assert_int_equal(l.n, 2);
		bool theirs = false, ours = false;
		for (unsigned i = 0; i < l.n; i++) {
			theirs |= l.r[i].ifindex == lan_idx && l.r[i].metric == 100;
			ours |= l.r[i].ifindex == wwan_idx && l.r[i].metric == 300;
		}
		assert_true(theirs && ours);
		if (fam == 6)
			assert_true(!strcmp(l.r[0].gateway, gw) || !strcmp(l.r[1].gateway, gw));
		/* removing ours removes exactly ours, twice is no error, and
		 * a removal at a metric we never used touches nothing */
		assert_int_equal(net_default_route_del("wwantest0", fam, gw, 100), 0);
		assert_int_equal(net_default_routes(fam, &l), 0);
		assert_int_equal(l.n, 2);
		assert_int_equal(net_default_route_del("wwantest0", fam, gw, 300), 0);
		assert_int_equal(net_default_route_del("wwantest0", fam, gw, 300), 0);
		assert_int_equal(net_default_routes(fam, &l), 0);
		assert_int_equal(l.n, 1);
		assert_int_equal(l.r[0].ifindex, lan_idx);
		assert_int_equal(l.r[0].metric, 100);
	}
	close(lan);
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
		cmocka_unit_test(qmap_add_mux_refusals),
		cmocka_unit_test(resolv_file),
		cmocka_unit_test(route_dump_parse),
		cmocka_unit_test(rtnl_one_socket_by_seq),
		cmocka_unit_test(rtnl_stats_async),
		cmocka_unit_test(resolv_planted_symlink),
		cmocka_unit_test(resolv_world_writable),
		cmocka_unit_test_setup_teardown(dns_via_tools, dns_setup, dns_teardown),
		cmocka_unit_test_setup_teardown(run_tool, dns_setup, dns_teardown),
	};
	const struct CMUnitTest rtnetlink[] = {
		cmocka_unit_test(link_info_parse),
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
