/* Test-only reference: libmbim-glib builds and parses the same MBIM
 * messages as cellink's core, behind a plain C interface (GLib stays in
 * mbim_ref*.c). Builders return the message length or -1. */
#ifndef CELLINK_TESTS_MBIM_REF_H
#define CELLINK_TESTS_MBIM_REF_H

#include <stddef.h>
#include <stdint.h>

int ref_open(uint32_t txn, uint32_t max, uint8_t *out, size_t cap);
int ref_close(uint32_t txn, uint8_t *out, size_t cap);
/* Queries with an empty buffer, by CID name: device-caps,
 * subscriber-ready-status, radio-state, pin, pin-list, home-provider,
 * register-state, packet-service, signal-state, provisioned-contexts,
 * network-idle-hint. */
int ref_query(const char *cid, uint32_t txn, uint8_t *out, size_t cap);
int ref_radio_state_set(uint32_t txn, uint32_t on, uint8_t *out, size_t cap);
int ref_pin_set(uint32_t txn, uint32_t type, uint32_t op, const char *pin, const char *new_pin,
		uint8_t *out, size_t cap);
int ref_register_state_set(uint32_t txn, const char *provider, uint32_t action, uint32_t data_class,
			   uint8_t *out, size_t cap);
int ref_packet_service_set(uint32_t txn, uint32_t action, uint8_t *out, size_t cap);
int ref_signal_state_set(uint32_t txn, uint32_t interval, uint32_t rssi_th, uint32_t err_th,
			 uint8_t *out, size_t cap);
int ref_connect_set(uint32_t txn, uint32_t session, uint32_t cmd, const char *apn, const char *user,
		    const char *password, uint32_t auth, uint32_t ip_type, const uint8_t ctx[16],
		    uint8_t *out, size_t cap);
int ref_connect_query(uint32_t txn, uint32_t session, uint8_t *out, size_t cap);
int ref_ip_configuration_query(uint32_t txn, uint32_t session, uint8_t *out, size_t cap);
int ref_provisioned_contexts_set(uint32_t txn, uint32_t id, const uint8_t ctx[16], const char *apn,
				 const char *user, const char *password, uint32_t auth,
				 const char *provider, uint8_t *out, size_t cap);
int ref_network_idle_hint_set(uint32_t txn, uint32_t state, uint8_t *out, size_t cap);
/* two entries: (uuid a, cids a[0..na)), (uuid b, no cids) */
int ref_subscribe_set(uint32_t txn, const uint8_t a[16], const uint32_t *ca, uint32_t na,
		      const uint8_t b[16], uint8_t *out, size_t cap);
int ref_qmi_set(uint32_t txn, const uint8_t *qmux, size_t n, uint8_t *out, size_t cap);
int ref_query_device_services(uint32_t txn, uint8_t *out, size_t cap);

/* Parsers: 0 when libmbim read the message, -1 otherwise (reason on stderr).
 * Strings are copied into the caller's fixed arrays. */
struct ref_caps {
	uint32_t device_type, cellular_class, voice_class, sim_class, data_class, sms_caps,
		control_caps, max_sessions;
	char custom[64], device_id[64], firmware[64], hardware[64];
};
int ref_parse_caps(const uint8_t *msg, size_t n, struct ref_caps *o);

struct ref_subscriber {
	uint32_t ready_state, ready_info, n_numbers;
	char subscriber_id[64], iccid[64], numbers[4][32];
};
int ref_parse_subscriber(const uint8_t *msg, size_t n, struct ref_subscriber *o);

struct ref_register {
	uint32_t nw_error, state, mode, available, cellular, flag;
	char provider_id[32], provider_name[64], roaming[64];
};
int ref_parse_register(const uint8_t *msg, size_t n, struct ref_register *o);

struct ref_connect {
	uint32_t session, activation, voice, ip_type, nw_error;
	uint8_t ctx[16];
};
int ref_parse_connect(const uint8_t *msg, size_t n, struct ref_connect *o);

struct ref_ipconf {
	uint32_t session, v4avail, v6avail, n_v4, n_v6, n_dns4, n_dns6, mtu4, mtu6;
	uint32_t v4_prefix[4], v6_prefix[4];
	uint8_t v4[4][4], v6[4][16], gw4[4], gw6[16], dns4[4][4], dns6[4][16];
	int has_gw4, has_gw6;
};
int ref_parse_ipconf(const uint8_t *msg, size_t n, struct ref_ipconf *o);

struct ref_context {
	uint32_t id, compression, auth;
	uint8_t ctx[16];
	char apn[64], user[64], password[64];
};
int ref_parse_contexts(const uint8_t *msg, size_t n, struct ref_context *o, uint32_t *count, uint32_t cap);

/* pin list: 10 x (mode, format, min, max) in the order of the message */
int ref_parse_pin_list(const uint8_t *msg, size_t n, uint32_t out[10][4]);
int ref_parse_signal(const uint8_t *msg, size_t n, int notification, uint32_t out[5]);
int ref_parse_packet_service(const uint8_t *msg, size_t n, uint32_t out[3], uint64_t speeds[2]);
int ref_parse_pin(const uint8_t *msg, size_t n, uint32_t out[3]);
int ref_parse_radio(const uint8_t *msg, size_t n, uint32_t out[2]);
int ref_parse_home_provider(const uint8_t *msg, size_t n, char id[32], char name[64], uint32_t out[4]);
/* copies the QMUX frame out; returns its length or -1 */
int ref_parse_qmi(const uint8_t *msg, size_t n, uint8_t *out, size_t cap);

/* Device services: up to 8 services, up to 16 CIDs each. */
struct ref_device_services {
	uint32_t count, max_dss_sessions;
	uint8_t uuid[8][16];
	uint32_t n_cids[8], cids[8][16];
};
int ref_parse_device_services(const uint8_t *msg, size_t n, struct ref_device_services *o);

#endif
