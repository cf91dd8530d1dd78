from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "tertial.web.jobs"
    label = "jobs"
    verbose_name = "Bakgrunnsjobber"
