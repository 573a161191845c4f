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
import functools
import operator
from operator import itemgetter

_MEMO = 4096  # combinations remembered per rule (a bound: memory stays small whatever the input)
SCAN_CHUNK = 100_000  # characters per automaton call (bounds the memory of its result list)
Plan = list[tuple[int, tuple[int, ...]]]  # (sentence index, indexes of the patterns to search there)
_END = itemgetter(2)


class Prefilter:
    """Word ids, and for each word bit masks of what it stands for.

    Every pattern rule gets a bit for its gate (trigger words) and one for its screen
    (the words of the first factor of each pattern), and every distinct factor (a set
    of words, one of which must occur) gets a bit.  OR-ing the masks of a sentence's
    words gives the rules it lets in and screens in, and the factors it satisfies; a
    pattern is possible when all its factor bits are set.
    """

    def __init__(self, rules: list):
        from doclint.rules.pattern import PatternRule

        self.words: dict[str, int] = {}
        factor_bit: dict[frozenset[int], int] = {}
        gates: list[frozenset[int]] = []
        screens: list[frozenset[int] | None] = []
        self.rule_index: list[int] = []  # rule bit -> index in the engine's rule list
        self.needs: list[list[int]] = []  # rule bit -> per pattern: the factor bits it needs
        for i, rule in enumerate(rules):
            if not isinstance(rule, PatternRule):
                continue
            factors = [[self._ids(f) for f in fs] for fs in rule.pattern_factors]
            self.rule_index.append(i)
            gates.append(self._ids(rule.gate_words()))
            # the words of the first (most selective) factor of every pattern: a sentence
            # with none of them can match no pattern (None: a pattern has no factor)
            screens.append(frozenset().union(*(fs[0] for fs in factors)) if all(factors) else None)
            self.needs.append([
                sum(1 << factor_bit.setdefault(f, len(factor_bit)) for f in set(fs)) for fs in factors
            ])
        # One mask per word: bits [0, R) the rules it gates, [R, 2R) the rules it screens
        # in, from 2R on the factors it satisfies (R rules), so a match costs one OR.
        self.n_rules = r_count = len(self.rule_index)
        self.rule_bits = (1 << r_count) - 1
        self.mask = [0] * len(self.words)
        self.ungated = 0  # rules that look at every sentence (no gate word)
        self.unscreened = 0  # rules with a pattern that needs no word
        for r, (gate, screen) in enumerate(zip(gates, screens)):
            if not gate:
                self.ungated |= 1 << r
            for w in gate:
                self.mask[w] |= 1 << r
            if screen is None:
                self.unscreened |= 1 << r
            for w in screen or ():
                self.mask[w] |= 1 << (r_count + r)
        for f, bit in factor_bit.items():
            for w in f:
                self.mask[w] |= 1 << (2 * r_count + bit)
        # per rule: the factor bits any of its patterns needs, and the patterns possible
        # under each combination of them seen so far (few combinations recur).  Kept at
        # their place in a word mask (from bit 2R on), so a sentence's mask is tested
        # as it is, without shifting it.
        self.needs = [[need << (2 * r_count) for need in needs] for needs in self.needs]
        self.union = [functools.reduce(operator.or_, needs, 0) for needs in self.needs]
        self._which: list[dict[int, tuple[int, ...]]] = [{} for _ in self.needs]
        self.automaton = None
        self.longest = max(map(len, self.words), default=0)
        if self.words:
            import ahocorasick_rs

            self.automaton = ahocorasick_rs.AhoCorasick(list(self.words))

    def _ids(self, strings) -> frozenset[int]:
        return frozenset(self.words.setdefault(s, len(self.words)) for s in strings)

    # -- per document ----------------------------------------------------------------------
    def candidates(self, text: str, starts: list[int]) -> dict[int, Plan]:
        """Rule index -> [(sentence index, patterns to search there)], in text order.

        Matches come in order of their last character; the masks of the words of one
        sentence are OR-ed together, and the sentence is decided when the next match
        falls in a later one."""
        out: dict[int, Plan] = {}
        if starts:
            wordless = self._decide_wordless if self.ungated else None
            _walk(self._matches(text), starts, self.mask, len(text), out, self._decide, wordless)
        return out

    def _matches(self, text: str):
        """(offset, matches) of each chunk of the text, matches sorted by their end.

        The automaton returns all matches of a text as one list; on a big document that
        list would hold millions of tuples, so the text is scanned in chunks that
        overlap by the longest word less one, and each match is kept by the chunk
        holding its last character."""
        if self.automaton is None:
            return
        for a in range(0, len(text), SCAN_CHUNK):
            base = max(0, a - (self.longest - 1))
            hits = self.automaton.find_matches_as_indexes(text[base: a + SCAN_CHUNK], overlapping=True)
            hits.sort(key=_END)  # already in this order: costs one comparison per match
            first = 0
            while first < len(hits) and base + hits[first][2] <= a:  # kept by the chunk before
                first += 1
            yield base, hits[first:] if first else hits

    def _decide(self, out: dict[int, Plan], s: int, held: int) -> None:
        """Record, for sentence `s` whose words' masks OR to `held`, each rule let in
        with the patterns it can match."""
        if s < 0:
            return
        n, bits = self.n_rules, self.rule_bits
        if self.ungated or self.unscreened:
            rules = ((held & bits) | self.ungated) & (((held >> n) & bits) | self.unscreened)
        else:  # the same, in fewer operations on the long mask
            rules = held & (held >> n) & bits
        while rules:
            low = rules & -rules
            rules ^= low
            r = low.bit_length() - 1
            key = held & self.union[r]
            which = self._which[r].get(key)
            if which is None:
                which = tuple(j for j, need in enumerate(self.needs[r]) if key & need == need)
                if len(self._which[r]) < _MEMO:
                    self._which[r][key] = which
            if which:
                out.setdefault(self.rule_index[r], []).append((s, which))

    def _decide_wordless(self, out: dict[int, Plan], first: int, stop: int) -> None:
        """Sentences first..stop-1 hold no word: only rules without a gate look at them."""
        if self.ungated:
            for s in range(max(first, 0), stop):
                self._decide(out, s, 0)


def _walk(chunks, starts: list[int], mask: list[int], n_text: int, out: dict, decide, wordless) -> None:
    """OR together the masks of each sentence's words and hand each sentence to `decide`
    (sentences between two with words to `wordless`, unless it is None), in text order.

    `chunks` yields (offset, matches) with matches in order of their last character;
    a sentence is decided when the next match falls in a later one."""
    n = len(starts)
    s, lo, hi = -1, -1, starts[0]  # the sentence [lo, hi) whose words are being OR-ed
    held = 0
    for base, hits in chunks:
        for wid, _start, end in hits:
            last = base + end - 1
            if not lo <= last < hi:
                decide(out, s, held)
                following = bisect.bisect_right(starts, last) - 1
                if wordless is not None:
                    wordless(out, s + 1, following)
                s = following
                lo = starts[s] if s >= 0 else -1
                hi = starts[s + 1] if s + 1 < n else n_text + 1
                held = 0
            held |= mask[wid]
    decide(out, s, held)
    if wordless is not None:
        wordless(out, s + 1, n)
