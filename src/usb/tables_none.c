/* The doctor built without its generated tables (-DCELLINK_DOCTOR_TABLES=OFF):
 * the same symbols as kernel_ids.c, modeswitch_ids.c and mm_ports.c, with no
 * rows. The doctor then goes by the descriptors, the vendor conventions and
 * the hand-written knowledge table (known.c) alone, and its JSON says so
 * ("tables": {"kernel": "", "package": "none ..."}). Each array keeps
 * one unused element, as C has no empty arrays; the counts are zero. */
#include "usb/kernel_ids.h"
#include "usb/mm_ports.h"
#include "usb/modeswitch_ids.h"

const struct usb_kid_version usb_kid_versions[1] = { { "", "none (built without the generated tables)" } };
const unsigned usb_kid_version_count = 1;
const struct usb_kid_shape usb_kid_shapes[1];
const uint16_t usb_kid_row_pid[1];
const uint16_t usb_kid_row_line[1];
const uint8_t usb_kid_row_shape[1];
const unsigned usb_kid_count = 0;
const struct usb_kid_vid usb_kid_vids[1];
const unsigned usb_kid_vid_count = 0;
const uint16_t usb_kid_arg_rows[1];
const uint32_t usb_kid_args[1];
const unsigned usb_kid_arg_count = 0;
const struct usb_kid_bcd usb_kid_bcd[1];
const unsigned usb_kid_bcd_count = 0;
const char usb_kid_storage_text[] = "";
const struct usb_kid_storage usb_kid_storage[1];
const unsigned usb_kid_storage_count = 0;

const char usb_ms_package[] = "none (built without the generated tables)";
const char usb_ms_text[] = "";
const struct usb_ms_method usb_ms_methods[1];
const unsigned usb_ms_method_count = 0;
const struct usb_ms usb_ms_table[1];
const unsigned usb_ms_count = 0;
const struct usb_ms_file usb_ms_files[1];
const unsigned usb_ms_file_count = 0;

const char usb_mm_package[] = "none (built without the generated tables)";
const char *const usb_mm_files[1] = { "" };
const struct usb_mm_rule usb_mm_rules[1];
const unsigned usb_mm_count = 0;
const struct usb_mm_vendor usb_mm_vendors[1];
const unsigned usb_mm_vendor_count = 0;
