/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench-seek: the model at random events of a long scene, as the TUI asks for it on
 * PgUp/PgDn/G and in the console (ui/session.c: the nearest checkpoint, then the lines
 * after it). usage: bench-seek SCENE [N]. Prints the session's open time, its
 * checkpoints, the median and worst time of N random seeks and the memory the stored
 * events take per event (the array and the string pool); not a pass/fail test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../ui/session.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct session s;
	char err[256];
	size_t len;
	char *text;
	int n = argc > 2 ? atoi(argv[2]) : 100;
	double t0, open_ms, *t;
	unsigned seed = 1;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: bench-seek SCENE [N]\n");
		return 2;
	}
	text = file_read(argv[1], FILE_READ_MAX, &len, err, sizeof(err));
	if (!text) {
		fprintf(stderr, "bench-seek: %s\n", err);
		return 2;
	}
	t0 = now_ms();
	session_open(&s, text, argv[1]);
	open_ms = now_ms() - t0;
	if (s.trace.n == 0) {
		fprintf(stderr, "bench-seek: the scene has no events\n");
		return 1;
	}
	t = malloc((size_t)n * sizeof(*t));
	for (int i = 0; i < n; i++) {
		int ev;

		seed = seed * 1103515245u + 12345u;
		ev = (int)((seed >> 4) % s.trace.n);
		t0 = now_ms();
		session_state_at(&s, ev);
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), dbl_cmp);
	printf("events %zu lines %zu checkpoints %zu open %.0f ms; %d random seeks: median %.2f "
	       "ms, worst %.2f ms; events stored in %.0f B each (%zu B record + strings)\n",
	       s.trace.n, s.nlines, s.nckpt, open_ms, n, t[n / 2], t[n - 1],
	       (double)trace_bytes(&s.trace) / (double)s.trace.n, sizeof(struct trace_event));
	free(t);
	free(text);
	session_close(&s);
	return 0;
}
