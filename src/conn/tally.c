/* Data counters over the life of a process (tally.h). */
#include "conn/tally.h"

#include <string.h>

static uint64_t sub(uint64_t a, uint64_t b)
{
	return a >= b ? a - b : 0;
}

static void add_since(struct conn_counters *to, const struct conn_counters *now, const struct conn_counters *base)
{
	to->rx_packets += sub(now->rx_packets, base->rx_packets);
	to->tx_packets += sub(now->tx_packets, base->tx_packets);
	to->rx_bytes += sub(now->rx_bytes, base->rx_bytes);
	to->tx_bytes += sub(now->tx_bytes, base->tx_bytes);
}

static bool went_down(const struct conn_counters *now, const struct conn_counters *before)
{
	return now->rx_packets < before->rx_packets || now->tx_packets < before->tx_packets ||
	       now->rx_bytes < before->rx_bytes || now->tx_bytes < before->tx_bytes;
}

void conn_tally_sample(struct conn_tally *t, const struct conn_counters *now)
{
	if (t->in_session && went_down(now, &t->last)) {
		add_since(&t->done, &t->last, &t->base);        /* a new session began */
		memset(&t->base, 0, sizeof(t->base));
	}
	t->last = *now;
	t->in_session = true;
}

void conn_tally_end(struct conn_tally *t)
{
	if (t->in_session)
		add_since(&t->done, &t->last, &t->base);
	memset(&t->last, 0, sizeof(t->last));
	memset(&t->base, 0, sizeof(t->base));
	t->in_session = false;
}

void conn_tally_reset(struct conn_tally *t, const struct conn_counters *now)
{
	if (now)
		conn_tally_sample(t, now);
	memset(&t->done, 0, sizeof(t->done));
	t->base = t->in_session ? t->last : (struct conn_counters){ 0, 0, 0, 0 };
}

void conn_tally_get(const struct conn_tally *t, struct conn_counters *session, struct conn_counters *total)
{
	struct conn_counters s = { 0, 0, 0, 0 };
	if (t->in_session)
		add_since(&s, &t->last, &t->base);
	if (session)
		*session = s;
	if (total) {
		*total = t->done;
		add_since(total, &s, &(struct conn_counters){ 0, 0, 0, 0 });
	}
}
