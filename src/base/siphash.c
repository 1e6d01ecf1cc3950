/* SPDX-License-Identifier: GPL-2.0-only */
/* siphash: see siphash.h. Written from the SipHash paper's description. */
#include "siphash.h"

static uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static uint64_t le64(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

struct sip {
	uint64_t v0, v1, v2, v3;
};

static void sipround(struct sip *s)
{
	s->v0 += s->v1;
	s->v1 = rotl(s->v1, 13) ^ s->v0;
	s->v0 = rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl(s->v3, 16) ^ s->v2;
	s->v0 += s->v3;
	s->v3 = rotl(s->v3, 21) ^ s->v0;
	s->v2 += s->v1;
	s->v1 = rotl(s->v1, 17) ^ s->v2;
	s->v2 = rotl(s->v2, 32);
}

static void compress(struct sip *s, uint64_t m)
{
	s->v3 ^= m;
	sipround(s);
	sipround(s);
	s->v0 ^= m;
}

uint64_t siphash24(const uint8_t *data, size_t len, uint64_t k0, uint64_t k1)
{
	struct sip s = { 0x736f6d6570736575ULL ^ k0, 0x646f72616e646f6dULL ^ k1,
			 0x6c7967656e657261ULL ^ k0, 0x7465646279746573ULL ^ k1 };
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		compress(&s, le64(data + i, 8));
	/* the last word: the remaining bytes, the length in the top byte */
	compress(&s, le64(data + i, len - i) | (uint64_t)len << 56);
	s.v2 ^= 0xff;
	for (int r = 0; r < 4; r++)
		sipround(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}
