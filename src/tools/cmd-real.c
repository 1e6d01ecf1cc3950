/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd-real: `ss` and `conntrack -L` on a host imported from a real namespace: the
 * kernel's own sockets (inet_diag) and conntrack entries (ctnetlink), read through the
 * front end's hooks (ctx->ksock_list, ctx->kct_list: the libnl adapter). Output:
 * - ss: close to `ss -tuna` (iproute2 6.1): Netid, State, Recv-Q, Send-Q, Local
 *   Address:Port, Peer Address:Port; -t -u -a -l -n as ss reads them (default: connected
 *   sockets only, like ss); UDP first, then TCP, each in the kernel's dump order;
 * - conntrack -L: conntrack-tools 1.4.7 (libnetfilter_conntrack's default format), in
 *   the kernel's dump order, the count line on stderr; filters -p -s -d --sport --dport.
 * Simulated hosts keep the simulated `ss` (sock.c) and `conntrack` (cmd-conntrack.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define CT_V "conntrack v1.4.7 (conntrack-tools): "

/* ss's sstate_name[] (TCP_* numbering) */
static const char *ss_state(uint8_t s)
{
	static const char *const names[] = {
		"UNKNOWN",    "ESTAB",	   "SYN-SENT",	   "SYN-RECV",	 "FIN-WAIT-1",
		"FIN-WAIT-2", "TIME-WAIT", "UNCONN",	   "CLOSE-WAIT", "LAST-ACK",
		"LISTEN",     "CLOSING",   "NEW-SYN-RECV",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "UNKNOWN";
}

enum { TCP_ESTAB = 1, TCP_SYN_RECV_ = 3, TCP_TIME_WAIT_ = 6, TCP_CLOSE_ = 7, TCP_LISTEN_ = 10 };

/* ss: ADDR[%DEV]:PORT, port 0 = "*" */
static void addr_port(uint32_t a, const char *dev, uint16_t port, char *buf, size_t len)
{
	char p[8];

	snprintf(p, sizeof(p), port ? "%u" : "*", port);
	snprintf(buf, len, "%s%s%s:%s", ip_str(a), dev && *dev ? "%" : "", dev ? dev : "", p);
}

int ss_real(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	bool tcp = false, udp = false, all = false, listening = false;
	struct ksock *s = NULL;
	size_t n = 0;
	char msg[256] = "";

	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (w[0] != '-' || !w[1])
			return cmd_err(o, CMD_EXIT_FAIL,
				       "ss: pktpath reads only -t -u -a -l -n, not \"%s\"", w);
		for (const char *c = w + 1; *c; c++) {
			if (*c == 't')
				tcp = true;
			else if (*c == 'u')
				udp = true;
			else if (*c == 'a')
				all = true;
			else if (*c == 'l')
				listening = true;
			else if (*c != 'n')
				return cmd_err(o, CMD_EXIT_FAIL,
					       "ss: pktpath reads only -t -u -a -l -n, not \"-%c\"",
					       *c);
		}
	}
	if (!tcp && !udp)
		tcp = udp = true;
	if (ctx->ksock_list(h->netns, &s, &n, msg, sizeof(msg)) < 0)
		return cmd_err(o, CMD_EXIT_FAIL, "ss: %s", msg);
	strbuf_printf(&o->out, "%-5s %-10s %-6s %-6s %-21s %-21s\n", "Netid", "State", "Recv-Q",
		      "Send-Q", "Local Address:Port", "Peer Address:Port");
	for (int pass = 0; pass < 2; pass++) {
		uint8_t proto = pass == 0 ? 17 : 6;

		if ((proto == 17 && !udp) || (proto == 6 && !tcp))
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct ksock *k = &s[i];
			bool lst =
				k->state == TCP_LISTEN_ || (proto == 17 && k->state == TCP_CLOSE_);
			char la[48], pa[32];

			if (k->proto != proto)
				continue;
			if (listening && !all && !lst)
				continue;
			/* ss without -a/-l: connected sockets (SS_CONN) */
			if (!listening && !all &&
			    (lst || k->state == TCP_TIME_WAIT_ || k->state == TCP_SYN_RECV_))
				continue;
			addr_port(k->src, k->bound_dev, k->sport, la, sizeof(la));
			addr_port(k->dst, NULL, k->dport, pa, sizeof(pa));
			strbuf_printf(&o->out, "%-5s %-10s %-6u %-6u %-21s %-21s\n",
				      proto == 6 ? "tcp" : "udp", ss_state(k->state), k->rqueue,
				      k->wqueue, la, pa);
		}
	}
	free(s);
	return 0;
}

/* libnetfilter_conntrack's tcp state names */
static const char *ct_state(uint8_t s)
{
	static const char *const names[] = {
		"NONE",	      "SYN_SENT", "SYN_RECV",  "ESTABLISHED", "FIN_WAIT",
		"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE",	      "SYN_SENT2",
	};

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "UNKNOWN";
}

enum { IPS_SEEN_REPLY_ = 1u << 1, IPS_ASSURED_ = 1u << 2, IPS_OFFLOAD_ = 1u << 14 };

/* A protocol as conntrack(8) names it in -L (its own list, wider than iptables') */
static const char *ct_proto_name(uint8_t p)
{
	switch (p) {
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 132:
		return "sctp";
	case 33:
		return "dccp";
	case 136:
		return "udplite";
	case 47:
		return "gre";
	default:
		return "unknown";
	}
}

static void kct_fmt(const struct kct *e, struct strbuf *sb)
{
	strbuf_printf(sb, "%-8s %u %u ", ct_proto_name(e->proto), e->proto, e->timeout);
	if (e->proto == 6 && e->has_tcp_state)
		strbuf_printf(sb, "%s ", ct_state(e->tcp_state));
	for (int d = 0; d < 2; d++) {
		const struct kct_tuple *t = &e->t[d];

		strbuf_printf(sb, "src=%s ", ip_str(t->src));
		strbuf_printf(sb, "dst=%s ", ip_str(t->dst));
		if (e->proto == 1)
			strbuf_printf(sb, "type=%u code=%u id=%u ", t->icmp_type, t->icmp_code,
				      t->icmp_id);
		else if (e->proto == 6 || e->proto == 17 || e->proto == 132 || e->proto == 136)
			strbuf_printf(sb, "sport=%u dport=%u ", t->sport, t->dport);
		if (d == 0 && !(e->status & IPS_SEEN_REPLY_))
			strbuf_puts(sb, "[UNREPLIED] ");
	}
	if (e->status & IPS_ASSURED_)
		strbuf_puts(sb, "[ASSURED] ");
	if (e->status & IPS_OFFLOAD_)
		strbuf_puts(sb, "[OFFLOAD] ");
	strbuf_printf(sb, "mark=%u ", e->mark);
	if (e->zone)
		strbuf_printf(sb, "zone=%u ", e->zone);
	strbuf_printf(sb, "use=%u", e->use);
}

int conntrack_real(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	uint8_t proto = 0;
	uint32_t src = 0, dst = 0;
	bool has_src = false, has_dst = false;
	int sport = -1, dport = -1, shown = 0;
	struct kct *e = NULL;
	size_t n = 0;
	char msg[256] = "";

	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(w, "-L") || !strcmp(w, "--dump")) {
			continue;
		} else if (!strcmp(w, "-D") || !strcmp(w, "--delete") || !strcmp(w, "-F") ||
			   !strcmp(w, "--flush")) {
			return cmd_err(
				o, CMD_EXIT_FAIL,
				"conntrack: pktpath only lists the kernel's entries (-L); use "
				"the real conntrack to change them");
		} else if ((!strcmp(w, "-p") || !strcmp(w, "--proto")) && val) {
			i++;
			proto = !strcmp(val, "tcp")    ? 6
				: !strcmp(val, "udp")  ? 17
				: !strcmp(val, "icmp") ? 1
						       : (uint8_t)atoi(val);
		} else if ((!strcmp(w, "-s") || !strcmp(w, "--orig-src") || !strcmp(w, "--src")) &&
			   val) {
			i++;
			if (!ip_parse(val, &src))
				return cmd_err(o, CMD_EXIT_USAGE, CT_V "Bad parameter `%s'", val);
			has_src = true;
		} else if ((!strcmp(w, "-d") || !strcmp(w, "--orig-dst") || !strcmp(w, "--dst")) &&
			   val) {
			i++;
			if (!ip_parse(val, &dst))
				return cmd_err(o, CMD_EXIT_USAGE, CT_V "Bad parameter `%s'", val);
			has_dst = true;
		} else if ((!strcmp(w, "--sport") || !strcmp(w, "--orig-port-src")) && val) {
			i++;
			sport = atoi(val);
		} else if ((!strcmp(w, "--dport") || !strcmp(w, "--orig-port-dst")) && val) {
			i++;
			dport = atoi(val);
		} else {
			return cmd_err(o, CMD_EXIT_USAGE,
				       CT_V "Bad parameter `%s'\nTry `conntrack -h' or 'conntrack "
					    "--help' for more information.",
				       w);
		}
	}
	if (ctx->kct_list(h->netns, &e, &n, msg, sizeof(msg)) < 0)
		return cmd_err(o, CMD_EXIT_FAIL, "conntrack: %s", msg);
	for (size_t i = 0; i < n; i++) {
		const struct kct *k = &e[i];

		if ((proto && k->proto != proto) || (has_src && k->t[0].src != src) ||
		    (has_dst && k->t[0].dst != dst) || (sport >= 0 && k->t[0].sport != sport) ||
		    (dport >= 0 && k->t[0].dport != dport))
			continue;
		kct_fmt(k, &o->out);
		strbuf_puts(&o->out, "\n");
		shown++;
	}
	free(e);
	strbuf_printf(&o->err, CT_V "%d flow entries have been shown.\n", shown);
	return 0;
}
