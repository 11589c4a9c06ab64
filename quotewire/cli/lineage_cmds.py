"""Quote lineage on the command line: ``quotewire verify`` and what ``quotes --altered`` /
``--misattributed`` print. Thin shells over ``Store.verify`` and ``Store.changed_wordings``."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotewire.cli.app import app
from quotewire.cli.db_cmds import _PANEL, DbOption, _changes_text, _check_format, _store


@app.command(rich_help_panel=_PANEL)
def verify(
    text: Annotated[str, typer.Argument(help="The words someone is claimed to have said.")],
    speaker: Annotated[str | None, typer.Option(help="Whom they are credited to (a name or speaker id).")] = None,
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Check a quote: were these words said, by whom, where did they first appear, who changed them?

    The verdict judges the words against the earliest attested wording of the quote (its original):
    verbatim (the words appear in it, whole or as an excerpt), altered (close, with each change
    named) or not_found. Later printings of the quote are listed as variants. See docs/lineage.md.

    Examples:

        quotewire verify "we will reopen the harbour on Monday" --speaker "Lena Ortiz"

        quotewire verify "we will reopen the harbour" --format json | jq .verdict
    """
    _check_format(format, ("table", "json"))
    with _store(db) as store:
        answer = store.verify(text, speaker)
    if format == "json":
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    console.print(Text.assemble(("verdict: ", "dim"), (answer["verdict"], "bold")))
    for m in answer["matches"][:1]:
        seen = m["first_seen"]
        console.print(Text.assemble(("original: ", "dim"), m["quotation"]))
        console.print(Text.assemble(("credited to: ", "dim"), m["speaker"] or "unknown",
                                    ("" if m["speaker_match"] is None else
                                     "  (the speaker named)" if m["speaker_match"] else "  (NOT the speaker named)")))
        console.print(Text.assemble(("first seen: ", "dim"), f"{seen['published'] or 'date unknown'}  "
                                    f"{seen['source'] or ''}  {seen['url'] or seen['article_id'] or ''}"))
        if m["changes"]:
            console.print(Text.assemble(("changes: ", "dim"), _changes_text(m["changes"])))
        if m["variants"]:
            _variants_table(console, m["variants"])


def _variants_table(console: Console, variants: list[dict[str, Any]]) -> None:
    table = Table(title="later wordings", title_justify="left", show_lines=True, expand=True)
    for name, ratio in (("date", None), ("source", 2), ("speaker", 2), ("relation", None), ("changes", 6)):
        table.add_column(name, ratio=ratio, overflow="fold", no_wrap=ratio is None)
    for v in variants:
        table.add_row(v["first_seen"]["published"] or "unknown", v["first_seen"]["source"] or "",
                      v["speaker"] or "unknown", v["relation"], _changes_text(v["changes"]) or Text(v["quotation"]))
    console.print(table)
