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
        sps_train = big['train_s_min'] / big['synapses']
        budget = float(gb) * 2 ** 30
        layers = big['hidden_layers']
        # 784-H-..-H-10: synapses(H) = 784 H + (layers-1) H^2 + 10 H; peak = bps * syn + 8 * max layer (H^2 or 784 H)
        def peak(h):
            syn = 784 * h + (layers - 1) * h * h + 10 * h
            return bps * syn + 8 * max(h * h if layers > 1 else 0, 784 * h)
        lo, hi = 1, 1 << 22
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if peak(mid) <= budget else (lo, mid - 1)
        h = lo
        syn = 784 * h + (layers - 1) * h * h + 10 * h
        extra = {'EXTRAPOLATION': True, 'heap_gib': float(gb), 'from_row_hidden_width': big['hidden_width'],
                 'bytes_per_synapse_used': bps, 'largest_hidden_width': h, 'synapses': syn,
                 'neurons': 784 + layers * h + 10, 'train_s_per_sample_if_linear': sps_train * syn,
                 'infer_s_per_sample_if_linear': (big['infer_s_min'] / big['synapses'] * syn)
                 if big.get('infer_s_min') else None,
                 'max_array_length_note': 'a Java array holds at most 2^31-1 elements: the build\'s full H x H '
                                          'float64 matrix caps H at 46340 whatever the heap'
                 if h > 46340 else None}
    report = {'benchmark': 'scale curve, FGT MLP 784-H-H-10 (T=6), spinnaker2 preset, 1 worker',
              'measured_under_load': True, 'note': note, 'heap': heap, 'loadavg_before': lb, 'loadavg_after': la,
              'machine': machine, 'rows': rows, 'stop': summary['stop'] if summary else
              'ScaleMain did not finish: ' + err_tail.strip().splitlines()[-1] if err_tail.strip() else 'unknown',
              'heap_measurement': 'retained heap: Runtime totalMemory - freeMemory after System.gc(), after the '
                                  'build minus before (measured, not computed from array sizes)',
              'extrapolation': extra}
    with open(out_json, 'w') as f:
        json.dump(report, f, indent=2)
        f.write('\n')
    md = ['# Scale curve: FGT MLP 784-H-H-10 on nmsim', '',
          f'**MEASURED UNDER LOAD (load average {lb} before, {la} after, 2 CPUs shared). One JVM, -Xmx{heap}, '
          f'1 kernel worker, spinnaker2 preset, T = 6, float64.**' + (' ' + note if note else ''), '',
          'Heap: retained bytes measured as Runtime totalMemory - freeMemory after System.gc(), after building '
          'minus before. The arrays the cores hold predict 16 bytes per synapse (a float64 weight and a float64 '
          'gradient accumulator per synapse; per-neuron state is small), so the measured figure includes that plus '
          'the kernel and routing structures. Chip memory is the simulated chip\'s modelled synaptic memory '
          '(8-bit weights, 16-bit gradients, traces, feedback), not the JVM\'s. MlpChip has no inference-only build, '
          'so inference holds the same heap as training; only its time differs. Times are the minimum over the '
          'samples run (JIT warmed on a small network first).', '',
          '| H | neurons | synapses | cores | chips | build s | heap MB | heap B/synapse | chip memory MB | '
          'train s/sample | infer s/sample | train us per 1k synapses |', '|---|---|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        if r.get('failed'):
            md.append(f"| {r['hidden_width']} | | {r['synapses']:,} | | | | FAILED: {r['failed']} | | | | | |")
            continue
        inf = f"{r['infer_s_min']:.4f}" if r.get('infer_s_min') is not None else ''
        md.append(f"| {r['hidden_width']} | {r['neurons']:,} | {r['synapses']:,} | {r['cores']} | {r['chips']} | "
                  f"{r['build_s']:.2f} | {r['heap_bytes'] / 1e6:.1f} | {r['heap_bytes_per_synapse']:.2f} | "
                  f"{r['chip_memory_bits'] / 8e6:.1f} | {r['train_s_min']:.4f} | {inf} | "
                  f"{r['train_s_min'] / r['synapses'] * 1e9:.2f} |")
    md += ['', f"Sweep ended: {report['stop']}", '']
    if extra:
        md += [f"## EXTRAPOLATION to {gb} GiB of heap (not measured)", '',
               f"At the {extra['bytes_per_synapse_used']:.2f} bytes per synapse measured at H = "
               f"{extra['from_row_hidden_width']}, plus the build's transient 8 bytes per synapse of the widest layer, "
               f"{gb} GiB would hold H = {extra['largest_hidden_width']:,} ({extra['neurons']:,} neurons, "
               f"{extra['synapses']:,} synapses). If time per sample stays linear in synapses, a training sample "
               f"would take about {extra['train_s_per_sample_if_linear']:.0f} s"
               + (f" and an inference sample {extra['infer_s_per_sample_if_linear']:.1f} s"
                  if extra['infer_s_per_sample_if_linear'] else '') + ' on this machine.'
               + (' ' + extra['max_array_length_note'] if extra['max_array_length_note'] else '')]
    with open(out_md, 'w') as f:
        f.write('\n'.join(md) + '\n')


if __name__ == '__main__':
    main()
