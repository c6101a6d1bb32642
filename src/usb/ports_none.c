/* The modem's AT/PPP port without the doctor (-DCELLINK_DOCTOR=OFF): the
 * search needs the doctor's analysis, so this build asks for the port. */
#include "usb/ports.h"

#include <errno.h>
#include <stdio.h>

int usb_find_modem_port(const char *root, const char *wdm, char *out, size_t cap, char *why,
			size_t wcap)
{
	(void)root, (void)wdm;
	if (cap)
		out[0] = 0;
	snprintf(why, wcap, "finding the modem's AT port needs the doctor, which this build left out "
		 "(CELLINK_DOCTOR=OFF): give the port (--port, or option atport)");
	return -ENOENT;
}
