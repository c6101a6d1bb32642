/* The qmi_wwan raw_ip switch, the cdc-wdm -> wwan lookup. */
#include "net/net.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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
