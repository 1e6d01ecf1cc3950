/*
 * netlink: the libnl adapter (STYLE 2.8). The only code that includes <netlink/...>:
 * it reads a real network namespace (links, IPv4 addresses, routes of every table,
 * rules, IPv4 sysctls) into a model host, and asks the kernel RTM_GETROUTE questions.
 * Linked into ./pktpath only (build/libpktpath-nl.a), never into unit tests.
 *
 * netns: NULL or "." = the current namespace, else a name under /run/netns (as `ip
 * netns` creates them). The adapter setns()es into it for the duration of a call and
 * then back; sockets opened inside stay bound to it.
 */
#ifndef PKTPATH_NETLINK_H
#define PKTPATH_NETLINK_H

#include <stddef.h>

#include "kroute.h"
#include "model.h"

struct nl_import_stats {
	size_t links, addrs, routes, rules;
	size_t multipath; /* multipath routes: only the first nexthop was imported */
	size_t unsupported; /* objects or selectors the model cannot hold (skipped or simplified) */
	double seconds; /* wall time of the import */
};

/* Creates host `name` in sim from the namespace's state. Returns 0, or a negative errno
 * with msg filled (e.g. "cannot open /run/netns/x: No such file or directory"). */
int nl_import(struct sim *sim, const char *netns, const char *name, struct host **out,
	      struct nl_import_stats *st, char *msg, size_t msglen);

/* RTM_GETROUTE for one query, parsed with rtnl_route_parse(). A kroute_get_fn. */
int nl_route_get(const char *netns, const struct kroute_query *q, struct kroute_answer *a, char *msg,
		 size_t msglen);

#endif
