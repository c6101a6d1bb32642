/* The generators of src/qmi (one program, gen/fields_gen.c's main). */
#ifndef CELLINK_QMI_GEN_GEN_H
#define CELLINK_QMI_GEN_GEN_H

#include "qmi/defs.h"

/* The tables as written, NULL-terminated. */
extern const struct qmi_src_service *const qmi_src_services[];

/* Prints tables_gen.c, the compact tables; 0 or -1 (a message on stderr). */
int print_tables(void);

#endif
