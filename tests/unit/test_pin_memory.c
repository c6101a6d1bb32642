/* SHA-256 against FIPS 180-4's examples, and the refused-PIN memory: what
 * it remembers, what it stores (no PIN, no ICCID in the clear), and the
 * paths it will not trust. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/sha256.h"
#include "store/pin_memory.h"

static void hex(const uint8_t *d, char *out)
{
	for (int i = 0; i < SHA256_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha256_vectors(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	uint8_t d[SHA256_LEN];
	char h[2 * SHA256_LEN + 1];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		sha256(v[i].in, strlen(v[i].in), d);
		hex(d, h);
		assert_string_equal(h, v[i].out);
	}
	/* a million 'a', fed in uneven pieces across block boundaries */
	struct sha256 s;
	char a[1000];
	memset(a, 'a', sizeof a);
	sha256_init(&s);
	for (size_t done = 0, k = 1; done < 1000000; k = k % 997 + 1) {
		size_t n = 1000000 - done < k ? 1000000 - done : k;
		sha256_update(&s, a, n);
		done += n;
	}
	sha256_final(&s, d);
	hex(d, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

struct tmp {
	char root[64];
	char run[96];
};

static int setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));
	snprintf(t->root, sizeof t->root, "/tmp/cellink-pinmem-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	snprintf(t->run, sizeof t->run, "%s/run", t->root);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tmp *t = *state;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->root);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static const char *const ICCID = "8949010000000012342";

static void remembers_per_sim_and_pin(void **state)
{
	struct tmp *t = *state;
	struct pin_memory m;
	pin_memory_init(&m, t->run);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), 0);
	assert_int_equal(pin_memory_remember(&m, ICCID, "0000"), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), 1);
	assert_int_equal(pin_memory_refused(&m, ICCID, "4321"), 0);    /* a new PIN */
	assert_int_equal(pin_memory_refused(&m, "8944150000000012343", "0000"), 0); /* another SIM */
	assert_int_equal(pin_memory_refused(&m, "", "0000"), 0);
	/* another process (a new handle) knows it too; twice is kept once */
	struct pin_memory m2;
	pin_memory_init(&m2, t->run);
	assert_int_equal(pin_memory_remember(&m2, ICCID, "1111"), 0);
	assert_int_equal(pin_memory_remember(&m2, ICCID, "0000"), 0);
	assert_int_equal(pin_memory_refused(&m2, ICCID, "0000"), 1);
	assert_int_equal(pin_memory_refused(&m2, ICCID, "1111"), 1);
}

/* What lies on disk: one 0600 file per SIM in a 0700 directory, named by no
 * ICCID and holding no PIN. */
static void nothing_in_the_clear(void **state)
{
	struct tmp *t = *state;
	struct pin_memory m;
	pin_memory_init(&m, t->run);
	assert_int_equal(pin_memory_remember(&m, ICCID, "271828"), 0);
	struct stat st;
	assert_int_equal(stat(m.dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	DIR *d = opendir(m.dir);
	assert_non_null(d);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		files++;
		assert_null(strstr(e->d_name, "894901"));
		char path[512], buf[256] = "";
		snprintf(path, sizeof path, "%s/%s", m.dir, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		assert_int_equal(n, 65);        /* one digest and its newline */
		assert_null(strstr(buf, "271828"));
		assert_null(strstr(buf, "894901"));
	}
	closedir(d);
	assert_int_equal(files, 1);
}

static void keeps_the_newest(void **state)
{
	struct tmp *t = *state;
	struct pin_memory m;
	pin_memory_init(&m, t->run);
	char pin[8];
	for (int i = 0; i < PIN_MEMORY_MAX + 4; i++) {
		snprintf(pin, sizeof pin, "%04d", i);
		assert_int_equal(pin_memory_remember(&m, ICCID, pin), 0);
	}
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0003"), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0004"), 1);
	snprintf(pin, sizeof pin, "%04d", PIN_MEMORY_MAX + 3);
	assert_int_equal(pin_memory_refused(&m, ICCID, pin), 1);
}

/* Planted paths: a symbolic link for the directory or the file, a
 * directory open to others, a runtime directory anyone may write into. */
static void untrusted_paths_refused(void **state)
{
	struct tmp *t = *state;
	struct pin_memory m;
	char elsewhere[128], path[256];
	snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", t->root);
	assert_int_equal(mkdir(elsewhere, 0700), 0);
	assert_int_equal(mkdir(t->run, 0755), 0);

	/* the directory is a symbolic link */
	snprintf(path, sizeof path, "%s/pin", t->run);
	assert_int_equal(symlink(elsewhere, path), 0);
	pin_memory_init(&m, t->run);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), -EPERM);
	assert_int_equal(pin_memory_remember(&m, ICCID, "0000"), -EPERM);
	assert_non_null(strstr(m.why, "/pin"));
	assert_int_equal(unlink(path), 0);

	/* the directory is open to others */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(pin_memory_remember(&m, ICCID, "0000"), -EPERM);
	assert_non_null(strstr(m.why, "not trusted"));
	assert_int_equal(chmod(path, 0700), 0);

	/* the SIM's file is a symbolic link: found by remembering once */
	assert_int_equal(pin_memory_remember(&m, ICCID, "0000"), 0);
	DIR *d = opendir(path);
	struct dirent *e;
	char file[512] = "";
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
	closedir(d);
	assert_int_equal(unlink(file), 0);
	char target[256];
	snprintf(target, sizeof target, "%s/target", elsewhere);
	assert_int_equal(symlink(target, file), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), -EPERM);
	assert_int_equal(pin_memory_remember(&m, ICCID, "0000"), -EPERM);
	struct stat st;
	assert_int_equal(lstat(target, &st), -1);       /* nothing written through the link */
	assert_int_equal(unlink(file), 0);

	/* a runtime directory anyone may write into */
	assert_int_equal(chmod(t->run, 0777), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), -EPERM);
	assert_int_equal(chmod(t->run, 0755), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), 0);
}

/* A temporary file a dead process left does not stop the next write. */
static void stale_temporary_file(void **state)
{
	struct tmp *t = *state;
	struct pin_memory m;
	pin_memory_init(&m, t->run);
	assert_int_equal(pin_memory_remember(&m, ICCID, "0000"), 0);
	DIR *d = opendir(m.dir);
	struct dirent *e;
	char tmp[1024] = "";
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			snprintf(tmp, sizeof tmp, "%s/.%s.%ld", m.dir, e->d_name, (long)getpid());
	closedir(d);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(pin_memory_remember(&m, ICCID, "1111"), 0);
	assert_int_equal(pin_memory_refused(&m, ICCID, "1111"), 1);
	assert_int_equal(pin_memory_refused(&m, ICCID, "0000"), 1);
	assert_int_equal(access(tmp, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_vectors),
		cmocka_unit_test_setup_teardown(remembers_per_sim_and_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_in_the_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(keeps_the_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(untrusted_paths_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_temporary_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
