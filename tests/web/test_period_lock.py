"""A locked, published period cannot be changed by any path: web views, the CLI imports, the import
services called directly, and the Django admin. Each test asserts the refusal message and that the
database is exactly as it was. The JSON API (decisions) only reads, so it has no write to refuse."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.db.models import Max, Sum
from django.urls import reverse

from tertial.cli.main import main
from tertial.core.periods import Period
from tertial.core.rounds import ROUND_LOCKED
from tertial.web.accounts.models import SectorLeadership
from tertial.web.audit.models import AuditEntry
from tertial.web.budget.models import Balance, CentralItem, Forecast, Measure, SectorComment, UnitComment
from tertial.web.content.models import (
    Indicator,
    IndicatorTable,
    IndicatorValue,
    Milestone,
    MilestonePlan,
    MilestoneRevision,
    Section,
    SickLeaveRecord,
)
from tertial.web.demo import DEMO_MONTH, DEMO_YEAR, demo_dir
from tertial.web.imports import IMPORTERS, ImportRequest
from tertial.web.locks import MONTHS_LOCKED, PERIOD_LOCKED, PeriodLocked
from tertial.web.rounds.models import Round, Task
from tertial.web.rounds.services import round_lock, round_open, round_publish

YEAR, MONTH = DEMO_YEAR, DEMO_MONTH  # 2024, March: the period the demo's files are for
LOCKED = PERIOD_LOCKED.format(period=Period(YEAR, MONTH))  # «Perioden pr. 31.03.2024 er låst; …»
ROWS = [
    Forecast,
    UnitComment,
    Measure,
    SectorComment,
    CentralItem,
    SickLeaveRecord,
    IndicatorTable,
    Indicator,
    IndicatorValue,
    MilestonePlan,
    Milestone,
    MilestoneRevision,
    Section,
    Round,
    Task,
]


def database_state() -> dict:
    """Every row of the period data (balances as count, sum and highest id) and the audit trail."""
    state: dict = {m.__name__: list(m.objects.order_by("pk").values()) for m in ROWS}
    state["Balance"] = Balance.objects.aggregate(n=Sum(1), total=Sum("amount"), last=Max("pk"))
    state["AuditEntry"] = AuditEntry.objects.count()
    return state


@pytest.fixture
def locked(levanger):
    """The round pr. 31.03.2024, opened, locked and published."""
    rnd = round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="test")
    round_lock(rnd=rnd, actor="test")
    return round_publish(rnd=rnd, actor="test")


def cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


# --- The CLI ---------------------------------------------------------------------------------------

PERIOD_IMPORTS = [
    ("forecasts", "forecasts_202403.csv"),
    ("comments", "comments_202403.json"),
    ("central", "central_202403.csv"),
    ("indicators", "indicators_nav.csv"),
    ("milestones", "milestones_helseplattformen.csv"),
    ("sections", "sections_202403.json"),
]


@pytest.mark.parametrize(("kind", "name"), PERIOD_IMPORTS)
def test_the_cli_refuses_a_period_import_into_the_locked_period(locked, capsys, kind, name):
    before = database_state()
    code, err = cli(capsys, "import", kind, str(demo_dir() / name), "--year", "2024", "--period", "3")
    assert code == 2
    assert LOCKED in err
    assert database_state() == before


@pytest.mark.parametrize(("kind", "name"), PERIOD_IMPORTS)
def test_each_import_service_refuses_the_locked_period_on_its_own(locked, kind, name):
    """The services check inside their transaction, whoever calls them (not only the CLI's pre-check)."""
    before = database_state()
    with pytest.raises(PeriodLocked, match=re.escape(LOCKED)):
        IMPORTERS[kind](ImportRequest(path=demo_dir() / name, year=YEAR, period=MONTH, actor="test"))
    assert database_state() == before


def test_the_same_import_into_an_open_period_is_accepted(levanger, capsys):
    round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10), actor="test")  # open, not locked
    code, err = cli(
        capsys, "import", "sections", str(demo_dir() / "sections_202403.json"), "--year", "2024", "--period", "3"
    )
    assert (code, err) == (0, "")


def test_the_cli_refuses_sick_leave_for_months_the_locked_period_includes(locked, capsys):
    before = database_state()
    code, err = cli(capsys, "import", "sickleave", str(demo_dir() / "sickleave_2024.csv"), "--year", "2024")
    assert code == 2
    assert MONTHS_LOCKED.format(period=Period(YEAR, MONTH), months="01.2024, 02.2024, 03.2024", last="03.2024") in err
    assert database_state() == before


def test_the_cli_refuses_a_general_ledger_file_covering_a_locked_month(locked, capsys):
    before = database_state()
    code, err = cli(capsys, "import", "actuals", str(demo_dir() / "actuals.csv"), "--year", "2024")
    assert code == 2
    assert "Perioden pr. 31.03.2024 er låst, og 01.2024, 02.2024, 03.2024 inngår i den" in err
    assert database_state() == before


def test_a_general_ledger_file_of_a_later_month_is_accepted(locked, capsys, tmp_path: Path):
    april = tmp_path / "april.csv"
    april.write_text("periode;ansvar;art;funksjon;belop\n202405;110;10800;100;1000,00\n", encoding="utf-8")
    code, err = cli(capsys, "import", "actuals", str(april), "--year", "2024")
    assert (code, err) == (0, "")
    assert Balance.objects.filter(unit__budget_year__year=2024, period=5, unit__code="110").get().amount == 1000_00


# --- The web views ---------------------------------------------------------------------------------


def test_a_unit_leader_cannot_save_a_forecast_in_the_locked_period(locked, leader_235, client):
    before = database_state()
    client.force_login(leader_235)
    response = client.post(
        reverse("rounds:prognosis-save", args=[YEAR, MONTH, "235"]),
        {"version": "0", "forecast": "1 000", "cause": "x", "consequence": "", "text": "", "tiltak-TOTAL_FORMS": "0",
         "tiltak-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 409
    assert ROUND_LOCKED in response.content.decode()
    assert database_state() == before


def test_a_sector_leader_cannot_change_the_sector_comment_of_the_locked_period(locked, sector_leader, client):
    code = SectorLeadership.objects.get(user=sector_leader).sector_code
    before = database_state()
    client.force_login(sector_leader)
    response = client.post(reverse("rounds:sector-comment", args=[YEAR, MONTH, code]), {"text": "Ny tekst"})
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert database_state() == before


def test_finance_cannot_create_edit_or_delete_a_text_section_of_the_locked_period(locked, finance_officer, client):
    section = Section.objects.filter(year=YEAR, month=MONTH).first()
    before = database_state()
    client.force_login(finance_officer)
    response = client.post(
        reverse("content:section-update", args=[section.pk]), {"title": "Ny", "html": "<p>Ny</p>", "sort_order": 1}
    )
    assert response.status_code == 409 and LOCKED in response.content.decode()
    response = client.post(
        reverse("content:section-create", args=[YEAR, MONTH]), {"title": "Ny", "html": "<p>Ny</p>", "sort_order": 9}
    )
    assert response.status_code == 409 and LOCKED in response.content.decode()
    response = client.post(reverse("content:section-delete", args=[section.pk]), follow=True)
    assert LOCKED in response.content.decode()
    assert database_state() == before


def test_finance_cannot_revise_or_complete_a_milestone_of_the_locked_period(locked, finance_officer, client):
    milestone = Milestone.objects.filter(plan__year=YEAR, plan__month=MONTH).first()
    url = reverse("content:milestone-update", args=[milestone.pk])
    before = database_state()
    client.force_login(finance_officer)
    response = client.post(url, {"action": "revise", "new_date": "2024-12-01", "reason": "Flyttet"})
    assert LOCKED in response.content.decode()
    response = client.post(url, {"action": "done", "done_date": "2024-04-02"})
    assert LOCKED in response.content.decode()
    assert database_state() == before


def test_a_web_upload_into_the_locked_period_is_refused(locked, finance_officer, client, settings, tmp_path):
    settings.TERTIAL_UPLOAD_DIR = tmp_path
    before = database_state()
    client.force_login(finance_officer)
    with (demo_dir() / "forecasts_202403.csv").open("rb") as f:
        response = client.post(
            reverse("uploads:upload"), {"kind": "forecasts", "year": "2024", "period": "3", "file": f}
        )
    assert response.status_code == 400
    assert LOCKED in response.content.decode()
    assert database_state() == before


# --- The admin -------------------------------------------------------------------------------------


def _admin_url(obj, view: str) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_the_admin_refuses_to_change_a_forecast_of_the_locked_period(locked, admin_user, client):
    forecast = Forecast.objects.get(unit__code="235", period=MONTH)
    before = database_state()
    client.force_login(admin_user)
    response = client.post(
        _admin_url(forecast, "change"),
        {"unit": forecast.unit_id, "period": MONTH, "amount": "1", "entered_by": "admin"},
    )
    assert response.status_code == 200  # the form again, with the message
    assert LOCKED in response.content.decode()
    assert database_state() == before


def test_the_admin_refuses_to_move_a_forecast_into_the_locked_period(locked, admin_user, client):
    forecast = Forecast.objects.get(unit__budget_year__year=YEAR, unit__code="235", period=4)  # the open April period
    client.force_login(admin_user)
    before = database_state()
    response = client.post(
        _admin_url(forecast, "change"), {"unit": forecast.unit_id, "period": MONTH, "amount": "1", "entered_by": "x"}
    )
    assert LOCKED in response.content.decode()
    assert database_state() == before
    response = client.post(
        _admin_url(forecast, "change"), {"unit": forecast.unit_id, "period": 4, "amount": "1", "entered_by": "x"}
    )
    assert response.status_code == 302  # the open period accepts the change
    forecast.refresh_from_db()
    assert forecast.amount == 1


@pytest.mark.parametrize(
    "model",
    [Forecast, UnitComment, SectorComment, CentralItem, Section, MilestonePlan, IndicatorTable, SickLeaveRecord],
)
def test_the_admin_refuses_to_delete_a_row_of_the_locked_period(locked, admin_user, client, model):
    obj = {
        Forecast: lambda: Forecast.objects.filter(period=MONTH),
        UnitComment: lambda: UnitComment.objects.filter(period=MONTH),
        SectorComment: lambda: SectorComment.objects.filter(period=MONTH),
        CentralItem: lambda: CentralItem.objects.filter(period=MONTH),
        Section: lambda: Section.objects.filter(year=YEAR, month=MONTH),
        MilestonePlan: lambda: MilestonePlan.objects.filter(year=YEAR, month=MONTH),
        IndicatorTable: lambda: IndicatorTable.objects.filter(year=YEAR, month=MONTH),
        SickLeaveRecord: lambda: SickLeaveRecord.objects.filter(year=YEAR, month=1),  # January is in the locked YTD
    }[model]().first()
    before = database_state()
    client.force_login(admin_user)
    response = client.post(_admin_url(obj, "delete"), {"post": "yes"}, follow=True)
    assert LOCKED.split(";")[0] in response.content.decode()
    assert database_state() == before


def test_the_admin_bulk_delete_refuses_when_one_row_is_of_the_locked_period(locked, admin_user, client):
    ids = list(Forecast.objects.filter(unit__code="235").values_list("pk", flat=True))  # March and April
    before = database_state()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:budget_forecast_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 403
    assert database_state() == before


def test_the_admin_cannot_unlock_or_delete_a_locked_round(locked, admin_user, client):
    before = database_state()
    client.force_login(admin_user)
    response = client.post(
        _admin_url(locked, "change"),
        {"budget_year": locked.budget_year_id, "period": MONTH, "title": "x", "deadline": "2024-04-10",
         "state": "open", "tasks-TOTAL_FORMS": "0", "tasks-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert LOCKED in response.content.decode()
    client.post(_admin_url(locked, "delete"), {"post": "yes"})
    assert database_state() == before
    assert Round.objects.get(pk=locked.pk).is_locked
