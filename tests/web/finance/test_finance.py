from datetime import date
from decimal import Decimal

import pytest

from tertial.core.debt import MIN_ABOVE_MAX
from tertial.core.document import FigureTable, Heading, ItemList
from tertial.core.errors import InputError
from tertial.web.audit.models import AuditEntry
from tertial.web.finance.models import FinanceRules, LiquidityRecord, Loan
from tertial.web.finance.report import report_part
from tertial.web.finance.selectors import finance_view_get
from tertial.web.imports import ImportRequest, import_file

HEAD = "lanenummer;langiver;saldo;rentetype;rente;rentebinding_til;forfall;type\n"


def test_the_demo_portfolio_is_stored_with_startlan_apart_and_breaches_the_fixed_share(portfolio):
    assert Loan.objects.filter(year=2024, month=4).count() == 14
    view = finance_view_get(year=2024, month=4)
    assert view.figures.total_debt == 215_390_000_000  # 2 153,9 mill. kr
    assert view.figures.relending_debt == 39_500_000_000
    assert {c.key for c in view.checks if c.breach} == {"fixed_share"}
    assert view.figures.liquidity == 49_500_000_000  # 285 + 150 + 60 mill. kr at the end of April


@pytest.mark.parametrize(
    "line",
    [
        "9;KBN;100;fast;4,2x;30.04.2027;2043-04-30;\n",  # bad rate
        "9;KBN;100;flytende;4;;31.02.2043;\n",  # bad date
        "9;KBN;-100;flytende;4;;2043-04-30;\n",  # negative balance
    ],
)
def test_a_bad_loan_file_writes_nothing_and_keeps_the_period_portfolio(tmp_path, portfolio, line):
    path = tmp_path / "lan.csv"
    path.write_text(HEAD + "1;KBN;100;flytende;4;;2043-04-30;\n" + line, encoding="utf-8")
    entries = AuditEntry.objects.count()
    with pytest.raises(InputError):
        import_file("loans", ImportRequest(path=path, year=2024, period=4))
    assert Loan.objects.filter(year=2024, month=4).count() == 14
    assert AuditEntry.objects.count() == entries


def test_a_loan_file_without_a_column_writes_nothing(tmp_path, world):
    path = tmp_path / "lan.csv"
    path.write_text("lanenummer;langiver;saldo;rentetype;forfall\n1;KBN;100;flytende;2043-04-30\n", encoding="utf-8")
    with pytest.raises(InputError):
        import_file("loans", ImportRequest(path=path, year=2024, period=4))
    assert not Loan.objects.exists()


def test_a_re_import_replaces_the_periods_portfolio_only(tmp_path, portfolio):
    path = tmp_path / "lan.csv"
    path.write_text(HEAD + "1;KBN;1 000 000;flytende;4,5 %;;2043-04-30;\n", encoding="utf-8")
    import_file("loans", ImportRequest(path=path, year=2024, period=8))
    import_file("loans", ImportRequest(path=path, year=2024, period=4))
    assert list(Loan.objects.filter(year=2024, month=4).values_list("number", "balance", "rate")) == [
        ("1", 100_000_000, Decimal("4.5"))
    ]
    assert Loan.objects.filter(year=2024, month=8).count() == 1
    assert LiquidityRecord.objects.filter(year=2024).count() == 4


def test_the_report_part_has_heading_tables_and_the_breach(portfolio):
    part = report_part(year=2024, month=4)
    assert part.blocks[0] == Heading("Finansforvaltning")
    keys = [b for b in part.blocks if isinstance(b, FigureTable)][-1]
    assert "Andel fast rente: BRUDD" in [r.label for r in keys.rows]
    [breaches] = [b for b in part.blocks if isinstance(b, ItemList)]
    assert len(breaches.items) == 1
    assert part.mismatches == ()


def test_the_report_part_is_left_out_without_loans(world):
    assert report_part(year=2024, month=4).blocks == ()


# --- Pages ----------------------------------------------------------------------------------------


def test_finance_sees_the_portfolio_and_the_breach_in_text(client, portfolio, finance_officer):
    client.force_login(finance_officer)
    response = client.get("/finans/2024/4/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Andel fast rente er 28,3\xa0%, under minimum 33,0\xa0% i finansreglementet." in html
    assert 'role="img" aria-label="Advarsel"' in html and "Brudd" in html
    assert '<caption id="cap-finance-period-1">' in html and "Husbanken HB-2019-001" in html
    assert "215 390 000 000" not in html and "2\xa0153\xa0900\xa0000" in html  # kroner, not øre


def test_a_unit_leader_sees_live_figures_but_not_the_rules_form(client, portfolio, leader_235):
    client.force_login(leader_235)
    assert client.get("/finans/2024/4/").status_code == 200
    rules_page = client.get("/finans/regler/")
    assert rules_page.status_code == 200 and "<form method" not in rules_page.content.decode().split("</header>")[1]
    assert client.post("/finans/regler/", {"valid_from": "2024-06-01"}).status_code == 403


@pytest.mark.parametrize("persona", ["plain_user", "council_member"])
def test_users_without_live_figures_get_403(client, portfolio, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/finans/2024/4/").status_code == 403
    assert client.get("/finans/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, portfolio):
    assert client.get("/finans/2024/4/").status_code == 302


def test_the_rules_form_refuses_a_minimum_above_the_maximum(client, world, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        "/finans/regler/", {"valid_from": "2024-06-01", "fixed_share_min": "70", "fixed_share_max": "50"}
    )
    assert response.status_code == 400
    assert MIN_ABOVE_MAX in response.content.decode()
    assert not FinanceRules.objects.exists()


def test_the_rules_form_saves_a_new_version_with_the_liquidity_minimum_in_kroner(client, world, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        "/finans/regler/",
        {
            "valid_from": "2024-06-01",
            "fixed_share_min": "40",
            "fixed_share_max": "60",
            "liquidity_min_kr": "250000000",
            "reference": "KS-sak 45/24",
        },
    )
    assert response.status_code == 302
    rules = FinanceRules.objects.get()
    assert rules.valid_from == date(2024, 6, 1) and rules.liquidity_min == 25_000_000_000
    assert (rules.fixed_share_min, rules.fixed_share_max) == (Decimal(40), Decimal(60))
    assert AuditEntry.objects.filter(object_type="finance.financerules", action="created").count() == 1


def test_finance_changes_a_version_and_the_change_is_audited(client, portfolio, finance_officer):
    client.force_login(finance_officer)
    rules = FinanceRules.objects.get()
    response = client.post(
        f"/finans/regler/{rules.pk}/update/",
        {"valid_from": "2023-01-01", "fixed_share_min": "25", "fixed_share_max": "67", "liquidity_min_kr": ""},
    )
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.fixed_share_min == Decimal(25) and rules.liquidity_min is None
    assert {c.key for c in finance_view_get(year=2024, month=4).checks if c.breach} == set()
    entry = AuditEntry.objects.filter(object_type="finance.financerules", action="changed").get()
    assert entry.changes["fixed_share_min"] == ["33.00", "25"]


def test_django_admin_refuses_a_minimum_above_the_maximum_and_audits_a_saved_version(client, world, admin_user):
    client.force_login(admin_user)
    url = "/admin/finance/financerules/add/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"valid_from": "2024-06-01", "fixed_share_min": "70", "fixed_share_max": "50"})
    assert refused.status_code == 200 and MIN_ABOVE_MAX in refused.content.decode()
    assert not FinanceRules.objects.exists()
    saved = client.post(url, {"valid_from": "2024-06-01", "fixed_share_min": "33", "fixed_share_max": "67"})
    assert saved.status_code == 302
    assert AuditEntry.objects.filter(object_type="finance.financerules", action="created").count() == 1


def test_the_index_lists_the_periods_with_a_portfolio(client, portfolio, finance_officer):
    client.force_login(finance_officer)
    html = client.get("/finans/").content.decode()
    assert 'href="/finans/2024/4/"' in html


def test_finance_sets_inhabitants_and_the_debt_per_inhabitant_follows(client, portfolio, finance_officer):
    client.force_login(finance_officer)
    response = client.post(
        "/finans/innbyggere/update/",
        {"year": "2024", "inhabitants": "25000", "operating_expenditure_kr": "2400000000"},
    )
    assert response.status_code == 302
    # (2 153,9 + 395 mill. kr) / 25 000 = 101 956 kr
    assert finance_view_get(year=2024, month=4).figures.debt_per_inhabitant == 10_195_600
    assert "25\xa0000" in client.get("/finans/regler/").content.decode()
    refused = client.post("/finans/innbyggere/update/", {"year": "2024", "inhabitants": "0"})
    assert refused.status_code == 400


def test_a_unit_leader_may_not_set_inhabitants(client, portfolio, leader_235):
    client.force_login(leader_235)
    assert client.post("/finans/innbyggere/update/", {"year": "2024", "inhabitants": "1"}).status_code == 403
    assert finance_view_get(year=2024, month=4).inhabitants == 20600


def test_a_month_that_does_not_exist_is_not_found(client, world, finance_officer):
    client.force_login(finance_officer)
    assert client.get("/finans/2024/13/").status_code == 404
    assert client.get("/finans/1024/4/").status_code == 404
