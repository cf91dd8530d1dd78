"""The demo's output as a newcomer sees it (issue 23): one short summary, no line that looks like an
error when nothing failed, the reports as HTML and PDF, the detail one flag away."""

import os
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
LOOKS_LIKE_AN_ERROR = re.compile(
    r"feil|error|traceback|warning|advarsel|kunne ikke|ikke plassert|ukjent|^\s+linje \d+", re.IGNORECASE
)


def demo(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TERTIAL_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PYTHONPATH=str(SRC), TERTIAL_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-m", "tertial.cli.main", "demo", "--no-serve", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_demo_prints_a_short_summary_without_error_like_lines(tmp_path):
    result = demo(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [ln for ln in lines if LOOKS_LIKE_AN_ERROR.search(ln)] == []
    assert result.stderr.strip() == ""
    assert len(lines) <= 15
    assert lines[0] == f"Demoen er lastet inn i {tmp_path / 'data' / 'tertial.sqlite3'}"
    assert "30 enheter i 5 tjenesteområder" in lines[1] and "22 politiske saker" in lines[1]
    for name in ("status-2024-03", "tertialrapport-2024-1"):
        for suffix in (".html", ".pdf"):
            assert (tmp_path / "out" / f"{name}{suffix}").stat().st_size > 10_000
    assert (tmp_path / "out" / "status-2024-03.pdf").read_bytes().startswith(b"%PDF")
    findings = next(ln for ln in lines if ln.startswith("Forventede funn"))
    assert findings.startswith("Forventede funn ved innlesing: 16 i de politiske vedtakene (11 linjer")
    assert findings.endswith("Se dem med: tertial demo --no-serve --verbose")
    assert "Admin (/admin/): brukernavn admin, passord tertial-demo" in lines
    mail = f"E-post (ingen sendes): hver e-post skrives som en fil i {tmp_path / 'data' / 'mail'}"
    assert mail in lines or os.environ.get("TERTIAL_EMAIL_HOST") or os.environ.get("TERTIAL_EMAIL_BACKEND")


def test_verbose_lists_every_import_and_finding(tmp_path):
    result = demo(tmp_path, "--verbose")
    assert result.returncode == 0, result.stderr
    assert "  linje 1: ikke plassert: Gå til innhold Globalmeny Forsiden" in result.stdout
    assert "ukjent måned «mari»" in result.stdout
    assert "Budsjett 2024: 30 linjer, sum 1\u00a0396\u00a0061\u00a0447,00 kr" in result.stdout
