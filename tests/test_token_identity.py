"""spaCy gives no one Python object per token: ``doc[0].head is doc[0]`` is False even at the root.

A loop that climbs heads "until ``verb.head is verb``" therefore never ends, and a branch guarded by
``is`` silently takes the wrong side. Tokens are compared by index (``t.i``) or ``==``. This test
reads every module of quotewire and fails if an identity comparison between token-like expressions
comes back; the regression tests below are our own sentences in the shapes that used to hang.
"""

from __future__ import annotations

import ast
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotewire"

TOKEN_LIKE = re.compile(
    r"^(t|tok|token|tokens?_?\w*|\w+_token|\w+_tok|head|root|verb|child|ancestor|subject|word|"
    r"left_edge|right_edge|governor|cue|mention|noun|sent)$"
)
"""Names and attributes that hold spaCy tokens (or spans) in quotewire's code."""


def _terminal_name(node: ast.expr) -> str | None:
    """The last name of an expression: ``verb.head`` -> ``head``, ``tok`` -> ``tok``, ``doc[i]`` -> ``doc[]``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and _terminal_name(node.value) == "doc":
        return "doc[]"
    return None


def _token_like(node: ast.expr) -> bool:
    name = _terminal_name(node)
    return name is not None and (name == "doc[]" or bool(TOKEN_LIKE.match(name)))


def identity_comparisons(source: str) -> Iterator[tuple[int, str]]:
    """(line, code) of each ``is`` / ``is not`` whose operands are token-like (None checks excepted)."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:]):
            if not isinstance(op, (ast.Is, ast.IsNot)):
                continue
            if any(isinstance(side, ast.Constant) for side in (left, right)):
                continue
            if _token_like(left) or _token_like(right):
                yield node.lineno, ast.unparse(node)


@pytest.mark.parametrize("code", [
    "verb.head is not verb",
    "t.head is t",
    "head is token",
    "doc[0].head is doc[0]",
    "while x.root is not sent.root: pass",
])
def test_the_check_catches_token_identity(code: str) -> None:
    assert list(identity_comparisons(code))


@pytest.mark.parametrize("code", ["verb.head.i != verb.i", "head is None", "t.head == t", "other is not cand"])
def test_the_check_allows_index_comparisons_and_none(code: str) -> None:
    assert not list(identity_comparisons(code))


def test_no_token_identity_comparison_in_quotewire() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {code}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for line, code in identity_comparisons(path.read_text(encoding="utf-8"))]
    assert not found, "compare tokens by index (t.i) or ==, never by identity:\n" + "\n".join(found)


def _within(seconds: int):  # type: ignore[no-untyped-def]
    """Fail (instead of hanging the suite) if the body runs longer than ``seconds``."""
    def alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise TimeoutError(f"extraction did not finish within {seconds} s")
    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)


HUNG_SHAPES = [
    "Then, after a pause: “A few beers. I think they need a few beers.”",  # colon before a quote
    "Later: “U.S.”",  # a colon then a quoted abbreviation (9 bytes reached the loop)
    "And then: “Mr. Smith. Yes.”",
    "Finally, at the end of the day: “Dr. No.” And: “St. Louis.”",
    "According to the report by the committee on the state of the union, it was late.",  # phrase cue climbing preps
]


@pytest.mark.parametrize("text", HUNG_SHAPES)
def test_shapes_that_looped_forever_finish(text: str) -> None:
    from quotewire.extract.statements import extract_statements

    _within(30)
    try:
        quotes = extract_statements(text)
    finally:
        signal.alarm(0)
    for q in quotes:
        assert text[q.content.start:q.content.end] == q.content.text
