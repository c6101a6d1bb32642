/* The USB personality's pure parts: descriptor blocks for FunctionFS from
 * the profile's layout, and the check that a command holds one frame. */
#include <errno.h>
#include <linux/usb/functionfs.h>
#include <string.h>

#include "qmi/qmi.h"
#include "sim/sim.h"
#include "sim/usb.h"

#define DT_INTERFACE 4
#define DT_ENDPOINT 5
#define IF_LEN 9
#define EP_LEN 7

struct wbuf {
	uint8_t *p;
	size_t cap, len;
	bool over;
};

static void put8(struct wbuf *w, uint8_t v)
{
	if (w->len < w->cap)
		w->p[w->len] = v;
	else
		w->over = true;
	w->len++;
}

static void put16(struct wbuf *w, uint16_t v)
{
	put8(w, (uint8_t)v);
	put8(w, (uint8_t)(v >> 8));
}

static void put32(struct wbuf *w, uint32_t v)
{
	put16(w, (uint16_t)v);
	put16(w, (uint16_t)(v >> 16));
}

static void set32(struct wbuf *w, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		if (at + (size_t)i < w->cap)
			w->p[at + (size_t)i] = (uint8_t)(v >> (8 * i));
}

uint8_t sim_usb_hs_interval(unsigned ms)
{
	/* high speed: 2^(bInterval-1) microframes of 125 us */
	unsigned uframes = ms ? ms * 8 : 1;
	uint8_t n = 1;
	while (n < 16 && (1u << (n - 1)) < uframes)
		n++;
	return n;
}

static const struct sim_usb_if *if_by_num(const struct sim_profile *p, unsigned num)
{
	size_t n;
	const struct sim_usb_if *ifs = sim_profile_usb_ifs(p, &n);
	for (size_t i = 0; i < n; i++)
		if (ifs[i].num == num)
			return &ifs[i];
	return NULL;
}

/* One speed's descriptors; returns how many were written. */
static unsigned put_speed(const struct sim_profile *p, unsigned n_ifs, bool hs, struct wbuf *w,
			  struct sim_usb_layout *lay)
{
	unsigned count = 0;
	for (unsigned num = 0; num < n_ifs; num++) {
		const struct sim_usb_if *f = if_by_num(p, num);
		put8(w, IF_LEN);
		put8(w, DT_INTERFACE);
		put8(w, (uint8_t)num);
		put8(w, 0);                     /* alternate setting */
		put8(w, f ? f->n_ep : 0);
		put8(w, f ? f->cls : 0xff);     /* a placeholder is a vendor interface */
		put8(w, f ? f->sub : 0xff);
		put8(w, f ? f->proto : 0xff);
		put8(w, 0);                     /* no string */
		count++;
		for (unsigned e = 0; f && e < f->n_ep; e++) {
			const struct sim_usb_ep *ep = &f->ep[e];
			bool intr = ep->attr == 3;
			uint16_t mps = intr ? (ep->maxps > 64 ? 64 : ep->maxps) : hs ? 512 : 64;
			uint8_t ivl = intr ? (hs ? sim_usb_hs_interval(ep->ivl_ms)
					       : (uint8_t)(ep->ivl_ms ? ep->ivl_ms : 1))
					   : 0;
			put8(w, EP_LEN);
			put8(w, DT_ENDPOINT);
			put8(w, ep->addr);
			put8(w, ep->attr);
			put16(w, mps);
			put8(w, ivl);
			count++;
			if (hs && lay && lay->n_eps < SIM_USB_MAX_EPS)
				lay->ep[lay->n_eps++] = (struct sim_usb_ep_map){
					.ifnum = (uint8_t)num, .addr = ep->addr, .attr = ep->attr,
					.maxps_hs = mps };
		}
	}
	return count;
}

int sim_usb_descriptors(const struct sim_profile *p, uint8_t *buf, size_t cap,
			struct sim_usb_layout *lay)
{
	unsigned n_ifs = 0, n_eps = 0;
	size_t n;
	const struct sim_usb_if *ifs = sim_profile_usb_ifs(p, &n);
	for (size_t i = 0; i < n; i++) {
		if (ifs[i].num + 1u > n_ifs)
			n_ifs = ifs[i].num + 1u;
		n_eps += ifs[i].n_ep;
		for (unsigned e = 0; e < ifs[i].n_ep; e++)
			if (ifs[i].ep[e].attr != 2 && ifs[i].ep[e].attr != 3)
				return -EINVAL;
	}
	if (n_ifs == 0 || n_ifs > SIM_USB_MAX_IFS || n_eps > SIM_USB_MAX_EPS)
		return -EINVAL;
	if (lay)
		memset(lay, 0, sizeof(*lay));
	struct wbuf w = { buf, cap, 0, false };
	put32(&w, FUNCTIONFS_DESCRIPTORS_MAGIC_V2);
	put32(&w, 0);                           /* length, set below */
	put32(&w, FUNCTIONFS_HAS_FS_DESC | FUNCTIONFS_HAS_HS_DESC);
	size_t counts = w.len;
	put32(&w, 0);
	put32(&w, 0);
	unsigned fs = put_speed(p, n_ifs, false, &w, NULL);
	unsigned hs = put_speed(p, n_ifs, true, &w, lay);
	if (w.over)
		return -ENOSPC;
	set32(&w, 4, (uint32_t)w.len);
	set32(&w, counts, fs);
	set32(&w, counts + 4, hs);
	if (lay)
		lay->n_ifs = n_ifs;
	return (int)w.len;
}

int sim_usb_strings(uint8_t *buf, size_t cap)
{
	struct wbuf w = { buf, cap, 0, false };
	put32(&w, FUNCTIONFS_STRINGS_MAGIC);
	put32(&w, 16);
	put32(&w, 0);                           /* strings */
	put32(&w, 0);                           /* languages */
	return w.over ? -ENOSPC : (int)w.len;
}

unsigned sim_usb_count_frames(const uint8_t *data, size_t len, bool *exact)
{
	unsigned n = 0;
	size_t off = 0;
	while (off < len) {
		int f = qmux_frame_len(data + off, len - off);
		if (f <= 0)
			break;
		n++;
		off += (size_t)f;
	}
	*exact = off == len && n > 0;
	return n;
}
