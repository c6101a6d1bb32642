/* Reading a sysfs tree (ROOT/bus/usb/devices/...). The root is a
 * parameter so tests build synthetic trees. */
#include "usb/kernel_ids.h"
#include "common/util.h"
#include "usb/usb.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATHCAP 512

/* Reads a small attribute file into buf (trailing newline removed).
 * Returns false when it cannot be read. */
static bool attr(const char *dir, const char *name, char *buf, size_t cap)
{
	char p[PATHCAP];
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) >= sizeof(p))
		return false;
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return true;
}

static bool attr_num(const char *dir, const char *name, int base, unsigned long *v)
{
	char b[32], *end;
	if (!attr(dir, name, b, sizeof(b)) || !b[0])
		return false;
	errno = 0;
	*v = strtoul(b, &end, base);
	return !errno && end != b;
}


static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's entries (no dot entries); caller frees. */
static int list_dir(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[n] = strdup(e->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return (int)n;
}

static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The first entry of dir/sub whose name starts with prefix. */
static bool first_child(const char *dir, const char *sub, const char *prefix, char *out, size_t cap)
{
	char p[PATHCAP];
	if ((size_t)snprintf(p, sizeof(p), "%s%s%s", dir, sub[0] ? "/" : "", sub) >= sizeof(p))
		return false;
	char **v;
	int n = list_dir(p, &v);
	if (n < 0)
		return false;
	bool found = false;
	for (int i = 0; i < n && !found; i++)
		if (!strncmp(v[i], prefix, strlen(prefix))) {
			cl_strcopy(out, cap, v[i]);
			found = true;
		}
	free_list(v, n);
	return found;
}

static void iface_nodes(const char *dir, struct usb_iface *f)
{
	char p[PATHCAP], link[PATHCAP];
	if ((size_t)snprintf(p, sizeof(p), "%s/driver", dir) < sizeof(p)) {
		ssize_t n = readlink(p, link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = 0;
			const char *base = strrchr(link, '/');
			cl_strcopy(f->driver, sizeof(f->driver), base ? base + 1 : link);
		}
	}
	if (!first_child(dir, "", "ttyUSB", f->tty, sizeof(f->tty)))
		first_child(dir, "tty", "tty", f->tty, sizeof(f->tty));
	if (!first_child(dir, "usbmisc", "cdc-wdm", f->wdm, sizeof(f->wdm)))
		first_child(dir, "usb", "cdc-wdm", f->wdm, sizeof(f->wdm));
	first_child(dir, "net", "", f->net, sizeof(f->net));
}

static void endpoints(struct usb_listing *l, const char *dir, struct usb_iface *f)
{
	char **v;
	int n = list_dir(dir, &v);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		if (strncmp(v[i], "ep_", 3) || l->n_ep >= USB_MAX_EPS)
			continue;
		char p[PATHCAP];
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, v[i]) >= sizeof(p))
			continue;
		unsigned long addr = 0, atr = 0, mps = 0;
		attr_num(p, "bEndpointAddress", 16, &addr);
		attr_num(p, "bmAttributes", 16, &atr);
		attr_num(p, "wMaxPacketSize", 16, &mps);
		struct usb_ep *e = &l->ep[l->n_ep++];
		e->addr = (uint8_t)addr;
		e->type = (uint8_t)(atr & 3);
		e->maxps = (uint16_t)(mps & 0xffff);
		f->ep_count++;
	}
	free_list(v, n);
}

int usb_sysfs_read(const char *root, struct usb_listing *l)
{
	memset(l, 0, offsetof(struct usb_listing, dev));
	l->format = USB_FMT_SYSFS;
	char base[PATHCAP];
	if ((size_t)snprintf(base, sizeof(base), "%s/bus/usb/devices", root) >= sizeof(base))
		return -ENAMETOOLONG;
	char **v;
	int n = list_dir(base, &v);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		if (strchr(v[i], ':') || !strncmp(v[i], "usb", 3))
			continue;
		if (l->n_dev >= USB_MAX_DEVICES || l->n_cfg >= USB_MAX_CONFIGS) {
			l->dropped++;
			continue;
		}
		char dir[PATHCAP];
		if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", base, v[i]) >= sizeof(dir))
			continue;
		unsigned long x;
		struct usb_device *d = &l->dev[l->n_dev];
		memset(d, 0, sizeof(*d));
		cl_strcopy(d->sysname, sizeof(d->sysname), v[i]);
		unsigned long vid, pid;
		if (attr_num(dir, "idVendor", 16, &vid) && attr_num(dir, "idProduct", 16, &pid)) {
			d->vid = (uint16_t)vid;
			d->pid = (uint16_t)pid;
			d->have_ids = true;
		}
		if (attr_num(dir, "busnum", 10, &x))
			d->bus = (uint8_t)x;
		if (attr_num(dir, "devnum", 10, &x))
			d->devnum = (uint8_t)x;
		if (attr_num(dir, "bDeviceClass", 16, &x))
			d->cls = (uint8_t)x;
		attr(dir, "manufacturer", d->manufacturer, sizeof(d->manufacturer));
		attr(dir, "product", d->product, sizeof(d->product));
		attr(dir, "speed", d->speed, sizeof(d->speed));
		unsigned long cfgv = 1;
		attr_num(dir, "bConfigurationValue", 10, &cfgv);
		d->cfg_first = (uint16_t)l->n_cfg;
		d->cfg_count = 1;
		struct usb_config *c = &l->cfg[l->n_cfg++];
		memset(c, 0, sizeof(*c));
		c->number = (uint8_t)cfgv;
		c->marked = c->active = true;
		c->if_first = (uint16_t)l->n_if;
		l->n_dev++;
		/* Interfaces: "<dev>:<cfg>.<n>", in numeric order of n. */
		char prefix[64];
		snprintf(prefix, sizeof(prefix), "%s:%lu.", v[i], cfgv);
		for (unsigned num = 0; num < 256; num++) {
			char name[80];
			snprintf(name, sizeof(name), "%s%u", prefix, num);
			char idir[PATHCAP];
			if ((size_t)snprintf(idir, sizeof(idir), "%s/%s", base, name) >= sizeof(idir) ||
			    !exists(idir))
				continue;
			if (l->n_if >= USB_MAX_IFACES) {
				l->dropped++;
				break;
			}
			struct usb_iface *f = &l->ifc[l->n_if++];
			memset(f, 0, sizeof(*f));
			c->if_count++;
			f->marked = f->active = true;
			f->number = (uint8_t)num;
			if (attr_num(idir, "bInterfaceNumber", 16, &x))
				f->number = (uint8_t)x;
			if (attr_num(idir, "bAlternateSetting", 10, &x))
				f->alt = (uint8_t)x;
			if (attr_num(idir, "bInterfaceClass", 16, &x))
				f->cls = (uint8_t)x;
			if (attr_num(idir, "bInterfaceSubClass", 16, &x))
				f->sub = (uint8_t)x;
			if (attr_num(idir, "bInterfaceProtocol", 16, &x))
				f->proto = (uint8_t)x;
			if (attr_num(idir, "bNumEndpoints", 16, &x))
				f->n_eps_declared = (uint8_t)x;
			attr(idir, "modalias", f->modalias, sizeof(f->modalias));
			f->ep_first = (uint16_t)l->n_ep;
			endpoints(l, idir, f);
			iface_nodes(idir, f);
		}
	}
	free_list(v, n);
	return (int)l->n_dev;
}

int usb_sysfs_annotate(const char *root, struct usb_listing *l)
{
	struct usb_listing *s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	int r = usb_sysfs_read(root, s);
	if (r < 0) {
		free(s);
		return r;
	}
	bool used[USB_MAX_DEVICES] = { false };
	int count = 0;
	for (size_t d = 0; d < l->n_dev; d++) {
		struct usb_device *dv = &l->dev[d];
		long match = -1;
		for (size_t e = 0; e < s->n_dev && match < 0; e++)
			if (!used[e] && s->dev[e].vid == dv->vid && s->dev[e].pid == dv->pid &&
			    s->dev[e].bus == dv->bus && s->dev[e].devnum == dv->devnum)
				match = (long)e;
		for (size_t e = 0; e < s->n_dev && match < 0; e++)
			if (!used[e] && s->dev[e].vid == dv->vid && s->dev[e].pid == dv->pid)
				match = (long)e;
		if (match < 0)
			continue;
		used[match] = true;
		const struct usb_device *sd = &s->dev[match];
		cl_strcopy(dv->sysname, sizeof(dv->sysname), sd->sysname);
		const struct usb_config *sc = &s->cfg[sd->cfg_first];
		const struct usb_config *lc = usb_active_config(l, d);
		if (!lc)
			continue;
		for (size_t i = lc->if_first; i < (size_t)lc->if_first + lc->if_count; i++) {
			struct usb_iface *f = &l->ifc[i];
			if (!f->active)
				continue;
			for (size_t j = sc->if_first; j < (size_t)sc->if_first + sc->if_count; j++) {
				const struct usb_iface *g = &s->ifc[j];
				if (g->number != f->number)
					continue;
				memcpy(f->tty, g->tty, sizeof(f->tty));
				memcpy(f->wdm, g->wdm, sizeof(f->wdm));
				memcpy(f->net, g->net, sizeof(f->net));
				if (!f->driver[0])
					memcpy(f->driver, g->driver, sizeof(f->driver));
				memcpy(f->modalias, g->modalias, sizeof(f->modalias));
				count++;
				break;
			}
		}
	}
	free(s);
	return count;
}

void usb_sysfs_kernel(const char *root, struct usb_kernel *k)
{
	char p[PATHCAP];
	snprintf(p, sizeof(p), "%s/module/qmi_wwan", root);
	k->qmi_wwan_loaded = exists(p) ? 1 : 0;
	snprintf(p, sizeof(p), "%s/bus/usb/drivers/qmi_wwan", root);
	if (exists(p))
		k->qmi_wwan_loaded = 1;
	snprintf(p, sizeof(p), "%s/bus/usb/drivers", root);
	k->drivers_seen = exists(p);
	k->usb_drivers = k->serial_drivers = 0;
	for (int d = 0; d < USB_KD_COUNT_ && k->drivers_seen; d++) {
		snprintf(p, sizeof(p), "%s/bus/usb/drivers/%s", root, usb_kdrv_name((enum usb_kdrv)d));
		if (exists(p))
			k->usb_drivers |= 1u << d;
		const char *sn = usb_kdrv_serial_name((enum usb_kdrv)d);
		snprintf(p, sizeof(p), "%s/bus/usb-serial/drivers/%s", root, sn ? sn : "-");
		if (sn && exists(p))
			k->serial_drivers |= 1u << d;
	}
	snprintf(p, sizeof(p), "%s/class/net", root);
	char **v;
	int n = list_dir(p, &v);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		char q[PATHCAP];
		snprintf(q, sizeof(q), "%s/class/net/%s/qmi", root, v[i]);
		if (!exists(q))
			continue;
		snprintf(q, sizeof(q), "%s/class/net/%s/qmi/raw_ip", root, v[i]);
		k->raw_ip_switch = exists(q) ? 1 : 0;
		snprintf(q, sizeof(q), "%s/class/net/%s/qmi/add_mux", root, v[i]);
		k->add_mux = exists(q) ? 1 : 0;
	}
	free_list(v, n);
}

void usb_host_managers(const char *root, struct usb_kernel *k)
{
	char p[PATHCAP];
	snprintf(p, sizeof(p), "%s/proc", root);
	DIR *d = opendir(p);
	if (!d)
		return;
	k->modemmanager = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (end == e->d_name || *end || pid <= 0)
			continue;
		char dir[PATHCAP], comm[64];
		if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", p, e->d_name) >= sizeof(dir))
			continue;
		if (attr(dir, "comm", comm, sizeof(comm)) && !strcmp(comm, "ModemManager")) {
			k->modemmanager = pid;
			break;
		}
	}
	closedir(d);
}
