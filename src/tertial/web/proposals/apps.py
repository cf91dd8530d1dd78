from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "tertial.web.proposals"
    label = "proposals"
    verbose_name = "Forslag til budsjettendringer og vedtak"
