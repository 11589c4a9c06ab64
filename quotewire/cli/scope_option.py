"""``--scope``: one definition of the option for ``extract``, ``annotate``, ``eval`` and ``ingest``."""

from __future__ import annotations

from typing import Annotated

import typer

from quotewire.vocabulary import Scope

ScopeOption = Annotated[Scope, typer.Option(
    "--scope", case_sensitive=False,
    help="Which statements to keep: `speech` (what was said, written or announced, and anything quoted) "
         "or `all` (also beliefs, findings and stance objects: PolNeAR's broad attribution; score on "
         "PolNeAR with it). See docs/extraction.md, 'Statement scope'.")]
