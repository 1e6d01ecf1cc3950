/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench-follow: follow a namespace the way the TUI does (ui/live.c: poll() on stdin and
 * nl_live_fd(), nl_live_process() whenever the socket is readable), for the churn
 * benchmark (tests/bench/churn.sh). usage: bench-follow NETNS
 * stdin commands, one per line:
 *   sync      process until nothing is pending, then print "synced" and the counters
 *   show      print pktpath's `ip route show table all` (then a line "END")
 * Not a pass/fail test; churn.sh compares `show` with the real ip.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "tools/cmd.h"
#include "net/model.h"
#include "tools/kernel-io.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double busy; /* seconds inside nl_live_process */

static int process(struct nl_live *lv)
{
	char msg[256] = "";
	double t0 = now_s();
	int rc = nl_live_process(lv, msg, sizeof(msg));

	busy += now_s() - t0;
	if (rc < 0)
		fprintf(stderr, "bench-follow: %s\n", msg);
	return rc;
}

int main(int argc, char **argv)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { .sim = sim };
	struct nl_import_stats st;
	struct nl_live_stats ls;
	struct nl_live *lv;
	struct host *h;
	struct rusage ru;
	char msg[256], line[256];

	if (argc < 2) {
		fprintf(stderr, "usage: bench-follow NETNS\n");
		return 2;
	}
	lv = nl_live_open(sim, argv[1], argv[1], &h, &st, msg, sizeof(msg));
	if (!lv) {
		fprintf(stderr, "bench-follow: %s\n", msg);
		return 1;
	}
	ctx.cur = h;
	ctx.default_host = h->name;
	host_tables_settle(h); /* as the TUI does once its first screen is out */
	getrusage(RUSAGE_SELF, &ru);
	printf("ready import_s %.3f routes %zu maxrss_kb %ld\n", st.seconds, st.routes,
	       ru.ru_maxrss);
	fflush(stdout);
	for (;;) {
		struct pollfd pfd[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
					 { .fd = nl_live_fd(lv), .events = POLLIN } };

		if (poll(pfd, 2, -1) < 0)
			break;
		if (pfd[1].revents & POLLIN)
			process(lv);
		if (!(pfd[0].revents & (POLLIN | POLLHUP)))
			continue;
		if (!fgets(line, sizeof(line), stdin))
			break;
		if (strncmp(line, "sync", 4) == 0) {
			while (process(lv) > 0)
				;
			nl_live_get_stats(lv, &ls);
			getrusage(RUSAGE_SELF, &ru);
			printf("synced notifications %zu applied %zu resyncs %zu overruns %zu "
			       "busy_s %.3f apply_s %.3f resync_s %.3f bufsize %d maxrss_kb %ld\n",
			       ls.notifications, ls.applied, ls.resyncs, ls.overruns, busy,
			       ls.apply_seconds, ls.resync_seconds, ls.bufsize, ru.ru_maxrss);
		} else if (strncmp(line, "show", 4) == 0) {
			struct cmd_out o;

			cmd_out_init(&o);
			cmd_exec(&ctx, "ip route show table all", &o);
			fwrite(o.out.buf, 1, o.out.len, stdout);
			cmd_out_release(&o);
			printf("END\n");
		}
		fflush(stdout);
	}
	nl_live_close(lv);
	sim_free(sim);
	return 0;
}
