"""Data rules: character-level regexes and phrases from the YAML rulesets."""

from __future__ import annotations

from typing import Iterator

import regex

from doclint.document import Document, Unit
from doclint.finding import Finding
from doclint.literals import factors
from doclint.rules.base import Context, Rule, RuleMeta

REGEX_TIMEOUT = 1.0  # seconds per search; a runaway pattern is reported, not hung on


class RegexTimeout(Exception):
    def __init__(self, rule_id: str, pattern: str):
        super().__init__(f"规则 {rule_id} 的正则表达式运行超时（>{REGEX_TIMEOUT:g} 秒），已跳过：{pattern[:60]}")
        self.rule_id = rule_id


def _by_selectivity(found: list[frozenset[str]]) -> list[tuple[str, ...]]:
    """Factors, those most likely to rule a sentence out first: longer strings are rarer,
    and fewer of them are fewer tests.  Each factor's strings longest first."""
    ordered = sorted(found, key=lambda f: (-min(map(len, f)), len(f), sorted(f)))
    return [tuple(sorted(f, key=lambda w: (-len(w), w))) for f in ordered]


class PatternRule(Rule):
    def __init__(
        self,
        meta: RuleMeta,
        patterns: list[regex.Pattern],
        requires: list[regex.Pattern],
        exceptions: list[regex.Pattern],
        document_unless: list[regex.Pattern],
        triggers: list[str],
        unit: str,
        once: bool,
        timeout: float | None = REGEX_TIMEOUT,
    ):
        super().__init__(meta)
        self.patterns = patterns
        self.requires = requires
        self.exceptions = exceptions
        self.document_unless = document_unless
        self.triggers = triggers
        self.unit = unit
        self.once = once
        # Regexes from user rulesets run with a time limit; the bundled ones are tested
        # (examples, property tests) and run without its per-search overhead.
        self.timeout = timeout
        # Literals every match of each pattern contains (doclint.literals): the prefilter
        # skips a pattern in a sentence missing one.  Derived now, so they are in the
        # ruleset cache too.
        self.pattern_factors = [_by_selectivity(factors(rx.pattern, rx.flags)) for rx in patterns]
        # The same for exceptions: each with the strings of its most selective factor, of
        # which the text must hold one for the exception to be searched (() : always).
        self.exception_screens = [
            (rx, fs[0] if fs else ()) for rx, fs in
            ((rx, _by_selectivity(factors(rx.pattern, rx.flags))) for rx in exceptions)
        ]

    def gate_words(self) -> list[str]:
        """Words of which a sentence must hold one for this rule to look at it: the
        triggers, or else a factor of each pattern ([]: every sentence)."""
        if self.triggers:
            return list(self.triggers)
        if all(self.pattern_factors):
            return sorted({w for fs in self.pattern_factors for w in fs[0]})
        return []

    def _excepted(self, text: str) -> bool:
        """Does any exception match?  Only those whose literals the text holds are searched."""
        for rx, words in self.exception_screens:
            for w in words:
                if w in text:
                    break
            else:
                if words:
                    continue  # none of the strings one of which its every match holds
            if self._search(rx, text):
                return True
        return False

    def _search(self, rx, text: str):
        if self.timeout is None:
            return rx.search(text)
        try:
            return rx.search(text, timeout=self.timeout)
        except TimeoutError:
            raise RegexTimeout(self.id, rx.pattern) from None

    def _finditer(self, j: int, text: str):
        """All matches of pattern `j` in `text`."""
        rx = self.patterns[j]
        if self.timeout is None:
            return list(rx.finditer(text))
        try:
            return list(rx.finditer(text, timeout=self.timeout))
        except TimeoutError:
            raise RegexTimeout(self.id, rx.pattern) from None

    def check_units(self, doc: Document, ctx: Context, plan: list[tuple[Unit, tuple[int, ...] | None]]) -> Iterator[Finding]:
        """Evaluate on candidate sentences, each with the indexes of the patterns worth
        searching there (chosen by the prefilter; None: all of them)."""
        if self.document_unless and any(self._search(rx, doc.text) for rx in self.document_unless):
            return
        # One finding per rule per sentence: a reviewer reads one note per defect, and a
        # sentence that repeats a defect ("处…罚款，并处…罚款") is one defect to fix.
        every = range(len(self.patterns))
        for sent, which in plan:
            best = self._first_match(doc, sent, every if which is None else which)
            if best is not None:
                yield self.finding(doc, *best)
                if self.once:
                    return

    def _first_match(self, doc: Document, sent: Unit, which) -> tuple[int, int] | None:
        """Span of the first match of the patterns numbered `which`, in pattern order (most
        specific first), that passes `requires`, `exceptions` and the token check."""
        for j in which:
            for m in self._finditer(j, sent.text):
                start, end = sent.start + m.start(), sent.start + m.end()
                if end <= start:
                    continue
                unit = doc.unit_around(self.unit, start, end) if self.unit != "sentence" else sent
                if self.requires and not all(self._search(r, unit.text) for r in self.requires):
                    continue
                if self.exceptions and self._excepted(unit.text):
                    continue
                if self.meta.tokens and not self._on_token_boundary(doc, sent, start):
                    continue
                return start, end
        return None

    def _on_token_boundary(self, doc: Document, sent: Unit, start: int) -> bool:
        return start in doc.token_starts(sent)

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        """Evaluate on every sentence in scope, without the engine's prefilter."""
        plan = [(u, None) for u, zone in zip(doc.sentences, doc.sentence_zones) if zone in self.meta.scope]
        yield from self.check_units(doc, ctx, plan)
