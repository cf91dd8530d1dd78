import pytest

from tertial.core.errors import InputError
from tertial.web.investments.models import FrameChange, ProjectBalance, ProjectReport
from tertial.web.investments.selectors import project_detail_get, project_table_get

PROJECTS = (
    "nr;navn;ansvar;ramme;budsjett;prognose_aar;prognose_total;status;kommentar\n"
    "1101;Nesheim skole, utvidelse;235;120000000;45000000;52000000;128500000;bygging;Peling\n"
    "1102;Barnehage;137;;12000000;12000000;68000000;planlegging;\n"
)
LEDGER = "periode;ansvar;art;funksjon;prosjekt;belop\n"


@pytest.fixture
def projects(world, put):
    put("investment-projects", "p.csv", PROJECTS, period=4)
    return world


def test_actuals_to_date_are_the_balances_of_months_up_to_the_period(projects, put):
    put(
        "investment-actuals",
        "hb.csv",
        LEDGER + "202401;235;02300;202;1101;1000\n202404;235;02300;202;1101;500,25\n202405;235;02300;202;1101;7\n",
    )
    by_number = {p.number: p for p in project_table_get(year=2024, month=4).projects}
    assert by_number["1101"].actual == 150_025
    assert by_number["1102"].actual == 0
    assert project_table_get(year=2024, month=5).total.actual == 150_725


def test_an_unknown_project_in_the_ledger_is_refused_and_nothing_is_written(projects, put):
    put("investment-actuals", "hb.csv", LEDGER + "202401;235;02300;202;1101;1000\n")
    with pytest.raises(InputError) as exc:
        put("investment-actuals", "hb2.csv", LEDGER + "202401;235;02300;202;1101;5\n202401;235;02300;202;9999;1\n")
    assert str(exc.value) == "hb2.csv, kolonne «prosjekt»: ukjent investeringsprosjekt for 2024 («9999»)"
    assert list(ProjectBalance.objects.values_list("month", "amount")) == [(1, 100_000)]


def test_re_importing_a_month_replaces_it_and_keeps_other_months(projects, put):
    put("investment-actuals", "jan.csv", LEDGER + "202401;235;02300;202;1101;1000\n")
    put("investment-actuals", "feb.csv", LEDGER + "202402;235;02300;202;1101;200\n")
    put("investment-actuals", "jan.csv", LEDGER + "202401;235;02700;202;1101;300\n202401;235;02700;202;1102;1\n")
    assert sorted(ProjectBalance.objects.values_list("project__number", "month", "art", "amount")) == [
        ("1101", 1, "02700", 30_000),
        ("1101", 2, "02300", 20_000),
        ("1102", 1, "02700", 100),
    ]


def test_the_frame_in_force_is_the_newest_decision_before_the_period_end(projects, put):
    frames = (
        "nr;dato;vedtak;ramme;tekst\n"
        "1101;15.06.2022;PS 45/22;95000000;Forprosjekt\n"
        "1101;22.03.2023;PS 12/23;120000000;Anbud\n"
        "1101;12.06.2024;PS 40/24;130000000;Etter 1. tertial\n"
    )
    put("investment-frames", "r.csv", frames)
    [p1101, p1102] = project_table_get(year=2024, month=4).projects
    assert p1101.frame == 12_000_000_000 and p1101.deviation_total == -850_000_000
    assert p1102.frame is None  # no decision and no frame in the file
    detail = project_detail_get(project=ProjectReport.objects.get(project__number="1101").project, month=8)
    assert [f.reference for f in detail.frames] == ["PS 45/22", "PS 12/23", "PS 40/24"]
    assert detail.current_frame.reference == "PS 40/24"
    # a re-import replaces the history of the projects in the file
    put("investment-frames", "r.csv", "nr;dato;vedtak;ramme\n1101;2023-03-22;PS 12/23;120000000\n")
    assert FrameChange.objects.count() == 1


def test_a_bad_project_file_writes_nothing(projects, put):
    with pytest.raises(InputError):
        put("investment-projects", "p.csv", PROJECTS.replace(";137;", ";999;"), period=5)
    assert not ProjectReport.objects.filter(month=5).exists()


def test_a_later_period_replaces_the_reported_figures_and_earlier_periods_stay(projects, put):
    put("investment-projects", "p8.csv", PROJECTS.replace("52000000", "50000000"), period=8)
    assert project_table_get(year=2024, month=4).total.forecast_year == 6_400_000_000
    assert project_table_get(year=2024, month=8).total.forecast_year == 6_200_000_000
    assert project_table_get(year=2024, month=3).projects == ()


@pytest.fixture
def april_locked(projects):
    from datetime import date

    from tertial.core.rounds import RoundState
    from tertial.web.org.models import BudgetYear
    from tertial.web.rounds.models import Round

    Round.objects.create(
        budget_year=BudgetYear.objects.get(year=2024), period=4, deadline=date(2024, 5, 10), state=RoundState.LOCKED
    )


def test_a_locked_period_refuses_its_project_reports_financing_and_ledger_months(april_locked, put):
    from tertial.web.locks import PeriodLocked

    with pytest.raises(PeriodLocked, match=r"Perioden pr\. 30\.04\.2024 er låst"):
        put("investment-projects", "p.csv", PROJECTS.replace("52000000", "1"), period=4)
    with pytest.raises(PeriodLocked):
        put("investment-financing", "f.csv", "linje;budsjett;regnskap;prognose\nbruk_av_lan;-1;0;-1\n", period=4)
    with pytest.raises(PeriodLocked, match=r"03\.2024"):
        put("investment-actuals", "hb.csv", LEDGER + "202403;235;02300;202;1101;1\n")
    put("investment-actuals", "mai.csv", LEDGER + "202405;235;02300;202;1101;1\n")  # after the lock: fine
    put("investment-projects", "p8.csv", PROJECTS, period=8)
    assert ProjectReport.objects.filter(month=4, forecast_year=5_200_000_000).exists()


def test_a_frame_decision_inside_a_locked_period_is_refused_and_a_later_one_is_not(april_locked, put):
    from tertial.web.locks import PeriodLocked

    head = "nr;dato;vedtak;ramme\n"
    with pytest.raises(PeriodLocked):
        put("investment-frames", "r.csv", head + "1101;2023-03-22;PS 12/23;120000000\n")
    put("investment-frames", "r.csv", head + "1101;2024-06-12;PS 40/24;130000000\n")
    # re-importing the same history changes nothing, so the lock does not stand in the way
    put("investment-frames", "r.csv", head + "1101;2024-06-12;PS 40/24;130000000\n")
    assert FrameChange.objects.count() == 1
