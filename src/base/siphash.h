/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * siphash: SipHash-2-4 (Aumasson and Bernstein) with a 128-bit key, over bytes read as
 * little-endian 64-bit words: the function the kernel's flow hashes use (lib/siphash.c),
 * so that pktpath picks the multipath next hop the kernel picks for the same seed.
 */
#ifndef PKTPATH_SIPHASH_H
#define PKTPATH_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t siphash24(const uint8_t *data, size_t len, uint64_t k0, uint64_t k1);

#endif
