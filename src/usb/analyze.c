/* Verdicts per interface, the findings an expert would write, and the
 * configuration that follows from them. */
#include "usb/internal.h"
#include "usb/kernel_ids.h"
#include "usb/modeswitch_ids.h"
#include "usb/mm_ports.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *usb_verdict_name(enum usb_verdict v)
{
	static const char *const names[] = {
#define USB_V_NAME(id, name) name,
		USB_VERDICTS(USB_V_NAME)
#undef USB_V_NAME
	};
	return (unsigned)v < USB_V_COUNT_ ? names[v] : "unknown";
}

static bool is_serial_fn(enum usb_fn f)
{
	return f == USB_FN_AT || f == USB_FN_MODEM || f == USB_FN_DIAG || f == USB_FN_NMEA;
}

static bool is_data_fn(enum usb_fn f)
{
	return f == USB_FN_QMI || f == USB_FN_MBIM || f == USB_FN_ECM || f == USB_FN_NCM ||
	       f == USB_FN_RNDIS || f == USB_FN_NET;
}

/* The usb-serial drivers written for modems' serial functions: the
 * driver's name as a constant (reports outlive no listing, but keep their
 * strings static all the same), or NULL. */
static const char *modem_serial_name(const char *d)
{
	static const char *const names[] = { "option", "qcserial", "sierra" };
	for (size_t i = 0; d && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(d, names[i]))
			return names[i];
	return NULL;
}

static bool usb_modem_serial_driver(const char *d)
{
	return modem_serial_name(d) != NULL;
}

static bool bound(const struct usb_iface *f)
{
	return f->driver[0] && strcmp(f->driver, "usbfs");
}

static void fmt(char *dst, size_t cap, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void fmt(char *dst, size_t cap, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(dst, cap, f, ap);
	va_end(ap);
}

static struct usb_finding *add_finding(struct usb_analysis *a, struct usb_dev_report *dr,
				       bool problem, const char *code)
{
	if (a->n_find >= USB_MAX_FINDINGS)
		return NULL;
	struct usb_finding *f = &a->find[a->n_find++];
	memset(f, 0, sizeof(*f));
	f->dev = (uint16_t)(dr - a->dev);
	f->problem = problem;
	f->code = code;
	dr->f_count++;
	if (problem) {
		dr->problems++;
		a->problems++;
	}
	return f;
}

static const char *kernel_name(const struct usb_kernel *k, char *buf, size_t cap)
{
	if (k->known)
		snprintf(buf, cap, "Linux %u.%u", k->major, k->minor);
	else
		snprintf(buf, cap, "this kernel");
	return buf;
}

struct ctx {
	const struct usb_listing *l;
	struct usb_analysis *a;
	struct usb_dev_report *dr;
	const struct usb_device *dev;
	const struct usb_config *cfg;
	const struct usb_known *k;
	const struct usb_ms *ms;        /* usb-modeswitch-data's row for this id */
	bool storage_only;
};

/* The way to hand this device's id to driver drv, checked against what
 * sysfs showed: usb-serial drivers take new_id on the usb-serial bus
 * (which also feeds their USB driver), others on the usb bus. */
static void new_id_line(const struct ctx *c, const char *drv, bool dtr, char *dst, size_t cap)
{
	const struct usb_kernel *k = &c->a->kernel;
	int d = drv ? usb_kdrv_find(drv) : -1;
	if (d < 0) {
		snprintf(dst, cap, "load its driver");
		return;
	}
	const char *sn = usb_kdrv_serial_name((enum usb_kdrv)d);
	char path[96];
	if (sn)
		snprintf(path, sizeof(path), "/sys/bus/usb-serial/drivers/%s/new_id", sn);
	else
		snprintf(path, sizeof(path), "/sys/bus/usb/drivers/%s/new_id", drv);
	bool there = sn ? (k->serial_drivers >> d) & 1 : (k->usb_drivers >> d) & 1;
	/* A new id gets qmi_wwan's plain defaults, without the set-DTR quirk
	 * the tables give this modem (its QMI may then stay silent); a
	 * reference id whose row sets DTR lends it that row's driver_info. */
	char id[40], note[80] = "";
	uint16_t rv, rp;
	snprintf(id, sizeof(id), "%04x %04x", c->dev->vid, c->dev->pid);
	if (d == USB_KD_QCSERIAL)
		snprintf(note, sizeof(note), " (an id added this way gets qcserial's Gobi 2K layout)");
	else if (dtr && d == USB_KD_QMI_WWAN && usb_kid_dtr_reference(c->a->ktable, &rv, &rp)) {
		snprintf(id, sizeof(id), "%04x %04x ff %04x %04x", c->dev->vid, c->dev->pid, rv, rp);
		snprintf(note, sizeof(note), "; the reference id %04x:%04x lends it the set-DTR quirk it needs", rv,
			 rp);
	} else if (dtr && d == USB_KD_QMI_WWAN)
		snprintf(note, sizeof(note), "; it then lacks the set-DTR quirk it needs: QMI may stay silent");
	if (k->drivers_seen && !there)
		snprintf(dst, cap, "%s is not loaded here (no %.*s): modprobe %s first, then: echo '%s' > %s%s",
			 drv, (int)(strlen(path) - 7), path, drv, id, path, note);
	else
		snprintf(dst, cap, "try: echo '%s' > %s%s", id, path, note);
}

static void qmi_unbound_reason(struct ctx *c, const struct usb_iface *f, struct usb_if_report *r)
{
	const struct usb_kernel *kk = &c->a->kernel;
	char kn[32];
	kernel_name(kk, kn, sizeof(kn));
	int rawip = usb_kernel_has(kk, USB_KF_RAWIP);
	if (c->k && (c->k->flags & USB_K_RAWIP_ONLY) && rawip == 0) {
		fmt(r->reason, sizeof(r->reason),
		    "QMI; unbound because the %s only speaks raw-ip and qmi_wwan in %s can only do "
		    "802.3 framing (raw-ip support arrived in Linux %s), so the driver leaves the "
		    "interface alone", usb_known_name(c->k), kn, usb_kernel_fact_since(USB_KF_RAWIP));
		return;
	}
	if (c->k && usb_known_since(c->k) && kk->known) {
		struct usb_kernel since;
		usb_kernel_parse(&since, usb_known_since(c->k));
		if (kk->major < since.major || (kk->major == since.major && kk->minor < since.minor)) {
			fmt(r->reason, sizeof(r->reason),
			    "QMI; %04x:%04x entered mainline qmi_wwan in Linux %s and %s predates it "
			    "(unless a backport added it)", c->dev->vid, c->dev->pid, usb_known_since(c->k), kn);
			return;
		}
	}
	if (kk->qmi_wwan_loaded == 0) {
		fmt(r->reason, sizeof(r->reason),
		    "QMI; qmi_wwan is not loaded (OpenWrt: kmod-usb-net-qmi-wwan; elsewhere: modprobe qmi_wwan)");
		return;
	}
	char how[256];
	new_id_line(c, "qmi_wwan", r->kdtr, how, sizeof(how));
	if (r->kdriver && !strcmp(r->kdriver, "qmi_wwan"))
		fmt(r->reason, sizeof(r->reason),
		    "QMI; qmi_wwan did not claim it although Linux %s's qmi_wwan lists it: the module is "
		    "not loaded, or this kernel predates the id (%s)", usb_kid_versions[r->ktable].kernel, how);
	else
		fmt(r->reason, sizeof(r->reason),
		    "QMI; qmi_wwan did not claim it: the module is not loaded, or this kernel's qmi_wwan "
		    "does not list %04x:%04x (%s)", c->dev->vid, c->dev->pid, how);
	(void)f;
}

/* "0.06" or "2.28" (the P: line's Rev=) as bcdDevice. */
static uint16_t bcd_of(const char *rev)
{
	unsigned v = 0;
	for (const char *p = rev; *p; p++) {
		if (*p >= '0' && *p <= '9')
			v = (v << 4) | (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			v = (v << 4) | (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			v = (v << 4) | (unsigned)(*p - 'A' + 10);
	}
	return (uint16_t)v;
}

void usb_kiface_of(const struct usb_listing *l, const struct usb_device *dev, const struct usb_config *cfg,
		   size_t ifc, struct usb_kiface *k)
{
	const struct usb_iface *f = &l->ifc[ifc];
	struct usb_eps e;
	usb_iface_eps(l, f, &e);
	memset(k, 0, sizeof(*k));
	k->vid = dev->vid;
	k->pid = dev->pid;
	k->bcd = bcd_of(dev->rev);
	k->dcls = dev->cls;
	k->dsub = dev->sub;
	k->dproto = dev->proto;
	k->cls = f->cls;
	k->sub = f->sub;
	k->proto = f->proto;
	k->number = f->number;
	k->n_eps = f->n_eps_declared ? f->n_eps_declared : (uint8_t)f->ep_count;
	k->bulk_pair = e.bulk_in && e.bulk_out;
	k->shape_unknown = l->format == USB_FMT_LSUSB_T;
	unsigned nums = 0, alts = 0;
	for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++) {
		const struct usb_iface *g = &l->ifc[j];
		alts += g->number == f->number;
		if (g->number == f->number && g != f && g->cls == 0x02 && g->sub == 0x0e)
			k->mbim_alt = true;
		if (g->active || g->alt == 0)
			nums += g->alt == 0 || (g->active && !g->marked);
	}
	unsigned n = 0;
	for (size_t j = cfg->if_first; j < (size_t)cfg->if_first + cfg->if_count; j++)
		n += l->ifc[j].active;
	(void)nums;
	k->n_ifaces = (uint8_t)(cfg->n_ifs_declared ? cfg->n_ifs_declared : n);
	k->n_alts = (uint8_t)(alts ? alts : 1);
}

static bool serial_kdrv(const char *d)
{
	int k = d ? usb_kdrv_find(d) : -1;
	return k >= 0 && !usb_kdrv_is_net((enum usb_kdrv)k) && k != USB_KD_USB_STORAGE;
}

static enum usb_fn fn_of_net_driver(const char *d, enum usb_fn fallback)
{
	if (!strcmp(d, "qmi_wwan"))
		return USB_FN_QMI;
	if (!strcmp(d, "cdc_mbim"))
		return USB_FN_MBIM;
	if (!strcmp(d, "sierra_net"))
		return USB_FN_NET;
	if (!strcmp(d, "cdc_ncm") || !strcmp(d, "huawei_cdc_ncm"))
		return USB_FN_NCM;
	if (!strcmp(d, "cdc_ether"))
		return USB_FN_ECM;
	if (!strcmp(d, "rndis_host"))
		return USB_FN_RNDIS;
	return fallback;
}

/* Whether a network driver's table names vid:pid itself. */
static bool id_has_net_rows(uint16_t vid, uint16_t pid)
{
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &usb_kid_table[i];
		if (usb_kdrv_is_net((enum usb_kdrv)r->drv) && r->pid == pid && usb_kid_vid_of(r) == vid &&
		    (r->match & USB_KM_PRODUCT) && r->info != USB_KI_EXCLUDE)
			return true;
	}
	return false;
}

/* Whether a row of driver d's table names this very product. */
static bool id_has_rows_of(uint16_t vid, uint16_t pid, enum usb_kdrv d)
{
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &usb_kid_table[i];
		if ((enum usb_kdrv)r->drv == d && r->pid == pid && usb_kid_vid_of(r) == vid &&
		    (r->match & USB_KM_PRODUCT) && r->info != USB_KI_EXCLUDE)
			return true;
	}
	return false;
}

/* Whether the active configuration already carries a class network
 * function (ECM, NCM, MBIM or RNDIS): a composition has one data path. */
static bool cfg_has_class_net(const struct ctx *c)
{
	for (size_t j = c->cfg->if_first; j < (size_t)c->cfg->if_first + c->cfg->if_count; j++) {
		const struct usb_iface *g = &c->l->ifc[j];
		if (g->active && usb_is_class_net(g))
			return true;
	}
	return false;
}

/* When the tables of the listing's kernel give the interface to no driver
 * and a newer version's do (an id added since), the newer answer stands
 * and the kernel lacks the id (r->knewer). */
static void newer_tables(struct usb_kiface *kf, int *kd, struct usb_kverdict *ch, struct usb_kverdict *ref,
			 struct usb_if_report *r)
{
	for (unsigned t = kf->table + 1u; *kd < 0 && t < usb_kid_version_count; t++) {
		struct usb_kiface nf = *kf;
		nf.table = (uint8_t)t;
		struct usb_kverdict nch, nref;
		int nkd = usb_kbind(&nf, &nch, &nref);
		if (nkd < 0 && (ref->entry || !nref.entry))
			continue;
		if (nkd >= 0)
			*ch = nch;
		*kd = nkd;
		*ref = nref;
		*kf = nf;
		r->ktable = (uint8_t)t;
		r->knewer = true;
		return;
	}
}

/* Brings the classification in line with the kernel's tables and probes. */
static void kernel_view(struct ctx *c, size_t ifc, struct usb_class *cl, struct usb_if_report *r)
{
	const struct usb_iface *f = &c->l->ifc[ifc];
	if (!c->dev->have_ids && f->cls != 0x0a && c->l->format == USB_FMT_LSUSB_T && bound(f)) {
		/* A tree without ids: no table can be asked, and it shows
		 * neither subclass, protocol nor endpoints. A network driver
		 * drives one function, so the one holding the interface
		 * names it (as for "Class=,", see lsusb.c). */
		int kd = usb_kdrv_find(f->driver);
		enum usb_fn fn = fn_of_net_driver(f->driver, USB_FN_UNKNOWN);
		if (kd >= 0 && fn != USB_FN_UNKNOWN && cl->fn != fn) {
			cl->fn = fn;
			cl->driver = usb_kdrv_name((enum usb_kdrv)kd);
			cl->why = "lsusb -t shows no ids, subclass or endpoints; the network driver holding it drives "
				  "this one function";
		}
	}
	if (!c->dev->have_ids || f->cls == 0x0a)
		return;
	struct usb_kiface kf;
	usb_kiface_of(c->l, c->dev, c->cfg, ifc, &kf);
	kf.table = (uint8_t)c->a->ktable;
	struct usb_kverdict ch, ref;
	int kd = usb_kbind(&kf, &ch, &ref);
	newer_tables(&kf, &kd, &ch, &ref, r);
	if (kf.shape_unknown && bound(f)) {
		/* Without subclass, protocol or endpoints several drivers' rows
		 * may fit; the one the kernel chose, if its row fits, is the
		 * answer the listing can support. */
		struct usb_kverdict all[USB_KD_COUNT_];
		int n = usb_kmatch(&kf, all, USB_KD_COUNT_);
		for (int i = 0; i < n; i++)
			if (all[i].accepts && !strcmp(usb_kdrv_name(all[i].drv), f->driver)) {
				ch = all[i];
				kd = (int)all[i].drv;
				break;
			}
	}
	if (kd >= 0) {
		r->kmatched = true;
		r->kdriver = usb_kdrv_name(ch.drv);
		r->kdtr = ch.drv == USB_KD_QMI_WWAN && ch.entry && ch.entry->info == USB_KI_QMI_DTR;
		snprintf(r->kwhy, sizeof(r->kwhy), "%s", ch.why);
		if (ch.fn >= 0 && cl->driver && serial_kdrv(cl->driver) && ch.drv == USB_KD_QCSERIAL)
			cl->fn = (enum usb_fn)ch.fn;
		if (usb_kdrv_is_net(ch.drv)) {
			if (!cl->driver || strcmp(cl->driver, r->kdriver)) {
				cl->fn = fn_of_net_driver(r->kdriver, cl->fn);
				cl->driver = r->kdriver;
				cl->why = r->kwhy;
			}
		} else if (serial_kdrv(r->kdriver)) {
			if (cl->driver && serial_kdrv(cl->driver)) {
				cl->driver = r->kdriver;
			} else if (cl->fn == USB_FN_QMI && id_has_net_rows(kf.vid, kf.pid)) {
				/* The tables give this id's network function(s) to a
				 * network driver on other interfaces: this one is a
				 * serial port. */
				cl->fn = ch.fn >= 0 ? (enum usb_fn)ch.fn : USB_FN_AT;
				cl->driver = r->kdriver;
				cl->why = r->kwhy;
			}
			else if (cl->fn == USB_FN_QMI && !id_has_net_rows(kf.vid, kf.pid) && cfg_has_class_net(c)) {
				/* A QMI guess from the descriptors alone, on an id no
				 * network driver lists, beside a class network
				 * function: the data path is that one, and this
				 * interface is the serial port the tables say. */
				cl->fn = ch.fn >= 0 ? (enum usb_fn)ch.fn : USB_FN_AT;
				cl->driver = r->kdriver;
				cl->why = r->kwhy;
			}
			else if (cl->fn == USB_FN_QMI && !cl->from_table && !id_has_net_rows(kf.vid, kf.pid) &&
				 bound(f) && !strcmp(f->driver, r->kdriver)) {
				/* A QMI guess from the shape alone, on an id no
				 * network driver's table lists, held by the very
				 * serial driver the tables give it to: no kernel of
				 * these tables drives it as a network device, and
				 * the kernel the listing comes from made a tty of
				 * it. Two facts against a guess: a serial port. */
				cl->fn = ch.fn >= 0 ? (enum usb_fn)ch.fn : USB_FN_AT;
				cl->driver = r->kdriver;
				cl->why = "the serial driver the kernel tables name holds it, and no network driver lists this id";
			}
			else if (!cl->driver || cl->fn == USB_FN_UNKNOWN) {
				if (cl->fn == USB_FN_UNKNOWN || cl->fn == USB_FN_ADB || cl->fn == USB_FN_TRACE ||
				    cl->fn == USB_FN_GNSS)
					cl->fn = ch.fn >= 0 ? (enum usb_fn)ch.fn : USB_FN_AT;
				cl->driver = r->kdriver;
			}
		}
		return;
	}
	if (ref.entry) {
		r->kmatched = true;
		snprintf(r->kwhy, sizeof(r->kwhy), "%s", ref.why);
		/* A driver matched and its probe refuses on purpose: nobody
		 * should own it (unless a class driver does). */
		if (!cl->driver || serial_kdrv(cl->driver) || !strcmp(cl->driver, usb_kdrv_name(ref.drv))) {
			cl->driver = NULL;
			if (ref.fn >= 0)
				cl->fn = (enum usb_fn)ref.fn;
		}
	}
}

/* ModemManager's rules name the role of many ports: take the function
 * from there when the descriptors guessed another kind of port. */
static void mm_view(struct ctx *c, size_t ifc, struct usb_class *cl, struct usb_if_report *r)
{
	const struct usb_iface *f = &c->l->ifc[ifc];
	if (!c->dev->have_ids)
		return;
	const struct usb_mm_rule *m = usb_mm_find(c->dev->vid, c->dev->pid, f->number);
	if (!m)
		return;
	r->mm_role = usb_mm_role_name((enum usb_mm_role)m->role);
	r->mm_source = usb_mm_files[m->file];
	r->mm_line = m->line;
	enum usb_fn want;
	switch (m->role) {
	case USB_MM_AT_PRIMARY:
	case USB_MM_AT_SECONDARY:
		if (cl->fn == USB_FN_AT || cl->fn == USB_FN_MODEM)
			return;
		want = USB_FN_AT;
		break;
	case USB_MM_AT_PPP: want = USB_FN_MODEM; break;
	case USB_MM_QCDM: want = USB_FN_DIAG; break;
	case USB_MM_GPS:
		if (cl->fn == USB_FN_GNSS)
			return;
		want = USB_FN_NMEA;
		break;
	case USB_MM_QMI: want = USB_FN_QMI; break;
	case USB_MM_MBIM: want = USB_FN_MBIM; break;
	default: return;
	}
	/* Only a serial port's role changes; network functions are the
	 * kernel tables' business. */
	bool serial = cl->fn == USB_FN_AT || cl->fn == USB_FN_MODEM || cl->fn == USB_FN_DIAG ||
		      cl->fn == USB_FN_NMEA || cl->fn == USB_FN_UNKNOWN;
	if (serial && (want == USB_FN_AT || want == USB_FN_MODEM || want == USB_FN_DIAG || want == USB_FN_NMEA))
		cl->fn = want;
}

static bool module_loaded(const struct usb_kernel *k, const char *drv)
{
	int d = usb_kdrv_find(drv);
	if (d < 0 || !k->drivers_seen)
		return false;
	return ((k->usb_drivers | k->serial_drivers) >> d) & 1;
}

/* The drivers that claim a CDC data interface through the union
 * descriptor of the control interface they matched (usb_driver_claim_interface
 * in cdc_acm's probe and in usbnet's cdc_parse / cdc_ncm_bind_common,
 * which cdc_ether, cdc_ncm, cdc_mbim, huawei_cdc_ncm and rndis_host use):
 * the data interface never has to be named in modules.alias. */
static bool claims_union_slave(const char *drv)
{
	static const char *const names[] = { "cdc_acm", "cdc_ether", "cdc_ncm", "cdc_mbim", "huawei_cdc_ncm",
					     "rndis_host" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(drv, names[i]))
			return true;
	return false;
}

/* For a CDC data interface (class 0a) held by such a driver: the number of
 * the interface of the same configuration that the same driver holds and
 * that is not itself a data interface (its control interface), else -1.
 * A listing shows no union descriptor; the control interface is taken as
 * the nearest one below the data interface, as CDC functions are laid out
 * (control, then data). */
static int union_control(const struct ctx *c, size_t ifc, const char *drv)
{
	const struct usb_iface *f = &c->l->ifc[ifc];
	if (f->cls != 0x0a || !claims_union_slave(drv))
		return -1;
	int best = -1;
	for (size_t j = c->cfg->if_first; j < (size_t)c->cfg->if_first + c->cfg->if_count; j++) {
		const struct usb_iface *g = &c->l->ifc[j];
		if (!g->active || g->cls == 0x0a || g->number >= f->number || !bound(g))
			continue;
		char gd[32];
		snprintf(gd, sizeof(gd), "%s", g->driver);
		for (char *p = gd; *p; p++)
			if (*p == '-')
				*p = '_';
		if (!strcmp(gd, drv) && (int)g->number > best)
			best = g->number;
	}
	return best;
}

/* Live mode: what modules.alias says will bind, what did, and why they
 * differ. */
static void alias_view(struct ctx *c, size_t ifc, struct usb_if_report *r)
{
	const struct usb_kernel *k = &c->a->kernel;
	const struct usb_iface *f = &c->l->ifc[ifc];
	if (!k->mods || !c->dev->have_ids)
		return;
	if (f->modalias[0]) {
		snprintf(r->modalias, sizeof(r->modalias), "%s", f->modalias);
	} else {
		struct usb_kiface kf;
		usb_kiface_of(c->l, c->dev, c->cfg, ifc, &kf);
		snprintf(r->modalias, sizeof(r->modalias),
			 "usb:v%04Xp%04Xd%04Xdc%02Xdsc%02Xdp%02Xic%02Xisc%02Xip%02Xin%02X", kf.vid, kf.pid, kf.bcd,
			 kf.dcls, kf.dsub, kf.dproto, kf.cls, kf.sub, kf.proto, kf.number);
	}
	const char *m[8];
	int n = usb_modinfo_match(k->mods, r->modalias, m, 8);
	size_t o = 0;
	r->alias_modules[0] = 0;
	for (int i = 0; i < n && o < sizeof(r->alias_modules); i++) {
		int w = snprintf(r->alias_modules + o, sizeof(r->alias_modules) - o, "%s%s", i ? " " : "", m[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	char drv[32];
	snprintf(drv, sizeof(drv), "%s", f->driver);
	for (char *p = drv; *p; p++)
		if (*p == '-')
			*p = '_';
	const char *want = r->kdriver;
	if (bound(f)) {
		bool listed = false;
		for (int i = 0; i < n; i++)
			listed |= !strcmp(m[i], drv);
		int ctl = listed ? -1 : union_control(c, ifc, drv);
		if (ctl >= 0) {
			fmt(r->alias_why, sizeof(r->alias_why),
			    "%s bound it through its control interface %d (the CDC union): a data interface is "
			    "claimed that way, not through modules.alias",
			    f->driver, ctl);
			return;
		}
		fmt(r->alias_why, sizeof(r->alias_why), listed ? "%s bound it; modules.alias names %s"
							       : "%s bound it, though modules.alias names %s (a new_id or a manual bind?)",
		    f->driver, n ? r->alias_modules : "no module for it");
		return;
	}
	if (!n) {
		if (want)
			fmt(r->alias_why, sizeof(r->alias_why),
			    "no module of this kernel lists this interface (%s): the id is missing from this kernel, "
			    "though Linux %s's %s lists it", r->modalias, usb_kid_versions[r->ktable].kernel, want);
		else if (r->kmatched)
			fmt(r->alias_why, sizeof(r->alias_why), "no module claims it, as intended: %s", r->kwhy);
		else
			fmt(r->alias_why, sizeof(r->alias_why), "no module of this kernel lists this interface (%s)",
			    r->modalias);
		return;
	}
	/* Modules match it, but not the one the tables give it to: this
	 * kernel's copy of that driver lacks the id (as Linux 6.1's qmi_wwan
	 * lacks 1546:1312 beside option, which reserves the interface). */
	bool want_named = !want;
	for (int i = 0; i < n && !want_named; i++)
		want_named = !strcmp(m[i], want);
	if (!want_named) {
		fmt(r->alias_why, sizeof(r->alias_why),
		    "modules.alias names %s but not %s: this kernel's %s lacks the id, though Linux %s's lists it",
		    r->alias_modules, want, want, usb_kid_versions[r->ktable].kernel);
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *bl = usb_modinfo_blacklisted(k->mods, m[i]);
		if (bl && !module_loaded(k, m[i])) {
			fmt(r->alias_why, sizeof(r->alias_why), "modules.alias names %s, but %s blacklists %s",
			    r->alias_modules, bl, m[i]);
			return;
		}
	}
	for (int i = 0; i < n; i++) {
		if (!usb_modinfo_installed(k->mods, m[i])) {
			fmt(r->alias_why, sizeof(r->alias_why),
			    "modules.alias names %s, but the module %s is not installed in %s", r->alias_modules, m[i],
			    usb_modinfo_dir(k->mods));
			return;
		}
	}
	if (r->kmatched && !want) {
		fmt(r->alias_why, sizeof(r->alias_why), "modules.alias names %s, whose probe leaves it alone on purpose: %s",
		    r->alias_modules, r->kwhy);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (!module_loaded(k, m[i])) {
			fmt(r->alias_why, sizeof(r->alias_why),
			    "modules.alias names %s, but %s is not loaded (modprobe %s)", r->alias_modules, m[i], m[i]);
			return;
		}
	}
	fmt(r->alias_why, sizeof(r->alias_why), "modules.alias names %s, loaded, and none bound it: its probe refused",
	    r->alias_modules);
}

static void judge(struct ctx *c, size_t ifc, struct usb_if_report *r)
{
	const struct usb_iface *f = &c->l->ifc[ifc];
	struct usb_class cl;
	usb_classify(c->l, c->dev, c->cfg, ifc, c->k, &cl);
	kernel_view(c, ifc, &cl, r);
	mm_view(c, ifc, &cl, r);
	alias_view(c, ifc, r);
	r->ifc = (uint16_t)ifc;
	r->fn = (uint8_t)cl.fn;
	r->expected = cl.driver;
	const char *label = usb_fn_label(cl.fn);

	if (c->storage_only) {
		r->verdict = USB_V_MODESWITCH;
		r->problem = true;
		/* usb-storage rightly holds the install disk until the switch
		 * (usb_modeswitch detaches it to send the message). */
		r->expected = f->cls == 0x08 ? "usb-storage" : NULL;
		fmt(r->reason, sizeof(r->reason),
		    "only the install disk is showing; the modem must be switched to modem mode (usb_modeswitch)");
		return;
	}
	if (c->l->format == USB_FMT_LSUSB_V) {
		r->verdict = USB_V_UNKNOWN;
		fmt(r->reason, sizeof(r->reason), "%s; %s%s (lsusb -v does not show which driver holds it)",
		    label, cl.driver ? "expected driver " : "no kernel driver should own it",
		    cl.driver ? cl.driver : "");
		return;
	}
	if (cl.fn == USB_FN_UNKNOWN && !c->dev->have_ids && usb_modem_serial_driver(f->driver) &&
	    c->l->format == USB_FMT_LSUSB_T) {
		/* Neither ids nor subclass nor protocol: nothing to judge the
		 * kernel's choice by, and a modem's serial driver made it. */
		r->verdict = USB_V_UNKNOWN;
		r->expected = modem_serial_name(f->driver);
		fmt(r->reason, sizeof(r->reason),
		    "a serial port of a modem, held by %s; the listing gives neither its id nor its subclass and "
		    "protocol, so which port it is cannot be told (usb-devices would show them)", f->driver);
		return;
	}
	if (cl.fn == USB_FN_UNKNOWN) {
		r->verdict = USB_V_UNKNOWN;
		r->expected = NULL;
		fmt(r->reason, sizeof(r->reason), "%s%s%s", cl.why, bound(f) ? "; held by " : "",
		    bound(f) ? f->driver : "");
		return;
	}
	if (!cl.driver) {
		if (!bound(f)) {
			r->verdict = USB_V_OK;
			fmt(r->reason, sizeof(r->reason), "%s; no kernel driver should own it%s", label,
			    f->driver[0] ? " (user space has it open through usbfs)" : "");
		} else {
			r->verdict = USB_V_WRONG_DRIVER;
			fmt(r->reason, sizeof(r->reason),
			    "%s; no kernel driver should own it, but %s does (harmless for the data link, "
			    "but the tool that needs it cannot open it)", label, f->driver);
		}
		return;
	}
	if (bound(f)) {
		bool same = !strcmp(f->driver, cl.driver);
		bool alt = (is_serial_fn(cl.fn) && usb_serial_driver(f->driver) &&
			    strcmp(f->driver, "huawei_cdc_ncm")) ||
			   (cl.fn == USB_FN_QMI && !strcmp(f->driver, "qmi_wwan_q"));
		if (same || alt) {
			r->verdict = USB_V_OK;
			/* Interchangeable serial modem drivers: the one that holds
			 * it is as right as the one this kernel's tables name (the
			 * listing's kernel may list the id where Linux 6.1 does not). */
			if (!same && usb_modem_serial_driver(f->driver) && usb_modem_serial_driver(cl.driver))
				r->expected = modem_serial_name(f->driver);
			if (same)
				fmt(r->reason, sizeof(r->reason), "%s, driven by %s as it should be", label, f->driver);
			else
				fmt(r->reason, sizeof(r->reason),
				    "%s, driven by %s (%s is the usual driver; the port works either way)",
				    label, f->driver, cl.driver);
			return;
		}
		r->verdict = USB_V_WRONG_DRIVER;
		r->problem = is_data_fn(cl.fn) || (is_serial_fn(cl.fn) && !usb_serial_driver(f->driver));
		if (is_data_fn(cl.fn) && usb_serial_driver(f->driver))
			fmt(r->reason, sizeof(r->reason),
			    "%s, but the serial driver %s holds it, which makes it a useless tty; a kernel "
			    "whose %s table reserves this interface leaves it to %s (or unbind it: echo "
			    "<bus-port>:<config>.%u > /sys/bus/usb/drivers/%s/unbind)",
			    label, f->driver, f->driver, cl.driver, f->number, f->driver);
		else if (cl.fn == USB_FN_QMI && !strcmp(f->driver, "GobiNet"))
			fmt(r->reason, sizeof(r->reason),
			    "QMI, but the vendor driver GobiNet holds it: it offers /dev/qcqmiN instead of "
			    "/dev/cdc-wdmN, which uqmi and cellink need; use qmi_wwan");
		else
			fmt(r->reason, sizeof(r->reason), "%s; %s should own it, but %s does", label,
			    cl.driver, f->driver);
		return;
	}
	r->verdict = USB_V_UNBOUND;
	switch (cl.fn) {
	case USB_FN_QMI:
		r->problem = true;
		qmi_unbound_reason(c, f, r);
		break;
	case USB_FN_AT:
	case USB_FN_MODEM:
	case USB_FN_DIAG:
	case USB_FN_NMEA: {
		r->problem = true;
		char how[256];
		new_id_line(c, cl.driver, r->kdtr, how, sizeof(how));
		if (r->kdriver)
			fmt(r->reason, sizeof(r->reason),
			    "%s; no serial driver claimed it, though %s in Linux %s lists %04x:%04x (an older "
			    "kernel may lack the id, or the module is not loaded): %s",
			    label, cl.driver, usb_kid_versions[r->ktable].kernel, c->dev->vid, c->dev->pid, how);
		else
			fmt(r->reason, sizeof(r->reason),
			    "%s; no serial driver claimed it: %s does not list %04x:%04x in Linux %s's tables, "
			    "or is not loaded (%s)", label, cl.driver, c->dev->vid, c->dev->pid,
			    usb_kid_versions[r->ktable].kernel, how);
		break;
	}
	case USB_FN_STORAGE:
	case USB_FN_HID:
		fmt(r->reason, sizeof(r->reason), "%s; no driver bound, which is harmless for the modem", label);
		break;
	default: {
		r->problem = true;
		/* A class driver binds control and data together: it cannot
		 * when another driver already holds the data interface. */
		const struct usb_iface *held = NULL;
		for (size_t j = c->cfg->if_first; j < (size_t)c->cfg->if_first + c->cfg->if_count; j++) {
			const struct usb_iface *g = &c->l->ifc[j];
			if (g->active && g->cls == 0x0a && g->number == f->number + 1 && bound(g) &&
			    strcmp(g->driver, cl.driver))
				held = g;
		}
		if (held)
			fmt(r->reason, sizeof(r->reason),
			    "%s; %s cannot bind because %s holds its data interface %u", label, cl.driver,
			    held->driver, held->number);
		else
			fmt(r->reason, sizeof(r->reason), "%s; %s is not loaded or does not accept it", label,
			    cl.driver);
		break;
	}
	}
}

/* "0, 2 and 3" */
static void join_numbers(char *dst, size_t cap, const unsigned *v, size_t n)
{
	size_t o = 0;
	dst[0] = 0;
	for (size_t i = 0; i < n && o < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
		int w = snprintf(dst + o, cap - o, "%s%u", sep, v[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

static void join_words(char *dst, size_t cap, const char *const *v, size_t n)
{
	size_t o = 0;
	dst[0] = 0;
	for (size_t i = 0; i < n && o < cap; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
		int w = snprintf(dst + o, cap - o, "%s%s", sep, v[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

static const struct usb_if_report *find_fn(const struct usb_analysis *a, const struct usb_dev_report *dr,
					   enum usb_fn fn, bool want_ok)
{
	for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
		const struct usb_if_report *r = &a->ifr[i];
		if (r->fn == fn && (!want_ok || r->verdict == USB_V_OK))
			return r;
	}
	return NULL;
}

/* Drivers whose ports are numbered /dev/ttyUSBn. */
static bool makes_tty_usb(const char *d)
{
	static const char *const drivers[] = {
		"option", "qcserial", "sierra", "usb_serial_generic", "usbserial_generic", "GobiSerial",
		"usbserial", "ch341", "cp210x", "ftdi_sio", "pl2303", "ti_usb_3410_5052",
	};
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(d, drivers[i]))
			return true;
	return false;
}

/* The tty of a serial interface: from sysfs, else a guess from the order
 * in which usb-serial would number the ports of the whole listing. */
static bool tty_of(const struct usb_listing *l, const struct usb_if_report *r, char *dst, size_t cap)
{
	const struct usb_iface *f = &l->ifc[r->ifc];
	if (f->tty[0]) {
		snprintf(dst, cap, "/dev/%s", f->tty);
		return true;
	}
	unsigned n = 0;
	for (size_t i = 0; i < r->ifc; i++) {
		const struct usb_iface *g = &l->ifc[i];
		if (g->active && bound(g) && makes_tty_usb(g->driver))
			n++;
	}
	if (!strcmp(f->driver, "cdc_acm"))
		snprintf(dst, cap, "/dev/ttyACM0");
	else
		snprintf(dst, cap, "/dev/ttyUSB%u", n);
	return false;
}

static unsigned wdm_guess(const struct usb_analysis *a, const struct usb_dev_report *dr)
{
	unsigned n = 0;
	for (size_t d = 0; d < (size_t)(dr - a->dev); d++)
		if (find_fn(a, &a->dev[d], USB_FN_QMI, true) || find_fn(a, &a->dev[d], USB_FN_MBIM, true))
			n++;
	return n;
}

static const char *serial_label(enum usb_fn fn, bool plural)
{
	switch (fn) {
	case USB_FN_AT: return plural ? "AT command ports" : "an AT command port";
	case USB_FN_MODEM: return plural ? "AT/PPP modem ports" : "the AT/PPP modem port";
	case USB_FN_DIAG: return plural ? "DIAG ports" : "DIAG";
	case USB_FN_NMEA: return plural ? "NMEA ports" : "NMEA";
	default: return usb_fn_label(fn);
	}
}

static void serial_summary(struct ctx *c)
{
	struct usb_analysis *a = c->a;
	struct usb_dev_report *dr = c->dr;
	unsigned nums[16];
	const char *drivers[16];
	enum usb_fn gfn[4];
	unsigned gcount[4] = { 0 };
	size_t n = 0, ng = 0;
	for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count && n < 16; i++) {
		const struct usb_if_report *r = &a->ifr[i];
		/* A CDC ACM port is a pair; its data half is not another port. */
		if (r->verdict != USB_V_OK || !is_serial_fn((enum usb_fn)r->fn) ||
		    c->l->ifc[r->ifc].cls == 0x0a)
			continue;
		nums[n] = c->l->ifc[r->ifc].number;
		drivers[n] = c->l->ifc[r->ifc].driver;
		n++;
		size_t g = 0;
		while (g < ng && gfn[g] != (enum usb_fn)r->fn)
			g++;
		if (g == ng && ng < 4)
			gfn[ng++] = (enum usb_fn)r->fn;
		if (g < ng)
			gcount[g]++;
	}
	if (!n)
		return;
	bool one_driver = true;
	for (size_t i = 1; i < n; i++)
		one_driver &= !strcmp(drivers[i], drivers[0]);
	static const char *const count_words[] = { "", "", "two", "three", "four", "five", "six" };
	char words[4][48];
	const char *parts[4];
	for (size_t g = 0; g < ng; g++) {
		if (gcount[g] == 1)
			snprintf(words[g], sizeof(words[g]), "%s", serial_label(gfn[g], false));
		else if (gcount[g] < 7)
			snprintf(words[g], sizeof(words[g]), "%s %s", count_words[gcount[g]], serial_label(gfn[g], true));
		else
			snprintf(words[g], sizeof(words[g]), "%u %s", gcount[g], serial_label(gfn[g], true));
		parts[g] = words[g];
	}
	char nb[64], lb[200];
	join_numbers(nb, sizeof(nb), nums, n);
	join_words(lb, sizeof(lb), parts, ng);
	struct usb_finding *f = add_finding(a, dr, false, "serial-ok");
	if (!f)
		return;
	if (n == 1)
		fmt(f->text, sizeof(f->text), "Interface %s is %s; %s drives it, as it should.", nb, lb,
		    drivers[0]);
	else
		fmt(f->text, sizeof(f->text), "Interfaces %s are %s; %s %s them, as it should.", nb, lb,
		    one_driver ? drivers[0] : "serial drivers", one_driver ? "drives" : "drive");
}

static void remarks(struct ctx *c)
{
	struct usb_dev_report *dr = c->dr;
	for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
		const struct usb_if_report *r = &c->a->ifr[i];
		const struct usb_iface *f = &c->l->ifc[r->ifc];
		if (!f->note[0] || !strstr(f->note, "ould") )
			continue;
		struct usb_finding *x = add_finding(c->a, dr, false, "remark");
		if (!x)
			return;
		if (r->verdict == USB_V_OK && r->expected)
			fmt(x->text, sizeof(x->text),
			    "The remark \"%s\" next to interface %u is mistaken: it is %s, and %s is the right driver for it.",
			    f->note, f->number, usb_fn_label((enum usb_fn)r->fn), f->driver);
		else
			fmt(x->text, sizeof(x->text), "The remark \"%s\" next to interface %u: %s.", f->note,
			    f->number, r->reason);
	}
}

static void suggest(struct usb_dev_report *dr, enum usb_proto p, const char *dev, bool known, const char *when)
{
	if (dr->n_sug >= 2)
		return;
	struct usb_suggestion *s = &dr->sug[dr->n_sug++];
	s->proto = (uint8_t)p;
	s->device_known = known;
	snprintf(s->device, sizeof(s->device), "%s", dev);
	snprintf(s->when, sizeof(s->when), "%s", when);
}

/* An MBIM modem of a vendor whose composition an AT command chooses:
 * cellink drives it over MBIM as it is, and this names the switch to QMI
 * for those who prefer it. */
static void mbim_to_qmi(struct ctx *c, const struct usb_if_report *mbim)
{
	struct usb_analysis *a = c->a;
	const struct usb_listing *l = c->l;
	uint16_t vid = c->dev->vid;
	if (vid != 0x1199 && vid != 0x2c7c)
		return;
	/* The switch exists on these vendors' Qualcomm-based modules, the
	 * ones qmi_wwan or qcserial list; their Intel- and Unisoc-based ones
	 * (a Sierra EM7345, a Quectel RM500U) have no QMI to switch to. */
	if (!id_has_rows_of(vid, c->dev->pid, USB_KD_QMI_WWAN) && !id_has_rows_of(vid, c->dev->pid, USB_KD_QCSERIAL))
		return;
	const struct usb_if_report *at = find_fn(a, c->dr, USB_FN_AT, true);
	if (!at)
		at = find_fn(a, c->dr, USB_FN_MODEM, true);
	char port[80] = "the modem's AT port";
	if (at) {
		char tty[40];
		bool known = tty_of(l, at, tty, sizeof(tty));
		snprintf(port, sizeof port, "the AT port (interface %u, %s%s)", l->ifc[at->ifc].number,
			 known ? "" : "probably ", tty);
	}
	struct usb_finding *x = add_finding(a, c->dr, false, "mbim-to-qmi");
	if (!x)
		return;
	if (vid == 0x1199)
		fmt(x->text, sizeof(x->text),
		    "cellink drives interface %u over MBIM as it is (protocol 'mbim' below). To use QMI "
		    "instead, Sierra's composition switch does it on %s: AT!ENTERCND=\"A710\", then "
		    "AT!USBCOMP=1,1,0000050D (DIAG, NMEA, modem and QMI; AT!USBCOMP? lists what the "
		    "firmware offers), then AT!RESET; qmi_wwan then drives its QMI interface.",
		    l->ifc[mbim->ifc].number, port);
	else
		fmt(x->text, sizeof(x->text),
		    "cellink drives interface %u over MBIM as it is (protocol 'mbim' below). To use QMI "
		    "instead, Quectel's network function switch does it on %s: AT+QCFG=\"usbnet\",0 "
		    "(0 QMI/RMNET, 1 ECM, 2 MBIM, 3 RNDIS), then AT+CFUN=1,1 to restart; qmi_wwan then "
		    "drives the QMI interface.",
		    l->ifc[mbim->ifc].number, port);
}

static void conclude(struct ctx *c)
{
	struct usb_analysis *a = c->a;
	struct usb_dev_report *dr = c->dr;
	const struct usb_listing *l = c->l;
	char kn[32], dev[40], tty[40];
	kernel_name(&a->kernel, kn, sizeof(kn));

	if (c->storage_only && c->ms) {
		const struct usb_ms *m = c->ms;
		const char *arg = usb_ms_str(m->arg), *flag = usb_ms_method_of(m)->flag, *target = usb_ms_str(m->target);
		char file[16];
		struct usb_finding *f = add_finding(a, dr, true, "needs-mode-switch");
		if (f)
			fmt(f->text, sizeof(f->text),
			    "This is an install disk (%s, file %s of %s), not the modem yet. The switch "
			    "message is %s%s%s%s; it then comes back as %s. usb-modeswitch sends it by itself "
			    "once installed (Debian: apt install usb-modeswitch; OpenWrt: opkg install "
			    "usb-modeswitch); by hand: usb_modeswitch -v 0x%04x -p 0x%04x %s%s%s.",
			    usb_ms_str(m->title), usb_ms_file(m, file, sizeof(file)), usb_ms_package, usb_ms_method_of(m)->name,
			    arg[0] ? " (" : "", arg, arg[0] ? ")" : "", target[0] ? target : "another id", m->vid,
			    m->pid, flag[0] ? flag : "-c <that file>", arg[0] && flag[0] ? " " : "",
			    flag[0] ? arg : "");
		return;
	}
	if (c->storage_only) {
		struct usb_finding *f = add_finding(a, dr, true, "needs-mode-switch");
		if (f)
			fmt(f->text, sizeof(f->text),
			    "The device shows only its install disk (mass storage). It has to be switched "
			    "to modem mode with usb_modeswitch (OpenWrt: opkg install usb-modeswitch); it then "
			    "comes back with another product id.%s%s",
			    c->k ? " " : "", c->k ? usb_known_source(c->k) : "");
		return;
	}

	const struct usb_if_report *dl = find_fn(a, dr, USB_FN_DOWNLOAD, false);
	if (dl) {
		struct usb_finding *f = add_finding(a, dr, true, "boot-loader");
		if (f)
			fmt(f->text, sizeof(f->text),
			    "The modem is in its Qualcomm download mode (QDL/Sahara boot loader, one interface): "
			    "it is waiting for firmware, typically after a failed firmware update, and no modem "
			    "function exists until firmware is written. Recover by flashing the firmware again: "
			    "qmi-firmware-update --update-download -d %04x:%04x FIRMWARE.cwe FIRMWARE.nvu (libqmi; "
			    "Sierra's own tool is fwdwl-lite); for Qualcomm EDL (05c6:9008) use the vendor's "
			    "Firehose loader (QFirehose for Quectel).", c->dev->vid, c->dev->pid);
		return;
	}

	serial_summary(c);

	const struct usb_if_report *qmi_ok = find_fn(a, dr, USB_FN_QMI, true);
	const struct usb_if_report *qmi_any = find_fn(a, dr, USB_FN_QMI, false);
	const struct usb_if_report *mbim_ok = find_fn(a, dr, USB_FN_MBIM, true);
	const struct usb_if_report *mbim_any = find_fn(a, dr, USB_FN_MBIM, false);
	const struct usb_if_report *modem = find_fn(a, dr, USB_FN_MODEM, true);
	if (!modem)
		modem = find_fn(a, dr, USB_FN_AT, true);
	const struct usb_if_report *eth = find_fn(a, dr, USB_FN_ECM, true);
	if (!eth)
		eth = find_fn(a, dr, USB_FN_RNDIS, true);
	const struct usb_if_report *ncm = find_fn(a, dr, USB_FN_NCM, true);
	bool tty_known = false;
	if (modem)
		tty_known = tty_of(l, modem, tty, sizeof(tty));

	/* Sierra DirectIP: sierra_net's own framing, not QMI. */
	const struct usb_if_report *dip = find_fn(a, dr, USB_FN_NET, false);
	if (dip && dip->expected && !strcmp(dip->expected, "sierra_net")) {
		const struct usb_iface *f = &l->ifc[dip->ifc];
		bool ok = dip->verdict == USB_V_OK;
		struct usb_finding *x = add_finding(a, dr, !ok, "use-directip");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "This is a Sierra Wireless DirectIP modem, not a QMI one: interface %u is its "
			    "network function for sierra_net (%s), and the serial functions belong to the sierra "
			    "driver. QMI tools and cellink do not apply; OpenWrt's 'directip' protocol "
			    "(comgt-directip) starts the session with AT commands on %s%s%s. Sierra's "
			    "AT!UDPID/AT!USBCOMP can move the modem to its QMI composition instead.",
			    f->number, ok ? (f->net[0] ? f->net : "bound") : dip->reason,
			    modem ? (tty_known ? "" : "probably ") : "", modem ? tty : "its AT port",
			    modem ? "" : "");
		if (modem)
			suggest(dr, USB_P_DIRECTIP, tty, tty_known, ok ? "now" : "once sierra_net binds");
		remarks(c);
		return;
	}

	const struct usb_if_report *ctl = qmi_ok ? qmi_ok : mbim_ok;
	if (ctl) {
		const struct usb_iface *f = &l->ifc[ctl->ifc];
		const char *what = qmi_ok ? "QMI" : "MBIM";
		struct usb_finding *x = add_finding(a, dr, false, qmi_ok ? "use-qmi" : "use-mbim");
		bool known = f->wdm[0] != 0;
		if (known)
			snprintf(dev, sizeof(dev), "/dev/%s", f->wdm);
		else
			snprintf(dev, sizeof(dev), "/dev/cdc-wdm%u", wdm_guess(a, dr));
		if (x && known)
			fmt(x->text, sizeof(x->text),
			    "Interface %u is %s and %s drives it: use %s for control and %s for data.",
			    f->number, what, f->driver, dev, f->net[0] ? f->net : "its wwan network interface");
		else if (x)
			fmt(x->text, sizeof(x->text),
			    "Interface %u is %s and %s drives it: use its /dev/cdc-wdmN for control and its "
			    "network interface for data (the listing does not name them; probably %s and "
			    "wwan%u; --sysfs /sys on the router tells for sure).",
			    f->number, what, f->driver, dev, wdm_guess(a, dr));
		suggest(dr, qmi_ok ? USB_P_QMI : USB_P_MBIM, dev, known, "now");
		if (!qmi_ok)
			mbim_to_qmi(c, mbim_ok);
	}

	if (qmi_any && !qmi_ok) {
		const struct usb_iface *f = &l->ifc[qmi_any->ifc];
		bool rawip = c->k && (c->k->flags & USB_K_RAWIP_ONLY) &&
			     usb_kernel_has(&a->kernel, USB_KF_RAWIP) == 0 && qmi_any->verdict == USB_V_UNBOUND;
		struct usb_finding *x = add_finding(a, dr, true, rawip ? "qmi-needs-raw-ip" : "qmi-not-usable");
		if (x && rawip)
			fmt(x->text, sizeof(x->text),
			    "Interface %u is QMI. It stays unbound because the %s only supports raw-ip "
			    "framing and qmi_wwan in %s supports only 802.3 framing (raw-ip arrived in "
			    "Linux %s), so the driver does not bind rather than create a network device "
			    "that cannot work.", f->number, usb_known_name(c->k), kn, usb_kernel_fact_since(USB_KF_RAWIP));
		else if (x)
			fmt(x->text, sizeof(x->text), "Interface %u is QMI but not usable: %s.", f->number,
			    qmi_any->reason);
		if (!rawip && c->k && (c->k->flags & USB_K_RAWIP_ONLY) && a->kernel.assumed &&
		    qmi_any->verdict == USB_V_UNBOUND) {
			x = add_finding(a, dr, false, "raw-ip-hint");
			if (x)
				fmt(x->text, sizeof(x->text),
				    "The %s only does raw-ip: if this listing comes from a kernel older than "
				    "Linux %s, that is why qmi_wwan leaves interface %u alone (give --kernel).",
				    usb_known_name(c->k), usb_kernel_fact_since(USB_KF_RAWIP), f->number);
		}
		if (modem && !ctl) {
			dr->cellink_auto = true;
			snprintf(dr->auto_qmi, sizeof(dr->auto_qmi), "/dev/cdc-wdm%u", wdm_guess(a, dr));
			snprintf(dr->auto_atport, sizeof(dr->auto_atport), "%s", tty);
			struct usb_finding *y = add_finding(a, dr, false, "remedy-cellink-auto");
			if (y)
				fmt(y->text, sizeof(y->text),
				    "First remedy: cellink's mode 'auto' (configuration below). It tries QMI on %s, "
				    "sees that QMI cannot carry data here and runs PPP on the modem port, interface "
				    "%u (%s%s); once qmi_wwan owns interface %u (%s), the same configuration uses QMI "
				    "with no change.", dr->auto_qmi, l->ifc[modem->ifc].number,
				    tty_known ? "" : "probably ", tty, f->number,
				    rawip ? "after moving to Linux 4.5 or later" : "see above");
		}
		snprintf(dev, sizeof(dev), "/dev/cdc-wdm%u", wdm_guess(a, dr));
		x = add_finding(a, dr, false, "remedy");
		char way2[200] = "";
		if (modem)
			snprintf(way2, sizeof(way2),
				 " Until then, use PPP over the modem port: interface %u (%s%s).",
				 l->ifc[modem->ifc].number, tty_known ? "" : "probably ", tty);
		if (x && rawip)
			fmt(x->text, sizeof(x->text),
			    "Other ways out: run Linux %s or later, or a kernel with the qmi_wwan raw-ip backport "
			    "(one was proposed for LEDE 17.01), and use /dev/cdc-wdmN with proto qmi.%s",
			    usb_kernel_fact_since(USB_KF_RAWIP), way2);
		else if (x)
			fmt(x->text, sizeof(x->text),
			    "Make qmi_wwan own interface %u (see above), then use /dev/cdc-wdmN with proto qmi.%s",
			    f->number, way2);
		if (modem && !ctl)
			suggest(dr, USB_P_PPP, tty, tty_known, "now");
		char when[96];
		if (rawip)
			snprintf(when, sizeof(when), "after moving to Linux %s or later", usb_kernel_fact_since(USB_KF_RAWIP));
		else
			snprintf(when, sizeof(when), "once qmi_wwan owns interface %u", f->number);
		if (!ctl)
			suggest(dr, USB_P_QMI, dev, false, when);
	}
	if (mbim_any && !mbim_ok && !qmi_any) {
		struct usb_finding *x = add_finding(a, dr, true, "mbim-not-usable");
		if (x)
			fmt(x->text, sizeof(x->text), "Interface %u is MBIM but not usable: %s.",
			    l->ifc[mbim_any->ifc].number, mbim_any->reason);
		if (!ctl && mbim_any->expected && !strcmp(mbim_any->expected, "cdc_mbim")) {
			char when[64];
			snprintf(dev, sizeof(dev), "/dev/cdc-wdm%u", wdm_guess(a, dr));
			snprintf(when, sizeof(when), "once cdc_mbim owns interface %u", l->ifc[mbim_any->ifc].number);
			suggest(dr, USB_P_MBIM, dev, false, when);
			mbim_to_qmi(c, mbim_any);
		}
	}
	if (!ctl && ncm) {
		const struct usb_iface *f = &l->ifc[ncm->ifc];
		struct usb_finding *x = add_finding(a, dr, false, "use-ncm");
		if (f->wdm[0])
			snprintf(dev, sizeof(dev), "/dev/%s", f->wdm);
		else
			snprintf(dev, sizeof(dev), "/dev/cdc-wdm%u", wdm_guess(a, dr));
		if (x)
			fmt(x->text, sizeof(x->text),
			    "Interface %u is NCM and %s drives it: OpenWrt's ncm protocol uses its control "
			    "channel (%s%s) and its network interface.", f->number, f->driver,
			    f->wdm[0] ? "" : "probably ", dev);
		suggest(dr, USB_P_NCM, dev, f->wdm[0] != 0, "now");
	} else if (!ctl && eth && !c->k && !usb_modem_vendor(c->dev->vid)) {
		const struct usb_iface *f = &l->ifc[eth->ifc];
		struct usb_finding *x = add_finding(a, dr, false, "phone");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "This looks like a phone or another device sharing its connection over USB "
			    "(tethering), not a modem: interface %u is a %s for the class driver %s%s%s. "
			    "DHCP on that network interface (%s) is all it needs; QMI and cellink do not apply.",
			    f->number, usb_fn_label((enum usb_fn)eth->fn), f->driver[0] ? f->driver : eth->expected,
			    find_fn(a, dr, USB_FN_ADB, false) ? "; its ADB interface is for adb, with no kernel driver" : "",
			    "", f->net[0] ? f->net : "usb0, see ip link");
		suggest(dr, USB_P_DHCP, f->net[0] ? f->net : "usb0", f->net[0] != 0, "now");
	} else if (!ctl && eth) {
		const struct usb_iface *f = &l->ifc[eth->ifc];
		struct usb_finding *x = add_finding(a, dr, false, "use-ethernet");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "Interface %u is a %s driven by %s: the modem runs its own router and the host "
			    "only needs DHCP on that network interface (%s). QMI and cellink do not apply.",
			    f->number, usb_fn_label((enum usb_fn)eth->fn), f->driver,
			    f->net[0] ? f->net : "usb0 or eth1, see ip link");
		suggest(dr, USB_P_DHCP, f->net[0] ? f->net : "usb0", f->net[0] != 0, "now");
	}

	bool data_path = ctl || ncm || eth;
	const struct usb_if_report *net_any = find_fn(a, dr, USB_FN_ECM, false);
	if (!net_any)
		net_any = find_fn(a, dr, USB_FN_NCM, false);
	if (!net_any)
		net_any = find_fn(a, dr, USB_FN_RNDIS, false);
	if (!data_path && !qmi_any && !mbim_any && net_any && modem) {
		struct usb_finding *x = add_finding(a, dr, false, "remedy");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "Until the %s on interface %u works (see below), PPP over interface %u (%s%s) "
			    "can carry data.", usb_fn_label((enum usb_fn)net_any->fn),
			    l->ifc[net_any->ifc].number, l->ifc[modem->ifc].number, tty_known ? "" : "probably ", tty);
		suggest(dr, USB_P_PPP, tty, tty_known, "now");
	} else if (!data_path && !qmi_any && !mbim_any) {
		if (modem) {
			struct usb_finding *x = add_finding(a, dr, false, "ppp-only");
			if (x)
				fmt(x->text, sizeof(x->text),
				    "No usable network function is present in this configuration; PPP over "
				    "interface %u (%s%s) is the way to connect.", l->ifc[modem->ifc].number,
				    tty_known ? "" : "probably ", tty);
			suggest(dr, USB_P_PPP, tty, tty_known, "now");
		} else {
			/* Serial ports a modem driver holds whose role the listing
			 * cannot tell (lsusb -t without ids): say what is missing. */
			unsigned unknown_serial = 0;
			for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++)
				unknown_serial += a->ifr[i].fn == USB_FN_UNKNOWN && a->ifr[i].expected &&
						  usb_modem_serial_driver(a->ifr[i].expected);
			struct usb_finding *x = add_finding(a, dr, true, "no-data-path");
			if (x && unknown_serial)
				fmt(x->text, sizeof(x->text),
				    "No network function is bound; %u serial port%s held by a modem driver, but the "
				    "listing does not tell which is the AT/PPP port. Paste usb-devices (or "
				    "/sys/kernel/debug/usb/devices) for the ids, subclasses and protocols.",
				    unknown_serial, unknown_serial == 1 ? " is" : "s are");
			else if (x)
				fmt(x->text, sizeof(x->text),
				    "Nothing on this device can carry data right now: no network function is bound "
				    "and no AT/PPP port is available.");
		}
	}

	/* Quectel picks its network function with an AT command. */
	const struct usb_if_report *atp = find_fn(a, dr, USB_FN_AT, true);
	if (!atp)
		atp = modem;
	if (c->dev->vid == 0x2c7c && !data_path && (net_any || mbim_any) && atp) {
		struct usb_finding *x = add_finding(a, dr, false, "quectel-usbnet");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "Quectel modems choose their network function with AT+QCFG=\"usbnet\",N "
			    "(0 QMI/RMNET, 1 ECM, 2 MBIM, 3 RNDIS) followed by AT+CFUN=1,1; sent on "
			    "interface %u, usbnet 0 brings back QMI, which qmi_wwan and cellink use.",
			    l->ifc[atp->ifc].number);
	}

	/* Other configurations that offer what this one lacks. */
	const struct usb_device *d = c->dev;
	for (size_t ci = d->cfg_first; ci < (size_t)d->cfg_first + d->cfg_count; ci++) {
		const struct usb_config *cf = &l->cfg[ci];
		if (cf->active)
			continue;
		const char *offer = NULL;
		for (size_t j = cf->if_first; j < (size_t)cf->if_first + cf->if_count && !offer; j++) {
			const struct usb_iface *g = &l->ifc[j];
			if (g->cls == 0x02 && g->sub == 0x0e && !mbim_any)
				offer = "MBIM";
			else if (g->cls == 0x02 && g->sub == 0x06 && !eth && !ctl)
				offer = "an ECM network function";
			else if (g->cls == 0x02 && g->sub == 0x0d && !ncm && !ctl)
				offer = "an NCM network function";
		}
		if (!offer)
			continue;
		struct usb_finding *x = add_finding(a, dr, false, "other-configuration");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "Configuration %u (not the active one) offers %s; usb_modeswitch can select it "
			    "(or write %u to the device's bConfigurationValue in sysfs).", cf->number, offer,
			    cf->number);
	}
	remarks(c);
}

/* "6.12" of "6.12.117" */
static void short_version(const char *v, char *dst, size_t cap)
{
	const char *dot = strchr(v, '.');
	dot = dot ? strchr(dot + 1, '.') : NULL;
	snprintf(dst, cap, "%.*s", dot ? (int)(dot - v) : (int)strlen(v), v);
}

/* Whether the kernel lies after the version of the tables it is matched
 * against (6.6 against 6.1's, when the next ones are 6.12's): it may have
 * an id that version lacks, or not. */
static bool kernel_after_tables(const struct ctx *c)
{
	const struct usb_kernel *kk = &c->a->kernel;
	unsigned ma = 0, mi = 0;
	if (sscanf(usb_kid_versions[c->a->ktable].kernel, "%u.%u", &ma, &mi) != 2)
		return false;
	return kk->major > ma || (kk->major == ma && kk->minor > mi);
}

/* An interface that only a newer version of the tables gives a driver:
 * the listing's kernel lacks the id. Says so, which version has it, and
 * the ways out (the id by new_id, or that version); on a kernel that
 * bound it all the same, where it came from. */
static void newer_note(struct ctx *c, struct usb_if_report *r)
{
	if (!r->knewer || !r->kdriver || !r->expected || strcmp(r->expected, r->kdriver))
		return;
	const struct usb_kernel *kk = &c->a->kernel;
	char kn[32], nv[16], how[256];
	kernel_name(kk, kn, sizeof(kn));
	const char *newk = usb_kid_versions[r->ktable].kernel, *mine = usb_kid_versions[c->a->ktable].kernel;
	short_version(newk, nv, sizeof(nv));
	bool between = kernel_after_tables(c);
	const struct usb_iface *f = &c->l->ifc[r->ifc];
	if (r->verdict == USB_V_UNBOUND) {
		/* "Linux 6.1's qmi_wwan does not list 1546:1312 (the id came
		 * later: Linux 6.12.117's lists it)"; a kernel between the
		 * tables "may lack" it (Linux 6.1.192's does not list it) */
		new_id_line(c, r->expected, r->kdtr, how, sizeof(how));
		fmt(r->reason, sizeof(r->reason),
		    "%s; %s's %s %s %04x:%04x (%s%s%s Linux %s's lists it): %s, or move to Linux %s or later",
		    usb_fn_label((enum usb_fn)r->fn), kn, r->expected, between ? "may lack" : "does not list",
		    c->dev->vid, c->dev->pid, between ? "Linux " : "the id came later:", between ? mine : "",
		    between ? "'s does not list it," : "", newk, how, nv);
	} else if (r->verdict == USB_V_OK && bound(f)) {
		size_t n = strlen(r->reason);
		snprintf(r->reason + n, sizeof(r->reason) - n,
			 " (Linux %s's %s does not list %04x:%04x, Linux %s's does: this kernel has it from a "
			 "backport or a new_id)", mine, r->expected, c->dev->vid, c->dev->pid, newk);
	}
}

/* Several drivers need the id: network drivers first. A driver given an
 * id by new_id takes every interface its probe accepts (option has no
 * reserved mask for a dynamic id), so qmi_wwan must hold the QMI
 * interface before option learns the id. */
static void new_id_order(struct ctx *c)
{
	const char *drv[8];
	size_t n = 0;
	int newer = -1;         /* a newer version of the tables than the kernel's names the id */
	bool dtr = false;       /* qmi_wwan's row sets DTR */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = c->dr->if_first; i < (size_t)c->dr->if_first + c->dr->if_count; i++) {
			const struct usb_if_report *r = &c->a->ifr[i];
			int d = r->expected ? usb_kdrv_find(r->expected) : -1;
			if (r->verdict != USB_V_UNBOUND || d < 0 || d == USB_KD_USB_STORAGE ||
			    usb_kdrv_is_net((enum usb_kdrv)d) != (pass == 0))
				continue;
			if (r->knewer)
				newer = r->ktable;
			dtr |= r->kdtr;
			bool dup = false;
			for (size_t j = 0; j < n; j++)
				dup |= !strcmp(drv[j], r->expected);
			if (!dup && n < 8)
				drv[n++] = r->expected;
		}
	if (n < 2 && (newer < 0 || n < 1))
		return;
	struct usb_finding *x = add_finding(c->a, c->dr, false, "new-id-order");
	if (!x)
		return;
	size_t o = 0;
	int w;
	if (newer >= 0) {
		char kn[32], nv[16];
		kernel_name(&c->a->kernel, kn, sizeof(kn));
		short_version(usb_kid_versions[newer].kernel, nv, sizeof(nv));
		w = snprintf(x->text, sizeof(x->text),
			     "%s %s this id; Linux %s's tables list it. Move to Linux %s or later, or give it to "
			     "%s%s:", kn, kernel_after_tables(c) ? "may lack" : "lacks", usb_kid_versions[newer].kernel, nv,
			     n > 1 ? "the drivers in this order" : drv[0],
			     n > 1 ? " (the network driver first, or the serial driver takes its interface)" : "");
	} else {
		w = snprintf(x->text, sizeof(x->text),
			     "If this kernel lacks the id, give it to the drivers in this order (the network driver "
			     "first, or %s takes its interface):", drv[n - 1]);
	}
	o = w > 0 ? (size_t)w : 0;
	for (size_t j = 0; j < n && o < sizeof(x->text); j++) {
		char how[256];
		new_id_line(c, drv[j], dtr, how, sizeof(how));
		const char *e = strstr(how, "echo ");
		w = snprintf(x->text + o, sizeof(x->text) - o, " %zu. %s;", j + 1, e ? e : how);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	if (o < sizeof(x->text) && n > 1 && !strcmp(drv[0], "qmi_wwan"))
		snprintf(x->text + o, sizeof(x->text) - o,
			 " qmi_wwan given a bare id also takes the other interfaces with three endpoints: "
			 "unbind those (echo <port>:<config>.<n> > /sys/bus/usb/drivers/qmi_wwan/unbind) "
			 "before the next line.");
}

/* ---- the system's configuration against the modems found --------------- */

/* Whether the /dev path names interface f's node, as sysfs told it. */
static bool names_port(const char *path, const struct usb_iface *f)
{
	if (strncmp(path, "/dev/", 5))
		return false;
	const char *b = path + 5;
	return (f->wdm[0] && !strcmp(b, f->wdm)) || (f->tty[0] && !strcmp(b, f->tty));
}

/* A USB modem's node name as the kernel gives it (/dev/ttyUSB2), which
 * sysfs names; not a udev symlink (/dev/serial/by-id/..., /dev/ttyUSB-at). */
static bool usb_port_path(const char *path)
{
	static const char *const prefixes[] = { "/dev/cdc-wdm", "/dev/ttyUSB", "/dev/ttyACM" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(path, prefixes[i], n) || !path[n])
			continue;
		const char *p = path + n;
		while (*p >= '0' && *p <= '9')
			p++;
		return !*p;
	}
	return false;
}

/* The functions a configured path may name: the control port of the
 * section's protocol (want_ctl), or an AT port. */
static bool fits(enum usb_fn fn, const struct usb_hostconf_link *k, bool want_ctl)
{
	bool at = fn == USB_FN_AT || fn == USB_FN_MODEM;
	if (!want_ctl || !strcmp(k->proto, "3g") || !strcmp(k->proto, "ncm") || !strcmp(k->proto, "directip"))
		return at;
	if (!strcmp(k->proto, "qmi"))
		return fn == USB_FN_QMI;
	if (!strcmp(k->proto, "mbim"))
		return fn == USB_FN_MBIM;
	/* cellink: the protocol option, else either (the driver decides). */
	if (!strcmp(k->protocol, "qmi"))
		return fn == USB_FN_QMI;
	if (!strcmp(k->protocol, "mbim"))
		return fn == USB_FN_MBIM;
	return fn == USB_FN_QMI || fn == USB_FN_MBIM;
}

static const char *wanted(const struct usb_hostconf_link *k, bool want_ctl)
{
	if (!want_ctl || !strcmp(k->proto, "3g") || !strcmp(k->proto, "ncm") || !strcmp(k->proto, "directip"))
		return "an AT port";
	if (!strcmp(k->proto, "qmi") || !strcmp(k->protocol, "qmi"))
		return "the QMI port";
	if (!strcmp(k->proto, "mbim") || !strcmp(k->protocol, "mbim"))
		return "the MBIM port";
	return "the QMI or MBIM port";
}

static void check_path(const struct usb_listing *l, struct usb_analysis *a, const struct usb_hostconf_link *k,
		       const char *key, const char *path, bool want_ctl)
{
	if (!path[0] || !usb_port_path(path))
		return;
	for (size_t d = 0; d < a->n_dev; d++) {
		struct usb_dev_report *dr = &a->dev[d];
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
			const struct usb_if_report *r = &a->ifr[i];
			const struct usb_iface *f = &l->ifc[r->ifc];
			if (!names_port(path, f))
				continue;
			if (fits((enum usb_fn)r->fn, k, want_ctl))
				return;
			struct usb_finding *x = add_finding(a, dr, true, "config-port");
			if (x)
				fmt(x->text, sizeof(x->text),
				    "%s: option %s '%s' names interface %u, which is %s; proto '%s'%s%s needs %s there.",
				    k->where, key, path, f->number, usb_fn_label((enum usb_fn)r->fn), k->proto,
				    k->protocol[0] ? " with protocol " : "", k->protocol, wanted(k, want_ctl));
			return;
		}
	}
	/* No modem here has that node: the section points at nothing. */
	for (size_t d = 0; d < a->n_dev; d++) {
		struct usb_dev_report *dr = &a->dev[d];
		if (!dr->n_sug && !dr->cellink_auto)
			continue;
		struct usb_finding *x = add_finding(a, dr, true, "config-port");
		if (x)
			fmt(x->text, sizeof(x->text),
			    "%s: option %s '%s' names a port no modem here has (it wants %s; see the "
			    "configuration suggested for this modem%s%s).", k->where, key, path,
			    wanted(k, want_ctl), dr->n_sug && dr->sug[0].device[0] ? ", on " : "",
			    dr->n_sug && dr->sug[0].device[0] ? dr->sug[0].device : "");
		return;
	}
}

/* Checks the modem links the system is configured with against the
 * modems found, once sysfs has named their ports (live mode). */
static void config_check(const struct usb_listing *l, struct usb_analysis *a)
{
	const struct usb_hostconf *hc = a->kernel.conf;
	if (!hc)
		return;
	bool named = false;
	for (size_t i = 0; i < a->n_ifr && !named; i++) {
		const struct usb_iface *f = &l->ifc[a->ifr[i].ifc];
		named = f->wdm[0] || f->tty[0];
	}
	if (!named)
		return;
	for (unsigned j = 0; j < hc->n; j++) {
		const struct usb_hostconf_link *k = &hc->link[j];
		bool ppp = !strcmp(k->mode, "ppp");
		check_path(l, a, k, "device", k->device, !ppp);
		check_path(l, a, k, "atport", k->atport, false);
	}
}

/* A running ModemManager keeps the ports of every modem it drives open;
 * cellink on the same ports would fight it (an information, not a
 * problem: letting ModemManager drive the modem is a sound choice). */
static void managers(struct ctx *c)
{
	struct usb_analysis *a = c->a;
	if (a->kernel.modemmanager <= 0 ||
	    !(find_fn(a, c->dr, USB_FN_QMI, false) || find_fn(a, c->dr, USB_FN_MBIM, false) ||
	      find_fn(a, c->dr, USB_FN_AT, false) || find_fn(a, c->dr, USB_FN_MODEM, false)))
		return;
	const struct usb_mm_rule *ign = NULL;
	unsigned n_rules = 0;
	const struct usb_mm_rule *rules = c->dev->have_ids ? usb_mm_vendor_rules(c->dev->vid, &n_rules) : NULL;
	for (unsigned i = 0; i < n_rules && !ign; i++) {
		const struct usb_mm_rule *r = &rules[i];
		if (r->role == USB_MM_DEVICE_IGNORE && (r->any_pid || r->pid == c->dev->pid))
			ign = r;
	}
	struct usb_finding *x = add_finding(a, c->dr, false, "modemmanager");
	if (!x)
		return;
	if (ign)
		fmt(x->text, sizeof(x->text),
		    "ModemManager is running (process %ld), and its own rules (%s:%u) tell it to leave this "
		    "modem alone.", a->kernel.modemmanager, usb_mm_files[ign->file], (unsigned)ign->line);
	else if (c->dev->have_ids)
		fmt(x->text, sizeof(x->text),
		    "ModemManager is running (process %ld) and keeps this modem's QMI, MBIM and AT ports open: "
		    "cellink (or uqmi, umbim) on the same ports would fight it. Let it drive the modem (mmcli), "
		    "stop it (systemctl disable --now ModemManager), or keep it off this modem with a udev rule: "
		    "ATTRS{idVendor}==\"%04x\", ATTRS{idProduct}==\"%04x\", ENV{ID_MM_DEVICE_IGNORE}=\"1\".",
		    a->kernel.modemmanager, c->dev->vid, c->dev->pid);
	else
		fmt(x->text, sizeof(x->text),
		    "ModemManager is running (process %ld) and keeps this modem's QMI, MBIM and AT ports open: "
		    "cellink (or uqmi, umbim) on the same ports would fight it. Let it drive the modem (mmcli), "
		    "stop it (systemctl disable --now ModemManager), or keep it off this modem with a udev rule "
		    "setting ENV{ID_MM_DEVICE_IGNORE}=\"1\" for its ids.",
		    a->kernel.modemmanager);
}

int usb_analyze(const struct usb_listing *l, const struct usb_kernel *k, struct usb_analysis *a)
{
	memset(a, 0, sizeof(*a));
	if (k)
		a->kernel = *k;
	else
		usb_kernel_parse(&a->kernel, NULL);
	a->ktable = usb_kid_table_for(a->kernel.known, a->kernel.major, a->kernel.minor);
	for (size_t d = 0; d < l->n_dev && a->n_dev < USB_MAX_DEVICES; d++) {
		const struct usb_device *dev = &l->dev[d];
		const struct usb_known *kn = dev->have_ids ? usb_known_find(dev->vid, dev->pid) : NULL;
		if (!usb_is_modem_candidate(l, d, kn))
			continue;
		struct usb_dev_report *dr = &a->dev[a->n_dev++];
		dr->dev = (uint16_t)d;
		dr->known = kn;
		dr->if_first = (uint16_t)a->n_ifr;
		dr->f_first = (uint16_t)a->n_find;
		if (kn)
			snprintf(dr->name, sizeof(dr->name), "%s", usb_known_name(kn));
		else if (dev->product[0])
			snprintf(dr->name, sizeof(dr->name), "%s", dev->product);
		else
			snprintf(dr->name, sizeof(dr->name), "unknown device");
		struct ctx c = { .l = l, .a = a, .dr = dr, .dev = dev, .k = kn };
		c.cfg = usb_active_config(l, d);
		if (!c.cfg) {
			struct usb_finding *x = add_finding(a, dr, true, "no-configuration");
			if (x)
				fmt(x->text, sizeof(x->text), "The listing shows no configuration for this device.");
			continue;
		}
		unsigned n = 0, storage = 0;
		for (size_t j = c.cfg->if_first; j < (size_t)c.cfg->if_first + c.cfg->if_count; j++) {
			if (!l->ifc[j].active)
				continue;
			n++;
			storage += l->ifc[j].cls == 0x08;
		}
		c.ms = dev->have_ids ? usb_ms_find(dev->vid, dev->pid) : NULL;
		c.storage_only = n && storage == n &&
				 ((kn && (kn->flags & USB_K_MODESWITCH)) || usb_modem_vendor(dev->vid) || c.ms);
		if (c.ms && storage)
			c.storage_only = true;
		for (size_t j = c.cfg->if_first; j < (size_t)c.cfg->if_first + c.cfg->if_count; j++) {
			if (!l->ifc[j].active || a->n_ifr >= USB_MAX_IFACES)
				continue;
			struct usb_if_report *r = &a->ifr[a->n_ifr++];
			dr->if_count++;
			r->ktable = (uint8_t)a->ktable;
			judge(&c, j, r);
			newer_note(&c, r);
		}
		if (dev->ids_paired[0]) {
			struct usb_finding *x = add_finding(a, dr, false, "ids-paired");
			if (x)
				fmt(x->text, sizeof(x->text),
				    "The tree gives no ids for device %u and nothing else names that number; "
				    "%s, the only one left unmatched, was taken as it (a modem that "
				    "re-enumerates between the two commands gets a new number). lsusb -tv prints "
				    "each device's ids in the tree itself.",
				    dev->devnum, dev->ids_paired);
		}
		if (l->format == USB_FMT_LSUSB_V) {
			struct usb_finding *x = add_finding(a, dr, false, "drivers-unknown");
			if (x)
				fmt(x->text, sizeof(x->text),
				    "lsusb -v shows the descriptors but not the drivers: the table says what each "
				    "interface is and which driver should own it; usb-devices, lsusb -t or "
				    "/sys/kernel/debug/usb/devices show which does.");
			continue;
		}
		new_id_order(&c);
		conclude(&c);
		managers(&c);
		/* Per-interface problems not already covered by a finding. */
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
			const struct usb_if_report *r = &a->ifr[i];
			if (!r->problem || r->fn == USB_FN_QMI || r->verdict == USB_V_MODESWITCH)
				continue;
			if (r->fn == USB_FN_MBIM && !find_fn(a, dr, USB_FN_QMI, false))
				continue;
			struct usb_finding *x = add_finding(a, dr, true, "interface-problem");
			if (x)
				fmt(x->text, sizeof(x->text), "Interface %u: %s.", l->ifc[r->ifc].number, r->reason);
		}
	}
	config_check(l, a);
	return (int)a->n_dev;
}
