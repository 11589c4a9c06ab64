"""Quote lineage and the verifier, on our own sentences: alignment, lineages kept by the writer in
either arrival order, verdicts against the original, speaker flags."""

from __future__ import annotations

import pytest

from quotewire.lineage import align, fingerprints, judge, link, words
from tests.conftest import analyzed

SAID = "The harbour will reopen to fishing boats on Monday after the storm damage is repaired"
EXCERPT = "reopen to fishing boats on Monday"
SUBSTITUTED = "The harbour will reopen to cargo boats on Monday after the storm damage is repaired"
OMITTED = "The harbour will reopen to fishing boats after the storm damage is repaired"
OTHER = "Ticket prices for the summer ferry will rise by a tenth from the first of June"


def test_words_ignore_case_and_punctuation_but_keep_contractions() -> None:
    assert words("We DON'T know, “yet”.") == ["we", "don't", "know", "yet"]


def test_an_excerpt_is_contiguous_and_verbatim() -> None:
    found = align(words(EXCERPT), words(SAID))
    assert found.contiguous and found.score == 1.0 and judge(found) == "verbatim"


@pytest.mark.parametrize(("claimed", "op", "attested", "changed"), [
    (SUBSTITUTED, "substituted", "fishing", "cargo"),
    (OMITTED, "omitted", "on monday", ""),
    ("The harbour will surely reopen to fishing boats on Monday after the storm damage is repaired",
     "inserted", "", "surely"),
])
def test_each_change_is_named_with_the_attested_and_claimed_words(claimed: str, op: str, attested: str,
                                                                   changed: str) -> None:
    found = align(words(claimed), words(SAID))
    assert [c.to_dict() for c in found.changes] == [{"op": op, "attested": attested, "claimed": changed}]
    assert judge(found) == "altered"


def test_unrelated_words_are_not_found_and_do_not_link() -> None:
    assert judge(align(words(OTHER), words(SAID))) == "not_found"
    assert link(words(OTHER), words(SAID)) is None


def test_linking_is_symmetric_and_finds_excerpts() -> None:
    assert link(words(EXCERPT), words(SAID)) == link(words(SAID), words(EXCERPT)) is not None


def test_a_shared_run_of_six_words_shares_a_fingerprint_whatever_surrounds_it() -> None:
    a = words("Yesterday in the hall " + EXCERPT + " said nobody at all")
    b = words("Some other words entirely then " + EXCERPT + " and more words after it")
    assert set(fingerprints(a)) & set(fingerprints(b))
    assert fingerprints(words("too short here")) == []


def _articles() -> list:  # type: ignore[type-arg]
    return [
        analyzed(f'Mayor Lena Ortiz said: "{SAID}."', [(SAID, "Lena Ortiz")], id="a-original",
                 source="harbour-news.example", published="2024-03-01"),
        analyzed(f'Lena Ortiz told the radio "{SUBSTITUTED}".', [(SUBSTITUTED, "Lena Ortiz")], id="b-altered",
                 source="coast-radio.example", published="2024-03-03"),
        analyzed(f'As Ortiz put it, the harbour would "{EXCERPT}".', [(EXCERPT, "Lena Ortiz")], id="c-excerpt",
                 source="daily-gull.example", published="2024-03-02"),
        analyzed(f'Pier manager Sam Ruiz said "{SAID}".', [(SAID, "Sam Ruiz")], id="d-credited",
                 source="pier-post.example", published="2024-03-04"),
        analyzed(f'Councillor Ada Berg said "{OTHER}".', [(OTHER, "Ada Berg")], id="e-other",
                 source="harbour-news.example", published="2024-03-01"),
    ]


def _lineages(store) -> dict[str, tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from quotewire.store.schema import quotation_lineages as lin, quotations as q

    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(q.c.text, lin.c.lineage_id, lin.c.original_id, lin.c.relation, lin.c.changes,
                                      lin.c.original_speaker_id).join(lin, lin.c.quotation_id == q.c.id))
        return {r.text: (r.lineage_id, r.relation, str(r.changes), r.original_speaker_id) for r in rows}


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [3, 2, 1, 4, 0]], ids=["in-order", "reversed"])
def test_lineages_do_not_depend_on_arrival_order(store, order: list[int]) -> None:  # type: ignore[no-untyped-def]
    items = _articles()
    for i in order:
        store.save_batch([items[i]])
    got = _lineages(store)
    original = got[SAID]
    assert original[1] == "original"
    assert got[SUBSTITUTED][0] == got[EXCERPT][0] == original[0]
    assert got[EXCERPT][1] == "excerpt" and got[SUBSTITUTED][1] == "altered"
    assert "cargo" in got[SUBSTITUTED][2]
    assert got[OTHER][0] != original[0]
    reference = _lineages_of_one_batch(items)
    assert got == reference


def _lineages_of_one_batch(items: list) -> dict:  # type: ignore[type-arg]
    from quotewire.store import open_store

    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        other = open_store(f"{tmp}/one.db")
        other.save_batch(items)
        found = _lineages(other)
        other.close()
    return found


def test_verify_judges_claims_against_the_original(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch(_articles())
    verbatim = store.verify(EXCERPT, speaker="Lena Ortiz")
    assert verbatim["verdict"] == "verbatim"
    top = verbatim["matches"][0]
    assert top["quotation"] == SAID and top["speaker_match"] is True
    assert top["first_seen"]["source"] == "harbour-news.example" and top["first_seen"]["published"] == "2024-03-01"
    assert {v["quotation"] for v in top["variants"]} == {SUBSTITUTED, EXCERPT}

    altered = store.verify(SUBSTITUTED, speaker="Ortiz")
    assert altered["verdict"] == "altered"
    assert altered["matches"][0]["changes"] == [{"op": "substituted", "attested": "fishing", "claimed": "cargo"}]

    assert store.verify(SAID, speaker="Sam Ruiz")["matches"][0]["speaker_match"] is False
    assert store.verify(SAID)["matches"][0]["speaker_match"] is None
    nothing = store.verify("Nothing of the kind was ever said by anybody in this town")
    assert nothing == {"query": "Nothing of the kind was ever said by anybody in this town", "speaker": None,
                       "verdict": "not_found", "matches": []}


def test_misattributed_and_altered_printings_are_listed(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch(_articles())
    wrong = store.changed_wordings(misattributed=True)
    assert [(w["article_id"], w["speaker"], w["original_speaker"]) for w in wrong] == [
        ("d-credited", "Sam Ruiz", "Lena Ortiz")]
    assert [w["article_id"] for w in store.changed_wordings(altered=True)] == ["b-altered"]


def test_a_removed_original_leaves_its_lineage_around_the_next_wording(store) -> None:  # type: ignore[no-untyped-def]
    items = _articles()
    store.save_batch(items)
    store.save_batch([analyzed(items[0].article.text, [], id="a-original", source="harbour-news.example",
                               published="2024-03-01")])
    store.save_batch([analyzed(items[3].article.text, [], id="d-credited", source="pier-post.example",
                               published="2024-03-04")])
    got = _lineages(store)
    assert SAID not in got
    assert got[EXCERPT][1] == "original" and got[SUBSTITUTED][0] == got[EXCERPT][0]
    lineage = store.lineage(next(w["quotation_id"] for w in store.verify(EXCERPT)["matches"]))
    assert [w["quotation"] for w in lineage["wordings"]] == [EXCERPT, SUBSTITUTED]


def test_a_database_from_before_lineages_gets_them_when_migrated(store) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from quotewire.store.engine import _alembic_config, migrate

    store.save_batch(_articles())
    expected = _lineages(store)
    config = _alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0009")
    migrate(store.engine)
    assert _lineages(store) == expected


def test_every_export_row_places_its_wording_in_its_lineage(store) -> None:  # type: ignore[no-untyped-def]
    import io
    import json

    from quotewire.export import write_lines

    store.save_batch(_articles())
    out = io.StringIO()
    write_lines(store.iter_quotations(), out)
    rows = {r["quotation"]: r for r in map(json.loads, out.getvalue().splitlines())}
    original = rows[SAID]
    assert original["relation"] == "original" and original["original_id"] == original["id"]
    assert rows[SUBSTITUTED]["lineage_id"] == original["lineage_id"]
    assert rows[SUBSTITUTED]["original_id"] == original["id"]
    assert rows[SUBSTITUTED]["changes"] == [{"op": "substituted", "attested": "fishing", "claimed": "cargo"}]
    assert rows[OTHER]["lineage_id"] != original["lineage_id"] and rows[OTHER]["changes"] == []


def test_verify_through_the_api_the_page_and_the_command(store, db_url) -> None:  # type: ignore[no-untyped-def]
    import json

    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from quotewire.server.app import create_app
    from quotewire.cli import app

    store.save_batch(_articles())
    client = TestClient(create_app(store))
    answer = client.get("/api/verify", params={"q": SUBSTITUTED, "speaker": "Sam Ruiz"}).json()
    assert (answer["verdict"], answer["matches"][0]["quotation"], answer["matches"][0]["speaker_match"]) == (
        "altered", SAID, False)
    assert client.get("/api/verify", params={"q": ""}).status_code == 422
    assert client.get("/api/verify", params={"q": "!!!"}).json() == {"error": "q: no words to check"}
    page = client.get("/check", params={"q": SUBSTITUTED}).text
    assert '<ins class="changed">cargo</ins>' in page and 'title="in the original">fishing</del>' in page
    assert client.get("/check").status_code == 200
    qid = answer["matches"][0]["quotation_id"]
    timeline = client.get(f"/lineage/{qid}").text
    assert timeline.index("harbour-news.example") < timeline.index("daily-gull.example") < timeline.index(
        "coast-radio.example")
    assert "credited to someone else" in timeline
    permalink = client.get(f"/quotes/{qid}").text
    assert "The quote through the news" in permalink and '<ins class="changed">cargo</ins>' in permalink
    lineage = client.get(f"/api/lineages/{qid}").json()
    assert [w["relation"] for w in lineage["wordings"]] == ["original", "excerpt", "altered"]
    assert client.get("/api/lineages/nope").status_code == 404

    result = CliRunner().invoke(app, ["verify", EXCERPT, "--speaker", "Lena Ortiz", "--db", db_url,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["verdict"] == "verbatim"
    listed = CliRunner().invoke(app, ["quotes", "--misattributed", "--db", db_url, "--format", "json"])
    assert [json.loads(line)["speaker"] for line in listed.output.splitlines()] == ["Sam Ruiz"]
    refused = CliRunner().invoke(app, ["quotes", "--altered", "--speaker", "Ortiz", "--db", db_url])
    assert refused.exit_code == 2


def test_indirect_statements_are_the_reporters_words_and_stay_lineages_of_their_own(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch(_articles()[:1] + [
        analyzed("Ortiz said the harbour will reopen to fishing boats on Monday after repairs.",
                 [("the harbour will reopen to fishing boats on Monday after repairs", "Lena Ortiz")],
                 id="f-indirect", qtype="indirect", source="coast-radio.example", published="2024-03-05")])
    got = _lineages(store)
    indirect = got["the harbour will reopen to fishing boats on Monday after repairs"]
    assert indirect[1] == "original" and indirect[0] != got[SAID][0]
