"""The forecast engine against the demo: SYNTHETIC 2021–2023 history (dev/fixtures/levanger_history.py)
and the real Levanger 2024 figures pr. 31.03."""

import json

from tertial.cli.main import main
from tertial.core import combined
from tertial.core import projection as core
from tertial.web.budget.selectors import status_table_get
from tertial.web.forecasting.selectors import (
    forecast_backtest_get,
    forecast_history_get,
    forecast_overview_get,
    track_record_get,
)


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_loading_the_history_leaves_the_2024_figures_as_printed(levanger):
    total = status_table_get(year=2024, month=3).total
    assert (total.actual, total.budget, total.forecast) == (41_741_058_800, 139_606_144_700, 145_876_144_700)


def test_demo_backtest_beats_both_naive_methods_every_month_with_calibrated_intervals(levanger):
    bt = forecast_backtest_get(years=[2021, 2022, 2023])
    mae = {(k, m): bt.row(k, m).mae for k in combined.BACKTEST_METHODS for m in (3, 8) if bt.row(k, m)}
    assert mae == {
        (combined.METHOD_COMBINED, 3): 167_876_276,
        (combined.METHOD_COMBINED, 8): 67_994_757,
        (combined.METHOD_PROFILE_ONLY, 3): 228_373_457,
        (combined.METHOD_PROFILE_ONLY, 8): 75_633_628,
        (combined.METHOD_BUDGET_NAIVE, 3): 217_707_357,
        (combined.METHOD_BUDGET_NAIVE, 8): 217_707_357,
        (combined.METHOD_RUN_NAIVE, 3): 835_167_210,
        (combined.METHOD_RUN_NAIVE, 8): 172_180_491,
        (combined.METHOD_OWN, 8): 83_112_081,
    }
    assert bt.row(combined.METHOD_COMBINED, 3).n == 90
    assert bt.months_won() == tuple(range(1, 12))
    cover80 = [round(bt.row(combined.METHOD_COMBINED, m).coverage80) for m in range(1, 12)]
    assert cover80 == [82, 79, 81, 77, 80, 80, 81, 82, 81, 78, 82]  # 90 year-ends a month: ±4 points by chance


def test_demo_projection_pr_march_2024_flags_a_handful_of_units_by_size(levanger):
    ov = forecast_overview_get(year=2024, month=3)
    assert ov.history_years == (2021, 2022, 2023)
    assert ov.calibrated
    assert (ov.projection.point, ov.projection.low, ov.projection.high) == (
        143_377_949_466,
        141_329_600_804,
        145_426_298_128,
    )
    # the four units that forecast the largest overspends, each further from what its accounts point to
    assert [f.unit for f in ov.flags] == ["133", "160", "650", "680"]
    assert [f.driver for f in ov.flags] == ["drift", "drift", "lonn", "lonn"]
    assert all(not f.low <= f.forecast <= f.high for f in ov.flags)
    assert all(abs(f.disagreement) >= max(50_000_000, abs(ov.budget[f.unit]) // 100) for f in ov.flags)
    reasons = ["".join(str(r) for r in f.reason) for f in ov.flags]
    assert len(set(reasons)) == len(reasons)
    # 130 Fellesområder has booked 118 % of its budget by March; it is projected at 21,2 mill. kr, not 73
    fellesomrader = ov.projection.unit("130")
    assert fellesomrader.point == 2_118_324_626 and fellesomrader.low <= ov.budget["130"] <= fellesomrader.high
    assert ov.bridge.net == -4_270_000_000  # −62,7 mill. from the units + 20 mill. central


def test_demo_projection_pr_april_2024_flags_the_same_handful(levanger):
    """The first tertial (SYNTHETIC April, dev/fixtures/levanger_t1.py): the same four units, not 16 as
    when April was March repeated; the three units whose forecast changed in April are not among them."""
    ov = forecast_overview_get(year=2024, month=4)
    assert [f.unit for f in ov.flags] == ["133", "160", "650", "680"]
    assert [round(f.disagreement / 1_000_000) / 100 for f in ov.flags] == [-13.22, -12.01, -5.63, -2.05]
    reasons = ["".join(str(r) for r in f.reason) for f in ov.flags]
    assert all(" pr. april 2024, vanligvis " in r for r in reasons)


def test_forecast_history_and_track_record_of_a_closed_demo_year(levanger):
    hist = {h.unit: h for h in forecast_history_get(year=2023)}
    assert [pt.month for pt in hist["130"].points] == [4, 8]
    rows = track_record_get(year=2023)
    assert rows[-1].kind == "total"
    assert {r.tendency for r in rows} <= {core.TRACK_ACCURATE, core.TRACK_CONSERVATIVE, core.TRACK_OPTIMISTIC}


def test_cli_forecast_prints_the_table_and_the_warnings(levanger, capsys):
    code, out = run(capsys, "forecast", "--year", "2024", "--period", "3")
    assert code == 0
    assert out.startswith("Statistisk årsprognose pr. 31.03.2024 (historikk 2021–2023)")
    assert "Varsler (4)" in out
    assert "133 NAV kommune: statistisk 35,2\u00a0mill. mot prognose 48,6\u00a0mill." in out


def test_cli_forecast_csv_and_json_carry_exact_kroner(levanger, capsys):
    _, out = run(capsys, "forecast", "--year", "2024", "--period", "3", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "ansvar;navn;metode;hittil;statistisk;lav_80;hoy_80;prognose;flagg;begrunnelse"
    assert len(lines) == 31
    _, out = run(capsys, "forecast", "--year", "2024", "--period", "3", "--format", "json")
    doc = json.loads(out)
    assert doc["periode"] == 202403
    assert doc["totalt"]["statistisk"] == "1433779494.66"


def test_cli_forecast_backtest_prints_the_error_table_and_the_verdict(levanger, capsys):
    code, out = run(capsys, "forecast-backtest", "--years", "2021-2023")
    assert code == 0
    assert "Prognose = budsjett" in out
    assert "Dekning 95 %" in out
    assert out.rstrip().endswith("og løpende takt i alle månedene januar–november.")


def test_the_demo_report_carries_the_bridge_and_the_annex_in_every_format(levanger):
    from tertial.core.document import Edition, FigureTable, Heading
    from tertial.renderers import RENDERERS
    from tertial.web.reports.documents import status_report_document

    doc = status_report_document(year=2024, month=3, edition=Edition.INTERNAL)  # the annex is finance's (issue 18)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[-1] == core.REPORT_ANNEX_TITLE
    assert core.REPORT_BRIDGE_TITLE in headings
    annex = [b for b in doc.blocks if isinstance(b, FigureTable) and b.label_header == "Ansvar"][-1]
    assert [r.label for r in annex.rows] == [
        "133 NAV kommune",
        "160 Innvandrertjenesten",
        "650 Teknisk enhet",
        "680 Brann og redning",
    ]
    for fmt, renderer in RENDERERS.items():
        assert renderer.render(doc), fmt
    assert "Statistisk kontroll av prognosene" in RENDERERS["html"].render(doc).decode()


def test_the_annex_is_left_out_when_no_unit_is_flagged():
    from tertial.core.periods import Period

    assert core.forecast_control_blocks((), Period(2024, 3)) == []


def test_an_imported_periodised_budget_replaces_twelfths_on_the_unit_page_and_in_the_report(levanger, tmp_path):
    from tertial.web.budget.selectors import monthly_budgets_get, revised_budget_by_unit
    from tertial.web.imports import ImportRequest, import_file

    path = tmp_path / "profil.csv"
    path.write_text("ansvar;maaned;belop\n" + "".join(f"235;{m};{2 if m == 6 else 1}000000\n" for m in range(1, 13)))
    message = import_file("budget-profile", ImportRequest(path=path, year=2024))
    assert message == "Periodisert budsjett 2024: 12 linjer for 1 enheter"
    budgets = monthly_budgets_get(year=2024, month=3)
    nesheim = budgets["235"]
    assert nesheim.source == "importert" and sum(nesheim.months) == revised_budget_by_unit(2024, 3)["235"]
    assert abs(nesheim.months[5] - 2 * nesheim.months[0]) <= 2  # June twice January, scaled to the budget
    assert budgets["100"].source == "fra tidligere års regnskap"  # derived from 2021–2023
