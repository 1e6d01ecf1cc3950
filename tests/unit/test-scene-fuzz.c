/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Randomised robustness test of the scene language: scenes assembled from the real
 * lessons' lines, cut, shuffled and garbled, are played with `check` semantics under the
 * sanitizer build. Properties: nothing crashes, every error line has the
 * `file:line:col: message` form docs/architecture.md promises, and playing is deterministic (the
 * same text gives the same trace and messages twice). Fixed-seed xorshift generator.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cmd.h"
#include "net/model.h"
#include "scene/scene.h"
#include "out/trace.h"

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* Lines of the built-in scene: a real vocabulary of directives, traffic and expects. */
static size_t split_lines(const char *text, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *l = xmalloc(len + 1);

		memcpy(l, p, len);
		l[len] = '\0';
		vec_reserve((void **)&v, &cap, n + 1, sizeof(*v));
		v[n++] = l;
		p += len + (e ? 1 : 0);
	}
	*out = v;
	return n;
}

static const char *const garbage[] = {
	"expect",
	"expect comp1",
	"expect comp1 sends",
	"expect comp1 sends packet 99999999999",
	"expect not",
	"expect comp1 socket",
	"expect comp1 route get",
	"step",
	"say",
	"say xx ",
	"say ru «ёжик»",
	"include",
	"include /nonexistent/x.topo",
	"!",
	"! ip route add",
	"title",
	"title.ru",
	"title.ru «ёжик»",
	"step.ru",
	"step.ru шаг",
	"comp1",
	"comp1 send nosuch \"x\"",
	"connect tcp 1.2.3.4:99999 as z",
	"listen tcp 0.0.0.0:80 as s",
	"accept nosuch",
	"sleep -1",
	"sleep 99999999999",
	"inject tcp src 1.1.1.1:1 dst 2.2.2.2:2 flags XYZ",
	"\"unterminated",
	"'",
	"\t \t",
	"ip route add 172.16.70.0/24 dev enp0s3 metric 1",
	"ip link del enp0s3",
	"comp2 ip link set enp0s3 down",
	"sysctl -w net.ipv4.conf.all.rp_filter=1",
	"iptables -t nat -A POSTROUTING -j MASQUERADE",
	"conntrack -F",
};

static void mutate(char *l)
{
	size_t len = strlen(l);

	if (len == 0)
		return;
	switch (rnd(4)) {
	case 0: /* cut */
		l[rnd((uint32_t)len)] = '\0';
		break;
	case 1: /* flip a character to a punctuation or a high byte */
		l[rnd((uint32_t)len)] = "\"'#!:/\\\xd0\xff "[rnd(11)];
		break;
	default:
		break;
	}
}

static void play(const char *text, struct strbuf *result)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { 0 };
	struct cmd_out o;
	struct trace t;
	struct scene_check chk = { 0 };

	ctx.sim = sim;
	ctx.default_host = "h";
	cmd_out_init(&o);
	trace_init(&t);
	scene_run_check(&ctx, text, "fuzz.scene", &t, &o, &chk);
	strbuf_reset(result);
	strbuf_printf(result, "events=%zu steps=%zu expects=%d failed=%d errors=%d\n", t.n,
		      t.nsteps, chk.expects, chk.failed, chk.errors);
	for (size_t i = 0; i < t.n; i++) {
		trace_event_text(&t.ev[i], result);
		strbuf_puts(result, "\n");
	}
	strbuf_add(result, o.err.buf, o.err.len);
	/* every error line names file:line:col */
	for (const char *p = o.err.buf; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		unsigned line = 0, col = 0;

		if (len > 0 && strncmp(p, "fuzz.scene:", 11) == 0)
			assert_int_equal(sscanf(p + 11, "%u:%u:", &line, &col), 2);
		else if (len > 0 && p[0] != ' ' && strncmp(p, "/nonexistent", 12) != 0)
			fail_msg("error line without file:line:col: %.*s", (int)len, p);
		p += len + (e ? 1 : 0);
	}
	trace_release(&t);
	cmd_out_release(&o);
	sim_free(sim);
}

static void test_fuzz_scene(void **state)
{
	char **lines;
	size_t n = split_lines(scene_builtin_default(), &lines);
	struct strbuf text, a, b;
	unsigned long events = 0, errors = 0;

	(void)state;
	rng_state = 0x2545f4914f6cdd1dull;
	strbuf_init(&text);
	strbuf_init(&a);
	strbuf_init(&b);
	for (int round = 0; round < 400; round++) {
		size_t m = 5 + rnd(40);

		strbuf_reset(&text);
		/* an intact prefix of the lesson (its topology and some traffic), then noise */
		for (size_t k = 0, pre = rnd((uint32_t)n); k < pre; k++) {
			strbuf_puts(&text, lines[k]);
			strbuf_puts(&text, "\n");
		}
		for (size_t k = 0; k < m; k++) {
			char buf[512];

			if (rnd(5) == 0)
				snprintf(buf, sizeof(buf), "%s",
					 garbage[rnd(sizeof(garbage) / sizeof(garbage[0]))]);
			else
				snprintf(buf, sizeof(buf), "%s", lines[rnd((uint32_t)n)]);
			if (rnd(3) == 0)
				mutate(buf);
			strbuf_puts(&text, buf);
			strbuf_puts(&text, "\n");
		}
		play(text.buf, &a);
		play(text.buf, &b);
		{
			unsigned long ev = 0;
			int ex = 0, fl = 0, er = 0;
			size_t st = 0;

			if (sscanf(a.buf, "events=%lu steps=%zu expects=%d failed=%d errors=%d",
				   &ev, &st, &ex, &fl, &er) == 5) {
				events += ev;
				errors += (unsigned long)(fl + er);
			}
		}
		if (strcmp(a.buf, b.buf) != 0)
			fail_msg("playing the same scene twice differed:\n%s", text.buf);
	}
	print_message("400 random scenes: %lu trace events, %lu errors reported\n", events, errors);
	/* the generator must reach the packet path and the error paths to mean anything */
	assert_true(events > 10000);
	assert_true(errors > 400);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	strbuf_release(&text);
	strbuf_release(&a);
	strbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_scene),
	};

	return cmocka_run_group_tests_name("scene-fuzz", tests, NULL, NULL);
}
