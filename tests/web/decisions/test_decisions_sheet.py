"""The decisions spreadsheet round trip (CSV and XLSX) on the Levanger demo register."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tertial.cli.main import main
from tertial.core.decisions_sheet import HEADERS
from tertial.core.errors import InputError
from tertial.renderers.decisions_sheet import decisions_sheet_csv, decisions_sheet_xlsx
from tertial.web.audit.models import AuditEntry
from tertial.web.decisions.models import Case, DecisionPoint, LogEntry, StatusChange
from tertial.web.decisions.selectors import decisions_sheet_rows
from tertial.web.decisions.services import decisions_sheet_import, point_save, point_values

COL = {h: i for i, h in enumerate(HEADERS)}


def _write_csv(path: Path, rows: list[list]) -> Path:
    path.write_text(decisions_sheet_csv(rows), encoding="utf-8")
    return path


def _read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def _row_of(rows: list[list], reference: str, number: int = 1) -> list:
    return next(r for r in rows if r[COL["saksnummer"]] == reference and int(r[COL["punkt"]]) == number)


def _snapshot() -> list[tuple]:
    return [
        *Case.objects.order_by("pk").values_list(),
        *DecisionPoint.objects.order_by("pk").values_list(),
        *LogEntry.objects.order_by("pk").values_list("pk", "text"),
    ]


def test_export_then_import_changes_nothing_in_csv_and_xlsx(levanger, tmp_path):
    before, audits = _snapshot(), AuditEntry.objects.count()
    assert main(["decisions", "export", "--format", "csv", "-o", str(tmp_path / "v.csv")]) == 0
    assert main(["decisions", "export", "-o", str(tmp_path / "v.xlsx")]) == 0
    rows = _read_csv(tmp_path / "v.csv")
    assert rows[0] == list(HEADERS) and len(rows) == 1 + DecisionPoint.objects.count() == 43
    for name in ("v.csv", "v.xlsx"):
        summary = decisions_sheet_import(path=tmp_path / name, actor="test")
        assert summary.startswith("Ingen endringer"), summary
    assert _snapshot() == before and AuditEntry.objects.count() == audits


def test_an_edited_cell_changes_exactly_that_field_and_is_audited(levanger, tmp_path):
    rows = decisions_sheet_rows()
    row = _row_of(rows, "FO 12/21")
    row[COL["status"]] = "Gjennomført"
    row[COL["avsluttet dato"]] = "15.03.2024"
    point = DecisionPoint.objects.get(external_id=row[COL["punkt_id"]])
    others = point_values(point)
    summary = decisions_sheet_import(path=_write_csv(tmp_path / "e.csv", rows), actor="test")
    assert "0 saker og 1 punkter endret" in summary
    assert "status «ikke_startet» → «gjennomført»" in summary or "→ «gjennomført»" in summary
    point.refresh_from_db()
    after = point_values(point)
    assert (after["status"], str(after["closed_on"])) == ("gjennomført", "2024-03-15")
    assert {k: v for k, v in after.items() if k not in ("status", "closed_on")} == {
        k: v for k, v in others.items() if k not in ("status", "closed_on")
    }
    audit = AuditEntry.objects.filter(action="decisions.point_update").latest("pk")
    assert set(audit.changes) == {"status", "closed_on"}
    assert StatusChange.objects.filter(point=point, new_status="gjennomført").exists()


def test_a_stale_row_is_a_conflict_and_writes_nothing(levanger, tmp_path):
    rows = decisions_sheet_rows()
    row = _row_of(rows, "FO 12/21")
    row[COL["ansvarlig"]] = "Rådmannen"
    other = _row_of(rows, "FO 47/2020")
    other[COL["tittel"]] = "Ny tittel som ikke skal lagres"
    point = DecisionPoint.objects.get(external_id=row[COL["punkt_id"]])
    point_save(point=point, actor="test", before=point_values(point))  # unchanged save: still the same version
    before = point_values(point)
    point.responsible = "Kommunalsjef helse"
    point_save(point=point, actor="test", before=before)  # changed in Tertial after the export
    snapshot = _snapshot()
    path = _write_csv(tmp_path / "stale.csv", rows)
    with pytest.raises(InputError) as err:
        decisions_sheet_import(path=path, actor="test")
    text = str(err.value)
    line = rows.index(row) + 2
    assert f"{path}, rad {line}, kolonne «ansvarlig»: konflikt" in text
    assert "Kommunalsjef helse" in text
    assert _snapshot() == snapshot  # the other row's edit is not written either


def test_a_row_not_edited_in_the_file_keeps_the_newer_register_values(levanger, tmp_path):
    rows = decisions_sheet_rows()
    row = _row_of(rows, "FO 12/21")
    point = DecisionPoint.objects.get(external_id=row[COL["punkt_id"]])
    before = point_values(point)
    point.responsible = "Kommunalsjef helse"
    point_save(point=point, actor="test", before=before)
    summary = decisions_sheet_import(path=_write_csv(tmp_path / "old.csv", rows), actor="test")
    assert f"Rad {rows.index(row) + 2} er ikke endret i fila" in summary
    point.refresh_from_db()
    assert point.responsible == "Kommunalsjef helse"


def test_a_bad_cell_names_file_row_and_column_and_writes_nothing(levanger, tmp_path):
    rows = decisions_sheet_rows()
    rows[0][COL["tittel"]] = "Endret tittel"
    rows[2][COL["avsluttet dato"]] = "31.02.2021"
    rows[3][COL["status"]] = "ferdig"
    snapshot = _snapshot()
    path = _write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(InputError) as err:
        decisions_sheet_import(path=path, actor="test")
    problems = {(p.row, p.column) for p in err.value.problems}
    assert problems == {(4, "avsluttet dato"), (5, "status")}
    assert f"{path}, rad 4, kolonne «avsluttet dato»: ugyldig dato" in str(err.value)
    assert _snapshot() == snapshot


def test_an_unknown_column_is_named(levanger, tmp_path):
    path = _write_csv(tmp_path / "h.csv", decisions_sheet_rows())
    path.write_text(path.read_text(encoding="utf-8").replace("ansvarlig", "ansvarleg", 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        decisions_sheet_import(path=path)
    assert {(p.row, p.column, p.message) for p in err.value.problems} == {
        (1, "ansvarleg", "ukjent kolonne"),
        (1, "ansvarlig", "kolonnen mangler i overskriftsraden"),
    }


def test_xlsx_new_case_new_point_and_follow_up_and_formulas_stay_text(levanger, tmp_path):
    rows = decisions_sheet_rows()
    template = _row_of(rows, "FO 12/21")
    new = [""] * len(HEADERS)
    new[COL["saksnummer"]], new[COL["organ"]], new[COL["tittel"]] = "PS 99/24", "formannskapet", "=Ny sak"
    new[COL["punkt"]], new[COL["vedtakstekst"]], new[COL["status"]] = 1, "Utrede saken.", "Ikke startet"
    extra = list(template)
    extra[COL["punkt_id"]] = extra[COL["punkt_versjon"]] = ""
    extra[COL["punkt"]], extra[COL["vedtakstekst"]] = 2, "Et nytt punkt."
    template[COL["ny oppfølging"]] = "Drøftet i formannskapet."
    path = tmp_path / "n.xlsx"
    path.write_bytes(decisions_sheet_xlsx([*rows, new, extra]))
    assert load_workbook(path).active.cell(row=len(rows) + 2, column=COL["tittel"] + 1).value == "'=Ny sak"
    dry = decisions_sheet_import(path=path, dry_run=True)
    assert dry.startswith("Prøvekjøring") and not Case.objects.filter(reference="PS 99/24").exists()
    summary = decisions_sheet_import(path=path, actor="test")
    assert "1 nye saker, 2 nye punkter, 1 nye oppfølginger" in summary
    case = Case.objects.get(reference="PS 99/24")
    assert (case.title, case.body, case.year) == ("=Ny sak", "formannskapet", 2024)
    fo = Case.objects.get(reference="FO 12/21")
    assert list(fo.points.values_list("number", flat=True)) == [1, 2]
    assert fo.points.get(number=1).log_entries.filter(text="Drøftet i formannskapet.").exists()
    again = tmp_path / "again.csv"
    again.write_text(decisions_sheet_csv(decisions_sheet_rows()), encoding="utf-8")
    assert decisions_sheet_import(path=again).startswith("Ingen endringer")


def test_the_sheet_is_an_import_kind_for_the_cli_and_the_import_page(levanger, tmp_path):
    from tertial.web.imports import ImportRequest, import_file

    rows = decisions_sheet_rows()
    _row_of(rows, "FO 12/21")[COL["ansvarlig"]] = "Rådmannen"
    path = _write_csv(tmp_path / "vedtak.csv", rows)
    receipt = import_file("decisions-sheet", ImportRequest(path=path, year=2024, actor="test"))
    assert "1 punkter endret" in receipt and "ansvarlig «kommunedirektør» → «Rådmannen»" in receipt
    assert main(["import", "decisions-sheet", str(path)]) == 0  # the same file again: no change


def test_the_cli_dry_run_writes_nothing_a_bad_file_exits_2_and_text_goes_to_the_text_import(levanger, tmp_path, capsys):
    rows = decisions_sheet_rows()
    _row_of(rows, "FO 12/21")[COL["status"]] = "Gjennomført"
    path = _write_csv(tmp_path / "v.csv", rows)
    before = _snapshot()
    assert main(["decisions", "import", str(path), "--dry-run"]) == 0
    assert "Prøvekjøring" in capsys.readouterr().out and _snapshot() == before
    row = _row_of(rows, "FO 12/21")
    row[COL["punkt"]] = "første"
    bad = _write_csv(tmp_path / "bad.csv", rows)
    assert main(["decisions", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, rad {rows.index(row) + 2}, kolonne «punkt»: ugyldig heltall («første»)" in err
    seed = Path(__file__).resolve().parents[3] / "src" / "tertial" / "demo" / "levanger" / "decisions.txt"
    assert main(["decisions", "import", str(seed)]) == 0
    assert "0 saker lest inn (22 fantes fra før)" in capsys.readouterr().out


def test_a_case_that_disagrees_with_itself_or_a_reference_taken_by_another_case_is_named(levanger, tmp_path):
    rows = decisions_sheet_rows()
    multi = [r for r in rows if r[COL["saksnummer"]] == "FO 49/2020"]
    multi[1][COL["tittel"]] = "En annen tittel"
    copy = list(_row_of(rows, "FO 12/21"))
    copy[COL["sak_id"]] = copy[COL["punkt_id"]] = copy[COL["sak_versjon"]] = copy[COL["punkt_versjon"]] = ""
    path = _write_csv(tmp_path / "x.csv", [*rows, copy])
    with pytest.raises(InputError) as err:
        decisions_sheet_import(path=path)
    fo12 = Case.objects.get(reference="FO 12/21")
    assert {(p.row, p.column) for p in err.value.problems} == {
        (rows.index(multi[1]) + 2, "tittel"),
        (len(rows) + 2, "saksnummer"),
    }
    assert f"ulik verdi for samme sak som i rad {rows.index(multi[0]) + 2}" in str(err.value)
    assert f"finnes fra før i en annen sak (sak_id {fo12.external_id})" in str(err.value)
