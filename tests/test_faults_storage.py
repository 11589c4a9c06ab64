"""Fault injection, storage: what a user sees when the database or an output location is the
problem. Each fault is one line on stderr naming the thing and what to do, exit status 1, never
"internal error" (70); nothing stored is destroyed and no partial output is left behind."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from conftest import analyzed
from quotewire import export as ex
from quotewire.cli import app
from quotewire.errors import DatabaseMissing, ReadOnlyLocation, StorageFull
from quotewire.store import open_store
from quotewire.store.faults import storage_fault

TEXT = 'Mayor Lina Okafor said "the bridge will reopen before the spring fair" on Friday.'
READERS = (("quotes",), ("speakers",), ("stats",), ("export",), ("speaker", "Okafor"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(code: int, err: str) -> bool:
    return code == 1 and err.count("\n") == 1 and err.startswith("error:") and "internal error" not in err


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "q.db")
    with open_store(path) as store:
        store.save_batch([analyzed(TEXT, [("the bridge will reopen before the spring fair", "Lina Okafor")], id="a1")])
    return path


# -- writes that cannot destroy -------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_an_export_onto_the_database_or_its_side_files_is_refused(db: str, suffix: str) -> None:
    before = Path(db).read_bytes()
    code, _, err = run("export", "--db", db, "-o", db + suffix, "--force")
    assert one_line_error(code, err) and "is the database" in err
    assert Path(db).read_bytes() == before
    assert run("stats", "--db", db)[0] == 0


def test_an_export_onto_the_database_by_another_path_is_refused(db: str, tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(db)
    for target in (str(link), str(tmp_path / "." / "q.db")):
        code, _, err = run("export", "--db", db, "-o", target, "--force")
        assert one_line_error(code, err) and "is the database" in err
    # the default database (./quotewire.db) is protected when --db is not given
    os.chdir(tmp_path)
    Path(db).rename(tmp_path / "quotewire.db")
    code, _, err = run("export", "-o", "quotewire.db", "--force")
    assert one_line_error(code, err) and (tmp_path / "quotewire.db").stat().st_size > 0


def test_an_existing_output_is_replaced_only_with_force(db: str, tmp_path: Path) -> None:
    out = tmp_path / "quotes.jsonl"
    out.write_text("keep me\n")
    code, _, err = run("export", "--db", db, "-o", str(out))
    assert one_line_error(code, err) and "--force" in err and out.read_text() == "keep me\n"
    assert run("export", "--db", db, "-o", str(out), "--force")[0] == 0
    assert json.loads(out.read_text())["speaker"] == "Lina Okafor"


def test_a_failed_export_leaves_no_partial_file_and_a_full_disk_is_named(db: str, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def fills_the_disk(records, out, quotebank_layout=False):  # type: ignore[no-untyped-def]
        out.write("{\"partial\": ")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ex, "write_lines", fills_the_disk)
    out = tmp_path / "quotes.jsonl"
    code, _, err = run("export", "--db", db, "-o", str(out))
    assert one_line_error(code, err) and "disk full" in err and str(out) in err
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("q.db")] == []  # no output, no temporary
    out.write_text("old\n")  # and an existing file survives a failed --force export whole
    assert run("export", "--db", db, "-o", str(out), "--force")[0] == 1 and out.read_text() == "old\n"


def test_ingest_outputs_are_guarded_the_same_way(db: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    before = Path(db).read_bytes()
    for option in ("--out", "--report"):
        code, _, err = run("ingest", str(article), "--db", db, option, db)
        assert one_line_error(code, err) and "is the database" in err
    assert Path(db).read_bytes() == before


# -- read commands never create or migrate --------------------------------------------------------

@pytest.mark.parametrize("args", READERS)
def test_a_read_command_on_a_missing_or_empty_database_says_so_and_creates_nothing(tmp_path: Path, args) -> None:  # type: ignore[no-untyped-def]
    typo = tmp_path / "typo.db"
    code, _, err = run(*args, "--db", str(typo))
    assert one_line_error(code, err) and "no quotewire database" in err and "quotewire ingest" in err
    assert not typo.exists() and list(tmp_path.iterdir()) == []
    typo.write_bytes(b"")
    code, _, err = run(*args, "--db", str(typo))
    assert one_line_error(code, err) and "empty" in err and typo.stat().st_size == 0


@pytest.mark.postgres
def test_a_read_command_never_migrates_a_server_database(db_url: str) -> None:
    if not db_url.startswith("postgres"):
        pytest.skip("the server's own database: PostgreSQL")
    code, _, err = run("stats", "--db", db_url)  # a fresh schema: like the server's maintenance database
    assert one_line_error(code, err) and "no quotewire tables" in err
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"), poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
    engine.dispose()


def test_a_read_command_on_an_older_schema_asks_for_an_ingest_and_changes_nothing(db: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    code, _, err = run("quotes", "--db", db)
    assert one_line_error(code, err) and "older quotewire" in err and "quotewire ingest" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)


def test_a_read_only_database_is_read_without_its_side_files(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only filesystem: the -shm file cannot be made there, so the file is opened immutable."""
    for side in ("-wal", "-shm"):
        Path(db + side).unlink(missing_ok=True)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if mode & os.W_OK else real_access(path, mode))
    code, out, _ = run("quotes", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)["speaker"]["name"] == "Lina Okafor"
    assert not Path(db + "-shm").exists() and not Path(db + "-wal").exists()


def test_a_write_into_a_read_only_database_is_named(db: str) -> None:
    with open_store(db, write=False) as store, pytest.raises(sa.exc.DBAPIError) as caught:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM articles")
    fault = storage_fault(caught.value, db)
    assert isinstance(fault, ReadOnlyLocation) and "read-only location" in str(fault)


# -- one error taxonomy ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", [("quotes",), ("export",), ("stats",), ("ingest", "-")])
def test_a_database_from_a_newer_quotewire_names_the_versions(db: str, command) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    code, _, err = run(*command, "--db", db)
    assert one_line_error(code, err) and "newer quotewire" in err and "0099_from_the_future" in err
    assert "knows schemas up to" in err  # and which this version reads


@pytest.mark.parametrize("command", [("quotes",), ("export",), ("stats",), ("ingest", "-"), ("merge-speakers", "a", "b")])
def test_a_damaged_database_says_how_to_recover(tmp_path: Path, command) -> None:  # type: ignore[no-untyped-def]
    damaged = tmp_path / "q.db"
    damaged.write_bytes(b"these are not the pages of a SQLite database " * 200)
    code, _, err = run(*command, "--db", str(damaged))
    assert one_line_error(code, err) and "damaged database" in err and ".recover" in err


def test_ingest_into_a_database_damaged_inside_refuses_before_writing(db: str, tmp_path: Path) -> None:
    with open_store(db) as store:  # enough pages that damage can sit past the header
        store.save_batch([analyzed(f"{TEXT} Item {i}.", [], id=f"b{i}") for i in range(300)])
    data = bytearray(Path(db).read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xff" * 4096
    Path(db).write_bytes(bytes(data))
    article = tmp_path / "a.txt"
    article.write_text("Coach Ada Brill said \"we will train on the beach all week\" on Sunday.")
    code, _, err = run("ingest", str(article), "--db", db)
    assert one_line_error(code, err) and "damaged database" in err


@pytest.mark.parametrize("url", ["mysql://user:secret@db.example/quotes", "mongodb://db.example/q", "redis://127.0.0.1/0"])
def test_an_unsupported_database_url_is_one_line(url: str) -> None:
    for command in (("quotes",), ("ingest", "-")):
        code, _, err = run(*command, "--db", url)
        assert one_line_error(code, err) and "unsupported database" in err and "secret" not in err


def test_a_full_disk_under_the_database_is_named(db: str) -> None:
    error = sa.exc.OperationalError("INSERT ...", {}, sqlite3.OperationalError("database or disk is full"))
    assert isinstance(storage_fault(error, db), StorageFull)
    assert isinstance(storage_fault(OSError(errno.ENOSPC, "No space left on device"), "out.csv"), StorageFull)


def test_open_store_for_reading_is_refused_without_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        open_store(str(tmp_path / "none.db"), write=False)
    assert not (tmp_path / "none.db").exists()


@pytest.fixture
def read_only_copy(db: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The database, checkpointed, on a real read-only filesystem (a tmpfs remounted ro); skipped
    where this process may not mount."""
    import subprocess

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a filesystem here")
    try:
        (mount / "q.db").write_bytes(Path(db).read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield str(mount / "q.db")
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_database_on_a_read_only_filesystem_is_searched_and_an_ingest_there_is_named(read_only_copy: str,
                                                                                      tmp_path: Path) -> None:
    code, out, _ = run("quotes", "--db", read_only_copy, "--format", "json")
    assert code == 0 and json.loads(out)["speaker"]["name"] == "Lina Okafor"
    assert run("stats", "--db", read_only_copy)[0] == 0
    article = tmp_path / "a.txt"
    article.write_text("Coach Ada Brill said \"we will train on the beach all week\" on Sunday.")
    code, _, err = run("ingest", str(article), "--db", read_only_copy)
    assert one_line_error(code, err) and "read-only location" in err
