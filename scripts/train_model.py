#!/usr/bin/env python3
"""Train the shipped clause model doclint/models/clause-model.npz + .json.

    python scripts/train_model.py [--corpus ../shared/corpus]

Runs `doclint train` on every cases*.yaml of the corpus (cross-validated, grouped by
source), benchmarks/own-clauses.yaml (developer-written clauses: training only, not
scored), and the published/ documents of the corpus as weak negatives.  Inputs are
sorted and every seed fixed, so the same command on the same tree and data writes the
same bytes (compare the sha256 in the manifest).  Needs `pip install -e '.[train]'`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--output", type=Path, default=REPO / "doclint" / "models" / "clause-model.npz")
    args = ap.parse_args(argv)
    cases = sorted(str(p) for p in args.corpus.glob("cases*.yaml"))
    if not cases:
        print(f"train_model: no cases*.yaml in {args.corpus}", file=sys.stderr)
        return 2
    argv2 = ["train", *cases, "--output", str(args.output), "--train-only", str(REPO / "benchmarks" / "own-clauses.yaml"),
             "--negatives", str(args.corpus / "published")]
    from doclint.cli import main as cli

    return cli.main(argv2, prog_name="doclint", standalone_mode=True) or 0


if __name__ == "__main__":
    sys.exit(main())
