"""Finding statements in text: quotation marks, cues, reported clauses and speaker mentions.

``quotewire.extract.statements`` composes these modules into the public ``extract_statements``;
``quotewire.extract.speakers`` turns the mentions found here into canonical speakers.
"""
