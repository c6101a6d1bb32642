/* The daemon's query commands: cellink status | signal | info | disconnect |
 * reconnect [--control SOCKET] [--json] [MODEM]. Each sends one line to the
 * control socket and prints the answer (JSON as is with --json, else as
 * text). They share this file because they share everything but the verb. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/commands.h"
#include "common/strbuf.h"
#include "common/util.h"
#include "io/loop.h"

#define RUN_DIR "/run/cellink"
#define DEFAULT_SOCKET RUN_DIR "/cellink.sock"

static bool is_socket(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Without --control: the modem's own socket (RUN_DIR/NAME.sock, as
 * cellink@NAME.service and cellink connect make it), else the daemon's
 * default, else the only socket in RUN_DIR. */
static const char *find_socket(const char *modem, char *buf, size_t cap)
{
	if (modem[0] && !strchr(modem, '/')) {
		snprintf(buf, cap, "%s/%s.sock", RUN_DIR, modem);
		if (is_socket(buf))
			return buf;
	}
	if (is_socket(DEFAULT_SOCKET))
		return DEFAULT_SOCKET;
	DIR *dir = opendir(RUN_DIR);
	int n = 0;
	char one[300] = "";
	for (struct dirent *e; dir && (e = readdir(dir));) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".sock"))
			continue;
		snprintf(buf, cap, "%s/%s", RUN_DIR, e->d_name);
		if (is_socket(buf) && n++ == 0)
			snprintf(one, sizeof(one), "%s", buf);
	}
	if (dir)
		closedir(dir);
	if (n == 1) {
		snprintf(buf, cap, "%s", one);
		return buf;
	}
	return DEFAULT_SOCKET;
}

static int ask(const char *path, const char *line, struct strbuf *out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	if (write(fd, line, strlen(line)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	uint64_t end = ev_now_ms() + 10000;
	char buf[4096];
	for (;;) {
		uint64_t now = ev_now_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (now >= end || poll(&p, 1, (int)(end - now)) <= 0) {
			close(fd);
			return -ETIMEDOUT;
		}
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		sb_put(out, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

static const char *str(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static void print_status_text(json_object *root)
{
	json_object *modems;
	if (!json_object_object_get_ex(root, "modems", &modems))
		return;
	for (size_t i = 0; i < json_object_array_length(modems); i++) {
		json_object *m = json_object_array_get_idx(modems, i), *st, *sess;
		json_object_object_get_ex(m, "status", &st);
		printf("%s: %s (%s%s%s)\n", str(m, "name"), str(st, "state"), str(st, "device"),
		       *str(m, "mode") ? ", " : "", str(m, "mode"));
		printf("  interface     %s\n  apn           %s\n", str(st, "interface"), str(st, "apn"));
		printf("  sim           %s\n  registration  %s %s\n", str(st, "sim"), str(st, "registration"),
		       str(st, "operator"));
		printf("  connected     %s (uptime %s s, reconnects %s)\n", str(st, "connected"),
		       str(st, "uptime_s"), str(st, "reconnects"));
		if (json_object_object_get_ex(st, "sessions", &sess))
			for (size_t k = 0; k < json_object_array_length(sess); k++) {
				json_object *s = json_object_array_get_idx(sess, k), *dns;
				printf("  %-13s %s", str(s, "family"), !strcmp(str(s, "up"), "true") ? "up" : "down");
				if (*str(s, "address"))
					printf(" %s/%s gateway %s%s%s", str(s, "address"), str(s, "prefix"),
					       str(s, "gateway"), *str(s, "mtu") ? " mtu " : "", str(s, "mtu"));
				if (json_object_object_get_ex(s, "dns", &dns))
					for (size_t j = 0; j < json_object_array_length(dns); j++)
						printf("%s%s", j ? " " : " dns ",
						       json_object_get_string(json_object_array_get_idx(dns, j)));
				if (*str(s, "end_reason"))
					printf(" (%s)", str(s, "end_reason"));
				putchar('\n');
			}
		if (*str(st, "last_error"))
			printf("  last error    %s\n", str(st, "last_error"));
	}
}

static void print_flat_text(json_object *root)
{
	json_object_object_foreach(root, key, val) {
		if (!strcmp(key, "ok"))
			continue;
		printf("%-14s%s\n", key, json_object_get_string(val));
	}
}

static int query(const char *verb, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "control", required_argument, NULL, 's' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	char found[300];
	bool as_json = false;
	int o;
	optind = 1;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 's': path = optarg; break;
		case 'j': as_json = true; break;
		case 'h':
			printf("usage: cellink %s [--control SOCKET] [--json] [MODEM]\n", verb);
			return 0;
		default: return 2;
		}
	}
	const char *modem = optind < argc ? argv[optind] : "";
	if (!path)
		path = find_socket(modem, found, sizeof(found));
	char line[128];
	snprintf(line, sizeof(line), "%s %s\n", verb, modem);
	struct strbuf out;
	sb_init(&out);
	int r = ask(path, line, &out);
	if (r < 0) {
		fprintf(stderr, "cellink %s: %s: %s%s\n", verb, path, strerror(-r),
			r == -ENOENT || r == -ECONNREFUSED ? " (is 'cellink daemon' or 'cellink connect' running?)" : "");
		sb_free(&out);
		return 1;
	}
	json_object *root = json_tokener_parse(sb_str(&out));
	int status = 0;
	if (!root) {
		fprintf(stderr, "cellink %s: the daemon's answer is not JSON\n", verb);
		status = 1;
	} else if (as_json) {
		printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
		status = strcmp(str(root, "ok"), "true") ? 1 : 0;
	} else if (strcmp(str(root, "ok"), "true")) {
		fprintf(stderr, "cellink %s: %s\n", verb, str(root, "error"));
		status = 1;
	} else if (!strcmp(verb, "status")) {
		print_status_text(root);
	} else {
		print_flat_text(root);
	}
	if (root)
		json_object_put(root);
	sb_free(&out);
	return status;
}

int cmd_status(int argc, char **argv) { return query("status", argc, argv); }
int cmd_signal(int argc, char **argv) { return query("signal", argc, argv); }
int cmd_info(int argc, char **argv) { return query("info", argc, argv); }
int cmd_disconnect(int argc, char **argv) { return query("disconnect", argc, argv); }
int cmd_reconnect(int argc, char **argv) { return query("reconnect", argc, argv); }
