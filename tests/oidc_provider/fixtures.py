"""The test provider as pytest fixtures, shared by tests/web/accounts/test_oidc.py and the browser test.

`oidc_provider` starts tests/oidc_provider/server.py in its own process for the session (its client
is registered with the live server's callback URL); `oidc_on` switches Tertial's OpenID Connect on
for one test exactly as settings.py does from the environment (`oidc_configure`), including
discovery from the provider, and routes /oidc/. A test module takes them over by assignment:
``oidc_provider = fixtures.oidc_provider``.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import clear_url_caches

from tertial.web.accounts.oidc_config import oidc_configure

SERVER = Path(__file__).resolve().with_name("server.py")
CLIENT_ID = "tertial-test"
CLIENT_SECRET = "klient-hemmelighet-123"
IDP_PASSWORD = "idp-passord-123"
PROTECTED = "/runder/mine/"  # login_required
QUIRKS = ["wrong-signature", "wrong-audience", "wrong-nonce", "wrong-issuer", "expired"]
FAILED = "Innloggingen hos identitetsleverandøren mislyktes"


def idp_user(username: str, sub: str, id_token: dict, userinfo: dict | None = None, quirk: str | None = None):
    return {
        "username": username,
        "password": IDP_PASSWORD,
        "sub": sub,
        "id_token": id_token,
        "userinfo": userinfo or {},
        "quirk": quirk,
    }


IDP_USERS = [
    idp_user(
        "kari",
        "0b5c2e7a-kari",
        {"email": "Kari.Nordmann@Testvik.kommune.no"},
        {"given_name": "Kari", "family_name": "Nordmann", "email": "kari.nordmann@testvik.kommune.no"},
    ),
    idp_user("per", "sub-per-idporten", {"pid": "24079412345"}),
    idp_user("ola", "sub-ola", {"email": "ola@testvik.kommune.no", "roles": ["tertial-okonomi", "annen-app-rolle"]}),
    idp_user("uten-epost", "sub-uten-epost", {}),
    *[idp_user(q, f"sub-{q}", {"email": f"{q}@testvik.kommune.no"}, quirk=q) for q in QUIRKS],
]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The provider in its own process; yields its issuer URL (http://127.0.0.1:<port>)."""
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [live_server.url + "/oidc/callback/"],
                "post_logout_redirect_uris": [live_server.url + "/"],
            }
        ],
        "users": IDP_USERS,
    }
    path = tmp_path_factory.mktemp("oidc") / "provider.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(SERVER), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        issuer = process.stdout.readline().strip()
        assert issuer.startswith("http://127.0.0.1:"), f"the provider did not start (exit code {process.poll()})"
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def reload_urls() -> None:
    importlib.reload(importlib.import_module("tertial.web.urls"))
    clear_url_caches()


def provider_environment(issuer: str, **extra: str) -> dict[str, str]:
    return {
        "TERTIAL_OIDC_ISSUER": issuer,
        "TERTIAL_OIDC_CLIENT_ID": CLIENT_ID,
        "TERTIAL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "TERTIAL_OIDC_PROVIDER_NAME": "Testvik-IdP",
        **extra,
    }


@pytest.fixture
def oidc_on(settings, oidc_provider, transactional_db):
    """Tertial's settings as settings.py makes them from the environment, with discovery from the provider."""

    def configure(**extra: str) -> None:
        namespace = {name: getattr(settings, name) for name in ("AUTHENTICATION_BACKENDS", "CONTENT_SECURITY_POLICY")}
        oidc_configure(namespace, provider_environment(oidc_provider, **extra))
        for name, value in namespace.items():
            setattr(settings, name, value)
        reload_urls()

    configure()
    yield configure
    settings.TERTIAL_OIDC_ENABLED = False
    reload_urls()
