/* cellink-sim data plane, packet logic only (no device, runs as anyone):
 * ICMP echo v4/v6, DNS, ARP and neighbour discovery on TAP, garbage, and
 * the phantom-session switch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "sim/dataplane.h"
#include "test_sim_dp_pkt.h"

static const uint8_t HOST4[4] = { 10, 64, 0, 2 }, GW4[4] = { 10, 64, 0, 1 },
		     DNS4[4] = { 10, 64, 0, 53 }, OTHER4[4] = { 8, 8, 8, 8 };
static uint8_t HOST6[16], GW6[16], DNS6[16];
static const uint8_t HOSTMAC[6] = { 0x02, 0, 0, 0, 0, 0x22 };

static struct sim_dp *new_dp(bool tap)
{
	struct sim_dp *dp = calloc(1, sizeof *dp);
	struct sim_dp_config c = { .ifname = "wwan0", .tap = tap };
	memcpy(&c.gw4, GW4, 4);
	memcpy(&c.dns4[0], DNS4, 4);
	inet_pton(AF_INET6, "fd00::2", HOST6);
	inet_pton(AF_INET6, "fd00::1", GW6);
	inet_pton(AF_INET6, "fd00::53", DNS6);
	memcpy(c.gw6, GW6, 16);
	memcpy(c.dns6[1], DNS6, 16);
	sim_dp_init(dp, &c);
	return dp;
}

static size_t ip4(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint8_t proto,
		  const uint8_t *l4, size_t n)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	p[2] = (uint8_t)((20 + n) >> 8); p[3] = (uint8_t)(20 + n);
	p[8] = 64; p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	uint16_t c = t_csum(p, 20, 0);
	p[10] = (uint8_t)(c >> 8); p[11] = (uint8_t)c;
	memcpy(p + 20, l4, n);
	return 20 + n;
}

static size_t echo4(uint8_t *p, const uint8_t *dst)
{
	uint8_t icmp[16] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1, 'c', 'e', 'l', 'l', 'i', 'n', 'k', '!' };
	uint16_t c = t_csum(icmp, sizeof icmp, 0);
	icmp[2] = (uint8_t)(c >> 8); icmp[3] = (uint8_t)c;
	return ip4(p, HOST4, dst, 1, icmp, sizeof icmp);
}

static size_t udp4_dns(uint8_t *p, const uint8_t *dst, const char *name, uint16_t qtype)
{
	uint8_t u[300];
	size_t q = t_dns_query(u + 8, name, qtype);
	memset(u, 0, 8);
	u[0] = 0xc0; u[1] = 0x01; u[3] = 53;
	u[4] = (uint8_t)((8 + q) >> 8); u[5] = (uint8_t)(8 + q);
	return ip4(p, HOST4, dst, 17, u, 8 + q);   /* UDP checksum 0: allowed on IPv4 */
}

static void icmp4_echo(void **state)
{
	struct sim_dp *dp = new_dp(false);
	uint8_t in[128], out[256];
	size_t n = echo4(in, GW4);
	int r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n);
	assert_int_equal(t_csum(out, 20, 0), 0);        /* IP header checksum */
	assert_memory_equal(out + 12, GW4, 4);
	assert_memory_equal(out + 16, HOST4, 4);
	assert_int_equal(out[20], 0);                   /* echo reply */
	assert_int_equal(t_csum(out + 20, n - 20, 0), 0);
	assert_memory_equal(out + 24, in + 24, n - 24); /* id, seq, data */
	/* To the DNS address too; not to other hosts (they are "the network"). */
	n = echo4(in, DNS4);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), (int)n);
	n = echo4(in, OTHER4);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), 0);
	struct sim_dp_stats st;
	sim_dp_counters(dp, &st);
	assert_int_equal(st.tx_packets, 3);
	assert_int_equal(st.tx_bytes, 3 * n);
	assert_int_equal(st.rx_packets, 2);
	assert_int_equal(st.rx_bytes, 2 * n);
	assert_int_equal(st.echo_replies, 2);
	assert_int_equal(st.malformed, 0);
	free(dp);
}

static void dns4_answers(void **state)
{
	struct sim_dp *dp = new_dp(false);
	uint8_t in[400], out[600];
	size_t n = udp4_dns(in, DNS4, "probe.example.org", 1);
	int r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n + 16);
	assert_int_equal(t_csum(out, 20, 0), 0);
	assert_memory_equal(out + 12, DNS4, 4);
	assert_int_equal(out[20] << 8 | out[21], 53);
	assert_int_equal(out[22] << 8 | out[23], 0xc001);
	/* UDP checksum over the pseudo header must verify. */
	uint32_t ps = (uint32_t)(out[12] << 8 | out[13]) + (uint32_t)(out[14] << 8 | out[15]) +
		      (uint32_t)(out[16] << 8 | out[17]) + (uint32_t)(out[18] << 8 | out[19]) +
		      17 + (uint32_t)(r - 20);
	assert_int_equal(t_csum(out + 20, (size_t)r - 20, ps), 0);
	const uint8_t *d = out + 28;
	assert_int_equal(d[0] << 8 | d[1], 0x1234);    /* id kept */
	assert_true(d[2] & 0x80);                       /* QR */
	assert_int_equal(d[3] & 0x0f, 0);               /* NOERROR */
	assert_int_equal(d[6] << 8 | d[7], 1);          /* one answer */
	assert_memory_equal(out + r - 4, "\xc0\x00\x02\x01", 4);        /* 192.0.2.1 */

	n = udp4_dns(in, DNS4, "nothing.INVALID", 1);
	r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n);
	assert_int_equal(out[28 + 3] & 0x0f, 3);        /* NXDOMAIN */
	n = udp4_dns(in, DNS4, "probe.example.org", 28);
	r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n);
	assert_int_equal(out[28 + 7], 0);               /* AAAA: no answer */
	/* DNS to the gateway is not answered (it is not a DNS server). */
	n = udp4_dns(in, GW4, "probe.example.org", 1);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), 0);
	/* A truncated question is garbage. */
	n = udp4_dns(in, DNS4, "probe.example.org", 1);
	in[20 + 8 + 12] = 60;                           /* label longer than the packet */
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), -1);
	struct sim_dp_stats st;
	sim_dp_counters(dp, &st);
	assert_int_equal(st.dns_answers, 3);
	assert_int_equal(st.malformed, 1);
	free(dp);
}

static void garbage(void **state)
{
	struct sim_dp *dp = new_dp(false);
	uint8_t in[128], out[256];
	size_t n = echo4(in, GW4);
	uint8_t bad[128];
	int malformed = 0;
	/* Every truncation of a valid packet. */
	for (size_t k = 0; k < n; k++) {
		int r = sim_dp_process(dp, in, k, out, sizeof out);
		assert_true(r <= 0);
		malformed += r < 0;
	}
	assert_int_equal(malformed, (int)n);
	memcpy(bad, in, n);
	bad[0] = 0x55;                                  /* version 5 */
	assert_int_equal(sim_dp_process(dp, bad, n, out, sizeof out), -1);
	memcpy(bad, in, n);
	bad[8] ^= 1;                                    /* header checksum broken */
	assert_int_equal(sim_dp_process(dp, bad, n, out, sizeof out), -1);
	memcpy(bad, in, n);
	bad[25] ^= 0xff;                                /* ICMP checksum broken */
	assert_int_equal(sim_dp_process(dp, bad, n, out, sizeof out), -1);
	memcpy(bad, in, n);
	bad[0] = 0x4f;                                  /* IHL 60 > total */
	assert_int_equal(sim_dp_process(dp, bad, n, out, sizeof out), -1);
	/* A reply that would not fit the output is not written. */
	assert_int_equal(sim_dp_process(dp, in, n, out, 20), 0);
	struct sim_dp_stats st;
	sim_dp_counters(dp, &st);
	assert_int_equal(st.malformed, n + 4);
	assert_int_equal(st.rx_packets, 0);
	free(dp);
}

static size_t ip6(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint8_t nh,
		  const uint8_t *l4, size_t n)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	p[4] = (uint8_t)(n >> 8); p[5] = (uint8_t)n;
	p[6] = nh; p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	memcpy(p + 40, l4, n);
	return 40 + n;
}

static void set_csum6(uint8_t *p, size_t off)
{
	size_t plen = (size_t)(p[4] << 8 | p[5]);
	p[40 + off] = p[41 + off] = 0;
	uint16_t c = t_csum(p + 40, plen, t_pseudo6(p, p[6], plen));
	p[40 + off] = (uint8_t)(c >> 8);
	p[41 + off] = (uint8_t)c;
}

static void icmp6_and_dns6(void **state)
{
	struct sim_dp *dp = new_dp(false);
	uint8_t in[400], out[600];
	uint8_t e[12] = { 128, 0, 0, 0, 0, 7, 0, 1, 'p', 'i', 'n', 'g' };
	size_t n = ip6(in, HOST6, GW6, 58, e, sizeof e);
	set_csum6(in, 2);
	int r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n);
	assert_memory_equal(out + 8, GW6, 16);
	assert_memory_equal(out + 24, HOST6, 16);
	assert_int_equal(out[40], 129);
	assert_int_equal(t_csum(out + 40, sizeof e, t_pseudo6(out, 58, sizeof e)), 0);
	in[45] ^= 1;                                    /* checksum now wrong */
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), -1);

	uint8_t u[300];
	size_t q = t_dns_query(u + 8, "probe.example", 1);
	memset(u, 0, 8);
	u[1] = 99; u[3] = 53; u[5] = (uint8_t)(8 + q);
	n = ip6(in, HOST6, DNS6, 17, u, 8 + q);
	set_csum6(in, 6);
	r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n + 16);
	assert_int_equal(t_csum(out + 40, (size_t)r - 40, t_pseudo6(out, 17, (size_t)r - 40)), 0);
	assert_int_equal(out[40 + 8 + 7], 1);
	/* Neighbour solicitations are for 802.3 only. */
	uint8_t ns[24] = { 135 };
	memcpy(ns + 8, GW6, 16);
	n = ip6(in, HOST6, GW6, 58, ns, sizeof ns);
	set_csum6(in, 2);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), 0);
	free(dp);
}

static void tap_arp_nd_icmp(void **state)
{
	struct sim_dp *dp = new_dp(true);
	uint8_t f[200], out[300];
	/* ARP who-has 10.64.0.1 tell 10.64.0.2 */
	memset(f, 0xff, 6);
	memcpy(f + 6, HOSTMAC, 6);
	f[12] = 0x08; f[13] = 0x06;
	uint8_t *a = f + 14;
	memset(a, 0, 28);
	a[1] = 1; a[2] = 0x08; a[4] = 6; a[5] = 4; a[7] = 1;
	memcpy(a + 8, HOSTMAC, 6);
	memcpy(a + 14, HOST4, 4);
	memcpy(a + 24, GW4, 4);
	int r = sim_dp_process(dp, f, 42, out, sizeof out);
	assert_int_equal(r, 42);
	assert_memory_equal(out, HOSTMAC, 6);
	assert_memory_equal(out + 6, dp->mac, 6);
	assert_int_equal(out[14 + 7], 2);                       /* reply */
	assert_memory_equal(out + 14 + 8, dp->mac, 6);          /* GW is at our MAC */
	assert_memory_equal(out + 14 + 14, GW4, 4);
	assert_memory_equal(out + 14 + 18, HOSTMAC, 6);
	memcpy(a + 24, OTHER4, 4);
	assert_int_equal(sim_dp_process(dp, f, 42, out, sizeof out), 0);
	a[2] = 0x99;                                            /* not IPv4 ARP */
	assert_int_equal(sim_dp_process(dp, f, 42, out, sizeof out), -1);
	assert_int_equal(sim_dp_process(dp, f, 20, out, sizeof out), -1);

	/* ICMP echo inside a frame. */
	memcpy(f, dp->mac, 6);
	f[12] = 0x08; f[13] = 0x00;
	size_t n = echo4(f + 14, GW4);
	r = sim_dp_process(dp, f, 14 + n, out, sizeof out);
	assert_int_equal(r, (int)(14 + n));
	assert_memory_equal(out, HOSTMAC, 6);
	assert_int_equal(out[14 + 20], 0);

	/* Neighbour solicitation for the IPv6 gateway. */
	uint8_t ns[24] = { 135 };
	memcpy(ns + 8, GW6, 16);
	f[12] = 0x86; f[13] = 0xdd;
	n = ip6(f + 14, HOST6, GW6, 58, ns, sizeof ns);
	f[14 + 7] = 255;
	set_csum6(f + 14, 2);
	r = sim_dp_process(dp, f, 14 + n, out, sizeof out);
	assert_int_equal(r, 14 + 40 + 32);
	const uint8_t *na = out + 14 + 40;
	assert_int_equal(na[0], 136);
	assert_memory_equal(na + 8, GW6, 16);
	assert_memory_equal(na + 26, dp->mac, 6);
	assert_int_equal(t_csum(na, 32, t_pseudo6(out + 14, 58, 32)), 0);
	/* Other ethertypes are ignored, not garbage. */
	f[12] = 0x88; f[13] = 0xcc;
	assert_int_equal(sim_dp_process(dp, f, 60, out, sizeof out), 0);
	struct sim_dp_stats st;
	sim_dp_counters(dp, &st);
	assert_int_equal(st.arp_replies, 1);
	assert_int_equal(st.nd_adverts, 1);
	assert_int_equal(st.malformed, 2);
	free(dp);
}

static void phantom_session(void **state)
{
	struct sim_dp *dp = new_dp(false);
	uint8_t in[128], out[256];
	size_t n = echo4(in, GW4);
	sim_dp_set_forwarding(dp, false);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), 0);
	assert_int_equal(sim_dp_process(dp, in, 3, out, sizeof out), 0);       /* not even parsed */
	struct sim_dp_stats st;
	sim_dp_counters(dp, &st);
	assert_int_equal(st.tx_packets + st.rx_packets + st.tx_bytes + st.rx_bytes, 0);
	assert_int_equal(st.swallowed, 2);
	assert_int_equal(st.malformed, 0);
	sim_dp_set_forwarding(dp, true);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), (int)n);
	sim_dp_counters(dp, &st);
	assert_int_equal(st.tx_packets, 1);
	free(dp);
}

/* Deterministic mutations of valid packets: never more than the output
 * buffer, never a crash (ASan/valgrind runs watch the reads), and every
 * packet counted exactly once. */
static void mutations(void **state)
{
	uint32_t seed = 0x2545f491;
	uint8_t seeds[4][400], in[512], out[700];
	size_t len[4];
	len[0] = echo4(seeds[0], GW4);
	len[1] = udp4_dns(seeds[1], DNS4, "probe.example.org", 1);
	uint8_t e[12] = { 128, 0, 0, 0, 0, 7, 0, 1, 'p', 'i', 'n', 'g' };
	len[2] = ip6(seeds[2], HOST6, GW6, 58, e, sizeof e);
	set_csum6(seeds[2], 2);
	memset(seeds[3], 0xff, 6);
	memcpy(seeds[3] + 6, HOSTMAC, 6);
	seeds[3][12] = 0x08;
	seeds[3][13] = 0x00;
	memcpy(seeds[3] + 14, seeds[0], len[0]);
	len[3] = 14 + len[0];
	for (int tap = 0; tap < 2; tap++) {
		struct sim_dp *dp = new_dp(tap);
		int answered = 0, runs = 20000;
		for (int i = 0; i < runs; i++) {
			seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
			int k = (int)(seed % 4);
			size_t n = len[k];
			memcpy(in, seeds[k], n);
			int flips = (int)(seed >> 8) % 4;
			for (int f = 0; f < flips; f++) {
				seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
				in[seed % n] ^= (uint8_t)(seed >> 24);
			}
			if ((seed >> 4) % 3 == 0)
				n = (seed >> 12) % (n + 1);     /* truncate */
			size_t outsz = (seed >> 20) % 2 ? sizeof out : (seed >> 21) % 120;
			int r = sim_dp_process(dp, in, n, out, outsz);
			assert_true(r >= -1 && r <= (int)outsz);
			answered += r > 0;
		}
		struct sim_dp_stats st;
		sim_dp_counters(dp, &st);
		assert_int_equal(st.tx_packets, (uint64_t)runs);
		assert_int_equal(st.rx_packets, (uint64_t)answered);
		assert_true(st.malformed > 0 && answered > 0);
		free(dp);
	}
}

/* cdc_mbim's wwan0: session 0 untagged, session N as VLAN N; a session
 * that is not up passes nothing; the answer keeps the tag; no ARP. */
static void mbim_vlan_sessions(void **state)
{
	struct sim_dp *dp = new_dp(true);
	dp->mbim = true;
	uint8_t in[200], out[256], up[32] = { 0 };
	/* a tagged echo to the gateway: VLAN 1 */
	memcpy(in, "\x02\xce\x11\x00\x00\x01", 6);
	memcpy(in + 6, HOSTMAC, 6);
	in[12] = 0x81; in[13] = 0x00; in[14] = 0x00; in[15] = 0x01;
	in[16] = 0x08; in[17] = 0x00;
	size_t n = 18 + echo4(in + 18, GW4);
	assert_int_equal(sim_dp_process(dp, in, n, out, sizeof out), 0);       /* session 1 is down */
	assert_int_equal(dp->st.no_session, 1);
	up[0] = 1u << 1;
	sim_dp_set_sessions(dp, up);
	int r = sim_dp_process(dp, in, n, out, sizeof out);
	assert_int_equal(r, (int)n);
	assert_memory_equal(out, HOSTMAC, 6);
	assert_int_equal(out[12], 0x81);
	assert_int_equal(out[13], 0x00);
	assert_int_equal(out[15], 1);                   /* VLAN 1 kept */
	assert_int_equal(out[16], 0x08);
	assert_memory_equal(out + 18 + 12, GW4, 4);
	assert_int_equal(out[18 + 20], 0);              /* echo reply */
	assert_int_equal(dp->st.tagged, 1);
	/* the same echo untagged is session 0's, which is down */
	memmove(in + 12, in + 16, n - 16);
	assert_int_equal(sim_dp_process(dp, in, n - 4, out, sizeof out), 0);
	assert_int_equal(dp->st.no_session, 2);
	up[0] = 1u;
	sim_dp_set_sessions(dp, up);
	r = sim_dp_process(dp, in, n - 4, out, sizeof out);
	assert_int_equal(r, (int)n - 4);
	assert_int_equal(out[12], 0x08);                /* untagged */
	/* ARP gets no answer on cdc_mbim's interface */
	uint8_t arp[42] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0x22, 0x08, 0x06,
			    0, 1, 0x08, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 0x22, 10, 64, 0, 2,
			    0, 0, 0, 0, 0, 0, 10, 64, 0, 1 };
	assert_int_equal(sim_dp_process(dp, arp, sizeof arp, out, sizeof out), 0);
	assert_int_equal(dp->st.arp_replies, 0);
	/* a tag cut short is garbage; VLAN 300 (a DSS stream) is no session */
	in[12] = 0x81; in[13] = 0x00;
	assert_int_equal(sim_dp_process(dp, in, 15, out, sizeof out), 0);
	in[14] = 0x01; in[15] = 0x2c;
	assert_int_equal(sim_dp_process(dp, in, 40, out, sizeof out), 0);
	assert_int_equal(dp->st.no_session, 4);
	free(dp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(icmp4_echo),
		cmocka_unit_test(dns4_answers),
		cmocka_unit_test(garbage),
		cmocka_unit_test(icmp6_and_dns6),
		cmocka_unit_test(tap_arp_nd_icmp),
		cmocka_unit_test(phantom_session),
		cmocka_unit_test(mutations),
		cmocka_unit_test(mbim_vlan_sessions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
