"""Commands over the quote database: quotes, speakers, speaker, export, stats, serve, merge/split, relink.

Every command takes ``--db`` (a SQLite path or a postgresql:// URL; default $QUOTEWIRE_DB or
./quotewire.db). They are thin shells over ``quotewire.store`` and ``quotewire.export``: bad
values and unknown names are one line on stderr and exit status 1 (2 for a bad option value).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotewire.cli.app import app, exit_status, fail
from quotewire.errors import InputError, NotFound
from quotewire.store.paging import MAX_LIMIT, MAX_OFFSET

_PANEL = "Database"
DbOption = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql:// URL "
                                              "(default: $QUOTEWIRE_DB, else ./quotewire.db)")]
_err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _store(db: str | None, write: bool = False) -> Iterator[Any]:
    """The store, opened for reading unless ``write`` (read commands never create or migrate a
    database), closed at the end, with every expected failure turned into its exit status
    (``app.exit_status``); a database that fails under us with a storage fault is named (damaged,
    full, read-only: ``store.faults``)."""
    from sqlalchemy.exc import DBAPIError

    from quotewire.store import open_store
    from quotewire.store.faults import storage_fault
    from quotewire.store.store import location

    with exit_status():
        store = open_store(db, write=write)
        try:
            yield store
        except DBAPIError as e:
            fault = storage_fault(e, location(str(store.engine.url)))
            if fault is None:
                raise
            raise fault from None
        finally:
            store.close()


def _check_format(value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        fail(f"--format: expected one of {', '.join(allowed)}, got {value!r}", 2)


def _print_quotes(items: list[dict[str, Any]], fmt: str) -> None:
    """Statements as JSON lines or a table (``display``: balanced marks; JSON keeps the exact ``text``)."""
    if fmt == "json":
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        return
    table = Table(show_lines=True, expand=True)
    for name, ratio in (("date", None), ("speaker", 3), ("type", None), ("n", None), ("quotation", 10)):
        table.add_column(name, ratio=ratio, overflow="fold", no_wrap=ratio is None)  # short fields never wrap
    for i in items:
        table.add_row(i["first_seen"] or "[dim]unknown[/dim]", (i["speaker"] or {}).get("name") or "[dim]unknown[/dim]",
                      i["type"], str(i["num_occurrences"]), Text(i["display"]))
    Console(highlight=False).print(table)


def _page_line(result: dict[str, Any]) -> str:
    """Which items a page holds of how many (``total_text``, e.g. "2,204 statements"), and the
    option for the next page; a capped total has a next page while pages are full."""
    shown, first = len(result["items"]), result["offset"] + 1
    line = f"{first}–{first + shown - 1} of {result['total_text']}" if shown else f"0 of {result['total_text']}"
    nxt = result["offset"] + result["limit"]
    if nxt < result["total"] or (result.get("total_capped") and shown == result["limit"]):
        line += f"; next page: --offset {nxt}"
    return line


@app.command(rich_help_panel=_PANEL)
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker id or part of any of their names.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words the statement must contain.")] = None,
    since: Annotated[str | None, typer.Option(help="First seen on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="First seen on or before this day (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, typer.Option(help="Carried by an article from this outlet, by any of its names "
                                               "(quotewire sources lists them).")] = None,
    gender: Annotated[str | None, typer.Option(help="The speaker's gender: female, male or unknown.")] = None,
    kind: Annotated[str | None, typer.Option(help="The speaker's kind: person, organisation, country, document or unknown.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="direct, mixed or indirect.")] = None,
    cue_class: Annotated[str | None, typer.Option("--cue-class", help="What the cue attributes: speech, stance, belief or evidence.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.", min=1, max=MAX_LIMIT)] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).", min=0, max=MAX_OFFSET)] = 0,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json (one per line) or csv (one row per "
                                        "occurrence, as `export --format csv`).")] = "table",
    altered: Annotated[bool, typer.Option("--altered", help="Printings whose wording differs from the quote's original (docs/lineage.md).")] = False,
    misattributed: Annotated[bool, typer.Option("--misattributed", help="Printings credited to someone other than the original's speaker.")] = False,
) -> None:
    """Search statements: full text plus filters, newest first (best match first with --query).

    Words are matched by their stem ("warns" finds "warned"; "Russia" also finds "Russian"); a word
    ending in * is a prefix ("russia*"). The count on stderr is exact up to 100,000; --offset pages
    through every match.

    Examples:

        quotewire quotes --speaker Rutte

        quotewire quotes -q "defence spending" --since 2025-01-01 --type direct --format json

        quotewire quotes --misattributed
    """
    from quotewire.store import QuoteQuery

    if altered or misattributed:
        if any((speaker, query, since, until, source, gender, kind, type, cue_class)):
            fail("--altered and --misattributed take no other filter", 2)
        return _print_changed(db, altered, misattributed, limit, offset, format)

    from quotewire import export as ex

    _check_format(format, ("table", "json", "csv"))
    with _store(db) as store:
        result = store.search_quotes(QuoteQuery(q=query, speaker=speaker, since=since, until=until,
                                                source=source, gender=gender, kind=kind, type=type,
                                                cue_class=cue_class, limit=limit,
                                                offset=offset))
        if format == "csv":
            ex.write_csv(store.iter_quotations([i["id"] for i in result["items"]]), sys.stdout)
        else:
            _print_quotes(result["items"], format)
    if format == "table":
        _err.print(_page_line(result), markup=False)


@app.command(rich_help_panel=_PANEL)
def speakers(
    db: DbOption = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Part of a name.")] = None,
    source: Annotated[str | None, typer.Option(help="Quoted by this outlet, by any of its names (counts its articles only).")] = None,
    since: Annotated[str | None, typer.Option(help="Quoted in articles published on or after this day (YYYY-MM-DD, YYYY-MM, YYYY).")] = None,
    until: Annotated[str | None, typer.Option(help="Quoted in articles published on or before this day.")] = None,
    gender: Annotated[str | None, typer.Option(help="female, male or unknown.")] = None,
    kind: Annotated[str | None, typer.Option(help="person, organisation, country, document or unknown.")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.", min=1, max=MAX_LIMIT)] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).", min=0, max=MAX_OFFSET)] = 0,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json (one per line) or csv.")] = "table",
) -> None:
    """List speakers, most quoted first (in the outlet and period asked).

    Examples:

        quotewire speakers --query smith

        quotewire speakers --source fox --since 2016-09 --until 2016-09 --gender female --limit 10
    """
    from quotewire import export as ex

    _check_format(format, ("table", "json", "csv"))
    with _store(db) as store:
        result = store.speakers(query, limit=limit, offset=offset, source=source, since=since, until=until,
                                gender=gender, kind=kind)
    n = result["total"]
    result |= {"limit": limit, "offset": offset, "total_text": f"{n:,} speaker" + ("" if n == 1 else "s")}
    if format != "table":
        ex.write_table(result["items"], SPEAKER_COLUMNS, sys.stdout, format)
        return
    table = Table(expand=True)
    for name in ("id", "name", "kind", "gender", "role", "organisation", "quotes"):
        table.add_column(name, overflow="fold", no_wrap=name in ("id", "kind", "gender", "quotes"))
    for s in result["items"]:
        table.add_row(s["id"], s["name"], s["kind"], s["gender"] or "", s["role"] or "", s["organisation"] or "",
                      str(s["quotes"]))
    Console(highlight=False).print(table)
    _err.print(_page_line(result), markup=False)


SPEAKER_COLUMNS = ("id", "name", "kind", "gender", "gender_source", "gender_confidence", "role", "organisation", "quotes")


@app.command(rich_help_panel=_PANEL)
def speaker(
    name: Annotated[str, typer.Argument(help="A speaker id or name (full name, surname or alias).")],
    db: DbOption = None,
    top: Annotated[int, typer.Option(help="How many top statements to show.", min=1, max=MAX_LIMIT)] = 10,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """One speaker: names, roles over time, organisations, quote count, first/last seen, top statements.

    Example:  quotewire speaker "Mark Rutte"
    """
    _check_format(format, ("text", "json"))
    with _store(db) as store:
        speaker_id = store.find_speaker(name)
        if speaker_id is None:
            raise NotFound(f"no speaker named {name!r} (try: quotewire speakers --query ...)")
        detail = store.speaker(speaker_id, top)
        others = store.speakers(name, limit=1)["total"] - 1
    if others > 0:
        _err.print(f"{others} other speaker(s) match {name!r}; showing {detail['name']} "
                   f"(list them: quotewire speakers --query {name!r})", markup=False)
    if format == "json":
        typer.echo(json.dumps(detail, ensure_ascii=False, indent=1))
        return
    out = Console(highlight=False)
    out.print(f"[bold]{detail['name']}[/bold] ({detail['kind']}, id {detail['id']})", markup=True)
    out.print(f"also: {', '.join(a for a in detail['aliases'] if a != detail['name']) or '-'}", markup=False)
    if detail["gender"]:
        out.print(f"gender: {detail['gender']} ({detail['gender_source'] or 'no evidence'}"
                  f"{', confidence %.2f' % detail['gender_confidence'] if detail['gender_confidence'] else ''}): "
                  f"{'; '.join(detail['gender_evidence']) or '-'}", markup=False)
    for r in detail["roles"]:
        out.print(f"role: {r['role'] or '-'} / {r['organisation'] or '-'}  ({_day(r['first_seen'])} – "
                  f"{_day(r['last_seen'])})", markup=False)
    if detail.get("external_id"):
        out.print(f"known person: {detail['external_id']}  {detail.get('description') or ''}", markup=False)
    for e in detail.get("identity", []):
        out.print(f"why: {e['decision']}{' (' + ', '.join(e['features']) + ')' if e['features'] else ''}: "
                  f"{e['statements']} statement(s)", markup=False)
    out.print(f"{detail['quotes_count']} statements, {detail['occurrences']} occurrences, "
              f"first seen {_day(detail['first_seen'])}, last seen {_day(detail['last_seen'])}", markup=False)
    _print_quotes(detail["quotes"], "table")


def _day(value: str | None) -> str:
    return value or "date unknown"


@app.command(rich_help_panel=_PANEL)
def stats(db: DbOption = None,
          format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text") -> None:
    """Count articles, story clusters, quotations, occurrences, speakers and failed inputs."""
    _check_format(format, ("text", "json"))
    with _store(db) as store:
        counts = store.stats()
    if format == "json":
        typer.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            typer.echo(f"{key.replace('_', ' '):<14}{value:>10}")


@app.command(rich_help_panel=_PANEL)
def export(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, parquet or quotebank.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [default: stdout; "
                                                "required for parquet].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --output if it exists.")] = False,
) -> None:
    """Export every quotation with its speaker, dates, occurrence count and URLs.

    quotebank writes EPFL Quotebank's JSON-lines layout (quoteID, quotation, speaker, qids, date,
    numOccurrences, probas, urls, phase), so notebooks written for Quotebank load it unchanged.
    --output is written in full beside its place and then renamed there: a failed export leaves
    no partial file, and the database itself is never a valid --output.

    Examples:

        quotewire export --format quotebank -o quotes.jsonl

        quotewire export --format parquet -o quotes.parquet
    """
    from quotewire import export as ex
    from quotewire.outputs import check_target, replacing

    _check_format(format, ex.FORMATS)
    if format == "parquet" and output is None:
        fail("--format parquet needs --output FILE", 2)
    if output is not None:
        with exit_status():
            check_target(output, force=force, databases=[db])  # before the database is opened
    with _store(db) as store, (replacing(output, force=force, databases=[db]) if output else nullcontext()) as temp:
        records = store.iter_quotations()
        if format == "parquet":
            n = ex.write_parquet(records, str(temp))
        else:
            with temp.open("w", encoding="utf-8", newline="") if temp else nullcontext(sys.stdout) as out:
                n = ex.write_csv(records, out) if format == "csv" else ex.write_lines(records, out, format == "quotebank")
    _err.print(f"{n} quotations exported" + (f" to {output}" if output else ""))


@app.command(rich_help_panel=_PANEL)
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (searches are CPU-bound: up to one per core).",
                                         min=1, max=256)] = 1,
    allow_private_urls: Annotated[bool, typer.Option(
        "--allow-private-urls", help="Let POST /api/articles fetch URLs on loopback and private addresses "
        "(also: $QUOTEWIRE_ALLOW_PRIVATE_URLS=1). Off: the server cannot be made to read your network.")] = False,
) -> None:
    """Serve the web UI (/) and the JSON API (/api, docs at /docs).

    Writes (POST /api/articles, merges, splits) need the token in $QUOTEWIRE_TOKEN, sent as
    "Authorization: Bearer TOKEN"; without it the server is read-only.
    """
    import os

    import uvicorn

    from quotewire.server.app import ALLOW_PRIVATE_ENV, create_app, server_settings
    from quotewire.server.guards import KEEP_ALIVE_S, GuardedH11Protocol, guard_settings

    with exit_status():  # a bad $QUOTEWIRE_* number stops here with its one line, not in each worker
        server_settings()
        guard_settings()
    guards = {"http": GuardedH11Protocol, "timeout_keep_alive": KEEP_ALIVE_S, "log_level": "warning"}
    if allow_private_urls:  # through the environment, so that every worker process sees it
        os.environ[ALLOW_PRIVATE_ENV] = "1"
    writable = bool(os.environ.get("QUOTEWIRE_TOKEN"))  # without a token the server only reads
    with _store(db, write=writable) as store:  # opened here too, so a bad --db fails before any worker starts
        _err.print(f"serving {store.engine.url.render_as_string(hide_password=True)} on http://{host}:{port}/")
        if workers == 1:
            uvicorn.run(create_app(store), host=host, port=port, **guards)
            return
    os.environ["QUOTEWIRE_DB"] = db or os.environ.get("QUOTEWIRE_DB") or "quotewire.db"
    uvicorn.run("quotewire.server.app:app_from_env", factory=True, host=host, port=port, workers=workers, **guards)


@app.command("merge-speakers", rich_help_panel=_PANEL)
def merge_speakers(
    keep: Annotated[str, typer.Argument(help="Speaker (id or name) that stays.")],
    other: Annotated[str, typer.Argument(help="Speaker (id or name) merged into KEEP.")],
    db: DbOption = None,
) -> None:
    """Merge two speakers into one; the decision is kept when articles are ingested again.

    Example:  quotewire merge-speakers "Mark Rutte" "M. Rutte"
    """
    with _store(db, write=True) as store:
        keep_id, other_id = _speaker_id(store, keep), _speaker_id(store, other)
        store.merge_speakers(keep_id, other_id)
    typer.echo(f"merged {other_id} into {keep_id}")


@app.command("split-speaker", rich_help_panel=_PANEL)
def split_speaker(
    speaker: Annotated[str, typer.Argument(help="Speaker (id or name) to split.")],
    name: Annotated[list[str] | None, typer.Option("--name", help="Move statements made under this name "
                                                   "(repeatable).")] = None,
    article: Annotated[list[str] | None, typer.Option("--article", help="Move statements in this article id "
                                                      "(repeatable).")] = None,
    new_name: Annotated[str | None, typer.Option(help="Name of the new speaker.")] = None,
    db: DbOption = None,
) -> None:
    """Split statements off a speaker into a new one; kept when articles are ingested again.

    Examples:

        quotewire split-speaker "John Smith" --article 3f2a9c0d1e4b5a6f --new-name "John Smith (Acme)"

        quotewire split-speaker Smith --name "Jane Smith"
    """
    if not name and not article:
        fail("split-speaker: give --name or --article to say which statements move", 2)
    with _store(db, write=True) as store:
        new_id = store.split_speaker(_speaker_id(store, speaker), name or [], article or [], new_name)
    typer.echo(f"new speaker {new_id}")


@app.command(rich_help_panel=_PANEL)
def relink(
    db: DbOption = None,
    people: Annotated[Path | None, typer.Option(
        "--people", metavar="FILE", help="Also load known people (CSV or JSON lines) first.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Derive who is who across articles again with this version's linker, keeping your merges and
    splits; says what changed (speakers merged, split, renamed). See docs/identity.md.

    Example:  quotewire relink --people people.csv
    """
    _check_format(format, ("text", "json"))
    if people is not None:
        report = load_people(db, people)["relinked"]
    else:
        with _store(db, write=True) as store:
            report = store.relink()
    if format == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    if not report:
        typer.echo("nothing stored to relink")
        return
    typer.echo(f"{report['statements']} statements: {report['moved']} moved to another speaker, "
               f"{report['unattributed']} now unattributed; {report['merged']} speakers merged, "
               f"{report['split']} split, {report['renamed']} renamed "
               f"({report['speakers_before']} speakers before, {report['speakers_after']} after)")
    for change, examples in report["examples"].items():
        for e in examples:
            typer.echo(f"  {change}: {json.dumps(e, ensure_ascii=False)}")


def load_people(db: str | None, path: Path) -> dict[str, Any]:
    """Load a people file into the database, one line on stderr saying how many."""
    with _store(db, write=True) as store:
        result = store.load_people(str(path))
    _err.print(f"{result['people']} known people loaded from {path}", markup=False)
    return result


def _speaker_id(store: Any, name: str) -> str:
    found = store.find_speaker(name)
    if found is None:
        raise NotFound(f"no speaker named {name!r}")
    return found


@app.command(rich_help_panel=_PANEL)
def demo(db: DbOption = None) -> None:
    """Ingest the bundled example articles into the database and print who said what.

    Then `quotewire serve` shows them in the browser at http://127.0.0.1:8000/.
    """
    from importlib import resources

    from quotewire.run.ingest import ingest
    from quotewire.store import QuoteQuery

    folder = resources.files("quotewire") / "examples"
    inputs = sorted(str(p) for p in folder.iterdir() if p.name.endswith((".txt", ".html")))
    try:
        report = ingest(inputs, db=db)
    except InputError as e:
        fail(e.message)
    _err.print(report.summary())
    with _store(db) as store:
        result = store.search_quotes(QuoteQuery(limit=50))
    _print_quotes(result["items"], "table")
    _err.print("next: quotewire serve   (then open http://127.0.0.1:8000/)")


def _changes_text(changes: list[dict[str, str]]) -> Text:
    """Each change as "attested → claimed", the words struck or added in colour."""
    out = Text()
    for c in changes:
        if out:
            out.append("; ")
        out.append(c["op"] + ": ", style="dim")
        if c["attested"]:
            out.append(c["attested"], style="strike red")
        if c["attested"] and c["claimed"]:
            out.append(" → ")
        if c["claimed"]:
            out.append(c["claimed"], style="bold green")
    return out


def _print_changed(db: str | None, altered: bool, misattributed: bool, limit: int, offset: int, fmt: str) -> None:
    """``quotewire quotes --altered`` / ``--misattributed``: one printing per row, newest first."""
    _check_format(fmt, ("table", "json"))
    with _store(db) as store:
        rows = store.changed_wordings(altered=altered, misattributed=misattributed, limit=limit, offset=offset)
    if fmt == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(show_lines=True, expand=True)
    for name, ratio in (("date", None), ("source", 2), ("credited to", 2), ("original speaker", 2), ("wording", 8)):
        table.add_column(name, ratio=ratio, overflow="fold", no_wrap=ratio is None)
    for r in rows:
        table.add_row(r["published"] or "unknown", r["source"] or "", r["speaker"] or "unknown",
                      r["original_speaker"] or "unknown",
                      Text(r["quotation"]) + Text("\n") + _changes_text(r["changes"]) if r["changes"] else Text(r["quotation"]))
    Console(highlight=False).print(table)
