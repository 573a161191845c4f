"""Review a submission package (朔政办发〔2019〕40号 三–六) and form the written opinion.

Steps, in order:

1. ``load_package``: package.yaml and the material kind of every file.
2. Every file recognised as the draft (草案/送审稿) is run through the normal
   checker (``lint_path`` with the same Engine, Context and Options as
   ``doclint check``); every other material is read for its first lines only.
3. Market-relatedness: the draft concerns market operators' economic activity
   when any of its findings is of category ``competition`` (the competition
   rules' own signal), or when one sentence names a market operator
   (经营者/市场主体/企业 …) together with an economic activity (经营/准入/补贴/
   招标/采购 …); both word lists are options of rule PRO001.
4. The review period (六) from ``received``/``pauses``/``completed``/``emergency``.
5. The package rules (``rulesets/structure/package.yaml``, classes in
   ``doclint.rules.package_rules``) turn these facts into findings of
   categories ``attachment``, ``procedure`` and ``deadline``.  Findings about the
   whole package sit on an entry whose path is the package folder; its text is
   a generated inventory (one line per required material, then the dates), so
   each finding has a real line to point at.
6. The conclusion (四: 合法 / 不合法 / 应当予以修改), by the rule in
   ``DECIDING_RULE``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from doclint.categories import CATEGORIES
from doclint.cnum import int_to_cn
from doclint.deadline import MAX_DAYS, MIN_DAYS, ReviewPeriod, compute_period
from doclint.document import Document
from doclint.engine import Engine
from doclint.errors import DoclintError, RulesetError
from doclint.finding import Finding
from doclint.linter import Options, active_rules, document_fields, lint_path
from doclint.package import (
    DEPARTMENT_LEVELS, MATERIALS, TOWNSHIP_LEVELS, Package, load_package, required_materials,
    reviewing_body,
)
from doclint.readers import SUFFIXES, read_path
from doclint.report import FileResult, Report
from doclint.rules.base import Context, RuleMeta, finding_in_source
from doclint.source import Source
from doclint.workdays import BUNDLED_DIRS, Calendar, YearNotCovered
from doclint.yamlutil import LineDict, LineList, load_yaml

MEASURES = "朔政办发〔2019〕40号"

# Categories whose `error` findings make the draft unlawful (五: the content items).
CONTENT_CATEGORIES = (
    "licensing", "penalty", "coercion", "fee", "certificate", "competition", "subject", "organs",
    "obligation", "power",
)
CONCLUSIONS = ("合法", "不合法", "应当予以修改")

DECIDING_RULE = (
    "判定规则：草案中有" + "、".join(CATEGORIES[c] for c in CONTENT_CATEGORIES)
    + "方面的“错误”级问题的，结论为“不合法”（" + MEASURES + " 五所列审核内容）；没有此类问题，"
    "但有其他“错误”“警告”级问题，或送审材料、制定程序、公文格式方面的问题的，结论为“应当予以修改”；"
    "均没有的，结论为“合法”。“提示”级事项和审核时限（针对审核工作本身）不影响结论。"
)

def conclusion_effect(category: str, severity: str) -> str:
    """How a finding of this category and severity bears on the conclusion (shown by `doclint explain`)."""
    if category == "deadline":
        effect = "审核时限方面的问题针对审核工作本身，不影响审核结论。"
    elif severity == "info":
        effect = "“提示”级，不影响审核结论。"
    elif severity == "error" and category in CONTENT_CATEGORIES:
        effect = "草案中有这一“错误”级问题的，审核结论为“不合法”。"
    else:
        effect = "没有内容违法的“错误”级问题时，有这一问题的审核结论为“应当予以修改”。"
    return f"{effect}（{DECIDING_RULE}）"


STATUS_LABELS = {
    "ok": "符合期限要求",
    "too_short": f"审核用时少于{MIN_DAYS}个工作日",
    "too_long": f"审核用时超过{MAX_DAYS}个工作日",
    "in_progress": "审核尚未完成，未超过期限",
    "overdue": f"审核尚未完成，已超过{MAX_DAYS}个工作日",
    "exempt": "紧急情形，不受审核期限限制",
}


# --- settings and facts ---------------------------------------------------------

@dataclass
class Settings:
    """What a review run knows besides the package (mirrors the options of `doclint check`)."""

    today: dt.date = field(default_factory=dt.date.today)
    calendar_dirs: tuple[str, ...] = ()
    weekends_only: bool = False
    subjects_path: str | None = None
    options: Options = field(default_factory=Options)
    # Date of the opinion: given (--today), else the recorded completion, else today.
    opinion_date: dt.date | None = None
    # Re-review (四): the earlier version the opinion was given on (--previous; doclint.diff).
    previous: str | None = None
    # The written opinion (config keys reviewing-body, opinion-number, opinion-date, document-titles).
    reviewing_body_name: str | None = None   # who signs; None: from the subject list
    opinion_number: str | None = None        # 文号 line; None: 〔　〕号
    opinion_date_style: str = "arabic"       # arabic (GB/T 9704—2012 7.3.5.4) or chinese
    title_files: tuple[str, ...] = ()        # extra 文号 → title tables

    def calendar(self) -> Calendar:
        bundled = [d for d in BUNDLED_DIRS if d.is_dir()][:1]
        return Calendar([*bundled, *map(Path, self.calendar_dirs)], weekends_only=self.weekends_only)

    def context(self) -> Context:
        opts = {"ledger": self.options.ledger} if self.options.ledger else {}  # CFL003/CFL004
        return Context(today=self.today, subjects_path=self.subjects_path, options=opts)


@dataclass
class Market:
    """Whether the draft concerns market operators' economic activity, and why."""

    related: bool
    reason: str
    path: str | None = None
    line: int | None = None


@dataclass
class Facts:
    """Everything the package rules look at."""

    package: Package
    settings: Settings
    drafts: list[FileResult]
    entries: dict[Path, FileResult]      # one per file of the package, drafts included
    texts: dict[Path, Source]            # materials that could be read
    unreadable: dict[Path, str]          # material → why it could not be read
    market: Market
    period: ReviewPeriod | None
    period_note: str | None              # why no period was computed (None when it was)
    period_error: bool                   # the note is an input error (exit 2)
    inventory: Source | None = None
    anchors: dict[str, int] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return str(self.package.folder)

    @property
    def required(self) -> list[str]:
        return required_materials(self.package, self.market.related)

    @property
    def missing(self) -> list[str]:
        have = self.package.kinds
        return [k for k in self.required if k not in have]

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.package.folder).as_posix()
        except ValueError:
            return str(path)

    # -- findings ------------------------------------------------------------
    def on_inventory(self, meta: RuleMeta, anchor: str, **kw) -> tuple[str, Finding]:
        """A finding on the package folder's entry, at the inventory line `anchor`."""
        line = self.anchors.get(anchor, 1)
        return self.folder, located(meta, self.inventory, line, **kw)

    def on_file(self, meta: RuleMeta, path: Path, **kw) -> tuple[str, Finding]:
        """A finding on a material's own entry, at its first non-empty line."""
        source = self.texts.get(path)
        if source is None:  # unreadable: point at the inventory line of its kind instead
            kind = next((m.kind for m in self.package.materials if m.path == path), None)
            return self.on_inventory(meta, f"material:{kind}", **kw)
        line = next((i for i in range(1, source.line_count + 1) if source.line_text(i).strip()), 1)
        return str(path), located(meta, source, line, **kw)


def located(meta: RuleMeta, source: Source, line: int, message: str | None = None,
            suggestion: str | None = None, severity: str | None = None,
            basis: list[str] | None = None, section: str | None = None) -> Finding:
    """A finding spanning one whole line (without its indentation) of `source`."""
    line = max(1, min(line, source.line_count))
    a, b = source.line_span(line)
    text = source.text[a:b]
    if source.kind == "md":  # point at the heading's words, not its "#" marks
        text = text.lstrip(" \t\u3000#")
        a = b - len(text)
    a += len(text) - len(text.lstrip())
    b -= len(text) - len(text.rstrip())
    b = max(a, b)
    found = finding_in_source(meta, source, a, b, section, message, suggestion, severity, basis)
    if not found.excerpt:
        found.excerpt = source.path
    return found


# --- analysis -------------------------------------------------------------------

def _draft_order(pkg: Package) -> list[Path]:
    """The draft files: declared ones first, then .docx before text before PDF."""
    rank = {".docx": 0, ".txt": 1, ".md": 1, ".markdown": 1, ".pdf": 2}
    drafts = [m for m in pkg.materials if m.kind == "draft"]
    return [m.path for m in sorted(drafts, key=lambda m: (m.how != "manifest", rank.get(m.path.suffix.lower(), 3)))]


def _market_options(engine: Engine) -> dict:
    from doclint.rules.package_rules import FairCompetitionRule

    for rule in engine.rules:
        if isinstance(rule, FairCompetitionRule):
            return rule.meta.options
    return dict(FairCompetitionRule.OPTIONS)


_SENTENCE = re.compile(r"[^。；！？!?;\n]+")


def market_signal(drafts: list[FileResult], options: dict) -> Market:
    """Does the draft concern market operators' economic activity (公平竞争审查条例 第二条)?"""
    for fr in drafts:
        for f in fr.findings:
            if f.category == "competition":
                return Market(True, f"草案第{f.line}行被公平竞争规则 {f.rule} 指出：{f.excerpt}", fr.path, f.line)
    subjects = [w for w in options.get("market_subjects") or [] if w]
    activities = [w for w in options.get("market_activities") or [] if w]
    if not subjects or not activities:
        return Market(False, "未配置判断经营者经济活动的词语")
    subj_rx = re.compile("|".join(map(re.escape, sorted(subjects, key=len, reverse=True))))
    act_rx = re.compile("|".join(map(re.escape, sorted(activities, key=len, reverse=True))))
    for fr in drafts:
        for no, line in enumerate((fr.text or "").split("\n"), 1):
            for sentence in _SENTENCE.findall(line):
                s, a = subj_rx.search(sentence), act_rx.search(sentence)
                if s and a:
                    shown = sentence.strip()
                    shown = shown if len(shown) <= 40 else shown[:39] + "…"
                    return Market(True, f"草案第{no}行“{shown}”涉及{s.group()}的{a.group()}活动", fr.path, no)
    return Market(False, "草案未见涉及经营者经济活动的内容")


def _manifest_line(pkg: Package, key: str, index: int | None = None) -> int | None:
    """Line of `key` (or of item `index` of the list under it) in package.yaml."""
    if pkg.manifest is None:
        return None
    try:
        data = load_yaml(pkg.manifest)
    except DoclintError:
        return None
    if not isinstance(data, LineDict) or key not in data:
        return None
    value = data[key]
    if index is not None and isinstance(value, LineList) and index < len(value.item_lines):
        return value.item_lines[index]
    return data.line_of(key)


def _period(pkg: Package, settings: Settings) -> tuple[ReviewPeriod | None, str | None, bool]:
    """(period, note, is_error): the review period, or why none was computed."""
    if pkg.received is None:
        return None, "package.yaml 未写明 received（审核机构收到全部材料之日），未计算审核期限", False
    # Dates that cannot describe a review: name package.yaml and the line.
    for i, pause in enumerate(pkg.pauses):
        if pause.start <= pkg.received:
            line = _manifest_line(pkg, "pauses", i)
            err = RulesetError(pkg.manifest, line, f"暂停期间“{pause.reason}”（{pause.start} 起）应在收到全部材料之日"
                                                   f"（received: {pkg.received}）之后开始")
            return None, str(err), True
    if pkg.completed is not None and pkg.completed < pkg.received:
        err = RulesetError(pkg.manifest, _manifest_line(pkg, "completed"),
                           f"审核完成日期 {pkg.completed} 早于收到全部材料之日 {pkg.received}")
        return None, str(err), True
    if pkg.completed is None and settings.today < pkg.received:
        return None, f"今天（{settings.today}）早于收到全部材料之日 {pkg.received}，未计算审核期限；可用 --today 指定日期", True
    try:
        calendar = settings.calendar()
        period = compute_period(pkg.received, list(pkg.pauses), calendar, completed=pkg.completed,
                                emergency=pkg.emergency, today=settings.today)
    except DoclintError as exc:
        where = f"{pkg.manifest}: " if pkg.manifest and not str(exc).startswith(str(pkg.manifest)) else ""
        hint = ("（可用 --weekends-only 仅按周末计算，或用 --calendar DIR 指定含该年数据的目录）"
                if isinstance(exc, YearNotCovered) else "")
        return None, f"{where}{exc}{hint}", True
    return period, None, False


def _read_material(path: Path, options: Options) -> tuple[FileResult, Source | None, str | None]:
    entry = FileResult(path=str(path))
    if path.suffix.lower() not in SUFFIXES:
        return entry, None, f"{path}: 不是可读取的文件类型（支持 .docx、.txt、.md、.pdf），只按文件名识别"
    try:
        source = read_path(str(path), encoding=options.encoding, max_bytes=options.max_bytes)
    except DoclintError as exc:
        entry.notices.append(str(exc))
        return entry, None, str(exc)
    entry.text = source.text
    entry.origins = source.origin_wheres()
    try:
        entry.document = document_fields(Document(source))
    except RecursionError:
        pass
    return entry, source, None


def analyse(pkg: Package, engine: Engine, settings: Settings) -> Facts:
    """Read and lint what the package rules need (steps 2–4 of the module docs)."""
    ctx = settings.context()
    rules = active_rules(engine, settings.options)
    draft_paths = _draft_order(pkg)
    entries: dict[Path, FileResult] = {}
    texts: dict[Path, Source] = {}
    unreadable: dict[Path, str] = {}
    drafts: list[FileResult] = []
    for m in pkg.materials:
        if m.path in draft_paths:
            fr = lint_path(str(m.path), engine, ctx, settings.options, rules)
            entries[m.path] = fr
            drafts.append(fr)
            if fr.error:
                unreadable[m.path] = fr.error
            elif fr.text is not None:
                texts[m.path] = Source(path=str(m.path), text=fr.text, kind="txt")
            continue
        entry, source, problem = _read_material(m.path, settings.options)
        entries[m.path] = entry
        if source is not None:
            texts[m.path] = source
        elif problem:
            unreadable[m.path] = problem
    drafts.sort(key=lambda fr: draft_paths.index(Path(fr.path)))
    market = market_signal(drafts, _market_options(engine))
    period, note, is_error = _period(pkg, settings)
    facts = Facts(pkg, settings, drafts, entries, texts, unreadable, market, period, note, is_error)
    facts.inventory, facts.anchors = _inventory(facts)
    return facts


def _inventory(facts: Facts) -> tuple[Source, dict[str, int]]:
    """The package folder entry's text: what was submitted, line by line."""
    pkg = facts.package
    lines: list[str] = []
    anchors: dict[str, int] = {}

    def add(key: str, text: str) -> None:
        lines.append(text)
        anchors[key] = len(lines)

    add("head", f"送审材料清单：{pkg.folder}（{MEASURES} 四）")
    level = pkg.level or "未写明层级"
    how = "，以政府名义或经政府批准以部门名义印发" if pkg.government_name and pkg.level else ""
    add("issuer", f"制定机关：{pkg.issuer or '未写明'}（{level}{how}）")
    add("drafting", f"起草部门：{pkg.drafting_department or '未写明'}")
    add("market", f"涉及经营者经济活动：{'是' if facts.market.related else '否'}（{facts.market.reason}）")
    required = facts.required
    shown = required + [k for k in MATERIALS if k not in required and pkg.files(k)]
    for n, kind in enumerate(shown, 1):
        files = pkg.files(kind)
        names = "、".join(facts.rel(p) for p in files) if files else "缺"
        extra = "（本件不要求）" if kind not in required else ""
        add(f"material:{kind}", f"{n}. {MATERIALS[kind]}{extra}：{names}")
    for path in pkg.unrecognised:
        add(f"unrecognised:{facts.rel(path)}", f"未识别种类的文件：{facts.rel(path)}")
    if pkg.received:
        add("received", f"收到全部材料：{pkg.received.isoformat()}")
    for i, p in enumerate(pkg.pauses):
        add(f"pause:{i}", f"暂停审核：{p.start.isoformat()} 至 {p.end.isoformat()}（{p.reason}）")
    if pkg.completed:
        add("completed", f"审核完成：{pkg.completed.isoformat()}")
    elif pkg.received:
        add("completed", f"截至 {facts.settings.today.isoformat()} 审核尚未完成")
    if pkg.emergency:
        add("emergency", f"紧急情形：{pkg.emergency}")
    return Source(path=facts.folder, text="\n".join(lines), kind="txt"), anchors


# --- the review -----------------------------------------------------------------

@dataclass
class Review:
    package: Package
    facts: Facts
    report: Report
    folder_entry: FileResult
    conclusion: str
    deciding_rule: str       # DECIDING_RULE plus why it gives this conclusion here
    reason: str              # why, for this package
    reviewing_body: str | None
    signer: str
    title: str
    addressee: str
    today: dt.date
    adoption: list | None = None  # re-review: 采纳情况 rows (doclint.diff.AdoptionRow), else None

    @property
    def drafts(self) -> list[FileResult]:
        return self.facts.drafts

    @property
    def exit_error(self) -> bool:
        """Bad input somewhere (unreadable draft, dates that cannot be counted)."""
        return self.facts.period_error or any(fr.error for fr in self.report.files)

    def exit_code(self, fail_on: str = "error") -> int:
        return 2 if self.exit_error else self.report.exit_code(fail_on)

    def to_dict(self) -> dict:
        d = self.report.to_dict()
        d["review"] = review_dict(self)
        if self.adoption is not None:
            d["review"]["adoption"] = [row.to_dict() for row in self.adoption]
        return d


def review_package(folder: str | Path, engine: Engine, settings: Settings) -> Review:
    """Review the package in `folder`.  A malformed package.yaml raises RulesetError."""
    pkg = load_package(folder)
    review = review_loaded(pkg, engine, settings)
    if settings.previous:  # re-review: how the earlier opinion was adopted (doclint.diff)
        from doclint.diff import adoption_for

        review.adoption = adoption_for(settings.previous, review, engine, settings)
    return review


def review_loaded(pkg: Package, engine: Engine, settings: Settings) -> Review:
    facts = analyse(pkg, engine, settings)
    folder_entry = FileResult(path=facts.folder, text=facts.inventory.text)
    placed = run_package_rules(facts, engine, settings.options, folder_entry.notices)
    for path, finding in placed:
        if finding.rule in settings.options.severity:
            finding.severity = settings.options.severity[finding.rule]
        target = folder_entry if path == facts.folder else facts.entries.get(Path(path), folder_entry)
        target.findings.append(finding)
    if facts.period_note:
        folder_entry.notices.append(facts.period_note)
    if facts.period is not None:
        folder_entry.notices.extend(facts.period.warnings)
    for fr in [folder_entry, *facts.entries.values()]:
        fr.findings.sort(key=Finding.sort_key)

    order = {k: i for i, k in enumerate(MATERIALS)}
    materials = sorted(pkg.materials, key=lambda m: (m.kind != "draft", order.get(m.kind, len(order)), str(m.path)))
    report = Report(files=[facts.entries[m.path] for m in materials] + [folder_entry])

    conclusion, reason = conclude(facts.drafts, report.files)
    try:
        body = reviewing_body(pkg)
    except DoclintError as exc:
        body = None
        folder_entry.notices.append(str(exc))
    title = draft_title(facts)
    return Review(
        package=pkg, facts=facts, report=report, folder_entry=folder_entry, conclusion=conclusion,
        deciding_rule=f"{DECIDING_RULE}本件：{reason}", reason=reason, reviewing_body=body,
        signer=signer(pkg), title=title,
        addressee=pkg.drafting_department or pkg.issuer or "起草部门",
        today=settings.opinion_date or pkg.completed or settings.today,
    )


def run_package_rules(facts: Facts, engine: Engine, options: Options,
                      notices: list[str] | None = None) -> list[tuple[str, Finding]]:
    """Findings of the active package rules, each with the entry it belongs to."""
    from doclint.rules.package_rules import PackageRule

    out: list[tuple[str, Finding]] = []
    for rule in active_rules(engine, options):
        if not isinstance(rule, PackageRule):
            continue
        try:
            out.extend(rule.check_package(facts))
        except DoclintError:
            raise
        except Exception as exc:  # a broken rule must not lose the other findings
            if notices is not None:
                notices.append(f"规则 {rule.id} 运行出错，已跳过（{exc.__class__.__name__}: {str(exc)[:100]}）")
    return out


def conclude(drafts: list[FileResult], entries: list[FileResult]) -> tuple[str, str]:
    """(conclusion, why) by DECIDING_RULE."""
    content = [f for fr in drafts for f in fr.findings
               if f.severity == "error" and f.category in CONTENT_CATEGORIES]
    if content:
        cats = _cat_counts(content)
        first = content[0]
        return "不合法", (f"草案有{len(content)}处内容违法的“错误”级问题（{cats}；如第{first.line}行 {first.rule}），"
                       f"结论为“不合法”。")
    problems = [f for fr in entries for f in fr.findings
                if f.severity in ("error", "warning") and f.category != "deadline"]
    unreadable = [fr for fr in drafts if fr.error]
    if not drafts:
        return "应当予以修改", "送审材料中没有草案文本，无法审核文件内容，应补送后重新审核，结论为“应当予以修改”。"
    if unreadable:
        return "应当予以修改", "草案文件无法读取，无法审核文件内容，结论为“应当予以修改”。"
    if problems:
        return "应当予以修改", (f"草案没有内容违法的“错误”级问题，但有{len(problems)}处需修改或补正的问题"
                             f"（{_cat_counts(problems)}），结论为“应当予以修改”。")
    return "合法", "草案和送审材料均未发现“错误”“警告”级问题，结论为“合法”。"


def _cat_counts(findings: list[Finding]) -> str:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.category] = counts.get(f.category, 0) + 1
    return "、".join(f"{CATEGORIES[c]}{n}处" for c, n in counts.items())


def draft_title(facts: Facts) -> str:
    for fr in facts.drafts:
        if fr.document and fr.document.get("title"):
            return fr.document["title"]
    if facts.drafts:
        return Path(facts.drafts[0].path).stem
    return facts.package.folder.name


def signer(pkg: Package) -> str:
    """The body that signs the opinion: the last reviewer named by 三."""
    level = pkg.level
    if level is None:
        return "审核机构"
    county_justice, city_justice = "县（市、区）司法行政部门", "市司法行政部门"
    justice = county_justice if level.startswith("县") or level in TOWNSHIP_LEVELS else city_justice
    if pkg.government_name or level in TOWNSHIP_LEVELS:
        return justice
    own = pkg.issuer or "本部门"
    if level in DEPARTMENT_LEVELS and not level.startswith("县"):
        return f"{own}内部审核机构"
    return f"{own}审核机构" if pkg.has_review_body else county_justice


# --- dictionaries for JSON ------------------------------------------------------

def period_dict(period: ReviewPeriod | None, received: dt.date | None = None, pauses=(),
                completed: dt.date | None = None, note: str | None = None) -> dict:
    """The `period` object of the review JSON (stable keys; null when not computed)."""
    if period is None:
        return {
            "received": received.isoformat() if received else None, "start": None, "earliest": None,
            "latest": None, "completed": completed.isoformat() if completed else None,
            "working_days_used": None, "status": None,
            "pauses": [_pause_dict(p) for p in pauses], "explanation": note, "emergency": None, "warnings": [],
        }
    return {
        "received": period.received.isoformat(),
        "start": period.start.isoformat(),
        "earliest": period.earliest.isoformat(),
        "latest": period.latest.isoformat(),
        "completed": completed.isoformat() if completed else None,
        "as_of": period.as_of.isoformat(),
        "working_days_used": period.working_days_used,
        "paused_workdays": period.paused_workdays,
        "status": period.status,
        "status_label": STATUS_LABELS[period.status],
        "pauses": [_pause_dict(p) for p in period.pauses],
        "emergency": period.emergency,
        "explanation": period.explanation,
        "warnings": list(period.warnings),
    }


def _pause_dict(p) -> dict:
    return {"start": p.start.isoformat(), "end": p.end.isoformat(), "reason": p.reason, "kind": p.kind}


def review_dict(review: Review) -> dict:
    facts, pkg = review.facts, review.package
    found = [{"kind": m.kind, "name": MATERIALS[m.kind], "path": str(m.path)}
             for m in pkg.materials if m.kind]
    order = {k: i for i, k in enumerate(MATERIALS)}
    found.sort(key=lambda d: (order[d["kind"]], d["path"]))
    return {
        "title": review.title,
        "conclusion": review.conclusion,
        "deciding_rule": review.deciding_rule,
        "reviewing_body": review.reviewing_body,
        "signer": review.signer,
        "addressee": review.addressee,
        "date": review.today.isoformat(),
        "level": pkg.level,
        "issuer": pkg.issuer,
        "drafting_department": pkg.drafting_department,
        "market_related": {"value": facts.market.related, "reason": facts.market.reason},
        "materials": {
            "required": [{"kind": k, "name": MATERIALS[k]} for k in facts.required],
            "found": found,
            "missing": [{"kind": k, "name": MATERIALS[k]} for k in facts.missing],
            "unrecognised": [str(p) for p in pkg.unrecognised],
        },
        "period": period_dict(facts.period, pkg.received, pkg.pauses, pkg.completed, facts.period_note),
    }


# --- examples of package rules ----------------------------------------------------

EXAMPLE_PLACEHOLDER = "（示例材料）"


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def example_facts(text: str, folder: Path, engine: Engine, ctx: Context) -> Facts:
    """Build a package from a rule example and analyse it.

    An example is a small YAML document: package.yaml's keys, plus ``files``
    mapping each file name to its text (empty: a placeholder text, so the file
    is recognised by its name only)::

        level: 市直部门
        files:
          起草说明.txt: 一、制定依据……
          法律顾问意见书.txt:
    """
    import yaml

    data = load_yaml("<示例>", text)
    if data is None:
        data = LineDict()
        data.key_lines = {}
    if not isinstance(data, dict):
        raise RulesetError("<示例>", 1, "送审材料示例应为“键: 值”形式的映射")
    files = data.get("files") or {}
    if not isinstance(files, dict):
        raise RulesetError("<示例>", data.line_of("files"), "files 应为“文件名: 内容”映射")
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / str(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = content if isinstance(content, str) and content.strip() else f"{path.stem}\n{EXAMPLE_PLACEHOLDER}\n"
        path.write_text(body, encoding="utf-8")
    manifest = {k: _plain(v) for k, v in data.items() if k != "files"}
    if manifest:
        (folder / "package.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    pkg = load_package(folder)
    return analyse(pkg, engine, Settings(today=ctx.today, subjects_path=ctx.subjects_path))


# --- the written opinion (shared by the Markdown, text and .docx renderers) -------
#
# The opinion is what the reviewing body signs (朔政办发〔2019〕40号 四/五): 审核依据,
# 审核结论, then the problems and the 修改意见 clause by clause in document order
# (errors first), then the materials and procedure.  It carries no rule ids, file
# names, line numbers or tool wording; those go to the 审核工作底稿 (``worksheet``).
# ``points(review)`` gives the numbered points on their own, each with a stable
# ``key`` (draft clause or material kind), for a re-review to match against.

NUMBER_PLACEHOLDER = "〔　〕号"
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
QUOTE_LIMIT = 120  # characters of a clause quoted whole; longer ones are cut with ……
ELLIPSIS = "……"

# What a content category's `error` findings amount to, in the words of 五.
VIOLATIONS = {
    "licensing": "违法设定行政许可或者增加办理行政许可的条件、程序",
    "penalty": "违法设定行政处罚",
    "coercion": "违法设定行政强制",
    "fee": "违法设定行政征收、行政收费",
    "certificate": "违法规定证明事项",
    "competition": "排除、限制公平竞争",
    "subject": "制定主体不合法",
    "organs": "对党委、人大、法院、检察院职权范围的事项作出规定",
    "obligation": "没有法律、法规依据减损合法权益或者增加义务",
    "power": "没有法律、法规依据增加本单位权力或者减少本单位法定职责",
}
# Findings the opinion leaves to the worksheet: the review period concerns the review
# work itself, and the scope note only says why the draft is reviewed at all.
WORKSHEET_ONLY = ("deadline", "scope")
_TOOL_WORDS = re.compile(
    r"[A-Z]{3}\d{3}|package\.yaml|major:|has_review_body|--[a-z]|第\d+行|\.(?:docx?|txt|md|pdf|wps|ya?ml)\b",
    re.IGNORECASE)
_CLAUSE_LABEL = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[\s\u3000]*")
_SENTENCE_END = "。；！？"
_PIECE_END = "，、：" + _SENTENCE_END


@dataclass
class Issue:
    """One problem of a point: what is wrong, by which bases (as cited), and what to change."""

    what: str
    basis: list[str]
    suggestion: str
    severity: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Point:
    """A numbered point of the opinion: one clause of the draft, or one material."""

    number: int
    part: str                # "content" (the draft), "materials" (materials and procedure), "other" (for reference)
    key: str                 # stable: "draft:<path>#<section or offset>", "material:<kind>", "file:<path>"
    heading: str             # 关于第五条 / 关于公平竞争审查材料
    quote: str | None        # the clause, whole or cut at a piece boundary with ……
    issues: list[Issue]

    @property
    def findings(self) -> list[Finding]:
        return [f for i in self.issues for f in i.findings]

    @property
    def severity(self) -> str:
        order = ("error", "warning", "info")
        return min((i.severity for i in self.issues), key=order.index, default="info")


@dataclass
class Opinion:
    mark: str                # the reviewing body's name (版头 and signature)
    number: str              # 〔　〕号 placeholder, or the configured 文号 pattern
    title: str
    addressee: str
    intro: str
    bases: list[str]         # 审核依据: titles, no articles
    conclusion: str
    conclusion_text: str
    points: list[Point]      # content
    material_points: list[Point]
    materials_found: list[str]
    other_points: list[Point]
    closing: str
    signer: str
    date: str
    # the re-review's 采纳情况 table (review --previous): rows of (意见, 采纳情况, 说明); None when absent
    adoption: list[tuple[str, str, str]] | None = None

    @property
    def sections(self) -> list[str]:
        """The first-level headings in order (numbered 一、二、…)."""
        heads = ["审核依据", "审核结论", "存在的问题和修改意见", "送审材料和制定程序"]
        if self.other_points:
            heads.append("其他意见")
        if self.adoption is not None:
            heads.append("上次审核意见的采纳情况")
        return [f"{int_to_cn(i)}、{h}" for i, h in enumerate(heads, 1)]


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_date_numerals(day: dt.date) -> str:
    """二〇二五年十月二十二日 (the style before GB/T 9704—2012; config opinion-date: chinese)."""
    digits = "〇一二三四五六七八九"
    return "".join(digits[int(c)] for c in str(day.year)) + f"年{int_to_cn(day.month)}月{int_to_cn(day.day)}日"


def signer_name(review: Review) -> str:
    """Who signs: config `reviewing-body`, else the justice bureau or issuer named in the subject list."""
    settings = review.facts.settings
    if settings.reviewing_body_name:
        return settings.reviewing_body_name
    role = review.signer
    if role in ("市司法行政部门", "县（市、区）司法行政部门"):
        name = _justice_from_subjects(settings.subjects_path, county=role.startswith("县"),
                                      issuer=review.package.issuer)
        return name or role
    if role.endswith("内部审核机构") or role.endswith("审核机构"):
        return review.package.issuer or role  # the department reviews, and signs, in its own name
    return role


def _justice_from_subjects(path: str | None, county: bool, issuer: str | None) -> str | None:
    from doclint.ruleset import bundled_file
    from doclint.subjects import load_subjects

    try:
        subjects = load_subjects(path or bundled_file("subjects", "shuozhou.yaml"))
    except DoclintError:
        return None
    bureaus = [s.name for s in subjects.subjects if s.name.endswith("司法局")]
    if county:
        place = next((c for c in subjects.counties if issuer and issuer.startswith(c)), None)
        return next((b for b in bureaus if place and b.startswith(place)), None)
    city = subjects.jurisdiction
    return next((b for b in bureaus if b.startswith(city)), None)


def _titles(review: Review):
    from doclint.titles import titles

    return titles(tuple(review.facts.settings.title_files))


def _cite(review: Review, bases: list[str]) -> list[str]:
    from doclint.titles import cite_bases

    return cite_bases(bases, _titles(review))


def _inline_cites(review: Review, text: str) -> str:
    """A 文号 and item written inside a message ("（朔政办发〔2019〕40号 四）") as the opinion cites it."""
    from doclint.titles import DOC_NO, cite

    table = _titles(review)

    def repl(m: re.Match) -> str:
        c = cite(m.group(0), table)
        return (c.title + c.item) if c.title else m.group(0)

    return re.sub(rf"(?<!》（)(?<!》){DOC_NO}(?:\s*(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+(?![\u4e00-\u9fff])))?",
                  repl, text)


def quote_clause(text: str, spans: list[tuple[int, int]], limit: int = QUOTE_LIMIT) -> str:
    """The clause `text` quoted whole, or the pieces holding `spans` with …… where cut.

    Cuts fall only after a sentence or clause mark (。；！？，、：), so a word is never cut;
    a piece longer than `limit` is kept whole rather than broken.
    """
    if len(text) <= limit:
        return text
    pieces: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _PIECE_END:
            pieces.append((start, i + 1))
            start = i + 1
    if start < len(text):
        pieces.append((start, len(text)))
    spans = [(a, max(a + 1, b)) for a, b in spans] or [(0, 1)]
    keep = {k for k, (a, b) in enumerate(pieces) for s, e in spans if a < e and s < b}
    if not keep:
        keep = {0}
    # grow to whole sentences while within the limit, then piece by piece around what is kept
    def size(ks: set[int]) -> int:
        return sum(pieces[k][1] - pieces[k][0] for k in ks)

    def sentence_of(k: int) -> set[int]:
        lo = k
        while lo > 0 and text[pieces[lo - 1][1] - 1] not in _SENTENCE_END:
            lo -= 1
        hi = k
        while hi < len(pieces) - 1 and text[pieces[hi][1] - 1] not in _SENTENCE_END:
            hi += 1
        return set(range(lo, hi + 1))

    whole = set().union(*(sentence_of(k) for k in keep))
    if size(whole) <= limit:
        keep = whole
    else:
        grown = True
        while grown:
            grown = False
            for k in sorted(keep):
                for n in (k - 1, k + 1):
                    if 0 <= n < len(pieces) and n in whole and n not in keep and size(keep | {n}) <= limit:
                        keep.add(n)
                        grown = True
    out: list[str] = []
    prev = -1
    for k in sorted(keep):
        if k != prev + 1:
            if out:
                out[-1] = out[-1].rstrip("，、：；。！？")
            out.append(ELLIPSIS)
        out.append(text[pieces[k][0]:pieces[k][1]])
        prev = k
    if prev < len(pieces) - 1:
        out[-1] = out[-1].rstrip("，、：；。！？")
        out.append(ELLIPSIS)
    return "".join(out).strip()


def _official(review: Review, text: str, fr: FileResult | None = None) -> str:
    """A rule's message as opinion text: line numbers as the clause they are in, 文号 cited in full."""
    if fr is not None and fr.text:
        source = Source(path=fr.path, text=fr.text, kind="txt")
        doc = None

        def where(m: re.Match) -> str:
            nonlocal doc
            n = int(m.group(1))
            if not 1 <= n <= source.line_count:
                return "前文"
            doc = doc or Document(source)
            a, _ = source.line_span(n)
            section = doc.section_at(a)
            return section or "前文"

        text = re.sub(r"第(\d+)行", where, text)
    return _inline_cites(review, text)


def _clean(text: str | None) -> str | None:
    return text if text and not _TOOL_WORDS.search(text) else None


def _draft_place(review: Review, fr: FileResult, f: Finding) -> tuple[str, str | None, str, tuple[int, int] | None]:
    """(key, quote text, heading, span in the quote) of a draft finding."""
    lines = (fr.text or "").split("\n")
    line = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
    line_start = sum(len(x) + 1 for x in lines[: f.line - 1])
    stripped = line.strip()
    lead = len(line) - len(line.lstrip())
    label = _CLAUSE_LABEL.match(stripped) if f.section else None
    body = stripped[label.end():] if label else stripped
    offset0 = line_start + lead + (label.end() if label else 0)
    span = (f.offset - offset0, min(f.end_offset, line_start + len(line)) - offset0)
    span = (max(0, span[0]), max(0, span[1])) if span[1] > 0 else None
    several = len(review.drafts) > 1
    prefix = f"《{Path(fr.path).stem}》" if several else ""
    title = (fr.document or {}).get("title")
    if f.section:
        section = f.section.replace(" ", "")
        place = section if section.startswith(("第", "附件")) else f"“{section}”部分"
        return f"draft:{fr.path}#{f.section}", body, f"关于{prefix}{place}", span
    if title and stripped and (stripped == title or title in stripped and len(stripped) <= len(title) + 12):
        return f"draft:{fr.path}#title", None, f"关于{prefix}文件标题", None
    return f"draft:{fr.path}@{f.line}", body, f"关于{prefix}正文有关表述", span


def _issue_from(review: Review, f: Finding, fr: FileResult | None) -> Issue:
    suggestion = _clean(_inline_cites(review, f.suggestion or "")) or "按照上述依据修改或者删除。"
    return Issue(_official(review, f.message, fr), _cite(review, f.basis), suggestion, f.severity, [f])


_QUOTED = re.compile(r"^([^“”]*)((?:“[^”]+”)+)([^“”]*)$")
_ADDS = re.compile(r"^(.*补充)([^。；]+)(。?)$")


def _combine(a: Issue, b: Issue) -> bool:
    """Fold `b` into `a` when both say the same with another quoted element
    (起草说明没有写明“X”。 + …“Y”。 → 起草说明没有写明“X”“Y”。).  True when folded."""
    ma, mb = _QUOTED.match(a.what), _QUOTED.match(b.what)
    if not (ma and mb and a.basis == b.basis and ma.group(1) == mb.group(1) and ma.group(3) == mb.group(3)):
        return False
    a.what = ma.group(1) + ma.group(2) + mb.group(2) + ma.group(3)
    sa, sb = _ADDS.match(a.suggestion), _ADDS.match(b.suggestion)
    if sa and sb and sa.group(1) == sb.group(1):
        a.suggestion = f"{sa.group(1)}{sa.group(2)}、{sb.group(2)}{sa.group(3)}"
    elif b.suggestion not in a.suggestion:
        a.suggestion += b.suggestion
    a.findings += b.findings
    if b.severity == "error":
        a.severity = "error"
    return True


def _merge_issues(issues: list[Issue]) -> list[Issue]:
    """One issue per distinct message: the same problem found by two rules is said once, and
    the same gap with several elements is said as one."""
    out: list[Issue] = []
    for i in issues:
        if out and _combine(out[-1], i):
            continue
        same = next((o for o in out if o.what == i.what), None)
        if same is None:
            out.append(i)
            continue
        same.basis += [b for b in i.basis if b not in same.basis]
        same.findings += i.findings
        if i.severity == "error":
            same.severity = "error"
    return out


def _content_points(review: Review) -> tuple[list[Point], list[Point]]:
    """(points needing change, points for reference) on the drafts, in document order, errors first."""
    groups: dict[str, dict] = {}
    for d_index, fr in enumerate(review.drafts):
        if fr.error:
            groups[f"draft:{fr.path}#unreadable"] = {
                "order": (d_index, -1), "heading": "关于草案文本", "quote": None, "spans": [],
                "issues": [Issue("草案文本无法读取，未能审核其内容。", _cite(review, [f"{MEASURES} 四"]),
                                 "请报送可以读取的草案文本。", "error")]}
        for f in fr.findings:
            if f.category in WORKSHEET_ONLY or f.suppressed is not None:
                continue
            key, quote, heading, span = _draft_place(review, fr, f)
            g = groups.setdefault(key, {"order": (d_index, f.offset), "heading": heading, "quote": quote,
                                        "spans": [], "issues": []})
            if span:
                g["spans"].append(span)
            g["issues"].append(_issue_from(review, f, fr))
    needed: list[Point] = []
    hints: list[Point] = []
    for key, g in sorted(groups.items(), key=lambda kv: kv[1]["order"]):
        issues = _merge_issues(sorted(g["issues"], key=lambda i: i.severity != "error"))
        quote = quote_clause(g["quote"], g["spans"]) if g["quote"] else None
        main = [i for i in issues if i.severity != "info"]
        info = [i for i in issues if i.severity == "info"]
        if main:
            needed.append(Point(0, "content", key, g["heading"], quote, main))
        if info:
            hints.append(Point(0, "other", key, g["heading"], quote if not main else None, info))
    needed.sort(key=lambda p: p.severity != "error")  # stable: document order within each severity
    return needed, hints


def _material_name(kind: str) -> str:
    return MATERIALS[kind]


def _market_places(review: Review) -> str:
    """Where the draft concerns market operators' economic activity, as clauses (第五条、第七条等)."""
    places: list[str] = []
    for fr in review.drafts:
        for f in fr.findings:
            if f.category == "competition" and f.section and f.section not in places:
                places.append(f.section)
    m = review.facts.market
    if not places and m.path and m.line:
        fr = next((d for d in review.drafts if d.path == m.path), None)
        if fr is not None and fr.text:
            source = Source(path=fr.path, text=fr.text, kind="txt")
            if 1 <= m.line <= source.line_count:
                section = Document(source).section_at(source.line_span(m.line)[0])
                if section:
                    places.append(section)
    if not places:
        return "草案有关条款"
    shown = "、".join(places[:4]) + ("等条款" if len(places) > 4 else "")
    return f"草案{shown}"


def _material_points(review: Review) -> list[Point]:
    facts, pkg = review.facts, review.package
    anchor_of = {line: key for key, line in facts.anchors.items()}
    by_kind: dict[str, list[Finding]] = {}
    other: list[tuple[FileResult | None, Finding]] = []
    unrecognised: list[Finding] = []
    for f in review.folder_entry.findings:
        if f.category in WORKSHEET_ONLY or f.suppressed is not None:
            continue
        anchor = anchor_of.get(f.line, "")
        if anchor.startswith("material:"):
            by_kind.setdefault(anchor.split(":", 1)[1], []).append(f)
        elif anchor.startswith("unrecognised:"):
            unrecognised.append(f)
        else:
            other.append((None, f))
    out: list[Point] = []
    government = "以政府名义或经政府批准以部门名义印发的文件" if pkg.government_name else "本件"
    kinds = [k for k in MATERIALS if k in facts.missing or k in by_kind]
    special = {"fair_competition"} if facts.market.related else set()
    if pkg.major:
        special |= {"expert_opinion", "risk_assessment"}
    plain = [k for k in kinds if k not in special]
    if plain:  # every missing material named once, in one point
        found = [f for k in plain for f in by_kind.get(k, [])]
        bases = [b for f in found for b in f.basis] or [f"{MEASURES} 四"]
        names = "".join(f"“{_material_name(k)}”" for k in plain)
        severity = "error" if any(f.severity == "error" for f in found) else (found[0].severity if found else "warning")
        which = "该材料" if len(plain) == 1 else "上述材料"
        out.append(Point(0, "materials", "material:" + ",".join(plain), "关于缺少的送审材料", None, [Issue(
            f"送审材料缺少{names}{'共' + int_to_cn(len(plain)) + '项' if len(plain) > 1 else ''}，{government}应当报送{which}。",
            _cite(review, bases), f"请补送{which}；材料不齐全的，审核机构予以退回或者要求补送。", severity, found)]))
    for kind in [k for k in kinds if k in special]:
        found = by_kind.get(kind, [])
        name = _material_name(kind)
        bases = [b for f in found for b in f.basis] or [f"{MEASURES} 四"]
        if kind == "fair_competition" and facts.market.related:
            what = (f"{_market_places(review)}涉及经营者经济活动，送审材料中没有{name}，"
                    "不能表明起草单位已进行公平竞争审查。")
        elif kind in ("expert_opinion", "risk_assessment") and pkg.major:
            what = f"本件属于重大行政规范性文件，送审材料中没有{name}。"
        else:
            what = f"送审材料缺少“{name}”，{government}应当报送该材料。"
        suggestions = [s for s in (_clean(_inline_cites(review, f.suggestion or "")) for f in found) if s]
        suggestion = suggestions[0] if suggestions else f"请补送“{name}”。"
        severity = "error" if any(f.severity == "error" for f in found) else (found[0].severity if found else "warning")
        out.append(Point(0, "materials", f"material:{kind}", f"关于{name}", None,
                         [Issue(what, _cite(review, bases), suggestion, severity, found)]))
    # problems inside a material (起草说明 without 所要解决的主要问题 …): one point per file
    order = {k: i for i, k in enumerate(MATERIALS)}
    for m in sorted((m for m in pkg.materials if m.kind and m.kind != "draft"),
                    key=lambda m: (order.get(m.kind, 99), str(m.path))):
        fr = facts.entries.get(m.path)
        if fr is None:
            continue
        found = [f for f in fr.findings if f.category not in WORKSHEET_ONLY and f.suppressed is None]
        if not found:
            continue
        issues = _merge_issues([_issue_from(review, f, None) for f in found])
        out.append(Point(0, "materials", f"file:{m.path}", f"关于{_material_name(m.kind)}", None, issues))
    if unrecognised:
        n = len(unrecognised)
        out.append(Point(0, "materials", "material:unrecognised", "关于未注明种类的材料", None, [Issue(
            f"另有{n}份材料未能确定属于哪一种送审材料，未计入送审材料。", _cite(review, [f"{MEASURES} 四"]),
            "请在报送时注明各份材料的名称。", "warning", unrecognised)]))
    for _, f in other:
        msg = _clean(_official(review, f.message)) or f"{CATEGORIES.get(f.category, f.category)}方面存在需要补正的问题。"
        out.append(Point(0, "materials", f"package:{f.rule}:{f.line}", f"关于{CATEGORIES.get(f.category, '制定程序')}",
                         None, [Issue(msg, _cite(review, f.basis), _clean(f.suggestion) or "请予以补正。",
                                      f.severity, [f])]))
    out.sort(key=lambda p: p.severity != "error")
    return out


def points(review: Review) -> list[Point]:
    """Every numbered point of the opinion, in its order: the draft's clauses (errors first, then
    warnings, each in document order), the materials and procedure, then points for reference.
    Numbers run through each part; ``Point.key`` names the clause or material for matching."""
    needed, hints = _content_points(review)
    materials = _material_points(review)
    for part in (needed, materials, hints):
        for n, p in enumerate(part, 1):
            p.number = n
    return needed + materials + hints


def _places(ps: list[Point], limit: int = 5) -> str:
    names = [p.heading.removeprefix("关于") for p in ps]
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def opinion(review: Review) -> Opinion:
    """The opinion's parts, in the order an 审核意见书 gives them."""
    facts, pkg = review.facts, review.package
    settings = facts.settings
    all_points = points(review)
    needed = [p for p in all_points if p.part == "content"]
    materials = [p for p in all_points if p.part == "materials"]
    hints = [p for p in all_points if p.part == "other"]
    name = signer_name(review)
    we = "我局" if name.endswith("局") else "我们"
    title = review.title
    general = ["国办发〔2018〕115号", MEASURES]
    cited = []
    for p in all_points:
        for i in p.issues:
            cited += i.basis
    from doclint.titles import cite as _cite_one

    table = _titles(review)
    bases: list[str] = []
    for b in [*(_cite_one(g, table).key for g in general), *(_cite_one(c, table).key for c in cited)]:
        if b not in bases:
            bases.append(b)
    measures = _cite_one(MEASURES, table).key
    intro = (f"你单位报送的《{title}》及有关送审材料收悉。根据{measures}第三条、第四条、第五条、第六条的规定，"
             f"{we}对该文件的制定主体、制定程序、送审材料和内容进行了合法性审核。现提出审核意见如下：")
    if review.conclusion == "不合法":
        errors = [p for p in needed if p.severity == "error"]
        kinds: list[str] = []
        for p in errors:
            for f in p.findings:
                if f.severity == "error" and f.category in CONTENT_CATEGORIES:
                    v = VIOLATIONS.get(f.category, CATEGORIES.get(f.category, f.category))
                    if v not in kinds:
                        kinds.append(v)
        kinds = kinds or ["违反法律、法规规定的内容"]
        said = kinds[0] if len(kinds) == 1 else "，".join(kinds[:-1]) + "以及" + kinds[-1]
        conclusion_text = (f"经审核，《{title}》{_places(errors)}存在{said}等问题，不符合有关法律、法规和国家政策规定。"
                           "审核结论为：不合法。请你单位按照下列意见修改后，重新报送审核。")
    elif review.conclusion == "应当予以修改":
        why = []
        if any(p.issues and p.key.endswith("#unreadable") for p in needed):
            why.append("草案文本无法读取，未能审核其内容")
        elif needed:
            why.append(f"{_places(needed)}需要修改")
        if facts.missing:
            why.append("送审材料不齐全")
        elif materials:
            why.append("送审材料需要补正")
        if not facts.drafts:
            why.append("送审材料中没有草案文本，未能审核其内容")
        reason = "，".join(why) or "有关内容需要修改、补正"
        conclusion_text = (f"经审核，《{title}》未发现违法设定行政许可、行政处罚、行政强制等事项的内容，但{reason}。"
                           "审核结论为：应当予以修改。请你单位按照下列意见修改、补正后报送。")
    else:
        conclusion_text = (f"经审核，《{title}》的制定主体、制定程序和内容未发现违反宪法、法律、法规、规章和国家政策规定的情形。"
                           "审核结论为：合法。")
    order = {k: i for i, k in enumerate(MATERIALS)}
    found = []
    for m in sorted((m for m in pkg.materials if m.kind), key=lambda m: (order[m.kind], str(m.path))):
        if MATERIALS[m.kind] not in found:
            found.append(MATERIALS[m.kind])
    if review.conclusion == "合法":
        closing = "特此函复。"
    else:
        closing = (f"请你单位根据本意见对草案和送审材料作必要的修改或者补充；对本意见有异议的，可与{we}沟通。"
                   "未采纳或者未完全采纳本意见的，应当在提请制定机关审议时详细说明理由和依据。")
    date = cn_date_numerals(review.today) if settings.opinion_date_style == "chinese" else cn_date(review.today)
    return Opinion(
        mark=name,
        number=settings.opinion_number or NUMBER_PLACEHOLDER,
        title=f"关于《{title}》的合法性审核意见",
        addressee=review.addressee,
        intro=intro,
        bases=bases,
        conclusion=review.conclusion,
        conclusion_text=conclusion_text,
        points=needed,
        material_points=materials,
        materials_found=found,
        other_points=hints,
        closing=closing,
        signer=name,
        date=date,
        adoption=None if review.adoption is None else [row.cells() for row in review.adoption],  # doclint.diff
    )


# --- the 审核工作底稿: what the opinion leaves out, for the file ----------------------

def worksheet(review: Review) -> str:
    """The 审核工作底稿 (Markdown): every finding with its rule, file and line, the point of the
    opinion it went into, the decision rule, reviewing body, period, inventory and notices."""
    from doclint import __version__
    from doclint.titles import cite, untitled

    facts = review.facts
    table = _titles(review)
    out = [f"# 《{review.title}》合法性审核工作底稿", "",
           f"内部留存，不随审核意见书印发。由 doclint {__version__} 生成，审核意见日期 {cn_date(review.today)}。", ""]
    out += [f"- 送审材料文件夹：{facts.folder}", f"- 审核结论：{review.conclusion}",
            f"- 签署机关：{signer_name(review)}（{review.signer}）", ""]
    out += ["## 判定规则", "", review.deciding_rule, ""]
    numbered = {}
    part_names = {"content": "三", "materials": "四", "other": "其他意见"}
    for p in points(review):
        for f in p.findings:
            numbered[id(f)] = f"{part_names[p.part]}（{int_to_cn(p.number)}）"
    out += ["## 全部发现", "", "| 意见书 | 规则 | 级别 | 文件 | 行 | 位置 | 原文 | 说明 |", "|---|---|---|---|---|---|---|---|"]
    for fr in review.report.files:
        for f in fr.findings:
            cell = lambda s: str(s or "").replace("|", "\\|").replace("\n", " ")  # noqa: E731
            where = "送审材料清单" if fr is review.folder_entry else facts.rel(Path(fr.path))
            out.append(f"| {numbered.get(id(f), '未列入')} | {f.rule} | {SEVERITY_WORDS[f.severity]} | {cell(where)} "
                       f"| {f.line} | {cell(f.section)} | {cell(f.excerpt)} | {cell(f.message)} |")
    out.append("")
    bases = [b for fr in review.report.files for f in fr.findings for b in f.basis]
    missing = sorted(set(untitled(bases, table)))
    unverified = sorted({cite(b, table).key for b in bases if cite(b, table).title and not cite(b, table).verified})
    if missing or unverified:
        out += ["## 依据待核", ""]
        out += [f"- 标题表（document-titles）中没有：{b}" for b in missing]
        out += [f"- 标题或条文未经核实：{b}" for b in unverified]
        out.append("")
    out += ["## 审核机构", "", f"依照{MEASURES} 三：{review.reviewing_body or '未能确定（package.yaml 没有写明 level）'}。", ""]
    out += ["## 审核期限", ""]
    if facts.period is not None:
        out.append(facts.period.explanation)
        for p in facts.period.pauses:
            out.append(f"- 暂停审核：{cn_date(p.start)}至{cn_date(p.end)}，{p.reason}")
        out += [f"- {w}" for w in facts.period.warnings]
    else:
        out.append(facts.period_note or "未计算审核期限。")
    out += ["", "## 送审材料清单", "", "```", facts.inventory.text if facts.inventory else "", "```", ""]
    notes = [n for fr in review.report.files for n in fr.notices]
    for fr in facts.drafts:
        if fr.scope and fr.scope.get("normative") is False:
            notes.append("草案可能不属于规范性文件：" + "；".join(fr.scope.get("reasons") or []))
    if notes:
        out += ["## 附注", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(out).rstrip("\n") + "\n"
