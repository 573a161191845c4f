"""The rule engine: one prefilter pass, then each rule on its candidate sentences."""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
from pathlib import Path

from doclint.document import Document
from doclint.errors import RulesetError
from doclint.finding import Finding
from doclint.rules.base import Context, PythonRule, Rule
from doclint.rules.pattern import PatternRule, RegexTimeout
from doclint.ruleset import RulesetLoader, bundled_dir, cache_dir, fingerprint
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
        self._automaton = None
        self._always: list[int] = []

    # -- construction ----------------------------------------------------------
    @classmethod
    def load(cls, extra: list[str | Path] | None = None, verify: bool = True) -> "Engine":
        paths = [bundled_dir()] + [Path(p) for p in (extra or [])]
        return _load_cached(tuple(str(p) for p in paths), verify)

    def _build_prefilter(self):
        import ahocorasick

        A = ahocorasick.Automaton()
        words: dict[str, set[int]] = {}
        for i, rule in enumerate(self.rules):
            if not isinstance(rule, PatternRule):
                continue
            if not rule.triggers:
                self._always.append(i)
                continue
            for t in rule.triggers:
                words.setdefault(t, set()).add(i)
        for w, idxs in words.items():
            A.add_word(w, tuple(sorted(idxs)))
        if words:
            A.make_automaton()
            self._automaton = A
        else:
            self._automaton = False

    # -- running -----------------------------------------------------------------
    def candidates(self, doc: Document) -> dict[int, list[int]]:
        """rule index -> indexes of sentences that contain one of its triggers."""
        if self._automaton is None:
            self._build_prefilter()
        starts = doc.sentence_starts
        hits: dict[int, set[int]] = {}
        if self._automaton:
            last_sent = -1
            for end, idxs in self._automaton.iter(doc.text):
                s = bisect.bisect_right(starts, end) - 1
                if s < 0:
                    continue
                for i in idxs:
                    hits.setdefault(i, set()).add(s)
                last_sent = s
        all_sents = list(range(len(starts)))
        out = {i: sorted(v) for i, v in hits.items()}
        for i in self._always:
            out[i] = all_sents
        return out

    def run(
        self,
        doc: Document,
        ctx: Context,
        rules: list[Rule] | None = None,
        notices: list[str] | None = None,
    ) -> list[Finding]:
        active = self.rules if rules is None else rules
        active_ids = {r.id for r in active}
        findings: list[Finding] = []
        cand = self.candidates(doc)
        sentences = doc.sentences
        for i, rule in enumerate(self.rules):
            if rule.id not in active_ids:
                continue
            try:
                if isinstance(rule, PatternRule):
                    idxs = cand.get(i)
                    if not idxs:
                        continue
                    units = [sentences[k] for k in idxs if doc.zone_at(sentences[k].start) in rule.meta.scope]
                    if units:
                        findings.extend(rule.check_units(doc, ctx, units))
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
        ctx = ctx or Context(today=EXAMPLE_TODAY)
        if isinstance(rule, PythonRule):
            found = rule.run_example(text, ctx, self)
            if found is not None:
                return [f for f in found if f.rule == rule.id]
        doc = Document(Source(path="<example>", text=text, kind="txt"))
        return [f for f in rule.check(doc, ctx) if f.rule == rule.id]

    def verify_examples(self, strict_pass: bool = False) -> list[str]:
        """Problems with rules' own examples (a fail example that does not fire is fatal)."""
        problems = []
        for rule in self.rules:
            for ex in rule.meta.examples.get("fail", []):
                if not self.example_findings(rule, ex):
                    problems.append(f"{rule.meta.source}: 规则 {rule.id} 的 fail 示例未触发：{ex[:60]}")
            if strict_pass:
                for ex in rule.meta.examples.get("pass", []):
                    if self.example_findings(rule, ex):
                        problems.append(f"{rule.meta.source}: 规则 {rule.id} 的 pass 示例被误报：{ex[:60]}")
        return problems


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...], verify: bool) -> Engine:
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
    return engine


def _split_problem(p: str) -> tuple[str, int | None, str]:
    loc, _, reason = p.partition(": ")
    path, _, line = loc.rpartition(":")
    try:
        return path, int(line), reason
    except ValueError:
        return loc, None, reason
