"""The package's shape, checked from its source: no import cycle, stages never import what
schedules or presents them, migrations import nothing live, and docs/architecture.md names only
modules that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "quotewire"
STAGES = ("sources", "clean", "dedup", "extract", "store")
RUN = ("run", "evaluate")
INTERFACES = ("cli", "server", "export")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path) -> set[str]:
    """Every quotewire module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "quotewire":
            found |= {_resolve(f"{node.module}.{a.name}") for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {_resolve(a.name) for a in node.names if a.name.split(".")[0] == "quotewire"}
    return found - {None}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _area(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_the_import_graph_has_no_cycle() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                return [*path, module, target]
            if target not in state and (cycle := visit(target, [*path, module])):
                return cycle
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state:
            assert (cycle := visit(module, [])) is None, " -> ".join(cycle)


def test_a_cycle_would_be_found() -> None:
    """The check above on a graph that has one (so it cannot pass by finding nothing ever)."""
    saved = dict(GRAPH)
    try:
        GRAPH["quotewire.models"] = GRAPH["quotewire.models"] | {"quotewire.errors"}  # errors imports models
        with pytest.raises(AssertionError, match="quotewire.errors -> quotewire.models|quotewire.models -> quotewire.errors"):
            test_the_import_graph_has_no_cycle()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_scheduling_and_no_interface(stage: str) -> None:
    wrong = {f"{m} -> {t}" for m, targets in GRAPH.items() if _area(m) == stage
             for t in targets if _area(t) in RUN + INTERFACES}
    assert not wrong


def test_scheduling_imports_no_interface() -> None:
    wrong = {f"{m} -> {t}" for m, targets in GRAPH.items() if _area(m) in RUN for t in targets
             if _area(t) in INTERFACES}
    assert not wrong


def test_migrations_import_nothing_live() -> None:
    versions = {m for m in GRAPH if m.startswith("quotewire.migrations.versions.")}
    assert len(versions) >= 6
    wrong = {f"{m} -> {t}" for m in versions for t in GRAPH[m] if not t.startswith("quotewire.migrations.frozen")}
    assert not wrong
    frozen = {f"{m} -> {t}" for m in GRAPH if m.startswith("quotewire.migrations.frozen") for t in GRAPH[m]
              if not t.startswith("quotewire.migrations.frozen")}
    assert not frozen


def test_every_module_the_architecture_names_exists() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w/]+(?:\.py|/))`", text))
    assert len(named) > 20
    missing = [n for n in sorted(named) if not (PACKAGE / n).exists() and not (ROOT / n).exists()]
    assert not missing


def test_the_frozen_fingerprints_are_the_live_ones_while_those_stand() -> None:
    """Migration 0006's frozen copy against ``dedup.prints`` on our own sentences: when this fails
    the live fingerprints changed, and a new migration must fingerprint stored articles again."""
    import numpy as np

    from quotewire.dedup import prints
    from quotewire.migrations.frozen.story_index_0006 import index_rows
    from quotewire.models import Article, stable_hash

    texts = ["", "Ja.", "The harbour master said “the quay is open again” on Monday, and the ferries ran.",
             "Ünïcödé wörds—naïve café, 42 times", "one two three four", "word " * 40]
    p = prints([Article(id=str(i), text=t) for i, t in enumerate(texts)])
    _, signatures, bands = index_rows((f"c{i}", p.hashes[i], t) for i, t in enumerate(texts))
    assert [s["id"] for s in signatures] == p.ids.tolist()
    assert [s["digest"] for s in signatures] == [p.digests[r].astype("<u4").tobytes() if p.worded[r] else None
                                                  for r in range(len(texts))]
    keys, ids = p.band_rows()
    assert [(b["band"], b["signature_id"]) for b in bands] == list(zip(keys.tolist(), ids.tolist()))
    assert stable_hash("x") and np.any(p.worded)
