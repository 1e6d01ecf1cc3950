#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Suite: the hand-written kernel oracle cases (cases/*.ip) against $PKTPATH.
# Two cases run at a time; each takes well under a second on the real kernel.
cd "$(dirname "$0")/../.." || exit 2
exec tests/oracle/oracle.sh -j "${ORACLE_JOBS:-2}" tests/oracle/cases/*.ip
