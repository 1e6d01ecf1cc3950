/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmd-traffic: the traffic verbs of the command language. Each runs on one host (the
 * line's host prefix or the current host), runs the simulated exchange it starts until
 * no frame is in flight (no simulated time passes but wire latency), and, outside scenes,
 * groups its events in one trace step. Timers (ARP retries and neighbour failure, TCP
 * retransmission) only fire during `sleep` (path.h: the rule for time).
 *
 *   listen tcp ADDR:PORT [dev IF] [as NAME]
 *   connect tcp|udp ADDR:PORT [from ADDR[:PORT]] [dev IF] [as NAME]
 *   accept LISTENER [as NAME]
 *   send NAME TEXT [size N]              TCP, or connected UDP (size: UDP, text then zeros)
 *   sendto NAME ADDR:PORT TEXT [size N]  UDP (unconnected path: source chosen per datagram)
 *   close NAME
 *   udp bind ADDR:PORT [dev IF] [as NAME]       (0.0.0.0:0 = unbound)
 *   ping ADDR [from ADDR] [dev IF]
 *   inject tcp|udp src ADDR:PORT dst ADDR:PORT [flags SAFRP] [seq N] [ack N] [data TEXT] [dev IF]
 *   sleep SECONDS                        advance simulated time: due timers fire in order
 *   ss                                   list the host's sockets
 *
 * Not here: the packet path (path.c, sock.c). Output is a short human summary on
 * stdout; what happened in detail is in the trace.
 */
#include "base/i18n.h"
#include "cmd.h"
#include "grammar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/nf.h"
#include "net/sock.h"

/* Payloads are short text (struct pkt): longer text is refused, never cut. */
static int payload_check(const char *text, struct cmd_out *o)
{
	size_t n = strlen(text);

	if (n > PKT_PAYLOAD_MAX)
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("pktpath: payload too long (%zu bytes, at most %d)"), n,
			       PKT_PAYLOAD_MAX);
	return 0;
}

bool traffic_is_verb(const char *w)
{
	const struct gram_cmd *c = gram_cmd_find(w);

	return c && c->traffic;
}

static bool parse_addr_port(const char *s, uint32_t *a, uint16_t *port, bool port_required)
{
	char buf[64];
	char *colon;
	uint32_t v;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strrchr(buf, ':');
	*port = 0;
	if (colon) {
		*colon = '\0';
		if (!parse_u32(colon + 1, &v) || v > 65535)
			return false;
		*port = (uint16_t)v;
	} else if (port_required) {
		return false;
	}
	return ip_parse(buf, a);
}

static int fail(struct cmd_out *o, const struct diag *d)
{
	return cmd_err(o, CMD_EXIT_FAIL, "%s", d->msg);
}

/* The optional words shared by the socket verbs. Returns 0, or an error already in o. */
struct traffic_opts {
	const char *name;
	uint32_t from;
	uint16_t from_port;
	bool has_from;
	int dev;
	uint32_t uid, gid;	      /* the credentials the socket is opened with (-m owner) */
	uint32_t groups[SOCK_GROUPS]; /* and the supplementary groups */
	int ngroups;
	uint16_t echo_id; /* ping: the echo's identifier */
	uint16_t size;	  /* ping: the bytes of data after the ICMP header (ping -s) */
	int pmtudisc;	  /* IP_MTU_DISCOVER (ping -M), enum path_pmtudisc */
};

/* groups N[,N…]: the opener's supplementary groups */
static int parse_groups(const char *v, struct traffic_opts *t, struct cmd_out *o)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", v);
	t->ngroups = 0;
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (t->ngroups == SOCK_GROUPS)
			return cmd_err(o, CMD_EXIT_FAIL,
				       _("groups: pktpath models up to %d supplementary groups"),
				       SOCK_GROUPS);
		if (!parse_u32(w, &t->groups[t->ngroups]) || t->groups[t->ngroups] == UINT32_MAX)
			return cmd_err(o, CMD_EXIT_FAIL, _("invalid number: %s"), w);
		t->ngroups++;
	}
	if (!t->ngroups)
		return cmd_err(o, CMD_EXIT_FAIL, _("invalid number: %s"), v);
	return 0;
}

/* ping: the identifier of an echo when the scene names none (the kernel sends what the
 * application wrote into a raw socket's ICMP header) */
enum { PING_ID_DEFAULT = 1, PING_SIZE_MAX = 65535 - 28, UDP_SIZE_MAX = 65535 - 28 };

/* which words a verb takes beside as, from, uid, gid, groups and dev */
enum {
	OPT_PING = 1,	  /* id, size, and pmtudisc as ping -M spells it */
	OPT_PMTUDISC = 2, /* pmtudisc: all of IP_MTU_DISCOVER's modes */
	OPT_PMTU_TCP = 4, /* pmtudisc on a TCP socket: want, dont or do */
};

/* pmtudisc M: 0, or an error already in o */
static int parse_pmtudisc(const char *v, unsigned opts, struct traffic_opts *t, struct cmd_out *o)
{
	int n = opts & OPT_PING ? PMTUDISC_PROBE + 1 : PMTUDISC__COUNT, m;

	for (m = 0; m < n && strcmp(v, path_pmtudisc_word((enum path_pmtudisc)m)) != 0; m++)
		;
	if (m == n)
		return cmd_err(o, CMD_EXIT_FAIL,
			       opts & OPT_PING
				       ? _("invalid pmtudisc: %s (do, want, dont or probe)")
				       : _("invalid pmtudisc: %s (do, want, dont, probe, interface "
					   "or omit)"),
			       v);
	if ((opts & OPT_PMTU_TCP) && m != PMTUDISC_WANT && m != PMTUDISC_DONT && m != PMTUDISC_DO)
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("pktpath: IP_MTU_DISCOVER %s on a TCP socket is not modelled "
				 "(want, dont and do are)"),
			       v);
	t->pmtudisc = m;
	return 0;
}

static int parse_opts(struct host *h, int argc, char **argv, struct traffic_opts *t, unsigned opts,
		      struct cmd_out *o)
{
	bool ping = opts & OPT_PING;

	memset(t, 0, sizeof(*t));
	t->echo_id = PING_ID_DEFAULT;
	for (int i = 0; i < argc; i++) {
		if (i + 1 >= argc)
			return cmd_err(o, CMD_EXIT_FAIL, _("%s: missing value"), argv[i]);
		if (strcmp(argv[i], "as") == 0) {
			t->name = argv[++i];
		} else if (strcmp(argv[i], "from") == 0) {
			if (!parse_addr_port(argv[++i], &t->from, &t->from_port, false))
				return cmd_err(o, CMD_EXIT_FAIL, _("invalid address: %s"), argv[i]);
			t->has_from = true;
		} else if (strcmp(argv[i], "uid") == 0 || strcmp(argv[i], "gid") == 0) {
			uint32_t *v = argv[i][0] == 'u' ? &t->uid : &t->gid;

			if (!parse_u32(argv[++i], v) || *v == UINT32_MAX)
				return cmd_err(o, CMD_EXIT_FAIL, _("invalid number: %s"), argv[i]);
		} else if (strcmp(argv[i], "groups") == 0) {
			if (parse_groups(argv[++i], t, o))
				return o->rc;
		} else if (ping && strcmp(argv[i], "id") == 0) {
			uint32_t v;

			if (!parse_u32(argv[++i], &v) || v > UINT16_MAX)
				return cmd_err(o, CMD_EXIT_FAIL, _("invalid number: %s"), argv[i]);
			t->echo_id = (uint16_t)v;
		} else if ((opts & (OPT_PING | OPT_PMTUDISC)) && strcmp(argv[i], "pmtudisc") == 0) {
			if (parse_pmtudisc(argv[++i], opts, t, o))
				return o->rc;
		} else if (ping && strcmp(argv[i], "size") == 0) {
			uint32_t v;

			/* ping -s: at most 65507, what fits in an IPv4 datagram */
			if (!parse_u32(argv[++i], &v) || v > PING_SIZE_MAX)
				return cmd_err(o, CMD_EXIT_FAIL,
					       _("invalid size: %s (0 to %d bytes of data)"),
					       argv[i], PING_SIZE_MAX);
			t->size = (uint16_t)v;
		} else if (strcmp(argv[i], "dev") == 0) {
			struct nic *n = host_nic(h, argv[++i]);

			if (!n)
				return cmd_err(o, CMD_EXIT_FAIL, "Cannot find device \"%s\"",
					       argv[i]);
			t->dev = n->ifindex;
		} else {
			return cmd_err(o, CMD_EXIT_FAIL, _("unknown keyword: %s"), argv[i]);
		}
	}
	return 0;
}

static struct sock *need_sock(struct host *h, const char *name, struct cmd_out *o)
{
	struct sock *sk = sock_find(h, name);

	if (!sk)
		cmd_err(o, CMD_EXIT_FAIL, _("no such socket on %s: %s"), h->name, name);
	return sk;
}

static uint8_t parse_flags(const char *s, bool *ok)
{
	uint8_t f = 0;

	*ok = true;
	for (; *s; s++) {
		switch (*s) {
		case 'S':
			f |= TCPF_SYN;
			break;
		case 'A':
		case '.':
			f |= TCPF_ACK;
			break;
		case 'F':
			f |= TCPF_FIN;
			break;
		case 'R':
			f |= TCPF_RST;
			break;
		case 'P':
			f |= TCPF_PSH;
			break;
		default:
			*ok = false;
		}
	}
	return f;
}

static int do_inject(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct pkt p;
	struct diag d = { 0 };
	int dev = 0;
	bool has_src = false, has_dst = false;

	memset(&p, 0, sizeof(p));
	if (argc < 1)
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("usage: inject tcp|udp src ADDR:PORT dst ADDR:PORT [flags SAFRP] "
				 "[data TEXT]"));
	if (strcmp(argv[0], "tcp") == 0)
		p.proto = PKT_PROTO_TCP;
	else if (strcmp(argv[0], "udp") == 0)
		p.proto = PKT_PROTO_UDP;
	else
		return cmd_err(o, CMD_EXIT_FAIL, _("inject: tcp or udp, not %s"), argv[0]);
	for (int i = 1; i < argc; i++) {
		const char *k = argv[i];
		uint32_t v;

		if (i + 1 >= argc)
			return cmd_err(o, CMD_EXIT_FAIL, _("%s: missing value"), k);
		if (strcmp(k, "src") == 0) {
			if (!parse_addr_port(argv[++i], &p.src, &p.sport, true))
				return cmd_err(o, CMD_EXIT_FAIL, _("invalid ADDR:PORT: %s"),
					       argv[i]);
			has_src = true;
		} else if (strcmp(k, "dst") == 0) {
			if (!parse_addr_port(argv[++i], &p.dst, &p.dport, true))
				return cmd_err(o, CMD_EXIT_FAIL, _("invalid ADDR:PORT: %s"),
					       argv[i]);
			has_dst = true;
		} else if (strcmp(k, "flags") == 0) {
			bool ok;

			p.tcp_flags = parse_flags(argv[++i], &ok);
			if (!ok)
				return cmd_err(o, CMD_EXIT_FAIL,
					       _("invalid TCP flags: %s (letters S A F R P)"),
					       argv[i]);
		} else if (strcmp(k, "seq") == 0 || strcmp(k, "ack") == 0) {
			if (!parse_u32(argv[++i], &v))
				return cmd_err(o, CMD_EXIT_FAIL, _("invalid number: %s"), argv[i]);
			if (k[0] == 's')
				p.seq = v;
			else
				p.ack = v;
		} else if (strcmp(k, "mss") == 0) { /* a TCP MSS option */
			if (!parse_u32(argv[++i], &v) || v < 1 || v > 65535 ||
			    p.proto != PKT_PROTO_TCP)
				return cmd_err(o, CMD_EXIT_FAIL,
					       _("inject: mss: 1 to 65535, on tcp only, not %s"),
					       argv[i]);
			p.mss = (uint16_t)v;
		} else if (strcmp(k, "data") == 0) {
			if (payload_check(argv[++i], o))
				return o->rc;
			pkt_set_payload(&p, argv[i]);
		} else if (strcmp(k, "dev") == 0) {
			struct nic *n = host_nic(h, argv[++i]);

			if (!n)
				return cmd_err(o, CMD_EXIT_FAIL, "Cannot find device \"%s\"",
					       argv[i]);
			dev = n->ifindex;
		} else {
			return cmd_err(o, CMD_EXIT_FAIL, _("unknown keyword: %s"), k);
		}
	}
	if (!has_src || !has_dst)
		return cmd_err(o, CMD_EXIT_FAIL, _("inject: src and dst are required"));
	if (path_inject(h, &p, dev, &d))
		return fail(o, &d);
	return 0;
}

static int parse_seconds(const char *s, uint64_t *us)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0 || v > 86400)
		return -1;
	if (strcmp(end, "ms") == 0)
		v /= 1000;
	else if (*end && strcmp(end, "s") != 0)
		return -1;
	*us = (uint64_t)(v * 1000000.0 + 0.5);
	return 0;
}

/* "usage: …" as the command table has it */
static int usage(struct cmd_out *o, const char *verb)
{
	const struct gram_cmd *c = gram_cmd_find(verb);

	return cmd_err(o, CMD_EXIT_FAIL, "usage: %s", c ? c->usage : verb);
}

/* listen tcp ADDR:PORT …, connect tcp|udp ADDR:PORT … */
static int tr_listen_connect(struct host *h, const char *verb, int argc, char **argv,
			     struct cmd_out *o)
{
	struct sock_spec s = { 0 };
	struct traffic_opts t;
	struct diag d = { 0 };
	struct sock *sk = NULL;
	uint32_t a;
	uint16_t port;

	if (argc < 2 || (strcmp(argv[0], "tcp") != 0 && strcmp(argv[0], "udp") != 0))
		return usage(o, verb);
	if (!parse_addr_port(argv[1], &a, &port, true))
		return cmd_err(o, CMD_EXIT_FAIL, _("invalid ADDR:PORT: %s"), argv[1]);
	s.proto = strcmp(argv[0], "tcp") == 0 ? PKT_PROTO_TCP : PKT_PROTO_UDP;
	if (parse_opts(h, argc - 2, argv + 2, &t,
		       OPT_PMTUDISC | (s.proto == PKT_PROTO_TCP ? OPT_PMTU_TCP : 0), o))
		return o->rc;
	s.pmtudisc = (enum path_pmtudisc)t.pmtudisc;
	s.dev = t.dev;
	s.name = t.name;
	s.uid = t.uid;
	s.gid = t.gid;
	s.groups = t.groups;
	s.ngroups = t.ngroups;
	if (verb[0] == 'l') {
		if (s.proto != PKT_PROTO_TCP)
			return cmd_err(o, CMD_EXIT_FAIL,
				       _("listen: tcp only (UDP servers use \"udp bind\")"));
		s.laddr = a;
		s.lport = port;
		if (sock_listen(h, &s, &sk, &d))
			return fail(o, &d);
		strbuf_printf(&o->out, _("%s: listening on %s:%u\n"), sk->name, ip_str(a), port);
		return 0;
	}
	s.daddr = a;
	s.dport = port;
	s.laddr = t.from;
	s.lport = t.from_port;
	if (sock_connect(h, &s, &sk, &d))
		return fail(o, &d);
	if (s.proto == PKT_PROTO_UDP)
		strbuf_printf(&o->out, _("%s: connected %s:%u -> %s:%u via %s\n"), sk->name,
			      ip_str(sk->saddr), sk->sport, ip_str(sk->daddr), sk->dport,
			      path_dev_name(h, sk->dst.dev));
	else
		strbuf_printf(&o->out, "%s: %s %s:%u -> %s:%u\n", sk->name,
			      tcp_state_name(sk->state), ip_str(sk->saddr), sk->sport,
			      ip_str(sk->daddr), sk->dport);
	return 0;
}

static int tr_accept(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	struct traffic_opts t;
	struct diag d = { 0 };
	struct sock *lsk, *c = NULL;

	if (argc < 1)
		return usage(o, verb);
	if (!(lsk = need_sock(h, argv[0], o)) || parse_opts(h, argc - 1, argv + 1, &t, 0, o))
		return o->rc;
	if (sock_accept(
		    h, lsk, t.name,
		    &(struct sock_spec){
			    .uid = t.uid, .gid = t.gid, .groups = t.groups, .ngroups = t.ngroups },
		    &c, &d))
		return fail(o, &d);
	strbuf_printf(&o->out, "%s: %s:%u <- %s:%u\n", c->name, ip_str(c->saddr), c->sport,
		      ip_str(c->daddr), c->dport);
	return 0;
}

/* send NAME TEXT [size N], sendto NAME ADDR:PORT TEXT [size N] */
static int tr_send(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	bool to = strcmp(verb, "sendto") == 0;
	struct diag d = { 0 };
	struct sock *sk;
	uint32_t a = 0, size = 0;
	uint16_t port = 0;

	if (argc == (to ? 5 : 4) && strcmp(argv[argc - 2], "size") == 0) {
		/* a UDP datagram of N bytes: the text, then zeros */
		if (!parse_u32(argv[argc - 1], &size) || size > UDP_SIZE_MAX ||
		    size < strlen(argv[argc - 3]))
			return cmd_err(o, CMD_EXIT_FAIL,
				       _("invalid size: %s (the text's length to %d bytes)"),
				       argv[argc - 1], UDP_SIZE_MAX);
		argc -= 2;
	}
	if (argc != (to ? 3 : 2))
		return usage(o, verb);
	if (!(sk = need_sock(h, argv[0], o)))
		return o->rc;
	if (size && sk->proto != PKT_PROTO_UDP)
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("pktpath: size is for UDP datagrams; TCP data is the text alone"));
	if (to && !parse_addr_port(argv[1], &a, &port, true))
		return cmd_err(o, CMD_EXIT_FAIL, _("invalid ADDR:PORT: %s"), argv[1]);
	if (payload_check(argv[argc - 1], o))
		return o->rc;
	if (strlen(argv[argc - 1]) > sock_write_max(h, sk))
		return cmd_err(o, CMD_EXIT_FAIL,
			       _("pktpath: this write would make a segment of the connection's "
				 "MSS or more (at most %u bytes fit now): full-sized segments "
				 "are not modelled"),
			       sock_write_max(h, sk));
	if (size)
		size -= (uint32_t)strlen(argv[argc - 1]);
	if (to ? sock_sendto(h, sk, a, port, argv[2], (uint16_t)size, &d)
	       : sock_send(h, sk, argv[1], (uint16_t)size, &d))
		return fail(o, &d);
	return 0;
}

static int tr_close(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	struct diag d = { 0 };
	struct sock *sk;

	if (argc != 1)
		return usage(o, verb);
	if (!(sk = need_sock(h, argv[0], o)))
		return o->rc;
	sock_close(h, sk, &d);
	return 0;
}

static int tr_udp(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	struct sock_spec s = { 0 };
	struct traffic_opts t;
	struct diag d = { 0 };
	struct sock *sk = NULL;

	if (argc < 2 || strcmp(argv[0], "bind") != 0)
		return usage(o, verb);
	if (!parse_addr_port(argv[1], &s.laddr, &s.lport, true))
		return cmd_err(o, CMD_EXIT_FAIL, _("invalid ADDR:PORT: %s"), argv[1]);
	if (parse_opts(h, argc - 2, argv + 2, &t, OPT_PMTUDISC, o))
		return o->rc;
	s.proto = PKT_PROTO_UDP;
	s.pmtudisc = (enum path_pmtudisc)t.pmtudisc;
	s.dev = t.dev;
	s.name = t.name;
	s.uid = t.uid;
	s.gid = t.gid;
	s.groups = t.groups;
	s.ngroups = t.ngroups;
	if (sock_udp_bind(h, &s, &sk, &d))
		return fail(o, &d);
	strbuf_printf(&o->out, _("%s: bound to %s:%u\n"), sk->name, ip_str(sk->rcv_saddr),
		      sk->sport);
	return 0;
}

static int tr_ping(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	struct traffic_opts t;
	struct diag d = { 0 };
	struct nf_owner ow = { 0 };
	uint32_t a;

	if (argc < 1 || !ip_parse(argv[0], &a))
		return usage(o, verb);
	if (parse_opts(h, argc - 1, argv + 1, &t, OPT_PING, o))
		return o->rc;
	ow.uid = t.uid;
	ow.gid = t.gid;
	ow.ngroups = (uint8_t)t.ngroups;
	memcpy(ow.groups, t.groups, sizeof(ow.groups));
	if (path_ping(h,
		      &(struct path_ping_req){ .daddr = a,
					       .saddr = t.from,
					       .oif = t.dev,
					       .id = t.echo_id,
					       .size = t.size,
					       .pmtudisc = (enum path_pmtudisc)t.pmtudisc },
		      &ow, &d))
		return cmd_err(o, CMD_EXIT_FAIL, "ping: %s", d.msg);
	return 0;
}

static int tr_inject(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	(void)verb;
	return do_inject(h, argc, argv, o);
}

static int tr_sleep(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	uint64_t us;

	if (argc != 1 || parse_seconds(argv[0], &us))
		return usage(o, verb);
	path_sleep(h->sim, us);
	return 0;
}

static int tr_ss(struct host *h, const char *verb, int argc, char **argv, struct cmd_out *o)
{
	(void)verb, (void)argc, (void)argv;
	sock_list(h, &o->out);
	return 0;
}

static int traffic_run(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	static const struct {
		const char *verb;
		int (*fn)(struct host *h, const char *verb, int argc, char **argv,
			  struct cmd_out *o);
	} verbs[] = {
		{ "listen", tr_listen_connect },
		{ "connect", tr_listen_connect },
		{ "accept", tr_accept },
		{ "send", tr_send },
		{ "sendto", tr_send },
		{ "close", tr_close },
		{ "udp", tr_udp },
		{ "ping", tr_ping },
		{ "inject", tr_inject },
		{ "sleep", tr_sleep },
		{ "ss", tr_ss },
	};

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(argv[0], verbs[i].verb) == 0)
			return verbs[i].fn(h, argv[0], argc - 1, argv + 1, o);
	return cmd_err(o, CMD_EXIT_NOT_FOUND, "%s: command not found", argv[0]);
}

int traffic_main(struct cmd_ctx *ctx, struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct trace *t = ctx->sim->trace;

	if (t && !t->scene_steps && strcmp(argv[0], "ss") != 0) {
		struct strbuf label;

		strbuf_init(&label);
		strbuf_printf(&label, "%s", h->name);
		for (int i = 0; i < argc; i++)
			strbuf_printf(&label, " %s", argv[i]);
		trace_step_begin(t, label.buf);
		strbuf_release(&label);
	}
	return traffic_run(h, argc, argv, o);
}
