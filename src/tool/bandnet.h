/* The pure parts of cellink bands and cellink networks (op_bands.c,
 * op_networks.c): their arguments and their JSON, from decoded answers.
 * No I/O; unit-tested (tests/unit/test_bands.c). */
#ifndef CELLINK_TOOL_BANDNET_H
#define CELLINK_TOOL_BANDNET_H

#include <stdbool.h>
#include <stddef.h>

#include "common/bands.h"
#include "common/strbuf.h"
#include "qmi/bands.h"
#include "qmi/qmi.h"


enum bands_action { BANDS_SHOW, BANDS_LOCK, BANDS_UNLOCK };

struct bands_args {
	enum bands_action action;
	struct band_sel sel;            /* BANDS_LOCK */
};

/* cellink bands [--lock lte:LIST nr:LIST ...|--unlock]. 0, or -1 with a
 * sentence naming the problem. */
int tool_bands_args(int argc, char *const *argv, struct bands_args *out, char *why, size_t cap);
/* The members of the answer after "schema": "action", "supported",
 * "enabled" (the kinds the modem reported), "lte_mask" ("extended" or
 * "64-bit"). Starts with a comma. */
void tool_bands_json(struct strbuf *sb, enum bands_action action, const struct qmi_band_caps *caps,
		     const struct band_sel *enabled);

/* cellink networks takes no arguments. 0, or -1 with why. */
int tool_networks_args(int argc, char *const *argv, char *why, size_t cap);
/* ,"networks":[{"mcc":"262","mnc":"01","plmn":"26201","name":...,
 * "status":[...],"rat":"lte"},...] from a network-scan answer; the count
 * of networks, or -1 when the answer has no network list. */
int tool_networks_json(struct strbuf *sb, const struct qmi_msg *r);

#endif
