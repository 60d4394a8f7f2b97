"""Prints the Markdown table of reference/results/*_eta*.json (the one in reference/README.md); a run whose file
equals <method>_<dataset>.json is the chosen one for that method.

    /usr/bin/python3 reference/summarize_results.py
"""

import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    print("| method | data | eta | batch | epochs | online train acc per epoch | test acc per epoch | "
          "cos(W0, BP) last epoch | cos(W1, BP) last epoch | wall s | file |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for path in sorted(glob.glob(os.path.join(HERE, "results", "*_eta*.json"))):
        r = json.load(open(path))
        canonical = os.path.join(HERE, "results", f"{r['method']}_{r['dataset']}.json")
        chosen = os.path.exists(canonical) and open(canonical).read() == open(path).read()
        h = r["history"]
        cos = h[-1].get("cosine_with_bp_per_hidden_layer") if h else None
        c = ["-", "-"]
        if cos:
            c = ["-" if x["mean_cosine"] is None or x["mean_cosine"] != x["mean_cosine"] else f"{x['mean_cosine']:.3f}"
                 for x in cos]
        online = ", ".join("%.3f" % e["train_acc_online"] for e in h)
        test = ", ".join("%.3f" % e["test_acc"] for e in h)
        print(f"| {r['method']} | {r['dataset']} | {r['eta']} | {r['batch']} | {len(h)} | {online} | {test} | "
              f"{c[0]} | {c[1]} | {r['wall_seconds']:.0f} | {os.path.basename(path)}{' (= ' + os.path.basename(canonical) + ')' if chosen else ''} |")


if __name__ == "__main__":
    main()
