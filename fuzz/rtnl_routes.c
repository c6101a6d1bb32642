/* libFuzzer target: the kernel's answer to a route dump into the parser
 * that finds the default routes (src/net/rtnl.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* netlink messages are 4-byte aligned in the kernel's buffer */
	uint32_t *buf = malloc(size + 4);
	struct net_route_list *l = malloc(sizeof(*l));
	if (buf && l) {
		memcpy(buf, data, size);
		l->n = 0;
		net_parse_routes(buf, size, l);
		for (unsigned i = 0; i < l->n; i++)
			if (l->r[i].gateway[sizeof(l->r[i].gateway) - 1])
				abort();        /* the text is always terminated */
	}
	free(buf);
	free(l);
	return 0;
}
