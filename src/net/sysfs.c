/* The qmi_wwan raw_ip switch, the cdc-wdm -> wwan lookup. */
#include "net/net.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *root_or_sys(const char *sysroot)
{
	return sysroot && sysroot[0] ? sysroot : "/sys";
}

int net_raw_ip_get(const char *sysroot, const char *ifname)
{
	char p[512], v[8] = "";
	snprintf(p, sizeof(p), "%s/class/net/%s/qmi/raw_ip", root_or_sys(sysroot), ifname);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, v, sizeof(v) - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return v[0] == 'Y' || v[0] == 'y' || v[0] == '1';
}

static int write_switch(const char *p, bool on)
{
	int fd = open(p, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, on ? "Y\n" : "N\n", 2);
	int e = errno;
	close(fd);
	return n == 2 ? 0 : -e;
}

int net_raw_ip_set(const char *sysroot, const char *ifname, bool on, char *why, size_t cap)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/class/net/%s/qmi/raw_ip", root_or_sys(sysroot), ifname);
	int cur = net_raw_ip_get(sysroot, ifname);
	if (cur < 0) {
		snprintf(why, cap, "%s: %s", p, strerror(-cur));
		return cur;
	}
	if (cur == on) {
		snprintf(why, cap, "kernel: %s already in %s mode", ifname, on ? "raw-ip" : "802.3");
		return 0;
	}
	/* the kernel refuses the switch while the interface is up */
	bool have_link = net_ifindex(ifname) > 0;
	if (have_link)
		net_link_set(ifname, false, 0);
	int r = write_switch(p, on);
	if (have_link)
		net_link_set(ifname, true, 0);
	if (r < 0) {
		snprintf(why, cap, "writing %s: %s", p, strerror(-r));
		return r;
	}
	snprintf(why, cap, "kernel: %s switched to %s%s", ifname, on ? "raw-ip" : "802.3",
		 have_link ? " (down, set, up)" : " (no such interface here: switch set only)");
	return 0;
}

bool net_is_qmi_wwan(const char *sysroot, const char *ifname)
{
	char p[512], target[256];
	snprintf(p, sizeof(p), "%s/class/net/%s/qmi", root_or_sys(sysroot), ifname);
	if (access(p, F_OK) == 0)
		return true;
	snprintf(p, sizeof(p), "%s/class/net/%s/device/driver", root_or_sys(sysroot), ifname);
	ssize_t n = readlink(p, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = 0;
	const char *base = strrchr(target, '/');
	return !strcmp(base ? base + 1 : target, "qmi_wwan");
}

static int first_entry(const char *dir, char *out, size_t cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	struct dirent *e;
	int r = -ENOENT;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(out, cap, "%s", e->d_name);
			r = 0;
			break;
		}
	closedir(d);
	return r;
}

int net_ifname_for_device(const char *sysroot, const char *device, char *out, size_t cap)
{
	const char *base = strrchr(device, '/');
	base = base ? base + 1 : device;
	char p[512];
	/* the USB interface that holds cdc-wdmN also holds its net device */
	snprintf(p, sizeof(p), "%s/class/usbmisc/%s/device/net", root_or_sys(sysroot), base);
	if (first_entry(p, out, cap) == 0)
		return 0;
	/* trees without the device link: .../1-1:1.8/usbmisc/cdc-wdmN -> ../../net */
	snprintf(p, sizeof(p), "%s/class/usbmisc/%s/../../net", root_or_sys(sysroot), base);
	return first_entry(p, out, cap);
}

int net_wdm_driver(const char *sysroot, const char *device, char *out, size_t cap)
{
	const char *base = strrchr(device, '/');
	base = base ? base + 1 : device;
	char p[512], link[512];
	/* the USB interface that holds cdc-wdmN is bound to the network driver */
	snprintf(p, sizeof(p), "%s/class/usbmisc/%s/device/driver", root_or_sys(sysroot), base);
	ssize_t n = readlink(p, link, sizeof(link) - 1);
	if (n < 0) {
		/* trees without the device link: .../1-1:1.8/usbmisc/cdc-wdmN -> ../../driver */
		snprintf(p, sizeof(p), "%s/class/usbmisc/%s/../../driver", root_or_sys(sysroot), base);
		n = readlink(p, link, sizeof(link) - 1);
	}
	if (n < 0)
		return -errno;
	link[n] = 0;
	const char *name = strrchr(link, '/');
	snprintf(out, cap, "%s", name ? name + 1 : link);
	return 0;
}

/* The upper_* links of ifname (the mux interfaces on it), as one
 * space-separated list. */
static void uppers(const char *sysroot, const char *ifname, char *out, size_t cap)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/class/net/%s", root_or_sys(sysroot), ifname);
	out[0] = 0;
	DIR *d = opendir(p);
	if (!d)
		return;
	struct dirent *e;
	size_t len = 0;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "upper_", 6) && len + strlen(e->d_name) + 1 < cap)
			len += (size_t)snprintf(out + len, cap - len, "%s ", e->d_name + 6);
	closedir(d);
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *c = list; (c = strstr(c, name)); c += n)
		if ((c == list || c[-1] == ' ') && c[n] == ' ')
			return true;
	return false;
}

/* Does the add_mux attribute list mux_id ("0x01" lines)? */
static bool mux_present(const char *path, uint8_t mux_id)
{
	char v[1024];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, v, sizeof(v) - 1);
	close(fd);
	if (n <= 0)
		return false;
	v[n] = 0;
	for (char *c = v; *c;) {
		char *end;
		unsigned long id = strtoul(c, &end, 0);
		if (end == c)
			break;
		if (id == mux_id)
			return true;
		c = end + strspn(end, " \n");
	}
	return false;
}

static int write_number(const char *path, unsigned v)
{
	char t[8];
	int len = snprintf(t, sizeof(t), "%u\n", v);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, t, (size_t)len);
	int e = errno;
	close(fd);
	return n == len ? 0 : -e;
}

int net_qmap_add_mux(const char *sysroot, const char *ifname, uint8_t mux_id, char *out, size_t cap,
		     char *why, size_t why_cap)
{
	char add[512], del[512], before[512], after[512];
	snprintf(add, sizeof(add), "%s/class/net/%s/qmi/add_mux", root_or_sys(sysroot), ifname);
	snprintf(del, sizeof(del), "%s/class/net/%s/qmi/del_mux", root_or_sys(sysroot), ifname);
	if (access(add, F_OK) < 0) {
		int e = -errno;
		snprintf(why, why_cap, "%s: %s", add, strerror(-e));
		return e;
	}
	if (mux_id < 1 || mux_id > 254) {
		snprintf(why, why_cap, "mux id %u is outside 1..254", mux_id);
		return -EINVAL;
	}
	bool again = mux_present(add, mux_id);
	if (again) {
		/* left by a run before: made afresh (gone at once on a kernel) */
		write_number(del, mux_id);
		for (int tries = 0; tries < 250 && mux_present(add, mux_id); tries++)
			usleep(20000);
	}
	uppers(sysroot, ifname, before, sizeof(before));
	int r = write_number(add, mux_id);
	bool cycled = false;
	if (r == -EBUSY && net_ifindex(ifname) > 0) {
		/* qmi_wwan before Linux 5.12 adds a mux only while ifname is down */
		net_link_set(ifname, false, 0);
		r = write_number(add, mux_id);
		net_link_set(ifname, true, 0);
		cycled = true;
	}
	if (r < 0) {
		snprintf(why, why_cap, "writing %u to %s: %s", mux_id, add, strerror(-r));
		return r;
	}
	for (int tries = 0; tries < 250; tries++) {
		uppers(sysroot, ifname, after, sizeof(after));
		for (char *c = after, *sp; (sp = strchr(c, ' ')); c = sp + 1) {
			*sp = 0;
			bool fresh = !in_list(before, c);
			if (fresh) {
				snprintf(out, cap, "%s", c);
				snprintf(why, why_cap, "kernel: QMAP mux id %u on %s is %s%s%s", mux_id, ifname, out,
					 again ? " (made afresh)" : "", cycled ? " (down, add, up)" : "");
				return 0;
			}
			*sp = ' ';
		}
		usleep(20000);
	}
	snprintf(why, why_cap, "wrote %u to %s, but no new interface appeared on %s", mux_id, add, ifname);
	return -ETIMEDOUT;
}

int net_wdm_usb_iface(const char *sysroot, const char *device)
{
	const char *base = strrchr(device, '/');
	base = base ? base + 1 : device;
	char p[512], v[16] = "";
	snprintf(p, sizeof(p), "%s/class/usbmisc/%s/../../bInterfaceNumber", root_or_sys(sysroot), base);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, v, sizeof(v) - 1);
	int e = errno;
	close(fd);
	if (n <= 0)
		return n < 0 ? -e : -EIO;
	return (int)strtoul(v, NULL, 16);
}
