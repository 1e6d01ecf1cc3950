/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt-target: the options of the targets pktpath models (SNAT, DNAT, MASQUERADE,
 * REDIRECT, MARK, TTL, TCPMSS, LOG, REJECT, CT) as the real tool's extensions read them
 * (libxt_SNAT, libxt_DNAT, libxt_MASQUERADE, libxt_MARK, libxt_TTL, libxt_TCPMSS,
 * libxt_LOG, libxt_REJECT, libxt_CT), with their messages byte for byte, and the checks each makes
 * once the line is read. ipt-parse.c calls these from its option table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "ipt.h"
#include "ipt-pstate.h"

/* xtables_strtoui(s, &end, out, 0, 65535): strtoul in any base, the end kept */
static bool port_num(const char *s, const char **end, unsigned *out, unsigned min)
{
	char *e;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &e, 0);
	if (e == s || errno == ERANGE || v < min || v > 65535 || s[strspn(s, " \t")] == '-')
		return false;
	*end = e;
	*out = (unsigned)v;
	return true;
}

/* libxt_DNAT's parse_ports(), which every NAT target reads its ports with (--to-ports and
 * the :PORT[-PORT] of --to-source/--to-destination): 0 on success, else the message
 * written. Port 0 and a /BASE (a shifted range) are taken by the real tool and not
 * modelled here. */
static int nat_ports(struct pstate *ps, const char *arg, const char *opt)
{
	unsigned lo, hi;
	const char *end;
	uint8_t pr = ps->r->proto;

	if (pr != 6 && pr != 17 && pr != 132 && pr != 33 && pr != 1)
		return ipt_usage_err(ps->o, "%s",
				     "Need TCP, UDP, SCTP or DCCP with port specification");
	if (!port_num(arg, &end, &lo, 0))
		return ipt_usage_err(ps->o, "Port `%s' not valid", arg);
	if (*end == ':')
		return ipt_usage_err(ps->o, "%s", "Invalid port:port syntax - use dash");
	if (*end && *end != '-')
		return ipt_usage_err(ps->o, "Garbage after port value: `%s'", end);
	hi = lo;
	if (*end == '-') {
		arg = end + 1;
		if (!port_num(arg, &end, &hi, 1))
			return ipt_usage_err(ps->o, "Port `%s' not valid", arg);
		if (*end == '/')
			return ipt_not_modelled(ps->o, "a shifted port range (/BASE) in", opt,
						NULL);
		if (*end)
			return ipt_usage_err(ps->o, "Garbage after port range: `%s'", end);
		if (hi < lo)
			return ipt_usage_err(ps->o, "Port range `%s' funky", arg);
	}
	if (!lo)
		return ipt_not_modelled(ps->o, "port 0 in", opt, NULL);
	ps->r->to_port[0] = (uint16_t)lo;
	ps->r->to_port[1] = (uint16_t)hi;
	return 0;
}

/* libxt_DNAT's parse_to(): ADDR[-ADDR][:PORT[-PORT]], the ports read first; the
 * addresses as inet_pton reads them (no leading zeros). Ports without an address are
 * taken by the real tool and not modelled here. */
static int nat_to(struct pstate *ps, const char *val, const char *opt)
{
	struct nf_rule *r = ps->r;
	char buf[64];
	char *colon, *dash;
	struct in_addr a;
	int rc;

	snprintf(buf, sizeof(buf), "%s", val);
	colon = strchr(buf, ':');
	if (colon) {
		if ((rc = nat_ports(ps, colon + 1, opt)) != 0)
			return rc;
		if (colon == buf)
			return ipt_not_modelled(ps->o, "ports without an address in", opt, NULL);
		*colon = '\0';
	}
	/* ADDR-ADDR: a range, the kernel picks one per flow */
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return ipt_usage_err(ps->o, "Bad IP address \"%s\"", buf);
	r->to_addr = ntohl(a.s_addr);
	r->to_addr_max = 0;
	if (dash) {
		if (inet_pton(AF_INET, dash + 1, &a) != 1)
			return ipt_usage_err(ps->o, "Bad IP address \"%s\"", dash + 1);
		r->to_addr_max = ntohl(a.s_addr);
	}
	return 0;
}

/* The NAT targets' options: which target has each, as libxt_SNAT, libxt_DNAT (DNAT and
 * REDIRECT) and libxt_MASQUERADE define them (bit k of the table's mask: target k) */
static const struct nat_opt {
	const char *name;
	unsigned targets;
} nat_opts[NAT_O__COUNT] = {
	[NAT_O_TO_SOURCE] = { "--to-source", 1u << NF_TGT_SNAT },
	[NAT_O_TO_DEST] = { "--to-destination", 1u << NF_TGT_DNAT },
	[NAT_O_TO_PORTS] = { "--to-ports", 1u << NF_TGT_MASQUERADE | 1u << NF_TGT_REDIRECT },
	[NAT_O_RANDOM] = { "--random", 1u << NF_TGT_SNAT | 1u << NF_TGT_DNAT |
					       1u << NF_TGT_MASQUERADE | 1u << NF_TGT_REDIRECT },
	[NAT_O_RANDOM_FULLY] = { "--random-fully", 1u << NF_TGT_SNAT | 1u << NF_TGT_MASQUERADE },
	[NAT_O_PERSISTENT] = { "--persistent", 1u << NF_TGT_SNAT | 1u << NF_TGT_DNAT },
};

static bool nat_has(const struct pstate *ps, int k)
{
	return ps->r->target < 32 && (nat_opts[k].targets & (1u << ps->r->target));
}

/* xtables_option_parse()'s checks, in its order: once, then not inverted */
static int nat_once(struct pstate *ps, int k)
{
	const char *tn = ipt_targets[ps->r->target];

	if (ps->nat_seen & (1u << k))
		return ipt_usage_err(ps->o, "%s: option \"%s\" can only be used once.\n", tn,
				     nat_opts[k].name);
	if (ps->inv)
		return ipt_usage_err(ps->o, "%s: option \"%s\" cannot be inverted.\n", tn,
				     nat_opts[k].name);
	ps->nat_seen |= 1u << k;
	return 0;
}

/* The NAT targets' options with a value: --to-source of SNAT, --to-destination of DNAT,
 * --to-ports of MASQUERADE and REDIRECT (k: NAT_O_*), and --to, which getopt takes as
 * whichever of them the target has (k: NAT_O__COUNT) */
int ipt_opt_nat_to(struct pstate *ps, const char *w, int k)
{
	const char *val;
	int rc;

	if (k == NAT_O__COUNT)
		k = ps->r->target == NF_TGT_MASQUERADE || ps->r->target == NF_TGT_REDIRECT
			    ? NAT_O_TO_PORTS
		    : ps->r->target == NF_TGT_SNAT ? NAT_O_TO_SOURCE
						   : NAT_O_TO_DEST;
	if (!nat_has(ps, k))
		return NOT_MINE;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if ((rc = nat_once(ps, k)) != 0)
		return rc;
	return k == NAT_O_TO_PORTS ? nat_ports(ps, val, nat_opts[k].name)
				   : nat_to(ps, val, nat_opts[k].name);
}

/* --random, --random-fully, --persistent (k: NAT_O_*): flags of the NAT range */
int ipt_opt_nat_flag(struct pstate *ps, const char *w, int k)
{
	int rc;

	(void)w;
	if (!nat_has(ps, k))
		return NOT_MINE;
	if ((rc = nat_once(ps, k)) != 0)
		return rc;
	ps->r->nat_flags |= k == NAT_O_RANDOM	      ? NF_NAT_F_RANDOM
			    : k == NAT_O_RANDOM_FULLY ? NF_NAT_F_RANDOM_FULLY
						      : NF_NAT_F_PERSISTENT;
	return 0;
}

/* MARK's options in libxt_MARK's order (its messages name them in that order) */
static const char *const mark_opts[MARK__COUNT] = { "--set-xmark", "--set-mark", "--and-mark",
						    "--or-mark", "--xor-mark" };

/* MARK's options (op: MARK_*): each is a value and a mask, mark = (mark & ~mask) ^ value
 * (xt_MARK); only one per rule, which final_check() enforces as iptables does */
int ipt_opt_set_mark(struct pstate *ps, const char *w, int op)
{
	struct nf_rule *r = ps->r;
	const char *val;
	uint32_t v, m;

	if (r->target != NF_TGT_MARK)
		return NOT_MINE;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	ps->mark_ops |= 1u << op;
	if (op == MARK_SET_XMARK || op == MARK_SET_MARK) {
		if (!ipt_parse_mark(val, &v, &m))
			return ipt_usage_err(ps->o, "Bad MARK value \"%s\"", val);
		r->set_mark = v;
		/* --set-mark value/mask clears the mask's bits and sets the value's */
		r->set_mask = op == MARK_SET_XMARK || m == 0xffffffffu ? m : (m | v);
		return 0;
	}
	if (!parse_u32(val, &v))
		return ipt_usage_err(
			ps->o,
			"MARK: bad value for option \"%s\", or out of range (0-4294967295).\n", w);
	r->set_mark = op == MARK_AND ? 0 : v;
	r->set_mask = op == MARK_AND ? ~v : op == MARK_OR ? v : 0;
	return 0;
}

/* --ttl-set, --ttl-dec, --ttl-inc of TTL (arg: NF_TTL_*): one action, its value 0-255
 * (set) or 1-255 (libxt_TTL) */
int ipt_opt_ttl(struct pstate *ps, const char *w, int mode)
{
	static const char *const names[] = { "", "--ttl-set", "--ttl-dec", "--ttl-inc" };
	struct nf_rule *r = ps->r;
	const char *val;
	char *end;
	long n;

	if (r->target != NF_TGT_TTL)
		return NOT_MINE;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if (r->ttl_mode)
		return ipt_usage_err(ps->o,
				     "TTL: option \"%s\" cannot be used together with \"%s\".\n",
				     names[r->ttl_mode], w);
	n = strtol(val, &end, 0);
	if (!val[0] || *end || n < (mode == NF_TTL_SET ? 0 : 1) || n > 255)
		return ipt_usage_err(
			ps->o, "TTL: bad value for option \"%s\", or out of range (%d-255).\n", w,
			mode == NF_TTL_SET ? 0 : 1);
	r->ttl_mode = (uint8_t)mode;
	r->ttl_val = (uint8_t)n;
	return 0;
}

/* --set-mss VALUE (0-65515) and --clamp-mss-to-pmtu of TCPMSS, each once; the later one
 * decides (libxt_TCPMSS keeps one value, 0xffff for clamping) */
int ipt_opt_tcpmss(struct pstate *ps, const char *w, int clamp)
{
	struct nf_rule *r = ps->r;
	const char *val = NULL;
	unsigned long v = 0;
	char *end;

	if (r->target != NF_TGT_TCPMSS)
		return NOT_MINE;
	if (!clamp && !(val = take(ps)))
		return need_arg(ps, w);
	if (ps->tcpmss_seen & (clamp ? 2u : 1u))
		return ipt_usage_err(ps->o, "TCPMSS: option \"%s\" can only be used once.\n", w);
	if (!clamp) {
		errno = 0;
		v = strtoul(val, &end, 0);
		if (end == val || *end || errno || v > 65515 || val[strspn(val, " \t")] == '-')
			return ipt_usage_err(ps->o,
					     "TCPMSS: bad value for option \"%s\", or out of range "
					     "(0-65515).\n",
					     w);
		/* an option of MSS 0 reads as none at the peer, but stays in the header */
		if (v == 0)
			return ipt_not_modelled(ps->o, "the value", "--set-mss 0",
						"an MSS option of 0, which a peer reads as none");
	}
	ps->tcpmss_seen |= clamp ? 2u : 1u;
	r->tcpmss = clamp ? NF_TCPMSS_CLAMP : (uint16_t)v;
	return 0;
}

int ipt_opt_log_prefix(struct pstate *ps, const char *w, int arg)
{
	const char *val = take(ps);

	(void)arg;
	if (!val)
		return need_arg(ps, w);
	/* libxt_LOG: a prefix could not be saved and read back (a restore line's quote left
	 * open takes the newline in) */
	if (strchr(val, '\n'))
		return ipt_usage_err(ps->o, "%s", "Newlines not allowed in --log-prefix");
	snprintf(ps->r->log_prefix, sizeof(ps->r->log_prefix), "%s", val);
	ps->r->has_log_prefix = true;
	return 0;
}

/* --reject-with as libxt_REJECT reads it: the word may be the start of a name or of its
 * alias, in any case; the first entry in iptables' order that it starts wins */
int ipt_opt_reject_with(struct pstate *ps, const char *w, int arg)
{
	static const struct {
		const char *name, *alias;
		enum nf_reject r;
	} tab[] = {
		{ "icmp-net-unreachable", "net-unreach", NF_REJECT_NET_UNREACH },
		{ "icmp-host-unreachable", "host-unreach", NF_REJECT_HOST_UNREACH },
		{ "icmp-proto-unreachable", "proto-unreach", NF_REJECT_PROTO_UNREACH },
		{ "icmp-port-unreachable", "port-unreach", NF_REJECT_PORT_UNREACH },
		{ "icmp-net-prohibited", "net-prohib", NF_REJECT_NET_PROHIBITED },
		{ "icmp-host-prohibited", "host-prohib", NF_REJECT_HOST_PROHIBITED },
		{ "tcp-reset", "tcp-rst", NF_REJECT_TCP_RESET },
		{ "icmp-admin-prohibited", "admin-prohib", NF_REJECT_ADMIN_PROHIBITED },
	};
	const char *val = take(ps);
	size_t n;

	(void)arg;
	if (!val)
		return need_arg(ps, w);
	n = strlen(val);
	for (size_t k = 0; k < sizeof(tab) / sizeof(tab[0]); k++)
		if (!strncasecmp(tab[k].name, val, n) || !strncasecmp(tab[k].alias, val, n)) {
			ps->r->reject_with = tab[k].r;
			return 0;
		}
	if (!strncasecmp("echo-reply", val, n) || !strncasecmp("echoreply", val, n))
		strbuf_puts(&ps->o->err, "--reject-with echo-reply no longer supported\n");
	return ipt_usage_err(ps->o, "unknown reject type \"%s\"", val);
}

/* --notrack of CT */
int ipt_opt_notrack(struct pstate *ps, const char *w, int arg)
{
	(void)w, (void)arg;
	if (ps->r->target != NF_TGT_CT)
		return NOT_MINE;
	ps->r->ct_notrack = true;
	return 0;
}

/* The target's checks once the line is read (xtables_option_tfcall, after the matches'):
 * an option it must have, options it cannot take together */
int ipt_target_final(const struct pstate *ps)
{
	const struct nf_rule *r = ps->r;

	if (r->target == NF_TGT_SNAT && !(ps->nat_seen & (1u << NAT_O_TO_SOURCE)))
		return ipt_usage_err(ps->o, "%s",
				     "SNAT: option \"--to-source\" must be specified\n");
	if (r->target == NF_TGT_DNAT && !(ps->nat_seen & (1u << NAT_O_TO_DEST)))
		return ipt_usage_err(ps->o, "%s",
				     "DNAT: option \"--to-destination\" must be specified\n");
	if (r->target == NF_TGT_TTL && !r->ttl_mode)
		return ipt_usage_err(ps->o, "%s", "TTL: You must specify an action");
	if (r->target == NF_TGT_TCPMSS && !ps->tcpmss_seen)
		return ipt_usage_err(ps->o, "%s",
				     "TCPMSS target: At least one parameter is required");
	if (ps->mark_ops & (ps->mark_ops - 1)) { /* two of them: the first two in MARK's order */
		int a = __builtin_ctz(ps->mark_ops);
		int b = __builtin_ctz(ps->mark_ops & ~(1u << a));

		return ipt_usage_err(ps->o,
				     "MARK: option \"%s\" cannot be used together with \"%s\".\n",
				     mark_opts[a], mark_opts[b]);
	}
	if (r->target == NF_TGT_MARK && !ps->mark_ops)
		return ipt_usage_err(
			ps->o, "%s",
			"MARK: One of the --set-xmark, --{and,or,xor,set}-mark options "
			"is required");
	return 0;
}
