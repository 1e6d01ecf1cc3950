/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mss: TCP's maximum segment size, as the kernel derives it from the route (see mss.c).
 */
#ifndef PKTPATH_MSS_H
#define PKTPATH_MSS_H

#include <stdbool.h>
#include <stdint.h>

struct host;
struct path_route;

/* ipv4_mtu(): route rt's path MTU (a route exception's), else its mtu metric, else its
 * device's MTU (576 at most when the MTU is locked without a value and the route has a
 * gateway); at most IP_MAX_MTU (65535) */
unsigned mss_route_mtu(const struct host *h, const struct path_route *rt);
/* ip_dst_mtu_maybe_forward(): the MTU a router forwards by, which ignores the path MTU
 * unless it is locked or ip_forward_use_pmtu is 1 */
unsigned mss_fwd_mtu(const struct host *h, const struct path_route *rt);
/* the MTU of device ifindex, at most IP_MAX_MTU; 0 when there is none */
unsigned mss_dev_mtu(const struct host *h, int ifindex);
/* dst_metric_advmss(): what a SYN or SYN-ACK sent by route rt advertises */
uint16_t mss_advmss(const struct host *h, const struct path_route *rt);
struct strbuf;
/* Where mss_advmss(h, rt) comes from, in words ("eth0's MTU 1500 less 40") */
void mss_advmss_why(const struct host *h, const struct path_route *rt, struct strbuf *sb);
/* tcp_mtu_to_mss(): the largest payload one segment carries on a connection whose route
 * is rt and whose peer advertised peer_mss, 12 bytes less when both ends use timestamps */
unsigned mss_send(const struct host *h, const struct path_route *rt, uint16_t peer_mss, bool ts);

#endif
