/* MBIM in a link without MBIM (-DCELLINK_MBIM=OFF; see mbim_part.h): the
 * link on an MBIM device stops at once and says why. */
#include "host/mbim_part.h"
#include "host/conn_host.h"

#include <errno.h>
#include <stdio.h>

int mbim_part_start(struct conn_host *h)
{
	conn_init(&h->conn, &h->cfg, &conn_qmi_ops, NULL, &conn_host_platform, h);
	if (h->protocol_auto) {
		/* found by the driver or by asking: the device has no QMI, and
		 * mode auto may try PPP on its AT port */
		h->conn.exit_status = CONN_EXIT_NO_DEVICE;
		snprintf(h->conn.why, sizeof h->conn.why, "%s speaks MBIM (%s), and %s; use a build with MBIM, "
			 "switch the modem to QMI, or use PPP (--mode ppp)", h->cfg.device ? h->cfg.device : "the device",
			 h->protocol_why, MBIM_PART_NONE);
	} else {
		h->conn.exit_status = CONN_EXIT_USAGE;
		snprintf(h->conn.why, sizeof h->conn.why, "protocol mbim: %s", MBIM_PART_NONE);
	}
	return -EPROTONOSUPPORT;
}

void mbim_part_free(struct conn_host *h)
{
	(void)h;        /* h->mbim and h->qmbim are never made */
}

int conn_host_tunnel(struct conn_host *h)
{
	(void)h;
	return -ENODEV;
}
