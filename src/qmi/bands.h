/* Band masks on the wire: the supported bands from DMS
 * get-band-capabilities, the enabled ones from NAS
 * get-system-selection-preference, and a lock for NAS
 * set-system-selection-preference. No I/O: decoded messages in, request
 * fields out. The conn engine (lte_bands, nr_bands) and cellink bands use
 * the same code. */
#ifndef CELLINK_QMI_BANDS_H
#define CELLINK_QMI_BANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/bands.h"
#include "qmi/qmi.h"

struct qmi_band_caps {
	struct band_mask lte, nr;       /* supported (NR: NSA and SA alike) */
	bool lte_ext;                   /* the extended LTE list was given: lock with TLV 0x24 */
	bool nr_known;                  /* the modem answered an NR band list */
};

/* From a get-band-capabilities answer: the extended LTE list (TLV 0x12),
 * else the 64-bit LTE mask (0x10); the NR list (0x13). */
void qmi_bands_caps(const struct qmi_msg *r, struct qmi_band_caps *out);
/* From a get-system-selection-preference answer: the kinds the modem
 * reported (extended LTE, else 64-bit LTE; NR NSA; NR SA) in out->given. */
void qmi_bands_enabled(const struct qmi_msg *r, struct band_sel *out);
/* Every band the lock names is supported? 0, or -1 with a sentence naming
 * the bands that are not ("LTE band 42 is not supported by this modem
 * (it has 1-3,7,20)"). */
int qmi_bands_check(const struct band_sel *sel, const struct qmi_band_caps *caps, char *why,
		    size_t cap);
/* Sets the kinds sel gives into a set-system-selection-preference
 * request: LTE as the extended mask when caps->lte_ext, else as the
 * 64-bit mask; NR as the NSA and SA masks. 0 or a CL_E_* error. */
int qmi_bands_fill_set(struct qmi_msg *m, const struct band_sel *sel, const struct qmi_band_caps *caps);
/* The unlock: every supported band of each kind the modem knows. */
void qmi_bands_all(const struct qmi_band_caps *caps, struct band_sel *out);

#endif
