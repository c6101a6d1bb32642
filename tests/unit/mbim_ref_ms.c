/* libmbim-glib builds and reads Microsoft's Basic Connect Extensions
 * messages for test_mbim_ms; cellink itself never uses GLib. */
#include <stdio.h>
#include <string.h>

#include "mbim_ref_ms.h"
#include "mbim_ref_glib.h"

static void cp(char *dst, size_t cap, const gchar *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

int ref_ms_query(const char *cid, uint32_t txn, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimMessage *m = NULL;
	if (!strcmp(cid, "provisioned-contexts"))
		m = mbim_message_ms_basic_connect_extensions_provisioned_contexts_query_new(&e);
	else if (!strcmp(cid, "lte-attach-configuration"))
		m = mbim_message_ms_basic_connect_extensions_lte_attach_configuration_query_new(&e);
	else if (!strcmp(cid, "lte-attach-info"))
		m = mbim_message_ms_basic_connect_extensions_lte_attach_info_query_new(&e);
	else if (!strcmp(cid, "sys-caps"))
		m = mbim_message_ms_basic_connect_extensions_sys_caps_query_new(&e);
	else if (!strcmp(cid, "device-slot-mappings"))
		m = mbim_message_ms_basic_connect_extensions_device_slot_mappings_query_new(&e);
	return ref_take(m, e, txn, out, cap);
}

int ref_ms_provisioned_contexts_set(uint32_t txn, uint32_t op, const struct ref_ms_context *c, uint8_t *out,
				    size_t cap)
{
	GError *e = NULL;
	MbimUuid u;
	memcpy(&u, c->ctx, 16);
	return ref_take(mbim_message_ms_basic_connect_extensions_provisioned_contexts_set_new(
			    op, &u, c->ip_type, c->state, c->roaming, c->media_type, c->source, c->apn, c->user,
			    c->password, c->compression, c->auth, &e),
		    e, txn, out, cap);
}

int ref_ms_lte_attach_configuration_set(uint32_t txn, uint32_t op, const struct ref_ms_context *c, uint32_t n,
					uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimLteAttachConfiguration el[4];
	const MbimLteAttachConfiguration *list[5] = { 0 };
	for (uint32_t i = 0; i < n && i < 4; i++) {
		el[i] = (MbimLteAttachConfiguration){ .ip_type = c[i].ip_type, .roaming = c[i].roaming,
			.source = c[i].source, .access_string = (gchar *)c[i].apn, .user_name = (gchar *)c[i].user,
			.password = (gchar *)c[i].password, .compression = c[i].compression,
			.auth_protocol = c[i].auth };
		list[i] = &el[i];
	}
	return ref_take(mbim_message_ms_basic_connect_extensions_lte_attach_configuration_set_new(op, n, list, &e), e,
		    txn, out, cap);
}

int ref_ms_device_slot_mappings_set(uint32_t txn, const uint32_t *slots, uint32_t n, uint8_t *out, size_t cap)
{
	GError *e = NULL;
	MbimSlot el[4];
	const MbimSlot *list[5] = { 0 };
	for (uint32_t i = 0; i < n && i < 4; i++) {
		el[i].slot = slots[i];
		list[i] = &el[i];
	}
	return ref_take(mbim_message_ms_basic_connect_extensions_device_slot_mappings_set_new(n, list, &e), e, txn,
		    out, cap);
}

int ref_ms_parse_provisioned_contexts(const uint8_t *msg, size_t n, int notification, struct ref_ms_context *o,
				      uint32_t *count, uint32_t cap)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimProvisionedContextElementV2Array *a = NULL;
	gboolean ok = notification
		? mbim_message_ms_basic_connect_extensions_provisioned_contexts_notification_parse(m, count, &a, &e)
		: mbim_message_ms_basic_connect_extensions_provisioned_contexts_response_parse(m, count, &a, &e);
	for (uint32_t i = 0; ok && i < *count && i < cap; i++) {
		o[i] = (struct ref_ms_context){ .id = a[i]->context_id, .ip_type = a[i]->ip_type,
			.state = a[i]->state, .roaming = a[i]->roaming, .media_type = a[i]->media_type,
			.source = a[i]->source, .compression = a[i]->compression, .auth = a[i]->auth_protocol };
		memcpy(o[i].ctx, &a[i]->context_type, 16);
		cp(o[i].apn, sizeof o[i].apn, a[i]->access_string);
		cp(o[i].user, sizeof o[i].user, a[i]->user_name);
		cp(o[i].password, sizeof o[i].password, a[i]->password);
	}
	if (a)
		mbim_provisioned_context_element_v2_array_free(a);
	return ref_parsed(m, ok, e);
}

int ref_ms_parse_lte_attach_configuration(const uint8_t *msg, size_t n, struct ref_ms_context *o,
					  uint32_t *count, uint32_t cap)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimLteAttachConfigurationArray *a = NULL;
	gboolean ok = mbim_message_ms_basic_connect_extensions_lte_attach_configuration_response_parse(m, count,
												       &a, &e);
	for (uint32_t i = 0; ok && i < *count && i < cap; i++) {
		o[i] = (struct ref_ms_context){ .ip_type = a[i]->ip_type, .roaming = a[i]->roaming,
			.source = a[i]->source, .compression = a[i]->compression, .auth = a[i]->auth_protocol };
		cp(o[i].apn, sizeof o[i].apn, a[i]->access_string);
		cp(o[i].user, sizeof o[i].user, a[i]->user_name);
		cp(o[i].password, sizeof o[i].password, a[i]->password);
	}
	if (a)
		mbim_lte_attach_configuration_array_free(a);
	return ref_parsed(m, ok, e);
}

int ref_ms_parse_lte_attach_info(const uint8_t *msg, size_t n, int notification, uint32_t *state,
				 struct ref_ms_context *o)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimLteAttachState st = 0;
	MbimContextIpType ip = 0;
	MbimCompression comp = 0;
	MbimAuthProtocol auth = 0;
	gchar *apn = NULL, *user = NULL, *pass = NULL;
	gboolean ok = notification
		? mbim_message_ms_basic_connect_extensions_lte_attach_info_notification_parse(
			  m, &st, &ip, &apn, &user, &pass, &comp, &auth, &e)
		: mbim_message_ms_basic_connect_extensions_lte_attach_info_response_parse(
			  m, &st, &ip, &apn, &user, &pass, &comp, &auth, &e);
	if (ok) {
		*state = st;
		*o = (struct ref_ms_context){ .ip_type = ip, .compression = comp, .auth = auth };
		cp(o->apn, sizeof o->apn, apn);
		cp(o->user, sizeof o->user, user);
		cp(o->password, sizeof o->password, pass);
	}
	g_free(apn);
	g_free(user);
	g_free(pass);
	return ref_parsed(m, ok, e);
}

int ref_ms_parse_sys_caps(const uint8_t *msg, size_t n, uint32_t out[3], uint64_t *modem_id)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	guint32 a = 0, b = 0, c = 0;
	guint64 id = 0;
	gboolean ok = mbim_message_ms_basic_connect_extensions_sys_caps_response_parse(m, &a, &b, &c, &id, &e);
	out[0] = a, out[1] = b, out[2] = c;
	*modem_id = id;
	return ref_parsed(m, ok, e);
}

int ref_ms_parse_slot_mappings(const uint8_t *msg, size_t n, uint32_t *slots, uint32_t *count, uint32_t cap)
{
	MbimMessage *m = mbim_message_new(msg, (guint32)n);
	GError *e = NULL;
	MbimSlotArray *a = NULL;
	gboolean ok = mbim_message_ms_basic_connect_extensions_device_slot_mappings_response_parse(m, count, &a,
												   &e);
	for (uint32_t i = 0; ok && i < *count && i < cap; i++)
		slots[i] = a[i]->slot;
	if (a)
		mbim_slot_array_free(a);
	return ref_parsed(m, ok, e);
}
