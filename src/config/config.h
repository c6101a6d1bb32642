/* cellink's configuration: the options of OpenWrt's `qmi` protocol (so a
 * section switched from `proto qmi` to `proto cellink` keeps working), plus a
 * few of cellink's own, read from UCI-syntax text. The same format serves
 * OpenWrt (/etc/config/network) and Debian (/etc/cellink/cellink.conf). */
#ifndef CELLINK_CONFIG_CONFIG_H
#define CELLINK_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"

#define CL_CONFIG_MAX_MODEMS 8
/* the metric of the link's routes when none is configured: behind a
 * wired or Wi-Fi link's default route, as NetworkManager places mobile
 * broadband, so a backup link never takes the host's traffic unasked */
#define CL_DEFAULT_METRIC 700

enum cl_auth { CL_AUTH_NONE, CL_AUTH_PAP, CL_AUTH_CHAP, CL_AUTH_BOTH };
enum cl_pdptype { CL_PDP_IPV4, CL_PDP_IPV6, CL_PDP_IPV4V6 };
enum cl_mode { CL_MODE_QMI, CL_MODE_PPP, CL_MODE_AUTO };
/* the control protocol; auto: the driver bound to the device, else asked
 * (the values are those of client/probe.h's enum ctl_proto) */
enum cl_protocol { CL_PROTOCOL_AUTO, CL_PROTOCOL_QMI, CL_PROTOCOL_MBIM };
/* modes: radio technologies allowed (bits) */
#define CL_MODES_ALL     0x00
#define CL_MODES_LTE     0x01
#define CL_MODES_UMTS    0x02
#define CL_MODES_GSM     0x04
#define CL_MODES_CDMA    0x08
#define CL_MODES_TDSCDMA 0x10

struct cl_modem_cfg {
	char name[32];          /* section name ("wan") */
	char proto[16];         /* "cellink" or "qmi" for interface sections */
	int line;               /* where the section starts */
	char device[256];
	char apn[101];
	int auth;               /* enum cl_auth */
	char username[128];
	char password[128];     /* secret */
	char pincode[16];       /* secret */
	int delay;              /* seconds to wait before bring-up */
	unsigned modes;         /* CL_MODES_* bits, 0 = all */
	int pdptype;            /* enum cl_pdptype */
	int profile;            /* 0 = none */
	char v6apn[101];        /* the IPv6 session's APN, "" = apn */
	int v6profile;          /* the IPv6 session's profile, 0 = profile */
	bool dhcp, dhcpv6, autoconnect;
	char plmn[8];           /* "" = automatic */
	int timeout;            /* seconds to wait for the SIM and for registration; 0 = for ever, -1 = unset */
	int mtu;                /* 0 = as the network says */
	int metric;             /* of the link's routes; -1 = not set (QMI: CL_DEFAULT_METRIC) */
	bool defaultroute;      /* add default routes through the link (1) */
	bool peerdns;           /* hand the network's DNS servers to the resolver (1) */
	/* cellink's own */
	char ifname[16];        /* network interface, "" = found through sysfs */
	int mode;               /* enum cl_mode */
	int protocol;           /* enum cl_protocol: the control protocol */
	int session;            /* MBIM session id (0) */
	int mux_id;             /* QMI: the QMAP mux id of the session (1..254), -1 = no QMAP */
	char atport[256];       /* AT port for PPP, "" = found through sysfs */
	int request_timeout;    /* seconds for each modem request, 0 = the default */
	char probe[48];         /* the liveness probe's address, "" = the gateway, else the first DNS */
	char lte_bands[200];    /* LTE bands to lock to ("3,7,20"), "" = the modem's */
	char nr_bands[200];     /* 5G NR bands (NSA and SA), "" = the modem's */
	bool roaming;           /* connect while roaming (1); 0: wait for the home network */
};

struct cl_config {
	int n_modems;
	struct cl_modem_cfg modems[CL_CONFIG_MAX_MODEMS];
};

/* Reads text[0..len) (from the file named `file`, used in messages). Every
 * problem is appended to errors as "FILE:LINE: option 'X': why" and counted;
 * warnings (options cellink does not know, which netifd may use) go to
 * warnings when it is not NULL. Returns the number of errors (0: usable). */
int cl_config_parse(struct cl_config *cfg, const char *file, const char *text, size_t len,
		    struct strbuf *errors, struct strbuf *warnings);

/* Prints what was understood, secrets masked. */
void cl_config_print(struct strbuf *sb, const struct cl_config *cfg);

/* Names for the enums ("chap", "ipv4v6", "ppp"). */
const char *cl_auth_name(int auth);
const char *cl_pdptype_name(int pdptype);
const char *cl_mode_name(int mode);
/* The same path, or two paths to the same device node. */
bool cl_same_device(const char *a, const char *b);

#endif
