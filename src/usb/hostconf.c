/* The modem links a system is already configured with: OpenWrt's
 * /etc/config/network and cellink's own /etc/cellink/cellink.conf, both in
 * UCI syntax. Only the facts the doctor checks against the modems it finds
 * are kept: the protocol, and the ports the section names. */
#include "config/uci.h"
#include "usb/usb.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/strbuf.h"

static bool modem_proto(const char *p)
{
	static const char *const names[] = { "qmi", "mbim", "ncm", "3g", "directip", "cellink" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(p, names[i]))
			return true;
	return false;
}

static void copy_opt(const struct uci_section *s, const char *key, char *dst, size_t cap)
{
	const struct uci_option *o = uci_get(s, key);
	size_t n = o ? strlen(o->value) : 0;
	if (n >= cap)
		n = cap - 1;
	if (n)
		memcpy(dst, o->value, n);
	dst[n] = 0;
}

/* One section of text (its "config" line first), parsed alone so that a
 * long file is not cut at the reader's section limit. */
static void section(struct uci_file *u, const char *text, size_t len, unsigned line0, bool openwrt,
		    struct usb_hostconf *hc)
{
	if (uci_parse(u, text, len) < 0 && !u->n_sections)
		return;
	if (!u->n_sections || hc->n >= USB_HOSTCONF_MAX)
		return;
	const struct uci_section *s = &u->sections[0];
	char proto[16];
	if (openwrt) {
		copy_opt(s, "proto", proto, sizeof(proto));
		if (strcmp(s->type, "interface") || !modem_proto(proto))
			return;
	} else {
		if (strcmp(s->type, "modem"))
			return;
		snprintf(proto, sizeof(proto), "cellink");
	}
	struct usb_hostconf_link *k = &hc->link[hc->n++];
	memset(k, 0, sizeof(*k));
	snprintf(k->proto, sizeof(k->proto), "%s", proto);
	snprintf(k->where, sizeof(k->where), "%s%s (%s line %u)", openwrt ? "network." : "modem ",
		 s->name[0] ? s->name : "(unnamed)", openwrt ? "/etc/config/network" : "/etc/cellink/cellink.conf",
		 line0 + (unsigned)(s->line > 0 ? s->line - 1 : 0));
	copy_opt(s, "device", k->device, sizeof(k->device));
	copy_opt(s, "atport", k->atport, sizeof(k->atport));
	copy_opt(s, "mode", k->mode, sizeof(k->mode));
	copy_opt(s, "protocol", k->protocol, sizeof(k->protocol));
}

static bool config_line(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return end - p > 7 && !memcmp(p, "config", 6) && (p[6] == ' ' || p[6] == '\t');
}

static void parse_file(const char *text, bool openwrt, struct usb_hostconf *hc)
{
	if (!text)
		return;
	struct uci_file *u = malloc(sizeof(*u));
	if (!u)
		return;
	/* Each section from its "config" line to the next one (or the end). */
	const char *end = text + strlen(text), *sec = NULL;
	unsigned line = 1, sec_line = 0;
	for (const char *p = text;; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		if (config_line(p, eol) || p == end) {
			if (sec) {
				memset(u, 0, sizeof(*u));
				section(u, sec, (size_t)(p - sec), sec_line, openwrt, hc);
			}
			sec = p;
			sec_line = line;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (sec && sec < end) {
		memset(u, 0, sizeof(*u));
		section(u, sec, (size_t)(end - sec), sec_line, openwrt, hc);
	}
	free(u);
}

unsigned usb_host_config_parse(const char *network, const char *cellink_conf, struct usb_hostconf *hc)
{
	memset(hc, 0, sizeof(*hc));
	parse_file(network, true, hc);
	parse_file(cellink_conf, false, hc);
	return hc->n;
}

static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	char buf[4096];
	ssize_t n;
	while (sb.len < 256 * 1024 && (n = read(fd, buf, sizeof(buf))) > 0)
		sb_put(&sb, buf, (size_t)n);
	close(fd);
	char *r = sb.failed ? NULL : strdup(sb_str(&sb));
	sb_free(&sb);
	return r;
}

unsigned usb_host_config_read(const char *root, struct usb_hostconf *hc)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/etc/config/network", root);
	char *net = slurp(p);
	snprintf(p, sizeof(p), "%s/etc/cellink/cellink.conf", root);
	char *conf = slurp(p);
	unsigned n = usb_host_config_parse(net, conf, hc);
	free(net);
	free(conf);
	return n;
}
