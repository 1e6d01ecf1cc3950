/* SPDX-License-Identifier: GPL-2.0-only */
#include "base/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char cur_lang[16] = "en";
static bool active, engine_english;

const char *i18n_gettext(const char *msgid)
{
	return active ? dgettext(I18N_DOMAIN, msgid) : msgid;
}

const char *i18n_engine_gettext(const char *msgid)
{
	return active && !engine_english ? dgettext(I18N_DOMAIN, msgid) : msgid;
}

void i18n_engine_english(bool on)
{
	engine_english = on;
}

const char *i18n_ngettext(const char *msgid, const char *plural, unsigned long n)
{
	if (active)
		return dngettext(I18N_DOMAIN, msgid, plural, n);
	return n == 1 ? msgid : plural;
}

const char *i18n_lang(void)
{
	return cur_lang;
}

bool i18n_use(const char *lang, const char *localedir)
{
	char mo[4096];
	struct stat st;

	active = false;
	snprintf(cur_lang, sizeof(cur_lang), "en");
	if (!lang || strcmp(lang, "en") == 0)
		return true;
	if (!localedir || strlen(lang) >= sizeof(cur_lang) || strchr(lang, '/'))
		return false;
	snprintf(mo, sizeof(mo), "%s/%s/LC_MESSAGES/%s.mo", localedir, lang, I18N_DOMAIN);
	if (stat(mo, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	/* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 keeps libc's own messages
	 * English and lets LANGUAGE choose the catalogue */
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		return false;
	setenv("LANGUAGE", lang, 1);
	/* LANGUAGE would translate the C library's messages too (strerror, which the
	 * emulated tools print: "RTNETLINK answers: Network is unreachable" must stay as
	 * iproute2 prints it): its domain gets a directory without catalogues */
	bindtextdomain("libc", "/nonexistent/pktpath-keeps-libc-english");
	if (!bindtextdomain(I18N_DOMAIN, localedir) ||
	    !bind_textdomain_codeset(I18N_DOMAIN, "UTF-8"))
		return false;
	{
		extern int _nl_msg_cat_cntr; /* glibc: drop translations looked up so far */
		++_nl_msg_cat_cntr;
	}
	snprintf(cur_lang, sizeof(cur_lang), "%s", lang);
	active = true;
	return true;
}
