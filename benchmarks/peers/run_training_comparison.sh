#!/usr/bin/env bash
# Training throughput: nmsim's on-chip FGT MLP (MlpChip) vs the PyTorch CPU reference, same network, same data.
#
# Network: 784-400-400-10, T = 6, FGT, eta = ETA (0.005, the quick example's: a network that learns; 0.003, the
# earlier default, times a network still at chance), the first NMSIM_WARMUP + SAMPLES Fashion-MNIST training images
# for nmsim (1,000 warm-up samples take the network past its nearly silent start), WARMUP + SAMPLES for PyTorch
# online (the full set in /usr/share/datasets/fashion-mnist, else the bundled subset).
#   nmsim:   org.nmsim.bench.learning.TrainingThroughputMain on the spinnaker2 preset, float64 and fixed point, 1
#            and 2 kernel workers: batch 1 SGD (MODEL.md), and the chip's mini-batch mode at batch B (every core
#            accumulates B samples' gradients and applies their mean; the network is first trained NMSIM_WARMUP
#            samples at batch 1, so that the batches are timed on a network that learns: see the class comment).
#   PyTorch: reference/bench_training.py. 'online' = reference/ottt_mlp.py itself at batch 1; 'batched' = B
#            samples per matrix product (FGT's M updated once per step with the batch mean: a speed peer, not a
#            numerics peer; see the script). Each with torch.set_num_threads(1) and (2), in float32 and float64,
#            the BLAS library's thread pool sized to match (--threads N sets OpenBLAS to N threads: before, its
#            pool took both cores at '1 thread'); plus batch B float64 at ATen 1 / BLAS 2 threads, the fastest
#            2-core configuration here. And the fixed-point peer, 1 thread: 'online-fixed' and 'batchB-fixed' emulate
#            nmsim's fixed-point arithmetic with torch ops (--arithmetic fixed-point: the chip's formats, rounding to
#            nearest where it stores a value and stochastically where it accumulates or updates; online at the
#            chip's rounding points, batched rounding the accumulators once per step: see the script), the
#            like-for-like peer of nmsim's fixed-point runs; and 'batchB-fixed-srps', the emulation at batch B
#            rounding once per sample and step as the chip does (--sr-per-sample).
#   nmsim on a second JDK: when VECTOR_JAVA names a java of JDK 25 or later (by default the first
#            /usr/lib/jvm/*25*/bin/java found), the fixed-point runs and the 1-worker float64 runs again on it
#            with --add-modules jdk.incubator.vector, which turns on the vector kernels of fixed point's stochastic
#            rounding (simd/; the same results bit for bit). Runs named ...-jdk25v.
# Every configuration runs once per round; ROUNDS > 1 interleaves them so they see the same load drift, and the
# report headlines each configuration's median round and takes ratios round by round. Each figure is samples per
# second of wall time over the timed samples, after the warm-up; process CPU time is reported beside it.
#
# Usage: benchmarks/peers/run_training_comparison.sh
# Environment: SAMPLES (300) WARMUP (100) NMSIM_WARMUP (1000) ETA (0.005) BATCH (128) BATCH_SAMPLES (2048)
#              BATCH_WARMUP (256) FIXED_BATCH_SAMPLES (512) SRPS_SAMPLES (256) ROUNDS (1)
#              THREADS ("1 2") DTYPES ("float32 float64") NOTE ("") OUT_DIR (benchmarks/results) JAVA_OPTS (-Xmx6g)
#              RUN_TIMEOUT (600) VECTOR_JAVA (see above; empty string: none)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$ROOT/benchmarks/peers/common.sh"
SAMPLES="${SAMPLES:-300}"
WARMUP="${WARMUP:-100}"
NMSIM_WARMUP="${NMSIM_WARMUP:-1000}"
ETA="${ETA:-0.005}"
BATCH="${BATCH:-128}"
BATCH_SAMPLES="${BATCH_SAMPLES:-2048}"
BATCH_WARMUP="${BATCH_WARMUP:-256}"
FIXED_BATCH_SAMPLES="${FIXED_BATCH_SAMPLES:-512}"
SRPS_SAMPLES="${SRPS_SAMPLES:-256}"
ROUNDS="${ROUNDS:-1}"
THREADS="${THREADS:-1 2}"
DTYPES="${DTYPES:-float32 float64}"
NOTE="${NOTE:-}"
OUT_DIR="${OUT_DIR:-$ROOT/benchmarks/results}"
JAVA_OPTS="${JAVA_OPTS:--Xmx6g}"
RUN_TIMEOUT="${RUN_TIMEOUT:-600}"
if [[ -z "${VECTOR_JAVA+set}" ]]; then
    VECTOR_JAVA="$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1 || true)"
fi
STAMP="$(date -u +%Y-%m-%d-%H%M)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ensure_built
cd "$ROOT"

# run NAME CMD...: CMD runs niced; see run_json in common.sh
run() {
    local name="$1"; shift
    run_json "$name" '"%.1f samples/s wall, %.1f per CPU s" % (d["samples_per_s"], d["samples_per_cpu_s"] or 0)' \
        nice "$@"
}

MAIN=org.nmsim.bench.learning.TrainingThroughputMain
BENCH="$ROOT/reference/bench_training.py"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS" >&2
    for w in 1 2; do
        # shellcheck disable=SC2086
        run "nmsim-float64-w$w" "$JAVA" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers "$w" --samples "$SAMPLES" \
            --warmup "$NMSIM_WARMUP" --eta "$ETA"
        # shellcheck disable=SC2086
        run "nmsim-fixed-w$w" "$JAVA" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers "$w" --fixed-point true \
            --samples "$SAMPLES" --warmup "$NMSIM_WARMUP" --eta "$ETA"
        # shellcheck disable=SC2086
        run "nmsim-batch$BATCH-float64-w$w" "$JAVA" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers "$w" \
            --batch "$BATCH" --batch-warmup "$BATCH_WARMUP" --samples "$BATCH_SAMPLES" --warmup "$NMSIM_WARMUP" \
            --eta "$ETA"
    done
    # shellcheck disable=SC2086
    run "nmsim-batch$BATCH-fixed-w1" "$JAVA" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers 1 --fixed-point true \
        --batch "$BATCH" --batch-warmup "$BATCH_WARMUP" --samples "$FIXED_BATCH_SAMPLES" --warmup "$NMSIM_WARMUP" \
        --eta "$ETA"
    if [[ -n "$VECTOR_JAVA" ]]; then
        VJ=("$VECTOR_JAVA" --add-modules jdk.incubator.vector)
        for w in 1 2; do
            # shellcheck disable=SC2086
            run "nmsim-fixed-w$w-jdk25v" "${VJ[@]}" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers "$w" \
                --fixed-point true --samples "$SAMPLES" --warmup "$NMSIM_WARMUP" --eta "$ETA"
        done
        # shellcheck disable=SC2086
        run "nmsim-batch$BATCH-fixed-w1-jdk25v" "${VJ[@]}" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers 1 \
            --fixed-point true --batch "$BATCH" --batch-warmup "$BATCH_WARMUP" --samples "$FIXED_BATCH_SAMPLES" \
            --warmup "$NMSIM_WARMUP" --eta "$ETA"
        # shellcheck disable=SC2086
        run "nmsim-float64-w1-jdk25v" "${VJ[@]}" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers 1 \
            --samples "$SAMPLES" --warmup "$NMSIM_WARMUP" --eta "$ETA"
        # shellcheck disable=SC2086
        run "nmsim-batch$BATCH-float64-w1-jdk25v" "${VJ[@]}" $JAVA_OPTS -cp "$NMSIM_CP" $MAIN --workers 1 \
            --batch "$BATCH" --batch-warmup "$BATCH_WARMUP" --samples "$BATCH_SAMPLES" --warmup "$NMSIM_WARMUP" \
            --eta "$ETA"
    fi
    for t in $THREADS; do
        for dt in $DTYPES; do
            run "torch-online-$dt-t$t" "$PYTHON" "$BENCH" --mode online --threads "$t" --dtype "$dt" \
                --samples "$SAMPLES" --warmup "$((WARMUP < 50 ? WARMUP : 50))" --eta "$ETA"
            run "torch-batch$BATCH-$dt-t$t" "$PYTHON" "$BENCH" --mode batched --batch "$BATCH" --threads "$t" \
                --dtype "$dt" --samples "$BATCH_SAMPLES" --warmup "$BATCH_WARMUP" --eta "$ETA"
        done
    done
    # about 30 samples/s online here (one uniform draw per accumulator entry and step), so SAMPLES take seconds
    run "torch-online-fixed-t1" "$PYTHON" "$BENCH" --mode online --arithmetic fixed-point --threads 1 \
        --samples "$SAMPLES" --warmup "$((WARMUP < 50 ? WARMUP : 50))" --eta "$ETA"
    run "torch-batch$BATCH-fixed-t1" "$PYTHON" "$BENCH" --mode batched --arithmetic fixed-point --batch "$BATCH" \
        --threads 1 --samples "$BATCH_SAMPLES" --warmup "$BATCH_WARMUP" --eta "$ETA"
    # the chip's count of roundings at batch B (once per sample and step): about the online speed
    run "torch-batch$BATCH-fixed-srps-t1" "$PYTHON" "$BENCH" --mode batched --arithmetic fixed-point --sr-per-sample \
        --batch "$BATCH" --threads 1 --samples "$SRPS_SAMPLES" --warmup "$BATCH" --eta "$ETA"
    if [[ " $THREADS " == *" 2 "* ]]; then
        # torch's fastest 2-core configuration here: ATen 1 thread, the BLAS library 2 (with both pools at 2
        # threads they contend for the 2 cores; see reference/bench_training.py)
        run "torch-batch$BATCH-float64-t1-blas2" "$PYTHON" "$BENCH" --mode batched --batch "$BATCH" --threads 1 \
            --blas-threads 2 --dtype float64 --samples "$BATCH_SAMPLES" --warmup "$BATCH_WARMUP" --eta "$ETA"
    fi
done

mkdir -p "$OUT_DIR"
machine_txt "$WORK/machine.txt"
"$PYTHON" "$ROOT/benchmarks/peers/training_report.py" "$WORK/machine.txt" "$WORK/runs.jsonl" \
    "$OUT_DIR/training-$STAMP.json" "$OUT_DIR/training-$STAMP.md" "$ROUNDS" "$NOTE"
echo "wrote $OUT_DIR/training-$STAMP.json and $OUT_DIR/training-$STAMP.md" >&2
