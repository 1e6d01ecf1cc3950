/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of the model's rule and address changes (src/net/model.c), the kernel's
 * side of `ip rule add|del|flush` and `ip address del`: what fib_nl_newrule,
 * fib_nl_delrule and inet_rtm_deladdr accept, refuse (with which errno and words) and
 * leave behind. The oracle cases (tests/oracle/cases/rules-*.ip) check the same
 * against the real kernel through the command language; these pin the model's API.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net/model.h"

struct fx {
	struct sim *sim;
	struct host *h;
};

static int setup(void **state)
{
	struct fx *f = test_calloc(1, sizeof(*f));

	f->sim = sim_new();
	f->h = sim_host_add(f->sim, "h");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sim_free(f->sim);
	test_free(f);
	return 0;
}

static struct rule table_rule(uint32_t table)
{
	struct rule r = { 0 };

	r.action = FR_ACT_TO_TBL;
	r.table = table;
	r.suppress_prefixlen = -1;
	return r;
}

/* A2.2: with no pref, a new rule goes just before the second rule (32766 - 1) */
static void test_rule_default_pref(void **state)
{
	struct fx *f = *state;
	struct rule r = table_rule(100);
	struct diag d = { 0 };

	assert_int_equal(f->h->nrules, 3);
	assert_int_equal(host_rule_add(f->h, &r, false, &d), 0);
	assert_int_equal(f->h->nrules, 4);
	assert_int_equal(f->h->rules[1].pref, 32765);
	assert_int_equal(f->h->rules[1].table, 100);
	/* the next one goes before that one */
	r.table = 101;
	assert_int_equal(host_rule_add(f->h, &r, false, &d), 0);
	assert_int_equal(f->h->rules[1].pref, 32764);
	assert_true(f->h->custom_rules); /* A4: local and main are no longer merged */
}

static void test_rule_exists(void **state)
{
	struct fx *f = *state;
	struct rule r = table_rule(100);
	struct diag d = { 0 };

	r.pref = 100;
	assert_int_equal(host_rule_add(f->h, &r, true, &d), 0);
	assert_int_equal(host_rule_add(f->h, &r, true, &d), -EEXIST);
	assert_string_equal(d.msg, "RTNETLINK answers: File exists");
	assert_int_equal(f->h->nrules, 4);
	/* the same pref with another selector is another rule, after the first */
	r.src = 0x0a000000;
	r.src_len = 8;
	assert_int_equal(host_rule_add(f->h, &r, true, &d), 0);
	assert_int_equal(f->h->rules[2].src_len, 8);
}

static void test_rule_refused(void **state)
{
	struct fx *f = *state;
	struct rule r = table_rule(0);
	struct diag d = { 0 };

	assert_int_equal(host_rule_add(f->h, &r, false, &d), -EINVAL);
	assert_string_equal(d.msg, "RTNETLINK answers: Invalid argument");
	r = table_rule(100);
	r.action = FR_ACT_GOTO;
	r.pref = 200;
	r.goto_target = 100;
	assert_int_equal(host_rule_add(f->h, &r, true, &d), -EOPNOTSUPP);
	assert_string_equal(d.msg, "Error: Backward goto not supported.");
	assert_int_equal(f->h->nrules, 3); /* nothing changed */
	assert_false(f->h->custom_rules);
}

static void test_rule_del(void **state)
{
	struct fx *f = *state;
	struct rule r = table_rule(100), q = { 0 };
	struct diag d = { 0 };

	r.pref = 100;
	r.mark = 7;
	r.mask = 0xffffffffu;
	r.has_mark = true;
	assert_int_equal(host_rule_add(f->h, &r, true, &d), 0);
	/* a delete names only some fields: the first rule they match goes */
	q.suppress_prefixlen = -1;
	q.table = 100;
	assert_int_equal(host_rule_del(f->h, &q, false, &d), 0);
	assert_int_equal(f->h->nrules, 3);
	assert_int_equal(host_rule_del(f->h, &q, false, &d), -ENOENT);
	assert_string_equal(d.msg, "RTNETLINK answers: No such file or directory");
	/* a bare delete takes the first rule: pref 0, table local */
	q.table = 0;
	assert_int_equal(host_rule_del(f->h, &q, false, &d), 0);
	assert_int_equal(f->h->rules[0].pref, 32766);
}

static void test_rule_flush(void **state)
{
	struct fx *f = *state;
	struct rule r = table_rule(100);
	struct diag d = { 0 };

	assert_int_equal(host_rule_add(f->h, &r, false, &d), 0);
	host_rule_flush(f->h);
	assert_int_equal(f->h->nrules, 1); /* only pref 0 stays */
	assert_int_equal(f->h->rules[0].pref, 0);
}

static void test_addr_delete(void **state)
{
	struct fx *f = *state;
	struct nic *lo = host_nic(f->h, "lo");
	struct addr a = { 0 };
	struct diag d = { 0 };

	assert_non_null(lo);
	a.local = 0x7f000002;
	a.plen = 8;
	a.scope = RT_SCOPE_HOST;
	snprintf(a.label, sizeof(a.label), "lo");
	assert_int_equal(host_addr_add(f->h, lo, &a, &d), 0);
	assert_int_equal(lo->naddr, 1);
	/* the prefix length must agree when given; the label when given */
	assert_int_equal(host_addr_delete(f->h, lo, a.local, 16, NULL, &d), -EADDRNOTAVAIL);
	assert_string_equal(d.msg, "Error: ipv4: Address not found.");
	assert_int_equal(host_addr_delete(f->h, lo, a.local, 8, "lo:1", &d), -EADDRNOTAVAIL);
	assert_int_equal(lo->naddr, 1);
	assert_int_equal(host_addr_delete(f->h, lo, a.local, -1, NULL, &d), 0);
	assert_int_equal(lo->naddr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rule_default_pref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_addr_delete, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
