/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel-io: what the libnl adapter (src/netlink/, docs/architecture.md "Layers") offers
 * the front ends. Only src/netlink/ includes <netlink/...>; this header has none, so
 * ui/, the fuzz target and the benchmarks reach the adapter without naming a libnl-like
 * path. The adapter reads a real network namespace (links, IPv4 addresses, routes of
 * every table, rules, IPv4 sysctls, route exceptions) into a model host, follows its
 * changes, sends --apply edits and asks the kernel RTM_GETROUTE questions. Its entry
 * points use the command layer's types (struct cmd_ctx, struct kedit), so the header
 * sits in that layer; it is linked into ./pktpath only (build/libpktpath-nl.a), never
 * into unit tests.
 *
 * netns: NULL or "." = the current namespace, else a name under /run/netns (as `ip
 * netns` creates them). The adapter setns()es into it for the duration of a call and
 * then back; sockets opened inside stay bound to it.
 */
#ifndef PKTPATH_TOOLS_KERNEL_IO_H
#define PKTPATH_TOOLS_KERNEL_IO_H

#include <stddef.h>

#include "tools/cmd.h"
#include "net/kroute.h"
#include "net/ksock.h"
#include "net/model.h"

struct nl_import_stats {
	size_t links, addrs, routes, rules;
	size_t exceptions;   /* route exceptions made by ICMP redirects */
	size_t multipath;    /* multipath routes (every path is imported) */
	size_t nexthops;     /* nexthop objects */
	bool mp_random_seed; /* fib_multipath_hash_seed is 0: the kernel's key is unknown */
	size_t unsupported; /* objects or selectors the model cannot hold (skipped or simplified) */
	double seconds;	    /* wall time of the import */
};

/* Creates host `name` in sim from the namespace's state. Returns 0, or a negative errno
 * with msg filled (e.g. "cannot open /run/netns/x: No such file or directory"). */
int nl_import(struct sim *sim, const char *netns, const char *name, struct host **out,
	      struct nl_import_stats *st, char *msg, size_t msglen);

/* RTM_GETROUTE for one query, parsed with rtnl_route_parse(). A kroute_get_fn. */
int nl_route_get(const char *netns, const struct kroute_query *q, struct kroute_answer *a,
		 char *msg, size_t msglen);

/* Real sockets (libnl-idiag, inet_diag: TCP and UDP) and conntrack entries (libnl-nf)
 * of the namespace, IPv4, in the kernel's dump order. A ksock_list_fn / kct_list_fn
 * (ksock.h). */
int nl_sock_list(const char *netns, struct ksock **out, size_t *n, char *msg, size_t msglen);
int nl_ct_list(const char *netns, struct kct **out, size_t *n, char *msg, size_t msglen);

/* --apply: a kedit_fn (cmd.h). Sends the edit with libnl (netlink-apply.c); on success
 * re-imports h from its namespace, so the model equals the kernel's state. */
int nl_kedit(struct cmd_ctx *ctx, struct host *h, const struct kedit *e, struct cmd_out *o);
/* Re-imports h from its namespace (h->netns) in place. 0 or -1 with msg filled. */
int nl_resync(struct host *h, char *msg, size_t msglen);

/* Live following (docs/architecture.md "Real kernel mode": `pktpath --live`, `run
 * --follow`). Subscribes to the namespace's link, IPv4 address, route, rule, netconf and
 * nexthop notifications, then imports it (no event is lost in between). The caller polls
 * nl_live_fd() and calls nl_live_process() when it is readable (or once per loop). Route
 * notifications are applied to the model in place, at the alias position the kernel's
 * NLM_F_* flags give (netlink-live.c); link/address/rule changes (the kernel removes routes
 * without telling on link down, docs/kernel.md A9), an ENOBUFS overrun (the buffer is
 * enlarged) or a notification that does not fit the model trigger a full re-import
 * into the same host (resync). Either way the model equals the kernel's state after each
 * call. */
struct nl_live;
struct nl_live *nl_live_open(struct sim *sim, const char *netns, const char *name,
			     struct host **out, struct nl_import_stats *st, char *msg,
			     size_t msglen);
int nl_live_fd(const struct nl_live *lv);
/* 1 = the model changed, 0 = nothing happened, <0 = error (msg filled) */
int nl_live_process(struct nl_live *lv, char *msg, size_t msglen);
void nl_live_close(struct nl_live *lv);

struct nl_live_stats {
	size_t batches;	      /* nl_live_process calls that found something to do */
	size_t notifications; /* notifications read, of any kind */
	size_t applied;	      /* route notifications applied in place */
	size_t resyncs;	      /* full re-imports */
	size_t overruns;      /* ENOBUFS seen */
	int bufsize;	      /* the socket's receive buffer now (SO_RCVBUF), bytes */
	double apply_seconds, resync_seconds;
	char last[64]; /* how the last batch was handled */
};
void nl_live_get_stats(const struct nl_live *lv, struct nl_live_stats *st);

/* For the fuzz target (tests/fuzz/fuzz-netlink.c): the messages in buf (a netlink receive
 * buffer) read into h the way a real namespace's are: as a dump (addresses, routes and
 * rules imported; h's NICs must exist) or, with notifications set, as change
 * notifications applied in place (routes; others ask for a resync, which is reported as
 * -1). Returns 0 or -1. */
int nl_feed_buffer(struct host *h, const void *buf, size_t len, bool notifications);

#endif
