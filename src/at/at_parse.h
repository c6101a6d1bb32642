/* Parsers for the AT answers a connection manager needs. No I/O.
 *
 * Each parser takes the answer line(s) without CR/LF (as at_split_feed
 * delivers them) and returns 0 or a negative CL_E_* code:
 *   CL_E_PARSE      the line is not this answer (prefix missing/unknown)
 *   CL_E_TRUNCATED  a mandatory field is missing
 *   CL_E_BAD_VALUE  a field is not a number, out of range or an unknown word
 *   CL_E_NO_SPACE   a text field does not fit the output
 * When e is not NULL it names the failing field and why (static strings).
 *
 * Values the modem reports as unknown/undetectable (99, 255, "-", "--")
 * are stored as AT_UNKNOWN. Quantities carrying tenths of a dB are named
 * *_x10 (-17.4 dB -> -174).
 */
#ifndef CELLINK_AT_AT_PARSE_H
#define CELLINK_AT_AT_PARSE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AT_UNKNOWN INT_MIN

struct at_perr {
	int field;              /* 0-based field index, -1 for the whole line */
	const char *what;       /* field name ("rssi") */
	const char *why;        /* "out of range 0..31 or 99" */
};
/* "rssi: out of range 0..31 or 99 (field 1)" into buf. */
const char *at_perr_format(const struct at_perr *e, char *buf, size_t size);

/* ---- +CPIN? ---- */
#define AT_SIM_STATES(X)                \
	X(READY,      "READY")          \
	X(SIM_PIN,    "SIM PIN")        \
	X(SIM_PUK,    "SIM PUK")        \
	X(SIM_PIN2,   "SIM PIN2")       \
	X(SIM_PUK2,   "SIM PUK2")       \
	X(PH_SIM_PIN, "PH-SIM PIN")     \
	X(PH_NET_PIN, "PH-NET PIN")     \
	X(NOT_READY,  "NOT READY")      \
	X(NOT_INSERTED, "NOT INSERTED")

enum at_sim_state {
#define AT_SIM_ENUM(n, s) AT_SIM_##n,
	AT_SIM_STATES(AT_SIM_ENUM)
#undef AT_SIM_ENUM
};
const char *at_sim_state_text(enum at_sim_state s);
int at_parse_cpin(const char *line, enum at_sim_state *out, struct at_perr *e);

/* ---- +CSQ ---- */
struct at_csq {
	int rssi;               /* 0..31, 99 */
	int ber;                /* 0..7, 99 */
	int dbm;                /* -113..-51, AT_UNKNOWN for 99 */
};
int at_parse_csq(const char *line, struct at_csq *out, struct at_perr *e);
/* 27.007 mapping of <rssi>; AT_UNKNOWN for 99 or out of range. */
int at_csq_to_dbm(int rssi);

/* ---- +CESQ ---- */
struct at_cesq {
	int rxlev_dbm;          /* GSM */
	int ber;
	int rscp_dbm;           /* UMTS */
	int ecno_x10;
	int rsrq_x10;           /* LTE */
	int rsrp_dbm;
};
int at_parse_cesq(const char *line, struct at_cesq *out, struct at_perr *e);

/* ---- +CREG / +CGREG / +CEREG / +C5GREG ---- */
enum at_reg_stat {
	AT_REG_NOT_SEARCHING = 0,
	AT_REG_HOME = 1,
	AT_REG_SEARCHING = 2,
	AT_REG_DENIED = 3,
	AT_REG_UNKNOWN = 4,
	AT_REG_ROAMING = 5,
	AT_REG_SMS_ONLY_HOME = 6,
	AT_REG_SMS_ONLY_ROAMING = 7,
	AT_REG_EMERGENCY = 8,
	AT_REG_CSFB_NOT_PREF_HOME = 9,
	AT_REG_CSFB_NOT_PREF_ROAMING = 10,
	AT_REG_MAX = 11,
};
const char *at_reg_stat_text(int stat);
bool at_reg_is_registered(int stat);

struct at_reg {
	char which[8];          /* "CREG", "CGREG", "CEREG", "C5GREG" */
	int n;                  /* report mode (query form only), else AT_UNKNOWN */
	int stat;
	long lac;               /* LAC or TAC; -1 when absent */
	long ci;                /* cell id; -1 when absent */
	int act;                /* AcT (0 GSM ... 7 E-UTRAN ...); AT_UNKNOWN */
};
/* query: the answer to AT+CxREG? ("+CEREG: 2,1,...", mode first);
 * otherwise the unsolicited form ("+CEREG: 1,..."). */
int at_parse_reg(const char *line, bool query, struct at_reg *out, struct at_perr *e);

/* ---- +COPS? ---- */
struct at_cops {
	int mode;               /* 0 auto, 1 manual, 2 deregister, 3 set format, 4 manual/auto */
	int format;             /* 0 long, 1 short, 2 numeric; AT_UNKNOWN */
	char oper[64];          /* "" when not registered */
	int act;                /* AT_UNKNOWN when absent */
};
int at_parse_cops(const char *line, struct at_cops *out, struct at_perr *e);

/* ---- +CGDCONT? (one line per context) ---- */
struct at_pdp_ctx {
	int cid;
	char type[16];          /* "IP", "IPV6", "IPV4V6", "PPP", "Non-IP" */
	char apn[101];
	char addr[64];
};
int at_parse_cgdcont(const char *line, struct at_pdp_ctx *out, struct at_perr *e);

/* ---- +CGPADDR ---- */
struct at_cgpaddr {
	int cid;
	bool has_v4, has_v6;
	uint8_t v4[4];
	uint8_t v6[16];
};
/* Accepts dotted decimal (4 or 16 octets) and colon-hex IPv6, quoted or
 * not, in either position. */
int at_parse_cgpaddr(const char *line, struct at_cgpaddr *out, struct at_perr *e);

/* ---- identity: ATI, +CGMI, +CGMM, +CGMR, +CGSN ---- */
struct at_ident {
	char manufacturer[64];
	char model[64];
	char revision[96];
	char imei[20];
};
/* ATI answer lines, in the "Key: value" form (Sierra, Huawei) or bare
 * (Quectel: manufacturer, model, "Revision: ..."). Fields not found stay
 * "". CL_E_PARSE when nothing was recognised. */
int at_parse_ati(const char *const *lines, size_t n, struct at_ident *out, struct at_perr *e);
/* +CGMI/+CGMM/+CGMR answers: bare text or "+CGMI: text" (prefix given
 * without the colon, e.g. "+CGMI"); quotes removed. */
int at_parse_info(const char *line, const char *prefix, char *buf, size_t size,
		  struct at_perr *e);
/* +CGSN: 14..17 digits (optionally "+CGSN: " and quotes). */
int at_parse_cgsn(const char *line, char imei[20], struct at_perr *e);

/* ---- vendor status commands (at_vendor.c) ---- */

/* Sierra AT!GSTATUS? (LTE part). */
struct at_gstatus {
	int temperature;
	char mode[24];          /* "ONLINE" */
	char system_mode[24];   /* "LTE" */
	char ps_state[24];
	char emm_state[32];
	char rrc_state[32];
	int lte_band;           /* 3 for "B3" */
	int lte_bw_mhz;
	int rx_chan, tx_chan;
	int rssi_dbm, rsrp_dbm;         /* main receiver (PCC RxM) */
	int rssi_rxd_dbm, rsrp_rxd_dbm; /* diversity (PCC RxD) */
	int tx_power;
	long tac;               /* -1 when absent */
	long cell_id;
	int rsrq_x10;
	int sinr_x10;
};
int at_parse_gstatus(const char *const *lines, size_t n, struct at_gstatus *out,
		     struct at_perr *e);

/* Quectel AT+QENG="servingcell" (LTE detail; other RATs give rat/state). */
struct at_qeng {
	char state[16];         /* "NOCONN", "CONNECT", "SEARCH", "LIMSRV" */
	char rat[16];           /* "LTE", "WCDMA", "GSM", "NR5G-SA", "" */
	bool tdd;
	int mcc, mnc;
	long cell_id;           /* -1 when absent */
	int pci;
	int earfcn;
	int band;
	int ul_bw, dl_bw;       /* 0..5 as the modem codes them */
	long tac;
	int rsrp_dbm, rsrq_db, rssi_dbm;
	int sinr;               /* as reported (EC2x: 0..250 = -20..+30 dB) */
};
int at_parse_qeng(const char *const *lines, size_t n, struct at_qeng *out,
		  struct at_perr *e);

/* Huawei AT^HCSQ? */
struct at_hcsq {
	char sysmode[12];       /* "LTE", "WCDMA", "GSM", "NOSERVICE" */
	int rssi_dbm;
	int rsrp_dbm;           /* LTE */
	int sinr_x10;           /* LTE */
	int rsrq_x10;           /* LTE */
	int rscp_dbm;           /* WCDMA */
	int ecio_x10;           /* WCDMA */
};
int at_parse_hcsq(const char *line, struct at_hcsq *out, struct at_perr *e);

#endif
