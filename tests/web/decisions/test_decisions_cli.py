"""`tertial decisions list|import` on the command line."""

import json
from pathlib import Path

import pytest

from tertial.cli.main import main
from tertial.web.decisions.models import Case, DecisionPoint

CORPUS = Path(__file__).resolve().parents[2] / "importers" / "decision_corpus"

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_dry_run_shows_the_import_and_writes_nothing_then_import_and_list(capsys):
    code, out, _ = run(capsys, "decisions", "import", str(CORPUS / "02_tabell_pipe.txt"), "--dry-run")
    assert code == 0 and out.startswith("Prøvekjøring: ingenting er lagret.")
    assert "4 saker lest inn, 0 oppdatert, 0 uendret; 5 nye vedtakspunkter, 2 avsluttet" in out
    assert "linje 11: ikke plassert: Tabellen oppdateres etter hvert møte." in out
    assert Case.objects.count() == 0
    code, out, _ = run(capsys, "decisions", "import", str(CORPUS / "02_tabell_pipe.txt"))
    assert code == 0 and Case.objects.count() == 4 and DecisionPoint.objects.count() == 5
    code, out, _ = run(capsys, "decisions", "import", str(CORPUS / "02_tabell_pipe.txt"))
    assert "0 saker lest inn, 0 oppdatert, 4 uendret" in out
    code, out, _ = run(capsys, "decisions", "list")
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["Sak", "År", "Organ", "Tittel", "Punkter"]
    assert lines[-1].split()[:4] == ["Sum", "4", "saker", "5"]
    code, out, _ = run(capsys, "decisions", "list", "--json")
    data = json.loads(out)
    row = next(r for r in data["results"] if r["reference"] == "PS 31/24")
    assert (row["body"], row["meeting_date"], row["points"]) == ("Hovedutvalg for oppvekst og kultur", "2024-03-12", 2)
    assert row["statuses"] == {"ikke_startet": 1, "pågår": 1, "gjennomført": 0, "avsluttet": 0, "kontinuerlig": 0}


def test_a_page_that_is_no_follow_up_list_is_refused_with_why(capsys):
    code, _, err = run(capsys, "decisions", "import", str(CORPUS / "09_nyhetssak.txt"))
    assert code == 2 and "ser ikke ut som en liste over politiske vedtak" in err and "Traceback" not in err
    assert Case.objects.count() == 0


def test_a_profile_file_is_used_and_a_broken_one_is_refused(capsys, tmp_path):
    page = tmp_path / "by.txt"
    page.write_text("Utvalgssak 7/2025 Ny gangbru\nVedtak: Bystyret ber om prosjektering.\n", encoding="utf-8")
    profile = tmp_path / "by.toml"
    profile.write_text('[references]\nprefixes = { "utvalgssak" = "US" }\n', encoding="utf-8")
    code, out, err = run(capsys, "decisions", "import", str(page), "--profile", str(profile))
    assert code == 0 and "1 saker lest inn" in out, err
    assert Case.objects.get().reference == "Utvalgssak 7/2025"
    profile.write_text("[labels\n", encoding="utf-8")
    code, _, err = run(capsys, "decisions", "import", str(page), "--profile", str(profile))
    assert code == 2 and "by.toml kan ikke leses" in err
