"""Configuration files: discovery, validation, layering and per-file settings.

A configuration is looked for upward from the folder of each checked file; in
each folder the first of ``.doclint.yaml``, ``setup.cfg`` (section ``[doclint]``)
and ``pyproject.toml`` (table ``[tool.doclint]``) that exists wins, and the
closest folder wins.  There is no implicit merging: a file layers itself on
another one only with an explicit ``extend: PATH`` (keys it sets replace the
extended file's keys).  Command-line flags replace the configured values
(``--ruleset`` adds to them).  Every value remembers where it came from
(``file:line``, ``默认`` or ``命令行``) so ``doclint config --show`` can say so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from doclint.categories import SEVERITIES
from doclint.errors import RulesetError
from doclint.yamlutil import LineDict, load_yaml

CANDIDATES = (".doclint.yaml", "setup.cfg", "pyproject.toml")
DEFAULT = "默认"
CLI = "命令行"

#: key -> (kind, default).  Kinds: paths (list, resolved against the config file's
#: folder), path, list, mapping (str -> list), severity (str -> severity),
#: severity-name, bool, string.
KEYS: dict[str, tuple[str, Any]] = {
    "extend": ("path", None),
    "rulesets": ("paths", ()),
    "subjects": ("path", None),
    "calendar": ("paths", ()),
    "select": ("list", ()),
    "ignore": ("list", ()),
    "per-file-ignores": ("mapping", {}),
    "severity": ("severity", {}),
    "fail-on": ("severity-name", "error"),
    "exclude": ("list", ()),
    "warn-unused-suppressions": ("bool", False),
    "rule-options": ("rule-options", {}),
    # author and initials of the comments in an annotated .docx (check --format docx, review --annotated)
    "comment-author": ("string", "合法性审核"),
    "comment-initials": ("string", "审"),
    # Word files with tracked changes: read "final" (changes accepted) or "original" (check --docx-view)
    "docx-view": ("docx-view", "final"),
    # the review opinion (doclint review): who signs it (default: the justice bureau from the subject
    # list, e.g. 朔州市司法局), its 文号 line, the date's numerals, extra 文号 → title tables
    "reviewing-body": ("string", None),
    "opinion-number": ("string", None),
    "opinion-date": ("opinion-date", "arabic"),
    "document-titles": ("paths", ()),
    # the review ledger (doclint ledger): SQLite file path or postgresql:// URL
    "ledger": ("string", None),
    # the trained clause model (docs/model.md): true (the shipped one), false (off) or a model file
    "model": ("model", True),
}


@dataclass
class Value:
    value: Any
    origin: str  # "file:line" | 默认 | 命令行
    base: str | None = None  # folder of the file that set it (globs are relative to it)


@dataclass
class Config:
    """The effective configuration of one folder: each key with its origin."""

    values: dict[str, Value]
    files: list[str] = field(default_factory=list)  # nearest first, then what it extends

    def get(self, key: str) -> Any:
        return self.values[key].value

    def with_cli(self, cli: dict[str, Any] | None) -> "Config":
        """A copy in which command-line values replace (``rulesets``: extend) configured ones."""
        if not cli:
            return self
        values = dict(self.values)
        for key, val in cli.items():
            if val is None or (key in ("select", "ignore", "rulesets") and not val):
                continue
            if key == "rulesets":
                old = values["rulesets"]
                merged = tuple(old.value) + tuple(str(Path(p).resolve()) for p in val)
                origin = CLI if old.origin == DEFAULT else f"{old.origin} + {CLI}"
                values[key] = Value(merged, origin, old.base)
            elif key == "subjects":
                values[key] = Value(str(Path(val).resolve()), CLI, os.getcwd())
            else:
                values[key] = Value(tuple(val) if isinstance(val, list) else val, CLI, os.getcwd())
        return Config(values, self.files)

    def settings_for(self, path: str) -> "Settings":
        ignores = []
        for pattern, (ids, base) in self.get("per-file-ignores").items():
            if glob_match(relative_to(path, base), pattern):
                ignores.extend(i for i in ids if i not in ignores)
        return Settings(
            rulesets=tuple(self.get("rulesets")),
            select=tuple(self.get("select")),
            ignore=tuple(self.get("ignore")),
            file_ignores=tuple(ignores),
            severity=tuple(sorted(self.get("severity").items())),
            fail_on=self.get("fail-on"),
            subjects=self.get("subjects"),
            calendar=tuple(self.get("calendar")),
            warn_unused=bool(self.get("warn-unused-suppressions")),
            rule_options=tuple(sorted((rid, tuple(sorted(o.items()))) for rid, o in self.get("rule-options").items())),
            docx_view=self.get("docx-view"),
            model=model_setting(self.get("model")),
        )

    def excludes(self, path: str) -> bool:
        base = self.values["exclude"].base
        rel = relative_to(path, base)
        return any(glob_match(rel, p) for p in self.get("exclude"))


@dataclass(frozen=True)
class Settings:
    """What the linter needs to know for one file (hashable, picklable)."""

    rulesets: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    file_ignores: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str = "error"
    subjects: str | None = None
    calendar: tuple[str, ...] = ()
    warn_unused: bool = False
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    docx_view: str = "final"
    model: str = "builtin"  # "" off, "builtin" the shipped model, else a model file path


def model_setting(value) -> str:
    """The `model` key (true / false / a path) as Settings.model."""
    if value is True:
        return "builtin"
    if value is False or value is None:
        return ""
    return str(value)


def defaults() -> Config:
    return Config({k: Value(_copy(d), DEFAULT) for k, (_, d) in KEYS.items()})


def _copy(v):
    return dict(v) if isinstance(v, dict) else v


def _error(path, line, reason) -> RulesetError:
    return RulesetError(display(str(path)), line, reason)


# -- paths and globs ---------------------------------------------------------------
def relative_to(path: str, base: str | None) -> str:
    """`path` relative to `base` (posix), or as given when it lies elsewhere."""
    if path == "-" or not base:
        return path.replace(os.sep, "/")
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive (Windows)
        return path.replace(os.sep, "/")
    rel = rel.replace(os.sep, "/")
    return path.replace(os.sep, "/") if rel.startswith("../") or rel == ".." else rel


def glob_match(rel: str, pattern: str) -> bool:
    """gitignore-like: `*.md` matches a name anywhere, `old/` or `old` a folder, `a/*.md` a path."""
    pattern = pattern.strip().replace("\\", "/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    cands = [pattern] + ([pattern[3:]] if pattern.startswith("**/") else [])
    for p in cands:
        p = p.rstrip("/")
        if not p:
            continue
        if fnmatchcase(rel, p) or fnmatchcase(rel, p + "/*"):
            return True
        if "/" not in p and any(fnmatchcase(part, p) for part in rel.split("/")):
            return True
    return False


def display(path: str | None) -> str:
    """A path as shown to the user: relative to the working folder when inside it."""
    if path is None:
        return ""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


# -- reading the three formats ---------------------------------------------------------
@dataclass
class _Raw:
    """One file's settings before validation: key -> (value, line), plus how to parse."""

    path: Path
    fmt: str  # yaml | cfg | toml
    items: dict[str, tuple[Any, int | None]]
    key_lines: dict[str, int] = field(default_factory=dict)


def _norm_key(k: Any) -> Any:
    return k.replace("_", "-") if isinstance(k, str) else k


def _read_yaml(path: Path) -> _Raw:
    data = load_yaml(display(str(path)))
    if data is None:
        data = LineDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, LineDict):
        raise _error(path, getattr(data, "line", 1) or 1, "配置文件顶层应为 键: 值 的映射")
    items = {}
    for k, v in data.items():
        items[_norm_key(k)] = (v, data.line_of(k))
    return _Raw(path, "yaml", items)


def _section_lines(text: str, header_re: str) -> dict[str, int]:
    """Line of each `key =` inside the sections whose header matches `header_re`."""
    lines: dict[str, int] = {}
    inside = False
    for no, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("["):
            m = re.match(header_re, s)
            inside = bool(m)
            if m and m.groupdict().get("sub"):
                lines.setdefault(_norm_key(m.group("sub").strip().strip('"\'')), no)
            continue
        if inside and line[:1] not in (" ", "\t"):
            m = re.match(r"\s*(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_.-]+)\s*[=:]", line)
            if m:
                lines.setdefault(_norm_key(m.group(1).strip("\"'")), no)
    return lines


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise _error(path, None, f"无法读取（{exc.strerror or exc.__class__.__name__}）") from None
    except UnicodeDecodeError:
        raise _error(path, None, "不是 UTF-8 编码的文件") from None


def _has_cfg_section(path: Path) -> bool:
    try:
        return re.search(r"^\[doclint\]\s*$", _read_text(path), re.M) is not None
    except RulesetError:
        return False


def _has_toml_table(path: Path) -> bool:
    try:
        return re.search(r"^\s*\[\s*tool\s*\.\s*doclint\s*[\].]", _read_text(path), re.M) is not None
    except RulesetError:
        return False


def _read_cfg(path: Path) -> _Raw:
    import configparser  # here, not at start-up: most runs have no setup.cfg to read

    text = _read_text(path)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        raise _error(path, line, f"setup.cfg 格式错误：{str(exc).splitlines()[0]}") from None
    if not parser.has_section("doclint"):
        raise _error(path, None, "没有 [doclint] 节")
    lines = _section_lines(text, r"^\[\s*doclint\s*\]$")
    items = {}
    for k, v in parser.items("doclint"):
        items[_norm_key(k)] = (v, lines.get(_norm_key(k)))
    return _Raw(path, "cfg", items)


def _toml_module():
    """tomllib (Python 3.11+) or tomli, imported when a pyproject.toml is read, not at start-up."""
    try:
        import tomllib

        return tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (setup.cfg pulls in tomli there)
        try:
            import tomli

            return tomli
        except ModuleNotFoundError:
            return None


def _read_toml(path: Path) -> _Raw:
    text = _read_text(path)
    _toml = _toml_module()
    if _toml is None:  # pragma: no cover - Python 3.10 without tomli
        raise _error(path, None, "读取 pyproject.toml 需要 Python 3.11 以上或安装 tomli")
    try:
        data = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise _error(path, int(m.group(1)) if m else None, f"TOML 语法错误：{exc}") from None
    table = data.get("tool", {}).get("doclint")
    if not isinstance(table, dict):
        raise _error(path, None, "没有 [tool.doclint] 表")
    lines = _section_lines(text, r"^\[\s*tool\s*\.\s*doclint\s*(?:\.\s*(?P<sub>[^\]]+?))?\s*\]$")
    items = {}
    for k, v in table.items():
        items[_norm_key(k)] = (v, lines.get(_norm_key(k)))
    return _Raw(path, "toml", items)


def read_raw(path: Path) -> _Raw:
    name = path.name
    if name == "setup.cfg" or path.suffix == ".cfg":
        return _read_cfg(path)
    if path.suffix == ".toml":
        return _read_toml(path)
    return _read_yaml(path)


# -- validation --------------------------------------------------------------------------
class _Checker:
    def __init__(self, raw: _Raw):
        self.raw = raw
        self.path = raw.path
        self.base = str(raw.path.parent.resolve())

    def where(self, line: int | None) -> str:
        return f"{display(str(self.path))}:{line}" if line else f"{display(str(self.path))}"

    def err(self, key: str, line: int | None, reason: str) -> RulesetError:
        if line is None and self.raw.fmt != "yaml":
            section = "[doclint]" if self.raw.fmt == "cfg" else "[tool.doclint]"
            reason = f"{section} {key}: {reason}"
        return _error(self.path, line, reason)

    def strings(self, key, value, line, allow_csv=True) -> list[str]:
        if isinstance(value, str):
            sep = r"[,，\n]" if allow_csv else r"\n"
            return [x.strip() for x in re.split(sep, value) if x.strip()]
        if isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value):
            out = []
            for x in value:
                out.extend(self.strings(key, x, line, allow_csv))
            return out
        raise self.err(key, line, f"{key} 应为字符串列表")

    def mapping(self, key, value, line) -> list[tuple[str, Any, int | None]]:
        """(key, value, line) entries; setup.cfg writes one `key: value` per line."""
        if isinstance(value, str) and self.raw.fmt == "cfg":
            out = []
            for ln in value.splitlines():
                if not ln.strip():
                    continue
                k, sep, v = ln.rpartition(":") if ln.count(":") else ln.partition("=")
                if not sep:
                    raise self.err(key, line, f"{key} 的每一行应写作 键: 值（{ln.strip()}）")
                out.append((k.strip(), v.strip(), line))
            return out
        if isinstance(value, dict):
            lines = value.line_of if isinstance(value, LineDict) else (lambda _k: line)
            return [(k, v, lines(k)) for k, v in value.items()]
        raise self.err(key, line, f"{key} 应为 键: 值 的映射")

    def existing(self, key, p: str, line, want_dir=False) -> str:
        full = Path(self.base, os.path.expanduser(p)).resolve()
        if not full.exists():
            raise self.err(key, line, f"{key} 中的路径不存在：{p}")
        if want_dir and not full.is_dir():
            raise self.err(key, line, f"{key} 应为文件夹：{p}")
        return str(full)

    def check(self) -> dict[str, Value]:
        out: dict[str, Value] = {}
        for key, (value, line) in self.raw.items.items():
            if key not in KEYS:
                allowed = "、".join(KEYS)
                raise self.err(str(key), line, f"未知的配置项 {key!r}（允许：{allowed}）")
            kind = KEYS[key][0]
            origin = self.where(line)
            if kind == "paths":
                vals = tuple(self.existing(key, p, line, want_dir=(key == "calendar")) for p in self.strings(key, value, line))
            elif kind == "path":
                if not isinstance(value, str) or not value.strip():
                    raise self.err(key, line, f"{key} 应为一个路径")
                vals = value.strip() if key == "extend" else self.existing(key, value.strip(), line)
            elif kind == "list":
                vals = tuple(self.strings(key, value, line))
            elif kind == "mapping":
                vals = {}
                for pattern, ids, ln in self.mapping(key, value, line):
                    if not isinstance(pattern, str) or not pattern.strip():
                        raise self.err(key, ln, f"{key} 的键应为文件通配符")
                    vals[pattern.strip()] = (tuple(self.strings(key, ids, ln)), self.base)
            elif kind == "severity":
                vals = {}
                for rid, sev, ln in self.mapping(key, value, line):
                    if not isinstance(rid, str) or not re.match(r"^[A-Za-z]{2,4}\d{3}$", rid.strip()):
                        raise self.err(key, ln, f"severity 的键应为规则编号（如 LIC001）：{rid!r}")
                    if sev not in SEVERITIES:
                        raise self.err(key, ln, f"规则 {rid} 的级别 {sev!r} 无效（error/warning/info）")
                    vals[rid.strip().upper()] = sev
            elif kind == "rule-options":
                if not isinstance(value, dict):
                    raise self.err(key, line, "rule-options 应为 规则编号: {选项: 值} 的映射（在 .doclint.yaml 或 pyproject.toml 中填写）")
                vals = {}
                for rid, opts in value.items():
                    ln = value.line_of(rid) if isinstance(value, LineDict) else line
                    if not isinstance(rid, str) or not re.match(r"^[A-Za-z]{2,4}\d{3}$", rid.strip()):
                        raise self.err(key, ln, f"rule-options 的键应为规则编号（如 FMT005）：{rid!r}")
                    if not isinstance(opts, dict) or not all(isinstance(k, str) for k in opts):
                        raise self.err(key, ln, f"规则 {rid} 的选项应为 选项名: 值 的映射")
                    vals[rid.strip().upper()] = dict(opts)
            elif kind == "string":
                if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
                    raise self.err(key, line, f"{key} 应为一段非空文字")
                vals = str(value).strip()
            elif kind == "opinion-date":
                if value not in ("arabic", "chinese"):
                    raise self.err(key, line, f"opinion-date 应为 arabic 或 chinese，而不是 {value!r}")
                vals = value
            elif kind == "docx-view":
                if value not in ("final", "original"):
                    raise self.err(key, line, f"docx-view 应为 final 或 original，而不是 {value!r}")
                vals = value
            elif kind == "model":
                if isinstance(value, str) and self.raw.fmt == "cfg" and value.strip().lower() in ("true", "false", "yes", "no", "on", "off"):
                    value = value.strip().lower() in ("true", "yes", "on")
                if isinstance(value, bool):
                    vals = value
                elif isinstance(value, str) and value.strip():
                    vals = self.existing(key, value.strip(), line)
                else:
                    raise self.err(key, line, "model 应为 true、false 或模型文件路径")
            elif kind == "severity-name":
                if value not in SEVERITIES:
                    raise self.err(key, line, f"fail-on 应为 error、warning 或 info，而不是 {value!r}")
                vals = value
            else:  # bool
                if isinstance(value, str) and self.raw.fmt == "cfg":
                    low = value.strip().lower()
                    if low not in ("true", "false", "yes", "no", "1", "0", "on", "off"):
                        raise self.err(key, line, f"{key} 应为 true 或 false")
                    value = low in ("true", "yes", "1", "on")
                if not isinstance(value, bool):
                    raise self.err(key, line, f"{key} 应为 true 或 false")
                vals = value
            out[key] = Value(vals, origin, self.base)
        return out


# -- loading with extend -------------------------------------------------------------------
def load_file(path: str | Path, _chain: tuple[str, ...] = ()) -> Config:
    """One config file and whatever it extends, on top of the defaults."""
    path = Path(path)
    real = str(path.resolve())
    if real in _chain:
        raise _error(path, None, "extend 形成循环：" + " → ".join(display(p) for p in (*_chain, real)))
    if not path.is_file():
        raise _error(path, None, "配置文件不存在")
    raw = read_raw(path)
    checker = _Checker(raw)
    values = checker.check()
    if "extend" in values:
        ext = values["extend"]
        target = Path(checker.base, os.path.expanduser(ext.value))
        line = raw.items["extend"][1]
        if not target.is_file():
            raise checker.err("extend", line, f"extend 指向的配置文件不存在：{ext.value}")
        try:
            parent = load_file(target, (*_chain, real))
        except RulesetError as exc:
            if "extend 形成循环" in exc.reason:
                raise checker.err("extend", line, exc.reason) from None
            raise
        files = [str(path)] + parent.files
        merged = dict(parent.values)
    else:
        files = [str(path)]
        merged = defaults().values
    merged.update(values)
    return Config(merged, files)


def find_config(folder: str | Path) -> Path | None:
    """The nearest configuration file at or above `folder`."""
    folder = Path(folder).resolve()
    for d in (folder, *folder.parents):
        for name in CANDIDATES:
            p = d / name
            if not p.is_file():
                continue
            if name == "setup.cfg" and not _has_cfg_section(p):
                continue
            if name == "pyproject.toml" and not _has_toml_table(p):
                continue
            return p
    return None


class Resolver:
    """Effective configuration per file, cached per folder."""

    def __init__(self, cli: dict[str, Any] | None = None, config_file: str | None = None, isolated: bool = False):
        self.cli = cli or {}
        self.isolated = isolated
        self.fixed: Config | None = None
        if config_file:
            self.fixed = load_file(config_file)
        self._by_file: dict[str, Config] = {}
        self._by_dir: dict[str, Config] = {}

    def config_for(self, path: str) -> Config:
        if self.isolated:
            base = defaults()
        elif self.fixed is not None:
            base = self.fixed
        else:
            folder = os.getcwd() if path == "-" else (path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)))
            key = os.path.abspath(folder)
            if key not in self._by_dir:
                found = find_config(folder)
                if found is None:
                    self._by_dir[key] = defaults()
                else:
                    real = str(found.resolve())
                    if real not in self._by_file:
                        self._by_file[real] = load_file(found)
                    self._by_dir[key] = self._by_file[real]
            base = self._by_dir[key]
        return base.with_cli(self.cli)


# -- showing ---------------------------------------------------------------------------------
def _show_value(key: str, value: Any) -> str:
    import json

    if key in ("rulesets", "calendar"):
        value = [display(p) for p in value]
    elif key == "subjects" and value:
        value = display(value)
    elif key == "per-file-ignores":
        value = {k: list(v[0]) for k, v in value.items()}
    elif isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def show(config: Config, path: str) -> str:
    out = [f"# {display(os.path.abspath(path)) if path != '-' else '-'} 的有效配置"]
    if config.files:
        chain = " → ".join(display(f) for f in config.files)
        out.append(f"# 配置文件：{chain}")
    else:
        out.append("# 配置文件：无（使用默认值）")
    for key in KEYS:
        v = config.values[key]
        if key == "extend" and v.value is None:
            continue
        out.append(f"{key} = {_show_value(key, v.value)}  # {v.origin}")
    if not os.path.isdir(path):
        s = config.settings_for(path)
        out.append(f"# 本文件适用的 per-file-ignores：{'、'.join(s.file_ignores) if s.file_ignores else '无'}")
        if config.excludes(path):
            out.append("# 本文件被 exclude 排除，不会检查")
    return "\n".join(out) + "\n"
