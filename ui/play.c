/* SPDX-License-Identifier: GPL-2.0-only */
#include "play.h"

static const int intervals[] = { 2000, 1200, 700, 400, 200 }; /* speed 1..5 */

int play_interval(int speed)
{
	if (speed < 1)
		speed = 1;
	if (speed > 5)
		speed = 5;
	return intervals[speed - 1];
}

int play_timeout(const struct view *v, const struct play_clock *pc, long long now)
{
	long long left;

	if (!v->playing)
		return -1;
	left = pc->due - now;
	if (left < 0)
		left = 0;
	if (v->tween_left > 0 && left > PLAY_FRAME_MS)
		return PLAY_FRAME_MS;
	return (int)left;
}

bool play_tick(struct view *v, struct play_clock *pc, long long now)
{
	if (!v->playing) {
		v->tween_left = 0;
		return false;
	}
	if (v->tween_left > 0) {
		long long gone = now - pc->start;

		v->tween_left = gone >= pc->travel || pc->travel <= 0
					? 0
					: (int)(1000 - gone * 1000 / pc->travel);
	}
	return now >= pc->due;
}

void play_moved(struct view *v, struct play_clock *pc, int from, long long now)
{
	int iv = play_interval(v->speed);

	pc->due = now + iv;
	pc->start = now;
	/* the token travels for half the interval (at most 600 ms), then the frame rests */
	pc->travel = iv / 2 < 600 ? iv / 2 : 600;
	v->tween_from = from;
	v->tween_left = from >= 0 && from != v->cur ? 1000 : 0;
}

void play_stopped(struct view *v)
{
	v->tween_left = 0;
}
