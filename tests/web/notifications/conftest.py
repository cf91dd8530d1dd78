"""A real SMTP server (aiosmtpd) in the test process, and Django's SMTP backend pointed at it.

Event mails are queued and sent by the worker (notifications.mail.mails_send_queued): reading the
inbox first runs what the queue holds, as `tertial worker` would; `Inbox.arrived` reads it without."""

import email
import logging
import socket
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

import pytest

from tests.queue import run_queued_tasks


@dataclass
class Received:
    """One mail as it arrived at the SMTP server."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    def header(self, name: str) -> str:
        """A header unfolded (Django folds a long one after the colon: «Subject:\\n =?utf-8?q?…»)."""
        return " ".join(str(self.message[name] or "").split())

    @property
    def subject(self) -> str:
        return self.header("Subject")

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None and body.get_content_subtype() == subtype, f"no text/{subtype} part"
        return str(body.get_content())

    @property
    def text(self) -> str:
        return self.part("plain")

    @property
    def html(self) -> str:
        return self.part("html")


class Inbox:
    """The SMTP server's handler: what has arrived (aiosmtpd calls it from its own thread)."""

    def __init__(self) -> None:
        self.arrived: list[Received] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # by name, too
        if address.endswith("@refused.invalid"):  # a mailbox the server refuses for good
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this hook by name
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.arrived.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class Mailbox:
    """What the tests read: the mails that have arrived once the worker has sent what the queue
    holds now (`arrived`: without running the queue)."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    @property
    def arrived(self) -> list[Received]:
        return self._inbox.arrived

    @property
    def mails(self) -> list[Received]:
        run_queued_tasks()
        return self._inbox.arrived

    def to(self, address: str) -> list[Received]:
        return [m for m in self.mails if address in m.recipients]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def _smtp_server():
    from aiosmtpd.controller import Controller

    # aiosmtpd logs each session at INFO from its own thread, also after pytest has closed the stream of
    # a finished test ("--- Logging error ---" in the output): only its warnings are of interest here.
    log = logging.getLogger("mail.log")
    level = log.level
    log.setLevel(logging.WARNING)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()
    log.setLevel(level)


@pytest.fixture
def smtp(_smtp_server, settings):
    """The inbox of a real SMTP server on a free port; Django's SMTP backend sends to it."""
    controller, inbox = _smtp_server
    inbox.arrived.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "tertial@kommune.example"
    settings.TERTIAL_BASE_URL = "https://tertial.kommune.example"
    settings.TERTIAL_REMINDER_DAYS_BEFORE = 3
    settings.TERTIAL_REMINDER_SECTOR_DAYS_AFTER = 1
    return Mailbox(inbox)
