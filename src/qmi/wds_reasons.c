/* WDS verbose call-end reasons: the one table (wds_reasons.h) and its
 * lookups. The reason number means different things per reason type, so it
 * cannot be a plain enum in the message tables. */
#include "qmi/wds_reasons.h"
#include "qmi/internal.h"
#include "qmi/qmi.h"

#include <string.h>

static const struct qmi_wds_reason reasons[] = {
#define QMI_WDS_REASON_ROW(type, num, name, call_end) { QMI_WDS_REASON_##type, num, name, call_end },
	QMI_WDS_REASONS(QMI_WDS_REASON_ROW)
#undef QMI_WDS_REASON_ROW
};

const struct qmi_wds_reason *qmi_wds_reason_find(uint16_t type, int16_t reason)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].type == type && reasons[i].reason == reason)
			return &reasons[i];
	return NULL;
}

const struct qmi_wds_reason *qmi_wds_reason_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (!strcmp(reasons[i].name, name))
			return &reasons[i];
	return NULL;
}

const struct qmi_wds_reason *qmi_wds_reasons(unsigned *n)
{
	*n = (unsigned)(sizeof(reasons) / sizeof(reasons[0]));
	return reasons;
}

const char *qmi_wds_verbose_reason_name(uint16_t type, int16_t reason)
{
	const struct qmi_wds_reason *r = qmi_wds_reason_find(type, reason);
	return r ? r->name : NULL;
}

const char *qmi_wds_verbose_reason_namer(const struct qmi_val *parent, const struct qmi_val *v)
{
	/* the struct is { type, reason } */
	if (parent->n < 2)
		return NULL;
	return qmi_wds_verbose_reason_name((uint16_t)parent->kids[0].u, (int16_t)v->i);
}
