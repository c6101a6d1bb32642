/* What each interface is: standard classes first, then the knowledge
 * table's layout, then vendor conventions, then generic rules. */
#include "usb/internal.h"
#include "usb/modeswitch_ids.h"

#include <string.h>

const char *usb_fn_name(enum usb_fn f)
{
	static const char *const names[] = {
#define USB_FN_NAME(id, name, label) name,
		USB_FUNCTIONS(USB_FN_NAME)
#undef USB_FN_NAME
	};
	return (unsigned)f < USB_FN_COUNT_ ? names[f] : "unknown";
}

const char *usb_fn_label(enum usb_fn f)
{
	static const char *const labels[] = {
#define USB_FN_LABEL(id, name, label) label,
		USB_FUNCTIONS(USB_FN_LABEL)
#undef USB_FN_LABEL
	};
	return (unsigned)f < USB_FN_COUNT_ ? labels[f] : "unknown function";
}

bool usb_modem_vendor(uint16_t vid)
{
	static const uint16_t vendors[] = {
		0x1199, 0x2c7c, 0x05c6, 0x12d1, 0x19d2, 0x1bc7, 0x2cb7, 0x1508, 0x413c,
		0x03f0, 0x0489, 0x1e2d, 0x2dee, 0x1e0e, 0x1546, 0x0bdb, 0x1410, 0x0af0,
		0x16d8, 0x1bbb, 0x2020, 0x1c9e, 0x0b3c, 0x114f, 0x0f3d, 0x33f8, 0x2077,
	};
	for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (vendors[i] == vid)
			return true;
	return false;
}

bool usb_serial_driver(const char *d)
{
	static const char *const serial[] = {
		"option", "qcserial", "sierra", "usb_serial_generic", "usbserial_generic",
		"cdc_acm", "GobiSerial", "usbserial", "huawei_cdc_ncm",
	};
	for (size_t i = 0; i < sizeof(serial) / sizeof(serial[0]); i++)
		if (!strcmp(d, serial[i]))
			return true;
	return false;
}

void usb_iface_eps(const struct usb_listing *l, const struct usb_iface *f, struct usb_eps *e)
{
	memset(e, 0, sizeof(*e));
	for (size_t i = f->ep_first; i < (size_t)f->ep_first + f->ep_count && i < l->n_ep; i++) {
		const struct usb_ep *p = &l->ep[i];
		if (p->type == USB_EP_BULK) {
			if (p->addr & 0x80)
				e->bulk_in++;
			else
				e->bulk_out++;
		} else if (p->type == USB_EP_INT) {
			e->intr++;
		}
		e->total++;
	}
	if (f->ep_count < f->n_eps_declared) {
		/* No (or not all) E: lines pasted: assume the usual shapes. */
		e->total = f->n_eps_declared;
		e->bulk_in = e->bulk_out = f->n_eps_declared >= 2;
		e->intr = f->n_eps_declared == 1 || f->n_eps_declared >= 3;
	}
}

static enum usb_fn fn_by_name(const char *s, size_t n)
{
	for (int f = 0; f < USB_FN_COUNT_; f++) {
		const char *name = usb_fn_name((enum usb_fn)f);
		if (strlen(name) == n && !memcmp(name, s, n))
			return (enum usb_fn)f;
	}
	return USB_FN_UNKNOWN;
}

static const char *default_driver(enum usb_fn fn, const char *serial)
{
	switch (fn) {
	case USB_FN_QMI: return "qmi_wwan";
	case USB_FN_MBIM: return "cdc_mbim";
	case USB_FN_AT:
	case USB_FN_MODEM:
	case USB_FN_DIAG:
	case USB_FN_NMEA: return serial;
	case USB_FN_ECM: return "cdc_ether";
	case USB_FN_NCM: return "cdc_ncm";
	case USB_FN_RNDIS: return "rndis_host";
	case USB_FN_STORAGE: return "usb-storage";
	case USB_FN_HID: return "usbhid";
	default: return NULL;
	}
}

/* Looks interface number `num` up in a numeric layout. */
static bool layout_lookup(const char *layout, unsigned num, struct usb_class *out, const char *serial)
{
	const char *p = layout;
	while (*p) {
		while (*p == ' ')
			p++;
		unsigned n = 0;
		const char *d = p;
		while (*p >= '0' && *p <= '9')
			n = n * 10 + (unsigned)(*p++ - '0');
		if (p == d || *p != ':')
			return false;
		const char *fs = ++p;
		while (*p && *p != ' ' && *p != '/')
			p++;
		enum usb_fn fn = fn_by_name(fs, (size_t)(p - fs));
		const char *drv = default_driver(fn, serial);
		bool none = false;
		if (*p == '/') {
			p++;
			none = *p == '-';
			while (*p && *p != ' ')
				p++;
		}
		if (n == num) {
			out->fn = fn;
			out->driver = none ? NULL : drv;
			out->from_table = true;
			out->why = "interface number in the knowledge table";
			return true;
		}
	}
	return false;
}

/* The shape of a QMI (RmNet) function: one interrupt endpoint for the
 * control channel and one bulk pair for data, three endpoints in all. An
 * interface with more bulk pairs is a multi-port serial interface: sierra
 * makes (endpoints - 1) / 2 ttys of one with more than three endpoints
 * (sierra_calc_num_ports in drivers/usb/serial/sierra.c), as the early
 * Sierra AirCards and the MC8775-based modules present themselves. */
static bool qmi_shape(const struct usb_eps *e)
{
	return e->intr && e->bulk_in && e->bulk_out && e->total <= 3;
}

static bool multiport_serial_shape(const struct usb_eps *e)
{
	return e->bulk_in && e->bulk_out && e->total > 3;
}

/* Whether a vendor-specific interface can be what the table says: a QMI
 * function needs an interrupt endpoint and a bulk pair, and standard class
 * functions never sit on vendor-specific interfaces. (Firmware variants
 * move functions around; the shape is the better witness then.) */
static bool shape_fits(enum usb_fn fn, const struct usb_eps *e)
{
	switch (fn) {
	case USB_FN_QMI: return qmi_shape(e);
	case USB_FN_HID:
	case USB_FN_MBIM:
	case USB_FN_ECM:
	case USB_FN_NCM:
	case USB_FN_RNDIS:
	case USB_FN_STORAGE: return false;
	default: return true;
	}
}

static void set(struct usb_class *o, enum usb_fn fn, const char *drv, const char *why)
{
	o->fn = fn;
	o->driver = drv;
	o->why = why;
}

/* Quectel (and Qualcomm-reference firmwares that follow it). */
static bool quectel(const struct usb_listing *l, const struct usb_config *cfg, size_t ifc,
		    const struct usb_eps *e, const char *serial, struct usb_class *o)
{
	const struct usb_iface *f = &l->ifc[ifc];
	if (l->format == USB_FMT_LSUSB_T) {
		/* No subclass, protocol or endpoints to go by: Quectel's
		 * documented order of the vendor interfaces, DM, NMEA, AT,
		 * modem, then the network function. */
		unsigned pos = 0;
		for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++)
			pos += l->ifc[j].active && l->ifc[j].cls == 0xff && l->ifc[j].number < f->number;
		static const enum usb_fn order[] = { USB_FN_DIAG, USB_FN_NMEA, USB_FN_AT, USB_FN_MODEM };
		if (pos < 4)
			set(o, order[pos], serial, "lsusb -t shows no subclass or protocol: Quectel's port order DM, NMEA, AT, modem");
		else
			set(o, USB_FN_QMI, "qmi_wwan", "lsusb -t shows no subclass or protocol: after Quectel's four serial ports comes QMI");
		return true;
	}
	if (f->sub == 0xff && f->proto == 0xff) {
		if (qmi_shape(e))
			set(o, USB_FN_QMI, "qmi_wwan", "ff/ff/ff with an interrupt endpoint and a bulk pair: Quectel's QMI/RMNET");
		else if (multiport_serial_shape(e))
			set(o, USB_FN_AT, serial, "several bulk pairs on one interface: serial ports, not QMI (one interrupt endpoint and one bulk pair)");
		else
			set(o, USB_FN_DIAG, serial, "ff/ff/ff with two bulk endpoints: Quectel's DIAG (qmi_wwan skips it by its endpoint count)");
		return true;
	}
	if (f->sub == 0xff && f->proto == 0x30) {
		set(o, USB_FN_DIAG, serial, "ff/ff/30: DIAG");
		return true;
	}
	if (f->sub == 0x00 && f->proto == 0x40) {
		set(o, USB_FN_NMEA, serial, "ff/00/40: NMEA");
		return true;
	}
	if (f->sub == 0x00 && f->proto == 0x00) {
		/* ff/00/00 ports in order: NMEA (unless ff/00/40 has it), AT, modem. */
		bool nmea_elsewhere = false;
		unsigned ord = 0;
		for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++) {
			const struct usb_iface *g = &l->ifc[j];
			if (!g->active || g->cls != 0xff)
				continue;
			if (g->sub == 0 && g->proto == 0x40)
				nmea_elsewhere = true;
			if (g->sub == 0 && g->proto == 0 && j < ifc)
				ord++;
		}
		static const enum usb_fn with_nmea[] = { USB_FN_NMEA, USB_FN_AT, USB_FN_MODEM };
		static const enum usb_fn without[] = { USB_FN_AT, USB_FN_MODEM };
		enum usb_fn fn = USB_FN_AT;
		if (!nmea_elsewhere && ord < 3)
			fn = with_nmea[ord];
		else if (nmea_elsewhere && ord < 2)
			fn = without[ord];
		set(o, fn, serial, "ff/00/00 serial port; Quectel orders them NMEA, AT, modem (PPP)");
		return true;
	}
	return false;
}

/* Huawei's class/subclass/protocol triplets. */
static bool huawei(const struct usb_iface *f, const char *serial, struct usb_class *o)
{
	if (f->sub == 0x01) {
		switch (f->proto) {
		case 0x01: set(o, USB_FN_MODEM, serial, "Huawei ff/01/01: modem (PPP)"); return true;
		case 0x02: set(o, USB_FN_AT, serial, "Huawei ff/01/02: PCUI (AT)"); return true;
		case 0x03: set(o, USB_FN_DIAG, serial, "Huawei ff/01/03: DIAG"); return true;
		case 0x05: set(o, USB_FN_NMEA, serial, "Huawei ff/01/05: GPS (NMEA)"); return true;
		case 0x07:
		case 0x11: set(o, USB_FN_QMI, "qmi_wwan", "Huawei ff/01/07 or ff/01/11: combined QMI control and data"); return true;
		case 0x08: set(o, USB_FN_QMI, "qmi_wwan", "Huawei ff/01/08: data half of the QMI function"); return true;
		case 0x09: set(o, USB_FN_QMI, "qmi_wwan", "Huawei ff/01/09: QMI control"); return true;
		default: return false;
		}
	}
	if (f->sub == 0x02 || f->sub == 0x03 || f->sub == 0x06) {
		if (f->proto == 0x16 || f->proto == 0x46 || f->proto == 0x76) {
			set(o, USB_FN_NCM, "huawei_cdc_ncm", "Huawei ff/02/16 (46, 76): NCM with an embedded AT channel");
			return true;
		}
		switch (f->proto & 0x0f) {
		case 0x0:
		case 0x1: set(o, USB_FN_MODEM, serial, "Huawei protocol x0/x1: modem (PPP)"); return true;
		case 0x2: set(o, USB_FN_AT, serial, "Huawei protocol x2: PCUI (AT)"); return true;
		case 0x3: set(o, USB_FN_DIAG, serial, "Huawei protocol x3: DIAG"); return true;
		case 0x4: set(o, USB_FN_NMEA, serial, "Huawei protocol x4: GPS (NMEA)"); return true;
		default: return false;
		}
	}
	return false;
}

static void generic_vendor(const struct usb_iface *f, const struct usb_eps *e, const char *serial,
			   bool first, struct usb_class *o)
{
	if (f->sub == 0x42 && f->proto == 0x01)
		set(o, USB_FN_ADB, NULL, "ff/42/01: Android debug bridge");
	else if (f->sub == 0xff && f->proto == 0x30)
		set(o, USB_FN_DIAG, serial, "ff/ff/30: DIAG");
	else if (f->sub == 0xff && (f->proto == 0x70 || f->proto == 0x80) && !e->bulk_out)
		set(o, USB_FN_TRACE, NULL, "one-way vendor interface (ff/ff/70 or 80): trace/DPL");
	else if (multiport_serial_shape(e))
		set(o, USB_FN_AT, serial,
		    "several bulk pairs on one interface: serial ports (sierra makes a tty of each pair), not QMI (one interrupt endpoint and one bulk pair)");
	else if (first && f->sub == 0xff && f->proto == 0xff && !e->intr && e->bulk_in && e->bulk_out)
		set(o, USB_FN_DIAG, serial, "first interface, ff/ff/ff with only a bulk pair: DIAG by Qualcomm convention");
	else if (qmi_shape(e) && f->sub == 0xff && (f->proto == 0xff || f->proto == 0x50))
		set(o, USB_FN_QMI, "qmi_wwan", "vendor-specific with an interrupt endpoint and a bulk pair: likely QMI");
	else if (e->bulk_in && e->bulk_out && (f->sub == 0x00 || f->proto == 0x40 || f->proto == 0x60))
		set(o, USB_FN_AT, serial, "vendor-specific serial port (AT)");
	else if (e->bulk_in && e->bulk_out)
		set(o, USB_FN_AT, serial, "vendor-specific bulk pair: a serial port (AT, DIAG or NMEA; the listing does not tell which)");
	else
		set(o, USB_FN_UNKNOWN, NULL, "vendor-specific interface of no known shape");
}

/* The function of a CDC data interface is that of its control interface. */
static void data_partner(const struct usb_listing *l, const struct usb_device *dev,
			 const struct usb_config *cfg, size_t ifc, const struct usb_known *k,
			 struct usb_class *o)
{
	const struct usb_iface *f = &l->ifc[ifc];
	for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++) {
		const struct usb_iface *g = &l->ifc[j];
		if (!g->active || g->number + 1 != f->number || g->cls == 0x0a)
			continue;
		usb_classify(l, dev, cfg, j, k, o);
		o->why = "CDC data interface of the function before it";
		return;
	}
	set(o, USB_FN_UNKNOWN, NULL, "CDC data interface without its control interface");
}

void usb_classify(const struct usb_listing *l, const struct usb_device *dev,
		  const struct usb_config *cfg, size_t ifc, const struct usb_known *k,
		  struct usb_class *o)
{
	const struct usb_iface *f = &l->ifc[ifc];
	struct usb_eps e;
	usb_iface_eps(l, f, &e);
	memset(o, 0, sizeof(*o));
	const char *serial = k ? usb_known_serial(k) : dev->vid == 0x1199 ? "qcserial" : "option";

	switch (f->cls) {
	case 0x02:
		if (f->sub == 0x0e)
			set(o, USB_FN_MBIM, "cdc_mbim", "CDC MBIM (02/0e)");
		else if (f->sub == 0x06)
			set(o, USB_FN_ECM, "cdc_ether", "CDC ECM (02/06)");
		else if (f->sub == 0x0d)
			set(o, USB_FN_NCM, "cdc_ncm", "CDC NCM (02/0d)");
		else if (f->sub == 0x02 && f->proto == 0xff)
			set(o, USB_FN_RNDIS, "rndis_host",
			    "02/02/ff: RNDIS dressed as CDC ACM (rndis_host claims it; cdc_acm leaves protocol ff alone)");
		else if (f->sub == 0x02)
			set(o, USB_FN_AT, "cdc_acm", "CDC ACM (02/02): an AT port");
		else
			set(o, USB_FN_UNKNOWN, NULL, "CDC communications interface of an unusual subclass");
		return;
	case 0x0a:
		data_partner(l, dev, cfg, ifc, k, o);
		return;
	case 0xe0:
		if (f->sub == 0x01 && f->proto == 0x03)
			set(o, USB_FN_RNDIS, "rndis_host", "RNDIS (e0/01/03)");
		else
			set(o, USB_FN_UNKNOWN, NULL, "wireless-controller class, not a modem function");
		return;
	case 0xef:
		if (f->sub == 0x04 && f->proto == 0x01)
			set(o, USB_FN_RNDIS, "rndis_host", "RNDIS (ef/04/01)");
		else
			set(o, USB_FN_UNKNOWN, NULL, "miscellaneous class");
		return;
	case 0x08:
		set(o, USB_FN_STORAGE, "usb-storage", "mass storage (the driver CD or an SD slot)");
		return;
	case 0x03:
		set(o, USB_FN_HID, "usbhid", "HID");
		return;
	case 0xff:
		break;
	default:
		if (l->format == USB_FMT_LSUSB_T && f->cls == 0x00)
			set(o, USB_FN_UNKNOWN, NULL,
			    "lsusb -t names no class for it (its lsusb has no usb.ids) and no driver holds it: "
			    "usb-devices or lsusb -v would show what it is");
		else
			set(o, USB_FN_UNKNOWN, NULL, "a class modems do not use for data");
		return;
	}

	if (k && usb_known_layout(k)[0] != '@' && layout_lookup(usb_known_layout(k), f->number, o, serial) &&
	    shape_fits(o->fn, &e))
		return;
	/* Vendor conventions, also for interfaces a numeric layout leaves out. */
	if ((k && !strcmp(usb_known_layout(k), "@quectel")) || (dev->vid == 0x2c7c && (!k || usb_known_layout(k)[0] != '@'))) {
		if (quectel(l, cfg, ifc, &e, serial, o))
			return;
	}
	if ((k && !strcmp(usb_known_layout(k), "@huawei")) || (dev->vid == 0x12d1 && (!k || usb_known_layout(k)[0] != '@'))) {
		if (huawei(f, serial, o))
			return;
	}
	bool first = true;
	for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++)
		if (l->ifc[j].active && l->ifc[j].number < f->number)
			first = false;
	generic_vendor(f, &e, serial, first, o);
}

/* Drivers that bind only modem functions (cdc_ether, cdc_acm, rndis_host and
 * usb-storage serve other devices too). */
static bool wwan_driver(const char *d)
{
	static const char *const names[] = { "qmi_wwan", "qmi_wwan_q", "option", "qcserial", "sierra",
					     "sierra_net", "cdc_mbim", "huawei_cdc_ncm" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(d, names[i]))
			return true;
	return false;
}

bool usb_is_class_net(const struct usb_iface *f)
{
	return (f->cls == 0x02 && (f->sub == 0x06 || f->sub == 0x0d || f->sub == 0x0e ||
				   (f->sub == 0x02 && f->proto == 0xff))) ||
	       (f->cls == 0xe0 && f->sub == 0x01 && f->proto == 0x03) ||
	       (f->cls == 0xef && f->sub == 0x04 && f->proto == 0x01);
}

bool usb_is_modem_candidate(const struct usb_listing *l, size_t d, const struct usb_known *k)
{
	const struct usb_device *dev = &l->dev[d];
	if (k)
		return true;
	if (dev->cls == 0x09)
		return false;
	const struct usb_config *cfg = usb_active_config(l, d);
	if (!cfg)
		return false;
	bool vendor = usb_modem_vendor(dev->vid);
	unsigned n = 0, storage = 0, hub = 0, qmi_like = 0, vend = 0, cdc = 0, unshown = 0;
	bool wwan_bound = false;
	for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++) {
		const struct usb_iface *f = &l->ifc[j];
		if (!f->active)
			continue;
		wwan_bound |= wwan_driver(f->driver);
		struct usb_eps e;
		usb_iface_eps(l, f, &e);
		n++;
		storage += f->cls == 0x08;
		/* lsusb -t without usb.ids ("Class=[unknown]") and no driver:
		 * the class is not shown at all. */
		unshown += l->format == USB_FMT_LSUSB_T && f->cls == 0x00;
		hub += f->cls == 0x09;
		cdc += usb_is_class_net(f);
		if (f->cls == 0xff) {
			vend++;
			qmi_like += f->sub == 0xff && e.intr && e.bulk_in && e.bulk_out;
		}
	}
	if (!n || hub)
		return false;
	/* An install disk whose id usb-modeswitch-data knows. */
	if (storage == n && dev->have_ids && usb_ms_find(dev->vid, dev->pid))
		return true;
	/* usb-modeswitch-data names the id as the one an install disk switches
	 * to: the modem's own mode, whatever its vendor. */
	if (dev->have_ids && usb_ms_switched_from(dev->vid, dev->pid))
		return true;
	/* A modem driver holds an interface: the kernel's own tables say it is one
	 * (lsusb -t pastes often carry neither ids nor classes). */
	if (wwan_bound)
		return true;
	if (vendor)
		return vend || cdc || storage == n || unshown;
	/* Phones and other CDC network devices are reported too, named with
	 * their class drivers. */
	return (qmi_like && vend >= 2) || cdc;
}
