/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * play: the clock of play mode. Events come one per play interval; after each one the
 * packet's token travels from the stage of the event before for part of the interval,
 * redrawn every PLAY_FRAME_MS (12.5 frames a second), and then rests until the next
 * event. Paused, there is no timeout at all: the TUI sleeps in poll() until a key.
 * Pure arithmetic on milliseconds, so it is tested without a terminal.
 */
#ifndef PKTPATH_UI_PLAY_H
#define PKTPATH_UI_PLAY_H

#include <stdbool.h>

#include "view.h"

#define PLAY_FRAME_MS 80

struct play_clock {
	long long due;	 /* when the next event is due (ms) */
	long long start; /* when the token set off */
	int travel;	 /* how long it travels (ms) */
};

/* The play interval of speed level 1..5, in ms. */
int play_interval(int speed);
/* The timeout for poll(), in ms: -1 when paused; while the token travels at most one
 * frame; else the time left until the next event. */
int play_timeout(const struct view *v, const struct play_clock *pc, long long now);
/* After a wake-up: moves the token on (v->tween_left) and says whether the next event
 * is due. */
bool play_tick(struct view *v, struct play_clock *pc, long long now);
/* Play started, or it moved the view from event `from` to v->cur: the token sets off
 * (from < 0: it does not travel) and the next event is due one interval later. */
void play_moved(struct view *v, struct play_clock *pc, int from, long long now);
/* Play stopped: the token is where it belongs. */
void play_stopped(struct view *v);

#endif
