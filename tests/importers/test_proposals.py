"""The proposals importer: rows with the same nr are one proposal; every proposal must balance."""

from pathlib import Path

import pytest

from tertial.core.errors import InputError
from tertial.core.proposals import Funding
from tertial.importers.proposals import read_proposals

NBSP = "\u00a0"
UNITS = {"100", "160", "680"}
HEAD = "nr;tittel;finansiering;mal;belop;begrunnelse;tekst\n"
DEMO = Path(__file__).parents[2] / "src/tertial/demo/levanger/proposals_202404.csv"


def test_rows_with_the_same_nr_form_one_balanced_proposal(write):
    path = write(
        "p.csv",
        HEAD
        + "1;Innvandrertjenesten;merinntekter;160;16 000 000;Bosetting;\n"
        + "1;Innvandrertjenesten;merinntekter;andre_generelle;−9 000 000,00;;økt integreringstilskudd\n"
        + "1;Innvandrertjenesten;merinntekter;andre_generelle;-7000000;;\n"
        + "2;Brann;Bruk av fond;680;700000;;\n"
        + "2;Brann;Bruk av fond;bruk_disposisjonsfond;-700000;;\n",
    )
    first, second = read_proposals(path, known_units=UNITS)
    assert first.number == 1 and first.funding is Funding.EXTRA_REVENUES and first.reason == "Bosetting"
    assert [(x.ansvar, x.general_line, x.amount, x.text) for x in first.lines] == [
        ("160", "", 1_600_000_000, ""),
        ("", "andre_generelle", -900_000_000, "økt integreringstilskudd"),
        ("", "andre_generelle", -700_000_000, ""),
    ]
    assert second.funding is Funding.RESERVES and second.balance == 0


def test_an_unbalanced_proposal_is_refused_naming_the_file_and_its_rows(write):
    path = write(
        "p.csv",
        HEAD
        + "1;Ok;kutt;160;100;;\n1;Ok;kutt;100;-100;;\n"
        + "2;Skjev;annet;680;2 000 000;;\n2;Skjev;annet;skatt;-1000;;\n",
    )
    with pytest.raises(InputError) as exc:
        read_proposals(path, known_units=UNITS)
    [problem] = exc.value.problems
    assert (problem.file, problem.row, problem.column) == ("p.csv", 4, "belop")
    assert problem.message == (
        f"forslag 2 (rad 4, 5): Forslaget balanserer ikke: 1{NBSP}999{NBSP}000 kr mer utgift enn finansiering"
    )


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("x;T;kutt;160;100;;\n", "nr"),
        ("1;T;gave;160;100;;\n", "finansiering"),
        ("1;T;kutt;999;100;;\n", "mal"),
        ("1;T;kutt;lotteri;100;;\n", "mal"),
        ("1;T;kutt;160;12,345;;\n", "belop"),
        ("1;T;kutt;160;0;;\n", "belop"),
        ("1;;kutt;160;100;;\n", "tittel"),
    ],
)
def test_bad_cells_are_refused_naming_row_and_column(write, line, column):
    with pytest.raises(InputError) as exc:
        read_proposals(write("p.csv", HEAD + line), known_units=UNITS)
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, column)]


def test_a_proposal_must_keep_its_title_and_funding_on_every_row(write):
    path = write("p.csv", HEAD + "1;A;kutt;160;100;;\n1;B;kutt;100;-100;;\n")
    with pytest.raises(InputError) as exc:
        read_proposals(path, known_units=UNITS)
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "nr")]


def test_the_demo_file_holds_the_seeds_innvandrertjenesten_proposal_balanced():
    proposals = read_proposals(DEMO, known_units=UNITS)
    first = proposals[0]
    assert [x.amount for x in first.lines if x.ansvar == "160"] == [1_600_000_000]
    assert sum(-x.amount for x in first.lines if x.general_line) == 1_600_000_000
    assert all(p.balance == 0 for p in proposals)
