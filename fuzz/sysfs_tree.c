/* libFuzzer target: the sysfs readers (src/usb/sysfs.c, src/usb/pcie.c and
 * the raw_ip / interface-name readers of src/net/sysfs.c) over a fake sysfs
 * tree that the input describes, built under a private temporary directory
 * and removed after each run.
 *
 * Input: records separated by NUL. A record's first line is a relative path
 * (letters, digits, . _ : - and /; no "..", no leading /), the rest is the
 * file's contents. A first line "PATH -> TARGET" makes a symlink instead (a
 * relative target whose ".." steps stay inside the tree); a path
 * ending in / makes a directory. Parent directories are made as needed;
 * records that cannot be made are skipped. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "net/net.h"
#include "usb/usb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 24
#define MAX_NAME 120

static bool safe_rel(const char *p, size_t n)
{
	if (!n || n > MAX_NAME || p[0] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == ':' || c == '-' || c == '/'))
			return false;
		if (c == '.' && i + 1 < n && p[i + 1] == '.')
			return false;
	}
	return true;
}

/* A symlink target: relative, and its ".." steps never climb above the
 * tree's root from the link's directory (depth = that directory's depth). */
static bool safe_target(const char *t, int depth)
{
	size_t n = strlen(t);
	if (!n || n > MAX_NAME || t[0] == '/')
		return false;
	for (const char *c = t; *c;) {
		size_t k = strcspn(c, "/");
		if (k == 2 && c[0] == '.' && c[1] == '.') {
			if (--depth < 0)
				return false;
		} else if (k && !(k == 1 && c[0] == '.')) {
			if (!safe_rel(c, k))
				return false;
			depth++;
		}
		c += k + (c[k] == '/');
	}
	return true;
}

/* mkdir -p of the parents of root/rel */
static void parents(const char *root, const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(p, 0700);
		*s = '/';
	}
}

static void make_record(const char *root, const char *rec, size_t n)
{
	const char *nl = memchr(rec, '\n', n);
	size_t hl = nl ? (size_t)(nl - rec) : n;
	const char *body = nl ? nl + 1 : rec + n;
	size_t bl = (size_t)(rec + n - body);
	char head[2 * MAX_NAME + 8];
	if (hl >= sizeof(head))
		return;
	memcpy(head, rec, hl);
	head[hl] = 0;
	char *arrow = strstr(head, " -> ");
	char *target = NULL;
	if (arrow) {
		*arrow = 0;
		target = arrow + 4;
	}
	size_t pl = strlen(head);
	bool dir = pl && head[pl - 1] == '/';
	while (pl && head[pl - 1] == '/')
		head[--pl] = 0;
	if (!safe_rel(head, pl))
		return;
	if (target) {
		int depth = 0;
		for (const char *c = head; (c = strchr(c, '/')); c++)
			depth++;
		if (!safe_target(target, depth))
			return;
	}
	parents(root, head);
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, head);
	if (target) {
		if (symlink(target, p) < 0)
			(void)0;        /* skipped, as said above */
		return;
	}
	if (dir) {
		mkdir(p, 0700);
		return;
	}
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (bl && write(fd, body, bl) < 0)
		(void)0;
	close(fd);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

static char base[64];

static void rm_base(void)
{
	if (base[0])
		nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct usb_listing l;    /* large; reused between runs */
	static struct usb_analysis a;
	static struct usb_pcie pcie;
	if (!base[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(base, sizeof(base), "%s/cellink-fuzz-sysfs.XXXXXX",
			 t && t[0] && strlen(t) < 30 ? t : "/tmp");
		if (!mkdtemp(base)) {
			base[0] = 0;
			return 0;
		}
		atexit(rm_base);
	}
	char root[96];
	snprintf(root, sizeof(root), "%s/s", base);
	if (mkdir(root, 0700) < 0 && errno != EEXIST)
		return 0;

	size_t off = 0;
	for (int r = 0; r < MAX_RECORDS && off < size; r++) {
		const uint8_t *z = memchr(data + off, 0, size - off);
		size_t n = z ? (size_t)(z - (data + off)) : size - off;
		make_record(root, (const char *)data + off, n);
		off += n + 1;
	}

	if (usb_sysfs_read(root, &l) >= 0) {
		usb_sysfs_annotate(root, &l);
		struct usb_kernel k;
		usb_kernel_parse(&k, "5.15.0");
		usb_sysfs_kernel(root, &k);
		if (usb_pcie_read(root, &pcie) >= 0)
			k.pcie = &pcie;
		usb_analyze(&l, &k, &a);
		struct strbuf sb;
		sb_init(&sb);
		usb_report_text(&l, &a, &sb);
		usb_report_json(&l, &a, &sb);
		usb_pcie_text(&pcie, &sb);
		usb_pcie_json(&pcie, &sb);
		sb_free(&sb);
	}
	char ifn[32];
	net_raw_ip_get(root, "wwan0");
	net_is_qmi_wwan(root, "wwan0");
	net_ifname_for_device(root, "/dev/cdc-wdm0", ifn, sizeof(ifn));

	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
