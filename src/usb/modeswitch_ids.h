/* Install-disk ids and their switch messages, generated from Debian's
 * usb-modeswitch-data by tools/usbgen/modeswitch.py (modeswitch_ids.c). */
#ifndef CELLINK_USB_MODESWITCH_IDS_H
#define CELLINK_USB_MODESWITCH_IDS_H

#include <stdint.h>

struct usb_ms {
	uint16_t vid, pid;
	const char *title;      /* the file's first comment: "Huawei E353 (3.se) and others" */
	const char *method;     /* "HuaweiNewMode", "StandardEject", "MessageContent" ... */
	const char *flag;       /* usb_modeswitch's option for it ("-J"), "" when none */
	const char *arg;        /* the message (hex) or configuration number, "" */
	const char *target;     /* "12d1:14db,14dc", "class ff", "" */
	const char *file;       /* name of the file in configPack.tar.gz */
	unsigned variants;      /* files for this id */
};

extern const char usb_ms_package[];
extern const struct usb_ms usb_ms_table[];
extern const unsigned usb_ms_count;

/* The row of vid:pid, or NULL. */
const struct usb_ms *usb_ms_find(uint16_t vid, uint16_t pid);

#endif
