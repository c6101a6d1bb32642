/* WDA: the link-layer data format. A profile lists the formats its
 * firmware supports; asking for another one gets the supported one back
 * (an MC7455 answers raw-ip to a request for 802-3). QMAP aggregation is
 * taken over raw-ip (not with --no-qmap: then "disabled" comes back). */
#include <string.h>

#include "qmi/ids.h"
#include "sim/sim.h"

/* The answer of set-data-format and get-data-format: the same fields. */
#define FORMAT_ANSWER(msg)                                                                   \
	do {                                                                                 \
		rs_uint(c, QMIF_WDA_##msg##_RS_QOS_FORMAT, 0);                               \
		rs_uint(c, QMIF_WDA_##msg##_RS_LINK_LAYER_PROTOCOL, c->s->m.link_layer);     \
		rs_text(c, QMIF_WDA_##msg##_RS_UPLINK_DATA_AGGREGATION_PROTOCOL, agg);       \
		rs_text(c, QMIF_WDA_##msg##_RS_DOWNLINK_DATA_AGGREGATION_PROTOCOL, agg);     \
		rs_uint(c, QMIF_WDA_##msg##_RS_NDP_SIGNATURE, 0);                            \
		rs_uint(c, QMIF_WDA_##msg##_RS_DOWNLINK_DATA_AGGREGATION_MAX_DATAGRAMS, 1);  \
		rs_uint(c, QMIF_WDA_##msg##_RS_DOWNLINK_DATA_AGGREGATION_MAX_SIZE, 0);       \
	} while (0)

static bool is_qmap(struct sim_call *c, struct qmi_fh h)
{
	const struct qmi_val *v = qmi_fget(c->req, h);
	const struct qmi_enum *e = v ? qmi_field_enum(v->f) : NULL;
	const char *n = e ? qmi_enum_name(e, (uint32_t)v->u) : NULL;
	return n && !strcmp(n, "qmap");
}

static void format_answer(struct sim_call *c)
{
	const char *agg = c->s->m.qmap ? "qmap" : "disabled";
	if (c->rsp->id == QMI_WDA_SET_DATA_FORMAT)
		FORMAT_ANSWER(SET_DATA_FORMAT);
	else
		FORMAT_ANSWER(GET_DATA_FORMAT);
}

static int set_data_format(struct sim_call *c)
{
	uint64_t ll;
	if (rq_uint(c, QMIF_WDA_SET_DATA_FORMAT_RQ_LINK_LAYER_PROTOCOL, &ll)) {
		if (ll < 32 && (c->s->prof->link_layers & (1u << ll)))
			c->s->m.link_layer = (unsigned)ll;
		else
			c->s->m.link_layer = c->s->prof->default_link_layer;
	}
	/* QMAP both ways over raw-ip, unless the firmware has none (--no-qmap) */
	c->s->m.qmap = !c->s->no_qmap && c->s->m.link_layer == 2 &&
		       is_qmap(c, QMIF_WDA_SET_DATA_FORMAT_RQ_UPLINK_DATA_AGGREGATION_PROTOCOL) &&
		       is_qmap(c, QMIF_WDA_SET_DATA_FORMAT_RQ_DOWNLINK_DATA_AGGREGATION_PROTOCOL);
	format_answer(c);
	return 0;
}

static int get_data_format(struct sim_call *c)
{
	format_answer(c);
	return 0;
}

static const struct sim_handler handlers[] = {
	{ QMI_WDA_SET_DATA_FORMAT, set_data_format },
	{ QMI_WDA_GET_DATA_FORMAT, get_data_format },
};

const struct sim_handler_table sim_handlers_wda = { QMI_SVC_WDA, handlers,
						     sizeof(handlers) / sizeof(handlers[0]) };
