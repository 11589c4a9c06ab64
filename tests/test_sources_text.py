"""read_text / decode_bytes: encodings decoded right, bad files refused with one clear line."""

from __future__ import annotations

import gzip
import io
import sys

import pytest

from quotewire.errors import InputError
from quotewire.sources import MAX_DOCUMENT_BYTES, decode_bytes, read_text

SENTENCE = "The minister said the caf\u00e9 \u201cwill reopen\u201d \u2013 na\u00efvely, some thought \u2014 in M\u00fcnchen.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_encodings_round_trip(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    assert read_text(str(path)) == SENTENCE


def test_latin1_without_declaration():
    text = "Gr\u00fc\u00dfe aus M\u00fcnchen, sagte der B\u00fcrgermeister.\n"
    assert decode_bytes(text.encode("latin-1"), "x") == text


def test_cyrillic_single_byte_is_not_read_as_latin():
    text = "\u041c\u044d\u0440 \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u043c\u043e\u0441\u0442 \u0431\u0443\u0434\u0435\u0442 \u043e\u0442\u043a\u0440\u044b\u0442 \u0432\u0435\u0441\u043d\u043e\u0439. " * 5
    assert decode_bytes(text.encode("cp1251"), "x") == text


def test_declared_encoding_is_used_when_the_bytes_are_not_utf8():
    assert decode_bytes("na\u00efve".encode("cp1252"), "x", declared="iso-8859-1") == "na\u00efve"
    assert decode_bytes("na\u00efve".encode("utf-8"), "x", declared="no-such-codec") == "na\u00efve"
    assert decode_bytes("na\u00efve".encode("utf-8"), "x", declared="iso-8859-1") == "na\u00efve"
    greek = "\u039f \u03b4\u03ae\u03bc\u03b1\u03c1\u03c7\u03bf\u03c2 \u03b5\u03af\u03c0\u03b5"
    assert decode_bytes(greek.encode("iso8859_7"), "x", declared="iso-8859-7") == greek


def test_gzip_file_is_read_transparently(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(SENTENCE.encode()))
    assert read_text(str(path)) == SENTENCE


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SENTENCE.encode("utf-8"))))
    assert read_text("-") == SENTENCE


def failure(path) -> InputError:
    with pytest.raises(InputError) as info:
        read_text(str(path))
    assert str(path) in info.value.message and "\n" not in info.value.message
    return info.value


def test_bad_files_name_the_input_and_the_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    (tmp_path / "nul.bin").write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4)
    (tmp_path / "noise.bin").write_bytes(bytes(b % 31 + 1 for b in range(4000)))
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert failure(tmp_path / "missing.txt").reason == "missing"
    assert failure(tmp_path).reason == "directory"
    assert failure(tmp_path / "empty.txt").reason == "empty"
    assert failure(tmp_path / "blank.txt").reason == "empty"
    assert failure(tmp_path / "nul.bin").reason == "binary"
    assert failure(tmp_path / "noise.bin").reason == "binary"
    assert failure(tmp_path / "bad.gz").reason == "corrupt"


def test_fifty_megabyte_file_is_too_big(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    error = failure(path)
    assert error.reason == "too_big" and "50.0 MB" in error.message
    assert MAX_DOCUMENT_BYTES < 50 * 1024 * 1024


@pytest.mark.parametrize("declared", ["rot13", "base64", "zlib", "no-such-codec"])
def test_a_declared_codec_that_is_not_a_text_encoding_is_ignored(declared):
    data = b"<html><p>The caf\xe9 owner said hi.</p></html>"
    assert decode_bytes(data, "page.html", declared=declared) == "<html><p>The caf\u00e9 owner said hi.</p></html>"
