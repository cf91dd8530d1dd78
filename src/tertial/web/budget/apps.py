from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "tertial.web.budget"
    label = "budget"
    verbose_name = "Budsjettoppfølging"
