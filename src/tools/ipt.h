/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt: what the three parts of the iptables front end share. cmd-iptables.c runs a
 * command against a host's tables, ipt-parse.c reads its words (options from a table,
 * each with its handler), ipt-list.c prints -L and -S.
 */
#ifndef PKTPATH_IPT_H
#define PKTPATH_IPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "net/nf.h"

#define IPT_V "iptables v1.8.9 (nf_tables): "
#define TRY_HELP "Try `iptables -h' or 'iptables --help' for more information."

enum ipt_cmd {
	C_NONE,
	C_APPEND,
	C_INSERT,
	C_DELETE,
	C_CHECK,
	C_REPLACE,
	C_FLUSH,
	C_NEW,
	C_DELCHAIN,
	C_POLICY,
	C_LIST_RULES,
	C_LIST,
	C_ZERO,
	C_VERSION /* -V: the version, whatever else the line says */
};

/* -s and -d take comma-separated lists: one rule per source and destination pair */
#define IPT_ADDRS_MAX 64

struct ipt_args {
	enum ipt_cmd cmd;
	const char *chain;
	int num; /* rule number, 0 = none */
	const char *policy;
	bool numeric, verbose, linenum, exact;
	struct nf_rule r;
	bool have_rule_opts;
	bool l4_refused; /* -m tcp/udp on a rule of another protocol: the kernel refuses it */
	/* every address -s (0) and -d (1) listed, with its mask; r holds the first */
	uint32_t addr[2][IPT_ADDRS_MAX], mask[2][IPT_ADDRS_MAX];
	int naddr[2];
	const char *target;
};

/* libxtables' ICMP names, in its order (ambiguity and -L pick the first that fits):
 * the type, then the code range a name stands for. */
struct ipt_icmp_name {
	const char *name;
	uint8_t type, code_min, code_max;
};
extern const struct ipt_icmp_name ipt_icmp_names[];
extern const size_t ipt_nicmp_names;
/* -j names by enum nf_target, up to NF_TGT_JUMP */
extern const char *const ipt_targets[];

/* "iptables v1.8.9 (nf_tables): MESSAGE" and the "Try `iptables -h'" line; status 2. */
int ipt_usage_err(struct cmd_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "iptables: pktpath does not model WHAT "NAME"[; HINT]"; status 1. */
int ipt_not_modelled(struct cmd_out *o, const char *what, const char *name, const char *hint);
/* The words after -t TABLE was taken out. 0, or the status with the message written. */
int ipt_parse_args(enum nf_table table, int argc, char **argv, struct ipt_args *a,
		   struct cmd_out *o);

/* What iptables says of a user chain's name (too long, a leading - or !, a target's
 * name, a blank), NULL when it may be used; restore: iptables-restore's chain line,
 * which knows only the standard verdicts as targets. */
const char *ipt_chain_name_problem(const char *name, bool restore);
/* A user chain made (-N after the name was checked), or "Chain already exists." */
int ipt_chain_add(struct nf_tbl *tb, const char *name, struct cmd_out *o);

struct option;
/* getopt_long's complaint about the option word w (ch: '?' or ':', opt: optopt), in
 * glibc's words, for a front end that reads its options with opterr off. */
void ipt_getopt_complaint(struct strbuf *err, const char *prog, const struct option *opts,
			  const char *w, int ch, int opt);

/* Chains as iptables lists them: built-ins in hook order, then user chains by name. */
size_t ipt_chains_sorted(struct nf_tbl *tb, struct nf_chain ***out);
/* Rules of the table that jump to chain name. */
int ipt_refs_to(struct nf_tbl *tb, const char *name);
/* A rule as -S prints it (with -v, its counters as "-c PKTS BYTES"). */
/* iptables -v's line for a rule it added, replaced, deleted or checked */
void ipt_rule_verbose_line(const struct nf_rule *r, struct strbuf *sb);
void ipt_rule_spec_counters(const struct nf_rule *r, bool verbose, struct strbuf *out);
/* One chain as -L prints it, with a's -n, -v, -x and --line-numbers. */
void ipt_list_chain(struct nf_tbl *tb, const struct nf_chain *c, const struct ipt_args *a,
		    struct strbuf *out);

#endif
