/* QMI protocol errors, declared once: the symbol, the number on the wire
 * and the name (as libqmi spells it, which is what qmicli prints). The
 * enum, qmi_error_name() and qmi_error_by_name() and the emulator's answers
 * all derive from this list. */
#ifndef CELLINK_QMI_ERRORS_H
#define CELLINK_QMI_ERRORS_H

#define QMI_ERRORS(X) \
	X(NONE, 0, "none")                                                       \
	X(MALFORMED_MESSAGE, 1, "malformed-message")                             \
	X(NO_MEMORY, 2, "no-memory")                                             \
	X(INTERNAL, 3, "internal")                                               \
	X(ABORTED, 4, "aborted")                                                 \
	X(CLIENT_IDS_EXHAUSTED, 5, "client-ids-exhausted")                       \
	X(UNABORTABLE_TRANSACTION, 6, "unabortable-transaction")                 \
	X(INVALID_CLIENT_ID, 7, "invalid-client-id")                             \
	X(NO_THRESHOLDS_PROVIDED, 8, "no-thresholds-provided")                   \
	X(INVALID_HANDLE, 9, "invalid-handle")                                   \
	X(INVALID_PROFILE, 10, "invalid-profile")                                \
	X(INVALID_PIN_ID, 11, "invalid-pin-id")                                  \
	X(INCORRECT_PIN, 12, "incorrect-pin")                                    \
	X(NO_NETWORK_FOUND, 13, "no-network-found")                              \
	X(CALL_FAILED, 14, "call-failed")                                        \
	X(OUT_OF_CALL, 15, "out-of-call")                                        \
	X(NOT_PROVISIONED, 16, "not-provisioned")                                \
	X(MISSING_ARGUMENT, 17, "missing-argument")                              \
	X(ARGUMENT_TOO_LONG, 19, "argument-too-long")                            \
	X(INVALID_TRANSACTION_ID, 22, "invalid-transaction-id")                  \
	X(DEVICE_IN_USE, 23, "device-in-use")                                    \
	X(NETWORK_UNSUPPORTED, 24, "network-unsupported")                        \
	X(DEVICE_UNSUPPORTED, 25, "device-unsupported")                          \
	X(NO_EFFECT, 26, "no-effect")                                            \
	X(NO_FREE_PROFILE, 27, "no-free-profile")                                \
	X(INVALID_PDP_TYPE, 28, "invalid-pdp-type")                              \
	X(INVALID_TECHNOLOGY_PREFERENCE, 29, "invalid-technology-preference")    \
	X(INVALID_PROFILE_TYPE, 30, "invalid-profile-type")                      \
	X(INVALID_SERVICE_TYPE, 31, "invalid-service-type")                      \
	X(INVALID_REGISTER_ACTION, 32, "invalid-register-action")                \
	X(INVALID_PS_ATTACH_ACTION, 33, "invalid-ps-attach-action")              \
	X(AUTHENTICATION_FAILED, 34, "authentication-failed")                    \
	X(PIN_BLOCKED, 35, "pin-blocked")                                        \
	X(PIN_ALWAYS_BLOCKED, 36, "pin-always-blocked")                          \
	X(UIM_UNINITIALIZED, 37, "uim-uninitialized")                            \
	X(MAXIMUM_QOS_REQUESTS_IN_USE, 38, "maximum-qos-requests-in-use")        \
	X(INCORRECT_FLOW_FILTER, 39, "incorrect-flow-filter")                    \
	X(NETWORK_QOS_UNAWARE, 40, "network-qos-unaware")                        \
	X(INVALID_QOS_ID, 41, "invalid-qos-id")                                  \
	X(REQUESTED_NUMBER_UNSUPPORTED, 42, "requested-number-unsupported")      \
	X(INTERFACE_NOT_FOUND, 43, "interface-not-found")                        \
	X(FLOW_SUSPENDED, 44, "flow-suspended")                                  \
	X(INVALID_DATA_FORMAT, 45, "invalid-data-format")                        \
	X(GENERAL_ERROR, 46, "general-error")                                    \
	X(UNKNOWN_ERROR, 47, "unknown-error")                                    \
	X(INVALID_ARGUMENT, 48, "invalid-argument")                              \
	X(INVALID_INDEX, 49, "invalid-index")                                    \
	X(NO_ENTRY, 50, "no-entry")                                              \
	X(DEVICE_STORAGE_FULL, 51, "device-storage-full")                        \
	X(DEVICE_NOT_READY, 52, "device-not-ready")                              \
	X(NETWORK_NOT_READY, 53, "network-not-ready")                            \
	X(WMS_CAUSE_CODE, 54, "wms-cause-code")                                  \
	X(WMS_MESSAGE_NOT_SENT, 55, "wms-message-not-sent")                      \
	X(WMS_MESSAGE_DELIVERY_FAILURE, 56, "wms-message-delivery-failure")      \
	X(WMS_INVALID_MESSAGE_ID, 57, "wms-invalid-message-id")                  \
	X(WMS_ENCODING, 58, "wms-encoding")                                      \
	X(AUTHENTICATION_LOCK, 59, "authentication-lock")                        \
	X(INVALID_TRANSITION, 60, "invalid-transition")                          \
	X(NOT_MCAST_INTERFACE, 61, "not-mcast-interface")                        \
	X(MAXIMUM_MCAST_REQUESTS_IN_USE, 62, "maximum-mcast-requests-in-use")    \
	X(INVALID_MCAST_HANDLE, 63, "invalid-mcast-handle")                      \
	X(INVALID_IP_FAMILY_PREFERENCE, 64, "invalid-ip-family-preference")      \
	X(SESSION_INACTIVE, 65, "session-inactive")                              \
	X(SESSION_INVALID, 66, "session-invalid")                                \
	X(SESSION_OWNERSHIP, 67, "session-ownership")                            \
	X(INSUFFICIENT_RESOURCES, 68, "insufficient-resources")                  \
	X(DISABLED, 69, "disabled")                                              \
	X(INVALID_OPERATION, 70, "invalid-operation")                            \
	X(INVALID_QMI_COMMAND, 71, "invalid-qmi-command")                        \
	X(WMS_T_PDU_TYPE, 72, "wms-t-pdu-type")                                  \
	X(WMS_SMSC_ADDRESS, 73, "wms-smsc-address")                              \
	X(INFORMATION_UNAVAILABLE, 74, "information-unavailable")                \
	X(SEGMENT_TOO_LONG, 75, "segment-too-long")                              \
	X(SEGMENT_ORDER, 76, "segment-order")                                    \
	X(BUNDLING_NOT_SUPPORTED, 77, "bundling-not-supported")                  \
	X(OPERATION_PARTIAL_FAILURE, 78, "operation-partial-failure")            \
	X(POLICY_MISMATCH, 79, "policy-mismatch")                                \
	X(SIM_FILE_NOT_FOUND, 80, "sim-file-not-found")                          \
	X(EXTENDED_INTERNAL, 81, "extended-internal")                            \
	X(ACCESS_DENIED, 82, "access-denied")                                    \
	X(HARDWARE_RESTRICTED, 83, "hardware-restricted")                        \
	X(ACK_NOT_SENT, 84, "ack-not-sent")                                      \
	X(INJECT_TIMEOUT, 85, "inject-timeout")                                  \
	X(INCOMPATIBLE_STATE, 90, "incompatible-state")                          \
	X(FDN_RESTRICT, 91, "fdn-restrict")                                      \
	X(SUPS_FAILURE_CASE, 92, "sups-failure-case")                            \
	X(NO_RADIO, 93, "no-radio")                                              \
	X(NOT_SUPPORTED, 94, "not-supported")                                    \
	X(NO_SUBSCRIPTION, 95, "no-subscription")                                \
	X(CARD_CALL_CONTROL_FAILED, 96, "card-call-control-failed")              \
	X(NETWORK_ABORTED, 97, "network-aborted")                                \
	X(MSG_BLOCKED, 98, "msg-blocked")                                        \
	X(INVALID_SESSION_TYPE, 100, "invalid-session-type")                     \
	X(INVALID_PB_TYPE, 101, "invalid-pb-type")                               \
	X(NO_SIM, 102, "no-sim")                                                 \
	X(PB_NOT_READY, 103, "pb-not-ready")                                     \
	X(PIN_RESTRICTION, 104, "pin-restriction")                               \
	X(PIN2_RESTRICTION, 105, "pin2-restriction")                             \
	X(PUK_RESTRICTION, 106, "puk-restriction")                               \
	X(PUK2_RESTRICTION, 107, "puk2-restriction")                             \
	X(PB_ACCESS_RESTRICTED, 108, "pb-access-restricted")                     \
	X(PB_DELETE_IN_PROGRESS, 109, "pb-delete-in-progress")                   \
	X(PB_TEXT_TOO_LONG, 110, "pb-text-too-long")                             \
	X(PB_NUMBER_TOO_LONG, 111, "pb-number-too-long")                         \
	X(PB_HIDDEN_KEY_RESTRICTION, 112, "pb-hidden-key-restriction")           \
	X(PB_NOT_AVAILABLE, 113, "pb-not-available")                             \
	X(DEVICE_MEMORY_ERROR, 114, "device-memory-error")                       \
	X(NO_PERMISSION, 115, "no-permission")                                   \
	X(TOO_SOON, 116, "too-soon")                                             \
	X(TIME_NOT_ACQUIRED, 117, "time-not-acquired")                           \
	X(OPERATION_IN_PROGRESS, 118, "operation-in-progress")                   \
	X(FW_WRITE_FAILED, 388, "fw-write-failed")                               \
	X(FW_INFO_READ_FAILED, 389, "fw-info-read-failed")                       \
	X(FW_FILE_NOT_FOUND, 390, "fw-file-not-found")                           \
	X(FW_DIR_NOT_FOUND, 391, "fw-dir-not-found")                             \
	X(FW_ALREADY_ACTIVATED, 392, "fw-already-activated")                     \
	X(FW_CANNOT_GENERIC_IMAGE, 393, "fw-cannot-generic-image")               \
	X(FW_FILE_OPEN_FAILED, 400, "fw-file-open-failed")                       \
	X(FW_UPDATE_DISCONTINUOUS_FRAME, 401, "fw-update-discontinuous-frame")   \
	X(FW_UPDATE_FAILED, 402, "fw-update-failed")                             \
	X(CAT_EVENT_REGISTRATION_FAILED, 61441, "cat-event-registration-failed") \
	X(CAT_INVALID_TERMINAL_RESPONSE, 61442, "cat-invalid-terminal-response") \
	X(CAT_INVALID_ENVELOPE_COMMAND, 61443, "cat-invalid-envelope-command")   \
	X(CAT_ENVELOPE_COMMAND_BUSY, 61444, "cat-envelope-command-busy")         \
	X(CAT_ENVELOPE_COMMAND_FAILED, 61445, "cat-envelope-command-failed")

enum qmi_error {
#define QMI_ERROR_ENUM(sym, num, name) QMI_ERR_##sym = num,
	QMI_ERRORS(QMI_ERROR_ENUM)
#undef QMI_ERROR_ENUM
};

#endif
