/* cellink-sim's MBIM personality driven in-process: a client on the pty's
 * other side opens with a small maximum control transfer, so answers come
 * in fragments and requests go in fragments; every wait is bounded and
 * driven by the emulator's loop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "mbim/mbim.h"
#include "sim/sim.h"
#include "sms/sms.h"

struct fx {
	struct sim *s;
	char dir[64];
	int fd;
	uint8_t in[8192];
	size_t len;
	unsigned frags_seen;    /* messages read, fragments counted one each */
	struct mbim_reasm r;
	struct mbim_msg m;
	struct mbim_txns t;
	uint8_t out[8192], frag[8192];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct sim *s = calloc(1, sizeof(*s));
	assert_non_null(f);
	assert_non_null(s);
	f->s = s;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_sim_mbim_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	s->port.master = s->port.slave = -1;
	snprintf(s->port.path, sizeof(s->port.path), "%s/cdc-wdm0", f->dir);
	snprintf(s->ifname, sizeof(s->ifname), "wwan0");
	s->prof = sim_profile_find("sierra-mc7455");
	assert_non_null(s->prof);
	sim_clients_init(&s->clients, 4);
	sim_modem_defaults(&s->m, s->prof);
	s->m.register_delay_ms = 0;
	s->reset_delay_ms = 50;
	sb_init(&s->logbuf);
	s->init = s->m;
	assert_int_equal(sim_mbim_enable(s), 0);
	assert_int_equal(ev_loop_init(&s->loop), 0);
	assert_int_equal(sim_port_open(s), 0);
	sim_start_registration(s);
	f->fd = open(s->port.path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	assert_true(f->fd >= 0);
	mbim_reasm_init(&f->r);
	mbim_txns_init(&f->t, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	close(f->fd);
	sim_port_close(s);
	ev_loop_free(&s->loop);
	sim_mbim_free(s);
	sb_free(&s->logbuf);
	rmdir(f->dir);
	free(s);
	free(f);
	return 0;
}

/* The next whole message within ms (fragments joined), decoded into f->m. */
static bool recv_msg(struct fx *f, int ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)ms;
	for (;;) {
		int n = mbim_msg_len(f->in, f->len);
		assert_true(n >= 0);
		if (n > 0 && (size_t)n <= f->len) {
			const uint8_t *msg;
			size_t ml;
			int r = mbim_reasm_feed(&f->r, f->in, (size_t)n, &msg, &ml);
			assert_true(r >= 0);
			f->frags_seen++;
			if (r == 1) {
				assert_int_equal(mbim_decode(&f->m, msg, ml, 0), 0);
				memmove(f->in, f->in + n, f->len - (size_t)n);
				f->len -= (size_t)n;
				return true;
			}
			memmove(f->in, f->in + n, f->len - (size_t)n);
			f->len -= (size_t)n;
			continue;
		}
		ssize_t k = read(f->fd, f->in + f->len, sizeof(f->in) - f->len);
		if (k > 0) {
			f->len += (size_t)k;
			continue;
		}
		uint64_t now = ev_now_ms();
		if (now >= end)
			return false;
		ev_run_once(&f->s->loop, (int)(end - now) < 5 ? (int)(end - now) : 5);
	}
}

/* Sends a whole message in fragments of at most max bytes, recorded as a
 * waiting transaction, and waits for its answer (matched by the table),
 * passing over indications. */
static void call(struct fx *f, int n, size_t max)
{
	assert_true(n > 0);
	assert_int_equal(mbim_txns_add(&f->t, f->out, (size_t)n, ev_now_ms() + 2000, f), 0);
	unsigned total = mbim_fragment_count((size_t)n, max);
	for (unsigned i = 0; i < total; i++) {
		int k = total == 1 ? n : mbim_fragment(f->out, (size_t)n, max, i, f->frag, sizeof(f->frag));
		assert_true(k > 0);
		assert_int_equal(write(f->fd, total == 1 ? f->out : f->frag, (size_t)k), k);
		ev_run_once(&f->s->loop, 0);
	}
	/* indications the request caused may come first */
	do
		assert_true(recv_msg(f, 2000));
	while (f->m.type == MBIM_MESSAGE_TYPE_INDICATE_STATUS);
	void *ud = NULL;
	assert_int_equal(mbim_txns_match(&f->t, &f->m, &ud), 0);
	assert_ptr_equal(ud, f);
}

static void fragments_both_ways(void **state)
{
	struct fx *f = *state;
	/* before OPEN a command is refused */
	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, DEVICE_CAPS, NULL), 4096);
	assert_int_equal(f->m.type, MBIM_MESSAGE_TYPE_FUNCTION_ERROR);
	assert_int_equal(f->m.error, MBIM_PROTOCOL_ERROR_NOT_OPENED);

	call(f, mbim_encode_open(f->out, sizeof(f->out), mbim_txns_next(&f->t), 64), 64);
	assert_int_equal(f->m.type, MBIM_MESSAGE_TYPE_OPEN_DONE);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);

	/* the caps answer is far beyond 64 bytes: it comes in fragments */
	unsigned before = f->frags_seen;
	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, DEVICE_CAPS, NULL), 64);
	assert_true(f->frags_seen - before > 2);
	const struct mbim_device_caps_info *c = MBIM_BODY(&f->m, device_caps_info);
	assert_non_null(c);
	assert_string_equal(c->device_id, f->s->prof->imei);
	assert_string_equal(c->hardware_info, f->s->prof->model);

	/* a connect sent in 64-byte fragments reaches the model */
	struct mbim_connect_set cs = { 0, MBIM_ACTIVATION_COMMAND_ACTIVATE, "internet", "", "", 0, 0,
				       MBIM_CONTEXT_IP_TYPE_IPV4V6, mbim_context_internet };
	int n = MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, CONNECT, &cs);
	assert_true(mbim_fragment_count((size_t)n, 64) > 1);
	call(f, n, 64);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
	const struct mbim_connect_info *ci = MBIM_BODY(&f->m, connect_info);
	assert_non_null(ci);
	assert_int_equal(ci->activation_state, MBIM_ACTIVATION_STATE_ACTIVATED);
	bool up = false;
	for (size_t i = 0; i < SIM_MAX_SESSIONS; i++)
		up |= f->s->m.sess[i].active;
	assert_true(up);

	/* the IP configuration, both families */
	struct mbim_ip_configuration_info q = { .session_id = 0 };
	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, IP_CONFIGURATION, &q), 64);
	const struct mbim_ip_configuration_info *ip = MBIM_BODY(&f->m, ip_configuration_info);
	assert_non_null(ip);
	assert_int_equal(ip->ipv4_address.n, 1);
	assert_int_equal(ip->ipv6_address.n, 1);
	assert_non_null(ip->ipv4_gateway);
	assert_int_equal(ip->ipv4_mtu, f->s->m.net.mtu);

	/* a fragment out of sequence is answered with FUNCTION_ERROR */
	n = MBIM_SET(f->out, sizeof(f->out), 4242, BASIC_CONNECT, CONNECT, &cs);
	int k = mbim_fragment(f->out, (size_t)n, 64, 1, f->frag, sizeof(f->frag));
	assert_int_equal(write(f->fd, f->frag, (size_t)k), k);
	assert_true(recv_msg(f, 2000));
	assert_int_equal(f->m.type, MBIM_MESSAGE_TYPE_FUNCTION_ERROR);
	assert_int_equal(f->m.txn, 4242);
	assert_int_equal(f->m.error, MBIM_PROTOCOL_ERROR_FRAGMENT_OUT_OF_SEQUENCE);

	/* disconnect, close */
	cs.activation_command = MBIM_ACTIVATION_COMMAND_DEACTIVATE;
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, CONNECT, &cs), 64);
	assert_int_equal(MBIM_BODY(&f->m, connect_info)->activation_state, MBIM_ACTIVATION_STATE_DEACTIVATED);
	call(f, mbim_encode_close(f->out, sizeof(f->out), mbim_txns_next(&f->t)), 64);
	assert_int_equal(f->m.type, MBIM_MESSAGE_TYPE_CLOSE_DONE);
	assert_int_equal(f->t.n, 0);
}

static void pin_locked_sim(void **state)
{
	struct fx *f = *state;
	snprintf(f->s->m.pin, sizeof(f->s->m.pin), "1234");
	f->s->m.pin_enabled = true;
	sim_set_card(f->s, SIM_CARD_PIN);
	call(f, mbim_encode_open(f->out, sizeof(f->out), mbim_txns_next(&f->t), 4096), 4096);
	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, SUBSCRIBER_READY_STATUS,
			   NULL), 4096);
	assert_int_equal(MBIM_BODY(&f->m, subscriber_ready_status_info)->ready_state, MBIM_READY_STATE_DEVICE_LOCKED);
	unsigned left = f->s->m.pin_retries;
	struct mbim_pin_set ps = { MBIM_PIN_TYPE_PIN1, MBIM_PIN_OPERATION_ENTER, "0000", NULL };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, PIN, &ps), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_FAILURE);
	const struct mbim_pin_info *pi = MBIM_BODY(&f->m, pin_info);
	assert_non_null(pi);
	assert_int_equal(pi->pin_state, MBIM_PIN_STATE_LOCKED);
	assert_int_equal(pi->remaining_attempts, left - 1);
	ps.pin = "1234";
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, PIN, &ps), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
	assert_int_equal(MBIM_BODY(&f->m, pin_info)->pin_state, MBIM_PIN_STATE_UNLOCKED);
	assert_int_equal(f->s->m.card, SIM_CARD_READY);
	/* an unknown CID of a known service */
	call(f, mbim_encode_raw(f->out, sizeof(f->out), MBIM_MESSAGE_TYPE_COMMAND, mbim_txns_next(&f->t),
				&mbim_service(MBIM_SERVICE_BASIC_CONNECT)->uuid, 99, 0, NULL, 0), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_NO_DEVICE_SUPPORT);
}

/* The next message within ms must be an INDICATE_STATUS of cid. */
static void expect_indication(struct fx *f, uint32_t cid)
{
	assert_true(recv_msg(f, 2000));
	assert_int_equal(f->m.type, MBIM_MESSAGE_TYPE_INDICATE_STATUS);
	assert_int_equal(f->m.cid, cid);
}

static void indications(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	/* nothing is announced before OPEN */
	s->m.rssi = -91;
	sim_signal_changed(s);
	assert_false(recv_msg(f, 50));
	call(f, mbim_encode_open(f->out, sizeof(f->out), mbim_txns_next(&f->t), 4096), 4096);
	sim_signal_changed(s);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_SIGNAL_STATE);
	assert_int_equal(MBIM_BODY(&f->m, signal_state_info)->rssi, 11);

	struct mbim_connect_set cs = { 0, MBIM_ACTIVATION_COMMAND_ACTIVATE, "internet", "", "", 0, 0,
				       MBIM_CONTEXT_IP_TYPE_IPV4, mbim_context_internet };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, CONNECT, &cs), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
	/* the network goes: registration, packet service and the session */
	sim_set_registration(s, SIM_REG_SEARCHING);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_REGISTER_STATE);
	assert_int_equal(MBIM_BODY(&f->m, registration_state_info)->register_state, MBIM_REGISTER_STATE_SEARCHING);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_PACKET_SERVICE);
	assert_int_equal(MBIM_BODY(&f->m, packet_service_info)->packet_service_state,
			 MBIM_PACKET_SERVICE_STATE_DETACHED);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_CONNECT);
	assert_int_equal(MBIM_BODY(&f->m, connect_info)->activation_state, MBIM_ACTIVATION_STATE_DEACTIVATED);
	/* the SIM goes */
	sim_set_card(s, SIM_CARD_ABSENT);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_SUBSCRIBER_READY_STATUS);
	assert_int_equal(MBIM_BODY(&f->m, subscriber_ready_status_info)->ready_state,
			 MBIM_READY_STATE_SIM_NOT_INSERTED);
	/* a deactivation the host asks for is answered, not announced */
	sim_set_card(s, SIM_CARD_READY);
	while (recv_msg(f, 100))
		;       /* the indications of the SIM's return and registration */
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, CONNECT, &cs), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
	cs.activation_command = MBIM_ACTIVATION_COMMAND_DEACTIVATE;
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, CONNECT, &cs), 4096);
	assert_int_equal(f->m.type, MBIM_MESSAGE_TYPE_COMMAND_DONE);
	assert_false(recv_msg(f, 50));
}

/* Microsoft's Basic Connect Extensions: system caps and the one slot,
 * LTE attach configuration kept per roaming condition and reported by
 * LTE attach info (announced on a registration change once the host
 * subscribed to the service), provisioned contexts v2 from the APNs. */
static void ms_extensions(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	call(f, mbim_encode_open(f->out, sizeof(f->out), mbim_txns_next(&f->t), 4096), 4096);
#define Q(CID) call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), MS_BASIC_CONNECT_EXTENSIONS, CID, NULL), 4096)
#define S(CID, b) call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), MS_BASIC_CONNECT_EXTENSIONS, CID, b), 4096)
	Q(SYS_CAPS);
	const struct mbim_ms_sys_caps_info *sc = MBIM_BODY(&f->m, ms_sys_caps_info);
	assert_non_null(sc);
	assert_int_equal(sc->number_of_executors, 1);
	assert_int_equal(sc->number_of_slots, 1);
	assert_true(sc->modem_id == 359072060000003ull);        /* the profile's IMEI */

	Q(DEVICE_SLOT_MAPPINGS);
	assert_int_equal(MBIM_BODY(&f->m, ms_device_slot_mappings)->slot_map.n, 1);
	struct mbim_ms_slot slot1 = { 1 }, slot0 = { 0 };
	struct mbim_ms_device_slot_mappings sm = { { 1, &slot1 } };
	S(DEVICE_SLOT_MAPPINGS, &sm);
	assert_int_equal(f->m.status, MBIM_STATUS_INVALID_PARAMETERS);
	sm.slot_map.v = &slot0;
	S(DEVICE_SLOT_MAPPINGS, &sm);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);

	Q(LTE_ATTACH_CONFIGURATION);
	const struct mbim_ms_lte_attach_configuration_info *lc = MBIM_BODY(&f->m, ms_lte_attach_configuration_info);
	assert_non_null(lc);
	assert_int_equal(lc->configurations.n, 3);
	assert_string_equal(lc->configurations.v[0].access_string, "internet");
	assert_int_equal(lc->configurations.v[0].source, MBIM_CONTEXT_SOURCE_MODEM);
	struct mbim_ms_lte_attach_context c[2] = {
		{ MBIM_CONTEXT_IP_TYPE_IPV6, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_HOME, MBIM_CONTEXT_SOURCE_USER,
		  "ims.example", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE },
		{ MBIM_CONTEXT_IP_TYPE_IPV4, MBIM_LTE_ATTACH_CONTEXT_ROAMING_CONTROL_HOME, MBIM_CONTEXT_SOURCE_USER,
		  "twice", "", "", MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_NONE },
	};
	struct mbim_ms_lte_attach_configuration_set ls = { MBIM_LTE_ATTACH_CONTEXT_OPERATION_DEFAULT, { 2, c } };
	S(LTE_ATTACH_CONFIGURATION, &ls);               /* home twice: refused */
	assert_int_equal(f->m.status, MBIM_STATUS_INVALID_PARAMETERS);
	ls.configurations.n = 1;
	S(LTE_ATTACH_CONFIGURATION, &ls);
	lc = MBIM_BODY(&f->m, ms_lte_attach_configuration_info);
	assert_string_equal(lc->configurations.v[0].access_string, "ims.example");
	assert_int_equal(lc->configurations.v[0].ip_type, MBIM_CONTEXT_IP_TYPE_IPV6);
	assert_string_equal(lc->configurations.v[1].access_string, "internet");   /* partner: the default */

	Q(LTE_ATTACH_INFO);
	const struct mbim_ms_lte_attach_info *li = MBIM_BODY(&f->m, ms_lte_attach_info);
	assert_int_equal(li->lte_attach_state, MBIM_LTE_ATTACH_STATE_ATTACHED);
	assert_string_equal(li->access_string, "ims.example");

	/* not subscribed: Basic Connect's indications only */
	sim_set_registration(s, SIM_REG_SEARCHING);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_REGISTER_STATE);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_PACKET_SERVICE);
	assert_false(recv_msg(f, 50));
	struct mbim_event_entry ev = { mbim_service(MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS)->uuid, { 0, NULL } };
	struct mbim_event_list el = { { 1, &ev } };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), BASIC_CONNECT, DEVICE_SERVICE_SUBSCRIBE_LIST,
			 &el), 4096);
	sim_set_registration(s, SIM_REG_HOME);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_REGISTER_STATE);
	expect_indication(f, MBIM_CID_BASIC_CONNECT_PACKET_SERVICE);
	expect_indication(f, MBIM_CID_MS_BASIC_CONNECT_EXTENSIONS_LTE_ATTACH_INFO);
	assert_int_equal(f->m.svc->id, MBIM_SERVICE_MS_BASIC_CONNECT_EXTENSIONS);
	assert_int_equal(MBIM_BODY(&f->m, ms_lte_attach_info)->lte_attach_state, MBIM_LTE_ATTACH_STATE_ATTACHED);

	Q(PROVISIONED_CONTEXTS);
	const struct mbim_ms_provisioned_contexts_info *pc = MBIM_BODY(&f->m, ms_provisioned_contexts_info);
	assert_non_null(pc);
	uint32_t before = pc->contexts.n;
	assert_true(before >= 1);
	assert_string_equal(pc->contexts.v[0].access_string, "internet");
	struct mbim_ms_provisioned_contexts_set ps = { MBIM_CONTEXT_OPERATION_DEFAULT, mbim_context_internet,
		MBIM_CONTEXT_IP_TYPE_IPV4, MBIM_CONTEXT_STATE_ENABLED, MBIM_CONTEXT_ROAMING_CONTROL_ALLOW_ALL,
		MBIM_CONTEXT_MEDIA_TYPE_CELLULAR_ONLY, MBIM_CONTEXT_SOURCE_USER, "new.example", "u", "p",
		MBIM_COMPRESSION_NONE, MBIM_AUTH_PROTOCOL_CHAP };
	S(PROVISIONED_CONTEXTS, &ps);
	pc = MBIM_BODY(&f->m, ms_provisioned_contexts_info);
	assert_int_equal(pc->contexts.n, before + 1);
	assert_string_equal(pc->contexts.v[before].access_string, "new.example");
	assert_int_equal(pc->contexts.v[before].ip_type, MBIM_CONTEXT_IP_TYPE_IPV4);
	assert_int_equal(pc->contexts.v[before].auth_protocol, MBIM_AUTH_PROTOCOL_CHAP);
	ps.operation = MBIM_CONTEXT_OPERATION_DELETE;
	S(PROVISIONED_CONTEXTS, &ps);
	assert_int_equal(f->m.status, MBIM_STATUS_NO_DEVICE_SUPPORT);
#undef Q
#undef S
}

/* MBIM's SMS and USSD services on the store the QMI side uses: a stored
 * message is announced (MESSAGE_STORE_STATUS, new message, its index),
 * read by index (new, then old), counted by the store status, deleted;
 * a PDU that is no SMS-SUBMIT is refused; a USSD code is answered in
 * GSM 7-bit with the table's text. */
static void sms_and_ussd(void **state)
{
	struct fx *f = *state;
	struct sim *s = f->s;
	call(f, mbim_encode_open(f->out, sizeof(f->out), mbim_txns_next(&f->t), 4096), 4096);
	while (recv_msg(f, 50))
		;       /* registration's indications */
	struct strbuf sb;
	sb_init(&sb);
	char *argv[] = { "sms-deliver", "+4917012345", "hello", "storage=nv" };
	assert_int_equal(sim_sms_deliver_command(s, 4, argv, &sb), 0);
	sb_free(&sb);
	expect_indication(f, MBIM_CID_SMS_MESSAGE_STORE_STATUS);
	const struct mbim_sms_store_status_info *si = MBIM_BODY(&f->m, sms_store_status_info);
	assert_non_null(si);
	assert_int_equal(si->flag, MBIM_SMS_STATUS_FLAG_NEW_MESSAGE);
	uint32_t index = si->message_index;
	assert_int_equal(index, SIM_SMS_SLOTS + 1);     /* nv, slot 0 */

	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, MESSAGE_STORE_STATUS, NULL), 4096);
	assert_int_equal(MBIM_BODY(&f->m, sms_store_status_info)->message_index, index);
	struct mbim_sms_read_query rq = { MBIM_SMS_FORMAT_PDU, MBIM_SMS_FLAG_INDEX, index };
	for (int round = 0; round < 2; round++) {
		call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, READ, &rq), 4096);
		assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
		const struct mbim_sms_read_info *ri = MBIM_BODY(&f->m, sms_read_info);
		assert_non_null(ri);
		assert_int_equal(ri->messages.n, 1);
		assert_int_equal(ri->messages.v[0].message_status, round ? MBIM_SMS_STATUS_OLD : MBIM_SMS_STATUS_NEW);
		static struct sms_msg m;
		char why[120];
		assert_int_equal(sms_decode(ri->messages.v[0].pdu.p, ri->messages.v[0].pdu.n, &m, why, sizeof why), 0);
		assert_string_equal(m.text, "hello");
		assert_string_equal(m.addr, "+4917012345");
	}
	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, MESSAGE_STORE_STATUS, NULL), 4096);
	assert_int_equal(MBIM_BODY(&f->m, sms_store_status_info)->flag, 0);

	struct mbim_sms_delete_set ds = { MBIM_SMS_FLAG_INDEX, index };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, DELETE, &ds), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
	assert_false(s->sms.store[1][0].used);
	call(f, MBIM_QUERY(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, READ, &rq), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_INVALID_MEMORY_INDEX);

	static const uint8_t junk[] = { 0x00, 0x04, 0x00 };
	struct mbim_sms_send_set ss = { MBIM_SMS_FORMAT_PDU, { { junk, sizeof junk } } };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, SEND, &ss), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_INVALID_PARAMETERS);
	struct sms_pdu part;
	char why[120];
	assert_int_equal(sms_encode_submit("+491701234567", "hi", 1, &part, 1, why, sizeof why), 1);
	ss.pdu_message.pdu = (struct mbim_bytes){ part.b, (uint32_t)part.len };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), SMS, SEND, &ss), 4096);
	assert_int_equal(f->m.status, MBIM_STATUS_SUCCESS);
	assert_int_equal(s->sms.n_sent, 1);

	uint8_t code[32], dcs = 0;
	int n = sms_ussd_encode("*100#", code, sizeof code, &dcs);
	assert_int_equal(dcs, SMS_USSD_DCS_GSM7);
	struct mbim_ussd_set us = { MBIM_USSD_ACTION_INITIATE, dcs, { code, (uint32_t)n } };
	call(f, MBIM_SET(f->out, sizeof(f->out), mbim_txns_next(&f->t), USSD, USSD, &us), 4096);
	const struct mbim_ussd_info *ui = MBIM_BODY(&f->m, ussd_info);
	assert_non_null(ui);
	assert_int_equal(ui->response, MBIM_USSD_RESPONSE_NO_ACTION_REQUIRED);
	char text[200];
	assert_true(sms_ussd_decode((uint8_t)ui->data_coding_scheme, ui->payload.p, ui->payload.n, text,
				    sizeof text) > 0);
	assert_string_equal(text, "Your balance is 12.50 EUR. Valid until 31.12.2026.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fragments_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(pin_locked_sim, setup, teardown),
		cmocka_unit_test_setup_teardown(indications, setup, teardown),
		cmocka_unit_test_setup_teardown(ms_extensions, setup, teardown),
		cmocka_unit_test_setup_teardown(sms_and_ussd, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
