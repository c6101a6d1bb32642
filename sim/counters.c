/* Data counters that follow the data plane: each session counts its own
 * family's packets and bytes (dataplane_pkt.c splits IPv4 from IPv6) from
 * the moment it started, as a modem counts per call. */
#include <string.h>

#include "qmi/errors.h"
#include "qmi/fields.h"
#include "sim/sim.h"

void sim_counts_now(struct sim *s, unsigned family, struct sim_counts *out)
{
	sim_wire_counters(s);
	const struct sim_modem *m = &s->m;
	if (family == 6) {
		*out = m->v6;
		return;
	}
	*out = (struct sim_counts){
		m->tx_packets >= m->v6.tx_packets ? m->tx_packets - m->v6.tx_packets : 0,
		m->tx_bytes >= m->v6.tx_bytes ? m->tx_bytes - m->v6.tx_bytes : 0,
		m->rx_packets >= m->v6.rx_packets ? m->rx_packets - m->v6.rx_packets : 0,
		m->rx_bytes >= m->v6.rx_bytes ? m->rx_bytes - m->v6.rx_bytes : 0,
	};
}

static uint64_t since(uint64_t now, uint64_t base)
{
	return now >= base ? now - base : 0;
}

static void session_counts(struct sim *s, const struct sim_session *ss, struct sim_counts *out)
{
	struct sim_counts now;
	sim_counts_now(s, ss->family, &now);
	out->tx_packets = since(now.tx_packets, ss->base.tx_packets);
	out->tx_bytes = since(now.tx_bytes, ss->base.tx_bytes);
	out->rx_packets = since(now.rx_packets, ss->base.rx_packets);
	out->rx_bytes = since(now.rx_bytes, ss->base.rx_bytes);
}

void sim_counters_session_start(struct sim *s, struct sim_session *ss)
{
	sim_counts_now(s, ss->family, &ss->base);
	memset(&ss->last, 0, sizeof(ss->last));
}

void sim_counters_session_end(struct sim *s, struct sim_session *ss)
{
	session_counts(s, ss, &ss->last);
	s->m.last_call = ss->last;
}

int sim_wds_packet_statistics(struct sim_call *c)
{
	struct sim_modem *m = &c->s->m;
	const struct sim_session *ss = sim_session_of(m, c->cl->cid);
	for (size_t i = 0; i < SIM_MAX_SESSIONS && !ss; i++)
		if (m->sess[i].active)
			ss = &m->sess[i];       /* a client without a call of its own sees the modem's */
	if (!ss) {
		rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_TX_BYTES_OK, m->last_call.tx_bytes);
		rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_LAST_CALL_RX_BYTES_OK, m->last_call.rx_bytes);
		c->rsp->status = 1;     /* an error that carries these TLVs */
		c->rsp->error = QMI_ERR_OUT_OF_CALL;
		return 0;
	}
	struct sim_counts n;
	session_counts(c->s, ss, &n);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_OK, n.tx_packets);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_OK, n.rx_packets);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_ERROR, 0);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_ERROR, 0);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_OVERFLOWS, 0);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_OVERFLOWS, 0);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_BYTES_OK, n.tx_bytes);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_BYTES_OK, n.rx_bytes);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_TX_PACKETS_DROPPED, 0);
	rs_uint(c, QMIF_WDS_GET_PACKET_STATISTICS_RS_RX_PACKETS_DROPPED, 0);
	return 0;
}
