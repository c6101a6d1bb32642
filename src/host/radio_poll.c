/* The daemon's NAS reads for the metrics (radio_poll.h). */
#include "host/radio_poll.h"

#include <stdlib.h>
#include <string.h>

#include "client/qmi_client.h"
#include "common/util.h"
#include "conn/conn_qmi.h"
#include "qmi/ids.h"
#include "tool/radio_qmi.h"

static bool ask(struct radio_poll *p, uint16_t id, qmi_resp_cb cb)
{
	struct conn_qmi *q = p->h->modem;
	if (p->paused || p->h->mbim || !q || !q->cl->open || q->cid_nas == 0xff || !p->h->up_since)
		return false;
	struct qmi_msg *msg = malloc(sizeof(*msg));
	if (!msg)
		return false;
	qmi_msg_init(msg, QMI_SVC_NAS, q->cid_nas, QMI_REQUEST, 0, id);
	struct qmi_req_opts o = { .timeout_ms = 3000 };
	int r = qmi_client_request(q->cl, msg, &o, cb, p);
	free(msg);
	return r >= 0;
}

static void done(struct radio_poll *p)
{
	p->asking = false;
	if (p->changed && p->on_change)
		p->on_change(p);
}

static void on_bands(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	(void)c;
	struct radio_poll *p = ud;
	if (!err && !qmi_resp_result(resp)) {
		struct mon_model *md = malloc(sizeof(*md));
		if (md) {
			mon_init(md);
			radio_rf_bands(resp, md);
			for (int r = 0; r < MON_NRAT; r++) {
				uint16_t band = md->cell[r].have ? md->cell[r].band : 0;
				p->changed |= band != p->reading.band[r];
				p->reading.band[r] = band;
			}
			free(md);
		}
	}
	done(p);
}

static void on_signal(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	(void)c;
	struct radio_poll *p = ud;
	if (err || qmi_resp_result(resp)) {
		p->asking = false;
		return;
	}
	struct mon_sample sig;
	radio_signal_sample(resp, &sig);
	p->changed = !p->reading.have || memcmp(&sig, &p->reading.sig, sizeof sig);
	p->reading.sig = sig;
	p->reading.have = true;
	if (!ask(p, QMI_NAS_GET_RF_BAND_INFORMATION, on_bands))
		done(p);
}

static void on_tick(struct ev_timer *t)
{
	struct radio_poll *p = container_of(t, struct radio_poll, timer);
	if (!p->asking) {
		p->asking = true;
		if (!ask(p, QMI_NAS_GET_SIGNAL_INFO, on_signal))
			p->asking = false;
	}
	ev_timer_set(p->loop, &p->timer, p->h->cfg.liveness_ms);
}

void radio_poll_start(struct radio_poll *p, struct ev_loop *loop, struct conn_host *h)
{
	p->loop = loop;
	p->h = h;
	p->timer.cb = on_tick;
	ev_timer_set(loop, &p->timer, h->cfg.liveness_ms);
}

void radio_poll_stop(struct radio_poll *p)
{
	if (p->loop)
		ev_timer_cancel(p->loop, &p->timer);
}
