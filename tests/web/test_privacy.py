"""Sick leave of small units is for finance only (issue 10): the council's and the public's page, the
report in HTML, PDF and Excel never show a unit below the threshold, and the sector and municipal
totals are the same figures finance sees (they include the hidden unit)."""

import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tertial.core import sickleave as core_sl
from tertial.core.sickleave import PRIVACY_NOTE, PRIVACY_NOTE_UNKNOWN, Days, Level, Record
from tertial.renderers import RENDERERS
from tertial.renderers.html import render_html
from tertial.web.content.selectors import Audience, sick_leave_get
from tertial.web.content.services import sick_leave_import
from tertial.web.org.models import Unit
from tertial.web.org.services import municipality_documents_set
from tertial.web.reports.documents import status_report_document

YEAR, MONTH = 2024, 3
PAGE = f"/innhold/{YEAR}/{MONTH}/sykefravaer/"
NBSP = "\u00a0"
SMALL = "235"  # Nesheim skole, made SYNTHETICALLY small: 120 contracted days a month (under 6 person-years)
SMALL_FIGURE = f"27,50{NBSP}%"  # 33 of 120 days lost, every month
NOTE = PRIVACY_NOTE.format(n="10")
CHART = '<svg xmlns="http://www.w3.org/2000/svg" class="chart"'  # a chart (the header's bell is an <svg> too)


@pytest.fixture
def with_days(levanger):
    """SYNTHETIC days for every Levanger unit in January–March 2024 (the seed gives percent only):
    2 000 contracted days a month (about 90 person-years) and 100 + n lost, except the small unit."""
    records = []
    units = list(Unit.objects.filter(budget_year__year=YEAR).order_by("code"))
    for n, u in enumerate(units):
        contracted, lost = (Decimal(120), Decimal(33)) if u.code == SMALL else (Decimal(2000), Decimal(100 + n))
        for month in (1, 2, 3):
            records.append(Record(YEAR, month, Level.UNIT, u.code, days=Days(contracted, long_certified=lost)))
    sick_leave_import(year=YEAR, records=records, actor="test")
    return {u.code: u for u in units}


def _march_published() -> None:
    """Council members see a period's content once its round is locked and published (issue 21)."""
    from datetime import date

    from tertial.web.rounds import services as rounds

    rounds.round_publish(
        rnd=rounds.round_lock(rnd=rounds.round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10)))
    )


def _sector_figure(units: dict, sector_code: str) -> str:
    """The sector's weighted percentage computed by hand from the fixture's days, as the page prints it."""
    members = [u for u in units.values() if u.sector.code == sector_code]
    contracted = sum(Decimal(120) if u.code == SMALL else Decimal(2000) for u in members)
    codes = sorted(units)
    lost = sum(Decimal(33) if u.code == SMALL else Decimal(100 + codes.index(u.code)) for u in members)
    percent = (lost * 100 / contracted).quantize(Decimal("0.01"))
    return f"{percent}".replace(".", ",") + f"{NBSP}%"


def test_finance_sees_the_small_unit_and_the_council_sees_its_sector_with_the_same_total(
    with_days, finance_officer, council_member, client
):
    small = with_days[SMALL]
    sector_figure = _sector_figure(with_days, small.sector.code)

    client.force_login(finance_officer)
    finance = client.get(PAGE).content.decode()
    assert small.name in finance and SMALL_FIGURE in finance
    assert "vises ikke for politikere og publikum" in finance
    assert sector_figure in finance

    _march_published()
    client.force_login(council_member)
    council = client.get(PAGE).content.decode()
    assert small.name not in council and SMALL_FIGURE not in council
    assert NOTE in council
    assert sector_figure in council  # the sector total still includes the hidden unit
    assert with_days["110"].name in council  # a large unit is still shown


def test_the_selector_removes_only_the_small_unit_and_keeps_every_total(with_days):
    full = sick_leave_get(year=YEAR, month=MONTH, audience=Audience.FINANCE).table
    public = sick_leave_get(year=YEAR, month=MONTH).table  # the default is the public table
    assert [r.key for r in full.rows if r.key != SMALL] == [r.key for r in public.rows]
    kept = {(r.kind, r.key): r.cells for r in public.rows}
    assert all(kept[(r.kind, r.key)] == r.cells for r in full.rows if r.key != SMALL)
    assert public.hidden_small == (SMALL,) and public.hidden_unknown == ()


def _report_text(fmt: str, tmp_path: Path) -> str:
    doc = status_report_document(year=YEAR, month=MONTH, force=True)
    if fmt == "html":
        return render_html(doc)
    data = RENDERERS[fmt].render(doc)
    if fmt == "pdf":
        path = tmp_path / "rapport.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    wb = load_workbook(io.BytesIO(data))
    ws = wb[f"Status sykefravær pr. mars {YEAR}"]
    return "\n".join(" | ".join("" if v is None else str(v) for v in row) for row in ws.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_the_report_never_shows_the_small_units_sick_leave(with_days, tmp_path, fmt):
    text = " ".join(_report_text(fmt, tmp_path).split())
    note = text.index("Enheter med færre enn 10 årsverk vises ikke av personvernhensyn")  # under the table
    sick = text[text.rindex(f"Status sykefravær pr. mars {YEAR}", 0, note) : note]  # the table above it
    assert with_days[SMALL].name not in sick
    assert "27,5" not in sick and "27.5" not in sick  # its figure, in any notation
    assert with_days["110"].name in sick  # the large units are there


def test_the_xlsx_sick_leave_sheet_lists_every_unit_but_the_small_one(with_days, tmp_path):
    text = _report_text("xlsx", tmp_path)
    labels = {line.split(" | ")[0] for line in text.splitlines()}
    assert with_days[SMALL].name not in labels
    assert {u.name for code, u in with_days.items() if code != SMALL} <= labels


def test_percent_only_units_of_the_seed_are_for_finance_only_and_the_given_totals_stay(
    levanger, finance_officer, council_member, client
):
    """The seed prints percent only, so no unit's size is known: with the default choice («skjul») the
    council sees the sectors and the municipality as the source gives them; finance sees Ekne
    barneskole's 20,72 %. (The demo municipality chose «vis», as Levanger published it.)"""
    municipality_documents_set(report_signs="resultat", sickleave_percent_only="skjul")
    client.force_login(finance_officer)
    finance = client.get(PAGE).content.decode()
    assert "Ekne barneskole" in finance and f"20,72{NBSP}%" in finance

    _march_published()
    client.force_login(council_member)
    council = client.get(PAGE).content.decode()
    assert "Ekne barneskole" not in council and f"20,72{NBSP}%" not in council
    assert f"10,17{NBSP}%" in council  # Levanger kommune totalt for March, as printed
    assert NOTE in council and PRIVACY_NOTE_UNKNOWN in council


def test_the_demo_shows_the_26_percent_only_rows_levanger_published_and_no_staff_as_a_dash(
    levanger, council_member, client
):
    """The demo's choice («vis»): the council's table is the seed's — 23 units and 5 sectors; a unit
    of known size would still follow the threshold. Kommunesamarbeid and Brann og redning (0 in every
    month: nobody employed) print «–», not 0,00 %."""
    table = sick_leave_get(year=YEAR, month=MONTH).table
    units = [r for r in table.rows if r.kind is core_sl.RowKind.UNIT]
    sectors = [r for r in table.rows if r.kind is core_sl.RowKind.SECTOR]
    assert (len(units), len(sectors)) == (23, 5) and table.hidden_unknown == ()
    assert len(table.shown_unknown) == 23 and core_sl.PRIVACY_NOTE_SHOWN in table.notes[1]
    by_label = {r.label: r for r in table.rows}
    assert [c.percent for c in by_label["Kommunesamarbeid"].cells] == [None, None, None]
    assert [c.percent for c in by_label["Brann og redning"].cells] == [None, None, None]
    assert by_label["Ytterøy BU"].cells[0].percent == 0  # one month at 0 is a figure
    _march_published()
    client.force_login(council_member)
    council = client.get(PAGE).content.decode()
    assert "Ekne barneskole" in council and f"20,72{NBSP}%" in council


def test_the_threshold_comes_from_the_settings(with_days, settings):
    settings.TERTIAL_SICKLEAVE_MIN_PERSON_YEARS = "5"  # the small unit has 120 / 21 = 5,7 in March
    settings.TERTIAL_SICKLEAVE_MIN_PEOPLE = 5
    public = sick_leave_get(year=YEAR, month=MONTH).table
    assert SMALL in [r.key for r in public.rows]
    assert core_sl.PRIVACY_NOTE.format(n="5") in public.notes
    settings.TERTIAL_SICKLEAVE_MIN_PEOPLE = 6  # six people need six person-years at least
    assert SMALL not in [r.key for r in sick_leave_get(year=YEAR, month=MONTH).table.rows]


def test_sectors_below_the_threshold_are_neither_in_the_table_nor_drawn(
    with_days, settings, finance_officer, council_member, client
):
    settings.TERTIAL_SICKLEAVE_MIN_PERSON_YEARS = "1000"  # every unit and every sector is smaller
    client.force_login(finance_officer)
    # the municipality and five sectors, each drawn for a wide screen and for a phone
    assert client.get(PAGE).content.decode().count('<div class="chart-wide"><svg') == 6
    _march_published()
    client.force_login(council_member)
    council = client.get(PAGE).content.decode()
    assert council.count('<div class="chart-wide"><svg') == 1  # the municipality only
    assert council.count('<div class="chart-narrow"><svg') == 1  # and its phone layout
    public = sick_leave_get(year=YEAR, month=MONTH).table
    assert [r.kind for r in public.rows] == [core_sl.RowKind.TOTAL]
    full = sick_leave_get(year=YEAR, month=MONTH, audience=Audience.FINANCE).table
    assert public.rows[-1].cells == full.rows[-1].cells  # the municipal total is unchanged
    assert "Det samme gjelder tjenesteområder med færre enn 1000 årsverk" in " ".join(public.notes)


def test_an_anonymous_visitor_gets_no_sick_leave_page(with_days, client):
    response = client.get(PAGE)
    assert response.status_code in (302, 403)
    assert SMALL_FIGURE not in response.content.decode()
