/* cli-trace: `pktpath trace [SCENE|-] [--format text|jsonl]` (argv after "trace"). */
#ifndef PKTPATH_UI_CLI_TRACE_H
#define PKTPATH_UI_CLI_TRACE_H

int cli_trace(int argc, char **argv);

#endif
