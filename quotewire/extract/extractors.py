"""The extractors a command can choose (``--extractor``): names only, so that the options and the
workers' settings can name one without loading spaCy. ``pipeline.extractor_rules`` composes each.

- ``rules``: the declared paragraph rules (``rules.PARAGRAPH_ORDER``), no model.
- ``learned``: the trained tagger alone (the ``model`` paragraph rule, docs/model-card.md).
- ``hybrid``: the rules' statements, with the tagger's extent where the two read one statement
  (``model_spans``); the tagger's own statements after the rules measured worse, so are not added.

Every extractor runs the same document passes, speaker resolution and canonical speakers. The
default is the one best on PolNeAR dev and the seed (docs/extraction.md, "The learned tagger").
"""

from typing import Literal, get_args

Extractor = Literal["rules", "learned", "hybrid"]
EXTRACTORS: tuple[str, ...] = get_args(Extractor)
DEFAULT_EXTRACTOR: Extractor = "rules"


def known_extractor(name: str) -> str:
    """``name`` if it is an extractor; else the one ``ValueError`` every entry point raises."""
    if name not in EXTRACTORS:
        raise ValueError(f"unknown extractor {name!r} (expected one of {', '.join(EXTRACTORS)})")
    return name
