"""Rules that are data: the files under ``quotewire/data/``, read one way by every stage."""

from __future__ import annotations

from importlib import resources


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment (``#``) lines of ``quotewire/data/NAME``, stripped.

    Shipped inside the package (importlib.resources), so an installed quotewire finds its
    lexicons and patterns wherever it runs, a Dask worker included.
    """
    raw = resources.files("quotewire.data").joinpath(name).read_text("utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]
