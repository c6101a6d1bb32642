/* What the libmbim-glib reference helpers (mbim_ref*.c) share: a message
 * libmbim built, taken as bytes, and the end of a parse. GLib types: only
 * the reference's own sources include this. */
#ifndef CELLINK_TESTS_MBIM_REF_GLIB_H
#define CELLINK_TESTS_MBIM_REF_GLIB_H

#include <libmbim-glib.h>
#include <stddef.h>
#include <stdint.h>

/* m (NULL: building failed with err) with transaction id txn, copied to
 * out; m is freed. The length, or -1 (said on stderr) when m is NULL or
 * does not fit in cap. */
int ref_take(MbimMessage *m, GError *err, uint32_t txn, uint8_t *out, size_t cap);
/* the end of a parse of m: 0 when ok, else -1 with e said on stderr; m and
 * e are freed */
int ref_parsed(MbimMessage *m, gboolean ok, GError *e);

#endif
