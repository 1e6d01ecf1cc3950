/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt-pstate: what ipt-parse.c, ipt-match.c and ipt-target.c share while they read an
 * iptables line: the parse state, the helpers every option handler uses, and the
 * handlers of ipt-match.c and ipt-target.c. Private to the iptables emulation.
 */
#ifndef PKTPATH_IPT_PSTATE_H
#define PKTPATH_IPT_PSTATE_H

#include "ipt.h"

/* The parse as it goes: the command and rule being built, the `!` before the current
 * option, and the matches loaded without their options yet. */
struct pstate {
	struct ipt_args *a;
	struct nf_rule *r;
	enum nf_table table;
	struct cmd_out *o;
	char **argv;
	int argc, i; /* argv[i] is the option being read */
	bool inv, m_state;
	unsigned mark_ops;    /* MARK's options given: bit k for mark_opts[k] */
	unsigned nat_seen;    /* the NAT targets' options given: bit k for NAT_O_k */
	unsigned tcpmss_seen; /* TCPMSS: --set-mss (1), --clamp-mss-to-pmtu (2) given */
	const char *mods[16]; /* the matches -m loaded, by name (for abbreviations) */
	int nmods;
	bool proto_loaded; /* -p's match was needed for a word (see opt_abbrev) */
	unsigned given;	   /* iptables' options given, bits in opt_legal's order */
	/* -m tcp (6) or -m udp (17) given by name; l4_opts: one of its options came;
	 * l4_two: both were given */
	uint8_t m_l4;
	bool l4_opts, l4_two;
	bool m_mp;	     /* -m multiport given */
	bool m_at;	     /* -m addrtype given */
	bool counters;	     /* -c / --set-counters given */
	bool m_limit;	     /* -m limit given */
	unsigned limit_opts; /* --limit (1), --limit-burst (2) given */
	uint32_t limit_avg, limit_burst;
	bool m_recent;	      /* -m recent given */
	bool m_iprange;	      /* -m iprange given */
	bool m_mac;	      /* -m mac given */
	bool m_pkttype;	      /* -m pkttype given */
	bool m_tcpmss;	      /* -m tcpmss given */
	bool m_owner;	      /* -m owner given */
	bool m_stat;	      /* -m statistic given */
	unsigned stat_opts;   /* bit k: --mode, --probability, --every, --packet given */
	unsigned recent_opts; /* bit k: recent_opts[k] of ipt-match.c given */
	/* comment_pending: the last -m comment waits for its --comment; comment_missing:
	 * an earlier one never got it */
	bool comment_pending, comment_missing;
	/* -m icmp loaded without its --icmp-type yet; one that never got it; a second icmp
	 * match after a complete one */
	bool icmp_pending, icmp_missing, icmp_twice;
	/* --mark, --ctstate, --state: the instance of their match (its count of -m loads
	 * when the option came, 0 = not yet): a second option in one instance is iptables'
	 * error, one in a second instance a match pktpath does not model twice */
	int mark_inst, ct_inst, state_inst;
};

/* A handler's answer when its option does not apply here (--sport without -p tcp or
 * udp, --state without -m state…): iptables then knows no such option. */
#define NOT_MINE (-1)

/* The word after the option, consumed; NULL when there is none. */
static inline const char *take(struct pstate *ps)
{
	return ps->i + 1 < ps->argc ? ps->argv[++ps->i] : NULL;
}

static inline int need_arg(struct pstate *ps, const char *w)
{
	return ipt_usage_err(ps->o, "option \"%s\" requires an argument", w);
}

/* Does the rule have match k? */
bool ipt_r_has(const struct nf_rule *r, enum nf_match_kind k);
/* Puts match k in the rule's order, once (ipt_add_order_again: a place each time) */
void ipt_add_order(struct nf_rule *r, enum nf_match_kind k);
void ipt_add_order_again(struct nf_rule *r, enum nf_match_kind k);

/* Option handlers (ipt-match.c): 0, an error already written, or NOT_MINE */
int ipt_opt_ports(struct pstate *ps, const char *w, int src);
int ipt_opt_tcp_flags(struct pstate *ps, const char *w, int syn);
int ipt_opt_multiport(struct pstate *ps, const char *w, int dir);
int ipt_opt_addrtype(struct pstate *ps, const char *w, int src);
int ipt_opt_comment(struct pstate *ps, const char *w, int arg);
/* -m recent's options (k: the option's place in its table), and its check once the
 * line is read */
int ipt_opt_recent(struct pstate *ps, const char *w, int k);
int ipt_recent_final(const struct pstate *ps);
int ipt_opt_iprange(struct pstate *ps, const char *w, int dst);
int ipt_opt_mac(struct pstate *ps, const char *w, int arg);
int ipt_opt_pkttype(struct pstate *ps, const char *w, int arg);
int ipt_opt_icmp_type(struct pstate *ps, const char *w, int arg);
int ipt_opt_mss(struct pstate *ps, const char *w, int arg);
int ipt_opt_owner(struct pstate *ps, const char *w, int k);
int ipt_opt_statistic(struct pstate *ps, const char *w, int k);
int ipt_statistic_final(const struct pstate *ps);

/* The targets' options (ipt-target.c), and their checks once the line is read */
enum { MARK_SET_XMARK, MARK_SET_MARK, MARK_AND, MARK_OR, MARK_XOR, MARK__COUNT };
enum {
	NAT_O_TO_SOURCE,
	NAT_O_TO_DEST,
	NAT_O_TO_PORTS,
	NAT_O_RANDOM,
	NAT_O_RANDOM_FULLY,
	NAT_O_PERSISTENT,
	NAT_O__COUNT
};
int ipt_opt_nat_to(struct pstate *ps, const char *w, int k);
int ipt_opt_nat_flag(struct pstate *ps, const char *w, int k);
int ipt_opt_set_mark(struct pstate *ps, const char *w, int op);
int ipt_opt_ttl(struct pstate *ps, const char *w, int mode);
int ipt_opt_tcpmss(struct pstate *ps, const char *w, int clamp);
int ipt_opt_log_prefix(struct pstate *ps, const char *w, int arg);
int ipt_opt_reject_with(struct pstate *ps, const char *w, int arg);
int ipt_opt_notrack(struct pstate *ps, const char *w, int arg);
int ipt_target_final(const struct pstate *ps);
/* A MARK value[/mask] (ipt-parse.c; the mark match reads it too) */
bool ipt_parse_mark(const char *s, uint32_t *v, uint32_t *m);

#endif
