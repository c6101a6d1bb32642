/* Host network configuration for a cellular link: rtnetlink through
 * libmnl (link state, MTU, addresses, routes), the qmi_wwan raw_ip switch
 * in sysfs, and DNS (systemd-resolved, resolvconf or a resolv file). No
 * printing: failures return -errno and, where a sentence helps, fill why. */
#ifndef CELLINK_NET_NET_H
#define CELLINK_NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* rtnetlink: every call below goes through one persistent non-blocking
 * socket (opened on first use, in the process's network namespace then),
 * each request with a sequence number of its own; its answer is awaited at
 * most NET_RTNL_WAIT_MS (then -ETIMEDOUT, and the late answer is skipped
 * when it comes). */
#define NET_RTNL_WAIT_MS 2000
/* The socket's descriptor (opened if need be), or -errno. */
int net_rtnl_fd(void);
/* Sockets opened so far: one, unless an error made us start afresh. */
unsigned long net_rtnl_opened(void);
/* Closes it (the next call opens another). */
void net_rtnl_close(void);

/* Interface index, or -ENODEV. */
int net_ifindex(const char *ifname);
int net_link_set(const char *ifname, bool up, uint32_t mtu /* 0: keep */);
/* Packets received and sent on ifname since it appeared (IFLA_STATS64). */
int net_link_counters(const char *ifname, uint64_t *rx, uint64_t *tx);
/* The same, with the bytes beside the packets. */
struct net_link_stats {
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
};
int net_link_stats(const char *ifname, struct net_link_stats *out);
/* The same without waiting, for a program on an event loop: start sends
 * the request on the persistent socket (watch net_rtnl_fd() for reading)
 * and returns 0, or -errno (also left in rq->err). net_rtnl_pump reads
 * every answer waiting, without blocking, and completes the requests they
 * answer (pending false, err 0 and st, or err -errno); it returns how many,
 * or -errno. A synchronous call meanwhile keeps such an answer for its
 * request. cancel forgets a request (its late answer is skipped). The
 * caller owns rq and cancels it before freeing it. */
struct net_stats_req {
	struct net_stats_req *next;
	unsigned seq;
	bool pending;
	int err;
	struct net_link_stats st;
};
int net_link_stats_start(const char *ifname, struct net_stats_req *rq);
int net_rtnl_pump(void);
void net_link_stats_cancel(struct net_stats_req *rq);
/* Adds addr/prefix (IPv4 or IPv6 text) to ifname; the kernel's prefix
 * route for it gets metric (< 0: the kernel's default). */
int net_addr_add(const char *ifname, const char *addr, unsigned prefix, int64_t metric);
/* A default route through ifname at metric, beside the routes that are
 * there: -EEXIST when one of that family and metric exists already (it is
 * left alone). IPv4 is a device route (raw-ip links are point-to-point);
 * IPv6 goes through gateway when one is given. */
int net_default_route_add(const char *ifname, int family, const char *gateway, uint32_t metric);
/* Removes the route net_default_route_add made (same arguments), and no
 * other; 0 when it is gone already. */
int net_default_route_del(const char *ifname, int family, const char *gateway, uint32_t metric);

#define NET_MAX_ROUTES 32
struct net_route {
	int family;             /* 4 or 6 */
	int ifindex;
	uint32_t metric;
	char gateway[48];       /* "" when none */
};
struct net_route_list {
	unsigned n;
	struct net_route r[NET_MAX_ROUTES];
};
/* The default routes of the main table (family 4 or 6), for tests and checks. */
int net_default_routes(int family, struct net_route_list *out);
/* The default routes in buf[0..len), the kernel's answer to a route dump
 * (appended to out; the fuzz target's entry). 0, or -EINVAL when the
 * messages are malformed. */
int net_parse_routes(const void *buf, size_t len, struct net_route_list *out);
/* Removes every IPv4 and global IPv6 address from ifname. Returns how many. */
int net_addr_flush(const char *ifname);
/* Counts of addresses on ifname (for tests and status). */
int net_addr_count(const char *ifname, int family);

/* A link as the kernel describes it (RTM_GETLINK). */
struct net_link_info {
	bool found;
	int ifindex;
	int parent;             /* IFLA_LINK: the link beneath (a VLAN's), 0 when none */
	unsigned type;          /* ARPHRD_* */
	unsigned flags;         /* IFF_* */
	char name[16];
	char kind[16];          /* "vlan", "tun", "veth"...; "" for a driver's own device */
	int vlan_id;            /* -1 when not a VLAN */
};
/* 0, -ENODEV when there is no such link, or -errno. */
int net_link_info(const char *ifname, struct net_link_info *out);
/* The kernel's answer to RTM_GETLINK in buf[0..len) (the fuzz target's
 * entry). 0, -ENODATA when it holds no link, -EINVAL when malformed. */
int net_parse_link(const void *buf, size_t len, struct net_link_info *out);
/* Adds the 802.1Q link name with VLAN id on parent (never replaces one). */
int net_vlan_add(const char *parent, const char *name, uint16_t id);
/* Removes a link (0, -ENODEV when it is not there, -errno). */
int net_link_del(const char *ifname);
/* cdc_mbim's session id (1..255) on parent: the VLAN link name with
 * that id, made when it is not there (*made true), used as it is when it
 * is that VLAN on parent already; another link of that name (another id,
 * another parent, not a VLAN) is refused with -EEXIST. why tells which. */
int net_vlan_ensure(const char *parent, const char *name, uint16_t id, bool *made, char *why, size_t cap);

/* ROOT/class/net/IFNAME/qmi/raw_ip: read (1/0), or -ENOENT when the kernel
 * has no switch. */
int net_raw_ip_get(const char *sysroot, const char *ifname);
/* Sets the switch the way the kernel accepts it: interface down, write,
 * interface up (the link steps are skipped when ifname does not exist in
 * this namespace, as with an emulator's tree). why tells what happened. */
int net_raw_ip_set(const char *sysroot, const char *ifname, bool on, char *why, size_t cap);
/* QMAP on qmi_wwan: adds the mux interface for mux_id (1..254) on ifname
 * by writing ROOT/class/net/IFNAME/qmi/add_mux, and names it in out
 * ("qmimux0": the kernel numbers them itself, so it is the new upper_*
 * link of ifname). A mux id already there (a run before this one) is
 * deleted and added afresh. -ENOENT: no add_mux (qmi_wwan before Linux
 * 4.19, another driver). Waits at most 5 s for the interface (a kernel
 * adds it at once; an emulator's tree answers a moment later). */
int net_qmap_add_mux(const char *sysroot, const char *ifname, uint8_t mux_id, char *out, size_t cap,
		     char *why, size_t why_cap);
/* The USB interface number of the cdc-wdm control device's function
 * (ROOT/class/usbmisc/cdc-wdmN/../../bInterfaceNumber), or -errno. */
int net_wdm_usb_iface(const char *sysroot, const char *device);
/* Is ifname driven by qmi_wwan (its sysfs device driver, or a qmi/
 * directory in the tree)? */
bool net_is_qmi_wwan(const char *sysroot, const char *ifname);
/* The driver bound to the USB interface of a cdc-wdm control device
 * (/sys/class/usbmisc/cdc-wdmN/device/driver): "cdc_mbim", "qmi_wwan", ...
 * 0, or -errno when there is none (a pty, a tree without the link). */
int net_wdm_driver(const char *sysroot, const char *device, char *out, size_t cap);
/* The network interface beside a cdc-wdm device in sysfs
 * (ROOT/class/usbmisc/NAME/device/net/ *). Returns 0 and the name. */
int net_ifname_for_device(const char *sysroot, const char *device, char *out, size_t cap);

/* ---- DNS: handing the servers to the resolver the host runs ---- */

enum net_dns_via {
	NET_DNS_NONE,           /* nothing was handed over */
	NET_DNS_RESOLVED,       /* systemd-resolved, per-link DNS (resolvectl, else busctl) */
	NET_DNS_RESOLVCONF,     /* resolvconf -a IFACE */
	NET_DNS_FILE,           /* a resolv file of our own */
};

struct net_dns {
	/* systemd-resolved runs when this directory exists
	 * (NET_RESOLVED_DIR; tests point it elsewhere) */
	const char *resolved_dir;
	/* the resolv file when neither resolver runs, or always with file_only */
	const char *file;
	bool file_only;
	/* the host's resolvers serve the network namespace of PID 1 (this
	 * names it; NULL: NET_INIT_NETNS): in another one, interface indexes
	 * and resolv.conf are not theirs, so only the file is used */
	const char *init_netns;
	/* where `ip netns add` keeps named namespaces (NULL: NET_NAMED_NETNS):
	 * when PID 1 is out of sight (a container), being in one of them
	 * means another namespace than the host's */
	const char *named_netns;
};
#define NET_RESOLVED_DIR "/run/systemd/resolve"
#define NET_INIT_NETNS "/proc/1/ns/net"
#define NET_NAMED_NETNS "/run/netns"

/* The resolver that would take the servers now: systemd-resolved when
 * its directory exists and resolvectl or busctl is in PATH, else
 * resolvconf when it is in PATH, else the file; always the file with
 * file_only or in a network namespace that is not PID 1's. */
enum net_dns_via net_dns_detect(const struct net_dns *cfg);
/* Hands servers (NULL/"" entries skipped) for ifname to the resolver the
 * host runs; *via says which took them (NET_DNS_NONE when none did). why
 * receives a sentence either way. 0 or -errno. */
int net_dns_set(const struct net_dns *cfg, const char *ifname, const char *const *servers, size_t n,
		enum net_dns_via *via, char *why, size_t cap);
/* Takes back what net_dns_set handed to via: resolvectl revert,
 * resolvconf -d, or removes the file. 0 or -errno, why a sentence. */
int net_dns_clear(const struct net_dns *cfg, enum net_dns_via via, const char *ifname, char *why, size_t cap);
const char *net_dns_via_name(enum net_dns_via via);

/* Writes "nameserver X" lines (NULL/"" entries skipped) to path: only in a
 * directory no other user can write (else -EPERM, why names it), through a
 * new file (O_CREAT|O_EXCL|O_NOFOLLOW) renamed over path. */
int net_write_resolv(const char *path, const char *const *servers, size_t n, char *why, size_t cap);
/* Removes path (0 when it is not there). */
int net_remove_resolv(const char *path);

/* The executable name in PATH (absolute directories only), or -ENOENT. */
int net_find_program(const char *name, char *out, size_t cap);
/* Runs the program at path with argv, input on its standard input (may be
 * NULL), an environment of PATH only, for at most NET_RUN_TIMEOUT_MS (then
 * killed: -ETIMEDOUT). Its output, cut to cap, goes to out. Returns its exit
 * status or -errno. */
#define NET_RUN_TIMEOUT_MS 5000
int net_run(const char *path, const char *const argv[], const char *input, char *out, size_t cap);


/* ICMP echo to one address through one interface (the liveness probe):
 * a raw socket as root, else the kernel's ping socket; SO_BINDTODEVICE,
 * so that no other route answers for the link. No waiting here: the caller
 * polls fd and calls net_ping_recv. */
#include <sys/socket.h>
struct net_ping {
	int fd;
	int family;             /* 4 or 6 */
	bool raw_socket;     /* a raw socket (root), else the unprivileged ping socket */
	uint16_t id;
	struct sockaddr_storage to;
	socklen_t to_len;
};
int net_ping_open(struct net_ping *p, const char *ifname, const char *addr, uint16_t id, char *why,
		  size_t cap);
int net_ping_send(struct net_ping *p, uint16_t seq, char *why, size_t cap);
/* Reads what is queued: 1 when an echo reply from the address came, 0 when
 * none, -errno. */
int net_ping_recv(struct net_ping *p);
/* Whether one received datagram (from_sa: its struct sockaddr_storage) is
 * our echo's reply (the fuzz target's entry too). */
bool net_ping_is_reply(const struct net_ping *p, const uint8_t *buf, size_t n, const void *from_sa);
void net_ping_close(struct net_ping *p);

#endif
