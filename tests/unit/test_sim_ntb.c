/* The cdc_mbim personality's pure parts (sim/usb_ntb.c): the descriptor
 * blocks gadgetfs takes, read back the way cdc_mbim/cdc_ncm read them,
 * the NTB parameters, and NTB16 framing both ways, with every refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sim/usb.h"

static const struct sim_usb_mbim_eps eps = { 0x85, 0x81, 0x02 };

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

/* One configuration as the host parses it; returns its length. */
static size_t check_config(const uint8_t *c, bool hs)
{
	assert_int_equal(c[0], 9);
	assert_int_equal(c[1], 0x02);
	size_t total = le16(c + 2);
	assert_int_equal(c[4], 2);                      /* two interfaces */
	assert_int_equal(c[5], 1);                      /* configuration value */
	assert_int_equal(c[7] & 0xa0, 0x80);            /* no remote wake-up: gadgetfs refuses it */
	bool header = false, uni = false, mbim = false;
	int cur_if = -1, cur_alt = -1, eps_seen[2][2] = { { 0 } };
	for (size_t o = 9; o < total; o += c[o]) {
		assert_true(c[o] >= 2 && o + c[o] <= total);
		if (c[o + 1] == 0x04) {
			cur_if = c[o + 2];
			cur_alt = c[o + 3];
			if (cur_if == 0) {
				assert_int_equal(c[o + 5], 0x02);       /* CDC */
				assert_int_equal(c[o + 6], 0x0e);       /* MBIM */
				assert_int_equal(c[o + 7], 0x00);
				assert_int_equal(c[o + 4], 1);
			} else {
				assert_int_equal(cur_if, 1);
				assert_int_equal(c[o + 5], 0x0a);       /* CDC data */
				assert_int_equal(c[o + 7], 0x02);       /* NTB */
				assert_int_equal(c[o + 4], cur_alt == 0 ? 0 : 2);
			}
		} else if (c[o + 1] == 0x24) {
			assert_int_equal(cur_if, 0);
			if (c[o + 2] == 0x00)
				header = c[o] == 5;
			if (c[o + 2] == 0x06)
				uni = c[o] == 5 && c[o + 3] == 0 && c[o + 4] == 1;
			if (c[o + 2] == 0x1b) {
				mbim = c[o] == 12 && le16(c + o + 3) == 0x0100;
				assert_int_equal(le16(c + o + 5), SIM_USB_MBIM_MAX_CONTROL);
				assert_int_equal(le16(c + o + 9), SIM_USB_MBIM_MTU);
				assert_int_equal(c[o + 11], 0);
			}
		} else if (c[o + 1] == 0x05) {
			uint8_t a = c[o + 2];
			if (cur_if == 0) {
				assert_int_equal(a, eps.notify);
				assert_int_equal(c[o + 3], 0x03);
			} else {
				assert_int_equal(cur_alt, 1);
				assert_true(a == eps.bulk_in || a == eps.bulk_out);
				assert_int_equal(c[o + 3], 0x02);
				assert_int_equal(le16(c + o + 4), hs ? 512 : 64);
				eps_seen[cur_alt][a == eps.bulk_in]++;
			}
		}
	}
	assert_true(header && uni && mbim);
	assert_int_equal(eps_seen[1][0], 1);
	assert_int_equal(eps_seen[1][1], 1);
	return total;
}

static void device_block(void **state)
{
	uint8_t b[512];
	int n = sim_usb_mbim_device_block(&eps, 0x2cb7, 0x0007, 0x0100, b, sizeof(b));
	assert_true(n > 4 + 18);
	assert_int_equal(le32(b), 0);                   /* gadgetfs's tag */
	size_t o = 4;
	o += check_config(b + o, false);
	o += check_config(b + o, true);
	assert_int_equal(n - (int)o, 18);               /* the device descriptor last */
	assert_int_equal(b[o + 1], 0x01);
	assert_int_equal(le16(b + o + 8), 0x2cb7);
	assert_int_equal(le16(b + o + 10), 0x0007);
	assert_int_equal(b[o + 17], 1);
	assert_int_equal(sim_usb_mbim_device_block(&eps, 1, 2, 3, b, 40), -ENOSPC);
}

static void ep_block(void **state)
{
	uint8_t b[32];
	assert_int_equal(sim_usb_mbim_ep_block(&eps, 0x81, b, sizeof(b)), 4 + 7 + 7);
	assert_int_equal(le32(b), 1);
	assert_int_equal(le16(b + 4 + 4), 64);          /* full speed */
	assert_int_equal(le16(b + 11 + 4), 512);        /* high speed */
	assert_int_equal(sim_usb_mbim_ep_block(&eps, 0x85, b, sizeof(b)), 18);
	assert_int_equal(b[4 + 3], 0x03);
	assert_int_equal(sim_usb_mbim_ep_block(&eps, 0x83, b, sizeof(b)), -EINVAL);
}

static void ntb_params(void **state)
{
	uint8_t b[28];
	assert_int_equal(sim_usb_mbim_ntb_params(b, sizeof(b)), 28);
	assert_int_equal(le16(b), 28);
	assert_int_equal(le16(b + 2), 1);               /* NTB16 only */
	assert_int_equal(le32(b + 4), SIM_USB_MBIM_NTB_MAX);
	assert_int_equal(le32(b + 16), SIM_USB_MBIM_NTB_MAX);
	assert_int_equal(le16(b + 24), 4);              /* alignment: a power of 2 */
	assert_int_equal(sim_usb_mbim_ntb_params(b, 27), -ENOSPC);
}

static void strings(void **state)
{
	uint8_t b[64];
	assert_int_equal(sim_usb_string_desc(NULL, b, sizeof(b)), 4);
	assert_int_equal(le16(b + 2), 0x0409);
	assert_int_equal(sim_usb_string_desc("Ab", b, sizeof(b)), 6);
	assert_int_equal(b[0], 6);
	assert_int_equal(le16(b + 2), 'A');
	assert_int_equal(sim_usb_string_desc("0123456789012345678901234567890123", b, sizeof(b)), -ENOSPC);
}

struct seen {
	int n, session[4];
	size_t len[4];
	uint8_t first[4];
};

static void collect(void *ctx, int session, const uint8_t *d, size_t len)
{
	struct seen *s = ctx;
	if (s->n < 4) {
		s->session[s->n] = session;
		s->len[s->n] = len;
		s->first[s->n] = d[0];
	}
	s->n++;
}

static void ntb_round_trip(void **state)
{
	uint8_t pkt[84], b[256];
	memset(pkt, 0x45, sizeof(pkt));
	int n = sim_ntb16_build(0, 7, pkt, sizeof(pkt), b, sizeof(b));
	assert_int_equal(n, 12 + 16 + 84);
	assert_memory_equal(b, "NCMH", 4);
	assert_int_equal(le16(b + 6), 7);
	assert_int_equal(le16(b + 8), n);
	assert_memory_equal(b + 12, "IPS\0", 4);        /* session 0 */
	struct seen s = { 0 };
	const char *why = "x";
	assert_int_equal(sim_ntb16_parse(b, (size_t)n, collect, &s, &why), 1);
	assert_null(why);
	assert_int_equal(s.session[0], 0);
	assert_int_equal(s.len[0], 84);
	n = sim_ntb16_build(3, 8, pkt, sizeof(pkt), b, sizeof(b));
	memset(&s, 0, sizeof(s));
	assert_int_equal(sim_ntb16_parse(b, (size_t)n, collect, &s, NULL), 1);
	assert_int_equal(s.session[0], 3);
	assert_int_equal(sim_ntb16_build(0, 0, pkt, sizeof(pkt), b, 100), -ENOSPC);
	assert_int_equal(sim_ntb16_build(0, 0, pkt, 0, b, sizeof(b)), -ENOSPC);
}

/* As cdc_ncm writes them: NTH16, datagrams, then the NDP at the end,
 * two datagrams, a second NDP chained (another session), padding. */
static void ntb_host_layout(void **state)
{
	uint8_t b[512];
	memset(b, 0, sizeof(b));
	memcpy(b, "NCMH", 4);
	b[4] = 12;
	b[10] = 200;                                    /* first NDP */
	memset(b + 12, 0x45, 60);                       /* datagram 1 at 12 */
	memset(b + 72, 0x60, 40);                       /* datagram 2 at 72 */
	memset(b + 112, 0x45, 20);                      /* datagram 3 at 112 */
	uint8_t ndp1[20] = { 'I', 'P', 'S', 0, 20, 0, 240, 0, 12, 0, 60, 0, 72, 0, 40, 0, 0, 0, 0, 0 };
	uint8_t ndp2[16] = { 'I', 'P', 'S', 5, 16, 0, 0, 0, 112, 0, 20, 0, 0, 0, 0, 0 };
	memcpy(b + 200, ndp1, sizeof(ndp1));
	memcpy(b + 240, ndp2, sizeof(ndp2));
	b[8] = 0x00;
	b[9] = 0x01;                                    /* block of 256, padded */
	struct seen s = { 0 };
	assert_int_equal(sim_ntb16_parse(b, 300, collect, &s, NULL), 3);
	assert_int_equal(s.session[0], 0);
	assert_int_equal(s.len[1], 40);
	assert_int_equal(s.first[1], 0x60);
	assert_int_equal(s.session[2], 5);
	/* another signature: its datagrams go with session -1 */
	b[200] = 'X';
	memset(&s, 0, sizeof(s));
	assert_int_equal(sim_ntb16_parse(b, 300, collect, &s, NULL), 3);
	assert_int_equal(s.session[0], -1);
}

/* Sessions beyond 0, as cdc_mbim maps VLAN N to NDP16 "IPS<N>": one NTB
 * holding datagrams of sessions 0, 1 and 7 (one NDP each, chained) gives
 * each datagram its session; the answer built for session N carries IPS<N>
 * and reads back as N, up to 255 (the last VLAN id cdc_mbim maps to IPS). */
static void ntb_multi_session(void **state)
{
	uint8_t b[512];
	memset(b, 0, sizeof(b));
	memcpy(b, "NCMH", 4);
	b[4] = 12;
	b[8] = 0x80;                                    /* block of 128 */
	b[10] = 48;                                     /* first NDP */
	memset(b + 12, 0x45, 12);                       /* session 0's */
	memset(b + 24, 0x46, 12);                       /* session 1's */
	memset(b + 36, 0x60, 12);                       /* session 7's */
	uint8_t ndp0[16] = { 'I', 'P', 'S', 0, 16, 0, 64, 0, 12, 0, 12, 0, 0, 0, 0, 0 };
	uint8_t ndp1[16] = { 'I', 'P', 'S', 1, 16, 0, 80, 0, 24, 0, 12, 0, 0, 0, 0, 0 };
	uint8_t ndp7[16] = { 'I', 'P', 'S', 7, 16, 0, 0, 0, 36, 0, 12, 0, 0, 0, 0, 0 };
	memcpy(b + 48, ndp0, 16);
	memcpy(b + 64, ndp1, 16);
	memcpy(b + 80, ndp7, 16);
	struct seen s = { 0 };
	assert_int_equal(sim_ntb16_parse(b, 128, collect, &s, NULL), 3);
	assert_int_equal(s.session[0], 0);
	assert_int_equal(s.first[0], 0x45);
	assert_int_equal(s.session[1], 1);
	assert_int_equal(s.first[1], 0x46);
	assert_int_equal(s.session[2], 7);
	assert_int_equal(s.first[2], 0x60);
	/* the answers, each in its own session's NDP */
	unsigned ids[] = { 1, 7, 255 };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		uint8_t pkt[28], out[128];
		memset(pkt, 0x45, sizeof(pkt));
		int n = sim_ntb16_build((uint8_t)ids[i], (uint16_t)i, pkt, sizeof(pkt), out, sizeof(out));
		assert_true(n > 0);
		assert_memory_equal(out + 12, "IPS", 3);
		assert_int_equal(out[15], ids[i]);
		memset(&s, 0, sizeof(s));
		assert_int_equal(sim_ntb16_parse(out, (size_t)n, collect, &s, NULL), 1);
		assert_int_equal(s.session[0], (int)ids[i]);
		assert_int_equal(s.len[0], sizeof(pkt));
	}
	/* a DSS NDP (another signature) is not a session */
	memcpy(b + 64, "DSS", 3);
	memset(&s, 0, sizeof(s));
	assert_int_equal(sim_ntb16_parse(b, 128, collect, &s, NULL), 3);
	assert_int_equal(s.session[1], -1);
	assert_int_equal(s.session[2], 7);
}

static void ntb_refusals(void **state)
{
	uint8_t pkt[40], good[128], b[128];
	memset(pkt, 0x45, sizeof(pkt));
	int n = sim_ntb16_build(0, 1, pkt, sizeof(pkt), good, sizeof(good));
	const char *why;
	struct {
		size_t at;
		uint8_t v;
		size_t len;
		const char *why;
	} cases[] = {
		{ 0, 'X', 0, "no NCMH signature" },
		{ 4, 16, 0, "NTH16 header length is not 12" },
		{ 8, 0, 0, "block length outside the transfer" },
		{ 8, 200, 0, "block length outside the transfer" },
		{ 10, 13, 0, "NDP16 outside the block or unaligned" },
		{ 10, 120, 0, "NDP16 outside the block or unaligned" },
		{ 16, 8, 0, "NDP16 length out of range" },
		{ 16, 200, 0, "NDP16 length out of range" },
		{ 22, 80, 0, "datagram outside the block" },
		{ 18, 12, 0, "NDP chain too long (a loop?)" },     /* the NDP points at itself */
		{ 0, 'N', 8, "shorter than an NTH16" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(b, good, (size_t)n);
		b[cases[i].at] = cases[i].v;
		why = NULL;
		assert_int_equal(sim_ntb16_parse(b, cases[i].len ? cases[i].len : (size_t)n, NULL, NULL, &why),
				 -EINVAL);
		assert_string_equal(why, cases[i].why);
	}
	/* an empty NDP (the terminator first) carries nothing, and is no error */
	memcpy(b, good, (size_t)n);
	memset(b + 20, 0, 4);
	assert_int_equal(sim_ntb16_parse(b, (size_t)n, NULL, NULL, &why), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(device_block), cmocka_unit_test(ep_block),
		cmocka_unit_test(ntb_params), cmocka_unit_test(strings),
		cmocka_unit_test(ntb_round_trip), cmocka_unit_test(ntb_host_layout),
		cmocka_unit_test(ntb_refusals), cmocka_unit_test(ntb_multi_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
