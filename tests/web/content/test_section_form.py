"""The free-section form refuses what would break the database or the reader, with a Norwegian form error
and no 500: a title the period already has (the unique constraint), and a decision link that is not
http(s) or a path on this site (the importer's rule, tertial.core.sections.link_problem)."""

import pytest

from tertial.web.accounts.roles import Role
from tertial.web.content.models import Section
from tertial.web.content.services import section_save
from tests.conftest import _user


@pytest.fixture
def editor(client, db, django_user_model):
    client.force_login(_user(django_user_model, "okonomi", Role.FINANCE))
    section_save(section=None, year=2024, month=3, title="Eierskap", html="<p>Tekst</p>", sort_order=1)
    return client


def post(client, url, **fields):
    return client.post(url, {"title": "Ny", "html": "<p>Tekst</p>", "sort_order": 2, **fields})


def test_a_new_section_with_a_title_the_period_has_gives_a_form_error(editor):
    response = post(editor, "/innhold/2024/3/seksjoner/create/", title="Eierskap")
    assert response.status_code in (200, 409)
    assert "finnes allerede en seksjon med tittelen «Eierskap»" in response.content.decode()
    assert Section.objects.filter(title="Eierskap").count() == 1


def test_renaming_a_section_to_another_sections_title_gives_a_form_error(editor):
    other = section_save(section=None, year=2024, month=3, title="Annet", html="<p>T</p>", sort_order=2)
    response = post(editor, f"/innhold/seksjoner/{other.pk}/update/", title=" Eierskap ")
    assert "finnes allerede en seksjon med tittelen «Eierskap»" in response.content.decode()
    other.refresh_from_db()
    assert other.title == "Annet"
    assert post(editor, f"/innhold/seksjoner/{other.pk}/update/", title="Annet").status_code == 302  # its own


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x", "//evil.example"]
)
def test_a_decision_link_that_is_not_http_or_a_local_path_gives_a_form_error(editor, url):
    response = post(editor, "/innhold/2024/3/seksjoner/create/", decision_url=url)
    assert response.status_code == 200
    assert "Lenken må begynne med https://, http:// eller /" in response.content.decode()
    assert not Section.objects.filter(title="Ny").exists()


@pytest.mark.parametrize("url", ["https://example.org/sak/1", "http://example.org", "/vedtak/3/", ""])
def test_http_links_and_local_paths_are_kept(editor, url):
    assert post(editor, "/innhold/2024/3/seksjoner/create/", decision_url=url).status_code == 302
    assert Section.objects.get(title="Ny").decision_url == url
