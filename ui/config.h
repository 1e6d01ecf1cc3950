/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config: the user's settings file, $XDG_CONFIG_HOME/pktpath/config (else
 * ~/.config/pktpath/config). Commands, one per line, in tmux's manner:
 *   set theme dark|light|contrast|colorblind|mono     set lang en|ru
 *   set beat event|hop|step                           set color auto|never|16|256|truecolor
 *   set speed 1-5                                     set mouse on|off
 *   bind-key [-T view|presenter] KEY ACTION           unbind-key [-T view|presenter] KEY
 * Command-line options override the file; the file overrides the environment (lang).
 * A bad line is reported as file:line:col and ignored; it is never fatal.
 */
#ifndef PKTPATH_CONFIG_H
#define PKTPATH_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "view.h"

enum cfg_setting { CFG_THEME, CFG_LANG, CFG_BEAT, CFG_COLOUR, CFG_SPEED, CFG_MOUSE, CFG__COUNT };

struct config {
	char path[4096];
	bool found; /* the file exists and was read */
	int value
		[CFG__COUNT]; /* -1: not set in the file; else the enum's value (speed 1-5, mouse 0/1) */
	int line[CFG__COUNT]; /* the line that set it */
	int nbind;	      /* bind-key and unbind-key lines applied to the keymap */
	int nerrors;
	char first_error[512]; /* "file:line:col: message" of the first bad line */
};

void config_init(struct config *c);
/* Reads the file (a missing one is no error) and applies its key bindings; bad lines go
 * to err (NULL: only counted). Returns the number of bad lines. */
int config_load(struct config *c, FILE *err);
const char *config_setting_name(enum cfg_setting s);
/* Chooses the language of pktpath's own messages once, at start (src/base/i18n.h):
 * --lang anywhere in argv, then the file's `set lang`, then LC_ALL/LC_MESSAGES/LANG;
 * `pktpath trace --format jsonl` stays English. Returns it (the narration follows it). */
enum lang config_start_lang(int argc, char **argv);
enum lang config_lang(void); /* what config_start_lang chose */
/* pktpath config [--actions]: prints the effective settings as a config file would write
 * them, each with where it came from; exit status 1 if the file has bad lines. */
int config_main(int argc, char **argv);

#endif
