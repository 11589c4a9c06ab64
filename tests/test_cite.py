"""Statements you can cite: the display form, the permalink and its API, CSV for spreadsheets,
Quotebank's probas, progress totals and the ingest summary. Our own sentences throughout."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from conftest import analyzed
from quotewire.server.app import create_app
from quotewire.display import citation, display_text, is_citable, outlet_name
from quotewire.export import CSV_COLUMNS, quotebank, write_csv
from quotewire.spreadsheet import BOM, safe_cell
from quotewire.store import QuoteQuery

MIXED = 'The treasurer said energy prices remained "the wild card for the spring budget" in her speech.'
COMMA = '"We will reopen the ferry line in May," the harbour master told reporters.'


@pytest.mark.parametrize(("stored", "shown"), [
    ('energy prices remained "the wild card.', 'energy prices remained "the wild card."'),
    ("We will reopen the ferry line in May,", "We will reopen the ferry line in May"),
    ('We will reopen the ferry line in May,"', '"We will reopen the ferry line in May"'),
    ("the plan was “a disaster for the valley,", "the plan was “a disaster for the valley”"),
    ('the wild card" for the spring budget', '"the wild card" for the spring budget'),
    ("it was “cheap” and “quick", "it was “cheap” and “quick”"),
    ("``The bridge stays shut,", "``The bridge stays shut''"),
    ("The bridge stays shut.", "The bridge stays shut."),
    ("it was ''a fine day'' for the fleet", "it was ''a fine day'' for the fleet"),  # '' opening and closing
    ("it was ''a fine day", "it was ''a fine day''"),
    ("sie sagte „wir schaffen das“ am Abend", "sie sagte „wir schaffen das“ am Abend"),
    ("sie sagte „wir schaffen das", "sie sagte „wir schaffen das”"),
])
def test_the_display_form_balances_marks_and_drops_a_trailing_comma(stored: str, shown: str) -> None:
    assert display_text(stored) == shown
    assert is_citable(shown) and (stored == shown or not is_citable(stored))


def test_a_citation_names_speaker_quotation_outlet_title_date_and_url() -> None:
    quote = {"display": "We will reopen the ferry line in May", "type": "direct", "first_seen": "2024-05-16",
             "speaker": {"name": "Ana Lima", "role": "harbour master", "organisation": None},
             "article": {"outlet": "Harbour Post", "title": "Ferry back in May", "url": "https://post.example/ferry"}}
    assert citation(quote) == ("Ana Lima (harbour master): “We will reopen the ferry line in May”. Harbour Post, "
                               "“Ferry back in May”, 2024-05-16, https://post.example/ferry.")
    mixed = quote | {"type": "mixed", "display": 'prices remained "the wild card"', "article": {}, "speaker": None}
    assert citation(mixed) == 'Unknown speaker: prices remained "the wild card". 2024-05-16.'
    assert outlet_name(None, "https://www.post.example/x") == "post.example" and outlet_name("Post", None) == "Post"


def _cited(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(MIXED, [('energy prices remained "the wild card', "Rosa Mendes")], qtype="mixed",
                               id="budget", title="Budget speech", source="Valley Times", url="https://valley.example/b",
                               published="2024-05-16", role="Treasurer"),
                      analyzed(COMMA, [("We will reopen the ferry line in May,", "Ana Lima")], id="ferry",
                               title="=HYPERLINK(\"http://evil.example\")", source="+Harbour Post",
                               published="2024-05-17")])


def test_search_and_the_permalink_show_the_display_form_and_keep_the_span(store) -> None:  # type: ignore[no-untyped-def]
    _cited(store)
    items = store.search_quotes(QuoteQuery())["items"]
    assert {i["display"] for i in items} == {'energy prices remained "the wild card"',
                                             "We will reopen the ferry line in May"}
    assert {i["text"] for i in items} == {'energy prices remained "the wild card',
                                          "We will reopen the ferry line in May,"}
    mixed = next(i for i in items if i["type"] == "mixed")
    assert mixed["article"]["outlet"] == "Valley Times"
    client = TestClient(create_app(store))
    detail = client.get(f"/api/quotes/{mixed['id']}").json()
    assert detail["citation"] == ('Rosa Mendes (Treasurer): energy prices remained "the wild card". Valley Times, '
                                  "“Budget speech”, 2024-05-16, https://valley.example/b.")
    assert [o["article"]["title"] for o in detail["occurrences"]] == ["Budget speech"]
    assert client.get("/api/quotes/nope").status_code == 404
    page = client.get(f"/quotes/{mixed['id']}")
    assert page.status_code == 200 and "Copy citation" in page.text and "/static/cite.js" in page.text
    assert client.get("/quotes/nope").status_code == 404


def _read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM):])))


def test_the_csv_has_a_column_per_field_a_bom_and_no_formula_cells(store) -> None:  # type: ignore[no-untyped-def]
    _cited(store)
    out = io.StringIO()
    assert write_csv(store.iter_quotations(), out) == 2
    rows = _read_csv(out.getvalue())
    assert list(rows[0]) == list(CSV_COLUMNS)
    ferry = next(r for r in rows if r["speaker"] == "Ana Lima")
    assert ferry["title"] == "'=HYPERLINK(\"http://evil.example\")" and ferry["outlet"] == "'+Harbour Post"
    assert ferry["quotation"] == "We will reopen the ferry line in May" and ferry["type"] == "direct"
    assert ferry["gender"] == "female" and float(ferry["confidence"]) == 1.0 and ferry["published"] == "2024-05-17"
    budget = next(r for r in rows if r["speaker"] == "Rosa Mendes")
    assert budget["role"] == "Treasurer" and budget["url"] == "https://valley.example/b"
    download = TestClient(create_app(store)).get("/quotes.csv", params={"q": "ferry"})
    assert download.headers["content-type"].startswith("text/csv")
    assert [r["speaker"] for r in _read_csv(download.text)] == ["Ana Lima"]


@pytest.mark.parametrize(("value", "safe"), [("=1+2", "'=1+2"), ("+44", "'+44"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
                                              ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("plain", "plain"), (-1.5, -1.5),
                                              (None, None)])
def test_cells_that_would_start_a_formula_are_neutralised(value: object, safe: object) -> None:
    assert safe_cell(value) == safe


def test_quotebank_probas_come_from_the_confidences() -> None:
    record = {"id": "q", "quotation": "x", "speaker": "Ana Lima", "first_seen": None, "num_occurrences": 2, "urls": [],
              "votes": {"Ana Lima": 0.7 + 0.5}, "provenance": [{}, {}]}
    assert quotebank(record)["probas"] == [["Ana Lima", "0.6000"], ["None", "0.4000"]]
    certain = record | {"votes": {"Ana Lima": 1.0, None: 1.0}}
    assert quotebank(certain)["probas"] == [["Ana Lima", "0.5000"], ["None", "0.5000"]]


def test_counts_are_exact_below_the_cap_and_said_as_a_bound_above_it(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from quotewire.store import search

    _cited(store)
    assert store.search_quotes(QuoteQuery())["total_text"] == "2 statements"
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    assert store.search_quotes(QuoteQuery())["total_text"] == "more than 1 statements"
    client = TestClient(create_app(store))  # past a capped count the pages still lead on, to the end
    first, second = (client.get("/", params={"limit": 1, "offset": off}).text for off in (0, 1))
    assert "more than 1 statements" in first and 'rel="next"' in first
    assert 'rel="next"' in second  # a full page: there may be more
    assert 'rel="next"' not in client.get("/", params={"limit": 1, "offset": 2}).text


def test_progress_knows_the_size_of_jsonl_files_and_directories(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from quotewire.sources.counting import expected_items

    lines = tmp_path / "a.jsonl"
    lines.write_text("".join(json.dumps({"text": f"Line {i}."}) + "\n" for i in range(5)))
    folder = tmp_path / "dir"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text("Some words.")
    assert expected_items([str(lines), str(folder)]) == 8
    assert expected_items([str(lines), "-"]) is None
    assert expected_items(["https://example.org/feed"]) is None


def test_the_summary_says_what_story_clusters_are() -> None:
    from quotewire.run.ingest import IngestReport

    line = IngestReport(articles_read=5, cleaned=5, new_clusters=3, exact_duplicates=1, near_duplicates=1).summary()
    assert "3 new stories, and 2 articles were copies of a story already seen (1 identical, 1 edited)" in line
    assert "counts once" in line and "\n" not in line
