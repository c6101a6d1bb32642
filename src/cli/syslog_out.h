/* --syslog: the program's own output lines go to syslog instead of the
 * terminal (OpenWrt's logd, read with logread; journald elsewhere). */
#ifndef CELLINK_CLI_SYSLOG_OUT_H
#define CELLINK_CLI_SYSLOG_OUT_H

#include <stddef.h>

/* Replaces stdout and stderr by streams that send each line as one
 * datagram to /dev/log (CELLINK_SYSLOG_SOCKET names another socket), as
 * "<PRI>IDENT[PID]: LINE", facility daemon. The priority comes from the
 * line: "error: " err, "warning: " warning, "debug: " or a state
 * transition ("a --event--> b") debug, other standard error err, other
 * standard output info. The "[  1.234] " time prefix is dropped (syslog
 * stamps its own). 0, or -errno when the streams cannot be made. */
int syslog_out_start(const char *ident);
/* The priority (0..7) of one line; for the unit test. */
int syslog_out_priority(const char *line, size_t len, int is_stderr);

#endif
