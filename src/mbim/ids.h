/* The MBIM services, CIDs, named values and information buffers cellink
 * knows, each declared once.
 *
 * Facts come from the MBIM 1.0 specification (USB-IF) and libmbim's service
 * descriptions; the names are ours in C form and become kebab-case in print
 * (DEVICE_CAPS -> device-caps, ready_state -> ready-state).
 *
 * Information buffers are lists of fields: F(S, member, KIND, ARG, FLAGS)
 * (S stands for the buffer's own name)
 *   U32, U64     little-endian integers (ARG unused: _)
 *   E32(enum)    u32 with named values: ARG names a MBIM_E_<ENUM> list
 *   UUID         16 bytes, in the byte order the UUID is written
 *   STR          offset/size pair to UTF-16LE text (UTF-8 in the struct)
 *   IPV4, IPV6   4 or 16 address bytes, network order
 *   BYTES        the rest of the buffer, raw
 *   RBYTES       offset/size pair to raw bytes
 *   STRUCT(t)    a struct inline; one with a variable part only as the
 *                last field (its offsets count from its own start)
 *   ARR(t)       u32 count, u32 offset to that many fixed-size t's
 *   REFARR(t)    u32 count, then count offset/size pairs, each to one t
 *                (offsets inside a t count from the start of that t)
 *   STRS         u32 count, then count offset/size pairs to strings
 *   U32S         u32 count, then that many u32 inline
 *   OPT(t)       u32 offset to one fixed-size t, 0 when absent
 *   COUNT        u32 count of the REFLIST that follows it (not at once:
 *                other fields may come between, as in device services)
 *   REFLIST(t)   offset/size pairs, each to one t, as many as the COUNT
 *                before it says (REFARR with its count elsewhere)
 * FLAGS: 0, PERSONAL (redacted on request), SECRET (hidden unless asked),
 * QMUX (raw bytes that are a QMUX frame, printed by the QMI core).
 * Each list becomes struct mbim_<name> (members of the C types in mbim.h)
 * and the table mbim_<name>_def that the codec and printers walk.
 */
#ifndef CELLINK_MBIM_IDS_H
#define CELLINK_MBIM_IDS_H

#include "mbim/ids_ms.h"
#include "mbim/ids_sms.h"

/* ---- services: X(SYM, 16 UUID bytes) ---- */
#define MBIM_SERVICES(X)                                                            \
	X(BASIC_CONNECT, 0xa2, 0x89, 0xcc, 0x33, 0xbc, 0xbb, 0x8b, 0x4f,            \
	  0xb6, 0xb0, 0x13, 0x3e, 0xc2, 0xaa, 0xe6, 0xdf)                           \
	X(QMI, 0xd1, 0xa3, 0x0b, 0xc2, 0xf9, 0x7a, 0x6e, 0x43,                      \
	  0xbf, 0x65, 0xc7, 0xe2, 0x4f, 0xb0, 0xf0, 0xd3)                           \
	MBIM_MS_SERVICES(X) MBIM_SMS_SERVICES(X)

/* ---- CIDs: X(SERVICE, SYM, cid, SET, QUERY, RESPONSE, NOTIFY) ----
 * The last four name the information buffer of a set request, a query
 * request, a COMMAND_DONE and an INDICATE_STATUS: `none` when the CID has no
 * such message, `empty` for a zero-length buffer. */
#define MBIM_BASIC_CONNECT_CIDS(X)                                                  \
	X(BASIC_CONNECT, DEVICE_CAPS, 1, none, empty, device_caps_info, none)       \
	X(BASIC_CONNECT, SUBSCRIBER_READY_STATUS, 2, none, empty,                   \
	  subscriber_ready_status_info, subscriber_ready_status_info)               \
	X(BASIC_CONNECT, RADIO_STATE, 3, radio_state_set, empty, radio_state_info,  \
	  radio_state_info)                                                         \
	X(BASIC_CONNECT, PIN, 4, pin_set, empty, pin_info, none)                    \
	X(BASIC_CONNECT, PIN_LIST, 5, none, empty, pin_list_info, none)             \
	X(BASIC_CONNECT, HOME_PROVIDER, 6, provider, empty, provider, none)         \
	X(BASIC_CONNECT, REGISTER_STATE, 9, register_state_set, empty,              \
	  registration_state_info, registration_state_info)                         \
	X(BASIC_CONNECT, PACKET_SERVICE, 10, packet_service_set, empty,             \
	  packet_service_info, packet_service_info)                                 \
	X(BASIC_CONNECT, SIGNAL_STATE, 11, signal_state_set, empty,                 \
	  signal_state_info, signal_state_info)                                     \
	X(BASIC_CONNECT, CONNECT, 12, connect_set, connect_info, connect_info,      \
	  connect_info)                                                             \
	X(BASIC_CONNECT, PROVISIONED_CONTEXTS, 13, provisioned_contexts_set, empty, \
	  provisioned_contexts_info, provisioned_contexts_info)                     \
	X(BASIC_CONNECT, IP_CONFIGURATION, 15, none, ip_configuration_info,         \
	  ip_configuration_info, ip_configuration_info)                             \
	X(BASIC_CONNECT, DEVICE_SERVICES, 16, none, empty, device_services_info,   \
	  none)                                                                     \
	X(BASIC_CONNECT, DEVICE_SERVICE_SUBSCRIBE_LIST, 19, event_list, none,       \
	  event_list, none)                                                         \
	X(BASIC_CONNECT, NETWORK_IDLE_HINT, 21, network_idle_hint,                  \
	  empty, network_idle_hint, none)

/* Qualcomm's QMI-over-MBIM service: one CID whose buffer is a QMUX frame. */
#define MBIM_QMI_CIDS(X) X(QMI, MSG, 1, qmi_msg, none, qmi_msg, qmi_msg)

#define MBIM_ALL_CIDS(X) MBIM_BASIC_CONNECT_CIDS(X) MBIM_QMI_CIDS(X) MBIM_MS_ALL_CIDS(X) \
	MBIM_SMS_ALL_CIDS(X)

/* ---- named values: X(ENUM, SYM, value); MBIM_ENUMS(X) lists them with
 * whether their values are bits ---- */
#define MBIM_ENUMS(X)                                                               \
	X(STATUS, 0) X(PROTOCOL_ERROR, 0) X(DEVICE_TYPE, 0) X(CELLULAR_CLASS, 1)    \
	X(VOICE_CLASS, 0) X(SIM_CLASS, 1) X(DATA_CLASS, 1) X(SMS_CAPS, 1)           \
	X(CTRL_CAPS, 1) X(READY_STATE, 0) X(READY_INFO, 1) X(RADIO_SWITCH, 0)       \
	X(PIN_TYPE, 0) X(PIN_STATE, 0) X(PIN_OPERATION, 0) X(PIN_MODE, 0)           \
	X(PIN_FORMAT, 0) X(PROVIDER_STATE, 1) X(REGISTER_ACTION, 0)                 \
	X(REGISTER_STATE, 0) X(REGISTER_MODE, 0) X(REGISTRATION_FLAGS, 1)           \
	X(NW_ERROR, 0) X(PACKET_SERVICE_ACTION, 0) X(PACKET_SERVICE_STATE, 0)       \
	X(ACTIVATION_COMMAND, 0) X(ACTIVATION_STATE, 0) X(VOICE_CALL_STATE, 0)      \
	X(COMPRESSION, 0) X(AUTH_PROTOCOL, 0) X(CONTEXT_IP_TYPE, 0)                 \
	X(IP_CONFIGURATION_AVAILABLE, 1) X(NETWORK_IDLE_HINT_STATE, 0)              \
	X(COMMAND_TYPE, 0) X(MESSAGE_TYPE, 0) MBIM_MS_ENUMS(X)        \
	MBIM_SMS_ENUMS(X)

#define MBIM_E_MESSAGE_TYPE(X)                                                      \
	X(MESSAGE_TYPE, OPEN, 0x00000001) X(MESSAGE_TYPE, CLOSE, 0x00000002)        \
	X(MESSAGE_TYPE, COMMAND, 0x00000003) X(MESSAGE_TYPE, HOST_ERROR, 0x00000004) \
	X(MESSAGE_TYPE, OPEN_DONE, 0x80000001) X(MESSAGE_TYPE, CLOSE_DONE, 0x80000002) \
	X(MESSAGE_TYPE, COMMAND_DONE, 0x80000003)                                   \
	X(MESSAGE_TYPE, FUNCTION_ERROR, 0x80000004)                                 \
	X(MESSAGE_TYPE, INDICATE_STATUS, 0x80000007)
#define MBIM_E_COMMAND_TYPE(X) X(COMMAND_TYPE, QUERY, 0) X(COMMAND_TYPE, SET, 1)
/* Status of OPEN_DONE, CLOSE_DONE and COMMAND_DONE. */
#define MBIM_E_STATUS(X)                                                            \
	X(STATUS, SUCCESS, 0) X(STATUS, BUSY, 1) X(STATUS, FAILURE, 2)              \
	X(STATUS, SIM_NOT_INSERTED, 3) X(STATUS, BAD_SIM, 4)                        \
	X(STATUS, PIN_REQUIRED, 5) X(STATUS, PIN_DISABLED, 6)                       \
	X(STATUS, NOT_REGISTERED, 7) X(STATUS, PROVIDERS_NOT_FOUND, 8)              \
	X(STATUS, NO_DEVICE_SUPPORT, 9) X(STATUS, PROVIDER_NOT_VISIBLE, 10)         \
	X(STATUS, DATA_CLASS_NOT_AVAILABLE, 11)                                     \
	X(STATUS, PACKET_SERVICE_DETACHED, 12)                                      \
	X(STATUS, MAX_ACTIVATED_CONTEXTS, 13) X(STATUS, NOT_INITIALIZED, 14)        \
	X(STATUS, VOICE_CALL_IN_PROGRESS, 15) X(STATUS, CONTEXT_NOT_ACTIVATED, 16)  \
	X(STATUS, SERVICE_NOT_ACTIVATED, 17) X(STATUS, INVALID_ACCESS_STRING, 18)   \
	X(STATUS, INVALID_USER_NAME_PWD, 19) X(STATUS, RADIO_POWER_OFF, 20)         \
	X(STATUS, INVALID_PARAMETERS, 21) X(STATUS, READ_FAILURE, 22)               \
	X(STATUS, WRITE_FAILURE, 23) X(STATUS, NO_PHONEBOOK, 25)                    \
	X(STATUS, PARAMETER_TOO_LONG, 26) X(STATUS, STK_BUSY, 27)                   \
	X(STATUS, OPERATION_NOT_ALLOWED, 28) X(STATUS, MEMORY_FAILURE, 29)          \
	X(STATUS, INVALID_MEMORY_INDEX, 30) X(STATUS, MEMORY_FULL, 31)              \
	X(STATUS, FILTER_NOT_SUPPORTED, 32) X(STATUS, DSS_INSTANCE_LIMIT, 33)       \
	X(STATUS, INVALID_DEVICE_SERVICE_OPERATION, 34)
/* ErrorStatusCode of HOST_ERROR and FUNCTION_ERROR. */
#define MBIM_E_PROTOCOL_ERROR(X)                                                    \
	X(PROTOCOL_ERROR, TIMEOUT_FRAGMENT, 1)                                      \
	X(PROTOCOL_ERROR, FRAGMENT_OUT_OF_SEQUENCE, 2)                              \
	X(PROTOCOL_ERROR, LENGTH_MISMATCH, 3) X(PROTOCOL_ERROR, DUPLICATED_TID, 4)  \
	X(PROTOCOL_ERROR, NOT_OPENED, 5) X(PROTOCOL_ERROR, UNKNOWN, 6)              \
	X(PROTOCOL_ERROR, CANCEL, 7) X(PROTOCOL_ERROR, MAX_TRANSFER, 8)
#define MBIM_E_DEVICE_TYPE(X)                                                       \
	X(DEVICE_TYPE, UNKNOWN, 0) X(DEVICE_TYPE, EMBEDDED, 1)                      \
	X(DEVICE_TYPE, REMOVABLE, 2) X(DEVICE_TYPE, REMOTE, 3)
#define MBIM_E_CELLULAR_CLASS(X) X(CELLULAR_CLASS, GSM, 1) X(CELLULAR_CLASS, CDMA, 2)
#define MBIM_E_VOICE_CLASS(X)                                                       \
	X(VOICE_CLASS, UNKNOWN, 0) X(VOICE_CLASS, NO_VOICE, 1)                      \
	X(VOICE_CLASS, SEPARATED_VOICE_DATA, 2) X(VOICE_CLASS, SIMULTANEOUS_VOICE_DATA, 3)
#define MBIM_E_SIM_CLASS(X) X(SIM_CLASS, LOGICAL, 1) X(SIM_CLASS, REMOVABLE, 2)
#define MBIM_E_DATA_CLASS(X)                                                        \
	X(DATA_CLASS, GPRS, 0x1) X(DATA_CLASS, EDGE, 0x2) X(DATA_CLASS, UMTS, 0x4)  \
	X(DATA_CLASS, HSDPA, 0x8) X(DATA_CLASS, HSUPA, 0x10) X(DATA_CLASS, LTE, 0x20) \
	X(DATA_CLASS, 5G_NSA, 0x40) X(DATA_CLASS, 5G_SA, 0x80)                      \
	X(DATA_CLASS, 1XRTT, 0x10000) X(DATA_CLASS, 1XEVDO, 0x20000)                \
	X(DATA_CLASS, 1XEVDO_REVA, 0x40000) X(DATA_CLASS, 1XEVDV, 0x80000)          \
	X(DATA_CLASS, 3XRTT, 0x100000) X(DATA_CLASS, 1XEVDO_REVB, 0x200000)         \
	X(DATA_CLASS, UMB, 0x400000) X(DATA_CLASS, CUSTOM, 0x80000000)
#define MBIM_E_SMS_CAPS(X)                                                          \
	X(SMS_CAPS, PDU_RECEIVE, 1) X(SMS_CAPS, PDU_SEND, 2)                        \
	X(SMS_CAPS, TEXT_RECEIVE, 4) X(SMS_CAPS, TEXT_SEND, 8)
#define MBIM_E_CTRL_CAPS(X)                                                         \
	X(CTRL_CAPS, REG_MANUAL, 0x1) X(CTRL_CAPS, HW_RADIO_SWITCH, 0x2)            \
	X(CTRL_CAPS, CDMA_MOBILE_IP, 0x4) X(CTRL_CAPS, CDMA_SIMPLE_IP, 0x8)         \
	X(CTRL_CAPS, MULTI_CARRIER, 0x10)
#define MBIM_E_READY_STATE(X)                                                       \
	X(READY_STATE, NOT_INITIALIZED, 0) X(READY_STATE, INITIALIZED, 1)           \
	X(READY_STATE, SIM_NOT_INSERTED, 2) X(READY_STATE, BAD_SIM, 3)              \
	X(READY_STATE, FAILURE, 4) X(READY_STATE, NOT_ACTIVATED, 5)                 \
	X(READY_STATE, DEVICE_LOCKED, 6)
#define MBIM_E_READY_INFO(X) X(READY_INFO, PROTECT_UNIQUE_ID, 1)
#define MBIM_E_RADIO_SWITCH(X) X(RADIO_SWITCH, OFF, 0) X(RADIO_SWITCH, ON, 1)
#define MBIM_E_PIN_TYPE(X)                                                          \
	X(PIN_TYPE, UNKNOWN, 0) X(PIN_TYPE, CUSTOM, 1) X(PIN_TYPE, PIN1, 2)         \
	X(PIN_TYPE, PIN2, 3) X(PIN_TYPE, DEVICE_SIM_PIN, 4)                         \
	X(PIN_TYPE, DEVICE_FIRST_SIM_PIN, 5) X(PIN_TYPE, NETWORK_PIN, 6)            \
	X(PIN_TYPE, NETWORK_SUBSET_PIN, 7) X(PIN_TYPE, SERVICE_PROVIDER_PIN, 8)     \
	X(PIN_TYPE, CORPORATE_PIN, 9) X(PIN_TYPE, SUBSIDY_PIN, 10)                  \
	X(PIN_TYPE, PUK1, 11) X(PIN_TYPE, PUK2, 12)                                 \
	X(PIN_TYPE, DEVICE_FIRST_SIM_PUK, 13) X(PIN_TYPE, NETWORK_PUK, 14)          \
	X(PIN_TYPE, NETWORK_SUBSET_PUK, 15) X(PIN_TYPE, SERVICE_PROVIDER_PUK, 16)   \
	X(PIN_TYPE, CORPORATE_PUK, 17)
#define MBIM_E_PIN_STATE(X) X(PIN_STATE, UNLOCKED, 0) X(PIN_STATE, LOCKED, 1)
#define MBIM_E_PIN_OPERATION(X)                                                     \
	X(PIN_OPERATION, ENTER, 0) X(PIN_OPERATION, ENABLE, 1)                      \
	X(PIN_OPERATION, DISABLE, 2) X(PIN_OPERATION, CHANGE, 3)
#define MBIM_E_PIN_MODE(X)                                                          \
	X(PIN_MODE, NOT_SUPPORTED, 0) X(PIN_MODE, ENABLED, 1) X(PIN_MODE, DISABLED, 2)
#define MBIM_E_PIN_FORMAT(X)                                                        \
	X(PIN_FORMAT, UNKNOWN, 0) X(PIN_FORMAT, NUMERIC, 1) X(PIN_FORMAT, ALPHANUMERIC, 2)
#define MBIM_E_PROVIDER_STATE(X)                                                    \
	X(PROVIDER_STATE, HOME, 0x1) X(PROVIDER_STATE, FORBIDDEN, 0x2)              \
	X(PROVIDER_STATE, PREFERRED, 0x4) X(PROVIDER_STATE, VISIBLE, 0x8)           \
	X(PROVIDER_STATE, REGISTERED, 0x10) X(PROVIDER_STATE, PREFERRED_MULTICARRIER, 0x20)
#define MBIM_E_REGISTER_ACTION(X)                                                   \
	X(REGISTER_ACTION, AUTOMATIC, 0) X(REGISTER_ACTION, MANUAL, 1)
#define MBIM_E_REGISTER_STATE(X)                                                    \
	X(REGISTER_STATE, UNKNOWN, 0) X(REGISTER_STATE, DEREGISTERED, 1)            \
	X(REGISTER_STATE, SEARCHING, 2) X(REGISTER_STATE, HOME, 3)                  \
	X(REGISTER_STATE, ROAMING, 4) X(REGISTER_STATE, PARTNER, 5)                 \
	X(REGISTER_STATE, DENIED, 6)
#define MBIM_E_REGISTER_MODE(X)                                                     \
	X(REGISTER_MODE, UNKNOWN, 0) X(REGISTER_MODE, AUTOMATIC, 1)                 \
	X(REGISTER_MODE, MANUAL, 2)
#define MBIM_E_REGISTRATION_FLAGS(X)                                                \
	X(REGISTRATION_FLAGS, MANUAL_SELECTION_NOT_AVAILABLE, 1)                    \
	X(REGISTRATION_FLAGS, PACKET_SERVICE_AUTOMATIC_ATTACH, 2)
/* 3GPP TS 24.008 cause values, as MBIM carries them. */
#define MBIM_E_NW_ERROR(X)                                                          \
	X(NW_ERROR, NONE, 0) X(NW_ERROR, IMSI_UNKNOWN_IN_HLR, 2)                    \
	X(NW_ERROR, ILLEGAL_MS, 3) X(NW_ERROR, IMSI_UNKNOWN_IN_VLR, 4)              \
	X(NW_ERROR, IMEI_NOT_ACCEPTED, 5) X(NW_ERROR, ILLEGAL_ME, 6)                \
	X(NW_ERROR, GPRS_NOT_ALLOWED, 7) X(NW_ERROR, GPRS_AND_NON_GPRS_NOT_ALLOWED, 8) \
	X(NW_ERROR, PLMN_NOT_ALLOWED, 11) X(NW_ERROR, LOCATION_AREA_NOT_ALLOWED, 12) \
	X(NW_ERROR, ROAMING_NOT_ALLOWED_IN_LOCATION_AREA, 13)                       \
	X(NW_ERROR, GPRS_NOT_ALLOWED_IN_PLMN, 14)                                   \
	X(NW_ERROR, NO_CELLS_IN_LOCATION_AREA, 15) X(NW_ERROR, NETWORK_FAILURE, 17) \
	X(NW_ERROR, CONGESTION, 22) X(NW_ERROR, MISSING_OR_UNKNOWN_APN, 27)         \
	X(NW_ERROR, UNKNOWN_PDP_ADDRESS_OR_TYPE, 28)                                \
	X(NW_ERROR, USER_AUTHENTICATION_FAILED, 29)                                 \
	X(NW_ERROR, ACTIVATION_REJECTED_BY_GGSN_OR_GW, 30)                          \
	X(NW_ERROR, ACTIVATION_REJECTED_UNSPECIFIED, 31)                            \
	X(NW_ERROR, SERVICE_OPTION_NOT_SUPPORTED, 32)                               \
	X(NW_ERROR, REQUESTED_SERVICE_OPTION_NOT_SUBSCRIBED, 33)                    \
	X(NW_ERROR, SERVICE_OPTION_TEMPORARILY_OUT_OF_ORDER, 34)
#define MBIM_E_PACKET_SERVICE_ACTION(X)                                             \
	X(PACKET_SERVICE_ACTION, ATTACH, 0) X(PACKET_SERVICE_ACTION, DETACH, 1)
#define MBIM_E_PACKET_SERVICE_STATE(X)                                              \
	X(PACKET_SERVICE_STATE, UNKNOWN, 0) X(PACKET_SERVICE_STATE, ATTACHING, 1)   \
	X(PACKET_SERVICE_STATE, ATTACHED, 2) X(PACKET_SERVICE_STATE, DETACHING, 3)  \
	X(PACKET_SERVICE_STATE, DETACHED, 4)
#define MBIM_E_ACTIVATION_COMMAND(X)                                                \
	X(ACTIVATION_COMMAND, DEACTIVATE, 0) X(ACTIVATION_COMMAND, ACTIVATE, 1)
#define MBIM_E_ACTIVATION_STATE(X)                                                  \
	X(ACTIVATION_STATE, UNKNOWN, 0) X(ACTIVATION_STATE, ACTIVATED, 1)           \
	X(ACTIVATION_STATE, ACTIVATING, 2) X(ACTIVATION_STATE, DEACTIVATED, 3)      \
	X(ACTIVATION_STATE, DEACTIVATING, 4)
#define MBIM_E_VOICE_CALL_STATE(X)                                                  \
	X(VOICE_CALL_STATE, NONE, 0) X(VOICE_CALL_STATE, IN_PROGRESS, 1)            \
	X(VOICE_CALL_STATE, HANG_UP, 2)
#define MBIM_E_COMPRESSION(X) X(COMPRESSION, NONE, 0) X(COMPRESSION, ENABLE, 1)
#define MBIM_E_AUTH_PROTOCOL(X)                                                     \
	X(AUTH_PROTOCOL, NONE, 0) X(AUTH_PROTOCOL, PAP, 1) X(AUTH_PROTOCOL, CHAP, 2) \
	X(AUTH_PROTOCOL, MSCHAPV2, 3)
#define MBIM_E_CONTEXT_IP_TYPE(X)                                                   \
	X(CONTEXT_IP_TYPE, DEFAULT, 0) X(CONTEXT_IP_TYPE, IPV4, 1)                  \
	X(CONTEXT_IP_TYPE, IPV6, 2) X(CONTEXT_IP_TYPE, IPV4V6, 3)                   \
	X(CONTEXT_IP_TYPE, IPV4_AND_IPV6, 4)
#define MBIM_E_IP_CONFIGURATION_AVAILABLE(X)                                        \
	X(IP_CONFIGURATION_AVAILABLE, ADDRESS, 1) X(IP_CONFIGURATION_AVAILABLE, GATEWAY, 2) \
	X(IP_CONFIGURATION_AVAILABLE, DNS, 4) X(IP_CONFIGURATION_AVAILABLE, MTU, 8)
#define MBIM_E_NETWORK_IDLE_HINT_STATE(X)                                           \
	X(NETWORK_IDLE_HINT_STATE, DISABLED, 0) X(NETWORK_IDLE_HINT_STATE, ENABLED, 1)

/* ---- information buffers: MBIM_BUFFERS(X) lists every struct, elements
 * first; X(name) expands the field list MBIM_B_<name>(F, name) ---- */
#define MBIM_BUFFERS(X)                                                             \
	X(device_caps_info) X(subscriber_ready_status_info) X(radio_state_set)      \
	X(radio_state_info) X(pin_set) X(pin_info) X(pin_desc) X(pin_list_info)     \
	X(provider) X(register_state_set) X(registration_state_info)                \
	X(packet_service_set) X(packet_service_info) X(signal_state_set)            \
	X(signal_state_info) X(connect_set) X(connect_info) X(context)              \
	X(provisioned_contexts_info) X(provisioned_contexts_set) X(ipv4_element)    \
	X(ipv6_element) X(ipv4) X(ipv6) X(ip_configuration_info)                    \
	X(network_idle_hint) X(event_entry) X(event_list) X(qmi_msg)            \
	X(device_service_element) X(device_services_info) MBIM_MS_BUFFERS(X)  \
	MBIM_SMS_BUFFERS(X)

#define MBIM_B_device_caps_info(F, S)                                                  \
	F(S, device_type, E32, DEVICE_TYPE, 0) F(S, cellular_class, E32, CELLULAR_CLASS, 0) \
	F(S, voice_class, E32, VOICE_CLASS, 0) F(S, sim_class, E32, SIM_CLASS, 0)         \
	F(S, data_class, E32, DATA_CLASS, 0) F(S, sms_caps, E32, SMS_CAPS, 0)             \
	F(S, control_caps, E32, CTRL_CAPS, 0) F(S, max_sessions, U32, _, 0)               \
	F(S, custom_data_class, STR, _, 0) F(S, device_id, STR, _, PERSONAL)              \
	F(S, firmware_info, STR, _, 0) F(S, hardware_info, STR, _, 0)
#define MBIM_B_subscriber_ready_status_info(F, S)                                      \
	F(S, ready_state, E32, READY_STATE, 0) F(S, subscriber_id, STR, _, PERSONAL)      \
	F(S, sim_icc_id, STR, _, PERSONAL) F(S, ready_info, E32, READY_INFO, 0)           \
	F(S, telephone_numbers, STRS, _, PERSONAL)
#define MBIM_B_radio_state_set(F, S) F(S, radio_state, E32, RADIO_SWITCH, 0)
#define MBIM_B_radio_state_info(F, S)                                                  \
	F(S, hw_radio_state, E32, RADIO_SWITCH, 0) F(S, sw_radio_state, E32, RADIO_SWITCH, 0)
#define MBIM_B_pin_set(F, S)                                                           \
	F(S, pin_type, E32, PIN_TYPE, 0) F(S, pin_operation, E32, PIN_OPERATION, 0)       \
	F(S, pin, STR, _, SECRET) F(S, new_pin, STR, _, SECRET)
#define MBIM_B_pin_info(F, S)                                                          \
	F(S, pin_type, E32, PIN_TYPE, 0) F(S, pin_state, E32, PIN_STATE, 0)               \
	F(S, remaining_attempts, U32, _, 0)
#define MBIM_B_pin_desc(F, S)                                                          \
	F(S, pin_mode, E32, PIN_MODE, 0) F(S, pin_format, E32, PIN_FORMAT, 0)             \
	F(S, pin_length_min, U32, _, 0) F(S, pin_length_max, U32, _, 0)
#define MBIM_B_pin_list_info(F, S)                                                     \
	F(S, pin1, STRUCT, pin_desc, 0) F(S, pin2, STRUCT, pin_desc, 0)                   \
	F(S, device_sim_pin, STRUCT, pin_desc, 0) F(S, device_first_sim_pin, STRUCT, pin_desc, 0) \
	F(S, network_pin, STRUCT, pin_desc, 0) F(S, network_subset_pin, STRUCT, pin_desc, 0) \
	F(S, service_provider_pin, STRUCT, pin_desc, 0) F(S, corporate_pin, STRUCT, pin_desc, 0) \
	F(S, subsidy_lock, STRUCT, pin_desc, 0) F(S, custom, STRUCT, pin_desc, 0)
#define MBIM_B_provider(F, S)                                                          \
	F(S, provider_id, STR, _, 0) F(S, provider_state, E32, PROVIDER_STATE, 0)         \
	F(S, provider_name, STR, _, 0) F(S, cellular_class, E32, CELLULAR_CLASS, 0)       \
	F(S, rssi, U32, _, 0) F(S, error_rate, U32, _, 0)
#define MBIM_B_register_state_set(F, S)                                                \
	F(S, provider_id, STR, _, 0) F(S, register_action, E32, REGISTER_ACTION, 0)       \
	F(S, data_class, E32, DATA_CLASS, 0)
#define MBIM_B_registration_state_info(F, S)                                           \
	F(S, nw_error, E32, NW_ERROR, 0) F(S, register_state, E32, REGISTER_STATE, 0)     \
	F(S, register_mode, E32, REGISTER_MODE, 0)                                     \
	F(S, available_data_classes, E32, DATA_CLASS, 0)                               \
	F(S, current_cellular_class, E32, CELLULAR_CLASS, 0) F(S, provider_id, STR, _, 0) \
	F(S, provider_name, STR, _, 0) F(S, roaming_text, STR, _, 0)                      \
	F(S, registration_flag, E32, REGISTRATION_FLAGS, 0)
#define MBIM_B_packet_service_set(F, S)                                                \
	F(S, packet_service_action, E32, PACKET_SERVICE_ACTION, 0)
#define MBIM_B_packet_service_info(F, S)                                               \
	F(S, nw_error, E32, NW_ERROR, 0)                                               \
	F(S, packet_service_state, E32, PACKET_SERVICE_STATE, 0)                       \
	F(S, highest_available_data_class, E32, DATA_CLASS, 0)                         \
	F(S, uplink_speed, U64, _, 0) F(S, downlink_speed, U64, _, 0)
#define MBIM_B_signal_state_set(F, S)                                                  \
	F(S, signal_strength_interval, U32, _, 0) F(S, rssi_threshold, U32, _, 0)         \
	F(S, error_rate_threshold, U32, _, 0)
#define MBIM_B_signal_state_info(F, S)                                                 \
	F(S, rssi, U32, _, 0) F(S, error_rate, U32, _, 0)                                 \
	F(S, signal_strength_interval, U32, _, 0) F(S, rssi_threshold, U32, _, 0)         \
	F(S, error_rate_threshold, U32, _, 0)
#define MBIM_B_connect_set(F, S)                                                       \
	F(S, session_id, U32, _, 0) F(S, activation_command, E32, ACTIVATION_COMMAND, 0)  \
	F(S, access_string, STR, _, 0) F(S, user_name, STR, _, 0)                         \
	F(S, password, STR, _, SECRET) F(S, compression, E32, COMPRESSION, 0)             \
	F(S, auth_protocol, E32, AUTH_PROTOCOL, 0) F(S, ip_type, E32, CONTEXT_IP_TYPE, 0) \
	F(S, context_type, UUID, _, 0)
#define MBIM_B_connect_info(F, S)                                                      \
	F(S, session_id, U32, _, 0) F(S, activation_state, E32, ACTIVATION_STATE, 0)      \
	F(S, voice_call_state, E32, VOICE_CALL_STATE, 0)                               \
	F(S, ip_type, E32, CONTEXT_IP_TYPE, 0) F(S, context_type, UUID, _, 0)             \
	F(S, nw_error, E32, NW_ERROR, 0)
#define MBIM_B_context(F, S)                                                           \
	F(S, context_id, U32, _, 0) F(S, context_type, UUID, _, 0)                        \
	F(S, access_string, STR, _, 0) F(S, user_name, STR, _, 0)                         \
	F(S, password, STR, _, SECRET) F(S, compression, E32, COMPRESSION, 0)             \
	F(S, auth_protocol, E32, AUTH_PROTOCOL, 0)
#define MBIM_B_provisioned_contexts_info(F, S) F(S, contexts, REFARR, context, 0)
#define MBIM_B_provisioned_contexts_set(F, S)                                          \
	F(S, context_id, U32, _, 0) F(S, context_type, UUID, _, 0)                        \
	F(S, access_string, STR, _, 0) F(S, user_name, STR, _, 0)                         \
	F(S, password, STR, _, SECRET) F(S, compression, E32, COMPRESSION, 0)             \
	F(S, auth_protocol, E32, AUTH_PROTOCOL, 0) F(S, provider_id, STR, _, 0)
#define MBIM_B_ipv4_element(F, S) F(S, on_link_prefix_length, U32, _, 0) F(S, address, IPV4, _, 0)
#define MBIM_B_ipv6_element(F, S) F(S, on_link_prefix_length, U32, _, 0) F(S, address, IPV6, _, 0)
#define MBIM_B_ipv4(F, S) F(S, address, IPV4, _, 0)
#define MBIM_B_ipv6(F, S) F(S, address, IPV6, _, 0)
#define MBIM_B_ip_configuration_info(F, S)                                             \
	F(S, session_id, U32, _, 0)                                                    \
	F(S, ipv4_configuration_available, E32, IP_CONFIGURATION_AVAILABLE, 0)         \
	F(S, ipv6_configuration_available, E32, IP_CONFIGURATION_AVAILABLE, 0)         \
	F(S, ipv4_address, ARR, ipv4_element, 0) F(S, ipv6_address, ARR, ipv6_element, 0) \
	F(S, ipv4_gateway, OPT, ipv4, 0) F(S, ipv6_gateway, OPT, ipv6, 0)                 \
	F(S, ipv4_dns_server, ARR, ipv4, 0) F(S, ipv6_dns_server, ARR, ipv6, 0)           \
	F(S, ipv4_mtu, U32, _, 0) F(S, ipv6_mtu, U32, _, 0)
/* Which notifications the host wants: per service, its CIDs (none: all). */
#define MBIM_B_event_entry(F, S) F(S, device_service_id, UUID, _, 0) F(S, cids, U32S, _, 0)
#define MBIM_B_event_list(F, S) F(S, events, REFARR, event_entry, 0)
#define MBIM_B_network_idle_hint(F, S) F(S, state, E32, NETWORK_IDLE_HINT_STATE, 0)
#define MBIM_B_qmi_msg(F, S) F(S, qmux, BYTES, _, QMUX)
/* The services a function speaks and their CIDs (what DSS payload and
 * instances mean: MBIM 1.0, device service streams; cellink reads only
 * which services are listed). */
#define MBIM_B_device_service_element(F, S)                                            \
	F(S, device_service_id, UUID, _, 0) F(S, dss_payload, U32, _, 0)                  \
	F(S, max_dss_instances, U32, _, 0) F(S, cids, U32S, _, 0)
#define MBIM_B_device_services_info(F, S)                                              \
	F(S, device_services_count, COUNT, _, 0) F(S, max_dss_sessions, U32, _, 0)        \
	F(S, device_services, REFLIST, device_service_element, 0)

#endif
