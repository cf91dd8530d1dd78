"""Every content importer against the database: bad input writes nothing; re-imports replace."""

import json

import pytest

from tertial.core.errors import InputError
from tertial.web.audit.models import AuditEntry
from tertial.web.content import models as cm
from tertial.web.imports import ImportRequest, import_file

MODELS = [
    cm.SickLeaveRecord,
    cm.IndicatorTable,
    cm.Indicator,
    cm.IndicatorValue,
    cm.MilestonePlan,
    cm.Milestone,
    cm.MilestoneRevision,
    cm.Section,
]


def snapshot():
    state = {m.__name__: sorted(map(str, m.objects.values_list(flat=False))) for m in MODELS}
    state["audit"] = AuditEntry.objects.count()
    return state


def run(kind, path):
    return import_file(kind, ImportRequest(path=path, year=2024, period=3))


GOOD = {
    "sickleave": (
        "s.csv",
        "aar;maaned;nivaa;kode;avtalte_dagsverk;egenmeldt;legemeldt_kort;legemeldt_lang;prosent\n"
        "2024;1;enhet;235;100;1;2;3;\n2024;1;tjenesteomrade;OPPV;;;;;6\n",
    ),
    "indicators": (
        "i.csv",
        "tabell;tittel;ansvar;indikator;navn;enhet;periode;verdi;trykt_endring\n"
        "t;T;235;a;A;antall;2022;10;\nt;T;235;a;A;antall;2023;12;20\n",
    ),
    "milestones": (
        "m.csv",
        "plan;milepael;opprinnelig_dato;revidert_dato;begrunnelse\nP;M;2024-05-31;2024-06-19;Kapasitet\n",
    ),
    "sections": ("s.json", json.dumps([{"tittel": "A", "tekst": "Tekst"}])),
}

BAD = {
    "sickleave": [
        "aar;maaned;nivaa;kode;prosent\n2024;1;enhet;235;5\n2024;1;enhet;999;5\n",
        "aar;maaned;kode;prosent\n2024;1;235;5\n",
        "aar;maaned;nivaa;kode;prosent\n2024;1;tjenesteomrade;UKJENT;5\n",
    ],
    "indicators": [
        "tabell;tittel;indikator;navn;enhet;periode;verdi\nt;T;a;A;antall;2022;ti\n",
        "tabell;tittel;indikator;navn;enhet;periode\nt;T;a;A;antall;2022\n",
    ],
    "milestones": [
        "plan;milepael;opprinnelig_dato\nP;M;i morgen\n",
        "plan;milepael;opprinnelig_dato;revidert_dato\nP;M;2024-05-31;2024-06-19\n",
    ],
    "sections": ['[{"tittel": "A"}]', "{", '[{"tittel": "A", "tekst": "x"}, {"tittel": "A", "tekst": "x"}]'],
}


@pytest.fixture
def loaded(world, tmp_path):
    for kind, (name, text) in GOOD.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        run(kind, path)
    return tmp_path


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in BAD.items() for t in texts])
def test_bad_input_leaves_the_database_unchanged(loaded, kind, text):
    before = snapshot()
    assert before["SickLeaveRecord"] and before["Section"] and before["MilestoneRevision"]
    path = loaded / ("bad.json" if kind == "sections" else "bad.csv")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        run(kind, path)
    assert snapshot() == before


@pytest.mark.parametrize("kind", list(GOOD))
def test_reimporting_the_same_file_replaces_rather_than_doubles(loaded, kind):
    before = snapshot()
    name, _ = GOOD[kind]
    run(kind, loaded / name)
    after = snapshot()
    assert {k: len(v) for k, v in after.items() if k != "audit"} == {
        k: len(v) for k, v in before.items() if k != "audit"
    }
    assert after["audit"] > before["audit"]
