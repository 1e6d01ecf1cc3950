/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * model: the simulated world. A sim owns hosts (one network namespace each); a host
 * owns its NICs, their IPv4 addresses, its routing tables, its policy rules and its
 * sysctls. The structures mirror what rtnetlink exposes, in the kernel's orderings:
 * address list order (docs/kernel.md B1), alias order inside a prefix (A5), rule order
 * (A2). Routes the kernel makes or removes by itself (B2, A9) are maintained by the
 * functions in this module, never by callers.
 *
 * Not here: the routing decision (fib.c), the `ip` command language (ipcmd.c and src/tools/ip-*.c), traffic.
 * Routing tables (table.c): one hash of prefixes per table, each prefix holding its
 * aliases in order, plus the prefixes in dump order, sorted lazily. Rejected: one sorted
 * array of routes per table (inserting out of order is O(n), so loading a table in
 * random order was quadratic) and one global route list with a table field.
 *
 * Ownership: sim → host → nic → addr; host → table → route; host → rule. Pointers
 * returned by getters are borrowed and valid until the next change of their owner.
 */
#ifndef PKTPATH_MODEL_H
#define PKTPATH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"
#include "out/trace.h"

struct neigh;
struct fdb_entry;
struct sock;
struct sock_index;
struct path_job;
struct trace;
struct nf_state;

/* Linux constants (include/uapi/linux/rtnetlink.h), kept numerically identical. */
enum {
	RTN_UNSPEC,
	RTN_UNICAST,
	RTN_LOCAL,
	RTN_BROADCAST,
	RTN_ANYCAST,
	RTN_MULTICAST,
	RTN_BLACKHOLE,
	RTN_UNREACHABLE,
	RTN_PROHIBIT,
	RTN_THROW,
	RTN_NAT,
	RTN_XRESOLVE,
	RTN__MAX
};
enum {
	RT_SCOPE_UNIVERSE = 0,
	RT_SCOPE_SITE = 200,
	RT_SCOPE_LINK = 253,
	RT_SCOPE_HOST = 254,
	RT_SCOPE_NOWHERE = 255
};
enum { RT_TABLE_UNSPEC = 0, RT_TABLE_DEFAULT = 253, RT_TABLE_MAIN = 254, RT_TABLE_LOCAL = 255 };
enum {
	RTPROT_UNSPEC = 0,
	RTPROT_REDIRECT = 1,
	RTPROT_KERNEL = 2,
	RTPROT_BOOT = 3,
	RTPROT_STATIC = 4
};
/* nexthop flags (RTNH_F_*) */
enum { NH_F_DEAD = 1, NH_F_PERVASIVE = 2, NH_F_ONLINK = 4, NH_F_LINKDOWN = 16 };
/* address flags (IFA_F_*) */
enum { IFA_F_SECONDARY = 0x01, IFA_F_NOPREFIXROUTE = 0x200 };
/* rule actions (FR_ACT_*) */
enum {
	FR_ACT_UNSPEC,
	FR_ACT_TO_TBL,
	FR_ACT_GOTO,
	FR_ACT_NOP,
	FR_ACT_RES3,
	FR_ACT_RES4,
	FR_ACT_BLACKHOLE,
	FR_ACT_UNREACHABLE,
	FR_ACT_PROHIBIT
};

#define LOOPBACK_IFINDEX 1
#define IFNAMSIZ 16

/* Per-device IPv4 sysctls that the engine uses (net.ipv4.conf.X.*). */
#define DEVCONF_LIST(X)                                  \
	X(FORWARDING, "forwarding", 0)                   \
	X(RP_FILTER, "rp_filter", 0)                     \
	X(ACCEPT_LOCAL, "accept_local", 0)               \
	X(ROUTE_LOCALNET, "route_localnet", 0)           \
	X(ARP_FILTER, "arp_filter", 0)                   \
	X(ARP_ANNOUNCE, "arp_announce", 0)               \
	X(ARP_IGNORE, "arp_ignore", 0)                   \
	X(ARP_ACCEPT, "arp_accept", 0)                   \
	X(PROMOTE_SECONDARIES, "promote_secondaries", 0) \
	X(SEND_REDIRECTS, "send_redirects", 1)           \
	X(ACCEPT_REDIRECTS, "accept_redirects", 1)       \
	X(SRC_VALID_MARK, "src_valid_mark", 0)           \
	X(IGNORE_LINKDOWN, "ignore_routes_with_linkdown", 0)
#define X_ENUM(id, name, def) DEVCONF_##id,
enum devconf { DEVCONF_LIST(X_ENUM) DEVCONF__COUNT };
#undef X_ENUM
const char *devconf_name(enum devconf c);
int devconf_default(enum devconf c);

/* The kernel's clock rate: jiffies count simulated time at this rate (Debian's kernels
 * and the one the tests run on: CONFIG_HZ=250). */
#define KERNEL_HZ 250

/* struct inet_peer's rate limiter (net/ipv4/inetpeer.c): tokens and the time of the last
 * use, in jiffies. A new peer starts as if idle for 60 s (its bucket full). */
struct inet_peer {
	uint32_t addr;
	int64_t rate_tokens, rate_last;
	int n_redirects; /* redirects sent since the last silence (ip_rt_send_redirect) */
};

/* A route exception (struct fib_nh_exception), made by an ICMP redirect or an ICMP
 * "fragmentation needed": packets to daddr that the route would send via its own gateway
 * go via gw instead (0: no redirect), and no larger than pmtu (0: none; locked when it
 * fell below min_pmtu), until expires (in jiffies). The route is named by value (table,
 * prefix, tos, metric, nexthop). */
struct fnhe {
	uint32_t table, dst, priority, nh_gw;
	uint8_t plen, tos;
	int nh_oif;
	uint32_t daddr, gw, pmtu;
	bool mtu_locked;
	int64_t expires;
	int dev;     /* the device the route uses (for a route without oif: its nexthop's) */
	bool cached; /* an output lookup bound it (fnhe_rth_output): `ip route show cache` */
};

/* A datagram being reassembled (struct ipq): what its fragments brought so far. Keyed
 * by source, destination, protocol, the datagram's id and the queue's user (conntrack at
 * PREROUTING, or local delivery). */
struct fragq {
	uint32_t src, dst;
	uint8_t proto;
	bool ct;       /* IP_DEFRAG_CONNTRACK_IN, not IP_DEFRAG_LOCAL_DELIVER */
	bool first_in; /* the fragment at offset 0 came (INET_FRAG_FIRST_IN) */
	/* complete: its datagram went on, and the queue stays until that datagram leaves
	 * (its fragments are the frag_list ip_do_fragment may send again) or expires */
	bool done;
	int of; /* the datagram's id: its fragments' frag_of */
	int nfrag;
	unsigned have, total; /* payload bytes so far; all of them, 0 until the last came */
	uint16_t max;	      /* the largest fragment (max_size: frag_max_size) */
	uint64_t expires_us;  /* ipfrag_time (30 s) after the first fragment */
	int iif;
	struct pkt head;	  /* the datagram's header and fields, from the first fragment */
	uint8_t seen[8192 / 8];	  /* which 8-byte blocks came, to drop a duplicate */
	uint8_t starts[8192 / 8]; /* the blocks a fragment starts at: their geometry */
};

struct addr {
	uint32_t local;
	uint8_t plen;
	uint8_t scope;
	uint32_t brd;	/* 0 = none */
	uint32_t flags; /* IFA_F_* */
	uint32_t metric;
	char label[IFNAMSIZ];
	uint64_t hash_seq; /* insertion order in the kernel's address hash: newest is found first */
};

enum nic_kind { NIC_LOOPBACK, NIC_VETH, NIC_BRIDGE };

struct nic {
	int ifindex;
	char name[IFNAMSIZ];
	enum nic_kind kind;
	uint8_t mac[6];
	bool up;      /* IFF_UP (admin) */
	bool ever_up; /* qdisc noop until the first up */
	int mtu;
	/* veth peer: host index and ifindex, or -1 */
	int peer_host;
	int peer_ifindex;
	int master; /* ifindex of the bridge this NIC is enslaved to, 0 if none */
	/* Imported from a real kernel (netlink.c) when the veth peer is outside the model
	 * (another namespace): the peer's ifindex there (0 = none) and the kernel's carrier
	 * (0 = computed from the peer as usual, 1 = on, -1 = off). */
	int ext_peer_ifindex;
	int ext_peer_nsid;	 /* its IFLA_LINK_NETNSID */
	char ext_peer_netns[32]; /* its name under /run/netns, "" if unknown */
	int ext_carrier;
	uint64_t master_seq; /* when it was enslaved: br_add_if() puts new ports first */
	int conf[DEVCONF__COUNT];
	uint32_t conf_set; /* cnf.state: bit c set once conf[c] was written for this device */
	struct addr *
		addrs; /* B1 order: primaries sorted by scope (host, link, global), then secondaries */
	size_t naddr, addr_cap;
	/* its counters as `ip -s link` shows them (rtnl_link_stats64): frames with their
	 * Ethernet header, but without it what lo loops and what a bridge takes up */
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
};

/* One path of a multipath route (struct fib_nh). A route with one path keeps it in its
 * own fields (gw, oif, nh_flags, nh_scope); a multipath route names a group of these. */
struct nexthop {
	uint32_t gw; /* 0 = none */
	int oif;
	uint32_t flags;	     /* NH_F_* */
	uint8_t scope;	     /* nh_scope (A7) */
	uint16_t weight;     /* 1-256 (rtnh_hops + 1) */
	int32_t upper_bound; /* fib_nh_upper_bound (fib_rebalance); -1: not chosen */
	/* nh_saddr: the source address this path gives a flow, computed when the route is
	 * made and refreshed only when the result's prefsrc is asked with a newer genid */
	uint32_t saddr, saddr_genid;
};

/* A multipath route's paths, in the order given. n = 0: a free slot. */
enum { MP_MAX = 32, MP_SEED_UNSET = 0x2f3c5a17 };
struct mpath {
	uint8_t n;
	struct nexthop nh[MP_MAX];
};

/* A nexthop object (`ip nexthop`, struct nexthop of net/ipv4/nexthop.c): one path, a
 * blackhole (whose device is lo), or a hash-threshold group of other objects with
 * weights. Routes name one by id (nhid). Kept sorted by id. */
struct nh_grp_entry {
	uint32_t id;
	uint16_t weight;     /* 1-256 */
	int32_t upper_bound; /* hthr.upper_bound (nh_hthr_group_rebalance) */
};
struct nhobj {
	uint32_t id;
	uint8_t proto;
	bool blackhole, is_group;
	struct nexthop nh; /* one path (and a blackhole's lo): gw, oif, flags, scope, saddr */
	int ngrp;
	struct nh_grp_entry grp[MP_MAX];
};

struct route {
	uint32_t table;
	uint32_t dst;
	uint8_t plen;
	uint8_t tos;
	uint8_t type;  /* RTN_* */
	uint8_t scope; /* route scope (fib_scope) */
	uint8_t proto;
	uint8_t nh_scope; /* scope of the nexthop (A7) */
	bool accessed;	  /* FA_S_ACCESSED (C4) */
	/* the metrics pktpath models' locks (ROUTE_LOCK_*: `mtu lock N`) */
	uint8_t locks;
	uint32_t priority; /* metric */
	uint32_t prefsrc;  /* 0 = none */
	uint32_t gw;	   /* 0 = none */
	int oif;	   /* 0 = none */
	uint32_t nh_flags; /* NH_F_*; of a multipath route: its fib_flags (DEAD, LINKDOWN) */
	uint32_t mp;	   /* 0: one path; else host->mps[mp], and gw and oif are 0 */
	uint32_t nhid;	   /* a nexthop object's id (gw and oif are 0), or 0 */
	/* the metrics pktpath models (RTAX_MTU, RTAX_ADVMSS; 0 = none) */
	uint16_t mtu, advmss;
	/* kept by table.c while the route is in a table; a copy's values mean nothing */
	uint32_t ord;	    /* its prefix's slot in the dump order */
	uint32_t id;	    /* its place in the table's route storage (the trie names it) */
	struct route *next; /* next alias of the same prefix (A5 order) */
};

enum { ROUTE_LOCK_MTU = 1, ROUTE_LOCK_ADVMSS = 2 };
/* ip_metrics_convert(): the largest mtu and advmss a route keeps */
enum { ROUTE_MTU_MAX = 65535 - 15, ROUTE_ADVMSS_MAX = 65535 - 40 };

struct rtab; /* table.c: prefix hash, dump order, route storage */

struct table {
	uint32_t id;
	uint64_t created; /* creation sequence number: newest first within a hash bucket */
	size_t n;	  /* routes */
	struct rtab *x;	  /* owned; its contents change even through a const table (lazy sort) */
};

struct rule {
	uint32_t pref;
	bool invert;
	uint32_t src, dst;
	int src_len, dst_len; /* 0 = any */
	uint8_t tos;
	uint32_t mark, mask;
	bool has_mark;
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	uint8_t action; /* FR_ACT_* */
	uint32_t table;
	uint32_t goto_target;
	int suppress_prefixlen; /* -1 = none */
	uint8_t proto;		/* rule protocol (iproute2 sends RTPROT_BOOT? see ipcmd) */
	/* A2.3's layer-4 and owner selectors (FRA_IP_PROTO, FRA_SPORT_RANGE,
	 * FRA_DPORT_RANGE, FRA_UID_RANGE): 0 = any protocol; a port range is set when
	 * both ends are non-zero (fib_rule_port_range_set), and has_sport/has_dport tell
	 * that a request named one (0 is then refused); has_uid marks a uid range. */
	uint8_t ip_proto;
	bool has_sport, has_dport;
	uint16_t sport_lo, sport_hi, dport_lo, dport_hi;
	bool has_uid;
	uint32_t uid_lo, uid_hi;
};

struct host {
	char name[64];
	struct sim *sim;  /* borrowed */
	int index;	  /* position in sim->hosts */
	struct nic *nics; /* ifindex order; nics[i].ifindex grows strictly */
	size_t nnic, nic_cap;
	int next_ifindex;
	struct table *tables;
	size_t ntables, table_cap;
	uint64_t table_seq;
	struct rule *rules;
	size_t nrules, rule_cap;
	bool custom_rules;	  /* fib_has_custom_rules: local/main unmerged (A4) */
	bool custom_local_routes; /* fib_has_custom_local_routes (D4 fast path off) */
	int conf_all[DEVCONF__COUNT];
	int conf_default[DEVCONF__COUNT];
	int ip_default_ttl; /* net.ipv4.ip_default_ttl: the TTL of the packets it sends (1-255, 64) */
	/* path MTU discovery and reassembly (E15): net.ipv4.route.min_pmtu (552) and
	 * mtu_expires (600 s), ipfrag_time (30 s), the last two in jiffies, and
	 * ip_forward_use_pmtu (0) */
	int route_min_pmtu, route_mtu_expires, ipfrag_time, ip_fwd_use_pmtu;
	int icmp_ratelimit; /* net.ipv4.icmp_ratelimit in jiffies (KERNEL_HZ): 250 = 1000 ms */
	int icmp_ratemask;  /* net.ipv4.icmp_ratemask: ICMP types limited, 0x1818 */
	/* net.ipv4.icmp_errors_use_inbound_ifaddr: a forwarded packet's ICMP error comes
	 * from an address of the NIC it came in on, not the one the route back picks */
	int icmp_errors_inbound;
	/* inet_peer's rate bucket per remote address: ip_error() and icmp_send() draw on it */
	struct inet_peer *peers;
	size_t npeer, peer_cap;
	struct fnhe *fnhes; /* route exceptions (ICMP redirects, path MTUs) */
	size_t nfnhe, fnhe_cap;
	struct fragq *fragq; /* datagrams being reassembled (frag.c) */
	size_t nfragq, fragq_cap;
	/* multipath groups, one per multipath route (mps[0] unused); a slot no route names
	 * any more is found and reused when the array would grow (host_mp_new) */
	struct mpath *mps;
	uint32_t nmp, mp_cap;
	/* nexthop objects, by id; the last id given to one made without an id */
	struct nhobj *nhobjs;
	size_t nnhobj, nhobj_cap;
	uint32_t nh_last_id;
	/* net.ipv4.fib_multipath_hash_policy (0 L3, 1 L4, 2 L3 or inner L3), fib_multipath_hash_seed (0: a
	 * random key chosen at boot, for which pktpath puts MP_SEED_UNSET) and
	 * fib_multipath_use_neigh */
	int mp_hash_policy, mp_hash_seed, mp_use_neigh;
	uint32_t conf_default_set; /* cnf.state of conf/default, copied into new devices */
	uint32_t rt_genid;	   /* bumped by rt_cache_flush (C4) */
	uint32_t dev_addr_genid;
	uint64_t addr_seq; /* source of addr.hash_seq */
	uint32_t mac_seq;
	/* Traffic state (path.c, sock.c). Owned; host_free frees the arrays. */
	struct neigh *neigh; /* neighbour (ARP) entries, per device (D7) */
	size_t nneigh, neigh_cap;
	struct fdb_entry *fdb; /* learned MACs of this host's bridges */
	size_t nfdb, fdb_cap;
	struct sock **socks; /* sockets, each allocated alone: pointers stay valid */
	size_t nsock, sock_cap;
	/* a copy's sockets (snapshot.c), in one block: socks[i] points into it for i <
	 * nslab, so that copying and freeing a model with many sockets is one allocation */
	struct sock *sock_slab;
	size_t nslab;
	struct sock_index *sidx; /* lookups by name, port, 4-tuple (sock-index.c); built on use */
	int next_sock_id;
	uint16_t next_port; /* next ephemeral port to try; 0 = not started (40000) */
	int ping_dev;	    /* the last ping's SO_BINDTODEVICE (ping -I), 0 = none */
	uint64_t port_seq;  /* bridge enslavement counter (nic.master_seq) */
	/* Imported from a real namespace (netlink-import.c): its name, "." for the current
	 * one, "" for a simulated host. */
	char netns[64];
	struct nf_state *nf; /* iptables rules and conntrack (nf.c, ct.c); NULL until first used */
};

struct sim {
	struct host **hosts;
	size_t nhosts, host_cap;
	uint32_t seed; /* deterministic MACs */
	/* Packet path (path.c): simulated time, frames in flight and timers. */
	uint64_t now_us;
	struct trace *trace; /* borrowed; NULL = events are not recorded */
	int next_pkt_id;
	/* owned: frames in flight and timers, each a binary heap by (time, sequence); packets
	 * waiting for their neighbour, in arrival order */
	struct path_job *rx, *timers, *pending;
	size_t nrx, rx_cap, ntimers, timer_cap, npending, pending_cap;
	uint64_t job_seq;
};

struct sim *sim_new(void);
void sim_free(struct sim *sim);
struct host *sim_host(struct sim *sim, const char *name); /* NULL if absent */
struct host *sim_host_add(struct sim *sim,
			  const char *name); /* creates `lo` (down) like a new netns */
/* Moves src's network state (NICs, addresses, tables, rules, sysctls) into dst, keeping
 * dst's identity and traffic state, then frees src, which must be the newest host (the
 * live resync of netlink-import.c). */
void sim_host_take_state(struct host *dst, struct host *src);

/* NICs */
struct nic *host_nic(struct host *h, const char *name);
struct nic *host_nic_by_index(struct host *h, int ifindex);
const struct nic *host_nic_by_index_c(const struct host *h, int ifindex);
struct nic *host_nic_add(struct host *h, const char *name, enum nic_kind kind);
void host_nic_del(struct host *h, int ifindex);
/* A veth's peer (another host's NIC, or its own), its host in *ph when ph is not NULL;
 * NULL for other NICs and a peer outside the model */
struct nic *nic_peer(const struct host *h, const struct nic *n, struct host **ph);
bool nic_carrier(const struct host *h, const struct nic *n);
int nic_conf(const struct host *h, const struct nic *n, enum devconf c); /* effective value */
void host_link_set_up(struct host *h, struct nic *n, bool up);
/* Enslaves n to the bridge with ifindex master (0: release); bridge carrier follows. */
void host_master_set(struct host *h, struct nic *n, int master);

/* Addresses. Return 0 or a negative errno, with d filled with iproute2's words. */
int host_addr_add(struct host *h, struct nic *n, const struct addr *a, struct diag *d);
int host_addr_del_at(struct host *h, struct nic *n, size_t idx);
/* inet_rtm_deladdr(): deletes n's first address with this local address (and, when
 * plen >= 0, this prefix; when label is not NULL, this label); -EADDRNOTAVAIL. */
int host_addr_delete(struct host *h, struct nic *n, uint32_t local, int plen, const char *label,
		     struct diag *d);

/* Tables and routes */
struct table *host_table(struct host *h, uint32_t id);	   /* NULL if it never existed */
struct table *host_table_get(struct host *h, uint32_t id); /* create if needed */
/* The route a routing decision's event names (trace_route), if it is still there. */
struct trace_route;
const struct route *host_route_by_key(const struct host *h, const struct trace_route *k);
void table_free(struct table *t);
/* dst becomes a deep copy of src (same routes, alias order and flags). */
void table_clone(struct table *dst, const struct table *src);
/* The aliases of one prefix, in A5 order (follow ->next), or NULL. O(1). */
struct route *table_prefix(const struct table *t, uint32_t dst, int plen);
/* Prefix lengths present in the table: bit l set when some prefix is /l. */
uint64_t table_plens(const struct table *t);
/* The longest prefix of at most maxplen bits covering addr: its aliases, its length in
 * *plen; NULL if none. A few hash probes, or (big tables, maxplen 32) a trie walk of at
 * most three entries, then the route. */
struct route *table_longest(const struct table *t, uint32_t addr, int maxplen, int *plen);
/* The lookup trie's blocks in use (1 or 2 KiB each), 0 for a table without a trie: for
 * the tests and the benchmarks. */
size_t table_trie_blocks(const struct table *t);
/* Does now the work an import left for the first route change (table.c: the prefixes
 * still to go into each table's hash). Changes nothing visible; a front end that follows
 * the kernel calls it once its first screen is out, so that the first changes it
 * absorbs do not pay for it. */
void host_tables_settle(struct host *h);
/* A hint, changing nothing: warms the cache for table_longest() of each of n addresses
 * (at most TABLE_PREFETCH_MAX; the rest are ignored) with all their memory loads in
 * flight together. Only big tables (those with a trie) do anything. */
enum { TABLE_PREFETCH_MAX = 64 };
/* Is t big enough for table_prefetch to help (a trie and 16k prefixes or more)? Smaller
 * tables stay in the cache by themselves; table_prefetch leaves them alone. */
bool table_big(const struct table *t);
void table_prefetch(const struct table *t, const uint32_t *addr, size_t n);
/* Every route in dump order: dst ascending, longer prefix first, then alias order.
 * table_first() sorts what was added since the last walk: O(n + k log k). A walk may
 * remove the route it stands on (fetch the next one first); it must not add routes. */
struct route *table_first(const struct table *t);
struct route *table_next(const struct table *t, const struct route *r);
#define table_for_each(t, r) for (struct route *r = table_first(t); r; r = table_next(t, r))
/* Replaces a prefix's aliases with v[0..n) (copied, in that order; n = 0 removes it). */
void table_prefix_set(struct table *t, uint32_t dst, int plen, const struct route *v, size_t n);

enum route_op { ROUTE_ADD, ROUTE_APPEND, ROUTE_PREPEND, ROUTE_REPLACE, ROUTE_CHANGE };
/* Inserts a fully validated route with the kernel's NLM_F_* semantics (A5). */
int host_route_insert(struct host *h, const struct route *r, enum route_op op, struct diag *d);
/* Route deletion with fib_table_delete()'s matching. Fields that are 0 match anything;
 * scope RT_SCOPE_NOWHERE matches any scope. */
struct route_match {
	uint32_t table, dst;
	int plen;
	uint8_t tos, type, scope, proto;
	uint32_t priority, prefsrc, gw;
	int oif;
	const struct mpath *mp; /* the paths given (`nexthop …`), or NULL */
	uint32_t nhid;		/* a nexthop object (`nhid N`), or 0 */
	/* fib_metrics_match(): the metrics given, each as given (not capped), and whether
	 * one was given twice with two values (then nothing matches) */
	bool has_mtu, has_advmss, metrics_clash;
	uint32_t mtu, advmss;
	uint8_t locks; /* ROUTE_LOCK_*, compared when not 0 */
};
int host_route_delete(struct host *h, const struct route_match *m, struct diag *d);
/* Removes r (a route of t); flushes the cache if it was used (C4). */
void host_route_remove(struct host *h, struct table *t, struct route *r);
/* Bulk import of a route dumped by the kernel (netlink.c): no validation, no EEXIST, no
 * cache flush; placed after the aliases of its prefix that sort before or equal it. O(1)
 * expected plus the length of the prefix's alias list. */
void host_route_import(struct host *h, const struct route *r);
void host_rt_cache_flush(struct host *h);
/* jiffies now: the simulated clock at KERNEL_HZ */
int64_t host_jiffies(const struct host *h);
/* The route exception for daddr on path nh of route r, or NULL (an expired one is removed). */
struct fnhe *host_fnhe_find(struct host *h, const struct route *r, const struct nexthop *nh,
			    uint32_t daddr);
/* The route an exception hangs on (its table, prefix, tos and metric), or NULL */
const struct route *host_fnhe_route(const struct host *h, const struct fnhe *e);
/* update_or_create_fnhe(): gateway gw (0: keep) and path MTU pmtu (0: keep) for daddr on
 * route r until expires; true when the exception is new (the caller then makes cached
 * routes look again). */
bool host_fnhe_update(struct host *h, const struct route *r, const struct nexthop *nh, int dev,
		      uint32_t daddr, uint32_t gw, uint32_t pmtu, bool lock, int64_t expires);
/* The exceptions of route r go with it (its fib_info is freed); all of them go with
 * `ip route flush cache` (fnhe_genid_bump). */
void host_fnhe_route_gone(struct host *h, const struct route *r);
void host_fnhe_flush(struct host *h);

/* Multipath groups. host_mp_new() returns a new group's id with n = 1 (the caller fills
 * it); the route that names it owns it, and a group no table names is reused later. */
uint32_t host_mp_new(struct host *h);
struct mpath *host_mp(const struct host *h, uint32_t id);
/* fib_rebalance(): each live path's hash range from its weight; dead paths get -1 */
void host_mp_rebalance(const struct host *h, struct mpath *g);
/* Nexthop objects. host_nhobj(): the one with this id, or NULL. host_nhobj_put(): adds
 * n, or replaces the one with its id in place (its routes and groups keep it), then
 * rebalances the groups it is in. host_nhobj_remove(): remove_nexthop(): out of every
 * group (a group left empty goes too), and every route that uses it goes. A route and
 * route lookups see an object through route_nnh()/route_nh(). */
struct nhobj *host_nhobj(const struct host *h, uint32_t id);
void host_nhobj_put(struct host *h, const struct nhobj *n);
void host_nhobj_remove(struct host *h, uint32_t id);
/* nexthop_flush_dev(): the objects whose device is ifindex go (a blackhole stays unless
 * the device goes away: unregister) */
void host_nhobj_flush_dev(struct host *h, int ifindex, bool unregister);
/* nh_hthr_group_rebalance() */
void nhobj_rebalance(struct nhobj *g);
/* nh_find_unused_id(): the next free id after the last one given, or 0 */
uint32_t host_nhobj_free_id(struct host *h);

/* A route's number of paths, and path i of it (a route with one path: its own fields; a
 * route with a nexthop object: the object's path, or its group's members with the
 * group's weights and ranges). */
int route_nnh(const struct host *h, const struct route *r);
struct nexthop route_nh(const struct host *h, const struct route *r, int i);

/* A write of v to an IPv4 sysctl as the kernel takes it: val is its slot (which is
 * DEVCONF__COUNT for net.ipv4.ip_default_ttl, else the conf key of devname: "all",
 * "default" or a NIC). Forwarding's all/ copies to default and every NIC; a default/
 * write reaches the NICs that never had the key set; keys that change routing flush
 * the cache. -EINVAL for a TTL out of 1..255. */
int host_sysctl_write(struct host *h, enum devconf which, const char *devname, int *val, int v);
/* The value `sysctl KEY` prints for the variable val points to (icmp_ratelimit is kept in
 * jiffies and shown in milliseconds, mtu_expires and ipfrag_time in seconds). */
long long host_sysctl_shown(const struct host *h, const int *val);

/* Rules */
void host_rules_default(struct host *h);
/* fib_nl_newrule(): the default pref when none is given (A2.2), the goto direction, the
 * action, then NLM_F_EXCL's duplicate check (fib4_rule_compare); inserted after the
 * rules of its pref. 0, or -EINVAL, -EOPNOTSUPP or -EEXIST with the message in d. */
int host_rule_add(struct host *h, const struct rule *r, bool pref_given, struct diag *d);
/* fib_nl_delrule(): deletes the first rule the given fields match (a field left 0, and
 * the pref when not given, matches anything); 0, or -EOPNOTSUPP or -ENOENT with d. */
int host_rule_del(struct host *h, const struct rule *r, bool pref_given, struct diag *d);
/* iproute2's `ip rule flush`: every rule but pref 0 goes. */
void host_rule_flush(struct host *h);

/* Address helpers */
struct nic *host_find_local(struct host *h, uint32_t addr); /* __ip_dev_find: a NIC holding addr */

#endif
