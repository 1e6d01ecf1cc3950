/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * render-int: what the parts of the frame renderer share: render.c (helpers, bars,
 * layouts, the console, ui_render), view.c (view logic without drawing), hosts.c (the
 * band of host boxes) and panes.c (card, event list, route table). Not for other
 * front-end files.
 */
#ifndef PKTPATH_UI_RENDER_INT_H
#define PKTPATH_UI_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/i18n.h"
#include "out/trace.h"
#include "frame.h"
#include "view.h"

/* render.c: small helpers */
const struct trace_event *cur_ev(const struct view *v); /* NULL when there is none */
bool ev_from_console(const struct view *v, int i);	/* event i came from a console line */
enum style origin_style(enum origin o);
bool stage_incoming(const struct trace_event *e); /* on a packet's way in */
bool is_route_stage(enum trace_stage s);
const char *focus_mark(const struct frame *f, const struct view *v, enum pane p);
void centre(struct frame *f, int y, enum style st, const char *s);
/* s wrapped into w columns from (x, y), at most maxlines rows; returns the rows used */
int wrap_at(struct frame *f, int x, int y, int w, int maxlines, enum style st, bool centred,
	    const char *s);
/* the narration, at most maxrows rows, "… (s)" when cut; returns the rows used */
int draw_caption(struct frame *f, int x, int y, int w, int maxrows, bool centred, const char *cap);
const char *ip_or_star(uint32_t a, char *buf); /* "*" for 0.0.0.0; buf: 16 bytes */
void tcp_flags_str(uint8_t fl, char *buf, size_t n);
void ev_where(const struct trace_event *e, char *buf, size_t n); /* stage or hook/table */
/* An origin (enum origin) as the screen names it, in the user's language; origin_name()
 * is the trace's and the scene language's word. */
const char *origin_label(enum origin o);

/* view.c */
void field_value(const struct trace_event *e, int f, char *buf,
		 size_t n); /* enum field's value as text */

/* hosts.c: the band of host boxes */
#define BOX_MIN_BIG 36 /* the narrowest box: the chain of stages fits from these widths */
#define BOX_MIN_SMALL 24
/* Host boxes hb rows high in up to maxrows rows in r, the packet marker on r's last row;
 * with chan > 0 (band_channels()' rows, included in r), a channel under each row of
 * boxes for the wires between boxes that are not neighbours in a row. */
void draw_hosts_band(struct frame *f, const struct view *v, struct rect r, bool big, int addr_rows,
		     int nic_rows, int hb, int maxrows, int chan);
/* The channel rows such wires take in the band draw_hosts_band() lays out at width w. */
int band_channels(const struct view *v, int w, bool big, int hb, int maxrows);
/* Rows of host boxes the network needs at width w, at most maxrows (at least 1). */
int band_rows(const struct view *v, int w, int minw, int maxrows);
int max_addrs(const struct view *v, int cap); /* most addresses on one NIC, capped */
int max_nics(const struct view *v, int cap);  /* most shown NICs of one host, capped */
/* Host hi's box, large, w wide at (x, y); returns its height. */
int draw_host_zoomed(struct frame *f, const struct view *v, int hi, int x, int y, int w);

/* panes.c */
void draw_card(struct frame *f, const struct view *v, struct rect r, bool large);
void draw_events(struct frame *f, const struct view *v, struct rect r);
void draw_routes(struct frame *f, const struct view *v, struct rect r, bool full);
int shown_host(const struct view *v); /* the host of the route table, -1 if none */

#endif
