/* The daemon's NAS reads for the metrics (radio_poll.h). */
#include "host/radio_poll.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "client/qmi_client.h"
#include "common/err.h"
#include "common/util.h"
#include "conn/conn_qmi.h"
#include "qmi/ids.h"
#include "tool/radio_qmi.h"

/* One NAS request without fields over the link's client: >= 0 when sent
 * (cb runs later), else why not. */
static int nas_ask(struct conn_host *h, uint16_t id, qmi_resp_cb cb, void *ud)
{
	struct conn_qmi *q = h->modem;
	if (h->mbim || !q || !q->cl->open || q->cid_nas == 0xff)
		return -ENOTCONN;
	struct qmi_msg *msg = malloc(sizeof(*msg));
	if (!msg)
		return -ENOMEM;
	qmi_msg_init(msg, QMI_SVC_NAS, q->cid_nas, QMI_REQUEST, 0, id);
	struct qmi_req_opts o = { .timeout_ms = 3000 };
	int r = qmi_client_request(q->cl, msg, &o, cb, ud);
	free(msg);
	return r;
}

static bool ask(struct radio_poll *p, uint16_t id, qmi_resp_cb cb)
{
	return !p->paused && p->h->up_since && nas_ask(p->h, id, cb, p) >= 0;
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

struct signal_ask {
	radio_signal_cb done;
	void *ud;
};

static void on_signal_answer(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	(void)c;
	struct signal_ask a = *(struct signal_ask *)ud;
	free(ud);
	if (!err)
		err = qmi_resp_result(resp);
	if (err) {
		a.done(a.ud, err, err == CL_E_QMI && resp ? resp->error : 0, NULL);
		return;
	}
	struct mon_sample s;
	radio_signal_sample(resp, &s);
	a.done(a.ud, 0, 0, &s);
}

int radio_ask_signal(struct conn_host *h, radio_signal_cb cb, void *ud)
{
	struct signal_ask *a = malloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	*a = (struct signal_ask){ cb, ud };
	int r = nas_ask(h, QMI_NAS_GET_SIGNAL_INFO, on_signal_answer, a);
	if (r < 0) {
		free(a);
		return r;
	}
	return 0;
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
