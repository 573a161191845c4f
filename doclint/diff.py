"""Re-review (复审): compare a revised draft with the one the opinion was given on.

朔政办发〔2019〕40号 四 has the drafting unit revise the draft after the opinion and
explain what it did not adopt. `doclint diff OLD NEW` shows the reviewer, clause by
clause, what was fixed, what remains and what is new.

Algorithm
---------
1. **Read and lint both versions** exactly as `doclint check` (a file) or
   `doclint review` (a package folder: its first draft, plus the package findings)
   do, with the same engine, context and options.
2. **Provisions.** Each version is cut into provisions
   (:func:`doclint.reading.provisions.provisions`), each with its structural place
   (``Document.section_at``, e.g. ``第五条``). For comparison a provision's text is
   *normalised*: its own labels (第N条、一、（一）1. ① …) are taken off the front,
   cross-references inside it (``本办法第五条``) become ``第#条``, and white space is
   dropped, so renumbering alone changes nothing.
3. **Alignment: global best matching.** For every pair (old provision, new
   provision) the similarity is difflib's ``SequenceMatcher.ratio()`` of the
   normalised texts (1.0 for equal texts; the cheap upper bounds ``real_quick_ratio``
   and ``quick_ratio`` skip pairs that cannot reach the threshold). Pairs at or above
   ``THRESHOLD`` (0.5) are taken in descending similarity (ties: the pair whose
   relative positions are closer, then document order), each provision at most once.
   The order of the texts plays no part, so a paragraph moved elsewhere is still
   found. Old provisions left over were deleted, new ones left over were added.
   A matched pair is *renumbered* when its places differ, *modified* when its
   normalised texts differ, and *moved* when it is not on the longest chain of pairs
   that keep their order in both versions (a longest increasing subsequence).
4. **Findings.** A finding belongs to the provision holding its start offset.
   An old finding is *remaining* when the aligned new provision has a finding of the
   same rule and category (several of one rule pair up in text order), else *fixed*;
   new findings left over are *new*. Findings outside any provision, and the
   package findings (送审材料、制定程序) when both sides are packages, are matched
   by rule, category and message. Review-period findings (审核时限) concern the
   review, not the draft, and are left out.
5. **Changed provisions** are the modified, added and deleted ones that hold no
   finding either way.
6. **The drafting unit's reasons.** In the new package a material named like
   未采纳意见说明 / 采纳情况说明 / 关于审核意见采纳情况的说明 is cut into points;
   a point that says 未采纳 / 不予采纳 / 部分采纳 … and names a clause (第五条; 原第五条
   or 现第四条 to say which version) or quotes it (“……”) is attached to the remaining
   findings of that clause, with its reason (the text after 理由/原因).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from doclint.categories import CATEGORIES, SEVERITY_RANK
from doclint.cnum import to_int
from doclint.document import Document
from doclint.errors import DoclintError
from doclint.finding import Finding
from doclint.reading.provisions import provisions
from doclint.report import FileResult
from doclint.source import Source

THRESHOLD = 0.5
STATUS_WORDS = {"fixed": "已修改", "remaining": "仍存在", "new": "新增"}
ADOPTION_WORDS = {"fixed": "已采纳", "remaining": "未采纳"}
SKIPPED_CATEGORIES = ("deadline",)

_NUM = r"[一二三四五六七八九十百千零〇两0-9０-９]+"
_LABEL = re.compile(
    r"^(?:第" + _NUM + r"[章节条款项]|" + _NUM + r"[、．.](?![0-9０-９])|[（(]" + _NUM + r"[）)]|[①-⑳]|附件" + _NUM + r")"
)
_CROSS_REF = re.compile(r"第" + _NUM + r"([章节条款项])")
_SPACE = re.compile(r"[\s\u3000]+")
_ARTICLE = re.compile(r"第(" + _NUM + r")条")


def normalise(text: str) -> str:
    """Text compared by the alignment: no own labels, no cross-reference numbers, no spaces."""
    t = _SPACE.sub("", text)
    while True:
        m = _LABEL.match(t)
        if not m:
            break
        t = t[m.end():]
    return _CROSS_REF.sub(r"第#\1", t)


def article_of(section: str | None) -> int | None:
    """The article number of a place ("第四条第（一）项" → 4), or None."""
    m = _ARTICLE.search(section or "")
    return to_int(m.group(1)) if m else None


# --- the two versions -------------------------------------------------------------

@dataclass
class Prov:
    index: int
    start: int
    end: int
    text: str
    key: str
    section: str | None
    line: int

    def to_dict(self) -> dict:
        return {"section": self.section, "line": self.line, "text": self.text}


@dataclass
class Reason:
    """One point of the drafting unit's statement of reasons for not adopting."""

    path: str
    line: int
    text: str            # the whole point
    reason: str          # the reason given (after 理由/原因), else the point
    articles: list[tuple[str | None, int]]  # (which version: "old" | "new" | None, article number)
    quotes: list[str]

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class Side:
    path: str
    draft: FileResult
    doc: Document
    provs: list[Prov]
    package_findings: list[Finding] = field(default_factory=list)
    is_package: bool = False
    reasons: list[Reason] = field(default_factory=list)
    review: object | None = None  # doclint.review.Review for a package

    def prov_at(self, offset: int) -> Prov | None:
        for p in self.provs:
            if p.start <= offset < max(p.end, p.start + 1):
                return p
        return None


def _side_from(path: str, draft: FileResult) -> tuple[Document, list[Prov]]:
    kind = "md" if Path(draft.path).suffix.lower() in (".md", ".markdown") else "txt"
    doc = Document(Source(path=draft.path, text=draft.text or "", kind=kind))
    out: list[Prov] = []
    for p in provisions(doc):
        text = doc.text[p.start:p.end].strip()
        if not text:
            continue
        start = p.start + (len(doc.text[p.start:p.end]) - len(doc.text[p.start:p.end].lstrip()))
        out.append(Prov(len(out), start, p.end, text, normalise(text), doc.section_at(start),
                        doc.line_col(start)[0]))
    return doc, out


def load_side(path: str, engine, settings) -> Side:
    """One version: a draft file, or a package folder (its first draft and package findings)."""
    from doclint.linter import lint_path
    from doclint.review import review_package

    p = Path(path)
    if not p.exists():
        raise DoclintError(f"{path}: 文件或文件夹不存在")
    if p.is_dir():
        review = review_package(p, engine, settings)
        return side_of_review(path, review)
    draft = lint_path(str(p), engine, settings.context(), settings.options)
    if draft.error:
        raise DoclintError(draft.error)
    doc, provs = _side_from(path, draft)
    return Side(path, draft, doc, provs)


def side_of_review(path: str, review) -> Side:
    """The side of a package already reviewed (doclint.review.Review)."""
    drafts = review.facts.drafts
    if not drafts:
        raise DoclintError(f"{path}: 送审材料中没有草案文本，无法对照")
    draft = drafts[0]
    if draft.error:
        raise DoclintError(draft.error)
    doc, provs = _side_from(path, draft)
    others = [f for fr in review.report.files if fr is not draft for f in fr.findings
              if f.category not in SKIPPED_CATEGORIES]
    side = Side(path, draft, doc, provs, others, True, review=review)
    side.reasons = statement_reasons(review)
    return side


# --- alignment ----------------------------------------------------------------------

@dataclass
class Pair:
    old: Prov | None
    new: Prov | None
    ratio: float
    moved: bool = False

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.section != self.new.section

    @property
    def modified(self) -> bool:
        return self.old is not None and self.new is not None and self.old.key != self.new.key

    @property
    def change(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "deleted"
        return "modified" if self.modified else "unchanged"

    def to_dict(self) -> dict:
        return {
            "change": self.change,
            "old_section": self.old.section if self.old else None,
            "new_section": self.new.section if self.new else None,
            "old_line": self.old.line if self.old else None,
            "new_line": self.new.line if self.new else None,
            "old_text": self.old.text if self.old else None,
            "new_text": self.new.text if self.new else None,
            "similarity": round(self.ratio, 3),
            "renumbered": self.renumbered,
            "moved": self.moved,
        }


def align(old: list[Prov], new: list[Prov], threshold: float = THRESHOLD) -> list[Pair]:
    """Global best matching of provisions (module docs, step 3), in the new text's order
    with deleted provisions placed after the new one their predecessor went to."""
    candidates: list[tuple[float, float, int, int]] = []
    by_key: dict[str, list[int]] = {}
    for j, b in enumerate(new):
        by_key.setdefault(b.key, []).append(j)
    n_old, n_new = max(len(old), 1), max(len(new), 1)
    for i, a in enumerate(old):
        sm = SequenceMatcher(None, autojunk=False)
        sm.set_seq2(a.key)
        for j, b in enumerate(new):
            if a.key == b.key:
                r = 1.0
            else:
                sm.set_seq1(b.key)
                if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                    continue
                r = sm.ratio()
                if r < threshold:
                    continue
            candidates.append((r, abs(i / n_old - j / n_new), i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3]))
    to_new: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for r, _dist, i, j in candidates:
        if i in to_new or j in taken:
            continue
        to_new[i] = (j, r)
        taken.add(j)
    # moved: matched pairs off the longest chain that keeps its order in both texts
    matched = sorted(to_new.items())
    chain = _lis([j for _i, (j, _r) in matched])
    moved = {matched[k][0] for k in range(len(matched)) if k not in chain}
    pairs_by_new: dict[int, Pair] = {}
    for i, (j, r) in to_new.items():
        pairs_by_new[j] = Pair(old[i], new[j], r, i in moved)
    out: list[Pair] = []
    deleted_after: dict[int, list[Pair]] = {}
    last_new = -1
    for i, a in enumerate(old):
        if i in to_new:
            last_new = to_new[i][0] if i not in moved else last_new
        else:
            deleted_after.setdefault(last_new, []).append(Pair(a, None, 0.0))
    out.extend(deleted_after.get(-1, []))
    for j, b in enumerate(new):
        out.append(pairs_by_new.get(j) or Pair(None, b, 0.0))
        out.extend(deleted_after.get(j, []))
    return out


def _lis(seq: list[int]) -> set[int]:
    """Indexes (into seq) of one longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for k, v in enumerate(seq):
        pos = bisect.bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tails_idx.append(k)
        else:
            tails[pos] = v
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    out: set[int] = set()
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.add(k)
        k = prev[k]
    return out


# --- findings -----------------------------------------------------------------------

@dataclass
class Entry:
    status: str                   # fixed | remaining | new
    finding: Finding              # the old finding when fixed, else the new one
    previous: Finding | None      # remaining: the old finding
    pair: Pair | None             # the aligned provisions (None: a whole-document or package finding)
    reasons: list[Reason] = field(default_factory=list)
    scope: str = "provision"      # provision | document (about the whole text) | package (送审材料)

    @property
    def old_section(self) -> str | None:
        return self.pair.old.section if self.pair and self.pair.old else None

    @property
    def new_section(self) -> str | None:
        return self.pair.new.section if self.pair and self.pair.new else None

    def to_dict(self) -> dict:
        d = self.finding.to_dict()
        d["provision"] = self.pair.to_dict() if self.pair else None
        d["scope"] = self.scope
        if self.previous is not None:
            d["previous"] = self.previous.to_dict()
        if self.status == "remaining":
            d["reasons"] = [r.to_dict() for r in self.reasons]
        return d


@dataclass
class Diff:
    old: Side
    new: Side
    pairs: list[Pair]
    fixed: list[Entry]
    remaining: list[Entry]
    new_findings: list[Entry]
    changed: list[Pair]
    notices: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"fixed": len(self.fixed), "remaining": len(self.remaining), "new": len(self.new_findings),
                "changed": len(self.changed)}

    def alignment_counts(self) -> dict[str, int]:
        both = [p for p in self.pairs if p.old and p.new]
        return {
            "old": len(self.old.provs), "new": len(self.new.provs), "matched": len(both),
            "renumbered": sum(p.renumbered for p in both), "moved": sum(p.moved for p in both),
            "modified": sum(p.modified for p in both),
            "deleted": sum(p.new is None for p in self.pairs), "added": sum(p.old is None for p in self.pairs),
        }

    def exit_code(self, fail_on: str = "error") -> int:
        level = SEVERITY_RANK[fail_on]
        live = self.remaining + self.new_findings
        return 1 if any(SEVERITY_RANK[e.finding.severity] >= level for e in live) else 0

    def to_dict(self) -> dict:
        """The report contract of the new version plus the additive section ``diff``."""
        from doclint import __version__
        from doclint.report import Report

        files = [self.new.draft]
        if self.new.review is not None:
            files = self.new.review.report.files
        d = Report(files=list(files)).to_dict()
        d["tool"] = {"name": "doclint", "version": __version__}
        d["diff"] = {
            "old": self.old.path,
            # the revised draft's path ("new" is the list of new findings, as the contract names it)
            "new_path": self.new.path,
            "summary": self.counts(),
            "alignment": self.alignment_counts(),
            "fixed": [e.to_dict() for e in self.fixed],
            "remaining": [e.to_dict() for e in self.remaining],
            "new": [e.to_dict() for e in self.new_findings],
            "changed": [p.to_dict() for p in self.changed],
            "notices": list(self.notices),
        }
        return d


def _match_key(f: Finding) -> tuple[str, str]:
    return f.rule, f.category


_EVIDENCE = re.compile(r"（[^（）]*(?:（[^（）]*）[^（）]*)*）|\([^()]*\)|[0-9０-９]+")


def _free_key(f: Finding) -> tuple[str, str, str]:
    """Findings outside provisions match by rule, category and message, the message without
    its parenthesised evidence and numbers (a line number or a quote of where it was seen)."""
    return f.rule, f.category, _EVIDENCE.sub("", _SPACE.sub("", f.message))


def whole_document_rules(engine) -> set[str]:
    """Rules that judge the document as a whole (once per document, or the scope decision):
    their findings sit on whichever provision comes first, so they are matched by rule."""
    return {r.meta.id for r in engine.rules if getattr(r, "once", False) or r.meta.category == "scope"}


def compare(old: Side, new: Side, whole: set[str] = frozenset()) -> Diff:
    """Align the provisions of two versions and sort their findings (module docs, steps 3–5).
    `whole`: ids of rules about the whole document (whole_document_rules)."""
    pairs = align(old.provs, new.provs)
    pair_of_old = {p.old.index: p for p in pairs if p.old}
    pair_of_new = {p.new.index: p for p in pairs if p.new}

    def placed(side: Side, findings: list[Finding]) -> tuple[dict[int, list[Finding]], list[Finding]]:
        by_prov: dict[int, list[Finding]] = {}
        loose: list[Finding] = []
        for f in sorted(findings, key=Finding.sort_key):
            if f.category in SKIPPED_CATEGORIES:
                continue
            if f.rule in whole:
                loose.append(f)
                continue
            p = side.prov_at(f.offset)
            (by_prov.setdefault(p.index, []) if p else loose).append(f)
        return by_prov, loose

    old_by, old_loose = placed(old, old.draft.findings)
    new_by, new_loose = placed(new, new.draft.findings)
    fixed: list[Entry] = []
    remaining: list[Entry] = []
    used_new: set[int] = set()
    unmatched_old: list[tuple[Finding, Pair]] = []
    for i in sorted(old_by):
        pair = pair_of_old.get(i) or Pair(old.provs[i], None, 0.0)
        pool = new_by.get(pair.new.index, []) if pair.new else []
        for f in old_by[i]:
            g = next((g for g in pool if id(g) not in used_new and _match_key(g) == _match_key(f)), None)
            if g is None:
                unmatched_old.append((f, pair))
                continue
            used_new.add(id(g))
            remaining.append(Entry("remaining", g, f, pair))
    # a finding whose provision found no partner: same rule and excerpt in an unmatched new provision
    for f, pair in unmatched_old:
        g = None
        if pair.new is None:
            for j, found in new_by.items():
                if pair_of_new[j].old is not None:
                    continue
                g = next((g for g in found if id(g) not in used_new and _match_key(g) == _match_key(f)
                          and normalise(g.excerpt) == normalise(f.excerpt)), None)
                if g:
                    break
        if g is None:
            fixed.append(Entry("fixed", f, None, pair))
        else:
            used_new.add(id(g))
            remaining.append(Entry("remaining", g, f, pair_of_new[new.prov_at(g.offset).index]))
    # findings outside provisions, and package findings when both sides are packages
    both = old.is_package and new.is_package
    old_free = [(f, "document") for f in old_loose] + [(f, "package") for f in (old.package_findings if both else [])]
    new_free = [(g, "document") for g in new_loose] + [(g, "package") for g in (new.package_findings if both else [])]
    free_used: set[int] = set()
    for f, scope in old_free:
        key = _match_key if f.rule in whole else _free_key
        g = next((g for g, s in new_free if s == scope and id(g) not in free_used and key(g) == key(f)), None)
        if g is None:
            fixed.append(Entry("fixed", f, None, None, scope=scope))
        else:
            free_used.add(id(g))
            remaining.append(Entry("remaining", g, f, None, scope=scope))
    new_entries: list[Entry] = []
    for j in sorted(new_by):
        for g in new_by[j]:
            if id(g) not in used_new:
                new_entries.append(Entry("new", g, None, pair_of_new[j]))
    new_entries += [Entry("new", g, None, None, scope=s) for g, s in new_free if id(g) not in free_used]
    with_findings = {id(e.pair) for e in fixed + remaining + new_entries if e.pair is not None}
    changed = [p for p in pairs if p.change != "unchanged" and id(p) not in with_findings
               and not (p.old and p.old.index in old_by) and not (p.new and p.new.index in new_by)]
    order = {id(p): k for k, p in enumerate(pairs)}
    for lst in (fixed, remaining, new_entries):
        lst.sort(key=lambda e: ({"document": 0, "provision": 1, "package": 2}[e.scope],
                                order.get(id(e.pair), 0), e.finding.offset))
    diff = Diff(old, new, pairs, fixed, remaining, new_entries, changed)
    if old.is_package != new.is_package:
        diff.notices.append("一方是送审材料文件夹、一方是单个文件：只对照草案文本，不对照送审材料和制定程序方面的问题")
    for side, label in ((old, "原稿"), (new, "修改稿")):
        if side.review is not None and len(side.review.facts.drafts) > 1:
            diff.notices.append(f"{label} {side.path} 有多份草案，只对照第一份：{side.draft.path}")
    attach_reasons(diff, new.reasons)
    return diff


def diff_paths(old: str, new: str, engine, settings) -> Diff:
    return compare(load_side(old, engine, settings), load_side(new, engine, settings), whole_document_rules(engine))


# --- the drafting unit's statement of reasons --------------------------------------

STATEMENT_NAME = re.compile(r"未(完全)?采纳|不予采纳|采纳情况的?说明|审核意见.{0,10}采纳|采纳.{0,4}审核意见")
_NOT_ADOPTED = re.compile(r"未完全采纳|未采纳|不予采纳|暂不采纳|部分采纳|不采纳|未予采纳|无法采纳")
_POINT_START = re.compile(r"^[\s\u3000]*(?:" + _NUM + r"[、．.](?![0-9０-９])|[（(]" + _NUM + r"[）)]|[①-⑳]|关于)")
_REF = re.compile(r"(原|现|新|修改稿|原稿|送审稿)?(?:草案|文件|办法|稿)?第(" + _NUM + r")条")
_QUOTE = re.compile(r"[“「]([^”」]{4,})[”」]")
_REASON = re.compile(r"(?:理由|原因|说明)(?:是|为|如下)?[：:，,]?")


def _is_statement(path: Path, text: str | None) -> bool:
    if STATEMENT_NAME.search(path.stem):
        return True
    first = [line.strip() for line in (text or "").splitlines() if line.strip()][:3]
    return any(re.search(r"(合法性)?审核意见.{0,10}采纳情况|未采纳.{0,8}(意见|理由)", line) for line in first)


def statement_reasons(review) -> list[Reason]:
    """The not-adopted points of the package's statements of reasons (module docs, step 6)."""
    out: list[Reason] = []
    for m in review.package.materials:
        if m.kind == "draft":
            continue
        source = review.facts.texts.get(m.path)
        if source is None or not _is_statement(m.path, source.text):
            continue
        out.extend(parse_reasons(str(m.path), source.text))
    return out


def parse_reasons(path: str, text: str) -> list[Reason]:
    points: list[tuple[int, str]] = []
    for no, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if not s:
            continue
        if points and not _POINT_START.match(s) and not _REF.search(s):
            points[-1] = (points[-1][0], points[-1][1] + s)
        else:
            points.append((no, s))
    out = []
    for no, s in points:
        if not _NOT_ADOPTED.search(s):
            continue
        articles = []
        for m in _REF.finditer(s):
            which = {"原": "old", "原稿": "old", "送审稿": "old", "现": "new", "新": "new", "修改稿": "new"}.get(m.group(1) or "")
            n = to_int(m.group(2))
            if n is not None:
                articles.append((which, n))
        quotes = [q for q in _QUOTE.findall(s)]
        if not articles and not quotes:
            continue
        r = _REASON.search(s)
        reason = s[r.end():].strip() if r and s[r.end():].strip() else s
        out.append(Reason(path, no, s, reason, articles, quotes))
    return out


def attach_reasons(diff: Diff, reasons: list[Reason]) -> None:
    """Give each remaining finding the points that name or quote its clause. A number
    without 原/现 is looked up in the old version first (the opinion quoted that one),
    then in the new one."""
    for reason in reasons:
        hits: list[Entry] = []
        for q in reason.quotes:
            key = normalise(q)
            hits = [e for e in diff.remaining if e.pair and any(
                p is not None and key in p.key for p in (e.pair.old, e.pair.new))]
            if hits:
                break
        if not hits:
            for which, n in reason.articles:
                olds = [e for e in diff.remaining if e.pair and e.pair.old and article_of(e.pair.old.section) == n]
                news = [e for e in diff.remaining if e.pair and e.pair.new and article_of(e.pair.new.section) == n]
                hits += olds if which == "old" else news if which == "new" else (olds or news)
        for e in hits:
            if reason not in e.reasons:
                e.reasons.append(reason)


# --- 采纳情况 (for the opinion of a re-review) --------------------------------------

@dataclass
class AdoptionRow:
    number: int
    place: str       # the clause in the earlier draft, and where it is now
    problem: str     # the earlier opinion's point
    status: str      # 已采纳 | 未采纳
    note: str        # how it was revised, or the drafting unit's reason

    def to_dict(self) -> dict:
        return {"number": self.number, "place": self.place, "problem": self.problem,
                "status": self.status, "note": self.note}

    def cells(self) -> tuple[str, str, str]:
        """The row of the opinion's 采纳情况 table: (审核意见, 采纳情况, 说明)."""
        return f"{self.place}：{self.problem}", self.status, self.note


def _place(e: Entry) -> str:
    old, new = e.old_section, e.new_section
    if e.pair is None:
        return "送审材料" if e.scope == "package" else "全文"
    if old and new and old != new:
        return f"原{old}（现{new}）"
    if old or new:
        return f"{old or new}"
    return "文件首部"


_LINE_EVIDENCE = re.compile(r"（[^（）]*第[0-9]+行[^（）]*）")


def adoption_rows(diff: Diff) -> list[AdoptionRow]:
    """One row per point of the earlier opinion: fixed = 已采纳, remaining = 未采纳."""
    rows: list[AdoptionRow] = []
    for e in diff.fixed + diff.remaining:
        if e.finding.severity == "info":
            continue
        old = e.previous or e.finding
        if e.status == "fixed":
            if e.pair and e.pair.new is None and e.pair.old is not None:
                note = "已删除该条款。"
            elif e.pair and e.pair.new is not None:
                note = "已修改为：" + _short(e.pair.new.text)
            else:
                note = "已补正。"
        else:
            note = ("起草单位说明理由：" + "；".join(r.reason for r in e.reasons)) if e.reasons \
                else "修改稿仍存在该问题，起草单位未说明理由。"
        problem = _LINE_EVIDENCE.sub("", _labelled(old))  # the opinion names no line numbers
        rows.append(AdoptionRow(len(rows) + 1, _place(e), problem, ADOPTION_WORDS[e.status], note))
    return rows


def _short(text: str, limit: int = 80) -> str:
    text = _SPACE.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "……"


def adoption_for(previous: str, review, engine, settings) -> list[AdoptionRow]:
    """`doclint review --previous OLD`: the 采纳情况 rows of this package against OLD."""
    from dataclasses import replace

    old = load_side(previous, engine, replace(settings, previous=None))
    new = side_of_review(str(review.package.folder), review)
    return adoption_rows(compare(old, new, whole_document_rules(engine)))


# --- text output ------------------------------------------------------------------

def _where(e: Entry) -> str:
    if e.pair is None:
        return "送审材料" if e.scope == "package" else "全文"
    old, new = e.pair.old, e.pair.new
    if old and new:
        if not old.section and not new.section:
            return f"第{old.line}行" if old.line == new.line else f"原稿第{old.line}行 → 修改稿第{new.line}行"
        a, b = old.section or f"原稿第{old.line}行", new.section or f"修改稿第{new.line}行"
        return a if a == b else f"{a} → {b}"
    if old:
        return f"{old.section or f'原稿第{old.line}行'}（已删除）"
    return f"{new.section or f'修改稿第{new.line}行'}（新增）"


SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def _labelled(f: Finding) -> str:
    """The message with its category in front (unless it starts with it already)."""
    label = CATEGORIES.get(f.category, f.category)
    return f.message if f.message.startswith(label) else f"{label}：{f.message}"


def render_text(diff: Diff) -> str:
    a = diff.alignment_counts()
    c = diff.counts()
    out = [f"复审对照：原稿 {diff.old.path} → 修改稿 {diff.new.path}",
           f"条款对齐：原稿 {a['old']} 段，修改稿 {a['new']} 段；对应 {a['matched']} 段"
           f"（重新编号 {a['renumbered']}、移动位置 {a['moved']}、文字修改 {a['modified']}），"
           f"删除 {a['deleted']} 段，新增 {a['added']} 段。", ""]
    sections = (("已修改的问题", diff.fixed), ("仍存在的问题", diff.remaining), ("新增的问题", diff.new_findings))
    for title, entries in sections:
        out.append(f"{title}（{len(entries)} 处）")
        for n, e in enumerate(entries, 1):
            f = e.finding
            out.append(f"  {n}. {_where(e)}  {f.rule} {SEVERITY_WORDS.get(f.severity, f.severity)}"
                       f"  {_labelled(f)}")
            if e.pair and e.pair.old and e.status != "new":
                out.append(f"     原稿：{_short(e.pair.old.text)}")
            if e.pair and e.pair.new and e.status != "fixed":
                out.append(f"     修改稿：{_short(e.pair.new.text)}")
            elif e.status == "fixed" and e.pair and e.pair.new:
                out.append(f"     修改为：{_short(e.pair.new.text)}")
            for r in e.reasons:
                out.append(f"     未采纳理由（{Path(r.path).name} 第{r.line}行）：{r.reason}")
            if e.status == "remaining" and not e.reasons and f.severity != "info":
                out.append("     起草单位未说明未采纳的理由。")
        out.append("")
    out.append(f"其他修改的条款（无发现，{len(diff.changed)} 处）")
    labels = {"modified": "修改", "added": "新增", "deleted": "删除"}
    for n, p in enumerate(diff.changed, 1):
        where = _where(Entry("new" if p.old is None else "fixed", Finding(
            "", "", "", "info", "", 0, 0, 0, 0, 0, 0, "", None), None, p))
        out.append(f"  {n}. {where}  {labels[p.change]}"
                   + (f"（相似度 {p.ratio:.0%}）" if p.change == "modified" else ""))
        if p.old:
            out.append(f"     原稿：{_short(p.old.text)}")
        if p.new:
            out.append(f"     修改稿：{_short(p.new.text)}")
    out.append("")
    for note in diff.notices:
        out.append(f"注意：{note}")
    out.append(f"合计：已修改 {c['fixed']} 处，仍存在 {c['remaining']} 处，新增 {c['new']} 处，"
               f"其他修改的条款 {c['changed']} 处。")
    return "\n".join(out) + "\n"
