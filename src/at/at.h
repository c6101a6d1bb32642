/* AT protocol layer: no I/O, no allocation.
 *
 * - a line splitter that turns a byte stream into lines (CR, LF, CRLF,
 *   LFCR all end a line; empty lines are skipped; overlong lines are
 *   delivered truncated with a flag; control bytes are dropped and counted),
 * - final result classification (OK, ERROR, +CME/+CMS ERROR, CONNECT ...),
 * - unsolicited result code recognition, with the command in flight as
 *   context so "+CREG: ..." answering AT+CREG? is not taken for a URC,
 * - field splitting helpers used by the parsers in at_parse.h.
 *
 * Functions return 0 (or a count) or a negative CL_E_* code (common/err.h).
 */
#ifndef CELLINK_AT_AT_H
#define CELLINK_AT_AT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line kept whole (without terminator). Longer lines are truncated
 * and flagged AT_LINE_TRUNCATED. */
#define AT_LINE_MAX 512

#define AT_LINE_TRUNCATED 0x1u

/* Called for each complete, non-empty line (NUL-terminated, no CR/LF).
 * Return 0 to go on, non-zero to make at_split_feed() stop right after
 * this line (e.g. CONNECT: what follows is data, not lines). */
typedef int (*at_line_cb)(void *ctx, const char *line, size_t len, unsigned flags);

struct at_splitter {
	char line[AT_LINE_MAX + 1];
	size_t len;
	bool truncated;          /* current line overflowed */
	uint64_t lines;          /* lines delivered */
	uint64_t dropped_bytes;  /* control bytes and NULs dropped */
	uint64_t truncated_lines;
};

void at_split_init(struct at_splitter *s);
/* Feeds n bytes. Returns how many bytes were consumed: n, or fewer when
 * the callback asked to stop (the rest is the caller's, e.g. PPP data). */
size_t at_split_feed(struct at_splitter *s, const uint8_t *p, size_t n,
		     at_line_cb cb, void *ctx);
/* Bytes of a line not yet terminated (e.g. a "> " prompt). */
static inline size_t at_split_pending(const struct at_splitter *s) { return s->len; }
/* Forgets any partial line (after a timeout or a mode switch). */
void at_split_reset_line(struct at_splitter *s);

/* ---- final result codes ---- */

#define AT_FINALS(X)                                            \
	X(NONE,        "")                                      \
	X(OK,          "OK")                                    \
	X(ERROR,       "ERROR")                                 \
	X(CME_ERROR,   "+CME ERROR")                            \
	X(CMS_ERROR,   "+CMS ERROR")                            \
	X(NO_CARRIER,  "NO CARRIER")                            \
	X(CONNECT,     "CONNECT")                               \
	X(BUSY,        "BUSY")                                  \
	X(NO_ANSWER,   "NO ANSWER")                             \
	X(NO_DIALTONE, "NO DIALTONE")

enum at_final {
#define AT_FINAL_ENUM(n, s) AT_FINAL_##n,
	AT_FINALS(AT_FINAL_ENUM)
#undef AT_FINAL_ENUM
};

struct at_final_info {
	enum at_final kind;
	int code;               /* +CME/+CMS number; -1 when the modem gave text
	                           we do not know */
	unsigned long speed;    /* CONNECT <speed>, 0 when absent */
	const char *text;       /* rest of the line after "ERROR: " / "CONNECT " */
};

/* Classifies one line. Returns the kind (AT_FINAL_NONE for anything that
 * is not a final result) and fills *out when out != NULL. */
enum at_final at_classify_final(const char *line, struct at_final_info *out);
const char *at_final_name(enum at_final k);
/* 3GPP TS 27.007 +CME ERROR numbers and their verbose texts. */
const char *at_cme_text(int code);
int at_cme_code(const char *text);      /* -1 when unknown */

/* ---- unsolicited result codes ---- */

#define AT_URCS(X)                      \
	X(CREG,     "+CREG:")           \
	X(CGREG,    "+CGREG:")          \
	X(CEREG,    "+CEREG:")          \
	X(C5GREG,   "+C5GREG:")         \
	X(RING,     "RING")             \
	X(CRING,    "+CRING:")          \
	X(CLIP,     "+CLIP:")           \
	X(CMTI,     "+CMTI:")           \
	X(CMT,      "+CMT:")            \
	X(CDS,      "+CDS:")            \
	X(CUSD,     "+CUSD:")           \
	X(CGEV,     "+CGEV:")           \
	X(CIEV,     "+CIEV:")           \
	X(CPIN,     "+CPIN:")           \
	X(CTZV,     "+CTZV:")           \
	X(CTZE,     "+CTZE:")           \
	X(PACSP,    "+PACSP")           \
	X(QIND,     "+QIND:")           \
	X(QUSIM,    "+QUSIM:")          \
	X(QSTAT,    "+QSTAT:")          \
	X(RDY,      "RDY")              \
	X(SYSINFO,  "^SYSINFO:")        \
	X(MODE,     "^MODE:")           \
	X(RSSI,     "^RSSI:")           \
	X(HCSQ,     "^HCSQ:")           \
	X(BOOT,     "^BOOT:")           \
	X(SRVST,    "^SRVST:")          \
	X(SIMST,    "^SIMST:")          \
	X(NDISSTAT, "^NDISSTAT:")       \
	X(SYSSTART, "^SYSSTART")

enum at_urc {
	AT_URC_NONE = 0,
#define AT_URC_ENUM(n, s) AT_URC_##n,
	AT_URCS(AT_URC_ENUM)
#undef AT_URC_ENUM
};

/* Which URC the line looks like, regardless of context. */
enum at_urc at_urc_match(const char *line);
const char *at_urc_name(enum at_urc u);
/* True when line is unsolicited given the command in flight (cmd, may be
 * NULL): a URC-looking line whose prefix is the one cmd answers with
 * ("+CREG:" for AT+CREG?) is taken as that command's answer. */
bool at_line_is_urc(const char *line, const char *cmd);
/* The answer prefix of a command: "AT+CREG?" -> "+CREG:", "AT^HCSQ?" ->
 * "^HCSQ:", "AT!GSTATUS?" -> "!GSTATUS:". Returns its length, 0 for basic
 * commands (ATI, ATD...), CL_E_NO_SPACE when it does not fit. */
int at_cmd_prefix(const char *cmd, char *buf, size_t size);
/* True when line is the echo of cmd (case-insensitive, trailing blanks
 * ignored). */
bool at_line_is_echo(const char *line, const char *cmd);

/* ---- one command's exchange ----
 * Sorts the lines that arrive while a command is in flight: its echo, the
 * URCs that slip in (before, inside or after the answer), its information
 * lines (kept, in order) and its final result. Between commands every
 * line is a URC or a stray line. No I/O and no timers: the caller feeds
 * lines from at_split_feed() and owns the timeout. */

#define AT_XCHG_MAX_LINES 48
#define AT_XCHG_BUF 4096

enum at_event {
	AT_EV_ECHO,             /* the command coming back (echo on) */
	AT_EV_URC,              /* unsolicited: route it elsewhere */
	AT_EV_INFO,             /* part of the answer, stored */
	AT_EV_FINAL,            /* the answer is complete: see x->final */
	AT_EV_STRAY,            /* no command in flight and not a known URC */
};

struct at_exchange {
	char cmd[128];
	bool active;
	bool echo_seen;
	bool truncated;         /* an answer line was cut or did not fit */
	char buf[AT_XCHG_BUF];  /* information lines, NUL-separated */
	size_t used;
	uint16_t off[AT_XCHG_MAX_LINES];
	unsigned n;
	char final_line[AT_LINE_MAX + 1];
	struct at_final_info final;     /* text points into final_line */
};

/* Starts an exchange for cmd ("AT+CSQ", without CR). CL_E_NO_SPACE when
 * cmd is longer than the exchange keeps. */
int at_xchg_begin(struct at_exchange *x, const char *cmd);
enum at_event at_xchg_line(struct at_exchange *x, const char *line, unsigned flags);
/* The i-th information line, NULL past the end. */
const char *at_xchg_info(const struct at_exchange *x, unsigned i);
/* The information lines as an array for the multi-line parsers. */
size_t at_xchg_lines(const struct at_exchange *x, const char **out, size_t max);
void at_xchg_abort(struct at_exchange *x);

/* ---- fields ---- */

#define AT_MAX_FIELDS 32

struct at_field {
	const char *p;          /* into the line; not NUL-terminated */
	size_t len;
	bool quoted;
};

struct at_fields {
	int n;
	struct at_field f[AT_MAX_FIELDS];
};

/* Splits the text after prefix ("+CSQ:", matched case-sensitively, blanks
 * after it skipped) at commas outside double quotes. prefix may be NULL.
 * Returns the field count, CL_E_PARSE when the prefix is absent,
 * CL_E_BAD_VALUE for an unterminated quote, CL_E_TOO_MANY past
 * AT_MAX_FIELDS. */
int at_fields_split(const char *line, const char *prefix, struct at_fields *out);
/* Field as a decimal integer (optional sign; quotes allowed). 0, or
 * CL_E_TRUNCATED when i is past the end or the field is empty,
 * CL_E_BAD_VALUE when it is not a number. */
int at_field_int(const struct at_fields *f, int i, long *out);
/* Field as hexadecimal (optional 0x; quotes allowed). */
int at_field_hex(const struct at_fields *f, int i, unsigned long *out);
/* Field as a decimal number with one decimal ("-17.4" -> -174). */
int at_field_dec1(const struct at_fields *f, int i, long *out);
/* Copies the field (without quotes) NUL-terminated. CL_E_NO_SPACE when it
 * does not fit, CL_E_TRUNCATED when absent. */
int at_field_str(const struct at_fields *f, int i, char *buf, size_t size);
/* True when the field equals s (case-insensitive). */
bool at_field_is(const struct at_fields *f, int i, const char *s);

#endif
