/* How a toolbox command prints its answer without --json: one printer per
 * op, void tool_text_<SYM>(FILE *, json_object *, bool final), in
 * cli/tool_text_<name>.c (SYM as in tool/ops.h: tool_text_TOOL_COUNTERS).
 * The JSON comes from the op (or from a daemon): nothing in it is trusted
 * to have the shape it should. Errors ({"ok":false}) are printed by the
 * runner, never by these. */
#ifndef CELLINK_CLI_TOOL_TEXT_H
#define CELLINK_CLI_TOOL_TEXT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tool/ops.h"

#define TOOL_TEXT_PROTOTYPE(sym, name, start, changes, help) \
	void tool_text_##sym(FILE *o, json_object *root, bool final);
TOOL_OPS(TOOL_TEXT_PROTOTYPE)
#undef TOOL_TEXT_PROTOTYPE

/* The printer of op (NULL: none). */
typedef void (*tool_text_fn)(FILE *o, json_object *root, bool final);
tool_text_fn tool_text_for(const char *op);

/* Helpers: a member as text ("" when absent), as a number (false when
 * absent or not a number), and every member but ok/schema as "key: value"
 * lines (nested objects indented) for an op with nothing better to say. */
const char *tool_text_str(json_object *obj, const char *key);
bool tool_text_u64(json_object *obj, const char *key, uint64_t *out);
void tool_text_generic(FILE *o, json_object *root);
/* A byte count for people: "1.5 MiB (1572864 bytes)". */
void tool_text_bytes(FILE *o, uint64_t n);

#endif
