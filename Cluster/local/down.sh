#!/usr/bin/env bash
# Stops every node of the local cluster started by up.sh (SIGTERM, by pid), waiting for each to exit.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for pidfile in "$here"/data/n*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
        echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
done
