/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer target: the scene language (title, step, say, include, expect, `!` lines
 * and every command) through scene_run_check(), as `pktpath check` runs it. Includes
 * resolve relative to tests/fuzz/corpus-scene's directory, so the fuzzer can reach the
 * include limits and loops with the small files there. Property: no sanitizer report
 * and no hang (include loops, FIFOs and devices are refused).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "out/trace.h"
#include "scene/scene.h"
#include "tools/cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim *sim = sim_new();
	struct cmd_ctx ctx = { 0 };
	struct trace t;
	struct cmd_out o;
	struct scene_check chk;
	char *text;

	if (size > 65536)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&chk, 0, sizeof(chk));
	ctx.sim = sim;
	ctx.default_host = "h";
	trace_init(&t);
	cmd_out_init(&o);
	scene_run_check(&ctx, text, "tests/fuzz/inc/fuzz.scene", &t, &o, &chk);
	cmd_out_release(&o);
	trace_release(&t);
	sim_free(sim);
	free(text);
	return 0;
}
