"""Cleaning: an article's main text and metadata, without syndication junk.

``find_boilerplate`` and ``find_republisher`` work on plain text and need nothing heavy;
``clean_article`` loads trafilatura only when it meets HTML.
"""

from quotewire.clean.article import clean_article
from quotewire.clean.boilerplate import find_boilerplate, find_republisher, mask_boilerplate, strip_boilerplate
from quotewire.clean.language import detect_language

__all__ = [
    "clean_article", "detect_language", "find_boilerplate", "find_republisher", "mask_boilerplate", "strip_boilerplate",
]
