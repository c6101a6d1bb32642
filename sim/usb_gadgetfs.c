/* The cdc_mbim personality's I/O (usb.h): gadgetfs mounted on a private
 * directory, its ep0 file (named after the controller) taking the whole
 * descriptor set and giving every request the kernel leaves to user space
 * as an event, and the three endpoint files with native AIO completions
 * on an eventfd in the event loop.
 *
 * gadgetfs facts this relies on (drivers/usb/gadget/legacy/inode.c):
 *   - writing the descriptor block to ep0 binds to the first free
 *     controller; closing ep0 unbinds (the host sees the device go);
 *   - the endpoint files appear at the bind, named by the controller
 *     (dummy_hcd: ep1in-bulk, ep2out-bulk, ep5in-int), and are enabled by
 *     writing their descriptors once the host has chosen a configuration;
 *   - after a SETUP event, a write on ep0 is the IN data stage, a read of
 *     0 bytes acknowledges an OUT request without data, a read of N bytes
 *     collects its data, and a transfer in the wrong direction stalls;
 *   - SET_CONFIGURATION and SET_INTERFACE are left to user space. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/usb/ch9.h>
#include <linux/usb/gadgetfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/util.h"
#include "sim/sim.h"
#include "sim/usb.h"

#define QUEUE_MAX 64
#define NTB_BUF (SIM_USB_MBIM_NTB_MAX + 4)
#define DGRAM_MAX 2048

/* dummy_hcd's fixed endpoints, by name and address */
static const struct {
	const char *name;
	uint8_t addr;
} ep_files[3] = { { "ep5in-int", 0x85 }, { "ep1in-bulk", 0x81 }, { "ep2out-bulk", 0x02 } };
enum { E_NOTIFY, E_IN, E_OUT };

struct gpkt {
	struct gpkt *next;
	size_t len;
	uint8_t d[];
};

struct gq {
	struct gpkt *head, *tail;
	unsigned n;
};

struct gep {
	struct sim_usbg *g;
	int fd;
	bool enabled, busy;
	struct iocb cb;
	struct gq q;            /* IN: waiting */
	struct gpkt *cur;       /* IN: in flight */
	unsigned fails_in_row;
};

struct sim_usbg {
	struct sim *s;
	char mnt[PATH_MAX];
	char chip[PATH_MAX + 300];
	bool mounted, bound, configured;
	int ep0;
	struct ev_fd ep0h;
	aio_context_t ctx;
	int efd;
	struct ev_fd efdh;
	struct gep ep[3];
	struct sim_usb_mbim_eps addrs;
	uint8_t data_alt;
	struct gq resp;         /* MBIM messages waiting for GET_ENCAPSULATED_RESPONSE */
	unsigned notes_unread;
	uint16_t seq;
	uint32_t ntb_input_size;
	unsigned long commands, violations, responses, empty_responses, notifications, resp_dropped,
		ntb_out, ntb_in, bad_ntb, dgram_up, dgram_down, dgram_other, dropped, ntb_params,
		set_input_size, set_interface, stalls, attaches, detaches, resets;
	uint8_t ctrl[SIM_USB_MBIM_MAX_CONTROL + 64];
	uint8_t rbuf[NTB_BUF];
	uint8_t answer[DGRAM_MAX], ntb[DGRAM_MAX + 64];
};

static long gaio_setup(unsigned n, aio_context_t *ctx) { return syscall(SYS_io_setup, n, ctx); }
static long gaio_destroy(aio_context_t ctx) { return syscall(SYS_io_destroy, ctx); }
static long gaio_submit(aio_context_t ctx, long n, struct iocb **cbs)
{
	return syscall(SYS_io_submit, ctx, n, cbs);
}
static long gaio_getevents(aio_context_t ctx, long min, long max, struct io_event *ev, struct timespec *t)
{
	return syscall(SYS_io_getevents, ctx, min, max, ev, t);
}

static struct gpkt *gpkt_new(const uint8_t *d, size_t len)
{
	struct gpkt *p = malloc(sizeof(*p) + (len ? len : 1));
	if (!p)
		return NULL;
	p->next = NULL;
	p->len = len;
	if (len)
		memcpy(p->d, d, len);
	return p;
}

static void gq_push(struct gq *q, struct gpkt *p)
{
	if (q->tail)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	q->n++;
}

static struct gpkt *gq_pop(struct gq *q)
{
	struct gpkt *p = q->head;
	if (!p)
		return NULL;
	q->head = p->next;
	if (!q->head)
		q->tail = NULL;
	q->n--;
	return p;
}

static void gq_clear(struct gq *q)
{
	struct gpkt *p;
	while ((p = gq_pop(q)))
		free(p);
}

/* ---- endpoints ---- */

static void ep_kick(struct gep *e)
{
	struct sim_usbg *g = e->g;
	if (e->busy || !e->enabled || !g->configured || e->fd < 0)
		return;
	bool out = e == &g->ep[E_OUT];
	if (!out) {
		if (!e->cur)
			e->cur = gq_pop(&e->q);
		if (!e->cur)
			return;
	}
	memset(&e->cb, 0, sizeof(e->cb));
	e->cb.aio_data = (uint64_t)(uintptr_t)e;
	e->cb.aio_lio_opcode = out ? IOCB_CMD_PREAD : IOCB_CMD_PWRITE;
	e->cb.aio_fildes = (uint32_t)e->fd;
	e->cb.aio_buf = (uint64_t)(uintptr_t)(out ? g->rbuf : e->cur->d);
	/* an OUT transfer ends at a short packet or at the NTB's maximum */
	e->cb.aio_nbytes = out ? SIM_USB_MBIM_NTB_MAX : e->cur->len;
	e->cb.aio_flags = IOCB_FLAG_RESFD;
	e->cb.aio_resfd = (uint32_t)g->efd;
	struct iocb *cbs[1] = { &e->cb };
	if (gaio_submit(g->ctx, 1, cbs) == 1)
		e->busy = true;
	else
		sim_log(g->s, "usb: %s: cannot submit: %s", ep_files[e - g->ep].name, strerror(errno));
}

static void in_queue(struct sim_usbg *g, int which, const uint8_t *d, size_t len)
{
	struct gep *e = &g->ep[which];
	if (e->q.n >= QUEUE_MAX) {
		g->dropped++;
		return;
	}
	struct gpkt *p = gpkt_new(d, len);
	if (!p) {
		g->dropped++;
		return;
	}
	gq_push(&e->q, p);
	ep_kick(e);
}

static void notify_kick(struct sim_usbg *g)
{
	/* one RESPONSE_AVAILABLE per message the host was not yet told of */
	while (g->resp.n > g->notes_unread && g->ep[E_NOTIFY].q.n < QUEUE_MAX) {
		uint8_t n[8] = { USB_DIR_IN | USB_TYPE_CLASS | USB_RECIP_INTERFACE,
				 SIM_USB_NOTIFY_RESPONSE_AVAILABLE, 0, 0, 0, 0, 0, 0 };
		in_queue(g, E_NOTIFY, n, sizeof(n));
		g->notes_unread++;
	}
}

struct up_ctx {
	struct sim_usbg *g;
};

static void on_datagram(void *ctx, int session, const uint8_t *d, size_t len)
{
	struct sim_usbg *g = ((struct up_ctx *)ctx)->g;
	if (session != 0) {
		/* sessions beyond 0 (VLANs on the host) are not carried yet */
		g->dgram_other++;
		return;
	}
	g->dgram_up++;
	int r = sim_wire_packet(g->s, d, len, g->answer, sizeof(g->answer));
	if (r <= 0)
		return;
	int n = sim_ntb16_build(0, g->seq++, g->answer, (size_t)r, g->ntb, sizeof(g->ntb) - 1);
	if (n < 0) {
		g->dropped++;
		return;
	}
	/* a transfer of whole packets would not end: one byte of padding
	 * past wBlockLength makes it short */
	if (n % 64 == 0)
		g->ntb[n++] = 0;
	g->dgram_down++;
	g->ntb_in++;
	in_queue(g, E_IN, g->ntb, (size_t)n);
}

static void ep_done(struct sim_usbg *g, struct gep *e, long res)
{
	e->busy = false;
	bool out = e == &g->ep[E_OUT];
	if (res < 0) {
		if (!out) {
			if (e == &g->ep[E_NOTIFY] && e->cur && g->notes_unread)
				g->notes_unread--;
			free(e->cur);
			e->cur = NULL;
		}
		sim_log(g->s, "usb: %s: %s", ep_files[e - g->ep].name, strerror((int)-res));
		if (!g->configured || ++e->fails_in_row > 8)
			return;
		ep_kick(e);
		return;
	}
	e->fails_in_row = 0;
	if (!out) {
		if (e == &g->ep[E_NOTIFY])
			g->notifications++;
		free(e->cur);
		e->cur = NULL;
	} else if (res > 0) {
		g->ntb_out++;
		const char *why;
		struct up_ctx c = { g };
		if (sim_ntb16_parse(g->rbuf, (size_t)res, on_datagram, &c, &why) < 0) {
			g->bad_ntb++;
			sim_log(g->s, "usb: NTB of %ld bytes refused: %s", res, why);
		}
	}
	ep_kick(e);
}

static void efd_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_usbg *g = container_of(h, struct sim_usbg, efdh);
	uint64_t n;
	if (read(g->efd, &n, sizeof(n)) != sizeof(n))
		return;
	struct io_event ev[8];
	struct timespec zero = { 0, 0 };
	long got;
	while ((got = gaio_getevents(g->ctx, 0, 8, ev, &zero)) > 0) {
		for (long i = 0; i < got; i++)
			ep_done(g, (struct gep *)(uintptr_t)ev[i].data, (long)ev[i].res);
		notify_kick(g);
	}
}

/* The host chose the configuration: the endpoints take their descriptors. */
static int eps_enable(struct sim_usbg *g)
{
	for (int i = 0; i < 3; i++) {
		struct gep *e = &g->ep[i];
		if (e->enabled || e->fd < 0)
			continue;
		uint8_t blk[32];
		int n = sim_usb_mbim_ep_block(&g->addrs, ep_files[i].addr, blk, sizeof(blk));
		if (n < 0 || write(e->fd, blk, (size_t)n) != n) {
			int r = n < 0 ? n : -errno;
			sim_err(g->s, "usb: %s refused its descriptors: %s", ep_files[i].name, strerror(-r));
			return r;
		}
		e->enabled = true;
	}
	return 0;
}

/* ---- ep0 ---- */

static void ep0_stall(struct sim_usbg *g, bool in)
{
	g->stalls++;
	ssize_t r = in ? read(g->ep0, g->ctrl, 0) : write(g->ep0, g->ctrl, 0);
	(void)r;
}

static void ep0_ack(struct sim_usbg *g)
{
	ssize_t r = read(g->ep0, g->ctrl, 0);
	(void)r;
}

static void ep0_answer(struct sim_usbg *g, const void *d, size_t n, uint16_t wlength)
{
	ssize_t r = write(g->ep0, d, n > wlength ? wlength : n);
	if (r < 0)
		sim_log(g->s, "usb: ep0 answer: %s", strerror(errno));
}

/* The data stage of an OUT request: gadgetfs has it queued already, and
 * it has usually arrived; if not, this waits for it. */
static ssize_t ep0_data(struct sim_usbg *g, uint16_t len)
{
	if (len > sizeof(g->ctrl))
		len = sizeof(g->ctrl);
	ssize_t n = read(g->ep0, g->ctrl, len);
	if (n < 0 && errno == EAGAIN) {
		int fl = fcntl(g->ep0, F_GETFL);
		(void)fcntl(g->ep0, F_SETFL, fl & ~O_NONBLOCK);
		do
			n = read(g->ep0, g->ctrl, len);
		while (n < 0 && errno == EINTR);
		(void)fcntl(g->ep0, F_SETFL, fl);
	}
	return n;
}

static void mbim_command(struct sim_usbg *g, uint16_t len)
{
	struct sim *s = g->s;
	ssize_t n = ep0_data(g, len);
	if (n < 0) {
		sim_log(s, "usb: SEND_ENCAPSULATED_COMMAND: %s", strerror(errno));
		return;
	}
	g->commands++;
	int m = sim_mbim_frame_len(g->ctrl, (size_t)n);
	if (m != (int)n) {
		g->violations++;
		sim_err(s, "usb: violation: a SEND_ENCAPSULATED_COMMAND of %zd bytes is not one whole "
			"MBIM message (%d)", n, m);
	}
	if (m <= 0 || m > n)
		return;
	s->port.frames_in++;
	sim_mbim_input(s, g->ctrl, (size_t)m);
}

static void mbim_response(struct sim_usbg *g, uint16_t len)
{
	struct gpkt *p = gq_pop(&g->resp);
	if (!p) {
		g->empty_responses++;
		g->notes_unread = 0;
		ep0_answer(g, g->ctrl, 0, len);
		notify_kick(g);
		return;
	}
	if (p->len > len)
		sim_err(g->s, "usb: a response of %zu bytes cut to the host's %u", p->len, len);
	ep0_answer(g, p->d, p->len, len);
	g->responses++;
	free(p);
	if (g->notes_unread)
		g->notes_unread--;
	notify_kick(g);
}

static void class_request(struct sim_usbg *g, const struct usb_ctrlrequest *r)
{
	uint16_t len = le16toh(r->wLength), val = le16toh(r->wValue);
	bool in = r->bRequestType & USB_DIR_IN;
	uint8_t b[32];
	memset(b, 0, sizeof(b));
	switch (r->bRequest | (in ? 0x100 : 0)) {
	case SIM_USB_SEND_ENCAPSULATED_COMMAND:
		mbim_command(g, len);
		return;
	case SIM_USB_GET_ENCAPSULATED_RESPONSE | 0x100:
		mbim_response(g, len);
		return;
	case SIM_USB_GET_NTB_PARAMETERS | 0x100:
		g->ntb_params++;
		ep0_answer(g, b, (size_t)sim_usb_mbim_ntb_params(b, sizeof(b)), len);
		return;
	case SIM_USB_GET_NTB_INPUT_SIZE | 0x100:
		b[0] = (uint8_t)g->ntb_input_size;
		b[1] = (uint8_t)(g->ntb_input_size >> 8);
		b[2] = (uint8_t)(g->ntb_input_size >> 16);
		b[3] = (uint8_t)(g->ntb_input_size >> 24);
		ep0_answer(g, b, 4, len);
		return;
	case SIM_USB_SET_NTB_INPUT_SIZE: {
		ssize_t n = ep0_data(g, len);
		g->set_input_size++;
		if (n >= 4)
			g->ntb_input_size = (uint32_t)g->ctrl[0] | (uint32_t)g->ctrl[1] << 8 |
					    (uint32_t)g->ctrl[2] << 16 | (uint32_t)g->ctrl[3] << 24;
		sim_log(g->s, "usb: the host takes NTBs of up to %u bytes", g->ntb_input_size);
		return;
	}
	case SIM_USB_GET_NTB_FORMAT | 0x100:
	case SIM_USB_GET_CRC_MODE | 0x100:
		ep0_answer(g, b, 2, len);               /* NTB16, no CRC */
		return;
	case SIM_USB_GET_MAX_DATAGRAM_SIZE | 0x100:
		b[0] = SIM_USB_MBIM_MTU & 0xff;
		b[1] = SIM_USB_MBIM_MTU >> 8;
		ep0_answer(g, b, 2, len);
		return;
	case SIM_USB_SET_NTB_FORMAT:
		if (val != 0) {                         /* NTB32 is not offered */
			ep0_stall(g, false);
			return;
		}
		ep0_ack(g);
		return;
	case SIM_USB_RESET_FUNCTION:
	case SIM_USB_SET_CRC_MODE:
	case SIM_USB_SET_MAX_DATAGRAM_SIZE:
		if (len)
			(void)ep0_data(g, len);
		else
			ep0_ack(g);
		if (r->bRequest == SIM_USB_RESET_FUNCTION) {
			g->resets++;
			sim_mbim_reset(g->s);
		}
		return;
	default:
		sim_log(g->s, "usb: class request %02x/%02x value %04x length %u stalled", r->bRequestType,
			r->bRequest, val, len);
		if (!in && len)
			(void)ep0_data(g, len);
		else
			ep0_stall(g, in);
	}
}

static void setup(struct sim_usbg *g, const struct usb_ctrlrequest *r)
{
	uint16_t len = le16toh(r->wLength), val = le16toh(r->wValue), idx = le16toh(r->wIndex);
	bool in = r->bRequestType & USB_DIR_IN;
	uint8_t b[260];
	if ((r->bRequestType & USB_TYPE_MASK) == USB_TYPE_CLASS &&
	    (r->bRequestType & USB_RECIP_MASK) == USB_RECIP_INTERFACE && (idx & 0xff) == 0) {
		class_request(g, r);
		return;
	}
	if ((r->bRequestType & USB_TYPE_MASK) == USB_TYPE_STANDARD) {
		switch (r->bRequest) {
		case USB_REQ_GET_DESCRIPTOR:
			if (in && val >> 8 == USB_DT_STRING) {
				const struct sim_profile *p = g->s->prof;
				const char *txt[] = { NULL, "Fibocom Wireless Inc.", "L850-GL LTE Module",
						      p->usb_serial ? p->usb_serial : "0123456789ABCDEF" };
				unsigned i = val & 0xff;
				if (i < 4) {
					int n = sim_usb_string_desc(txt[i], b, sizeof(b));
					ep0_answer(g, b, n > 0 ? (size_t)n : 0, len);
					return;
				}
			}
			break;
		case USB_REQ_SET_CONFIGURATION:
			if (val) {
				if (eps_enable(g) == 0) {
					g->configured = true;
					sim_log(g->s, "usb: configuration %u set by the host", val);
				}
			} else {
				g->configured = false;
			}
			ep0_ack(g);
			for (int i = 0; i < 3; i++) {
				g->ep[i].fails_in_row = 0;
				ep_kick(&g->ep[i]);
			}
			notify_kick(g);
			return;
		case USB_REQ_SET_INTERFACE:
			/* the bulk pair stays enabled in both alternates of the
			 * data interface: the host sends nothing in alternate 0 */
			g->set_interface++;
			if ((idx & 0xff) == 1)
				g->data_alt = (uint8_t)val;
			sim_log(g->s, "usb: interface %u alternate %u", idx & 0xff, val);
			ep0_ack(g);
			return;
		case USB_REQ_GET_INTERFACE:
			if (in) {
				b[0] = (idx & 0xff) == 1 ? g->data_alt : 0;
				ep0_answer(g, b, 1, len);
				return;
			}
			break;
		default:
			break;
		}
	}
	sim_log(g->s, "usb: request %02x/%02x value %04x index %04x length %u stalled", r->bRequestType,
		r->bRequest, val, idx, len);
	if (!in && len)
		(void)ep0_data(g, len);
	else
		ep0_stall(g, in);
}

static void ep0_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_usbg *g = container_of(h, struct sim_usbg, ep0h);
	for (;;) {
		struct usb_gadgetfs_event ev[5];
		ssize_t n = read(g->ep0, ev, sizeof(ev));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (size_t i = 0; i < (size_t)n / sizeof(ev[0]); i++) {
			switch (ev[i].type) {
			case GADGETFS_CONNECT:
				sim_log(g->s, "usb: connected (speed %d)", (int)ev[i].u.speed);
				break;
			case GADGETFS_DISCONNECT:
				sim_log(g->s, "usb: disconnected");
				g->configured = false;
				break;
			case GADGETFS_SETUP:
				setup(g, &ev[i].u.setup);
				break;
			default:
				break;
			}
		}
	}
}

/* ---- set-up and tear-down ---- */

static int find_chip(struct sim_usbg *g)
{
	DIR *d = opendir(g->mnt);
	if (!d)
		return -errno;
	struct dirent *de;
	int r = -ENODEV;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strncmp(de->d_name, "ep", 2))
			continue;
		snprintf(g->chip, sizeof(g->chip), "%s/%s", g->mnt, de->d_name);
		r = 0;
		break;
	}
	closedir(d);
	return r;
}

int sim_usbg_start(struct sim *s, const struct sim_usb_config *cfg, struct sim_usbg **out)
{
	struct sim_usbg *g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	*out = g;
	g->s = s;
	g->ep0 = g->efd = -1;
	for (int i = 0; i < 3; i++) {
		g->ep[i].g = g;
		g->ep[i].fd = -1;
	}
	g->addrs = (struct sim_usb_mbim_eps){ ep_files[E_NOTIFY].addr, ep_files[E_IN].addr,
					      ep_files[E_OUT].addr };
	g->ntb_input_size = SIM_USB_MBIM_NTB_MAX;
	(void)cfg;      /* gadgetfs binds to the first free controller itself */
	s->m.link_layer = s->init.link_layer = 2;       /* NTBs carry IP packets */
	int r;
	snprintf(g->mnt, sizeof(g->mnt), "/run/cellink-sim-gadgetfs.XXXXXX");
	if (!mkdtemp(g->mnt)) {
		snprintf(g->mnt, sizeof(g->mnt), "/tmp/cellink-sim-gadgetfs.XXXXXX");
		if (!mkdtemp(g->mnt)) {
			r = -errno;
			g->mnt[0] = 0;
			sim_err(s, "usb: mount point: %s", strerror(-r));
			return r;
		}
	}
	if (mount("gadgetfs", g->mnt, "gadgetfs", 0, NULL) < 0) {
		r = -errno;
		sim_err(s, "usb: mount gadgetfs: %s (gadgetfs loaded? a gadget controller free?)",
			strerror(-r));
		return r;
	}
	g->mounted = true;
	if ((r = find_chip(g)) < 0) {
		sim_err(s, "usb: no controller file in the gadgetfs mount");
		return r;
	}
	if (gaio_setup(16, &g->ctx) < 0) {
		r = -errno;
		sim_err(s, "usb: io_setup: %s", strerror(-r));
		return r;
	}
	g->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (g->efd < 0)
		return -errno;
	g->efdh.fd = g->efd;
	g->efdh.cb = efd_cb;
	if ((r = ev_fd_add(&s->loop, &g->efdh, EV_READ)) < 0)
		return r;
	sim_log(s, "usb: MBIM device %04x:%04x through gadgetfs (%s)", SIM_USB_MBIM_VID, SIM_USB_MBIM_PID,
		g->chip);
	return 0;
}

int sim_usbg_attach(struct sim_usbg *g)
{
	struct sim *s = g->s;
	if (g->bound)
		return 0;
	uint8_t blk[512];
	int n = sim_usb_mbim_device_block(&g->addrs, SIM_USB_MBIM_VID, SIM_USB_MBIM_PID, 0x0100, blk,
					  sizeof(blk));
	if (n < 0)
		return n;
	g->ep0 = open(g->chip, O_RDWR | O_CLOEXEC);
	if (g->ep0 < 0) {
		int r = -errno;
		sim_err(s, "usb: %s: %s", g->chip, strerror(-r));
		return r;
	}
	if (write(g->ep0, blk, (size_t)n) != n) {
		int r = -errno;
		sim_err(s, "usb: descriptors refused: %s", strerror(-r));
		close(g->ep0);
		g->ep0 = -1;
		return r;
	}
	g->bound = true;
	g->attaches++;
	int r;
	if (fcntl(g->ep0, F_SETFL, fcntl(g->ep0, F_GETFL) | O_NONBLOCK) < 0)
		return -errno;
	for (int i = 0; i < 3; i++) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof(path), "%s/%s", g->mnt, ep_files[i].name);
		g->ep[i].fd = open(path, O_RDWR | O_CLOEXEC);
		if (g->ep[i].fd < 0) {
			r = -errno;
			sim_err(s, "usb: endpoint %s: %s (not dummy_hcd?)", path, strerror(-r));
			return r;
		}
	}
	g->ep0h.fd = g->ep0;
	g->ep0h.cb = ep0_cb;
	if ((r = ev_fd_add(&s->loop, &g->ep0h, EV_READ)) < 0)
		return r;
	sim_log(s, "usb: attached");
	return 0;
}

void sim_usbg_detach(struct sim_usbg *g)
{
	if (!g->bound)
		return;
	if (g->ep0h.registered)
		ev_fd_del(&g->s->loop, &g->ep0h);
	/* closing ep0 unbinds: the endpoints are disabled and what was in
	 * flight completes with an error, collected here (bounded) */
	close(g->ep0);
	g->ep0 = -1;
	for (int wait = 0; wait < 20; wait++) {
		bool busy = false;
		for (int i = 0; i < 3; i++)
			busy |= g->ep[i].busy;
		if (!busy)
			break;
		struct io_event ev[8];
		struct timespec t = { 0, 100 * 1000 * 1000 };
		long got = gaio_getevents(g->ctx, 1, 8, ev, &t);
		for (long i = 0; i < got; i++)
			((struct gep *)(uintptr_t)ev[i].data)->busy = false;
	}
	for (int i = 0; i < 3; i++) {
		struct gep *e = &g->ep[i];
		if (e->fd >= 0 && !e->busy)
			close(e->fd);
		e->fd = -1;
		e->enabled = false;
		if (!e->busy) {
			free(e->cur);
			e->cur = NULL;
		}
		gq_clear(&e->q);
	}
	gq_clear(&g->resp);
	g->notes_unread = 0;
	g->bound = g->configured = false;
	g->data_alt = 0;
	g->detaches++;
	sim_log(g->s, "usb: detached");
}

void sim_usbg_stop(struct sim_usbg *g)
{
	if (!g)
		return;
	sim_usbg_detach(g);
	if (g->efdh.registered)
		ev_fd_del(&g->s->loop, &g->efdh);
	if (g->ctx)
		gaio_destroy(g->ctx);
	for (int i = 0; i < 3; i++)
		free(g->ep[i].cur);
	if (g->efd >= 0)
		close(g->efd);
	if (g->mounted)
		(void)umount2(g->mnt, MNT_DETACH);
	if (g->mnt[0])
		(void)rmdir(g->mnt);
	free(g);
}

int sim_usbg_send(struct sim_usbg *g, const uint8_t *msg, size_t len)
{
	if (!g->bound)
		return -ENODEV;
	if (g->resp.n >= QUEUE_MAX) {
		free(gq_pop(&g->resp));
		g->resp_dropped++;
		if (g->notes_unread)
			g->notes_unread--;
	}
	struct gpkt *p = gpkt_new(msg, len);
	if (!p)
		return -ENOMEM;
	gq_push(&g->resp, p);
	notify_kick(g);
	return 0;
}

int sim_usbg_command(struct sim_usbg *g, int argc, char **argv, struct strbuf *out)
{
	const char *sub = argc > 1 ? argv[1] : "status";
	long n = 0;
	if (argc > 2 && !sim_num(argv[2], 0, 600000, &n)) {
		sb_puts(out, "{\"ok\":false,\"error\":\"bad number\"}");
		return -1;
	}
	if (!strcmp(sub, "status")) {
		sb_printf(out, "{\"ok\":true,\"usb\":{\"function\":\"mbim\",\"gadget\":\"gadgetfs\","
			  "\"attached\":%s,\"configured\":%s,\"data_alternate\":%u,"
			  "\"commands\":%lu,\"violations\":%lu,\"responses\":%lu,\"empty_responses\":%lu,"
			  "\"notifications\":%lu,\"waiting\":%u,\"responses_dropped\":%lu,"
			  "\"ntb_parameters\":%lu,\"set_ntb_input_size\":%lu,\"ntb_input_size\":%u,"
			  "\"set_interface\":%lu,\"reset_function\":%lu,"
			  "\"ntbs_up\":%lu,\"ntbs_down\":%lu,\"ntbs_refused\":%lu,\"datagrams_up\":%lu,"
			  "\"datagrams_down\":%lu,\"datagrams_other_sessions\":%lu,\"packets_dropped\":%lu,"
			  "\"stalls\":%lu,\"attaches\":%lu,\"detaches\":%lu}}",
			  g->bound ? "true" : "false", g->configured ? "true" : "false", g->data_alt,
			  g->commands, g->violations, g->responses, g->empty_responses, g->notifications,
			  g->resp.n, g->resp_dropped, g->ntb_params, g->set_input_size, g->ntb_input_size,
			  g->set_interface, g->resets, g->ntb_out, g->ntb_in, g->bad_ntb, g->dgram_up,
			  g->dgram_down, g->dgram_other, g->dropped, g->stalls, g->attaches, g->detaches);
		return 0;
	}
	if (!strcmp(sub, "unplug")) {
		if (argc > 2)
			sim_reset(g->s, (uint32_t)n);
		else
			sim_usbg_detach(g);
	} else if (!strcmp(sub, "plug")) {
		if (sim_usbg_attach(g) < 0) {
			sb_puts(out, "{\"ok\":false,\"error\":\"cannot bind the gadget\"}");
			return -1;
		}
	} else {
		sb_puts(out, "{\"ok\":false,\"error\":\"usb (MBIM): status|unplug [MS]|plug\"}");
		return -1;
	}
	sb_puts(out, "{\"ok\":true}");
	return 0;
}
