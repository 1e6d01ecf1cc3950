/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd-iptables: iptables(8) as iptables-nft 1.8.9 (Debian 12) behaves for tables filter,
 * nat, mangle and raw: -A -I -D -R -F -N -X -P -S -L [-n] [-v] [--line-numbers] -Z, the
 * matches -s -d -p -i -o --sport --dport (-m tcp/udp), -p icmp --icmp-type (-m icmp),
 * -m conntrack --ctstate, -m state, -m mark --mark, `!`, and the targets of nf.h (TTL in
 * mangle, NOTRACK and CT [--notrack] in raw, REJECT in filter). Listings and error
 * messages are the real tool's, byte for byte (tests/oracle/cases/iptables-*.ip); exit
 * codes too.
 *
 * Not here: what the rules do to packets (nf.c, ct.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netdb.h>
#include <arpa/inet.h>

#include "cmd.h"
#include "net/ct.h"
#include "net/nf.h"

#define IPT_V "iptables v1.8.9 (nf_tables): "
#define TRY_HELP "Try `iptables -h' or 'iptables --help' for more information."

enum ipt_cmd {
	C_NONE,
	C_APPEND,
	C_INSERT,
	C_DELETE,
	C_CHECK,
	C_REPLACE,
	C_FLUSH,
	C_NEW,
	C_DELCHAIN,
	C_POLICY,
	C_LIST_RULES,
	C_LIST,
	C_ZERO
};

struct ipt_args {
	enum ipt_cmd cmd;
	const char *chain;
	int num; /* rule number, 0 = none */
	const char *policy;
	bool numeric, verbose, linenum, exact;
	struct nf_rule r;
	bool have_rule_opts;
	const char *target;
};

/* Real iptables extensions pktpath does not model: it says so instead of imitating
 * iptables' own error for a name that does not exist (which would tell the user the
 * command is wrong when it is right). */
static const char *const unmodelled_matches[] = {
	"multiport", "addrtype",      "limit",	   "comment",  "iprange", "length",
	"mac",	     "owner",	      "physdev",   "pkttype",  "recent",  "set",
	"string",    "tcpmss",	      "time",	   "ttl",      "u32",	  "connmark",
	"connlimit", "hashlimit",     "statistic", "policy",   "dscp",	  "tos",
	"ecn",	     "helper",	      "realm",	   "rpfilter", "socket",  "cgroup",
	"devgroup",  "cpu",	      "quota",	   "nfacct",   "bpf",	  "esp",
	"ah",	     "sctp",	      "udplite",   "dccp",     "ipvs",	  "cluster",
	"osf",	     "conntrack-ext", NULL,
};
static const char *const unmodelled_targets[] = {
	"TCPMSS",    "CONNMARK", "TOS",	     "DSCP",	"ECN",	    "NFLOG",	   "NFQUEUE",
	"TEE",	     "TPROXY",	 "CLASSIFY", "AUDIT",	"CHECKSUM", "CLUSTERIP",   "HMARK",
	"IDLETIMER", "LED",	 "NETMAP",   "RATEEST", "SECMARK",  "CONNSECMARK", "SET",
	"SYNPROXY",  "TRACE",	 "ULOG",     NULL,
};
static const char *const unmodelled_options[] = {
	"--random",
	"--random-fully",
	"--persistent",
	"--clamp-mss-to-pmtu",
	"--set-mss",
	"--to-ports",
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
	"-f",
	"--fragment",
	"-E",
	"--rename-chain",
	"-c",
	"--set-counters",
	NULL,
};

static bool in_list(const char *const *l, const char *w)
{
	for (; *l; l++)
		if (strcmp(*l, w) == 0)
			return true;
	return false;
}

static int not_modelled(struct cmd_out *o, const char *what, const char *name, const char *hint)
{
	strbuf_printf(&o->err, "iptables: pktpath does not model %s \"%s\"%s%s\n", what, name,
		      hint ? "; " : "", hint ? hint : "");
	o->rc = 1;
	return 1;
}

static int usage_err(struct cmd_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage_err(struct cmd_out *o, const char *fmt, ...)
{
	va_list ap;

	strbuf_puts(&o->err, IPT_V);
	va_start(ap, fmt);
	strbuf_vprintf(&o->err, fmt, ap);
	va_end(ap);
	strbuf_puts(&o->err, "\n" TRY_HELP "\n");
	o->rc = 2;
	return 2;
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

static bool parse_ports(const char *s, uint16_t *pr)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (end == s || a < 0 || a > 65535)
		return false;
	if (*end == ':') {
		const char *q = end + 1;

		b = *q ? strtol(q, &end, 10) : 65535;
		if ((*q && end == q) || *end || b < a || b > 65535)
			return false;
	} else if (*end) {
		return false;
	} else {
		b = a;
	}
	pr[0] = (uint16_t)a;
	pr[1] = (uint16_t)b;
	return true;
}

static bool parse_nat_to(const char *s, struct nf_rule *r)
{
	char buf[64];
	char *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	if (colon) {
		char *dash;

		*colon = '\0';
		dash = strchr(colon + 1, '-');
		if (dash)
			*dash = ':';
		if (!parse_ports(colon + 1, r->to_port))
			return false;
	}
	return ip_parse(buf, &r->to_addr);
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

static bool parse_mark(const char *s, uint32_t *v, uint32_t *m)
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
static bool r_has(const struct nf_rule *r, enum nf_match_kind k)
{
	for (int i = 0; i < r->norder; i++)
		if (r->order[i] == k)
			return true;
	return false;
}

static void add_order(struct nf_rule *r, enum nf_match_kind k)
{
	if (!r_has(r, k))
		r->order[r->norder++] = k;
}

static const char *const targets[] = {
	"",	"ACCEPT",     "DROP",	  "REJECT", "RETURN", "LOG",	 "SNAT",
	"DNAT", "MASQUERADE", "REDIRECT", "MARK",   "TTL",    "NOTRACK", "CT",
};

/* libxtables' ICMP names, in its order (ambiguity and -L pick the first that fits):
 * type, then the code range a name stands for. */
static const struct icmp_name {
	const char *name;
	uint8_t type, code_min, code_max;
} icmp_names[] = {
	{ "any", 0xff, 0, 0xff },
	{ "echo-reply", 0, 0, 0xff },
	{ "pong", 0, 0, 0xff },
	{ "destination-unreachable", 3, 0, 0xff },
	{ "network-unreachable", 3, 0, 0 },
	{ "host-unreachable", 3, 1, 1 },
	{ "protocol-unreachable", 3, 2, 2 },
	{ "port-unreachable", 3, 3, 3 },
	{ "fragmentation-needed", 3, 4, 4 },
	{ "source-route-failed", 3, 5, 5 },
	{ "network-unknown", 3, 6, 6 },
	{ "host-unknown", 3, 7, 7 },
	{ "network-prohibited", 3, 9, 9 },
	{ "host-prohibited", 3, 10, 10 },
	{ "TOS-network-unreachable", 3, 11, 11 },
	{ "TOS-host-unreachable", 3, 12, 12 },
	{ "communication-prohibited", 3, 13, 13 },
	{ "host-precedence-violation", 3, 14, 14 },
	{ "precedence-cutoff", 3, 15, 15 },
	{ "source-quench", 4, 0, 0xff },
	{ "redirect", 5, 0, 0xff },
	{ "network-redirect", 5, 0, 0 },
	{ "host-redirect", 5, 1, 1 },
	{ "TOS-network-redirect", 5, 2, 2 },
	{ "TOS-host-redirect", 5, 3, 3 },
	{ "echo-request", 8, 0, 0xff },
	{ "ping", 8, 0, 0xff },
	{ "router-advertisement", 9, 0, 0xff },
	{ "router-solicitation", 10, 0, 0xff },
	{ "time-exceeded", 11, 0, 0xff },
	{ "ttl-exceeded", 11, 0, 0xff },
	{ "ttl-zero-during-transit", 11, 0, 0 },
	{ "ttl-zero-during-reassembly", 11, 1, 1 },
	{ "parameter-problem", 12, 0, 0xff },
	{ "ip-header-bad", 12, 0, 0 },
	{ "required-option-missing", 12, 1, 1 },
	{ "timestamp-request", 13, 0, 0xff },
	{ "timestamp-reply", 14, 0, 0xff },
	{ "address-mask-request", 17, 0, 0xff },
	{ "address-mask-reply", 18, 0, 0xff },
};

/* --icmp-type VALUE as libxt_icmp reads it: a name or the start of exactly one name (any
 * case), else TYPE or TYPE/CODE as C numbers (0x, 0 octal) of 0-255. 0 or the status. */
static int parse_icmp_type(const char *val, struct nf_rule *r, struct cmd_out *o)
{
	const struct icmp_name *m = NULL;
	unsigned long type, code;
	const char *p;
	char *end;

	for (size_t i = 0; i < sizeof(icmp_names) / sizeof(icmp_names[0]); i++) {
		if (strncasecmp(icmp_names[i].name, val, strlen(val)) != 0)
			continue;
		if (m) {
			strbuf_printf(&o->err,
				      IPT_V "Ambiguous ICMP type `%s': `%s' or `%s'?\n" TRY_HELP
					    "\n",
				      val, m->name, icmp_names[i].name);
			o->rc = 2;
			return 2;
		}
		m = &icmp_names[i];
	}
	if (m) {
		r->icmp_type = m->type;
		r->icmp_code[0] = m->code_min;
		r->icmp_code[1] = m->code_max;
		return 0;
	}
	errno = 0;
	type = strtoul(val, &end, 0);
	if (end == val || errno || type > 0xff) {
		strbuf_printf(&o->err, IPT_V "Unknown ICMP type `%s'\n" TRY_HELP "\n", val);
		o->rc = 2;
		return 2;
	}
	r->icmp_type = (uint8_t)type;
	r->icmp_code[0] = 0;
	r->icmp_code[1] = 0xff;
	if (*end == '/') {
		p = end + 1;
		errno = 0;
		code = strtoul(p, &end, 0);
		if (end == p || errno || code > 0xff) {
			strbuf_printf(&o->err, IPT_V "Unknown ICMP code `%s'\n" TRY_HELP "\n", val);
			o->rc = 2;
			return 2;
		}
		r->icmp_code[0] = r->icmp_code[1] = (uint8_t)code;
	}
	if (*end) {
		strbuf_printf(&o->err, IPT_V "unknown character %c\n" TRY_HELP "\n", *end);
		o->rc = 2;
		return 2;
	}
	return 0;
}

/* Returns 0 or the exit status (message written). */
static int parse_args(struct nf_tbl *tb, enum nf_table table, int argc, char **argv,
		      struct ipt_args *a, struct cmd_out *o)
{
	bool inv = false, m_state = false;
	/* -m icmp loaded without its --icmp-type yet; one that never got it; a second
	 * icmp match after a complete one */
	bool icmp_pending = false, icmp_missing = false, icmp_twice = false;
	int i;

	for (i = 0; i < argc; i++) {
		const char *w = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		struct nf_rule *r = &a->r;

#define CMD(c, needs_chain)                                                                   \
	do {                                                                                  \
		a->cmd = c;                                                                   \
		if (needs_chain) {                                                            \
			if (!val)                                                             \
				return usage_err(o, "option \"%s\" requires an argument", w); \
			a->chain = val;                                                       \
			i++;                                                                  \
		} else if (val && val[0] != '-' && val[0] != '!') {                           \
			a->chain = val;                                                       \
			i++;                                                                  \
		}                                                                             \
	} while (0)
#define NEED()                                                                        \
	do {                                                                          \
		if (!val)                                                             \
			return usage_err(o, "option \"%s\" requires an argument", w); \
		i++;                                                                  \
	} while (0)

		if (strcmp(w, "!") == 0) {
			inv = true;
			continue;
		}
		if (!strcmp(w, "-A") || !strcmp(w, "--append")) {
			CMD(C_APPEND, true);
		} else if (!strcmp(w, "-I") || !strcmp(w, "--insert")) {
			CMD(C_INSERT, true);
			if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
				a->num = atoi(argv[++i]);
		} else if (!strcmp(w, "-D") || !strcmp(w, "--delete")) {
			CMD(C_DELETE, true);
			if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
				a->num = atoi(argv[++i]);
		} else if (!strcmp(w, "-C") || !strcmp(w, "--check")) {
			CMD(C_CHECK, true);
		} else if (!strcmp(w, "-R") || !strcmp(w, "--replace")) {
			CMD(C_REPLACE, true);
			if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
				a->num = atoi(argv[++i]);
			else
				return usage_err(o, "%s", "-R requires a rule number");
		} else if (!strcmp(w, "-F") || !strcmp(w, "--flush")) {
			CMD(C_FLUSH, false);
		} else if (!strcmp(w, "-N") || !strcmp(w, "--new-chain")) {
			CMD(C_NEW, true);
		} else if (!strcmp(w, "-X") || !strcmp(w, "--delete-chain")) {
			CMD(C_DELCHAIN, false);
		} else if (!strcmp(w, "-P") || !strcmp(w, "--policy")) {
			CMD(C_POLICY, true);
			if (i + 1 >= argc)
				return usage_err(o, "%s", "-P requires a chain and a policy");
			a->policy = argv[++i];
		} else if (!strcmp(w, "-S") || !strcmp(w, "--list-rules")) {
			CMD(C_LIST_RULES, false);
			if (a->chain && i + 1 < argc && argv[i + 1][0] >= '0' &&
			    argv[i + 1][0] <= '9')
				a->num = atoi(argv[++i]);
		} else if (!strcmp(w, "-L") || !strcmp(w, "--list")) {
			CMD(C_LIST, false);
		} else if (!strcmp(w, "-Z") || !strcmp(w, "--zero")) {
			CMD(C_ZERO, false);
		} else if (!strcmp(w, "-n") || !strcmp(w, "--numeric")) {
			a->numeric = true;
		} else if (!strcmp(w, "-v") || !strcmp(w, "--verbose")) {
			a->verbose = true;
		} else if (!strcmp(w, "-nv") || !strcmp(w, "-vn")) {
			a->numeric = a->verbose = true;
		} else if (!strcmp(w, "-x") || !strcmp(w, "--exact")) {
			a->exact = true;
		} else if (!strcmp(w, "--line-numbers")) {
			a->linenum = true;
		} else if (!strcmp(w, "-s") || !strcmp(w, "--source") || !strcmp(w, "-d") ||
			   !strcmp(w, "--destination")) {
			bool s = w[1] == 's' || !strcmp(w, "--source");

			NEED();
			if (!parse_addr(val, s ? &r->src : &r->dst, s ? &r->smask : &r->dmask)) {
				strbuf_printf(&o->err,
					      IPT_V "host/network `%s' not found\n" TRY_HELP "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			if (s)
				r->has_src = true, r->inv_src = inv;
			else
				r->has_dst = true, r->inv_dst = inv;
			a->have_rule_opts = true;
		} else if (!strcmp(w, "-i") || !strcmp(w, "--in-interface") || !strcmp(w, "-o") ||
			   !strcmp(w, "--out-interface")) {
			bool in = w[1] == 'i' || !strcmp(w, "--in-interface");

			NEED();
			snprintf(in ? r->iif : r->oif, IFNAMSIZ, "%s", val);
			if (in)
				r->inv_iif = inv;
			else
				r->inv_oif = inv;
			a->have_rule_opts = true;
		} else if (!strcmp(w, "-p") || !strcmp(w, "--protocol")) {
			char lower[256];

			NEED();
			/* iptables lowercases the name first: -p TCP is -p tcp */
			for (size_t k = 0; k < sizeof(lower); k++)
				if ((lower[k] = (char)tolower((unsigned char)val[k])) == '\0')
					break;
			lower[sizeof(lower) - 1] = '\0';
			val = lower;
			if (!strcmp(val, "tcp"))
				r->proto = 6;
			else if (!strcmp(val, "udp"))
				r->proto = 17;
			else if (!strcmp(val, "icmp"))
				r->proto = 1;
			else if (!strcmp(val, "sctp"))
				r->proto = 132;
			else if (!strcmp(val, "all"))
				r->proto = 0;
			else if (val[0] >= '0' && val[0] <= '9')
				r->proto = (uint8_t)atoi(val);
			else {
				strbuf_printf(&o->err,
					      IPT_V "unknown protocol \"%s\" specified\n" TRY_HELP
						    "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			r->inv_proto = inv;
			a->have_rule_opts = true;
		} else if (!strcmp(w, "-m") || !strcmp(w, "--match")) {
			NEED();
			if (!strcmp(val, "conntrack") || !strcmp(val, "mark")) {
				/* order fixed when the option comes */
			} else if (!strcmp(val, "state")) {
				m_state = true; /* --state must follow (xt_state) */
			} else if ((!strcmp(val, "tcp") && r->proto == 6) ||
				   (!strcmp(val, "udp") && r->proto == 17)) {
				add_order(r, NF_M_PROTO_PORTS);
			} else if (!strcmp(val, "icmp")) {
				/* another instance of the match; each needs its --icmp-type */
				icmp_missing |= icmp_pending;
				icmp_twice |= r->has_icmp;
				icmp_pending = true;
				add_order(r, NF_M_ICMP);
			} else if (in_list(unmodelled_matches, val)) {
				return not_modelled(o, "the match", val, NULL);
			} else {
				strbuf_printf(&o->err,
					      IPT_V "Couldn't load match `%s':No such file or "
						    "directory\n\n" TRY_HELP "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			a->have_rule_opts = true;
		} else if (!strcmp(w, "--sport") || !strcmp(w, "--source-port") ||
			   !strcmp(w, "--dport") || !strcmp(w, "--destination-port")) {
			bool s = !strcmp(w, "--sport") || !strcmp(w, "--source-port");

			if (r->proto != 6 && r->proto != 17)
				return usage_err(o, "unknown option \"%s\"", w);
			NEED();
			if (!parse_ports(val, s ? r->sport : r->dport)) {
				strbuf_printf(&o->err,
					      IPT_V "invalid port/service `%s' specified\n" TRY_HELP
						    "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			if (s)
				r->has_sport = true, r->inv_sport = inv;
			else
				r->has_dport = true, r->inv_dport = inv;
			add_order(r, NF_M_PROTO_PORTS);
		} else if (!strcmp(w, "--icmp-type") && (icmp_pending || r->proto == 1)) {
			/* an explicit -m icmp, or the one -p icmp loads for its option */
			int rc;

			if (!icmp_pending && r->has_icmp) {
				strbuf_puts(&o->err,
					    IPT_V "icmp: option \"--icmp-type\" can only be used "
						  "once.\n\n" TRY_HELP "\n");
				o->rc = 2;
				return 2;
			}
			NEED();
			rc = parse_icmp_type(val, r, o);
			if (rc)
				return rc;
			if (icmp_twice && !icmp_missing)
				return not_modelled(o, "a second match", "icmp",
						    "one -m icmp per rule");
			r->has_icmp = true, r->inv_icmp = inv;
			icmp_pending = false;
			add_order(r, NF_M_ICMP);
		} else if (!strcmp(w, "--state") && m_state) {
			/* libxt_state: the states of -m conntrack but SNAT and DNAT */
			NEED();
			if (!parse_ctstate(val, &r->state) ||
			    (r->state & (NF_CT_SNAT | NF_CT_DNAT))) {
				strbuf_printf(&o->err, IPT_V "Bad state \"%s\"\n" TRY_HELP "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			r->inv_state = inv;
			add_order(r, NF_M_STATE);
		} else if (!strcmp(w, "--ctstate")) {
			NEED();
			if (!parse_ctstate(val, &r->ctstate)) {
				strbuf_printf(&o->err, IPT_V "Bad ctstate \"%s\"\n" TRY_HELP "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			r->inv_ctstate = inv;
			add_order(r, NF_M_CONNTRACK);
		} else if (!strcmp(w, "--mark") && a->target == NULL) {
			NEED();
			if (!parse_mark(val, &r->mark, &r->mark_mask))
				return usage_err(o, "Bad mark value \"%s\"", val);
			r->has_mark = true;
			r->inv_mark = inv;
			add_order(r, NF_M_MARK);
		} else if (!strcmp(w, "-j") || !strcmp(w, "--jump")) {
			size_t t;

			NEED();
			if (a->target)
				return usage_err(o, "%s", "multiple -j flags not allowed");
			a->target = val;
			a->have_rule_opts = true;
			for (t = 1; t < sizeof(targets) / sizeof(targets[0]); t++)
				if (!strcmp(val, targets[t]))
					break;
			if (t < sizeof(targets) / sizeof(targets[0])) {
				r->target = (enum nf_target)t;
				if (r->target == NF_TGT_MARK)
					r->set_mask = 0xffffffffu;
			} else if (in_list(unmodelled_targets, val)) {
				return not_modelled(o, "the target", val, NULL);
			} else {
				r->target = NF_TGT_JUMP;
				snprintf(r->jump, sizeof(r->jump), "%s", val);
			}
			if (table == NF_TABLE_NAT &&
			    (r->target == NF_TGT_DROP || r->target == NF_TGT_REJECT)) {
				strbuf_printf(&o->err,
					      IPT_V
					      "\nThe \"nat\" table is not intended for filtering, "
					      "the use of %s is therefore inhibited.\n\n\n" TRY_HELP
					      "\n",
					      val);
				o->rc = 2;
				return 2;
			}
		} else if (!strcmp(w, "--to-source") || !strcmp(w, "--to-destination") ||
			   (!strcmp(w, "--to") &&
			    (r->target == NF_TGT_SNAT || r->target == NF_TGT_DNAT))) {
			NEED();
			if (!parse_nat_to(val, r))
				return usage_err(o, "Bad IP address \"%s\"", val);
		} else if (!strcmp(w, "--to-ports") || !strcmp(w, "--to-port")) {
			char buf[32];
			char *dash;

			NEED();
			snprintf(buf, sizeof(buf), "%s", val);
			dash = strchr(buf, '-');
			if (dash)
				*dash = ':';
			if (!parse_ports(buf, r->to_port))
				return usage_err(o, "Port \"%s\" not valid", val);
		} else if (!strcmp(w, "--set-mark") || !strcmp(w, "--set-xmark")) {
			uint32_t v, m;

			NEED();
			if (!parse_mark(val, &v, &m))
				return usage_err(o, "Bad MARK value \"%s\"", val);
			r->set_mark = v;
			r->set_mask =
				!strcmp(w, "--set-mark") ? (m == 0xffffffffu ? m : (m | v)) : m;
		} else if ((!strcmp(w, "--ttl-set") || !strcmp(w, "--ttl-dec") ||
			    !strcmp(w, "--ttl-inc")) &&
			   r->target == NF_TGT_TTL) {
			/* libxt_TTL: one action, its value 0-255 (set) or 1-255 */
			uint8_t mode = w[6] == 's'   ? NF_TTL_SET
				       : w[6] == 'd' ? NF_TTL_DEC
						     : NF_TTL_INC;
			char *end;
			long n;

			NEED();
			if (r->ttl_mode) {
				static const char *const names[] = { "", "--ttl-set", "--ttl-dec",
								     "--ttl-inc" };

				strbuf_printf(&o->err,
					      IPT_V "TTL: option \"%s\" cannot be used together "
						    "with \"%s\".\n\n" TRY_HELP "\n",
					      names[r->ttl_mode], w);
				o->rc = 2;
				return 2;
			}
			n = strtol(val, &end, 0);
			if (!val[0] || *end || n < (mode == NF_TTL_SET ? 0 : 1) || n > 255) {
				strbuf_printf(&o->err,
					      IPT_V "TTL: bad value for option \"%s\", or out of "
						    "range (%d-255).\n\n" TRY_HELP "\n",
					      w, mode == NF_TTL_SET ? 0 : 1);
				o->rc = 2;
				return 2;
			}
			r->ttl_mode = mode;
			r->ttl_val = (uint8_t)n;
		} else if (!strcmp(w, "--log-prefix")) {
			NEED();
			snprintf(r->log_prefix, sizeof(r->log_prefix), "%s", val);
			r->has_log_prefix = true;
		} else if (!strcmp(w, "--reject-with")) {
			int k;

			NEED();
			for (k = 0; nf_reject_names[k]; k++)
				if (!strcmp(nf_reject_names[k], val))
					break;
			if (!nf_reject_names[k]) {
				strbuf_printf(&o->err,
					      IPT_V "unknown reject type \"%s\"\n" TRY_HELP "\n",
					      val);
				o->rc = 2;
				return 2;
			}
			r->reject_with = k;
		} else if (!strcmp(w, "--notrack") && r->target == NF_TGT_CT) {
			r->ct_notrack = true;
		} else if (in_list(unmodelled_options, w)) {
			return not_modelled(o, "the option", w, NULL);
		} else {
			return usage_err(o, "unknown option \"%s\"", w);
		}
		inv = false;
	}
	(void)tb;
	if (a->r.target == NF_TGT_TTL && !a->r.ttl_mode) {
		strbuf_puts(&o->err, IPT_V "TTL: You must specify an action\n" TRY_HELP "\n");
		o->rc = 2;
		return 2;
	}
	if (icmp_pending || icmp_missing) {
		strbuf_puts(&o->err, IPT_V
			    "icmp: option \"--icmp-type\" must be specified\n\n" TRY_HELP "\n");
		o->rc = 2;
		return 2;
	}
	if (m_state && !r_has(&a->r, NF_M_STATE)) {
		strbuf_puts(&o->err,
			    IPT_V "state: option \"--state\" must be specified\n\n" TRY_HELP "\n");
		o->rc = 2;
		return 2;
	}
	if (a->cmd == C_NONE) {
		strbuf_puts(&o->err, IPT_V "no command specified\n" TRY_HELP "\n");
		o->rc = 2;
		return 2;
	}
	return 0;
#undef CMD
#undef NEED
}

/* ---- listing ---- */

static int chain_cmp(const void *a, const void *b)
{
	const struct nf_chain *x = *(const struct nf_chain *const *)a,
			      *y = *(const struct nf_chain *const *)b;

	if (x->builtin != y->builtin)
		return x->builtin ? -1 : 1;
	if (x->builtin)
		return 0;
	return strcmp(x->name, y->name);
}

/* built-ins in hook order, then user chains by name (iptables-nft's listing order) */
static size_t chains_sorted(struct nf_tbl *tb, struct nf_chain ***out)
{
	struct nf_chain **v = xcalloc(tb->n + 1, sizeof(*v));
	size_t nb = 0;

	for (size_t i = 0; i < tb->n; i++)
		v[i] = &tb->chains[i];
	for (size_t i = 0; i < tb->n; i++)
		if (tb->chains[i].builtin)
			nb++;
	qsort(v + nb, tb->n - nb, sizeof(*v), chain_cmp);
	*out = v;
	return tb->n;
}

static int refs_to(struct nf_tbl *tb, const char *name)
{
	int n = 0;

	for (size_t i = 0; i < tb->n; i++)
		for (size_t j = 0; j < tb->chains[i].n; j++)
			if (tb->chains[i].r[j].target == NF_TGT_JUMP &&
			    !strcmp(tb->chains[i].r[j].jump, name))
				n++;
	return n;
}

/* xtables_print_num(): -x prints every digit (8 wide in the table), else K/M/G/T past
 * 99999 */
static void print_num(struct strbuf *sb, uint64_t n, bool notable, bool exact)
{
	const char *suf = "KMGT";

	if (exact) {
		strbuf_printf(sb, notable ? "%llu " : "%8llu ", (unsigned long long)n);
		return;
	}
	if (n <= 99999) {
		strbuf_printf(sb, notable ? "%llu " : "%5llu ", (unsigned long long)n);
		return;
	}
	for (int i = 0; i < 4; i++) {
		n = (n + 500) / 1000;
		if (n <= 9999 || i == 3) {
			strbuf_printf(sb, notable ? "%llu%c " : "%4llu%c ", (unsigned long long)n,
				      suf[i]);
			return;
		}
	}
}

/* A rule as -S prints it; with -v its counters as `-c PKTS BYTES` before the target
 * (nft_rule_print_save: the matches, the counters, then -j) */
static void rule_spec_counters(const struct nf_rule *r, bool verbose, struct strbuf *out)
{
	struct strbuf sb;
	const char *j;
	char c[64];

	if (!verbose) {
		nf_rule_spec(r, out);
		return;
	}
	strbuf_init(&sb);
	nf_rule_spec(r, &sb);
	snprintf(c, sizeof(c), "-c %llu %llu", (unsigned long long)r->pkts,
		 (unsigned long long)r->bytes);
	j = sb.buf ? (strncmp(sb.buf, "-j ", 3) == 0 ? sb.buf : strstr(sb.buf, " -j ")) : NULL;
	if (!j)
		strbuf_printf(out, "%s%s%s", sb.len ? sb.buf : "", sb.len ? " " : "", c);
	else if (j == sb.buf)
		strbuf_printf(out, "%s %s", c, sb.buf);
	else
		strbuf_printf(out, "%.*s %s%s", (int)(j - sb.buf), sb.buf, c, j);
	strbuf_release(&sb);
}

/* libxt_tcp/udp print_port(): the service name from the services database (as
 * getservbyport finds it on this machine, like the real iptables) unless -n */
static void port_out(struct strbuf *sb, uint16_t port, uint8_t proto, bool numeric)
{
	const struct servent *se =
		numeric ? NULL : getservbyport(htons(port), proto == 6 ? "tcp" : "udp");

	if (se)
		strbuf_puts(sb, se->s_name);
	else
		strbuf_printf(sb, "%u", port);
}

static void rule_extra(const struct nf_rule *r, bool numeric, struct strbuf *sb)
{
	for (int i = 0; i < r->norder; i++) {
		switch (r->order[i]) {
		case NF_M_PROTO_PORTS:
			strbuf_printf(sb, " %s", r->proto == 6 ? "tcp" : "udp");
			for (int d = 0; d < 2; d++) {
				bool has = d ? r->has_dport : r->has_sport;
				bool iv = d ? r->inv_dport : r->inv_sport;
				const uint16_t *pr = d ? r->dport : r->sport;

				if (!has)
					continue;
				if (pr[0] == pr[1]) {
					strbuf_printf(sb, " %s:%s", d ? "dpt" : "spt",
						      iv ? "!" : "");
					port_out(sb, pr[0], r->proto, numeric);
				} else {
					strbuf_printf(sb, " %s:%s", d ? "dpts" : "spts",
						      iv ? "!" : "");
					port_out(sb, pr[0], r->proto, numeric);
					strbuf_puts(sb, ":");
					port_out(sb, pr[1], r->proto, numeric);
				}
			}
			break;
		case NF_M_CONNTRACK: {
			struct strbuf t;
			const char *p;

			strbuf_init(&t);
			nf_rule_spec(&(struct nf_rule){ .ctstate = r->ctstate,
							.norder = 1,
							.order = { NF_M_CONNTRACK } },
				     &t);
			p = strstr(t.buf, "--ctstate ");
			strbuf_printf(sb, " %sctstate %s", r->inv_ctstate ? "! " : "",
				      p ? p + 10 : "");
			strbuf_release(&t);
			break;
		}
		case NF_M_STATE: {
			struct strbuf t;
			const char *p;

			strbuf_init(&t);
			nf_rule_spec(&(struct nf_rule){ .state = r->state,
							.norder = 1,
							.order = { NF_M_STATE } },
				     &t);
			p = strstr(t.buf, "--state ");
			strbuf_printf(sb, " %sstate %s", r->inv_state ? "! " : "", p ? p + 8 : "");
			strbuf_release(&t);
			break;
		}
		case NF_M_ICMP: {
			/* libxt_icmp's print: the name whose type and codes are exactly these
			 * unless -n, else "type T" and the code or codes */
			const struct icmp_name *m = NULL;

			for (size_t k = 0;
			     !numeric && k < sizeof(icmp_names) / sizeof(icmp_names[0]); k++)
				if (icmp_names[k].type == r->icmp_type &&
				    icmp_names[k].code_min == r->icmp_code[0] &&
				    icmp_names[k].code_max == r->icmp_code[1]) {
					m = &icmp_names[k];
					break;
				}
			if (m) {
				strbuf_printf(sb, " icmp %s%s", r->inv_icmp ? "!" : "", m->name);
				break;
			}
			strbuf_printf(sb, " icmp%stype %u", r->inv_icmp ? " !" : "", r->icmp_type);
			if (r->icmp_code[0] == r->icmp_code[1])
				strbuf_printf(sb, " code %u", r->icmp_code[0]);
			else if (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xff)
				strbuf_printf(sb, " codes %u-%u", r->icmp_code[0], r->icmp_code[1]);
			break;
		}
		case NF_M_MARK:
			strbuf_printf(sb, " mark match %s0x%x", r->inv_mark ? "! " : "", r->mark);
			if (r->mark_mask != 0xffffffffu)
				strbuf_printf(sb, "/0x%x", r->mark_mask);
			break;
		}
	}
	switch (r->target) {
	case NF_TGT_REJECT:
		strbuf_printf(sb, " reject-with %s", nf_reject_names[r->reject_with]);
		break;
	case NF_TGT_LOG:
		strbuf_puts(sb, numeric ? " LOG flags 0 level 4" : " LOG level warn");
		if (r->has_log_prefix)
			strbuf_printf(sb, " prefix \"%s\"", r->log_prefix);
		break;
	case NF_TGT_SNAT:
	case NF_TGT_DNAT:
		strbuf_printf(sb, " to:%s", ip_str(r->to_addr));
		if (r->to_port[0]) {
			strbuf_printf(sb, ":%u", r->to_port[0]);
			if (r->to_port[1] != r->to_port[0])
				strbuf_printf(sb, "-%u", r->to_port[1]);
		}
		break;
	case NF_TGT_MASQUERADE:
		if (r->to_port[0]) {
			strbuf_printf(sb, " masq ports: %u", r->to_port[0]);
			if (r->to_port[1] != r->to_port[0])
				strbuf_printf(sb, "-%u", r->to_port[1]);
		}
		break;
	case NF_TGT_REDIRECT:
		if (r->to_port[0]) {
			strbuf_printf(sb, " redir ports %u", r->to_port[0]);
			if (r->to_port[1] != r->to_port[0])
				strbuf_printf(sb, "-%u", r->to_port[1]);
		}
		break;
	case NF_TGT_TTL:
		strbuf_printf(sb, " TTL %s %u",
			      r->ttl_mode == NF_TTL_SET	  ? "set to"
			      : r->ttl_mode == NF_TTL_DEC ? "decrement by"
							  : "increment by",
			      r->ttl_val);
		break;
	case NF_TGT_NOTRACK:
		strbuf_puts(sb, " NOTRACK");
		break;
	case NF_TGT_CT:
		strbuf_puts(sb, r->ct_notrack ? " CT notrack" : " CT");
		break;
	case NF_TGT_MARK:
		if (r->set_mask == 0xffffffffu)
			strbuf_printf(sb, " MARK set 0x%x", r->set_mark);
		else
			strbuf_printf(sb, " MARK xset 0x%x/0x%x", r->set_mark, r->set_mask);
		break;
	default:
		break;
	}
}

static void list_addr(struct strbuf *sb, bool inv, uint32_t a, uint32_t m, bool numeric)
{
	char buf[48];

	strbuf_puts(sb, inv ? "!" : " ");
	if (m == 0 && !numeric) {
		snprintf(buf, sizeof(buf), "anywhere");
	} else if (m == 0xffffffffu) {
		snprintf(buf, sizeof(buf), "%s", ip_str(a));
	} else {
		int plen = 0;

		for (uint32_t x = m; x & 0x80000000u; x <<= 1)
			plen++;
		snprintf(buf, sizeof(buf), "%s/%d", ip_str(a), plen);
	}
	strbuf_printf(sb, "%-19s ", buf);
}

static void list_chain(struct nf_tbl *tb, const struct nf_chain *c, const struct ipt_args *a,
		       struct strbuf *sb)
{
	static const char *const pol[] = { "", "ACCEPT", "DROP" };

	strbuf_printf(sb, "Chain %s (", c->name);
	if (c->builtin) {
		strbuf_printf(sb, "policy %s", pol[c->policy]);
		if (a->verbose) {
			strbuf_puts(sb, " ");
			print_num(sb, c->pkts, true, a->exact);
			strbuf_puts(sb, "packets, ");
			print_num(sb, c->bytes, true, a->exact);
			strbuf_puts(sb, "bytes");
		}
	} else {
		strbuf_printf(sb, "%d references", refs_to(tb, c->name));
	}
	strbuf_puts(sb, ")\n");
	if (a->linenum)
		strbuf_printf(sb, "%-4s ", "num");
	if (a->verbose)
		strbuf_printf(sb, a->exact ? "%8s %10s " : "%5s %5s ", "pkts", "bytes");
	strbuf_printf(sb, "%-9s ", "target");
	strbuf_puts(sb, " prot opt");
	if (a->verbose)
		strbuf_printf(sb, " %-6s %-6s ", "in", "out");
	strbuf_printf(sb, " %-20s %-19s \n", "source", "destination");
	for (size_t i = 0; i < c->n; i++) {
		const struct nf_rule *r = &c->r[i];
		/* NOTRACK is xt_CT under another name: -L shows the real target */
		const char *tn = r->target == NF_TGT_JUMP      ? r->jump
				 : r->target == NF_TGT_NOTRACK ? "CT"
							       : targets[r->target];

		if (a->linenum)
			strbuf_printf(sb, "%-4zu ", i + 1);
		if (a->verbose) {
			print_num(sb, r->pkts, false, a->exact);
			print_num(sb, r->bytes, false, a->exact);
		}
		strbuf_printf(sb, "%-9s ", tn);
		strbuf_puts(sb, r->inv_proto ? "!" : " ");
		if (a->numeric) {
			strbuf_printf(sb, "%-5u", r->proto);
		} else {
			const char *pn = r->proto == 0	   ? "all"
					 : r->proto == 6   ? "tcp"
					 : r->proto == 17  ? "udp"
					 : r->proto == 1   ? "icmp"
					 : r->proto == 132 ? "sctp"
							   : NULL;

			if (pn)
				strbuf_printf(sb, "%-5s", pn);
			else
				strbuf_printf(sb, "%-5u", r->proto);
		}
		strbuf_puts(sb, "-- ");
		if (a->verbose) {
			char in[IFNAMSIZ + 2], out[IFNAMSIZ + 2];

			snprintf(in, sizeof(in), "%s%s", r->inv_iif ? "!" : "",
				 r->iif[0] ? r->iif : (a->numeric ? "*" : "any"));
			snprintf(out, sizeof(out), "%s%s", r->inv_oif ? "!" : "",
				 r->oif[0] ? r->oif : (a->numeric ? "*" : "any"));
			strbuf_printf(sb, " %-6s %-6s ", in, out);
		}
		list_addr(sb, r->inv_src, r->has_src ? r->src : 0, r->has_src ? r->smask : 0,
			  a->numeric);
		list_addr(sb, r->inv_dst, r->has_dst ? r->dst : 0, r->has_dst ? r->dmask : 0,
			  a->numeric);
		rule_extra(r, a->numeric, sb);
		strbuf_puts(sb, "\n");
	}
}

static int no_chain(struct cmd_out *o)
{
	return cmd_err(o, 1, "iptables: No chain/target/match by that name.");
}

static bool rule_eq(const struct nf_rule *x, const struct nf_rule *y)
{
	struct strbuf a, b;
	bool eq;

	strbuf_init(&a);
	strbuf_init(&b);
	nf_rule_spec(x, &a);
	nf_rule_spec(y, &b);
	eq = strcmp(a.len ? a.buf : "", b.len ? b.buf : "") == 0;
	strbuf_release(&a);
	strbuf_release(&b);
	return eq;
}

/* Rule checks the kernel makes on insertion (xt_check_target: table and hooks). */
static int rule_check(enum nf_table t, struct nf_chain *c, const struct nf_rule *r,
		      enum ipt_cmd cmd, struct cmd_out *o)
{
	const char *verb = cmd == C_INSERT    ? "RULE_INSERT"
			   : cmd == C_REPLACE ? "RULE_REPLACE"
					      : "RULE_APPEND";
	bool ok = true;

	if (c->builtin) {
		const char *n = c->name;

		if (r->oif[0] && (!strcmp(n, "INPUT") || !strcmp(n, "PREROUTING"))) {
			strbuf_printf(&o->err, IPT_V "Can't use -o with %s\n\n" TRY_HELP "\n", n);
			o->rc = 2;
			return 2;
		}
		if (r->iif[0] && (!strcmp(n, "OUTPUT") || !strcmp(n, "POSTROUTING"))) {
			strbuf_printf(&o->err, IPT_V "Can't use -i with %s\n\n" TRY_HELP "\n", n);
			o->rc = 2;
			return 2;
		}
		switch (r->target) {
		case NF_TGT_SNAT:
			ok = t == NF_TABLE_NAT &&
			     (!strcmp(n, "POSTROUTING") || !strcmp(n, "INPUT"));
			break;
		case NF_TGT_DNAT:
		case NF_TGT_REDIRECT:
			ok = t == NF_TABLE_NAT &&
			     (!strcmp(n, "PREROUTING") || !strcmp(n, "OUTPUT"));
			break;
		case NF_TGT_MASQUERADE:
			ok = t == NF_TABLE_NAT && !strcmp(n, "POSTROUTING");
			break;
		case NF_TGT_TTL:
			ok = t == NF_TABLE_MANGLE; /* xt_HL: .table = "mangle" */
			break;
		case NF_TGT_NOTRACK:
		case NF_TGT_CT:
			ok = t == NF_TABLE_RAW; /* xt_CT: .table = "raw" */
			break;
		case NF_TGT_REJECT:
			ok = t == NF_TABLE_FILTER; /* ipt_REJECT: .table = "filter" */
			break;
		default:
			break;
		}
	} else if (((r->target == NF_TGT_SNAT || r->target == NF_TGT_DNAT ||
		     r->target == NF_TGT_MASQUERADE || r->target == NF_TGT_REDIRECT) &&
		    t != NF_TABLE_NAT) ||
		   (r->target == NF_TGT_TTL && t != NF_TABLE_MANGLE) ||
		   ((r->target == NF_TGT_NOTRACK || r->target == NF_TGT_CT) && t != NF_TABLE_RAW) ||
		   (r->target == NF_TGT_REJECT && t != NF_TABLE_FILTER)) {
		ok = false;
	}
	/* xt_tcpudp icmp_checkentry: the icmp match only with -p icmp, not inverted */
	if (r->has_icmp && (r->proto != 1 || r->inv_proto))
		ok = false;
	if (!ok) {
		strbuf_printf(&o->err, IPT_V " %s failed (Invalid argument): rule in chain %s\n",
			      verb, c->name);
		o->rc = 4;
		return 4;
	}
	return 0;
}

static int iptables_run(struct host *h, enum nf_table table, int argc, char **argv,
			struct cmd_out *o);

/* The kernel refuses a rule that makes a loop, or more than NF_JUMP_MAX nested jumps,
 * reachable from a built-in chain (a loop among chains no base chain reaches is kept). */
static int too_many_links(enum ipt_cmd cmd, const struct nf_chain *c, struct cmd_out *o)
{
	const char *verb = cmd == C_INSERT    ? "RULE_INSERT"
			   : cmd == C_REPLACE ? "RULE_REPLACE"
					      : "RULE_APPEND";

	strbuf_printf(&o->err, IPT_V " %s failed (Too many links): rule in chain %s\n", verb,
		      c->name);
	o->rc = 4;
	return 4;
}

int iptables_main(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	enum nf_table table = NF_TABLE_FILTER;
	int rc, i;
	char **words = xcalloc((size_t)argc + 1, sizeof(*words));

	/* -t may come anywhere; take it out first (from a copy: argv belongs to the caller) */
	memcpy(words, argv + 1, (size_t)(argc - 1) * sizeof(*words));
	argc--;
	argv = words;
	rc = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--table") == 0) {
			const char *tn = i + 1 < argc ? argv[i + 1] : "";
			int t;

			for (t = 0; t < NF_TABLE__COUNT; t++)
				if (!strcmp(tn, nf_table_name((enum nf_table)t)))
					break;
			if (t == NF_TABLE__COUNT && !strcmp(tn, "security")) {
				free(words);
				return not_modelled(o, "the table", tn,
						    "filter, nat, mangle and raw are");
			}
			if (t == NF_TABLE__COUNT) {
				strbuf_printf(&o->err,
					      IPT_V "table '%s' does not exist\nPerhaps iptables "
						    "or your kernel needs to be upgraded.\n",
					      tn);
				o->rc = 3;
				free(words);
				return 3;
			}
			table = (enum nf_table)t;
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 2) * sizeof(*argv));
			argc -= 2;
			i--;
		}
	}
	rc = iptables_run(h, table, argc, argv, o);
	free(words);
	return rc;
}

static int iptables_run(struct host *h, enum nf_table table, int argc, char **argv,
			struct cmd_out *o)
{
	struct ipt_args a;
	struct nf_state *nf;
	struct nf_tbl *tb;
	struct nf_chain *c = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	nf = nf_get(h);
	tb = &nf->t[table];
	if ((rc = parse_args(tb, table, argc, argv, &a, o)) != 0)
		return rc;
	if (a.chain && a.cmd != C_NEW) {
		c = nf_chain_find(tb, a.chain);
	}
	if (a.r.target == NF_TGT_JUMP &&
	    (a.cmd == C_APPEND || a.cmd == C_INSERT || a.cmd == C_REPLACE || a.cmd == C_DELETE ||
	     a.cmd == C_CHECK)) {
		if (!nf_chain_find(tb, a.r.jump)) {
			strbuf_printf(&o->err, IPT_V "Chain '%s' does not exist\n" TRY_HELP "\n",
				      a.r.jump);
			o->rc = 2;
			return 2;
		}
	}
	switch (a.cmd) {
	case C_APPEND:
	case C_INSERT:
	case C_REPLACE: {
		size_t pos;

		if (!c)
			return no_chain(o);
		if ((rc = rule_check(table, c, &a.r, a.cmd, o)) != 0)
			return rc;
		if (a.cmd == C_REPLACE) {
			struct nf_rule old;

			if (a.num < 1 || (size_t)a.num > c->n)
				return cmd_err(o, 1, "iptables: Index of replacement too big.");
			old = c->r[a.num - 1];
			c->r[a.num - 1] = a.r;
			if (nf_tbl_jump_depth(tb) > NF_JUMP_MAX) {
				c->r[a.num - 1] = old;
				return too_many_links(a.cmd, c, o);
			}
			break;
		}
		pos = c->n;
		if (a.cmd == C_INSERT) {
			int n = a.num ? a.num : 1;

			if (n < 1 || (size_t)n > c->n + 1)
				return cmd_err(o, 1, "iptables: Index of insertion too big.");
			pos = (size_t)n - 1;
		}
		vec_reserve((void **)&c->r, &c->cap, c->n + 1, sizeof(*c->r));
		memmove(&c->r[pos + 1], &c->r[pos], (c->n - pos) * sizeof(*c->r));
		c->r[pos] = a.r;
		c->n++;
		if (a.r.target == NF_TGT_JUMP && nf_tbl_jump_depth(tb) > NF_JUMP_MAX) {
			c->n--;
			memmove(&c->r[pos], &c->r[pos + 1], (c->n - pos) * sizeof(*c->r));
			return too_many_links(a.cmd, c, o);
		}
		if (table == NF_TABLE_NAT || a.r.ctstate || a.r.state)
			nf->ct_used = true; /* nf_ct_netns_get() */
		break;
	}
	case C_DELETE: {
		size_t idx;

		if (!c)
			return no_chain(o);
		if (a.num) {
			if (c->n == 0)
				return no_chain(o);
			if ((size_t)a.num > c->n)
				return cmd_err(o, 1, "iptables: Index of deletion too big.");
			idx = (size_t)a.num - 1;
		} else {
			for (idx = 0; idx < c->n; idx++)
				if (rule_eq(&c->r[idx], &a.r))
					break;
			if (idx == c->n)
				return cmd_err(o, 1,
					       "iptables: Bad rule (does a matching rule exist in "
					       "that chain?).");
		}
		memmove(&c->r[idx], &c->r[idx + 1], (c->n - idx - 1) * sizeof(*c->r));
		c->n--;
		break;
	}
	case C_CHECK: /* the rule -D would delete exists: status 0, no output (iptables-nft
		       * says "Bad rule" for a chain that does not exist too) */
		for (size_t idx = 0; c && idx < c->n; idx++)
			if (rule_eq(&c->r[idx], &a.r))
				return 0;
		return cmd_err(o, 1,
			       "iptables: Bad rule (does a matching rule exist in that chain?).");
	case C_FLUSH:
	case C_ZERO:
		if (a.chain && !c)
			return no_chain(o);
		for (size_t k = 0; k < tb->n; k++) {
			struct nf_chain *x = &tb->chains[k];

			if (c && x != c)
				continue;
			if (a.cmd == C_FLUSH) {
				x->n = 0;
			} else {
				x->pkts = x->bytes = 0;
				for (size_t j = 0; j < x->n; j++)
					x->r[j].pkts = x->r[j].bytes = 0;
			}
		}
		break;
	case C_NEW: {
		struct nf_chain *nc;

		if (nf_chain_find(tb, a.chain))
			return cmd_err(o, 1, "iptables: Chain already exists.");
		vec_reserve((void **)&tb->chains, &tb->cap, tb->n + 1, sizeof(*tb->chains));
		nc = &tb->chains[tb->n++];
		memset(nc, 0, sizeof(*nc));
		snprintf(nc->name, sizeof(nc->name), "%s", a.chain);
		break;
	}
	case C_DELCHAIN:
		if (a.chain) {
			size_t idx;

			if (!c)
				return no_chain(o);
			if (c->builtin || refs_to(tb, c->name) > 0 || c->n > 0) {
				strbuf_printf(
					&o->err,
					IPT_V
					" CHAIN_DEL failed (Device or resource busy): chain %s\n",
					c->name);
				o->rc = 4;
				return 4;
			}
			idx = (size_t)(c - tb->chains);
			free(c->r);
			memmove(&tb->chains[idx], &tb->chains[idx + 1],
				(tb->n - idx - 1) * sizeof(*tb->chains));
			tb->n--;
		} else {
			/* every user chain that is not referenced (iptables-nft skips busy ones) */
			for (size_t k = 0; k < tb->n;) {
				struct nf_chain *x = &tb->chains[k];

				if (!x->builtin && refs_to(tb, x->name) == 0 && x->n == 0) {
					free(x->r);
					memmove(x, x + 1, (tb->n - k - 1) * sizeof(*tb->chains));
					tb->n--;
				} else {
					k++;
				}
			}
		}
		break;
	case C_POLICY:
		/* the nat table's DROP is refused while parsing, before any chain is looked at */
		if (table == NF_TABLE_NAT && !strcmp(a.policy, "DROP")) {
			strbuf_puts(&o->err, IPT_V
				    "\nThe \"nat\" table is not intended for filtering, the use of "
				    "DROP is therefore inhibited.\n\n\n" TRY_HELP "\n");
			o->rc = 2;
			return 2;
		}
		if (!c || !c->builtin)
			return cmd_err(o, 1, "iptables: Bad built-in chain name.");
		if (strcmp(a.policy, "ACCEPT") && strcmp(a.policy, "DROP"))
			return cmd_err(
				o, 1,
				"iptables: Bad policy name. Run `dmesg' for more information.");
		c->policy = strcmp(a.policy, "DROP") ? NF_TGT_ACCEPT : NF_TGT_DROP;
		break;
	case C_LIST_RULES: {
		struct nf_chain **v;
		size_t n;

		if (a.chain && !c)
			return no_chain(o);
		if (c && a.num) {
			if ((size_t)a.num > c->n)
				return no_chain(o);
			strbuf_printf(&o->out, "-A %s ", c->name);
			rule_spec_counters(&c->r[a.num - 1], a.verbose, &o->out);
			strbuf_puts(&o->out, "\n");
			break;
		}
		n = chains_sorted(tb, &v);
		for (size_t k = 0; k < n; k++) {
			if (c && v[k] != c)
				continue;
			if (v[k]->builtin && a.verbose)
				strbuf_printf(&o->out, "-P %s %s -c %llu %llu\n", v[k]->name,
					      v[k]->policy == NF_TGT_DROP ? "DROP" : "ACCEPT",
					      (unsigned long long)v[k]->pkts,
					      (unsigned long long)v[k]->bytes);
			else if (v[k]->builtin)
				strbuf_printf(&o->out, "-P %s %s\n", v[k]->name,
					      v[k]->policy == NF_TGT_DROP ? "DROP" : "ACCEPT");
			else
				strbuf_printf(&o->out, "-N %s\n", v[k]->name);
		}
		for (size_t k = 0; k < n; k++) {
			if (c && v[k] != c)
				continue;
			for (size_t j = 0; j < v[k]->n; j++) {
				struct strbuf sb;

				strbuf_init(&sb);
				rule_spec_counters(&v[k]->r[j], a.verbose, &sb);
				strbuf_printf(&o->out, "-A %s%s%s\n", v[k]->name, sb.len ? " " : "",
					      sb.len ? sb.buf : "");
				strbuf_release(&sb);
			}
		}
		free(v);
		break;
	}
	case C_LIST: {
		struct nf_chain **v;
		size_t n;
		bool first = true;

		if (a.chain && !c)
			return no_chain(o);
		n = chains_sorted(tb, &v);
		for (size_t k = 0; k < n; k++) {
			if (c && v[k] != c)
				continue;
			if (!first)
				strbuf_puts(&o->out, "\n");
			first = false;
			list_chain(tb, v[k], &a, &o->out);
		}
		free(v);
		break;
	}
	default:
		break;
	}
	return 0;
}
