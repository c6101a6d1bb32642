/* The monitor's model: quality classes, best values, 30-second trends. */
#include "tool/monitor_model.h"

#include <stdlib.h>
#include <string.h>

/* Quality classes per value, from the usual field guidance for LTE and NR
 * (lower bounds of excellent, good and fair, in tenths); range of the bar. */
static const struct {
	const char *name, *unit;
	int32_t excellent, good, fair;
	int32_t lo, hi;
} vals[MON_NVAL] = {
	[MON_RSRP] = { "rsrp", "dbm", -800, -900, -1000, -1400, -440 },
	[MON_RSRQ] = { "rsrq", "db", -100, -150, -200, -250, -30 },
	[MON_SINR] = { "sinr", "db", 200, 130, 0, -100, 300 },
	[MON_RSSI] = { "rssi", "dbm", -650, -750, -850, -1100, -400 },
};

static const char *const rat_names[MON_NRAT] = { [MON_LTE] = "lte", [MON_NR] = "nr" };
static const char *const q_names[] = { [MON_Q_POOR] = "poor", [MON_Q_FAIR] = "fair",
				       [MON_Q_GOOD] = "good", [MON_Q_EXCELLENT] = "excellent" };
static const char *const t_names[] = { [MON_T_STEADY] = "steady", [MON_T_RISING] = "rising",
				       [MON_T_FALLING] = "falling" };

void mon_init(struct mon_model *m)
{
	memset(m, 0, sizeof(*m));
	for (int r = 0; r < MON_NRAT; r++)
		m->cell[r].pci = -1;
}

static void series_push(struct mon_series *s, uint64_t t, int32_t v)
{
	if (s->n == MON_HIST) {         /* full: the window gets shorter */
		s->head = (uint16_t)((s->head + 1) % MON_HIST);
		s->n--;
	}
	unsigned i = (s->head + s->n) % MON_HIST;
	s->h[i].t = t;
	s->h[i].v = v;
	s->n++;
	/* keep one sample at or before the window's start: the baseline */
	while (s->n > 1) {
		unsigned second = (s->head + 1u) % MON_HIST;
		if (t < MON_WINDOW_MS || s->h[second].t > t - MON_WINDOW_MS)
			break;
		s->head = (uint16_t)second;
		s->n--;
	}
}

void mon_update(struct mon_model *m, uint64_t now_ms, const struct mon_sample *in)
{
	m->updates++;
	for (int r = 0; r < MON_NRAT; r++)
		for (int k = 0; k < MON_NVAL; k++) {
			struct mon_series *s = &m->s[r][k];
			s->have = in->have[r][k];
			if (!s->have)
				continue;
			s->now = in->v[r][k];
			if (!s->seen || s->now > s->best)
				s->best = s->now;
			s->seen = true;
			series_push(s, now_ms, s->now);
		}
}

const char *mon_val_name(enum mon_val v)
{
	return vals[v].name;
}

const char *mon_val_unit(enum mon_val v)
{
	return vals[v].unit;
}

const char *mon_rat_name(enum mon_rat r)
{
	return rat_names[r];
}

enum mon_quality mon_quality_of(enum mon_val v, int32_t t)
{
	return t >= vals[v].excellent ? MON_Q_EXCELLENT : t >= vals[v].good ? MON_Q_GOOD :
	       t >= vals[v].fair ? MON_Q_FAIR : MON_Q_POOR;
}

const char *mon_quality_name(enum mon_quality q)
{
	return q_names[q];
}

void mon_range(enum mon_val v, int32_t *lo, int32_t *hi)
{
	*lo = vals[v].lo;
	*hi = vals[v].hi;
}

bool mon_trend_of(const struct mon_series *s, int32_t *delta)
{
	if (!s->have || !s->n)
		return false;
	*delta = s->now - s->h[s->head].v;
	return true;
}

enum mon_trend mon_trend_class(int32_t d)
{
	return d >= MON_TREND_TENTHS ? MON_T_RISING : d <= -MON_TREND_TENTHS ? MON_T_FALLING : MON_T_STEADY;
}

const char *mon_trend_name(enum mon_trend t)
{
	return t_names[t];
}

static bool rat_on(const struct mon_model *m, enum mon_rat r)
{
	for (int k = 0; k < MON_NVAL; k++)
		if (m->s[r][k].have)
			return true;
	return false;
}

const char *mon_rat_mode(const struct mon_model *m)
{
	bool lte = rat_on(m, MON_LTE), nr = rat_on(m, MON_NR);
	return lte && nr ? "lte+nr" : lte ? "lte" : nr ? "nr" : "none";
}

void mon_put_tenths(struct strbuf *out, int32_t v)
{
	if (v < 0) {
		sb_putc(out, '-');
		v = -v;
	}
	sb_printf(out, "%d", (int)(v / 10));
	if (v % 10)
		sb_printf(out, ".%d", (int)(v % 10));
}

/* The cell's members, each left out when unknown; first: no comma before. */
static void cell_json(const struct mon_cell *c, enum mon_rat r, struct strbuf *out, bool first)
{
	const char *sep = first ? "" : ",";
	if (c->band) {
		sb_printf(out, "%s\"band\":\"%s%u\"", sep, r == MON_NR ? "n" : "", c->band);
		sep = ",";
	}
	if (c->chan) {
		sb_printf(out, "%s\"%s\":%u", sep, r == MON_NR ? "nr_arfcn" : "earfcn", c->chan);
		sep = ",";
	}
	if (c->pci >= 0) {
		sb_printf(out, "%s\"pci\":%d", sep, (int)c->pci);
		sep = ",";
	}
	if (c->bw_khz) {
		sb_printf(out, "%s\"bandwidth_mhz\":", sep);
		mon_put_tenths(out, (int32_t)(c->bw_khz / 100));
	}
}

void mon_json(const struct mon_model *m, struct strbuf *out)
{
	sb_printf(out, "\"updates\":%llu,\"rat\":\"%s\"", (unsigned long long)m->updates, mon_rat_mode(m));
	for (int r = 0; r < MON_NRAT; r++) {
		if (!rat_on(m, (enum mon_rat)r))
			continue;
		sb_printf(out, ",\"%s\":{\"rat\":\"%s\"", rat_names[r], rat_names[r]);
		cell_json(&m->cell[r], (enum mon_rat)r, out, false);
		for (int k = 0; k < MON_NVAL; k++) {
			const struct mon_series *s = &m->s[r][k];
			const char *n = vals[k].name, *u = vals[k].unit;
			int32_t d;
			if (!s->have)
				continue;
			sb_printf(out, ",\"%s_%s\":", n, u);
			mon_put_tenths(out, s->now);
			sb_printf(out, ",\"%s_quality\":\"%s\",\"%s_best_%s\":", n,
				  q_names[mon_quality_of((enum mon_val)k, s->now)], n, u);
			mon_put_tenths(out, s->best);
			if (mon_trend_of(s, &d)) {
				sb_printf(out, ",\"%s_trend_db\":", n);
				mon_put_tenths(out, d);
				sb_printf(out, ",\"%s_trend\":\"%s\"", n, t_names[mon_trend_class(d)]);
			}
		}
		sb_putc(out, '}');
	}
	sb_puts(out, ",\"ca\":[");
	for (unsigned i = 0; i < m->n_ca; i++) {
		sb_printf(out, "%s{\"role\":\"%s\"", i ? "," : "", i ? "secondary" : "primary");
		cell_json(&m->ca[i], MON_LTE, out, false);
		if (m->ca[i].state)
			sb_printf(out, ",\"state\":\"%s\"", m->ca[i].state);
		sb_putc(out, '}');
	}
	sb_putc(out, ']');
}
