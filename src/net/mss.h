/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mss: TCP's maximum segment size, as the kernel derives it from the route (see mss.c).
 */
#ifndef PKTPATH_MSS_H
#define PKTPATH_MSS_H

#include <stdint.h>

struct host;

/* ipv4_mtu() of a route out of device ifindex: the device's MTU, at most IP_MAX_MTU
 * (65535); 0 when there is no such device */
unsigned mss_dev_mtu(const struct host *h, int ifindex);
/* ipv4_default_advmss(): what a SYN or SYN-ACK sent by that route advertises */
uint16_t mss_advmss(const struct host *h, int ifindex);
/* tcp_mtu_to_mss(): the largest payload one segment carries on a connection whose route
 * leaves by ifindex and whose peer advertised peer_mss */
unsigned mss_send(const struct host *h, int ifindex, uint16_t peer_mss);

#endif
