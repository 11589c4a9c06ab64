"""The Typer application that every command module registers its commands on."""

import typer

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
