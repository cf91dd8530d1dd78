"""OpenID Connect in headless Chromium: the "Logg inn med …" button, the provider's form and back, then
"Logg ut" through the provider's end_session_endpoint. A real browser enforces the Content Security
Policy, whose form-action must let both forms be redirected to the provider."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.oidc_provider import fixtures
from tests.oidc_provider.fixtures import IDP_PASSWORD, PROTECTED

oidc_provider = fixtures.oidc_provider
oidc_on = fixtures.oidc_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_logs_in_with_the_provider_and_out_again_in_a_real_browser(
    oidc_on, oidc_provider, live_server, page, axe_violations
):
    csp_blocked: list[str] = []
    visited: list[str] = []
    page.on("request", lambda r: visited.append(r.url) if r.is_navigation_request() else None)
    page.on("console", lambda m: csp_blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + reverse("login") + "?next=" + PROTECTED)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Logg inn med Testvik-IdP").click()
    page.wait_for_url(oidc_provider + "/authorize?**")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(live_server.url + PROTECTED)

    assert page.get_by_role("button", name="Logg ut oidc:kari.nordmann@testvik.kommune.no").is_visible()
    assert get_user_model().objects.filter(username="oidc:kari.nordmann@testvik.kommune.no").exists()

    page.get_by_role("button", name="Logg ut oidc:kari.nordmann@testvik.kommune.no").click()
    page.wait_for_url(live_server.url + "/")
    assert any(url.startswith(oidc_provider + "/logout?id_token_hint=") for url in visited)
    assert page.get_by_role("navigation").get_by_role("link", name="Logg inn").is_visible()
    assert csp_blocked == []
