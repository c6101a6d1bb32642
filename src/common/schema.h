/* The version of the JSON that cellink prints (status, signal, info, at
 * --json and every toolbox command; docs/json.md, docs/cellink.schema.json):
 * raised when a key changes meaning or goes away. */
#ifndef CELLINK_COMMON_SCHEMA_H
#define CELLINK_COMMON_SCHEMA_H

#define CELLINK_JSON_SCHEMA 2

#endif
