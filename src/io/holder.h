/* Finding the process that holds a device open (no I/O on the device). */
#ifndef CELLINK_IO_HOLDER_H
#define CELLINK_IO_HOLDER_H

#include <stddef.h>
#include <sys/types.h>

/* Another process that has path open (same device number), other than this
 * one; for a pty slave, not the process that owns its master (an emulator).
 * Returns its pid (>0) and its name in name, 0 when none is found. */
pid_t io_find_holder(const char *path, char *name, size_t cap);

#endif
