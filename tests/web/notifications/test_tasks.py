"""The periodic work is listed for the worker's scheduler as django-tasks tasks that resolve."""

from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks.base import Task

from tertial.web.notifications import tasks


def test_the_periodic_tasks_setting_names_the_three_notification_tasks_hourly():
    listed = dict(settings.TERTIAL_PERIODIC_TASKS)
    assert listed["tertial.web.notifications.tasks.send_due_reminders"] == 3600
    assert listed["tertial.web.notifications.tasks.notify_overdue_points"] == 3600
    assert listed["tertial.web.notifications.tasks.prune_follow_requests"] == 3600
    for path in listed:
        assert isinstance(import_string(path), Task)


def test_the_tasks_wrap_the_idempotent_services(levanger):
    # Nothing is due today in the demo world (its round pr. 31.03.2024 is opened in the tests only);
    # the overdue points of the demo are reported once, and a second run finds none.
    assert tasks.send_due_reminders.call() == 0
    assert tasks.notify_overdue_points.call() > 0
    assert tasks.notify_overdue_points.call() == 0
    assert tasks.prune_follow_requests.call() == 0
