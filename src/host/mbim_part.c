/* MBIM in a link: the MBIM adapter and QMI over MBIM (see mbim_part.h). */
#include "host/mbim_part.h"
#include "client/mbim_client.h"
#include "common/err.h"
#include "common/strbuf.h"
#include "host/conn_host.h"
#include "mbim/mbim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void trace_mbim(struct mbim_client *c, void *ud, bool out, const struct mbim_msg *m)
{
	struct conn_host *h = ud;
	struct strbuf sb;
	sb_init(&sb);
	mbim_print_text(&sb, m, MBIM_PRINT_REDACT_PERSONAL);
	printf("[%7.3f] %s%s %s", conn_host_elapsed(h), h->label, out ? ">>" : "<<", sb_str(&sb));
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		putchar('\n');
	sb_free(&sb);
}

int mbim_part_start(struct conn_host *h)
{
	/* cdc_mbim's interface is raw IP: it has no switch to set */
	h->cfg.set_kernel_raw_ip = false;
	conn_init(&h->conn, &h->cfg, &conn_mbim_ops, NULL, &conn_host_platform, h);
	if (!h->mbim) {
		h->mbim = conn_mbim_new(h->loop, &h->conn);
		if (!h->mbim) {
			h->conn.exit_status = CONN_EXIT_MODEM_ERROR;
			snprintf(h->conn.why, sizeof h->conn.why, "out of memory");
			return -ENOMEM;
		}
	}
	h->conn.modem_ctx = h->mbim;
	if (h->verbose) {
		h->mbim->cl->trace = trace_mbim;
		h->mbim->cl->trace_ud = h;
	}
	return 0;
}

void mbim_part_free(struct conn_host *h)
{
	if (h->qmbim)
		qmi_mbim_stop(h->qmbim);        /* before the MBIM client it rides on */
	conn_mbim_free(h->mbim);
	h->mbim = NULL;
	free(h->qmbim);
	free(h->qmbim_cl);
	h->qmbim = NULL;
	h->qmbim_cl = NULL;
}

static void tunnel_ready(struct qmi_mbim *t, void *ud, int err, const char *why)
{
	(void)t;
	struct conn_host *h = ud;
	if (h->on_tunnel)
		h->on_tunnel(h, err, why);
	conn_host_sms_tunnel(h, err, why);     /* the link's SMS watch may wait for it too */
}

int conn_host_tunnel(struct conn_host *h)
{
	if (!h->mbim)
		return -ENODEV;
	struct mbim_client *mc = h->mbim->cl;
	if (!h->qmbim) {
		h->qmbim = calloc(1, sizeof(*h->qmbim));
		h->qmbim_cl = calloc(1, sizeof(*h->qmbim_cl));
		if (!h->qmbim || !h->qmbim_cl) {
			free(h->qmbim);
			free(h->qmbim_cl);
			h->qmbim = NULL;
			h->qmbim_cl = NULL;
			return -ENOMEM;
		}
		qmi_mbim_init(h->qmbim);
		qmi_client_init(h->qmbim_cl, h->loop);
	}
	if (qmi_mbim_ready(h->qmbim) && h->qmbim->mc == mc)
		return 1;
	if (h->qmbim->state == QMI_MBIM_CHECKING && h->qmbim->mc == mc)
		return 0;       /* the question is out already */
	if (!mc->open || mc->tr.st.gone) {
		snprintf(h->qmbim->why, sizeof(h->qmbim->why), "the modem is not open right now (the link is "
			 "starting or stopping); try again in a moment");
		return CL_E_GONE;
	}
	int r = qmi_mbim_start(h->qmbim, mc, h->qmbim_cl, tunnel_ready, h);
	return r < 0 ? r : 0;
}
