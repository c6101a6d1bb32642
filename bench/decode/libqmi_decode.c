/* Peer side: libqmi-glib on the same frames, frame -> QmiMessage -> printable text. */
#include <libqmi-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mix.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s MIX.hex SECONDS\n", argv[0]);
		return 2;
	}
	struct mix mx;
	mix_load(&mx, argv[1]);
	double secs = atof(argv[2]);
	size_t out_bytes = 0;
	unsigned long long done = 0;
	double t0 = mix_now(), t;
	do {
		for (int rep = 0; rep < 4; rep++)
			for (size_t i = 0; i < mx.n; i++) {
				GByteArray *raw = g_byte_array_sized_new((guint)mx.len[i]);
				g_byte_array_append(raw, mx.frame[i], (guint)mx.len[i]);
				GError *err = NULL;
				QmiMessage *msg = qmi_message_new_from_raw(raw, &err);
				if (!msg) {
					fprintf(stderr, "frame %zu: %s\n", i, err ? err->message : "?");
					return 1;
				}
				gchar *text = qmi_message_get_printable_full(msg, NULL, "");
				out_bytes += strlen(text);
				g_free(text);
				qmi_message_unref(msg);
				g_byte_array_unref(raw);
				done++;
			}
		t = mix_now();
	} while (t - t0 < secs);
	printf("%.0f %zu\n", (double)done / (t - t0), (size_t)(out_bytes / done));
	mix_free(&mx);
	return 0;
}
