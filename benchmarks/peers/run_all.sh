#!/usr/bin/env bash
# Every benchmark once, into one folder and one combined table, so that two runs (two machines, two commits) can
# be compared line by line.
#
# Parts, in order (each can be skipped with PARTS):
#   jmh       the JMH kernel benchmarks (KernelMessageBenchmark, FanOutBenchmark), brief: 1 fork, 2 x 1 s warm-up,
#             3 x 1 s measurement
#   cuba      run_cuba_comparison.sh (CUBA vs Brian2)
#   training  run_training_comparison.sh (on-chip FGT training vs PyTorch CPU)
#   scale     run_scale_curve.sh (largest FGT MLP in the heap, time per sample vs size)
# Each part writes its own report into benchmarks/results/all-<date>/; all_report.py then writes
# benchmarks/results/all-<date>.{json,md} with the machine (lscpu model, cores, memory, java -version, torch and
# brian2 versions, load averages) and one row per headline figure.
#
# Expect 15 to 30 min on a quiet 2-core machine with the defaults; the parts' own environment variables (see each
# script) pass through, e.g. NMSIM_NPC="2000" REPEATS=3 ROUNDS=1 for a shorter CUBA part, WIDTHS=256,...,4096 for a
# shorter scale part.
#
# Usage: benchmarks/peers/run_all.sh
# Environment: PARTS ("jmh cuba training scale") NOTE ("") JMH_ARGS ("-f 1 -wi 2 -w 1s -i 3 -r 1s")
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$ROOT/benchmarks/peers/common.sh"
PARTS="${PARTS:-jmh cuba training scale}"
NOTE="${NOTE:-}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s}"
STAMP="$(date -u +%Y-%m-%d-%H%M)"
DIR="$ROOT/benchmarks/results/all-$STAMP"
mkdir -p "$DIR"
ensure_built
cd "$ROOT"
machine_txt "$DIR/machine-start.txt"

for part in $PARTS; do
    echo "== $part (load $(load))" >&2
    case "$part" in
        jmh)
            before="$(load)"
            # shellcheck disable=SC2086
            nice "$JAVA" -Xmx2g -jar "$JAR" 'KernelMessageBenchmark|FanOutBenchmark' $JMH_ARGS \
                -rf json -rff "$DIR/jmh.json" >"$DIR/jmh.log" 2>&1 || echo "jmh FAILED (see $DIR/jmh.log)" >&2
            printf '%s\n%s\n' "$before" "$(load)" >"$DIR/jmh.load" ;;
        cuba) OUT_DIR="$DIR" NOTE="$NOTE" "$ROOT/benchmarks/peers/run_cuba_comparison.sh" || echo "cuba FAILED" >&2 ;;
        training) OUT_DIR="$DIR" NOTE="$NOTE" "$ROOT/benchmarks/peers/run_training_comparison.sh" ||
            echo "training FAILED" >&2 ;;
        scale) OUT_DIR="$DIR" NOTE="$NOTE" "$ROOT/benchmarks/peers/run_scale_curve.sh" || echo "scale FAILED" >&2 ;;
        *) echo "unknown part $part (jmh cuba training scale)" >&2; exit 2 ;;
    esac
done

machine_txt "$DIR/machine-end.txt"
"$PYTHON" "$ROOT/benchmarks/peers/all_report.py" "$DIR" "$ROOT/benchmarks/results/all-$STAMP.json" \
    "$ROOT/benchmarks/results/all-$STAMP.md" "$NOTE"
echo "wrote benchmarks/results/all-$STAMP.{json,md} (parts in $DIR)" >&2
