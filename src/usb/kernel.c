/* Kernel versions and the facts that depend on them. */
#include "usb/usb.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct {
	unsigned major, minor;
	const char *since, *text;
} facts[] = {
#define USB_KF_ROW(id, maj, min, text) { maj, min, #maj "." #min, text },
	USB_KERNEL_FACTS(USB_KF_ROW)
#undef USB_KF_ROW
};

int usb_kernel_parse(struct usb_kernel *k, const char *s)
{
	memset(k, 0, sizeof(*k));
	k->raw_ip_switch = k->add_mux = k->qmi_wwan_loaded = -1;
	k->openwrt = -1;
	k->modemmanager = -1;
	if (!s)
		return -EINVAL;
	/* The first digit that starts "N.N". */
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || (p > s && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		unsigned v[3] = { 0, 0, 0 };
		int n = 0;
		const char *q = p;
		while (n < 3) {
			if (*q < '0' || *q > '9')
				break;
			unsigned x = 0;
			while (*q >= '0' && *q <= '9') {
				x = x < 100000 ? x * 10 + (unsigned)(*q - '0') : x;
				q++;
			}
			v[n++] = x;
			if (*q != '.')
				break;
			q++;
		}
		if (n < 2)
			continue;
		k->known = true;
		k->major = v[0];
		k->minor = v[1];
		k->patch = v[2];
		snprintf(k->text, sizeof(k->text), "%.47s", s);
		/* Keep just the version token for display. */
		size_t a = (size_t)(p - s), b = a;
		while (s[b] && s[b] != ' ' && s[b] != '\n' && b - a < sizeof(k->text) - 1)
			b++;
		memcpy(k->text, s + a, b - a);
		k->text[b - a] = 0;
		return 0;
	}
	return -EINVAL;
}

int usb_kernel_has(const struct usb_kernel *k, enum usb_kernel_fact f)
{
	if ((unsigned)f >= USB_KF_COUNT_ || !k)
		return -1;
	if (f == USB_KF_RAWIP && k->raw_ip_switch >= 0)
		return k->raw_ip_switch;
	if (f == USB_KF_QMIMUX && k->add_mux >= 0)
		return k->add_mux;
	if (!k->known)
		return -1;
	if (k->major != facts[f].major)
		return k->major > facts[f].major;
	return k->minor >= facts[f].minor;
}

const char *usb_kernel_fact_text(enum usb_kernel_fact f)
{
	return (unsigned)f < USB_KF_COUNT_ ? facts[f].text : "";
}

const char *usb_kernel_fact_since(enum usb_kernel_fact f)
{
	return (unsigned)f < USB_KF_COUNT_ ? facts[f].since : "";
}

int usb_listing_kernel(const struct usb_listing *l, struct usb_kernel *k)
{
	for (size_t d = 0; d < l->n_dev; d++) {
		const struct usb_device *dv = &l->dev[d];
		if (dv->vid != 0x1d6b || strncmp(dv->manufacturer, "Linux ", 6))
			continue;
		if (usb_kernel_parse(k, dv->manufacturer + 6) == 0)
			return 0;
	}
	usb_kernel_parse(k, NULL);
	return -ENOENT;
}
