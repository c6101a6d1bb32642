/* cellink doctor: which modem is this, what owns each of its interfaces,
 * and what to do about it. All the knowledge is in src/usb; this file
 * reads the inputs and prints. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

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
	const char *file = NULL, *kernel = NULL, *sysfs = NULL;
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
	struct strbuf in, out;
	sb_init(&in);
	sb_init(&out);
	if (!l || !an) {
		fprintf(stderr, "cellink doctor: out of memory\n");
		goto out;
	}

	bool live = !file;
	const char *source = file;
	int r = 0;
	if (live) {
		source = DEBUGFS_DEVICES;
		if (!sysfs)
			sysfs = "/sys";
		int rd = read_path(DEBUGFS_DEVICES, &in);
		if (rd < 0) {
			/* debugfs not mounted or not root: sysfs has most of it. */
			sb_reset(&in);
			r = usb_sysfs_read(sysfs, l);
			if (r < 0) {
				fprintf(stderr, "cellink doctor: cannot read %s (%s) nor %s/bus/usb/devices (%s)\n",
					DEBUGFS_DEVICES, cl_strerror(rd), sysfs, cl_strerror(r));
				goto out;
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

	usb_analyze(l, &k, an);
	if (json)
		usb_report_json(l, an, &out);
	else
		usb_report_text(l, an, &out);
	fwrite(sb_str(&out), 1, out.len, stdout);
	status = an->problems || !an->n_dev ? 1 : 0;
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
	return status;
}
