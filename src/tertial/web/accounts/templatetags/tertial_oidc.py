"""`{% oidc_login_button next %}`: the "Logg inn med …" button on the login page, only when OpenID Connect is on."""

from typing import Any

from django import template
from django.conf import settings

from tertial.web.accounts.oidc import login_url, oidc_enabled

register = template.Library()


@register.inclusion_tag("accounts/oidc_login_button.html")
def oidc_login_button(next_url: str = "") -> dict[str, Any]:
    if not oidc_enabled():
        return {"enabled": False}
    return {
        "enabled": True,
        "action": login_url(),
        "next": next_url,
        "provider": getattr(settings, "TERTIAL_OIDC_PROVIDER_NAME", ""),
    }
