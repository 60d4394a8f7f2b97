#!/usr/bin/python3
"""Brian2's CUBA benchmark (Brette et al. 2007, benchmark 2), timed, for the nmsim comparison.

The model is Brian2's own examples/CUBA.py (Brian2 2.5.1, the version Debian ships as python3-brian), with its
parameters and equations unchanged: 4,000 LIF neurons (3,200 excitatory, 800 inhibitory), Bernoulli p = 0.02
connectivity (self-connections allowed, as in the example), current-based exponential synapses, refractory 5 ms,
method 'linear' (Brian2's exact integration of linear equations), dt = 0.1 ms (Brian2's default clock), random
initial V uniform in [Vr, Vt]. Synapses have no delay: a spike at step t is added to ge/gi in the synapse slot of
step t and first acts on v in the state update of step t + 1.

The example records every spike with a SpikeMonitor; here the monitor is created with record=False, which keeps
only the per-neuron spike count (enough for the spike and synaptic-event totals and cheaper for Brian2). Use
--record-spikes for the example's full monitor.

Timing: 'wall_run_seconds' is Brian2's own measurement of the simulation loop (device._last_run_time), which
excludes code generation, compilation, synapse creation and result loading. In runtime mode it is the time.time()
span around the clock loop (wall time). In cpp_standalone it is what network.cpp measures: with OpenMP
(--threads N >= 1) omp_get_wtime(), wall time; WITHOUT OpenMP (--threads 0, the default) std::clock(), i.e.
process CPU time, not wall time. 'run_clock' says which ('wall' or 'process_cpu'), and 'cpu_run_seconds' repeats
the figure when it is CPU time. On a quiet machine the two agree; under load CPU time is the smaller and the
steadier. --threads 1 gives a wall-clock measurement of the same single-threaded run (OpenMP, one thread).
With --repeats N the same network is simulated N times from the same initial state (runtime targets:
Network.store/restore; cpp_standalone: the compiled binary is run N times) and 'wall_run_seconds' is the minimum,
the figure least disturbed by other load; all times are listed in 'wall_run_seconds_all'. Spike counts are those of the last repeat (identical to the first
for cpp_standalone, whose binary reseeds; runtime targets continue the random stream, which only matters for
models that draw random numbers during the run, and this one does not). 'wall_compile_seconds' is the rest
of the wall time of the run call (runtime targets: code generation + Cython compilation, which Cython caches on
disk across invocations) or of device.build(compile=True, run=False) (cpp_standalone: code generation + make).
'wall_binary_seconds' and 'cpu_binary_seconds' (cpp_standalone only) are the wall and CPU (user + system) time
of the compiled binary, including synapse creation and file I/O.

Prints one JSON object on stdout. Run with the Debian interpreter: /usr/bin/python3 brian2_cuba.py --help
"""
import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

os.environ.setdefault('MPLBACKEND', 'Agg')

import numpy as np  # noqa: E402
import brian2  # noqa: E402
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, ms, mV, second,  # noqa: E402
                    prefs, set_device, device, seed as brian_seed, defaultclock)


def build(record_spikes):
    taum = 20 * ms
    taue = 5 * ms
    taui = 10 * ms
    Vt = -50 * mV
    Vr = -60 * mV
    El = -49 * mV

    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                    method='linear',
                    namespace=dict(taum=taum, taue=taue, taui=taui, Vt=Vt, Vr=Vr, El=El))
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV

    we = (60 * 0.27 / 10) * mV  # excitatory synaptic weight (voltage)
    wi = (-20 * 4.5 / 10) * mV  # inhibitory synaptic weight
    Ce = Synapses(P, P, on_pre='ge += we', namespace=dict(we=we))
    Ci = Synapses(P, P, on_pre='gi += wi', namespace=dict(wi=wi))
    Ce.connect('i<3200', p=0.02)
    Ci.connect('i>=3200', p=0.02)

    s_mon = SpikeMonitor(P, record=record_spikes)
    net = Network(P, Ce, Ci, s_mon)
    return net, P, Ce, Ci, s_mon


def results(args, target, threads, wall_run, wall_compile, wall_binary, Ce, Ci, s_mon):
    count = np.asarray(s_mon.count[:], dtype=np.int64)
    out_degree = (np.bincount(np.asarray(Ce.i[:]), minlength=4000) +
                  np.bincount(np.asarray(Ci.i[:]), minlength=4000)).astype(np.int64)
    spikes_exc = int(count[:3200].sum())
    spikes_inh = int(count[3200:].sum())
    events = int((count * out_degree).sum())
    spikes = spikes_exc + spikes_inh
    return {
        'simulator': 'brian2',
        'brian2_version': brian2.__version__,
        'target': target,
        'threads': threads,
        'seed': args.seed,
        'sim_seconds': args.duration,
        'dt_ms': float(defaultclock.dt / ms),
        'wall_run_seconds': wall_run,
        'wall_compile_seconds': wall_compile,
        'wall_binary_seconds': wall_binary,
        'wall_per_sim_second': wall_run / args.duration,
        'spikes_exc': spikes_exc,
        'spikes_inh': spikes_inh,
        'spikes': spikes,
        'rate_hz': spikes / 4000.0 / args.duration,
        'synapses': int(len(Ce) + len(Ci)),
        'synaptic_events': events,
        'events_per_second': events / wall_run if wall_run > 0 else None,
        'events_per_second_per_thread': events / wall_run / threads if wall_run > 0 else None,
        'record_spikes': args.record_spikes,
    }


def run_runtime(args):
    prefs.codegen.target = args.target
    brian_seed(args.seed)
    net, P, Ce, Ci, s_mon = build(args.record_spikes)
    net.store('initial')
    walls, overheads = [], []
    for r in range(args.repeats):
        if r > 0:
            net.restore('initial')
        t0 = time.time()
        net.run(args.duration * second)
        total = time.time() - t0
        walls.append(float(device._last_run_time))
        overheads.append(total - walls[-1])
    out = results(args, args.target, 1, min(walls), overheads[0], None, Ce, Ci, s_mon)
    out['wall_run_seconds_all'] = walls
    out['run_clock'] = 'wall'
    out['cpu_run_seconds'] = None
    return out


def run_standalone(args):
    workdir = args.build_dir or tempfile.mkdtemp(prefix='brian2_cuba_')
    set_device('cpp_standalone', directory=workdir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = args.threads
    brian_seed(args.seed)
    net, P, Ce, Ci, s_mon = build(args.record_spikes)
    net.run(args.duration * second)
    t0 = time.time()
    device.build(directory=workdir, compile=True, run=False)
    wall_compile = time.time() - t0
    walls, binaries, cpus = [], [], []
    for _ in range(args.repeats):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.time()
        device.run(directory=workdir, with_output=False, run_args=[])
        binaries.append(time.time() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime))
        walls.append(float(device._last_run_time))
    out = results(args, 'cpp_standalone', max(1, args.threads), min(walls), wall_compile, min(binaries),
                  Ce, Ci, s_mon)
    out['wall_run_seconds_all'] = walls
    out['openmp_threads'] = args.threads
    # Brian2's network.cpp times the clock loop with std::clock() (process CPU time) without OpenMP, and with
    # omp_get_wtime() (wall time) with OpenMP: say which one 'wall_run_seconds' really is
    out['run_clock'] = 'process_cpu' if args.threads == 0 else 'wall'
    out['cpu_run_seconds'] = min(walls) if args.threads == 0 else None
    out['cpu_binary_seconds'] = min(cpus)
    if not args.build_dir:
        shutil.rmtree(workdir, ignore_errors=True)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--target', default='cpp_standalone', choices=['numpy', 'cython', 'cpp_standalone'])
    p.add_argument('--duration', type=float, default=1.0, help='simulated seconds (default 1.0)')
    p.add_argument('--threads', type=int, default=0,
                   help='cpp_standalone OpenMP threads; 0 (default) builds without OpenMP (1 thread)')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--repeats', type=int, default=1,
                   help='run the same network N times and report the minimum loop time (default 1)')
    p.add_argument('--record-spikes', action='store_true', help="full SpikeMonitor as in the example")
    p.add_argument('--build-dir', default=None, help='cpp_standalone project directory (default: a temp dir)')
    args = p.parse_args()
    if args.repeats < 1:
        p.error(f'repeats={args.repeats} must be >= 1')
    if args.threads != 0 and args.target != 'cpp_standalone':
        p.error(f'threads={args.threads}: only cpp_standalone runs multi-threaded (OpenMP)')
    out = run_standalone(args) if args.target == 'cpp_standalone' else run_runtime(args)
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
