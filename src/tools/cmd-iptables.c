/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd-iptables: iptables(8) as iptables-nft 1.8.9 (Debian 12) behaves for tables filter,
 * nat, mangle and raw: -A -I -D -R -F -N -X -P -S -L [-n] [-v] [--line-numbers] -Z, the
 * matches -s -d -p -i -o --sport --dport (-m tcp/udp), --tcp-flags and --syn (-m tcp),
 * -p icmp --icmp-type (-m icmp), -m conntrack --ctstate, -m state, -m mark --mark, `!`,
 * the targets of nf.h (TTL in mangle, NOTRACK and CT [--notrack] in raw, REJECT in
 * filter) and -g CHAIN (a jump with no way back). Listings and error
 * messages are the real tool's, byte for byte (tests/oracle/cases/iptables-*.ip); exit
 * codes too.
 *
 * This file runs a command against a host's tables; ipt-parse.c reads its words and
 * ipt-list.c prints -L and -S (ipt.h). Not here: what the rules do to packets (nf.c,
 * ct.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipt.h"

static int no_chain(struct cmd_out *o)
{
	return cmd_err(o, IPT_EXIT_OTHER, "iptables: No chain/target/match by that name.");
}

/* -L and -S of a chain that does not exist: iptables-nft finds no chain it knows and
 * takes it for one another tool made (nft_is_chain_compatible) */
static int no_chain_listed(const char *table, const char *chain, struct cmd_out *o)
{
	return cmd_err(o, IPT_EXIT_OTHER,
		       IPT_V "chain `%s' in table `%s' is incompatible, use 'nft' tool.", chain,
		       table);
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
	if (x->has_recent && y->has_recent && x->recent_mask_set != y->recent_mask_set)
		eq = false;
	strbuf_release(&a);
	strbuf_release(&b);
	return eq;
}

/* Rule checks the kernel makes on insertion (xt_check_target: table and hooks). */
static int rule_check(enum nf_table t, struct nf_chain *c, const struct nf_rule *r,
		      enum ipt_cmd cmd, bool l4_refused, struct cmd_out *o)
{
	const char *verb = cmd == C_INSERT    ? "RULE_INSERT"
			   : cmd == C_REPLACE ? "RULE_REPLACE"
					      : "RULE_APPEND";
	bool ok = !l4_refused;

	if (c->builtin) {
		const char *n = c->name;

		if (r->oif[0] && (!strcmp(n, "INPUT") || !strcmp(n, "PREROUTING"))) {
			strbuf_printf(&o->err, IPT_V "Can't use -o with %s\n\n" TRY_HELP "\n", n);
			o->rc = IPT_EXIT_PARAM;
			return IPT_EXIT_PARAM;
		}
		if (r->iif[0] && (!strcmp(n, "OUTPUT") || !strcmp(n, "POSTROUTING"))) {
			strbuf_printf(&o->err, IPT_V "Can't use -i with %s\n\n" TRY_HELP "\n", n);
			o->rc = IPT_EXIT_PARAM;
			return IPT_EXIT_PARAM;
		}
		switch (r->target) {
		case NF_TGT_SNAT:
			ok = ok && t == NF_TABLE_NAT &&
			     (!strcmp(n, "POSTROUTING") || !strcmp(n, "INPUT"));
			break;
		case NF_TGT_DNAT:
		case NF_TGT_REDIRECT:
			ok = ok && t == NF_TABLE_NAT &&
			     (!strcmp(n, "PREROUTING") || !strcmp(n, "OUTPUT"));
			break;
		case NF_TGT_MASQUERADE:
			ok = ok && t == NF_TABLE_NAT && !strcmp(n, "POSTROUTING");
			break;
		case NF_TGT_TTL:
			ok = ok && t == NF_TABLE_MANGLE; /* xt_HL: .table = "mangle" */
			break;
		case NF_TGT_NOTRACK:
		case NF_TGT_CT:
			ok = ok && t == NF_TABLE_RAW; /* xt_CT: .table = "raw" */
			break;
		case NF_TGT_REJECT:
			ok = ok && t == NF_TABLE_FILTER; /* ipt_REJECT: .table = "filter" */
			break;
		case NF_TGT_TCPMSS: /* tcpmss_tg4_check: clamping needs the packet's route */
			ok = ok && (r->tcpmss != NF_TCPMSS_CLAMP ||
				    (strcmp(n, "PREROUTING") && strcmp(n, "INPUT")));
			break;
		default:
			break;
		}
		/* xt_mac: .hooks = PRE_ROUTING, LOCAL_IN, FORWARD */
		if (r->has_mac && strcmp(n, "PREROUTING") && strcmp(n, "INPUT") &&
		    strcmp(n, "FORWARD"))
			ok = false;
		/* xt_owner: .hooks = LOCAL_OUT, POST_ROUTING */
		if (r->owner_match && strcmp(n, "OUTPUT") && strcmp(n, "POSTROUTING"))
			ok = false;
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
	/* xt_check_target, xt_check_match: TCPMSS and tcpmss are .proto = IPPROTO_TCP */
	if ((r->target == NF_TGT_TCPMSS || r->has_tcpmss) && (r->proto != 6 || r->inv_proto))
		ok = false;
	/* reject_tg_check: a TCP reset only for a rule of -p tcp, not inverted */
	if (r->target == NF_TGT_REJECT && r->reject_with == NF_REJECT_TCP_RESET &&
	    (r->proto != 6 || r->inv_proto))
		ok = false;
	/* recent_mt_check: --set and --remove take no window or count; a list's name is a
	 * file under /proc/net/xt_recent */
	if (r->has_recent && (((r->recent_what & (NF_RECENT_SET | NF_RECENT_REMOVE)) &&
			       (r->recent_seconds || r->recent_hits ||
				(r->recent_what & (NF_RECENT_TTL | NF_RECENT_REAP)))) ||
			      !r->recent_name[0] || strchr(r->recent_name, '/')))
		ok = false;
	/* owner_check: a range upside down */
	if (((r->owner_match & NF_OWNER_UID) && r->owner_uid[0] > r->owner_uid[1]) ||
	    ((r->owner_match & NF_OWNER_GID) && r->owner_gid[0] > r->owner_gid[1]))
		ok = false;
	if (!ok) {
		strbuf_printf(&o->err, IPT_V " %s failed (Invalid argument): rule in chain %s\n",
			      verb, c->name);
		o->rc = IPT_EXIT_RESOURCE;
		return IPT_EXIT_RESOURCE;
	}
	return 0;
}

/* The kernel refuses a rule that makes a loop, or more than NF_JUMP_MAX nested jumps,
 * reachable from a built-in chain (a loop among chains no base chain reaches is kept). */
static int too_many_links(enum ipt_cmd cmd, const struct nf_chain *c, struct cmd_out *o)
{
	const char *verb = cmd == C_INSERT    ? "RULE_INSERT"
			   : cmd == C_REPLACE ? "RULE_REPLACE"
					      : "RULE_APPEND";

	strbuf_printf(&o->err, IPT_V " %s failed (Too many links): rule in chain %s\n", verb,
		      c->name);
	o->rc = IPT_EXIT_RESOURCE;
	return IPT_EXIT_RESOURCE;
}

/* What the kernel's checks of a new rule set up (-A, -I, -R): nf_ct_netns_get() turns
 * conntrack on for NAT, the state matches and a CT target with a template (not xt_CT's
 * notrack: NOTRACK, CT --notrack); recent_mt_check() makes the -m recent list it names. */
static void rule_added(struct nf_state *nf, enum nf_table table, const struct nf_rule *r)
{
	if (table == NF_TABLE_NAT || r->ctstate || r->state ||
	    (r->target == NF_TGT_CT && !r->ct_notrack))
		nf->ct_used = true;
	nf_recent_attach(nf, r);
}

/* The netfilter hooks, as bits in the kernel's order (NF_INET_PRE_ROUTING 0 ...) */
enum { H_PRE = 1, H_IN = 2, H_FWD = 4, H_OUT = 8, H_POST = 16, H_ALL = 31 };

static unsigned builtin_hook(const char *name)
{
	static const char *const names[] = { "PREROUTING", "INPUT", "FORWARD", "OUTPUT",
					     "POSTROUTING" };

	for (unsigned k = 0; k < 5; k++)
		if (!strcmp(name, names[k]))
			return 1u << k;
	return 0;
}

/* The hooks a rule may run at: its matches' and its target's .hooks */
static unsigned rule_hooks(const struct nf_rule *r)
{
	unsigned m = H_ALL;

	if (r->has_mac)
		m &= H_PRE | H_IN | H_FWD;
	if (r->owner_match)
		m &= H_OUT | H_POST;
	switch (r->target) {
	case NF_TGT_SNAT:
		m &= H_POST | H_IN;
		break;
	case NF_TGT_DNAT:
	case NF_TGT_REDIRECT:
		m &= H_PRE | H_OUT;
		break;
	case NF_TGT_MASQUERADE:
		m &= H_POST;
		break;
	case NF_TGT_REJECT:
		m &= H_IN | H_FWD | H_OUT;
		break;
	default:
		break;
	}
	return m;
}

/* The hooks whose base chains reach chain c by jumps and gotos: the chains that reach
 * it, each once (user chains may make loops while nothing reaches them) */
static unsigned chain_reach(struct nf_tbl *tb, const struct nf_chain *c)
{
	bool *seen = xcalloc(tb->n ? tb->n : 1, sizeof(*seen));
	size_t *todo = xcalloc(tb->n ? tb->n : 1, sizeof(*todo)), nt = 0;
	unsigned m = 0;

	todo[nt++] = (size_t)(c - tb->chains);
	seen[todo[0]] = true;
	while (nt) {
		const struct nf_chain *q = &tb->chains[todo[--nt]];

		if (q->builtin) {
			m |= builtin_hook(q->name);
			continue;
		}
		for (size_t k = 0; k < tb->n; k++)
			for (size_t j = 0; !seen[k] && j < tb->chains[k].n; j++)
				if (tb->chains[k].r[j].target == NF_TGT_JUMP &&
				    !strcmp(tb->chains[k].r[j].jump, q->name)) {
					seen[k] = true;
					todo[nt++] = k;
				}
	}
	free(seen);
	free(todo);
	return m;
}

/* The hooks every rule of chain c, and of the chains it jumps to, may run at (each
 * chain once) */
static unsigned chain_allows(struct nf_tbl *tb, const struct nf_chain *c)
{
	bool *seen = xcalloc(tb->n ? tb->n : 1, sizeof(*seen));
	size_t *todo = xcalloc(tb->n ? tb->n : 1, sizeof(*todo)), nt = 0;
	unsigned m = H_ALL;

	todo[nt++] = (size_t)(c - tb->chains);
	seen[todo[0]] = true;
	while (nt) {
		const struct nf_chain *q = &tb->chains[todo[--nt]];

		for (size_t j = 0; j < q->n; j++) {
			const struct nf_rule *r = &q->r[j];
			const struct nf_chain *to;

			m &= rule_hooks(r);
			if (r->target == NF_TGT_JUMP && (to = nf_chain_find(tb, r->jump)) != NULL &&
			    !seen[to - tb->chains]) {
				seen[to - tb->chains] = true;
				todo[nt++] = (size_t)(to - tb->chains);
			}
		}
	}
	free(seen);
	free(todo);
	return m;
}

/* nft_chain_validate(): a rule in chain c, and every rule it jumps to, must allow each
 * hook whose base chain reaches c (a user chain is checked when a jump first makes it
 * reachable, and each rule added to it afterwards) */
static int hooks_check(struct nf_tbl *tb, const struct nf_chain *c, const struct nf_rule *r,
		       enum ipt_cmd cmd, struct cmd_out *o)
{
	unsigned allow = rule_hooks(r);
	const struct nf_chain *to;

	if (r->target == NF_TGT_JUMP && (to = nf_chain_find(tb, r->jump)) != NULL)
		allow &= chain_allows(tb, to);
	if (allow == H_ALL || !(chain_reach(tb, c) & ~allow))
		return 0;
	strbuf_printf(&o->err, IPT_V " %s failed (Invalid argument): rule in chain %s\n",
		      cmd == C_INSERT	 ? "RULE_INSERT"
		      : cmd == C_REPLACE ? "RULE_REPLACE"
					 : "RULE_APPEND",
		      c->name);
	o->rc = IPT_EXIT_RESOURCE;
	return IPT_EXIT_RESOURCE;
}

/* -A, -I, -R: the rule in, unless the kernel refuses it (table, hooks, loops) */
static int cmd_add(struct nf_state *nf, enum nf_table table, struct nf_chain *c,
		   const struct ipt_args *a, struct cmd_out *o)
{
	struct nf_tbl *tb = &nf->t[table];
	size_t pos = c ? c->n : 0;
	int rc;

	if (!c || (a->cmd == C_REPLACE && !c->kernel))
		return no_chain(o);
	if ((rc = rule_check(table, c, &a->r, a->cmd, a->l4_refused, o)) != 0 ||
	    (rc = hooks_check(tb, c, &a->r, a->cmd, o)) != 0)
		return rc;
	if (a->cmd == C_REPLACE) {
		struct nf_rule old;

		if (a->num < 1 || (size_t)a->num > c->n)
			return cmd_err(o, IPT_EXIT_OTHER,
				       "iptables: Index of replacement too big.");
		old = c->r[a->num - 1];
		c->r[a->num - 1] = a->r;
		if (nf_tbl_jump_depth(tb) > NF_JUMP_MAX) {
			c->r[a->num - 1] = old;
			return too_many_links(a->cmd, c, o);
		}
		rule_added(nf, table, &a->r);
		return 0;
	}
	if (a->cmd == C_INSERT) {
		int n = a->num ? a->num : 1;

		if (n < 1 || (size_t)n > c->n + 1)
			return cmd_err(o, IPT_EXIT_OTHER, "iptables: Index of insertion too big.");
		pos = (size_t)n - 1;
	}
	vec_reserve((void **)&c->r, &c->cap, c->n + 1, sizeof(*c->r));
	memmove(&c->r[pos + 1], &c->r[pos], (c->n - pos) * sizeof(*c->r));
	c->r[pos] = a->r;
	c->n++;
	if (a->r.target == NF_TGT_JUMP && nf_tbl_jump_depth(tb) > NF_JUMP_MAX) {
		c->n--;
		memmove(&c->r[pos], &c->r[pos + 1], (c->n - pos) * sizeof(*c->r));
		return too_many_links(a->cmd, c, o);
	}
	rule_added(nf, table, &a->r);
	return 0;
}

/* -D CHAIN NUM or -D CHAIN RULE */
static int cmd_delete(struct nf_chain *c, const struct ipt_args *a, struct cmd_out *o)
{
	size_t idx;

	if (!c)
		return no_chain(o);
	if (a->num) {
		if (!c->kernel)
			return no_chain(o);
		if ((size_t)a->num > c->n)
			return cmd_err(o, IPT_EXIT_OTHER, "iptables: Index of deletion too big.");
		idx = (size_t)a->num - 1;
	} else {
		for (idx = 0; idx < c->n; idx++)
			if (rule_eq(&c->r[idx], &a->r))
				break;
		if (idx == c->n)
			return cmd_err(o, IPT_EXIT_OTHER,
				       "iptables: Bad rule (does a matching rule exist in that "
				       "chain?).");
	}
	memmove(&c->r[idx], &c->r[idx + 1], (c->n - idx - 1) * sizeof(*c->r));
	c->n--;
	return 0;
}

/* -C: the rule -D would delete exists: status 0, no output (iptables-nft says "Bad rule"
 * for a chain that does not exist too) */
static int cmd_check(struct nf_chain *c, const struct ipt_args *a, struct cmd_out *o)
{
	for (size_t idx = 0; c && idx < c->n; idx++)
		if (rule_eq(&c->r[idx], &a->r))
			return 0;
	return cmd_err(o, IPT_EXIT_OTHER,
		       "iptables: Bad rule (does a matching rule exist in that chain?).");
}

/* -A, -I, -R, -D and -C (each with lists of addresses: the rule for each source, and for
 * each destination, in that order; -I puts each at the same number, so the last comes
 * first). Like the real tool's one batch, it all happens or nothing does; -v then prints
 * each rule. */
static int cmd_each_addr(struct nf_state *nf, enum nf_table table, struct nf_chain *c,
			 struct ipt_args *a, struct cmd_out *o)
{
	struct nf_rule *saved = NULL;
	size_t nsaved = c ? c->n : 0;
	int ns = a->naddr[0] ? a->naddr[0] : 1, nd = a->naddr[1] ? a->naddr[1] : 1, rc = 0;
	struct strbuf shown; /* -v: each rule, printed unless iptables itself refused one */

	strbuf_init(&shown);
	if (c && a->cmd != C_CHECK && ns * nd > 1) /* a later pair may fail: undo the earlier */
		saved = xmemdup(c->r, nsaved * sizeof(*c->r));
	for (int i = 0; i < ns && (!rc || rc == IPT_EXIT_RESOURCE); i++)
		for (int j = 0; j < nd && (!rc || rc == IPT_EXIT_RESOURCE); j++) {
			int prc = rc;

			if (a->naddr[0])
				a->r.src = a->addr[0][i], a->r.smask = a->mask[0][i];
			if (a->naddr[1])
				a->r.dst = a->addr[1][j], a->r.dmask = a->mask[1][j];
			if (prc) { /* the kernel refused an earlier pair: only shown */
				if (a->verbose)
					ipt_rule_verbose_line(&a->r, &shown);
				continue;
			}
			rc = a->cmd == C_DELETE	 ? cmd_delete(c, a, o)
			     : a->cmd == C_CHECK ? cmd_check(c, a, o)
						 : cmd_add(nf, table, c, a, o);
			/* printed before the batch goes to the kernel: a rule the kernel
			 * refuses (RESOURCE) is shown too, and so are the pairs after it */
			if (a->verbose && (!rc || rc == IPT_EXIT_RESOURCE))
				ipt_rule_verbose_line(&a->r, &shown);
		}
	if ((!rc || rc == IPT_EXIT_RESOURCE) && shown.len)
		strbuf_puts(&o->out, shown.buf);
	strbuf_release(&shown);
	if (rc && saved) {
		vec_reserve((void **)&c->r, &c->cap, nsaved, sizeof(*c->r));
		memcpy(c->r, saved, nsaved * sizeof(*c->r));
		c->n = nsaved;
	}
	free(saved);
	return rc;
}

/* -F and -Z, of one chain or all */
static int cmd_flush_zero(struct nf_tbl *tb, struct nf_chain *c, const struct ipt_args *a,
			  struct cmd_out *o)
{
	if (a->cmd == C_ZERO && a->num) { /* -Z CHAIN NUM: that rule, if there is one */
		if (!c)
			return cmd_err(o, IPT_EXIT_OTHER, "%s",
				       "iptables: Bad rule (does a matching rule exist in that "
				       "chain?).");
		if ((size_t)a->num <= c->n)
			c->r[a->num - 1].pkts = c->r[a->num - 1].bytes = 0;
		return 0;
	}
	if (a->chain && !c)
		return no_chain(o);
	for (size_t k = 0; k < tb->n; k++) {
		struct nf_chain *x = &tb->chains[k];

		if (c && x != c)
			continue;
		/* -F -v names every chain; -Z -v those the kernel has (E6) */
		if (a->verbose && (a->cmd == C_FLUSH || c || x->kernel))
			strbuf_printf(&o->out, "%s chain `%s'\n",
				      a->cmd == C_FLUSH ? "Flushing" : "Zeroing", x->name);
		if (a->cmd == C_FLUSH) {
			x->n = 0;
		} else {
			x->pkts = x->bytes = 0;
			for (size_t j = 0; j < x->n; j++)
				x->r[j].pkts = x->r[j].bytes = 0;
		}
	}
	return 0;
}

/* libxtables' targets on Debian 12 (iptables 1.8.9: extensions named in capitals, and
 * the standard verdicts): a user chain may not take one of their names */
static const char *const target_names[] = {
	"standard", "ACCEPT",	 "DROP",      "QUEUE",	     "RETURN",	 "AUDIT",   "CHECKSUM",
	"CLASSIFY", "CLUSTERIP", "CONNMARK",  "CONNSECMARK", "CT",	 "DNAT",    "DSCP",
	"ECN",	    "HMARK",	 "IDLETIMER", "LED",	     "LOG",	 "MARK",    "MASQUERADE",
	"NAT",	    "NETMAP",	 "NFLOG",     "NFQUEUE",     "NOTRACK",	 "RATEEST", "REDIRECT",
	"REJECT",   "SECMARK",	 "SET",	      "SNAT",	     "SYNPROXY", "TCPMSS",  "TCPOPTSTRIP",
	"TEE",	    "TOS",	 "TPROXY",    "TRACE",	     "TTL",	 "ULOG",
};

const char *ipt_chain_name_problem(const char *name, bool restore)
{
	static char msg[600];

	if (strlen(name) >= 29) {
		snprintf(msg, sizeof(msg), "chain name `%.512s' too long (must be under 29 chars)",
			 name);
		return msg;
	}
	if (name[0] == '-' || name[0] == '!') {
		snprintf(msg, sizeof(msg), "chain name not allowed to start with `%c'", name[0]);
		return msg;
	}
	/* iptables-restore finds only the standard verdicts, which are always loaded */
	for (size_t i = restore ? 1 : 0;
	     i < (restore ? 5 : sizeof(target_names) / sizeof(target_names[0])); i++)
		if (!strcmp(name, target_names[i]))
			return "chain name may not clash with target name";
	for (const char *p = name; *p; p++)
		if (isspace((unsigned char)*p)) {
			snprintf(msg, sizeof(msg), "Invalid chain name `%.512s'", name);
			return msg;
		}
	return NULL;
}

int ipt_chain_add(struct nf_tbl *tb, const char *name, struct cmd_out *o)
{
	struct nf_chain *nc;

	if (nf_chain_find(tb, name))
		return cmd_err(o, IPT_EXIT_OTHER, "iptables: Chain already exists.");
	vec_reserve((void **)&tb->chains, &tb->cap, tb->n + 1, sizeof(*tb->chains));
	nc = &tb->chains[tb->n++];
	memset(nc, 0, sizeof(*nc));
	snprintf(nc->name, sizeof(nc->name), "%s", name);
	nc->kernel = true;
	tb->exists = true;
	return 0;
}

static int cmd_new_chain(struct nf_tbl *tb, const char *name, struct cmd_out *o)
{
	const char *bad = ipt_chain_name_problem(name, false);

	if (bad)
		return ipt_usage_err(o, "%s", bad);
	return ipt_chain_add(tb, name, o);
}

/* -X CHAIN, or -X: every user chain that is empty and not referenced (iptables-nft
 * skips the busy ones) */
static int cmd_delete_chain(struct nf_tbl *tb, struct nf_chain *c, const struct ipt_args *a,
			    struct cmd_out *o)
{
	if (a->chain) {
		size_t idx;

		if (!c)
			return no_chain(o);
		if (c->builtin || ipt_refs_to(tb, c->name) > 0 || c->n > 0) {
			strbuf_printf(&o->err,
				      IPT_V
				      " CHAIN_DEL failed (Device or resource busy): chain %s\n",
				      c->name);
			o->rc = IPT_EXIT_RESOURCE;
			return IPT_EXIT_RESOURCE;
		}
		if (a->verbose)
			strbuf_printf(&o->out, "Deleting chain `%s'\n", c->name);
		idx = (size_t)(c - tb->chains);
		free(c->r);
		memmove(&tb->chains[idx], &tb->chains[idx + 1],
			(tb->n - idx - 1) * sizeof(*tb->chains));
		tb->n--;
		return 0;
	}
	for (size_t k = 0; k < tb->n;) {
		struct nf_chain *x = &tb->chains[k];

		if (!x->builtin && ipt_refs_to(tb, x->name) == 0 && x->n == 0) {
			free(x->r);
			memmove(x, x + 1, (tb->n - k - 1) * sizeof(*tb->chains));
			tb->n--;
		} else {
			k++;
		}
	}
	return 0;
}

static int cmd_policy(enum nf_table table, struct nf_chain *c, const struct ipt_args *a,
		      struct cmd_out *o)
{
	/* the nat table's DROP is refused while parsing, before any chain is looked at */
	if (table == NF_TABLE_NAT && !strcmp(a->policy, "DROP"))
		return ipt_usage_err(o, "%s",
				     "\nThe \"nat\" table is not intended for filtering, the use "
				     "of DROP is therefore inhibited.\n\n");
	if (!c || !c->builtin)
		return cmd_err(o, IPT_EXIT_OTHER, "iptables: Bad built-in chain name.");
	if (strcmp(a->policy, "ACCEPT") && strcmp(a->policy, "DROP"))
		return cmd_err(o, IPT_EXIT_OTHER,
			       "iptables: Bad policy name. Run `dmesg' for more information.");
	c->policy = strcmp(a->policy, "DROP") ? NF_TGT_ACCEPT : NF_TGT_DROP;
	/* iptables-nft sets a policy by making the chain anew, with counters at 0 */
	c->counters = true;
	c->pkts = c->bytes = 0;
	return 0;
}

/* -S [CHAIN [NUM]]: policies and chains first, then the rules */
static int cmd_list_rules(enum nf_table table, struct nf_tbl *tb, struct nf_chain *c,
			  const struct ipt_args *a, struct cmd_out *o)
{
	struct nf_chain **v;
	size_t n;

	if (a->chain && !c)
		return no_chain_listed(nf_table_name(table), a->chain, o);
	if (c && a->num) {
		if ((size_t)a->num > c->n)
			return 0; /* no such rule: nothing to print */
		strbuf_printf(&o->out, "-A %s ", c->name);
		ipt_rule_spec_counters(&c->r[a->num - 1], a->verbose, &o->out);
		strbuf_puts(&o->out, "\n");
		return 0;
	}
	n = ipt_chains_sorted(tb, &v);
	for (size_t k = 0; k < n; k++) {
		const char *pol = v[k]->policy == NF_TGT_DROP ? "DROP" : "ACCEPT";

		if (c && v[k] != c)
			continue;
		if (v[k]->builtin && a->verbose)
			strbuf_printf(&o->out, "-P %s %s -c %llu %llu\n", v[k]->name, pol,
				      (unsigned long long)v[k]->pkts,
				      (unsigned long long)v[k]->bytes);
		else if (v[k]->builtin)
			strbuf_printf(&o->out, "-P %s %s\n", v[k]->name, pol);
		else
			strbuf_printf(&o->out, "-N %s\n", v[k]->name);
	}
	for (size_t k = 0; k < n; k++) {
		if (c && v[k] != c)
			continue;
		for (size_t j = 0; j < v[k]->n; j++) {
			struct strbuf sb;

			strbuf_init(&sb);
			ipt_rule_spec_counters(&v[k]->r[j], a->verbose, &sb);
			strbuf_printf(&o->out, "-A %s%s%s\n", v[k]->name, sb.len ? " " : "",
				      sb.len ? sb.buf : "");
			strbuf_release(&sb);
		}
	}
	free(v);
	return 0;
}

/* -L [CHAIN] */
static int cmd_list(enum nf_table table, struct nf_tbl *tb, struct nf_chain *c,
		    const struct ipt_args *a, struct cmd_out *o)
{
	struct nf_chain **v;
	size_t n;
	bool first = true;

	if (a->chain && !c)
		return no_chain_listed(nf_table_name(table), a->chain, o);
	n = ipt_chains_sorted(tb, &v);
	for (size_t k = 0; k < n; k++) {
		if (c && v[k] != c)
			continue;
		if (!first)
			strbuf_puts(&o->out, "\n");
		first = false;
		ipt_list_chain(tb, v[k], a, &o->out);
	}
	free(v);
	return 0;
}

static int iptables_run(struct host *h, enum nf_table table, int argc, char **argv,
			struct cmd_out *o, enum ipt_cmd *cmd, struct nf_chain **chain)
{
	struct ipt_args a;
	struct nf_state *nf = nf_get(h);
	struct nf_tbl *tb = &nf->t[table];
	struct nf_chain *c = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = ipt_parse_args(table, argc, argv, &a, o)) != 0)
		return rc;
	if (a.r.has_limit) /* its bucket fills from the moment the rule is added */
		a.r.limit_last_ns = h->sim->now_us * 1000u;
	*cmd = a.cmd;
	if (a.chain && a.cmd != C_NEW)
		c = nf_chain_find(tb, a.chain);
	*chain = c;
	if (a.r.target == NF_TGT_JUMP &&
	    (a.cmd == C_APPEND || a.cmd == C_INSERT || a.cmd == C_REPLACE || a.cmd == C_DELETE ||
	     a.cmd == C_CHECK) &&
	    !nf_chain_find(tb, a.r.jump))
		return ipt_usage_err(o, "Chain '%s' does not exist", a.r.jump);
	if ((a.naddr[0] > 1 || a.naddr[1] > 1) && a.cmd == C_REPLACE)
		return ipt_usage_err(o, "%s", "Replacement rule does not specify a unique address");
	if (a.cmd == C_APPEND || a.cmd == C_INSERT || a.cmd == C_CHECK || a.cmd == C_REPLACE ||
	    (a.cmd == C_DELETE && !a.num))
		return cmd_each_addr(nf, table, c, &a, o);
	switch (a.cmd) {
	case C_APPEND:
	case C_INSERT:
	case C_REPLACE:
		return cmd_add(nf, table, c, &a, o);
	case C_DELETE:
		return cmd_delete(c, &a, o);
	case C_CHECK:
		return cmd_check(c, &a, o);
	case C_FLUSH:
	case C_ZERO:
		return cmd_flush_zero(tb, c, &a, o);
	case C_NEW:
		return cmd_new_chain(tb, a.chain, o);
	case C_DELCHAIN:
		return cmd_delete_chain(tb, c, &a, o);
	case C_POLICY:
		return cmd_policy(table, c, &a, o);
	case C_LIST_RULES:
		return cmd_list_rules(table, tb, c, &a, o);
	case C_LIST:
		return cmd_list(table, tb, c, &a, o);
	case C_VERSION:
		strbuf_puts(&o->out, "iptables v1.8.9 (nf_tables)\n");
		return 0;
	default:
		return 0;
	}
}

int iptables_main(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	enum nf_table table = NF_TABLE_FILTER;
	enum ipt_cmd cmd = C_NONE;
	struct nf_chain *chain = NULL;
	int rc, i;
	char **words = xcalloc((size_t)argc + 1, sizeof(*words));

	/* -t may come anywhere; take it out first (from a copy: argv belongs to the caller) */
	memcpy(words, argv + 1, (size_t)(argc - 1) * sizeof(*words));
	argc--;
	argv = words;
	rc = 0;
	for (i = 0; i < argc; i++) {
		/* --table, or getopt's abbreviation of it: --ta, --tab, --tabl */
		if (strcmp(argv[i], "-t") == 0 ||
		    (strlen(argv[i]) >= 4 && !strncmp(argv[i], "--table", strlen(argv[i])))) {
			const char *tn = i + 1 < argc ? argv[i + 1] : "";
			int t;

			for (t = 0; t < NF_TABLE__COUNT; t++)
				if (!strcmp(tn, nf_table_name((enum nf_table)t)))
					break;
			if (t == NF_TABLE__COUNT && !strcmp(tn, "security")) {
				free(words);
				return ipt_not_modelled(o, "the table", tn,
							"filter, nat, mangle and raw are");
			}
			if (t == NF_TABLE__COUNT) {
				strbuf_printf(&o->err,
					      IPT_V "table '%s' does not exist\nPerhaps iptables "
						    "or your kernel needs to be upgraded.\n",
					      tn);
				o->rc = IPT_EXIT_VERSION;
				free(words);
				return IPT_EXIT_VERSION;
			}
			table = (enum nf_table)t;
			memmove(&argv[i], &argv[i + 2], (size_t)(argc - i - 2) * sizeof(*argv));
			argc -= 2;
			i--;
		}
	}
	rc = iptables_run(h, table, argc, argv, o, &cmd, &chain);
	free(words);
	/* the nft backend adds the table with the first change made to it */
	if (rc == 0 && (cmd == C_APPEND || cmd == C_INSERT || cmd == C_REPLACE || cmd == C_NEW ||
			cmd == C_POLICY)) {
		nf_get(h)->t[table].exists = true;
		if (chain) /* a built-in one too (-N's is in already) */
			chain->kernel = true;
	}
	/* recent_mt_destroy(): a -m recent list goes with the last rule naming it */
	if (rc == 0 && h->nf && h->nf->nrecent)
		nf_recent_gc(h->nf);
	return rc;
}
