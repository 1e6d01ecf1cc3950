/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipt-restore: iptables-restore FILE as iptables-nft 1.8.9 reads it. Lines are read one
 * by one: blank lines and lines starting with `#` are skipped; `*TABLE` opens a table
 * and, unless -n, empties it (its rules and user chains go; every built-in chain is
 * there again with policy ACCEPT and no counters); `:CHAIN POLICY [PKTS:BYTES]` sets a
 * built-in chain's policy (which gives the chain counters: from zero, or with -c the
 * ones written) or creates a user chain; any other line is an iptables command on that
 * table, with `[PKTS:BYTES]` before it giving the rule's counters under -c; `COMMIT`
 * applies the table's lines as one change.
 *
 * What fails, and when, follows the real tool: a line iptables cannot parse stops the
 * restore at once ("Error occurred at line: N", status 2); a change the kernel refuses
 * (no such chain, a rule to delete that is not there, a bad policy) is found at the
 * table's COMMIT ("line N failed: ...", status 1). Either way the table is left as it
 * was before its `*TABLE` line; tables committed earlier stay. -t parses and checks
 * everything and applies nothing; -T TABLE restores only that table. A line pktpath
 * cannot model (a match it lacks) is not the real tool's failure: then nothing of the
 * file is restored, and the message says so.
 *
 * The real tool reads standard input without a file; here there is none to read, so
 * the file is named (`iptables-restore FILE`, or `iptables-restore < FILE`).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipt.h"

#define PROG "iptables-restore"
#define RESTORE_V PROG " v1.8.9 (nf_tables): "
#define RESTORE_TRY "Try `" PROG " -h' or '" PROG " --help' for more information."

struct restore {
	struct host *h;
	struct cmd_out *o;
	bool counters, noflush, testing;
	int only;	     /* -T: the one table restored, -1 for all */
	int table;	     /* the table of the last `*TABLE` line, -1 before one */
	bool in_table;	     /* between a table's `*TABLE` and its COMMIT */
	unsigned line;	     /* the line being read, from 1 */
	bool line_nl;	     /* it ended with a newline (not the file's last, unended one) */
	struct nf_tbl saved; /* the open table as it was before its `*TABLE` line */
	bool saved_ct_used;
	/* Found when the open table is committed, as the nft backend finds them: a jump to
	 * a chain that does not exist (checked when the queued commands are prepared: a
	 * parameter problem at the COMMIT line), else the first change the kernel refuses
	 * (its own line; status 1, or 4 for a rule the kernel finds invalid). */
	char jump[160];
	unsigned fail_line;
	int fail_rc;
	struct strbuf fail;
	/* pktpath cannot model a line: then nothing of the file is restored, not even the
	 * tables committed before it (the real tool would have restored them all) */
	bool refused;
	struct nf_tbl orig[NF_TABLE__COUNT];
	bool orig_ct_used;
};

static void tbl_release(struct nf_tbl *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->chains[i].r);
	free(t->chains);
	memset(t, 0, sizeof(*t));
}

static void tbl_copy(struct nf_tbl *dst, const struct nf_tbl *src)
{
	*dst = *src;
	dst->chains = xmemdup(src->chains, src->n * sizeof(*src->chains));
	dst->cap = src->n;
	for (size_t i = 0; i < src->n; i++) {
		dst->chains[i].r =
			xmemdup(src->chains[i].r, src->chains[i].n * sizeof(*src->chains[i].r));
		dst->chains[i].cap = src->chains[i].n;
	}
}

/* the open table back as it was before its `*TABLE` line */
static void rollback(struct restore *rs)
{
	struct nf_state *nf = nf_get(rs->h);

	tbl_release(&nf->t[rs->table]);
	nf->t[rs->table] = rs->saved;
	nf->ct_used = rs->saved_ct_used;
	memset(&rs->saved, 0, sizeof(rs->saved));
	rs->in_table = false;
}

/* what the nft backend's table flush leaves: the built-in chains, empty, policy
 * ACCEPT, without counters, all of them in the kernel */
static void flush_table(struct nf_tbl *t)
{
	size_t k = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct nf_chain *c = &t->chains[i];

		free(c->r);
		if (!c->builtin)
			continue;
		t->chains[k] = *c;
		c = &t->chains[k++];
		c->r = NULL;
		c->n = c->cap = 0;
		c->policy = NF_TGT_ACCEPT;
		c->counters = false;
		c->pkts = c->bytes = 0;
		c->kernel = true;
	}
	t->n = k;
	t->exists = true;
}

/* xtables_error(PARAMETER_PROBLEM, ...) in the middle of a restore: the message, the
 * line, where to read more; status 2 */
static int param_problem(struct restore *rs, const char *msg)
{
	strbuf_printf(&rs->o->err, RESTORE_V "%s\nError occurred at line: %u\n" RESTORE_TRY "\n",
		      msg, rs->line);
	rs->o->rc = IPT_EXIT_PARAM;
	return IPT_EXIT_PARAM;
}

/* the first refusal of the open table, kept for its COMMIT */
static void defer(struct restore *rs, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void defer(struct restore *rs, int rc, const char *fmt, ...)
{
	va_list ap;

	if (rs->fail_line)
		return;
	rs->fail_line = rs->line;
	rs->fail_rc = rc;
	va_start(ap, fmt);
	strbuf_vprintf(&rs->fail, fmt, ap);
	va_end(ap);
}

/* An iptables command of the open table has failed with sub's messages. What the nft
 * backend only finds at the COMMIT is kept for it (see struct restore); a parameter
 * problem stops the restore now, in the restore's words; so does pktpath's own refusal. */
static int command_failed(struct restore *rs, struct cmd_out *sub)
{
	static const char kern[] = "iptables: ", own[] = "iptables: pktpath",
			  jump[] = IPT_V "Chain '";
	const char *e = sub->err.buf ? sub->err.buf : "", *try = strstr(e, TRY_HELP);
	size_t n;

	if (!strncmp(e, kern, strlen(kern)) && strncmp(e, own, strlen(own)) != 0) {
		/* "No chain/target/match by that name.", "Bad policy name. Run `dmesg'..." */
		e += strlen(kern);
		n = strcspn(e, ".\n");
		defer(rs, 1, "%s: line %u failed: %.*s.\n", PROG, rs->line, (int)n, e);
		return 0;
	}
	if (sub->rc == IPT_EXIT_RESOURCE && !strncmp(e, IPT_V " ", strlen(IPT_V) + 1)) {
		/* " RULE_APPEND failed (Invalid argument): rule in chain X" */
		defer(rs, IPT_EXIT_RESOURCE, RESTORE_V "\nline %u: %s", rs->line,
		      e + strlen(IPT_V) + 1);
		return 0;
	}
	if (sub->rc == IPT_EXIT_PARAM && !strncmp(e, jump, strlen(jump)) &&
	    strstr(e, "' does not exist\n")) {
		e += strlen(IPT_V);
		if (!rs->jump[0])
			snprintf(rs->jump, sizeof(rs->jump), "%.*s", (int)strcspn(e, "\n"), e);
		return 0;
	}
	n = try ? (size_t)(try - e) : strlen(e);
	if (!strncmp(e, IPT_V, strlen(IPT_V))) {
		strbuf_puts(&rs->o->err, RESTORE_V);
		strbuf_add(&rs->o->err, e + strlen(IPT_V), n - strlen(IPT_V));
	} else if (sub->rc == IPT_EXIT_PARAM) { /* "Bad argument `x'" */
		strbuf_add(&rs->o->err, e, n);
	} else {
		strbuf_printf(&rs->o->err, "%s: line %u: %s", PROG, rs->line,
			      !strncmp(e, kern, strlen(kern)) ? e + strlen(kern) : e);
		rs->refused = !strncmp(e, own, strlen(own));
	}
	if (try) /* a parameter problem: where */
		strbuf_printf(&rs->o->err, "Error occurred at line: %u\n" RESTORE_TRY "\n",
			      rs->line);
	rs->o->rc = sub->rc ? sub->rc : 1;
	return rs->o->rc;
}

/* runs `iptables -t TABLE WORDS...` on the host; 0, or the status the restore ends with */
static int run_words(struct restore *rs, int argc, const char *const *argv)
{
	struct cmd_out sub;
	char **w = xcalloc((size_t)argc + 4, sizeof(*w));
	int rc = 0, n = 0;

	w[n++] = xstrdup("iptables");
	w[n++] = xstrdup("-t");
	w[n++] = xstrdup(nf_table_name((enum nf_table)rs->table));
	for (int i = 0; i < argc; i++)
		w[n++] = xstrdup(argv[i]);
	cmd_out_init(&sub);
	if (iptables_main(rs->h, n, w, &sub) != 0)
		rc = command_failed(rs, &sub);
	else if (sub.err.len) /* a warning ("range ... is reversed") */
		strbuf_add(&rs->o->err, sub.err.buf, sub.err.len);
	if (sub.out.len)
		strbuf_add(&rs->o->out, sub.out.buf, sub.out.len);
	cmd_out_release(&sub);
	for (int i = 0; i < n; i++)
		free(w[i]);
	free(w);
	return rc;
}

/* `:CHAIN POLICY [PKTS:BYTES]` */
static int chain_line(struct restore *rs, char *text)
{
	char *save = NULL, *chain = strtok_r(text, " \t", &save), *policy, *ctrs;
	const char *bad;
	unsigned long long p = 0, b = 0;
	struct nf_chain *c;
	char msg[128];
	int rc;

	if (!chain) {
		snprintf(msg, sizeof(msg), PROG ": line %u chain name invalid", rs->line);
		return param_problem(rs, msg);
	}
	if ((bad = ipt_chain_name_problem(chain, true)) != NULL)
		return param_problem(rs, bad);
	policy = strtok_r(NULL, " \t", &save);
	c = nf_chain_find(&nf_get(rs->h)->t[rs->table], chain);
	if (!c || !c->builtin) {
		/* a user chain (its policy word is not read) */
		if (!policy) {
			snprintf(msg, sizeof(msg), PROG ": line %u policy invalid", rs->line);
			return param_problem(rs, msg);
		}
		/* one that exists stays; under -n its rules go (nft_chain_restore) */
		if (c)
			return rs->noflush ? run_words(rs, 2, (const char *[]){ "-F", chain }) : 0;
		if (ipt_chain_add(&nf_get(rs->h)->t[rs->table], chain, rs->o) != 0)
			return rs->o->rc; /* cannot be: it was looked for */
		return 0;
	}
	if (!policy) {
		snprintf(msg, sizeof(msg), PROG ": line %u policy invalid", rs->line);
		return param_problem(rs, msg);
	}
	/* the counters are read only under -c */
	ctrs = strtok_r(NULL, " \t", &save);
	if (rs->counters && (!ctrs || sscanf(ctrs, "[%llu:%llu]", &p, &b) != 2)) {
		snprintf(msg, sizeof(msg), "invalid policy counters for chain '%s'", chain);
		return param_problem(rs, msg);
	}
	if ((rc = run_words(rs, 3, (const char *[]){ "-P", chain, policy })) != 0)
		return rc;
	c = nf_chain_find(&nf_get(rs->h)->t[rs->table], chain);
	if (c && rs->counters) {
		c->pkts = p;
		c->bytes = b;
	}
	return 0;
}

/* The words of a command line as iptables-restore splits them: at blanks, a pair of
 * double quotes holding blanks (and \\" for a quote inside), nothing else special (`#`
 * is a word, single quotes are kept). A closing quote ends a word even when empty; an
 * unclosed one runs to the end of the line and keeps its newline (nl: there is one), as
 * add_param_to_argv() reads the line fgets() gave it. */
static int split_params(const char *s, bool nl, char ***argvp)
{
	struct strbuf word;
	char **v = NULL;
	size_t n = 0, cap = 0;
	bool quote = false, esc = false, have = false;

	strbuf_init(&word);
	for (;; s++) {
		bool end = *s == '\0';

		if (end && quote && nl)
			strbuf_add(&word, "\n", 1);
		if (!end && quote) {
			if (esc) {
				strbuf_add(&word, s, 1);
				esc = false;
				continue;
			}
			if (*s == '\\') {
				esc = true;
				continue;
			}
			if (*s != '"') {
				strbuf_add(&word, s, 1);
				continue;
			}
			quote = false; /* the closing quote ends the word */
		} else if (!end && *s == '"') {
			quote = have = true;
			continue;
		} else if (!end && *s != ' ' && *s != '\t') {
			strbuf_add(&word, s, 1);
			have = true;
			continue;
		}
		if (have) {
			vec_reserve((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = xstrdup(word.buf ? word.buf : "");
			strbuf_reset(&word);
			have = false;
		}
		if (end)
			break;
	}
	strbuf_release(&word);
	*argvp = v;
	return (int)n;
}

/* A command line of the open table, with `[PKTS:BYTES]` before it or not */
static int rule_line(struct restore *rs, char *text)
{
	char *pcnt = NULL, *bcnt = NULL, *save = NULL, **argv;
	const char **w;
	char msg[128];
	int argc, rc, k = 0;

	if (text[0] == '[') {
		char *end = strchr(text, ']');

		if (!end) {
			snprintf(msg, sizeof(msg), "Bad line %u: need ]", rs->line);
			return param_problem(rs, msg);
		}
		pcnt = strtok_r(text + 1, ":", &save);
		if (!pcnt) {
			snprintf(msg, sizeof(msg), "Bad line %u: need :", rs->line);
			return param_problem(rs, msg);
		}
		bcnt = strtok_r(NULL, "]", &save);
		if (!bcnt) {
			snprintf(msg, sizeof(msg), "Bad line %u: need ]", rs->line);
			return param_problem(rs, msg);
		}
		text = end + 1;
	}
	argc = split_params(text, rs->line_nl, &argv);
	w = xcalloc((size_t)argc + 4, sizeof(*w));
	if (rs->counters && pcnt && bcnt) {
		w[k++] = "--set-counters";
		w[k++] = pcnt;
		w[k++] = bcnt;
	}
	if (argc) /* a line of blanks after its counters has no words */
		memcpy(w + k, argv, (size_t)argc * sizeof(*w));
	rc = run_words(rs, argc + k, (const char *const *)w);
	free(w);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return rc;
}

/* `*TABLE` */
static int table_line(struct restore *rs, char *text)
{
	char *save = NULL, *name = strtok_r(text, " \t", &save);
	struct nf_state *nf;
	char msg[160];
	int t;

	if (!name) {
		snprintf(msg, sizeof(msg), PROG ": line %u table name invalid", rs->line);
		return param_problem(rs, msg);
	}
	for (t = 0; t < NF_TABLE__COUNT; t++)
		if (!strcmp(name, nf_table_name((enum nf_table)t)))
			break;
	rs->refused = t == NF_TABLE__COUNT && !strcmp(name, "security");
	if (rs->refused)
		return cmd_err(rs->o, 1,
			       PROG ": line %u: pktpath does not model the table \"security\"; "
				    "filter, nat, mangle and raw are",
			       rs->line);
	if (t == NF_TABLE__COUNT) {
		snprintf(msg, sizeof(msg), PROG ": line %u table name '%.40s' invalid", rs->line,
			 name);
		return param_problem(rs, msg);
	}
	rs->table = t;
	if (rs->only >= 0 && rs->only != t)
		return 0; /* not restored: every line up to the next table is skipped */
	nf = nf_get(rs->h);
	tbl_copy(&rs->saved, &nf->t[t]);
	rs->saved_ct_used = nf->ct_used;
	if (!rs->noflush)
		flush_table(&nf->t[t]);
	rs->in_table = true;
	rs->fail_line = 0;
	rs->jump[0] = '\0';
	strbuf_reset(&rs->fail);
	return 0;
}

static int commit(struct restore *rs)
{
	if (rs->jump[0]) {
		rollback(rs);
		strbuf_printf(&rs->o->err,
			      RESTORE_V "%s\nError occurred at line: %u\n" RESTORE_TRY "\n",
			      rs->jump, rs->line);
		rs->o->rc = IPT_EXIT_PARAM;
		return IPT_EXIT_PARAM;
	}
	if (rs->fail_line) {
		rollback(rs);
		strbuf_add(&rs->o->err, rs->fail.buf, rs->fail.len);
		rs->o->rc = rs->fail_rc;
		return rs->fail_rc;
	}
	if (rs->testing) {
		rollback(rs);
		return 0;
	}
	tbl_release(&rs->saved);
	rs->in_table = false;
	return 0;
}

static int restore_line(struct restore *rs, char *text)
{
	if (text[0] == '\0' || text[0] == '#')
		return 0;
	if (rs->in_table && !strcmp(text, "COMMIT"))
		return commit(rs);
	if (text[0] == '*' && !rs->in_table)
		return table_line(rs, text + 1);
	if (text[0] == ':' && rs->in_table)
		return chain_line(rs, text + 1);
	if (rs->in_table)
		return rule_line(rs, text);
	if (rs->only >= 0 && rs->table >= 0 && rs->table != rs->only)
		return 0; /* a line of a table -T skips */
	strbuf_printf(&rs->o->err, "%s: line %u failed\n", PROG, rs->line);
	rs->o->rc = 1;
	return 1;
}

static const struct option restore_opts[] = {
	{ "counters", no_argument, NULL, 'c' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "test", no_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ "noflush", no_argument, NULL, 'n' },
	{ "modprobe", required_argument, NULL, 'M' },
	{ "table", required_argument, NULL, 'T' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "wait", optional_argument, NULL, 'w' },
	{ "wait-interval", optional_argument, NULL, 'W' },
	{ NULL, 0, NULL, 0 },
};

static int usage(struct cmd_out *o)
{
	strbuf_puts(&o->err, "Usage: " PROG " [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command]"
			     " [-4] [-6] [file]\n"
			     "\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n"
			     "\t   [ --test ]\n\t   [ --help ]\n\t   [ --noflush ]\n"
			     "\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n"
			     "\t   [ --ipv4 ]\n\t   [ --ipv6 ]\n");
	return 0;
}

/* The options, read as xtables-restore reads them with getopt_long; *file is the file
 * named. 0 to go on, 1 to stop with o->rc. */
static int restore_options(struct restore *rs, int argc, char **argv, const char **file)
{
	struct cmd_out *o = rs->o;
	const char *tname = NULL;
	int c, stop = 0;

	opterr = 0;
	optind = 0; /* glibc: start afresh */
	while (!stop && (c = getopt_long(argc, argv, ":bcvVthnM:T:wW", restore_opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			strbuf_puts(&o->err, "-b/--binary option is not implemented\n");
			break;
		case 'c':
			rs->counters = true;
			break;
		case 'v':
			cmd_err(o, 1, "%s",
				PROG ": pktpath does not model -v (the commands it would print)");
			stop = 1;
			break;
		case 'V':
			strbuf_puts(&o->out, PROG " v1.8.9 (nf_tables)\n");
			stop = 1;
			break;
		case 't':
			rs->testing = true;
			break;
		case 'h':
			usage(o);
			stop = 1;
			break;
		case 'n':
			rs->noflush = true;
			break;
		case 'T':
			tname = optarg;
			break;
		case 'w': /* a wait for the xtables lock: nothing holds it here */
		case 'W':
			if (!optarg && optind < argc && argv[optind][0] != '-' &&
			    argv[optind][0] != '!')
				optind++;
			break;
		case 'M': /* where modprobe is: nothing to load here */
		case '4':
		case '6':
			break;
		default: /* '?' or ':' */
			ipt_getopt_complaint(&o->err, PROG, restore_opts, argv[optind - 1], c,
					     optopt);
			strbuf_puts(&o->err, "Try `" PROG " -h' for more information.\n");
			o->rc = 1;
			stop = 1;
		}
	}
	if (stop)
		return 1;
	if (tname) {
		for (int t = 0; t < NF_TABLE__COUNT; t++)
			if (!strcmp(tname, nf_table_name((enum nf_table)t)))
				rs->only = t;
		if (rs->only < 0)
			rs->only = NF_TABLE__COUNT; /* no table is restored */
	}
	/* `< FILE`, as a shell would read it for the real tool */
	if (optind + 2 == argc && !strcmp(argv[optind], "<"))
		optind++;
	if (optind == argc - 1) {
		*file = argv[optind];
		return 0;
	}
	if (optind < argc)
		return cmd_err(o, 1, "Unknown arguments found on commandline");
	return cmd_err(o, 1,
		       "iptables-restore: pktpath has no standard input to read the rules from; "
		       "name the file: iptables-restore FILE");
}

/* the file's text, or NULL with the tool's complaint */
static char *restore_read(struct cmd_out *o, const char *file)
{
	char err[320];
	size_t len;
	char *text;
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		cmd_err(o, 1, "Can't open %s: %s", file, strerror(errno));
		return NULL;
	}
	close(fd);
	/* "-" would be standard input to file_read: the file of that name it is */
	text = file_read(strcmp(file, "-") ? file : "./-", FILE_READ_MAX, &len, err, sizeof(err));
	if (!text)
		cmd_err(o, 1, "iptables-restore: %s", err);
	return text;
}

int iptables_restore_main(struct host *h, int argc, char **argv, struct cmd_out *o)
{
	struct restore rs = { .h = h, .o = o, .only = -1, .table = -1 };
	const char *file = NULL;
	char **args, *text, *p;
	int rc;

	/* getopt_long permutes what it reads: a copy of the words */
	args = xcalloc((size_t)argc + 1, sizeof(*args));
	memcpy(args, argv, (size_t)argc * sizeof(*args));
	rc = restore_options(&rs, argc, args, &file);
	if (rc || !(text = restore_read(o, file))) {
		free(args);
		return o->rc;
	}
	free(args);
	strbuf_init(&rs.fail);
	for (int t = 0; t < NF_TABLE__COUNT; t++)
		tbl_copy(&rs.orig[t], &nf_get(h)->t[t]);
	rs.orig_ct_used = nf_get(h)->ct_used;
	/* a list of -m recent stays through the restore while a rule names it at the end
	 * (the kernel checks the new rules before it frees the old) */
	nf_get(h)->recent_hold = true;
	rc = 0;
	for (p = text; *p && !rc;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		rs.line++;
		rs.line_nl = nl != NULL;
		rc = restore_line(&rs, p);
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (rs.in_table) {
		rollback(&rs);
		if (!rc)
			rc = cmd_err(o, 1, "%s: COMMIT expected at line %u", PROG, rs.line + 1);
	}
	for (int t = 0; t < NF_TABLE__COUNT; t++) {
		if (rs.refused) {
			tbl_release(&nf_get(h)->t[t]);
			nf_get(h)->t[t] = rs.orig[t];
		} else {
			tbl_release(&rs.orig[t]);
		}
	}
	if (rs.refused) {
		nf_get(h)->ct_used = rs.orig_ct_used;
		strbuf_puts(&o->err, PROG ": nothing was restored: pktpath restores a file whole "
					  "or not at all when it cannot model a line of it\n");
	}
	nf_get(h)->recent_hold = false;
	nf_recent_gc(nf_get(h));
	strbuf_release(&rs.fail);
	free(text);
	return rc ? o->rc : 0;
}
