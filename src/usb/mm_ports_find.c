/* Looking up ModemManager's port-type rules (mm_ports.c). */
#include "usb/mm_ports.h"

#include <stdbool.h>
#include <stddef.h>

const struct usb_mm_rule *usb_mm_vendor_rules(uint16_t vid, unsigned *n)
{
	unsigned start = 0;
	for (unsigned v = 0; v < usb_mm_vendor_count; start = usb_mm_vendors[v++].end)
		if (usb_mm_vendors[v].vid == vid && usb_mm_vendors[v].end > start && usb_mm_vendors[v].end <= usb_mm_count) {
			*n = usb_mm_vendors[v].end - start;
			return &usb_mm_rules[start];
		}
	*n = 0;
	return NULL;
}

const struct usb_mm_rule *usb_mm_find(uint16_t vid, uint16_t pid, unsigned ifnum)
{
	const struct usb_mm_rule *best = NULL;
	int best_score = -1;
	unsigned n;
	const struct usb_mm_rule *rules = usb_mm_vendor_rules(vid, &n);
	for (unsigned i = 0; i < n; i++) {
		const struct usb_mm_rule *r = &rules[i];
		bool any_if = r->ifnum == USB_MM_ANY_IF;
		if ((!r->any_pid && r->pid != pid) || (!any_if && r->ifnum != ifnum))
			continue;
		/* Rules for a whole vendor only tag devices; the port roles
		 * that matter name the product and the interface. */
		if (r->any_pid && any_if)
			continue;
		int score = !r->any_pid * 2 + !any_if;
		if (score > best_score) {
			best = r;
			best_score = score;
		}
	}
	return best;
}

const char *usb_mm_role_name(enum usb_mm_role r)
{
	static const char *const names[] = {
		"at-primary", "at-secondary", "at-ppp", "qcdm", "gps", "qmi", "mbim", "audio", "ignore",
		"device-ignore",
	};
	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}
