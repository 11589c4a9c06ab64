"""Commands that ask about the whole collection: outlets, the report by outlet × month × gender,
and correcting a person's gender. Thin shells over ``quotewire.store`` (``store/outlets.py``,
``store/report.py``, ``store/genders.py``)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from quotewire.cli.app import app
from quotewire.cli.db_cmds import _PANEL, DbOption, _check_format, _err, _fail, _speaker_id, _store

OUTLET_COLUMNS = ("name", "aliases", "articles", "statements", "first_day", "last_day")


@app.command(rich_help_panel=_PANEL)
def sources(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json (one per line) or csv.")] = "table",
) -> None:
    """List the outlets of the stored articles with their counts and every name they answer to
    (any of them works as --source: "foxnews.com", "Fox News" and "fox" are one outlet)."""
    from quotewire import export as ex

    _check_format(format, ("table", "json", "csv"))
    with _store(db) as store:
        found = store.outlets()
    rows = [x | {"aliases": "; ".join(x["aliases"])} for x in found] if format == "csv" else found
    if format != "table":
        ex.write_table(rows, OUTLET_COLUMNS, sys.stdout, format)
        return
    table = Table(expand=True)
    for name in ("outlet", "also called", "articles", "statements", "from", "to"):
        table.add_column(name, overflow="fold", no_wrap=name in ("articles", "statements", "from", "to"))
    for x in found:
        table.add_row(x["name"], ", ".join(x["aliases"]), str(x["articles"]), str(x["statements"]),
                      x["first_day"] or "", x["last_day"] or "")
    Console(highlight=False).print(table)


@app.command(rich_help_panel=_PANEL)
def report(
    db: DbOption = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet, by any of its names.")] = None,
    since: Annotated[str | None, typer.Option(help="Articles published on or after this day (YYYY-MM-DD, YYYY-MM, YYYY).")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published on or before this day.")] = None,
    table: Annotated[str | None, typer.Option(help="One table: outlet_month, outlets, months, top, repeated or "
                                              "attention [default: all, as JSON; outlet_month as a table or CSV].")] = None,
    top: Annotated[int, typer.Option(help="Top women and men per period; 4x as many repeated statements.", min=1,
                                     max=100)] = 5,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words whose attention over time the attention "
                                              "table counts.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """Who is quoted, by outlet × month × gender: people and statements, women's share of each
    (of those whose gender is known), top quoted women and men, statements carried by most outlets.

    Examples:

        quotewire report --since 2016-01 --until 2016-06

        quotewire report --table top --source nyt --format csv > top.csv

        quotewire report --format json > report.json
    """
    from quotewire import export as ex
    from quotewire.store.report import COLUMNS, TABLES, ReportQuery

    _check_format(format, ("table", "json", "csv"))
    if table is not None and table not in TABLES:
        _fail(f"--table: expected one of {', '.join(TABLES)}, got {table!r}", 2)
    chosen = table or ("outlet_month" if format != "json" else None)
    with _store(db) as store:
        result = store.report(ReportQuery(source=source, since=since, until=until, top=top, q=query),
                              (chosen,) if chosen else TABLES)
    if format == "json" and chosen is None:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
    elif format != "table":
        ex.write_table(result[chosen], COLUMNS[chosen], sys.stdout, format)
    else:
        out = Table(expand=True)
        for name in COLUMNS[chosen]:
            out.add_column(name.replace("_", " "), overflow="fold")
        for row in result[chosen]:
            out.add_row(*("" if row[c] is None else f"{row[c]:.0%}" if "share" in c else str(row[c])
                          for c in COLUMNS[chosen]))
        Console(highlight=False).print(out)
        _err.print("shares are of people (statements) whose gender is known; docs/gender.md says how it is told")


@app.command("set-gender", rich_help_panel=_PANEL)
def set_gender(
    speaker: Annotated[str, typer.Argument(help="Speaker (id or name).")],
    gender: Annotated[str | None, typer.Argument(help="female, male or unknown.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Withdraw an earlier correction: the evidence decides again.")] = False,
    db: DbOption = None,
) -> None:
    """Correct a person's gender; the correction holds over all evidence and across re-ingest.

    Examples:

        quotewire set-gender "Kim Davis" female

        quotewire set-gender "Kim Davis" --clear
    """
    if (gender is None) == (not clear):
        _fail("set-gender: give a gender (female, male, unknown) or --clear", 2)
    with _store(db) as store:
        result = store.set_gender(_speaker_id(store, speaker), None if clear else gender)
    typer.echo(f"{result['id']}: {result['gender']} ({result['gender_source']})")
