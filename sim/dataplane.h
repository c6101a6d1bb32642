/* cellink-sim's data plane: the network device that stands for wwan0.
 *
 * A TUN device (raw IP, as a qmi_wwan interface in raw-ip mode) or a TAP
 * device (802.3 frames, answering ARP and IPv6 neighbour solicitations for
 * its own addresses), optionally created inside a named network namespace
 * (`ip netns` style: /run/netns/NAME). It answers ICMP echo (v4 and v6)
 * sent to the gateway and DNS addresses it handed out, and DNS queries sent
 * to its DNS addresses (an A record for every name, NXDOMAIN for names under
 * .invalid, an empty NOERROR for other types). Everything else goes
 * "to the network" and is lost. It never configures addresses: that is the
 * connection manager's job.
 *
 * Counters are from the modem's view, like QMI WDS packet statistics:
 *   tx = what the modem sent toward the network = what the host wrote into
 *        the device (uplink);
 *   rx = what the modem received and delivered to the host = what the data
 *        plane wrote into the device (downlink).
 * With forwarding off (a "phantom session") packets are swallowed and
 * these counters do not move (only `swallowed` does).
 *
 * Addresses are in network byte order (as inet_pton() writes them); zero
 * (or all-zero for IPv6) means none.
 */
#ifndef CELLINK_SIM_DATAPLANE_H
#define CELLINK_SIM_DATAPLANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/loop.h"

struct sim_dp_config {
	const char *netns;      /* NULL or "": the current namespace; a name
	                           (/run/netns/NAME) or an absolute path */
	const char *ifname;     /* e.g. "wwan0" */
	bool tap;               /* 802.3 (TAP) instead of raw IP (TUN) */
	/* cdc_mbim's wwan0: a TAP with NOARP (the host neither asks ARP nor
	 * neighbour discovery), MBIM session 0 untagged and session N
	 * (1..255) as 802.1Q VLAN N, each passing only while it is up */
	bool mbim;
	uint32_t gw4, dns4[2];
	uint8_t gw6[16], dns6[2][16];
	uint32_t dns_a;         /* address answered for A queries; 0: 192.0.2.1 */
};

struct sim_dp_stats {
	uint64_t tx_packets, tx_bytes;  /* uplink: host -> modem */
	uint64_t rx_packets, rx_bytes;  /* downlink: modem -> host */
	/* the IPv6 part of the four above (a modem counts each family's
	 * session on its own; the rest, ARP included, is IPv4's) */
	uint64_t tx6_packets, tx6_bytes, rx6_packets, rx6_bytes;
	uint64_t swallowed;             /* read while forwarding was off */
	uint64_t malformed;             /* garbage: not IP, bad lengths/checksums */
	uint64_t echo_replies, dns_answers, arp_replies, nd_adverts;
	uint64_t write_errors;
	uint64_t no_session;            /* mbim: a frame for a session that is not up */
	uint64_t tagged;                /* mbim: frames of a session N > 0 (VLAN N) */
};

#define SIM_DP_BUF 65600

struct sim_dp {
	struct ev_loop *loop;
	struct ev_fd h;
	int fd;
	bool tap;
	bool mbim;
	bool forwarding;
	uint8_t sessions[32];   /* mbim: a bit per MBIM session id that is up */
	char ifname[16];
	uint32_t gw4, dns4[2], dns_a;
	uint8_t gw6[16], dns6[2][16];
	uint8_t mac[6];         /* the modem side's MAC (TAP) */
	struct sim_dp_stats st;
	uint8_t in[SIM_DP_BUF], out[SIM_DP_BUF];
};

/* Creates the device and starts answering. Forwarding starts on.
 * 0 or -errno (-ENOENT: no such namespace; -EPERM: not root). */
int sim_dp_start(struct sim_dp *dp, struct ev_loop *l, const struct sim_dp_config *cfg);
/* Closes the device (the kernel removes it). Safe to call twice. */
void sim_dp_stop(struct sim_dp *dp);
void sim_dp_counters(const struct sim_dp *dp, struct sim_dp_stats *out);
void sim_dp_set_forwarding(struct sim_dp *dp, bool on);
/* mbim: the MBIM sessions that are up, a bit per id (bit N of byte N/8). */
void sim_dp_set_sessions(struct sim_dp *dp, const uint8_t up[32]);

/* Packet logic without a device, for sim_dp_start and tests: sets up dp
 * from cfg without opening anything. */
void sim_dp_init(struct sim_dp *dp, const struct sim_dp_config *cfg);
/* One packet (IP, or an Ethernet frame when dp->tap) as the host sent it.
 * Updates the counters; returns the length of the answer written to out
 * (0: none), or -1 for garbage (counted as malformed). */
int sim_dp_process(struct sim_dp *dp, const uint8_t *in, size_t n, uint8_t *out, size_t outsz);
/* Whether a packet (a frame with TAP) is IPv6. */
bool sim_dp_is_v6(const struct sim_dp *dp, const uint8_t *p, size_t n);

#endif
