from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "tertial.web.finance"
    label = "finance"
    verbose_name = "Finans og gjeld"
