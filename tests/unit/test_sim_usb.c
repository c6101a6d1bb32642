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
			for (size_t k = 0; k < prof->n_ifs; k++)
				if (prof->ifs[k].num == ifnum)
					f = &prof->ifs[k];
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
		size_t eps = 0;
		for (size_t k = 0; k < prof->n_ifs; k++)
			eps += prof->ifs[k].n_ep;
		assert_int_equal(lay.n_eps, eps);
		const struct sim_usb_if *q = sim_profile_qmi_if(prof);
		assert_int_equal(lay.n_ifs, prof->ifs[prof->n_ifs - 1].num + 1u);
		assert_int_equal(lay.ep[lay.n_eps - 1].ifnum, prof->ifs[prof->n_ifs - 1].num);
		bool notify = false;
		for (size_t k = 0; k < lay.n_eps; k++)
			notify |= lay.ep[k].ifnum == q->num && lay.ep[k].attr == 3 && (lay.ep[k].addr & 0x80);
		assert_true(notify);
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
		cmocka_unit_test(strings_block),
		cmocka_unit_test(intervals),
		cmocka_unit_test(one_frame_per_command),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
