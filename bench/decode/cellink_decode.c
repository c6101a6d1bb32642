/* cellink side: frame -> decoded fields -> text (and JSON) output. */
#include <stdio.h>
#include <stdlib.h>

#include "common/strbuf.h"
#include "mix.h"
#include "qmi/qmi.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s MIX.hex SECONDS [json]\n", argv[0]);
		return 2;
	}
	struct mix mx;
	mix_load(&mx, argv[1]);
	double secs = atof(argv[2]);
	int json = argc > 3;
	struct qmi_msg *m = malloc(sizeof(*m));
	struct strbuf sb;
	sb_init(&sb);
	size_t out_bytes = 0;
	unsigned long long done = 0;
	double t0 = mix_now(), t;
	do {
		for (int rep = 0; rep < 64; rep++)
			for (size_t i = 0; i < mx.n; i++) {
				if (qmi_decode(m, mx.frame[i], mx.len[i], 0) != 0) {
					fprintf(stderr, "frame %zu does not decode: %s\n", i, m->errtext);
					return 1;
				}
				sb_reset(&sb);
				if (json)
					qmi_print_json(&sb, m, 0);
				else
					qmi_print_text(&sb, m, 0);
				out_bytes += sb.len;
				done++;
			}
		t = mix_now();
	} while (t - t0 < secs);
	printf("%.0f %zu\n", (double)done / (t - t0), (size_t)(out_bytes / done));
	sb_free(&sb);
	free(m);
	mix_free(&mx);
	return 0;
}
