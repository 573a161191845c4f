"""Load, validate and compile rulesets (YAML under rulesets/)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import regex

from doclint import __version__
from doclint.categories import CATEGORIES, SEVERITIES
from doclint.errors import RulesetError
from doclint.rules.base import REGISTRY, ZONES, Rule, RuleMeta
from doclint.rules.pattern import REGEX_TIMEOUT, PatternRule
from doclint.yamlutil import LineDict, load_yaml

DATA_DIRS = {"subjects", "data", "calendar", "concepts"}  # reference data, not rules
TOP_KEYS = {"ruleset", "description", "macros", "rules"}
COMMON_KEYS = {
    "id", "name", "title", "category", "severity", "basis", "message", "suggestion", "scope",
    "examples", "description", "tokens", "type",
}
PATTERN_KEYS = COMMON_KEYS | {
    "triggers", "patterns", "phrases", "requires", "exceptions", "unit", "document_unless", "once_per_document",
}
PYTHON_KEYS = COMMON_KEYS | {"class", "options"}
READING_KEYS = COMMON_KEYS | {
    "acts", "bearer", "mode", "stance", "basis_excuses", "unless", "requires", "article_basis_only", "document_unless",
    "policy_basis", "residual",
}
ID_RE = regex.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_RE = regex.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")
MACRO_RE = regex.compile(r"\{\{([A-Z_][A-Z0-9_]*)\}\}")


@functools.lru_cache(maxsize=1)
def bundled_dir() -> Path:
    """The rulesets shipped with doclint (installed package, or a source checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "rulesets"
    if installed.is_dir():
        return installed
    return here.parent / "rulesets"


def _is_bundled(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to(bundled_dir().resolve())
        return True
    except ValueError:
        return False


def bundled_file(*parts: str) -> Path:
    return bundled_dir().joinpath(*parts)


def ruleset_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    files = []
    for p in sorted(root.rglob("*.yaml")):
        rel = p.relative_to(root).parts
        if rel[0] in DATA_DIRS:
            continue
        files.append(p)
    # macro files first, so every rule can use every macro
    return sorted(files, key=lambda p: (not p.name.startswith("_"), str(p)))


def _err(path, node, key, reason):
    line = node.line_of(key) if isinstance(node, LineDict) and key is not None else getattr(node, "line", None)
    return RulesetError(path, line, reason)


def _str_list(path, rule, key, required=False) -> list[str]:
    val = rule.get(key)
    if val is None:
        if required:
            raise _err(path, rule, None, f"规则 {rule.get('id', '?')} 缺少 {key}")
        return []
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list) or not all(isinstance(v, str) and v.strip() for v in val):
        raise _err(path, rule, key, f"规则 {rule.get('id', '?')} 的 {key} 应为非空字符串列表")
    return list(val)


class RulesetLoader:
    def __init__(self):
        self.macros: dict[str, str] = {}
        self.rules: list[Rule] = []
        self.ids: dict[str, str] = {}
        self.files: list[Path] = []

    # -- entry points --------------------------------------------------------
    def load_paths(self, paths: list[Path]) -> None:
        docs = []
        for root in paths:
            for f in ruleset_files(Path(root)):
                data = load_yaml(f)
                if data is None:
                    continue
                if not isinstance(data, LineDict):
                    raise RulesetError(f, 1, "规则文件顶层应为映射（ruleset/macros/rules）")
                unknown = set(data) - TOP_KEYS
                if unknown:
                    k = sorted(unknown)[0]
                    raise _err(f, data, k, f"未知的键 {k!r}（允许：{', '.join(sorted(TOP_KEYS))}）")
                docs.append((f, data))
                self.files.append(f)
        for f, data in docs:
            macros = data.get("macros") or {}
            if not isinstance(macros, dict):
                raise _err(f, data, "macros", "macros 应为 名称: 正则 的映射")
            for name, rx in macros.items():
                if not isinstance(name, str) or not regex.match(r"^[A-Z_][A-Z0-9_]*$", name) or not isinstance(rx, str):
                    raise _err(f, macros, name, f"宏 {name!r} 的名称应为大写标识符，值应为正则字符串")
                if name in self.macros and self.macros[name] != rx:
                    raise _err(f, macros, name, f"宏 {name} 重复定义且内容不同")
                self.macros[name] = rx
        for f, data in docs:
            rules = data.get("rules") or []
            if not isinstance(rules, list):
                raise _err(f, data, "rules", "rules 应为列表")
            for rule in rules:
                self.rules.append(self._build(f, rule))
        _link_reading_siblings(self.rules)

    # -- one rule --------------------------------------------------------------
    def _expand(self, path, node, key, pattern: str, depth: int = 0) -> str:
        def sub(m):
            name = m.group(1)
            if name not in self.macros:
                raise _err(path, node, key, f"未定义的宏 {{{{{name}}}}}")
            if depth > 5:
                raise _err(path, node, key, "宏嵌套过深")
            return self._expand(path, node, key, self.macros[name], depth + 1)

        return MACRO_RE.sub(sub, pattern)

    def _compile(self, path, node, key, patterns: list[str]) -> list[regex.Pattern]:
        out = []
        for p in patterns:
            src = self._expand(path, node, key, p)
            try:
                out.append(regex.compile(src, regex.V0))
            except regex.error as exc:
                raise _err(path, node, key, f"规则 {node.get('id', '?')} 的正则表达式无效：{p[:60]}（{exc}）") from None
        return out

    def _build(self, path: Path, rule) -> Rule:
        if not isinstance(rule, LineDict):
            raise RulesetError(path, getattr(rule, "line", None), "rules 中的每一项应为映射")
        rid = rule.get("id")
        is_python = rule.get("type") == "python"
        is_reading = rule.get("type") == "reading"
        allowed = PYTHON_KEYS if is_python else READING_KEYS if is_reading else PATTERN_KEYS
        for key in rule:
            if key not in allowed:
                raise _err(path, rule, key, f"规则 {rid or '?'} 含未知的键 {key!r}")
        if rule.get("type") not in (None, "pattern", "python", "reading"):
            raise _err(path, rule, "type", f"规则 {rid} 的 type 只能是 pattern、python 或 reading")
        if not isinstance(rid, str) or not ID_RE.match(rid):
            raise _err(path, rule, "id", f"规则编号 {rid!r} 无效：应为 2–4 个大写字母加 3 位数字，如 LIC001")
        if rid in self.ids:
            raise _err(path, rule, "id", f"规则编号 {rid} 重复（已在 {self.ids[rid]} 定义）")
        self.ids[rid] = f"{path}:{rule.line}"
        name = rule.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise _err(path, rule, "name", f"规则 {rid} 的 name 应为点分小写名称，如 licensing.set-approval")
        title = rule.get("title")
        if title is None and _is_bundled(path):
            raise _err(path, rule, None, f"规则 {rid} 缺少中文名称（title），如 title: 设定行政许可")
        if title is not None and (not isinstance(title, str) or not title.strip() or "\n" in title.strip()):
            raise _err(path, rule, "title", f"规则 {rid} 的 title 应为一行中文名称")
        category = rule.get("category")
        if category not in CATEGORIES:
            raise _err(path, rule, "category", f"规则 {rid} 的类别 {category!r} 不在报告约定的类别中")
        severity = rule.get("severity")
        if severity not in SEVERITIES:
            raise _err(path, rule, "severity", f"规则 {rid} 的严重程度 {severity!r} 无效（error/warning/info）")
        basis = _str_list(path, rule, "basis")
        if not basis:
            raise _err(path, rule, None, f"规则 {rid} 缺少法律依据（basis）")
        message = rule.get("message")
        if not isinstance(message, str) or not message.strip():
            raise _err(path, rule, "message", f"规则 {rid} 缺少说明（message）")
        suggestion = rule.get("suggestion")
        if suggestion is not None and not isinstance(suggestion, str):
            raise _err(path, rule, "suggestion", f"规则 {rid} 的 suggestion 应为字符串")
        scope = tuple(_str_list(path, rule, "scope")) or ("body", "attachments")
        for z in scope:
            if z not in ZONES:
                raise _err(path, rule, "scope", f"规则 {rid} 的适用范围 {z!r} 无效（title/body/attachments）")
        examples = rule.get("examples") or {}
        if not isinstance(examples, dict) or set(examples) - {"fail", "pass"}:
            raise _err(path, rule, "examples", f"规则 {rid} 的 examples 只能含 fail 和 pass")
        ex = {k: _str_list(path, examples, k) if isinstance(examples, LineDict) else [] for k in ("fail", "pass")}
        tokens = bool(rule.get("tokens", False))
        meta = RuleMeta(
            id=rid, name=name, category=category, severity=severity, basis=basis, message=message.strip(),
            suggestion=suggestion, scope=scope, examples=ex, tokens=tokens,
            description=rule.get("description"), source=f"{path}:{rule.line}",
            title=title.strip() if title else None,
        )
        if is_python:
            key = rule.get("class")
            cls = REGISTRY.get(key)
            if cls is None:
                _import_builtin_rules()
                cls = REGISTRY.get(key)
            if cls is None:
                raise _err(path, rule, "class", f"规则 {rid} 引用的 Python 规则类 {key!r} 不存在")
            options = rule.get("options") or {}
            if not isinstance(options, dict):
                raise _err(path, rule, "options", f"规则 {rid} 的 options 应为映射")
            unknown = set(options) - set(cls.OPTIONS)
            if unknown:
                k = sorted(unknown)[0]
                raise _err(path, options, k, f"规则 {rid} 的选项 {k!r} 未知（允许：{', '.join(cls.OPTIONS) or '无'}）")
            meta.options = {**cls.OPTIONS, **options}
            return cls(meta)
        if is_reading:
            return self._build_reading(path, rule, meta)
        unit = rule.get("unit", "sentence")
        if unit not in ("sentence", "clause", "paragraph"):
            raise _err(path, rule, "unit", f"规则 {rid} 的 unit 只能是 sentence/clause/paragraph")
        patterns = self._compile(path, rule, "patterns", _str_list(path, rule, "patterns"))
        phrases = _str_list(path, rule, "phrases")
        patterns += [regex.compile(regex.escape(p)) for p in phrases]
        if not patterns:
            raise _err(path, rule, None, f"规则 {rid} 没有 patterns 或 phrases")
        triggers = _str_list(path, rule, "triggers") or list(phrases)
        return PatternRule(
            meta,
            patterns=patterns,
            requires=self._compile(path, rule, "requires", _str_list(path, rule, "requires")),
            exceptions=self._compile(path, rule, "exceptions", _str_list(path, rule, "exceptions")),
            document_unless=self._compile(path, rule, "document_unless", _str_list(path, rule, "document_unless")),
            triggers=triggers,
            unit=unit,
            once=bool(rule.get("once_per_document", False)),
            timeout=None if _is_bundled(path) else REGEX_TIMEOUT,
        )


    def _build_reading(self, path: Path, rule, meta: RuleMeta) -> Rule:
        from doclint.reading.concepts import load_concepts
        from doclint.rules.reading_rule import BEARERS, MODES, STANCES, ReadingRule

        rid = meta.id
        concepts = load_concepts()
        acts = _str_list(path, rule, "acts", required=True)
        for a in acts:
            if a not in concepts.acts:
                raise _err(path, rule, "acts", f"规则 {rid} 引用的行为 {a!r} 未在 rulesets/concepts 中定义")

        def choice(key, allowed):
            vals = _str_list(path, rule, key)
            for x in vals:
                if x not in allowed:
                    raise _err(path, rule, key, f"规则 {rid} 的 {key} 取值 {x!r} 无效（{'/'.join(allowed)}）")
            return tuple(vals) or None

        stance = rule.get("stance", "sets")
        if stance not in STANCES:
            raise _err(path, rule, "stance", f"规则 {rid} 的 stance 只能是 {'/'.join(STANCES)}")

        def pats(key):
            out = []
            for p in _str_list(path, rule, key):
                src = concepts.expand(self._expand(path, rule, key, p), f"{path}:{rule.line}")
                try:
                    out.append(regex.compile(src, regex.V0))
                except regex.error as exc:
                    raise _err(path, rule, key, f"规则 {rid} 的正则表达式无效：{p[:60]}（{exc}）") from None
            return out

        return ReadingRule(
            meta,
            acts=acts,
            bearer=choice("bearer", BEARERS),
            mode=choice("mode", MODES),
            stance=stance,
            basis_excuses=bool(rule.get("basis_excuses", True)),
            unless=pats("unless"),
            requires=pats("requires"),
            article_basis_only=bool(rule.get("article_basis_only", False)),
            document_unless=pats("document_unless"),
            policy_basis=bool(rule.get("policy_basis", False)),
            residual=bool(rule.get("residual", False)),
        )


def _link_reading_siblings(rules: list[Rule]) -> None:
    """Give each reading rule the reading rules of its category listed before it: one
    finding per category per provision, from the first rule that applies, whichever rules
    a run selects."""
    from doclint.rules.reading_rule import ReadingRule

    seen: dict[str, list] = {}
    reading = [r for r in rules if isinstance(r, ReadingRule)]
    for r in reading:
        r.earlier = list(seen.get(r.meta.category, []))
        seen.setdefault(r.meta.category, []).append(r)
    for r in reading:
        if r.residual:
            r.specific = [o for o in reading if not o.residual and o.meta.category != r.meta.category]


def _import_builtin_rules() -> None:
    """Import the modules that register the built-in Python rule classes."""
    import importlib
    import pkgutil

    import doclint.rules as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name not in ("base", "pattern"):
            importlib.import_module(f"doclint.rules.{mod.name}")


def fingerprint(files: list[Path]) -> str:
    """Hash of rule files and rule code: the key under which verified examples are cached."""
    h = hashlib.sha256(__version__.encode())
    for f in files:
        h.update(str(f).encode())
        h.update(f.read_bytes())
    code_dir = Path(__file__).resolve().parent
    for f in sorted(code_dir.rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:24]
