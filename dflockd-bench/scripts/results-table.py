#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) into the Markdown table of dflockd-bench/README.md.

Usage: results-table.py LABEL=results.json [LABEL=results.json ...]

One row per benchmark and result file: mean score with its 99.9% error, the best measurement iteration (lowest ns/op,
highest ops/us: on a shared, noisy machine interference only ever makes an iteration worse, so the best one is the
closer estimate of the undisturbed cost), unit, bytes allocated per operation (when run with -prof gc), and the
speed relative to the synchronized reference of the same scenario in the same file, from the means and from the best
iterations (>1 = faster than the reference; for ns/op that is reference/score, for ops/us score/reference).
"""
import json
import re
import sys


def scenario_and_impl(name):
    cls, method = name.rsplit(".", 2)[-2:]
    match = re.fullmatch(r"([A-Za-z]+?)(\d*Threads|\d*)", method)
    impl, threads = match.group(1), match.group(2)
    scenario = cls.replace("Benchmark", "")
    if threads:
        scenario += " " + threads.replace("Threads", "") + "t"
    return scenario, impl


def speed(mode, score, reference):
    return f"{(reference / score if mode == 'avgt' else score / reference):.2f}×"


def rows(label, path):
    with open(path) as f:
        results = json.load(f)
    table = {}
    for r in results:
        scenario, impl = scenario_and_impl(r["benchmark"])
        primary = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        iterations = [x for fork in primary["rawData"] for x in fork]
        best = min(iterations) if r["mode"] == "avgt" else max(iterations)
        table[(scenario, impl)] = {
            "mode": r["mode"],
            "best": best,
            "score": primary["score"],
            "error": primary["scoreError"],
            "unit": primary["scoreUnit"],
            "alloc": alloc["score"] if alloc else None,
            "threads": r["threads"],
        }
    out = []
    for (scenario, impl), v in table.items():
        ref = table.get((scenario, "synchronizedReference"))
        ratio = ratio_best = ""
        if ref and ref["score"] > 0 and v["score"] > 0:
            ratio = speed(v["mode"], v["score"], ref["score"])
            ratio_best = speed(v["mode"], v["best"], ref["best"])
        alloc = "" if v["alloc"] is None else f"{v['alloc']:.0f}"
        error = float(v["error"])  # "NaN" when there was only one iteration
        score = f"{v['score']:.3f}" if error != error else f"{v['score']:.3f} ± {error:.3f}"
        out.append((scenario, impl, label, score, f"{v['best']:.3f}", v["unit"], alloc, ratio, ratio_best))
    return out


def main(args):
    print("| scenario | implementation | JDK | mean ± 99.9% error | best iteration | unit | B/op "
          "| speed vs reference (means) | (best iterations) |")
    print("|---|---|---|---:|---:|---|---:|---:|---:|")
    all_rows = []
    for arg in args:
        label, path = arg.split("=", 1)
        all_rows.extend(rows(label, path))
    order = ["engine", "synchronizedReference", "fairReentrantLock", "fairSemaphore", "aesCtrPerThread",
             "sharedSecureRandom"]
    all_rows.sort(key=lambda r: (r[0], order.index(r[1]) if r[1] in order else 99, r[2]))
    for r in all_rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
