/* ICMP echo through one interface, for the liveness probe (net.h). */
#include "net/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint16_t csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

int net_ping_open(struct net_ping *p, const char *ifname, const char *addr, uint16_t id, char *why,
		  size_t cap)
{
	memset(p, 0, sizeof(*p));
	p->fd = -1;
	p->id = id;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&p->to;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&p->to;
	if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		p->to_len = sizeof(*a4);
		p->family = 4;
	} else if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		p->to_len = sizeof(*a6);
		p->family = 6;
	} else {
		snprintf(why, cap, "'%s' is not an IPv4 or IPv6 address", addr);
		return -EINVAL;
	}
	int af = p->family == 4 ? AF_INET : AF_INET6;
	int proto = p->family == 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	/* a raw socket as root; else the unprivileged ping socket
	 * (net.ipv4.ping_group_range), where the kernel sets the id */
	int fd = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	p->raw_socket = fd >= 0;
	if (fd < 0)
		fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0) {
		int e = errno;
		snprintf(why, cap, "no ICMP socket: %s", strerror(e));
		return -e;
	}
	/* through the link's own interface, never another route */
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) < 0) {
		int e = errno;
		snprintf(why, cap, "cannot bind the probe to %s: %s", ifname, strerror(e));
		close(fd);
		return -e;
	}
	if (p->raw_socket && p->family == 6) {
		struct icmp6_filter f;
		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
	p->fd = fd;
	return 0;
}

int net_ping_send(struct net_ping *p, uint16_t seq, char *why, size_t cap)
{
	uint8_t pkt[16] = { 0 };
	pkt[0] = p->family == 4 ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
	pkt[4] = (uint8_t)(p->id >> 8);
	pkt[5] = (uint8_t)p->id;
	pkt[6] = (uint8_t)(seq >> 8);
	pkt[7] = (uint8_t)seq;
	memcpy(pkt + 8, "cellink", 7);
	if (p->family == 4) {
		uint16_t c = csum(pkt, sizeof(pkt));
		memcpy(pkt + 2, &c, 2);
	}       /* ICMPv6: the kernel computes the checksum */
	if (sendto(p->fd, pkt, sizeof(pkt), MSG_NOSIGNAL, (struct sockaddr *)&p->to, p->to_len) < 0) {
		int e = errno;
		snprintf(why, cap, "sending the probe: %s", strerror(e));
		return -e;
	}
	return 0;
}

int net_ping_recv(struct net_ping *p)
{
	uint8_t buf[1500];
	int got = 0;
	for (;;) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(p->fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? got : -errno;
		if (net_ping_is_reply(p, buf, (size_t)n, &from))
			got = 1;
	}
}

bool net_ping_is_reply(const struct net_ping *p, const uint8_t *buf, size_t n, const void *from_sa)
{
	const struct sockaddr_storage *from = from_sa;
	size_t off = 0;
	if (p->family == 4) {
		if (p->raw_socket) {   /* a raw IPv4 socket hands the IP header too */
			if (n < 20 || (buf[0] >> 4) != 4)
				return false;
			off = (size_t)(buf[0] & 0x0f) * 4;
		}
		if (n < off + 8 || buf[off] != ICMP_ECHOREPLY)
			return false;
		const struct sockaddr_in *f = (const struct sockaddr_in *)from;
		const struct sockaddr_in *t = (const struct sockaddr_in *)&p->to;
		if (f->sin_family != AF_INET || f->sin_addr.s_addr != t->sin_addr.s_addr)
			return false;
	} else {
		if (n < 8 || buf[0] != ICMP6_ECHO_REPLY)
			return false;
		const struct sockaddr_in6 *f = (const struct sockaddr_in6 *)from;
		const struct sockaddr_in6 *t = (const struct sockaddr_in6 *)&p->to;
		if (f->sin6_family != AF_INET6 || memcmp(&f->sin6_addr, &t->sin6_addr, 16))
			return false;
	}
	/* the ping socket rewrites the id to its own: only raw ones are matched */
	if (p->raw_socket && ((uint16_t)(buf[off + 4] << 8 | buf[off + 5])) != p->id)
		return false;
	return true;
}

void net_ping_close(struct net_ping *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}
