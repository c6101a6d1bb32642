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

#endif
