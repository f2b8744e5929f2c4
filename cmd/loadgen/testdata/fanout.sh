#!/usr/bin/env bash
# The fan-out benchmark: for each stream count, a fresh server on core 0 and loadgen on core 1,
# one update a second, STEADY seconds of steady state. Prints loadgen's report for each, and
# collects the JSON lines in $OUT. Loopback only; bounded by STEADY and loadgen's timeouts.
#
#   cmd/loadgen/testdata/fanout.sh 1000 5000 10000 19800
set -euo pipefail
cd "$(dirname "$0")/../../.."
STEADY=${STEADY:-30s}
OUT=${OUT:-/tmp/wallboard-fanout.jsonl}
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/wallboard" ./cmd/wallboard
go build -o "$work/loadgen" ./cmd/loadgen
: > "$OUT"
[ $# -gt 0 ] || set -- 1000 5000 10000 19800
for n in "$@"; do
  rm -f "$work"/bench.db*
  token=$("$work/wallboard" token create -db "$work/bench.db" loadgen)
  taskset -c 0 "$work/wallboard" serve -addr 127.0.0.1:28417 -db "$work/bench.db" \
    -config cmd/loadgen/testdata/bench.yaml 2>"$work/server.log" &
  pid=$!
  for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:28417/ && break; sleep 0.1; done
  echo "== $n streams"
  taskset -c 1 "$work/loadgen" fanout -addr 127.0.0.1:28417 -token "$token" -n "$n" -steady "$STEADY" \
    -pid "$pid" -label "$n streams" | tee "$work/report.txt"
  tail -n 1 "$work/report.txt" >> "$OUT"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "results: $OUT"
