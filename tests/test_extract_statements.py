"""Statement extraction on sentences written for these tests: each phenomenon of the spec once."""

from __future__ import annotations

import pytest

from quotewire.extract.statements import analyze, analyze_many, extract_statements
from quotewire.models import Article, Quote


def find(quotes: list[Quote], content: str) -> Quote:
    matches = [q for q in quotes if q.content.text.strip(" ,.") == content.strip(" ,.")]
    assert matches, f"no statement {content!r} in {[q.content.text for q in quotes]}"
    return matches[0]


def test_direct_quote_with_cue_after_and_inverted_speaker() -> None:
    text = ("“The harbour will reopen on Monday,” said Port Authority chairwoman Ana Ruiz.\n\n"
            "“We have no choice,” Ruiz told reporters on Tuesday.")
    quotes = extract_statements(text)
    first = find(quotes, "The harbour will reopen on Monday,")
    assert first.type == "direct" and first.cue_lemma == "say"
    assert first.speaker_mention.text.endswith("Ana Ruiz") and first.speaker.name == "Ana Ruiz"
    second = find(quotes, "We have no choice,")
    assert second.speaker.name == "Ana Ruiz"
    assert second.addressee is not None and second.addressee.text == "reporters"


def test_quote_interrupted_by_cue_gives_two_direct_quotes_with_one_speaker() -> None:
    text = "“We will not sign,” the union leader Tom Hale said, “until the pension question is settled.”"
    quotes = extract_statements(text)
    a = find(quotes, "We will not sign,")
    b = find(quotes, "until the pension question is settled.")
    assert a.type == b.type == "direct"
    assert a.speaker.name == b.speaker.name == "Tom Hale"


def test_quote_introduced_by_colon_and_multi_paragraph_quote() -> None:
    text = ("Mayor Linda Okafor said: “We have listened to every tenant.\n\n"
            "“We will publish the full review next month.”")
    quotes = extract_statements(text)
    assert [q.type for q in quotes] == ["direct", "direct"]
    assert {q.speaker.name for q in quotes} == {"Linda Okafor"}


def test_quote_without_cue_takes_the_previous_speaker() -> None:
    text = ("“Prices rose faster than we expected,” central bank governor Paul Meyer said on Thursday. "
            "“We are ready to act again if needed.”")
    quotes = extract_statements(text)
    follow = find(quotes, "We are ready to act again if needed.")
    assert follow.type == "direct" and follow.cue is None and follow.speaker.name == "Paul Meyer"


def test_mixed_statement_content_is_the_whole_reported_clause() -> None:
    text = "The minister added that it was “a matter of principle” that the station stays open."
    q = find(extract_statements(text), "it was “a matter of principle” that the station stays open")
    assert q.type == "mixed" and q.cue_lemma == "add" and q.speaker_mention.text == "The minister"


def test_indirect_statements_with_cues_from_the_lexicon() -> None:
    text = ("Engineer Sara Lind warned that the bridge needs urgent repairs. "
            "The council insisted the budget was sufficient. "
            "According to the inspectors, the cables had corroded.")
    quotes = extract_statements(text)
    lind = find(quotes, "the bridge needs urgent repairs")
    assert lind.type == "indirect" and lind.cue_lemma == "warn" and lind.speaker.name == "Sara Lind"
    council = find(quotes, "the budget was sufficient")
    assert council.speaker_mention.text == "The council"
    inspectors = find(quotes, "the cables had corroded")
    assert inspectors.cue_lemma == "according to" and inspectors.speaker_mention.text == "the inspectors"


def test_words_a_source_relays_are_their_speakers_and_what_it_states_is_its_own() -> None:
    text = ("“All sides must show restraint,” Ruiz said, according to the Harbour Gazette.\n\n"
            "Okafor said the plant was “a powerful deterrent”, according to state radio.\n\n"
            "Ruiz told the board the vote should wait, according to two people at the meeting.")
    quotes = extract_statements(text)
    assert find(quotes, "All sides must show restraint,").speaker_mention.text == "Ruiz"
    assert find(quotes, "the plant was “a powerful deterrent").speaker_mention.text == "Okafor"
    assert not any(q.cue_lemma == "according to" for q in quotes[:2])
    told = [q for q in quotes if q.cue_lemma == "according to"]  # no quoted words: the people state it
    assert len(told) == 1 and told[0].speaker_mention.text == "two people at the meeting"


def test_a_retort_is_a_cue_and_shooting_or_firing_is_not() -> None:
    text = ("After Mayor Dana Ruiz criticized the budget, Councillor Ada Okafor shot back, “We balanced it twice.”\n\n"
            "“That is not true,” Ruiz fired back. Police shot a man on Tuesday. The gunman fired at officers.")
    quotes = extract_statements(text)
    assert find(quotes, "We balanced it twice.").speaker.name == "Ada Okafor"
    assert find(quotes, "That is not true,").speaker.name == "Dana Ruiz"
    assert sorted(q.cue_lemma for q in quotes if q.cue_lemma in ("shoot", "fire")) == ["fire", "shoot"]


def test_several_quotes_in_one_sentence() -> None:
    text = "Ruiz called the plan “reckless” and “a gift to developers,” adding that “nobody asked the residents.”"
    quotes = extract_statements(text)
    assert quotes, "the quoted fragments belong to reported statements"
    assert all(q.speaker_mention is not None and "Ruiz" in q.speaker_mention.text for q in quotes)


def test_titles_and_scare_quotes_are_not_statements() -> None:
    text = ("Okafor spoke on “Morning Edition with Dan Webb” on Sunday about the “green” budget. "
            "Her critics, led by Jim “The Hammer” Doyle, stayed silent.")
    assert extract_statements(text) == []


def test_boilerplate_is_masked_and_offsets_are_kept() -> None:
    text = ("“Ferries will run again,” the operator said.\n\n"
            "The post Ferry strike ends, operator says “Ferries will run again” appeared first on World Online.")
    quotes = extract_statements(text)
    assert [q.content.text for q in quotes] == ["Ferries will run again,"]
    assert text[quotes[0].content.start:quotes[0].content.end] == "Ferries will run again,"


@pytest.mark.parametrize("text", ["", "   \n\n ", "“" * 500, "\x00\x01\ufffd" * 300, "said “ said ” said " * 200])
def test_never_raises_on_odd_input(text: str) -> None:
    quotes = extract_statements(text)
    assert all(0 <= q.content.start <= q.content.end <= len(text) for q in quotes)


def test_analyze_skips_non_english_and_keeps_order() -> None:
    english = Article(id="a", text="“We won,” the coach said.")
    german = Article(id="b", text="„Wir haben gewonnen“, sagte der Trainer.", language="de")
    results = list(analyze_many([english, german, english], batch_size=2))
    assert [r.article.id for r in results] == ["a", "b", "a"]
    assert [len(r.quotes) for r in results] == [1, 0, 1]
    assert analyze(english).quotes[0].speaker_mention.text == "the coach"


def test_dateline_is_not_taken_for_the_speaker() -> None:
    text = "LISBON — Transport minister Rui Costa said the new bridge would open in May."
    (q,) = extract_statements(text)
    assert q.speaker.name == "Rui Costa" and q.content.text == "the new bridge would open in May"


def test_transcript_turns_and_colon_lead_ins_name_the_speaker() -> None:
    text = ("HOST: Will the strike end this week?\n\n"
            "The union’s negotiator, Mara Voss, explained on Monday:\n\n"
            "“Nobody walks back to work without a signed agreement.”")
    quotes = extract_statements(text)
    turn = find(quotes, "Will the strike end this week?")
    assert turn.speaker_mention.text == "HOST"
    follow = find(quotes, "Nobody walks back to work without a signed agreement.")
    assert follow.speaker is not None and follow.speaker.name == "Mara Voss"


def test_headline_lead_in_with_colon_names_the_speaker() -> None:
    text = "Mayor Okafor: ‘We will not close the library’\n\nThe council meets on Friday."
    (q,) = extract_statements(text)
    assert q.type == "direct" and q.content.text == "We will not close the library"
    assert "Okafor" in q.speaker_mention.text


def test_cue_nouns_with_a_that_clause_and_an_owner() -> None:
    text = ("The senator repeated her warning that the dam could fail within a decade. "
            "The claim that he made was false.")
    quotes = extract_statements(text)
    assert [q.content.text for q in quotes] == ["the dam could fail within a decade"]
    assert quotes[0].speaker_mention.text == "her" and quotes[0].cue_lemma == "warning"


def test_cue_inside_its_clause_gives_both_pieces() -> None:
    text = "Even if the council's plan proves popular, Ms. Berg said, she has already filed an appeal."
    contents = {q.content.text for q in extract_statements(text)}
    assert contents == {"she has already filed an appeal", "Even if the council's plan proves popular"}


def test_a_long_paragraph_is_never_cut_inside_a_quote() -> None:
    from quotewire.extract.parse import MAX_PARA_CHARS, pieces

    filler = "The council met again to discuss the budget. " * 443
    text = filler + "“We will rebuild the harbour, every pier of it, and the market beside it,” Ruiz said. " + filler
    opening, closing = text.index("“We"), text.index("” Ruiz")
    assert opening < MAX_PARA_CHARS < closing  # a cut at the usual length would fall inside the quote
    cuts = [start for start, _ in pieces(text, 0, len(text))][1:]
    assert cuts and all(not opening <= cut <= closing for cut in cuts)
    [quote] = [q for q in extract_statements(text) if "harbour" in q.content.text]
    assert quote.speaker_name == "Ruiz"


def test_an_aside_between_commas_does_not_take_the_speaker_from_its_subject() -> None:
    # the parser makes "asked about ..." the governor's clause and leaves "said" with no subject
    text = "France's central bank governor, asked about the decision in Paris, said: «We follow our neighbours.»"
    (quote,) = extract_statements(text)
    assert quote.content.text == "We follow our neighbours."
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "France's central bank governor"
    # a clause before a cue with no commas around it stays what was said, not a speaker
    (said,) = extract_statements("The bridge will reopen in May, said the harbour master.")
    assert said.speaker_mention.text == "the harbour master"


def test_an_as_clause_whose_cue_reports_a_clause_of_its_own_reports_nothing_else() -> None:
    quotes = extract_statements(
        "Mayor Tom Hale spoke on Monday. As the council hints at what its plans might include, Governor Ana Ruiz "
        "is not having any of it.\n\nAs Hale noted in his speech, the economy is growing.")
    assert [(q.content.text, q.speaker.name) for q in quotes] == [("the economy is growing", "Tom Hale")]


def test_a_cue_noun_given_its_clause_by_a_copula_is_a_statement_of_its_owner() -> None:
    quotes = extract_statements("Senator Ana Ruiz spoke on Monday. Her argument was that taxes were too high.")
    assert [(q.content.text, q.speaker_mention.text, q.speaker.name) for q in quotes] == [
        ("taxes were too high", "Her", "Ana Ruiz")]
