/* cellink-sim's data plane: the TUN/TAP device, its namespace, the loop.
 * The packet logic is in dataplane_pkt.c. */
#include "sim/dataplane.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/util.h"

/* The device belongs to the network namespace that was current when
 * /dev/net/tun was opened, and stays there after the descriptor crosses
 * back; so only the creation runs inside the target namespace. */
/* cdc_mbim's interface does no ARP: its VLANs inherit the flag */
static int set_noarp(const char *ifname)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	int r = 0;
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		r = -errno;
	else {
		ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_NOARP);
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(s);
	return r;
}

static int open_tun(const char *ifname, bool tap, bool noarp)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = (short)((tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	int e = noarp ? set_noarp(ifname) : 0;
	if (e < 0) {
		close(fd);
		return e;
	}
	return fd;
}

struct ns_job {
	int nsfd;
	const char *ifname;
	bool tap, noarp;
	int result;
};

/* Runs on its own thread: setns() changes only the calling thread's
 * namespace, so the emulator's main thread never leaves its own and
 * nothing has to switch back. */
static void *ns_worker(void *arg)
{
	struct ns_job *j = arg;
	if (setns(j->nsfd, CLONE_NEWNET) < 0)
		j->result = -errno;
	else
		j->result = open_tun(j->ifname, j->tap, j->noarp);
	return NULL;
}

static int open_in_netns(const char *netns, const char *ifname, bool tap, bool noarp)
{
	char path[256];
	if (netns[0] == '/')
		snprintf(path, sizeof path, "%s", netns);
	else if (strchr(netns, '/') || !strcmp(netns, ".") || !strcmp(netns, ".."))
		return -EINVAL;
	else
		snprintf(path, sizeof path, "/run/netns/%s", netns);
	struct ns_job j = { .ifname = ifname, .tap = tap, .noarp = noarp, .result = -EIO };
	j.nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (j.nsfd < 0)
		return -errno;
	pthread_t t;
	int e = pthread_create(&t, NULL, ns_worker, &j);
	if (e == 0)
		pthread_join(t, NULL);
	close(j.nsfd);
	return e ? -e : j.result;
}

static void read_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_dp *dp = container_of(h, struct sim_dp, h);
	/* Bounded batch so one busy device cannot starve the loop. */
	for (int i = 0; i < 64; i++) {
		ssize_t n = read(dp->fd, dp->in, sizeof dp->in);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		int r = sim_dp_process(dp, dp->in, (size_t)n, dp->out, sizeof dp->out);
		if (r <= 0)
			continue;
		if (write(dp->fd, dp->out, (size_t)r) != r) {
			dp->st.write_errors++;
			dp->st.rx_packets--;
			dp->st.rx_bytes -= (uint64_t)r;
			if (sim_dp_is_v6(dp, dp->out, (size_t)r)) {
				dp->st.rx6_packets--;
				dp->st.rx6_bytes -= (uint64_t)r;
			}
		}
	}
}

int sim_dp_start(struct sim_dp *dp, struct ev_loop *l, const struct sim_dp_config *cfg)
{
	sim_dp_init(dp, cfg);
	if (!cfg->ifname || !cfg->ifname[0] || strlen(cfg->ifname) >= IFNAMSIZ)
		return -EINVAL;
	bool tap = cfg->tap || cfg->mbim;
	int fd = cfg->netns && cfg->netns[0] ? open_in_netns(cfg->netns, cfg->ifname, tap, cfg->mbim)
					     : open_tun(cfg->ifname, tap, cfg->mbim);
	if (fd < 0)
		return fd;
	dp->fd = fd;
	dp->loop = l;
	dp->h.fd = fd;
	dp->h.cb = read_cb;
	int r = ev_fd_add(l, &dp->h, EV_READ);
	if (r < 0) {
		close(fd);
		dp->fd = -1;
		return r;
	}
	return 0;
}

void sim_dp_stop(struct sim_dp *dp)
{
	if (dp->fd < 0)
		return;
	ev_fd_del(dp->loop, &dp->h);
	close(dp->fd);
	dp->fd = -1;
}

void sim_dp_counters(const struct sim_dp *dp, struct sim_dp_stats *out)
{
	*out = dp->st;
}

void sim_dp_set_forwarding(struct sim_dp *dp, bool on)
{
	dp->forwarding = on;
}

void sim_dp_set_sessions(struct sim_dp *dp, const uint8_t up[32])
{
	memcpy(dp->sessions, up, sizeof dp->sessions);
}
