"""Rules registered by name, composed in a declared order (as spaCy registers its components).

Each kind of rule has one ``Registry``: the paragraph rules (``extract/rules``), the document
passes (``extract/passes``) and the content rules of the cue reader (``extract/content``). A rule
module registers itself with a decorator; the package's ``ORDER`` tuple says which rules run, in
which order. A rule set can leave a rule out by name (``bench/accuracy.py --by-rule`` measures
each rule that way), and an unknown name fails loudly instead of silently running nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from quotewire.errors import UnknownRule

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class Rule(Generic[F]):
    """A registered rule: its name, the function and, for paragraph rules, whether finding
    something ends the paragraph (``final``)."""

    name: str
    apply: F
    final: bool = False


class Registry(Generic[F]):
    """Rules of one kind by name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._rules: dict[str, Rule[F]] = {}

    def register(self, name: str, final: bool = False) -> Callable[[F], F]:
        """Decorator: register the function under ``name``."""

        def add(fn: F) -> F:
            if name in self._rules:
                raise ValueError(f"{self.kind} {name!r} registered twice")
            self._rules[name] = Rule(name, fn, final)
            return fn

        return add

    def __getitem__(self, name: str) -> Rule[F]:
        try:
            return self._rules[name]
        except KeyError:
            raise UnknownRule(f"no {self.kind} named {name!r}") from None

    def names(self) -> tuple[str, ...]:
        return tuple(self._rules)

    def pick(self, order: Iterable[str]) -> tuple[Rule[F], ...]:
        """The rules named in ``order``, in that order."""
        return tuple(self[name] for name in order)


def import_all(package: str, path: Iterable[str]) -> None:
    """Import every module of a rules package, so that each registers itself: adding a rule is
    adding its module (and its name to the order tuple), nothing else."""
    for module in pkgutil.iter_modules(path):
        importlib.import_module(f"{package}.{module.name}")


PARAGRAPH_RULES: Registry[Callable[..., object]] = Registry("paragraph rule")
"""Rules over one paragraph view (``extract/rules``), in ``rules.PARAGRAPH_ORDER``."""
DOCUMENT_PASSES: Registry[Callable[..., object]] = Registry("document pass")
"""Passes over all of a document's candidates (``extract/passes``), in ``passes.DOCUMENT_ORDER``."""
CONTENT_RULES: Registry[Callable[..., object]] = Registry("content rule")
"""What a cue verb reports (``extract/content``), tried in ``content.CONTENT_ORDER``."""
