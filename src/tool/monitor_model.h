/* The model behind `cellink monitor`: the signal values as indications
 * report them, with each value's quality class, the best value so far and
 * the trend over the last 30 seconds; and the cells they belong to (band,
 * channel, PCI, bandwidth, the carrier-aggregation set).
 *
 * Pure code: no I/O, no clock. The caller passes the time of each update
 * (the event loop's clock, virtual in the unit tests). Values are kept in
 * tenths of dB or dBm, as QMI reports SINR. */
#ifndef CELLINK_TOOL_MONITOR_MODEL_H
#define CELLINK_TOOL_MONITOR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

#define MON_WINDOW_MS 30000     /* the trend's window */
#define MON_HIST 512            /* samples kept per value (30 s at up to 17 Hz) */
#define MON_TREND_TENTHS 20     /* a change of 2 dB over the window is a trend */
#define MON_MAX_CA 8

enum mon_rat { MON_LTE, MON_NR, MON_NRAT };
enum mon_val { MON_RSRP, MON_RSRQ, MON_SINR, MON_RSSI, MON_NVAL };
enum mon_quality { MON_Q_POOR, MON_Q_FAIR, MON_Q_GOOD, MON_Q_EXCELLENT };
enum mon_trend { MON_T_STEADY, MON_T_RISING, MON_T_FALLING };

/* One update: the values an indication carried (tenths). */
struct mon_sample {
	bool have[MON_NRAT][MON_NVAL];
	int32_t v[MON_NRAT][MON_NVAL];
};

struct mon_series {
	bool have;              /* reported by the last update */
	bool seen;              /* ever reported: best is valid */
	int32_t now, best;
	uint16_t head, n;       /* ring of (time, value); [head] is the oldest */
	struct {
		uint64_t t;
		int32_t v;
	} h[MON_HIST];
};

/* A serving cell or an aggregated carrier. */
struct mon_cell {
	bool have;
	uint16_t band;          /* 3 for LTE band 3, 78 for NR n78; 0 unknown */
	uint32_t chan;          /* EARFCN or NR-ARFCN; 0 unknown */
	int32_t pci;            /* -1 unknown */
	uint32_t bw_khz;        /* 0 unknown */
	const char *state;      /* CA: "activated", ...; NULL for the primary */
};

struct mon_model {
	struct mon_series s[MON_NRAT][MON_NVAL];
	struct mon_cell cell[MON_NRAT];
	struct mon_cell ca[MON_MAX_CA];         /* [0] the primary, then the secondaries */
	unsigned n_ca;
	uint64_t updates;
};

void mon_init(struct mon_model *m);
/* Records an update at now_ms (never earlier than the previous one). */
void mon_update(struct mon_model *m, uint64_t now_ms, const struct mon_sample *s);

/* Names and units: "rsrp", "dbm"; "lte", "nr". */
const char *mon_val_name(enum mon_val v);
const char *mon_val_unit(enum mon_val v);
const char *mon_rat_name(enum mon_rat r);
/* The quality class of a value (tenths) and its name. */
enum mon_quality mon_quality_of(enum mon_val v, int32_t tenths);
const char *mon_quality_name(enum mon_quality q);
/* The range a bar spans, in tenths. */
void mon_range(enum mon_val v, int32_t *lo, int32_t *hi);
/* The change over the last MON_WINDOW_MS (tenths, now minus the value in
 * force at the window's start, or the oldest kept); false without data. */
bool mon_trend_of(const struct mon_series *s, int32_t *delta);
enum mon_trend mon_trend_class(int32_t delta);
const char *mon_trend_name(enum mon_trend t);

/* "lte", "lte+nr" (NSA), "nr" (SA) or "none", from what the last update carried. */
const char *mon_rat_mode(const struct mon_model *m);
/* The model as JSON object members (no braces), the keys of
 * docs/json.md's monitor section. */
void mon_json(const struct mon_model *m, struct strbuf *out);

/* A tenths value as JSON/text: "-95", "12.5". */
void mon_put_tenths(struct strbuf *out, int32_t v);

#endif
