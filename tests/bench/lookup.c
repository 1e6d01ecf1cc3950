/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench-lookup: import a namespace (the libnl adapter), then time route lookups on it:
 * fib_table_lookup (one table: the LPM with backtracking), fib_lookup (the rules, then
 * the tables) and fib_route_output (the whole `ip route get` decision: rules, LPM,
 * source selection, address type), each on random destinations (a fresh one per
 * lookup, spread over the whole table) and on repeated ones (64 destinations cycled).
 * Beside them, the previous version's algorithm on the same routes and queries: one
 * sorted array, a binary search for each of the 33 prefix lengths (reimplemented here;
 * its answers are checked against the engine's).
 * Then a synthetic Internet-like table built in the engine alone (no namespace): INET
 * prefixes with the global BGP table's mix of lengths (/24 most, /8-/32 all present),
 * inserted in random order; lookups of destinations inside random prefixes of it, by
 * fib_table_lookup (the trie) and by the previous version's way (one hash probe per
 * prefix length the table holds, reimplemented with table_plens/table_prefix; answers
 * checked against each other).
 * Figures are medians over batches of BATCH lookups, in ns per lookup. Beside them, what
 * one read costs that misses every cache: a chain of dependent reads, each a random cache
 * line of a LATENCY_MIB array in huge pages. A lookup of a random destination in a big
 * table cannot be faster than one such read unless lookups overlap (the prefetched
 * figures).
 * usage: bench-lookup NETNS [N], or bench-lookup --inet [N] for the synthetic table
 * alone. Prints figures; not a pass/fail test (exit 1 only if answers differ).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "net/fib.h"
#include "net/model.h"
#include "tools/kernel-io.h"

enum { BATCH = 1000, REPEATED = 64, INET = 1000000, PREFETCH_GROUP = 32, LATENCY_MIB = 128 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- the previous algorithm ---- */

struct old_route {
	uint32_t dst;
	int plen;
	const struct route *r;
};

static struct old_route *old_v;
static size_t old_n;

static int old_cmp(uint32_t adst, int aplen, uint32_t bdst, int bplen)
{
	if (adst != bdst)
		return adst < bdst ? -1 : 1;
	if (aplen != bplen)
		return aplen > bplen ? -1 : 1;
	return 0;
}

/* the first alias of the longest prefix holding dst (no alias checks: all pass here) */
static const struct route *old_lookup(uint32_t daddr)
{
	for (int plen = 32; plen >= 0; plen--) {
		uint32_t key = plen ? daddr & (0xffffffffu << (32 - plen)) : 0;
		size_t lo = 0, hi = old_n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (old_cmp(old_v[mid].dst, old_v[mid].plen, key, plen) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < old_n && old_v[lo].dst == key && old_v[lo].plen == plen)
			return old_v[lo].r;
	}
	return NULL;
}

static char *volatile chain_end;

/* ns per read of a chain of dependent reads over random cache lines of LATENCY_MIB MiB */
static double dram_read_ns(void)
{
	size_t n = ((size_t)LATENCY_MIB << 20) / 64, hp = (size_t)2 << 20;
	char *a = aligned_alloc(hp, n * 64);
	size_t *perm = malloc(n * sizeof(*perm));
	uint32_t seed = 7;
	double t0, ns;
	char *q;
	const long reads = 2000000;

	if (!a || !perm) {
		free(a);
		free(perm);
		return 0;
	}
	madvise(a, n * 64, MADV_HUGEPAGE);
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n - 1; i > 0; i--) { /* one cycle through every line, in random order */
		size_t j, x;

		seed = seed * 1103515245u + 12345u;
		j = ((size_t)seed << 8 ^ (size_t)(seed >> 8)) % (i + 1);
		x = perm[i], perm[i] = perm[j], perm[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		*(char **)(a + perm[i] * 64) = a + perm[(i + 1) % n] * 64;
	q = a + perm[0] * 64;
	t0 = now_ns();
	for (long i = 0; i < reads; i++)
		q = *(char **)q;
	ns = (now_ns() - t0) / (double)reads;
	chain_end = q; /* the chain's end is used: the reads stay */
	free(perm);
	free(a);
	return ns;
}

/* ---- the runs ---- */

enum what { TABLE, RULES, OUTPUT, OLD, PROBE };

static struct host *H;

/* the previous version's longest-prefix match in one table: a hash probe per length */
static const struct route *probe_lookup(const struct table *t, uint32_t daddr)
{
	uint64_t plens = table_plens(t);

	while (plens) {
		int plen = 63 - __builtin_clzll(plens);
		const struct route *r =
			table_prefix(t, daddr & (plen ? 0xffffffffu << (32 - plen) : 0), plen);

		if (r)
			return r;
		plens &= ~(1ull << plen);
	}
	return NULL;
}
static volatile long sink;

static void one(enum what w, uint32_t daddr)
{
	struct flow fl;
	struct fib_result res;
	struct rtable rt;

	memset(&fl, 0, sizeof(fl));
	fl.daddr = daddr;
	fl.proto = 17;
	switch (w) {
	case TABLE:
		sink += fib_table_lookup(H, RT_TABLE_MAIN, &fl, &res, 0) == 0;
		break;
	case RULES:
		sink += fib_lookup(H, &fl, &res, 0) == 0;
		break;
	case OUTPUT:
		sink += fib_route_output(H, &fl, &rt) == 0;
		break;
	case OLD:
		sink += old_lookup(daddr) != NULL;
		break;
	case PROBE:
		sink += probe_lookup(host_table(H, RT_TABLE_MAIN), daddr) != NULL;
		break;
	}
}

/* 0: each lookup alone; else lookups in groups of this many, each group's memory
 * prefetched (fib_prefetch) while the group before it is looked up, as `pktpath run`
 * does for the `ip route get` lines ahead */
static size_t group;

static double median_ns(enum what w, const uint32_t *dst, size_t n)
{
	size_t nb = n / BATCH;
	double *t = malloc(nb * sizeof(*t)), m;

	for (size_t b = 0; b < nb; b++) {
		const uint32_t *d = dst + b * BATCH;
		double t0 = now_ns();

		if (group)
			fib_prefetch(H, d, group);
		for (size_t i = 0; i < BATCH; i++) {
			/* the next group's memory, while this one is looked up */
			if (group && i % group == 0 && i + group < BATCH)
				fib_prefetch(H, d + i + group,
					     i + 2 * group <= BATCH ? group : BATCH - i - group);
			one(w, d[i]);
		}
		t[b] = (now_ns() - t0) / BATCH;
	}
	qsort(t, nb, sizeof(*t), dbl_cmp);
	m = t[nb / 2];
	free(t);
	return m;
}

/* a prefix length drawn from the global table's mix (per mille, roughly 2024's) */
static int inet_plen(uint32_t x)
{
	static const struct {
		int plen, permille;
	} mix[] = { { 24, 600 }, { 23, 100 }, { 22, 120 }, { 21, 50 }, { 20, 40 }, { 19, 25 },
		    { 18, 10 },	 { 17, 7 },   { 16, 14 },  { 15, 3 },  { 14, 2 },  { 13, 2 },
		    { 12, 2 },	 { 11, 1 },   { 10, 1 },   { 9, 1 },   { 8, 1 },   { 25, 6 },
		    { 26, 4 },	 { 27, 3 },   { 28, 3 },   { 29, 2 },  { 30, 2 },  { 32, 1 } };
	uint32_t r = x % 1000, acc = 0;

	for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		acc += (uint32_t)mix[i].permille;
		if (r < acc)
			return mix[i].plen;
	}
	return 24;
}

static int bench_inet(long n)
{
	struct sim *sim = sim_new();
	struct diag d;
	struct table *t;
	uint32_t seed = 99, *pfx = malloc(INET * sizeof(*pfx)), *rnd, *rep;
	uint8_t *plen = malloc(INET);
	size_t np = 0, differ = 0;
	double t0, secs;
	struct route r;

	H = sim_host_add(sim, "inet");
	memset(&r, 0, sizeof(r));
	r.table = RT_TABLE_MAIN;
	r.type = RTN_UNICAST;
	r.proto = RTPROT_BOOT;
	r.scope = RT_SCOPE_UNIVERSE;
	r.gw = 0x0a000002;
	host_route_insert(H, &r, ROUTE_ADD, &d); /* default */
	t0 = now_ns();
	while (np < INET) {
		int l;

		seed = seed * 1103515245u + 12345u;
		l = inet_plen(seed >> 8);
		seed = seed * 1103515245u + 12345u;
		r.plen = (uint8_t)l;
		/* 1.0.0.0-223.255.255.255, as unicast space goes */
		r.dst = (0x01000000u + (seed ^ seed << 13) % 0xdf000000u) &
			(0xffffffffu << (32 - l));
		memset(&d, 0, sizeof(d));
		if (host_route_insert(H, &r, ROUTE_ADD, &d) == 0) {
			pfx[np] = r.dst;
			plen[np++] = (uint8_t)l;
		}
	}
	secs = (now_ns() - t0) / 1e9;
	t = host_table(H, RT_TABLE_MAIN);
	printf("inet table: %zu prefixes, %d lengths, inserted in %.2f s\n", t->n,
	       __builtin_popcountll(table_plens(t)), secs);
	rnd = malloc((size_t)n * sizeof(*rnd));
	rep = malloc((size_t)n * sizeof(*rep));
	for (long i = 0; i < n; i++) {
		size_t k;

		seed = seed * 1103515245u + 12345u;
		k = (seed >> 4) % np;
		seed = seed * 1103515245u + 12345u;
		rnd[i] = pfx[k] | ((seed >> 3) & ~(0xffffffffu << (32 - plen[k])) &
				   (plen[k] ? 0xffffffffu : 0));
		rep[i] = rnd[i % REPEATED];
	}
	for (long i = 0; i < n && i < 100000; i++) {
		struct flow fl;
		struct fib_result res;

		memset(&fl, 0, sizeof(fl));
		fl.daddr = rnd[i];
		if (fib_table_lookup(H, RT_TABLE_MAIN, &fl, &res, 0) != 0 ||
		    res.route != probe_lookup(t, rnd[i]))
			differ++;
	}
	printf("inet checked %ld destinations against probing: %zu differ\n",
	       n < 100000 ? n : 100000, differ);
	printf("inet %-36s %7.1f ns (the floor for a lookup that misses the cache)\n",
	       "reference: one dependent DRAM read", dram_read_ns());
	printf("inet %-36s random %7.1f ns  repeated %7.1f ns\n", "fib_table_lookup (trie)",
	       median_ns(TABLE, rnd, (size_t)n), median_ns(TABLE, rep, (size_t)n));
	group = PREFETCH_GROUP;
	printf("inet %-36s random %7.1f ns  repeated %7.1f ns\n", "fib_table_lookup, prefetched",
	       median_ns(TABLE, rnd, (size_t)n), median_ns(TABLE, rep, (size_t)n));
	group = 0;
	printf("inet %-36s random %7.1f ns  repeated %7.1f ns\n",
	       "previous: a hash probe per length", median_ns(PROBE, rnd, (size_t)n),
	       median_ns(PROBE, rep, (size_t)n));
	free(rnd);
	free(rep);
	free(pfx);
	free(plen);
	sim_free(sim);
	return differ != 0;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "fib_table_lookup (main, LPM)",
					     "fib_lookup (rules + tables)",
					     "fib_route_output (ip route get)",
					     "previous: 33 binary searches" };
	static const char *const prefetched[] = { "fib_table_lookup, prefetched",
						  "fib_lookup, prefetched",
						  "fib_route_output, prefetched" };
	struct sim *sim = sim_new();
	struct nl_import_stats st;
	struct rusage ru;
	struct table *t;
	char msg[256];
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	uint32_t *rnd, *rep, seed = 12345;
	size_t k = 0, differ = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-lookup NETNS|--inet [N]\n");
		return 2;
	}
	if (n < BATCH)
		n = BATCH;
	if (strcmp(argv[1], "--inet") == 0)
		return bench_inet(n);
	if (nl_import(sim, argv[1], argv[1], &H, &st, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "bench-lookup: %s\n", msg);
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("import_s %.3f routes %zu maxrss_kb %ld\n", st.seconds, st.routes, ru.ru_maxrss);

	/* main's routes as the previous version held them */
	t = host_table(H, RT_TABLE_MAIN);
	old_v = malloc((t ? t->n : 0) * sizeof(*old_v) + 1);
	if (t)
		table_for_each(t, r)
		{
			if (old_n == 0 || old_v[old_n - 1].dst != r->dst ||
			    old_v[old_n - 1].plen != r->plen)
				old_v[old_n++] = (struct old_route){ r->dst, r->plen, r };
		}

	rnd = malloc((size_t)n * sizeof(*rnd));
	rep = malloc((size_t)n * sizeof(*rep));
	for (long i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		/* inside the benchmark's 11.0.0.0–26.x range most of the time */
		rnd[i] = (11u << 24) + (seed >> 4) % (1000000u << 8);
		rep[i] = rnd[i % REPEATED];
	}
	/* the previous algorithm must give the same answers */
	for (long i = 0; i < n && i < 100000; i++) {
		struct flow fl;
		struct fib_result res;
		const struct route *o = old_lookup(rnd[i]);

		memset(&fl, 0, sizeof(fl));
		fl.daddr = rnd[i];
		/* a blackhole answers with an error and no route */
		if (fib_table_lookup(H, RT_TABLE_MAIN, &fl, &res, 0) == 0
			    ? res.route != o
			    : o && o->type == RTN_UNICAST)
			differ++;
		k++;
	}
	printf("checked %zu destinations against the previous algorithm: %zu differ\n", k, differ);
	for (int w = TABLE; w <= OLD; w++)
		printf("lookup %-34s random %7.1f ns  repeated %7.1f ns\n", names[w],
		       median_ns((enum what)w, rnd, (size_t)n),
		       median_ns((enum what)w, rep, (size_t)n));
	group = PREFETCH_GROUP;
	for (int w = TABLE; w <= OUTPUT; w++)
		printf("lookup %-34s random %7.1f ns  repeated %7.1f ns\n", prefetched[w],
		       median_ns((enum what)w, rnd, (size_t)n),
		       median_ns((enum what)w, rep, (size_t)n));
	group = 0;
	free(rnd);
	free(rep);
	free(old_v);
	sim_free(sim);
	return bench_inet(n);
}
