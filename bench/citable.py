"""Statements as a user meets them in a database: counts, paging to the end, citable display.

Not a test. For a database (a SQLite path or a postgresql:// URL), for all statements and for
``--since``: the true number (SQL), the count the API gives, and the statements reached by paging
the API (500 a page), the web pages (following "more →", 20 a page) and ``quotewire quotes
--format json --offset``; then how many stored spans and how many displayed statements (search
items, the web lists, the CSV download) are not citable (unbalanced double quotation marks or a
trailing comma, ``display.is_citable``), and whether /docs loads anything from outside.

    .venv/bin/python bench/citable.py DB [--since 2016-09]
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from quotewire.display import is_citable
from quotewire.export import BOM
from quotewire.server.app import create_app
from quotewire.store import open_store
from quotewire.store.days import day_bound
from quotewire.store.schema import quotations

PAGE = 500


def _api_ids(client: TestClient, params: dict[str, str]) -> tuple[list[dict], dict]:
    items, first, offset = [], None, 0
    while True:
        page = client.get("/api/quotes", params=params | {"limit": PAGE, "offset": offset}).json()
        first = first or page
        if not page["items"]:
            return items, first
        items += page["items"]
        offset += PAGE


def _web(client: TestClient, params: dict[str, str]) -> tuple[set[str], int, int]:
    url, ids, pages, uncitable = "/?" + "&".join(f"{k}={v}" for k, v in params.items()), set(), 0, 0
    while url:
        text = client.get(url).text
        pages += 1
        ids |= set(re.findall(r'href="/quotes/([^"]+)"', text))
        shown = (html.unescape(b) for b in re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", text, re.S))
        uncitable += sum(not is_citable(b) for b in shown)
        found = re.search(r'<a rel="next" href="([^"]+)"', text)
        url = html.unescape(found.group(1)) if found else None
    return ids, pages, uncitable


def _cli(db: str, params: dict[str, str]) -> set[str]:
    ids, offset = set(), 0
    while True:
        args = [str(Path(sys.executable).parent / "quotewire"), "quotes", "--db", db, "--format", "json", "--limit", str(PAGE),
                "--offset", str(offset), *(x for k, v in params.items() for x in (f"--{k}", v))]
        lines = subprocess.run(args, capture_output=True, text=True, check=True).stdout.splitlines()
        if not lines:
            return ids
        ids |= {json.loads(line)["id"] for line in lines}
        offset += PAGE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--since", default="2016-09")
    args = parser.parse_args()
    store = open_store(args.db)
    client = TestClient(create_app(store))
    with store.engine.connect() as conn:
        every = set(conn.execute(sa.select(quotations.c.id)).scalars())
        since = set(conn.execute(sa.select(quotations.c.id)
                                 .where(quotations.c.first_seen >= day_bound(args.since, "since", end=False))).scalars())
    for label, params, truth in (("all", {}, every), (f"since {args.since}", {"since": args.since}, since)):
        items, first = _api_ids(client, params)
        web, pages, uncitable = _web(client, params)
        cli = _cli(args.db, params)
        print(f"{label}: {len(truth)} in the database; API says {first['total_text']!r}; reached by paging: "
              f"API {len({i['id'] for i in items}) if {i['id'] for i in items} == truth else 'NOT ALL'}, "
              f"web {len(web) if web == truth else 'NOT ALL'} ({pages} pages, {uncitable} shown not citable), "
              f"CLI {len(cli) if cli == truth else 'NOT ALL'}")
    items, _ = _api_ids(client, {})
    commas = sum(i["text"].rstrip().rstrip("\"”'’").endswith(",") for i in items)
    mixed = [i for i in items if i["type"] == "mixed"]
    print(f"{len(items)} statements: stored spans not citable {sum(not is_citable(i['text']) for i in items)} "
          f"(ending with a comma {commas}; mixed {len(mixed)}, of which not citable "
          f"{sum(not is_citable(i['text']) for i in mixed)}); displayed not citable "
          f"{sum(not is_citable(i['display']) for i in items)}")
    rows = list(csv.DictReader(io.StringIO(client.get("/quotes.csv").text.removeprefix(BOM))))
    print(f"CSV download: {len(rows)} rows, {len({r['quotation_id'] for r in rows})} statements, "
          f"{sum(not is_citable(r['quotation']) for r in rows)} not citable")
    docs = client.get("/docs").text
    loads = re.findall(r'(?:src|href)="([^"]+)"', docs)
    print(f"/docs loads {loads}; anything from outside: {bool(re.search(r'https?://', docs))}")
    store.close()


if __name__ == "__main__":
    main()
