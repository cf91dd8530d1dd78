"""Issue 22, the hostile-file catalogue: every import kind × every hostile file exits 2 through the CLI
with a message naming the file (or the option), and changes no row in the database.

The kinds are listed here and checked against the CLI's `tertial import` choices, so a new importer
fails this test until it is added (the registry in tertial.web.imports may move; the CLI stays)."""

import argparse
from pathlib import Path

import pytest
from django.apps import apps

from tertial.cli.main import build_parser, main

from .test_tabular import rewrite_sheet

KINDS = (
    "actuals",
    "areas",
    "budget",
    "budget-changes",
    "budget-profile",
    "central",
    "comments",
    "decisions-sheet",
    "decisions-text",
    "finance-rules",
    "forecasts",
    "general-lines",
    "indicators",
    "inhabitants",
    "investment-actuals",
    "investment-financing",
    "investment-frames",
    "investment-projects",
    "liquidity",
    "loans",
    "milestones",
    "org",
    "proposals",
    "sections",
    "sickleave",
)

LEDGER = "periode;ansvar;art;funksjon;belop\n"
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData>'
    b"</worksheet>"
)


def test_the_catalogue_covers_every_import_kind_of_the_cli():
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    kind = next(a for a in sub.choices["import"]._actions if a.dest == "kind")
    assert set(kind.choices) == set(KINDS)


def _xlsx(path: Path, sheet_xml: bytes) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["aar", "innbyggere"])
    wb.save(path)
    return rewrite_sheet(path, sheet_xml)


def mixed_encoding(d: Path) -> Path:
    path = d / "blandet.csv"
    path.write_bytes(
        f"{LEDGER}202403;100;10100;202;5\n".encode() + "202403;998;Bærum;Fellesområder;1\n".encode("cp1252")
    )
    return path


def overflow(d: Path) -> Path:
    path = d / "overflyt.csv"
    path.write_text(LEDGER + "202403;100;10100;202;90000000000000000,00\n" * 2, encoding="utf-8")
    return path


def bad_period(d: Path) -> Path:
    path = d / "periode.csv"
    path.write_text(LEDGER + "202403;100;10100;202;5\n", encoding="utf-8")
    return path


def xlsx_bomb(d: Path) -> Path:
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * (20 * 2**20) + b"</t></is></c></row>"
    return _xlsx(d / "bombe.xlsx", SHEET % cell)


def too_many_rows(d: Path) -> Path:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, 2000 + n) for n in range(1, 30))
    return _xlsx(d / "rader.xlsx", SHEET % rows)


def directory(d: Path) -> Path:
    path = d / "mappe.csv"
    path.mkdir()
    return path


def empty(d: Path) -> Path:
    path = d / "tom.csv"
    path.write_bytes(b"")
    return path


def unterminated_quote(d: Path) -> Path:
    path = d / "sitat.csv"
    path.write_text(LEDGER + '202403;100;"10100;202;5\n202403;100;10100;202;5\n', encoding="utf-8")
    return path


HOSTILE = (mixed_encoding, overflow, bad_period, xlsx_bomb, too_many_rows, directory, empty, unterminated_quote)


@pytest.fixture
def organisation(db, tmp_path):
    org = tmp_path / "org.csv"
    org.write_text("tjenesteomrade;ansvar;navn\nOppvekst;100;Skole\nHelse;110;Sykehjem\n", encoding="utf-8")
    assert main(["municipality", "--name", "Testvik kommune"]) == 0
    assert main(["import", "org", str(org), "--year", "2024"]) == 0
    projects = tmp_path / "prosjekter.csv"
    projects.write_text(
        (
            "nr;navn;ansvar;ramme;budsjett;prognose_aar;prognose_total;status;start;ferdig\n"
            "1101;Skole, utvidelse;100;1000;500;500;1000;bygging;2024-01-01;2025-06-30\n"
        ),
        encoding="utf-8",
    )
    assert main(["import", "investment-projects", str(projects), "--year", "2024", "--period", "4"]) == 0


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_file_exits_2_names_the_file_and_writes_nothing(
    organisation, tmp_path, capsys, monkeypatch, kind, hostile
):
    from tertial.importers import tabular

    monkeypatch.setattr(tabular, "MAX_XLSX_ROWS", 20)  # the real limit is Excel's 1 048 576; same check
    folder = tmp_path / "filer"
    folder.mkdir()
    path = hostile(folder)
    period = "13" if hostile is bad_period else "3"
    capsys.readouterr()
    before = _counts()
    try:
        code = main(["import", kind, str(path), "--year", "2024", "--period", period])
    except SystemExit as exc:  # argparse refuses the option itself
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert ("--period" in err and "1 til 12" in err) if hostile is bad_period else path.name in err, err
    assert _counts() == before
