from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tertial.web.accounts"
    label = "accounts"
    verbose_name = "Brukere og roller"
