/* The daemon's query commands: cellink status | signal | info | disconnect |
 * reconnect [--control SOCKET] [--json] [MODEM]. Each sends one line to the
 * control socket and prints the answer (JSON as is with --json, else as
 * text). They share this file because they share everything but the verb. */
#include <errno.h>
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
#include "cli/options.h"
#include "cli/query.h"
#include "cli/status_text.h"
#include "common/strbuf.h"
#include "cli/util.h"
#include "common/util.h"
#include "io/loop.h"


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

bool cli_is_socket(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* The daemons that answer in DIR: "wan, lte2" (NAME.sock), "" if none. */
void cli_known_daemons(const char *dir, char *out, size_t cap)
{
	out[0] = 0;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	size_t n = 0;
	char path[512];
	while ((e = readdir(d)) && n < cap) {
		size_t len = strlen(e->d_name);
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".sock") || !cli_is_socket(path))
			continue;
		n += (size_t)snprintf(out + n, cap - n, "%s%.*s", n ? ", " : "", (int)(len - 5), e->d_name);
	}
	closedir(d);
}

/* Where the daemon of MODEM answers: DIR/MODEM.sock (cellink@MODEM.service
 * and cellink connect run it there), else DIR/cellink.sock (one daemon for
 * every modem); with no MODEM named and no shared socket, the only socket
 * in DIR. */
void cli_socket_for(const char *dir, const char *modem, char *path, size_t cap)
{
	if (modem[0]) {
		snprintf(path, cap, "%s/%s.sock", dir, modem);
		if (cli_is_socket(path))
			return;
	}
	snprintf(path, cap, "%s/" SHARED_SOCKET, dir);
	if (modem[0] || cli_is_socket(path))
		return;
	char known[256];
	cli_known_daemons(dir, known, sizeof known);
	if (known[0] && !strchr(known, ','))
		snprintf(path, cap, "%s/%s.sock", dir, known);
}

static int query(const char *verb, int argc, char **argv)
{
	const char *path = NULL, *dir = DEFAULT_RUNTIME_DIR;
	char found[512];
	bool as_json = false;
	int o;
	struct cli_parser p;
	cli_parser_init(&p, CB_QUERY, false);
	while ((o = cli_next(&p, argc, argv)) != -1) {
		switch (o) {
		case OPT_CONTROL: path = optarg; break;
		case OPT_RUNTIME_DIR: dir = optarg; break;
		case OPT_JSON: as_json = true; break;
		case OPT_HELP:
			printf("usage: cellink %s [--control SOCKET] [--json] [MODEM]\n\n"
			       "Asks the daemon of MODEM (on " DEFAULT_RUNTIME_DIR "/MODEM.sock, as\n"
			       "cellink@MODEM.service runs it), else the one on " DEFAULT_RUNTIME_DIR "/" SHARED_SOCKET ".\n\n",
			       verb);
			cli_print_options(stdout, CB_QUERY);
			printf("\nexit status:\n");
			cli_print_exits(stdout, CB_QUERY);
			return 0;
		default: return 2;
		}
	}
	const char *modem = optind < argc ? argv[optind] : "";
	if (optind + 1 < argc) {
		fprintf(stderr, "cellink %s: one modem at a time, not '%s'\n", verb, argv[optind + 1]);
		return 2;
	}
	if (strchr(modem, '/') || modem[0] == '.' || strlen(modem) > 64) {
		fprintf(stderr, "cellink %s: '%s' is not a modem name\n", verb, modem);
		return 2;
	}
	if (!path) {
		cli_socket_for(dir, modem, found, sizeof found);
		path = found;
	}
	char line[128];
	snprintf(line, sizeof(line), "%s %s\n", verb, modem);
	struct strbuf out;
	sb_init(&out);
	int r = ask(path, line, &out);
	if (r < 0) {
		char known[256];
		cli_known_daemons(dir, known, sizeof known);
		if (modem[0] && (r == -ENOENT || r == -ECONNREFUSED))
			fprintf(stderr, "cellink %s: no daemon answers for modem '%s' (neither %s/%s.sock nor "
				"%s: %s); %s%s\n", verb, modem, dir, modem, path, strerror(-r),
				known[0] ? "daemons here: " : "no daemon runs here", known);
		else
			fprintf(stderr, "cellink %s: %s: %s%s%s%s\n", verb, path, strerror(-r),
				r == -ENOENT || r == -ECONNREFUSED ? " (is 'cellink daemon' or 'cellink connect' running?)" : "",
				known[0] ? "; daemons here: " : "", known);
		sb_free(&out);
		return 1;
	}
	json_object *root = json_tokener_parse(sb_str(&out));
	int status = 0;
	if (!root) {
		fprintf(stderr, "cellink %s: the daemon's answer is not JSON\n", verb);
		status = 1;
	} else if (as_json) {
		printf("%s\n", json_object_to_json_string_ext(root, CLI_JSON_LINE));
		status = status_text_ok(root) ? 0 : 1;
	} else if (!status_text_ok(root)) {
		fprintf(stderr, "cellink %s: %s\n", verb, status_text_str(root, "error"));
		status = 1;
	} else {
		status_text_print(stdout, verb, root);
	}
	if (root)
		json_object_put(root);
	sb_free(&out);
	return status;
}

int cmd_status(int argc, char **argv) { return query("status", argc, argv); }
int cmd_signal(int argc, char **argv) { return query("signal", argc, argv); }
int cmd_info(int argc, char **argv) { return query("info", argc, argv); }
int cmd_metrics(int argc, char **argv) { return query("metrics", argc, argv); }
int cmd_disconnect(int argc, char **argv) { return query("disconnect", argc, argv); }
int cmd_reconnect(int argc, char **argv) { return query("reconnect", argc, argv); }
