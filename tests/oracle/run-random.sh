#!/usr/bin/env bash
# Suite: the random differential test (random.sh; SEED, RANDOM_ROUNDS, RANDOM_QUERIES).
cd "$(dirname "$0")/../.." || exit 2
exec tests/oracle/random.sh
