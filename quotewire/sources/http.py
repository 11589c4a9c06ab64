"""Fetching http(s) URLs within one total deadline and the size limit, optionally public hosts only.

Both guards sit in the network layer (an httpcore network backend), because that is the only place
that sees every connection and every read, on every redirect hop:

* **Deadline.** httpx's timeouts apply to each socket operation, so a server that sends one byte
  of its headers every second never times out. Here every connect, read and write gets only the
  time left until the fetch's deadline, so ``timeout`` bounds the whole fetch: DNS (resolved in a
  helper thread, as the system resolver takes no timeout) to last byte, redirects included.
* **Addresses** (``allow_private=False``). The host is resolved once, every address it resolves to
  must be public (not loopback, private, link-local, shared, reserved, multicast or unspecified),
  and the connection goes to the address that was checked, so a DNS answer that changes between
  check and connect (rebinding) cannot slip through. A redirect to a private address fails the
  same way. The CLI allows private addresses (its user is the operator); the API refuses them
  unless its operator allows them.

Environment proxy settings are not used: the checks must see the connection quotewire opens.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from quotewire.errors import InputError, PrivateAddress
from quotewire.sources.text import MAX_DOCUMENT_BYTES

DEFAULT_TIMEOUT = 15.0
"""Seconds for one whole fetch: connecting, headers, body and redirects."""

MAX_REDIRECTS = 5
USER_AGENT = "quotewire/0.1"


@dataclass(frozen=True)
class Response:
    """What a fetch hands to the readers: the body and what the server said about it."""

    url: str  # after redirects
    body: bytes
    content_type: str  # media type, lowercased, without parameters
    charset: str | None


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (an IPv4-mapped IPv6 address by its IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """The addresses ``host`` resolves to, within ``timeout`` (the system resolver has no timeout
    of its own to pass: it runs in a daemon thread that is left to finish if it is too slow)."""
    import httpcore

    outcome: list = []
    worker = threading.Thread(
        target=lambda: outcome.append(_getaddrinfo(host, port)), name="quotewire-resolve", daemon=True
    )
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise httpcore.ConnectTimeout(f"resolving {host} took too long")
    if isinstance(outcome[0], OSError):
        raise httpcore.ConnectError(f"cannot resolve {host} ({outcome[0].strerror or outcome[0]})")
    return outcome[0]


def _getaddrinfo(host: str, port: int) -> list[str] | OSError:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return exc
    return list(dict.fromkeys(info[4][0] for info in found))


def _guarded_backend(deadline: float, allow_private: bool) -> Any:
    """An httpcore network backend that enforces ``deadline`` and, unless allowed, public addresses."""
    import httpcore

    sync = httpcore.SyncBackend()

    def left(timeout: float | None) -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    class Stream(httpcore.NetworkStream):
        def __init__(self, inner: httpcore.NetworkStream) -> None:
            self._inner = inner

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self._inner.read(max_bytes, left(timeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self._inner.write(buffer, left(timeout))

        def close(self) -> None:
            self._inner.close()

        def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:  # noqa: ANN001
            return Stream(self._inner.start_tls(ssl_context, server_hostname, left(timeout)))

        def get_extra_info(self, info: str) -> Any:
            return self._inner.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ANN001
            addresses = _resolve(host, port, left(timeout))
            refused = [a for a in addresses if not is_public(a)]
            if refused and not allow_private:
                raise PrivateAddress(f"{host} is not a public address" if refused[0] == host
                                     else f"{host} resolves to the non-public address {refused[0]}")
            error: Exception = httpcore.ConnectError(f"no address for {host}")
            for address in addresses:  # like socket.create_connection: the first that answers
                try:
                    return Stream(sync.connect_tcp(address, port, left(timeout), local_address, socket_options))
                except httpcore.ConnectError as exc:
                    error = exc
            raise error

    return Backend()


def _client(timeout: float, allow_private: bool) -> Any:
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no hook for a network backend; its transport wraps this pool and maps its errors.
    transport._pool = httpcore.ConnectionPool(  # noqa: SLF001
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=_guarded_backend(time.monotonic() + timeout, allow_private),
    )
    return httpx.Client(
        transport=transport, follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT}, trust_env=False,
    )


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, *, allow_private: bool = True) -> Response:
    """GET ``url`` following redirects, all within ``timeout`` seconds; ``InputError`` for timeouts,
    refusals, HTTP errors, size, and (``allow_private=False``) non-public addresses."""
    import httpx

    try:
        with _client(timeout, allow_private) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(url, "http_error", f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_DOCUMENT_BYTES:
                raise InputError(url, "too_big", f"too big ({int(declared) / 1024 / 1024:.1f} MB)")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise InputError(url, "too_big", f"too big (over {MAX_DOCUMENT_BYTES // 1024 // 1024} MB)")
                chunks.append(chunk)
            media = response.headers.get("content-type", "")
            return Response(
                url=str(response.url),
                body=b"".join(chunks),
                content_type=media.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
            )
    except PrivateAddress as exc:
        raise InputError(url, "private_address", f"refused: {exc} (private addresses are not fetched here)") from None
    except httpx.TimeoutException:
        raise InputError(url, "timeout", f"no complete answer within {timeout:g}s") from None
    except httpx.TooManyRedirects:
        raise InputError(url, "redirects", f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.ConnectError as exc:
        raise InputError(url, "unreachable", f"cannot connect (offline or host unreachable: {exc})") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise InputError(url, "bad_url", f"invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise InputError(url, "http_error", f"download failed ({type(exc).__name__}: {exc})") from None
