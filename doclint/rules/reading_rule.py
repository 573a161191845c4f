"""Content rules over provision readings (``type: reading`` in a ruleset).

A reading rule names the act kinds it is about (rulesets/concepts/*.yaml) and the
conditions under which such an act is unlawful in a normative document: who bears
it, its mode, whether the provision sets it, and whether a legal basis covers it.
Its finding lands on the act's own span, one per provision.
"""

from __future__ import annotations

from typing import Iterator

import regex

from doclint.document import Document
from doclint.finding import Finding
from doclint.reading.read import Act, Reading, read_document
from doclint.rules.base import Context, Rule, RuleMeta

BEARERS = ("public", "organ", "party", "unknown")
MODES = ("must", "must-not", "may", "encouraged", "none")
STANCES = ("sets", "refers", "any")


def readings(doc: Document) -> list[Reading]:
    """The document's readings, computed once for all rules."""
    got = doc.__dict__.get("_readings")
    if got is None:
        got = doc.__dict__["_readings"] = read_document(doc)
    return got


def readings_with(doc: Document, kinds: tuple[str, ...]) -> list[Reading]:
    """The readings holding an act of one of `kinds`, in text order (indexed once per document)."""
    index = doc.__dict__.get("_reading_index")
    if index is None:
        index = {}
        for r in readings(doc):
            for kind in {a.kind for a in r.acts}:
                index.setdefault(kind, []).append(r)
        doc.__dict__["_reading_index"] = index
    if len(kinds) == 1:
        return index.get(kinds[0], [])
    found = {id(r): r for k in kinds for r in index.get(k, ())}
    return sorted(found.values(), key=lambda r: r.provision.start)


class ReadingRule(Rule):
    def __init__(
        self,
        meta: RuleMeta,
        acts: list[str],
        bearer: tuple[str, ...] | None = None,
        mode: tuple[str, ...] | None = None,
        stance: str = "sets",
        basis_excuses: bool = True,
        unless: list[regex.Pattern] | None = None,
        requires: list[regex.Pattern] | None = None,
        article_basis_only: bool = False,
        document_unless: list[regex.Pattern] | None = None,
        policy_basis: bool = False,
        residual: bool = False,
    ):
        super().__init__(meta)
        self.acts = tuple(acts)
        self.bearer = bearer
        self.mode = mode
        self.stance = stance
        self.basis_excuses = basis_excuses
        self.unless = unless or []
        self.requires = requires or []
        self.article_basis_only = article_basis_only
        # about the document as a whole (e.g. its issuer's level): any match silences the rule
        self.document_unless = document_unless or []
        # does a state-policy reference (按照国家有关规定) count as a basis? (taxes, fees, subsidies)
        self.policy_basis = policy_basis
        # reading rules of the same category listed before this one (set by the loader):
        # where one of them applies to a provision, it speaks for it and this one is silent
        self.earlier: list[ReadingRule] = []
        # a residual rule (增加义务: a duty as such) is silent on an act that a rule of a
        # more specific category already reports (a proof, a licence, a fee …): one note per defect
        self.residual = residual
        self.specific: list[ReadingRule] = []

    def applies(self, act: Act, reading: Reading) -> bool:
        """Is this act, as read, what the rule forbids?"""
        if act.kind not in self.acts:
            return False
        if self.bearer is not None and act.bearer not in self.bearer:
            return False
        if self.mode is not None and act.mode not in self.mode:
            return False
        if self.stance != "any" and act.stance != self.stance:
            return False
        if self.basis_excuses and act.basis:
            usable = [b for b in act.basis if self.policy_basis or not b.policy]
            if usable and (not self.article_basis_only or any(b.article for b in usable)):
                return False
        part = reading.provision.parts[act.part].text if act.part >= 0 else reading.provision.lead_in.text
        if self.requires and not all(rx.search(part) for rx in self.requires):
            return False
        if self.unless and any(rx.search(part) for rx in self.unless):
            return False
        return True

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        # One finding per category per provision: a reviewer reads one note per defect,
        # and the rule listed first in its category (the most specific) speaks for it,
        # whether or not that rule is selected in this run.
        if self.document_unless and any(rx.search(doc.text) for rx in self.document_unless):
            return
        scope = self.meta.scope
        # a rule's own examples are judged on the rule alone (Context.options["alone"])
        siblings = [] if ctx.options.get("alone") else self.earlier
        earlier = [e for e in siblings if not (e.document_unless and any(rx.search(doc.text) for rx in e.document_unless))]
        for r in readings_with(doc, self.acts):
            if not any(self.applies(a, r) for a in r.acts):
                continue
            if any(e.applies(a, r) and doc.zone_at(a.start) in e.meta.scope for e in earlier for a in r.acts):
                continue
            others = [] if ctx.options.get("alone") else self.specific
            for act in r.acts:
                if self.applies(act, r) and doc.zone_at(act.start) in scope:
                    if others and any(
                        o.applies(b, r) and b.start < act.end and act.start < b.end for o in others for b in r.acts
                    ):
                        continue
                    yield self.finding(doc, act.start, act.end)
                    break
