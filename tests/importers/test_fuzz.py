"""Random and malformed files: every importer either imports correctly or raises InputError naming
the file — never another exception (a traceback is a bug)."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tertial.core.errors import InputError
from tertial.importers import actuals, records

UNITS = {"100", "235"}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.one_of(
    st.sampled_from(
        ["202401", "202413", "235", "100", "999", "10100", "1 234,56", "-0,5", "1e400", "", " ", '"', "\ufeff"]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
separators = st.sampled_from([";", ",", "\t", "|"])


@st.composite
def csv_files(draw, header: list[str]):
    sep = draw(separators)
    cols = (
        draw(st.lists(st.sampled_from(header), min_size=0, max_size=len(header) + 2)) if draw(st.booleans()) else header
    )
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(cols) + 2), max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = sep.join(cols) + newline + newline.join(sep.join(r) for r in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=20))
    return data


def _write(data: bytes) -> Path:
    f = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115 - closed right here
    f.write(data)
    f.close()
    return Path(f.name)


def _outcome_is_clean(call, data: bytes) -> None:
    path = _write(data)
    try:
        call(path)
    except InputError as exc:
        assert all(p.file == path.name for p in exc.problems)
    finally:
        path.unlink()


@FUZZ
@given(csv_files(["periode", "ansvar", "art", "funksjon", "belop", "prosjekt", "bilag"]))
def test_ledger_importer_never_crashes(data):
    _outcome_is_clean(lambda p: actuals.read_actuals(p, year=2024, known_units=UNITS), data)


@FUZZ
@given(csv_files(["ansvar", "belop", "art", "funksjon", "aar"]))
def test_budget_importer_never_crashes(data):
    _outcome_is_clean(lambda p: records.read_budget(p, year=2024, known_units=UNITS), data)


@FUZZ
@given(csv_files(["tjenesteomrade", "ansvar", "navn", "aar"]))
def test_org_importer_never_crashes(data):
    _outcome_is_clean(lambda p: records.read_org(p, year=2024), data)


@FUZZ
@given(csv_files(["nr", "dato", "vedtak", "tekst", "ansvar", "belop"]))
def test_budget_change_importer_never_crashes(data):
    _outcome_is_clean(lambda p: records.read_budget_changes(p, year=2024, known_units=UNITS), data)


@FUZZ
@given(csv_files(["ansvar", "prognose", "registrert_av", "registrert"]))
def test_forecast_importer_never_crashes(data):
    _outcome_is_clean(lambda p: records.read_forecasts(p, year=2024, known_units=UNITS), data)


@FUZZ
@given(st.binary(max_size=200))
def test_comment_importer_never_crashes_on_any_bytes(data):
    _outcome_is_clean(lambda p: records.read_comments(p, known_units=UNITS, known_sectors={"A"}), data)


def test_a_file_with_a_hundred_thousand_columns_is_refused_cleanly(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(";".join(f"c{i}" for i in range(100_000)) + "\n" + ";".join("1" for _ in range(100_000)) + "\n")
    try:
        actuals.read_actuals(path, year=2024, known_units=UNITS)
    except InputError as exc:
        assert "mangler kolonnen «periode»" in str(exc)
    else:
        raise AssertionError("a file without the ledger columns must be refused")
