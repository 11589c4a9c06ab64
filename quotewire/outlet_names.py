"""News outlets by every name a reader uses for them (``data/outlets.txt``): one reading of the
list for the store, which gathers an outlet's sources, and the extractor, for which an outlet
that speaks ("Fox News said") is an organisation, never a person."""

from __future__ import annotations

import re
from functools import cache

from quotewire.datafiles import data_lines

_SUFFIXES = frozenset({"com", "org", "net", "co", "ac", "gov", "edu", "news", "info"})


def site_key(name: str) -> str:
    """The comparable form of a site's name: "www.FoxNews.com", "Fox News" -> "foxnews"; a leading
    "The" goes ("The Guardian", "theguardian.com" -> "guardian")."""
    text = re.sub(r"^[a-z]+://", "", name.strip().casefold())
    if "." in text and " " not in text:  # a domain (perhaps with a path): its labels before the suffix
        labels = [label for label in text.split("/")[0].split(".") if label != "www"]
        while len(labels) > 1 and (len(labels[-1]) == 2 or labels[-1] in _SUFFIXES):
            labels.pop()
        text = "".join(labels)
        if text.startswith("the") and len(text) >= 7:
            text = text[3:]
    elif text.startswith("the "):
        text = text[4:]
    return re.sub(r"\W+|_", "", text)


@cache
def known_outlets() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Key of every name in ``data/outlets.txt`` -> (display name, all its names)."""
    known: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in data_lines("outlets.txt"):
        display, _, rest = line.partition("|")
        names = (display.strip(), *(n.strip() for n in rest.split(",") if n.strip()))
        for name in names:
            known[site_key(name)] = (names[0], names)
    return known


def outlet_named(name: str) -> str | None:
    """The display name of the listed outlet ``name`` is a name of ("The Huffington Post" ->
    "HuffPost"), None when it names none; a bare word must be written as the list writes it,
    so that "fox" (a list entry) finds Fox News but the surname "Fox" does not."""
    hit = known_outlets().get(site_key(name))
    if hit is None or " " not in name.strip() and "." not in name and name.strip() not in hit[1]:
        return None
    return hit[0]
