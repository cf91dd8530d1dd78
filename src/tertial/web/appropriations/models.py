"""Appropriation areas (rammeområder) and the general lines of the § 5-4 overview. Amounts in øre."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.appropriation import GENERAL_LINES
from tertial.web.budget.models import BudgetChange

LINE_CHOICES = [(line.key, line.label) for line in GENERAL_LINES]


class GeneralLineChange(models.Model):
    """The part of an adopted budget change that falls on a general line (e.g. more rammetilskudd),
    beside its BudgetChangeLine rows for units; the line's revised budget includes it."""

    change = models.ForeignKey(BudgetChange, on_delete=models.CASCADE, related_name="general_lines")
    line = models.CharField(_("linje"), max_length=40, choices=LINE_CHOICES)
    amount = models.BigIntegerField(_("beløp (øre)"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["change", "line"], name="generallinechange_unique_line")]
        verbose_name = _("budsjettendring på generell linje")
        verbose_name_plural = _("budsjettendringer på generelle linjer")

    def __str__(self) -> str:
        return f"{self.change} {self.line}"
