"""Content rules of the cue reader: what clause or phrase a cue verb reports.

Tried in ``CONTENT_ORDER``; the first rule that applies gives the content (and, for a cue that
interrupts its clause, the rest on its other side); a cue no rule applies to reports nothing and
may still introduce a quote. Each rule is ``(token, cls, lexicon) -> (main, rest) | None``.
"""

from quotewire.extract.registry import import_all

CONTENT_ORDER = (
    "complement_clause",
    "phrase_that_clause",
    "that_after_cue",
    "as_clause",
    "host_clause",
    "quoting_object",
    "request",
    "said_object",
    "object_phrase",
)

import_all(__name__, __path__)
