# Shared by the peer-comparison scripts: paths, the class path that reaches MlpChip, load averages, the machine.
# Source it after setting ROOT. Defines JAVA, PYTHON, JAR, NMSIM_CP, load(), machine_txt FILE, ensure_built.

JAVA="${JAVA:-java}"
PYTHON="${PYTHON:-/usr/bin/python3}"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
# benchmarks.jar is shaded: it holds every module the benchmarks use (learning-engines, mapping, jhdf included).
NMSIM_CP="$JAR"

load() { cut -d' ' -f1-3 /proc/loadavg; }

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
