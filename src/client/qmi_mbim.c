/* QMI over MBIM; see qmi_mbim.h. */
#include "client/qmi_mbim.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void qmi_mbim_init(struct qmi_mbim *t)
{
	memset(t, 0, offsetof(struct qmi_mbim, buf));
}

bool qmi_mbim_ready(const struct qmi_mbim *t)
{
	return t->state == QMI_MBIM_READY && t->qc && t->qc->open && !t->qc->tr.st.gone && t->mc &&
	       t->mc->open && !t->mc->tr.st.gone;
}

/* The MBIM side ended: the QMI client's requests fail with CL_E_GONE. */
static void carrier_gone(struct qmi_mbim *t, const char *why)
{
	if (t->state != QMI_MBIM_READY)
		return;
	t->state = QMI_MBIM_GONE;
	snprintf(t->why, sizeof(t->why), "the MBIM device carrying QMI went away (%s)", why);
	qmi_transport_fail(&t->qc->tr, CL_E_GONE, t->why);
}

/* ---- QMUX frames out, and their answers ---- */

static void carried_done(struct mbim_client *mc, void *ud, int err, const struct mbim_msg *m)
{
	(void)mc;
	struct qmi_mbim *t = ud;
	if (t->carried)
		t->carried--;
	if (err == CL_E_GONE || err == CL_E_CANCELLED) {
		carrier_gone(t, cl_strerror(err));
		return;
	}
	const struct mbim_qmi_msg *b = m ? MBIM_BODY(m, qmi_msg) : NULL;
	if (err || m->status != MBIM_STATUS_SUCCESS || !b || !b->qmux.n) {
		/* the QMI request's own timeout ends it */
		t->stats.carry_failed++;
		return;
	}
	if (t->state != QMI_MBIM_READY)
		return;         /* an answer for a client that is no more */
	t->stats.frames_in++;
	qmi_transport_input(&t->qc->tr, b->qmux.p, b->qmux.n);
}

static int carry(struct qmi_transport *tr, const uint8_t *frame, size_t len)
{
	struct qmi_mbim *t = tr->tunnel_ud;
	if (t->state != QMI_MBIM_READY || !t->mc->open || t->mc->tr.st.gone)
		return CL_E_GONE;
	if (t->carried >= QMI_MBIM_MAX_CARRIED) {
		t->stats.carry_refused++;
		return CL_E_TOO_MANY;
	}
	struct mbim_qmi_msg b = { { frame, (uint32_t)len } };
	int n = MBIM_SET(t->buf, sizeof(t->buf), mbim_client_txn(t->mc), QMI, MSG, &b);
	if (n < 0)
		return n;
	int r = mbim_client_send(t->mc, t->buf, (size_t)n, QMI_MBIM_CARRY_MS, carried_done, t);
	explicit_bzero(t->buf, (size_t)n);      /* a request may carry a password */
	if (r == 0) {
		t->stats.frames_out++;
		t->carried++;
	}
	return r;
}

/* ---- indications ---- */

static void on_indication(struct mbim_client *mc, void *ud, const struct mbim_msg *m)
{
	struct qmi_mbim *t = ud;
	if (m->svc && m->svc->id == MBIM_SERVICE_QMI && m->cid == MBIM_CID_QMI_MSG) {
		const struct mbim_qmi_msg *b = MBIM_BODY(m, qmi_msg);
		if (b && b->qmux.n && t->state == QMI_MBIM_READY) {
			t->stats.indications++;
			qmi_transport_input(&t->qc->tr, b->qmux.p, b->qmux.n);
		}
		return;
	}
	if (t->next_ind)
		t->next_ind(mc, t->next_ind_ud, m);
}

static void chain(struct qmi_mbim *t, struct mbim_client *mc)
{
	t->mc = mc;
	if (mc->on_indication == on_indication && mc->ind_ud == t)
		return;
	t->next_ind = mc->on_indication;
	t->next_ind_ud = mc->ind_ud;
	mc->on_indication = on_indication;
	mc->ind_ud = t;
}

/* ---- the question: does the function carry QMI? ---- */

static void refuse(struct qmi_mbim *t, int err, const char *fmt, const char *arg)
{
	t->state = QMI_MBIM_REFUSED;
	snprintf(t->why, sizeof(t->why), fmt, arg);
	if (t->ready)
		t->ready(t, t->ready_ud, err, t->why);
}

static void services_done(struct mbim_client *mc, void *ud, int err, const struct mbim_msg *m)
{
	(void)mc;
	struct qmi_mbim *t = ud;
	if (t->state != QMI_MBIM_CHECKING)
		return;         /* stopped meanwhile */
	if (err) {
		refuse(t, err, "the MBIM device did not say which services it has (%s)",
		       err == CL_E_PROTOCOL && m ? "it answered with a function error" : cl_strerror(err));
		return;
	}
	const struct mbim_device_services_info *ds = MBIM_BODY(m, device_services_info);
	if (m->status != MBIM_STATUS_SUCCESS || !ds) {
		const char *st = mbim_enum_sym(MBIM_ENUM(STATUS), m->status);
		refuse(t, CL_E_PROTOCOL, "the MBIM device's list of services could not be read (status %s)",
		       m->status == MBIM_STATUS_SUCCESS ? "success, but the list is malformed" : st ? st : "unknown");
		return;
	}
	const struct mbim_uuid *qmi = &mbim_service(MBIM_SERVICE_QMI)->uuid;
	bool found = false;
	for (uint32_t i = 0; i < ds->device_services.n && !found; i++)
		found = !memcmp(ds->device_services.v[i].device_service_id.b, qmi->b, 16);
	if (!found) {
		refuse(t, -EPROTONOSUPPORT, "%s", QMI_MBIM_NO_SERVICE);
		return;
	}
	char name[300];
	snprintf(name, sizeof(name), "%s (QMI over MBIM)", t->mc->tr.st.path);
	qmi_client_attach(t->qc, name, carry, t);
	t->state = QMI_MBIM_READY;
	t->why[0] = 0;
	if (t->ready)
		t->ready(t, t->ready_ud, 0, NULL);
}

int qmi_mbim_start(struct qmi_mbim *t, struct mbim_client *mc, struct qmi_client *qc,
		   qmi_mbim_ready_cb cb, void *ud)
{
	qmi_mbim_stop(t);
	t->qc = qc;
	t->ready = cb;
	t->ready_ud = ud;
	chain(t, mc);
	if (!mc->open || mc->tr.st.gone) {
		snprintf(t->why, sizeof(t->why), "the MBIM device is not open");
		return CL_E_GONE;
	}
	static const struct mbim_empty none;
	int n = MBIM_QUERY(t->buf, sizeof(t->buf), mbim_client_txn(mc), BASIC_CONNECT, DEVICE_SERVICES, &none);
	int r = n < 0 ? n : mbim_client_send(mc, t->buf, (size_t)n, QMI_MBIM_CHECK_MS, services_done, t);
	if (r < 0) {
		snprintf(t->why, sizeof(t->why), "cannot ask the MBIM device for its services: %s", cl_strerror(r));
		return r;
	}
	t->state = QMI_MBIM_CHECKING;
	return 0;
}

void qmi_mbim_stop(struct qmi_mbim *t)
{
	enum qmi_mbim_state was = t->state;
	t->state = QMI_MBIM_IDLE;
	if ((was == QMI_MBIM_READY || was == QMI_MBIM_GONE) && t->qc)
		qmi_client_close(t->qc);
	if (was == QMI_MBIM_CHECKING && t->ready) {
		/* the question is dropped: its waiter hears it now */
		snprintf(t->why, sizeof(t->why), "the MBIM device closed before it said which services it has");
		t->ready(t, t->ready_ud, CL_E_CANCELLED, t->why);
	}
}
