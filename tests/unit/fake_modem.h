/* A scripted modem for unit tests: holds the master side of a pty whose
 * slave the code under test opens as its control device. Reads requests,
 * writes responses and indications, all with a bound (no sleeps). */
#ifndef CELLINK_TESTS_FAKE_MODEM_H
#define CELLINK_TESTS_FAKE_MODEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/loop.h"
#include "qmi/qmi.h"

struct fake_modem {
	int master;
	char path[64];
	size_t len;
	uint8_t buf[65536 * 2];
};

int fake_modem_open(struct fake_modem *fm);
void fake_modem_close(struct fake_modem *fm);
/* Next request the client sent, decoded into m (frame kept in fm->buf
 * until the next call). While waiting, runs the loop when l != NULL.
 * Returns 0, or -1 after timeout_ms. */
int fake_modem_read(struct fake_modem *fm, struct ev_loop *l, struct qmi_msg *m, int timeout_ms);
/* Writes raw bytes / an encoded message to the client. */
void fake_modem_write(struct fake_modem *fm, const uint8_t *p, size_t n);
void fake_modem_send(struct fake_modem *fm, struct qmi_msg *m);
/* Starts a response to req (same service, client, txn, id; success). */
void fake_modem_reply_init(struct qmi_msg *resp, const struct qmi_msg *req);
/* Runs the loop until *flag becomes true or timeout_ms passes. */
bool pump_until(struct ev_loop *l, const volatile bool *flag, int timeout_ms);

#endif
