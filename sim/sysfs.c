/* A sysfs-shaped tree for the emulated device (filled in below). */
#include "sim/sim.h"

int sim_sysfs_write(struct sim *s, const char *dir)
{
	(void)s;
	(void)dir;
	return 0;
}
