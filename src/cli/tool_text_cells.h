/* The text of `cellink cells` from its JSON answer (which may come from
 * another process: any member may be missing or of the wrong type). */
#ifndef CELLINK_CLI_TOOL_TEXT_CELLS_H
#define CELLINK_CLI_TOOL_TEXT_CELLS_H

#include <json-c/json.h>

#include "common/strbuf.h"

/* Serving cells, neighbours and the carrier-aggregation set. */
void tool_text_cells(json_object *answer, struct strbuf *out);

#endif
