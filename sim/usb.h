/* cellink-sim's USB personality: the profile presented as a USB device
 * through FunctionFS on a gadget controller (dummy_hcd's dummy_udc, in
 * tests), so that the host's real drivers bind to it: qmi_wwan and cdc-wdm
 * on the QMI interface, qcserial or option on the serial ones.
 *
 *   usb_desc.c  pure: the FunctionFS descriptor and strings blocks built
 *               from the profile's layout, and the one-frame-per-command
 *               check; no I/O
 *   usb_ffs.c   the gadget in configfs, the functionfs mount, ep0 events
 *               and the endpoints' asynchronous I/O; it knows bytes and
 *               USB requests, not QMI messages: frames go to and come from
 *               the emulator's QMI port (qmi_port.c), packets to the data
 *               plane and bytes to the AT port through wiring.c
 *
 * On the QMI interface (CDC's encapsulated commands, as a real modem):
 *   host -> device  SEND_ENCAPSULATED_COMMAND on ep0, one QMUX frame each
 *   device -> host  RESPONSE_AVAILABLE on the interrupt IN endpoint, then
 *                   the host's GET_ENCAPSULATED_RESPONSE on ep0 takes one
 *                   frame (a zero-length answer when none is waiting)
 *   data            raw IP or 802.3 frames (as WDA negotiated) on the bulk
 *                   pair
 */
#ifndef CELLINK_SIM_USB_H
#define CELLINK_SIM_USB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

struct sim;
struct sim_profile;

/* CDC class requests and notification (USB CDC 1.2, 6.2 and 6.3). */
#define SIM_USB_SEND_ENCAPSULATED_COMMAND 0x00
#define SIM_USB_GET_ENCAPSULATED_RESPONSE 0x01
#define SIM_USB_SET_CONTROL_LINE_STATE 0x22
#define SIM_USB_NOTIFY_RESPONSE_AVAILABLE 0x01

/* ---- usb_desc.c: pure ---- */

#define SIM_USB_MAX_IFS 16
#define SIM_USB_MAX_EPS 15

/* Where each endpoint of the descriptor block belongs: FunctionFS names
 * the endpoint files ep1, ep2 ... in the order of the descriptors. */
struct sim_usb_ep_map {
	uint8_t ifnum;          /* interface number */
	uint8_t addr;           /* as declared; the controller picks the real one */
	uint8_t attr;           /* 2 bulk, 3 interrupt */
	uint16_t maxps_hs;
};

struct sim_usb_layout {
	size_t n_ifs;           /* interfaces declared: 0 .. highest number */
	size_t n_eps;
	struct sim_usb_ep_map ep[SIM_USB_MAX_EPS];
};

/* The descriptor block (FunctionFS v2 format, full and high speed) for the
 * profile: its interfaces at their own numbers with their classes and
 * endpoints, and an interface without endpoints (vendor class) for each
 * number the profile leaves out, since interface numbers are dense.
 * Returns the length, or -ENOSPC / -EINVAL (a layout FunctionFS cannot
 * carry). lay (may be NULL) receives the endpoint order. */
int sim_usb_descriptors(const struct sim_profile *p, uint8_t *buf, size_t cap,
			struct sim_usb_layout *lay);
/* The strings block: no strings (every iInterface is 0). */
int sim_usb_strings(uint8_t *buf, size_t cap);
/* bInterval of a high-speed interrupt endpoint polled every ms. */
uint8_t sim_usb_hs_interval(unsigned ms);

/* How many whole QMUX frames a SEND_ENCAPSULATED_COMMAND's data holds,
 * and whether they fill it exactly (*exact). A conforming host sends
 * exactly one. */
unsigned sim_usb_count_frames(const uint8_t *data, size_t len, bool *exact);

/* ---- usb_ffs.c: the device ---- */

struct sim_usb_config {
	const char *udc;        /* e.g. "dummy_udc.0"; "auto": the first one */
	const char *configfs;   /* NULL: /sys/kernel/config */
};

/* Builds the gadget and the function, opens the endpoints. The device is
 * not yet attached (sim_port_open attaches it). 0 or -errno (messages
 * through sim_err). */
int sim_usb_start(struct sim *s, const struct sim_usb_config *cfg);
/* Detaches, closes and removes everything sim_usb_start made. */
void sim_usb_stop(struct sim *s);
/* Binds the gadget to the controller: the host sees the device arrive. */
int sim_usb_attach(struct sim *s);
/* Unbinds it: the host sees the device vanish. Queued responses are lost. */
void sim_usb_detach(struct sim *s);
/* One QMI frame for the host: queued, then RESPONSE_AVAILABLE. 0, or
 * -errno when it cannot be queued. */
int sim_usb_qmi_send(struct sim *s, const uint8_t *frame, size_t len);
/* The "usb" control command: status and the faults of this level. */
int sim_usb_command(struct sim *s, int argc, char **argv, struct strbuf *out);

#endif
