/* Host network configuration for a cellular link: rtnetlink through
 * libmnl (link state, MTU, addresses, routes), the qmi_wwan raw_ip switch
 * in sysfs, and the resolv file. No printing: failures return -errno and,
 * where a sentence helps, fill why. */
#ifndef CELLINK_NET_NET_H
#define CELLINK_NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Interface index, or -ENODEV. */
int net_ifindex(const char *ifname);
int net_link_set(const char *ifname, bool up, uint32_t mtu /* 0: keep */);
/* Packets received and sent on ifname since it appeared (IFLA_STATS64). */
int net_link_counters(const char *ifname, uint64_t *rx, uint64_t *tx);
/* Adds addr/prefix (IPv4 or IPv6 text) to ifname. */
int net_addr_add(const char *ifname, const char *addr, unsigned prefix);
/* Default route through ifname (gateway optional; raw-ip links are
 * point-to-point, so none is needed). */
int net_default_route(const char *ifname, int family, const char *gateway, bool add);
/* Removes every IPv4 and global IPv6 address from ifname. Returns how many. */
int net_addr_flush(const char *ifname);
/* Counts of addresses on ifname (for tests and status). */
int net_addr_count(const char *ifname, int family);

/* ROOT/class/net/IFNAME/qmi/raw_ip: read (1/0), or -ENOENT when the kernel
 * has no switch. */
int net_raw_ip_get(const char *sysroot, const char *ifname);
/* Sets the switch the way the kernel accepts it: interface down, write,
 * interface up (the link steps are skipped when ifname does not exist in
 * this namespace, as with an emulator's tree). why tells what happened. */
int net_raw_ip_set(const char *sysroot, const char *ifname, bool on, char *why, size_t cap);
/* Is ifname driven by qmi_wwan (its sysfs device driver, or a qmi/
 * directory in the tree)? */
bool net_is_qmi_wwan(const char *sysroot, const char *ifname);
/* The network interface beside a cdc-wdm device in sysfs
 * (ROOT/class/usbmisc/NAME/device/net/ *). Returns 0 and the name. */
int net_ifname_for_device(const char *sysroot, const char *device, char *out, size_t cap);

/* Writes "nameserver X" lines (NULL/"" entries skipped) to path, atomically. */
int net_write_resolv(const char *path, const char *const *servers, size_t n);

#endif
