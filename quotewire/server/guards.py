"""What the server does against slow, many and HEAD-asking clients, below and above the app.

``GuardedH11Protocol`` is uvicorn's HTTP/1.1 protocol with deadlines uvicorn lacks: a connection
must finish its request line and headers within ``$QUOTEWIRE_HEADER_TIMEOUT`` seconds (default 10)
and its body within ``$QUOTEWIRE_BODY_TIMEOUT`` (default 30) of its headers, or it is closed; and
at most ``$QUOTEWIRE_MAX_CONNECTIONS`` (default 512, never over half the open-file limit) are open
at once, a connection beyond them closed on arrival. A slowloris client (thousands of connections
each sending half its headers) so holds a bounded number of sockets for a bounded time, and
requests from others still get through. ``HeadAsGet`` answers HEAD wherever GET is answered:
the route runs as GET, and uvicorn sends the headers without the body.
"""

from __future__ import annotations

import asyncio
import resource
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from quotewire.environment import env_number

DEFAULT_HEADER_TIMEOUT_S = 10.0
DEFAULT_BODY_TIMEOUT_S = 30.0
DEFAULT_MAX_CONNECTIONS = 512
KEEP_ALIVE_S = 5
"""Seconds an idle keep-alive connection stays open between requests (uvicorn's timeout_keep_alive)."""


def guard_settings() -> tuple[float, float, int]:
    """Header deadline, body deadline (seconds) and the cap on open connections, from the
    environment (a bad value is a ``ConfigError`` when the server starts)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    fd_bound = soft // 2 if soft != resource.RLIM_INFINITY else DEFAULT_MAX_CONNECTIONS
    return (env_number("QUOTEWIRE_HEADER_TIMEOUT", DEFAULT_HEADER_TIMEOUT_S, float, 0.1),
            env_number("QUOTEWIRE_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT_S, float, 0.1),
            min(env_number("QUOTEWIRE_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS, int, 1), max(fd_bound, 1)))


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on reading each request and a cap on connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_s, self._body_s, self._max_connections = guard_settings()
        self._deadline: asyncio.TimerHandle | None = None
        self._watching: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self._max_connections:
            transport.abort()  # at the cap: this socket goes at once (connection_lost forgets it)
            return
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def _watch(self) -> None:
        """Keep the deadline that fits what is being read: headers (waiting for or inside a
        request head), body, or none (the app is answering)."""
        if self.transport is None or self.transport.is_closing():
            return self._cancel()
        state = self.conn.their_state
        wanted = "head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if wanted == self._watching:
            return
        self._cancel()
        self._watching = wanted
        if wanted is not None:
            self._deadline = self.loop.call_later(self._header_s if wanted == "head" else self._body_s, self._too_slow)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._watching = None, None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


class HeadAsGet:
    """ASGI middleware: a HEAD request runs the GET route (uvicorn drops the body for HEAD), so
    monitors and link checkers see the site up, not 405."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = dict(scope, method="GET")
        await self.app(scope, receive, send)
