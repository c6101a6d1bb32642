/* Who else has a device open: named in "held by PID (name)" messages. */
#include "io/holder.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* pts index a ptmx descriptor of pid/fd stands for, or -1. */
static int ptmx_index(const char *pid, const char *fd)
{
	char p[600], line[128];
	snprintf(p, sizeof(p), "/proc/%s/fdinfo/%s", pid, fd);
	FILE *f = fopen(p, "re");
	if (!f)
		return -1;
	int idx = -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "tty-index: %d", &idx) == 1)
			break;
	fclose(f);
	return idx;
}

/* Does pid hold the master side of pts number idx (then it is the
 * emulator that owns the pty, not a competing client)? */
static bool holds_master_of(const char *pid, int idx)
{
	char p[320];
	snprintf(p, sizeof(p), "/proc/%s/fd", pid);
	DIR *d = opendir(p);
	if (!d)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char lp[600], target[64];
		snprintf(lp, sizeof(lp), "/proc/%s/fd/%s", pid, e->d_name);
		ssize_t n = readlink(lp, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (strstr(target, "ptmx") && ptmx_index(pid, e->d_name) == idx)
			found = true;
	}
	closedir(d);
	return found;
}

pid_t io_find_holder(const char *path, char *name, size_t cap)
{
	struct stat want;
	if (stat(path, &want) < 0 || !S_ISCHR(want.st_mode))
		return 0;
	/* pty slaves: major 136..143 */
	bool is_pts = major(want.st_rdev) >= 136 && major(want.st_rdev) <= 143;
	int pts_idx = is_pts ? (int)((major(want.st_rdev) - 136) * 256 + minor(want.st_rdev)) : -1;
	pid_t self = getpid();
	DIR *proc = opendir("/proc");
	if (!proc)
		return 0;
	pid_t found = 0;
	struct dirent *pe;
	while (!found && (pe = readdir(proc))) {
		char *end;
		long pid = strtol(pe->d_name, &end, 10);
		if (*end || pid <= 0 || pid == self)
			continue;
		char p[320];
		snprintf(p, sizeof(p), "/proc/%ld/fd", pid);
		DIR *d = opendir(p);
		if (!d)
			continue;
		struct dirent *fe;
		bool holds = false;
		while (!holds && (fe = readdir(d))) {
			char lp[600];
			struct stat st;
			snprintf(lp, sizeof(lp), "/proc/%ld/fd/%s", pid, fe->d_name);
			if (fe->d_name[0] != '.' && stat(lp, &st) == 0 && S_ISCHR(st.st_mode) &&
			    st.st_rdev == want.st_rdev)
				holds = true;
		}
		closedir(d);
		if (holds && is_pts && holds_master_of(pe->d_name, pts_idx))
			holds = false;
		if (holds)
			found = (pid_t)pid;
	}
	closedir(proc);
	if (found && name && cap) {
		char p[320];
		snprintf(p, sizeof(p), "/proc/%d/comm", (int)found);
		FILE *f = fopen(p, "re");
		name[0] = 0;
		if (f) {
			if (fgets(name, (int)cap, f))
				name[strcspn(name, "\n")] = 0;
			fclose(f);
		}
		if (!name[0])
			snprintf(name, cap, "?");
	}
	return found;
}
