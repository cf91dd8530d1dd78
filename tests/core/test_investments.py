from datetime import date
from decimal import Decimal

from tertial.core.document import Figure, FigureTable, Heading, ItemList
from tertial.core.investments import (
    UNFINANCED_LABEL,
    FinancingLine,
    FrameChange,
    Project,
    ProjectStatus,
    Threshold,
    current_frame,
    investment_blocks,
    investment_overview_build,
    overview_check,
    project_table_build,
    project_table_check,
    significant_deviations,
)
from tertial.core.periods import Period

T1 = Period(2024, 4)
MILL = 100_000_000  # 1 mill. kr in øre


def project(number="1", area="Oppvekst", **kw) -> Project:
    values = {
        "name": f"Prosjekt {number}",
        "ansvar": "235",
        "budget": 10 * MILL,
        "actual": 2 * MILL,
        "forecast_year": 10 * MILL,
        "forecast_total": 50 * MILL,
        "status": ProjectStatus.CONSTRUCTION,
        "frame": 50 * MILL,
    }
    values.update(kw)
    return Project(number=number, area=area, **values)


def test_totals_are_exact_sums_of_ore_in_every_column():
    table = project_table_build(
        T1,
        [
            project("1", budget=1_000_001, actual=333_333, forecast_year=1_200_049, forecast_total=9_000_001),
            project("2", budget=2_000_049, actual=666_667, forecast_year=1_800_000, frame=None, forecast_total=5),
            project("3", budget=-51, actual=1, forecast_year=0, frame=7_000_000, forecast_total=7_500_000),
        ],
    )
    t = table.total
    assert (t.budget, t.actual, t.forecast_year) == (2_999_999, 1_000_001, 3_000_049)
    assert t.deviation_year == 2_999_999 - 3_000_049 == -50
    # frames and deviation against the frame only over projects that have a frame
    assert t.frame == 50 * MILL + 7_000_000
    assert t.deviation_total == (50 * MILL - 9_000_001) + (7_000_000 - 7_500_000)
    assert t.forecast_total == 9_000_001 + 5 + 7_500_000
    assert project_table_check(table) == []
    assert [p.number for p in table.without_frame] == ["2"]


def test_deviation_is_budget_minus_forecast_and_frame_minus_sluttprognose():
    p = project(budget=45 * MILL, forecast_year=52 * MILL, frame=120 * MILL, forecast_total=128_500_000_00)
    assert p.deviation_year == -7 * MILL
    assert p.deviation_total == -8_500_000_00
    assert project(frame=None).deviation_total is None


def test_projects_over_the_amount_or_the_percentage_of_the_frame_are_listed_overspend_first():
    table = project_table_build(
        T1,
        [
            project("under", forecast_year=10 * MILL + 99_999_900),  # 999 999 kr over: not listed
            project("exact", forecast_year=11 * MILL),  # exactly 1 mill.: does not exceed
            project("year", forecast_year=11 * MILL + 1),  # 1 mill. and 1 øre over
            project("late", forecast_year=7 * MILL),  # 3 mill. mindreforbruk is also significant
            project("pct", frame=5 * MILL, forecast_total=5 * MILL + 50_000_001),  # 10 % + 1 øre of the frame
            project("pct-exact", frame=5 * MILL, forecast_total=5 * MILL + 50_000_000),
        ],
    )
    found = significant_deviations(table, Threshold())
    assert [p.number for p in found] == ["year", "pct", "late"]
    assert [p.number for p in significant_deviations(table, Threshold(amount=None))] == ["pct"]
    assert [p.number for p in significant_deviations(table, Threshold(percent=None))] == ["year", "late"]
    assert significant_deviations(table, Threshold(amount=None, percent=Decimal("0.5"))) != ()


def test_the_current_frame_is_the_newest_change_on_or_before_the_date():
    changes = [
        FrameChange("1101", date(2023, 3, 22), "PS 12/23", 120 * MILL, "Økt ramme"),
        FrameChange("1101", date(2022, 6, 15), "PS 45/22", 95 * MILL),
        FrameChange("1101", date(2024, 6, 12), "PS 40/24", 130 * MILL),
    ]
    assert current_frame(changes, date(2024, 4, 30)).reference == "PS 12/23"
    assert current_frame(changes, date(2024, 6, 12)).frame == 130 * MILL
    assert current_frame(changes, date(2022, 6, 14)) is None
    same_day = [*changes, FrameChange("1101", date(2023, 3, 22), "PS 13/23", 121 * MILL)]
    assert current_frame(same_day, date(2024, 4, 30)).reference == "PS 13/23"


def test_a_stated_frame_that_differs_from_the_history_is_a_mismatch():
    table = project_table_build(T1, [project("1101", frame=120 * MILL, stated_frame=95 * MILL)])
    [m] = project_table_check(table)
    assert (m.row, m.column, m.shown, m.expected) == ("1101 Prosjekt 1101", "frame", 95 * MILL, 120 * MILL)


FINANCED = [
    FinancingLine("kompensasjon_mva", -4 * MILL, -1 * MILL, -4 * MILL),
    FinancingLine("bruk_av_lan", -16 * MILL, 0, -17 * MILL),
    FinancingLine("avdrag_lan", 1 * MILL, 0, 1 * MILL),
    FinancingLine("overforing_fra_drift", -1 * MILL, 0, -1 * MILL),
]


def two_areas():
    return project_table_build(
        T1,
        [
            project("1", area="Samfunnsutvikling", budget=12 * MILL, forecast_year=13 * MILL, actual=3 * MILL),
            project("2", area="Oppvekst", budget=8 * MILL, forecast_year=8 * MILL, actual=1 * MILL),
        ],
    )


def test_the_overview_sums_projects_per_area_and_balances_when_financed():
    ov = investment_overview_build(two_areas(), FINANCED, area_order=["Oppvekst", "Samfunnsutvikling", "Helse"])
    assert [(a.label, a.budget, a.forecast) for a in ov.areas] == [
        ("Oppvekst", 8 * MILL, 8 * MILL),
        ("Samfunnsutvikling", 12 * MILL, 13 * MILL),
    ]
    labels = [r.label for r in ov.rows]
    assert labels == [
        "Investeringer i varige driftsmidler",
        "Avdrag på lån",
        "Sum investeringsutgifter",
        "Kompensasjon for merverdiavgift",
        "Bruk av lån",
        "Sum investeringsinntekter",
        "Overføring fra drift",
        "Sum overføring fra drift og netto avsetninger",
        UNFINANCED_LABEL,
    ]
    assert (ov.rows[2].budget, ov.rows[2].actual, ov.rows[2].forecast) == (21 * MILL, 4 * MILL, 22 * MILL)
    assert (ov.unfinanced.budget, ov.unfinanced.forecast) == (0, 0)
    assert ov.unfinanced.actual == 4 * MILL - 1 * MILL  # actuals to date need not balance
    assert overview_check(ov) == []


def test_the_balance_check_flags_an_unfinanced_forecast():
    short = [
        line if line.key != "bruk_av_lan" else FinancingLine("bruk_av_lan", -16 * MILL, 0, -16 * MILL)
        for line in FINANCED
    ]
    ov = investment_overview_build(two_areas(), short)
    [m] = overview_check(ov)
    assert (m.row, m.column, m.shown, m.expected) == (UNFINANCED_LABEL, "forecast", 1 * MILL, 0)
    assert "prognosen skal være finansiert" in str(m)


def test_the_check_finds_a_sum_that_does_not_re_derive():
    from dataclasses import replace

    ov = investment_overview_build(two_areas(), FINANCED)
    rows = list(ov.rows)
    rows[5] = replace(rows[5], budget=rows[5].budget + 1)  # Sum investeringsinntekter
    found = overview_check(replace(ov, rows=tuple(rows)))
    assert [(m.row, m.column, m.rule) for m in found] == [
        ("Sum investeringsinntekter", "budget", "sum = summen av linjene"),
        (UNFINANCED_LABEL, "budget", "udekket = summen av summene"),
    ]


def test_the_report_part_has_the_project_table_with_a_total_row_and_the_significant_projects():
    table = project_table_build(
        T1,
        [
            project("1101", budget=45 * MILL, forecast_year=52 * MILL, comment="Grunnforhold."),
            project("2201", budget=9 * MILL, forecast_year=9 * MILL, status=ProjectStatus.PROCUREMENT),
        ],
    )
    blocks = investment_blocks(table, investment_overview_build(table, FINANCED), Threshold(), 2024)
    assert blocks[0] == Heading("Investeringer")
    projects = blocks[2]
    assert isinstance(projects, FigureTable)
    assert [r.label for r in projects.rows] == [
        "1101 Prosjekt 1101 (bygging)",
        "2201 Prosjekt 2201 (anskaffelse)",
        "Sum",
    ]
    assert projects.rows[-1].kind == "total"
    assert projects.rows[-1].cells[1] == Figure.thousands(54 * MILL)
    assert projects.rows[-1].cells[4] == Figure.thousands(-7 * MILL)
    listed = next(b for b in blocks if isinstance(b, ItemList))
    assert len(listed.items) == 1 and listed.items[0][-1] == ". Grunnforhold."
    assert blocks[-1].caption.startswith("Bevilgningsoversikt investering (§ 5-5)")


def test_the_report_part_is_left_out_when_the_year_has_no_projects():
    assert investment_blocks(project_table_build(T1, []), None, Threshold(), 2024) == []
