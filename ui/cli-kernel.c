/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli-kernel: `pktpath run --netns NAME [--follow] [--apply]`, `pktpath --live`. See
 * cli-kernel.h.
 */
#include "cli-kernel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "tools/kernel-io.h"

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

int kernel_session_fd(void)
{
	return live ? nl_live_fd(live) : -1;
}

void kernel_session_close(void)
{
	nl_live_close(live);
	live = NULL;
}

int kernel_apply_parse(const char *arg)
{
	if (strcmp(arg, "--apply") == 0)
		return APPLY_NS;
	if (strcmp(arg, "--apply=host") == 0)
		return APPLY_HOST;
	return -1;
}

/* The initial network namespace's inode number: PROC_NET_INIT_INO (0xEFFFFFF9), fixed
 * since Linux 3.8 (include/linux/proc_ns.h). */
#define NET_INIT_INO 0xEFFFFFF9UL

/* 1 = netns is the root network namespace (init_net, or the one of PID 1, e.g. a
 * container's), 0 = not, -1 = cannot tell */
static int is_root_netns(const char *netns)
{
	struct stat a, b;
	char path[512];

	if (!netns || !*netns || strcmp(netns, ".") == 0)
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	else if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	if (stat(path, &a) != 0)
		return -1;
	if (a.st_ino == NET_INIT_INO)
		return 1;
	if (stat("/proc/1/ns/net", &b) == 0) /* may be refused (another user's PID 1) */
		return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	return 0;
}

/* CAP_NET_ADMIN (12) in our effective set (/proc/self/status CapEff) */
static bool have_net_admin(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	bool ok = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0) {
			unsigned long long caps = strtoull(line + 7, NULL, 16);

			ok = (caps >> 12) & 1;
			break;
		}
	fclose(f);
	return ok;
}

int kernel_session_open(struct cmd_ctx *ctx, const char *netns, bool follow,
			enum kernel_apply apply)
{
	struct nl_import_stats st;
	struct host *h = NULL;
	char msg[512] = "";
	const char *name = strcmp(netns, ".") == 0 ? "kernel" : netns;
	int err;

	if (apply == APPLY_NS) {
		int root = is_root_netns(netns);

		if (root != 0) {
			fprintf(stderr,
				_("pktpath: --apply refused: %s the host's (root) network "
				  "namespace; "
				  "pktpath would change this machine's real routes and addresses. "
				  "Use "
				  "a throw-away namespace (ip netns add NAME; pktpath … --netns "
				  "NAME "
				  "--apply), or spell out --apply=host if you really mean it\n"),
				root > 0 ? _("this is") : _("cannot tell whether this is"));
			return 2;
		}
	}
	if (sim_host(ctx->sim, name)) {
		fprintf(stderr, _("pktpath: host \"%s\" exists already\n"), name);
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
	ctx->ksock_list = nl_sock_list;
	ctx->kct_list = nl_ct_list;
	if (apply != APPLY_NONE) {
		if (have_net_admin()) {
			ctx->kedit = nl_kedit;
		} else {
			fprintf(stderr,
				_("pktpath: --apply needs CAP_NET_ADMIN (run as root, or in a "
				  "namespace "
				  "you own: unshare -rn); staying read-only: edits change the "
				  "model, "
				  "never the kernel\n"));
		}
	}
	if (getenv("PKTPATH_IMPORT_STATS"))
		fprintf(stderr,
			_("pktpath: imported %s in %.3f s: %zu links, %zu addresses, %zu routes, "
			  "%zu "
			  "rules\n"),
			netns, st.seconds, st.links, st.addrs, st.routes, st.rules);
	if (st.multipath && st.mp_random_seed)
		fprintf(stderr,
			_("pktpath: %zu multipath routes, and fib_multipath_hash_seed is 0: the "
			  "kernel "
			  "hashes flows with a key of its own, so the path pktpath picks for a "
			  "flow "
			  "may "
			  "differ (sysctl -w net.ipv4.fib_multipath_hash_seed=N makes them "
			  "agree)\n"),
			st.multipath);
	if (st.unsupported)
		fprintf(stderr,
			_("pktpath: %zu objects or attributes the model cannot hold were "
			  "simplified\n"),
			st.unsupported);
	return 0;
}
