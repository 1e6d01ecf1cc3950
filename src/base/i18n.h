/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * i18n: pktpath's own words in the user's language, through GNU gettext (domain
 * "pktpath", catalogues built from the po/ files). _("…") marks and translates a message;
 * N_("…") only marks one kept in a table, translated where it is shown with _(); E_("…")
 * marks the engine's sentences (below).
 *
 * What is never marked: the output of the emulated tools (ip, iptables, conntrack, ss,
 * sysctl stay byte-identical to the real ones), jsonl traces, kernel names (PREROUTING,
 * ESTAB, route types) and the words of the scene and command languages.
 *
 * Until i18n_use() picks a language with a catalogue, _() returns its argument: the
 * engine, the tests and every tool answer in English. The choice is made once, at start
 * (config_start_lang in ui/config.c: --lang, then the config file, then LC_ALL/
 * LC_MESSAGES/LANG).
 */
#ifndef PKTPATH_I18N_H
#define PKTPATH_I18N_H

#include <stdbool.h>

#define I18N_DOMAIN "pktpath"

const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* msgid or msgid_plural by n, translated */
const char *i18n_ngettext(const char *msgid, const char *plural, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

#define _(s) i18n_gettext(s)
#define N_(s) (s)

/* The engine's sentences: the `why` of trace events and of the `why` command. Like _(),
 * unless a front end that matches on them asked for English (`pktpath check`, whose
 * `expect … reason TEXT` reads the English words). */
const char *i18n_engine_gettext(const char *msgid) __attribute__((format_arg(1)));
#define E_(s) i18n_engine_gettext(s)
void i18n_engine_english(bool on);

/* Translates into lang ("ru") from the catalogues under localedir (localedir/LANG/
 * LC_MESSAGES/pktpath.mo); lang NULL or "en" goes back to English. Returns false, staying
 * in English, when the catalogue cannot be used. Sets LC_MESSAGES to C.UTF-8 and the
 * LANGUAGE variable, and keeps the C library's own messages (strerror, which the emulated
 * tools print) English in every language, as iproute2's are. */
bool i18n_use(const char *lang, const char *localedir);
/* The language in use: "en" or the one i18n_use() set. */
const char *i18n_lang(void);

#endif
