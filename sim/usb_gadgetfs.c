/* The cdc_mbim personality's I/O (usb.h): gadgetfs mounted on a private
 * directory, its ep0 file (named after the controller) taking the whole
 * descriptor set and giving every request the kernel leaves to user space
 * as an event, and the three endpoint files, each driven by a thread of
 * its own with plain blocking reads or writes: their results reach the
 * event loop through a queue and an eventfd, so everything else stays on
 * the loop's thread. (Not native AIO as on FunctionFS: gadgetfs queues an
 * AIO request with its device lock held, and dummy_hcd completes a short
 * IN request at once, inside that call; the completion then takes the same
 * lock and the kernel deadlocks. Its synchronous path does not.)
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
#include <pthread.h>
#include <signal.h>
#include <linux/usb/ch9.h>
#include <linux/usb/gadgetfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"
#include "sim/sim.h"
#include "sim/usb.h"
#include "sim/usb_pktq.h"

#define QUEUE_MAX 64
#define NTB_BUF (SIM_USB_MBIM_NTB_MAX + 4)
#define DGRAM_MAX 2048

/* dummy_hcd's fixed endpoints, by name and address */
static const struct {
	const char *name;
	uint8_t addr;
} ep_files[3] = { { "ep5in-int", 0x85 }, { "ep1in-bulk", 0x81 }, { "ep2out-bulk", 0x02 } };
enum { E_NOTIFY, E_IN, E_OUT };

struct gep {
	struct sim_usbg *g;
	int fd;
	bool enabled;
	pthread_t th;
	bool th_started;
	pthread_cond_t cv;
	struct pktq q;            /* IN: waiting (under g->mu) */
};

/* What a thread hands to the loop: an OUT transfer's bytes, or the end of
 * an IN transfer (len is then the result: bytes or -errno). */
struct done {
	struct done *next;
	int ep;
	long res;
	uint8_t d[];
};
struct sim_usbg {
	struct sim *s;
	char mnt[PATH_MAX];
	char chip[PATH_MAX + 300];
	bool mounted, bound, configured;
	int ep0;
	struct ev_fd ep0h;
	pthread_mutex_t mu;     /* the IN queues, done, stop, configured as the threads see it */
	bool stop, run;         /* run: the host configured the device */
	struct done *done_head, **done_tail;
	int efd;
	struct ev_fd efdh;
	struct gep ep[3];
	struct sim_usb_mbim_eps addrs;
	uint8_t data_alt;
	struct pktq resp;         /* MBIM messages waiting for GET_ENCAPSULATED_RESPONSE */
	unsigned notes_unread;
	uint16_t seq;
	uint32_t ntb_input_size;
	unsigned long commands, violations, responses, empty_responses, notifications, resp_dropped,
		ntb_out, ntb_in, bad_ntb, dgram_up, dgram_down, dgram_up_vlan, dgram_down_vlan,
		dgram_no_session, dgram_not_ips, dropped, ntb_params,
		set_input_size, set_interface, stalls, attaches, detaches, resets;
	uint8_t ctrl[SIM_USB_MBIM_MAX_CONTROL + 64];
	uint8_t answer[DGRAM_MAX], ntb[DGRAM_MAX + 64];
};

/* ---- endpoints: one thread each ---- */

static void post(struct sim_usbg *g, struct done *d)
{
	d->next = NULL;
	pthread_mutex_lock(&g->mu);
	*g->done_tail = d;
	g->done_tail = &d->next;
	pthread_mutex_unlock(&g->mu);
	uint64_t one = 1;
	ssize_t w = write(g->efd, &one, sizeof(one));
	(void)w;
}

/* waits until the host configured the device; false when stopping */
static bool wait_run(struct sim_usbg *g, struct gep *e)
{
	pthread_mutex_lock(&g->mu);
	while (!g->stop && !g->run)
		pthread_cond_wait(&e->cv, &g->mu);
	bool go = !g->stop;
	pthread_mutex_unlock(&g->mu);
	return go;
}

/* SIGUSR2 interrupts a thread's blocked transfer at detach (no SA_RESTART);
 * the threads take no other signal */
static void on_wake(int sig)
{
	(void)sig;
}

static void thread_signals(void)
{
	sigset_t only;
	sigfillset(&only);
	sigdelset(&only, SIGUSR2);
	pthread_sigmask(SIG_SETMASK, &only, NULL);
}

static void pause_ms(unsigned ms)
{
	struct timespec t = { 0, (long)ms * 1000000L };
	nanosleep(&t, NULL);
}

static void *out_thread(void *arg)
{
	struct gep *e = arg;
	struct sim_usbg *g = e->g;
	thread_signals();
	uint8_t *buf = malloc(NTB_BUF);
	while (buf && wait_run(g, e)) {
		/* a transfer ends at a short packet or at the NTB's maximum */
		ssize_t n = read(e->fd, buf, SIM_USB_MBIM_NTB_MAX);
		if (n < 0 && errno == EINTR)
			continue;
		struct done *d = malloc(sizeof(*d) + (n > 0 ? (size_t)n : 1));
		if (d) {
			d->ep = E_OUT;
			d->res = n < 0 ? -errno : n;
			if (n > 0)
				memcpy(d->d, buf, (size_t)n);
			post(g, d);
		}
		if (n < 0)
			pause_ms(20);   /* the host went away or reset: it configures again */
	}
	free(buf);
	return NULL;
}

static void *in_thread(void *arg)
{
	struct gep *e = arg;
	struct sim_usbg *g = e->g;
	thread_signals();
	for (;;) {
		pthread_mutex_lock(&g->mu);
		while (!g->stop && (!g->run || !e->q.head))
			pthread_cond_wait(&e->cv, &g->mu);
		if (g->stop) {
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		struct pkt *p = pktq_pop(&e->q);
		pthread_mutex_unlock(&g->mu);
		ssize_t n = write(e->fd, p->d, p->len);        /* EINTR: detach's wake-up */
		free(p);
		struct done *d = malloc(sizeof(*d));
		if (d) {
			d->ep = (int)(e - g->ep);
			d->res = n < 0 ? -errno : n;
			post(g, d);
		}
		if (n < 0)
			pause_ms(20);
	}
}

static void in_queue(struct sim_usbg *g, int which, const uint8_t *d, size_t len)
{
	struct gep *e = &g->ep[which];
	struct pkt *p = pkt_new(d, len);
	pthread_mutex_lock(&g->mu);
	if (!p || e->q.n >= QUEUE_MAX) {
		g->dropped++;
		free(p);
	} else {
		pktq_push(&e->q, p);
		pthread_cond_signal(&e->cv);
	}
	pthread_mutex_unlock(&g->mu);
}

static void set_run(struct sim_usbg *g, bool run)
{
	pthread_mutex_lock(&g->mu);
	g->run = run;
	for (int i = 0; i < 3; i++)
		pthread_cond_signal(&g->ep[i].cv);
	pthread_mutex_unlock(&g->mu);
}

static void notify_kick(struct sim_usbg *g)
{
	/* one RESPONSE_AVAILABLE per message the host was not yet told of */
	while (g->resp.n > g->notes_unread) {
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
	if (session < 0) {
		/* an NDP16 that is not IPS<n> (DSS, or garbage) */
		g->dgram_not_ips++;
		return;
	}
	/* session N is what cdc_mbim made of VLAN N (0: untagged): it passes
	 * only while the model's MBIM session N is up */
	if (!sim_wire_session_up(g->s, (unsigned)session)) {
		g->dgram_no_session++;
		return;
	}
	g->dgram_up++;
	if (session)
		g->dgram_up_vlan++;
	int r = sim_wire_packet(g->s, d, len, g->answer, sizeof(g->answer));
	if (r <= 0)
		return;
	/* the answer goes back in the session it came from */
	int n = sim_ntb16_build((uint8_t)session, g->seq++, g->answer, (size_t)r, g->ntb, sizeof(g->ntb) - 1);
	if (n < 0) {
		g->dropped++;
		return;
	}
	/* a transfer of whole packets would not end: one byte of padding
	 * past wBlockLength makes it short */
	if (n % 64 == 0)
		g->ntb[n++] = 0;
	g->dgram_down++;
	if (session)
		g->dgram_down_vlan++;
	g->ntb_in++;
	in_queue(g, E_IN, g->ntb, (size_t)n);
}

static void ep_done(struct sim_usbg *g, struct done *d)
{
	if (d->res < 0) {
		if (d->ep == E_NOTIFY && g->notes_unread)
			g->notes_unread--;
		sim_log(g->s, "usb: %s: %s", ep_files[d->ep].name, strerror((int)-d->res));
		return;
	}
	if (d->ep == E_NOTIFY) {
		g->notifications++;
	} else if (d->ep == E_OUT && d->res > 0) {
		g->ntb_out++;
		const char *why;
		struct up_ctx c = { g };
		if (sim_ntb16_parse(d->d, (size_t)d->res, on_datagram, &c, &why) < 0) {
			g->bad_ntb++;
			sim_log(g->s, "usb: NTB of %ld bytes refused: %s", d->res, why);
		}
	}
}

static void drain_done(struct sim_usbg *g)
{
	pthread_mutex_lock(&g->mu);
	struct done *d = g->done_head;
	g->done_head = NULL;
	g->done_tail = &g->done_head;
	pthread_mutex_unlock(&g->mu);
	while (d) {
		struct done *next = d->next;
		ep_done(g, d);
		free(d);
		d = next;
	}
	notify_kick(g);
}

static void efd_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_usbg *g = container_of(h, struct sim_usbg, efdh);
	uint64_t n;
	if (read(g->efd, &n, sizeof(n)) != sizeof(n))
		return;
	drain_done(g);
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
	struct pkt *p = pktq_pop(&g->resp);
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
			set_run(g, g->configured);
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
				set_run(g, false);
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
	pthread_mutex_init(&g->mu, NULL);
	g->done_tail = &g->done_head;
	for (int i = 0; i < 3; i++) {
		g->ep[i].g = g;
		g->ep[i].fd = -1;
		pthread_cond_init(&g->ep[i].cv, NULL);
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
	g->stop = g->run = false;
	/* the threads take no signal but SIGUSR2 (thread_signals): SIGTERM
	 * and the others belong to the event loop, which may not have
	 * blocked them yet */
	struct sigaction sa = { .sa_handler = on_wake };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = 0;
	for (int i = 0; i < 3 && r == 0; i++) {
		r = -pthread_create(&g->ep[i].th, NULL, i == E_OUT ? out_thread : in_thread, &g->ep[i]);
		g->ep[i].th_started = r == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		sim_err(s, "usb: thread: %s", strerror(-r));
		return r;
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
	pthread_mutex_lock(&g->mu);
	g->stop = true;
	g->run = false;
	for (int i = 0; i < 3; i++)
		pthread_cond_signal(&g->ep[i].cv);
	pthread_mutex_unlock(&g->mu);
	/* The threads end first: gadgetfs holds an endpoint's lock through a
	 * blocking transfer, and the unbind that closing ep0 makes waits for
	 * that lock, so a transfer in flight would hang it. SIGUSR2 interrupts
	 * the transfer (sent again until the thread is gone: it may arrive
	 * just before the thread blocks). */
	for (int i = 0; i < 3; i++) {
		struct gep *e = &g->ep[i];
		for (int k = 0; e->th_started && k < 100; k++) {
			pthread_kill(e->th, SIGUSR2);
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_nsec += 20 * 1000000L;
			if (t.tv_nsec >= 1000000000L) {
				t.tv_sec++;
				t.tv_nsec -= 1000000000L;
			}
			if (pthread_timedjoin_np(e->th, NULL, &t) == 0)
				e->th_started = false;
		}
		if (e->th_started)
			sim_err(g->s, "usb: the %s thread does not end", ep_files[i].name);
		e->th_started = false;
	}
	/* closing ep0 unbinds: the host sees the device go */
	close(g->ep0);
	g->ep0 = -1;
	for (int i = 0; i < 3; i++) {
		struct gep *e = &g->ep[i];
		if (e->fd >= 0)
			close(e->fd);
		e->fd = -1;
		e->enabled = false;
		pktq_clear(&e->q);
	}
	drain_done(g);
	pktq_clear(&g->resp);
	for (int i = 0; i < 3; i++)
		pktq_clear(&g->ep[i].q);
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
	for (int i = 0; i < 3; i++)
		pthread_cond_destroy(&g->ep[i].cv);
	pthread_mutex_destroy(&g->mu);
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
		free(pktq_pop(&g->resp));
		g->resp_dropped++;
		if (g->notes_unread)
			g->notes_unread--;
	}
	struct pkt *p = pkt_new(msg, len);
	if (!p)
		return -ENOMEM;
	pktq_push(&g->resp, p);
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
			  "\"datagrams_down\":%lu,\"datagrams_up_vlan\":%lu,\"datagrams_down_vlan\":%lu,"
			  "\"datagrams_no_session\":%lu,\"datagrams_not_ips\":%lu,\"packets_dropped\":%lu,"
			  "\"stalls\":%lu,\"attaches\":%lu,\"detaches\":%lu}}",
			  g->bound ? "true" : "false", g->configured ? "true" : "false", g->data_alt,
			  g->commands, g->violations, g->responses, g->empty_responses, g->notifications,
			  g->resp.n, g->resp_dropped, g->ntb_params, g->set_input_size, g->ntb_input_size,
			  g->set_interface, g->resets, g->ntb_out, g->ntb_in, g->bad_ntb, g->dgram_up,
			  g->dgram_down, g->dgram_up_vlan, g->dgram_down_vlan, g->dgram_no_session,
			  g->dgram_not_ips, g->dropped, g->stalls, g->attaches, g->detaches);
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
