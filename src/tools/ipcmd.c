/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipcmd: ip(8) on a simulated host — link, address, route, rule — with iproute2 6.1's
 * grammar, output and error messages (docs/kernel.md §12) byte for byte.
 *
 * The parser follows iproute2's keyword loops (ip/iproute.c iproute_modify(),
 * ip/ipaddress.c ipaddr_modify(), ip/iprule.c iprule_modify()) but never exits: every
 * error becomes text in struct cmd_out and a return code (iproute2's exit status:
 * 1 for its own lookup failures, 2 for kernel errors, 255 for syntax errors).
 * Validation happens before anything changes, so a failing command changes nothing —
 * except where the kernel itself keeps a side effect (a table created by a failed
 * `ip route add`, as fib_new_table() runs before fib_table_insert()).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "net/fib.h"
#include "net/model.h"
#include "net/rtnames.h"

/* ---- names ---- */

static bool rt_type_parse(const char *s, int *type)
{
	return rt_type_from_name(s, type);
}

static bool rt_table_parse(const char *s, uint32_t *id)
{
	if (strcmp(s, "local") == 0)
		*id = RT_TABLE_LOCAL;
	else if (strcmp(s, "main") == 0)
		*id = RT_TABLE_MAIN;
	else if (strcmp(s, "default") == 0)
		*id = RT_TABLE_DEFAULT;
	else if (strcmp(s, "unspec") == 0)
		*id = RT_TABLE_UNSPEC;
	else
		return parse_u32(s, id);
	return true;
}

static bool rt_scope_parse(const char *s, int *scope)
{
	uint32_t v;

	if (strcmp(s, "global") == 0 || strcmp(s, "universe") == 0)
		*scope = RT_SCOPE_UNIVERSE;
	else if (strcmp(s, "site") == 0)
		*scope = RT_SCOPE_SITE;
	else if (strcmp(s, "link") == 0)
		*scope = RT_SCOPE_LINK;
	else if (strcmp(s, "host") == 0)
		*scope = RT_SCOPE_HOST;
	else if (strcmp(s, "nowhere") == 0)
		*scope = RT_SCOPE_NOWHERE;
	else if (parse_u32(s, &v) && v <= 255)
		*scope = (int)v;
	else
		return false;
	return true;
}

static bool rt_proto_parse(const char *s, int *proto)
{
	uint32_t v;

	if (rt_proto_from_name(s, proto))
		return true;
	if (parse_u32(s, &v) && v <= 255) {
		*proto = (int)v;
		return true;
	}
	return false;
}

/* iproute2's matches(): cmd is a prefix of pattern */
static bool matches(const char *cmd, const char *pattern)
{
	size_t n = strlen(cmd);

	return n > 0 && n <= strlen(pattern) && strncmp(cmd, pattern, n) == 0;
}

static const char *dev_name(const struct host *h, int ifindex)
{
	return rt_dev_name(h, ifindex);
}

#define E_INCOMPLETE(o) cmd_err(o, 255, "Command line is not complete. Try option \"help\"")
#define NEXT_ARG()                              \
	do {                                    \
		if (--argc <= 0)                \
			return E_INCOMPLETE(o); \
		argv++;                         \
	} while (0)

static int invarg(struct cmd_out *o, const char *msg, const char *arg)
{
	return cmd_err(o, 255, "Error: argument \"%s\" is wrong: %s", arg, msg);
}

static int no_dev(struct cmd_out *o, const char *name)
{
	return cmd_err(o, 1, "Cannot find device \"%s\"", name);
}

/* ---- route printing ---- */

/* ---- route show / flush ---- */

struct route_filter {
	uint32_t table; /* 0 = all */
	bool table_given;
	int oif;   /* 0 = any */
	int proto; /* -1 any */
	int scope; /* -1 any */
	int type;  /* -1 any */
	bool has_via, has_src;
	uint32_t via, src;
	unsigned hide;
	bool has_prefix;
	uint32_t pfx;
	int plen;
	enum { PFX_EXACT, PFX_ROOT, PFX_MATCH } pfx_kind;
};

static bool filter_route(const struct route_filter *f, const struct route *r)
{
	if (f->oif && r->oif != f->oif)
		return false;
	if (f->proto >= 0 && r->proto != f->proto)
		return false;
	if (f->scope >= 0 && r->scope != f->scope)
		return false;
	if (f->type >= 0 && r->type != f->type)
		return false;
	if (f->has_via && r->gw != f->via)
		return false;
	if (f->has_src && r->prefsrc != f->src)
		return false;
	if (f->has_prefix) {
		switch (f->pfx_kind) {
		case PFX_EXACT:
			if (r->plen != f->plen || r->dst != f->pfx)
				return false;
			break;
		case PFX_ROOT: /* routes inside the prefix */
			if (r->plen < f->plen || !ip_in_prefix(r->dst, f->pfx, f->plen))
				return false;
			break;
		case PFX_MATCH: /* routes covering the prefix */
			if (r->plen > f->plen || !ip_in_prefix(f->pfx, r->dst, r->plen))
				return false;
			break;
		}
	}
	return true;
}

/* Tables in the kernel's dump order: hash bucket (id & 255) ascending, newest first. */
static size_t tables_dump_order(const struct host *h, const struct table **out)
{
	size_t n = 0;

	for (size_t i = 0; i < h->ntables; i++)
		out[n++] = &h->tables[i];
	for (size_t i = 1; i < n; i++) {
		const struct table *t = out[i];
		size_t j = i;

		while (j > 0) {
			const struct table *p = out[j - 1];
			uint32_t bp = p->id & 255, bt = t->id & 255;

			if (bp < bt || (bp == bt && p->created > t->created))
				break;
			out[j] = p;
			j--;
		}
		out[j] = t;
	}
	return n;
}

static int parse_route_filter(struct host *h, int argc, char **argv, struct route_filter *f,
			      struct cmd_out *o)
{
	memset(f, 0, sizeof(*f));
	f->table = RT_TABLE_MAIN;
	f->proto = f->scope = f->type = -1;
	while (argc > 0) {
		if (matches(*argv, "table")) {
			NEXT_ARG();
			if (strcmp(*argv, "all") == 0) {
				f->table = 0;
			} else if (strcmp(*argv, "cache") == 0) {
				f->table = 0; /* there is no IPv4 route cache to list (C1) */
			} else if (!rt_table_parse(*argv, &f->table)) {
				return invarg(o, "table id value is invalid\n", *argv);
			}
			f->table_given = true;
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "oif") == 0) {
			struct nic *n;

			NEXT_ARG();
			n = host_nic(h, *argv);
			if (!n)
				return no_dev(o, *argv);
			f->oif = n->ifindex;
			f->hide |= HIDE_DEV;
		} else if (strcmp(*argv, "via") == 0 || strcmp(*argv, "src") == 0) {
			bool via = strcmp(*argv, "via") == 0;
			uint32_t a;

			NEXT_ARG();
			if (strcmp(*argv, "inet") == 0)
				NEXT_ARG();
			if (!ip_parse(*argv, &a))
				return cmd_err(
					o, 1,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			if (via) {
				f->has_via = true;
				f->via = a;
				f->hide |= HIDE_VIA;
			} else {
				f->has_src = true;
				f->src = a;
				f->hide |= HIDE_SRC;
			}
		} else if (matches(*argv, "protocol")) {
			NEXT_ARG();
			if (strcmp(*argv, "all") == 0) {
				f->proto = -1;
			} else {
				if (!rt_proto_parse(*argv, &f->proto))
					return invarg(o, "invalid \"protocol\"\n", *argv);
				f->hide |= HIDE_PROTO;
			}
		} else if (strcmp(*argv, "scope") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "all") == 0) {
				f->scope = -1;
			} else {
				if (!rt_scope_parse(*argv, &f->scope))
					return invarg(o, "invalid \"scope\"\n", *argv);
				f->hide |= HIDE_SCOPE;
			}
		} else if (strcmp(*argv, "type") == 0) {
			NEXT_ARG();
			if (!rt_type_parse(*argv, &f->type))
				return invarg(o, "node type value is invalid\n", *argv);
		} else if (strcmp(*argv, "cache") == 0) {
			f->table = 0;
		} else {
			int kind = PFX_EXACT;
			int plen;

			if (matches(*argv, "root")) {
				NEXT_ARG();
				kind = PFX_ROOT;
			} else if (matches(*argv, "match")) {
				NEXT_ARG();
				kind = PFX_MATCH;
			} else if (matches(*argv, "exact")) {
				NEXT_ARG();
			} else if (strcmp(*argv, "to") == 0) {
				NEXT_ARG();
			}
			if (strcmp(*argv, "default") == 0 || strcmp(*argv, "all") == 0) {
				f->pfx = 0;
				plen = strcmp(*argv, "all") == 0 ? 0 : 0;
				if (strcmp(*argv, "all") == 0) {
					argc--, argv++;
					continue;
				}
			} else if (!prefix_parse(*argv, &f->pfx, &plen)) {
				return cmd_err(
					o, 1,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			}
			if (plen < 0)
				plen = 32;
			f->pfx &= ip_mask(plen);
			f->plen = plen;
			f->has_prefix = true;
			f->pfx_kind = kind;
		}
		argc--, argv++;
	}
	return 0;
}

static int route_show(struct host *h, int argc, char **argv, struct cmd_out *o, bool flush)
{
	struct route_filter f;
	const struct table **order;
	size_t nt;
	int rc;

	if (flush && argc == 0)
		return cmd_err(o, 1, "\"ip route flush\" requires arguments.");
	rc = parse_route_filter(h, argc, argv, &f, o);
	if (rc)
		return rc;
	if (flush && f.table == 0 && !f.table_given)
		f.table = RT_TABLE_MAIN;
	if (f.table != 0 && !host_table(h, f.table)) {
		if (!flush && f.table == RT_TABLE_MAIN)
			return 0;
		cmd_err(o, 2, "Error: ipv4: FIB table does not exist.");
		return cmd_err(o, 2, flush ? "Flush terminated" : "Dump terminated");
	}
	if (flush) {
		for (size_t ti = 0; ti < h->ntables; ti++) {
			struct table *t = &h->tables[ti];

			if (f.table && t->id != f.table)
				continue;
			for (struct route *r = table_first(t), *next; r; r = next) {
				next = table_next(t, r);
				if (filter_route(&f, r))
					host_route_remove(h, t, r);
			}
		}
		return 0;
	}
	order = xcalloc(h->ntables + 1, sizeof(*order));
	nt = tables_dump_order(h, order);
	for (size_t ti = 0; ti < nt; ti++) {
		const struct table *t = order[ti];

		if (f.table && t->id != f.table)
			continue;
		table_for_each(t, r) if (filter_route(&f, r))
			route_fmt(h, r, f.table == 0, f.hide, &o->out);
	}
	free(order);
	return 0;
}

/* ---- route add/del/replace/... ---- */

static const uint8_t fib_props_scope[RTN__MAX] = {
	[RTN_UNSPEC] = RT_SCOPE_NOWHERE,     [RTN_UNICAST] = RT_SCOPE_UNIVERSE,
	[RTN_LOCAL] = RT_SCOPE_HOST,	     [RTN_BROADCAST] = RT_SCOPE_LINK,
	[RTN_ANYCAST] = RT_SCOPE_LINK,	     [RTN_MULTICAST] = RT_SCOPE_UNIVERSE,
	[RTN_BLACKHOLE] = RT_SCOPE_UNIVERSE, [RTN_UNREACHABLE] = RT_SCOPE_UNIVERSE,
	[RTN_PROHIBIT] = RT_SCOPE_UNIVERSE,  [RTN_THROW] = RT_SCOPE_UNIVERSE,
	[RTN_NAT] = RT_SCOPE_NOWHERE,	     [RTN_XRESOLVE] = RT_SCOPE_NOWHERE,
};

static bool type_is_error(int type)
{
	return type == RTN_BLACKHOLE || type == RTN_UNREACHABLE || type == RTN_PROHIBIT ||
	       type == RTN_THROW || type == RTN_NAT || type == RTN_XRESOLVE;
}

/* fib_check_nh_v4_gw() (A7.3, A7.4) */
static int check_nh_gw(struct host *h, struct route *r, struct cmd_out *o)
{
	struct fib_result res;
	struct flow fl = { 0 };
	const struct nic *dev;
	int err;

	if (r->nh_flags & NH_F_ONLINK) {
		int t;

		if (r->scope >= RT_SCOPE_LINK)
			return cmd_err(o, 2, "Error: Nexthop has invalid scope.");
		dev = host_nic_by_index_c(h, r->oif);
		if (!dev)
			return cmd_err(o, 2, "Error: Nexthop device required for onlink.");
		if (!dev->up)
			return cmd_err(o, 2, "Error: Nexthop device is not up.");
		t = inet_addr_type_table(h, r->gw, RT_TABLE_LOCAL);
		if (t != RTN_UNICAST)
			return cmd_err(o, 2, "Error: Nexthop has invalid gateway.");
		if (!nic_carrier(h, dev))
			r->nh_flags |= NH_F_LINKDOWN;
		r->nh_scope = RT_SCOPE_LINK;
		return 0;
	}
	fl.daddr = r->gw;
	fl.scope = (uint8_t)(r->scope + 1 < RT_SCOPE_LINK ? RT_SCOPE_LINK : r->scope + 1);
	fl.oif = r->oif;
	fl.iif = LOOPBACK_IFINDEX;
	err = -EAGAIN;
	if (r->table && r->table != RT_TABLE_MAIN && host_table(h, r->table))
		err = fib_table_lookup(h, r->table, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE);
	else
		err = 1;
	if (err)
		err = fib_lookup(h, &fl, &res, FIB_LOOKUP_IGNORE_LINKSTATE);
	if (err)
		return cmd_err(o, 2, "Error: Nexthop has invalid gateway.");
	if (res.type != RTN_UNICAST && res.type != RTN_LOCAL)
		return cmd_err(o, 2, "Error: Nexthop has invalid gateway.");
	r->nh_scope = res.scope;
	r->oif = res.route->oif;
	dev = host_nic_by_index_c(h, r->oif);
	if (!dev)
		return cmd_err(o, 2, "Error: No egress device for nexthop gateway.");
	if (!nic_carrier(h, dev))
		r->nh_flags |= NH_F_LINKDOWN;
	if (!dev->up)
		return cmd_err(o, 2, "RTNETLINK answers: Network is down");
	return 0;
}

/* fib_create_info() checks, in the kernel's order. */
static int route_create_info(struct host *h, struct route *r, struct cmd_out *o)
{
	if (r->type >= RTN__MAX)
		return cmd_err(o, 2, "RTNETLINK answers: Invalid argument");
	if (fib_props_scope[r->type] > r->scope)
		return cmd_err(o, 2, "Error: Invalid scope.");
	if (type_is_error(r->type)) {
		if (r->gw || r->oif)
			return cmd_err(o, 2,
				       "Error: Gateway, device and multipath can not be specified "
				       "for this route type.");
		goto prefsrc;
	}
	if (r->type != RTN_UNICAST && r->type != RTN_LOCAL && r->type != RTN_BROADCAST &&
	    r->type != RTN_ANYCAST && r->type != RTN_MULTICAST)
		return cmd_err(o, 2, "Error: Invalid route type.");
	if (r->scope > RT_SCOPE_HOST)
		return cmd_err(o, 2, "Error: Invalid scope.");
	if (r->scope == RT_SCOPE_HOST) {
		if (r->gw)
			return cmd_err(o, 2,
				       "Error: Route with host scope can not have a gateway.");
		r->nh_scope = RT_SCOPE_NOWHERE;
		if (!host_nic_by_index_c(h, r->oif))
			return cmd_err(o, 2, "RTNETLINK answers: No such device");
	} else if (r->gw) {
		int rc = check_nh_gw(h, r, o);

		if (rc)
			return rc;
	} else {
		const struct nic *dev;

		if (r->nh_flags & NH_F_ONLINK)
			return cmd_err(o, 2,
				       "Error: Invalid flags for nexthop - PERVASIVE and ONLINK "
				       "can not be set.");
		dev = host_nic_by_index_c(h, r->oif);
		if (!dev)
			return cmd_err(o, 2, "RTNETLINK answers: No such device");
		if (!dev->up)
			return cmd_err(o, 2, "Error: Device for nexthop is not up.");
		r->nh_scope = RT_SCOPE_HOST;
		if (!nic_carrier(h, dev))
			r->nh_flags |= NH_F_LINKDOWN;
	}
prefsrc:
	if (r->prefsrc && !fib_valid_prefsrc(h, r))
		return cmd_err(o, 2, "Error: Invalid prefsrc address.");
	return 0;
}

static int route_modify(struct cmd_ctx *ctx, struct host *h, int argc, char **argv,
			struct cmd_out *o, const char *verb)
{
	bool del = strcmp(verb, "del") == 0;
	struct route r = { 0 };
	bool dst_ok = false, scope_ok = false, proto_ok = false, type_ok = false,
	     table_given = false;
	bool metric_ok = false;
	int type = RTN_UNICAST;
	int plen = -1;
	uint32_t dst = 0;
	const char *devname = NULL;

	r.table = RT_TABLE_MAIN;
	if (!del) {
		r.proto = RTPROT_BOOT;
		r.scope = RT_SCOPE_UNIVERSE;
	} else {
		r.scope = RT_SCOPE_NOWHERE;
		type = RTN_UNSPEC;
	}
	while (argc > 0) {
		if (strcmp(*argv, "src") == 0) {
			NEXT_ARG();
			if (!ip_parse(*argv, &r.prefsrc))
				return cmd_err(
					o, 1, "Error: inet address is expected rather than \"%s\".",
					*argv);
		} else if (strcmp(*argv, "via") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "inet") == 0)
				NEXT_ARG();
			if (!ip_parse(*argv, &r.gw))
				return cmd_err(
					o, 1, "Error: inet address is expected rather than \"%s\".",
					*argv);
		} else if (strcmp(*argv, "tos") == 0 || matches(*argv, "dsfield")) {
			uint32_t tos;

			NEXT_ARG();
			if (!parse_u32(*argv, &tos) || tos > 255)
				return invarg(o, "TOS value is invalid\n", *argv);
			r.tos = (uint8_t)tos;
		} else if (strcmp(*argv, "metric") == 0 || strcmp(*argv, "priority") == 0 ||
			   strcmp(*argv, "preference") == 0) {
			NEXT_ARG();
			if (!parse_u32(*argv, &r.priority))
				return invarg(o, "\"metric\" value is invalid\n", *argv);
			metric_ok = true;
		} else if (strcmp(*argv, "scope") == 0) {
			int s;

			NEXT_ARG();
			if (!rt_scope_parse(*argv, &s))
				return invarg(o, "invalid \"scope\" value\n", *argv);
			r.scope = (uint8_t)s;
			scope_ok = true;
		} else if (matches(*argv, "protocol")) {
			int p;

			NEXT_ARG();
			if (!rt_proto_parse(*argv, &p))
				return invarg(o, "\"protocol\" value is invalid\n", *argv);
			r.proto = (uint8_t)p;
			proto_ok = true;
		} else if (matches(*argv, "table")) {
			NEXT_ARG();
			if (!rt_table_parse(*argv, &r.table))
				return invarg(o, "\"table\" value is invalid\n", *argv);
			table_given = true;
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "oif") == 0) {
			NEXT_ARG();
			devname = *argv;
		} else if (strcmp(*argv, "onlink") == 0) {
			r.nh_flags |= NH_F_ONLINK;
		} else if (strcmp(*argv, "nexthop") == 0 || strcmp(*argv, "nhid") == 0 ||
			   strcmp(*argv, "encap") == 0 || strcmp(*argv, "mtu") == 0 ||
			   strcmp(*argv, "realms") == 0 || strcmp(*argv, "expires") == 0) {
			return cmd_err(o, 1, "Error: pktpath does not model \"%s\" on routes.",
				       *argv);
		} else {
			int t;

			if (strcmp(*argv, "to") == 0)
				NEXT_ARG();
			if ((**argv < '0' || **argv > '9') && rt_type_parse(*argv, &t)) {
				NEXT_ARG();
				type = t;
				type_ok = true;
			}
			if (dst_ok)
				return cmd_err(o, 255,
					       "Error: either \"to\" is duplicate, or \"%s\" is a "
					       "garbage.",
					       *argv);
			if (strcmp(*argv, "default") == 0 || strcmp(*argv, "any") == 0 ||
			    strcmp(*argv, "all") == 0) {
				dst = 0;
				plen = 0;
			} else if (!prefix_parse(*argv, &dst, &plen)) {
				return cmd_err(
					o, 1,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			}
			if (plen < 0)
				plen = 32;
			dst_ok = true;
		}
		argc--, argv++;
	}
	(void)proto_ok;
	(void)metric_ok;
	if (!dst_ok)
		return E_INCOMPLETE(o);
	if (devname) {
		struct nic *n = host_nic(h, devname);

		if (!n)
			return no_dev(o, devname);
		r.oif = n->ifindex;
	}
	r.type = (uint8_t)type;
	if (!scope_ok) {
		if (type == RTN_LOCAL || type == RTN_NAT)
			r.scope = RT_SCOPE_HOST;
		else if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST)
			r.scope = RT_SCOPE_LINK;
		else if (type == RTN_UNICAST || type == RTN_UNSPEC) {
			if (del)
				r.scope = RT_SCOPE_NOWHERE;
			else if (!r.gw)
				r.scope = RT_SCOPE_LINK;
		}
	}
	(void)type_ok;
	/* iproute2 puts local/broadcast/nat/anycast routes into table local by default */
	if (!table_given &&
	    (type == RTN_LOCAL || type == RTN_BROADCAST || type == RTN_NAT || type == RTN_ANYCAST))
		r.table = RT_TABLE_LOCAL;
	if (r.table == 0)
		r.table = RT_TABLE_MAIN; /* table 0 means main (§12.12) */
	r.dst = dst;
	r.plen = (uint8_t)plen;

	if (cmd_applying(ctx, h)) {
		/* --apply: what iproute2 sends; the kernel does the checks below */
		struct kedit e;

		memset(&e, 0, sizeof(e));
		e.op = del ? KEDIT_ROUTE_DEL : KEDIT_ROUTE_NEW;
		e.rop = strcmp(verb, "append") == 0    ? ROUTE_APPEND
			: strcmp(verb, "prepend") == 0 ? ROUTE_PREPEND
			: strcmp(verb, "replace") == 0 ? ROUTE_REPLACE
			: strcmp(verb, "change") == 0  ? ROUTE_CHANGE
						       : ROUTE_ADD;
		e.route = r;
		e.metric_given = metric_ok;
		return ctx->kedit(ctx, h, &e, o);
	}

	/* rtm_to_fib_config() checks the prefix before any table is looked up or made */
	if (plen < 32 && (dst & ~ip_mask(plen)))
		return cmd_err(o, 2, "Error: Invalid prefix for given prefix length.");
	if (del) {
		struct route_match m = { 0 };
		struct diag d = { 0 };

		if (!host_table(h, r.table))
			return cmd_err(o, 2, "Error: FIB table does not exist.");
		m.table = r.table;
		m.dst = dst;
		m.plen = plen;
		m.tos = r.tos;
		m.type = (uint8_t)type;
		m.scope = r.scope;
		m.proto = r.proto;
		m.priority = r.priority;
		m.prefsrc = r.prefsrc;
		m.gw = r.gw;
		m.oif = r.oif;
		if (host_route_delete(h, &m, &d) < 0)
			return cmd_err(o, 2, "%s", d.msg);
		return 0;
	}

	{
		enum route_op op = ROUTE_ADD;
		struct diag d = { 0 };
		int rc;

		if (strcmp(verb, "append") == 0)
			op = ROUTE_APPEND;
		else if (strcmp(verb, "prepend") == 0)
			op = ROUTE_PREPEND;
		else if (strcmp(verb, "replace") == 0)
			op = ROUTE_REPLACE;
		else if (strcmp(verb, "change") == 0)
			op = ROUTE_CHANGE;
		/* inet_rtm_newroute(): fib_new_table() runs before the insert can fail,
		 * for `change` too */
		host_table_get(h, r.table);
		rc = route_create_info(h, &r, o);
		if (rc)
			return rc;
		rc = host_route_insert(h, &r, op, &d);
		if (rc < 0)
			return cmd_err(o, 2, "%s", d.msg);
		if (r.type == RTN_LOCAL)
			h->custom_local_routes = true;
	}
	return 0;
}

/* ---- ip route get ---- */

static void fmt_cache_flags(uint32_t flags, struct strbuf *sb)
{
	static const struct {
		uint32_t f;
		const char *name;
	} names[] = {
		{ RTCF_LOCAL, "local" },   { RTCF_MULTICAST, "mc" },
		{ RTCF_BROADCAST, "brd" }, { RTCF_DOREDIRECT, "redirect" },
		{ RTCF_NOTIFY, "notify" },
	};
	bool first = true;

	flags &= ~0xffffu;
	strbuf_puts(sb, "    cache ");
	if (!flags)
		return;
	strbuf_puts(sb, "<");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].f))
			continue;
		flags &= ~names[i].f;
		strbuf_printf(sb, "%s%s", first ? "" : "", names[i].name);
		if (flags)
			strbuf_puts(sb, ",");
		first = false;
	}
	strbuf_puts(sb, "> ");
}

static int errno_to_rc(struct cmd_out *o, int err)
{
	return cmd_err(o, 2, "RTNETLINK answers: %s", strerror(-err));
}

static int route_get(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct flow fl = { 0 };
	struct rtable rt;
	bool dst_ok = false, from_ok = false, fibmatch = false;
	const char *iifname = NULL, *oifname = NULL;
	uint32_t dst = 0, src = 0;
	int err;
	char b1[32];

	while (argc > 0) {
		if (strcmp(*argv, "tos") == 0 || matches(*argv, "dsfield")) {
			uint32_t tos;

			NEXT_ARG();
			if (!parse_u32(*argv, &tos) || tos > 255)
				return invarg(o, "TOS value is invalid\n", *argv);
			fl.tos = (uint8_t)tos;
		} else if (matches(*argv, "from")) {
			int plen;

			NEXT_ARG();
			if (!prefix_parse(*argv, &src, &plen))
				return cmd_err(
					o, 1,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			from_ok = true;
		} else if (strcmp(*argv, "iif") == 0) {
			NEXT_ARG();
			iifname = *argv;
		} else if (strcmp(*argv, "mark") == 0) {
			NEXT_ARG();
			if (!parse_u32(*argv, &fl.mark))
				return invarg(o, "invalid mark\n", *argv);
		} else if (strcmp(*argv, "oif") == 0 || strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			oifname = *argv;
		} else if (matches(*argv, "fibmatch")) {
			fibmatch = true;
		} else if (strcmp(*argv, "uid") == 0 || strcmp(*argv, "ipproto") == 0 ||
			   strcmp(*argv, "sport") == 0 || strcmp(*argv, "dport") == 0) {
			uint32_t v;

			NEXT_ARG();
			if (!parse_u32(*argv, &v))
				return invarg(o, "invalid value\n", *argv);
			if (strcmp(argv[-1], "sport") == 0)
				fl.sport = (uint16_t)v;
			else if (strcmp(argv[-1], "dport") == 0)
				fl.dport = (uint16_t)v;
			else if (strcmp(argv[-1], "ipproto") == 0)
				fl.proto = (uint8_t)v;
			else
				fl.uid = v;
		} else {
			int plen;

			if (strcmp(*argv, "to") == 0)
				NEXT_ARG();
			if (dst_ok)
				return cmd_err(o, 255,
					       "Error: either \"to\" is duplicate, or \"%s\" is a "
					       "garbage.",
					       *argv);
			if (!prefix_parse(*argv, &dst, &plen))
				return cmd_err(
					o, 1,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			dst_ok = true;
		}
		argc--, argv++;
	}
	if (!dst_ok)
		return cmd_err(o, 255, "need at least a destination address");
	if (iifname) {
		struct nic *n = host_nic(h, iifname);

		if (!n)
			return no_dev(o, iifname);
		fl.iif = n->ifindex;
	}
	if (oifname) {
		struct nic *n = host_nic(h, oifname);

		if (!n)
			return no_dev(o, oifname);
		fl.oif = n->ifindex;
	}
	fl.daddr = dst;
	fl.saddr = src;
	if (fl.proto == 0)
		fl.proto = 17; /* A10: ipproto UDP by default */
	if (fl.iif)
		err = fib_route_input(h, &fl, &rt);
	else
		err = fib_route_output(h, &fl, &rt);
	if (err)
		return errno_to_rc(o, err);
	if (fibmatch) {
		if (!rt.res.route)
			return cmd_err(o, 2, "RTNETLINK answers: No route to host");
		fmt_route(h, rt.res.route, true, &o->out);
		return 0;
	}
	/* rt_fill_info() as printed by iproute2's print_route() */
	{
		struct strbuf *sb = &o->out;

		if (rt.type != RTN_UNICAST)
			strbuf_printf(sb, "%s ", rt_type_name(rt.type, b1, sizeof(b1)));
		strbuf_printf(sb, "%s ", ip_str(dst));
		if (from_ok && src)
			strbuf_printf(sb, "from %s ", ip_str(src));
		else if (from_ok)
			strbuf_printf(sb, "from %s ", ip_str(0));
		if (rt.uses_gw)
			strbuf_printf(sb, "via %s ", ip_str(rt.gw));
		if (rt.dev)
			strbuf_printf(sb, "dev %s ", dev_name(h, rt.dev));
		if (rt.table && rt.table != RT_TABLE_MAIN)
			strbuf_printf(sb, "table %s ", rt_table_name(rt.table, b1, sizeof(b1)));
		if (!rt.is_input && fl.saddr != src)
			strbuf_printf(sb, "src %s ", ip_str(fl.saddr));
		/* iproute2 6.1 reads RTCF_MULTICAST (0x20000000) as RTM_F_OFFLOAD_FAILED (§12.10) */
		if (rt.flags & RTCF_MULTICAST)
			strbuf_puts(sb, "rt_offload_failed ");
		if (fl.mark)
			/* iproute2 6.1 prints marks below 16 in decimal, others as 0x hex */
			strbuf_printf(sb, fl.mark < 16 ? "mark %u " : "mark 0x%x ", fl.mark);
		if (!rt.is_input)
			strbuf_printf(sb, "uid %u ", fl.uid);
		strbuf_puts(sb, "\n");
		fmt_cache_flags(rt.flags, sb);
		if (rt.is_input)
			strbuf_printf(sb, "iif %s ", dev_name(h, rt.iif));
		strbuf_puts(sb, "\n");
	}
	return 0;
}

static int do_route(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	if (argc < 1)
		return route_show(h, 0, argv, o, false);
	if (matches(*argv, "add"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "add");
	if (matches(*argv, "change"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "change");
	if (matches(*argv, "replace"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "replace");
	if (matches(*argv, "prepend"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "prepend");
	if (matches(*argv, "append"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "append");
	if (matches(*argv, "delete"))
		return route_modify(ctx, h, argc - 1, argv + 1, o, "del");
	if (matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst"))
		return route_show(h, argc - 1, argv + 1, o, false);
	if (matches(*argv, "get"))
		return route_get(h, argc - 1, argv + 1, o);
	if (matches(*argv, "flush")) {
		if (argc == 3 && strcmp(argv[1], "table") == 0 && strcmp(argv[2], "cache") == 0)
			return 0;
		if (argc == 2 && strcmp(argv[1], "cache") == 0) {
			host_rt_cache_flush(h); /* `ip route flush cache` (C4) */
			return 0;
		}
		if (cmd_apply_refuse(ctx, h, o, "ip route flush"))
			return o->rc;
		return route_show(h, argc - 1, argv + 1, o, true);
	}
	return cmd_err(o, 255, "Command \"%s\" is unknown, try \"ip route help\".", *argv);
}

/* ---- rules ---- */

void ip_rule_fmt(const struct host *h, const struct rule *r, struct strbuf *sb)
{
	char b1[32];

	strbuf_printf(sb, "%u:\t", r->pref);
	if (r->invert)
		strbuf_puts(sb, "not ");
	if (r->src_len == 0)
		strbuf_puts(sb, "from all");
	else if (r->src_len == 32)
		strbuf_printf(sb, "from %s", ip_str(r->src));
	else
		strbuf_printf(sb, "from %s/%d", ip_str(r->src), r->src_len);
	if (r->dst_len == 32)
		strbuf_printf(sb, " to %s", ip_str(r->dst));
	else if (r->dst_len)
		strbuf_printf(sb, " to %s/%d", ip_str(r->dst), r->dst_len);
	if (r->tos)
		strbuf_printf(sb, " tos 0x%02x", r->tos);
	if (r->has_mark) {
		if (r->mask && r->mask != 0xffffffffu)
			strbuf_printf(sb, " fwmark %#x/%#x", r->mark, r->mask);
		else
			strbuf_printf(sb, " fwmark %#x", r->mark);
	}
	if (r->iif[0]) {
		strbuf_printf(sb, " iif %s", r->iif);
		if (rule_ifindex(h, r->iif) < 0)
			strbuf_puts(sb, " [detached]");
	}
	if (r->oif[0]) {
		strbuf_printf(sb, " oif %s", r->oif);
		if (rule_ifindex(h, r->oif) < 0)
			strbuf_puts(sb, " [detached]");
	}
	if (r->action == FR_ACT_TO_TBL) {
		strbuf_printf(sb, " lookup %s", rt_table_name(r->table, b1, sizeof(b1)));
		if (r->suppress_prefixlen != -1)
			strbuf_printf(sb, " suppress_prefixlength %d", r->suppress_prefixlen);
	} else if (r->action == FR_ACT_GOTO) {
		bool resolved = false;

		for (size_t i = 0; i < h->nrules; i++)
			if (h->rules[i].pref == r->goto_target)
				resolved = true;
		strbuf_printf(sb, " goto %u", r->goto_target);
		if (!resolved)
			strbuf_puts(sb, " [unresolved]");
	} else if (r->action == FR_ACT_NOP) {
		strbuf_puts(sb, " nop");
	} else {
		strbuf_printf(sb, " %s", rt_type_name(r->action, b1, sizeof(b1)));
	}
	strbuf_puts(sb, "\n");
}

static int do_rule(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct rule r = { 0 };
	bool add, pref_ok = false, table_ok = false;

	if (argc < 1 || matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst")) {
		for (size_t i = 0; i < h->nrules; i++)
			ip_rule_fmt(h, &h->rules[i], &o->out);
		return 0;
	}
	if (matches(*argv, "flush")) {
		/* iproute2 deletes every rule but pref 0 */
		size_t k = 0;
		bool changed = false;

		if (cmd_apply_refuse(ctx, h, o, "ip rule flush"))
			return o->rc;
		for (size_t i = 0; i < h->nrules; i++) {
			if (h->rules[i].pref == 0)
				h->rules[k++] = h->rules[i];
			else
				changed = true;
		}
		h->nrules = k;
		if (changed) {
			h->custom_rules = true;
			host_rt_cache_flush(h);
		}
		return 0;
	}
	if (matches(*argv, "add"))
		add = true;
	else if (matches(*argv, "delete"))
		add = false;
	else
		return cmd_err(o, 255, "Command \"%s\" is unknown, try \"ip rule help\".", *argv);
	argc--, argv++;
	r.suppress_prefixlen = -1;
	r.action = add ? FR_ACT_TO_TBL : FR_ACT_UNSPEC;
	while (argc > 0) {
		if (strcmp(*argv, "not") == 0) {
			r.invert = true;
		} else if (strcmp(*argv, "from") == 0) {
			int plen;

			NEXT_ARG();
			if (strcmp(*argv, "all") != 0) {
				if (!prefix_parse(*argv, &r.src, &plen))
					return cmd_err(o, 1,
						       "Error: an inet prefix is expected rather "
						       "than \"%s\".",
						       *argv);
				r.src_len = plen < 0 ? 32 : plen;
			}
		} else if (strcmp(*argv, "to") == 0) {
			int plen;

			NEXT_ARG();
			if (strcmp(*argv, "all") != 0) {
				if (!prefix_parse(*argv, &r.dst, &plen))
					return cmd_err(o, 1,
						       "Error: an inet prefix is expected rather "
						       "than \"%s\".",
						       *argv);
				r.dst_len = plen < 0 ? 32 : plen;
			}
		} else if (matches(*argv, "preference") || matches(*argv, "order") ||
			   matches(*argv, "priority")) {
			NEXT_ARG();
			if (!parse_u32(*argv, &r.pref))
				return invarg(o, "preference value is invalid\n", *argv);
			pref_ok = true;
		} else if (strcmp(*argv, "tos") == 0 || matches(*argv, "dsfield")) {
			uint32_t tos;

			NEXT_ARG();
			if (!parse_u32(*argv, &tos) || tos > 255)
				return invarg(o, "TOS value is invalid\n", *argv);
			r.tos = (uint8_t)tos;
		} else if (strcmp(*argv, "fwmark") == 0) {
			char *slash;

			NEXT_ARG();
			slash = strchr(*argv, '/');
			if (slash) {
				*slash = '\0';
				if (!parse_u32(slash + 1, &r.mask))
					return invarg(o, "fwmask value is invalid\n", slash + 1);
			} else {
				r.mask = 0xffffffffu;
			}
			if (!parse_u32(*argv, &r.mark))
				return invarg(o, "fwmark value is invalid\n", *argv);
			r.has_mark = true;
		} else if (matches(*argv, "realms")) {
			return cmd_err(o, 1, "Error: pktpath does not model rule realms.");
		} else if (matches(*argv, "table") || strcmp(*argv, "lookup") == 0) {
			NEXT_ARG();
			if (!rt_table_parse(*argv, &r.table))
				return invarg(o, "invalid table ID\n", *argv);
			table_ok = true;
		} else if (matches(*argv, "suppress_prefixlength") ||
			   strcmp(*argv, "sup_pl") == 0) {
			int pl;

			NEXT_ARG();
			pl = atoi(*argv);
			if (pl < 0 && strcmp(*argv, "-1") != 0)
				return invarg(o, "suppress_prefixlength value is invalid\n", *argv);
			r.suppress_prefixlen = pl;
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "iif") == 0) {
			NEXT_ARG();
			if (strlen(*argv) >= IFNAMSIZ)
				return invarg(o, "\"iif\" not a valid ifname", *argv);
			snprintf(r.iif, sizeof(r.iif), "%s", *argv);
		} else if (strcmp(*argv, "oif") == 0) {
			NEXT_ARG();
			if (strlen(*argv) >= IFNAMSIZ)
				return invarg(o, "\"oif\" not a valid ifname", *argv);
			snprintf(r.oif, sizeof(r.oif), "%s", *argv);
		} else if (matches(*argv, "goto")) {
			uint32_t t;

			NEXT_ARG();
			if (!parse_u32(*argv, &t))
				return invarg(o, "invalid target\n", *argv);
			r.goto_target = t;
			r.action = FR_ACT_GOTO;
		} else if (matches(*argv, "nop")) {
			r.action = FR_ACT_NOP;
		} else {
			int type;

			static const char *const unmodelled[] = {
				"ipproto",	    "sport",	 "dport",     "uidrange", "l3mdev",
				"protocol",	    "tun_id",	 "realms",    "nat",	  "map-to",
				"suppress_ifgroup", "sup_group", "flowlabel", "dscp",	  NULL
			};

			for (const char *const *u = unmodelled; *u; u++)
				if (strcmp(*argv, *u) == 0)
					return cmd_err(
						o, 1,
						"Error: pktpath does not model \"%s\" in ip rule.",
						*argv);
			if (strcmp(*argv, "type") == 0)
				NEXT_ARG();
			if (!rt_type_parse(*argv, &type))
				return invarg(o, "Failed to parse rule type", *argv);
			r.action = (uint8_t)type;
			table_ok = true;
		}
		argc--, argv++;
	}
	if (cmd_applying(ctx, h)) {
		/* --apply: what iproute2 sends (table main by default for add) */
		struct kedit e;

		memset(&e, 0, sizeof(e));
		e.op = add ? KEDIT_RULE_ADD : KEDIT_RULE_DEL;
		if (add && !table_ok && r.action == FR_ACT_TO_TBL)
			r.table = RT_TABLE_MAIN;
		e.rule = r;
		e.pref_given = pref_ok;
		return ctx->kedit(ctx, h, &e, o);
	}
	/* fib_nl2rule(), shared by add and delete: default pref, goto direction */
	if (!pref_ok)
		r.pref = (h->nrules >= 2 && h->rules[1].pref) ? h->rules[1].pref - 1 : 0; /* A2.2 */
	if (r.action == FR_ACT_GOTO && r.goto_target <= r.pref)
		return cmd_err(o, 2, "Error: Backward goto not supported.");
	if (add) {
		size_t pos;

		if (!table_ok && r.action == FR_ACT_TO_TBL)
			r.table = RT_TABLE_MAIN;
		if (r.action == FR_ACT_TO_TBL && r.table == 0)
			return cmd_err(o, 2, "RTNETLINK answers: Invalid argument");
		if (r.action > FR_ACT_PROHIBIT || r.action == FR_ACT_RES3 ||
		    r.action == FR_ACT_RES4 || r.action == FR_ACT_UNSPEC)
			return cmd_err(o, 2, "RTNETLINK answers: Invalid argument");
		/* rule_exists() with fib4_rule_compare(): iproute2 adds with NLM_F_EXCL */
		for (size_t i = 0; i < h->nrules; i++) {
			const struct rule *x = &h->rules[i];

			if (x->action != r.action || x->table != r.table || x->pref != r.pref ||
			    strcmp(x->iif, r.iif) != 0 || strcmp(x->oif, r.oif) != 0 ||
			    x->mark != r.mark || x->suppress_prefixlen != r.suppress_prefixlen ||
			    (x->has_mark ? x->mask : 0) != (r.has_mark ? r.mask : 0))
				continue;
			if (r.src_len && (x->src_len != r.src_len || x->src != r.src))
				continue;
			if (r.dst_len && (x->dst_len != r.dst_len || x->dst != r.dst))
				continue;
			if (r.tos && x->tos != r.tos)
				continue;
			return cmd_err(o, 2, "RTNETLINK answers: File exists");
		}
		pos = 0;
		while (pos < h->nrules && h->rules[pos].pref <= r.pref)
			pos++;
		vec_reserve((void **)&h->rules, &h->rule_cap, h->nrules + 1, sizeof(r));
		memmove(&h->rules[pos + 1], &h->rules[pos], (h->nrules - pos) * sizeof(r));
		h->rules[pos] = r;
		h->nrules++;
	} else {
		size_t i;

		for (i = 0; i < h->nrules; i++) {
			const struct rule *x = &h->rules[i];

			if (r.action && x->action != r.action)
				continue;
			if (r.table && x->table != r.table)
				continue;
			if (pref_ok && x->pref != r.pref)
				continue;
			if (r.iif[0] && strcmp(x->iif, r.iif) != 0)
				continue;
			if (r.oif[0] && strcmp(x->oif, r.oif) != 0)
				continue;
			if (r.mark && x->mark != r.mark)
				continue;
			if (r.suppress_prefixlen != -1 &&
			    x->suppress_prefixlen != r.suppress_prefixlen)
				continue;
			if (r.has_mark && r.mask && x->mask != r.mask)
				continue;
			if (r.src_len && (x->src_len != r.src_len || x->src != r.src))
				continue;
			if (r.dst_len && (x->dst_len != r.dst_len || x->dst != r.dst))
				continue;
			if (r.tos && x->tos != r.tos)
				continue;
			break;
		}
		if (i == h->nrules)
			return cmd_err(o, 2, "RTNETLINK answers: No such file or directory");
		memmove(&h->rules[i], &h->rules[i + 1], (h->nrules - i - 1) * sizeof(r));
		h->nrules--;
	}
	/* A4: the first rule change unmerges local and main for good; C4: flush */
	h->custom_rules = true;
	host_rt_cache_flush(h);
	return 0;
}

/* ---- links ---- */

static const struct nic *link_peer(const struct host *h, const struct nic *n,
				   const struct host **ph)
{
	if (n->peer_host < 0 || (size_t)n->peer_host >= h->sim->nhosts)
		return NULL;
	*ph = h->sim->hosts[n->peer_host];
	return host_nic_by_index_c(*ph, n->peer_ifindex);
}

/* imported veth whose peer is in another namespace (netlink-import.c) */
static void fmt_ext_netns(const struct nic *n, struct strbuf *sb)
{
	if (n->ext_peer_netns[0])
		strbuf_printf(sb, " link-netns %s", n->ext_peer_netns);
	else
		strbuf_printf(sb, " link-netnsid %d", n->ext_peer_nsid);
}

static void fmt_link_header(const struct host *h, const struct nic *n, bool addr_mode,
			    struct strbuf *sb)
{
	const struct host *ph = NULL;
	const struct nic *peer = link_peer(h, n, &ph);
	bool carrier = nic_carrier(h, n);
	bool first = true;
	const char *state;

#define FLAG(name)                                                 \
	do {                                                       \
		strbuf_printf(sb, "%s%s", first ? "" : ",", name); \
		first = false;                                     \
	} while (0)
	strbuf_printf(sb, "%d: %s", n->ifindex, n->name);
	if (peer) {
		if (ph == h)
			strbuf_printf(sb, "@%s", peer->name);
		else
			strbuf_printf(sb, "@if%d", peer->ifindex);
	} else if (n->ext_peer_ifindex) {
		strbuf_printf(sb, "@if%d",
			      n->ext_peer_ifindex); /* imported: peer in another netns */
	}
	strbuf_puts(sb, ": <");
	if (n->up && !carrier)
		FLAG("NO-CARRIER");
	if (n->kind == NIC_LOOPBACK)
		FLAG("LOOPBACK");
	else
		FLAG("BROADCAST");
	if (n->kind != NIC_LOOPBACK)
		FLAG("MULTICAST");
	if (n->up)
		FLAG("UP");
	if (n->up && carrier)
		FLAG("LOWER_UP");
	if (peer && ph == h && !peer->up)
		FLAG("M-DOWN");
	if (!peer && n->ext_peer_ifindex) {
		/* iproute2 looks the peer's ifindex up in *this* namespace (ll_index_to_flags) */
		const struct nic *same = host_nic_by_index_c(h, n->ext_peer_ifindex);

		if (!same || !same->up)
			FLAG("M-DOWN");
	}
	strbuf_printf(sb, "> mtu %d qdisc %s ", n->mtu, n->ever_up ? "noqueue" : "noop");
	if (n->master) {
		const struct nic *m = host_nic_by_index_c(h, n->master);

		if (m)
			strbuf_printf(sb, "master %s ", m->name);
	}
	if (!n->up)
		state = "DOWN";
	else if (n->kind == NIC_LOOPBACK)
		state = "UNKNOWN";
	else if (!carrier)
		state = n->kind == NIC_VETH ? "LOWERLAYERDOWN" : "DOWN";
	else
		state = "UP";
	strbuf_printf(sb, "state %s %sgroup default qlen 1000\n", state,
		      addr_mode ? "" : "mode DEFAULT ");
#undef FLAG
}

static void fmt_link_l2(const struct host *h, const struct nic *n, struct strbuf *sb)
{
	const struct host *ph = NULL;
	const struct nic *peer = link_peer(h, n, &ph);

	if (n->kind == NIC_LOOPBACK) {
		strbuf_puts(sb, "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
		return;
	}
	strbuf_puts(sb, "    link/ether ");
	{
		char mb[18];

		strbuf_puts(sb, mac_fmt(n->mac, mb));
	}
	strbuf_puts(sb, " brd ff:ff:ff:ff:ff:ff");
	if (peer && ph != h)
		strbuf_puts(sb, " link-netnsid 0");
	else if (!peer && n->ext_peer_ifindex)
		fmt_ext_netns(n, sb);
	strbuf_puts(sb, "\n");
}

static int link_add(struct host *h, struct cmd_ctx *ctx, int argc, char **argv, struct cmd_out *o)
{
	const char *name = NULL, *type = NULL, *peer_name = NULL, *peer_ns = NULL;
	uint8_t mac[6], peer_mac[6];
	bool has_mac = false, has_peer_mac = false;
	struct host *ph = h;
	bool in_peer = false;

	/* a type pktpath does not model is named as such, whatever its own arguments */
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "type") == 0 && strcmp(argv[i + 1], "veth") != 0 &&
		    strcmp(argv[i + 1], "bridge") != 0)
			return cmd_err(
				o, 1,
				"Error: pktpath models link types veth and bridge, not \"%s\".",
				argv[i + 1]);
	while (argc > 0) {
		if (strcmp(*argv, "type") == 0) {
			NEXT_ARG();
			type = *argv;
		} else if (in_peer && strcmp(*argv, "name") == 0) {
			NEXT_ARG();
			peer_name = *argv;
		} else if (strcmp(*argv, "name") == 0) {
			NEXT_ARG();
			name = *argv;
		} else if (strcmp(*argv, "peer") == 0) {
			in_peer = true;
		} else if (strcmp(*argv, "address") == 0) {
			NEXT_ARG();
			if (!mac_parse(*argv, in_peer ? peer_mac : mac))
				return cmd_err(o, 1, "\"%s\" is invalid lladdr.", *argv);
			if (in_peer)
				has_peer_mac = true;
			else
				has_mac = true;
		} else if (strcmp(*argv, "netns") == 0) {
			NEXT_ARG();
			if (!in_peer)
				return cmd_err(o, 1,
					       "Error: pktpath creates links in their own host; "
					       "use \"peer name X netns HOST\".");
			peer_ns = *argv;
		} else if (in_peer) {
			peer_name = *argv;
		} else if (!name) {
			name = *argv;
		} else {
			return cmd_err(
				o, 255,
				"Error: either \"dev\" is duplicate, or \"%s\" is a garbage.",
				*argv);
		}
		argc--, argv++;
	}
	if (!name)
		return cmd_err(o, 255, "Not enough information: \"dev\" argument is required.");
	if (!type)
		return cmd_err(o, 2, "RTNETLINK answers: Operation not supported");
	if (strlen(name) >= IFNAMSIZ)
		return cmd_err(o, 255,
			       "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
			       name);
	if (host_nic(h, name))
		return cmd_err(o, 2, "RTNETLINK answers: File exists");
	if (strcmp(type, "bridge") == 0) {
		struct nic *n = host_nic_add(h, name, NIC_BRIDGE);

		if (has_mac)
			memcpy(n->mac, mac, 6);
		return 0;
	}
	if (strcmp(type, "veth") != 0)
		return cmd_err(o, 1,
			       "Error: pktpath models link types veth and bridge, not \"%s\".",
			       type);
	if (peer_ns) {
		ph = sim_host(ctx->sim, peer_ns);
		if (!ph)
			ph = sim_host_add(ctx->sim, peer_ns);
	}
	{
		char auto_name[IFNAMSIZ];
		struct nic *p, *n;
		int pidx, nidx;

		if (!peer_name) {
			for (int i = 0;; i++) {
				snprintf(auto_name, sizeof(auto_name), "veth%d", i);
				if (!host_nic(ph, auto_name) &&
				    (ph != h || strcmp(auto_name, name) != 0))
					break;
			}
			peer_name = auto_name;
		}
		if (host_nic(ph, peer_name) || (ph == h && strcmp(peer_name, name) == 0))
			return cmd_err(o, 2, "RTNETLINK answers: File exists");
		/* §12.6: the peer is created first and gets the lower ifindex */
		p = host_nic_add(ph, peer_name, NIC_VETH);
		if (has_peer_mac)
			memcpy(p->mac, peer_mac, 6);
		pidx = p->ifindex;
		n = host_nic_add(h, name, NIC_VETH);
		if (has_mac)
			memcpy(n->mac, mac, 6);
		nidx = n->ifindex;
		n->peer_host = ph->index;
		n->peer_ifindex = pidx;
		p = host_nic_by_index(ph, pidx);
		p->peer_host = h->index;
		p->peer_ifindex = nidx;
	}
	return 0;
}

static int link_set(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;
	int up = -1;
	const char *master = NULL;
	bool nomaster = false;
	uint8_t mac[6];
	bool has_mac = false;
	int mtu = -1;
	bool has_mtu = false;
	struct nic *n;

	while (argc > 0) {
		if (strcmp(*argv, "up") == 0) {
			up = 1;
		} else if (strcmp(*argv, "down") == 0) {
			up = 0;
		} else if (strcmp(*argv, "master") == 0) {
			NEXT_ARG();
			master = *argv;
		} else if (strcmp(*argv, "nomaster") == 0) {
			nomaster = true;
		} else if (strcmp(*argv, "address") == 0) {
			NEXT_ARG();
			if (!mac_parse(*argv, mac))
				return cmd_err(o, 1, "\"%s\" is invalid lladdr.", *argv);
			has_mac = true;
		} else if (strcmp(*argv, "mtu") == 0) {
			char *end;
			long v;

			NEXT_ARG();
			/* iproute2's get_integer(): strtol base 0, the whole word, an int */
			errno = 0;
			v = strtol(*argv, &end, 0);
			if (!**argv || *end || errno == ERANGE || v < INT_MIN || v > INT_MAX)
				return invarg(o, "Invalid \"mtu\" value\n", *argv);
			mtu = (int)v;
			has_mtu = true;
		} else if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		} else {
			return cmd_err(
				o, 255,
				"Error: either \"dev\" is duplicate, or \"%s\" is a garbage.",
				*argv);
		}
		argc--, argv++;
	}
	if (!dev)
		return cmd_err(o, 255, "Not enough of information: \"dev\" argument is required.");
	n = host_nic(h, dev);
	if (!n)
		return no_dev(o, dev);
	if (cmd_applying(ctx, h)) {
		struct kedit e;

		if (master || nomaster || has_mac || has_mtu)
			return cmd_apply_refuse(ctx, h, o,
						"ip link set master|nomaster|address|mtu");
		if (up < 0)
			return 0;
		memset(&e, 0, sizeof(e));
		e.op = KEDIT_LINK_UPDOWN;
		e.ifindex = n->ifindex;
		e.up = up == 1;
		return ctx->kedit(ctx, h, &e, o);
	}
	/* dev_validate_mtu(), net/core/dev.c: below min_mtu (or negative) / above max_mtu
	 * (0 = none). veth and bridges take 68..65535 (ETH_MIN_MTU, ETH_MAX_MTU); lo has no
	 * limits but a negative value. Checked before anything changes: the kernel would
	 * already have set a new address given on the same line. */
	if (has_mtu) {
		int min = n->kind == NIC_LOOPBACK ? 0 : 68,
		    max = n->kind == NIC_LOOPBACK ? 0 : 65535;

		if (mtu < 0 || mtu < min)
			return cmd_err(o, 2, "Error: mtu less than device minimum.");
		if (max > 0 && mtu > max)
			return cmd_err(o, 2, "Error: mtu greater than device maximum.");
	}
	if (master) {
		struct nic *m = host_nic(h, master);

		if (!m)
			return cmd_err(o, 255,
				       "Error: argument \"%s\" is wrong: Device does not exist\n",
				       master);
		if (m->kind != NIC_BRIDGE)
			return cmd_err(o, 2, "RTNETLINK answers: Operation not supported");
		host_master_set(h, n, m->ifindex);
		n->master_seq = ++h->port_seq;
	}
	if (nomaster)
		host_master_set(h, n, 0);
	if (has_mac) {
		memcpy(n->mac, mac, 6);
		host_rt_cache_flush(h); /* arp_netdev_event(NETDEV_CHANGEADDR) (C4) */
	}
	if (has_mtu) {
		n->mtu = mtu;
		host_rt_cache_flush(h);
	}
	if (up >= 0) {
		int idx = n->ifindex;

		host_link_set_up(h, n, up == 1);
		(void)idx;
	}
	return 0;
}

static int link_show(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;

	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		}
		argc--, argv++;
	}
	if (dev && !host_nic(h, dev))
		return cmd_err(o, 1, "Device \"%s\" does not exist.", dev);
	for (size_t i = 0; i < h->nnic; i++) {
		const struct nic *n = &h->nics[i];

		if (dev && strcmp(n->name, dev) != 0)
			continue;
		fmt_link_header(h, n, false, &o->out);
		fmt_link_l2(h, n, &o->out);
	}
	return 0;
}

static int do_link(struct host *h, struct cmd_ctx *ctx, int argc, char **argv, struct cmd_out *o)
{
	if (argc < 1)
		return link_show(h, 0, argv, o);
	if (matches(*argv, "add")) {
		if (cmd_apply_refuse(ctx, h, o, "ip link add"))
			return o->rc;
		return link_add(h, ctx, argc - 1, argv + 1, o);
	}
	if (matches(*argv, "set") || matches(*argv, "change"))
		return link_set(ctx, h, argc - 1, argv + 1, o);
	if (matches(*argv, "delete")) {
		struct nic *n;
		const char *dev;

		if (cmd_apply_refuse(ctx, h, o, "ip link delete"))
			return o->rc;
		argc--, argv++;
		if (argc > 0 && strcmp(*argv, "dev") == 0)
			argc--, argv++;
		if (argc < 1)
			return cmd_err(o, 255,
				       "Not enough information: \"dev\" argument is required.");
		dev = *argv;
		n = host_nic(h, dev);
		if (!n)
			return no_dev(o, dev);
		if (n->kind == NIC_LOOPBACK)
			return cmd_err(o, 2, "RTNETLINK answers: Operation not supported");
		if (n->peer_host >= 0) {
			struct host *ph = ctx->sim->hosts[n->peer_host];
			int pif = n->peer_ifindex;

			host_nic_del(h, n->ifindex);
			host_nic_del(ph, pif);
		} else {
			int idx = n->ifindex;

			for (size_t i = 0; i < h->nnic; i++)
				if (h->nics[i].master == idx)
					h->nics[i].master = 0;
			host_nic_del(h, idx);
		}
		return 0;
	}
	if (matches(*argv, "show") || matches(*argv, "lst") || matches(*argv, "list"))
		return link_show(h, argc - 1, argv + 1, o);
	return cmd_err(o, 255, "Command \"%s\" is unknown, try \"ip link help\".", *argv);
}

/* ---- addresses ---- */

static void fmt_addr(const struct nic *n, const struct addr *a, struct strbuf *sb)
{
	char b1[32];

	strbuf_printf(sb, "    inet %s/%u ", ip_str(a->local), a->plen);
	if (a->metric)
		strbuf_printf(sb, "metric %u ", a->metric);
	if (a->brd)
		strbuf_printf(sb, "brd %s ", ip_str(a->brd));
	strbuf_printf(sb, "scope %s ", rt_scope_name(a->scope, b1, sizeof(b1)));
	if (a->flags & IFA_F_SECONDARY)
		strbuf_puts(sb, "secondary ");
	if (a->flags & IFA_F_NOPREFIXROUTE)
		strbuf_puts(sb, "noprefixroute ");
	strbuf_printf(sb, "%s\n", a->label[0] ? a->label : n->name);
	strbuf_puts(sb, "       valid_lft forever preferred_lft forever\n");
}

static int addr_show(struct host *h, bool inet_only, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;

	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (strcmp(*argv, "up") == 0 || strcmp(*argv, "scope") == 0 ||
			   strcmp(*argv, "label") == 0) {
			return cmd_err(o, 1,
				       "Error: pktpath does not filter \"ip addr show\" by \"%s\".",
				       *argv);
		} else if (!dev) {
			dev = *argv;
		}
		argc--, argv++;
	}
	if (dev && !host_nic(h, dev))
		return cmd_err(o, 1, "Device \"%s\" does not exist.", dev);
	for (size_t i = 0; i < h->nnic; i++) {
		const struct nic *n = &h->nics[i];

		if (dev && strcmp(n->name, dev) != 0)
			continue;
		if (inet_only && n->naddr == 0)
			continue;
		fmt_link_header(h, n, true, &o->out);
		if (inet_only && n->ext_peer_ifindex && o->out.len > 0) {
			/* no link/ether line with -4: iproute2 puts the peer's netns on the header */
			o->out.buf[--o->out.len] = '\0';
			fmt_ext_netns(n, &o->out);
			strbuf_puts(&o->out, "\n");
		}
		if (!inet_only)
			fmt_link_l2(h, n, &o->out);
		for (size_t j = 0; j < n->naddr; j++)
			fmt_addr(n, &n->addrs[j], &o->out);
	}
	return 0;
}

static int addr_modify(struct cmd_ctx *ctx, struct host *h, bool add, int argc, char **argv,
		       struct cmd_out *o)
{
	struct addr a = { 0 };
	const char *dev = NULL, *label = NULL;
	bool local_ok = false, brd_plus = false, brd_minus = false, scope_ok = false;
	int plen = -1;

	while (argc > 0) {
		if (strcmp(*argv, "peer") == 0 || strcmp(*argv, "remote") == 0 ||
		    matches(*argv, "anycast")) {
			return cmd_err(o, 1, "Error: pktpath does not model \"%s\" addresses.",
				       *argv);
		} else if (matches(*argv, "broadcast") || strcmp(*argv, "brd") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "+") == 0)
				brd_plus = true;
			else if (strcmp(*argv, "-") == 0)
				brd_minus = true;
			else if (!ip_parse(*argv, &a.brd))
				return cmd_err(
					o, 1, "Error: inet address is expected rather than \"%s\".",
					*argv);
		} else if (strcmp(*argv, "scope") == 0) {
			int s;

			NEXT_ARG();
			if (!rt_scope_parse(*argv, &s))
				return invarg(o, "invalid scope value.", *argv);
			a.scope = (uint8_t)s;
			scope_ok = true;
		} else if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (strcmp(*argv, "label") == 0) {
			NEXT_ARG();
			label = *argv;
		} else if (matches(*argv, "metric") || matches(*argv, "priority") ||
			   matches(*argv, "preference")) {
			NEXT_ARG();
			if (!parse_u32(*argv, &a.metric))
				return invarg(o, "\"metric\" value is invalid\n", *argv);
		} else if (strcmp(*argv, "valid_lft") == 0 || strcmp(*argv, "preferred_lft") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "forever") != 0)
				return cmd_err(o, 1,
					       "Error: pktpath models only \"forever\" lifetimes.");
		} else if (strcmp(*argv, "noprefixroute") == 0) {
			a.flags |= IFA_F_NOPREFIXROUTE;
		} else if (strcmp(*argv, "nodad") == 0 || strcmp(*argv, "home") == 0 ||
			   strcmp(*argv, "mngtmpaddr") == 0 || strcmp(*argv, "autojoin") == 0) {
			/* IPv6-only flags: the kernel clears them on IPv4 addresses */
		} else {
			if (strcmp(*argv, "local") == 0)
				NEXT_ARG();
			if (local_ok)
				return cmd_err(o, 255,
					       "Error: either \"local\" is duplicate, or \"%s\" is "
					       "a garbage.",
					       *argv);
			if (!prefix_parse(*argv, &a.local, &plen))
				return cmd_err(
					o, 1,
					"Error: any valid prefix is expected rather than \"%s\".",
					*argv);
			local_ok = true;
		}
		argc--, argv++;
	}
	if (!dev)
		return cmd_err(o, 1, "Not enough information: \"dev\" argument is required.");
	if (cmd_applying(ctx, h)) {
		/* --apply: what iproute2 sends; the kernel finds (or refuses) the address */
		struct nic *n = host_nic(h, dev);
		struct kedit e;

		if (!n)
			return no_dev(o, dev);
		memset(&e, 0, sizeof(e));
		e.op = add ? KEDIT_ADDR_ADD : KEDIT_ADDR_DEL;
		e.ifindex = n->ifindex;
		e.local_given = local_ok;
		e.plen_given = plen >= 0;
		e.label_given = label != NULL;
		if (!add && plen < 0) {
			cmd_err(o, 0,
				"Warning: Executing wildcard deletion to stay compatible with old "
				"scripts.");
			cmd_err(o, 0,
				"         Explicitly specify the prefix length (%s/32) to avoid "
				"this warning.",
				ip_str(a.local));
			cmd_err(o, 0,
				"         This special behaviour is likely to disappear in further "
				"releases,");
			cmd_err(o, 0, "         fix your scripts!");
		}
		if (plen < 0)
			plen = 32;
		a.plen = (uint8_t)plen;
		if (add && brd_plus && plen < 31)
			a.brd = a.local | ~ip_mask(plen);
		else if (add && brd_minus && plen < 31)
			a.brd = a.local & ip_mask(plen);
		if (!scope_ok && (a.local & 0xff000000u) == 0x7f000000u)
			a.scope = RT_SCOPE_HOST;
		snprintf(a.label, sizeof(a.label), "%s", label ? label : "");
		e.addr = a;
		return ctx->kedit(ctx, h, &e, o);
	}
	if (!local_ok)
		return cmd_err(o, 2, "RTNETLINK answers: Invalid argument");
	{
		struct nic *n = host_nic(h, dev);

		if (!n)
			return no_dev(o, dev);
		if (!add) {
			/* inet_rtm_deladdr(): first address matching local (and prefix when given) */
			if (plen < 0) {
				cmd_err(o, 0,
					"Warning: Executing wildcard deletion to stay compatible "
					"with old scripts.");
				cmd_err(o, 0,
					"         Explicitly specify the prefix length (%s/32) to "
					"avoid this warning.",
					ip_str(a.local));
				cmd_err(o, 0,
					"         This special behaviour is likely to disappear in "
					"further releases,");
				cmd_err(o, 0, "         fix your scripts!");
			}
			for (size_t i = 0; i < n->naddr; i++) {
				const struct addr *b = &n->addrs[i];

				if (b->local != a.local)
					continue;
				if (label && strcmp(label, b->label) != 0)
					continue;
				if (plen >= 0 &&
				    (b->plen != plen || !ip_in_prefix(a.local, b->local, plen)))
					continue;
				host_addr_del_at(h, n, i);
				return 0;
			}
			return cmd_err(o, 2, "Error: ipv4: Address not found.");
		}
		if (plen < 0)
			plen = 32;
		a.plen = (uint8_t)plen;
		if (brd_plus && plen < 31)
			a.brd = a.local | ~ip_mask(plen);
		else if (brd_minus && plen < 31)
			a.brd = a.local & ip_mask(plen);
		if (!scope_ok && (a.local & 0xff000000u) == 0x7f000000u)
			a.scope = RT_SCOPE_HOST; /* iproute2 defaults 127/8 to scope host */
		snprintf(a.label, sizeof(a.label), "%s", label ? label : n->name);
		{
			struct diag d = { 0 };

			if (host_addr_add(h, n, &a, &d) < 0)
				return cmd_err(o, 2, "%s", d.msg);
		}
	}
	return 0;
}

static int addr_flush(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;
	struct nic *n;

	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		}
		argc--, argv++;
	}
	if (!dev)
		return cmd_err(o, 1, "Flush requires arguments.");
	n = host_nic(h, dev);
	if (!n)
		return cmd_err(o, 1, "Device \"%s\" does not exist.", dev);
	/* iproute2 deletes in dump order; a deleted primary takes its secondaries along */
	while (n->naddr > 0) {
		host_addr_del_at(h, n, 0);
		n = host_nic(h, dev);
	}
	return 0;
}

static int do_addr(struct cmd_ctx *ctx, struct host *h, bool inet_only, int argc, char **argv,
		   struct cmd_out *o)
{
	if (argc < 1)
		return addr_show(h, inet_only, 0, argv, o);
	if (matches(*argv, "add"))
		return addr_modify(ctx, h, true, argc - 1, argv + 1, o);
	if (matches(*argv, "delete"))
		return addr_modify(ctx, h, false, argc - 1, argv + 1, o);
	if (matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst"))
		return addr_show(h, inet_only, argc - 1, argv + 1, o);
	if (matches(*argv, "flush")) {
		if (cmd_apply_refuse(ctx, h, o, "ip addr flush"))
			return o->rc;
		return addr_flush(h, argc - 1, argv + 1, o);
	}
	return cmd_err(o, 255, "Command \"%s\" is unknown, try \"ip address help\".", *argv);
}

/* ---- ip ---- */

int ip_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	static const char *const objects[] = {
		"address", "addrlabel", "maddress", "route", "rule",  "neighbor",   "neighbour",
		"ntable",  "ntbl",	"link",	    "l2tp",  "fou",   "ila",	    "macsec",
		"tunnel",  "tunl",	"tuntap",   "tap",   "token", "tcpmetrics", "tcp_metrics",
		"monitor", "xfrm",	"mroute",   "mrule", "netns", "netconf",    "vrf",
		"sr",	   "nexthop",	"mptcp",    "ioam",  "help",  "stats",
	};
	bool inet_only = false;
	const char *obj = NULL;

	argc--, argv++; /* "ip" */
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = argv[0];

		if (opt[1] == '-')
			opt++;
		if (strcmp(opt, "-4") == 0) {
			inet_only = true;
		} else if (strcmp(opt, "-n") == 0 || matches(opt + 1, "netns")) {
			if (argc < 2)
				return cmd_err(o, 255, "Option \"%s\" requires an argument",
					       argv[0]);
			argc--, argv++;
			h = sim_host(ctx->sim, *argv);
			if (!h)
				h = sim_host_add(ctx->sim, *argv);
		} else if (strcmp(opt, "-d") == 0 || matches(opt + 1, "details")) {
			return cmd_err(o, 1,
				       "Error: pktpath does not print \"ip -details\" output.");
		} else if (strcmp(opt, "-f") == 0 || matches(opt + 1, "family")) {
			if (argc < 2)
				return cmd_err(o, 255, "Option \"%s\" requires an argument",
					       argv[0]);
			argc--, argv++;
			if (strcmp(*argv, "inet") != 0)
				return cmd_err(o, 1, "Error: pktpath models the inet family only.");
			inet_only = true;
		} else {
			return cmd_err(o, 255, "Option \"%s\" is unknown, try \"ip -help\".",
				       argv[0]);
		}
		argc--, argv++;
	}
	if (argc < 1)
		return cmd_err(o, 255, "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }");
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (matches(argv[0], objects[i])) {
			obj = objects[i];
			break;
		}
	if (!obj)
		return cmd_err(o, 255, "Object \"%s\" is unknown, try \"ip help\".", argv[0]);
	argc--, argv++;
	if (strcmp(obj, "address") == 0)
		return do_addr(ctx, h, inet_only, argc, argv, o);
	if (strcmp(obj, "route") == 0)
		return do_route(ctx, h, argc, argv, o);
	if (strcmp(obj, "rule") == 0)
		return do_rule(ctx, h, argc, argv, o);
	if (strcmp(obj, "link") == 0)
		return do_link(h, ctx, argc, argv, o);
	if (strcmp(obj, "neighbor") == 0 || strcmp(obj, "neighbour") == 0) {
		if (argc > 0 && !matches(*argv, "show") && !matches(*argv, "list") &&
		    !matches(*argv, "lst") && cmd_apply_refuse(ctx, h, o, "ip neigh add|del|flush"))
			return o->rc;
		return ip_neigh(h, argc, argv, o);
	}
	return cmd_err(o, 1, "Error: pktpath does not model \"ip %s\" yet.", obj);
}
