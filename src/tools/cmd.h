/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd: the one command language of the console, scene files and key bindings.
 * A line is split into words; it may start with a host name ("comp1 ip route add …");
 * without one it runs on the current host. Network commands use the real tools'
 * syntax and print what the real tools print (stdout and stderr kept apart).
 *
 * cmd_exec() never exits and never touches a terminal: all output goes to the
 * caller-owned struct cmd_out.
 */
#ifndef PKTPATH_CMD_H
#define PKTPATH_CMD_H

#include "net/kroute.h"
#include "net/ksock.h"
#include "net/model.h"
#include "net/rtnames.h" /* route names and text shared with the front ends */
#include "base/util.h"

struct cmd_out {
	struct strbuf out;
	struct strbuf err;
	int rc; /* exit status the real tool would have returned */
};
void cmd_out_init(struct cmd_out *o);
void cmd_out_release(struct cmd_out *o);
void cmd_out_reset(struct cmd_out *o);
/* Exit statuses, as the real tools return them. iproute2: 1 for its own refusal (a
 * lookup that failed, an argument it checks itself), 2 for the kernel's, 255 for a
 * syntax error. iptables: 1 for the rule or chain lookup, 2 for a parameter problem, 3
 * for a table that does not exist, 4 for the kernel refusing the rule. conntrack, why
 * and the traffic verbs: 1 for a failure, 2 for a bad parameter. A shell's 127 for a
 * word that is no command. 0 with a message: a warning. */
enum cmd_exit {
	CMD_EXIT_OK = 0,
	CMD_EXIT_FAIL = 1,
	CMD_EXIT_USAGE = 2,
	CMD_EXIT_NOT_FOUND = 127,
	IP_EXIT_FAIL = 1,
	IP_EXIT_KERNEL = 2,
	IP_EXIT_SYNTAX = 255,
	IPT_EXIT_OTHER = 1,
	IPT_EXIT_PARAM = 2,
	IPT_EXIT_VERSION = 3,
	IPT_EXIT_RESOURCE = 4,
};

/* Appends a line to err and sets rc. Returns rc. */
int cmd_err(struct cmd_out *o, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct cmd_ctx;

/* --apply (docs/architecture.md "Real kernel mode"): an edit of a host imported from a
 * namespace, as iproute2 would send it (client-side defaults applied, nothing the kernel
 * decides), handed to the kernel instead of the model. Route fields that are 0 are not
 * sent. */
enum kedit_op {
	KEDIT_ROUTE_NEW, /* rop: add, append, prepend, replace, change */
	KEDIT_ROUTE_DEL,
	KEDIT_RULE_ADD,
	KEDIT_RULE_DEL,
	KEDIT_ADDR_ADD,
	KEDIT_ADDR_DEL,
	KEDIT_LINK_UPDOWN,
	KEDIT_NH_NEW, /* nh->replace: NLM_F_REPLACE, else NLM_F_EXCL */
	KEDIT_NH_DEL,
};
/* An `ip nexthop` request as iproute2's ipnh_modify() sends it */
struct kedit_nh {
	uint32_t id;
	bool id_given, inet; /* inet: nh_family AF_INET (dev, via or blackhole given) */
	int oif;	     /* NHA_OIF */
	bool oif_given;
	uint32_t gw;
	bool blackhole, onlink, replace;
	int proto;
	int ngrp; /* NHA_GROUP entries, -1: none */
	struct nh_grp_entry grp[MP_MAX];
};
struct kedit {
	enum kedit_op op;
	enum route_op rop;
	struct route route;
	const struct mpath *mp;	   /* a route's `nexthop …` paths, or NULL */
	const struct kedit_nh *nh; /* KEDIT_NH_* */
	bool metric_given;
	/* a route's `mtu N` and `advmss N` as given (the kernel caps them on an add and
	 * compares them as given on a delete); their locks are route.locks */
	bool has_mtu, has_advmss;
	uint32_t mtu, advmss;
	struct rule rule;
	bool pref_given;
	struct addr addr;
	bool local_given, plen_given, label_given;
	int ifindex; /* address and link edits */
	bool up;
};
/* Sends e to the kernel of h's namespace. The kernel's answer decides: on success h is
 * re-imported (it equals the kernel's state) and 0 returned; on refusal the kernel's
 * error is printed into o->err the way iproute2 prints it and nothing changes. */
typedef int (*kedit_fn)(struct cmd_ctx *ctx, struct host *h, const struct kedit *e,
			struct cmd_out *o);

struct cmd_ctx {
	struct sim *sim;
	struct host *cur;	  /* current host, may be NULL until the first command */
	const char *default_host; /* name used when a host is needed and none is current */
	/* Asks the real kernel (netlink.c's nl_route_get) for `why` on hosts imported from a
	 * namespace; set by the front end that links the libnl adapter, NULL otherwise. */
	kroute_get_fn kroute_get;
	/* Real kernel mode (set by the front end that links the libnl adapter, else NULL):
	 * kedit sends edits of imported hosts to the kernel (`--apply`); ksock_list and
	 * kct_list read the namespace's real sockets (`ss`, `why socket`) and conntrack
	 * entries (`conntrack -L`). */
	kedit_fn kedit;
	ksock_list_fn ksock_list;
	kct_list_fn kct_list;
};
/* True when edits on h go to the kernel (--apply on a host imported from a namespace). */
bool cmd_applying(const struct cmd_ctx *ctx, const struct host *h);
/* Under --apply: refuses an edit that pktpath cannot send to the kernel (it would change
 * only the model, which must stay equal to the kernel). Returns non-zero (error printed)
 * when refused, 0 when the caller may go on. */
int cmd_apply_refuse(const struct cmd_ctx *ctx, const struct host *h, struct cmd_out *o,
		     const char *what);

/* Splits a line into words (whitespace; "double" and 'single' quotes group).
 * Returns the number of words, fills argv (caller frees with cmd_free_words), -1 on
 * an unterminated quote. A '#' at the start of a word starts a comment. */
int cmd_split(const char *line, char ***argv);
void cmd_free_words(int argc, char **argv);

int cmd_exec(struct cmd_ctx *ctx, const char *line, struct cmd_out *o);
/* A hint for a stream of lines, changing nothing: buf holds the lines that come next.
 * The `[HOST] ip route get A.B.C.D` lines among the first ones get their routing
 * lookups' memory loads started together (fib_prefetch), so that cmd_exec of each,
 * later, finds them in the cache. Returns how many bytes it read: whole lines only, at
 * most TABLE_PREFETCH_MAX route gets of one host. */
size_t cmd_prefetch(struct cmd_ctx *ctx, const char *buf, size_t len);
/* Is w the first word of a command (ip, sysctl, iptables, a traffic verb, …)? A line whose
 * first word is not, but whose second is, starts with a host name. */
bool cmd_is_command_word(const char *w);

/* ip(8) and sysctl(8) on one host */
int ip_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);
int sysctl_main(struct host *h, int argc, char **argv, struct cmd_out *o);
struct ip_print;
int ip_neigh(struct host *h, const struct ip_print *pr, int argc, char **argv,
	     struct cmd_out *o); /* ip-neigh.c */
/* One `ip rule show` line, with its newline ("PREF:\tSELECTORS ACTION\n"), or in
 * JSON the rule's object. */
struct rule;
void ip_rule_fmt(const struct host *h, const struct rule *r, struct jw *w);
/* The states `ip neigh show` lists without a nud filter: all but NOARP (and NONE). */
#define NEIGH_SHOW_DEFAULT ((uint8_t)(0xff & ~NUD_NOARP))
/* One `ip neigh show` line, without its newline (dev: with "dev NAME"). */
struct neigh;
void neigh_fmt(const struct host *h, const struct neigh *ne, bool dev, struct jw *w);
/* traffic verbs (cmd-traffic.c): listen, connect, send, … */
bool traffic_is_verb(const char *w);
int traffic_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);
/* ss and conntrack -L on a host imported from a namespace: the kernel's own (cmd-real.c) */
int ss_real(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);
int conntrack_real(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);
/* why DST [from SRC] [iif DEV] [oif DEV] [mark N] [tos T] [ipproto P] [sport N] [dport N]
 * [uid N], why socket ADDR:PORT (cmd-why.c) */
int why_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o);

#endif
