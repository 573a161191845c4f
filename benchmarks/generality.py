"""Score the content rules on the developers' own varied clauses (benchmarks/own-clauses.yaml).

    python benchmarks/generality.py            # table per category
    python benchmarks/generality.py --check    # exit 1 below 90% caught or above 2 false alarms

Each clause is written to its own one-line file and all are checked in one
`doclint check --format json` run, scored like the dev corpus (benchmarks/accuracy.py).
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MIN_CAUGHT, MAX_FALSE = 0.90, 2


def score() -> tuple[dict, list[str]]:
    rows = yaml.safe_load((HERE / "own-clauses.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for r in rows:
            p = Path(tmp) / f"{r['id']}.txt"
            p.write_text(r["clause"] + "\n", encoding="utf-8")
            paths.append(str(p))
        out = subprocess.run([sys.executable, "-m", "doclint", "check", "--no-config", "--format", "json", *paths],
                             capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"doclint failed (exit {out.returncode}): {out.stderr.strip()}")
    by_id = {Path(f["path"]).stem: f for f in json.loads(out.stdout)["files"]}
    table: dict = collections.defaultdict(lambda: [0, 0, 0, 0])  # caught, cases, false, clean
    misses = []
    for r in rows:
        found = [x for x in by_id[r["id"]]["findings"] if x["severity"] != "info"]
        t = table[r["category"]]
        if r["label"] == "violation":
            t[1] += 1
            if any(x["category"] == r["category"] for x in found):
                t[0] += 1
            else:
                misses.append(f"missed  {r['id']}: {r['clause'][:50]}")
        else:
            t[3] += 1
            if found:
                t[2] += 1
                misses.append(f"alarm   {r['id']}: {r['clause'][:50]} {[x['rule'] for x in found]}")
    return table, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss and false alarm")
    args = ap.parse_args()
    table, misses = score()
    print(f"{'category':<13}{'caught':>10}{'false alarms':>15}")
    for cat in sorted(table):
        c, n, f, k = table[cat]
        print(f"{cat:<13}{c:>5}/{n:<4}{f:>10}/{k:<4}")
    caught = sum(v[0] for v in table.values())
    cases = sum(v[1] for v in table.values())
    false = sum(v[2] for v in table.values())
    clean = sum(v[3] for v in table.values())
    print(f"{'OVERALL':<13}{caught:>5}/{cases:<4}{false:>10}/{clean:<4}  caught {caught / cases:.1%}")
    if args.verbose:
        print("\n".join(misses))
    ok = caught / cases >= MIN_CAUGHT and false <= MAX_FALSE
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
