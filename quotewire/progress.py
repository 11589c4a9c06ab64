"""The one progress display: a live line on stderr (rich), for ingest, a Dask ingest and annotate/eval.

``progress(label, total)`` yields ``advance(description=None, completed=None, total=None)``: one more
item done (or ``completed`` done of a new ``total``), and what the line says now. With a ``total``
it is a bar with the count, the percentage and the time left; without one (inputs
that stream) a spinner with the time spent. Nothing is shown unless ``show`` (commands pass
whether stderr is a terminal), so pipes, CI logs and stdout stay clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[..., None]


@contextmanager
def progress(label: str, total: int | None = None, show: bool = True) -> Iterator[Advance]:
    if not show:
        yield lambda description=None, **_: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskProgressColumn,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)

    columns = ((TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), MofNCompleteColumn(),
                TimeRemainingColumn(), TextColumn("left"))
               if total is not None else (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()))
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(description: str | None = None, *, completed: int | None = None, total: int | None = None) -> None:
            fields: dict[str, object] = {} if description is None else {"description": description}
            if total is not None:
                fields["total"] = total
            if completed is None:
                bar.update(task, advance=1, **fields)
            else:
                bar.update(task, completed=completed, **fields)

        yield advance
