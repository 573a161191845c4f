#!/usr/bin/env python3
"""Accuracy benchmark: run doclint over the labelled development corpus.

Scoring follows corpus/README.md exactly:

* cases.yaml: every clause is written to its own one-line UTF-8 .txt file and all
  files are checked in ONE ``doclint check --format json`` run.  A violation is
  *caught* when an error/warning finding in its file has its category (``other``:
  any category) and *flagged* when any error/warning is there.  A clean clause is a
  *false alarm* when any error/warning is there.  ``info`` never counts.
* gazette/: all documents are checked in one run.  For ``in_scope`` documents a
  labelled error/warning finding is *caught* when a finding of its category lands
  on its line or one of its ``also_lines``; a look-alike is a *false alarm* when an
  error/warning of the category it looks like lands on its line; *unlabelled* are
  error/warning findings on lines with no label, per 10,000 characters of the
  in-scope documents.  *Scope* is right when ``scope.normative == in_scope``.

The corpus is read at run time only; nothing from it is stored in the project.
Usage: python benchmarks/accuracy.py [--corpus DIR] [--verbose] [--strict] [--select IDS]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

COUNTED = ("error", "warning")
TARGET_CAUGHT = 0.90           # per category with >= MIN_CASES cases, and overall
MIN_CASES = 5
TARGET_FALSE_ALARMS = 0.10     # clean look-alikes
TARGET_GAZETTE_CAUGHT = 0.70
TARGET_UNLABELLED = 2.0        # per 10,000 characters


SELECT: list[str] = []  # optional --select passed through to doclint


def run_doclint(paths: list[Path], cwd: Path) -> dict:
    """One doclint run over *paths*; returns the JSON report."""
    cmd = [sys.executable, "-m", "doclint", "check", "--format", "json"]
    for sel in SELECT:
        cmd += ["--select", sel]
    cmd += [str(p) for p in paths]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"doclint failed (exit {proc.returncode}):\n{proc.stderr.strip()[:2000]}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise SystemExit(f"doclint did not print JSON ({exc}):\n{proc.stdout[:500]}\n{proc.stderr[:1000]}")


def by_name(report: dict) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in report.get("files", [])}


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}%" if d else "   n/a"


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


# ---------------------------------------------------------------------------
# cases.yaml
# ---------------------------------------------------------------------------
def score_cases(corpus: Path, verbose: bool) -> dict:
    cases = yaml.safe_load((corpus / "cases.yaml").read_text(encoding="utf-8")) or []
    with tempfile.TemporaryDirectory(prefix="doclint-cases-") as tmp:
        tmpdir = Path(tmp)
        names = {}
        for i, case in enumerate(cases):
            name = f"case-{i:04d}.txt"
            clause = " ".join(str(case["clause"]).split("\n")).strip()
            (tmpdir / name).write_text(clause + "\n", encoding="utf-8")
            names[name] = case
        report = run_doclint([tmpdir], cwd=REPO)
    files = by_name(report)

    stats = defaultdict(lambda: {"cases": 0, "caught": 0, "flagged": 0, "clean": 0, "false_alarms": 0})
    details = []
    for name, case in names.items():
        f = files.get(name)
        if f is None:
            raise SystemExit(f"doclint report has no entry for {name}")
        counted = [x for x in f.get("findings", []) if x.get("severity") in COUNTED]
        cat = case["category"]
        s = stats[cat]
        if case["label"] == "violation":
            s["cases"] += 1
            caught = any(cat == "other" or x["category"] == cat for x in counted)
            s["caught"] += caught
            s["flagged"] += bool(counted)
            if not caught:
                details.append(f"  missed      {case['id']:6s} {cat:13s} got: {sorted({x['rule'] for x in counted}) or '-'}")
        else:
            s["clean"] += 1
            if counted:
                s["false_alarms"] += 1
                details.append(f"  false alarm {case['id']:6s} {cat:13s} got: {sorted({x['rule'] for x in counted})}")
    if verbose and details:
        print("cases.yaml details (ids only):")
        print("\n".join(sorted(details)))
        print()
    return dict(stats)


def print_cases(stats: dict) -> dict:
    print("cases.yaml — labelled clauses (error/warning findings only)")
    print(f"  {'category':13s} {'cases':>5s} {'caught':>7s} {'%':>6s} {'flagged':>7s} {'clean':>5s} {'false':>5s} {'%':>6s}  target")
    tot = {"cases": 0, "caught": 0, "flagged": 0, "clean": 0, "false_alarms": 0}
    all_ok = True
    for cat in sorted(stats):
        s = stats[cat]
        for k in tot:
            tot[k] += s[k]
        ok = s["cases"] < MIN_CASES or s["caught"] / s["cases"] >= TARGET_CAUGHT
        all_ok &= ok
        tgt = mark(ok) if s["cases"] >= MIN_CASES else "-"
        print(f"  {cat:13s} {s['cases']:5d} {s['caught']:7d} {pct(s['caught'], s['cases'])} {s['flagged']:7d} "
              f"{s['clean']:5d} {s['false_alarms']:5d} {pct(s['false_alarms'], s['clean'])}  {tgt}")
    overall_ok = tot["cases"] > 0 and tot["caught"] / tot["cases"] >= TARGET_CAUGHT
    fa_ok = tot["clean"] == 0 or tot["false_alarms"] / tot["clean"] <= TARGET_FALSE_ALARMS
    print(f"  {'OVERALL':13s} {tot['cases']:5d} {tot['caught']:7d} {pct(tot['caught'], tot['cases'])} {tot['flagged']:7d} "
          f"{tot['clean']:5d} {tot['false_alarms']:5d} {pct(tot['false_alarms'], tot['clean'])}  "
          f"caught {mark(overall_ok)} / false alarms {mark(fa_ok)}")
    print()
    return {**tot, "ok": all_ok and overall_ok and fa_ok}


# ---------------------------------------------------------------------------
# gazette
# ---------------------------------------------------------------------------
def finding_lines(x: dict) -> set[int]:
    start = int(x.get("line") or 0)
    end = int(x.get("end_line") or start)
    if end > start and int(x.get("end_column") or 2) <= 1:
        end -= 1  # span ends at the very start of the next line
    return set(range(start, max(start, end) + 1))


def score_gazette(corpus: Path, verbose: bool) -> dict:
    labels = yaml.safe_load((corpus / "gazette_labels.yaml").read_text(encoding="utf-8"))
    docs = labels.get("documents", [])
    paths = [corpus / d["file"] for d in docs]
    report = run_doclint(paths, cwd=REPO)
    files = by_name(report)

    by_doc = {d["id"]: d for d in docs}
    findings_at: dict[str, list[dict]] = {}
    chars = 0
    scope_right = 0
    scope_rows = []
    for d in docs:
        f = files.get(Path(d["file"]).name)
        if f is None:
            raise SystemExit(f"doclint report has no entry for {d['file']}")
        findings_at[d["id"]] = f.get("findings", [])
        normative = (f.get("scope") or {}).get("normative")
        scope_right += normative == d["in_scope"]
        scope_rows.append((d["id"], d["in_scope"], normative))
        if d["in_scope"]:
            chars += len((corpus / d["file"]).read_text(encoding="utf-8"))

    labelled_lines: dict[str, set[int]] = defaultdict(set)
    for lab in labels.get("findings", []):
        labelled_lines[lab["doc"]].add(int(lab["line"]))
        labelled_lines[lab["doc"]].update(int(n) for n in lab.get("also_lines") or [])
    for lk in labels.get("clean_lookalikes", []):
        labelled_lines[lk["doc"]].add(int(lk["line"]))

    per_cat = defaultdict(lambda: {"labels": 0, "caught": 0, "caught_strict": 0})
    missed = []
    for lab in labels.get("findings", []):
        if lab["severity"] not in COUNTED or not by_doc[lab["doc"]]["in_scope"]:
            continue
        lines = {int(lab["line"]), *(int(n) for n in lab.get("also_lines") or [])}
        hits = [x for x in findings_at[lab["doc"]] if x["category"] == lab["category"] and finding_lines(x) & lines]
        c = per_cat[lab["category"]]
        c["labels"] += 1
        c["caught"] += bool(hits)
        c["caught_strict"] += any(x["severity"] in COUNTED for x in hits)
        if not hits:
            missed.append(f"  missed      {lab['id']:22s} {lab['category']:12s} line {lab['line']}")

    lookalikes = fa = 0
    fa_rows = []
    for lk in labels.get("clean_lookalikes", []):
        if not by_doc[lk["doc"]]["in_scope"]:
            continue
        lookalikes += 1
        bad = [x for x in findings_at[lk["doc"]]
               if x["severity"] in COUNTED and x["category"] == lk["looks_like"] and int(lk["line"]) in finding_lines(x)]
        if bad:
            fa += 1
            fa_rows.append(f"  look-alike  {lk['id']:22s} {lk['looks_like']:12s} line {lk['line']} got {sorted({x['rule'] for x in bad})}")

    unlabelled = []
    for d in docs:
        if not d["in_scope"]:
            continue
        for x in findings_at[d["id"]]:
            if x["severity"] in COUNTED and not (finding_lines(x) & labelled_lines[d["id"]]):
                unlabelled.append((d["id"], x))
    if verbose:
        print("gazette details (ids and line numbers only):")
        for row in missed + fa_rows:
            print(row)
        for doc_id, x in unlabelled:
            print(f"  unlabelled  {doc_id:22s} {x['category']:12s} line {x['line']} {x['rule']} {x['severity']}")
        for doc_id, want, got in scope_rows:
            if want != got:
                print(f"  scope       {doc_id:22s} labelled in_scope={want} doclint normative={got}")
        print()
    return {
        "per_cat": dict(per_cat), "lookalikes": lookalikes, "lookalike_fa": fa,
        "unlabelled": len(unlabelled), "chars": chars, "scope_right": scope_right, "docs": len(docs),
    }


def print_gazette(g: dict) -> dict:
    print("gazette — in-scope documents, labelled error/warning findings")
    print(f"  {'category':13s} {'labels':>6s} {'caught':>7s} {'%':>6s}")
    labels = caught = strict = 0
    for cat in sorted(g["per_cat"]):
        c = g["per_cat"][cat]
        labels += c["labels"]
        caught += c["caught"]
        strict += c["caught_strict"]
        print(f"  {cat:13s} {c['labels']:6d} {c['caught']:7d} {pct(c['caught'], c['labels'])}")
    rate = caught / labels if labels else 0.0
    per10k = g["unlabelled"] * 10000 / g["chars"] if g["chars"] else 0.0
    caught_ok = rate >= TARGET_GAZETTE_CAUGHT
    unl_ok = per10k <= TARGET_UNLABELLED
    print(f"  {'OVERALL':13s} {labels:6d} {caught:7d} {pct(caught, labels)}  {mark(caught_ok)} (target >= {TARGET_GAZETTE_CAUGHT:.0%})"
          f"  [by error/warning findings only: {strict}/{labels}]")
    print(f"  look-alike false alarms: {g['lookalike_fa']}/{g['lookalikes']} ({pct(g['lookalike_fa'], g['lookalikes']).strip()})")
    print(f"  unlabelled error/warning findings: {g['unlabelled']} in {g['chars']} characters = {per10k:.2f} per 10,000  "
          f"{mark(unl_ok)} (target <= {TARGET_UNLABELLED:g})")
    print(f"  scope right: {g['scope_right']}/{g['docs']}")
    print()
    return {"labels": labels, "caught": caught, "per10k": per10k, "ok": caught_ok and unl_ok}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="doclint accuracy on the labelled development corpus")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus folder (default: {DEFAULT_CORPUS})")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms by id and line")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--select", action="append", default=[], metavar="IDS",
                    help="only run these rules (doclint --select: id prefixes or categories); for diagnosis")
    args = ap.parse_args(argv)
    SELECT[:] = args.select

    corpus = args.corpus
    if not (corpus / "cases.yaml").is_file() or not (corpus / "gazette_labels.yaml").is_file():
        print(f"accuracy: corpus not found at {corpus}; skipping.")
        return 0

    c = print_cases(score_cases(corpus, args.verbose))
    g = print_gazette(score_gazette(corpus, args.verbose))
    gz = score_line = ""
    print("SUMMARY")
    score_line = (f"cases: caught {c['caught']}/{c['cases']} ({pct(c['caught'], c['cases']).strip()}), "
                  f"flagged {c['flagged']}/{c['cases']}, false alarms {c['false_alarms']}/{c['clean']} "
                  f"({pct(c['false_alarms'], c['clean']).strip()})")
    gz = (f"gazette: caught {g['caught']}/{g['labels']} ({pct(g['caught'], g['labels']).strip()}), "
          f"unlabelled {g['per10k']:.2f}/10k chars")
    print(score_line)
    print(gz)
    ok = c["ok"] and g["ok"]
    print(f"targets: {'all met' if ok else 'NOT all met'}")
    return 1 if (args.strict and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
