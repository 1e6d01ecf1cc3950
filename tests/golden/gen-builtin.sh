#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Prints src/scene/scene-builtin.c for the scene file $1 (default scene compiled in).
# usage: tests/golden/gen-builtin.sh scenes/c6-better-route.scene > src/scene/scene-builtin.c
set -eu
f=${1:-scenes/c6-better-route.scene}
cat <<'HEAD'
/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scene-builtin: the default scene compiled into the binary, so `pktpath` works from a
 * fresh build with no files installed. Generated from scenes/c6-better-route.scene by
 * tests/golden/gen-builtin.sh; tests/golden/run.sh fails if the two differ.
 */
#include "scene.h"

static const char scene_c6[] =
HEAD
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$f" | sed '$ s/$/;/'
cat <<'TAIL'

const char *scene_builtin_default(void)
{
	return scene_c6;
}
TAIL
