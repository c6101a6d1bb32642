/* cellink bands, as text (tool_text.h):
 *   LTE  supported 1-5,7,8,12,13,20,25,26,29,30,41
 *        enabled   3,7,20
 *   NR   supported 41,77,78
 *        enabled   NSA 78; SA 78 */
#include "cli/tool_text.h"

#include <string.h>

#include "common/bands.h"

/* A JSON array of band numbers as "1-3,7" ("none" when empty); false when
 * the member is absent or not such an array. */
static bool bands_of(json_object *obj, const char *key, struct band_mask *m)
{
	json_object *a;
	band_mask_clear(m);
	if (!obj || !json_object_object_get_ex(obj, key, &a) || !json_object_is_type(a, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *v = json_object_array_get_idx(a, i);
		if (v && json_object_is_type(v, json_type_int))
			band_mask_set(m, (unsigned)json_object_get_int64(v));
	}
	return true;
}

static void put(FILE *o, const struct band_mask *m)
{
	struct strbuf sb;
	sb_init(&sb);
	band_list_text(m, &sb);
	fputs(sb.len ? sb_str(&sb) : "none", o);
	sb_free(&sb);
}

void tool_text_TOOL_BANDS(FILE *o, json_object *root, bool final)
{
	(void)final;
	json_object *sup = NULL, *en = NULL;
	json_object_object_get_ex(root, "supported", &sup);
	json_object_object_get_ex(root, "enabled", &en);
	const char *action = tool_text_str(root, "action");
	if (!strcmp(action, "lock"))
		fprintf(o, "locked; the modem now has:\n");
	else if (!strcmp(action, "unlock"))
		fprintf(o, "unlocked: every supported band enabled\n");
	struct band_mask m, nsa, sa;
	if (bands_of(sup, "lte", &m)) {
		fprintf(o, "LTE  supported ");
		put(o, &m);
		if (bands_of(en, "lte", &m)) {
			fprintf(o, "\n     enabled   ");
			put(o, &m);
		}
		fputc('\n', o);
	}
	if (bands_of(sup, "nr", &m)) {
		fprintf(o, "NR   supported ");
		put(o, &m);
		bool has_nsa = bands_of(en, "nr_nsa", &nsa), has_sa = bands_of(en, "nr_sa", &sa);
		if (has_nsa && has_sa && band_mask_equal(&nsa, &sa)) {
			fprintf(o, "\n     enabled   ");
			put(o, &nsa);
			fprintf(o, " (NSA and SA)");
		} else if (has_nsa || has_sa) {
			fprintf(o, "\n     enabled   ");
			if (has_nsa) {
				fprintf(o, "NSA ");
				put(o, &nsa);
			}
			if (has_sa) {
				fprintf(o, "%sSA ", has_nsa ? "; " : "");
				put(o, &sa);
			}
		}
		fputc('\n', o);
	}
}
