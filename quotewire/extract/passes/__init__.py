"""Document passes: what is decided over all of an article's candidates, in ``DOCUMENT_ORDER``.

Each pass is ``(candidates in text order) -> candidates``, registered by name with
``DOCUMENT_PASSES.register``; docs/extraction.md has a paragraph on each.
"""

from quotewire.extract.registry import import_all

DOCUMENT_ORDER = ("signatures", "speaker_continuation", "inheritance", "lead_ins", "nesting", "dedup")

import_all(__name__, __path__)
