/* NAS answers and indications read into the monitor's model and the cells
 * report: signal info, RF bands, LTE carrier aggregation, cell location.
 * Pure: messages in, model or JSON out. */
#ifndef CELLINK_TOOL_RADIO_QMI_H
#define CELLINK_TOOL_RADIO_QMI_H

#include "common/strbuf.h"
#include "qmi/qmi.h"
#include "tool/monitor_model.h"

/* A signal-info indication or get-signal-info answer as a sample. */
void radio_signal_sample(const struct qmi_msg *m, struct mon_sample *out);
/* get-rf-band-information: band, channel and bandwidth per radio. */
void radio_rf_bands(const struct qmi_msg *m, struct mon_model *md);
/* get-lte-cphy-ca-info: the carrier-aggregation set (n_ca 0 without one). */
void radio_ca(const struct qmi_msg *m, struct mon_model *md);
/* get-cell-location-info: the serving cells' PCIs (and channels where the
 * band answer gave none). */
void radio_cell_ids(const struct qmi_msg *m, struct mon_model *md);

/* The cells report's members (no braces): "serving", "neighbours", "ca",
 * from get-cell-location-info and what radio_rf_bands and radio_ca put in
 * ctx (bands, bandwidths, the CA set; a model fresh from mon_init when
 * the modem gave none). */
void radio_cells_json(const struct qmi_msg *loc, const struct mon_model *ctx, struct strbuf *out);

/* The E-UTRA band of a downlink EARFCN (3GPP TS 36.101), 0 when unknown. */
unsigned radio_lte_band_of_earfcn(uint32_t earfcn);
/* "26201" from the 3 BCD bytes of a PLMN; false when they are not digits. */
bool radio_plmn_text(const uint8_t *bcd, size_t n, char out[8]);

#endif
