"""The periodic work as django-tasks tasks, run by the worker's scheduler (settings.TERTIAL_PERIODIC_TASKS).

Thin wrappers: the work is the idempotent services, called with the clock's time here and a frozen
one in the tests.
"""

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def send_due_reminders() -> int:
    """The reporting rounds' deadline reminders that are due now; each goes out once."""
    return services.reminders_send_due(now=timezone.now())


@task()
def notify_overdue_points() -> int:
    """Tell the responsible of decision points that have passed their expected completion."""
    return services.overdue_points_notify(now=timezone.now())


@task()
def prune_follow_requests() -> int:
    """Forget the «Følg» form's counted requests older than an hour (the clients' hashed addresses)."""
    return services.follow_requests_prune(now=timezone.now())
