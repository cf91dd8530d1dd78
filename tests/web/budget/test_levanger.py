"""The Levanger status report pr. 31.03.24, rebuilt from the demo's raw files through the importers,
must reproduce every printed unit figure and correct the printed subtotal prognoses."""

from pathlib import Path

import pytest

from tertial.core.checks import check_figures, status_check
from tertial.core.status import net_result_compute
from tertial.importers.printed import read_printed_status
from tertial.renderers import numbers as nb
from tertial.web.budget.selectors import central_items_list, status_table_get
from tertial.web.demo import demo_dir, demo_load_data

SEED_TABLE = demo_dir() / "seed_status_table.csv"
NBSP = "\u00a0"


def printed(value: str) -> str:
    """The seed's printed figure in Tertial's formatting: no-break spaces, the minus sign."""
    return value.replace(" ", NBSP).replace("-", "\u2212")


def seed_rows(kind: str) -> list[dict[str, str]]:
    import csv

    lines = [ln for ln in SEED_TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return [r for r in csv.DictReader(lines, delimiter=";") if r["type"] == kind]


def fmt(n: str) -> str:
    return printed(f"{int(n):,}".replace(",", " "))


@pytest.fixture
def table(levanger):
    return status_table_get(year=2024, month=3)


def shown(row) -> dict[str, str]:
    return {
        "regnskap": nb.thousands(row.actual),
        "budsjett": nb.thousands(row.budget),
        "forbruk": nb.percent(row.usage_percent),
        "prognose": nb.thousands(row.forecast),
        "avvik": nb.thousands(row.deviation),
    }


def expected(seed: dict[str, str], columns=("regnskap", "budsjett", "prognose", "avvik")) -> dict[str, str]:
    out = {c: fmt(seed[c]) for c in columns}
    out["forbruk"] = printed(f"{seed['forbruk']} %")
    return out


def test_every_unit_row_reproduces_the_printed_figures(table):
    units = seed_rows("unit")
    assert len(units) == 30
    assert [r.code for r in table.units] == [u["ansvar"] for u in units]
    diffs = {u["ansvar"]: (shown(table.unit(u["ansvar"])), expected(u)) for u in units}
    assert {k: v for k, v in diffs.items() if v[0] != v[1]} == {}


def test_sector_subtotals_are_sums_of_units_and_match_the_printed_actuals_budget_and_percent(table):
    assert status_check(table) == []
    by_name = {r.name: r for r in table.sectors}
    for seed in seed_rows("sector"):
        row = by_name[seed["navn"].removeprefix("Totalt ")]
        got = shown(row)
        want = expected(seed, ("regnskap", "budsjett"))
        assert {k: got[k] for k in want} == want, seed["navn"]


def test_subtotal_prognose_is_the_sum_of_unit_prognoses_not_the_printed_budget(table):
    oppvekst = next(r for r in table.sectors if r.name == "Oppvekst og utdanning")
    assert nb.thousands(oppvekst.forecast) == f"627{NBSP}244"
    assert nb.thousands(oppvekst.deviation) == f"\u221210{NBSP}350"
    assert nb.thousands(oppvekst.actual) == f"170{NBSP}061"  # the printed rows sum to 170 060
    samarbeid = next(r for r in table.sectors if r.name == "Kommunesamarbeid")
    assert nb.thousands(samarbeid.budget) == f"30{NBSP}398"  # the printed rows sum to 30 397


def test_municipal_total(table):
    t = table.total
    assert t.name == "Totalt Levanger kommune"
    assert shown(t) == {
        "regnskap": f"417{NBSP}411",
        "budsjett": f"1{NBSP}396{NBSP}061",
        "forbruk": f"29,9{NBSP}%",
        "prognose": f"1{NBSP}458{NBSP}761",
        "avvik": f"\u221262{NBSP}700",
    }
    assert t.deviation == -62_700_000_00  # øre: the unit forecasts are whole-kroner deviations


def test_net_result_after_central_extra_revenues(table):
    net = net_result_compute(table, central_items_list(year=2024, month=3))
    assert (net.unit_deviation, net.central_deviation, net.net) == (-62_700_000_00, 20_000_000_00, -42_700_000_00)


def test_checker_flags_the_printed_subtotal_prognoses_of_the_seed():
    found = {(m.row, m.column) for m in check_figures(read_printed_status(SEED_TABLE), rounded=True)}
    assert found == {
        (f"Totalt {name}", col)
        for name in ("Oppvekst og utdanning", "Helse og velferd", "Samfunnsutvikling", "Levanger kommune")
        for col in ("forecast", "deviation")
    }


def test_loading_the_demo_twice_changes_nothing(table):
    demo_load_data()
    again = status_table_get(year=2024, month=3)
    assert again == table


def test_printed_seed_file_is_in_the_demo_folder():
    assert Path(SEED_TABLE).exists()
