/* Install-disk ids and their switch messages, generated from Debian's
 * usb-modeswitch-data by tools/usbgen/modeswitch.py (modeswitch_ids.c). */
#ifndef CELLINK_USB_MODESWITCH_IDS_H
#define CELLINK_USB_MODESWITCH_IDS_H

#include <stdint.h>

/* How a switch is made: usb_modeswitch's name for the method and its
 * command-line flag ("MessageContent", "-M"). */
struct usb_ms_method {
	char name[18];
	char flag[3];
};

/* One install-disk id, 12 bytes. The texts are offsets into usb_ms_text,
 * read with usb_ms_str(); the method is an index into usb_ms_methods; the
 * file in configPack.tar.gz is named after the id unless usb_ms_files
 * names another (usb_ms_file()). */
struct usb_ms {
	uint16_t vid, pid;
	uint16_t title;         /* the file's first comment: "Huawei E353 (3.se) and others" */
	uint16_t arg;           /* the message (hex) or configuration number, "" */
	uint16_t target;        /* "12d1:14db,14dc", "class ff", "" */
	uint8_t method;         /* usb_ms_methods[method] */
	uint8_t variants;       /* files for this id */
};

/* A row whose file is not named after its id. */
struct usb_ms_file {
	uint16_t row, file;     /* row of usb_ms_table, offset into usb_ms_text */
};

extern const char usb_ms_package[];
extern const char usb_ms_text[];
extern const struct usb_ms_method usb_ms_methods[];
extern const unsigned usb_ms_method_count;
extern const struct usb_ms usb_ms_table[];
extern const unsigned usb_ms_count;
extern const struct usb_ms_file usb_ms_files[];
extern const unsigned usb_ms_file_count;

/* A text of a row: usb_ms_str(m->title). */
static inline const char *usb_ms_str(uint16_t offset)
{
	return usb_ms_text + offset;
}

static inline const struct usb_ms_method *usb_ms_method_of(const struct usb_ms *m)
{
	static const struct usb_ms_method none = { "", "" };
	return m->method < usb_ms_method_count ? &usb_ms_methods[m->method] : &none;
}

/* The name of a row's file in configPack.tar.gz ("12d1:1f01"); buf holds
 * at least 10 bytes. */
const char *usb_ms_file(const struct usb_ms *m, char *buf, unsigned cap);

const struct usb_ms *usb_ms_find(uint16_t vid, uint16_t pid);

/* The first install disk whose switch brings it back as vid:pid (its
 * TargetVendor with TargetProduct or TargetProductList names the id), or
 * NULL: usb-modeswitch-data's word that vid:pid is a modem's own mode. */
const struct usb_ms *usb_ms_switched_from(uint16_t vid, uint16_t pid);

#endif
