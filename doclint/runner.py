"""`doclint check` from paths to a report: configuration per file, engines per
ruleset set, serial or parallel linting, suppressions, baseline, exit code.

Configuration is per file (see doclint.config), so files are grouped by their
effective rulesets: one Engine per distinct set (Engine.load caches by paths).
With ``jobs > 1`` files are linted in worker processes in chunks; results are
put back in input order, so the report is identical to a serial run.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from doclint.config import Resolver, Settings
from doclint.errors import DoclintError
from doclint.linter import Options, active_rules, expand_paths, lint_path
from doclint.report import FileResult, Report

PROGRESS_MIN_FILES = 20  # a progress bar only for runs at least this long (and stderr a terminal)
# each extra process needs this much input to pay for itself (~12 ms of linting; a fork costs ~5 ms)
MIN_BYTES_PER_PROCESS = 16 * 1024


@dataclass
class Request:
    paths: list[str]
    cli: dict[str, Any] = field(default_factory=dict)  # select, ignore, fail-on, rulesets, subjects
    config_file: str | None = None
    isolated: bool = False
    options: Options = field(default_factory=Options)  # encoding, docx_headers, max_bytes
    today: _dt.date = field(default_factory=_dt.date.today)
    jobs: int = 1
    warn_unused: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    progress: bool = False
    keep_source: str = "text"  # source kept on each result: "text", "lines" or "none" (see FileResult.keep_source)
    prerender: Any = None  # renders a result's part of the report where it was linted (formatters.prerenderer)


@dataclass
class Outcome:
    report: Report
    exit_code: int
    messages: list[str] = field(default_factory=list)  # one-line notes for standard error


# -- per process caches (a worker process fills its own) --------------------------------------
_RULES: dict[Settings, tuple[Any, list]] = {}  # settings -> (engine, its active rules)
_CONTEXTS: dict[tuple, Any] = {}


def _engine(settings: Settings):
    from doclint.engine import Engine

    return Engine.load(list(settings.rulesets))


def _options(settings: Settings, base: Options) -> Options:
    return Options(
        select=list(settings.select), ignore=list(settings.ignore), encoding=base.encoding,
        docx_headers=base.docx_headers, max_bytes=base.max_bytes, docx_view=settings.docx_view, severity=dict(settings.severity),
        file_ignores=list(settings.file_ignores), warn_unused_suppressions=settings.warn_unused,
        ledger=base.ledger,
        model=settings.model,
    )


def _context(settings: Settings, today: _dt.date, ledger: str | None = None):
    from doclint.rules.base import Context

    key = (today, settings.subjects, settings.calendar, settings.rule_options, ledger)
    if key not in _CONTEXTS:
        opts: dict = {"calendar_dirs": list(settings.calendar)} if settings.calendar else {}
        if settings.rule_options:
            opts["rule_options"] = {rid: dict(o) for rid, o in settings.rule_options}
        if ledger:
            opts["ledger"] = ledger  # CFL003/CFL004 (doclint.rules.ledger_rules)
        _CONTEXTS[key] = Context(today=today, subjects_path=settings.subjects, options=opts)
    return _CONTEXTS[key]


def check_rule_options(engine, settings: Settings) -> None:
    """Every configured rule option must exist on that rule (a typo is an error, not a no-op)."""
    for rid, opts in settings.rule_options:
        rule = engine.by_id.get(rid)
        known = getattr(rule, "OPTIONS", {}) if rule is not None else {}
        for name, _ in opts:
            if name not in known:
                allowed = "、".join(known) or "无"
                raise DoclintError(f"配置 rule-options：规则 {rid} 没有选项 {name!r}（可用：{allowed}）")


def lint_one(path: str, settings: Settings, base: Options, today: _dt.date) -> FileResult:
    engine = _engine(settings)
    options = _options(settings, base)
    cached = _RULES.get(settings)
    if cached is None or cached[0] is not engine:
        check_rule_options(engine, settings)
        cached = _RULES[settings] = (engine, active_rules(engine, options))
    return lint_path(path, engine, _context(settings, today, base.ledger), options, cached[1])


def _lint_chunk(chunk: list[tuple[str, Settings]], base: Options, today: _dt.date, keep_source: str) -> list:
    """Pool worker entry: FileResults, or the one-line message of an error that stops the run."""
    out = []
    for path, settings in chunk:
        try:
            result = lint_one(path, settings, base, today)
        except DoclintError as exc:  # exceptions with custom __init__ do not pickle: send text
            return [str(exc)]
        result.keep_source(keep_source)
        out.append(result)
    return out


# -- the run ---------------------------------------------------------------------------------------
def collect_files(paths: list[str], resolver: Resolver, skipped: list[tuple[str, str]] | None = None) -> tuple[list[str], int]:
    """Files to check (folders expanded) and how many were left out by `exclude`; files
    of other kinds found in folders go to `skipped` as (path, reason)."""
    files: list[str] = []
    excluded = 0

    def is_excluded(f: str) -> bool:
        nonlocal excluded
        if resolver.config_for(f).excludes(f):
            excluded += 1
            return True
        return False

    for p in paths:
        if p != "-" and os.path.isdir(p):
            files.extend(expand_paths([p], exclude=is_excluded, skipped=skipped))
        elif p == "-" or not os.path.exists(p) or not is_excluded(p):
            files.append(p)
    return files, excluded


def check_severity_keys(settings: Settings, config) -> None:
    engine = _engine(settings)
    for rid, _sev in settings.severity:
        if rid not in engine.by_id:
            origin = config.values["severity"].origin
            raise DoclintError(f"{origin}: severity 中的规则 {rid} 不存在（doclint rules 可列出全部规则）")


def run(req: Request) -> Outcome:
    resolver = Resolver(req.cli, req.config_file, req.isolated)
    skipped: list[tuple[str, str]] = []
    files, excluded = collect_files(req.paths, resolver, skipped)
    if not files and not excluded:
        also = f"；跳过了 {len(skipped)} 个其他类型的文件" if skipped else ""
        raise DoclintError(f"没有找到可检查的文件（.docx、.doc、.wps、.rtf、.odt、.pdf、.txt、.md）{also}")
    jobs: list[tuple[str, Settings]] = []
    checked: set[Settings] = set()
    for f in files:
        config = resolver.config_for(f)
        s = config.settings_for(f)
        if req.warn_unused and not s.warn_unused:
            s = replace(s, warn_unused=True)
        if s not in checked:
            check_severity_keys(s, config)  # also loads (and verifies) the engine once, before any fork
            if s.model:  # a bad model file stops the run here, in one line, before any file is read
                from doclint.model.check import get_model

                get_model(s.model)
            checked.add(s)
        jobs.append((f, s))

    results = _run_jobs(jobs, req)
    # files of other kinds found in the folders: listed after those checked, with the reason
    report = Report(files=results + [FileResult(path=p, skipped=why) for p, why in skipped])
    messages = []
    if excluded:
        messages.append(f"按配置 exclude 跳过了 {excluded} 个文件。")
    from doclint import baseline

    if req.write_baseline:
        n = baseline.write(report, req.write_baseline)
        messages.append(f"已把 {n} 个发现写入基线 {req.write_baseline}。")
    base_file = req.write_baseline or req.baseline
    if base_file:
        dropped = baseline.filter_report(report, base_file)
        if dropped and not req.write_baseline:
            messages.append(f"基线 {base_file} 中已记录的 {dropped} 个发现未列出。")
    fail_on = {id(fr): s.fail_on for fr, (_f, s) in zip(report.files, jobs)}
    return Outcome(report, report.exit_code(per_file=fail_on), messages)


def _run_jobs(jobs: list[tuple[str, Settings]], req: Request) -> list[FileResult]:
    results: list[FileResult | None] = [None] * len(jobs)
    bar = None
    if req.progress and len(jobs) >= PROGRESS_MIN_FILES:
        import click

        bar = click.progressbar(length=len(jobs), label="正在检查", file=sys.stderr, show_pos=True)
        bar.__enter__()

    # a baseline drops findings after the run: parts rendered ahead would then be stale
    prerender = req.prerender if not (req.baseline or req.write_baseline) else None

    def lint(i: int) -> FileResult:
        result = lint_one(jobs[i][0], jobs[i][1], req.options, req.today)
        if prerender:
            prerender(result)
        result.keep_source(req.keep_source)  # before it is sent from a worker or kept till the end
        return result

    def done(i: int, result: FileResult) -> None:
        results[i] = result
        if bar:
            bar.update(1)

    try:
        _spread(jobs, req, lint, done)
    finally:
        if bar:
            bar.__exit__(None, None, None)
    return results  # type: ignore[return-value]


def _spread(jobs: list[tuple[str, Settings]], req: Request, lint, done) -> None:
    """lint(i) for every job, here or over several processes: as many as asked for (-j),
    no more than the input can keep busy."""
    n = len(jobs)
    workers = min(req.jobs if req.jobs > 0 else (os.cpu_count() or 1), n)
    local = _linted_here_first(jobs) if workers > 1 else list(range(n))
    for i in local:
        done(i, lint(i))
    remote = sorted(set(range(n)) - set(local))
    sizes = {i: _size(jobs[i][0]) for i in remote} if workers > 1 else {}
    workers = min(workers, len(remote), sum(sizes.values()) // MIN_BYTES_PER_PROCESS)
    if workers <= 1:
        for i in remote:
            done(i, lint(i))
        return
    # biggest files first (input order among equals): the last tasks are then small, so the
    # processes finish close together; results go back in input order anyway
    remote.sort(key=lambda i: -sizes[i])
    from doclint import parallel

    if parallel.available():
        parallel.run(remote, lint, workers, done)
    else:
        _run_pool(jobs, remote, workers, req, lint, done)


def _linted_here_first(jobs: list[tuple[str, Settings]]) -> list[int]:
    """Linted before any other process starts: standard input (only this process can read
    it), and the first file of each ruleset group, which imports the modules and fills
    the caches that every later file uses, so that happens once, not in every process."""
    first: dict[Settings, int] = {}
    for i, (_f, s) in enumerate(jobs):
        first.setdefault(s, i)
    return sorted({i for i, (f, _) in enumerate(jobs) if f == "-"} | set(first.values()))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _run_pool(jobs, remote, workers, req, lint, done) -> None:
    """Where processes cannot be forked: a pool of fresh interpreters, files sent in chunks."""
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(16, math.ceil(len(remote) / (workers * 4))))
    chunks = [remote[i:i + size] for i in range(0, len(remote), size)]
    try:
        pool = ProcessPoolExecutor(max_workers=workers)
    except (OSError, NotImplementedError, ImportError):  # no process support here: run serially
        for i in remote:
            done(i, lint(i))
        return
    with pool:
        payloads = [[jobs[i] for i in c] for c in chunks]
        n = len(chunks)
        it = pool.map(_lint_chunk, payloads, [req.options] * n, [req.today] * n, [req.keep_source] * n)
        for idxs, out in zip(chunks, it):
            if out and isinstance(out[0], str):
                raise DoclintError(out[0])
            for i, result in zip(idxs, out):
                done(i, result)


def statistics(report: Report) -> str:
    """Counts per rule (reported findings only), most frequent first."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    for fr in report.files:
        for f in fr.findings:
            counts[f.rule] += 1
            names[f.rule] = f.name
    if not counts:
        return "规则统计：没有发现。\n"
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    w_id = max(len(r) for r, _ in rows)
    w_name = max(len(names[r]) for r, _ in rows)
    w_n = max(len(str(n)) for _, n in rows)
    lines = ["规则统计："]
    for rid, n in rows:
        lines.append(f"  {rid:<{w_id}}  {names[rid]:<{w_name}}  {n:>{w_n}}")
    lines.append(f"  共 {sum(counts.values())} 个发现，{len(rows)} 条规则。")
    return "\n".join(lines) + "\n"
