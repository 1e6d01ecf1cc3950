/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lessons: scenes by name. `pktpath c6-better-route`, `pktpath check arp-flux` and the
 * lesson menu find a lesson (NAME or NAME.scene) in, in order: the current directory,
 * $XDG_DATA_HOME/pktpath/scenes (default ~/.local/share/pktpath/scenes), the source
 * tree's scenes/ when pktpath runs uninstalled (next to the binary or one level up),
 * then the installed directory (PKTPATH_SCENES_DIR, $PREFIX/share/pktpath/scenes).
 */
#ifndef PKTPATH_LESSONS_H
#define PKTPATH_LESSONS_H

#include <stddef.h>

struct lesson {
	char name[128];	  /* file name without .scene */
	char title[2048]; /* its title line (a scene line is shorter), "" if none */
	char path[4096];
};

/* The path for a scene argument: an existing file as given, else a lesson found by name.
 * Returns a malloc'd path, or NULL (no such file or lesson). */
char *lesson_path(const char *arg);
/* Every lesson in the directories above, the first of each name, sorted by name. */
size_t lessons_list(struct lesson **out);
/* Reads a scene argument (a file, "-" for stdin, or a lesson name): the text (owned)
 * and the path it was read from (owned; "-" stays "-"), or NULL with the reason in err. */
char *lesson_read(const char *arg, char **path, char *err, size_t errlen);
/* The directory holding lang's message catalogue (DIR/LANG/LC_MESSAGES/pktpath.mo): the
 * build tree's when pktpath runs uninstalled, else ../share/locale beside the binary's
 * directory, else PKTPATH_LOCALE_DIR ($PREFIX/share/locale). NULL when there is none. */
const char *lessons_locale_dir(const char *lang);
/* `pktpath lessons [--paths]` */
int cli_lessons(int argc, char **argv);

#endif
