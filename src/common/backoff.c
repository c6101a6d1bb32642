#include "common/backoff.h"

uint64_t backoff_step_ms(uint32_t min_ms, uint32_t max_ms, unsigned n)
{
	uint64_t lo = min_ms ? min_ms : 1;
	uint64_t hi = max_ms > lo ? max_ms : lo;
	uint64_t d = lo;
	for (unsigned i = 0; i < n && d < hi; i++)
		d *= 2;
	return d < hi ? d : hi;
}

uint64_t backoff_delay_ms(uint32_t min_ms, uint32_t max_ms, unsigned n, uint32_t rnd)
{
	uint64_t step = backoff_step_ms(min_ms, max_ms, n);
	uint64_t half = step / 2;
	return step - half + rnd % (half + 1);
}

uint32_t backoff_random(uint32_t *state)
{
	uint32_t x = *state ? *state : 0x9e3779b9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}
