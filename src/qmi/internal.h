/* Helpers shared inside src/qmi only. */
#ifndef CELLINK_QMI_INTERNAL_H
#define CELLINK_QMI_INTERNAL_H

#include "qmi/qmi.h"

/* Writes the reason into m->errtext and returns code. */
int qmi_fail(struct qmi_msg *m, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* CL_E_TOO_MANY with an errtext naming the message that ran out of room
 * for values (struct qmi_msg). */
int qmi_no_room(struct qmi_msg *m);
/* The same for a message with more than QMI_MAX_TLVS TLVs. */
int qmi_no_tlv_room(struct qmi_msg *m);

/* Namer of the reason member of a { type, reason } verbose call-end struct. */
const char *qmi_wds_verbose_reason_namer(const struct qmi_val *parent, const struct qmi_val *v);

#endif
