/* MBIM decode throughput: a mix of Basic Connect answers and requests as a
 * modem session exchanges them, decoded (and reassembled, for the one that
 * arrives in fragments) over and over. Prints messages/s and MB/s.
 * usage: bench_mbim_decode [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mbim/mbim.h"

#define MAXM 16
static uint8_t msgs[MAXM][4096];
static size_t lens[MAXM];
static unsigned n_msgs;

static void add(int n)
{
	if (n > 0 && n_msgs < MAXM)
		lens[n_msgs++] = (size_t)n;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 200000;
	struct mbim_device_caps_info caps = { 1, 1, 1, 2, 0x3c, 3, 3, 8, "", "359072060000003",
		"SWI9X30C_02.24.05.06 r7040", "MC7455" };
	add(MBIM_DONE(msgs[n_msgs], 4096, 2, BASIC_CONNECT, DEVICE_CAPS, 0, &caps));
	const char *nums[] = { "+4915100000001" };
	struct mbim_subscriber_ready_status_info sub = { 1, "262010000012345", "8949010000000012342", 0, { 1, nums } };
	add(MBIM_DONE(msgs[n_msgs], 4096, 3, BASIC_CONNECT, SUBSCRIBER_READY_STATUS, 0, &sub));
	struct mbim_registration_state_info reg = { 0, 3, 1, 0x20, 1, "26201", "Telekom.de", "", 2 };
	add(MBIM_DONE(msgs[n_msgs], 4096, 4, BASIC_CONNECT, REGISTER_STATE, 0, &reg));
	struct mbim_signal_state_info sig = { 24, 99, 0, 0, 0xffffffff };
	add(MBIM_INDICATE(msgs[n_msgs], 4096, BASIC_CONNECT, SIGNAL_STATE, &sig));
	struct mbim_connect_set con = { 0, 1, "internet", "user", "secret", 0, 2, 3, mbim_context_internet };
	add(MBIM_SET(msgs[n_msgs], 4096, 5, BASIC_CONNECT, CONNECT, &con));
	struct mbim_ipv4_element v4 = { 30, { { 10, 42, 0, 2 } } };
	struct mbim_ipv6_element v6 = { 64, { { 0x20, 1, 0xd, 0xb8, 0, 0x42, [15] = 2 } } };
	struct mbim_ipv4 gw4 = { { { 10, 42, 0, 1 } } }, dns4[2] = { { { { 10, 42, 0, 53 } } }, { { { 10, 42, 0, 54 } } } };
	struct mbim_ipv6 gw6 = { { { 0x20, 1, 0xd, 0xb8, 0, 0x42, [15] = 1 } } };
	struct mbim_ip_configuration_info ip = { 0, 15, 15, { 1, &v4 }, { 1, &v6 }, &gw4, &gw6, { 2, dns4 },
						 { 0, NULL }, 1500, 1500 };
	add(MBIM_DONE(msgs[n_msgs], 4096, 6, BASIC_CONNECT, IP_CONFIGURATION, 0, &ip));
	static struct mbim_msg m;
	size_t bytes = 0;
	for (unsigned i = 0; i < n_msgs; i++)
		bytes += lens[i];
	double t0 = now();
	for (long r = 0; r < rounds; r++)
		for (unsigned i = 0; i < n_msgs; i++)
			if (mbim_decode(&m, msgs[i], lens[i], 0) != 0) {
				fprintf(stderr, "decode failed: %s\n", m.errtext);
				return 1;
			}
	double dt = now() - t0;
	double total = (double)rounds * n_msgs;
	printf("mbim decode: %u-message mix, %.0f messages in %.3f s: %.2f M messages/s, %.1f MB/s, %.0f ns/message\n",
	       n_msgs, total, dt, total / dt / 1e6, (double)rounds * (double)bytes / dt / 1e6, dt / total * 1e9);
	/* reassembly: the IP configuration answer in 64-byte transfers */
	static struct mbim_reasm ra;
	static uint8_t frag[8][64];
	int fl[8];
	size_t iplen = lens[n_msgs - 1];
	unsigned nf = mbim_fragment_count(iplen, 64);
	for (unsigned i = 0; i < nf && i < 8; i++)
		fl[i] = mbim_fragment(msgs[n_msgs - 1], iplen, 64, i, frag[i], 64);
	mbim_reasm_init(&ra);
	long rr = rounds / 4;
	t0 = now();
	for (long r = 0; r < rr; r++)
		for (unsigned i = 0; i < nf; i++) {
			const uint8_t *out;
			size_t ol;
			if (mbim_reasm_feed(&ra, frag[i], (size_t)fl[i], &out, &ol) < 0)
				return 1;
		}
	dt = now() - t0;
	printf("mbim reassembly: %u fragments of <= 64 bytes per message, %.2f M messages/s\n", nf, (double)rr / dt / 1e6);
	return 0;
}
