from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "tertial.web.investments"
    label = "investments"
    verbose_name = "Investeringsprosjekter"
