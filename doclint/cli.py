"""Command line (click).  Parses options, runs the linter, hands the report to a formatter."""

from __future__ import annotations

import datetime as _dt
import os
import sys
from typing import NoReturn

import click

from doclint import __version__, clihelp
from doclint.categories import CATEGORIES, SEVERITIES, SEVERITY_LABELS
from doclint.errors import DoclintError
from doclint.formatters import FORMATS

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _split_csv(values: tuple[str, ...]) -> list[str]:
    out = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _date(value: str | None, flag: str) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD 格式：{value}", param_hint=flag) from None


def fail(message: str) -> NoReturn:
    click.echo(f"doclint: 错误：{message}", err=True)
    sys.exit(2)


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"doclint {__version__}")
    ctx.exit()


@click.group(cls=clihelp.Group, context_settings=CONTEXT_SETTINGS)
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="显示版本号。")
def main() -> None:
    """doclint：行政规范性文件合法性审核检查工具。

    用 doclint 命令 -h 查看各命令的用法。
    """


@main.command("check", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, required=True, metavar="路径...")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="输出格式")
@click.option("--select", multiple=True, metavar="IDS", help="只运行这些规则（编号前缀或类别，逗号分隔）")
@click.option("--ignore", multiple=True, metavar="IDS", help="不运行这些规则")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default=None, show_default="error",
              help="达到该级别即以 1 退出")
@click.option("--output", "-o", type=click.Path(writable=True),
              help="写入文件而非标准输出；--format docx 时为批注版 .docx（多个输入时为目录）")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(exists=True), help="追加规则文件或目录")
@click.option("--subjects", type=click.Path(), help="制定主体清单 YAML")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”，便于复现")
@click.option("--encoding", help="文本文件编码（默认自动识别）")
@click.option("--docx-headers", is_flag=True, help="同时检查 .docx 页眉页脚")
@click.option("--docx-view", type=click.Choice(["final", "original"]), default=None, show_default="final",
              help="Word 修订：final 按接受全部修订后的文字检查，original 按修订前的原文")
@click.option("--max-size", type=click.IntRange(1, 100), default=20, show_default=True, metavar="MB", help="单个文件大小上限")
@click.option("--color/--no-color", default=None, help="彩色输出（默认终端时开启）")
@click.option("--no-wrap", is_flag=True, help="text 格式不按终端宽度折行（便于日志）")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="使用该配置文件，不再逐级查找")
@click.option("--no-config", is_flag=True, help="不读取任何配置文件")
@click.option("--baseline", type=click.Path(dir_okay=False), help="只报告基线中没有的发现")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="把当前发现写入基线文件")
@click.option("--warn-unused-suppressions", is_flag=True, help="报告没有覆盖任何发现的忽略指令（SUP002）")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True, metavar="N", help="并行进程数；0（默认）按 CPU 数，输入少时只用一个进程")
@click.option("--statistics", is_flag=True, help="报告之后列出每条规则的发现数")
@click.option("--ledger", metavar="DB", help="对照台账中的现行有效文件查重复、不一致（CFL003/CFL004）")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="使用该条款模型（.npz 或 .json）代替内置模型")
@click.option("--no-model", is_flag=True, help="不运行条款模型，只用规则")
def check_cmd(paths, fmt, select, ignore, fail_on, output, rulesets, subjects, today, encoding, docx_headers, docx_view, max_size,
              color, no_wrap, config_file, no_config, baseline, write_baseline, warn_unused_suppressions, jobs, statistics, ledger,
              model_path, no_model):
    """检查文件或目录（.docx/.doc/.wps/.rtf/.odt/.pdf/.txt/.md；目录递归，其他类型的文件列为跳过；- 表示标准输入）。"""
    from doclint.formatters import prerenderer, render, source_shown
    from doclint.linter import Options
    from doclint.runner import Request, run, statistics as rule_statistics

    annotated = _annotated_outputs(paths, output) if fmt == "docx" else None
    if fmt != "docx" and output and os.path.isdir(output):
        fail(f"{output}: 是一个目录，--output 应为文件")
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    width = _text_width(no_wrap, output) if fmt == "text" else None
    request = Request(
        paths=list(paths),
        cli={"select": _split_csv(select), "ignore": _split_csv(ignore), "fail-on": fail_on,
             "rulesets": list(rulesets), "subjects": subjects, "docx-view": docx_view,
             "model": False if no_model else (os.path.abspath(model_path) if model_path else None)},
        config_file=config_file, isolated=no_config,
        options=Options(encoding=encoding, docx_headers=docx_headers, max_bytes=max_size * 1024 * 1024, ledger=ledger),
        today=_date(today, "--today") or _dt.date.today(), jobs=jobs, warn_unused=warn_unused_suppressions,
        baseline=baseline, write_baseline=write_baseline, progress=sys.stderr.isatty(),
        keep_source=source_shown(fmt), prerender=prerenderer(fmt, color=use_color, width=width),
    )
    try:
        outcome = run(request)
    except DoclintError as exc:
        fail(str(exc))
    report = outcome.report
    for message in outcome.messages:
        click.echo(f"doclint: {message}", err=True)
    if annotated is not None:
        code = _write_annotated(report, annotated, config_file, no_config)
        if statistics:
            click.echo(rule_statistics(report), nl=False, err=True)
        sys.exit(max(code, outcome.exit_code))
    text = render(fmt, report, color=use_color, width=width)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)
    if statistics:  # text: appended to the report; other formats stay machine-readable, so stderr
        stats = rule_statistics(report)
        if fmt != "text":
            click.echo(stats, nl=False, err=True)
        elif output:
            with open(output, "a", encoding="utf-8") as fh:
                fh.write("\n" + stats)
        else:
            click.echo("\n" + stats, nl=False)
    sys.exit(outcome.exit_code)


def _text_width(no_wrap: bool, output) -> int | None:
    """Columns the text report is fitted to (COLUMNS, else the terminal); None: unwrapped."""
    from doclint.formatters.text import output_width

    return output_width(no_wrap, isatty=output is None and sys.stdout.isatty())


def _annotated_outputs(paths, output) -> dict[str, str]:
    """--format docx: input .docx -> annotated .docx to write. One input: --output is the
    file; several: --output is a folder (made if missing), each written as <name>.批注.docx."""
    if not output:
        fail("--format docx 需要用 --output 指定批注版 .docx 的输出路径")
    for p in paths:
        if p == "-" or os.path.isdir(p) or not p.lower().endswith(".docx"):
            fail(f"{p}: --format docx 只能用于 .docx 文件（把批注写回 Word 文档），请换用其他输出格式")
        if not os.path.isfile(p):
            fail(f"{p}: 文件不存在")
    if len(paths) == 1 and not os.path.isdir(output):
        targets = {paths[0]: output}
    else:
        if (os.path.exists(output) and not os.path.isdir(output)) or \
                (not os.path.exists(output) and output.lower().endswith(".docx")):
            fail(f"{output}: 多个 .docx 输入时 --output 应为目录（每个输入写一个批注版）")
        os.makedirs(output, exist_ok=True)
        targets = {p: os.path.join(output, os.path.splitext(os.path.basename(p))[0] + ".批注.docx") for p in paths}
        if len(set(targets.values())) < len(targets):
            fail("多个输入的文件名相同，批注版会互相覆盖；请分别运行并用 --output 指定文件")
    for src, dst in targets.items():
        if os.path.exists(dst) and os.path.samefile(src, dst):
            fail(f"{dst}: 批注版不能覆盖原稿，请指定另一个输出路径")
    return targets


def _write_annotated(report, targets: dict[str, str], config_file, no_config) -> int:
    """Write each linted .docx back with its findings as comments; 2 when one could not be written."""
    from doclint.config import Resolver
    from doclint.formatters.docx_comments import write_annotated

    code = 0
    try:
        resolver = Resolver(None, config_file, no_config)
    except DoclintError as exc:
        fail(str(exc))
    for fr in report.files:
        dst = targets.get(fr.path)
        if dst is None:
            continue
        if fr.error:
            click.echo(f"doclint: 错误：{fr.error}（未写批注版）", err=True)
            code = 2
            continue
        try:
            config = resolver.config_for(fr.path)
            n = write_annotated(fr, fr.path, dst, config.get("comment-author"), config.get("comment-initials"))
        except DoclintError as exc:
            click.echo(f"doclint: 错误：{fr.path}: 无法写批注版（{exc}）", err=True)
            code = 2
            continue
        except OSError as exc:
            click.echo(f"doclint: 错误：{dst}: 无法写入（{exc.strerror or exc.__class__.__name__}）", err=True)
            code = 2
            continue
        click.echo(f"已写入批注版：{dst}（{n} 条批注）")
    return code


@main.command("rules", context_settings=CONTEXT_SETTINGS)
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(exists=True), help="追加规则文件或目录。")
@click.option("--category", type=click.Choice(sorted(CATEGORIES)), help="只列出该类别")
def rules_cmd(rulesets, category):
    """列出全部规则（编号、中文名称、类别、级别）。"""
    from doclint.engine import Engine

    try:
        engine = Engine.load(list(rulesets))
    except DoclintError as exc:
        fail(str(exc))
    rows = [r.meta for r in engine.rules if category is None or r.meta.category == category]
    table = [("编号", "名称", "类别", "级别", "英文名")] + [
        (m.id, m.title or "", f"{CATEGORIES[m.category]}（{m.category}）", SEVERITY_LABELS.get(m.severity, m.severity), m.name)
        for m in sorted(rows, key=lambda m: m.id)
    ]
    for line in clihelp.table(table):
        click.echo(line)
    click.echo(f"共 {len(rows)} 条规则。")


@main.command("explain", context_settings=CONTEXT_SETTINGS)
@click.argument("rule_id", required=False)
@click.option("--reading", "reading", metavar="TEXT", help="显示一段条文的解读（承受者、行为模式、措施、依据）及触发的规则。")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(exists=True), help="追加规则文件或目录。")
def explain_cmd(rule_id, reading, rulesets):
    """说明一条规则：查什么、为什么、法律依据原文、示例；或用 --reading 解读一段条文。"""
    from doclint.engine import Engine
    from doclint.legal import article_text

    try:
        engine = Engine.load(list(rulesets))
    except DoclintError as exc:
        fail(str(exc))
    if reading is not None:
        from doclint.reading.explain import explain_reading

        for line in explain_reading(reading, engine):
            click.echo(line)
        return
    if not rule_id:
        fail("请给出规则编号或名称，或用 --reading 给出一段条文")
    rule = engine.by_id.get(rule_id.upper()) or next((r for r in engine.rules if r.meta.name == rule_id), None)
    if rule is None:
        fail(f"没有编号或名称为 {rule_id} 的规则（doclint rules 可列出全部规则）")
    m = rule.meta
    click.echo(f"{m.id}  {m.title}（{m.name}）" if m.title else f"{m.id}  {m.name}")
    click.echo(f"类别：{m.category}（{CATEGORIES[m.category]}）    级别：{m.severity}    适用：{'、'.join(m.scope)}")
    click.echo("")
    click.echo(f"查什么：{m.message}")
    if m.description:
        click.echo(f"说明：{m.description.strip()}")
    if m.suggestion:
        click.echo(f"修改建议：{m.suggestion}")
    click.echo("")
    click.echo("法律依据：")
    for b in m.basis:
        click.echo(f"  {b}")
        text = article_text(b)
        if text:
            for line in text.splitlines():
                click.echo(f"    > {line}")
    from doclint.review import conclusion_effect

    click.echo("")
    click.echo(f"对审核结论的影响：{conclusion_effect(m.category, m.severity)}")
    for key, label in (("fail", "会被指出的写法"), ("pass", "不会被指出的写法")):
        if m.examples.get(key):
            click.echo("")
            click.echo(f"{label}：")
            for ex in m.examples[key]:
                first = ex.strip().splitlines()
                click.echo(f"  - {first[0]}" + (" …" if len(first) > 1 else ""))
    if m.options:
        click.echo("")
        click.echo("选项（可在配置文件的 rule-options 中按本地规定修改）：")
        for name, value in m.options.items():
            click.echo(f"  {name} = {value!r}")
    click.echo("")
    click.echo(f"定义位置：{m.source}")


@main.command("config", context_settings=CONTEXT_SETTINGS)
@click.option("--show", "path", required=True, metavar="PATH", help="显示该文件（或目录）的有效配置")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="使用该配置文件。")
@click.option("--no-config", is_flag=True, help="不读取任何配置文件。")
@click.option("--select", multiple=True, metavar="IDS", help="同 check。")
@click.option("--ignore", multiple=True, metavar="IDS", help="同 check。")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default=None, help="同 check。")
@click.option("--ruleset", "rulesets", multiple=True, type=click.Path(exists=True), help="同 check。")
@click.option("--subjects", type=click.Path(), help="同 check。")
def config_cmd(path, config_file, no_config, select, ignore, fail_on, rulesets, subjects):
    """显示某个文件的有效配置及每一项的来源（文件:行、默认或命令行）。"""
    from doclint.config import Resolver, show

    cli = {"select": _split_csv(select), "ignore": _split_csv(ignore), "fail-on": fail_on,
           "rulesets": list(rulesets), "subjects": subjects}
    try:
        config = Resolver(cli, config_file, no_config).config_for(path)
    except DoclintError as exc:
        fail(str(exc))
    click.echo(show(config, path), nl=False)


from doclint.commands import review_cmd  # noqa: E402,F401  (registers review, deadline)
from doclint.commands import diff_cmd  # noqa: E402,F401  (registers diff)
from doclint.commands import ledger_cmd  # noqa: E402,F401  (registers ledger)
from doclint.commands import train_cmd  # noqa: E402,F401  (registers train)
from doclint.commands import serve_cmd  # noqa: E402,F401  (registers serve)

def run() -> None:
    """Console entry point: behave like other Unix filters when the reader stops early.

    `doclint rules | head -1` should not report a broken pipe as a failure (click
    turns EPIPE into exit 1, which a CI script would read as "findings"); with the
    default SIGPIPE action the process ends quietly, as `cat` or `grep` do.
    """
    import signal

    # The clause model's numpy work is elementwise on small arrays; OpenBLAS's thread pool,
    # started when numpy is imported, only costs start-up time (about a third of the import)
    # and competes with the -j worker processes.  A value the user set is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        main()
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            _exit_now(exc.code or 0)
        raise


def _exit_now(code: int) -> NoReturn:
    """End without tearing the interpreter down object by object.

    After a run over many files (compiled rules, results) the ordinary shutdown spends
    ~50 ms freeing memory the system reclaims anyway. Nothing else is pending at this
    point: the report file was written in a `with` block and doclint registers no exit
    handlers; the standard streams are flushed here.
    """
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or vanished reader: nothing left to deliver
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
