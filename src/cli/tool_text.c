/* The toolbox's text printers: the table and shared helpers (tool_text.h). */
#include "cli/tool_text.h"

#include <string.h>

static const struct {
	const char *name;
	tool_text_fn fn;
} printers[] = {
#define TOOL_TEXT_ROW(sym, name, start, changes, help) { name, TOOL_OP_FN(tool_text_##sym) },
	TOOL_OPS(TOOL_TEXT_ROW)
#undef TOOL_TEXT_ROW
};

tool_text_fn tool_text_for(const char *op)
{
	for (size_t i = 0; i < sizeof printers / sizeof printers[0]; i++)
		if (!strcmp(printers[i].name, op))
			return printers[i].fn;
	return NULL;
}

const char *tool_text_str(json_object *obj, const char *key)
{
	json_object *v;
	if (!obj || !json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v) ||
	    !v)
		return "";
	return json_object_get_string(v);
}

bool tool_text_u64(json_object *obj, const char *key, uint64_t *out)
{
	json_object *v;
	if (!obj || !json_object_is_type(obj, json_type_object) || !json_object_object_get_ex(obj, key, &v) ||
	    !v || !json_object_is_type(v, json_type_int))
		return false;
	int64_t i = json_object_get_int64(v);
	if (i < 0) {
		uint64_t u = json_object_get_uint64(v);
		*out = u;
		return true;
	}
	*out = (uint64_t)i;
	return true;
}

static void generic(FILE *o, json_object *obj, int depth)
{
	json_object_object_foreach(obj, key, val)
	{
		if (depth == 0 && (!strcmp(key, "ok") || !strcmp(key, "schema")))
			continue;
		fprintf(o, "%*s%s:", depth * 2, "", key);
		if (val && json_object_is_type(val, json_type_object)) {
			fputc('\n', o);
			generic(o, val, depth + 1);
		} else {
			fprintf(o, " %s\n", val ? json_object_get_string(val) : "null");
		}
	}
}

void tool_text_generic(FILE *o, json_object *root)
{
	if (root && json_object_is_type(root, json_type_object))
		generic(o, root, 0);
}

void tool_text_bytes(FILE *o, uint64_t n)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	if (n < 1024) {
		fprintf(o, "%llu bytes", (unsigned long long)n);
		return;
	}
	double v = (double)n;
	int u = -1;
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	fprintf(o, "%.1f %s (%llu bytes)", v, unit[u], (unsigned long long)n);
}
