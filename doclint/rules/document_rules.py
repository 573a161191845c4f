"""Structural checks of sections 一 and 二 and of official-document form.

Issuing subject against the published list (section 一), the scope decision
(section 二), GB/T 9704-2012 form, and citations of repealed laws.  The
checks themselves live in doclint.subjects, doclint.form and
doclint.citations; these classes only place their results in a document.
"""

from __future__ import annotations

import re
from typing import Iterator

from doclint.document import Document
from doclint.finding import Finding
from doclint.rules.base import Context, PythonRule, register
from doclint.ruleset import bundled_file

# A body named as the author of an act: "…指挥部发布的《…》", "…指挥部通告（第三号）",
# "…指挥部5号令", "…指挥部第3号通告", "…创建办印发的"; classify_body decides what the body is.
_ACTING_BODY = re.compile(
    r"(?P<name>[\u4e00-\u9fff（）()]{2,50}?(?:领导小?组|指挥部|联席会议|委员会|专班|工作组|办公室|办))"
    r"(?:第?[0-9０-９一二三四五六七八九十百零〇]{1,5}号)?(?:发布的?|印发的?|制发的?|通告|公告|令)"
)


# kinds of body that an act's author named in the text ("…指挥部第3号通告") may be reported as
_ACTING_KINDS = ("coordination", "coordination_office", "temporary")


def subject_list(ctx: Context):
    from doclint.subjects import load_subjects

    path = ctx.subjects_path or str(bundled_file("subjects", "shuozhou.yaml"))
    return ctx.cached(f"subjects:{path}", lambda: load_subjects(path))


def issuers(doc: Document) -> list[tuple[str, int, int]]:
    """(name, start, end) of every issuer the structure names; joint issuers split."""
    from doclint.subjects import extract_issuer_candidates

    out: list[tuple[str, int, int]] = []
    seen = set()
    for iss in doc.structure.issuers:
        names = extract_issuer_candidates(iss.name) or [iss.name]
        cursor = 0
        for name in names:
            pos = iss.name.find(name, cursor)
            start = iss.start + (pos if pos >= 0 else 0)
            cursor = pos + len(name) if pos >= 0 else cursor
            if name not in seen:
                seen.add(name)
                out.append((name, start, start + len(name)))
    return out


def _binding(doc: Document) -> bool | None:
    return doc.scope.get("normative")


@register("subject-kind")
class ForbiddenIssuerKind(PythonRule):
    """A 临时机构, 议事协调机构, 派出机构 or 内设机构 named as issuer."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.subjects import classify_body

        normative = _binding(doc)
        reported: set[str] = set()
        candidates = [(name, start, end, False) for name, start, end in issuers(doc)]
        for zone_text_start, text in _scan_texts(doc):
            for m in _ACTING_BODY.finditer(text):
                candidates.append((m.group("name"), zone_text_start + m.start("name"), zone_text_start + m.end("name"), True))
        for name, start, end, acting in candidates:
            kind = classify_body(name)
            if kind is None or not kind.forbidden or name in reported:
                continue
            if acting and kind.code not in _ACTING_KINDS:
                continue  # "市××局办公室印发的《…》" in the text names a unit, it does not issue this draft
            reported.add(name)
            msg = (
                f"制定主体“{name}”属于{kind.label}（“{kind.matched}”），"
                f"不得以其名义制发规范性文件：{kind.basis}"
            )
            if normative is False:
                yield self.finding(doc, start, end, message=msg + "（本文件经判断不属于规范性文件，仅作提示）", severity="info")
            else:
                yield self.finding(doc, start, end, message=msg)


def _scan_texts(doc: Document):
    """Title and the first lines of the body, where an act's author is named."""
    st = doc.structure
    if st.title_span:
        yield st.title_span.start, doc.text[st.title_span.start: st.title_span.end]
    lines = [i for i in range(1, min(doc.source.line_count, 3) + 1)]
    for i in lines:
        a, b = doc.source.line_span(i)
        if st.title_span and a <= st.title_span.start < b:
            continue
        if doc.zone_at(a) in ("body", "title", "header", "signature"):
            yield a, doc.text[a:b]


@register("subject-list")
class IssuerNotOnList(PythonRule):
    """An issuer of the configured jurisdiction that is not on its published list."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.subjects import classify_body

        subjects = subject_list(ctx)
        normative = _binding(doc)
        for name, start, end in issuers(doc):
            kind = classify_body(name)
            if kind is not None and kind.forbidden:
                continue  # reported by the subject-kind rule
            if subjects.resolve(name) is not None:
                continue
            if not subjects.in_jurisdiction(name):
                continue  # another jurisdiction: no list configured for it
            msg = f"制定主体“{name}”不在本级规范性文件制定主体清单内，未列入清单的部门、单位不得制发规范性文件。"
            if normative is False:
                yield self.finding(doc, start, end, message=msg + "（本文件经判断不属于规范性文件，仅作提示）", severity="info")
            else:
                yield self.finding(doc, start, end, message=msg)


@register("scope")
class ScopeDecision(PythonRule):
    """Whether the draft is a normative document under section 二, with the reasons."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        scope = doc.scope
        st = doc.structure
        verdict = {True: "属于规范性文件，应当进行合法性审核", False: "不属于规范性文件，不纳入合法性审核范围", None: "无法判断是否属于规范性文件"}
        if not st.title:
            return  # a fragment (a clause, a line): no document to classify
        span = st.title_span
        start, end = (span.start, span.end) if span else (0, min(len(doc.text), doc.text.find("\n") if "\n" in doc.text else len(doc.text)))
        reasons = "；".join(scope.get("reasons") or [])
        yield self.finding(doc, start, end, message=f"审核范围：{verdict[scope.get('normative')]}。理由：{reasons}")


def _form_findings(rule: PythonRule, doc: Document, issues, base: int, fallback: tuple[int, int]) -> Iterator[Finding]:
    from doclint.form import DEFAULT_SEVERITY

    for iss in issues:
        s = base + iss.start if iss.start is not None else fallback[0]
        e = base + iss.end if iss.end is not None else fallback[1]
        yield rule.finding(
            doc, s, e, message=iss.message, severity=DEFAULT_SEVERITY.get(iss.code, rule.meta.severity), basis=[iss.basis]
        )


class _FieldForm(PythonRule):
    """Form check of one recognised field (its span in the structure) by a doclint.form function."""

    span_attr = ""
    checker = ""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint import form

        span = getattr(doc.structure, self.span_attr)
        if not span:
            return
        a, b = span.start, span.end
        yield from _form_findings(self, doc, getattr(form, self.checker)(doc.text[a:b]), a, (a, b))


@register("doc-number")
class DocNumberForm(_FieldForm):
    span_attr, checker = "doc_number_span", "check_doc_number"


@register("date-form")
class DateForm(_FieldForm):
    span_attr, checker = "date_span", "check_date"


@register("attachment-note")
class AttachmentNoteForm(PythonRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.form import check_attachment_note, compare_attachments

        st = doc.structure
        if st.attachment_note_span:
            a, b = st.attachment_note_span.start, st.attachment_note_span.end
            lines = []
            pos = a
            for part in doc.text[a:b].split("\n"):
                lines.append((pos, part))
                pos += len(part) + 1
            yield from _form_findings(self, doc, check_attachment_note(lines), 0, (a, b))
        if st.attachment_note or st.attachments:
            fallback = (
                (st.attachment_note_span.start, st.attachment_note_span.end)
                if st.attachment_note_span
                else (st.attachments[0].start, st.attachments[0].start + 2)
            )
            if st.attachments and not st.attachment_note:
                return  # an attachment without a 附件说明 is reported by the numbering of the note only when listed
            yield from _form_findings(self, doc, compare_attachments(st.attachment_note, st.attachments), 0, fallback)


@register("outline")
class OutlineNumbering(PythonRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.form import check_outline_sequence

        heads = doc.structure.headings
        if not heads:
            return
        issues = check_outline_sequence(heads)
        if not doc.structure.title:
            # an excerpt (a clause quoted alone) may begin at any article: only gaps and repeats count
            issues = [i for i in issues if i.code != "outline.start"]
        yield from _form_findings(self, doc, issues, 0, (heads[0].start, heads[0].end))


@register("effective-date")
class EffectiveDate(PythonRule):
    OPTIONS = {
        "require_effective_date": True,
        "require_validity": False,
        "max_validity_years": 5,
        "max_validity_years_provisional": 2,
        "min_days_after_publication": None,
    }

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.form import check_effective_dates

        st = doc.structure
        if doc.scope.get("normative") is not True:
            return  # 施行日期/有效期 rules bind normative documents only
        cfg = {name: self.option(ctx, name) for name in self.OPTIONS}
        cfg["title"] = st.issued_title or st.title
        cfg["doc_date"] = st.date
        end = len(doc.text.rstrip())
        yield from _form_findings(self, doc, check_effective_dates(doc.text, cfg), 0, (max(0, end - 1), end))


def _repealed(ctx: Context):
    from doclint.citations import RepealedLaws

    path = str(bundled_file("data", "repealed-laws.yaml"))
    return ctx.cached(f"repealed:{path}", lambda: RepealedLaws.load(path))


@register("repealed-law")
class RepealedLawCitation(PythonRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        table = _repealed(ctx)
        on = doc.structure.date or ctx.today
        for c in doc.citations:
            if doc.zone_at(c.start) not in ("body", "title", "attachments"):
                continue
            info = table.lookup(c, on)
            if info is None:
                continue
            succ = f"，已由《{info.replaced_by}》取代" if info.replaced_by else ""
            when = f"于{info.repealed_on.isoformat()}废止" if info.repealed_on else "已废止"
            basis_date = "草案成文日期" if doc.structure.date else "今天"
            note = "" if info.verified else "（废止信息尚待核实）"
            yield self.finding(
                doc, c.start, c.end,
                message=f"引用的《{c.name}》{when}{succ}；相对{basis_date}（{on.isoformat()}）已失效，应改为引用现行有效的法律法规{note}。",
                suggestion=f"改为引用《{info.replaced_by}》的相应条款。" if info.replaced_by else None,
            )


@register("citation-doc-number")
class CitationWithoutDocNumber(PythonRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        from doclint.citations import looks_like_normative_document

        for c in doc.citations:
            if c.doc_number or doc.zone_at(c.start) not in ("body", "attachments"):
                continue
            if not looks_like_normative_document(c.name):
                continue
            if doc.structure.issued_title and c.normalized == doc.structure.issued_title:
                continue  # the notice naming the text it issues
            yield self.finding(doc, c.start, c.end, message=f"引用文件《{c.name}》未注明发文字号；引用公文应当先引标题，后引发文字号。")


@register("subject-unknown")
class IssuerUnknown(PythonRule):
    """A titled document that names no issuer anywhere cannot be checked against the list."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        st = doc.structure
        if not st.title or not st.title_span or st.issuers or st.doc_number:
            return
        if not st.title.startswith("关于"):
            return  # a standalone 办法/规定 title: the issuer is on the notice that issues it
        # a draft whose author cannot be named cannot be admitted whatever its kind
        yield self.finding(doc, st.title_span.start, st.title_span.end)


_CLAUSE_NUMBER = re.compile(r"^\s*(?:[-*]\s*)?(?:第[一二三四五六七八九十百零〇]+条|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])\s*")
# with every whitespace character (str.split), left out of a key; a tuple, so the loop
# below takes ready-made strings instead of making one per character
_KEY_PUNCT = tuple("，,、；;。：:“”\"'（）()")


def _provision_key(text: str) -> str:
    """What a repeated provision is recognised by: its text without clause number, punctuation or spaces."""
    m = _CLAUSE_NUMBER.match(text)  # anchored at the start: there is at most one number to drop
    key = "".join((text[m.end():] if m else text).split())
    for ch in _KEY_PUNCT:  # a few string scans in C: cheaper than a regex's per-character class test
        if ch in key:
            key = key.replace(ch, "")
    return key


@register("duplicate-provision")
class DuplicateProvision(PythonRule):
    """The same provision written twice in one document (section 五: 重复)."""

    OPTIONS = {"min_chars": 20}

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        min_chars = self.meta.options["min_chars"]
        seen: dict[str, int] = {}
        for u, zone in zip(doc.sentences, doc.sentence_zones):
            if len(u.text) < min_chars or zone not in ("body", "attachments"):
                continue
            key = _provision_key(u.text)
            if len(key) < min_chars:
                continue
            if key in seen:
                if seen[key] < 0:
                    continue  # already reported once: one note per repeated provision
                first = doc.line_col(seen[key])[0]
                lead = len(u.text) - len(u.text.lstrip())
                yield self.finding(
                    doc, u.start + lead, u.start + len(u.text.rstrip()),
                    message=f"该条款与第{first}行的条款内容重复；同一事项在文件中只应规定一次，重复规定容易在修改时产生不一致。",
                )
                seen[key] = -1
            else:
                seen[key] = u.start
