"""Bytes to text: reading one input file (or stdin) and decoding it, or saying why not.

Every reader in ``sources`` goes through ``read_bytes`` and ``decode_bytes``, so the limits and
the encoding rules are the same for a file, an HTTP body, a WARC record and stdin.

Decoding order, first that applies wins:
1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. strict UTF-8 (bytes that decode as UTF-8 and are not ASCII are UTF-8 in practice, whatever a
   page declares: "charset=iso-8859-1" on UTF-8 pages is a common server default);
   and *mostly* UTF-8: when valid multi-byte UTF-8 characters are at least as many as the bytes
   that are not UTF-8, the text is UTF-8 with U+FFFD for each bad sequence. One stray byte in a UTF-8
   file used to send the whole file to Windows-1252, turning every “ into â€œ, so its direct
   quotes vanished; Windows-1252 text practically never forms valid multi-byte sequences, so
   it still gets step 5. The replacement characters stay in the text, visible where the damage
   was, and count towards the binary-data check; the file is not reported as failed;
3. an encoding the container declared (HTTP header, ``<meta charset>``), if it decodes cleanly;
4. charset_normalizer's guess when it is a non-Latin script (Cyrillic, Greek, CJK, ...);
5. Windows-1252, the web's reading of "Latin-1" (WHATWG), with Latin-1 for its five unmapped bytes.

Step 5 overrides charset_normalizer for Latin-script single-byte text because measured on short
English/French/German Windows-1252 sentences it guessed cp775 or cp1250 and garbled “quotes” and
accented letters; byte statistics cannot tell those code pages apart on a news-sized sample.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
import zlib
from pathlib import Path
from typing import BinaryIO

from quotewire.errors import InputError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""One document (file, HTTP body, WARC record, JSONL line) above this is refused as "too_big".

Real news pages are well under 5 MB; 20 MB leaves room for inline images while keeping a
mistaken input (a disk image, a database dump) from being parsed as an article.
"""

MAX_CONTROL_RATIO = 0.02
"""Decoded text where more than this share of characters are control or U+FFFD is binary."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
GZIP_MAGIC = b"\x1f\x8b"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_NON_LATIN_ENCODINGS = {
    "big5", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213", "euc_jp", "euc_kr",
    "gb18030", "gb2312", "gbk", "hz", "iso2022_jp", "iso2022_kr", "johab", "shift_jis",
    "shift_jis_2004", "shift_jisx0213", "cp1251", "cp1253", "cp1255", "cp1256", "cp874",
    "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "koi8_r", "koi8_u", "mac_cyrillic",
    "mac_greek", "tis_620", "utf_16", "utf_32",
}


def _codec_name(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding.strip().strip("\"'")).name
    except LookupError:
        return None
    # WHATWG: a page labelled Latin-1 or ASCII is read as Windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


_C1_AS_CP1252 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _cp1252(data: bytes) -> str:
    """Windows-1252 where defined, Latin-1 for the five bytes it leaves unmapped."""
    return data.decode("latin-1").translate(_C1_AS_CP1252)


def _guess_non_latin(data: bytes) -> str | None:
    """charset_normalizer's decoding, but only when it finds a non-Latin script."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    name = _codec_name(best.encoding)
    if name and name.replace("-", "_") in _NON_LATIN_ENCODINGS:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            return None
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """The UTF-8 reading of ``data`` with U+FFFD for bad bytes, when its valid multi-byte characters
    are at least as many as its bad sequences; else ``None``."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return text if good >= bad else None


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    encoding = _codec_name(declared)
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeError, LookupError):  # LookupError: a declared non-text codec ("base64", "rot13")
            pass
    return _guess_non_latin(data) or _cp1252(data)


def decode_bytes(data: bytes, input: str, declared: str | None = None) -> str:
    """Decode a document's bytes (see the module docstring for the order of rules).

    ``declared`` is an encoding the container named (HTTP ``charset=``, ``<meta charset>``);
    it is used when the bytes are not UTF-8 and decode under it without error. Raises ``InputError``
    for empty or binary data.
    """
    if not data.strip():
        raise InputError(input, "empty", "empty input (no text)")
    if b"\x00" in data[:65536] and not data.startswith(tuple(b for b, _ in _BOMS)):
        raise InputError(input, "binary", "binary data, not text (contains NUL bytes)")
    text = _decode(data, declared)
    sample = text[:200_000]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_RATIO * len(sample):
        raise InputError(input, "binary", "binary data, not text (mostly control characters)")
    if not text.strip():
        raise InputError(input, "empty", "empty input (no text)")
    return text


def _too_big(input: str, size: int) -> InputError:
    return InputError(
        input,
        "too_big",
        f"too big ({size / 1024 / 1024:.1f} MB; the limit is {MAX_DOCUMENT_BYTES // 1024 // 1024} MB)",
    )


def gunzip(data: bytes, input: str) -> bytes:
    """Decompress a gzip'd document, refusing bombs that inflate past the size limit."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_DOCUMENT_BYTES + 1)
    except zlib.error as exc:
        raise InputError(input, "corrupt", f"corrupt gzip data ({exc})") from None
    if len(out) > MAX_DOCUMENT_BYTES:
        raise _too_big(input, len(out))
    if not inflater.eof:
        raise InputError(input, "corrupt", "truncated gzip data")
    return out


def read_bytes(path_or_dash: str, stdin: BinaryIO | None = None) -> bytes:
    """The raw bytes of a file (``-``: ``stdin``, by default the process's), gunzipped if gzip'd,
    within the size limit."""
    if path_or_dash == "-":
        data = (stdin or sys.stdin.buffer).read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise _too_big("-", len(data))
    else:
        path = Path(path_or_dash)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise InputError(path_or_dash, "missing", "no such file") from None
        except OSError as exc:
            raise InputError(path_or_dash, "unreadable", f"cannot read ({exc.strerror})") from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(path_or_dash, "directory", "is a directory, not a file")
        if st.st_size > MAX_DOCUMENT_BYTES:
            raise _too_big(path_or_dash, st.st_size)
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise InputError(path_or_dash, "unreadable", f"cannot read ({exc.strerror})") from None
        if len(data) > MAX_DOCUMENT_BYTES:
            raise _too_big(path_or_dash, len(data))
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, path_or_dash)
    return data


def read_text(path_or_dash: str) -> str:
    """The text of a file or of stdin (``-``), decoded; ``InputError`` says why when it cannot be."""
    return decode_bytes(read_bytes(path_or_dash), path_or_dash)


__all__ = ["GZIP_MAGIC", "MAX_DOCUMENT_BYTES", "decode_bytes", "gunzip", "read_bytes", "read_text"]
