/* cellink sms, as text (tool_text.h): a list of one line per message (id,
 * sender, time, the start of the text), a message whole, what was sent or
 * deleted, and the messages that arrive while watching. */
#include <string.h>

#include "cli/tool_text.h"

/* At most n characters (UTF-8 aware) of s, newlines as spaces, "..." when cut. */
static void preview(FILE *o, const char *s, unsigned n)
{
	unsigned chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) != 0x80 && chars++ == n) {
			fputs("...", o);
			return;
		}
		fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, o);
	}
}

static const char *party(json_object *m)
{
	const char *d = tool_text_str(m, "direction");
	return tool_text_str(m, strcmp(d, "out") ? "from" : "to");
}

static void one_line(FILE *o, json_object *m)
{
	const char *err = tool_text_str(m, "error");
	fprintf(o, "%-8s ", tool_text_str(m, "id"));
	if (*err) {
		fprintf(o, "(cannot be read: %s)\n", err);
		return;
	}
	json_object *v;
	bool unread = json_object_object_get_ex(m, "unread", &v) && json_object_get_boolean(v);
	bool out = !strcmp(tool_text_str(m, "direction"), "out");
	fprintf(o, "%c %-16s %-25s ", unread ? '*' : ' ', party(m), out ? "(sent)" : tool_text_str(m, "time"));
	preview(o, tool_text_str(m, "text"), 40);
	uint64_t parts;
	if (tool_text_u64(m, "parts", &parts) && parts > 1)
		fprintf(o, " [%llu parts%s]", (unsigned long long)parts,
			json_object_object_get_ex(m, "complete", &v) && !json_object_get_boolean(v) ? ", some missing"
												    : "");
	fputc('\n', o);
}

static void whole(FILE *o, json_object *m)
{
	const char *err = tool_text_str(m, "error");
	if (*err) {
		fprintf(o, "%s: cannot be read: %s\n", tool_text_str(m, "id"), err);
		return;
	}
	bool out = !strcmp(tool_text_str(m, "direction"), "out");
	fprintf(o, "%s:  %s\n", out ? "To" : "From", party(m));
	if (*tool_text_str(m, "time"))
		fprintf(o, "Date:  %s\n", tool_text_str(m, "time"));
	fprintf(o, "Id:    %s", tool_text_str(m, "id"));
	uint64_t parts;
	json_object *v;
	if (tool_text_u64(m, "parts", &parts) && parts > 1)
		fprintf(o, " (%llu parts%s)", (unsigned long long)parts,
			json_object_object_get_ex(m, "complete", &v) && !json_object_get_boolean(v) ?
				", some never came: [...] marks them" : "");
	fputc('\n', o);
	if (!strcmp(tool_text_str(m, "alphabet"), "8bit"))
		fprintf(o, "(8-bit data, in hex)\n");
	fprintf(o, "\n%s\n", tool_text_str(m, "text"));
}

void tool_text_TOOL_SMS(FILE *o, json_object *root, bool final)
{
	(void)final;
	json_object *v;
	if (json_object_object_get_ex(root, "messages", &v) && json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);
		if (!n)
			fprintf(o, "no messages\n");
		for (size_t i = 0; i < n; i++)
			one_line(o, json_object_array_get_idx(v, i));
		uint64_t more;
		if (tool_text_u64(root, "left_out", &more) && more)
			fprintf(o, "(%llu more stored, not shown: delete some to see them)\n", (unsigned long long)more);
		return;
	}
	if (json_object_object_get_ex(root, "message", &v) && json_object_is_type(v, json_type_object)) {
		if (!strcmp(tool_text_str(root, "event"), "sms"))
			fprintf(o, "-- new message\n");
		whole(o, v);
		return;
	}
	if (!strcmp(tool_text_str(root, "event"), "watching")) {
		fprintf(o, "waiting for messages (^C ends)\n");
		return;
	}
	if (json_object_object_get_ex(root, "deleted", &v) && json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);
		fprintf(o, n ? "deleted" : "nothing to delete");
		for (size_t i = 0; i < n; i++)
			fprintf(o, " %s", json_object_get_string(json_object_array_get_idx(v, i)));
		fputc('\n', o);
		return;
	}
	uint64_t parts;
	if (*tool_text_str(root, "to") && tool_text_u64(root, "parts", &parts)) {
		fprintf(o, "sent to %s", tool_text_str(root, "to"));
		if (parts > 1)
			fprintf(o, " in %llu parts", (unsigned long long)parts);
		fprintf(o, " (%s)\n", !strcmp(tool_text_str(root, "alphabet"), "ucs2") ? "UCS-2" : "GSM 7-bit");
		return;
	}
	tool_text_generic(o, root);
}
