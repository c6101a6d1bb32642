/* cellink-sim: an emulated QMI modem.
 *
 * Everything lives in one owned context, struct sim; there is no mutable
 * file-scope state. The parts:
 *   main.c       options and the main loop (the program; ctl_client.c is
 *                its "ctl" subcommand); everything else is cellink_sim
 *   core.c       logging, answer delays, reset and power-up
 *   qmi_port.c   the pseudo-terminal standing for /dev/cdc-wdmN, framing,
 *                the outgoing queue (per-message delays, ordered per client)
 *   dispatch.c   decode, fault injection, logging, table dispatch
 *   clients.c    client ids per service
 *   modem.c      SIM, registration, signal and data sessions
 *   handlers_*.c one handler table per QMI service
 *   control.c    the command parser shared by the control socket and the
 *                scenario file, and the socket; settings.c its "set"
 *                family; scenario.c runs a file
 *   profiles.c   modem models (identity, formats, USB layout, quirks)
 *   sysfs.c      a sysfs-shaped tree for the emulated device
 *   wiring.c     glue to the data plane (dataplane.h) and AT port (at.h)
 *   usb_*.c      the USB personality (usb.h): the same modem as a USB
 *                device through FunctionFS, for the host's real drivers
 *   mbim.c       the MBIM personality of the control device (--mbim)
 */
#ifndef CELLINK_SIM_SIM_H
#define CELLINK_SIM_SIM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bands.h"
#include "common/strbuf.h"
#include "io/loop.h"
#include "qmi/fields.h"
#include "qmi/qmi.h"
#include "sms/sms.h"

struct sim;
struct sim_call;

/* QMI protocol errors: enum qmi_error (qmi/errors.h), QMI_ERR_*. */

/* ---- profiles (profiles.c) ---- */

struct sim_usb_ep {
	uint8_t addr;           /* bit 7: IN */
	uint8_t attr;           /* 2 bulk, 3 interrupt */
	uint16_t maxps;
	uint8_t ivl_ms;
};

/* SIM_IF_QMI: the control function (QMI, or MBIM in a profile whose
 * .mbim is set: cdc_mbim's control interface, cdc-wdm and wwan under it);
 * SIM_IF_CDC: the CDC data interface beside an MBIM one (alternate 0
 * without endpoints, alternate 1 with the bulk pair) */
enum sim_if_role { SIM_IF_SERIAL, SIM_IF_QMI, SIM_IF_CDC };

struct sim_usb_if {
	uint8_t num, cls, sub, proto;
	const char *driver;     /* NULL: none bound */
	uint8_t role;           /* enum sim_if_role */
	const char *what;       /* DIAG, NMEA, AT, modem, QMI */
	uint8_t n_ep;
	struct sim_usb_ep ep[3];
};

struct sim_profile {
	const char *name;
	const char *manufacturer, *model, *revision, *hw_revision;
	const char *imei, *imsi, *iccid, *msisdn, *esn, *meid;
	/* USB identity and layout */
	uint16_t vid, pid;
	const char *usb_rev, *usb_ver, *usb_manufacturer, *usb_product, *usb_serial;
	uint8_t usb_cfg_attr;
	uint16_t usb_maxpower_ma;
	const struct sim_usb_if *ifs;
	size_t n_ifs;
	/* what the USB personality (--usb) presents, when the whole layout
	 * does not fit dummy_hcd's endpoints: the same interface numbers,
	 * some of them endpoint-less placeholders; NULL: the whole layout */
	const struct sim_usb_if *usb_ifs;
	size_t n_usb_ifs;
	/* an MBIM composition: the control function is cdc_mbim's and speaks
	 * MBIM (--mbim, or --usb with --usb-mbim); qmi_over_mbim: Qualcomm's
	 * QMI service is listed (Sierra's are Qualcomm-based) */
	bool mbim, qmi_over_mbim;
	/* link-layer formats: bit 1 = 802-3, bit 2 = raw-ip */
	unsigned link_layers;
	unsigned default_link_layer;
	uint32_t mtu;
	const char *operator_name;
	uint16_t mcc, mnc;
	/* firmware quirks at power-up (a scenario's "set quirk-..." overrides) */
	unsigned quirk_swallow;
	uint32_t quirk_sim_init_ms;
};

const struct sim_profile *sim_profile_find(const char *name);
const struct sim_profile *sim_profile_at(size_t i);
/* The device's listing in the /sys/kernel/debug/usb/devices format. */
void sim_profile_usb_devices(const struct sim_profile *p, struct strbuf *out);
/* The QMI interface of the layout, or NULL. */
const struct sim_usb_if *sim_profile_qmi_if(const struct sim_profile *p);
/* The interfaces the USB personality presents (usb_ifs, else ifs). */
const struct sim_usb_if *sim_profile_usb_ifs(const struct sim_profile *p, size_t *n);

/* ---- clients (clients.c) ---- */

#define SIM_CID_POOL_MAX 64     /* hard upper bound per service */
#define SIM_CID_POOL_DEFAULT 16

/* Indication subscriptions a client holds. */
#define SIM_IND_SERVING_SYSTEM 0x01
#define SIM_IND_SIGNAL_INFO    0x02
#define SIM_IND_PACKET_STATUS  0x04
#define SIM_IND_CARD_STATUS    0x08
#define SIM_IND_SYSTEM_INFO    0x10
#define SIM_IND_NAS_EVENT      0x20
#define SIM_IND_WMS_NEW        0x100   /* WMS set-event-report: new-mt-message */
#define SIM_IND_USSD           0x200   /* VOICE indication-register: ussd */

/* A NAS client's signal-info report configuration (config-signal-info and
 * its v2), kept by radio_model.c; values in tenths of dB/dBm. */
enum sim_sig { SIM_SIG_LTE_RSSI, SIM_SIG_LTE_RSRP, SIM_SIG_LTE_RSRQ, SIM_SIG_LTE_SNR,
	       SIM_SIG_NR_RSRP, SIM_SIG_NR_RSRQ, SIM_SIG_NR_SNR, SIM_SIG_N };
#define SIM_SIG_MAX_THRESHOLDS 16
struct sim_sigcfg {
	bool configured;        /* thresholds or deltas given: report on crossings only */
	bool sent;              /* last[] holds what the client was last told */
	uint8_t n_th[SIM_SIG_N];
	int16_t th[SIM_SIG_N][SIM_SIG_MAX_THRESHOLDS];
	uint16_t delta[SIM_SIG_N];
	int32_t last[SIM_SIG_N];
	unsigned have;          /* bit per enum sim_sig: reported last time */
};

struct sim_client {
	bool used;
	uint8_t cid;
	unsigned ind;           /* SIM_IND_* */
	uint8_t ip_family;      /* WDS: 4 or 6 (set-ip-family) */
	uint8_t mux_id;         /* WDS: bind-mux-data-port's QMAP mux id, 0 = none */
	struct sim_sigcfg sig;  /* NAS */
};

/* The services the emulator implements beyond CTL, with their client ids. */
#define SIM_SERVICES(X) X(WDS) X(DMS) X(NAS) X(UIM) X(WDA) X(WMS) X(VOICE)
#define SIM_N_SERVICES 7

struct sim_svc_clients {
	uint8_t service;
	unsigned pool;          /* cids 1..pool may be handed out */
	bool exhausted;         /* fault: answer client-ids-exhausted */
	struct sim_client c[SIM_CID_POOL_MAX + 1];      /* by cid */
};

struct sim_clients {
	struct sim_svc_clients svc[SIM_N_SERVICES];
	uint8_t next_hint[SIM_N_SERVICES];
};

void sim_clients_init(struct sim_clients *cs, unsigned pool);
struct sim_svc_clients *sim_clients_svc(struct sim_clients *cs, uint8_t service);
/* Allocates a client id: > 0, or -SIM_QE_* (a QMI error number, negated). */
int sim_client_alloc(struct sim_clients *cs, uint8_t service);
int sim_client_release(struct sim_clients *cs, uint8_t service, uint8_t cid);
struct sim_client *sim_client_get(struct sim_clients *cs, uint8_t service, uint8_t cid);
unsigned sim_clients_count(const struct sim_clients *cs, uint8_t service);
unsigned sim_clients_total(const struct sim_clients *cs);
void sim_clients_release_all(struct sim_clients *cs);
/* {"wds":[1,2],...,"total":2} */
void sim_clients_json(const struct sim_clients *cs, struct strbuf *out);

/* ---- modem state (modem.c) ---- */

enum sim_card_state { SIM_CARD_READY, SIM_CARD_PIN, SIM_CARD_PUK, SIM_CARD_BLOCKED,
		      SIM_CARD_ABSENT, SIM_CARD_NOT_INIT };
enum sim_reg_state { SIM_REG_OFF, SIM_REG_SEARCHING, SIM_REG_HOME, SIM_REG_ROAMING,
		     SIM_REG_DENIED };

#define SIM_MAX_APNS 8
#define SIM_MAX_SESSIONS 8
/* an MBIM session N is the model's session of cid SIM_MBIM_CID_BASE + N */
#define SIM_MBIM_CID_BASE 200
#define SIM_MBIM_SESSIONS 8

struct sim_apn {
	bool used;
	char name[64];
	char user[64];
	char pass[64];
	unsigned auth;          /* accepted: bit 0 pap, bit 1 chap; 0 = any */
	unsigned families;      /* bit 0 IPv4, bit 1 IPv6 */
};

/* A 3GPP connection profile in the modem's memory (wds_profiles.c): kept
 * over a reset, as in a modem's non-volatile storage. */
#define SIM_MAX_PROFILES 16
struct sim_pdp_profile {
	bool used;
	uint8_t index;          /* 1..SIM_MAX_PROFILES */
	char name[32];
	char apn[64];
	uint8_t pdp_type;       /* QMI: 0 ipv4, 2 ipv6, 3 ipv4-or-ipv6 */
	uint8_t auth;           /* bit 0 pap, bit 1 chap */
	char user[64], pass[64];
};

/* Data counters (the data plane's, per family: counters.c). */
struct sim_counts {
	uint64_t tx_packets, tx_bytes, rx_packets, rx_bytes;
};

struct sim_session {
	bool active;
	uint8_t cid;
	uint8_t family;         /* 4 or 6 */
	uint32_t handle;
	char apn[64];
	uint64_t started_ms;
	struct sim_counts base;         /* its family's counters when it started */
	struct sim_counts last;         /* what it carried, once it ended */
};

struct sim_net {
	char v4_addr[16], v4_gw[16], v4_mask[16], v4_dns1[16], v4_dns2[16];
	char v6_addr[48], v6_gw[48], v6_dns1[48], v6_dns2[48];
	uint8_t v6_prefix;
	uint32_t mtu;
};

/* Radio bands (handlers_nas_bands.c): what the modem supports, and what
 * is enabled (NAS system selection). A reset keeps them, as a modem keeps
 * its band preference in non-volatile memory. */
struct sim_bands {
	struct band_mask lte, nr;               /* supported */
	struct band_mask lte_on, nr_nsa_on, nr_sa_on;   /* enabled */
	bool cell_lost;                         /* searching: the lock leaves out the cell's band */
};

/* State that a reset restores from its initial copy (bands excepted). */
struct sim_modem {
	enum sim_card_state card;
	unsigned pin_retries, puk_retries;
	char pin[16], puk[16];
	bool pin_enabled;
	enum sim_reg_state reg;
	bool roam;              /* register as roaming when the network is found */
	unsigned register_delay_ms;
	char operator_name[32];
	uint16_t mcc, mnc;
	uint8_t rat;            /* QMI radio interface: 8 = LTE */
	uint16_t mode_pref;     /* NAS rat-mode-preference bits (0x1c: gsm|umts|lte) */
	bool manual_plmn;       /* registered by a manual network selection */
	struct sim_bands bands;
	int rssi, rsrp, rsrq;   /* dBm, dBm, dB */
	int sinr10;             /* SINR in tenths of dB */
	uint8_t opmode;         /* DMS operating mode: 0 online, 1 low-power */
	unsigned link_layer;    /* WDA: 1 802-3, 2 raw-ip */
	bool qmap;              /* WDA: QMAP aggregation taken (both directions) */
	struct sim_apn apns[SIM_MAX_APNS];
	struct sim_net net;
	struct sim_session sess[SIM_MAX_SESSIONS];
	uint32_t next_handle;
	bool phantom;           /* session says connected, forwards nothing */
	uint32_t tx_packets, rx_packets;
	uint64_t tx_bytes, rx_bytes;
	struct sim_counts v6;           /* the IPv6 part of the four above */
	struct sim_counts last_call;    /* of the session that ended last */
};

void sim_modem_defaults(struct sim_modem *m, const struct sim_profile *p);
/* Value of key=... among argv[1..argc), or NULL (control and scenario commands). */
const char *sim_kv(int argc, char *const *argv, const char *key);
/* Parses a number in lo..hi (decimal or 0x hex); false when it is not one. */
bool sim_num(const char *s, long lo, long hi, long *out);
const char *sim_card_name(enum sim_card_state c);
const char *sim_reg_name(enum sim_reg_state r);
int sim_card_by_name(const char *name);
/* Registered (home or roaming)? */
bool sim_modem_registered(const struct sim_modem *m);
struct sim_apn *sim_apn_find(struct sim_modem *m, const char *name);
struct sim_apn *sim_apn_set(struct sim_modem *m, const char *name);
struct sim_session *sim_session_of(struct sim_modem *m, uint8_t cid);

/* State changes that notify clients (modem.c). */
void sim_set_card(struct sim *s, enum sim_card_state c);
void sim_set_registration(struct sim *s, enum sim_reg_state r);
/* Searching now, then home/roaming after the register delay. */
void sim_start_registration(struct sim *s);
void sim_signal_changed(struct sim *s);
/* Ends a session (or all of them with cid 0) with a reason name from the
 * one table of reasons, qmi/wds_reasons.h ("regular-deactivation",
 * "client-end", ...). */
int sim_session_end(struct sim *s, uint8_t cid, const char *reason);
/* Data counters per session (counters.c): a session counts its family's
 * traffic from its start; get-packet-statistics answers the asking
 * client's session, else the first one up, else out-of-call with the last
 * call's bytes. */
void sim_counts_now(struct sim *s, unsigned family, struct sim_counts *out);
void sim_counters_session_start(struct sim *s, struct sim_session *ss);
void sim_counters_session_end(struct sim *s, struct sim_session *ss);
/* The data plane forwards while a session is up and not a phantom. */
void sim_forwarding_refresh(struct sim *s);
void sim_session_notify(struct sim *s, const struct sim_session *ss, bool up,
			const char *reason);
/* Fills call-end-reason and the verbose reason into m (a start-network
 * response or a packet-service-status indication). */
int sim_end_reason_fill(struct sim *s, struct qmi_msg *m, const char *reason);
bool sim_end_reason_known(const char *reason);
void sim_state_json(struct sim *s, struct strbuf *out);
/* PIN1 status as DMS and UIM number it. */
unsigned sim_pin1_status(const struct sim_modem *m);
/* Check a PIN or PUK and move the SIM state: 0 or a QMI error. */
int sim_pin_verify(struct sim *s, const char *pin);
int sim_pin_unblock(struct sim *s, const char *puk, const char *new_pin);
/* Indication bodies, shared by the handlers that answer the same data. */
void sim_nas_fill_serving_system(struct sim *s, struct qmi_msg *m);
void sim_nas_fill_signal_info(struct sim *s, struct qmi_msg *m);
void sim_nas_fill_system_info(struct sim *s, struct qmi_msg *m);
void sim_uim_fill_card_status(struct sim *s, struct qmi_msg *m);
/* Bands and network scan (handlers_nas_bands.c). */
void sim_bands_defaults(struct sim_bands *b);
int sim_dms_get_band_capabilities(struct sim_call *c);
/* The band TLVs of NAS set-system-selection-preference: checked (a band
 * the modem lacks, or no band at all, is invalid-argument) and applied
 * only when the whole request is good (apply false: check only). */
int sim_nas_ssp_bands(struct sim_call *c, bool apply);
void sim_nas_ssp_bands_answer(struct sim_call *c);
int sim_nas_network_scan(struct sim_call *c);
void sim_bands_json(const struct sim_modem *m, struct strbuf *out);
/* May the modem register? Not while an LTE lock leaves out the band of
 * the emulated cell (3); the registration timer then keeps searching. */
bool sim_bands_cell_reachable(const struct sim_modem *m);
/* Control: "bands [lte=LIST] [nr=LIST]" sets the supported bands (and
 * enables them all); without arguments shows them. */
int sim_bands_command(struct sim *s, int argc, char **argv, struct strbuf *out);

/* ---- the radio model (radio_model.c) ---- */

/* The antenna angle and what follows from it: the serving LTE cell, its
 * carrier-aggregation partner, a 5G NR cell (NSA or SA) and neighbours that
 * appear and fade as the antenna turns. Until the first "antenna" command
 * the LTE values are the modem's own (the "signal" command's). */
enum sim_nr_mode { SIM_NR_NSA = 0, SIM_NR_OFF, SIM_NR_SA };
struct sim_radio {
	bool steered;           /* an "antenna" command came: LTE follows the angle */
	enum sim_nr_mode nr;
	int angle;              /* degrees, 0..359 */
	int nr_rsrp, nr_rsrq, nr_snr10;
	bool nr_set;            /* nr_* hold values (else the defaults) */
	/* a sweep: the angle moves by step every step_ms until it is at to */
	struct ev_timer sweep;
	int to, step;
	uint32_t step_ms;
};
/* "antenna ..." and "radio ..." control commands (argv[0] is the word). */
int sim_radio_command(struct sim *s, int argc, char **argv, struct strbuf *out);
/* Signal-info indications to each subscribed NAS client whose thresholds
 * or deltas the change crossed (every change for a client without any). */
void sim_radio_signal_indicate(struct sim *s);
extern const struct sim_handler_table sim_handlers_radio;

/* ---- the QMI port (qmi_port.c) ---- */

#define SIM_INBUF (QMI_MAX_FRAME * 2)

struct sim_out {
	struct sim_out *next;
	uint64_t due;
	uint8_t service, cid;
	bool ready;             /* false: a reserved slot still being built */
	bool hold;              /* a full device delays it instead of losing it */
	size_t len;
	uint8_t *frame;         /* malloc'd */
	char *text;             /* for the log when written, or NULL */
};

struct sim_port {
	int master, slave;
	bool up;
	/* Clients holding the device open, seen through inotify on the pty;
	 * -1 when unknown. With none, answers are dropped and unread ones
	 * flushed, as a cdc-wdm device does when nobody has it open. */
	int ino_fd;
	int clients_open;
	struct ev_fd ino;
	char path[PATH_MAX];
	char pts[64];
	struct ev_fd h;
	struct ev_timer out_timer;
	struct sim_out *out;
	struct sim_out *out_last;       /* the last of out (latest due), or NULL: unknown */
	bool hold_new;          /* frames queued now wait for room (a lossless flood) */
	size_t in_len;
	uint64_t in_ms;         /* when the bytes in in[] last grew */
	uint8_t in[SIM_INBUF];
	unsigned long frames_in, frames_out, dropped_out, garbage_bytes;
};

int sim_port_open(struct sim *s);
void sim_port_close(struct sim *s);
/* Queues a frame for (service, cid), ms from now but never before what is
 * already queued for that client. Returns the slot (ready when frame is
 * given), or NULL when out of memory. text (copied) is logged when the
 * frame is written. */
struct sim_out *sim_port_queue(struct sim *s, uint8_t service, uint8_t cid, uint64_t ms,
			       const uint8_t *frame, size_t len, const char *text);
void sim_port_fill(struct sim *s, struct sim_out *o, const uint8_t *frame, size_t len,
		   const char *text);
void sim_port_cancel(struct sim *s, struct sim_out *o);

/* ---- dispatch (dispatch.c) ---- */

struct sim_call {
	struct sim *s;
	const struct qmi_msg *req;
	struct qmi_msg *rsp;
	struct sim_client *cl;  /* NULL for CTL */
};

/* A handler returns 0 (rsp is a success) or a QMI error number (> 0). */
struct sim_handler {
	uint16_t msg;
	int (*fn)(struct sim_call *c);
};

struct sim_handler_table {
	uint8_t service;
	const struct sim_handler *h;
	size_t n;
};

extern const struct sim_handler_table sim_handlers_ctl, sim_handlers_dms, sim_handlers_nas,
	sim_handlers_wds, sim_handlers_wda, sim_handlers_uim, sim_handlers_wms, sim_handlers_voice;

void sim_qmi_input(struct sim *s, const uint8_t *frame, size_t len);
/* Sends an indication to one client; fill adds its TLVs. */
typedef void (*sim_fill_fn)(struct sim *s, struct qmi_msg *m, const void *arg);
void sim_indicate(struct sim *s, uint8_t service, uint8_t cid, uint16_t msg,
		  sim_fill_fn fill, const void *arg);
/* ... to every client of the service subscribed to ind (0: every client). */
unsigned sim_indicate_all(struct sim *s, uint8_t service, unsigned ind, uint16_t msg,
			  sim_fill_fn fill, const void *arg);

/* Field setters of answers and indications, by the typed handles of
 * qmi/fields.h. A field that cannot be set is logged and remembered
 * (s->bad_field): the answer becomes an internal error, the indication
 * is not sent. */
void sim_put_uint(struct sim *s, struct qmi_msg *m, struct qmi_fh h, uint64_t v);
void sim_put_int(struct sim *s, struct qmi_msg *m, struct qmi_fh h, int64_t v);
void sim_put_str(struct sim *s, struct qmi_msg *m, struct qmi_fh h, const char *v);
void sim_put_bytes(struct sim *s, struct qmi_msg *m, struct qmi_fh h, const uint8_t *p, size_t n);
/* An array of n zeroed elements, NULL (and remembered) on failure. */
struct qmi_val *sim_put_array(struct sim *s, struct qmi_msg *m, struct qmi_fh h, unsigned n);
/* Members of an element of such an array. */
struct qmi_val *sim_eput_array(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h,
			       unsigned n);
void sim_eput_uint(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, uint64_t v);
void sim_eput_int(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, int64_t v);
void sim_eput_str(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h, const char *v);
void sim_eput_bytes(struct sim *s, struct qmi_msg *m, struct qmi_val *el, struct qmi_fh h,
		    const uint8_t *p, size_t n);
/* The same on the call's answer. */
void rs_uint(struct sim_call *c, struct qmi_fh h, uint64_t v);
/* WDS get-packet-statistics (counters.c) */
int sim_wds_packet_statistics(struct sim_call *c);
/* WDS profiles (wds_profiles.c) */
int sim_wds_get_profile_list(struct sim_call *c);
int sim_wds_get_profile_settings(struct sim_call *c);
int sim_wds_get_default_settings(struct sim_call *c);
int sim_wds_create_profile(struct sim_call *c);
int sim_wds_modify_profile(struct sim_call *c);
int sim_wds_delete_profile(struct sim_call *c);
/* The profile of that index, NULL if none. */
const struct sim_pdp_profile *sim_pdp_profile_find(struct sim *s, unsigned index);
void rs_int(struct sim_call *c, struct qmi_fh h, int64_t v);
void rs_str(struct sim_call *c, struct qmi_fh h, const char *v);
/* Text parsed by the field's format (addresses, enum names). */
void rs_text(struct sim_call *c, struct qmi_fh h, const char *v);
void rs_bytes(struct sim_call *c, struct qmi_fh h, const uint8_t *p, size_t n);
/* Reads a request field; true when present (a handle of another message
 * is remembered as a bad field). */
bool rq_uint(struct sim_call *c, struct qmi_fh h, uint64_t *out);
bool rq_int(struct sim_call *c, struct qmi_fh h, int64_t *out);
bool rq_str(struct sim_call *c, struct qmi_fh h, char *out, size_t cap);

/* ---- the SMS store and USSD (handlers_wms.c, handlers_voice.c) ---- */

#define SIM_SMS_SLOTS 40        /* per storage */
#define SIM_SMS_SENT_MAX 16     /* raw-send's PDUs kept for the "sms" command */
#define SIM_SMS_ROUTES 8
#define SIM_USSD_MAX 8

struct sim_sms {
	bool used;
	uint8_t tag;            /* WMS message tag: 0 mt-read, 1 mt-not-read, ... */
	uint16_t len;
	uint8_t pdu[SMS_PDU_MAX];
};

/* Kept across resets: the store is on the SIM or in the modem's NV. */
struct sim_sms_state {
	struct sim_sms store[2][SIM_SMS_SLOTS]; /* [storage: 0 uim, 1 nv][memory index] */
	struct sim_sms sent[SIM_SMS_SENT_MAX];
	unsigned n_sent;
	uint16_t next_message_id;
	uint8_t next_ref;
	uint8_t routes[SIM_SMS_ROUTES][4];      /* type, class, storage, receipt action */
	unsigned n_routes;
	bool routes_set;
	struct { char code[32]; char answer[200]; } ussd[SIM_USSD_MAX];
	unsigned n_ussd;
	unsigned ussd_count;                    /* originate-ussd requests answered */
	bool ussd_by_indication;                /* the text in a USSD indication, not the answer */
	bool ussd_silent;                       /* no text at all: the answer without, no indication */
};

/* Control commands (control.c gives them their table rows). */
int sim_sms_deliver_command(struct sim *s, int argc, char **argv, struct strbuf *out);
int sim_sms_pdu_command(struct sim *s, int argc, char **argv, struct strbuf *out);
int sim_sms_command(struct sim *s, int argc, char **argv, struct strbuf *out);
int sim_ussd_command(struct sim *s, int argc, char **argv, struct strbuf *out);
int sim_ussd_mode_command(struct sim *s, int argc, char **argv, struct strbuf *out);

/* ---- the MBIM personality (mbim.c) ---- */

struct sim_mbim;
/* The control device speaks MBIM from now on; -1 when out of memory. */
int sim_mbim_enable(struct sim *s);
void sim_mbim_free(struct sim *s);
/* Forgets the OPEN and pending fragments (the device went away). */
void sim_mbim_reset(struct sim *s);
/* Has the host opened the MBIM device (OPEN without CLOSE since)? */
bool sim_mbim_is_open(const struct sim *s);
/* As qmux_frame_len, for MBIM messages. */
int sim_mbim_frame_len(const uint8_t *buf, size_t len);
void sim_mbim_input(struct sim *s, const uint8_t *frame, size_t len);
/* A QMUX frame of the QMI side as the MBIM message that carries it (QMI
 * over MBIM); points into s->mbim, valid until the next call. */
const uint8_t *sim_mbim_wrap(struct sim *s, const uint8_t *frame, size_t len, size_t *out_len);
#define SIM_MBIM_OUT_SERVICE 0xfe       /* queue key of MBIM's own answers */
/* Basic Connect INDICATE_STATUS for a change of the model (while open). */
enum sim_mbim_note { SIM_MBIM_N_REGISTER, SIM_MBIM_N_SIGNAL, SIM_MBIM_N_SUBSCRIBER, SIM_MBIM_N_CONNECT,
		      SIM_MBIM_N_SMS };
/* arg: for SIM_MBIM_N_CONNECT the sim_session.cid of the session; for
 * SIM_MBIM_N_SMS the storage (0 uim, 1 nv) << 8 | the slot of a new message */
void sim_mbim_notify(struct sim *s, enum sim_mbim_note what, unsigned arg);
/* For the services beside Basic Connect (mbim_sms.c): the COMMAND_DONE of
 * the request being answered (body: its CID's response struct), or one
 * with no buffer; an INDICATE_STATUS. */
void sim_mbim_done(struct sim *s, uint32_t status, const void *body);
void sim_mbim_done_empty(struct sim *s, uint32_t status);
void sim_mbim_indicate(struct sim *s, int svc, uint32_t cid, const void *body);
struct mbim_msg;
/* MBIM's SMS and USSD services from the SMS store and USSD answers the
 * QMI side uses (mbim_sms.c); q is a COMMAND of that service. */
void sim_mbim_sms(struct sim *s, const struct mbim_msg *q);
void sim_mbim_ussd(struct sim *s, const struct mbim_msg *q);
/* A new message was stored (storage, slot): MESSAGE_STORE_STATUS. */
void sim_mbim_sms_arrived(struct sim *s, unsigned storage, unsigned slot);
/* The network's answer to a USSD code (handlers_voice.c). */
const char *sim_ussd_answer(const struct sim *s, const char *code);

/* ---- faults and timing ---- */

#define SIM_MAX_DELAYS 32

struct sim_delay {
	uint8_t service;
	int32_t msg;            /* -1: every message of the service */
	uint32_t ms;
};

struct sim_faults {
	uint32_t silent[8];             /* bitmap of services that do not answer */
	unsigned malformed[256];        /* per service: next N answers malformed */
	unsigned swallow_first;         /* quirk: swallow the first N requests */
};

/* ---- control (control.c) and scenario (scenario.c) ---- */

/* Runs one command line; the JSON answer goes to out. Returns 0 when the
 * command succeeded. */
int sim_command(struct sim *s, const char *line, struct strbuf *out);
/* The "set" family (settings.c): argv without the word "set". */
int sim_set_command(struct sim *s, int argc, char **argv, struct strbuf *out);

#define SIM_MAX_CONTROL_CONNS 8

struct sim_control_conn {
	struct sim *s;
	struct ev_fd h;
	size_t len;
	char buf[1024];
};

struct sim_control {
	struct ev_fd listen;
	char path[PATH_MAX];
	struct sim_control_conn conn[SIM_MAX_CONTROL_CONNS];
};

int sim_control_open(struct sim *s, const char *path);
void sim_control_close(struct sim *s);
/* The client side: sends one command, prints the answer. */
int sim_ctl_main(int argc, char **argv);

struct sim_scheduled {
	struct ev_timer t;
	struct sim *s;
	struct sim_scheduled *next;
	char line[];
};

int sim_scenario_load(struct sim *s, const char *path);
void sim_scenario_free(struct sim *s);

/* ---- sysfs (sysfs.c) ---- */

int sim_sysfs_write(struct sim *s, const char *dir);

/* ---- the context ---- */

struct sim_wire;
struct sim_usb;
struct sim_qmimux;

struct sim {
	struct ev_loop loop;
	const char *bad_field;          /* first field the answer or indication being built lacks */
	const struct sim_profile *prof;
	struct sim_modem m, init;       /* live state and what a reset restores */
	struct sim_clients clients;
	struct sim_port port;
	struct sim_faults faults;
	struct sim_delay delays[SIM_MAX_DELAYS];
	size_t n_delays;
	uint32_t default_delay_ms;
	uint32_t reset_delay_ms;
	struct sim_control ctl;
	struct sim_scheduled *sched;
	struct sim_radio radio;
	struct ev_timer reg_timer;
	struct ev_timer reset_timer;
	/* firmware quirks applied at every power-up (start, reset) */
	unsigned quirk_swallow;         /* swallow the first N requests */
	uint32_t quirk_sim_init_ms;     /* SIM "not initialised" this long */
	struct ev_timer sim_init_timer;
	struct ev_signal sigint, sigterm;
	bool log;
	void (*log_fn)(struct sim *s, const char *text);
	bool resetting;
	char ifname[32];
	char netns[64];
	char sysfs_dir[PATH_MAX];
	struct sim_wire *wire;          /* data plane and AT port, when running */
	struct sim_qmimux *qmimux;      /* the tree's add_mux, watched (qmimux.c), or NULL */
	bool no_qmap;                   /* --no-qmap: the firmware refuses QMAP in WDA */
	bool no_qmi_over_mbim;          /* --no-qmi-over-mbim: the MBIM function has no QMI service */
	struct sim_pdp_profile profiles[SIM_MAX_PROFILES];
	bool profiles_ready;            /* made from the first APN on first use */
	struct sim_usb *usb;            /* the USB personality (usb.h), or NULL */
	struct sim_mbim *mbim;          /* MBIM personality (--mbim), else NULL */
	struct sim_sms_state sms;       /* SMS store and USSD answers */
	/* scratch messages (large; kept here, not on the stack) */
	struct qmi_msg req, rsp, ind;
	/* room for the values of long answers (cells, card status, SMS lists) */
	struct qmi_val rsp_pool[QMI_POOL_NODES], ind_pool[QMI_POOL_NODES];
	struct strbuf logbuf;
};

/* Log lines go to s->log_fn (set by the program): sim_log only with --log,
 * sim_err always. */
void sim_log(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim_err(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint32_t sim_delay_for(const struct sim *s, uint8_t service, uint16_t msg);
int sim_delay_set(struct sim *s, uint8_t service, int32_t msg, uint32_t ms);
/* Resets the modem: the device vanishes and returns after ms. */
void sim_reset(struct sim *s, uint32_t ms);
/* The same, after_ms from now (answers in flight go out first). */
void sim_reset_after(struct sim *s, uint32_t after_ms);
/* Power-up: quirks armed, SIM initialisation, network search. */
void sim_power_up(struct sim *s);

/* QMAP muxing of the emulated kernel (qmimux.c): watches the tree's
 * add_mux/del_mux and makes a qmimuxK TUN device per mux id in the data
 * plane's namespace (a no-op without --sysfs and --netns). */
int sim_qmimux_start(struct sim *s);
void sim_qmimux_stop(struct sim *s);
/* The network settings of a session on mux id N (0: the base's). */
void sim_mux_net(const struct sim_net *base, uint8_t mux_id, struct sim_net *out);

/* Glue to the data plane and the AT port (wiring.c); each part is a no-op
 * when that part is not built. sim_wire_start prints its own errors. */
int sim_wire_start(struct sim *s, bool dataplane, bool tap, const char *at_path);
void sim_wire_stop(struct sim *s);
void sim_wire_forwarding(struct sim *s, bool on);
/* the MBIM sessions that are up (a bit per id) for the data plane */
void sim_wire_sessions(struct sim *s, const uint8_t up[32]);
/* whether MBIM session id is up (as last set by sim_wire_sessions) */
bool sim_wire_session_up(struct sim *s, unsigned id);
/* Refreshes s->m's packet counters from the data plane. */
void sim_wire_counters(struct sim *s);
void sim_wire_reg_changed(struct sim *s);
/* The USB personality: a data plane without a device, fed packet by
 * packet (its 802.3 or raw-IP framing follows the negotiated link layer);
 * sim_wire_packet returns the answer's length in out, 0 for none, or < 0
 * for garbage. sim_wire_at_path: the AT port's path, or NULL. */
int sim_wire_dp_virtual(struct sim *s);
int sim_wire_packet(struct sim *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap);
const char *sim_wire_at_path(struct sim *s);

#endif
