/* The text of `cellink monitor` and `cellink cells`: one screen from each
 * JSON object the operation emits. The object may come from another
 * process (the daemon): any member may be missing or of the wrong type. */
#ifndef CELLINK_CLI_TOOL_TEXT_MONITOR_H
#define CELLINK_CLI_TOOL_TEXT_MONITOR_H

#include <json-c/json.h>

#include "common/strbuf.h"

/* The monitor's screen for one update: a header, per radio a line with the
 * cell and a line per value (bar, quality class, best, 30 s trend), the
 * carrier-aggregation set. */
void tool_text_monitor(json_object *update, struct strbuf *out);

#endif
