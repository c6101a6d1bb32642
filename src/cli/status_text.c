/* The text of the query commands (status_text.h). */
#include "cli/status_text.h"

#include <string.h>

static json_object *member(json_object *o, const char *key, enum json_type type)
{
	json_object *v;
	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

const char *status_text_str(json_object *o, const char *key)
{
	json_object *v;
	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return "";
	const char *s = json_object_get_string(v);
	return s ? s : "";
}

bool status_text_ok(json_object *root)
{
	return member(root, "ok", json_type_boolean) && !strcmp(status_text_str(root, "ok"), "true");
}

static size_t length(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static void print_status(FILE *o, json_object *root)
{
	json_object *modems = member(root, "modems", json_type_array);
	for (size_t i = 0; i < length(modems); i++) {
		json_object *m = json_object_array_get_idx(modems, i);
		json_object *st = member(m, "status", json_type_object);
		const char *(*str)(json_object *, const char *) = status_text_str;
		fprintf(o, "%s: %s (%s%s%s)\n", str(m, "name"), str(st, "state"), str(st, "device"),
			*str(m, "mode") ? ", " : "", str(m, "mode"));
		fprintf(o, "  interface     %s\n  apn           %s\n", str(st, "interface"), str(st, "apn"));
		fprintf(o, "  sim           %s\n  registration  %s %s\n", str(st, "sim"), str(st, "registration"),
			str(st, "operator"));
		fprintf(o, "  connected     %s (uptime %s s, reconnects %s)\n", str(st, "connected"),
			str(st, "uptime_s"), str(st, "reconnects"));
		json_object *sess = member(st, "sessions", json_type_array);
		for (size_t k = 0; k < length(sess); k++) {
			json_object *s = json_object_array_get_idx(sess, k);
			fprintf(o, "  %-13s %s", str(s, "family"), !strcmp(str(s, "up"), "true") ? "up" : "down");
			if (*str(s, "address"))
				fprintf(o, " %s/%s gateway %s%s%s", str(s, "address"), str(s, "prefix"),
					str(s, "gateway"), *str(s, "mtu") ? " mtu " : "", str(s, "mtu"));
			json_object *dns = member(s, "dns", json_type_array);
			for (size_t j = 0; j < length(dns); j++) {
				const char *d = json_object_get_string(json_object_array_get_idx(dns, j));
				fprintf(o, "%s%s", j ? " " : " dns ", d ? d : "");
			}
			if (*str(s, "end_reason"))
				fprintf(o, " (%s)", str(s, "end_reason"));
			fputc('\n', o);
		}
		json_object *cnt = member(st, "counters", json_type_object);
		static const char *const part[] = { "session", "total" };
		for (size_t k = 0; k < 2 && cnt; k++) {
			json_object *c = member(cnt, part[k], json_type_object);
			if (c)
				fprintf(o, "  %-13s in %s bytes (%s packets), out %s bytes (%s packets)\n",
					k ? "total" : "this session", str(c, "rx_bytes"), str(c, "rx_packets"),
					str(c, "tx_bytes"), str(c, "tx_packets"));
		}
		if (*str(st, "last_error"))
			fprintf(o, "  last error    %s\n", str(st, "last_error"));
	}
}

static void print_flat(FILE *o, json_object *root)
{
	if (!root || !json_object_is_type(root, json_type_object))
		return;
	json_object_object_foreach(root, key, val) {
		if (!strcmp(key, "ok") || !strcmp(key, "schema"))
			continue;
		const char *s = json_object_get_string(val);
		fprintf(o, "%-14s%s\n", key, s ? s : "");
	}
}

void status_text_print(FILE *o, const char *verb, json_object *root)
{
	if (!strcmp(verb, "status"))
		print_status(o, root);
	else if (!strcmp(verb, "metrics"))
		fputs(status_text_str(root, "text"), o);
	else
		print_flat(o, root);
}
