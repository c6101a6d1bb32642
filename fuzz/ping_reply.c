/* libFuzzer target: a datagram on the liveness probe's ICMP socket
 * (src/net/ping.c), IPv4 raw (with its IP header), IPv4 ping socket, IPv6,
 * as the input's first byte chooses. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "net/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct net_ping p;
	memset(&p, 0, sizeof(p));
	p.fd = -1;
	p.id = 0x434c;
	p.raw_socket = data[0] & 1;
	p.family = data[0] & 2 ? 6 : 4;
	struct sockaddr_storage from;
	memset(&from, 0, sizeof(from));
	if (p.family == 4) {
		struct sockaddr_in *a = (struct sockaddr_in *)&p.to, *f = (struct sockaddr_in *)&from;
		a->sin_family = f->sin_family = AF_INET;
		inet_pton(AF_INET, "10.42.0.1", &a->sin_addr);
		f->sin_addr = a->sin_addr;
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&p.to, *f = (struct sockaddr_in6 *)&from;
		a->sin6_family = f->sin6_family = AF_INET6;
		inet_pton(AF_INET6, "2001:db8:42::1", &a->sin6_addr);
		f->sin6_addr = a->sin6_addr;
	}
	net_ping_is_reply(&p, data + 1, size - 1, &from);
	return 0;
}
