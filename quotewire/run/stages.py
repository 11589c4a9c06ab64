"""The stage contract and the one error policy of a run.

Between reading and saving, a stage takes an ``Article`` and returns the ``Article`` it made
(cleaning: the main text and metadata). Whatever a stage raises for one article costs that article
only: ``InputError`` becomes its own ``Failure``, anything else (a stage's bug on one odd page) a
``Failure`` whose reason is the stage and whose message names the article and the error in one
line. The run records it, tells ``on_failure`` and goes on, in every command alike.
"""

from __future__ import annotations

from collections.abc import Callable

from quotewire.errors import DETAIL, InputError, one_line
from quotewire.models import Article, Failure

Stage = Callable[[Article], Article]
FailureSink = Callable[[Failure], None]
"""Told of each failure as it happens (a command prints it at once, not at the end of a long run)."""


def run_stage(stage: Stage, article: Article, reason: str, doing: str) -> Article | Failure:
    """``stage(article)``, or the ``Failure`` that stands for it (``doing``: "cleaning")."""
    try:
        return stage(article)
    except InputError as e:
        return e.failure()
    except Exception as e:  # noqa: BLE001 - a stage's bug on one article must cost that article only
        name = article.input or article.id
        return Failure(input=name, reason=reason, message=f"{name}: {doing} failed ({one_line(e, DETAIL)})")


def clean(article: Article) -> Article:
    """The cleaning stage (``clean.clean_article``), imported when first used: trafilatura is slow to load."""
    from quotewire.clean import clean_article

    return clean_article(article)


def cleaned(article: Article) -> Article | Failure:
    """The cleaned article, or why it could not be cleaned."""
    return run_stage(clean, article, "clean", "cleaning")
