#include "io/devlock.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define DEVLOCK_ROOT_DIR "/run/cellink"
#define DEVLOCK_USER_DIR "/run/lock"

/* A directory we may put the lock in: as root, only one root owns and
 * nobody else may write (a planted file could hold every lock). */
static const char *lock_dir(void)
{
	if (geteuid() != 0)
		return DEVLOCK_USER_DIR;
	mkdir(DEVLOCK_ROOT_DIR, 0755);
	struct stat st;
	if (lstat(DEVLOCK_ROOT_DIR, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))
		return NULL;
	return DEVLOCK_ROOT_DIR;
}

static void name_holder(int fd, const char *path, const char *lock, char *errtext, size_t cap)
{
	char buf[32] = "";
	long pid = 0;
	/* the winner writes its PID just after taking the lock: look again
	 * for a moment when it is not there yet, or when the file still holds
	 * the PID of a holder that has gone (killed before it could clear it) */
	for (int tries = 0; tries < 50 && pid <= 0; tries++) {
		if (tries)
			poll(NULL, 0, 10);
		ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = 0;
		pid = n > 0 ? strtol(buf, NULL, 10) : 0;
		if (pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			pid = 0;
	}
	char comm[32] = "";
	if (pid > 0) {
		char p[64];
		snprintf(p, sizeof(p), "/proc/%ld/comm", pid);
		FILE *f = fopen(p, "r");
		if (f) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = 0;
			fclose(f);
		}
	}
	if (pid > 0)
		snprintf(errtext, cap, "%s is held by PID %ld (%s) through the lock %s; stop it (e.g. "
			 "'kill %ld'), then try again", path, pid, comm[0] ? comm : "cellink", lock, pid);
	else
		snprintf(errtext, cap, "%s is held by another cellink (lock %s)", path, lock);
}

int io_dev_lock(const char *path, char *errtext, size_t cap)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;      /* the open says why */
	const char *dir = lock_dir();
	if (!dir)
		return -1;
	char lock[128];
	if (S_ISCHR(st.st_mode))
		snprintf(lock, sizeof(lock), "%s/cellink-dev-%u-%u.lock", dir, major(st.st_rdev), minor(st.st_rdev));
	else
		snprintf(lock, sizeof(lock), "%s/cellink-ino-%lu-%lu.lock", dir, (unsigned long)st.st_dev,
			 (unsigned long)st.st_ino);
	int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		fd = open(lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);    /* another user's file: flock still works */
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		if (e == EWOULDBLOCK)
			name_holder(fd, path, lock, errtext, cap);
		close(fd);
		return e == EWOULDBLOCK ? -EBUSY : -1;
	}
	char pid[24];
	int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, pid, (size_t)n, 0);
	return fd;
}

void io_dev_unlock(int fd)
{
	if (fd >= 0) {
		/* the next holder's PID, not ours, is what a loser must read */
		(void)!ftruncate(fd, 0);
		close(fd);
	}
}
