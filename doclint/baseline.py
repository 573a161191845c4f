"""Baselines: adopt doclint on existing drafts without drowning in old findings.

A baseline file records, for each file, rule and normalised excerpt, how many
findings there were — never line numbers, so inserting or moving text does not
bring old findings back.  With ``--baseline FILE`` a file's findings of one
(rule, excerpt) are reported only beyond the recorded count (the later ones in
document order are the ones reported).  Paths are stored relative to the
baseline file's folder, so the baseline works from any working folder.

Format (JSON, UTF-8)::

    {"version": 1, "tool": "doclint",
     "findings": [{"path": "drafts/a.md", "rule": "LIC001", "excerpt": "须经市城市管理局审批", "count": 1}]}
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter

from doclint.errors import DoclintError

VERSION = 1


class BaselineError(DoclintError):
    pass


def normalise_excerpt(text: str) -> str:
    """Width-insensitive (NFKC: full-width punctuation/digits → half-width), whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _key_path(path: str, base: str) -> str:
    if path == "-":
        return "-"
    rel = os.path.relpath(os.path.abspath(path), base)
    return rel.replace(os.sep, "/")


def _keys(report, base: str) -> list[tuple[tuple[str, str, str], object, object]]:
    out = []
    for fr in report.files:
        p = _key_path(fr.path, base)
        for f in fr.findings:
            out.append(((p, f.rule, normalise_excerpt(f.excerpt)), fr, f))
    return out


def write(report, path: str) -> int:
    """Record the report's findings in `path`; return how many were recorded."""
    base = os.path.dirname(os.path.abspath(path))
    counts = Counter(k for k, _, _ in _keys(report, base))
    entries = [
        {"path": p, "rule": r, "excerpt": e, "count": n}
        for (p, r, e), n in sorted(counts.items())
    ]
    data = {"version": VERSION, "tool": "doclint", "findings": entries}
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise BaselineError(f"{path}: 无法写入基线文件（{exc.strerror or exc.__class__.__name__}）") from None
    return sum(counts.values())


def load(path: str) -> Counter:
    """(path, rule, excerpt) -> count.  Anything malformed is a one-line BaselineError."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise BaselineError(f"{path}: 无法读取基线文件（{exc.strerror or exc.__class__.__name__}）") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: 基线文件不是 UTF-8 编码") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: 基线文件不是有效的 JSON（{exc.msg}）") from None
    if not isinstance(data, dict) or data.get("tool") != "doclint" or "findings" not in data:
        raise BaselineError(f"{path}: 不是 doclint 基线文件（应含 \"tool\": \"doclint\" 和 findings）")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: 不支持的基线版本 {data.get('version')!r}（应为 {VERSION}）")
    entries = data["findings"]
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: findings 应为列表")
    out: Counter = Counter()
    for i, e in enumerate(entries, 1):
        ok = (
            isinstance(e, dict)
            and set(e) == {"path", "rule", "excerpt", "count"}
            and all(isinstance(e[k], str) for k in ("path", "rule", "excerpt"))
            and isinstance(e["count"], int) and not isinstance(e["count"], bool) and e["count"] > 0
        )
        if not ok:
            raise BaselineError(f"{path}: findings 第 {i} 项应为 {{path, rule, excerpt, count（正整数）}}")
        out[(e["path"], e["rule"], e["excerpt"])] += e["count"]
    return out


def filter_report(report, path: str) -> int:
    """Drop the findings the baseline at `path` already records; return how many were dropped."""
    known = load(path)
    base = os.path.dirname(os.path.abspath(path))
    seen: Counter = Counter()
    drop: set[int] = set()
    for key, _fr, f in _keys(report, base):
        seen[key] += 1
        if seen[key] <= known.get(key, 0):
            drop.add(id(f))
    for fr in report.files:
        kept = [f for f in fr.findings if id(f) not in drop]
        if len(kept) != len(fr.findings):
            fr.findings = kept
            fr.rendered.clear()  # rendered with the dropped findings
    return len(drop)
