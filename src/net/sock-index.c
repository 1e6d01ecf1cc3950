/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sock-index: finding a host's sockets without walking all of them, as the kernel's
 * socket hash tables do (the bind hash by port, the established hash by 4-tuple). It is
 * a multimap from a key to every socket that ever had that key: sockets are never
 * removed from host->socks and their name, port or addresses are set once, so an entry
 * is added when a socket gets a key (sock_index_note) and never taken out; a lookup
 * walks the sockets under the key and checks each one's current fields, so a stale
 * entry costs a comparison and nothing else. Callers keep the linear scan's answer: the
 * first matching socket in host->socks order (the lowest id).
 *
 * A cloned host (snapshot.c) shares its original's pointer until first use; the index
 * records its owner and is rebuilt for a host that does not own it. With
 * PKTPATH_SLOW_CHECKS (the sanitizer build that runs the tests) every lookup first
 * checks that each socket whose fields give the key now is under it.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sock.h"

/* A key's sockets are a chain through one entry array (no allocation per key): a
 * bucket holds the key and its first and last entry, an entry a socket's place in
 * host->socks (its id - 1: sockets are never removed) and the next entry. */
enum { SIDX_END = UINT32_MAX };

struct sidx_bucket {
	uint64_t key; /* 0: empty slot */
	uint32_t head, tail;
};

struct sidx_ent {
	uint32_t pos, next;
};

struct sock_index {
	const struct host *owner;
	struct sidx_bucket *b;
	size_t cap, n; /* cap: a power of two, at most half full */
	struct sidx_ent *e;
	size_t ne, ecap;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x | 1; /* never 0, the empty slot */
}

static uint64_t key_name(const char *name)
{
	uint64_t hsh = 1469598103934665603ULL;

	for (; *name; name++)
		hsh = (hsh ^ (unsigned char)*name) * 1099511628211ULL;
	return mix(hsh ^ 0x100000000000000ULL);
}

static uint64_t key_port(uint8_t proto, uint16_t port)
{
	return mix(0x200000000000000ULL | (uint64_t)proto << 16 | port);
}

static uint64_t key_listen(uint16_t port)
{
	return mix(0x400000000000000ULL | port);
}

static uint64_t key_tuple(uint32_t saddr, uint16_t sport, uint32_t daddr, uint16_t dport)
{
	return mix(mix(0x300000000000000ULL | (uint64_t)saddr << 16 | sport) ^
		   ((uint64_t)daddr << 16 | dport));
}

static struct sidx_bucket *slot(const struct sock_index *x, uint64_t key)
{
	size_t i;

	for (i = key & (x->cap - 1); x->b[i].key && x->b[i].key != key; i = (i + 1) & (x->cap - 1))
		;
	return &x->b[i];
}

static void grow(struct sock_index *x)
{
	struct sidx_bucket *old = x->b;
	size_t ocap = x->cap;

	x->cap = ocap ? ocap * 2 : 64;
	x->b = xcalloc(x->cap, sizeof(*x->b));
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*slot(x, old[i].key) = old[i];
	free(old);
}

static void put(struct sock_index *x, uint64_t key, const struct sock *sk)
{
	struct sidx_bucket *bk;
	uint32_t i;

	if (!key)
		return;
	if ((x->n + 1) * 2 > x->cap)
		grow(x);
	vec_reserve((void **)&x->e, &x->ecap, x->ne + 1, sizeof(*x->e));
	i = (uint32_t)x->ne++;
	x->e[i].pos = (uint32_t)(sk->id - 1);
	x->e[i].next = SIDX_END;
	bk = slot(x, key);
	if (!bk->key) {
		bk->key = key;
		bk->head = i;
		x->n++;
	} else {
		x->e[bk->tail].next = i;
	}
	bk->tail = i;
}

/* The key of one kind that sk has now */
static uint64_t key_of(const struct sock *sk, enum sock_key kind)
{
	switch (kind) {
	case SOCK_KEY_NAME:
		return key_name(sk->name);
	case SOCK_KEY_PORT:
		return key_port(sk->proto, sk->sport);
	case SOCK_KEY_LISTEN:
		return sk->proto == PKT_PROTO_TCP && sk->state == TCP_LISTEN ? key_listen(sk->sport)
									     : 0;
	default:
		return key_tuple(sk->saddr, sk->sport, sk->daddr, sk->dport);
	}
}

/* Adds sk under each key it has now that it was not added under last time (a socket's
 * keys change a few times at most, so a key it had before is rarely had again; a
 * repeated entry would only be visited twice). fresh: a new index, add every key. */
static void note(struct sock_index *x, struct sock *sk, bool fresh)
{
	for (int k = 0; k < SOCK_KEY__COUNT; k++) {
		uint64_t key = key_of(sk, (enum sock_key)k);

		if (fresh || key != sk->idx_key[k])
			put(x, key, sk);
		sk->idx_key[k] = key;
	}
}

static struct sock_index *index_of(struct host *h)
{
	struct sock_index *x = h->sidx;

	if (x && x->owner == h)
		return x;
	x = xcalloc(1, sizeof(*x));
	x->owner = h;
	/* about three keys a socket: the table at most half full without growing */
	while (x->cap < 8 * h->nsock)
		x->cap = x->cap ? x->cap * 2 : 64;
	x->b = xcalloc(x->cap, sizeof(*x->b));
	x->ecap = 4 * h->nsock;
	x->e = xmalloc(x->ecap * sizeof(*x->e));
	for (size_t i = 0; i < h->nsock; i++)
		note(x, h->socks[i], true);
	h->sidx = x;
	return x;
}

void sock_index_note(struct host *h, struct sock *sk)
{
	if (h->sidx && h->sidx->owner == h)
		note(h->sidx, sk, false);
}

void sock_index_free(struct host *h)
{
	struct sock_index *x = h->sidx;

	if (x && x->owner == h) {
		free(x->b);
		free(x->e);
		free(x);
	}
	h->sidx = NULL;
}

static uint64_t query_key(enum sock_key kind, const struct sock_query *q)
{
	switch (kind) {
	case SOCK_KEY_NAME:
		return key_name(q->name);
	case SOCK_KEY_PORT:
		return key_port(q->proto, q->sport);
	case SOCK_KEY_LISTEN:
		return key_listen(q->sport);
	default:
		return key_tuple(q->saddr, q->sport, q->daddr, q->dport);
	}
}

#ifdef PKTPATH_SLOW_CHECKS
static bool has(const struct sock_index *x, uint64_t key, const struct sock *sk)
{
	const struct sidx_bucket *bk = slot(x, key);

	for (uint32_t i = bk->key ? bk->head : SIDX_END; i != SIDX_END; i = x->e[i].next)
		if (x->e[i].pos == (uint32_t)(sk->id - 1))
			return true;
	return false;
}

/* every socket whose fields give this key now must be under it */
static void check_complete(struct host *h, const struct sock_index *x, enum sock_key kind,
			   uint64_t key)
{
	for (size_t i = 0; i < h->nsock; i++) {
		if (h->socks[i]->id != (int)i + 1)
			abort(); /* entries name a socket by its place: id - 1 */
		if (key_of(h->socks[i], kind) == key && !has(x, key, h->socks[i]))
			abort(); /* a socket got a key without sock_index_note() */
	}
}
#endif

void sock_index_each(struct host *h, enum sock_key kind, const struct sock_query *q,
		     sock_visit_fn fn, void *arg)
{
	struct sock_index *x;
	struct sidx_bucket *bk;
	uint64_t key;

	if (!h->nsock)
		return;
	x = index_of(h);
	key = query_key(kind, q);
#ifdef PKTPATH_SLOW_CHECKS
	check_complete(h, x, kind, key);
#endif
	bk = slot(x, key);
	for (uint32_t i = bk->key ? bk->head : SIDX_END; i != SIDX_END; i = x->e[i].next)
		fn(h->socks[x->e[i].pos], arg);
}

struct find_arg {
	bool (*match)(const struct sock *, const void *);
	const void *arg;
	struct sock *found;
};

static void find_visit(struct sock *sk, void *arg)
{
	struct find_arg *f = arg;

	if (f->match(sk, f->arg) && (!f->found || sk->id < f->found->id))
		f->found = sk;
}

struct sock *sock_index_find(struct host *h, enum sock_key kind, const struct sock_query *q,
			     bool (*match)(const struct sock *, const void *), const void *arg)
{
	struct find_arg f = { match, arg, NULL };

	sock_index_each(h, kind, q, find_visit, &f);
	return f.found;
}
