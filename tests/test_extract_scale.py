"""Costs of extraction bounded by construction on hostile input shapes (issue 11).

Each test counts the work a fix bounds (characters handed to the tokenizer, tokens walked,
candidates scanned) rather than timing it, so it cannot flake on a loaded machine; the
before/after seconds are in docs/extraction.md's Speed section.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span

import quotewire
from quotewire.extract import parse
from quotewire.extract.content import CONTENT_ORDER  # noqa: F401  (registers the content rules)
from quotewire.extract.lexicon import default_lexicon
from quotewire.extract.parse import MAX_BATCH_CHARS, MAX_PARA_CHARS, MAX_RUN_CHARS, nlp
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.speakers import MAX_ANTECEDENT_CANDIDATES, Entity, Resolver
from quotewire.extract.statements import extract_statements
from quotewire.extract.syntax import positions


def _spans(quote):
    return [s for s in (quote.content, quote.cue, quote.speaker_mention) if s is not None]


def test_a_long_run_without_spaces_reaches_the_tokenizer_in_bounded_segments(monkeypatch):
    seen: list[str] = []
    tokenizer = nlp().tokenizer

    def recording(text):
        seen.append(text)
        return tokenizer(text)

    monkeypatch.setattr(nlp(), "tokenizer", recording)
    text = "The harbour reopened. " + ":" * (10 * MAX_RUN_CHARS + 7) + " Boats came back."
    doc = parse._make_doc(text)
    assert doc.text == text
    assert max(len(run) for segment in seen for run in segment.split()) <= MAX_RUN_CHARS
    assert all(doc.text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_text_without_long_runs_is_left_to_the_pipeline_whole():
    text = "Maria Okafor said the harbour would reopen in May."
    assert parse._make_doc(text) == text


def test_a_quote_after_a_long_run_keeps_exact_offsets():
    text = "=" * (5 * MAX_RUN_CHARS) + " Maria Okafor said: “The harbour will reopen in May.”"
    quotes = quotewire.extract_statements(text)
    assert [q.content.text for q in quotes] == ["The harbour will reopen in May."]
    assert all(s.text == text[s.start:s.end] for q in quotes for s in _spans(q))


def _parse(text):
    return parse.parse_many([(text, [(0, 0, len(text))])])[0][0].doc


def _cue(doc, word):
    return next(t for t in doc if t.text == word)


LONG_LINE = " ".join(["the council met on tuesday to discuss the new harbour budget"] * 40)
"""One line, no sentence punctuation: the parser makes it one sentence and chains the phrases."""


@pytest.mark.parametrize("rule", ["object_phrase", "quoting_object"])
def test_a_phrase_to_the_end_of_a_long_sentence_is_a_view_not_a_token_list(rule):
    doc = _parse(LONG_LINE + " and they praised the “bold plan” of the mayor")
    lex = default_lexicon()
    found = CONTENT_RULES[rule].apply(_cue(doc, "praised"), "stance", lex)
    assert found is not None
    assert isinstance(found[0], Span)


def test_the_object_phrase_still_ends_at_the_first_comma():
    doc = _parse("Maria Okafor praised the harbour plan for its ambition, which surprised the council.")
    tokens, _ = CONTENT_RULES["object_phrase"].apply(_cue(doc, "praised"), "stance", default_lexicon())
    assert tokens.text == "the harbour plan for its ambition"


def test_positions_in_a_range_come_from_one_read_of_the_doc():
    doc = _parse("Okafor said, twice, that the harbour, the quay and the docks would reopen.")
    commas = [t.i for t in doc if t.text == ","]
    assert positions(doc, (",",), 0, len(doc)) == commas
    assert positions(doc, (",",), commas[0] + 1, commas[-1] - 1) == commas[1:-1]
    doc.user_data[("quotewire.positions", frozenset({","}))] = [0]  # the cached read answers
    assert positions(doc, (",",), 0, len(doc)) == [0]


class _CountedMan(Entity):
    """A man whose gender is read through a counter: each read is one candidate tried."""

    tried = 0

    @property
    def gender(self) -> str | None:
        _CountedMan.tried += 1
        return "m"


def test_she_in_an_article_of_men_tries_a_bounded_number_of_them():
    resolver = Resolver([], default_lexicon())
    men = [_CountedMan(f"Alex Name{i}", "person") for i in range(5 * MAX_ANTECEDENT_CANDIDATES)]
    resolver.person_mentions = [(100 * i, man) for i, man in enumerate(men)]
    resolver.recent = [(100 * i + 50, man) for i, man in enumerate(men)]
    _CountedMan.tried = 0
    found = resolver._antecedent(100 * len(men), "she")
    assert found.kind == "unresolved"  # no woman among them: she stays unresolved (issue 20)
    assert _CountedMan.tried <= 2 * MAX_ANTECEDENT_CANDIDATES


def test_she_still_finds_the_woman_named_before_the_men():
    text = ("Maria Okafor said the harbour would reopen.\n\n"
            + "\n\n".join(f"Mr. {name} said the budget was late."
                           for name in ("Okonjo", "Haas", "Brandt", "Moreau", "Kowalski", "Tanaka"))
            + "\n\nShe said the quay was safe.")
    quotes = extract_statements(text)
    assert quotes[-1].speaker_mention.text == "She"
    assert quotes[-1].speaker.name == "Maria Okafor"


def _piece_chars(piece):
    return piece[3] - piece[2]


def test_long_pieces_go_to_the_model_a_few_at_a_time_and_short_ones_batch_size_at_a_time():
    long = [(0, 0, k * MAX_PARA_CHARS, (k + 1) * MAX_PARA_CHARS) for k in range(10)]
    short = [(1, k, 400 * k, 400 * (k + 1)) for k in range(64)]
    assert [len(b) for b in parse._batches(long, _piece_chars, 32)] == [2] * 5
    assert [len(b) for b in parse._batches(short, _piece_chars, 32)] == [32, 32]
    assert all(sum(map(_piece_chars, b)) <= MAX_BATCH_CHARS for b in parse._batches(long + short, _piece_chars, 32))
    assert [p for b in parse._batches(long + short, _piece_chars, 32) for p in b] == long + short


def test_one_title_list_says_which_words_are_role_words_and_which_name_titles():
    from quotewire.extract.lexicon import _titles

    found = _titles(["Mr.", "expert role", "father name", "pope regnal"])
    assert found == {"titles": frozenset({"mr", "expert", "pope"}), "name_titles": frozenset({"mr", "father", "pope"}),
                     "regnal_titles": frozenset({"pope"})}
    with pytest.raises(ValueError, match="titles.txt"):
        _titles(["expert roles"])


def test_the_store_strips_a_name_title_the_extractor_does_not_read_as_a_role():
    from quotewire.store.names import parse_name

    assert parse_name("Father Ana Ruiz", "person").display == "Ana Ruiz"
    assert not default_lexicon().is_title("father")
