"""Investment projects: the project, what it reports per period, its frame history, its monthly
actuals from the investment ledger, and the imported lines of the § 5-5 overview. Amounts in øre."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.investments import INVESTMENT_LINES, ProjectStatus
from tertial.web.org.models import BudgetYear, Unit

STATUS_CHOICES = [
    (ProjectStatus.PLANNING.value, _("Planlegging")),
    (ProjectStatus.PROCUREMENT.value, _("Anskaffelse")),
    (ProjectStatus.CONSTRUCTION.value, _("Bygging")),
    (ProjectStatus.DONE.value, _("Ferdig")),
]
LINE_CHOICES = [(line.key, line.label) for line in INVESTMENT_LINES]


class Project(models.Model):
    """An investment project of one budget year, with its responsible unit (ansvar)."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="investment_projects")
    number = models.CharField(_("prosjektnummer"), max_length=40)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="investment_projects", verbose_name=_("ansvar")
    )
    start = models.DateField(_("oppstart"), null=True, blank=True)
    completion = models.DateField(_("forventet ferdig"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["budget_year", "sort_order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "number"], name="investment_project_unique_number")
        ]
        verbose_name = _("investeringsprosjekt")
        verbose_name_plural = _("investeringsprosjekter")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class ProjectReport(models.Model):
    """What a project reports for a period (the month figures run to): budget, forecasts, status."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    month = models.PositiveSmallIntegerField(_("måned"))
    budget = models.BigIntegerField(_("budsjett i år (øre)"))
    forecast_year = models.BigIntegerField(_("prognose i år (øre)"))
    forecast_total = models.BigIntegerField(_("sluttprognose (øre)"))
    stated_frame = models.BigIntegerField(_("oppgitt ramme (øre)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["project", "month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="investment_report_unique_month")]
        verbose_name = _("prosjektrapportering")
        verbose_name_plural = _("prosjektrapporteringer")

    def __str__(self) -> str:
        return f"{self.project} {self.month:02d}"


class FrameChange(models.Model):
    """A decision on a project's cost frame (vedtatt ramme); the newest one is the frame in force."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="frame_changes")
    changed_on = models.DateField(_("dato"))
    reference = models.CharField(_("vedtak"), max_length=100)
    frame = models.BigIntegerField(_("ny ramme (øre)"))
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        ordering = ["project", "changed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "changed_on", "reference"], name="investment_frame_unique")
        ]
        verbose_name = _("rammeendring")
        verbose_name_plural = _("rammeendringer")

    def __str__(self) -> str:
        return f"{self.project} {self.changed_on} {self.reference}"


class ProjectBalance(models.Model):
    """Actuals of a project for one month on one art, from the investment ledger."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="balances")
    month = models.PositiveSmallIntegerField(_("måned"))
    art = models.CharField(_("art"), max_length=20)
    amount = models.BigIntegerField(_("beløp (øre)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "month", "art"], name="investment_balance_unique_key")
        ]
        verbose_name = _("prosjektsaldo")
        verbose_name_plural = _("prosjektsaldoer")

    def __str__(self) -> str:
        return f"{self.project.number} {self.month:02d} {self.art}"


class FinancingLine(models.Model):
    """An imported line of the § 5-5 overview for a period (financing and other expenditure)."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="investment_lines")
    month = models.PositiveSmallIntegerField(_("måned"))
    line = models.CharField(_("linje"), max_length=40, choices=LINE_CHOICES)
    budget = models.BigIntegerField(_("budsjett (øre)"))
    actual = models.BigIntegerField(_("regnskap hittil (øre)"))
    forecast = models.BigIntegerField(_("prognose (øre)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "month", "line"], name="investment_line_unique_key")
        ]
        verbose_name = _("linje i bevilgningsoversikt investering")
        verbose_name_plural = _("linjer i bevilgningsoversikt investering")

    def __str__(self) -> str:
        return f"{self.budget_year} {self.month:02d} {self.line}"
