"""The Dask path gives exactly what the local batch loop gives, in the same order."""

from __future__ import annotations

import pytest

from conftest import NEWS_SENTENCES
from quotewire.models import Article
from quotewire.run.analysis import analyze_guarded
from quotewire.run.cluster import analyze_on_dask
from quotewire.run.config import RunConfig

distributed = pytest.importorskip("distributed")

SENTENCES = [*NEWS_SENTENCES, ""]  # and an empty article


def as_gold(results) -> list[tuple[str, list[dict], str | None]]:
    return [(r.article.id, [q.to_gold() for q in r.quotes], r.error) for r in results]


def test_dask_results_equal_local_run_in_input_order():
    articles = [Article(id=f"s{i}", text=t, input=f"sentence {i}") for i, t in enumerate(SENTENCES * 2)]
    local = as_gold(analyze_guarded(articles, RunConfig(spacy_batch=4)))
    assert any(quotes for _, quotes, _ in local), "the extractor found nothing; the comparison would be empty"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = as_gold(analyze_on_dask(articles, client=client, partition_size=3, config=RunConfig(spacy_batch=2)))
    assert remote == local


def test_rejects_empty_partitions():
    with pytest.raises(ValueError, match="partition_size"):
        list(analyze_on_dask([], client=object(), partition_size=0))


@pytest.mark.slow
def test_without_client_starts_and_closes_a_local_cluster_of_worker_processes():
    articles = [Article(id=f"p{i}", text=t) for i, t in enumerate(SENTENCES[:4])]
    remote = as_gold(analyze_on_dask(articles, partition_size=2, n_workers=1))
    assert remote == as_gold(analyze_guarded(articles))


def test_the_scale_bench_placement_section_runs(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """bench/scale.py's placement section drives ingest with a Deduplicator of its own: it broke
    silently once when ingest's call changed, so it is run here on a few articles."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("bench_scale", Path(__file__).parents[1] / "bench" / "scale.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.placement(40, tmp_path)
    assert "batched placement:" in capsys.readouterr().out
