/* Microsoft's MBIM extensions (MBIMEx) cellink knows, declared once, in
 * the forms of ids.h (which includes this file and lists these blocks in
 * its own): the Basic Connect Extensions service with provisioned
 * contexts v2, LTE attach configuration and status, system caps and
 * device slot mappings.
 *
 * Facts come from Microsoft's MBIM extension documentation for Windows
 * mobile broadband and libmbim's service description; test_mbim_libmbim
 * checks the bytes against libmbim-glib.
 */
#ifndef CELLINK_MBIM_IDS_MS_H
#define CELLINK_MBIM_IDS_MS_H

/* ---- services ---- */
#define MBIM_MS_SERVICES(X)                                                         \
	X(MS_BASIC_CONNECT_EXTENSIONS, 0x3d, 0x01, 0xdc, 0xc5, 0xfe, 0xf5, 0x4d, 0x05, \
	  0x0d, 0x3a, 0xbe, 0xf7, 0x05, 0x8e, 0x9a, 0xaf)

/* ---- CIDs ---- */
#define MBIM_MS_BASIC_CONNECT_EXTENSIONS_CIDS(X)                                    \
	X(MS_BASIC_CONNECT_EXTENSIONS, PROVISIONED_CONTEXTS, 1,                     \
	  ms_provisioned_contexts_set, empty, ms_provisioned_contexts_info,         \
	  ms_provisioned_contexts_info)                                             \
	X(MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_CONFIGURATION, 3,                 \
	  ms_lte_attach_configuration_set, empty, ms_lte_attach_configuration_info, \
	  ms_lte_attach_configuration_info)                                         \
	X(MS_BASIC_CONNECT_EXTENSIONS, LTE_ATTACH_INFO, 4, none, empty,             \
	  ms_lte_attach_info, ms_lte_attach_info)                                   \
	X(MS_BASIC_CONNECT_EXTENSIONS, SYS_CAPS, 5, none, empty, ms_sys_caps_info, none) \
	X(MS_BASIC_CONNECT_EXTENSIONS, DEVICE_SLOT_MAPPINGS, 7,                     \
	  ms_device_slot_mappings, empty, ms_device_slot_mappings, none)

#define MBIM_MS_ALL_CIDS(X) MBIM_MS_BASIC_CONNECT_EXTENSIONS_CIDS(X)

/* ---- named values ---- */
#define MBIM_MS_ENUMS(X)                                                            \
	X(CONTEXT_OPERATION, 0) X(CONTEXT_STATE, 0) X(CONTEXT_ROAMING_CONTROL, 0)   \
	X(CONTEXT_MEDIA_TYPE, 0) X(CONTEXT_SOURCE, 0)                               \
	X(LTE_ATTACH_CONTEXT_OPERATION, 0) X(LTE_ATTACH_CONTEXT_ROAMING_CONTROL, 0) \
	X(LTE_ATTACH_STATE, 0)

#define MBIM_E_CONTEXT_OPERATION(X)                                                 \
	X(CONTEXT_OPERATION, DEFAULT, 0) X(CONTEXT_OPERATION, DELETE, 1)            \
	X(CONTEXT_OPERATION, RESTORE_FACTORY, 2)
#define MBIM_E_CONTEXT_STATE(X) X(CONTEXT_STATE, DISABLED, 0) X(CONTEXT_STATE, ENABLED, 1)
#define MBIM_E_CONTEXT_ROAMING_CONTROL(X)                                           \
	X(CONTEXT_ROAMING_CONTROL, HOME_ONLY, 0) X(CONTEXT_ROAMING_CONTROL, PARTNER_ONLY, 1) \
	X(CONTEXT_ROAMING_CONTROL, NON_PARTNER_ONLY, 2)                             \
	X(CONTEXT_ROAMING_CONTROL, HOME_AND_PARTNER, 3)                             \
	X(CONTEXT_ROAMING_CONTROL, HOME_AND_NON_PARTNER, 4)                         \
	X(CONTEXT_ROAMING_CONTROL, PARTNER_AND_NON_PARTNER, 5)                      \
	X(CONTEXT_ROAMING_CONTROL, ALLOW_ALL, 6)
#define MBIM_E_CONTEXT_MEDIA_TYPE(X)                                                \
	X(CONTEXT_MEDIA_TYPE, CELLULAR_ONLY, 0) X(CONTEXT_MEDIA_TYPE, WIFI_ONLY, 1) \
	X(CONTEXT_MEDIA_TYPE, ALL, 2)
#define MBIM_E_CONTEXT_SOURCE(X)                                                    \
	X(CONTEXT_SOURCE, ADMIN, 0) X(CONTEXT_SOURCE, USER, 1)                      \
	X(CONTEXT_SOURCE, OPERATOR, 2) X(CONTEXT_SOURCE, MODEM, 3)                  \
	X(CONTEXT_SOURCE, DEVICE, 4)
#define MBIM_E_LTE_ATTACH_CONTEXT_OPERATION(X)                                      \
	X(LTE_ATTACH_CONTEXT_OPERATION, DEFAULT, 0)                                 \
	X(LTE_ATTACH_CONTEXT_OPERATION, RESTORE_FACTORY, 1)
#define MBIM_E_LTE_ATTACH_CONTEXT_ROAMING_CONTROL(X)                                \
	X(LTE_ATTACH_CONTEXT_ROAMING_CONTROL, HOME, 0)                              \
	X(LTE_ATTACH_CONTEXT_ROAMING_CONTROL, PARTNER, 1)                           \
	X(LTE_ATTACH_CONTEXT_ROAMING_CONTROL, NON_PARTNER, 2)
#define MBIM_E_LTE_ATTACH_STATE(X) X(LTE_ATTACH_STATE, DETACHED, 0) X(LTE_ATTACH_STATE, ATTACHED, 1)

/* ---- information buffers (elements first) ---- */
#define MBIM_MS_BUFFERS(X)                                                          \
	X(ms_context) X(ms_provisioned_contexts_info) X(ms_provisioned_contexts_set) \
	X(ms_lte_attach_context) X(ms_lte_attach_configuration_info)                \
	X(ms_lte_attach_configuration_set) X(ms_lte_attach_info) X(ms_sys_caps_info) \
	X(ms_slot) X(ms_device_slot_mappings)

/* A provisioned context v2, as the modem lists it. */
#define MBIM_B_ms_context(F, S)                                                        \
	F(S, context_id, U32, _, 0) F(S, context_type, UUID, _, 0)                        \
	F(S, ip_type, E32, CONTEXT_IP_TYPE, 0) F(S, state, E32, CONTEXT_STATE, 0)         \
	F(S, roaming, E32, CONTEXT_ROAMING_CONTROL, 0)                                 \
	F(S, media_type, E32, CONTEXT_MEDIA_TYPE, 0) F(S, source, E32, CONTEXT_SOURCE, 0) \
	F(S, access_string, STR, _, 0) F(S, user_name, STR, _, 0)                         \
	F(S, password, STR, _, SECRET) F(S, compression, E32, COMPRESSION, 0)             \
	F(S, auth_protocol, E32, AUTH_PROTOCOL, 0)
#define MBIM_B_ms_provisioned_contexts_info(F, S) F(S, contexts, REFARR, ms_context, 0)
/* Add (or replace) the context of a type, delete one, or restore the
 * factory's. */
#define MBIM_B_ms_provisioned_contexts_set(F, S)                                       \
	F(S, operation, E32, CONTEXT_OPERATION, 0) F(S, context_type, UUID, _, 0)         \
	F(S, ip_type, E32, CONTEXT_IP_TYPE, 0) F(S, state, E32, CONTEXT_STATE, 0)         \
	F(S, roaming, E32, CONTEXT_ROAMING_CONTROL, 0)                                 \
	F(S, media_type, E32, CONTEXT_MEDIA_TYPE, 0) F(S, source, E32, CONTEXT_SOURCE, 0) \
	F(S, access_string, STR, _, 0) F(S, user_name, STR, _, 0)                         \
	F(S, password, STR, _, SECRET) F(S, compression, E32, COMPRESSION, 0)             \
	F(S, auth_protocol, E32, AUTH_PROTOCOL, 0)
/* The APN the modem attaches to LTE with, one per roaming condition. */
#define MBIM_B_ms_lte_attach_context(F, S)                                             \
	F(S, ip_type, E32, CONTEXT_IP_TYPE, 0)                                         \
	F(S, roaming, E32, LTE_ATTACH_CONTEXT_ROAMING_CONTROL, 0)                      \
	F(S, source, E32, CONTEXT_SOURCE, 0) F(S, access_string, STR, _, 0)               \
	F(S, user_name, STR, _, 0) F(S, password, STR, _, SECRET)                         \
	F(S, compression, E32, COMPRESSION, 0) F(S, auth_protocol, E32, AUTH_PROTOCOL, 0)
#define MBIM_B_ms_lte_attach_configuration_info(F, S)                                  \
	F(S, configurations, REFARR, ms_lte_attach_context, 0)
#define MBIM_B_ms_lte_attach_configuration_set(F, S)                                   \
	F(S, operation, E32, LTE_ATTACH_CONTEXT_OPERATION, 0)                          \
	F(S, configurations, REFARR, ms_lte_attach_context, 0)
/* Whether the modem is attached to LTE, and with which APN. */
#define MBIM_B_ms_lte_attach_info(F, S)                                                \
	F(S, lte_attach_state, E32, LTE_ATTACH_STATE, 0)                               \
	F(S, ip_type, E32, CONTEXT_IP_TYPE, 0) F(S, access_string, STR, _, 0)             \
	F(S, user_name, STR, _, 0) F(S, password, STR, _, SECRET)                         \
	F(S, compression, E32, COMPRESSION, 0) F(S, auth_protocol, E32, AUTH_PROTOCOL, 0)
#define MBIM_B_ms_sys_caps_info(F, S)                                                  \
	F(S, number_of_executors, U32, _, 0) F(S, number_of_slots, U32, _, 0)             \
	F(S, concurrency, U32, _, 0) F(S, modem_id, U64, _, PERSONAL)
/* Which SIM slot each executor uses. */
#define MBIM_B_ms_slot(F, S) F(S, slot, U32, _, 0)
#define MBIM_B_ms_device_slot_mappings(F, S) F(S, slot_map, REFARR, ms_slot, 0)

#endif
