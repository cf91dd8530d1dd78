"""The council report for the Levanger demo in every format, through the CLI and the web view, each
read back with its own library (pdftotext, python-docx, openpyxl)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tertial.cli.main import main
from tertial.core.checks import Mismatch
from tertial.web.org.selectors import organisation_get

NBSP = "\u00a0"
TOTAL = "Totalt Levanger kommune 417 411 1 396 061 29,9 % 1 458 761 −62 700"


def squeeze(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def write(capsys, tmp_path, name: str, *extra: str) -> tuple[Path, str]:
    path = tmp_path / name
    code = main(["report", "--year", "2024", "--period", "3", "-o", str(path), *extra])
    assert code == 0
    return path, capsys.readouterr().out


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_report_has_the_total_row_every_unit_and_page_numbers(levanger, capsys, tmp_path):
    path, out = write(capsys, tmp_path, "rapport.pdf")
    assert "(Status regnskap pr. 31.03.24, pdf)" in out
    layout = [squeeze(line) for line in pdftotext(path, "-layout").splitlines()]
    assert TOTAL in layout
    pages = pdftotext(path).split("\f")[:-1]
    assert len(pages) >= 5
    for n, page in enumerate(pages, start=1):
        assert f"Side {n} av {len(pages)}" in squeeze(page) and "Levanger kommune" in page
    text = squeeze(pdftotext(path))
    for unit in organisation_get(2024).units:
        assert f"{unit.code} {unit.name}" in text, unit
    assert "et merforbruk på 62,7 mill. kroner" in text and "Peter Ardon" in text


def test_pdf_pages_are_rendered_to_png_for_a_reviewer(levanger, capsys, tmp_path):
    """The pages land in tmp_path, or in $TERTIAL_TEST_ARTEFACTS when set (CI keeps that folder)."""
    path, _ = write(capsys, tmp_path, "rapport.pdf")
    out = Path(os.environ.get("TERTIAL_TEST_ARTEFACTS") or tmp_path) / "rapport-pdf"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, out / path.name)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(path), str(out / "side")], check=True)
    pngs = sorted(out.glob("side-*.png"))
    assert len(pngs) == len(pdftotext(path).split("\f")) - 1
    assert all(p.stat().st_size > 10_000 for p in pngs)


def test_docx_report_has_the_status_table_with_every_row(levanger, capsys, tmp_path):
    path, _ = write(capsys, tmp_path, "rapport.docx")
    word = docx.Document(str(path))
    table = next(t for t in word.tables if t.cell(0, 0).text == "Ansvar")
    assert len(table.rows) == 1 + 30 + 5 + 1
    assert squeeze(" ".join(c.text for c in table.rows[-1].cells)) == TOTAL
    assert len(word.inline_shapes) == 4  # deviation, actuals against profile, bridge, sick-leave trend


def test_xlsx_report_holds_numbers_with_norwegian_formats(levanger, capsys, tmp_path):
    path, _ = write(capsys, tmp_path, "rapport.xlsx")
    ws = load_workbook(path)["Status"]
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "Totalt Levanger kommune"
    assert last[5] == -62_700_000 and isinstance(last[1], int | float) and round(last[1] / 1000) == 417_411
    assert round(last[3], 3) == 0.299
    assert ws.cell(row=ws.max_row, column=2).number_format == "#,##0,;[Red]-#,##0,"  # exact kroner shown in 1000 kr


def test_format_flag_overrides_the_file_suffix(levanger, capsys, tmp_path):
    path, _ = write(capsys, tmp_path, "rapport.bin", "--format", "docx")
    assert docx.Document(str(path)).tables


def test_an_unknown_suffix_without_format_is_refused(levanger, capsys, tmp_path):
    assert main(["report", "--year", "2024", "--period", "3", "-o", str(tmp_path / "r.txt")]) == 2
    assert "Ukjent format «txt»" in capsys.readouterr().err


@pytest.fixture
def mismatch(monkeypatch):
    bad = [Mismatch("Totalt Levanger kommune", "actual", "1", "2", "sum av enhetene")]
    monkeypatch.setattr("tertial.web.reports.documents.status_check", lambda table: bad)


def test_a_report_with_mismatches_is_refused_unless_forced(levanger, mismatch, capsys, tmp_path):
    assert main(["report", "--year", "2024", "--period", "3", "-o", str(tmp_path / "r.pdf")]) != 0
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("name", ["r.html", "r.pdf", "r.docx", "r.xlsx"])
def test_a_forced_report_carries_the_warning_in_every_format(levanger, mismatch, capsys, tmp_path, name):
    path, out = write(capsys, tmp_path, name, "--force")
    assert "med advarsel" in out
    warning = "Advarsel: rapporten er laget selv om kontrollen fant 1 avvik"
    if name.endswith(".html"):
        text = path.read_text(encoding="utf-8").replace("<strong>", "").replace("</strong>", "")
    elif name.endswith(".pdf"):
        text = squeeze(pdftotext(path))
    elif name.endswith(".docx"):
        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    else:
        text = "\n".join(str(ws["A2"].value) for ws in load_workbook(path).worksheets[1:])
        text += load_workbook(path)["Rapport"]["A5"].value
    assert warning in text


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@pytest.fixture
def staff_client(levanger, client, finance_officer):
    client.force_login(finance_officer)
    return client


@pytest.mark.parametrize("fmt", sorted(CONTENT_TYPES))
def test_view_serves_each_format_as_a_named_download(staff_client, fmt):
    response = staff_client.get(reverse("reports:status-report", args=[2024, 3]) + f"?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="status-2024-03.{fmt}"'
    if fmt == "docx":
        assert docx.Document(io.BytesIO(response.content)).tables
    elif fmt == "xlsx":
        assert "Status" in load_workbook(io.BytesIO(response.content)).sheetnames
    else:
        assert response.content.startswith(b"%PDF-")


def test_view_shows_html_inline_by_default(staff_client):
    response = staff_client.get(reverse("reports:status-report", args=[2024, 3]))
    assert response["Content-Type"] == "text/html; charset=utf-8" and "Content-Disposition" not in response
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in response.content.decode()


def test_view_refuses_an_unknown_format(staff_client):
    response = staff_client.get(reverse("reports:status-report", args=[2024, 3]) + "?format=odt")
    assert response.status_code == 400 and "Ukjent format «odt»" in response.content.decode()


def test_the_public_gets_no_report_built_from_live_figures(levanger, client):
    assert client.get(reverse("reports:status-report", args=[2024, 3]) + "?format=pdf").status_code == 404
