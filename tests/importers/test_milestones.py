from datetime import date

import pytest

from tertial.core.errors import InputError
from tertial.importers.milestones import read_milestones

HEAD = "plan;ingress;milepael;opprinnelig_dato;revidert_dato;begrunnelse;utfort_dato;ansvarlig\n"


def test_plans_keep_file_order_and_a_revised_date_becomes_a_revision(write):
    path = write(
        "m.csv",
        HEAD + "P;Intro;Svar;30.04.2024;;;29.04.2024;Kari\nP;;Kommunestyret;2024-05-31;2024-06-19;Kapasitet;;\n",
    )
    [plan] = read_milestones(path)
    assert plan.title == "P" and plan.introduction == "Intro"
    first, council = plan.milestones
    assert first.done_date == date(2024, 4, 29) and first.responsible == "Kari"
    assert council.original_date == date(2024, 5, 31) and council.due_date == date(2024, 6, 19)
    assert council.revisions[0].reason == "Kapasitet"


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("P;;M;31.13.2024;;;;\n", "opprinnelig_dato"),
        ("P;;M;2024-05-31;2024-06-19;;;\n", "begrunnelse"),
        ("P;;;2024-05-31;;;;\n", "milepael"),
    ],
)
def test_bad_rows_are_refused_naming_the_column(write, line, column):
    with pytest.raises(InputError) as exc:
        read_milestones(write("m.csv", HEAD + line))
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, column)]
