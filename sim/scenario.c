/* Scenario files: one command per line, as the control socket takes them.
 * "at MS COMMAND..." runs the command MS milliseconds after start; other
 * lines run at start. '#' starts a comment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "sim/sim.h"

static void sched_cb(struct ev_timer *t)
{
	struct sim_scheduled *e = container_of(t, struct sim_scheduled, t);
	struct strbuf out;
	sb_init(&out);
	int r = sim_command(e->s, e->line, &out);
	sim_log(e->s, "scenario: %s -> %s", r ? "failed" : "ok", sb_str(&out));
	sb_free(&out);
}

int sim_scenario_load(struct sim *s, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -errno;
	char line[1024];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "\r\n")] = 0;
		if (!*p)
			continue;
		if (!strncmp(p, "at ", 3)) {
			char *end;
			unsigned long ms = strtoul(p + 3, &end, 10);
			if (end == p + 3 || (*end != ' ' && *end != '\t')) {
				sim_err(s, "%s:%d: 'at' needs milliseconds", path, lineno);
				rc = -EINVAL;
				break;
			}
			end += strspn(end, " \t");
			size_t n = strlen(end);
			struct sim_scheduled *e = calloc(1, sizeof(*e) + n + 1);
			if (!e) {
				rc = -ENOMEM;
				break;
			}
			memcpy(e->line, end, n + 1);
			e->s = s;
			e->t.cb = sched_cb;
			e->next = s->sched;
			s->sched = e;
			ev_timer_set(&s->loop, &e->t, ms);
			continue;
		}
		struct strbuf out;
		sb_init(&out);
		int r = sim_command(s, p, &out);
		if (r) {
			sim_err(s, "%s:%d: %s", path, lineno, sb_str(&out));
			sb_free(&out);
			rc = -EINVAL;
			break;
		}
		sb_free(&out);
	}
	fclose(f);
	return rc;
}

void sim_scenario_free(struct sim *s)
{
	while (s->sched) {
		struct sim_scheduled *e = s->sched;
		s->sched = e->next;
		ev_timer_cancel(&s->loop, &e->t);
		free(e);
	}
}
