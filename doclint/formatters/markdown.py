"""Markdown: a summary, then one table per file (位置 | 规则 | 级别 | 问题 | 依据).

For pull-request comments, wikis and job summaries (``>> $GITHUB_STEP_SUMMARY``).
Every piece of document text is escaped so that it renders as text, never as markup.
"""

from __future__ import annotations

import re

from doclint.categories import CATEGORIES, SEVERITIES, SEVERITY_LABELS

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def md(s: str | None) -> str:
    """Escape text for a table cell: markdown punctuation, pipes, line breaks."""
    if not s:
        return ""
    s = _SPECIAL.sub(r"\\\1", s)
    return s.replace("\r", "").replace("\n", "<br>")


def _summary(files: list[dict], summary: dict) -> list[str]:
    unreadable = sum(1 for fd in files if fd["error"])
    tail = f"，{unreadable} 个文件无法读取" if unreadable else ""
    skipped = f"，跳过 {summary['skipped']} 个" if summary.get("skipped") else ""
    out = [
        f"已检查 {summary['files']} 个文件{skipped}：{summary['errors']} 个错误，{summary['warnings']} 个警告，"
        f"{summary['infos']} 个提示{tail}。",
        "",
    ]
    counts: dict[str, dict[str, int]] = {}
    for fd in files:
        for d in fd["findings"]:
            counts.setdefault(d["category"], dict.fromkeys(SEVERITIES, 0))[d["severity"]] += 1
    if counts:
        out.append("| 类别 | " + " | ".join(SEVERITY_LABELS[s] for s in SEVERITIES) + " | 合计 |")
        out.append("|---|" + "---:|" * (len(SEVERITIES) + 1))
        order = list(CATEGORIES)
        for cat in sorted(counts, key=lambda c: (order.index(c) if c in order else len(order), c)):
            row = counts[cat]
            cells = " | ".join(str(row[s]) for s in SEVERITIES)
            out.append(f"| {md(CATEGORIES.get(cat, cat))}（{cat}） | {cells} | {sum(row.values())} |")
        out.append("")
    return out


def _location(d: dict) -> str:
    loc = f"{d['line']}:{d['column']}"
    return f"{loc}<br>{md(d['section'])}" if d["section"] else loc


def _problem(d: dict) -> str:
    parts = [md(d["message"])]
    if d["excerpt"]:
        parts.append(f"原文：「{md(d['excerpt'])}」")
    if d.get("suggestion"):
        parts.append(f"建议：{md(d['suggestion'])}")
    if d.get("suppressed") is not None:
        parts.append(f"豁免理由：{md(d['suppressed'])}")
    return "<br>".join(parts)


def _table(rows: list[dict]) -> list[str]:
    out = ["| 位置 | 规则 | 级别 | 问题 | 依据 |", "|---|---|---|---|---|"]
    for d in rows:
        basis = "<br>".join(md(b) for b in d.get("basis") or [])
        out.append(
            f"| {_location(d)} | {md(d['rule'])} | {SEVERITY_LABELS.get(d['severity'], d['severity'])} "
            f"| {_problem(d)} | {basis} |"
        )
    return out


def render(report, **_options) -> str:
    data = report.to_dict()
    out = ["# doclint 审核报告", ""]
    out += _summary(data["files"], data["summary"])
    for fd in data["files"]:
        out += [f"## {md(fd['path'])}", ""]
        if fd["error"]:
            out += [f"> **无法读取**：{md(fd['error'])}", ""]
            continue
        if fd.get("skipped"):
            out += [f"> 跳过：{md(fd['skipped'])}", ""]
            continue
        doc = fd["document"]
        meta = [f"{label}：{md(doc[key])}" for key, label in
                (("title", "标题"), ("doc_number", "文号"), ("issuer", "制定机关"), ("date", "成文日期"))
                if doc.get(key)]
        if meta:
            out += ["；".join(meta), ""]
        for n in fd.get("notices", []):
            out += [f"> 注意：{md(n)}", ""]
        if fd["findings"]:
            out += _table(fd["findings"]) + [""]
        else:
            out += ["未发现问题。", ""]
        if fd.get("suppressed"):
            out += [f"已豁免 {len(fd['suppressed'])} 处（保留审核记录）：", ""] + _table(fd["suppressed"]) + [""]
    return "\n".join(out).rstrip("\n") + "\n"
