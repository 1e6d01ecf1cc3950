/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The routing table (src/net/table.c) against a reference: one sorted array with the
 * kernel's alias order (A5), the structure the table replaced. Random sequences of
 * add/append/prepend/replace/change, imports, deletes, whole-prefix replacement and
 * removal during a walk, on a small key space so that prefixes collect many aliases;
 * after every operation the dump order, the route count and longest-prefix lookups
 * (with backtracking over tos, scope and throw) must agree. Then the same on a key space
 * wide enough for hundreds of prefixes nested across the lookup trie's level boundaries
 * (/16-/17, /24-/25), so big tables answer through the trie, built on the way up and
 * kept on the way down. Last, table_prefetch on a table of 20,000 prefixes (it skips
 * smaller ones): its walk must read only what the table holds and change no answer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/fib.h"
#include "net/model.h"

enum { TB = 100, REF_MAX = 4096 };

/* ---- the reference ---- */

struct ref {
	struct route r[REF_MAX];
	size_t n;
};

static int pcmp(const struct route *a, uint32_t dst, int plen)
{
	if (a->dst != dst)
		return a->dst < dst ? -1 : 1;
	if (a->plen != plen)
		return a->plen > plen ? -1 : 1;
	return 0;
}

static void ref_range(const struct ref *R, uint32_t dst, int plen, size_t *first, size_t *count)
{
	size_t i = 0;

	while (i < R->n && pcmp(&R->r[i], dst, plen) < 0)
		i++;
	*first = i;
	while (i < R->n && pcmp(&R->r[i], dst, plen) == 0)
		i++;
	*count = i - *first;
}

static void ref_insert_at(struct ref *R, size_t at, const struct route *r)
{
	assert_true(R->n < REF_MAX);
	memmove(&R->r[at + 1], &R->r[at], (R->n - at) * sizeof(*r));
	R->r[at] = *r;
	R->n++;
}

static void ref_remove_at(struct ref *R, size_t at)
{
	memmove(&R->r[at], &R->r[at + 1], (R->n - at - 1) * sizeof(R->r[0]));
	R->n--;
}

static bool same_info(const struct route *a, const struct route *b)
{
	return a->type == b->type && a->scope == b->scope && a->proto == b->proto &&
	       a->priority == b->priority && a->prefsrc == b->prefsrc && a->gw == b->gw &&
	       a->oif == b->oif && (a->nh_flags & NH_F_ONLINK) == (b->nh_flags & NH_F_ONLINK);
}

/* the semantics of fib_table_insert() as the array version had them */
static int ref_insert(struct ref *R, const struct route *r, enum route_op op)
{
	size_t first, count, grp, gcount, match = (size_t)-1;

	ref_range(R, r->dst, r->plen, &first, &count);
	grp = first;
	while (grp < first + count &&
	       (R->r[grp].tos > r->tos ||
		(R->r[grp].tos == r->tos && R->r[grp].priority < r->priority)))
		grp++;
	gcount = 0;
	while (grp + gcount < first + count && R->r[grp + gcount].tos == r->tos &&
	       R->r[grp + gcount].priority == r->priority)
		gcount++;
	if (gcount > 0) {
		if (op == ROUTE_ADD)
			return -EEXIST;
		for (size_t i = grp; i < grp + gcount; i++)
			if (R->r[i].type == r->type && same_info(&R->r[i], r)) {
				match = i;
				break;
			}
		if (op == ROUTE_REPLACE || op == ROUTE_CHANGE) {
			if (match != (size_t)-1)
				return match == grp ? 0 : -EEXIST;
			R->r[grp] = *r;
			return 0;
		}
		if (match != (size_t)-1)
			return -EEXIST;
		if (op == ROUTE_APPEND)
			grp += gcount;
	} else if (op == ROUTE_CHANGE) {
		return -ENOENT;
	}
	ref_insert_at(R, grp, r);
	return 0;
}

static void ref_import(struct ref *R, const struct route *r)
{
	size_t first, count, pos;

	ref_range(R, r->dst, r->plen, &first, &count);
	pos = first;
	while (pos < first + count &&
	       (R->r[pos].tos > r->tos ||
		(R->r[pos].tos == r->tos && R->r[pos].priority <= r->priority)))
		pos++;
	ref_insert_at(R, pos, r);
}

static int ref_delete(struct ref *R, const struct route_match *m)
{
	size_t first, count;

	ref_range(R, m->dst, m->plen, &first, &count);
	for (size_t i = first; i < first + count; i++) {
		const struct route *r = &R->r[i];

		if (r->tos != m->tos || (m->type && r->type != m->type) ||
		    (m->priority && r->priority != m->priority) || (m->gw && r->gw != m->gw))
			continue;
		ref_remove_at(R, i);
		return 0;
	}
	return -ESRCH;
}

static int props_error(int type)
{
	switch (type) {
	case RTN_BLACKHOLE:
		return -EINVAL;
	case RTN_UNREACHABLE:
		return -EHOSTUNREACH;
	case RTN_THROW:
		return -EAGAIN;
	default:
		return 0;
	}
}

/* fib_table_lookup() over the array: every prefix length, longest first */
static int ref_lookup(const struct ref *R, const struct flow *fl, const struct route **out)
{
	for (int plen = 32; plen >= 0; plen--) {
		uint32_t key = plen ? fl->daddr & (0xffffffffu << (32 - plen)) : 0;
		size_t first, count;

		ref_range(R, key, plen, &first, &count);
		for (size_t i = first; i < first + count; i++) {
			const struct route *r = &R->r[i];

			if (r->tos && r->tos != fl->tos)
				continue;
			if (r->scope < fl->scope)
				continue;
			if (props_error(r->type))
				return props_error(r->type);
			*out = r;
			return 0;
		}
	}
	return -EAGAIN;
}

/* ---- random routes on a small key space ---- */

static uint32_t rnd_state;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static const uint32_t bases[] = { 0x0a000000, 0x0a010000, 0x0a010100, 0x0a010180, 0xc0a80000 };
static const int plens[] = { 0, 8, 16, 24, 25, 32 };

static void rnd_route(struct route *r)
{
	static const uint8_t types[] = { RTN_UNICAST,	RTN_UNICAST, RTN_UNICAST,
					 RTN_BLACKHOLE, RTN_THROW,   RTN_UNREACHABLE };
	int plen = plens[rnd(6)];

	memset(r, 0, sizeof(*r));
	r->table = TB;
	r->plen = (uint8_t)plen;
	r->dst = plen ? bases[rnd(5)] & (0xffffffffu << (32 - plen)) : 0;
	r->tos = rnd(4) == 0 ? 8 : 0;
	r->priority = rnd(3);
	r->type = types[rnd(6)];
	r->scope = r->type == RTN_UNICAST && rnd(3) == 0 ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	r->gw = r->type == RTN_UNICAST ? 0x0a000001 + rnd(3) : 0;
	r->proto = RTPROT_BOOT;
}

static bool route_eq(const struct route *a, const struct route *b)
{
	return a->dst == b->dst && a->plen == b->plen && a->tos == b->tos && same_info(a, b);
}

static void compare(struct host *h, const struct ref *R, int seq, int step)
{
	const struct table *t = host_table(h, TB);
	size_t i = 0;

	if (!t) {
		assert_int_equal(R->n, 0);
		return;
	}
	assert_int_equal(t->n, R->n);
	table_for_each(t, r)
	{
		if (i >= R->n || !route_eq(r, &R->r[i]))
			fail_msg("sequence %d step %d: route %zu differs", seq, step, i);
		i++;
	}
	assert_int_equal(i, R->n);
}

static void compare_lookups(struct host *h, const struct ref *R, int seq, int step)
{
	for (int k = 0; k < 8; k++) {
		struct flow fl = { 0 };
		struct fib_result res;
		const struct route *want = NULL;
		int rc, wrc;

		fl.daddr = bases[rnd(5)] | rnd(256);
		fl.tos = rnd(2) ? 8 : 0;
		fl.scope = rnd(2) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
		wrc = ref_lookup(R, &fl, &want);
		rc = host_table(h, TB) ? fib_table_lookup(h, TB, &fl, &res, 0) : -EAGAIN;
		if (rc != wrc)
			fail_msg("sequence %d step %d: lookup rc %d, reference %d", seq, step, rc,
				 wrc);
		if (rc == 0 && !route_eq(res.route, want))
			fail_msg("sequence %d step %d: lookup found another route", seq, step);
	}
}

static void test_random_sequences(void **state)
{
	(void)state;
	for (int seq = 0; seq < 300; seq++) {
		struct sim *sim = sim_new();
		struct host *h = sim_host_add(sim, "h");
		struct ref *R = test_calloc(1, sizeof(*R));
		struct diag d;

		rnd_state = (uint32_t)seq * 2654435761u + 1;
		for (int step = 0; step < 200; step++) {
			struct route r;
			int op = (int)rnd(10), rc, wrc;

			rnd_route(&r);
			memset(&d, 0, sizeof(d));
			if (op < 5) {
				enum route_op o = (enum route_op)rnd(5);

				wrc = ref_insert(R, &r, o);
				rc = host_route_insert(h, &r, o, &d);
				if (rc != wrc)
					fail_msg("sequence %d step %d: insert op %d rc %d, "
						 "reference %d",
						 seq, step, o, rc, wrc);
			} else if (op == 5) {
				ref_import(R, &r);
				host_route_import(h, &r);
			} else if (op < 8) {
				struct route_match m = { 0 };

				m.table = TB;
				m.dst = r.dst;
				m.plen = r.plen;
				m.tos = r.tos;
				m.scope = RT_SCOPE_NOWHERE;
				m.type = rnd(2) ? r.type : 0;
				m.priority = rnd(2) ? r.priority : 0;
				m.gw = rnd(2) ? r.gw : 0;
				wrc = host_table(h, TB) ? ref_delete(R, &m) : -ESRCH;
				rc = host_route_delete(h, &m, &d);
				if (rc != wrc)
					fail_msg("sequence %d step %d: delete rc %d, reference %d",
						 seq, step, rc, wrc);
			} else if (op == 8 && host_table(h, TB)) {
				/* remove every route with this gateway during one walk */
				struct table *t = host_table(h, TB);
				uint32_t gw = r.gw;

				for (struct route *a = table_first(t), *next; a; a = next) {
					next = table_next(t, a);
					if (a->gw == gw)
						host_route_remove(h, t, a);
				}
				for (size_t i = 0; i < R->n;)
					if (R->r[i].gw == gw)
						ref_remove_at(R, i);
					else
						i++;
			} else if (op == 9) {
				/* a whole prefix replaced (the live adapter's splice) */
				struct route v[3];
				size_t n = rnd(4), first, count;
				struct table *t = host_table_get(h, TB);

				for (size_t i = 0; i < n; i++) {
					rnd_route(&v[i]);
					v[i].dst = r.dst;
					v[i].plen = r.plen;
				}
				table_prefix_set(t, r.dst, r.plen, v, n);
				ref_range(R, r.dst, r.plen, &first, &count);
				for (size_t i = 0; i < count; i++)
					ref_remove_at(R, first);
				for (size_t i = 0; i < n; i++)
					ref_insert_at(R, first + i, &v[i]);
			}
			compare(h, R, seq, step);
			compare_lookups(h, R, seq, step);
		}
		test_free(R);
		sim_free(sim);
	}
}

/* Many prefixes in random order: the dump comes out sorted and complete; removing
 * them all in another random order leaves an empty table that takes routes again. */
static void test_large_random_order(void **state)
{
	enum { N = 50000 };
	struct sim *sim = sim_new();
	struct host *h = sim_host_add(sim, "h");
	uint32_t *keys = test_malloc(N * sizeof(*keys));
	struct table *t;
	struct diag d;
	size_t n = 0;
	uint32_t prev = 0;

	(void)state;
	for (uint32_t i = 0; i < N; i++)
		keys[i] = 0x0b000000u + (i << 8);
	rnd_state = 7;
	for (size_t i = N - 1; i > 0; i--) {
		size_t j = rnd((uint32_t)i + 1);
		uint32_t k = keys[i];

		keys[i] = keys[j];
		keys[j] = k;
	}
	for (size_t i = 0; i < N; i++) {
		struct route r = { 0 };

		r.table = TB;
		r.dst = keys[i];
		r.plen = 24;
		r.type = RTN_UNICAST;
		r.gw = 0x0a000001;
		assert_int_equal(host_route_insert(h, &r, ROUTE_ADD, &d), 0);
	}
	t = host_table(h, TB);
	assert_int_equal(t->n, N);
	table_for_each(t, r)
	{
		if (n++)
			assert_true(r->dst > prev);
		prev = r->dst;
	}
	assert_int_equal(n, N);
	for (size_t i = 0; i < N; i++) {
		struct route_match m = { 0 };

		m.table = TB;
		m.dst = keys[(i * 7919) % N];
		m.plen = 24;
		m.scope = RT_SCOPE_NOWHERE;
		assert_int_equal(host_route_delete(h, &m, &d), 0);
		if (i == N / 2) {
			n = 0;
			table_for_each(t, r) n++;
			assert_int_equal(n, N - N / 2 - 1);
		}
	}
	assert_int_equal(t->n, 0);
	assert_null(table_first(t));
	assert_int_equal(table_plens(t), 0);
	test_free(keys);
	sim_free(sim);
}

/* an address on a sparse grid: prefixes of different lengths nest and collide */
static uint32_t grid_addr(void)
{
	static const uint32_t tops[] = { 0x0a000000, 0x0b000000, 0xc0000000 };

	return tops[rnd(3)] | rnd(4) << 16 | rnd(2) << 15 | rnd(4) << 8 | rnd(2) << 7 |
	       rnd(4) << 2 | rnd(2);
}

static void grid_route(struct route *r)
{
	static const int lens[] = { 0, 1, 8, 12, 15, 16, 17, 20, 23, 24, 25, 28, 30, 31, 32 };
	int plen = lens[rnd(15)];

	rnd_route(r);
	r->plen = (uint8_t)plen;
	r->dst = grid_addr() & ip_mask(plen);
}

/* fib_table_lookup of each of the n addresses (tos and scope at random) agrees with the
 * reference */
static void lookups_agree(struct host *h, const struct ref *R, const uint32_t *addr, int n,
			  const char *what, int seq, size_t step)
{
	for (int k = 0; k < n; k++) {
		struct flow fl = { 0 };
		struct fib_result res;
		const struct route *want = NULL;
		int rc, wrc;

		fl.daddr = addr[k];
		fl.tos = rnd(2) ? 8 : 0;
		fl.scope = rnd(2) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
		wrc = ref_lookup(R, &fl, &want);
		rc = host_table(h, TB) ? fib_table_lookup(h, TB, &fl, &res, 0) : -EAGAIN;
		if (rc != wrc)
			fail_msg("%s %d step %zu (%zu routes): lookup of %08x rc %d, reference %d",
				 what, seq, step, R->n, fl.daddr, rc, wrc);
		if (rc == 0 && !route_eq(res.route, want))
			fail_msg("%s %d step %zu (%zu routes): lookup of %08x found %08x/%d, "
				 "reference %08x/%d",
				 what, seq, step, R->n, fl.daddr, res.route->dst, res.route->plen,
				 want->dst, want->plen);
	}
}

static void test_big_tables(void **state)
{
	(void)state;
	for (int seq = 0; seq < 6; seq++) {
		struct sim *sim = sim_new();
		struct host *h = sim_host_add(sim, "h");
		struct ref *R = test_calloc(1, sizeof(*R));
		size_t peak = 0;
		struct diag d;
		uint32_t addr[TABLE_PREFETCH_MAX];

		rnd_state = (uint32_t)seq * 40503u + 11;
		for (int step = 0; step < 6000; step++) {
			struct route r;
			/* grow for the first half, then shrink */
			bool grow = step < 3000 ? rnd(4) != 0 : rnd(4) == 0;
			int rc, wrc;

			grid_route(&r);
			memset(&d, 0, sizeof(d));
			if (grow && R->n < REF_MAX - 1) {
				wrc = ref_insert(R, &r, ROUTE_APPEND);
				rc = host_route_insert(h, &r, ROUTE_APPEND, &d);
				assert_int_equal(rc, wrc);
			} else if (R->n) {
				const struct route *v = &R->r[rnd((uint32_t)R->n)];
				struct route_match m = { 0 };

				m.table = TB;
				m.dst = v->dst;
				m.plen = v->plen;
				m.tos = v->tos;
				m.scope = RT_SCOPE_NOWHERE;
				if (rnd(8) == 0) { /* the whole prefix at once */
					size_t first, count;

					table_prefix_set(host_table(h, TB), v->dst, v->plen, NULL,
							 0);
					ref_range(R, m.dst, m.plen, &first, &count);
					for (size_t i = 0; i < count; i++)
						ref_remove_at(R, first);
				} else {
					assert_int_equal(ref_delete(R, &m), 0);
					assert_int_equal(host_route_delete(h, &m, &d), 0);
				}
			}
			if (R->n > peak)
				peak = R->n;
			if (step % 10)
				continue;
			/* the prefetch hint first (below its threshold it must do nothing):
			 * the lookups after it must still agree */
			for (int k = 0; k < TABLE_PREFETCH_MAX; k++)
				addr[k] = grid_addr();
			if (host_table(h, TB)) {
				/* a few thousand prefixes: a trie, but not worth prefetching */
				assert_false(table_big(host_table(h, TB)));
				table_prefetch(host_table(h, TB), addr, TABLE_PREFETCH_MAX);
			}
			lookups_agree(h, R, addr, TABLE_PREFETCH_MAX, "big sequence", seq,
				      (size_t)step);
		}
		compare(h, R, seq, -1);
		/* the trie was in play: the table held well over its threshold (256 prefixes) */
		assert_true(peak > 600);
		test_free(R);
		sim_free(sim);
	}
}

/* table_prefetch on a table past its threshold (16k prefixes): lengths from /8 to /32
 * across the trie's levels, random and absent addresses; the walk reads only what the
 * table holds (the sanitizers watch) and no answer changes */
static void test_prefetch_big(void **state)
{
	struct sim *sim = sim_new();
	struct host *h = sim_host_add(sim, "h");
	struct table *t;
	uint32_t addr[TABLE_PREFETCH_MAX], *pdst = test_malloc(20000 * sizeof(*pdst));
	uint8_t *plen_of = test_malloc(20000);
	struct diag d;
	size_t nlong = 0, np = 0;

	(void)state;
	rnd_state = 99;
	while (!host_table(h, TB) || host_table(h, TB)->n < 20000) {
		struct route r;
		int plen = 8 + (int)rnd(25);

		memset(&r, 0, sizeof(r));
		r.table = TB;
		r.type = RTN_UNICAST;
		r.scope = RT_SCOPE_UNIVERSE;
		r.proto = RTPROT_BOOT;
		r.plen = (uint8_t)plen;
		r.dst = (rnd(1u << 24) << 8 | rnd(256)) & ip_mask(plen);
		r.gw = 0x0a000002;
		memset(&d, 0, sizeof(d));
		if (host_route_insert(h, &r, ROUTE_ADD, &d) == 0) {
			pdst[np] = r.dst;
			plen_of[np++] = r.plen;
		}
	}
	t = host_table(h, TB);
	assert_true(table_big(t));
	for (int round = 0; round < 200; round++) {
		const struct route *before[TABLE_PREFETCH_MAX];
		int plen[TABLE_PREFETCH_MAX];

		for (int k = 0; k < TABLE_PREFETCH_MAX; k++) {
			/* half inside a prefix of the table, half anywhere */
			addr[k] = rnd(1u << 24) << 8 | rnd(256);
			if (k % 2) {
				size_t i = rnd((uint32_t)np);

				addr[k] = pdst[i] | (addr[k] & ~ip_mask(plen_of[i]));
			}
			plen[k] = -1;
			before[k] = table_longest(t, addr[k], 32, &plen[k]);
			nlong += plen[k] > 24;
		}
		table_prefetch(t, addr, TABLE_PREFETCH_MAX);
		table_prefetch(t, addr, 1 + rnd(TABLE_PREFETCH_MAX));
		for (int k = 0; k < TABLE_PREFETCH_MAX; k++) {
			int p = -1;

			assert_ptr_equal(table_longest(t, addr[k], 32, &p), before[k]);
			assert_int_equal(p, plen[k]);
		}
	}
	assert_int_equal(t->n, 20000);
	assert_true(nlong > 100); /* the trie's third level was walked */
	test_free(pdst);
	test_free(plen_of);
	sim_free(sim);
}

/* lookups of n (at most 256) grid addresses agree with the reference */
static void grid_lookups(struct host *h, const struct ref *R, int n, const char *what, int seq,
			 size_t step)
{
	uint32_t addr[256];

	for (int k = 0; k < n; k++)
		addr[k] = grid_addr();
	lookups_agree(h, R, addr, n, what, seq, step);
}

/* A kernel dump imported in its order: new prefixes wait for the hash (pending) until
 * its next use. Lookups along the way (the trie, built from pending prefixes too, and
 * the probing path, which takes them in), now and then a route out of order (from then
 * on every import probes), then changes: everything agrees with the reference. */
static void test_import_dump(void **state)
{
	(void)state;
	for (int seq = 0; seq < 6; seq++) {
		struct sim *sim = sim_new();
		struct host *h = sim_host_add(sim, "h");
		struct ref *dump = test_calloc(1, sizeof(*dump)), *R = test_calloc(1, sizeof(*R));
		struct diag d;

		rnd_state = (uint32_t)seq * 7919u + 3;
		while (dump->n < 3000) { /* the reference keeps the kernel's dump order */
			struct route r;

			grid_route(&r);
			ref_import(dump, &r);
		}
		for (size_t i = 0; i < dump->n; i++) {
			/* seq 0 and 1 stay in order throughout; the others now and then
			 * import a route from further on early (it comes again in its place,
			 * an alias then): from there on no prefix may be taken as new for
			 * sorting after the last one */
			if (seq >= 2 && rnd(200) == 0 && i + 1 < dump->n) {
				size_t ahead = dump->n - i - 1 < 50 ? dump->n - i - 1 : 50;
				struct route r = dump->r[i + 1 + rnd((uint32_t)ahead)];

				r.priority += 1000; /* another alias of that prefix, after it */
				ref_import(R, &r);
				host_route_import(h, &r);
			}
			ref_import(R, &dump->r[i]);
			host_route_import(h, &dump->r[i]);
			if (i % 97 == 0)
				grid_lookups(h, R, 16, "import", seq, i);
			if (i % 499 == 0)
				compare(h, R, seq, (int)i);
		}
		compare(h, R, seq, -1);
		/* one prefix each, with all its aliases */
		for (size_t i = 0, first, count; i < R->n; i += count) {
			size_t got = 0;

			ref_range(R, R->r[i].dst, R->r[i].plen, &first, &count);
			for (const struct route *a =
				     table_prefix(host_table(h, TB), R->r[i].dst, R->r[i].plen);
			     a; a = a->next)
				got++;
			if (got != count)
				fail_msg("import %d: %08x/%d has %zu aliases, reference %zu", seq,
					 R->r[i].dst, R->r[i].plen, got, count);
		}
		grid_lookups(h, R, 256, "imported", seq, dump->n);
		for (size_t step = 0; step < 600; step++) {
			struct route r;
			int rc, wrc;

			grid_route(&r);
			memset(&d, 0, sizeof(d));
			if (rnd(2) && R->n < REF_MAX - 1) {
				wrc = ref_insert(R, &r, ROUTE_APPEND);
				rc = host_route_insert(h, &r, ROUTE_APPEND, &d);
				assert_int_equal(rc, wrc);
			} else {
				const struct route *v = &R->r[rnd((uint32_t)R->n)];
				struct route_match m = { 0 };

				m.table = TB;
				m.dst = v->dst;
				m.plen = v->plen;
				m.tos = v->tos;
				m.scope = RT_SCOPE_NOWHERE;
				assert_int_equal(ref_delete(R, &m), 0);
				assert_int_equal(host_route_delete(h, &m, &d), 0);
			}
			if (step % 50 == 0)
				grid_lookups(h, R, 16, "changed", seq, step);
		}
		compare(h, R, seq, -2);
		test_free(dump);
		test_free(R);
		sim_free(sim);
	}
}

/* The trie gives its blocks back: /25s (a level-3 block each) and /17s in /16s the
 * table had no block for (a level-2 block each), added and removed again, leave the
 * trie as many blocks as before; added again, they cost no more than the first time.
 * Lookups stay right throughout (a /24 under each /25 answers once the /25 is gone). */
static void test_trie_blocks_freed(void **state)
{
	struct sim *sim = sim_new();
	struct host *h = sim_host_add(sim, "h");
	struct table *t;
	struct diag d;
	struct route r;
	size_t base, peak = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.table = TB;
	r.type = RTN_UNICAST;
	r.scope = RT_SCOPE_UNIVERSE;
	r.proto = RTPROT_BOOT;
	r.gw = 0x0a000002;
	for (uint32_t i = 0; i < 1000; i++) { /* 1000 /24s in 10.0.0.0/14: four level-2 blocks */
		r.dst = 0x0a000000 | i << 8;
		r.plen = 24;
		assert_int_equal(host_route_insert(h, &r, ROUTE_ADD, &d), 0);
	}
	t = host_table(h, TB);
	base = table_trie_blocks(t);
	assert_int_equal(base, 4);
	for (int round = 0; round < 3; round++) {
		for (uint32_t i = 0; i < 500; i++) {
			r.dst = 0x0a000080 | (i * 2) << 8; /* the upper half of every other /24 */
			r.plen = 25;
			assert_int_equal(host_route_insert(h, &r, ROUTE_ADD, &d), 0);
			r.dst = 0x14000000 | i << 16 | 0x8000; /* 20.i.128.0/17 */
			r.plen = 17;
			assert_int_equal(host_route_insert(h, &r, ROUTE_ADD, &d), 0);
		}
		if (round == 0)
			peak = table_trie_blocks(t);
		assert_int_equal(table_trie_blocks(t), peak);
		assert_int_equal(peak, base + 500 + 500);
		for (uint32_t i = 0; i < 500; i++) {
			struct route_match m;
			int plen = -1;
			const struct route *got;

			memset(&m, 0, sizeof(m));
			m.table = TB;
			m.scope = RT_SCOPE_NOWHERE;
			m.dst = 0x0a000080 | (i * 2) << 8;
			m.plen = 25;
			assert_int_equal(host_route_delete(h, &m, &d), 0);
			got = table_longest(t, m.dst | 1, 32, &plen);
			assert_non_null(got);
			assert_int_equal(plen, 24);
			m.dst = 0x14000000 | i << 16 | 0x8000;
			m.plen = 17;
			assert_int_equal(host_route_delete(h, &m, &d), 0);
			assert_null(table_longest(t, m.dst, 32, &plen));
		}
		assert_int_equal(table_trie_blocks(t), base);
	}
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_sequences),  cmocka_unit_test(test_large_random_order),
		cmocka_unit_test(test_big_tables),	  cmocka_unit_test(test_prefetch_big),
		cmocka_unit_test(test_trie_blocks_freed), cmocka_unit_test(test_import_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
