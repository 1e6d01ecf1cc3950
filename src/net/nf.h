/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nf: the iptables rule model of one host (tables filter, nat, mangle; built-in and user
 * chains; per-rule counters) and chain traversal for one packet at one hook. The syntax
 * and the listings (`-S`, `-L -n [-v] [--line-numbers]`) are those of iptables-nft 1.8.9
 * (Debian 12), byte for byte; cmd-iptables.c is the command front end.
 *
 * Not here: conntrack and the NAT binding (ct.c decides when the nat table is run at all,
 * docs/kernel.md E3), the packet path (path.c calls ct_hook()).
 * Rejected alternative: nftables' own model. The notes and the scenes speak iptables.
 *
 * Ownership: host → nf_state (h->nf, created on first use) → tables → chains → rules.
 */
#ifndef PKTPATH_NF_H
#define PKTPATH_NF_H

#include "model.h"
#include "out/trace.h"

/* enum nf_table and enum nf_hook are in out/trace.h: events name them too. */

enum nf_target {
	NF_TGT_NONE, /* no -j: counts only */
	NF_TGT_ACCEPT,
	NF_TGT_DROP,
	NF_TGT_REJECT,
	NF_TGT_RETURN,
	NF_TGT_LOG,
	NF_TGT_SNAT,
	NF_TGT_DNAT,
	NF_TGT_MASQUERADE,
	NF_TGT_REDIRECT,
	NF_TGT_MARK,
	NF_TGT_TTL,	/* mangle: --ttl-set/--ttl-dec/--ttl-inc (xt_HL) */
	NF_TGT_NOTRACK, /* raw: the packet is not tracked (xt_CT's NOTRACK alias) */
	NF_TGT_CT,	/* raw: -j CT, untracking with --notrack (ct_notrack) */
	NF_TGT_TCPMSS,	/* -p tcp: the MSS option rewritten (xt_TCPMSS) */
	NF_TGT_JUMP,	/* user chain */
};

/* ctstate bits (xt_conntrack) */
enum {
	NF_CT_INVALID = 1,
	NF_CT_NEW = 2,
	NF_CT_ESTABLISHED = 4,
	NF_CT_RELATED = 8,
	NF_CT_UNTRACKED = 16,
	NF_CT_SNAT = 32,
	NF_CT_DNAT = 64,
};

enum { NF_TTL_SET = 1, NF_TTL_DEC, NF_TTL_INC };
/* TCPMSS --clamp-mss-to-pmtu (XT_TCPMSS_CLAMP_PMTU: --set-mss stops at 65515) */
enum { NF_TCPMSS_CLAMP = 0xffff };

/* REJECT --reject-with, in nf_reject_names' order; the ICMP ones are type 3 with
 * nf_reject_code's code (ipt_REJECT's reject_tg). */
enum nf_reject {
	NF_REJECT_PORT_UNREACH,
	NF_REJECT_NET_UNREACH,
	NF_REJECT_HOST_UNREACH,
	NF_REJECT_PROTO_UNREACH,
	NF_REJECT_NET_PROHIBITED,
	NF_REJECT_HOST_PROHIBITED,
	NF_REJECT_ADMIN_PROHIBITED,
	NF_REJECT_TCP_RESET,
	NF_REJECT__COUNT,
};

enum nf_match_kind {
	NF_M_PROTO_PORTS,
	NF_M_CONNTRACK,
	NF_M_MARK,
	NF_M_STATE,
	NF_M_ICMP,
	NF_M_COMMENT, /* may repeat: the k-th in order[] is comment[k] */
	NF_M_MULTIPORT,
	NF_M_ADDRTYPE,
	NF_M_LIMIT,
	NF_M_RECENT,
	NF_M_IPRANGE,
	NF_M_MAC,
	NF_M_PKTTYPE,
	NF_M_OWNER,
	NF_M_STATISTIC,
	NF_M_TCPMSS,
	NF_M__COUNT,
};
#define NF_COMMENTS_MAX 4  /* -m comment matches in one rule */
#define NF_COMMENT_LEN 255 /* bytes kept of one (XT_MAX_COMMENT_LEN less its NUL) */
#define NF_ORDER_MAX (15 + NF_COMMENTS_MAX)
#define NF_MULTIPORT_MAX 15 /* port slots of -m multiport (a range takes two) */
enum nf_mp_dir { NF_MP_NONE, NF_MP_SRC, NF_MP_DST, NF_MP_ANY };

/* -m statistic's modes (XT_STATISTIC_MODE_* plus one: 0 is no match) */
enum { NF_STAT_RANDOM = 1, NF_STAT_NTH = 2 };

/* -m owner's tests (XT_OWNER_*) */
enum { NF_OWNER_UID = 1, NF_OWNER_GID = 2, NF_OWNER_SOCKET = 4, NF_OWNER_SUPPL = 8 };

/* Who sent a packet: the credentials of the file of the socket that sent it (its
 * opener's fsuid and fsgid, and up to NF_OWNER_GROUPS supplementary groups); nofile: the
 * kernel's own control socket (RSTs, ICMP errors and echo replies), which has no file */
#define NF_OWNER_GROUPS 4
struct nf_owner {
	uint32_t uid, gid;
	bool nofile;
	uint8_t ngroups;
	uint32_t groups[NF_OWNER_GROUPS];
};

/* The NAT targets' flags (nf_nat_range2.flags): RANDOM and RANDOM_FULLY both make the
 * kernel draw the port at random even when the flow's own is free and skip the
 * same-source mapping (NF_NAT_RANGE_PROTO_RANDOM_ALL); PERSISTENT leaves the
 * destination out of the hash that picks an address of a range. */
enum { NF_NAT_F_RANDOM = 1, NF_NAT_F_RANDOM_FULLY = 2, NF_NAT_F_PERSISTENT = 4 };

struct nf_rule {
	uint32_t src, smask, dst, dmask;
	bool inv_src, inv_dst, has_src, has_dst;
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	bool inv_iif, inv_oif;
	uint8_t proto; /* 0 = all */
	bool inv_proto;
	/* -f: the second and later fragments of a packet (IPT_F_FRAG). pktpath sends no
	 * fragments, so -f matches nothing and ! -f everything */
	bool has_frag, inv_frag;
	bool has_sport, has_dport, inv_sport, inv_dport;
	uint16_t sport[2], dport[2];
	uint8_t ctstate; /* NF_CT_* bits, 0 = no match */
	bool inv_ctstate;
	uint8_t state; /* -m state --state: NF_CT_* bits but SNAT/DNAT, 0 = no match */
	bool inv_state;
	bool has_mark, inv_mark;
	uint32_t mark, mark_mask;
	/* -m tcp --tcp-flags MASK COMP (--syn: FIN,SYN,RST,ACK SYN): the packet's flags
	 * under the mask equal comp */
	bool has_tcpflags, inv_tcpflags;
	uint8_t tcpflags_mask, tcpflags_cmp;
	/* -m icmp --icmp-type: type (255 = any) and the code range */
	bool has_icmp, inv_icmp;
	uint8_t icmp_type, icmp_code[2];
	/* -m addrtype --src-type/--dst-type T[,T]: bit 1 << RTN_* of each type the source
	 * or destination address may have in the local table (0: not asked) */
	uint16_t at_src, at_dst;
	bool inv_at_src, inv_at_dst;
	/* -m multiport --sports|--dports|--ports LIST: the ports and ranges (lo < hi) */
	enum nf_mp_dir mp_dir;
	bool inv_mp;
	uint8_t mp_n;
	uint16_t mp_lo[NF_MULTIPORT_MAX], mp_hi[NF_MULTIPORT_MAX];
	/* -m limit, as iptables-nft 1.8.9 hands it to the kernel: nft's limit expression
	 * (nft_limit.c), rate packets per unit seconds, burst (0 there is 5). Its bucket
	 * holds nanoseconds of credit: a packet costs unit s / rate, the bucket holds burst
	 * of them and starts full when the rule is added; time refills it. */
	bool has_limit;
	uint32_t limit_rate, limit_unit, limit_burst;
	uint64_t limit_tokens, limit_last_ns;
	/* -m recent (xt_recent): what it does with the address of one side of the packet
	 * in the named list (NF_RECENT_* bits), within seconds (0: any age), hit count (0:
	 * once), under mask; the name is interned (nf_intern) */
	bool has_recent, inv_recent, recent_dst;
	/* --mask was given: libxt_recent's default fills the whole (IPv6-sized) field, a
	 * given one its first four bytes, so -D and -C tell the two apart */
	bool recent_mask_set;
	uint8_t recent_what;
	uint32_t recent_seconds, recent_hits, recent_mask;
	const char *recent_name;
	/* -m iprange --src-range/--dst-range MIN-MAX (inclusive, each may be inverted):
	 * NF_IPR_* bits */
	uint8_t ipr;
	uint32_t ipr_src[2], ipr_dst[2];
	/* -m mac --mac-source: the frame's source address (PREROUTING, INPUT, FORWARD) */
	bool has_mac, inv_mac;
	uint8_t mac[6];
	/* -m pkttype --pkt-type: PACKET_HOST 0 (unicast), BROADCAST 1, MULTICAST 2,
	 * OTHERHOST 3 (iptables-nft makes it nft's meta pkttype) */
	bool has_pkttype, inv_pkttype;
	uint8_t pkttype;
	/* -m tcpmss --mss MIN[:MAX]: a segment whose MSS option is in the range */
	bool has_tcpmss, inv_tcpmss;
	uint16_t tcpmss_range[2];
	/* -m owner (xt_owner revision 1, OUTPUT and POSTROUTING only): the NF_OWNER_* tests
	 * it makes and those inverted, the uid and gid ranges */
	uint8_t owner_match, owner_inv;
	uint32_t owner_uid[2], owner_gid[2];
	/* -m statistic (xt_statistic): random mode matches when a 31-bit draw is below
	 * stat_prob (the probability times 2^31, rounded); nth mode when its counter,
	 * going 0..stat_every (every n - 1), wraps to 0. stat_count is that counter
	 * (starting at every n - 1 - packet p): state, left out of the rule's identity */
	uint8_t stat_mode; /* NF_STAT_* */
	bool inv_stat;
	uint32_t stat_prob, stat_every, stat_packet, stat_count;
	enum nf_match_kind order[NF_ORDER_MAX]; /* -m matches in the order they were given */
	int norder;
	/* -m comment --comment TEXT: matches every packet; the text is interned for the
	 * program's life (nf_intern), so rules copy by value */
	const char *comment[NF_COMMENTS_MAX];
	int ncomment;
	enum nf_target target;
	char jump[32];
	bool is_goto; /* NF_TGT_JUMP by -g: the chain does not come back here (IPT_F_GOTO) */
	uint32_t to_addr, to_addr_max; /* SNAT/DNAT: an address, or a range (max 0: one) */
	uint16_t to_port[2];	       /* SNAT/DNAT/REDIRECT; 0 = keep */
	uint8_t nat_flags;	       /* NF_NAT_F_*: --random, --random-fully, --persistent */
	uint32_t set_mark, set_mask;   /* MARK --set-xmark value/mask */
	uint8_t ttl_mode, ttl_val;     /* TTL: NF_TTL_SET/DEC/INC and its value */
	bool ct_notrack;	       /* CT --notrack */
	uint16_t tcpmss;	       /* TCPMSS --set-mss, or NF_TCPMSS_CLAMP */
	char log_prefix[32];
	bool has_log_prefix;
	enum nf_reject reject_with;
	uint64_t pkts, bytes;
};

struct nf_chain {
	char name[32];
	bool builtin;
	int policy; /* NF_TGT_ACCEPT or NF_TGT_DROP (built-in chains) */
	/* policy counters: a base chain has them once a policy was set (-P, a restored
	 * chain line); one made by a rule has none and shows 0 (E6) */
	bool counters;
	uint64_t pkts, bytes;
	struct nf_rule *r;
	size_t n, cap;
	/* in the kernel: a user chain from -N on; iptables-nft adds a built-in chain with the
	 * first -A, -I, -R or -P on it. -R and -D by number find no chain before that. */
	bool kernel;
};

struct nf_tbl {
	struct nf_chain *chains; /* built-ins in hook order, then user chains in creation order */
	size_t n, cap;
	/* in the kernel: iptables-nft adds a table at the first command that writes to it
	 * (-A, -I, -R, -N, -P); listings, -C, -D, -F, -Z, -X and failed commands do not
	 * (iptables-save lists the tables that exist; E6) */
	bool exists;
};

struct ct_table;

/* xt_iprange's flags (IPRANGE_*) */
enum { NF_IPR_SRC = 1, NF_IPR_DST = 2, NF_IPR_SRC_INV = 0x10, NF_IPR_DST_INV = 0x20 };

/* xt_recent's flags (XT_RECENT_*) */
enum {
	NF_RECENT_CHECK = 1,
	NF_RECENT_SET = 2,
	NF_RECENT_UPDATE = 4,
	NF_RECENT_REMOVE = 8,
	NF_RECENT_TTL = 16,
	NF_RECENT_REAP = 32,
};
/* Stamps an address keeps: roundup_pow_of_two(max(--hitcount, ip_pkt_list_tot 20)) for
 * every --hitcount pktpath takes (up to 32) */
#define NF_RECENT_STAMPS 32
#define NF_RECENT_ENTRIES 100 /* ip_list_tot: a full list forgets its oldest address */

struct nf_recent_ent {
	uint32_t addr;
	uint8_t ttl;
	uint8_t index, nstamps;
	int64_t stamps[NF_RECENT_STAMPS]; /* jiffies */
};

/* One list of -m recent (struct recent_table): made by the first rule naming it, with
 * that rule's mask; gone when no rule names it any more. Entries in the order they were
 * last updated, oldest first. */
struct nf_recent {
	const char *name; /* interned */
	uint32_t mask;
	struct nf_recent_ent *e;
	size_t n;
};

struct nf_state {
	struct nf_tbl t[NF_TABLE__COUNT];
	bool ct_used;		  /* a nat rule or a conntrack match exists (nf_ct_netns_get) */
	struct ct_table *ct;	  /* owned (ct.c) */
	struct nf_recent *recent; /* -m recent's lists (nf-recent.c) */
	size_t nrecent;
	bool recent_hold; /* an iptables-restore is under way: lists stay until it ends */
	/* -m statistic --mode random's draws on this host so far: one sequence for every
	 * rule, so two rules (or one rule twice) never draw alike */
	uint64_t stat_draws;
};

struct nf_pkt;
struct path_route;
/* nf-recent.c: the lists a new rule names are made (recent_mt_check); lists no rule
 * names are dropped, unless recent_hold; -m recent on a packet (recent_mt). */
void nf_recent_attach(struct nf_state *nf, const struct nf_rule *r);
void nf_recent_gc(struct nf_state *nf);
bool nf_recent_match(struct host *h, const struct nf_rule *r, const struct nf_pkt *np,
		     bool forwarded);
void nf_recent_clone(struct nf_state *dst, const struct nf_state *src);
void nf_recent_free(struct nf_state *nf);

/* A protocol number as iptables names it (-S, -L, -m): /etc/protocols' name
 * (getprotobynumber), else iptables' own; NULL when neither has one (then a number). */
const char *nf_proto_name(uint8_t p);
/* -p NAME as iptables reads it (xtables_parse_protocol, NAME lower case): a number
 * 0-255, "all", a name /etc/protocols knows, or one of iptables' own; -1 if none. */
int nf_proto_parse(const char *name);

/* The route types as -m addrtype names them, by RTN_* (0 UNSPEC ... 11 XRESOLVE) */
extern const char *const nf_addrtype_names[12];
/* Appends the types of mask (bit 1 << RTN_*) joined by commas, in RTN_* order. */
void nf_addrtype_fmt(struct strbuf *sb, uint16_t mask);

/* The TCP flag names iptables knows (libxt_tcp), in the order it prints them, and their
 * bits: FIN SYN RST PSH ACK URG, then ALL and NONE (only read). */
struct nf_tcp_flag {
	const char *name;
	uint8_t bit;
};
extern const struct nf_tcp_flag nf_tcp_flags[8];
/* s kept for the program's life, one copy per distinct text (rule comments). */
const char *nf_intern(const char *s);
/* Appends v as xtables_save_string() writes an option's value: bare when only
 * [_-0-9a-zA-Z], else in double quotes with " \ and ' escaped. */
void nf_save_string(struct strbuf *sb, const char *v);

/* Appends flags as iptables prints them: names joined by commas, NONE for none. */
void nf_tcp_flags_fmt(struct strbuf *sb, uint8_t flags);

extern const char *const nf_reject_names[]; /* "icmp-port-unreachable", …; NULL-ended */
uint8_t nf_reject_code(enum nf_reject r);   /* the ICMP code (type 3) it sends */

struct nf_state *nf_get(struct host *h); /* created on first use */
void nf_free(struct nf_state *nf);
struct nf_state *nf_clone(const struct nf_state *nf); /* a deep copy */
struct nf_chain *nf_chain_find(struct nf_tbl *t, const char *name);
/* nft_chain_validate(), net/netfilter/nf_tables_api.c: from a base chain, at most
 * NF_JUMP_MAX nested jumps (NFT_JUMP_STACK_SIZE); a loop reachable from one never ends.
 * The longest chain of jumps from a built-in chain, or NF_JUMP_LOOP for a loop. */
#define NF_JUMP_MAX 15
#define NF_JUMP_LOOP 1000000
int nf_tbl_jump_depth(struct nf_tbl *t);
/* Is the built-in chain `hook` present in table t (nat has no FORWARD, filter no PRE/POST)? */
bool nf_table_has_hook(enum nf_table t, enum nf_hook k);

/* The rule in `iptables -S` syntax, without "-A CHAIN " (e.g. "-p tcp -j ACCEPT"). */
/* " --random --random-fully --persistent" as the rule has them, in libxt_SNAT's order
 * (dashes "--" as -S prints them, "" as -L does) */
void nf_nat_flags_str(const struct nf_rule *r, struct strbuf *sb, const char *dashes);
void nf_rule_spec(const struct nf_rule *r, struct strbuf *sb);
/* -m pkttype's name of a packet type (libxt_pkttype: unicast, broadcast, multicast,
 * otherhost) */
const char *nf_pkttype_name(uint8_t t);
/* -m limit's rate as libxt_limit prints it ("3/hour"), from the rate and unit the
 * kernel holds */
void nf_limit_rate_fmt(struct strbuf *sb, const struct nf_rule *r);
/* The rule's -m limit set from --limit's value (libxt_limit's scale: 1/10000 s per
 * packet) and its burst, as iptables-nft converts them; the bucket full at now_ns. */
void nf_limit_set(struct nf_rule *r, uint32_t avg, uint32_t burst, uint64_t now_ns);
/* -m statistic's probability as the kernel holds it: lround(p * 2^31) */
uint32_t nf_stat_prob(double p);
/* "statistic mode … " as -L prints it (prefix ""), or "statistic --mode …" as -S after
 * "-m " (prefix "--") */
void nf_statistic_fmt(struct strbuf *sb, const struct nf_rule *r, const char *prefix);
/* -m tcpmss's range as -S and -L print it: "MIN" or "MIN:MAX" */
void nf_tcpmss_range_fmt(struct strbuf *sb, const struct nf_rule *r);

/* What one packet looks like to the matches. */
struct nf_pkt {
	struct pkt *p;	       /* MARK changes p->mark */
	const char *iif, *oif; /* "" = none */
	uint8_t ctstate;       /* NF_CT_* bit of this packet */
	bool has_ct;	       /* conntrack already saw it (or untracked it): NOTRACK is a no-op */
	/* skb_to_full_sk(): the sending socket's owner, NULL when the packet has no full
	 * socket with a file (forwarded, made by the kernel, an orphaned or not yet
	 * accepted TCP socket) */
	const struct nf_owner *owner;
	const struct path_route *dst; /* the packet's route, NULL = none (TCPMSS clamping) */
};

/* What a TCPMSS rule did to a packet (mss.c) */
struct nf_mss {
	uint16_t before, after; /* the MSS option (0: none) */
	/* --clamp-mss-to-pmtu: the MTU of the packet's route and of the route back to its
	 * source (0: none) */
	unsigned mtu_out, mtu_back;
	bool no_route; /* clamping in PREROUTING: no route yet, not modelled */
	bool drop;     /* clamping to an MTU of 40 or less: the packet is dropped */
};
/* tcpmss_tg4(): rule r on the packet at hook k */
void nf_tcpmss(struct host *h, const struct nf_rule *r, enum nf_hook k, struct nf_pkt *np,
	       struct nf_mss *out);

/* The sentence of a TCPMSS event: what rule r did (m) to a packet from src out of oif */
void nf_mss_why(const struct nf_rule *r, const struct nf_mss *m, const char *oif, uint32_t src,
		struct strbuf *sb);

/* Result of running one table at one hook. */
struct nf_verdict {
	enum nf_target target; /* ACCEPT (also for policy ACCEPT), DROP, REJECT, or a NAT target */
	const struct nf_rule *rule; /* the rule that decided, NULL = chain policy */
	char chain[32];		    /* chain of that rule */
	int rulenum;		    /* 1-based */
	bool any_rule;		    /* the hook's chain has rules (worth an event) */
	int nmarks;		    /* MARK targets that ran */
	uint32_t mark_before;
	int nttl; /* TTL targets that ran */
	uint8_t ttl_before;
	/* the last TCPMSS rule that changed the MSS option (or found no route to clamp to),
	 * its chain and number, and what it did */
	const struct nf_rule *mss_rule;
	char mss_chain[32];
	int mss_num;
	struct nf_mss mss;
	const struct nf_rule *notrack; /* the NOTRACK / CT --notrack rule that untracked it */
	char notrack_chain[32];	       /* … and its chain */
	int notrack_num;	       /* … and its number there */
};

/* LOG hook: called for every LOG rule that matches (trace event by the caller). */
typedef void (*nf_log_fn)(void *arg, const struct nf_rule *r, const char *chain, int rulenum);

/* ipt_do_table(): walks table t's chain for hook k. NAT targets stop the walk and are
 * returned (ct.c applies them); counters are updated. */
void nf_run(struct host *h, enum nf_table t, enum nf_hook k, struct nf_pkt *np, nf_log_fn log,
	    void *arg, struct nf_verdict *v);

/* iptables(8) front end (cmd-iptables.c). */
struct cmd_out;
int iptables_main(struct host *h, int argc, char **argv, struct cmd_out *o);
int iptables_save_main(struct host *h, int argc, char **argv, struct cmd_out *o);
int iptables_restore_main(struct host *h, int argc, char **argv, struct cmd_out *o);

#endif
