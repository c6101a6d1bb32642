/* 802.1Q links over rtnetlink: cdc_mbim carries MBIM session N (1..255)
 * as VLAN id N of its network interface, untagged frames being session 0.
 * A session N > 0 therefore needs the link `ip link add link wwan0 name
 * mbimN type vlan id N`, which these calls make, check and remove. */
#include "net/net.h"
#include "net/rtnl_int.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

static int link_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int t = mnl_attr_get_type(a);
	if (mnl_attr_type_valid(a, IFLA_MAX) > 0)
		tb[t] = a;
	return MNL_CB_OK;
}

static int nested_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t t = mnl_attr_get_type(a);
	if (t < 8)
		tb[t] = a;
	return MNL_CB_OK;
}

/* A string attribute into out: terminated, cut to cap. */
static void attr_str(const struct nlattr *a, char *out, size_t cap)
{
	size_t n = mnl_attr_get_payload_len(a);
	const char *p = mnl_attr_get_payload(a);
	size_t k = 0;
	while (k < n && k + 1 < cap && p[k])
		k++;
	memcpy(out, p, k);
	out[k] = 0;
}

static int one_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct net_link_info *li = data;
	if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(struct ifinfomsg))
		return MNL_CB_OK;
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	if (mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	memset(li, 0, sizeof(*li));
	li->found = true;
	li->ifindex = ifm->ifi_index;
	li->type = ifm->ifi_type;
	li->flags = ifm->ifi_flags;
	li->vlan_id = -1;
	if (tb[IFLA_IFNAME])
		attr_str(tb[IFLA_IFNAME], li->name, sizeof li->name);
	if (tb[IFLA_LINK] && mnl_attr_get_payload_len(tb[IFLA_LINK]) >= 4)
		li->parent = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *info[8] = { 0 };
		if (mnl_attr_parse_nested(tb[IFLA_LINKINFO], nested_cb, info) < 0)
			return MNL_CB_ERROR;
		if (info[IFLA_INFO_KIND])
			attr_str(info[IFLA_INFO_KIND], li->kind, sizeof li->kind);
		if (!strcmp(li->kind, "vlan") && info[IFLA_INFO_DATA]) {
			const struct nlattr *vd[8] = { 0 };
			if (mnl_attr_parse_nested(info[IFLA_INFO_DATA], nested_cb, vd) < 0)
				return MNL_CB_ERROR;
			if (vd[IFLA_VLAN_ID] && mnl_attr_get_payload_len(vd[IFLA_VLAN_ID]) >= 2)
				li->vlan_id = mnl_attr_get_u16(vd[IFLA_VLAN_ID]);
		}
	}
	return MNL_CB_STOP;     /* one answer to a non-dump request */
}

int net_parse_link(const void *buf, size_t len, struct net_link_info *out)
{
	memset(out, 0, sizeof(*out));
	out->vlan_id = -1;
	const char *p = buf;
	/* the frames first: libmnl compares lengths as signed numbers */
	size_t left = len;
	while (left >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, p + (len - left), sizeof h);
		if (h.nlmsg_len < sizeof h || h.nlmsg_len > left)
			return -EINVAL;
		size_t step = MNL_ALIGN(h.nlmsg_len);
		left -= step > left ? left : step;
	}
	int r = mnl_cb_run(buf, len, 0, 0, one_link_cb, out);
	if (r < 0)
		return -EINVAL;
	return out->found ? 0 : -ENODATA;
}

int net_link_info(const char *ifname, struct net_link_info *out)
{
	memset(out, 0, sizeof(*out));
	out->vlan_id = -1;
	if (!ifname[0] || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	int r = net_rtnl_talk(nlh, one_link_cb, out);
	if (r < 0)
		return r;
	return out->found ? 0 : -ENODEV;
}

int net_vlan_add(const char *parent, const char *name, uint16_t id)
{
	int pidx = net_ifindex(parent);
	if (pidx < 0)
		return pidx;
	if (!name[0] || strlen(name) >= IFNAMSIZ || id < 1 || id > 4094)
		return -EINVAL;
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)pidx);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vlan");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u16(nlh, IFLA_VLAN_ID, id);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return net_rtnl_talk(nlh, NULL, NULL);
}

int net_link_del(const char *ifname)
{
	int idx = net_ifindex(ifname);
	if (idx < 0)
		return idx;
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_DELLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = idx;
	return net_rtnl_talk(nlh, NULL, NULL);
}

int net_vlan_ensure(const char *parent, const char *name, uint16_t id, bool *made, char *why, size_t cap)
{
	*made = false;
	struct net_link_info base, li;
	int r = net_link_info(parent, &base);
	if (r < 0) {
		snprintf(why, cap, "%s: %s%s", parent, strerror(-r),
			 r == -ENODEV ? " (no such interface in this network namespace)" : "");
		return r;
	}
	r = net_link_info(name, &li);
	if (r == 0) {
		if (strcmp(li.kind, "vlan") != 0) {
			snprintf(why, cap, "%s exists and is not a VLAN link (%s): remove or rename it, it is "
				 "the name of session %u's link", name, li.kind[0] ? li.kind : "a device", id);
			return -EEXIST;
		}
		if (li.parent != base.ifindex || li.vlan_id != id) {
			char pn[IF_NAMESIZE + 1] = "?";
			if (li.parent <= 0 || !if_indextoname((unsigned)li.parent, pn))
				snprintf(pn, sizeof pn, "?");
			snprintf(why, cap, "%s exists as VLAN %d on %s, not VLAN %u on %s: it would carry "
				 "another MBIM session; remove it (ip link del %s) or choose that session",
				 name, li.vlan_id, pn, id, parent, name);
			return -EEXIST;
		}
		snprintf(why, cap, "kernel: %s is VLAN %u on %s already (left by an earlier run, or made "
			 "by hand): used as it is", name, id, parent);
		return 0;
	}
	if (r != -ENODEV) {
		snprintf(why, cap, "asking the kernel about %s: %s", name, strerror(-r));
		return r;
	}
	r = net_vlan_add(parent, name, id);
	if (r == -EOPNOTSUPP) {
		snprintf(why, cap, "the kernel cannot add VLAN %u on %s: no 802.1Q support (module 8021q, "
			 "CONFIG_VLAN_8021Q), or %s takes no VLANs", id, parent, parent);
		return r;
	}
	if (r < 0) {
		snprintf(why, cap, "adding VLAN %u on %s as %s: %s", id, parent, name, strerror(-r));
		return r;
	}
	*made = true;
	snprintf(why, cap, "kernel: %s added, VLAN %u on %s (cdc_mbim's MBIM session %u)", name, id, parent, id);
	return 0;
}
