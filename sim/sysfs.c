/* A sysfs-shaped tree for the emulated device, so cellink's sysfs lookups
 * run the same code against the emulator as on hardware:
 *
 *   devices/pci0000:00/0000:00:14.0/usb1/1-1/            the USB device
 *       idVendor idProduct busnum devnum manufacturer product speed ...
 *       1-1:1.N/                                          each interface
 *           bInterfaceNumber bInterfaceClass ... driver -> bus/usb/drivers/X
 *           ep_XX/bEndpointAddress bmAttributes wMaxPacketSize
 *           ttyUSBk/                                      serial functions
 *           usbmisc/cdc-wdmN/dev                          the QMI (or, --mbim, cdc_mbim's) function
 *           net/wwan0/qmi/raw_ip                          its network device
 *   bus/usb/devices/{1-1,1-1:1.N} -> the device and interfaces
 *   bus/usb/drivers/{qmi_wwan,qcserial,option}/, module/qmi_wwan/
 *   class/usbmisc/cdc-wdmN, class/net/wwan0, class/tty/ttyUSBk -> the nodes
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/sim.h"

#define DEV "devices/pci0000:00/0000:00:14.0/usb1/1-1"
#define PCAP 512

struct tree {
	const char *root;
	int err;
};

static void mkdir_p(struct tree *t, const char *rel)
{
	char p[PCAP];
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", t->root, rel) >= sizeof(p)) {
		t->err = -ENAMETOOLONG;
		return;
	}
	for (char *c = p + strlen(t->root) + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = 0;
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			t->err = -errno;
		*c = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		t->err = -errno;
}

static void attr(struct tree *t, const char *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void attr(struct tree *t, const char *dir, const char *name, const char *fmt, ...)
{
	char p[PCAP], v[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(v, sizeof(v) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)snprintf(p, sizeof(p), "%s/%s/%s", t->root, dir, name) >= sizeof(p)) {
		t->err = -ENAMETOOLONG;
		return;
	}
	v[n] = '\n';
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		t->err = -errno;
		return;
	}
	if (write(fd, v, (size_t)n + 1) != n + 1)
		t->err = -EIO;
	close(fd);
}

/* A symlink at root/link pointing (relatively, as sysfs does) to root/target. */
static void link_rel(struct tree *t, const char *target, const char *link)
{
	char rel[PCAP] = "", p[PCAP];
	for (const char *c = strchr(link, '/'); c; c = strchr(c + 1, '/'))
		strncat(rel, "../", sizeof(rel) - strlen(rel) - 1);
	strncat(rel, target, sizeof(rel) - strlen(rel) - 1);
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", t->root, link) >= sizeof(p)) {
		t->err = -ENAMETOOLONG;
		return;
	}
	unlink(p);
	if (symlink(rel, p) < 0)
		t->err = -errno;
}

/* cdc-wdmN from the --qmi path when it is named so, else cdc-wdm0. */
static void wdm_name(const struct sim *s, char *out, size_t cap)
{
	const char *base = strrchr(s->port.path, '/');
	base = base ? base + 1 : s->port.path;
	unsigned n;
	if (sscanf(base, "cdc-wdm%u", &n) != 1)
		n = 0;
	snprintf(out, cap, "cdc-wdm%u", n);
}

static void interface(struct tree *t, const struct sim *s, const struct sim_usb_if *f, unsigned *tty)
{
	char dir[128], name[32], p[PCAP], q[PCAP];
	snprintf(name, sizeof(name), "1-1:1.%u", f->num);
	snprintf(dir, sizeof(dir), DEV "/%s", name);
	mkdir_p(t, dir);
	attr(t, dir, "bInterfaceNumber", "%02x", f->num);
	attr(t, dir, "bAlternateSetting", "%2u", 0);
	attr(t, dir, "bInterfaceClass", "%02x", f->cls);
	attr(t, dir, "bInterfaceSubClass", "%02x", f->sub);
	attr(t, dir, "bInterfaceProtocol", "%02x", f->proto);
	attr(t, dir, "bNumEndpoints", "%02x", f->n_ep);
	for (unsigned e = 0; e < f->n_ep; e++) {
		snprintf(p, sizeof(p), "%s/ep_%02x", dir, f->ep[e].addr);
		mkdir_p(t, p);
		attr(t, p, "bEndpointAddress", "%02x", f->ep[e].addr);
		attr(t, p, "bmAttributes", "%02x", f->ep[e].attr);
		attr(t, p, "wMaxPacketSize", "%04x", f->ep[e].maxps);
	}
	snprintf(p, sizeof(p), "bus/usb/devices/%s", name);
	link_rel(t, dir, p);
	/* the MBIM personality: its control function is cdc_mbim's */
	const char *drv = f->role == SIM_IF_QMI && s->mbim ? "cdc_mbim" : f->driver;
	if (drv) {
		snprintf(p, sizeof(p), "bus/usb/drivers/%s", drv);
		mkdir_p(t, p);
		snprintf(q, sizeof(q), "%s/driver", dir);
		link_rel(t, p, q);
	}
	if (f->role == SIM_IF_SERIAL && f->driver) {
		snprintf(p, sizeof(p), "%s/ttyUSB%u/tty/ttyUSB%u", dir, *tty, *tty);
		mkdir_p(t, p);
		snprintf(q, sizeof(q), "class/tty/ttyUSB%u", *tty);
		link_rel(t, p, q);
		(*tty)++;
	} else if (f->role == SIM_IF_QMI) {
		char wdm[24];
		wdm_name(s, wdm, sizeof(wdm));
		snprintf(p, sizeof(p), "%s/usbmisc/%s", dir, wdm);
		mkdir_p(t, p);
		attr(t, p, "dev", "180:%s", wdm + 7);
		link_rel(t, p, (snprintf(q, sizeof(q), "class/usbmisc/%s", wdm), q));
		snprintf(p, sizeof(p), "%s/net/%s", dir, s->ifname);
		mkdir_p(t, p);
		attr(t, p, "mtu", "%u", s->m.net.mtu);
		attr(t, p, "type", "%u", s->m.link_layer == 2 ? 65534 : 1);
		snprintf(q, sizeof(q), "%s/net/%s/qmi", dir, s->ifname);
		if (!s->mbim) {         /* cdc_mbim is raw IP, without qmi_wwan's switches */
			mkdir_p(t, q);
			/* the kernel starts in 802.3; the host flips it for raw-ip */
			attr(t, q, "raw_ip", "N");
			attr(t, q, "add_mux", "%s", "");
			attr(t, q, "del_mux", "%s", "");
		}
		link_rel(t, p, (snprintf(q, sizeof(q), "class/net/%s", s->ifname), q));
	}
}

int sim_sysfs_write(struct sim *s, const char *dir)
{
	const struct sim_profile *p = s->prof;
	struct tree t = { dir, 0 };
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	mkdir_p(&t, DEV);
	mkdir_p(&t, "bus/usb/devices");
	mkdir_p(&t, "class/usbmisc");
	mkdir_p(&t, "class/net");
	mkdir_p(&t, "class/tty");
	mkdir_p(&t, "module/qmi_wwan");
	if (t.err)
		return t.err;
	attr(&t, DEV, "idVendor", "%04x", p->vid);
	attr(&t, DEV, "idProduct", "%04x", p->pid);
	attr(&t, DEV, "bcdDevice", "%s", p->usb_rev);
	attr(&t, DEV, "busnum", "1");
	attr(&t, DEV, "devnum", "2");
	attr(&t, DEV, "devpath", "1");
	attr(&t, DEV, "speed", "480");
	attr(&t, DEV, "bDeviceClass", "00");
	attr(&t, DEV, "bConfigurationValue", "1");
	attr(&t, DEV, "bNumInterfaces", "%2zu", p->n_ifs);
	attr(&t, DEV, "manufacturer", "%s", p->usb_manufacturer);
	attr(&t, DEV, "product", "%s", p->usb_product);
	if (p->usb_serial)
		attr(&t, DEV, "serial", "%s", p->usb_serial);
	link_rel(&t, DEV, "bus/usb/devices/1-1");
	unsigned tty = 0;
	for (size_t i = 0; i < p->n_ifs; i++)
		interface(&t, s, &p->ifs[i], &tty);
	if (!t.err)
		snprintf(s->sysfs_dir, sizeof(s->sysfs_dir), "%s", dir);
	return t.err;
}
