"""Numbers read from ``$QUOTEWIRE_*`` settings, checked once where they are read.

A bad value (``QUOTEWIRE_WORKERS=two``) is a ``ConfigError`` naming the variable, raised when the
server or command starts; before, it surfaced as a 500 on the first request that read it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from quotewire.errors import ConfigError

N = TypeVar("N", int, float)


def env_number(name: str, default: N, kind: Callable[[str], N], minimum: N) -> N:
    """``$name`` parsed by ``kind`` (int or float), at least ``minimum``; ``default`` when unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"${name}: {raw[:40]!r} is not {'an integer' if kind is int else 'a number'}") from None
    if value < minimum or value != value:  # value != value: NaN
        raise ConfigError(f"${name}: must be at least {minimum}, not {raw[:40]!r}")
    return value
