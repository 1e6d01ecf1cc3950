/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * view: everything ui_render() needs to draw one frame, by value or borrowed: the
 * immutable trace, the model state at the current event (replayed, see session.h),
 * the cursor and the display modes. ui_render() is a pure function of the view and
 * the frame size: the same view always gives the same cells, which is what makes
 * stepping back exact and golden frames possible.
 */
#ifndef PKTPATH_VIEW_H
#define PKTPATH_VIEW_H

#include <stdbool.h>

#include "net/model.h"
#include "out/trace.h"
#include "frame.h"

enum theme { THEME_DARK, THEME_LIGHT, THEME_CONTRAST, THEME_COLORBLIND, THEME_MONO, THEME__COUNT };
/* Beats: what one press of a clicker's Next moves by. */
enum beat { BEAT_EVENT, BEAT_HOP, BEAT_STEP, BEAT__COUNT };
const char *beat_name(enum beat b);
int beat_parse(const char *s); /* -1 if not event, hop or step */
const char *theme_name(enum theme t);
/* -1 if unknown; accepts dark, light, projector (= light), contrast, high-contrast, mono */
int theme_parse(const char *s);

/* Narration language (scene `say en|ru`); the default comes from the locale. */
enum lang { LANG_EN, LANG_RU };
/* LC_ALL, else LC_MESSAGES, else LANG: ru* gives LANG_RU. */
enum lang lang_from_env(void);
int lang_parse(const char *s); /* "en" / "ru", -1 otherwise */

/* Event-list filter presets (the `f` key): bits of what is hidden. Stepping, the
 * event list, search and the mouse all work on the events that stay visible. */
enum {
	FILTER_ARP = 1,	     /* ARP frames and neighbour resolution */
	FILTER_NF_QUIET = 2, /* netfilter/conntrack events that change nothing */
	FILTER_HOST = 4,     /* events of other hosts than view.filter_host */
};
#define FILTER_PRESETS 4  /* 0, ARP, ARP|NF_QUIET, HOST */
int filter_preset(int i); /* the mask of preset i (0 = show all) */
/* "no ARP", "no ARP, no quiet nf", "host comp1 only"; "" for 0 */
void filter_describe(int mask, const char *host, char *buf, size_t n);

/* Panes that take the focus (Tab) and zoom (z). PANE_NONE: nothing focused yet; z
 * then zooms the event list. */
enum pane { PANE_NONE, PANE_EVENTS, PANE_HOST, PANE_CARD, PANE_ROUTES };

#define UI_MIN_W 80
#define UI_MIN_H 24

/* Where things landed on screen, for the mouse (filled by ui_render). */
#define HITS_MAX_ROWS 256
#define HITS_MAX_HOSTS 12
struct render_hits {
	struct rect events;	   /* event list rows */
	int ev_first;		   /* event index shown on the first row */
	int ev_row[HITS_MAX_ROWS]; /* event index per event-list row (filtered view), -1 */
	int cursor_x, cursor_y;	   /* the console's (or search prompt's) input point, -1 = none */
	struct rect host_box[HITS_MAX_HOSTS];
	int host_idx[HITS_MAX_HOSTS];
	int nhosts;
	struct rect card, routes;
	int field_y[8]; /* packet card: the row of each field (enum field), -1 */
};

/* The console as the render sees it (ui/console.c fills it; readline's display comes
 * from ui/rl.c). Shown at the bottom: the input line while focused, the output pane
 * while focused or toggled, and a popup of completion candidates. */
enum con_kind { CON_ECHO, CON_OUT, CON_ERR, CON_INFO };
struct console_view {
	bool focused;	   /* the input line has the keyboard */
	bool pane;	   /* output pane toggled on (also shown while focused, when not empty) */
	const char *input; /* prompt + line as readline shows it */
	int prompt_cols, cursor_col;   /* display columns in input */
	const char *const *out;	       /* output pane lines, oldest first */
	const unsigned char *out_kind; /* enum con_kind per line */
	size_t nout;
	int scroll;		  /* lines scrolled back from the newest */
	const char *const *cands; /* completion popup, NULL when closed */
	size_t ncands;
	const unsigned char *ev_console; /* per trace event: made by a console line, or NULL */
};

struct view {
	const struct trace *t;
	struct sim *sim; /* model state at the current event; lookups mark routes accessed */
	const char *title;
	int cur;      /* current event, -1 = none */
	int sel_host; /* index into sim->hosts for the route table, -1 = current event's */
	bool presenter, blank, help;
	bool say;	/* the whole narration of the step over the screen (s) */
	enum beat beat; /* what PgDn/PgUp/Space/Backspace move by */
	bool playing;
	int speed; /* play speed level 1..5 */
	/* while playing, the token still travelling from event tween_from to cur: the
	 * share of the way left, in thousandths (0: it is there) */
	int tween_from, tween_left;
	enum theme theme;
	enum lang lang;
	int filter;	 /* FILTER_* mask */
	int filter_host; /* for FILTER_HOST */
	enum pane focus;
	bool zoom;	    /* the focused pane fills the screen */
	int inspect;	    /* packet-card field (enum field) whose provenance is shown, -1 */
	int help_scroll;    /* first help row shown */
	const char *prompt; /* search prompt or pending count for the status line, or NULL */
	bool prompt_input;  /* the prompt takes typing: the cursor goes after it */
	const char *search; /* committed search pattern (matches are marked), or NULL */
	const char *msg;    /* transient message for the status line, or NULL */
	const struct console_view *con; /* NULL: no console */
	struct render_hits *hits;	/* optional */
};

void ui_render(struct frame *f, const struct view *v);

/* Helpers shared with the TUI loop */
bool view_ev_visible(const struct view *v, int i); /* event i passes the filter */
/* Event i matches a search pattern (case-insensitive substring of its text line,
 * host, stage, hook/table, interfaces, verdict and reason). */
bool view_ev_match(const struct trace *t, int i, const char *pat);
/* Step si's label and the scene's title in v->lang (`step.ru`, `title.ru`), else as
 * written; view_title may be NULL, like v->title. */
const char *view_step_label(const struct view *v, int si);
const char *step_label_in(const struct trace *t, int si, enum lang lang);
const char *view_title(const struct view *v);
/* The step caption in v->lang (falls back to the other language). */
const char *view_caption(const struct view *v, int si);
/* Where field f (enum field) of the current event got its value, as one sentence. */
void view_provenance(const struct view *v, int f, char *buf, size_t n);
/* One narrated line for event i (--linear): "event 7/23: comp1 POSTROUTING nat: src
 * A→B [nat]; …". utf8: arrows as →, else ->. */
void view_narrate(const struct trace *t, int i, bool utf8, struct strbuf *sb);
const char *view_field_name(int f);
int view_help_max_scroll(int h); /* help rows that do not fit at terminal height h */
int view_step_of(const struct trace *t, int ev);	    /* index into t->steps, -1 if none */
int view_opening_event(const struct trace *t);		    /* where a lesson opens, -1 if empty */
int view_next_vis(const struct view *v, int from, int dir); /* next visible event, -1 if none */
/* The next beat (v->beat) from v->cur in direction dir, -1 when none. */
int view_next_beat(const struct view *v, int dir);
int view_console_pane_lines(int h); /* output lines the console pane shows at height h */

#endif
