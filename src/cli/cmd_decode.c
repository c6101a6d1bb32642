#include <stdio.h>
#include "cli/commands.h"
int cmd_decode(int argc, char **argv)
{
	fprintf(stderr, "cellink decode: not yet available\n");
	return 2;
}
