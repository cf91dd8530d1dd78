"""The statutory tertial report (issue 11) for the Levanger demo pr. 30.04.2024: the status report of
April with the tertial parts after it, through the CLI in every format."""

import io
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tertial.cli.main import main
from tertial.core.document import StatusTableBlock
from tertial.core.errors import DomainError
from tertial.web.reports.documents import tertial_report_document

NBSP = "\u00a0"
# April is SYNTHETIC (dev/fixtures/levanger_t1.py): the March forecasts with 350 +1,5 mill.,
# 220 −0,8 mill. and 610 −0,3 mill., so the unit deviation is −62,7 − 1,5 + 0,8 + 0,3 = −63,1 mill.
TOTAL = "Totalt Levanger kommune 532 742 1 396 061 38,2 % 1 459 161 −63 100"


def squeeze(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def test_the_first_tertial_report_is_the_status_of_april_with_its_own_title(levanger):
    doc = tertial_report_document(year=2024, tertial=1)
    assert doc.title == "1. tertialrapport 2024"
    assert doc.period_end.isoformat() == "2024-04-30"
    table = next(b for b in doc.blocks if isinstance(b, StatusTableBlock)).table
    assert table.total.actual == 53_274_161_875  # 417 410 588,00 kr to March + 115 331 030,75 kr in April
    assert table.total.deviation == -6_310_000_000


def test_only_the_first_and_second_tertial_have_a_report(levanger):
    with pytest.raises(DomainError, match=r"1\. og 2\. tertial"):
        tertial_report_document(year=2024, tertial=3)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_the_cli_writes_the_tertial_report_in_every_format(levanger, tmp_path, capsys, fmt):
    out = tmp_path / f"t1.{fmt}"
    assert main(["report", "--kind", "tertial", "--tertial", "1", "--year", "2024", "-o", str(out)]) == 0
    assert "1. tertialrapport 2024" in capsys.readouterr().out
    if fmt == "html":
        text = out.read_text(encoding="utf-8")
        assert "<title>1. tertialrapport 2024" in text
        assert "−63" in text
    elif fmt == "pdf":
        assert shutil.which("pdftotext"), "poppler-utils is installed by dev/setup"
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True, text=True)
        assert TOTAL in squeeze(text.stdout)
    elif fmt == "docx":
        document = docx.Document(io.BytesIO(out.read_bytes()))
        # the cover: municipality, then the title in the Title style, the date and the case number to fill in
        cover = [(p.style.name, p.text) for p in document.paragraphs[:6]]
        assert cover[:2] == [("Normal", "Levanger kommune"), ("Title", "1. tertialrapport 2024")]
        assert ("Normal", "Saksnummer: __________") in cover
        rows = [squeeze(" ".join(c.text for c in r.cells)) for t in document.tables for r in t.rows]
        assert TOTAL in rows
    else:
        wb = load_workbook(out)
        values = [c.value for ws in wb for row in ws.iter_rows() for c in row]
        assert "Totalt Levanger kommune" in values


def test_the_cli_asks_for_the_tertial_and_the_status_report_for_its_month(levanger, tmp_path, capsys):
    assert main(["report", "--kind", "tertial", "--year", "2024", "-o", str(tmp_path / "x.html")]) == 2
    assert "--tertial 1 eller 2" in capsys.readouterr().err
    assert main(["report", "--year", "2024", "-o", str(tmp_path / "x.html")]) == 2
    assert "--period" in capsys.readouterr().err


@pytest.fixture
def finance_client(levanger, client, finance_officer):
    client.force_login(finance_officer)
    return client


def test_the_status_page_of_april_links_the_tertial_report_and_march_does_not(finance_client):
    url = reverse("reports:tertial-report", args=[2024, 1])
    assert url in finance_client.get(reverse("reports:status", args=[2024, 4])).content.decode()
    assert url not in finance_client.get(reverse("reports:status", args=[2024, 3])).content.decode()


def test_finance_downloads_the_tertial_report_as_a_named_pdf(finance_client):
    response = finance_client.get(reverse("reports:tertial-report", args=[2024, 1]) + "?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="tertialrapport-2024-1.pdf"'


def test_the_public_gets_no_tertial_report_before_the_round_is_published(levanger, client):
    assert client.get(reverse("reports:tertial-report", args=[2024, 1])).status_code == 404
    assert client.get(reverse("reports:tertial-report", args=[2024, 3])).status_code == 404


def test_the_council_reads_the_tertial_report_once_its_round_is_published(levanger, client, council_member):
    from datetime import date

    from tertial.web.rounds.services import round_lock, round_open, round_publish

    client.force_login(council_member)
    url = reverse("reports:tertial-report", args=[2024, 1])
    assert client.get(url).status_code == 404
    rnd = round_open(year=2024, month=4, deadline=date(2024, 5, 10), title="1. tertial 2024", actor="test")
    round_lock(rnd=rnd, actor="test")
    round_publish(rnd=rnd, actor="test")
    html = squeeze(client.get(url).content.decode())
    for heading in ("Bevilgningsoversikt drift", "Forslag til vedtak", "Investeringer", "Finansforvaltning"):
        assert f">{heading}<" in html.replace("> ", ">").replace(" <", "<"), heading
    assert "Totalt Levanger kommune" in html


def _overview_row(doc, caption_start: str, label: str):
    from tertial.core.document import FigureTable

    table = next(b for b in doc.blocks if isinstance(b, FigureTable) and b.caption.startswith(caption_start))
    return next(tuple(c.value for c in r.cells) for r in table.rows if r.label == label), table.notes


def test_the_sign_presentation_is_the_municipalitys_setting_and_each_is_checked(levanger):
    """Default («resultat»): a surplus is a positive netto driftsresultat (18 901 in the budget) and
    rammetilskudd positive; «utgift» prints the ledger's signs. Both are re-derived without a mismatch
    (the report would be refused otherwise), and neither note names the software."""
    from decimal import Decimal

    from tertial.web.org.services import municipality_documents_set

    result = tertial_report_document(year=2024, tertial=1)
    (_actual, budget, forecast, deviation), notes = _overview_row(
        result, "Bevilgningsoversikt drift", "Netto driftsresultat"
    )
    assert round(budget) == 18_901 and round(forecast) == -24_199 and round(deviation) == -43_100
    assert "Inntekter og et overskudd vises som positive tall" in notes[0]
    (budget, _, _, _), _ = _overview_row(result, "Bevilgningsoversikt investering", "Bruk av lån")
    assert budget > 0  # financing is income: positive
    municipality_documents_set(report_signs="utgift", sickleave_percent_only="vis")
    ledger = tertial_report_document(year=2024, tertial=1)
    (_, budget, forecast, deviation), notes = _overview_row(ledger, "Bevilgningsoversikt drift", "Netto driftsresultat")
    assert round(budget) == -18_901 and round(forecast) == 24_199 and round(deviation) == -43_100
    assert "overskudd er negativt" in notes[0] and not any("Tertial" in n for n in notes)
    (budget, _, _, _), _ = _overview_row(ledger, "Bevilgningsoversikt investering", "Bruk av lån")
    assert budget < 0
    assert isinstance(deviation, Decimal)


def test_the_municipalitys_theme_reaches_the_document(levanger):
    from tertial.web.org.services import municipality_theme_set

    municipality_theme_set(
        colour="#005A9C", logo=b"<svg xmlns='http://www.w3.org/2000/svg'/>", logo_type="image/svg+xml"
    )
    doc = tertial_report_document(year=2024, tertial=1)
    assert doc.theme.colour == "#005a9c" and doc.theme.logo_type == "image/svg+xml"
    assert doc.theme.logo.startswith(b"<svg")
