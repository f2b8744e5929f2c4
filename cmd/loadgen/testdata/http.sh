#!/usr/bin/env bash
# The request benchmarks: a fresh demo server on core 0 and loadgen on core 1. First the demo
# board's first load and its time to first byte at RATE_PAGE requests/s, then push-API ingest:
# batches of 100, and single samples at RATE_INGEST requests/s. Each part runs SPAN. Loopback
# only. The JSON lines go to $OUT.
#
#   cmd/loadgen/testdata/http.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
SPAN=${SPAN:-20s}
OUT=${OUT:-/tmp/wallboard-http.jsonl}
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/wallboard" ./cmd/wallboard
go build -o "$work/loadgen" ./cmd/loadgen
# A token per ingest worker: each token's budget is 50,000 items a second.
tokens=$(for i in 1 2 3 4; do "$work/wallboard" token create -db "$work/bench.db" "loadgen-$i"; done | paste -sd,)
(cd "$work" && exec taskset -c 0 ./wallboard serve -addr 127.0.0.1:28418 -db bench.db 2>server.log) &
pid=$!
for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:28418/ && break; sleep 0.1; done
: > "$OUT"
echo "== page"
taskset -c 1 "$work/loadgen" page -addr 127.0.0.1:28418 -board demo -for "$SPAN" -rate "${RATE_PAGE:-200}" | tee "$work/report.txt"
tail -n 1 "$work/report.txt" >> "$OUT"
echo "== ingest"
taskset -c 1 "$work/loadgen" ingest -addr 127.0.0.1:28418 -token "$tokens" -for "$SPAN" -rate "${RATE_INGEST:-500}" | tee "$work/report.txt"
tail -n 1 "$work/report.txt" >> "$OUT"
echo "results: $OUT"
