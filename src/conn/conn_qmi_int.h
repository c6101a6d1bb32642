/* Internal to the QMI adapter (conn_qmi*.c): the batch helpers the
 * operations share. */
#ifndef CELLINK_CONN_CONN_QMI_INT_H
#define CELLINK_CONN_CONN_QMI_INT_H

#include "conn/conn_qmi.h"
#include "qmi/fields.h"

#define NO_CID 0xff


typedef int (*cq_handler)(struct conn_qmi *a, struct conn_qmi_slot *s, int err, const struct qmi_msg *resp);

/* Reports the operation's result to the state machine. */
void cq_finish(struct conn_qmi *a);
/* Abandons what an earlier operation left in flight; starts afresh. */
void cq_begin(struct conn_qmi *a);
/* Records the first failure of the operation. */
void cq_set_err(struct conn_qmi *a, int err, int hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void cq_describe_failure(struct conn_qmi *a, int err, const struct qmi_msg *resp, const char *what);
/* When nothing is outstanding: the next batch, or the result. */
void cq_step_done(struct conn_qmi *a);
struct conn_qmi_slot *cq_slot(struct conn_qmi *a);
void cq_init_msg(struct conn_qmi *a, uint8_t svc, uint8_t cid, uint16_t id);
/* Sends a->msg; h sees the answer (idx: the session it concerns). */
void cq_send(struct conn_qmi *a, int idx, cq_handler h);
/* Runs fn from the loop, never inside a client callback. */
void cq_kick(struct conn_qmi *a, void (*fn)(struct conn_qmi *));
void cq_kick_cb(struct ev_timer *t);
/* Allocations abandoned by an earlier operation still awaiting their answer. */
unsigned cq_allocs_pending(const struct conn_qmi *a);
/* A field as text (enum names, addresses); "" when absent. */
void cq_val_text(const struct qmi_msg *m, struct qmi_fh h, char *out, size_t cap);
/* Set a field of a->msg. A failure is the operation's error, and
 * cq_send then sends nothing. */
void cq_set_uint(struct conn_qmi *a, struct qmi_fh h, uint64_t v);
void cq_set_str(struct conn_qmi *a, struct qmi_fh h, const char *s);
/* An integer by its name in the field's enum ("qmap"). */
void cq_set_text(struct conn_qmi *a, struct qmi_fh h, const char *text);
/* Does the field hold the value its enum names so? (false when absent) */
bool cq_field_is(const struct qmi_msg *m, struct qmi_fh h, const char *name);

/* conn_qmi_session.c */
int cq_op_start(void *m, struct conn *c);
int cq_op_settings(void *m, struct conn *c);
int cq_op_liveness(void *m, struct conn *c);
int cq_op_stop(void *m, struct conn *c);
void cq_on_pss_ind(struct qmi_client *cl, void *ud, const struct qmi_msg *m);

#endif
