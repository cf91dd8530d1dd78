"""«Lag PDF i bakgrunnen»: the report as a job, its PDF downloaded from the job page by its owner only;
the direct download URL is unchanged."""

from django.urls import reverse

from tertial.web.jobs.models import Job
from tertial.web.reports.tasks import report_pdf_job


def test_the_tertial_report_pdf_is_made_by_a_job_and_downloaded_by_its_owner_only(
    levanger, client, finance_officer, leader_235, settings, tmp_path
):
    settings.TERTIAL_JOBS_SIDE_CONNECTION = False
    settings.TERTIAL_REPORT_JOB_DIR = tmp_path
    client.force_login(finance_officer)
    response = client.post(reverse("reports:report-pdf-job", args=[2024, 4]), {"report": "tertial"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.title == "1. tertialrapport 2024 (PDF)" and job.params["tertial"] == 1
    report_pdf_job.call(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.state, job.percent, job.result_url) == ("done", 100, reverse("jobs:download", args=[job.pk]))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Last ned tertialrapport-2024-1.pdf" in page and "Henter tallene" in page
    download = client.get(job.result_url)
    assert download["Content-Disposition"] == 'attachment; filename="tertialrapport-2024-1.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(leader_235)
    assert client.get(job.result_url).status_code == 404  # someone else's job is not there
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
