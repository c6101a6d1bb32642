/* libFuzzer target: what an MBIM device sends, into the MBIM client
 * (src/client/mbim_client.c) with an OPEN and three commands waiting for
 * their answers: cut into messages by the transport, fragments joined,
 * decoded, matched to their transactions or handed on as indications. The
 * input is split into reads of sizes it chooses itself. Every callback
 * must see a consistent answer, and each waiting request is answered at
 * most once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/mbim_client.h"
#include "common/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned answered[4];

static void on_resp(struct mbim_client *c, void *ud, int err, const struct mbim_msg *m)
{
	unsigned i = (unsigned)(uintptr_t)ud;
	if (i >= 4 || answered[i]++)
		abort();        /* a request answered twice */
	if (!err && (!m || m->type == MBIM_MESSAGE_TYPE_INDICATE_STATUS))
		abort();
	if (err == CL_E_PROTOCOL && (!m || m->type != MBIM_MESSAGE_TYPE_FUNCTION_ERROR))
		abort();
}

static void on_ind(struct mbim_client *c, void *ud, const struct mbim_msg *m)
{
	if (m->type != MBIM_MESSAGE_TYPE_INDICATE_STATUS)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct ev_loop loop;
	if (ev_loop_init(&loop) < 0)
		return 0;
	struct mbim_client *c = mbim_client_new(&loop);
	int sv[2];
	if (!c || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		mbim_client_free(c);
		ev_loop_free(&loop);
		return 0;
	}
	memset(answered, 0, sizeof answered);
	c->on_indication = on_ind;
	if (mbim_client_adopt(c, sv[0], "fuzz") == 0) {
		static uint8_t buf[512];
		static const struct mbim_empty none;
		int n = mbim_encode_open(buf, sizeof buf, mbim_client_txn(c), 4096);
		mbim_client_send(c, buf, (size_t)n, 1000, on_resp, (void *)(uintptr_t)0);
		n = MBIM_QUERY(buf, sizeof buf, mbim_client_txn(c), BASIC_CONNECT, DEVICE_CAPS, &none);
		mbim_client_send(c, buf, (size_t)n, 1000, on_resp, (void *)(uintptr_t)1);
		n = MBIM_QUERY(buf, sizeof buf, mbim_client_txn(c), BASIC_CONNECT, REGISTER_STATE, &none);
		mbim_client_send(c, buf, (size_t)n, 1000, on_resp, (void *)(uintptr_t)2);
		struct mbim_ip_configuration_info q;
		memset(&q, 0, sizeof q);
		n = MBIM_QUERY(buf, sizeof buf, mbim_client_txn(c), BASIC_CONNECT, IP_CONFIGURATION, &q);
		mbim_client_send(c, buf, (size_t)n, 1000, on_resp, (void *)(uintptr_t)3);
		/* the first byte seeds the read sizes */
		uint32_t seed = data[0] | 1u;
		data++;
		size--;
		while (size) {
			seed = seed * 1103515245u + 12345u;
			size_t k = 1 + (seed >> 16) % 300;
			if (k > size)
				k = size;
			mbim_client_input(c, data, k);
			data += k;
			size -= k;
		}
	} else {
		close(sv[0]);
	}
	mbim_client_free(c);    /* what is still waiting is cancelled, once */
	for (unsigned i = 0; i < 4; i++)
		if (answered[i] > 1)
			abort();
	close(sv[1]);
	ev_loop_free(&loop);
	return 0;
}
