#!/usr/bin/env bash
# The slow-screen benchmark: a fresh server on core 0, and N screens on core 1 that read 1 KB/s
# while one update arrives every EVERY (by default 1 s, then 50 ms: 20 times more). Each runs
# SPAN. Prints what a slow screen costs the server. Loopback only. The JSON lines go to $OUT.
#
#   cmd/loadgen/testdata/slow.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
SPAN=${SPAN:-30s}
N=${N:-1000}
OUT=${OUT:-/tmp/wallboard-slow.jsonl}
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/wallboard" ./cmd/wallboard
go build -o "$work/loadgen" ./cmd/loadgen
: > "$OUT"
for every in ${EVERY:-1s 50ms}; do
  rm -f "$work"/bench.db*
  token=$("$work/wallboard" token create -db "$work/bench.db" loadgen)
  taskset -c 0 "$work/wallboard" serve -addr 127.0.0.1:28419 -db "$work/bench.db" \
    -config cmd/loadgen/testdata/bench.yaml 2>"$work/server.log" &
  pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:28419/ && break; sleep 0.1; done
  echo "== $N slow screens, an update every $every"
  taskset -c 1 "$work/loadgen" slow -addr 127.0.0.1:28419 -token "$token" -n "$N" -for "$SPAN" \
    -every "$every" -pid "$pid" | tee "$work/report.txt"
  tail -n 1 "$work/report.txt" >> "$OUT"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "results: $OUT"
