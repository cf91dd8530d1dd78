"""OpenID Connect login (Microsoft Entra ID, ID-porten, any certified provider) on mozilla-django-oidc.

Switched on by the TERTIAL_OIDC_* environment variables (accounts/oidc_config.py, docs/deploy.md);
password login stays available beside it for local administrators.

Who is who: a person is the Django user named ``oidc:<value of TERTIAL_OIDC_USER_CLAIM>`` (default
claim ``email``; Entra ID: ``oid`` or ``preferred_username``; ID-porten: ``pid``). Users are never
matched on e-mail alone, so a local account with the same address is not taken over, and a changed
e-mail address does not make a new person when the claim is a stable id. A new user gets no role:
roles are granted in Tertial (accounts/roles.py), or, for the roles in TERTIAL_OIDC_ROLE_CLAIMS,
follow the provider's ``roles``/``groups`` claim at every login. Unit and sector leadership are
always Tertial grants.

mozilla-django-oidc checks the id_token's signature (JWKS) and nonce; the backend here also checks
issuer, audience, authorised party and expiry, which the library leaves to the application.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import URLPattern, include, path, reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from tertial.web.audit.services import audit_record

from .roles import Role

log = logging.getLogger(__name__)

USERNAME_PREFIX = "oidc:"
USERNAME_MAX = 150  # django.contrib.auth User.username
CASE_INSENSITIVE_CLAIMS = frozenset({"email", "preferred_username", "upn"})
ROLE_CLAIM_NAMES = ("roles", "groups")
CLOCK_SKEW_SECONDS = 60

LOGIN_FAILED = _("Innloggingen hos identitetsleverandøren mislyktes. Prøv igjen, eller kontakt økonomiavdelingen.")


def oidc_enabled() -> bool:
    return bool(getattr(settings, "TERTIAL_OIDC_ENABLED", False))


def username_for(claims: dict[str, Any]) -> str:
    """The Tertial username of the person these claims describe; SuspiciousOperation if they do not name one."""
    claim = settings.TERTIAL_OIDC_USER_CLAIM
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        raise SuspiciousOperation(f"The identity provider sent no {claim!r} claim.")
    value = value.strip()
    if claim in CASE_INSENSITIVE_CLAIMS:
        value = value.lower()
    username = USERNAME_PREFIX + value
    if len(username) > USERNAME_MAX:
        raise SuspiciousOperation(f"The {claim!r} claim is longer than a username can be.")
    return username


def claimed_role_values(claims: dict[str, Any]) -> set[str]:
    values: set[str] = set()
    for name in ROLE_CLAIM_NAMES:
        claim = claims.get(name)
        if isinstance(claim, str):
            values.add(claim)
        elif isinstance(claim, list):
            values.update(v for v in claim if isinstance(v, str))
    return values


class TertialOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates the authorisation-code callback; does nothing for username/password logins."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or "nonce" not in kwargs or "password" in kwargs:
            return None  # not the callback (a username/password login, say): not ours
        user = super().authenticate(request, **kwargs)
        if user is None:
            # Raised rather than returned, so that Django sends no user_login_failed: the login
            # throttling counts wrong passwords per username and address, and a refused callback
            # (no username, everyone behind the town hall's one address) must not lock others out.
            raise SuspiciousOperation("The provider's answer did not name a Tertial user.")
        return user

    # --- the id_token -----------------------------------------------------------------------------
    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(
                f"The id_token is signed with {header.get('alg')!r}, not {self.OIDC_RP_SIGN_ALGO}."
            )
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.TERTIAL_OIDC_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"The id_token was refused: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The id_token has several audiences and another authorised party.")
        return claims

    # --- the claims: the verified id_token, completed by the userinfo endpoint --------------------
    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo endpoint describes another subject than the id_token.")
            claims = {**userinfo, **payload}
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        username_for(claims)  # raises when the identifying claim is missing
        return True

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"{settings.TERTIAL_OIDC_USER_CLAIM} {claims.get(settings.TERTIAL_OIDC_USER_CLAIM)}"

    # --- the user -----------------------------------------------------------------------------------
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(username=username_for(claims))

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        user = self.UserModel(username=username_for(claims))
        self._copy_profile(user, claims)
        user.set_unusable_password()
        user.save()
        audit_record(actor=f"OpenID Connect ({settings.TERTIAL_OIDC_ISSUER})", action="create", obj=user)
        self._sync_roles(user, claims)
        return user

    @transaction.atomic
    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        before = (user.first_name, user.last_name, user.email)
        self._copy_profile(user, claims)
        if (user.first_name, user.last_name, user.email) != before:
            user.save(update_fields=["first_name", "last_name", "email"])
        self._sync_roles(user, claims)
        return user

    @staticmethod
    def _copy_profile(user: Any, claims: dict[str, Any]) -> None:
        fields = {"first_name": "given_name", "last_name": "family_name", "email": "email"}
        for field, claim in fields.items():
            value = claims.get(claim)
            if isinstance(value, str) and value:
                max_length = user._meta.get_field(field).max_length
                setattr(user, field, value[:max_length])

    @staticmethod
    def _sync_roles(user: Any, claims: dict[str, Any]) -> None:
        """The roles named in TERTIAL_OIDC_ROLE_CLAIMS follow the provider: granted when claimed, taken
        away when no longer claimed. Every other role is left as Tertial granted it."""
        mapping: dict[str, str] = settings.TERTIAL_OIDC_ROLE_CLAIMS
        if not mapping:
            return
        managed = {Role(name) for name in mapping.values()}
        wanted = {Role(mapping[v]) for v in claimed_role_values(claims) if v in mapping}
        held = {Role(name) for name in user.groups.values_list("name", flat=True) if name in {r.value for r in Role}}
        for role in sorted(wanted - held):
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        for role in sorted((managed - wanted) & held):
            user.groups.remove(Group.objects.get(name=role.value))
        if wanted != held & managed:
            change = {"roller": [sorted(r.value for r in held & managed), sorted(r.value for r in wanted)]}
            audit_record(actor="OpenID Connect", action="update", obj=user, changes=change)


class CallbackView(OIDCAuthenticationCallbackView):
    """The redirect back from the provider. A refused token or an unreachable provider ends on the
    login page with a message (and a warning in the log), never on an error page."""

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self) -> HttpResponse:
        messages.error(self.request, LOGIN_FAILED)
        return super().login_failure()

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            log.warning("OpenID Connect login refused: %s", exc)
        except requests.RequestException as exc:
            log.error("OpenID Connect provider could not be reached: %s", exc)
        return self.login_failure()


class LogoutView(auth_views.LogoutView):
    """Django's logout; a user who came through OpenID Connect is then sent to the provider's
    end_session_endpoint, so that the single sign-on session ends too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        end_session = getattr(settings, "TERTIAL_OIDC_END_SESSION_ENDPOINT", "")
        if not (id_token and end_session and oidc_enabled()):
            return response
        params = {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
        }
        return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")


def urlpatterns() -> list[URLPattern | Any]:
    """The /oidc/ routes when OpenID Connect is configured, else none (urls.py)."""
    if not oidc_enabled():
        return []
    routes = [
        path("callback/", CallbackView.as_view(), name="oidc_authentication_callback"),
        path("authenticate/", OIDCAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    ]
    return [path("oidc/", include(routes))]


def login_url() -> str:
    return reverse("oidc_authentication_init")
