"""OpenID Connect login against a real provider started on 127.0.0.1 (tests/oidc_provider/server.py).

The whole authorisation-code flow runs over HTTP: a requests.Session plays the browser between
Tertial (pytest-django's live_server) and the provider, which signs its id_tokens with RS256; Tertial
fetches the provider's JWKS and checks signature, issuer, audience, nonce and expiry itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse

from tertial.web.accounts.oidc_config import oidc_settings
from tertial.web.accounts.roles import Role, role_grant, user_roles
from tertial.web.audit.models import AuditEntry
from tests.oidc_provider import fixtures
from tests.oidc_provider.fixtures import FAILED, IDP_PASSWORD, PROTECTED, provider_environment

oidc_provider = fixtures.oidc_provider
oidc_on = fixtures.oidc_on


def _provider_login(browser: requests.Session, base: str, username: str, next_url: str = PROTECTED):
    """Start at Tertial, sign in at the provider's form; returns the provider's redirect back to Tertial."""
    start = browser.get(base + "/oidc/authenticate/", params={"next": next_url}, allow_redirects=False)
    assert start.status_code == 302
    authorize = start.headers["Location"]
    page = browser.get(authorize)
    assert page.status_code == 200
    form = lxml.html.fromstring(page.text).forms[0]
    fields = dict(form.form_values())
    fields.update(username=username, password=IDP_PASSWORD)
    issuer = "{0.scheme}://{0.netloc}".format(urlsplit(authorize))
    back = browser.post(issuer + form.action, data=fields, allow_redirects=False)
    assert back.status_code == 302
    assert back.headers["Location"].startswith(base + "/oidc/callback/?")
    return back.headers["Location"]


def _login(live_server, username: str, browser: requests.Session | None = None) -> tuple[requests.Session, str]:
    """The full flow; returns the browser and where Tertial sent it after the callback."""
    browser = browser or requests.Session()
    callback = _provider_login(browser, live_server.url, username)
    done = browser.get(callback, allow_redirects=False)
    assert done.status_code == 302
    return browser, done.headers["Location"]


def test_first_login_creates_a_user_without_a_role_and_logs_them_in(oidc_on, live_server):
    browser, landing = _login(live_server, "kari")

    assert landing == PROTECTED
    page = browser.get(live_server.url + PROTECTED, allow_redirects=False)
    assert page.status_code == 200
    assert "Logg ut oidc:kari.nordmann@testvik.kommune.no" in page.text
    user = get_user_model().objects.get(username="oidc:kari.nordmann@testvik.kommune.no")
    assert (user.first_name, user.last_name, user.email) == ("Kari", "Nordmann", "Kari.Nordmann@Testvik.kommune.no")
    assert user_roles(user) == frozenset()
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="create", actor=None).exists()


def test_a_second_login_maps_to_the_same_user_also_with_basic_client_authentication(oidc_on, live_server):
    _login(live_server, "kari")
    first = get_user_model().objects.get(username="oidc:kari.nordmann@testvik.kommune.no")
    oidc_on(TERTIAL_OIDC_TOKEN_AUTH="client_secret_basic")

    browser, _ = _login(live_server, "kari")

    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 200
    assert list(get_user_model().objects.filter(username__startswith="oidc:")) == [first]


def test_the_identifying_claim_is_configurable_so_an_id_porten_pid_names_the_user(oidc_on, live_server):
    oidc_on(TERTIAL_OIDC_USER_CLAIM="pid", TERTIAL_OIDC_SCOPES="openid profile")

    browser, _ = _login(live_server, "per")

    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 200
    user = get_user_model().objects.get(username="oidc:24079412345")
    assert user.email == ""


def test_a_provider_that_sends_no_identifying_claim_gets_no_user(oidc_on, live_server):
    browser, landing = _login(live_server, "uten-epost")

    assert landing == reverse("login")
    assert FAILED in browser.get(live_server.url + landing).text
    assert not get_user_model().objects.filter(username__startswith="oidc:").exists()


def test_roles_named_in_the_role_claims_follow_the_provider_and_other_roles_stay(oidc_on, live_server):
    oidc_on(TERTIAL_OIDC_ROLE_CLAIMS=json.dumps({"tertial-okonomi": "økonomi", "tertial-politiker": "folkevalgt"}))
    ola = get_user_model().objects.create_user(username="oidc:ola@testvik.kommune.no")
    role_grant(ola, Role.COUNCIL)  # managed by the provider, and no longer claimed
    role_grant(ola, Role.UNIT_LEADER)  # a Tertial grant

    _login(live_server, "ola")

    ola = get_user_model().objects.get(pk=ola.pk)
    assert user_roles(ola) == {Role.FINANCE, Role.UNIT_LEADER}
    change = AuditEntry.objects.get(object_id=str(ola.pk), action="update").changes
    assert change == {"roller": [["folkevalgt"], ["økonomi"]]}


@pytest.mark.parametrize(
    ("quirk", "reason"),
    [
        ("wrong-signature", "Signature verification failed"),
        ("wrong-audience", "Audience doesn't match"),
        ("wrong-nonce", "JWT Nonce verification failed"),
        ("wrong-issuer", "Invalid issuer"),
        ("expired", "Signature has expired"),
    ],
)
def test_a_forged_misdirected_or_stale_id_token_is_refused(oidc_on, live_server, quirk, reason, caplog):
    browser, landing = _login(live_server, quirk)

    assert landing == reverse("login")
    assert any(reason in r.getMessage() for r in caplog.records if r.name == "tertial.web.accounts.oidc")
    assert FAILED in browser.get(live_server.url + landing).text
    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 302
    assert not get_user_model().objects.filter(username__startswith="oidc:").exists()


def test_refused_provider_logins_do_not_lock_out_the_next_person_from_the_same_address(oidc_on, live_server, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert _login(live_server, "uten-epost")[1] == reverse("login")

    browser, landing = _login(live_server, "kari")

    assert landing == PROTECTED
    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 200


def test_a_replayed_callback_does_not_log_anyone_in(oidc_on, live_server):
    callback = _provider_login(requests.Session(), live_server.url, "kari")
    attacker = requests.Session()

    done = attacker.get(callback, allow_redirects=False)

    assert done.headers["Location"] == reverse("login")
    assert attacker.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 302
    assert not get_user_model().objects.filter(username__startswith="oidc:").exists()


def test_a_deactivated_user_cannot_log_in_through_the_provider(oidc_on, live_server):
    get_user_model().objects.create_user(username="oidc:kari.nordmann@testvik.kommune.no", is_active=False)

    browser, landing = _login(live_server, "kari")

    assert landing == reverse("login")
    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 302


def test_logging_out_ends_the_session_at_the_provider_too(oidc_on, live_server, oidc_provider):
    browser, _ = _login(live_server, "kari")
    browser.get(live_server.url + PROTECTED)

    out = browser.post(
        live_server.url + reverse("logout"),
        headers={"X-CSRFToken": browser.cookies["csrftoken"], "Referer": live_server.url + PROTECTED},
        allow_redirects=False,
    )

    assert out.status_code == 302
    end_session = urlsplit(out.headers["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == oidc_provider + "/logout"
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == [live_server.url + "/"]
    back = browser.get(out.headers["Location"], allow_redirects=False)  # the provider checks the id_token_hint
    assert back.status_code == 302
    assert back.headers["Location"] == live_server.url + "/"
    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 302


def test_password_login_stays_beside_the_provider_button(oidc_on, live_server, django_user_model):
    django_user_model.objects.create_user(username="lokal-admin", password="lokalt-passord-123")
    browser = requests.Session()
    page = browser.get(live_server.url + reverse("login") + "?next=" + PROTECTED)
    (button_form,) = [f for f in lxml.html.fromstring(page.text).forms if f.action == "/oidc/authenticate/"]
    assert button_form.method == "GET" and dict(button_form.form_values()) == {"next": PROTECTED}
    assert button_form.xpath("string(.//button)") == "Logg inn med Testvik-IdP"

    done = browser.post(
        live_server.url + reverse("login"),
        data={"username": "lokal-admin", "password": "lokalt-passord-123", "next": PROTECTED},
        headers={"X-CSRFToken": browser.cookies["csrftoken"]},
        allow_redirects=False,
    )

    assert done.headers["Location"] == PROTECTED
    assert browser.get(live_server.url + PROTECTED, allow_redirects=False).status_code == 200
    # …and logging out a password user does not send them to the provider
    out = browser.post(
        live_server.url + reverse("logout"),
        headers={"X-CSRFToken": browser.cookies["csrftoken"]},
        allow_redirects=False,
    )
    assert out.headers["Location"] == "/"


def test_without_oidc_settings_there_are_no_oidc_urls_and_password_login_works(client, plain_user):
    from tests.conftest import PASSWORD

    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    page = client.get(reverse("login"))
    assert "Logg inn med" not in page.content.decode()

    done = client.post(reverse("login"), {"username": plain_user.username, "password": PASSWORD, "next": PROTECTED})

    assert done.status_code == 302 and done["Location"] == PROTECTED
    assert client.get(PROTECTED).status_code == 200


def test_settings_read_the_environment_and_discover_the_endpoints_at_start_up(oidc_provider):
    script = (
        "import django; django.setup();"
        "from django.conf import settings as s; from django.urls import reverse;"
        "print(s.OIDC_OP_TOKEN_ENDPOINT, s.OIDC_OP_JWKS_ENDPOINT, s.TERTIAL_OIDC_END_SESSION_ENDPOINT,"
        " s.AUTHENTICATION_BACKENDS[-1], reverse('oidc_authentication_init'), s.OIDC_USE_PKCE,"
        " *s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tertial.web.settings", **provider_environment(oidc_provider)}

    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)

    assert out.stdout.split() == [
        oidc_provider + "/token",
        oidc_provider + "/jwks",
        oidc_provider + "/logout",
        "tertial.web.accounts.oidc.TertialOIDCBackend",
        "/oidc/authenticate/",
        "True",
        "'self'",
        oidc_provider,
    ]


def test_explicit_endpoints_need_no_discovery():
    values = oidc_settings(
        provider_environment(
            "https://idp.invalid",
            TERTIAL_OIDC_AUTHORIZATION_ENDPOINT="https://idp.invalid/authorize",
            TERTIAL_OIDC_TOKEN_ENDPOINT="https://idp.invalid/token",
            TERTIAL_OIDC_JWKS_URI="https://idp.invalid/jwks",
        )
    )

    assert values["OIDC_OP_TOKEN_ENDPOINT"] == "https://idp.invalid/token"
    assert values["OIDC_OP_USER_ENDPOINT"] == ""
    assert oidc_settings({}) == {}


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"TERTIAL_OIDC_ISSUER": "https://idp.invalid"}, "set TERTIAL_OIDC_CLIENT_ID, TERTIAL_OIDC_CLIENT_SECRET"),
        ({"TERTIAL_OIDC_ROLE_CLAIMS": '{"g": "enhetsleder"}'}, "cannot come from the identity provider: enhetsleder"),
        ({"TERTIAL_OIDC_ROLE_CLAIMS": "[1, 2]"}, "must be a JSON object"),
        ({"TERTIAL_OIDC_TOKEN_AUTH": "private_key_jwt"}, "TERTIAL_OIDC_TOKEN_AUTH must be"),
    ],
)
def test_a_wrong_configuration_stops_start_up_with_a_message(oidc_provider, environment, message):
    env = {**provider_environment(oidc_provider), **environment}
    if "TERTIAL_OIDC_CLIENT_ID" not in environment and message.startswith("set"):
        env = environment

    with pytest.raises(ImproperlyConfigured, match=message):
        oidc_settings(env)


def test_a_discovery_document_for_another_issuer_is_refused(oidc_provider):
    with pytest.raises(ImproperlyConfigured, match="names the issuer"):
        oidc_settings(provider_environment(oidc_provider + "/"))
