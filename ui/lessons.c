/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lessons: see lessons.h.
 */
#include "lessons.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

#ifndef PKTPATH_SCENES_DIR
#define PKTPATH_SCENES_DIR "/usr/local/share/pktpath/scenes"
#endif
#ifndef PKTPATH_LOCALE_DIR
#define PKTPATH_LOCALE_DIR "/usr/local/share/locale"
#endif

enum { MAX_DIRS = 5 };

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory of the running binary into dir (PATH_MAX bytes); false if unknown. */
static bool exe_dir(char *dir)
{
	ssize_t len = readlink("/proc/self/exe", dir, PATH_MAX - 1);
	char *slash;

	if (len <= 0)
		return false;
	dir[len] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

/* The lesson directories in lookup order; returns how many exist. */
static size_t lesson_dirs(char dirs[MAX_DIRS][PATH_MAX])
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char exe[PATH_MAX], cand[MAX_DIRS][PATH_MAX];
	size_t n = 0, k = 0;

	snprintf(cand[k++], PATH_MAX, ".");
	if (xdg && xdg[0] == '/')
		snprintf(cand[k++], PATH_MAX, "%s/pktpath/scenes", xdg);
	else if (home && home[0] == '/')
		snprintf(cand[k++], PATH_MAX, "%s/.local/share/pktpath/scenes", home);
	if (exe_dir(exe)) {
		/* an uninstalled build: ./pktpath or build-san/pktpath in the source tree */
		snprintf(cand[k++], PATH_MAX, "%.*s/scenes", PATH_MAX - 8, exe);
		snprintf(cand[k++], PATH_MAX, "%.*s/../scenes", PATH_MAX - 11, exe);
	}
	snprintf(cand[k++], PATH_MAX, "%s", PKTPATH_SCENES_DIR);
	for (size_t i = 0; i < k; i++) {
		bool dup = false;
		char real[PATH_MAX];

		if (!is_dir(cand[i]))
			continue;
		/* the same directory reached twice (run from the source tree) counts once */
		for (size_t j = 0; j < n && realpath(cand[i], real); j++) {
			char other[PATH_MAX];

			if (realpath(dirs[j], other) && strcmp(real, other) == 0)
				dup = true;
		}
		if (!dup)
			snprintf(dirs[n++], PATH_MAX, "%.*s", PATH_MAX - 1, cand[i]);
	}
	return n;
}

const char *lessons_locale_dir(const char *lang)
{
	static char dir[PATH_MAX];
	char exe[PATH_MAX], cand[4][PATH_MAX], mo[PATH_MAX + 64];
	size_t k = 0;

	if (exe_dir(exe)) {
		/* ./pktpath (catalogues in build/locale) or build-san/pktpath (its locale/) */
		snprintf(cand[k++], PATH_MAX, "%.*s/build/locale", PATH_MAX - 14, exe);
		snprintf(cand[k++], PATH_MAX, "%.*s/locale", PATH_MAX - 8, exe);
		/* installed: PREFIX/bin/pktpath beside PREFIX/share/locale (also when staged
		 * under DESTDIR or moved as a whole) */
		snprintf(cand[k++], PATH_MAX, "%.*s/../share/locale", PATH_MAX - 17, exe);
	}
	snprintf(cand[k++], PATH_MAX, "%s", PKTPATH_LOCALE_DIR);
	for (size_t i = 0; i < k; i++) {
		snprintf(mo, sizeof(mo), "%.*s/%.15s/LC_MESSAGES/pktpath.mo", PATH_MAX - 1, cand[i],
			 lang);
		if (is_file(mo)) {
			snprintf(dir, sizeof(dir), "%.*s", PATH_MAX - 1, cand[i]);
			return dir;
		}
	}
	return NULL;
}

/* a lesson name: no slash, not empty, not hidden */
static bool is_name(const char *arg)
{
	return arg[0] && arg[0] != '.' && !strchr(arg, '/');
}

char *lesson_path(const char *arg)
{
	char dirs[MAX_DIRS][PATH_MAX], p[PATH_MAX + 300];
	size_t n;
	bool has_ext;

	if (strcmp(arg, "-") == 0 || is_file(arg) || !is_name(arg))
		return xstrdup(arg);
	has_ext = strlen(arg) > 6 && strcmp(arg + strlen(arg) - 6, ".scene") == 0;
	n = lesson_dirs(dirs);
	for (size_t i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s%s", dirs[i], arg, has_ext ? "" : ".scene");
		if (is_file(p))
			return xstrdup(strncmp(p, "./", 2) == 0 ? p + 2 : p);
	}
	return NULL;
}

char *lesson_read(const char *arg, char **path, char *err, size_t errlen)
{
	char *p = lesson_path(arg), *text;

	*path = NULL;
	if (!p) {
		snprintf(err, errlen,
			 _("%s: no such file, and no lesson of that name (pktpath lessons lists "
			   "them)"),
			 arg);
		return NULL;
	}
	text = file_read(p, FILE_READ_MAX, NULL, err, errlen);
	if (!text) {
		free(p);
		return NULL;
	}
	*path = p;
	return text;
}

static void read_title(const char *path, char *title, size_t n)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	title[0] = '\0';
	if (!f)
		return;
	/* the title line, or in Russian its title.ru line when there is one */
	for (int i = 0; i < 50 && fgets(line, sizeof(line), f); i++) {
		bool ru = strncmp(line, "title.ru ", 9) == 0;

		if (strncmp(line, "title ", 6) == 0 || (ru && strcmp(i18n_lang(), "ru") == 0)) {
			line[strcspn(line, "\r\n")] = '\0';
			snprintf(title, n, "%.*s", (int)n - 1, line + (ru ? 9 : 6));
			if (ru || strcmp(i18n_lang(), "ru") != 0)
				break;
		}
	}
	fclose(f);
}

static int lesson_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lesson *)a)->name, ((const struct lesson *)b)->name);
}

size_t lessons_list(struct lesson **out)
{
	char dirs[MAX_DIRS][PATH_MAX];
	size_t nd = lesson_dirs(dirs), n = 0, cap = 0;
	struct lesson *v = NULL;

	for (size_t d = 0; d < nd; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;

		if (!dir)
			continue;
		while ((e = readdir(dir))) {
			size_t len = strlen(e->d_name);
			bool seen = false;
			struct lesson l;

			if (len <= 6 || strcmp(e->d_name + len - 6, ".scene") != 0 ||
			    e->d_name[0] == '.' || len - 6 >= sizeof(l.name))
				continue;
			memset(&l, 0, sizeof(l));
			memcpy(l.name, e->d_name, len - 6);
			for (size_t i = 0; i < n; i++)
				seen |= strcmp(v[i].name, l.name) == 0;
			snprintf(l.path, sizeof(l.path), "%s/%s", dirs[d], e->d_name);
			if (seen || !is_file(l.path))
				continue;
			read_title(l.path, l.title, sizeof(l.title));
			vec_reserve((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = l;
		}
		closedir(dir);
	}
	if (n)
		qsort(v, n, sizeof(*v), lesson_cmp);
	*out = v;
	return n;
}

int cli_lessons(int argc, char **argv)
{
	struct lesson *v;
	bool paths = false;
	size_t n, w = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--paths") == 0) {
			paths = true;
		} else {
			fprintf(stderr, _("usage: pktpath lessons [--paths]\n"));
			return 2;
		}
	}
	n = lessons_list(&v);
	if (n == 0) {
		fprintf(stderr,
			_("pktpath: no lessons found (looked in ., $XDG_DATA_HOME/pktpath/scenes, "
			  "%s)\n"),
			PKTPATH_SCENES_DIR);
		free(v);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i].name) > w)
			w = strlen(v[i].name);
	for (size_t i = 0; i < n; i++) {
		if (paths)
			printf("%-*s  %s\n", (int)w, v[i].name, v[i].path);
		else
			printf("%-*s  %s\n", (int)w, v[i].name, v[i].title);
	}
	free(v);
	return 0;
}
