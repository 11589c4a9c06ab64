"""Speakers across articles: one person under several names, namesakes apart, corrections kept."""

from __future__ import annotations

import pytest

from conftest import analyzed
from quotewire.models import AnalyzedArticle, stable_hash
from quotewire.store import QuoteQuery
from quotewire.store.names import is_alias, parse_name


def said(name: str, words: str, *, organisation: str | None = None, role: str | None = None,
         context: str = "", published: str = "2024-01-01", **article: object) -> AnalyzedArticle:
    text = f'{context}{name} said "{words}" on the day.'
    return analyzed(text, [(words, name)], organisation=organisation, role=role, published=published, **article)


def speaker_of(store, words: str) -> dict:  # type: ignore[no-untyped-def]
    return store.search_quotes(QuoteQuery(q=words))["items"][0]["speaker"]


def test_titles_are_stripped_from_names_and_become_the_role() -> None:
    parts = parse_name("NATO Secretary General Mark Rutte", "person")
    assert (parts.display, parts.key, parts.surname, parts.title) == (
        "Mark Rutte", "mark rutte", "rutte", "NATO Secretary General")
    assert parse_name("Rutte", "person").key == "rutte"
    assert parse_name("European Central Bank", "organisation").key == "european central bank"
    assert not is_alias("He") and not is_alias("the chief") and is_alias("Rutte")
    assert not is_alias("The professor") and not is_alias("The Professor") and not is_alias("His spokesman")
    assert is_alias("the NATO chief") and is_alias("Professor Smith")
    epithet = parse_name("NATO chief", "person")
    assert (epithet.display, epithet.key, epithet.surname) == ("NATO chief", "nato chief", None)
    assert parse_name("Mark King", "person").surname == "king"  # a surname that is also a title


def test_one_person_under_full_name_title_and_surname_is_one_speaker(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([
        said("Prime Minister Mark Rutte", "the dykes will hold this winter", organisation="Netherlands",
             role="Prime Minister", published="2023-02-01"),
        said("NATO Secretary General Mark Rutte", "the alliance must spend more on defence",
             organisation="NATO", role="Secretary General", published="2025-03-03"),
        said("Rutte", "allies agreed a new plan today", context="At the NATO summit in Ostend, ",
             published="2025-03-10"),
    ])
    ids = {speaker_of(store, w)["id"] for w in ("dykes", "alliance spend", "allies plan")}
    assert len(ids) == 1
    detail = store.speaker(ids.pop())
    assert detail["name"] == "Mark Rutte" and detail["quotes_count"] == 3
    assert (detail["role"], detail["organisation"]) == ("Secretary General", "NATO")  # the current one
    assert {"Mark Rutte", "Rutte"} <= set(detail["aliases"])
    roles = [(r["role"], r["organisation"], r["first_seen"]) for r in detail["roles"]]
    assert roles == [("Prime Minister", "Netherlands", "2023-02-01"), ("Secretary General", "NATO", "2025-03-03")]
    assert (detail["first_seen"], detail["last_seen"]) == ("2023-02-01", "2025-03-10")
    assert sum(w["count"] for w in detail["timeline"]) == 3


def test_roles_that_differ_in_case_are_one_role_and_the_page_shows_the_most_frequent(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([
        said("Ana Ruiz", "the treaty will hold", role="former Secretary of State", published="2024-01-01"),
        said("Ana Ruiz", "the border is secure", role="former secretary of State", published="2024-02-01"),
        said("Ana Ruiz", "the budget is balanced", role="former secretary of State", published="2024-03-01"),
        said("Ana Ruiz", "the vote is close", role="candidate", published="2024-04-01"),
    ])
    detail = store.speaker(speaker_of(store, "treaty hold")["id"])
    assert detail["role"] == "former secretary of State"  # three of four, not the latest ("candidate")
    assert [(r["role"], r["mentions"], r["first_seen"]) for r in detail["roles"]] == [
        ("former secretary of State", 3, "2024-01-01"), ("candidate", 1, "2024-04-01")]


@pytest.mark.parametrize("surname_first", [True, False])
def test_a_surname_and_the_full_name_are_one_speaker_with_one_id_in_either_order(store, surname_first) -> None:  # type: ignore[no-untyped-def]
    """Parallel writers save in no fixed order: "Okafor" saved before "Maria Okafor" must end as
    the same speaker, under the same id, as the other way round."""
    surname = said("Okafor", "the strike goes on", organisation="Dockers Union", published="2024-05-01")
    full = said("Maria Okafor", "members voted for it", organisation="Dockers Union", published="2024-05-02")
    store.save_batch([surname] if surname_first else [full])
    store.save_batch([full] if surname_first else [surname])
    first, second = speaker_of(store, "strike goes"), speaker_of(store, "members voted")
    assert first["id"] == second["id"] == stable_hash("person", "maria okafor")  # the full name's id
    detail = store.speaker(first["id"])
    assert detail["name"] == "Maria Okafor" and detail["quotes_count"] == 2
    assert {"Maria Okafor", "Okafor"} <= set(detail["aliases"])


def test_namesakes_stay_apart_and_a_surname_goes_to_the_one_the_context_names(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([
        said("John Smith", "our profits rose sharply", organisation="Acme Mills"),
        said("Jane Smith", "the river is clean again", organisation="River Trust"),
    ])
    john, jane = speaker_of(store, "profits"), speaker_of(store, "river clean")
    assert john["id"] != jane["id"]
    store.save_batch([said("Smith", "the mill will hire forty people", context="Acme Mills is expanding. ")])
    assert speaker_of(store, "mill hire")["id"] == john["id"]
    store.save_batch([said("Smith", "nobody told us anything", context="A quiet afternoon. ")])
    assert speaker_of(store, "nobody told")["id"] not in {john["id"], jane["id"]}  # no context: not guessed


def test_a_merge_survives_reingest(store) -> None:  # type: ignore[no-untyped-def]
    items = [said("Bea Kowalski", "we opened the bridge", id="a1"),
             said("Beatrix Kowalski", "the bridge is safe", id="a2")]
    store.save_batch(items)
    keep, other = speaker_of(store, "opened bridge")["id"], speaker_of(store, "bridge safe")["id"]
    assert keep != other
    store.merge_speakers(keep, other)
    assert speaker_of(store, "bridge safe")["id"] == keep and store.speaker(other) is None
    store.save_batch(items)
    assert speaker_of(store, "bridge safe")["id"] == keep
    assert "Beatrix Kowalski" in store.speaker(keep)["aliases"]


def test_a_split_by_article_survives_reingest(store) -> None:  # type: ignore[no-untyped-def]
    items = [said("Tom Berg", "the harvest was good", organisation="Farmers Guild", id="farm"),
             said("Tom Berg", "the concert sold out", id="music")]
    store.save_batch(items)
    merged = speaker_of(store, "harvest")["id"]
    assert speaker_of(store, "concert")["id"] == merged
    new = store.split_speaker(merged, article_ids=["music"], new_name="Tom Berg (musician)")
    assert speaker_of(store, "concert")["id"] == new and speaker_of(store, "harvest")["id"] == merged
    store.save_batch(items)
    assert speaker_of(store, "concert")["id"] == new and speaker_of(store, "harvest")["id"] == merged
    assert store.speaker(new)["name"] == "Tom Berg (musician)"


def test_a_split_by_name_survives_reingest(store) -> None:  # type: ignore[no-untyped-def]
    items = [said("Ida Holm", "the port is busy", organisation="Port Authority", id="p1"),
             said("Holm", "ships are late", organisation="Port Authority", id="p2")]
    store.save_batch(items)
    merged = speaker_of(store, "port busy")["id"]
    assert speaker_of(store, "ships late")["id"] == merged
    new = store.split_speaker(merged, names=["Holm"])
    store.save_batch(items)
    assert speaker_of(store, "ships late")["id"] == new and speaker_of(store, "port busy")["id"] == merged


def test_bad_corrections_are_clear_errors(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([said("Ida Holm", "the port is busy")])
    sid = speaker_of(store, "port busy")["id"]
    with pytest.raises(LookupError, match="nope"):
        store.merge_speakers(sid, "nope")
    with pytest.raises(ValueError):
        store.merge_speakers(sid, sid)
    with pytest.raises(ValueError):
        store.split_speaker(sid, names=["Somebody Else"])


def test_speaker_lookup_by_name_and_listing(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([said("Ida Holm", "the port is busy"), said("Ida Holm", "the quay is full"),
                      said("Olaf Holmberg", "trains are on time")])
    assert store.speakers()["items"][0]["name"] == "Ida Holm"
    assert store.speakers(query="holmb")["total"] == 1
    assert store.find_speaker("ida holm") == speaker_of(store, "port busy")["id"]
    assert store.find_speaker("Nobody Here") is None


def test_a_description_without_a_name_is_stored_unattributed_and_never_linked(store) -> None:  # type: ignore[no-untyped-def]
    """"NATO chief" in an article that names nobody is a description of an unnamed speaker: the
    statement is stored and found, credited to nobody, never to whoever another article called so."""
    text = 'NATO chief Mark Rutte said "the alliance is ready" in Brussels.'
    first = analyzed(text, [("the alliance is ready", "Mark Rutte")], organisation="NATO")
    first.quotes[0].speaker.aliases.append("NATO chief")  # the extractor's in-article mentions
    store.save_batch([first, said("NATO chief", "talks went well", published="2024-02-01")])
    assert speaker_of(store, "alliance ready")["name"] == "Mark Rutte"
    assert speaker_of(store, "talks went well") is None
    assert "NATO chief" not in store.speaker(speaker_of(store, "alliance ready")["id"])["aliases"]


@pytest.mark.parametrize("named_first", [True, False])
def test_a_bare_description_never_links_to_whoever_another_article_gave_it(store, named_first) -> None:  # type: ignore[no-untyped-def]
    named = said("Ines Verhoeven", "the levee will hold", published="2024-03-01")
    named.quotes[0].speaker.aliases.append("The professor")  # "..., the professor said" in that article
    bare = said("The professor", "the river is rising", published="2024-03-02")  # nobody named here
    store.save_batch([named] if named_first else [bare])
    store.save_batch([bare] if named_first else [named])
    assert speaker_of(store, "river rising") is None  # unattributed, in either order
    assert speaker_of(store, "levee hold")["name"] == "Ines Verhoeven"
