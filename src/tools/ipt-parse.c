/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt-parse: the words of an iptables command as iptables-nft 1.8.9 reads them (ipt.h):
 * each option has a handler in ipt_opts; the matches and targets it knows, and the
 * messages of the real tool, byte for byte, for what is wrong.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "ipt.h"
#include "ipt-pstate.h"

/* Real iptables extensions pktpath does not model: it says so instead of imitating
 * iptables' own error for a name that does not exist (which would tell the user the
 * command is wrong when it is right). */
static const char *const unmodelled_matches[] = {
	"length",	 "physdev",   "set",	"string",   "time", "ttl",   "u32",	"connmark",
	"connlimit",	 "hashlimit", "policy", "dscp",	    "tos",  "ecn",   "helper",	"realm",
	"rpfilter",	 "socket",    "cgroup", "devgroup", "cpu",  "quota", "nfacct",	"bpf",
	"esp",		 "ah",	      "sctp",	"udplite",  "dccp", "ipvs",  "cluster", "osf",
	"conntrack-ext", NULL,
};
static const char *const unmodelled_targets[] = {
	"CONNMARK",    "TOS",	    "DSCP",	"ECN",	  "NFLOG",    "NFQUEUE",
	"TEE",	       "TPROXY",    "CLASSIFY", "AUDIT",  "CHECKSUM", "CLUSTERIP",
	"HMARK",       "IDLETIMER", "LED",	"NETMAP", "RATEEST",  "SECMARK",
	"CONNSECMARK", "SET",	    "SYNPROXY", "TRACE",  "ULOG",     NULL,
};
static const char *const unmodelled_options[] = {
	"--zone",
	"--zone-orig",
	"--zone-reply",
	"--helper",
	"--ctevents",
	"--expevents",
	"--timeout",
	"--log-level",
	"--log-uid",
	"-w",
	"--wait",
	"-W",
	"--wait-interval",
	"-4",
	"-6",
	"--ipv4",
	"--ipv6",
	"-E",
	"--rename-chain",
	"--tcp-option",
	/* LOG's options that change its line, which pktpath prints shorter */
	"--log-tcp-sequence",
	"--log-tcp-options",
	"--log-ip-options",
	"--log-macdecode",
	/* conntrack's selectors other than --ctstate */
	"--ctproto",
	"--ctorigsrc",
	"--ctorigdst",
	"--ctreplsrc",
	"--ctrepldst",
	"--ctorigsrcport",
	"--ctorigdstport",
	"--ctreplsrcport",
	"--ctrepldstport",
	"--ctstatus",
	"--ctexpire",
	"--ctdir",
	"-h",
	"--help",
	"--modprobe",
	"--limit-iface-in",
	"--limit-iface-out",
	NULL,
};

static bool in_list(const char *const *l, const char *w)
{
	for (; *l; l++)
		if (strcmp(*l, w) == 0)
			return true;
	return false;
}

int ipt_not_modelled(struct cmd_out *o, const char *what, const char *name, const char *hint)
{
	strbuf_printf(&o->err, "iptables: pktpath does not model %s \"%s\"%s%s\n", what, name,
		      hint ? "; " : "", hint ? hint : "");
	o->rc = IPT_EXIT_OTHER;
	return IPT_EXIT_OTHER;
}

int ipt_usage_err(struct cmd_out *o, const char *fmt, ...)
{
	va_list ap;

	strbuf_puts(&o->err, IPT_V);
	va_start(ap, fmt);
	strbuf_vprintf(&o->err, fmt, ap);
	va_end(ap);
	strbuf_puts(&o->err, "\n" TRY_HELP "\n");
	o->rc = IPT_EXIT_PARAM;
	return IPT_EXIT_PARAM;
}

static bool parse_addr(const char *s, uint32_t *a, uint32_t *m)
{
	char buf[64];
	char *slash;
	int plen = 32;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash) {
		char *end;
		long v;

		*slash = '\0';
		if (strchr(slash + 1, '.')) {
			if (!ip_parse(slash + 1, m))
				return false;
		} else {
			v = strtol(slash + 1, &end, 10);
			if (*end || v < 0 || v > 32 || end == slash + 1)
				return false;
			plen = (int)v;
			*m = ip_mask(plen);
		}
	} else {
		*m = 0xffffffffu;
	}
	{
		int dots = 0;

		for (const char *p = buf; *p; p++)
			if (*p == '.')
				dots++;
		if (dots != 3 || !ip_parse(buf, a))
			return false;
	}
	*a &= *m;
	return true;
}

static bool parse_ctstate(const char *s, uint8_t *out)
{
	static const char *const names[] = { "INVALID",	  "NEW",  "RELATED", "ESTABLISHED",
					     "UNTRACKED", "SNAT", "DNAT" };
	static const uint8_t bits[] = { NF_CT_INVALID,	   NF_CT_NEW,	    NF_CT_RELATED,
					NF_CT_ESTABLISHED, NF_CT_UNTRACKED, NF_CT_SNAT,
					NF_CT_DNAT };
	char buf[128];

	*out = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		size_t i;

		for (i = 0; i < sizeof(bits); i++)
			if (strcasecmp(tok, names[i]) == 0)
				break;
		if (i == sizeof(bits))
			return false;
		*out |= bits[i];
	}
	return *out != 0;
}

bool ipt_parse_mark(const char *s, uint32_t *v, uint32_t *m)
{
	char buf[64];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	*m = 0xffffffffu;
	if (slash) {
		*slash = '\0';
		if (!parse_u32(slash + 1, m))
			return false;
	}
	return parse_u32(buf, v);
}

/* Does the rule have match k? */
bool ipt_r_has(const struct nf_rule *r, enum nf_match_kind k)
{
	for (int i = 0; i < r->norder; i++)
		if (r->order[i] == k)
			return true;
	return false;
}

void ipt_add_order(struct nf_rule *r, enum nf_match_kind k)
{
	if (!ipt_r_has(r, k))
		r->order[r->norder++] = k;
}

/* a match that may come more than once (comment): a place of its own each time */
void ipt_add_order_again(struct nf_rule *r, enum nf_match_kind k)
{
	r->order[r->norder++] = k;
}

const char *const ipt_targets[] = {
	"",	      "ACCEPT",	  "DROP", "REJECT", "RETURN",  "LOG", "SNAT",	"DNAT",
	"MASQUERADE", "REDIRECT", "MARK", "TTL",    "NOTRACK", "CT",  "TCPMSS",
};

/* ---- the words of a command: one handler per option ---- */

static bool next_is_number(const struct pstate *ps)
{
	return ps->i + 1 < ps->argc && ps->argv[ps->i + 1][0] >= '0' &&
	       ps->argv[ps->i + 1][0] <= '9';
}

/* -A -I -D -C -R -F -N -X -P -S -L -Z: arg is the enum ipt_cmd; the commands that need
 * a chain take the next word, the others take it when it is not an option */
static int opt_cmd(struct pstate *ps, const char *w, int arg)
{
	enum ipt_cmd cmd = (enum ipt_cmd)arg;
	bool needs_chain = cmd != C_FLUSH && cmd != C_DELCHAIN && cmd != C_LIST_RULES &&
			   cmd != C_LIST && cmd != C_ZERO;
	const char *next = ps->i + 1 < ps->argc ? ps->argv[ps->i + 1] : NULL;

	ps->a->cmd = cmd;
	if (needs_chain) {
		if (!next)
			return need_arg(ps, w);
		ps->a->chain = take(ps);
	} else if (next && next[0] != '-' && next[0] != '!') {
		ps->a->chain = take(ps);
	}
	switch (cmd) {
	case C_INSERT:
	case C_DELETE:
		if (next_is_number(ps))
			ps->a->num = atoi(take(ps));
		break;
	case C_REPLACE:
		if (!next_is_number(ps))
			return ipt_usage_err(ps->o, "%s", "-R requires a rule number");
		ps->a->num = atoi(take(ps));
		break;
	case C_POLICY:
		if (!(ps->a->policy = take(ps)))
			return ipt_usage_err(ps->o, "%s", "-P requires a chain and a policy");
		break;
	case C_LIST_RULES:
		if (ps->a->chain && next_is_number(ps))
			ps->a->num = atoi(take(ps));
		break;
	case C_ZERO: /* -Z CHAIN NUM: a word after the chain is a rule number */
		if (ps->a->chain && ps->i + 1 < ps->argc && ps->argv[ps->i + 1][0] != '-' &&
		    ps->argv[ps->i + 1][0] != '!') {
			const char *nw = take(ps);
			char *end;
			long v = strtol(nw, &end, 10);

			if (*end || end == nw || v < 1 || v > INT_MAX)
				return ipt_usage_err(ps->o, "Invalid rule number `%s'", nw);
			ps->a->num = (int)v;
		}
		break;
	default:
		break;
	}
	return 0;
}

enum { F_NUMERIC = 1, F_VERBOSE = 2, F_EXACT = 4, F_LINENUM = 8 };

static int opt_flag(struct pstate *ps, const char *w, int arg)
{
	(void)w;
	ps->a->numeric |= (arg & F_NUMERIC) != 0;
	ps->a->verbose |= (arg & F_VERBOSE) != 0;
	ps->a->exact |= (arg & F_EXACT) != 0;
	ps->a->linenum |= (arg & F_LINENUM) != 0;
	return 0;
}

/* -s, -d (arg 1 for the source): an address, or a comma-separated list of them (each
 * makes a rule of its own, ipt_args.addr) */
static int opt_addr(struct pstate *ps, const char *w, int src)
{
	struct nf_rule *r = ps->r;
	const char *val = take(ps);
	int k = src ? 0 : 1;
	int *n = &ps->a->naddr[k];

	if (!val)
		return need_arg(ps, w);
	*n = 0;
	for (const char *p = val;; p++) {
		size_t len = strcspn(p, ",");
		char one[64];

		if (*n == IPT_ADDRS_MAX)
			return ipt_not_modelled(ps->o, "more than 64 addresses in", w, NULL);
		if (len >= sizeof(one)) /* longer than any address: never cut one to fit */
			return ipt_usage_err(ps->o, "host/network `%.*s' not found", (int)len, p);
		snprintf(one, sizeof(one), "%.*s", (int)len, p);
		if (!parse_addr(one, &ps->a->addr[k][*n], &ps->a->mask[k][*n]))
			return ipt_usage_err(ps->o, "host/network `%s' not found", one);
		(*n)++;
		p += len;
		if (!*p)
			break;
	}
	if (*n > 1 && ps->inv)
		return ipt_usage_err(ps->o, "%s",
				     "! not allowed with multiple source or destination IP "
				     "addresses");
	if (src)
		r->src = ps->a->addr[0][0], r->smask = ps->a->mask[0][0];
	else
		r->dst = ps->a->addr[1][0], r->dmask = ps->a->mask[1][0];
	if (src)
		r->has_src = true, r->inv_src = ps->inv;
	else
		r->has_dst = true, r->inv_dst = ps->inv;
	ps->a->have_rule_opts = true;
	return 0;
}

/* -f, --fragment */
static int opt_frag(struct pstate *ps, const char *w, int arg)
{
	(void)w, (void)arg;
	if (ps->r->has_frag)
		return ipt_usage_err(ps->o, "%s", "multiple -f flags not allowed");
	ps->r->has_frag = true;
	ps->r->inv_frag = ps->inv;
	ps->a->have_rule_opts = true;
	return 0;
}

/* -i, -o (arg 1 for the input device) */
static int opt_iface(struct pstate *ps, const char *w, int in)
{
	const char *val = take(ps);

	if (!val)
		return need_arg(ps, w);
	/* xtables_parse_interface(): the kernel's IFNAMSIZ; '/' and ' ' only warned of */
	if (strlen(val) + 1 > IFNAMSIZ)
		return ipt_usage_err(ps->o,
				     "interface name `%s' must be shorter than IFNAMSIZ (%d)", val,
				     IFNAMSIZ - 1);
	if (strpbrk(val, "/ "))
		strbuf_printf(&ps->o->err,
			      "Warning: weird character in interface `%s' ('/' and ' ' are not "
			      "allowed by the kernel).\n",
			      val);
	snprintf(in ? ps->r->iif : ps->r->oif, IFNAMSIZ, "%s", val);
	if (in)
		ps->r->inv_iif = ps->inv;
	else
		ps->r->inv_oif = ps->inv;
	ps->a->have_rule_opts = true;
	return 0;
}

static int opt_proto(struct pstate *ps, const char *w, int arg)
{
	const char *val = take(ps);
	char lower[256];
	size_t k;
	int p;

	(void)arg;
	if (!val)
		return need_arg(ps, w);
	/* iptables lowercases the name first: -p TCP is -p tcp */
	for (k = 0; k + 1 < sizeof(lower) && val[k]; k++)
		lower[k] = (char)tolower((unsigned char)val[k]);
	lower[k] = '\0';
	if ((p = nf_proto_parse(lower)) < 0)
		return ipt_usage_err(ps->o, "unknown protocol \"%s\" specified", lower);
	ps->r->proto = (uint8_t)p;
	ps->r->inv_proto = ps->inv;
	ps->a->have_rule_opts = true;
	return 0;
}

/* -m NAME: the match's options may follow */
static int opt_match(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	const char *val = take(ps);

	(void)arg;
	if (!val)
		return need_arg(ps, w);
	if (ps->nmods < (int)(sizeof(ps->mods) / sizeof(ps->mods[0])))
		ps->mods[ps->nmods++] = val;
	if (!strcmp(val, "conntrack") || !strcmp(val, "mark")) {
		/* their place in the rule is fixed when their option comes */
	} else if (!strcmp(val, "state")) {
		ps->m_state = true; /* --state must follow (xt_state) */
	} else if (!strcmp(val, "tcp") || !strcmp(val, "udp")) {
		/* loaded whatever -p says; final_check() and the kernel compare them */
		uint8_t m = val[0] == 't' ? 6 : 17;

		ps->l4_two |= ps->m_l4 && ps->m_l4 != m;
		ps->m_l4 = m;
		ipt_add_order(r, NF_M_PROTO_PORTS);
	} else if (!strcmp(val, "addrtype")) {
		if (ps->m_at)
			return ipt_not_modelled(ps->o, "a second match", "addrtype", NULL);
		ps->m_at = true;
		ipt_add_order(r, NF_M_ADDRTYPE);
	} else if (!strcmp(val, "multiport")) {
		if (ps->m_mp)
			return ipt_not_modelled(ps->o, "a second match", "multiport", NULL);
		ps->m_mp = true;
		ipt_add_order(r, NF_M_MULTIPORT);
	} else if (!strcmp(val, "limit")) {
		if (ps->m_limit)
			return ipt_not_modelled(ps->o, "a second match", "limit", NULL);
		ps->m_limit = true;
		ps->limit_avg = 10000u * 60 * 60 / 3; /* libxt_limit's default: 3/hour */
		ps->limit_burst = 5;
		ipt_add_order(r, NF_M_LIMIT);
	} else if (!strcmp(val, "tcpmss")) {
		if (ps->m_tcpmss)
			return ipt_not_modelled(ps->o, "a second match", "tcpmss", NULL);
		ps->m_tcpmss = true;
		ipt_add_order(r, NF_M_TCPMSS);
	} else if (!strcmp(val, "pkttype")) {
		if (ps->m_pkttype)
			return ipt_not_modelled(ps->o, "a second match", "pkttype", NULL);
		ps->m_pkttype = true;
		ipt_add_order(r, NF_M_PKTTYPE);
	} else if (!strcmp(val, "mac")) {
		if (ps->m_mac)
			return ipt_not_modelled(ps->o, "a second match", "mac", NULL);
		ps->m_mac = true;
		ipt_add_order(r, NF_M_MAC);
	} else if (!strcmp(val, "owner")) {
		if (ps->m_owner)
			return ipt_not_modelled(ps->o, "a second match", "owner", NULL);
		ps->m_owner = true;
		ipt_add_order(r, NF_M_OWNER);
	} else if (!strcmp(val, "statistic")) {
		if (ps->m_stat)
			return ipt_not_modelled(ps->o, "a second match", "statistic", NULL);
		ps->m_stat = true;
		r->stat_mode = NF_STAT_RANDOM; /* XT_STATISTIC_MODE_RANDOM is 0 */
		ipt_add_order(r, NF_M_STATISTIC);
	} else if (!strcmp(val, "iprange")) {
		if (ps->m_iprange)
			return ipt_not_modelled(ps->o, "a second match", "iprange", NULL);
		ps->m_iprange = true;
		ipt_add_order(r, NF_M_IPRANGE);
	} else if (!strcmp(val, "recent")) {
		if (ps->m_recent)
			return ipt_not_modelled(ps->o, "a second match", "recent", NULL);
		ps->m_recent = true;
		r->has_recent = true;
		r->recent_name = nf_intern("DEFAULT");
		r->recent_mask = 0xffffffffu;
		ipt_add_order(r, NF_M_RECENT);
	} else if (!strcmp(val, "comment")) {
		if (r->ncomment == NF_COMMENTS_MAX)
			return ipt_not_modelled(ps->o, "more than 4 matches", "comment", NULL);
		ps->comment_missing |= ps->comment_pending;
		ps->comment_pending = true;
		ipt_add_order_again(r, NF_M_COMMENT);
		r->comment[r->ncomment++] = "";
	} else if (!strcmp(val, "icmp")) {
		/* another instance of the match; each needs its --icmp-type */
		ps->icmp_missing |= ps->icmp_pending;
		ps->icmp_twice |= r->has_icmp;
		ps->icmp_pending = true;
		ipt_add_order(r, NF_M_ICMP);
	} else if (in_list(unmodelled_matches, val)) {
		return ipt_not_modelled(ps->o, "the match", val, NULL);
	} else {
		return ipt_usage_err(ps->o, "Couldn't load match `%s':No such file or directory\n",
				     val);
	}
	ps->a->have_rule_opts = true;
	return 0;
}

/* How many times -m NAME was given so far: the instance an option of NAME goes to */
static int mod_inst(const struct pstate *ps, const char *name)
{
	int n = 0;

	for (int i = 0; i < ps->nmods; i++)
		n += strcmp(ps->mods[i], name) == 0;
	return n;
}

/* An option of match `mod` whose instance already had it (*inst): iptables' error in
 * the same instance, not modelled in a second one. 0 when it is the first. */
static int once_per_match(struct pstate *ps, int *inst, const char *mod, const char *opt)
{
	int cur = mod_inst(ps, mod);

	if (*inst && *inst == cur)
		return ipt_usage_err(ps->o, "%s: option \"%s\" can only be used once.\n", mod, opt);
	if (*inst)
		return ipt_not_modelled(ps->o, "a second match", mod, NULL);
	*inst = cur ? cur : 1;
	return 0;
}

/* --state (of -m state: the states of -m conntrack but SNAT and DNAT), --ctstate */
static int opt_state(struct pstate *ps, const char *w, int ct)
{
	struct nf_rule *r = ps->r;
	const char *val;
	int rc;

	if (!ct && !ps->m_state)
		return NOT_MINE;
	if ((rc = once_per_match(ps, ct ? &ps->ct_inst : &ps->state_inst,
				 ct ? "conntrack" : "state", ct ? "--ctstate" : "--state")))
		return rc;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if (ct) {
		if (!parse_ctstate(val, &r->ctstate))
			return ipt_usage_err(ps->o, "Bad ctstate \"%s\"", val);
		r->inv_ctstate = ps->inv;
		ipt_add_order(r, NF_M_CONNTRACK);
	} else {
		if (!parse_ctstate(val, &r->state) || (r->state & (NF_CT_SNAT | NF_CT_DNAT)))
			return ipt_usage_err(ps->o, "Bad state \"%s\"", val);
		r->inv_state = ps->inv;
		ipt_add_order(r, NF_M_STATE);
	}
	return 0;
}

/* --mark of -m mark (after -j it is no option of ours) */
static int opt_mark(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	const char *val;
	int rc;

	(void)arg;
	if (ps->a->target)
		return NOT_MINE;
	if ((rc = once_per_match(ps, &ps->mark_inst, "mark", "--mark")))
		return rc;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if (!ipt_parse_mark(val, &r->mark, &r->mark_mask))
		return ipt_usage_err(ps->o, "Bad mark value \"%s\"", val);
	r->has_mark = true;
	r->inv_mark = ps->inv;
	ipt_add_order(r, NF_M_MARK);
	return 0;
}

/* -j NAME (arg 0), -g CHAIN (arg 1) */
static int opt_jump(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	const char *val = take(ps);
	int t;

	if (!val)
		return need_arg(ps, w);
	if (ps->a->target)
		return ipt_usage_err(ps->o, "%s", "multiple -j flags not allowed");
	ps->a->target = val;
	ps->a->have_rule_opts = true;
	if (arg) { /* -g: only to a chain (which the command then looks for) */
		r->target = NF_TGT_JUMP;
		r->is_goto = true;
		snprintf(r->jump, sizeof(r->jump), "%s", val);
		return 0;
	}
	for (t = 1; t < NF_TGT_JUMP; t++)
		if (!strcmp(val, ipt_targets[t]))
			break;
	if (t < NF_TGT_JUMP) {
		r->target = (enum nf_target)t;
		if (r->target == NF_TGT_MARK)
			r->set_mask = 0xffffffffu;
	} else if (in_list(unmodelled_targets, val)) {
		return ipt_not_modelled(ps->o, "the target", val, NULL);
	} else {
		r->target = NF_TGT_JUMP;
		snprintf(r->jump, sizeof(r->jump), "%s", val);
	}
	if (ps->table == NF_TABLE_NAT && (r->target == NF_TGT_DROP || r->target == NF_TGT_REJECT))
		return ipt_usage_err(
			ps->o,
			"\nThe \"nat\" table is not intended for filtering, the use of "
			"%s is therefore inhibited.\n\n",
			val);
	return 0;
}

/* -c PKTS BYTES (or -c PKTS,BYTES): the counters a new rule starts with. Read as
 * iptables reads them, with sscanf's %llu: "-1" wraps, "0x10" is 0, too big saturates. */
static int opt_counters(struct pstate *ps, const char *w, int arg)
{
	const char *pcnt = take(ps), *bcnt;
	unsigned long long p, b;

	(void)arg;
	if (!pcnt)
		return need_arg(ps, w);
	bcnt = pcnt[0] ? strchr(pcnt + 1, ',') : NULL;
	if (bcnt)
		bcnt++;
	else if (ps->i + 1 < ps->argc && ps->argv[ps->i + 1][0] != '-' &&
		 ps->argv[ps->i + 1][0] != '!')
		bcnt = ps->argv[++ps->i];
	if (!bcnt)
		return ipt_usage_err(ps->o, "%s", "-c requires packet and byte counter");
	if (sscanf(pcnt, "%llu", &p) != 1)
		return ipt_usage_err(ps->o, "%s", "-c packet counter not numeric");
	if (sscanf(bcnt, "%llu", &b) != 1)
		return ipt_usage_err(ps->o, "%s", "-c byte counter not numeric");
	ps->r->pkts = p;
	ps->r->bytes = b;
	ps->counters = true;
	return 0;
}

/* libxt_limit's parse_rate: N[/second|minute|hour|day] (any prefix of the unit, any
 * case), N read by atoi; the rate as 1/10000 s per packet. */
static int limit_rate_parse(struct pstate *ps, const char *val, uint32_t *avg)
{
	static const struct {
		const char *word;
		uint32_t mult;
	} units[] = {
		{ "second", 1 }, { "minute", 60 }, { "hour", 60 * 60 }, { "day", 24 * 60 * 60 }
	};
	const char *slash = strchr(val, '/');
	uint32_t mult = 1, n;
	size_t k = 0;

	if (slash) {
		size_t len = strlen(slash + 1);

		for (k = 0; len && k < sizeof(units) / sizeof(units[0]); k++)
			if (!strncasecmp(slash + 1, units[k].word, len))
				break;
		if (!len || k == sizeof(units) / sizeof(units[0]))
			return ipt_usage_err(ps->o, "bad rate \"%s\"'", val);
		mult = units[k].mult;
	}
	n = (uint32_t)atoi(val);
	if (!n)
		return ipt_usage_err(ps->o, "bad rate \"%s\"'", val);
	*avg = 10000u * mult / n;
	if (!*avg)
		return ipt_usage_err(ps->o, "Rate too fast \"%s\"", val);
	return 0;
}

/* --limit RATE and --limit-burst N of -m limit (neither may be inverted or repeated) */
static int opt_limit(struct pstate *ps, const char *w, int burst)
{
	const char *val;
	unsigned long v;
	char *end;

	if (!ps->m_limit)
		return NOT_MINE;
	if (ps->inv)
		return ipt_usage_err(ps->o, "limit: option \"%s\" cannot be inverted.\n", w);
	if (ps->limit_opts & (1u << burst))
		return ipt_usage_err(ps->o, "limit: option \"%s\" can only be used once.\n", w);
	ps->limit_opts |= 1u << burst;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if (!burst)
		return limit_rate_parse(ps, val, &ps->limit_avg);
	errno = 0;
	v = strtoul(val, &end, 0);
	if (!val[0] || *end || errno || v > 10000 || strchr(val, '-'))
		return ipt_usage_err(ps->o,
				     "limit: bad value for option \"%s\", or out of range "
				     "(0-10000).\n",
				     w);
	ps->limit_burst = (uint32_t)v;
	return 0;
}

/* Every option pktpath reads: its short and long spelling, its handler and the
 * handler's argument. An option not here, or whose handler answers NOT_MINE, is not
 * modelled (unmodelled_options) or unknown. */
static const struct ipt_opt {
	const char *name, *alias;
	int (*fn)(struct pstate *ps, const char *w, int arg);
	int arg;
	/* whose option it is, for getopt's abbreviations (opt_abbrev): NULL iptables' own,
	 * else the matches (by -m or -p) or "@" and the targets it belongs to; "-" never
	 * abbreviated to */
	const char *mods;
} ipt_opts[] = {
	{ "-A", "--append", opt_cmd, C_APPEND, NULL },
	{ "-I", "--insert", opt_cmd, C_INSERT, NULL },
	{ "-D", "--delete", opt_cmd, C_DELETE, NULL },
	{ "-C", "--check", opt_cmd, C_CHECK, NULL },
	{ "-R", "--replace", opt_cmd, C_REPLACE, NULL },
	{ "-F", "--flush", opt_cmd, C_FLUSH, NULL },
	{ "-N", "--new-chain", opt_cmd, C_NEW, NULL },
	{ "-X", "--delete-chain", opt_cmd, C_DELCHAIN, NULL },
	{ "-P", "--policy", opt_cmd, C_POLICY, NULL },
	{ "-S", "--list-rules", opt_cmd, C_LIST_RULES, NULL },
	{ "-L", "--list", opt_cmd, C_LIST, NULL },
	{ "-Z", "--zero", opt_cmd, C_ZERO, NULL },
	{ "-n", "--numeric", opt_flag, F_NUMERIC, NULL },
	{ "-v", "--verbose", opt_flag, F_VERBOSE, NULL },
	{ "-nv", "-vn", opt_flag, F_NUMERIC | F_VERBOSE, "-" },
	{ "-x", "--exact", opt_flag, F_EXACT, NULL },
	{ "--line-numbers", NULL, opt_flag, F_LINENUM, NULL },
	{ "-s", "--source", opt_addr, 1, NULL },
	{ "-d", "--destination", opt_addr, 0, NULL },
	{ "--src", NULL, opt_addr, 1, NULL },
	{ "--dst", NULL, opt_addr, 0, NULL },
	{ "-i", "--in-interface", opt_iface, 1, NULL },
	{ "-o", "--out-interface", opt_iface, 0, NULL },
	{ "-p", "--protocol", opt_proto, 0, NULL },
	{ "-f", "--fragments", opt_frag, 0, NULL },
	{ "-m", "--match", opt_match, 0, NULL },
	{ "--sport", "--source-port", ipt_opt_ports, 1, "tcp udp" },
	{ "--dport", "--destination-port", ipt_opt_ports, 0, "tcp udp" },
	{ "--comment", NULL, ipt_opt_comment, 0, "comment" },
	{ "--set", NULL, ipt_opt_recent, 0, "recent" },
	{ "--rcheck", NULL, ipt_opt_recent, 1, "recent" },
	{ "--update", NULL, ipt_opt_recent, 2, "recent" },
	{ "--remove", NULL, ipt_opt_recent, 3, "recent" },
	{ "--seconds", NULL, ipt_opt_recent, 4, "recent" },
	{ "--reap", NULL, ipt_opt_recent, 5, "recent" },
	{ "--hitcount", NULL, ipt_opt_recent, 6, "recent" },
	{ "--rttl", NULL, ipt_opt_recent, 7, "recent" },
	{ "--name", NULL, ipt_opt_recent, 8, "recent" },
	{ "--rsource", NULL, ipt_opt_recent, 9, "recent" },
	{ "--rdest", NULL, ipt_opt_recent, 10, "recent" },
	{ "--mask", NULL, ipt_opt_recent, 11, "recent" },
	{ "--mac-source", NULL, ipt_opt_mac, 0, "mac" },
	{ "--uid-owner", NULL, ipt_opt_owner, NF_OWNER_UID, "owner" },
	{ "--gid-owner", NULL, ipt_opt_owner, NF_OWNER_GID, "owner" },
	{ "--socket-exists", NULL, ipt_opt_owner, NF_OWNER_SOCKET, "owner" },
	{ "--suppl-groups", NULL, ipt_opt_owner, NF_OWNER_SUPPL, "owner" },
	{ "--pkt-type", NULL, ipt_opt_pkttype, 0, "pkttype" },
	{ "--mss", NULL, ipt_opt_mss, 0, "tcpmss" },
	{ "--src-range", NULL, ipt_opt_iprange, 0, "iprange" },
	{ "--dst-range", NULL, ipt_opt_iprange, 1, "iprange" },
	{ "--mode", NULL, ipt_opt_statistic, 0, "statistic" },
	{ "--probability", NULL, ipt_opt_statistic, 1, "statistic" },
	{ "--every", NULL, ipt_opt_statistic, 2, "statistic" },
	{ "--packet", NULL, ipt_opt_statistic, 3, "statistic" },
	{ "--limit", NULL, opt_limit, 0, "limit" },
	{ "--limit-burst", NULL, opt_limit, 1, "limit" },
	{ "--src-type", NULL, ipt_opt_addrtype, 1, "addrtype" },
	{ "--dst-type", NULL, ipt_opt_addrtype, 0, "addrtype" },
	{ "--sports", "--source-ports", ipt_opt_multiport, NF_MP_SRC, "multiport" },
	{ "--dports", "--destination-ports", ipt_opt_multiport, NF_MP_DST, "multiport" },
	{ "--ports", NULL, ipt_opt_multiport, NF_MP_ANY, "multiport" },
	{ "--tcp-flags", NULL, ipt_opt_tcp_flags, 0, "tcp" },
	{ "--syn", NULL, ipt_opt_tcp_flags, 1, "tcp" },
	{ "--icmp-type", NULL, ipt_opt_icmp_type, 0, "icmp" },
	{ "--state", NULL, opt_state, 0, "state" },
	{ "--ctstate", NULL, opt_state, 1, "conntrack" },
	{ "--mark", NULL, opt_mark, 0, "mark" },
	{ "-c", "--set-counters", opt_counters, 0, NULL },
	{ "-j", "--jump", opt_jump, 0, NULL },
	{ "-g", "--goto", opt_jump, 1, NULL },
	{ "--to-source", NULL, ipt_opt_nat_to, NAT_O_TO_SOURCE, "@SNAT" },
	{ "--to-destination", NULL, ipt_opt_nat_to, NAT_O_TO_DEST, "@DNAT" },
	{ "--to", NULL, ipt_opt_nat_to, NAT_O__COUNT, "-" },
	{ "--to-ports", "--to-port", ipt_opt_nat_to, NAT_O_TO_PORTS, "@MASQUERADE REDIRECT" },
	{ "--random", NULL, ipt_opt_nat_flag, NAT_O_RANDOM, "@SNAT DNAT MASQUERADE REDIRECT" },
	{ "--random-fully", NULL, ipt_opt_nat_flag, NAT_O_RANDOM_FULLY, "@SNAT MASQUERADE" },
	{ "--persistent", NULL, ipt_opt_nat_flag, NAT_O_PERSISTENT, "@SNAT DNAT" },
	{ "--set-mark", NULL, ipt_opt_set_mark, MARK_SET_MARK, "@MARK" },
	{ "--set-xmark", NULL, ipt_opt_set_mark, MARK_SET_XMARK, "@MARK" },
	{ "--and-mark", NULL, ipt_opt_set_mark, MARK_AND, "@MARK" },
	{ "--or-mark", NULL, ipt_opt_set_mark, MARK_OR, "@MARK" },
	{ "--xor-mark", NULL, ipt_opt_set_mark, MARK_XOR, "@MARK" },
	{ "--ttl-set", NULL, ipt_opt_ttl, NF_TTL_SET, "@TTL" },
	{ "--ttl-dec", NULL, ipt_opt_ttl, NF_TTL_DEC, "@TTL" },
	{ "--ttl-inc", NULL, ipt_opt_ttl, NF_TTL_INC, "@TTL" },
	{ "--set-mss", NULL, ipt_opt_tcpmss, 0, "@TCPMSS" },
	{ "--clamp-mss-to-pmtu", NULL, ipt_opt_tcpmss, 1, "@TCPMSS" },
	{ "--log-prefix", NULL, ipt_opt_log_prefix, 0, "@LOG" },
	{ "--reject-with", NULL, ipt_opt_reject_with, 0, "@REJECT" },
	{ "--notrack", NULL, ipt_opt_notrack, 0, "@CT" },
};

static const struct ipt_opt *opt_find(const char *w)
{
	for (size_t k = 0; k < sizeof(ipt_opts) / sizeof(ipt_opts[0]); k++)
		if (!strcmp(w, ipt_opts[k].name) ||
		    (ipt_opts[k].alias && !strcmp(w, ipt_opts[k].alias)))
			return &ipt_opts[k];
	return NULL;
}

/* Is word w one of the words of list l ("tcp udp")? */
static bool in_words(const char *l, const char *w)
{
	size_t n = strlen(w);

	for (const char *q = l; (q = strstr(q, w)) != NULL; q += n)
		if ((q == l || q[-1] == ' ') && (q[n] == ' ' || !q[n]))
			return true;
	return false;
}

/* Can the option be given here: iptables' own, or its match loaded (by -m, or by -p for
 * tcp, udp and icmp once a word needed it), or its target the rule's? */
static bool opt_avail(const struct pstate *ps, const struct ipt_opt *op)
{
	static const char *const by_proto[] = { [1] = "icmp", [6] = "tcp", [17] = "udp" };
	const char *m = op->mods;

	if (!m)
		return true;
	if (m[0] == '-')
		return false;
	if (m[0] == '@')
		return ps->r->target > NF_TGT_NONE && ps->r->target < NF_TGT_JUMP &&
		       in_words(m + 1, ipt_targets[ps->r->target]);
	if (ps->proto_loaded && ps->r->proto < sizeof(by_proto) / sizeof(by_proto[0]) &&
	    by_proto[ps->r->proto] && in_words(m, by_proto[ps->r->proto]))
		return true;
	for (int k = 0; k < ps->nmods; k++)
		if (in_words(m, ps->mods[k]))
			return true;
	return false;
}

/* Options of the matches and targets pktpath knows that it does not model: they make
 * abbreviations ambiguous as they do in iptables ("--ctst": --ctstate or --ctstatus) */
static const struct {
	const char *name, *mods;
} unmodelled_owned[] = {
	{ "--ctproto", "conntrack" },
	{ "--ctorigsrc", "conntrack" },
	{ "--ctorigdst", "conntrack" },
	{ "--ctreplsrc", "conntrack" },
	{ "--ctrepldst", "conntrack" },
	{ "--ctorigsrcport", "conntrack" },
	{ "--ctorigdstport", "conntrack" },
	{ "--ctreplsrcport", "conntrack" },
	{ "--ctrepldstport", "conntrack" },
	{ "--ctstatus", "conntrack" },
	{ "--ctexpire", "conntrack" },
	{ "--ctdir", "conntrack" },
	{ "--limit-iface-in", "addrtype" },
	{ "--limit-iface-out", "addrtype" },
	{ "--tcp-option", "tcp" },
	{ "--log-level", "@LOG" },
	{ "--log-uid", "@LOG" },
	{ "--log-tcp-sequence", "@LOG" },
	{ "--log-tcp-options", "@LOG" },
	{ "--log-ip-options", "@LOG" },
	{ "--log-macdecode", "@LOG" },
	{ "--zone", "@CT" },
	{ "--zone-orig", "@CT" },
	{ "--zone-reply", "@CT" },
	{ "--helper", "@CT" },
	{ "--ctevents", "@CT" },
	{ "--expevents", "@CT" },
	{ "--timeout", "@CT" },
	/* iptables' own */
	{ "--rename-chain", NULL },
	{ "--wait", NULL },
	{ "--wait-interval", NULL },
	{ "--modprobe", NULL },
	{ "--help", NULL },
	{ "--ipv4", NULL },
	{ "--ipv6", NULL },
	{ "--version", NULL },
	{ "--table", NULL },
};

/* getopt_long over the options available now: an exact name, else the one option (of
 * one or more spellings) the word starts; NULL when none or several */
static const char *abbrev_search(const struct pstate *ps, const char *w)
{
	const struct ipt_opt *hit = NULL;
	const char *name = NULL;
	size_t n = strlen(w);

	for (size_t k = 0; k < sizeof(ipt_opts) / sizeof(ipt_opts[0]); k++) {
		const struct ipt_opt *op = &ipt_opts[k];
		const char *cand[2] = { op->name, op->alias };

		if (!opt_avail(ps, op))
			continue;
		for (int c = 0; c < 2; c++) {
			if (!cand[c] || strncmp(cand[c], "--", 2) || strncmp(cand[c], w, n))
				continue;
			if (!cand[c][n]) /* exact: getopt takes it whatever else starts so */
				return cand[c];
			if (hit && hit != op)
				name = "";
			else if (!name)
				name = cand[c];
			hit = op;
			break;
		}
	}
	for (size_t k = 0; k < sizeof(unmodelled_owned) / sizeof(unmodelled_owned[0]); k++) {
		struct ipt_opt own = { unmodelled_owned[k].name, NULL, NULL, 0,
				       unmodelled_owned[k].mods };

		if (!opt_avail(ps, &own) || strncmp(own.name, w, n))
			continue;
		if (!own.name[n])
			return own.name;
		name = name ? "" : own.name;
	}
	return name && name[0] ? name : NULL;
}

/* getopt_long's abbreviations: a long option may be cut to any start no other option
 * available there shares. Available: iptables' own options, those of each match -m
 * loaded and of the target; the protocol's match (-p tcp, udp, icmp) is loaded only when
 * a word is unknown without it, as iptables' command_default() does. The option's full
 * name is the answer, else w itself (iptables then calls it unknown). */
static const char *opt_abbrev(struct pstate *ps, const char *w)
{
	const char *r;

	if (strlen(w) < 3 || strncmp(w, "--", 2))
		return w;
	if ((r = abbrev_search(ps, w)) == NULL && !ps->proto_loaded &&
	    (ps->r->proto == 1 || ps->r->proto == 6 || ps->r->proto == 17)) {
		ps->proto_loaded = true;
		r = abbrev_search(ps, w);
	}
	return r ? r : w;
}

/* iptables' options in generic_opt_check()'s order, by short letter (--line-numbers is
 * -0): bit k of pstate.given is opt_letters[k] */
static const char opt_letters[] = "nsdpjvxio0cf";

static unsigned letter_bit(char l)
{
	return 1u << (strchr(opt_letters, l) - opt_letters);
}

/* generic_opt_check(): the options each command allows; the first one given (in
 * opt_letters' order) that the command forbids is named */
static int opt_legal(const struct pstate *ps)
{
	/* per command, the options it forbids ('x'), as iptables' commands_v_options */
	static const char *const forbid[] = {
		[C_APPEND] = "x     x  x  ",  [C_INSERT] = "x     x  x  ",
		[C_DELETE] = "x     x  xx ",  [C_CHECK] = "x     x  xx ",
		[C_REPLACE] = "x     x  x  ", [C_FLUSH] = "xxxxx xxxxxx",
		[C_NEW] = "xxxxx xxxxxx",     [C_DELCHAIN] = "xxxxx xxxxxx",
		[C_POLICY] = "xxxxx xxxx x",  [C_LIST_RULES] = "xxxxx xxxxxx",
		[C_LIST] = " xxxx  xx xx",    [C_ZERO] = "xxxxx xxxxxx",
	};
	const char *f = ps->a->cmd < sizeof(forbid) / sizeof(forbid[0]) ? forbid[ps->a->cmd] : NULL;

	if (f && ps->a->cmd == C_DELETE && ps->a->num)
		f = "xxxxx xxxxxx"; /* -D CHAIN NUM */
	for (int k = 0; f && opt_letters[k]; k++)
		if ((ps->given & (1u << k)) && f[k] == 'x')
			return ipt_usage_err(ps->o, "Illegal option `-%c' with this command",
					     opt_letters[k]);
	return 0;
}

/* The bit of the option op in pstate.given (opt_legal's order), or 0 */
static unsigned opt_given_bit(const struct ipt_opt *op)
{
	char l = 0;

	if (op->fn == opt_flag) /* -nv sets two */
		return (op->arg & F_NUMERIC ? letter_bit('n') : 0) |
		       (op->arg & F_VERBOSE ? letter_bit('v') : 0) |
		       (op->arg & F_EXACT ? letter_bit('x') : 0) |
		       (op->arg & F_LINENUM ? letter_bit('0') : 0);
	if (op->fn == opt_addr)
		l = op->arg ? 's' : 'd';
	else if (op->fn == opt_proto)
		l = 'p';
	else if (op->fn == opt_jump)
		l = 'j';
	else if (op->fn == opt_iface)
		l = op->arg ? 'i' : 'o';
	else if (op->fn == opt_counters)
		l = 'c';
	else if (op->fn == opt_frag)
		l = 'f';
	return l ? letter_bit(l) : 0;
}

/* What iptables checks once every word is read: each loaded match and target got the
 * options it must have, and there is a command. */
static int final_check(const struct pstate *ps)
{
	int rc;

	/* an option of -m tcp/udp needs the protocol; without options, the kernel's
	 * xt_check_match refuses a match whose protocol the rule does not have */
	if (ps->m_l4 && ps->l4_opts && ps->r->proto != ps->m_l4)
		return ipt_usage_err(ps->o, "%s match requires '-p %s'",
				     ps->m_l4 == 6 ? "TCP" : "UDP", ps->m_l4 == 6 ? "tcp" : "udp");
	if (ps->m_l4 && (ps->l4_two || ps->r->proto != ps->m_l4 || ps->r->inv_proto))
		ps->a->l4_refused = true;
	if (ps->icmp_pending || ps->icmp_missing)
		return ipt_usage_err(ps->o, "%s",
				     "icmp: option \"--icmp-type\" must be specified\n");
	if (ps->m_at && !ps->r->at_src && !ps->r->at_dst)
		return ipt_usage_err(ps->o, "%s",
				     "addrtype: you must specify --src-type or --dst-type");
	if (ps->m_mp && !ps->r->mp_dir)
		return ipt_usage_err(ps->o, "%s", "multiport expection an option");
	if (ps->comment_pending || ps->comment_missing)
		return ipt_usage_err(ps->o, "%s",
				     "comment: option \"--comment\" must be specified\n");
	/* each instance of -m state or mark needs its option, -m conntrack one of its own
	 * (pktpath takes one instance with it) */
	if (mod_inst(ps, "state") > (ps->state_inst ? 1 : 0))
		return ipt_usage_err(ps->o, "%s", "state: option \"--state\" must be specified\n");
	if (mod_inst(ps, "mark") > (ps->mark_inst ? 1 : 0))
		return ipt_usage_err(ps->o, "%s", "mark: option \"--mark\" must be specified\n");
	if (mod_inst(ps, "conntrack") > (ps->ct_inst ? 1 : 0))
		return ipt_usage_err(ps->o, "%s", "conntrack: At least one option is required");
	if ((rc = ipt_recent_final(ps)) != 0 || (rc = ipt_statistic_final(ps)) != 0)
		return rc;
	if (ps->m_tcpmss && !ps->r->has_tcpmss)
		return ipt_usage_err(ps->o, "%s", "tcpmss: option \"--mss\" must be specified\n");
	if (ps->m_pkttype && !ps->r->has_pkttype)
		return ipt_usage_err(ps->o, "%s",
				     "pkttype: option \"--pkt-type\" must be specified\n");
	if (ps->m_owner && !ps->r->owner_match)
		return ipt_usage_err(ps->o, "%s",
				     "owner: At least one of --uid-owner, --gid-owner or "
				     "--socket-exists is required");
	if (ps->m_mac && !ps->r->has_mac)
		return ipt_usage_err(ps->o, "%s",
				     "mac: option \"--mac-source\" must be specified\n");
	if (ps->m_iprange && !ps->r->ipr)
		return ipt_usage_err(
			ps->o, "%s",
			"iprange match: You must specify `--src-range' or `--dst-range'");
	if ((rc = ipt_target_final(ps)) != 0)
		return rc;
	if (ps->a->cmd == C_NONE)
		return ipt_usage_err(ps->o, "%s", "no command specified");
	/* the bucket starts full when the rule is added (cmd-iptables.c sets the time) */
	if (ps->m_limit)
		nf_limit_set(ps->r, ps->limit_avg, ps->limit_burst, 0);
	/* a rule's counters, for instance, only for the rule -A, -I or -R makes (-P takes
	 * and ignores them) */
	return opt_legal(ps);
}

int ipt_parse_args(enum nf_table table, int argc, char **argv, struct ipt_args *a,
		   struct cmd_out *o)
{
	struct pstate ps = {
		.a = a, .r = &a->r, .table = table, .o = o, .argv = argv, .argc = argc
	};

	for (ps.i = 0; ps.i < argc; ps.i++) {
		const char *w = argv[ps.i];
		const struct ipt_opt *op;
		int rc = NOT_MINE;

		if (!strcmp(w, "!")) {
			ps.inv = true;
			continue;
		}
		w = opt_abbrev(&ps, w);
		if (!strcmp(w, "-V") || !strcmp(w, "--version")) {
			a->cmd = C_VERSION; /* printed at once, the rest unread */
			return 0;
		}
		if ((op = opt_find(w)) != NULL &&
		    (op->fn == opt_addr || op->fn == opt_proto || op->fn == opt_iface) &&
		    (ps.given & opt_given_bit(op))) {
			/* set_option(): each of these once */
			char l = op->fn == opt_addr    ? (op->arg ? 's' : 'd')
				 : op->fn == opt_proto ? 'p'
				 : op->arg	       ? 'i'
						       : 'o';

			return ipt_usage_err(o, "multiple -%c flags not allowed", l);
		}
		if (op && (rc = op->fn(&ps, w, op->arg)) == 0)
			ps.given |= opt_given_bit(op);
		if (rc == NOT_MINE && w[0] != '-') {
			/* a word no option took (getopt's non-option, case 1 in do_parse) */
			strbuf_printf(&o->err, "Bad argument `%s'\n" TRY_HELP "\n", w);
			o->rc = IPT_EXIT_PARAM;
			return IPT_EXIT_PARAM;
		}
		if (rc == NOT_MINE)
			return in_list(unmodelled_options, w)
				       ? ipt_not_modelled(o, "the option", w, NULL)
				       : ipt_usage_err(o, "unknown option \"%s\"", w);
		if (rc)
			return rc;
		ps.inv = false;
	}
	return final_check(&ps);
}
