"""The one schema of the quote database, shared by SQLite and PostgreSQL.

A *quotation* is a statement's words (``models.quotation_key``); an *occurrence* is that quotation
in one article at given offsets, with the cue and speaker found there. Counts and first-seen dates
on ``quotations`` are kept up to date by the writer so that search reads one table. Full-text
indexes are dialect-specific and created by the migration over ``search_text`` (see ``fulltext.py``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("inputs", JSON, nullable=False),
    Column("summary", JSON),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), index=True),
    Column("input", Text, nullable=False),
    Column("reason", String(64), nullable=False),
    Column("message", Text, nullable=False),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("first_seen", String(10)),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("cluster_id", String(64), ForeignKey("clusters.id"), index=True),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("published", String(40)),  # as the source gave it; NULL: publication date unknown
    Column("date", String(10), index=True),  # the published day (YYYY-MM-DD), NULL when unknown

    Column("author", Text),
    Column("language", String(16)),
    Column("statement_extractor", String(16)),  # which extractor found its statements (vocabulary.EXTRACTORS); NULL: before 0011
    Column("republisher", Text),
    Column("input", Text),  # where it was read from: a path, URL, "path#line"
    Column("input_offset", BigInteger),  # the byte offset of its record inside ``input`` (a WARC record)
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), index=True),
    Column("minhash", LargeBinary),
    Column("error", Text),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("ingested_at", String(32), nullable=False),  # when this database got it (UTC), never a publication date
)

speakers = Table(
    "speakers",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", Text),
    Column("organisation", Text),
    Column("name_key", Text, nullable=False, index=True),  # normalised name without titles
    Column("surname", Text, index=True),  # last name token, persons only
    Column("external_id", Text, index=True),  # a known person's id from a people file (a Wikidata QID)
    Column("description", Text),  # a known person's description from a people file
    # A person's gender over all their statements (``store/genders.py``): female, male or unknown
    # (NULL for anything but a person), where the call came from (text, name, user), the share of
    # the evidence that agrees, and the evidence in words ("; "-separated).
    Column("gender", String(8), index=True),
    Column("gender_source", String(8)),
    Column("gender_confidence", Float),
    Column("gender_evidence", Text),
)

speaker_aliases = Table(
    "speaker_aliases",
    metadata,
    Column("speaker_id", String(64), ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("alias_key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Index("ix_speaker_aliases_alias_key", "alias_key"),
)

speaker_overrides = Table(
    "speaker_overrides",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # merge | split
    Column("name_key", Text, nullable=False),
    Column("article_id", String(64)),  # null: applies to this name in every article
    Column("speaker_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_speaker_overrides_name_key", "name_key"),
)

gender_overrides = Table(
    "gender_overrides",
    metadata,
    # A user's correction of a person's gender: it holds over every evidence, across re-ingest.
    Column("speaker_id", String(64), primary_key=True),
    Column("gender", String(8), nullable=False),
    Column("created_at", String(32), nullable=False),
)

quotations = Table(
    "quotations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("type", String(16), nullable=False, index=True),
    Column("cue_class", String(16), index=True),  # its first occurrence's ``Quote.cue_class``, as ``type``
    Column("speaker_id", String(64), index=True),
    Column("first_seen", String(10), index=True),
    Column("last_seen", String(10)),
    Column("num_occurrences", Integer, nullable=False, default=0),
    Column("first_article_id", String(64)),
    Column("search_text", Text),  # the tokens full-text search indexes (``fulltext.search_text``)
)

occurrences = Table(
    "occurrences",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("quotation_id", String(64), ForeignKey("quotations.id"), nullable=False, index=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_lemma", Text),
    Column("cue_class", String(16)),  # what the cue attributes (``Quote.cue_class``): speech, stance, ...
    Column("mention", Text),
    Column("mention_start", Integer),
    Column("mention_end", Integer),
    Column("speaker_id", String(64), index=True),
    Column("speaker_name", Text),  # the canonical name the extractor gave, before linking
    Column("role", Text),
    Column("organisation", Text),
    Column("addressee", Text),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("paragraph", Integer),
    Column("rule", String(64)),  # the extractor rule that found it (``Quote.rule``)
    Column("descriptors", JSON),  # words around the name that are no part of it (``Speaker.descriptors``)
    Column("link_score", Float),  # how sure the cross-article link to ``speaker_id`` is (store/linking.py)
    Column("link_evidence", JSON),  # the features that decided it, shown to users
    # What this article tells of its speaker's gender (``Speaker.gender``): the call, its source
    # (text: the article's words; name: the given name) and the evidence ("; "-separated).
    Column("speaker_gender", String(8)),
    Column("gender_source", String(8)),
    Column("gender_evidence", Text),
)

quotation_sites = Table(
    "quotation_sites",
    metadata,
    # Which sites (an article's source or republisher, lower-cased) carry each quotation, with the
    # quotation's first-seen day: "this site, newest first" is one index range, not a join over
    # every occurrence of the site's articles.
    Column("quotation_id", String(64), ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True),
    Column("site", Text, primary_key=True),
    Column("first_seen", String(10)),
    Index("ix_quotation_sites_site_first_seen", "site", "first_seen"),
)

# The story index (``store/story_index.py``): MinHash LSH kept in the database, so that memory is
# flat in the corpus size and every writer shares one index. A signature's id is its content hash
# read as a signed 64-bit integer, so no writer needs a round trip to learn it.
story_clusters = Table(
    "story_clusters",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),  # the founding signature's id
    Column("name", String(64), nullable=False),  # the public cluster id: the smallest article id placed in it
)

story_signatures = Table(
    "story_signatures",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),  # the content hash as an integer
    Column("cluster_key", BigInteger, nullable=False),
    Column("digest", LargeBinary),  # 128 little-endian uint32; NULL for text without words (exact matches only)
)

def _band_table(name: str) -> Table:
    """One row per LSH band of each signature: the table is its own index (no rowid on SQLite)."""
    return Table(name, metadata,
                 Column("band", BigInteger, primary_key=True, autoincrement=False),
                 Column("signature_id", BigInteger, primary_key=True, autoincrement=False),
                 sqlite_with_rowid=False)


story_bands = _band_table("story_bands")
# New band rows land here first and are merged into ``story_bands`` in one sorted pass once there
# are enough of them: random inserts into the big table rewrote most of its pages at every batch.
story_bands_recent = _band_table("story_bands_recent")

story_index_state = Table(
    "story_index_state",
    metadata,
    Column("name", String(32), primary_key=True),  # "recent_bands": rows in story_bands_recent
    Column("value", BigInteger, nullable=False),
)

# Quote lineage (``store/lineages.py``, docs/lineage.md): every quotation's place among the
# wordings of one quote, and the winnowed word-shingle hashes that find a wording's relatives.
quotation_lineages = Table(
    "quotation_lineages",
    metadata,
    Column("quotation_id", String(64), primary_key=True),  # no cascade: the writer removes a row with its prints
    Column("lineage_id", String(64), nullable=False, index=True),
    Column("original_id", String(64), nullable=False),  # the lineage's earliest attested wording
    Column("relation", String(16), nullable=False),  # original | verbatim | excerpt | altered
    Column("changes", JSON, nullable=False),  # [{"op", "attested", "claimed"}] against the original
    Column("original_speaker_id", String(64)),  # whom the original's first occurrence credits
    Column("prints", LargeBinary),  # its fingerprints, little-endian int64: what to remove from quote_prints
)

quote_prints = Table(
    "quote_prints",
    metadata,
    Column("print", BigInteger, primary_key=True, autoincrement=False),
    Column("quotation_id", String(64), primary_key=True),
    sqlite_with_rowid=False,
)
