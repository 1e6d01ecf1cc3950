/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * path: the simulated packet path below the sockets — output after routing, the
 * neighbour (ARP) layer, NICs, veth wires and bridges, and the receive path (martians,
 * input routing with rp_filter, local delivery, kernel-made replies). Every step adds a
 * trace event to sim->trace (if set).
 *
 * Time is simulated (sim->now_us). Frames in flight and timers are jobs, each kind in a
 * binary heap ordered by (time, sequence) (O(log n) per frame or timer, whatever the
 * number of connections): processing is deterministic, and with equal latencies a
 * bridge's flood order (ports by ifindex) decides which ARP reply arrives first (D7).
 * The rule for time: a command takes no simulated time of its own; path_run() works
 * until no frame is in flight (a wire crossing is PATH_WIRE_US), so an exchange and its
 * immediate answers (ARP reply, SYN-ACK, RST, ICMP) complete within the command. Every
 * timer — ARP retransmission (retrans_time 1 s, mcast_solicit 3) and neighbour failure,
 * TCP retransmission — only fires when a `sleep` advances time (path_sleep()), at its
 * due time and in order. A scene without sleeps thus ends with its timers pending (an
 * INCOMPLETE neighbour has sent one request), as the real kernel does when the scene's
 * commands follow each other within a second.
 */
#ifndef PKTPATH_PATH_H
#define PKTPATH_PATH_H

#include "fib.h"
#include "model.h"
#include "out/trace.h"

/* NUD_* (include/uapi/linux/neighbour.h) */
enum {
	NUD_INCOMPLETE = 0x01,
	NUD_REACHABLE = 0x02,
	NUD_STALE = 0x04,
	NUD_DELAY = 0x08,
	NUD_PROBE = 0x10,
	NUD_FAILED = 0x20,
	NUD_NOARP = 0x40,
	NUD_PERMANENT = 0x80,
};
#define NUD_VALID (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY)

#define PATH_WIRE_US 10		     /* one veth crossing */
#define PATH_ARP_RETRANS_US 1000000  /* retrans_time_ms = 1000 */
#define PATH_ARP_PROBES 3	     /* mcast_solicit */
#define PATH_ARP_LOCKTIME_US 1000000 /* locktime = 1 s (D7) */
#define PATH_REACHABLE_US 30000000   /* base_reachable_time (no random factor here) */

struct neigh {
	int ifindex;
	uint32_t ip;
	uint8_t mac[6];
	uint8_t state;	     /* NUD_* */
	uint64_t updated_us; /* last lladdr update: the LOCKTIME rule (D7) */
	uint64_t confirmed_us;
	int probes;
};

struct fdb_entry {
	int bridge, port; /* ifindexes */
	uint8_t mac[6];
};

enum path_job_kind { JOB_RX, JOB_ARP_TIMER, JOB_TCP_RTO, JOB_PENDING, JOB_FRAG_EXPIRE };

struct path_job {
	uint64_t t, seq;
	enum path_job_kind kind;
	int host;
	int ifindex;	  /* RX: arriving NIC; ARP/PENDING: neighbour device */
	uint32_t ip;	  /* ARP/PENDING: neighbour address */
	bool via_lo;	  /* RX: locally routed packet (skb already has its input route) */
	int sock_id, gen; /* RTO */
	int pkt_id;
	struct pkt pkt;
	enum origin from[FIELD__COUNT];
	char sock[32];
};

/* A route as a socket caches it (the values of struct rtable that output needs). */
struct path_route {
	int type; /* RTN_* */
	int dev;
	bool uses_gw;
	uint32_t gw;
	uint16_t mtu, advmss;	  /* the route's metrics (0: none) */
	bool mtu_locked;	  /* `mtu lock`: its sockets send without DF */
	uint16_t pmtu;		  /* a route exception's path MTU (0: none) */
	bool pmtu_locked;	  /* that path MTU is below min_pmtu: no DF either */
	struct trace_route match; /* the FIB entry the decision came from */
};

/* ---- events ---- */
void path_ev_init(struct trace_draft *ev, const struct host *h, enum trace_stage st, int pkt_id,
		  const struct pkt *p, const enum origin *from);
void path_ev_why(struct trace_draft *ev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void path_ev_commit(struct sim *sim, const struct trace_draft *ev);
int path_new_pkt_id(struct sim *sim);
/* "172.16.70.0/24 dev enp0s4 scope link src 172.16.70.16 metric 100 (table main)" */
void path_route_desc(const struct host *h, const struct rtable *rt, struct strbuf *sb);
const char *path_dev_name(const struct host *h, int ifindex);

/* ---- neighbours (also used by `ip neigh`) ---- */
struct neigh *neigh_lookup(struct host *h, int ifindex, uint32_t ip);
struct neigh *neigh_create(struct host *h, int ifindex, uint32_t ip);
void neigh_delete_at(struct host *h, size_t i);
/* `ip neigh del/flush` (neigh_delete → __neigh_update(NUD_FAILED)): an INCOMPLETE or
 * PROBE entry is invalidated first — its queued packets are dropped, each with an ICMP
 * host unreachable to its sender (a connecting socket fails with EHOSTUNREACH). */
void neigh_admin_delete(struct host *h, size_t i);
/* `ip neigh add/replace/change` to a valid state: queued packets go out (neigh_connect). */
void neigh_admin_update(struct host *h, const struct neigh *ne);
void neigh_ifdown(struct host *h, int ifindex); /* NETDEV_DOWN/UNREGISTER: all entries go */
const char *neigh_state_name(const struct sim *sim, const struct neigh *n);

/* ---- output ---- */
/* ip_output() after routing: loopback delivery or neighbour resolution, then the NIC.
 * The packet's src/dst are final; from[] says where each field came from. Returns what
 * ip_local_out returns to the sender: 0, or -EPERM when netfilter dropped the packet
 * (NF_DROP in OUTPUT/POSTROUTING), or a failed reroute's error. */
struct nf_owner;
int path_ip_output(struct host *h, const struct path_route *rt, int pkt_id, struct pkt *p,
		   const enum origin *from, const char *sock, const struct nf_owner *owner);
void path_route_from_rtable(const struct host *h, const struct rtable *rt, struct path_route *out);
/* The key of the FIB entry (and rule) behind a routing decision, for its event. */
void path_route_key(const struct host *h, const struct rtable *rt, struct trace_route *k);

/* The RST answering TCP segment p as tcp_v4_send_reset() builds it (D8): addresses and
 * ports swapped, seq = p's ack when p has ACK, else an ACK of p's sequence space. False
 * (and r untouched) when p is itself a RST: no RST answers a RST. */
bool path_tcp_reset_for(const struct pkt *p, struct pkt *r);
/* A packet the kernel makes itself in answer to `in` (RST, ICMP): routed normally with
 * a fixed source (D8); a missing route drops it (OutNoRoutes). */
/* path_kernel_reply_as(): with the socket it is sent as (-m owner), NULL for none (the
 * RST of REJECT --reject-with tcp-reset, nf_send_reset()) */
void path_kernel_reply_as(struct host *h, int pkt_id_in, const struct pkt *in, struct pkt *reply,
			  const char *what, const struct nf_owner *owner);
void path_kernel_reply(struct host *h, int pkt_id_in, const struct pkt *in, struct pkt *reply,
		       const char *what);

/* ---- time ---- */
void path_run(struct sim *sim);
void path_sleep(struct sim *sim, uint64_t us);
void path_job_add(struct sim *sim, const struct path_job *j);

/* ---- traffic that is not a socket ---- */
/* IP_MTU_DISCOVER of a socket (ping -M, or the socket verbs' pmtudisc): the default,
 * want, sets DF on what fits the path MTU; dont never; do always, and refuses what does
 * not fit the path MTU; probe always, refusing what does not fit the device's MTU;
 * interface never, refusing what does not fit the device's MTU; omit never, and
 * fragments at the device's MTU. Interface and omit ignore "fragmentation needed". */
enum path_pmtudisc {
	PMTUDISC_WANT,
	PMTUDISC_DONT,
	PMTUDISC_DO,
	PMTUDISC_PROBE,
	PMTUDISC_INTERFACE,
	PMTUDISC_OMIT,
	PMTUDISC__COUNT
};
/* "want", "dont", … as ping -M and the scene language spell them; and the kernel's
 * name, "IP_PMTUDISC_WANT" … */
const char *path_pmtudisc_word(enum path_pmtudisc m);
const char *path_pmtudisc_name(enum path_pmtudisc m);
/* ip_sk_accept_pmtu(): whether a socket in mode m learns a path MTU from "fragmentation
 * needed" */
bool path_pmtudisc_accepts(enum path_pmtudisc m);
/* IP_MTU_DISCOVER m on a datagram or segment a socket builds on route rt: sets DF
 * (ip_dont_fragment; __ip_make_skb for a datagram) and whether the device's MTU bounds
 * it on the way out (ip_sk_use_pmtu); returns the MTU ip_append_data builds it against
 * (the path's, or the device's from probe on), and in *refuse whether it is larger than
 * that where the mode forbids fragments (!ip_sk_ignore_df: EMSGSIZE). */
unsigned path_pmtudisc_apply(const struct host *h, enum path_pmtudisc m,
			     const struct path_route *rt, struct pkt *p, bool *refuse);
struct path_ping_req {
	uint32_t daddr, saddr; /* saddr 0: chosen */
	int oif;	       /* 0: any (SO_BINDTODEVICE) */
	uint16_t id, size;     /* the echo's identifier; its bytes of data (zeros) */
	enum path_pmtudisc pmtudisc;
};
/* An ICMP echo request, sequence 1; owner: the ping's raw socket's file credentials (-m
 * owner) */
int path_ping(struct host *h, const struct path_ping_req *q, const struct nf_owner *owner,
	      struct diag *d);
/* A hand-crafted IPv4 packet (raw socket, IP_HDRINCL: any source allowed). */
int path_inject(struct host *h, struct pkt *p, int oif, struct diag *d);

#endif
