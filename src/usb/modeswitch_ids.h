/* Install-disk ids and their switch messages, generated from Debian's
 * usb-modeswitch-data by tools/usbgen/modeswitch.py (modeswitch_ids.c). */
#ifndef CELLINK_USB_MODESWITCH_IDS_H
#define CELLINK_USB_MODESWITCH_IDS_H

#include <stdint.h>

/* One install-disk id. The texts are offsets into usb_ms_text, read with
 * usb_ms_str(): 18 bytes a row instead of six pointers (each also a
 * relocation in a position-independent binary). */
struct usb_ms {
	uint16_t vid, pid;
	uint16_t title;         /* the file's first comment: "Huawei E353 (3.se) and others" */
	uint16_t method;        /* "HuaweiNewMode", "StandardEject", "MessageContent" ... */
	uint16_t flag;          /* usb_modeswitch's option for it ("-J"), "" when none */
	uint16_t arg;           /* the message (hex) or configuration number, "" */
	uint16_t target;        /* "12d1:14db,14dc", "class ff", "" */
	uint16_t file;          /* name of the file in configPack.tar.gz, or
				 * USB_MS_FILE_IS_ID when it is "vid:pid" (usb_ms_file()) */
	uint16_t variants;      /* files for this id */
};

extern const char usb_ms_package[];
extern const char usb_ms_text[];
extern const struct usb_ms usb_ms_table[];
extern const unsigned usb_ms_count;

/* A text of a row: usb_ms_str(m->title). */
static inline const char *usb_ms_str(uint16_t offset)
{
	return usb_ms_text + offset;
}

#define USB_MS_FILE_IS_ID 0xffffu

/* The name of a row's file in configPack.tar.gz ("12d1:1f01"); buf holds
 * at least 10 bytes. */
const char *usb_ms_file(const struct usb_ms *m, char *buf, unsigned cap);

const struct usb_ms *usb_ms_find(uint16_t vid, uint16_t pid);

#endif
