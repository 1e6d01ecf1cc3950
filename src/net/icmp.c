/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * icmp: the ICMP errors a router sends (ip_error, ip_forward's time exceeded) and the rate
 * limits every ICMP error and reply passes (ip_error's bucket, icmpv4_xrlim_allow), with
 * the per-address token buckets of struct inet_peer (docs/kernel.md D9).
 */
#include "path-int.h"

#include <stdio.h>
#include <string.h>

#include "sock.h"

static int64_t jiffies(const struct host *h)
{
	return (int64_t)(h->sim->now_us / (1000000 / KERNEL_HZ));
}

/* inet_getpeer_v4(): the rate bucket of a remote address, made on first use */
static struct inet_peer *peer_get(struct host *h, uint32_t addr)
{
	struct inet_peer *p;

	for (size_t i = 0; i < h->npeer; i++)
		if (h->peers[i].addr == addr)
			return &h->peers[i];
	vec_reserve((void **)&h->peers, &h->peer_cap, h->npeer + 1, sizeof(*h->peers));
	p = &h->peers[h->npeer++];
	p->addr = addr;
	p->rate_tokens = 0;
	p->rate_last = jiffies(h) - 60 * KERNEL_HZ;
	return p;
}

/* ip_error()'s own limit before its ICMP: one error per second (ip_rt_error_cost) to
 * each sender, five in a burst (ip_rt_error_burst) */
bool icmp_ip_error_allow(struct host *h, uint32_t saddr, char *why, size_t len)
{
	struct inet_peer *p = peer_get(h, saddr);
	int64_t now = jiffies(h);

	p->rate_tokens += now - p->rate_last;
	if (p->rate_tokens > 5 * KERNEL_HZ)
		p->rate_tokens = 5 * KERNEL_HZ;
	p->rate_last = now;
	if (p->rate_tokens >= KERNEL_HZ) {
		p->rate_tokens -= KERNEL_HZ;
		return true;
	}
	snprintf(why, len,
		 "ip_error() sends no ICMP: its limit of one error a second to %s (5 in a "
		 "burst) is used up, %lld ms of credit left",
		 ip_str(saddr), (long long)p->rate_tokens * 1000 / KERNEL_HZ);
	return false;
}

/* icmpv4_xrlim_allow(): the types in icmp_ratemask (not "fragmentation needed"), to
 * anywhere but loopback, at most one per icmp_ratelimit to each destination, six in a
 * burst (inet_peer_xrlim_allow) */
bool icmp_xrlim_allow(struct host *h, const struct rtable *rt, const struct pkt *r, char *why,
		      size_t len)
{
	const struct nic *dev = host_nic_by_index_c(h, rt->dev);
	int64_t now, token, limit = h->icmp_ratelimit;
	struct inet_peer *p;

	if (r->sport > 18 || (r->sport == 3 && r->dport == 4) ||
	    !((1u << r->sport) & (unsigned)h->icmp_ratemask))
		return true;
	if (dev && dev->kind == NIC_LOOPBACK)
		return true;
	p = peer_get(h, r->dst);
	now = jiffies(h);
	token = p->rate_tokens + now - p->rate_last;
	p->rate_last = now;
	if (token > 6 * limit)
		token = 6 * limit;
	p->rate_tokens = token;
	if (token >= limit) {
		p->rate_tokens = token - limit;
		return true;
	}
	snprintf(why, len,
		 "icmp_ratelimit: one ICMP error per %lld ms to %s (six in a burst), %lld ms of "
		 "credit left: not sent",
		 host_sysctl_shown(h, &h->icmp_ratelimit), ip_str(r->dst),
		 (long long)token * 1000 / KERNEL_HZ);
	return false;
}

/* icmp_send() about a packet this host was forwarding (ip_forward's too_many_hops,
 * ip_error): type and code, the source chosen by the route back (saddr 0: the packet was
 * not addressed to us), the offending header quoted. icmp_send never answers an ICMP
 * error, nor a packet from or to a broadcast or multicast address. Rate limits: ip_error
 * (burst 5, cost 1 s) and icmp_ratelimit (1 s, burst 6) draw on the same inet_peer
 * bucket of the sender, so an unreachable costs two tokens and back to back the third
 * error to one sender is not sent (icmp_ip_error_allow, icmp_xrlim_allow). */
void icmp_router_error(struct host *h, int pkt_id, const struct pkt *p, uint16_t type,
		       uint16_t code, const char *what)
{
	struct pkt r;

	if (p->proto == PKT_PROTO_ICMP && p->sport != 0 && p->sport != 8)
		return;
	if (!p->src || p->src == 0xffffffffu || (p->src & 0xf0000000u) == 0xe0000000u ||
	    p->dst == 0xffffffffu || (p->dst & 0xf0000000u) == 0xe0000000u)
		return;
	memset(&r, 0, sizeof(r));
	r.proto = PKT_PROTO_ICMP;
	r.sport = type;
	r.dport = code;
	r.src = 0;
	r.dst = p->src;
	r.ack = p->dst;				       /* the quoted header: original dst … */
	r.seq = ((uint32_t)p->sport << 16) | p->dport; /* … and ports */
	path_kernel_reply(h, pkt_id, p, &r, what);
}
