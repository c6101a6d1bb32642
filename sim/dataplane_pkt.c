/* The data plane's packet logic: no device, no I/O. Every read of a packet
 * is checked against its length first; anything that does not hold
 * together is counted as malformed and ignored. */
#include <string.h>

#include "sim/dataplane.h"

#define ETH_HLEN_ 14
#define ET_IPV4 0x0800
#define ET_ARP  0x0806
#define ET_IPV6 0x86dd
#define ET_VLAN 0x8100  /* 802.1Q */

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static uint32_t sum_bytes(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i + 1 < n; i += 2)
		sum += rd16(p + i);
	if (i < n)
		sum += (uint32_t)p[i] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Pseudo-header sums (RFC 768 / RFC 8200 8.1). */
static uint32_t pseudo4(const uint8_t *src, const uint8_t *dst, uint8_t proto, size_t len)
{
	uint32_t s = sum_bytes(0, src, 4);
	s = sum_bytes(s, dst, 4);
	return s + proto + (uint32_t)len;
}

static uint32_t pseudo6(const uint8_t *src, const uint8_t *dst, uint8_t nh, size_t len)
{
	uint32_t s = sum_bytes(0, src, 16);
	s = sum_bytes(s, dst, 16);
	return s + (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + nh;
}

static bool zero16(const uint8_t *a)
{
	static const uint8_t z[16];
	return !memcmp(a, z, 16);
}

static bool ours4(const struct sim_dp *dp, uint32_t a)
{
	return a && (a == dp->gw4 || a == dp->dns4[0] || a == dp->dns4[1]);
}

static bool dns4(const struct sim_dp *dp, uint32_t a)
{
	return a && (a == dp->dns4[0] || a == dp->dns4[1]);
}

static bool ours6(const struct sim_dp *dp, const uint8_t *a)
{
	if (zero16(a))
		return false;
	return !memcmp(a, dp->gw6, 16) || !memcmp(a, dp->dns6[0], 16) || !memcmp(a, dp->dns6[1], 16);
}

static bool dns6(const struct sim_dp *dp, const uint8_t *a)
{
	return !zero16(a) && (!memcmp(a, dp->dns6[0], 16) || !memcmp(a, dp->dns6[1], 16));
}

void sim_dp_init(struct sim_dp *dp, const struct sim_dp_config *cfg)
{
	memset(dp, 0, offsetof(struct sim_dp, in));
	dp->fd = -1;
	dp->mbim = cfg->mbim;
	dp->tap = cfg->tap || cfg->mbim;
	dp->forwarding = true;
	if (cfg->ifname) {
		size_t n = strnlen(cfg->ifname, sizeof dp->ifname - 1);
		memcpy(dp->ifname, cfg->ifname, n);
		dp->ifname[n] = 0;
	}
	dp->gw4 = cfg->gw4;
	dp->dns4[0] = cfg->dns4[0];
	dp->dns4[1] = cfg->dns4[1];
	memcpy(dp->gw6, cfg->gw6, 16);
	memcpy(dp->dns6, cfg->dns6, sizeof dp->dns6);
	static const uint8_t test_net_1[4] = { 192, 0, 2, 1 };
	if (cfg->dns_a)
		dp->dns_a = cfg->dns_a;
	else
		memcpy(&dp->dns_a, test_net_1, 4);
	static const uint8_t mac[6] = { 0x02, 0xce, 0x11, 0x00, 0x00, 0x01 };
	memcpy(dp->mac, mac, 6);
}

/* ---- DNS ---- */

/* Answers the query in q (UDP payload). Returns the answer's length, 0 to
 * stay silent, -1 for garbage. */
static int dns_answer(struct sim_dp *dp, const uint8_t *q, size_t n, uint8_t *out, size_t outsz)
{
	if (n < 12)
		return -1;
	if (q[2] & 0x80)
		return 0;               /* a response: not for us */
	uint16_t qd = rd16(q + 4);
	size_t off = 12;
	size_t name_len = 0;
	bool invalid_tld = false;
	if (qd != 1) {
		/* FORMERR with the header only. */
		if (outsz < 12)
			return 0;
		memcpy(out, q, 12);
		out[2] = (uint8_t)(0x80 | (q[2] & 0x79));
		out[3] = 0x80 | 1;
		memset(out + 4, 0, 8);
		dp->st.dns_answers++;
		return 12;
	}
	/* QNAME: labels up to a zero byte; no compression in a question. */
	const uint8_t *last = NULL;
	size_t last_len = 0;
	for (;;) {
		if (off >= n)
			return -1;
		uint8_t l = q[off];
		if (l == 0) {
			off++;
			break;
		}
		if (l > 63 || off + 1 + l > n)
			return -1;
		name_len += (size_t)l + 1;
		if (name_len > 255)
			return -1;
		last = q + off + 1;
		last_len = l;
		off += 1 + (size_t)l;
	}
	if (off + 4 > n)
		return -1;
	uint16_t qtype = rd16(q + off), qclass = rd16(q + off + 2);
	off += 4;
	if (last && last_len == 7) {
		static const char inv[] = "invalid";
		invalid_tld = true;
		for (size_t i = 0; i < 7; i++)
			if ((last[i] | 0x20) != inv[i])
				invalid_tld = false;
	}
	bool answer_a = !invalid_tld && qtype == 1 && qclass == 1;
	size_t need = off + (answer_a ? 16 : 0);
	if (need > outsz)
		return 0;
	memcpy(out, q, off);            /* header + question */
	out[2] = (uint8_t)(0x80 | (q[2] & 0x79));       /* QR, opcode, RD kept; AA/TC off */
	out[3] = (uint8_t)(0x80 | (invalid_tld ? 3 : 0)); /* RA; NXDOMAIN or NOERROR */
	wr16(out + 6, answer_a ? 1 : 0);
	wr16(out + 8, 0);
	wr16(out + 10, 0);
	if (answer_a) {
		uint8_t *a = out + off;
		wr16(a, 0xc00c);        /* pointer to the question's name */
		wr16(a + 2, 1);         /* A */
		wr16(a + 4, 1);         /* IN */
		a[6] = 0; a[7] = 0; a[8] = 0; a[9] = 60;        /* TTL 60 s */
		wr16(a + 10, 4);
		memcpy(a + 12, &dp->dns_a, 4);
	}
	dp->st.dns_answers++;
	return (int)need;
}

/* ---- IPv4 ---- */

static void ip4_header(uint8_t *o, size_t total, uint8_t proto, const uint8_t *src, const uint8_t *dst)
{
	o[0] = 0x45;
	o[1] = 0;
	wr16(o + 2, (uint16_t)total);
	wr16(o + 4, 0);
	wr16(o + 6, 0x4000);    /* DF */
	o[8] = 64;
	o[9] = proto;
	wr16(o + 10, 0);
	memcpy(o + 12, src, 4);
	memcpy(o + 16, dst, 4);
	wr16(o + 10, fold(sum_bytes(0, o, 20)));
}

static int ipv4(struct sim_dp *dp, const uint8_t *p, size_t n, uint8_t *out, size_t outsz)
{
	if (n < 20 || (p[0] >> 4) != 4)
		return -1;
	size_t ihl = (size_t)(p[0] & 0x0f) * 4;
	size_t total = rd16(p + 2);
	if (ihl < 20 || ihl > total || total > n)
		return -1;
	if (fold(sum_bytes(0, p, ihl)) != 0)
		return -1;              /* bad header checksum */
	uint32_t dst;
	memcpy(&dst, p + 16, 4);
	if (!ours4(dp, dst) || (rd16(p + 6) & 0x3fff))
		return 0;               /* for the network, or a fragment */
	const uint8_t *l4 = p + ihl;
	size_t l4n = total - ihl;
	if (p[9] == 1) {                /* ICMP */
		if (l4n < 8 || fold(sum_bytes(0, l4, l4n)) != 0)
			return -1;
		if (l4[0] != 8 || l4[1] != 0)
			return 0;       /* only echo requests are answered */
		if (20 + l4n > outsz)
			return 0;
		ip4_header(out, 20 + l4n, 1, p + 16, p + 12);
		memcpy(out + 20, l4, l4n);
		out[20] = 0;            /* echo reply */
		wr16(out + 22, 0);
		wr16(out + 22, fold(sum_bytes(0, out + 20, l4n)));
		dp->st.echo_replies++;
		return (int)(20 + l4n);
	}
	if (p[9] == 17) {               /* UDP */
		if (l4n < 8 || rd16(l4 + 4) < 8 || rd16(l4 + 4) > l4n)
			return -1;
		if (rd16(l4 + 2) != 53 || !dns4(dp, dst))
			return 0;
		size_t ulen = rd16(l4 + 4);
		if (outsz < 28)
			return 0;
		int a = dns_answer(dp, l4 + 8, ulen - 8, out + 28, outsz - 28);
		if (a <= 0)
			return a;
		size_t un = 8 + (size_t)a;
		ip4_header(out, 20 + un, 17, p + 16, p + 12);
		wr16(out + 20, 53);
		wr16(out + 22, rd16(l4));
		wr16(out + 24, (uint16_t)un);
		wr16(out + 26, 0);
		uint16_t c = fold(sum_bytes(pseudo4(out + 12, out + 16, 17, un), out + 20, un));
		wr16(out + 26, c ? c : 0xffff);
		return (int)(20 + un);
	}
	return 0;
}

/* ---- IPv6 ---- */

static void ip6_header(uint8_t *o, size_t plen, uint8_t nh, uint8_t hops, const uint8_t *src,
		       const uint8_t *dst)
{
	o[0] = 0x60;
	o[1] = o[2] = o[3] = 0;
	wr16(o + 4, (uint16_t)plen);
	o[6] = nh;
	o[7] = hops;
	memcpy(o + 8, src, 16);
	memcpy(o + 24, dst, 16);
}

static int ipv6(struct sim_dp *dp, const uint8_t *p, size_t n, uint8_t *out, size_t outsz)
{
	if (n < 40 || (p[0] >> 4) != 6)
		return -1;
	size_t plen = rd16(p + 4);
	if (40 + plen > n)
		return -1;
	const uint8_t *src = p + 8, *dst = p + 24, *l4 = p + 40;
	uint8_t nh = p[6];
	if (nh == 58) {                 /* ICMPv6; extension headers are not followed */
		if (plen < 8 || fold(sum_bytes(pseudo6(src, dst, 58, plen), l4, plen)) != 0)
			return -1;
		/* Neighbour solicitation for one of our addresses (TAP only). */
		if (l4[0] == 135 && dp->tap && plen >= 24 && ours6(dp, l4 + 8)) {
			static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
			const uint8_t *to = zero16(src) ? all_nodes : src;
			size_t an = 32;         /* NA + target link-layer address option */
			if (40 + an > outsz)
				return 0;
			uint8_t *a = out + 40;
			memset(a, 0, an);
			a[0] = 136;
			a[4] = zero16(src) ? 0xa0 : 0xe0;       /* Router, Solicited, Override */
			memcpy(a + 8, l4 + 8, 16);
			a[24] = 2;
			a[25] = 1;
			memcpy(a + 26, dp->mac, 6);
			ip6_header(out, an, 58, 255, l4 + 8, to);
			wr16(a + 2, fold(sum_bytes(pseudo6(out + 8, out + 24, 58, an), a, an)));
			dp->st.nd_adverts++;
			return (int)(40 + an);
		}
		if (l4[0] != 128 || l4[1] != 0 || !ours6(dp, dst))
			return 0;
		if (40 + plen > outsz)
			return 0;
		ip6_header(out, plen, 58, 64, dst, src);
		memcpy(out + 40, l4, plen);
		out[40] = 129;
		wr16(out + 42, 0);
		wr16(out + 42, fold(sum_bytes(pseudo6(out + 8, out + 24, 58, plen), out + 40, plen)));
		dp->st.echo_replies++;
		return (int)(40 + plen);
	}
	if (nh == 17 && dns6(dp, dst)) {
		if (plen < 8 || rd16(l4 + 4) < 8 || rd16(l4 + 4) > plen)
			return -1;
		if (rd16(l4 + 2) != 53)
			return 0;
		if (outsz < 48)
			return 0;
		int a = dns_answer(dp, l4 + 8, rd16(l4 + 4) - 8u, out + 48, outsz - 48);
		if (a <= 0)
			return a;
		size_t un = 8 + (size_t)a;
		ip6_header(out, un, 17, 64, dst, src);
		wr16(out + 40, 53);
		wr16(out + 42, rd16(l4));
		wr16(out + 44, (uint16_t)un);
		wr16(out + 46, 0);
		uint16_t c = fold(sum_bytes(pseudo6(out + 8, out + 24, 17, un), out + 40, un));
		wr16(out + 46, c ? c : 0xffff);
		return (int)(40 + un);
	}
	return 0;
}

static int ip_any(struct sim_dp *dp, const uint8_t *p, size_t n, uint8_t *out, size_t outsz)
{
	if (n < 1)
		return -1;
	switch (p[0] >> 4) {
	case 4: return ipv4(dp, p, n, out, outsz);
	case 6: return ipv6(dp, p, n, out, outsz);
	default: return -1;
	}
}

/* ---- 802.3 ---- */

static int arp(struct sim_dp *dp, const uint8_t *f, size_t n, uint8_t *out, size_t outsz)
{
	const uint8_t *a = f + ETH_HLEN_;
	if (n < ETH_HLEN_ + 28)
		return -1;
	if (rd16(a) != 1 || rd16(a + 2) != ET_IPV4 || a[4] != 6 || a[5] != 4)
		return -1;
	uint32_t target;
	memcpy(&target, a + 24, 4);
	if (rd16(a + 6) != 1 || !ours4(dp, target))
		return 0;               /* not a request for us */
	if (outsz < ETH_HLEN_ + 28)
		return 0;
	memcpy(out, f + 6, 6);
	memcpy(out + 6, dp->mac, 6);
	wr16(out + 12, ET_ARP);
	uint8_t *r = out + ETH_HLEN_;
	wr16(r, 1);
	wr16(r + 2, ET_IPV4);
	r[4] = 6;
	r[5] = 4;
	wr16(r + 6, 2);                 /* reply */
	memcpy(r + 8, dp->mac, 6);
	memcpy(r + 14, a + 24, 4);
	memcpy(r + 18, a + 8, 6);
	memcpy(r + 24, a + 14, 4);
	dp->st.arp_replies++;
	return ETH_HLEN_ + 28;
}

/* A frame's 802.1Q tag: the VLAN id, or -1 when untagged (-2: too short
 * to hold the tag it announces). */
static int vlan_of(const uint8_t *f, size_t n)
{
	if (n < ETH_HLEN_ || rd16(f + 12) != ET_VLAN)
		return -1;
	return n < ETH_HLEN_ + 4 ? -2 : rd16(f + 14) & 0x0fff;
}

static int ether(struct sim_dp *dp, const uint8_t *f, size_t n, uint8_t *out, size_t outsz)
{
	if (n < ETH_HLEN_)
		return -1;
	int vid = vlan_of(f, n);
	if (vid == -2)
		return -1;
	size_t hl = vid >= 0 ? ETH_HLEN_ + 4 : ETH_HLEN_;
	uint16_t et = rd16(f + hl - 2);
	if (et == ET_ARP && !dp->mbim && vid < 0)
		return arp(dp, f, n, out, outsz);
	if (et != ET_IPV4 && et != ET_IPV6)
		return 0;               /* other protocols: ignored, not garbage (cdc_mbim drops them) */
	if (outsz < hl)
		return 0;
	int r = ip_any(dp, f + hl, n - hl, out + hl, outsz - hl);
	if (r <= 0)
		return r;
	/* as cdc_mbim hands a session's datagram up: the host's address as
	 * the destination, the session's tag kept */
	memcpy(out, f + 6, 6);
	memcpy(out + 6, dp->mac, 6);
	if (vid >= 0) {
		wr16(out + 12, ET_VLAN);
		wr16(out + 14, (uint16_t)vid);
	}
	wr16(out + hl - 2, et);
	return r + (int)hl;
}

bool sim_dp_is_v6(const struct sim_dp *dp, const uint8_t *p, size_t n)
{
	if (dp->tap) {
		size_t hl = vlan_of(p, n) >= 0 ? ETH_HLEN_ + 4 : ETH_HLEN_;
		return n >= hl && rd16(p + hl - 2) == ET_IPV6;
	}
	return n >= 1 && p[0] >> 4 == 6;
}

/* mbim: is the session the frame belongs to up? Untagged (or priority
 * tagged, VLAN 0) is session 0, VLAN 1..255 session N; 256..511 are
 * cdc_mbim's device service streams and the rest it never sends. */
static bool session_open(const struct sim_dp *dp, const uint8_t *f, size_t n, int *vid)
{
	*vid = vlan_of(f, n);
	if (*vid == -2 || *vid > 255)
		return false;
	unsigned id = *vid > 0 ? (unsigned)*vid : 0;
	return dp->sessions[id / 8] & (1u << (id % 8));
}

int sim_dp_process(struct sim_dp *dp, const uint8_t *in, size_t n, uint8_t *out, size_t outsz)
{
	if (!dp->forwarding) {
		dp->st.swallowed++;
		return 0;
	}
	int vid = -1;
	if (dp->mbim && !session_open(dp, in, n, &vid)) {
		dp->st.no_session++;
		return 0;
	}
	if (vid > 0)
		dp->st.tagged++;
	dp->st.tx_packets++;
	dp->st.tx_bytes += n;
	bool v6 = sim_dp_is_v6(dp, in, n);
	if (v6) {
		dp->st.tx6_packets++;
		dp->st.tx6_bytes += n;
	}
	int r = dp->tap ? ether(dp, in, n, out, outsz) : ip_any(dp, in, n, out, outsz);
	if (r < 0) {
		dp->st.malformed++;
		return -1;
	}
	if (r > 0) {
		dp->st.rx_packets++;
		dp->st.rx_bytes += (uint64_t)r;
		if (v6) {
			dp->st.rx6_packets++;
			dp->st.rx6_bytes += (uint64_t)r;
		}
	}
	return r;
}
