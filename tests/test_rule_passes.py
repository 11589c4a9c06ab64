"""Document passes on candidate lists, and the registry: every rule declared, named and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quotewire.extract.candidate import Candidate
from quotewire.extract.passes.dedup import dedup
from quotewire.extract.passes.inheritance import inheritance
from quotewire.extract.passes.lead_ins import lead_ins
from quotewire.extract.passes.nesting import nesting
from quotewire.extract.passes.speaker_continuation import speaker_continuation
from quotewire.extract.pipeline import RuleSet, rule_names
from quotewire.errors import UnknownRule
from quotewire.extract.registry import CONTENT_RULES, DOCUMENT_PASSES, PARAGRAPH_RULES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "extraction.md"


def cand(start: int, end: int, **kw: object) -> Candidate:
    return Candidate(type=kw.pop("type", "direct"), content=(start, end), **kw)  # type: ignore[arg-type]


def test_speaker_continuation_names_a_quote_by_the_piece_that_closes_it() -> None:
    first = cand(0, 10, inherits=True, continues=True, paragraph=1)
    last = cand(12, 20, speaker=(22, 25), cue=(26, 30), cue_lemma="say", paragraph=2)
    speaker_continuation([first, last])
    assert first.speaker == (22, 25) and first.cue == (26, 30) and not first.inherits


def test_inheritance_takes_the_previous_speaker_within_a_paragraph_and_drops_far_fragments() -> None:
    said = cand(0, 10, speaker=(11, 15), paragraph=0)
    near = cand(20, 30, inherits=True, paragraph=1)
    far_quote = cand(40, 50, inherits=True, paragraph=5)
    far_fragment = cand(60, 70, type="mixed", inherits=True, paragraph=9)
    kept = inheritance([said, near, far_quote, far_fragment])
    assert kept == [said, near, far_quote] and near.speaker == (11, 15) and far_quote.speaker is None


def test_lead_ins_are_dropped_after_handing_their_speaker_on() -> None:
    lead = cand(0, 1, type="lead", speaker=(2, 5))
    quote = cand(10, 20, inherits=True)
    assert lead_ins(inheritance([lead, quote])) == [quote] and quote.speaker == (2, 5)


def test_nesting_drops_a_statement_reported_inside_another() -> None:
    outer = cand(0, 50, type="indirect", cue=(60, 64))
    inner = cand(20, 40, type="indirect", cue=(10, 14))
    fragment = cand(70, 90, type="mixed", paragraph=0)
    cue_inside = cand(75, 80, type="indirect", cue=(72, 74))
    assert nesting([outer, inner, fragment, cue_inside]) == [outer, cue_inside]


def test_dedup_keeps_the_first_of_one_content() -> None:
    a, b = cand(0, 10, rule="cue_clause"), cand(0, 10, rule="framed_quote")
    assert dedup([a, b]) == [a]


def test_every_declared_rule_is_registered_and_every_registered_rule_declared() -> None:
    names = rule_names()
    for registry, kind in ((PARAGRAPH_RULES, "paragraph"), (DOCUMENT_PASSES, "document"), (CONTENT_RULES, "content")):
        assert set(registry.names()) == set(names[kind])


def test_an_unknown_rule_name_fails_loudly() -> None:
    with pytest.raises(UnknownRule):
        _ = RuleSet(paragraph=("cue_clause", "no_such_rule")).paragraph_rules


@pytest.mark.parametrize("name", [n for names in rule_names().values() for n in names])
def test_every_rule_is_documented(name: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert re.search(rf"^- `{name}`", text, re.MULTILINE), f"docs/extraction.md has no paragraph for rule {name!r}"
