"""Lint one input: read → structure → rules → findings, never raising for bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from doclint.document import Document
from doclint.engine import Engine, rule_matches
from doclint.errors import DoclintError
from doclint.readers import CHECKED_SUFFIXES, MAX_BYTES, read_path
from doclint.report import FileResult
from doclint.rules.base import Context, Rule


@dataclass
class Options:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    encoding: str | None = None
    docx_headers: bool = False
    max_bytes: int = MAX_BYTES
    docx_view: str = "final"  # Word files: "final" (tracked changes accepted) or "original"
    severity: dict[str, str] = field(default_factory=dict)  # rule id -> severity override
    file_ignores: list[str] = field(default_factory=list)  # per-file-ignores: win over select
    suppressions: bool = True  # honour <!-- doclint: … --> directives and .docx sidecar lists
    warn_unused_suppressions: bool = False  # SUP002 runs only when asked for
    ledger: str | None = None  # review ledger (path or URL) for CFL003/CFL004 (doclint.ledger)
    model: str = ""  # trained clause model: "" off, "builtin" the shipped one, or a path (doclint.model)


def active_rules(engine: Engine, options: Options) -> list[Rule]:
    from doclint.rules.suppression_rules import SuppressionUnused

    out = []
    for r in engine.rules:
        sel = rule_matches(r, options.select) if options.select else 1
        ign = rule_matches(r, options.ignore) if options.ignore else 0
        if sel and sel > ign:
            if options.file_ignores and rule_matches(r, options.file_ignores):
                continue
            if isinstance(r, SuppressionUnused) and not options.warn_unused_suppressions:
                continue
            out.append(r)
    return out


def document_fields(doc: Document) -> dict:
    st = doc.structure
    issuers = [i for i in st.issuers if i.source == "signature"] or [
        i for i in st.issuers if i.source in ("header", "title", "alone")
    ]
    names = []
    for i in issuers:
        if i.name not in names:
            names.append(i.name)
    return {
        "title": st.title,
        "doc_number": st.doc_number,
        "issuer": "、".join(names) if names else None,
        "date": st.date.isoformat() if st.date else None,
        "kind": st.kind,
    }


def lint_document(doc: Document, engine: Engine, ctx: Context, rules: list[Rule], result: FileResult) -> FileResult:
    result.findings = engine.run(doc, ctx, rules, result.notices)
    result.document = document_fields(doc)
    result.scope = doc.scope
    return result


def lint_path(path: str, engine: Engine, ctx: Context, options: Options, rules: list[Rule] | None = None) -> FileResult:
    result = FileResult(path=path)
    rules = rules if rules is not None else active_rules(engine, options)
    try:
        source = read_path(path, encoding=options.encoding, docx_headers=options.docx_headers, max_bytes=options.max_bytes,
                           docx_view=options.docx_view)
    except DoclintError as exc:
        result.error = str(exc)
        return result
    except MemoryError:
        result.error = f"{path}: 文件过大，内存不足，未检查"
        return result
    result.notices.extend(source.notices)
    doc = Document(source)
    result.text = source.text
    result.origins = source.origin_wheres()
    try:
        lint_document(doc, engine, ctx, rules, result)
    except DoclintError:
        raise
    except RecursionError:
        result.error = f"{path}: 文档结构过于复杂，无法分析"
        result.findings = []
    if options.model and not result.error:  # the second reader, on provisions no rule flagged
        from doclint.model.check import add_findings

        add_findings(doc, result, options)
    if options.suppressions and not result.error:
        from doclint.suppress import apply

        try:
            apply(doc, result, rules, options.warn_unused_suppressions)
        except DoclintError as exc:  # a malformed sidecar list: the file's error, as for bad input
            result.error, result.findings, result.suppressed = str(exc), [], []
    for f in result.findings + result.suppressed:
        if f.rule in options.severity:
            f.severity = options.severity[f.rule]
    return result


# kinds of file often found beside drafts, and why they are not checked
SKIP_REASONS = {
    **dict.fromkeys((".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"), "压缩包，请解压后再检查"),
    **dict.fromkeys((".xls", ".xlsx", ".xlsm", ".et", ".ods", ".csv"), "表格"),
    **dict.fromkeys((".ppt", ".pptx", ".dps", ".odp"), "演示文稿"),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"), "图片，扫描件请先转为文字"),
    **dict.fromkeys((".ofd",), "OFD 版式文件，请另存为 PDF 或 Word"),
}


def skip_reason(path: str) -> str:
    """Why a file found in a folder is listed as skipped."""
    kind = SKIP_REASONS.get(Path(path).suffix.lower())
    return f"不支持的文件类型（{kind}）" if kind else "不支持的文件类型"


def expand_paths(paths: list[str], exclude=None, skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """Files as given, folders recursively (readers.CHECKED_SUFFIXES), in a stable order.

    Files of other kinds under a folder go to `skipped` as (path, reason) when a list is
    given. Silent either way: hidden files and folders, Word's lock files (~$…) and
    doclint's own suppression lists (*.doclint.yaml)."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        pp = Path(p)
        if pp.is_dir():
            for f in sorted(pp.rglob("*")):
                if f.is_file() and not f.name.startswith(("~$", ".")):
                    if any(part.startswith(".") for part in f.relative_to(pp).parts):
                        continue
                    if f.name.endswith(".doclint.yaml"):
                        continue
                    if exclude and exclude(str(f)):
                        continue
                    if f.suffix.lower() in CHECKED_SUFFIXES:
                        out.append(str(f))
                    elif skipped is not None:
                        skipped.append((str(f), skip_reason(str(f))))
        else:
            out.append(p)
    return out
