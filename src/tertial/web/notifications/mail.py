"""The one place e-mails are made and sent (docs/notifications.md).

Every mail has a plain-text and an HTML part rendered from `notifications/mail/<template>.txt|.html`
in the recipient's language, absolute links (TERTIAL_BASE_URL), and a one-click unsubscribe link in
its text and in the List-Unsubscribe header (RFC 2369; RFC 8058's List-Unsubscribe-Post, so a mail
program can unsubscribe with one click without opening the page).

Mail goes through Django's configured backend: SMTP in production, a file in the demo
(settings.py, «E-post»). Event mails (a forecast returned or approved, a round locked or published,
a followed case changed, a follow confirmation) are queued when the change commits and sent by the
worker (`mails_send_queued`), so the click that caused them never waits for the mail server, and a
mail server that is down is tried again (MAIL_RETRY_MINUTES). Reminders are sent by the worker's
scheduler and a manual reminder in the request, both inside the transaction that logs them.
"""

import logging
import smtplib
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

UNSUBSCRIBE_SALT = "tertial.notifications.unsubscribe"
FOLLOW_CONFIRM_SALT = "tertial.notifications.follow-confirm"
FOLLOW_STOP_SALT = "tertial.notifications.follow-stop"
FOLLOW_CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week
# A queued mail that could not be sent is tried again after these many minutes, then given up (logged).
MAIL_RETRY_MINUTES = (1, 5, 30, 120, 720)

log = logging.getLogger(__name__)


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


def message_data(message: EmailMultiAlternatives) -> dict[str, Any]:
    """A built mail as JSON-able data, for the job queue (`message_from_data` builds it again)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in message.alternatives],
    }


def message_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"], body=data["body"], from_email=data["from"], to=data["to"], headers=data["headers"]
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def messages_enqueue(messages: Sequence[EmailMultiAlternatives]) -> None:
    """Queue `messages` for the worker (call it once the change that caused them has committed)."""
    if messages:
        mails_send_queued.enqueue([message_data(m) for m in messages])


@task()
def mails_send_queued(messages: list[dict[str, Any]], attempt: int = 1) -> int:
    """Send queued mails over one connection, one by one. A mail whose recipient the server refuses
    for good is logged and skipped; when the server itself fails, the mails not yet sent are queued
    again after MAIL_RETRY_MINUTES[attempt − 1] minutes (the ones sent are not sent twice), and after
    the last attempt the failure is raised (the job fails and the log names the addresses lost).
    Returns how many were sent now."""
    sent = done = 0
    try:
        with get_connection() as connection:
            for data in messages:
                try:
                    connection.send_messages([message_from_data(data)])
                    sent += 1
                except smtplib.SMTPRecipientsRefused as refused:
                    log.error("the mail server refused %s for good (%s); that mail is not sent", _to([data]), refused)
                done += 1
    except Exception as exc:
        rest = messages[done:]
        if attempt > len(MAIL_RETRY_MINUTES):
            log.error("gave up sending %d mail(s) to %s after %d attempts", len(rest), _to(rest), attempt)
            raise
        minutes = MAIL_RETRY_MINUTES[attempt - 1]
        log.warning("could not send %d mail(s) (%s); trying again in %d min", len(rest), exc, minutes)
        run_after = timezone.now() + timedelta(minutes=minutes)
        mails_send_queued.using(run_after=run_after).enqueue(rest, attempt + 1)
    return sent


def _to(messages: list[dict[str, Any]]) -> str:
    return ", ".join(a for d in messages for a in d["to"])
