/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the command table (src/tools/grammar.c): every word dispatches, the
 * console's completion offers what the network has, read-only commands are told apart,
 * and help has a usage line for every command. Also how a line is read: word splitting
 * (cmd_split), addresses (ip_parse) and `pktpath run`'s look-ahead hint (cmd_prefetch).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "tools/cmd.h"
#include "tools/grammar.h"
#include "net/model.h"
#include "simfx.h"

struct fx {
	struct simfx *s;
	char got[4096]; /* the candidates, space-separated */
};

static int setup(void **state)
{
	struct fx *f = test_calloc(1, sizeof(*f));

	f->s = simfx_new("a", false);
	simfx_run(f->s, "a ip link add eth0 type veth peer name eth0 netns b\n"
			"a ip addr add 10.0.0.1/24 dev eth0\n"
			"b ip addr add 10.0.0.2/24 dev eth0\n"
			"a ip link set eth0 up\n"
			"b ip link set eth0 up\n"
			"a ip route add 192.168.7.0/24 via 10.0.0.2 table 100\n"
			"a udp bind 0.0.0.0:53 as u1\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	simfx_free(f->s);
	test_free(f);
	return 0;
}

static void add(void *arg, const char *w)
{
	struct fx *f = arg;
	size_t n = strlen(f->got);

	snprintf(f->got + n, sizeof(f->got) - n, "%s%s", n ? " " : "", w);
}

/* The candidates after the words of line, from host a */
static const char *complete(struct fx *f, const char *line)
{
	char **argv;
	int argc = cmd_split(line, &argv);

	f->got[0] = '\0';
	gram_complete(f->s->sim, sim_host(f->s->sim, "a"), argc, argv, add, f);
	cmd_free_words(argc, argv);
	return f->got;
}

static bool has(const char *got, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = got; (p = strstr(p, w)) != NULL; p += n)
		if ((p == got || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void test_every_word_dispatches(void **state)
{
	struct fx *f = *state;

	for (size_t i = 0; i < gram_ncmds; i++) {
		struct strbuf sb;

		assert_true(cmd_is_command_word(gram_cmds[i].word));
		assert_ptr_equal(gram_cmd_find(gram_cmds[i].word), &gram_cmds[i]);
		assert_non_null(gram_cmds[i].run);
		strbuf_init(&sb);
		assert_true(gram_usage(gram_cmds[i].word, &sb));
		assert_non_null(strstr(sb.buf, gram_cmds[i].word));
		strbuf_release(&sb);
		assert_int_equal(traffic_is_verb(gram_cmds[i].word), gram_cmds[i].traffic);
	}
	assert_false(cmd_is_command_word("nosuch"));
	cmd_out_reset(&f->s->o);
	assert_int_equal(cmd_exec(&f->s->ctx, "nosuch thing", &f->s->o), 127);
	cmd_out_reset(&f->s->o);
	assert_int_equal(cmd_exec(&f->s->ctx, "ss", &f->s->o), 0);
	assert_non_null(strstr(f->s->o.out.buf, "u1"));
}

static void test_complete_ip(void **state)
{
	struct fx *f = *state;
	const char *g;

	assert_string_equal(complete(f, "ip"),
			    "link address addr route rule neighbour neigh nexthop");
	assert_true(has(complete(f, "ip nexthop add id 1"), "group"));
	assert_true(has(complete(f, "ip nexthop show"), "groups"));
	assert_true(has(complete(f, "ip route add 10.0.0.0/24"), "nhid"));
	assert_true(has(complete(f, "ip r"), "get")); /* `r` is route, as iproute2 reads it */
	g = complete(f, "ip route add");
	assert_true(has(g, "blackhole") && has(g, "default") && has(g, "10.0.0.0/24") &&
		    has(g, "192.168.7.0/24"));
	g = complete(f, "ip route add 10.9.0.0/16");
	assert_true(has(g, "via") && has(g, "dev") && !has(g, "fibmatch"));
	assert_string_equal(complete(f, "ip route add 10.9.0.0/16 dev"), "lo eth0");
	assert_string_equal(complete(f, "ip route add 10.9.0.0/16 via"), "10.0.0.2");
	assert_string_equal(complete(f, "ip route add 10.9.0.0/16 src"), "10.0.0.1");
	assert_true(has(complete(f, "ip route show table"), "100"));
	g = complete(f, "ip route get");
	assert_true(has(g, "10.0.0.2") && has(g, "10.0.0.1"));
	assert_true(has(complete(f, "ip route get 10.0.0.2"), "fibmatch"));
	assert_true(has(complete(f, "ip rule add from"), "all"));
	assert_false(has(complete(f, "ip route get from"), "all"));
	assert_string_equal(complete(f, "ip link set"), "lo eth0 dev");
	assert_string_equal(complete(f, "ip link add dummy0 type"), "veth bridge");
	assert_true(has(complete(f, "ip route show type"), "unreachable"));
	assert_string_equal(complete(f, "ip address del"), "10.0.0.1/24");
	assert_string_equal(complete(f, "ip address add"), "");
	assert_string_equal(complete(f, "ip route add 1.0.0.0/8 metric"), "");
}

static void test_complete_others(void **state)
{
	struct fx *f = *state;

	assert_true(has(complete(f, "sysctl"), "net.ipv4.conf.eth0.rp_filter"));
	assert_string_equal(complete(f, "send"), "u1");
	assert_string_equal(complete(f, "connect"), "tcp udp");
	assert_string_equal(complete(f, "ping"), "10.0.0.2");
	assert_string_equal(complete(f, "host"), "a b add");
	assert_string_equal(complete(f, "why 10.0.0.2 oif"), "lo eth0");
}

static void test_read_only(void **state)
{
	static const char *const ro[] = { "ip route",
					  "ip route show",
					  "ip r get 1.2.3.4",
					  "ip -4 addr",
					  "iptables -t nat -L",
					  "iptables -nvL",
					  "conntrack -L",
					  "sysctl net.ipv4.ip_forward",
					  "why 10.0.0.2",
					  "ss",
					  "host",
					  "host b" };
	static const char *const rw[] = { "ip link s eth0 up",
					  "ip route add 1.0.0.0/8 dev lo",
					  "iptables -A INPUT -j DROP",
					  "conntrack -F",
					  "sysctl -w net.ipv4.ip_forward=1",
					  "sysctl net.ipv4.ip_forward=1",
					  "host add c",
					  "send u1 x" };

	(void)state;
	for (size_t i = 0; i < sizeof(ro) / sizeof(ro[0]) + sizeof(rw) / sizeof(rw[0]); i++) {
		bool want = i < sizeof(ro) / sizeof(ro[0]);
		const char *line = want ? ro[i] : rw[i - sizeof(ro) / sizeof(ro[0])];
		char **argv;
		int argc = cmd_split(line, &argv);

		if (gram_read_only(argc, argv) != want)
			fail_msg("%s: read-only should be %d", line, want);
		cmd_free_words(argc, argv);
	}
}

/* cmd_split: quotes group and may touch, "" is a word, '#' at a word's start ends the
 * line, an unterminated quote is refused, any number of words; one allocation freed by
 * cmd_free_words */
static void test_split(void **state)
{
	static const struct {
		const char *line, *want; /* want: the words joined by '|'; NULL: refused */
	} tab[] = {
		{ "ip route get 10.0.0.1", "ip|route|get|10.0.0.1" },
		{ "  \t a  b\t", "a|b" },
		{ "", "" },
		{ "# all comment", "" },
		{ "a #b c", "a" },
		{ "a b#c", "a|b#c" },
		{ "x 'one two' \"three\"", "x|one two|three" },
		{ "x a'b c'\"d\"e", "x|ab cde" },
		{ "x '' y", "x||y" },
		{ "x '#' y", "x|#|y" },
		{ "x 'open", NULL },
		{ "x \"open", NULL },
		/* more words than the first pointer array holds (it doubles, twice here) */
		{ "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 "
		  "30 31 "
		  "32 '3 3' \"\" x",
		  "1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|24|25|26|27|28|29|"
		  "30|31|"
		  "32|3 3||x" },
		/* the most words a line of its length can hold, all empty: the text's bound */
		{ "'' '' '' '' '' '' '' '' '' '' '' '' '' '' '' '' '' ''", "|||||||||||||||||" },
		{ "a b c d e f g h i j k l m n o p q r s t 'open", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		char **argv, got[256] = "";
		int argc = cmd_split(tab[i].line, &argv);

		if (!tab[i].want) {
			assert_int_equal(argc, -1);
			assert_null(argv);
			continue;
		}
		assert_true(argc >= 0);
		for (int k = 0; k < argc; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", k ? "|" : "",
				 argv[k]);
		assert_null(argv[argc]);
		if (strcmp(got, tab[i].want) != 0)
			fail_msg("cmd_split(\"%s\"): %s, want %s", tab[i].line, got, tab[i].want);
		cmd_free_words(argc, argv);
	}
}

/* ip_parse: iproute2's dotted forms (1 to 4 parts, the last ones zero), 1-3 decimal
 * digits a part */
static void test_ip_parse(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		uint32_t want;
	} tab[] = {
		{ "10.1.2.3", true, 0x0a010203 },
		{ "255.255.255.255", true, 0xffffffff },
		{ "0.0.0.0", true, 0 },
		{ "10", true, 0x0a000000 },
		{ "10.2", true, 0x0a020000 },
		{ "010.001.1.1", true, 0x0a010101 },
		{ "256.1.1.1", false, 0 },
		{ "1.2.3.4.5", false, 0 },
		{ "0010.1.1.1", false, 0 },
		{ "1..2", false, 0 },
		{ "1.2.", false, 0 },
		{ "", false, 0 },
		{ "1.2.3.4 ", false, 0 },
		{ "-1.2.3.4", false, 0 },
		{ "+1.2.3.4", false, 0 },
		{ "1.2.3.x", false, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		uint32_t a = 0;
		bool ok = ip_parse(tab[i].s, &a);

		if (ok != tab[i].ok || (ok && a != tab[i].want))
			fail_msg("ip_parse(\"%s\"): %d %08x, want %d %08x", tab[i].s, ok, a,
				 tab[i].ok, tab[i].want);
	}
}

/* ip_fmt against snprintf: every octet value in every position, and back through
 * ip_parse; ip_fmt_end points at the text's end */
static void test_ip_fmt(void **state)
{
	(void)state;
	for (uint32_t v = 0; v < 256; v++)
		for (uint32_t w = 0; w < 256; w += 3) {
			uint32_t a = v << 24 | w << 16 | (255 - v) << 8 | (v ^ w), back = 0;
			char got[16], want[32];
			const char *end = ip_fmt_end(a, got);

			assert_ptr_equal(end, got + strlen(got));
			ip_fmt(a, got);
			snprintf(want, sizeof(want), "%u.%u.%u.%u", a >> 24, a >> 16 & 255,
				 a >> 8 & 255, a & 255);
			if (strcmp(got, want) != 0)
				fail_msg("ip_fmt(%08x): %s, want %s", a, got, want);
			assert_true(ip_parse(got, &back));
			assert_int_equal(back, a);
		}
}

/* prefix_parse: an address as ip_parse takes it, then "/" and 0-32 in decimal digits
 * (leading zeros too); no length: -1 */
static void test_prefix_parse(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		uint32_t want;
		int plen;
	} tab[] = {
		{ "10.1.2.3", true, 0x0a010203, -1 },
		{ "10.0.0.0/8", true, 0x0a000000, 8 },
		{ "10/8", true, 0x0a000000, 8 },
		{ "0/0", true, 0, 0 },
		{ "1.2.3.4/32", true, 0x01020304, 32 },
		{ "1.2.3.4/0032", true, 0x01020304, 32 },
		{ "1.2.3.4/33", false, 0, -1 },
		{ "1.2.3.4/99999999999999999999999", false, 0, -1 },
		{ "1.2.3.4/", false, 0, -1 },
		{ "1.2.3.4/3a", false, 0, -1 },
		{ "1.2.3.4/+8", false, 0, -1 },
		{ "1.2.3.4/-1", false, 0, -1 },
		{ "1.2.3.4/8/8", false, 0, -1 },
		{ "/8", false, 0, -1 },
		{ "1.2.3.x/8", false, 0, -1 },
		{ "256.0.0.0/8", false, 0, -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		uint32_t a = 0;
		int plen = 99;
		bool ok = prefix_parse(tab[i].s, &a, &plen);

		if (ok != tab[i].ok || (ok && (a != tab[i].want || plen != tab[i].plen)))
			fail_msg("prefix_parse(\"%s\"): %d %08x /%d, want %d %08x /%d", tab[i].s,
				 ok, a, plen, tab[i].ok, tab[i].want, tab[i].plen);
	}
}

/* cmd_prefetch is a hint: it reads whole lines only, at most TABLE_PREFETCH_MAX route
 * gets of one host at a time, and changes nothing the lines then answer */
static void test_prefetch(void **state)
{
	struct simfx *f = simfx_new("h", false);
	struct strbuf lines, before, after;
	size_t used, n, rest, want;

	(void)state;
	strbuf_init(&lines);
	strbuf_init(&before);
	strbuf_init(&after);
	simfx_run(f, "ip link add eth0 type veth peer name eth0 netns p\n"
		     "ip addr add 10.0.0.1/24 dev eth0\n"
		     "ip link set eth0 up\n");
	/* small tables: every whole line is read at once, and nothing looked up */
	used = cmd_prefetch(&f->ctx, "ip route get 10.0.0.9\nip r", 26);
	assert_int_equal(used, strlen("ip route get 10.0.0.9\n"));
	/* a big table: 17,000 /24s, past table_prefetch's threshold (16k prefixes) */
	for (int i = 0; i < 17000; i++) {
		char line[64];

		snprintf(line, sizeof(line), "ip route add 172.%d.%d.0/24 via 10.0.0.2",
			 16 + i / 256, i % 256);
		simfx_run(f, line);
	}
	for (int i = 0; i < 100; i++)
		strbuf_printf(&lines, "ip route get 172.16.%d.%d\n", i * 3 % 256, i + 1);
	for (const char *p = lines.buf; *p; p = strchr(p, '\n') + 1) {
		char line[64];

		snprintf(line, sizeof(line), "%.*s", (int)(strchr(p, '\n') - p), p);
		strbuf_puts(&before, simfx_out(f, line, NULL));
	}
	/* the first TABLE_PREFETCH_MAX lines, whole */
	used = cmd_prefetch(&f->ctx, lines.buf, lines.len);
	n = 0;
	for (size_t i = 0; i < used; i++)
		n += lines.buf[i] == '\n';
	assert_int_equal(n, TABLE_PREFETCH_MAX);
	assert_int_equal(lines.buf[used - 1], '\n');
	/* the rest with its last line cut short: that line is left unread */
	rest = lines.len - used - 3;
	want = 0;
	for (size_t i = 0; i < rest; i++)
		if (lines.buf[used + i] == '\n')
			want = i + 1;
	assert_true(want > 0 && want < rest);
	assert_int_equal(cmd_prefetch(&f->ctx, lines.buf + used, rest), want);
	/* another host's line ends the batch before it */
	used = cmd_prefetch(&f->ctx, "ip route get 172.16.1.1\np ip route get 10.0.0.1\n", 48);
	assert_int_equal(used, strlen("ip route get 172.16.1.1\n"));
	for (const char *p = lines.buf; *p; p = strchr(p, '\n') + 1) {
		char line[64];

		snprintf(line, sizeof(line), "%.*s", (int)(strchr(p, '\n') - p), p);
		strbuf_puts(&after, simfx_out(f, line, NULL));
	}
	assert_string_equal(before.buf, after.buf);
	strbuf_release(&lines);
	strbuf_release(&before);
	strbuf_release(&after);
	simfx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_word_dispatches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_ip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete_others, setup, teardown),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_ip_parse),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_ip_fmt),
		cmocka_unit_test(test_prefetch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
