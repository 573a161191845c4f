"""The prefilter: one pass over a document finds the sentences each pattern rule
needs to look at.

The trigger words of every pattern rule go into one Aho-Corasick automaton; one
pass over the text finds them all, and each rule then looks only at sentences
holding one of its triggers.  A rule that lists no triggers is gated by the
literals its patterns require (doclint.literals); a rule with a pattern that
requires no literal at all looks at every sentence.

Inside a candidate sentence the rule itself checks each pattern's factors with
plain substring tests before any regex search (PatternRule.check_units).
"""

from __future__ import annotations

import bisect


class Prefilter:
    def __init__(self, rules: list):
        from doclint.rules.pattern import PatternRule

        self.always: list[int] = []  # rules that look at every sentence
        words: dict[str, set[int]] = {}
        for i, rule in enumerate(rules):
            if not isinstance(rule, PatternRule):
                continue
            gate = rule.gate_words()
            if not gate:
                self.always.append(i)
            for w in gate:
                words.setdefault(w, set()).add(i)
        self.automaton = None
        self.word_rules: list[tuple[int, ...]] = []  # word index -> rules it gates
        if words:
            import ahocorasick_rs

            self.automaton = ahocorasick_rs.AhoCorasick(list(words))
            self.word_rules = [tuple(sorted(idxs)) for idxs in words.values()]

    def candidates(self, text: str, starts: list[int]) -> dict[int, list[int]]:
        """Rule index -> indexes of the sentences holding one of its gate words, in order."""
        n = len(starts)
        out: dict[int, list[int]] = {}
        if self.automaton is not None and n:
            # Hits come in order of their end: collect the distinct words of one sentence,
            # then record each of their rules once for it (the lists stay sorted).
            word_rules = self.word_rules
            s, lo, hi, cur = -1, -1, starts[0], set()
            for wid, _start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
                last = end - 1  # the sentence holding the word's last character
                if not lo <= last < hi:
                    self._record(out, s, cur, word_rules)
                    cur = set()
                    s = bisect.bisect_right(starts, last) - 1
                    lo = starts[s] if s >= 0 else -1
                    hi = starts[s + 1] if s + 1 < n else len(text) + 1
                cur.add(wid)
            self._record(out, s, cur, word_rules)
        everything = list(range(n))
        for i in self.always:
            out[i] = everything
        return out

    @staticmethod
    def _record(out: dict[int, list[int]], s: int, wids: set[int], word_rules) -> None:
        if s >= 0 and wids:
            for i in {i for w in wids for i in word_rules[w]}:
                lst = out.setdefault(i, [])
                if not lst or lst[-1] != s:
                    lst.append(s)
