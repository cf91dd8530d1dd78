"""The investment imports and the tertial report through the command line."""

from tertial.cli.main import main
from tertial.web.investments.models import ProjectBalance


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code or 0, out.out, out.err


def test_an_unknown_project_in_the_investment_ledger_exits_2_and_writes_nothing(levanger_investments, capsys, tmp_path):
    before = sorted(ProjectBalance.objects.values_list("project__number", "month", "art", "amount"))
    bad = tmp_path / "investeringsregnskap.csv"
    bad.write_text(
        "periode;ansvar;art;funksjon;prosjekt;belop\n202401;235;02300;202;1101;1\n202401;235;02300;202;4711;1\n"
    )
    code, _, err = run(capsys, "import", "investment-actuals", str(bad), "--year", "2024")
    assert code == 2
    assert "investeringsregnskap.csv, kolonne «prosjekt»: ukjent investeringsprosjekt for 2024 («4711»)" in err
    assert sorted(ProjectBalance.objects.values_list("project__number", "month", "art", "amount")) == before


def test_the_investment_ledger_import_prints_a_receipt(levanger_investments, capsys, tmp_path):
    gl = tmp_path / "mai.csv"
    gl.write_text("periode;ansvar;art;funksjon;prosjekt;belop\n202405;630;02300;332;2201;1 250 000,50\n")
    code, out, _ = run(capsys, "import", "investment-actuals", str(gl), "--year", "2024")
    assert code == 0
    assert "Investeringsregnskap 202405 (mai.csv): 1 saldo, sum 1\xa0250\xa0000,50 kr" in out
