/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ip-addr: `ip address` show, add, del and flush, as iproute2 6.1 (ip/ipaddress.c) and
 * the kernel (inet_rtm_newaddr, inet_rtm_deladdr) answer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

/* ---- addresses ---- */

/* print_addrinfo(): one address, text or an object of "addr_info" */
static void fmt_addr(const struct nic *n, const struct addr *a, struct jw *w)
{
	char b1[32];

	jw_obj(w, NULL);
	jw_str(w, "family", "    %s ", "inet");
	jw_str(w, "local", "%s", ip_str(a->local));
	jw_uint(w, "prefixlen", "/%llu ", (unsigned long long)a->plen);
	if (a->metric)
		jw_uint(w, "metric", "metric %llu ", (unsigned long long)a->metric);
	if (a->brd) {
		jw_puts(w, "brd ");
		jw_str(w, "broadcast", "%s ", ip_str(a->brd));
	}
	jw_str(w, "scope", "scope %s ", rt_scope_name(a->scope, b1, sizeof(b1)));
	if (a->flags & IFA_F_SECONDARY)
		jw_true(w, "secondary", "secondary ");
	if (a->flags & IFA_F_NOPREFIXROUTE)
		jw_true(w, "noprefixroute", "noprefixroute ");
	jw_str(w, "label", "%s", a->label[0] ? a->label : n->name);
	jw_puts(w, "\n       valid_lft forever preferred_lft forever\n");
	/* INFINITY_LIFE_TIME */
	jw_json_uint(w, "valid_life_time", 4294967295ull);
	jw_json_uint(w, "preferred_life_time", 4294967295ull);
	jw_obj_end(w);
}

static int addr_show(struct host *h, bool inet_only, const struct ip_print *pr, int argc,
		     char **argv, struct cmd_out *o)
{
	const char *dev = NULL;
	struct jw w;

	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (strcmp(*argv, "up") == 0 || strcmp(*argv, "scope") == 0 ||
			   strcmp(*argv, "label") == 0) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not filter \"ip addr show\" by \"%s\".",
				       *argv);
		} else if (!dev) {
			dev = *argv;
		}
		argc--, argv++;
	}
	if (dev && !host_nic(h, dev))
		return cmd_err(o, IP_EXIT_FAIL, "Device \"%s\" does not exist.", dev);
	jw_start(&w, &o->out, pr->json, pr->pretty);
	for (size_t i = 0; i < h->nnic; i++) {
		const struct nic *n = &h->nics[i];

		if (dev && strcmp(n->name, dev) != 0)
			continue;
		if (inet_only && n->naddr == 0)
			continue;
		jw_obj(&w, NULL);
		fmt_link_header(h, n, true, &w);
		if (inet_only && link_other_netns(h, n) && !w.json && o->out.len > 0) {
			/* no link/ether line with -4: iproute2 puts the peer's netns on the header */
			o->out.buf[--o->out.len] = '\0';
			fmt_peer_netns(h, n, &w);
			strbuf_puts(&o->out, "\n");
		} else if (inet_only && link_other_netns(h, n)) {
			fmt_peer_netns(h, n, &w);
		}
		if (!inet_only)
			fmt_link_l2(h, n, true, &w);
		jw_arr(&w, "addr_info");
		for (size_t j = 0; j < n->naddr; j++)
			fmt_addr(n, &n->addrs[j], &w);
		jw_arr_end(&w);
		if (pr->stats)
			fmt_link_stats(n, &o->out);
		jw_obj_end(&w);
	}
	jw_finish(&w);
	return 0;
}

/* An `ip address add|del` request as iproute2 reads it */
struct addr_req {
	struct addr a;
	const char *dev, *label;
	bool local_ok, brd_plus, brd_minus, brd_given, scope_ok;
	int plen; /* -1: not given */
};

/* brd + | - | ADDR */
static int addr_brd(const char *arg, struct addr_req *q, struct cmd_out *o)
{
	if (strcmp(arg, "+") == 0)
		q->brd_plus = true;
	else if (strcmp(arg, "-") == 0)
		q->brd_minus = true;
	else if (!ip_parse(arg, &q->a.brd))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: inet address is expected rather than \"%s\".", arg);
	return 0;
}

/* [local] PREFIX: the word no keyword took */
static int addr_local(int argc, char **argv, struct addr_req *q, int *used, struct cmd_out *o)
{
	*used = 0;
	if (strcmp(*argv, "local") == 0) {
		if (argc < 2)
			return E_INCOMPLETE(o);
		argv++, *used = 1;
	}
	if (q->local_ok)
		return cmd_err(o, IP_EXIT_SYNTAX,
			       "Error: either \"local\" is duplicate, or \"%s\" is a garbage.",
			       *argv);
	if (!prefix_parse(*argv, &q->a.local, &q->plen))
		return cmd_err(o, IP_EXIT_FAIL,
			       "Error: any valid prefix is expected rather than \"%s\".", *argv);
	q->local_ok = true;
	return 0;
}

/* ipaddr_modify()'s keyword loop */
static int addr_parse(int argc, char **argv, struct addr_req *q, struct cmd_out *o)
{
	int rc = 0, used, s;

	for (; argc > 0 && rc == 0; argc--, argv++) {
		if (strcmp(*argv, "peer") == 0 || strcmp(*argv, "remote") == 0 ||
		    matches(*argv, "anycast")) {
			return cmd_err(o, IP_EXIT_FAIL,
				       "Error: pktpath does not model \"%s\" addresses.", *argv);
		} else if (matches(*argv, "broadcast") || strcmp(*argv, "brd") == 0) {
			NEXT_ARG();
			if (q->brd_given)
				return duparg(o, "broadcast", *argv);
			q->brd_given = true;
			rc = addr_brd(*argv, q, o);
		} else if (strcmp(*argv, "scope") == 0) {
			NEXT_ARG();
			if (!rt_scope_parse(*argv, &s))
				return invarg(o, "invalid scope value.", *argv);
			q->a.scope = (uint8_t)s;
			q->scope_ok = true;
		} else if (strcmp(*argv, "dev") == 0 || strcmp(*argv, "label") == 0) {
			bool dev = argv[0][0] == 'd';

			NEXT_ARG();
			*(dev ? &q->dev : &q->label) = *argv;
		} else if (matches(*argv, "metric") || matches(*argv, "priority") ||
			   matches(*argv, "preference")) {
			NEXT_ARG();
			if (!parse_u32(*argv, &q->a.metric))
				return invarg(o, "\"metric\" value is invalid\n", *argv);
		} else if (strcmp(*argv, "valid_lft") == 0 || strcmp(*argv, "preferred_lft") == 0) {
			NEXT_ARG();
			if (strcmp(*argv, "forever") != 0)
				return cmd_err(o, IP_EXIT_FAIL,
					       "Error: pktpath models only \"forever\" lifetimes.");
		} else if (strcmp(*argv, "noprefixroute") == 0) {
			q->a.flags |= IFA_F_NOPREFIXROUTE;
		} else if (strcmp(*argv, "nodad") == 0 || strcmp(*argv, "home") == 0 ||
			   strcmp(*argv, "mngtmpaddr") == 0 || strcmp(*argv, "autojoin") == 0) {
			/* IPv6-only flags: the kernel clears them on IPv4 addresses */
		} else {
			rc = addr_local(argc, argv, q, &used, o);
			argc -= used, argv += used;
		}
	}
	return rc;
}

/* iproute2's words before it deletes by address alone */
static void wildcard_warning(uint32_t local, struct cmd_out *o)
{
	cmd_err(o, CMD_EXIT_OK,
		"Warning: Executing wildcard deletion to stay compatible with old scripts.");
	cmd_err(o, CMD_EXIT_OK,
		"         Explicitly specify the prefix length (%s/32) to avoid this warning.",
		ip_str(local));
	cmd_err(o, CMD_EXIT_OK,
		"         This special behaviour is likely to disappear in further releases,");
	cmd_err(o, CMD_EXIT_OK, "         fix your scripts!");
}

/* What iproute2 fills in: /32 when no length was given, brd + or -, scope host for
 * 127/8, the label (the device's name unless given) */
static void addr_fill(struct addr_req *q, bool add, const char *devname)
{
	int plen = q->plen < 0 ? 32 : q->plen;

	q->a.plen = (uint8_t)plen;
	if (add && q->brd_plus && plen < 31)
		q->a.brd = q->a.local | ~ip_mask(plen);
	else if (add && q->brd_minus && plen < 31)
		q->a.brd = q->a.local & ip_mask(plen);
	if (!q->scope_ok && (q->a.local & 0xff000000u) == 0x7f000000u)
		q->a.scope = RT_SCOPE_HOST;
	snprintf(q->a.label, sizeof(q->a.label), "%s", q->label ? q->label : devname);
}

static int addr_modify(struct cmd_ctx *ctx, struct host *h, bool add, int argc, char **argv,
		       struct cmd_out *o)
{
	struct addr_req q = { .plen = -1 };
	struct diag d = { 0 };
	struct nic *n;
	int rc;

	if ((rc = addr_parse(argc, argv, &q, o)) != 0)
		return rc;
	if (!q.dev)
		return cmd_err(o, IP_EXIT_FAIL,
			       "Not enough information: \"dev\" argument is required.");
	if (cmd_applying(ctx, h)) {
		/* --apply: what iproute2 sends; the kernel finds (or refuses) the address */
		struct kedit e;

		if (!(n = host_nic(h, q.dev)))
			return no_dev(o, q.dev);
		memset(&e, 0, sizeof(e));
		e.op = add ? KEDIT_ADDR_ADD : KEDIT_ADDR_DEL;
		e.ifindex = n->ifindex;
		e.local_given = q.local_ok;
		e.plen_given = q.plen >= 0;
		e.label_given = q.label != NULL;
		if (!add && q.plen < 0)
			wildcard_warning(q.a.local, o);
		addr_fill(&q, add, "");
		e.addr = q.a;
		return ctx->kedit(ctx, h, &e, o);
	}
	if (!q.local_ok)
		return cmd_err(o, IP_EXIT_KERNEL, "RTNETLINK answers: Invalid argument");
	if (!(n = host_nic(h, q.dev)))
		return no_dev(o, q.dev);
	if (!add) {
		if (q.plen < 0)
			wildcard_warning(q.a.local, o);
		if (host_addr_delete(h, n, q.a.local, q.plen, q.label, &d) < 0)
			return cmd_err(o, IP_EXIT_KERNEL, "%s", d.msg);
		return 0;
	}
	addr_fill(&q, true, n->name);
	if (host_addr_add(h, n, &q.a, &d) < 0)
		return cmd_err(o, IP_EXIT_KERNEL, "%s", d.msg);
	return 0;
}

static int addr_flush(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	const char *dev = NULL;
	struct nic *n;

	while (argc > 0) {
		if (strcmp(*argv, "dev") == 0) {
			NEXT_ARG();
			dev = *argv;
		} else if (!dev) {
			dev = *argv;
		}
		argc--, argv++;
	}
	if (!dev)
		return cmd_err(o, IP_EXIT_FAIL, "Flush requires arguments.");
	n = host_nic(h, dev);
	if (!n)
		return cmd_err(o, IP_EXIT_FAIL, "Device \"%s\" does not exist.", dev);
	/* iproute2 deletes in dump order; a deleted primary takes its secondaries along */
	while (n->naddr > 0) {
		host_addr_del_at(h, n, 0);
		n = host_nic(h, dev);
	}
	return 0;
}

int ip_addr_cmd(struct cmd_ctx *ctx, struct host *h, bool inet_only, const struct ip_print *pr,
		int argc, char **argv, struct cmd_out *o)
{
	if (argc < 1)
		return addr_show(h, inet_only, pr, 0, argv, o);
	if (matches(*argv, "add"))
		return addr_modify(ctx, h, true, argc - 1, argv + 1, o);
	if (matches(*argv, "delete"))
		return addr_modify(ctx, h, false, argc - 1, argv + 1, o);
	if (matches(*argv, "list") || matches(*argv, "show") || matches(*argv, "lst"))
		return addr_show(h, inet_only, pr, argc - 1, argv + 1, o);
	if (matches(*argv, "flush")) {
		if (cmd_apply_refuse(ctx, h, o, "ip addr flush"))
			return o->rc;
		return addr_flush(h, argc - 1, argv + 1, o);
	}
	return cmd_err(o, IP_EXIT_SYNTAX, "Command \"%s\" is unknown, try \"ip address help\".",
		       *argv);
}
