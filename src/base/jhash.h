/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jhash: the kernel's jhash2() (include/linux/jhash.h), for the NAT address choice.
 */
#ifndef PKTPATH_JHASH_H
#define PKTPATH_JHASH_H

#include <stdint.h>

/* lookup3 over len 32-bit words of k, seeded with initval */
uint32_t jhash2(const uint32_t *k, uint32_t len, uint32_t initval);

#endif
