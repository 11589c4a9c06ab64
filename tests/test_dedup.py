"""Story clusters on texts written for these tests (fictional town, people and sites)."""

from __future__ import annotations

import pytest

from quotewire.dedup import Deduplicator, content_hash, fingerprint, signature_bytes, signature_from_bytes
from quotewire.models import Article

HEADLINE = "Millbrook approves tram line after six-year fight"
PARAGRAPHS = [
    "Millbrook's council voted on Tuesday night to build a tram line between the railway station "
    "and the hospital, ending a dispute that has divided the town since the first plans were drawn up.",
    "\u201cThis is the day the town stopped arguing and started building,\u201d said Councillor Edith "
    "Varnam, who chairs the transport committee. She said work would begin in the spring.",
    "The line will run for 4.2 kilometres along Canal Street and Upper Moor Road, with eleven stops. "
    "The council expects the first trams to carry passengers within three years.",
    "Shop owners on Canal Street have warned that two years of roadworks could drive away customers. "
    "Their association said it would ask for compensation for lost trade.",
    "Varnam told reporters that the council had set aside money for businesses along the route and "
    "that traffic would be kept moving during construction.",
    "The opposition group, which voted against the plan, argued that buses would have been cheaper. "
    "Its leader, Tobias Rennick, called the decision \u201ca very expensive monument.\u201d",
    "The project is funded by a regional transport grant and a loan that the council will repay from "
    "fares and a levy on new developments near the stops.",
]
BODY = "\n\n".join(PARAGRAPHS)


def _variants() -> list[str]:
    """Ten copies of the story the way reposting sites change it."""
    straight = BODY.replace("\u201c", '"').replace("\u201d", '"')
    return [
        f"Home | Local | Transport | Sport\n\n{HEADLINE}\n\n{BODY}\n\n\u00a9 2026 Moorland Gazette",
        f"{BODY}\n\nThe post {HEADLINE} appeared first on Valley Wire.\nSource link",
        f"Trams are coming: council says yes to Canal Street route\n\n{BODY}",
        "\n\n".join(PARAGRAPHS[:-1]),
        BODY.replace("\n\n", "\n").replace(". ", ".   "),
        straight,
        f"By Staff Reporter\nShare: Facebook | X | Email\n\n{BODY}\n\nScroll to top",
        BODY.replace("Tuesday night", "Tuesday evening").replace("eleven stops", "11 stops"),
        "\n".join(p.replace("\u201c", '"').replace("\u201d", '"') for p in PARAGRAPHS[:-1])
        + "\n\nSign up for our morning newsletter.",
        "\n\n".join(PARAGRAPHS[:3] + ["Related: Bus fares to rise in April"] + PARAGRAPHS[3:])
        + "\n\nComments are closed.",
    ]


# Ten different stories on the same topic (trams and transport in the same town), with the same
# people and the same stock phrasing a local paper uses: they must stay apart.
SAME_TOPIC = [
    "Millbrook's first tram will be tested on Canal Street next month, the council said. Engineers "
    "will run the empty vehicle at night for two weeks to check the overhead wires and the signals.",
    "Councillor Edith Varnam said on Monday that tram fares would match bus fares for the first year. "
    "\u201cNobody should pay more to ride something new,\u201d she said at a meeting in the town hall.",
    "Traders on Upper Moor Road have started a petition against the closure of the road for tram works. "
    "More than 900 people have signed it, the organisers said, and they will hand it to the council.",
    "The tram depot will be built on the site of the old gasworks, the council has confirmed. The land "
    "has to be cleaned first, which the council expects to take most of next year.",
    "Tobias Rennick, who leads the opposition group, has asked the auditor to review the cost of the "
    "tram line. He said the budget had grown by a fifth since the plan was approved.",
    "A Millbrook company has won the contract to lay the tram tracks. It will hire 150 workers, "
    "mostly from the town, and expects to start at the railway station end of the route.",
    "Hospital staff will get free tram passes for the first six months, under a deal agreed between "
    "the health trust and the council. The trust said parking at the hospital was full most days.",
    "Night buses will replace the tram on Sundays while the line is maintained, transport officers "
    "said. The timetable will be published on the council's website in the autumn.",
    "Children from Canal Street primary school have named the eleven tram stops in a competition run "
    "by the council. The winning names include the Lock, the Old Mill and Heron Bridge.",
    "The regional transport board has delayed the second tram line to the university by two years. "
    "Its chair said the money would go to the Millbrook line first because it was further along.",
]


def _article(i: int, text: str, prefix: str = "a") -> Article:
    return Article(id=f"{prefix}{i}", text=text, source=f"site{i}.example")


def test_ten_reposted_variants_merge_into_one_cluster() -> None:
    dedup = Deduplicator()
    original = dedup.assign(_article(0, BODY))
    copies = [dedup.assign(_article(i + 1, text)) for i, text in enumerate(_variants())]
    assert {c.cluster_id for c in copies} == {original.cluster_id}
    assert dedup.stats.clusters == 1
    assert dedup.stats.near + dedup.stats.exact == 10


def test_ten_different_stories_on_one_topic_stay_apart() -> None:
    dedup = Deduplicator()
    clusters = {dedup.assign(_article(i, text)).cluster_id for i, text in enumerate(SAME_TOPIC)}
    assert len(clusters) == 10
    assert dedup.stats.near == dedup.stats.exact == 0


def test_the_story_does_not_merge_with_same_topic_stories() -> None:
    dedup = Deduplicator()
    for i, text in enumerate(SAME_TOPIC):
        dedup.assign(_article(i, text))
    assert dedup.place(_article(99, BODY)).kind == "new"


def test_whitespace_and_quote_style_copy_is_an_exact_duplicate() -> None:
    dedup = Deduplicator()
    first = dedup.assign(_article(0, BODY))
    placed = dedup.place(_article(1, "  " + BODY.replace("\u201c", '"').replace("\u201d", '"').replace(" ", "  ")))
    assert placed.kind == "exact"
    assert placed.article.cluster_id == first.cluster_id
    assert placed.article.content_hash == first.content_hash == content_hash(BODY)


def test_same_article_again_is_known_not_a_duplicate() -> None:
    dedup = Deduplicator()
    dedup.assign(_article(0, BODY))
    dedup.assign(_article(1, BODY))
    assert dedup.place(_article(0, BODY)).kind == "known"
    assert dedup.place(_article(1, BODY)).kind == "known"
    assert (dedup.stats.known, dedup.stats.exact, dedup.stats.clusters) == (2, 1, 1)


def test_assign_sets_cluster_hash_and_signature_without_touching_the_text() -> None:
    placed = Deduplicator().assign(_article(0, BODY))
    assert placed.text == BODY and placed.id == "a0"
    assert placed.cluster_id == "a0"
    assert isinstance(placed.minhash, bytes) and placed.minhash


GERMAN = "Zoë Ünal sagte: \u201eDie Brücke über den Fluß bleibt gesperrt\u201c, am Montag."


def test_shingle_hashes_count_the_shingles_of_ascii_and_other_text() -> None:
    from quotewire.dedup.fingerprints import _shingle_hashes, _word_bytes, shingles
    from quotewire.models import normalize_text

    repeated = "the vote was close. " * 3 + "Edith Varnam won it."
    for text in (BODY, GERMAN, "a_b c-d", repeated, "one two three four five"):
        hashes, offsets = _shingle_hashes([_word_bytes(normalize_text(text))])
        grams = shingles(text)
        assert offsets.tolist() == [0, len(grams)]
        assert len(set(hashes.tolist())) == len(set(grams))  # equal shingles, equal hashes


def test_a_text_fingerprints_the_same_alone_and_in_a_batch() -> None:
    from quotewire.dedup.fingerprints import _digests, _word_bytes
    from quotewire.models import normalize_text

    texts = [_word_bytes(normalize_text(t)) for t in (BODY, "x", "\u2014 !!", GERMAN, _variants()[3])]
    together, worded = _digests(texts)
    assert worded.tolist() == [True, True, False, True, True]
    for i, text in enumerate(texts):
        alone, _ = _digests([text])
        assert (alone[0] == together[i]).all()
    assert not (together[0] == together[4]).all() and (together[0] == together[4]).mean() > 0.6


def test_text_without_words_gets_no_signature_but_a_cluster() -> None:
    placed = Deduplicator().place(_article(0, "\u2014 \u2026 !!"))
    assert placed.kind == "new" and placed.article.minhash is None and placed.article.cluster_id


@pytest.mark.parametrize("text", [BODY, "one two three", "x"])
def test_signature_bytes_round_trip(text: str) -> None:
    digest = fingerprint(text)
    assert digest is not None
    back = signature_from_bytes(signature_bytes(digest))
    assert back is not None and (back == digest).all()


def test_signatures_stored_before_migration_0006_are_not_read_as_digests() -> None:
    from rensa import RMinHash

    old = RMinHash(128, 1)
    old.update(["what an article stored before"])
    assert signature_from_bytes(old.__getstate__()) is None
