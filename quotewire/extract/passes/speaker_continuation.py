"""Document pass: a quote over several paragraphs takes the speaker named at its end."""

from __future__ import annotations

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES


@DOCUMENT_PASSES.register("speaker_continuation")
def speaker_continuation(cands: list[Candidate]) -> list[Candidate]:
    """"“We will rebuild.\\n\\n“It will take years,” she said.": each earlier piece of a quote that
    goes on in the next paragraph, with no cue of its own, takes the speaker (and cue) of the
    piece that continues it."""
    following: Candidate | None = None
    for cand in reversed(cands):
        if (cand.continues and cand.inherits and following is not None and following.type == "direct"
                and following.paragraph == cand.paragraph + 1 and following.speaker is not None):
            cand.speaker, cand.cue, cand.cue_lemma = following.speaker, following.cue, following.cue_lemma
            cand.cue_class = following.cue_class
            cand.inherits = False
        following = cand
    return cands
