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

SCAN_CHUNK = 100_000  # characters per automaton call (bounds the memory of its result list)
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
        self.longest = max(map(len, self.words), default=0)
        if self.words:
            import ahocorasick_rs

            self.automaton = ahocorasick_rs.AhoCorasick(list(self.words))

    def _ids(self, strings) -> frozenset[int]:
        return frozenset(self.words.setdefault(s, len(self.words)) for s in strings)

    # -- per document ----------------------------------------------------------------------
    def words_by_sentence(self, text: str, starts: list[int]) -> dict[int, set[int]]:
        """Sentence index -> ids of the words whose last character lies in it.

        The automaton returns all matches of a text as one list; on a big document that
        list would hold millions of tuples, so the text is scanned in chunks that
        overlap by the longest word less one, and each match is counted in the chunk
        holding its last character."""
        present: dict[int, set[int]] = {}
        if self.automaton is None or not starts:
            return present
        n = len(starts)
        lo, hi, cur = -1, starts[0], None  # the sentence [lo, hi) that `cur` collects for
        for a in range(0, len(text), SCAN_CHUNK):
            base = max(0, a - (self.longest - 1))
            hits = self.automaton.find_matches_as_indexes(text[base: a + SCAN_CHUNK], overlapping=True)
            first = 0
            while first < len(hits) and base + hits[first][2] <= a:  # counted in the chunk before
                first += 1
            for wid, _start, end in hits[first:] if first else hits:
                last = base + end - 1
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
