/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt-match: the options of the matches iptables loads by name or by -p (tcp and udp
 * ports, --tcp-flags and --syn, multiport, addrtype, comment, recent, iprange, mac,
 * pkttype, owner, statistic, icmp, tcpmss), as the real tool's extensions read them (libxt_tcp,
 * libxt_multiport, libxt_addrtype, libxt_comment, libxt_recent, libxt_iprange, libxt_mac,
 * libxt_pkttype, libxt_owner, libxt_statistic, libxt_icmp, libxt_tcpmss).
 * ipt-parse.c reads the rest of the line and calls these from its option table.
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "ipt.h"
#include "ipt-pstate.h"

/* One port as xtables reads it: a number (0x16 is 22) up to 65535, or a service name
 * /etc/services has for protocol pn, or (pn NULL: xtables_getportbyname(), which the
 * tcp and udp matches use) for any protocol */
static bool parse_port(const char *s, const char *pn, uint16_t *out)
{
	const struct servent *se;
	char *end;
	unsigned long v;

	if (s[0] >= '0' && s[0] <= '9') {
		v = strtoul(s, &end, 0);
		if (!*end && v <= 65535) {
			*out = (uint16_t)v;
			return true;
		}
	}
	if (!*s || !(se = getservbyname(s, pn)))
		return false;
	*out = ntohs((uint16_t)se->s_port);
	return true;
}

/* --sport/--dport's PORT or FIRST:LAST (libxt_tcp parse_tcp_ports; an empty FIRST is 0,
 * an empty LAST 65535) into pr */
static int parse_l4_ports(struct pstate *ps, const char *s, uint16_t *pr)
{
	char buf[256], *colon;
	const char *bad = NULL;

	snprintf(buf, sizeof(buf), "%s", s);
	if (!(colon = strchr(buf, ':'))) {
		if (!parse_port(buf, NULL, &pr[0]))
			bad = buf;
		pr[1] = pr[0];
	} else {
		*colon = '\0';
		pr[0] = 0, pr[1] = 65535;
		if (buf[0] && !parse_port(buf, NULL, &pr[0]))
			bad = buf;
		else if (colon[1] && !parse_port(colon + 1, NULL, &pr[1]))
			bad = colon + 1;
		else if (pr[0] > pr[1])
			return ipt_usage_err(ps->o, "%s", "invalid portrange (min > max)");
	}
	if (bad)
		return ipt_usage_err(ps->o, "invalid port/service `%s' specified", bad);
	return 0;
}

/* --src-type (src 1), --dst-type of -m addrtype: types by name, any case, joined by
 * commas (libxt_addrtype parse_types) */
int ipt_opt_addrtype(struct pstate *ps, const char *w, int src)
{
	struct nf_rule *r = ps->r;
	char buf[256], *t, *save = NULL;
	const char *val;
	uint16_t mask = 0;

	if (!ps->m_at)
		return NOT_MINE;
	if (src ? r->at_src : r->at_dst)
		return ipt_usage_err(ps->o, "addrtype: option \"%s\" can only be used once.\n",
				     src ? "--src-type" : "--dst-type");
	if (!(val = take(ps)))
		return need_arg(ps, w);
	snprintf(buf, sizeof(buf), "%s", val);
	for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; k < 12 && strcasecmp(t, nf_addrtype_names[k]); k++)
			;
		if (k == 12)
			return ipt_usage_err(ps->o, "addrtype: bad type \"%s\"", t);
		mask |= (uint16_t)(1u << k);
	}
	if (!mask)
		return ipt_usage_err(ps->o, "addrtype: bad type \"%s\"", val);
	if (src)
		r->at_src = mask, r->inv_at_src = ps->inv;
	else
		r->at_dst = mask, r->inv_at_dst = ps->inv;
	return 0;
}

/* --sports, --dports, --ports of -m multiport (dir: enum nf_mp_dir): a list of ports
 * and FIRST:LAST ranges, 15 slots at most, a range taking two (libxt_multiport) */
int ipt_opt_multiport(struct pstate *ps, const char *w, int dir)
{
	static const char *const names[] = { "", "--source-ports", "--destination-ports",
					     "--ports" };
	struct nf_rule *r = ps->r;
	const char *val, *pn;
	char buf[512], *piece, *save = NULL;
	int slots = 0;

	if (!ps->m_mp)
		return NOT_MINE;
	if (r->proto == 0)
		return ipt_usage_err(
			ps->o, "%s",
			"multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or "
			"`-p dccp'");
	if ((r->proto != 6 && r->proto != 17 && r->proto != 136 && r->proto != 132 &&
	     r->proto != 33) ||
	    r->inv_proto)
		return ipt_usage_err(ps->o, "%s",
				     "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
	if ((int)r->mp_dir == dir) /* xtables_option_parse(), before the exclusions */
		return ipt_usage_err(ps->o, "multiport: option \"%s\" can only be used once.\n",
				     names[dir]);
	if (r->mp_dir) {
		int had = (int)r->mp_dir, a = had < dir ? had : dir, b = had < dir ? dir : had;

		return ipt_usage_err(
			ps->o, "multiport: option \"%s\" cannot be used together with \"%s\".\n",
			names[a], names[b]);
	}
	if (!(val = take(ps)))
		return need_arg(ps, w);
	pn = nf_proto_name(r->proto);
	snprintf(buf, sizeof(buf), "%s", val);
	r->mp_n = 0;
	for (piece = buf; piece; piece = save) { /* an empty item is an error too */
		char *colon, *comma = strchr(piece, ',');

		save = comma ? comma + 1 : NULL;
		if (comma)
			*comma = '\0';
		colon = strchr(piece, ':');
		uint16_t lo, hi;

		if (colon)
			*colon = '\0';
		if (slots + (colon ? 2 : 1) > NF_MULTIPORT_MAX)
			return ipt_usage_err(ps->o, "%s", "too many ports specified");
		if (!parse_port(piece, pn, &lo))
			return ipt_usage_err(ps->o, "invalid port/service `%s' specified", piece);
		hi = lo;
		if (colon && !parse_port(colon + 1, pn, &hi))
			return ipt_usage_err(ps->o, "invalid port/service `%s' specified",
					     colon + 1);
		if (colon && lo >= hi)
			return ipt_usage_err(ps->o, "%s", "invalid portrange specified");
		slots += colon ? 2 : 1;
		r->mp_lo[r->mp_n] = lo;
		r->mp_hi[r->mp_n++] = hi;
	}
	r->mp_dir = (enum nf_mp_dir)dir;
	r->inv_mp = ps->inv;
	return 0;
}

/* --sport, --dport (arg 1 for the source port), of -p tcp or udp */
int ipt_opt_ports(struct pstate *ps, const char *w, int src)
{
	struct nf_rule *r = ps->r;
	const char *val;
	int rc;

	if (ps->m_l4) {
		ps->l4_opts = true;
	} else if (r->proto != 6 && r->proto != 17) {
		/* -p sctp and -p dccp load matches with ports of their own */
		if (r->proto == 132 || r->proto == 33)
			return ipt_not_modelled(ps->o, "the match",
						r->proto == 132 ? "sctp" : "dccp", NULL);
		return NOT_MINE;
	}
	if (src ? r->has_sport : r->has_dport) {
		/* libxt_tcp checks it itself, libxt_udp through the option table */
		const char *name = src ? "--source-port" : "--destination-port";

		if ((ps->m_l4 ? ps->m_l4 : r->proto) == 6)
			return ipt_usage_err(ps->o, "Only one `%s' allowed", name);
		return ipt_usage_err(ps->o, "udp: option \"%s\" can only be used once.\n", name);
	}
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if ((rc = parse_l4_ports(ps, val, src ? r->sport : r->dport)))
		return rc;
	if (src)
		r->has_sport = true, r->inv_sport = ps->inv;
	else
		r->has_dport = true, r->inv_dport = ps->inv;
	ipt_add_order(r, NF_M_PROTO_PORTS);
	return 0;
}

/* A comma-separated list of TCP flag names (any case; empty items skipped) */
static int parse_tcp_flags(struct pstate *ps, const char *list, uint8_t *out)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	*out = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t k;

		for (k = 0; k < sizeof(nf_tcp_flags) / sizeof(nf_tcp_flags[0]); k++)
			if (!strcasecmp(t, nf_tcp_flags[k].name))
				break;
		if (k == sizeof(nf_tcp_flags) / sizeof(nf_tcp_flags[0]))
			return ipt_usage_err(ps->o, "Unknown TCP flag `%s'", t);
		*out |= nf_tcp_flags[k].bit;
	}
	return 0;
}

/* --tcp-flags MASK COMP (syn 0), --syn (syn 1), of -p tcp */
int ipt_opt_tcp_flags(struct pstate *ps, const char *w, int syn)
{
	struct nf_rule *r = ps->r;
	const char *mask, *cmp;
	int rc;

	if (r->proto != 6 && ps->m_l4 != 6)
		return NOT_MINE;
	if (ps->m_l4)
		ps->l4_opts = true;
	if (r->has_tcpflags)
		return ipt_usage_err(ps->o, "%s", "Only one of `--syn' or `--tcp-flags'  allowed");
	if (syn) {
		r->tcpflags_mask = TCPF_FIN | TCPF_SYN | TCPF_RST | TCPF_ACK;
		r->tcpflags_cmp = TCPF_SYN;
	} else {
		if (!(mask = take(ps)))
			return need_arg(ps, w);
		/* the second word is not an option's: it may not start with - or ! */
		cmp = ps->i + 1 < ps->argc ? ps->argv[ps->i + 1] : NULL;
		if (!cmp || cmp[0] == '-' || cmp[0] == '!')
			return ipt_usage_err(ps->o, "%s", "--tcp-flags requires two args.");
		ps->i++;
		if ((rc = parse_tcp_flags(ps, mask, &r->tcpflags_mask)) ||
		    (rc = parse_tcp_flags(ps, cmp, &r->tcpflags_cmp)))
			return rc;
	}
	r->has_tcpflags = true;
	r->inv_tcpflags = ps->inv;
	ipt_add_order(r, NF_M_PROTO_PORTS);
	return 0;
}

/* --comment TEXT of the last -m comment: once, not inverted, cut to 255 bytes as
 * libxt_comment's fixed buffer cuts it */
int ipt_opt_comment(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	char text[NF_COMMENT_LEN + 1];
	const char *val;

	(void)arg;
	if (!r->ncomment)
		return NOT_MINE;
	if (!ps->comment_pending)
		return ipt_usage_err(ps->o, "%s",
				     "comment: option \"--comment\" can only be used once.\n");
	if (ps->inv)
		return ipt_usage_err(ps->o, "%s",
				     "comment: option \"--comment\" cannot be inverted.\n");
	if (!(val = take(ps)))
		return need_arg(ps, w);
	snprintf(text, sizeof(text), "%s", val);
	r->comment[r->ncomment - 1] = nf_intern(text);
	ps->comment_pending = false;
	return 0;
}

/* -m recent's options in libxt_recent's table order (its checks name them in this
 * order): the four commands, then the rest */
enum {
	R_SET,
	R_RCHECK,
	R_UPDATE,
	R_REMOVE,
	R_SECONDS,
	R_REAP,
	R_HITCOUNT,
	R_RTTL,
	R_NAME,
	R_RSOURCE,
	R_RDEST,
	R_MASK
};
static const char *const recent_opts[] = { "--set",	"--rcheck",  "--update",   "--remove",
					   "--seconds", "--reap",    "--hitcount", "--rttl",
					   "--name",	"--rsource", "--rdest",	   "--mask" };
#define RECENT_CMDS 0xfu

int ipt_opt_recent(struct pstate *ps, const char *w, int k)
{
	struct nf_rule *r = ps->r;
	const char *val = NULL;
	unsigned long long v;
	char *end;

	if (!ps->m_recent)
		return NOT_MINE;
	if (ps->inv && k > R_REMOVE)
		return ipt_usage_err(ps->o, "recent: option \"%s\" cannot be inverted.\n", w);
	if (ps->recent_opts & (1u << k))
		return ipt_usage_err(ps->o, "recent: option \"%s\" can only be used once.\n", w);
	ps->recent_opts |= 1u << k;
	if ((k == R_SECONDS || k == R_HITCOUNT || k == R_NAME || k == R_MASK) && !(val = take(ps)))
		return need_arg(ps, w);
	switch (k) {
	case R_SET:
	case R_RCHECK:
	case R_UPDATE:
	case R_REMOVE:
		r->recent_what |= (uint8_t)(k == R_SET	    ? NF_RECENT_SET
					    : k == R_RCHECK ? NF_RECENT_CHECK
					    : k == R_UPDATE ? NF_RECENT_UPDATE
							    : NF_RECENT_REMOVE);
		r->inv_recent = ps->inv;
		break;
	case R_SECONDS:
	case R_HITCOUNT:
		v = strtoull(val, &end, 0);
		if (!val[0] || *end || val[0] == '-' || v > 0xffffffffull ||
		    (k == R_SECONDS && v == 0))
			return ipt_usage_err(ps->o,
					     "recent: bad value for option \"%s\", or out of range "
					     "(%d-4294967295).\n",
					     w, k == R_SECONDS ? 1 : 0);
		if (k == R_SECONDS)
			r->recent_seconds = (uint32_t)v;
		else
			r->recent_hits = (uint32_t)v;
		break;
	case R_REAP:
		r->recent_what |= NF_RECENT_REAP;
		break;
	case R_RTTL:
		r->recent_what |= NF_RECENT_TTL;
		break;
	case R_NAME:
		if (strlen(val) >= 200)
			return ipt_not_modelled(ps->o, "a -m recent name of 200 bytes or more", val,
						NULL);
		r->recent_name = nf_intern(val);
		break;
	case R_RSOURCE:
	case R_RDEST:
		r->recent_dst = k == R_RDEST;
		break;
	case R_MASK: {
		struct in_addr a;

		if (!inet_aton(val, &a))
			return ipt_usage_err(ps->o, "%s",
					     "getaddrinfo: Name or service not known\n");
		r->recent_mask = ntohl(a.s_addr);
		r->recent_mask_set = true;
		break;
	}
	}
	return 0;
}

/* libxt_recent's checks once the line is read, in its order: no two commands (named
 * in table order), --rttl not with --set or --remove, a command, --reap only with
 * --seconds */
int ipt_recent_final(const struct pstate *ps)
{
	unsigned o = ps->recent_opts, cmds = o & RECENT_CMDS;

	if (!ps->m_recent)
		return 0;
	if (cmds & (cmds - 1)) {
		int a = __builtin_ctz(cmds), b = __builtin_ctz(cmds & ~(1u << a));

		return ipt_usage_err(ps->o,
				     "recent: option \"%s\" cannot be used together with \"%s\".\n",
				     recent_opts[a], recent_opts[b]);
	}
	if ((o & (1u << R_RTTL)) && (o & ((1u << R_SET) | (1u << R_REMOVE))))
		return ipt_usage_err(
			ps->o, "recent: option \"--rttl\" cannot be used together with \"%s\".\n",
			recent_opts[__builtin_ctz(o & ((1u << R_SET) | (1u << R_REMOVE)))]);
	if (!cmds)
		return ipt_usage_err(
			ps->o, "%s",
			"recent: you must specify one of `--set', `--rcheck' `--update' "
			"or `--remove'");
	if ((o & (1u << R_REAP)) && !(o & (1u << R_SECONDS)))
		return ipt_usage_err(ps->o, "%s",
				     "recent: option \"--reap\" also requires \"--seconds\".\n");

	if (ps->r->recent_hits > NF_RECENT_STAMPS)
		return ipt_not_modelled(ps->o, "a --hitcount above", "32",
					"the kernel keeps up to 256 times an address");
	return 0;
}

/* xtables_numeric_to_ipaddr(): up to four parts of 0-255 (each read by strtoul, base
 * 0), a short address padded with zero bytes ("10.1" is 10.1.0.0) */
static bool numeric_addr(const char *s, uint32_t *out)
{
	uint32_t a = 0;
	int i;

	for (i = 0; i < 4; i++) {
		const char *dot = strchr(s, '.');
		char part[24], *end;
		size_t n = dot && i < 3 ? (size_t)(dot - s) : strlen(s);
		unsigned long v;

		if (n == 0 || n >= sizeof(part))
			return false;
		memcpy(part, s, n);
		part[n] = '\0';
		v = strtoul(part, &end, 0);
		if (*end || v > 255 || part[0] == '-')
			return false;
		a |= (uint32_t)v << (24 - 8 * i);
		if (!dot || i == 3)
			break;
		s = dot + 1;
	}
	*out = a;
	return true;
}

/* --src-range / --dst-range (dst 1) ADDR[-ADDR] of -m iprange */
int ipt_opt_iprange(struct pstate *ps, const char *w, int dst)
{
	struct nf_rule *r = ps->r;
	uint8_t bit = dst ? NF_IPR_DST : NF_IPR_SRC;
	uint32_t *rg = dst ? r->ipr_dst : r->ipr_src;
	const char *val;
	char *arg, *dash;

	if (!ps->m_iprange)
		return NOT_MINE;
	if (r->ipr & bit)
		return ipt_usage_err(ps->o, "iprange: option \"%s\" can only be used once.\n", w);
	if (!(val = take(ps)))
		return need_arg(ps, w);
	arg = xstrdup(val);
	dash = strchr(arg, '-');
	if (dash)
		*dash = '\0';
	for (int k = 0; k < 2; k++) {
		const char *spec = k && dash ? dash + 1 : arg;

		if (!numeric_addr(spec, &rg[k])) {
			ipt_usage_err(ps->o, "iprange: Bad value for \"%s\" option: \"%s\"", w,
				      spec);
			free(arg);
			return IPT_EXIT_PARAM;
		}
	}
	if (rg[0] > rg[1]) /* a warning: the rule is added all the same */
		strbuf_printf(&ps->o->err,
			      "xt_iprange: range %s-%s is reversed and will never match\n", arg,
			      dash + 1);
	free(arg);
	r->ipr |= bit | (ps->inv ? (dst ? NF_IPR_DST_INV : NF_IPR_SRC_INV) : 0);
	return 0;
}

/* --mac-source of -m mac: six parts of at most two characters, each read by strtoul in
 * base 16 (libxtables' XTTYPE_ETHERMAC) */
int ipt_opt_mac(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	const char *val, *s;
	char *end;

	(void)arg;
	if (!ps->m_mac)
		return NOT_MINE;
	if (r->has_mac)
		return ipt_usage_err(ps->o, "mac: option \"%s\" can only be used once.\n", w);
	if (!(val = take(ps)))
		return need_arg(ps, w);
	s = val;
	for (int i = 0; i < 6; i++) {
		unsigned long v = strtoul(s, &end, 16);

		if (*end != (i < 5 ? ':' : '\0') || end - s > 2)
			return ipt_usage_err(ps->o, "%s", "Invalid MAC address specified.");
		r->mac[i] = (uint8_t)v;
		s = end + 1;
	}
	r->has_mac = true;
	r->inv_mac = ps->inv;
	return 0;
}

/* --pkt-type of -m pkttype: a name iptables-nft knows, in any case */
int ipt_opt_pkttype(struct pstate *ps, const char *w, int arg)
{
	static const struct {
		const char *name;
		uint8_t type;
	} types[] = { { "unicast", 0 },
		      { "broadcast", 1 },
		      { "multicast", 2 },
		      { "host", 0 },
		      { "otherhost", 3 } };
	struct nf_rule *r = ps->r;
	const char *val;

	(void)arg;
	if (!ps->m_pkttype)
		return NOT_MINE;
	if (r->has_pkttype)
		return ipt_usage_err(ps->o, "pkttype: option \"%s\" can only be used once.\n", w);
	if (!(val = take(ps)))
		return need_arg(ps, w);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(val, types[i].name)) {
			r->has_pkttype = true;
			r->inv_pkttype = ps->inv;
			r->pkttype = types[i].type;
			return 0;
		}
	return ipt_usage_err(ps->o, "Bad packet type '%s'", val);
}

/* libxt_owner's owner_parse_range(): N, N-M or N:M, each 0 to 4294967294 in any base;
 * else a user or group name (getpwnam, getgrnam) */
static bool owner_id(const char *s, bool group, uint32_t *v)
{
	char *end;
	unsigned long long a, b;

	errno = 0;
	a = strtoull(s, &end, 0);
	if (end != s && !errno && a < UINT32_MAX && s[strspn(s, " \t")] != '-') {
		b = a;
		if (*end == '-' || *end == ':') {
			const char *q = end + 1;

			b = strtoull(q, &end, 0);
			if (end == q || errno || b >= UINT32_MAX || q[strspn(q, " \t")] == '-')
				return false;
		}
		if (*end)
			return false;
		v[0] = (uint32_t)a, v[1] = (uint32_t)b;
		return true;
	}
	if (group) {
		const struct group *g = getgrnam(s);

		if (!g)
			return false;
		v[0] = v[1] = (uint32_t)g->gr_gid;
	} else {
		const struct passwd *pw = getpwnam(s);

		if (!pw)
			return false;
		v[0] = v[1] = (uint32_t)pw->pw_uid;
	}
	return true;
}

/* -m owner's options (k: NF_OWNER_*), as libxt_owner revision 1 reads them */
int ipt_opt_owner(struct pstate *ps, const char *w, int k)
{
	struct nf_rule *r = ps->r;
	const char *val = NULL;

	if (!ps->m_owner)
		return NOT_MINE;
	if (r->owner_match & k)
		return ipt_usage_err(ps->o, "owner: option \"%s\" can only be used once.\n", w);
	if (ps->inv && k == NF_OWNER_SUPPL)
		return ipt_usage_err(ps->o, "owner: option \"%s\" cannot be inverted.\n", w);
	if ((k == NF_OWNER_UID || k == NF_OWNER_GID) && !(val = take(ps)))
		return need_arg(ps, w);
	if (k == NF_OWNER_SUPPL && !(r->owner_match & NF_OWNER_GID))
		return ipt_usage_err(ps->o,
				     "owner: Bad value for \"%s\" option: \"you need to use "
				     "--gid-owner first\"",
				     w);
	if (val &&
	    !owner_id(val, k == NF_OWNER_GID, k == NF_OWNER_GID ? r->owner_gid : r->owner_uid))
		return ipt_usage_err(ps->o, "owner: Bad value for \"%s\" option: \"%s\"", w, val);
	r->owner_match |= (uint8_t)k;
	/* --suppl-groups goes into both fields, as libxt_owner puts it */
	if (ps->inv || k == NF_OWNER_SUPPL)
		r->owner_inv |= (uint8_t)k;
	return 0;
}

/* -m statistic (libxt_statistic): --mode random|nth, [!] --probability P (0-1),
 * [!] --every N (1-4294967295), --packet P; xtables reads each once, inverts only
 * --probability and --every, and reads numbers as strtod and strtoul (base 0) do */
static const char *const stat_opts[] = { "mode", "probability", "every", "packet" };

int ipt_opt_statistic(struct pstate *ps, const char *w, int k)
{
	struct nf_rule *r = ps->r;
	const char *val;
	char *end;

	if (!ps->m_stat)
		return NOT_MINE;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if (ps->inv && (k == 0 || k == 3))
		return ipt_usage_err(ps->o, "statistic: option \"--%s\" cannot be inverted.\n",
				     stat_opts[k]);
	if (ps->stat_opts & (1u << k))
		return ipt_usage_err(ps->o, "statistic: option \"--%s\" can only be used once.\n",
				     stat_opts[k]);
	ps->stat_opts |= 1u << k;
	r->inv_stat |= ps->inv;
	if (k == 0) {
		if (strcmp(val, "random") && strcmp(val, "nth"))
			return ipt_usage_err(ps->o, "Bad mode \"%s\"", val);
		r->stat_mode = val[0] == 'r' ? NF_STAT_RANDOM : NF_STAT_NTH;
	} else if (k == 1) {
		double p = strtod(val, &end);

		if (end == val || *end || p < 0 || p > 1)
			return ipt_usage_err(
				ps->o, "statistic: bad value for option \"--probability\", or "
				       "out of range (0-1).\n");
		r->stat_prob = nf_stat_prob(p);
	} else {
		unsigned long long v;

		errno = 0;
		v = strtoull(val, &end, 0);
		if (end == val || *end || errno || strchr(val, '-') || v > UINT32_MAX ||
		    (k == 2 && v < 1))
			return ipt_usage_err(ps->o,
					     "statistic: bad value for option \"--%s\", or out of "
					     "range (%u-4294967295).\n",
					     stat_opts[k], k == 2 ? 1 : 0);
		if (k == 2)
			r->stat_every = (uint32_t)v - 1; /* held as n - 1 */
		else
			r->stat_packet = (uint32_t)v;
	}
	return 0;
}

/* statistic_check(), then xtables' checks of the option table in its order (--mode
 * must be given; --probability excludes --every and --packet; --every and --packet need
 * each other); the counter starts at every - packet (n - 1 - p) */
int ipt_statistic_final(const struct pstate *ps)
{
	struct nf_rule *r = ps->r;
	unsigned f = ps->stat_opts;

	if (!ps->m_stat)
		return 0;
	if (r->stat_mode == NF_STAT_RANDOM && !(f & 2))
		return ipt_usage_err(ps->o, "%s",
				     "--probability must be specified when using random mode");
	if (r->stat_mode == NF_STAT_NTH && !(f & 12))
		return ipt_usage_err(ps->o, "%s",
				     "--every and --packet must be specified when using nth mode");
	if (r->stat_packet > r->stat_every)
		return ipt_usage_err(ps->o, "%s", "the --packet p must be 0 <= p <= n-1");
	if (!(f & 1))
		return ipt_usage_err(ps->o, "%s",
				     "statistic: option \"--mode\" must be specified\n");
	if ((f & 2) && (f & 12))
		return ipt_usage_err(ps->o,
				     "statistic: option \"--probability\" cannot be used together "
				     "with \"--%s\".\n",
				     stat_opts[f & 4 ? 2 : 3]);
	if ((f & 12) && (f & 12) != 12)
		return ipt_usage_err(ps->o, "statistic: option \"--%s\" also requires \"--%s\".\n",
				     stat_opts[f & 4 ? 2 : 3], stat_opts[f & 4 ? 3 : 2]);
	r->stat_count = r->stat_every - r->stat_packet;
	return 0;
}

const struct ipt_icmp_name ipt_icmp_names[] = {
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
const size_t ipt_nicmp_names = sizeof(ipt_icmp_names) / sizeof(ipt_icmp_names[0]);

/* --icmp-type VALUE as libxt_icmp reads it: a name or the start of exactly one name (any
 * case), else TYPE or TYPE/CODE as C numbers (0x, 0 octal) of 0-255. 0 or the status. */
static int parse_icmp_type(const char *val, struct nf_rule *r, struct cmd_out *o)
{
	const struct ipt_icmp_name *m = NULL;
	unsigned long type, code;
	const char *p;
	char *end;

	for (size_t i = 0; i < ipt_nicmp_names; i++) {
		if (strncasecmp(ipt_icmp_names[i].name, val, strlen(val)) != 0)
			continue;
		if (m) {
			strbuf_printf(&o->err,
				      IPT_V "Ambiguous ICMP type `%s': `%s' or `%s'?\n" TRY_HELP
					    "\n",
				      val, m->name, ipt_icmp_names[i].name);
			o->rc = IPT_EXIT_PARAM;
			return IPT_EXIT_PARAM;
		}
		m = &ipt_icmp_names[i];
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
		o->rc = IPT_EXIT_PARAM;
		return IPT_EXIT_PARAM;
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
			o->rc = IPT_EXIT_PARAM;
			return IPT_EXIT_PARAM;
		}
		r->icmp_code[0] = r->icmp_code[1] = (uint8_t)code;
	}
	if (*end) {
		strbuf_printf(&o->err, IPT_V "unknown character %c\n" TRY_HELP "\n", *end);
		o->rc = IPT_EXIT_PARAM;
		return IPT_EXIT_PARAM;
	}
	return 0;
}

/* --icmp-type: of an explicit -m icmp, or of the one -p icmp loads for it */
int ipt_opt_icmp_type(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	const char *val;
	int rc;

	(void)arg;
	if (!ps->icmp_pending && r->proto != 1)
		return NOT_MINE;
	if (!ps->icmp_pending && r->has_icmp)
		return ipt_usage_err(ps->o, "%s",
				     "icmp: option \"--icmp-type\" can only be used once.\n");
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if ((rc = parse_icmp_type(val, r, ps->o)) != 0)
		return rc;
	if (ps->icmp_twice && !ps->icmp_missing)
		return ipt_not_modelled(ps->o, "a second match", "icmp", "one -m icmp per rule");
	r->has_icmp = true, r->inv_icmp = ps->inv;
	ps->icmp_pending = false;
	ipt_add_order(r, NF_M_ICMP);
	return 0;
}

/* xtables_strtoul(): a C number (0x, 0 octal, leading blanks) up to max, no minus sign */
static bool xt_num(const char *s, char **end, unsigned long max, unsigned long *v)
{
	errno = 0;
	if (s[strspn(s, " \t\n\v\f\r")] == '-')
		return false;
	*v = strtoul(s, end, 0);
	return *end != s && errno != ERANGE && *v <= max;
}

/* --mss MIN[:MAX] of -m tcpmss, read as xtables reads a uint16 range (xtopt_parse_mint):
 * an empty MIN is 0, an empty MAX 65535, one value is both; MIN above MAX is refused */
int ipt_opt_mss(struct pstate *ps, const char *w, int arg)
{
	struct nf_rule *r = ps->r;
	unsigned long v[2] = { 0, 0 };
	const char *val, *a, *end;
	char *e;
	int n = 0;

	(void)arg;
	if (!ps->m_tcpmss)
		return NOT_MINE;
	if (!(val = take(ps)))
		return need_arg(ps, w);
	if (r->has_tcpmss)
		return ipt_usage_err(ps->o, "tcpmss: option \"%s\" can only be used once.\n", w);
	for (a = val;; a = end + 1) {
		if (n == 2)
			return ipt_usage_err(
				ps->o, "tcpmss: Too many components for option \"%s\" (max: 2)\n",
				w);
		if (*a == '\0' || *a == ':') {
			end = a;
			v[n] = n == 1 ? 65535 : 0;
		} else {
			if (!xt_num(a, &e, 65535, &v[n]))
				return ipt_usage_err(
					ps->o,
					"tcpmss: bad value for option \"%s\" near \"%s\", "
					"or out of range (0-65535).\n",
					w, a);
			end = e;
			if (*end != '\0' && *end != ':')
				return ipt_usage_err(ps->o,
						     "tcpmss: Argument to \"%s\" has unexpected "
						     "characters near \"%s\".\n",
						     w, end);
		}
		n++;
		if (*end == '\0')
			break;
	}
	if (n == 1)
		v[1] = v[0];
	if (v[0] > v[1])
		return ipt_usage_err(ps->o, "%s", "tcpmss: invalid range given");
	r->has_tcpmss = true;
	r->inv_tcpmss = ps->inv;
	r->tcpmss_range[0] = (uint16_t)v[0];
	r->tcpmss_range[1] = (uint16_t)v[1];
	return 0;
}
