/* cellink doctor: which modem is this, what owns each of its interfaces,
 * and what to do about it. All the knowledge is in src/usb; this file
 * reads the inputs and prints. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "usb/usb.h"

#define DEBUGFS_DEVICES "/sys/kernel/debug/usb/devices"
#define MAX_INPUT (4u << 20)

static void usage(FILE *out)
{
	fprintf(out,
		"usage: cellink doctor [--json] [--kernel VERSION] [--sysfs ROOT] [FILE|-]\n"
		"\n"
		"Explains a USB modem: what each interface is, which driver owns it and\n"
		"which should, and the configuration that follows.\n"
		"\n"
		"  FILE                 text of " DEBUGFS_DEVICES " (as pasted anywhere);\n"
		"                       '-' reads stdin; without FILE the live system is read\n");
	cli_print_options(out, CB_DOCTOR);
	fprintf(out, "\nexit status:\n");
	cli_print_exits(out, CB_DOCTOR);
}

static int read_all(FILE *f, struct strbuf *sb)
{
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_put(sb, buf, n);
		if (sb->failed)
			return -ENOMEM;
		if (sb->len > MAX_INPUT)
			return -EFBIG;
	}
	return ferror(f) ? -EIO : 0;
}

static int read_path(const char *path, struct strbuf *sb)
{
	if (!strcmp(path, "-"))
		return read_all(stdin, sb);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -EISDIR;
	FILE *f = fopen(path, "r");
	if (!f)
		return -errno;
	int r = read_all(f, sb);
	fclose(f);
	return r;
}

int cmd_doctor(int argc, char **argv)
{
	const char *file = NULL, *kernel = NULL, *sysfs = NULL, *moddir = NULL, *root = NULL;
	bool json = false;
	struct cli_parser p;
	cli_parser_init(&p, CB_DOCTOR, false);
	int o;
	while ((o = cli_next(&p, argc, argv)) != -1) {
		switch (o) {
		case OPT_HELP: usage(stdout); return 0;
		case OPT_JSON: json = true; break;
		case OPT_KERNEL: kernel = optarg; break;
		case OPT_DOCTOR_SYSFS: sysfs = optarg; break;
		case OPT_MODULES: moddir = optarg; break;
		case OPT_ROOT: root = optarg; break;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "cellink doctor: unexpected argument '%s'\n\n", argv[optind]);
		usage(stderr);
		return 2;
	}

	int status = 2;
	struct usb_listing *l = malloc(sizeof(*l));
	struct usb_analysis *an = malloc(sizeof(*an));
	struct usb_modinfo *mods = NULL;
	struct strbuf in, out;
	sb_init(&in);
	sb_init(&out);
	if (!l || !an) {
		fprintf(stderr, "cellink doctor: out of memory\n");
		goto out;
	}

	bool live = !file;
	int no_usb = 0;
	const char *source = file;
	int r = 0;
	if (live) {
		source = DEBUGFS_DEVICES;
		/* An explicit --sysfs tree is read alone (tests, chroots). */
		int rd = sysfs ? -ENOENT : read_path(DEBUGFS_DEVICES, &in);
		if (!sysfs)
			sysfs = "/sys";
		if (rd < 0) {
			/* debugfs not mounted or not root: sysfs has most of it. */
			sb_reset(&in);
			r = usb_sysfs_read(sysfs, l);
			if (r < 0) {
				/* No USB bus at all (a PCIe-only machine, a
				 * container): still look for PCIe modems. */
				memset(l, 0, offsetof(struct usb_listing, dev));
				no_usb = r;
			}
			source = NULL;
		}
	} else {
		r = read_path(file, &in);
		if (r == -EFBIG) {
			fprintf(stderr, "cellink doctor: %s: larger than the %u MiB the doctor reads; give the "
				"listing of the modem's device alone\n", file, MAX_INPUT >> 20);
			goto out;
		}
		if (r == -EISDIR) {
			fprintf(stderr, "cellink doctor: %s is a directory: give the file that holds the text of "
				"%s (or no FILE, to read this system's)\n", file, DEBUGFS_DEVICES);
			goto out;
		}
		if (r < 0) {
			fprintf(stderr, "cellink doctor: %s: %s\n", file, cl_strerror(r));
			goto out;
		}
	}
	if (source) {
		r = usb_listing_parse(l, sb_str(&in), in.len);
		if (r < 0) {
			fprintf(stderr, "cellink doctor: %s: no USB device listing found "
				"(expected the T:/D:/P:/C:/I:/E: lines of %s)\n",
				live ? source : file, DEBUGFS_DEVICES);
			goto out;
		}
		if (l->bad_ids) {
			fprintf(stderr, "cellink doctor: %s: %u P: line%s with a Vendor= or ProdID= beyond ffff "
				"(USB ids have 16 bits): the listing is damaged\n", live ? source : file,
				l->bad_ids, l->bad_ids == 1 ? "" : "s");
			goto out;
		}
		if (sysfs)
			usb_sysfs_annotate(sysfs, l);
	}

	struct usb_kernel k;
	static struct usb_hostconf hconf;
	struct utsname u;
	if (kernel) {
		if (usb_kernel_parse(&k, kernel) < 0) {
			fprintf(stderr, "cellink doctor: '%s' is not a kernel version\n", kernel);
			goto out;
		}
	} else if (!live && source && usb_listing_kernel(l, &k) == 0) {
		/* The root hubs of the listing name their kernel. */
	} else if (uname(&u) == 0) {
		usb_kernel_parse(&k, u.release);
		k.assumed = !live;
	} else {
		usb_kernel_parse(&k, NULL);
	}
	if (sysfs)
		usb_sysfs_kernel(sysfs, &k);
	/* The advice suits the system it is for: OpenWrt or not. */
	if (live || root) {
		char rel[512];
		snprintf(rel, sizeof(rel), "%s/etc/openwrt_release", root ? root : "");
		k.openwrt = access(rel, F_OK) == 0;
		/* A running ModemManager holds the modem's ports. */
		usb_host_managers(root ? root : "", &k);
		/* The modem links already configured, checked against the
		 * ports found. */
		if (usb_host_config_read(root ? root : "", &hconf))
			k.conf = &hconf;
	}
	char mdbuf[300];
	if (!moddir && live && uname(&u) == 0) {
		snprintf(mdbuf, sizeof(mdbuf), "/lib/modules/%s", u.release);
		moddir = mdbuf;
	}
	if (moddir) {
		int me = 0;
		mods = usb_modinfo_load(moddir, root, &me);
		if (!mods)
			fprintf(stderr, "cellink doctor: %s/modules.alias: %s (which driver will bind is not checked)\n",
				moddir, cl_strerror(me));
		k.mods = mods;
	}

	struct usb_pcie pcie;
	if (sysfs && usb_pcie_read(sysfs, &pcie) >= 0 && (pcie.n || pcie.mhi_bus || pcie.wwan_class))
		k.pcie = &pcie;
	usb_analyze(l, &k, an);
	if (json)
		usb_report_json(l, an, &out);
	else
		usb_report_text(l, an, &out);
	fwrite(sb_str(&out), 1, out.len, stdout);
	bool pcie_found = k.pcie && k.pcie->n;
	if (!an->n_dev && !pcie_found && !json) {
		/* Say what was looked at and what to try. */
		printf("\nNo modem found. Looked at:\n");
		if (live)
			printf("  %s: %s\n", DEBUGFS_DEVICES,
			       source ? "read" : "not read (debugfs not mounted, not root, or --sysfs given)");
		else
			printf("  %s: %zu USB device(s) in the listing\n", file, l->n_dev);
		if (sysfs && no_usb)
			printf("  %s/bus/usb/devices: %s (no USB bus here)\n", sysfs, cl_strerror(no_usb));
		else if (sysfs)
			printf("  %s/bus/usb/devices: %zu USB device(s), none of them a modem\n", sysfs, l->n_dev);
		if (sysfs)
			printf("  %s/class/wwan and %s/bus/mhi (PCIe modems): %s\n", sysfs, sysfs,
			       k.pcie ? "present, but no modem" : "absent");
		printf("Try: lsusb and lspci (is the modem seen at all?), dmesg | grep -i -e usb -e mhi,\n"
		       "  mount -t debugfs none /sys/kernel/debug (then run cellink doctor again as root),\n"
		       "  or give a listing: cellink doctor FILE (/sys/kernel/debug/usb/devices or usb-devices output).\n");
	}
	status = an->problems || (!an->n_dev && !pcie_found) ? 1 : 0;
	if (l->dropped) {
		/* never a silent "no problems": say what was left out, and fail */
		fprintf(stderr, "cellink doctor: the listing holds more than the doctor analyses (at most "
			"%d devices, %d configurations, %d interfaces, %d endpoints): %u left out, so this "
			"report is not complete; give the listing of the modem's device alone\n",
			USB_MAX_DEVICES, USB_MAX_CONFIGS, USB_MAX_IFACES, USB_MAX_EPS, l->dropped);
		status = 1;
	}
out:
	sb_free(&in);
	sb_free(&out);
	free(l);
	free(an);
	usb_modinfo_free(mods);
	return status;
}
