"""The forecast engine against the demo: SYNTHETIC 2021–2023 history (dev/fixtures/levanger_history.py)
and the real Levanger 2024 figures pr. 31.03."""

import json

import pytest

from tertial.cli.main import main
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


def test_demo_backtest_figures_at_march_and_august(levanger):
    bt = forecast_backtest_get(years=[2021, 2022, 2023])
    mae = {(k, m): bt.error(k, m).mae for k in core.BACKTEST_METHODS for m in (3, 8) if bt.error(k, m)}
    assert mae == {
        (core.METHOD_STATISTICAL, 3): 211_807_989,
        (core.METHOD_STATISTICAL, 8): 62_417_100,
        (core.METHOD_BUDGET, 3): 167_281_318,
        (core.METHOD_BUDGET, 8): 167_281_318,
        (core.METHOD_RUN, 3): 489_092_130,
        (core.METHOD_RUN, 8): 110_894_771,
        (core.METHOD_OWN, 8): 64_555_642,
    }
    assert round(bt.error(core.METHOD_STATISTICAL, 3).mape, 1) == pytest.approx(5.0)
    assert bt.error(core.METHOD_STATISTICAL, 3).n == 90
    assert bt.months_won() == (4, 5, 6, 7, 8, 9, 10)
    assert bt.beats_naive


def test_demo_projection_pr_march_2024_flags_units_outside_their_interval(levanger):
    ov = forecast_overview_get(year=2024, month=3)
    assert ov.history_years == (2021, 2022, 2023)
    assert (ov.projection.point, ov.projection.low, ov.projection.high) == (
        150_086_264_895,
        142_620_892_913,
        157_551_636_877,
    )
    assert len(ov.flags) == 20
    first = ov.flags[0]
    assert (first.unit, first.name) == ("130", "Fellesområder")
    assert all(not f.low <= f.forecast <= f.high for f in ov.flags)
    assert ov.bridge.net == -4_270_000_000  # −62,7 mill. from the units + 20 mill. central


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
    assert "Varsler (20)" in out
    assert "130 Fellesområder: statistisk 73,0\u00a0mill. mot prognose 17,5\u00a0mill." in out


def test_cli_forecast_csv_and_json_carry_exact_kroner(levanger, capsys):
    _, out = run(capsys, "forecast", "--year", "2024", "--period", "3", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "ansvar;navn;metode;hittil;statistisk;lav_80;hoy_80;prognose;flagg;begrunnelse"
    assert len(lines) == 31
    _, out = run(capsys, "forecast", "--year", "2024", "--period", "3", "--format", "json")
    doc = json.loads(out)
    assert doc["periode"] == 202403
    assert doc["totalt"]["statistisk"] == "1500862648.95"


def test_cli_forecast_backtest_prints_the_error_table_and_the_verdict(levanger, capsys):
    code, out = run(capsys, "forecast-backtest", "--years", "2021-2023")
    assert code == 0
    assert "Prognose = budsjett" in out
    assert out.rstrip().endswith("målt med gjennomsnittlig absolutt feil.")
    assert "slår begge" in out


def test_the_demo_report_carries_the_bridge_and_the_annex_in_every_format(levanger):
    from tertial.core.document import FigureTable, Heading
    from tertial.renderers import RENDERERS
    from tertial.web.reports.documents import status_report_document

    doc = status_report_document(year=2024, month=3)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[-1] == core.REPORT_ANNEX_TITLE
    assert core.REPORT_BRIDGE_TITLE in headings
    annex = [b for b in doc.blocks if isinstance(b, FigureTable) and b.label_header == "Ansvar"][-1]
    assert len(annex.rows) == 20
    for fmt, renderer in RENDERERS.items():
        assert renderer.render(doc), fmt
    assert "Statistisk kontroll av prognosene" in RENDERERS["html"].render(doc).decode()


def test_the_annex_is_left_out_when_no_unit_is_flagged():
    from tertial.core.periods import Period

    assert core.forecast_control_blocks((), Period(2024, 3)) == []
