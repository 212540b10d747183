#!/bin/sh
# Issue 21's round-throughput comparison, back to back and interleaved:
# Renkei wasm (the default), Renkei native, the best PyTorch loop; REPEATS
# times (default 3: quote the median), `uptime` before and after each.
#
#   sh tools/reference/measure_round.sh | tee round.txt
set -eu
REPEATS=${REPEATS:-3}
ARGS=${ARGS:-"--sites 300 --samples 200 --epochs 1 --batch 32 --rounds 3"}
echo "# $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
i=0
while [ "$i" -lt "$REPEATS" ]; do
  i=$((i + 1))
  for backend in wasm native; do
    echo "# uptime $(uptime)"
    # shellcheck disable=SC2086
    deno run -A cli.ts bench round $ARGS --backend "$backend" --json 2>/dev/null
    echo "# uptime $(uptime)"
  done
  echo "# uptime $(uptime)"
  # shellcheck disable=SC2086
  /usr/bin/python3 tools/reference/fl_loop.py $ARGS
  echo "# uptime $(uptime)"
done
