"""Evaluation: annotate a gold file with the extractor and score predictions against it."""
