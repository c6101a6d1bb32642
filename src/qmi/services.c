/* The registry of services, message lookups and QMI error names. */
#include <string.h>

#include "qmi/qmi.h"
#include "qmi/tables.h"

static const struct qmi_service_def *const tables[] = {
	&qmi_svc_ctl, &qmi_svc_wds, &qmi_svc_dms, &qmi_svc_nas, &qmi_svc_uim, &qmi_svc_wda,
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
		if (svc->msgs[i].id == id && svc->msgs[i].tlvs[kind])
			return &svc->msgs[i];
	return NULL;
}

const struct qmi_msg_def *qmi_msg_by_name(const struct qmi_service_def *svc, const char *name)
{
	for (size_t i = 0; i < svc->n_msgs; i++)
		if (!strcmp(svc->msgs[i].name, name))
			return &svc->msgs[i];
	return NULL;
}

const char *qmi_kind_name(enum qmi_kind kind)
{
	static const char *const names[] = { "request", "response", "indication" };
	return kind < QMI_KINDS ? names[kind] : "unknown";
}

/* QMI protocol error numbers and their names (as libqmi spells them). */
#define QMI_PROTOCOL_ERRORS(X) \
	X(0, "none") \
	X(1, "malformed-message") \
	X(2, "no-memory") \
	X(3, "internal") \
	X(4, "aborted") \
	X(5, "client-ids-exhausted") \
	X(6, "unabortable-transaction") \
	X(7, "invalid-client-id") \
	X(8, "no-thresholds-provided") \
	X(9, "invalid-handle") \
	X(10, "invalid-profile") \
	X(11, "invalid-pin-id") \
	X(12, "incorrect-pin") \
	X(13, "no-network-found") \
	X(14, "call-failed") \
	X(15, "out-of-call") \
	X(16, "not-provisioned") \
	X(17, "missing-argument") \
	X(19, "argument-too-long") \
	X(22, "invalid-transaction-id") \
	X(23, "device-in-use") \
	X(24, "network-unsupported") \
	X(25, "device-unsupported") \
	X(26, "no-effect") \
	X(27, "no-free-profile") \
	X(28, "invalid-pdp-type") \
	X(29, "invalid-technology-preference") \
	X(30, "invalid-profile-type") \
	X(31, "invalid-service-type") \
	X(32, "invalid-register-action") \
	X(33, "invalid-ps-attach-action") \
	X(34, "authentication-failed") \
	X(35, "pin-blocked") \
	X(36, "pin-always-blocked") \
	X(37, "uim-uninitialized") \
	X(38, "maximum-qos-requests-in-use") \
	X(39, "incorrect-flow-filter") \
	X(40, "network-qos-unaware") \
	X(41, "invalid-qos-id") \
	X(42, "requested-number-unsupported") \
	X(43, "interface-not-found") \
	X(44, "flow-suspended") \
	X(45, "invalid-data-format") \
	X(46, "general-error") \
	X(47, "unknown-error") \
	X(48, "invalid-argument") \
	X(49, "invalid-index") \
	X(50, "no-entry") \
	X(51, "device-storage-full") \
	X(52, "device-not-ready") \
	X(53, "network-not-ready") \
	X(54, "wms-cause-code") \
	X(55, "wms-message-not-sent") \
	X(56, "wms-message-delivery-failure") \
	X(57, "wms-invalid-message-id") \
	X(58, "wms-encoding") \
	X(59, "authentication-lock") \
	X(60, "invalid-transition") \
	X(61, "not-mcast-interface") \
	X(62, "maximum-mcast-requests-in-use") \
	X(63, "invalid-mcast-handle") \
	X(64, "invalid-ip-family-preference") \
	X(65, "session-inactive") \
	X(66, "session-invalid") \
	X(67, "session-ownership") \
	X(68, "insufficient-resources") \
	X(69, "disabled") \
	X(70, "invalid-operation") \
	X(71, "invalid-qmi-command") \
	X(72, "wms-t-pdu-type") \
	X(73, "wms-smsc-address") \
	X(74, "information-unavailable") \
	X(75, "segment-too-long") \
	X(76, "segment-order") \
	X(77, "bundling-not-supported") \
	X(78, "operation-partial-failure") \
	X(79, "policy-mismatch") \
	X(80, "sim-file-not-found") \
	X(81, "extended-internal") \
	X(82, "access-denied") \
	X(83, "hardware-restricted") \
	X(84, "ack-not-sent") \
	X(85, "inject-timeout") \
	X(90, "incompatible-state") \
	X(91, "fdn-restrict") \
	X(92, "sups-failure-case") \
	X(93, "no-radio") \
	X(94, "not-supported") \
	X(95, "no-subscription") \
	X(96, "card-call-control-failed") \
	X(97, "network-aborted") \
	X(98, "msg-blocked") \
	X(100, "invalid-session-type") \
	X(101, "invalid-pb-type") \
	X(102, "no-sim") \
	X(103, "pb-not-ready") \
	X(104, "pin-restriction") \
	X(105, "pin2-restriction") \
	X(106, "puk-restriction") \
	X(107, "puk2-restriction") \
	X(108, "pb-access-restricted") \
	X(109, "pb-delete-in-progress") \
	X(110, "pb-text-too-long") \
	X(111, "pb-number-too-long") \
	X(112, "pb-hidden-key-restriction") \
	X(113, "pb-not-available") \
	X(114, "device-memory-error") \
	X(115, "no-permission") \
	X(116, "too-soon") \
	X(117, "time-not-acquired") \
	X(118, "operation-in-progress") \
	X(388, "fw-write-failed") \
	X(389, "fw-info-read-failed") \
	X(390, "fw-file-not-found") \
	X(391, "fw-dir-not-found") \
	X(392, "fw-already-activated") \
	X(393, "fw-cannot-generic-image") \
	X(400, "fw-file-open-failed") \
	X(401, "fw-update-discontinuous-frame") \
	X(402, "fw-update-failed") \
	X(61441, "cat-event-registration-failed") \
	X(61442, "cat-invalid-terminal-response") \
	X(61443, "cat-invalid-envelope-command") \
	X(61444, "cat-envelope-command-busy") \
	X(61445, "cat-envelope-command-failed")

static const struct {
	uint16_t num;
	const char *name;
} qmi_errors[] = {
#define QMI_ERR_ENTRY(num, name) { num, name },
	QMI_PROTOCOL_ERRORS(QMI_ERR_ENTRY)
#undef QMI_ERR_ENTRY
};

const char *qmi_error_name(uint16_t error)
{
	for (size_t i = 0; i < sizeof(qmi_errors) / sizeof(qmi_errors[0]); i++)
		if (qmi_errors[i].num == error)
			return qmi_errors[i].name;
	return NULL;
}

int qmi_error_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(qmi_errors) / sizeof(qmi_errors[0]); i++)
		if (!strcmp(qmi_errors[i].name, name))
			return qmi_errors[i].num;
	return -1;
}

const char *qmi_enum_name(const struct qmi_enum *e, uint32_t value)
{
	for (const struct qmi_enum_val *v = e->vals; v->name; v++)
		if (v->value == value)
			return v->name;
	return NULL;
}

int qmi_enum_value(const struct qmi_enum *e, const char *name, uint32_t *out)
{
	for (const struct qmi_enum_val *v = e->vals; v->name; v++)
		if (!strcmp(v->name, name)) {
			*out = v->value;
			return 0;
		}
	return -1;
}
