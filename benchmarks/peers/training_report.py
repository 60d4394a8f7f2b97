#!/usr/bin/python3
"""Writes the training comparison report (JSON + Markdown) from the runs collected by run_training_comparison.sh.

usage: training_report.py MACHINE_TXT RUNS_JSONL OUT_JSON OUT_MD ROUNDS NOTE

Runs with the same name (one per round, in round order) are merged: the headline figure is the median over the
rounds (this machine's speed drifts by up to 1.5x between rounds), with every round's figure, the best one and the
load averages under 'rounds'. Ratios nmsim / PyTorch (> 1: nmsim is faster) are taken round by round, between runs
of the same round (which saw the same drift), and their median reported. Goals (issue 13), for float64 and fixed
point alike: nmsim faster than PyTorch at batch 1; nmsim within 3x of PyTorch at batch 128 (ratio >= 1/3), nmsim at
the same batch (its mini-batch mode) in both. Each is judged on one core (nmsim 1 worker vs PyTorch float64 with
ATen and BLAS at 1 thread) and on the machine (the faster nmsim worker count vs the fastest PyTorch configuration),
for each JVM the nmsim runs used (the default JDK, and JDK 25 with the vector kernels where the script found one).
Those goals compare with PyTorch float (runs without "arithmetic", or "float"). Two more rows judge nmsim's fixed
point against PyTorch's emulation of it (bench_training.py --arithmetic fixed-point, runs named ...-fixed-t1), the
same work in kind: the same thresholds, on one core (nmsim 1 worker vs the emulation at 1 thread) and on the machine.
One more row judges nmsim's fixed point at batch B against the emulation that rounds once per sample and step as the
chip does (--sr-per-sample, runs named ...-fixed-srps-t1): the batched emulation rounds once per step, less work.
"""
import json
import statistics
import sys


def merge(records):
    by = {}
    for r in records:
        by.setdefault(r['run'], []).append(r)
    out = {}
    for name, rs in by.items():
        good = [r for r in rs if not r.get('failed')]
        if not good:
            out[name] = {'run': name, 'failed': True}
            continue
        best = dict(max(good, key=lambda r: r['samples_per_s']))
        per_round = [r['samples_per_s'] if not r.get('failed') else None for r in rs]
        best['best_samples_per_s'] = best['samples_per_s']
        best['samples_per_s'] = statistics.median(r['samples_per_s'] for r in good)
        cpus = [r['samples_per_cpu_s'] for r in good if r.get('samples_per_cpu_s')]
        best['samples_per_cpu_s'] = statistics.median(cpus) if cpus else None
        best['per_round'] = per_round
        best['rounds'] = [{'samples_per_s': r['samples_per_s'], 'samples_per_cpu_s': r.get('samples_per_cpu_s'),
                           'loadavg_before': r['loadavg_before'], 'loadavg_after': r['loadavg_after']} for r in good]
        out[name] = best
    return out


def round_ratio(a, b, key='per_round'):
    """The median over rounds of a / b, from the rounds where both ran."""
    pairs = [x / y for x, y in zip(a[key], b[key]) if x and y]
    return statistics.median(pairs) if pairs else None


def runtime(run):
    """The JVM an nmsim run used: its major version, and whether the vector kernels (simd/) ran."""
    major = str(run.get('java', '?')).split('.')[0]
    return f'Java {major}' + (', vector kernels' if run.get('vector_kernels') else '')


def arithmetic(run):
    """A PyTorch run's arithmetic: 'fixed-point' (the emulation of nmsim's), 'fixed-point per sample' (the same,
    rounding once per sample and step at batch B, as the chip does) or 'float' (also runs that predate both)."""
    return run.get('arithmetic', 'float') + (' per sample' if run.get('sr_per_sample') else '')


def goal_kinds(big):
    """(dtype, batch 1?, threshold ratio, text, PyTorch arithmetic) of issue 13's goals against PyTorch float, then
    of nmsim's fixed-point goals against PyTorch's fixed-point emulation, and at batch B against the emulation that
    rounds per sample."""
    kinds = ((True, 1.0, 'faster than PyTorch{} at batch 1'),
             (False, 1 / 3, f'within 3x of PyTorch{{}} at batch {big}'))
    return ([(dtype, batch1, need, text.format(''), 'float') for dtype in ('float64', 'fixed-point')
             for batch1, need, text in kinds] +
            [('fixed-point', batch1, need, text.format(' fixed-point emulation'), 'fixed-point')
             for batch1, need, text in kinds] +
            [('fixed-point', False, 1 / 3, kinds[1][2].format(' fixed-point emulation rounding per sample'),
              'fixed-point per sample')])


def main():
    machine_txt, runs_jsonl, out_json, out_md, rounds, note = sys.argv[1:7]
    machine = dict(line.rstrip('\n').split('=', 1) for line in open(machine_txt) if '=' in line)
    runs = merge([json.loads(l) for l in open(runs_jsonl) if l.strip()])
    nm = {k: v for k, v in runs.items() if k.startswith('nmsim') and not v.get('failed')}
    pt = {k: v for k, v in runs.items() if k.startswith('torch') and not v.get('failed')}
    ratios = {a: {b: round_ratio(nm[a], pt[b]) for b in pt} for a in nm}
    cpu_ratios = {a: {b: (nm[a]['samples_per_cpu_s'] / pt[b]['samples_per_cpu_s'])
                      if nm[a].get('samples_per_cpu_s') and pt[b].get('samples_per_cpu_s') else None for b in pt}
                  for a in nm}
    etas = sorted({str(v['eta']) for v in list(nm.values()) + list(pt.values()) if 'eta' in v})
    eta = '/'.join(etas) if etas else '?'
    goals = []
    big = next((v['batch'] for v in pt.values() if v['batch'] != 1), 128)
    for rt in sorted({runtime(v) for v in nm.values()}):
        for dtype, batch1, need, text, peer in goal_kinds(big):
            mine = [k for k in nm if runtime(nm[k]) == rt and nm[k]['dtype'] == dtype and
                    (nm[k]['batch'] == 1) == batch1]
            if not mine:
                continue
            theirs = [k for k in pt if (pt[k]['batch'] == 1) == batch1 and arithmetic(pt[k]) == peer]
            if not theirs and peer == 'fixed-point per sample':
                continue
            g = {'goal': f'{dtype}: {text}', 'runtime': rt, 'threshold_ratio': need}
            if peer != 'float':
                g['torch_arithmetic'] = peer
            if not mine or not theirs:
                g['met'] = None
                goals.append(g)
                continue
            one = [k for k in mine if nm[k]['workers'] == 1]
            like = [k for k in theirs if pt[k]['dtype'] == 'float64' and pt[k]['threads'] == 1 and
                    pt[k].get('blas_threads', 1) == 1]
            if one and like:
                r = ratios[one[0]][like[0]]
                g['one_core'] = {'nmsim_run': one[0], 'torch_run': like[0], 'ratio': r,
                                 'met': r is not None and r >= need}
            best = max(mine, key=lambda k: nm[k]['samples_per_s'])
            fastest = max(theirs, key=lambda k: pt[k]['samples_per_s'])
            r = ratios[best][fastest]
            g['machine'] = {'nmsim_run': best, 'torch_run': fastest, 'ratio': r, 'met': r is not None and r >= need}
            goals.append(g)
    loads = [float(str(r.get('loadavg_before', '0')).split()[0]) for r in runs.values() if r.get('loadavg_before')]
    # under load: some run started with a 1-minute load average above the machine's cores + 0.5. The runs raise it
    # themselves: after a 2-worker or 2-thread run the next one starts at about 2 on a 2-core machine, which the
    # earlier threshold (1.5) took for outside load
    cpus = int(machine.get('cpus', '2') or 2)
    under_load = any(x > cpus + 0.5 for x in loads)
    report = {'benchmark': f'training throughput, FGT 784-400-400-10, T=6, eta={eta}, Fashion-MNIST',
              'measured_under_load': under_load, 'note': note, 'rounds': int(rounds), 'machine': machine,
              'runs': runs, 'ratio_nmsim_to_torch_wall': ratios, 'ratio_nmsim_to_torch_cpu': cpu_ratios,
              'goals': goals}
    with open(out_json, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    md = ['# Training throughput: nmsim on-chip FGT vs PyTorch CPU', '',
          (f'**MEASURED UNDER LOAD: a run started with a 1-minute load average above {cpus + 0.5} (the cores + '
           '0.5; load averages per run below). Re-run on a quiet machine before quoting any ratio.**' if under_load
           else f'Every run started with a 1-minute load average of at most {cpus + 0.5} (the cores + 0.5; the runs '
           'themselves raise it to about 2 on 2 cores; per run below).') +
          (' ' + note if note else ''), '',
          f'Network 784-400-400-10, T = 6, FGT, eta = {eta}, nmsim on the spinnaker2 preset at batch 1 (MODEL.md) '
          'and in its mini-batch mode (runs named batchB: trained at batch 1 first, then timed in batches), '
          'Fashion-MNIST training images in file order. Samples per second of wall time over the timed samples, '
          'after a warm-up on the same network; CPU = process CPU time (all threads). PyTorch "online" is '
          'reference/ottt_mlp.py at batch 1 (MODEL.md exactly); "batch B" is reference/bench_training.py\'s '
          'vectorised version (M updated once per step with the batch mean: a speed peer only). PyTorch runs '
          'named "fixed" emulate nmsim\'s fixed-point arithmetic with torch ops on float64 tensors '
          '(bench_training.py --arithmetic fixed-point: online at the chip\'s rounding points, batched with the '
          'gradient accumulators rounded once per step instead of once per sample: a speed peer there; "fixed-srps" '
          'rounds once per sample and step at batch B, as the chip does). '
          f'{rounds} round(s), interleaved; the median round shown.', '',
          '| machine | |', '|---|---|'] + [f'| {k} | {v} |' for k, v in machine.items()] + [
          '', '## Runs', '',
          '| run | batch | threads/workers | dtype | samples | samples/s (wall), median | per round | '
          'samples/s (CPU), median | load avg before (best round) |', '|---|---|---|---|---|---|---|---|---|']
    for k, r in runs.items():
        if r.get('failed'):
            md.append(f'| {k} | FAILED | | | | | | | |')
            continue
        thr = r.get('workers', r.get('threads'))
        dtype = r['dtype'] if arithmetic(r) == 'float' else f"{r['arithmetic']} emulation ({r['dtype']})" + (
            ', rounding per sample' if r.get('sr_per_sample') else '')
        if 'blas_threads' in r:
            thr = f"{thr} (BLAS {r['blas_threads']})"
        cpu = r.get('samples_per_cpu_s')
        rounds_txt = ', '.join(f'{x:.0f}' if x else 'failed' for x in r['per_round'])
        md.append(f"| {k} | {r['batch']} | {thr} | {dtype} | {r['samples']} | {r['samples_per_s']:.1f} | "
                  f"{rounds_txt} | {f'{cpu:.1f}' if cpu else ''} | {r['loadavg_before']} |")
    if nm and pt:
        cols = list(pt)
        md += ['', '## Ratio nmsim / PyTorch (samples per wall second; > 1: nmsim faster)', '',
               '| nmsim \\ PyTorch | ' + ' | '.join(cols) + ' |', '|---|' + '---|' * len(cols)]
        for a in nm:
            md.append(f'| {a} | ' + ' | '.join(f'{ratios[a][b]:.3f}' if ratios[a][b] is not None else ''
                                               for b in cols) + ' |')
        md += ['', '## Ratio nmsim / PyTorch (samples per CPU second)', '',
               '| nmsim \\ PyTorch | ' + ' | '.join(cols) + ' |', '|---|' + '---|' * len(cols)]
        for a in nm:
            md.append(f'| {a} | ' + ' | '.join(f'{cpu_ratios[a][b]:.3f}' if cpu_ratios[a][b] else '' for b in cols)
                      + ' |')
    md += ['', '## Goals (issue 13)', '',
           'One core: nmsim with 1 worker vs PyTorch float64 with ATen and BLAS at 1 thread. The machine: the faster '
           'nmsim worker count vs the fastest PyTorch configuration (both may use both cores). Ratios are medians of '
           'per-round ratios. The rows "against PyTorch fixed-point emulation" compare nmsim\'s fixed point with '
           'PyTorch doing the same kind of work (fixed-point emulation, 1 thread); the others with PyTorch float.', '']
    for g in goals:
        if 'machine' not in g:
            md.append(f"- {g['goal']}, nmsim on {g['runtime']}: no runs")
            continue
        parts = []
        for key, label in (('one_core', 'one core'), ('machine', 'the machine')):
            if key in g:
                x = g[key]
                parts.append(f"{label}: {x['nmsim_run']} / {x['torch_run']} = {x['ratio']:.3f}, "
                             f"**{'met' if x['met'] else 'NOT met'}**")
        md.append(f"- {g['goal']}, nmsim on {g['runtime']} (ratio >= {g['threshold_ratio']:.3f}): " +
                  '; '.join(parts))
    with open(out_md, 'w') as f:
        f.write('\n'.join(md) + '\n')


if __name__ == '__main__':
    main()
