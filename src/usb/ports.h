/* Which serial port of a modem carries AT commands and PPP, from what the
 * doctor knows (usb.h): the sysfs tree, each interface's function, and the
 * tty the kernel gave it. */
#ifndef CELLINK_USB_PORTS_H
#define CELLINK_USB_PORTS_H

#include <stddef.h>

/* Finds the modem (PPP-capable AT) port under the sysfs tree at root
 * ("/sys" on a live system). With wdm ("cdc-wdm0" or "/dev/cdc-wdm0"),
 * only the device owning that control node is considered; without it, or
 * when no device owns it (qmi_wwan did not bind), the first modem found.
 * An interface whose function is "modem" is preferred to a plain AT port.
 * Returns 0 with "/dev/ttyUSB2" in out, -ENOENT (why says what was seen),
 * or another -errno. */
int usb_find_modem_port(const char *root, const char *wdm, char *out, size_t cap, char *why,
			size_t wcap);

#endif
