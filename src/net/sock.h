/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sock: per-host TCP and UDP sockets with the kernel's address and route behaviour:
 * connect's two lookups (docs/kernel.md C2), the cached route and its rt_genid check on
 * every segment (C3, C4), unconnected UDP choosing its source per datagram (C5), accepted
 * connections taking their source from the SYN's daddr (C6), SO_BINDTODEVICE (B3.3),
 * and socket demultiplexing on receive (D6). TCP is the subset the scenes need:
 * three-way handshake, data with payload text and ACKs, FIN, RST, retransmission timers.
 *
 * Sockets live in host->socks as individually allocated structs, so a struct sock *
 * stays valid while packets create other sockets. Closed sockets are kept (flag gone)
 * until the host goes; names are unique among live sockets of a host.
 */
#ifndef PKTPATH_SOCK_H
#define PKTPATH_SOCK_H

#include "path.h"

enum tcp_state {
	TCP_CLOSED,
	TCP_LISTEN,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
};

#define SOCK_QLEN 16
#define SOCK_GROUPS 4 /* supplementary groups kept per socket file (NF_OWNER_GROUPS) */

struct sock_seg {
	uint8_t flags;
	uint32_t seq;
	char data[96];
	bool sent; /* left the host at least once (counted in tp->packets_out) */
	bool held; /* Nagle keeps it back: new data not sent yet (tcp_nagle_check) */
};

/* the kinds of key in the host's socket index (below) */
enum sock_key { SOCK_KEY_NAME, SOCK_KEY_PORT, SOCK_KEY_LISTEN, SOCK_KEY_TUPLE, SOCK_KEY__COUNT };

struct sock {
	int id;
	char name[32];
	bool gone;     /* closed and released by the application */
	uint8_t proto; /* PKT_PROTO_TCP or PKT_PROTO_UDP */
	enum tcp_state state;
	bool connected;	    /* UDP: connect() done */
	uint32_t rcv_saddr; /* bound address (inet_rcv_saddr), 0 = any */
	uint32_t saddr;	    /* source actually used (inet_saddr), fixed by connect */
	uint32_t daddr;
	uint16_t sport, dport;
	int bound_dev;	  /* SO_BINDTODEVICE ifindex, 0 = none */
	uint8_t pmtudisc; /* IP_MTU_DISCOVER: enum path_pmtudisc (want: the default) */
	/* the credentials of the socket's file (its opener's fsuid and fsgid: -m owner), and
	 * whether close() has orphaned it (its later packets have no socket file) */
	uint32_t uid, gid;
	uint8_t ngroups;
	uint32_t groups[SOCK_GROUPS]; /* its supplementary groups */
	bool orphaned;
	enum origin src_from, sport_from; /* where saddr and sport came from (first packet) */
	bool first_sent; /* the first packet carries the origins; later ones say "socket" */
	/* cached route: sk_dst_cache (C3, C4) */
	bool dst_ok;
	uint32_t dst_genid;
	struct path_route dst;
	/* accepted connections */
	int listener;  /* id of the listener a child came from, 0 = none */
	bool accepted; /* handed to the application by accept() */
	/* TCP sequence space */
	uint32_t iss, snd_nxt, snd_una, rcv_nxt;
	/* the MSS its SYN (or SYN-ACK) advertised (tp->advmss), and the one the peer's did
	 * (rx_opt.mss_clamp: 536 when it had none) */
	uint16_t advmss, peer_mss;
	/* the options both ends took (TCPO_*: what the SYN-ACK carried, or the SYN for a
	 * child), and a duplicate to report in a D-SACK block (rx_opt.dsack) */
	uint8_t tcpo_ok;
	bool dsack;
	/* sent (or unsendable), not yet acknowledged: nq of SOCK_QLEN slots, made when a
	 * segment is queued and freed when the queue empties (sock_q_clear), so an idle
	 * socket costs a few hundred bytes in every checkpoint of the model, not 2 KB */
	struct sock_seg *q;
	int nq;
	int rto_gen, retries;
	uint32_t rto_us;
	bool rto_armed;
	bool tlp_out; /* a tail loss probe was sent for this flight (tp->tlp_high_seq) */
	int err;      /* last error given to the application */
	int err_soft; /* sk_err_soft: an ICMP error noted, reported if the connection times out */
	char last_rx[96]; /* the last data the application read */
	char unread[96];  /* data that arrived before accept(): the application reads it after */
	uint32_t last_from;
	uint16_t last_from_port;
	uint64_t idx_key[SOCK_KEY__COUNT]; /* the keys it was last indexed under */
};

struct sock_spec {
	uint8_t proto;
	uint32_t laddr; /* bind address, 0 = any */
	uint16_t lport; /* bind port, 0 = ephemeral */
	uint32_t daddr;
	uint16_t dport;
	int dev;		/* SO_BINDTODEVICE, 0 = none */
	const char *name;	/* "" or NULL: a name is made up */
	uint32_t uid, gid;	/* the opener's credentials (-m owner) */
	const uint32_t *groups; /* and its supplementary groups, up to SOCK_GROUPS */
	int ngroups;
	enum path_pmtudisc pmtudisc; /* IP_MTU_DISCOVER */
};

/* The host's socket index (sock-index.c): every socket a key ever reached, by name,
 * by (protocol, local port), TCP listeners by port, and by TCP 4-tuple. sock_index_note() after a socket's
 * name, port or addresses change; the lookups check each socket's current fields. */
struct sock_query {
	const char *name;      /* SOCK_KEY_NAME */
	uint8_t proto;	       /* SOCK_KEY_PORT (SOCK_KEY_LISTEN: TCP listeners by port) */
	uint32_t saddr, daddr; /* SOCK_KEY_TUPLE (saddr: local) */
	uint16_t sport, dport; /* sport: PORT and TUPLE */
};
typedef void (*sock_visit_fn)(struct sock *sk, void *arg);
void sock_index_note(struct host *h, struct sock *sk);
void sock_index_free(struct host *h);
/* fn for each socket under the key (stale ones too, each once, in no order) */
void sock_index_each(struct host *h, enum sock_key kind, const struct sock_query *q,
		     sock_visit_fn fn, void *arg);
/* the socket with the lowest id under the key for which match() is true, or NULL */
struct sock *sock_index_find(struct host *h, enum sock_key kind, const struct sock_query *q,
			     bool (*match)(const struct sock *, const void *), const void *arg);

struct sock *sock_find(struct host *h, const char *name); /* live sockets only */
/* Empties sk's send queue and frees its slots. */
void sock_q_clear(struct sock *sk);
/* Frees sk and what it owns (the host's array still names it: the caller's business). */
void sock_free(struct sock *sk);
/* Frees the host's sockets and its array of them. */
void sock_free_all(struct host *h);
struct sock *sock_by_id(struct host *h, int id);
const char *tcp_state_name(enum tcp_state s);

/* The socket calls. Each returns 0 or -errno (d says what the application sees) and
 * runs the exchange it starts until nothing is in flight (path_run). *out is the
 * new socket where there is one. A UDP datagram carries pad zero bytes after the text
 * (TCP: 0). */
int sock_listen(struct host *h, const struct sock_spec *s, struct sock **out, struct diag *d);
int sock_connect(struct host *h, const struct sock_spec *s, struct sock **out, struct diag *d);
int sock_udp_bind(struct host *h, const struct sock_spec *s, struct sock **out, struct diag *d);
int sock_send(struct host *h, struct sock *sk, const char *text, uint16_t pad, struct diag *d);
/* The longest write sock_send sends as pktpath models it: one segment below the
 * connection's MSS (mss_send) and of at most PKT_PAYLOAD_MAX, less what Nagle holds in
 * the segment it would join; PKT_PAYLOAD_MAX when the socket sends no data segment */
unsigned sock_write_max(const struct host *h, const struct sock *sk);
/* tcp_data_snd_check() after an ACK: the data Nagle held goes out if nothing small is
 * unacknowledged any more (sock-rcv.c calls it) */
void sock_tcp_push_held(struct host *h, struct sock *sk);
int sock_sendto(struct host *h, struct sock *sk, uint32_t daddr, uint16_t dport, const char *text,
		uint16_t pad, struct diag *d);
/* cred: the credentials of the process calling accept(), which the new file gets (uid,
 * gid and the supplementary groups of s; its other fields are not read) */
int sock_accept(struct host *h, struct sock *lsk, const char *name, const struct sock_spec *cred,
		struct sock **out, struct diag *d);
/* skb_to_full_sk() for -m owner: the credentials behind a packet sk sends, in *buf; a
 * request socket's are its listener's; NULL for a child not yet accepted or an
 * orphaned socket (no file) */
struct nf_owner;
const struct nf_owner *sock_owner(struct host *h, const struct sock *sk, struct nf_owner *buf);
int sock_close(struct host *h, struct sock *sk, struct diag *d);

/* Receive side, called by path.c after local input routing (D6). iif is the ingress NIC. */
void sock_tcp_rcv(struct host *h, int iif, int pkt_id, const struct pkt *p,
		  const enum origin *from);
/* Returns false when no socket wants the datagram (the caller sends port unreachable). */
bool sock_udp_rcv(struct host *h, int iif, int pkt_id, const struct pkt *p,
		  const enum origin *from);
void sock_icmp_err(struct host *h, int pkt_id, const struct pkt *p);
void sock_rto_fire(struct host *h, int sock_id, int gen);

/* `ss`-like listing */
void sock_list(struct host *h, struct strbuf *sb);
/* One socket's row as `ss` prints it; the TUI's host boxes draw the same fields. */
struct sock_view {
	const char *netid, *state;
	char local[24], peer[24], dev[16];
};
void sock_view(const struct host *h, const struct sock *s, struct sock_view *sv);
/* The socket called NAME: the live one, else the last one closed; NULL when none.
 * Linear and read-only (no index): for front ends drawing a model copy. */
const struct sock *sock_named(const struct host *h, const char *name);

#endif
