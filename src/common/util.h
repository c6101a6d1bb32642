#ifndef CELLINK_COMMON_UTIL_H
#define CELLINK_COMMON_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* From a member pointer back to the struct that holds it. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

#endif
