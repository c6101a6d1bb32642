/* Parser for the text of /sys/kernel/debug/usb/devices, tolerant of what
 * forums and mail clients do to it. Every access is bounded by the
 * segment being looked at; nothing is assumed NUL-terminated. */
#include "common/hex.h"
#include "usb/internal.h"

#include <string.h>

#include "common/err.h"

struct seg {
	const char *p;
	size_t n;
};

struct pstate {
	struct usb_listing *l;
	long dev, cfg, ifc;     /* current objects, -1 when none */
	char last_tag;          /* for continuation lines */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static bool is_tag_char(char c)
{
	return c == 'T' || c == 'B' || c == 'D' || c == 'P' || c == 'S' || c == 'C' ||
	       c == 'A' || c == 'I' || c == 'E';
}

/* A record tag at s[i]: "X:" followed by space, '*', or the end. */
static bool tag_at(struct seg s, size_t i)
{
	if (i + 1 >= s.n || !is_tag_char(s.p[i]) || s.p[i + 1] != ':')
		return false;
	if (i + 2 == s.n)
		return true;
	char c = s.p[i + 2];
	return is_space(c) || c == '*';
}

/* Finds "key" (which ends in '=') at a token boundary; returns the offset
 * of the value after any spaces, or -1. */
static long find_key(struct seg s, const char *key)
{
	size_t kn = strlen(key);
	for (size_t i = 0; i + kn <= s.n; i++) {
		if (memcmp(s.p + i, key, kn))
			continue;
		if (i > 0 && !is_space(s.p[i - 1]) && s.p[i - 1] != '*' && s.p[i - 1] != ':')
			continue;
		size_t v = i + kn;
		while (v < s.n && s.p[v] == ' ')
			v++;
		return (long)v;
	}
	return -1;
}

/* Reads a number (hex when base 16, or when it starts with 0x). Returns
 * false when there is no digit. Values saturate at 0xffffffff. */
static bool num_at(struct seg s, long off, int base, unsigned long *out)
{
	if (off < 0)
		return false;
	size_t i = (size_t)off;
	if (i + 1 < s.n && s.p[i] == '0' && (s.p[i + 1] == 'x' || s.p[i + 1] == 'X') &&
	    i + 2 < s.n && hex_digit(s.p[i + 2]) >= 0) {
		base = 16;
		i += 2;
	}
	unsigned long v = 0;
	size_t start = i;
	for (; i < s.n; i++) {
		int d = hex_digit(s.p[i]);
		if (d < 0 || d >= base)
			break;
		v = v > 0x0fffffffUL ? 0xffffffffUL : v * (unsigned long)base + (unsigned long)d;
	}
	if (i == start)
		return false;
	*out = v;
	return true;
}

static bool key_num(struct seg s, const char *key, int base, unsigned long *out)
{
	return num_at(s, find_key(s, key), base, out);
}

static uint8_t u8sat(unsigned long v)
{
	return v > 255 ? 255 : (uint8_t)v;
}

/* Copies s[off..) up to a space (or the segment end when to_end) into
 * dst, trimming spaces and markdown asterisks at both ends. */
static void copy_value(struct seg s, long off, bool to_end, char *dst, size_t cap)
{
	dst[0] = 0;
	if (off < 0 || cap == 0)
		return;
	size_t a = (size_t)off, b = a;
	while (b < s.n && (to_end || !is_space(s.p[b])))
		b++;
	while (a < b && (s.p[a] == '*' || is_space(s.p[a])))
		a++;
	while (b > a && (s.p[b - 1] == '*' || is_space(s.p[b - 1]) || s.p[b - 1] == '|'))
		b--;
	/* Control characters become spaces and bytes that are not UTF-8
	 * become '?', so reports stay valid text and valid JSON. */
	size_t o = 0;
	for (size_t i = a; i < b && o + 1 < cap;) {
		unsigned char c = (unsigned char)s.p[i];
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
			     (c & 0xf8) == 0xf0 ? 4 : 0;
		bool ok = len > 0 && i + len <= b && o + len < cap && (len == 1 || c >= 0xc2);
		for (size_t j = 1; ok && j < len; j++)
			ok = ((unsigned char)s.p[i + j] & 0xc0) == 0x80;
		if (!ok) {
			dst[o++] = '?';
			i++;
			continue;
		}
		if (len == 1) {
			dst[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		} else {
			memcpy(dst + o, s.p + i, len);
			o += len;
		}
		i += len;
	}
	dst[o] = 0;
}

static struct usb_device *cur_dev(struct pstate *st)
{
	return st->dev >= 0 ? &st->l->dev[st->dev] : NULL;
}

static struct usb_device *new_dev(struct pstate *st)
{
	struct usb_listing *l = st->l;
	st->cfg = st->ifc = -1;
	if (l->n_dev >= USB_MAX_DEVICES) {
		l->dropped++;
		st->dev = -1;
		return NULL;
	}
	struct usb_device *d = &l->dev[l->n_dev];
	memset(d, 0, sizeof(*d));
	d->cfg_first = (uint16_t)l->n_cfg;
	st->dev = (long)l->n_dev++;
	return d;
}

static struct usb_device *need_dev(struct pstate *st)
{
	struct usb_device *d = cur_dev(st);
	return d ? d : new_dev(st);
}

static struct usb_config *new_cfg(struct pstate *st)
{
	struct usb_listing *l = st->l;
	struct usb_device *d = need_dev(st);
	st->ifc = -1;
	if (!d || l->n_cfg >= USB_MAX_CONFIGS ||
	    d->cfg_first + d->cfg_count != l->n_cfg) {
		l->dropped++;
		st->cfg = -1;
		return NULL;
	}
	struct usb_config *c = &l->cfg[l->n_cfg];
	memset(c, 0, sizeof(*c));
	c->if_first = (uint16_t)l->n_if;
	d->cfg_count++;
	st->cfg = (long)l->n_cfg++;
	return c;
}

static struct usb_iface *new_iface(struct pstate *st)
{
	struct usb_listing *l = st->l;
	if (st->cfg < 0 && !new_cfg(st))
		return NULL;
	if (st->cfg < 0)
		return NULL;
	struct usb_config *c = &l->cfg[st->cfg];
	if (l->n_if >= USB_MAX_IFACES || c->if_first + c->if_count != l->n_if) {
		l->dropped++;
		st->ifc = -1;
		return NULL;
	}
	struct usb_iface *f = &l->ifc[l->n_if];
	memset(f, 0, sizeof(*f));
	f->ep_first = (uint16_t)l->n_ep;
	c->if_count++;
	st->ifc = (long)l->n_if++;
	return f;
}

static void rec_T(struct pstate *st, struct seg s, bool cont)
{
	struct usb_device *d = cur_dev(st);
	/* A T: line after a device's P:/D:/S: lines but before its first
	 * configuration belongs to that device (lines pasted out of order). */
	if (!cont && !(d && !d->cfg_count && !d->bus && !d->devnum && !d->level))
		d = new_dev(st);
	if (!d)
		return;
	unsigned long v;
	if (key_num(s, "Bus=", 10, &v))
		d->bus = u8sat(v);
	if (key_num(s, "Lev=", 10, &v))
		d->level = u8sat(v);
	if (key_num(s, "Port=", 10, &v))
		d->port = u8sat(v);
	if (key_num(s, "Dev#=", 10, &v))
		d->devnum = u8sat(v);
	long o = find_key(s, "Spd=");
	if (o >= 0)
		copy_value(s, o, false, d->speed, sizeof(d->speed));
}

static void rec_D(struct pstate *st, struct seg s)
{
	struct usb_device *d = need_dev(st);
	if (!d)
		return;
	unsigned long v;
	if (key_num(s, "Cls=", 16, &v))
		d->cls = u8sat(v);
	if (key_num(s, "Sub=", 16, &v))
		d->sub = u8sat(v);
	if (key_num(s, "Prot=", 16, &v))
		d->proto = u8sat(v);
}

static void rec_P(struct pstate *st, struct seg s)
{
	unsigned long vid, pid;
	bool hv = key_num(s, "Vendor=", 16, &vid), hp = key_num(s, "ProdID=", 16, &pid);
	struct usb_device *d = cur_dev(st);
	/* A second P: line without a T: line between them is a new device. */
	if (!d || (d->have_ids && (hv || hp)))
		d = new_dev(st);
	if (!d)
		return;
	if ((hv && vid > 0xffff) || (hp && pid > 0xffff)) {
		st->l->bad_ids++;       /* an error, never a truncated id */
		hv = hp = false;
	}
	if (hv)
		d->vid = (uint16_t)(vid & 0xffff);
	if (hp)
		d->pid = (uint16_t)(pid & 0xffff);
	if (hv && hp)
		d->have_ids = true;
	long o = find_key(s, "Rev=");
	if (o >= 0)
		copy_value(s, o, false, d->rev, sizeof(d->rev));
}

static void rec_S(struct pstate *st, struct seg s)
{
	struct usb_device *d = need_dev(st);
	if (!d)
		return;
	long o = find_key(s, "Manufacturer=");
	if (o >= 0 && !d->manufacturer[0])
		copy_value(s, o, true, d->manufacturer, sizeof(d->manufacturer));
	o = find_key(s, "Product=");
	if (o >= 0 && !d->product[0])
		copy_value(s, o, true, d->product, sizeof(d->product));
	o = find_key(s, "IdsPaired=");
	if (o >= 0 && !d->ids_paired[0])
		copy_value(s, o, true, d->ids_paired, sizeof(d->ids_paired));
	/* SerialNumber is personal data and of no use here: not kept. */
}

static void rec_C(struct pstate *st, struct seg s, bool marked, bool cont)
{
	struct usb_config *c = NULL;
	if (cont && st->cfg >= 0)
		c = &st->l->cfg[st->cfg];
	else if (!cont)
		c = new_cfg(st);
	if (!c)
		return;
	unsigned long v;
	if (!cont)
		c->marked = marked;
	if (key_num(s, "Cfg#=", 10, &v))
		c->number = u8sat(v);
	if (key_num(s, "#Ifs=", 10, &v))
		c->n_ifs_declared = u8sat(v);
}

static void rec_I(struct pstate *st, struct seg s, bool marked, bool cont)
{
	struct usb_iface *f = NULL;
	if (cont && st->ifc >= 0)
		f = &st->l->ifc[st->ifc];
	else if (!cont)
		f = new_iface(st);
	if (!f)
		return;
	unsigned long v;
	if (!cont)
		f->marked = marked;
	if (key_num(s, "If#=", 10, &v))
		f->number = u8sat(v);
	if (key_num(s, "Alt=", 10, &v))
		f->alt = u8sat(v);
	if (key_num(s, "#EPs=", 10, &v))
		f->n_eps_declared = u8sat(v);
	if (key_num(s, "Cls=", 16, &v))
		f->cls = u8sat(v);
	if (key_num(s, "Sub=", 16, &v))
		f->sub = u8sat(v);
	if (key_num(s, "Prot=", 16, &v))
		f->proto = u8sat(v);
	long o = find_key(s, "Driver=");
	if (o < 0)
		return;
	copy_value(s, o, false, f->driver, sizeof(f->driver));
	if (!strcmp(f->driver, "(none)") || !strcmp(f->driver, "none") ||
	    !strcmp(f->driver, "(none"))
		f->driver[0] = 0;
	/* Whatever follows the driver name is a remark someone added. */
	size_t e = (size_t)o;
	while (e < s.n && !is_space(s.p[e]))
		e++;
	while (e < s.n && is_space(s.p[e]))
		e++;
	if (e < s.n)
		copy_value(s, (long)e, true, f->note, sizeof(f->note));
}

static void rec_E(struct pstate *st, struct seg s, bool cont)
{
	struct usb_listing *l = st->l;
	if (st->ifc < 0)
		return;
	struct usb_iface *f = &l->ifc[st->ifc];
	struct usb_ep *e;
	if (cont) {
		if (!f->ep_count)
			return;
		e = &l->ep[f->ep_first + f->ep_count - 1];
	} else {
		if (l->n_ep >= USB_MAX_EPS || f->ep_first + f->ep_count != l->n_ep) {
			l->dropped++;
			return;
		}
		e = &l->ep[l->n_ep++];
		memset(e, 0, sizeof(*e));
		f->ep_count++;
	}
	unsigned long v;
	if (key_num(s, "Ad=", 16, &v))
		e->addr = u8sat(v);
	if (key_num(s, "Atr=", 16, &v))
		e->type = (uint8_t)(v & 3);
	if (key_num(s, "MxPS=", 10, &v))
		e->maxps = v > 0xffff ? 0xffff : (uint16_t)v;
}

/* Whether a record carries one of the fields its tag always has, so that
 * prose such as "I: think it is broken" is not taken for an interface. */
static bool plausible(struct seg s, char tag)
{
	switch (tag) {
	case 'T': return find_key(s, "Bus=") >= 0 || find_key(s, "Dev#=") >= 0;
	case 'D': return find_key(s, "Ver=") >= 0 || find_key(s, "Cls=") >= 0;
	case 'P': return find_key(s, "Vendor=") >= 0 || find_key(s, "ProdID=") >= 0;
	case 'S': return memchr(s.p, '=', s.n) != NULL;
	case 'C': return find_key(s, "Cfg#=") >= 0 || find_key(s, "#Ifs=") >= 0;
	case 'I': return find_key(s, "If#=") >= 0;
	case 'E': return find_key(s, "Ad=") >= 0;
	default: return true;
	}
}

/* One record: s starts at its tag (or is a continuation of last_tag). */
static void record(struct pstate *st, struct seg s, char tag, bool cont)
{
	bool marked = false;
	if (!cont) {
		marked = s.n > 2 && s.p[2] == '*';
		size_t skip = marked ? 3 : 2;
		s.p += skip;
		s.n -= skip;
		if (!plausible(s, tag))
			return;
	}
	switch (tag) {
	case 'T': rec_T(st, s, cont); break;
	case 'D': rec_D(st, s); break;
	case 'P': if (!cont) rec_P(st, s); break;
	case 'S': if (!cont) rec_S(st, s); break;
	case 'C': rec_C(st, s, marked, cont); break;
	case 'I': rec_I(st, s, marked, cont); break;
	case 'E': rec_E(st, s, cont); break;
	default: break;         /* B: and A: carry nothing we need */
	}
	st->last_tag = tag;
}

static void line(struct pstate *st, struct seg s)
{
	/* Leading noise: spaces, quote markers, table pipes, code fences,
	 * markdown emphasis, comment hashes, list bullets. */
	while (s.n && (is_space(s.p[0]) || s.p[0] == '>' || s.p[0] == '|' || s.p[0] == '`' ||
		       s.p[0] == '#' || (s.p[0] == '*' && !(s.n > 1 && s.p[1] == ':')) ||
		       (s.p[0] == '-' && s.n > 1 && s.p[1] == ' ') || s.p[0] == '+' ||
		       s.p[0] == '\'' || s.p[0] == '"')) {
		s.p++;
		s.n--;
	}
	while (s.n && (is_space(s.p[s.n - 1]) || s.p[s.n - 1] == '|' || s.p[s.n - 1] == '`'))
		s.n--;
	if (!s.n)
		return;
	/* Records start at a tag at the line start or after a space; a line
	 * may hold several (run together) and may start with the tail of
	 * the previous line's last record (wrapped). */
	size_t first = 0;
	while (first < s.n && !(tag_at(s, first) && (first == 0 || is_space(s.p[first - 1]))))
		first++;
	if (first > 0 && st->last_tag && memchr(s.p, '=', first)) {
		struct seg c = { s.p, first };
		record(st, c, st->last_tag, true);
	}
	size_t start = first;
	for (size_t i = first + 1; i <= s.n; i++) {
		if (i < s.n && !(is_space(s.p[i - 1]) && tag_at(s, i)))
			continue;
		if (start < s.n) {
			struct seg r = { s.p + start, i - start };
			record(st, r, s.p[start], false);
		}
		start = i;
	}
}

/* Index of the setting of interface number `number` that counts as active
 * in cfg[a..b): the first marked one, else the first alternate 0, else
 * the first listed. */
static size_t pick_alt(const struct usb_listing *l, size_t a, size_t b, uint8_t number)
{
	size_t first = b, alt0 = b;
	for (size_t j = a; j < b; j++) {
		const struct usb_iface *g = &l->ifc[j];
		if (g->number != number)
			continue;
		if (g->marked)
			return j;
		if (first == b)
			first = j;
		if (g->alt == 0 && alt0 == b)
			alt0 = j;
	}
	return alt0 != b ? alt0 : first;
}

static void finalize(struct usb_listing *l)
{
	for (size_t d = 0; d < l->n_dev; d++) {
		struct usb_device *dv = &l->dev[d];
		if (!dv->cfg_count)
			continue;
		size_t pick = dv->cfg_first;
		for (size_t c = dv->cfg_first; c < (size_t)dv->cfg_first + dv->cfg_count; c++)
			if (l->cfg[c].marked) {
				pick = c;
				break;
			}
		l->cfg[pick].active = true;
		for (size_t c = dv->cfg_first; c < (size_t)dv->cfg_first + dv->cfg_count; c++) {
			struct usb_config *cf = &l->cfg[c];
			size_t a = cf->if_first, b = a + cf->if_count;
			for (size_t i = a; i < b; i++)
				l->ifc[i].active = pick_alt(l, a, b, l->ifc[i].number) == i;
		}
	}
}

static int parse_records(struct usb_listing *l, const char *text, size_t len);

/* Whether the text holds records echoed under bash's `set -x`, which
 * quotes every word: 'I:*' 'If#=' 0 'Alt=' 0 ... (the scripts of router
 * add-ons print the kernel's listing this way in their traces). */
static bool xtrace_quoted(const char *text, size_t len)
{
	static const char *const marks[] = { "'If#='", "'Cfg#='", "'#EPs='", "'Driver=" };
	for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
		size_t k = strlen(marks[m]);
		for (size_t i = 0; i + k <= len; i++)
			if (!memcmp(text + i, marks[m], k))
				return true;
	}
	return false;
}

int usb_listing_parse(struct usb_listing *l, const char *text, size_t len)
{
	/* The quotes of a trace become spaces, so tags and keys stand at
	 * word starts again. */
	struct strbuf unq;
	sb_init(&unq);
	if (xtrace_quoted(text, len)) {
		for (size_t i = 0; i < len; i++)
			sb_putc(&unq, text[i] == '\'' ? ' ' : text[i]);
		if (!unq.failed) {
			text = sb_str(&unq);
			len = unq.len;
		}
	}
	struct strbuf conv;
	sb_init(&conv);
	bool no_drivers = false;
	int kind = usb_lsusb_convert(text, len, &conv, &no_drivers);
	int r;
	if (kind > 0 && !conv.failed)
		r = parse_records(l, sb_str(&conv), conv.len);
	else
		r = parse_records(l, text, len);
	l->format = kind == 1 ? USB_FMT_LSUSB_V : kind == 2 ? USB_FMT_LSUSB_T : USB_FMT_DEVICES;
	sb_free(&conv);
	sb_free(&unq);
	return r;
}

static int parse_records(struct usb_listing *l, const char *text, size_t len)
{
	l->n_dev = l->n_cfg = l->n_if = l->n_ep = 0;
	l->dropped = 0;
	l->bad_ids = 0;
	struct pstate st = { .l = l, .dev = -1, .cfg = -1, .ifc = -1, .last_tag = 0 };
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n' && text[i] != '\r')
			continue;
		if (i > start) {
			struct seg s = { text + start, i - start };
			line(&st, s);
		}
		start = i + 1;
	}
	finalize(l);
	return l->n_dev ? (int)l->n_dev : CL_E_PARSE;
}

const struct usb_config *usb_active_config(const struct usb_listing *l, size_t d)
{
	if (d >= l->n_dev)
		return NULL;
	const struct usb_device *dv = &l->dev[d];
	for (size_t c = dv->cfg_first; c < (size_t)dv->cfg_first + dv->cfg_count; c++)
		if (l->cfg[c].active)
			return &l->cfg[c];
	return NULL;
}
