"""Paragraph rule: a headline's source label."""

from __future__ import annotations

import re

from quotewire.extract.candidate import Candidate
from quotewire.extract.filters import word_count
from quotewire.extract.marks import CLOSING_CHARS
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.parse import tokens_in
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.rules.labelled_quote import headline_name
from quotewire.extract.rules.transcript_turn import opens_with_label
from quotewire.extract.syntax import char_span

HEADLINE_LABEL = re.compile(r"([^:\n“\"‘]{2,40}?):\s+(?=\S)")
"""A headline's source label: "Graham: ...", "Clinton camp: ...", "Poll: ..."."""
MIN_HEADLINE_WORDS = 3
"""Words the rest of the headline needs to be a statement."""


@PARAGRAPH_RULES.register("headline_label", final=True)
def headline_label(view: ParagraphView) -> list[Candidate]:
    """"Graham: Trump’s rhetoric is destroying the party" (the article's first paragraph, a short
    capitalised label with a proper noun or a document noun, "Poll: ..."): the rest is the
    labelled source's statement, quoted (mixed) or not (indirect)."""
    m = HEADLINE_LABEL.match(view.text)
    if view.index != 0 or m is None or "\n" in view.text.strip() or opens_with_label(view.text):
        return []
    label = [t for t in tokens_in(view.doc, 0, m.end(1)) if not t.is_space]
    if not label or not all(t.is_title or t.is_upper or t.is_punct for t in label) \
            or not any(t.pos_ == "PROPN" or view.lexicon.is_document(t.lower_) for t in label):
        return []
    start, end = m.end(), len(view.text.rstrip())
    while end > start and view.text[end - 1] in CLOSING_CHARS + ".":
        end -= 1
    if word_count(view.text[start:end]) < MIN_HEADLINE_WORDS:
        return []
    quoted = any(start <= qs and qe <= end + 1 for qs, qe in view.rel)
    return [view.labelled("mixed" if quoted else "indirect", view.abs((start, end)),  # type: ignore[arg-type]
                          m.end(1), char_span(headline_name(label, view.lexicon), view.offset), 0.6)]
