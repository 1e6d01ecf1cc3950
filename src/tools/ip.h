/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip: what the parts of the ip(8) emulation share. ipcmd.c reads `ip [OPTIONS] OBJECT`
 * and hands the rest to the object's file, as iproute2 does: ip-route.c, ip-rule.c,
 * ip-link.c, ip-addr.c and ip-neigh.c.
 */
#ifndef PKTPATH_IP_H
#define PKTPATH_IP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cmd.h"
#include "net/fib.h"
#include "net/model.h"
#include "net/rtnames.h"

/* iproute2's matches(): cmd is a prefix of pattern */
static inline bool matches(const char *cmd, const char *pattern)
{
	if (!*cmd)
		return false;
	/* a pattern shorter than cmd ends in a NUL that differs from cmd's byte */
	for (; *cmd; cmd++, pattern++)
		if (*cmd != *pattern)
			return false;
	return true;
}

static inline const char *dev_name(const struct host *h, int ifindex)
{
	return rt_dev_name(h, ifindex);
}

#define E_INCOMPLETE(o) \
	cmd_err(o, IP_EXIT_SYNTAX, "Command line is not complete. Try option \"help\"")
#define NEXT_ARG()                              \
	do {                                    \
		if (--argc <= 0)                \
			return E_INCOMPLETE(o); \
		argv++;                         \
	} while (0)

static inline int invarg(struct cmd_out *o, const char *msg, const char *arg)
{
	return cmd_err(o, IP_EXIT_SYNTAX, "Error: argument \"%s\" is wrong: %s", arg, msg);
}

/* duparg(): a keyword that may come once came again */
static inline int duparg(struct cmd_out *o, const char *key, const char *arg)
{
	return cmd_err(o, IP_EXIT_SYNTAX, "Error: duplicate \"%s\": \"%s\" is the second value.",
		       key, arg);
}

static inline int no_dev(struct cmd_out *o, const char *name)
{
	return cmd_err(o, IP_EXIT_FAIL, "Cannot find device \"%s\"", name);
}

/* tos|dsfield VALUE: 0-255 */
static inline int tos_arg(const char *arg, uint8_t *tos, struct cmd_out *o)
{
	uint32_t v;

	if (!parse_u32(arg, &v) || v > 255)
		return invarg(o, "TOS value is invalid\n", arg);
	*tos = (uint8_t)v;
	return 0;
}

/* iproute2's names (rt_names.c): a route type, table, scope or protocol by name or
 * number; false when it is neither. */
bool rt_type_parse(const char *s, int *type);
bool rt_table_parse(const char *s, uint32_t *id);
bool rt_scope_parse(const char *s, int *scope);
bool rt_proto_parse(const char *s, int *proto);

/* A NIC as `ip link show` prints it, which `ip address show` repeats, text or JSON: the
 * first line (addr_mode: as ip address prints it, without "mode"), the peer's netns when
 * it is in another namespace, the link/ether line (netns: with that netns at its end). */
void fmt_link_header(const struct host *h, const struct nic *n, bool addr_mode, struct jw *w);
/* Is n a veth whose peer is in another namespace (simulated or imported)? */
bool link_other_netns(const struct host *h, const struct nic *n);
/* That namespace as ip prints it: " link-netns NAME" in text, "link_netnsid" in JSON */
void fmt_peer_netns(const struct host *h, const struct nic *n, struct jw *w);
void fmt_link_l2(const struct host *h, const struct nic *n, bool netns, struct jw *w);

/* fib_check_nh() for the path in r's own fields (gw, oif, nh_flags; r's table and scope):
 * fills nh_scope (and oif from the gateway's route); 0, or the kernel's error in o. */
int route_check_nh(struct host *h, struct route *r, struct cmd_out *o);
/* fib_check_nexthop(): a route of this scope may use nexthop object n (a group's first
 * member stands for all: "all nexthops in a group have the same scope"); 0, or the
 * kernel's error in o */
int route_check_nhobj(struct host *h, const struct nhobj *n, uint8_t scope, struct cmd_out *o);

/* The objects: the words after `ip route`, `ip rule`, `ip link`, `ip address`,
 * `ip nexthop`. */
/* ip's options that change how objects are printed: -j[son], -p[retty], -s[tatistics]
 * (the counters of links and addresses) */
struct ip_print {
	bool json, pretty, stats;
};
/* `ip route get …` (ip-route-get.c) */
/* print_cache_flags(): "\n    cache <redirected,…> " ("cache":[…] in JSON) */
void ip_route_cache_flags(uint32_t flags, struct jw *w);
int ip_route_get(struct host *h, const struct ip_print *opts, int argc, char **argv,
		 struct cmd_out *o);
int ip_route_cmd(struct cmd_ctx *ctx, struct host *h, const struct ip_print *opts, int argc,
		 char **argv, struct cmd_out *o);
int ip_rule_cmd(struct cmd_ctx *ctx, struct host *h, const struct ip_print *opts, int argc,
		char **argv, struct cmd_out *o);
int ip_nexthop_cmd(struct cmd_ctx *ctx, struct host *h, const struct ip_print *pr, int argc,
		   char **argv, struct cmd_out *o);
int ip_link_cmd(struct host *h, struct cmd_ctx *ctx, const struct ip_print *pr, int argc,
		char **argv, struct cmd_out *o);
/* ip -br link|addr [show] [[dev] NAME] (link: the link list, else the address list) */
int ip_brief(struct host *h, bool link, bool inet_only, int argc, char **argv, struct cmd_out *o);
int ip_addr_cmd(struct cmd_ctx *ctx, struct host *h, bool inet_only, const struct ip_print *pr,
		int argc, char **argv, struct cmd_out *o);
/* The counters of n as `ip -s link` prints them (print_stats64), an RX and a TX table */
void fmt_link_stats(const struct nic *n, struct strbuf *sb);

#endif
