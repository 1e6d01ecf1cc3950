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

/* print_rule(): a selector's address (" to A" or " to A/L"); in JSON the length is a
 * member of its own when not a host's */
static void rule_addr(struct jw *w, bool dst, uint32_t a, int len)
{
	if (!w->json) {
		jw_fp(w, len == 32 ? "%s%s" : "%s%s/%d", dst ? " to " : "from ", ip_str(a), len);
		return;
	}
	jw_word_json(w, dst ? "dst" : "src", ip_str(a));
	if (len != 32)
		jw_json_uint(w, dst ? "dstlen" : "srclen", (unsigned)len);
}

/* a mark as %#x in both forms (a string in JSON) */
static void rule_mark(struct jw *w, bool mask, uint32_t v)
{
	char b[16];

	snprintf(b, sizeof(b), "%#x", v);
	if (mask)
		jw_str(w, "fwmask", "/%s", b);
	else
		jw_str(w, "fwmark", " fwmark %s", b);
}

void ip_rule_fmt(const struct host *h, const struct rule *r, struct jw *w)
{
	char b1[32];

	jw_obj(w, NULL);
	jw_uint(w, "priority", "%llu:\t", (unsigned long long)r->pref);
	if (r->invert)
		jw_null(w, "not", "not ");
	if (r->src_len == 0)
		jw_str(w, "src", "from %s", "all");
	else
		rule_addr(w, false, r->src, r->src_len);
	if (r->dst_len)
		rule_addr(w, true, r->dst, r->dst_len);
	if (r->tos)
		jw_str(w, "tos", " tos %s", rt_dsfield_name(r->tos, b1, sizeof(b1)));
	if (r->has_mark) {
		rule_mark(w, false, r->mark);
		if (r->mask && r->mask != 0xffffffffu)
			rule_mark(w, true, r->mask);
	}
	if (r->iif[0]) {
		jw_str(w, "iif", " iif %s", r->iif);
		if (rule_ifindex(h, r->iif) < 0)
			jw_null(w, "iif_detached", " [detached]");
	}
	if (r->oif[0]) {
		jw_str(w, "oif", " oif %s", r->oif);
		if (rule_ifindex(h, r->oif) < 0)
			jw_null(w, "oif_detached", " [detached]");
	}
	rule_l4_fmt(r, w);
	if (r->action == FR_ACT_TO_TBL) {
		jw_str(w, "table", " lookup %s", rt_table_name(r->table, b1, sizeof(b1)));
		if (r->suppress_prefixlen != -1)
			jw_int(w, "suppress_prefixlen", " suppress_prefixlength %lld",
			       (long long)r->suppress_prefixlen);
	} else if (r->action == FR_ACT_GOTO) {
		bool resolved = false;

		for (size_t i = 0; i < h->nrules; i++)
			if (h->rules[i].pref == r->goto_target)
				resolved = true;
		jw_uint(w, "goto", " goto %llu", (unsigned long long)r->goto_target);
		if (!resolved)
			jw_null(w, "unresolved", " [unresolved]");
	} else if (r->action == FR_ACT_NOP) {
		jw_null(w, "nop", " nop");
	} else {
		jw_str(w, "action", " %s", rt_type_name(r->action, b1, sizeof(b1)));
	}
	jw_puts(w, "\n");
	jw_obj_end(w);
}

/* from PREFIX / to PREFIX ("all" is any) */
static int rule_prefix(const char *arg, uint32_t *addr, int *len, struct cmd_out *o)
{
	int plen;

	if (strcmp(arg, "all") == 0)
		return 0;
	if (!prefix_parse(arg, addr, &plen))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: an inet prefix is expected rather than \"%s\".", arg);
	*len = plen < 0 ? 32 : plen;
	return 0;
}

/* fwmark MARK[/MASK] (arg is the caller's copy: the slash is cut there) */
static int rule_fwmark(char *arg, struct rule *r, struct cmd_out *o)
{
	char *slash = strchr(arg, '/');

	r->mask = 0xffffffffu;
	if (slash) {
		*slash = '\0';
		if (!parse_u32(slash + 1, &r->mask))
			return invarg(o, "fwmask value is invalid\n", slash + 1);
	}
	if (!parse_u32(arg, &r->mark))
		return invarg(o, "fwmark value is invalid\n", arg);
	r->has_mark = true;
	return 0;
}

/* sport|dport PORT[-PORT], read as iprule.c does (sscanf "%hu-%hu", so 70000 is 4464
 * and "10-x" is 10); the kernel judges the range */
static int rule_ports(const char *arg, bool *given, uint16_t *lo, uint16_t *hi, struct cmd_out *o)
{
	unsigned short a, b;
	int n = sscanf(arg, "%hu-%hu", &a, &b);

	if (n == 1)
		b = a;
	else if (n != 2)
		return invarg(o, "invalid port range\n", arg);
	*given = true;
	*lo = a;
	*hi = b;
	return 0;
}

/* uidrange UID-UID */
static int rule_uids(const char *arg, struct rule *r, struct cmd_out *o)
{
	unsigned a, b;

	if (sscanf(arg, "%u-%u", &a, &b) != 2)
		return invarg(o, "invalid UID range\n", arg);
	r->has_uid = true;
	r->uid_lo = a;
	r->uid_hi = b;
	return 0;
}

/* The layer-4 and owner selectors; -1 when *argv is not one of them */
static int rule_l4(int argc, char **argv, struct rule *r, struct cmd_out *o)
{
	if (strcmp(*argv, "ipproto") == 0) {
		NEXT_ARG();
		if (!inet_proto_parse(*argv, &r->ip_proto))
			return invarg(o, "Invalid \"ipproto\" value\n", *argv);
		return 0;
	}
	if (strcmp(*argv, "sport") == 0 || strcmp(*argv, "dport") == 0) {
		bool src = argv[0][0] == 's';

		NEXT_ARG();
		return rule_ports(*argv, src ? &r->has_sport : &r->has_dport,
				  src ? &r->sport_lo : &r->dport_lo,
				  src ? &r->sport_hi : &r->dport_hi, o);
	}
	if (strcmp(*argv, "uidrange") == 0) {
		NEXT_ARG();
		return rule_uids(*argv, r, o);
	}
	return -1;
}

/* A word no other keyword took: a selector pktpath does not model, or the rule's type
 * (`type` TYPE or TYPE alone: unreachable, prohibit, blackhole…). *used tells whether
 * `type` took the next word. */
static int rule_other(int argc, char **argv, struct rule *r, int *used, struct cmd_out *o)
{
	static const char *const unmodelled[] = {
		"l3mdev",	    "protocol",	 "tun_id",    "realms", "nat", "map-to",
		"suppress_ifgroup", "sup_group", "flowlabel", "dscp",	NULL
	};
	int type;

	*used = 0;
	for (const char *const *u = unmodelled; *u; u++)
		if (strcmp(*argv, *u) == 0)
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model \"%s\" in ip rule.", *argv);
	if (strcmp(*argv, "type") == 0) {
		if (argc < 2)
			return E_INCOMPLETE(o);
		argv++;
		*used = 1;
	}
	if (!rt_type_parse(*argv, &type))
		return invarg(o, "Failed to parse rule type", *argv);
	r->action = (uint8_t)type;
	return 0;
}

/* What a rule says, as iprule_modify() reads it: a keyword loop that stops at the
 * first error. *pref_ok and *table_ok tell whether a pref and a table (or a type that
 * stands for one) were given. */
static int rule_parse(int argc, char **argv, struct rule *r, bool *pref_ok, bool *table_ok,
		      struct cmd_out *o)
{
	int rc = 0, used;

	for (; argc > 0 && rc == 0; argc--, argv++) {
		if (strcmp(*argv, "not") == 0) {
			r->invert = true;
		} else if (strcmp(*argv, "from") == 0 || strcmp(*argv, "to") == 0) {
			bool from = argv[0][0] == 'f';

			NEXT_ARG();
			rc = rule_prefix(*argv, from ? &r->src : &r->dst,
					 from ? &r->src_len : &r->dst_len, o);
		} else if (matches(*argv, "preference") || matches(*argv, "order") ||
			   matches(*argv, "priority")) {
			NEXT_ARG();
			if (!parse_u32(*argv, &r->pref))
				return invarg(o, "preference value is invalid\n", *argv);
			*pref_ok = true;
		} else if (strcmp(*argv, "tos") == 0 || matches(*argv, "dsfield")) {
			NEXT_ARG();
			if ((rc = tos_arg(*argv, &r->tos, o)) != 0)
				return rc;
		} else if (strcmp(*argv, "fwmark") == 0) {
			NEXT_ARG();
			rc = rule_fwmark(*argv, r, o);
		} else if (matches(*argv, "realms")) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model rule realms.");
		} else if (matches(*argv, "table") || strcmp(*argv, "lookup") == 0) {
			NEXT_ARG();
			if (!rt_table_parse(*argv, &r->table))
				return invarg(o, "invalid table ID\n", *argv);
			*table_ok = true;
		} else if (matches(*argv, "suppress_prefixlength") ||
			   strcmp(*argv, "sup_pl") == 0) {
			NEXT_ARG();
			r->suppress_prefixlen = atoi(*argv);
			if (r->suppress_prefixlen < 0 && strcmp(*argv, "-1") != 0)
				return invarg(o, "suppress_prefixlength value is invalid\n", *argv);
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "iif") == 0 ||
			   strcmp(*argv, "oif") == 0) {
			bool in = strcmp(*argv, "oif") != 0;

			NEXT_ARG();
			if (strlen(*argv) >= IFNAMSIZ)
				return invarg(o,
					      in ? "\"iif\" not a valid ifname"
						 : "\"oif\" not a valid ifname",
					      *argv);
			snprintf(in ? r->iif : r->oif, IFNAMSIZ, "%s", *argv);
		} else if (matches(*argv, "goto")) {
			NEXT_ARG();
			if (!parse_u32(*argv, &r->goto_target))
				return invarg(o, "invalid target\n", *argv);
			r->action = FR_ACT_GOTO;
		} else if (matches(*argv, "nop")) {
			r->action = FR_ACT_NOP;
		} else if ((rc = rule_l4(argc, argv, r, o)) != -1) {
			if (rc == 0)
				argc--, argv++;
		} else {
			rc = 0;
			rc = rule_other(argc, argv, r, &used, o);
			argc -= used, argv += used;
			*table_ok = true;
		}
	}
	return rc;
}

int ip_rule_cmd(struct cmd_ctx *ctx, struct host *h, const struct ip_print *opts, int argc,
		char **argv, struct cmd_out *o)
{
	struct rule r = { 0 };
	bool add, pref_ok = false, table_ok = false;
	struct diag d = { 0 };
	int rc;

	if (argc < 1 || matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst")) {
		struct jw w;

		jw_start(&w, &o->out, opts->json, opts->pretty);
		for (size_t i = 0; i < h->nrules; i++)
			ip_rule_fmt(h, &h->rules[i], &w);
		jw_finish(&w);
		return 0;
	}
	if (matches(*argv, "flush")) {
		if (cmd_apply_refuse(ctx, h, o, "ip rule flush"))
			return o->rc;
		host_rule_flush(h);
		return 0;
	}
	if (matches(*argv, "add"))
		add = true;
	else if (matches(*argv, "delete"))
		add = false;
	else
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Command \"%s\" is unknown, try \"ip rule help\".", *argv);
	r.suppress_prefixlen = -1;
	r.action = add ? FR_ACT_TO_TBL : FR_ACT_UNSPEC;
	if ((rc = rule_parse(argc - 1, argv + 1, &r, &pref_ok, &table_ok, o)) != 0)
		return rc;
	/* iproute2 asks for table main when an added rule names none */
	if (add && !table_ok && r.action == FR_ACT_TO_TBL)
		r.table = RT_TABLE_MAIN;
	if (cmd_applying(ctx, h)) {
		/* --apply: the request goes to the kernel */
		struct kedit e;

		memset(&e, 0, sizeof(e));
		e.op = add ? KEDIT_RULE_ADD : KEDIT_RULE_DEL;
		e.rule = r;
		e.pref_given = pref_ok;
		return ctx->kedit(ctx, h, &e, o);
	}
	rc = add ? host_rule_add(h, &r, pref_ok, &d) : host_rule_del(h, &r, pref_ok, &d);
	return rc < 0 ? cmd_err(o, IP_EXIT_KERNEL, "%s", d.msg) : 0;
}
