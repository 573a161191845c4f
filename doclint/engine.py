"""The rule engine: one prefilter pass, then each rule on its candidate sentences."""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path

from doclint.document import Document
from doclint.errors import RulesetError
from doclint.finding import Finding
from doclint.prefilter import Prefilter
from doclint.rules.base import Context, PythonRule, Rule
from doclint.rules.pattern import PatternRule, RegexTimeout
from doclint import cache
from doclint.cache import cache_dir
from doclint.ruleset import RulesetLoader, bundled_dir, fingerprint
from doclint.yamlutil import yaml_version
from doclint.source import Source

EXAMPLE_TODAY = _dt.date(2026, 1, 1)  # fixed "today" so examples are deterministic


def rule_matches(rule: Rule, selectors: list[str]) -> int:
    """Length of the most specific selector matching the rule (0: none).

    A selector is a rule id prefix (LIC, LIC001), a category (licensing) or a
    dotted name prefix (licensing.set-approval).
    """
    best = 0
    m = rule.meta
    for s in selectors:
        s = s.strip()
        if not s:
            continue
        if s in ("ALL", "all"):
            best = max(best, 1)
        elif m.id.startswith(s.upper()) and s[:1].isupper():
            best = max(best, len(s) + 1)
        elif s == m.category:
            best = max(best, 2)
        elif m.name == s or m.name.startswith(s + ".") or m.name.startswith(s + "-"):
            best = max(best, len(s) + 1)
    return best


class Engine:
    def __init__(self, rules: list[Rule], files: list[Path] | None = None):
        self.rules = rules
        self.files = files or []
        self.by_id = {r.id: r for r in rules}
        self._prefilter: Prefilter | None = None

    # -- construction ----------------------------------------------------------
    @classmethod
    def load(cls, extra: list[str | Path] | None = None, verify: bool = True) -> "Engine":
        paths = [bundled_dir()] + [Path(p) for p in (extra or [])]
        return _load_cached(tuple(str(p) for p in paths), verify)

    @property
    def prefilter(self) -> Prefilter:
        if self._prefilter is None:
            self._prefilter = Prefilter(self.rules)
        return self._prefilter

    # -- running -----------------------------------------------------------------
    def candidates(self, doc: Document) -> dict[int, list[tuple[int, tuple[int, ...]]]]:
        """Rule index -> [(sentence index, patterns to search there)] (see doclint.prefilter)."""
        return self.prefilter.candidates(doc.text, doc.sentence_starts)

    def run(
        self,
        doc: Document,
        ctx: Context,
        rules: list[Rule] | None = None,
        notices: list[str] | None = None,
    ) -> list[Finding]:
        active_ids = None if rules is None or rules is self.rules else {r.meta.id for r in rules}
        findings: list[Finding] = []
        cand = self.candidates(doc)
        sentences = doc.sentences
        zones = doc.sentence_zones
        for i, rule in enumerate(self.rules):
            if active_ids is not None and rule.meta.id not in active_ids:
                continue
            try:
                if isinstance(rule, PatternRule):
                    scope = rule.meta.scope
                    plan = [(sentences[k], which) for k, which in cand.get(i, ()) if zones[k] in scope]
                    if plan:
                        findings.extend(rule.check_units(doc, ctx, plan))
                else:
                    findings.extend(rule.check(doc, ctx))
            except RegexTimeout as exc:
                if notices is not None:
                    notices.append(str(exc))
            except RulesetError:
                raise
            except Exception as exc:  # a broken rule must not lose the other findings
                if notices is not None:
                    notices.append(f"规则 {rule.id} 运行出错，已跳过（{exc.__class__.__name__}: {str(exc)[:100]}）")
        findings.sort(key=Finding.sort_key)
        return findings

    # -- examples ------------------------------------------------------------------
    def example_findings(self, rule: Rule, text: str, ctx: Context | None = None) -> list[Finding]:
        # an example shows what its rule reads, so the rule is judged alone: another rule
        # of its category that would speak for the provision in a real run does not count
        ctx = ctx or Context(today=EXAMPLE_TODAY, options={"alone": True})
        if isinstance(rule, PythonRule):
            found = rule.run_example(text, ctx, self)
            if found is not None:
                return [f for f in found if f.rule == rule.id]
        doc = Document(Source(path="<example>", text=text, kind="txt"))
        # through the prefilter, as in a real run: a rule whose triggers miss its own
        # fail example must not load
        return [f for f in self.run(doc, ctx, [rule]) if f.rule == rule.id]

    def verify_examples(self, strict_pass: bool = False) -> list[str]:
        """Problems with rules' own examples (a fail example that does not fire is fatal)."""
        problems = []
        for rule in self.rules:
            for ex in rule.meta.examples.get("fail", []):
                if not self.example_findings(rule, ex):
                    problems.append(f"{rule.meta.source}: 规则 {rule.id} 的 fail 示例未触发：{_one_line(ex)}")
            if strict_pass:
                for ex in rule.meta.examples.get("pass", []):
                    if self.example_findings(rule, ex):
                        problems.append(f"{rule.meta.source}: 规则 {rule.id} 的 pass 示例被误报：{_one_line(ex)}")
        return problems


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...], verify: bool) -> Engine:
    key = _compiled_key(paths)
    cached = _read_compiled(key)
    if cached is not None:  # parsed, compiled and verified by an earlier run
        return Engine(*cached)
    loader = RulesetLoader()
    loader.load_paths([Path(p) for p in paths])
    engine = Engine(loader.rules, loader.files)
    if verify:
        marker = cache_dir() / f"verified-{fingerprint(loader.files)}"
        if not marker.exists():
            problems = engine.verify_examples()
            if problems:
                path, line, reason = _split_problem(problems[0])
                raise RulesetError(path, line, reason + (f"（另有 {len(problems) - 1} 处）" if len(problems) > 1 else ""))
            try:
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.write_text("ok\n")
            except OSError:
                pass  # an unwritable cache only costs time
        if key == _compiled_key(paths):  # files unchanged while they were read
            _write_compiled(key, loader.rules, loader.files)
    return engine


# -- compiled-ruleset cache ------------------------------------------------------------
# Parsing the YAML, compiling a few hundred regexes and validating every rule costs
# more than checking a draft, so the loaded rules are pickled once (regex patterns
# pickle as compiled code) under a key that changes with any ruleset or data file,
# any doclint source file, and the Python/regex/PyYAML versions.
_COMPILED_FORMAT = "compiled-v1"


def _compiled_key(paths: tuple[str, ...]) -> str | None:
    import hashlib
    import sys

    import regex

    try:
        files = []
        for p in paths:
            root = Path(p)
            files += [root] if root.is_file() else sorted(f for f in root.rglob("*") if f.is_file() and f.suffix in (".yaml", ".yml", ".json"))
        h = hashlib.sha256("\0".join([_COMPILED_FORMAT, sys.version, regex.__version__, yaml_version(), *paths]).encode())
        h.update(fingerprint(files).encode())
        return h.hexdigest()[:32]
    except OSError:
        return None


def _read_compiled(key: str | None):
    if key is None:
        return None
    found = cache.read(f"rules-{key}.pickle")
    if not (isinstance(found, tuple) and len(found) == 2):
        return None
    return found


def _write_compiled(key: str | None, rules: list[Rule], files: list[Path]) -> None:
    import pickle

    if key is None:
        return
    try:
        data = pickle.dumps((rules, files), protocol=pickle.HIGHEST_PROTOCOL)
        back, _ = pickle.loads(data)
    except Exception:  # a rule that cannot be pickled: only costs time
        return
    if [r.id for r in back] == [r.id for r in rules]:
        cache.write(f"rules-{key}.pickle", data, prune="rules-*.pickle")


def _split_problem(p: str) -> tuple[str, int | None, str]:
    loc, _, reason = p.partition(": ")
    path, _, line = loc.rpartition(":")
    try:
        return path, int(line), reason
    except ValueError:
        return loc, None, reason


def _one_line(example: str) -> str:
    """An example as it can stand in a one-line error message."""
    flat = " ⏎ ".join(part.strip() for part in example.strip().splitlines() if part.strip())
    return flat if len(flat) <= 60 else flat[:59] + "…"
