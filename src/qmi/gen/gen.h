/* The generators of src/qmi (one program, gen/fields_gen.c's main). */
#ifndef CELLINK_QMI_GEN_GEN_H
#define CELLINK_QMI_GEN_GEN_H

#include "qmi/defs.h"

/* The tables as written, NULL-terminated. */
extern const struct qmi_src_service *const qmi_src_services[];

/* Builds the compact tables (pools of names and rows): 0 or -1 (a message
 * on stderr). The same every time, so fields.h can name offsets in them. */
int tables_build(void);
/* The offset of a field's name in the pool of names, or -1. */
long tables_name(const char *name);
/* Prints tables_gen.c, the compact tables; 0 or -1. */
int print_tables(void);

#endif
