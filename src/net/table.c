/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * table: the routes of one routing table.
 *
 * A table answers three questions: the aliases of an exact prefix (every route change
 * and every step of a longest-prefix lookup asks it), the prefix lengths present (so a
 * lookup probes only those), and all routes in the kernel's dump order (ip route show,
 * the TUI, the netlink adapter).
 *
 * - Prefixes live in an open-addressing hash keyed by (dst, plen), linear probing,
 *   deletion by backward shift (no tombstones), load at most 1/2. Each slot keeps its
 *   key, so a probe touches one cache line before the hit. A kernel dump arrives in
 *   order, so its new prefixes are known new without a probe: they wait in a pending
 *   list and enter the hash together on its next use, their slots prefetched a group
 *   at a time (a 1M-route import and its first screen: ~0.2 s less, 27 MB less until a
 *   route changes). Lookups in a table with a trie need no hash.
 * - A prefix's aliases are a singly linked list in A5 order (tos descending, priority
 *   ascending, then insertion order as the NLM_F_* flags place it).
 * - The dump order is an array of prefix heads: [0, nsorted) sorted by (dst ascending,
 *   plen descending), then prefixes added since, unsorted; a removed prefix leaves
 *   NULL. table_first() sorts the tail and merges: O(n + k log k), and O(k) when the
 *   tail arrived in order (a kernel dump, a sorted load).
 * - Routes are allocated in chunks and never move while they are in the table, so a
 *   route pointer stays valid until that route is removed.
 * - Longest-prefix match: a small table probes the hash once per prefix length it holds
 *   (a handful). From DIR_AFTER prefixes on, a table also keeps a three-level multibit
 *   trie with strides 16, 8 and 8 (as DIR-16-8-8 or the kernel's level-compressed
 *   fib_trie near its root): one 8-byte entry per 16-bit, then 8-bit, slice of the
 *   address, holding the longest prefix of that level that covers the slice (its length
 *   and its first alias's id) and the index of the next level's block. A lookup reads at
 *   most three entries, then the route itself: no hash probe. Ids name a route's place
 *   in the route chunks, which never move, so nothing in the trie changes when the hash
 *   grows; when a prefix's first alias changes, its entries are rewritten. Why this and
 *   not a path-compressed binary trie: on a full Internet table that walks ~20 dependent
 *   cache lines per lookup; here the first level (512 KiB) stays in cache and a /24
 *   costs one more line. Why not DIR-24-8: its 64 MiB first level per table would be
 *   paid by every big table of every host. Updates expand a prefix over the entries of
 *   its own level only (at most 2^15 for a /1, 128 below /17), never into child blocks,
 *   so adding or removing a prefix costs O(2^(level end - plen)) and no rebuild.
 *   Backtracking to shorter prefixes (A3: a prefix whose aliases all fail) takes the
 *   probing path from the failed length down.
 * - One lookup in a full table waits for two cache misses in a row (the trie block, the
 *   route), about 150 ns each on this VM. table_prefetch() walks the same path for up
 *   to 64 addresses at once, stage by stage, so their misses overlap; `pktpath run`
 *   calls it for the `ip route get` lines it has read ahead (tests/bench: ~55 ns a
 *   lookup instead of ~200).
 * Adding or removing a route costs O(1) expected plus the prefix's alias count. This
 * replaced one sorted array per table, whose insertion moved half the table: loading
 * routes in random order was quadratic (400k routes: 22 s).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "net/model.h"

/* Route chunks: small ones first; big tables get chunks of 2 MiB in huge pages. A
 * route's id is its chunk's index times 2^ID_SHIFT plus its place in the chunk. */
enum { CHUNK_ROUTES = 256, BIG_CHUNK_ROUTES = (2 << 20) / sizeof(struct route), BIG_AFTER = 16 };
enum { ID_SHIFT = 15 };
_Static_assert(BIG_CHUNK_ROUTES <= 1 << ID_SHIFT && CHUNK_ROUTES <= 1 << ID_SHIFT,
	       "a chunk's routes fit in an id's low bits");
#define HUGE_PAGE ((size_t)2 << 20)

struct slot {
	uint32_t dst;
	uint8_t plen;
	bool used;
	struct route *head;
};

/* The trie (see above). An entry: in m, bits 0-5 the longest covering prefix length of
 * the entry's level plus one (0: none), bits 6-31 the next level's block (0: none; block
 * 0 is never used); in id, that prefix's first alias (struct route's id). Level 1 holds
 * /0-/16, level 2 /17-/24, level 3 /25-/32. */
enum { DIR_AFTER = 256, DIR_L1 = 1 << 16, DIR_BLK = 256, DIR_PLEN = 63, DIR_SHIFT = 6 };

struct dent {
	uint32_t m, id;
};
/* table_prefetch works on tables from this size: below it their hash and routes take a
 * megabyte or two, which the lookups keep in the cache */
enum { PREFETCH_MIN_PREFIXES = 1 << 14 };

struct dir {
	struct dent *l1;  /* DIR_L1 entries */
	struct dent *blk; /* nblk blocks of DIR_BLK entries */
	size_t nblk, blk_cap;
	/* per block: the prefixes of its level inside it plus its child blocks; a block
	 * whose count falls to 0 is all zero, unlinked and kept in free for reuse (a /25
	 * added and removed again leaves no block behind) */
	uint32_t *cnt;
	uint32_t *free;
	size_t nfree, free_cap;
};

struct rtab {
	struct dir *dir; /* NULL below DIR_AFTER prefixes */
	struct slot *hash;
	size_t hcap, nprefix; /* hcap: 0 or a power of two */
	struct route **ord;
	size_t nord, nsorted, ndead, ocap;
	uint32_t plen_count[33];
	uint64_t plens;
	/* per length, a one-hash Bloom filter of the prefixes that length has had since it
	 * was last empty (bit seen_bit(prefix)): a probe whose bit is clear is skipped. A
	 * host's local table, probed beside main on every lookup, holds a few /32s and a
	 * /8: most lookups then probe nothing there. */
	uint64_t seen[33];
	/* New prefixes a kernel dump appends in order go to pending, not to the hash: the
	 * hash's next use (slot_find) takes them in all at once, prefetching, where a probe
	 * per route waited for a cache miss each (importing 1M routes: ~0.15 s). While
	 * unordered is false, every prefix came after all the others (last_dst/last_plen
	 * is the greatest) and none was removed, so one that sorts after it is new. */
	struct route **pending; /* first aliases; none changes while it is pending */
	size_t npending, pending_cap;
	bool unordered;
	uint32_t last_dst;
	uint8_t last_plen;
	struct route **chunks;
	size_t nchunks, chunk_cap, chunk_used; /* chunk_used: routes taken from the last chunk */
	struct route *free_routes;	       /* linked by ->next */
};

/* Zeroed memory; from 2 MiB up aligned to huge pages, which the kernel is asked to use:
 * a lookup in a big table touches two random cache lines, and without huge pages each
 * also costs a TLB miss. */
static void *big_calloc(size_t size)
{
	void *p;

	if (size < HUGE_PAGE)
		return xcalloc(1, size);
	size = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	p = aligned_alloc(HUGE_PAGE, size);
	if (!p)
		return xcalloc(1, size);
	madvise(p, size, MADV_HUGEPAGE);
	memset(p, 0, size);
	return p;
}

static struct rtab *rtab(struct table *t)
{
	if (!t->x)
		t->x = xcalloc(1, sizeof(*t->x));
	return t->x;
}

void table_free(struct table *t)
{
	struct rtab *x = t->x;

	if (!x)
		return;
	for (size_t i = 0; i < x->nchunks; i++)
		free(x->chunks[i]);
	free(x->chunks);
	if (x->dir) {
		free(x->dir->l1);
		free(x->dir->blk);
		free(x->dir->cnt);
		free(x->dir->free);
		free(x->dir);
	}
	free(x->hash);
	free(x->pending);
	free(x->ord);
	free(x);
	t->x = NULL;
	t->n = 0;
}

/* ---- route storage ---- */

/* A free route, its id set. */
static struct route *route_alloc(struct rtab *x)
{
	struct route *r = x->free_routes;

	if (r) {
		x->free_routes = r->next;
		return r;
	}
	if (x->nchunks == 0 ||
	    x->chunk_used == (x->nchunks > BIG_AFTER ? BIG_CHUNK_ROUTES : CHUNK_ROUTES)) {
		vec_reserve((void **)&x->chunks, &x->chunk_cap, x->nchunks + 1, sizeof(*x->chunks));
		/* a big chunk is a whole huge page: 32,768 routes of 64 bytes */
		x->chunks[x->nchunks] = x->nchunks >= BIG_AFTER
						? big_calloc(HUGE_PAGE)
						: xmalloc(CHUNK_ROUTES * sizeof(struct route));
		x->nchunks++;
		x->chunk_used = 0;
	}
	r = &x->chunks[x->nchunks - 1][x->chunk_used];
	r->id = (uint32_t)(x->nchunks - 1) << ID_SHIFT | (uint32_t)x->chunk_used++;
	return r;
}

static struct route *route_of(const struct rtab *x, uint32_t id)
{
	return &x->chunks[id >> ID_SHIFT][id & ((1u << ID_SHIFT) - 1)];
}

static void route_release(struct rtab *x, struct route *r)
{
	uint32_t id = r->id;

	memset(r, 0, sizeof(*r));
	r->id = id;
	r->next = x->free_routes;
	x->free_routes = r;
}

/* *r = *v, keeping what table.c keeps in r */
static void route_assign(struct route *r, const struct route *v)
{
	uint32_t ord = r->ord, id = r->id;
	struct route *next = r->next;

	*r = *v;
	r->ord = ord;
	r->id = id;
	r->next = next;
}

/* ---- the prefix hash ---- */

static size_t slot_hash(uint32_t dst, int plen)
{
	uint32_t k = dst ^ ((uint32_t)plen * 0x9e3779b9u);

	/* murmur3's finaliser: consecutive /24s spread over the whole table */
	k ^= k >> 16;
	k *= 0x85ebca6bu;
	k ^= k >> 13;
	k *= 0xc2b2ae35u;
	k ^= k >> 16;
	return k;
}

static void hash_sync(struct rtab *x);

static struct slot *slot_find(struct rtab *x, uint32_t dst, int plen)
{
	size_t mask, i;

	if (!x)
		return NULL;
	if (x->npending)
		hash_sync(x);
	if (x->hcap == 0)
		return NULL;
	mask = x->hcap - 1;
	for (i = slot_hash(dst, plen) & mask; x->hash[i].used; i = (i + 1) & mask)
		if (x->hash[i].dst == dst && x->hash[i].plen == plen)
			return &x->hash[i];
	return NULL;
}

static void slot_put(struct rtab *x, uint32_t dst, int plen, struct route *head)
{
	size_t mask = x->hcap - 1, i;

	for (i = slot_hash(dst, plen) & mask; x->hash[i].used; i = (i + 1) & mask)
		;
	x->hash[i] = (struct slot){ dst, (uint8_t)plen, true, head };
}

static void hash_grow(struct rtab *x)
{
	struct slot *old = x->hash;
	size_t ocap = x->hcap;

	x->hcap = ocap ? ocap * 2 : 16;
	x->hash = big_calloc(x->hcap * sizeof(*x->hash));
	for (size_t i = 0; i < ocap; i++)
		if (old[i].used)
			slot_put(x, old[i].dst, old[i].plen, old[i].head);
	free(old);
}

/* The pending prefixes into the hash, their home slots fetched a group at a time */
static void hash_sync(struct rtab *x)
{
	enum { GROUP = 16 };
	size_t n = x->npending;

	x->npending = 0;
	while (x->nprefix * 2 > x->hcap)
		hash_grow(x);
	for (size_t i = 0; i < n; i += GROUP) {
		size_t end = i + GROUP < n ? i + GROUP : n;

		for (size_t k = i; k < end; k++)
			__builtin_prefetch(
				&x->hash[slot_hash(x->pending[k]->dst, x->pending[k]->plen) &
					 (x->hcap - 1)]);
		for (size_t k = i; k < end; k++)
			slot_put(x, x->pending[k]->dst, x->pending[k]->plen, x->pending[k]);
	}
}

/* backward-shift deletion: every later slot of the run moves up if its home allows */
static void slot_remove(struct rtab *x, struct slot *s)
{
	size_t mask = x->hcap - 1, i = (size_t)(s - x->hash), j = i;

	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (!x->hash[j].used)
			break;
		home = slot_hash(x->hash[j].dst, x->hash[j].plen) & mask;
		/* j's entry may move to i when its home is not in (i, j] (cyclically) */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		x->hash[i] = x->hash[j];
		i = j;
	}
	x->hash[i].used = false;
	x->hash[i].head = NULL;
}

/* ---- the trie ---- */

/* the child block of entry base[i], created if missing (a free one, or a new one) */
static uint32_t dir_child(struct dir *d, struct dent *base, size_t i)
{
	uint32_t c = base[i].m >> DIR_SHIFT;

	if (c)
		return c;
	if (d->nfree) {
		c = d->free[--d->nfree];
	} else {
		/* block 0 means "none"; at most one block per /16 and per /24: 2^16 + 2^24 +
		 * 1 blocks, which 26 bits hold */
		if (d->nblk == 0)
			d->nblk = 1;
		c = (uint32_t)d->nblk++;
	}
	if (d->nblk * DIR_BLK > d->blk_cap) {
		/* doubling into fresh huge-page memory (big_calloc zeroes it): the blocks of a
		 * full table span tens of MiB, read at random */
		size_t cap = d->blk_cap ? d->blk_cap * 2 : 64 * DIR_BLK;
		struct dent *n = big_calloc(cap * sizeof(*n));

		if (d->blk)
			memcpy(n, d->blk, d->blk_cap * sizeof(*n));
		if (base != d->l1)
			base = n + (base - d->blk);
		free(d->blk);
		d->blk = n;
		d->cnt = xrealloc(d->cnt, cap / DIR_BLK * sizeof(*d->cnt));
		memset(d->cnt + d->blk_cap / DIR_BLK, 0,
		       (cap - d->blk_cap) / DIR_BLK * sizeof(*d->cnt));
		d->blk_cap = cap;
	}
	base[i].m = (base[i].m & DIR_PLEN) | c << DIR_SHIFT;
	if (base != d->l1)
		d->cnt[(size_t)(base - d->blk) / DIR_BLK]++;
	return c;
}

/* Block c, under entry *parent, has nothing left: zeroed, unlinked and kept for reuse
 * (the caller counts the child its parent block loses). */
static void dir_drop(struct dir *d, uint32_t c, struct dent *parent)
{
	memset(d->blk + (size_t)c * DIR_BLK, 0, DIR_BLK * sizeof(*d->blk));
	parent->m &= DIR_PLEN;
	vec_reserve((void **)&d->free, &d->free_cap, d->nfree + 1, sizeof(*d->free));
	d->free[d->nfree++] = c;
}

/* A prefix of length plen (17-32) inside dst's block is gone: that block, and then its
 * parent, is dropped when nothing is left in it. */
static void dir_release(struct dir *d, uint32_t dst, int plen)
{
	struct dent *e1 = &d->l1[dst >> 16];
	uint32_t c2 = e1->m >> DIR_SHIFT;
	struct dent *e2 = &d->blk[(size_t)c2 * DIR_BLK + (dst >> 8 & 0xff)];

	if (plen > 24) {
		uint32_t c3 = e2->m >> DIR_SHIFT;

		if (--d->cnt[c3] != 0)
			return;
		dir_drop(d, c3, e2);
	}
	if (--d->cnt[c2] == 0)
		dir_drop(d, c2, e1);
}

void host_tables_settle(struct host *h)
{
	for (size_t i = 0; i < h->ntables; i++)
		if (h->tables[i].x && h->tables[i].x->npending)
			hash_sync(h->tables[i].x);
}

size_t table_trie_blocks(const struct table *t)
{
	const struct dir *d = t->x ? t->x->dir : NULL;

	return d && d->nblk ? d->nblk - 1 - d->nfree : 0;
}

/* The entries prefix dst/plen spans at its level: *n of them from the returned pointer;
 * NULL when its block does not exist and create is false. */
static struct dent *dir_span(struct dir *d, uint32_t dst, int plen, bool create, size_t *n)
{
	uint32_t c;

	if (plen <= 16) {
		*n = (size_t)1 << (16 - plen);
		return d->l1 + (dst >> 16);
	}
	if (!create && !(d->l1[dst >> 16].m >> DIR_SHIFT))
		return NULL;
	c = dir_child(d, d->l1, dst >> 16);
	if (plen <= 24) {
		*n = (size_t)1 << (24 - plen);
		return d->blk + (size_t)c * DIR_BLK + (dst >> 8 & 0xff);
	}
	if (!create && !(d->blk[(size_t)c * DIR_BLK + (dst >> 8 & 0xff)].m >> DIR_SHIFT))
		return NULL;
	c = dir_child(d, d->blk + (size_t)c * DIR_BLK, dst >> 8 & 0xff);
	*n = (size_t)1 << (32 - plen);
	return d->blk + (size_t)c * DIR_BLK + (dst & 0xff);
}

/* a new prefix dst/plen whose first alias is route id */
static void dir_add(struct dir *d, uint32_t dst, int plen, uint32_t id)
{
	size_t n;
	struct dent *e = dir_span(d, dst, plen, true, &n);
	uint32_t v = (uint32_t)plen + 1;

	if (plen > 16)
		d->cnt[(size_t)(e - d->blk) / DIR_BLK]++;
	for (size_t i = 0; i < n; i++)
		if ((e[i].m & DIR_PLEN) < v) {
			e[i].m = (e[i].m & ~(uint32_t)DIR_PLEN) | v;
			e[i].id = id;
		}
}

/* Sets the entries of prefix dst/plen (those it is the longest of at its level) to
 * length v - 1 (0: none) and first alias id: after a change of its first alias (v is
 * plen + 1), or its removal (v the replacement's). */
static void dir_set(struct dir *d, uint32_t dst, int plen, uint32_t v, uint32_t id)
{
	size_t n;
	struct dent *e = dir_span(d, dst, plen, false, &n);
	uint32_t own = (uint32_t)plen + 1;

	if (!e)
		return;
	for (size_t i = 0; i < n; i++)
		if ((e[i].m & DIR_PLEN) == own) {
			e[i].m = (e[i].m & ~(uint32_t)DIR_PLEN) | v;
			e[i].id = id;
		}
}

/* dst/plen is gone from the hash: its entries fall back to the longest shorter prefix
 * of the same level that covers it (one for the whole span), and its block is given
 * back when nothing is left in it */
static void dir_remove(struct rtab *x, uint32_t dst, int plen)
{
	int lo = plen <= 16 ? 0 : plen <= 24 ? 17 : 25, p;

	for (p = plen - 1; p >= lo; p--) {
		const struct slot *s;

		if ((x->plens >> p & 1) && (s = slot_find(x, dst & ip_mask(p), p))) {
			dir_set(x->dir, dst, plen, (uint32_t)p + 1, s->head->id);
			break;
		}
	}
	if (p < lo)
		dir_set(x->dir, dst, plen, 0, 0);
	if (plen > 16)
		dir_release(x->dir, dst, plen);
}

static void dir_build(struct rtab *x)
{
	struct dir *d = xcalloc(1, sizeof(*d));

	d->l1 = big_calloc(DIR_L1 * sizeof(*d->l1));
	x->dir = d;
	for (size_t i = 0; i < x->nord; i++) /* every prefix's first alias, pending ones too */
		if (x->ord[i])
			dir_add(d, x->ord[i]->dst, x->ord[i]->plen, x->ord[i]->id);
}

/* the longest prefix in the trie covering addr: its first alias and length (*plen), or
 * NULL */
static struct route *dir_lookup(const struct rtab *x, uint32_t addr, int *plen)
{
	const struct dir *d = x->dir;
	struct dent e = d->l1[addr >> 16], best = e;

	if (e.m >> DIR_SHIFT) {
		e = d->blk[(size_t)(e.m >> DIR_SHIFT) * DIR_BLK + (addr >> 8 & 0xff)];
		if (e.m & DIR_PLEN)
			best = e;
		if (e.m >> DIR_SHIFT) {
			e = d->blk[(size_t)(e.m >> DIR_SHIFT) * DIR_BLK + (addr & 0xff)];
			if (e.m & DIR_PLEN)
				best = e;
		}
	}
	if (!(best.m & DIR_PLEN))
		return NULL;
	*plen = (int)(best.m & DIR_PLEN) - 1;
	return route_of(x, best.id);
}

/* ---- prefixes ---- */

static int prefix_cmp(const struct route *a, const struct route *b)
{
	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen > b->plen ? -1 : 1;
	return 0;
}

static void set_ord(struct route *head, uint32_t ord)
{
	for (struct route *r = head; r; r = r->next)
		r->ord = ord;
}

/* a prefix's bit in its length's filter (multiplicative hashing: the top 6 bits) */
static inline uint64_t seen_bit(uint32_t dst)
{
	return 1ull << ((dst * 0x9e3779b97f4a7c15ull) >> 58);
}

/* a new prefix whose first alias is head; pending (see struct rtab) when lazy */
static void prefix_add(struct rtab *x, struct route *head, bool lazy)
{
	if (lazy) {
		vec_reserve((void **)&x->pending, &x->pending_cap, x->npending + 1,
			    sizeof(*x->pending));
		x->pending[x->npending++] = head;
	} else {
		if ((x->nprefix + 1) * 2 > x->hcap)
			hash_grow(x);
		slot_put(x, head->dst, head->plen, head);
	}
	if (x->nprefix > 0 &&
	    (head->dst < x->last_dst || (head->dst == x->last_dst && head->plen >= x->last_plen)))
		x->unordered = true;
	x->last_dst = head->dst;
	x->last_plen = head->plen;
	x->nprefix++;
	if (x->plen_count[head->plen]++ == 0) {
		x->plens |= 1ull << head->plen;
		x->seen[head->plen] = 0;
	}
	x->seen[head->plen] |= seen_bit(head->dst);
	vec_reserve((void **)&x->ord, &x->ocap, x->nord + 1, sizeof(*x->ord));
	head->ord = (uint32_t)x->nord;
	x->ord[x->nord++] = head;
	if (x->dir)
		dir_add(x->dir, head->dst, head->plen, head->id);
	else if (x->nprefix >= DIR_AFTER)
		dir_build(x);
}

static void prefix_remove(struct rtab *x, struct slot *s, uint32_t ord)
{
	int plen = s->plen;
	uint32_t dst = s->dst;

	x->ord[ord] = NULL;
	x->ndead++;
	slot_remove(x, s);
	x->nprefix--;
	x->unordered = x->nprefix > 0;
	if (--x->plen_count[plen] == 0)
		x->plens &= ~(1ull << plen);
	if (x->dir)
		dir_remove(x, dst, plen);
}

struct route *table_prefix(const struct table *t, uint32_t dst, int plen)
{
	const struct slot *s = slot_find(t->x, dst, plen);

	return s ? s->head : NULL;
}

uint64_t table_plens(const struct table *t)
{
	return t->x ? t->x->plens : 0;
}

struct route *table_longest(const struct table *t, uint32_t addr, int maxplen, int *plen)
{
	struct rtab *x = t->x; /* its hash may take its pending prefixes in */
	const struct slot *s;
	uint64_t plens;

	if (!x || maxplen < 0)
		return NULL;
	if (x->dir && maxplen >= 32)
		return dir_lookup(x, addr, plen);
	plens = x->plens & (maxplen >= 32 ? ~0ull : (2ull << maxplen) - 1);
	while (plens) {
		int p = 63 - __builtin_clzll(plens);
		uint32_t dst = addr & ip_mask(p);

		plens &= ~(1ull << p);
		if ((x->seen[p] & seen_bit(dst)) && (s = slot_find(x, dst, p))) {
			*plen = p;
			return s->head;
		}
	}
	return NULL;
}

bool table_big(const struct table *t)
{
	return t->x && t->x->dir && t->x->nprefix >= PREFETCH_MIN_PREFIXES;
}

/* A software pipeline over the addresses: each stage issues the loads of every address
 * before the next stage reads any of them, so up to n cache misses are in flight at once
 * instead of one lookup's in a row. Stages: the level-2 entry, the level-3 entry, the
 * winning prefix's first alias. */
void table_prefetch(const struct table *t, const uint32_t *addr, size_t n)
{
	const struct rtab *x = t->x;
	const struct dent *at[TABLE_PREFETCH_MAX];
	struct dent best[TABLE_PREFETCH_MAX];
	size_t i;

	if (!table_big(t))
		return;
	if (n > TABLE_PREFETCH_MAX)
		n = TABLE_PREFETCH_MAX;
	for (i = 0; i < n; i++) {
		struct dent e = x->dir->l1[addr[i] >> 16];

		best[i] = e;
		at[i] = e.m >> DIR_SHIFT ? x->dir->blk + (size_t)(e.m >> DIR_SHIFT) * DIR_BLK +
						   (addr[i] >> 8 & 0xff)
					 : NULL;
		if (at[i])
			__builtin_prefetch(at[i]);
	}
	for (int level = 2; level <= 3; level++)
		for (i = 0; i < n; i++) {
			struct dent e;

			if (!at[i])
				continue;
			e = *at[i];
			if (e.m & DIR_PLEN)
				best[i] = e;
			at[i] = level == 2 && e.m >> DIR_SHIFT
					? x->dir->blk + (size_t)(e.m >> DIR_SHIFT) * DIR_BLK +
						  (addr[i] & 0xff)
					: NULL;
			if (at[i])
				__builtin_prefetch(at[i]);
		}
	for (i = 0; i < n; i++)
		if (best[i].m & DIR_PLEN) {
			const struct route *r = route_of(x, best[i].id);

			/* both lines a route in a small chunk may straddle */
			__builtin_prefetch(r);
			__builtin_prefetch((const char *)r + sizeof(*r) - 1);
		}
}

/* ---- dump order ---- */

static int head_cmp(const void *a, const void *b)
{
	return prefix_cmp(*(struct route *const *)a, *(struct route *const *)b);
}

static void order_sync(struct rtab *x)
{
	size_t tail = x->nord - x->nsorted, n, i, j, k;
	struct route **t, **out;

	if (tail == 0 && x->ndead == 0)
		return;
	/* the tail without removed prefixes, sorted */
	t = x->ord + x->nsorted;
	for (i = j = 0; i < tail; i++)
		if (t[i])
			t[j++] = t[i];
	tail = j;
	for (i = 1; i < tail && prefix_cmp(t[i - 1], t[i]) < 0; i++)
		;
	if (i < tail)
		qsort(t, tail, sizeof(*t), head_cmp);
	if (x->ndead == 0 &&
	    (x->nsorted == 0 || tail == 0 || prefix_cmp(x->ord[x->nsorted - 1], t[0]) < 0)) {
		/* already in order after the sorted part: only the tail's slots move */
		for (i = 0; i < tail; i++) {
			x->ord[x->nsorted + i] = t[i];
			set_ord(t[i], (uint32_t)(x->nsorted + i));
		}
		x->nsorted = x->nord = x->nsorted + tail;
		return;
	}
	n = x->nprefix;
	out = xmalloc((n ? n : 1) * sizeof(*out));
	for (i = 0, j = 0, k = 0; i < x->nsorted || j < tail;) {
		struct route *a = NULL;

		while (i < x->nsorted && !x->ord[i])
			i++;
		if (i < x->nsorted && (j == tail || prefix_cmp(x->ord[i], t[j]) < 0))
			a = x->ord[i++];
		else if (j < tail)
			a = t[j++];
		else
			break;
		set_ord(a, (uint32_t)k);
		out[k++] = a;
	}
	free(x->ord);
	x->ord = out;
	x->ocap = n ? n : 1;
	x->nord = x->nsorted = k;
	x->ndead = 0;
}

static struct route *ord_from(const struct rtab *x, size_t i)
{
	for (; i < x->nord; i++)
		if (x->ord[i])
			return x->ord[i];
	return NULL;
}

struct route *table_first(const struct table *t)
{
	if (!t->x)
		return NULL;
	order_sync(t->x);
	return ord_from(t->x, 0);
}

/* the first alias of the prefix after h's, in dump order */
static struct route *ord_next_prefix(const struct table *t, const struct route *h)
{
	return ord_from(t->x, (size_t)h->ord + 1);
}

struct route *table_next(const struct table *t, const struct route *r)
{
	if (r->next)
		return r->next;
	return ord_from(t->x, (size_t)r->ord + 1);
}

/* ---- changes ---- */

/* Links a copy of r at *link (a prefix's list); creates the prefix if it had no alias. */
static struct route *link_route(struct table *t, struct slot *s, struct route **link,
				const struct route *r, bool lazy)
{
	struct rtab *x = rtab(t);
	struct route *n = route_alloc(x);

	route_assign(n, r);
	t->n++;
	if (!s) {
		n->next = NULL;
		prefix_add(x, n, lazy);
		return n;
	}
	n->next = *link;
	n->ord = s->head->ord;
	*link = n;
	if (link == &s->head) { /* a new first alias: the order array and the trie follow */
		x->ord[n->ord] = n;
		if (x->dir)
			dir_set(x->dir, n->dst, n->plen, (uint32_t)n->plen + 1, n->id);
	}
	return n;
}

/* Unlinks r: *link points at it. */
static void unlink_route(struct table *t, struct slot *s, struct route **link)
{
	struct rtab *x = t->x;
	struct route *r = *link;

	*link = r->next;
	t->n--;
	if (!s->head) {
		prefix_remove(x, s, r->ord);
	} else if (link == &s->head) {
		x->ord[r->ord] = s->head;
		if (x->dir)
			dir_set(x->dir, r->dst, r->plen, (uint32_t)r->plen + 1, s->head->id);
	}
	route_release(x, r);
}

void table_prefix_set(struct table *t, uint32_t dst, int plen, const struct route *v, size_t n)
{
	struct slot *s = slot_find(t->x, dst, plen);
	struct route **link;

	/* free all but the first alias, then overwrite or remove the first */
	while (s && s->head->next)
		unlink_route(t, s, &s->head->next);
	if (s && n == 0) {
		unlink_route(t, s, &s->head);
		return;
	}
	if (n == 0)
		return;
	if (s) {
		route_assign(s->head, &v[0]); /* its ->next is NULL already */
	} else {
		link_route(t, NULL, NULL, &v[0], false);
		s = slot_find(t->x, dst, plen);
	}
	link = &s->head->next;
	for (size_t i = 1; i < n; i++) {
		link_route(t, s, link, &v[i], false);
		link = &(*link)->next;
	}
}

void table_clone(struct table *dst, const struct table *src)
{
	*dst = *src;
	dst->x = NULL;
	dst->n = 0;
	for (struct route *h = table_first(src); h; h = ord_next_prefix(src, h)) {
		struct route v[8], *big = NULL, *out = v;
		size_t n = 0;

		for (const struct route *a = h; a; a = a->next)
			n++;
		if (n > 8)
			out = big = xmalloc(n * sizeof(*big));
		n = 0;
		for (const struct route *a = h; a; a = a->next)
			out[n++] = *a;
		table_prefix_set(dst, h->dst, h->plen, out, n);
		free(big);
	}
}

/* ---- the host-level operations (model.h) ---- */

const struct route *host_fnhe_route(const struct host *h, const struct fnhe *e)
{
	const struct table *t = NULL;

	for (size_t i = 0; i < h->ntables && !t; i++)
		if (h->tables[i].id == e->table)
			t = &h->tables[i];
	for (const struct route *r = t ? table_prefix(t, e->dst, e->plen) : NULL; r; r = r->next)
		if (r->tos == e->tos && r->priority == e->priority)
			return r;
	return NULL;
}

/* fib_nh_comp(): the paths of two multipath routes, in order, apart from their state */
static bool same_paths(const struct host *h, const struct route *a, const struct route *b)
{
	const struct mpath *x = host_mp(h, a->mp), *y = host_mp(h, b->mp);
	const uint32_t state = NH_F_DEAD | NH_F_LINKDOWN;

	if (!x || !y || x->n != y->n)
		return false;
	for (int i = 0; i < x->n; i++)
		if (x->nh[i].oif != y->nh[i].oif || x->nh[i].gw != y->nh[i].gw ||
		    x->nh[i].scope != y->nh[i].scope || x->nh[i].weight != y->nh[i].weight ||
		    ((x->nh[i].flags ^ y->nh[i].flags) & ~state))
			return false;
	return true;
}

/* fib_info equality as far as our fields go (fib_find_info/fib_info_nh_uses_dev). */
static bool route_same_info(const struct host *h, const struct route *a, const struct route *b)
{
	if (!!a->mp != !!b->mp || (a->mp && !same_paths(h, a, b)) || a->nhid != b->nhid)
		return false;
	return a->type == b->type && a->scope == b->scope && a->proto == b->proto &&
	       a->priority == b->priority && a->prefsrc == b->prefsrc && a->gw == b->gw &&
	       a->oif == b->oif && (a->nh_flags & NH_F_ONLINK) == (b->nh_flags & NH_F_ONLINK) &&
	       a->mtu == b->mtu && a->advmss == b->advmss && a->locks == b->locks;
}

/* fib_metrics_match(): each metric given equals the route's (a capped value never does) */
static bool metrics_match(const struct route *r, const struct route_match *m)
{
	return !m->metrics_clash && (!m->has_mtu || r->mtu == m->mtu) &&
	       (!m->has_advmss || r->advmss == m->advmss) && (!m->locks || r->locks == m->locks);
}

/* fib_nh_match(): a device or gateway given alone is compared with the first path; a
 * list of paths with the route's, in order, each device and gateway given */
static bool nh_match(const struct host *h, const struct route *r, const struct route_match *m)
{
	const struct mpath *g;

	if (m->nhid)
		return r->nhid == m->nhid;
	if (r->nhid)
		return !m->oif && !m->gw && !m->mp;
	if (m->oif || m->gw) {
		struct nexthop nh = route_nh(h, r, 0);

		return (!m->oif || nh.oif == m->oif) && (!m->gw || nh.gw == m->gw);
	}
	if (!m->mp)
		return true;
	g = r->mp ? host_mp(h, r->mp) : NULL;
	if (!g)
		return m->mp->n >= 1 && (!m->mp->nh[0].oif || m->mp->nh[0].oif == r->oif) &&
		       (!m->mp->nh[0].gw || m->mp->nh[0].gw == r->gw);
	if (m->mp->n < g->n)
		return false;
	for (int i = 0; i < g->n; i++)
		if ((m->mp->nh[i].oif && m->mp->nh[i].oif != g->nh[i].oif) ||
		    (m->mp->nh[i].gw && m->mp->nh[i].gw != g->nh[i].gw))
			return false;
	return true;
}

/* A5: inside one prefix, tos descending then priority ascending */
static bool sorts_before(const struct route *a, const struct route *r)
{
	return a->tos > r->tos || (a->tos == r->tos && a->priority < r->priority);
}

static bool same_group(const struct route *a, const struct route *r)
{
	return a->tos == r->tos && a->priority == r->priority;
}

int host_route_insert(struct host *h, const struct route *r, enum route_op op, struct diag *d)
{
	struct table *t = host_table_get(h, r->table);
	struct slot *s = slot_find(t->x, r->dst, r->plen);
	struct route **grp = NULL, **link;
	struct route *n;
	bool match = false, first_matches = false;

	if (s) {
		grp = &s->head;
		while (*grp && sorts_before(*grp, r))
			grp = &(*grp)->next;
	}
	if (grp && *grp && same_group(*grp, r)) {
		if (op == ROUTE_ADD)
			return diag_set(d, -EEXIST, "RTNETLINK answers: File exists");
		link = grp;
		for (struct route *a = *grp; a && same_group(a, r); a = a->next) {
			link = &a->next;
			if (!match && a->type == r->type && route_same_info(h, a, r)) {
				match = true;
				first_matches = a == *grp;
			}
		}
		if (op == ROUTE_REPLACE || op == ROUTE_CHANGE) {
			struct route *old = *grp;

			if (match) {
				if (first_matches)
					return 0;
				return diag_set(d, -EEXIST, "RTNETLINK answers: File exists");
			}
			if (old->accessed)
				host_rt_cache_flush(h);
			route_assign(old, r);
			old->accessed = false;
			host_rt_cache_flush(h);
			return 0;
		}
		if (match)
			return diag_set(d, -EEXIST, "RTNETLINK answers: File exists");
		if (op == ROUTE_APPEND)
			grp = link; /* after the group */
	} else if (op == ROUTE_CHANGE) {
		return diag_set(d, -ENOENT, "RTNETLINK answers: No such file or directory");
	}
	n = link_route(t, s, grp, r, false);
	n->accessed = false;
	host_rt_cache_flush(h); /* C4: every insert flushes */
	return 0;
}

void host_route_import(struct host *h, const struct route *r)
{
	struct table *t = host_table_get(h, r->table);
	const struct rtab *x = t->x;
	struct slot *s;
	struct route **link = NULL, *n;

	/* a kernel dump comes in order: a prefix after every one so far is new, and waits
	 * for the hash (struct rtab's pending) */
	if (!x || x->nprefix == 0 ||
	    (!x->unordered &&
	     (r->dst > x->last_dst || (r->dst == x->last_dst && r->plen < x->last_plen)))) {
		n = link_route(t, NULL, NULL, r, true);
		n->accessed = false;
		return;
	}
	s = slot_find(t->x, r->dst, r->plen);
	if (s) {
		/* after the aliases that sort before or equal it (A5) */
		link = &s->head;
		while (*link && (sorts_before(*link, r) || same_group(*link, r)))
			link = &(*link)->next;
	}
	n = link_route(t, s, link, r, false);
	n->accessed = false;
}

void host_route_remove(struct host *h, struct table *t, struct route *r)
{
	struct slot *s = slot_find(t->x, r->dst, r->plen);
	struct route **link = &s->head;

	if (r->accessed)
		host_rt_cache_flush(h); /* C4: only used routes flush on delete */
	if (h->nfnhe)
		host_fnhe_route_gone(h, r);
	while (*link != r)
		link = &(*link)->next;
	unlink_route(t, s, link);
}

int host_route_delete(struct host *h, const struct route_match *m, struct diag *d)
{
	struct table *t = host_table(h, m->table);

	if (!t)
		return diag_set(d, -ESRCH, "Error: FIB table does not exist.");
	for (struct route *r = table_prefix(t, m->dst, m->plen); r; r = r->next) {
		if (r->tos != m->tos)
			continue;
		if (m->type && r->type != m->type)
			continue;
		if (m->scope != RT_SCOPE_NOWHERE && r->scope != m->scope)
			continue;
		if (m->prefsrc && r->prefsrc != m->prefsrc)
			continue;
		if (m->proto && r->proto != m->proto)
			continue;
		/* fib_nh_match() */
		if (m->priority && r->priority != m->priority)
			continue;
		if (!nh_match(h, r, m) || !metrics_match(r, m))
			continue;
		host_route_remove(h, t, r);
		return 0;
	}
	return diag_set(d, -ESRCH, "RTNETLINK answers: No such process");
}
