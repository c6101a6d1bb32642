/* Helpers shared inside src/qmi only. */
#ifndef CELLINK_QMI_INTERNAL_H
#define CELLINK_QMI_INTERNAL_H

#include "qmi/qmi.h"

/* Writes the reason into m->errtext and returns code. */
int qmi_fail(struct qmi_msg *m, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
