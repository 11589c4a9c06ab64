"""`quotewire clean`: the cleaned main text of any input, to read or to pipe as JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from typing import Annotated

import typer

from quotewire.cli.app import app, print_error
from quotewire.errors import InputError
from quotewire.models import Article, Failure


class CleanFormat(str, Enum):
    text = "text"
    json = "json"


def _record(article: Article) -> dict[str, str | None]:
    return {
        "input": article.input,
        "title": article.title,
        "published": article.published,
        "site": article.source,
        "url": article.url,
        "extractor": article.extractor,
        "text": article.text,
    }


def _cleaned(items: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
    """The read articles cleaned, with a cleaning failure in the stream like a reading one.

    A page's text is its main text without the headline, which is the ``title`` field (ingest
    analyses the headline with the body: ``clean_article``)."""
    from quotewire.clean import clean_article

    for item in items:
        try:
            yield item if isinstance(item, Failure) else clean_article(item, with_headline=False)
        except InputError as exc:
            yield exc.failure()


@app.command()
def clean(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, http(s) URLs, feeds, WARC, JSONL, or - for stdin.")],
    format: Annotated[CleanFormat, typer.Option("--format", "-f", help="text: the main text; json: one object per article per line.")] = CleanFormat.text,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a URL before giving up.",
                                           min=0.1, max=3600)] = 15.0,
) -> None:
    """Print the cleaned main text of each INPUT: no navigation, share buttons or syndication footer.

    A web page's headline is not printed above its text; it is the "title" of --format json.

    Bad inputs get one line on stderr, the others are still printed; the exit status is 1 if any failed.
    """
    from quotewire.sources import read_inputs

    failed = 0
    first: Article | None = None  # held back until we know whether headers are needed
    printed = 0
    for article in _cleaned(read_inputs(inputs, timeout=timeout)):
        if isinstance(article, Failure):
            failed += 1
            print_error(article.message)
            continue
        if format is CleanFormat.json:
            typer.echo(json.dumps(_record(article), ensure_ascii=False))
        elif first is None and printed == 0:
            first = article
        else:
            for shown in (first, article) if first else (article,):
                typer.echo(("\n" if printed else "") + f"==> {shown.input} <==\n{shown.text}")
                printed += 1
            first = None
    if first is not None:
        typer.echo(first.text)
    if failed:
        raise typer.Exit(1)
