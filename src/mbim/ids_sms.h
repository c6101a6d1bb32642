/* MBIM 1.0's SMS and USSD services, declared once in the forms of ids.h
 * (which includes this file and lists these blocks in its own).
 *
 * cellink speaks the PDU format only (3GPP TS 23.040 PDUs, coded by
 * src/sms); the CDMA text records are not declared. Facts come from the
 * MBIM 1.0 specification and libmbim's service descriptions;
 * test_mbim_libmbim checks the bytes against libmbim-glib.
 */
#ifndef CELLINK_MBIM_IDS_SMS_H
#define CELLINK_MBIM_IDS_SMS_H

/* ---- services ---- */
#define MBIM_SMS_SERVICES(X)                                                        \
	X(SMS, 0x53, 0x3f, 0xbe, 0xeb, 0x14, 0xfe, 0x44, 0x67,                      \
	  0x9f, 0x90, 0x33, 0xa2, 0x23, 0xe5, 0x6c, 0x3f)                           \
	X(USSD, 0xe5, 0x50, 0xa0, 0xc8, 0x5e, 0x82, 0x47, 0x9e,                     \
	  0x82, 0xf7, 0x10, 0xab, 0xf4, 0xc3, 0x35, 0x1f)

/* ---- CIDs ---- */
#define MBIM_SMS_CIDS(X)                                                            \
	X(SMS, CONFIGURATION, 1, sms_configuration_set, empty,                      \
	  sms_configuration_info, sms_configuration_info)                           \
	X(SMS, READ, 2, none, sms_read_query, sms_read_info, sms_read_info)         \
	X(SMS, SEND, 3, sms_send_set, none, sms_send_info, none)                    \
	X(SMS, DELETE, 4, sms_delete_set, none, empty, none)                        \
	X(SMS, MESSAGE_STORE_STATUS, 5, none, empty, sms_store_status_info,         \
	  sms_store_status_info)
#define MBIM_USSD_CIDS(X) X(USSD, USSD, 1, ussd_set, none, ussd_info, ussd_info)

#define MBIM_SMS_ALL_CIDS(X) MBIM_SMS_CIDS(X) MBIM_USSD_CIDS(X)

/* ---- named values ---- */
#define MBIM_SMS_ENUMS(X)                                                           \
	X(SMS_STORAGE_STATE, 0) X(SMS_FORMAT, 0) X(SMS_FLAG, 0) X(SMS_STATUS, 0)    \
	X(SMS_STATUS_FLAG, 1) X(USSD_ACTION, 0) X(USSD_RESPONSE, 0)                 \
	X(USSD_SESSION_STATE, 0)

#define MBIM_E_SMS_STORAGE_STATE(X)                                                 \
	X(SMS_STORAGE_STATE, NOT_INITIALIZED, 0) X(SMS_STORAGE_STATE, INITIALIZED, 1)
#define MBIM_E_SMS_FORMAT(X) X(SMS_FORMAT, PDU, 0) X(SMS_FORMAT, CDMA, 1)
/* Which messages a read or delete is about. */
#define MBIM_E_SMS_FLAG(X)                                                          \
	X(SMS_FLAG, ALL, 0) X(SMS_FLAG, INDEX, 1) X(SMS_FLAG, NEW, 2)               \
	X(SMS_FLAG, OLD, 3) X(SMS_FLAG, SENT, 4) X(SMS_FLAG, DRAFT, 5)
#define MBIM_E_SMS_STATUS(X)                                                        \
	X(SMS_STATUS, NEW, 0) X(SMS_STATUS, OLD, 1) X(SMS_STATUS, DRAFT, 2)         \
	X(SMS_STATUS, SENT, 3)
#define MBIM_E_SMS_STATUS_FLAG(X)                                                   \
	X(SMS_STATUS_FLAG, MESSAGE_STORE_FULL, 1) X(SMS_STATUS_FLAG, NEW_MESSAGE, 2)
#define MBIM_E_USSD_ACTION(X)                                                       \
	X(USSD_ACTION, INITIATE, 0) X(USSD_ACTION, CONTINUE, 1) X(USSD_ACTION, CANCEL, 2)
#define MBIM_E_USSD_RESPONSE(X)                                                     \
	X(USSD_RESPONSE, NO_ACTION_REQUIRED, 0) X(USSD_RESPONSE, ACTION_REQUIRED, 1) \
	X(USSD_RESPONSE, TERMINATED_BY_NETWORK, 2)                                  \
	X(USSD_RESPONSE, OTHER_LOCAL_CLIENT, 3)                                     \
	X(USSD_RESPONSE, OPERATION_NOT_SUPPORTED, 4)                                \
	X(USSD_RESPONSE, NETWORK_TIMEOUT, 5)
#define MBIM_E_USSD_SESSION_STATE(X)                                                \
	X(USSD_SESSION_STATE, NEW_SESSION, 0) X(USSD_SESSION_STATE, EXISTING_SESSION, 1)

/* ---- information buffers (elements first) ---- */
#define MBIM_SMS_BUFFERS(X)                                                         \
	X(sms_configuration_set) X(sms_configuration_info) X(sms_read_query)        \
	X(sms_pdu_record) X(sms_read_info) X(sms_pdu_send) X(sms_send_set)          \
	X(sms_send_info) X(sms_delete_set) X(sms_store_status_info) X(ussd_set)     \
	X(ussd_info)

#define MBIM_B_sms_configuration_set(F, S)                                             \
	F(S, format, E32, SMS_FORMAT, 0) F(S, sc_address, STR, _, PERSONAL)
#define MBIM_B_sms_configuration_info(F, S)                                            \
	F(S, sms_storage_state, E32, SMS_STORAGE_STATE, 0)                             \
	F(S, format, E32, SMS_FORMAT, 0) F(S, max_messages, U32, _, 0)                    \
	F(S, cdma_short_message_size, U32, _, 0) F(S, sc_address, STR, _, PERSONAL)
#define MBIM_B_sms_read_query(F, S)                                                    \
	F(S, format, E32, SMS_FORMAT, 0) F(S, flag, E32, SMS_FLAG, 0)                     \
	F(S, message_index, U32, _, 0)
/* One stored message: its index, status and TS 23.040 PDU (with the
 * service centre address in front, as on the SIM). */
#define MBIM_B_sms_pdu_record(F, S)                                                    \
	F(S, message_index, U32, _, 0) F(S, message_status, E32, SMS_STATUS, 0)           \
	F(S, pdu, RBYTES, _, PERSONAL)
#define MBIM_B_sms_read_info(F, S)                                                     \
	F(S, format, E32, SMS_FORMAT, 0) F(S, messages, REFARR, sms_pdu_record, 0)
/* The PDU to send sits inline after the format, its offset counted from
 * the start of this record. */
#define MBIM_B_sms_pdu_send(F, S) F(S, pdu, RBYTES, _, PERSONAL)
#define MBIM_B_sms_send_set(F, S)                                                      \
	F(S, format, E32, SMS_FORMAT, 0) F(S, pdu_message, STRUCT, sms_pdu_send, 0)
#define MBIM_B_sms_send_info(F, S) F(S, message_reference, U32, _, 0)
#define MBIM_B_sms_delete_set(F, S) F(S, flag, E32, SMS_FLAG, 0) F(S, message_index, U32, _, 0)
#define MBIM_B_sms_store_status_info(F, S)                                             \
	F(S, flag, E32, SMS_STATUS_FLAG, 0) F(S, message_index, U32, _, 0)
/* The USSD string in the coding its data_coding_scheme (TS 23.038) names. */
#define MBIM_B_ussd_set(F, S)                                                          \
	F(S, action, E32, USSD_ACTION, 0) F(S, data_coding_scheme, U32, _, 0)             \
	F(S, payload, RBYTES, _, 0)
#define MBIM_B_ussd_info(F, S)                                                         \
	F(S, response, E32, USSD_RESPONSE, 0)                                          \
	F(S, session_state, E32, USSD_SESSION_STATE, 0)                                \
	F(S, data_coding_scheme, U32, _, 0) F(S, payload, RBYTES, _, 0)

#endif
