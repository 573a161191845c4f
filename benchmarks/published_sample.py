#!/usr/bin/env python3
"""Draw a random sample of content findings on ../shared/corpus/published/ for hand judging.

All published documents are checked in one ``doclint check --format json`` run, as
benchmarks/accuracy.py scores them; the content findings (every category except
format, citation, scope, attachment, procedure, deadline, consultation) at
error/warning are pooled and N of them are drawn with a fixed seed, so two
developers see the same sample.  For each: rule, category, file:line, severity,
message and the finding's excerpt, so it can be judged true / defensible / wrong.

The excerpt is printed to the terminal only, to read the finding in context: do
not copy it into the project.  Record the judgement in docs/published-sample.md
by file:line, rule and category, with your own short reason.

Usage: python benchmarks/published_sample.py [-n 20] [--seed 14] [--corpus DIR] [--select IDS]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", HERE / "accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    acc = load_accuracy()
    ap = argparse.ArgumentParser(description="random sample of content findings on published/ for hand judging")
    ap.add_argument("-n", "--number", type=int, default=20, help="sample size (default 20)")
    ap.add_argument("--seed", type=int, default=14, help="random seed (default 14, fixed so the sample repeats)")
    ap.add_argument("--corpus", type=Path, default=acc.DEFAULT_CORPUS, help=f"corpus folder (default: {acc.DEFAULT_CORPUS})")
    ap.add_argument("--select", action="append", default=[], metavar="IDS", help="only run these rules (doclint --select)")
    args = ap.parse_args(argv)
    acc.SELECT[:] = args.select

    paths = acc.published_files(args.corpus)
    if not paths:
        print(f"published_sample: no published/*.txt under {args.corpus}; skipping.")
        return 0
    report = acc.run_doclint(paths, cwd=acc.REPO)
    files = acc.by_name(report)
    pool = []
    for p in paths:
        for x in (files.get(p.name) or {}).get("findings", []):
            if acc.is_content(x):
                pool.append((p.name, x))
    # a stable order before sampling, so the sample depends on the seed and the findings only
    pool.sort(key=lambda t: (t[0], int(t[1].get("line") or 0), int(t[1].get("column") or 0), t[1]["rule"]))
    n = min(args.number, len(pool))
    sample = sorted(random.Random(args.seed).sample(range(len(pool)), n))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"{len(pool)} content error/warning findings in {len(paths)} published documents "
          f"({len(pool) * 10000 / chars:.2f} per 10,000 characters); sample of {n}, seed {args.seed}")
    print("Judge each: true / defensible / wrong. Excerpts are for reading here only, not for copying.")
    print()
    for k, i in enumerate(sample, 1):
        name, x = pool[i]
        print(f"[{k}] published/{name}:{x.get('line')}  {x['rule']}  {x['category']}  {x['severity']}")
        print(f"    message: {x.get('message', '')}")
        print(f"    excerpt: {x.get('excerpt', '')}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
