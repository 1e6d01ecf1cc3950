/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ksock: the real kernel's sockets (inet_diag) and conntrack entries (ctnetlink) of a
 * namespace, as plain values. Like kroute.h: the engine (cmd-real.c, cmd-why.c) only
 * sees these structs and function pointers that the front end sets when the libnl
 * adapter (netlink.c: libnl-idiag, libnl-nf) is linked; src/ never calls libnl.
 */
#ifndef PKTPATH_KSOCK_H
#define PKTPATH_KSOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One IPv4 TCP or UDP socket (struct inet_diag_msg and its attributes). */
struct ksock {
	uint8_t proto;	   /* 6 TCP, 17 UDP */
	uint8_t state;	   /* the kernel's TCP_* number (UDP: 7 = unconnected, 1 = connected) */
	uint32_t src, dst; /* host byte order */
	uint16_t sport, dport;
	uint32_t rqueue, wqueue;
	int bound_if; /* SO_BINDTODEVICE ifindex, 0 = none */
	char bound_dev[16];
	bool has_mark; /* INET_DIAG_MARK is only sent to CAP_NET_ADMIN */
	uint32_t mark;
	uint32_t uid, inode;
};

/* One IPv4 conntrack entry (both tuples), as `conntrack -L` prints it. */
struct kct_tuple {
	uint32_t src, dst;
	uint16_t sport, dport; /* TCP/UDP ports */
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id;
};
struct kct {
	uint8_t proto;	   /* IPPROTO_* */
	uint8_t tcp_state; /* TCP_CONNTRACK_* (TCP only) */
	bool has_tcp_state;
	uint32_t timeout; /* seconds left */
	uint32_t status;  /* IPS_* */
	uint32_t mark, use, zone;
	uint32_t id;
	struct kct_tuple t[2]; /* original, reply */
};

/* Return 0 and a malloc'ed array (caller frees), or a negative errno with msg filled. */
typedef int (*ksock_list_fn)(const char *netns, struct ksock **out, size_t *n, char *msg,
			     size_t msglen);
typedef int (*kct_list_fn)(const char *netns, struct kct **out, size_t *n, char *msg,
			   size_t msglen);

#endif
