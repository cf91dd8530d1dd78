"""Progress of a long piece of work (an import, a report) in named stages, and its cancellation.

The work calls `report(stage, fraction)` at its stage boundaries; whoever runs it (a background job,
the command line's progress bar) installs a listener with `reporting(listener)`. A listener may raise
`Cancelled` to stop the work: the import services call `report("commit")` inside their transaction,
just before it commits, so a cancellation seen there rolls back everything. Without a listener
`report` does nothing, so code paths that nobody watches (tests, the demo) pay nothing.

`confirm(warnings)` asks the listener whether the work may go on despite plausibility warnings (a
ledger far from the budget): a background job stops and asks the user; the command line goes on.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

STAGES = ("read", "check", "aggregate", "write", "commit")

# Where each stage starts on the 0–100 % bar: reading the file is most of an import's time
# (benchmarks/import_gl.py: the streaming pass is ~2/3 of a 10 M-line import), writing most of the rest.
_START = {"read": 0, "check": 55, "aggregate": 65, "write": 70, "commit": 95}
_END = {"read": 55, "check": 65, "aggregate": 70, "write": 95, "commit": 100}


class Cancelled(Exception):
    """The user cancelled the work before its commit: nothing is written."""


class NeedsConfirmation(Exception):
    """The work stopped before writing because of plausibility warnings the user must confirm."""

    def __init__(self, warnings: Sequence[str]):
        self.warnings = list(warnings)
        super().__init__("; ".join(self.warnings))


@dataclass(frozen=True)
class Listener:
    on_stage: Callable[[str, int], None]  # (stage, overall percent 0–100); may raise Cancelled
    on_warnings: Callable[[Sequence[str]], None] | None = None  # may raise NeedsConfirmation


_listener: ContextVar[Listener | None] = ContextVar("tertial_progress", default=None)


def percent(stage: str, fraction: float = 0.0) -> int:
    """The overall percent at `fraction` (0–1) of `stage`."""
    if stage not in _START:
        raise ValueError(f"unknown stage {stage!r}")
    f = min(max(fraction, 0.0), 1.0)
    return int(_START[stage] + (_END[stage] - _START[stage]) * f)


def report(stage: str, fraction: float = 0.0) -> None:
    listener = _listener.get()
    if listener is not None:
        listener.on_stage(stage, percent(stage, fraction))


def confirm(warnings: Sequence[str]) -> None:
    """Let the listener stop the work over `warnings` (it raises NeedsConfirmation); no listener: go on."""
    listener = _listener.get()
    if warnings and listener is not None and listener.on_warnings is not None:
        listener.on_warnings(warnings)


@contextmanager
def reporting(listener: Listener) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
