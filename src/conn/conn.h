/* The connection state machine: from a cold modem to a configured link,
 * and keeping it up. It is a const table (conn.c): per state a name, a
 * timeout, an entry action and the events it accepts; an event a state does
 * not list is refused and logged.
 *
 * It knows nothing of sockets or files. It drives the modem through
 * struct conn_modem_ops (asynchronous: each operation later calls
 * conn_op_done) and the host through struct conn_platform_ops (interface
 * configuration, the kernel raw_ip switch, a clock and one timer, a log
 * sink). Both are plain function tables, so tests use fakes.
 */
#ifndef CELLINK_CONN_CONN_H
#define CELLINK_CONN_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bands.h"
#include "common/exit.h"

#define CONN_STATES(X)                                                    \
	X(IDLE, "idle")                                                   \
	X(DELAY, "delay")                                                 \
	X(OPENING, "opening")                                             \
	X(IDENTIFY, "identify")                                           \
	X(POWER, "power")                                                 \
	X(SIM, "sim")                                                     \
	X(SIM_WAIT, "sim-wait")                                           \
	X(SIM_HOLD, "sim-hold")                                           \
	X(PIN_VERIFY, "pin-verify")                                       \
	X(DATA_FORMAT, "data-format")                                     \
	X(NET_SELECT, "network-select")                                   \
	X(REGISTER, "register")                                           \
	X(REG_WAIT, "register-wait")                                      \
	X(CONNECTING, "connecting")                                       \
	X(CONFIGURING, "configuring")                                     \
	X(CONNECTED, "connected")                                         \
	X(CHECKING, "checking")                                           \
	X(PROBING, "probing")                                             \
	X(TEARDOWN, "teardown")                                           \
	X(RELEASING, "releasing")                                         \
	X(BACKOFF, "backoff")                                             \
	X(WAIT_DEVICE, "wait-device")                                     \
	X(DISCONNECTING, "disconnecting")                                 \
	X(CLOSING, "closing")                                             \
	X(STOPPED, "stopped")

enum conn_state {
#define CONN_STATE_ENUM(sym, name) CONN_S_##sym,
	CONN_STATES(CONN_STATE_ENUM)
#undef CONN_STATE_ENUM
	CONN_S_COUNT
};

#define CONN_EVENTS(X)                                                    \
	X(START, "start")       /* begin */                               \
	X(OK, "ok")             /* operation succeeded */                 \
	X(FAIL, "fail")         /* failed; may be retried after back-off */ \
	X(FATAL, "fatal")       /* failed; retrying cannot help */        \
	X(WAIT, "wait")         /* not ready yet: poll again */           \
	X(PIN, "pin")           /* SIM wants the PIN and we may try it */ \
	X(HOLD, "hold")         /* no usable SIM: wait for it to change */ \
	X(PROBE, "probe")       /* counters one-way, the modem agrees: ask the network */ \
	X(TIMEOUT, "timeout")   /* the state's timer fired */             \
	X(REG_CHANGED, "registration-changed")                            \
	X(DROP, "drop")         /* the data session ended or passes nothing */ \
	X(GONE, "gone")         /* the control device vanished */         \
	X(BACK, "back")         /* the control device is back */          \
	X(STOP, "stop")         /* the user asked to stop */

enum conn_event {
#define CONN_EVENT_ENUM(sym, name) CONN_EV_##sym,
	CONN_EVENTS(CONN_EVENT_ENUM)
#undef CONN_EVENT_ENUM
	CONN_EV_COUNT
};

enum conn_auth { CONN_AUTH_NONE = 0, CONN_AUTH_PAP = 1, CONN_AUTH_CHAP = 2, CONN_AUTH_BOTH = 3 };
enum conn_family { CONN_IPV4 = 4, CONN_IPV6 = 6 };

enum conn_sim {
	CONN_SIM_UNKNOWN, CONN_SIM_READY, CONN_SIM_PIN, CONN_SIM_PUK, CONN_SIM_BLOCKED,
	CONN_SIM_ABSENT, CONN_SIM_NOT_READY
};
enum conn_reg {
	CONN_REG_UNKNOWN, CONN_REG_HOME, CONN_REG_ROAMING, CONN_REG_SEARCHING, CONN_REG_DENIED,
	CONN_REG_NOT_REGISTERED
};

/* Radio technologies a link may use (struct conn_config.modes); the
 * values are those of the configuration file's CL_MODES_* bits. */
#define CONN_MODES_ALL     0x00
#define CONN_MODES_LTE     0x01
#define CONN_MODES_UMTS    0x02
#define CONN_MODES_GSM     0x04
#define CONN_MODES_CDMA    0x08
#define CONN_MODES_TDSCDMA 0x10

struct conn_config {
	const char *device;
	const char *apn;
	const char *username;
	const char *password;           /* never logged */
	const char *pin;                /* never logged */
	const char *pin_by;             /* the PDN (section) of this modem that presents its PIN,
					 * when this one does not (a shared device); NULL: none */
	const char *ifname;
	enum conn_auth auth;
	bool want_v4, want_v6;
	bool configure;                 /* put settings on the interface */
	bool set_kernel_raw_ip;
	bool persist;                   /* keep retrying even before the first success */
	uint8_t profile_index;          /* 0: none */
	const char *apn_v6;             /* the IPv6 session's APN; NULL: apn (OpenWrt "v6apn") */
	uint8_t profile_index_v6;       /* the IPv6 session's profile; 0: profile_index */
	unsigned pin_full_attempts;     /* present a PIN only while this many attempts remain (3) */
	uint32_t op_timeout_ms;         /* one modem operation */
	uint32_t sim_wait_ms;           /* total wait for a SIM that is not ready; 0: no bound */
	uint32_t register_timeout_ms;   /* total wait for registration; 0: no bound */
	uint32_t poll_ms;               /* SIM/registration/device polling */
	uint32_t liveness_ms;           /* period of the liveness check */
	unsigned phantom_checks;        /* checks with tx moving and rx stuck => ask the modem, then probe */
	const char *probe;              /* the probe's address; NULL/"": the gateway, else the first DNS server */
	uint32_t probe_timeout_ms;      /* a probe without a verdict counts as unanswered */
	uint32_t backoff_min_ms, backoff_max_ms;
	unsigned max_reconnects;        /* 0: no limit */
	unsigned initial_retries;       /* before the first link, retries after modem trouble */
	uint32_t seed;                  /* jitter */
	uint32_t delay_ms;              /* wait before the first bring-up (OpenWrt "delay") */
	unsigned modes;                 /* CONN_MODES_* allowed; CONN_MODES_ALL: leave the modem's */
	const char *plmn;               /* MCC+MNC digits for manual registration; NULL/"": automatic */
	uint32_t mtu;                   /* 0: the network's MTU */
	/* the bands to lock to before registration (lte_bands, nr_bands):
	 * the kinds in bands.given; NULL or none given: the modem's own */
	const struct band_sel *bands;
	uint32_t session_id;            /* MBIM: the session of the link (0: the interface itself) */
	bool no_roaming;                /* roaming '0': never connect while roaming */
	/* QMAP (QMI): the session's mux id, 0 = none. The data format asks
	 * for QMAP, the host adds the mux interface on ifname (add_mux),
	 * each WDS client is bound to the mux id before it starts. */
	uint8_t mux_id;
	uint8_t mux_usb_iface;          /* the data interface's USB number (bind-mux-data-port) */
	const char *data_ifname;        /* the interface carrying the session (the mux's), NULL: ifname */
};

/* Fills the defaults. */
void conn_config_defaults(struct conn_config *cfg);

/* Splits a PLMN ("26201", "310410": 3 MCC digits, then 2 or 3 MNC digits).
 * *mnc3 says the MNC has three digits ("001" is not "01"). 0 or -EINVAL. */
int conn_plmn_parse(const char *plmn, uint16_t *mcc, uint16_t *mnc, bool *mnc3);
/* Reads "all" or a list of lte,umts,gsm,cdma,td-scdma (commas or spaces)
 * into CONN_MODES_* bits. 0 or -EINVAL. */
int conn_modes_parse(const char *text, unsigned *modes);
/* The modes as text ("all", "lte,umts"). */
void conn_modes_text(unsigned modes, char *out, size_t cap);

struct conn_ip {
	bool valid;
	int family;                     /* 4 or 6 */
	char addr[48];
	uint8_t prefix;
	char gateway[48];
	char dns[2][48];
	uint32_t mtu;
};

struct conn_session {
	bool wanted, up;
	int family;
	uint32_t handle;
	uint16_t end_reason;            /* QMI call-end reason, 0 if none */
	char end_text[128];             /* its name, with the verbose reason */
	struct conn_ip ip;
};

/* A network interface's counters (the platform's link_counters), or the
 * modem's (WDS packet statistics). */
struct conn_counters {
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
};

/* What the machine has learnt; the modem adapter fills it. */
struct conn_status {
	char manufacturer[64], model[64], revision[128];
	unsigned n_services;            /* QMI services the modem offers */
	char wds_version[16];           /* "1.67" */
	uint64_t max_tx_bps, max_rx_bps;
	bool online;
	enum conn_sim sim;
	int pin_retries, puk_retries;
	char iccid[24];                 /* the card's ICCID, "" when unknown (never logged) */
	bool pin_refused;               /* the SIM's verdict on the last PIN: wrong */
	enum conn_reg reg;
	char operator_name[64];
	char reg_text[96];              /* searching/denied and why */
	bool modem_raw_ip;              /* the modem's link-layer answer */
	bool modem_qmap;                /* the modem took QMAP aggregation (both directions) */
	struct conn_session sess[2];    /* [0] IPv4, [1] IPv6 */
	uint64_t rx_packets, tx_packets;
	uint64_t rx_bytes, tx_bytes;    /* from the same counters as the packets */
	uint64_t modem_rx_packets;      /* the modem's own count (WDS packet statistics) */
	/* the modem's counters of this session (WDS packet statistics, every
	 * family's session added up) at the last liveness check; _acc is
	 * where a check adds them up before they count */
	struct conn_counters modem, modem_acc;
	bool have_modem, modem_acc_ok;
	bool sessions_connected;        /* last liveness check */
	bool shared_session;            /* both families on one session (MBIM); QMI: one each */
	/* the session rides a link of its own on the interface (MBIM session
	 * N > 0: cdc_mbim's VLAN N); the modem adapter says so at data-format */
	bool session_vlan;
};

struct conn;

/* The modem, asynchronous: each operation returns 0 and later calls
 * conn_op_done() once, or returns < 0 (then nothing more happens). A new
 * operation abandons the previous one. */
struct conn_modem_ops {
	/* open the device, CTL sync, allocate the client ids needed */
	int (*open)(void *m, struct conn *c);
	/* manufacturer, model, revision */
	int (*identify)(void *m, struct conn *c);
	/* bring the modem online when in low-power mode */
	int (*power_up)(void *m, struct conn *c);
	/* SIM state and PIN retries into conn_status */
	int (*sim_status)(void *m, struct conn *c);
	int (*verify_pin)(void *m, struct conn *c, const char *pin);
	/* ask for raw-ip; conn_status.modem_raw_ip says what the modem took */
	int (*data_format)(void *m, struct conn *c);
	int (*reg_status)(void *m, struct conn *c);
	/* start every wanted session (each on its own client) */
	int (*start)(void *m, struct conn *c);
	/* current settings of the sessions that are up */
	int (*settings)(void *m, struct conn *c);
	/* session state and packet counters */
	int (*liveness)(void *m, struct conn *c);
	/* stop the sessions that are up */
	int (*stop)(void *m, struct conn *c);
	/* release every client id and close the device */
	int (*close)(void *m, struct conn *c);
	/* before registration: the allowed radio modes (cfg->modes), the
	 * band lock (cfg->bands: a band the modem does not support fails with
	 * exit hint CONN_EXIT_USAGE, before anything is sent) and a manual
	 * registration on cfg->plmn; only called when one of them is set
	 * (optional: NULL when the modem cannot) */
	int (*select_network)(void *m, struct conn *c);
};

/* "1 attempt left", "2 attempts left": printf("..." CONN_ATTEMPTS_FMT, CONN_ATTEMPTS(n)) */
#define CONN_ATTEMPTS_FMT "%d attempt%s left"
#define CONN_ATTEMPTS(n) (n), ((n) == 1 ? "" : "s")

enum conn_log { CONN_LOG_DEBUG, CONN_LOG_STEP, CONN_LOG_INFO, CONN_LOG_WARN, CONN_LOG_ERROR };

/* The host, synchronous. */
struct conn_platform_ops {
	/* set the kernel's raw_ip switch: interface down, set, up. -ENOENT
	 * when the kernel has no switch. why receives a sentence. */
	int (*set_raw_ip)(void *p, const char *ifname, bool on, char *why, size_t cap);
	/* add the QMAP mux interface for mux_id on ifname (qmi_wwan add_mux)
	 * and point cfg->data_ifname at it. -ENOENT: the kernel or driver
	 * has no add_mux. why receives a sentence. */
	int (*add_mux)(void *p, const char *ifname, uint8_t mux_id, char *why, size_t cap);
	/* MBIM (cdc_mbim): the VLAN link carrying session_id (1..255) on
	 * ifname, added (add: and cfg->data_ifname pointed at it) or removed
	 * (!add: only a link that add made). why receives a sentence. */
	int (*session_link)(void *p, const char *ifname, uint32_t session_id, bool add, char *why, size_t cap);
	int (*configure)(void *p, const char *ifname, const struct conn_status *st, char *why, size_t cap);
	void (*deconfigure)(void *p, const char *ifname);
	bool (*device_present)(void *p, const char *device);
	/* packets the host received and sent on the interface (optional;
	 * when it fails the modem's counters are used) */
	int (*link_counters)(void *p, const char *ifname, struct conn_counters *out);
	uint64_t (*now_ms)(void *p);
	/* arm the machine's one timer (conn_timer_fired when due); ms < 0 cancels */
	void (*timer)(void *p, int64_t ms);
	void (*log)(void *p, enum conn_log level, const char *text);
	/* The refused-PIN memory, kept by the host across processes (optional:
	 * without it, only the full-count rule protects the SIM). Has this SIM
	 * (ICCID, "" if unknown) refused this PIN before? 1 yes, 0 no, < 0 the
	 * memory cannot be used (why receives a sentence): no PIN is presented. */
	int (*pin_refused_before)(void *p, const char *iccid, const char *pin, char *why, size_t cap);
	/* The SIM refused this PIN: remember it. < 0 when that failed (why). */
	int (*pin_refused)(void *p, const char *iccid, const char *pin, char *why, size_t cap);
	/* The active liveness probe (optional): an ICMP echo to addr through
	 * ifname, answered later through conn_probe_done. 0 when started, < 0
	 * when no probe can be sent (why): then the link is kept. */
	int (*probe)(void *p, const char *ifname, const char *addr, char *why, size_t cap);
	/* state changes (optional) */
	void (*changed)(void *p, enum conn_state from, enum conn_state to);
	/* the machine stopped with an exit status (optional) */
	void (*finished)(void *p, int exit_status);
};

#define CONN_QUEUE 16
/* packets sent without any answer before a session counts as phantom */
#define CONN_PHANTOM_MIN_TX 10

struct conn {
	const struct conn_config *cfg;
	const struct conn_modem_ops *modem;
	void *modem_ctx;
	const struct conn_platform_ops *plat;
	void *plat_ctx;
	enum conn_state state;
	struct conn_status st;
	bool busy;                      /* a modem operation is in flight */
	bool dispatching;
	bool ever_connected;
	bool configured;
	bool pin_tried;
	bool session_link_on;           /* the host added the session's link (plat->session_link) */
	bool holding;                   /* in sim-hold: its reason was said */
	bool was_down;                  /* the device vanished since the link was up */
	unsigned reconnects;            /* back-offs since the last good link */
	unsigned attempts;              /* back-offs in total */
	unsigned phantom_count;
	uint64_t phantom_tx;             /* packets sent during the current streak */
	uint64_t streak_mrx;             /* the modem's rx count when the streak began */
	bool probing;                   /* a probe is out */
	unsigned probes, probes_lost;   /* sent, and unanswered (each of those was a reconnect) */
	char probe_addr[48];
	uint64_t last_rx, last_tx, last_mrx;
	uint64_t sim_deadline, reg_deadline;
	uint64_t last_backoff_ms;
	int exit_status;                /* set on the way to STOPPED */
	int fail_exit;                  /* exit status if the current failure is final */
	unsigned refused;               /* events refused by the table */
	uint32_t rng;
	unsigned q_head, q_len;
	enum conn_event queue[CONN_QUEUE];
	char why[800];                  /* the last failure, in words */
	/* a line said again and again (a wait polled every second) is logged
	 * once, then with a count when it changes (or every CONN_REPEAT_MS) */
	char rep_text[256];
	enum conn_log rep_lvl;
	unsigned rep_count;             /* times said since it was logged */
	uint64_t rep_since, rep_last, rep_logged;
};
#define CONN_REPEAT_MS (10u * 60u * 1000u)

void conn_init(struct conn *c, const struct conn_config *cfg,
	       const struct conn_modem_ops *modem, void *modem_ctx,
	       const struct conn_platform_ops *plat, void *plat_ctx);
/* Starts the bring-up. */
void conn_start(struct conn *c);
/* Asks for a clean stop (disconnect, release, close). */
void conn_stop(struct conn *c);
/* Feeds an event (from the modem adapter or a test). Refused and logged
 * when the current state does not accept it. */
void conn_post(struct conn *c, enum conn_event ev);
/* The modem operation in flight finished: err 0 or negative; exit_hint is
 * the exit status should this failure end the run (0: decided by state),
 * why a sentence (may be NULL). */
void conn_op_done(struct conn *c, int err, int exit_hint, const char *why);
/* The probe the host sent has its verdict: answered, or not (then the
 * session is a phantom and is dropped). */
void conn_probe_done(struct conn *c, bool answered);
/* The platform timer fired. */
void conn_timer_fired(struct conn *c);

const char *conn_state_name(enum conn_state s);
const char *conn_event_name(enum conn_event e);
const char *conn_sim_name(enum conn_sim s);
const char *conn_reg_name(enum conn_reg r);
/* Would the table accept ev in state s, and where would it go? (-1: no) */
int conn_table_next(enum conn_state s, enum conn_event ev);
/* The back-off delay for attempt n (0-based), with jitter from *rng. */
uint64_t conn_backoff_ms(const struct conn_config *cfg, unsigned n, uint32_t *rng);

#endif
