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


def test_production_refuses_to_start_with_the_default_secret():
    result = manage({**PRODUCTION, "TERTIAL_SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "Set TERTIAL_SECRET_KEY" in result.stderr


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
