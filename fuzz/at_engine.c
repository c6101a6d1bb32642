/* libFuzzer target: the AT engine (src/atengine/engine.c) fed arbitrary modem
 * output in arbitrary pieces, with commands queued, cancelled and timed
 * out in between. Checks that every command completes exactly once and
 * that nothing crashes or leaks. The engine runs on the real event loop
 * with a virtual clock (ev_loop_set_clock) that the input moves. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "atengine/engine.h"
#include "common/err.h"

/* ---- the event loop on a virtual clock: time passes when the input says ---- */

static uint64_t now_ms;

static uint64_t virtual_now(void *p)
{
	return now_ms;
}

/* Fires what fell due, and what those callbacks re-armed at once. */
static void fire_due(struct ev_loop *l)
{
	for (int round = 0; round < 4; round++)
		ev_run_once(l, 0);
}

/* ---- the fuzzed session ---- */

#define MAXCMD 16

struct fz {
	int calls[MAXCMD];
	int ids[MAXCMD];
	int sent;
	size_t written;
	bool fail_writes;
};

static int io_write(void *ctx, const uint8_t *p, size_t n)
{
	struct fz *z = ctx;
	z->written += n;
	return z->fail_writes ? CL_E_GONE : 0;
}
static const struct at_engine_io io = { .write = io_write };

static void done(void *ud, const struct at_reply *r)
{
	int *calls = ud;
	(*calls)++;
	if (*calls > 1)
		abort();        /* more than one completion */
	if (r->status == 0 && r->x)
		for (unsigned i = 0; at_xchg_info(r->x, i); i++)
			;
}

static void urc(void *ud, enum at_urc kind, const char *line)
{
	if (kind == AT_URC_NONE || !line)
		abort();
}

static const char *const cmds[] = { "AT+CSQ", "AT+CEREG?", "ATI", "AT+CPIN?", "ATD*99#",
				    "AT+COPS?", "+++", "ATE0" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz z;
	memset(&z, 0, sizeof z);
	struct at_engine *e = malloc(sizeof *e);
	struct ev_loop loop;
	if (!e || ev_loop_init(&loop) < 0) {
		free(e);
		return 0;
	}
	now_ms = 1000;
	ev_loop_set_clock(&loop, virtual_now, NULL);
	at_engine_init(e, &loop, &io, &z);
	e->on_urc = urc;
	size_t i = 0;
	while (i < size) {
		uint8_t op = data[i++];
		switch (op >> 5) {
		case 0:         /* queue a command */
			if (z.sent < MAXCMD) {
				unsigned k = op & 7;
				int id = at_engine_send(e, cmds[k], 100 + (op & 0x18) * 10,
							k == 6 ? AT_CMD_RAW : 0, done, &z.calls[z.sent]);
				if (id > 0)
					z.ids[z.sent++] = id;
			}
			break;
		case 1:         /* time passes */
			now_ms += (uint64_t)(op & 31) * 20;
			break;
		case 2:         /* cancel one */
			if (z.sent)
				at_engine_cancel(e, z.ids[(op & 31) % z.sent]);
			break;
		case 3:         /* back to command mode after a CONNECT */
			at_engine_command_mode(e);
			break;
		case 4:         /* the port goes away (rarely) */
			if ((op & 31) == 31)
				at_engine_gone(e, -5);
			else if ((op & 31) == 30)
				z.fail_writes = !z.fail_writes;
			break;
		default: {      /* modem output: the next n bytes */
			size_t n = (size_t)(op & 63) + 1;
			if (n > size - i)
				n = size - i;
			at_engine_input(e, data + i, n);
			i += n;
			break;
		}
		}
		fire_due(&loop);
	}
	at_engine_close(e);
	ev_loop_free(&loop);
	for (int k = 0; k < z.sent; k++)
		if (z.calls[k] != 1)
			abort();        /* every command completed exactly once */
	free(e);
	return 0;
}
