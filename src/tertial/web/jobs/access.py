"""Who may see and act on a job: the user who started it (and a superuser)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from .models import Job


def job_for_user(user: AbstractBaseUser | AnonymousUser, job_id: int) -> Job:
    """The job, or 404 (not 403: someone else's job is not there for you)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not user.is_authenticated:
        raise Http404
    if job.created_by_id != user.pk and not getattr(user, "is_superuser", False):
        raise Http404
    return job
