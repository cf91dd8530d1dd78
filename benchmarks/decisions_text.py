#!/usr/bin/env python3
"""Time of the decisions text import (issue 19, docs/decisions-module.md): the demo page, the test
corpus, a large generated list, and hostile lines (long runs of brackets, a 200 000-character line)
that a regular expression with nested quantifiers would take minutes over. Pure importer, no database.

    .venv/bin/python benchmarks/decisions_text.py
"""

import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tertial.importers.decisions_text import decisions_text_read  # noqa: E402


def timed(name: str, text: str) -> None:
    start = time.perf_counter()
    result = decisions_text_read(text)
    ms = (time.perf_counter() - start) * 1000
    lines = sum(1 for line in text.splitlines() if line.strip())
    print(f"{name:<44} {lines:>7} lines {len(result.cases):>6} cases {ms:>9.1f} ms")


def main() -> None:
    print(f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}")
    timed("demo page (levanger/decisions.txt)", (ROOT / "src/tertial/demo/levanger/decisions.txt").read_text())
    corpus = ROOT / "tests/importers/decision_corpus"
    timed("test corpus, all lists", "\n\n".join(p.read_text() for p in sorted(corpus.glob("0[1-8]*.txt"))))
    big = []
    for i in range(1, 2001):
        big += [f"PS {i}/24 Sak nummer {i}", "Vedtak: Kommunestyret vedtar:", "a) første", "b) andre"]
        big += ["Status: Pågår", "Frist: innen utgangen av 2025", "Oppfølging: Arbeidet er i gang.", ""]
    timed("2 000 cases with labelled fields", "\n".join(big))
    rows = [f"| PS {i}/24 | T {i} | Pågår | våren 2025 |" for i in range(1, 5001)]
    table = ["| Sak | Tittel | Status | Frist |", *rows]
    timed("5 000 table rows", "\n".join(table))
    timed("heading with 2 000 bracketed parties", "PS 1/24 Interpellasjon fra " + "Ola (H) og " * 2000 + "x")
    timed("one line of 200 000 characters", "Avsluttet " + "a" * 200_000)
    timed("one line of 50 000 «|»", "|" * 50_000)


if __name__ == "__main__":
    main()
