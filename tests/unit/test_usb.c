/* cellink_usb: published listings with their expected verdicts, parser
 * robustness, the knowledge table, kernel facts, the seed's conclusion,
 * JSON shape, and synthetic sysfs trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/strbuf.h"
#include "usb/kernel_ids.h"
#include "usb/modeswitch_ids.h"
#include "usb/usb.h"

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/usb/%s", TEST_DATA_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

struct fixture {
	struct usb_listing l;
	struct usb_analysis a;
	struct usb_kernel k;
};

static struct fixture *analyse_text(const char *text, size_t len, const char *kernel)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	assert_true(usb_listing_parse(&fx->l, text, len) > 0);
	usb_kernel_parse(&fx->k, kernel);
	usb_analyze(&fx->l, &fx->k, &fx->a);
	return fx;
}

/* The same, but a text with no listing in it gives NULL instead of failing. */
static struct fixture *analyse_text_or_null(const char *text, size_t len, const char *kernel)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	if (usb_listing_parse(&fx->l, text, len) <= 0) {
		free(fx);
		return NULL;
	}
	usb_kernel_parse(&fx->k, kernel);
	usb_analyze(&fx->l, &fx->k, &fx->a);
	return fx;
}

static struct fixture *analyse_file(const char *name, const char *kernel)
{
	size_t len;
	char *t = slurp(name, &len);
	struct fixture *fx = analyse_text(t, len, kernel);
	free(t);
	return fx;
}

static const struct usb_if_report *iface(const struct fixture *fx, size_t dev, unsigned number)
{
	assert_true(dev < fx->a.n_dev);
	const struct usb_dev_report *dr = &fx->a.dev[dev];
	for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++)
		if (fx->l.ifc[fx->a.ifr[i].ifc].number == number)
			return &fx->a.ifr[i];
	fail_msg("interface %u not analysed", number);
	return NULL;
}

static bool has_finding(const struct fixture *fx, size_t dev, const char *code, const char *needle)
{
	const struct usb_dev_report *dr = &fx->a.dev[dev];
	for (size_t i = dr->f_first; i < (size_t)dr->f_first + dr->f_count; i++)
		if ((!code || !strcmp(fx->a.find[i].code, code)) &&
		    (!needle || strstr(fx->a.find[i].text, needle)))
			return true;
	return false;
}

/* ---- published listings ------------------------------------------------ */

/* "number:function:verdict" for each interface of each modem device,
 * devices separated by '|'. */
struct listing_case {
	const char *file, *kernel;
	const char *ids;        /* "vvvv:pppp" of the first modem, or NULL */
	const char *expect;
	int problems;           /* > 0 problems expected, 0 none */
};

static const struct listing_case cases[] = {
	{ "sierra_mc7455_seed.txt", "4.4.50", "1199:9071",
	  "0:diag:ok 2:nmea:ok 3:modem:ok 8:qmi:unbound", 1 },
	{ "sierra_mc7455_seed.txt", "4.14.95", "1199:9071",
	  "0:diag:ok 2:nmea:ok 3:modem:ok 8:qmi:unbound", 1 },
	{ "huawei_1506_wiki.txt", "4.4.50", "12d1:1506", "0:at:ok 1:qmi:ok 2:qmi:ok", 0 },
	{ "seed_whole_post.txt", "4.4.50", "1199:9071",
	  "0:diag:ok 2:nmea:ok 3:modem:ok 8:qmi:unbound|0:at:ok 1:qmi:ok 2:qmi:ok", 1 },
	{ "quectel_ep06e_openwrt_wiki.txt", "5.10", "2c7c:0306",
	  "0:diag:ok 1:nmea:ok 2:at:ok 3:modem:ok 4:qmi:ok", 0 },
	{ "quectel_ec25_android.txt", "5.4", "2c7c:0125",
	  "0:diag:ok 1:nmea:ok 2:at:ok 3:modem:ok 4:qmi:ok", 0 },
	{ "quectel_ec25af_ecm_option.txt", "5.8", "2c7c:0125",
	  "0:diag:ok 1:nmea:ok 2:at:ok 3:modem:ok 4:ecm:unbound 5:ecm:wrong-driver", 1 },
	{ "quectel_rm520n.txt", "5.15", "2c7c:0801",
	  "0:diag:ok 1:nmea:ok 2:at:ok 3:modem:ok 4:qmi:ok", 0 },
	{ "quectel_em160r_unbound.txt", "5.10", "2c7c:0620",
	  "0:diag:unbound 1:nmea:unbound 2:at:unbound 3:modem:unbound 4:qmi:unbound", 1 },
	{ "dell_dw5821e.txt", "5.4", "413c:81d7",
	  "0:qmi:ok 1:hid:ok 2:at:ok 3:at:ok 4:nmea:ok 5:diag:ok|0:diag:ok 1:qmi:ok 2:at:ok 3:at:ok 4:nmea:ok", 0 },
	{ "telit_fn912.txt", "6.10", "1bc7:3000",
	  "0:qmi:ok 1:at:ok 2:at:ok 3:diag:ok|0:qmi:ok 1:at:ok 2:diag:ok 3:trace:ok 4:adb:ok", 0 },
	{ "telit_ln940_oneline.txt", "5.4", NULL,
	  "0:diag:ok 1:qmi:ok 2:at:ok 3:at:ok 4:at:ok", 0 },
	{ "qualcomm_mdm9600_openwrt.txt", "5.4", "05c6:6000",
	  "0:qmi:unbound 1:at:unbound 2:at:unbound 3:at:unbound 4:storage:ok", 1 },
	{ "sierra_em7565_mbim.txt", "5.15", "1199:9091",
	  "0:diag:ok 2:nmea:ok 3:modem:ok 12:mbim:ok 13:mbim:ok", 0 },
	{ "cinterion_mv31_mbim_table.txt", "5.15", "1e2d:00b3",
	  "0:mbim:ok 1:mbim:ok 2:at:ok 3:unknown:unknown", 0 },
	{ "quectel_ec200a_ecm.txt", "5.15", "2c7c:6005", "0:ecm:ok 1:ecm:ok 2:at:unbound", 1 },
	{ "quectel_rm500u_cnv.txt", "6.6", "2c7c:0900",
	  "0:rndis:unbound 1:rndis:unbound 2:at:unbound 3:at:unbound 4:at:unbound 5:at:unbound 6:at:unbound", 1 },
	{ "zte_mf833u1_markdown.txt", "5.4", "19d2:1405", "0:ecm:ok 1:ecm:ok", 0 },
	{ "yuga_clm920_nc5.txt", "6.1", "05c6:9625", "0:diag:ok 1:adb:ok 2:at:ok", 0 },
	{ "meig_slm720.txt", "4.14", "2dee:4d07",
	  "0:diag:unbound 1:at:ok 2:at:ok 3:at:ok 4:adb:ok 5:qmi:unbound", 1 },
	{ "huawei_e3372_hilink.txt", "4.14", "12d1:14dc", "0:ecm:ok 1:ecm:ok 2:storage:unbound", 0 },
	{ "fibocom_l850gl_mbim_acm.txt", "5.15", "2cb7:0007",
	  "0:mbim:ok 1:mbim:ok 2:at:ok 3:at:ok 4:at:ok 5:at:ok", 0 },
	{ "huawei_e3372s_ncm_indented.txt", "3.18", "12d1:15b6",
	  "0:at:ok 1:modem:ok 2:ncm:ok 3:storage:ok 4:storage:ok", 0 },
	/* Classes of issue 13: DirectIP, install disk, boot loader, phone. */
	{ "sierra_mc7710_directip.txt", "6.1", "1199:68a3",
	  "0:diag:ok 2:at:ok 3:at:ok 4:at:ok 7:net:ok", 0 },
	{ "huawei_e3372_storage_1f01.txt", "6.1", "12d1:1f01",
	  "0:storage:needs-mode-switch 1:storage:needs-mode-switch", 1 },
	{ "sierra_em7305_qdl_9062.txt", "6.1", "1199:9062", "0:download:ok", 1 },
	{ "google_nexus_one_rndis.txt", "6.1", "18d1:4e13", "0:rndis:ok 1:rndis:ok 2:adb:ok", 0 },
	/* Other input formats: lsusb -v (no drivers) and lsusb -t (no ids). */
	{ "sierra_mc7750_lsusb_v.txt", "6.1", "1199:68a2",
	  "0:diag:unknown 2:nmea:unknown 3:modem:unknown 8:qmi:unknown", 0 },
	{ "huawei_e3533_lsusb_t.txt", "6.1", NULL, "0:ecm:ok 1:ecm:ok", 0 },
};

static void published_listings(void **state)
{
	unsigned total = 0, wrong = 0, files = 0;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct listing_case *lc = &cases[c];
		struct fixture *fx = analyse_file(lc->file, lc->kernel);
		if (lc->ids) {
			char ids[16];
			const struct usb_device *d = &fx->l.dev[fx->a.dev[0].dev];
			snprintf(ids, sizeof(ids), "%04x:%04x", d->vid, d->pid);
			if (strcmp(ids, lc->ids))
				fail_msg("%s: first modem is %s, expected %s", lc->file, ids, lc->ids);
		}
		size_t dev = 0;
		const char *p = lc->expect;
		while (*p) {
			unsigned num;
			char fn[16], verdict[24];
			int used = 0;
			if (sscanf(p, "%u:%15[a-z]:%23[a-z-]%n", &num, fn, verdict, &used) != 3)
				fail_msg("bad expectation '%s'", p);
			const struct usb_if_report *r = iface(fx, dev, num);
			total++;
			if (strcmp(usb_fn_name((enum usb_fn)r->fn), fn) ||
			    strcmp(usb_verdict_name((enum usb_verdict)r->verdict), verdict)) {
				wrong++;
				print_message("MISS %s dev %zu if %u: got %s/%s, expected %s/%s (%s)\n", lc->file, dev,
					      num, usb_fn_name((enum usb_fn)r->fn),
					      usb_verdict_name((enum usb_verdict)r->verdict), fn, verdict, r->reason);
			}
			p += used;
			if (*p == '|')
				dev++;
			while (*p == ' ' || *p == '|')
				p++;
		}
		if (dev + 1 != fx->a.n_dev)
			fail_msg("%s: %zu modems analysed, expected %zu", lc->file, fx->a.n_dev, dev + 1);
		if ((fx->a.problems > 0) != (lc->problems > 0))
			fail_msg("%s: %d problems, expected %s", lc->file, fx->a.problems,
				 lc->problems ? "some" : "none");
		free(fx);
		files++;
	}
	/* The listings come from forums, mailing lists and bug trackers; the
	 * tables from the kernel sources: none of them was tuned on these. */
	print_message("per-interface accuracy on %u published listings: %u of %u interfaces right (%.1f%%)\n",
		      files, total - wrong, total, total ? 100.0 * (total - wrong) / total : 0.0);
	assert_int_equal(wrong, 0);
}

/* ---- the untuned corpus ---------------------------------------------------
 *
 * tests/data/usb/untuned/ holds listings posted by users and in kernel patch
 * mails that were added after the tables and the doctor were written, and
 * nothing was changed to fit them. Two ways of judging an interface:
 *
 * - A file with "# label if=N role=R driver=D basis: ..." lines was labelled
 *   by hand from the listing and its source text (the basis says how). Only
 *   the labelled interfaces count: the doctor must give a role among R
 *   ("at|modem": any of them; "?": the source does not say, not judged) and
 *   expect driver D ("-": the listing shows no kernel binding to judge by).
 * - Any other file: every interface where the listing shows a kernel driver
 *   counts; the doctor must name a role (not "unknown") and expect the
 *   driver the kernel bound.
 *
 * The figure is reported, not held to a threshold: it is the honest measure
 * of how the doctor does on listings it never saw. */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool same_driver(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return !*a && !*b;
}

struct label {
	unsigned ifnum;
	char roles[64];         /* "at|modem", "?" */
	char driver[32];        /* "-" */
};

/* The "# label" lines of a listing; returns how many. */
static size_t read_labels(const char *text, struct label *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, "# label if=")) && n < cap; p++) {
		struct label *l = &out[n];
		if (sscanf(p, "# label if=%u role=%63s driver=%31s", &l->ifnum, l->roles, l->driver) == 3)
			n++;
	}
	return n;
}

static bool role_in(const char *roles, const char *fn)
{
	if (!strcmp(roles, "?"))
		return true;
	size_t k = strlen(fn);
	for (const char *p = roles; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == k && !memcmp(p, fn, k))
			return true;
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

struct tally {
	unsigned total, right;
};

static void untuned_labelled(const char *name, const struct fixture *fx, const struct label *lb, size_t nl,
			     struct tally *t)
{
	for (size_t j = 0; j < nl; j++) {
		const struct usb_if_report *r = NULL;
		for (size_t di = 0; di < fx->a.n_dev && !r; di++) {
			const struct usb_dev_report *dr = &fx->a.dev[di];
			for (size_t k = dr->if_first; k < (size_t)dr->if_first + dr->if_count; k++)
				if (fx->l.ifc[fx->a.ifr[k].ifc].number == lb[j].ifnum) {
					r = &fx->a.ifr[k];
					break;
				}
		}
		t->total++;
		const char *fn = r ? usb_fn_name((enum usb_fn)r->fn) : "not analysed";
		bool role = r && (r->fn != USB_FN_UNKNOWN || !strcmp(lb[j].roles, "?")) && role_in(lb[j].roles, fn);
		bool drv = r && (!strcmp(lb[j].driver, "-") || (r->expected && same_driver(r->expected, lb[j].driver)));
		if (role && drv) {
			t->right++;
			continue;
		}
		print_message("untuned MISS %s if %u: labelled %s/%s; doctor says %s, expects %s (%s)\n", name,
			      lb[j].ifnum, lb[j].roles, lb[j].driver, fn, r && r->expected ? r->expected : "no driver",
			      r ? r->reason : "-");
	}
}

static void untuned_bound(const char *name, const struct fixture *fx, struct tally *t, unsigned *unbound)
{
	for (size_t di = 0; di < fx->a.n_dev; di++) {
		const struct usb_dev_report *dr = &fx->a.dev[di];
		for (size_t k = dr->if_first; k < (size_t)dr->if_first + dr->if_count; k++) {
			const struct usb_if_report *r = &fx->a.ifr[k];
			const struct usb_iface *f = &fx->l.ifc[r->ifc];
			/* Only what the kernel showed counts: no driver, or
			 * user space through usbfs, says nothing about it. */
			if (!f->driver[0] || !strcmp(f->driver, "usbfs")) {
				(*unbound)++;
				continue;
			}
			t->total++;
			bool role = r->fn != USB_FN_UNKNOWN;
			bool drv = r->expected && same_driver(r->expected, f->driver);
			if (role && drv) {
				t->right++;
				continue;
			}
			print_message("untuned MISS %s if %u: bound %s; doctor says %s, expects %s (%s)\n", name,
				      f->number, f->driver, usb_fn_name((enum usb_fn)r->fn),
				      r->expected ? r->expected : "no driver", r->reason);
		}
	}
}

/* The corpus judged as from a kernel of the given version (the kernel
 * tables of that version: usb_kid_table_for). */
static void untuned_run(const char *kernel)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/usb/untuned", TEST_DATA_DIR);
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	char *names[128];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 128) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".txt"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	assert_true(n >= 8);

	struct tally bound = { 0, 0 }, labelled = { 0, 0 };
	unsigned unbound = 0, nlab_files = 0;
	for (size_t i = 0; i < n; i++) {
		char rel[160];
		snprintf(rel, sizeof(rel), "untuned/%s", names[i]);
		size_t len;
		char *text = slurp(rel, &len);
		struct label lb[32];
		size_t nl = read_labels(text, lb, 32);
		struct fixture *fx = analyse_text_or_null(text, len, kernel);
		free(text);
		if (!fx) {
			/* The doctor found no listing: every labelled interface is
			 * missed (an unlabelled file must parse). */
			assert_true(nl > 0);
			nlab_files++;
			for (size_t j = 0; j < nl; j++)
				print_message("untuned MISS %s if %u: labelled %s/%s; no listing found in the file\n",
					      names[i], lb[j].ifnum, lb[j].roles, lb[j].driver);
			labelled.total += (unsigned)nl;
			free(names[i]);
			continue;
		}
		if (nl) {
			nlab_files++;
			untuned_labelled(names[i], fx, lb, nl, &labelled);
		} else {
			assert_true(fx->a.n_dev > 0);
			untuned_bound(names[i], fx, &bound, &unbound);
		}
		free(fx);
		free(names[i]);
	}
	assert_true(bound.total > 0 && labelled.total > 0);
	unsigned total = bound.total + labelled.total, right = bound.right + labelled.right;
	print_message("untuned corpus, by bound driver: %zu listings, %u of %u interfaces right (%.1f%%); "
		      "%u interfaces without a kernel driver not counted\n",
		      n - nlab_files, bound.right, bound.total, 100.0 * bound.right / bound.total, unbound);
	print_message("untuned corpus, hand-labelled: %u listings, %u of %u interfaces right (%.1f%%)\n", nlab_files,
		      labelled.right, labelled.total, 100.0 * labelled.right / labelled.total);
	print_message("untuned corpus, whole: %zu listings, %u of %u interfaces right (%.1f%%) [kernel %s, tables %s]\n",
		      n, right, total, 100.0 * right / total, kernel,
		      usb_kid_versions[usb_kid_table_for(true, (unsigned)atoi(kernel),
							 (unsigned)atoi(strchr(kernel, '.') + 1))].kernel);
}

static void untuned_corpus(void **state)
{
	(void)state;
	untuned_run("6.1");
}

/* The same listings against the newer kernel tables: what they change. */
static void untuned_corpus_612(void **state)
{
	(void)state;
	untuned_run("6.12");
}

/* Blind round 7 (an EM7345 laptop's lsusb -t): "Class=Wireless" is only the
 * class e0; the USB class codes put Bluetooth at e0/01/01 and RNDIS at
 * e0/01/03. A Bluetooth adapter held by btusb is no modem function, while
 * an e0 interface held by rndis_host stays RNDIS. */
static void lsusb_t_bluetooth_is_not_rndis(void **state)
{
	(void)state;
	const char *t = "Bus 002 Device 002: ID 1199:a001 Sierra Wireless, Inc.\n"
			"Bus 002 Device 004: ID 8087:07dc Intel Corp.\n"
			"Bus 002 Device 005: ID 1e0e:9011 SimTech\n"
			"/:  Bus 02.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/9p, 480M\n"
			"    |__ Port 4: Dev 2, If 0, Class=Communications, Driver=cdc_mbim, 480M\n"
			"    |__ Port 4: Dev 2, If 1, Class=CDC Data, Driver=cdc_mbim, 480M\n"
			"    |__ Port 7: Dev 4, If 0, Class=Wireless, Driver=btusb, 12M\n"
			"    |__ Port 7: Dev 4, If 1, Class=Wireless, Driver=btusb, 12M\n"
			"    |__ Port 8: Dev 5, If 0, Class=Wireless, Driver=rndis_host, 480M\n"
			"    |__ Port 8: Dev 5, If 1, Class=CDC Data, Driver=rndis_host, 480M\n";
	struct fixture *fx = analyse_text(t, strlen(t), "6.1");
	for (size_t i = 0; i < fx->a.n_dev; i++) {
		const struct usb_device *d = &fx->l.dev[fx->a.dev[i].dev];
		assert_false(d->have_ids && d->vid == 0x8087);
	}
	bool rndis = false;
	for (size_t i = 0; i < fx->a.n_dev; i++) {
		const struct usb_device *d = &fx->l.dev[fx->a.dev[i].dev];
		if (d->have_ids && d->vid == 0x1e0e) {
			assert_int_equal(iface(fx, i, 0)->fn, USB_FN_RNDIS);
			assert_string_equal(iface(fx, i, 0)->expected, "rndis_host");
			rndis = true;
		}
	}
	assert_true(rndis);
	free(fx);
}

/* Blind round 7: the MBIM-to-QMI switch (Sierra's AT!USBCOMP, Quectel's
 * usbnet) is offered only for ids qmi_wwan or qcserial list, the vendors'
 * Qualcomm-based modules; an Intel-based Sierra EM7345 (1199:a001) has no
 * QMI to switch to, an EM7455 (1199:9071) has. */
static void mbim_to_qmi_only_for_qualcomm_ids(void **state)
{
	(void)state;
	const char *t = "Bus 002 Device 002: ID 1199:a001 Sierra Wireless, Inc.\n"
			"/:  Bus 02.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/9p, 480M\n"
			"    |__ Port 4: Dev 2, If 0, Class=Communications, Driver=cdc_mbim, 480M\n"
			"    |__ Port 4: Dev 2, If 1, Class=CDC Data, Driver=cdc_mbim, 480M\n"
			"    |__ Port 4: Dev 2, If 2, Class=Communications, Driver=cdc_acm, 480M\n"
			"    |__ Port 4: Dev 2, If 3, Class=CDC Data, Driver=cdc_acm, 480M\n";
	struct fixture *fx = analyse_text(t, strlen(t), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_MBIM);
	assert_false(has_finding(fx, 0, "mbim-to-qmi", NULL));
	free(fx);
	const char *u = "Bus 001 Device 012: ID 1199:9071 Sierra Wireless, Inc.\n"
			"/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/9p, 480M\n"
			"    |__ Port 2: Dev 12, If 0, Class=Vendor Specific Class, Driver=qcserial, 480M\n"
			"    |__ Port 2: Dev 12, If 3, Class=Vendor Specific Class, Driver=qcserial, 480M\n"
			"    |__ Port 2: Dev 12, If 12, Class=Communications, Driver=cdc_mbim, 480M\n"
			"    |__ Port 2: Dev 12, If 13, Class=CDC Data, Driver=cdc_mbim, 480M\n";
	fx = analyse_text(u, strlen(u), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_true(has_finding(fx, 0, "mbim-to-qmi", "AT!USBCOMP"));
	free(fx);
}

/* The general fixes the hand-labelled corpus led to, each on its own. */
static void lsusb_t_ids_and_classes(void **state)
{
	/* Ids from plain lsusb beside the tree, matched by bus and device. */
	const char *t1 = "Bus 001 Device 002: ID 2c7c:0125 Quectel EC25\n"
			 "/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=xhci-hcd/1p, 480M\n"
			 "    |__ Port 1: Dev 2, If 0, Class=Vendor Specific Class, Driver=option, 480M\n"
			 "    |__ Port 1: Dev 2, If 4, Class=Communications, Driver=cdc_ether, 480M\n";
	struct fixture *fx = analyse_text(t1, strlen(t1), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	const struct usb_device *d = &fx->l.dev[fx->a.dev[0].dev];
	assert_true(d->have_ids && d->vid == 0x2c7c && d->pid == 0x0125);
	/* Without subclass or protocol the row that fits is the one the
	 * kernel chose: option, not "no driver". */
	assert_string_equal(iface(fx, 0, 0)->expected, "option");
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_DIAG);
	free(fx);

	/* Ids from the kernel's "New USB device found" by the tree's port path. */
	const char *t2 = "usb 1-1.4: New USB device found, idVendor=2c7c, idProduct=0121\n"
			 "/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=dwc_otg/1p, 480M\n"
			 "    |__ Port 1: Dev 2, If 0, Class=Hub, Driver=hub/4p, 480M\n"
			 "        |__ Port 3: Dev 6, If 0, Class=Mass Storage, Driver=usb-storage, 480M\n"
			 "        |__ Port 4: Dev 7, If 4, Class=Vendor Specific Class, Driver=qmi_wwan, 480M\n"
			 "        |__ Port 4: Dev 7, If 2, Class=Vendor Specific Class, Driver=, 480M\n"
			 "        |__ Port 4: Dev 7, If 0, Class=Vendor Specific Class, Driver=, 480M\n"
			 "        |__ Port 4: Dev 7, If 1, Class=Vendor Specific Class, Driver=, 480M\n"
			 "        |__ Port 4: Dev 7, If 3, Class=Vendor Specific Class, Driver=, 480M\n";
	fx = analyse_text(t2, strlen(t2), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	d = &fx->l.dev[fx->a.dev[0].dev];
	assert_true(d->have_ids && d->vid == 0x2c7c && d->pid == 0x0121);
	assert_int_equal(iface(fx, 0, 2)->fn, USB_FN_AT);
	assert_int_equal(iface(fx, 0, 4)->fn, USB_FN_QMI);
	free(fx);

	/* A tree and its lsusb lines pasted without line breaks. */
	const char *t4 = "Bus 001 Device 003: ID 0451:bef3 TI Bus 001 Device 004: ID 12d1:1596 Huawei\n"
			 "/: Bus 01.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/1p, 480M |__ Port 1: Dev 2, If 0, "
			 "Class=Hub, Driver=hub/4p, 480M |__ Port 4: Dev 4, If 1, Class=Vendor Specific Class, "
			 "Driver=option, 480M |__ Port 4: Dev 4, If 0, Class=Vendor Specific Class, Driver=option, 480M\n";
	fx = analyse_text(t4, strlen(t4), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	d = &fx->l.dev[fx->a.dev[0].dev];
	assert_true(d->have_ids && d->vid == 0x12d1 && d->pid == 0x1596);
	assert_string_equal(iface(fx, 0, 1)->expected, "option");
	free(fx);

	/* lsusb numbers the stick differently from the tree (it re-enumerated):
	 * the only line and the only device left unmatched are paired, and
	 * the report says so; with two candidates nothing is paired. */
	const char *t5 = "Bus 001 Device 001: ID 1d6b:0002 root\nBus 001 Device 004: ID 1c9e:f000 stick\n"
			 "/:  Bus 001.Port 001: Dev 001, Class=root_hub, Driver=xhci-mtk/1p, 480M\n"
			 "    |__ Port 001: Dev 003, If 0, Class=Mass Storage, Driver=[none], 480M\n";
	fx = analyse_text(t5, strlen(t5), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	d = &fx->l.dev[fx->a.dev[0].dev];
	assert_true(d->have_ids && d->vid == 0x1c9e && d->pid == 0xf000);
	assert_true(has_finding(fx, 0, "ids-paired", "Bus 001 Device 004 (1c9e:f000)"));
	assert_int_equal(iface(fx, 0, 0)->verdict, USB_V_MODESWITCH);
	free(fx);
	const char *t6 = "Bus 001 Device 004: ID 1c9e:f000 stick\nBus 001 Device 005: ID 19d2:1405 other\n"
			 "/:  Bus 001.Port 001: Dev 001, Class=root_hub, Driver=xhci-mtk/1p, 480M\n"
			 "    |__ Port 001: Dev 003, If 0, Class=Mass Storage, Driver=[none], 480M\n";
	struct usb_listing *ul = calloc(1, sizeof(*ul));
	assert_non_null(ul);
	assert_true(usb_listing_parse(ul, t6, strlen(t6)) > 0);
	for (size_t i = 0; i < ul->n_dev; i++)
		assert_false(ul->dev[i].have_ids && ul->dev[i].devnum == 3);
	free(ul);

	/* "Class=," everywhere: the driver tells the class, and a modem's
	 * serial driver makes the device a modem even without ids. */
	const char *t3 = "/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=musb-hdrc/1p, 480M\n"
			 "    |__ Port 3: Dev 8, If 0, Class=, Driver=option, 480M\n"
			 "    |__ Port 3: Dev 8, If 1, Class=, Driver=option, 480M\n";
	fx = analyse_text(t3, strlen(t3), "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(fx->l.ifc[iface(fx, 0, 1)->ifc].cls, 0xff);
	assert_string_equal(iface(fx, 0, 1)->expected, "option");
	assert_int_equal(iface(fx, 0, 1)->verdict, USB_V_UNKNOWN);
	assert_true(has_finding(fx, 0, "no-data-path", "does not tell which is the AT/PPP port"));
	free(fx);
}

static void install_disk_expectations(void **state)
{
	/* An id only usb-modeswitch-data knows (no modem vendor, not in the
	 * knowledge table) is still reported as an install disk, and
	 * usb-storage is the right holder until the switch. */
	struct fixture *fx = analyse_file("untuned/quanta_1k3m_ea25_storage_openwrt.txt", "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 0)->verdict, USB_V_MODESWITCH);
	assert_string_equal(iface(fx, 0, 0)->expected, "usb-storage");
	free(fx);
	/* Two interchangeable serial modem drivers: the one holding the port
	 * is what it expects, the tables' choice stays in the reason. */
	fx = analyse_file("untuned/sierra_em9191_90d3.txt", "6.1");
	assert_string_equal(iface(fx, 0, 3)->expected, "qcserial");
	assert_int_equal(iface(fx, 0, 3)->verdict, USB_V_OK);
	assert_non_null(strstr(iface(fx, 0, 3)->reason, "option is the usual driver"));
	free(fx);
}

static void switched_mode_id(void **state)
{
	/* usb-modeswitch-data's 04cc:2251 (Alcatel-Lucent ABS-T920) switches
	 * to 04cc:2259 or 226e: those ids are the modem's own mode, from a
	 * vendor the doctor does not count as a modem vendor. */
	const struct usb_ms *m = usb_ms_switched_from(0x04cc, 0x2259);
	assert_non_null(m);
	assert_int_equal(m->pid, 0x2251);
	assert_non_null(usb_ms_switched_from(0x04cc, 0x226e));
	assert_null(usb_ms_switched_from(0x04cc, 0x2258));
	assert_null(usb_ms_switched_from(0x04cc, 0x2251)); /* the disk itself */
	/* A CDC ACM port beside a disk: reported under the switched id, and
	 * not under another id of the same vendor (a board's serial port
	 * with a drag-and-drop disk looks the same). */
	static const char fmt[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  3 Spd=480  MxCh= 0\n"
		"P:  Vendor=04cc ProdID=%s Rev= 1.00\n"
		"C:* #Ifs= 3 Cfg#= 2 Atr=c0 MxPwr=500mA\n"
		"I:* If#= 0 Alt= 0 #EPs= 2 Cls=08(stor.) Sub=06 Prot=50 Driver=usb-storage\n"
		"I:* If#= 1 Alt= 0 #EPs= 1 Cls=02(comm.) Sub=02 Prot=01 Driver=cdc_acm\n"
		"I:* If#= 2 Alt= 0 #EPs= 2 Cls=0a(data ) Sub=00 Prot=00 Driver=cdc_acm\n";
	char t[1024];
	int n = snprintf(t, sizeof(t), fmt, "2259");
	struct fixture *fx = analyse_text(t, (size_t)n, "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 1)->fn, USB_FN_AT);
	assert_string_equal(iface(fx, 0, 1)->expected, "cdc_acm");
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_STORAGE);
	free(fx);
	n = snprintf(t, sizeof(t), fmt, "2258");
	fx = analyse_text(t, (size_t)n, "6.1");
	assert_int_equal(fx->a.n_dev, 0);
	free(fx);
}

static void round4_general_fixes(void **state)
{
	/* RNDIS in its misc-class dress (ef/04/01, a row of rndis_host's
	 * table) is a class network function: a phone that announces it is
	 * reported, with rndis_host expected. */
	static const char phone[] =
		"T:  Bus=02 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#= 27 Spd=480 MxCh= 0\n"
		"P:  Vendor=22b8 ProdID=2e24 Rev= 4.19\n"
		"C:* #Ifs= 2 Cfg#= 1 Atr=80 MxPwr=500mA\n"
		"I:* If#= 0 Alt= 0 #EPs= 1 Cls=ef(misc ) Sub=04 Prot=01 Driver=(none)\n"
		"I:* If#= 1 Alt= 0 #EPs= 2 Cls=0a(data ) Sub=00 Prot=00 Driver=(none)\n";
	struct fixture *fx = analyse_text(phone, sizeof(phone) - 1, "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_RNDIS);
	assert_string_equal(iface(fx, 0, 0)->expected, "rndis_host");
	free(fx);

	/* A tree without ids: the network driver holding a vendor-specific
	 * interface names its function. */
	static const char tree[] =
		"/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=dwc_otg/1p, 480M\n"
		"    |__ Port 4: Dev 7, If 0, Class=Vendor Specific Class, Driver=qcserial, 480M\n"
		"    |__ Port 4: Dev 7, If 4, Class=Vendor Specific Class, Driver=qmi_wwan, 480M\n";
	fx = analyse_text(tree, sizeof(tree) - 1, "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 4)->fn, USB_FN_QMI);
	assert_string_equal(iface(fx, 0, 4)->expected, "qmi_wwan");
	assert_int_equal(iface(fx, 0, 4)->verdict, USB_V_OK);
	free(fx);

	/* Records echoed under bash's set -x, every word quoted. */
	static const char trace[] =
		"+ echo T: 'Bus=01' 'Lev=01' 'Dev#=' 4 P: 'Vendor=2c7c' 'ProdID=0125' 'Rev=' 3.18 'C:*' '#Ifs=' 2 "
		"'Cfg#=' 1 'I:*' 'If#=' 3 'Alt=' 0 '#EPs=' 3 'Cls=ff(vend.)' 'Sub=00' 'Prot=00' 'Driver=option' "
		"'I:*' 'If#=' 4 'Alt=' 0 '#EPs=' 3 'Cls=ff(vend.)' 'Sub=ff' 'Prot=ff' 'Driver=qmi_wwan'\n";
	fx = analyse_text(trace, sizeof(trace) - 1, "6.1");
	assert_int_equal(fx->l.dev[0].pid, 0x0125);
	assert_int_equal(iface(fx, 0, 4)->fn, USB_FN_QMI);
	assert_string_equal(fx->l.ifc[iface(fx, 0, 3)->ifc].driver, "option");
	free(fx);
}

/* Round 6: one vendor interface with several bulk pairs is a multi-port
 * serial interface (sierra makes (endpoints - 1) / 2 ttys of it), not QMI,
 * whose function has one interrupt endpoint and one bulk pair. */
static void multiport_serial_not_qmi(void **state)
{
	/* Endpoints listed: an interrupt endpoint and three bulk pairs, unbound. */
	static const char listed[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#= 60 Spd=12  MxCh= 0\n"
		"P:  Vendor=1199 ProdID=6855 Rev=00.02\n"
		"C:* #Ifs= 1 Cfg#= 1 Atr=a0 MxPwr=500mA\n"
		"I:* If#= 0 Alt= 0 #EPs= 7 Cls=ff(vend.) Sub=ff Prot=ff Driver=(none)\n"
		"E:  Ad=81(I) Atr=03(Int.) MxPS=  16 Ivl=128ms\n"
		"E:  Ad=82(I) Atr=02(Bulk) MxPS=  64 Ivl=0ms\n"
		"E:  Ad=02(O) Atr=02(Bulk) MxPS=  64 Ivl=0ms\n"
		"E:  Ad=84(I) Atr=02(Bulk) MxPS=  64 Ivl=0ms\n"
		"E:  Ad=04(O) Atr=02(Bulk) MxPS=  64 Ivl=0ms\n"
		"E:  Ad=85(I) Atr=02(Bulk) MxPS=  64 Ivl=0ms\n"
		"E:  Ad=05(O) Atr=02(Bulk) MxPS=  64 Ivl=0ms\n";
	struct fixture *fx = analyse_text(listed, sizeof(listed) - 1, "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_AT);
	assert_string_equal(iface(fx, 0, 0)->expected, "sierra");
	free(fx);

	/* No E: lines, only #EPs=7, held by sierra (an HP hs2300): the
	 * declared count alone rules QMI out. */
	static const char declared[] =
		"T:  Bus=04 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=12  MxCh= 0\n"
		"P:  Vendor=03f0 ProdID=1e1d Rev=00.02\n"
		"C:  #Ifs= 1 Cfg#= 1 Atr=e0 MxPwr=0mA\n"
		"I:  If#= 0 Alt= 0 #EPs= 7 Cls=ff(vend.) Sub=ff Prot=ff Driver=sierra\n";
	fx = analyse_text(declared, sizeof(declared) - 1, "6.1");
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_AT);
	assert_string_equal(iface(fx, 0, 0)->expected, "sierra");
	assert_int_equal(iface(fx, 0, 0)->verdict, USB_V_OK);
	free(fx);

	/* Three endpoints (an interrupt endpoint and one bulk pair) stay QMI. */
	static const char qmi[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=480 MxCh= 0\n"
		"P:  Vendor=2c7c ProdID=0125 Rev= 3.18\n"
		"C:* #Ifs= 1 Cfg#= 1 Atr=a0 MxPwr=500mA\n"
		"I:* If#= 4 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=ff Prot=ff Driver=qmi_wwan\n";
	fx = analyse_text(qmi, sizeof(qmi) - 1, "6.1");
	assert_int_equal(iface(fx, 0, 4)->fn, USB_FN_QMI);
	assert_string_equal(iface(fx, 0, 4)->expected, "qmi_wwan");
	free(fx);
}

/* An lsusb -v copy cut before an interface's protocol line: the interface
 * association it opens names the function (ZUK Z2, round 4's miss). */
static void lsusb_v_association_fills_cut_protocol(void **state)
{
	static const char cut[] =
		"Bus 001 Device 006: ID 2b4c:1011\n"
		"Device Descriptor:\n"
		"  idVendor           0x2b4c\n"
		"  idProduct          0x1011\n"
		"  bNumConfigurations      1\n"
		"  Configuration Descriptor:\n"
		"    bNumInterfaces          3\n"
		"    bConfigurationValue     1\n"
		"    Interface Association:\n"
		"      bFirstInterface         0\n"
		"      bInterfaceCount         2\n"
		"      bFunctionClass        224 Wireless\n"
		"      bFunctionSubClass       1 Radio Frequency\n"
		"      bFunctionProtocol       3 RNDIS\n"
		"    Interface Descriptor:\n"
		"      bInterfaceNumber        0\n"
		"      bAlternateSetting       0\n"
		"      bNumEndpoints           1\n"
		"      bInterfaceClass       224 Wireless\n"
		"      bInterfaceSubClass      1 Radio\n";
	struct fixture *fx = analyse_text(cut, sizeof(cut) - 1, "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_RNDIS);
	assert_string_equal(iface(fx, 0, 0)->expected, "rndis_host");
	free(fx);

	/* A protocol line that is there wins over the association's. */
	static const char whole[] =
		"Bus 001 Device 006: ID 2b4c:1011\n"
		"Device Descriptor:\n"
		"  idVendor           0x2b4c\n"
		"  idProduct          0x1011\n"
		"  Configuration Descriptor:\n"
		"    bNumInterfaces          1\n"
		"    bConfigurationValue     1\n"
		"    Interface Association:\n"
		"      bFirstInterface         0\n"
		"      bFunctionClass        224 Wireless\n"
		"      bFunctionSubClass       1 Radio Frequency\n"
		"      bFunctionProtocol       3 RNDIS\n"
		"    Interface Descriptor:\n"
		"      bInterfaceNumber        0\n"
		"      bNumEndpoints           1\n"
		"      bInterfaceClass       224 Wireless\n"
		"      bInterfaceSubClass      1 Radio\n"
		"      bInterfaceProtocol      1 Bluetooth\n";
	struct usb_listing *l = malloc(sizeof(*l));
	assert_true(usb_listing_parse(l, whole, sizeof(whole) - 1) >= 0);
	assert_int_equal(l->n_if, 1);
	assert_int_equal(l->ifc[0].proto, 0x01);
	free(l);
}

/* Held out after round 6 (an MC7710 as 1199:683c): a QMI guess from the
 * shape alone yields when no network driver's table lists the id and the
 * interface is held by the serial driver the tables give it to. */
static void qmi_guess_yields_to_tables_and_binding(void **state)
{
	static const char sierra[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=02 Cnt=01 Dev#=  2 Spd=480 MxCh= 0\n"
		"P:  Vendor=1199 ProdID=683c Rev=00.06\n"
		"C:  #Ifs= 2 Cfg#= 1 Atr=e0 MxPwr=0mA\n"
		"I:  If#= 0 Alt= 0 #EPs= 2 Cls=ff(vend.) Sub=ff Prot=ff Driver=sierra\n"
		"I:  If#= 3 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=ff Prot=ff Driver=sierra\n";
	struct fixture *fx = analyse_text(sierra, sizeof(sierra) - 1, "6.1");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 3)->fn, USB_FN_AT);
	assert_string_equal(iface(fx, 0, 3)->expected, "sierra");
	assert_int_equal(iface(fx, 0, 3)->verdict, USB_V_OK);
	free(fx);

	/* Unbound, the shape's guess stands (the listing shows no binding). */
	static const char unbound[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=02 Cnt=01 Dev#=  2 Spd=480 MxCh= 0\n"
		"P:  Vendor=1199 ProdID=683c Rev=00.06\n"
		"C:  #Ifs= 1 Cfg#= 1 Atr=e0 MxPwr=0mA\n"
		"I:  If#= 3 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=ff Prot=ff Driver=(none)\n";
	fx = analyse_text(unbound, sizeof(unbound) - 1, "6.1");
	assert_int_equal(iface(fx, 0, 3)->fn, USB_FN_QMI);
	free(fx);

	/* An id qmi_wwan lists keeps its QMI interface, whoever holds it. */
	static const char ec25[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=480 MxCh= 0\n"
		"P:  Vendor=2c7c ProdID=0125 Rev= 3.18\n"
		"C:* #Ifs= 1 Cfg#= 1 Atr=a0 MxPwr=500mA\n"
		"I:* If#= 4 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=ff Prot=ff Driver=option\n";
	fx = analyse_text(ec25, sizeof(ec25) - 1, "6.1");
	assert_int_equal(iface(fx, 0, 4)->fn, USB_FN_QMI);
	assert_string_equal(iface(fx, 0, 4)->expected, "qmi_wwan");
	assert_int_equal(iface(fx, 0, 4)->verdict, USB_V_WRONG_DRIVER);
	free(fx);
}

static void ncm_without_mbim_alt(void **state)
{
	/* cdc_mbim's NCM class row wants an MBIM alternate setting; a plain
	 * NCM function (Huawei 155e) is cdc_ncm's. */
	struct fixture *fx = analyse_file("untuned/huawei_155e_ncm_3ginfo_trace.txt", "6.1");
	assert_int_equal(iface(fx, 0, 3)->fn, USB_FN_NCM);
	assert_string_equal(iface(fx, 0, 3)->expected, "cdc_ncm");
	assert_int_equal(iface(fx, 0, 3)->verdict, USB_V_OK);
	free(fx);
}

static void quectel_usbnet_hint(void **state)
{
	struct fixture *fx = analyse_file("quectel_ec25af_ecm_option.txt", "5.8");
	assert_true(has_finding(fx, 0, "quectel-usbnet", "AT+QCFG=\"usbnet\",N"));
	assert_true(has_finding(fx, 0, "interface-problem", "cdc_ether cannot bind because option holds its data interface 5"));
	assert_int_equal(fx->a.dev[0].sug[0].proto, USB_P_PPP);
	free(fx);
	fx = analyse_file("quectel_ec25_android.txt", "5.4");
	assert_false(has_finding(fx, 0, "quectel-usbnet", NULL));
	free(fx);
}

static void id_newer_than_kernel(void **state)
{
	struct fixture *fx = analyse_file("quectel_em160r_unbound.txt", "5.10.0");
	assert_non_null(strstr(iface(fx, 0, 4)->reason, "entered mainline qmi_wwan in Linux 5.11"));
	assert_non_null(strstr(iface(fx, 0, 0)->reason, "option1/new_id"));
	free(fx);
	fx = analyse_file("quectel_em160r_unbound.txt", "5.11.0");
	assert_null(strstr(iface(fx, 0, 4)->reason, "entered mainline"));
	free(fx);
}

/* An id that only the newer of the kernel tables has: the u-blox LARA-R6
 * 01B in RmNet mode (1546:1312), given to qmi_wwan by commit eaaacb085144
 * ("net: usb: qmi_wwan: add u-blox 0x1312 composition", v6.5), which
 * Debian's 6.1.192 does not carry. Linux 6.1's option has the id and
 * reserves interface 4 for it. */
static json_object *get(json_object *o, const char *key);

static void id_only_in_newer_tables(void **state)
{
	(void)state;
	bool qmi_61 = false, qmi_612 = false, option_61 = false;
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &usb_kid_table[i];
		if (usb_kid_vid_of(r) != 0x1546 || r->pid != 0x1312)
			continue;
		if (r->drv == USB_KD_QMI_WWAN) {
			qmi_61 |= r->since == 0;
			qmi_612 |= r->since <= 1 && r->until >= 1;
		}
		option_61 |= r->drv == USB_KD_OPTION && r->since == 0;
	}
	assert_int_equal(usb_kid_version_count, 2);
	assert_string_equal(usb_kid_versions[0].kernel, "6.1.192");
	assert_string_equal(usb_kid_versions[1].kernel, "6.12.117");
	assert_true(!qmi_61 && qmi_612 && option_61);
	/* Which tables a kernel is matched against. */
	assert_int_equal(usb_kid_table_for(true, 4, 4), 0);
	assert_int_equal(usb_kid_table_for(true, 6, 1), 0);
	assert_int_equal(usb_kid_table_for(true, 6, 6), 0);
	assert_int_equal(usb_kid_table_for(true, 6, 12), 1);
	assert_int_equal(usb_kid_table_for(true, 6, 18), 1);
	assert_int_equal(usb_kid_table_for(false, 0, 0), 1);

	/* The published listing, on Linux 6.12: every port where its driver
	 * puts it; the AT ports are AT ports (qmi_wwan's row for 4 says the
	 * network function is there), not QMI guesses. */
	static const char *const want[] = { "diag", "at", "at", "at", "qmi" };
	struct fixture *fx = analyse_file("ublox_lara_r6_01b_1312.txt", "6.12");
	for (unsigned n = 0; n < 5; n++) {
		const struct usb_if_report *r = iface(fx, 0, n);
		assert_string_equal(usb_fn_name((enum usb_fn)r->fn), want[n]);
		assert_string_equal(usb_verdict_name((enum usb_verdict)r->verdict), "ok");
		assert_string_equal(r->expected, n == 4 ? "qmi_wwan" : "option");
		assert_false(r->knewer);
	}
	assert_int_equal(fx->a.ktable, 1);
	free(fx);

	/* The same listing said to come from Linux 6.1: the roles stand, and
	 * qmi_wwan on 4 is right, from a kernel that has the id all the same. */
	fx = analyse_file("ublox_lara_r6_01b_1312.txt", "6.1");
	assert_int_equal(fx->a.ktable, 0);
	for (unsigned n = 0; n < 5; n++) {
		const struct usb_if_report *r = iface(fx, 0, n);
		assert_string_equal(usb_fn_name((enum usb_fn)r->fn), want[n]);
		assert_string_equal(usb_verdict_name((enum usb_verdict)r->verdict), "ok");
		assert_int_equal(r->knewer, n == 4);
	}
	assert_non_null(strstr(iface(fx, 0, 4)->reason, "Linux 6.1.192's qmi_wwan does not list 1546:1312"));
	assert_non_null(strstr(iface(fx, 0, 4)->kwhy, "line 1452 of 6.12.117"));
	assert_false(has_finding(fx, 0, "new-id-order", NULL));
	struct strbuf sb;
	sb_init(&sb);
	usb_report_json(&fx->l, &fx->a, &sb);
	json_object *root = json_tokener_parse(sb_str(&sb));
	assert_non_null(root);
	json_object *tables = get(root, "tables");
	assert_string_equal(json_object_get_string(get(tables, "kernel")), "6.1.192");
	assert_int_equal(json_object_array_length(get(tables, "versions")), 2);
	json_object *i4 = json_object_array_get_idx(get(json_object_array_get_idx(get(root, "devices"), 0), "interfaces"), 4);
	json_object *kt = get(i4, "kernel_tables");
	assert_string_equal(json_object_get_string(get(kt, "table")), "6.12.117");
	assert_true(json_object_get_boolean(get(kt, "newer_table")));
	json_object_put(root);
	sb_free(&sb);
	free(fx);

	/* Interface 4 as Linux 6.1 leaves it (the listing with nothing bound
	 * there): the id is missing from that kernel, 6.12 has it, and the way
	 * out is new_id for the running kernel or 6.12. */
	size_t len;
	char *text = slurp("ublox_lara_r6_01b_1312.txt", &len);
	char *q = strstr(text, "Driver=qmi_wwan");
	assert_non_null(q);
	memcpy(q, "Driver=(none)  ", 15);
	fx = analyse_text(text, len, "6.1");
	const struct usb_if_report *r = iface(fx, 0, 4);
	assert_string_equal(usb_verdict_name((enum usb_verdict)r->verdict), "unbound");
	assert_string_equal(r->expected, "qmi_wwan");
	assert_true(r->knewer && r->problem);
	assert_non_null(strstr(r->reason, "Linux 6.1's qmi_wwan does not list 1546:1312"));
	assert_non_null(strstr(r->reason, "Linux 6.12.117's lists it"));
	/* 6.12's row sets DTR, which a bare new id would not get: the line
	 * names a reference id whose rows in 6.1's tables all set it */
	uint16_t rv = 0, rp = 0;
	assert_true(usb_kid_dtr_reference(0, &rv, &rp));
	unsigned ref_rows = 0;
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *k = &usb_kid_table[i];
		if (k->drv != USB_KD_QMI_WWAN || usb_kid_vid_of(k) != rv || k->pid != rp || k->since > 0)
			continue;
		assert_int_equal(k->info, USB_KI_QMI_DTR);
		ref_rows++;
	}
	assert_true(ref_rows >= 1);
	char line[96];
	snprintf(line, sizeof(line), "echo '1546 1312 ff %04x %04x' > /sys/bus/usb/drivers/qmi_wwan/new_id", rv, rp);
	assert_non_null(strstr(r->reason, line));
	assert_non_null(strstr(r->reason, "set-DTR quirk"));
	assert_true(r->kdtr);
	assert_true(has_finding(fx, 0, "new-id-order", line + 5));
	assert_non_null(strstr(r->reason, "move to Linux 6.12 or later"));
	assert_true(has_finding(fx, 0, "new-id-order", "Linux 6.1 lacks this id; Linux 6.12.117's tables list it"));
	for (unsigned n = 0; n < 4; n++)
		assert_string_equal(usb_verdict_name((enum usb_verdict)iface(fx, 0, n)->verdict), "ok");
	free(fx);
	/* A kernel between the two tables may have it or not. */
	fx = analyse_text(text, len, "6.6");
	assert_non_null(strstr(iface(fx, 0, 4)->reason, "Linux 6.6's qmi_wwan may lack 1546:1312"));
	assert_true(has_finding(fx, 0, "new-id-order", "Linux 6.6 may lack this id"));
	free(fx);
	/* On Linux 6.12 the tables have it: the usual reasons, nothing about versions. */
	fx = analyse_text(text, len, "6.12");
	r = iface(fx, 0, 4);
	assert_false(r->knewer);
	assert_non_null(strstr(r->reason, "although Linux 6.12.117's qmi_wwan lists it"));
	assert_false(has_finding(fx, 0, "new-id-order", NULL));
	free(fx);
	free(text);
}

static void hubs_and_other_devices_are_skipped(void **state)
{
	struct fixture *fx = analyse_file("zte_mf833u1_markdown.txt", "5.4");
	assert_int_equal(fx->l.n_dev, 2);    /* root hub and modem */
	assert_int_equal(fx->a.n_dev, 1);
	free(fx);
	fx = analyse_file("yuga_clm920_nc5.txt", "6.1");
	assert_int_equal(fx->l.n_dev, 2);
	assert_int_equal(fx->a.n_dev, 1);
	free(fx);
}

/* ---- the seed ------------------------------------------------------------ */

static void seed_conclusion_text(void **state)
{
	struct fixture *fx = analyse_file("sierra_mc7455_seed.txt", "4.4.50");
	struct strbuf sb;
	sb_init(&sb);
	usb_report_text(&fx->l, &fx->a, &sb);
	const char *t = sb_str(&sb);
	static const char *const sentences[] = {
		"Interfaces 0, 2 and 3 are DIAG, NMEA and the AT/PPP modem port; qcserial drives them, as it should.",
		"Interface 8 is QMI. It stays unbound because the Sierra Wireless MC7455/MC7430 only supports raw-ip framing and qmi_wwan in Linux 4.4 supports only 802.3 framing (raw-ip arrived in Linux 4.5)",
		"run Linux 4.5 or later, or a kernel with the qmi_wwan raw-ip backport",
		"Until then, use PPP over the modem port: interface 3 (probably /dev/ttyUSB2).",
		"The remark \"Should be option\" next to interface 0 is mistaken",
		"uci set network.wwan.proto='3g'",
		"uci set network.wwan.device='/dev/ttyUSB2'",
		"uci set network.wwan.proto='qmi'",
		"uci set network.wwan.device='/dev/cdc-wdm0'",
		"uci set network.wwan.apn='<APN from your carrier>'",
		"uci set network.wwan.auth='none'",
		"# uci set network.wwan.username='<USERNAME>'",
		"# uci set network.wwan.password='<PASSWORD>'",
		"uci set network.wwan.pdptype='ipv4v6'",
		"option proto 'cellink'",
		"Problems found.",
	};
	for (size_t i = 0; i < sizeof(sentences) / sizeof(sentences[0]); i++)
		if (!strstr(t, sentences[i]))
			fail_msg("missing: %s\n--- output ---\n%s", sentences[i], t);
	/* 4.4, not 4.5, is wrong as the raw-ip version: never claim it. */
	assert_null(strstr(t, "raw-ip arrived in Linux 4.4"));
	assert_true(has_finding(fx, 0, "qmi-needs-raw-ip", NULL));
	assert_int_equal(fx->a.dev[0].n_sug, 2);
	assert_int_equal(fx->a.dev[0].sug[0].proto, USB_P_PPP);
	assert_int_equal(fx->a.dev[0].sug[1].proto, USB_P_QMI);
	sb_free(&sb);
	free(fx);

	/* The same modem on a kernel with raw-ip: not the raw-ip story. */
	fx = analyse_file("sierra_mc7455_seed.txt", "4.14.95");
	assert_false(has_finding(fx, 0, "qmi-needs-raw-ip", NULL));
	assert_true(has_finding(fx, 0, "qmi-not-usable", "qmi_wwan did not claim it"));
	assert_false(has_finding(fx, 0, "raw-ip-hint", NULL));
	free(fx);

	/* Without the listing's kernel, the raw-ip cause is offered as a hint. */
	size_t len;
	char *seed = slurp("sierra_mc7455_seed.txt", &len);
	fx = calloc(1, sizeof(*fx));
	assert_true(usb_listing_parse(&fx->l, seed, len) > 0);
	usb_kernel_parse(&fx->k, "6.6.0");
	fx->k.assumed = true;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_true(has_finding(fx, 0, "raw-ip-hint", "older than Linux 4.5"));
	free(fx);
	free(seed);
}

static void seed_huawei_is_healthy(void **state)
{
	struct fixture *fx = analyse_file("huawei_1506_wiki.txt", "4.4.50");
	assert_int_equal(fx->a.problems, 0);
	assert_true(has_finding(fx, 0, "use-qmi", "/dev/cdc-wdm0"));
	assert_int_equal(fx->a.dev[0].sug[0].proto, USB_P_QMI);
	assert_string_equal(fx->a.dev[0].sug[0].device, "/dev/cdc-wdm0");
	assert_false(fx->a.dev[0].sug[0].device_known);
	free(fx);
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no key %s", key);
	return v;
}

static void seed_json(void **state)
{
	struct fixture *fx = analyse_file("sierra_mc7455_seed.txt", "4.4.50");
	struct strbuf sb;
	sb_init(&sb);
	usb_report_json(&fx->l, &fx->a, &sb);
	json_object *root = json_tokener_parse(sb_str(&sb));
	assert_non_null(root);
	assert_string_equal(json_object_get_string(get(root, "kernel")), "4.4.50");
	json_object *devs = get(root, "devices");
	assert_int_equal(json_object_array_length(devs), 1);
	json_object *d = json_object_array_get_idx(devs, 0);
	assert_string_equal(json_object_get_string(get(d, "vendor_id")), "1199");
	assert_string_equal(json_object_get_string(get(d, "product_id")), "9071");
	assert_true(json_object_get_boolean(get(d, "raw_ip_only")));
	json_object *ifs = get(d, "interfaces");
	assert_int_equal(json_object_array_length(ifs), 4);
	json_object *i8 = json_object_array_get_idx(ifs, 3);
	assert_int_equal(json_object_get_int(get(i8, "number")), 8);
	assert_string_equal(json_object_get_string(get(i8, "class")), "ff");
	assert_string_equal(json_object_get_string(get(i8, "subclass")), "ff");
	assert_string_equal(json_object_get_string(get(i8, "protocol")), "ff");
	assert_string_equal(json_object_get_string(get(i8, "function")), "qmi");
	assert_true(json_object_get_type(get(i8, "driver")) == json_type_null);
	assert_string_equal(json_object_get_string(get(i8, "expected_driver")), "qmi_wwan");
	assert_string_equal(json_object_get_string(get(i8, "verdict")), "unbound");
	assert_non_null(strstr(json_object_get_string(get(i8, "reason")), "raw-ip"));
	assert_int_equal(json_object_array_length(get(i8, "endpoints")), 3);
	json_object *i0 = json_object_array_get_idx(ifs, 0);
	assert_string_equal(json_object_get_string(get(i0, "driver")), "qcserial");
	assert_string_equal(json_object_get_string(get(i0, "note")), "Should be option");
	assert_true(json_object_array_length(get(d, "findings")) >= 2);
	json_object *sc = get(d, "suggested_config");
	assert_string_equal(json_object_get_string(get(sc, "proto")), "3g");
	assert_true(json_object_get_type(get(sc, "cellink")) == json_type_null);
	json_object *later = get(d, "later_config");
	assert_string_equal(json_object_get_string(get(later, "proto")), "qmi");
	assert_true(json_object_get_type(get(later, "cellink")) == json_type_array);
	assert_true(json_object_get_int(get(root, "problems")) > 0);
	json_object_put(root);
	sb_free(&sb);
	free(fx);
}

/* Every published listing gives valid JSON with the documented keys. */
static void all_json_valid(void **state)
{
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct fixture *fx = analyse_file(cases[c].file, cases[c].kernel);
		struct strbuf sb;
		sb_init(&sb);
		usb_report_json(&fx->l, &fx->a, &sb);
		json_object *root = json_tokener_parse(sb_str(&sb));
		if (!root)
			fail_msg("%s: invalid JSON", cases[c].file);
		json_object *devs = get(root, "devices");
		for (size_t d = 0; d < json_object_array_length(devs); d++) {
			json_object *dv = json_object_array_get_idx(devs, d);
			json_object *ifs = get(dv, "interfaces");
			for (size_t i = 0; i < json_object_array_length(ifs); i++) {
				json_object *f = json_object_array_get_idx(ifs, i);
				const char *fn = json_object_get_string(get(f, "function"));
				const char *v = json_object_get_string(get(f, "verdict"));
				assert_non_null(strstr(" qmi mbim at modem diag nmea gnss adb ecm ncm rndis storage hid download trace net unknown ",
						       fn));
				assert_non_null(strstr(" ok wrong-driver unbound needs-mode-switch unknown ", v));
				get(f, "expected_driver");
				get(f, "reason");
			}
			get(dv, "findings");
			get(dv, "suggested_config");
		}
		json_object_put(root);
		sb_free(&sb);
		free(fx);
	}
}

/* ---- parser robustness --------------------------------------------------- */

static char *transform(const char *in, size_t len, const char *prefix, bool crlf, bool trailing,
		       size_t *outlen)
{
	char *out = malloc(len * 3 + 4096);
	assert_non_null(out);
	size_t o = 0;
	bool bol = true;
	for (size_t i = 0; i < len; i++) {
		if (bol) {
			memcpy(out + o, prefix, strlen(prefix));
			o += strlen(prefix);
			bol = false;
		}
		if (in[i] == '\n') {
			if (trailing)
				out[o++] = ' ', out[o++] = ' ', out[o++] = '\t';
			if (crlf)
				out[o++] = '\r';
			bol = true;
		}
		out[o++] = in[i];
	}
	out[o] = 0;
	*outlen = o;
	return out;
}

static void forum_noise(void **state)
{
	size_t len;
	char *t = slurp("sierra_mc7455_seed.txt", &len);
	static const struct { const char *prefix; bool crlf, trailing; } v[] = {
		{ "", true, false }, { "> ", false, true }, { "    ", true, true }, { "| ", false, false },
		{ "**", false, true },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n;
		char *x = transform(t, len, v[i].prefix, v[i].crlf, v[i].trailing, &n);
		struct fixture *fx = analyse_text(x, n, "4.4.50");
		assert_int_equal(fx->a.n_dev, 1);
		assert_int_equal(fx->l.dev[0].vid, 0x1199);
		assert_int_equal(iface(fx, 0, 8)->verdict, USB_V_UNBOUND);
		assert_int_equal(iface(fx, 0, 3)->fn, USB_FN_MODEM);
		assert_string_equal(fx->l.ifc[iface(fx, 0, 0)->ifc].driver, "qcserial");
		free(fx);
		free(x);
	}
	free(t);
}

static void reordered_lines(void **state)
{
	static const char t[] =
		"P:  Vendor=2c7c ProdID=0125 Rev= 3.18\n"
		"S:  Product=EC25\n"
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=480  MxCh= 0\n"
		"C:* #Ifs= 2 Cfg#= 1 Atr=a0 MxPwr=500mA\n"
		"I:* If#= 4 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=ff Prot=ff Driver=qmi_wwan\n"
		"E:  Ad=89(I) Atr=03(Int.) MxPS=   8\n"
		"E:  Ad=88(I) Atr=02(Bulk)\n"
		"MxPS= 512 Ivl=0ms\n"
		"E:  Ad=05(O) Atr=02(Bulk) MxPS= 512 Ivl=0ms\n"
		"I:* If#= 3 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=00 Prot=00 Driver=option\n";
	struct fixture *fx = analyse_text(t, sizeof(t) - 1, "5.4");
	assert_int_equal(fx->l.n_dev, 1);
	assert_int_equal(fx->l.dev[0].bus, 1);
	assert_int_equal(fx->l.dev[0].pid, 0x0125);
	const struct usb_iface *f = &fx->l.ifc[iface(fx, 0, 4)->ifc];
	assert_int_equal(f->ep_count, 3);
	assert_int_equal(fx->l.ep[f->ep_first + 1].maxps, 512); /* wrapped line */
	assert_int_equal(iface(fx, 0, 4)->verdict, USB_V_OK);
	assert_int_equal(iface(fx, 0, 3)->verdict, USB_V_OK);
	free(fx);
}

static void every_prefix_parses(void **state)
{
	size_t len;
	char *t = slurp("quectel_ec25af_ecm_option.txt", &len);
	struct usb_listing *l = malloc(sizeof(*l));
	struct usb_analysis *a = malloc(sizeof(*a));
	struct strbuf sb;
	sb_init(&sb);
	for (size_t n = 0; n <= len; n++) {
		/* An exact-size copy so ASan catches any read past the end. */
		char *cut = malloc(n ? n : 1);
		memcpy(cut, t, n);
		int r = usb_listing_parse(l, cut, n);
		if (r > 0) {
			usb_analyze(l, NULL, a);
			sb_reset(&sb);
			usb_report_text(l, a, &sb);
			usb_report_json(l, a, &sb);
		}
		free(cut);
	}
	assert_int_equal(usb_listing_parse(l, "", 0), CL_E_PARSE);
	assert_int_equal(usb_listing_parse(l, "hello world\nno listing here\n", 29), CL_E_PARSE);
	static const char prose[] = "I: think it is broken\nT: nothing here\nP: please help\n";
	assert_int_equal(usb_listing_parse(l, prose, sizeof(prose) - 1), CL_E_PARSE);
	sb_free(&sb);
	free(l);
	free(a);
	free(t);
}

static const char multi_config[] =
	"T:  Bus=01 Lev=01 Prnt=01 Port=02 Cnt=01 Dev#= 17 Spd=480 MxCh= 0\n"
	"D:  Ver= 2.10 Cls=00(>ifc ) Sub=00 Prot=ff MxPS=64 #Cfgs=  3\n"
	"P:  Vendor=12d1 ProdID=15c1 Rev=01.02\n"
	"C:  #Ifs= 3 Cfg#= 1 Atr=a0 MxPwr=2mA\n"
	"I:  If#= 0 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=02 Prot=16 Driver=(none)\n"
	"I:  If#= 1 Alt= 0 #EPs= 2 Cls=ff(vend.) Sub=02 Prot=12 Driver=(none)\n"
	"C:* #Ifs= 3 Cfg#= 2 Atr=a0 MxPwr=2mA\n"
	"I:* If#= 0 Alt= 0 #EPs= 1 Cls=02(comm.) Sub=06 Prot=00 Driver=cdc_ether\n"
	"I:  If#= 1 Alt= 0 #EPs= 0 Cls=0a(data ) Sub=00 Prot=00 Driver=cdc_ether\n"
	"I:* If#= 1 Alt= 1 #EPs= 2 Cls=0a(data ) Sub=00 Prot=00 Driver=cdc_ether\n"
	"I:* If#= 2 Alt= 0 #EPs= 2 Cls=ff(vend.) Sub=02 Prot=12 Driver=option\n"
	"C:  #Ifs= 3 Cfg#= 3 Atr=a0 MxPwr=2mA\n"
	"I:  If#= 0 Alt= 0 #EPs= 1 Cls=02(comm.) Sub=0e Prot=00 Driver=(none)\n"
	"I:  If#= 1 Alt= 1 #EPs= 2 Cls=0a(data ) Sub=00 Prot=02 Driver=(none)\n";

static void configurations_and_alternates(void **state)
{
	struct fixture *fx = analyse_text(multi_config, sizeof(multi_config) - 1, "5.4");
	assert_int_equal(fx->l.n_cfg, 3);
	const struct usb_config *c = usb_active_config(&fx->l, 0);
	assert_non_null(c);
	assert_int_equal(c->number, 2);
	assert_int_equal(fx->a.dev[0].if_count, 3); /* one setting per interface number */
	assert_int_equal(fx->l.ifc[iface(fx, 0, 1)->ifc].alt, 1);
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_ECM);
	assert_int_equal(iface(fx, 0, 1)->fn, USB_FN_ECM);
	assert_int_equal(iface(fx, 0, 2)->fn, USB_FN_AT);
	assert_true(has_finding(fx, 0, "other-configuration", "Configuration 3"));
	assert_true(has_finding(fx, 0, "use-ethernet", NULL));
	free(fx);
}

static void mode_switch(void **state)
{
	static const char t[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=480  MxCh= 0\n"
		"P:  Vendor=12d1 ProdID=1f01 Rev= 1.02\n"
		"C:* #Ifs= 1 Cfg#= 1 Atr=80 MxPwr=500mA\n"
		"I:* If#= 0 Alt= 0 #EPs= 2 Cls=08(stor.) Sub=06 Prot=50 Driver=usb-storage\n";
	struct fixture *fx = analyse_text(t, sizeof(t) - 1, "5.4");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(iface(fx, 0, 0)->verdict, USB_V_MODESWITCH);
	assert_true(has_finding(fx, 0, "needs-mode-switch", "usb_modeswitch"));
	assert_true(fx->a.problems > 0);
	free(fx);
	/* A flash drive is not a modem. */
	static const char stick[] =
		"T:  Bus=01 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=480  MxCh= 0\n"
		"P:  Vendor=0781 ProdID=5567 Rev= 1.00\n"
		"C:* #Ifs= 1 Cfg#= 1 Atr=80 MxPwr=200mA\n"
		"I:* If#= 0 Alt= 0 #EPs= 2 Cls=08(stor.) Sub=06 Prot=50 Driver=usb-storage\n";
	fx = analyse_text(stick, sizeof(stick) - 1, "5.4");
	assert_int_equal(fx->a.n_dev, 0);
	free(fx);
}

/* ---- knowledge ------------------------------------------------------------ */

static void knowledge_table(void **state)
{
	size_t n = usb_known_count();
	assert_true(n >= 60);
	unsigned sierra = 0, quectel = 0, huawei = 0, telit = 0, zte = 0, fibocom = 0, rebrand = 0;
	for (size_t i = 0; i < n; i++) {
		const struct usb_known *k = usb_known_at(i);
		assert_true(usb_known_name(k)[0]);
		assert_true(usb_known_source(k)[0]);
		assert_non_null(usb_known_serial(k));
		for (size_t j = 0; j < i; j++)
			if (usb_known_at(j)->vid == k->vid && usb_known_at(j)->pid == k->pid)
				fail_msg("%04x:%04x listed twice", k->vid, k->pid);
		assert_ptr_equal(usb_known_find(k->vid, k->pid), k);
		/* Layouts: "@kind" or "N:function[/driver]" tokens naming real functions. */
		if (usb_known_layout(k)[0] != '@') {
			const char *p = usb_known_layout(k);
			while (*p) {
				unsigned num;
				char fn[16];
				int used = 0;
				if (sscanf(p, "%u:%15[a-z]%n", &num, fn, &used) != 2)
					fail_msg("%s: bad layout '%s'", usb_known_name(k), usb_known_layout(k));
				bool ok = false;
				for (int f = 0; f < USB_FN_COUNT_; f++)
					ok |= !strcmp(usb_fn_name((enum usb_fn)f), fn);
				if (!ok)
					fail_msg("%s: unknown function %s", usb_known_name(k), fn);
				p += used;
				while (*p && *p != ' ')
					p++;
				while (*p == ' ')
					p++;
			}
		}
		sierra += k->vid == 0x1199;
		quectel += k->vid == 0x2c7c;
		huawei += k->vid == 0x12d1;
		telit += k->vid == 0x1bc7;
		zte += k->vid == 0x19d2;
		fibocom += k->vid == 0x2cb7 || k->vid == 0x1508;
		rebrand += k->vid == 0x413c || k->vid == 0x03f0 || strstr(usb_known_name(k), "Lenovo") != NULL;
	}
	assert_true(sierra >= 8 && quectel >= 8 && huawei >= 5 && telit >= 8 && zte >= 8 &&
		    fibocom >= 3 && rebrand >= 8);
	const struct usb_known *mc7455 = usb_known_find(0x1199, 0x9071);
	assert_non_null(mc7455);
	assert_true(mc7455->flags & USB_K_RAWIP_ONLY);
	assert_null(usb_known_find(0x1234, 0x5678));
}

/* Rows that match on bcdDevice keep their range in a side table: each such
 * row has one, and matching honours it at both ends (usb-storage's unusual
 * devices are listed by revision). */
static void kernel_rows_bcd_ranges(void **state)
{
	unsigned with_range = 0;
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &usb_kid_table[i];
		bool wants = r->match & (USB_KM_DEV_LO | USB_KM_DEV_HI);
		const struct usb_kid_bcd *b = usb_kid_bcd_of(r);
		if (wants != (b != NULL))
			fail_msg("row %u (%04x:%04x, line %u): match 0x%x but %s range", i, usb_kid_vid_of(r),
				 r->pid, (unsigned)r->line, (unsigned)r->match, b ? "a" : "no");
		with_range += wants;
	}
	assert_int_equal(with_range, usb_kid_bcd_count);
	assert_true(with_range > 100);
	/* the first ranged row whose range is inside 0x0001..0xfffe and whose
	 * driver's table has no other row for the id */
	for (unsigned k = 0; k < usb_kid_bcd_count; k++) {
		const struct usb_kid_bcd *b = &usb_kid_bcd[k];
		const struct usb_kid *r = &usb_kid_table[b->row];
		if (b->lo == 0 || b->hi == 0xffff || !(r->match & USB_KM_DEV_LO) || !(r->match & USB_KM_DEV_HI))
			continue;
		bool alone = true;
		for (unsigned i = 0; i < usb_kid_count; i++)
			alone &= &usb_kid_table[i] == r || usb_kid_table[i].drv != r->drv ||
				 usb_kid_vid_of(&usb_kid_table[i]) != usb_kid_vid_of(r) ||
				 usb_kid_table[i].pid != r->pid;
		if (!alone)
			continue;
		struct usb_kiface f = { .vid = usb_kid_vid_of(r), .pid = r->pid, .cls = 0x08, .sub = 0x06, .proto = 0x50,
					.n_eps = 2, .n_ifaces = 1, .n_alts = 1, .bulk_pair = true };
		struct usb_kverdict v[USB_KD_COUNT_];
		uint16_t probe[3] = { b->lo, b->hi, (uint16_t)(b->hi + 1) };
		for (int j = 0; j < 3; j++) {
			f.bcd = probe[j];
			int n = usb_kmatch(&f, v, USB_KD_COUNT_);
			bool hit = false;
			for (int t = 0; t < n; t++)
				hit |= v[t].entry == r;
			if (hit != (j < 2))
				fail_msg("%04x:%04x bcd %04x (range %04x-%04x): row %s", usb_kid_vid_of(r), r->pid, probe[j], b->lo,
					 b->hi, hit ? "matched" : "not matched");
		}
		return;
	}
	fail_msg("no ranged row to probe");
}

static void kernel_facts(void **state)
{
	struct usb_kernel k;
	assert_int_equal(usb_kernel_parse(&k, "4.4.50"), 0);
	assert_int_equal(k.major, 4);
	assert_int_equal(k.minor, 4);
	assert_int_equal(k.patch, 50);
	assert_int_equal(usb_kernel_has(&k, USB_KF_RAWIP), 0);
	assert_int_equal(usb_kernel_parse(&k, "4.5.0"), 0);
	assert_int_equal(usb_kernel_has(&k, USB_KF_RAWIP), 1);
	assert_int_equal(usb_kernel_has(&k, USB_KF_QMIMUX), 0);
	assert_int_equal(usb_kernel_parse(&k, "Linux 5.15.0-91-generic"), 0);
	assert_string_equal(k.text, "5.15.0-91-generic");
	assert_int_equal(usb_kernel_has(&k, USB_KF_PASSTHROUGH), 1);
	assert_int_equal(usb_kernel_has(&k, USB_KF_WWAN), 1);
	assert_int_equal(usb_kernel_parse(&k, "5.12"), 0);
	assert_int_equal(usb_kernel_has(&k, USB_KF_PASSTHROUGH), 1);
	assert_int_equal(usb_kernel_has(&k, USB_KF_WWAN), 0);
	assert_int_equal(usb_kernel_parse(&k, "v6.6"), 0);
	assert_int_equal(k.major, 6);
	assert_int_equal(usb_kernel_parse(&k, "banana"), -EINVAL);
	assert_int_equal(usb_kernel_has(&k, USB_KF_RAWIP), -1);
	assert_string_equal(usb_kernel_fact_since(USB_KF_RAWIP), "4.5");
	assert_string_equal(usb_kernel_fact_since(USB_KF_QMIMUX), "4.11");
	assert_string_equal(usb_kernel_fact_since(USB_KF_PASSTHROUGH), "5.12");
	assert_string_equal(usb_kernel_fact_since(USB_KF_WWAN), "5.13");
	/* A listing names its kernel through the root hubs. */
	size_t len;
	char *t = slurp("zte_mf833u1_markdown.txt", &len);
	struct usb_listing *l = malloc(sizeof(*l));
	assert_true(usb_listing_parse(l, t, len) > 0);
	assert_int_equal(usb_listing_kernel(l, &k), 0);
	assert_string_equal(k.text, "5.4.154");
	free(t);
	t = slurp("sierra_mc7455_seed.txt", &len);
	assert_true(usb_listing_parse(l, t, len) > 0);
	assert_int_equal(usb_listing_kernel(l, &k), -ENOENT);
	free(t);
	free(l);
	/* What sysfs shows wins over the version. */
	usb_kernel_parse(&k, "4.4.50");
	k.raw_ip_switch = 1;
	assert_int_equal(usb_kernel_has(&k, USB_KF_RAWIP), 1);
}

/* ---- synthetic sysfs trees ------------------------------------------------ */

static void put(const char *root, const char *rel, const char *content)
{
	char p[1024];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0755);
			*s = '/';
		}
	if (!content) {
		mkdir(p, 0755);
		return;
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", content);
	fclose(f);
}

static void link_driver(const char *root, const char *iface, const char *driver)
{
	char p[1024], target[256];
	snprintf(p, sizeof(p), "%s/bus/usb/devices/%s/driver", root, iface);
	snprintf(target, sizeof(target), "../../../../bus/usb/drivers/%s", driver);
	assert_int_equal(symlink(target, p), 0);
}

struct sysfs_if {
	unsigned num;
	const char *cls, *sub, *proto;
	unsigned eps;           /* 2: bulk pair, 3: int + bulk pair */
	const char *driver;     /* NULL: unbound */
	const char *child;      /* "ttyUSB2", "usbmisc/cdc-wdm0", ... */
	const char *net;
};

static void make_device(const char *root, const char *name, const char *vid, const char *pid,
			const struct sysfs_if *ifs, size_t n)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/idVendor", name);
	put(root, rel, vid);
	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/idProduct", name);
	put(root, rel, pid);
	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/busnum", name);
	put(root, rel, "1");
	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/devnum", name);
	put(root, rel, "5");
	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/bConfigurationValue", name);
	put(root, rel, "1");
	snprintf(rel, sizeof(rel), "bus/usb/devices/%s/product", name);
	put(root, rel, "Synthetic modem");
	for (size_t i = 0; i < n; i++) {
		const struct sysfs_if *f = &ifs[i];
		char dir[128], v[8];
		snprintf(dir, sizeof(dir), "%s:1.%u", name, f->num);
#define ATTR(file, val)                                                               \
	do {                                                                          \
		snprintf(rel, sizeof(rel), "bus/usb/devices/%s/%s", dir, file);       \
		put(root, rel, val);                                                  \
	} while (0)
		snprintf(v, sizeof(v), "%02x", f->num);
		ATTR("bInterfaceNumber", v);
		ATTR("bAlternateSetting", " 0");
		ATTR("bInterfaceClass", f->cls);
		ATTR("bInterfaceSubClass", f->sub);
		ATTR("bInterfaceProtocol", f->proto);
		snprintf(v, sizeof(v), "%02x", f->eps);
		ATTR("bNumEndpoints", v);
		ATTR("ep_81/bEndpointAddress", "81");
		ATTR("ep_81/bmAttributes", "02");
		ATTR("ep_01/bEndpointAddress", "01");
		ATTR("ep_01/bmAttributes", "02");
		if (f->eps == 3) {
			ATTR("ep_82/bEndpointAddress", "82");
			ATTR("ep_82/bmAttributes", "03");
		}
		if (f->child)
			ATTR(f->child, NULL);
		if (f->net) {
			snprintf(v, sizeof(v), "%s", "");
			char netrel[64];
			snprintf(netrel, sizeof(netrel), "net/%s", f->net);
			ATTR(netrel, NULL);
		}
#undef ATTR
		if (f->driver)
			link_driver(root, dir, f->driver);
	}
}

static void rm_rf(const char *path)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static struct fixture *analyse_sysfs(const char *root, const char *kernel)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_true(usb_sysfs_read(root, &fx->l) >= 1);
	usb_kernel_parse(&fx->k, kernel);
	usb_sysfs_kernel(root, &fx->k);
	usb_analyze(&fx->l, &fx->k, &fx->a);
	return fx;
}

/* Issue 13: the advice suits the system, including a ModemManager that
 * already holds the modem's ports (ROOT/proc/N/comm). */
static void modemmanager_running(void **state)
{
	char root[] = "/tmp/cellink-proc-XXXXXX";
	assert_non_null(mkdtemp(root));
	struct usb_kernel k;
	usb_kernel_parse(&k, "6.1.0");
	usb_host_managers(root, &k);
	assert_int_equal(k.modemmanager, -1); /* no ROOT/proc: not looked at */
	put(root, "proc/1/comm", "systemd\n");
	put(root, "proc/self/comm", "cellink\n");
	usb_host_managers(root, &k);
	assert_int_equal(k.modemmanager, 0);
	put(root, "proc/4242/comm", "ModemManager\n");
	usb_host_managers(root, &k);
	assert_int_equal(k.modemmanager, 4242);

	size_t len;
	char *t = slurp("sierra_mc7455_seed.txt", &len);
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_true(usb_listing_parse(&fx->l, t, len) > 0);
	fx->k = k;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_true(has_finding(fx, 0, "modemmanager", "process 4242"));
	assert_true(has_finding(fx, 0, "modemmanager", "ATTRS{idVendor}==\"1199\", ATTRS{idProduct}==\"9071\""));
	unsigned problems = fx->a.problems;
	/* An information, not a problem; and absent when none runs. */
	fx->k.modemmanager = 0;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_false(has_finding(fx, 0, "modemmanager", NULL));
	assert_int_equal(fx->a.problems, problems);
	free(fx);
	free(t);
	rm_rf(root);
}

/* What a real kernel did (issue 13): a gadget announcing 1199:9071 with
 * four vendor serial interfaces; qcserial's Sierra layout bound 0, 2 and
 * 3 and left 1 alone. */
static void sysfs_sierra_layout_leaves_1(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "ff", 2, "qcserial", "ttyUSB0", NULL },
		{ 1, "ff", "ff", "ff", 2, NULL, NULL, NULL },
		{ 2, "ff", "ff", "ff", 2, "qcserial", "ttyUSB1", NULL },
		{ 3, "ff", "ff", "ff", 2, "qcserial", "ttyUSB2", NULL },
	};
	make_device(root, "1-1", "1199", "9071", ifs, 4);
	put(root, "bus/usb/drivers/qcserial/bind", NULL);
	put(root, "bus/usb-serial/drivers/qcserial/new_id", NULL);
	struct fixture *fx = analyse_sysfs(root, "6.1.0");
	const struct usb_if_report *r = iface(fx, 0, 1);
	assert_int_equal(r->verdict, USB_V_OK);
	assert_false(r->problem);
	assert_null(r->expected);
	assert_non_null(strstr(r->kwhy, "left alone on purpose"));
	assert_int_equal(iface(fx, 0, 0)->fn, USB_FN_DIAG);
	assert_int_equal(iface(fx, 0, 2)->fn, USB_FN_NMEA);
	assert_int_equal(iface(fx, 0, 3)->fn, USB_FN_MODEM);
	assert_string_equal(iface(fx, 0, 3)->kdriver, "qcserial");
	assert_int_equal(fx->a.problems, 0);
	struct strbuf sb;
	sb_init(&sb);
	usb_report_text(&fx->l, &fx->a, &sb);
	assert_null(strstr(sb_str(&sb), "unbound"));
	sb_free(&sb);
	free(fx);
	rm_rf(root);
}

/* An unbound serial port whose driver is absent: the remedy names the
 * usb-serial path and says to load the module first; with the driver
 * present it names the path that exists. */
static void sysfs_new_id_path_checked(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "00", "00", 3, NULL, NULL, NULL },
		{ 1, "ff", "00", "00", 3, NULL, NULL, NULL },
	};
	make_device(root, "1-1", "2c7c", "0125", ifs, 2);
	put(root, "bus/usb/drivers/usbfs/bind", NULL);
	struct fixture *fx = analyse_sysfs(root, "6.1.0");
	const struct usb_if_report *r = iface(fx, 0, 0);
	assert_int_equal(r->verdict, USB_V_UNBOUND);
	assert_true(r->problem);
	assert_non_null(strstr(r->reason, "modprobe option first"));
	assert_non_null(strstr(r->reason, "/sys/bus/usb-serial/drivers/option1/new_id"));
	assert_int_equal(fx->a.problems > 0, 1);
	free(fx);
	put(root, "bus/usb-serial/drivers/option1/new_id", NULL);
	fx = analyse_sysfs(root, "6.1.0");
	r = iface(fx, 0, 0);
	assert_null(strstr(r->reason, "modprobe"));
	assert_non_null(strstr(r->reason, "echo '2c7c 0125' > /sys/bus/usb-serial/drivers/option1/new_id"));
	free(fx);
	rm_rf(root);
}

/* Live mode's modules.alias view on a fake module tree: globs matched as
 * modprobe does; blacklisted, not installed, missing from this kernel,
 * and left alone on purpose. */
static void sysfs_modules_alias(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "ff", 2, "qcserial", "ttyUSB0", NULL },
		{ 1, "ff", "ff", "ff", 2, NULL, NULL, NULL },
		{ 2, "ff", "ff", "ff", 2, "qcserial", "ttyUSB1", NULL },
		{ 3, "ff", "ff", "ff", 2, "qcserial", "ttyUSB2", NULL },
		{ 8, "ff", "ff", "ff", 3, NULL, NULL, NULL },
	};
	make_device(root, "1-1", "1199", "9071", ifs, 5);
	put(root, "bus/usb/drivers/qcserial/bind", NULL);
	put(root, "bus/usb-serial/drivers/qcserial/new_id", NULL);
	put(root, "lib/modules/6.1.0/modules.alias",
	    "# Aliases extracted from modules themselves.\n"
	    "alias usb:v1199p9071d*dc*dsc*dp*ic*isc*ip*in* qcserial\n"
	    "alias usb:v1199p9071d*dc*dsc*dp*ic*isc*ip*in08* qmi_wwan\n"
	    "alias pci:v00008086d*sv*sd*bc*sc*i* e1000e\n");
	put(root, "lib/modules/6.1.0/modules.dep",
	    "kernel/drivers/usb/serial/qcserial.ko.xz: kernel/drivers/usb/serial/usb_wwan.ko.xz\n"
	    "kernel/drivers/net/usb/qmi_wwan.ko.xz: kernel/drivers/net/usb/usbnet.ko.xz\n");
	put(root, "etc/modprobe.d/wwan.conf", "# test\nblacklist qmi_wwan\n");
	char md[300];
	snprintf(md, sizeof(md), "%s/lib/modules/6.1.0", root);
	int err = 0;
	struct usb_modinfo *mods = usb_modinfo_load(md, root, &err);
	assert_non_null(mods);
	const char *m[4];
	assert_int_equal(usb_modinfo_match(mods, "usb:v1199p9071d0006dc00dsc00dp00icFFiscFFipFFin08", m, 4), 2);
	assert_int_equal(usb_modinfo_match(mods, "usb:v1199p9072d0006dc00dsc00dp00icFFiscFFipFFin08", m, 4), 0);

	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_true(usb_sysfs_read(root, &fx->l) >= 1);
	usb_kernel_parse(&fx->k, "6.1.0");
	usb_sysfs_kernel(root, &fx->k);
	fx->k.mods = mods;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_non_null(strstr(iface(fx, 0, 0)->alias_why, "qcserial bound it; modules.alias names qcserial"));
	assert_non_null(strstr(iface(fx, 0, 1)->alias_why, "leaves it alone on purpose"));
	assert_non_null(strstr(iface(fx, 0, 8)->alias_why, "/etc/modprobe.d/wwan.conf blacklists qmi_wwan"));
	assert_string_equal(iface(fx, 0, 8)->alias_modules, "qcserial qmi_wwan");
	usb_modinfo_free(mods);

	/* Not blacklisted, and not installed. */
	put(root, "etc/modprobe.d/wwan.conf", "# nothing\n");
	put(root, "lib/modules/6.1.0/modules.dep",
	    "kernel/drivers/usb/serial/qcserial.ko.xz: kernel/drivers/usb/serial/usb_wwan.ko.xz\n");
	mods = usb_modinfo_load(md, root, &err);
	fx->k.mods = mods;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_non_null(strstr(iface(fx, 0, 8)->alias_why, "qmi_wwan is not installed"));
	usb_modinfo_free(mods);

	/* A kernel whose tables lack the id. */
	put(root, "lib/modules/6.1.0/modules.alias", "alias usb:v1199p68C0d*dc*dsc*dp*ic*isc*ip*in* qcserial\n");
	mods = usb_modinfo_load(md, root, &err);
	fx->k.mods = mods;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_non_null(strstr(iface(fx, 0, 8)->alias_why, "the id is missing from this kernel"));
	usb_modinfo_free(mods);
	fx->k.mods = NULL;
	snprintf(md, sizeof(md), "%s/nowhere", root);
	assert_null(usb_modinfo_load(md, root, &err));
	assert_int_equal(err, -ENOENT);
	free(fx);
	rm_rf(root);
}

/* Live mode on a 6.1 kernel without qmi_wwan's entry for the u-blox
 * LARA-R6 01B (1546:1312, added in v6.5): modules.alias names only
 * option, whose row reserves interface 4; the 6.12 tables give it to
 * qmi_wwan, and the doctor says the kernel lacks the id, with the new_id
 * line for this system. */
static void sysfs_live_id_only_in_newer_tables(void **state)
{
	(void)state;
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "30", 2, "option", "ttyUSB0", NULL },
		{ 1, "ff", "ff", "ff", 3, "option", "ttyUSB1", NULL },
		{ 2, "ff", "ff", "ff", 3, "option", "ttyUSB2", NULL },
		{ 3, "ff", "ff", "ff", 3, "option", "ttyUSB3", NULL },
		{ 4, "ff", "ff", "ff", 3, NULL, NULL, NULL },
	};
	make_device(root, "1-1", "1546", "1312", ifs, 5);
	put(root, "bus/usb/drivers/option/bind", NULL);
	put(root, "bus/usb-serial/drivers/option1/new_id", NULL);
	put(root, "bus/usb/drivers/qmi_wwan/new_id", NULL);
	put(root, "lib/modules/6.1.0/modules.alias", "alias usb:v1546p1312d*dc*dsc*dp*ic*isc*ip*in* option\n");
	put(root, "lib/modules/6.1.0/modules.dep",
	    "kernel/drivers/usb/serial/option.ko.xz: kernel/drivers/usb/serial/usb_wwan.ko.xz\n"
	    "kernel/drivers/net/usb/qmi_wwan.ko.xz: kernel/drivers/net/usb/usbnet.ko.xz\n");
	char md[300];
	snprintf(md, sizeof(md), "%s/lib/modules/6.1.0", root);
	int err = 0;
	struct usb_modinfo *mods = usb_modinfo_load(md, root, &err);
	assert_non_null(mods);
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	assert_true(usb_sysfs_read(root, &fx->l) >= 1);
	usb_kernel_parse(&fx->k, "6.1.0");
	usb_sysfs_kernel(root, &fx->k);
	fx->k.mods = mods;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	const struct usb_if_report *r = iface(fx, 0, 4);
	assert_string_equal(usb_verdict_name((enum usb_verdict)r->verdict), "unbound");
	assert_string_equal(r->expected, "qmi_wwan");
	assert_true(r->knewer);
	assert_non_null(strstr(r->alias_why, "modules.alias names option but not qmi_wwan: this kernel's qmi_wwan "
					     "lacks the id, though Linux 6.12.117's lists it"));
	assert_non_null(strstr(r->reason, "Linux 6.1's qmi_wwan does not list 1546:1312"));
	assert_non_null(strstr(r->reason, "echo '1546 1312 ff "));
	for (unsigned n = 1; n < 4; n++)
		assert_string_equal(usb_fn_name((enum usb_fn)iface(fx, 0, n)->fn), "at");
	usb_modinfo_free(mods);
	free(fx);
	rm_rf(root);
}

/* A CDC data interface is claimed by its control interface's driver
 * through the union descriptor, never through modules.alias: said as
 * expected, not as a manual bind. A synthetic MBIM + ACM composition. */
static void sysfs_alias_union_data(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "02", "0e", "00", 1, "cdc_mbim", NULL, NULL },
		{ 1, "0a", "00", "02", 2, "cdc_mbim", NULL, NULL },
		{ 2, "02", "02", "01", 1, "cdc_acm", NULL, NULL },
		{ 3, "0a", "00", "00", 2, "cdc_acm", NULL, NULL },
		{ 4, "0a", "00", "00", 2, "cdc_ether", NULL, NULL },
	};
	make_device(root, "1-1", "1234", "5678", ifs, 5);
	put(root, "lib/modules/6.1.0/modules.alias",
	    "alias usb:v*p*d*dc*dsc*dp*ic02isc0Eip00in* cdc_mbim\n"
	    "alias usb:v*p*d*dc*dsc*dp*ic02isc02ip01in* cdc_acm\n"
	    "alias usb:v*p*d*dc*dsc*dp*ic02isc06ip00in* cdc_ether\n");
	put(root, "lib/modules/6.1.0/modules.dep",
	    "kernel/drivers/net/usb/cdc_mbim.ko.xz:\nkernel/drivers/usb/class/cdc-acm.ko.xz:\n"
	    "kernel/drivers/net/usb/cdc_ether.ko.xz:\n");
	char md[300];
	snprintf(md, sizeof(md), "%s/lib/modules/6.1.0", root);
	int err = 0;
	struct usb_modinfo *mods = usb_modinfo_load(md, root, &err);
	assert_non_null(mods);
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_true(usb_sysfs_read(root, &fx->l) >= 1);
	usb_kernel_parse(&fx->k, "6.1.0");
	usb_sysfs_kernel(root, &fx->k);
	fx->k.mods = mods;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_non_null(strstr(iface(fx, 0, 0)->alias_why, "cdc_mbim bound it; modules.alias names cdc_mbim"));
	assert_non_null(strstr(iface(fx, 0, 1)->alias_why, "cdc_mbim bound it through its control interface 0 (the CDC union)"));
	assert_null(strstr(iface(fx, 0, 1)->alias_why, "manual bind"));
	assert_non_null(strstr(iface(fx, 0, 3)->alias_why, "through its control interface 2"));
	/* A data interface whose driver holds no control interface here is
	 * still a bind nobody's table explains. */
	assert_non_null(strstr(iface(fx, 0, 4)->alias_why, "a new_id or a manual bind?"));
	usb_modinfo_free(mods);
	free(fx);
	rm_rf(root);
}

static void symlink_rel(const char *root, const char *rel, const char *target)
{
	char p[1024];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (char *s = p + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0755);
			*s = '/';
		}
	assert_int_equal(symlink(target, p), 0);
}

/* A PCIe modem's sysfs tree as Linux 6.1's mhi-pci-generic and WWAN
 * subsystem lay it out (drivers/bus/mhi/host/pci_generic.c: 1eac:1002 is
 * the Quectel EM160R-GL, whose channels are MBIM, DUN (AT), DIAG and
 * FIREHOSE; 17cb:0306 with subsystem 18d7:0200 is the Sierra EM919x, which
 * has a QMI channel). */
static void pcie_modems(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	const char *pci = "devices/pci0000:00/0000:00:1c.0/0000:01:00.0";
	char rel[256], tgt[256];
	snprintf(rel, sizeof(rel), "%s/vendor", pci);
	put(root, rel, "0x1eac\n");
	snprintf(rel, sizeof(rel), "%s/device", pci);
	put(root, rel, "0x1002\n");
	put(root, "bus/pci/drivers/mhi-pci-generic/bind", NULL);
	snprintf(rel, sizeof(rel), "%s/driver", pci);
	symlink_rel(root, rel, "../../../../bus/pci/drivers/mhi-pci-generic");
	static const char *const ports[] = { "wwan0mbim0", "wwan0at0", "wwan0qcdm0", "wwan0firehose0" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(rel, sizeof(rel), "%s/mhi0/wwan/wwan0/%s/dev", pci, ports[i]);
		put(root, rel, "240:0\n");
		snprintf(rel, sizeof(rel), "class/wwan/%s", ports[i]);
		snprintf(tgt, sizeof(tgt), "../../%s/mhi0/wwan/wwan0/%s", pci, ports[i]);
		symlink_rel(root, rel, tgt);
	}
	snprintf(tgt, sizeof(tgt), "../../../%s/mhi0", pci);
	symlink_rel(root, "bus/mhi/devices/mhi0", tgt);
	snprintf(rel, sizeof(rel), "%s/mhi0/mhi0_IP_HW0_MBIM/net/mhi_hwip0/address", pci);
	put(root, rel, "00:00:00:00:00:00\n");
	put(root, "bus/mhi/drivers/mhi_net/bind", NULL);
	snprintf(rel, sizeof(rel), "%s/mhi0/mhi0_IP_HW0_MBIM/driver", pci);
	symlink_rel(root, rel, "../../../../../../bus/mhi/drivers/mhi_net");
	snprintf(tgt, sizeof(tgt), "../../%s/mhi0/mhi0_IP_HW0_MBIM/net/mhi_hwip0", pci);
	symlink_rel(root, "class/net/mhi_hwip0", tgt);
	snprintf(rel, sizeof(rel), "%s/mhi0/mhi0_IP_HW0_MBIM/net/mhi_hwip0/device", pci);
	symlink_rel(root, rel, "../../../mhi0_IP_HW0_MBIM");

	struct usb_pcie p;
	assert_int_equal(usb_pcie_read(root, &p), 1);
	assert_true(p.mhi_bus);
	assert_string_equal(p.m[0].name, "wwan0");
	assert_string_equal(p.m[0].pci, "0000:01:00.0");
	assert_int_equal(p.m[0].vid, 0x1eac);
	assert_int_equal(p.m[0].did, 0x1002);
	assert_string_equal(p.m[0].driver, "mhi-pci-generic");
	assert_int_equal(p.m[0].n_ports, 4);
	assert_string_equal(p.m[0].net, "mhi_hwip0");
	struct strbuf sb;
	sb_init(&sb);
	usb_pcie_text(&p, &sb);
	assert_non_null(strstr(sb_str(&sb), "MBIM control"));
	assert_non_null(strstr(sb_str(&sb), "MBIM only (/dev/wwan0mbim0)"));
	assert_null(strstr(sb_str(&sb), "proto 'cellink'"));
	sb_free(&sb);

	/* The EM919x's QMI port gets cellink's configuration. */
	snprintf(rel, sizeof(rel), "%s/vendor", pci);
	put(root, rel, "0x17cb\n");
	snprintf(rel, sizeof(rel), "%s/device", pci);
	put(root, rel, "0x0306\n");
	snprintf(rel, sizeof(rel), "%s/mhi0/wwan/wwan0/wwan0qmi0/dev", pci);
	put(root, rel, "240:4\n");
	snprintf(tgt, sizeof(tgt), "../../%s/mhi0/wwan/wwan0/wwan0qmi0", pci);
	symlink_rel(root, "class/wwan/wwan0qmi0", tgt);
	assert_int_equal(usb_pcie_read(root, &p), 1);
	assert_int_equal(p.m[0].vid, 0x17cb);
	sb_init(&sb);
	usb_pcie_text(&p, &sb);
	assert_non_null(strstr(sb_str(&sb), "option device '/dev/wwan0qmi0'"));
	assert_non_null(strstr(sb_str(&sb), "and mhi_hwip0 for data"));
	sb_reset(&sb);
	usb_pcie_json(&p, &sb);
	assert_non_null(strstr(sb_str(&sb), "\"pci_id\":\"17cb:0306\""));
	assert_non_null(strstr(sb_str(&sb), "{\"device\":\"/dev/wwan0qmi0\",\"role\":\"QMI control\"}"));
	sb_free(&sb);

	/* No WWAN class, no MHI bus: nothing. */
	char empty[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(empty));
	assert_int_equal(usb_pcie_read(empty, &p), 0);
	assert_false(p.mhi_bus);
	rm_rf(empty);
	rm_rf(root);
}

/* Port roles come from ModemManager's rules, with the rule named; ports no
 * rule names are guesses and say so. */
static void mm_port_roles(void **state)
{
	struct fixture *fx = analyse_file("quectel_ep06e_openwrt_wiki.txt", "5.10");
	const struct usb_if_report *r = iface(fx, 0, 1);
	assert_string_equal(r->mm_role, "gps");
	assert_string_equal(r->mm_source, "77-mm-quectel-port-types.rules");
	assert_true(r->mm_line > 0);
	assert_int_equal(r->fn, USB_FN_NMEA);
	assert_null(iface(fx, 0, 4)->mm_source);
	struct strbuf sb;
	sb_init(&sb);
	usb_report_text(&fx->l, &fx->a, &sb);
	assert_non_null(strstr(sb_str(&sb), "roles from ModemManager's rules (modemmanager "));
	assert_non_null(strstr(sb_str(&sb), "the other interfaces are guessed from their descriptors"));
	sb_reset(&sb);
	usb_report_json(&fx->l, &fx->a, &sb);
	assert_non_null(strstr(sb_str(&sb), "\"role\":{\"modemmanager\":\"gps\",\"source\":\"77-mm-quectel"));
	assert_non_null(strstr(sb_str(&sb), "\"source\":\"guessed from the descriptors\""));
	sb_free(&sb);
	free(fx);
}

static void sysfs_bound(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "ff", 2, "option", "ttyUSB0", NULL },
		{ 1, "ff", "00", "00", 3, "option", "ttyUSB1", NULL },
		{ 2, "ff", "00", "00", 3, "option", "ttyUSB2", NULL },
		{ 3, "ff", "00", "00", 3, "option", "ttyUSB3", NULL },
		{ 4, "ff", "ff", "ff", 3, "qmi_wwan", "usbmisc/cdc-wdm0", "wwan0" },
	};
	make_device(root, "1-1", "2c7c", "0125", ifs, 5);
	put(root, "class/net/wwan0/qmi/raw_ip", "N");
	put(root, "module/qmi_wwan", NULL);
	struct fixture *fx = analyse_sysfs(root, "5.4.0");
	assert_int_equal(fx->a.n_dev, 1);
	assert_int_equal(fx->k.raw_ip_switch, 1);
	assert_int_equal(fx->k.qmi_wwan_loaded, 1);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(iface(fx, 0, i)->verdict, USB_V_OK);
	assert_int_equal(iface(fx, 0, 3)->fn, USB_FN_MODEM);
	assert_string_equal(fx->l.ifc[iface(fx, 0, 3)->ifc].tty, "ttyUSB3");
	assert_true(has_finding(fx, 0, "use-qmi", "use /dev/cdc-wdm0 for control and wwan0 for data"));
	assert_string_equal(fx->a.dev[0].sug[0].device, "/dev/cdc-wdm0");
	assert_true(fx->a.dev[0].sug[0].device_known);
	assert_int_equal(fx->a.problems, 0);
	free(fx);
	rm_rf(root);
}

/* Issue 13: the configuration the system already has is read (OpenWrt's
 * /etc/config/network, cellink.conf) and checked against the ports found. */
static void config_checked(void **state)
{
	static const char network[] =
		"config interface 'loopback'\n\toption device 'lo'\n\toption proto 'static'\n\n"
		"config interface 'lan'\n\toption proto 'static'\n\toption device 'br-lan'\n\n"
		"config interface 'wwan'\n\toption proto 'qmi'\n\toption device '/dev/cdc-wdm1'\n"
		"\toption apn 'internet'\n\n"
		"config interface 'lte'\n\toption proto 'qmi'\n\toption device '/dev/ttyUSB2'\n\n"
		"config interface 'ppp'\n\toption proto '3g'\n\toption device '/dev/ttyUSB2'\n\n"
		"config interface 'sym'\n\toption proto '3g'\n\toption device '/dev/ttyUSB-at'\n\n"
		"config interface 'mod'\n\toption proto 'modemmanager'\n\toption device '/sys/devices/x'\n";
	static const char conf[] = "config modem 'cell'\n\toption device '/dev/cdc-wdm0'\n"
				   "\toption atport '/dev/ttyUSB0'\n";
	struct usb_hostconf hc;
	assert_int_equal(usb_host_config_parse(network, conf, &hc), 5);
	assert_string_equal(hc.link[0].where, "network.wwan (/etc/config/network line 9)");
	assert_string_equal(hc.link[0].device, "/dev/cdc-wdm1");
	assert_string_equal(hc.link[4].proto, "cellink");
	assert_string_equal(hc.link[4].where, "modem cell (/etc/cellink/cellink.conf line 1)");

	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "ff", 2, "option", "ttyUSB0", NULL },
		{ 1, "ff", "00", "00", 3, "option", "ttyUSB1", NULL },
		{ 2, "ff", "00", "00", 3, "option", "ttyUSB2", NULL },
		{ 3, "ff", "00", "00", 3, "option", "ttyUSB3", NULL },
		{ 4, "ff", "ff", "ff", 3, "qmi_wwan", "usbmisc/cdc-wdm0", "wwan0" },
	};
	make_device(root, "1-1", "2c7c", "0125", ifs, 5);
	struct fixture *fx = calloc(1, sizeof(*fx));
	assert_true(usb_sysfs_read(root, &fx->l) >= 1);
	usb_kernel_parse(&fx->k, "6.1.0");
	fx->k.conf = &hc;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	/* A node no modem has, the AT port named as QMI, the DIAG port
	 * named as cellink's AT port; the 3g section and cellink's device
	 * are right, the modemmanager section is not this check's. */
	assert_true(has_finding(fx, 0, "config-port", "network.wwan (/etc/config/network line 9): option "
						     "device '/dev/cdc-wdm1' names a port no modem here has"));
	assert_true(has_finding(fx, 0, "config-port", "network.lte (/etc/config/network line 14): option "
						     "device '/dev/ttyUSB2' names interface 2"));
	assert_true(has_finding(fx, 0, "config-port", "option atport '/dev/ttyUSB0' names interface 0, which is DIAG"));
	assert_false(has_finding(fx, 0, "config-port", "network.ppp"));
	assert_false(has_finding(fx, 0, "config-port", "network.sym")); /* a udev symlink: not judged */
	assert_false(has_finding(fx, 0, "config-port", "'/dev/cdc-wdm0'"));
	assert_int_equal(fx->a.problems, 3);
	/* A pasted listing names no nodes: nothing to check against. */
	free(fx);
	fx = analyse_file("sierra_mc7455_seed.txt", "4.4.50");
	unsigned before = fx->a.problems;
	fx->k.conf = &hc;
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_false(has_finding(fx, 0, "config-port", NULL));
	assert_int_equal(fx->a.problems, before);
	free(fx);
	rm_rf(root);
}

static void sysfs_unbound(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "ff", 2, "qcserial", "ttyUSB0", NULL },
		{ 2, "ff", "00", "00", 3, "qcserial", "ttyUSB1", NULL },
		{ 3, "ff", "00", "00", 3, "qcserial", "ttyUSB2", NULL },
		{ 8, "ff", "ff", "ff", 3, NULL, NULL, NULL },
	};
	make_device(root, "1-1.2", "1199", "9071", ifs, 4);
	struct fixture *fx = analyse_sysfs(root, "4.4.50");
	assert_int_equal(iface(fx, 0, 8)->verdict, USB_V_UNBOUND);
	assert_true(iface(fx, 0, 8)->problem);
	assert_true(has_finding(fx, 0, "qmi-needs-raw-ip", NULL));
	/* sysfs names the modem port, so the remedy and config name it. */
	assert_true(has_finding(fx, 0, "remedy", "interface 3 (/dev/ttyUSB2)"));
	assert_int_equal(fx->a.dev[0].sug[0].proto, USB_P_PPP);
	assert_string_equal(fx->a.dev[0].sug[0].device, "/dev/ttyUSB2");
	assert_true(fx->a.dev[0].sug[0].device_known);
	free(fx);

	/* A pasted listing annotated from the same tree gets the names too. */
	size_t len;
	char *t = slurp("sierra_mc7455_seed.txt", &len);
	fx = calloc(1, sizeof(*fx));
	assert_true(usb_listing_parse(&fx->l, t, len) > 0);
	assert_int_equal(usb_sysfs_annotate(root, &fx->l), 4);
	usb_kernel_parse(&fx->k, "4.4.50");
	usb_analyze(&fx->l, &fx->k, &fx->a);
	assert_true(has_finding(fx, 0, "remedy", "interface 3 (/dev/ttyUSB2)"));
	free(fx);
	free(t);
	rm_rf(root);
}

static void sysfs_wrong_driver(void **state)
{
	char root[] = "/tmp/cellink-sysfs-XXXXXX";
	assert_non_null(mkdtemp(root));
	static const struct sysfs_if ifs[] = {
		{ 0, "ff", "ff", "ff", 2, "option", "ttyUSB0", NULL },
		{ 1, "ff", "00", "00", 3, "option", "ttyUSB1", NULL },
		{ 2, "ff", "00", "00", 3, "option", "ttyUSB2", NULL },
		{ 3, "ff", "00", "00", 3, "option", "ttyUSB3", NULL },
		{ 4, "ff", "ff", "ff", 3, "option", "ttyUSB4", NULL },
	};
	make_device(root, "2-1", "2c7c", "0306", ifs, 5);
	struct fixture *fx = analyse_sysfs(root, "4.9.0");
	const struct usb_if_report *r = iface(fx, 0, 4);
	assert_int_equal(r->fn, USB_FN_QMI);
	assert_int_equal(r->verdict, USB_V_WRONG_DRIVER);
	assert_true(r->problem);
	assert_non_null(strstr(r->reason, "useless tty"));
	assert_true(fx->a.problems > 0);
	/* PPP over the modem port remains possible, and is named. */
	assert_int_equal(fx->a.dev[0].sug[0].proto, USB_P_PPP);
	assert_string_equal(fx->a.dev[0].sug[0].device, "/dev/ttyUSB3");
	free(fx);
	rm_rf(root);
}

static void sysfs_missing_root(void **state)
{
	struct usb_listing *l = malloc(sizeof(*l));
	assert_true(usb_sysfs_read("/nonexistent/cellink", l) < 0);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_listings),
		cmocka_unit_test(untuned_corpus),
		cmocka_unit_test(untuned_corpus_612),
		cmocka_unit_test(switched_mode_id),
		cmocka_unit_test(round4_general_fixes),
		cmocka_unit_test(modemmanager_running),
		cmocka_unit_test(config_checked),
		cmocka_unit_test(ncm_without_mbim_alt),
		cmocka_unit_test(multiport_serial_not_qmi),
		cmocka_unit_test(lsusb_v_association_fills_cut_protocol),
		cmocka_unit_test(qmi_guess_yields_to_tables_and_binding),
		cmocka_unit_test(lsusb_t_ids_and_classes),
		cmocka_unit_test(lsusb_t_bluetooth_is_not_rndis),
		cmocka_unit_test(mbim_to_qmi_only_for_qualcomm_ids),
		cmocka_unit_test(install_disk_expectations),
		cmocka_unit_test(quectel_usbnet_hint),
		cmocka_unit_test(id_newer_than_kernel),
		cmocka_unit_test(id_only_in_newer_tables),
		cmocka_unit_test(hubs_and_other_devices_are_skipped),
		cmocka_unit_test(seed_conclusion_text),
		cmocka_unit_test(seed_huawei_is_healthy),
		cmocka_unit_test(seed_json),
		cmocka_unit_test(all_json_valid),
		cmocka_unit_test(forum_noise),
		cmocka_unit_test(reordered_lines),
		cmocka_unit_test(every_prefix_parses),
		cmocka_unit_test(configurations_and_alternates),
		cmocka_unit_test(mode_switch),
		cmocka_unit_test(knowledge_table),
		cmocka_unit_test(kernel_rows_bcd_ranges),
		cmocka_unit_test(kernel_facts),
		cmocka_unit_test(sysfs_bound),
		cmocka_unit_test(sysfs_sierra_layout_leaves_1),
		cmocka_unit_test(sysfs_new_id_path_checked),
		cmocka_unit_test(sysfs_modules_alias),
		cmocka_unit_test(sysfs_live_id_only_in_newer_tables),
		cmocka_unit_test(sysfs_alias_union_data),
		cmocka_unit_test(pcie_modems),
		cmocka_unit_test(mm_port_roles),
		cmocka_unit_test(sysfs_unbound),
		cmocka_unit_test(sysfs_wrong_driver),
		cmocka_unit_test(sysfs_missing_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
