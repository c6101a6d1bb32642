/* The emulator's USB personalities (FunctionFS and gadgetfs) queue whole
 * packets per endpoint: a singly linked FIFO of copies, counted. The caller
 * does its own locking where threads share a queue. */
#ifndef CELLINK_SIM_USB_PKTQ_H
#define CELLINK_SIM_USB_PKTQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pkt {
	struct pkt *next;
	size_t len;
	uint8_t d[];
};

struct pktq {
	struct pkt *head, *tail;
	unsigned n;
};

/* A copy of d[0..len) (len may be 0: a zero-length packet); NULL when out
 * of memory. */
static inline struct pkt *pkt_new(const uint8_t *d, size_t len)
{
	struct pkt *p = malloc(sizeof(*p) + (len ? len : 1));
	if (!p)
		return NULL;
	p->next = NULL;
	p->len = len;
	if (len)
		memcpy(p->d, d, len);
	return p;
}

static inline void pktq_push(struct pktq *q, struct pkt *p)
{
	if (q->tail)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	q->n++;
}

/* The oldest packet, now the caller's to free; NULL when empty. */
static inline struct pkt *pktq_pop(struct pktq *q)
{
	struct pkt *p = q->head;
	if (!p)
		return NULL;
	q->head = p->next;
	if (!q->head)
		q->tail = NULL;
	q->n--;
	return p;
}

static inline void pktq_clear(struct pktq *q)
{
	struct pkt *p;
	while ((p = pktq_pop(q)))
		free(p);
}

#endif
