/* The registry of services, message lookups and QMI error names. */
#include <string.h>

#include "qmi/qmi.h"
#include "qmi/tables.h"

/* The tables hold thousands of rows and values (tables_gen.c): keep them as
 * small as docs/qmi.md says. */
_Static_assert(sizeof(struct qmi_field) == 8, "a table row grew");
_Static_assert(sizeof(struct qmi_msg_def) == 12, "a message row grew");
_Static_assert(sizeof(struct qmi_enum) == 6, "an enum grew");

static const struct qmi_service_def *const tables[] = {
	&qmi_svc_ctl, &qmi_svc_wds, &qmi_svc_dms, &qmi_svc_nas, &qmi_svc_uim, &qmi_svc_wda,
	&qmi_svc_wms, &qmi_svc_voice,
};

static const struct {
	uint8_t id;
	const char *name;
} service_names[] = {
#define QMI_SVC_NAME(sym, num, short_name, long_name) { num, short_name },
	QMI_SERVICES(QMI_SVC_NAME)
#undef QMI_SVC_NAME
};

const struct qmi_service_def *qmi_service_by_id(uint8_t id)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (tables[i]->id == id)
			return tables[i];
	return NULL;
}

const struct qmi_service_def *qmi_service_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (!strcmp(tables[i]->name, name))
			return tables[i];
	return NULL;
}

const struct qmi_service_def *qmi_service_at(size_t i)
{
	return i < sizeof(tables) / sizeof(tables[0]) ? tables[i] : NULL;
}

const char *qmi_service_name(uint8_t id)
{
	for (size_t i = 0; i < sizeof(service_names) / sizeof(service_names[0]); i++)
		if (service_names[i].id == id)
			return service_names[i].name;
	return NULL;
}

const struct qmi_msg_def *qmi_msg_by_id(const struct qmi_service_def *svc,
					uint16_t id, enum qmi_kind kind)
{
	for (size_t i = 0; i < svc->n_msgs; i++)
		if (svc->msgs[i].id == id && qmi_msg_tlvs(&svc->msgs[i], kind))
			return &svc->msgs[i];
	return NULL;
}

const struct qmi_msg_def *qmi_msg_by_name(const struct qmi_service_def *svc, const char *name)
{
	for (size_t i = 0; i < svc->n_msgs; i++)
		if (!strcmp(qmi_msg_name(&svc->msgs[i]), name))
			return &svc->msgs[i];
	return NULL;
}

const char *qmi_kind_name(enum qmi_kind kind)
{
	static const char *const names[] = { "request", "response", "indication" };
	return kind < QMI_KINDS ? names[kind] : "unknown";
}

/* The numbers, and the names one after another in one string (no pointer
 * per error: 125 of them). */
static const uint16_t qmi_error_nums[] = {
#define QMI_ERR_NUM(sym, num, name) num,
	QMI_ERRORS(QMI_ERR_NUM)
#undef QMI_ERR_NUM
};
static const char qmi_error_names[] =
#define QMI_ERR_NAME(sym, num, name) name "\0"
	QMI_ERRORS(QMI_ERR_NAME)
#undef QMI_ERR_NAME
	;

const char *qmi_error_name(uint16_t error)
{
	const char *p = qmi_error_names;
	for (size_t i = 0; i < sizeof(qmi_error_nums) / sizeof(qmi_error_nums[0]); i++, p += strlen(p) + 1)
		if (qmi_error_nums[i] == error)
			return p;
	return NULL;
}

int qmi_error_by_name(const char *name)
{
	const char *p = qmi_error_names;
	for (size_t i = 0; i < sizeof(qmi_error_nums) / sizeof(qmi_error_nums[0]); i++, p += strlen(p) + 1)
		if (!strcmp(p, name))
			return qmi_error_nums[i];
	return -1;
}

const char *qmi_enum_name(const struct qmi_enum *e, uint32_t value)
{
	for (unsigned i = e->first; i < (unsigned)e->first + e->n; i++)
		if (qmi_enum_value_of(i) == value)
			return qmi_names + qmi_enum_names[i];
	return NULL;
}

int qmi_enum_value(const struct qmi_enum *e, const char *name, uint32_t *out)
{
	for (unsigned i = e->first; i < (unsigned)e->first + e->n; i++)
		if (!strcmp(qmi_names + qmi_enum_names[i], name)) {
			*out = qmi_enum_value_of(i);
			return 0;
		}
	return -1;
}

const char *qmi_enum_at(const struct qmi_enum *e, unsigned i, uint32_t *value)
{
	if (i >= e->n)
		return NULL;
	*value = qmi_enum_value_of((unsigned)e->first + i);
	return qmi_names + qmi_enum_names[e->first + i];
}
