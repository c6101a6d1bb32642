/* The refused-PIN memory: which PINs each SIM has refused, kept across
 * processes so that no cellink process presents such a PIN to that SIM
 * again. Under DIR (RUNTIME_DIR/pin, mode 0700, root's), one file per SIM,
 * named by a hash of its ICCID, holding one SHA-256 per refused PIN, salted
 * with the ICCID. No PIN and no ICCID is stored in the clear.
 *
 * Files are written safely: the directory must be ours and closed to
 * others (else nothing is read or written), each file is made new with
 * O_CREAT|O_EXCL|O_NOFOLLOW and renamed into place. */
#ifndef CELLINK_STORE_PIN_MEMORY_H
#define CELLINK_STORE_PIN_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

/* at most this many refused PINs are kept per SIM (the newest) */
#define PIN_MEMORY_MAX 16

struct pin_memory {
	char dir[256];
	char why[256];          /* after a failure: what is wrong, in words */
};

/* Points the memory at RUNTIME_DIR/pin; nothing is touched yet. */
void pin_memory_init(struct pin_memory *m, const char *runtime_dir);

/* 1 when this SIM (iccid, "" when unknown) has refused this PIN, 0 when
 * not, -errno (m->why says why) when the memory cannot be trusted. */
int pin_memory_refused(struct pin_memory *m, const char *iccid, const char *pin);

/* Remembers that this SIM refused this PIN. 0 or -errno (m->why). Creates
 * the directory (0700) when missing. */
int pin_memory_remember(struct pin_memory *m, const char *iccid, const char *pin);

#endif
