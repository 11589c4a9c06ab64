"""Speaker gender: the article's own words first, the given name second, per person across
articles in the store, and a user's correction over all of it (docs/gender.md)."""

from __future__ import annotations

import pytest

from conftest import analyzed
from quotewire.extract.gender import article_cues, combined_call, given_name, name_call, person_call, text_call
from quotewire.models import GenderCall


def test_text_cues_decide_when_they_agree() -> None:
    call = text_call([("female", "Ms.", "word"), ("female", "she", "pronoun")])
    assert (call.gender, call.source, call.confidence, call.evidence) == ("female", "text", 1.0, ["Ms.", "she"])
    split = text_call([("female", "Ms.", "word"), ("male", "Mr.", "word")])  # "Mr. Khan", "Ms. Khan": no call
    assert split.gender == "unknown" and split.evidence == ["Ms. (female)", "Mr. (male)"]
    assert text_call([]) is None


def test_the_writers_words_outrank_a_resolved_pronoun() -> None:
    call = text_call([("male", "he", "pronoun"), ("male", "he", "pronoun"), ("female", "Ms.", "word")])
    assert (call.gender, call.confidence) == ("female", 1.0) and "he (male)" in call.evidence
    assert text_call([("male", "he", "pronoun"), ("female", "she", "pronoun")]).gender == "unknown"


def test_the_whole_article_tells_of_a_surname() -> None:
    gendered = {"ms": "f", "mr": "m", "mrs": "f", "congresswoman": "f"}
    text = "Huma Abedin spoke. Later Ms. Abedin left; Congresswoman Lena Abedin-Park did not."
    cues, given = article_cues(text, "Abedin", gendered)
    assert [c for _, c in cues] == [("female", "Ms.", "word")] and given == "Huma"
    both = "Bill Clinton and Hillary Clinton met. Mrs. Clinton spoke."
    assert article_cues(both, "Clinton", {"mrs": "f"}) == ([], None)  # two given names: the surname is no one's
    assert article_cues(both, "Clinton", {"mrs": "f"}, known_given="Bill") == ([], None)


def test_the_given_name_decides_only_when_nearly_everyone_so_named_is_of_one_sex() -> None:
    assert name_call("Nancy Okafor").gender == "female"
    assert name_call("Donald Reyes").gender == "male"
    assert name_call("Jordan Reyes").gender == "unknown"  # given to many girls and boys
    assert "given name Nancy" in name_call("Nancy Okafor").evidence[0]
    assert name_call("Okafor") is None and name_call("J. Okafor") is None  # no given name
    assert name_call("Zzyzxq Okafor") is None  # a name the data does not know
    assert given_name("Ana María Ruiz") == "Ana"
    assert name_call("José Alvarado").gender == "male" and name_call("Zoë Okafor").gender == "female"  # accents aside


def test_the_text_outranks_the_name() -> None:
    assert person_call("Nancy Okafor", [("male", "he", "pronoun")]).gender == "male"
    assert person_call("Nancy Okafor", [("male", "Mr.", "word"), ("female", "Ms.", "word")]).source == "name"
    assert person_call("Okafor", []) == GenderCall()


def test_articles_vote_once_each_across_a_collection() -> None:
    assert combined_call(["female", "male"], "Nancy Reyes").gender == "unknown"  # the articles disagree
    assert combined_call(["female", "female", "male"], "Jordan Reyes").gender == "female"  # two thirds agree
    assert combined_call([], "Nancy Reyes").source == "name"


@pytest.mark.parametrize("text, name, gender, cue", [
    ('"The vote was fair," said Ms. Ines Okafor.', "Ines Okafor", "female", "Ms."),
    ('Spokesman Tom Reyes said the port would reopen on Monday.', "Tom Reyes", "male", "Spokesman"),
    ('Robin Vance arrived late. "We have the votes," she said.', "Robin Vance", "female", "she"),
    ('Robin Vance arrived late. "We have the votes," he said.', "Robin Vance", "male", "he"),
    ('Ms. Okafor chaired the meeting. Okafor said the port would reopen on Monday.', "Okafor", "female", "Ms."),
])
def test_the_extractor_keeps_the_articles_evidence(text: str, name: str, gender: str, cue: str) -> None:
    from quotewire.extract.statements import extract_statements

    quotes = [q for q in extract_statements(text) if q.speaker and q.speaker.name == name]
    assert quotes, f"no statement by {name}"
    call = quotes[0].speaker.gender
    assert (call.gender, call.source) == (gender, "text") and cue in call.evidence
    assert quotes[0].to_gold()["speaker_gender"] == gender


def test_an_organisation_has_no_gender() -> None:
    from quotewire.extract.statements import extract_statements

    quotes = extract_statements('The Harbour Authority said the port would reopen on Monday.')
    assert quotes and quotes[0].speaker.kind != "person" and quotes[0].to_gold()["speaker_gender"] is None


def _told(item, gender: str, *cues: str):  # type: ignore[no-untyped-def]
    for q in item.quotes:
        q.speaker.gender = GenderCall(gender, "text", 1.0, list(cues))
    return item


def _person(store, name: str) -> dict:  # type: ignore[no-untyped-def]
    return store.speaker(store.find_speaker(name))


def test_a_person_is_combined_over_their_articles_and_a_correction_holds(store) -> None:  # type: ignore[no-untyped-def]
    first = _told(analyzed('Robin Vance said "the ferry is late again" on Monday.',
                           [("the ferry is late again", "Robin Vance")], id="a1", published="2024-01-02"), "female", "she")
    second = _told(analyzed('Robin Vance said "the ferry must run at night" today.',
                            [("the ferry must run at night", "Robin Vance")], id="a2", published="2024-02-02"),
                   "female", "Ms.")
    store.save_batch([first, second])
    robin = _person(store, "Robin Vance")
    assert (robin["gender"], robin["gender_source"], robin["gender_evidence"]) == ("female", "text", ["2 articles say female"])

    store.set_gender(robin["id"], "male")
    store.save_batch([first, second])  # re-ingest: the correction holds
    robin = _person(store, "Robin Vance")
    assert (robin["gender"], robin["gender_source"], robin["gender_confidence"]) == ("male", "user", 1.0)

    store.set_gender(robin["id"], None)  # withdrawn: the evidence decides again
    assert _person(store, "Robin Vance")["gender"] == "female"


def test_without_text_the_stored_full_name_decides(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([analyzed('Nancy Okafor said "the bridge is safe" at noon.',
                               [("the bridge is safe", "Nancy Okafor")], id="b1")])
    nancy = _person(store, "Nancy Okafor")
    assert (nancy["gender"], nancy["gender_source"]) == ("female", "name")


def test_a_correction_follows_a_merge_and_organisations_get_none(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([analyzed('Kim Lee said "we will appeal" today.', [("we will appeal", "Kim Lee")], id="c1"),
                      analyzed('K. Lee said "the appeal is filed" today.', [("the appeal is filed", "K. Lee")], id="c2"),
                      analyzed('Acme Corp said "profits rose" today.', [("profits rose", "Acme Corp")], id="c3",
                               kind="organisation")])
    kim, k = store.find_speaker("Kim Lee"), store.find_speaker("K. Lee")
    store.set_gender(k, "female")
    store.merge_speakers(kim, k)
    assert _person(store, "Kim Lee")["gender"] == "female"
    assert _person(store, "Acme Corp")["gender"] is None
    from quotewire.errors import BadInput

    with pytest.raises(BadInput, match="not a person"):
        store.set_gender(store.find_speaker("Acme Corp"), "female")
    with pytest.raises(BadInput, match="gender"):
        store.set_gender(kim, "woman")


def test_gender_and_kind_filter_speakers_and_quotes(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([
        _told(analyzed('Ines Duarte said "the tram opens in spring" today.', [("the tram opens in spring", "Ines Duarte")],
                       id="d1", source="city.example", published="2024-03-04"), "female", "Mayor"),
        _told(analyzed('Omar Reyes said "tickets cost the same" today.', [("tickets cost the same", "Omar Reyes")],
                       id="d2", source="city.example", published="2024-03-05"), "male", "he"),
        analyzed('The Transit Board said "trams are safe" today.', [("trams are safe", "The Transit Board")],
                 id="d3", source="city.example", published="2024-03-06", kind="organisation"),
    ])
    assert [s["name"] for s in store.speakers(gender="female")["items"]] == ["Ines Duarte"]
    assert [s["name"] for s in store.speakers(kind="organisation")["items"]] == ["The Transit Board"]
    from quotewire.store import QuoteQuery

    assert [q["text"] for q in store.search_quotes(QuoteQuery(gender="male"))["items"]] == ["tickets cost the same"]
    assert store.search_quotes(QuoteQuery(kind="person"))["total"] == 2
    assert store.search_quotes(QuoteQuery(gender="female"))["items"][0]["speaker"]["gender"] == "female"
    from quotewire.errors import BadInput

    with pytest.raises(BadInput, match="gender"):
        QuoteQuery(gender="woman")
    with pytest.raises(BadInput, match="kind"):
        store.speakers(kind="robot")


def test_migrating_a_database_from_before_genders_gives_its_people_their_names_call(db_url: str) -> None:
    import sqlalchemy as sa
    from alembic import command

    from quotewire.store.engine import _alembic_config, create_engine, database_url, migrate

    engine = create_engine(database_url(db_url))
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        for sid, name, kind in (("s1", "Nancy Okafor", "person"), ("s2", "Okafor", "person"), ("s3", "Acme", "organisation")):
            conn.execute(sa.text("INSERT INTO speakers (id, name, kind, name_key) VALUES (:id, :name, :kind, :key)"),
                         {"id": sid, "name": name, "kind": kind, "key": name.lower()})
    migrate(engine)
    with engine.connect() as conn:
        got = {r.id: (r.gender, r.gender_source) for r in conn.execute(sa.text("SELECT id, gender, gender_source FROM speakers"))}
    assert got == {"s1": ("female", "name"), "s2": ("unknown", None), "s3": (None, None)}
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
    with engine.connect() as conn:
        assert "gender" not in {c["name"] for c in sa.inspect(conn).get_columns("speakers")}
        assert "gender_overrides" not in sa.inspect(conn).get_table_names()
    engine.dispose()
