"""`tertial import proposals` and `tertial proposal-adopt`."""

from tertial.cli.main import main
from tertial.web.proposals.models import Proposal

NBSP = "\u00a0"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_proposal_adopt_records_the_decision_once(innvandrer, capsys):
    args = ("proposal-adopt", "--year", "2024", "--tertial", "1", "--number", "1", "--reference", "PS 45/24")
    code, out, _ = run(capsys, *args, "--date", "23.05.2024")
    assert code == 0
    assert out.strip() == (
        "Forslag 1 «Innvandrertjenesten: budsjett etter vedtak om bosetting» er vedtatt (PS 45/24, 23.05.2024) "
        "og ført som budsjettendring 1"
    )
    code, _, err = run(capsys, *args, "--date", "23.05.2024")
    assert code == 2 and err.strip() == "Feil: Forslag 1 er allerede vedtatt (PS 45/24)."


def test_proposal_adopt_names_a_missing_proposal_and_a_bad_date(innvandrer, capsys):
    base = ("proposal-adopt", "--year", "2024", "--tertial", "1", "--reference", "PS 45/24")
    code, _, err = run(capsys, *base, "--number", "9", "--date", "23.05.2024")
    assert code == 2 and "Det finnes ikke noe forslag nr. 9 for 04.2024" in err
    code, _, err = run(capsys, *base, "--number", "1", "--date", "31.13.2024")
    assert code == 2 and "ugyldig dato «31.13.2024»" in err
    assert not Proposal.objects.get().is_adopted


def test_an_unbalanced_import_writes_nothing(slice_2024, tmp_path, capsys):
    path = tmp_path / "forslag.csv"
    path.write_text("nr;tittel;finansiering;mal;belop\n1;Brann;annet;680;2 000 000\n1;Brann;annet;skatt;-1 000 000\n")
    code, _, err = run(capsys, "import", "proposals", str(path), "--year", "2024", "--period", "4")
    assert code == 2
    assert (
        f"forslag.csv, rad 2, kolonne «belop»: forslag 1 (rad 2, 3): Forslaget balanserer ikke: "
        f"1{NBSP}000{NBSP}000 kr mer utgift enn finansiering" in err
    )
    assert Proposal.objects.count() == 0
