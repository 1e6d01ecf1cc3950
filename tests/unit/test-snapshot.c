/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sim_clone() (src/net/snapshot.c) is exact: every lesson in scenes/ is cut at a dozen
 * points; the state after the cut is copied, and the rest of the lesson is played both
 * on the original and on the copy. Every trace event after the cut and the state of
 * every host at the end (routes of all tables, rules, addresses, neighbours, sockets,
 * iptables rules with counters, conntrack) must be identical. A field the copy missed
 * (a pointer shared, a counter reset) shows up as a difference.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/model.h"
#include "net/snapshot.h"
#include "out/trace.h"
#include "scene/scene.h"
#include "tools/cmd.h"

static void play(struct cmd_ctx *ctx, const char *text, size_t len, const char *file,
		 struct trace *t)
{
	char *copy = xmalloc(len + 1);
	struct cmd_out o;

	memcpy(copy, text, len);
	copy[len] = '\0';
	cmd_out_init(&o);
	scene_run(ctx, copy, file, t, &o);
	cmd_out_release(&o);
	free(copy);
	ctx->sim->trace = NULL;
}

/* everything the tools can say about every host */
static void state_dump(struct cmd_ctx *ctx, struct strbuf *sb)
{
	static const char *const cmds[] = {
		"ip route show table all",
		"ip rule",
		"ip addr",
		"ip neigh",
		"ss -tuna",
		"iptables -L -v -n -x",
		"iptables -t nat -L -v -n -x",
		"iptables -t mangle -L -v -n -x",
		"conntrack -L",
	};
	struct cmd_out o;
	char line[256];

	cmd_out_init(&o);
	for (size_t h = 0; h < ctx->sim->nhosts; h++) {
		for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			cmd_out_reset(&o);
			snprintf(line, sizeof(line), "%s %s", ctx->sim->hosts[h]->name, cmds[c]);
			cmd_exec(ctx, line, &o);
			strbuf_printf(sb, "## %s\n%s%s", line, o.out.buf ? o.out.buf : "",
				      o.err.buf ? o.err.buf : "");
		}
	}
	cmd_out_release(&o);
}

static void check_cut(const char *file, const char *text, size_t cut, int *compared)
{
	struct cmd_ctx a = { 0 }, b;
	struct trace ta, ra, rb;
	struct strbuf da, db;
	size_t len = strlen(text);

	a.sim = sim_new();
	a.default_host = "h";
	trace_init(&ta);
	play(&a, text, cut, file, &ta);
	trace_release(&ta);

	b = a;
	b.sim = sim_clone(a.sim);
	b.cur = a.cur ? b.sim->hosts[a.cur->index] : NULL;

	trace_init(&ra);
	trace_init(&rb);
	play(&a, text + cut, len - cut, file, &ra);
	play(&b, text + cut, len - cut, file, &rb);
	strbuf_init(&da);
	strbuf_init(&db);
	trace_dump(&ra, false, &da);
	trace_dump(&rb, false, &db);
	if (ra.n != rb.n || strcmp(da.buf ? da.buf : "", db.buf ? db.buf : "") != 0)
		fail_msg("%s cut at byte %zu: the trace after the cut differs (%zu vs %zu events)",
			 file, cut, ra.n, rb.n);
	strbuf_reset(&da);
	strbuf_reset(&db);
	state_dump(&a, &da);
	state_dump(&b, &db);
	if (strcmp(da.buf, db.buf) != 0)
		fail_msg("%s cut at byte %zu: the final state differs:\n%s\n---- copy ----\n%s",
			 file, cut, da.buf, db.buf);
	/* the dump is not vacuous: every lesson has routes on some device */
	assert_non_null(strstr(da.buf, " dev "));
	(*compared)++;
	strbuf_release(&da);
	strbuf_release(&db);
	trace_release(&ra);
	trace_release(&rb);
	sim_free(a.sim);
	sim_free(b.sim);
}

static void test_lessons_from_copies(void **state)
{
	glob_t g;
	int compared = 0;

	(void)state;
	assert_int_equal(glob("scenes/*.scene", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 10);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char err[256];
		size_t len, nlines = 0, k = 0, every;
		char *text = file_read(g.gl_pathv[i], FILE_READ_MAX, &len, err, sizeof(err));

		assert_non_null(text);
		for (size_t j = 0; j < len; j++)
			nlines += text[j] == '\n';
		every = nlines / 12 + 1;
		for (size_t j = 0; j < len; j++) {
			if (text[j] != '\n')
				continue;
			if (++k % every == 0)
				check_cut(g.gl_pathv[i], text, j + 1, &compared);
		}
		free(text);
	}
	globfree(&g);
	/* about a dozen cuts per lesson */
	assert_true(compared >= 100);
}

/* A copy is independent: changing it leaves the original alone, and freeing the
 * original leaves the copy usable. */
static void test_copy_is_independent(void **state)
{
	struct cmd_ctx a = { 0 }, b;
	struct cmd_out o;
	struct sim *copy;

	(void)state;
	a.sim = sim_new();
	a.default_host = "h";
	cmd_out_init(&o);
	cmd_exec(&a, "h ip link add v0 type veth peer name v1", &o);
	cmd_exec(&a, "h ip link set v0 up", &o);
	cmd_exec(&a, "h ip addr add 10.0.0.1/24 dev v0", &o);
	cmd_exec(&a, "h iptables -A OUTPUT -p udp -j ACCEPT", &o);
	assert_int_equal(o.rc, 0);
	copy = sim_clone(a.sim);
	b = a;
	b.sim = copy;
	b.cur = copy->hosts[0];
	cmd_exec(&b, "h ip route add 10.9.0.0/16 via 10.0.0.2", &o);
	cmd_exec(&b, "h iptables -F", &o);
	cmd_exec(&b, "h ip addr add 10.0.1.1/24 dev v0", &o);
	assert_int_equal(o.rc, 0);
	cmd_out_reset(&o);
	cmd_exec(&a, "h ip route show", &o);
	assert_null(strstr(o.out.buf ? o.out.buf : "", "10.9.0.0"));
	cmd_out_reset(&o);
	cmd_exec(&a, "h iptables -S OUTPUT", &o);
	assert_non_null(strstr(o.out.buf, "-A OUTPUT -p udp -j ACCEPT"));
	sim_free(a.sim);
	cmd_out_reset(&o);
	cmd_exec(&b, "h ip route show", &o);
	assert_non_null(strstr(o.out.buf, "10.9.0.0/16 via 10.0.0.2 dev v0"));
	assert_non_null(
		strstr(o.out.buf, "10.0.1.0/24 dev v0 proto kernel scope link src 10.0.1.1"));
	cmd_out_release(&o);
	sim_free(copy);
}

static void conn_text(struct strbuf *sb, int from, int to)
{
	for (int i = from; i < to; i++)
		strbuf_printf(sb, "a connect tcp 10.0.0.2:80 as c%d\n", i);
}

/* A copy holds its sockets in one block; sockets opened on the copy afterwards are not
 * in it. A copy of such a copy, each of them played on and freed in any order, finds
 * the same sockets (the index by port and address points into the block). */
static void test_sockets_of_copies(void **state)
{
	struct cmd_ctx ctx[3] = { { 0 } };
	struct strbuf part, da, db;
	struct trace t[3];
	static const char setup[] = "a ip link add e0 type veth peer name e0 netns b\n"
				    "a ip link set lo up\na ip link set e0 up\n"
				    "b ip link set lo up\nb ip link set e0 up\n"
				    "a ip addr add 10.0.0.1/24 dev e0\n"
				    "b ip addr add 10.0.0.2/24 dev e0\n"
				    "b listen tcp 0.0.0.0:80 as s\n";

	(void)state;
	strbuf_init(&part);
	strbuf_printf(&part, "%s", setup);
	conn_text(&part, 0, 300);
	ctx[0].sim = sim_new();
	ctx[0].default_host = "a";
	trace_init(&t[0]);
	play(&ctx[0], part.buf, strlen(part.buf), "conn", &t[0]);
	trace_release(&t[0]);
	assert_int_equal(ctx[0].sim->hosts[0]->nslab, 0);

	/* b: a copy; more sockets on both */
	ctx[1] = ctx[0];
	ctx[1].sim = sim_clone(ctx[0].sim);
	assert_int_equal(ctx[1].sim->hosts[0]->nslab, ctx[1].sim->hosts[0]->nsock);
	assert_true(ctx[1].sim->hosts[0]->nsock >= 300);
	strbuf_reset(&part);
	conn_text(&part, 300, 500);
	strbuf_printf(&part, "a send c0 \"first\"\na send c299 \"last\"\n");
	for (int i = 0; i < 2; i++) {
		trace_init(&t[i]);
		play(&ctx[i], part.buf, strlen(part.buf), "conn", &t[i]);
		trace_release(&t[i]);
	}
	/* c: a copy of the copy, whose sockets are half in its block */
	ctx[2] = ctx[1];
	ctx[2].sim = sim_clone(ctx[1].sim);
	assert_true(ctx[1].sim->hosts[0]->nslab < ctx[1].sim->hosts[0]->nsock);
	sim_free(ctx[0].sim); /* the copies do not share with their source */
	ctx[0].sim = sim_new();
	ctx[0].default_host = "a";
	strbuf_reset(&part);
	strbuf_printf(&part, "%s", setup);
	conn_text(&part, 0, 500);
	strbuf_printf(&part, "a send c0 \"first\"\na send c299 \"last\"\n");
	trace_init(&t[0]);
	play(&ctx[0], part.buf, strlen(part.buf), "conn", &t[0]);
	trace_release(&t[0]);

	/* the same traffic on all three: through the oldest, the copied and the newest */
	strbuf_reset(&part);
	conn_text(&part, 500, 520);
	strbuf_printf(&part, "a send c1 \"x\"\na send c350 \"y\"\na send c510 \"z\"\n"
			     "b udp bind 0.0.0.0:53 as u\na udp bind 0.0.0.0:0 as v\n"
			     "a sendto v 10.0.0.2:53 \"q\"\n");
	for (int i = 0; i < 3; i++) {
		trace_init(&t[i]);
		play(&ctx[i], part.buf, strlen(part.buf), "conn", &t[i]);
	}
	strbuf_init(&da);
	strbuf_init(&db);
	trace_dump(&t[0], false, &da);
	assert_non_null(strstr(da.buf, "\"z\""));
	for (int i = 1; i < 3; i++) {
		strbuf_reset(&db);
		trace_dump(&t[i], false, &db);
		assert_string_equal(da.buf, db.buf);
	}
	strbuf_reset(&da);
	state_dump(&ctx[0], &da);
	assert_non_null(strstr(da.buf, "10.0.0.1:"));
	for (int i = 1; i < 3; i++) {
		strbuf_reset(&db);
		state_dump(&ctx[i], &db);
		assert_string_equal(da.buf, db.buf);
	}
	strbuf_release(&da);
	strbuf_release(&db);
	strbuf_release(&part);
	sim_free(ctx[1].sim); /* the source before its copy */
	sim_free(ctx[2].sim);
	sim_free(ctx[0].sim);
	for (int i = 0; i < 3; i++)
		trace_release(&t[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_is_independent),
		cmocka_unit_test(test_lessons_from_copies),
		cmocka_unit_test(test_sockets_of_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
