"""Finding statements in text: quotation marks, cues, reported clauses and speaker mentions.

``quotewire.statements`` composes these modules into the public ``extract_statements``;
``quotewire.speakers`` turns the mentions found here into canonical speakers.
"""
