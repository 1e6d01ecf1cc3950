/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the scene language (src/scene/): directives make steps, titles and
 * narration; a failing line is reported as file:line:col and playing goes on; `!` marks
 * a command meant to fail; expect lines hold or fail under check with their position.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "net/model.h"
#include "scene/scene.h"
#include "simfx.h"

/* the trace is made but not attached: scene_run() attaches it */
static int setup(void **state)
{
	*state = simfx_new("h", false);
	return 0;
}

static int teardown(void **state)
{
	simfx_free(*state);
	return 0;
}

static const char *const two_hosts = "a ip link add eth0 type veth peer name eth0 netns b\n"
				     "a ip addr add 10.0.0.1/24 dev eth0\n"
				     "b ip addr add 10.0.0.2/24 dev eth0\n"
				     "a ip link set eth0 up\n"
				     "b ip link set eth0 up\n";

static void test_directives(void **state)
{
	struct simfx *f = *state;
	char text[2048];

	snprintf(text, sizeof(text),
		 "title Two hosts\n# a comment\n\nstep the network\n%s"
		 "say en The wire is up.\nsay en Both ends.\nsay ru Провод.\n"
		 "step a ping\na ping 10.0.0.2\n",
		 two_hosts);
	assert_int_equal(scene_run(&f->ctx, text, "t.scene", &f->t, &f->o), 0);
	assert_string_equal(f->t.title, "Two hosts");
	assert_int_equal(f->t.nsteps, 2);
	assert_string_equal(f->t.steps[0].label, "the network");
	assert_string_equal(f->t.steps[0].say_en, "The wire is up. Both ends.");
	assert_string_equal(f->t.steps[0].say_ru, "Провод.");
	assert_int_equal(f->t.steps[0].count, 5); /* a config event per command */
	assert_true(f->t.steps[1].count > 5);	  /* ARP, the echo request and its reply */
	assert_int_equal(f->t.steps[1].first, 5);
}

/* A step's narration keeps every word, however long (it was cut at 511 bytes, in the
 * middle of a Cyrillic letter too) */
static void test_long_narration(void **state)
{
	struct simfx *f = *state;
	static const char word[] = "Маршрутизатор ";
	char line[1024], text[4096];
	size_t n = 0;

	while (n + sizeof(word) < 600) {
		memcpy(line + n, word, sizeof(word) - 1);
		n += sizeof(word) - 1;
	}
	line[n] = '\0';
	/* three lines of about 600 bytes: 1,800 in all */
	snprintf(text, sizeof(text), "step one\nsay ru %s\nsay ru %s\nsay ru %sконец\n", line, line,
		 line);
	assert_int_equal(scene_run(&f->ctx, text, "t.scene", &f->t, &f->o), 0);
	/* each line loses its trailing blank; one joins them */
	assert_int_equal(strlen(f->t.steps[0].say_ru), 3 * n + strlen("конец"));
	assert_non_null(strstr(f->t.steps[0].say_ru, "Маршрутизатор конец"));
}

static void test_error_position(void **state)
{
	struct simfx *f = *state;
	const char *text = "h ip link add d0 type veth peer name d1\n"
			   "h ip route add 10.0.0.0/8 dev nosuch\n"
			   "h ip link set d0 up\n";

	assert_int_equal(scene_run(&f->ctx, text, "e.scene", &f->t, &f->o), -1);
	assert_non_null(strstr(f->o.err.buf, "e.scene:2:"));
	assert_non_null(strstr(f->o.err.buf, "Cannot find device \"nosuch\""));
	/* playing went on: the third line ran */
	assert_true(host_nic(sim_host(f->sim, "h"), "d0")->up);
}

static void test_bang_and_expect(void **state)
{
	struct simfx *f = *state;
	struct scene_check chk = { 0 };
	char text[2048];

	snprintf(text, sizeof(text),
		 "%s"
		 "! a ip route add 10.0.0.0/24 dev eth0\n"
		 "expect a route get 10.0.0.2 dev eth0\n"
		 "expect a route get 10.0.0.2 dev lo\n",
		 two_hosts);
	assert_int_equal(scene_run_check(&f->ctx, text, "x.scene", &f->t, &f->o, &chk), -1);
	assert_int_equal(chk.expects, 2);
	assert_int_equal(chk.failed, 1);
	assert_int_equal(chk.errors, 0); /* the `!` line failed as it was meant to */
	/* the failing expect, by line and the column of its clause */
	assert_non_null(
		strstr(f->o.err.buf, "x.scene:8:33: `ip route get 10.0.0.2`: dev is eth0, not lo"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_directives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_narration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_position, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bang_and_expect, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
