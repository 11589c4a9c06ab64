"""A deterministic generator of news-like articles with known story clusters, for the dedup benches.

Why generated: measuring merge precision/recall needs ground truth at 10,000-100,000 documents,
and third-party news may not be copied into the repository. The generator is built to be *hard*
in the ways real feeds are: stories on the same topic share vocabulary, people and stock phrases
("said in a statement"), follow-up stories repeat paragraphs of earlier ones, and copies of one
story differ by site templates, footers, headlines, trimmed endings, light edits, whitespace and
quote style. Every article is a dict in the JSONL input format (``id``, ``title``, ``text``,
``source``, ``url``, ``published``) plus ``story`` (the true cluster) for scoring.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

FIRST = (
    "Maria Jonas Amara Pieter Lena Tomas Ines Kofi Sanna Rafael Ayla Dmitri Noor Erik Lucia Mateo "
    "Hana Oskar Leila Bram Chiara Yusuf Freya Anton Zofia Idris Mila Stefan Esme Niall"
).split()
LAST = (
    "Okafor Lindqvist Moreau Brandt Castellano Nakamura Haddad Kowalski Verhoeven Osei Duarte "
    "Petrov Whitfield Abara Sorensen Quinlan Marchetti Eriksen Tanaka Rahman Dubois Fischer "
    "Mendez Novak Holloway Adeyemi Carvalho Lund Varga Keane"
).split()
ROLES = (
    "minister,spokesperson,chief executive,mayor,union leader,professor,director,analyst,"
    "chair,commissioner,senator,governor,economist,researcher,secretary general"
).split(",")
PLACES = (
    "Harbourside Northvale Kestrel Bay Eastmere Greywater Lowfield Ashby Carrow Dunmore "
    "Fennick Marlow Redcliff Southgate Tarrow Westbrook Ivel Oakhurst Pellmouth Brackley"
).split()
TOPICS = {
    "strike": "dockworkers pay offer union ballot walkout port cargo shifts picket wages employers",
    "rates": "interest rates inflation central bank lending mortgages borrowing markets bonds policy",
    "floods": "flood defences rainfall rivers barriers insurance homes evacuation embankment storm",
    "election": "voters ballots candidates turnout polling campaign coalition parliament seats count",
    "health": "hospital waiting lists nurses clinics vaccines patients funding wards doctors care",
    "energy": "power grid wind farms gas prices turbines tariffs supply outages pipeline storage",
    "schools": "teachers pupils exams classrooms curriculum budgets inspections heads tuition term",
    "transport": "rail fares timetables buses commuters signals delays tracks franchise upgrade",
    "housing": "rents tenants landlords planning permits developers estates affordable units council",
    "trade": "tariffs exports imports customs shipments quotas negotiators goods agreement duties",
    "climate": "emissions targets carbon pledges warming summit delegates finance adaptation fund",
    "defence": "alliance troops spending readiness drills deterrence allies budget frigates radar",
}
WORDS = (
    "plan report figures week month year deal talks board group members region city council "
    "office programme review sector pressure support decision change risk cost growth share "
    "agency court ruling measure proposal statement vote meeting committee evidence warning "
    "target budget response effort record level rise fall gap demand supply project study"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Sentence frames: the stock phrasing that unrelated stories share, which is what makes
# near-duplicate detection on news hard. Slots are filled per story.
FRAMES = (
    "{p} said in a statement on {day} that the {n1} would {v} the {n2}.",
    '"We will not accept a {n1} that leaves {place} behind," said {p}, the {role}.',
    "According to {p}, the {n1} could {v} by {num} per cent over the next {num2} months.",
    "The {org} has said the {n1} is not enough to {v} the {n2} in {place}.",
    '"This is about the {n1} and the {n2}," {p} told reporters in {place}.',
    "{p} warned that the {n1} might {v} unless the {org} acted on the {n2}.",
    "Figures published on {day} show {num} {n1} in {place}, up from {num2} a year earlier.",
    "Critics argued the {n1} would {v} {place} while leaving the {n2} unchanged.",
    "The {org} is expected to publish its {n1} review before the end of the {n2} period.",
    "In {place}, officials said {num} {n1} had been affected by the {n2}.",
    '"{n1} matters, but so does the {n2}," said {p}. "We have to {v} both."',
    "{p} added that talks with the {org} about the {n1} would continue next {day}.",
    "The {n1} follows months of dispute over the {n2} in {place} and nearby towns.",
    "A spokesperson for the {org} declined to comment on the {n1} or the {n2}.",
    "{p}, the {role}, described the {n1} as a first step towards a {n2} settlement.",
    "Residents of {place} said the {n1} had made it harder to {v} the {n2}.",
    "Earlier this year the {org} set aside {num} million for the {n1} and the {n2}.",
    "The {role} insisted the {n1} was affordable and would {v} the {n2} within {num2} years.",
)
VERBS = "protect improve cut raise delay end secure fund review replace expand restore limit".split()
SITES = (
    "coastline-daily.example northvale-post.example the-meridian.example wire-weekly.example "
    "harbour-herald.example eastmere-echo.example civic-ledger.example morning-dispatch.example "
    "news-aggregate.example daily-roundup.example local-voice.example ledger-online.example"
).split()
HEADERS = (
    "Home | News | Politics | Business | Sport\n",
    "Breaking News\n",
    "By Staff Reporter\n",
    "Share this article: Facebook Twitter Email\n",
    "",
)
FOOTERS = (
    "\nThe post {title} appeared first on {site}.",
    "\nSource link",
    "\nShare this:\nFacebook\nTwitter\nScroll to Top",
    "\nSign up for our newsletter to get the latest stories every morning.",
    "\nCopyright 2026 {site}. All rights reserved.",
    "\nRelated: Council approves new budget for next year",
    "",
)


class StoryWriter:
    """Writes original stories and their copies from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self, topic_words: list[str], cast: list[str], place: str, org: str) -> str:
        r = self.rng
        n1, n2 = r.sample(topic_words + WORDS, 2)
        return r.choice(FRAMES).format(
            p=r.choice(cast), role=r.choice(ROLES), place=place, org=org, day=r.choice(DAYS),
            n1=n1, n2=n2, v=r.choice(VERBS), num=r.randint(2, 900), num2=r.randint(2, 30),
        )

    def story(self, topic: str, reuse: list[str] | None = None) -> tuple[str, list[str]]:
        """A title and 5-10 paragraphs; ``reuse`` paragraphs (from an earlier story) are mixed in."""
        r = self.rng
        words = TOPICS[topic].split()
        cast = [self.person() for _ in range(r.randint(2, 4))]
        place, org = r.choice(PLACES), f"{r.choice(PLACES)} {r.choice(['Council', 'Union', 'Authority', 'Agency', 'Institute'])}"
        paras = [
            " ".join(self.sentence(words, cast, place, org) for _ in range(r.randint(2, 4)))
            for _ in range(r.randint(5, 10))
        ]
        for p in reuse or []:
            paras.insert(r.randint(1, len(paras)), p)
        title = f"{place} {r.choice(words)} {r.choice(WORDS)}: {r.choice(cast).split()[1]} {r.choice(VERBS)}s {r.choice(words)}"
        return title, paras

    def copy(self, title: str, paras: list[str], site: str, update: str) -> tuple[str, str]:
        """One syndicated copy: a site template around the story and a few light edits.

        ``update`` is a paragraph written later: some copies are the updated wire version, with
        it as a new top paragraph and one old paragraph dropped.
        """
        r = self.rng
        paras = list(paras)
        if r.random() < 0.15:
            del paras[r.randrange(1, len(paras))]
            paras.insert(0, update)
        if r.random() < 0.3 and len(paras) > 4:
            paras = paras[: -1 if len(paras) < 8 else -r.randint(1, 2)]  # trimmed ending
        if r.random() < 0.3:
            i = r.randrange(len(paras))
            sentences = paras[i].split(". ")
            if len(sentences) > 1:
                del sentences[r.randrange(len(sentences))]  # an edited-out sentence
                paras[i] = ". ".join(sentences)
        if r.random() < 0.2:
            i = r.randrange(len(paras))
            paras[i] = paras[i].replace(" the ", " this ", 1).replace(" said", " says", 1)
        if r.random() < 0.3:
            title = f"{title.split(':')[0]}: what happens next"  # changed headline
        sep = r.choice(("\n\n", "\n", "\n \n"))
        body = sep.join(paras)
        if r.random() < 0.5:
            body = body.replace('"', "\u201c", 1).replace('"', "\u201d", 1)  # quote style
        if r.random() < 0.3:
            body = body.replace(". ", ".  ")  # whitespace
        head = r.choice(HEADERS)
        foot = r.choice(FOOTERS).format(title=title, site=site)
        return title, f"{head}{body}{foot}"


def generate(n: int, seed: int = 7, max_copies: int = 12) -> Iterator[dict[str, Any]]:
    """``n`` articles in a deterministic order: singletons, syndicated clusters, follow-ups.

    About half the stories have one copy; the rest have 2..``max_copies`` (a heavy tail, as with
    wire copy). A fifth of the stories are follow-ups on the same topic that repeat one to three
    paragraphs of an earlier story: they are *different* stories and must stay apart.
    """
    w = StoryWriter(seed)
    r = w.rng
    emitted, story_no = 0, 0
    recent: list[list[str]] = []
    while emitted < n:
        topic = r.choice(list(TOPICS))
        reuse = r.sample(r.choice(recent), r.randint(1, 3)) if recent and r.random() < 0.2 else None
        title, paras = w.story(topic, reuse)
        update = w.story(topic)[1][0]
        recent = (recent + [paras])[-50:]
        copies = 1 if r.random() < 0.5 else min(max_copies, 2 + int(r.expovariate(0.4)))
        for c in range(min(copies, n - emitted)):
            site = r.choice(SITES)
            t, text = (title, "\n\n".join(paras)) if c == 0 else w.copy(title, paras, site, update)
            yield {
                "id": f"g{emitted:07d}",
                "title": t,
                "text": text,
                "source": site,
                "url": f"https://{site}/{story_no}/{c}",
                "published": f"2026-{1 + story_no % 12:02d}-{1 + c % 28:02d}",
                "story": f"s{story_no}",
            }
            emitted += 1
        story_no += 1
