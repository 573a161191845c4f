"""The model at check time: a second reader for provisions no rule has flagged.

Every provision of the body and attachments that no error/warning rule finding
touches is scored; when a category's probability reaches its threshold (from the
model's manifest), one ``warning`` is added for the provision — the category that
clears its threshold by most — with ``"source": "model"``, rule id ``MDL0nn`` of the
category (doclint.model.labels), the probability in the message, the category's
legal basis, and as its span the characters whose n-grams weigh most.  Rules win:
a provision a rule already flags is never scored.
"""

from __future__ import annotations

import functools
from pathlib import Path

from doclint.model.labels import LABELS, message
from doclint.rules.base import Rule, RuleMeta, finding_in_source

BUILTIN = "builtin"
MIN_CHARS = 6  # shorter provisions (headings, numbers) are not scored


def builtin_path() -> Path:
    return Path(__file__).resolve().parent.parent / "models" / "clause-model.json"


@functools.lru_cache(maxsize=4)
def _load(path: str, stamp: tuple):
    from doclint.model.files import read_model
    from doclint.model.scorer import Scorer

    return Scorer(*read_model(path))


def get_model(spec: str):
    """The model named by a setting: "builtin" (the shipped one) or a path."""
    path = builtin_path() if spec == BUILTIN else Path(spec)
    from doclint.model.files import paths_of

    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in paths_of(path))
    return _load(str(path), stamp)


@functools.lru_cache(maxsize=None)
def meta_of(category: str) -> RuleMeta:
    rid, msg, basis = LABELS[category]
    return RuleMeta(id=rid, name=f"model.{category}", category=category, severity="warning", basis=list(basis),
                    message=f"模型判断：{msg}", description="由训练的条款模型报告（不是规则）")


def wanted(options) -> set[str]:
    """The model categories --select/--ignore/per-file-ignores leave on (selectors as for rules)."""
    from doclint.engine import rule_matches

    out = set()
    for cat in LABELS:
        r = Rule(meta_of(cat))
        sel = rule_matches(r, options.select) if options.select else 1
        ign = rule_matches(r, options.ignore) if options.ignore else 0
        if sel and sel > ign and not (options.file_ignores and rule_matches(r, options.file_ignores)):
            out.add(cat)
    return out


def candidates(doc, findings, gate: bool = True) -> list:
    """Readings of the provisions the model may speak for: body or attachments, not touched
    by an error/warning finding, at least MIN_CHARS characters, and (`gate`) setting some
    measure the reading recognises: a provision that names no act, or whose every act
    the reading finds forbidden, removed or only mentioned ("不得限定经营者"), is left alone."""
    from doclint.rules.reading_rule import readings

    import bisect
    from itertools import accumulate

    # a provision is touched when a span starts before its end and ends after its start:
    # with the spans sorted by start, the largest end among those starting before the
    # provision's end tells (a zero-length span counts as one character)
    spans = sorted((f.offset, max(f.end_offset, f.offset + 1)) for f in findings if f.severity in ("error", "warning"))
    starts = [a for a, _b in spans]
    reach = list(accumulate((b for _a, b in spans), max))
    out = []
    for rd in readings(doc):
        prov = rd.provision
        if doc.zone_at(prov.start) not in ("body", "attachments"):
            continue
        if len(prov.text.strip()) < MIN_CHARS:
            continue
        k = bisect.bisect_left(starts, prov.end)
        if k and reach[k - 1] > prov.start:
            continue
        if gate and (not rd.acts or all(a.stance == "refers" for a in rd.acts)):
            continue  # it names no measure, or forbids, removes or only mentions every one it names
        out.append(rd)
    return out


def score(model, rds, which=None):
    from doclint.model.scorer import reading_tokens

    return model.probabilities([rd.provision.text for rd in rds], [reading_tokens(rd.acts) for rd in rds], which)


def add_findings(doc, result, options) -> None:
    """Add the model's findings for `doc` to `result.findings` (sorted)."""
    cats = wanted(options)
    if not cats:
        return
    model = get_model(options.model)
    # only the categories that are on (threshold below 1.0) and selected are scored
    which = tuple(j for j, c in enumerate(model.categories) if c in cats and model.thresholds[c] < 1.0)
    if not which:
        return
    rds = candidates(doc, result.findings)
    if not rds:
        return
    probs = score(model, rds, which)
    thr = [model.thresholds[model.categories[j]] for j in which]
    added = []
    for rd, row in zip(rds, probs):
        best, margin = None, 0.0
        for col, j in enumerate(which):
            if row[col] >= thr[col] and (best is None or row[col] - thr[col] > margin):
                best, margin = (model.categories[j], float(row[col])), row[col] - thr[col]
        if best is None:
            continue
        cat, p = best
        prov = rd.provision
        a, e = model.weighty_span(prov.text, cat)
        start, end = _doc_offset(prov, a), _doc_offset(prov, e - 1) + 1
        meta = meta_of(cat)
        f = finding_in_source(meta, doc.source, start, end, doc.section_at(start), message(cat, p))
        f.source = "model"
        added.append(f)
    if added:
        result.findings = sorted(result.findings + added, key=lambda f: f.sort_key())


def _doc_offset(prov, i: int) -> int:
    """Document offset of character i of prov.text (its parts laid end to end)."""
    for part in prov.parts:
        if i < len(part.text):
            return part.start + i
        i -= len(part.text)
    return prov.end
