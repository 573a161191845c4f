"""YAML loading that remembers line numbers, so errors can name file:line.

A data file that parsed once is kept pickled in doclint's cache under the hash of
its bytes (doclint.cache), so a plain check neither imports PyYAML (tens of
milliseconds, much of it compiling one of its regexes) nor parses the bundled
subject list and repeal table at every start.
"""

from __future__ import annotations

import functools
from pathlib import Path

from doclint.errors import RulesetError

_FORMAT = "yaml-v1"  # change when the loader's output changes: cached parses are then not read


class LineDict(dict):
    """A mapping that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


@functools.lru_cache(maxsize=1)
def yaml_version() -> str:
    """PyYAML's version, read from its package metadata file without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    origin = Path(spec.origin) if spec and spec.origin else None
    try:
        st = origin.stat()  # type: ignore[union-attr]
        return f"{origin}:{st.st_size}:{st.st_mtime_ns}"
    except (OSError, AttributeError):
        return "unknown"


@functools.lru_cache(maxsize=1)
def _loader():
    """libyaml's parser (when PyYAML has it) with the same safe constructors: the
    nodes carry the same marks, so line numbers are unchanged, at ~8× the speed."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    return Loader


class _ValueError(Exception):
    """A scalar YAML could parse but not turn into a value (e.g. 2027-02-30), or a duplicate key."""

    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason


def _construct(loader, node):
    """construct_object, with value errors (impossible dates …) tied to the node's line."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        line = node.start_mark.line + 1
        value = getattr(node, "value", "")
        if node.tag == "tag:yaml.org,2002:timestamp":
            raise _ValueError(line, f"日期无效：“{value}”不是真实存在的日期（{exc}）") from None
        raise _ValueError(line, f"值无效：“{value}”（{exc}）") from None


def _construct_mapping(loader, node, deep=False):
    import yaml

    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # pairs brought in by "<<" come first and may be overridden
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    own_keys: set = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = _construct(loader, key_node)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "不可用作键的值", key_node.start_mark)
        if i >= merged:
            if key in own_keys:
                raise _ValueError(key_node.start_mark.line + 1,
                                  f"重复的键“{key}”（第{d.key_lines[key]}行已有），同一映射中每个键只能出现一次")
            own_keys.add(key)
        d[key] = _construct(loader, value_node)
        d.key_lines[key] = key_node.start_mark.line + 1
    return d


def _construct_sequence(loader, node, deep=False):
    lst = LineList(_construct(loader, child) for child in node.value)
    lst.line = node.start_mark.line + 1
    lst.item_lines = [child.start_mark.line + 1 for child in node.value]
    return lst


def load_yaml(path: str | Path, text: str | None = None):
    """Parse a YAML file; any problem becomes a one-line RulesetError with file:line."""
    path = str(path)
    if text is not None:
        return _parse(path, text)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise RulesetError(path, None, f"无法读取（{exc.strerror or exc.__class__.__name__}）") from None
    import hashlib

    from doclint import cache

    digest = hashlib.sha256(f"{_FORMAT}\0{yaml_version()}\0".encode() + raw).hexdigest()[:32]
    name = f"data-{digest}.pickle"
    found = cache.read(name)
    if isinstance(found, tuple) and len(found) == 1:
        return found[0]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesetError(path, None, "不是 UTF-8 编码的 YAML 文件") from None
    data = _parse(path, text)
    _remember(name, data)
    return data


def _remember(name: str, data) -> None:
    import pickle

    from doclint import cache

    try:
        pickled = pickle.dumps((data,), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # only costs time
        return
    cache.write(name, pickled, prune="data-*.pickle")


def _parse(path: str, text: str):
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except _ValueError as exc:
        raise RulesetError(path, exc.line, exc.reason) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "YAML 语法错误").strip()
        ctx = exc.context_mark
        if ctx is not None and line is not None and ctx.line + 1 != line:
            problem += f"（{(exc.context or '').strip()}，始于第{ctx.line + 1}行）"
        raise RulesetError(path, line, f"YAML 语法错误：{problem}") from None
    except yaml.YAMLError as exc:
        raise RulesetError(path, None, f"YAML 语法错误：{str(exc).splitlines()[0]}") from None
