#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Suite: the random differential test (random.sh; SEED, RANDOM_ROUNDS, RANDOM_QUERIES).
cd "$(dirname "$0")/../.." || exit 2
exec tests/oracle/random.sh
