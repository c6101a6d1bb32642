/* `cellink monitor` as text: one screen per update. */
#include "cli/tool_text_monitor.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/tool_text.h"

#include "tool/monitor_model.h"

#define BAR 20

static json_object *member(json_object *o, const char *key)
{
	json_object *v;
	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* A number member in tenths; false when absent or not a number. */
static bool tenths(json_object *o, const char *key, int32_t *out)
{
	json_object *v = member(o, key);
	if (!v || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return false;
	double d = json_object_get_double(v) * 10;
	if (!isfinite(d) || d > 2e9 || d < -2e9)
		return false;
	*out = (int32_t)(d < 0 ? d - 0.5 : d + 0.5);
	return true;
}

static const char *str(json_object *o, const char *key)
{
	json_object *v = member(o, key);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static void put_num(struct strbuf *out, json_object *o, const char *key, const char *label,
		    const char *unit)
{
	int32_t t;
	if (!tenths(o, key, &t))
		return;
	sb_printf(out, "  %s%s", label, *label ? " " : "");
	mon_put_tenths(out, t);
	sb_puts(out, unit);
}

static void cell_line(struct strbuf *out, json_object *o, bool nr)
{
	const char *band = str(o, "band");
	if (band)
		sb_printf(out, "  band %s%s", nr || band[0] == 'n' ? "" : "B", band);
	put_num(out, o, nr ? "nr_arfcn" : "earfcn", nr ? "NR-ARFCN" : "EARFCN", "");
	put_num(out, o, "pci", "PCI", "");
	put_num(out, o, "bandwidth_mhz", "", " MHz");
}

/* "-95 dBm  [#########...........]  fair       best -72    30s -3 falling" */
static void value_line(struct strbuf *out, json_object *o, enum mon_val k)
{
	char key[40], label[8];
	const char *name = mon_val_name(k), *unit = mon_val_unit(k);
	int32_t v, best, trend, lo, hi;
	snprintf(key, sizeof(key), "%s_%s", name, unit);
	if (!tenths(o, key, &v))
		return;
	for (size_t i = 0; i < sizeof(label) - 1 && name[i]; i++)
		label[i] = (char)(name[i] - 'a' + 'A'), label[i + 1] = 0;
	struct strbuf num;
	sb_init(&num);
	mon_put_tenths(&num, v);
	sb_printf(out, "  %-4s %6s %-3s [", label, sb_str(&num), !strcmp(unit, "dbm") ? "dBm" : "dB");
	mon_range(k, &lo, &hi);
	int32_t c = v < lo ? lo : v > hi ? hi : v;
	int fill = (int)((int64_t)(c - lo) * BAR / (hi - lo));
	for (int i = 0; i < BAR; i++)
		sb_putc(out, i < fill ? '#' : '.');
	sb_printf(out, "] %-9s", mon_quality_name(mon_quality_of(k, v)));
	snprintf(key, sizeof(key), "%s_best_%s", name, unit);
	if (tenths(o, key, &best)) {
		sb_reset(&num);
		mon_put_tenths(&num, best);
		sb_printf(out, "  best %6s", sb_str(&num));
	}
	snprintf(key, sizeof(key), "%s_trend_db", name);
	if (tenths(o, key, &trend)) {
		sb_reset(&num);
		if (trend > 0)
			sb_putc(&num, '+');
		mon_put_tenths(&num, trend);
		enum mon_trend t = mon_trend_class(trend);
		sb_printf(out, "  30s %5s %s", sb_str(&num),
			  t == MON_T_RISING ? "^" : t == MON_T_FALLING ? "v" : "=");
	}
	sb_free(&num);
	sb_putc(out, '\n');
}

static void rat_block(struct strbuf *out, json_object *o, bool nr)
{
	if (!o || !json_object_is_type(o, json_type_object))
		return;
	sb_puts(out, nr ? "5G NR" : "LTE");
	cell_line(out, o, nr);
	sb_putc(out, '\n');
	for (int k = 0; k < MON_NVAL; k++)
		value_line(out, o, (enum mon_val)k);
}

void tool_text_monitor(json_object *u, struct strbuf *out)
{
	const char *rat = str(u, "rat");
	const char *mode = !rat ? "?" : !strcmp(rat, "lte+nr") ? "LTE + 5G NR (NSA)" :
			   !strcmp(rat, "nr") ? "5G NR (SA)" : !strcmp(rat, "lte") ? "LTE" : "no service";
	int32_t n = 0;
	tenths(u, "updates", &n);
	sb_printf(out, "cellink monitor: %-20s update %d\n", mode, (int)(n / 10));
	rat_block(out, member(u, "lte"), false);
	rat_block(out, member(u, "nr"), true);
	json_object *ca = member(u, "ca");
	if (ca && json_object_is_type(ca, json_type_array) && json_object_array_length(ca) > 0) {
		for (size_t i = 0; i < json_object_array_length(ca) && i < MON_MAX_CA; i++) {
			json_object *c = json_object_array_get_idx(ca, i);
			const char *role = str(c, "role"), *state = str(c, "state");
			sb_printf(out, "%s %-9s", i ? "  " : "CA", role ? role : "?");
			cell_line(out, c, false);
			if (state)
				sb_printf(out, "  %s", state);
			sb_putc(out, '\n');
		}
	}
}

/* On a terminal each update redraws the screen in place (cursor home, each
 * line cleared to its end, the rest of the screen cleared); elsewhere the
 * screens follow one another, a blank line apart. */
void tool_text_TOOL_MONITOR(FILE *o, json_object *root, bool final)
{
	struct strbuf sb;
	sb_init(&sb);
	tool_text_monitor(root, &sb);
	if (isatty(fileno(o))) {
		fputs("\033[H", o);
		for (const char *p = sb_str(&sb), *nl; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				break;
			fprintf(o, "%.*s\033[K\n", (int)(nl - p), p);
		}
		fputs("\033[J", o);
	} else {
		fprintf(o, "%s\n", sb_str(&sb));
	}
	sb_free(&sb);
}
