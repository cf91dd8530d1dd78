"""The one place e-mails are made and sent (docs/notifications.md).

Every mail has a plain-text and an HTML part rendered from `notifications/mail/<template>.txt|.html`
in the recipient's language, absolute links (TERTIAL_BASE_URL), and a one-click unsubscribe link in
its text and in the List-Unsubscribe header (RFC 2369; RFC 8058's List-Unsubscribe-Post, so a mail
program can unsubscribe with one click without opening the page).

Mail goes through Django's configured backend: SMTP in production, a file in the demo
(settings.py, «E-post»).
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

UNSUBSCRIBE_SALT = "tertial.notifications.unsubscribe"
FOLLOW_CONFIRM_SALT = "tertial.notifications.follow-confirm"
FOLLOW_STOP_SALT = "tertial.notifications.follow-stop"
FOLLOW_CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week


def base_url() -> str:
    return str(settings.TERTIAL_BASE_URL).rstrip("/")


def absolute(path: str) -> str:
    """`path` ("/runder/mine/") as an absolute link for a mail."""
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + "/" + path.lstrip("/")


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id, kind=kind)]))


def follow_confirm_url(*, follow_id: int, email: str) -> str:
    token = signing.dumps({"f": follow_id, "e": email}, salt=FOLLOW_CONFIRM_SALT, compress=True)
    return absolute(reverse("notifications:follow-confirm", args=[token]))


def follow_stop_url(*, follow_id: int, email: str) -> str:
    token = signing.dumps({"f": follow_id, "e": email}, salt=FOLLOW_STOP_SALT, compress=True)
    return absolute(reverse("notifications:follow-stop", args=[token]))


def message_build(
    *,
    to: str,
    subject: Callable[[], str] | str,
    template: str,
    context: dict[str, Any],
    language: str,
    unsubscribe: str | None,
) -> EmailMultiAlternatives:
    """One mail to one address in `language`; `subject` is called inside that language (a lazy or
    formatted translation). `unsubscribe` is the one-click link (None for a confirmation mail, which
    is sent once and asks for nothing)."""
    with translation.override(language):
        ctx = {
            **context,
            "base_url": base_url(),
            "unsubscribe_url": unsubscribe,
            "language": language,
            "municipality_name": context.get("municipality_name", ""),
        }
        title = str(subject() if callable(subject) else subject)
        ctx["subject"] = title
        text = render_to_string(f"notifications/mail/{template}.txt", ctx)
        html = render_to_string(f"notifications/mail/{template}.html", ctx)
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(title.split()), body=text, from_email=None, to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def messages_send(messages: Sequence[EmailMultiAlternatives]) -> int:
    """Send over one connection; returns how many were sent. Errors propagate (the caller decides:
    a reminder's transaction is rolled back and tried again on the next run)."""
    if not messages:
        return 0
    return int(get_connection().send_messages(list(messages)) or 0)
