/* SHA-256 (FIPS 180-4), small and without dependencies: for the refused-PIN
 * memory, which must not keep PINs in the clear. */
#ifndef CELLINK_COMMON_SHA256_H
#define CELLINK_COMMON_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;           /* bytes hashed so far */
	uint8_t buf[64];
	size_t n;               /* bytes in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* The digest; s is wiped. */
void sha256_final(struct sha256 *s, uint8_t out[SHA256_LEN]);
/* The digest of one buffer. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);

#endif
