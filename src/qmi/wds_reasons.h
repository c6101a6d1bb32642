/* Why a data call ended, as a modem says it: declared once, here. Each row
 * is a verbose call-end reason (WDS TLV "verbose-call-end-reason": a type
 * and a number whose meaning depends on the type) with its name, and the
 * older "call-end-reason" code a modem sends beside it (0: none goes with
 * it). The QMI printer names reasons from this list, the connection
 * manager words its errors from it, and cellink-sim produces the reasons
 * it sends from it.
 *
 * Types: 2 internal (the modem's own), 3 call manager, 6 3GPP (the
 * network's session management cause, TS 24.008 / 24.301). */
#ifndef CELLINK_QMI_WDS_REASONS_H
#define CELLINK_QMI_WDS_REASONS_H

#include <stdint.h>

enum qmi_wds_reason_type {
	QMI_WDS_REASON_INTERNAL = 2,
	QMI_WDS_REASON_CM = 3,
	QMI_WDS_REASON_3GPP = 6,
};

/* X(type, number, name, call-end-reason code) */
#define QMI_WDS_REASONS(X)                                                      \
	X(3GPP, 8, "operator-determined-barring", 1012)                          \
	X(3GPP, 25, "llc-sndcp-failure", 0)                                      \
	X(3GPP, 26, "insufficient-resources", 1005)                              \
	X(3GPP, 27, "unknown-apn", 1013)                                         \
	X(3GPP, 28, "unknown-pdp", 1014)                                         \
	X(3GPP, 29, "authentication-failed", 10)                                 \
	X(3GPP, 30, "ggsn-reject", 1015)                                         \
	X(3GPP, 31, "activation-reject", 1016)                                   \
	X(3GPP, 32, "option-not-supported", 1017)                                \
	X(3GPP, 33, "option-unsubscribed", 1018)                                 \
	X(3GPP, 34, "option-temporarily-out-of-order", 0)                        \
	X(3GPP, 35, "nsapi-already-used", 0)                                     \
	X(3GPP, 36, "regular-deactivation", 1008)                                \
	X(3GPP, 37, "qos-not-accepted", 0)                                       \
	X(3GPP, 38, "network-failure", 1009)                                     \
	X(3GPP, 39, "reattach-required", 0)                                      \
	X(3GPP, 40, "feature-not-supported", 0)                                  \
	X(3GPP, 50, "ipv4-only-allowed", 1014)                                   \
	X(3GPP, 51, "ipv6-only-allowed", 1014)                                   \
	X(3GPP, 52, "single-address-bearer-only", 0)                             \
	X(3GPP, 53, "esm-info-not-received", 0)                                  \
	X(3GPP, 54, "pdn-connection-does-not-exist", 0)                          \
	X(3GPP, 55, "multiple-connection-to-same-pdn-not-allowed", 0)            \
	X(3GPP, 81, "invalid-transaction-id", 0)                                 \
	X(3GPP, 111, "protocol-error", 0)                                        \
	X(3GPP, 112, "apn-type-conflict", 0)                                     \
	X(3GPP, 115, "emm-access-barred", 0)                                     \
	X(INTERNAL, 201, "internal-error", 11)                                   \
	X(INTERNAL, 202, "call-ended", 0)                                        \
	X(INTERNAL, 203, "internal-unknown-cause-code", 0)                       \
	X(INTERNAL, 204, "unknown-cause-code", 0)                                \
	X(INTERNAL, 205, "close-in-progress", 9)                                 \
	X(INTERNAL, 206, "network-initiated-termination", 0)                     \
	X(INTERNAL, 207, "app-preempted", 0)                                     \
	X(INTERNAL, 208, "pdn-ipv4-call-disallowed", 0)                          \
	X(INTERNAL, 209, "pdn-ipv4-call-throttled", 0)                           \
	X(INTERNAL, 210, "pdn-ipv6-call-disallowed", 0)                          \
	X(INTERNAL, 211, "pdn-ipv6-call-throttled", 0)                           \
	X(INTERNAL, 212, "modem-restart", 0)                                     \
	X(INTERNAL, 213, "pdp-ppp-not-supported", 0)                             \
	X(INTERNAL, 214, "unpreferred-rat", 0)                                   \
	X(INTERNAL, 215, "physical-link-close-in-progress", 0)                   \
	X(INTERNAL, 216, "apn-pending-handover", 0)                              \
	X(INTERNAL, 217, "profile-bearer-incompatible", 0)                       \
	X(INTERNAL, 220, "mandatory-apn-disabled", 0)                            \
	X(CM, 1, "cdma-lock", 0)                                                 \
	X(CM, 2000, "client-end", 2)                                             \
	X(CM, 2001, "no-service", 3)                                             \
	X(CM, 2002, "fade", 4)                                                   \
	X(CM, 2003, "release-normal", 5)                                         \
	X(CM, 2010, "rejected-by-base-station", 0)                               \
	X(CM, 2038, "network-end", 1003)

struct qmi_wds_reason {
	uint16_t type;          /* enum qmi_wds_reason_type */
	int16_t reason;
	const char *name;
	uint16_t call_end;      /* the call-end-reason code sent beside it, 0: none */
};

/* The row of a verbose reason, NULL if not listed. */
const struct qmi_wds_reason *qmi_wds_reason_find(uint16_t type, int16_t reason);
/* The row of a reason name ("regular-deactivation"), NULL if not listed. */
const struct qmi_wds_reason *qmi_wds_reason_by_name(const char *name);
/* The rows, for listing: *n gets their count. */
const struct qmi_wds_reason *qmi_wds_reasons(unsigned *n);

#endif
