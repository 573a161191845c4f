"""`doclint review PACKAGE` and `doclint deadline`: registered on doclint.cli.main.

Heavy modules (engine, python-docx) are imported inside the commands, so
importing the CLI stays cheap.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys

import click

from doclint.categories import SEVERITIES
from doclint.cli import CONTEXT_SETTINGS, _date, _split_csv, fail, main
from doclint.errors import DoclintError

WEEKDAYS = "一二三四五六日"


def _cn(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_or_fail(path, data: str | bytes) -> None:
    """Write a report or opinion to `path` (text as UTF-8); a failure ends the run with one line."""
    try:
        if isinstance(data, bytes):
            with open(path, "wb") as fh:
                fh.write(data)
        else:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(data)
    except OSError as exc:
        fail(f"{path}: 无法写入（{exc.strerror or exc.__class__.__name__}）")


def emit(text: str, output) -> None:
    """`text` to the --output file, or to standard output."""
    if output:
        write_or_fail(output, text)
    else:
        click.echo(text, nl=False)


def config_and_engine(target, select, ignore, rulesets, subjects):
    """The configuration that applies to `target` (a file or package folder) with the
    command line's selections on top, and the engine it names; a bad one ends the run."""
    from doclint.config import Resolver
    from doclint.engine import Engine

    try:
        cli = {"select": _split_csv(select), "ignore": _split_csv(ignore),
               "rulesets": list(rulesets), "subjects": subjects}
        config = Resolver(cli).config_for(target)
        return config, Engine.load(list(config.get("rulesets")))
    except DoclintError as exc:
        fail(str(exc))


@main.command("review", context_settings=CONTEXT_SETTINGS)
@click.argument("package", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "docx"]), default="text",
              show_default=True, help="输出格式：审核意见（text/markdown/docx）或 JSON 报告")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="写入文件（docx 必须指定）")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”（意见落款日期、期限计算）")
@click.option("--calendar", "calendars", multiple=True, type=click.Path(), metavar="DIR",
              help="追加节假日数据目录（<年份>.yaml）")
@click.option("--weekends-only", is_flag=True,
              help="没有节假日数据的年份只按周末计算（会给出警告）")
@click.option("--subjects", type=click.Path(), help="制定主体清单 YAML")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(exists=True), help="追加规则文件或目录")
@click.option("--select", multiple=True, metavar="IDS", help="只运行这些规则")
@click.option("--ignore", multiple=True, metavar="IDS", help="不运行这些规则")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="error", show_default=True,
              help="达到该级别即以 1 退出")
@click.option("--annotated", type=click.Path(), metavar="PATH",
              help="同时写出带批注的草案 .docx（多个 .docx 草案时为目录）")
@click.option("--previous", metavar="OLD", type=click.Path(exists=True),
              help="复审：上次审核的草案或送审材料文件夹，意见中列出上次意见的采纳情况")
@click.option("--ledger", metavar="DB", help="对照台账中的现行有效文件查重复、不一致（CFL003/CFL004）")
@click.option("--worksheet", type=click.Path(dir_okay=False, writable=True), metavar="PATH",
              help="同时写出审核工作底稿（Markdown：规则、文件、行号、判定规则、审核期限）")
def review_cmd(package, fmt, output, today, calendars, weekends_only, subjects, rulesets, select, ignore, fail_on,
               annotated, previous, ledger, worksheet):
    """审核送审材料文件夹：草案、送审材料、审核机构、审核期限，出具合法性审核意见。"""
    from pathlib import Path

    from doclint.linter import Options
    from doclint.review import Settings, review_package

    if fmt == "docx" and not output:
        fail("--format docx 需要用 --output 指定 .docx 文件")
    if not Path(package).is_dir():
        fail(f"{package}: 不是文件夹（doclint review 的参数是送审材料所在的文件夹）")
    # the package folder's configuration (.doclint.yaml, setup.cfg, pyproject.toml), as for check
    config, engine = config_and_engine(package, select, ignore, rulesets, subjects)
    given = _date(today, "--today")
    settings = Settings(
        today=given or _dt.date.today(), opinion_date=given,
        calendar_dirs=tuple(calendars) or tuple(config.get("calendar")), weekends_only=weekends_only,
        subjects_path=config.get("subjects"), previous=previous,
        options=Options(select=list(config.get("select")), ignore=list(config.get("ignore")),
                        severity=dict(config.get("severity") or {}), ledger=ledger),
        reviewing_body_name=config.get("reviewing-body"), opinion_number=config.get("opinion-number"),
        opinion_date_style=config.get("opinion-date"), title_files=tuple(config.get("document-titles")),
    )
    try:
        from doclint.titles import titles

        titles(settings.title_files)  # a malformed document-titles file: one line, before any output
    except DoclintError as exc:
        fail(str(exc))
    try:
        review = review_package(package, engine, settings)
    except DoclintError as exc:
        fail(str(exc))
    annotated_failed = bool(annotated) and not _write_annotated_drafts(
        review, annotated, config.get("comment-author"), config.get("comment-initials"))
    if worksheet:
        from doclint.formatters.opinion_md import render_worksheet

        write_or_fail(worksheet, render_worksheet(review))
        click.echo(f"doclint: 已写入审核工作底稿：{worksheet}", err=True)
    if fmt == "json":
        text = json.dumps(review.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "docx":
        from doclint.formatters import opinion_docx

        write_or_fail(output, opinion_docx.render(review))
        click.echo(f"已写入审核意见：{output}（结论：{review.conclusion}）")
        sys.exit(2 if annotated_failed else review.exit_code(fail_on))
    else:
        from doclint.formatters import opinion_md

        text = opinion_md.render(review, plain=(fmt == "text"))
    emit(text, output)
    for fr in review.report.files:
        if fr.error:
            click.echo(f"doclint: 错误：{fr.error}", err=True)
    if review.facts.period_error:
        click.echo(f"doclint: 错误：{review.facts.period_note}", err=True)
    sys.exit(2 if annotated_failed else review.exit_code(fail_on))


def _write_annotated_drafts(review, target: str, author: str, initials: str) -> bool:
    """--annotated: each .docx draft with its findings as comments. One .docx draft: `target`
    is the file; several: a folder (made if missing) with <name>.批注.docx each. The messages
    go to standard error, so the opinion on standard output stays as it was. False on failure."""
    import os

    from doclint.formatters.docx_comments import write_annotated

    drafts = [fr for fr in review.drafts if fr.path.lower().endswith(".docx")]
    for fr in review.drafts:
        if fr not in drafts:
            click.echo(f"doclint: {fr.path}: 不是 .docx，未写批注版", err=True)
    if not drafts:
        click.echo("doclint: 错误：--annotated：送审材料中没有 .docx 草案", err=True)
        return False
    if len(drafts) == 1 and not os.path.isdir(target):
        targets = {drafts[0].path: target}
    else:
        if os.path.exists(target) and not os.path.isdir(target):
            click.echo(f"doclint: 错误：{target}: 有多个 .docx 草案时 --annotated 应为目录", err=True)
            return False
        os.makedirs(target, exist_ok=True)
        targets = {fr.path: os.path.join(target, os.path.splitext(os.path.basename(fr.path))[0] + ".批注.docx")
                   for fr in drafts}
    ok = True
    for fr in drafts:
        dst = targets[fr.path]
        if fr.error:
            click.echo(f"doclint: 错误：{fr.error}（未写批注版）", err=True)
            ok = False
            continue
        if os.path.exists(dst) and os.path.samefile(fr.path, dst):
            click.echo(f"doclint: 错误：{dst}: 批注版不能覆盖原稿", err=True)
            ok = False
            continue
        try:
            n = write_annotated(fr, fr.path, dst, author, initials)
        except DoclintError as exc:
            click.echo(f"doclint: 错误：{fr.path}: 无法写批注版（{exc}）", err=True)
            ok = False
        except OSError as exc:
            click.echo(f"doclint: 错误：{dst}: 无法写入（{exc.strerror or exc.__class__.__name__}）", err=True)
            ok = False
        else:
            click.echo(f"doclint: 已写入批注版：{dst}（{n} 条批注）", err=True)
    return ok


def _pause(value: str):
    from doclint.deadline import Pause

    parts = value.split(":", 2)
    if len(parts) < 2:
        raise click.BadParameter(f"应为 开始:结束[:事由]，如 2025-09-30:2025-10-10:座谈会，而不是“{value}”",
                                 param_hint="--pause")
    start, end = (_date(p.strip(), "--pause") for p in parts[:2])
    reason = parts[2].strip() if len(parts) > 2 and parts[2].strip() else "未写明事由"
    if end < start:
        raise click.BadParameter(f"结束日期 {end} 早于开始日期 {start}：{value}", param_hint="--pause")
    return Pause(start, end, reason)


def _day(day: _dt.date, calendar) -> str:
    try:
        workday = calendar.is_workday(day)
    except DoclintError:
        workday = None
    note = ""
    if workday and day.weekday() >= 5:
        note = "，调休上班"
    elif workday is False and day.weekday() < 5:
        note = "，节假日"
    return f"{_cn(day)}（星期{WEEKDAYS[day.weekday()]}{note}）"


@main.command("deadline", context_settings=CONTEXT_SETTINGS)
@click.option("--received", required=True, metavar="YYYY-MM-DD", help="审核机构收到全部材料之日")
@click.option("--pause", "pauses", multiple=True, metavar="A:B[:事由]",
              help="暂停审核期间（含首尾两日）及事由，可多次使用")
@click.option("--completed", metavar="YYYY-MM-DD", help="审核完成之日")
@click.option("--emergency", metavar="事由", help="紧急情形（不受期限限制）及其事由")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”")
@click.option("--calendar", "calendars", multiple=True, type=click.Path(), metavar="DIR",
              help="追加节假日数据目录（<年份>.yaml）")
@click.option("--weekends-only", is_flag=True, help="没有节假日数据的年份只按周末计算")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式")
def deadline_cmd(received, pauses, completed, emergency, today, calendars, weekends_only, fmt):
    """计算审核期限（朔政办发〔2019〕40号 六：不少于5个、不超过15个工作日）。"""
    from doclint.deadline import MAX_DAYS, MIN_DAYS, compute_period
    from doclint.review import STATUS_LABELS, Settings, period_dict
    from doclint.workdays import YearNotCovered

    received_day = _date(received, "--received")
    completed_day = _date(completed, "--completed")
    today_day = _date(today, "--today") or _dt.date.today()
    pause_list = [_pause(p) for p in pauses]
    from doclint.config import Resolver

    if not calendars:
        try:
            calendars = tuple(Resolver().config_for(".").get("calendar"))
        except DoclintError as exc:
            fail(str(exc))
    settings = Settings(today=today_day, calendar_dirs=tuple(calendars), weekends_only=weekends_only)
    try:
        calendar = settings.calendar()
        period = compute_period(received_day, pause_list, calendar, completed=completed_day,
                                emergency=emergency, today=today_day)
    except YearNotCovered as exc:
        fail(f"{exc}（命令行可加 --weekends-only 仅按周末计算，或用 --calendar DIR 指定含 {exc.year}.yaml 的目录）")
    except DoclintError as exc:
        fail(str(exc))
    code = 1 if period.status in ("too_short", "too_long", "overdue") else 0
    if fmt == "json":
        click.echo(json.dumps(period_dict(period, completed=completed_day), ensure_ascii=False, indent=2))
        sys.exit(code)
    lines = [
        f"收到全部材料：{_day(period.received, calendar)}，当日不计入",
        f"第1个工作日：{_day(period.start, calendar)}",
        f"最早完成（第{MIN_DAYS}个工作日）：{_day(period.earliest, calendar)}",
        f"最迟完成（第{MAX_DAYS}个工作日）：{_day(period.latest, calendar)}",
    ]
    for p in period.pauses:
        kind = ("" if p.kind == p.reason else f"，属于“{p.kind}”") if p.kind else "，不属于六所列情形，应核实能否扣除"
        lines.append(f"暂停审核：{_cn(p.start)}至{_cn(p.end)}（{p.reason}{kind}）")
    if period.paused_workdays:
        lines.append(f"扣除暂停期间的工作日：{period.paused_workdays}个")
    if completed_day:
        lines.append(f"审核完成：{_day(completed_day, calendar)}，用时{period.working_days_used}个工作日")
    else:
        lines.append(f"截至{_cn(period.as_of)}：已用{period.working_days_used}个工作日，审核尚未完成")
    lines.append(f"结论：{STATUS_LABELS[period.status]}")
    lines.append("")
    lines.append(period.explanation)
    for w in period.warnings:
        lines.append(f"注意：{w}")
    click.echo("\n".join(lines))
    sys.exit(code)
