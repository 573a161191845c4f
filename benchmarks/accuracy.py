#!/usr/bin/env python3
"""Accuracy benchmark: run doclint over the WHOLE labelled development corpus.

Scoring follows corpus/README.md exactly:

* every case file ``cases*.yaml`` (cases.yaml, cases_fc.yaml, cases_reg.yaml and
  any later one): every clause is written to its own one-line UTF-8 .txt file and
  the files of ALL case files are checked in ONE ``doclint check --format json``
  run.  A violation is *caught* when an error/warning finding in its file has its
  category (``other``: any category) and *flagged* when any error/warning is there.
  A clean clause is a *false alarm* when any error/warning is there.  ``info``
  never counts.  Targets: >= 90% caught in every category with >= 5 violations,
  <= 5% false alarms on clean rows (over all case files together).
* gazette/: all documents are checked in one run.  For ``in_scope`` documents a
  labelled error/warning finding is *caught* when a finding of its category lands
  on its line or one of its ``also_lines``; a look-alike is a *false alarm* when an
  error/warning of the category it looks like lands on its line; *unlabelled* are
  error/warning findings on lines with no label, per 10,000 characters of the
  in-scope documents.  *Scope* is right when ``scope.normative == in_scope``.
  Targets: >= 80% caught, <= 2 unlabelled per 10,000 characters.
* published/: all documents in one run; *content* findings (every category except
  format, citation, scope, attachment, procedure, deadline, consultation) at
  error/warning, per 10,000 characters of all documents.  Target: <= 1.0.

The three parts run as three doclint processes in parallel.  The corpus is read at
run time only; nothing from it is stored in the project, and the output names ids,
files, rules and line numbers only, never corpus text.

This is a measure on the dev corpus, which the rules must not be fitted to: a
hidden set of the same kinds judges generality.

The main sections check as a user does: rules and the shipped clause model.  With
``--model`` a section follows: rules alone, model alone and both, on the whole dev
corpus and on grouped 5-fold cross-validation (docs/model.md).

Usage: python benchmarks/accuracy.py [--corpus DIR] [--verbose] [--strict]
                                     [--json PATH] [--select IDS] [--model]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"

COUNTED = ("error", "warning")
TARGET_CAUGHT = 0.90           # per category with >= MIN_CASES violations
MIN_CASES = 5
TARGET_FALSE_ALARMS = 0.05     # clean rows of the case files
TARGET_GAZETTE_CAUGHT = 0.80
TARGET_UNLABELLED = 2.0        # per 10,000 characters of in-scope gazette documents
TARGET_PUBLISHED = 1.0         # content error/warning findings per 10,000 characters
NOT_CONTENT = frozenset({"format", "citation", "scope", "attachment", "procedure", "deadline", "consultation"})


SELECT: list[str] = []  # optional --select passed through to doclint
EXTRA: list[str] = []  # further doclint arguments (the --model section: --no-model, --select MDL)


def run_doclint(paths: list[Path], cwd: Path) -> dict:
    """One doclint run over *paths*; returns the JSON report."""
    cmd = [sys.executable, "-m", "doclint", "check", "--format", "json"]
    for sel in SELECT:
        cmd += ["--select", sel]
    cmd += EXTRA
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


def ratio(n: int, d: int) -> float | None:
    return n / d if d else None


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def is_content(x: dict) -> bool:
    return x.get("severity") in COUNTED and x.get("category") not in NOT_CONTENT


# ---------------------------------------------------------------------------
# case files
# ---------------------------------------------------------------------------
def case_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("cases*.yaml"))


def _blank() -> dict:
    return {"cases": 0, "caught": 0, "flagged": 0, "clean": 0, "false_alarms": 0}


def score_cases(corpus: Path, verbose: bool = False) -> dict:
    """All clauses of all case files, one file each, in one doclint run.

    Returns {"per_cat": {category: counts}, "per_file": {case file: counts},
    "details": [lines naming ids only]}."""
    rows: list[tuple[str, dict]] = []  # (case file name, case)
    for cf in case_files(corpus):
        for case in yaml.safe_load(cf.read_text(encoding="utf-8")) or []:
            rows.append((cf.name, case))
    with tempfile.TemporaryDirectory(prefix="doclint-cases-") as tmp:
        tmpdir = Path(tmp)
        names = {}
        for i, (cf, case) in enumerate(rows):
            name = f"{Path(cf).stem}-{i:04d}.txt"
            clause = " ".join(str(case["clause"]).split("\n")).strip()
            (tmpdir / name).write_text(clause + "\n", encoding="utf-8")
            names[name] = (cf, case)
        report = run_doclint([tmpdir], cwd=REPO) if names else {"files": []}
    files = by_name(report)

    per_cat: dict[str, dict] = defaultdict(_blank)
    per_file: dict[str, dict] = defaultdict(_blank)
    details = []
    for name, (cf, case) in names.items():
        f = files.get(name)
        if f is None:
            raise SystemExit(f"doclint report has no entry for {name}")
        counted = [x for x in f.get("findings", []) if x.get("severity") in COUNTED]
        cat = case["category"]
        for s in (per_cat[cat], per_file[cf]):
            if case["label"] == "violation":
                s["cases"] += 1
                s["caught"] += any(cat == "other" or x["category"] == cat for x in counted)
                s["flagged"] += bool(counted)
            else:
                s["clean"] += 1
                s["false_alarms"] += bool(counted)
        got = sorted({x["rule"] for x in counted})
        if case["label"] == "violation" and not any(cat == "other" or x["category"] == cat for x in counted):
            details.append(f"  missed      {cf:16s} {case['id']:8s} {cat:13s} got: {got or '-'}")
        elif case["label"] != "violation" and counted:
            details.append(f"  false alarm {cf:16s} {case['id']:8s} {cat:13s} got: {got}")
    return {"per_cat": dict(per_cat), "per_file": dict(per_file), "details": sorted(details)}


def print_cases(c: dict, verbose: bool = False) -> dict:
    if verbose and c["details"]:
        print("case files details (ids only):")
        print("\n".join(c["details"]))
        print()
    stats = c["per_cat"]
    print(f"case files ({', '.join(sorted(c['per_file'])) or 'none'}) — labelled clauses, error/warning findings only")
    print(f"  {'category':13s} {'cases':>5s} {'caught':>7s} {'%':>6s} {'flagged':>7s} {'clean':>5s} {'false':>5s} {'%':>6s}  target")
    tot = _blank()
    cats_ok = True
    cat_rows = {}
    for cat in sorted(stats):
        s = stats[cat]
        for k in tot:
            tot[k] += s[k]
        judged = s["cases"] >= MIN_CASES
        ok = not judged or s["caught"] / s["cases"] >= TARGET_CAUGHT
        cats_ok &= ok
        cat_rows[cat] = {**s, "caught_rate": ratio(s["caught"], s["cases"]), "judged": judged, "ok": ok}
        print(f"  {cat:13s} {s['cases']:5d} {s['caught']:7d} {pct(s['caught'], s['cases'])} {s['flagged']:7d} "
              f"{s['clean']:5d} {s['false_alarms']:5d} {pct(s['false_alarms'], s['clean'])}  "
              f"{mark(ok) if judged else '-'}")
    fa_ok = tot["clean"] == 0 or tot["false_alarms"] / tot["clean"] <= TARGET_FALSE_ALARMS
    print(f"  {'OVERALL':13s} {tot['cases']:5d} {tot['caught']:7d} {pct(tot['caught'], tot['cases'])} {tot['flagged']:7d} "
          f"{tot['clean']:5d} {tot['false_alarms']:5d} {pct(tot['false_alarms'], tot['clean'])}  "
          f"categories {mark(cats_ok)} (>= {TARGET_CAUGHT:.0%} each with >= {MIN_CASES}) / "
          f"false alarms {mark(fa_ok)} (<= {TARGET_FALSE_ALARMS:.0%})")
    for cf in sorted(c["per_file"]):
        s = c["per_file"][cf]
        print(f"  file {cf:18s} caught {s['caught']}/{s['cases']} ({pct(s['caught'], s['cases']).strip()}), "
              f"flagged {s['flagged']}/{s['cases']}, false alarms {s['false_alarms']}/{s['clean']} "
              f"({pct(s['false_alarms'], s['clean']).strip()})")
    print()
    return {**tot, "caught_rate": ratio(tot["caught"], tot["cases"]),
            "false_alarm_rate": ratio(tot["false_alarms"], tot["clean"]),
            "categories": cat_rows, "files": c["per_file"],
            "categories_ok": cats_ok, "false_alarms_ok": fa_ok, "ok": cats_ok and fa_ok}


# ---------------------------------------------------------------------------
# gazette
# ---------------------------------------------------------------------------
def finding_lines(x: dict) -> set[int]:
    start = int(x.get("line") or 0)
    end = int(x.get("end_line") or start)
    if end > start and int(x.get("end_column") or 2) <= 1:
        end -= 1  # span ends at the very start of the next line
    return set(range(start, max(start, end) + 1))


def score_gazette(corpus: Path, verbose: bool = False) -> dict:
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
    details = missed + fa_rows
    details += [f"  unlabelled  {doc_id:22s} {x['category']:12s} line {x['line']} {x['rule']} {x['severity']}"
                for doc_id, x in unlabelled]
    details += [f"  scope       {doc_id:22s} labelled in_scope={want} doclint normative={got}"
                for doc_id, want, got in scope_rows if want != got]
    return {
        "per_cat": dict(per_cat), "lookalikes": lookalikes, "lookalike_fa": fa,
        "unlabelled": len(unlabelled), "chars": chars, "scope_right": scope_right, "docs": len(docs),
        "details": details,
    }


def print_gazette(g: dict, verbose: bool = False) -> dict:
    if verbose and g["details"]:
        print("gazette details (ids and line numbers only):")
        print("\n".join(g["details"]))
        print()
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
    return {"labels": labels, "caught": caught, "caught_strict": strict, "caught_rate": ratio(caught, labels),
            "per_cat": g["per_cat"], "lookalikes": g["lookalikes"], "lookalike_false_alarms": g["lookalike_fa"],
            "unlabelled": g["unlabelled"], "chars": g["chars"], "unlabelled_per10k": per10k,
            "scope_right": g["scope_right"], "docs": g["docs"],
            "caught_ok": caught_ok, "unlabelled_ok": unl_ok, "ok": caught_ok and unl_ok}


# ---------------------------------------------------------------------------
# published
# ---------------------------------------------------------------------------
def published_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "published").glob("*.txt"))


def score_published(corpus: Path, verbose: bool = False) -> dict:
    """All published documents in one run; content error/warning findings per 10k characters."""
    paths = published_files(corpus)
    report = run_doclint(paths, cwd=REPO) if paths else {"files": []}
    files = by_name(report)
    per_doc: dict[str, dict] = {}
    per_rule: dict[str, dict] = defaultdict(lambda: {"category": "", "findings": 0, "docs": set()})
    lines: list[str] = []
    for p in paths:
        f = files.get(p.name)
        if f is None:
            raise SystemExit(f"doclint report has no entry for published/{p.name}")
        n_chars = len(p.read_text(encoding="utf-8"))
        content = [x for x in f.get("findings", []) if is_content(x)]
        per_doc[p.name] = {"chars": n_chars, "findings": len(content),
                           "normative": (f.get("scope") or {}).get("normative")}
        for x in content:
            r = per_rule[x["rule"]]
            r["category"] = x["category"]
            r["findings"] += 1
            r["docs"].add(p.name)
            lines.append(f"  finding     {p.name:10s} line {x['line']:4d} {x['rule']:8s} {x['category']:12s} {x['severity']}")
    chars = sum(d["chars"] for d in per_doc.values())
    n = sum(d["findings"] for d in per_doc.values())
    return {"docs": len(per_doc), "chars": chars, "findings": n,
            "per10k": n * 10000 / chars if chars else 0.0,
            "per_doc": per_doc,
            "per_rule": {k: {"category": v["category"], "findings": v["findings"], "docs": len(v["docs"])}
                         for k, v in per_rule.items()},
            "details": lines}


def print_published(p: dict, verbose: bool = False) -> dict:
    ok = p["per10k"] <= TARGET_PUBLISHED
    print("published — documents that passed their issuers' review, content error/warning findings")
    if verbose:
        print(f"  {'document':10s} {'chars':>7s} {'findings':>8s} {'per 10k':>8s}  scope.normative")
        for name, d in sorted(p["per_doc"].items()):
            print(f"  {name:10s} {d['chars']:7d} {d['findings']:8d} {d['findings'] * 10000 / d['chars'] if d['chars'] else 0:8.2f}"
                  f"  {d['normative']}")
        print(f"  {'rule':8s} {'category':12s} {'findings':>8s} {'docs':>5s}")
        for rule, r in sorted(p["per_rule"].items(), key=lambda kv: (-kv[1]["findings"], kv[0])):
            print(f"  {rule:8s} {r['category']:12s} {r['findings']:8d} {r['docs']:5d}")
        if p["details"]:
            print("  findings (file and line only; judge a sample with benchmarks/published_sample.py):")
            print("\n".join(p["details"]))
    print(f"  OVERALL {p['findings']} content findings in {p['docs']} documents, {p['chars']} characters = "
          f"{p['per10k']:.2f} per 10,000  {mark(ok)} (target <= {TARGET_PUBLISHED:g})")
    print()
    return {k: v for k, v in p.items() if k != "details"} | {"ok": ok}


# ---------------------------------------------------------------------------
# the clause model (docs/model.md)
# ---------------------------------------------------------------------------
MODEL_RUNS = (("rules alone", ["--no-model"]), ("model alone", ["--select", "MDL"]), ("rules + model", []))


def model_section(corpus: Path, have_cases: bool, have_gazette: bool, have_published: bool) -> dict:
    """Rules alone, model alone and both: whole dev corpus (three doclint runs each) and
    grouped 5-fold cross-validation with the shipped model's thresholds."""
    out: dict = {"whole": {}, "cv": None}
    print("MODEL — the shipped clause model (doclint/models/clause-model.json) next to the rules")
    print("  whole dev corpus (the model was trained on these clauses and documents: in-sample)")
    print(f"  {'run':14s} {'caught':>15s} {'clean flagged':>15s} {'gazette unlab./10k':>19s} {'published /10k':>15s}")
    for name, extra in MODEL_RUNS:
        EXTRA[:] = extra
        with ThreadPoolExecutor(max_workers=3) as pool:
            fc = pool.submit(score_cases, corpus) if have_cases else None
            fg = pool.submit(score_gazette, corpus) if have_gazette else None
            fp = pool.submit(score_published, corpus) if have_published else None
            c, g, p = (f.result() if f else None for f in (fc, fg, fp))
        EXTRA[:] = []
        row: dict = {}
        if c:
            n = sum(v["cases"] for v in c["per_cat"].values())
            k = sum(v["caught"] for v in c["per_cat"].values())
            cl = sum(v["clean"] for v in c["per_cat"].values())
            fa = sum(v["false_alarms"] for v in c["per_cat"].values())
            row.update(caught=k, violations=n, false_alarms=fa, clean=cl)
        if g:
            row["gazette_unlabelled_per10k"] = g["unlabelled"] * 10000 / g["chars"] if g["chars"] else None
        if p:
            row["published_per10k"] = p["per10k"]
        out["whole"][name] = row
        print(f"  {name:14s} {row.get('caught', 0):>4d}/{row.get('violations', 0):<3d}{pct(row.get('caught', 0), row.get('violations', 0))} "
              f"{row.get('false_alarms', 0):>4d}/{row.get('clean', 0):<3d}{pct(row.get('false_alarms', 0), row.get('clean', 0))} "
              f"{_num(row.get('gazette_unlabelled_per10k')):>19s} {_num(row.get('published_per10k')):>15s}")
    try:
        out["cv"] = _model_cv(corpus)
    except ImportError as exc:
        print(f"  cross-validation skipped: {exc.name} is not installed (pip install -e '.[train]')")
    print()
    return out


def _num(x) -> str:
    return f"{x:.2f}" if isinstance(x, (int, float)) else "-"


def _model_cv(corpus: Path) -> dict:
    """Grouped 5-fold CV as scripts/train_model.py trains: fold models on 4/5 of the clauses
    and published documents, the shipped thresholds, scored on the held-out fifth."""
    import numpy as np

    sys.path.insert(0, str(REPO))
    from doclint.model import train as T
    from doclint.model.check import get_model

    shipped = get_model("builtin")
    data = T.collect([str(p) for p in case_files(corpus)], [str(REPO / "benchmarks" / "own-clauses.yaml")],
                     [str(corpus / "published")] if published_files(corpus) else [])
    cats = shipped.categories
    T.cross_validate(data, cats)
    thr = np.array([shipped.thresholds[c] for c in cats])
    res = {"rules alone": T.evaluate(data, cats, np.full(len(cats), 1.0), use_model=False),
           "model alone": T.evaluate(data, cats, thr, use_rules=False),
           "rules + model": T.evaluate(data, cats, thr)}
    print("  grouped 5-fold cross-validation (group = source; published documents held out by document;")
    print("  thresholds are the shipped ones, chosen on these same out-of-fold scores: slightly optimistic)")
    print(f"  {'run':14s} {'caught':>15s} {'clean flagged':>15s} {'published /10k':>15s}")
    for name, e in res.items():
        print(f"  {name:14s} {e['caught']:>4d}/{e['violations']:<3d}{pct(e['caught'], e['violations'])} "
              f"{e['false_alarms']:>4d}/{e['clean']:<3d}{pct(e['false_alarms'], e['clean'])} {_num(e['published_per10k']):>15s}")
    cats_all = sorted(set().union(*(e["per_category"] for e in res.values())))
    print(f"  {'category':14s} " + " ".join(f"{n:>14s}" for n in res))
    for cat in cats_all:
        cells = []
        for e in res.values():
            s = e["per_category"].get(cat, {"cases": 0, "caught": 0})
            cells.append(f"{s['caught']:>4d}/{s['cases']:<3d}{pct(s['caught'], s['cases'])}")
        print(f"  {cat:14s} " + " ".join(f"{c:>14s}" for c in cells))
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="doclint accuracy on the labelled development corpus")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"corpus folder (default: {DEFAULT_CORPUS})")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="list misses and false alarms by id and line; per-document and per-rule published breakdown")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers as JSON to PATH")
    ap.add_argument("--model", action="store_true",
                    help="also: rules alone (--no-model), model alone (--select MDL) and both, on the whole dev corpus "
                         "and on grouped 5-fold cross-validation (retrains 5 fold models; needs scikit-learn)")
    ap.add_argument("--select", action="append", default=[], metavar="IDS",
                    help="only run these rules (doclint --select: id prefixes or categories); for diagnosis")
    args = ap.parse_args(argv)
    SELECT[:] = args.select

    corpus = args.corpus
    have_cases = bool(case_files(corpus))
    have_gazette = (corpus / "gazette_labels.yaml").is_file()
    have_published = bool(published_files(corpus))
    if not (have_cases or have_gazette or have_published):
        print(f"accuracy: corpus not found at {corpus}; skipping.")
        return 0

    # three doclint processes at once: one per part
    with ThreadPoolExecutor(max_workers=3) as pool:
        fc = pool.submit(score_cases, corpus) if have_cases else None
        fg = pool.submit(score_gazette, corpus) if have_gazette else None
        fp = pool.submit(score_published, corpus) if have_published else None
        parts = {"cases": fc.result() if fc else None, "gazette": fg.result() if fg else None,
                 "published": fp.result() if fp else None}

    out: dict = {"corpus": str(corpus), "select": SELECT, "targets": {
        "caught_per_category": TARGET_CAUGHT, "min_cases": MIN_CASES, "false_alarms": TARGET_FALSE_ALARMS,
        "gazette_caught": TARGET_GAZETTE_CAUGHT, "gazette_unlabelled_per10k": TARGET_UNLABELLED,
        "published_per10k": TARGET_PUBLISHED}}
    summary = []
    if parts["cases"] is not None:
        c = out["cases"] = print_cases(parts["cases"], args.verbose)
        summary.append(f"cases: caught {c['caught']}/{c['cases']} ({pct(c['caught'], c['cases']).strip()}), "
                       f"flagged {c['flagged']}/{c['cases']}, false alarms {c['false_alarms']}/{c['clean']} "
                       f"({pct(c['false_alarms'], c['clean']).strip()}); categories below "
                       f"{TARGET_CAUGHT:.0%}: {', '.join(k for k, v in c['categories'].items() if not v['ok']) or 'none'}")
    else:
        print(f"case files: none (cases*.yaml) in {corpus}; skipped\n")
    if parts["gazette"] is not None:
        g = out["gazette"] = print_gazette(parts["gazette"], args.verbose)
        summary.append(f"gazette: caught {g['caught']}/{g['labels']} ({pct(g['caught'], g['labels']).strip()}), "
                       f"unlabelled {g['unlabelled_per10k']:.2f}/10k chars")
    else:
        print(f"gazette: no gazette_labels.yaml in {corpus}; skipped\n")
    if parts["published"] is not None:
        p = out["published"] = print_published(parts["published"], args.verbose)
        summary.append(f"published: {p['findings']} content findings, {p['per10k']:.2f}/10k chars")
    else:
        print(f"published: no published/*.txt in {corpus}; skipped\n")

    ok = all(out[k]["ok"] for k in ("cases", "gazette", "published") if k in out)
    out["ok"] = ok
    print("SUMMARY")
    for line in summary:
        print(line)
    print(f"targets: {'all met' if ok else 'NOT all met'}")
    if args.model:
        out["model"] = model_section(corpus, have_cases, have_gazette, have_published)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if (args.strict and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
