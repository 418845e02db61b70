#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) into the Markdown table of dflockd-bench/README.md.

Usage: results-table.py LABEL=results.json [LABEL=results.json ...]

One row per benchmark and result file: score with its 99.9% error, unit, bytes allocated per operation (when run
with -prof gc), and the speed relative to the synchronized reference of the same scenario in the same file
(>1 = faster than the reference; for ns/op that is reference/score, for ops/us score/reference).
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


def rows(label, path):
    with open(path) as f:
        results = json.load(f)
    table = {}
    for r in results:
        scenario, impl = scenario_and_impl(r["benchmark"])
        primary = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        table[(scenario, impl)] = {
            "mode": r["mode"],
            "score": primary["score"],
            "error": primary["scoreError"],
            "unit": primary["scoreUnit"],
            "alloc": alloc["score"] if alloc else None,
            "threads": r["threads"],
        }
    out = []
    for (scenario, impl), v in table.items():
        ref = table.get((scenario, "synchronizedReference"))
        ratio = ""
        if ref and ref["score"] > 0 and v["score"] > 0:
            speed = ref["score"] / v["score"] if v["mode"] == "avgt" else v["score"] / ref["score"]
            ratio = f"{speed:.2f}×"
        alloc = "" if v["alloc"] is None else f"{v['alloc']:.0f}"
        error = float(v["error"])  # "NaN" when there was only one iteration
        score = f"{v['score']:.3f}" if error != error else f"{v['score']:.3f} ± {error:.3f}"
        out.append((scenario, impl, label, score, v["unit"], alloc, ratio))
    return out


def main(args):
    print("| scenario | implementation | JDK | score | unit | B/op | speed vs reference |")
    print("|---|---|---|---:|---|---:|---:|")
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
