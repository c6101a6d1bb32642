/* Other listings people paste: `lsusb -v` (descriptors, no drivers) and
 * `lsusb -t` (drivers and classes, no ids unless -tv), turned into the
 * T:/D:/P:/S:/C:/I:/E: records of /sys/kernel/debug/usb/devices so that
 * one parser (parse.c) reads them all. `usb-devices` prints those
 * records already. */
#include "usb/internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ln {
	const char *p;
	size_t n;
};

static struct ln trim(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	return (struct ln){ p, n };
}

static bool starts(struct ln l, const char *w)
{
	size_t k = strlen(w);
	return l.n >= k && !memcmp(l.p, w, k);
}

/* The number after key: "bInterfaceClass       255 Vendor" -> 255. */
static bool num_after(struct ln l, const char *key, unsigned long *v)
{
	size_t k = strlen(key);
	if (!starts(l, key) || (l.n > k && l.p[k] != ' ' && l.p[k] != '\t'))
		return false;
	char buf[32];
	size_t i = k, o = 0;
	while (i < l.n && (l.p[i] == ' ' || l.p[i] == '\t'))
		i++;
	while (i < l.n && o + 1 < sizeof(buf) && l.p[i] != ' ')
		buf[o++] = l.p[i++];
	buf[o] = 0;
	if (!o)
		return false;
	char *end;
	*v = strtoul(buf, &end, 0);
	return end != buf;
}

/* The text after "iProduct   2 " (the string itself). */
static void str_after_index(struct ln l, size_t klen, char *dst, size_t cap)
{
	size_t i = klen;
	while (i < l.n && (l.p[i] == ' ' || l.p[i] == '\t'))
		i++;
	while (i < l.n && l.p[i] >= '0' && l.p[i] <= '9')
		i++;
	while (i < l.n && l.p[i] == ' ')
		i++;
	size_t n = l.n - i < cap - 1 ? l.n - i : cap - 1;
	memcpy(dst, l.p + i, n);
	dst[n] = 0;
}

struct vstate {
	struct strbuf *out;
	bool in_if, if_emitted, proto_seen;
	unsigned long ifnum, alt, neps, cls, sub, proto;
	/* The last interface association: its first interface and the
	 * class, subclass and protocol of the function it forms. */
	bool in_iad, have_iad;
	unsigned long iad_first, iad_cls, iad_sub, iad_proto;
	bool in_ep;
	unsigned long ep_addr, ep_attr, ep_mps;
	bool dev_open;
	unsigned long bus, devnum, vid, pid, dcls, dsub, dproto, ncfg;
	char rev[16], mfr[64], prod[96];
	bool dev_emitted;
};

static void flush_dev(struct vstate *s)
{
	if (!s->dev_open || s->dev_emitted)
		return;
	sb_printf(s->out, "T:  Bus=%02lu Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=%3lu Spd=480 MxCh= 0\n", s->bus % 100,
		  s->devnum % 1000);
	sb_printf(s->out, "D:  Ver= 2.00 Cls=%02lx(x) Sub=%02lx Prot=%02lx MxPS=64 #Cfgs=%3lu\n", s->dcls & 0xff,
		  s->dsub & 0xff, s->dproto & 0xff, s->ncfg);
	sb_printf(s->out, "P:  Vendor=%04lx ProdID=%04lx Rev=%s\n", s->vid & 0xffff, s->pid & 0xffff,
		  s->rev[0] ? s->rev : "00.00");
	if (s->mfr[0])
		sb_printf(s->out, "S:  Manufacturer=%s\n", s->mfr);
	if (s->prod[0])
		sb_printf(s->out, "S:  Product=%s\n", s->prod);
	s->dev_emitted = true;
}

static void flush_ep(struct vstate *s)
{
	if (!s->in_ep)
		return;
	static const char *const t[] = { "Ctrl", "Isoc", "Bulk", "Int." };
	sb_printf(s->out, "E:  Ad=%02lx(%c) Atr=%02lx(%s) MxPS=%4lu Ivl=0ms\n", s->ep_addr & 0xff,
		  (s->ep_addr & 0x80) ? 'I' : 'O', s->ep_attr & 3, t[s->ep_attr & 3], s->ep_mps & 0x7ff);
	s->in_ep = false;
}

static void flush_if(struct vstate *s)
{
	if (!s->in_if || s->if_emitted)
		return;
	/* A copy cut short before the interface's protocol line: the
	 * association it opens names its function's class, subclass and
	 * protocol (the USB Interface Association Descriptor ECN), so the
	 * first interface of one of the same class and subclass takes the
	 * association's protocol. */
	if (!s->proto_seen && s->have_iad && s->ifnum == s->iad_first && s->cls == s->iad_cls &&
	    s->sub == s->iad_sub)
		s->proto = s->iad_proto;
	sb_printf(s->out, "I:  If#=%2lu Alt=%2lu #EPs=%2lu Cls=%02lx(x) Sub=%02lx Prot=%02lx Driver=(none)\n",
		  s->ifnum & 0xff, s->alt & 0xff, s->neps & 0xff, s->cls & 0xff, s->sub & 0xff, s->proto & 0xff);
	s->if_emitted = true;
}

static void lsusb_v_line(struct vstate *s, struct ln l)
{
	unsigned long v;
	unsigned b, d, vid, pid;
	if (l.n > 4 && sscanf(l.p, "Bus %u Device %u: ID %4x:%4x", &b, &d, &vid, &pid) == 4) {
		flush_ep(s);
		flush_if(s);
		struct strbuf *keep = s->out;
		memset(s, 0, sizeof(*s));
		s->out = keep;
		s->dev_open = true;
		s->dev_emitted = false;
		s->bus = b;
		s->devnum = d;
		s->vid = vid;
		s->pid = pid;
		return;
	}
	if (starts(l, "Device Descriptor:") && !s->dev_open) {
		s->dev_open = true;
		s->dev_emitted = false;
		return;
	}
	if (!s->dev_open)
		return;
	if (num_after(l, "idVendor", &v))
		s->vid = v;
	else if (num_after(l, "idProduct", &v))
		s->pid = v;
	else if (num_after(l, "bDeviceClass", &v))
		s->dcls = v;
	else if (num_after(l, "bDeviceSubClass", &v))
		s->dsub = v;
	else if (num_after(l, "bDeviceProtocol", &v))
		s->dproto = v;
	else if (num_after(l, "bNumConfigurations", &v))
		s->ncfg = v;
	else if (starts(l, "bcdDevice")) {
		struct ln r = trim(l.p + 9, l.n - 9);
		unsigned a = 0, c = 0;
		if (sscanf(r.p, "%u.%x", &a, &c) == 2)
			snprintf(s->rev, sizeof(s->rev), "%02u.%02x", a % 100, c & 0xff);
	} else if (starts(l, "iManufacturer"))
		str_after_index(l, 13, s->mfr, sizeof(s->mfr));
	else if (starts(l, "iProduct"))
		str_after_index(l, 8, s->prod, sizeof(s->prod));
	else if (starts(l, "Configuration Descriptor:")) {
		flush_ep(s);
		flush_if(s);
		flush_dev(s);
		s->in_if = s->in_iad = s->have_iad = false;
	} else if (num_after(l, "bNumInterfaces", &v)) {
		s->ifnum = v; /* held until bConfigurationValue */
	} else if (num_after(l, "bConfigurationValue", &v) && !s->in_if) {
		sb_printf(s->out, "C:* #Ifs=%2lu Cfg#=%2lu Atr=80 MxPwr=100mA\n", s->ifnum & 0xff, v & 0xff);
	} else if (starts(l, "Interface Association:")) {
		flush_ep(s);
		flush_if(s);
		s->in_if = false;
		s->in_iad = s->have_iad = true;
		s->iad_first = s->iad_cls = s->iad_sub = s->iad_proto = 0;
	} else if (s->in_iad && num_after(l, "bFirstInterface", &v)) {
		s->iad_first = v;
	} else if (s->in_iad && num_after(l, "bFunctionClass", &v)) {
		s->iad_cls = v;
	} else if (s->in_iad && num_after(l, "bFunctionSubClass", &v)) {
		s->iad_sub = v;
	} else if (s->in_iad && num_after(l, "bFunctionProtocol", &v)) {
		s->iad_proto = v;
	} else if (starts(l, "Interface Descriptor:")) {
		flush_ep(s);
		flush_if(s);
		s->in_if = true;
		s->in_iad = false;
		s->if_emitted = s->proto_seen = false;
		s->ifnum = s->alt = s->neps = s->cls = s->sub = s->proto = 0;
	} else if (s->in_if && num_after(l, "bInterfaceNumber", &v))
		s->ifnum = v;
	else if (s->in_if && num_after(l, "bAlternateSetting", &v))
		s->alt = v;
	else if (s->in_if && num_after(l, "bNumEndpoints", &v))
		s->neps = v;
	else if (s->in_if && num_after(l, "bInterfaceClass", &v))
		s->cls = v;
	else if (s->in_if && num_after(l, "bInterfaceSubClass", &v))
		s->sub = v;
	else if (s->in_if && num_after(l, "bInterfaceProtocol", &v)) {
		s->proto = v;
		s->proto_seen = true;
	}
	else if (s->in_if && starts(l, "Endpoint Descriptor:")) {
		flush_ep(s);
		flush_if(s);
		s->in_ep = true;
		s->ep_addr = s->ep_attr = s->ep_mps = 0;
	} else if (s->in_ep && num_after(l, "bEndpointAddress", &v))
		s->ep_addr = v;
	else if (s->in_ep && num_after(l, "bmAttributes", &v))
		s->ep_attr = v;
	else if (s->in_ep && num_after(l, "wMaxPacketSize", &v))
		s->ep_mps = v;
}

/* lsusb -t: "|__ Port 2: Dev 4, If 0, Class=Vendor Specific Class, Driver=qcserial, 480M". */
static unsigned class_by_name(const char *c, size_t n)
{
	static const struct {
		const char *name;
		unsigned cls;
	} names[] = {
		{ "Vendor Specific", 0xff }, { "CDC Data", 0x0a }, { "Communications", 0x02 },
		{ "Mass Storage", 0x08 }, { "Human Interface", 0x03 }, { "Wireless", 0xe0 },
		{ "Miscellaneous", 0xef }, { "Hub", 0x09 }, { "root_hub", 0x09 }, { "Audio", 0x01 },
		{ "Video", 0x0e }, { "Application Specific", 0xfe },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n >= strlen(names[i].name) && !memcmp(c, names[i].name, strlen(names[i].name)))
			return names[i].cls;
	return 0xff + 1;
}

/* Some lsusb versions print "Class=," for every interface: the bound
 * driver then tells the class, as each of these binds only one. */
static unsigned class_by_driver(const char *d)
{
	static const struct {
		const char *drv;
		unsigned cls;
	} map[] = {
		{ "option", 0xff }, { "qcserial", 0xff }, { "sierra", 0xff }, { "qmi_wwan", 0xff },
		{ "qmi_wwan_q", 0xff }, { "sierra_net", 0xff }, { "huawei_cdc_ncm", 0xff },
		{ "cdc_mbim", 0x02 }, { "cdc_ether", 0x02 }, { "cdc_ncm", 0x02 }, { "cdc_acm", 0x02 },
		{ "rndis_host", 0xe0 }, { "usb-storage", 0x08 }, { "uas", 0x08 }, { "usbhid", 0x03 },
		{ "btusb", 0xe0 },
	};
	if (!strncmp(d, "hub", 3))
		return 0x09;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(d, map[i].drv))
			return map[i].cls;
	return 0xff + 1;
}

struct tstate {
	struct strbuf *out;
	const char *text;       /* the whole paste, for ids printed beside the tree */
	size_t len;
	unsigned bus, dev;
	unsigned ports[8];      /* port numbers down the tree, by depth */
	char path[40];          /* the kernel's name of the open device: "1-1.4" */
	bool open;
	char pending_ifs[2048];
	size_t np;
	unsigned nifs;
	unsigned vid, pid;
	bool ids;
	char paired[96];        /* how the ids were paired by elimination, "" if not */
};

static void t_flush(struct tstate *t)
{
	if (!t->open)
		return;
	sb_printf(t->out, "T:  Bus=%02u Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=%3u Spd=480 MxCh= 0\n", t->bus % 100,
		  t->dev % 1000);
	sb_printf(t->out, "D:  Ver= 2.00 Cls=00(>ifc ) Sub=00 Prot=00 MxPS=64 #Cfgs=  1\n");
	if (t->ids)
		sb_printf(t->out, "P:  Vendor=%04x ProdID=%04x Rev=00.00\n", t->vid, t->pid);
	if (t->ids && t->paired[0])
		sb_printf(t->out, "S:  IdsPaired=%s\n", t->paired);
	sb_printf(t->out, "C:* #Ifs=%2u Cfg#= 1 Atr=80 MxPwr=100mA\n", t->nifs);
	sb_put(t->out, t->pending_ifs, t->np);
	t->open = false;
	t->np = 0;
	t->nifs = 0;
	t->ids = false;
	t->paired[0] = 0;
}

/* lsusb -t names no ids. People often paste plain `lsusb` beside it ("Bus 001
 * Device 002: ID 2c7c:0125 ...") or the kernel's "usb 1-1.4: New USB device
 * found, idVendor=2c7c, idProduct=0121": take the open device's ids from
 * either, matched by bus and device number or by the tree's port path. */
static bool t_ids(const struct tstate *t, unsigned *vid, unsigned *pid)
{
	/* Every occurrence counts, not only one a line: a paste that lost its
	 * line breaks runs the lsusb lines together. */
	for (size_t i = 0; i + 4 < t->len; i++) {
		char buf[120];
		size_t n = t->len - i < sizeof(buf) - 1 ? t->len - i : sizeof(buf) - 1;
		unsigned b, d, v, p;
		if (!memcmp(t->text + i, "Bus ", 4)) {
			memcpy(buf, t->text + i, n);
			buf[n] = 0;
			if (sscanf(buf, "Bus %u Device %u: ID %4x:%4x", &b, &d, &v, &p) == 4 && b == t->bus &&
			    d == t->dev) {
				*vid = v;
				*pid = p;
				return true;
			}
		} else if (t->path[0] && !memcmp(t->text + i, "usb ", 4)) {
			char path[40];
			memcpy(buf, t->text + i, n);
			buf[n] = 0;
			if (sscanf(buf, "usb %39[0-9.-]: New USB device found, idVendor=%4x, idProduct=%4x", path, &v,
				   &p) == 3 &&
			    !strcmp(path, t->path)) {
				*vid = v;
				*pid = p;
				return true;
			}
		}
	}
	return false;
}

/* The tree's devices, for pairing by elimination. */
struct tdev {
	unsigned bus, dev;
	bool hub_only, has_line;
};

static size_t t_devices(const char *text, size_t len, struct tdev *out, size_t cap)
{
	size_t n = 0;
	unsigned bus = 0;
	for (size_t i = 0; i + 8 < len; i++) {
		char buf[160];
		size_t k = len - i < sizeof(buf) - 1 ? len - i : sizeof(buf) - 1;
		unsigned b, port, d, ifn;
		if (!memcmp(text + i, "Bus ", 4) && (i < 3 || memcmp(text + i - 3, "/: ", 3) == 0 || text[i - 1] == ' ')) {
			memcpy(buf, text + i, k);
			buf[k] = 0;
			if (sscanf(buf, "Bus %u.Port %u: Dev %u", &b, &port, &d) == 3)
				bus = b;
			continue;
		}
		if (memcmp(text + i, "Port ", 5))
			continue;
		memcpy(buf, text + i, k);
		buf[k] = 0;
		if (sscanf(buf, "Port %u: Dev %u, If %u", &port, &d, &ifn) != 3)
			continue;
		char *nl = strchr(buf, '\n'), *nx = strstr(buf + 5, "|__");
		if (nl)
			*nl = 0;
		if (nx)
			*nx = 0;
		bool hub = strstr(buf, "Class=Hub") || strstr(buf, "Driver=hub");
		size_t j = 0;
		while (j < n && !(out[j].bus == bus && out[j].dev == d))
			j++;
		if (j == n) {
			if (n == cap)
				continue;
			out[n++] = (struct tdev){ bus, d, true, false };
		}
		out[j].hub_only = out[j].hub_only && hub;
	}
	return n;
}

/* A device the tree gives no ids for, when nothing names it: lsusb and lsusb
 * -t were run at different times and the modem re-enumerated in between (a
 * mode switch, a reset), so lsusb numbers it differently. When exactly one
 * lsusb line on the bus names no device of the tree, and exactly one device
 * of the tree on that bus has no line, they are taken as the same device,
 * and the report says so. Without lsusb lines, OpenWrt's `usbmode -l` line
 * ("Found device: 1c9e:f000") pairs with the tree's only device. */
static bool t_ids_paired(struct tstate *t, unsigned *vid, unsigned *pid)
{
	struct tdev devs[32];
	size_t nd = t_devices(t->text, t->len, devs, 32);
	unsigned cand = 0, cv = 0, cp = 0, cd = 0, lines = 0, found = 0, fv = 0, fp = 0;
	bool dmesg = false;
	for (size_t i = 0; i + 8 < t->len; i++) {
		char buf[120];
		size_t n = t->len - i < sizeof(buf) - 1 ? t->len - i : sizeof(buf) - 1;
		unsigned b, d, v, p;
		if (i + 20 <= t->len && !memcmp(t->text + i, "New USB device found", 20))
			dmesg = true;
		if (i + 14 <= t->len && !memcmp(t->text + i, "Found device: ", 14)) {
			memcpy(buf, t->text + i, n);
			buf[n] = 0;
			if (sscanf(buf, "Found device: %4x:%4x", &v, &p) == 2 && v != 0x1d6b) {
				found++;
				fv = v;
				fp = p;
			}
			continue;
		}
		if (memcmp(t->text + i, "Bus ", 4))
			continue;
		memcpy(buf, t->text + i, n);
		buf[n] = 0;
		if (sscanf(buf, "Bus %u Device %u: ID %4x:%4x", &b, &d, &v, &p) != 4)
			continue;
		lines++;
		bool in_tree = false;
		for (size_t j = 0; j < nd; j++)
			if (devs[j].bus == b && devs[j].dev == d) {
				devs[j].has_line = true;
				in_tree = true;
			}
		if (!in_tree && b == t->bus && v != 0x1d6b) {
			cand++;
			cv = v;
			cp = p;
			cd = d;
		}
	}
	if (dmesg)
		return false;
	unsigned open_bus = 0, open_all = 0;
	bool me = false;
	for (size_t j = 0; j < nd; j++) {
		if (devs[j].hub_only || devs[j].has_line)
			continue;
		open_all++;
		open_bus += devs[j].bus == t->bus;
		me = me || (devs[j].bus == t->bus && devs[j].dev == t->dev);
	}
	if (!me)
		return false;
	if (lines && cand == 1 && open_bus == 1) {
		*vid = cv;
		*pid = cp;
		snprintf(t->paired, sizeof(t->paired), "lsusb's Bus %03u Device %03u (%04x:%04x)", t->bus, cd, cv,
			 cp);
		return true;
	}
	if (!lines && found == 1 && open_all == 1) {
		*vid = fv;
		*pid = fp;
		snprintf(t->paired, sizeof(t->paired), "usbmode's %04x:%04x", fv, fp);
		return true;
	}
	return false;
}

static void lsusb_t_line(struct tstate *t, struct ln l, size_t indent)
{
	unsigned bus, port, dev, ifn, vid, pid;
	if (sscanf(l.p, "/:  Bus %u.Port %u: Dev %u", &bus, &port, &dev) == 3) {
		t_flush(t);
		t->bus = bus;
		return;
	}
	if (sscanf(l.p, "ID %4x:%4x", &vid, &pid) == 2 && t->open) {
		t->vid = vid;
		t->pid = pid;
		t->ids = true;
		return;
	}
	const char *q = memchr(l.p, 'P', l.n);
	if (!starts(l, "|__") || !q)
		return;
	if (sscanf(q, "Port %u: Dev %u, If %u", &port, &dev, &ifn) != 3)
		return;
	/* "    |__ " is depth 0 below the root hub, each level four more. */
	size_t depth = indent >= 4 ? indent / 4 - 1 : 0;
	if (depth < sizeof(t->ports) / sizeof(t->ports[0]))
		t->ports[depth] = port;
	if (!t->open || dev != t->dev) {
		t_flush(t);
		t->open = true;
		t->dev = dev;
		int w = snprintf(t->path, sizeof(t->path), "%u-", t->bus);
		for (size_t k = 0; k <= depth && k < sizeof(t->ports) / sizeof(t->ports[0]) && w > 0 &&
				   (size_t)w < sizeof(t->path);
		     k++)
			w += snprintf(t->path + w, sizeof(t->path) - (size_t)w, k ? ".%u" : "%u", t->ports[k]);
		if (t_ids(t, &vid, &pid) || t_ids_paired(t, &vid, &pid)) {
			t->vid = vid;
			t->pid = pid;
			t->ids = true;
		}
	}
	const char *c = NULL, *d = NULL;
	for (size_t i = 0; i + 6 < l.n; i++) {
		if (!c && !memcmp(l.p + i, "Class=", 6))
			c = l.p + i + 6;
		if (!d && i + 7 < l.n && !memcmp(l.p + i, "Driver=", 7))
			d = l.p + i + 7;
	}
	unsigned cls = c ? class_by_name(c, (size_t)(l.p + l.n - c)) : 0x100;
	char drv[32] = "(none)";
	if (d) {
		size_t k = 0;
		while (d + k < l.p + l.n && d[k] != ',' && d[k] != '/' && k + 1 < sizeof(drv))
			k++;
		memcpy(drv, d, k);
		drv[k] = 0;
		if (!strcmp(drv, "[none]") || !k)
			snprintf(drv, sizeof(drv), "(none)");
	}
	if (cls > 0xff)
		cls = class_by_driver(drv);
	if (cls == 0x09)
		return;
	/* lsusb -t names no subclass: the class driver tells it. */
	unsigned sub = cls == 0xff ? 0xff : 0, proto = 0;
	if (cls == 0x02) {
		sub = !strcmp(drv, "cdc_ether") ? 0x06 : !strcmp(drv, "cdc_mbim") ? 0x0e
		      : !strcmp(drv, "cdc_ncm") || !strcmp(drv, "huawei_cdc_ncm") ? 0x0d : 0x02;
	} else if (cls == 0xe0) {
		/* Wireless controller: the USB class codes put Bluetooth at
		 * e0/01/01 (btusb's class match) and RNDIS at e0/01/03. A
		 * Bluetooth adapter held by btusb is not a modem's RNDIS. */
		sub = 0x01;
		proto = !strcmp(drv, "btusb") ? 0x01 : 0x03;
	}
	int w = snprintf(t->pending_ifs + t->np, sizeof(t->pending_ifs) - t->np,
			 "I:* If#=%2u Alt= 0 #EPs= 0 Cls=%02x(x) Sub=%02x Prot=%02x Driver=%s\n", ifn, cls & 0xff, sub,
			 proto, drv);
	if (w > 0 && (size_t)w < sizeof(t->pending_ifs) - t->np) {
		t->np += (size_t)w;
		t->nifs++;
	}
}

int usb_lsusb_convert(const char *text, size_t len, struct strbuf *out, bool *no_drivers)
{
	bool v = false, t = false;
	for (size_t i = 0; i + 18 <= len && !v && !t; i++) {
		if (!memcmp(text + i, "Device Descriptor:", 18))
			v = true;
		else if (i + 4 <= len && !memcmp(text + i, "|__ ", 4))
			t = true;
	}
	if (!v && !t)
		return 0;
	struct vstate vs;
	struct tstate ts;
	memset(&vs, 0, sizeof(vs));
	memset(&ts, 0, sizeof(ts));
	vs.out = out;
	ts.out = out;
	ts.text = text;
	ts.len = len;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		struct ln l = trim(text + start, i - start);
		if (l.n && v) {
			lsusb_v_line(&vs, l);
		} else if (l.n) {
			/* A tree pasted without its line breaks runs its records
			 * together: each "|__ " or "/: " inside a line starts a
			 * record of its own (its indentation, and so its depth,
			 * is lost). */
			size_t indent = (size_t)(l.p - (text + start));
			const char *p = l.p, *e = l.p + l.n;
			while (p < e) {
				const char *q = p + 1;
				while (q + 4 <= e && !(q[-1] == ' ' && (!memcmp(q, "|__ ", 4) || !memcmp(q, "/: ", 3))))
					q++;
				if (q + 4 > e)
					q = e;
				lsusb_t_line(&ts, trim(p, (size_t)(q - p)), indent);
				indent = 0;
				p = q;
			}
		}
		start = i + 1;
	}
	if (v) {
		flush_ep(&vs);
		flush_if(&vs);
		flush_dev(&vs);
	} else {
		t_flush(&ts);
	}
	*no_drivers = v;
	return v ? 1 : 2;
}
