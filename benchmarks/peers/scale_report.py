#!/usr/bin/python3
"""Writes the scale-curve report (JSON + Markdown) from ScaleMain's output (run_scale_curve.sh).

usage: scale_report.py MACHINE_TXT SCALE_OUT SCALE_ERR OUT_JSON OUT_MD HEAP LOAD_BEFORE LOAD_AFTER EXTRAPOLATE_GB NOTE

The extrapolation assumes what the measured rows suggest and nothing more: retained heap grows linearly with the
synapse count at the bytes per synapse of the largest network that ran, plus the build's transient (the full
[post][pre] float64 matrix of the widest layer, 8 bytes per synapse of that layer, alive while it is sliced into
cores), and time per sample grows linearly with synapses at the largest network's seconds per synapse.
"""
import json
import math
import sys


def out_of_memory(row):
    """A failed row that ran out of heap: in the build, or (ScaleMain says which) in the samples after it."""
    return str(row.get('failed', '')).startswith('OutOfMemoryError')


def main():
    machine_txt, out_txt, err_txt, out_json, out_md, heap, lb, la, gb, note = sys.argv[1:11]
    machine = dict(line.rstrip('\n').split('=', 1) for line in open(machine_txt) if '=' in line)
    rows, summary = [], None
    for line in open(out_txt):
        line = line.strip()
        if line.startswith('{"size"'):
            rows.append(json.loads(line))
        elif line.startswith('{"max_heap_bytes"'):
            summary = json.loads(line)
    err_tail = open(err_txt).read()[-2000:]
    ok = [r for r in rows if not r.get('failed')]
    failed = [r for r in rows if r.get('failed')]
    extra = None
    if ok:
        big = ok[-1]
        bps = big['heap_bytes_per_synapse']
        budget = float(gb) * 2 ** 30
        h, layers = big['hidden_width'], big['hidden_layers']
        depth_sweep = len({r['hidden_width'] for r in ok}) == 1 and len({r['hidden_layers'] for r in ok}) > 1

        # 784-H-..-H-10 with L hidden layers: synapses = 784 H + (L-1) H^2 + 10 H; the build also holds the widest
        # layer's full float64 matrix (8 bytes per synapse of that layer) while slicing it into cores
        def syn(hh, ll):
            return 784 * hh + (ll - 1) * hh * hh + 10 * hh

        # retained heap = a * synapses + b * cores^2, least squares over the rows (the per-synapse figure grows
        # with the core count); cores per synapse from the largest row; the build's transient adds 8 bytes per
        # synapse (each layer's full float64 matrix, sliced into the cores)
        cps = big['cores'] / big['synapses']
        fit = None
        if len({r['cores'] for r in ok}) >= 2:
            x1 = [r['synapses'] for r in ok]
            x2 = [r['cores'] ** 2 for r in ok]
            y = [r['heap_bytes'] for r in ok]
            s11 = sum(v * v for v in x1); s22 = sum(v * v for v in x2); s12 = sum(u * v for u, v in zip(x1, x2))
            s1y = sum(u * v for u, v in zip(x1, y)); s2y = sum(u * v for u, v in zip(x2, y))
            det = s11 * s22 - s12 * s12
            if det > 0:
                a_, b_ = (s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det
                if a_ > 0 and b_ >= 0:
                    fit = {'bytes_per_synapse': a_, 'bytes_per_core_pair': b_, 'cores_per_synapse': cps}

        def peak(hh, ll):
            n = syn(hh, ll)
            if fit:
                return (fit['bytes_per_synapse'] + 8) * n + fit['bytes_per_core_pair'] * (cps * n) ** 2
            return (bps + 8) * n
        if depth_sweep:
            ll = layers
            while peak(h, ll + 1) <= budget:
                ll += 1
            hh = h
        else:
            lo, hi = 1, 1 << 22
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if peak(mid, layers) <= budget else (lo, mid - 1)
            hh, ll = lo, layers
        s_ = syn(hh, ll)
        per = lambda key: big[key] / big['synapses'] * s_ if big.get(key) is not None else None
        extra = {'EXTRAPOLATION': True, 'heap_gib': float(gb), 'from_size': big['size'],
                 'bytes_per_synapse_used': bps, 'hidden_width': hh, 'hidden_layers': ll, 'synapses': s_,
                 'neurons': 784 + ll * hh + 10, 'heap_model': fit,
                 'heap_model_check': [{'size': r['size'], 'synapses': r['synapses'],
                                       'predicted_peak_bytes': peak(r['hidden_width'], r['hidden_layers']),
                                       'heap_limit_bytes': None, 'built_heap_bytes': r.get('heap_bytes'), 'failed': r['failed']}
                                      for r in failed if out_of_memory(r)], 'train_s_per_sample_if_linear': per('train_s_min'),
                 'infer_s_per_sample_if_linear': per('infer_s_min'),
                 'note': 'assumes time linear in synapses; FGT training grows faster with depth (each hidden layer '
                         'propagates its probe through every later layer)' if depth_sweep else
                         'assumes time linear in synapses'}
    # under load: the 1-minute load average before the run above the machine's cores + 0.5, as the training report
    cpus = int(machine.get('cpus', '2') or 2)
    under_load = float(lb.split()[0]) > cpus + 0.5
    report = {'benchmark': 'scale curve, FGT MLP 784-H-H-10 (T=6), spinnaker2 preset, 1 worker',
              'measured_under_load': under_load, 'note': note, 'heap': heap, 'loadavg_before': lb, 'loadavg_after': la,
              'machine': machine, 'rows': rows, 'stop': summary['stop'] if summary else
              'ScaleMain did not finish: ' + err_tail.strip().splitlines()[-1] if err_tail.strip() else 'unknown',
              'heap_measurement': 'retained heap: Runtime totalMemory - freeMemory after System.gc(), after the '
                                  'build minus before (measured, not computed from array sizes)',
              'extrapolation': extra}
    with open(out_json, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    md = ['# Scale curve: FGT MLP 784-H-H-10 on nmsim', '',
          (f'**MEASURED UNDER LOAD (load average {lb} before, {la} after, {cpus} CPUs). ' if under_load else
           f'**Load average {lb} before, {la} after ({cpus} CPUs). ') +
          f'One JVM, -Xmx{heap}, 1 kernel worker, spinnaker2 preset, T = 6, float64.**' + (' ' + note if note else ''),
          '',
          'Heap: retained bytes measured as Runtime totalMemory - freeMemory after System.gc(), after building '
          'minus before. The arrays the cores hold predict 16 bytes per synapse (a float64 weight and a float64 '
          'gradient accumulator per synapse; per-neuron state is small), so the measured figure includes that plus '
          'the kernel and routing structures. Chip memory is the simulated chip\'s modelled synaptic memory '
          '(8-bit weights, 16-bit gradients, traces, feedback), not the JVM\'s. MlpChip has no inference-only build, '
          'so inference holds the same heap as training; only its time differs. Times are the minimum over the '
          'samples run (JIT warmed on a small network first).', '',
          '| H | hidden layers | neurons | synapses | cores | chips | build s | heap MB | heap B/synapse | chip memory MB | '
          'train s/sample | infer s/sample | train us per 1k synapses |', '|---|---|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        if r.get('failed'):
            built = f" (built: {r['heap_bytes'] / 1e6:.1f} MB)" if r.get('heap_bytes') is not None else ''
            md.append(f"| {r['hidden_width']} | {r.get('hidden_layers', '')} | | {r['synapses']:,} | | | | "
                      f"FAILED: {r['failed']}{built} | | | | | |")
            continue
        inf = f"{r['infer_s_min']:.4f}" if r.get('infer_s_min') is not None else ''
        tr = f"{r['train_s_min']:.4f}" if r.get('train_s_min') is not None else ''
        ns = f"{r['train_s_min'] / r['synapses'] * 1e9:.2f}" if r.get('train_s_min') is not None else ''
        md.append(f"| {r['hidden_width']} | {r['hidden_layers']} | {r['neurons']:,} | {r['synapses']:,} | {r['cores']} | {r['chips']} | "
                  f"{r['build_s']:.2f} | {r['heap_bytes'] / 1e6:.1f} | {r['heap_bytes_per_synapse']:.2f} | "
                  f"{r['chip_memory_bits'] / 8e6:.1f} | {tr} | {inf} | {ns} |")
    md += ['', f"Sweep ended: {report['stop']}", '']
    if extra:
        t = extra['train_s_per_sample_if_linear']
        i = extra['infer_s_per_sample_if_linear']
        md += [f"## EXTRAPOLATION to {gb} GiB of heap (not measured)", '',
               (f"Retained heap fitted over the rows as {extra['heap_model']['bytes_per_synapse']:.1f} bytes per synapse "
                f"+ {extra['heap_model']['bytes_per_core_pair']:.1f} bytes per (core, core) pair (the per-synapse "
                f"figure grows with the core count; the structure behind the second term is not identified here), "
                f"cores growing with synapses as in the largest row, plus the build's transient 8 bytes per synapse: "
                if extra['heap_model'] else
                f"At the {extra['bytes_per_synapse_used']:.2f} bytes per synapse measured for {extra['from_size']}, "
                f"plus the build's transient 8 bytes per synapse: ") + f"{gb} GiB would hold "
               f"{extra['hidden_layers']} hidden layers of {extra['hidden_width']:,} ({extra['neurons']:,} neurons, "
               f"{extra['synapses']:,} synapses)."
               + (f" A training sample would take about {t:.0f} s" if t else '')
               + (f"{' and' if t else ' An'} inference sample about {i:.1f} s" if i else '')
               + f" on this machine ({extra['note']})."]
        for c in extra['heap_model_check']:
            if c['built_heap_bytes'] is not None:
                md += ['', f"Check against the size that failed: its build of {c['synapses']:,} synapses fit in "
                       f"-Xmx{heap}, retaining {c['built_heap_bytes'] / 2 ** 30:.1f} GiB (the model above: "
                       f"{c['predicted_peak_bytes'] / 2 ** 30:.1f} GiB at the build's peak), and it ran out of heap "
                       "while its samples ran, so the simulation's working memory during a sample, which the model "
                       "does not include, decides the limit: read the extrapolation as an upper bound."]
                continue
            md += ['', f"Check against the size that failed: the same model puts the build of {c['synapses']:,} "
                   f"synapses at {c['predicted_peak_bytes'] / 2 ** 30:.1f} GiB against the -Xmx{heap} that refused it. "
                   "Humongous-object fragmentation in G1 (each layer's matrix is one array of up to 134 MB) and GC "
                   "headroom make the usable heap smaller than -Xmx, so read the extrapolation as an upper bound."]
        refused = [r for r in failed if not out_of_memory(r)]
        if refused:
            md += ['', f"The chip model refused {refused[0]['size']} on this preset, so the extrapolated network is a "
                   "limit of the simulator's heap only; on this preset the chip model would refuse it too."]
    with open(out_md, 'w') as f:
        f.write('\n'.join(md) + '\n')


if __name__ == '__main__':
    main()
