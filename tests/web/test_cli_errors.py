"""Issue 22: every CLI error is exit status 2 with one clear Norwegian line on stderr, never a traceback;
a month outside 1–12 is refused before anything is read or written."""

import os
import subprocess
import sys

import pytest

from tertial.cli.main import main
from tertial.core.errors import PeriodError
from tertial.web.import_request import ImportRequest
from tertial.web.imports import import_file


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_clear_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("period", ["0", "13", "-1", "mars"])
@pytest.mark.parametrize(
    "argv",
    [
        ("status", "--year", "2024"),
        ("report", "--year", "2024", "-o", "r.html"),
        ("forecast", "--year", "2024"),
        ("import", "forecasts", "f.csv", "--year", "2024"),
    ],
    ids=lambda a: a[0],
)
def test_a_month_outside_1_to_12_exits_2_with_one_norwegian_line(db, capsys, argv, period):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--period", period])
    assert exit_.value.code == 2
    line = one_clear_line(capsys.readouterr().err)
    assert "--period" in line and "Perioden må være en måned fra 1 til 12" in line


@pytest.mark.parametrize("period", [0, 13])
def test_the_import_request_refuses_a_month_outside_1_to_12_before_reading(db, tmp_path, period):
    """The shared entry of the CLI and the upload page: period 13 used to be written as 202413."""
    with pytest.raises(PeriodError, match="1 til 12"):
        import_file("forecasts", ImportRequest(path=tmp_path / "prognoser.csv", year=2024, period=period))


def test_importing_a_directory_names_it(db, capsys, tmp_path):
    folder = tmp_path / "regnskap"
    folder.mkdir()
    code, _, err = run(capsys, "import", "org", str(folder), "--year", "2024")
    assert code == 2
    assert "regnskap" in one_clear_line(err.replace("Feil i inndata, ingenting er lagret:\n", ""))


def test_a_mapping_without_equals_sign_exits_2(db, capsys, tmp_path):
    code, _, err = run(capsys, "import", "org", str(tmp_path / "org.csv"), "--year", "2024", "--map", "belop")
    assert code == 2
    assert "Kolonnetilordning må ha formen kolonne=overskrift, ikke «belop»" in one_clear_line(err)


def test_a_report_to_an_unwritable_path_exits_2(db, capsys):
    from tertial.web.demo import demo_load_data

    demo_load_data()
    code, _, err = run(capsys, "report", "--year", "2024", "--period", "3", "-o", "/proc/nope/r.html")
    assert code == 2
    assert "/proc/nope" in one_clear_line(err)


def test_status_to_a_missing_directory_exits_2(db, capsys):
    code, _, err = run(capsys, "status", "--year", "2024", "--period", "3", "-o", "/proc/nope/s.csv", "--format", "csv")
    assert code == 2
    assert "/proc/nope/s.csv" in one_clear_line(err)


def _tertial(tmp_path, *argv):
    env = {**os.environ, "TERTIAL_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    return subprocess.run(
        [sys.executable, "-m", "tertial.cli.main", *argv], env=env, capture_output=True, text=True, check=False
    )


def test_backup_to_an_unwritable_path_and_restore_of_a_truncated_file_exit_2(tmp_path):
    """In a subprocess on a throwaway SQLite file: a restore must never touch the test database."""
    assert _tertial(tmp_path, "manage", "migrate", "-v0").returncode == 0
    backup = _tertial(tmp_path, "backup", "/proc/nope/b.sqlite3")
    assert backup.returncode == 2 and "/proc/nope" in one_clear_line(backup.stderr)

    assert _tertial(tmp_path, "backup", str(tmp_path / "ok.sqlite3")).returncode == 0
    truncated = tmp_path / "kopi.sqlite3"
    truncated.write_bytes((tmp_path / "ok.sqlite3").read_bytes()[:5000])
    restore = _tertial(tmp_path, "restore", str(truncated))
    assert restore.returncode == 2 and "kopi.sqlite3" in one_clear_line(restore.stderr)
    assert _tertial(tmp_path, "status", "--year", "2024", "--period", "3").returncode in (0, 2)  # still readable
    check = _tertial(tmp_path, "manage", "showmigrations", "budget")
    assert check.returncode == 0 and "[X]" in check.stdout
