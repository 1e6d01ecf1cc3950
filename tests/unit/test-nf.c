/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nf/ct: iptables listings and errors (checked against iptables-nft 1.8.9 by the
 * oracle case tests/oracle/cases/iptables-syntax.ip), chain traversal with jumps and
 * counters, and the NAT-once-per-flow rules of docs/kernel.md E3/E4 on the engine alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "simfx.h"
#include "tools/cmd.h"
#include "net/ct.h"
#include "net/nf.h"
#include "net/path.h"
#include "out/trace.h"

static int setup(void **state)
{
	*state = simfx_new(NULL, true);
	return 0;
}

static int teardown(void **state)
{
	simfx_free(*state);
	return 0;
}

/* T1, and a second address on h's eth0 */
static void topo(struct simfx *f)
{
	simfx_run(f, simfx_t1);
	simfx_run(f, "h ip addr add 10.0.0.3/24 dev eth0");
}

static void test_list_rules(void **state)
{
	struct simfx *f = *state;

	assert_int_equal(
		simfx_exec(f, "h iptables -t nat -A POSTROUTING -s 10.0.0.5/24 -d 10.0.0.100 -o "
			      "eth0 -p tcp --dport 5000 -j SNAT --to-source 10.0.0.2"),
		0);
	assert_int_equal(simfx_exec(f, "h iptables -t nat -S"), 0);
	assert_string_equal(
		simfx_stdout(f),
		"-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n"
		"-A POSTROUTING -s 10.0.0.0/24 -d 10.0.0.100/32 -o eth0 -p tcp -m tcp --dport 5000 "
		"-j SNAT --to-source 10.0.0.2\n");
	assert_int_equal(
		simfx_exec(
			f,
			"h iptables -t mangle -A OUTPUT -p tcp --dport 5000 -j MARK --set-mark 1"),
		0);
	assert_int_equal(simfx_exec(f, "h iptables -t mangle -S OUTPUT 1"), 0);
	assert_string_equal(
		simfx_stdout(f),
		"-A OUTPUT -p tcp -m tcp --dport 5000 -j MARK --set-xmark 0x1/0xffffffff\n");
	assert_int_equal(simfx_exec(f, "h iptables -A INPUT -p udp ! --dport 53 -j DROP"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -L INPUT -n"), 0);
	assert_string_equal(
		simfx_stdout(f),
		"Chain INPUT (policy ACCEPT)\n"
		"target     prot opt source               destination         \n"
		"DROP       17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:!53\n");
}

static void test_errors(void **state)
{
	struct simfx *f = *state;

	assert_int_equal(simfx_exec(f, "h iptables -N a"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -N a"), 1);
	assert_string_equal(simfx_stderr(f), "iptables: Chain already exists.\n");
	assert_int_equal(simfx_exec(f, "h iptables -D INPUT 1"), 1);
	assert_string_equal(simfx_stderr(f), "iptables: No chain/target/match by that name.\n");
	assert_int_equal(simfx_exec(f, "h iptables -A INPUT -j SNAT --to-source 1.2.3.4"), 4);
	assert_int_equal(simfx_exec(f, "h iptables -t nat -A POSTROUTING -j DROP"), 2);
	assert_int_equal(simfx_exec(f, "h iptables -t foo -S"), 3);
	assert_int_equal(simfx_exec(f, "h iptables -A INPUT -j a"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -X a"), 4);
}

/* iptables-restore: what the oracle case (tests/oracle/cases/iptables-restore.ip)
 * cannot show, as it runs the real tool without a shell: `< FILE`, no file (pktpath has
 * no standard input to read), what it does not model; each leaves the tables alone. */
static void test_restore(void **state)
{
	struct simfx *f = *state;
	char path[] = "/tmp/pktpath-test-restore.XXXXXX", line[128];
	static const char rules[] = "*filter\n:INPUT DROP [7:8]\n:u - [0:0]\n"
				    "[3:4] -A INPUT -m comment --comment \"a # b\" -j u\n"
				    "COMMIT\n";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, rules, sizeof(rules) - 1), (ssize_t)(sizeof(rules) - 1));
	close(fd);
	assert_int_equal(simfx_exec(f, "h iptables -A OUTPUT -j ACCEPT"), 0);
	assert_int_equal(simfx_exec(f, "h iptables-restore"), 1);
	assert_non_null(strstr(simfx_stderr(f), "name the file"));
	snprintf(line, sizeof(line), "h iptables-restore -v %s", path);
	assert_int_equal(simfx_exec(f, line), 1);
	assert_non_null(strstr(simfx_stderr(f), "does not model -v"));
	assert_int_equal(simfx_exec(f, "h iptables -S"), 0);
	assert_string_equal(simfx_stdout(f), "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n"
					     "-P OUTPUT ACCEPT\n-A OUTPUT -j ACCEPT\n");
	snprintf(line, sizeof(line), "h iptables-restore -c < %s", path);
	assert_int_equal(simfx_exec(f, line), 0);
	unlink(path);
	assert_int_equal(simfx_exec(f, "h iptables -S -v"), 0);
	assert_string_equal(simfx_stdout(f),
			    "-P INPUT DROP -c 7 8\n-P FORWARD ACCEPT -c 0 0\n"
			    "-P OUTPUT ACCEPT -c 0 0\n-N u\n"
			    "-A INPUT -m comment --comment \"a # b\" -c 3 4 -j u\n");
	/* the file gone: the tool's complaint, nothing changed */
	assert_int_equal(simfx_exec(f, line), 1);
	assert_non_null(strstr(simfx_stderr(f), "Can't open /tmp/pktpath-test-restore."));
	assert_int_equal(simfx_exec(f, "h iptables -S INPUT"), 0);
	assert_string_equal(simfx_stdout(f), "-P INPUT DROP\n"
					     "-A INPUT -m comment --comment \"a # b\" -j u\n");
	/* a line pktpath cannot model: not even the table committed before it stays */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	{
		static const char two[] = "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n"
					  "*mangle\n-A OUTPUT -m length --length 10\nCOMMIT\n";

		assert_int_equal(write(fd, two, sizeof(two) - 1), (ssize_t)(sizeof(two) - 1));
	}
	close(fd);
	snprintf(line, sizeof(line), "h iptables-restore %s", path);
	assert_int_equal(simfx_exec(f, line), 1);
	unlink(path);
	assert_non_null(strstr(simfx_stderr(f), "line 5: pktpath does not model the match"));
	assert_non_null(strstr(simfx_stderr(f), "nothing was restored"));
	assert_int_equal(simfx_exec(f, "h iptables -S INPUT"), 0);
	assert_string_equal(simfx_stdout(f), "-P INPUT DROP\n"
					     "-A INPUT -m comment --comment \"a # b\" -j u\n");
	assert_int_equal(simfx_exec(f, "h iptables-save -t mangle"), 0);
	assert_null(strstr(simfx_stdout(f), "-A "));
}

/* -m limit in simulated time (nft_limit_eval): the bucket starts full with the burst,
 * refills at the rate, and only a packet that reached the match spends credit: one that
 * an earlier match of the rule turned away does not (tests/traffic/cases/
 * iptables-limit-burst.scene compares a burst with the kernel). */
static void test_limit(void **state)
{
	struct simfx *f = *state;
	static const char rule[] =
		"-A OUTPUT -p udp -m multiport --dports 53 -m limit --limit 2/sec --limit-burst 2";

	topo(f);
	simfx_run(f, "h iptables -A OUTPUT -p udp -m multiport --dports 53 -m limit --limit 2/sec "
		     "--limit-burst 2\n"
		     "h udp bind 0.0.0.0:0 as u\n"
		     "p udp bind 0.0.0.0:53 as d\n"
		     "h sendto u 10.0.0.100:54 \"not 53: the limit is not reached\"\n"
		     "h sendto u 10.0.0.100:53 \"1\"\n"
		     "h sendto u 10.0.0.100:53 \"2\"\n"
		     "h sendto u 10.0.0.100:53 \"3: no credit\"\n"
		     "h sendto u 10.0.0.100:53 \"4: no credit\"");
	assert_int_equal(simfx_exec(f, "h iptables -S OUTPUT -v"), 0);
	assert_non_null(strstr(simfx_stdout(f), " -c 2 "));
	/* half a second: one packet's worth of credit */
	simfx_run(f, "h sleep 0.5\n"
		     "h sendto u 10.0.0.100:53 \"5\"\n"
		     "h sendto u 10.0.0.100:53 \"6: no credit\"");
	assert_int_equal(simfx_exec(f, "h iptables -S OUTPUT -v"), 0);
	assert_non_null(strstr(simfx_stdout(f), " -c 3 "));
	/* ten seconds fill the bucket to its burst, not beyond */
	simfx_run(f, "h sleep 10\n"
		     "h sendto u 10.0.0.100:53 \"7\"\n"
		     "h sendto u 10.0.0.100:53 \"8\"\n"
		     "h sendto u 10.0.0.100:53 \"9: no credit\"");
	assert_int_equal(simfx_exec(f, "h iptables -S OUTPUT -v"), 0);
	assert_non_null(strstr(simfx_stdout(f), " -c 5 "));
	assert_non_null(strstr(simfx_stdout(f), rule));
}

/* -m statistic --mode random (statistic_mt): pktpath's fixed draw matches about the
 * probability's share of the packets that reach it (the kernel's draws cannot be compared
 * packet by packet; tests/traffic/cases/iptables-statistic.scene compares 0 and 1). The
 * rules have no target, so the inverted one sees every packet too, and draws anew: with
 * one draw sequence per rule the two would agree on every packet and add up to 400. */
static void test_statistic_random(void **state)
{
	struct simfx *f = *state;
	struct strbuf sb;
	unsigned hit = 0, inv = 0;
	const char *o, *l;

	topo(f);
	strbuf_init(&sb);
	strbuf_puts(&sb, "h iptables -A OUTPUT -p udp -m statistic --mode random --probability "
			 "0.25\n"
			 "h iptables -A OUTPUT -p udp -m statistic --mode random ! --probability "
			 "0.25\n"
			 "h udp bind 0.0.0.0:0 as u\n");
	simfx_run(f, sb.buf);
	for (int i = 0; i < 400; i++) { /* a line at a time: simfx reads a scene of bounded size */
		strbuf_reset(&sb);
		strbuf_printf(&sb, "h sendto u 10.0.0.100:53 \"%d\"", i);
		simfx_run(f, sb.buf);
	}
	strbuf_release(&sb);
	assert_int_equal(simfx_exec(f, "h iptables -S OUTPUT -v"), 0);
	o = simfx_stdout(f);
	assert_non_null(l = strstr(o, "--probability 0.25000000000 -c "));
	hit = (unsigned)strtoul(l + strlen("--probability 0.25000000000 -c "), NULL, 10);
	assert_non_null(l = strstr(o, "! --probability 0.25000000000 -c "));
	inv = (unsigned)strtoul(l + strlen("! --probability 0.25000000000 -c "), NULL, 10);
	/* 400 draws at 1/4: 100 expected; a broken draw (always, never, 1/2) is far off */
	assert_in_range(hit, 70, 130);
	assert_in_range(inv, 255, 345);
	assert_true(hit + inv != 400);
}

/* -m recent in simulated time (recent_mt): --rcheck --seconds sees an address only
 * within its window and records nothing; --set records; a list no rule names is gone,
 * so a rule added after -F starts from an empty one. */
static void test_recent(void **state)
{
	struct simfx *f = *state;
	static const char rules[] =
		"h iptables -A OUTPUT -p udp -m recent --rcheck --seconds 2 --name r --rdest -j "
		"DROP\n"
		"h iptables -A OUTPUT -p udp -m recent --set --name r --rdest\n";

	topo(f);
	simfx_run(f, rules);
	simfx_run(f, "h udp bind 0.0.0.0:0 as u\n"
		     "h sendto u 10.0.0.100:53 \"first: recorded\"");
	/* OUTPUT's DROP: sendto() fails with EPERM */
	simfx_run_rc(f, "h sendto u 10.0.0.100:53 \"second: seen, dropped\"", 1);
	simfx_run(f, "h sleep 3\n"
		     "h sendto u 10.0.0.100:53 \"third: 3 s later, outside the window\"");
	assert_int_equal(simfx_exec(f, "h iptables -S OUTPUT -v"), 0);
	assert_non_null(strstr(simfx_stdout(f), "--rdest -c 1 ")); /* the DROP */
	assert_non_null(strstr(simfx_stdout(f), "--rdest -c 2 ")); /* the --set */
	assert_int_equal(nf_get(sim_host(f->sim, "h"))->nrecent, 1);
	simfx_run(f, "h iptables -F OUTPUT");
	assert_int_equal(nf_get(sim_host(f->sim, "h"))->nrecent, 0);
	simfx_run(f, rules);
	simfx_run(f, "h sendto u 10.0.0.100:53 \"a new list: recorded\"");
	assert_int_equal(simfx_exec(f, "h iptables -S OUTPUT -v"), 0);
	assert_non_null(strstr(simfx_stdout(f), "--rdest -c 0 0 -j DROP"));
}

/* jumps, RETURN and counters */
static void test_traversal(void **state)
{
	struct simfx *f = *state;
	struct host *h;
	struct pkt p = { 0 };
	struct nf_pkt np = { &p, "eth0", "", NF_CT_NEW, true, NULL, NULL };
	struct nf_verdict v;

	assert_int_equal(simfx_exec(f, "h iptables -N sub"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A sub -s 10.0.0.1 -j RETURN"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A sub -j DROP"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A INPUT -p tcp -j sub"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A INPUT -j MARK --set-mark 7"), 0);
	h = sim_host(f->sim, "h");
	p.proto = PKT_PROTO_TCP;
	p.src = 0x0a000001;
	nf_run(h, NF_TABLE_FILTER, NF_INPUT, &np, NULL, NULL, &v);
	assert_int_equal(v.target, NF_TGT_ACCEPT);
	assert_null(v.rule);
	assert_int_equal(p.mark, 7);
	p.src = 0x0a000009;
	nf_run(h, NF_TABLE_FILTER, NF_INPUT, &np, NULL, NULL, &v);
	assert_int_equal(v.target, NF_TGT_DROP);
	assert_string_equal(v.chain, "sub");
	assert_int_equal(simfx_exec(f, "h iptables -L sub -n -v"), 0);
	assert_non_null(strstr(simfx_stdout(f),
			       "    1    40 RETURN     0    --  *      *       10.0.0.1 "));
}

static size_t count_stage(struct simfx *f, const char *host, const char *table, const char *verdict)
{
	size_t n = 0;

	for (size_t i = 0; i < f->t.n; i++) {
		const struct trace_event *e = &f->t.ev[i];

		if (e->stage == TRACE_NF && !strcmp(e->host_name, host) &&
		    !strcmp(nf_table_name(e->table), table) &&
		    !strcmp(trace_verdict_name(e->verdict), verdict))
			n++;
	}
	return n;
}

/* The first netfilter event on host with that verdict, NULL if none. */
static const struct trace_event *nf_event(struct simfx *f, const char *host,
					  enum trace_verdict verdict)
{
	for (size_t i = 0; i < f->t.n; i++) {
		const struct trace_event *e = &f->t.ev[i];

		if (e->stage == TRACE_NF && !strcmp(e->host_name, host) && e->verdict == verdict)
			return e;
	}
	return NULL;
}

/* A netfilter event carries the rule that acted, as -S prints it, and its number, so the
 * screen marks that rule (and only it, with a twin below) without reading the sentence. */
static void test_event_rule(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	topo(f);
	assert_int_equal(simfx_exec(f, "p listen tcp 0.0.0.0:5000 as s"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A OUTPUT -p udp -j ACCEPT"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A OUTPUT -p tcp -j LOG --log-prefix x"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A OUTPUT -p tcp --dport 5000 -j DROP"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -A OUTPUT -p tcp --dport 5000 -j DROP"), 0);
	assert_int_equal(
		simfx_exec(f,
			   "h iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.3"),
		0);
	simfx_exec(f, "h connect tcp 10.0.0.100:5000 as c");
	e = nf_event(f, "h", VERDICT_LOG);
	assert_non_null(e);
	assert_int_equal(e->hook, NF_OUTPUT);
	assert_int_equal(e->table, NF_TABLE_FILTER);
	assert_string_equal(e->rule, "-A OUTPUT -p tcp -j LOG --log-prefix x");
	assert_int_equal(e->rulenum, 2);
	e = nf_event(f, "h", VERDICT_DROP);
	assert_non_null(e);
	assert_string_equal(e->rule, "-A OUTPUT -p tcp -m tcp --dport 5000 -j DROP");
	assert_int_equal(e->rulenum, 3); /* the first of the twins */
	assert_int_equal(e->err, EPERM);
	/* the SNAT rule never ran: OUTPUT dropped the SYN. Without the DROP rules it does. */
	assert_null(nf_event(f, "h", VERDICT_SNAT));
	assert_int_equal(simfx_exec(f, "h iptables -F OUTPUT"), 0);
	simfx_exec(f, "h connect tcp 10.0.0.100:5000 as c2");
	e = nf_event(f, "h", VERDICT_SNAT);
	assert_non_null(e);
	assert_int_equal(e->hook, NF_POSTROUTING);
	assert_int_equal(e->table, NF_TABLE_NAT);
	assert_string_equal(e->rule, "-A POSTROUTING -p tcp -j SNAT --to-source 10.0.0.3");
	assert_int_equal(e->rulenum, 1);
	/* conntrack's events name no rule */
	e = nf_event(f, "h", VERDICT_NEW);
	assert_non_null(e);
	assert_int_equal(e->table, NF_TABLE_CONNTRACK);
	assert_string_equal(e->rule, "");
	assert_int_equal(e->rulenum, 0);
}

/* -j TCPMSS: the SYN's option is lowered and the event names the rule and the numbers;
 * clamping in PREROUTING (through a user chain, as a base chain refuses it) has no route
 * to clamp to: pktpath says it does not model that and leaves the option alone. */
static void test_tcpmss(void **state)
{
	struct simfx *f = *state;
	const struct trace_event *e;

	topo(f);
	assert_int_equal(simfx_exec(f, "p listen tcp 0.0.0.0:5000 as s"), 0);
	assert_int_equal(simfx_exec(f, "p iptables -t mangle -N C"), 0);
	assert_int_equal(simfx_exec(f, "p iptables -t mangle -A C -p tcp -j TCPMSS "
				       "--clamp-mss-to-pmtu"),
			 0);
	assert_int_equal(simfx_exec(f, "p iptables -t mangle -A PREROUTING -j C"), 0);
	assert_int_equal(simfx_exec(f, "h iptables -t mangle -A POSTROUTING -p tcp --syn -j "
				       "TCPMSS --set-mss 1000"),
			 0);
	simfx_exec(f, "h connect tcp 10.0.0.100:5000 as c");
	e = nf_event(f, "h", VERDICT_MSS);
	assert_non_null(e);
	assert_int_equal(e->hook, NF_POSTROUTING);
	assert_string_equal(e->rule, "-A POSTROUTING -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK "
				     "SYN -j TCPMSS --set-mss 1000");
	assert_int_equal(e->pkt.mss, 1000);
	assert_non_null(strstr(e->why, "mss 1460 -> 1000 by TCPMSS"));
	e = nf_event(f, "p", VERDICT_MSS);
	assert_non_null(e);
	assert_int_equal(e->hook, NF_PREROUTING);
	assert_int_equal(e->pkt.mss, 1000);
	assert_non_null(strstr(e->why, "pktpath does not model this"));
	assert_non_null(strstr(e->rule, "-A C -p tcp -j TCPMSS --clamp-mss-to-pmtu"));
}

/* P8a/P8b: the binding is decided once; a flush re-decides it with the current rule */
static void test_nat_once(void **state)
{
	struct simfx *f = *state;
	struct host *h;
	struct strbuf sb;

	topo(f);
	assert_int_equal(simfx_exec(f,
				    "h iptables -t nat -A POSTROUTING -d 10.0.0.100 -p tcp -j SNAT "
				    "--to-source 10.0.0.2"),
			 0);
	assert_int_equal(simfx_exec(f, "p listen tcp 0.0.0.0:5000 as s"), 0);
	assert_int_equal(simfx_exec(f, "h connect tcp 10.0.0.100:5000 as c"), 0);
	assert_int_equal(
		simfx_exec(f, "h iptables -t nat -R POSTROUTING 1 -d 10.0.0.100 -p tcp -j SNAT "
			      "--to-source 10.0.0.3"),
		0);
	assert_int_equal(simfx_exec(f, "h send c x"), 0);
	h = sim_host(f->sim, "h");
	assert_int_equal(h->nf->ct->n, 1);
	assert_int_equal(h->nf->ct->e[0].t[CT_DIR_REPLY].dst, 0x0a000002); /* old binding kept */
	assert_int_equal(count_stage(f, "h", "nat", "SNAT"),
			 3); /* SYN (rule), ACK and data (entry) */
	assert_int_equal(simfx_exec(f, "h conntrack -L"), 0);
	strbuf_init(&sb);
	ct_entry_fmt(h, &h->nf->ct->e[0], &sb);
	assert_non_null(strstr(
		sb.buf,
		"tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.100 sport=40000 dport=5000 "
		"src=10.0.0.100 dst=10.0.0.2 sport=5000 dport=40000 [ASSURED] mark=0 use=1"));
	strbuf_release(&sb);
	assert_int_equal(simfx_exec(f, "h conntrack -F"), 0);
	assert_string_equal(simfx_stderr(f),
			    "conntrack v1.4.7 (conntrack-tools): connection tracking table "
			    "has been emptied.\n");
	simfx_exec(f, "h send c y");
	assert_int_equal(h->nf->ct->n, 1);
	assert_int_equal(h->nf->ct->e[0].t[CT_DIR_REPLY].dst, 0x0a000003); /* the current rule */
}

/* P8c: replies never see nat chains; the rule keeps 0 hits */
static void test_reply_no_nat(void **state)
{
	struct simfx *f = *state;
	struct host *p;

	topo(f);
	assert_int_equal(simfx_exec(f,
				    "p iptables -t nat -A POSTROUTING -p tcp --sport 5000 -j SNAT "
				    "--to-source 2.2.2.2"),
			 0);
	assert_int_equal(simfx_exec(f, "p listen tcp 0.0.0.0:5000 as s"), 0);
	assert_int_equal(simfx_exec(f, "h connect tcp 10.0.0.100:5000 as c"), 0);
	p = sim_host(f->sim, "p");
	assert_int_equal(nf_chain_find(&p->nf->t[NF_TABLE_NAT], "POSTROUTING")->r[0].pkts, 0);
	assert_int_equal(count_stage(f, "p", "nat", "SKIP"), 1);
}

/* E4.2 and E4.3 */
static void test_masquerade(void **state)
{
	struct simfx *f = *state;
	struct host *h;

	topo(f);
	assert_int_equal(simfx_exec(f, "h iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE"), 0);
	assert_int_equal(simfx_exec(f, "p listen tcp 0.0.0.0:5000 as s"), 0);
	assert_int_equal(simfx_exec(f, "h connect tcp 10.0.0.100:5000 as c"), 0);
	h = sim_host(f->sim, "h");
	assert_int_equal(h->nf->ct->n, 1);
	assert_int_equal(h->nf->ct->e[0].masq_index, host_nic(h, "eth0")->ifindex);
	assert_int_equal(simfx_exec(f, "h ip link set eth0 down"), 0);
	assert_int_equal(h->nf->ct->n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_traversal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nat_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_no_nat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masquerade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statistic_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcpmss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
