/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * main: the command-line contract of docs/architecture.md. Each subcommand is a thin front end
 * over the engine in src/; nothing here knows how packets are routed.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/cmd.h"
#include "base/i18n.h"
#include "net/model.h"
#include "cli-check.h"
#include "cli-export.h"
#include "cli-kernel.h"
#include "cli-render.h"
#include "cli-trace.h"
#include "config.h"
#include "lessons.h"
#include "live.h"
#include "tui.h"

#ifndef PKTPATH_VERSION
#define PKTPATH_VERSION "0.1.0"
#endif

static void usage(FILE *f)
{
	fputs(_("usage: pktpath [SCENE] [--theme T] [--ascii] [--no-mouse] [--presenter] [--lang "
		"en|ru]\n"
		"              [--color auto|never|16|256|truecolor] [--linear] [--beat "
		"event|hop|step]\n"
		"              [--exit-after N]\n"
		"       pktpath render [SCENE] [--step N] [--event N] [--size WxH] [--theme T] "
		"[--ascii]\n"
		"              [--presenter] [--beat event|hop|step] [--lang en|ru] [--format "
		"text|ansi]\n"
		"       pktpath record [SCENE] --cast FILE [--size WxH] [--beat event|hop|step] "
		"[--theme T]\n"
		"              [--lang en|ru] [--presenter]\n"
		"       pktpath run [--echo] [--netns NAME [--follow] [--apply[=host]]] [FILE|-]\n"
		"       pktpath --live [--netns NAME] [--apply[=host]] [--ascii] [--theme T]\n"
		"       pktpath trace [SCENE|-] [--format text|jsonl]\n"
		"       pktpath check [-q] SCENE…\n"
		"       pktpath export [SCENE|-] --pcap FILE [--per-nic DIR]\n"
		"       pktpath export [SCENE] --slides DIR [--size WxH] [--beat event|hop|step] "
		"[--theme T]\n"
		"              [--lang en|ru]\n"
		"       pktpath lessons [--paths]\n"
		"       pktpath config [--actions]\n"
		"       pktpath --help | --version\n"
		"\n"
		"  run      execute console commands (ip …, sysctl …, HOST ip …) and print what "
		"the\n"
		"           real tools print; --echo prints a transcript ($ line, output, ! "
		"errors,\n"
		"           [rc N]) as the kernel oracle tests compare it; --netns NAME starts "
		"from\n"
		"           that namespace's real state (\".\" = this one), `why DST …` asks its "
		"kernel;\n"
		"           --follow applies the kernel's changes before each line; --apply sends\n"
		"           ip route/rule/addr edits and ip link set up|down to that kernel (not\n"
		"           the root namespace unless --apply=host); `ss`, `conntrack -L` and\n"
		"           `why socket ADDR:PORT` show the namespace's real sockets and flows\n"
		"  --live   TUI on a namespace's real state, following its changes\n"
		"  SCENE    a scene file, or a lesson's name (c6-better-route): looked for in the\n"
		"           current directory, $XDG_DATA_HOME/pktpath/scenes, then the lessons\n"
		"           that come with pktpath; `pktpath lessons` lists them\n"),
	      f);
}

/* The lines of `pktpath run`'s input, read with read(2) so that pktpath knows when the
 * next one is not there yet: the answers so far are flushed before it waits (a program
 * feeding it line by line gets each answer at once), while a file's answers leave in
 * large writes. */
struct line_reader {
	int fd;
	char *buf;
	size_t cap, start, end;
	size_t ahead; /* lines before this offset were given to cmd_prefetch */
	bool eof;
};

/* read(2) asks for at least this much: the lines ahead are what cmd_prefetch reads */
enum { READ_MIN = 1 << 16, PREFETCH_LEAD = 2048 };

/* The next line without its newline (valid until the next call), or NULL at the end */
static char *lr_next(struct line_reader *r)
{
	for (;;) {
		char *line = r->buf + r->start;
		char *nl = r->end > r->start ? memchr(line, '\n', r->end - r->start) : NULL;
		ssize_t n;

		if (nl || (r->eof && r->start < r->end)) {
			size_t len = nl ? (size_t)(nl - line) : r->end - r->start;

			line[len] = '\0'; /* room kept: end < cap */
			r->start += len + (nl ? 1 : 0);
			return line;
		}
		if (r->eof)
			return NULL;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->ahead = r->ahead > r->start ? r->ahead - r->start : 0;
			r->start = 0;
		}
		if (r->end + READ_MIN + 1 > r->cap) {
			r->cap = (r->end + READ_MIN + 1) * 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		{
			struct pollfd p = { .fd = r->fd, .events = POLLIN };

			if (poll(&p, 1, 0) ==
			    0) { /* the writer has not sent more: answer it first */
				fflush(stdout);
				fflush(stderr);
			}
		}
		n = read(r->fd, r->buf + r->end, r->cap - r->end - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r->eof = true;
		else
			r->end += (size_t)n;
	}
}

static int run_stream(FILE *in, bool echo, const char *netns, bool follow, int apply)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { .sim = sim, .default_host = "h" };
	struct cmd_out o;
	struct line_reader lr = { .fd = fileno(in) };
	char *line;
	int status = 0;
	bool one_dest;

	/* before anything is written: stdout and stderr on one file (2>&1, a terminal) keep
	 * every error line after the answers before it; each to its own file, both leave in
	 * large writes */
	{
		struct stat so, se;

		one_dest = fstat(1, &so) == 0 && fstat(2, &se) == 0 && so.st_dev == se.st_dev &&
			   so.st_ino == se.st_ino;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (!one_dest)
		setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	if (netns && kernel_session_open(&ctx, netns, follow, (enum kernel_apply)apply) != 0) {
		sim_free(sim);
		return 2;
	}
	if (netns && follow) /* changes will come: not the first of them pays for the import */
		host_tables_settle(ctx.cur);
	cmd_out_init(&o);
	while ((line = lr_next(&lr)) != NULL) {
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		/* the `ip route get` lines a little ahead: their lookups' memory is fetched
		 * together now, each one's misses overlapping the others' */
		if (lr.ahead < lr.start)
			lr.ahead = lr.start;
		if (lr.ahead - lr.start < PREFETCH_LEAD)
			lr.ahead += cmd_prefetch(&ctx, lr.buf + lr.ahead, lr.end - lr.ahead);
		cmd_out_reset(&o);
		if (follow)
			kernel_session_poll(&ctx); /* the kernel's changes since the last line */
		cmd_exec(&ctx, line, &o);
		if (echo) {
			const char *e = o.err.buf;

			printf("$ %s\n", line);
			fwrite(o.out.buf, 1, o.out.len, stdout);
			if (o.out.len > 0 && o.out.buf[o.out.len - 1] != '\n')
				putchar('\n');
			while (e && *e) {
				const char *nl = strchr(e, '\n');
				size_t len = nl ? (size_t)(nl - e) : strlen(e);

				printf("! %.*s\n", (int)len, e);
				e += len + (nl ? 1 : 0);
			}
			if (o.rc)
				printf("[rc %d]\n", o.rc);
		} else {
			fwrite_unlocked(o.out.buf, 1, o.out.len, stdout); /* one thread */
			/* one file for both: the error goes through stdout's buffer, in
			 * order with the answers before it, without a write of its own */
			if (o.err.len)
				fwrite_unlocked(o.err.buf, 1, o.err.len,
						one_dest ? stdout : stderr);
		}
		if (o.rc)
			status = 1;
	}
	free(lr.buf);
	fflush(stdout);
	fflush(stderr);
	cmd_out_release(&o);
	if (netns)
		kernel_session_close();
	sim_free(sim);
	return status;
}

/* pktpath run [--echo] [--netns NAME [--follow] [--apply[=host]]] [FILE|-] */
static int run_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "echo", no_argument, NULL, 'e' },   { "netns", required_argument, NULL, 'n' },
		{ "follow", no_argument, NULL, 'f' }, { "apply", optional_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },   { NULL, 0, NULL, 0 },
	};
	bool echo = false, follow = false;
	const char *file = NULL, *netns = NULL;
	FILE *in = stdin;
	int rc, c, apply = APPLY_NONE;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			echo = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'f':
			follow = true;
			break;
		case 'a':
			if (!optarg) {
				apply = APPLY_NS;
			} else if (strcmp(optarg, "host") == 0) {
				apply = APPLY_HOST;
			} else {
				fprintf(stderr,
					_("pktpath run: --apply takes no value or =host, not "
					  "'%s'\n"),
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default: /* '?': getopt_long sets optopt to the option that lacks its value */
			if (optopt == 'n')
				fprintf(stderr, _("pktpath run: option '--netns' requires a value "
						  "(NAME)\n"));
			else
				fprintf(stderr, _("pktpath run: unknown option '%s'\n"),
					argv[optind - 1]);
			fprintf(stderr, _("Try 'pktpath --help'.\n"));
			return 2;
		}
	}
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr,
			_("pktpath run: one FILE at most ('%s' is a second)\nTry 'pktpath "
			  "--help'.\n"),
			argv[optind]);
		return 2;
	}
	if (netns && !*netns) {
		fprintf(stderr,
			_("pktpath run: --netns needs a NAME ('.' is the current namespace)\n"));
		return 2;
	}
	if (apply != APPLY_NONE && !netns) {
		fprintf(stderr, _("pktpath: --apply needs --netns NAME (the namespace whose "
				  "kernel gets the edits)\n"));
		return 2;
	}
	if (file && strcmp(file, "-") != 0) {
		in = fopen(file, "r");
		if (!in) {
			fprintf(stderr, "pktpath: %s: %s\n", file, strerror(errno));
			return 2;
		}
	}
	rc = run_stream(in, echo, netns, follow, apply);
	if (in != stdin)
		fclose(in);
	return rc;
}

int main(int argc, char **argv)
{
	config_start_lang(argc, argv);
	/* --lang is everyone's: the subcommands without their own take it here */
	if (argc >= 2 && (strcmp(argv[1], "run") == 0 || strcmp(argv[1], "trace") == 0 ||
			  strcmp(argv[1], "check") == 0 || strcmp(argv[1], "lessons") == 0 ||
			  strcmp(argv[1], "config") == 0 || strcmp(argv[1], "export") == 0)) {
		int k = 2;

		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc &&
			    lang_parse(argv[i + 1]) >= 0)
				i++;
			else if (strncmp(argv[i], "--lang=", 7) != 0 || lang_parse(argv[i] + 7) < 0)
				argv[k++] = argv[i];
		}
		argv[k] = NULL;
		argc = k;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("pktpath %s\n", PKTPATH_VERSION);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "trace") == 0)
		return cli_trace(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "export") == 0) {
		for (int i = 2; i < argc; i++)
			if (strcmp(argv[i], "--slides") ==
			    0) /* the other export: slides, not pcap */
				return slides_main(argc, argv);
		return cli_export(argc - 2, argv + 2);
	}
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cli_check(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return run_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "render") == 0)
		return render_main(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "lessons") == 0)
		return cli_lessons(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "record") == 0)
		return record_main(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "config") == 0)
		return config_main(argc, argv);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--live") == 0)
			return live_main(argc, argv); /* pktpath --live [--netns NAME] … */
	return tui_main(argc, argv);		      /* pktpath [SCENE] [options] */
}
