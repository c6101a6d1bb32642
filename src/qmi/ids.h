/* The QMI messages cellink knows, one list per service, declared once.
 *
 * Each entry: X(SERVICE, SYMBOL, id, "name", KINDS, "help")
 *   name  libqmi's message name in kebab-case
 *   KINDS RR  = request and response (their TLVs: <SVC>_<SYM>_rq, _rs)
 *         IND = indication (its TLVs: <SVC>_<SYM>_in)
 * The lists expand into the QMI_<SVC>_<SYM> id constants below and into the
 * message tables of svc_*.c, so a name, an id or a help text is written
 * nowhere else.
 */
#ifndef CELLINK_QMI_IDS_H
#define CELLINK_QMI_IDS_H

#define QMI_CTL_MESSAGES(X)                                                                   \
	X(CTL, SET_INSTANCE_ID, 0x0020, "set-instance-id", RR, "Set the QMI instance id of the link") \
	X(CTL, GET_VERSION_INFO, 0x0021, "get-version-info", RR, "List services and their versions") \
	X(CTL, ALLOCATE_CID, 0x0022, "allocate-cid", RR, "Allocate a client id for a service")  \
	X(CTL, RELEASE_CID, 0x0023, "release-cid", RR, "Release a client id")                    \
	X(CTL, REVOKE_CLIENT_ID, 0x0024, "revoke-client-id", IND, "A client id was revoked")     \
	X(CTL, INVALID_CLIENT_ID, 0x0025, "invalid-client-id", IND, "A client id is not valid")  \
	X(CTL, SET_DATA_FORMAT, 0x0026, "set-data-format", RR, "Set the link's data format")     \
	X(CTL, SYNC, 0x0027, "sync", RR, "Release every client id and start over")               \
	X(CTL, SYNC_IND, 0x0027, "sync", IND, "The modem was synchronised")

#define QMI_DMS_MESSAGES(X)                                                                   \
	X(DMS, RESET, 0x0000, "reset", RR, "Reset the service state of this client")            \
	X(DMS, SET_EVENT_REPORT, 0x0001, "set-event-report", RR, "Choose which events to report") \
	X(DMS, EVENT_REPORT, 0x0001, "event-report", IND, "Device event report")                 \
	X(DMS, GET_CAPABILITIES, 0x0020, "get-capabilities", RR, "Radio and data capabilities")  \
	X(DMS, GET_MANUFACTURER, 0x0021, "get-manufacturer", RR, "Manufacturer name")            \
	X(DMS, GET_MODEL, 0x0022, "get-model", RR, "Model name")                                 \
	X(DMS, GET_REVISION, 0x0023, "get-revision", RR, "Firmware revision")                    \
	X(DMS, GET_MSISDN, 0x0024, "get-msisdn", RR, "Own phone number")                         \
	X(DMS, GET_IDS, 0x0025, "get-ids", RR, "ESN, IMEI and MEID")                             \
	X(DMS, GET_POWER_STATE, 0x0026, "get-power-state", RR, "Power source and battery level") \
	X(DMS, UIM_SET_PIN_PROTECTION, 0x0027, "uim-set-pin-protection", RR, "Enable or disable a SIM PIN") \
	X(DMS, UIM_VERIFY_PIN, 0x0028, "uim-verify-pin", RR, "Verify a SIM PIN")                 \
	X(DMS, UIM_UNBLOCK_PIN, 0x0029, "uim-unblock-pin", RR, "Unblock a SIM PIN with its PUK") \
	X(DMS, UIM_CHANGE_PIN, 0x002A, "uim-change-pin", RR, "Change a SIM PIN")                 \
	X(DMS, UIM_GET_PIN_STATUS, 0x002B, "uim-get-pin-status", RR, "SIM PIN states and retries") \
	X(DMS, GET_HARDWARE_REVISION, 0x002C, "get-hardware-revision", RR, "Hardware revision")  \
	X(DMS, GET_OPERATING_MODE, 0x002D, "get-operating-mode", RR, "Operating (power) mode")   \
	X(DMS, SET_OPERATING_MODE, 0x002E, "set-operating-mode", RR, "Set the operating mode")   \
	X(DMS, GET_TIME, 0x002F, "get-time", RR, "Device time and its source")                   \
	X(DMS, GET_ACTIVATION_STATE, 0x0031, "get-activation-state", RR, "Service activation state") \
	X(DMS, UIM_GET_ICCID, 0x003C, "uim-get-iccid", RR, "SIM card ICCID")                     \
	X(DMS, UIM_GET_CK_STATUS, 0x0040, "uim-get-ck-status", RR, "SIM personalisation lock state") \
	X(DMS, UIM_GET_IMSI, 0x0043, "uim-get-imsi", RR, "Subscriber IMSI")                      \
	X(DMS, UIM_GET_STATE, 0x0044, "uim-get-state", RR, "SIM initialisation state")           \
	X(DMS, GET_BAND_CAPABILITIES, 0x0045, "get-band-capabilities", RR, "Supported radio bands") \
	X(DMS, GET_SOFTWARE_VERSION, 0x0051, "get-software-version", RR, "Software version")

#define QMI_NAS_MESSAGES(X)                                                                   \
	X(NAS, RESET, 0x0000, "reset", RR, "Reset the service state of this client")            \
	X(NAS, SET_EVENT_REPORT, 0x0002, "set-event-report", RR, "Choose which events to report") \
	X(NAS, EVENT_REPORT, 0x0002, "event-report", IND, "Network event report")                \
	X(NAS, REGISTER_INDICATIONS, 0x0003, "register-indications", RR, "Choose which indications to receive") \
	X(NAS, GET_SIGNAL_STRENGTH, 0x0020, "get-signal-strength", RR, "Signal strength")        \
	X(NAS, NETWORK_SCAN, 0x0021, "network-scan", RR, "Scan for networks")                    \
	X(NAS, INITIATE_NETWORK_REGISTER, 0x0022, "initiate-network-register", RR, "Register automatically or on a chosen network") \
	X(NAS, GET_SERVING_SYSTEM, 0x0024, "get-serving-system", RR, "Registration state and serving network") \
	X(NAS, SERVING_SYSTEM, 0x0024, "serving-system", IND, "Serving system changed")          \
	X(NAS, GET_HOME_NETWORK, 0x0025, "get-home-network", RR, "Home network of the SIM")      \
	X(NAS, GET_RF_BAND_INFORMATION, 0x0031, "get-rf-band-information", RR, "Bands and channels in use") \
	X(NAS, SET_SYSTEM_SELECTION_PREFERENCE, 0x0033, "set-system-selection-preference", RR, "Set allowed radio modes and bands") \
	X(NAS, GET_SYSTEM_SELECTION_PREFERENCE, 0x0034, "get-system-selection-preference", RR, "Allowed radio modes and bands") \
	X(NAS, GET_OPERATOR_NAME, 0x0039, "get-operator-name", RR, "Operator name data")         \
	X(NAS, GET_CELL_LOCATION_INFO, 0x0043, "get-cell-location-info", RR, "Serving and neighbour cells") \
	X(NAS, GET_SYSTEM_INFO, 0x004D, "get-system-info", RR, "Service state per radio technology") \
	X(NAS, SYSTEM_INFO, 0x004E, "system-info", IND, "System info changed")                   \
	X(NAS, GET_SIGNAL_INFO, 0x004F, "get-signal-info", RR, "Signal measurements per technology") \
	X(NAS, CONFIG_SIGNAL_INFO, 0x0050, "config-signal-info", RR, "Set signal-info report thresholds") \
	X(NAS, SIGNAL_INFO, 0x0051, "signal-info", IND, "Signal measurements changed")         \
	X(NAS, CONFIG_SIGNAL_INFO_V2, 0x006C, "config-signal-info-v2", RR, "Set signal-info report thresholds and deltas, 5G included") \
	X(NAS, GET_LTE_CPHY_CA_INFO, 0x00AC, "get-lte-cphy-ca-info", RR, "LTE carrier aggregation: primary and secondary cells")

#define QMI_WDS_MESSAGES(X)                                                                   \
	X(WDS, RESET, 0x0000, "reset", RR, "Reset the service state of this client")            \
	X(WDS, SET_EVENT_REPORT, 0x0001, "set-event-report", RR, "Choose which events to report") \
	X(WDS, EVENT_REPORT, 0x0001, "event-report", IND, "Data event report")                   \
	X(WDS, ABORT, 0x0002, "abort", RR, "Abort a pending request")                            \
	X(WDS, START_NETWORK, 0x0020, "start-network", RR, "Start a data session")               \
	X(WDS, STOP_NETWORK, 0x0021, "stop-network", RR, "Stop a data session")                  \
	X(WDS, GET_PACKET_SERVICE_STATUS, 0x0022, "get-packet-service-status", RR, "Data session state") \
	X(WDS, PACKET_SERVICE_STATUS, 0x0022, "packet-service-status", IND, "Data session state changed") \
	X(WDS, GET_PACKET_STATISTICS, 0x0024, "get-packet-statistics", RR, "Packet and byte counters") \
	X(WDS, CREATE_PROFILE, 0x0027, "create-profile", RR, "Create a connection profile")      \
	X(WDS, MODIFY_PROFILE, 0x0028, "modify-profile", RR, "Change a connection profile")      \
	X(WDS, DELETE_PROFILE, 0x0029, "delete-profile", RR, "Delete a connection profile")      \
	X(WDS, GET_PROFILE_LIST, 0x002A, "get-profile-list", RR, "List connection profiles")     \
	X(WDS, GET_PROFILE_SETTINGS, 0x002B, "get-profile-settings", RR, "Settings of a profile") \
	X(WDS, GET_DEFAULT_SETTINGS, 0x002C, "get-default-settings", RR, "Default profile settings") \
	X(WDS, GET_CURRENT_SETTINGS, 0x002D, "get-current-settings", RR, "Addresses, DNS and MTU of the session") \
	X(WDS, GET_AUTOCONNECT_SETTINGS, 0x0034, "get-autoconnect-settings", RR, "Autoconnect state") \
	X(WDS, GET_DATA_BEARER_TECHNOLOGY, 0x0037, "get-data-bearer-technology", RR, "Data bearer technology") \
	X(WDS, GET_CURRENT_DATA_BEARER_TECHNOLOGY, 0x0044, "get-current-data-bearer-technology", RR, "Current data bearer") \
	X(WDS, SET_IP_FAMILY, 0x004D, "set-ip-family", RR, "Choose the IP family of this client") \
	X(WDS, BIND_DATA_PORT, 0x0089, "bind-data-port", RR, "Bind the client to a data port")   \
	X(WDS, BIND_MUX_DATA_PORT, 0x00A2, "bind-mux-data-port", RR, "Bind the client to a muxed data port")

#define QMI_WDA_MESSAGES(X)                                                                   \
	X(WDA, SET_DATA_FORMAT, 0x0020, "set-data-format", RR, "Set link-layer and aggregation format") \
	X(WDA, GET_DATA_FORMAT, 0x0021, "get-data-format", RR, "Link-layer and aggregation format")

#define QMI_UIM_MESSAGES(X)                                                                   \
	X(UIM, RESET, 0x0000, "reset", RR, "Reset the service state of this client")            \
	X(UIM, READ_TRANSPARENT, 0x0020, "read-transparent", RR, "Read a transparent SIM file")  \
	X(UIM, READ_RECORD, 0x0021, "read-record", RR, "Read a record of a SIM file")            \
	X(UIM, GET_FILE_ATTRIBUTES, 0x0024, "get-file-attributes", RR, "Attributes of a SIM file") \
	X(UIM, SET_PIN_PROTECTION, 0x0025, "set-pin-protection", RR, "Enable or disable a PIN")  \
	X(UIM, VERIFY_PIN, 0x0026, "verify-pin", RR, "Verify a PIN")                             \
	X(UIM, UNBLOCK_PIN, 0x0027, "unblock-pin", RR, "Unblock a PIN with its PUK")             \
	X(UIM, CHANGE_PIN, 0x0028, "change-pin", RR, "Change a PIN")                             \
	X(UIM, REGISTER_EVENTS, 0x002E, "register-events", RR, "Choose which events to report")  \
	X(UIM, GET_CARD_STATUS, 0x002F, "get-card-status", RR, "Card, application and PIN states") \
	X(UIM, POWER_OFF_SIM, 0x0030, "power-off-sim", RR, "Power the SIM off")                  \
	X(UIM, POWER_ON_SIM, 0x0031, "power-on-sim", RR, "Power the SIM on")                     \
	X(UIM, CARD_STATUS, 0x0032, "card-status", IND, "Card status changed")

#define QMI_WMS_MESSAGES(X)                                                                   \
	X(WMS, SET_EVENT_REPORT, 0x0001, "set-event-report", RR, "Choose which events to report") \
	X(WMS, EVENT_REPORT, 0x0001, "event-report", IND, "A message arrived")                   \
	X(WMS, RAW_SEND, 0x0020, "raw-send", RR, "Send a message")                               \
	X(WMS, RAW_READ, 0x0022, "raw-read", RR, "Read a stored message")                        \
	X(WMS, MODIFY_TAG, 0x0023, "modify-tag", RR, "Mark a stored message read or unread")     \
	X(WMS, DELETE, 0x0024, "delete", RR, "Delete stored messages")                           \
	X(WMS, LIST_MESSAGES, 0x0031, "list-messages", RR, "List stored messages")               \
	X(WMS, SET_ROUTES, 0x0032, "set-routes", RR, "Choose where each class of message goes")  \
	X(WMS, GET_ROUTES, 0x0033, "get-routes", RR, "Where each class of message goes")

#define QMI_VOICE_MESSAGES(X)                                                                 \
	X(VOICE, INDICATION_REGISTER, 0x0003, "indication-register", RR, "Choose which indications to receive") \
	X(VOICE, ORIGINATE_USSD, 0x003A, "originate-ussd", RR, "Send a USSD code, wait for the answer") \
	X(VOICE, ANSWER_USSD, 0x003B, "answer-ussd", RR, "Answer the network's USSD question")   \
	X(VOICE, CANCEL_USSD, 0x003C, "cancel-ussd", RR, "End the USSD session")                 \
	X(VOICE, RELEASE_USSD, 0x003D, "release-ussd", IND, "The network ended the USSD session") \
	X(VOICE, USSD, 0x003E, "ussd", IND, "The network sent USSD data")

#define QMI_ID_ENUM(svc, sym, num, name, kinds, help) QMI_##svc##_##sym = num,
enum qmi_ctl_msg { QMI_CTL_MESSAGES(QMI_ID_ENUM) };
enum qmi_dms_msg { QMI_DMS_MESSAGES(QMI_ID_ENUM) };
enum qmi_nas_msg { QMI_NAS_MESSAGES(QMI_ID_ENUM) };
enum qmi_wds_msg { QMI_WDS_MESSAGES(QMI_ID_ENUM) };
enum qmi_wda_msg { QMI_WDA_MESSAGES(QMI_ID_ENUM) };
enum qmi_uim_msg { QMI_UIM_MESSAGES(QMI_ID_ENUM) };
enum qmi_wms_msg { QMI_WMS_MESSAGES(QMI_ID_ENUM) };
enum qmi_voice_msg { QMI_VOICE_MESSAGES(QMI_ID_ENUM) };
#undef QMI_ID_ENUM

#endif
