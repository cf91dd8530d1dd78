"""Production settings: refuse a default secret, and pass Django's deployment checklist."""

import json
import logging
import os
import subprocess
import sys

from tertial.web.logs import JsonFormatter, request_id

PRODUCTION = {
    "TERTIAL_DEBUG": "false",
    "TERTIAL_SECRET_KEY": "x7#Lq2!vR9p$Kd4@Zm8^Tn6&Wb3*Hc5(Jf1)Gs0-Ye2+Ua7=Xo9",
    "TERTIAL_ALLOWED_HOSTS": "tertial.kommune.no",
}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tertial.cli.main", "manage", *args],
        # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a server never has it.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_with_the_default_secret_in_one_line_with_exit_2():
    """The CLI (`tertial manage check`, `tertial status` ...) says what to set, in one line, no traceback."""
    for args in (("manage", "check"), ("status", "--year", "2024", "--period", "3")):
        result = manage({**PRODUCTION, "TERTIAL_SECRET_KEY": ""}, *args) if args[0] == "manage" else cli(args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines() == [SECRET_MISSING]
        assert "Traceback" not in result.stderr


def test_the_web_server_refuses_the_default_secret_with_one_clear_sentence():
    """The WSGI application (what gunicorn loads): Django's ImproperlyConfigured with the same sentence."""
    result = subprocess.run(
        [sys.executable, "-c", "import tertial.web.wsgi"],
        env={**os.environ, **PRODUCTION, "TERTIAL_SECRET_KEY": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"django.core.exceptions.ImproperlyConfigured: {SECRET_MISSING.removeprefix('Feil: ')}"


SECRET_MISSING = (
    "Feil: TERTIAL_SECRET_KEY må være satt når TERTIAL_DEBUG er av (produksjon); "
    "lag en med: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def cli(args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tertial.cli.main", *args],
        env={**os.environ, **PRODUCTION, "TERTIAL_SECRET_KEY": ""},
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_response_carries_a_request_id(db, client):
    response = client.get("/helse/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    generated = client.get("/helse/", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
    assert len(generated) == 32 and generated != "bad id with spaces"


def test_json_log_lines_carry_the_request_id():
    token = request_id.set("req-7")
    try:
        record = logging.LogRecord("tertial", logging.WARNING, __file__, 1, "Import av %s feilet", ("gl.csv",), None)
        record.request_id = request_id.get()
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "req-7" and line["message"] == "Import av gl.csv feilet" and line["level"] == "WARNING"
