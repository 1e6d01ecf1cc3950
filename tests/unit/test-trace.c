/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The trace (src/out/trace.c): events stored with dense sequence numbers and their step;
 * streaming (struct trace emit) hands out exactly what trace_dump would print, in the
 * same order, keeps one event, lets the caller finish the stored copy until the next
 * add, and emits the headers of steps without events; step_only keeps only the
 * current step's events; hops and setup events.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "out/trace.h"

static struct trace_draft ev_at(int host, enum trace_stage st, const char *verdict, const char *why)
{
	struct trace_draft e;

	memset(&e, 0, sizeof(e));
	e.host = host;
	snprintf(e.host_name, sizeof(e.host_name), "h%d", host);
	e.stage = st;
	e.pkt.proto = PKT_PROTO_UDP;
	e.pkt.src = 0x0a000001;
	e.pkt.dst = 0x0a000002;
	e.pkt.sport = 1000;
	e.pkt.dport = 53;
	if (!trace_verdict_parse(verdict, &e.verdict))
		fail_msg("no verdict %s", verdict);
	snprintf(e.why, sizeof(e.why), "%s", why);
	return e;
}

/* a scene-like script: title, steps with narration, an empty step, events */
static void play(struct trace *t)
{
	struct trace_draft e;

	t->title = trace_text_intern("a title");
	trace_step_begin(t, "first");
	trace_cur_step(t)->say_en = trace_text_intern("english");
	e = ev_at(0, TRACE_CONFIG, "OK", "configured");
	trace_add(t, &e);
	e = ev_at(0, TRACE_ROUTE_OUT, "ACCEPT", "a route");
	trace_add(t, &e);
	trace_step_begin(t, "empty");
	trace_cur_step(t)->say_ru = trace_text_intern("русский");
	trace_step_begin(t, "third");
	e = ev_at(1, TRACE_NIC_RX, "ACCEPT", "taken");
	trace_add(t, &e);
	e = ev_at(1, TRACE_DROP, "DROP", "dropped");
	e.err = 113;
	trace_add(t, &e);
	trace_step_begin(t, "trailing, empty");
}

struct sink {
	struct strbuf sb;
	bool json, titled;
	int calls;
};

static void emit(void *arg, const struct trace *t, size_t step, const struct trace_event *ev)
{
	struct sink *s = arg;

	s->calls++;
	if (!s->json && !s->titled) {
		s->titled = true;
		strbuf_printf(&s->sb, "# title: %s\n", t->title);
	}
	if (!ev) {
		if (!s->json)
			trace_step_header(t, step, &s->sb);
		return;
	}
	assert_int_equal((size_t)ev->step, step);
	/* only ever the latest event is kept */
	assert_ptr_equal(ev, &t->ev[0]);
	if (s->json)
		trace_event_json(ev, &s->sb);
	else
		trace_event_text(ev, &s->sb);
	strbuf_puts(&s->sb, "\n");
}

static void check_stream(bool json)
{
	struct trace kept, streamed;
	struct strbuf want;
	struct sink s;

	trace_init(&kept);
	play(&kept);
	assert_int_equal(kept.n, 4);
	assert_int_equal(kept.nsteps, 4);
	assert_int_equal(kept.ev[3].seq, 3);
	assert_int_equal(kept.ev[3].step, 2);
	assert_string_equal(kept.ev[1].why, "a route");
	assert_string_equal(kept.ev[1].host_name, "h0");
	assert_string_equal(kept.ev[1].iif, ""); /* empty names are "", never NULL */
	assert_int_equal(kept.ev[3].err, 113);
	strbuf_init(&want);
	trace_dump(&kept, json, &want);

	memset(&s, 0, sizeof(s));
	s.json = json;
	strbuf_init(&s.sb);
	trace_init(&streamed);
	streamed.emit = emit;
	streamed.emit_arg = &s;
	play(&streamed);
	trace_stream_finish(&streamed);
	assert_int_equal(streamed.n, 4);  /* counted */
	assert_int_equal(s.calls, 4 + 4); /* every event and every step's header */
	assert_string_equal(s.sb.buf ? s.sb.buf : "", want.buf ? want.buf : "");
	assert_non_null(strstr(s.sb.buf, json ? "EHOSTUNREACH" : "errno=EHOSTUNREACH"));
	/* 10,000 more events, each with a sentence of its own: the storage does not grow */
	{
		size_t cap = streamed.cap, bytes;
		struct trace_draft e = ev_at(2, TRACE_NIC_TX, "SENT", "more");

		trace_add(&streamed, &e);
		bytes = trace_bytes(&streamed);
		for (int i = 1; i < 10000; i++) {
			snprintf(e.why, sizeof(e.why), "sentence %d", i);
			trace_add(&streamed, &e);
		}
		trace_stream_finish(&streamed);
		assert_int_equal(streamed.n, 10004);
		assert_int_equal(streamed.cap, cap);
		assert_int_equal(trace_bytes(&streamed), bytes);
		assert_non_null(strstr(s.sb.buf, "sentence 9999"));
		assert_int_equal(s.calls, 8 + 10000);
	}
	strbuf_release(&want);
	strbuf_release(&s.sb);
	trace_release(&kept);
	trace_release(&streamed);
}

static void test_stream_text(void **state)
{
	(void)state;
	check_stream(false);
}

static void test_stream_json(void **state)
{
	(void)state;
	check_stream(true);
}

/* step_only (pktpath check): a new step drops the events before it; trace_at reads the
 * current step's by their number */
static void test_step_only(void **state)
{
	struct trace t;
	size_t cap;

	(void)state;
	trace_init(&t);
	t.step_only = true;
	play(&t);
	assert_int_equal(t.n, 4);
	assert_int_equal(t.nsteps, 4);
	/* the trailing empty step began after the last events: all dropped */
	for (size_t i = 0; i < 4; i++)
		assert_null(trace_at(&t, i));
	trace_step_begin(&t, "more");
	cap = t.cap;
	for (int i = 0; i < 1000; i++) {
		struct trace_draft e = ev_at(0, TRACE_NIC_TX, "SENT", "x");

		if (i % 100 == 0)
			trace_step_begin(&t, "a step of 100");
		trace_add(&t, &e);
	}
	assert_int_equal(t.n, 1004);
	assert_non_null(trace_at(&t, 1003));
	assert_int_equal(trace_at(&t, 1003)->seq, 1003);
	assert_non_null(trace_at(&t, 904)); /* the last step's first event */
	assert_null(trace_at(&t, 903));	    /* the step before */
	assert_null(trace_at(&t, 1004));
	assert_true(t.cap <= (cap > 128 ? cap : 128)); /* one step's events, not 1,004 */
	assert_string_equal(trace_at(&t, 904)->why, "x");
	trace_release(&t);
}

static void count_before_add(void *arg, size_t idx)
{
	size_t *seen = arg;

	assert_int_equal(idx, *seen); /* called once per event, in order */
	(*seen)++;
}

/* count_only (a seek replaying lines for their model): events are numbered, counted per
 * step and shown to before_add as if stored, and none is kept. */
static void test_count_only(void **state)
{
	struct trace t, full;
	size_t seen = 0;

	(void)state;
	trace_init(&full);
	play(&full);
	trace_init(&t);
	t.count_only = true;
	t.before_add = count_before_add;
	t.before_add_arg = &seen;
	play(&t);
	assert_int_equal(t.n, full.n);
	assert_int_equal(seen, full.n);
	assert_int_equal(t.nsteps, full.nsteps);
	for (size_t i = 0; i < t.nsteps; i++) {
		assert_int_equal(t.steps[i].first, full.steps[i].first);
		assert_int_equal(t.steps[i].count, full.steps[i].count);
	}
	assert_int_equal(t.steps[0].count, 2);
	for (size_t i = 0; i < t.n; i++)
		assert_null(trace_at(&t, i));
	assert_int_equal(trace_bytes(&t), 0);
	/* the limit still counts */
	t.before_add = NULL;
	t.max_events = t.n + 1;
	play(&t);
	assert_true(t.overflow);
	assert_int_equal(t.n, full.n + 1);
	trace_release(&t);
	trace_release(&full);
}

/* the stored form of a draft */
static const struct trace_event *stored(struct trace *t, int host, enum trace_stage st,
					const char *verdict)
{
	struct trace_draft e = ev_at(host, st, verdict, "");

	return trace_add(t, &e);
}

static void test_hops(void **state)
{
	struct trace t;

	(void)state;
	trace_init(&t);
	assert_true(trace_event_is_setup(stored(&t, 0, TRACE_CONFIG, "OK")));
	assert_false(trace_event_is_hop(stored(&t, 0, TRACE_CONFIG, "OK")));
	assert_true(trace_event_is_hop(stored(&t, 0, TRACE_ROUTE_OUT, "ACCEPT")));
	assert_false(trace_event_is_setup(stored(&t, 0, TRACE_ROUTE_OUT, "ACCEPT")));
	/* netfilter that let it pass unchanged */
	assert_false(trace_event_is_hop(stored(&t, 0, TRACE_NF, "ACCEPT")));
	assert_true(trace_event_is_hop(stored(&t, 0, TRACE_NF, "DNAT")));
	assert_true(trace_event_is_hop(stored(&t, 0, TRACE_DROP, "DROP")));
	trace_release(&t);
}

/* Stored events keep their strings in the trace's pool: a repeated name or sentence
 * is stored once, and an event is a fixed ~200 bytes whatever its sentence's length. */
static void test_pool(void **state)
{
	struct trace t;
	struct trace_draft e = ev_at(3, TRACE_NIC_TX, "SENT", "");
	const struct trace_event *a, *b;
	size_t bytes;

	(void)state;
	trace_init(&t);
	memset(e.why, 'w', sizeof(e.why) - 1);
	a = trace_add(&t, &e);
	b = trace_add(&t, &e);
	assert_ptr_equal(a->why, t.ev[1].why); /* t.ev may have moved; the strings did not */
	assert_ptr_equal(t.ev[0].why, t.ev[1].why);
	assert_ptr_equal(t.ev[0].host_name, t.ev[1].host_name);
	assert_int_equal(strlen(b->why), sizeof(e.why) - 1);
	for (int i = 0; i < 100000; i++)
		trace_add(&t, &e);
	bytes = trace_bytes(&t);
	assert_true(bytes / t.n <= 256);
	assert_true(sizeof(struct trace_event) <= 256);
	/* payloads: interned for the program's life, cut at PKT_PAYLOAD_MAX */
	{
		struct pkt p, q;
		char longer[PKT_PAYLOAD_MAX + 10];

		memset(&p, 0, sizeof(p));
		assert_string_equal(pkt_payload(&p), "");
		pkt_set_payload(&p, "hello");
		q = p;
		pkt_set_payload(&p, "other");
		assert_string_equal(pkt_payload(&q), "hello");
		assert_string_equal(pkt_payload(&p), "other");
		pkt_set_payload(&p, "hello");
		assert_int_equal(p.payload, q.payload);
		memset(longer, 'y', sizeof(longer) - 1);
		longer[sizeof(longer) - 1] = '\0';
		pkt_set_payload(&p, longer);
		assert_int_equal(strlen(pkt_payload(&p)), PKT_PAYLOAD_MAX);
		pkt_set_payload(&p, "");
		assert_int_equal(p.payload, 0);
	}
	trace_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_text), cmocka_unit_test(test_stream_json),
		cmocka_unit_test(test_step_only),   cmocka_unit_test(test_hops),
		cmocka_unit_test(test_pool),	    cmocka_unit_test(test_count_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
