"""The one run: inputs -> sources -> clean -> dedup -> analyze -> scope -> store and/or sinks.

Every command that finds statements runs it, with the stages and outputs it needs: ``ingest``
(store, and statements JSONL or CSV), the API's ingest (store), ``extract`` (the terminal, no
clustering), ``annotate``/``eval`` (gold-format predictions, no cleaning, no clustering) and each
part of a Dask ingest (``run.cluster``). One ``RunConfig`` says what to extract and keep.

Everything streams: articles are read and cleaned one at a time, then analysed, placed in story
clusters and saved a batch at a time, so memory holds one batch of texts plus the deduplicator's
signatures, however large the input. Each batch is one store transaction, its placement in the
story index included: an interrupted run keeps every batch it committed and nothing of the others,
and a rerun skips the articles already stored (same id, same text), so it picks up where the last
one stopped, counts what a clean run would, and re-ingesting changes nothing.

Bad input never stops a run: a reader's failure, anything a stage raises for one article
(``run.stages``) and an article the extractor failed on become ``Failure`` records in the report
(and the store's run log), and the run goes on.
Analysis runs in supervised worker processes (``quotewire.run.workers``): an article that hangs, kills
its worker or exhausts its memory cap fails alone, as a ``timeout``, ``worker_died`` or ``memory``
failure.
"""

from __future__ import annotations

import gc
import json
import sys
import threading
import time
import traceback
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from quotewire.errors import DETAIL, InputError, one_line
from quotewire.extract.scope import scoped
from quotewire.models import AnalyzedArticle, Article, Failure, Quote, Skipped, is_extractable, stable_hash
from quotewire.run.config import RunConfig
from quotewire.run.sinks import Sink
from quotewire.run.stages import FailureSink, Stage, clean, run_stage

if TYPE_CHECKING:
    from quotewire.dedup import Deduplicator, Kind
    from quotewire.store import Store


class Analyzer(Protocol):
    """What turns a batch of articles into analysed articles, one result per article, in order,
    parsing ``batch_size`` texts per spaCy batch: the local ``run.analysis.analyze_guarded`` by
    default; a test's stand-in."""

    def __call__(self, articles: Iterable[Article], *, batch_size: int) -> Iterable[AnalyzedArticle]: ...


_Outcome = tuple[str, list[Quote]] | Failure
"""One article's analysis in a batch: ("analysed" | "reused" | "non_english", its statements), or
the failure that keeps it unsaved."""


class _Committed(NamedTuple):
    """One article of a committed batch: how it was placed (None: the run does not cluster), what
    its analysis came to ("analysed", "reused", "non_english", or its failure), what was saved."""

    kind: Kind | None
    outcome: str | Failure
    item: AnalyzedArticle | None

REUSED_ANALYSES = 1024
"""Analyses remembered by exact text: the same wire story on many sites is parsed once (analysis
depends on the text alone, and identical text means identical offsets). Bounded, most recent kept."""


@dataclass
class IngestReport:
    """What one ingest did, for the summary line, ``--report FILE.json`` and the store's run log."""

    inputs: list[str] = field(default_factory=list)
    run_id: int | None = None
    articles_read: int = 0
    cleaned: int = 0
    already_ingested: int = 0  # same id and text as one stored earlier or seen earlier in this run
    exact_duplicates: int = 0
    near_duplicates: int = 0
    new_clusters: int = 0
    non_english: int = 0
    analysed: int = 0
    analyses_reused: int = 0  # identical texts (exact copies) analysed once
    statements: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # records that are no article, by reason ("revisit", "http 404")
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def duplicates_merged(self) -> int:
        return self.exact_duplicates + self.near_duplicates

    @property
    def failures_by_reason(self) -> dict[str, int]:
        return dict(Counter(f.reason for f in self.failures))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["duplicates_merged"] = self.duplicates_merged
        d["failures_by_reason"] = self.failures_by_reason
        return d

    def summary(self) -> str:
        """One line for people, story clusters in plain words; ``to_dict`` is the machine-readable form."""
        failed = ", ".join(f"{n} {reason}" for reason, n in sorted(self.failures_by_reason.items()))
        parts = [
            f"{self.articles_read} articles read",
            f"{self.cleaned} cleaned",
            _stories(self.new_clusters, self.exact_duplicates, self.near_duplicates),
            f"{self.statements} statements extracted",
            f"{len(self.failures)} failures" + (f" ({failed})" if failed else ""),
        ]
        if self.already_ingested:
            parts.insert(2, f"{self.already_ingested} already in the database")
        if self.non_english:
            parts.insert(-2, f"{self.non_english} not in English (kept, not analysed)")
        if self.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            parts.insert(1, f"{sum(self.skipped.values())} records skipped ({reasons})")
        return "; ".join(parts) + f"; {self.seconds:.1f}s"


def _stories(new: int, exact: int, near: int) -> str:
    """Story clusters in words: new stories, and the copies (syndicated, reposted, edited) that
    joined a story instead of counting as one, so that a quote they repeat is counted once."""
    line = f"{new} new {'story' if new == 1 else 'stories'}"
    copies = exact + near
    if copies:
        line += (f", and {copies} {'article was a copy' if copies == 1 else 'articles were copies'} of a story "
                 f"already seen ({exact} identical, {near} edited), grouped with it so a quote repeated in "
                 "copies counts once")
    return line


def _default_analyzer(config: RunConfig) -> Analyzer:
    """The local analysis: supervised worker processes under ``config.limits`` (``run.workers``),
    the first of them started now, so that it loads the model while the first batch is read."""
    from quotewire.run.analysis import analyze_guarded
    from quotewire.run.workers import prestart

    prestart(config.limits, config.extractor)
    return lambda articles, *, batch_size: analyze_guarded(articles, config)


class _Run:
    """One ingest in progress: the stages between the input stream and the outputs, and the counts."""

    def __init__(self, report: IngestReport, dedup: Deduplicator | None, store: Store | None, sinks: Sequence[Sink],
                 analyze: Analyzer, clean: Stage | None, skip_stored: bool, on_failure: FailureSink | None,
                 spacy_batch: int, extractor: str) -> None:
        self.report, self.dedup, self.store, self.sinks = report, dedup, store, sinks
        self.extractor = extractor  # recorded with each article it analyses
        self.analyze, self.clean, self.skip_stored, self.on_failure = analyze, clean, skip_stored, on_failure
        self.spacy_batch = spacy_batch
        self._unsaved_failures: list[Failure] = []
        self._analyses: OrderedDict[str, list[Quote]] = OrderedDict()  # text hash -> quotes

    def fail(self, failure: Failure) -> None:
        self.report.failures.append(failure)
        self._unsaved_failures.append(failure)
        if self.on_failure is not None:
            self.on_failure(failure)

    def cleaned(self, items: Iterable[Article | Failure], batch_size: int) -> Iterator[Article]:
        """Clean each article (unless the run has no cleaning stage) and, ``batch_size`` at a time,
        leave out those already stored (``_unseen``); failures go no further. Placing them in story
        clusters waits for their batch's commit (``commit``)."""
        cleaned: list[Article] = []
        for item in items:
            if isinstance(item, Failure):
                self.fail(item)
                continue
            if isinstance(item, Skipped):
                self.report.skipped[item.reason] = self.report.skipped.get(item.reason, 0) + 1
                continue
            self.report.articles_read += 1
            article = item if self.clean is None else run_stage(self.clean, item, "clean", "cleaning")
            if isinstance(article, Failure):
                self.fail(article)
                continue
            self.report.cleaned += 1
            cleaned.append(article)
            if len(cleaned) >= batch_size:
                yield from self._unseen(cleaned)
                cleaned = []
        yield from self._unseen(cleaned)

    def _unseen(self, articles: list[Article]) -> list[Article]:
        """The articles less those the story index already holds (same id, same text), counted and
        never analysed, when the run skips them; one read of the index, no lock."""
        if self.dedup is None or not self.skip_stored or not articles:
            return articles
        known = self.dedup.known(articles)
        self.report.already_ingested += sum(known)
        return [a for a, k in zip(articles, known, strict=True) if not k]

    def run(self, batches: Iterable[list[Article]]) -> None:
        """Analyse and commit each batch in turn; while one batch is saved, the next is already
        being analysed (in a thread that waits on the analysis workers), so the workers never
        idle for the database. At most two batches are in hand."""
        pending: list[tuple[list[Article], _Ahead]] = []
        try:
            for batch in batches:
                done = pending[0][1].wait() if pending else {}
                analysed = {key for key, r in done.items() if not r.error}  # about to be remembered
                pending.append((batch, _Ahead(self.analyze, self._new_texts(batch, analysed), self.spacy_batch)))
                if len(pending) == 2:
                    self.commit(pending.pop(0)[0], done)
            if pending:
                self.commit(pending[0][0], pending[0][1].wait())
        finally:
            for _, ahead in pending:
                ahead.cancel()

    def commit(self, articles: list[Article], results: dict[str, AnalyzedArticle]) -> None:
        """Place one analysed batch in story clusters and save it, in one store transaction; then
        count it and hand each saved article to the sinks. The index and the articles commit
        together, so an interrupted commit keeps neither and the rerun places and counts the batch
        as a clean run does (the index used to commit first: a rerun found the unsaved articles'
        own texts in it and counted them as copies)."""
        outcomes = self._outcomes(articles, results)
        for kind, outcome, item in self._save(articles, outcomes):
            if kind == "known":
                self.report.already_ingested += 1
                if self.skip_stored:
                    continue
            elif kind is not None:
                counted = {"exact": "exact_duplicates", "near": "near_duplicates", "new": "new_clusters"}[kind]
                setattr(self.report, counted, getattr(self.report, counted) + 1)
            if isinstance(outcome, Failure):
                self.fail(outcome)
            elif outcome == "non_english":
                self.report.non_english += 1
            else:
                self.report.analyses_reused += 1 if outcome == "reused" else 0
                self.report.analysed += 1
            if item is not None:
                self.report.statements += len(item.quotes)
                for sink in self.sinks:
                    sink.write(item)
        self.flush_failures()

    def _outcomes(self, articles: list[Article], results: dict[str, AnalyzedArticle]) -> list[_Outcome]:
        """What each article's analysis came to: its statements (analysed now, or reused from the
        same text analysed before), none (not English), or the failure that keeps it unsaved, so
        that a rerun (after the extractor is fixed) tries it again."""
        outcomes: list[_Outcome] = []
        reusable = self._recalled(articles)  # taken first: remembering below may evict
        for article in articles:
            if not is_extractable(article):
                outcomes.append(("non_english", []))
                continue
            key = stable_hash(article.text)
            result = results.get(key)
            if key in reusable:
                outcomes.append(("reused", reusable[key]))
            elif result is None or result.error:
                outcomes.append(_analysis_failure(article, result))
            else:
                outcomes.append(("analysed", self._remember(key, result.quotes)))
                reusable[key] = result.quotes
        return outcomes

    def _save(self, articles: list[Article], outcomes: list[_Outcome]) -> list[_Committed]:
        """Place and save the batch (``_write``); when the database refuses an article's data (a NUL
        byte in PostgreSQL text, a lone surrogate from JSON input) one by one, so only that
        article fails, unplaced. Each committed article's placement, outcome and saved item."""
        if self.store is None:
            return self._write(articles, outcomes)
        from sqlalchemy.exc import DataError

        refused = (DataError, ValueError)
        try:
            return self._write(articles, outcomes)
        except refused:
            pass
        kept = []
        for article, outcome in zip(articles, outcomes, strict=True):
            try:
                kept.extend(self._write([article], [outcome]))
            except refused as e:
                name = article.input or article.id
                detail = one_line(str(getattr(e, "orig", None) or e), DETAIL)
                self.fail(Failure(input=name, reason="store", message=f"{name}: cannot store ({detail})"))
        return kept

    def _write(self, articles: list[Article], outcomes: list[_Outcome]) -> list[_Committed]:
        """In one transaction of the store (``Store.write_batch``): place the articles in story
        clusters, then save those analysed or not English, less those already stored when the run
        skips them. Fingerprinting, the costly part of placing, is done before the write lock."""
        p = None
        if self.dedup is not None:
            from quotewire.dedup import prints

            p = prints(articles)

        def write(conn: Any) -> list[_Committed]:
            placed: list[tuple[Article, Kind | None]] = [(a, None) for a in articles]
            if self.dedup is not None:
                placed = [(a.article, a.kind) for a in self.dedup.place_many(p, within=conn)]
            done = []
            for (article, kind), outcome in zip(placed, outcomes, strict=True):
                if isinstance(outcome, Failure):
                    done.append(_Committed(kind, outcome, None))
                    continue
                kept = not (kind == "known" and self.skip_stored)
                extractor = None if outcome[0] == "non_english" else self.extractor
                done.append(_Committed(kind, outcome[0], AnalyzedArticle(article, outcome[1], extractor=extractor)
                                       if kept else None))
            items = [d.item for d in done if d.item is not None]
            if self.store is not None and items:
                self.store.save_batch(items, self.report.run_id, within=conn)
            return done

        return write(None) if self.store is None else self.store.write_batch(write)

    def _new_texts(self, articles: list[Article], analysed: set[str]) -> dict[str, Article]:
        """Each distinct English text of the batch not analysed recently (nor in ``analysed``),
        by text hash."""
        todo: dict[str, Article] = {}
        for a in articles:
            key = stable_hash(a.text)
            if is_extractable(a) and key not in self._analyses and key not in analysed:
                todo.setdefault(key, a)
        return todo

    def _recalled(self, articles: list[Article]) -> dict[str, list[Quote]]:
        """The remembered analyses of this batch's texts (marked recently used)."""
        found = {}
        for key in {stable_hash(a.text) for a in articles} & self._analyses.keys():
            self._analyses.move_to_end(key)
            found[key] = self._analyses[key]
        return found

    def _remember(self, key: str, quotes: list[Quote]) -> list[Quote]:
        self._analyses[key] = quotes
        if len(self._analyses) > REUSED_ANALYSES:
            self._analyses.popitem(last=False)
        return quotes

    def flush_failures(self, wait_s: float | None = None) -> None:
        if self.store is not None and self._unsaved_failures:
            self.store.record_failures(self._unsaved_failures, self.report.run_id, wait_s=wait_s)
        self._unsaved_failures = []


CANCEL_WAIT = 5.0
"""Seconds an interrupted run waits for the next batch's analysis to stop before it goes on exiting."""


class _Ahead:
    """One batch's analysis, run in a thread while the caller commits the batch before it.

    The thread only waits on the analyser (worker processes, or a cluster): the pipeline's own
    state is touched by the caller alone. ``cancel`` stops it between results, which closes the
    analyser's stream (the supervisor then kills its busy workers): Ctrl-C is not held up by it.
    """

    def __init__(self, analyze: Analyzer, todo: dict[str, Article], batch_size: int) -> None:
        self._todo, self._results = todo, {}
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(analyze, batch_size), daemon=True,
                                        name="quotewire-analysis")
        self._thread.start()

    def _run(self, analyze: Analyzer, batch_size: int) -> None:
        if not self._todo:
            return
        try:
            results = analyze(list(self._todo.values()), batch_size=batch_size)
            by_id = {}
            try:
                for r in results:
                    if self._stop.is_set():
                        break
                    by_id[r.article.id] = r
            finally:
                close = getattr(results, "close", None)
                if close is not None:
                    close()
            self._results = {key: by_id[a.id] for key, a in self._todo.items() if a.id in by_id}
        except BaseException as e:  # noqa: BLE001 - handed to the caller, which raises it
            self._error = e

    def wait(self) -> dict[str, AnalyzedArticle]:
        """The analyses by text hash, once done; what the analyser raised, raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._results

    def cancel(self) -> None:
        """Stop at the next result; not waited for long: the supervisor ends its own work, within
        one article's budget at most, in its daemon thread."""
        self._stop.set()
        self._thread.join(CANCEL_WAIT)


def _analysis_failure(article: Article, result: AnalyzedArticle | None) -> Failure:
    name = article.input or article.id
    if result is None:
        message = f"{name}: no analysis result"
    elif result.article.id == article.id:
        message = result.error or f"{name}: analysis failed"
    else:
        message = f"{name}: same text as {result.article.input or result.article.id}, whose analysis failed"
    reason = result.error_reason if result is not None and result.error_reason else "analysis"
    return Failure(input=name, reason=reason, message=message)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def _scoped(analyze: Analyzer, scope: str) -> Analyzer:
    """``analyze`` keeping only the statements in ``scope``: the one place a run applies it."""
    if scope == "all":
        return analyze
    return lambda articles, *, batch_size: (scoped(r, scope) for r in analyze(articles, batch_size=batch_size))


@contextmanager
def _progress_bar(report: IngestReport, skip_stored: bool) -> Iterator[None]:
    """A live bar (``quotewire.progress``) of the items finished (stored, skipped or failed; reading
    runs at most two batches ahead of them): done of total, percentage and time left when the
    inputs' size is cheap to know (``sources.counting``: JSONL lines, files of a directory), else a count."""
    from quotewire.progress import progress
    from quotewire.sources.counting import expected_items

    total = expected_items(report.inputs)
    stop = threading.Event()
    with progress("ingesting", total=total) as advance:

        def follow() -> None:
            while not stop.wait(0.25):
                done = (report.analysed + report.non_english + len(report.failures)
                        + (report.already_ingested if skip_stored else 0))
                advance(f"{report.articles_read} articles read, {report.duplicates_merged} copies of a story, "
                        f"{report.statements} statements, {len(report.failures)} failures",
                        completed=done, total=max(total, done) if total is not None else None)

        follower = threading.Thread(target=follow, name="ingest-progress", daemon=True)
        follower.start()
        try:
            yield
        finally:
            stop.set()
            follower.join()


def _store_deduplicator(store: Store) -> Deduplicator:
    """A deduplicator over the store's own story index: nothing to load, memory flat in the corpus
    size, and every writer of the database (another process, a Dask worker) shares its clusters."""
    from quotewire.dedup import Deduplicator

    return Deduplicator(index=store.story_index())


def ingest_articles(items: Iterable[Article | Failure], store: Store | None = None, *,
                    config: RunConfig | None = None, sinks: Sequence[Sink] = (),
                    analyze: Analyzer | None = None, dedup: Deduplicator | None = None,
                    clean_stage: Stage | None = clean, place: bool = True,
                    inputs: list[str] | None = None, progress: bool = False,
                    reanalyse: bool = False, on_failure: FailureSink | None = None) -> IngestReport:
    """The run over ``items`` (articles, and failures from reading them): clean, cluster, analyse,
    keep the statements in ``config.scope``, save to ``store`` and hand each article to ``sinks``.

    With a ``store``, its earlier articles seed the deduplicator (copies merge into earlier runs'
    clusters) and articles it already holds (same id, same text) are skipped, unless ``reanalyse``
    (after the extractor changed) or there are ``sinks``, which then get every article.
    ``clean_stage=None`` analyses the texts as given (gold documents); ``place=False`` skips
    clustering (commands that print or annotate). A Failure in ``items`` is counted and logged like
    one found here. Without ``analyze``, analysis runs in supervised worker processes under
    ``config.limits`` with ``config.extractor``.
    """
    config = config or RunConfig()
    if dedup is None and place:  # imported here: commands that do not cluster need no numpy
        from quotewire.dedup import Deduplicator

        dedup = _store_deduplicator(store) if store is not None else Deduplicator()
    started = time.perf_counter()
    report = IngestReport(inputs=list(inputs or []))
    if store is not None:
        report.run_id = store.start_run(report.inputs)
    skip_stored = not sinks and not reanalyse
    run = _Run(report, dedup if place else None, store, sinks,
               _scoped(analyze or _default_analyzer(config), config.scope), clean_stage,
               skip_stored=skip_stored, on_failure=on_failure, spacy_batch=config.spacy_batch,
               extractor=config.extractor)
    stopped: BaseException | None = None
    try:
        with _progress_bar(report, skip_stored) if progress else nullcontext():
            run.run(_batches(run.cleaned(items, config.store_batch), config.store_batch))
    except BaseException as e:
        report.interrupted = True
        stopped = e
        raise
    finally:
        report.seconds = time.perf_counter() - started
        try:
            _record_run(run, store, report, stopped)
        finally:
            for sink in sinks:
                sink.close()
    return report


CLOSING_WAIT_S = 2.0
"""Seconds the closing writes of a stopping run wait for a locked SQLite database, each of two tries."""


def _record_run(run: _Run, store: Store | None, report: IngestReport, stopped: BaseException | None) -> None:
    """The run's failures and its closing record.

    When the run is ``stopped`` (Ctrl-C, an error), the database may be locked by the very commit
    the interrupt cut short: an interrupt that lands in a transaction's own exit leaves it open in
    the frames the exception holds, until they let go. So the closing writes wait at most
    ``CLOSING_WAIT_S``; locked, the exception's frames let go (the transaction rolls back) and they
    try once more. Nothing the database says then replaces why the run stopped: the user sees
    "interrupted", not "database is locked" (it waited 30 s, then said that, run record open).
    Without a store there is nothing to record (and SQLAlchemy is not imported for it)."""
    if store is None:
        return
    import sqlalchemy.exc

    from quotewire.store.sql import sqlite_busy

    wait_s = None if stopped is None else CLOSING_WAIT_S
    for last in (False, True):
        try:
            run.flush_failures(wait_s)
            if report.run_id is not None:
                store.finish_run(report.run_id, report.to_dict() | {"failures": len(report.failures)}, wait_s=wait_s)
            return
        except sqlalchemy.exc.SQLAlchemyError as e:
            if stopped is None:
                raise
            if last or not sqlite_busy(e):
                return
            traceback.clear_frames(stopped.__traceback__)
            gc.collect()


def ingest_analysed_first(articles: list[Article], store: Store, *, inputs: list[str] | None = None,
                          config: RunConfig | None = None) -> IngestReport:
    """``ingest_articles`` for a few articles (one API request's), cleaned and analysed before
    anything is written: a slow article then holds up its own request for at most its time budget,
    never the requests behind it, which wait only for the store's write lock while clustering and
    committing. Each article is cleaned once; the run's cleaning stage hands back that result."""
    config = config or RunConfig()
    analyze = _default_analyzer(config)
    cleaned = {id(a): run_stage(clean, a, "clean", "cleaning") for a in articles}
    ready_texts = [a for a in cleaned.values() if isinstance(a, Article) and is_extractable(a)]
    ready = {(r.article.id, r.article.text): r for r in analyze(ready_texts, batch_size=config.spacy_batch)}

    def recalled(batch: Iterable[Article], *, batch_size: int) -> list[AnalyzedArticle]:
        batch = list(batch)
        missing = [a for a in batch if (a.id, a.text) not in ready]
        ready.update({(r.article.id, r.article.text): r for r in analyze(missing, batch_size=batch_size)})
        return [ready[(a.id, a.text)] for a in batch]

    def cleaned_once(article: Article) -> Article:
        result = cleaned[id(article)]
        if isinstance(result, Failure):
            raise InputError(result.input, result.reason, result.message.removeprefix(f"{result.input}: "))
        return result

    return ingest_articles(articles, store, config=config, analyze=recalled, clean_stage=cleaned_once, inputs=inputs)


def _read(inputs: list[str]) -> Iterable[Article | Failure]:
    from quotewire.sources import read_inputs

    return read_inputs(inputs)


def _output(out: str | None, stack: ExitStack, force: bool, db: str | None) -> list[Sink]:
    """The sink for ``--out`` (by its suffix: statements JSONL, CSV), on stdout for ``-``. A file is
    written beside its place and renamed there at the end (``quotewire.outputs``): an interrupted or
    failed run leaves no partial file."""
    from quotewire.outputs import replacing_text
    from quotewire.run.sinks import sink_for

    if out is None:
        return []
    if out == "-":
        return [sink_for(out, sys.stdout)]
    return [sink_for(out, stack.enter_context(replacing_text(out, force=force, databases=[db])))]


def ingest(inputs: list[str], *, db: str | None = None, out: str | None = None, report: str | None = None,
           progress: bool = False, save: bool = True, analyze: Analyzer | None = None, reanalyse: bool = False,
           on_failure: FailureSink | None = None, config: RunConfig | None = None, force: bool = False) -> IngestReport:
    """Ingest files, directories, globs, URLs, feeds, WARCs, JSONL or ``-`` into the store.

    ``db``: SQLite path or PostgreSQL URL (None: ``$QUOTEWIRE_DB`` or ./quotewire.db); ``save=False``
    skips the store, for ``out`` alone; ``reanalyse`` analyses again the articles it already holds;
    ``config``: extractor, scope, batch sizes and worker limits (``RunConfig``). ``out``: statements
    JSONL, or CSV for a ``.csv`` path (``-`` for stdout). ``report``: the report as JSON. ``out`` and
    ``report`` are written whole or not at all, never over the database, and over an existing file
    only with ``force``. An unusable ``db``, ``out`` or ``report`` raises ``InputError`` or a
    ``StorageError`` before anything is read; bad inputs are failures in the report, and
    ``on_failure`` hears of each one as it happens.
    """
    from quotewire.outputs import check_target, replacing_text

    config = config or RunConfig()
    for target in (out, report):
        if target is not None and target != "-":
            check_target(target, force=force, databases=[db])
    if analyze is None:  # the model loads (~1.5 s) while the store's modules load and it migrates (~0.4 s)
        from quotewire.run.workers import prestart

        prestart(config.limits, config.extractor)
    from quotewire.store import open_store

    with ExitStack() as stack:
        sinks = _output(out, stack, force, db)
        store = stack.enter_context(open_store(db)) if save else None
        result = ingest_articles(_read(inputs), store, config=config, sinks=sinks, analyze=analyze, inputs=inputs,
                                 progress=progress, reanalyse=reanalyse, on_failure=on_failure)
    if report is not None:
        with replacing_text(report, force=force, databases=[db]) as f:
            f.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return result


__all__ = ["IngestReport", "ingest", "ingest_analysed_first", "ingest_articles"]
