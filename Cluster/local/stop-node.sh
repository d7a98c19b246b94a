#!/usr/bin/env bash
# Stops node I of the local cluster: SIGTERM by default, SIGKILL with --kill (a crash).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
i="${1:?usage: $0 I [--kill]}"
signal=TERM
[ "${2:-}" = "--kill" ] && signal=KILL
pidfile="$here/data/n$i.pid"
[ -f "$pidfile" ] || { echo "n$i is not running"; exit 0; }
pid="$(cat "$pidfile")"
kill "-$signal" "$pid" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
rm -f "$pidfile"
echo "stopped n$i (pid $pid, SIG$signal)"
