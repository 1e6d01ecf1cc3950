/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kroute: the real kernel's answer to a route query (RTM_GETROUTE), as plain values.
 * The engine (cmd-why.c) only sees these structs and a function pointer that the
 * front end sets when the libnl adapter (netlink.c) is linked; src/ never calls libnl.
 */
#ifndef PKTPATH_KROUTE_H
#define PKTPATH_KROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kroute_query {
	uint32_t dst, src;     /* host byte order; src 0 = not given */
	char iif[16], oif[16]; /* "" = not given */
	uint32_t mark;
	uint8_t proto;	       /* RTA_IP_PROTO: 6, 17 or 1; 0 = not given (the kernel: UDP) */
	uint16_t sport, dport; /* RTA_SPORT, RTA_DPORT; 0 = not given */
	uint32_t uid;	       /* RTA_UID, always sent */
};

struct kroute_answer {
	int err;  /* 0, or the kernel's negative errno (e.g. -ENETUNREACH) */
	int type; /* RTN_* */
	uint32_t table;
	char dev[16];	  /* egress (output) or delivering (input) device, "" if none */
	uint32_t gw;	  /* 0 = none */
	uint32_t prefsrc; /* RTA_PREFSRC: the source the kernel chose, 0 = none */
};

/* Returns 0 when the kernel answered (a->err may still be an error), or a negative
 * errno with msg filled when the question could not be asked. */
typedef int (*kroute_get_fn)(const char *netns, const struct kroute_query *q,
			     struct kroute_answer *a, char *msg, size_t msglen);

#endif
