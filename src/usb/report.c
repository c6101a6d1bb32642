/* The analysis as text for people and as JSON for scripts. */
#include "usb/internal.h"
#include "usb/kernel_ids.h"
#include "usb/mm_ports.h"

#include <stdio.h>
#include <string.h>

static const char *proto_name(enum usb_proto p)
{
	switch (p) {
	case USB_P_QMI: return "qmi";
	case USB_P_MBIM: return "mbim";
	case USB_P_NCM: return "ncm";
	case USB_P_DHCP: return "dhcp";
	case USB_P_PPP: return "3g";
	case USB_P_DIRECTIP: return "directip";
	default: return "none";
	}
}

/* OpenWrt UCI commands for suggestion s; each line goes through emit. */
typedef void (*emit_fn)(struct strbuf *sb, const char *line, void *arg);

static void lines_uci(const struct usb_suggestion *s, struct strbuf *sb, emit_fn emit, void *arg)
{
	char b[160];
	emit(sb, "uci set network.wwan=interface", arg);
	snprintf(b, sizeof(b), "uci set network.wwan.proto='%s'", proto_name((enum usb_proto)s->proto));
	emit(sb, b, arg);
	snprintf(b, sizeof(b), "uci set network.wwan.device='%s'", s->device);
	emit(sb, b, arg);
	if (s->proto == USB_P_DHCP) {
		emit(sb, "uci commit network", arg);
		return;
	}
	if (s->proto == USB_P_PPP)
		emit(sb, "uci set network.wwan.service='umts'", arg);
	if (s->proto == USB_P_DIRECTIP)
		emit(sb, "# needs the comgt-directip package; the device is the AT port", arg);
	emit(sb, "uci set network.wwan.apn='<APN from your carrier>'", arg);
	if (s->proto != USB_P_PPP && s->proto != USB_P_DIRECTIP)
		emit(sb, "uci set network.wwan.auth='none'", arg);
	emit(sb, "# only if your carrier gave you credentials (then auth 'pap' or 'chap'):", arg);
	emit(sb, "# uci set network.wwan.username='<USERNAME>'", arg);
	emit(sb, "# uci set network.wwan.password='<PASSWORD>'", arg);
	if (s->proto != USB_P_PPP && s->proto != USB_P_DIRECTIP)
		emit(sb, "uci set network.wwan.pdptype='ipv4v6'", arg);
	emit(sb, "uci commit network", arg);
	emit(sb, "# and add 'wwan' to the wan zone: uci add_list firewall.@zone[1].network='wwan'", arg);
}

/* cellink reads the same UCI syntax with proto 'cellink' (QMI and MBIM
 * devices; an MBIM one says so with option protocol). */
static void lines_cellink(const struct usb_suggestion *s, struct strbuf *sb, emit_fn emit, void *arg)
{
	char b[160];
	emit(sb, "config interface 'wwan'", arg);
	emit(sb, "\toption proto 'cellink'", arg);
	snprintf(b, sizeof(b), "\toption device '%s'", s->device);
	emit(sb, b, arg);
	if (s->proto == USB_P_MBIM)
		emit(sb, "\toption protocol 'mbim'", arg);
	emit(sb, "\t# fill in your carrier's APN: 'cellink config --check' refuses the placeholder", arg);
	emit(sb, "\toption apn '<APN from your carrier>'", arg);
	emit(sb, "\toption auth 'none'", arg);
	emit(sb, "\t#option username '<USERNAME>'", arg);
	emit(sb, "\t#option password '<PASSWORD>'", arg);
	emit(sb, "\toption pdptype 'ipv4v6'", arg);
}

/* cellink's mode 'auto': QMI when the kernel can, PPP on the AT port
 * until then (docs/ppp.md). OpenWrt: a netifd interface; elsewhere a
 * modem section of /etc/cellink/cellink.conf. */
static void lines_auto(const struct usb_dev_report *dr, bool openwrt, struct strbuf *sb, emit_fn emit, void *arg)
{
	char b[160];
	emit(sb, openwrt ? "config interface 'wwan'" : "config modem 'wwan'", arg);
	if (openwrt)
		emit(sb, "\toption proto 'cellink'", arg);
	snprintf(b, sizeof(b), "\toption device '%s'", dr->auto_qmi);
	emit(sb, b, arg);
	emit(sb, "\toption mode 'auto'", arg);
	snprintf(b, sizeof(b), "\toption atport '%s'", dr->auto_atport);
	emit(sb, b, arg);
	emit(sb, "\toption apn '<APN from your carrier>'", arg);
	emit(sb, "\toption pdptype 'ipv4v6'", arg);
	emit(sb, "\t#option username '<USERNAME>'", arg);
	emit(sb, "\t#option password '<PASSWORD>'", arg);
}

static bool cellink_applies(const struct usb_suggestion *s)
{
	return s->proto == USB_P_QMI || s->proto == USB_P_MBIM;
}

/* ---- text ------------------------------------------------------------- */

static void emit_text(struct strbuf *sb, const char *line, void *arg)
{
	sb_puts(sb, (const char *)arg);
	sb_puts(sb, line);
	sb_putc(sb, '\n');
}

static void eps_text(const struct usb_listing *l, const struct usb_iface *f, char *dst, size_t cap)
{
	struct usb_eps e;
	usb_iface_eps(l, f, &e);
	if (!e.total) {
		snprintf(dst, cap, "-");
		return;
	}
	snprintf(dst, cap, "%s%s%s", e.intr ? "int " : "", e.bulk_in ? "in " : "", e.bulk_out ? "out" : "");
	size_t n = strlen(dst);
	while (n && dst[n - 1] == ' ')
		dst[--n] = 0;
	if (!n)
		snprintf(dst, cap, "%u ep", e.total);
}

static void kernel_text(const struct usb_kernel *k, struct strbuf *sb)
{
	if (!k->known) {
		sb_puts(sb, "Kernel: unknown (give --kernel VERSION)\n");
		return;
	}
	sb_printf(sb, "Kernel: %s%s\n", k->text, k->assumed ? " (the running kernel; pass --kernel for the listing's)" : "");
	for (int f = 0; f < USB_KF_COUNT_; f++) {
		int has = usb_kernel_has(k, (enum usb_kernel_fact)f);
		sb_printf(sb, "  %-3s %s (Linux %s)\n", has > 0 ? "yes" : has == 0 ? "no" : "?",
			  usb_kernel_fact_text((enum usb_kernel_fact)f),
			  usb_kernel_fact_since((enum usb_kernel_fact)f));
	}
}

void usb_report_text(const struct usb_listing *l, const struct usb_analysis *a, struct strbuf *sb)
{
	kernel_text(&a->kernel, sb);
	if (!a->n_dev) {
		sb_puts(sb, "\nNo modem found among the USB devices listed.\n");
		return;
	}
	for (size_t d = 0; d < a->n_dev; d++) {
		const struct usb_dev_report *dr = &a->dev[d];
		const struct usb_device *dev = &l->dev[dr->dev];
		if (dev->have_ids)
			sb_printf(sb, "\n%04x:%04x  %s", dev->vid, dev->pid, dr->name);
		else
			sb_printf(sb, "\n(ids not in the listing)  %s", dr->name);
		if (dev->bus || dev->devnum)
			sb_printf(sb, "  (bus %u, device %u)", dev->bus, dev->devnum);
		sb_putc(sb, '\n');
		if (dr->known && (dr->known->flags & USB_K_RAWIP_ONLY))
			sb_puts(sb, "  data framing: raw-ip only\n");
		if (!dr->known)
			sb_puts(sb, "  not in cellink's table: functions guessed from the interface classes\n");
		if (dr->if_count)
			sb_printf(sb, "  %-3s %-9s %-11s %-9s %-15s %-15s %s\n", "if", "class", "endpoints",
				  "function", "driver", "expected", "verdict");
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
			const struct usb_if_report *r = &a->ifr[i];
			const struct usb_iface *f = &l->ifc[r->ifc];
			char cls[16], eps[24];
			snprintf(cls, sizeof(cls), "%02x/%02x/%02x", f->cls, f->sub, f->proto);
			eps_text(l, f, eps, sizeof(eps));
			sb_printf(sb, "  %-3u %-9s %-11s %-9s %-15s %-15s %s", f->number, cls, eps,
				  usb_fn_name((enum usb_fn)r->fn), f->driver[0] ? f->driver : "(none)",
				  r->expected ? r->expected : "-", usb_verdict_name((enum usb_verdict)r->verdict));
			/* the nodes whole, however long their names */
			if (f->tty[0] || f->wdm[0] || f->net[0])
				sb_printf(sb, "  %s%s%s%s%s", f->tty, f->tty[0] && (f->wdm[0] || f->net[0]) ? " " : "",
					  f->wdm, f->wdm[0] && f->net[0] ? " " : "", f->net);
			sb_putc(sb, '\n');
		}
		{
			char from[400] = "", *o = from;
			size_t left = sizeof(from), guessed = 0;
			for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
				const struct usb_if_report *r = &a->ifr[i];
				if (!r->mm_source) {
					guessed++;
					continue;
				}
				int w = snprintf(o, left, "%s%u %s (%s:%u)", o == from ? "" : ", ", l->ifc[r->ifc].number,
						 r->mm_role, r->mm_source, r->mm_line);
				if (w < 0 || (size_t)w >= left)
					break;
				o += w;
				left -= (size_t)w;
			}
			if (from[0])
				sb_printf(sb, "  roles from ModemManager's rules (%s): %s%s\n", usb_mm_package, from,
					  guessed ? "; the other interfaces are guessed from their descriptors" : "");
			else if (dr->if_count)
				sb_puts(sb, "  roles: no ModemManager rule names these ports; guessed from their descriptors\n");
		}
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
			const struct usb_if_report *r = &a->ifr[i];
			if (r->verdict != USB_V_OK)
				sb_printf(sb, "  interface %u: %s\n", l->ifc[r->ifc].number, r->reason);
			else if (!r->expected && r->kmatched && r->kwhy[0] && !l->ifc[r->ifc].driver[0])
				sb_printf(sb, "  interface %u: left alone on purpose: %s\n", l->ifc[r->ifc].number, r->kwhy);
			if (r->alias_why[0])
				sb_printf(sb, "  interface %u, this system: %s\n", l->ifc[r->ifc].number, r->alias_why);
		}
		if (dr->f_count) {
			sb_puts(sb, "\n  Conclusion:\n");
			for (size_t i = dr->f_first; i < (size_t)dr->f_first + dr->f_count; i++)
				sb_printf(sb, "  %s %s\n", a->find[i].problem ? "!" : "-", a->find[i].text);
		}
		int ow = a->kernel.openwrt;
		if (dr->cellink_auto) {
			if (ow != 0) {
				sb_puts(sb, "\n  First remedy, cellink mode 'auto' on OpenWrt (/etc/config/network; then ifup wwan):\n");
				lines_auto(dr, true, sb, emit_text, "    ");
			}
			if (ow != 1) {
				sb_puts(sb, "\n  First remedy, cellink mode 'auto' (/etc/cellink/cellink.conf; then "
					    "systemctl enable --now cellink@wwan):\n");
				lines_auto(dr, false, sb, emit_text, "    ");
			}
		}
		for (size_t s = 0; s < dr->n_sug; s++) {
			const struct usb_suggestion *sg = &dr->sug[s];
			if (ow == 0) {
				if (cellink_applies(sg)) {
					sb_printf(sb, "\n  cellink configuration (%s, %s; /etc/cellink/cellink.conf)%s:\n",
						  proto_name((enum usb_proto)sg->proto), sg->when,
						  sg->device_known ? "" : "; check the device name");
					lines_cellink(sg, sb, emit_text, "    ");
				} else if (sg->proto == USB_P_DHCP) {
					sb_printf(sb, "\n  Configuration (%s): run a DHCP client on %s (systemd-networkd, "
						  "NetworkManager or ifupdown's 'iface %s inet dhcp').\n",
						  sg->when, sg->device, sg->device);
				} else if (sg->proto == USB_P_PPP && !dr->cellink_auto) {
					sb_printf(sb, "\n  cellink configuration (PPP over the modem port, %s; "
						  "/etc/cellink/cellink.conf):\n    config modem 'wwan'\n    \toption mode 'ppp'\n"
						  "    \toption atport '%s'\n    \toption apn '<APN from your carrier>'\n",
						  sg->when, sg->device);
				} else if (sg->proto == USB_P_NCM) {
					sb_printf(sb, "\n  Configuration (%s, %s): ModemManager (mmcli) or NetworkManager "
						  "drive %s on this system.\n", proto_name((enum usb_proto)sg->proto),
						  sg->when, sg->device);
				}
				continue;
			}
			sb_printf(sb, "\n  Suggested OpenWrt configuration (%s, %s)%s:\n",
				  sg->proto == USB_P_PPP ? "PPP over the modem port" : proto_name((enum usb_proto)sg->proto),
				  sg->when, sg->device_known ? "" : "; check the device name");
			lines_uci(sg, sb, emit_text, "    ");
			if (cellink_applies(sg)) {
				sb_puts(sb, ow == 1 ? "\n  cellink configuration (/etc/config/network):\n"
						    : "\n  cellink configuration (/etc/config/network or /etc/cellink/cellink.conf):\n");
				lines_cellink(sg, sb, emit_text, "    ");
			}
		}
	}
	if (a->kernel.pcie)
		usb_pcie_text(a->kernel.pcie, sb);
	bool remarks = false;
	for (size_t i = 0; i < a->n_ifr; i++)
		remarks |= a->ifr[i].verdict == USB_V_UNBOUND || a->ifr[i].verdict == USB_V_WRONG_DRIVER ||
			   a->ifr[i].verdict == USB_V_MODESWITCH;
	sb_printf(sb, "\n%s\n", a->problems ? "Problems found."
				: remarks ? "Nothing stops the modem from working; see the remarks on interfaces above."
					  : "No problems found.");
}

/* ---- JSON ------------------------------------------------------------- */

static void jstr(struct strbuf *sb, const char *s)
{
	if (!s) {
		sb_puts(sb, "null");
		return;
	}
	sb_put_json_str(sb, s, strlen(s));
}

static void jkey(struct strbuf *sb, const char *k)
{
	jstr(sb, k);
	sb_putc(sb, ':');
}

static void jhex2(struct strbuf *sb, uint8_t v)
{
	sb_printf(sb, "\"%02x\"", v);
}

static void emit_json(struct strbuf *sb, const char *line, void *arg)
{
	bool *first = arg;
	if (!*first)
		sb_putc(sb, ',');
	*first = false;
	jstr(sb, line);
}

static void json_suggestion(const struct usb_suggestion *s, struct strbuf *sb)
{
	bool first = true;
	sb_putc(sb, '{');
	jkey(sb, "proto");
	jstr(sb, proto_name((enum usb_proto)s->proto));
	sb_putc(sb, ',');
	jkey(sb, "device");
	jstr(sb, s->device);
	sb_puts(sb, ",\"device_known\":");
	sb_puts(sb, s->device_known ? "true" : "false");
	sb_putc(sb, ',');
	jkey(sb, "when");
	jstr(sb, s->when);
	sb_puts(sb, ",\"uci\":[");
	lines_uci(s, sb, emit_json, &first);
	sb_puts(sb, "],\"cellink\":");
	if (cellink_applies(s)) {
		first = true;
		sb_putc(sb, '[');
		lines_cellink(s, sb, emit_json, &first);
		sb_putc(sb, ']');
	} else {
		sb_puts(sb, "null");
	}
	sb_putc(sb, '}');
}

static void json_iface(const struct usb_listing *l, const struct usb_if_report *r, struct strbuf *sb)
{
	const struct usb_iface *f = &l->ifc[r->ifc];
	sb_printf(sb, "{\"number\":%u,\"alternate\":%u,\"class\":", f->number, f->alt);
	jhex2(sb, f->cls);
	sb_puts(sb, ",\"subclass\":");
	jhex2(sb, f->sub);
	sb_puts(sb, ",\"protocol\":");
	jhex2(sb, f->proto);
	sb_puts(sb, ",\"endpoints\":[");
	for (size_t e = f->ep_first; e < (size_t)f->ep_first + f->ep_count && e < l->n_ep; e++) {
		static const char *const types[] = { "control", "isochronous", "bulk", "interrupt" };
		const struct usb_ep *p = &l->ep[e];
		sb_printf(sb, "%s{\"address\":\"%02x\",\"direction\":\"%s\",\"type\":\"%s\",\"max_packet\":%u}",
			  e == f->ep_first ? "" : ",", p->addr, p->addr & 0x80 ? "in" : "out", types[p->type & 3],
			  p->maxps);
	}
	sb_puts(sb, "],\"function\":");
	jstr(sb, usb_fn_name((enum usb_fn)r->fn));
	sb_puts(sb, ",\"driver\":");
	jstr(sb, f->driver[0] ? f->driver : NULL);
	sb_puts(sb, ",\"expected_driver\":");
	jstr(sb, r->expected);
	sb_puts(sb, ",\"verdict\":");
	jstr(sb, usb_verdict_name((enum usb_verdict)r->verdict));
	sb_puts(sb, ",\"problem\":");
	sb_puts(sb, r->problem ? "true" : "false");
	sb_puts(sb, ",\"reason\":");
	jstr(sb, r->reason);
	char b[40];
	sb_puts(sb, ",\"tty\":");
	snprintf(b, sizeof(b), "/dev/%s", f->tty);
	jstr(sb, f->tty[0] ? b : NULL);
	sb_puts(sb, ",\"cdc_wdm\":");
	snprintf(b, sizeof(b), "/dev/%s", f->wdm);
	jstr(sb, f->wdm[0] ? b : NULL);
	sb_puts(sb, ",\"net\":");
	jstr(sb, f->net[0] ? f->net : NULL);
	sb_puts(sb, ",\"note\":");
	jstr(sb, f->note[0] ? f->note : NULL);
	sb_puts(sb, ",\"kernel_tables\":{\"driver\":");
	jstr(sb, r->kdriver);
	sb_printf(sb, ",\"matched\":%s,\"why\":", r->kmatched ? "true" : "false");
	jstr(sb, r->kwhy[0] ? r->kwhy : NULL);
	sb_puts(sb, ",\"table\":");
	jstr(sb, r->kmatched && r->ktable < usb_kid_version_count ? usb_kid_versions[r->ktable].kernel : NULL);
	sb_printf(sb, ",\"newer_table\":%s", r->knewer ? "true" : "false");
	sb_puts(sb, "},\"role\":{\"modemmanager\":");
	jstr(sb, r->mm_role);
	sb_puts(sb, ",\"source\":");
	if (r->mm_source) {
		char src[64];
		snprintf(src, sizeof src, "%s:%u", r->mm_source, r->mm_line);
		jstr(sb, src);
	} else {
		jstr(sb, "guessed from the descriptors");
	}
	sb_puts(sb, "},\"modalias\":");
	jstr(sb, r->modalias[0] ? r->modalias : NULL);
	sb_puts(sb, ",\"alias_modules\":");
	jstr(sb, r->modalias[0] ? r->alias_modules : NULL);
	sb_puts(sb, ",\"alias_why\":");
	jstr(sb, r->alias_why[0] ? r->alias_why : NULL);
	sb_putc(sb, '}');
}

void usb_report_json(const struct usb_listing *l, const struct usb_analysis *a, struct strbuf *sb)
{
	const struct usb_kernel *k = &a->kernel;
	sb_puts(sb, "{\"kernel\":");
	jstr(sb, k->known ? k->text : NULL);
	sb_puts(sb, ",\"kernel_assumed\":");
	sb_puts(sb, k->assumed ? "true" : "false");
	sb_puts(sb, ",\"kernel_facts\":{");
	static const char *const keys[] = { "raw_ip", "qmimux", "pass_through", "wwan" };
	for (int f = 0; f < USB_KF_COUNT_ && f < 4; f++) {
		int has = usb_kernel_has(k, (enum usb_kernel_fact)f);
		sb_printf(sb, "%s\"%s\":%s", f ? "," : "", keys[f], has > 0 ? "true" : has == 0 ? "false" : "null");
	}
	sb_puts(sb, "},\"platform\":");
	jstr(sb, k->openwrt == 1 ? "openwrt" : k->openwrt == 0 ? "other" : NULL);
	sb_puts(sb, ",\"tables\":{\"kernel\":");
	jstr(sb, usb_kid_versions[a->ktable < usb_kid_version_count ? a->ktable : 0].kernel);
	sb_puts(sb, ",\"package\":");
	jstr(sb, usb_kid_versions[a->ktable < usb_kid_version_count ? a->ktable : 0].package);
	sb_puts(sb, ",\"versions\":[");
	for (unsigned v = 0; v < usb_kid_version_count; v++) {
		sb_puts(sb, v ? ",{\"kernel\":" : "{\"kernel\":");
		jstr(sb, usb_kid_versions[v].kernel);
		sb_puts(sb, ",\"package\":");
		jstr(sb, usb_kid_versions[v].package);
		sb_putc(sb, '}');
	}
	sb_putc(sb, ']');
	sb_puts(sb, "},\"devices\":[");
	for (size_t d = 0; d < a->n_dev; d++) {
		const struct usb_dev_report *dr = &a->dev[d];
		const struct usb_device *dev = &l->dev[dr->dev];
		if (d)
			sb_putc(sb, ',');
		if (dev->have_ids)
			sb_printf(sb, "{\"vendor_id\":\"%04x\",\"product_id\":\"%04x\",\"name\":", dev->vid, dev->pid);
		else
			sb_puts(sb, "{\"vendor_id\":null,\"product_id\":null,\"name\":");
		jstr(sb, dr->name);
		sb_puts(sb, ",\"product\":");
		jstr(sb, dev->product[0] ? dev->product : NULL);
		sb_printf(sb, ",\"known\":%s,\"raw_ip_only\":%s,\"bus\":%u,\"devnum\":%u,\"interfaces\":[",
			  dr->known ? "true" : "false",
			  dr->known && (dr->known->flags & USB_K_RAWIP_ONLY) ? "true" : "false", dev->bus,
			  dev->devnum);
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
			if (i != dr->if_first)
				sb_putc(sb, ',');
			json_iface(l, &a->ifr[i], sb);
		}
		sb_puts(sb, "],\"findings\":[");
		for (size_t i = dr->f_first; i < (size_t)dr->f_first + dr->f_count; i++) {
			const struct usb_finding *f = &a->find[i];
			sb_printf(sb, "%s{\"severity\":\"%s\",\"code\":", i == dr->f_first ? "" : ",",
				  f->problem ? "problem" : "info");
			jstr(sb, f->code);
			sb_puts(sb, ",\"text\":");
			jstr(sb, f->text);
			sb_putc(sb, '}');
		}
		sb_puts(sb, "],\"suggested_config\":");
		if (dr->n_sug)
			json_suggestion(&dr->sug[0], sb);
		else
			sb_puts(sb, "null");
		sb_puts(sb, ",\"cellink_auto\":");
		if (dr->cellink_auto) {
			sb_puts(sb, "{\"mode\":\"auto\",\"device\":");
			jstr(sb, dr->auto_qmi);
			sb_puts(sb, ",\"atport\":");
			jstr(sb, dr->auto_atport);
			sb_putc(sb, '}');
		} else {
			sb_puts(sb, "null");
		}
		sb_puts(sb, ",\"later_config\":");
		if (dr->n_sug > 1)
			json_suggestion(&dr->sug[1], sb);
		else
			sb_puts(sb, "null");
		sb_putc(sb, '}');
	}
	sb_puts(sb, "],\"pcie\":");
	if (k->pcie)
		usb_pcie_json(k->pcie, sb);
	else
		sb_puts(sb, "null");
	sb_printf(sb, ",\"problems\":%d}\n", a->problems);
}
