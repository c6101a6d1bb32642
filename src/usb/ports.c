/* The modem's AT/PPP port from the doctor's analysis; see ports.h. */
#include "usb/ports.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usb/usb.h"

/* Index of the device in the analysis that owns node wdm, or -1. */
static int owner_of(const struct usb_listing *l, const struct usb_analysis *a, const char *wdm)
{
	for (size_t d = 0; d < a->n_dev; d++) {
		const struct usb_dev_report *dr = &a->dev[d];
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++)
			if (!strcmp(l->ifc[a->ifr[i].ifc].wdm, wdm))
				return (int)d;
	}
	return -1;
}

/* Best port of device d: "modem" beats "at"; 0 when found. */
static int port_of(const struct usb_listing *l, const struct usb_analysis *a, size_t d, char *out,
		   size_t cap)
{
	static const enum usb_fn pref[] = { USB_FN_MODEM, USB_FN_AT };
	const struct usb_dev_report *dr = &a->dev[d];
	for (size_t p = 0; p < sizeof pref / sizeof pref[0]; p++)
		for (size_t i = dr->if_first; i < (size_t)dr->if_first + dr->if_count; i++) {
			const struct usb_iface *f = &l->ifc[a->ifr[i].ifc];
			if (a->ifr[i].fn == pref[p] && f->tty[0]) {
				snprintf(out, cap, "/dev/%s", f->tty);
				return 0;
			}
		}
	return -ENOENT;
}

int usb_find_modem_port(const char *root, const char *wdm, char *out, size_t cap, char *why,
			size_t wcap)
{
	struct usb_listing *l = calloc(1, sizeof(*l));
	struct usb_analysis *a = calloc(1, sizeof(*a));
	int r = -ENOMEM;
	why[0] = 0;
	if (!l || !a)
		goto out;
	if (!root)
		root = "/sys";
	r = usb_sysfs_read(root, l);
	if (r < 0) {
		snprintf(why, wcap, "cannot read USB devices under %s/bus/usb: %s", root, strerror(-r));
		goto out;
	}
	usb_sysfs_annotate(root, l);
	struct usb_kernel k;
	memset(&k, 0, sizeof k);
	usb_sysfs_kernel(root, &k);
	usb_analyze(l, &k, a);
	if (wdm) {
		const char *slash = strrchr(wdm, '/');
		int d = owner_of(l, a, slash ? slash + 1 : wdm);
		if (d >= 0) {
			r = port_of(l, a, (size_t)d, out, cap);
			if (r < 0)
				snprintf(why, wcap, "%s (the device owning %s) shows no AT/modem serial port",
					 a->dev[d].name, wdm);
			goto out;
		}
	}
	r = -ENOENT;
	for (size_t d = 0; d < a->n_dev && r < 0; d++)
		r = port_of(l, a, d, out, cap);
	if (r < 0)
		snprintf(why, wcap, "no modem with an AT/modem serial port under %s (%zu modem(s) seen; "
				    "is the serial driver bound?)", root, a->n_dev);
out:
	free(l);
	free(a);
	return r;
}
