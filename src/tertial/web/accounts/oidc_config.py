"""OpenID Connect settings from the environment, read once by settings.py at start-up.

Kept free of Django models so that settings.py can import it. OIDC is on only when
TERTIAL_OIDC_ISSUER, TERTIAL_OIDC_CLIENT_ID and TERTIAL_OIDC_CLIENT_SECRET are all set; the
endpoints are then taken from the provider's discovery document
(<issuer>/.well-known/openid-configuration, fetched at start-up) unless every one of them is given
explicitly. A half-done configuration stops start-up with a message naming what is missing, so a
server never runs believing it has single sign-on when it has not (docs/deploy.md, "OpenID Connect").
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

import requests
from django.core.exceptions import ImproperlyConfigured

# The roles an identity provider may hand out through TERTIAL_OIDC_ROLE_CLAIMS. Unit and sector
# leadership are bound to an ansvar/tjenesteområde code, so they stay grants made in Tertial.
MAPPABLE_ROLES = ("økonomi", "folkevalgt", "administrator")

REQUIRED = ("TERTIAL_OIDC_ISSUER", "TERTIAL_OIDC_CLIENT_ID", "TERTIAL_OIDC_CLIENT_SECRET")
# Environment variable → key in the discovery document.
ENDPOINTS = {
    "TERTIAL_OIDC_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "TERTIAL_OIDC_TOKEN_ENDPOINT": "token_endpoint",
    "TERTIAL_OIDC_JWKS_URI": "jwks_uri",
    "TERTIAL_OIDC_USERINFO_ENDPOINT": "userinfo_endpoint",
    "TERTIAL_OIDC_END_SESSION_ENDPOINT": "end_session_endpoint",
}
NEEDED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")
DISCOVERY_PATH = "/.well-known/openid-configuration"
BACKEND = "tertial.web.accounts.oidc.TertialOIDCBackend"


def _discover(issuer: str, timeout: float) -> dict[str, Any]:
    url = issuer.rstrip("/") + DISCOVERY_PATH
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ImproperlyConfigured(
            f"OpenID Connect: could not read the discovery document {url} ({exc}). "
            "Give the endpoints explicitly (TERTIAL_OIDC_*_ENDPOINT, TERTIAL_OIDC_JWKS_URI) or fix the issuer."
        ) from exc
    if not isinstance(document, dict):
        raise ImproperlyConfigured(f"OpenID Connect: {url} is not a JSON object.")
    if document.get("issuer") != issuer:
        raise ImproperlyConfigured(
            f"OpenID Connect: the discovery document at {url} names the issuer {document.get('issuer')!r}, "
            f"not TERTIAL_OIDC_ISSUER={issuer!r}."
        )
    return document


def _role_claims(raw: str) -> dict[str, str]:
    if not raw.strip():
        return {}
    try:
        mapping = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TERTIAL_OIDC_ROLE_CLAIMS is not valid JSON: {exc}") from exc
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise ImproperlyConfigured('TERTIAL_OIDC_ROLE_CLAIMS must be a JSON object {"claim value": "role name"}.')
    wrong = sorted(v for v in mapping.values() if v not in MAPPABLE_ROLES)
    if wrong:
        raise ImproperlyConfigured(
            f"TERTIAL_OIDC_ROLE_CLAIMS names roles that cannot come from the identity provider: {', '.join(wrong)}. "
            f"Allowed: {', '.join(MAPPABLE_ROLES)} (unit and sector leaders are granted in Tertial)."
        )
    return mapping


def oidc_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings for OpenID Connect login, or {} when it is not configured.

    Raises ImproperlyConfigured when the configuration is partial or the provider cannot be read.
    """
    present = [name for name in REQUIRED if environ.get(name)]
    if not present:
        return {}
    missing = [name for name in REQUIRED if not environ.get(name)]
    if missing:
        raise ImproperlyConfigured(f"OpenID Connect is half configured: set {', '.join(missing)} as well.")

    issuer = environ["TERTIAL_OIDC_ISSUER"]
    timeout = float(environ.get("TERTIAL_OIDC_TIMEOUT", "10"))
    endpoints = {key: environ.get(name, "") for name, key in ENDPOINTS.items()}
    if not all(endpoints[key] for key in NEEDED_ENDPOINTS):
        discovered = _discover(issuer, timeout)
        endpoints = {key: value or str(discovered.get(key) or "") for key, value in endpoints.items()}
        lacking = [key for key in NEEDED_ENDPOINTS if not endpoints[key]]
        if lacking:
            raise ImproperlyConfigured(f"OpenID Connect: the provider's discovery document lacks {', '.join(lacking)}.")

    token_auth = environ.get("TERTIAL_OIDC_TOKEN_AUTH", "client_secret_post")
    if token_auth not in {"client_secret_post", "client_secret_basic"}:
        raise ImproperlyConfigured("TERTIAL_OIDC_TOKEN_AUTH must be client_secret_post or client_secret_basic.")

    return {
        "TERTIAL_OIDC_ENABLED": True,
        "TERTIAL_OIDC_ISSUER": issuer,
        "TERTIAL_OIDC_USER_CLAIM": environ.get("TERTIAL_OIDC_USER_CLAIM", "email"),
        "TERTIAL_OIDC_ROLE_CLAIMS": _role_claims(environ.get("TERTIAL_OIDC_ROLE_CLAIMS", "")),
        "TERTIAL_OIDC_PROVIDER_NAME": environ.get("TERTIAL_OIDC_PROVIDER_NAME", ""),
        "TERTIAL_OIDC_END_SESSION_ENDPOINT": endpoints["end_session_endpoint"],
        # mozilla-django-oidc's own settings
        "OIDC_RP_CLIENT_ID": environ["TERTIAL_OIDC_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": environ["TERTIAL_OIDC_CLIENT_SECRET"],
        "OIDC_RP_SIGN_ALGO": environ.get("TERTIAL_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": environ.get("TERTIAL_OIDC_SCOPES", "openid email profile"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": endpoints["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": endpoints["token_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": endpoints["jwks_uri"],
        "OIDC_OP_USER_ENDPOINT": endpoints["userinfo_endpoint"],
        "OIDC_TOKEN_USE_BASIC_AUTH": token_auth == "client_secret_basic",
        "OIDC_USE_PKCE": True,  # ID-porten requires it; Entra ID accepts it
        "OIDC_STORE_ID_TOKEN": True,  # the id_token_hint for ending the session at the provider
        "OIDC_TIMEOUT": timeout,
        "OIDC_CREATE_USER": True,
    }


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def oidc_configure(namespace: MutableMapping[str, Any], environ: Mapping[str, str]) -> None:
    """Switch OpenID Connect on in a settings namespace (settings.py passes its globals()) when the
    environment configures it: its settings, the authentication backend after the existing ones, and
    the provider's origin in the CSP form-action (the "Logg inn med …" and "Logg ut" forms are
    answered with a redirect to the provider, and browsers apply form-action to that redirect too)."""
    values = oidc_settings(environ)
    namespace["TERTIAL_OIDC_ENABLED"] = False
    if not values:
        return
    namespace.update(values)
    backends = namespace.get("AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"])
    namespace["AUTHENTICATION_BACKENDS"] = [*(b for b in backends if b != BACKEND), BACKEND]
    csp = namespace.get("CONTENT_SECURITY_POLICY")
    if csp:
        csp = copy.deepcopy(csp)
        directives = csp.setdefault("DIRECTIVES", {})
        form_action = directives.setdefault("form-action", ["'self'"])
        endpoints = [values["OIDC_OP_AUTHORIZATION_ENDPOINT"], values["TERTIAL_OIDC_END_SESSION_ENDPOINT"]]
        for origin in dict.fromkeys(_origin(url) for url in endpoints if url):
            if origin not in form_action:
                form_action.append(origin)
        namespace["CONTENT_SECURITY_POLICY"] = csp
