/* The USB personality's pure parts: the FunctionFS descriptor blocks built
 * from each profile, and the one-frame-per-command check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "sim/sim.h"
#include "sim/usb.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Walks one speed's descriptors from p; returns where the next speed starts. */
static const uint8_t *check_speed(const struct sim_profile *prof, const uint8_t *p, uint32_t count,
				  bool hs)
{
	int ifnum = -1;
	unsigned eps_left = 0;
	for (uint32_t i = 0; i < count; i++) {
		if (p[1] == 4) {
			assert_int_equal(p[0], 9);
			assert_int_equal(eps_left, 0);
			assert_int_equal(p[2], ifnum + 1);      /* dense, in order */
			ifnum = p[2];
			eps_left = p[4];
			const struct sim_usb_if *f = NULL;
			size_t n;
			const struct sim_usb_if *ifs = sim_profile_usb_ifs(prof, &n);
			for (size_t k = 0; k < n; k++)
				if (ifs[k].num == ifnum)
					f = &ifs[k];
			if (f) {
				assert_int_equal(p[4], f->n_ep);
				assert_int_equal(p[5], f->cls);
				assert_int_equal(p[6], f->sub);
				assert_int_equal(p[7], f->proto);
			} else {
				assert_int_equal(p[4], 0);      /* a placeholder */
				assert_int_equal(p[5], 0xff);
			}
		} else {
			assert_int_equal(p[1], 5);
			assert_int_equal(p[0], 7);
			assert_true(eps_left > 0);
			eps_left--;
			uint16_t mps = (uint16_t)(p[4] | p[5] << 8);
			if (p[3] == 2)
				assert_int_equal(mps, hs ? 512 : 64);
			else
				assert_int_equal(p[3], 3);
		}
		p += p[0];
	}
	assert_int_equal(eps_left, 0);
	return p;
}

static void descriptors_of_every_profile(void **state)
{
	for (size_t i = 0; sim_profile_at(i); i++) {
		const struct sim_profile *prof = sim_profile_at(i);
		uint8_t buf[2048];
		struct sim_usb_layout lay;
		int n = sim_usb_descriptors(prof, buf, sizeof(buf), &lay);
		assert_true(n > 20);
		assert_int_equal(le32(buf), 3);                 /* v2 magic */
		assert_int_equal(le32(buf + 4), (uint32_t)n);
		assert_int_equal(le32(buf + 8), 3);             /* full and high speed */
		uint32_t fs = le32(buf + 12), hs = le32(buf + 16);
		assert_int_equal(fs, hs);
		const uint8_t *p = check_speed(prof, buf + 20, fs, false);
		p = check_speed(prof, p, hs, true);
		assert_ptr_equal(p, buf + n);
		/* endpoint files follow the descriptors' order */
		size_t eps = 0, n_ifs;
		const struct sim_usb_if *ifs = sim_profile_usb_ifs(prof, &n_ifs);
		for (size_t k = 0; k < n_ifs; k++)
			eps += ifs[k].n_ep;
		assert_int_equal(lay.n_eps, eps);
		const struct sim_usb_if *q = sim_profile_qmi_if(prof);
		assert_int_equal(lay.n_ifs, ifs[n_ifs - 1].num + 1u);
		assert_int_equal(lay.ep[lay.n_eps - 1].ifnum, ifs[n_ifs - 1].num);
		/* the QMI interface has its notification endpoint and bulk pair */
		unsigned notify = 0, bulk_in = 0, bulk_out = 0, int_in = 0;
		for (size_t k = 0; k < lay.n_eps; k++) {
			bool in = lay.ep[k].addr & 0x80;
			if (lay.ep[k].ifnum == q->num)
				notify += lay.ep[k].attr == 3 && in;
			if (lay.ep[k].attr == 3)
				int_in += in;
			else if (in)
				bulk_in++;
			else
				bulk_out++;
		}
		assert_int_equal(notify, 1);
		/* dummy_hcd's three fixed interrupt IN endpoints: every
		 * composition seen to enumerate there stays within them (the
		 * whole EC25, with four, left its QMI interface without) */
		assert_true(int_in <= 3);
		assert_true(bulk_in > 0 && bulk_in == bulk_out);
		/* the presented interfaces are the profile's own, at their numbers */
		for (size_t k = 0; k < n_ifs; k++) {
			const struct sim_usb_if *whole = NULL;
			for (size_t j = 0; j < prof->n_ifs; j++)
				if (prof->ifs[j].num == ifs[k].num)
					whole = &prof->ifs[j];
			assert_non_null(whole);
			assert_int_equal(whole->cls, ifs[k].cls);
			assert_int_equal(whole->sub, ifs[k].sub);
			assert_int_equal(whole->proto, ifs[k].proto);
			assert_string_equal(whole->what, ifs[k].what);
			assert_int_equal(whole->n_ep, ifs[k].n_ep);
		}
		/* too small a buffer is refused, not overrun */
		assert_int_equal(sim_usb_descriptors(prof, buf, (size_t)n - 1, NULL), -ENOSPC);
	}
}

static void mc7455_layout(void **state)
{
	const struct sim_profile *p = sim_profile_find("sierra-mc7455");
	uint8_t buf[2048];
	struct sim_usb_layout lay;
	assert_true(sim_usb_descriptors(p, buf, sizeof(buf), &lay) > 0);
	assert_int_equal(lay.n_ifs, 9);                         /* 0..8, with 1 and 4..7 empty */
	assert_int_equal(lay.n_eps, 11);
	assert_int_equal(lay.ep[8].ifnum, 8);
	assert_int_equal(lay.ep[8].attr, 3);                    /* RESPONSE_AVAILABLE */
	assert_int_equal(lay.ep[8].maxps_hs, 8);
	assert_int_equal(lay.ep[9].attr, 2);
	assert_int_equal(lay.ep[10].attr, 2);
}

/* The EC25 on dummy_hcd: NMEA (interface 1) is a placeholder so that
 * DIAG 0, AT 2, modem 3 and QMI 4 keep their numbers and endpoints. */
static void ec25_layout(void **state)
{
	const struct sim_profile *p = sim_profile_find("quectel-ec25");
	uint8_t buf[2048];
	struct sim_usb_layout lay;
	int n = sim_usb_descriptors(p, buf, sizeof(buf), &lay);
	assert_true(n > 0);
	assert_int_equal(lay.n_ifs, 5);                         /* 0..4, with 1 empty */
	assert_int_equal(lay.n_eps, 11);
	static const uint8_t ifnum[] = { 0, 0, 2, 2, 2, 3, 3, 3, 4, 4, 4 };
	for (size_t i = 0; i < lay.n_eps; i++)
		assert_int_equal(lay.ep[i].ifnum, ifnum[i]);
	assert_int_equal(lay.ep[8].attr, 3);                    /* RESPONSE_AVAILABLE */
	assert_true(lay.ep[8].addr & 0x80);
	assert_int_equal(lay.ep[8].maxps_hs, 8);
	assert_int_equal(lay.ep[9].attr, 2);
	assert_int_equal(lay.ep[10].attr, 2);
	/* interface 1 in the full-speed block: vendor class, no endpoints */
	const uint8_t *d = buf + 20;
	d += d[0];                                              /* interface 0 */
	d += d[0];
	d += d[0];                                              /* its two endpoints */
	assert_int_equal(d[1], 4);
	assert_int_equal(d[2], 1);
	assert_int_equal(d[4], 0);
	assert_int_equal(d[5], 0xff);
	/* the whole layout (listing, sysfs) keeps NMEA with its endpoints */
	assert_int_equal(p->n_ifs, 5);
	assert_int_equal(p->ifs[1].num, 1);
	assert_int_equal(p->ifs[1].n_ep, 3);
}

static void strings_block(void **state)
{
	uint8_t buf[32];
	assert_int_equal(sim_usb_strings(buf, sizeof(buf)), 16);
	assert_int_equal(le32(buf), 2);
	assert_int_equal(le32(buf + 4), 16);                    /* ends where it says */
	assert_int_equal(le32(buf + 8), 0);
	assert_int_equal(le32(buf + 12), 0);
	assert_int_equal(sim_usb_strings(buf, 15), -ENOSPC);
}

static void intervals(void **state)
{
	assert_int_equal(sim_usb_hs_interval(0), 1);
	assert_int_equal(sim_usb_hs_interval(1), 4);            /* 8 microframes */
	assert_int_equal(sim_usb_hs_interval(32), 9);           /* 256 microframes */
	assert_int_equal(sim_usb_hs_interval(10), 8);           /* the next power of two up */
	assert_int_equal(sim_usb_hs_interval(100000), 16);
}

/* A CTL allocate-cid request: marker, QMUX header, CTL header, one TLV. */
static const uint8_t frame[] = { 0x01, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x22, 0x00,
				 0x04, 0x00, 0x01, 0x01, 0x00, 0x02 };

static void one_frame_per_command(void **state)
{
	bool exact;
	uint8_t two[2 * sizeof(frame)];
	memcpy(two, frame, sizeof(frame));
	memcpy(two + sizeof(frame), frame, sizeof(frame));
	assert_int_equal(sim_usb_count_frames(frame, sizeof(frame), &exact), 1);
	assert_true(exact);
	assert_int_equal(sim_usb_count_frames(two, sizeof(two), &exact), 2);
	assert_true(exact);
	/* a frame and the start of another */
	assert_int_equal(sim_usb_count_frames(two, sizeof(frame) + 3, &exact), 1);
	assert_false(exact);
	/* half a frame */
	assert_int_equal(sim_usb_count_frames(frame, 7, &exact), 0);
	assert_false(exact);
	assert_int_equal(sim_usb_count_frames(frame, 0, &exact), 0);
	assert_false(exact);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptors_of_every_profile),
		cmocka_unit_test(mc7455_layout),
		cmocka_unit_test(ec25_layout),
		cmocka_unit_test(strings_block),
		cmocka_unit_test(intervals),
		cmocka_unit_test(one_frame_per_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
