/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace: what the simulated kernel did, as an immutable list of events. Every step of
 * a packet's journey (docs/architecture.md, "Trace format") is one event holding the packet as it
 * is at that moment, by value, and for each of src, dst, sport, dport and oif the
 * origin of its current value. Front ends (TUI, `pktpath trace`, tests) only read it.
 *
 * Events hold values, never pointers into the model, so a later `ip link del` cannot
 * make the trace dangle. Steps group events: one traffic command or one scene step.
 */
#ifndef PKTPATH_TRACE_H
#define PKTPATH_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strpool.h"
#include "base/util.h"

#define TRACE_STAGE_LIST(X)                                                 \
	X(APP_SEND, "app-send", "the application hands data to its socket") \
	X(ROUTE_OUT, "route-out", "output routing decision")                \
	X(NF, "nf", "netfilter hook")                                       \
	X(REROUTE, "reroute", "reroute after mangle/nat")                   \
	X(NEIGH, "neigh", "neighbour (ARP) resolution")                     \
	X(NIC_TX, "nic-tx", "frame leaves a NIC")                           \
	X(WIRE, "wire", "frame on the wire")                                \
	X(NIC_RX, "nic-rx", "frame arrives at a NIC")                       \
	X(ROUTE_IN, "route-in", "input routing decision")                   \
	X(RP_FILTER, "rp-filter", "reverse-path filter")                    \
	X(SOCK_DELIVER, "sock-deliver", "socket demultiplexing")            \
	X(APP_RECV, "app-recv", "the application reads data")               \
	X(REPLY, "reply", "a packet the kernel makes itself (RST, ICMP)")   \
	X(DROP, "drop", "the kernel drops the packet")                      \
	X(ERROR, "error", "an errno returned to the application")           \
	X(CONFIG, "config", "a console edit of the network state")          \
	X(FRAG, "frag", "IP fragmentation or reassembly")
#define X_ENUM(id, name, help) TRACE_##id,
enum trace_stage { TRACE_STAGE_LIST(X_ENUM) TRACE__COUNT };
#undef X_ENUM

#define ORIGIN_LIST(X)                \
	X(NONE, "none")               \
	X(APP, "app")                 \
	X(SOCKET, "socket")           \
	X(ROUTE, "route")             \
	X(ADDR_SELECT, "addr-select") \
	X(INCOMING, "incoming")       \
	X(NAT, "nat")                 \
	X(CONNTRACK, "conntrack")     \
	X(KERNEL, "kernel")           \
	X(NEIGH, "neigh")
#define X_ENUM(id, name) ORIGIN_##id,
enum origin { ORIGIN_LIST(X_ENUM) ORIGIN__COUNT };
#undef X_ENUM

/* What an event says happened, in one word: the verdict column of the text trace.
 * Netfilter's (ACCEPT, DROP, SNAT, …), the neighbour table's (HIT, QUEUE, UPDATE), a
 * socket's (BIND, CONNECT, DELIVER, …). VERDICT_NONE prints nothing. */
#define TRACE_VERDICT_LIST(X)         \
	X(NONE, "")                   \
	X(ACCEPT, "ACCEPT")           \
	X(ACK, "ACK")                 \
	X(BIND, "BIND")               \
	X(CACHE, "CACHE")             \
	X(CLOSE, "CLOSE")             \
	X(CONFIRM, "CONFIRM")         \
	X(CONNECT, "CONNECT")         \
	X(DELIVER, "DELIVER")         \
	X(DNAT, "DNAT")               \
	X(DROP, "DROP")               \
	X(DUP, "DUP")                 \
	X(EOF, "EOF")                 \
	X(ERROR, "ERROR")             \
	X(ESTABLISHED, "ESTABLISHED") \
	X(FIN, "FIN")                 \
	X(FLOOD, "FLOOD")             \
	X(FORWARD, "FORWARD")         \
	X(FRAGMENT, "FRAGMENT")       \
	X(HIT, "HIT")                 \
	X(ICMP, "ICMP")               \
	X(IGNORE, "IGNORE")           \
	X(INVALID, "INVALID")         \
	X(KEEP, "KEEP")               \
	X(LISTEN, "LISTEN")           \
	X(LOCAL, "LOCAL")             \
	X(LOG, "LOG")                 \
	X(MAKE, "MAKE")               \
	X(MARK, "MARK")               \
	X(MASQUERADE, "MASQUERADE")   \
	X(MSS, "MSS")                 \
	X(NEW, "NEW")                 \
	X(NOSOCK, "NOSOCK")           \
	X(NOTRACK, "NOTRACK")         \
	X(OK, "OK")                   \
	X(QUEUE, "QUEUE")             \
	X(READ, "READ")               \
	X(REASSEMBLED, "REASSEMBLED") \
	X(REDIRECT, "REDIRECT")       \
	X(REJECT, "REJECT")           \
	X(RELATED, "RELATED")         \
	X(RESET, "RESET")             \
	X(SEND, "SEND")               \
	X(SENT, "SENT")               \
	X(SKIP, "SKIP")               \
	X(SNAT, "SNAT")               \
	X(SYN, "SYN")                 \
	X(TTL, "TTL")                 \
	X(UN_DNAT, "UN-DNAT")         \
	X(UN_SNAT, "UN-SNAT")         \
	X(UPDATE, "UPDATE")           \
	X(WAIT, "WAIT")               \
	X(WRITE, "WRITE")
#define X_ENUM(id, name) VERDICT_##id,
enum trace_verdict { TRACE_VERDICT_LIST(X_ENUM) VERDICT__COUNT };
#undef X_ENUM

/* Netfilter's hooks and iptables' tables, in the kernel's order (NF_INET_*). An event at
 * a hook names the table that acted there, or conntrack (NF_TABLE_CONNTRACK, not an
 * iptables table: loops over tables stop at NF_TABLE__COUNT). */
enum nf_hook { NF_PREROUTING, NF_INPUT, NF_FORWARD, NF_OUTPUT, NF_POSTROUTING, NF_HOOK__COUNT };
enum nf_table {
	NF_TABLE_FILTER,
	NF_TABLE_NAT,
	NF_TABLE_MANGLE,
	NF_TABLE_RAW,
	NF_TABLE__COUNT,
	NF_TABLE_CONNTRACK = NF_TABLE__COUNT,
};
#define NF_HOOK_NONE NF_HOOK__COUNT /* an event at no hook */
#define NF_TABLE_NONE (NF_TABLE_CONNTRACK + 1)

enum { PKT_PROTO_ICMP = 1, PKT_PROTO_TCP = 6, PKT_PROTO_UDP = 17 };
enum { TCPF_FIN = 0x01, TCPF_SYN = 0x02, TCPF_RST = 0x04, TCPF_PSH = 0x08, TCPF_ACK = 0x10 };

/* Longest payload a packet carries (the traffic verbs refuse longer text). */
#define PKT_PAYLOAD_MAX 95

/* A packet (or ARP frame) as it is at one point of its journey. */
struct pkt {
	bool is_arp : 1;
	bool df : 1; /* IPv4 Don't Fragment, as the sender set it */
	bool mf : 1; /* a fragment: more fragments follow */
	/* sent by a socket with IP_PMTUDISC_PROBE: its host's output goes by the device's MTU,
	 * not the path's (ip_skb_dst_mtu) */
	bool dev_mtu : 1;
	uint8_t arp_op; /* 1 request, 2 reply */
	uint16_t qlen;	/* an ICMP error: the bytes of the datagram it quotes (pkt_quote) */
	uint32_t arp_sip;
	union {
		uint32_t arp_tip;  /* ARP: the target address */
		uint32_t icmp_gw;  /* ICMP redirect (type 5): the better gateway */
		uint32_t icmp_mtu; /* ICMP fragmentation needed (3/4): the next hop's MTU */
	};
	uint8_t src_mac[6], dst_mac[6];
	uint32_t src, dst;
	uint8_t proto;	       /* PKT_PROTO_* */
	uint16_t sport, dport; /* ICMP: type in sport, code in dport */
	uint8_t tcp_flags;
	/* an ICMP error: the protocol of the datagram it quotes, whose destination is in
	 * ack and whose ports (an echo: type and code) are in seq (pkt_quote) */
	uint8_t quoted_proto;
	uint32_t seq, ack; /* an ICMP echo: its sequence number in seq */
	uint8_t ttl;
	uint8_t tcpo; /* TCP: the options besides the MSS (TCPO_*) */
	union {
		uint16_t icmp_id; /* an ICMP echo: its identifier; an error: the quoted echo's */
		uint16_t mss;	  /* TCP: the MSS option (a SYN's, or one TCPMSS added); 0 = none */
	};
	uint32_t mark;
	uint32_t payload; /* the UTF-8 text the application wrote: pkt_payload(); 0 = none */
	uint16_t pad;	  /* zero bytes of data after the text (ping's -s, a `size`) */
	/* A fragment (frag_len > 0): frag_len bytes of the datagram's IP payload from byte
	 * frag_off (a multiple of 8), more after it when mf. Every other field is the whole
	 * datagram's, which is pkt frag_of of the trace (its IP id). */
	uint16_t frag_len;
	union {
		uint16_t frag_off;
		/* not a fragment but a reassembled datagram: its largest fragment (IPCB
		 * frag_max_size), 0 = none */
		uint16_t frag_max;
	};
	int frag_of;
};
/* Is p a fragment, and one without the transport header (fragoff != 0)? */
static inline bool pkt_is_frag(const struct pkt *p)
{
	return p->frag_len > 0;
}
static inline bool pkt_later_frag(const struct pkt *p)
{
	return p->frag_len > 0 && p->frag_off > 0;
}
/* A reassembled datagram's largest fragment (frag_max_size); 0 for anything else */
static inline unsigned pkt_frag_max(const struct pkt *p)
{
	return p->frag_len > 0 ? 0 : p->frag_max;
}
/* The bytes of data a datagram carries: its text and its padding */
unsigned pkt_data_len(const struct pkt *p);

/* TCP options other than the MSS, as Linux sends them with its defaults (tcp_sack,
 * tcp_timestamps and tcp_window_scaling all 1, which pktpath does not let change) */
enum {
	TCPO_SACKOK = 1, /* SACK permitted: a SYN or SYN-ACK */
	TCPO_TS = 2,	 /* timestamps: a SYN, a SYN-ACK, and every segment once both had it */
	TCPO_WS = 4,	 /* window scale: a SYN or SYN-ACK */
	TCPO_DSACK = 8,	 /* one SACK block: a D-SACK that reports a duplicate (tcp_dsack_set) */
	TCPO_SYN = TCPO_SACKOK | TCPO_TS | TCPO_WS, /* what a Linux SYN offers */
};
/* The bytes of TCP options p carries, laid out as tcp_options_write() does: the MSS (4),
 * SACK permitted with the timestamps (12) or each alone (12, 4), the window scale (4), a
 * SACK block (12) */
unsigned pkt_tcp_optlen(const struct pkt *p);
/* The kinds of TCP options p carries in the order they are on the wire, without the NOPs
 * between them: "mss,sackok,ts,ws" (a Linux SYN), "ts", "ts,sack" */
void pkt_tcp_opts_fmt(const struct pkt *p, struct strbuf *sb);
/* The IPv4 total length (tot_len) of p: what netfilter's byte counters add */
unsigned pkt_ip_len(const struct pkt *p);
/* The Ethernet frame's length, without FCS or padding (a veth sends none): ARP's 42 */
static inline unsigned pkt_frame_len(const struct pkt *p)
{
	return p->is_arp ? 42 : 14 + pkt_ip_len(p);
}
/* An ICMP error's type (3, 4, 5, 11, 12) */
static inline bool icmp_type_is_error(unsigned type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* The packet's payload text ("" when none). Payloads are interned for the program's
 * life, so a packet copied by value (queues, checkpoints, trace events) shares it. */
const char *pkt_payload(const struct pkt *p);
/* Sets it to text, cut at PKT_PAYLOAD_MAX bytes. */
void pkt_set_payload(struct pkt *p, const char *text);
/* An ICMP echo request or reply: it carries an identifier (icmp_id) and a sequence */
static inline bool pkt_is_echo(const struct pkt *p)
{
	return p->proto == PKT_PROTO_ICMP && (p->sport == 8 || p->sport == 0);
}
/* An ICMP error r about p: r quotes p's header (icmp_send copies it): its destination,
 * protocol, ports or echo type, code and identifier, and its length (qlen), which
 * path_kernel_reply cuts to what fits the route back */
void pkt_quote(struct pkt *r, const struct pkt *p);

enum field { FIELD_SRC, FIELD_DST, FIELD_SPORT, FIELD_DPORT, FIELD_OIF, FIELD__COUNT };

/* The FIB entry a routing decision used, as the key that names it in its table (the
 * fields `ip route del` matches on), and the pref of the rule that chose the table.
 * set is false when the event made no routing decision. */
struct trace_route {
	uint32_t table, dst, priority, gw, rule_pref;
	int oif;
	uint8_t plen, tos, type;
	bool set, has_rule;
};

/* An event as the engine writes it, names and the sentence inline. trace_add() stores it
 * as a struct trace_event. */
struct trace_draft {
	int pkt_id; /* stable across hosts for one packet; new id for kernel-made replies */
	int host;   /* index into sim->hosts */
	char host_name[64];
	enum trace_stage stage;
	char iif[16], oif[16]; /* NIC names, "" = null */
	struct pkt pkt;
	enum origin from[FIELD__COUNT];
	enum trace_verdict verdict;
	enum nf_hook hook;   /* TRACE_NF: the hook (other stages are at none) */
	enum nf_table table; /* TRACE_NF: the table, or conntrack */
	/* TRACE_NF: the rule that acted, as `iptables -S` prints it ("-A OUTPUT -j DROP"),
	 * and its number in the chain (1-based); "" and 0 when no rule acted (a policy,
	 * conntrack) */
	char rule[512];
	int rulenum;
	int err;	    /* errno for TRACE_ERROR / TRACE_DROP reason, else 0 */
	char why[1024];	    /* one sentence naming the route/rule/socket/sysctl responsible (room
			 * for a translation: Cyrillic takes two bytes a letter) */
	uint64_t time_us;   /* simulated time */
	char sock[32];	    /* name of the socket involved ("c1", "s1.1"), "" if none */
	char peer_host[64]; /* nic-tx/wire: the host the frame goes to next, "" if none */
	char peer_if[16];   /* … and its NIC there */
	struct trace_route route; /* route-out/route-in/reroute: the route that decided */
	/* no stored event will carry the names and the sentence (no trace, or a count_only
	 * one): path_ev_init and path_ev_why skip formatting them */
	bool quiet;
};

/* A stored event: the draft's fields, its strings in the trace's pool (never NULL; ""
 * when empty), valid as long as the trace keeps the event. */
struct trace_event {
	int step;	 /* scene/traffic step that caused it */
	int seq;	 /* event number, 0-based, dense */
	int pkt_id;	 /* stable across hosts for one packet; new id for kernel-made replies */
	int host;	 /* index into sim->hosts */
	uint8_t stage;	 /* enum trace_stage */
	uint8_t verdict; /* enum trace_verdict */
	uint8_t hook, table;	    /* enum nf_hook, nf_table (NF_HOOK/TABLE_NONE) */
	int16_t rulenum;	    /* the rule that acted, 1-based, 0 = none */
	uint8_t from[FIELD__COUNT]; /* enum origin of each field */
	int16_t err;		    /* errno for TRACE_ERROR / TRACE_DROP reason, else 0 */
	uint64_t time_us;	    /* simulated time */
	const char *host_name, *iif, *oif, *sock, *peer_host, *peer_if;
	const char *rule; /* "-A CHAIN SPEC" of the rule that acted, "" if none */
	const char *why;
	struct pkt pkt;
	struct trace_route route;
};

struct trace_step {
	int first, count; /* events [first, first+count) */
	/* the label and its Russian (`step.ru`), interned (trace_text_intern); "" or NULL
	 * when none */
	const char *label, *label_ru;
	/* scene narration of this step (UTF-8, any length, interned for the program's life:
	 * trace_text_intern), "" or NULL if none */
	const char *say_en, *say_ru;
};
/* text, kept for the program's life (a step's narration): the same text, the same
 * pointer */
const char *trace_text_intern(const char *text);

struct trace {
	struct trace_event *ev;
	size_t n, cap;
	struct trace_step *steps;
	size_t nsteps, step_cap;
	struct strpool pool; /* the stored events' strings */
	/* the scene's title and `title.ru`, interned (trace_text_intern); "" or NULL if none */
	const char *title, *title_ru;
	bool scene_steps;  /* a scene decides the steps: traffic commands do not open their own */
	size_t max_events; /* 0 = no limit; past it events are dropped and overflow is set */
	bool overflow;
	/* Called by trace_add before it stores an event, with the index the event gets: a
	 * front end replaying a command can copy the model as it is between two events. */
	void (*before_add)(void *arg, size_t idx);
	void *before_add_arg;
	/* Streaming (`pktpath trace`): when set, events are not kept. Each is handed to emit
	 * once the next one arrives or at trace_stream_finish, and before it the header of its step and of any
	 * step without events before it (ev NULL). t->n still counts the events; t->ev holds
	 * only the latest. Memory no longer grows with the trace. */
	void (*emit)(void *arg, const struct trace *t, size_t step, const struct trace_event *ev);
	void *emit_arg;
	size_t emitted_steps; /* steps whose header went out */
	bool pending;	      /* t->ev[0] is still to be emitted */
	/* step_only (`pktpath check`): the events of earlier steps are dropped when a step
	 * begins (expect lines look only at the current step's). t->ev then holds events
	 * [base, n); trace_at() reads them by number. */
	bool step_only;
	size_t base;
	/* count_only (a front end replaying lines for the model they leave, not for their
	 * events): events are counted (n, their step's count, before_add, max_events) and
	 * not stored; trace_at() finds none. */
	bool count_only;
};

void trace_init(struct trace *t);
void trace_release(struct trace *t);
/* Stores ev (seq and step are assigned); returns the stored event. */
const struct trace_event *trace_add(struct trace *t, const struct trace_draft *ev);
/* Memory the stored events take: the array and the string pool. */
size_t trace_bytes(const struct trace *t);
/* Event number i (0-based, as seq), NULL when it was dropped (step_only, streaming) or
 * does not exist. */
const struct trace_event *trace_at(const struct trace *t, size_t i);
/* Streaming: emits what is still pending and the headers of the steps left. */
void trace_stream_finish(struct trace *t);
/* Opens a new step; later events belong to it. */
void trace_step_begin(struct trace *t, const char *label);
/* The step events are currently added to, NULL before the first trace_step_begin. */
struct trace_step *trace_cur_step(struct trace *t);

const char *trace_stage_name(enum trace_stage s);
const char *trace_verdict_name(enum trace_verdict v); /* "" for VERDICT_NONE */
/* The verdict of that name, any case; false when there is none. */
bool trace_verdict_parse(const char *name, enum trace_verdict *v);
const char *nf_hook_name(enum nf_hook k);   /* "OUTPUT"; "" for NF_HOOK_NONE */
const char *nf_table_name(enum nf_table t); /* "nat", "conntrack"; "" for NF_TABLE_NONE */
/* A hop: where a presenter's "next hop" stops. The application handing data or a
 * connect to its socket, a routing decision, netfilter that changed or stopped the
 * packet, ARP queueing or resolution, a frame leaving or reaching a NIC, delivery to a
 * socket or application, a packet the kernel makes, a drop, an error. Not: network
 * configuration, bridge forwarding, netfilter that let the packet pass unchanged,
 * neighbour lookups that just hit. */
bool trace_event_is_hop(const struct trace_event *e);
/* Setting up, no packet: a configuration command, or a socket bound, listening or closed. */
bool trace_event_is_setup(const struct trace_event *e);
const char *origin_name(enum origin o);
/* A packet's protocol as pktpath writes it: "TCP", "UDP", "ICMP", else "IP". The emulated
 * tools keep their own spellings (iptables' "-p tcp", conntrack's "udplite"). */
const char *pkt_proto_name(uint8_t p);
const char *errno_name(int e); /* "ENETUNREACH" for ENETUNREACH or -ENETUNREACH */
void tcp_flags_fmt(uint8_t flags, struct strbuf *sb); /* "SYN,ACK" */
/* ICMP type and code by iptables' names ("echo-request", "port-unreachable"); NULL when
 * unnamed. icmp_code_name() names only codes that refine a type (3, 5, 11). */
const char *icmp_type_name(unsigned type);
const char *icmp_code_name(unsigned type, unsigned code);
/* One line, iptables-LOG-like (docs/architecture.md --format text), no trailing newline. */
void trace_event_text(const struct trace_event *ev, struct strbuf *sb);
/* One JSON object (docs/architecture.md --format jsonl), no trailing newline. */
void trace_event_json(const struct trace_event *ev, struct strbuf *sb);
/* The whole trace as `pktpath trace` prints it: text lines with `#` title/step/narration
 * lines, or (json) one object per line. The TUI's `export trace` uses it too, so the two
 * stay byte-identical. */
void trace_dump(const struct trace *t, bool json, struct strbuf *sb);
/* The `#` lines trace_dump writes before step s's events (text format). */
void trace_step_header(const struct trace *t, size_t s, struct strbuf *sb);

#endif
