"""Every importer against the database: bad input writes nothing; re-imports replace, never double."""

import pytest
from django.db.models import Count, Sum

from tertial.core.errors import DomainError, InputError
from tertial.web.audit.models import AuditEntry
from tertial.web.budget import models as bm
from tertial.web.budget.selectors import actuals_by_unit, revised_budget_by_unit, status_table_get
from tertial.web.imports import ImportRequest, import_file
from tertial.web.org.models import Sector, Unit

SUMMED = [bm.Balance, bm.BudgetLine, bm.BudgetChangeLine, bm.Forecast]


def snapshot():
    """Everything an import could touch, as counts and sums."""
    state = {m.__name__: m.objects.aggregate(n=Count("id"), s=Sum("amount")) for m in SUMMED}
    for m in (bm.BudgetChange, bm.CentralItem, bm.UnitComment, bm.Measure, bm.SectorComment, bm.ActualsImport):
        state[m.__name__] = m.objects.count()
    state["units"] = sorted(Unit.objects.values_list("code", "name", "sector__code"))
    state["sectors"] = sorted(Sector.objects.values_list("code", "name"))
    state["audit"] = AuditEntry.objects.count()
    return state


def run(kind, path, year=2024, period=3, mapping=None):
    return import_file(kind, ImportRequest(path=path, year=year, period=period, mapping=mapping))


@pytest.fixture
def loaded(world, tmp_path):
    """The world with some data in every table, so 'unchanged' is a real assertion."""

    def w(name, text):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return p

    run("budget", w("b.csv", "ansvar;belop\n130;17533000\n137;215514000\n235;33390000\n"))
    run(
        "actuals",
        w("a.csv", "periode;ansvar;art;funksjon;belop\n202401;235;10100;202;3000000\n202402;235;10100;202;4000000\n"),
    )
    run("forecasts", w("f.csv", "ansvar;prognose\n235;34090000\n"))
    run("central", w("c.csv", "kategori;tekst;avvik;linje\nrenter;Renteinntekter;2000000;renteinntekter\n"))
    run("budget-changes", w("ch.csv", "nr;dato;vedtak;tekst;ansvar;belop\n1;01.02.2024;PS 1/24;X;137;100\n"))
    run("comments", w("k.json", '[{"ansvar": "235", "arsak": "Elever", "tiltak": [{"tekst": "T"}]}]'))
    return w


BAD_INPUT = {
    "org": [
        ("missing column", "tjenesteomrade;ansvar\nA;100\n"),
        ("duplicate row", "tjenesteomrade;ansvar;navn\nA;100;X\nA;100;X\n"),
        ("wrong year", "tjenesteomrade;ansvar;navn;aar\nA;100;X;2023\n"),
    ],
    "actuals": [
        ("unknown ansvar", "periode;ansvar;art;funksjon;belop\n202403;235;10100;202;1\n202403;999;10100;202;1\n"),
        ("unparsable amount", "periode;ansvar;art;funksjon;belop\n202403;235;10100;202;1,2,3\n"),
        ("missing column", "periode;ansvar;art;belop\n202403;235;10100;1\n"),
        ("duplicate row", "periode;ansvar;art;funksjon;belop;bilag\n202403;235;1;2;1;9\n202403;235;1;2;1;9\n"),
        ("wrong year", "periode;ansvar;art;funksjon;belop\n202303;235;10100;202;1\n"),
    ],
    "budget": [
        ("unknown ansvar", "ansvar;belop\n999;1\n"),
        ("unparsable amount", "ansvar;belop\n235;ti\n"),
        ("missing column", "ansvar;sum\n235;1\n"),
        ("duplicate row", "ansvar;belop\n235;1\n235;2\n"),
        ("wrong year", "ansvar;belop;aar\n235;1;2025\n"),
    ],
    "budget-changes": [
        ("unknown ansvar", "nr;dato;vedtak;tekst;ansvar;belop\n2;01.03.2024;PS 2/24;Y;999;1\n"),
        ("unparsable amount", "nr;dato;vedtak;tekst;ansvar;belop\n2;01.03.2024;PS 2/24;Y;235;x\n"),
        ("missing column", "nr;dato;tekst;ansvar;belop\n2;01.03.2024;Y;235;1\n"),
        ("duplicate row", "nr;dato;vedtak;tekst;ansvar;belop\n2;01.03.2024;PS;Y;235;1\n2;01.03.2024;PS;Y;235;1\n"),
        ("wrong year", "nr;dato;vedtak;tekst;ansvar;belop\n2;01.03.2023;PS 2/23;Y;235;1\n"),
    ],
    "forecasts": [
        ("unknown ansvar", "ansvar;prognose\n999;1\n"),
        ("unparsable amount", "ansvar;prognose\n137;1.2.3\n"),
        ("missing column", "ansvar\n137\n"),
        ("duplicate row", "ansvar;prognose\n137;1\n137;1\n"),
        ("wrong year", "ansvar;prognose;aar\n137;1;2023\n"),
    ],
    "central": [
        ("unparsable amount", "kategori;tekst;avvik\nskatt;Skatt;mye\n"),
        ("missing column", "kategori;avvik\nskatt;1\n"),
        ("duplicate row", "kategori;tekst;avvik\nskatt;Skatt;1\nskatt;Skatt;1\n"),
        ("wrong year", "kategori;tekst;avvik;aar\nskatt;Skatt;1;2023\n"),
    ],
    "comments": [
        ("unknown ansvar", '[{"ansvar": "999", "arsak": "x"}]'),
        ("duplicate row", '[{"ansvar": "137", "arsak": "x"}, {"ansvar": "137", "arsak": "y"}]'),
        ("not json", "ansvar;arsak\n137;x\n"),
    ],
}
CASES = [(kind, case, text) for kind, cases in BAD_INPUT.items() for case, text in cases]


@pytest.mark.parametrize(("kind", "case", "text"), CASES, ids=[f"{k}-{c}" for k, c, _ in CASES])
def test_bad_input_is_refused_with_file_row_and_column_and_writes_nothing(loaded, kind, case, text):
    path = loaded("bad.json" if kind == "comments" else "bad.csv", text)
    before = snapshot()
    with pytest.raises(InputError) as exc:
        run(kind, path)
    assert all(p.file == "bad.json" or p.file == "bad.csv" for p in exc.value.problems)
    assert exc.value.problems[0].row is not None
    assert snapshot() == before


def test_org_reimport_that_drops_a_unit_with_data_is_refused_and_writes_nothing(loaded):
    path = loaded("org.csv", "tjenesteomrade;ansvar;navn\nFellesområder;130;Fellesområder\n")
    before = snapshot()
    with pytest.raises(DomainError, match="137, 235 mangler i filen"):
        run("org", path)
    assert snapshot() == before


def test_org_reimport_moves_a_unit_to_another_sector(loaded):
    path = loaded(
        "org.csv",
        "tjenesteomrade_kode;tjenesteomrade;ansvar;navn\nFELLES;Fellesområder;130;Fellesområder\n"
        "FELLES;Fellesområder;137;Barnehage felles\nOPPV;Oppvekst og utdanning;235;Nesheim skole\n",
    )
    run("org", path)
    assert Unit.objects.get(code="137").sector.code == "FELLES"
    assert AuditEntry.objects.filter(object_type="org.unit", action="updated").count() == 1


def test_reimporting_the_same_actuals_file_replaces_and_never_doubles(loaded):
    path = loaded(
        "a.csv", "periode;ansvar;art;funksjon;belop\n202401;235;10100;202;3000000\n202402;235;10100;202;4000000\n"
    )
    first = actuals_by_unit(2024, 3)
    run("actuals", path)
    run("actuals", path)
    assert actuals_by_unit(2024, 3) == first == {"235": 700000000}
    assert bm.Balance.objects.count() == 2


def test_importing_one_month_replaces_only_that_month(loaded):
    run(
        "actuals", loaded("m.csv", "periode;ansvar;art;funksjon;belop\n202402;235;10100;202;1000\n202403;137;1;201;5\n")
    )
    assert actuals_by_unit(2024, 1) == {"235": 300000000}
    assert actuals_by_unit(2024, 3) == {"235": 300100000, "137": 500}


def test_revised_budget_includes_changes_adopted_by_the_period_end(loaded):
    loaded_ = loaded("ch.csv", "nr;dato;vedtak;tekst;ansvar;belop\n2;15.04.2024;PS 9/24;Senere;137;1000000\n")
    run("budget-changes", loaded_)
    assert revised_budget_by_unit(2024, 3)["137"] == 21551400000 + 10000
    assert revised_budget_by_unit(2024, 4)["137"] == 21551400000 + 10000 + 100000000


def test_status_table_from_the_database(loaded):
    t = status_table_get(year=2024, month=3)
    row = t.unit("235")
    assert (row.actual, row.budget, row.forecast, row.deviation) == (700000000, 3339000000, 3409000000, -70000000)
    assert t.unit("137").forecast_reported is False
    assert t.total.name == "Totalt Testvik kommune"


def test_every_import_is_in_the_audit_log(loaded):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"created", "imported"} <= actions
    assert AuditEntry.objects.filter(object_type="budget.actualsimport").count() == 1
