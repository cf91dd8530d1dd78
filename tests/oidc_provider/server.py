"""A small but real OpenID Connect provider for the login tests, run in its own process.

It speaks HTTP on 127.0.0.1 and implements the authorization-code flow the way Entra ID and ID-porten
do: discovery document, JWKS, a login form, single-use codes bound to client, redirect URI and PKCE
challenge, a token endpoint with client authentication (client_secret_post or _basic) returning an
RS256-signed id_token (PyJWT + cryptography), a userinfo endpoint and an end_session endpoint.

Configuration is a JSON file (see tests/web/accounts/test_oidc.py):
    {"clients": [{"client_id", "client_secret", "redirect_uris": [...], "post_logout_redirect_uris": [...]}],
     "users": [{"username", "password", "sub", "id_token": {claims}, "userinfo": {claims},
                "quirk": null | "wrong-signature" | "wrong-audience" | "wrong-nonce" | "wrong-issuer" | "expired"}]}
A user's "quirk" makes the provider misbehave for that user only, so that the tests can show the
relying party refusing a forged or misdirected token.

    python tests/oidc_provider/server.py CONFIG.json
prints "http://127.0.0.1:<port>" (the issuer) on its first line once it is listening; a port of
0 (default) lets the system choose.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KID = "test-key-1"
CODE_SECONDS = 60
TOKEN_SECONDS = 300


@dataclass
class Provider:
    issuer: str
    clients: dict[str, dict[str, Any]]
    users: dict[str, dict[str, Any]]
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    # A second key that is not published: tokens signed with it must be refused.
    rogue_key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    access_tokens: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    log: list[str] = field(default_factory=list)

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, *, user: dict[str, Any], client_id: str, nonce: str | None) -> str:
        now = int(time.time())
        quirk = user.get("quirk")
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": user["sub"],
            "aud": client_id,
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "auth_time": now,
            **user.get("id_token", {}),
        }
        if nonce is not None:
            claims["nonce"] = nonce
        if quirk == "wrong-audience":
            claims["aud"] = "another-application"
        elif quirk == "wrong-nonce":
            claims["nonce"] = "not-the-nonce-the-client-sent"
        elif quirk == "wrong-issuer":
            claims["iss"] = "https://impostor.invalid"
        elif quirk == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        key = self.rogue_key if quirk == "wrong-signature" else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


def _pkce_ok(challenge: str | None, method: str | None, verifier: str | None) -> bool:
    if challenge is None:
        return verifier is None
    if verifier is None or method != "S256":
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") == challenge


LOGIN_PAGE = """<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Test-IdP</title></head>
<body><h1>Test-IdP: logg inn</h1>{error}
<form method="post" action="/authorize">{hidden}
<label for="u">Brukernavn</label> <input id="u" name="username">
<label for="p">Passord</label> <input id="p" name="password" type="password">
<button type="submit">Logg inn</button></form></body></html>"""

AUTHORIZE_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


class Handler(BaseHTTPRequestHandler):
    provider: Provider  # set on the subclass made in main()

    def log_message(self, format: str, *args: Any) -> None:
        self.provider.log.append(format % args)

    # --- helpers -------------------------------------------------------------------------------
    def _send(self, status: int, body: str | bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj), "application/json")

    def _redirect(self, url: str) -> None:
        self._send(302, b"", "text/plain", {"Location": url})

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}

    def _query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}

    # --- routes --------------------------------------------------------------------------------
    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == "/.well-known/openid-configuration":
            self._json(200, self.provider.discovery())
        elif route == "/jwks":
            self._json(200, self.provider.jwks())
        elif route == "/authorize":
            self._authorize_form(self._query(), error="")
        elif route == "/userinfo":
            self._userinfo()
        elif route == "/logout":
            self._logout(self._query())
        else:
            self._send(404, "not found", "text/plain")

    def do_POST(self) -> None:
        route = urlsplit(self.path).path
        if route == "/authorize":
            self._authorize_submit(self._form())
        elif route == "/token":
            self._token(self._form())
        else:
            self._send(404, "not found", "text/plain")

    def _check_request(self, params: dict[str, str]) -> str | None:
        client = self.provider.clients.get(params.get("client_id", ""))
        if client is None:
            return "unknown client_id"
        if params.get("redirect_uri") not in client["redirect_uris"]:
            return "redirect_uri is not registered"
        if params.get("response_type") != "code":
            return "only response_type=code"
        if "openid" not in params.get("scope", "").split():
            return "scope must include openid"
        return None

    def _authorize_form(self, params: dict[str, str], *, error: str) -> None:
        problem = self._check_request(params)
        if problem:
            self._send(400, problem, "text/plain")
            return
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(params[name])}">'
            for name in AUTHORIZE_PARAMS
            if name in params
        )
        message = f'<p role="alert">{html.escape(error)}</p>' if error else ""
        self._send(200 if not error else 401, LOGIN_PAGE.format(error=message, hidden=hidden), "text/html")

    def _authorize_submit(self, form: dict[str, str]) -> None:
        problem = self._check_request(form)
        if problem:
            self._send(400, problem, "text/plain")
            return
        user = self.provider.users.get(form.get("username", ""))
        if user is None or not secrets.compare_digest(user["password"], form.get("password", "")):
            self._authorize_form(form, error="Feil brukernavn eller passord")
            return
        code = secrets.token_urlsafe(24)
        with self.provider.lock:
            self.provider.codes[code] = {
                "username": form["username"],
                "client_id": form["client_id"],
                "redirect_uri": form["redirect_uri"],
                "nonce": form.get("nonce"),
                "code_challenge": form.get("code_challenge"),
                "code_challenge_method": form.get("code_challenge_method"),
                "expires": time.time() + CODE_SECONDS,
            }
        query = {"code": code, **({"state": form["state"]} if "state" in form else {})}
        self._redirect(f"{form['redirect_uri']}?{urlencode(query)}")

    def _client_credentials(self, form: dict[str, str]) -> tuple[str, str]:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            return client_id, secret
        return form.get("client_id", ""), form.get("client_secret", "")

    def _token(self, form: dict[str, str]) -> None:
        client_id, secret = self._client_credentials(form)
        client = self.provider.clients.get(client_id)
        if client is None or not secrets.compare_digest(client["client_secret"], secret):
            self._json(401, {"error": "invalid_client"})
            return
        if form.get("grant_type") != "authorization_code":
            self._json(400, {"error": "unsupported_grant_type"})
            return
        with self.provider.lock:
            grant = self.provider.codes.pop(form.get("code", ""), None)  # single use
        if (
            grant is None
            or grant["expires"] < time.time()
            or grant["client_id"] != client_id
            or grant["redirect_uri"] != form.get("redirect_uri")
            or not _pkce_ok(grant["code_challenge"], grant["code_challenge_method"], form.get("code_verifier"))
        ):
            self._json(400, {"error": "invalid_grant"})
            return
        user = self.provider.users[grant["username"]]
        access_token = secrets.token_urlsafe(32)
        with self.provider.lock:
            self.provider.access_tokens[access_token] = grant["username"]
        id_token = self.provider.id_token(user=user, client_id=client_id, nonce=grant["nonce"])
        self._json(
            200,
            {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS, "id_token": id_token},
        )

    def _userinfo(self) -> None:
        auth = self.headers.get("Authorization", "")
        username = self.provider.access_tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if username is None:
            self._send(401, "", "text/plain", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
            return
        user = self.provider.users[username]
        self._json(200, {"sub": user["sub"], **user.get("userinfo", {})})

    def _logout(self, params: dict[str, str]) -> None:
        client = self.provider.clients.get(params.get("client_id", ""))
        target = params.get("post_logout_redirect_uri")
        try:
            jwt.decode(
                params.get("id_token_hint", ""),
                self.provider.key.public_key(),
                algorithms=["RS256"],
                audience=params.get("client_id"),
                options={"verify_exp": False},
            )
        except jwt.InvalidTokenError:
            self._send(400, "invalid id_token_hint", "text/plain")
            return
        if client is not None and target in client.get("post_logout_redirect_uris", []):
            self._redirect(target)
        else:
            self._send(200, "<!doctype html><title>Logget ut</title><p>Du er logget ut.</p>", "text/html")


def main(argv: list[str]) -> None:
    with open(argv[1], encoding="utf-8") as f:
        config = json.load(f)
    server = ThreadingHTTPServer(("127.0.0.1", int(config.get("port", 0))), BaseHTTPRequestHandler)
    issuer = f"http://127.0.0.1:{server.server_address[1]}"
    provider = Provider(
        issuer=issuer,
        clients={c["client_id"]: c for c in config["clients"]},
        users={u["username"]: u for u in config["users"]},
    )
    server.RequestHandlerClass = type("BoundHandler", (Handler,), {"provider": provider})
    server.daemon_threads = True
    print(issuer, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
