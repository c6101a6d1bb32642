/* libFuzzer target: what an MBIM device sends to a QMI client carried over
 * MBIM (src/client/qmi_mbim.c): the device's answer to the question of its
 * services first (the input's first byte says which: QMI listed, QMI left
 * out, a status, or none at all so the input's own bytes answer), then
 * the rest of the input as the device's bytes, in reads of sizes it
 * chooses, while a CTL allocation and two QMI requests wait. QMUX frames
 * inside QMI-service COMMAND_DONEs and INDICATE_STATUS go to the QMI
 * client. Every QMI callback runs at most once, the adapter's ready
 * callback at most once, and nothing crashes or leaks.
 * Transaction ids are fixed: 1 the device-services query, 2 the CID
 * allocation, 3 and 4 the requests (seeds in fuzz/corpus/qmi_mbim). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/qmi_mbim.h"
#include "common/err.h"
#include "qmi/ids.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned answered[3], ready_calls, inds;

static void on_ready(struct qmi_mbim *t, void *ud, int err, const char *why)
{
	if (ready_calls++ || (err && !why))
		abort();
}

static void on_cid(struct qmi_client *c, void *ud, int err, uint8_t cid, uint16_t qerr)
{
	if (answered[0]++)
		abort();
}

static void on_resp(struct qmi_client *c, void *ud, int err, const struct qmi_msg *resp)
{
	unsigned i = (unsigned)(uintptr_t)ud;
	if (i < 1 || i > 2 || answered[i]++)
		abort();
	if (!err && !resp)
		abort();
}

static void on_ind(struct qmi_client *c, void *ud, const struct qmi_msg *m)
{
	inds++;
}

static void feed(struct mbim_client *mc, uint32_t seed, const uint8_t *data, size_t size)
{
	while (size) {
		seed = seed * 1103515245u + 12345u;
		size_t k = 1 + (seed >> 16) % 300;
		if (k > size)
			k = size;
		mbim_client_input(mc, data, k);
		data += k;
		size -= k;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct ev_loop loop;
	if (ev_loop_init(&loop) < 0)
		return 0;
	struct mbim_client *mc = mbim_client_new(&loop);
	struct qmi_client *qc = calloc(1, sizeof(*qc));
	struct qmi_mbim *t = calloc(1, sizeof(*t));
	int sv[2];
	if (!mc || !qc || !t || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		mbim_client_free(mc);
		free(qc);
		free(t);
		ev_loop_free(&loop);
		return 0;
	}
	memset(answered, 0, sizeof answered);
	ready_calls = inds = 0;
	qmi_client_init(qc, &loop);
	qmi_mbim_init(t);
	if (mbim_client_adopt(mc, sv[0], "fuzz") == 0 && qmi_mbim_start(t, mc, qc, on_ready, NULL) == 0) {
		uint8_t mode = data[0];
		data++;
		size--;
		static uint8_t buf[1024];
		static const uint32_t cids[] = { 1 };
		struct mbim_device_service_element el[2] = {
			{ mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid, 0, 0, { 1, cids } },
			{ mbim_service(MBIM_SERVICE_QMI)->uuid, 0, 0, { 1, cids } },
		};
		struct mbim_device_services_info ds = { 0, 0, { (mode & 3) == 1 ? 1u : 2u, el } };
		int n = 0;
		if ((mode & 3) == 0 || (mode & 3) == 1)
			n = MBIM_DONE(buf, sizeof buf, 1, BASIC_CONNECT, DEVICE_SERVICES, MBIM_STATUS_SUCCESS, &ds);
		else if ((mode & 3) == 2)
			n = MBIM_DONE(buf, sizeof buf, 1, BASIC_CONNECT, DEVICE_SERVICES, MBIM_STATUS_FAILURE, NULL);
		if (n > 0)
			mbim_client_input(mc, buf, (size_t)n);
		if (qmi_mbim_ready(t)) {
			qmi_client_alloc_cid(qc, QMI_SVC_NAS, NULL, on_cid, NULL);
			static struct qmi_msg m;
			qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_REQUEST, 0, QMI_NAS_GET_SERVING_SYSTEM);
			qmi_client_request(qc, &m, NULL, on_resp, (void *)(uintptr_t)1);
			qmi_msg_init(&m, QMI_SVC_NAS, 1, QMI_REQUEST, 0, QMI_NAS_GET_SIGNAL_INFO);
			qmi_client_request(qc, &m, NULL, on_resp, (void *)(uintptr_t)2);
			qmi_client_on_indication(qc, QMI_SVC_NAS, QMI_NAS_GET_SERVING_SYSTEM, on_ind, NULL);
		}
		feed(mc, mode | 1u, data, size);
	} else {
		close(sv[0]);
	}
	qmi_mbim_stop(t);               /* the QMI requests still waiting: cancelled, once */
	mbim_client_free(mc);           /* the MBIM ones too */
	for (unsigned i = 0; i < 3; i++)
		if (answered[i] > 1)
			abort();
	if (ready_calls > 1)
		abort();
	close(sv[1]);
	free(qc);
	free(t);
	ev_loop_free(&loop);
	return 0;
}
