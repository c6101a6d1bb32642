/* The cdc_mbim personality's bytes, no I/O: the descriptor blocks gadgetfs
 * takes, the NTB parameters, string descriptors, and NTB16 framing both
 * ways (USB CDC NCM 1.0 section 3, MBIM 1.0 section 7). See usb.h. */
#include <errno.h>
#include <string.h>

#include "sim/usb.h"

#define NTH16_SIGN 0x484d434eu  /* "NCMH" */
#define NTH16_LEN 12
#define NDP16_MIN 16            /* header and one entry and the terminator */
#define IPS_SIGN 0x00535049u    /* "IPS" and the session in the top byte */
#define NDP_CHAIN_MAX 32

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

struct out {
	uint8_t *b;
	size_t cap, n;
	bool full;
};

static void emit(struct out *o, const uint8_t *d, size_t len)
{
	if (o->n + len > o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->b + o->n, d, len);
	o->n += len;
}

static void ep_desc(struct out *o, uint8_t addr, uint8_t attr, uint16_t maxps, uint8_t interval)
{
	uint8_t d[7] = { 7, 0x05, addr, attr, 0, 0, interval };
	put16(d + 4, maxps);
	emit(o, d, sizeof(d));
}

static void if_desc(struct out *o, uint8_t num, uint8_t alt, uint8_t n_ep, uint8_t cls, uint8_t sub,
		    uint8_t proto)
{
	uint8_t d[9] = { 9, 0x04, num, alt, n_ep, cls, sub, proto, 0 };
	emit(o, d, sizeof(d));
}

/* One configuration at one speed: the MBIM control interface with its
 * functional descriptors and interrupt endpoint, the data interface in
 * two alternate settings. */
static void config(struct out *o, const struct sim_usb_mbim_eps *e, bool hs)
{
	size_t start = o->n;
	uint8_t c[9] = { 9, 0x02, 0, 0, 2, 1, 0, 0x80, 250 };   /* bus powered, 500 mA */
	emit(o, c, sizeof(c));
	if_desc(o, 0, 0, 1, 0x02, 0x0e, 0x00);
	uint8_t header[5] = { 5, 0x24, 0x00, 0x10, 0x01 };      /* CDC 1.10 */
	uint8_t uni[5] = { 5, 0x24, 0x06, 0, 1 };               /* control 0, data 1 */
	uint8_t mbim[12] = { 12, 0x24, 0x1b, 0x00, 0x01 };      /* MBIM 1.00 */
	put16(mbim + 5, SIM_USB_MBIM_MAX_CONTROL);
	mbim[7] = 16;           /* bNumberFilters */
	mbim[8] = 128;          /* bMaxFilterSize */
	put16(mbim + 9, SIM_USB_MBIM_MTU);
	mbim[11] = 0;           /* bmNetworkCapabilities: no CRC, no datagram size requests */
	emit(o, header, sizeof(header));
	emit(o, uni, sizeof(uni));
	emit(o, mbim, sizeof(mbim));
	/* polled every millisecond: 1 frame, or 2^(4-1) microframes */
	ep_desc(o, e->notify, 0x03, 64, hs ? 4 : 1);
	if_desc(o, 1, 0, 0, 0x0a, 0x00, 0x02);
	if_desc(o, 1, 1, 2, 0x0a, 0x00, 0x02);
	ep_desc(o, e->bulk_in, 0x02, hs ? 512 : 64, 0);
	ep_desc(o, e->bulk_out, 0x02, hs ? 512 : 64, 0);
	if (!o->full)
		put16(o->b + start + 2, (uint16_t)(o->n - start));
}

int sim_usb_mbim_device_block(const struct sim_usb_mbim_eps *eps, uint16_t vid, uint16_t pid,
			      uint16_t bcd_device, uint8_t *buf, size_t cap)
{
	struct out o = { .b = buf, .cap = cap };
	uint8_t tag[4] = { 0 };
	emit(&o, tag, sizeof(tag));
	config(&o, eps, false);
	config(&o, eps, true);
	uint8_t d[18] = { 18, 0x01, 0x00, 0x02, 0, 0, 0, 64 };
	put16(d + 8, vid);
	put16(d + 10, pid);
	put16(d + 12, bcd_device);
	d[14] = 1;              /* iManufacturer */
	d[15] = 2;              /* iProduct */
	d[16] = 3;              /* iSerialNumber */
	d[17] = 1;              /* one configuration */
	emit(&o, d, sizeof(d));
	return o.full ? -ENOSPC : (int)o.n;
}

int sim_usb_mbim_ep_block(const struct sim_usb_mbim_eps *eps, uint8_t addr, uint8_t *buf, size_t cap)
{
	struct out o = { .b = buf, .cap = cap };
	uint8_t tag[4] = { 1, 0, 0, 0 };
	if (addr != eps->notify && addr != eps->bulk_in && addr != eps->bulk_out)
		return -EINVAL;
	emit(&o, tag, sizeof(tag));
	for (int hs = 0; hs < 2; hs++) {
		if (addr == eps->notify)
			ep_desc(&o, addr, 0x03, 64, hs ? 4 : 1);
		else
			ep_desc(&o, addr, 0x02, hs ? 512 : 64, 0);
	}
	return o.full ? -ENOSPC : (int)o.n;
}

int sim_usb_mbim_ntb_params(uint8_t *buf, size_t cap)
{
	if (cap < 28)
		return -ENOSPC;
	memset(buf, 0, 28);
	put16(buf, 28);                         /* wLength */
	put16(buf + 2, 0x0001);                 /* NTB16 only */
	put32(buf + 4, SIM_USB_MBIM_NTB_MAX);   /* dwNtbInMaxSize */
	put16(buf + 8, 4);                      /* wNdpInDivisor */
	put16(buf + 10, 0);                     /* wNdpInPayloadRemainder */
	put16(buf + 12, 4);                     /* wNdpInAlignment */
	put32(buf + 16, SIM_USB_MBIM_NTB_MAX);  /* dwNtbOutMaxSize */
	put16(buf + 20, 4);                     /* wNdpOutDivisor */
	put16(buf + 22, 0);                     /* wNdpOutPayloadRemainder */
	put16(buf + 24, 4);                     /* wNdpOutAlignment */
	put16(buf + 26, 0);                     /* wNtbOutMaxDatagrams: no limit */
	return 28;
}

int sim_usb_string_desc(const char *text, uint8_t *buf, size_t cap)
{
	if (!text) {                            /* index 0: English (US) */
		if (cap < 4)
			return -ENOSPC;
		buf[0] = 4;
		buf[1] = 0x03;
		put16(buf + 2, 0x0409);
		return 4;
	}
	size_t n = strlen(text);
	if (n > 126)
		n = 126;
	if (cap < 2 + 2 * n)
		return -ENOSPC;
	buf[0] = (uint8_t)(2 + 2 * n);
	buf[1] = 0x03;
	for (size_t i = 0; i < n; i++)
		put16(buf + 2 + 2 * i, (uint8_t)text[i] < 0x80 ? (uint8_t)text[i] : '?');
	return (int)(2 + 2 * n);
}

int sim_ntb16_build(uint8_t session, uint16_t seq, const uint8_t *dgram, size_t len, uint8_t *buf,
		    size_t cap)
{
	/* NTH16 at 0, the NDP16 (one entry, one terminator) after it, the
	 * datagram after that on a 4-byte boundary (wNdpInDivisor) */
	size_t ndp = NTH16_LEN, dg = ndp + NDP16_MIN, total = dg + len;
	if (total > cap || total > 0xffff || !len)
		return -ENOSPC;
	put32(buf, NTH16_SIGN);
	put16(buf + 4, NTH16_LEN);
	put16(buf + 6, seq);
	put16(buf + 8, (uint16_t)total);
	put16(buf + 10, (uint16_t)ndp);
	put32(buf + ndp, IPS_SIGN | (uint32_t)session << 24);
	put16(buf + ndp + 4, NDP16_MIN);
	put16(buf + ndp + 6, 0);
	put16(buf + ndp + 8, (uint16_t)dg);
	put16(buf + ndp + 10, (uint16_t)len);
	put32(buf + ndp + 12, 0);
	memcpy(buf + dg, dgram, len);
	return (int)total;
}

int sim_ntb16_parse(const uint8_t *buf, size_t len, sim_ntb16_fn fn, void *ctx, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	if (len < NTH16_LEN) {
		*why = "shorter than an NTH16";
		return -EINVAL;
	}
	if (get32(buf) != NTH16_SIGN) {
		*why = "no NCMH signature";
		return -EINVAL;
	}
	if (get16(buf + 4) != NTH16_LEN) {
		*why = "NTH16 header length is not 12";
		return -EINVAL;
	}
	size_t block = get16(buf + 8);
	if (block == 0 || block > len) {
		/* 0 would mean "up to the short packet" for NTB32 only */
		*why = "block length outside the transfer";
		return -EINVAL;
	}
	size_t ndp = get16(buf + 10);
	int count = 0;
	for (unsigned hops = 0; ndp; hops++) {
		if (hops == NDP_CHAIN_MAX) {
			*why = "NDP chain too long (a loop?)";
			return -EINVAL;
		}
		if (ndp % 4 || ndp < NTH16_LEN || ndp + NDP16_MIN > block) {
			*why = "NDP16 outside the block or unaligned";
			return -EINVAL;
		}
		uint32_t sign = get32(buf + ndp);
		size_t ndp_len = get16(buf + ndp + 4);
		if (ndp_len < NDP16_MIN || ndp_len % 4 || ndp + ndp_len > block) {
			*why = "NDP16 length out of range";
			return -EINVAL;
		}
		int session = (sign & 0x00ffffffu) == IPS_SIGN ? (int)(sign >> 24) : -1;
		for (size_t e = ndp + 8; e + 4 <= ndp + ndp_len; e += 4) {
			size_t off = get16(buf + e), n = get16(buf + e + 2);
			if (!off || !n)
				break;          /* the terminator: the rest is ignored */
			if (off + n > block) {
				*why = "datagram outside the block";
				return -EINVAL;
			}
			count++;
			if (fn)
				fn(ctx, session, buf + off, n);
		}
		ndp = get16(buf + ndp + 6);
	}
	return count;
}
