/* MBIM in a link, as one optional part (CMake option CELLINK_MBIM, on by
 * default): what connect, the daemon, the SMS watch and the control
 * socket's toolbox do with an MBIM modem goes through these calls.
 * mbim_part.c drives the MBIM adapter (conn/conn_mbim.h) and QMI over
 * MBIM (client/qmi_mbim.h); with -DCELLINK_MBIM=OFF mbim_part_none.c
 * stands in and says that the build has no MBIM, so nothing refers to
 * the MBIM core, its client or its adapter and the linker drops them.
 *
 * CELLINK_MBIM (1 built, 0 left out) is also a constant for the callers
 * outside the link (cli/cmd_decode.c, cli/cmd_tool.c, tool/tool.c), whose
 * MBIM code is then dropped as unreachable. */
#ifndef CELLINK_HOST_MBIM_PART_H
#define CELLINK_HOST_MBIM_PART_H

#include <stddef.h>

#ifndef CELLINK_MBIM
#define CELLINK_MBIM 1
#endif

/* The sentence every refusal starts with. */
#define MBIM_PART_NONE "this build of cellink has no MBIM (built with -DCELLINK_MBIM=OFF)"

struct conn_host;

/* Starts the state machine on h's device over MBIM (h->protocol is
 * CTL_PROTO_MBIM): the adapter made once and kept (h->mbim), the trace
 * on --verbose. 0, or < 0 with h->conn.exit_status and h->conn.why set
 * when it cannot run (no memory; no MBIM in this build: exit status
 * USAGE when MBIM was asked for by name, NO_DEVICE when the device was
 * found to speak it, so mode auto may fall back to PPP). */
int mbim_part_start(struct conn_host *h);
/* Frees h's MBIM adapter and QMI over MBIM (QMI over MBIM first: it rides
 * on the adapter's client). Nothing to do when there are none. */
void mbim_part_free(struct conn_host *h);
/* conn_host_tunnel (host/conn_host.h), QMI over MBIM for the SMS watch and
 * the control socket's toolbox, is here too; without MBIM it is -ENODEV. */

#endif
