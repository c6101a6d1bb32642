/* Small helpers shared by the subcommands (the CLI is the layer that does I/O). */
#ifndef CELLINK_CLI_UTIL_H
#define CELLINK_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* Reads a whole file ("-" for stdin) into a NUL-terminated buffer the caller
 * frees. Prints "cellink: FILE: reason" and returns NULL on failure. */
char *cli_read_file(const char *path, size_t *len);

/* A file that holds a secret (what: "a password", "a PIN") and that other
 * users may read: prints "PROG: warning: ..." to stderr and returns true.
 * A warning only: NetworkManager refuses such files, cellink says so. */
bool cli_warn_secret_file(const char *prog, const char *path, const char *what);

/* How the CLI prints JSON on one line: compact, and '/' as itself
 * (json-c writes "\/" unless told not to; both are valid JSON). */
#define CLI_JSON_LINE (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
#define CLI_JSON_PRETTY (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)

#endif
