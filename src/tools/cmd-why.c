/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd-why: `why DST [from SRC] [iif DEV] [oif DEV] [mark N] [tos T] [ipproto P] [sport N]
 * [dport N] [uid N]` — the routing decision for a hypothetical packet, narrated: the
 * rules walked (A2), the table and the route that won (A3, A5, printed like `ip route
 * show`), the egress device and gateway (or an ICMP redirect's route exception), and
 * where the source address comes from (B3: given, route prefsrc, inet_select_addr, or
 * the destination of a local route).
 *
 * On a host imported from a real namespace (host->netns set) and with a kernel
 * connection (ctx->kroute_get, the libnl adapter), the kernel's own RTM_GETROUTE answer
 * is printed next to it, with a DISAGREEMENT line when the egress device, the gateway,
 * the source or the error differ. The engine never calls libnl itself.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "cmd.h"
#include "net/fib.h"
#include "net/mss.h"
#include "net/path.h"

static const char *nic_name(const struct host *h, int ifindex)
{
	const struct nic *n = host_nic_by_index_c(h, ifindex);
	static char buf[2][24];
	static int i;

	if (n)
		return n->name;
	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "if%d", ifindex);
	return buf[i];
}

static void fmt_rule_short(const struct rule *r, struct strbuf *sb)
{
	char b[32];
	struct strbuf l4;
	struct jw w = jw_text(&l4);

	strbuf_printf(sb, "%u: ", r->pref);
	if (r->invert)
		strbuf_puts(sb, "not ");
	if (r->src_len)
		strbuf_printf(sb, "from %s/%d ", ip_str(r->src), r->src_len);
	else
		strbuf_puts(sb, "from all ");
	if (r->dst_len)
		strbuf_printf(sb, "to %s/%d ", ip_str(r->dst), r->dst_len);
	if (r->tos)
		strbuf_printf(sb, "tos 0x%02x ", r->tos);
	if (r->has_mark)
		strbuf_printf(sb, "fwmark %#x/%#x ", r->mark, r->mask);
	if (r->iif[0])
		strbuf_printf(sb, "iif %s ", r->iif);
	if (r->oif[0])
		strbuf_printf(sb, "oif %s ", r->oif);
	strbuf_init(&l4);
	rule_l4_fmt(r, &w); /* " ipproto tcp dport 80" */
	if (l4.len)
		strbuf_printf(sb, "%s ", l4.buf + 1);
	strbuf_release(&l4);
	if (r->action == FR_ACT_TO_TBL)
		strbuf_printf(sb, "lookup %s", rt_table_name(r->table, b, sizeof(b)));
	else if (r->action == FR_ACT_GOTO)
		strbuf_printf(sb, "goto %u", r->goto_target);
	else if (r->action == FR_ACT_NOP)
		strbuf_puts(sb, "nop");
	else
		strbuf_puts(sb, rt_type_name(r->action, b, sizeof(b)));
	if (r->suppress_prefixlen >= 0)
		strbuf_printf(sb, " suppress_prefixlength %d", r->suppress_prefixlen);
}

/* The rule walk as fib_rules_lookup() does it, one line per rule visited. */
static void narrate_rules(struct host *h, const struct flow *fl, int winner, struct strbuf *sb)
{
	char b[32];

	if (!h->custom_rules) {
		strbuf_puts(sb, E_("  rules: only the defaults: one lookup in local+main (merged, "
				   "A4), then default\n"));
		return;
	}
	for (size_t i = 0; i < h->nrules; i++) {
		const struct rule *r = &h->rules[i];
		struct fib_result res;
		int err;

		strbuf_puts(sb, E_("  rule "));
		fmt_rule_short(r, sb);
		if (!fib_rule_match(h, r, fl)) {
			strbuf_puts(sb, "  : no match\n");
			continue;
		}
		if ((int)i == winner) {
			strbuf_puts(sb, "  : MATCH, decides\n");
			return;
		}
		switch (r->action) {
		case FR_ACT_TO_TBL:
			err = host_table(h, r->table) ? fib_table_lookup(h, r->table, fl, &res, 0)
						      : -EAGAIN;
			if (err == 0 && res.prefixlen <= r->suppress_prefixlen)
				strbuf_printf(sb, E_("  : match, /%d result suppressed, go on\n"),
					      res.prefixlen);
			else if (err == -EAGAIN)
				strbuf_printf(
					sb,
					E_("  : match, table %s has no route (or throw), go on\n"),
					rt_table_name(r->table, b, sizeof(b)));
			else if (err == 0)
				strbuf_puts(sb, "  : match\n");
			else
				strbuf_printf(sb, E_("  : match, %s — stop\n"), strerror(-err));
			if (err != 0 && err != -EAGAIN)
				return;
			break;
		case FR_ACT_GOTO: {
			size_t j;

			/* forward only, as fib_rules_lookup() (the kernel refuses backward gotos) */
			for (j = i + 1; j < h->nrules; j++)
				if (h->rules[j].pref == r->goto_target)
					break;
			if (j == h->nrules) {
				strbuf_puts(sb, E_("  : match, goto target missing, go on\n"));
			} else {
				strbuf_printf(sb, E_("  : match, jump to %u\n"), r->goto_target);
				i = j - 1;
			}
			break;
		}
		case FR_ACT_NOP:
			strbuf_puts(sb, E_("  : match, nop\n"));
			break;
		default:
			strbuf_printf(sb, E_("  : match, %s — stop\n"),
				      rt_type_name(r->action, b, sizeof(b)));
			return;
		}
	}
	if (winner < 0)
		strbuf_puts(sb, E_("  no rule produced a route\n"));
}

static bool word_is(const char *w, const char *k)
{
	return strcmp(w, k) == 0;
}

static int why_decide(struct cmd_ctx *ctx, struct host *h, struct flow fl,
		      const struct kroute_query *qp, const struct ksock *sock, struct cmd_out *o);

/* `why socket ADDR:PORT`: a real TCP socket of the namespace (inet_diag), its next
 * segment: the 4-tuple is the socket's, the source fixed by it (B3.1), the output
 * lookup with its bound device (SO_BINDTODEVICE) and mark (SO_MARK). */
static int why_socket(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct kroute_query q;
	struct ksock *s = NULL, k;
	struct flow fl;
	size_t n = 0, i;
	uint32_t addr = 0;
	unsigned long port;
	char *colon, *end, msg[256] = "", buf[64];
	int rc;

	if (argc != 3)
		return cmd_err(
			o, CMD_EXIT_USAGE,
			_("usage: why socket LOCAL-ADDR:PORT (a connected TCP socket, see ss)"));
	snprintf(buf, sizeof(buf), "%s", argv[2]);
	colon = strrchr(buf, ':');
	if (!colon)
		return cmd_err(o, CMD_EXIT_USAGE, _("why socket: \"%s\" is not ADDR:PORT"),
			       argv[2]);
	*colon = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port > 65535 || !ip_parse(buf, &addr))
		return cmd_err(o, CMD_EXIT_USAGE, _("why socket: \"%s\" is not ADDR:PORT"),
			       argv[2]);
	if (!h->netns[0] || !ctx->ksock_list)
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("why socket: needs a host imported from a real namespace "
				 "(pktpath run --netns NAME, pktpath --live)"));
	if (ctx->ksock_list(h->netns, &s, &n, msg, sizeof(msg)) < 0)
		return cmd_err(o, CMD_EXIT_FAIL, _("why socket: %s"), msg);
	for (i = 0; i < n; i++)
		if (s[i].proto == 6 && s[i].src == addr && s[i].sport == port && s[i].dst &&
		    s[i].state != 10)
			break;
	if (i == n) {
		free(s);
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("why socket: no connected TCP socket with local address %s:%lu in "
				 "namespace %s (see ss -tna)"),
			       ip_str(addr), port, h->netns);
	}
	k = s[i];
	free(s);
	memset(&q, 0, sizeof(q));
	memset(&fl, 0, sizeof(fl));
	fl.daddr = k.dst;
	fl.saddr = k.src;
	fl.proto = 6;
	fl.sport = k.sport;
	fl.dport = k.dport;
	fl.mark = k.has_mark ? k.mark : 0;
	if (k.bound_if) {
		const struct nic *nic = host_nic_by_index_c(h, k.bound_if);

		if (!nic)
			return cmd_err(o, CMD_EXIT_FAIL,
				       _("why socket: bound to ifindex %d, not in the model"),
				       k.bound_if);
		fl.oif = nic->ifindex;
		snprintf(q.oif, sizeof(q.oif), "%s", nic->name);
	}
	fl.uid = k.uid; /* sk_uid */
	q.dst = fl.daddr;
	q.src = fl.saddr;
	q.mark = fl.mark;
	q.proto = fl.proto;
	q.sport = fl.sport;
	q.dport = fl.dport;
	q.uid = fl.uid;
	rc = why_decide(ctx, h, fl, &q, &k, o);
	return rc;
}

/* ipproto tcp|udp|icmp, sport N, dport N, uid N: what port and owner rules see */
static int why_l4_word(const char *w, const char *v, struct flow *fl, struct kroute_query *q,
		       struct cmd_out *o)
{
	uint32_t n;

	if (word_is(w, "ipproto")) {
		if (!inet_proto_parse(v, &fl->proto) ||
		    (fl->proto != 6 && fl->proto != 17 && fl->proto != 1))
			return cmd_err(o, CMD_EXIT_USAGE,
				       _("why: ipproto \"%s\" is not tcp, udp or icmp"), v);
		q->proto = fl->proto;
		return 0;
	}
	if (word_is(w, "sport") || word_is(w, "dport")) {
		if (!parse_u32(v, &n) || n > 65535)
			return cmd_err(o, CMD_EXIT_USAGE, _("why: invalid port \"%s\""), v);
		*(w[0] == 's' ? &fl->sport : &fl->dport) = (uint16_t)n;
		*(w[0] == 's' ? &q->sport : &q->dport) = (uint16_t)n;
		return 0;
	}
	if (word_is(w, "uid")) {
		if (!parse_u32(v, &fl->uid))
			return cmd_err(o, CMD_EXIT_USAGE, _("why: invalid uid \"%s\""), v);
		return 0;
	}
	return cmd_err(o, CMD_EXIT_USAGE, _("why: unknown word \"%s\""), w);
}

int why_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct kroute_query q;
	struct flow fl;
	int rc;

	if (argc >= 2 && word_is(argv[1], "socket"))
		return why_socket(ctx, h, argc, argv, o);
	memset(&q, 0, sizeof(q));
	memset(&fl, 0, sizeof(fl));
	if (argc < 2)
		return cmd_err(o, CMD_EXIT_USAGE,
			       _("usage: why DST [from SRC] [iif DEV] [oif DEV] [mark N] [tos T] "
				 "[ipproto P] [sport N] [dport N] [uid N]"));
	if (!ip_parse(argv[1], &fl.daddr))
		return cmd_err(o, CMD_EXIT_USAGE, _("why: \"%s\" is not an IPv4 address"), argv[1]);
	for (int i = 2; i < argc; i += 2) {
		if (i + 1 >= argc)
			return cmd_err(o, CMD_EXIT_USAGE, _("why: \"%s\" needs a value"), argv[i]);
		if (word_is(argv[i], "from")) {
			if (!ip_parse(argv[i + 1], &fl.saddr))
				return cmd_err(o, CMD_EXIT_USAGE,
					       _("why: \"%s\" is not an IPv4 address"),
					       argv[i + 1]);
		} else if (word_is(argv[i], "iif") || word_is(argv[i], "oif")) {
			const struct nic *n = host_nic(h, argv[i + 1]);

			if (!n)
				return cmd_err(o, CMD_EXIT_FAIL, "Cannot find device \"%s\"",
					       argv[i + 1]);
			if (argv[i][0] == 'i') {
				fl.iif = n->ifindex;
				snprintf(q.iif, sizeof(q.iif), "%s", n->name);
			} else {
				fl.oif = n->ifindex;
				snprintf(q.oif, sizeof(q.oif), "%s", n->name);
			}
		} else if (word_is(argv[i], "mark")) {
			if (!parse_u32(argv[i + 1], &fl.mark))
				return cmd_err(o, CMD_EXIT_USAGE, _("why: invalid mark \"%s\""),
					       argv[i + 1]);
		} else if (word_is(argv[i], "tos")) {
			uint32_t t;

			if (!parse_u32(argv[i + 1], &t) || t > 255)
				return cmd_err(o, CMD_EXIT_USAGE, _("why: invalid tos \"%s\""),
					       argv[i + 1]);
			fl.tos = (uint8_t)t;
		} else if ((rc = why_l4_word(argv[i], argv[i + 1], &fl, &q, o)) != 0) {
			return rc;
		}
	}
	q.dst = fl.daddr;
	q.src = fl.saddr;
	q.mark = fl.mark;
	q.uid = fl.uid;
	if (!fl.proto)
		fl.proto = 17; /* RTM_GETROUTE's default */
	return why_decide(ctx, h, fl, &q, NULL, o);
}

/* The routing decision for fl, narrated, and the kernel's answer to q. sock: the socket
 * whose next segment this is (`why socket`), or NULL. */
/* Where the source address came from (B3, B4) */
static void why_src(const struct host *h, const struct flow *fl, const struct rtable *rt,
		    const struct route *route, uint32_t given_src, bool sock, struct strbuf *sb)
{
	char b[32];

	if (rt->is_input) {
		strbuf_puts(sb, E_("  src: the packet's own (input route, no source selection)\n"));
	} else if (sock) {
		strbuf_printf(sb,
			      E_("  src %s: fixed by the socket (its local address since "
				 "connect/accept): no prefsrc, no inet_select_addr (B3.1)\n"),
			      ip_str(fl->saddr));
	} else if (given_src) {
		strbuf_printf(sb, E_("  src %s: given (from), kept as is (B3.1)\n"),
			      ip_str(fl->saddr));
	} else if (route && rt->type == RTN_LOCAL) {
		strbuf_printf(sb, E_("  src %s: %s (B3.4)\n"), ip_str(fl->saddr),
			      route->prefsrc ? E_("the local route's prefsrc")
					     : "the destination itself");
	} else if (route && route->prefsrc) {
		strbuf_printf(sb, E_("  src %s: the route's prefsrc (src %s) (B3.5)\n"),
			      ip_str(fl->saddr), ip_str(route->prefsrc));
	} else if (fl->saddr && route && (route->mp || route->nhid)) {
		strbuf_printf(
			sb,
			E_("  src %s: the chosen path's own address (nh_saddr: "
			   "inet_select_addr(%s, %s, scope %s) when the path was made) (B3.5, "
			   "B4)\n"),
			ip_str(fl->saddr), nic_name(h, rt->res.nh.oif), ip_str(rt->res.nh.gw),
			/* a nexthop object picks it a scope below its path's */
			rt_scope_name(!route->nhid	 ? route->scope
				      : rt->res.nh.scope ? rt->res.nh.scope - 1
							 : 0,
				      b, sizeof(b)));
	} else if (fl->saddr) {
		strbuf_printf(sb, E_("  src %s: inet_select_addr(%s, %s, scope %s) (B3.5, B4)\n"),
			      ip_str(fl->saddr), nic_name(h, route ? route->oif : rt->dev),
			      ip_str(route ? route->gw : 0),
			      rt_scope_name(route ? route->scope : RT_SCOPE_LINK, b, sizeof(b)));
	} else {
		strbuf_puts(sb, E_("  src: none (no usable address, B4.4)\n"));
	}
}

/* Which path of a multipath route, and why: the flow's device, or the hash (A8) */
static void why_path(const struct host *h, const struct flow *fl, const struct fib_result *res,
		     struct strbuf *sb)
{
	static const char *const keys[] = { N_("source and destination address"),
					    N_("addresses, protocol and ports"),
					    N_("addresses (outer)") };
	int n = route_nnh(h, res->route);
	const struct nhobj *o = res->route->nhid ? host_nhobj(h, res->route->nhid) : NULL;

	if (o && !o->is_group) {
		strbuf_printf(sb, E_("  nexthop object %u: %s\n"), o->id,
			      o->blackhole ? "a blackhole" : E_("its one path"));
		return;
	}
	if (o)
		strbuf_printf(sb, E_("  nexthop object %u, a group: member %u, "), o->id,
			      o->grp[res->nh_sel].id);
	else
		strbuf_puts(sb, "  ");
	strbuf_printf(sb, E_("path %d of %d: via %s dev %s, "), res->nh_sel + 1, n,
		      ip_str(res->nh.gw), nic_name(h, res->nh.oif));
	if (!res->mp_chosen) {
		strbuf_puts(sb, fl->oif ? E_("the one on the flow's device (oif: no hash)\n")
					: E_("the first that can be used\n"));
		return;
	}
	strbuf_printf(sb,
		      E_("picked by the multipath hash %d of the %s (fib_multipath_hash_policy %d, "
			 "seed %u%s)"),
		      res->mp_hash, E_(keys[h->mp_hash_policy < 3 ? h->mp_hash_policy : 0]),
		      h->mp_hash_policy, h->mp_hash_seed ? (uint32_t)h->mp_hash_seed : 0,
		      h->mp_hash_seed ? "" : E_(": the kernel's key is random, pktpath's fixed"));
	if (res->nh.upper_bound >= 0 && res->mp_hash <= res->nh.upper_bound)
		strbuf_printf(sb, E_(": within its share of the range (up to %d, by weight %u)"),
			      res->nh.upper_bound, res->nh.weight);
	else if (o)
		strbuf_puts(sb,
			    E_(": the first member that can be used (nexthop_select_path_hthr)"));
	else
		strbuf_puts(sb, E_(": outside its share, but the path whose source the flow has "
				   "comes first (fib_select_multipath)"));
	strbuf_puts(sb, "\n");
}

/* The MTU and MSS a TCP connection by this route gets, when something other than an
 * Ethernet default decides them: a path MTU, a route metric, or a device's MTU */
static void why_mss(const struct host *h, const struct rtable *rt, struct strbuf *sb)
{
	const struct nic *dev = host_nic_by_index_c(h, rt->dev);
	struct path_route pr;
	unsigned mtu;

	if (rt->type != RTN_UNICAST || !rt->res.route || !dev)
		return;
	path_route_from_rtable(h, rt, &pr);
	if (!pr.pmtu && !rt->res.route->mtu && !rt->res.route->advmss && !rt->res.route->locks &&
	    dev->mtu == 1500)
		return;
	mtu = mss_route_mtu(h, &pr);
	strbuf_printf(sb, E_("  mtu %u (%s); a TCP SYN by this route advertises MSS %u: "), mtu,
		      pr.pmtu_locked ? E_("a path MTU locked at min_pmtu, so no DF: a route "
					  "exception from ICMP fragmentation needed")
		      : pr.pmtu	     ? E_("the path MTU of a route exception, from ICMP "
					       "fragmentation needed")
		      : pr.mtu	     ? E_("the route's mtu metric")
				     : E_("the device's"),
		      mss_advmss(h, &pr));
	mss_advmss_why(h, &pr, sb);
	strbuf_puts(sb, "\n");
}

/* The simulation's answer: the route, the result, the source */
static void why_result(const struct host *h, const struct flow *fl, const struct rtable *rt,
		       int err, uint32_t given_src, bool sock, struct strbuf *sb)
{
	const struct route *route = err ? NULL : rt->res.route;
	char b[32];

	if (err) {
		strbuf_printf(sb, E_("  result: error: %s\n"), strerror(-err));
		return;
	}
	if (route) {
		strbuf_printf(sb, E_("  table %s, route: "),
			      rt_table_name(route->table, b, sizeof(b)));
		fmt_route(h, route, false, sb);
		if (route->mp || route->nhid)
			why_path(h, fl, &rt->res, sb);
	} else {
		strbuf_puts(sb, E_("  no FIB route: "));
		strbuf_puts(sb, fl->oif ? E_("oif given and no route: assumed on-link (B3.3)\n")
					: E_("built without a FIB lookup (B3.2)\n"));
	}
	strbuf_printf(sb, E_("  result: %s"), rt_type_name(rt->type, b, sizeof(b)));
	if (rt->dev)
		strbuf_printf(sb, " dev %s", nic_name(h, rt->dev));
	if (rt->uses_gw && (rt->flags & RTCF_REDIRECTED) && route)
		strbuf_printf(
			sb,
			E_(" via %s (an ICMP redirect's route exception for this destination, "
			   "in place of the route's gateway %s)"),
			ip_str(rt->gw), ip_str(route->gw));
	else if (rt->uses_gw)
		strbuf_printf(sb, E_(" via %s (the route's gateway)"), ip_str(rt->gw));
	else if (rt->dev && rt->type == RTN_UNICAST)
		strbuf_puts(sb, E_(" (directly connected: ARP for the destination)"));
	strbuf_puts(sb, "\n");
	why_src(h, fl, rt, route, given_src, sock, sb);
	why_mss(h, rt, sb);
}

/* The kernel's answer to the same question (RTM_GETROUTE) beside the simulation's;
 * true when they disagree */
static bool why_kernel_agrees(const struct host *h, const struct kroute_query *q,
			      const struct kroute_answer *a, const struct flow *fl,
			      const struct rtable *rt, int err, struct strbuf *sb)
{
	bool input = q->iif[0] != '\0'; /* fl.iif is lo for output lookups */
	uint32_t ksrc = input ? 0 : (a->prefsrc ? a->prefsrc : q->src);
	const char *sdev = err ? "" : nic_name(h, rt->dev);
	uint32_t sgw = err || !rt->uses_gw ? 0 : rt->gw;
	uint32_t ssrc = err || input ? 0 : fl->saddr;
	char b[32];

	if (a->err) {
		strbuf_printf(sb, E_("  kernel (RTM_GETROUTE): error: %s\n"), strerror(-a->err));
		if (a->err == err) {
			strbuf_printf(sb, "  %s\n", E_("kernel agrees"));
			return true;
		}
		strbuf_printf(sb, "  %s: ", E_("DISAGREEMENT"));
		strbuf_printf(sb, E_("kernel says %s, simulation %s\n"), strerror(-a->err),
			      err ? strerror(-err) : E_("a route"));
		return false;
	}
	strbuf_printf(sb, "  kernel (RTM_GETROUTE): %s %s", rt_type_name(a->type, b, sizeof(b)),
		      ip_str(q->dst));
	if (a->gw)
		strbuf_printf(sb, " via %s", ip_str(a->gw));
	if (a->dev[0])
		strbuf_printf(sb, " dev %s", a->dev);
	strbuf_printf(sb, " table %s", rt_table_name(a->table, b, sizeof(b)));
	if (ksrc)
		strbuf_printf(sb, " src %s", ip_str(ksrc));
	strbuf_puts(sb, "\n");
	if (err) {
		strbuf_printf(sb, "  %s: ", E_("DISAGREEMENT"));
		strbuf_printf(sb, E_("kernel has a route, simulation says %s\n"), strerror(-err));
		return false;
	}
	if (strcmp(sdev, a->dev) == 0 && sgw == a->gw && ssrc == ksrc) {
		strbuf_printf(sb, "  %s %s\n", E_("kernel agrees"), E_("(dev, gateway, src)"));
		return true;
	}
	strbuf_printf(sb, "  %s:", E_("DISAGREEMENT"));
	if (strcmp(sdev, a->dev) != 0)
		strbuf_printf(sb, E_(" dev %s (kernel) vs %s (simulated)"), a->dev, sdev);
	if (sgw != a->gw)
		strbuf_printf(sb, E_(" gateway %s vs %s"), ip_str(a->gw), ip_str(sgw));
	if (ssrc != ksrc)
		strbuf_printf(sb, E_(" src %s vs %s"), ip_str(ksrc), ip_str(ssrc));
	strbuf_puts(sb, "\n");
	return false;
}

static int why_decide(struct cmd_ctx *ctx, struct host *h, struct flow fl,
		      const struct kroute_query *qp, const struct ksock *sock, struct cmd_out *o)
{
	struct kroute_query q = *qp;
	struct flow nfl;
	struct rtable rt;
	struct strbuf *sb = &o->out;
	uint32_t given_src = fl.saddr;
	int err;

	strbuf_printf(sb, "why %s", ip_str(fl.daddr));
	if (given_src)
		strbuf_printf(sb, " from %s", ip_str(given_src));
	if (q.iif[0])
		strbuf_printf(sb, " iif %s", q.iif);
	if (q.oif[0])
		strbuf_printf(sb, " oif %s", q.oif);
	if (fl.mark)
		strbuf_printf(sb, " mark %#x", fl.mark);
	strbuf_printf(sb, " on %s%s%s%s\n", h->name, h->netns[0] ? " (namespace " : "",
		      h->netns[0] ? h->netns : "", h->netns[0] ? ")" : "");
	if (sock) {
		strbuf_printf(sb, E_("  socket: tcp %s:%u"), ip_str(sock->src), sock->sport);
		strbuf_printf(sb, E_(" -> %s:%u, its next segment; bound device %s"),
			      ip_str(sock->dst), sock->dport,
			      sock->bound_if ? q.oif : E_("none (no SO_BINDTODEVICE)"));
		if (sock->has_mark)
			strbuf_printf(sb, E_(", mark %#x (SO_MARK)\n"), sock->mark);
		else
			strbuf_puts(sb,
				    E_(", mark unknown (INET_DIAG_MARK needs CAP_NET_ADMIN)\n"));
	}
	nfl = fl;
	if (!fl.iif)
		nfl.iif = LOOPBACK_IFINDEX; /* A2.3: locally generated traffic has iif lo */
	if (!sock)
		flow_set_getroute_skb(&fl); /* the question is the kernel's RTM_GETROUTE */
	err = fl.iif ? fib_route_input(h, &fl, &rt) : fib_route_output(h, &fl, &rt);
	narrate_rules(h, &nfl, err ? -1 : rt.rule_idx, sb);
	why_result(h, &fl, &rt, err, given_src, sock != NULL, sb);
	if (h->netns[0] && ctx->kroute_get) {
		struct kroute_answer a;
		char msg[256] = "";

		if (ctx->kroute_get(h->netns, &q, &a, msg, sizeof(msg)) < 0)
			return cmd_err(o, CMD_EXIT_FAIL, _("why: cannot ask the kernel: %s"), msg);
		/* a routing error is an answer, not a failure; a disagreement is a failure */
		if (!why_kernel_agrees(h, &q, &a, &fl, &rt, err, sb))
			o->rc = CMD_EXIT_FAIL;
	}
	return o->rc;
}
