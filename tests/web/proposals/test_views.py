"""Proposal screens: finance only (403 for everyone else on every view), Norwegian amounts in inputs,
an error summary linked to the fields, and nothing saved from an unbalanced form."""

import pytest

from tertial.web.proposals.models import Proposal

from .conftest import MILL

NBSP = "\u00a0"


def _urls(pk):
    return [
        ("get", "/budsjettforslag/2024/1/"),
        ("get", "/budsjettforslag/2024/1/create/"),
        ("post", "/budsjettforslag/2024/1/create/"),
        ("get", f"/budsjettforslag/{pk}/update/"),
        ("post", f"/budsjettforslag/{pk}/update/"),
        ("post", f"/budsjettforslag/{pk}/delete/"),
        ("get", f"/budsjettforslag/{pk}/wording/"),
        ("post", f"/budsjettforslag/{pk}/wording/"),
        ("get", f"/budsjettforslag/{pk}/adopt/"),
        ("post", f"/budsjettforslag/{pk}/adopt/"),
        ("get", "/budsjettforslag/2024/line/?lines-TOTAL_FORMS=4"),
    ]


@pytest.mark.parametrize("persona", ["council_member", "leader_235", "sector_leader", "plain_user", None])
def test_everyone_but_finance_gets_403_on_every_view(client, innvandrer, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for method, url in _urls(innvandrer.pk):
        assert getattr(client, method)(url).status_code == 403, (persona, method, url)
    innvandrer.refresh_from_db()
    assert not innvandrer.is_adopted and Proposal.objects.count() == 1


def test_the_list_shows_balance_and_the_draft_resolution(client, innvandrer, finance_officer):
    client.force_login(finance_officer)
    html = client.get("/budsjettforslag/2024/1/").content.decode()
    assert '<caption id="cap-proposals-proposal-list-1">Forslag og balanse (kr)</caption>' in html
    assert (
        f"1. Rammen for Samfunnsutvikling økes med 16{NBSP}000{NBSP}000 kr til 95{NBSP}150{NBSP}150 kr "
        "(160 Innvandrertjenesten), finansiert med økt integreringstilskudd" in html
    )
    assert "2. Netto driftsramme per rammeområde for 2024 blir etter endringene:" in html
    assert f"<li>Samfunnsutvikling: 95{NBSP}150{NBSP}150 kr</li>" in html


def _form(lines, title="Brann og redning", funding="fond"):
    data = {
        "title": title,
        "funding": funding,
        "reason": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for i, (target, amount, text) in enumerate(lines):
        data |= {f"lines-{i}-target": target, f"lines-{i}-amount": amount, f"lines-{i}-text": text}
    return data


def test_finance_creates_a_proposal_with_norwegian_amounts(client, slice_2024, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        "/budsjettforslag/2024/1/create/",
        _form(
            [
                ("unit:680", "1 234 567,50", ""),
                ("line:bruk_disposisjonsfond", "−1 234 567,50", "økt bruk av disposisjonsfond"),
                ("", "", ""),
            ]
        ),
    )
    assert response.status_code == 302 and response["Location"] == "/budsjettforslag/2024/1/"
    p = Proposal.objects.get()
    assert (p.number, p.period, p.funding) == (1, 4, "fond")
    assert list(p.lines.values_list("amount", flat=True)) == [123_456_750, -123_456_750]


def test_an_unbalanced_form_shows_the_imbalance_and_saves_nothing(client, slice_2024, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        "/budsjettforslag/2024/1/create/", _form([("unit:680", "2 000 000", ""), ("line:skatt", "", "")])
    )
    html = response.content.decode()
    assert response.status_code == 200 and Proposal.objects.count() == 0
    assert 'role="alert"' in html
    assert '<a href="#id_lines-1-amount">Linje 2, Beløp (kr): Skriv et beløp.</a>' in html
    assert 'aria-describedby="id_lines-1-amount-error"' in html and 'aria-invalid="true"' in html

    response = client.post("/budsjettforslag/2024/1/create/", _form([("unit:680", "2 000 000", "")]))
    html = response.content.decode()
    assert f"Forslaget balanserer ikke: 2{NBSP}000{NBSP}000 kr mer utgift enn finansiering" in html
    assert Proposal.objects.count() == 0


def test_an_amount_that_is_not_kroner_is_named_in_the_error_summary(client, slice_2024, finance_officer):
    client.force_login(finance_officer)
    html = client.post(
        "/budsjettforslag/2024/1/create/", _form([("unit:680", "12,345", ""), ("line:skatt", "-12", "")])
    ).content.decode()
    assert '<a href="#id_lines-0-amount">Linje 1, Beløp (kr): «12,345» har mer enn to desimaler</a>' in html


def test_the_edit_form_shows_the_saved_lines_and_saves_changes(client, innvandrer, finance_officer):
    client.force_login(finance_officer)
    html = client.get(f"/budsjettforslag/{innvandrer.pk}/update/").content.decode()
    assert 'value="16 000 000"' in html and 'value="−9 000 000"' in html
    response = client.post(
        f"/budsjettforslag/{innvandrer.pk}/update/",
        _form([("unit:160", "10 000 000", ""), ("line:andre_generelle", "-10 000 000", "")], title="Ny tittel"),
    )
    assert response.status_code == 302
    innvandrer.refresh_from_db()
    assert innvandrer.title == "Ny tittel" and innvandrer.lines.count() == 2


def test_the_wording_view_keeps_the_figures_and_refuses_a_typed_one(client, innvandrer, finance_officer):
    client.force_login(finance_officer)
    url = f"/budsjettforslag/{innvandrer.pk}/wording/"
    html = client.post(url, {"wording": "Rammen økes med 16 mill. {beløp} {ny_ramme} {finansiering}"}).content.decode()
    assert "Teksten kan ikke inneholde tall («16»)" in html
    assert 'aria-describedby="id_wording-error id_wording_helptext"' in html
    wording = "Kommunestyret øker rammen for {område} med {beløp} til {ny_ramme}, dekket av {finansiering}."
    assert client.post(url, {"wording": wording}).status_code == 302
    html = client.get("/budsjettforslag/2024/1/").content.decode()
    assert f"1. Kommunestyret øker rammen for Samfunnsutvikling med 16{NBSP}000{NBSP}000 kr til" in html


def test_the_adopt_view_records_an_amended_decision(client, innvandrer, finance_officer):
    client.force_login(finance_officer)
    url = f"/budsjettforslag/{innvandrer.pk}/adopt/"
    data = _form([("unit:160", "12 000 000", ""), ("line:andre_generelle", "-12 000 000", "")]) | {
        "reference": "PS 45/24",
        "adopted_on": "23.05.2024",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    innvandrer.refresh_from_db()
    assert innvandrer.is_adopted and innvandrer.budget_change.reference == "PS 45/24"
    assert list(innvandrer.budget_change.lines.values_list("amount", flat=True)) == [12 * MILL]
    html = client.post(url, data).content.decode()
    assert "Forslag 1 er allerede vedtatt (PS 45/24)." in html
    html = client.get("/budsjettforslag/2024/1/").content.decode()
    assert "Vedtatt PS 45/24, 23.05.2024" in html and f"/budsjettforslag/{innvandrer.pk}/update/" not in html


def test_add_line_returns_the_next_row_and_the_new_form_count(client, slice_2024, finance_officer):
    client.force_login(finance_officer)
    html = client.get("/budsjettforslag/2024/line/?lines-TOTAL_FORMS=4").content.decode()
    assert '<th scope="row">5</th>' in html and 'id="id_lines-4-target"' in html
    assert 'aria-label="Linje 5: Beløp (kr)"' in html
    assert 'name="lines-TOTAL_FORMS" value="5" id="id_lines-TOTAL_FORMS" hx-swap-oob="true"' in html
    assert client.get("/budsjettforslag/2024/line/?lines-TOTAL_FORMS=x").status_code == 400


def test_the_admin_shows_proposals_read_only(client, innvandrer, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/proposals/proposal/").status_code == 200
    page = client.get(f"/admin/proposals/proposal/{innvandrer.pk}/change/")
    assert page.status_code == 200 and "Innvandrertjenesten" in page.content.decode()
    assert client.get("/admin/proposals/proposal/add/").status_code == 403
