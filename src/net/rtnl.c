/* rtnetlink through libmnl: one persistent socket, an ACK for every change. */
#include "net/net.h"
#include "net/rtnl_int.h"

#define NET_NLBUF 8192

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int net_ifindex(const char *ifname)
{
	unsigned idx = if_nametoindex(ifname);
	return idx ? (int)idx : -ENODEV;
}

/* Does every message in buf fit in it? libmnl compares a message's length
 * as a signed number, so a length above 2 GiB would walk out of the buffer:
 * such a reply is refused here first. */
static bool frames_ok(const void *buf, size_t len)
{
	const char *p = buf;
	while (len >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len)
			return false;
		size_t step = MNL_ALIGN(h.nlmsg_len);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return true;
}

/* One rtnetlink socket for the life of the process, non-blocking, opened
 * on first use (in the network namespace the process is in then). Every
 * request gets the next sequence number; a datagram answering an earlier
 * request (one whose wait ran out) is skipped by its sequence number, so a
 * late answer never passes for the current one. The wait for an answer is
 * bounded (NET_RTNL_WAIT_MS) with poll(). A socket error (the kernel
 * dropped answers: ENOBUFS) closes the socket; the next call opens another. */
static struct {
	struct mnl_socket *nl;
	unsigned portid;
	unsigned seq;
	unsigned long opened;           /* sockets opened so far (tests) */
} rtnl;

static struct net_stats_req *async_reqs;      /* sent, not answered yet */

static void async_fail_all(int err)
{
	while (async_reqs) {
		struct net_stats_req *rq = async_reqs;
		async_reqs = rq->next;
		rq->next = NULL;
		rq->pending = false;
		rq->err = err;
	}
}

static void rtnl_drop(void)
{
	if (rtnl.nl)
		mnl_socket_close(rtnl.nl);
	rtnl.nl = NULL;
	async_fail_all(-ECONNRESET);    /* their answers went with the socket */
}

static bool async_answer(const void *buf, size_t len, unsigned seq);

static int rtnl_get(void)
{
	if (rtnl.nl)
		return 0;
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(nl);
		return -e;
	}
	rtnl.nl = nl;
	rtnl.portid = mnl_socket_get_portid(nl);
	if (!rtnl.seq)
		rtnl.seq = (unsigned)time(NULL);
	rtnl.opened++;
	return 0;
}

int net_rtnl_fd(void)
{
	int r = rtnl_get();
	return r < 0 ? r : mnl_socket_get_fd(rtnl.nl);
}

unsigned long net_rtnl_opened(void)
{
	return rtnl.opened;
}

void net_rtnl_close(void)
{
	rtnl_drop();
}

/* The sequence number of the datagram's first message (the kernel answers
 * each request in datagrams of its own), or 0 when it holds none. */
static unsigned first_seq(const void *buf, size_t len)
{
	struct nlmsghdr h;
	if (len < sizeof(h))
		return 0;
	memcpy(&h, buf, sizeof(h));
	return h.nlmsg_seq;
}

int net_rtnl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	int ret = rtnl_get();
	if (ret < 0)
		return ret;
	if (++rtnl.seq == 0)
		rtnl.seq = 1;
	nlh->nlmsg_seq = rtnl.seq;
	if (mnl_socket_sendto(rtnl.nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		rtnl_drop();
		return ret;
	}
	int fd = mnl_socket_get_fd(rtnl.nl);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char buf[NET_NLBUF];
	while (!ret) {
		ssize_t n = mnl_socket_recvfrom(rtnl.nl, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			long spent = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
			if (spent >= NET_RTNL_WAIT_MS) {
				ret = -ETIMEDOUT;       /* its answer, if any, is skipped later */
				break;
			}
			struct pollfd p = { .fd = fd, .events = POLLIN };
			poll(&p, 1, (int)(NET_RTNL_WAIT_MS - spent));
			continue;
		}
		if (n < 0) {
			ret = -errno;
			rtnl_drop();
			break;
		}
		if (!frames_ok(buf, (size_t)n)) {
			ret = -EBADMSG;
			break;
		}
		unsigned seq = first_seq(buf, (size_t)n);
		if (seq != nlh->nlmsg_seq) {
			/* an asynchronous request's answer is kept for it; one to
			 * an earlier request that gave up is skipped */
			async_answer(buf, (size_t)n, seq);
			continue;
		}
		int r = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, rtnl.portid, cb, data);
		if (r < 0)
			ret = -errno;
		else if (r == MNL_CB_STOP)
			break;
	}
	if (ret == -EBADMSG || ret == -EPROTO) {
		/* the rest of that answer is of no use to anyone: start afresh */
		rtnl_drop();
	}
	return ret;
}

int net_link_set(const char *ifname, bool up, uint32_t mtu)
{
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return idx;
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return net_rtnl_talk(nlh, NULL, NULL);
}

struct stats_ctx {
	bool found;
	struct net_link_stats st;
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stats_ctx *sc = data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct ifinfomsg))
		return MNL_CB_OK;
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	mnl_attr_for_each(attr, nlh, sizeof(*ifm)) {
		if (mnl_attr_get_type(attr) != IFLA_STATS64 ||
		    mnl_attr_get_payload_len(attr) < sizeof(struct rtnl_link_stats64))
			continue;
		struct rtnl_link_stats64 st;
		memcpy(&st, mnl_attr_get_payload(attr), sizeof(st));
		sc->st.rx_packets = st.rx_packets;
		sc->st.tx_packets = st.tx_packets;
		sc->st.rx_bytes = st.rx_bytes;
		sc->st.tx_bytes = st.tx_bytes;
		sc->found = true;
	}
	return MNL_CB_STOP;     /* one answer to a non-dump request, no DONE follows */
}

int net_link_stats(const char *ifname, struct net_link_stats *out)
{
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return idx;
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	struct stats_ctx sc = { 0 };
	int r = net_rtnl_talk(nlh, link_cb, &sc);
	if (r < 0)
		return r;
	if (!sc.found)
		return -ENODATA;
	*out = sc.st;
	return 0;
}

/* ---- the link counters without waiting ---- */

static bool async_answer(const void *buf, size_t len, unsigned seq)
{
	for (struct net_stats_req **pp = &async_reqs; *pp; pp = &(*pp)->next) {
		struct net_stats_req *rq = *pp;
		if (rq->seq != seq)
			continue;
		*pp = rq->next;
		rq->next = NULL;
		rq->pending = false;
		struct stats_ctx sc = { 0 };
		if (mnl_cb_run(buf, len, seq, rtnl.portid, link_cb, &sc) < 0)
			rq->err = errno ? -errno : -EPROTO;
		else if (!sc.found)
			rq->err = -ENODATA;
		else {
			rq->err = 0;
			rq->st = sc.st;
		}
		return true;
	}
	return false;
}

int net_link_stats_start(const char *ifname, struct net_stats_req *rq)
{
	net_link_stats_cancel(rq);
	rq->pending = false;
	rq->err = -EINPROGRESS;
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return rq->err = idx;
	int r = rtnl_get();
	if (r < 0)
		return rq->err = r;
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	if (++rtnl.seq == 0)
		rtnl.seq = 1;
	nlh->nlmsg_seq = rtnl.seq;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	if (mnl_socket_sendto(rtnl.nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		rtnl_drop();
		return rq->err = r;
	}
	rq->seq = nlh->nlmsg_seq;
	rq->pending = true;
	rq->next = async_reqs;
	async_reqs = rq;
	return 0;
}

void net_link_stats_cancel(struct net_stats_req *rq)
{
	if (!rq->pending)
		return;
	for (struct net_stats_req **pp = &async_reqs; *pp; pp = &(*pp)->next)
		if (*pp == rq) {
			*pp = rq->next;
			break;
		}
	rq->next = NULL;
	rq->pending = false;
	rq->err = -ECANCELED;   /* its answer, when it comes, is skipped */
}

int net_rtnl_pump(void)
{
	if (!rtnl.nl)
		return 0;
	int done = 0;
	char buf[NET_NLBUF];
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(rtnl.nl, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return done;
		if (n < 0) {
			int e = -errno;
			rtnl_drop();
			return e;
		}
		if (frames_ok(buf, (size_t)n) && async_answer(buf, (size_t)n, first_seq(buf, (size_t)n)))
			done++;
	}
}

int net_link_counters(const char *ifname, uint64_t *rx, uint64_t *tx)
{
	struct net_link_stats st;
	int r = net_link_stats(ifname, &st);
	if (r < 0)
		return r;
	*rx = st.rx_packets;
	*tx = st.tx_packets;
	return 0;
}

static int parse_addr(const char *text, int *family, uint8_t out[16])
{
	if (inet_pton(AF_INET, text, out) == 1) {
		*family = AF_INET;
		return 4;
	}
	if (inet_pton(AF_INET6, text, out) == 1) {
		*family = AF_INET6;
		return 16;
	}
	return -EINVAL;
}

static int addr_msg(int type, int flags, int idx, int family, const uint8_t *a, int len, unsigned prefix,
		    int64_t metric)
{
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefix;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)idx;
	mnl_attr_put(nlh, IFA_LOCAL, (size_t)len, a);
	mnl_attr_put(nlh, IFA_ADDRESS, (size_t)len, a);
	if (family == AF_INET6 && type == RTM_NEWADDR)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	/* the metric of the prefix route the kernel adds with the address
	 * (Linux 4.18; older kernels ignore it and use their own) */
	if (type == RTM_NEWADDR && metric >= 0)
		mnl_attr_put_u32(nlh, IFA_RT_PRIORITY, (uint32_t)metric);
	return net_rtnl_talk(nlh, NULL, NULL);
}

int net_addr_add(const char *ifname, const char *addr, unsigned prefix, int64_t metric)
{
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return idx;
	uint8_t a[16];
	int family;
	int len = parse_addr(addr, &family, a);
	if (len < 0)
		return len;
	int r = addr_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, idx, family, a, len, prefix, metric);
	return r == -EEXIST ? 0 : r;
}

/* One default route through ifname, identified by family, interface,
 * metric, protocol and gateway: a new one never replaces a route that is
 * there (NLM_F_EXCL), a removal matches only the one that was added. */
static int default_route_msg(const char *ifname, int family, const char *gateway, uint32_t metric, bool add)
{
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return idx;
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)(family == 6 ? AF_INET6 : AF_INET);
	rtm->rtm_dst_len = 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_type = RTN_UNICAST;
	uint8_t gw[16];
	int gfam;
	int glen = gateway && gateway[0] ? parse_addr(gateway, &gfam, gw) : -1;
	/* raw-ip is point-to-point: an IPv4 device route needs no gateway;
	 * IPv6 goes through the network's gateway */
	rtm->rtm_scope = RT_SCOPE_LINK;
	if (glen > 0 && gfam == AF_INET6 && family == 6) {
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		mnl_attr_put(nlh, RTA_GATEWAY, (size_t)glen, gw);
	}
	if (!add)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;     /* removal: any scope */
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)idx);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
	return net_rtnl_talk(nlh, NULL, NULL);
}

int net_default_route_add(const char *ifname, int family, const char *gateway, uint32_t metric)
{
	return default_route_msg(ifname, family, gateway, metric, true);
}

int net_default_route_del(const char *ifname, int family, const char *gateway, uint32_t metric)
{
	int r = default_route_msg(ifname, family, gateway, metric, false);
	/* gone already: with the interface, or by someone's hand */
	return r == -ESRCH || r == -ENOENT || r == -ENODEV ? 0 : r;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct net_route_list *l = data;
	if (nlh->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(nlh) < sizeof(struct rtmsg))
		return MNL_CB_OK;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_table != RT_TABLE_MAIN || rtm->rtm_dst_len != 0 || rtm->rtm_type != RTN_UNICAST ||
	    l->n >= NET_MAX_ROUTES)
		return MNL_CB_OK;
	struct net_route *r = &l->r[l->n];
	memset(r, 0, sizeof(*r));
	r->family = rtm->rtm_family == AF_INET6 ? 6 : 4;
	const struct nlattr *attr;
	mnl_attr_for_each(attr, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(attr)) {
		case RTA_OIF:
			if (mnl_attr_get_payload_len(attr) >= 4)
				r->ifindex = (int)mnl_attr_get_u32(attr);
			break;
		case RTA_PRIORITY:
			if (mnl_attr_get_payload_len(attr) >= 4)
				r->metric = mnl_attr_get_u32(attr);
			break;
		case RTA_GATEWAY:
			/* an address of the route's own family, whole */
			if ((rtm->rtm_family == AF_INET && mnl_attr_get_payload_len(attr) == 4) ||
			    (rtm->rtm_family == AF_INET6 && mnl_attr_get_payload_len(attr) == 16))
				inet_ntop(rtm->rtm_family, mnl_attr_get_payload(attr), r->gateway,
					  sizeof(r->gateway));
			break;
		}
	}
	l->n++;
	return MNL_CB_OK;
}

int net_parse_routes(const void *buf, size_t len, struct net_route_list *out)
{
	if (!frames_ok(buf, len))
		return -EINVAL;
	return mnl_cb_run(buf, len, 0, 0, route_cb, out) < 0 ? -EINVAL : 0;
}

int net_default_routes(int family, struct net_route_list *out)
{
	out->n = 0;
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)(family == 6 ? AF_INET6 : AF_INET);
	return net_rtnl_talk(nlh, route_cb, out);
}

struct dump_ctx {
	int idx;
	int family;             /* 0: any */
	unsigned n;
	struct { int family; uint8_t prefix; uint8_t a[16]; } found[64];
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct ifaddrmsg))
		return MNL_CB_OK;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	if ((int)ifa->ifa_index != d->idx || d->n >= 64)
		return MNL_CB_OK;
	if (d->family && ifa->ifa_family != d->family)
		return MNL_CB_OK;
	if (ifa->ifa_family == AF_INET6 && ifa->ifa_scope != RT_SCOPE_UNIVERSE)
		return MNL_CB_OK;       /* keep link-local */
	const struct nlattr *attr;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		int t = mnl_attr_get_type(attr);
		if (t != IFA_ADDRESS && t != IFA_LOCAL)
			continue;
		size_t len = mnl_attr_get_payload_len(attr);
		if (len != 4 && len != 16)
			continue;
		d->found[d->n].family = ifa->ifa_family;
		d->found[d->n].prefix = ifa->ifa_prefixlen;
		memcpy(d->found[d->n].a, mnl_attr_get_payload(attr), len);
		d->n++;
		break;
	}
	return MNL_CB_OK;
}

static int dump_addrs(struct dump_ctx *d)
{
	char buf[NET_NLBUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	return net_rtnl_talk(nlh, addr_cb, d);
}

int net_addr_count(const char *ifname, int family)
{
	struct dump_ctx *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->idx = net_ifindex(ifname);
	d->family = family == 6 ? AF_INET6 : family == 4 ? AF_INET : 0;
	int r = d->idx < 0 ? d->idx : dump_addrs(d);
	int n = r < 0 ? r : (int)d->n;
	free(d);
	return n;
}

int net_addr_flush(const char *ifname)
{
	struct dump_ctx *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->idx = net_ifindex(ifname);
	int r = d->idx < 0 ? d->idx : dump_addrs(d);
	int removed = 0;
	for (unsigned i = 0; r >= 0 && i < d->n; i++) {
		int len = d->found[i].family == AF_INET ? 4 : 16;
		if (addr_msg(RTM_DELADDR, 0, d->idx, d->found[i].family, d->found[i].a, len,
			     d->found[i].prefix, -1) == 0)
			removed++;
	}
	free(d);
	return r < 0 ? r : removed;
}
