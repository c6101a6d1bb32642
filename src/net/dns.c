/* DNS servers of the link, handed to the resolver the host runs:
 * systemd-resolved (per-link servers on the modem's interface, through
 * resolvectl, else busctl), else resolvconf (a record named after the
 * interface), else a resolv file of our own. Each is taken back on
 * disconnect. No library of either: their command-line tools. */
#include "net/net.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define NET_DNS_MAX 8

const char *net_dns_via_name(enum net_dns_via via)
{
	switch (via) {
	case NET_DNS_RESOLVED: return "systemd-resolved";
	case NET_DNS_RESOLVCONF: return "resolvconf";
	case NET_DNS_FILE: return "resolv file";
	case NET_DNS_NONE: break;
	}
	return "none";
}

static bool resolved_runs(const struct net_dns *cfg)
{
	struct stat st;
	const char *dir = cfg->resolved_dir ? cfg->resolved_dir : NET_RESOLVED_DIR;
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool have(const char *program)
{
	char p[512];
	return net_find_program(program, p, sizeof(p)) == 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* Is this process in another network namespace than the host's resolvers
 * (PID 1's)? Where PID 1 is out of sight, a namespace that `ip netns add`
 * named is taken for another; else it assumes not. */
static bool other_netns(const struct net_dns *cfg)
{
	struct stat self, init;
	if (stat("/proc/self/ns/net", &self) < 0)
		return false;
	if (stat(cfg->init_netns ? cfg->init_netns : NET_INIT_NETNS, &init) == 0)
		return !same_file(&self, &init);
	const char *named = cfg->named_netns ? cfg->named_netns : NET_NAMED_NETNS;
	DIR *d = opendir(named);
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		char p[512];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", named, e->d_name);
		found = stat(p, &st) == 0 && same_file(&st, &self);
	}
	closedir(d);
	return found;
}

enum net_dns_via net_dns_detect(const struct net_dns *cfg)
{
	if (cfg->file_only || other_netns(cfg))
		return NET_DNS_FILE;
	if (resolved_runs(cfg) && (have("resolvectl") || have("busctl")))
		return NET_DNS_RESOLVED;
	if (have("resolvconf"))
		return NET_DNS_RESOLVCONF;
	return NET_DNS_FILE;
}

/* Runs argv[0] from PATH; a sentence in why when it fails. */
static int tool(const char *const argv[], const char *input, char *why, size_t cap)
{
	char path[512], out[256];
	int r = net_find_program(argv[0], path, sizeof(path));
	if (r == 0)
		r = net_run(path, argv, input, out, sizeof(out));
	if (r == 0)
		return 0;
	int w = snprintf(why, cap, "%s", argv[0]);
	for (int i = 1; argv[i] && w >= 0 && (size_t)w < cap; i++)
		w += snprintf(why + w, cap - (size_t)w, " %s", argv[i]);
	if (w < 0 || (size_t)w >= cap)
		return r < 0 ? r : -EIO;
	if (r < 0)
		snprintf(why + w, cap - (size_t)w, ": %s",
			 r == -ENOENT ? "not found in PATH" : r == -ETIMEDOUT ? "no answer within 5 s" : strerror(-r));
	else
		snprintf(why + w, cap - (size_t)w, ": exit status %d%s%s", r, out[0] ? ": " : "", out);
	return r < 0 ? r : -EIO;
}

/* ---- systemd-resolved ---- */

static int resolved_set(const char *ifname, const char *const *list, size_t k, char *why, size_t cap)
{
	if (have("resolvectl")) {
		const char *argv[NET_DNS_MAX + 4] = { "resolvectl", "dns", ifname };
		for (size_t i = 0; i < k; i++)
			argv[3 + i] = list[i];
		return tool(argv, NULL, why, cap);
	}
	/* SetLinkDNS(ifindex, [(family, address bytes)]) on the system bus */
	int idx = net_ifindex(ifname);
	if (idx < 0) {
		snprintf(why, cap, "%s: %s", ifname, strerror(-idx));
		return idx;
	}
	static char num[8 + NET_DNS_MAX * 18][12];
	const char *argv[16 + NET_DNS_MAX * 18] = { "busctl", "call", "org.freedesktop.resolve1",
						    "/org/freedesktop/resolve1",
						    "org.freedesktop.resolve1.Manager", "SetLinkDNS", "ia(iay)" };
	int a = 7, u = 0;
	snprintf(num[u], sizeof(num[u]), "%d", idx);
	argv[a++] = num[u++];
	snprintf(num[u], sizeof(num[u]), "%zu", k);
	argv[a++] = num[u++];
	for (size_t i = 0; i < k; i++) {
		uint8_t b[16];
		int fam = inet_pton(AF_INET, list[i], b) == 1 ? AF_INET : AF_INET6;
		if (fam == AF_INET6 && inet_pton(AF_INET6, list[i], b) != 1)
			return -EINVAL;
		int len = fam == AF_INET ? 4 : 16;
		snprintf(num[u], sizeof(num[u]), "%d", fam);
		argv[a++] = num[u++];
		snprintf(num[u], sizeof(num[u]), "%d", len);
		argv[a++] = num[u++];
		for (int j = 0; j < len; j++) {
			snprintf(num[u], sizeof(num[u]), "%u", b[j]);
			argv[a++] = num[u++];
		}
	}
	argv[a] = NULL;
	return tool(argv, NULL, why, cap);
}

static int resolved_clear(const char *ifname, char *why, size_t cap)
{
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return 0;       /* the link is gone, and resolved forgot it with it */
	if (have("resolvectl")) {
		const char *argv[] = { "resolvectl", "revert", ifname, NULL };
		return tool(argv, NULL, why, cap);
	}
	char num[16];
	snprintf(num, sizeof(num), "%d", idx);
	const char *argv[] = { "busctl", "call", "org.freedesktop.resolve1", "/org/freedesktop/resolve1",
			       "org.freedesktop.resolve1.Manager", "RevertLink", "i", num, NULL };
	return tool(argv, NULL, why, cap);
}

/* ---- resolvconf ---- */

static int resolvconf_set(const char *ifname, const char *const *list, size_t k, char *why, size_t cap)
{
	char input[NET_DNS_MAX * 64];
	size_t used = 0;
	for (size_t i = 0; i < k; i++)
		used += (size_t)snprintf(input + used, sizeof(input) - used, "nameserver %s\n", list[i]);
	const char *argv[] = { "resolvconf", "-a", ifname, NULL };
	return tool(argv, input, why, cap);
}

static int resolvconf_clear(const char *ifname, char *why, size_t cap)
{
	const char *argv[] = { "resolvconf", "-d", ifname, NULL };
	return tool(argv, NULL, why, cap);
}

/* ---- the resolv file ---- */

int net_write_resolv(const char *path, const char *const *servers, size_t n, char *why, size_t cap)
{
	char dir[512];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (!base[0] || strlen(base) > 200) {
		snprintf(why, cap, "%s: not a file name", path);
		return -EINVAL;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		int e = errno;
		snprintf(why, cap, "cannot open the directory %s: %s", dir, strerror(e));
		return -e;
	}
	/* another user who can write the directory could plant a link at the
	 * names we use: refuse such a directory (the check is on the one we
	 * opened, so nothing can swap it afterwards) */
	struct stat st;
	if (fstat(dfd, &st) < 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		snprintf(why, cap,
			 "refusing to write %s: the directory %s can be written by other users (mode %04o, owner "
			 "uid %u); use one only root can write, such as /run/cellink",
			 path, dir, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
		close(dfd);
		return -EPERM;
	}
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s.tmp", base);
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(dfd, tmp, flags, 0644);
	if (fd < 0 && errno == EEXIST) {
		/* left by a run that ended before its rename: remove the name
		 * (never what a link there points to) and create it afresh */
		unlinkat(dfd, tmp, 0);
		fd = openat(dfd, tmp, flags, 0644);
	}
	if (fd < 0) {
		int e = errno;
		snprintf(why, cap, "cannot create %s/%s: %s", dir, tmp, strerror(e));
		close(dfd);
		return -e;
	}
	fchmod(fd, 0644);       /* readable by every resolver, whatever our umask */
	char text[NET_DNS_MAX * 64 + 64];
	size_t used = (size_t)snprintf(text, sizeof(text), "# DNS servers of the cellular link, written by cellink\n");
	for (size_t i = 0, k = 0; i < n && k < NET_DNS_MAX; i++)
		if (servers[i] && servers[i][0]) {
			used += (size_t)snprintf(text + used, sizeof(text) - used, "nameserver %s\n", servers[i]);
			k++;
		}
	ssize_t w = write(fd, text, used);
	int e = w < 0 ? errno : (size_t)w != used ? EIO : 0;
	if (close(fd) < 0 && !e)
		e = errno;
	if (!e && renameat(dfd, tmp, dfd, base) < 0)
		e = errno;
	if (e) {
		unlinkat(dfd, tmp, 0);
		snprintf(why, cap, "writing %s: %s", path, strerror(e));
	} else {
		snprintf(why, cap, "written to %s", path);
	}
	close(dfd);
	return -e;
}

int net_remove_resolv(const char *path)
{
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}

/* ---- the choice ---- */

int net_dns_set(const struct net_dns *cfg, const char *ifname, const char *const *servers, size_t n,
		enum net_dns_via *via, char *why, size_t cap)
{
	*via = NET_DNS_NONE;
	/* only addresses: they reach a program's input and a file line by line */
	const char *list[NET_DNS_MAX];
	size_t k = 0;
	for (size_t i = 0; i < n && k < NET_DNS_MAX; i++) {
		uint8_t b[16];
		if (!servers[i] || (inet_pton(AF_INET, servers[i], b) != 1 && inet_pton(AF_INET6, servers[i], b) != 1))
			continue;
		bool dup = false;
		for (size_t j = 0; j < k; j++)
			dup |= !strcmp(list[j], servers[i]);
		if (!dup)
			list[k++] = servers[i];
	}
	if (k == 0) {
		snprintf(why, cap, "not handed over: the network gave none");
		return 0;
	}
	/* what failed on the way, for the log: "A; B" */
	char failed[600] = "", w[300];
	enum net_dns_via try = net_dns_detect(cfg);
	int r = -ENOENT;
	if (try == NET_DNS_RESOLVED) {
		r = resolved_set(ifname, list, k, w, sizeof(w));
		if (r == 0) {
			*via = NET_DNS_RESOLVED;
			snprintf(why, cap, "handed to systemd-resolved for %s", ifname);
			return 0;
		}
		snprintf(failed, sizeof(failed), "%s", w);
		try = have("resolvconf") ? NET_DNS_RESOLVCONF : NET_DNS_FILE;
	}
	if (try == NET_DNS_RESOLVCONF) {
		r = resolvconf_set(ifname, list, k, w, sizeof(w));
		if (r == 0) {
			*via = NET_DNS_RESOLVCONF;
			snprintf(why, cap, "handed to resolvconf as %s%s%s", ifname, failed[0] ? " after " : "",
				 failed);
			return 0;
		}
		size_t f = strlen(failed);
		snprintf(failed + f, sizeof(failed) - f, "%s%s", f ? "; " : "", w);
	}
	if (!cfg->file) {
		snprintf(why, cap, "%s", failed[0] ? failed : "no resolver to take them");
		return r;
	}
	r = net_write_resolv(cfg->file, list, k, w, sizeof(w));
	if (r == 0)
		*via = NET_DNS_FILE;
	snprintf(why, cap, "%s%s%s%s", w, failed[0] ? " after " : "", failed,
		 !cfg->file_only && other_netns(cfg)
			 ? " (a network namespace of its own: the host's resolver serves another)"
			 : "");
	return r;
}

int net_dns_clear(const struct net_dns *cfg, enum net_dns_via via, const char *ifname, char *why, size_t cap)
{
	int r = 0;
	why[0] = 0;
	switch (via) {
	case NET_DNS_RESOLVED:
		r = resolved_clear(ifname, why, cap);
		if (r == 0)
			snprintf(why, cap, "taken back from systemd-resolved for %s", ifname);
		break;
	case NET_DNS_RESOLVCONF:
		r = resolvconf_clear(ifname, why, cap);
		if (r == 0)
			snprintf(why, cap, "taken back from resolvconf (%s)", ifname);
		break;
	case NET_DNS_FILE:
		r = cfg->file ? net_remove_resolv(cfg->file) : 0;
		snprintf(why, cap, r ? "not removed with %s: %s" : "removed with %s%s", cfg->file ? cfg->file : "",
			 r ? strerror(-r) : "");
		break;
	case NET_DNS_NONE:
		break;
	}
	return r;
}
