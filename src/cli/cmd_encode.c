#include <stdio.h>
#include "cli/commands.h"
int cmd_encode(int argc, char **argv)
{
	fprintf(stderr, "cellink encode: not yet available\n");
	return 2;
}
