"""The extractor's rules composed: paragraph rules per paragraph, then document passes.

``RuleSet`` names the rules that run, in their declared orders (``rules.PARAGRAPH_ORDER``,
``passes.DOCUMENT_ORDER``, ``content.CONTENT_ORDER``) and the lexicon they read; a rule set
without one rule (``RuleSet.without``) is how ``bench/accuracy.py --by-rule`` measures what each
rule earns, re-running the rules over paragraphs parsed once.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from quotewire.extract import accurate
from quotewire.extract.candidate import Candidate
from quotewire.extract.content import CONTENT_ORDER
from quotewire.extract.lexicon import Lexicon, default_lexicon
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import Para
from quotewire.extract.passes import DOCUMENT_ORDER
from quotewire.extract.quotemarks import Quoted
from quotewire.extract.registry import CONTENT_RULES, DOCUMENT_PASSES, PARAGRAPH_RULES, Rule
from quotewire.extract.rules import PARAGRAPH_ORDER
from quotewire.vocabulary import DEFAULT_EXTRACTOR, known_extractor


@dataclass(frozen=True)
class RuleSet:
    """Which rules run, in which order, over which lexicon."""

    paragraph: tuple[str, ...] = PARAGRAPH_ORDER
    document: tuple[str, ...] = DOCUMENT_ORDER
    content: tuple[str, ...] = CONTENT_ORDER
    lexicon: Lexicon = field(default_factory=default_lexicon)

    @cached_property
    def paragraph_rules(self) -> tuple[Rule, ...]:
        return PARAGRAPH_RULES.pick(self.paragraph)

    @cached_property
    def document_passes(self) -> tuple[Rule, ...]:
        return DOCUMENT_PASSES.pick(self.document)

    @cached_property
    def content_rules(self) -> tuple[Rule, ...]:
        return CONTENT_RULES.pick(self.content)

    def without(self, name: str) -> RuleSet:
        """This rule set less the rule (of any kind) called ``name``."""
        return replace(self, paragraph=tuple(n for n in self.paragraph if n != name),
                       document=tuple(n for n in self.document if n != name),
                       content=tuple(n for n in self.content if n != name))


ACCURATE_RULES = ("accurate_spans", "accurate")
"""The paragraph rules that read the fine-tuned encoder (``extract/accurate.py``), last in the
declared order."""


def rule_names() -> dict[str, tuple[str, ...]]:
    """Every registered rule by kind, in declared order."""
    return {"paragraph": PARAGRAPH_ORDER, "document": DOCUMENT_ORDER, "content": CONTENT_ORDER}


def read_paragraph(view: ParagraphView, rules: tuple[Rule, ...]) -> list[Candidate]:
    """The candidates of one paragraph: each rule in order, each candidate named by its rule; a
    ``final`` rule that finds something is the paragraph's only reading."""
    for rule in rules:
        found = rule.apply(view)
        for cand in found:
            cand.rule = rule.name
        if found and rule.final:
            return found
        view.found.extend(found)
    return view.found


def document_candidates(paras: list[Para], quotes: list[Quoted], rules: RuleSet | None = None) -> list[Candidate]:
    """All statement candidates of one document, in text order, after the document passes."""
    rules = rules or default_rules()
    out: list[Candidate] = []
    marks = [q.open_mark for q in quotes]  # quotes come in text order
    if any(name in rules.paragraph for name in ACCURATE_RULES):
        accurate.tag_all([para.doc for para in paras])  # the document read whole, in windows
    for para in paras:
        inside = quotes[bisect_left(marks, para.start):bisect_left(marks, para.end)]
        view = ParagraphView(para.doc, para.text, para.start, para.index, inside, rules.lexicon, rules.content_rules)
        out.extend(read_paragraph(view, rules.paragraph_rules))
    cands = sorted(out, key=lambda c: c.content[0])
    for step in rules.document_passes:
        cands = step.apply(cands)
    return cands


@cache
def default_rules() -> RuleSet:
    """The default extractor's rule set (``vocabulary.DEFAULT_EXTRACTOR``), built once per process."""
    return extractor_rules(DEFAULT_EXTRACTOR)


@cache
def extractor_rules(name: str) -> RuleSet:
    """The rule set of the extractor ``name`` (``vocabulary.EXTRACTORS``) over the shipped lexicon:
    the declared rules less the encoder's (``rules``), or all of them (``accurate``: the fine-tuned
    encoder decides the rules' extents and adds its own statements, docs/extraction.md)."""
    known_extractor(name)
    every = RuleSet()
    rules = replace(every, paragraph=tuple(n for n in every.paragraph if n not in ACCURATE_RULES))
    return rules if name == "rules" else replace(rules, paragraph=rules.paragraph + ACCURATE_RULES)
