"""The learned attribution tagger: SOURCE / CUE / CONTENT spans over an already-parsed paragraph.

A spaCy ``ner`` component (``quote_ner``) trained on PolNeAR (``training/``, ``make model``,
docs/model-card.md) with its own small tok2vec over word features and the extractor's own TAG and
DEP. It is shipped alone under ``quotewire/data/tagger/`` and reads the ``Doc`` the extractor has
already parsed: a copy of its words, tags and labels in the tagger's vocabulary, so the paragraph is
never parsed twice and the extractor's ``Doc.ents`` (filled later for speakers) is left alone.

Paragraphs are tagged in batches (``tag_all``, once per document before the rules run: one call
per paragraph cost twice as much), and each ``Doc`` keeps its spans in ``user_data`` for the rule.
Decoding uses a small beam, so every span has a **confidence**: the share of the beam's probability
mass held by the parses that contain exactly that span (1.0: every surviving parse agrees).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.attrs import DEP, TAG
from spacy.language import Language
from spacy.tokens import Doc

from quotewire.errors import ModelMissing

MODEL_DIR = "tagger"
"""The trained pipeline's folder under ``quotewire/data/``."""
COMPONENT = "quote_ner"
BEAM_WIDTH = 4
"""Parses kept while decoding: enough for a confidence; 20% more than greedy decoding, whose cost is
mostly the tagger's own tok2vec (measured on 697 PolNeAR paragraphs: 1.9 s greedy, 2.3 s)."""
BATCH = 64
"""Paragraphs per call to the tagger."""
USER_DATA_KEY = "quotewire.tagged"


@dataclass(frozen=True)
class Tagged:
    """A span the tagger found: label, paragraph token range ``[start, end)`` and confidence."""

    label: str
    start: int
    end: int
    confidence: float

    def chars(self, doc: Doc) -> tuple[int, int]:
        """The span's character range in ``doc`` (the paragraph)."""
        last = doc[self.end - 1]
        return doc[self.start].idx, last.idx + len(last.text)


@cache
def tagger() -> Language:
    """The trained pipeline, loaded once per process, decoding with ``BEAM_WIDTH``."""
    import spacy

    folder = resources.files("quotewire.data").joinpath(MODEL_DIR)
    if not folder.joinpath("config.cfg").is_file():
        raise ModelMissing(f"no trained tagger in quotewire/data/{MODEL_DIR} (run `make model`)")
    with resources.as_file(folder) as path:
        model = spacy.load(path)
    ner = model.get_pipe(COMPONENT)
    ner.cfg["beam_width"] = BEAM_WIDTH
    ner.cfg["beam_density"] = 0.0001
    return model


def tag_all(docs: list[Doc]) -> None:
    """Tag every parsed paragraph not tagged yet, in batches; each keeps its spans (``tagged``)."""
    todo = [doc for doc in docs if USER_DATA_KEY not in doc.user_data]
    for i in range(0, len(todo), BATCH):
        batch = todo[i:i + BATCH]
        for doc, spans in zip(batch, tag(batch)):
            doc.user_data[USER_DATA_KEY] = spans


def tagged(doc: Doc) -> list[Tagged]:
    """The tagger's spans in one parsed paragraph (tagged now unless ``tag_all`` did it)."""
    tag_all([doc])
    return doc.user_data[USER_DATA_KEY]


def tag(docs: list[Doc]) -> list[list[Tagged]]:
    """The tagger's spans in each parsed paragraph ``Doc``, in token order (no caching)."""
    model = tagger()
    copies = []
    for doc in docs:
        copy = Doc(model.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        if len(doc):
            copy.from_array([TAG, DEP], doc.to_array([TAG, DEP]))
        copies.append(copy)
    ner = model.get_pipe(COMPONENT)
    beams = ner.predict(copies)
    scores = ner.scored_ents(beams)
    ner.set_annotations(copies, beams)
    return [[Tagged(e.label_, e.start, e.end, float(score.get((e.start, e.end, e.label_), 0.0)))
             for e in copy.ents] for copy, score in zip(copies, scores)]
