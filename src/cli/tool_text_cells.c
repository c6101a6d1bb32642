/* `cellink cells` as text. */
#include "cli/tool_text_cells.h"

#include <stdbool.h>
#include <string.h>

#include "cli/tool_text.h"

static json_object *member(json_object *o, const char *key)
{
	json_object *v;
	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* " LABEL value[ unit]" when the member is a number or a string. */
static void kv(struct strbuf *out, json_object *o, const char *key, const char *label, const char *unit)
{
	json_object *v = member(o, key);
	if (!v)
		return;
	if (json_object_is_type(v, json_type_int))
		sb_printf(out, "  %s%s%lld", label, *label ? " " : "", (long long)json_object_get_int64(v));
	else if (json_object_is_type(v, json_type_double))
		sb_printf(out, "  %s%s%.1f", label, *label ? " " : "", json_object_get_double(v));
	else if (json_object_is_type(v, json_type_string))
		sb_printf(out, "  %s%s%s", label, *label ? " " : "", json_object_get_string(v));
	else
		return;
	if (unit)
		sb_printf(out, " %s", unit);
}

static bool is_nr(json_object *c)
{
	json_object *r = member(c, "rat");
	return r && json_object_is_type(r, json_type_string) && !strcmp(json_object_get_string(r), "nr");
}

static void band(struct strbuf *out, json_object *c, bool nr)
{
	json_object *b = member(c, "band");
	if (b && json_object_is_type(b, json_type_string))
		sb_printf(out, "  band %s%s", nr ? "" : "B", json_object_get_string(b));
}

static void values(struct strbuf *out, json_object *c)
{
	kv(out, c, "rsrp_dbm", "RSRP", "dBm");
	kv(out, c, "rsrq_db", "RSRQ", "dB");
	kv(out, c, "sinr_db", "SINR", "dB");
	kv(out, c, "rssi_dbm", "RSSI", "dBm");
}

static json_object *array(json_object *o, const char *key)
{
	json_object *a = member(o, key);
	return a && json_object_is_type(a, json_type_array) ? a : NULL;
}

void tool_text_cells(json_object *root, struct strbuf *out)
{
	json_object *a = array(root, "serving");
	sb_puts(out, "Serving cells\n");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *c = json_object_array_get_idx(a, i);
		bool nr = is_nr(c);
		sb_puts(out, nr ? "  5G NR" : "  LTE  ");
		kv(out, c, "plmn", "PLMN", NULL);
		kv(out, c, "tac", "TAC", NULL);
		kv(out, c, "cell_id", "cell", NULL);
		kv(out, c, "pci", "PCI", NULL);
		kv(out, c, nr ? "nr_arfcn" : "earfcn", nr ? "NR-ARFCN" : "EARFCN", NULL);
		band(out, c, nr);
		kv(out, c, "bandwidth_mhz", "", "MHz");
		sb_puts(out, "\n       ");
		values(out, c);
		kv(out, c, "timing_advance_us", "TA", "us");
		sb_putc(out, '\n');
	}
	if (!a || !json_object_array_length(a))
		sb_puts(out, "  none\n");
	a = array(root, "neighbours");
	sb_puts(out, "Neighbours\n");
	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		json_object *c = json_object_array_get_idx(a, i);
		bool nr = is_nr(c);
		sb_puts(out, nr ? "  5G NR" : "  LTE  ");
		kv(out, c, "frequency", "", NULL);
		kv(out, c, "pci", "PCI", NULL);
		kv(out, c, nr ? "nr_arfcn" : "earfcn", nr ? "NR-ARFCN" : "EARFCN", NULL);
		band(out, c, nr);
		values(out, c);
		sb_putc(out, '\n');
	}
	if (!a || !json_object_array_length(a))
		sb_puts(out, "  none heard\n");
	a = array(root, "ca");
	if (a && json_object_array_length(a)) {
		sb_puts(out, "Carrier aggregation\n");
		for (size_t i = 0; i < json_object_array_length(a); i++) {
			json_object *c = json_object_array_get_idx(a, i);
			json_object *role = member(c, "role");
			sb_printf(out, "  %-9s", role && json_object_is_type(role, json_type_string) ?
						   json_object_get_string(role) : "?");
			kv(out, c, "pci", "PCI", NULL);
			kv(out, c, "earfcn", "EARFCN", NULL);
			band(out, c, false);
			kv(out, c, "bandwidth_mhz", "", "MHz");
			kv(out, c, "state", "", NULL);
			sb_putc(out, '\n');
		}
	}
}

void tool_text_TOOL_CELLS(FILE *o, json_object *root, bool final)
{
	struct strbuf sb;
	sb_init(&sb);
	tool_text_cells(root, &sb);
	fputs(sb_str(&sb), o);
	sb_free(&sb);
}
