from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "tertial.web.decisions"
    label = "decisions"
    verbose_name = "Politiske vedtak"
