/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef PKTPATH_CLI_RENDER_H
#define PKTPATH_CLI_RENDER_H

#include <stdbool.h>

struct session;

/* LC_ALL from the environment, LC_CTYPE C.UTF-8 when that is not UTF-8; true if the
 * user's locale was UTF-8 */
bool cli_utf8_ctype(void);
/* The built-in default scene (file NULL), a scene file or a lesson by name; -1 with a
 * message on stderr */
int cli_load_scene(struct session *s, const char *file);
/* Option name at argv[*i], as `NAME VALUE` or `NAME=VALUE`: 1 with *val set (and *i on
 * the value), 0 when argv[*i] is another word, -1 when the value is missing (said on
 * stderr as "pktpath CMD: option 'NAME' requires a value"). */
int cli_opt(const char *cmd, int argc, char **argv, int *i, const char *name, const char **val);
/* "WxH", 1..10000 each */
bool cli_parse_size(const char *s, int *w, int *h);
/* argv[1] is "render": [SCENE] [--step N] [--event N] [--size WxH] [--theme T] [--ascii]
 * [--presenter] [--beat B] [--lang en|ru] [--format text|ansi] */
int render_main(int argc, char **argv);
/* argv[1] is "record": SCENE --cast FILE [--size WxH] [--beat B] [--theme T] [--lang L] */
int record_main(int argc, char **argv);
/* argv[1] is "export" with --slides DIR: [SCENE] [--size WxH] [--beat B] [--theme T]
 * [--lang L] [--presenter]: DIR/slide-NNN.svg, one per beat, and DIR/index.html */
int slides_main(int argc, char **argv);

#endif
