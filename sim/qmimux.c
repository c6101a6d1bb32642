/* The emulated kernel's QMAP muxing (qmi_wwan's add_mux): cellink writes
 * a mux id into the tree's class/net/IFNAME/qmi/add_mux; the emulator
 * sees the write (inotify), creates a TUN device named qmimuxK (K: the
 * first free number, as the kernel numbers them) in the data plane's
 * namespace, links it as upper_qmimuxK of IFNAME in the tree, and lists
 * the mux ids in add_mux ("0x01" lines, as the kernel shows them).
 *
 * Each mux interface carries the session of the WDS client bound to its
 * mux id (bind-mux-data-port), with that mux's addresses (sim_mux_net):
 * the kernel would strip the QMAP header and hand the packet to the
 * interface of its mux id; the emulator models both ends at once, so a
 * packet read from qmimuxK belongs to mux id K's session. del_mux
 * removes the interface. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "common/util.h"
#include "sim/dataplane.h"
#include "sim/sim.h"

#define SIM_MAX_MUX 8

struct sim_mux {
	bool used;
	uint8_t id;
	unsigned index;                 /* qmimux<index> */
	struct sim_dp dp;
};

struct sim_qmimux {
	struct sim *s;
	struct ev_fd h;
	char qmi_dir[PATH_MAX + 64];    /* tree/class/net/IFNAME/qmi */
	struct sim_mux mux[SIM_MAX_MUX];
};

void sim_mux_net(const struct sim_net *base, uint8_t mux_id, struct sim_net *out)
{
	*out = *base;
	if (!mux_id)
		return;
	/* mux id N: 10.42.N.0/24 in place of the base's 10.42.0.0/24 (its
	 * DNS servers stay the base's) */
	struct in_addr a;
	char *v4[] = { out->v4_addr, out->v4_gw };
	for (size_t i = 0; i < ARRAY_SIZE(v4); i++)
		if (inet_pton(AF_INET, v4[i], &a) == 1) {
			uint32_t h = ntohl(a.s_addr);
			h = (h & 0xffff00ffu) | ((uint32_t)mux_id << 8);
			a.s_addr = htonl(h);
			inet_ntop(AF_INET, &a, v4[i], sizeof out->v4_addr);
		}
}

/* The listing replaces add_mux whole (written aside, then renamed over
 * it): a reader never sees it empty half way, which a host polling for a
 * mux id to go would take for gone and then write its add request into
 * a file the rest of the listing overwrites. */
static void list_write(struct sim_qmimux *q)
{
	char p[PATH_MAX + 96], tmp[PATH_MAX + 96], t[SIM_MAX_MUX * 6 + 1] = "";
	size_t len = 0;
	for (int i = 0; i < SIM_MAX_MUX; i++)
		if (q->mux[i].used)
			len += (size_t)snprintf(t + len, sizeof t - len, "0x%02x\n", q->mux[i].id);
	snprintf(p, sizeof p, "%s/add_mux", q->qmi_dir);
	snprintf(tmp, sizeof tmp, "%s/.add_mux.list", q->qmi_dir);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	bool ok = write(fd, t, len) == (ssize_t)len;
	close(fd);
	if (!ok || rename(tmp, p) < 0) {
		sim_err(q->s, "qmimux: cannot list the mux ids in %s", p);
		unlink(tmp);
	}
}

static void upper_link(struct sim_qmimux *q, unsigned index, bool add)
{
	char p[PATH_MAX + 128], target[32];
	snprintf(p, sizeof p, "%s/../upper_qmimux%u", q->qmi_dir, index);
	snprintf(target, sizeof target, "../qmimux%u", index);
	unlink(p);
	if (add && symlink(target, p) < 0)
		sim_err(q->s, "qmimux: %s: %s", p, strerror(errno));
}

static void mux_add(struct sim_qmimux *q, uint8_t id)
{
	struct sim *s = q->s;
	struct sim_mux *free_slot = NULL;
	bool taken[SIM_MAX_MUX] = { false };
	for (int i = 0; i < SIM_MAX_MUX; i++) {
		if (q->mux[i].used && q->mux[i].id == id) {
			sim_log(s, "qmimux: mux id %u already present", id);   /* the kernel: -EINVAL */
			return;
		}
		if (q->mux[i].used)
			taken[q->mux[i].index] = true;
		else if (!free_slot)
			free_slot = &q->mux[i];
	}
	if (!free_slot)
		return;
	unsigned index = 0;
	while (index < SIM_MAX_MUX && taken[index])
		index++;
	char ifname[16];
	snprintf(ifname, sizeof ifname, "qmimux%u", index);
	struct sim_net n;
	sim_mux_net(&s->m.net, id, &n);
	struct sim_dp_config cfg = { .netns = s->netns[0] ? s->netns : NULL, .ifname = ifname };
	if (inet_pton(AF_INET, n.v4_gw, &cfg.gw4) != 1 || inet_pton(AF_INET, n.v4_dns1, &cfg.dns4[0]) != 1 ||
	    inet_pton(AF_INET, n.v4_dns2, &cfg.dns4[1]) != 1 || inet_pton(AF_INET6, n.v6_gw, cfg.gw6) != 1 ||
	    inet_pton(AF_INET6, n.v6_dns1, cfg.dns6[0]) != 1 || inet_pton(AF_INET6, n.v6_dns2, cfg.dns6[1]) != 1) {
		sim_err(s, "qmimux: bad address in the network settings");
		return;
	}
	int r = sim_dp_start(&free_slot->dp, &s->loop, &cfg);
	if (r < 0) {
		sim_err(s, "qmimux: %s: %s", ifname, strerror(-r));
		return;
	}
	free_slot->used = true;
	free_slot->id = id;
	free_slot->index = index;
	upper_link(q, index, true);
	sim_log(s, "qmimux: mux id %u is %s (gateway %s)", id, ifname, n.v4_gw);
}

static void mux_del(struct sim_qmimux *q, uint8_t id)
{
	for (int i = 0; i < SIM_MAX_MUX; i++)
		if (q->mux[i].used && q->mux[i].id == id) {
			sim_dp_stop(&q->mux[i].dp);
			upper_link(q, q->mux[i].index, false);
			q->mux[i].used = false;
			sim_log(q->s, "qmimux: mux id %u removed", id);
		}
}

/* The first line of add_mux or del_mux as the host wrote it; a line of
 * our own listing ("0x01") is not a request. */
static int read_request(struct sim_qmimux *q, const char *name)
{
	char p[PATH_MAX + 96], v[32];
	snprintf(p, sizeof p, "%s/%s", q->qmi_dir, name);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, v, sizeof v - 1);
	close(fd);
	if (n <= 0)
		return -1;
	v[n] = 0;
	if (!strncmp(v, "0x", 2))
		return -1;
	long id;
	v[strcspn(v, "\n")] = 0;
	return sim_num(v, 1, 254, &id) ? (int)id : -1;
}

static void on_inotify(struct ev_fd *h, unsigned revents)
{
	struct sim_qmimux *q = container_of(h, struct sim_qmimux, h);
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool add = false, del = false;
	ssize_t n;
	while ((n = read(h->fd, buf, sizeof buf)) > 0)
		for (char *c = buf; c < buf + n;) {
			struct inotify_event *e = (struct inotify_event *)c;
			if (e->len && !strcmp(e->name, "add_mux"))
				add = true;
			else if (e->len && !strcmp(e->name, "del_mux"))
				del = true;
			c += sizeof *e + e->len;
		}
	/* our own listing raises an event too: only a request is answered */
	int id;
	bool changed = false;
	if (del && (id = read_request(q, "del_mux")) > 0) {
		mux_del(q, (uint8_t)id);
		changed = true;
	}
	if (add && (id = read_request(q, "add_mux")) > 0) {
		mux_add(q, (uint8_t)id);
		changed = true;
	}
	if (changed)
		list_write(q);
}

int sim_qmimux_start(struct sim *s)
{
	if (!s->sysfs_dir[0] || s->mbim || !s->netns[0])
		return 0;       /* no tree, no qmi_wwan, or no data plane to add to */
	struct sim_qmimux *q = calloc(1, sizeof *q);
	if (!q)
		return -ENOMEM;
	q->s = s;
	if ((size_t)snprintf(q->qmi_dir, sizeof q->qmi_dir, "%s/class/net/%s/qmi", s->sysfs_dir, s->ifname) >=
	    sizeof q->qmi_dir) {
		free(q);
		return -ENAMETOOLONG;
	}
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0 || inotify_add_watch(fd, q->qmi_dir, IN_CLOSE_WRITE) < 0) {
		int e = -errno;
		sim_err(s, "qmimux: watching %s: %s", q->qmi_dir, strerror(-e));
		if (fd >= 0)
			close(fd);
		free(q);
		return e;
	}
	q->h.fd = fd;
	q->h.cb = on_inotify;
	int r = ev_fd_add(&s->loop, &q->h, EV_READ);
	if (r < 0) {
		close(fd);
		free(q);
		return r;
	}
	s->qmimux = q;
	return 0;
}

void sim_qmimux_stop(struct sim *s)
{
	struct sim_qmimux *q = s->qmimux;
	if (!q)
		return;
	for (int i = 0; i < SIM_MAX_MUX; i++)
		if (q->mux[i].used) {
			sim_dp_stop(&q->mux[i].dp);
			upper_link(q, q->mux[i].index, false);
		}
	ev_fd_del(&s->loop, &q->h);
	close(q->h.fd);
	free(q);
	s->qmimux = NULL;
}
