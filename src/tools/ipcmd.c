/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipcmd: ip(8) on a simulated host — link, address, route, rule — with iproute2 6.1's
 * grammar, output and error messages (docs/kernel.md §12) byte for byte. This file reads
 * the options and the object and knows iproute2's names; each object has its file
 * (ip.h).
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

#include "ip.h"

/* ---- names ---- */

bool rt_type_parse(const char *s, int *type)
{
	return rt_type_from_name(s, type);
}

bool rt_table_parse(const char *s, uint32_t *id)
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

bool rt_scope_parse(const char *s, int *scope)
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

bool rt_proto_parse(const char *s, int *proto)
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

/* ---- ip ---- */

/* ip -o: the listing from byte `from` of sb (as ip addr|link show prints it) rewritten one
 * record a line, as iproute2 prints it with -oneline: a link's lines joined by "\\"; an
 * address's two lines joined the same way after "IDX: NAME" of its device (no header or
 * link/ether lines) */
static void oneline(struct strbuf *sb, size_t from, bool addr)
{
	char *text, *line, *save = NULL;
	char dev[64] = "";

	if (sb->len == from)
		return; /* nothing listed */
	text = xstrdup(sb->buf + from);
	sb->len = from;
	sb->buf[from] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!addr) {
			if (line[0] == ' ')
				strbuf_printf(sb, "\\%s", line);
			else
				strbuf_printf(sb, "%s%s", sb->len > from ? "\n" : "", line);
			continue;
		}
		if (line[0] != ' ') { /* "IDX: NAME[@PEER]: <...": the device */
			size_t n = strcspn(line, ":"), m = n;

			if (line[n] == ':' && line[n + 1] == ' ')
				m = n + 2 + strcspn(line + n + 2, "@:");
			snprintf(dev, sizeof(dev), "%.*s", (int)(m < sizeof(dev) ? m : 0), line);
		} else if (!strncmp(line, "    inet ", 9)) {
			strbuf_printf(sb, "%s%s", dev, line);
		} else if (!strncmp(line, "       valid_lft", 16)) {
			strbuf_printf(sb, "\\%s\n", line);
		}
	}
	if (!addr && sb->len > from)
		strbuf_puts(sb, "\n");
	free(text);
}

/* ip's global options (iproute2's ip.c) that pktpath does not model: a word that starts
 * one of them is the real tool's option, so it is named as not modelled, not unknown */
static const char *const unmodelled_ip_opts[] = {
	"-loops",   "-resolve", "-Version", "-help",	       "-timestamp", "-tshort",
	"-batch",   "-force",	"-rcvbuf",  "-color",	       "-echo",	     "-all",
	"-Numeric", "-iec",	"-human",   "-human-readable",
};

/* ip's global options */
struct ip_global {
	bool inet_only, brief, one;
	int stats; /* how many -s */
	struct ip_print print;
};

/* The options before the object, as ip.c reads them: *argcp and *argvp move past them,
 * -n NETNS changes *hp. Non-zero: an error, already reported. */
static int ip_options(struct cmd_ctx *ctx, struct host **hp, int *argcp, char ***argvp,
		      struct ip_global *g, struct cmd_out *o)
{
	while (*argcp > 0 && (*argvp)[0][0] == '-') {
		const char *opt = (*argvp)[0];

		if (opt[1] == '-')
			opt++;
		if (strcmp(opt, "-4") == 0) {
			g->inet_only = true;
		} else if (strcmp(opt, "-n") == 0 || matches(opt + 1, "netns")) {
			if (*argcp < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Option \"%s\" requires an argument", (*argvp)[0]);
			(*argcp)--, (*argvp)++;
			*hp = sim_host(ctx->sim, **argvp);
			if (!*hp)
				*hp = sim_host_add(ctx->sim, **argvp);
		} else if (strcmp(opt, "-d") == 0 || matches(opt + 1, "details")) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not print \"ip -details\" output.");
		} else if (strcmp(opt, "-f") == 0 || matches(opt + 1, "family")) {
			if (*argcp < 2)
				return cmd_err(o, IP_EXIT_SYNTAX,
					       "Option \"%s\" requires an argument", (*argvp)[0]);
			(*argcp)--, (*argvp)++;
			if (strcmp(**argvp, "inet") != 0)
				return cmd_err(o, IP_EXIT_FAIL,
					       "Error: pktpath models the inet family only.");
			g->inet_only = true;
		} else if (strlen(opt) >= 2 && !strncmp(opt, "-oneline", strlen(opt))) {
			g->one = true;
		} else if (strlen(opt) >= 3 && !strncmp(opt, "-brief", strlen(opt))) {
			g->brief = true; /* -br...: -b alone is -batch */
		} else if (matches(opt, "-stats") || matches(opt, "-statistics")) {
			g->stats++;
		} else if (matches(opt, "-json")) {
			g->print.json = true;
		} else if (matches(opt, "-pretty")) {
			g->print.pretty = true;
		} else if (!strcmp(opt, "-6") || !strcmp(opt, "-0") || !strcmp(opt, "-B") ||
			   !strcmp(opt, "-M")) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath models the inet family only.");
		} else {
			size_t n = strlen(opt);

			/* -c=always and the like: the option's name is before the = */
			if (strchr(opt, '='))
				n = (size_t)(strchr(opt, '=') - opt);
			for (size_t i = 0; n > 1 && i < sizeof(unmodelled_ip_opts) /
								    sizeof(unmodelled_ip_opts[0]);
			     i++)
				if (!strncmp(opt, unmodelled_ip_opts[i], n))
					return cmd_err(o, IP_EXIT_FAIL,
						       "Error: pktpath does not model ip's option "
						       "\"%s\".",
						       (*argvp)[0]);
			return cmd_err(o, IP_EXIT_SYNTAX,
				       "Option \"%s\" is unknown, try \"ip -help\".", (*argvp)[0]);
		}
		(*argcp)--, (*argvp)++;
	}
	return 0;
}

/* obj (one of ip_main's objects) is name: the first byte tells most apart without a call
 * (every `ip` line asks several of these) */
static inline bool is_obj(const char *obj, const char *name)
{
	return obj[0] == name[0] && strcmp(obj, name) == 0;
}

/* -s: the counters of links and addresses, as the model counts the frames it sends; not
 * a host imported from a kernel (the kernel's counters are not imported), nor -s -s, nor
 * the rounds `ip -s addr flush` reports */
static int stats_check(const struct host *h, struct ip_global *g, const char *obj, int argc,
		       char **argv, struct cmd_out *o)
{
	bool listing;

	if (g->stats == 0)
		return 0;
	listing = is_obj(obj, "address") || is_obj(obj, "link");
	if (!listing || (obj[0] == 'a' && argc > 0 && matches(*argv, "flush")))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: pktpath does not model ip's option \"-s\" for \"ip %s%s\" "
			       "(only for showing links and addresses).",
			       obj, listing ? " flush" : "");
	if (g->stats > 1 || g->one)
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: pktpath does not model ip's option \"%s\" (one -s is).",
			       g->one ? "-s -o" : "-s -s");
	if (h->netns[0])
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: pktpath does not model ip's option \"-s\" on a host read "
			       "from a kernel: the counters are the kernel's (ip%s%s -s %s).",
			       strcmp(h->netns, ".") ? " -n " : "",
			       strcmp(h->netns, ".") ? h->netns : "", obj);
	g->print.stats = true;
	return 0;
}

int ip_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	static const char *const objects[] = {
		"address", "addrlabel", "maddress", "route", "rule",  "neighbor",   "neighbour",
		"ntable",  "ntbl",	"link",	    "l2tp",  "fou",   "ila",	    "macsec",
		"tunnel",  "tunl",	"tuntap",   "tap",   "token", "tcpmetrics", "tcp_metrics",
		"monitor", "xfrm",	"mroute",   "mrule", "netns", "netconf",    "vrf",
		"sr",	   "nexthop",	"mptcp",    "ioam",  "help",  "stats",
	};
	struct ip_global g = { false, false, false, 0, { false, false, false } };
	const char *obj = NULL;
	bool listing;
	int rc;

	argc--, argv++; /* "ip" */
	if ((rc = ip_options(ctx, &h, &argc, &argv, &g, o)) != 0)
		return rc;
	if (argc < 1)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }");
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (matches(argv[0], objects[i])) {
			obj = objects[i];
			break;
		}
	if (!obj)
		return cmd_err(o, IP_EXIT_SYNTAX, "Object \"%s\" is unknown, try \"ip help\".",
			       argv[0]);
	argc--, argv++;
	if ((rc = stats_check(h, &g, obj, argc, argv, o)) != 0)
		return rc;
	/* -br changes how addresses and links are listed; other commands print as usual */
	listing = (is_obj(obj, "address") || is_obj(obj, "link")) &&
		  (argc == 0 || matches(*argv, "show") || matches(*argv, "list") ||
		   matches(*argv, "lst"));
	if (g.print.json && !is_obj(obj, "route") && !is_obj(obj, "rule") &&
	    !is_obj(obj, "neighbor") && !is_obj(obj, "neighbour") && !is_obj(obj, "address") &&
	    !is_obj(obj, "link") && !is_obj(obj, "nexthop"))
		return cmd_err(
			o, IP_EXIT_FAIL,
			"Error: pktpath does not model ip's option \"-json\" for \"ip %s\" "
			"(only for routes, rules, neighbours, nexthops, links and addresses).",
			obj);
	if (g.print.json && listing && (g.print.stats || g.brief))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: pktpath does not model ip's option \"-json\" with \"%s\" "
			       "(the counters or the brief list in JSON).",
			       g.brief ? "-brief" : "-stats");
	if (g.brief && listing)
		return ip_brief(h, obj[0] == 'l', g.inet_only, argc, argv, o);
	if (g.one && listing) {
		size_t from = o->out.len;

		rc = obj[0] == 'a' ? ip_addr_cmd(ctx, h, g.inet_only, &g.print, argc, argv, o)
				   : ip_link_cmd(h, ctx, &g.print, argc, argv, o);

		if (rc == 0)
			oneline(&o->out, from, obj[0] == 'a');
		return rc;
	}
	if (g.brief && (is_obj(obj, "neighbor") || is_obj(obj, "neighbour")))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: pktpath does not model ip's option \"-br\" for neighbours.");
	if (is_obj(obj, "address"))
		return ip_addr_cmd(ctx, h, g.inet_only, &g.print, argc, argv, o);
	if (is_obj(obj, "route"))
		return ip_route_cmd(ctx, h, &g.print, argc, argv, o);
	if (is_obj(obj, "rule"))
		return ip_rule_cmd(ctx, h, &g.print, argc, argv, o);
	if (is_obj(obj, "nexthop"))
		return ip_nexthop_cmd(ctx, h, &g.print, argc, argv, o);
	if (is_obj(obj, "link"))
		return ip_link_cmd(h, ctx, &g.print, argc, argv, o);
	if (is_obj(obj, "neighbor") || is_obj(obj, "neighbour")) {
		if (argc > 0 && !matches(*argv, "show") && !matches(*argv, "list") &&
		    !matches(*argv, "lst") && cmd_apply_refuse(ctx, h, o, "ip neigh add|del|flush"))
			return o->rc;
		return ip_neigh(h, &g.print, argc, argv, o);
	}
	return cmd_err(o, IP_EXIT_FAIL, "Error: pktpath does not model \"ip %s\" yet.", obj);
}
