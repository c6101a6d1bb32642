/* libmbim-glib as the reference for Microsoft's Basic Connect Extensions
 * (tests only; see mbim_ref.h). */
#ifndef CELLINK_TESTS_MBIM_REF_MS_H
#define CELLINK_TESTS_MBIM_REF_MS_H

#include <stddef.h>
#include <stdint.h>

/* One provisioned context v2, or LTE attach context (the fields it has). */
struct ref_ms_context {
	uint32_t id;
	uint8_t ctx[16];
	uint32_t ip_type, state, roaming, media_type, source, compression, auth;
	char apn[101], user[101], password[101];
};

/* empty queries by their libmbim names: provisioned-contexts,
 * lte-attach-configuration, lte-attach-info, sys-caps, device-slot-mappings */
int ref_ms_query(const char *cid, uint32_t txn, uint8_t *out, size_t cap);
int ref_ms_provisioned_contexts_set(uint32_t txn, uint32_t op, const struct ref_ms_context *c, uint8_t *out,
				    size_t cap);
int ref_ms_lte_attach_configuration_set(uint32_t txn, uint32_t op, const struct ref_ms_context *c, uint32_t n,
					uint8_t *out, size_t cap);
int ref_ms_device_slot_mappings_set(uint32_t txn, const uint32_t *slots, uint32_t n, uint8_t *out, size_t cap);

int ref_ms_parse_provisioned_contexts(const uint8_t *msg, size_t n, int notification, struct ref_ms_context *o,
				      uint32_t *count, uint32_t cap);
int ref_ms_parse_lte_attach_configuration(const uint8_t *msg, size_t n, struct ref_ms_context *o,
					  uint32_t *count, uint32_t cap);
/* state, ip type, compression, auth in o->...; the strings too */
int ref_ms_parse_lte_attach_info(const uint8_t *msg, size_t n, int notification, uint32_t *state,
				 struct ref_ms_context *o);
int ref_ms_parse_sys_caps(const uint8_t *msg, size_t n, uint32_t out[3], uint64_t *modem_id);
int ref_ms_parse_slot_mappings(const uint8_t *msg, size_t n, uint32_t *slots, uint32_t *count, uint32_t cap);

#endif
