"""The prefilter: one pass over a document finds, for each pattern rule, the
sentences to look at and the patterns worth searching in each.

All literals the pattern rules depend on go into one Aho-Corasick automaton: the
rules' trigger words and the factors of each pattern (doclint.literals: sets of
strings one of which every match contains).  One pass over the text records the
words each sentence holds.  A rule then looks only at sentences holding one of
its triggers, and searches there only the patterns each of whose factors has a
word in the sentence; any other pattern could not match.

A rule that lists no triggers is gated by a factor of each of its patterns; a
rule with a pattern that requires no literal at all looks at every sentence.
"""

from __future__ import annotations

import bisect

Plan = list[tuple[int, list[int]]]  # (sentence index, indexes of the patterns to search there)


class _RulePlan:
    """One rule's gate and its patterns' factors, as word ids."""

    __slots__ = ("gate", "factors", "screen")

    def __init__(self, gate: frozenset[int], factors: list[list[frozenset[int]]]):
        self.gate = gate  # empty: every sentence
        self.factors = factors
        # the words of the first (most selective) factor of every pattern: a sentence
        # with none of them can match no pattern (None: a pattern has no factor)
        self.screen = frozenset().union(*(fs[0] for fs in factors)) if all(factors) else None

    def patterns_for(self, present: set[int]) -> list[int]:
        """Indexes of the patterns whose every factor has a word in `present`."""
        if self.screen is not None and self.screen.isdisjoint(present):
            return []
        out = []
        for j, fs in enumerate(self.factors):
            for f in fs:
                if f.isdisjoint(present):
                    break
            else:
                out.append(j)
        return out


class Prefilter:
    def __init__(self, rules: list):
        from doclint.rules.pattern import PatternRule

        self.words: dict[str, int] = {}
        self.plans: dict[int, _RulePlan] = {}  # rule index -> plan
        for i, rule in enumerate(rules):
            if isinstance(rule, PatternRule):
                self.plans[i] = _RulePlan(
                    self._ids(rule.gate_words()),
                    [[self._ids(f) for f in fs] for fs in rule.pattern_factors],
                )
        self.gated_by: list[list[int]] = [[] for _ in self.words]  # word id -> rules it lets in
        for i, plan in self.plans.items():
            for w in plan.gate:
                self.gated_by[w].append(i)
        self.automaton = None
        if self.words:
            import ahocorasick_rs

            self.automaton = ahocorasick_rs.AhoCorasick(list(self.words))

    def _ids(self, strings) -> frozenset[int]:
        return frozenset(self.words.setdefault(s, len(self.words)) for s in strings)

    # -- per document ----------------------------------------------------------------------
    def words_by_sentence(self, text: str, starts: list[int]) -> dict[int, set[int]]:
        """Sentence index -> ids of the words whose last character lies in it."""
        present: dict[int, set[int]] = {}
        if self.automaton is None or not starts:
            return present
        n = len(starts)
        lo, hi, cur = -1, starts[0], None  # the sentence [lo, hi) that `cur` collects for
        for wid, _start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            last = end - 1
            if not lo <= last < hi:
                s = bisect.bisect_right(starts, last) - 1
                lo = starts[s] if s >= 0 else -1
                hi = starts[s + 1] if s + 1 < n else len(text) + 1
                cur = present.setdefault(s, set()) if s >= 0 else None
            if cur is not None:
                cur.add(wid)
        return present

    def candidates(self, text: str, starts: list[int]) -> dict[int, Plan]:
        """Rule index -> [(sentence index, patterns to search there)], in text order."""
        present = self.words_by_sentence(text, starts)
        gated: dict[int, list[int]] = {}  # rule -> sentences holding a gate word
        for s in sorted(present):
            rules = {i for w in present[s] for i in self.gated_by[w]}
            for i in rules:
                gated.setdefault(i, []).append(s)
        empty: set[int] = set()
        out: dict[int, Plan] = {}
        for i, plan in self.plans.items():
            sentences = gated.get(i, ()) if plan.gate else range(len(starts))
            chosen = []
            for s in sentences:
                which = plan.patterns_for(present.get(s, empty))
                if which:
                    chosen.append((s, which))
            if chosen:
                out[i] = chosen
        return out
