/* Names of WDS verbose call-end reasons. The reason number means different
 * things per reason type, so it cannot be a plain enum in the tables. */
#include "qmi/internal.h"
#include "qmi/qmi.h"

struct reason {
	uint16_t type;
	int16_t reason;
	const char *name;
};

/* type 6: 3GPP TS 24.008 / 24.301 session management causes */
#define T3GPP 6
#define TINTERNAL 2
#define TCM 3
static const struct reason reasons[] = {
	{ T3GPP, 8, "operator-determined-barring" },
	{ T3GPP, 25, "llc-sndcp-failure" },
	{ T3GPP, 26, "insufficient-resources" },
	{ T3GPP, 27, "unknown-apn" },
	{ T3GPP, 28, "unknown-pdp" },
	{ T3GPP, 29, "authentication-failed" },
	{ T3GPP, 30, "ggsn-reject" },
	{ T3GPP, 31, "activation-reject" },
	{ T3GPP, 32, "option-not-supported" },
	{ T3GPP, 33, "option-unsubscribed" },
	{ T3GPP, 34, "option-temporarily-out-of-order" },
	{ T3GPP, 35, "nsapi-already-used" },
	{ T3GPP, 36, "regular-deactivation" },
	{ T3GPP, 37, "qos-not-accepted" },
	{ T3GPP, 38, "network-failure" },
	{ T3GPP, 39, "reattach-required" },
	{ T3GPP, 40, "feature-not-supported" },
	{ T3GPP, 50, "ipv4-only-allowed" },
	{ T3GPP, 51, "ipv6-only-allowed" },
	{ T3GPP, 52, "single-address-bearer-only" },
	{ T3GPP, 53, "esm-info-not-received" },
	{ T3GPP, 54, "pdn-connection-does-not-exist" },
	{ T3GPP, 55, "multiple-connection-to-same-pdn-not-allowed" },
	{ T3GPP, 81, "invalid-transaction-id" },
	{ T3GPP, 111, "protocol-error" },
	{ T3GPP, 112, "apn-type-conflict" },
	{ T3GPP, 115, "emm-access-barred" },
	{ TINTERNAL, 201, "internal-error" },
	{ TINTERNAL, 202, "call-ended" },
	{ TINTERNAL, 203, "internal-unknown-cause-code" },
	{ TINTERNAL, 204, "unknown-cause-code" },
	{ TINTERNAL, 205, "close-in-progress" },
	{ TINTERNAL, 206, "network-initiated-termination" },
	{ TINTERNAL, 207, "app-preempted" },
	{ TINTERNAL, 208, "pdn-ipv4-call-disallowed" },
	{ TINTERNAL, 209, "pdn-ipv4-call-throttled" },
	{ TINTERNAL, 210, "pdn-ipv6-call-disallowed" },
	{ TINTERNAL, 211, "pdn-ipv6-call-throttled" },
	{ TINTERNAL, 212, "modem-restart" },
	{ TINTERNAL, 213, "pdp-ppp-not-supported" },
	{ TINTERNAL, 214, "unpreferred-rat" },
	{ TINTERNAL, 215, "physical-link-close-in-progress" },
	{ TINTERNAL, 216, "apn-pending-handover" },
	{ TINTERNAL, 217, "profile-bearer-incompatible" },
	{ TINTERNAL, 220, "mandatory-apn-disabled" },
	{ TCM, 1, "cdma-lock" },
	{ TCM, 2000, "client-end" },
	{ TCM, 2001, "no-service" },
	{ TCM, 2002, "fade" },
	{ TCM, 2003, "release-normal" },
	{ TCM, 2010, "rejected-by-base-station" },
	{ TCM, 2038, "network-end" },
};

const char *qmi_wds_verbose_reason_name(uint16_t type, int16_t reason)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].type == type && reasons[i].reason == reason)
			return reasons[i].name;
	return NULL;
}

const char *qmi_wds_verbose_reason_namer(const struct qmi_val *parent, const struct qmi_val *v)
{
	/* the struct is { type, reason } */
	if (parent->n < 2)
		return NULL;
	return qmi_wds_verbose_reason_name((uint16_t)parent->kids[0].u, (int16_t)v->i);
}
