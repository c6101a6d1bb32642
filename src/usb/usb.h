/* cellink_usb: what a USB modem is, which driver owns each of its
 * interfaces, and what to do about it.
 *
 * The flow is parse -> model -> analysis -> report:
 *   usb_listing_parse()   text of /sys/kernel/debug/usb/devices -> struct usb_listing
 *   usb_sysfs_read()      a sysfs tree -> struct usb_listing (same model)
 *   usb_sysfs_annotate()  adds /dev nodes and network interfaces from sysfs
 *   usb_analyze()         listing + kernel facts -> verdicts and findings
 *   usb_report_text/json  analysis -> struct strbuf
 *
 * Nothing here prints, and nothing keeps global state: the caller owns
 * every struct (they are large; allocate them, do not put them on a small
 * stack). Functions return 0 or a count on success, a negative value
 * (common/err.h) on failure.
 */
#ifndef CELLINK_USB_USB_H
#define CELLINK_USB_USB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

#define USB_MAX_DEVICES 32
#define USB_MAX_CONFIGS 64
#define USB_MAX_IFACES 512
#define USB_MAX_EPS 1024
#define USB_MAX_FINDINGS 160

/* ---- model ------------------------------------------------------------ */

enum usb_ep_type { USB_EP_CONTROL, USB_EP_ISOC, USB_EP_BULK, USB_EP_INT };

struct usb_ep {
	uint8_t addr;           /* bit 7 set: IN */
	uint8_t type;           /* enum usb_ep_type */
	uint16_t maxps;
};

struct usb_iface {
	uint8_t number, alt, cls, sub, proto;
	uint8_t n_eps_declared;
	bool marked;            /* '*' in the listing: the active setting */
	bool active;            /* chosen active setting (see usb_listing_parse) */
	char driver[32];        /* "" when none is bound */
	char note[48];          /* text pasted after the driver, e.g. "Should be option" */
	uint16_t ep_first, ep_count;
	char tty[24], wdm[24], net[24]; /* from sysfs: ttyUSB2, cdc-wdm0, wwan0 */
	char modalias[80];      /* from sysfs, "" when not read there */
};

struct usb_config {
	uint8_t number;
	uint8_t n_ifs_declared;
	bool marked, active;
	uint16_t if_first, if_count;
};

struct usb_device {
	uint8_t bus, level, port, devnum;
	uint8_t cls, sub, proto;
	bool have_ids;
	uint16_t vid, pid;
	char speed[8];
	char rev[8];
	char manufacturer[64];
	char product[96];
	char sysname[32];       /* sysfs name (1-1.2) when known */
	char ids_paired[96];    /* lsusb -t: how its ids were paired by elimination, "" if named */
	uint16_t cfg_first, cfg_count;
};

enum usb_format {
	USB_FMT_DEVICES,        /* debugfs usb/devices or usb-devices (drivers shown) */
	USB_FMT_LSUSB_V,        /* lsusb -v: descriptors, no drivers */
	USB_FMT_LSUSB_T,        /* lsusb -t: drivers and classes, no subclass/protocol */
	USB_FMT_SYSFS,
};

struct usb_listing {
	size_t n_dev, n_cfg, n_if, n_ep;
	uint8_t format;         /* enum usb_format */
	unsigned dropped;       /* elements beyond the fixed capacity, ignored */
	unsigned bad_ids;       /* P: lines with a vendor or product id beyond 16 bits */
	struct usb_device dev[USB_MAX_DEVICES];
	struct usb_config cfg[USB_MAX_CONFIGS];
	struct usb_iface ifc[USB_MAX_IFACES];
	struct usb_ep ep[USB_MAX_EPS];
};

/* Parses the text of /sys/kernel/debug/usb/devices, as read or as pasted
 * into a forum: CRLF, leading spaces, quote markers ('>', '|'), markdown
 * asterisks, remarks after the driver name, several records run together
 * on one line and continuation lines are tolerated. Never reads outside
 * text[0..len). Picks the active configuration (marked '*', else the only
 * or first one) and the active alternate setting of each interface
 * (marked '*', else alternate 0). Returns the number of devices found, or
 * CL_E_PARSE when the text holds no device at all. */
int usb_listing_parse(struct usb_listing *l, const char *text, size_t len);

/* The active configuration of device d, or NULL when it has none. */
const struct usb_config *usb_active_config(const struct usb_listing *l, size_t d);

/* ---- kernel ----------------------------------------------------------- */

/* Kernel facts that decide whether a modem can work. Each line: id,
 * version (major, minor) in which mainline Linux gained it, and what. */
#define USB_KERNEL_FACTS(X)                                                        \
	X(RAWIP, 4, 5, "raw-ip framing in qmi_wwan (/sys/class/net/<if>/qmi/raw_ip)") \
	X(QMIMUX, 4, 11, "qmimux: qmi_wwan add_mux/del_mux for multiplexed sessions") \
	X(PASSTHROUGH, 5, 12, "qmi_wwan pass_through, handing QMAP frames to rmnet") \
	X(WWAN, 5, 13, "the wwan subsystem (/dev/wwan0qmi0, /dev/wwan0at0 ...)")

enum usb_kernel_fact {
#define USB_KF_ENUM(id, maj, min, text) USB_KF_##id,
	USB_KERNEL_FACTS(USB_KF_ENUM)
#undef USB_KF_ENUM
	USB_KF_COUNT_
};

/* What the running system's module files say (modalias.c): the usb:
 * aliases of modules.alias, which modules are installed or built in, and
 * which are blacklisted in modprobe.d. */
struct usb_modinfo;
struct usb_pcie;

/* The modem links this system is already configured with (hostconf.c):
 * OpenWrt interface sections of a modem protocol in ROOT/etc/config/network
 * and modem sections of ROOT/etc/cellink/cellink.conf, with the ports
 * they name. */
#define USB_HOSTCONF_MAX 8
struct usb_hostconf_link {
	char where[96];         /* "network.wwan (/etc/config/network line 12)" */
	char proto[16];         /* qmi, mbim, ncm, 3g, directip, cellink */
	char mode[8];           /* cellink: qmi, ppp, auto ("" when not set) */
	char protocol[8];       /* cellink: qmi, mbim, auto ("" when not set) */
	char device[256];       /* option device: /dev/cdc-wdm0, "" */
	char atport[256];       /* option atport: /dev/ttyUSB2, "" */
};
struct usb_hostconf {
	unsigned n;
	struct usb_hostconf_link link[USB_HOSTCONF_MAX];
};

struct usb_kernel {
	bool known;
	bool assumed;           /* the running kernel stands in for the listing's */
	unsigned major, minor, patch;
	char text[48];
	/* What sysfs showed: 1 present, 0 absent, -1 not looked at. */
	int raw_ip_switch;
	int add_mux;
	int qmi_wwan_loaded;
	/* Which driver directories sysfs shows, by enum usb_kdrv bit
	 * (kernel_ids.h): /sys/bus/usb/drivers/NAME and, for usb-serial
	 * drivers, /sys/bus/usb-serial/drivers/SERIALNAME. Valid when
	 * drivers_seen is true. */
	bool drivers_seen;
	uint32_t usb_drivers, serial_drivers;
	const struct usb_modinfo *mods; /* live mode only; NULL otherwise */
	const struct usb_pcie *pcie;    /* PCIe modems found in sysfs, or NULL */
	/* The system the advice is for: 1 OpenWrt (/etc/openwrt_release),
	 * 0 another distribution (cellink.conf, systemd), -1 unknown (a
	 * pasted listing: both forms are printed). */
	int openwrt;
	const struct usb_hostconf *conf; /* the configured modem links, or NULL */
	/* The process id of a running ModemManager (ROOT/proc/N/comm), 0
	 * when none runs, -1 when not looked at (a pasted listing). */
	long modemmanager;
};

/* Parses "4.4.50", "Linux 5.15.0-91-generic", "v6.6". Returns 0, or
 * -EINVAL (k->known false) when s holds no version. */
int usb_kernel_parse(struct usb_kernel *k, const char *s);
/* The kernel a listing came from, read from its root hubs' manufacturer
 * strings ("Linux 4.4.50 ehci_hcd"). Returns 0 and fills k, or -ENOENT. */
int usb_listing_kernel(const struct usb_listing *l, struct usb_kernel *k);
/* Whether kernel k has fact f: from sysfs when seen there, else from the
 * version; -1 when the version is unknown. */
int usb_kernel_has(const struct usb_kernel *k, enum usb_kernel_fact f);
const char *usb_kernel_fact_text(enum usb_kernel_fact f);
/* "4.5" for RAWIP. */
const char *usb_kernel_fact_since(enum usb_kernel_fact f);

/* ---- knowledge -------------------------------------------------------- */

#define USB_FUNCTIONS(X)                                                    \
	X(QMI, "qmi", "QMI")                                                \
	X(MBIM, "mbim", "MBIM")                                             \
	X(AT, "at", "an AT command port")                                      \
	X(MODEM, "modem", "the AT/PPP modem port")                              \
	X(DIAG, "diag", "DIAG")                                             \
	X(NMEA, "nmea", "NMEA")                                             \
	X(GNSS, "gnss", "GNSS (binary)")                                    \
	X(ADB, "adb", "ADB")                                                \
	X(ECM, "ecm", "CDC ECM network")                                    \
	X(NCM, "ncm", "CDC NCM network")                                    \
	X(RNDIS, "rndis", "RNDIS network")                                  \
	X(STORAGE, "storage", "mass storage")                               \
	X(HID, "hid", "HID")                                                \
	X(DOWNLOAD, "download", "firmware download (QDL/Sahara)")           \
	X(TRACE, "trace", "trace (QDSS/DPL)")                               \
	X(NET, "net", "vendor network function")                            \
	X(UNKNOWN, "unknown", "unknown function")

enum usb_fn {
#define USB_FN_ENUM(id, name, label) USB_FN_##id,
	USB_FUNCTIONS(USB_FN_ENUM)
#undef USB_FN_ENUM
	USB_FN_COUNT_
};

const char *usb_fn_name(enum usb_fn f);   /* "qmi" */
const char *usb_fn_label(enum usb_fn f);  /* "QMI" */

enum usb_known_flags {
	USB_K_RAWIP_ONLY = 1 << 0,  /* data only in raw-ip framing */
	USB_K_MODESWITCH = 1 << 1,  /* this id is the install-disk mode */
	USB_K_DTR = 1 << 2,         /* qmi_wwan sets DTR for it */
};

/* The drivers of a modem's serial functions. */
enum usb_known_serial { USB_KS_qcserial, USB_KS_option };

/* One modem (one USB id) in the knowledge table (known.c), 14 bytes: its
 * texts are offsets read with the accessors below. */
struct usb_known {
	uint16_t vid, pid;
	uint16_t name;          /* usb_known_name() */
	/* Interface layout (usb_known_layout()): "0:diag 2:nmea 3:modem 8:qmi"
	 * (function per interface number; "N:fn/driver" overrides the driver,
	 * "/-" means none), or "@quectel", "@huawei", "@class" for layouts
	 * that go by class/subclass/protocol instead of number. */
	uint16_t layout;
	uint16_t since;         /* usb_known_since(): mainline qmi_wwan version that lists it, or NULL */
	uint16_t source;        /* usb_known_source(): where the facts come from */
	uint8_t serial;         /* enum usb_known_serial: usb_known_serial() */
	uint8_t flags;          /* enum usb_known_flags */
};

const char *usb_known_text(uint16_t offset);
static inline const char *usb_known_name(const struct usb_known *k) { return usb_known_text(k->name); }
static inline const char *usb_known_layout(const struct usb_known *k) { return usb_known_text(k->layout); }
static inline const char *usb_known_source(const struct usb_known *k) { return usb_known_text(k->source); }
const char *usb_known_serial(const struct usb_known *k);  /* "qcserial" */
const char *usb_known_since(const struct usb_known *k);   /* "6.0", or NULL */

const struct usb_known *usb_known_find(uint16_t vid, uint16_t pid);
size_t usb_known_count(void);
const struct usb_known *usb_known_at(size_t i);

/* ---- analysis --------------------------------------------------------- */

#define USB_VERDICTS(X)                          \
	X(OK, "ok")                              \
	X(WRONG_DRIVER, "wrong-driver")          \
	X(UNBOUND, "unbound")                    \
	X(MODESWITCH, "needs-mode-switch")       \
	X(UNKNOWN, "unknown")

enum usb_verdict {
#define USB_V_ENUM(id, name) USB_V_##id,
	USB_VERDICTS(USB_V_ENUM)
#undef USB_V_ENUM
	USB_V_COUNT_
};

const char *usb_verdict_name(enum usb_verdict v);

struct usb_if_report {
	uint16_t ifc;           /* index into listing->ifc */
	uint8_t fn;             /* enum usb_fn */
	uint8_t verdict;        /* enum usb_verdict */
	bool problem;           /* counts towards exit status 1 */
	const char *expected;   /* driver that should own it; NULL: none should */
	char reason[320];
	/* What the generated kernel tables and the drivers' probe rules say
	 * (kernel_ids.c, kmatch.c): the driver that binds, or NULL; why. */
	const char *kdriver;
	bool kmatched;          /* some driver's table names this interface */
	char kwhy[200];
	/* The version of the tables (usb_kid_versions) the verdict came from:
	 * the listing's kernel's (analysis->ktable), or a newer one when
	 * only that one lists the interface (knewer: the kernel lacks it). */
	uint8_t ktable;
	bool knewer;
	bool kdtr;              /* that row gives it to qmi_wwan with the set-DTR quirk */
	/* Live mode: the interface's modalias, the modules whose aliases
	 * match it ("qcserial option"), and why the bound driver differs. */
	char modalias[80];
	char alias_modules[96];
	char alias_why[240];
	/* The ModemManager rule that names this port's role (mm_ports.c),
	 * or NULL: the function is then a guess from the descriptors. */
	const char *mm_role;    /* "at-primary", "qcdm", "gps" ... */
	const char *mm_source;  /* "77-mm-quectel-port-types.rules" */
	uint16_t mm_line;       /* and the rule's line in it */
};

struct usb_finding {
	uint16_t dev;           /* index into analysis->dev */
	bool problem;
	const char *code;       /* stable identifier, see docs/doctor.md */
	char text[480];
};

enum usb_proto { USB_P_NONE, USB_P_QMI, USB_P_MBIM, USB_P_NCM, USB_P_DHCP, USB_P_PPP, USB_P_DIRECTIP };

struct usb_suggestion {
	uint8_t proto;          /* enum usb_proto */
	bool device_known;      /* false: device is a likely guess */
	char device[40];        /* /dev/cdc-wdm0, /dev/ttyUSB2, wwan0 */
	char when[96];          /* "now", "after moving to Linux 4.5 or later" */
};

struct usb_dev_report {
	uint16_t dev;           /* index into listing->dev */
	const struct usb_known *known;
	char name[96];
	uint16_t if_first, if_count;    /* into analysis->ifr */
	uint16_t f_first, f_count;      /* into analysis->find */
	int problems;
	struct usb_suggestion sug[2];   /* [0] best now, [1] after a fix */
	size_t n_sug;
	/* cellink's own way through: mode 'auto' (PPP on the AT port now,
	 * QMI once the kernel can), offered first when set. */
	bool cellink_auto;
	char auto_qmi[40], auto_atport[40];
};

struct usb_analysis {
	struct usb_kernel kernel;
	unsigned ktable;        /* the version of the kernel tables the kernel is matched
				 * against (usb_kid_versions, usb_kid_table_for()) */
	size_t n_dev, n_ifr, n_find;
	int problems;           /* total; exit status 1 when > 0 */
	struct usb_dev_report dev[USB_MAX_DEVICES];
	struct usb_if_report ifr[USB_MAX_IFACES];
	struct usb_finding find[USB_MAX_FINDINGS];
};

/* Looks at every device that may be a modem (hubs, keyboards and the
 * like are skipped) and judges each interface of its active
 * configuration. k may be NULL (kernel unknown). Returns the number of
 * modems analysed. */
int usb_analyze(const struct usb_listing *l, const struct usb_kernel *k,
		struct usb_analysis *a);

/* ---- reports ---------------------------------------------------------- */

void usb_report_text(const struct usb_listing *l, const struct usb_analysis *a,
		     struct strbuf *out);
/* The stable JSON document described in docs/doctor.md. */
void usb_report_json(const struct usb_listing *l, const struct usb_analysis *a,
		     struct strbuf *out);

/* ---- sysfs ------------------------------------------------------------ */

/* Builds a listing from ROOT/bus/usb/devices (ROOT is "/sys" on a live
 * system). Returns the number of devices, or -errno. */
int usb_sysfs_read(const char *root, struct usb_listing *l);
/* Fills tty/wdm/net names (and a missing driver) into l's interfaces from
 * the sysfs tree at root, matching devices by bus and device number, or
 * by vendor:product. Returns the number of interfaces annotated. */
int usb_sysfs_annotate(const char *root, struct usb_listing *l);
/* Reads MODDIR/modules.alias, modules.dep and modules.builtin (MODDIR is
 * /lib/modules/$(uname -r) on a live system) and the blacklist lines of
 * every *.conf in ROOT/etc/modprobe.d, ROOT/run/modprobe.d and
 * ROOT/lib/modprobe.d (ROOT "" on a live system). Returns NULL with
 * *err set when modules.alias cannot be read. */
struct usb_modinfo *usb_modinfo_load(const char *moddir, const char *root, int *err);
void usb_modinfo_free(struct usb_modinfo *m);
/* Modules whose usb: alias matches modalias, as modprobe matches them
 * (shell globs); up to cap names into out. Returns the count. */
int usb_modinfo_match(const struct usb_modinfo *m, const char *modalias, const char **out, int cap);
/* File that blacklists module name, or NULL. */
const char *usb_modinfo_blacklisted(const struct usb_modinfo *m, const char *name);
/* Whether module name is installed (modules.dep) or built in. */
bool usb_modinfo_installed(const struct usb_modinfo *m, const char *name);
const char *usb_modinfo_dir(const struct usb_modinfo *m);

/* Records in k what sysfs shows: qmi_wwan loaded, raw_ip and add_mux
 * switches present. */
void usb_sysfs_kernel(const char *root, struct usb_kernel *k);

/* Records in k whether ModemManager runs: the first ROOT/proc/N/comm
 * that reads "ModemManager" (ROOT "" on a live system). Leaves -1 when
 * ROOT/proc cannot be read. */
void usb_host_managers(const char *root, struct usb_kernel *k);

/* Reads the modem links of ROOT/etc/config/network and
 * ROOT/etc/cellink/cellink.conf into hc (ROOT "" on a live system).
 * Returns the number of links; files that are absent count none. */
unsigned usb_host_config_read(const char *root, struct usb_hostconf *hc);
/* The same from the texts of the two files (either may be NULL). */
unsigned usb_host_config_parse(const char *network, const char *cellink_conf, struct usb_hostconf *hc);

/* ---- PCIe (MHI) modems ------------------------------------------------ */
/* (struct usb_pcie is declared below; usb_kernel points at one.) */

#define USB_PCIE_MAX 4
#define USB_PCIE_PORTS 8

struct usb_pcie_modem {
	char name[16];          /* "wwan0" */
	char pci[24];           /* "0000:01:00.0", "" when not found */
	uint16_t vid, did;      /* PCI ids, 0 when unknown */
	char driver[32];        /* PCI driver: mhi-pci-generic */
	char mhi[24];           /* MHI controller: mhi0 */
	char ports[USB_PCIE_PORTS][24]; /* wwan0qmi0, wwan0at0 ... */
	unsigned n_ports;
	char net[24];           /* its network interface (mhi_net), "" */
};

struct usb_pcie {
	unsigned n;
	bool mhi_bus;           /* ROOT/bus/mhi exists */
	bool wwan_class;        /* ROOT/class/wwan exists */
	struct usb_pcie_modem m[USB_PCIE_MAX];
};

/* Finds the WWAN devices of ROOT/class/wwan (grouped by wwanN) and the MHI
 * controllers of ROOT/bus/mhi/devices with their PCI ids. Returns the
 * number of modems. */
int usb_pcie_read(const char *root, struct usb_pcie *p);
void usb_pcie_text(const struct usb_pcie *p, struct strbuf *out);
/* A JSON array (docs/doctor.md). */
void usb_pcie_json(const struct usb_pcie *p, struct strbuf *out);

#endif
