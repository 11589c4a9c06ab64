"""Statement scope: which of the extractor's statements a run keeps, by what their cue attributes.

The extractor finds attribution in PolNeAR's broad sense: beliefs with clausal content ("The
party believes it can win"), findings ("one study found ..."), and what a stance cue says about
its object ("criticized the minister for the delay") besides what was said. ``all`` keeps all of
it; ``speech`` keeps what a database of public statements holds: things said, written, told or
announced (by people or by documents), "according to", stance cues with a clause ("denied that
...") and anything with quoted words. It is a filter after extraction, so ``all`` is the
extractor's output unchanged and a scope never changes how a statement is read, only whether it
is kept. Why ``speech`` is the default: docs/extraction.md, "Statement scope".
"""

from __future__ import annotations

from dataclasses import replace

from quotewire.models import AnalyzedArticle, Quote
from quotewire.vocabulary import Scope

NOT_SPEECH_CLASSES = frozenset({"belief", "evidence"})
"""Cue classes (vocabulary.CUE_CLASSES) whose unquoted statements are thoughts or findings, not speech."""


def in_scope(quote: Quote, scope: Scope) -> bool:
    """Whether ``quote`` belongs to ``scope``.

    Under ``speech`` a statement with quoted words (direct, mixed) always stays: quotation marks
    say these words were said or written, whatever verb the journalist framed them with ("she
    believes the plan is “a disaster”"), as the seed's stance object "lauded the White House for
    trying to “break the deadlock”" does. An indirect one goes when its cue is a belief or
    evidence cue, or when it is a cue's object phrase rather than a clause.
    """
    if scope == "all" or quote.type != "indirect":
        return True
    return quote.cue_class not in NOT_SPEECH_CLASSES and not quote.object_phrase


def scoped(result: AnalyzedArticle, scope: Scope) -> AnalyzedArticle:
    """``result`` with only its statements in ``scope`` (itself under ``all``)."""
    if scope == "all":
        return result
    return replace(result, quotes=[q for q in result.quotes if in_scope(q, scope)])
