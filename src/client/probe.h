/* Which control protocol a device speaks, for a device sysfs cannot name
 * (a pty, the emulator): an MBIM OPEN and a QMI CTL get-version-info go
 * out together (an MBIM function answers OPEN_DONE and drops the QMUX
 * bytes; a QMI modem answers CTL and skips the MBIM bytes as no QMUX
 * frame), and the first answer decides. The wait is bounded; the device
 * is closed again (an MBIM function after a CLOSE), so the bring-up starts
 * afresh. */
#ifndef CELLINK_CLIENT_PROBE_H
#define CELLINK_CLIENT_PROBE_H

#include <stddef.h>

enum ctl_proto { CTL_PROTO_UNKNOWN = 0, CTL_PROTO_QMI, CTL_PROTO_MBIM };

/* Waits at most wait_ms for an answer. Returns CTL_PROTO_QMI or
 * CTL_PROTO_MBIM, CTL_PROTO_UNKNOWN when neither answered, or a negative
 * errno when the device cannot be opened; why receives a sentence. */
int ctl_proto_probe(const char *path, int wait_ms, char *why, size_t cap);

const char *ctl_proto_name(int proto);

#endif
