/* cellink cells: the serving cells (LTE and 5G NR), the neighbours the
 * modem hears and the LTE carrier-aggregation set, from NAS
 * get-cell-location-info, with the bands and bandwidths of
 * get-rf-band-information and the set of get-lte-cphy-ca-info
 * (docs/toolbox.md). The last two are optional: a modem without them gives
 * the report without those details. */
#include <string.h>

#include "qmi/fields.h"
#include "qmi/ids.h"
#include "tool/monitor_model.h"
#include "tool/ops.h"
#include "tool/radio_qmi.h"
#include "tool/tool.h"

struct cells {
	struct mon_model ctx;   /* bands, bandwidths and the CA set */
	uint8_t cid;
};

static bool answered(int err, const struct qmi_msg *resp)
{
	return !err && resp && qmi_resp_result(resp) == 0;
}

static void on_loc(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct cells *c = tool_state(r);
	if (!tool_resp_ok(r, err, resp, "get-cell-location-info"))
		return;
	struct strbuf sb;
	sb_init(&sb);
	tool_json_begin(&sb);
	sb_putc(&sb, ',');
	radio_cells_json(resp, &c->ctx, &sb);
	tool_json_end(&sb);
	tool_done(r, &sb);
	sb_free(&sb);
}

static void ask_loc(struct tool_run *r)
{
	struct cells *c = tool_state(r);
	tool_msg(r, QMI_SVC_NAS, c->cid, QMI_NAS_GET_CELL_LOCATION_INFO);
	int e = tool_send(r, 5000, on_loc);
	if (e < 0)
		tool_fail(r, "get-cell-location-info: %s", tool_err_text(e, NULL));
}

static void on_ca(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct cells *c = tool_state(r);
	if (answered(err, resp))
		radio_ca(resp, &c->ctx);
	ask_loc(r);
}

static void on_rf(struct tool_run *r, int err, const struct qmi_msg *resp)
{
	struct cells *c = tool_state(r);
	if (answered(err, resp))
		radio_rf_bands(resp, &c->ctx);
	tool_msg(r, QMI_SVC_NAS, c->cid, QMI_NAS_GET_LTE_CPHY_CA_INFO);
	if (tool_send(r, 5000, on_ca) < 0)
		ask_loc(r);
}

static void with_nas(struct tool_run *r, int err, uint8_t cid)
{
	struct cells *c = tool_state(r);
	if (err) {
		tool_fail(r, "no NAS client: %s", tool_err_text(err, NULL));
		return;
	}
	c->cid = cid;
	tool_msg(r, QMI_SVC_NAS, cid, QMI_NAS_GET_RF_BAND_INFORMATION);
	if (tool_send(r, 5000, on_rf) < 0)
		ask_loc(r);
}

int tool_cells_start(struct tool_run *r, int argc, char **argv, char *why, size_t why_len)
{
	if (argc > 0) {
		snprintf(why, why_len, "cells: unknown argument '%s' (cells takes none)", argv[0]);
		return TOOL_E_USAGE;
	}
	struct cells *c = tool_state_new(r, sizeof(*c), NULL);
	if (!c) {
		snprintf(why, why_len, "cells: out of memory");
		return -12;
	}
	mon_init(&c->ctx);
	return tool_with_cid(r, QMI_SVC_NAS, with_nas);
}
