/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-nexthop: `ip nexthop` add, replace, del, show/list, get and flush, as iproute2 6.1
 * (ip/ipnexthop.c) reads them and the kernel (net/ipv4/nexthop.c: rtm_to_nh_config,
 * nh_check_attr_group, nexthop_add, replace_nexthop, remove_nexthop) answers. Objects
 * are one path (via, dev, onlink), a blackhole or a hash-threshold group; resilient
 * groups, fdb nexthops and encapsulation are not modelled, and say so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

static int nh_usage(struct cmd_out *o)
{
	return cmd_err(o, IP_EXIT_SYNTAX,
		       "Usage: ip nexthop { list | flush } [ protocol ID ] SELECTOR\n"
		       "       ip nexthop { add | replace } id ID NH [ protocol ID ]\n"
		       "       ip nexthop { get | del } id ID\n"
		       "       ip nexthop bucket list BUCKET_SELECTOR\n"
		       "       ip nexthop bucket get id ID index INDEX\n"
		       "SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]\n"
		       "            [ groups ] [ fdb ]\n"
		       "BUCKET_SELECTOR := SELECTOR | [ nhid ID ]\n"
		       "NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ]\n"
		       "        [ encap ENCAPTYPE ENCAPHDR ] |\n"
		       "        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }\n"
		       "GROUP := [ <id[,weight]>/<id[,weight]>/... ]\n"
		       "TYPE := { mpath | resilient }\n"
		       "TYPE_ARGS := [ RESILIENT_ARGS ]\n"
		       "RESILIENT_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ]\n"
		       "                  [ unbalanced_timer UNBALANCED ]\n"
		       "ENCAPTYPE := [ mpls ]\n"
		       "ENCAPHDR := [ MPLSLABEL ]");
}

/* add_nh_group_attr(): `ID[,WEIGHT]/…`; on a bad entry iproute2 names the text up to the
 * first '/' or ',' (it cut the string there) */
static int nh_group_parse(const char *arg, struct kedit_nh *q, struct cmd_out *o)
{
	char first[64];
	const char *p = arg;

	snprintf(first, sizeof(first), "%.*s", (int)strcspn(arg, "/,"), arg);
	q->ngrp = 0;
	if (!*arg)
		return invarg(o, "\"group\" value is invalid\n", first);
	for (;;) {
		char item[64];
		const char *sep = strchr(p, '/'), *w;
		size_t len = sep ? (size_t)(sep - p) : strlen(p);
		uint32_t id, wt = 1;

		if (q->ngrp == MP_MAX)
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model more than %d nexthops in a "
				       "group.",
				       MP_MAX);
		snprintf(item, sizeof(item), "%.*s", (int)(len < 63 ? len : 63), p);
		w = strchr(item, ',');
		if (w)
			item[w - item] = '\0';
		if (!parse_u32(item, &id))
			return invarg(o, "\"group\" value is invalid\n", first);
		if (w && (!parse_u32(w + 1, &wt) || wt == 0 || wt > 256))
			return invarg(o, "\"weight\" is invalid\n", w + 1);
		q->grp[q->ngrp].id = id;
		q->grp[q->ngrp].weight = (uint16_t)wt;
		q->ngrp++;
		if (!sep)
			return 0;
		p = sep + 1;
	}
}

/* ipnh_modify()'s keyword loop */
static int nh_parse(struct host *h, int argc, char **argv, struct kedit_nh *q, struct cmd_out *o)
{
	memset(q, 0, sizeof(*q));
	q->ngrp = -1;
	for (; argc > 0; argc--, argv++) {
		if (strcmp(*argv, "id") == 0) {
			NEXT_ARG();
			if (!parse_u32(*argv, &q->id))
				return invarg(o, "invalid id value", *argv);
			q->id_given = true;
		} else if (strcmp(*argv, "dev") == 0) {
			const struct nic *n;

			NEXT_ARG();
			if (!(n = host_nic(h, *argv)))
				return invarg(o, "Device does not exist\n", *argv);
			q->oif = n->ifindex;
			q->oif_given = q->inet = true;
		} else if (strcmp(*argv, "via") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "inet") == 0)
				NEXT_ARG();
			if (!ip_parse(*argv, &q->gw))
				return cmd_err(
					o, IP_EXIT_FAIL,
					"Error: inet address is expected rather than \"%s\".",
					*argv);
			q->inet = true;
		} else if (strcmp(*argv, "blackhole") == 0) {
			q->blackhole = q->inet = true;
		} else if (strcmp(*argv, "onlink") == 0) {
			q->onlink = true;
		} else if (strcmp(*argv, "group") == 0) {
			int rc;

			NEXT_ARG();
			if ((rc = nh_group_parse(*argv, q, o)) != 0)
				return rc;
		} else if (strcmp(*argv, "type") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "resilient") == 0)
				return cmd_err(o, IP_EXIT_FAIL,
					       "Error: pktpath does not model resilient nexthop "
					       "groups.");
			if (strcmp(*argv, "mpath") != 0)
				return invarg(o, "\"type\" value is invalid\n", *argv);
		} else if (matches(*argv, "protocol")) {
			NEXT_ARG();
			if (!rt_proto_parse(*argv, &q->proto))
				return invarg(o, "\"protocol\" value is invalid\n", *argv);
		} else if (strcmp(*argv, "encap") == 0 || strcmp(*argv, "fdb") == 0) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model \"%s\" nexthops.", *argv);
		} else if (strcmp(*argv, "help") == 0) {
			return nh_usage(o);
		} else {
			return invarg(o, "", *argv);
		}
	}
	return 0;
}

static int kerr(struct cmd_out *o, const char *msg)
{
	return cmd_err(o, IP_EXIT_KERNEL, "Error: %s.", msg);
}

/* rtm_to_nh_config() and nh_check_attr_group() */
static int nh_config_check(struct host *h, const struct kedit_nh *q, struct cmd_out *o)
{
	const struct nic *dev;

	if (!q->inet && q->ngrp < 0)
		return kerr(o, "Invalid address family");
	if (q->ngrp >= 0) {
		if (q->inet)
			return kerr(o, "Invalid family for group");
		for (int i = 0; i < q->ngrp; i++)
			for (int j = i + 1; j < q->ngrp; j++)
				if (q->grp[i].id == q->grp[j].id)
					return kerr(o,
						    "Nexthop id can not be used twice in a group");
		for (int i = 0; i < q->ngrp; i++) {
			const struct nhobj *m = host_nhobj(h, q->grp[i].id);

			if (!m)
				return kerr(o, "Invalid nexthop id");
			if (m->is_group)
				return kerr(o, "Hash-threshold group can not be a nexthop within a "
					       "group");
			if (m->blackhole && q->ngrp > 1)
				return kerr(o, "Blackhole nexthop can not be used in a group with "
					       "more than 1 path");
		}
		return 0;
	}
	if (q->blackhole) {
		if (q->gw || q->oif_given)
			return kerr(o, "Blackhole attribute can not be used with gateway, oif, "
				       "encap or fdb");
		return 0;
	}
	if (!q->oif_given)
		return kerr(o, "Device attribute required for non-blackhole and non-fdb "
			       "nexthops");
	dev = host_nic_by_index_c(h, q->oif);
	if (!dev->up)
		return kerr(o, "Nexthop device is not up");
	if (!nic_carrier(h, dev))
		return kerr(o, "Carrier for nexthop device is down");
	if (!q->gw && q->onlink)
		return kerr(o, "ONLINK flag can not be set for nexthop without a gateway");
	return 0;
}

/* nexthop_create(): one path is checked as a route's in table main with scope universe
 * (fib_check_nh); a blackhole's device is lo. Its source is picked with a scope one
 * below its own. */
static int nh_create_single(struct host *h, const struct kedit_nh *q, struct nhobj *n,
			    struct cmd_out *o)
{
	struct route r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.table = RT_TABLE_MAIN;
	r.type = RTN_UNICAST;
	r.scope = RT_SCOPE_UNIVERSE;
	r.gw = q->gw;
	r.oif = q->blackhole ? LOOPBACK_IFINDEX : q->oif;
	r.nh_flags = q->onlink ? NH_F_ONLINK : 0;
	if ((rc = route_check_nh(h, &r, o)) != 0)
		return rc;
	n->blackhole = q->blackhole;
	n->nh.gw = r.gw;
	n->nh.oif = r.oif;
	n->nh.flags = r.nh_flags & ~(uint32_t)NH_F_LINKDOWN;
	n->nh.scope = r.nh_scope;
	n->nh.weight = 1;
	n->nh.saddr = inet_select_addr(h, host_nic_by_index_c(h, r.oif), r.gw,
				       r.nh_scope ? r.nh_scope - 1 : 0);
	n->nh.saddr_genid = h->dev_addr_genid;
	return 0;
}

/* The scope check of fib_check_nexthop() for the routes that use object id, against
 * n (fib_check_nh_list) */
static int nh_routes_accept(struct host *h, uint32_t id, const struct nhobj *n, struct cmd_out *o)
{
	for (size_t ti = 0; ti < h->ntables; ti++)
		table_for_each(&h->tables[ti], r)
		{
			int rc;

			if (r->nhid == id && (rc = route_check_nhobj(h, n, r->scope, o)) != 0)
				return rc;
		}
	return 0;
}

/* replace_nexthop(): the routes of the old one and of the groups it is in must accept
 * the new one; a blackhole can not join a group of several paths; a group stays a group */
static int nh_replace(struct host *h, const struct nhobj *old, const struct nhobj *n,
		      struct cmd_out *o)
{
	int rc;

	if ((rc = nh_routes_accept(h, old->id, n, o)) != 0)
		return rc;
	for (size_t gi = 0; !old->is_group && gi < h->nnhobj; gi++) {
		const struct nhobj *g = &h->nhobjs[gi];

		for (int k = 0; g->is_group && k < g->ngrp; k++) {
			if (g->grp[k].id != old->id)
				continue;
			if (n->blackhole && g->ngrp > 1)
				return kerr(o, "Blackhole nexthop can not be a member of a group "
					       "with more than one path");
			if ((rc = nh_routes_accept(h, g->id, n, o)) != 0)
				return rc;
		}
	}
	if (old->is_group && !n->is_group)
		return kerr(o, "Can not replace a nexthop group with a nexthop");
	if (!old->is_group && n->is_group)
		return kerr(o, "Can not replace a nexthop with a nexthop group");
	host_nhobj_put(h, n);
	return 0;
}

/* --apply: what iproute2 sends; the kernel does the checks */
static int nh_send(struct cmd_ctx *ctx, struct host *h, enum kedit_op op, const struct kedit_nh *q,
		   struct cmd_out *o)
{
	struct kedit e;

	memset(&e, 0, sizeof(e));
	e.op = op;
	e.nh = q;
	return ctx->kedit(ctx, h, &e, o);
}

static int nh_modify(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, bool replace,
		     struct cmd_out *o)
{
	struct kedit_nh q;
	struct nhobj n;
	const struct nhobj *old;
	int rc;

	if ((rc = nh_parse(h, argc, argv, &q, o)) != 0)
		return rc;
	q.replace = replace;
	if (cmd_applying(ctx, h))
		return nh_send(ctx, h, KEDIT_NH_NEW, &q, o);
	if ((rc = nh_config_check(h, &q, o)) != 0)
		return rc;
	/* nexthop_add() */
	if (replace && !q.id)
		return kerr(o, "Replace requires nexthop id");
	memset(&n, 0, sizeof(n));
	n.id = q.id ? q.id : host_nhobj_free_id(h);
	if (!n.id)
		return kerr(o, "No unused id");
	n.proto = (uint8_t)q.proto;
	if (q.ngrp >= 0) {
		n.is_group = true;
		n.ngrp = q.ngrp;
		memcpy(n.grp, q.grp, (size_t)q.ngrp * sizeof(n.grp[0]));
		nhobj_rebalance(&n);
	} else if ((rc = nh_create_single(h, &q, &n, o)) != 0) {
		return rc;
	}
	/* insert_nexthop() */
	old = host_nhobj(h, n.id);
	if (old && !replace)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: File exists");
	if (old)
		return nh_replace(h, old, &n, o);
	host_nhobj_put(h, &n);
	return 0;
}

/* rtm_del_nexthop() and what ipnh_modify() sends for it */
static int nh_del(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct kedit_nh q;
	int rc;

	if ((rc = nh_parse(h, argc, argv, &q, o)) != 0)
		return rc;
	if (cmd_applying(ctx, h))
		return nh_send(ctx, h, KEDIT_NH_DEL, &q, o);
	/* nh_valid_get_del_req(): only NHA_ID is known here, then the header is checked */
	if (q.oif_given || q.gw || q.blackhole || q.ngrp >= 0)
		return kerr(o, "Unknown attribute type");
	if (q.proto || q.onlink)
		return kerr(o, "Invalid values in header");
	if (!q.id_given)
		return kerr(o, "Nexthop id is missing");
	if (!q.id)
		return kerr(o, "Invalid nexthop id");
	if (!host_nhobj(h, q.id))
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: No such file or directory");
	host_nhobj_remove(h, q.id);
	return 0;
}

/* print_nexthop() of nh_fill_node()'s answer, text or JSON (__print_nexthop_entry) */
static void nh_fmt(const struct host *h, const struct nhobj *n, struct jw *w)
{
	char b[32];

	jw_obj(w, NULL);
	jw_uint(w, "id", "id %llu ", (unsigned long long)n->id);
	if (n->is_group) {
		jw_arr(w, "group");
		jw_puts(w, "group ");
		for (int i = 0; i < n->ngrp; i++) {
			jw_obj(w, NULL);
			if (i)
				jw_puts(w, "/");
			jw_uint(w, "id", "%llu", (unsigned long long)n->grp[i].id);
			if (n->grp[i].weight > 1)
				jw_uint(w, "weight", ",%llu", (unsigned long long)n->grp[i].weight);
			jw_obj_end(w);
		}
		jw_puts(w, " ");
		jw_arr_end(w);
	} else if (!n->blackhole) {
		if (n->nh.gw)
			jw_word(w, "gateway", "via ", ip_str(n->nh.gw));
		jw_word(w, "dev", "dev ", rt_dev_name(h, n->nh.oif));
		if (n->nh.scope != RT_SCOPE_UNIVERSE)
			jw_word(w, "scope", "scope ", rt_scope_name(n->nh.scope, b, sizeof(b)));
	} else {
		jw_null(w, "blackhole", "blackhole ");
	}
	if (n->proto)
		jw_word(w, "protocol", "proto ", rt_proto_name(n->proto, b, sizeof(b)));
	/* print_rt_flags() */
	jw_arr(w, "flags");
	if (n->nh.flags & NH_F_ONLINK)
		jw_str(w, NULL, "%s ", "onlink");
	jw_arr_end(w);
	jw_puts(w, "\n");
	jw_obj_end(w);
}

struct nh_filter {
	int oif;
	bool groups;
	uint32_t proto;
};

/* nh_dump_filtered() and iproute2's protocol filter */
static bool nh_shown(const struct nhobj *n, const struct nh_filter *f)
{
	if (f->proto && n->proto != f->proto)
		return false;
	if (f->groups && !n->is_group)
		return false;
	if (f->oif && (n->is_group || n->blackhole || n->nh.oif != f->oif))
		return false;
	return true;
}

static int nh_get_id(struct host *h, const struct ip_print *pr, uint32_t id, struct cmd_out *o)
{
	const struct nhobj *n;
	struct jw w;

	if (!id)
		return kerr(o, "Invalid nexthop id");
	if (!(n = host_nhobj(h, id)))
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: No such file or directory");
	jw_start(&w, &o->out, pr->json, pr->pretty);
	nh_fmt(h, n, &w);
	jw_finish(&w);
	return 0;
}

/* ipnh_flush(): every object the filter lets through is deleted; with no selector the
 * groups go first */
static void nh_flush(struct cmd_ctx *ctx, struct host *h, struct nh_filter *f, bool all,
		     struct cmd_out *o)
{
	int flushed = 0;

	if (all)
		f->groups = true;
	for (int pass = 0; pass < (all ? 2 : 1); pass++) {
		uint32_t *ids = xcalloc(h->nnhobj + 1, sizeof(*ids));
		size_t n = 0;

		for (size_t i = 0; i < h->nnhobj; i++)
			if (nh_shown(&h->nhobjs[i], f))
				ids[n++] = h->nhobjs[i].id;
		for (size_t i = 0; i < n; i++) {
			if (cmd_applying(ctx, h)) {
				/* delete_nexthop(): the kernel's refusal is printed, not fatal */
				struct kedit_nh q = { .id = ids[i], .id_given = true, .ngrp = -1 };
				int rc = o->rc;

				if (nh_send(ctx, h, KEDIT_NH_DEL, &q, o) == 0)
					flushed++;
				o->rc = rc;
				continue;
			}
			if (!host_nhobj(h, ids[i])) {
				cmd_err(o, 0, "RTNETLINK answers: No such file or directory");
				continue;
			}
			host_nhobj_remove(h, ids[i]);
			flushed++;
		}
		free(ids);
		f->groups = false;
	}
	if (flushed)
		strbuf_printf(&o->out, "Flushed %d nexthops\n", flushed);
	else
		strbuf_puts(&o->out, "Nothing to flush\n");
}

/* ipnh_list_flush() */
static int nh_list(struct cmd_ctx *ctx, struct host *h, const struct ip_print *pr, int argc,
		   char **argv, bool flush, struct cmd_out *o)
{
	struct nh_filter f = { 0 };
	struct jw w;
	bool all = argc == 0;

	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "dev")) {
			const struct nic *n;

			NEXT_ARG();
			if (!(n = host_nic(h, *argv)))
				return invarg(o, "Device does not exist\n", *argv);
			f.oif = n->ifindex;
		} else if (matches(*argv, "groups")) {
			f.groups = true;
		} else if (matches(*argv, "master") || matches(*argv, "vrf") ||
			   matches(*argv, "fdb")) {
			return cmd_err(
				o, IP_EXIT_FAIL,
				"Error: pktpath does not model \"%s\" selectors of nexthops.",
				*argv);
		} else if (strcmp(*argv, "id") == 0) {
			uint32_t id;

			NEXT_ARG();
			if (!parse_u32(*argv, &id))
				return invarg(o, "invalid id value", *argv);
			return nh_get_id(h, pr, id, o);
		} else if (matches(*argv, "protocol")) {
			NEXT_ARG();
			if (!parse_u32(*argv, &f.proto))
				return invarg(o, "invalid protocol value", *argv);
		} else if (matches(*argv, "help")) {
			return nh_usage(o);
		} else {
			return invarg(o, "", *argv);
		}
	}
	if (flush) {
		nh_flush(ctx, h, &f, all, o);
		return 0;
	}
	jw_start(&w, &o->out, pr->json, pr->pretty);
	for (size_t i = 0; i < h->nnhobj; i++)
		if (nh_shown(&h->nhobjs[i], &f))
			nh_fmt(h, &h->nhobjs[i], &w);
	jw_finish(&w);
	return 0;
}

/* ipnh_get() */
static int nh_get(struct host *h, const struct ip_print *pr, int argc, char **argv,
		  struct cmd_out *o)
{
	uint32_t id = 0;

	for (; argc > 0; argc--, argv++) {
		if (strcmp(*argv, "id") != 0)
			return nh_usage(o);
		NEXT_ARG();
		if (!parse_u32(*argv, &id))
			return invarg(o, "invalid id value", *argv);
	}
	if (!id)
		return nh_usage(o);
	return nh_get_id(h, pr, id, o);
}

int ip_nexthop_cmd(struct cmd_ctx *ctx, struct host *h, const struct ip_print *pr, int argc,
		   char **argv, struct cmd_out *o)
{
	if (argc < 1)
		return nh_list(ctx, h, pr, 0, NULL, false, o);
	if (matches(*argv, "add"))
		return nh_modify(ctx, h, argc - 1, argv + 1, false, o);
	if (matches(*argv, "replace"))
		return nh_modify(ctx, h, argc - 1, argv + 1, true, o);
	if (matches(*argv, "delete"))
		return nh_del(ctx, h, argc - 1, argv + 1, o);
	if (matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst"))
		return nh_list(ctx, h, pr, argc - 1, argv + 1, false, o);
	if (matches(*argv, "get"))
		return nh_get(h, pr, argc - 1, argv + 1, o);
	if (matches(*argv, "flush"))
		return nh_list(ctx, h, pr, argc - 1, argv + 1, true, o);
	if (matches(*argv, "help"))
		return nh_usage(o);
	return cmd_err(o, IP_EXIT_SYNTAX, "Command \"%s\" is unknown, try \"ip nexthop help\".",
		       *argv);
}
