/* The emulator's USB listings and sysfs tree, read back by the doctor's own
 * parsers (src/usb): what cellink reads from the emulator is what it reads
 * from hardware. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/sim.h"
#include "usb/usb.h"

static void listings_parse(void **state)
{
	struct usb_listing *l = malloc(sizeof(*l));
	assert_non_null(l);
	for (size_t i = 0; sim_profile_at(i); i++) {
		const struct sim_profile *p = sim_profile_at(i);
		struct strbuf sb;
		sb_init(&sb);
		sim_profile_usb_devices(p, &sb);
		assert_int_equal(usb_listing_parse(l, sb.buf, sb.len), 1);
		assert_int_equal(l->dev[0].vid, p->vid);
		assert_int_equal(l->dev[0].pid, p->pid);
		const struct usb_config *c = usb_active_config(l, 0);
		assert_non_null(c);
		/* a CDC data interface is listed in both its alternates */
		size_t alts = 0;
		for (size_t k = 0; k < p->n_ifs; k++)
			alts += p->ifs[k].role == SIM_IF_CDC;
		assert_int_equal(c->if_count, p->n_ifs + alts);
		assert_int_equal(alts, p->mbim ? 1 : 0);
		const struct sim_usb_if *q = sim_profile_qmi_if(p);
		assert_non_null(q);
		bool found = false;
		for (size_t k = c->if_first; k < (size_t)c->if_first + c->if_count; k++) {
			const struct usb_iface *f = &l->ifc[k];
			if (f->number != q->num)
				continue;
			found = true;
			assert_string_equal(f->driver, p->mbim ? "cdc_mbim" : "qmi_wwan");
			assert_int_equal(f->ep_count, q->n_ep);
		}
		assert_true(found);
		sb_free(&sb);
	}
	free(l);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void sysfs_tree_reads_back(void **state)
{
	struct sim *s = calloc(1, sizeof(*s));
	struct usb_listing *l = malloc(sizeof(*l));
	assert_non_null(s);
	assert_non_null(l);
	char dir[] = "/tmp/test_sim_sysfs_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char root[64];
	snprintf(root, sizeof(root), "%s/sys", dir);
	s->prof = sim_profile_find("quectel-ec25");
	sim_modem_defaults(&s->m, s->prof);
	snprintf(s->port.path, sizeof(s->port.path), "/run/x/cdc-wdm3");
	snprintf(s->ifname, sizeof(s->ifname), "wwan3");
	assert_int_equal(sim_sysfs_write(s, root), 0);

	assert_int_equal(usb_sysfs_read(root, l), 1);
	assert_int_equal(l->dev[0].vid, 0x2c7c);
	assert_int_equal(l->dev[0].pid, 0x0125);
	assert_string_equal(l->dev[0].sysname, "1-1");
	assert_int_equal(l->cfg[0].if_count, 5);
	unsigned ttys = 0;
	for (size_t k = 0; k < l->n_if; k++) {
		const struct usb_iface *f = &l->ifc[k];
		if (f->number == 4) {
			assert_string_equal(f->driver, "qmi_wwan");
			assert_string_equal(f->wdm, "cdc-wdm3");
			assert_string_equal(f->net, "wwan3");
			assert_int_equal(f->cls, 0xff);
			assert_int_equal(f->ep_count, 3);
		} else {
			assert_string_equal(f->driver, "option");
			assert_int_equal(strncmp(f->tty, "ttyUSB", 6), 0);
			ttys++;
		}
	}
	assert_int_equal(ttys, 4);
	struct usb_kernel k;
	memset(&k, 0, sizeof(k));
	usb_sysfs_kernel(root, &k);
	assert_int_equal(k.qmi_wwan_loaded, 1);
	assert_int_equal(k.raw_ip_switch, 1);
	/* writing it again over itself works (symlinks replaced) */
	assert_int_equal(sim_sysfs_write(s, root), 0);
	assert_int_equal(nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(l);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(listings_parse),
		cmocka_unit_test(sysfs_tree_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
