"""Writes of the notifications app: notify users (in the app and by e-mail, each as they chose), the
reporting round's reminders, overdue decision points, and following a political case by e-mail.

The periodic work (`reminders_send_due`, `overdue_points_notify`) is plain, idempotent functions of
`now`: the worker's scheduler calls them through the tasks in tasks.py, the tests with a frozen clock.
The rounds and decisions tables are read by model label (see models.py): both apps sit above this one.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tertial.core.reminders import ReminderRule, reminder_rules_due
from tertial.core.rounds import RoundState, TaskState
from tertial.renderers import numbers as nb
from tertial.web.accounts.models import SectorLeadership, UnitLeadership
from tertial.web.accounts.roles import Role
from tertial.web.audit.services import Actor, audit_record

from . import mail
from .kinds import Channel, Kind
from .models import Follow, FollowRequest, Notification, OverdueNotice, Preference, ReminderLog
from .selectors import unread_key

log = logging.getLogger(__name__)

NOT_SUBMITTED = (TaskState.NOT_STARTED, TaskState.DRAFT, TaskState.RETURNED)
FOLLOW_LINK_INVALID = "Lenken er ugyldig eller utløpt."


def _actor_name(actor: Actor) -> str:
    return actor.get_username() if isinstance(actor, AbstractBaseUser) else str(actor or "system")


# --- Users' choices ----------------------------------------------------------------------------------


def _preferences(users: Iterable[Any]) -> dict[int, Preference]:
    return {p.user_id: p for p in Preference.objects.filter(user__in=[u.pk for u in users])}


def preference_get(user: Any) -> Preference:
    """The user's choices (the defaults, unsaved, when the user has made none)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def preference_save(
    *, user: Any, email_off: Sequence[str], app_off: Sequence[str], language: str, actor: Actor = None
) -> Preference:
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user=user).first() or Preference(user=user)
        before = {"email_off": list(pref.email_off), "app_off": list(pref.app_off), "language": pref.language}
        pref.email_off = sorted(k for k in email_off if k in Kind.values)
        pref.app_off = sorted(k for k in app_off if k in Kind.values)
        pref.language = language if language in dict(settings.LANGUAGES) else "nb"
        pref.save()
        after = {"email_off": pref.email_off, "app_off": pref.app_off, "language": pref.language}
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            audit_record(actor=actor or user, action="updated", obj=pref, changes=changes)
    return pref


def _wants(pref: Preference | None, kind: str, channel: Channel) -> bool:
    if pref is None:
        return True
    off = pref.email_off if channel == Channel.EMAIL else pref.app_off
    return kind not in off


def unread_forget(user_ids: Iterable[int]) -> None:
    """Drop the bell's cached counts of these users (now and again when the transaction commits)."""
    keys = [unread_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


# --- Notify ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What a notification came to: the addresses mailed and the users shown it in the app."""

    emails: list[str]
    app_users: list[int]
    messages: list[EmailMultiAlternatives]


def _send_after_commit(messages: list[EmailMultiAlternatives]) -> None:
    """Event mails are queued once the change that caused them is committed (a rolled-back change
    mails nobody) and sent by the worker (mail.mails_send_queued): the user whose action succeeded
    never waits for the mail server, and one that is down is tried again. A queue that cannot be
    written is logged (robust), not shown to that user: the change stands."""
    if messages:
        transaction.on_commit(lambda: mail.messages_enqueue(messages), robust=True)  # a failure is logged


def notify(
    *,
    kind: Kind,
    users: Iterable[Any],
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any],
    path: str,
    summary: Callable[[], str] | None = None,
    now: datetime | None = None,
    send: str = "on_commit",
) -> Delivery:
    """Notify `users` of one event of `kind`: a row in the app (the bell) and an e-mail, each unless
    the user turned it off. `subject`/`summary` are called in each user's language. `send`:
    "on_commit" (events: after the caller's transaction commits), "now" (inside it; the reminders,
    whose log rows roll back with a failed send) or "none" (the caller sends `Delivery.messages`)."""
    now = now or timezone.now()
    people = {u.pk: u for u in users if u is not None and u.is_active}
    prefs = _preferences(people.values())
    rows, messages, emails = [], [], []
    for user in people.values():
        pref = prefs.get(user.pk)
        language = pref.language if pref else "nb"
        if _wants(pref, kind, Channel.APP):
            with translation.override(language):
                rows.append(
                    Notification(
                        user=user,
                        kind=kind,
                        title=str(subject())[:300],
                        text=str(summary()) if summary else "",
                        path=path,
                        created_at=now,
                    )
                )
        if user.email and _wants(pref, kind, Channel.EMAIL):
            messages.append(
                mail.message_build(
                    to=user.email,
                    subject=subject,
                    template=template,
                    context={**context, "link": mail.absolute(path), "user": user, "kind_label": Kind(kind).label},
                    language=language,
                    unsubscribe=mail.unsubscribe_url(user_id=user.pk, kind=kind),
                )
            )
            emails.append(user.email)
    Notification.objects.bulk_create(rows)
    unread_forget(r.user_id for r in rows)
    if send == "now":
        mail.messages_send(messages)
    elif send == "on_commit":
        _send_after_commit(messages)
    return Delivery(emails=emails, app_users=[r.user_id for r in rows], messages=messages)


def notifications_mark_read(*, user: Any, now: datetime | None = None) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    with transaction.atomic():
        n = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())
        unread_forget([user.pk])
    return n


def unsubscribe(*, token: str) -> tuple[Any, Kind]:
    """Turn off e-mail of one kind for the user the signed `token` names (a link in every mail).
    Raises signing.BadSignature for a forged or mangled token."""
    data = signing.loads(token, salt=mail.UNSUBSCRIBE_SALT)
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None or data.get("k") not in Kind.values:
        raise signing.BadSignature("unknown user or kind")
    kind = Kind(data["k"])
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user=user).first() or Preference(user=user)
        if kind not in pref.email_off:
            pref.email_off = sorted([*pref.email_off, kind.value])
            pref.save()
            audit_record(actor=user, action="unsubscribed", obj=pref, changes={"email_off": [None, kind.value]})
    return user, kind


# --- Recipients --------------------------------------------------------------------------------------


def _active_users() -> Any:
    return get_user_model().objects.filter(is_active=True)


def unit_leaders(codes: Iterable[str]) -> dict[str, list[Any]]:
    """unit code → the active users leading it."""
    out: dict[str, list[Any]] = {}
    for lead in UnitLeadership.objects.filter(unit_code__in=list(codes), user__is_active=True).select_related("user"):
        out.setdefault(lead.unit_code, []).append(lead.user)
    return out


def sector_leaders(codes: Iterable[str]) -> dict[str, list[Any]]:
    """sector code → the active users leading it (kommunalsjef)."""
    out: dict[str, list[Any]] = {}
    rows = SectorLeadership.objects.filter(sector_code__in=list(codes), user__is_active=True).select_related("user")
    for lead in rows:
        out.setdefault(lead.sector_code, []).append(lead.user)
    return out


def users_with_roles(*roles: Role) -> list[Any]:
    """Active users holding any of `roles` (a superuser holds every role)."""
    return list(_active_users().filter(Q(groups__name__in=[r.value for r in roles]) | Q(is_superuser=True)).distinct())


def decision_responsible_users() -> list[Any]:
    """Who is told of overdue decision points. A point's «ansvarlig» is free text (a name or a
    position, as the municipality writes it), not a user: the usernames in
    TERTIAL_DECISION_NOTIFY_USERS are told, or, when it is empty, every finance user and admin."""
    names = [n for n in settings.TERTIAL_DECISION_NOTIFY_USERS if n]
    if names:
        return list(_active_users().filter(username__in=names))
    return users_with_roles(Role.FINANCE, Role.ADMIN)


# --- The reporting round's events (called by the rounds services) --------------------------------------


def _round_label(rnd: Any) -> str:
    return str(rnd)


def forecast_returned_notify(*, rnd: Any, unit: Any, remark: str) -> Delivery:
    path = reverse("rounds:unit-detail", args=[rnd.budget_year.year, rnd.period, unit.code])
    users = unit_leaders([unit.code]).get(unit.code, [])
    return notify(
        kind=Kind.FORECAST_RETURNED,
        users=users,
        subject=lambda: _("Prognosen for %(unit)s er returnert (%(round)s)") % {"unit": unit, "round": rnd},
        summary=lambda: remark,
        template="forecast_returned",
        context={"round": _round_label(rnd), "unit": str(unit), "remark": remark},
        path=path,
    )


def forecast_approved_notify(*, rnd: Any, unit: Any) -> Delivery:
    path = reverse("rounds:unit-detail", args=[rnd.budget_year.year, rnd.period, unit.code])
    users = unit_leaders([unit.code]).get(unit.code, [])
    return notify(
        kind=Kind.FORECAST_APPROVED,
        users=users,
        subject=lambda: _("Prognosen for %(unit)s er godkjent (%(round)s)") % {"unit": unit, "round": rnd},
        template="forecast_approved",
        context={"round": _round_label(rnd), "unit": str(unit)},
        path=path,
    )


def _round_people(rnd: Any) -> list[Any]:
    """The leaders of the round's units and sectors."""
    Unit = apps.get_model("org", "Unit")
    units = list(Unit.objects.filter(budget_year_id=rnd.budget_year_id).values_list("code", "sector__code"))
    people = [u for us in unit_leaders([c for c, _s in units]).values() for u in us]
    people += [u for us in sector_leaders({s for _c, s in units}).values() for u in us]
    return people


def round_locked_notify(*, rnd: Any) -> Delivery:
    return notify(
        kind=Kind.ROUND_LOCKED,
        users=_round_people(rnd),
        subject=lambda: _("Rapporteringsrunden %(round)s er låst") % {"round": rnd},
        template="round_locked",
        context={"round": _round_label(rnd)},
        path=reverse("rounds:round-detail", args=[rnd.budget_year.year, rnd.period]),
    )


def round_published_notify(*, rnd: Any) -> Delivery:
    people = _round_people(rnd) + users_with_roles(Role.COUNCIL)
    return notify(
        kind=Kind.ROUND_PUBLISHED,
        users=people,
        subject=lambda: _("Rapporteringsrunden %(round)s er publisert") % {"round": rnd},
        template="round_published",
        context={"round": _round_label(rnd)},
        path=reverse("rounds:round-detail", args=[rnd.budget_year.year, rnd.period]),
    )


# --- Reminders -----------------------------------------------------------------------------------------


def _constant(text: str) -> Callable[[], str]:
    return lambda: text


def _reminder_subject(rnd: Any, deadline: str, rule: ReminderRule) -> Callable[[], str]:
    if rule == ReminderRule.AFTER:
        return lambda: _("Fristen for %(round)s er passert: enheter har ikke sendt inn") % {"round": rnd}
    # the wording of the manual reminder before this app (rounds.services.REMINDER_SUBJECT)
    return lambda: (
        _("Påminnelse: prognose og kommentar %(round)s, frist %(deadline)s")
        % {
            "round": rnd,
            "deadline": deadline,
        }
    )


def _waiting_tasks(rnd: Any) -> list[Any]:
    Task = apps.get_model("rounds", "Task")
    return list(
        Task.objects.filter(round=rnd, state__in=NOT_SUBMITTED).select_related("unit__sector").order_by("unit__code")
    )


def round_reminders_send(*, rnd: Any, rule: ReminderRule, now: datetime, actor: Actor = None) -> int:
    """Remind about the round's units that have not submitted, by `rule`; returns the e-mails sent.

    BEFORE, ON_DEADLINE and MANUAL go to the units' leaders (one mail per leader, listing their
    units), AFTER to the sector leaders. A scheduled rule skips the units it was already sent for at
    this deadline (ReminderLog, unique); the log rows and the mails are one transaction, so a send
    that fails rolls the log back and the next run tries again, and a second worker running at the
    same moment waits for the first one's rows and then skips them."""
    deadline = nb.date_nb(rnd.deadline)
    with transaction.atomic():
        tasks = _waiting_tasks(rnd)
        if rule != ReminderRule.MANUAL:
            done = set(
                ReminderLog.objects.filter(round=rnd, rule=rule, deadline=rnd.deadline).values_list(
                    "unit_id", flat=True
                )
            )
            tasks = [t for t in tasks if t.unit_id not in done]
        if not tasks:
            return 0
        if rule == ReminderRule.AFTER:
            by_code = sector_leaders({t.unit.sector.code for t in tasks})
            holders = {t.unit_id: by_code.get(t.unit.sector.code, []) for t in tasks}
            path = reverse("rounds:round-detail", args=[rnd.budget_year.year, rnd.period])
        else:
            by_code = unit_leaders({t.unit.code for t in tasks})
            holders = {t.unit_id: by_code.get(t.unit.code, []) for t in tasks}
            path = reverse("rounds:my-tasks")
        per_user: dict[int, tuple[Any, list[Any]]] = {}
        for t in tasks:
            for user in holders[t.unit_id]:
                per_user.setdefault(user.pk, (user, []))[1].append(t)
        sent_to: dict[int, list[str]] = {t.unit_id: [] for t in tasks}
        logs = []
        for t in tasks:
            row = ReminderLog(
                round=rnd, unit=t.unit, rule=rule, deadline=rnd.deadline, sent_at=now, sent_by=_actor_name(actor)
            )
            if rule != ReminderRule.MANUAL:
                try:
                    with transaction.atomic():
                        row.save()
                except IntegrityError:  # another worker sent it in the meantime
                    sent_to.pop(t.unit_id)
                    continue
            logs.append(row)
        messages = []
        for user, user_tasks in per_user.values():
            user_tasks = [t for t in user_tasks if t.unit_id in sent_to]
            if not user_tasks:
                continue
            units = [str(t.unit) for t in user_tasks]
            listed = ", ".join(units)
            delivery = notify(
                kind=Kind.ROUND_REMINDER,
                users=[user],
                subject=_reminder_subject(rnd, deadline, rule),
                summary=_constant(listed),
                template="reminder_after" if rule == ReminderRule.AFTER else "reminder",
                context={"round": str(rnd), "deadline": deadline, "units": units},
                path=path,
                now=now,
                send="none",
            )
            messages += delivery.messages
            if delivery.emails:
                for t in user_tasks:
                    sent_to[t.unit_id] += delivery.emails
        for row in logs:
            row.recipients = "\n".join(sorted(set(sent_to.get(row.unit_id, []))))
        if rule == ReminderRule.MANUAL:
            ReminderLog.objects.bulk_create(logs)
        else:
            ReminderLog.objects.bulk_update(logs, ["recipients"])
        sent = mail.messages_send(messages)
        audit_record(
            actor=actor,
            action="reminded",
            obj=rnd,
            changes={"rule": [None, rule.value], "units": [None, len(logs)], "recipients": [None, len(messages)]},
        )
    return sent


def reminders_send_due(*, now: datetime) -> int:
    """The scheduled reminders of every open round that are due at `now` (idempotent: run it every
    hour or twice in a minute, each (round, unit, rule, deadline) is reminded once). Returns the
    e-mails sent."""
    Round = apps.get_model("rounds", "Round")
    today = timezone.localdate(now)
    sent = 0
    for rnd in Round.objects.filter(state=RoundState.OPEN).select_related("budget_year"):
        rules = reminder_rules_due(
            deadline=rnd.deadline,
            today=today,
            days_before=settings.TERTIAL_REMINDER_DAYS_BEFORE,
            days_after=settings.TERTIAL_REMINDER_SECTOR_DAYS_AFTER,
        )
        for rule in rules:
            try:
                sent += round_reminders_send(rnd=rnd, rule=rule, now=now, actor="system")
            except Exception:
                log.exception("reminder %s for %s could not be sent; it is tried again on the next run", rule, rnd)
    return sent


# --- Decision points overdue -----------------------------------------------------------------------------


def overdue_points_notify(*, now: datetime) -> int:
    """Tell the responsible (decision_responsible_users) of the decision points that have become
    overdue since the last run: one notification listing them. Each (point, expected end) once.
    Returns the number of points newly reported."""
    DecisionPoint = apps.get_model("decisions", "DecisionPoint")
    today = timezone.localdate(now)
    with transaction.atomic():
        candidates = [
            p
            for p in DecisionPoint.objects.filter(expected_end__lt=today)
            .select_related("case")
            .order_by("case_id", "number")
            if p.is_overdue(today)
        ]
        known = set(
            OverdueNotice.objects.filter(point__in=[p.pk for p in candidates]).values_list("point_id", "expected_end")
        )
        new = [p for p in candidates if (p.pk, p.expected_end) not in known]
        if not new:
            return 0
        OverdueNotice.objects.bulk_create(
            [OverdueNotice(point=p, expected_end=p.expected_end, notified_at=now) for p in new]
        )
        points = [
            {
                "reference": p.case.reference,
                "number": p.number,
                "title": p.title or p.text[:120],
                "expected": p.expected_completion,
                "responsible": p.responsible,
                "link": mail.absolute(reverse("decisions:case", args=[p.case_id])),
            }
            for p in new
        ]
        n = len(new)
        notify(
            kind=Kind.POINT_OVERDUE,
            users=decision_responsible_users(),
            subject=lambda: _("%(n)s vedtakspunkter har passert forventet avslutning") % {"n": n},
            summary=lambda: ", ".join(f"{p['reference']} punkt {p['number']}" for p in points[:10]),
            template="points_overdue",
            context={"points": points},
            path=reverse("decisions:overdue"),
            now=now,
        )
    return n


# --- Following a political case ----------------------------------------------------------------------------

FOLLOW_RESEND_SECONDS = 3600  # one confirmation mail per address and case per hour, at most
FOLLOW_LIMITED = gettext_lazy(
    "Det er sendt for mange bekreftelser fra denne maskinen den siste timen. Prøv igjen om en time."
)


class FollowLimited(Exception):
    """The client has had the «Følg» form send its hourly number of confirmation mails."""


def follow_client_key(client: str) -> str:
    """A keyed hash of the client's address (SECRET_KEY): the limit counts it, nobody can read it."""
    return salted_hmac("tertial.notifications.follow-client", client, algorithm="sha256").hexdigest()


def follow_requests_prune(*, now: datetime) -> int:
    """Delete the counted «Følg» requests older than an hour (each request does it, and the worker's
    scheduler every hour, so no client's hash is kept longer); returns how many."""
    deleted, _kinds = FollowRequest.objects.filter(sent_at__lte=now - timedelta(seconds=FOLLOW_RESEND_SECONDS)).delete()
    return deleted


def _follow_client_count(*, client: str | None, now: datetime) -> None:
    """Count one confirmation mail for `client`, or raise FollowLimited when its hour is full."""
    limit = settings.TERTIAL_FOLLOW_REQUESTS_PER_HOUR
    if not client or limit <= 0:
        return
    follow_requests_prune(now=now)
    key = follow_client_key(client)
    if FollowRequest.objects.filter(client=key).count() >= limit:
        raise FollowLimited(str(FOLLOW_LIMITED))
    FollowRequest.objects.create(client=key, sent_at=now)


def follow_request(
    *, case: Any, email: str, language: str, now: datetime, user: Any = None, client: str | None = None
) -> Follow:
    """Somebody asks to follow `case` at `email`. A signed-in user following at their own address
    is confirmed at once; anybody else gets a confirmation mail with a signed link: at most one an
    hour per address and case, so the form cannot be used to flood an address, and at most
    TERTIAL_FOLLOW_REQUESTS_PER_HOUR an hour from one `client` (its IP address), so it cannot be
    used to mail many addresses either. Over the client's limit it raises FollowLimited and writes
    nothing."""
    email = email.strip()
    with transaction.atomic():
        follow, _created = Follow.objects.get_or_create(
            case=case, email__iexact=email, defaults={"email": email, "created_at": now, "language": language}
        )
        own = user is not None and user.is_authenticated and user.email and user.email.lower() == email.lower()
        if own and follow.confirmed_at is None:
            follow.user, follow.confirmed_at = user, now
            follow.save(update_fields=["user", "confirmed_at"])
            audit_record(actor=user, action="followed", obj=follow, changes={"case": [None, case.pk]})
            return follow
        if follow.confirmed_at is not None:
            return follow
        recent = (
            follow.confirmation_sent_at and (now - follow.confirmation_sent_at).total_seconds() < FOLLOW_RESEND_SECONDS
        )
        if recent:
            return follow
        _follow_client_count(client=client, now=now)
        follow.confirmation_sent_at, follow.language = now, language
        follow.save(update_fields=["confirmation_sent_at", "language"])
        message = mail.message_build(
            to=follow.email,
            subject=lambda: _("Bekreft at du vil følge %(case)s") % {"case": case.reference},
            template="follow_confirm",
            context={
                "case": str(case),
                "confirm_url": mail.follow_confirm_url(follow_id=follow.pk, email=follow.email),
                "case_url": mail.absolute(reverse("decisions:case", args=[case.pk])),
            },
            language=language,
            unsubscribe=None,
        )
        audit_record(actor=user, action="follow_requested", obj=follow, changes={"case": [None, case.pk]})
        _send_after_commit([message])
    return follow


def _follow_from(token: str, salt: str, max_age: int | None = None) -> Follow:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as exc:
        raise signing.BadSignature(FOLLOW_LINK_INVALID) from exc
    follow = Follow.objects.select_related("case").filter(pk=data.get("f"), email=data.get("e")).first()
    if follow is None:
        raise signing.BadSignature(FOLLOW_LINK_INVALID)
    return follow


def follow_confirm(*, token: str, now: datetime) -> Follow:
    """The signed link of the confirmation mail: from now on, changes of the case are mailed."""
    follow = _follow_from(token, mail.FOLLOW_CONFIRM_SALT, mail.FOLLOW_CONFIRM_MAX_AGE)
    with transaction.atomic():
        if follow.confirmed_at is None:
            follow.confirmed_at = now
            follow.save(update_fields=["confirmed_at"])
            audit_record(actor=None, action="followed", obj=follow, changes={"case": [None, follow.case_id]})
    return follow


def follow_stop(*, token: str) -> tuple[Any, str]:
    """The one-click link in every mail about a followed case: the address follows it no more.
    Returns (case, email); a link used twice answers the same."""
    try:
        data = signing.loads(token, salt=mail.FOLLOW_STOP_SALT)
    except signing.BadSignature as exc:
        raise signing.BadSignature(FOLLOW_LINK_INVALID) from exc
    with transaction.atomic():
        follow = Follow.objects.select_related("case").filter(pk=data.get("f"), email=data.get("e")).first()
        if follow is None:
            return None, str(data.get("e", ""))
        case = follow.case
        audit_record(actor=None, action="unfollowed", obj=follow, changes={"case": [case.pk, None]})
        follow.delete()
    return case, str(data.get("e", ""))


def decision_changed_notify(
    *, case: Any, point: Any, change: Callable[[], str], text: str = "", now: datetime | None = None
) -> int:
    """A followed case changed (a point's status, or a new follow-up log entry): mail every confirmed
    follower (after commit), and show it in the app to followers who are users. Returns the mails made."""
    now = now or timezone.now()
    follows = list(Follow.objects.filter(case=case, confirmed_at__isnull=False).select_related("user"))
    if not follows:
        return 0
    path = reverse("decisions:case", args=[case.pk])
    context = {
        "case": str(case),
        "point": f"{point.number}" + (f" {point.title}" if point.title else ""),
        "text": text,
        "link": mail.absolute(path),
    }
    users = [f.user for f in follows if f.user is not None]
    prefs = _preferences(users)
    messages = []
    for f in follows:
        pref = prefs.get(f.user_id) if f.user_id else None
        if f.user_id and not _wants(pref, Kind.DECISION_CHANGED, Channel.EMAIL):
            continue
        language = pref.language if pref else f.language
        with translation.override(language):
            said = change()
        messages.append(
            mail.message_build(
                to=f.email,
                subject=lambda: _("Endring i %(case)s") % {"case": case.reference},
                template="decision_changed",
                context={**context, "change": said},
                language=language,
                unsubscribe=mail.follow_stop_url(follow_id=f.pk, email=f.email),
            )
        )
    with transaction.atomic():
        rows = [
            Notification(
                user=u,
                kind=Kind.DECISION_CHANGED,
                title=(_("Endring i %(case)s") % {"case": case.reference})[:300],
                text=change(),
                path=path,
                created_at=now,
            )
            for u in users
            if _wants(prefs.get(u.pk), Kind.DECISION_CHANGED, Channel.APP)
        ]
        Notification.objects.bulk_create(rows)
        unread_forget(r.user_id for r in rows)
        _send_after_commit(messages)
    return len(messages)
