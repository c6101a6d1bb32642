/* The service tables, generated into tables_gen.c from svc_*.c. Internal to
 * src/qmi. */
#ifndef CELLINK_QMI_TABLES_H
#define CELLINK_QMI_TABLES_H

#include "qmi/qmi.h"

extern const struct qmi_service_def qmi_svc_ctl;
extern const struct qmi_service_def qmi_svc_wds;
extern const struct qmi_service_def qmi_svc_dms;
extern const struct qmi_service_def qmi_svc_nas;
extern const struct qmi_service_def qmi_svc_uim;
extern const struct qmi_service_def qmi_svc_wda;
extern const struct qmi_service_def qmi_svc_wms;
extern const struct qmi_service_def qmi_svc_voice;

#endif
