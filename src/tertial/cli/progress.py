"""`tertial import`'s progress on the terminal: the same stage reports a background job shows
(tertial.core.progress). A bar (rich) when stderr is a terminal, one plain line per stage when it is
not (a log, a pipe), nothing with --quiet. Stdout keeps only the receipt, for scripts."""

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from tertial.core import progress

STAGE_NAMES = {
    "read": "Leser filen",
    "check": "Kontrollerer",
    "aggregate": "Summerer",
    "write": "Skriver",
    "commit": "Lagrer",
}


# Plain lines start once an import has run this long: a small file's import prints only its receipt.
PLAIN_AFTER_SECONDS = 1.0


def _warn(stream: TextIO, warnings: Sequence[str]) -> None:
    for w in warnings:
        print(f"Advarsel: {w}", file=stream)


@contextmanager
def cli_progress(*, quiet: bool, stream: TextIO | None = None) -> Iterator[None]:
    stream = stream or sys.stderr
    if quiet:
        yield
        return
    if not stream.isatty():
        start, last, pending = time.monotonic(), [("", -1)], []

        def line(stage: str, percent: int) -> None:
            if last[0] == (stage, percent):
                return
            last[0] = (stage, percent)
            pending.append(f"{percent:3d} % {STAGE_NAMES[stage]} ({time.monotonic() - start:.1f} s)")
            if time.monotonic() - start >= PLAIN_AFTER_SECONDS:  # a quick import stays silent in logs
                print("\n".join(pending), file=stream, flush=True)
                pending.clear()

        with progress.reporting(progress.Listener(on_stage=line, on_warnings=lambda w: _warn(stream, w))):
            yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stream)
    bar = Progress(
        TextColumn("{task.description:<14}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(), console=console
    )
    with bar:
        task = bar.add_task(STAGE_NAMES["read"], total=100)

        def update(stage: str, percent: int) -> None:
            bar.update(task, completed=percent, description=STAGE_NAMES[stage])

        def warn(warnings: Sequence[str]) -> None:
            for w in warnings:
                console.print(f"[yellow]Advarsel:[/] {w}")

        with progress.reporting(progress.Listener(on_stage=update, on_warnings=warn)):
            yield
        bar.update(task, completed=100, description="Ferdig")
