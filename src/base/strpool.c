/* SPDX-License-Identifier: GPL-2.0-only */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CHUNK_MIN ((size_t)16 << 10)

struct strpool_chunk {
	struct strpool_chunk *next;
	size_t used, size;
	char data[];
};

void strpool_init(struct strpool *p)
{
	memset(p, 0, sizeof(*p));
}

static void chunks_free(struct strpool_chunk *c)
{
	while (c) {
		struct strpool_chunk *next = c->next;

		free(c);
		c = next;
	}
}

void strpool_release(struct strpool *p)
{
	chunks_free(p->chunks);
	free(p->slots);
	strpool_init(p);
}

void strpool_reset(struct strpool *p)
{
	struct strpool_chunk *keep = p->chunks;

	if (!keep)
		return;
	chunks_free(keep->next);
	keep->next = NULL;
	keep->used = 0;
	if (p->slots)
		memset(p->slots, 0, p->nslots * sizeof(*p->slots));
	p->count = 0;
	p->bytes = sizeof(*keep) + keep->size + p->nslots * sizeof(*p->slots);
}

uint32_t strpool_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void grow(struct strpool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 256;
	const char **slots = xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < p->nslots; i++) {
		const char *s = p->slots[i];
		size_t j;

		if (!s)
			continue;
		j = strpool_hash(s, strlen(s)) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = s;
	}
	p->bytes += (n - p->nslots) * sizeof(*slots);
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
}

static char *store(struct strpool *p, const char *s, size_t n)
{
	struct strpool_chunk *c = p->chunks;
	char *d;

	if (!c || c->size - c->used < n + 1) {
		size_t size = n + 1 > CHUNK_MIN ? n + 1 : CHUNK_MIN;

		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = p->chunks;
		p->chunks = c;
		p->bytes += sizeof(*c) + size;
	}
	d = c->data + c->used;
	memcpy(d, s, n);
	d[n] = '\0';
	c->used += n + 1;
	return d;
}

const char *strpool_addn(struct strpool *p, const char *s, size_t n)
{
	size_t j;

	if (!s || n == 0)
		return "";
	if ((p->count + 1) * 4 > p->nslots * 3)
		grow(p);
	j = strpool_hash(s, n) & (p->nslots - 1);
	for (; p->slots[j]; j = (j + 1) & (p->nslots - 1))
		if (strncmp(p->slots[j], s, n) == 0 && p->slots[j][n] == '\0')
			return p->slots[j];
	p->slots[j] = store(p, s, n);
	p->count++;
	return p->slots[j];
}

const char *strpool_add(struct strpool *p, const char *s)
{
	return strpool_addn(p, s, s ? strlen(s) : 0);
}
