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
        return d


def review_package(folder: str | Path, engine: Engine, settings: Settings) -> Review:
    """Review the package in `folder`.  A malformed package.yaml raises RulesetError."""
    pkg = load_package(folder)
    return review_loaded(pkg, engine, settings)


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

NUMBER_PLACEHOLDER = "〔　〕号"
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Problem:
    number: int
    heading: str             # e.g. "【错误】行政处罚（PEN001）"
    where: str               # 位置
    excerpt: str | None      # 原文 (None for the package inventory)
    what: str                # 问题
    basis: list[str]         # 依据
    suggestion: str          # 修改建议
    finding: Finding


@dataclass
class Opinion:
    title: str
    number: str
    addressee: str
    intro: str
    conclusion: str
    conclusion_text: str
    deciding_rule: str
    problems: list[Problem]  # error and warning findings
    hints: list[Problem]     # info findings: shown, but they do not decide anything
    materials_found: list[str]
    materials_missing: list[str]
    materials_other: list[str]
    reviewing_body: str
    period: list[str]
    notes: list[str]
    signer: str
    date: str


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _where(review: Review, fr: FileResult, f: Finding) -> str:
    facts = review.facts
    if fr is review.folder_entry:
        what = "审核期限" if f.category == "deadline" else "送审材料"
        return f"{what}（{facts.folder}）"
    path = Path(fr.path)
    kind = next((m.kind for m in review.package.materials if m.path == path), None)
    label = "草案" if kind == "draft" else MATERIALS[kind] if kind else "文件"
    where = f"{label} {facts.rel(path)} 第{f.line}行"
    origin = fr.origins[f.line - 1] if fr.origins and 0 < f.line <= len(fr.origins) else None
    if origin and origin != f"第{f.line}行":
        where += f"（{origin}）"
    if f.section:
        where += f"，{f.section}"
    return where


def opinion(review: Review) -> Opinion:
    """The opinion's parts, in the order an 审核意见书 gives them."""
    facts, pkg = review.facts, review.package
    problems: list[Problem] = []
    hints: list[Problem] = []
    for fr in review.report.files:
        for f in fr.findings:
            target = hints if f.severity == "info" else problems
            n = len(target) + 1
            target.append(Problem(
                number=n,
                heading=f"【{SEVERITY_WORDS[f.severity]}】{CATEGORIES.get(f.category, f.category)}（{f.rule}）",
                where=_where(review, fr, f),
                excerpt=None if fr is review.folder_entry else f.excerpt,
                what=f.message,
                basis=list(f.basis),
                suggestion=f.suggestion or "按上述依据修改或补正。",
                finding=f,
            ))
    found = []
    order = {k: i for i, k in enumerate(MATERIALS)}
    for m in sorted((m for m in pkg.materials if m.kind), key=lambda m: (order[m.kind], str(m.path))):
        found.append(f"{MATERIALS[m.kind]}：{facts.rel(m.path)}")
    missing = [MATERIALS[k] for k in facts.missing]
    other = [f"未识别种类的文件：{facts.rel(p)}" for p in pkg.unrecognised]
    market = ("草案涉及经营者经济活动，需要公平竞争审查材料（" + facts.market.reason + "）"
              if facts.market.related else "草案未见涉及经营者经济活动的内容，不要求公平竞争审查材料")
    other.append(market)
    if pkg.major:
        other.append("package.yaml 标明本件为重大规范性文件，需要专家论证意见和风险评估报告")
    if facts.period is not None:
        period = [facts.period.explanation]
        if facts.period.pauses:
            period.append("暂停审核（不计入审核期限）：" + "；".join(
                f"{cn_date(p.start)}至{cn_date(p.end)}，{p.reason}" for p in facts.period.pauses))
        period.extend(facts.period.warnings)
    else:
        period = [facts.period_note or "未计算审核期限。"]
    notes = []
    for fr in facts.drafts:
        if fr.error:
            notes.append(f"草案无法读取：{fr.error}")
        elif fr.scope and fr.scope.get("normative") is False:
            notes.append("草案可能不属于规范性文件：" + "；".join(fr.scope.get("reasons") or []))
    for fr in review.report.files:
        for n in fr.notices:
            if n == facts.period_note or (facts.period and n in facts.period.warnings):
                continue  # already in the period section
            if review.reviewing_body is None and "无法确定审核机构" in n:
                continue  # already in the reviewing-body section
            notes.append(n)
    conclusion_text = {
        "合法": "经审核，该文件合法。",
        "不合法": "经审核，该文件不合法，应当按照下列意见修改后重新报送审核。",
        "应当予以修改": "经审核，该文件应当予以修改，请按照下列意见修改或补正后报送。",
    }[review.conclusion]
    return Opinion(
        title=f"关于《{review.title}》的合法性审核意见",
        number=NUMBER_PLACEHOLDER,
        addressee=review.addressee,
        intro=(f"你单位报送的《{review.title}》及送审材料收悉。依照{MEASURES} 三、四、五、六的规定，"
               "我们对该文件的制定主体、制定程序、送审材料和内容进行了合法性审核，现提出审核意见如下："),
        conclusion=review.conclusion,
        conclusion_text=conclusion_text,
        deciding_rule=review.deciding_rule,
        problems=problems,
        hints=hints,
        materials_found=found,
        materials_missing=missing,
        materials_other=other,
        reviewing_body=review.reviewing_body or "未能确定（package.yaml 没有写明 level）",
        period=period,
        notes=notes,
        signer=review.signer,
        date=cn_date(review.today),
    )
