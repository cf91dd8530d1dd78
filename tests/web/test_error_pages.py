"""Error pages in Norwegian and in the site's layout (DEBUG is off in tests, as in production): 403 and
404 with the menu; 500 self-contained (rendered without a request context, so it cannot fail in turn)."""

from django.test import RequestFactory
from django.urls import get_resolver


def test_403_is_the_norwegian_page_with_the_menu(db, client):
    page = client.get("/innhold/")
    assert page.status_code == 403
    html = page.content.decode()
    assert "Ingen tilgang" in html and "Kanskje du må logge inn først." in html
    assert 'aria-label="Hovedmeny"' in html and "Økonomistatus" in html and "Politiske vedtak" in html
    assert "Forbidden" not in html


def test_404_is_the_norwegian_page_with_the_menu(db, client, finance_officer):
    client.force_login(finance_officer)
    page = client.get("/finnes-ikke/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "Fant ikke siden" in html
    assert 'aria-label="Hovedmeny"' in html and "Budsjettforslag" in html and "Logg ut okonomi" in html
    assert "Not Found" not in html


def test_500_is_the_self_contained_norwegian_page():
    handler = get_resolver().resolve_error_handler(500)  # what Django calls for an uncaught exception
    response = handler(RequestFactory().get("/status/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nb"' in html and "Noe gikk galt hos oss" in html and "tertial.css" in html
    assert "Server Error" not in html


def test_a_refused_form_gets_the_norwegian_csrf_page_with_the_menu(db, finance_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(finance_officer)
    page = client.post("/runder/opprett/", {"year": "2024"})
    assert page.status_code == 403
    html = page.content.decode()
    assert "Skjemaet ble avvist" in html and "Ingenting er lagret." in html
    assert 'aria-label="Hovedmeny"' in html and "Forbidden" not in html and "CSRF" not in html
