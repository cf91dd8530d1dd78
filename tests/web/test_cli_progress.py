"""`tertial import`'s progress: plain lines on a non-terminal once the import has run a second, nothing
with --quiet, the receipt alone on stdout."""

import io

from tertial.cli import progress as cli_progress_module
from tertial.cli.progress import cli_progress
from tertial.core import progress


def test_plain_lines_start_after_a_second_and_quiet_prints_nothing(monkeypatch):
    clock = iter([0.0, 0.1, 0.2, 1.5, 1.6])
    monkeypatch.setattr(cli_progress_module.time, "monotonic", lambda: next(clock))
    out = io.StringIO()
    with cli_progress(quiet=False, stream=out):
        progress.report("read")  # 0.1 s: held back
        progress.report("write")  # 1.5 s: printed with the one before
        progress.confirm(["Filen har ingen linjer for 202402."])
    assert out.getvalue().splitlines() == [
        "  0 % Leser filen (0.1 s)",
        " 70 % Skriver (1.5 s)",
        "Advarsel: Filen har ingen linjer for 202402.",
    ]
    quiet = io.StringIO()
    with cli_progress(quiet=True, stream=quiet):
        progress.report("read")
        progress.report("commit")
    assert quiet.getvalue() == ""
