"""The decisions round-trip plan (core.decisions_sheet), on plain values."""

from tertial.core.decisions_sheet import (
    CASE_FIELDS,
    CASE_HEADER,
    HEADERS,
    POINT_FIELDS,
    POINT_HEADER,
    Record,
    SheetRow,
    case_version,
    point_version,
    sheet_plan,
)

CASE_ID, POINT_ID = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
CASE = {f: "" for f in CASE_FIELDS} | {"reference": "PS 1/24", "body": "kommunestyret", "kind": "annet", "title": "T"}
POINT = {f: "" for f in POINT_FIELDS} | {"number": "1", "text": "Gjør det.", "status": "ikke_startet"}


def _row(case: dict, point: dict, *, base_case: dict = CASE, base_point: dict = POINT, **cells) -> SheetRow:
    values = dict.fromkeys(HEADERS, "")
    values |= {"sak_id": CASE_ID, "punkt_id": POINT_ID}
    values |= {"sak_versjon": case_version(base_case), "punkt_versjon": point_version(base_point)}
    values |= {CASE_HEADER[f]: v for f, v in case.items()} | {POINT_HEADER[f]: v for f, v in point.items()}
    return SheetRow(row=2, cells=values | cells)


def _plan(row: SheetRow, case: dict = CASE, point: dict = POINT):
    return sheet_plan(
        "v.csv",
        [row],
        cases={CASE_ID: Record(CASE_ID, case)},
        points={POINT_ID: Record(POINT_ID, point, CASE_ID)},
        reference_key=str.upper,
    )


def test_a_row_as_exported_is_no_change_even_as_excel_saves_numbers_and_dates():
    plan = _plan(_row(CASE, POINT, punkt="1.0"))
    assert (plan.changes, plan.problems, plan.rows) == (0, [], 1)


def test_an_edited_status_label_and_a_norwegian_date_are_one_update_of_two_fields():
    plan = _plan(_row(CASE, POINT, status="Gjennomført", **{"avsluttet dato": "1.2.2024"}))
    assert plan.point_updates == [
        (POINT_ID, 2, {"status": ("ikke_startet", "gjennomført"), "closed_on": ("", "2024-02-01")})
    ]
    assert plan.case_updates == [] and plan.problems == []


def test_a_row_edited_on_both_sides_is_a_conflict_and_one_edited_only_in_tertial_is_kept():
    newer = POINT | {"responsible": "Rådmannen"}
    conflict = _plan(_row(CASE, POINT, status="Gjennomført"), point=newer)
    assert {(p.row, p.column) for p in conflict.problems} == {(2, "status"), (2, "ansvarlig")}
    assert "konflikt" in conflict.problems[0].message and conflict.point_updates == []
    kept = _plan(_row(CASE, POINT), point=newer)
    assert (kept.problems, kept.point_updates, kept.kept_newer) == ([], [], [2])


def test_bad_cells_are_named_by_row_and_column():
    plan = _plan(_row(CASE, POINT, punkt="x", status="ferdig", **{"avsluttet dato": "31.02.2024", "sak_id": "nei"}))
    assert {(p.column, p.value) for p in plan.problems} == {
        ("punkt", "x"),
        ("status", "ferdig"),
        ("avsluttet dato", "31.02.2024"),
        ("sak_id", "nei"),
    }
