#!/usr/bin/python3
"""Combines the reports of one run_all.sh run into one table (JSON + Markdown), one row per headline figure.

usage: all_report.py PARTS_DIR OUT_JSON OUT_MD NOTE

Reads from PARTS_DIR: machine-start.txt, machine-end.txt, jmh.json (+ jmh.load), cuba-*.json, training-*.json,
scale-*.json; any part that is missing is listed as not run. Every row carries the load averages of its run.
"""
import glob
import json
import os
import sys


def machine(path):
    if not os.path.exists(path):
        return {}
    return dict(line.rstrip('\n').split('=', 1) for line in open(path) if '=' in line)


def one(pattern):
    files = sorted(glob.glob(pattern))
    return json.load(open(files[-1])) if files else None


def row(part, name, value, unit, peer='', ratio=None, load=''):
    return {'part': part, 'figure': name, 'value': value, 'unit': unit, 'peer': peer, 'ratio': ratio, 'load': load}


def main():
    d, out_json, out_md, note = sys.argv[1:5]
    rows, missing = [], []
    jmh_path = os.path.join(d, 'jmh.json')
    if os.path.exists(jmh_path) and os.path.getsize(jmh_path) > 0:
        load = ' -> '.join(open(os.path.join(d, 'jmh.load')).read().split('\n')[:2]) \
            if os.path.exists(os.path.join(d, 'jmh.load')) else ''
        for b in json.load(open(jmh_path)):
            p = b['primaryMetric']
            params = ','.join(f'{k}={v}' for k, v in sorted(b.get('params', {}).items()))
            rows.append(row('jmh', b['benchmark'].replace('org.nmsim.bench.', '') + (f' [{params}]' if params else ''),
                            p['score'], p['scoreUnit'] + f" (± {p['scoreError']:.3g})", load=load))
    else:
        missing.append('jmh')
    cuba = one(os.path.join(d, 'cuba-*.json'))
    if cuba:
        for r in cuba['runs']:
            if r.get('failed') or r.get('simulator') != 'nmsim':
                continue
            for clock in ('wall', 'cpu'):
                c = r.get('comparison', {}).get(clock)
                if c:
                    rows.append(row('cuba', f"{r['run']} {clock} s per simulated s", c['seconds_per_sim_second'], 's',
                                    c.get('reference', '(no Brian2 run with this clock)'), c.get('speedup'),
                                    r.get('loadavg_before', '')))
    else:
        missing.append('cuba')
    tr = one(os.path.join(d, 'training-*.json'))
    if tr:
        for name, r in tr['runs'].items():
            if r.get('failed'):
                rows.append(row('training', name, None, 'FAILED'))
                continue
            rows.append(row('training', f'{name} samples/s', r['samples_per_s'], 'samples/s (wall)',
                            load=f"{r['loadavg_before']} -> {r['loadavg_after']}"))
        for g in tr['goals']:
            if 'vs_fastest' in g:
                f = g['vs_fastest']
                rows.append(row('training', f"goal: {g['goal']} ({'met' if f['met'] else 'NOT met'})",
                                None, '', f['torch_run'], f['ratio']))
    else:
        missing.append('training')
    sc = one(os.path.join(d, 'scale-*.json'))
    if sc:
        lo = f"{sc['loadavg_before']} -> {sc['loadavg_after']}"
        for r in sc['rows']:
            if r.get('failed'):
                rows.append(row('scale', f"H={r['hidden_width']} ({r['synapses']:,} synapses)", None,
                                'FAILED: ' + r['failed'][:80], load=lo))
                continue
            rows.append(row('scale', f"H={r['hidden_width']} ({r['synapses']:,} synapses) train s/sample",
                            r['train_s_min'], 's', load=lo))
            rows.append(row('scale', f"H={r['hidden_width']} heap bytes/synapse", r['heap_bytes_per_synapse'], 'B',
                            load=lo))
        if sc.get('extrapolation'):
            e = sc['extrapolation']
            rows.append(row('scale', f"EXTRAPOLATED largest network in {e['heap_gib']:g} GiB (not measured)",
                            e['synapses'], f"synapses ({e['hidden_layers']} hidden layers of {e['hidden_width']:,})"))
    else:
        missing.append('scale')
    report = {'measured_under_load': True, 'note': note, 'machine_start': machine(os.path.join(d, 'machine-start.txt')),
              'machine_end': machine(os.path.join(d, 'machine-end.txt')), 'parts_dir': os.path.basename(d),
              'not_run': missing, 'rows': rows}
    with open(out_json, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    md = ['# nmsim benchmarks: all parts', '', '**Label: measured under load unless the load averages below say '
          'otherwise.**' + (' ' + note if note else ''), '', '| machine | at start | at end |', '|---|---|---|']
    ms, me = report['machine_start'], report['machine_end']
    for k in ms:
        md.append(f'| {k} | {ms.get(k, "")} | {me.get(k, "") if k in ("loadavg", "date", "memory") else ""} |')
    md += ['', f"Parts in benchmarks/results/{report['parts_dir']}/. Not run: {', '.join(missing) or 'none'}.", '',
           '| part | figure | value | unit | peer | ratio | load avg |', '|---|---|---|---|---|---|---|']
    for r in rows:
        v = '' if r['value'] is None else (f"{r['value']:.4g}" if isinstance(r['value'], float) else str(r['value']))
        ra = '' if r['ratio'] is None else f"{r['ratio']:.3f}"
        md.append(f"| {r['part']} | {r['figure']} | {v} | {r['unit']} | {r['peer']} | {ra} | {r['load']} |")
    with open(out_md, 'w') as f:
        f.write('\n'.join(md) + '\n')


if __name__ == '__main__':
    main()
