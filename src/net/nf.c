/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nf: see nf.h. Traversal follows ipt_do_table(): rules in order, a jump pushes the
 * return point (a goto does not), RETURN (or the end of a user chain) pops it, the end of
 * a built-in chain, or of a user chain with nothing to return to, applies the built-in
 * chain's policy. Counters count every matching rule, as the kernel's do.
 */
#include "nf.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/siphash.h"
#include "base/strpool.h"
#include "ct.h"
#include "fib.h"

const char *const nf_reject_names[NF_REJECT__COUNT + 1] = {
	"icmp-port-unreachable",
	"icmp-net-unreachable",
	"icmp-host-unreachable",
	"icmp-proto-unreachable",
	"icmp-net-prohibited",
	"icmp-host-prohibited",
	"icmp-admin-prohibited",
	"tcp-reset",
	NULL,
};

uint8_t nf_reject_code(enum nf_reject r)
{
	static const uint8_t codes[] = {
		[NF_REJECT_PORT_UNREACH] = 3,	   [NF_REJECT_NET_UNREACH] = 0,
		[NF_REJECT_HOST_UNREACH] = 1,	   [NF_REJECT_PROTO_UNREACH] = 2,
		[NF_REJECT_NET_PROHIBITED] = 9,	   [NF_REJECT_HOST_PROHIBITED] = 10,
		[NF_REJECT_ADMIN_PROHIBITED] = 13, [NF_REJECT_TCP_RESET] = 0,
	};

	return (unsigned)r < NF_REJECT__COUNT ? codes[r] : 3;
}

bool nf_table_has_hook(enum nf_table t, enum nf_hook k)
{
	switch (t) {
	case NF_TABLE_FILTER:
		return k == NF_INPUT || k == NF_FORWARD || k == NF_OUTPUT;
	case NF_TABLE_NAT:
		return k != NF_FORWARD;
	case NF_TABLE_RAW:
		return k == NF_PREROUTING || k == NF_OUTPUT;
	default:
		return true;
	}
}

struct nf_state *nf_get(struct host *h)
{
	if (!h->nf) {
		struct nf_state *nf = xcalloc(1, sizeof(*nf));

		for (int t = 0; t < NF_TABLE__COUNT; t++)
			for (int k = 0; k < NF_HOOK__COUNT; k++) {
				struct nf_tbl *tb = &nf->t[t];
				struct nf_chain *c;

				if (!nf_table_has_hook((enum nf_table)t, (enum nf_hook)k))
					continue;
				vec_reserve((void **)&tb->chains, &tb->cap, tb->n + 1,
					    sizeof(*tb->chains));
				c = &tb->chains[tb->n++];
				memset(c, 0, sizeof(*c));
				snprintf(c->name, sizeof(c->name), "%s", nf_hook_name(k));
				c->builtin = true;
				c->policy = NF_TGT_ACCEPT;
			}
		nf->ct = ct_table_new();
		h->nf = nf;
	}
	return h->nf;
}

struct nf_state *nf_clone(const struct nf_state *nf)
{
	struct nf_state *c = xmalloc(sizeof(*c));

	*c = *nf;
	for (int t = 0; t < NF_TABLE__COUNT; t++) {
		const struct nf_tbl *s = &nf->t[t];

		c->t[t].chains = xmemdup(s->chains, s->n * sizeof(*s->chains));
		c->t[t].cap = s->n;
		for (size_t i = 0; i < s->n; i++) {
			c->t[t].chains[i].r =
				xmemdup(s->chains[i].r, s->chains[i].n * sizeof(*s->chains[i].r));
			c->t[t].chains[i].cap = s->chains[i].n;
		}
	}
	c->ct = nf->ct ? ct_table_clone(nf->ct) : NULL;
	nf_recent_clone(c, nf);
	return c;
}

void nf_free(struct nf_state *nf)
{
	if (!nf)
		return;
	for (int t = 0; t < NF_TABLE__COUNT; t++) {
		for (size_t i = 0; i < nf->t[t].n; i++)
			free(nf->t[t].chains[i].r);
		free(nf->t[t].chains);
	}
	ct_table_free(nf->ct);
	nf_recent_free(nf);
	free(nf);
}

struct nf_chain *nf_chain_find(struct nf_tbl *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->chains[i].name, name) == 0)
			return &t->chains[i];
	return NULL;
}

/* iptables' own protocol names (xtables_chain_protos), for a system without
 * /etc/protocols */
static const struct {
	const char *name;
	uint8_t num;
} ipt_protos[] = { { "tcp", 6 },  { "sctp", 132 },  { "udp", 17 }, { "udplite", 136 },
		   { "icmp", 1 }, { "icmpv6", 58 }, { "esp", 50 }, { "ah", 51 },
		   { "mh", 135 }, { "all", 0 } };

const char *nf_proto_name(uint8_t p)
{
	/* /etc/protocols read once: every rule printed (events, the iptables pane, -C and
	 * -D comparing specs) asks, and getprotobynumber() opens the file each time */
	static char *names[256];
	static bool loaded;

	if (!loaded) {
		const struct protoent *pe;

		loaded = true;
		setprotoent(1);
		while ((pe = getprotoent()))
			if (pe->p_proto > 0 && pe->p_proto < 256 && !names[pe->p_proto])
				names[pe->p_proto] = xstrdup(pe->p_name);
		endprotoent();
	}
	if (p && names[p])
		return names[p];
	for (size_t i = 0; i < sizeof(ipt_protos) / sizeof(ipt_protos[0]); i++)
		if (ipt_protos[i].num == p)
			return ipt_protos[i].name;
	return NULL;
}

int nf_proto_parse(const char *name)
{
	const struct protoent *pe;
	char *end;
	unsigned long n;

	if (name[0] >= '0' && name[0] <= '9') {
		n = strtoul(name, &end, 0);
		if (!*end && n <= 255)
			return (int)n;
	}
	if (!strcmp(name, "all"))
		return 0;
	if ((pe = getprotobyname(name)) && pe->p_proto >= 0 && pe->p_proto <= 255)
		return pe->p_proto;
	for (size_t i = 0; i < sizeof(ipt_protos) / sizeof(ipt_protos[0]); i++)
		if (!strcmp(ipt_protos[i].name, name))
			return ipt_protos[i].num;
	return -1;
}

static void ports_fmt(struct strbuf *sb, const uint16_t *pr)
{
	if (pr[0] == pr[1])
		strbuf_printf(sb, "%u", pr[0]);
	else
		strbuf_printf(sb, "%u:%u", pr[0], pr[1]);
}

static void addr_fmt(struct strbuf *sb, uint32_t a, uint32_t m)
{
	int plen = 0;

	for (uint32_t x = m; x & 0x80000000u; x <<= 1)
		plen++;
	strbuf_printf(sb, "%s/%d", ip_str(a), plen);
}

static void ctstate_fmt(struct strbuf *sb, uint8_t st)
{
	static const char *const names[] = { "INVALID",	  "NEW",  "RELATED", "ESTABLISHED",
					     "UNTRACKED", "SNAT", "DNAT" };
	static const uint8_t bits[] = { NF_CT_INVALID,	   NF_CT_NEW,	    NF_CT_RELATED,
					NF_CT_ESTABLISHED, NF_CT_UNTRACKED, NF_CT_SNAT,
					NF_CT_DNAT };
	bool first = true;

	for (size_t i = 0; i < sizeof(bits); i++)
		if (st & bits[i]) {
			strbuf_printf(sb, "%s%s", first ? "" : ",", names[i]);
			first = false;
		}
}

static const char *tgt_name(const struct nf_rule *r)
{
	static const char *const n[] = { "",	 "ACCEPT", "DROP",    "REJECT",	    "RETURN",
					 "LOG",	 "SNAT",   "DNAT",    "MASQUERADE", "REDIRECT",
					 "MARK", "TTL",	   "NOTRACK", "CT",	    "TCPMSS" };

	return r->target == NF_TGT_JUMP ? r->jump : n[r->target];
}

const struct nf_tcp_flag nf_tcp_flags[8] = {
	{ "FIN", TCPF_FIN }, { "SYN", TCPF_SYN }, { "RST", TCPF_RST }, { "PSH", TCPF_PSH },
	{ "ACK", TCPF_ACK }, { "URG", 0x20 },	  { "ALL", 0x3f },     { "NONE", 0 },
};

const char *const nf_addrtype_names[12] = { "UNSPEC",	"UNICAST",   "LOCAL",	  "BROADCAST",
					    "ANYCAST",	"MULTICAST", "BLACKHOLE", "UNREACHABLE",
					    "PROHIBIT", "THROW",     "NAT",	  "XRESOLVE" };

void nf_addrtype_fmt(struct strbuf *sb, uint16_t mask)
{
	bool any = false;

	for (int t = 0; t < 12; t++)
		if (mask & (1u << t)) {
			strbuf_printf(sb, "%s%s", any ? "," : "", nf_addrtype_names[t]);
			any = true;
		}
}

void nf_tcp_flags_fmt(struct strbuf *sb, uint8_t flags)
{
	bool any = false;

	/* libxt_tcp print_tcpf: each set bit by its name, in the table's order */
	for (size_t i = 0; i < 6; i++)
		if (flags & nf_tcp_flags[i].bit) {
			strbuf_printf(sb, "%s%s", any ? "," : "", nf_tcp_flags[i].name);
			any = true;
		}
	if (!any)
		strbuf_puts(sb, "NONE");
}

/* A space before each part but the first of the rule (the first starts at start) */
static void sep(struct strbuf *sb, size_t start)
{
	if (sb->len > start)
		strbuf_puts(sb, " ");
}

/* libxt_recent's save */
static void spec_recent(const struct nf_rule *r, struct strbuf *sb)
{
	strbuf_puts(sb, r->inv_recent ? "-m recent !" : "-m recent");
	strbuf_puts(sb, r->recent_what & NF_RECENT_SET	    ? " --set"
			: r->recent_what & NF_RECENT_CHECK  ? " --rcheck"
			: r->recent_what & NF_RECENT_UPDATE ? " --update"
							    : " --remove");
	if (r->recent_seconds)
		strbuf_printf(sb, " --seconds %u", r->recent_seconds);
	if (r->recent_what & NF_RECENT_REAP)
		strbuf_puts(sb, " --reap");
	if (r->recent_hits)
		strbuf_printf(sb, " --hitcount %u", r->recent_hits);
	if (r->recent_what & NF_RECENT_TTL)
		strbuf_puts(sb, " --rttl");
	strbuf_printf(sb, " --name %s --mask %s %s", r->recent_name, ip_str(r->recent_mask),
		      r->recent_dst ? "--rdest" : "--rsource");
}

/* libxt_owner's save (revision 1): socket, uid, gid, suppl. groups; numbers */
static void spec_owner(const struct nf_rule *r, struct strbuf *sb)
{
	strbuf_puts(sb, "-m owner");
	if (r->owner_match & NF_OWNER_SOCKET)
		strbuf_printf(sb, "%s --socket-exists", r->owner_inv & NF_OWNER_SOCKET ? " !" : "");
	for (int g = 0; g < 2; g++) {
		const uint32_t *v = g ? r->owner_gid : r->owner_uid;
		uint8_t bit = g ? NF_OWNER_GID : NF_OWNER_UID;

		if (!(r->owner_match & bit))
			continue;
		strbuf_printf(sb, "%s --%s-owner %u", r->owner_inv & bit ? " !" : "",
			      g ? "gid" : "uid", v[0]);
		if (v[1] != v[0])
			strbuf_printf(sb, "-%u", v[1]);
	}
	if (r->owner_match & NF_OWNER_SUPPL)
		strbuf_puts(sb, " --suppl-groups");
}

/* libxt_iprange's save (revision 1) */
static void spec_iprange(const struct nf_rule *r, struct strbuf *sb)
{
	strbuf_puts(sb, "-m iprange");
	for (int d = 0; d < 2; d++) {
		const uint32_t *rg = d ? r->ipr_dst : r->ipr_src;

		if (!(r->ipr & (d ? NF_IPR_DST : NF_IPR_SRC)))
			continue;
		strbuf_puts(sb, (r->ipr & (d ? NF_IPR_DST_INV : NF_IPR_SRC_INV)) ? " !" : "");
		strbuf_printf(sb, " --%s-range %s-%s", d ? "dst" : "src", ip_str(rg[0]),
			      ip_str(rg[1]));
	}
}

/* One -m match and its options, as iptables-save writes them */
/* ncomment: how many comments this rule's printing has used so far */
static void spec_match(const struct nf_rule *r, enum nf_match_kind k, int *ncomment,
		       struct strbuf *sb)
{
	switch (k) {
	case NF_M_PROTO_PORTS:
		strbuf_printf(sb, "-m %s", nf_proto_name(r->proto));
		if (r->has_sport) {
			strbuf_puts(sb, r->inv_sport ? " ! --sport " : " --sport ");
			ports_fmt(sb, r->sport);
		}
		if (r->has_dport) {
			strbuf_puts(sb, r->inv_dport ? " ! --dport " : " --dport ");
			ports_fmt(sb, r->dport);
		}
		/* libxt_tcp's save: the flags after the ports, left out when the mask is
		 * empty and not inverted */
		if (r->has_tcpflags && (r->tcpflags_mask || r->inv_tcpflags)) {
			strbuf_puts(sb, r->inv_tcpflags ? " ! --tcp-flags " : " --tcp-flags ");
			nf_tcp_flags_fmt(sb, r->tcpflags_mask);
			strbuf_puts(sb, " ");
			nf_tcp_flags_fmt(sb, r->tcpflags_cmp);
		}
		break;
	case NF_M_CONNTRACK:
		strbuf_puts(sb, r->inv_ctstate ? "-m conntrack ! --ctstate "
					       : "-m conntrack --ctstate ");
		ctstate_fmt(sb, r->ctstate);
		break;
	case NF_M_STATE:
		strbuf_puts(sb, r->inv_state ? "-m state ! --state " : "-m state --state ");
		ctstate_fmt(sb, r->state);
		break;
	case NF_M_MARK:
		strbuf_printf(sb, "-m mark %s--mark 0x%x", r->inv_mark ? "! " : "", r->mark);
		if (r->mark_mask != 0xffffffffu)
			strbuf_printf(sb, "/0x%x", r->mark_mask);
		break;
	case NF_M_MULTIPORT: /* libxt_multiport's save (revision 1) */
		strbuf_printf(sb, "-m multiport%s --%s ", r->inv_mp ? " !" : "",
			      r->mp_dir == NF_MP_SRC   ? "sports"
			      : r->mp_dir == NF_MP_DST ? "dports"
						       : "ports");
		for (int i = 0; i < r->mp_n; i++) {
			strbuf_printf(sb, "%s%u", i ? "," : "", r->mp_lo[i]);
			if (r->mp_hi[i] != r->mp_lo[i])
				strbuf_printf(sb, ":%u", r->mp_hi[i]);
		}
		break;
	case NF_M_ADDRTYPE: /* libxt_addrtype's save (revision 1) */
		strbuf_puts(sb, "-m addrtype");
		if (r->at_src) {
			strbuf_puts(sb, r->inv_at_src ? " ! --src-type " : " --src-type ");
			nf_addrtype_fmt(sb, r->at_src);
		}
		if (r->at_dst) {
			strbuf_puts(sb, r->inv_at_dst ? " ! --dst-type " : " --dst-type ");
			nf_addrtype_fmt(sb, r->at_dst);
		}
		break;
	case NF_M_LIMIT: /* libxt_limit's save: the burst when it is not the default 5 */
		strbuf_puts(sb, "-m limit --limit ");
		nf_limit_rate_fmt(sb, r);
		if (r->limit_burst != 5)
			strbuf_printf(sb, " --limit-burst %u", r->limit_burst);
		break;
	case NF_M_RECENT:
		spec_recent(r, sb);
		break;
	case NF_M_IPRANGE:
		spec_iprange(r, sb);
		break;
	case NF_M_MAC: /* libxt_mac's save */
		strbuf_printf(sb, "-m mac%s --mac-source %02x:%02x:%02x:%02x:%02x:%02x",
			      r->inv_mac ? " !" : "", r->mac[0], r->mac[1], r->mac[2], r->mac[3],
			      r->mac[4], r->mac[5]);
		break;
	case NF_M_OWNER:
		spec_owner(r, sb);
		break;
	case NF_M_PKTTYPE: /* libxt_pkttype's save */
		strbuf_printf(sb, "-m pkttype %s--pkt-type %s", r->inv_pkttype ? "! " : "",
			      nf_pkttype_name(r->pkttype));
		break;
	case NF_M_STATISTIC:
		strbuf_puts(sb, "-m ");
		nf_statistic_fmt(sb, r, "--");
		break;
	case NF_M_TCPMSS: /* libxt_tcpmss's save */
		strbuf_printf(sb, "-m tcpmss %s--mss ", r->inv_tcpmss ? "! " : "");
		nf_tcpmss_range_fmt(sb, r);
		break;
	case NF_M__COUNT:
		break;
	case NF_M_COMMENT:
		strbuf_puts(sb, "-m comment --comment ");
		nf_save_string(sb, r->comment[*ncomment < r->ncomment ? (*ncomment)++ : 0]);
		break;
	case NF_M_ICMP:
		/* libxt_icmp's save: "any" for type 255 whatever the codes, else the type and,
		 * unless the codes are 0-255, the first code */
		strbuf_printf(sb, "-m icmp %s--icmp-type ", r->inv_icmp ? "! " : "");
		if (r->icmp_type == 0xff)
			strbuf_puts(sb, "any");
		else
			strbuf_printf(sb, "%u", r->icmp_type);
		if (r->icmp_type != 0xff && (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xff))
			strbuf_printf(sb, "/%u", r->icmp_code[0]);
		break;
	}
}

/* libxt_limit's units, 1/10000 s each (XT_LIMIT_SCALE) */
static const struct {
	const char *name;
	uint32_t mult;
} limit_units[] = {
	{ "day", 10000u * 24 * 60 * 60 },
	{ "hour", 10000u * 60 * 60 },
	{ "min", 10000u * 60 },
	{ "sec", 10000u },
};

/* the largest unit in which avg is a whole number of packets, near enough (libxt_limit's
 * print_rate, and iptables-nft's conversion to nft's rate and unit) */
static size_t limit_unit_of(uint32_t avg)
{
	size_t i;

	for (i = 1; i < sizeof(limit_units) / sizeof(limit_units[0]); i++)
		if (avg > limit_units[i].mult ||
		    limit_units[i].mult / avg < limit_units[i].mult % avg)
			break;
	return i - 1;
}

void nf_limit_rate_fmt(struct strbuf *sb, const struct nf_rule *r)
{
	/* back from the kernel's rate and unit, as iptables-nft reads them */
	uint32_t avg = r->limit_rate ? 10000u * r->limit_unit / r->limit_rate : 0;
	size_t i;

	if (!avg) {
		strbuf_puts(sb, "inf");
		return;
	}
	i = limit_unit_of(avg);
	strbuf_printf(sb, "%u/%s", limit_units[i].mult / avg, limit_units[i].name);
}

void nf_limit_set(struct nf_rule *r, uint32_t avg, uint32_t burst, uint64_t now_ns)
{
	size_t i = limit_unit_of(avg);

	r->has_limit = true;
	r->limit_rate = limit_units[i].mult / avg;
	r->limit_unit = limit_units[i].mult / 10000u;
	r->limit_burst = burst ? burst : 5; /* nft_limit_init: NFT_LIMIT_PKT_BURST_DEFAULT */
	r->limit_tokens = (uint64_t)r->limit_unit * 1000000000u / r->limit_rate * r->limit_burst;
	r->limit_last_ns = now_ns;
}

void nf_statistic_fmt(struct strbuf *sb, const struct nf_rule *r, const char *prefix)
{
	/* libxt_statistic's print_match(): prefix "" for -L (after "statistic"), "--" for
	 * -S; nth mode's packet always with "--", else only when not 0 */
	if (r->stat_mode == NF_STAT_RANDOM) {
		strbuf_printf(sb, "statistic %smode random%s %sprobability %.11f", prefix,
			      r->inv_stat ? " !" : "", prefix, r->stat_prob / 2147483648.0);
		return;
	}
	strbuf_printf(sb, "statistic %smode nth%s %severy %u", prefix, r->inv_stat ? " !" : "",
		      prefix, r->stat_every + 1);
	if (r->stat_packet || *prefix)
		strbuf_printf(sb, " %spacket %u", prefix, r->stat_packet);
}

uint32_t nf_stat_prob(double p)
{
	/* libxt_statistic: lround(0x80000000 * p), p in [0, 1] (rounding half away from 0
	 * is adding one half); a NaN (strtod takes "nan") gives 0 */
	return p == p && p > 0 ? (uint32_t)(uint64_t)(2147483648.0 * p + 0.5) : 0;
}

/* statistic_mt(): random mode draws 31 bits (get_random_u32(); pktpath draws SipHash of
 * the host's draw count under a fixed key, so a replay draws the same); nth mode steps
 * the counter and matches when it wraps to 0. Either way inverted by !. Only a packet
 * that reaches the match draws or counts. */
static bool statistic_pass(struct nf_state *nf, struct nf_rule *r)
{
	bool hit;

	if (r->stat_mode == NF_STAT_RANDOM) {
		uint64_t k = 0x7374617469737469ULL, n = nf->stat_draws++;

		hit = ((uint32_t)siphash24((const uint8_t *)&n, sizeof(n), k, ~k) & 0x7fffffffu) <
		      r->stat_prob;
	} else {
		r->stat_count = r->stat_count == r->stat_every ? 0 : r->stat_count + 1;
		hit = r->stat_count == 0;
	}
	return hit != r->inv_stat;
}

/* nft_limit_eval(): the bucket refilled by the time since the last packet, up to burst
 * packets' worth; the packet matches if it can pay its cost. Only a packet that reaches
 * the match spends: earlier matches of the rule decide first. */
static bool limit_pass(struct nf_rule *r, uint64_t now_ns)
{
	uint64_t cost = (uint64_t)r->limit_unit * 1000000000u / r->limit_rate;
	uint64_t max = cost * r->limit_burst;
	uint64_t tokens =
		r->limit_tokens + (now_ns > r->limit_last_ns ? now_ns - r->limit_last_ns : 0);

	if (tokens > max)
		tokens = max;
	r->limit_last_ns = now_ns;
	if (tokens >= cost) {
		r->limit_tokens = tokens - cost;
		return true;
	}
	r->limit_tokens = tokens;
	return false;
}

const char *nf_pkttype_name(uint8_t t)
{
	static const char *const names[] = { "unicast", "broadcast", "multicast", "otherhost" };

	return t < 4 ? names[t] : "unicast";
}

void nf_save_string(struct strbuf *sb, const char *v)
{
	size_t ok = strspn(v, "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

	if (ok > 0 && v[ok] == '\0') {
		strbuf_puts(sb, v);
		return;
	}
	strbuf_puts(sb, "\"");
	for (; *v; v++) {
		if (strchr("\"\\'", *v))
			strbuf_puts(sb, "\\");
		strbuf_add(sb, v, 1);
	}
	strbuf_puts(sb, "\"");
}

const char *nf_intern(const char *s)
{
	static struct strpool pool;
	static bool ready;

	if (!ready) {
		strpool_init(&pool);
		ready = true;
	}
	return strpool_add(&pool, s);
}

/* The target's options after -j NAME */
static void spec_target(const struct nf_rule *r, struct strbuf *sb)
{
	switch (r->target) {
	case NF_TGT_REJECT:
		strbuf_printf(sb, " --reject-with %s", nf_reject_names[r->reject_with]);
		break;
	case NF_TGT_CT:
		if (r->ct_notrack)
			strbuf_puts(sb, " --notrack");
		break;
	case NF_TGT_LOG:
		if (r->has_log_prefix) {
			strbuf_puts(sb, " --log-prefix ");
			nf_save_string(sb, r->log_prefix);
		}
		break;
	case NF_TGT_SNAT:
	case NF_TGT_DNAT:
		strbuf_printf(sb, " --to-%s %s",
			      r->target == NF_TGT_SNAT ? "source" : "destination",
			      ip_str(r->to_addr));
		if (r->to_addr_max && r->to_addr_max != r->to_addr)
			strbuf_printf(sb, "-%s", ip_str(r->to_addr_max));
		if (r->to_port[0] == r->to_port[1] && r->to_port[0])
			strbuf_printf(sb, ":%u", r->to_port[0]);
		else if (r->to_port[0])
			strbuf_printf(sb, ":%u-%u", r->to_port[0], r->to_port[1]);
		nf_nat_flags_str(r, sb, "--");
		break;
	case NF_TGT_MASQUERADE:
	case NF_TGT_REDIRECT:
		if (r->to_port[0] && r->to_port[0] == r->to_port[1])
			strbuf_printf(sb, " --to-ports %u", r->to_port[0]);
		else if (r->to_port[0])
			strbuf_printf(sb, " --to-ports %u-%u", r->to_port[0], r->to_port[1]);
		nf_nat_flags_str(r, sb, "--");
		break;
	case NF_TGT_MARK:
		strbuf_printf(sb, " --set-xmark 0x%x/0x%x", r->set_mark, r->set_mask);
		break;
	case NF_TGT_TTL:
		strbuf_printf(sb, " --ttl-%s %u",
			      r->ttl_mode == NF_TTL_SET	  ? "set"
			      : r->ttl_mode == NF_TTL_DEC ? "dec"
							  : "inc",
			      r->ttl_val);
		break;
	case NF_TGT_TCPMSS:
		if (r->tcpmss == NF_TCPMSS_CLAMP)
			strbuf_puts(sb, " --clamp-mss-to-pmtu");
		else
			strbuf_printf(sb, " --set-mss %u", r->tcpmss);
		break;
	default:
		break;
	}
}

void nf_tcpmss_range_fmt(struct strbuf *sb, const struct nf_rule *r)
{
	strbuf_printf(sb, "%u", r->tcpmss_range[0]);
	if (r->tcpmss_range[1] != r->tcpmss_range[0])
		strbuf_printf(sb, ":%u", r->tcpmss_range[1]);
}

void nf_nat_flags_str(const struct nf_rule *r, struct strbuf *sb, const char *dashes)
{
	if (r->nat_flags & NF_NAT_F_RANDOM)
		strbuf_printf(sb, " %srandom", dashes);
	if (r->nat_flags & NF_NAT_F_RANDOM_FULLY)
		strbuf_printf(sb, " %srandom-fully", dashes);
	if (r->nat_flags & NF_NAT_F_PERSISTENT)
		strbuf_printf(sb, " %spersistent", dashes);
}

void nf_rule_spec(const struct nf_rule *r, struct strbuf *sb)
{
	size_t start = sb->len;
	int ncomment = 0;

	if (r->has_src) {
		strbuf_puts(sb, r->inv_src ? "! -s " : "-s ");
		addr_fmt(sb, r->src, r->smask);
	}
	if (r->has_dst) {
		sep(sb, start);
		strbuf_puts(sb, r->inv_dst ? "! -d " : "-d ");
		addr_fmt(sb, r->dst, r->dmask);
	}
	if (r->iif[0]) {
		sep(sb, start);
		strbuf_printf(sb, "%s-i %s", r->inv_iif ? "! " : "", r->iif);
	}
	if (r->oif[0]) {
		sep(sb, start);
		strbuf_printf(sb, "%s-o %s", r->inv_oif ? "! " : "", r->oif);
	}
	if (r->proto) {
		const char *pn = nf_proto_name(r->proto);

		sep(sb, start);
		if (pn)
			strbuf_printf(sb, "%s-p %s", r->inv_proto ? "! " : "", pn);
		else
			strbuf_printf(sb, "%s-p %u", r->inv_proto ? "! " : "", r->proto);
	}
	if (r->has_frag) {
		sep(sb, start);
		strbuf_puts(sb, r->inv_frag ? "! -f" : "-f");
	}
	for (int i = 0; i < r->norder; i++) {
		sep(sb, start);
		spec_match(r, r->order[i], &ncomment, sb);
	}
	if (r->target == NF_TGT_NONE)
		return;
	sep(sb, start);
	strbuf_printf(sb, "%s %s", r->is_goto ? "-g" : "-j", tgt_name(r));
	spec_target(r, sb);
}

/* ---- matching ---- */

static bool port_in(uint16_t p, const uint16_t *r)
{
	return p >= r[0] && p <= r[1];
}

/* xt_multiport ports_match_v1(): a port in one of the ranges (either port for --ports) */
static bool mp_match(const struct nf_rule *r, const struct pkt *p)
{
	if (p->proto != PKT_PROTO_TCP && p->proto != PKT_PROTO_UDP)
		return false;
	for (int i = 0; i < r->mp_n; i++) {
		if (r->mp_dir != NF_MP_DST &&
		    port_in(p->sport, (const uint16_t[]){ r->mp_lo[i], r->mp_hi[i] }))
			return true;
		if (r->mp_dir != NF_MP_SRC &&
		    port_in(p->dport, (const uint16_t[]){ r->mp_lo[i], r->mp_hi[i] }))
			return true;
	}
	return false;
}

/* xt_addrtype addrtype_mt_v1(): the address's type in the local table is one of mask */
static bool addrtype_is(struct host *h, uint32_t addr, uint16_t mask)
{
	int t = inet_addr_type_table(h, addr, RT_TABLE_LOCAL);

	return t >= 0 && t < 12 && (mask & (1u << t));
}

/* the part of the rule every packet meets first (struct ipt_ip): addresses,
 * interfaces, protocol, fragment */
static bool entry_match(const struct nf_rule *r, const struct nf_pkt *np)
{
	const struct pkt *p = np->p;

	if (r->has_src && (((p->src & r->smask) == r->src) == r->inv_src))
		return false;
	if (r->has_dst && (((p->dst & r->dmask) == r->dst) == r->inv_dst))
		return false;
	if (r->iif[0] && ((strcmp(np->iif, r->iif) == 0) == r->inv_iif))
		return false;
	if (r->oif[0] && ((strcmp(np->oif, r->oif) == 0) == r->inv_oif))
		return false;
	if (r->proto && ((p->proto == r->proto) == r->inv_proto))
		return false;
	if (r->has_frag && pkt_later_frag(p) == r->inv_frag) /* -f: a later fragment */
		return false;
	return true;
}

/* owner_mt(): with no full socket, only a rule whose every test is inverted matches;
 * ! --socket-exists fails on a socket; a socket without a file (the kernel's) fails
 * every uid and gid test not inverted; then the file's fsuid and fsgid in range (the
 * supplementary groups, which no socket here has, add nothing) */
static bool owner_match(const struct nf_rule *r, const struct nf_owner *o)
{
	if (!o)
		return (r->owner_match ^ r->owner_inv) == 0;
	if (r->owner_match & r->owner_inv & NF_OWNER_SOCKET)
		return false;
	if (o->nofile)
		return ((r->owner_match ^ r->owner_inv) & (NF_OWNER_UID | NF_OWNER_GID)) == 0;
	if ((r->owner_match & NF_OWNER_UID) &&
	    ((o->uid >= r->owner_uid[0] && o->uid <= r->owner_uid[1]) ==
	     !!(r->owner_inv & NF_OWNER_UID)))
		return false;
	if (r->owner_match & NF_OWNER_GID) {
		bool in = o->gid >= r->owner_gid[0] && o->gid <= r->owner_gid[1];

		/* --suppl-groups: else any of the file's supplementary groups */
		for (int i = 0; !in && (r->owner_match & NF_OWNER_SUPPL) && i < o->ngroups; i++)
			in = o->groups[i] >= r->owner_gid[0] && o->groups[i] <= r->owner_gid[1];
		if (in == !!(r->owner_inv & NF_OWNER_GID))
			return false;
	}
	return true;
}

/* one match of the rule that only looks (limit and recent change state: limit_pass,
 * nf_recent_match) */
static bool kind_match(struct host *h, const struct nf_rule *r, const struct nf_pkt *np,
		       enum nf_match_kind k)
{
	const struct pkt *p = np->p;

	/* tcp_mt(), udp_mt(), multiport, icmp_match(): a later fragment has no transport
	 * header, so none of them matches it (not even inverted) */
	if (pkt_later_frag(p) &&
	    ((k == NF_M_PROTO_PORTS && (r->has_sport || r->has_dport || r->has_tcpflags)) ||
	     (k == NF_M_MULTIPORT && r->mp_dir) || (k == NF_M_ICMP && r->has_icmp)))
		return false;
	switch (k) {
	case NF_M_PROTO_PORTS:
		if (r->has_sport && (port_in(p->sport, r->sport) == r->inv_sport))
			return false;
		if (r->has_dport && (port_in(p->dport, r->dport) == r->inv_dport))
			return false;
		/* xt_tcpudp tcp_mt(): the flags byte under the mask (only -p tcp loads it) */
		return !r->has_tcpflags ||
		       ((p->proto == PKT_PROTO_TCP &&
			 (p->tcp_flags & r->tcpflags_mask) == r->tcpflags_cmp) != r->inv_tcpflags);
	case NF_M_MULTIPORT:
		return !r->mp_dir || mp_match(r, p) != r->inv_mp;
	case NF_M_ADDRTYPE:
		if (r->at_src && (addrtype_is(h, p->src, r->at_src) == r->inv_at_src))
			return false;
		return !r->at_dst || addrtype_is(h, p->dst, r->at_dst) != r->inv_at_dst;
	case NF_M_STATE:
		return !r->state || ((np->ctstate & r->state) != 0) != r->inv_state;
	case NF_M_CONNTRACK:
		return !r->ctstate || ((np->ctstate & r->ctstate) != 0) != r->inv_ctstate;
	case NF_M_MARK:
		return !r->has_mark || ((p->mark & r->mark_mask) == r->mark) != r->inv_mark;
	case NF_M_ICMP:
		/* xt_tcpudp icmp_match(): type 255 is any; ICMP keeps type and code in the
		 * ports */
		return !r->has_icmp || (p->proto == PKT_PROTO_ICMP &&
					(r->icmp_type == 0xff ||
					 (p->sport == r->icmp_type && p->dport >= r->icmp_code[0] &&
					  p->dport <= r->icmp_code[1]))) != r->inv_icmp;
	case NF_M_IPRANGE: /* iprange_mt4() */
		if ((r->ipr & NF_IPR_SRC) &&
		    ((p->src >= r->ipr_src[0] && p->src <= r->ipr_src[1]) ==
		     !!(r->ipr & NF_IPR_SRC_INV)))
			return false;
		return !(r->ipr & NF_IPR_DST) ||
		       (p->dst >= r->ipr_dst[0] && p->dst <= r->ipr_dst[1]) !=
			       !!(r->ipr & NF_IPR_DST_INV);
	case NF_M_MAC: /* mac_mt(): no Ethernet header (lo) matches nothing, ! or not */
		return !r->has_mac || (strcmp(np->iif, "lo") != 0 &&
				       (memcmp(p->src_mac, r->mac, 6) == 0) != r->inv_mac);
	case NF_M_PKTTYPE: {
		/* skb->pkt_type: what the received frame was addressed to; 0 (to us) for
		 * what this host sends, and for what it forwards (ip_forward takes only that) */
		const uint8_t *m = p->dst_mac;
		uint8_t t = 0;

		if (np->iif[0] && strcmp(np->iif, "lo") != 0)
			t = (m[0] & m[1] & m[2] & m[3] & m[4] & m[5]) == 0xff ? 1
			    : (m[0] & 1)				      ? 2
									      : 0;
		return !r->has_pkttype || (t == r->pkttype) != r->inv_pkttype;
	}
	case NF_M_OWNER:
		return !r->owner_match || owner_match(r, np->owner);
	case NF_M_TCPMSS: /* tcpmss_mt(): a segment with no MSS option matches only ! */
		return !r->has_tcpmss || (p->mss && p->mss >= r->tcpmss_range[0] &&
					  p->mss <= r->tcpmss_range[1]) != r->inv_tcpmss;
	case NF_M_COMMENT:
	case NF_M_LIMIT:
	case NF_M_RECENT:
	case NF_M_STATISTIC:
	case NF_M__COUNT:
		return true;
	}
	return true;
}

static const enum nf_match_kind all_kinds[] = {
	NF_M_PROTO_PORTS, NF_M_MULTIPORT, NF_M_ADDRTYPE, NF_M_STATE, NF_M_CONNTRACK, NF_M_MARK,
	NF_M_ICMP,	  NF_M_IPRANGE,	  NF_M_MAC,	 NF_M_OWNER, NF_M_TCPMSS,
};

/* The rule's matches in their order, as ipt_do_table (and nft's rule) evaluates them:
 * the first that fails ends it, so a match with a memory (-m limit spends credit, -m
 * recent records the address) acts only when the matches before it passed. */
static bool rule_match(struct host *h, struct nf_rule *r, const struct nf_pkt *np, enum nf_hook k)
{
	bool seen[NF_M__COUNT] = { false };

	if (!entry_match(r, np))
		return false;
	for (int i = 0; i < r->norder; i++) {
		enum nf_match_kind m = r->order[i];

		if (m == NF_M_LIMIT	  ? !limit_pass(r, h->sim->now_us * 1000u)
		    : m == NF_M_RECENT	  ? !nf_recent_match(h, r, np, k == NF_FORWARD)
		    : m == NF_M_STATISTIC ? !statistic_pass(nf_get(h), r)
					  : !kind_match(h, r, np, m))
			return false;
		seen[m] = true;
	}
	/* every other condition the rule holds (each is in order[]; this is a guard) */
	for (size_t i = 0; i < sizeof(all_kinds) / sizeof(all_kinds[0]); i++)
		if (!seen[all_kinds[i]] && !kind_match(h, r, np, all_kinds[i]))
			return false;
	return true;
}

/* -j TCPMSS on the packet: the walk goes on (XT_CONTINUE) unless the MTU leaves no room
 * for an MSS (true: dropped). A change, or a clamp with no route, is noted in v. */
static bool tcpmss_step(struct host *h, const struct nf_rule *r, const struct nf_chain *c,
			enum nf_hook k, struct nf_pkt *np, struct nf_verdict *v)
{
	struct nf_mss m;

	nf_tcpmss(h, r, k, np, &m);
	if (m.drop) {
		v->target = NF_TGT_DROP;
		v->rule = r;
		v->rulenum = (int)(r - c->r) + 1;
		snprintf(v->chain, sizeof(v->chain), "%s", c->name);
		return true;
	}
	if (m.before != m.after || m.no_route) {
		v->mss_rule = r;
		v->mss = m;
		snprintf(v->mss_chain, sizeof(v->mss_chain), "%s", c->name);
		v->mss_num = (int)(r - c->r) + 1;
	}
	return false;
}

void nf_run(struct host *h, enum nf_table t, enum nf_hook k, struct nf_pkt *np, nf_log_fn log,
	    void *arg, struct nf_verdict *v)
{
	struct nf_state *nf = nf_get(h);
	struct nf_tbl *tb = &nf->t[t];
	struct nf_chain *c = nf_chain_find(tb, nf_hook_name(k)), *base = c;
	struct {
		struct nf_chain *c;
		size_t i;
	} stack[16];
	int sp = 0;
	size_t i = 0;
	uint64_t len = pkt_ip_len(np->p);

	memset(v, 0, sizeof(*v));
	v->target = NF_TGT_ACCEPT;
	v->mark_before = np->p->mark;
	v->ttl_before = np->p->ttl;
	if (!c)
		return;
	v->any_rule = c->n > 0;
	snprintf(v->chain, sizeof(v->chain), "%s", c->name);
	for (int guard = 0; guard < 10000; guard++) {
		struct nf_rule *r;

		if (i >= c->n) {
			if (sp > 0) {
				sp--;
				c = stack[sp].c;
				i = stack[sp].i;
				continue;
			}
			/* the end of the built-in chain, or of a chain a goto reached with
			 * nothing to return to: the built-in chain's policy (underflow).
			 * Counted only on a chain with counters: iptables-nft makes a base
			 * chain without them at its first rule, and with them when a policy
			 * is set (-P, iptables-restore's chain line; E6) */
			if (base->counters) {
				base->pkts++;
				base->bytes += len;
			}
			v->target = base->policy;
			v->rule = NULL;
			snprintf(v->chain, sizeof(v->chain), "%s", base->name);
			return;
		}
		r = &c->r[i++];
		if (!rule_match(h, r, np, k))
			continue;
		r->pkts++;
		r->bytes += len;
		switch (r->target) {
		case NF_TGT_NONE:
			continue;
		case NF_TGT_LOG:
			if (log)
				log(arg, r, c->name, (int)(r - c->r) + 1);
			continue;
		case NF_TGT_MARK:
			np->p->mark = (np->p->mark & ~r->set_mask) ^ r->set_mark;
			v->nmarks++;
			continue;
		case NF_TGT_TTL: {
			/* ttl_tg(): set, or add/subtract clamped to 0..255; the walk goes on */
			int ttl = r->ttl_mode == NF_TTL_SET   ? r->ttl_val
				  : r->ttl_mode == NF_TTL_INC ? np->p->ttl + r->ttl_val
							      : np->p->ttl - r->ttl_val;

			np->p->ttl = (uint8_t)(ttl < 0 ? 0 : ttl > 255 ? 255 : ttl);
			v->nttl++;
			continue;
		}
		case NF_TGT_TCPMSS:
			if (tcpmss_step(h, r, c, k, np, v))
				return;
			continue;
		case NF_TGT_NOTRACK:
		case NF_TGT_CT:
			/* xt_CT: a packet conntrack has seen (lo) keeps its entry; the walk
			 * goes on either way */
			if ((r->target == NF_TGT_NOTRACK || r->ct_notrack) && !np->has_ct) {
				np->ctstate = NF_CT_UNTRACKED;
				np->has_ct = true;
				v->notrack = r;
				snprintf(v->notrack_chain, sizeof(v->notrack_chain), "%s", c->name);
				v->notrack_num = (int)(r - c->r) + 1;
			}
			continue;
		case NF_TGT_RETURN:
			i = c->n; /* as the chain's end: back to the caller, or the policy */
			continue;
		case NF_TGT_JUMP: {
			struct nf_chain *to = nf_chain_find(tb, r->jump);

			if (!to || (!r->is_goto && sp >= 16))
				continue;
			if (!r->is_goto) { /* a goto leaves nothing to come back to */
				stack[sp].c = c;
				stack[sp].i = i;
				sp++;
			}
			c = to;
			i = 0;
			continue;
		}
		default:
			v->target = r->target;
			v->rule = r;
			v->rulenum = (int)(r - c->r) + 1;
			snprintf(v->chain, sizeof(v->chain), "%s", c->name);
			return;
		}
	}
}

/* Longest run of jumps from chain ci; state: 0 unseen, 1 on the DFS stack, 2 done. */
static int jump_depth(struct nf_tbl *t, size_t ci, int *memo, unsigned char *state)
{
	struct nf_chain *c = &t->chains[ci];
	int best = 0;

	if (state[ci] == 1)
		return NF_JUMP_LOOP;
	if (state[ci] == 2)
		return memo[ci];
	state[ci] = 1;
	for (size_t i = 0; i < c->n && best < NF_JUMP_LOOP; i++) {
		struct nf_chain *to;
		int d;

		if (c->r[i].target != NF_TGT_JUMP || !(to = nf_chain_find(t, c->r[i].jump)))
			continue;
		d = jump_depth(t, (size_t)(to - t->chains), memo, state);
		d = d >= NF_JUMP_LOOP ? NF_JUMP_LOOP : d + 1;
		if (d > best)
			best = d;
	}
	state[ci] = 2;
	memo[ci] = best;
	return best;
}

int nf_tbl_jump_depth(struct nf_tbl *t)
{
	int *memo = xcalloc(t->n ? t->n : 1, sizeof(*memo));
	unsigned char *state = xcalloc(t->n ? t->n : 1, 1);
	int best = 0;

	for (size_t i = 0; i < t->n; i++) {
		int d;

		if (!t->chains[i].builtin)
			continue;
		d = jump_depth(t, i, memo, state);
		if (d > best)
			best = d;
	}
	free(memo);
	free(state);
	return best;
}
