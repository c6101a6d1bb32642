/* PCIe modems: the WWAN subsystem's ports (ROOT/class/wwan: wwan0qmi0,
 * wwan0mbim0, wwan0at0 ...) and the MHI bus they hang off
 * (ROOT/bus/mhi/devices, driven by mhi-pci-generic). The root is a
 * parameter so tests use a fake tree. */
#include "common/util.h"
#include "usb/usb.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCAP 600

static bool read_attr(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fgets(buf, (int)cap, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}


static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int names(const char *dir, char **out, int cap)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < cap)
		if (e->d_name[0] != '.')
			out[n++] = strdup(e->d_name);
	closedir(d);
	qsort(out, (size_t)n, sizeof(*out), cmp);
	return n;
}

static void free_names(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
}

/* The PCI device above a sysfs device directory: the nearest ancestor
 * whose name looks like dddd:bb:dd.f. */
static void pci_above(const char *devdir, struct usb_pcie_modem *m)
{
	char real[PATH_MAX];
	if (!realpath(devdir, real))
		return;
	for (;;) {
		char *slash = strrchr(real, '/');
		if (!slash || slash == real)
			return;
		const char *base = slash + 1;
		unsigned a, b, c, d;
		char tail;
		if (sscanf(base, "%4x:%2x:%2x.%1x%c", &a, &b, &c, &d, &tail) == 4) {
			snprintf(m->pci, sizeof(m->pci), "%s", base);
			char p[PATH_MAX + 32], v[32];
			snprintf(p, sizeof(p), "%s/vendor", real);
			if (read_attr(p, v, sizeof(v)))
				m->vid = (uint16_t)strtoul(v, NULL, 16);
			snprintf(p, sizeof(p), "%s/device", real);
			if (read_attr(p, v, sizeof(v)))
				m->did = (uint16_t)strtoul(v, NULL, 16);
			snprintf(p, sizeof(p), "%s/driver", real);
			char link[PATH_MAX];
			ssize_t n = readlink(p, link, sizeof(link) - 1);
			if (n > 0) {
				link[n] = 0;
				const char *dn = strrchr(link, '/');
				cl_strcopy(m->driver, sizeof(m->driver), dn ? dn + 1 : link);
			}
			return;
		}
		if (!strncmp(base, "mhi", 3) && !m->mhi[0] && !strchr(base, '_'))
			snprintf(m->mhi, sizeof(m->mhi), "%s", base);
		*slash = 0;
	}
}

int usb_pcie_read(const char *root, struct usb_pcie *p)
{
	memset(p, 0, sizeof(*p));
	char dir[PCAP];
	struct stat st;
	snprintf(dir, sizeof(dir), "%s/bus/mhi", root);
	p->mhi_bus = stat(dir, &st) == 0;
	snprintf(dir, sizeof(dir), "%s/class/wwan", root);
	p->wwan_class = stat(dir, &st) == 0;
	char *v[64];
	int n = names(dir, v, 64);
	for (int i = 0; i < n; i++) {
		unsigned idx;
		int used = 0;
		if (sscanf(v[i], "wwan%u%n", &idx, &used) != 1)
			continue;
		char group[16];
		snprintf(group, sizeof(group), "wwan%u", idx);
		struct usb_pcie_modem *m = NULL;
		for (unsigned j = 0; j < p->n; j++)
			if (!strcmp(p->m[j].name, group))
				m = &p->m[j];
		if (!m) {
			if (p->n >= USB_PCIE_MAX)
				continue;
			m = &p->m[p->n++];
			snprintf(m->name, sizeof(m->name), "%s", group);
		}
		if (v[i][used] && m->n_ports < USB_PCIE_PORTS)
			snprintf(m->ports[m->n_ports++], sizeof(m->ports[0]), "%s", v[i]);
		if (!m->pci[0]) {
			char dev[PCAP];
			if ((size_t)snprintf(dev, sizeof(dev), "%s/%s", dir, v[i]) < sizeof(dev))
				pci_above(dev, m);
		}
	}
	free_names(v, n > 0 ? n : 0);
	/* An MHI controller with no WWAN port yet still counts. */
	snprintf(dir, sizeof(dir), "%s/bus/mhi/devices", root);
	n = names(dir, v, 64);
	for (int i = 0; i < n; i++) {
		if (strncmp(v[i], "mhi", 3) || strchr(v[i], '_'))
			continue;
		bool seen = false;
		for (unsigned j = 0; j < p->n; j++)
			seen |= !strcmp(p->m[j].mhi, v[i]);
		if (seen || p->n >= USB_PCIE_MAX)
			continue;
		struct usb_pcie_modem *m = &p->m[p->n++];
		snprintf(m->name, sizeof(m->name), "%s", v[i]);
		char dev[PCAP];
		if ((size_t)snprintf(dev, sizeof(dev), "%s/%s", dir, v[i]) < sizeof(dev))
			pci_above(dev, m);
		snprintf(m->mhi, sizeof(m->mhi), "%s", v[i]);
	}
	free_names(v, n > 0 ? n : 0);
	/* The network interface mhi_net creates sits beside the ports. */
	snprintf(dir, sizeof(dir), "%s/class/net", root);
	n = names(dir, v, 64);
	for (int i = 0; i < n; i++) {
		char drv[PCAP], link[PATH_MAX];
		if ((size_t)snprintf(drv, sizeof(drv), "%s/%s/device/driver", dir, v[i]) >= sizeof(drv))
			continue;
		ssize_t k = readlink(drv, link, sizeof(link) - 1);
		if (k <= 0)
			continue;
		link[k] = 0;
		if (!strstr(link, "mhi"))
			continue;
		for (unsigned j = 0; j < p->n; j++)
			if (!p->m[j].net[0]) {
				snprintf(p->m[j].net, sizeof(p->m[j].net), "%s", v[i]);
				break;
			}
	}
	free_names(v, n > 0 ? n : 0);
	return (int)p->n;
}

static const char *port_of(const struct usb_pcie_modem *m, const char *kind)
{
	for (unsigned i = 0; i < m->n_ports; i++) {
		const char *k = m->ports[i] + strlen(m->name);
		if (!strncmp(k, kind, strlen(kind)))
			return m->ports[i];
	}
	return NULL;
}

static const char *port_role(const char *suffix)
{
	static const struct {
		const char *p, *role;
	} roles[] = {
		{ "qmi", "QMI control" }, { "mbim", "MBIM control" }, { "at", "AT commands" },
		{ "qcdm", "DIAG (QCDM)" }, { "firehose", "firmware download (Firehose)" },
		{ "xmmrpc", "Intel XMM RPC" }, { "fastboot", "fastboot" }, { "nmea", "NMEA" },
	};
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strncmp(suffix, roles[i].p, strlen(roles[i].p)))
			return roles[i].role;
	return "other";
}

void usb_pcie_text(const struct usb_pcie *p, struct strbuf *sb)
{
	for (unsigned i = 0; i < p->n; i++) {
		const struct usb_pcie_modem *m = &p->m[i];
		sb_printf(sb, "\nPCIe modem %s", m->name);
		if (m->pci[0])
			sb_printf(sb, "  (PCI %s, %04x:%04x%s%s)", m->pci, m->vid, m->did, m->driver[0] ? ", driver " : "",
				  m->driver);
		sb_puts(sb, "\n");
		for (unsigned j = 0; j < m->n_ports; j++)
			sb_printf(sb, "  /dev/%-14s %s\n", m->ports[j], port_role(m->ports[j] + strlen(m->name)));
		if (m->net[0])
			sb_printf(sb, "  network interface %s (mhi_net)\n", m->net);
		const char *qmi = port_of(m, "qmi"), *mbim = port_of(m, "mbim"), *at = port_of(m, "at");
		if (qmi)
			sb_printf(sb, "  - Use /dev/%s for control (cellink's transport accepts it) and %s for data:\n"
				      "    config interface 'wwan'\n    \toption proto 'cellink'\n    \toption device '/dev/%s'\n"
				      "    \toption apn '<APN from your carrier>'\n    \toption pdptype 'ipv4v6'\n",
				  qmi, m->net[0] ? m->net : "its mhi_net interface", qmi);
		else if (mbim)
			sb_printf(sb, "  - MBIM only (/dev/%s): cellink speaks QMI; ModemManager (mmcli) drives MBIM. "
				      "Some firmwares offer QMI after a configuration change.\n", mbim);
		else if (!m->n_ports)
			sb_puts(sb, "  ! The MHI controller is up but no WWAN port exists: load the wwan port drivers "
				    "(mhi_wwan_ctrl, mhi_net) or use Linux 5.13 or later.\n");
		if (at)
			sb_printf(sb, "  - AT commands on /dev/%s (no PPP over it: the data path is %s).\n", at,
				  m->net[0] ? m->net : "the mhi_net interface");
	}
}

void usb_pcie_json(const struct usb_pcie *p, struct strbuf *sb)
{
	sb_putc(sb, '[');
	for (unsigned i = 0; i < p->n; i++) {
		const struct usb_pcie_modem *m = &p->m[i];
		sb_printf(sb, "%s{\"name\":\"%s\",\"pci\":", i ? "," : "", m->name);
		if (m->pci[0])
			sb_printf(sb, "\"%s\",\"pci_id\":\"%04x:%04x\"", m->pci, m->vid, m->did);
		else
			sb_puts(sb, "null,\"pci_id\":null");
		sb_printf(sb, ",\"driver\":%s%s%s,\"ports\":[", m->driver[0] ? "\"" : "", m->driver[0] ? m->driver : "null",
			  m->driver[0] ? "\"" : "");
		for (unsigned j = 0; j < m->n_ports; j++)
			sb_printf(sb, "%s{\"device\":\"/dev/%s\",\"role\":\"%s\"}", j ? "," : "", m->ports[j],
				  port_role(m->ports[j] + strlen(m->name)));
		sb_printf(sb, "],\"net\":%s%s%s}", m->net[0] ? "\"" : "", m->net[0] ? m->net : "null", m->net[0] ? "\"" : "");
	}
	sb_putc(sb, ']');
}
