/* The USB personality's I/O: a configfs gadget with one FunctionFS
 * function carrying the profile's whole composition, its ep0 events and
 * class requests, and the endpoints' transfers (Linux native AIO, with an
 * eventfd in the event loop, since FunctionFS transfers do not honour
 * O_NONBLOCK). See usb.h for the protocol. */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/usb/ch9.h>
#include <linux/usb/functionfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/util.h"
#include "qmi/qmi.h"
#include "sim/sim.h"
#include "sim/usb.h"
#include "sim/usb_pktq.h"

#define GADGET_NAME "cellink-sim"
#define FFS_NAME "cellink"
#define QUEUE_MAX 64            /* frames or packets waiting for the host */
#define PKT_MAX 65600

enum ep_role { R_IDLE, R_NOTIFY, R_DATA_IN, R_DATA_OUT, R_AT_IN, R_AT_OUT, R_SINK };

struct uep {
	struct sim_usb *u;
	int fd;
	struct sim_usb_ep_map m;
	enum ep_role role;
	struct iocb cb;
	bool busy;
	struct pktq q;          /* IN: waiting */
	struct pkt *cur;        /* IN: in flight */
	uint8_t *rbuf;          /* OUT: the read buffer */
	size_t rcap;
	unsigned long xfers, errors;
	unsigned fails_in_row;
};

struct sim_usb {
	struct sim *s;
	struct sim_usbg *g;     /* the MBIM personality through gadgetfs (usb_gadgetfs.c) */
	char udc[64];
	char root[256];         /* configfs */
	char gadget[PATH_MAX];
	char mnt[PATH_MAX];
	bool made_gadget, made_cfg, made_func, linked, mounted, bound, enabled;
	int ep0;
	struct ev_fd ep0h;
	aio_context_t ctx;
	int efd;
	struct ev_fd efdh;
	struct sim_usb_layout lay;
	struct uep ep[SIM_USB_MAX_EPS];
	bool has_qmi;
	uint8_t qmi_if, at_if;
	int notify, data_in, data_out, at_in, at_out;   /* endpoint indices, -1 */
	int at_fd;
	struct ev_fd ath;
	struct pktq resp;       /* QMI frames waiting for GET_ENCAPSULATED_RESPONSE */
	unsigned notes_unread;  /* RESPONSE_AVAILABLE sent, not yet answered */
	bool dtr;
	/* counters */
	unsigned long commands, violations, responses, empty_responses, notifications,
		resp_dropped, resp_lost, notes_lost, data_up, data_down, data_dropped, stalls, attaches, detaches,
		at_up, at_down, dtr_sets;
	/* faults */
	unsigned stall_commands, lose_notify, lose_responses;
	uint8_t ctrl[8192];
	uint8_t answer[PKT_MAX];
};

/* ---- native AIO ---- */

static long aio_setup(unsigned n, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, n, ctx);
}

static long aio_destroy(aio_context_t ctx)
{
	return syscall(SYS_io_destroy, ctx);
}

static long aio_submit(aio_context_t ctx, long n, struct iocb **cbs)
{
	return syscall(SYS_io_submit, ctx, n, cbs);
}

static long aio_getevents(aio_context_t ctx, long min, long max, struct io_event *ev,
			  struct timespec *t)
{
	return syscall(SYS_io_getevents, ctx, min, max, ev, t);
}

/* ---- configfs ---- */

static int wfile(const char *dir, const char *name, const char *val)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, val, strlen(val));
	int e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

static int mkd(const char *a, const char *b)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s%s", a, b);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static void rmd(const char *a, const char *b)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s%s", a, b);
	(void)rmdir(path);
}

/* " 3.18" -> 0x0318 */
static unsigned bcd_of(const char *v)
{
	unsigned hi = 0, lo = 0;
	if (!v || sscanf(v, " %x.%x", &hi, &lo) != 2)
		return 0;
	return (hi & 0xff) << 8 | (lo & 0xff);
}

static int pick_udc(struct sim_usb *u, const char *want)
{
	if (want && strcmp(want, "auto")) {
		snprintf(u->udc, sizeof(u->udc), "%s", want);
		return 0;
	}
	FILE *f = popen("ls /sys/class/udc 2>/dev/null", "r");
	if (!f)
		return -errno;
	char line[64] = "";
	bool got = fgets(line, sizeof(line), f) != NULL;
	pclose(f);
	line[strcspn(line, "\n")] = 0;
	if (!got || !line[0])
		return -ENODEV;
	snprintf(u->udc, sizeof(u->udc), "%s", line);
	return 0;
}

static void gadget_remove(struct sim_usb *u);

/* A run that was killed leaves its gadget bound and its functionfs
 * mounted: both are ours (by name) and are taken down first. */
static void gadget_clear_stale(struct sim_usb *u)
{
	struct stat st;
	if (stat(u->gadget, &st) < 0)
		return;
	sim_err(u->s, "usb: removing the gadget an earlier run left in %s", u->gadget);
	(void)wfile(u->gadget, "UDC", "\n");
	FILE *f = fopen("/proc/self/mounts", "r");
	if (f) {
		char src[256], dir[PATH_MAX], type[64];
		while (fscanf(f, "%255s %4095s %63s %*[^\n]", src, dir, type) == 3) {
			bool ours = !strncmp(dir, "/run/cellink-sim-ffs.", 21) ||
				    !strncmp(dir, "/tmp/cellink-sim-ffs.", 21);
			if (strcmp(type, "functionfs") || strcmp(src, FFS_NAME) || !ours)
				continue;
			(void)umount2(dir, MNT_DETACH);
			(void)rmdir(dir);
		}
		fclose(f);
	}
	u->linked = u->made_cfg = u->made_func = u->made_gadget = true;
	gadget_remove(u);
}

static int gadget_make(struct sim_usb *u)
{
	const struct sim_profile *p = u->s->prof;
	char v[64];
	int r;
	snprintf(u->gadget, sizeof(u->gadget), "%s/usb_gadget/" GADGET_NAME, u->root);
	gadget_clear_stale(u);
	if ((r = mkd(u->gadget, "")) < 0)
		return r;
	u->made_gadget = true;
	snprintf(v, sizeof(v), "0x%04x", p->vid);
	if ((r = wfile(u->gadget, "idVendor", v)) < 0)
		return r;
	snprintf(v, sizeof(v), "0x%04x", p->pid);
	if ((r = wfile(u->gadget, "idProduct", v)) < 0)
		return r;
	snprintf(v, sizeof(v), "0x%04x", bcd_of(p->usb_rev));
	if ((r = wfile(u->gadget, "bcdDevice", v)) < 0)
		return r;
	if ((r = mkd(u->gadget, "/strings/0x409")) < 0)
		return r;
	char sd[PATH_MAX + 32];
	snprintf(sd, sizeof(sd), "%s/strings/0x409", u->gadget);
	if ((r = wfile(sd, "manufacturer", p->usb_manufacturer)) < 0 ||
	    (r = wfile(sd, "product", p->usb_product)) < 0)
		return r;
	if (p->usb_serial && (r = wfile(sd, "serialnumber", p->usb_serial)) < 0)
		return r;
	if ((r = mkd(u->gadget, "/configs/c.1")) < 0)
		return r;
	u->made_cfg = true;
	char cd[PATH_MAX + 16];
	snprintf(cd, sizeof(cd), "%s/configs/c.1", u->gadget);
	snprintf(v, sizeof(v), "%u", p->usb_maxpower_ma);
	if ((r = wfile(cd, "MaxPower", v)) < 0)
		return r;
	snprintf(v, sizeof(v), "0x%02x", p->usb_cfg_attr | 0x80);
	if ((r = wfile(cd, "bmAttributes", v)) < 0)
		return r;
	if ((r = mkd(u->gadget, "/functions/ffs." FFS_NAME)) < 0)
		return r;
	u->made_func = true;
	char fn[PATH_MAX + 32], ln[PATH_MAX + 64];
	snprintf(fn, sizeof(fn), "%s/functions/ffs." FFS_NAME, u->gadget);
	snprintf(ln, sizeof(ln), "%s/ffs." FFS_NAME, cd);
	if (symlink(fn, ln) < 0 && errno != EEXIST)
		return -errno;
	u->linked = true;
	return 0;
}

static void gadget_remove(struct sim_usb *u)
{
	if (u->linked) {
		char ln[PATH_MAX + 32];
		snprintf(ln, sizeof(ln), "%s/configs/c.1/ffs." FFS_NAME, u->gadget);
		(void)unlink(ln);
	}
	if (u->made_cfg)
		rmd(u->gadget, "/configs/c.1");
	if (u->made_func)
		rmd(u->gadget, "/functions/ffs." FFS_NAME);
	if (u->made_gadget) {
		rmd(u->gadget, "/strings/0x409");
		rmd(u->gadget, "");
	}
	u->linked = u->made_cfg = u->made_func = u->made_gadget = false;
}

/* ---- transfers ---- */

static void ep_submit(struct uep *e, const void *buf, size_t len, bool read)
{
	struct sim_usb *u = e->u;
	memset(&e->cb, 0, sizeof(e->cb));
	e->cb.aio_data = (uint64_t)(uintptr_t)e;
	e->cb.aio_lio_opcode = read ? IOCB_CMD_PREAD : IOCB_CMD_PWRITE;
	e->cb.aio_fildes = (uint32_t)e->fd;
	e->cb.aio_buf = (uint64_t)(uintptr_t)buf;
	e->cb.aio_nbytes = len;
	e->cb.aio_flags = IOCB_FLAG_RESFD;
	e->cb.aio_resfd = (uint32_t)u->efd;
	struct iocb *cbs[1] = { &e->cb };
	if (aio_submit(u->ctx, 1, cbs) == 1) {
		e->busy = true;
		return;
	}
	e->errors++;
	if (errno != EAGAIN)
		sim_log(u->s, "usb: ep%u (interface %u): cannot submit: %s",
			(unsigned)(e - u->ep) + 1, e->m.ifnum, strerror(errno));
}

static void ep_kick(struct uep *e)
{
	if (e->busy || !e->u->enabled || e->fd < 0)
		return;
	switch (e->role) {
	case R_DATA_OUT:
	case R_AT_OUT:
	case R_SINK:
		ep_submit(e, e->rbuf, e->rcap, true);
		break;
	case R_NOTIFY:
	case R_DATA_IN:
	case R_AT_IN:
		if (!e->cur)
			e->cur = pktq_pop(&e->q);
		if (e->cur)
			ep_submit(e, e->cur->d, e->cur->len, false);
		break;
	case R_IDLE:
		break;
	}
}

static void in_queue(struct uep *e, const uint8_t *d, size_t len, unsigned long *dropped)
{
	if (e->q.n >= QUEUE_MAX) {
		if (dropped)
			(*dropped)++;
		return;
	}
	struct pkt *p = pkt_new(d, len);
	if (!p) {
		if (dropped)
			(*dropped)++;
		return;
	}
	pktq_push(&e->q, p);
	/* a transfer of a whole number of packets ends with a zero-length one */
	if (e->m.attr == 2 && len && e->m.maxps_hs && len % e->m.maxps_hs == 0) {
		struct pkt *z = pkt_new(NULL, 0);
		if (z)
			pktq_push(&e->q, z);
	}
	ep_kick(e);
}

/* RESPONSE_AVAILABLE while frames wait that the host was not told of. */
static void notify_kick(struct sim_usb *u)
{
	if (u->notify < 0)
		return;
	struct uep *e = &u->ep[u->notify];
	/* notes_unread counts from the moment a notification is queued: the
	 * host may ask for the frame before its completion is seen here */
	while (u->resp.n > u->notes_unread) {
		if (u->lose_notify) {
			u->lose_notify--;
			u->notes_unread++;
			u->notes_lost++;
			sim_log(u->s, "usb: fault: RESPONSE_AVAILABLE not sent");
			continue;
		}
		uint8_t n[8] = { USB_DIR_IN | USB_TYPE_CLASS | USB_RECIP_INTERFACE,
				 SIM_USB_NOTIFY_RESPONSE_AVAILABLE, 0, 0, u->qmi_if, 0, 0, 0 };
		if (e->q.n >= QUEUE_MAX)
			break;
		in_queue(e, n, sizeof(n), NULL);
		u->notes_unread++;
	}
}

static void ep_done(struct sim_usb *u, struct uep *e, long res)
{
	e->busy = false;
	bool in = e->role == R_NOTIFY || e->role == R_DATA_IN || e->role == R_AT_IN;
	if (res < 0) {
		e->errors++;
		sim_log(u->s, "usb: ep%u (interface %u): %s", (unsigned)(e - u->ep) + 1, e->m.ifnum,
			strerror((int)-res));
		if (in) {
			/* the host went away or the endpoint was halted: what was
			 * in flight is lost, as on a real bus */
			if (e->role == R_NOTIFY && e->cur && u->notes_unread)
				u->notes_unread--;
			free(e->cur);
			e->cur = NULL;
		}
		/* A failure seen after the host configured the device again
		 * belongs to the previous configuration: go on. A run of
		 * failures waits for the next ENABLE. */
		if (!u->enabled || ++e->fails_in_row > 8)
			return;
		ep_kick(e);
		return;
	}
	e->fails_in_row = 0;
	e->xfers++;
	if (in) {
		free(e->cur);
		e->cur = NULL;
		if (e->role == R_NOTIFY)
			u->notifications++;
		else if (e->role == R_DATA_IN) {
			u->data_down++;
		}
		ep_kick(e);
		return;
	}
	size_t n = (size_t)res;
	if (e->role == R_DATA_OUT && n) {
		u->data_up++;
		int r = sim_wire_packet(u->s, e->rbuf, n, u->answer, sizeof(u->answer));
		if (r > 0 && u->data_in >= 0)
			in_queue(&u->ep[u->data_in], u->answer, (size_t)r, &u->data_dropped);
	} else if (e->role == R_AT_OUT && n && u->at_fd >= 0) {
		u->at_up += n;
		ssize_t w = write(u->at_fd, e->rbuf, n);
		if (w != (ssize_t)n)
			sim_log(u->s, "usb: AT bytes from the host lost");
	}
	ep_kick(e);
}

static void efd_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_usb *u = container_of(h, struct sim_usb, efdh);
	uint64_t n;
	if (read(u->efd, &n, sizeof(n)) != sizeof(n))
		return;
	struct io_event ev[16];
	struct timespec zero = { 0, 0 };
	long got;
	while ((got = aio_getevents(u->ctx, 0, 16, ev, &zero)) > 0) {
		for (long i = 0; i < got; i++)
			ep_done(u, (struct uep *)(uintptr_t)ev[i].data, (long)ev[i].res);
		notify_kick(u);
	}
}

/* ---- the AT port's bytes ---- */

static void at_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_usb *u = container_of(h, struct sim_usb, ath);
	uint8_t buf[512];
	for (;;) {
		ssize_t n = read(u->at_fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		if (u->at_in < 0 || !u->enabled)
			continue;       /* nobody on the bus: the bytes are lost */
		u->at_down += (unsigned long)n;
		in_queue(&u->ep[u->at_in], buf, (size_t)n, &u->data_dropped);
	}
}

/* ---- ep0 ---- */

static void ep0_stall(struct sim_usb *u, bool in)
{
	u->stalls++;
	/* FunctionFS halts ep0 for a transfer in the wrong direction */
	ssize_t r = in ? read(u->ep0, NULL, 0) : write(u->ep0, NULL, 0);
	(void)r;
}

static void ep0_ack(struct sim_usb *u, uint16_t len)
{
	ssize_t r = read(u->ep0, u->ctrl, len > sizeof(u->ctrl) ? sizeof(u->ctrl) : len);
	(void)r;
}

static void qmi_command(struct sim_usb *u, uint16_t len)
{
	struct sim *s = u->s;
	if (u->stall_commands) {
		u->stall_commands--;
		sim_log(s, "usb: fault: SEND_ENCAPSULATED_COMMAND stalled");
		ep0_stall(u, false);
		return;
	}
	if (len > sizeof(u->ctrl))
		len = sizeof(u->ctrl);
	ssize_t n = read(u->ep0, u->ctrl, len);
	if (n < 0) {
		sim_log(s, "usb: SEND_ENCAPSULATED_COMMAND: %s", strerror(errno));
		return;
	}
	u->commands++;
	bool exact;
	unsigned frames = sim_usb_count_frames(u->ctrl, (size_t)n, &exact);
	if (frames != 1 || !exact) {
		u->violations++;
		sim_err(s, "usb: violation: a SEND_ENCAPSULATED_COMMAND of %zd bytes holds %u whole "
			"QMUX frame(s)%s; one frame per command is expected, the rest is dropped",
			n, frames, exact ? "" : " and stray bytes");
	}
	if (frames == 0)
		return;
	int f = qmux_frame_len(u->ctrl, (size_t)n);
	s->port.frames_in++;
	sim_qmi_input(s, u->ctrl, (size_t)f);
}

static void qmi_response(struct sim_usb *u, uint16_t len)
{
	struct pkt *p = pktq_pop(&u->resp);
	if (!p) {
		u->empty_responses++;
		u->notes_unread = 0;
		ssize_t r = write(u->ep0, u->ctrl, 0);
		(void)r;
		notify_kick(u);
		return;
	}
	size_t n = p->len > len ? len : p->len;
	ssize_t w = write(u->ep0, p->d, n);
	if (w == (ssize_t)n)
		u->responses++;
	else
		sim_log(u->s, "usb: GET_ENCAPSULATED_RESPONSE: %s",
			w < 0 ? strerror(errno) : "short");
	free(p);
	if (u->notes_unread)
		u->notes_unread--;
	notify_kick(u);
}

static void setup(struct sim_usb *u, const struct usb_ctrlrequest *r)
{
	uint16_t len = le16toh(r->wLength), idx = le16toh(r->wIndex), val = le16toh(r->wValue);
	bool in = r->bRequestType & USB_DIR_IN;
	bool cls_if = (r->bRequestType & (USB_TYPE_MASK | USB_RECIP_MASK)) ==
		      (USB_TYPE_CLASS | USB_RECIP_INTERFACE);
	if (cls_if && u->has_qmi && (idx & 0xff) == u->qmi_if) {
		if (!in && r->bRequest == SIM_USB_SEND_ENCAPSULATED_COMMAND) {
			qmi_command(u, len);
			return;
		}
		if (in && r->bRequest == SIM_USB_GET_ENCAPSULATED_RESPONSE) {
			qmi_response(u, len);
			return;
		}
	}
	if (cls_if && !in && r->bRequest == SIM_USB_SET_CONTROL_LINE_STATE) {
		/* every request that sets DTR counts: a driver bound with
		 * qmi_wwan's set-DTR quirk sends one at each bind */
		if ((idx & 0xff) == u->qmi_if && u->has_qmi && (val & 1))
			u->dtr_sets++;
		if ((idx & 0xff) == u->qmi_if && u->has_qmi && u->dtr != (val & 1)) {
			u->dtr = val & 1;
			sim_log(u->s, "usb: QMI interface DTR %s", u->dtr ? "on" : "off");
		}
		ep0_ack(u, len);
		return;
	}
	sim_log(u->s, "usb: request %02x/%02x value %04x index %04x length %u %s",
		r->bRequestType, r->bRequest, val, idx, len, in ? "stalled" : "accepted");
	if (in)
		ep0_stall(u, true);
	else
		ep0_ack(u, len);
}

static void on_enable(struct sim_usb *u, bool on)
{
	u->enabled = on;
	sim_log(u->s, "usb: configuration %s", on ? "set by the host" : "dropped");
	if (!on)
		return;
	for (size_t i = 0; i < u->lay.n_eps; i++) {
		u->ep[i].fails_in_row = 0;
		ep_kick(&u->ep[i]);
	}
	notify_kick(u);
}

static void ep0_cb(struct ev_fd *h, unsigned revents)
{
	struct sim_usb *u = container_of(h, struct sim_usb, ep0h);
	for (;;) {
		struct usb_functionfs_event ev;
		/* one at a time: a SETUP must be answered before the next read */
		ssize_t n = read(u->ep0, &ev, sizeof(ev));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(ev))
			return;
		switch (ev.type) {
		case FUNCTIONFS_BIND: sim_log(u->s, "usb: bound to %s", u->udc); break;
		case FUNCTIONFS_UNBIND: sim_log(u->s, "usb: unbound"); u->enabled = false; break;
		case FUNCTIONFS_ENABLE: on_enable(u, true); break;
		case FUNCTIONFS_DISABLE: on_enable(u, false); break;
		case FUNCTIONFS_SETUP: setup(u, &ev.u.setup); break;
		default: break;
		}
	}
}

/* ---- set-up and tear-down ---- */

static int open_eps(struct sim_usb *u)
{
	struct sim *s = u->s;
	const struct sim_usb_if *qmi = sim_profile_qmi_if(s->prof);
	const char *at_path = sim_wire_at_path(s);
	/* AT goes to the interface named AT, else to the modem port */
	const struct sim_usb_if *at = NULL;
	size_t n_ifs;
	const struct sim_usb_if *ifs = sim_profile_usb_ifs(s->prof, &n_ifs);
	for (size_t i = 0; i < n_ifs; i++)
		if (!strcmp(ifs[i].what, "AT") && ifs[i].n_ep && !at)
			at = &ifs[i];
	for (size_t i = 0; i < n_ifs && !at; i++)
		if (!strcmp(ifs[i].what, "modem") && ifs[i].n_ep)
			at = &ifs[i];
	u->has_qmi = qmi != NULL;
	u->qmi_if = qmi ? qmi->num : 0xff;
	u->at_if = at && at_path ? at->num : 0xff;
	for (size_t i = 0; i < u->lay.n_eps; i++) {
		struct uep *e = &u->ep[i];
		char path[PATH_MAX + 16];
		e->u = u;
		e->m = u->lay.ep[i];
		bool in = e->m.addr & USB_DIR_IN;
		bool intr = e->m.attr == 3;
		if (qmi && e->m.ifnum == qmi->num)
			e->role = intr ? (in ? R_NOTIFY : R_IDLE) : in ? R_DATA_IN : R_DATA_OUT;
		else if (e->m.ifnum == u->at_if && !intr)
			e->role = in ? R_AT_IN : R_AT_OUT;
		else
			e->role = in ? R_IDLE : R_SINK;
		int *slot = e->role == R_NOTIFY ? &u->notify : e->role == R_DATA_IN ? &u->data_in :
			    e->role == R_DATA_OUT ? &u->data_out : e->role == R_AT_IN ? &u->at_in :
			    e->role == R_AT_OUT ? &u->at_out : NULL;
		if (slot)
			*slot = (int)i;
		snprintf(path, sizeof(path), "%s/ep%zu", u->mnt, i + 1);
		e->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (e->fd < 0) {
			int r = -errno;
			sim_err(s, "usb: %s: %s", path, strerror(errno));
			return r;
		}
		if (!in) {
			e->rcap = e->role == R_DATA_OUT ? PKT_MAX : 4096;
			e->rbuf = malloc(e->rcap);
			if (!e->rbuf)
				return -ENOMEM;
		}
	}
	if (u->at_if != 0xff) {
		u->at_fd = open(at_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (u->at_fd < 0) {
			int r = -errno;
			sim_err(s, "usb: AT port %s: %s", at_path, strerror(errno));
			return r;
		}
		u->ath.fd = u->at_fd;
		u->ath.cb = at_cb;
		int r = ev_fd_add(&s->loop, &u->ath, EV_READ);
		if (r < 0)
			return r;
	}
	return 0;
}

int sim_usb_start(struct sim *s, const struct sim_usb_config *cfg)
{
	struct sim_usb *u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	s->usb = u;
	u->s = s;
	u->ep0 = u->efd = u->at_fd = -1;
	u->notify = u->data_in = u->data_out = u->at_in = u->at_out = -1;
	for (size_t i = 0; i < SIM_USB_MAX_EPS; i++)
		u->ep[i].fd = -1;
	if (s->mbim)
		return sim_usbg_start(s, cfg, &u->g);
	snprintf(u->root, sizeof(u->root), "%s", cfg->configfs ? cfg->configfs : "/sys/kernel/config");
	uint8_t desc[2048], str[64];
	int dlen = sim_usb_descriptors(s->prof, desc, sizeof(desc), &u->lay);
	int slen = sim_usb_strings(str, sizeof(str));
	int r;
	if (dlen < 0 || slen < 0) {
		sim_err(s, "usb: the %s layout does not fit FunctionFS", s->prof->name);
		return -EINVAL;
	}
	if ((r = pick_udc(u, cfg->udc)) < 0) {
		sim_err(s, "usb: no gadget controller (load dummy_hcd?)");
		return r;
	}
	if ((r = gadget_make(u)) < 0) {
		sim_err(s, "usb: gadget in %s: %s (configfs mounted, libcomposite and usb_f_fs loaded?)",
			u->root, strerror(-r));
		return r;
	}
	snprintf(u->mnt, sizeof(u->mnt), "/run/cellink-sim-ffs.XXXXXX");
	if (!mkdtemp(u->mnt)) {
		snprintf(u->mnt, sizeof(u->mnt), "/tmp/cellink-sim-ffs.XXXXXX");
		if (!mkdtemp(u->mnt)) {
			r = -errno;
			u->mnt[0] = 0;
			sim_err(s, "usb: mount point: %s", strerror(-r));
			return r;
		}
	}
	if (mount(FFS_NAME, u->mnt, "functionfs", 0, NULL) < 0) {
		r = -errno;
		sim_err(s, "usb: mount functionfs: %s", strerror(-r));
		return r;
	}
	u->mounted = true;
	char p0[PATH_MAX + 8];
	snprintf(p0, sizeof(p0), "%s/ep0", u->mnt);
	u->ep0 = open(p0, O_RDWR | O_CLOEXEC);
	if (u->ep0 < 0) {
		r = -errno;
		sim_err(s, "usb: %s: %s", p0, strerror(-r));
		return r;
	}
	if (write(u->ep0, desc, (size_t)dlen) != dlen) {
		r = -errno;
		sim_err(s, "usb: descriptors refused: %s", strerror(-r));
		return r;
	}
	if (write(u->ep0, str, (size_t)slen) != slen) {
		r = -errno;
		sim_err(s, "usb: strings refused: %s", strerror(-r));
		return r;
	}
	if (fcntl(u->ep0, F_SETFL, fcntl(u->ep0, F_GETFL) | O_NONBLOCK) < 0)
		return -errno;
	if ((r = open_eps(u)) < 0)
		return r;
	if (aio_setup(64, &u->ctx) < 0) {
		r = -errno;
		sim_err(s, "usb: io_setup: %s", strerror(-r));
		return r;
	}
	u->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (u->efd < 0)
		return -errno;
	u->efdh.fd = u->efd;
	u->efdh.cb = efd_cb;
	u->ep0h.fd = u->ep0;
	u->ep0h.cb = ep0_cb;
	if ((r = ev_fd_add(&s->loop, &u->efdh, EV_READ)) < 0 ||
	    (r = ev_fd_add(&s->loop, &u->ep0h, EV_READ)) < 0)
		return r;
	sim_log(s, "usb: %04x:%04x, %zu interfaces, %zu endpoints, on %s (functionfs at %s)",
		s->prof->vid, s->prof->pid, u->lay.n_ifs, u->lay.n_eps, u->udc, u->mnt);
	return 0;
}

int sim_usb_attach(struct sim *s)
{
	struct sim_usb *u = s->usb;
	if (!u)
		return -ENODEV;
	if (u->g)
		return sim_usbg_attach(u->g);
	if (u->bound)
		return 0;
	int r = wfile(u->gadget, "UDC", u->udc);
	if (r < 0) {
		sim_err(s, "usb: binding to %s: %s", u->udc, strerror(-r));
		return r;
	}
	u->bound = true;
	u->attaches++;
	sim_log(s, "usb: attached to %s", u->udc);
	return 0;
}

void sim_usb_detach(struct sim *s)
{
	struct sim_usb *u = s->usb;
	if (u && u->g)
		sim_usbg_detach(u->g);
	if (!u || !u->bound)
		return;
	(void)wfile(u->gadget, "UDC", "\n");
	u->bound = false;
	u->enabled = false;
	u->detaches++;
	pktq_clear(&u->resp);
	u->notes_unread = 0;
	for (size_t i = 0; i < u->lay.n_eps; i++)
		pktq_clear(&u->ep[i].q);
	sim_log(s, "usb: detached from %s", u->udc);
}

void sim_usb_stop(struct sim *s)
{
	struct sim_usb *u = s->usb;
	if (!u)
		return;
	sim_usb_detach(s);
	sim_usbg_stop(u->g);
	if (u->ep0h.registered)
		ev_fd_del(&s->loop, &u->ep0h);
	if (u->efdh.registered)
		ev_fd_del(&s->loop, &u->efdh);
	if (u->ath.registered)
		ev_fd_del(&s->loop, &u->ath);
	if (u->ctx)
		aio_destroy(u->ctx);    /* waits for what is in flight */
	for (size_t i = 0; i < SIM_USB_MAX_EPS; i++) {
		struct uep *e = &u->ep[i];
		if (e->fd >= 0)
			close(e->fd);
		free(e->rbuf);
		free(e->cur);
		pktq_clear(&e->q);
	}
	pktq_clear(&u->resp);
	if (u->at_fd >= 0)
		close(u->at_fd);
	if (u->efd >= 0)
		close(u->efd);
	if (u->ep0 >= 0)
		close(u->ep0);
	if (u->mounted)
		(void)umount(u->mnt);
	if (u->mnt[0])
		(void)rmdir(u->mnt);
	gadget_remove(u);
	free(u);
	s->usb = NULL;
}

int sim_usb_qmi_send(struct sim *s, const uint8_t *frame, size_t len)
{
	struct sim_usb *u = s->usb;
	if (u && u->g)
		return sim_usbg_send(u->g, frame, len);
	if (!u || !u->bound)
		return -ENODEV;
	if (u->lose_responses) {
		u->lose_responses--;
		u->resp_lost++;
		sim_log(s, "usb: fault: a frame for the host is lost");
		return 0;
	}
	if (u->resp.n >= QUEUE_MAX) {
		/* nobody reads: the oldest goes, as a modem's buffer overflows */
		free(pktq_pop(&u->resp));
		u->resp_dropped++;
		if (u->notes_unread)
			u->notes_unread--;
	}
	struct pkt *p = pkt_new(frame, len);
	if (!p)
		return -ENOMEM;
	pktq_push(&u->resp, p);
	notify_kick(u);
	return 0;
}

/* ---- control ---- */

static void status_json(struct sim_usb *u, struct strbuf *o)
{
	sb_printf(o, "{\"ok\":true,\"usb\":{\"udc\":\"%s\",\"attached\":%s,\"configured\":%s,"
		  "\"qmi_interface\":%d,\"at_interface\":%d,\"dtr\":%s,\"dtr_sets\":%lu,"
		  "\"commands\":%lu,\"violations\":%lu,\"responses\":%lu,\"empty_responses\":%lu,"
		  "\"notifications\":%lu,\"waiting\":%u,\"responses_dropped\":%lu,"
		  "\"responses_lost\":%lu,\"notifications_lost\":%lu,"
		  "\"packets_up\":%lu,\"packets_down\":%lu,\"packets_dropped\":%lu,"
		  "\"at_bytes_up\":%lu,\"at_bytes_down\":%lu,\"stalls\":%lu,"
		  "\"attaches\":%lu,\"detaches\":%lu}}",
		  u->udc, u->bound ? "true" : "false", u->enabled ? "true" : "false",
		  u->has_qmi ? u->qmi_if : -1, u->at_if == 0xff ? -1 : u->at_if,
		  u->dtr ? "true" : "false", u->dtr_sets, u->commands, u->violations, u->responses,
		  u->empty_responses, u->notifications, u->resp.n, u->resp_dropped, u->resp_lost,
		  u->notes_lost, u->data_up,
		  u->data_down, u->data_dropped, u->at_up, u->at_down, u->stalls, u->attaches,
		  u->detaches);
}

static int usb_fail(struct strbuf *o, const char *msg)
{
	sb_puts(o, "{\"ok\":false,\"error\":");
	sb_put_json_str(o, msg, strlen(msg));
	sb_putc(o, '}');
	return -1;
}

static void halt_ep(struct sim_usb *u, int idx)
{
	if (idx < 0 || u->ep[idx].fd < 0)
		return;
	/* FunctionFS halts an endpoint on a transfer in the wrong direction */
	uint8_t b = 0;
	ssize_t r = (u->ep[idx].m.addr & USB_DIR_IN) ? read(u->ep[idx].fd, &b, 1)
						     : write(u->ep[idx].fd, &b, 1);
	(void)r;
	u->stalls++;
}

int sim_usb_command(struct sim *s, int argc, char **argv, struct strbuf *out)
{
	struct sim_usb *u = s->usb;
	if (!u)
		return usb_fail(out, "not running as a USB device (--usb)");
	if (u->g)
		return sim_usbg_command(u->g, argc, argv, out);
	const char *sub = argc > 1 ? argv[1] : "status";
	long n = 1;
	if (argc > 2 && !sim_num(argv[2], 0, 600000, &n))
		return usb_fail(out, "bad number");
	if (!strcmp(sub, "status")) {
		status_json(u, out);
		return 0;
	}
	if (!strcmp(sub, "unplug")) {
		/* the device vanishes; with MS it comes back after MS, its
		 * state fresh, as after a power cycle */
		if (argc > 2)
			sim_reset(s, (uint32_t)n);
		else
			sim_usb_detach(s);
	} else if (!strcmp(sub, "plug")) {
		if (sim_usb_attach(s) < 0)
			return usb_fail(out, "cannot bind the gadget");
	} else if (!strcmp(sub, "stall-command")) {
		u->stall_commands = (unsigned)n;
	} else if (!strcmp(sub, "stall-data")) {
		halt_ep(u, u->data_in);
		halt_ep(u, u->data_out);
	} else if (!strcmp(sub, "lose-notify")) {
		u->lose_notify = (unsigned)n;
	} else if (!strcmp(sub, "lose-response")) {
		u->lose_responses = (unsigned)n;
	} else if (!strcmp(sub, "clear")) {
		u->stall_commands = u->lose_notify = u->lose_responses = 0;
	} else {
		return usb_fail(out, "usb: status|unplug [MS]|plug|stall-command [N]|stall-data|"
				     "lose-notify [N]|lose-response [N]|clear");
	}
	sb_puts(out, "{\"ok\":true}");
	return 0;
}
