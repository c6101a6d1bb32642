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

/* ---- the cdc_mbim personality (--usb with --usb-mbim) ----
 *
 * FunctionFS refuses the CDC class descriptors cdc_mbim needs, so the MBIM
 * device goes through gadgetfs (the legacy gadget file system: the whole
 * device and configuration descriptor set written to its ep0 file, every
 * class request read from it as an event). The composition:
 *   interface 0  CDC MBIM (02/0e/00): header, union (0 -> 1) and MBIM
 *                functional descriptors, one interrupt IN endpoint
 *   interface 1  CDC data (0a/00/02): alternate 0 without endpoints,
 *                alternate 1 with a bulk IN and a bulk OUT endpoint
 * Control: one MBIM message per SEND_ENCAPSULATED_COMMAND, one per
 * GET_ENCAPSULATED_RESPONSE after a RESPONSE_AVAILABLE on the interrupt
 * endpoint. Data: NTB16 (NTH16 + NDP16 "IPS<n>", n the session) on the
 * bulk pair.
 *
 *   usb_ntb.c       pure: descriptors, NTB parameters, NTB16 in and out
 *   usb_gadgetfs.c  the gadgetfs mount, ep0 events, endpoints' I/O */

#define SIM_USB_MBIM_VID 0x2cb7         /* Fibocom L850-GL, an MBIM-only module */
#define SIM_USB_MBIM_PID 0x0007
/* wMaxControlMessage: gadgetfs answers an IN request on ep0 with at most
 * 256 bytes (it cuts a larger wLength to its buffer) and stalls an OUT
 * request with more, so the host and the emulator fragment MBIM messages
 * at 256 bytes (the host reads the size from this descriptor) */
#define SIM_USB_MBIM_MAX_CONTROL 256
#define SIM_USB_MBIM_NTB_MAX 16384      /* dwNtbIn/OutMaxSize */
#define SIM_USB_MBIM_MTU 1500           /* wMaxSegmentSize */

/* CDC NCM class requests cdc_ncm/cdc_mbim send (NCM 1.0, 6.2). */
#define SIM_USB_RESET_FUNCTION 0x05
#define SIM_USB_GET_NTB_PARAMETERS 0x80
#define SIM_USB_GET_NTB_FORMAT 0x83
#define SIM_USB_SET_NTB_FORMAT 0x84
#define SIM_USB_GET_NTB_INPUT_SIZE 0x85
#define SIM_USB_SET_NTB_INPUT_SIZE 0x86
#define SIM_USB_GET_MAX_DATAGRAM_SIZE 0x87
#define SIM_USB_SET_MAX_DATAGRAM_SIZE 0x88
#define SIM_USB_GET_CRC_MODE 0x89
#define SIM_USB_SET_CRC_MODE 0x8a

/* Endpoint addresses (the gadget controller's fixed endpoints). */
struct sim_usb_mbim_eps {
	uint8_t notify, bulk_in, bulk_out;
};

/* gadgetfs's device block: tag 0, full-speed configuration, high-speed
 * configuration, device descriptor. Returns its length or -ENOSPC. */
int sim_usb_mbim_device_block(const struct sim_usb_mbim_eps *eps, uint16_t vid, uint16_t pid,
			      uint16_t bcd_device, uint8_t *buf, size_t cap);
/* gadgetfs's endpoint block: tag 1, full-speed, then high-speed endpoint
 * descriptor of the endpoint at addr (which must be one of eps). */
int sim_usb_mbim_ep_block(const struct sim_usb_mbim_eps *eps, uint8_t addr, uint8_t *buf, size_t cap);
/* The 28-byte answer to GET_NTB_PARAMETERS. */
int sim_usb_mbim_ntb_params(uint8_t *buf, size_t cap);
/* A string descriptor (index 0: the language list) from ASCII text. */
int sim_usb_string_desc(const char *text, uint8_t *buf, size_t cap);

/* One NTB16 holding one datagram of session (NDP16 "IPS<session>"),
 * sequence seq. Returns its length, or -ENOSPC. */
int sim_ntb16_build(uint8_t session, uint16_t seq, const uint8_t *dgram, size_t len, uint8_t *buf,
		    size_t cap);
/* Walks an NTB16 from the host: every datagram of every NDP16 goes to fn
 * with its session (-1 for an NDP whose signature is not IPS). Returns the
 * number of datagrams, or -EINVAL with *why naming the first problem
 * (bad signature, header length, block length, NDP out of the block, a
 * datagram out of the block, an NDP chain that loops). */
typedef void (*sim_ntb16_fn)(void *ctx, int session, const uint8_t *dgram, size_t len);
int sim_ntb16_parse(const uint8_t *buf, size_t len, sim_ntb16_fn fn, void *ctx, const char **why);

struct sim_usbg;
int sim_usbg_start(struct sim *s, const struct sim_usb_config *cfg, struct sim_usbg **out);
void sim_usbg_stop(struct sim_usbg *g);
int sim_usbg_attach(struct sim_usbg *g);
void sim_usbg_detach(struct sim_usbg *g);
int sim_usbg_send(struct sim_usbg *g, const uint8_t *msg, size_t len);
int sim_usbg_command(struct sim_usbg *g, int argc, char **argv, struct strbuf *out);

#endif
