#!/usr/bin/python3
"""Writes the CUBA comparison report (JSON + Markdown) from the runs collected by run_cuba_comparison.sh.

usage: cuba_report.py MACHINE_TXT RUNS_JSONL OUT_JSON OUT_MD SIM_SECONDS REPEATS ROUNDS NOTE

Runs with the same name (one per round) are merged: the times are the minimum over the rounds, every round's
figures and load averages are kept under 'rounds'.

Two clocks, compared separately, because Brian2's single-threaded cpp_standalone build measures its run loop in
process CPU time (std::clock()) and not in wall time:
  wall: wall seconds of the run loop. Brian2 numpy, cython, cpp_standalone with OpenMP (1 or 2 threads); nmsim.
  cpu:  CPU seconds of the run loop. Brian2 cpp_standalone without OpenMP; nmsim (sum over its worker threads).
For each clock, the reference is the fastest Brian2 run at 1 thread measured with that clock in the same report.
'speedup' = reference seconds / run seconds (> 1: faster than Brian2); 'events ratio' = run events/s /
reference events/s; per-thread ratio likewise per thread (events/s per thread = events/s / threads).
"""
import json
import sys


def seconds(r, clock):
    """Run-loop seconds of a run under a clock, or None if the run has no such figure."""
    if clock == 'wall':
        return r['wall_run_seconds'] if r.get('run_clock', 'wall') == 'wall' else None
    return r.get('cpu_run_seconds')


def merge(records):
    """One record per run name: the round with the smallest wall time, with the smallest CPU time of any round."""
    by_name = {}
    for r in records:
        by_name.setdefault(r['run'], []).append(r)
    merged = []
    for name, rs in by_name.items():
        good = [r for r in rs if not r.get('failed')]
        if not good:
            merged.append({'run': name, 'failed': True, 'rounds': len(rs)})
            continue
        best = dict(min(good, key=lambda r: r['wall_run_seconds']))
        cpus = [r['cpu_run_seconds'] for r in good if r.get('cpu_run_seconds') is not None]
        best['cpu_run_seconds'] = min(cpus) if cpus else None
        best['rounds'] = [{k: r.get(k) for k in ('wall_run_seconds', 'cpu_run_seconds', 'loadavg_before',
                                                  'loadavg_after', 'spikes', 'failed')} for r in rs]
        best['loadavg_before'] = '; '.join(r.get('loadavg_before', '') for r in rs)
        best['loadavg_after'] = '; '.join(r.get('loadavg_after', '') for r in rs)
        if len({r['spikes'] for r in good}) > 1:
            best['spikes_differ_between_rounds'] = True
        merged.append(best)
    return merged


def main():
    machine_txt, runs_jsonl, out_json, out_md, sim_seconds, repeats, rounds, note = sys.argv[1:9]
    machine = dict(line.rstrip('\n').split('=', 1) for line in open(machine_txt) if '=' in line)
    runs = merge([json.loads(line) for line in open(runs_jsonl) if line.strip()])
    ok = [r for r in runs if not r.get('failed')]
    refs = {}
    for clock in ('wall', 'cpu'):
        cands = [r for r in ok if r['simulator'] == 'brian2' and r['threads'] == 1 and seconds(r, clock)]
        refs[clock] = min(cands, key=lambda r: seconds(r, clock)) if cands else None
    for r in ok:
        r['rate_hz'] = r['spikes'] / 4000.0 / r['sim_seconds']
        r['comparison'] = {}
        for clock, ref in refs.items():
            s = seconds(r, clock)
            if s is None:
                continue
            c = {'seconds_per_sim_second': s / r['sim_seconds'],
                 'events_per_second': r['synaptic_events'] / s,
                 'events_per_second_per_thread': r['synaptic_events'] / s / r['threads']}
            if ref is not None:
                rs = seconds(ref, clock)
                c['reference'] = ref['run']
                c['speedup'] = (rs / ref['sim_seconds']) / c['seconds_per_sim_second']
                c['events_ratio'] = c['events_per_second'] / (ref['synaptic_events'] / rs)
                c['events_per_thread_ratio'] = c['events_per_second_per_thread'] / (
                    ref['synaptic_events'] / rs / ref['threads'])
            r['comparison'][clock] = c
        if refs['wall'] is not None:
            r['rate_ratio_to_wall_reference'] = r['rate_hz'] / refs['wall']['rate_hz']
    report = {
        'benchmark': 'CUBA (Brette et al. 2007, benchmark 2), Brian2 examples/CUBA.py parameters',
        'note': note,
        'sim_seconds': float(sim_seconds),
        'repeats': int(repeats),
        'rounds': int(rounds),
        'machine': machine,
        'reference_runs': {k: (v['run'] if v else None) for k, v in refs.items()},
        'runs': runs,
    }
    with open(out_json, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    render(report, out_md)


def render(report, out_md):
    """Writes the Markdown table of a report."""
    note, sim_seconds, machine, runs = report['note'], report['sim_seconds'], report['machine'], report['runs']
    repeats, rounds = report['repeats'], report.get('rounds', 1)
    by_name = {r['run']: r for r in runs}
    refs = {k: by_name.get(v) for k, v in report['reference_runs'].items()}
    ok = [r for r in runs if not r.get('failed')]
    md = ['# CUBA benchmark: nmsim vs Brian2', '']
    if note:
        md += [f'**{note}**', '']
    md.append(f"Model: Brian2's examples/CUBA.py (4,000 LIF neurons, 3,200 exc / 800 inh, p = 0.02, current "
              f"synapses, exact integration, dt = 0.1 ms, refractory 5 ms), {float(sim_seconds):g} s simulated "
              f"from t = 0, seed 1. Run-loop times only: Brian2 code generation and compilation excluded, nmsim "
              f"JIT warmed up on a discarded network. Each time is the minimum over {repeats} runs of the same "
              f"network in one process (Brian2 numpy: NUMPY_REPEATS) and over {rounds} interleaved round(s) of "
              f"all configurations (load averages listed per round). Brian2 cpp_standalone without OpenMP "
              f"('t0') reports CPU time (std::clock()), so it is compared in the CPU table; 't1' is the same "
              f"single-threaded run built with OpenMP at 1 thread, which reports wall time.")
    md += ['', '| machine | |', '|---|---|']
    for k in ('model_name', 'cpus', 'threads_per_core', 'kernel', 'java', 'brian2', 'python', 'cxx', 'git', 'date'):
        md.append(f"| {k} | {machine.get(k, '')} |")
    md += ['', '## Runs', '',
           '| run | threads | load avg before (1/5/15 min) | load avg after | spikes (exc/inh) | rate Hz | synapses | '
           'synaptic events |',
           '|---|---|---|---|---|---|---|---|']
    for r in runs:
        if r.get('failed'):
            md.append(f"| {r['run']} | FAILED | | | | | | |")
            continue
        md.append(f"| {r['run']} | {r['threads']} | {r['loadavg_before']} | {r['loadavg_after']} | "
                  f"{r['spikes']} ({r['spikes_exc']}/{r['spikes_inh']}) | {r['rate_hz']:.3f} | {r['synapses']:,} | "
                  f"{r['synaptic_events']:,} |")
    for clock, title in (('wall', 'Wall time'), ('cpu', 'CPU time')):
        ref = refs[clock]
        md += ['', f"## {title} (reference: {ref['run'] if ref else 'none'})", '',
               f'| run | threads | {clock} s / sim s | synaptic events/s | events/s per thread | speedup vs ref | '
               'events/s ratio | per-thread ratio |',
               '|---|---|---|---|---|---|---|---|']
        for r in ok:
            c = r['comparison'].get(clock)
            if c is None:
                continue
            ratios = (f"{c['speedup']:.2f}x | {c['events_ratio']:.2f} | {c['events_per_thread_ratio']:.2f}"
                      if 'speedup' in c else ' | | ')
            md.append(f"| {r['run']} | {r['threads']} | {c['seconds_per_sim_second']:.4f} | "
                      f"{c['events_per_second']:.3e} | {c['events_per_second_per_thread']:.3e} | {ratios} |")
    md += ['', 'More fields in the JSON: every repeat (wall_run_seconds_all, cpu_run_seconds_all), Brian2 '
           'wall_compile_seconds and cpp_standalone binary times, nmsim cores, neurons_per_core, '
           'wall_setup_seconds, spike_messages.']
    with open(out_md, 'w') as f:
        f.write('\n'.join(md) + '\n')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--render':
        # re-render the Markdown of an existing JSON report: cuba_report.py --render REPORT.json OUT.md
        with open(sys.argv[2]) as f:
            render(json.load(f), sys.argv[3])
    else:
        main()
