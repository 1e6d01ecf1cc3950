/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sock-int: what sock.c (the socket calls and TCP output) and sock-rcv.c (the receive
 * side, D6) call of each other. Not for other files: sock.h is the interface.
 */
#ifndef PKTPATH_SOCK_INT_H
#define PKTPATH_SOCK_INT_H

#include "sock.h"

struct sock *sock_new(struct host *h, uint8_t proto, const char *name);
/* The event names the socket */
void sock_ev_name(struct trace_draft *ev, const struct sock *sk);
/* An errno for the application, as an error event */
void sock_emit_error(struct host *h, struct sock *sk, int pkt_id, const struct pkt *p,
		     const enum origin *from, int err, const char *what);
/* Where the socket's packet fields come from */
void sock_origins(const struct sock *sk, enum origin *from);
/* A TCP segment out of sk; false when it could not be routed */
bool sock_tcp_xmit(struct host *h, struct sock *sk, uint8_t flags, uint32_t seq, const char *data,
		   const char *note);
/* The sequence space a queued segment takes (data, and 1 for SYN or FIN) */
uint32_t sock_seg_len(const struct sock_seg *s);
/* The file's credentials from the opener's (-m owner) */
void sock_cred_set(struct sock *sk, const struct sock_spec *s);
/* bind()'s checks: a local address, a free port, a free name. 0 or -errno, d says why */
int sock_bind_check(struct host *h, const struct sock_spec *s, struct diag *d);
/* The next free ephemeral port (0: none) */
uint16_t sock_ephemeral_port(struct host *h, uint8_t proto);
/* __sk_dst_check() + ip_route_output_ports() (C3, C4): 0 or -errno; why says which */
int sock_route(struct host *h, struct sock *sk, struct strbuf *why);
/* One UDP datagram: to daddr:dport, or by the connected socket's route (use_cache) */
int sock_udp_send(struct host *h, struct sock *sk, uint32_t daddr, uint16_t dport, const char *text,
		  uint16_t pad, bool use_cache, struct diag *d);
/* A socket's packet on its way out (ip_queue_xmit, ip_append_data): DF from its
 * IP_MTU_DISCOVER, then path_ip_output. Not the SYN-ACK (tcp_listen_rcv). */
int sock_ip_output(struct host *h, struct sock *sk, const struct path_route *rt, int id,
		   struct pkt *p, const enum origin *from);

#endif
