#!/usr/bin/env bash
# CUBA benchmark (Brette et al. 2007): nmsim vs Brian2, same model, same simulated duration.
#
# Runs Brian2's CUBA example (benchmarks/peers/brian2_cuba.py) with every code-generation target that works
# offline here (numpy, cython, cpp_standalone without OpenMP and with 1 and 2 OpenMP threads), and nmsim's
# CubaMain with 1 and 2 workers for each mapping in NMSIM_NPC, then writes benchmarks/results/cuba-<date>.json and .md with the
# machine, the load average around every run, wall s per simulated s, spikes, synaptic events/s, events/s per
# thread, and the ratio of each nmsim figure to the fastest Brian2 target at 1 thread measured in the same run,
# in wall time and in CPU time (Brian2's cpp_standalone build without OpenMP reports CPU time: cuba_report.py).
#
# Every timed figure is the minimum over REPEATS runs of the same network inside one process (JVM / compiled
# binary / Python session), and over ROUNDS rounds: a round runs every configuration once, so that with
# ROUNDS > 1 Brian2 and nmsim are interleaved and see the same load drift. The minimum is the figure least
# disturbed by other load. nmsim runs WARMUP simulated seconds on a
# discarded network first (JIT warm-up); Brian2's compile time is excluded and reported separately.
#
# Usage: benchmarks/peers/run_cuba_comparison.sh        (from anywhere; builds benchmarks.jar if missing)
# Environment: SIM_SECONDS (1.0) REPEATS (5) ROUNDS (1) NUMPY_REPEATS (1) WARMUP (0.2) SEED (1) NMSIM_NPC ("500 2000 4000")
#              BRIAN_TARGETS ("numpy cython cpp_standalone") BRIAN_OMP_THREADS ("0 1 2") NOTE ("")
#              PYTHON (/usr/bin/python3: Debian's interpreter, which has python3-brian) JAVA (java)
#              OUT_DIR (benchmarks/results) RUN_TIMEOUT (900: seconds per run, compilation included; a run that exceeds it is reported FAILED.
#              Under heavy load Brian2's OpenMP build at 2 threads can be 100x slower than at 1: its threads
#              spin-wait at every step)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM_SECONDS="${SIM_SECONDS:-1.0}"
REPEATS="${REPEATS:-5}"
ROUNDS="${ROUNDS:-1}"
NUMPY_REPEATS="${NUMPY_REPEATS:-1}"
WARMUP="${WARMUP:-0.2}"
SEED="${SEED:-1}"
NMSIM_NPC="${NMSIM_NPC:-500 2000 4000}"
BRIAN_TARGETS="${BRIAN_TARGETS:-numpy cython cpp_standalone}"
BRIAN_OMP_THREADS="${BRIAN_OMP_THREADS:-0 1 2}"
NOTE="${NOTE:-}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
# shellcheck source=common.sh
source "$ROOT/benchmarks/peers/common.sh"
STAMP="$(date -u +%Y-%m-%d-%H%M)"
OUT_DIR="${OUT_DIR:-$ROOT/benchmarks/results}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

ensure_built

# run NAME CMD...: see run_json in common.sh
run() {
    local name="$1"; shift
    run_json "$name" '"wall/sim-s %s" % d["wall_per_sim_second"]' "$@"
}

BRIAN="$ROOT/benchmarks/peers/brian2_cuba.py"
NEURONS=4000
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS" >&2
    for target in $BRIAN_TARGETS; do
        case "$target" in
            numpy) run "brian2-numpy" "$PYTHON" "$BRIAN" --target numpy --duration "$SIM_SECONDS" --seed "$SEED" \
                       --repeats "$NUMPY_REPEATS" ;;
            cython) run "brian2-cython" "$PYTHON" "$BRIAN" --target cython --duration "$SIM_SECONDS" --seed "$SEED" \
                        --repeats "$REPEATS" ;;
            cpp_standalone)
                for t in $BRIAN_OMP_THREADS; do
                    # one project directory per configuration: later rounds find the code unchanged and skip make
                    run "brian2-cpp_standalone-t$t" "$PYTHON" "$BRIAN" --target cpp_standalone --threads "$t" \
                        --duration "$SIM_SECONDS" --seed "$SEED" --repeats "$REPEATS" --build-dir "$WORK/cpp-t$t"
                done ;;
            *) echo "unknown Brian2 target $target" >&2; exit 2 ;;
        esac
    done
    for npc in $NMSIM_NPC; do
        for w in 1 2; do
            if (( (NEURONS + npc - 1) / npc < w )); then
                continue  # fewer cores than workers: the kernel would use fewer workers
            fi
            run "nmsim-npc$npc-w$w" "$JAVA" -cp "$JAR" org.nmsim.bench.cuba.CubaMain --workers "$w" \
                --neurons-per-core "$npc" --sim-seconds "$SIM_SECONDS" --warmup-seconds "$WARMUP" --seed "$SEED" \
                --repeats "$REPEATS"
        done
    done
done

mkdir -p "$OUT_DIR"
{
    echo "model_name=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
    echo "cpus=$(nproc)"
    echo "threads_per_core=$(lscpu | sed -n 's/^Thread(s) per core: *//p' | head -n 1)"
    echo "kernel=$(uname -sr)"
    echo "java=$("$JAVA" -version 2>&1 | tr '\n' ' ')"
    echo "brian2=$("$PYTHON" -c 'import os; os.environ["MPLBACKEND"]="Agg"; import brian2; print(brian2.__version__)' 2>/dev/null)"
    echo "python=$("$PYTHON" --version 2>&1)"
    echo "cxx=$(g++ --version 2>/dev/null | head -n 1)"
    echo "git=$(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- benchmarks || echo '+dirty')"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$WORK/machine.txt"

"$PYTHON" "$ROOT/benchmarks/peers/cuba_report.py" "$WORK/machine.txt" "$WORK/runs.jsonl" \
    "$OUT_DIR/cuba-$STAMP.json" "$OUT_DIR/cuba-$STAMP.md" "$SIM_SECONDS" "$REPEATS" "$ROUNDS" "$NOTE"
echo "wrote $OUT_DIR/cuba-$STAMP.json and $OUT_DIR/cuba-$STAMP.md" >&2
