"""Reminders, notifications and following a case, asserted on the mails that arrive at a real SMTP
server (aiosmtpd, tests/web/notifications/conftest.py): recipients, subject, the plain-text and HTML
parts, absolute links, one-click unsubscribe; nothing to a user who turned the kind off; nothing twice."""

import re
import socket
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tertial.core.reminders import ReminderRule
from tertial.core.rounds import TaskState
from tertial.web.decisions.models import Case, DecisionPoint
from tertial.web.decisions.services import log_entry_add, point_save, point_values
from tertial.web.notifications import mail as outgoing
from tertial.web.notifications.kinds import Kind
from tertial.web.notifications.models import (
    Follow,
    FollowRequest,
    Notification,
    OverdueNotice,
    Preference,
    ReminderLog,
)
from tertial.web.notifications.services import (
    FollowLimited,
    follow_request,
    overdue_points_notify,
    reminders_send_due,
)
from tertial.web.rounds.models import Task
from tertial.web.rounds.services import (
    round_deadline_set,
    round_lock,
    round_open,
    round_publish,
    submission_approve,
)

BASE = "https://tertial.kommune.example"
OSLO = ZoneInfo("Europe/Oslo")
YEAR, MONTH = 2024, 3


def at(month: int, day: int, hour: int = 7, year: int = 2024) -> datetime:
    return datetime(year, month, day, hour, tzinfo=OSLO)


def _round():
    return round_open(year=YEAR, month=MONTH, deadline=date(2024, 4, 10), title="pr. 31.03.2024", actor="test")


@pytest.fixture
def closed_port():
    """A port on which nothing listens (bound, never listening: a connection is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def _unsubscribe_link(mail) -> str:
    link = mail.header("List-Unsubscribe").strip("<>")
    assert mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert link.startswith(BASE + "/") and link in mail.text and f'href="{link}"' in mail.html
    return link.removeprefix(BASE)


def test_a_scheduled_reminder_fires_once_per_deadline_rule_with_a_frozen_clock(
    smtp, levanger, leader_235, leader_137, sector_leader
):
    rnd = _round()
    Task.objects.filter(round=rnd, unit__code="137").update(state=TaskState.SUBMITTED)

    assert reminders_send_due(now=at(4, 6)) == 0  # four days before: not yet
    assert reminders_send_due(now=at(4, 7)) == 1  # three days before: the unit leader who has not submitted
    (before,) = smtp.mails
    assert before.recipients == ["leder235@example.invalid"] and before.sender == "tertial@kommune.example"
    assert before.subject == "Påminnelse: prognose og kommentar pr. 31.03.2024, frist 10.04.2024"
    assert "- 235 Nesheim skole" in before.text and "<li>235 Nesheim skole</li>" in before.html
    assert f"{BASE}/runder/mine/" in before.text and f'href="{BASE}/runder/mine/"' in before.html
    _unsubscribe_link(before)

    # The same hour again, later that day, the next days, as a restarted worker would (all its state is
    # in the database): nothing more until the deadline.
    for now in (at(4, 7), at(4, 7, 18), at(4, 8), at(4, 9, 23)):
        assert reminders_send_due(now=now) == 0
    assert reminders_send_due(now=at(4, 10)) == 1  # on the deadline
    assert reminders_send_due(now=at(4, 10, 16)) == 0
    assert reminders_send_due(now=at(4, 11)) == 1  # a day after: the sector leader
    assert reminders_send_due(now=at(4, 12)) == 0
    assert [m.recipients for m in smtp.mails] == [
        ["leder235@example.invalid"],
        ["leder235@example.invalid"],
        ["kommunalsjef@example.invalid"],
    ]
    after = smtp.mails[-1]
    assert after.subject == "Fristen for pr. 31.03.2024 er passert: enheter har ikke sendt inn"
    assert "- 235 Nesheim skole" in after.text and "137 Barnehage felles" not in after.text
    assert f"{BASE}/runder/2024/3/" in after.text

    logged = ReminderLog.objects.filter(round=rnd, unit__code="235")
    assert sorted(logged.values_list("rule", flat=True)) == sorted(
        [ReminderRule.BEFORE, ReminderRule.ON_DEADLINE, ReminderRule.AFTER]
    )
    assert logged.get(rule=ReminderRule.AFTER).recipient_list == ["kommunalsjef@example.invalid"]
    assert not ReminderLog.objects.filter(round=rnd, unit__code="137").exists()  # submitted: never reminded

    # A later deadline is a new deadline: reminded once before it again.
    round_deadline_set(rnd=rnd, deadline=date(2024, 4, 20), actor="test")
    assert reminders_send_due(now=at(4, 17)) == 1
    assert reminders_send_due(now=at(4, 18)) == 0
    assert len(smtp.mails) == 4


def test_the_manual_reminder_uses_the_same_mail_and_the_round_page_shows_who_was_reminded(
    smtp, levanger, leader_235, finance_officer, client
):
    _round()
    client.force_login(finance_officer)
    response = client.post(reverse("rounds:round-remind", args=[YEAR, MONTH]), follow=True)
    assert "Påminnelse sendt til 1 enhetsledere." in response.content.decode()
    (mail,) = smtp.mails
    assert mail.recipients == ["leder235@example.invalid"]
    assert "<li>235 Nesheim skole</li>" in mail.html and f"{BASE}/runder/mine/" in mail.text
    html = response.content.decode()
    row = re.search(r'<tr><th scope="row">235 Nesheim skole</th>.*?</tr>', html, re.S)
    assert row and "sendt av økonomi (okonomi)" in row.group(0) and "leder235@example.invalid" in row.group(0)
    assert 'name="deadline"' in html and 'value="2024-04-10"' in html


def test_a_returned_forecast_mails_the_remark_and_rings_the_bell_until_read(
    smtp, levanger, leader_235, finance_officer, client, django_capture_on_commit_callbacks
):
    rnd = _round()
    Task.objects.filter(round=rnd, unit__code="235").update(state=TaskState.SUBMITTED)
    client.force_login(finance_officer)
    remark = "Årsaken til merforbruket på 0,7 mill. kr mangler."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rounds:submission-return", args=[YEAR, MONTH, "235"]), {"remark": remark})
    (mail,) = smtp.mails
    assert mail.recipients == ["leder235@example.invalid"]
    assert mail.subject == "Prognosen for 235 Nesheim skole er returnert (pr. 31.03.2024)"
    assert remark in mail.text and remark in mail.html
    assert f"{BASE}/runder/2024/3/enheter/235/" in mail.text

    client.force_login(leader_235)
    page = client.get(reverse("rounds:my-tasks")).content.decode()
    assert re.search(r'class="bell-count">1<', page)
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Prognosen for 235 Nesheim skole er returnert" in listing and remark in listing
    assert 'href="/runder/2024/3/enheter/235/"' in listing
    client.post(reverse("notifications:mark-read"))
    assert "bell-count" not in client.get(reverse("rounds:my-tasks")).content.decode()
    assert Notification.objects.get(user=leader_235).read_at is not None


def test_event_mails_wait_in_the_queue_for_the_worker_and_a_mail_server_that_is_down_is_tried_again(
    smtp, levanger, leader_235, finance_officer, client, settings, closed_port, django_capture_on_commit_callbacks
):
    rnd = _round()
    Task.objects.filter(round=rnd, unit__code="235").update(state=TaskState.SUBMITTED)
    client.force_login(finance_officer)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = closed_port  # the mail server is down
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rounds:submission-return", args=[YEAR, MONTH, "235"]), {"remark": "Mangler."})
    assert response.status_code == 302  # the click succeeds without the mail server …
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "tertial.web.notifications.mail.mails_send_queued" and smtp.arrived == []

    assert smtp.mails == []  # the worker tries, fails and queues the mail again in a minute
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][1] == 2
    assert timedelta(seconds=50) < retry.run_after - DBTaskResult.objects.get(pk=queued.pk).finished_at
    assert smtp.mails == []  # not before its time

    settings.EMAIL_PORT = port  # the server is back and the minute has passed
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    (mail,) = smtp.mails
    assert mail.recipients == ["leder235@example.invalid"] and "Mangler." in mail.text
    assert len(smtp.mails) == 1  # sent once


def test_a_recipient_the_mail_server_refuses_for_good_is_skipped_and_the_others_are_sent(smtp, db):
    messages = [
        outgoing.message_data(EmailMultiAlternatives(subject=f"Melding {n}", body="Tekst.", to=[address]))
        for n, address in enumerate(["borte@refused.invalid", "leder235@example.invalid"])
    ]
    assert outgoing.mails_send_queued.call(messages) == 1
    assert [(m.subject, m.recipients) for m in smtp.arrived] == [("Melding 1", ["leder235@example.invalid"])]
    assert not DBTaskResult.objects.exists()  # nothing queued again: a refused mailbox stays refused


def test_no_mail_of_a_kind_the_user_turned_off_and_one_click_unsubscribe_turns_a_kind_off(
    smtp, levanger, leader_235, finance_officer, client, django_capture_on_commit_callbacks
):
    rnd = _round()
    client.force_login(leader_235)
    boxes = {f"{channel}_{kind}": "on" for kind in Kind.values for channel in ("email", "app")}
    del boxes["email_forecast_returned"]  # e-mail about a returned forecast: off
    client.post(reverse("notifications:settings"), {**boxes, "language": "nb"})
    assert Preference.objects.get(user=leader_235).email_off == ["forecast_returned"]

    Task.objects.filter(round=rnd, unit__code="235").update(state=TaskState.SUBMITTED)
    client.force_login(finance_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rounds:submission-return", args=[YEAR, MONTH, "235"]), {"remark": "Mangler årsak."})
    assert smtp.mails == []  # turned off by e-mail …
    assert Notification.objects.filter(user=leader_235, kind="forecast_returned").count() == 1  # … not in the app

    Task.objects.filter(round=rnd, unit__code="235").update(state=TaskState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(task=Task.objects.get(round=rnd, unit__code="235"), actor=finance_officer)
    (approved,) = smtp.mails
    assert approved.subject == "Prognosen for 235 Nesheim skole er godkjent (pr. 31.03.2024)"
    client.logout()
    page = client.get(_unsubscribe_link(approved))  # one click, no login
    assert page.status_code == 200 and "får ikke lenger e-post om" in page.content.decode()
    assert set(Preference.objects.get(user=leader_235).email_off) == {"forecast_returned", "forecast_approved"}
    assert client.get("/varsler/avmeld/forfalsket:lenke/").status_code == 400


def test_following_a_case_confirms_by_a_signed_link_mails_changes_and_stops_in_one_click(
    smtp, levanger, finance_officer, client, django_capture_on_commit_callbacks
):
    case = Case.objects.get(reference="PS 88/19")
    point = case.points.order_by("number").first()
    html = client.get(reverse("decisions:case", args=[case.pk])).content.decode()
    assert f'action="{reverse("notifications:follow", args=[case.pk])}"' in html and 'type="email"' in html

    address = "innbygger@example.invalid"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:follow", args=[case.pk]), {"email": address})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # asked again at once: no second mail
        client.post(reverse("notifications:follow", args=[case.pk]), {"email": address})
    (confirm,) = smtp.mails
    assert confirm.recipients == [address] and confirm.subject == "Bekreft at du vil følge PS 88/19"
    link = re.search(rf"{BASE}(/varsler/folg/bekreft/\S+/)", confirm.text).group(1)
    assert f'href="{BASE}{link}"' in confirm.html

    with django_capture_on_commit_callbacks(execute=True):  # unconfirmed: no mail yet
        log_entry_add(point=point, text="Saken er sendt på høring.", actor=finance_officer)
    assert len(smtp.mails) == 1
    assert "Du følger saken" in client.get(link).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        log_entry_add(point=point, text="Høringsfristen er 1. mai.", actor=finance_officer)
        before = point_values(point)
        point.status = "gjennomført"
        point_save(point=point, actor=finance_officer, before=before)
    logged, status = smtp.mails[1:]
    assert logged.recipients == status.recipients == [address]
    assert logged.subject == "Endring i PS 88/19"
    assert "Ny oppfølging er registrert." in logged.text and "Høringsfristen er 1. mai." in logged.html
    assert "Status endret fra" in status.text and "«Gjennomført»" in status.text
    assert f"{BASE}/vedtak/sak/{case.pk}/" in status.text

    stop = _unsubscribe_link(status)
    assert client.post(stop).status_code == 200  # RFC 8058: the mail program posts, without a CSRF token
    assert not Follow.objects.filter(case=case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        log_entry_add(point=point, text="Etter avmelding.", actor=finance_officer)
    assert len(smtp.mails) == 3
    assert client.get(link.replace("bekreft/", "bekreft/x")).status_code == 400


def test_one_client_can_have_the_follow_form_mail_only_so_many_addresses_an_hour(
    smtp, levanger, client, settings, django_capture_on_commit_callbacks
):
    settings.TERTIAL_FOLLOW_REQUESTS_PER_HOUR = 3
    case = Case.objects.get(reference="PS 88/19")
    url = reverse("notifications:follow", args=[case.pk])

    def ask(address, ip):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": address}, REMOTE_ADDR=ip)

    for n in range(3):
        assert ask(f"a{n}@example.invalid", "203.0.113.7").status_code == 302
    refused = ask("a3@example.invalid", "203.0.113.7")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Det er sendt for mange bekreftelser fra denne maskinen den siste timen" in html
    assert 'aria-invalid="true"' in html and 'value="a3@example.invalid"' in html  # the address is kept
    assert not Follow.objects.filter(email="a3@example.invalid").exists()  # and nothing is written
    assert ask("a3@example.invalid", "203.0.113.8").status_code == 302  # another client is not held up
    assert sorted(r for m in smtp.mails for r in m.recipients) == [f"a{n}@example.invalid" for n in range(4)]
    # the client's address is stored only as a keyed hash
    assert FollowRequest.objects.count() == 4
    assert not FollowRequest.objects.filter(client__contains="203.0.113").exists()

    later = datetime.now(OSLO) + timedelta(hours=1, seconds=1)  # an hour on, the first client may again
    with django_capture_on_commit_callbacks(execute=True):
        follow_request(case=case, email="a4@example.invalid", language="nb", now=later, client="203.0.113.7")
    assert FollowRequest.objects.count() == 1  # the hour-old rows are gone
    settings.TERTIAL_FOLLOW_REQUESTS_PER_HOUR = 1
    with pytest.raises(FollowLimited):
        follow_request(case=case, email="a5@example.invalid", language="nb", now=later, client="203.0.113.7")


def test_overdue_decision_points_are_told_once_to_the_finance_users(
    smtp, levanger, finance_officer, django_capture_on_commit_callbacks
):
    finance_officer.email = "okonomi@example.invalid"
    finance_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_points_notify(now=at(3, 20, year=2021)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_points_notify(now=at(3, 21, year=2021)) == 0
    (mail,) = smtp.mails
    assert mail.recipients == ["okonomi@example.invalid"]
    assert mail.subject == "2 vedtakspunkter har passert forventet avslutning"
    assert "PS 88/19 punkt" in mail.text and "Januar 20" in mail.text and "30.6.20" in mail.html
    assert f"{BASE}/vedtak/forfalt/" in mail.text
    assert OverdueNotice.objects.count() == 2
    assert DecisionPoint.objects.filter(pk__in=OverdueNotice.objects.values("point")).count() == 2


def test_a_user_who_chose_english_gets_the_mail_in_english(
    smtp, levanger, leader_235, finance_officer, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=leader_235, language="en")
    rnd = _round()
    Task.objects.filter(round=rnd, unit__code="235").update(state=TaskState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(task=Task.objects.get(round=rnd, unit__code="235"), actor=finance_officer)
    (mail,) = smtp.mails
    assert mail.subject == "The forecast for 235 Nesheim skole was approved (pr. 31.03.2024)"
    assert "The finance department has approved the forecast" in mail.text
    assert '<html lang="en">' in mail.html and "Unsubscribe with one click" in mail.html


def test_locking_and_publishing_a_round_tell_its_leaders_and_the_council_once_each(
    smtp, levanger, leader_235, sector_leader, council_member, finance_officer, django_capture_on_commit_callbacks
):
    council_member.email = "politiker@example.invalid"
    council_member.save()
    rnd = _round()
    with django_capture_on_commit_callbacks(execute=True):
        round_lock(rnd=rnd, actor=finance_officer)
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(rnd=rnd, actor=finance_officer)
        round_publish(rnd=rnd, actor=finance_officer)  # published already: nobody is told twice
    received = sorted((m.subject, *m.recipients) for m in smtp.mails)
    assert received == [
        ("Rapporteringsrunden pr. 31.03.2024 er låst", "kommunalsjef@example.invalid"),
        ("Rapporteringsrunden pr. 31.03.2024 er låst", "leder235@example.invalid"),
        ("Rapporteringsrunden pr. 31.03.2024 er publisert", "kommunalsjef@example.invalid"),
        ("Rapporteringsrunden pr. 31.03.2024 er publisert", "leder235@example.invalid"),
        ("Rapporteringsrunden pr. 31.03.2024 er publisert", "politiker@example.invalid"),
    ]
    published = next(m for m in smtp.mails if "politiker@example.invalid" in m.recipients)
    assert f"{BASE}/runder/2024/3/" in published.text and f'href="{BASE}/runder/2024/3/"' in published.html
