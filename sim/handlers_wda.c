/* WDA: the link-layer data format. A profile lists the formats its
 * firmware supports; asking for another one gets the supported one back
 * (an MC7455 answers raw-ip to a request for 802-3). */
#include "qmi/ids.h"
#include "sim/sim.h"

static void format_answer(struct sim_call *c)
{
	rs_uint(c, "qos-format", 0);
	rs_uint(c, "link-layer-protocol", c->s->m.link_layer);
	rs_uint(c, "uplink-data-aggregation-protocol", 0);
	rs_uint(c, "downlink-data-aggregation-protocol", 0);
	rs_uint(c, "ndp-signature", 0);
	rs_uint(c, "downlink-data-aggregation-max-datagrams", 1);
	rs_uint(c, "downlink-data-aggregation-max-size", 0);
}

static int set_data_format(struct sim_call *c)
{
	uint64_t ll;
	if (rq_uint(c, "link-layer-protocol", 0x11, &ll)) {
		if (ll < 32 && (c->s->prof->link_layers & (1u << ll)))
			c->s->m.link_layer = (unsigned)ll;
		else
			c->s->m.link_layer = c->s->prof->default_link_layer;
	}
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
