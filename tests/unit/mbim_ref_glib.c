/* The libmbim-glib reference helpers' shared part (mbim_ref_glib.h). */
#include <stdio.h>
#include <string.h>

#include "mbim_ref_glib.h"

int ref_take(MbimMessage *m, GError *err, uint32_t txn, uint8_t *out, size_t cap)
{
	if (!m) {
		fprintf(stderr, "libmbim: %s\n", err ? err->message : "no message");
		g_clear_error(&err);
		return -1;
	}
	mbim_message_set_transaction_id(m, txn);
	guint32 len = 0;
	GError *e = NULL;
	const guint8 *raw = mbim_message_get_raw(m, &len, &e);
	int r = -1;
	if (raw && len <= cap) {
		memcpy(out, raw, len);
		r = (int)len;
	} else if (e) {
		fprintf(stderr, "libmbim: %s\n", e->message);
		g_error_free(e);
	}
	mbim_message_unref(m);
	return r;
}

int ref_parsed(MbimMessage *m, gboolean ok, GError *e)
{
	if (!ok) {
		fprintf(stderr, "libmbim could not parse: %s\n", e ? e->message : "?");
		g_clear_error(&e);
	}
	mbim_message_unref(m);
	return ok ? 0 : -1;
}
