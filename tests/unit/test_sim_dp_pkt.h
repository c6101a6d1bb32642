/* Packet builders shared by the data plane tests (test-local checksum code,
 * written independently of sim/dataplane_pkt.c). */
#ifndef TEST_SIM_DP_PKT_H
#define TEST_SIM_DP_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t t_csum(const uint8_t *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i < n; i++)
		sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline uint32_t t_pseudo6(const uint8_t *p, uint8_t nh, size_t len)
{
	uint32_t s = 0;
	for (int i = 8; i < 40; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	return s + (uint32_t)len + nh;
}

/* A DNS query for name (dotted) and qtype. Returns its length. */
static inline size_t t_dns_query(uint8_t *q, const char *name, uint16_t qtype)
{
	size_t o = 12;
	memset(q, 0, 12);
	q[0] = 0x12; q[1] = 0x34; q[2] = 0x01; q[5] = 1;
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		q[o++] = (uint8_t)l;
		memcpy(q + o, name, l);
		o += l;
		name += l + (dot ? 1 : 0);
	}
	q[o++] = 0;
	q[o++] = (uint8_t)(qtype >> 8); q[o++] = (uint8_t)qtype;
	q[o++] = 0; q[o++] = 1;
	return o;
}

#endif
