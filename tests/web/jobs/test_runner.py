"""The job runner (tertial.web.jobs.runner.job_run): stage progress, a cancel seen at the commit stage
rolls the work back, plausibility warnings stop the job until confirmed, failures are worded."""

import pytest
from django.db import transaction

from tertial.core import progress
from tertial.web.jobs.models import Job
from tertial.web.jobs.runner import FAILED_MESSAGE, Outcome, job_run
from tertial.web.org.models import Municipality
from tertial.web.org.services import municipality_set


@pytest.fixture
def job(db, settings):
    settings.TERTIAL_JOBS_SIDE_CONNECTION = False  # the test's own transaction holds the rows
    return Job.objects.create(kind="import", title="Regnskap 2024: hovedbok.csv")


def test_a_cancel_seen_at_the_commit_stage_rolls_the_work_back(job):
    def work(j: Job) -> Outcome:
        progress.report("aggregate")
        with transaction.atomic():
            municipality_set(name="Testvik kommune", actor="test")
            progress.report("write", 0.5)
            Job.objects.filter(pk=j.pk).update(cancel_requested=True)  # the user presses «Avbryt» now
            progress.report("commit")
        return Outcome(message="importert")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.state == "cancelled" and job.stage == "aggregate" and job.percent == 65
    assert job.message == "Avbrutt før lagring. Ingenting er lagret; dataene er som før."
    assert not Municipality.objects.exists()


def test_plausibility_warnings_stop_the_job_until_it_is_confirmed(job):
    def work(j: Job) -> Outcome:
        progress.report("check")
        progress.confirm(["Filen har ingen linjer for 202402, men har linjer for måneder før og etter."])
        progress.report("write")
        return Outcome(message="importert", result_url="/status/2024/3/")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.state == "waiting" and job.stage == "check" and job.warnings[0].startswith("Filen har ingen linjer")
    Job.objects.filter(pk=job.pk).update(state="queued", confirmed=True)
    job_run(job.pk, work)
    job.refresh_from_db()
    assert (job.state, job.percent, job.message, job.result_url) == ("done", 100, "importert", "/status/2024/3/")


def test_an_unexpected_error_fails_the_job_with_a_norwegian_message(job):
    def work(j: Job) -> Outcome:
        raise RuntimeError("boom")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.state == "failed" and job.message == FAILED_MESSAGE and "boom" not in job.message
