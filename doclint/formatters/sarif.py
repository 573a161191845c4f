"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).

Built only from Report.to_dict / Finding.to_dict.  Columns are Unicode code points
(``columnKind: unicodeCodePoints``), exactly as in the JSON report; ``charOffset`` and
``charLength`` are code-point offsets into the extracted text (for .docx: one line per
paragraph, see CONTRACT.md section 2).
"""

from __future__ import annotations

import json
import ntpath
import posixpath
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from doclint.categories import CATEGORIES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path as the user gave it.

    Relative paths stay relative (forward slashes, percent-encoded where RFC 3986
    requires it, so ``草案 1.docx`` becomes ``%E8%8D%89%E6%A1%88%201.docx``);
    absolute paths become ``file:`` URIs.
    """
    if path == "-":
        return "-"
    if posixpath.isabs(path):
        return PurePosixPath(path).as_uri()
    if ntpath.isabs(path) and ntpath.splitdrive(path)[0]:
        return PureWindowsPath(path).as_uri()
    return quote(path.replace("\\", "/"), safe="/")


def with_basis(d: dict) -> str:
    """The finding's message followed by its legal basis (shared by sarif and github)."""
    basis = "；".join(d.get("basis") or [])
    return f"{d['message']}（依据：{basis}）" if basis else d["message"]


def _rule_descriptor(d: dict) -> dict:
    basis = list(d.get("basis") or [])
    help_lines = [d["message"], "", "法律依据："] + [f"- {b}" for b in basis]
    if d.get("suggestion"):
        help_lines += ["", f"修改建议：{d['suggestion']}"]
    label = CATEGORIES.get(d["category"], d["category"])
    return {
        "id": d["rule"],
        "name": d.get("name") or d["rule"],
        "shortDescription": {"text": f"{d['title']}：{d['message']}" if d.get("title") else d["message"]},
        "fullDescription": {"text": with_basis(d)},
        "help": {"text": "\n".join(help_lines)},
        "defaultConfiguration": {"level": LEVELS[d["severity"]]},
        "properties": {
            "category": d["category"],
            "categoryLabel": label,
            "basis": basis,
            "severity": d["severity"],
            "tags": [d["category"], label],
        },
    }


def _result(d: dict, uri: str, rule_index: int, suppressed: bool = False) -> dict:
    region = {
        "startLine": d["line"],
        "startColumn": d["column"],
        "endLine": d["end_line"],
        "endColumn": d["end_column"],
        "charOffset": d["offset"],
        "charLength": d["end_offset"] - d["offset"],
    }
    props = {"category": d["category"], "section": d["section"], "excerpt": d["excerpt"]}
    if d.get("suggestion"):
        props["suggestion"] = d["suggestion"]
    r = {
        "ruleId": d["rule"],
        "ruleIndex": rule_index,
        "level": LEVELS[d["severity"]],
        "message": {"text": with_basis(d)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        "properties": props,
    }
    if suppressed:
        kind = "external" if uri.lower().endswith(".docx") else "inSource"
        r["suppressions"] = [{"kind": kind, "status": "accepted", "justification": d.get("suppressed") or ""}]
    return r


def build(report) -> dict:
    """The SARIF log as a dict (render() dumps it)."""
    data = report.to_dict()
    files = data["files"]

    # One descriptor per rule seen, described by its first finding; sorted for stable indexes.
    first: dict[str, dict] = {}
    for fd in files:
        for d in fd["findings"] + fd.get("suppressed", []):
            first.setdefault(d["rule"], d)
    rule_ids = sorted(first)
    index = {rid: i for i, rid in enumerate(rule_ids)}

    results, notifications = [], []
    for fd in files:
        uri = artifact_uri(fd["path"])
        where = [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]
        if fd["error"]:
            notifications.append({"level": "error", "message": {"text": fd["error"]}, "locations": where})
            continue
        if fd.get("skipped"):
            notifications.append({"level": "note", "message": {"text": f"跳过：{fd['skipped']}"}, "locations": where})
            continue
        for n in fd.get("notices", []):
            notifications.append({"level": "note", "message": {"text": n}, "locations": where})
        for d in fd["findings"]:
            results.append(_result(d, uri, index[d["rule"]]))
        for d in fd.get("suppressed", []):
            results.append(_result(d, uri, index[d["rule"]], suppressed=True))

    invocation = {"executionSuccessful": not any(fd["error"] for fd in files)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": data["tool"]["name"],
                        "version": data["tool"]["version"],
                        "semanticVersion": data["tool"]["version"],
                        "language": "zh-CN",
                        "rules": [_rule_descriptor(first[rid]) for rid in rule_ids],
                    }
                },
                "language": "zh-CN",
                "columnKind": "unicodeCodePoints",
                "invocations": [invocation],
                "results": results,
                "properties": {"summary": data["summary"]},
            }
        ],
    }


def render(report, **_options) -> str:
    return json.dumps(build(report), ensure_ascii=False, indent=2) + "\n"
