/* The one back-off policy of cellink, used by the QMI connection engine and
 * the PPP dialer: bounded exponential with equal jitter. Attempt n (0-based)
 * has the step min * 2^n, never more than max; the delay is half the step
 * plus a random part of up to the other half, so routers that lost the
 * network together do not come back together, a retry never comes sooner
 * than half the step, and max really is the longest wait.
 *
 * The random number comes from the caller, so tests choose it. */
#ifndef CELLINK_COMMON_BACKOFF_H
#define CELLINK_COMMON_BACKOFF_H

#include <stdint.h>

/* The step for attempt n, without jitter. min 0 counts as 1 ms; max below
 * min counts as min. */
uint64_t backoff_step_ms(uint32_t min_ms, uint32_t max_ms, unsigned n);
/* The delay for attempt n: in [step / 2, step], rnd choosing where. */
uint64_t backoff_delay_ms(uint32_t min_ms, uint32_t max_ms, unsigned n, uint32_t rnd);
/* A small pseudo-random source (xorshift32) for the jitter: advances *state
 * (0 is taken as a fixed non-zero seed) and returns the new value. */
uint32_t backoff_random(uint32_t *state);

#endif
