/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ct: connection tracking and NAT of one host (docs/kernel.md E1–E4), and the netfilter
 * hooks as the packet path calls them. ct_hook() runs, for one hook, what the kernel
 * runs there in priority order: conntrack lookup (PREROUTING/OUTPUT), mangle, nat, filter,
 * and the confirmation (POSTROUTING/INPUT), adding one trace event per table that has
 * rules or changes something.
 *
 * NAT is decided once per connection and manip type (nf_nat_inet_fn): the nat chain runs
 * only for the first packet (NEW, original direction, no binding yet); if no rule matches
 * a null binding is stored. Every later packet, of either direction, is rewritten from
 * the entry (nf_nat_packet), which is what makes rule changes irrelevant to live flows.
 *
 * Not here: the rules and the chain walk (nf.c), the commands (cmd-conntrack.c).
 * Rejected alternative: rewriting packets by re-running the nat rules; that is exactly
 * the misconception (seed claim C7) the tool exists to correct.
 */
#ifndef PKTPATH_CT_H
#define PKTPATH_CT_H

#include "nf.h"

/* TCP conntrack states (TCP_CONNTRACK_*) */
enum ct_tcp_state {
	CT_TCP_NONE,
	CT_TCP_SYN_SENT,
	CT_TCP_SYN_RECV,
	CT_TCP_ESTABLISHED,
	CT_TCP_FIN_WAIT,
	CT_TCP_CLOSE_WAIT,
	CT_TCP_LAST_ACK,
	CT_TCP_TIME_WAIT,
	CT_TCP_CLOSE,
};

/* ICMP: sport = echo id, dport = type */
struct ct_tuple {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t proto;
};

enum { CT_DIR_ORIG, CT_DIR_REPLY };
enum { CT_MANIP_SRC, CT_MANIP_DST };

struct ct_entry {
	int id;
	struct ct_tuple t[2]; /* [CT_DIR_ORIG], [CT_DIR_REPLY]; NAT is encoded in t[REPLY] */
	bool confirmed, seen_reply, assured;
	bool nat_done[2]; /* binding decided for CT_MANIP_SRC / CT_MANIP_DST (possibly null) */
	bool snat, dnat;  /* IPS_SRC_NAT, IPS_DST_NAT */
	int masq_index;	  /* egress ifindex of a MASQUERADE binding, 0 = none */
	enum ct_tcp_state tcp;
	uint32_t mark;
	uint64_t expires_us;
};

struct ct_table {
	struct ct_entry *e;
	size_t n, cap;
	int next_id;
};

struct ct_table *ct_table_new(void);
void ct_table_free(struct ct_table *t);
struct ct_table *ct_table_clone(const struct ct_table *t);

/* Expired and unconfirmed entries go (lazy garbage collection, in simulated time). */
void ct_gc(struct host *h);
/* An entry `conntrack -L` lists now: confirmed and not expired (what ct_gc keeps). */
bool ct_entry_listed(const struct host *h, const struct ct_entry *e);
/* conntrack -L line (conntrack-tools 1.4.7), without newline */
void ct_entry_fmt(const struct host *h, const struct ct_entry *e, struct strbuf *sb);
const char *ct_tcp_state_name(enum ct_tcp_state s);
void ct_delete_at(struct host *h, size_t i);

/* The netfilter state of one packet inside one host, carried from hook to hook. */
struct nf_skb {
	int ct_id; /* 0 = no entry (invalid, untracked or conntrack unused) */
	int dir;
	uint8_t ctstate; /* NF_CT_* */
	bool reroute;	 /* mangle changed mark/addresses or nat changed the destination */
	bool looked_up;	 /* conntrack already ran for this packet (lo: PREROUTING after OUTPUT) */
	bool untracked;	 /* the raw table's NOTRACK: conntrack and NAT leave it alone */
	const struct nf_owner *owner; /* skb->sk's file's credentials, NULL: none (-m owner) */
	/* the packet's route while the hooks run (skb_dst), NULL before routing: what
	 * -j TCPMSS clamps to */
	const struct path_route *dst;
};

/* Everything registered at hook k, in priority order. iif/oif are device names ("" =
 * none); out_ifindex and nexthop are the route's (POSTROUTING: MASQUERADE, E4).
 * Returns 0 (accept; p and from may be rewritten) or -EPERM (dropped or rejected; the
 * trace says why). */
int ct_hook(struct host *h, enum nf_hook k, struct nf_skb *skb, int pkt_id, struct pkt *p,
	    enum origin *from, const char *iif, const char *oif, int out_ifindex, uint32_t nexthop,
	    const char *sock);

/* E4.3: MASQUERADE entries through a device that went down, or whose address left. */
void ct_masq_dev_event(struct host *h, int ifindex);
void ct_masq_addr_event(struct host *h, int ifindex, uint32_t addr);

/* conntrack(8) front end (cmd-conntrack.c). */
struct cmd_out;
int conntrack_main(struct host *h, int argc, char **argv, struct cmd_out *o);

#endif
