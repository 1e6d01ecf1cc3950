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
 * Figures are medians over batches of BATCH lookups, in ns per lookup.
 * usage: bench-lookup NETNS [N]. Prints figures; not a pass/fail test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "net/fib.h"
#include "net/model.h"
#include "netlink/adapter.h"

enum { BATCH = 1000, REPEATED = 64 };

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

/* ---- the runs ---- */

enum what { TABLE, RULES, OUTPUT, OLD };

static struct host *H;
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
	}
}

static double median_ns(enum what w, const uint32_t *dst, size_t n)
{
	size_t nb = n / BATCH;
	double *t = malloc(nb * sizeof(*t)), m;

	for (size_t b = 0; b < nb; b++) {
		double t0 = now_ns();

		for (size_t i = 0; i < BATCH; i++)
			one(w, dst[b * BATCH + i]);
		t[b] = (now_ns() - t0) / BATCH;
	}
	qsort(t, nb, sizeof(*t), dbl_cmp);
	m = t[nb / 2];
	free(t);
	return m;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "fib_table_lookup (main, LPM)", "fib_lookup (rules + tables)",
					     "fib_route_output (ip route get)", "previous: 33 binary searches" };
	struct sim *sim = sim_new();
	struct nl_import_stats st;
	struct rusage ru;
	struct table *t;
	char msg[256];
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	uint32_t *rnd, *rep, seed = 12345;
	size_t k = 0, differ = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-lookup NETNS [N]\n");
		return 2;
	}
	if (n < BATCH)
		n = BATCH;
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
		table_for_each(t, r) {
			if (old_n == 0 || old_v[old_n - 1].dst != r->dst || old_v[old_n - 1].plen != r->plen)
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
		if (fib_table_lookup(H, RT_TABLE_MAIN, &fl, &res, 0) == 0 ? res.route != o
									 : o && o->type == RTN_UNICAST)
			differ++;
		k++;
	}
	printf("checked %zu destinations against the previous algorithm: %zu differ\n", k, differ);
	for (int w = TABLE; w <= OLD; w++)
		printf("lookup %-34s random %7.1f ns  repeated %7.1f ns\n", names[w],
		       median_ns((enum what)w, rnd, (size_t)n), median_ns((enum what)w, rep, (size_t)n));
	free(rnd);
	free(rep);
	free(old_v);
	sim_free(sim);
	return 0;
}
