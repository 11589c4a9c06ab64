"""Hostile parameters at the edges: integers out of any bound, URLs on private addresses, links
that would run script, and bugs that must look like bugs (500 / "internal error"), not like 404s."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import analyzed
from quotewire.server.app import create_app
from quotewire.cli import app
from quotewire.errors import InputError
from quotewire.models import Failure
from quotewire.store import open_store
from quotewire.store.search import MAX_OFFSET

TOKEN = "guard-token"
HUGE = "9" * 4_301  # past Python's int-parsing limit for str -> int
TEXT = 'Ranger Ilse Brandt said "the trail closes at dusk" by the gate.'


@pytest.fixture
def client(store):  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(TEXT, [("the trail closes at dusk", "Ilse Brandt")], id="trail",
                               url="javascript:alert(document.domain)", input="feeds/park.xml")])
    return TestClient(create_app(store, token=TOKEN), raise_server_exceptions=False)


@pytest.mark.parametrize("value", [str(2**63), HUGE, "-1", str(MAX_OFFSET + 1), "1e3"])
def test_integer_parameters_out_of_bounds_are_422_naming_them(client, value: str) -> None:  # type: ignore[no-untyped-def]
    for path, name in [("/api/quotes", "offset"), ("/api/quotes", "limit"), ("/api/speakers", "offset"),
                       ("/api/speakers", "limit"), ("/api/speakers/x", "top"), ("/", "offset"), ("/speakers", "limit")]:
        r = client.get(path, params={name: value})
        assert r.status_code == 422, (path, name, value[:30], r.status_code)
        assert name in (r.json()["error"] if path.startswith("/api/") else r.text)
        assert len(r.content) < 5_000  # the value is not echoed back whole


def test_the_deepest_allowed_page_is_simply_empty(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/quotes", params={"offset": MAX_OFFSET})
    assert r.status_code == 200 and r.json()["items"] == []


@pytest.mark.parametrize("args", [["quotes", "--offset", str(2**63)], ["quotes", "--offset", HUGE],
                                  ["quotes", "--limit", "-1"], ["speakers", "--limit", "0"],
                                  ["speaker", "Brandt", "--top", "-5"]])
def test_cli_integer_options_out_of_bounds_are_a_usage_error(tmp_path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 2 and "Invalid value" in result.stderr and result.exception is not None
    assert "Traceback" not in result.stderr and len(result.stderr) < 5_000


@pytest.mark.parametrize("allowed", [False, True])
def test_ingesting_a_url_passes_the_operators_private_address_policy(store, monkeypatch, allowed: bool) -> None:  # type: ignore[no-untyped-def]
    seen: list[bool] = []

    def read_inputs(inputs: list[str], allow_private: bool = False, **_: object):  # type: ignore[no-untyped-def]
        seen.append(allow_private)
        if not allow_private:
            yield InputError(inputs[0], "private_address", "refused: 10.0.0.7 is not a public address").failure()

    monkeypatch.setattr("quotewire.sources.read_inputs", read_inputs)
    client = TestClient(create_app(store, token=TOKEN, allow_private_urls=allowed))
    r = client.post("/api/articles", json={"url": "http://intranet.example/secret"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert seen == [allowed] and r.status_code == 422
    if not allowed:
        assert r.json()["error"] == "http://intranet.example/secret: refused: 10.0.0.7 is not a public address"


@pytest.mark.parametrize("env, allowed", [("1", True), ("true", True), ("", False), ("0", False)])
def test_the_private_address_policy_defaults_to_the_environment(store, monkeypatch, env: str, allowed: bool) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QUOTEWIRE_ALLOW_PRIVATE_URLS", env)
    inner = create_app(store).app  # create_app wraps FastAPI in the body-limit middleware
    assert inner.state.allow_private_urls is allowed


def test_a_non_http_url_is_never_a_link_but_the_api_returns_it_as_stored(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/articles/trail").json()["url"] == "javascript:alert(document.domain)"
    page = client.get("/articles/trail").text
    assert "javascript:" not in page and ">original</a>" not in page
    assert "from feeds/park.xml" in page  # where the statements came from, as text


@pytest.mark.parametrize("url, href", [("https://news.example/a?b=1", "https://news.example/a?b=1"),
                                       ("HTTP://news.example/", "HTTP://news.example/"),
                                       ("javascript:alert(1)", None), ("data:text/html,<b>x</b>", None),
                                       (" javascript:alert(1)", None), ("java\tscript:alert(1)", None),
                                       ("http:/\\evil.example", None), ("//evil.example/x", None),
                                       ("http://", None), ("http://[::1", None), ("", None), (None, None)])
def test_safe_href_accepts_only_http_urls_with_a_host(url: str | None, href: str | None) -> None:
    from quotewire.server.links import safe_href

    assert safe_href(url) == href


def _break_speaker_lookup(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_: object, **__: object) -> None:
        raise KeyError("speaker_name")  # a bug, not a missing speaker

    monkeypatch.setattr("quotewire.store.Store.speaker", broken)


def test_a_bug_is_a_500_with_a_json_error_never_a_404(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _break_speaker_lookup(monkeypatch)
    r = client.get("/api/speakers/anyone")
    assert r.status_code == 500
    assert r.json()["error"] == "internal error (a bug in quotewire, please report it): KeyError: 'speaker_name'"
    page = client.get("/speakers/anyone")
    assert page.status_code == 500 and "internal error" in page.text and "Traceback" not in page.text


@pytest.mark.parametrize("path, body", [("/api/speakers/merge", {"keep": "a\x00", "other": "b"}),
                                        ("/api/speakers/x/split", {"names": ["N\x00"]})])
def test_nul_characters_are_bad_input_not_a_database_error(client, path: str, body: dict) -> None:  # type: ignore[no-untyped-def]
    r = client.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and r.json()["error"]
    assert client.get("/api/quotes", params={"speaker": "x\x00"}).status_code == 422
    assert client.get("/api/speakers/x%00y").status_code == 422


def test_a_database_that_fails_under_the_server_is_503_not_a_bug(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy.exc

    def locked(*_: object, **__: object) -> None:
        raise sqlalchemy.exc.OperationalError("SELECT ...", {}, Exception("database is locked"))

    monkeypatch.setattr("quotewire.store.Store.stats", locked)
    r = client.get("/api/stats")
    assert r.status_code == 503 and r.json()["error"] == "database unavailable: database is locked"


def test_expected_failures_keep_their_status(client) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/speakers/merge", json={"keep": "nobody", "other": "noone"}, headers=auth)
    assert r.status_code == 404 and r.json()["error"] == "no speaker with id 'nobody'"
    sid = client.get("/api/speakers").json()["items"][0]["id"]
    r = client.post("/api/speakers/merge", json={"keep": sid, "other": sid}, headers=auth)
    assert r.status_code == 422 and r.json()["error"] == "cannot merge a speaker with itself"


def test_a_bug_in_a_command_is_one_internal_error_line_and_status_70(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ("import sys, quotewire.store as s\n"
              "def broken(*a, **k): raise KeyError('speaker_name')\n"
              "s.Store.find_speaker = broken\n"
              "from quotewire.cli import main\n"
              "sys.argv = ['quotewire', 'speaker', 'Brandt', '--db', sys.argv[1]]\n"
              "main()\n")
    db = str(tmp_path / "q.db")
    open_store(db).close()  # a database to read: read commands never create one
    run = subprocess.run([sys.executable, "-c", script, db], capture_output=True, text=True, timeout=120)
    assert run.returncode == 70, run.stderr
    assert run.stderr.startswith("error: internal error (a bug in quotewire, please report it): KeyError: "
                                 "'speaker_name'") and "Traceback" not in run.stderr


def test_an_unknown_speaker_in_a_command_is_an_ordinary_error(db_url: str) -> None:
    open_store(db_url).close()
    result = CliRunner().invoke(app, ["speaker", "Nobody Atall", "--db", db_url])
    assert result.exit_code == 1 and result.stderr.startswith("error: no speaker named 'Nobody Atall'")


def test_failures_from_readers_still_reach_the_batch_as_failures() -> None:
    failure = InputError("a.txt", "empty", "no text").failure()
    assert failure == Failure(input="a.txt", reason="empty", message="a.txt: no text")


def test_a_database_that_fails_under_a_command_is_one_line(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy.exc

    def locked(*_: object, **__: object) -> None:
        raise sqlalchemy.exc.OperationalError("SELECT ...", {}, Exception("database is locked"))

    monkeypatch.setattr("quotewire.store.Store.stats", locked)
    open_store(str(tmp_path / "q.db")).close()  # a database to read: read commands never create one
    result = CliRunner().invoke(app, ["stats", "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1 and result.stderr == "error: database error: database is locked\n"


def test_by_default_the_server_refuses_to_fetch_non_public_addresses(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("http://127.0.0.1:9/admin", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/", "http://localhost/"):
        r = client.post("/api/articles", json={"url": url}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 422 and "private addresses are not fetched" in r.json()["error"], r.text


@pytest.mark.parametrize("name, value", [("QUOTEWIRE_WORKERS", "two"), ("QUOTEWIRE_ARTICLE_TIMEOUT", "-1"),
                                         ("QUOTEWIRE_WORKER_MEMORY", "2G"), ("QUOTEWIRE_MAX_BODY", "nan")])
def test_a_bad_numeric_setting_stops_the_server_at_start_naming_it(store, monkeypatch, tmp_path, name: str,
                                                                    value: str) -> None:  # type: ignore[no-untyped-def]
    from quotewire.errors import ConfigError

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"\\${name}"):
        create_app(store)
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "served.db")])
    assert result.exit_code == 1 and f"${name}" in result.output and "Traceback" not in result.output


def test_good_numeric_settings_reach_the_analysis_guard(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QUOTEWIRE_WORKERS", "3")
    monkeypatch.setenv("QUOTEWIRE_ARTICLE_TIMEOUT", "7.5")
    monkeypatch.setenv("QUOTEWIRE_WORKER_MEMORY", "0")
    limits = create_app(store).app.state.limits
    assert (limits.workers, limits.article_timeout, limits.worker_memory) == (3, 7.5, None)
