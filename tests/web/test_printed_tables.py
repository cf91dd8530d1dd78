"""`check --printed` on a printed status table read from `pdftotext -layout` text and from XLSX
(issue 23): the demo's own PDF re-derives; the seed's printed table, laid out the same way, shows
its known errors (the subtotal rows print the budget in the Prognose column)."""

import csv
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from tertial.cli.main import main
from tertial.core.checks import check_figures
from tertial.importers.printed import read_printed_status
from tertial.renderers import RENDERERS
from tertial.web.demo import demo_dir
from tertial.web.reports.documents import status_report_document

SEED_TABLE = demo_dir() / "seed_status_table.csv"
SEED_ERRORS = {
    (f"Totalt {name}", col)
    for name in ("Oppvekst og utdanning", "Helse og velferd", "Samfunnsutvikling", "Levanger kommune")
    for col in ("forecast", "deviation")
}


def seed_rows() -> list[dict[str, str]]:
    lines = [ln for ln in SEED_TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


@pytest.fixture
def layout_text(levanger, tmp_path) -> str:
    """`pdftotext -layout` of the demo's status report pr. 31.03.2024, made by the report renderer."""
    pdf = tmp_path / "status.pdf"
    pdf.write_bytes(RENDERERS["pdf"].render(status_report_document(year=2024, month=3)))
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def found(rows) -> set[tuple[str, str]]:
    return {(m.row, m.column) for m in check_figures(rows, rounded=True)}


def test_the_demo_pdf_read_as_text_has_every_row_and_re_derives(layout_text, tmp_path):
    path = tmp_path / "status.txt"
    path.write_text(layout_text, encoding="utf-8")
    rows = read_printed_status(path)
    assert len(rows) == 30 + 5 + 1
    assert [r.kind.value for r in rows].count("unit") == 30
    total = rows[-1]
    assert (total.label, total.actual, total.budget, total.forecast, total.deviation, total.usage_percent) == (
        "Totalt Levanger kommune",
        417_411,
        1_396_061,
        1_458_761,
        -62_700,
        Decimal("29.9"),
    )
    drift = next(r for r in rows if r.label == "630 Drift og anlegg")
    assert (drift.budget, str(drift.usage_percent), drift.group) == (-3_578, "-36.3", "Totalt Samfunnsutvikling")
    assert found(rows) == set()


def seed_layout(layout_text: str) -> str:
    """The demo PDF's text with each subtotal row's Prognose and Avvik as the seed printed them: the
    seed's table laid out exactly as pdftotext lays out a status table."""
    printed = {r["navn"]: r for r in seed_rows() if r["type"] != "unit"}

    def figure(n: str) -> str:
        return f"{int(n):,}".replace(",", " ").replace("-", "\u2212")

    out = []
    for line in layout_text.splitlines():
        label = line.strip().split("  ")[0]
        if label in printed:
            cells = list(re.finditer(r"\S+(?: \S+)*", line))
            for cell, column in ((cells[-2], "prognose"), (cells[-1], "avvik")):
                new = figure(printed[label][column])
                line = (
                    line[: cell.end() - len(new)] + new + line[cell.end() :]
                    if len(new) <= len(cell.group())
                    else (line[: cell.start() - (len(new) - len(cell.group()))] + new + line[cell.end() :])
                )
        out.append(line)
    return "\n".join(out) + "\n"


def test_the_seed_table_as_pdftotext_text_shows_the_seeds_known_errors(layout_text, tmp_path, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_layout(layout_text), encoding="utf-8")
    rows = read_printed_status(path)
    oppvekst = next(r for r in rows if r.label == "Totalt Oppvekst og utdanning")
    assert (oppvekst.forecast, oppvekst.deviation) == (616_894, -10_350)  # as the seed printed it
    assert found(rows) == SEED_ERRORS

    with pytest.raises(SystemExit) as exit_:
        main(["check", "--printed", str(path)])
    assert "Kontrollen fant 8 avvik" in str(exit_.value)
    assert "Totalt Oppvekst og utdanning / Prognose: står 616894, skulle vært 627244" in capsys.readouterr().out


def seed_xlsx(
    path: Path, *, columns=("ansvar", "navn", "regnskap", "budsjett", "forbruk", "prognose", "avvik")
) -> Path:
    """The seed's printed table as a finance officer's spreadsheet: no type or sector column, the
    unit code in its own column, figures as numbers, forbruk as «25,5 %»."""
    wb = Workbook()
    ws = wb.active
    ws.append([c.capitalize() for c in columns])
    for r in seed_rows():
        values = {**r, "forbruk": f"{r['forbruk']} %"}
        ws.append([values[c] if c in ("ansvar", "navn", "forbruk") else int(values[c]) for c in columns])
    wb.save(path)
    return path


def test_the_seed_table_as_xlsx_shows_the_seeds_known_errors_with_sectors_from_the_subtotal_rows(tmp_path):
    rows = read_printed_status(seed_xlsx(tmp_path / "seed.xlsx"))
    assert len(rows) == 36
    nav = next(r for r in rows if r.label == "133 NAV kommune")
    assert nav.group == "Totalt Helse og velferd"
    assert found(rows) == SEED_ERRORS


def test_a_year_end_table_without_forecast_columns_and_with_blank_cells_is_checked_where_printed(tmp_path):
    path = seed_xlsx(tmp_path / "arsslutt.xlsx", columns=("ansvar", "navn", "regnskap", "budsjett", "forbruk"))
    assert found(read_printed_status(path)) == set()

    wb = Workbook()  # the CSV layout with a blank forbruk and a blank avvik cell
    ws = wb.active
    ws.append(["type", "tjenesteomrade", "ansvar", "navn", "regnskap", "budsjett", "forbruk", "prognose", "avvik"])
    for r in seed_rows():
        blank = r["ansvar"] == "235"
        ws.append(
            [r["type"], r["tjenesteomrade"], r["ansvar"], r["navn"], int(r["regnskap"]), int(r["budsjett"]),
             None if blank else r["forbruk"], int(r["prognose"]), None if blank else int(r["avvik"])]
        )  # fmt: skip
    wb.save(tmp_path / "blank.xlsx")
    rows = read_printed_status(tmp_path / "blank.xlsx")
    nesheim = next(r for r in rows if r.label == "235 Nesheim skole")
    assert nesheim.blank == {"usage_percent", "deviation"}
    # nothing to check in the blank cells; the subtotals' own avvik (budsjett − prognose) and their
    # wrong prognoses are still found
    assert found(rows) == SEED_ERRORS
