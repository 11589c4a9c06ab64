"""Hypothesis strategies for news-like inputs: article texts, HTML pages, feeds and JSONL lines.

Shared by the property tests (tests/test_properties_*.py) and the long campaign (bench/fuzz.py),
so both explore the same space. Every sentence is our own. The texts are built from the shapes
statements take in the news — a quote before or after its cue, a cue inside a quote, a colon
lead-in, a dash credit, reported speech — and then roughened the ways real inputs are: every
quotation-mark style, marks dropped or doubled, emoji, zero-width and bidi controls, CR and CRLF
line ends. Articles are kept short (a few paragraphs) so that thousands fit in a CI run; the cost
of long inputs is bench/soak.py's business.
"""

from __future__ import annotations

import json
import os
from html import escape

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""CI: the same examples every run (a red CI is reproducible), no example database to carry."""
settings.register_profile(
    "dev", database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""A developer's run: fresh random examples each time (a failure prints the blob that replays it)."""
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev"))

NAMES = (
    "Maria Okafor", "Thomas Lindqvist", "Ada Brennan", "Councillor Ravi Menon", "Dr. Lena Holt",
    "Sam O'Neill", "the mayor", "a spokesperson for the port", "Prime Minister Ines Vale",
    "José Ángel Ruiz", "Chen Wei", "the Harbour Workers Union", "Okafor", "Lindqvist",
)
PRONOUNS = ("he", "she", "they", "it", "He", "She", "They", "We", "I")
CUES = (
    "said", "says", "told reporters", "warned", "added", "insisted", "explained", "wrote",
    "asked", "replied", "noted", "argued", "told the council", "confirmed",
)
CLAUSES = (
    "the harbour would reopen on Monday", "we have been patient for eleven months",
    "the offer was fair, affordable and final", "nobody expected the vote to pass",
    "the budget is late again", "I think they need a few beers", "this is not over",
    "two carriers had threatened to leave", "the bridge will be closed until March",
    "prices rose 4.5% in the U.S. last year", "we will not back down", "it's the right call",
    "the council's plan, frankly, is a mess", "No", "Absolutely", "we'll see",
    "the 1990s were different", "rates stay at 3.25 per cent",
)
FILLER = (
    "The strike entered its third week.", "Talks resume on Friday.", "Shares fell 2 per cent.",
    "The port handles 40,000 containers a month.", "Then, after a pause:",
    "Officials did not respond.", "It rained all day in Port Alder.", "(Reporting by Ana Silva)",
)
QUOTE_PAIRS = (
    ("\u201c", "\u201d"), ("\u2018", "\u2019"), ('"', '"'), ("'", "'"), ("\u00ab", "\u00bb"),
    ("\u00bb", "\u00ab"), ("\u201e", "\u201c"), ("\u201a", "\u2018"), ("\u2039", "\u203a"),
    ("``", "''"), ("\u300c", "\u300d"), ("\u00ab\u00a0", "\u00a0\u00bb"), ("\u201c", "\u201c"),
)
STRAY_MARKS = ("\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb", "\u201e", "``", "''", "\u300c")
DASHES = ("\u2014", "\u2013", "-", "--", " \u2014 ")
NOISE = (
    "\U0001f600", "\U0001f1fa\U0001f1f8", "\u200b", "\u200c", "\u200d", "\ufeff", "\u200e", "\u200f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u00a0", "\u2028", "\u2029", "\t", "\u0301", "\ufffd", "\u00ad", "\u2026", ":", ";", "\u2014",
)
PARAGRAPH_BREAKS = ("\n\n", "\r\n\r\n", "\r\r", "\n", "\n \n", "\u2029", " ")


@st.composite
def statement(draw: st.DrawFn) -> str:
    """One sentence in one of the shapes statements take, with a drawn mark style."""
    o, c = draw(st.sampled_from(QUOTE_PAIRS))
    who = draw(st.sampled_from(NAMES + PRONOUNS))
    cue = draw(st.sampled_from(CUES))
    a, b = draw(st.sampled_from(CLAUSES)), draw(st.sampled_from(CLAUSES))
    dash = draw(st.sampled_from(DASHES))
    shapes = (
        f"{o}{a},{c} {who} {cue}.",                       # quote, then cue
        f"{o}{a}{c}, {cue} {who}.",                       # quote, inverted cue
        f"{who} {cue}: {o}{a}.{c}",                       # colon lead-in
        f"{who} {cue}, {o}{a}.{c}",                       # cue, then quote
        f"{o}{a},{c} {who} {cue}, {o}{b}.{c}",            # cue inside a quote
        f"{who} {cue} that {a}.",                         # reported speech
        f"{who} {cue} {a}, calling it {o}{b}.{c}",        # mixed: a quoted fragment
        f"{o}{a}{c} {dash} {who}",                        # dash credit
        f"{who}: {o}{a}{c}",                              # interview style
        f"According to {who}, {a}.",                      # according to
        f"{o}{a}.{c}",                                    # a quote with no cue
        f"{o}{a}, {who} {cue}.",                          # closing mark dropped
        f"{a},{c} {who} {cue}.",                          # opening mark dropped
        f"{o}{o}{a}{c}{c} {who} {cue}.",                  # doubled marks
    )
    return draw(st.sampled_from(shapes))


@st.composite
def roughened(draw: st.DrawFn, sentence: str) -> str:
    """``sentence`` with a few noise characters and stray marks put in at drawn places."""
    chars = list(sentence)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(chars)))
        chars.insert(at, draw(st.sampled_from(NOISE + STRAY_MARKS)))
    return "".join(chars)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(statement(), st.sampled_from(FILLER)), min_size=1, max_size=4))
    parts = [draw(roughened(p)) if draw(st.booleans()) else p for p in parts]
    if draw(st.integers(0, 9)) == 0:  # a little arbitrary text: whatever else a page can hold
        parts.append(draw(st.text(max_size=20)))
    return " ".join(parts)


@st.composite
def article_text(draw: st.DrawFn) -> str:
    """A short article: a headline, a few paragraphs, one drawn line-end style (sometimes mixed)."""
    headline = draw(st.sampled_from(("Port strike enters third week", "Council approves budget", "")))
    paras = draw(st.lists(paragraph(), min_size=1, max_size=5))
    if draw(st.booleans()):
        breaks = [draw(st.sampled_from(PARAGRAPH_BREAKS))] * len(paras)
    else:
        breaks = draw(st.lists(st.sampled_from(PARAGRAPH_BREAKS), min_size=len(paras), max_size=len(paras)))
    text = headline
    for brk, para in zip(breaks, paras):
        text += brk + para
    lead = draw(st.sampled_from(("", " ", "\ufeff", "\n\n", "\r\n")))
    tail = draw(st.sampled_from(("", "\n", "\r\n", "   ", "\n\nThe post Port strike appeared first on World Online.")))
    return lead + text + tail


ARTICLE_BATCH = st.lists(article_text(), min_size=1, max_size=16)
"""A batch of articles, parsed together the way ingest parses them (batching must not matter)."""


# ---- HTML pages ---------------------------------------------------------------------------------

def _html_paragraph(text: str) -> str:
    return f"<p>{escape(text, quote=False)}</p>"


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """A news page: head metadata, an article body, and drawn furniture and damage around it."""
    paras = [draw(paragraph()) for _ in range(draw(st.integers(1, 5)))]
    body = "".join(_html_paragraph(p) for p in paras)
    extras = draw(st.lists(st.sampled_from((
        "embed", "q", "nest", "script", "entity", "broken", "nav", "comment", "table", "br",
    )), max_size=4))
    for extra in extras:
        if extra == "embed":
            post = escape(draw(paragraph()), quote=False)
            body += ('<div class="social-embed"><blockquote class="twitter-tweet"><p>'
                     f"{post}</p>&mdash; Ada Brennan (@adab) May 1, 2025</blockquote></div>")
        elif extra == "q":
            body += f"<p>Okafor said <q>{escape(draw(st.sampled_from(CLAUSES)))}</q> on Monday.</p>"
        elif extra == "nest":
            depth = draw(st.integers(1, 300))
            body = "<div>" * depth + body + "</div>" * draw(st.integers(0, depth))
        elif extra == "script":
            body += "<script>var s = '<p>not text</p>';</script><style>p{color:red}</style>"
        elif extra == "entity":
            body += "<p>Caf&eacute; &amp; bar &#8220;open&#8221; &#x1F600; &bogus; &#0; &#xD800;</p>"
        elif extra == "broken":
            body += draw(st.sampled_from(("<p>unclosed <b>bold", "</div></div>", "<p <p>>", "<![CDATA[x]]>", "<")))
        elif extra == "nav":
            body = '<nav><a href="/">Home</a> | <a href="/news">News</a></nav>' + body
        elif extra == "comment":
            body += "<!-- a comment with “marks” --><!-- unclosed"
        elif extra == "table":
            body += "<table><tr><td>Okafor</td><td>“No”</td></tr></table>"
        elif extra == "br":
            body += "<p>" + "<br>".join(escape(p) for p in paras) + "</p>"
    title = escape(draw(st.sampled_from(("Port strike enters third week", "", "Budget | Daily Harbour"))))
    date = draw(st.sampled_from(("2025-05-01", "2025-13-45", "", "99999-01-01", "yesterday")))
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{date}"></head>'
            f"<body><article>{body}</article></body></html>")


# ---- feeds ----------------------------------------------------------------------------------------

FEED_DATES_RSS = ("Thu, 01 May 2025 10:00:00 GMT", "not a date", "", "Mon, 31 Feb 2025 10:00:00 +0000")
FEED_DATES_ATOM = ("2025-05-01T10:00:00Z", "2025-02-30T10:00:00Z", "", "garbage")


@st.composite
def feed(draw: st.DrawFn) -> str:
    """An RSS or Atom feed of a few entries, full content or summary only, sometimes damaged."""
    atom = draw(st.booleans())
    entries = []
    for n in range(draw(st.integers(0, 4))):
        text = "".join(_html_paragraph(draw(paragraph())) for _ in range(draw(st.integers(1, 3))))
        content = draw(st.sampled_from(("cdata", "escaped", "none", "plain")))
        if atom:
            date = draw(st.sampled_from(FEED_DATES_ATOM))
            body = {"cdata": f'<content type="html"><![CDATA[{text}]]></content>',
                    "escaped": f'<content type="html">{escape(text)}</content>',
                    "plain": f'<content type="text">{escape(draw(paragraph()))}</content>',
                    "none": "<summary>Short.</summary>"}[content]
            entries.append(f"<entry><id>urn:e{n}</id><title>Entry {n}</title><updated>{date}</updated>{body}</entry>")
        else:
            date = draw(st.sampled_from(FEED_DATES_RSS))
            body = {"cdata": f"<content:encoded><![CDATA[{text}]]></content:encoded>",
                    "escaped": f"<content:encoded>{escape(text)}</content:encoded>",
                    "plain": f"<description>{escape(draw(paragraph()))}</description>",
                    "none": ""}[content]
            entries.append(f"<item><title>Entry {n}</title><guid>g{n}</guid><pubDate>{date}</pubDate>{body}</item>")
    damage = draw(st.sampled_from(("", "", "<unclosed>", "&undefined;", "</channel>")))
    if atom:
        doc = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
               f"<title>Daily Harbour</title>{''.join(entries)}{damage}</feed>")
    else:
        doc = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
               'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Daily Harbour</title>'
               f"{''.join(entries)}{damage}</channel></rss>")
    return doc


# ---- JSONL ------------------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                         st.text(max_size=10))


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    """One JSONL line: a good record (text or HTML), a record with odd fields, or not a record."""
    kind = draw(st.sampled_from(("text", "text", "html", "odd", "scalar", "broken", "bytes")))
    if kind == "text":
        record: object = {"id": draw(st.one_of(st.integers(0, 50), st.text(max_size=5))), "text": draw(article_text())}
    elif kind == "html":
        record = {"html": draw(html_page()), "url": draw(st.sampled_from(("https://example.org/a", "", "javascript:x")))}
    elif kind == "odd":
        record = draw(st.dictionaries(st.sampled_from(("id", "text", "html", "title", "url", "published", "language")),
                                      st.one_of(JSON_SCALARS, st.lists(JSON_SCALARS, max_size=3)), max_size=6))
    elif kind == "scalar":
        record = draw(st.one_of(JSON_SCALARS, st.lists(JSON_SCALARS, max_size=3)))
    elif kind == "broken":
        return draw(st.sampled_from((b'{"text": "unterminated', b"{'text': 'single'}", b"\xff\xfe{}", b'{"text": "\\ud800 lone"}')))
    else:
        return draw(st.binary(max_size=40)).replace(b"\n", b" ")
    return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    """A JSONL file of a few drawn lines, LF or CRLF."""
    lines = draw(st.lists(jsonl_line(), min_size=1, max_size=6))
    ending = draw(st.sampled_from((b"\n", b"\r\n")))
    return ending.join(lines) + ending
