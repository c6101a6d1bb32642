/* Looking up ModemManager's port-type rules (mm_ports.c). */
#include "usb/mm_ports.h"

#include <stddef.h>

const struct usb_mm_rule *usb_mm_find(uint16_t vid, uint16_t pid, unsigned ifnum)
{
	const struct usb_mm_rule *best = NULL;
	int best_score = -1;
	for (unsigned i = 0; i < usb_mm_count; i++) {
		const struct usb_mm_rule *r = &usb_mm_rules[i];
		if (r->vid != vid || (r->pid >= 0 && (uint16_t)r->pid != pid) ||
		    (r->ifnum >= 0 && (unsigned)r->ifnum != ifnum))
			continue;
		/* Rules for a whole vendor only tag devices; the port roles
		 * that matter name the product and the interface. */
		if (r->pid < 0 && r->ifnum < 0)
			continue;
		int score = (r->pid >= 0) * 2 + (r->ifnum >= 0);
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
