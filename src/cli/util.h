/* Small helpers shared by the subcommands (the CLI is the layer that does I/O). */
#ifndef CELLINK_CLI_UTIL_H
#define CELLINK_CLI_UTIL_H

#include <stddef.h>

/* Reads a whole file ("-" for stdin) into a NUL-terminated buffer the caller
 * frees. Prints "cellink: FILE: reason" and returns NULL on failure. */
char *cli_read_file(const char *path, size_t *len);

#endif
