/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt-list: iptables -L and -S as iptables-nft 1.8.9 prints them (ipt.h): chains in
 * their listing order, counters in xtables' number format, each match and target in
 * its extension's words.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <arpa/inet.h>

#include "ipt.h"

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
size_t ipt_chains_sorted(struct nf_tbl *tb, struct nf_chain ***out)
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

int ipt_refs_to(struct nf_tbl *tb, const char *name)
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
 * (nft_rule_print_save: the matches, the counters, then -j or -g) */
void ipt_rule_spec_counters(const struct nf_rule *r, bool verbose, struct strbuf *out)
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
	j = sb.buf ? (strncmp(sb.buf, "-j ", 3) == 0 || strncmp(sb.buf, "-g ", 3) == 0 ? sb.buf
		      : strstr(sb.buf, " -j ") ? strstr(sb.buf, " -j ")
					       : strstr(sb.buf, " -g "))
		   : NULL;
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

/* libxt_icmp's print: the name whose type and codes are exactly these unless -n, else
 * "type T" and the code or codes */
static void icmp_extra(const struct nf_rule *r, bool numeric, struct strbuf *sb)
{
	const struct ipt_icmp_name *m = NULL;

	for (size_t k = 0; !numeric && k < ipt_nicmp_names; k++)
		if (ipt_icmp_names[k].type == r->icmp_type &&
		    ipt_icmp_names[k].code_min == r->icmp_code[0] &&
		    ipt_icmp_names[k].code_max == r->icmp_code[1]) {
			m = &ipt_icmp_names[k];
			break;
		}
	if (m) {
		strbuf_printf(sb, " icmp %s%s", r->inv_icmp ? "!" : "", m->name);
		return;
	}
	strbuf_printf(sb, " icmp%stype %u", r->inv_icmp ? " !" : "", r->icmp_type);
	if (r->icmp_code[0] == r->icmp_code[1])
		strbuf_printf(sb, " code %u", r->icmp_code[0]);
	else if (r->icmp_code[0] != 0 || r->icmp_code[1] != 0xff)
		strbuf_printf(sb, " codes %u-%u", r->icmp_code[0], r->icmp_code[1]);
}

/* What -L prints after the matches for the rule's target. */
static void target_extra(const struct nf_rule *r, bool numeric, struct strbuf *sb)
{
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
		if (r->to_addr_max && r->to_addr_max != r->to_addr)
			strbuf_printf(sb, "-%s", ip_str(r->to_addr_max));
		if (r->to_port[0]) {
			strbuf_printf(sb, ":%u", r->to_port[0]);
			if (r->to_port[1] != r->to_port[0])
				strbuf_printf(sb, "-%u", r->to_port[1]);
		}
		nf_nat_flags_str(r, sb, "");
		break;
	case NF_TGT_MASQUERADE:
		if (r->to_port[0]) {
			strbuf_printf(sb, " masq ports: %u", r->to_port[0]);
			if (r->to_port[1] != r->to_port[0])
				strbuf_printf(sb, "-%u", r->to_port[1]);
		}
		nf_nat_flags_str(r, sb, "");
		break;
	case NF_TGT_REDIRECT:
		if (r->to_port[0]) {
			strbuf_printf(sb, " redir ports %u", r->to_port[0]);
			if (r->to_port[1] != r->to_port[0])
				strbuf_printf(sb, "-%u", r->to_port[1]);
		}
		nf_nat_flags_str(r, sb, "");
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
	case NF_TGT_TCPMSS:
		if (r->tcpmss == NF_TCPMSS_CLAMP)
			strbuf_puts(sb, " TCPMSS clamp to PMTU");
		else
			strbuf_printf(sb, " TCPMSS set %u", r->tcpmss);
		break;
	case NF_TGT_CT:
		strbuf_puts(sb, r->ct_notrack ? " CT notrack" : " CT");
		break;
	case NF_TGT_MARK: /* libxt_MARK's print: the operation the value/mask amounts to */
		if (r->set_mark == 0)
			strbuf_printf(sb, " MARK and 0x%x", ~r->set_mask);
		else if (r->set_mark == r->set_mask)
			strbuf_printf(sb, " MARK or 0x%x", r->set_mark);
		else if (r->set_mask == 0)
			strbuf_printf(sb, " MARK xor 0x%x", r->set_mark);
		else if (r->set_mask == 0xffffffffu)
			strbuf_printf(sb, " MARK set 0x%x", r->set_mark);
		else
			strbuf_printf(sb, " MARK xset 0x%x/0x%x", r->set_mark, r->set_mask);
		break;
	default:
		break;
	}
}

/* libxt_conntrack's and libxt_state's print: the states as -S writes them */
static void state_extra(const struct nf_rule *r, enum nf_match_kind k, struct strbuf *sb)
{
	bool ct = k == NF_M_CONNTRACK;
	const char *key = ct ? "--ctstate " : "--state ";
	struct strbuf t;
	const char *p;

	strbuf_init(&t);
	nf_rule_spec(&(struct nf_rule){ .ctstate = ct ? r->ctstate : 0,
					.state = ct ? 0 : r->state,
					.norder = 1,
					.order = { k } },
		     &t);
	p = t.buf ? strstr(t.buf, key) : NULL;
	strbuf_printf(sb, " %s%s %s", (ct ? r->inv_ctstate : r->inv_state) ? "! " : "",
		      ct ? "ctstate" : "state", p ? p + strlen(key) : "");
	strbuf_release(&t);
}

/* libxt_multiport's print (revision 1) */
static void multiport_extra(const struct nf_rule *r, bool numeric, struct strbuf *sb)
{
	strbuf_printf(sb, " multiport %s ",
		      r->mp_dir == NF_MP_SRC   ? "sports"
		      : r->mp_dir == NF_MP_DST ? "dports"
					       : "ports");
	if (r->inv_mp)
		strbuf_puts(sb, " !");
	for (int k = 0; k < r->mp_n; k++) {
		if (k)
			strbuf_puts(sb, ",");
		port_out(sb, r->mp_lo[k], r->proto, numeric);
		if (r->mp_hi[k] != r->mp_lo[k]) {
			strbuf_puts(sb, ":");
			port_out(sb, r->mp_hi[k], r->proto, numeric);
		}
	}
}

/* libxt_iprange's print (revision 1) */
static void iprange_extra(const struct nf_rule *r, struct strbuf *sb)
{
	for (int d = 0; d < 2; d++) {
		const uint32_t *rg = d ? r->ipr_dst : r->ipr_src;

		if (!(r->ipr & (d ? NF_IPR_DST : NF_IPR_SRC)))
			continue;
		strbuf_printf(sb, " %s IP range%s", d ? "destination" : "source",
			      (r->ipr & (d ? NF_IPR_DST_INV : NF_IPR_SRC_INV)) ? " !" : "");
		strbuf_printf(sb, " %s-%s", ip_str(rg[0]), ip_str(rg[1]));
	}
}

/* libxt_recent's print */
static void recent_extra(const struct nf_rule *r, struct strbuf *sb)
{
	strbuf_puts(sb, r->inv_recent ? " ! recent:" : " recent:");
	strbuf_puts(sb, r->recent_what & NF_RECENT_SET	    ? " SET"
			: r->recent_what & NF_RECENT_CHECK  ? " CHECK"
			: r->recent_what & NF_RECENT_UPDATE ? " UPDATE"
							    : " REMOVE");
	if (r->recent_seconds)
		strbuf_printf(sb, " seconds: %u", r->recent_seconds);
	if (r->recent_what & NF_RECENT_REAP)
		strbuf_puts(sb, " reap");
	if (r->recent_hits)
		strbuf_printf(sb, " hit_count: %u", r->recent_hits);
	if (r->recent_what & NF_RECENT_TTL)
		strbuf_puts(sb, " TTL-Match");
	strbuf_printf(sb, " name: %s side: %s mask: %s", r->recent_name,
		      r->recent_dst ? "dest" : "source", ip_str(r->recent_mask));
}

/* libxt_owner's print: a single id by name unless -n (getpwuid, getgrgid) */
static void owner_extra(const struct nf_rule *r, bool numeric, struct strbuf *sb)
{
	if (r->owner_match & NF_OWNER_SOCKET)
		strbuf_printf(sb, "%s owner socket exists",
			      r->owner_inv & NF_OWNER_SOCKET ? " !" : "");
	for (int g = 0; g < 2; g++) {
		const uint32_t *v = g ? r->owner_gid : r->owner_uid;
		uint8_t bit = g ? NF_OWNER_GID : NF_OWNER_UID;
		const char *name = NULL;

		if (!(r->owner_match & bit))
			continue;
		strbuf_printf(sb, "%s owner %s match", r->owner_inv & bit ? " !" : "",
			      g ? "GID" : "UID");
		if (v[1] != v[0]) {
			strbuf_printf(sb, " %u-%u", v[0], v[1]);
			continue;
		}
		if (!numeric && g) {
			const struct group *gr = getgrgid(v[0]);

			name = gr ? gr->gr_name : NULL;
		} else if (!numeric) {
			const struct passwd *pw = getpwuid(v[0]);

			name = pw ? pw->pw_name : NULL;
		}
		if (name)
			strbuf_printf(sb, " %s", name);
		else
			strbuf_printf(sb, " %u", v[0]);
	}
	if (r->owner_match & NF_OWNER_SUPPL)
		strbuf_puts(sb, " incl. suppl. groups");
}

static void rule_extra(const struct nf_rule *r, bool numeric, struct strbuf *sb)
{
	int ncomment = 0;

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
			/* libxt_tcp print_flags */
			if (r->has_tcpflags && (r->tcpflags_mask || r->inv_tcpflags)) {
				strbuf_printf(sb, " flags:%s", r->inv_tcpflags ? "!" : "");
				if (numeric) {
					strbuf_printf(sb, "0x%02X/0x%02X", r->tcpflags_mask,
						      r->tcpflags_cmp);
				} else {
					nf_tcp_flags_fmt(sb, r->tcpflags_mask);
					strbuf_puts(sb, "/");
					nf_tcp_flags_fmt(sb, r->tcpflags_cmp);
				}
			}
			break;
		case NF_M_CONNTRACK:
		case NF_M_STATE:
			state_extra(r, r->order[i], sb);
			break;
		case NF_M_ICMP:
			icmp_extra(r, numeric, sb);
			break;
		case NF_M_ADDRTYPE: /* libxt_addrtype's print (revision 1) */
			strbuf_puts(sb, " ADDRTYPE match");
			if (r->at_src) {
				strbuf_puts(sb, r->inv_at_src ? " src-type !" : " src-type ");
				nf_addrtype_fmt(sb, r->at_src);
			}
			if (r->at_dst) {
				strbuf_puts(sb, r->inv_at_dst ? " dst-type !" : " dst-type ");
				nf_addrtype_fmt(sb, r->at_dst);
			}
			break;
		case NF_M_MULTIPORT:
			multiport_extra(r, numeric, sb);
			break;
		case NF_M_STATISTIC: /* libxt_statistic's print */
			strbuf_puts(sb, " ");
			nf_statistic_fmt(sb, r, "");
			break;
		case NF_M_LIMIT: /* libxt_limit's print */
			strbuf_puts(sb, " limit: avg ");
			nf_limit_rate_fmt(sb, r);
			strbuf_printf(sb, " burst %u", r->limit_burst);
			break;
		case NF_M_RECENT:
			recent_extra(r, sb);
			break;
		case NF_M_IPRANGE:
			iprange_extra(r, sb);
			break;
		case NF_M_MAC: /* libxt_mac's print */
			strbuf_printf(sb, " MAC%s %02x:%02x:%02x:%02x:%02x:%02x",
				      r->inv_mac ? " !" : "", r->mac[0], r->mac[1], r->mac[2],
				      r->mac[3], r->mac[4], r->mac[5]);
			break;
		case NF_M_OWNER:
			owner_extra(r, numeric, sb);
			break;
		case NF_M_PKTTYPE: /* libxt_pkttype's print */
			strbuf_printf(sb, " PKTTYPE %s= %s", r->inv_pkttype ? "!" : "",
				      nf_pkttype_name(r->pkttype));
			break;
		case NF_M_TCPMSS: /* libxt_tcpmss's print */
			strbuf_printf(sb, " tcpmss match %s", r->inv_tcpmss ? "!" : "");
			nf_tcpmss_range_fmt(sb, r);
			break;
		case NF_M__COUNT:
			break;
		case NF_M_COMMENT: /* libxt_comment: the text as it is */
			if (ncomment < r->ncomment)
				strbuf_printf(sb, " /* %s */", r->comment[ncomment++]);
			break;
		case NF_M_MARK:
			strbuf_printf(sb, " mark match %s0x%x", r->inv_mark ? "! " : "", r->mark);
			if (r->mark_mask != 0xffffffffu)
				strbuf_printf(sb, "/0x%x", r->mark_mask);
			break;
		}
	}
	target_extra(r, numeric, sb);
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

void ipt_list_chain(struct nf_tbl *tb, const struct nf_chain *c, const struct ipt_args *a,
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
		strbuf_printf(sb, "%d references", ipt_refs_to(tb, c->name));
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
							       : ipt_targets[r->target];

		if (a->linenum)
			strbuf_printf(sb, "%-4zu ", i + 1);
		if (a->verbose) {
			print_num(sb, r->pkts, false, a->exact);
			print_num(sb, r->bytes, false, a->exact);
		}
		strbuf_printf(sb, "%-9s ", tn);
		strbuf_puts(sb, r->inv_proto ? "!" : " ");
		/* -n: the number; else the name (a longer one pushes the columns right) */
		if (a->numeric || !nf_proto_name(r->proto))
			strbuf_printf(sb, "%-4u ", r->proto);
		else
			strbuf_printf(sb, "%-4s ", nf_proto_name(r->proto));
		strbuf_puts(sb, !r->has_frag ? "-- " : r->inv_frag ? "!f " : "-f ");
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
		if (r->is_goto)
			strbuf_puts(sb, "[goto] ");
		rule_extra(r, a->numeric, sb);
		strbuf_puts(sb, "\n");
	}
}

/* The line iptables -v prints for a rule -A, -I, -R, -D or -C handled: print_rule_details()
 * and the rest of iptables-nft's print with FMT_PRINT_RULE (numeric, no counters, no
 * table layout): the protocol by name, addresses and the matches' text numeric */
void ipt_rule_verbose_line(const struct nf_rule *r, struct strbuf *sb)
{
	const char *tn = r->target == NF_TGT_JUMP      ? r->jump
			 : r->target == NF_TGT_NOTRACK ? "CT"
						       : ipt_targets[r->target];
	const char *pn = nf_proto_name(r->proto);

	strbuf_printf(sb, "%s %s", tn, r->inv_proto ? "!" : " ");
	if (pn)
		strbuf_printf(sb, "%s ", pn);
	else
		strbuf_printf(sb, "%u ", r->proto);
	strbuf_printf(sb, "opt %s ", !r->has_frag ? "--" : r->inv_frag ? "!f" : "-f");
	strbuf_printf(sb, "in %s%s ", r->inv_iif ? "!" : "", r->iif[0] ? r->iif : "*");
	strbuf_printf(sb, "out %s%s ", r->inv_oif ? "!" : "", r->oif[0] ? r->oif : "*");
	for (int d = 0; d < 2; d++) {
		bool has = d ? r->has_dst : r->has_src, inv = d ? r->inv_dst : r->inv_src;
		uint32_t a = has ? (d ? r->dst : r->src) : 0,
			 m = has ? (d ? r->dmask : r->smask) : 0;
		int plen = 0;

		for (uint32_t x = m; x & 0x80000000u; x <<= 1)
			plen++;
		strbuf_printf(sb, "%s%s%s", inv ? "!" : " ", d ? "-> " : "", ip_str(a));
		if (plen != 32)
			strbuf_printf(sb, "/%d", plen);
		if (!d)
			strbuf_puts(sb, " ");
	}
	strbuf_puts(sb, "  ");
	if (r->is_goto)
		strbuf_puts(sb, "[goto] ");
	rule_extra(r, true, sb);
	strbuf_puts(sb, "\n");
}
