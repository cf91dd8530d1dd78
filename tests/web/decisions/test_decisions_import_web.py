"""The web import of a follow-up list: upload → preview (nothing written) → confirm (exactly what
was previewed), and a re-import that updates the case it matches."""

import os
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tertial.web.audit.models import AuditEntry
from tertial.web.decisions.models import Case, DecisionPoint, LogEntry

CORPUS = Path(__file__).resolve().parents[2] / "importers" / "decision_corpus"

pytestmark = pytest.mark.django_db


def upload(client, text: str, name: str = "liste.txt"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")
    return client.post(reverse("decisions:import"), {"file": file})


def confirm(client, preview):
    ctx = preview.context
    data = {"token": ctx["token"], "digest": ctx["report"].digest, "name": ctx["name"]}
    return client.post(reverse("decisions:import-confirm"), data)


def test_preview_then_confirm_writes_what_was_shown_and_a_reimport_updates(client, finance_officer, settings, tmp_path):
    settings.TERTIAL_UPLOAD_DIR = tmp_path
    client.force_login(finance_officer)
    text = (CORPUS / "01_kommunestyret_felt.txt").read_text(encoding="utf-8")
    abandoned = tmp_path / "decisions" / f"{'0' * 32}.txt"
    abandoned.parent.mkdir()
    abandoned.write_text("en forhåndsvisning ingen bekreftet", encoding="utf-8")
    os.utime(abandoned, (time.time() - 2 * 86400, time.time() - 2 * 86400))

    preview = upload(client, text)
    assert not abandoned.exists()  # an unconfirmed preview's text is kept a day
    assert preview.status_code == 200
    html = preview.content.decode()
    assert Case.objects.count() == 0  # the preview writes nothing
    assert "4 nye saker, 0 oppdateres, 0 uendret" in html
    assert "Linje 1: «Oppfølging av politiske vedtak – kommunestyret»" in html
    assert "innen utgangen av 2025 <span" in html and "(01.01.2025–31.12.2025)" in html
    assert "Kommunedirektøren utreder sammenslåing av Nordby og Sørby skoler." in html
    assert list(tmp_path.glob("decisions/*.txt"))  # the upload is kept between the steps

    done = confirm(client, preview)
    assert done.status_code == 200 and "4 nye saker" in done.content.decode()
    assert Case.objects.count() == 4 and DecisionPoint.objects.count() == 5
    assert not list(tmp_path.glob("decisions/*.txt"))  # used once
    assert AuditEntry.objects.filter(action="decisions.case_import", actor=finance_officer).count() == 4
    assert confirm(client, preview).status_code == 400  # the same preview cannot be written twice

    edited = text.replace("Status: Ikke startet", "Status: Pågår\nOppfølging: Saken legges fram i mars.")
    again = upload(client, edited)
    html = again.content.decode()
    assert "0 nye saker, 1 oppdateres, 3 uendret" in html
    assert "punkt 1: status; punkt 1: oppfølging +1" in html
    assert "3 saker er uendret" in html and "Sak 19/2024 Trafikksikkerhetsplan" in html
    assert confirm(client, again).status_code == 200
    point = Case.objects.get(reference="Sak 31/2024").points.get()
    assert point.status == "pågår"
    assert list(LogEntry.objects.filter(point=point).values_list("text", flat=True)) == ["Saken legges fram i mars."]
    assert Case.objects.count() == 4 and DecisionPoint.objects.count() == 5


def test_a_preview_of_a_register_that_changed_meanwhile_is_not_written(client, finance_officer, settings, tmp_path):
    settings.TERTIAL_UPLOAD_DIR = tmp_path
    client.force_login(finance_officer)
    preview = upload(client, (CORPUS / "04_organer_med_dato.txt").read_text(encoding="utf-8"))
    Case.objects.create(reference="PS 14/25", reference_key="PS 14/2025", title="Lagt inn i mellomtiden", year=2025)
    stale = confirm(client, preview)
    assert stale.status_code == 409
    assert "Registeret er endret siden forhåndsvisningen" in stale.content.decode()
    assert Case.objects.count() == 1  # nothing written; a fresh preview is shown
    assert confirm(client, stale).status_code == 200 and Case.objects.count() == 4
    assert Case.objects.get(reference="PS 14/25").meeting_date == date(2025, 3, 5)


def test_a_page_that_is_no_follow_up_list_is_refused_on_the_upload_form(client, finance_officer, settings, tmp_path):
    settings.TERTIAL_UPLOAD_DIR = tmp_path
    client.force_login(finance_officer)
    response = upload(client, (CORPUS / "09_nyhetssak.txt").read_text(encoding="utf-8"))
    assert response.status_code == 400
    assert "ser ikke ut som en liste over politiske vedtak" in response.content.decode()
    assert Case.objects.count() == 0 and not list(tmp_path.glob("decisions/*.txt"))


def test_the_import_is_for_editors_only(client, council_member):
    client.force_login(council_member)
    assert client.get(reverse("decisions:import")).status_code == 403
