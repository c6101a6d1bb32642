/* The exit statuses moved to common/exit.h (PPP and QMI share them); this
 * header only keeps the includes of src/cli working. New code includes
 * common/exit.h. */
#ifndef CELLINK_CONN_EXIT_H
#define CELLINK_CONN_EXIT_H
#include "common/exit.h"
#endif
