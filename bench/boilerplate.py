"""find_boilerplate on 10 MB inputs of several shapes, beside splitting the same text into lines.

The junk patterns run once per short line and never on lines over MAX_JUNK_LINE, so the cost
should be a small multiple of ``str.splitlines`` on every shape, including the shapes that make
backtracking regexes blow up (a near-miss of "The post … appeared first on" repeated, one huge
line). Prints seconds for both and their ratio, per shape, in one run.

    .venv/bin/python bench/boilerplate.py
"""

from __future__ import annotations

import time

from quotewire.clean import find_boilerplate

SIZE = 10_000_000


def shapes() -> dict[str, str]:
    def fill(line: str) -> str:
        return (line + "\n") * (SIZE // (len(line) + 1))

    return {
        "news paragraphs (70 chars)": fill("The minister said on Monday that the bridge would reopen in spring."),
        "near-miss footer lines": fill("the post " + "x " * 280),
        "junk lines only": fill("Source link"),
        "one 10 MB line": "a" * SIZE,
        "whitespace only": " " * SIZE,
    }


def seconds(work, text: str) -> float:
    started = time.process_time()
    work(text)
    return time.process_time() - started


def main() -> None:
    print(f"{'shape':28s} {'find_boilerplate':>16s} {'splitlines':>10s} {'ratio':>6s} {'spans':>6s}")
    for name, text in shapes().items():
        ours, base = seconds(find_boilerplate, text), seconds(str.splitlines, text)
        spans = len(find_boilerplate(text))
        print(f"{name:28s} {ours:15.2f}s {base:9.3f}s {ours / max(base, 1e-4):6.0f} {spans:6d}")


if __name__ == "__main__":
    main()
