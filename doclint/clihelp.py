"""Click in Chinese: help layout, usage line and usage errors.

click builds its help and its error messages from English templates (``Usage:``,
``Options:``, ``Show this message and exit.``, ``Error: No such command 'x'.`` …).
doclint's commands use the classes below instead (``main`` is a :class:`Group`, whose
subcommands are :class:`Command` with :class:`Option` options, run in a :class:`Context`
whose ``formatter_class`` is :class:`HelpFormatter`):

- the usage line, the section headings and the help option are written in Chinese, and
  help text is wrapped by display width (a Chinese character takes two columns);
- a usage error (unknown command or option, missing argument, bad value …) is one
  Chinese line on standard error, ``doclint: 错误：……（用 doclint check -h 查看用法）``,
  exit 2, built from the exception's own fields; the messages click's parameter types
  and parser write in English are matched against their templates (``TEMPLATES``, taken
  from click's types.py, parser.py and core.py) and rewritten in Chinese.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence

import click
from click import formatting as _formatting

USAGE = "用法："
HELP_OPTION = "显示本帮助并退出。"


def display_width(s: str) -> int:
    """Columns the text takes in a terminal: East-Asian wide and full-width characters 2."""
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def pad(s: str, width: int) -> str:
    """`s` left-aligned in `width` display columns."""
    return s + " " * max(0, width - display_width(s))


def table(rows: Sequence[Sequence[str]], gap: int = 2) -> list[str]:
    """Rows as lines whose columns line up in display width (the last column unpadded)."""
    if not rows:
        return []
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    sep = " " * gap
    return [sep.join([pad(c, w) for c, w in zip(r, widths)] + [r[-1]]).rstrip() for r in rows]


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap by display width: Chinese may break between any two characters,
    Latin words only at spaces; a line never starts with closing punctuation."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        tokens = re.findall(r"[A-Za-z0-9_\-./:=\[\]<>'\"`@%+*,;!?()]+|\s+|.", para)
        line = ""
        for tok in tokens:
            if tok.isspace():
                tok = " "
            if display_width(line + tok) <= width or not line.strip() and display_width(tok) <= width:
                line += tok
                continue
            if tok == " ":
                lines.append(line.rstrip())
                line = ""
                continue
            if display_width(tok) > width:  # a long option list: break after | or ,
                for part in re.findall(r"[^|,]+[|,]?", tok):
                    if line.strip() and display_width(line + part) > width:
                        lines.append(line.rstrip())
                        line = ""
                    line += part
                continue
            if tok in "，。；：、）》」』”！？":  # keep closing punctuation with its text
                line += tok
                continue
            lines.append(line.rstrip())
            line = tok
        lines.append(line.rstrip())
    return lines


class HelpFormatter(click.HelpFormatter):
    """click's formatter with Chinese headings and display-width layout."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = USAGE if prefix is None else prefix
        head = f"{'':>{self.current_indent}}{prefix}{prog} "
        width = max(self.width - display_width(head), 20)
        lines = wrap(args, width) if args else [""]
        self.write(head + lines[0] + "\n")
        for line in lines[1:]:
            self.write(" " * display_width(head) + line + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs rewrapped to the width (a paragraph starting with \\b kept as written)."""
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        paras = re.split(r"\n\s*\n", text.strip("\n"))
        for i, para in enumerate(paras):
            if i:
                self.write("\n")
            if para.startswith("\b"):
                lines = para.split("\n")[1:]
            else:
                lines = wrap(_join_lines(para.split("\n")), width)
            for line in lines:
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_w = min(max((display_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first_w - self.current_indent - 2, 10)
        for first, second in rows:
            head = wrap(first, max(self.width - self.current_indent, 20))
            for part in head[:-1]:
                self.write(indent + part + "\n")
            first = head[-1]
            self.write(indent + first)
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_w - col_spacing:
                self.write(" " * (first_w - display_width(first)))
            else:
                self.write("\n" + " " * (first_w + self.current_indent))
            lines = wrap(second, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_w + self.current_indent) + line + "\n")


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between Latin words, none inside Chinese."""
    out = ""
    for line in (x.strip() for x in lines):
        if out and line and not (display_width(out[-1]) == 2 or display_width(line[0]) == 2):
            out += " "
        out += line
    return out


class Context(click.Context):
    formatter_class = HelpFormatter


class Option(click.Option):
    """An option whose help extras ([默认：…]、[必填]) are in Chinese."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        return option_help_record(self, ctx)


def option_help_record(option: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line in the help (click.Option.get_help_record with Chinese extras:
    [默认：…]、[范围：…]、[必填]); used for every option, whichever class declared it."""
    if option.hidden:
        return None
    opts = []
    for names in (option.opts, option.secondary_opts):
        if not names:
            continue
        text, _slash = _formatting.join_options(names)
        if not option.is_flag and not option.count:
            text += f" {option.make_metavar(ctx)}"
        opts.append(text)
    extra = option.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(f"环境变量：{', '.join(extra['envvars'])}")
    if "default" in extra:
        default = str(extra["default"])
        if default.startswith("(") and default.endswith(")"):  # show_default="text" is shown in ()
            default = default[1:-1]
        items.append(f"默认：{default}")
    if "range" in extra:
        items.append(f"范围：{extra['range']}")
    if "required" in extra:
        items.append("必填")
    help_text = option.help or ""
    if items:
        help_text = f"{help_text}  [{'；'.join(items)}]" if help_text else f"[{'；'.join(items)}]"
    return " / ".join(opts), help_text


class _Localised:
    """What Command and Group share: Chinese usage line, sections and help option."""

    context_class = Context

    def format_usage(self, ctx, formatter) -> None:
        pieces = [_PIECES.get(p, p) for p in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE)

    def get_usage(self, ctx) -> str:
        formatter = ctx.make_formatter()
        self.format_usage(ctx, formatter)
        return formatter.getvalue().rstrip("\n")

    def format_options(self, ctx, formatter) -> None:
        records = (option_help_record(p, ctx) if isinstance(p, click.Option) else p.get_help_record(ctx)
                   for p in self.get_params(ctx))
        opts = [rv for rv in records if rv is not None]
        if opts:
            with formatter.section("选项"):
                formatter.write_dl(opts)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option


# usage-line placeholders click writes in English
_PIECES = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "[ARGS]...": "[参数]..."}


class Command(_Localised, click.Command):
    pass


class Group(_Localised, click.Group):
    command_class = Command
    group_class = type  # nested groups are of this class too

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            rows.append((name, _short_help(cmd)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's main, with its usage errors shown as one Chinese line (exit 2)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help(), err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"doclint: 错误：{error_message(exc)}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("doclint: 已中止。", err=True)
            sys.exit(1)
        except EOFError:
            click.echo("", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("\ndoclint: 已中止。", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)


def _short_help(cmd: click.Command) -> str:
    """The first sentence of a command's help (up to 。 or the first line)."""
    if cmd.short_help:
        return cmd.short_help
    text = (cmd.help or "").strip().split("\n")[0]
    m = re.match(r"(.+?。)", text)
    return m.group(1) if m else text


# -- usage errors --------------------------------------------------------------------------------
def _templates() -> list[tuple[re.Pattern, str]]:
    """click's English templates (types.py, parser.py, core.py) → Chinese. In the patterns
    a quoted field is a Python repr ('x'); the Chinese puts it in “”."""
    q = r"'(?P<{}>(?:[^'\\]|\\.)*)'|\"(?P<{}_dq>(?:[^\"\\]|\\.)*)\""
    def rx(src: str) -> re.Pattern:
        out = re.escape(src)
        for name in re.findall(r"\\\{(\w+)!r\\\}", out):
            out = out.replace(rf"\{{{name}!r\}}", "(?:" + q.format(name, name) + ")", 1)
        out = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", out)
        return re.compile(rf"^{out}$", re.S)

    table = [
        ("{value} is not in the range {range}.", "{value} 超出范围 {range}"),
        ("{value!r} is not a valid integer range.", "“{value}”不是整数"),
        ("{value!r} is not a valid float range.", "“{value}”不是数字"),
        ("{value!r} is not a valid integer.", "“{value}”不是整数"),
        ("{value!r} is not a valid float.", "“{value}”不是数字"),
        ("{value!r} is not a valid {number_type}.", "“{value}”不是有效的数值"),
        ("{value!r} is not a valid boolean. Recognized values: {states}", "“{value}”不是有效的是/否值（可用：{states}）"),
        ("{value!r} is not a valid UUID.", "“{value}”不是有效的 UUID"),
        ("{value!r} does not match the format {format}.", "“{value}”不符合格式 {format}"),
        ("{value!r} does not match the formats {formats}.", "“{value}”不符合以下任一格式：{formats}"),
        ("{name} {filename!r} does not exist.", "{kind}“{filename}”不存在"),
        ("{name} {filename!r} is a file.", "“{filename}”是文件，应为目录"),
        ("{name} {filename!r} is a directory.", "“{filename}”是目录，应为文件"),
        ("{name} {filename!r} is not readable.", "{kind}“{filename}”没有读取权限"),
        ("{name} {filename!r} is not writable.", "{kind}“{filename}”没有写入权限"),
        ("{name} {filename!r} is not executable.", "{kind}“{filename}”不可执行"),
        ("{len_type} values are required, but {len_value} was given.", "需要 {len_type} 个值，只给了 {len_value} 个"),
        ("{len_type} values are required, but {len_value} were given.", "需要 {len_type} 个值，给了 {len_value} 个"),
        ("Option {name!r} requires an argument.", "选项 {name} 需要一个值"),
        ("Option {name!r} requires {nargs} arguments.", "选项 {name} 需要 {nargs} 个值"),
        ("Option {name!r} does not take a value.", "选项 {name} 不接受值"),
        ("Argument {name!r} takes {nargs} values.", "参数 {name} 需要 {nargs} 个值"),
        ("Got unexpected extra argument ({args})", "多余的参数：{args}"),
        ("Got unexpected extra arguments ({args})", "多余的参数：{args}"),
        ("Takes {nargs} values but 1 was given.", "需要 {nargs} 个值，只给了 1 个"),
        ("Takes {nargs} values but {len} were given.", "需要 {nargs} 个值，给了 {len} 个"),
        ("Invalid start character for option ({option})", "选项的开头字符无效（{option}）"),
        ("Missing command.", "缺少命令"),
        ("Value must be an iterable.", "取值应为列表"),
        ("No such option {name!r}.", "没有选项 {name}"),
        ("{value!r} is not one of {choices}.", "“{value}”不是可选值之一（可选：{choices}）"),
        ("{value!r} is not {choice}.", "“{value}”不是可选值（只能是 {choice}）"),
        ("No such command {name!r}.", "没有命令“{name}”"),
    ]
    return [(rx(en), zh) for en, zh in table]


TEMPLATES = _templates()
_KINDS = {"File": "文件", "Directory": "目录", "Path": "路径"}


def translate(message: str) -> str:
    """A message click wrote from one of its English templates, in Chinese; any other
    message (doclint's own, already Chinese) unchanged, without a final full stop."""
    msg = message.strip()
    for pattern, zh in TEMPLATES:
        m = pattern.match(msg)
        if m:
            fields = {k.removesuffix("_dq"): v for k, v in m.groupdict().items() if v is not None}
            fields["kind"] = _KINDS.get(fields.get("name", ""), "路径")
            return zh.format(**fields)
    return msg.rstrip("。.")


def _hint(exc: click.ClickException) -> str:
    """The parameter a usage error is about, as the user writes it (--format, PATHS)."""
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        names = param.opts if isinstance(param, click.Option) else [param.human_readable_name]
        hint = names
    if isinstance(hint, str):
        return hint
    return " / ".join(hint) if hint else ""


def _possibilities(exc) -> str:
    pos = sorted(getattr(exc, "possibilities", None) or [])
    return f"（是否想输入：{'、'.join(pos)}？）" if pos else ""


def error_message(exc: click.ClickException) -> str:
    """One Chinese line for a click error, ending with where to read the usage."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        text = f"没有命令“{exc.command_name}”{_possibilities(exc)}"
    elif isinstance(exc, click.exceptions.NoSuchOption):
        text = f"没有选项 {exc.option_name}{_possibilities(exc)}"
    elif isinstance(exc, click.MissingParameter):
        param = exc.param
        kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
        label = {"argument": "缺少参数", "option": "缺少选项"}.get(kind, "缺少参数")
        hint = _hint(exc)
        text = f"{label} {hint}".rstrip()
        if param is not None and isinstance(param.type, click.Choice):
            text += f"（可选：{'、'.join(map(str, param.type.choices))}）"
    elif isinstance(exc, click.BadParameter):
        hint = _hint(exc)
        reason = translate(exc.message)
        text = f"{hint} 的取值无效：{reason}" if hint else f"取值无效：{reason}"
    elif isinstance(exc, click.FileError):
        text = f"{exc.ui_filename}: 无法打开（{translate(exc.message)}）"
    else:
        text = translate(exc.message)
    if isinstance(exc, click.UsageError) and ctx is not None:
        help_opt = (ctx.help_option_names or ["--help"])[0]
        text += f"（用 {ctx.command_path} {help_opt} 查看用法）"
    else:
        text += "。" if not text.endswith(("。", "）")) else ""
    return text
