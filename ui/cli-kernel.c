/*
 * cli-kernel: `pktpath run --netns NAME`. See cli-kernel.h.
 */
#include "cli-kernel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/netlink.h"

static struct nl_live *live;

int kernel_session_poll(struct cmd_ctx *ctx)
{
	char msg[512] = "";
	int rc;

	(void)ctx;
	if (!live)
		return 0;
	rc = nl_live_process(live, msg, sizeof(msg));
	if (rc < 0)
		fprintf(stderr, "pktpath: %s\n", msg);
	return rc > 0;
}

void kernel_session_close(void)
{
	nl_live_close(live);
	live = NULL;
}

int kernel_session_open(struct cmd_ctx *ctx, const char *netns, bool follow)
{
	struct nl_import_stats st;
	struct host *h = NULL;
	char msg[512] = "";
	const char *name = strcmp(netns, ".") == 0 ? "kernel" : netns;
	int err;

	if (sim_host(ctx->sim, name)) {
		fprintf(stderr, "pktpath: host \"%s\" exists already\n", name);
		return 1;
	}
	if (follow) {
		live = nl_live_open(ctx->sim, netns, name, &h, &st, msg, sizeof(msg));
		err = live ? 0 : -1;
	} else {
		err = nl_import(ctx->sim, netns, name, &h, &st, msg, sizeof(msg));
	}
	if (err) {
		fprintf(stderr, "pktpath: %s\n", msg);
		return 1;
	}
	ctx->cur = h;
	ctx->default_host = h->name;
	ctx->kroute_get = nl_route_get;
	if (getenv("PKTPATH_IMPORT_STATS"))
		fprintf(stderr,
			"pktpath: imported %s in %.3f s: %zu links, %zu addresses, %zu routes, %zu "
			"rules\n",
			netns, st.seconds, st.links, st.addrs, st.routes, st.rules);
	if (st.multipath)
		fprintf(stderr,
			"pktpath: %zu multipath routes: only the first nexthop was imported\n",
			st.multipath);
	if (st.unsupported)
		fprintf(stderr,
			"pktpath: %zu objects or attributes the model cannot hold were "
			"simplified\n",
			st.unsupported);
	return 0;
}
