"""The reading of a provision: who bears it, its mode, the acts it names, whether it
sets them or only refers to them, and which legal bases cover which act.

Everything is decided per act, on the part (the "；" clause) it stands in, with the
provision's other parts and its lead-in as context: an exception belongs to the
matched act, never to a word somewhere else in the sentence.

* **bearer** of an act: the actor of the clause it stands in.  The nearest actor
  phrase before the nearest modal before the act, within its part; failing that the
  part's topic, then the lead-in.  ``public`` (公民、法人和其他组织, 经营者, any named
  class of them), ``organ`` (administrative organs and their staff), ``party``
  (党委、人大、法院、检察院、监察机关) or ``unknown``.  A conditional activity with no
  subject ("设立停车场的，须经……") is borne by the public.
* **mode**: ``must`` / ``must-not`` / ``may`` / ``encouraged`` / ``none``, from the
  nearest modal before the act in its part (or inside the act: "……后方可").
* **stance**: ``sets`` or ``refers``.  An act refers when the provision forbids or
  removes the measure (不得要求…, 取消…), qualifies its subject by existing law
  (依法须经批准的项目), quotes the law, or names the measure only as the condition of
  an organ's procedural duty ("扣押财物的，应当全程音像记录"; a list item under
  "下列行为应当……：").
* **basis**: 《law》 with an article, a named law introduced by 依照/依据/根据, or
  "依照有关法律、法规的规定" — in the act's part, an earlier part or the lead-in.  A
  citation of a normative document (通知, 意见 …) or of the draft itself (本办法) is no
  basis, nor is a bare 依法.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from doclint.citations import looks_like_normative_document
from doclint.reading.concepts import Concepts, load_concepts
from doclint.reading.provisions import Part, Provision, provisions

CLAUSE_BREAK = "，,：:"
SCAN_CHUNK = 100_000  # characters of whole parts per automaton call (bounds the memory of its result)
_THEN = regex.compile(r"方可|才可|即可|方能|才能|始得|方准|后可")


@dataclass
class Basis:
    text: str
    start: int
    end: int
    article: bool  # names an article (第N条)
    policy: bool = False  # only a state-policy reference (按照国家有关规定): a basis for rules that accept one


@dataclass
class Act:
    kind: str
    category: str
    label: str
    start: int
    end: int
    part: int  # index into the provision's parts (-1: the lead-in)
    bearer: str = "unknown"
    mode: str = "none"
    stance: str = "sets"
    why: str = ""  # why it refers, in Chinese
    basis: list[Basis] = field(default_factory=list)
    generic: bool = False

    @property
    def covered(self) -> bool:
        return bool(self.basis)


@dataclass
class Reading:
    provision: Provision
    acts: list[Act]

    @property
    def text(self) -> str:
        """The provision's text (its parts only)."""
        return self.provision.text

    def acts_of(self, kinds) -> list[Act]:
        return [a for a in self.acts if a.kind in kinds]


# -- the shared vocabulary the reading itself needs (rulesets/concepts/common.yaml) --------
class _Vocab:
    def __init__(self, c: Concepts):
        lx = c.lexicon
        self.must = lx("modal_must")
        self.must_not = lx("modal_must_not")
        self.may = lx("modal_may")
        self.encouraged = lx("modal_encouraged")
        self.neg = regex.compile(c.expand("{{negation}}"))
        self.organ = regex.compile(c.expand("{{bearer_organ}}"))
        self.public = regex.compile(c.expand("{{bearer_public}}"))
        self.party = regex.compile(c.expand("{{bearer_party}}"))
        # the same, searched from the end of a text: the first match found is the one
        # that ends last, which is all the bearer needs (the last actor phrase)
        self.actors_r = tuple(
            (name, regex.compile("(?r)" + c.expand("{{" + lex + "}}")))
            for name, lex in (("organ", "bearer_organ"), ("public", "bearer_public"), ("party", "bearer_party"))
        )
        self.procedure = regex.compile(c.expand("{{procedure_duty}}"))
        self.legal_relative = regex.compile(c.expand("{{legal_relative}}"))
        self.law_ref = regex.compile(c.expand("{{law_reference}}"))
        self.policy_ref = regex.compile(c.expand("{{policy_reference}}"))
        self.named_law_ref = regex.compile(c.expand("{{named_law_reference}}"))
        self.own_doc = regex.compile(c.expand("{{own_document}}"))
        self.duty = regex.compile(c.expand("{{duty_marker}}"))
        self.by_public = regex.compile(c.expand("由(?:{{bearer_public}})"))
        self.modal_any = regex.compile(
            "(?:" + "|".join(x.pattern for x in (self.must_not, self.must, self.may, self.encouraged)) + ")"
        )


def prepare(c: Concepts) -> tuple["_Vocab", "_ActFinder"]:
    """What reading needs beyond the concepts themselves; kept with them (Concepts.prepared)."""
    return _Vocab(c), _ActFinder(c)


def _prepared(root: str | None) -> tuple["_Vocab", "_ActFinder"]:
    c = load_concepts(root)
    if c.prepared is None:
        c.prepared = prepare(c)
    return c.prepared


def _vocab(root: str | None = None) -> _Vocab:
    return _prepared(root)[0]


class _ActFinder:
    """All act patterns behind one Aho-Corasick pass over the text.

    Every literal a pattern needs (doclint.literals: its factors, sets of strings one of
    which each match holds) goes into one automaton.  A pattern is searched in a part
    only when the part holds a string of its first (most selective) factor and of every
    other factor: any other part could not hold a match."""

    def __init__(self, c: Concepts):
        self.items: list[tuple[str, int, regex.Pattern]] = []  # (act, pattern index, rx)
        self.words: dict[str, int] = {}
        self.word_items: list[list[int]] = []  # word -> patterns it gates (first factor)
        self.word_mask: list[int] = []  # word -> bits of the factors it satisfies
        self.need: list[int] = []  # pattern -> bits of all its factors
        self.always: list[int] = []  # patterns with no factor: searched in every part
        factor_bit: dict[tuple[str, ...], int] = {}

        def wid_of(w: str) -> int:
            wid = self.words.setdefault(w, len(self.words))
            if wid == len(self.word_items):
                self.word_items.append([])
                self.word_mask.append(0)
            return wid

        for name, kind in c.acts.items():
            for j, rx in enumerate(kind.patterns):
                k = len(self.items)
                self.items.append((name, j, rx))
                fs = kind.factors[j] if j < len(kind.factors) else ([kind.gates[j]] if kind.gates[j] else [])
                fs = _selective(fs)
                need = 0
                for f in fs:
                    bit = factor_bit.setdefault(f, len(factor_bit))
                    need |= 1 << bit
                    for w in f:
                        self.word_mask[wid_of(w)] |= 1 << bit
                self.need.append(need)
                if not fs:
                    self.always.append(k)
                for w in fs[0] if fs else ():
                    self.word_items[wid_of(w)].append(k)
        self._automaton = None

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_automaton"] = None
        return state

    @property
    def automaton(self):
        if self._automaton is None and self.words:
            import ahocorasick_rs

            self._automaton = ahocorasick_rs.AhoCorasick(list(self.words))
        return self._automaton

    def per_part(self, text: str, parts: list[Part]) -> list[list[int]]:
        """For each part (in text order, non-overlapping), the patterns worth searching in it."""
        n = len(parts)
        masks = [0] * n
        gated: list[set[int] | None] = [None] * n
        if self.automaton is not None and n:
            wm, wi = self.word_mask, self.word_items
            # The text is scanned a run of whole parts at a time (about SCAN_CHUNK
            # characters): the automaton returns all its matches as one list, which on a
            # big document would hold millions of tuples.  Matches come in order of their
            # last character, so the part holding each is found by walking the parts.
            first = 0
            while first < n:
                last = first
                while last + 1 < n and parts[last + 1].end - parts[first].start <= SCAN_CHUNK:
                    last += 1
                base = parts[first].start
                i, end_i = first, parts[first].end
                for wid, a, b in self.automaton.find_matches_as_indexes(text[base: parts[last].end], overlapping=True):
                    a += base
                    b += base
                    while b > end_i and i < last:
                        i += 1
                        end_i = parts[i].end
                    if a < parts[i].start or b > end_i:
                        continue  # between parts, or across a part's end
                    masks[i] |= wm[wid]
                    if wi[wid]:
                        g = gated[i]
                        if g is None:
                            gated[i] = g = set()
                        g.update(wi[wid])
                first = last + 1
        need, always = self.need, self.always
        out = []
        for m, g in zip(masks, gated):
            ks = [k for k in g if need[k] & m == need[k]] if g else []
            if always:
                ks.extend(always)
            ks.sort()
            out.append(ks)
        return out


def _selective(factors: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The factors worth gating on: those whose every string is at least two characters.
    A factor holding a single character (、 的 市 加 …) is met by nearly every part, yet
    each occurrence of that character is one more automaton match to walk; any subset of
    a pattern's factors is still a sound gate.  A pattern with only such factors keeps them."""
    kept = [f for f in factors if all(len(w) >= 2 for w in f)]
    return kept or list(factors)


def _finder(root: str | None = None) -> _ActFinder:
    return _prepared(root)[1]


# -- reading -----------------------------------------------------------------------------
def read_document(doc, root: str | None = None) -> list[Reading]:
    """The readings of every provision of a document (doclint.document.Document)."""
    c = load_concepts(root)
    v = _vocab(root)
    finder = _finder(root)
    provs = provisions(doc)
    # every part once, in text order: lead-ins first where they stand apart from their items
    order: list[Part] = []
    seen: set[int] = set()
    for p in provs:
        for part in ((p.lead_in,) if p.lead_in is not None else ()) + p.parts:
            if part.start not in seen:
                seen.add(part.start)
                order.append(part)
    order.sort(key=lambda q: q.start)
    cands = dict(zip((q.start for q in order), finder.per_part(doc.text, order)))
    cites = _citations(doc)
    return [_read(prov, cands, finder, c, v, cites) for prov in provs]


def read_text(text: str, root: str | None = None) -> list[Reading]:
    """Readings of a bare text (for `doclint explain --reading` and tests)."""
    from doclint.document import Document
    from doclint.source import Source

    return read_document(Document(Source(path="<text>", text=text, kind="txt")), root)


def _read(prov: Provision, cands: dict[int, list[int]], finder: _ActFinder, c: Concepts, v: _Vocab, cites) -> Reading:
    parts = prov.parts
    acts: list[Act] = []
    if not any(cands.get(part.start) for part in parts):
        return Reading(prov, acts)  # no part holds the literals of any act
    seen: set[tuple[str, int, int]] = set()
    for pi, part in enumerate(parts):
        for k in cands.get(part.start, ()):
            name, _j, rx = finder.items[k]
            kind = c.acts[name]
            for m in rx.finditer(part.text):
                s, e = m.span("m") if "m" in rx.groupindex and m.group("m") is not None else m.span()
                if e <= s:
                    continue
                key = (name, part.start + s, part.start + e)
                if key in seen:
                    continue
                if kind.not_ and any(n.search(part.text) for n in kind.not_):
                    break  # the exclusions look at the whole part: no match in it counts
                seen.add(key)
                acts.append(Act(name, kind.category, kind.label, part.start + s, part.start + e, pi, generic=kind.generic))
    acts.sort(key=lambda a: (a.start, a.end, a.kind))
    for act in acts:
        _judge(act, prov, v, c, cites)
    return Reading(prov, acts)


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause (between "，" / "：") holding offset pos of a part's text."""
    i = max(text.rfind(ch, 0, pos) for ch in CLAUSE_BREAK)
    return i + 1


def _classify_actor(s: str, v: _Vocab) -> str | None:
    """The class of the actor phrase that ends last in s (None: none found); on a tie,
    the public (a named class of operators such as 加油站 also looks like an organ name)."""
    if not s:
        return None
    best, at = None, -1
    for name, rx in v.actors_r:
        m = rx.search(s)
        if m is not None and (m.end() > at or (m.end() == at and name == "public")):
            best, at = name, m.end()
    return best


def _judge(act: Act, prov: Provision, v: _Vocab, c: Concepts, cites) -> None:
    part = prov.parts[act.part]
    t = part.text
    s = act.start - part.start
    before = t[:s]

    # -- mode: the nearest modal before the act in its part, else one inside it --------
    # (方可、才可、即可 are no "may": they make what comes before a condition)
    before_m = _THEN.sub(lambda m: "\x00" * len(m.group()), before)
    modals = list(v.modal_any.finditer(before_m))
    inside = t[s: act.end - part.start]
    mode = "none"
    probe = modals[-1].group() if modals else None
    if probe is None:
        if _THEN.search(inside):
            mode = "must"
        else:
            m = v.modal_any.search(inside)
            probe = m.group() if m else None
    if probe is not None:
        if v.must_not.fullmatch(probe):
            mode = "must-not"
        elif v.must.fullmatch(probe):
            mode = "must"
        elif v.may.fullmatch(probe):
            mode = "may"
        elif v.encouraged.fullmatch(probe):
            mode = "encouraged"
    act.mode = mode

    # -- bearer ------------------------------------------------------------------------
    act.bearer = _bearer(t, s, modals, prov, v)

    # -- stance ------------------------------------------------------------------------
    why = ""
    window = before[_clause_start(before, s):]
    if c.acts[act.kind].negatable and v.neg.search(window):
        why = "条文禁止或取消该措施，并未设定"
    elif v.legal_relative.search(t[max(0, s - 12): act.end - part.start]):
        why = "以“依法须……的”限定对象，只指向上位法已有的要求"
    elif _quoted(t, s):
        why = "引用法律原文"
    else:
        # the act is only the condition ("……的，") of a procedural duty of an organ
        cond_end = t.find("的，", s)
        e = act.end - part.start
        if cond_end >= 0 and e <= cond_end + 1 and "，" not in t[s:cond_end] and len(t[s:cond_end]) < 30:
            rest = t[cond_end + 2:]
            if v.procedure.search(rest) and _classify_actor(rest.split("应当")[0], v) != "public":
                why = "该措施只是行政机关履行程序义务的条件，条文并未设定它"
        if not why and prov.lead_in is not None and act.part >= 0:
            lead = prov.lead_in.text
            if v.procedure.search(lead) and _classify_actor(lead, v) != "public" and not v.public.search(lead):
                why = "列举在程序性规定（“下列……应当……”）之下，只是提及该措施"
    if why:
        act.stance, act.why = "refers", why

    # -- basis ---------------------------------------------------------------------------
    act.basis = _bases(act, prov, v, cites)


def _bearer(t: str, s: int, modals: list, prov: Provision, v: _Vocab) -> str:
    """Who bears what stands at offset s of part text t (modals: those before s)."""
    before = t[:s]
    bearer = None
    if modals:
        m = modals[-1]
        zone = before[_clause_start(before, m.start()): m.start()]
        bearer = _classify_actor(zone, v)
        if bearer is None:
            # "由X负责…" / "X要…": the subject may sit earlier in the part
            bearer = _classify_actor(before[: m.start()].split("，")[0] if "的，" not in before[: m.start()] else "", v)
    else:
        zone = before[_clause_start(before, s):]
        bearer = _classify_actor(zone, v)
    if bearer is None:
        # the topic of the part ("设立停车场的，", "申请廉租房"): only what precedes the act
        # and its modal, never an organ named inside the act itself
        stop = modals[-1].start() if modals else s
        head = t.split("，", 1)[0]
        if head.endswith("的") or regex.match(r"^[\s\u3000]*(凡|对于|对|在|从事|申请|办理|开展|设立|举办|经营)", t):
            bearer = _classify_actor(head[:stop], v) or "public"
    if bearer is None and prov.lead_in is not None:
        bearer = _classify_actor(prov.lead_in.text, v)
    return bearer or "unknown"


def binding_parts(doc, root: str | None = None, limit: int = 5, bearer: str = "public") -> list[tuple[int, int, str]]:
    """Parts that bind the public: a duty or prohibition (应当/必须/须/不得/禁止…) whose bearer
    is a citizen, legal person or other organisation (any named class of them), with no
    legal basis that already binds them.  [(start, end, text)] in text order, at most `limit`.
    Section 二: such a provision makes a document normative whatever it is called.
    With bearer="organ": the duties of organs instead (what a document that binds no one
    outside deploys), with no basis test."""
    v = _vocab(root)
    cites = _citations(doc)
    out: list[tuple[int, int, str]] = []
    for prov in provisions(doc):
        if doc.zone_at(prov.start) not in ("body", "attachments"):
            continue
        for pi, part in enumerate(prov.parts):
            t = part.text
            if len(t.strip()) < 8:
                continue
            masked = _THEN.sub(lambda m: "\x00" * len(m.group()), t)
            ms = [m for m in v.modal_any.finditer(masked) if v.must.fullmatch(m.group()) or v.must_not.fullmatch(m.group())]
            ms += list(v.duty.finditer(masked))
            hit = False
            for m in v.by_public.finditer(t) if bearer == "public" else ():  # "由物业服务企业配齐……": the public named as the actor
                fake = Act("duty", "", "", part.start + m.start(), part.start + m.end(), pi)
                if not v.encouraged.search(t[: m.start()]) and not _bases(fake, prov, v, cites):
                    hit = True
                    break
            for m in ms if not hit else ():
                who = _bearer(t, m.end(), [m], prov, v)
                if who != bearer:
                    continue
                if bearer != "public":
                    hit = True
                    break
                # 鼓励/支持 frames and negated protections (不得向企业收取…) protect, not bind
                if v.encouraged.search(t[: m.start()]):
                    continue
                fake = Act("duty", "", "", part.start + m.start(), part.start + m.end(), pi)
                if _bases(fake, prov, v, cites):
                    continue
                hit = True
                break
            if hit:
                out.append((part.start, part.end, t.strip()))
                break
        if len(out) >= limit:
            break
    return out


def _quoted(t: str, s: int) -> bool:
    """Is offset s inside a “…” quotation that follows 规定：?"""
    o = t.rfind("“", 0, s)
    if o < 0 or t.rfind("”", 0, s) > o:
        return False
    return bool(regex.search(r"(规定|明确|指出)[：:，,]?\s*$", t[max(0, o - 6): o]))


class _Cites(NamedTuple):
    items: list  # the document's citations (doclint.citations.Citation), in text order
    starts: list[int]  # their offsets, for bisection


def _citations(doc) -> _Cites:
    """The document's citations with their offsets, made once for every act and part."""
    got = doc.__dict__.get("_reading_cites")
    if got is None:
        items = doc.citations
        got = doc.__dict__["_reading_cites"] = _Cites(items, [ci.start for ci in items])
    return got


def _bases(act: Act, prov: Provision, v: _Vocab, cites: _Cites) -> list[Basis]:
    spans: list[Part] = []
    if prov.lead_in is not None:
        spans.append(prov.lead_in)
    spans.extend(prov.parts[: act.part + 1])
    out: list[Basis] = []
    for sp in spans:
        lo, hi = sp.start, sp.end
        i = bisect.bisect_left(cites.starts, lo)
        for ci in cites.items[i:]:
            if ci.start >= hi:
                break
            if looks_like_normative_document(ci.name):
                continue
            has_art = bool(getattr(ci, "articles", None))
            if has_art or v.named_law_ref.search(sp.text[max(0, ci.start - sp.start - 12): ci.start - sp.start]):
                out.append(Basis(ci.name, ci.start, ci.end, has_art))
        for m in v.law_ref.finditer(sp.text):
            out.append(Basis(m.group(), sp.start + m.start(), sp.start + m.end(), False))
        for m in v.policy_ref.finditer(sp.text):
            out.append(Basis(m.group(), sp.start + m.start(), sp.start + m.end(), False, policy=True))
    return out
