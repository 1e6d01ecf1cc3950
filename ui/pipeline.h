/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pipeline: the notes' diagram inside a host box. The stages a packet passes in the
 * kernel, in the order the engine's events show them, with the packet as a token on
 * its stage and what acted there (the route, the rule, the neighbour, the NIC) named.
 * Drawn only from events: the kernel's decisions are the engine's, recorded in them.
 */
#ifndef PKTPATH_UI_PIPELINE_H
#define PKTPATH_UI_PIPELINE_H

#include "frame.h"
#include "view.h"

struct host;
struct route;
struct strbuf;

/* The chain of host hi's stages on row y (x, w columns), the current one lit; with
 * token_row >= 0 the token on that row under its stage (moving while v->tween runs),
 * with detail_row >= 0 what acted at the stage on that row. */
void pipe_draw(struct frame *f, const struct view *v, int hi, int x, int y, int w, int token_row,
	       int detail_row);

/* A host that only bridges: no addresses on any NIC, at least one bridge. */
bool ui_host_is_switch(const struct host *h);
/* A host that forwards: forwarding on one of its NICs (ip_forward=1). */
bool ui_host_is_router(const struct host *h);

/* A route as `ip route show` prints it, on one line (a multipath route's paths follow
 * it), appended to sb. */
void ui_route_line(const struct host *h, const struct route *rt, bool show_table,
		   struct strbuf *sb);
/* A route in few words for narrow panes: type, prefix, via, dev, metric, src; src, the
 * word "dev" and then the metric go when it would not fit in w columns. */
void ui_route_short(const struct host *h, const struct route *rt, struct strbuf *sb, int w);

#endif
