# Shared by the peer-comparison scripts: paths, the class path that reaches MlpChip, load averages, the machine.
# Source it after setting ROOT. Defines JAVA, PYTHON, JAR, NMSIM_CP, load(), machine_txt FILE, ensure_built.

JAVA="${JAVA:-java}"
PYTHON="${PYTHON:-/usr/bin/python3}"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
# benchmarks.jar is shaded: it holds every module the benchmarks use (learning-engines, mapping, jhdf included).
NMSIM_CP="$JAR"

load() { cut -d' ' -f1-3 /proc/loadavg; }

# run_json NAME SUMMARY CMD...: runs CMD under $RUN_TIMEOUT (it prints one JSON object on its last stdout line),
# appends that object to $WORK/runs.jsonl with the run's name and the load averages before and after, and prints
# SUMMARY, a Python expression over the parsed object `d`. A failed run is recorded as {"run": NAME, "failed": true}.
run_json() {
    local name="$1" summary="$2"; shift 2
    local before after line
    before="$(load)"
    echo "[$(date -u +%H:%M:%S)] $name (load $before)" >&2
    if ! line="$(timeout "$RUN_TIMEOUT" "$@" 2>"$WORK/$name.err" | tail -n 1)" || [[ "$line" != \{* ]]; then
        echo "  FAILED: $name" >&2
        tail -n 5 "$WORK/$name.err" >&2
        printf '{"run": "%s", "failed": true}\n' "$name" >>"$WORK/runs.jsonl"
        return 0
    fi
    after="$(load)"
    "$PYTHON" -c 'import json,sys; d=json.loads(sys.argv[1]); d["run"]=sys.argv[2]; d["loadavg_before"]=sys.argv[3]; d["loadavg_after"]=sys.argv[4]; print(json.dumps(d))' \
        "$line" "$name" "$before" "$after" >>"$WORK/runs.jsonl"
    echo "  $("$PYTHON" -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$line" "$summary")" >&2
}

ensure_built() {
    if [[ ! -f "$JAR" ]]; then
        echo "building benchmarks.jar" >&2
        (cd "$ROOT" && mvn -B -q package -DskipTests -pl benchmarks -am)
    fi
}

# machine_txt FILE: key=value lines describing the machine and the software
machine_txt() {
    {
        echo "model_name=$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
        echo "cpus=$(nproc)"
        echo "threads_per_core=$(lscpu | sed -n 's/^Thread(s) per core: *//p' | head -n 1)"
        echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
        echo "kernel=$(uname -sr)"
        echo "java=$("$JAVA" -version 2>&1 | tr '\n' ' ')"
        echo "python=$("$PYTHON" --version 2>&1)"
        echo "torch=$("$PYTHON" -c 'import torch; print(torch.__version__, "threads", torch.get_num_threads(), torch.__config__.parallel_info().splitlines()[-1] if hasattr(torch.__config__, "parallel_info") else "")' 2>/dev/null | tr '\n' ' ')"
        echo "brian2=$("$PYTHON" -c 'import os; os.environ["MPLBACKEND"]="Agg"; import brian2; print(brian2.__version__)' 2>/dev/null)"
        echo "git=$(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- benchmarks reference || echo '+dirty')"
        echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "loadavg=$(load)"
    } >"$1"
}
