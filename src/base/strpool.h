/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * strpool: interned strings. Each distinct string is stored once, in chunks that never
 * move, so a pointer strpool_add() returned stays valid until strpool_reset() or
 * strpool_release(). The trace keeps its events' names and sentences here, so an event
 * holds pointers instead of fixed arrays and a repeated sentence costs its bytes once.
 */
#ifndef PKTPATH_STRPOOL_H
#define PKTPATH_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

struct strpool_chunk;

struct strpool {
	struct strpool_chunk *chunks; /* newest first */
	const char **slots;	      /* open addressing, NULL = empty; nslots a power of 2 */
	size_t nslots, count;
	size_t bytes; /* chunk and slot memory held */
};

void strpool_init(struct strpool *p);
void strpool_release(struct strpool *p);
/* Forgets every string; pointers handed out before become invalid. Keeps one chunk. */
void strpool_reset(struct strpool *p);
/* The pooled copy of s ("" for NULL or empty: a static string, never pooled). */
const char *strpool_add(struct strpool *p, const char *s);
/* Same for the n bytes at s (no NUL among them). */
const char *strpool_addn(struct strpool *p, const char *s, size_t n);

/* FNV-1a of the n bytes at s. */
uint32_t strpool_hash(const char *s, size_t n);

#endif
