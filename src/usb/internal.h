/* Shared between the files of cellink_usb; not part of its API. */
#ifndef CELLINK_USB_INTERNAL_H
#define CELLINK_USB_INTERNAL_H

#include "usb/usb.h"

struct usb_class {
	enum usb_fn fn;
	const char *driver;     /* expected driver, NULL when none should bind */
	const char *why;        /* how the function was recognised */
	bool from_table;        /* the knowledge table named it */
};

/* Endpoint summary of an interface (falls back on the declared count when
 * the listing has no E: lines). */
struct usb_eps {
	unsigned bulk_in, bulk_out, intr, total;
};
void usb_iface_eps(const struct usb_listing *l, const struct usb_iface *f, struct usb_eps *e);

/* Function and expected driver of interface ifc (index into l->ifc) in
 * configuration cfg of device dev; k may be NULL. */
void usb_classify(const struct usb_listing *l, const struct usb_device *dev,
		  const struct usb_config *cfg, size_t ifc, const struct usb_known *k,
		  struct usb_class *out);

struct usb_kiface;
/* The kernel's view of interface ifc (see kernel_ids.h). */
void usb_kiface_of(const struct usb_listing *l, const struct usb_device *dev, const struct usb_config *cfg,
		   size_t ifc, struct usb_kiface *k);

/* Whether an interface's class triplet is a class network function some
 * class driver binds: CDC ECM, NCM and MBIM (02/06, 02/0d, 02/0e), and
 * RNDIS in its three dresses (e0/01/03, ef/04/01 and 02/02/ff, the class
 * rows of rndis_host). */
bool usb_is_class_net(const struct usb_iface *f);

/* Whether the device may be a modem at all. */
bool usb_is_modem_candidate(const struct usb_listing *l, size_t d, const struct usb_known *k);
bool usb_modem_vendor(uint16_t vid);

/* Converts `lsusb -v` (returns 1, sets *no_drivers) or `lsusb -t` (2)
 * text into debugfs records appended to out; 0 when text is neither. */
int usb_lsusb_convert(const char *text, size_t len, struct strbuf *out, bool *no_drivers);

/* Drivers that give a working tty. */
bool usb_serial_driver(const char *drv);

#endif
