/* For the tests of cellink's MBIM core against libmbim-glib: one message as
 * both built it. */
#ifndef CELLINK_TESTS_MBIM_SAME_H
#define CELLINK_TESTS_MBIM_SAME_H

#include <stdint.h>

/* Fails the test (both messages in hex on stderr) unless a (na bytes,
 * cellink's) and b (nb, libmbim's) are the same and not empty. */
void same_bytes(const char *what, const uint8_t *a, int na, const uint8_t *b, int nb);

#endif
