/* cellink-sim data plane end to end, as root: a TUN (then a TAP) device
 * created inside a fresh network namespace; the test configures the
 * host side with `ip` the way a connection manager would, then the real
 * ping and a UDP DNS probe inside the namespace must reach the emulator.
 * With forwarding off (phantom session) the ping fails and the counters
 * stay. Skips with a message when not root or without TUN/ip/ping. The
 * namespace is deleted in the teardown, pass or fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/util.h"
#include "io/loop.h"
#include "sim/dataplane.h"
#include "test_sim_dp_pkt.h"

extern char **environ;

struct env {
	char ns[32];
	bool ns_made;
	struct ev_loop loop;
	struct sim_dp dp;
};

static const char *skip_reason(void)
{
	if (geteuid() != 0)
		return "needs root (creates a network namespace and a TUN device)";
	if (access("/dev/net/tun", R_OK | W_OK))
		return "no /dev/net/tun";
	if (system("command -v ip >/dev/null 2>&1 && command -v ping >/dev/null 2>&1"))
		return "needs ip (iproute2) and ping (iputils-ping)";
	return NULL;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	*state = e;
	e->dp.fd = -1;
	if (ev_loop_init(&e->loop))
		return -1;
	snprintf(e->ns, sizeof e->ns, "cl-dp-%d", (int)getpid());
	if (sh("ip netns add %s", e->ns))
		return -1;
	e->ns_made = true;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	sim_dp_stop(&e->dp);
	if (e->ns_made && sh("ip netns del %s", e->ns))
		fprintf(stderr, "warning: could not delete netns %s\n", e->ns);
	ev_loop_free(&e->loop);
	free(e);
	return 0;
}

/* A child's end is seen as EOF on a pipe whose write end only the child
 * (and what it execs) holds: no pidfd needed (valgrind lacks it). */
struct child_watch {
	struct ev_fd h;
	bool done;
};

static void eof_cb(struct ev_fd *h, unsigned revents)
{
	char b[16];
	if (read(h->fd, b, sizeof b) <= 0)
		container_of(h, struct child_watch, h)->done = true;
}

/* Runs the emulator's loop until the child closes its end of the pipe
 * (bounded), then reaps it; returns its exit status, or -1. */
static int run_until_exit(struct env *e, pid_t pid, int rfd, int timeout_ms)
{
	struct child_watch w = { .h = { .fd = rfd, .cb = eof_cb } };
	assert_int_equal(ev_fd_add(&e->loop, &w.h, EV_READ), 0);
	uint64_t end = ev_now_ms() + (uint64_t)timeout_ms;
	while (!w.done && ev_now_ms() < end)
		ev_run_once(&e->loop, 100);
	ev_fd_del(&e->loop, &w.h);
	close(rfd);
	int st;
	if (!w.done) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		fail_msg("child %d did not finish in %d ms", (int)pid, timeout_ms);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define WATCH_FD 100

static int ping(struct env *e, const char *addr, bool v6)
{
	char *argv[] = { "ip", "netns", "exec", e->ns, "ping", v6 ? "-6" : "-4", "-c", "1",
			 "-W", "2", (char *)addr, NULL };
	int p[2];
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_true(p[1] != WATCH_FD);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], WATCH_FD);  /* inherited by ping */
	pid_t pid;
	assert_int_equal(posix_spawnp(&pid, "ip", &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	return run_until_exit(e, pid, p[0], 8000);
}

/* In a child inside the namespace: one DNS query over UDP; exit 0 when
 * the answer carries 192.0.2.1. */
static int dns_probe(struct env *e, const char *server)
{
	int p[2];
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		char path[64];
		snprintf(path, sizeof path, "/run/netns/%s", e->ns);
		int nsfd = open(path, O_RDONLY);
		if (nsfd < 0 || setns(nsfd, CLONE_NEWNET))
			_exit(10);
		int s = socket(AF_INET, SOCK_DGRAM, 0);
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(53) };
		inet_pton(AF_INET, server, &sa.sin_addr);
		uint8_t q[128], a[512];
		size_t n = t_dns_query(q, "probe.cellink.test", 1);
		if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) || send(s, q, n, 0) != (ssize_t)n)
			_exit(11);
		struct pollfd pf = { .fd = s, .events = POLLIN };
		if (poll(&pf, 1, 3000) != 1)
			_exit(12);
		ssize_t r = recv(s, a, sizeof a, 0);
		if (r < (ssize_t)n + 16 || a[0] != 0x12 || a[1] != 0x34 || (a[3] & 0x0f) || a[7] != 1)
			_exit(13);
		_exit(memcmp(a + r - 4, "\xc0\x00\x02\x01", 4) ? 14 : 0);
	}
	close(p[1]);
	return run_until_exit(e, pid, p[0], 8000);
}

static void start(struct env *e, bool tap)
{
	struct sim_dp_config c = { .netns = e->ns, .ifname = "wwan0", .tap = tap };
	inet_pton(AF_INET, "10.64.0.1", &c.gw4);
	inet_pton(AF_INET, "10.64.0.53", &c.dns4[0]);
	inet_pton(AF_INET6, "fd00:64::1", c.gw6);
	assert_int_equal(sim_dp_start(&e->dp, &e->loop, &c), 0);
	/* The device exists inside the namespace, not here. */
	assert_int_equal(sh("ip -n %s link show wwan0 >/dev/null", e->ns), 0);
	assert_int_not_equal(sh("ip link show wwan0 >/dev/null 2>&1"), 0);
	/* What the connection manager would do. */
	assert_int_equal(sh("ip -n %s addr add 10.64.0.2/24 dev wwan0 && "
			    "ip -n %s addr add fd00:64::2/64 dev wwan0 nodad && "
			    "ip -n %s link set wwan0 up", e->ns, e->ns, e->ns), 0);
}

static void tun_ping_dns_phantom(void **state)
{
	struct env *e = *state;
	start(e, false);
	struct sim_dp_stats a, b;
	assert_int_equal(ping(e, "10.64.0.1", false), 0);
	sim_dp_counters(&e->dp, &a);
	assert_true(a.tx_packets >= 1);
	assert_true(a.rx_packets >= 1);
	assert_true(a.rx_bytes >= 84);          /* one 84-byte echo reply at least */
	assert_int_equal(a.echo_replies, 1);
	assert_int_equal(ping(e, "fd00:64::1", true), 0);
	assert_int_equal(dns_probe(e, "10.64.0.53"), 0);
	sim_dp_counters(&e->dp, &a);
	assert_int_equal(a.echo_replies, 2);
	assert_int_equal(a.dns_answers, 1);
	assert_int_equal(a.malformed, 0);

	/* Phantom session: connected, but nothing gets through. */
	sim_dp_set_forwarding(&e->dp, false);
	assert_int_not_equal(ping(e, "10.64.0.1", false), 0);
	sim_dp_counters(&e->dp, &b);
	assert_int_equal(b.tx_packets, a.tx_packets);
	assert_int_equal(b.rx_packets, a.rx_packets);
	assert_int_equal(b.tx_bytes, a.tx_bytes);
	assert_int_equal(b.rx_bytes, a.rx_bytes);
	assert_true(b.swallowed >= 1);
	sim_dp_set_forwarding(&e->dp, true);
	assert_int_equal(ping(e, "10.64.0.1", false), 0);

	/* Stopping removes the device. */
	sim_dp_stop(&e->dp);
	assert_int_not_equal(sh("ip -n %s link show wwan0 >/dev/null 2>&1", e->ns), 0);
}

static void tap_ping_through_arp(void **state)
{
	struct env *e = *state;
	start(e, true);
	assert_int_equal(ping(e, "10.64.0.1", false), 0);
	assert_int_equal(ping(e, "fd00:64::1", true), 0);
	struct sim_dp_stats st;
	sim_dp_counters(&e->dp, &st);
	assert_true(st.arp_replies >= 1);
	assert_true(st.nd_adverts >= 1);
	assert_int_equal(st.echo_replies, 2);
}

static void bad_namespace(void **state)
{
	struct env *e = *state;
	struct sim_dp_config c = { .netns = "cl-dp-does-not-exist", .ifname = "wwan0" };
	assert_int_equal(sim_dp_start(&e->dp, &e->loop, &c), -ENOENT);
	c.netns = "../etc";
	assert_int_equal(sim_dp_start(&e->dp, &e->loop, &c), -EINVAL);
	c.netns = NULL;
	c.ifname = "an-interface-name-too-long";
	assert_int_equal(sim_dp_start(&e->dp, &e->loop, &c), -EINVAL);
}

int main(void)
{
	const char *why = skip_reason();
	if (why) {
		printf("SKIP: %s\n", why);
		return 77;      /* CTest's skip */
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tun_ping_dns_phantom, setup, teardown),
		cmocka_unit_test_setup_teardown(tap_ping_through_arp, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_namespace, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
