/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-rule: `ip rule` show, add, del and flush, as iproute2 6.1 (ip/iprule.c) and the
 * kernel (fib_nl_newrule, fib_nl_delrule) answer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

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

int ip_rule_cmd(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
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
