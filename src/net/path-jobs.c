/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * path-jobs: the simulation's queues (struct sim): frames in flight and timers, each a
 * binary heap ordered by (time, sequence), and the packets waiting for their neighbour.
 */
#include "path-int.h"

#include <stdlib.h>
#include <string.h>

bool path_job_before(const struct path_job *a, const struct path_job *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void job_swap(struct path_job *a, struct path_job *b)
{
	struct path_job t = *a;

	*a = *b;
	*b = t;
}

static void heap_up(struct path_job *v, size_t i)
{
	while (i > 0 && path_job_before(&v[i], &v[(i - 1) / 2])) {
		job_swap(&v[i], &v[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct path_job *v, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;

		if (l < n && path_job_before(&v[l], &v[m]))
			m = l;
		if (l + 1 < n && path_job_before(&v[l + 1], &v[m]))
			m = l + 1;
		if (m == i)
			return;
		job_swap(&v[i], &v[m]);
		i = m;
	}
}

void path_heap_pop(struct path_job *v, size_t *n, struct path_job *out)
{
	*out = v[0];
	v[0] = v[--*n];
	heap_down(v, *n, 0);
}

void path_job_add(struct sim *sim, const struct path_job *j_in)
{
	struct path_job *v;
	size_t *n;

	switch (j_in->kind) {
	case JOB_RX:
		vec_reserve((void **)&sim->rx, &sim->rx_cap, sim->nrx + 1, sizeof(*sim->rx));
		v = sim->rx;
		n = &sim->nrx;
		break;
	case JOB_PENDING:
		vec_reserve((void **)&sim->pending, &sim->pending_cap, sim->npending + 1,
			    sizeof(*sim->pending));
		sim->pending[sim->npending] = *j_in;
		sim->pending[sim->npending++].seq = ++sim->job_seq;
		return;
	default:
		vec_reserve((void **)&sim->timers, &sim->timer_cap, sim->ntimers + 1,
			    sizeof(*sim->timers));
		v = sim->timers;
		n = &sim->ntimers;
		break;
	}
	v[*n] = *j_in;
	v[*n].seq = ++sim->job_seq;
	heap_up(v, (*n)++);
}

void path_pending_remove(struct sim *sim, size_t i)
{
	memmove(&sim->pending[i], &sim->pending[i + 1],
		(sim->npending - i - 1) * sizeof(*sim->pending));
	sim->npending--;
}

/* Drops the ARP timers of host on ifindex (and ip, unless any_ip); the heap is rebuilt:
 * O(timers), on a neighbour's resolution or a device going down only. */
void path_arp_timers_remove(struct sim *sim, int host, int ifindex, uint32_t ip, bool any_ip)
{
	size_t k = 0;

	for (size_t i = 0; i < sim->ntimers; i++) {
		const struct path_job *j = &sim->timers[i];

		if (j->kind == JOB_ARP_TIMER && j->host == host && j->ifindex == ifindex &&
		    (any_ip || j->ip == ip))
			continue;
		if (k != i)
			sim->timers[k] = *j;
		k++;
	}
	if (k == sim->ntimers)
		return;
	sim->ntimers = k;
	for (size_t i = k / 2; i-- > 0;)
		heap_down(sim->timers, k, i);
}
