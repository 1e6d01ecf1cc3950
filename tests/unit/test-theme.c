/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The themes' colours (ui/theme.c), computed rather than eyeballed:
 * - WCAG 2.x contrast of every style's foreground on its background, at least 4.5:1 (AA
 *   for normal text) in every theme with explicit colours (light, contrast, colorblind),
 *   both for the 24-bit colours and for the 256-colour fallbacks (xterm's palette);
 * - the colour-blind theme: styles that carry different meanings (each pair of origin
 *   colours of the packet card, good against bad) and share their attributes stay apart
 *   for people with protanopia, deuteranopia or tritanopia: simulated with Machado,
 *   Oliveira and Fernandes' matrices (2009, severity 1), their CIELAB distance is at
 *   least MIN_DELTA_E; and no foreground of it is a red or a green hue.
 * The 16-colour fallbacks depend on the terminal's palette and are not checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>

#include "../../ui/theme.h"

enum { MIN_DELTA_E = 15 };
#define AA 4.5

static double channel(int v)
{
	double c = v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static void linear(int32_t rgb, double out[3])
{
	out[0] = channel(rgb >> 16 & 0xff);
	out[1] = channel(rgb >> 8 & 0xff);
	out[2] = channel(rgb & 0xff);
}

static double luminance(int32_t rgb)
{
	double l[3];

	linear(rgb, l);
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

static double contrast(int32_t a, int32_t b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* xterm's 256-colour palette: 16-231 a 6x6x6 cube, 232-255 greys; 0-15 as xterm's
 * defaults */
static int32_t xterm256(int n)
{
	static const int32_t base[16] = { 0x000000, 0xcd0000, 0x00cd00, 0xcdcd00,
					  0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
					  0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
					  0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff };
	static const int step[6] = { 0, 95, 135, 175, 215, 255 };

	if (n < 16)
		return base[n];
	if (n < 232) {
		n -= 16;
		return step[n / 36] << 16 | step[n / 6 % 6] << 8 | step[n % 6];
	}
	n = 8 + (n - 232) * 10;
	return n << 16 | n << 8 | n;
}

static const char *const style_names[] = {
#define X_NAME(id) #id,
	STYLE_LIST(X_NAME)
#undef X_NAME
};

static void test_contrast(void **state)
{
	int checked = 0;

	(void)state;
	for (int t = 0; t < THEME__COUNT; t++) {
		const struct theme_style *s = theme_styles((enum theme)t);

		if (!theme_is_explicit((enum theme)t))
			continue;
		for (int i = 0; i < ST__COUNT; i++) {
			double c24, c256;

			if (s[i].fg.rgb < 0 || s[i].bg.rgb < 0)
				fail_msg("theme %s, %s: a terminal default colour in an explicit "
					 "theme",
					 theme_name((enum theme)t), style_names[i]);
			c24 = contrast(s[i].fg.rgb, s[i].bg.rgb);
			c256 = contrast(xterm256(s[i].fg.c256), xterm256(s[i].bg.c256));
			if (c24 < AA || c256 < AA)
				fail_msg("theme %s, %s: contrast %.2f:1 (256 colours: %.2f:1), "
					 "WCAG AA wants 4.5:1",
					 theme_name((enum theme)t), style_names[i], c24, c256);
			checked++;
		}
	}
	/* three explicit themes, every style */
	assert_int_equal(checked, 3 * ST__COUNT);
}

/* ---- colour-vision deficiencies ---- */

static const double cvd[3][3][3] = {
	/* protanopia */
	{ { 0.152286, 1.052583, -0.204868 },
	  { 0.114503, 0.786281, 0.099216 },
	  { -0.003882, -0.048116, 1.051998 } },
	/* deuteranopia */
	{ { 0.367322, 0.860646, -0.227968 },
	  { 0.280085, 0.672501, 0.047413 },
	  { -0.011820, 0.042940, 0.968881 } },
	/* tritanopia */
	{ { 1.255528, -0.076749, -0.178779 },
	  { -0.078411, 0.930809, 0.147602 },
	  { 0.004733, 0.691367, 0.303900 } },
};

static double lab_f(double t)
{
	return t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
}

/* linear sRGB to CIELAB (relative to the sRGB white point) */
static void to_lab(const double l[3], double lab[3])
{
	double x = 0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2];
	double y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
	double z = 0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2];
	double fx = lab_f(x / 0.95047), fy = lab_f(y), fz = lab_f(z / 1.08883);

	lab[0] = 116 * fy - 16;
	lab[1] = 500 * (fx - fy);
	lab[2] = 200 * (fy - fz);
}

/* the colour as seen with deficiency k (-1: normal vision), in CIELAB */
static void seen(int32_t rgb, int k, double lab[3])
{
	double l[3], o[3];

	linear(rgb, l);
	for (int i = 0; i < 3; i++) {
		o[i] = k < 0 ? l[i]
			     : cvd[k][i][0] * l[0] + cvd[k][i][1] * l[1] + cvd[k][i][2] * l[2];
		o[i] = o[i] < 0 ? 0 : o[i] > 1 ? 1 : o[i];
	}
	to_lab(o, lab);
}

static double delta_e(int32_t a, int32_t b, int k)
{
	double la[3], lb[3];

	seen(a, k, la);
	seen(b, k, lb);
	return sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
		    (la[2] - lb[2]) * (la[2] - lb[2]));
}

/* hue angle in degrees, and chroma, of an RGB colour under normal vision */
static void hue(int32_t rgb, double *h, double *chroma)
{
	double l[3], lab[3];

	linear(rgb, l);
	to_lab(l, lab);
	*h = atan2(lab[2], lab[1]) * 180 / M_PI;
	if (*h < 0)
		*h += 360;
	*chroma = sqrt(lab[1] * lab[1] + lab[2] * lab[2]);
}

static void test_colour_blind(void **state)
{
	static const int meaning[] = { ST_O_NONE,	 ST_O_APP,	ST_O_SOCKET, ST_O_ROUTE,
				       ST_O_ADDR_SELECT, ST_O_INCOMING, ST_O_NAT,    ST_O_CONNTRACK,
				       ST_O_KERNEL,	 ST_O_NEIGH };
	static const char *const kind[] = { "protanopia", "deuteranopia", "tritanopia" };
	const struct theme_style *s = theme_styles(THEME_COLORBLIND);
	int pairs = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(meaning) / sizeof(meaning[0]); i++)
		for (size_t j = i + 1; j < sizeof(meaning) / sizeof(meaning[0]); j++) {
			const struct theme_style *a = &s[meaning[i]], *b = &s[meaning[j]];

			if ((a->attr & (TA_BOLD | TA_UNDERLINE)) !=
			    (b->attr & (TA_BOLD | TA_UNDERLINE)))
				continue; /* told apart without colour */
			for (int k = 0; k < 3; k++)
				if (delta_e(a->fg.rgb, b->fg.rgb, k) < MIN_DELTA_E)
					fail_msg("colorblind: %s and %s look alike with %s (delta "
						 "E %.1f)",
						 style_names[meaning[i]], style_names[meaning[j]],
						 kind[k], delta_e(a->fg.rgb, b->fg.rgb, k));
			pairs++;
		}
	if ((s[ST_GOOD].attr & TA_UNDERLINE) == (s[ST_BAD].attr & TA_UNDERLINE))
		for (int k = 0; k < 3; k++)
			assert_true(delta_e(s[ST_GOOD].fg.rgb, s[ST_BAD].fg.rgb, k) >= MIN_DELTA_E);
	/* no red and no green foreground: hue angles (CIELAB) of saturated colours away from
	 * red (about 0-50 degrees) and green (about 120-160) */
	for (int i = 0; i < ST__COUNT; i++) {
		double h, c;

		hue(s[i].fg.rgb, &h, &c);
		if (c > 20 && (h < 50 || h > 345 || (h > 120 && h < 160)))
			fail_msg("colorblind: %s is a red or green hue (%.0f degrees)",
				 style_names[i], h);
	}
	assert_true(pairs > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_colour_blind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
