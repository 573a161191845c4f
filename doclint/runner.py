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
        docx_headers=base.docx_headers, max_bytes=base.max_bytes, severity=dict(settings.severity),
        file_ignores=list(settings.file_ignores), warn_unused_suppressions=settings.warn_unused,
    )


def _context(settings: Settings, today: _dt.date):
    from doclint.rules.base import Context

    key = (today, settings.subjects, settings.calendar, settings.rule_options)
    if key not in _CONTEXTS:
        opts: dict = {"calendar_dirs": list(settings.calendar)} if settings.calendar else {}
        if settings.rule_options:
            opts["rule_options"] = {rid: dict(o) for rid, o in settings.rule_options}
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
    return lint_path(path, engine, _context(settings, today), options, cached[1])


def _lint_chunk(chunk: list[tuple[str, Settings]], base: Options, today: _dt.date) -> list:
    """Worker entry: FileResults, or the one-line message of an error that stops the run."""
    out = []
    for path, settings in chunk:
        try:
            out.append(lint_one(path, settings, base, today))
        except DoclintError as exc:  # exceptions with custom __init__ do not pickle: send text
            return [str(exc)]
    return out


# -- the run ---------------------------------------------------------------------------------------
def collect_files(paths: list[str], resolver: Resolver) -> tuple[list[str], int]:
    """Files to check (folders expanded) and how many were left out by `exclude`."""
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
            files.extend(expand_paths([p], exclude=is_excluded))
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
    files, excluded = collect_files(req.paths, resolver)
    if not files and not excluded:
        raise DoclintError("没有找到可检查的文件（.docx、.txt、.md）")
    jobs: list[tuple[str, Settings]] = []
    checked: set[Settings] = set()
    for f in files:
        config = resolver.config_for(f)
        s = config.settings_for(f)
        if req.warn_unused and not s.warn_unused:
            s = replace(s, warn_unused=True)
        if s not in checked:
            check_severity_keys(s, config)  # also loads (and verifies) the engine once, before any fork
            checked.add(s)
        jobs.append((f, s))

    results = _run_jobs(jobs, req)
    report = Report(files=results)
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
    n = len(jobs)
    results: list[FileResult | None] = [None] * n
    bar = None
    if req.progress and n >= PROGRESS_MIN_FILES:
        import click

        bar = click.progressbar(length=n, label="正在检查", file=sys.stderr, show_pos=True)
        bar.__enter__()
    try:
        workers = min(req.jobs if req.jobs > 0 else (os.cpu_count() or 1), n)
        if workers <= 1:
            local = list(range(n))
        else:
            # standard input can only be read here; and the first file of each ruleset group
            # is linted here too, so forked workers start with compiled rules and imported modules
            first: dict[Settings, int] = {}
            for i, (f, s) in enumerate(jobs):
                first.setdefault(s, i)
            local = sorted({i for i, (f, _) in enumerate(jobs) if f == "-"} | set(first.values()))
        remote = sorted(set(range(n)) - set(local))
        for i in local:
            results[i] = lint_one(jobs[i][0], jobs[i][1], req.options, req.today)
            if bar:
                bar.update(1)
        if remote:
            _run_parallel(jobs, remote, results, workers, req, bar)
    finally:
        if bar:
            bar.__exit__(None, None, None)
    return results  # type: ignore[return-value]


def _run_parallel(jobs, remote, results, workers, req, bar) -> None:
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(16, math.ceil(len(remote) / (workers * 4))))
    chunks = [remote[i:i + size] for i in range(0, len(remote), size)]
    try:
        pool = ProcessPoolExecutor(max_workers=workers)
    except (OSError, NotImplementedError, ImportError):  # no process support here: run serially
        for i in remote:
            results[i] = lint_one(jobs[i][0], jobs[i][1], req.options, req.today)
            if bar:
                bar.update(1)
        return
    with pool:
        payloads = [[jobs[i] for i in c] for c in chunks]
        it = pool.map(_lint_chunk, payloads, [req.options] * len(chunks), [req.today] * len(chunks))
        for idxs, out in zip(chunks, it):
            if out and isinstance(out[0], str):
                raise DoclintError(out[0])
            for i, fr in zip(idxs, out):
                results[i] = fr
            if bar:
                bar.update(len(idxs))


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
