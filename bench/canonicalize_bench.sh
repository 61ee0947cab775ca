#!/usr/bin/env bash
# canonicalize_bench.sh: `aka canonicalize` end to end over a generated CSV (default 1M rows, about 60k distinct
# names from ../shared/data/scale/names.tsv with Zipf-like repetition) against a real akad process loaded
# with the bundled default data. Prints rows/s and the peak RSS (VmHWM) of client and server per configuration.
#
# Usage: bench/canonicalize_bench.sh BUILD_DIR [ROWS] [DISTINCT]
#   env: AKA_BENCH_CONFIGS  space-separated "streams:window:batch" (default "1:256:5000 2:256:5000 1:256:1000")
#        AKA_BENCH_AKAD_FLAGS  extra akad flags, e.g. "--answer_cache_mb 0" (default none)
# All configurations run against one akad: with its answer cache on (the default), the first run fills it and
# the later ones find every distinct name there (warm); only the first run measures resolving (cold).
set -euo pipefail

build=$(cd "${1:?usage: canonicalize_bench.sh BUILD_DIR [ROWS] [DISTINCT]}" && pwd)
rows=${2:-1000000}
distinct=${3:-60000}
here=$(cd "$(dirname "$0")" && pwd)
configs=${AKA_BENCH_CONFIGS:-"1:256:5000 2:256:5000 1:256:1000"}
akad_flags=${AKA_BENCH_AKAD_FLAGS:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/aka-canon-bench-XXXXXX")
akad_pid=""
cleanup() {
  if [ -n "$akad_pid" ]; then kill "$akad_pid" 2>/dev/null || true; wait "$akad_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Peak RSS in MiB of a live process (VmHWM): the server's, read after each run while it still serves.
hwm_mib() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

/usr/bin/python3 "$here/gen_canonicalize_csv.py" "$here/../../shared/data/scale/names.tsv" "$work/in.csv" "$rows" "$distinct"
echo "input: $rows rows, $(du -m "$work/in.csv" | cut -f1) MiB, $distinct distinct names (Zipf-like repetition)"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086  # the flags are meant to split into words
"$build/service/akad" --listen "127.0.0.1:$port" --db "$work/db" $akad_flags > "$work/akad.log" 2>&1 &
akad_pid=$!
for _ in $(seq 1 1200); do
  grep -q "listening on" "$work/akad.log" 2>/dev/null && break
  kill -0 "$akad_pid" 2>/dev/null || { cat "$work/akad.log"; exit 1; }
  sleep 0.1
done
grep "listening on" "$work/akad.log"
echo "akad flags: ${akad_flags:-(defaults)}"
echo "server RSS after loading the default data: $(hwm_mib "$akad_pid") MiB (VmHWM)"
echo
printf "%-8s %-7s %-7s %10s %9s %12s %12s  %s\n" streams window batch rows/s seconds "client MiB" "server MiB" outcome
for config in $configs; do
  IFS=: read -r streams window batch <<< "$config"
  rm -f "$work"/out.csv*
  # The client's peak RSS comes from wait4's rusage (ru_maxrss, KiB): exact, and needs no GNU time.
  read -r code seconds client_hwm < <(/usr/bin/python3 - "$build/client/aka" "127.0.0.1:$port" "$work" \
      "$streams" "$window" "$batch" <<'PY'
import os, subprocess, sys, time
aka, server, work, streams, window, batch = sys.argv[1:]
start = time.time()
with open(os.path.join(work, "summary.json"), "wb") as summary:
    proc = subprocess.Popen([aka, "--server", server, "canonicalize", "--in", os.path.join(work, "in.csv"),
                             "--out", os.path.join(work, "out.csv"), "--column", "name", "--streams", streams,
                             "--window", window, "--batch-size", batch, "--progress", "off", "--json"],
                            stderr=summary)
    _, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), "%.2f" % (time.time() - start), round(usage.ru_maxrss / 1024))
PY
)
  if [ "$code" -gt 1 ]; then cat "$work/summary.json"; exit 1; fi
  rate=$(/usr/bin/python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["rows_per_second"])' \
      "$work/summary.json")
  outcome=$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("matched %d, ambiguous %d, no match %d, errors %d" % (s["matched"], s["ambiguous"], s["no_match"], s["errors"]))' "$work/summary.json")
  printf "%-8s %-7s %-7s %10s %9s %12s %12s  %s\n" "$streams" "$window" "$batch" "$rate" "$seconds" \
      "$client_hwm" "$(hwm_mib "$akad_pid")" "$outcome"
done
