/* Matching an interface against the kernel's id tables (kernel_ids.c) the
 * way usb_match_id() does, then what each driver's probe does with the
 * match. The probe rules are our summary of the drivers' probe functions
 * in the kernel named by kernel_ids.c:
 *   qmi_wwan_probe   interface-number rows take vendor-specific
 *                    interfaces only; two endpoints mean DIAG (skipped);
 *                    05c6:9215 with five interfaces skips interface 0
 *   qcprobe          vendor-specific only; one interface is the QDL
 *                    download port; otherwise the row's layout (Gobi 1K,
 *                    Gobi 2K, Sierra, Huawei) picks the interfaces
 *   option_probe     never mass storage; not the reserved interfaces of
 *                    the row's mask; NUMEP2 rows want two endpoints
 *   sierra_probe     DirectIP rows leave 7-11, 19 and 20 to sierra_net
 *   sierra_net_bind  wants three endpoints
 *   cdc_mbim_bind    an NCM (02/0d) function only with an MBIM alternate
 *                    setting (an NCM/MBIM function)
 *   usbnet drivers   a row without driver data refuses the device
 *   cdc_acm          IGNORE_DEVICE rows refuse it */
#include "usb/kernel_ids.h"
#include "usb/modeswitch_ids.h"
#include "usb/usb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *serial, *source;
	bool net;
} drivers[] = {
#define USB_KD_ROW(id, name, serial, net) { name, serial, NULL, net },
	USB_KDRIVERS(USB_KD_ROW)
#undef USB_KD_ROW
};

static const char *const sources[USB_KD_COUNT_] = {
	[USB_KD_QMI_WWAN] = "drivers/net/usb/qmi_wwan.c",
	[USB_KD_SIERRA_NET] = "drivers/net/usb/sierra_net.c",
	[USB_KD_CDC_MBIM] = "drivers/net/usb/cdc_mbim.c",
	[USB_KD_HUAWEI_CDC_NCM] = "drivers/net/usb/huawei_cdc_ncm.c",
	[USB_KD_CDC_NCM] = "drivers/net/usb/cdc_ncm.c",
	[USB_KD_CDC_ETHER] = "drivers/net/usb/cdc_ether.c",
	[USB_KD_RNDIS_HOST] = "drivers/net/usb/rndis_host.c",
	[USB_KD_QCSERIAL] = "drivers/usb/serial/qcserial.c",
	[USB_KD_SIERRA] = "drivers/usb/serial/sierra.c",
	[USB_KD_OPTION] = "drivers/usb/serial/option.c",
	[USB_KD_CDC_ACM] = "drivers/usb/class/cdc-acm.c",
	[USB_KD_USB_STORAGE] = "drivers/usb/storage/unusual_devs.h",
};

const char *usb_kdrv_name(enum usb_kdrv d)
{
	return (unsigned)d < USB_KD_COUNT_ ? drivers[d].name : "?";
}

const char *usb_kdrv_serial_name(enum usb_kdrv d)
{
	return (unsigned)d < USB_KD_COUNT_ ? drivers[d].serial : NULL;
}

bool usb_kdrv_is_net(enum usb_kdrv d)
{
	return (unsigned)d < USB_KD_COUNT_ && drivers[d].net;
}

const char *usb_kdrv_source(enum usb_kdrv d)
{
	return (unsigned)d < USB_KD_COUNT_ ? sources[d] : "?";
}

int usb_kdrv_find(const char *name)
{
	for (int d = 0; d < USB_KD_COUNT_; d++)
		if (!strcmp(drivers[d].name, name))
			return d;
	return -1;
}

const struct usb_kid *usb_kid_rows(void)
{
	static struct usb_kid rows[USB_KID_MAX];
	static bool done;
	if (!done) {
		for (unsigned i = 0; i < usb_kid_count && i < sizeof(rows) / sizeof(rows[0]); i++) {
			unsigned line = usb_kid_row_line[i];
			const struct usb_kid_shape *s = &usb_kid_shapes[(line >> 12) << 8 | usb_kid_row_shape[i]];
			rows[i] = (struct usb_kid){
				.pid = usb_kid_row_pid[i], .cls = s->cls, .sub = s->sub, .proto = s->proto,
				.ifnum = s->ifnum, .match = s->match & 0x7ffu, .drv = s->drv & 0xfu,
				.info = s->info & 0xfu, .line = line & 0xfffu, .since = s->since & 0x3u,
				.until = s->until & 0x3u,
			};
		}
		done = true;
	}
	return rows;
}

/* "6.12.117" -> 6, 12 */
static void major_minor(const char *v, unsigned *major, unsigned *minor)
{
	char *end;
	*major = (unsigned)strtoul(v, &end, 10);
	*minor = *end == '.' ? (unsigned)strtoul(end + 1, NULL, 10) : 0;
}

unsigned usb_kid_table_for(bool known, unsigned major, unsigned minor)
{
	unsigned n = usb_kid_version_count ? usb_kid_version_count : 1;
	if (!known)
		return n - 1;
	unsigned best = 0;
	for (unsigned v = 0; v < usb_kid_version_count; v++) {
		unsigned ma, mi;
		major_minor(usb_kid_versions[v].kernel, &ma, &mi);
		if (ma < major || (ma == major && mi <= minor))
			best = v;
	}
	return best;
}

const struct usb_kid_bcd *usb_kid_bcd_of(const struct usb_kid *r)
{
	if (r < usb_kid_table || r >= usb_kid_table + usb_kid_count)
		return NULL;
	unsigned row = (unsigned)(r - usb_kid_table), lo = 0, hi = usb_kid_bcd_count;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (usb_kid_bcd[mid].row == row)
			return &usb_kid_bcd[mid];
		if (usb_kid_bcd[mid].row < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint16_t usb_kid_vid_of(const struct usb_kid *r)
{
	if (r < usb_kid_table || r >= usb_kid_table + usb_kid_count || !usb_kid_vid_count)
		return 0;
	unsigned row = (unsigned)(r - usb_kid_table), lo = 0, hi = usb_kid_vid_count;
	/* the last run whose first row is at or before row */
	while (hi - lo > 1) {
		unsigned mid = (lo + hi) / 2;
		if (usb_kid_vids[mid].first <= row)
			lo = mid;
		else
			hi = mid;
	}
	return usb_kid_vids[lo].vid;
}

uint32_t usb_kid_arg_of(const struct usb_kid *r)
{
	if (r < usb_kid_table || r >= usb_kid_table + usb_kid_count)
		return 0;
	unsigned row = (unsigned)(r - usb_kid_table), lo = 0, hi = usb_kid_arg_count;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (usb_kid_arg_rows[mid] == row)
			return usb_kid_args[mid];
		if (usb_kid_arg_rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* usb_match_one_id(): device fields, then interface fields; interface
 * fields are not looked at on a vendor-specific device unless the row
 * names the vendor. */
static bool row_matches(const struct usb_kid *r, uint16_t vid, const struct usb_kiface *f)
{
	if (f->table < r->since || f->table > r->until)
		return false;
	if ((r->match & USB_KM_VENDOR) && vid != f->vid)
		return false;
	if ((r->match & USB_KM_PRODUCT) && r->pid != f->pid)
		return false;
	if (r->match & (USB_KM_DEV_LO | USB_KM_DEV_HI)) {
		const struct usb_kid_bcd *b = usb_kid_bcd_of(r);
		if (!b || ((r->match & USB_KM_DEV_LO) && f->bcd < b->lo) ||
		    ((r->match & USB_KM_DEV_HI) && f->bcd > b->hi))
			return false;
	}
	if ((r->match & USB_KM_DEV_CLASS) && r->cls != f->dcls)
		return false;
	if ((r->match & USB_KM_DEV_SUB) && r->sub != f->dsub)
		return false;
	if ((r->match & USB_KM_DEV_PROTO) && r->proto != f->dproto)
		return false;
	unsigned intf = USB_KM_INT_CLASS | USB_KM_INT_SUB | USB_KM_INT_PROTO | USB_KM_INT_NUMBER;
	if (f->dcls == 0xff && !(r->match & USB_KM_VENDOR) && (r->match & intf))
		return false;
	if ((r->match & USB_KM_INT_CLASS) && r->cls != f->cls)
		return false;
	if ((r->match & USB_KM_INT_SUB) && r->sub != f->sub && !f->shape_unknown)
		return false;
	if ((r->match & USB_KM_INT_PROTO) && r->proto != f->proto && !f->shape_unknown)
		return false;
	if ((r->match & USB_KM_INT_NUMBER) && r->ifnum != f->number)
		return false;
	return true;
}

#define WHY(...) snprintf(v->why, sizeof(v->why), __VA_ARGS__)

/* Where a row is: "line 1359" in the source of the oldest version, "line
 * 1452 of 6.12.117" in the source of the version that brought it. */
static const char *at_line(const struct usb_kid *r, char *buf, size_t cap)
{
	if (r->since && r->since < usb_kid_version_count)
		snprintf(buf, cap, "line %u of %s", (unsigned)r->line, usb_kid_versions[r->since].kernel);
	else
		snprintf(buf, cap, "line %u", (unsigned)r->line);
	return buf;
}

static void probe_qcserial(const struct usb_kiface *f, struct usb_kverdict *v)
{
	const char *src = "qcserial";
	v->accepts = false;
	if (f->cls != 0xff) {
		WHY("%s takes only vendor-specific interfaces", src);
		return;
	}
	if (f->n_ifaces == 1) {
		v->accepts = (f->bulk_pair || f->shape_unknown) && f->n_alts <= 2;
		v->fn = USB_FN_DOWNLOAD;
		WHY(v->accepts ? "the only interface: the Qualcomm QDL download port (the modem is in its boot loader)"
			       : "the only interface, but not the QDL port's shape");
		return;
	}
	unsigned n = f->number;
	switch (v->entry->info) {
	case USB_KI_QCS_G1K:
		if (f->n_ifaces < 3 || f->n_ifaces > 4) {
			WHY("Gobi 1K layout wants 3 or 4 interfaces, the device has %u", f->n_ifaces);
			return;
		}
		v->accepts = n == 0 || n == 2;
		v->fn = n == 0 ? USB_FN_DIAG : n == 2 ? USB_FN_MODEM : n == 3 ? USB_FN_QMI : -1;
		WHY(n == 0 ? "Gobi 1K layout: 0 is DM/DIAG" : n == 2 ? "Gobi 1K layout: 2 is the AT/PPP modem port"
			   : n == 3 ? "Gobi 1K layout: 3 is QMI, left to qmi_wwan"
				    : "Gobi 1K layout: interface %u is left alone on purpose", n);
		return;
	case USB_KI_QCS_HWI:
		switch (f->proto) {
		case 0x07: case 0x37: case 0x67: case 0x08: case 0x38: case 0x68:
		case 0x09: case 0x39: case 0x69:
			WHY("Huawei layout: protocol %02x is a QMI function, left to qmi_wwan", f->proto);
			return;
		case 0x16: case 0x46: case 0x76:
			WHY("Huawei layout: protocol %02x is NCM, left to huawei_cdc_ncm", f->proto);
			return;
		default:
			v->accepts = true;
			WHY("Huawei layout: protocol %02x is a serial function", f->proto);
			return;
		}
	case USB_KI_QCS_SWI:
		v->accepts = n == 0 || n == 2 || n == 3;
		v->fn = n == 0 ? USB_FN_DIAG : n == 2 ? USB_FN_NMEA : n == 3 ? USB_FN_MODEM : -1;
		if (v->accepts)
			WHY("Sierra layout: %s", n == 0 ? "0 is DM/DIAG" : n == 2 ? "2 is NMEA" : "3 is the AT/PPP modem port");
		else if (n == 8 || n == 10 || n == 12 || n == 19)
			WHY("Sierra layout: %u is a network function, left to qmi_wwan or cdc_mbim", n);
		else
			WHY("Sierra layout binds only 0, 2 and 3: interface %u is left alone on purpose", n);
		return;
	default: /* Gobi 2K, and every id added with new_id */
		if (f->n_ifaces == 5 && f->pid == 0x9215) {
			static const char *const ec20[] = { "DM/DIAG", "NMEA", "AT", "the AT/PPP modem port" };
			static const int ec20fn[] = { USB_FN_DIAG, USB_FN_NMEA, USB_FN_AT, USB_FN_MODEM, USB_FN_QMI };
			v->accepts = n < 4;
			v->fn = n <= 4 ? ec20fn[n] : -1;
			if (n < 4)
				WHY("Quectel EC20 layout: %u is %s", n, ec20[n]);
			else
				WHY("Quectel EC20 layout: %u is QMI, left to qmi_wwan", n);
			return;
		}
		if (f->n_ifaces < 3 || f->n_ifaces > 4) {
			WHY("Gobi 2K layout wants 3 or 4 interfaces, the device has %u", f->n_ifaces);
			return;
		}
		v->accepts = n != 0;
		v->fn = n == 0 ? USB_FN_QMI : n == 1 ? USB_FN_DIAG : n == 2 ? USB_FN_MODEM : USB_FN_NMEA;
		WHY(n == 0 ? "Gobi 2K layout: 0 is QMI, left to qmi_wwan" : n == 1 ? "Gobi 2K layout: 1 is DM/DIAG"
			   : n == 2 ? "Gobi 2K layout: 2 is the AT/PPP modem port" : "Gobi 2K layout: %u is NMEA", n);
		return;
	}
}

static void probe(const struct usb_kiface *f, struct usb_kverdict *v)
{
	const struct usb_kid *r = v->entry;
	char at[40];
	v->accepts = true;
	v->fn = -1;
	v->why[0] = 0;
	switch (v->drv) {
	case USB_KD_QMI_WWAN:
		if ((r->match & USB_KM_INT_NUMBER) && f->cls != 0xff) {
			v->accepts = false;
			WHY("qmi_wwan's row names interface %u, but takes it only when it is vendor-specific", r->ifnum);
		} else if (f->vid == 0x05c6 && f->pid == 0x9215 && f->n_ifaces == 5 && f->number == 0) {
			v->accepts = false;
			WHY("qmi_wwan skips interface 0 of a Quectel EC20 (QMI is on 4)");
		} else if (f->n_eps == 2 && !f->shape_unknown) {
			v->accepts = false;
			WHY("qmi_wwan skips an interface with two endpoints: that shape is DIAG");
		} else {
			WHY("qmi_wwan's table lists it (%s)%s", at_line(r, at, sizeof(at)),
			    r->info == USB_KI_QMI_DTR ? ", with the set-DTR quirk" : "");
		}
		return;
	case USB_KD_SIERRA_NET:
		if (f->n_eps != 3 && !f->shape_unknown) {
			v->accepts = false;
			WHY("sierra_net wants three endpoints, the interface has %u", f->n_eps);
		} else {
			WHY("Sierra DirectIP network interface (sierra_net %s)", at_line(r, at, sizeof(at)));
		}
		return;
	case USB_KD_QCSERIAL:
		probe_qcserial(f, v);
		return;
	case USB_KD_SIERRA:
		if (r->info == USB_KI_SIERRA_IGNORE_DIRECT_IP &&
		    (f->number >= 7 && (f->number <= 11 || f->number == 19 || f->number == 20))) {
			v->accepts = false;
			WHY("sierra leaves DirectIP interface %u to sierra_net on purpose", f->number);
		} else {
			WHY("sierra's table lists it (%s)", at_line(r, at, sizeof(at)));
		}
		return;
	case USB_KD_OPTION:
		if (f->cls == 0x08) {
			v->accepts = false;
			WHY("option never takes the install disk (mass storage)");
		} else if (r->info == USB_KI_OPTION && f->number < 8 && (USB_OPT_RSVD(usb_kid_arg_of(r)) >> f->number) & 1) {
			v->accepts = false;
			WHY("option's row (%s) reserves interface %u for another driver on purpose", at_line(r, at, sizeof(at)), f->number);
		} else if (r->info == USB_KI_OPTION && (usb_kid_arg_of(r) & USB_OPT_NUMEP2) && f->n_eps != 2 && !f->shape_unknown) {
			v->accepts = false;
			WHY("option's row (%s) takes only interfaces with two endpoints", at_line(r, at, sizeof(at)));
		} else {
			WHY("option's table lists it (%s)", at_line(r, at, sizeof(at)));
		}
		return;
	case USB_KD_CDC_MBIM:
		/* cdc_mbim's class row for NCM (02/0d) is for NCM/MBIM
		 * functions: its bind wants the MBIM alternate setting, and
		 * without one cdc_ncm drives the function. */
		if (f->cls == 0x02 && f->sub == 0x0d && !f->mbim_alt && !f->shape_unknown) {
			v->accepts = false;
			WHY("cdc_mbim takes an NCM function only when an alternate setting of it is MBIM; this one has none, so cdc_ncm drives it");
		} else {
			WHY("cdc_mbim's table lists it (%s)", at_line(r, at, sizeof(at)));
		}
		return;
	case USB_KD_USB_STORAGE:
		if (r->info == USB_KI_STORAGE_IGNORE) {
			v->accepts = false;
			WHY("usb-storage ignores this device on purpose (unusual_devs.h %s)", at_line(r, at, sizeof(at)));
		} else {
			WHY("mass storage (unusual_devs.h %s)", at_line(r, at, sizeof(at)));
		}
		return;
	default:
		if (r->info == USB_KI_EXCLUDE) {
			v->accepts = false;
			WHY("%s's row at %s excludes it on purpose", usb_kdrv_name(v->drv), at_line(r, at, sizeof(at)));
		} else if (r->info == USB_KI_NOT_A_MODEM) {
			WHY("%s's table lists it, marked as not a modem", usb_kdrv_name(v->drv));
		} else {
			WHY("%s's table lists it (%s)", usb_kdrv_name(v->drv), at_line(r, at, sizeof(at)));
		}
		return;
	}
}

/* The class rows of usb-storage's own table (usual-tables.c): every mass
 * storage interface. */
static const struct usb_kid storage_class = {
	.match = USB_KM_INT_CLASS, .cls = 0x08, .drv = USB_KD_USB_STORAGE, .info = USB_KI_STORAGE,
};

int usb_kmatch(const struct usb_kiface *f, struct usb_kverdict *out, int cap)
{
	/* One pass: the first matching row of each driver. */
	const struct usb_kid *first[USB_KD_COUNT_] = { NULL };
	unsigned run = 0;
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &usb_kid_table[i];
		while (run + 1 < usb_kid_vid_count && usb_kid_vids[run + 1].first <= i)
			run++;
		if (r->drv < USB_KD_COUNT_ && !first[r->drv] && row_matches(r, usb_kid_vids[run].vid, f))
			first[r->drv] = r;
	}
	int n = 0;
	for (int d = 0; d < USB_KD_COUNT_ && n < cap; d++) {
		const struct usb_kid *row = first[d];
		if (d == USB_KD_USB_STORAGE && f->cls != 0x08)
			row = row && row->info == USB_KI_STORAGE_IGNORE ? row : NULL;
		if (!row && d == USB_KD_USB_STORAGE && f->cls == 0x08)
			row = &storage_class;
		if (!row)
			continue;
		struct usb_kverdict *v = &out[n++];
		memset(v, 0, sizeof(*v));
		v->drv = (enum usb_kdrv)d;
		v->entry = row;
		probe(f, v);
	}
	return n;
}

bool usb_kid_known(uint16_t vid, uint16_t pid)
{
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &usb_kid_table[i];
		if ((r->match & (USB_KM_VENDOR | USB_KM_PRODUCT)) == (USB_KM_VENDOR | USB_KM_PRODUCT) &&
		    usb_kid_vid_of(r) == vid && r->pid == pid)
			return true;
	}
	return false;
}

bool usb_kid_dtr_reference(unsigned table, uint16_t *vid, uint16_t *pid)
{
	const struct usb_kid *t = usb_kid_table;
	for (unsigned i = 0; i < usb_kid_count; i++) {
		const struct usb_kid *r = &t[i];
		if (r->drv != USB_KD_QMI_WWAN || r->info != USB_KI_QMI_DTR || r->since > table ||
		    r->until < table || (r->match & (USB_KM_VENDOR | USB_KM_PRODUCT)) != (USB_KM_VENDOR | USB_KM_PRODUCT))
			continue;
		/* the kernel copies the first row with that id: every one of
		 * them must set DTR */
		uint16_t v = usb_kid_vid_of(r);
		bool all = true;
		for (unsigned j = 0; j < usb_kid_count && all; j++) {
			const struct usb_kid *o = &t[j];
			all = o->drv != USB_KD_QMI_WWAN || o->pid != r->pid || o->since > table || o->until < table ||
			      usb_kid_vid_of(o) != v || o->info == USB_KI_QMI_DTR;
		}
		if (all) {
			*vid = v;
			*pid = r->pid;
			return true;
		}
	}
	return false;
}

int usb_kbind(const struct usb_kiface *f, struct usb_kverdict *chosen, struct usb_kverdict *refused)
{
	struct usb_kverdict v[USB_KD_COUNT_];
	int n = usb_kmatch(f, v, USB_KD_COUNT_);
	int got = -1, ref = -1;
	for (int i = 0; i < n; i++) {
		if (v[i].accepts && got < 0)
			got = i;
		if (!v[i].accepts && ref < 0)
			ref = i;
	}
	if (refused) {
		if (ref >= 0)
			*refused = v[ref];
		else
			memset(refused, 0, sizeof(*refused));
	}
	if (got < 0)
		return -1;
	*chosen = v[got];
	return (int)v[got].drv;
}

const char *usb_ms_file(const struct usb_ms *m, char *buf, unsigned cap)
{
	unsigned row = (unsigned)(m - usb_ms_table);
	for (unsigned i = 0; i < usb_ms_file_count; i++)
		if (usb_ms_files[i].row == row)
			return usb_ms_str(usb_ms_files[i].file);
	snprintf(buf, cap, "%04x:%04x", m->vid, m->pid);
	return buf;
}

const struct usb_ms *usb_ms_find(uint16_t vid, uint16_t pid)
{
	unsigned lo = 0, hi = usb_ms_count;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		const struct usb_ms *m = &usb_ms_table[mid];
		uint32_t k = (uint32_t)m->vid << 16 | m->pid, want = (uint32_t)vid << 16 | pid;
		if (k == want)
			return m;
		if (k < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Whether a target text ("04cc:2259,226e", "12d1:14db", "class ff", "12d1")
 * names vid:pid: a vendor, a colon, then products split by commas. */
static bool ms_target_names(const char *t, uint16_t vid, uint16_t pid)
{
	char *end;
	unsigned long v = strtoul(t, &end, 16);
	if (end == t || *end != ':' || v != vid)
		return false;
	for (const char *p = end + 1; *p;) {
		unsigned long q = strtoul(p, &end, 16);
		if (end == p)
			return false;
		if (q == pid)
			return true;
		p = end;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return false;
}

const struct usb_ms *usb_ms_switched_from(uint16_t vid, uint16_t pid)
{
	for (unsigned i = 0; i < usb_ms_count; i++)
		if (ms_target_names(usb_ms_str(usb_ms_table[i].target), vid, pid))
			return &usb_ms_table[i];
	return NULL;
}
