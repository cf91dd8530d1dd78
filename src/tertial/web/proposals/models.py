"""Proposed budget changes of a tertial report and their adoption. Amounts in øre, net-expenditure sign."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.appropriation import GENERAL_LINES
from tertial.core.proposals import FUNDING_LABELS, Funding
from tertial.web.budget.models import MONTHS, BudgetChange
from tertial.web.org.models import BudgetYear, Unit

FUNDING_CHOICES = [(f.value, FUNDING_LABELS[f]) for f in Funding]
LINE_CHOICES = [(line.key, line.label) for line in GENERAL_LINES]


class Proposal(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("forslag")
        ADOPTED = "adopted", _("vedtatt")

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="proposals")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS, help_text=_("4 = 1. tertial, 8 = 2. tertial"))
    number = models.PositiveIntegerField(_("nr"))
    title = models.CharField(_("tittel"), max_length=200)
    reason = models.TextField(_("begrunnelse"), blank=True)
    funding = models.CharField(_("finansiering"), max_length=20, choices=FUNDING_CHOICES)
    wording = models.TextField(
        _("tekst i vedtakspunktet"), blank=True, help_text=_("tom = generert tekst; tallene settes alltid inn")
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    adopted_reference = models.CharField(_("vedtak"), max_length=100, blank=True, help_text=_("f.eks. «PS 45/24»"))
    adopted_on = models.DateField(_("vedtatt"), null=True, blank=True)
    budget_change = models.OneToOneField(
        BudgetChange, on_delete=models.PROTECT, null=True, blank=True, related_name="proposal"
    )

    class Meta:
        ordering = ["budget_year", "period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "period", "number"], name="proposal_unique_number"),
        ]
        verbose_name = _("forslag til budsjettendring")
        verbose_name_plural = _("forslag til budsjettendringer")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_adopted(self) -> bool:
        return self.state == self.State.ADOPTED


class ProposalLine(models.Model):
    """EITHER a unit (ansvar) OR a general line of the § 5-4 overview, with an amount."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="proposal_lines")
    general_line = models.CharField(_("linje"), max_length=40, blank=True, default="", choices=LINE_CHOICES)
    text = models.CharField(_("tekst"), max_length=200, blank=True, default="")
    amount = models.BigIntegerField(_("beløp (øre)"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, general_line="")
                | models.Q(unit__isnull=True) & ~models.Q(general_line=""),
                name="proposalline_unit_or_general_line",
            ),
        ]
        verbose_name = _("forslagslinje")
        verbose_name_plural = _("forslagslinjer")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.unit.code if self.unit else self.general_line}"
