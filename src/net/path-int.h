/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * path-int: what path.c (jobs, NICs, wires, bridges, IP output and input) and arp.c
 * (the neighbour table and ARP, D7) call of each other. Not for other files: path.h is
 * the interface.
 */
#ifndef PKTPATH_PATH_INT_H
#define PKTPATH_PATH_INT_H

#include "path.h"

extern const uint8_t path_mac_bcast[6];

/* path.c */
/* A frame out of NIC n: to its wire, or into its bridge. */
void path_nic_xmit(struct host *h, struct nic *n, int pkt_id, struct pkt *p,
		   const enum origin *from, const char *sock, const char *why);
void path_pending_remove(struct sim *sim, size_t i);
/* path-jobs.c: does job a come before b (time, then sequence)? Takes the first job of
 * heap v (n jobs) into out. */
bool path_job_before(const struct path_job *a, const struct path_job *b);
void path_heap_pop(struct path_job *v, size_t *n, struct path_job *out);
/* Drops the ARP timers of host on ifindex (and ip, unless any_ip). */
void path_arp_timers_remove(struct sim *sim, int host, int ifindex, uint32_t ip, bool any_ip);

/* ip_finish_output2(): a packet (or fragment) that fits out of route rt's NIC: looped
 * back, or to its next hop's MAC (queued while ARP resolves it) */
void path_finish_output2(struct host *h, const struct path_route *rt, int pkt_id, struct pkt *p,
			 const enum origin *from, const char *sock);

/* frag.c */
/* ip_fragment(): p is larger than mtu (or was reassembled): its fragments out, or with
 * DF set the drop and ICMP "fragmentation needed" */
void path_frag_output(struct host *h, const struct path_route *rt, unsigned mtu, int pkt_id,
		      struct pkt *p, const enum origin *from, const char *sock);
/* ip_defrag(): fragment p (*pkt_id) came in on n, for conntrack (ct) or local delivery.
 * True when it completed its datagram: p is the whole datagram, *pkt_id its id. */
bool path_frag_reasm(struct host *h, const struct nic *n, int *pkt_id, struct pkt *p,
		     const enum origin *from, bool ct);
/* ip_expire(): the reassembly timer of job j's queue */
void path_frag_expire(struct host *h, const struct path_job *j);

/* arp.c */
/* arp_solicit(): a who-has for target on n, its sender chosen by arp_announce. */
void arp_solicit(struct host *h, struct nic *n, uint32_t target, uint32_t pkt_saddr);
void arp_timer_arm(struct host *h, int ifindex, uint32_t ip);
void arp_timer_fire(struct host *h, int ifindex, uint32_t ip);
/* neigh_event_send(): an entry that is neither valid nor resolving starts resolving
 * (made if missing, INCOMPLETE, the first ARP request, its timer); pkt_saddr is the
 * source of the packet that waits for it, 0 for none (arp_announce decides). */
void neigh_event_send(struct host *h, struct nic *n, uint32_t ip, uint32_t pkt_saddr);
/* arp_rcv()/arp_process(): an ARP frame taken by n. */
void arp_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p);

/* icmp.c */
/* ip_error()'s limit for an error to saddr; false (why filled) when it sends nothing */
bool icmp_ip_error_allow(struct host *h, uint32_t saddr, char *why, size_t len);
/* icmpv4_xrlim_allow() for the ICMP message r leaving by route rt */
bool icmp_xrlim_allow(struct host *h, const struct rtable *rt, const struct pkt *r, char *why,
		      size_t len);
/* icmp_send() of type/code about packet p, which this host was forwarding */
/* ip_rt_send_redirect() for a packet forwarded by route rt back out of its input NIC */
void icmp_send_redirect(struct host *h, int pkt_id, const struct pkt *p, const struct rtable *rt);
/* icmp_unreach() → the socket's error handler → __ip_rt_update_pmtu(): an ICMP
 * "fragmentation needed" p that arrived on n */
void icmp_frag_needed_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p);
/* icmp_redirect(): an ICMP redirect p that arrived on n */
void icmp_redirect_rcv(struct host *h, struct nic *n, int pkt_id, const struct pkt *p);
void icmp_router_error(struct host *h, const struct nic *in, int pkt_id, const struct pkt *p,
		       uint16_t type, uint16_t code, const char *what);
/* the same with the header's second word (a "fragmentation needed"'s next-hop MTU) */
void icmp_router_error_info(struct host *h, const struct nic *in, int pkt_id, const struct pkt *p,
			    uint16_t type, uint16_t code, uint32_t info, const char *what);

#endif
