/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jhash: jhash2(), Bob Jenkins' lookup3 over 32-bit words, as include/linux/jhash.h has
 * it (the kernel's NAT picks an address of a range with it).
 */
#include "base/jhash.h"

static uint32_t rol32(uint32_t w, unsigned s)
{
	return (w << s) | (w >> (32 - s));
}

uint32_t jhash2(const uint32_t *k, uint32_t len, uint32_t initval)
{
	uint32_t a, b, c;

	a = b = c = 0xdeadbeefu + (len << 2) + initval;
	while (len > 3) {
		a += k[0], b += k[1], c += k[2];
		a -= c, a ^= rol32(c, 4), c += b;
		b -= a, b ^= rol32(a, 6), a += c;
		c -= b, c ^= rol32(b, 8), b += a;
		a -= c, a ^= rol32(c, 16), c += b;
		b -= a, b ^= rol32(a, 19), a += c;
		c -= b, c ^= rol32(b, 4), b += a;
		len -= 3, k += 3;
	}
	switch (len) {
	case 3:
		c += k[2];
		/* fall through */
	case 2:
		b += k[1];
		/* fall through */
	case 1:
		a += k[0];
		c ^= b, c -= rol32(b, 14);
		a ^= c, a -= rol32(c, 11);
		b ^= a, b -= rol32(a, 25);
		c ^= b, c -= rol32(b, 16);
		a ^= c, a -= rol32(c, 4);
		b ^= a, b -= rol32(a, 14);
		c ^= b, c -= rol32(b, 24);
		break;
	default:
		break;
	}
	return c;
}
