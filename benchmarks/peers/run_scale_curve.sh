#!/usr/bin/env bash
# Scale curve: the largest FGT MLP nmsim holds in a given heap, and time per sample against network size.
#
# Runs org.nmsim.bench.learning.ScaleMain (784-H-H-10 with H doubling; see its Javadoc) in one JVM with the heap
# HEAP, and writes benchmarks/results/scale-<date>.{json,md}: neurons, synapses, measured retained heap per synapse
# (totalMemory - freeMemory after System.gc()), the simulated chip's modelled synaptic memory, build time, and
# seconds per training and per inference sample; then an EXTRAPOLATION to EXTRAPOLATE_GB of heap from the
# measured bytes per synapse and seconds per synapse of the largest size that ran.
#
# Usage: benchmarks/peers/run_scale_curve.sh
# Environment: DEPTHS ("": e.g. "2,4,8,16" sweeps hidden layers at the first width instead) HEAP (12g; the shared machine's cap) WIDTHS ("256,512,1024,2048,4096,8192,16384,32768") LAYERS (2)
#              TRAIN (2) INFER (2) MAX_SECONDS (90: a training sample slower than this ends the sweep)
#              EXTRAPOLATE_GB (24) NOTE ("") OUT_DIR (benchmarks/results) RUN_TIMEOUT (1200)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$ROOT/benchmarks/peers/common.sh"
HEAP="${HEAP:-12g}"
DEPTHS="${DEPTHS:-}"
WIDTHS="${WIDTHS:-256,512,1024,2048,4096,8192,16384,32768}"
LAYERS="${LAYERS:-2}"
TRAIN="${TRAIN:-2}"
INFER="${INFER:-2}"
MAX_SECONDS="${MAX_SECONDS:-90}"
EXTRAPOLATE_GB="${EXTRAPOLATE_GB:-24}"
NOTE="${NOTE:-}"
OUT_DIR="${OUT_DIR:-$ROOT/benchmarks/results}"
RUN_TIMEOUT="${RUN_TIMEOUT:-1200}"
STAMP="$(date -u +%Y-%m-%d-%H%M)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ensure_built
cd "$ROOT"

before="$(load)"
echo "[$(date -u +%H:%M:%S)] scale curve, heap $HEAP, widths $WIDTHS (load $before)" >&2
# the rows are printed as they finish; the summary is the last line (absent if the JVM died)
timeout "$RUN_TIMEOUT" nice "$JAVA" "-Xmx$HEAP" -cp "$NMSIM_CP" org.nmsim.bench.learning.ScaleMain \
    --hidden "$WIDTHS" --layers "$LAYERS" --train "$TRAIN" --infer "$INFER" --max-seconds-per-sample "$MAX_SECONDS" ${DEPTHS:+--depths "$DEPTHS"} \
    2>"$WORK/scale.err" | tee "$WORK/scale.out" >&2 || echo "ScaleMain exited with $? (see the rows so far)" >&2
after="$(load)"
mkdir -p "$OUT_DIR"
machine_txt "$WORK/machine.txt"
"$PYTHON" "$ROOT/benchmarks/peers/scale_report.py" "$WORK/machine.txt" "$WORK/scale.out" "$WORK/scale.err" \
    "$OUT_DIR/scale-$STAMP.json" "$OUT_DIR/scale-$STAMP.md" "$HEAP" "$before" "$after" "$EXTRAPOLATE_GB" "$NOTE"
echo "wrote $OUT_DIR/scale-$STAMP.json and $OUT_DIR/scale-$STAMP.md" >&2
