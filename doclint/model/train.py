"""Training a clause model: labelled clauses in corpus format, published documents as
weak negatives, reviewers' rejected findings; grouped cross-validation; thresholds.

Needs scikit-learn (``pip install 'doclint[train]'``); checking with a model does not.

* **Rows.**  A labelled clause (``cases*.yaml`` rows: ``id``, ``category``, ``label``
  ``violation``/``clean``, ``clause``, ``source`` …) is one row: its text and the
  reading tokens of all its provisions.  Every provision (body, attachments) of a
  negatives document is a clean row of no category.  A suppressed finding with a
  reason is a clean row of its category: a reviewer rejected it.
* **Model.**  One logistic regression per category (one-vs-rest; liblinear, fixed
  ``random_state``, balanced class weights) over hashed char 1–3-grams × idf and the
  reading one-hots (doclint.model.features).  Categories with fewer than
  ``min_violations`` violations get no model.
* **Grouped 5-fold cross-validation.**  Clauses of one ``source`` (a case, a
  regulation) stay in one fold, and so do the provisions of one negatives document.
  Each held-out clause and document is checked as at check time: rules first, then
  the fold's model on the provisions no error/warning rule finding touches.
* **Thresholds.**  Per category, chosen on the pooled out-of-fold scores: greedily,
  the category whose threshold can go lowest with the largest gain in violations
  caught goes first, as long as the whole system (rules and model) keeps at most
  ``max_false_alarms`` of clean clauses flagged and at most ``max_published_per10k``
  content findings per 10,000 characters of the held-out negatives documents.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from doclint import __version__
from doclint.errors import DoclintError
from doclint.model import features
from doclint.model.labels import LABELS
from doclint.model.store import FORMAT, FORMAT_VERSION, Model

BITS = 18
READING_SCALE = 0.5
C = 4.0
FOLDS = 5
MIN_VIOLATIONS = 5
MIN_CHARS = 6
TODAY = _dt.date(2026, 1, 1)  # rule runs during training use a fixed date (deadline rules)
NOT_CONTENT = frozenset({"format", "citation", "scope", "attachment", "procedure", "deadline", "consultation"})


@dataclass
class Row:
    text: str
    tokens: list[str]
    category: str | None  # None: a negative of every category
    label: str  # violation | clean
    group: str
    evaluate: bool = True  # counted in the cross-validated scores
    doc: "EvalDoc | None" = None


@dataclass
class EvalDoc:
    """A held-out unit as check time sees it."""

    kind: str  # clause | published
    rule_categories: set[str]  # categories of error/warning rule findings
    flagged: bool  # any error/warning rule finding
    content_findings: int  # content error/warning rule findings (published)
    chars: int
    candidates: list[tuple[str, list[str]]]  # (text, tokens) of provisions no rule finding touches
    every: list[tuple[str, list[str]]]  # (text, tokens) of every scored provision (model alone)
    provisions: list[tuple[str, list[str]]] = field(default_factory=list)  # all of them (training negatives)
    oof: np.ndarray | None = None  # out-of-fold probabilities of candidates
    oof_all: np.ndarray | None = None


@dataclass
class Data:
    rows: list[Row] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    docs: list[EvalDoc] = field(default_factory=list)  # published documents held out in CV
    doc_groups: list[str] = field(default_factory=list)


# -- reading inputs -------------------------------------------------------------------------
class _Checker:
    """Rules as `doclint check` runs them (bundled rulesets), to know what rules cover."""

    def __init__(self):
        from doclint.engine import Engine
        from doclint.linter import Options, active_rules
        from doclint.rules.base import Context

        self.engine = Engine.load()
        self.rules = active_rules(self.engine, Options())
        self.ctx = Context(today=TODAY)

    def document(self, text: str, path: str):
        from doclint.document import Document
        from doclint.source import Source

        return Document(Source(path=path, text=text, kind="txt"))

    def unit(self, doc, kind: str) -> EvalDoc:
        from doclint.model.check import candidates

        found = self.engine.run(doc, self.ctx, self.rules)
        counted = [f for f in found if f.severity in ("error", "warning")]
        cand = candidates(doc, found)
        every = candidates(doc, [])
        return EvalDoc(
            kind, {f.category for f in counted}, bool(counted), sum(f.category not in NOT_CONTENT for f in counted),
            len(doc.text.rstrip("\n")) if kind == "published" else len(doc.text),
            [(r.provision.text, features.reading_tokens(r.acts)) for r in cand],
            [(r.provision.text, features.reading_tokens(r.acts)) for r in every],
            [(r.provision.text, features.reading_tokens(r.acts)) for r in candidates(doc, [], gate=False)] if kind == "published" else [],
        )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_cases(path: Path) -> list[dict]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DoclintError(f"{path}: 无法读取（{exc.__class__.__name__}）") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DoclintError(f"{where}: 不是有效的 YAML") from None
    if not isinstance(data, list):
        raise DoclintError(f"{path}: 应为条款列表（每项含 category、label、clause）")
    out = []
    for i, row in enumerate(data):
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in ("category", "label", "clause")):
            raise DoclintError(f"{path}: 第 {i + 1} 项缺少 category、label 或 clause")
        if row["label"] not in ("violation", "clean"):
            raise DoclintError(f"{path}: 第 {i + 1} 项的 label 应为 violation 或 clean，而不是 {row['label']!r}")
        out.append(row)
    return out


def collect(cases: list[str], train_only: list[str] = (), negatives: list[str] = (), suppressions: list[str] = (),
            ledger_rows: list[dict] = (), progress=None) -> Data:
    checker = _Checker()
    data = Data()
    for role, paths in (("cases", cases), ("train-only", train_only)):
        for p in sorted(Path(x) for x in paths):
            rows = load_cases(p)
            data.files.append({"file": p.name, "role": role, "rows": len(rows), "sha256": _sha(p)})
            for i, case in enumerate(rows):
                clause = " ".join(str(case["clause"]).split("\n")).strip()
                doc = checker.document(clause + "\n", f"{p.stem}-{i:04d}.txt")
                unit = checker.unit(doc, "clause")
                from doclint.rules.reading_rule import readings

                toks = sorted({t for r in readings(doc) for t in features.reading_tokens(r.acts)}) or ["no-act"]
                group = str(case.get("source") or case.get("id") or f"{p.name}:{i}")
                data.rows.append(Row(clause, toks, case["category"], case["label"], group, role == "cases", unit))
    if ledger_rows:
        from doclint.rules.reading_rule import readings

        data.files.append({"file": "ledger", "role": "ledger", "rows": len(ledger_rows),
                           "sha256": hashlib.sha256(repr(sorted((r["clause"], r["category"], r["label"]) for r in ledger_rows)).encode()).hexdigest()})
        for i, case in enumerate(ledger_rows):
            doc = checker.document(case["clause"] + "\n", f"ledger-{i:05d}.txt")
            toks = sorted({t for r in readings(doc) for t in features.reading_tokens(r.acts)}) or ["no-act"]
            data.rows.append(Row(case["clause"], toks, case["category"], case["label"], f"ledger:{case['source']}", False))
    for p in _documents(negatives):
        from doclint.readers import read_path
        from doclint.document import Document

        try:
            src = read_path(str(p))
        except DoclintError as exc:
            raise DoclintError(f"反例文档 {exc}") from None
        doc = Document(src)
        unit = checker.unit(doc, "published")
        data.files.append({"file": f"{p.parent.name}/{p.name}", "role": "negatives", "rows": len(unit.provisions), "sha256": _sha(p)})
        data.docs.append(unit)
        data.doc_groups.append(f"doc:{p.parent.name}/{p.name}")
        for text, toks in unit.provisions:
            data.rows.append(Row(text, toks, None, "clean", f"doc:{p.parent.name}/{p.name}", False))
    for p in sorted(Path(x) for x in suppressions):
        n = 0
        for cat, text, toks in _rejected(p, checker):
            data.rows.append(Row(text, toks, cat, "clean", f"suppressed:{p.name}", False))
            n += 1
        data.files.append({"file": p.name, "role": "suppressions", "rows": n, "sha256": _sha(p)})
    return data


def _documents(dirs) -> list[Path]:
    from doclint.readers import CHECKED_SUFFIXES

    out = []
    for d in dirs:
        p = Path(d)
        if not p.exists():
            raise DoclintError(f"{d}: 反例目录不存在")
        files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CHECKED_SUFFIXES
                                                and not f.name.startswith((".", "~$")))
        out.extend(files)
    return sorted(set(out))


def _rejected(path: Path, checker: _Checker):
    """(category, provision text, tokens) of every finding a suppression with a reason
    covers in the draft at `path` (suppress.py: comments in .txt/.md, sidecar for .docx)."""
    from doclint.linter import Options, lint_path
    from doclint.rules.reading_rule import readings

    if not path.is_file():
        raise DoclintError(f"{path}: 文件不存在")
    result = lint_path(str(path), checker.engine, checker.ctx, Options())
    if result.error:
        raise DoclintError(result.error)
    sup = [f for f in result.suppressed if f.suppressed and f.category in LABELS]
    if not sup:
        return []
    from doclint.document import Document
    from doclint.readers import read_path

    doc = Document(read_path(str(path)))
    out = []
    seen = set()
    for f in sup:
        for r in readings(doc):
            prov = r.provision
            if prov.start <= f.offset < max(prov.end, prov.start + 1) and (f.category, prov.start) not in seen:
                seen.add((f.category, prov.start))
                out.append((f.category, prov.text, features.reading_tokens(r.acts)))
                break
    return out


# -- fitting ---------------------------------------------------------------------------------
def _hashed(rows: list[Row]) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for r in rows:
        ids, _s, _l = features.grams(features.codes(r.text), BITS)
        u, c = np.unique(ids, return_counts=True)
        out.append((u, c))
    return out


def categories_of(rows: list[Row]) -> list[str]:
    counts: dict[str, int] = {}
    for r in rows:
        if r.label == "violation" and r.category in LABELS:
            counts[r.category] = counts.get(r.category, 0) + 1
    return [c for c in LABELS if counts.get(c, 0) >= MIN_VIOLATIONS]


def fit(rows: list[Row], hashed: list, cats: list[str], c_value: float = C) -> Model:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    n = len(rows)
    cols = np.unique(np.concatenate([u for u, _ in hashed])) if hashed else np.zeros(0, np.int64)
    df = np.zeros(len(cols))
    for u, _ in hashed:
        df[np.searchsorted(cols, u)] += 1
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    idf_unseen = math.log(1.0 + n) + 1.0
    vocab = sorted({t for r in rows for t in r.tokens})
    vidx = {t: i for i, t in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for r, (u, c) in zip(rows, hashed):
        pos = np.searchsorted(cols, u)
        x = c * idf[pos]
        x = x / np.sqrt((x * x).sum())
        ti = sorted({vidx[t] for t in r.tokens})
        data.append(x)
        data.append(np.full(len(ti), READING_SCALE / math.sqrt(len(ti)) if ti else 0.0))
        indices.append(pos)
        indices.append(np.array(ti, dtype=np.int64) + len(cols))
        indptr.append(indptr[-1] + len(pos) + len(ti))
    X = sparse.csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)), shape=(n, len(cols) + len(vocab)))
    W = np.zeros((len(cats), len(cols)))
    R = np.zeros((len(cats), len(vocab)))
    B = np.full(len(cats), -30.0)
    for j, cat in enumerate(cats):
        y = np.array([r.label == "violation" and r.category == cat for r in rows], dtype=int)
        keep = np.array([not (r.label == "violation" and r.category not in LABELS) for r in rows])  # "other": no negative
        if y.sum() == 0 or y[keep].sum() == keep.sum():
            continue
        lr = LogisticRegression(C=c_value, solver="liblinear", class_weight="balanced", random_state=0, max_iter=2000)
        lr.fit(X[keep], y[keep])
        W[j], R[j], B[j] = lr.coef_[0, : len(cols)], lr.coef_[0, len(cols):], lr.intercept_[0]
    return Model(categories=list(cats), thresholds={c: 1.0 for c in cats}, bits=BITS, reading_vocab=vocab,
                 reading_scale=READING_SCALE, idf_unseen=idf_unseen, cols=cols.astype(np.int64), idf=idf,
                 w=W.astype(np.float32), r=R.astype(np.float32), b=B)


def folds_of(groups: list[str], k: int = FOLDS) -> dict[str, int]:
    """Group -> fold: groups ordered by the sha256 of their name, dealt round-robin."""
    uniq = sorted(set(groups), key=lambda g: (hashlib.sha256(g.encode("utf-8")).hexdigest(), g))
    return {g: i % k for i, g in enumerate(uniq)}


def _probs(model: Model, pairs: list[tuple[str, list[str]]]) -> np.ndarray:
    if not pairs:
        return np.zeros((0, len(model.categories)))
    return model.probabilities([t for t, _ in pairs], [k for _, k in pairs])


def cross_validate(data: Data, cats: list[str], progress=None) -> None:
    """Out-of-fold probabilities on every evaluated clause and negatives document."""
    fold = folds_of([r.group for r in data.rows] + data.doc_groups)
    hashed = _hashed(data.rows)
    for f in range(FOLDS):
        idx = [i for i, r in enumerate(data.rows) if fold[r.group] != f]
        model = fit([data.rows[i] for i in idx], [hashed[i] for i in idx], cats)
        for r in data.rows:
            if r.evaluate and r.doc is not None and fold[r.group] == f:
                r.doc.oof, r.doc.oof_all = _probs(model, r.doc.candidates), _probs(model, r.doc.every)
        for d, g in zip(data.docs, data.doc_groups):
            if fold[g] == f:
                d.oof, d.oof_all = _probs(model, d.candidates), _probs(model, d.every)
        if progress:
            progress(f"第 {f + 1}/{FOLDS} 折完成")


# -- thresholds and scores ---------------------------------------------------------------------
def _chosen(p: np.ndarray, thr: np.ndarray) -> np.ndarray:
    """Per provision: index of the category reported (largest margin over threshold), -1 none."""
    if not len(p):
        return np.zeros(0, dtype=int)
    margin = np.where(p >= thr, p - thr, -np.inf)
    best = np.argmax(margin, axis=1)
    return np.where(np.isfinite(margin[np.arange(len(p)), best]), best, -1)


def evaluate(data: Data, cats: list[str], thr: np.ndarray, use_rules: bool = True, use_model: bool = True) -> dict:
    per_cat: dict[str, dict] = {}
    clean = fa = 0
    for r in data.rows:
        if not (r.evaluate and r.doc is not None):
            continue
        d = r.doc
        p = (d.oof if use_rules else d.oof_all) if use_model else None
        chosen = _chosen(p, thr) if p is not None else np.zeros(0, dtype=int)
        model_cats = {cats[j] for j in chosen if j >= 0}
        if r.label == "violation":
            s = per_cat.setdefault(r.category, {"cases": 0, "caught": 0})
            s["cases"] += 1
            hit = (use_rules and (r.category in d.rule_categories or (r.category == "other" and d.flagged))) \
                or r.category in model_cats or (r.category == "other" and model_cats)
            s["caught"] += bool(hit)
        else:
            clean += 1
            fa += bool((use_rules and d.flagged) or model_cats)
    chars = sum(d.chars for d in data.docs)
    pub_rules = sum(d.content_findings for d in data.docs) if use_rules else 0
    pub_model = 0
    if use_model:
        for d in data.docs:
            p = d.oof if use_rules else d.oof_all
            if p is not None and len(p):
                pub_model += int((_chosen(p, thr) >= 0).sum())
    cases = sum(s["cases"] for s in per_cat.values())
    caught = sum(s["caught"] for s in per_cat.values())
    return {"violations": cases, "caught": caught, "clean": clean, "false_alarms": fa,
            "published_chars": chars, "published_rule_findings": pub_rules, "published_model_findings": pub_model,
            "published_per10k": round((pub_rules + pub_model) * 10000 / chars, 4) if chars else None,
            "per_category": {k: per_cat[k] for k in sorted(per_cat)}}


def choose_thresholds(data: Data, cats: list[str], max_false_alarms: float, max_published_per10k: float) -> np.ndarray:
    k = len(cats)
    thr = np.full(k, 1.0)  # 1.0: off
    base = evaluate(data, cats, thr)
    fa_cap = math.floor(max_false_alarms * base["clean"] + 1e-9)
    chars = base["published_chars"]
    pub_cap = math.floor(max_published_per10k * chars / 10000 + 1e-9) if chars else None

    caps = {"fa": max(fa_cap, base["false_alarms"]), "pub": None if pub_cap is None else max(pub_cap, base["published_rule_findings"])}

    def feasible(t: np.ndarray) -> tuple[bool, tuple[int, int]]:
        """Within the caps?  And the gain: (caught by rules and model, caught by the model alone)."""
        e = evaluate(data, cats, t)
        ok = e["false_alarms"] <= caps["fa"]
        if caps["pub"] is not None:
            ok = ok and e["published_rule_findings"] + e["published_model_findings"] <= caps["pub"]
        alone = evaluate(data, cats, t, use_rules=False)
        ok = ok and alone["false_alarms"] <= fa_cap and (pub_cap is None or alone["published_model_findings"] <= pub_cap)
        return ok, (e["caught"], alone["caught"])

    def steps(j: int) -> list[float]:
        vals = set()
        for r in data.rows:
            if r.evaluate and r.doc is not None and r.label == "violation" and r.category == cats[j]:
                for p in (r.doc.oof, r.doc.oof_all):
                    if p is not None:
                        vals.update(float(v) for v in p[:, j])
        return sorted(v for v in vals if v < thr[j] and v >= 0.5)  # never below an even chance

    def greedy(key: int) -> None:
        """Lower thresholds one category at a time, the largest gain in caught[key] first."""
        nonlocal caught
        done: set[int] = set()
        while True:
            best = None
            for j in range(k):
                if j in done:
                    continue
                cand = steps(j)
                lo, hi, found = 0, len(cand) - 1, None  # lowest feasible (feasibility is monotone in t)
                while lo <= hi:
                    mid = (lo + hi) // 2
                    t = thr.copy()
                    t[j] = cand[mid]
                    ok, got = feasible(t)
                    if ok:
                        found, hi = (cand[mid], got), mid - 1
                    else:
                        lo = mid + 1
                if found is None or found[1][key] <= caught[key] or found[1][0] < caught[0]:
                    done.add(j)
                    continue
                if best is None or found[1] > best[2]:
                    best = (j, found[0], found[1])
            if best is None:
                return
            j, t, got = best
            thr[j], caught = t, got

    caught = (base["caught"], 0)
    # 1. what rules and model catch together, within the caps
    greedy(0)
    # 2. then, without one more false alarm or published finding for the whole system,
    #    what the model catches alone (the provisions a rule flags are not its to judge,
    #    but a bureau's model should still know its own training clauses)
    now = evaluate(data, cats, thr)
    caps["fa"] = now["false_alarms"]
    if caps["pub"] is not None:
        caps["pub"] = now["published_rule_findings"] + now["published_model_findings"]
    greedy(1)
    return thr


# -- the whole run -----------------------------------------------------------------------------
def train(cases: list[str], output: str, train_only: list[str] = (), negatives: list[str] = (),
          suppressions: list[str] = (), ledger_rows: list[dict] = (), max_false_alarms: float = 0.05,
          max_published_per10k: float = 1.0, command: str = "doclint train", progress=None) -> dict:
    import scipy
    import sklearn

    data = collect(cases, train_only, negatives, suppressions, ledger_rows, progress)
    if not data.rows:
        raise DoclintError("没有训练数据")
    cats = categories_of(data.rows)
    if not cats:
        raise DoclintError(f"没有任何类别达到 {MIN_VIOLATIONS} 条违法条款，无法训练")
    if progress:
        progress(f"{len(data.rows)} 行训练数据，{len(cats)} 个类别：{'、'.join(cats)}")
    cross_validate(data, cats, progress)
    thr = choose_thresholds(data, cats, max_false_alarms, max_published_per10k)
    off = np.full(len(cats), 1.0)
    cv = {"rules": evaluate(data, cats, off, use_model=False),
          "model": evaluate(data, cats, thr, use_rules=False),
          "both": evaluate(data, cats, thr)}
    model = fit(data.rows, _hashed(data.rows), cats)
    model.thresholds = {c: float(t) for c, t in zip(cats, thr)}
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "doclint_version": __version__, "command": command,
        "data": data.files,
        "rows": {"total": len(data.rows), "violations": sum(r.label == "violation" for r in data.rows),
                 "clean": sum(r.label == "clean" and r.category is not None for r in data.rows),
                 "negative_provisions": sum(r.category is None for r in data.rows)},
        "features": {"text": "char 1-3-grams, digits folded to 0, hashed (doclint.model.features.grams)",
                     "bits": BITS, "tf": "count", "idf": "ln((1+n)/(1+df))+1", "norm": "l2",
                     "idf_unseen": model.idf_unseen, "reading": "one-hot act tokens (features.reading_tokens), l2",
                     "reading_scale": READING_SCALE, "reading_vocab": model.reading_vocab},
        "learner": {"library": "scikit-learn", "version": sklearn.__version__, "scipy": scipy.__version__,
                    "estimator": "LogisticRegression one-vs-rest per category", "solver": "liblinear", "C": C,
                    "class_weight": "balanced", "random_state": 0, "min_violations": MIN_VIOLATIONS},
        "categories": cats, "thresholds": model.thresholds,
        "threshold_rule": {"folds": FOLDS, "group": "source (clauses), document (negatives)",
                           "max_false_alarms": max_false_alarms, "max_published_per10k": max_published_per10k,
                           "chosen_on": "pooled out-of-fold scores; minimum 0.5; 1.0 means off"},
        "cv": cv,
    }
    from doclint.model.store import save

    npz, js = save(model, output, manifest)
    manifest["arrays"] = {"file": npz.name}
    return {"npz": str(npz), "json": str(js), "manifest": manifest}
