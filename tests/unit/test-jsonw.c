/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * jsonw: the printer behind ip's text and JSON forms. The forms iproute2 prints are
 * checked against iproute2 itself by tests/oracle/cases/ip-json.ip; these cases cover
 * what no route or rule there holds: escaping, nesting beyond two levels, values of
 * every kind in both modes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/jsonw.h"

/* one object with a member of each kind, in the given mode */
static void sample(struct jw *w)
{
	jw_obj(w, NULL);
	jw_word(w, "dst", "", "10.0.0.0/8");
	jw_str(w, "dev", "dev %s ", "a\"b\\c\td\x01");
	jw_uint(w, "metric", "metric %llu ", 4294967295ull);
	jw_int(w, "expires", "expires %lldsec ", -3ll);
	jw_null(w, "not", "not ");
	jw_json_uint(w, "uid", 7);
	jw_fp(w, "%s", "(text only) ");
	jw_arr(w, "flags");
	jw_str(w, NULL, "%s ", "onlink");
	jw_str(w, NULL, "%s ", "dead");
	jw_arr_end(w);
	jw_arr(w, "m");
	jw_obj(w, NULL);
	jw_arr(w, "empty");
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
}

static void run(bool json, bool pretty, const char *want)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb);
	jw_start(&w, &sb, json, pretty);
	sample(&w);
	sample(&w);
	jw_finish(&w);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_text(void **state)
{
	(void)state;
	run(false, false,
	    "10.0.0.0/8 dev a\"b\\c\td\x01 metric 4294967295 expires -3sec not (text only) onlink "
	    "dead "
	    "10.0.0.0/8 dev a\"b\\c\td\x01 metric 4294967295 expires -3sec not (text only) onlink "
	    "dead ");
	/* -pretty alone changes nothing */
	run(false, true,
	    "10.0.0.0/8 dev a\"b\\c\td\x01 metric 4294967295 expires -3sec not (text only) onlink "
	    "dead "
	    "10.0.0.0/8 dev a\"b\\c\td\x01 metric 4294967295 expires -3sec not (text only) onlink "
	    "dead ");
}

#define OBJ                                                                                 \
	"{\"dst\":\"10.0.0.0/8\",\"dev\":\"a\\\"b\\\\c\\td\\u0001\",\"metric\":4294967295," \
	"\"expires\":-3,\"not\":null,\"uid\":7,\"flags\":[\"onlink\",\"dead\"],"            \
	"\"m\":[{\"empty\":[]}]}"

static void test_json(void **state)
{
	(void)state;
	run(true, false, "[" OBJ "," OBJ "]\n");
}

#define POBJ                                             \
	"{\n"                                            \
	"        \"dst\": \"10.0.0.0/8\",\n"             \
	"        \"dev\": \"a\\\"b\\\\c\\td\\u0001\",\n" \
	"        \"metric\": 4294967295,\n"              \
	"        \"expires\": -3,\n"                     \
	"        \"not\": null,\n"                       \
	"        \"uid\": 7,\n"                          \
	"        \"flags\": [ \"onlink\",\"dead\" ],\n"  \
	"        \"m\": [ {\n"                           \
	"                \"empty\": [ ]\n"               \
	"            } ]\n"                              \
	"    }"

static void test_pretty(void **state)
{
	struct strbuf sb;
	struct jw w;

	(void)state;
	run(true, true, "[ " POBJ "," POBJ " ]\n");
	/* nothing in it: "[]", "[ ]" */
	strbuf_init(&sb);
	jw_start(&w, &sb, true, false);
	jw_finish(&w);
	assert_string_equal(sb.buf, "[]\n");
	strbuf_reset(&sb);
	jw_start(&w, &sb, true, true);
	jw_finish(&w);
	assert_string_equal(sb.buf, "[ ]\n");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_pretty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
