/* Inside src/net: the one rtnetlink exchange every request goes through. */
#ifndef CELLINK_NET_RTNL_INT_H
#define CELLINK_NET_RTNL_INT_H

#include <libmnl/libmnl.h>

/* Sends nlh on the persistent socket and waits (bounded) for its ACK, or
 * runs cb over the answer (a dump's messages). 0 or -errno. */
int net_rtnl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif
