"""The command line against the Levanger demo data."""

import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tertial.cli.main import main
from tertial.web.demo import demo_dir

NBSP = "\u00a0"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_status_table_is_in_thousands_with_norwegian_formatting(levanger, capsys):
    code, out, _ = run(capsys, "status", "--year", "2024", "--period", "3")
    assert code == 0
    total = out.splitlines()[-1]
    assert total.startswith("Totalt Levanger kommune")
    assert re.split(" {2,}", total)[-5:] == [
        f"417{NBSP}411",
        f"1{NBSP}396{NBSP}061",
        f"29,9{NBSP}%",
        f"1{NBSP}458{NBSP}761",
        f"\u221262{NBSP}700",
    ]
    assert "Totalt Oppvekst og utdanning" in out


def test_status_json_has_exact_kroner(levanger, capsys):
    code, out, _ = run(capsys, "status", "--year", "2024", "--period", "3", "--format", "json")
    data = json.loads(out, parse_float=Decimal)
    total = data["rader"][-1]
    assert code == 0 and data["periode"] == "202403"
    assert total["type"] == "total"
    assert total["avvik"] == Decimal("-62700000.00")
    assert round(total["budsjett"] / 1000) == 1396061
    unit = next(r for r in data["rader"] if r["ansvar"] == "235")
    assert unit["prognose"] - unit["budsjett"] == Decimal("700000.00")


def test_status_csv_has_one_row_per_unit_sector_and_total(levanger, capsys):
    _, out, _ = run(capsys, "status", "--year", "2024", "--period", "3", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("type,tjenesteomrade,ansvar,navn,regnskap")
    assert len(lines) == 1 + 30 + 5 + 1
    assert lines[-1].split(",")[-2] == "-62700000.00"


def test_status_xlsx_holds_numbers_not_text(levanger, capsys, tmp_path):
    path = tmp_path / "status.xlsx"
    code, _, _ = run(capsys, "status", "--year", "2024", "--period", "3", "--format", "xlsx", "-o", str(path))
    ws = load_workbook(path).active
    last = [c.value for c in ws[ws.max_row]]
    assert code == 0 and last[0] == "Totalt Levanger kommune"
    assert isinstance(last[6], int | float) and last[6] == -62700000
    assert ws.cell(row=ws.max_row, column=3).number_format == "#,##0;[Red]-#,##0"  # shown "1 396 061" in nb Excel


def test_report_writes_the_html_report(levanger, capsys, tmp_path):
    path = tmp_path / "report.html"
    code, out, _ = run(capsys, "report", "--year", "2024", "--period", "3", "-o", str(path))
    html = path.read_text(encoding="utf-8")
    assert code == 0 and "Status regnskap pr. 31.03.24" in out
    assert "<h1>Status regnskap pr. 31.03.24</h1>" in html
    assert f"et merforbruk på 62,7{NBSP}mill. kroner" in html
    assert f"et merforbruk på 42,7{NBSP}mill. kroner" in html
    assert f'<td class="num neg">\u221210{NBSP}350</td>' in html
    assert "Nesheim skole" in html and "Konsekvens hvis tiltakene ikke gjennomføres" in html
    assert "Peter Ardon" in html


def test_check_passes_on_the_database_and_fails_on_the_printed_seed(levanger, capsys):
    code, out, _ = run(capsys, "check", "--year", "2024", "--period", "3")
    assert code == 0 and "Kontroll OK" in out
    with pytest.raises(SystemExit, match="Kontrollen fant 8 avvik"):
        main(["check", "--printed", str(demo_dir() / "seed_status_table.csv")])
    assert "Totalt Oppvekst og utdanning / Prognose: står 616894, skulle vært 627244" in capsys.readouterr().out


def test_bad_import_exits_2_and_names_file_row_and_column(levanger, capsys, tmp_path):
    bad = tmp_path / "hovedbok.csv"
    bad.write_text("periode;ansvar;art;funksjon;belop\n202403;235;10100;202;1\n202403;9999;10100;202;1\n")
    code, _, err = run(capsys, "import", "actuals", str(bad), "--year", "2024")
    assert code == 2
    assert "hovedbok.csv, rad 3, kolonne «ansvar»: ukjent ansvar i organisasjonen for 2024 («9999»)" in err
    assert "ingenting er lagret" in err


def test_import_without_year_is_refused(levanger, capsys, tmp_path):
    code, _, err = run(capsys, "import", "budget", str(tmp_path / "x.csv"))
    assert code == 2 and "--year" in err
