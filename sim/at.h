/* cellink-sim's AT port: a second pseudo-terminal in raw mode, reached
 * through a symlink, answering the commands a connection manager sends.
 * Given the path of an existing terminal instead (a USB gadget's serial
 * function, /dev/ttyGSn, seen by the host as a real /dev/ttyUSBn), the port
 * reads and answers on that terminal.
 *
 * The modem state is not kept here: every answer asks the owner through
 * struct sim_at_ops. The emulator keeps its own descriptor of the client
 * side open, so a client that closes and reopens the path finds it intact.
 *
 * After ATD*99# / ATD*99***<cid># answers CONNECT, the line is in data
 * mode. With ops->on_connect set, the master descriptor is handed over
 * (e.g. to pppd) and the port stops reading it until sim_at_data_end().
 * Without it the port swallows data until "+++" or sim_at_hangup(), then
 * answers NO CARRIER and returns to command mode.
 *
 * Limits: a pseudo-terminal carries no DTR, and since the emulator holds
 * the client side open a client's close is not seen either; a hang-up
 * comes from "+++" (no guard time is required), ATH in command mode, or
 * the owner calling sim_at_hangup()/sim_at_data_end().
 */
#ifndef CELLINK_SIM_AT_H
#define CELLINK_SIM_AT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at/at.h"
#include "io/loop.h"

enum sim_at_sim { SIM_AT_SIM_READY, SIM_AT_SIM_PIN, SIM_AT_SIM_PUK, SIM_AT_SIM_ABSENT,
		  SIM_AT_SIM_NOT_READY };

struct sim_at_identity {
	const char *manufacturer, *model, *revision, *imei;
};

/* Measured values; AT_UNKNOWN (at/at_parse.h) when not available. */
struct sim_at_signal {
	int rssi_dbm;
	int rsrp_dbm;
	int rsrq_x10;           /* tenths of dB */
	int sinr_x10;
};

struct sim_at_reg {
	int stat;               /* 27.007 <stat>: 0 not, 1 home, 2 searching, 3 denied, 5 roaming */
	uint32_t tac;
	uint32_t ci;
	int act;                /* 7 = E-UTRAN */
};

struct sim_at_oper {
	const char *name;       /* "" when not registered */
	uint16_t mcc, mnc;
	int act;
};

#define SIM_AT_MAX_PDP 8

struct sim_at_pdp {
	int cid;
	char type[16];          /* "IP", "IPV6", "IPV4V6" */
	char apn[101];
	bool active;
	uint8_t v4[4];          /* address when active */
	bool has_v6;
	uint8_t v6[16];
};

struct sim_at_ops {
	void (*identity)(void *ctx, struct sim_at_identity *out);
	enum sim_at_sim (*sim_state)(void *ctx);
	/* 0 when right; else a +CME ERROR number (16 incorrect password,
	 * 12 PUK required ...). */
	int (*pin_enter)(void *ctx, const char *pin);
	void (*signal)(void *ctx, struct sim_at_signal *out);
	void (*registration)(void *ctx, struct sim_at_reg *out);
	void (*oper)(void *ctx, struct sim_at_oper *out);
	/* Fills up to max contexts; returns the count. */
	int (*pdp_list)(void *ctx, struct sim_at_pdp *out, int max);
	/* AT+CGDCONT=cid,"type","apn"; type "" with apn "" undefines cid.
	 * 0 or a +CME ERROR number. */
	int (*pdp_define)(void *ctx, int cid, const char *type, const char *apn);
	/* ATD: 0 to answer CONNECT; else a +CME ERROR number, or -1 for
	 * NO CARRIER. */
	int (*dial)(void *ctx, int cid);
	/* The call ended (+++, ATH, sim_at_hangup, data_end). May be NULL. */
	void (*hangup)(void *ctx);
	/* After CONNECT: the master fd now carries data. May be NULL. */
	void (*on_connect)(void *ctx, int fd);
};

enum sim_at_mode { SIM_AT_COMMAND, SIM_AT_DATA, SIM_AT_HANDED_OVER };

struct sim_at {
	struct ev_loop *loop;
	const struct sim_at_ops *ops;
	void *ctx;
	int master, slave;
	char path[256];
	struct ev_fd h;
	struct at_splitter split;
	enum sim_at_mode mode;
	bool echo;
	int cmee;               /* 0 ERROR, 1 numeric, 2 verbose */
	int creg_n, cgreg_n, cereg_n;
	int cops_format;        /* 0 long name, 2 numeric */
	int plus_run;           /* consecutive '+' seen in data mode */
	/* counters */
	uint64_t commands, errors, data_bytes;
};

/* Creates the pty, links path to it (replacing a stale symlink), starts
 * reading. 0 or -errno. */
int sim_at_start(struct sim_at *at, struct ev_loop *l, const char *path,
		 const struct sim_at_ops *ops, void *ctx);
void sim_at_stop(struct sim_at *at);
/* Sends an unsolicited line ("+CEREG: 1"), framed as CRLF line CRLF, when
 * in command mode; dropped (returns -EBUSY) in data mode. */
int sim_at_urc(struct sim_at *at, const char *line);
/* Registration changed: sends +CREG/+CGREG/+CEREG URCs to the clients that
 * asked (AT+CxREG=1/2). */
void sim_at_reg_changed(struct sim_at *at);
/* Network-side hang-up: leaves data mode with NO CARRIER. */
void sim_at_hangup(struct sim_at *at);
/* The owner of a handed-over line is done: back to command mode with
 * NO CARRIER. */
void sim_at_data_end(struct sim_at *at);

#endif
