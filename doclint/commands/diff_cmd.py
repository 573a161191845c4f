"""`doclint diff OLD NEW`: re-review a revised draft against the earlier one (doclint.diff)."""

from __future__ import annotations

import datetime as _dt
import json
import sys

import click

from doclint.categories import SEVERITIES
from doclint.cli import CONTEXT_SETTINGS, _date, fail, main
from doclint.errors import DoclintError


@main.command("diff", context_settings=CONTEXT_SETTINGS)
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="输出格式：文字、JSON（报告加 diff 部分）或左右对照的 HTML")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="写入文件而非标准输出")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="error", show_default=True,
              help="仍存在或新增的问题达到该级别即以 1 退出")
@click.option("--select", multiple=True, metavar="IDS", help="只运行这些规则")
@click.option("--ignore", multiple=True, metavar="IDS", help="不运行这些规则")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(exists=True), help="追加规则文件或目录")
@click.option("--subjects", type=click.Path(), help="制定主体清单 YAML")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”，便于复现")
def diff_cmd(old, new, fmt, output, fail_on, select, ignore, rulesets, subjects, today):
    """复审对照：原稿 OLD 与修改稿 NEW（文件或送审材料文件夹）逐条对照，列出已修改、仍存在、新增的问题。"""
    from doclint.diff import diff_paths, render_text
    from doclint.linter import Options
    from doclint.review import Settings

    from doclint.commands.review_cmd import config_and_engine

    config, engine = config_and_engine(new, select, ignore, rulesets, subjects)
    given = _date(today, "--today")
    settings = Settings(
        today=given or _dt.date.today(), opinion_date=given, calendar_dirs=tuple(config.get("calendar")),
        weekends_only=True, subjects_path=config.get("subjects"),
        options=Options(select=list(config.get("select")), ignore=list(config.get("ignore")),
                        severity=dict(config.get("severity") or {})),
    )
    try:
        diff = diff_paths(old, new, engine, settings)
    except DoclintError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or old}: 无法读取（{exc.strerror or exc.__class__.__name__}）")
    if fmt == "json":
        text = json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from doclint.formatters.diff_html import render

        text = render(diff)
    else:
        text = render_text(diff)
    from doclint.commands.review_cmd import emit

    emit(text, output)
    sys.exit(diff.exit_code(fail_on))
