/*
 * bench-lookup: import a namespace (the libnl adapter), then time N output route
 * lookups (fib_route_output: rules, LPM, source selection) to random destinations.
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sim *sim = sim_new();
	struct nl_import_stats st;
	struct host *h;
	struct rusage ru;
	char msg[256];
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	unsigned seed = 12345;
	long ok = 0;
	double t0, t1;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-lookup NETNS [N]\n");
		return 2;
	}
	if (nl_import(sim, argv[1], argv[1], &h, &st, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "bench-lookup: %s\n", msg);
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("import_s %.3f routes %zu maxrss_kb %ld\n", st.seconds, st.routes, ru.ru_maxrss);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		struct flow fl;
		struct rtable rt;

		memset(&fl, 0, sizeof(fl));
		seed = seed * 1103515245u + 12345u;
		/* inside the benchmark's 11.0.0.0–26.x range most of the time */
		fl.daddr = (11u << 24) + (seed >> 4) % (1000000u << 8);
		fl.proto = 17;
		if (fib_route_output(h, &fl, &rt) == 0)
			ok++;
	}
	t1 = now_s();
	printf("lookups %ld ok %ld seconds %.3f per_s %.0f\n", n, ok, t1 - t0,
	       (double)n / (t1 - t0));
	sim_free(sim);
	return 0;
}
