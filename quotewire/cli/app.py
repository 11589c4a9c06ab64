"""The Typer application that every command module registers its commands on, and the one way
a command reports a failure."""

import typer
from rich.console import Console
from rich.markup import escape

from quotewire.errors import one_line

app = typer.Typer(
    name="quotewire",
    help=(
        "Who said what in the news: extract statements (direct, mixed, indirect quotes) from "
        "articles, attribute them to speakers, merge syndicated copies and search the result.\n\n"
        "Start with:  quotewire extract ARTICLE.txt   (no database needed)\n\n"
        "Then:        quotewire ingest PAGES/ FEED.xml  and  quotewire quotes --speaker Rutte"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(error: str | BaseException) -> None:
    """``error: ONE LINE`` on stderr; the text is never read as markup ("[inaudible]" stays)."""
    _err.print(f"[red]error:[/red] {escape(one_line(error))}")
