/* mbim_same.h: cellink's bytes against libmbim's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mbim_same.h"

void same_bytes(const char *what, const uint8_t *a, int na, const uint8_t *b, int nb)
{
	if (na == nb && na > 0 && !memcmp(a, b, (size_t)na))
		return;
	fprintf(stderr, "%s differs\n cellink (%d):", what, na);
	for (int i = 0; i < na; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", a[i]);
	fprintf(stderr, "\n libmbim (%d):", nb);
	for (int i = 0; i < nb; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", b[i]);
	fprintf(stderr, "\n");
	fail_msg("%s: cellink and libmbim disagree", what);
}
