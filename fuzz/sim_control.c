/* libFuzzer target: the emulator's control commands (sim/control.c), as a
 * test script or a scenario file might send them. Each input is one or more
 * lines, each given to sim_command() of an in-process emulator (cellink_sim,
 * built as tests/unit/test_sim_core.c builds one), whose loop then runs its
 * due work once. Every input starts from a fresh emulator. Its QMI port
 * (a pty) is left closed, as closing a pty costs the kernel milliseconds:
 * with no client there is nobody to send to anyway. A reset opens it, in a
 * private temporary directory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 16

static char dir[64];

static void rm_dir(void)
{
	if (dir[0])
		rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/cellink-fuzz-sim.XXXXXX", t && t[0] && strlen(t) < 30 ? t : "/tmp");
		if (!mkdtemp(dir)) {
			dir[0] = 0;
			return 0;
		}
		atexit(rm_dir);
	}
	struct sim *s = calloc(1, sizeof(*s));
	if (!s)
		return 0;
	s->port.master = s->port.slave = -1;
	snprintf(s->port.path, sizeof(s->port.path), "%s/cdc-wdm0", dir);
	snprintf(s->ifname, sizeof(s->ifname), "wwan0");
	s->prof = sim_profile_find("sierra-mc7455");
	if (!s->prof)
		abort();
	sim_clients_init(&s->clients, 4);
	sim_modem_defaults(&s->m, s->prof);
	s->m.register_delay_ms = 0;
	s->reset_delay_ms = 0;
	sb_init(&s->logbuf);
	s->init = s->m;
	if (ev_loop_init(&s->loop) < 0)
		abort();
	sim_start_registration(s);

	char *text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = 0;
		char *save = NULL;
		int lines = 0;
		for (char *line = strtok_r(text, "\n", &save); line && lines < MAX_LINES;
		     line = strtok_r(NULL, "\n", &save), lines++) {
			struct strbuf out;
			sb_init(&out);
			int r = sim_command(s, line, &out);
			/* every answer is one JSON object saying ok or not */
			if (out.len < 8 || out.buf[0] != '{' || out.buf[out.len - 1] != '}' ||
			    (r < 0) != !strncmp(out.buf, "{\"ok\":false", 11))
				abort();
			sb_free(&out);
			ev_run_once(&s->loop, 0);
		}
		free(text);
	}

	sim_wire_stop(s);
	sim_port_close(s);
	sim_control_close(s);
	sim_scenario_free(s);
	ev_loop_free(&s->loop);
	sb_free(&s->logbuf);
	unlink(s->port.path);
	free(s);
	return 0;
}
