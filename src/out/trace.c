/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace: the event list and its two renderings (docs/architecture.md, "Trace format").
 *
 * Text (one line per event, stable and greppable; fields absent from an event are left
 * out, never printed empty, except IN= and OUT= which are always there as in iptables LOG):
 *
 *   t=SEC.USEC pkt=ID HOST STAGE [HOOK TABLE] IN=IF OUT=IF
 *     IP:   SRC=A DST=A PROTO=TCP|UDP|ICMP SPT=P DPT=P [FLAGS=SYN,ACK SEQ=N ACK=N]
 *           [TYPE=T CODE=C [ID=N SEQ=N] [GW=A] [[SRC=A DST=A PROTO=P SPT=P DPT=P]]]
 *           LEN=N [TTL=N] [DATA="text"] (ID/SEQ: an echo; the bracket: the header an
 *           error quotes, an echo's as TYPE= CODE= ID=)
 *           (TTL= once the IP header has one: not on the socket's and routing's events)
 *     ARP:  ARP=request|reply SIP=A TIP=A
 *     L2 stages (neigh, nic-tx, wire, nic-rx) add MACSRC=M MACDST=M [TO=HOST:IF]
 *     [src:ORIGIN dst:ORIGIN sport:ORIGIN dport:ORIGIN oif:ORIGIN]
 *     VERDICT [errno=ENAME] [sock=NAME] | why
 *
 * The jsonl rendering carries the same facts with docs/architecture.md's key names. Nothing here
 * reads the model: events are values (trace.h).
 */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define X_NAME(id, name, help) name,
static const char *const stage_names[] = { TRACE_STAGE_LIST(X_NAME) };
#undef X_NAME
#define X_NAME(id, name) name,
static const char *const origin_names[] = { ORIGIN_LIST(X_NAME) };
#undef X_NAME

static const char *const field_names[FIELD__COUNT] = { "src", "dst", "sport", "dport", "oif" };

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	t->title = t->title_ru = "";
}

void trace_release(struct trace *t)
{
	if (!t)
		return;
	free(t->ev);
	free(t->steps);
	strpool_release(&t->pool);
	memset(t, 0, sizeof(*t));
}

size_t trace_bytes(const struct trace *t)
{
	return t->cap * sizeof(*t->ev) + t->pool.bytes;
}

/* Payloads live for the program's life: packets are copied by value into queues,
 * checkpoints and events, and all of them share the text. A payload's id indexes
 * payload_text; payload_slots finds the id of a text (open addressing, 0 = empty). */
static struct strpool payload_pool;
static struct strpool text_pool;

const char *trace_text_intern(const char *text)
{
	return strpool_add(&text_pool, text ? text : "");
}
static const char **payload_text;
static size_t payload_n = 1, payload_cap;
static uint32_t *payload_slots;
static size_t payload_nslots;

const char *pkt_payload(const struct pkt *p)
{
	return p->payload && p->payload < payload_n ? payload_text[p->payload] : "";
}

static void payload_slot_put(uint32_t *slots, size_t nslots, uint32_t id)
{
	const char *s = payload_text[id];
	size_t j = strpool_hash(s, strlen(s)) & (nslots - 1);

	while (slots[j])
		j = (j + 1) & (nslots - 1);
	slots[j] = id;
}

void pkt_quote(struct pkt *r, const struct pkt *p)
{
	/* all of it: icmp_send()'s room cuts it on the way out (path_kernel_reply) */
	unsigned len = pkt_ip_len(p);

	r->ack = p->dst;
	r->seq = ((uint32_t)p->sport << 16) | p->dport;
	r->quoted_proto = p->proto;
	r->icmp_id = p->proto == PKT_PROTO_ICMP ? p->icmp_id : 0;
	r->qlen = (uint16_t)len;
}

unsigned pkt_tcp_optlen(const struct pkt *p)
{
	unsigned n = p->mss ? 4 : 0;

	if (p->tcpo & TCPO_TS)
		n += 12; /* SACK permitted and TS, or NOP NOP TS */
	else if (p->tcpo & TCPO_SACKOK)
		n += 4; /* NOP NOP SACK permitted */
	if (p->tcpo & TCPO_WS)
		n += 4; /* NOP, window scale */
	if (p->tcpo & TCPO_DSACK)
		n += 12; /* NOP NOP, a SACK of one block */
	return n;
}

void pkt_tcp_opts_fmt(const struct pkt *p, struct strbuf *sb)
{
	const char *sep = "";

	if (p->mss)
		strbuf_puts(sb, "mss"), sep = ",";
	if (p->tcpo & TCPO_SACKOK)
		strbuf_printf(sb, "%ssackok", sep), sep = ",";
	if (p->tcpo & TCPO_TS)
		strbuf_printf(sb, "%sts", sep), sep = ",";
	if (p->tcpo & TCPO_WS)
		strbuf_printf(sb, "%sws", sep), sep = ",";
	if (p->tcpo & TCPO_DSACK)
		strbuf_printf(sb, "%ssack", sep);
}

unsigned pkt_data_len(const struct pkt *p)
{
	return (unsigned)strlen(pkt_payload(p)) + p->pad;
}

unsigned pkt_ip_len(const struct pkt *p)
{
	unsigned data = pkt_data_len(p);

	if (pkt_is_frag(p))
		return 20 + p->frag_len;
	switch (p->proto) {
	case PKT_PROTO_TCP:
		return 40 + pkt_tcp_optlen(p) + data;
	case PKT_PROTO_ICMP:
		return 28 + (icmp_type_is_error(p->sport) ? p->qlen : data);
	default:
		return 28 + data;
	}
}

void pkt_set_payload(struct pkt *p, const char *text)
{
	size_t n = text ? strnlen(text, PKT_PAYLOAD_MAX) : 0;
	size_t j;

	p->payload = 0;
	if (n == 0)
		return;
	if (payload_n * 4 > payload_nslots * 3) {
		size_t nslots = payload_nslots ? payload_nslots * 2 : 64;
		uint32_t *slots = xcalloc(nslots, sizeof(*slots));

		for (size_t id = 1; id < payload_n; id++)
			payload_slot_put(slots, nslots, (uint32_t)id);
		free(payload_slots);
		payload_slots = slots;
		payload_nslots = nslots;
	}
	j = strpool_hash(text, n) & (payload_nslots - 1);
	for (; payload_slots[j]; j = (j + 1) & (payload_nslots - 1)) {
		const char *s = payload_text[payload_slots[j]];

		if (strncmp(s, text, n) == 0 && s[n] == '\0') {
			p->payload = payload_slots[j];
			return;
		}
	}
	vec_reserve((void **)&payload_text, &payload_cap, payload_n + 1, sizeof(*payload_text));
	payload_text[payload_n] = strpool_addn(&payload_pool, text, n);
	payload_slots[j] = (uint32_t)payload_n;
	p->payload = (uint32_t)payload_n++;
}

/* streaming: the pending event out, after the headers of the steps up to its own */
static void stream_flush(struct trace *t)
{
	if (!t->pending)
		return;
	t->pending = false;
	while (t->emitted_steps <= (size_t)t->ev[0].step)
		t->emit(t->emit_arg, t, t->emitted_steps++, NULL);
	t->emit(t->emit_arg, t, (size_t)t->ev[0].step, &t->ev[0]);
}

void trace_stream_finish(struct trace *t)
{
	if (!t->emit)
		return;
	stream_flush(t);
	while (t->emitted_steps < t->nsteps)
		t->emit(t->emit_arg, t, t->emitted_steps++, NULL);
}

const struct trace_event *trace_at(const struct trace *t, size_t i)
{
	if (t->emit)
		return t->pending && i + 1 == t->n ? &t->ev[0] : NULL;
	if (t->count_only)
		return NULL;
	return i >= t->base && i < t->n ? &t->ev[i - t->base] : NULL;
}

void trace_step_begin(struct trace *t, const char *label)
{
	struct trace_step *s;

	if (t->step_only) {
		t->base = t->n; /* the finished steps' events go, and their strings */
		strpool_reset(&t->pool);
	}

	vec_reserve((void **)&t->steps, &t->step_cap, t->nsteps + 1, sizeof(*t->steps));
	s = &t->steps[t->nsteps++];
	memset(s, 0, sizeof(*s));
	s->first = (int)t->n;
	s->label = trace_text_intern(label);
	s->label_ru = "";
}

struct trace_step *trace_cur_step(struct trace *t)
{
	return t->nsteps ? &t->steps[t->nsteps - 1] : NULL;
}

/* Room for n events. The array grows by an eighth, not by doubling: at 100k events
 * doubling would leave up to half of it unused. realloc moves big blocks by remapping
 * pages, so the smaller steps cost little. */
static void ev_reserve(struct trace *t, size_t n)
{
	size_t c = t->cap;

	if (n <= c)
		return;
	c = c < 64 ? 64 : c + c / 8;
	if (c < n)
		c = n;
	t->ev = xrealloc(t->ev, c * sizeof(*t->ev));
	t->cap = c;
}

/* The length of a draft's sentence, without a UTF-8 sequence that vsnprintf cut in half
 * when the sentence filled its buffer of cap bytes. */
static size_t why_len(const char *why, size_t cap)
{
	size_t n = strlen(why), lead = n;

	if (n + 1 < cap)
		return n;
	while (lead > 0 && n - lead < 4 && ((unsigned char)why[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)why[lead - 1] >= 0xc0) {
		char seq[5] = "";

		memcpy(seq, why + lead - 1, n - lead + 1);
		if (!utf8_valid_len(seq))
			return lead - 1;
	}
	return n;
}

const struct trace_event *trace_add(struct trace *t, const struct trace_draft *ev)
{
	struct trace_event *e;

	/* what the caller of a full trace gets back: an empty event, its strings "" */
	static struct trace_event dropped = { .host_name = "",
					      .iif = "",
					      .oif = "",
					      .hook = NF_HOOK_NONE,
					      .table = NF_TABLE_NONE,
					      .rule = "",
					      .sock = "",
					      .peer_host = "",
					      .peer_if = "",
					      .why = "" };

	if (t->before_add)
		t->before_add(t->before_add_arg, t->n);
	if (t->max_events && t->n >= t->max_events) {
		t->overflow = true;
		return &dropped;
	}
	if (t->nsteps == 0)
		trace_step_begin(t, "");
	if (t->count_only) {
		t->n++;
		t->steps[t->nsteps - 1].count++;
		return &dropped;
	}
	if (t->emit) {
		stream_flush(t);
		strpool_reset(&t->pool); /* the emitted event's strings go with it */
		vec_reserve((void **)&t->ev, &t->cap, 1, sizeof(*t->ev));
		e = &t->ev[0];
		t->pending = true;
	} else {
		ev_reserve(t, t->n - t->base + 1);
		e = &t->ev[t->n - t->base];
	}
	memset(e, 0, sizeof(*e));
	e->seq = (int)t->n;
	e->step = (int)t->nsteps - 1;
	e->pkt_id = ev->pkt_id;
	e->host = ev->host;
	e->stage = (uint8_t)ev->stage;
	for (int f = 0; f < FIELD__COUNT; f++)
		e->from[f] = (uint8_t)ev->from[f];
	e->err = (int16_t)ev->err;
	e->time_us = ev->time_us;
	e->host_name = strpool_add(&t->pool, ev->host_name);
	e->iif = strpool_add(&t->pool, ev->iif);
	e->oif = strpool_add(&t->pool, ev->oif);
	e->verdict = (uint8_t)ev->verdict;
	/* only a netfilter event is at a hook (a draft's zero is PREROUTING) */
	e->hook = (uint8_t)(ev->stage == TRACE_NF ? ev->hook : NF_HOOK_NONE);
	e->table = (uint8_t)(ev->stage == TRACE_NF ? ev->table : NF_TABLE_NONE);
	e->rulenum = (int16_t)(ev->stage == TRACE_NF ? ev->rulenum : 0);
	e->rule = strpool_add(&t->pool, ev->stage == TRACE_NF ? ev->rule : "");
	e->sock = strpool_add(&t->pool, ev->sock);
	e->peer_host = strpool_add(&t->pool, ev->peer_host);
	e->peer_if = strpool_add(&t->pool, ev->peer_if);
	e->why = strpool_addn(&t->pool, ev->why, why_len(ev->why, sizeof(ev->why)));
	e->pkt = ev->pkt;
	e->route = ev->route;
	t->n++;
	t->steps[t->nsteps - 1].count++;
	return e;
}

const char *icmp_type_name(unsigned type)
{
	static const char *const names[] = {
		[0] = "echo-reply",	      [3] = "destination-unreachable",
		[4] = "source-quench",	      [5] = "redirect",
		[8] = "echo-request",	      [9] = "router-advertisement",
		[10] = "router-solicitation", [11] = "time-exceeded",
		[12] = "parameter-problem",   [13] = "timestamp-request",
		[14] = "timestamp-reply",     [17] = "address-mask-request",
		[18] = "address-mask-reply",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

const char *icmp_code_name(unsigned type, unsigned code)
{
	static const char *const unreach[] = {
		"network-unreachable",
		"host-unreachable",
		"protocol-unreachable",
		"port-unreachable",
		"fragmentation-needed",
		"source-route-failed",
		"network-unknown",
		"host-unknown",
		NULL,
		"network-prohibited",
		"host-prohibited",
		"TOS-network-unreachable",
		"TOS-host-unreachable",
		"communication-prohibited",
		"host-precedence-violation",
		"precedence-cutoff",
	};
	static const char *const redirect[] = { "network-redirect", "host-redirect",
						"TOS-network-redirect", "TOS-host-redirect" };
	static const char *const exceeded[] = { "ttl-zero-during-transit",
						"ttl-zero-during-reassembly" };

	if (type == 3 && code < sizeof(unreach) / sizeof(unreach[0]))
		return unreach[code];
	if (type == 5 && code < 4)
		return redirect[code];
	if (type == 11 && code < 2)
		return exceeded[code];
	return NULL;
}

bool trace_event_is_setup(const struct trace_event *e)
{
	return e->stage == TRACE_CONFIG ||
	       (e->stage == TRACE_APP_SEND &&
		(e->verdict == VERDICT_BIND || e->verdict == VERDICT_LISTEN ||
		 e->verdict == VERDICT_CLOSE));
}

bool trace_event_is_hop(const struct trace_event *e)
{
	switch (e->stage) {
	case TRACE_APP_SEND:
		return !trace_event_is_setup(e);
	case TRACE_ROUTE_OUT:
	case TRACE_ROUTE_IN:
	case TRACE_REROUTE:
	case TRACE_RP_FILTER:
	case TRACE_NIC_TX:
	case TRACE_NIC_RX:
	case TRACE_SOCK_DELIVER:
	case TRACE_APP_RECV:
	case TRACE_REPLY:
	case TRACE_DROP:
	case TRACE_ERROR:
	case TRACE_FRAG:
		return true;
	case TRACE_NF:
		/* netfilter that let the packet pass unchanged */
		return e->verdict != VERDICT_ACCEPT && e->verdict != VERDICT_NEW &&
		       e->verdict != VERDICT_CONFIRM && e->verdict != VERDICT_SKIP &&
		       e->verdict != VERDICT_NONE;
	case TRACE_NEIGH:
		return e->verdict == VERDICT_QUEUE || e->verdict == VERDICT_UPDATE;
	case TRACE_WIRE:
	case TRACE_CONFIG:
	case TRACE__COUNT:
		break;
	}
	return false;
}

const char *trace_stage_name(enum trace_stage s)
{
	return (unsigned)s < TRACE__COUNT ? stage_names[s] : "?";
}

#define X_NAME(id, name) name,
static const char *const verdict_names[] = { TRACE_VERDICT_LIST(X_NAME) };
#undef X_NAME

const char *trace_verdict_name(enum trace_verdict v)
{
	return (unsigned)v < VERDICT__COUNT ? verdict_names[v] : "?";
}

bool trace_verdict_parse(const char *name, enum trace_verdict *v)
{
	for (int i = 1; i < VERDICT__COUNT; i++)
		if (strcasecmp(name, verdict_names[i]) == 0) {
			*v = (enum trace_verdict)i;
			return true;
		}
	return false;
}

const char *nf_hook_name(enum nf_hook k)
{
	static const char *const names[] = { "PREROUTING", "INPUT",	  "FORWARD",
					     "OUTPUT",	   "POSTROUTING", "" };

	return (unsigned)k <= NF_HOOK_NONE ? names[k] : "?";
}

const char *nf_table_name(enum nf_table t)
{
	static const char *const names[] = { "filter", "nat", "mangle", "raw", "conntrack", "" };

	return (unsigned)t <= NF_TABLE_NONE ? names[t] : "?";
}

const char *origin_name(enum origin o)
{
	return (unsigned)o < ORIGIN__COUNT ? origin_names[o] : "?";
}

const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} tab[] = {
		{ ENETUNREACH, "ENETUNREACH" },
		{ EHOSTUNREACH, "EHOSTUNREACH" },
		{ EACCES, "EACCES" },
		{ EINVAL, "EINVAL" },
		{ ECONNREFUSED, "ECONNREFUSED" },
		{ ECONNRESET, "ECONNRESET" },
		{ ETIMEDOUT, "ETIMEDOUT" },
		{ EADDRINUSE, "EADDRINUSE" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ ENODEV, "ENODEV" },
		{ EPIPE, "EPIPE" },
		{ EAGAIN, "EAGAIN" },
		{ EISCONN, "EISCONN" },
		{ ENOTCONN, "ENOTCONN" },
		{ EXDEV, "EXDEV" },
		{ ENOENT, "ENOENT" },
		{ EDESTADDRREQ, "EDESTADDRREQ" },
		{ EPERM, "EPERM" },
		{ EMSGSIZE, "EMSGSIZE" },
	};

	if (e < 0)
		e = -e;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].e == e)
			return tab[i].name;
	return "E?";
}

const char *pkt_proto_name(uint8_t p)
{
	switch (p) {
	case PKT_PROTO_TCP:
		return "TCP";
	case PKT_PROTO_UDP:
		return "UDP";
	case PKT_PROTO_ICMP:
		return "ICMP";
	default:
		return "IP";
	}
}

void tcp_flags_fmt(uint8_t f, struct strbuf *sb)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} tab[] = { { TCPF_SYN, "SYN" },
		    { TCPF_FIN, "FIN" },
		    { TCPF_RST, "RST" },
		    { TCPF_PSH, "PSH" },
		    { TCPF_ACK, "ACK" } };
	bool first = true;

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (!(f & tab[i].bit))
			continue;
		strbuf_printf(sb, "%s%s", first ? "" : ",", tab[i].name);
		first = false;
	}
	if (first)
		strbuf_puts(sb, "NONE");
}

static bool stage_is_l2(enum trace_stage s)
{
	return s == TRACE_NEIGH || s == TRACE_NIC_TX || s == TRACE_WIRE || s == TRACE_NIC_RX;
}

static bool mac_zero(const uint8_t *m)
{
	for (int i = 0; i < 6; i++)
		if (m[i])
			return false;
	return true;
}

static void mac_put(const uint8_t *m, struct strbuf *sb)
{
	char mb[18];

	strbuf_puts(sb, mac_fmt(m, mb));
}

static bool has_packet(const struct trace_event *ev)
{
	return ev->pkt.is_arp || ev->pkt.proto != 0;
}

/* Text for the text line: bytes a terminal would act on (ASCII control bytes, DEL) and bytes
 * that are not valid UTF-8 are written as \xNN, so a trace never rings, moves the
 * cursor or garbles the terminal; with quoted (DATA="…"), the quote and the backslash
 * too, so the quoting stays unambiguous. */
static void text_put(struct strbuf *sb, const char *s, bool quoted)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = utf8_valid_len(s);

		if (c < 0x20 || c == 0x7f || n == 0 || (quoted && (c == '"' || c == '\\'))) {
			strbuf_printf(sb, "\\x%02x", c);
			s++;
		} else {
			strbuf_add(sb, s, n);
			s += n;
		}
	}
}

/* An ICMP error's quoted header in brackets, as the LOG target prints it */
static void text_quote(struct strbuf *sb, const struct pkt *p)
{
	strbuf_printf(sb, " [SRC=%s DST=%s PROTO=%s", ip_str(p->dst), ip_str(p->ack),
		      pkt_proto_name(p->quoted_proto));
	if (p->quoted_proto == PKT_PROTO_ICMP)
		strbuf_printf(sb, " TYPE=%u CODE=%u ID=%u]", p->seq >> 16, p->seq & 0xffff,
			      p->icmp_id);
	else
		strbuf_printf(sb, " SPT=%u DPT=%u]", p->seq >> 16, p->seq & 0xffff);
}

/* An ICMP error's quoted header: its source is the error's destination */
static void json_quote(struct strbuf *sb, const struct pkt *p)
{
	strbuf_printf(sb, ",\"quote\":{\"proto\":\"%s\",\"src\":\"%s\",\"dst\":\"%s\"",
		      p->quoted_proto == PKT_PROTO_TCP	 ? "tcp"
		      : p->quoted_proto == PKT_PROTO_UDP ? "udp"
							 : "icmp",
		      ip_str(p->dst), ip_str(p->ack));
	if (p->quoted_proto == PKT_PROTO_ICMP)
		strbuf_printf(sb, ",\"type\":%u,\"code\":%u,\"id\":%u}", p->seq >> 16,
			      p->seq & 0xffff, p->icmp_id);
	else
		strbuf_printf(sb, ",\"sport\":%u,\"dport\":%u}", p->seq >> 16, p->seq & 0xffff);
}

void trace_event_text(const struct trace_event *ev, struct strbuf *sb)
{
	const struct pkt *p = &ev->pkt;

	strbuf_printf(sb, "t=%llu.%06llu pkt=%d %s %s", (unsigned long long)(ev->time_us / 1000000),
		      (unsigned long long)(ev->time_us % 1000000), ev->pkt_id, ev->host_name,
		      trace_stage_name(ev->stage));
	if (ev->hook != NF_HOOK_NONE)
		strbuf_printf(sb, " %s %s", nf_hook_name(ev->hook), nf_table_name(ev->table));
	if (has_packet(ev) || ev->iif[0] || ev->oif[0])
		strbuf_printf(sb, " IN=%s OUT=%s", ev->iif, ev->oif);
	if (p->is_arp) {
		strbuf_printf(sb, " ARP=%s SIP=%s TIP=%s", p->arp_op == 2 ? "reply" : "request",
			      ip_str(p->arp_sip), ip_str(p->arp_tip));
	} else if (p->proto) {
		strbuf_printf(sb, " SRC=%s DST=%s PROTO=%s", ip_str(p->src), ip_str(p->dst),
			      pkt_proto_name(p->proto));
		if (p->proto == PKT_PROTO_ICMP) {
			strbuf_printf(sb, " TYPE=%u CODE=%u", p->sport, p->dport);
			if (pkt_is_echo(p))
				strbuf_printf(sb, " ID=%u SEQ=%u", p->icmp_id, p->seq);
			if (p->sport == 5)
				strbuf_printf(sb, " GW=%s", ip_str(p->icmp_gw));
			if (p->sport == 3 && p->dport == 4)
				strbuf_printf(sb, " MTU=%u", p->icmp_mtu);
			if (p->quoted_proto)
				text_quote(sb, p);
		} else {
			strbuf_printf(sb, " SPT=%u DPT=%u", p->sport, p->dport);
		}
		if (p->proto == PKT_PROTO_TCP && p->tcp_flags) {
			strbuf_puts(sb, " FLAGS=");
			tcp_flags_fmt(p->tcp_flags, sb);
			strbuf_printf(sb, " SEQ=%u ACK=%u", p->seq, p->ack);
		}
		if (p->proto == PKT_PROTO_TCP && p->mss)
			strbuf_printf(sb, " MSS=%u", p->mss);
		strbuf_printf(sb, " LEN=%u", pkt_data_len(p));
		if (p->ttl)
			strbuf_printf(sb, " TTL=%u", p->ttl);
		if (pkt_is_frag(p))
			strbuf_printf(sb, " FRAG=%u+%u%s OF=%d", p->frag_off, p->frag_len,
				      p->mf ? " MF" : "", p->frag_of);
		if (pkt_payload(p)[0]) {
			strbuf_puts(sb, " DATA=\"");
			text_put(sb, pkt_payload(p), true);
			strbuf_puts(sb, "\"");
		}
	}
	if (has_packet(ev) && stage_is_l2(ev->stage) &&
	    !(mac_zero(p->src_mac) && mac_zero(p->dst_mac))) {
		strbuf_puts(sb, " MACSRC=");
		mac_put(p->src_mac, sb);
		strbuf_puts(sb, " MACDST=");
		mac_put(p->dst_mac, sb);
	}
	if (ev->peer_host[0])
		strbuf_printf(sb, " TO=%s:%s", ev->peer_host, ev->peer_if);
	if (has_packet(ev) && !p->is_arp) {
		bool any = false;

		for (int f = 0; f < FIELD__COUNT; f++) {
			if (ev->from[f] == ORIGIN_NONE)
				continue;
			strbuf_printf(sb, "%s%s:%s", any ? " " : " [", field_names[f],
				      origin_name(ev->from[f]));
			any = true;
		}
		if (any)
			strbuf_puts(sb, "]");
	}
	if (ev->verdict != VERDICT_NONE)
		strbuf_printf(sb, " %s", trace_verdict_name(ev->verdict));
	if (ev->err)
		strbuf_printf(sb, " errno=%s", errno_name(ev->err));
	if (ev->sock[0])
		strbuf_printf(sb, " sock=%s", ev->sock);
	if (ev->why[0]) {
		strbuf_puts(sb, " | ");
		text_put(sb, ev->why, false);
	}
}

static void json_str(struct strbuf *sb, const char *s)
{
	strbuf_puts(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c == '\n')
			strbuf_puts(sb, "\\n");
		else if (c == '\t')
			strbuf_puts(sb, "\\t");
		else if (c < 0x20 || c == 0x7f)
			strbuf_printf(sb, "\\u%04x", c);
		else if (c < 0x80)
			strbuf_add(sb, s, 1);
		else if (utf8_valid_len(s) == 0) /* not UTF-8: U+FFFD, so the line stays JSON */
			strbuf_puts(sb, "\\ufffd");
		else {
			size_t n = utf8_valid_len(s);

			strbuf_add(sb, s, n);
			s += n - 1;
		}
	}
	strbuf_puts(sb, "\"");
}

static void json_str_or_null(struct strbuf *sb, const char *key, const char *s)
{
	strbuf_printf(sb, ",\"%s\":", key);
	if (s && s[0])
		json_str(sb, s);
	else
		strbuf_puts(sb, "null");
}

void trace_event_json(const struct trace_event *ev, struct strbuf *sb)
{
	const struct pkt *p = &ev->pkt;
	bool ip = !p->is_arp && p->proto;

	strbuf_printf(sb, "{\"step\":%d,\"seq\":%d,\"pkt\":%d,\"time_us\":%llu", ev->step, ev->seq,
		      ev->pkt_id, (unsigned long long)ev->time_us);
	json_str_or_null(sb, "host", ev->host_name);
	json_str_or_null(sb, "stage", trace_stage_name(ev->stage));
	json_str_or_null(sb, "hook", nf_hook_name(ev->hook));
	json_str_or_null(sb, "table", nf_table_name(ev->table));
	json_str_or_null(sb, "iif", ev->iif);
	json_str_or_null(sb, "oif", ev->oif);
	json_str_or_null(sb, "src", ip ? ip_str(p->src) : NULL);
	json_str_or_null(sb, "dst", ip ? ip_str(p->dst) : NULL);
	if (p->is_arp)
		json_str_or_null(sb, "proto", "arp");
	else if (p->proto)
		json_str_or_null(sb, "proto",
				 p->proto == PKT_PROTO_TCP   ? "tcp"
				 : p->proto == PKT_PROTO_UDP ? "udp"
							     : "icmp");
	else
		json_str_or_null(sb, "proto", NULL);
	if (ip) {
		strbuf_printf(sb, ",\"sport\":%u,\"dport\":%u", p->sport, p->dport);
	} else {
		strbuf_puts(sb, ",\"sport\":null,\"dport\":null");
	}
	if (ip && p->proto == PKT_PROTO_TCP) {
		struct strbuf f;

		strbuf_init(&f);
		tcp_flags_fmt(p->tcp_flags, &f);
		json_str_or_null(sb, "flags", f.buf);
		strbuf_release(&f);
		strbuf_printf(sb, ",\"tcp_seq\":%u,\"tcp_ack\":%u", p->seq, p->ack);
		if (p->mss)
			strbuf_printf(sb, ",\"mss\":%u", p->mss);
		if (p->mss || p->tcpo) {
			struct strbuf o;

			strbuf_init(&o);
			pkt_tcp_opts_fmt(p, &o);
			json_str_or_null(sb, "opts", o.buf);
			strbuf_release(&o);
		}
	}
	if (ip && p->proto == PKT_PROTO_ICMP && p->sport == 5)
		json_str_or_null(sb, "icmp_gw", ip_str(p->icmp_gw));
	if (ip && p->proto == PKT_PROTO_ICMP && p->sport == 3 && p->dport == 4)
		strbuf_printf(sb, ",\"icmp_mtu\":%u", p->icmp_mtu);
	if (ip && pkt_is_echo(p))
		strbuf_printf(sb, ",\"icmp_id\":%u,\"icmp_seq\":%u", p->icmp_id, p->seq);
	if (ip && p->proto == PKT_PROTO_ICMP && p->quoted_proto)
		json_quote(sb, p);
	if (ip) {
		strbuf_printf(sb, ",\"len\":%u", pkt_data_len(p));
		if (p->ttl)
			strbuf_printf(sb, ",\"ttl\":%u", p->ttl);
		else
			strbuf_puts(sb, ",\"ttl\":null");
		strbuf_printf(sb, ",\"df\":%s", p->df ? "true" : "false");
		if (pkt_is_frag(p))
			strbuf_printf(sb, ",\"frag\":{\"off\":%u,\"len\":%u,\"mf\":%s,\"of\":%d}",
				      p->frag_off, p->frag_len, p->mf ? "true" : "false",
				      p->frag_of);
		json_str_or_null(sb, "payload", pkt_payload(p));
	}
	if (p->is_arp) {
		strbuf_printf(sb, ",\"arp\":{\"op\":\"%s\",\"sip\":\"%s\",\"tip\":\"%s\"}",
			      p->arp_op == 2 ? "reply" : "request", ip_str(p->arp_sip),
			      ip_str(p->arp_tip));
	}
	if ((ip || p->is_arp) && stage_is_l2(ev->stage)) {
		struct strbuf m;

		strbuf_init(&m);
		mac_put(p->src_mac, &m);
		json_str_or_null(sb, "src_mac", m.buf);
		strbuf_reset(&m);
		mac_put(p->dst_mac, &m);
		json_str_or_null(sb, "dst_mac", m.buf);
		strbuf_release(&m);
	}
	json_str_or_null(sb, "to_host", ev->peer_host);
	json_str_or_null(sb, "to_if", ev->peer_if);
	json_str_or_null(sb, "verdict", trace_verdict_name(ev->verdict));
	json_str_or_null(sb, "errno", ev->err ? errno_name(ev->err) : NULL);
	json_str_or_null(sb, "sock", ev->sock);
	json_str_or_null(sb, "why", ev->why);
	strbuf_puts(sb, ",\"from\":{");
	for (int f = 0; f < FIELD__COUNT; f++) {
		strbuf_printf(sb, "%s\"%s\":", f ? "," : "", field_names[f]);
		if (ev->from[f] == ORIGIN_NONE || !ip)
			strbuf_puts(sb, "null");
		else
			strbuf_printf(sb, "\"%s\"", origin_name(ev->from[f]));
	}
	strbuf_puts(sb, "}}");
}

void trace_step_header(const struct trace *t, size_t s, struct strbuf *sb)
{
	const struct trace_step *st = &t->steps[s];

	strbuf_printf(sb, "# step %zu: %s\n", s, st->label ? st->label : "");
	if (st->say_en && st->say_en[0])
		strbuf_printf(sb, "# en: %s\n", st->say_en);
	if (st->say_ru && st->say_ru[0])
		strbuf_printf(sb, "# ru: %s\n", st->say_ru);
}

void trace_dump(const struct trace *t, bool json, struct strbuf *sb)
{
	if (!json && t->title && t->title[0])
		strbuf_printf(sb, "# title: %s\n", t->title);
	for (size_t s = 0; s < t->nsteps; s++) {
		const struct trace_step *st = &t->steps[s];

		if (!json)
			trace_step_header(t, s, sb);
		for (int i = st->first; i < st->first + st->count; i++) {
			if (json)
				trace_event_json(&t->ev[i], sb);
			else
				trace_event_text(&t->ev[i], sb);
			strbuf_puts(sb, "\n");
		}
	}
}
