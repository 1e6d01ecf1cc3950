/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cli-render: `pktpath render` (one frame of the TUI, as text or with the theme's colours
 * as ANSI) and `pktpath record` (an asciicast v2 recording of the TUI stepping through a
 * lesson beat by beat), and the scene loading and locale set-up the TUI shares.
 */
#include "cli-render.h"
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "scene/scene.h"
#include "frame.h"
#include "lessons.h"
#include "session.h"
#include "slides.h"
#include "theme.h"
#include "view.h"

bool cli_utf8_ctype(void)
{
	bool utf8;

	setlocale(LC_CTYPE, ""); /* only the encoding: LC_MESSAGES is i18n_use()'s */
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (!utf8)
		setlocale(LC_CTYPE, "C.UTF-8");
	return utf8;
}

int cli_load_scene(struct session *s, const char *file)
{
	char *text, *path, err[4200];

	if (!file) {
		session_open(s, scene_builtin_default(), "default.scene");
		return 0;
	}
	text = lesson_read(file, &path, err, sizeof(err));
	if (!text) {
		fprintf(stderr, "pktpath: %s\n", err);
		return -1;
	}
	session_open(s, text, path);
	free(text);
	free(path);
	return 0;
}

int cli_opt(const char *cmd, int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (strcmp(argv[*i], name) != 0)
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, _("pktpath %s: option '%s' requires a value\n"), cmd, name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

bool cli_parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end || a < 1 || b < 1 || a > 10000 || b > 10000)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

/* Options `render`, `record` and `export --slides` share */
struct frame_opts {
	const char *cmd;	     /* for messages: "render", "record", "export" */
	const char *file;	     /* SCENE, NULL: the built-in one */
	int w, h, theme, lang, beat; /* beat -1: not given */
	bool presenter;
};

/* Takes the shared option (or SCENE) at argv[*i]: 1 taken, 0 not one of them, -1 a bad
 * value or a second scene (said on stderr). */
static int frame_opt(struct frame_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *val = NULL;
	bool bad = false;
	int r;

	if (strcmp(a, "--presenter") == 0) {
		o->presenter = true;
		return 1;
	}
	if (a[0] != '-' || !a[1]) {
		if (o->file) {
			fprintf(stderr, _("pktpath %s: one scene at a time\n"), o->cmd);
			return -1;
		}
		o->file = a;
		return 1;
	}
	if ((r = cli_opt(o->cmd, argc, argv, i, "--size", &val)) != 0) {
		if (r > 0 && (bad = !cli_parse_size(val, &o->w, &o->h)))
			fprintf(stderr, _("pktpath %s: bad size \"%s\" (want WxH)\n"), o->cmd, val);
	} else if ((r = cli_opt(o->cmd, argc, argv, i, "--beat", &val)) != 0) {
		if (r > 0 && (bad = (o->beat = beat_parse(val)) < 0))
			fprintf(stderr, _("pktpath %s: --beat takes event, hop or step\n"), o->cmd);
	} else if ((r = cli_opt(o->cmd, argc, argv, i, "--theme", &val)) != 0) {
		if (r > 0 && (bad = (o->theme = theme_parse(val)) < 0))
			fprintf(stderr, _("pktpath %s: unknown theme \"%s\"\n"), o->cmd, val);
	} else if ((r = cli_opt(o->cmd, argc, argv, i, "--lang", &val)) != 0) {
		if (r > 0 && (bad = (o->lang = lang_parse(val)) < 0))
			fprintf(stderr, _("pktpath %s: --lang takes en or ru\n"), o->cmd);
	} else {
		return 0;
	}
	return r < 0 || bad ? -1 : 1;
}

/* the view `pktpath render` and `pktpath record` draw: the TUI's at start, on event 1 */
static void view_setup(struct view *v, struct session *s, enum theme theme, enum lang lang,
		       bool presenter, int beat)
{
	memset(v, 0, sizeof(*v));
	v->t = &s->trace;
	v->title = s->title;
	v->sel_host = -1;
	v->speed = 3;
	v->theme = theme;
	v->lang = lang;
	v->inspect = -1;
	v->presenter = presenter;
	/* the beat the TUI would have: hop in presenter mode unless chosen */
	v->beat = beat >= 0 ? (enum beat)beat : presenter ? BEAT_HOP : BEAT_EVENT;
	v->cur = s->trace.n ? 0 : -1;
}

int render_main(int argc, char **argv)
{
	struct frame_opts o = { "render", NULL, 80, 24, THEME_DARK, config_lang(), -1, false };
	int step = -1, event = -1;
	bool ascii = false, ansi = false;
	struct session s;
	struct frame f;
	struct view v;
	struct strbuf sb;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		int taken, r;

		if (strcmp(a, "--ascii") == 0) {
			ascii = true;
		} else if ((r = cli_opt("render", argc, argv, &i, "--step", &val)) != 0) {
			if (r < 0)
				return 2;
			step = atoi(val);
		} else if ((r = cli_opt("render", argc, argv, &i, "--event", &val)) != 0) {
			if (r < 0)
				return 2;
			event = atoi(val);
		} else if ((r = cli_opt("render", argc, argv, &i, "--format", &val)) != 0) {
			if (r < 0)
				return 2;
			if (strcmp(val, "ansi") != 0 && strcmp(val, "text") != 0) {
				fprintf(stderr, _("pktpath render: --format takes text or ansi\n"));
				return 2;
			}
			ansi = strcmp(val, "ansi") == 0;
		} else if ((taken = frame_opt(&o, argc, argv, &i)) < 0) {
			return 2;
		} else if (!taken) {
			fprintf(stderr, _("usage: pktpath render [SCENE] [--step N] [--event N] "
					  "[--size WxH] [--theme T] [--ascii] "
					  "[--presenter] [--beat event|hop|step] [--lang en|ru] "
					  "[--format text|ansi]\n"));
			return 2;
		}
	}
	cli_utf8_ctype();
	if (cli_load_scene(&s, o.file) < 0)
		return 2;
	view_setup(&v, &s, (enum theme)o.theme, (enum lang)o.lang, o.presenter, o.beat);
	if (step > 0 && s.trace.nsteps) {
		/* --step N: the screen once step N has been fully revealed (its last event) */
		size_t si = (size_t)step > s.trace.nsteps ? s.trace.nsteps - 1 : (size_t)step - 1;
		const struct trace_step *st = &s.trace.steps[si];

		v.cur = st->count ? st->first + st->count - 1 : st->first - 1;
		if (v.cur < 0)
			v.cur = s.trace.n ? 0 : -1;
	}
	if (event > 0 && s.trace.n)
		v.cur = (size_t)event > s.trace.n ? (int)s.trace.n - 1 : event - 1;
	v.sim = session_state_at(&s, v.cur);
	frame_init(&f, o.w, o.h, ascii);
	ui_render(&f, &v);
	strbuf_init(&sb);
	if (ansi) {
		theme_frame_ansi(&f, (enum theme)o.theme, "\n", &sb);
		strbuf_puts(&sb, "\n");
	} else {
		frame_dump(&f, &sb);
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
	frame_release(&f);
	session_close(&s);
	return 0;
}

/* a JSON string (asciicast data and titles): UTF-8 kept, control characters escaped */
static void json_str(struct strbuf *sb, const char *p, size_t n)
{
	strbuf_puts(sb, "\"");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '"' || c == '\\')
			strbuf_printf(sb, "\\%c", c);
		else if (c == '\n')
			strbuf_puts(sb, "\\n");
		else if (c == '\r')
			strbuf_puts(sb, "\\r");
		else if (c < 0x20 || c == 0x7f)
			strbuf_printf(sb, "\\u%04x", c);
		else
			strbuf_printf(sb, "%c", c);
	}
	strbuf_puts(sb, "\"");
}

/* Seconds a beat stays on screen before the next one: longer where the narration
 * changes (a new step) */
enum { BEAT_MS = 1500, STEP_MS = 4000 };

/* record and slides: the scene loaded, the view on its opening event with the beat
 * (hop unless chosen: a recording or a slide deck is watched like a talk), the frame
 * sized; -1 if the scene cannot be read (said on stderr) */
static int walk_start(const struct frame_opts *o, struct session *s, struct view *v,
		      struct frame *f)
{
	cli_utf8_ctype();
	if (cli_load_scene(s, o->file) < 0)
		return -1;
	view_setup(v, s, (enum theme)o->theme, (enum lang)o->lang, o->presenter,
		   o->beat >= 0 ? o->beat : BEAT_HOP);
	v->cur = view_opening_event(&s->trace);
	frame_init(f, o->w, o->h, false);
	return 0;
}

/* Renders v from its cursor beat by beat (view_next_beat) to the last one, calling fn
 * with each frame and its step (-1: none) and whether that step begins there; returns the
 * number of frames. */
static int beat_walk(struct session *s, struct view *v, struct frame *f,
		     void (*fn)(void *ctx, const struct frame *f, int si, bool new_step), void *ctx)
{
	int n = 0, last_step = -1;

	while (v->cur >= 0) {
		int si = view_step_of(&s->trace, v->cur);

		v->sim = session_state_at(s, v->cur);
		ui_render(f, v);
		fn(ctx, f, si, si != last_step && si >= 0);
		last_step = si;
		n++;
		v->cur = view_next_beat(v, 1);
	}
	return n;
}

struct cast_ctx {
	struct strbuf *sb, *frame;
	enum theme theme;
	long ms; /* the next frame's time */
	const struct session *s;
	enum lang lang;
};

static void cast_frame(void *ctx, const struct frame *f, int si, bool new_step)
{
	struct cast_ctx *c = ctx;

	if (new_step) {
		char mark[300];

		if (c->ms > 0) /* the end of a step stays longer: its narration */
			c->ms += STEP_MS - BEAT_MS;
		snprintf(mark, sizeof(mark), _("step %d: %s"), si + 1,
			 step_label_in(&c->s->trace, si, c->lang));
		strbuf_printf(c->sb, "[%ld.%03ld, \"m\", ", c->ms / 1000, c->ms % 1000);
		json_str(c->sb, mark, strlen(mark));
		strbuf_puts(c->sb, "]\n");
	}
	c->frame->len = 0;
	strbuf_puts(c->frame, "\x1b[H");
	theme_frame_ansi(f, c->theme, "\r\n", c->frame);
	strbuf_printf(c->sb, "[%ld.%03ld, \"o\", ", c->ms / 1000, c->ms % 1000);
	json_str(c->sb, c->frame->buf, c->frame->len);
	strbuf_puts(c->sb, "]\n");
	c->ms += BEAT_MS;
}

int record_main(int argc, char **argv)
{
	struct frame_opts o = { "record", NULL, 80, 24, THEME_DARK, config_lang(), -1, false };
	const char *cast = NULL;
	int nframes;
	struct session s;
	struct frame f;
	struct view v;
	struct strbuf sb, frame_sb;
	struct cast_ctx cc;
	char err[4400];
	long ms;

	for (int i = 2; i < argc; i++) {
		int taken;

		if (strcmp(argv[i], "--cast") == 0 && i + 1 < argc) {
			cast = argv[++i];
		} else if ((taken = frame_opt(&o, argc, argv, &i)) < 0) {
			return 2;
		} else if (!taken) {
			fprintf(stderr, _("usage: pktpath record [SCENE] --cast FILE [--size WxH] "
					  "[--beat event|hop|step] "
					  "[--theme T] [--lang en|ru] [--presenter]\n"));
			return 2;
		}
	}
	if (!cast) {
		fprintf(stderr, _("pktpath record: --cast FILE is required\n"));
		return 2;
	}
	if (walk_start(&o, &s, &v, &f) < 0)
		return 2;
	strbuf_init(&sb);
	strbuf_init(&frame_sb);
	strbuf_printf(&sb, "{\"version\": 2, \"width\": %d, \"height\": %d, \"title\": ", o.w, o.h);
	json_str(&sb, s.title, strlen(s.title));
	strbuf_puts(&sb, ", \"env\": {\"TERM\": \"xterm-256color\"}}\n");
	cc = (struct cast_ctx){ &sb, &frame_sb, (enum theme)o.theme, 0, &s, (enum lang)o.lang };
	nframes = beat_walk(&s, &v, &f, cast_frame, &cc);
	ms = cc.ms;
	/* written whole and renamed into place; a device, FIFO, directory or read-only file
	 * at FILE is refused, a symbolic link's target is written (file_write_atomic) */
	if (file_write_atomic(cast, sb.buf, sb.len, 0644, err, sizeof(err)) != 0) {
		fprintf(stderr, _("pktpath record: %s\n"), err);
		strbuf_release(&sb);
		strbuf_release(&frame_sb);
		frame_release(&f);
		session_close(&s);
		return 1;
	}
	fprintf(stderr, _("pktpath record: %s: %d frames, %zu steps, %ld.%03ld s\n"), cast, nframes,
		s.trace.nsteps, ms / 1000, ms % 1000);
	strbuf_release(&sb);
	strbuf_release(&frame_sb);
	frame_release(&f);
	session_close(&s);
	return 0;
}

struct slides_ctx {
	const char *dir;
	enum theme theme;
	enum lang lang;
	const struct session *s;
	char **svgs, **captions;
	size_t n, cap;
	char err[4400]; /* the first failed write's message, "" if none */
};

static void slide_frame(void *ctx, const struct frame *f, int si, bool new_step)
{
	struct slides_ctx *c = ctx;
	struct strbuf sb;
	char path[4200], cap[300];

	(void)new_step;
	strbuf_init(&sb);
	slides_frame_svg(f, c->theme, &sb);
	snprintf(path, sizeof(path), "%s/slide-%03zu.svg", c->dir, c->n + 1);
	if (!c->err[0]) {
		struct strbuf doc;

		strbuf_init(&doc);
		strbuf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		strbuf_puts(&doc, sb.buf);
		file_write_atomic(path, doc.buf, doc.len, 0644, c->err, sizeof(c->err));
		strbuf_release(&doc);
	}
	if (si >= 0)
		snprintf(cap, sizeof(cap), _("step %d: %s"), si + 1,
			 step_label_in(&c->s->trace, si, c->lang));
	else
		cap[0] = '\0';
	vec_reserve((void **)&c->svgs, &c->cap, c->n + 1, sizeof(*c->svgs));
	c->captions = xrealloc(c->captions, c->cap * sizeof(*c->captions));
	c->svgs[c->n] = sb.buf; /* the strbuf's buffer, kept */
	c->captions[c->n] = xstrdup(cap);
	c->n++;
}

int slides_main(int argc, char **argv)
{
	struct frame_opts o = { "export", NULL, 100, 30, THEME_DARK, config_lang(), -1, false };
	const char *dir = NULL;
	int rc = 0;
	struct slides_ctx c;
	struct session s;
	struct frame f;
	struct view v;
	struct strbuf page;
	char path[4200];

	for (int i = 2; i < argc; i++) {
		int taken;

		if (strcmp(argv[i], "--slides") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if ((taken = frame_opt(&o, argc, argv, &i)) < 0) {
			return 2;
		} else if (!taken) {
			fprintf(stderr, _("usage: pktpath export [SCENE] --slides DIR [--size WxH] "
					  "[--beat event|hop|step] "
					  "[--theme T] [--lang en|ru] [--presenter]\n"));
			return 2;
		}
	}
	if (!dir || !dir[0]) {
		fprintf(stderr, _("pktpath export: --slides takes a directory\n"));
		return 2;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "pktpath export: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (walk_start(&o, &s, &v, &f) < 0)
		return 2;
	memset(&c, 0, sizeof(c));
	c.dir = dir;
	c.theme = (enum theme)o.theme;
	c.lang = (enum lang)o.lang;
	c.s = &s;
	beat_walk(&s, &v, &f, slide_frame, &c);
	strbuf_init(&page);
	slides_html(s.title, (const char *const *)c.svgs, (const char *const *)c.captions, c.n,
		    (enum theme)o.theme, &page);
	snprintf(path, sizeof(path), "%s/index.html", dir);
	if (!c.err[0])
		file_write_atomic(path, page.buf, page.len, 0644, c.err, sizeof(c.err));
	if (c.err[0]) {
		fprintf(stderr, _("pktpath export: %s\n"), c.err);
		rc = 1;
	} else {
		fprintf(stderr,
			_("pktpath export: %s: %zu slides (slide-001.svg … slide-%03zu.svg) and "
			  "index.html\n"),
			dir, c.n, c.n);
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.svgs[i]);
		free(c.captions[i]);
	}
	free(c.svgs);
	free(c.captions);
	strbuf_release(&page);
	frame_release(&f);
	session_close(&s);
	return rc;
}
