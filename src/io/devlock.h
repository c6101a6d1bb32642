/* One device, one owner: an exclusive lock taken beside the device BEFORE
 * it is opened, so that two cellink processes started together cannot both
 * open it (nor both refuse, each seeing the other in /proc). */
#ifndef CELLINK_IO_DEVLOCK_H
#define CELLINK_IO_DEVLOCK_H

#include <stddef.h>

/* Locks the device at path: a file keyed by its device number, in
 * /run/cellink as root (a directory only root can write), else in
 * /run/lock. The winner writes its PID there. Returns a descriptor (>= 0)
 * to keep while the device is open, -1 when no lock could be taken (no
 * lock directory: the caller goes on without), or -EBUSY with errtext
 * naming the process that holds it. */
int io_dev_lock(const char *path, char *errtext, size_t cap);
/* Releases it (the file stays: removing it would race). */
void io_dev_unlock(int fd);

#endif
