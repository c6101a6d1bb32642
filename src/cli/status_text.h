/* The text cellink status | signal | info | metrics print from the control
 * socket's JSON answer (cmd_status.c). The answer comes from another
 * process: nothing in it is trusted to have the shape it should (the fuzz
 * target fuzz/status_json.c holds that). */
#ifndef CELLINK_CLI_STATUS_TEXT_H
#define CELLINK_CLI_STATUS_TEXT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

/* "ok": true in an object. */
bool status_text_ok(json_object *root);
/* A member as text ("" when root is not an object or has no such key). */
const char *status_text_str(json_object *root, const char *key);
/* The answer to verb as text on o. */
void status_text_print(FILE *o, const char *verb, json_object *root);

#endif
