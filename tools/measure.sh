#!/bin/sh
# Every number in docs/PERFORMANCE.md, in one go, each line preceded by the
# load at that moment (the host may be shared). Repeats each measurement
# REPEATS times (default 3): quote the best and the median.
#
#   sh tools/measure.sh | tee measurements.txt
set -eu
REPEATS=${REPEATS:-3}
PY=/usr/bin/python3
load() { echo "# $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "# $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
i=0
while [ "$i" -lt "$REPEATS" ]; do
  i=$((i + 1))
  load
  # Steady state on both sides: 20 warm-up steps (V8 compiles the step's code
  # over the first few dozen), then 100 timed ones at ×1, 25 at ×4, as PyTorch below.
  deno run -A cli.ts bench train --preset reference --width 1 --steps 100 --warmup 20 --json 2>/dev/null
  load
  deno run -A cli.ts bench train --preset reference --width 4 --steps 25 --warmup 5 --json 2>/dev/null
  # The native backend (wasm + system BLAS + compiled helpers), where a BLAS loads.
  if deno run -A cli.ts bench train --preset reference --backend native --steps 100 --warmup 20 --json 2>/dev/null; then
    load
    deno run -A cli.ts bench train --preset reference --width 4 --backend native --steps 25 --warmup 5 --json 2>/dev/null
  fi
  load
  deno run -A tools/matmul_peak.ts 2>/dev/null
  for threads in 2 1; do
    load
    "$PY" tools/pytorch_reference.py --threads "$threads" --repeats 1 --steps 100 --warmup 20
  done
done
