"""Security settings at work: the Content Security Policy header, login throttling (django-axes),
session expiry and password rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

WRONG = "feil-passord-999"


def login(client: Client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


# --- Content Security Policy --------------------------------------------------------------------


def test_every_page_gets_a_policy_without_inline_script_or_style(db, client):
    policy = directives(client.get(reverse("login")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert not any("unsafe" in v for values in policy.values() for v in values)


def test_pages_configure_htmx_without_its_inline_indicator_style(db, client):
    html = client.get(reverse("login")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in html
    assert "<style" not in html and "<script>" not in html and " style=" not in html


@pytest.fixture
def figures(world, tmp_path):
    from tertial.web.imports import ImportRequest, import_file

    for kind, name, text in [
        ("budget", "b.csv", "ansvar;belop\n130;17533000\n137;215514000\n235;33390000\n"),
        ("actuals", "a.csv", "periode;ansvar;art;funksjon;belop\n202403;235;10100;202;9000000\n"),
    ]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        import_file(kind, ImportRequest(path=tmp_path / name, year=2024, period=3))


def test_the_html_report_served_in_the_browser_may_use_its_own_styles_but_no_script(figures, client, finance_officer):
    client.force_login(finance_officer)
    response = client.get(reverse("reports:status-report", args=[2024, 3]))
    assert response.status_code == 200 and "<style>" in response.content.decode()
    policy = directives(response)
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert policy["script-src"] == ["'none'"]
    assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    tertial = directives(client.get(reverse("reports:tertial-report", args=[2024, 1])))
    assert tertial["style-src"] == ["'unsafe-inline'"] and tertial["script-src"] == ["'none'"]
    page = directives(client.get(reverse("reports:status", args=[2024, 3])))
    assert page["style-src"] == ["'self'"] and page["script-src"] == ["'self'"]


# --- Login throttling ---------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_so_the_right_one_is_refused(finance_officer):
    client = Client()
    for _ in range(4):
        assert login(client, "okonomi", WRONG).status_code == 200  # the form again, with an error
    locked = login(client, "okonomi", WRONG)
    assert locked.status_code == 429
    assert "For mange mislykkede innlogginger" in locked.content.decode()
    assert "Prøv igjen om 15 minutter." in locked.content.decode()
    refused = login(client, "okonomi", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_username_from_the_same_address_is_not_locked(finance_officer, council_member):
    client = Client()
    for _ in range(5):
        login(client, "okonomi", WRONG)
    response = login(client, "politiker", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(council_member.pk)


def test_the_same_username_from_another_address_is_not_locked(finance_officer):
    client = Client()
    for _ in range(5):
        login(client, "okonomi", WRONG, ip="10.0.0.7")
    assert login(client, "okonomi", PASSWORD, ip="10.0.0.8").status_code == 302


def test_a_successful_login_resets_the_count_of_failures(finance_officer):
    client = Client()
    for _ in range(4):
        login(client, "okonomi", WRONG)
    assert login(client, "okonomi", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "okonomi", WRONG).status_code == 200
    assert login(client, "okonomi", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(finance_officer, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    client = Client()
    for _ in range(5):
        login(client, "okonomi", WRONG)
    assert login(client, "okonomi", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert login(client, "okonomi", PASSWORD).status_code == 302


def test_the_test_client_login_without_a_request_still_works(finance_officer):
    assert Client().login(username="okonomi", password=PASSWORD)


# --- Sessions and passwords ---------------------------------------------------------------------


def test_sessions_last_one_working_day_and_end_when_the_browser_closes(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_is_a_browser_session_cookie(finance_officer):
    client = Client()
    login(client, "okonomi", PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("kort-pass1", False),  # 10 characters
        ("123456789012345", False),  # only digits
        ("password1234", False),  # a common password
        ("Lang nok setning 24", True),
    ],
)
def test_passwords_need_twelve_characters_and_may_not_be_common_or_numeric(password, accepted):
    try:
        validate_password(password)
    except ValidationError:
        assert not accepted
    else:
        assert accepted


def test_behind_the_proxy_the_client_address_comes_from_the_named_header(finance_officer, settings):
    settings.TERTIAL_CLIENT_IP_HEADER = "X-Real-IP"
    client = Client()
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "okonomi", "password": WRONG},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="192.0.2.10",
        )
    locked = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "192.0.2.10"}
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "192.0.2.11"}
    good = {"username": "okonomi", "password": PASSWORD}
    assert client.post(reverse("login"), good, **locked).status_code == 429
    assert client.post(reverse("login"), good, **other).status_code == 302


def test_a_malformed_client_address_header_falls_back_to_the_connection_address(settings, rf):
    from tertial.web.security import client_ip

    settings.TERTIAL_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="x' OR 1=1")) == "10.1.1.1"
    settings.TERTIAL_CLIENT_IP_HEADER = ""
    assert client_ip(rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="192.0.2.10")) == "10.1.1.1"


def test_production_sends_cookies_over_https_only_and_keeps_the_policy():
    from tests.web.test_settings import PRODUCTION, manage

    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'], s.TERTIAL_UPLOAD_MAX_BYTES)"
    )
    env = {**PRODUCTION, "TERTIAL_SESSION_SECONDS": "3600", "TERTIAL_UPLOAD_MAX_BYTES": "1048576"}
    result = manage(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True 3600 [\"'self'\"] 1048576"
