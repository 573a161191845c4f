"""Suppressions: accepted exceptions, each with a reason, kept in the report.

In .txt/.md drafts (and standard input) suppressions are HTML comments::

    <!-- doclint: disable=LIC001,fee reason="依据《××条例》第十条，经法制机构确认" -->
    …                                  (everything from the comment on)
    <!-- doclint: enable=LIC001,fee -->

    <!-- doclint: disable-next-paragraph=PEN001 reason="……" -->
    第九条 ……                          (only the paragraph after the comment's line)

Selectors are rule ids, id prefixes (``LIC``), categories (``licensing``) or
dotted names, comma-separated; ``all`` is every rule.  A ``disable`` without an
``enable`` lasts to the end of the file.  A "paragraph" is one line in .txt
(drafts put one paragraph per line) and a block of non-blank lines in .md.

.docx files cannot hold such comments; their suppressions live in a sidecar
file next to them, ``NAME.doclint.yaml`` (or ``NAME.docx.doclint.yaml``; not
both)::

    suppressions:
      - rule: LIC001               # selectors, as above (string or list)
        excerpt: 须经市城市管理局审批   # text the finding touches (optional: whole file)
        reason: ……

Whitespace and full-/half-width punctuation are ignored when the excerpt is
looked up.  Suppressed findings move to ``FileResult.suppressed`` with
``Finding.suppressed`` set to the reason ("" when none was given).  Problems with
the suppressions themselves are findings of the rules in
``rulesets/structure/suppressions.yaml``: SUP001 (no reason), SUP002 (unused;
only with ``--warn-unused-suppressions``), SUP003 (malformed directive).  Their
own findings cannot be suppressed (only ignored, like any rule).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from doclint.categories import CATEGORIES
from doclint.errors import RulesetError
from doclint.finding import Finding
from doclint.yamlutil import LineDict, load_yaml

# kinds of problems with suppressions; the rules reporting them are the classes in
# doclint/rules/suppression_rules.py (SUP001, SUP002, SUP003 in the bundled rulesets)
REASON, UNUSED, INVALID = "reason", "unused", "invalid"
COMMANDS = ("disable", "enable", "disable-next-paragraph")
COMMENT_KINDS = ("txt", "md", "stdin")

_COMMENT_RE = re.compile(r"<!--\s*doclint\s*[:：](?P<body>.*?)-->", re.S)
_REASON_RE = re.compile(r"(?:^|\s)reason\s*=\s*")
_QUOTES = {'"': '"', "“": "”", "'": "'", "「": "」"}
_SELECTOR_RE = re.compile(r"^(?:all|ALL|[A-Za-z]{1,4}\d{0,3}|[a-z]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)?)$")
_SIDECAR_KEYS = {"suppressions"}
_ENTRY_KEYS = {"rule", "excerpt", "reason"}


@dataclass
class Suppression:
    """One accepted exception: selectors, the text it covers, and why."""

    kind: str  # range | next-paragraph | sidecar
    selectors: tuple[str, ...]
    reason: str | None
    anchor: tuple[int, int]  # where findings about the suppression itself point
    where: str  # 第3行 / file.doclint.yaml:4 (for messages)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # selector -> covered spans
    whole: bool = False  # sidecar entry without excerpt: the whole document
    empty: bool = False  # covers no text at all (statically unused)

    def covers(self, f: Finding) -> str | None:
        """The selector under which this suppression covers finding `f`, or None."""
        for sel in self.selectors:
            if not selector_matches(sel, f.rule, f.category, f.name):
                continue
            if self.whole:
                return sel
            end = max(f.end_offset, f.offset + 1)
            for a, b in self.spans.get(sel, ()):
                if (f.offset < b and a < end) if self.kind == "sidecar" else (a <= f.offset < b):
                    return sel
        return None


@dataclass
class Collected:
    suppressions: list[Suppression]
    problems: list[tuple[str, int, int, str]]  # (kind, start, end, message)
    comments: list[tuple[int, int]]  # spans of directive comments (their text is not draft text)


# -- selectors -------------------------------------------------------------------------------
def normalise_selector(sel: str) -> str:
    sel = sel.strip()
    if re.match(r"^[A-Za-z]{1,4}\d{1,3}$", sel) or (sel.isupper() and sel.isalpha()):
        return sel.upper()
    return "all" if sel.lower() == "all" else sel


def selector_matches(sel: str, rule: str, category: str, name: str) -> bool:
    """Same vocabulary as --select: id prefix, category, dotted name (prefix), all."""
    if sel == "all":
        return True
    if sel[:1].isupper():
        return rule.startswith(sel)
    if sel == category:
        return True
    return name == sel or name.startswith(sel + ".") or name.startswith(sel + "-")


def _valid_selector(sel: str) -> bool:
    if not _SELECTOR_RE.match(sel):
        return False
    if sel[:1].islower() and sel != "all" and "." not in sel:
        return sel in CATEGORIES
    return True


# -- comments in .txt/.md ---------------------------------------------------------------------
def _line_no(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _parse_body(body: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(command, selectors, reason, problem) of a directive comment's body."""
    body = body.strip()
    reason = None
    m = _REASON_RE.search(body)
    if m:
        rest = body[m.end():]
        body = body[: m.start()].strip()
        q = rest[:1]
        close = _QUOTES.get(q)
        end = rest.find(close, 1) if close else -1
        if not close or end < 0:
            return None, None, None, "reason 的内容应写在引号中，如 reason=\"……\""
        reason = rest[1:end].strip()
        if rest[end + 1:].strip():
            return None, None, None, f"无法识别 reason 之后的内容：{rest[end + 1:].strip()[:30]}"
    cmd, eq, sels = body.partition("=")
    cmd = cmd.strip()
    if cmd not in COMMANDS:
        return None, None, None, f"未知的指令 {cmd or body!r}（可用：{'、'.join(COMMANDS)}）"
    if not eq or not sels.strip():
        return None, None, None, f"{cmd} 应写明规则，如 {cmd}=LIC001"
    return cmd, sels, reason, None


def _paragraph_after(text: str, pos: int, kind: str, comments: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The paragraph after the line holding offset `pos` (skipping blank and directive-only lines)."""
    nl = text.find("\n", pos)
    if nl < 0:
        return None
    i = nl + 1
    n = len(text)

    def strip_comments(a: int, b: int) -> str:
        seg = text[a:b]
        for ca, cb in comments:
            if ca < b and a < cb:
                seg = seg.replace(text[max(a, ca):min(b, cb)], "")
        return seg.strip()

    while i < n:
        j = text.find("\n", i)
        j = n if j < 0 else j
        if strip_comments(i, j):
            break
        i = j + 1
    if i >= n:
        return None
    start = i
    end = text.find("\n", start)
    end = n if end < 0 else end
    if kind == "md":
        while end < n:
            k = text.find("\n", end + 1)
            k = n if k < 0 else k
            line = text[end + 1:k]
            if not line.strip() or line.lstrip().startswith("#") or _COMMENT_RE.search(line):
                break
            end = k
    return start, end


def _collect_comments(text: str, kind: str, out: Collected) -> None:
    comments = [(m.start(), m.end()) for m in _COMMENT_RE.finditer(text)]
    out.comments.extend(comments)
    open_: list[tuple[Suppression, str, int]] = []  # (suppression, selector, index into its spans)
    for m in _COMMENT_RE.finditer(text):
        a, b = m.start(), m.end()
        where = f"第{_line_no(text, a)}行"
        cmd, sels, reason, problem = _parse_body(m.group("body"))
        if problem:
            out.problems.append((INVALID, a, b, f"无法识别的 doclint 忽略指令：{problem}。"))
            continue
        selectors = [normalise_selector(s) for s in re.split(r"[,，、\s]+", sels) if s.strip()]
        bad = [s for s in selectors if not _valid_selector(s)]
        if bad:
            out.problems.append((INVALID, a, b, f"忽略指令中的 {bad[0]!r} 不是规则编号、编号前缀、类别或规则名称。"))
            selectors = [s for s in selectors if s not in bad]
            if not selectors:
                continue
        if cmd == "enable":
            for sel in selectors:
                hit = [o for o in open_ if o[1] == sel]
                if not hit:
                    out.problems.append((INVALID, a, b, f"enable={sel} 之前没有对应的 disable={sel}。"))
                    continue
                for o in hit:
                    sup, s, idx = o
                    start = sup.spans[s][idx][0]
                    sup.spans[s][idx] = (start, a)
                    open_.remove(o)
            continue
        sup = Suppression(
            kind="range" if cmd == "disable" else "next-paragraph",
            selectors=tuple(dict.fromkeys(selectors)), reason=reason or None, anchor=(a, b), where=where,
        )
        if not reason:
            out.problems.append((REASON, a, b, f"忽略指令（{cmd}={','.join(selectors)}）没有写明理由。"))
        if cmd == "disable":
            for sel in sup.selectors:
                sup.spans[sel] = [(a, len(text))]
                open_.append((sup, sel, 0))
        else:
            para = _paragraph_after(text, b, kind, comments)
            for sel in sup.selectors:
                sup.spans[sel] = [para] if para else []
        out.suppressions.append(sup)
    # a suppression that covers only whitespace and other directives can never be used
    for sup in out.suppressions:
        sup.empty = not any(_has_text(text, a, b, comments) for spans in sup.spans.values() for a, b in spans)


def _has_text(text: str, a: int, b: int, comments: list[tuple[int, int]]) -> bool:
    pos = a
    for ca, cb in sorted(comments):
        if cb <= pos or ca >= b:
            continue
        if text[pos:ca].strip():
            return True
        pos = max(pos, cb)
    return bool(text[pos:b].strip())


# -- sidecar files for .docx ----------------------------------------------------------------------
def sidecar_path(path: str) -> Path | None:
    """The sidecar of a .docx file, or None.  Both names present is an error."""
    if path == "-":
        return None
    p = Path(path)
    cands = [p.with_name(p.stem + ".doclint.yaml"), p.with_name(p.name + ".doclint.yaml")]
    found = [c for c in cands if c.is_file()]
    if len(found) > 1:
        raise RulesetError(found[1], None, f"与 {found[0].name} 重复：同一文件只能有一个忽略清单")
    return found[0] if found else None


def _loose_pattern(excerpt: str) -> re.Pattern | None:
    """Regex finding `excerpt` regardless of whitespace and full/half-width punctuation."""
    parts = []
    for ch in excerpt:
        if ch.isspace():
            continue
        alts = {ch, unicodedata.normalize("NFKC", ch)}
        if "!" <= ch <= "~":
            alts.add(chr(ord(ch) + 0xFEE0))
        parts.append("[" + "".join(re.escape(c) for c in sorted(alts) if len(c) == 1) + "]" if len(alts) > 1 else re.escape(ch))
    if not parts:
        return None
    return re.compile(r"\s*".join(parts))


def _collect_sidecar(text: str, side: Path, out: Collected) -> None:
    data = load_yaml(side)
    if data is None:
        return
    if not isinstance(data, LineDict):
        raise RulesetError(side, 1, "忽略清单顶层应为映射：suppressions: [ {rule, excerpt, reason} … ]")
    for k in data:
        if k not in _SIDECAR_KEYS:
            raise RulesetError(side, data.line_of(k), f"未知的键 {k!r}（允许：suppressions）")
    entries = data.get("suppressions") or []
    if not isinstance(entries, list):
        raise RulesetError(side, data.line_of("suppressions"), "suppressions 应为列表")
    name = side.name
    for e in entries:
        line = getattr(e, "line", None)
        if not isinstance(e, LineDict):
            raise RulesetError(side, line, "suppressions 的每一项应为映射（rule、excerpt、reason）")
        for k in e:
            if k not in _ENTRY_KEYS:
                raise RulesetError(side, e.line_of(k), f"未知的键 {k!r}（允许：rule、excerpt、reason）")
        rule = e.get("rule")
        if isinstance(rule, list) and all(isinstance(x, str) for x in rule):
            rule = ",".join(rule)
        if not isinstance(rule, str) or not rule.strip():
            raise RulesetError(side, e.line_of("rule") if "rule" in e else e.line, "每一项都要写 rule（规则编号、前缀或类别）")
        selectors = [normalise_selector(s) for s in re.split(r"[,，、\s]+", rule) if s.strip()]
        bad = [s for s in selectors if not _valid_selector(s)]
        if bad:
            raise RulesetError(side, e.line_of("rule"), f"{bad[0]!r} 不是规则编号、编号前缀、类别或规则名称")
        excerpt, reason = e.get("excerpt"), e.get("reason")
        for key, val in (("excerpt", excerpt), ("reason", reason)):
            if val is not None and not isinstance(val, str):
                raise RulesetError(side, e.line_of(key), f"{key} 应为字符串")
        where = f"{name}:{e.line}"
        sup = Suppression("sidecar", tuple(dict.fromkeys(selectors)), (reason or "").strip() or None, (0, 0), where)
        if excerpt is None or not excerpt.strip():
            sup.whole = True
        else:
            rx = _loose_pattern(excerpt)
            spans = [(m.start(), m.end()) for m in rx.finditer(text)] if rx else []
            for sel in sup.selectors:
                sup.spans[sel] = list(spans)
            if spans:
                sup.anchor = spans[0]
            else:
                sup.empty = True
        if sup.reason is None:
            out.problems.append((REASON, *sup.anchor, f"忽略清单 {where} 中对 {rule} 的忽略没有写明理由。"))
        out.suppressions.append(sup)


# -- entry points ---------------------------------------------------------------------------------------
def collect(text: str, path: str, kind: str) -> Collected:
    """Every suppression of one document.  A malformed sidecar raises RulesetError."""
    stamp = None
    if kind == "docx":
        side = sidecar_path(path)
        if side is not None:
            st = side.stat()
            stamp = (str(side), st.st_mtime_ns, st.st_size)
    return _collect(text, path, kind, stamp)


@functools.lru_cache(maxsize=8)
def _collect(text: str, path: str, kind: str, stamp) -> Collected:
    out = Collected([], [], [])
    if kind in COMMENT_KINDS:
        _collect_comments(text, kind, out)
    elif kind == "docx":
        side = sidecar_path(path)
        if side is not None:
            _collect_sidecar(text, side, out)
    return out


def static_problems(text: str, path: str, kind: str) -> list[tuple[str, int, int, str]]:
    """Problems visible without running the rules (for the SUP rules' own checks)."""
    col = collect(text, path, kind)
    probs = list(col.problems)
    for sup in col.suppressions:
        if sup.empty:
            probs.append((UNUSED, *sup.anchor, _unused_message(sup, None)))
    return probs


def _unused_message(sup: Suppression, sel: str | None) -> str:
    what = sel or ",".join(sup.selectors)
    if sup.kind == "sidecar" and sup.empty:
        return f"忽略清单 {sup.where} 中的摘录在文档中找不到，对 {what} 的忽略没有作用。"
    if sup.empty:
        return f"忽略指令（{what}）覆盖的范围内没有文字，没有作用。"
    where = f"忽略清单 {sup.where} 中" if sup.kind == "sidecar" else "忽略指令"
    return f"{where}对 {what} 的忽略没有覆盖任何发现，可以删除。"


def apply(doc, result, rules, warn_unused: bool = False) -> None:
    """Move suppressed findings of `result` to `result.suppressed`; add unused-suppression findings.

    `doc` is the linted Document, `rules` the rules active for it.
    """
    from doclint.rules.base import make_finding
    from doclint.rules.suppression_rules import SuppressionUnused, is_suppression_rule

    col = collect(doc.text, doc.path, doc.source.kind)
    if not col.suppressions and not col.comments:
        return
    keep: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[tuple[int, str]] = set()
    own = {r.id for r in rules if is_suppression_rule(r)}
    for f in result.findings:
        if f.rule in own:
            keep.append(f)
            continue
        if any(a <= f.offset < b for a, b in col.comments):
            continue  # text inside a directive comment is not part of the draft
        for i, sup in enumerate(col.suppressions):
            sel = sup.covers(f)
            if sel is not None:
                used.add((i, sel))
                f.suppressed = sup.reason or ""
                suppressed.append(f)
                break
        else:
            keep.append(f)
    unused_rule = next((r for r in rules if isinstance(r, SuppressionUnused)), None)
    if warn_unused and unused_rule is not None:
        meta = unused_rule.meta
        for i, sup in enumerate(col.suppressions):
            if sup.empty:
                continue  # the rule's own check has reported it
            for sel in sup.selectors:
                if (i, sel) in used:
                    continue
                if not any(selector_matches(sel, r.id, r.meta.category, r.meta.name) for r in rules if r.id not in own):
                    continue  # no active rule could have fired: cannot tell
                a, b = sup.anchor
                keep.append(make_finding(meta, doc, a, b, _unused_message(sup, sel)))
    keep.sort(key=Finding.sort_key)
    result.findings = keep
    result.suppressed = suppressed
