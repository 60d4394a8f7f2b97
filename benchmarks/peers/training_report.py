#!/usr/bin/python3
"""Writes the training comparison report (JSON + Markdown) from the runs collected by run_training_comparison.sh.

usage: training_report.py MACHINE_TXT RUNS_JSONL OUT_JSON OUT_MD ROUNDS NOTE

Runs with the same name (one per round) are merged: the round with the most samples per wall second is kept, with
every round's figure and load averages under 'rounds'. Ratios: nmsim samples/s divided by PyTorch samples/s, for
every pair measured in the same report (> 1: nmsim is faster). Goals (issue 13): nmsim faster than PyTorch at
batch 1; nmsim within 3x of PyTorch at batch 128 (ratio >= 1/3). Each goal is judged against the fastest PyTorch
configuration of that batch size, and against the like-for-like one (float64, 1 thread).
"""
import json
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
        best['rounds'] = [{'samples_per_s': r['samples_per_s'], 'samples_per_cpu_s': r.get('samples_per_cpu_s'),
                           'loadavg_before': r['loadavg_before'], 'loadavg_after': r['loadavg_after']} for r in good]
        out[name] = best
    return out


def main():
    machine_txt, runs_jsonl, out_json, out_md, rounds, note = sys.argv[1:7]
    machine = dict(line.rstrip('\n').split('=', 1) for line in open(machine_txt) if '=' in line)
    runs = merge([json.loads(l) for l in open(runs_jsonl) if l.strip()])
    nm = {k: v for k, v in runs.items() if k.startswith('nmsim') and not v.get('failed')}
    pt = {k: v for k, v in runs.items() if k.startswith('torch') and not v.get('failed')}
    ratios = {a: {b: nm[a]['samples_per_s'] / pt[b]['samples_per_s'] for b in pt} for a in nm}
    cpu_ratios = {a: {b: (nm[a]['samples_per_cpu_s'] / pt[b]['samples_per_cpu_s'])
                      if nm[a].get('samples_per_cpu_s') and pt[b].get('samples_per_cpu_s') else None for b in pt}
                  for a in nm}
    best_nm = max(nm, key=lambda k: nm[k]['samples_per_s']) if nm else None
    etas = sorted({str(v['eta']) for v in list(nm.values()) + list(pt.values()) if 'eta' in v})
    eta = '/'.join(etas) if etas else '?'
    goals = []
    for batch, need, text in ((1, 1.0, 'faster than PyTorch at batch 1'),
                              (None, 1 / 3, 'within 3x of PyTorch at batch 128')):
        cands = [k for k in pt if (pt[k]['batch'] == 1) == (batch == 1)]
        if not cands or not best_nm:
            goals.append({'goal': text, 'met': None, 'why': 'no runs'})
            continue
        fastest = max(cands, key=lambda k: pt[k]['samples_per_s'])
        like = [k for k in cands if pt[k]['dtype'] == 'float64' and pt[k]['threads'] == 1 and
                pt[k].get('blas_threads', 1) == 1]
        g = {'goal': text, 'nmsim_run': best_nm, 'threshold_ratio': need,
             'vs_fastest': {'torch_run': fastest, 'ratio': ratios[best_nm][fastest],
                            'met': ratios[best_nm][fastest] >= need}}
        if like:
            g['vs_float64_1_thread'] = {'torch_run': like[0], 'ratio': ratios[best_nm][like[0]],
                                        'met': ratios[best_nm][like[0]] >= need}
        goals.append(g)
    loads = [float(str(r.get('loadavg_before', '0')).split()[0]) for r in runs.values() if r.get('loadavg_before')]
    # under load: some run started with a 1-minute load average above 1.5 on this 2-core machine
    under_load = any(x > 1.5 for x in loads)
    report = {'benchmark': f'training throughput, FGT 784-400-400-10, T=6, eta={eta}, Fashion-MNIST',
              'measured_under_load': under_load, 'note': note, 'rounds': int(rounds), 'machine': machine,
              'runs': runs, 'ratio_nmsim_to_torch_wall': ratios, 'ratio_nmsim_to_torch_cpu': cpu_ratios,
              'goals': goals}
    with open(out_json, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    md = ['# Training throughput: nmsim on-chip FGT vs PyTorch CPU', '',
          ('**MEASURED UNDER LOAD: a run started with a 1-minute load average above 1.5 (load averages per run '
           'below). Re-run on a quiet machine before quoting any ratio.**' if under_load else
           'Every run started with a 1-minute load average of at most 1.5 (per run below).') +
          (' ' + note if note else ''), '',
          f'Network 784-400-400-10, T = 6, FGT, eta = {eta}, batch 1 SGD on nmsim (spinnaker2 preset), '
          'Fashion-MNIST training images in file order. Samples per second of wall time over the timed samples, '
          'after a warm-up on the same network; CPU = process CPU time (all threads). PyTorch "online" is '
          'reference/ottt_mlp.py at batch 1 (MODEL.md exactly); "batch B" is reference/bench_training.py\'s '
          'vectorised version (M updated once per step with the batch mean: a speed peer only). '
          f'{rounds} round(s), best round kept.', '',
          '| machine | |', '|---|---|'] + [f'| {k} | {v} |' for k, v in machine.items()] + [
          '', '## Runs', '',
          '| run | batch | threads/workers | dtype | samples | samples/s (wall) | samples/s (CPU) | '
          'load avg before | load avg after |', '|---|---|---|---|---|---|---|---|---|']
    for k, r in runs.items():
        if r.get('failed'):
            md.append(f'| {k} | FAILED | | | | | | | |')
            continue
        thr = r.get('workers', r.get('threads'))
        if 'blas_threads' in r:
            thr = f"{thr} (BLAS {r['blas_threads']})"
        cpu = r.get('samples_per_cpu_s')
        md.append(f"| {k} | {r['batch']} | {thr} | {r['dtype']} | {r['samples']} | {r['samples_per_s']:.1f} | "
                  f"{cpu:.1f} | {r['loadavg_before']} | {r['loadavg_after']} |" if cpu else
                  f"| {k} | {r['batch']} | {thr} | {r['dtype']} | {r['samples']} | {r['samples_per_s']:.1f} | | "
                  f"{r['loadavg_before']} | {r['loadavg_after']} |")
    if nm and pt:
        cols = list(pt)
        md += ['', '## Ratio nmsim / PyTorch (samples per wall second; > 1: nmsim faster)', '',
               '| nmsim \\ PyTorch | ' + ' | '.join(cols) + ' |', '|---|' + '---|' * len(cols)]
        for a in nm:
            md.append(f'| {a} | ' + ' | '.join(f'{ratios[a][b]:.3f}' for b in cols) + ' |')
        md += ['', '## Ratio nmsim / PyTorch (samples per CPU second)', '',
               '| nmsim \\ PyTorch | ' + ' | '.join(cols) + ' |', '|---|' + '---|' * len(cols)]
        for a in nm:
            md.append(f'| {a} | ' + ' | '.join(f'{cpu_ratios[a][b]:.3f}' if cpu_ratios[a][b] else '' for b in cols)
                      + ' |')
    md += ['', '## Goals (issue 13)', '']
    for g in goals:
        if g.get('met') is None and 'vs_fastest' not in g:
            md.append(f"- {g['goal']}: no runs")
            continue
        f_ = g['vs_fastest']
        line = (f"- {g['goal']} (ratio >= {g['threshold_ratio']:.3f}): best nmsim ({g['nmsim_run']}) vs fastest "
                f"PyTorch ({f_['torch_run']}): {f_['ratio']:.3f}, **{'met' if f_['met'] else 'NOT met'}**")
        if 'vs_float64_1_thread' in g:
            l_ = g['vs_float64_1_thread']
            line += (f"; vs {l_['torch_run']}: {l_['ratio']:.3f}, **{'met' if l_['met'] else 'NOT met'}**")
        md.append(line)
    with open(out_md, 'w') as f:
        f.write('\n'.join(md) + '\n')


if __name__ == '__main__':
    main()
