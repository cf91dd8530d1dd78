"""The upload page for imports (/import/): finance only, size and type checked, stored under a
server-chosen name in TERTIAL_UPLOAD_DIR, import errors shown with file, row and column."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tertial.web.audit.models import AuditEntry
from tertial.web.budget.models import BudgetLine
from tertial.web.org.models import Sector, Unit
from tertial.web.org.services import municipality_set
from tertial.web.uploads.files import wrong_content_message
from tertial.web.uploads.messages import organisation_missing_message

DEMO = Path(__file__).resolve().parents[3] / "src" / "tertial" / "demo" / "levanger"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
URL = "/import/"


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.TERTIAL_UPLOAD_DIR = tmp_path / "opplastinger"
    return settings.TERTIAL_UPLOAD_DIR


@pytest.fixture
def finance(client, finance_officer, upload_dir):
    municipality_set(name="Testvik kommune", org_number="999999999", chief_executive_name="Kari Direktør")
    client.force_login(finance_officer)
    return client


def post(client, name: str, content: bytes, *, kind: str, year: int = 2024, period: str = ""):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(URL, {"kind": kind, "year": year, "period": period, "file": upload}, follow=True)


def stored_files(upload_dir: Path) -> list[Path]:
    return sorted(upload_dir.iterdir()) if upload_dir.exists() else []


def test_the_import_url_is_the_upload_page():
    assert reverse("uploads:upload") == URL


def test_finance_sees_every_import_kind_with_a_norwegian_label(finance):
    response = finance.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="org">Organisasjon (tjenesteområder og enheter)</option>' in html
    assert '<option value="budget-changes">Budsjettendringer</option>' in html
    assert '<label for="id_file">Fil</label>' in html
    from tertial.web.imports import IMPORTERS
    from tertial.web.uploads.forms import KIND_LABELS

    assert set(IMPORTERS) <= set(KIND_LABELS)  # every kind has a Norwegian name
    for kind in IMPORTERS:
        selected = " selected" if kind == "actuals" else ""  # the default: the import finance does most often
        assert f'<option value="{kind}"{selected}>{KIND_LABELS[kind]}</option>' in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize("persona", ["leader_235", "council_member", "plain_user"])
def test_everyone_but_finance_is_refused_with_403(db, client, persona, request, upload_dir):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    org = SimpleUploadedFile("org.csv", (DEMO / "org.csv").read_bytes())
    assert client.post(URL, {"kind": "org", "year": 2024, "file": org}).status_code == 403
    assert Unit.objects.count() == 0 and stored_files(upload_dir) == []


def test_anonymous_visitors_are_sent_to_the_login_page_and_nothing_is_read(db, client, upload_dir):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/login/?next=/import/"
    org = SimpleUploadedFile("org.csv", (DEMO / "org.csv").read_bytes())
    assert client.post(URL, {"kind": "org", "year": 2024, "file": org}).status_code == 302
    assert Unit.objects.count() == 0 and stored_files(upload_dir) == []


def test_a_good_csv_is_imported_and_its_receipt_shown_and_audited(finance, upload_dir):
    response = post(finance, "org.csv", (DEMO / "org.csv").read_bytes(), kind="org")
    assert response.status_code == 200
    assert Unit.objects.filter(budget_year__year=2024).count() == 30
    assert Sector.objects.filter(budget_year__year=2024).count() == 5
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("«org.csv» er importert: ")
    assert messages[0] in response.content.decode()
    entries = AuditEntry.objects.filter(actor__username="okonomi")
    assert entries.exists()


def test_the_stored_file_is_inside_the_upload_dir_under_a_server_chosen_name(finance, upload_dir):
    post(finance, "../../etc/passwd.csv", (DEMO / "org.csv").read_bytes(), kind="org")
    assert Unit.objects.count() == 30
    [stored] = stored_files(upload_dir)
    assert stored.resolve().parent == upload_dir.resolve()
    assert stored.suffix == ".csv" and "passwd" not in stored.name and ".." not in stored.stem
    assert len(stored.stem) == 32 and all(c in "0123456789abcdef" for c in stored.stem)
    assert stored.read_bytes() == (DEMO / "org.csv").read_bytes()
    assert not (upload_dir.parent.parent / "etc").exists()


def test_a_png_renamed_to_csv_is_refused_by_its_content_and_not_kept(finance, upload_dir):
    response = post(finance, "regnskap.csv", PNG, kind="org")
    assert response.status_code == 400
    assert wrong_content_message("text") in response.content.decode()
    assert Unit.objects.count() == 0 and stored_files(upload_dir) == []


def test_a_name_outside_the_allow_list_is_refused(finance, upload_dir):
    response = post(finance, "org.exe", (DEMO / "org.csv").read_bytes(), kind="org")
    assert response.status_code == 400
    assert "Filtypen støttes ikke" in response.content.decode()
    assert Unit.objects.count() == 0 and stored_files(upload_dir) == []


def test_an_oversized_file_is_refused_while_it_is_written(finance, settings, upload_dir):
    settings.TERTIAL_UPLOAD_MAX_BYTES = 1000
    response = post(finance, "org.csv", b"ansvar;belop\n" + b"235;1\n" * 300, kind="org")
    assert response.status_code == 400
    assert "Filen er for stor" in response.content.decode()
    assert stored_files(upload_dir) == []


def test_an_oversized_request_is_refused_before_its_body_is_read(finance, settings, upload_dir):
    settings.TERTIAL_UPLOAD_MAX_BYTES = 1000
    response = post(finance, "org.csv", b"235;1\n" * 20_000, kind="org")
    assert response.status_code == 413
    assert "Filen er for stor" in response.content.decode()
    assert stored_files(upload_dir) == []


def test_a_bad_csv_names_file_row_and_column_and_writes_nothing(finance, upload_dir):
    post(finance, "org.csv", (DEMO / "org.csv").read_bytes(), kind="org")
    audit_before = AuditEntry.objects.count()
    response = post(finance, "budsjett mars.csv", b"ansvar;belop\n235;1000\n130;ti tusen\n", kind="budget")
    assert response.status_code == 400
    assert response.context["problems"] == ["budsjett mars.csv, rad 3, kolonne «belop»: ugyldig beløp («ti tusen»)"]
    assert "budsjett mars.csv, rad 3, kolonne «belop»: ugyldig beløp («ti tusen»)" in response.content.decode()
    assert "Ingenting er lagret" in response.content.decode()
    assert BudgetLine.objects.count() == 0 and AuditEntry.objects.count() == audit_before
    assert len(stored_files(upload_dir)) == 1  # only the org file imported before


def test_a_domain_error_is_shown_and_nothing_is_written(finance, upload_dir):
    response = post(finance, "budget.csv", (DEMO / "budget.csv").read_bytes(), kind="budget")
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem == organisation_missing_message(2024)  # what to do in the browser, not a command line
    assert problem.startswith("Organisasjonen for 2024 er ikke importert ennå. Velg «Organisasjon")
    assert "tertial import" not in response.content.decode()
    assert BudgetLine.objects.count() == 0 and stored_files(upload_dir) == []


def test_a_missing_file_and_kind_are_listed_in_the_error_summary(finance, upload_dir):
    response = finance.post(URL, {"year": 2024})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert '<a href="#id_file">Fil: ' in html and '<a href="#id_kind">Hva slags fil: ' in html
    assert 'aria-invalid="true"' in html


def test_the_upload_is_csrf_protected(client, finance_officer, upload_dir):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(finance_officer)
    org = SimpleUploadedFile("org.csv", (DEMO / "org.csv").read_bytes())
    assert strict.post(URL, {"kind": "org", "year": 2024, "file": org}).status_code == 403
    assert Unit.objects.count() == 0


def test_a_good_xlsx_is_imported(finance, upload_dir):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    for line in (DEMO / "org.csv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            wb.active.append(line.split(";"))
    buf = io.BytesIO()
    wb.save(buf)
    response = post(finance, "Organisasjon 2024.xlsx", buf.getvalue(), kind="org")
    assert response.status_code == 200, response.context.get("problems")
    assert Unit.objects.filter(budget_year__year=2024).count() == 30
    [stored] = stored_files(upload_dir)
    assert stored.suffix == ".xlsx"


def test_a_kind_that_needs_a_period_asks_for_it_on_the_form(finance, upload_dir):
    post(finance, "org.csv", (DEMO / "org.csv").read_bytes(), kind="org")
    forecasts = (DEMO / "forecasts_202403.csv").read_bytes()
    response = post(finance, "prognoser.csv", forecasts, kind="forecasts")
    assert response.status_code == 400
    assert response.context["form"].errors["period"] == ["Denne filtypen gjelder én måned: oppgi perioden (1–12)."]
    assert '<a href="#id_period">Periode (måned): Denne filtypen gjelder én måned' in response.content.decode()
    assert len(stored_files(upload_dir)) == 1  # the org file only
    response = post(finance, "prognoser.csv", forecasts, kind="forecasts", period="3")
    assert response.status_code == 200 and len(stored_files(upload_dir)) == 2


def test_an_xlsx_zip_bomb_is_a_400_naming_the_file_not_a_500(finance, upload_dir, tmp_path):
    """Issue 22: one cell unpacking to 1,5 GB made the upload page answer 500 after 12 s."""
    import io
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["aar", "innbyggere"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    members["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c><v>" + b"9" * (20 * 2**20) + b"</v></c></row>"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    response = post(finance, "innbyggere.xlsx", bomb.getvalue(), kind="inhabitants")
    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem.startswith("innbyggere.xlsx: Excel-filen ser ut som en «zip-bombe»")
    assert stored_files(upload_dir) == []


def test_the_form_keeps_the_kind_and_year_after_a_success_and_defaults_to_the_last_choice(finance, upload_dir):
    response = post(finance, "org.csv", (DEMO / "org.csv").read_bytes(), kind="org", year=2023)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="org" selected>' in html and 'name="year" value="2023"' in html
    html = finance.get(URL).content.decode()  # a later visit: the last kind and year chosen
    assert '<option value="org" selected>' in html and 'name="year" value="2023"' in html


def test_a_ledger_upload_becomes_a_job_with_its_own_page(finance, upload_dir, finance_officer):
    from tertial.web.jobs.models import Job

    post(finance, "org.csv", (DEMO / "org.csv").read_bytes(), kind="org")
    response = post(
        finance, "hovedbok.csv", b"periode;ansvar;art;funksjon;belop\n202403;235;10100;202;100,00\n", kind="actuals"
    )
    [job] = Job.objects.all()
    assert response.redirect_chain[-1][0] == f"/jobber/{job.pk}/"
    assert job.state == "queued" and job.created_by == finance_officer and job.params["kind"] == "actuals"
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html
    assert "Ingen bakgrunnsarbeider har meldt seg" in html  # no worker runs in this test
