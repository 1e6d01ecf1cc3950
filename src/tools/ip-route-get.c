/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-route-get: `ip route get`, as iproute2 6.1 (ip/iproute.c iproute_get) asks and the
 * kernel (inet_rtm_getroute, rt_fill_info) answers: the route, its cache flags, a route
 * exception's expiry and path MTU.
 */
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

void ip_route_cache_flags(uint32_t flags, struct jw *w)
{
	static const struct {
		uint32_t f;
		const char *name;
	} names[] = {
		{ RTCF_LOCAL, "local" },	 { RTCF_MULTICAST, "mc" },
		{ RTCF_BROADCAST, "brd" },	 { RTCF_REDIRECTED, "redirected" },
		{ RTCF_DOREDIRECT, "redirect" }, { RTCF_NOTIFY, "notify" },
	};

	flags &= ~0xffffu;
	jw_puts(w, "\n    cache ");
	jw_arr(w, "cache");
	if (flags)
		jw_puts(w, "<");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].f))
			continue;
		flags &= ~names[i].f;
		jw_str(w, NULL, flags ? "%s," : "%s> ", names[i].name);
	}
	jw_arr_end(w);
}

static int errno_to_rc(struct cmd_out *o, int err)
{
	return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: %s", strerror(-err));
}

/* an address as jw_word prints it, its length known as it is written */
static inline void word_ip(struct jw *w, const char *key, const char *prefix, uint32_t a)
{
	char b[16];

	jw_word_n(w, key, prefix, b, (size_t)(ip_fmt_end(a, b) - b));
}

/* rt_fill_info() as iproute2's print_route() prints it for `ip route get DST [from SRC]` */
static void fmt_route_get(const struct host *h, const struct rtable *rt, const struct flow *fl,
			  uint32_t dst, uint32_t src, bool from_ok, bool uid_ok, struct jw *w)
{
	char b1[32];

	/* words and addresses are appended as they are: this runs once per `ip route get`
	 * line, where printf's parsing cost more than the lookup */
	jw_obj(w, NULL);
	if (rt->type != RTN_UNICAST)
		jw_word(w, "type", "", rt_type_name(rt->type, b1, sizeof(b1)));
	word_ip(w, "dst", "", dst);
	if (from_ok)
		word_ip(w, "from", "from ", src);
	/* the matched route's tos (rtm_tos of the answer), not the one asked for */
	if (rt->res.route && rt->res.route->tos)
		jw_word(w, "tos", "tos ", rt_dsfield_name(rt->res.route->tos, b1, sizeof(b1)));
	if (rt->uses_gw)
		word_ip(w, "gateway", "via ", rt->gw);
	if (rt->dev)
		jw_word(w, "dev", "dev ", dev_name(h, rt->dev));
	if (rt->table && rt->table != RT_TABLE_MAIN)
		jw_word(w, "table", "table ", rt_table_name(rt->table, b1, sizeof(b1)));
	if (!rt->is_input && fl->saddr != src)
		word_ip(w, "prefsrc", "src ", fl->saddr);
	jw_arr(w, "flags");
	/* iproute2 6.1 reads RTCF_MULTICAST (0x20000000) as RTM_F_OFFLOAD_FAILED (§12.10) */
	if (rt->flags & RTCF_MULTICAST)
		jw_str(w, NULL, "%s ", "rt_offload_failed");
	jw_arr_end(w);
	if (fl->mark)
		/* iproute2 6.1 prints marks below 16 in decimal, others as 0x hex */
		jw_uint(w, "mark", fl->mark < 16 ? "mark %llu " : "mark 0x%llx ",
			(unsigned long long)fl->mark);
	if (uid_ok && w->json) {
		jw_json_uint(w, "uid", fl->uid);
	} else if (uid_ok) {
		char u[12], *e = u + sizeof(u) - 1;
		uint32_t v = fl->uid;

		*e = '\0';
		do
			*--e = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		jw_word_n(w, "uid", "uid ", e, (size_t)(u + sizeof(u) - 1 - e));
	}
	ip_route_cache_flags(rt->flags, w);
	if (rt->expires > host_jiffies(h)) {
		/* RTA_CACHEINFO: jiffies_to_clock_t() (USER_HZ 100), then iproute2's / hz */
		long long clk = (rt->expires - host_jiffies(h)) * 100 / KERNEL_HZ;

		jw_int(w, "expires", "expires %lldsec ", (long long)(clk / 100));
	}
	/* rt_fill_info(): a live exception's path MTU (and its lock) replaces the metric */
	if (rt->expires > host_jiffies(h))
		route_metrics_fmt(rt->res.route, rt->pmtu, rt->pmtu_locked, w);
	else
		route_metrics_fmt(rt->res.route, 0, false, w);
	if (rt->is_input)
		jw_word(w, "iif", "iif ", dev_name(h, rt->iif));
	jw_puts(w, "\n");
	jw_obj_end(w);
}

/* `ip route get`'s destination (after "to", or alone) */
static int get_dst(const char *arg, uint32_t *dst, bool *dst_ok, struct cmd_out *o)
{
	int plen;

	if (*dst_ok)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Error: either \"to\" is duplicate, or \"%s\" is a garbage.", arg);
	if (!prefix_parse(arg, dst, &plen))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: any valid prefix is expected rather than \"%s\".", arg);
	*dst_ok = true;
	return 0;
}

int ip_route_get(struct host *h, const struct ip_print *opts, int argc, char **argv,
		 struct cmd_out *o)
{
	struct flow fl = { 0 };
	struct rtable rt;
	struct jw w;
	bool dst_ok = false, from_ok = false, fibmatch = false, uid_ok = false, proto_ok = false;
	const char *iifname = NULL, *oifname = NULL;
	uint32_t dst = 0, src = 0, uid = 0;
	int err;

	while (argc > 0) {
		if (isdigit((unsigned char)argv[0][0])) {
			/* the destination, the usual case: no keyword starts with a digit */
			if ((err = get_dst(*argv, &dst, &dst_ok, o)) != 0)
				return err;
		} else if (strcmp(*argv, "tos") == 0 || matches(*argv, "dsfield")) {
			NEXT_ARG();
			if ((err = tos_arg(*argv, &fl.tos, o)) != 0)
				return err;
		} else if (matches(*argv, "from")) {
			int plen;

			NEXT_ARG();
			if (!prefix_parse(*argv, &src, &plen))
				return cmd_err(
					o, IP_EXIT_FAIL,
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
		} else if (strcmp(*argv, "uid") == 0) {
			NEXT_ARG();
			if (!parse_u32(*argv, &uid))
				return invarg(o, "invalid UID\n", *argv);
			uid_ok = true;
		} else if (strcmp(*argv, "sport") == 0 || strcmp(*argv, "dport") == 0) {
			bool sport = argv[0][0] == 's';
			uint32_t v;

			NEXT_ARG();
			if (!parse_u32(*argv, &v) || v > 0xffff)
				return invarg(o, sport ? "invalid sport\n" : "invalid dport\n",
					      *argv);
			*(sport ? &fl.sport : &fl.dport) = (uint16_t)v;
		} else if (strcmp(*argv, "ipproto") == 0) {
			NEXT_ARG();
			if (!inet_proto_parse(*argv, &fl.proto))
				return invarg(o, "Invalid \"ipproto\" value\n", *argv);
			proto_ok = true;
		} else {
			if (strcmp(*argv, "to") == 0)
				NEXT_ARG();
			if ((err = get_dst(*argv, &dst, &dst_ok, o)) != 0)
				return err;
		}
		argc--, argv++;
	}
	if (!dst_ok)
		return cmd_err(o, IP_EXIT_SYNTAX, "need at least a destination address");
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
	/* inet_rtm_getroute(): UDP unless told (rtm_getroute_parse_ip_proto: TCP, UDP or
	 * ICMP); the caller's uid for an output lookup, none for an input one */
	if (!proto_ok)
		fl.proto = IPPROTO_UDP;
	else if (fl.proto != IPPROTO_TCP && fl.proto != IPPROTO_UDP && fl.proto != IPPROTO_ICMP)
		return cmd_err(o, IP_EXIT_KERNEL, "Error: Unsupported ip proto.");
	fl.uid = uid;
	flow_set_getroute_skb(&fl);
	if (fl.iif)
		err = fib_route_input(h, &fl, &rt);
	else
		err = fib_route_output(h, &fl, &rt);
	if (err)
		return errno_to_rc(o, err);
	fl.uid = uid;
	uid_ok = uid_ok || !iifname;
	if (fibmatch && !rt.res.route)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: No route to host");
	jw_start(&w, &o->out, opts->json, opts->pretty);
	if (fibmatch)
		route_fmt(h, rt.res.route, true, 0, &w);
	else
		fmt_route_get(h, &rt, &fl, dst, src, from_ok, uid_ok, &w);
	jw_finish(&w);
	return 0;
}
