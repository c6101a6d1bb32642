/* libFuzzer target: the kernel's answer to RTM_GETLINK into the parser
 * that tells a VLAN link's parent and id (src/net/vlan.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* netlink messages are 4-byte aligned in the kernel's buffer */
	uint32_t *buf = malloc(size + 4);
	if (buf) {
		memcpy(buf, data, size);
		struct net_link_info li;
		if (net_parse_link(buf, size, &li) == 0 &&
		    (li.name[sizeof li.name - 1] || li.kind[sizeof li.kind - 1] || li.vlan_id > 65535))
			abort();        /* texts are terminated, the id is a u16 or -1 */
	}
	free(buf);
	return 0;
}
