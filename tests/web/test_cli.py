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
    total = next(line for line in out.splitlines() if line.startswith("Totalt Levanger kommune"))
    assert re.split(" {2,}", total)[-5:] == [
        f"417{NBSP}411",
        f"1{NBSP}396{NBSP}061",
        f"29,9{NBSP}%",
        f"1{NBSP}458{NBSP}761",
        f"\u221262{NBSP}700",
    ]
    assert "Totalt Oppvekst og utdanning" in out


def test_status_table_ends_with_the_central_items_and_the_net_result_as_the_report(levanger, capsys):
    """−62,7 + 20 = −42,7 mill. kr, in 1000 kr in the Avvik column."""
    _, out, _ = run(capsys, "status", "--year", "2024", "--period", "3")
    tail = [re.split(" {2,}", line.strip()) for line in out.splitlines()[-12:]]
    assert tail[0] == ["Sentrale poster (tall i 1000 kr; positivt avvik bedrer resultatet)"]
    assert tail[1] == ["Økt rammetilskudd etter oppdaterte innbyggertall pr. 01.01.24", f"3{NBSP}000"]
    assert tail[-3:] == [
        ["Avvik enhetene", f"\u221262{NBSP}700"],
        ["Avvik sentrale poster", f"20{NBSP}000"],
        ["Netto prognose (avvik)", f"\u221242{NBSP}700"],
    ]
    width = len(out.splitlines()[0])
    assert {len(line) for line in out.splitlines()[-11:]} == {width}  # the figures end under «Avvik»


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
    assert len(data["sentrale_poster"]) == 8 and sum(c["avvik"] for c in data["sentrale_poster"]) == 20_000_000
    assert data["sentrale_poster"][0] == {
        "kategori": "rammetilskudd",
        "tekst": "Økt rammetilskudd etter oppdaterte innbyggertall pr. 01.01.24",
        "avvik": Decimal("3000000.00"),
    }
    assert data["netto"] == {
        "avvik_enheter": Decimal("-62700000.00"),
        "avvik_sentrale_poster": Decimal("20000000.00"),
        "netto_avvik": Decimal("-42700000.00"),
    }


def test_status_csv_has_one_row_per_unit_sector_and_total_then_central_items_and_net(levanger, capsys):
    import csv

    _, out, _ = run(capsys, "status", "--year", "2024", "--period", "3", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    assert out.startswith("type,tjenesteomrade,ansvar,navn,regnskap")
    assert [r["type"] for r in rows[35:]] == ["total"] + ["central"] * 8 + ["net"] * 3
    assert [r["type"] for r in rows[:35]].count("unit") == 30
    assert rows[35]["avvik"] == "-62700000.00"
    assert (rows[36]["navn"], rows[36]["avvik"], rows[36]["kategori"]) == (
        "Økt rammetilskudd etter oppdaterte innbyggertall pr. 01.01.24",
        "3000000.00",
        "rammetilskudd",
    )
    assert [(r["navn"], r["avvik"]) for r in rows[-3:]] == [
        ("Avvik enhetene", "-62700000.00"),
        ("Avvik sentrale poster", "20000000.00"),
        ("Netto prognose (avvik)", "-42700000.00"),
    ]


def test_status_xlsx_holds_numbers_not_text(levanger, capsys, tmp_path):
    path = tmp_path / "status.xlsx"
    code, _, _ = run(capsys, "status", "--year", "2024", "--period", "3", "--format", "xlsx", "-o", str(path))
    ws = load_workbook(path).active
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Totalt Levanger kommune")
    total = [c.value for c in ws[total_row]]
    assert code == 0 and total_row == 1 + 30 + 5 + 1
    assert isinstance(total[6], int | float) and total[6] == -62700000
    assert ws.cell(row=total_row, column=3).number_format == "#,##0;[Red]-#,##0"  # shown "1 396 061" in nb Excel
    assert [c.value for c in ws[ws.max_row]][0::6] == ["Netto prognose (avvik)", -42700000]


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


def test_the_municipality_command_sets_the_document_choices_and_keeps_them_otherwise(levanger, capsys):
    from tertial.web.org.models import Municipality

    args = ["municipality", "--name", "Levanger kommune", "--chief-executive", "Peter Ardon"]
    assert main([*args, "--signs", "utgift"]) == 0
    assert "fortegn i bevilgningsoversiktene: utgift; sykefravær med bare prosent: vis" in capsys.readouterr().out
    assert main(args) == 0  # neither option: the choices stay
    m = Municipality.objects.get()
    assert (m.report_signs, m.sickleave_percent_only) == ("utgift", "vis")
    with pytest.raises(SystemExit):
        main([*args, "--signs", "minus"])
