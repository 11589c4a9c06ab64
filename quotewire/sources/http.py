"""Fetching http(s) URLs with bounded time and size, and one clear line when it fails."""

from __future__ import annotations

import time
from dataclasses import dataclass

from quotewire.errors import InputError
from quotewire.sources.text import MAX_DOCUMENT_BYTES

DEFAULT_TIMEOUT = 15.0
"""Seconds to connect, and between bytes; the whole download gets ``TOTAL_TIMEOUT_FACTOR`` times it."""

TOTAL_TIMEOUT_FACTOR = 4
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


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT) -> Response:
    """GET ``url`` following redirects; ``InputError`` for timeouts, refusals, HTTP errors, size."""
    import httpx

    deadline = time.monotonic() + timeout * TOTAL_TIMEOUT_FACTOR
    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT},
        ) as client, client.stream("GET", url) as response:
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
                if time.monotonic() > deadline:
                    raise InputError(url, "timeout", f"download took over {timeout * TOTAL_TIMEOUT_FACTOR:g}s")
                chunks.append(chunk)
            media = response.headers.get("content-type", "")
            return Response(
                url=str(response.url),
                body=b"".join(chunks),
                content_type=media.split(";")[0].strip().lower(),
                charset=response.charset_encoding,
            )
    except httpx.TimeoutException:
        raise InputError(url, "timeout", f"no answer within {timeout:g}s") from None
    except httpx.TooManyRedirects:
        raise InputError(url, "redirects", f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.ConnectError as exc:
        raise InputError(url, "unreachable", f"cannot connect (offline or host unreachable: {exc})") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise InputError(url, "bad_url", f"invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise InputError(url, "http_error", f"download failed ({type(exc).__name__}: {exc})") from None
