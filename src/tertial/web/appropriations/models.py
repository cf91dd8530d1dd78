"""Appropriation areas (rammeområder) and the general lines of the § 5-4 overview. Amounts in øre."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.appropriation import GENERAL_LINES
from tertial.web.budget.models import MONTHS, BudgetChange
from tertial.web.org.models import BudgetYear, Unit

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


class Area(models.Model):
    """An appropriation area (rammeområde) of one budget year: the level the council adopts the
    operating budget at. A year with no areas uses its sectors (core.appropriation.areas_from_sectors)."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("navn"), max_length=200)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["budget_year", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "name"], name="area_unique_name_per_year")]
        verbose_name = _("rammeområde")
        verbose_name_plural = _("rammeområder")

    def __str__(self) -> str:
        return f"{self.name} ({self.budget_year})"


class AreaUnit(models.Model):
    """A unit's place in an area; a unit belongs to exactly one area of its year."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="members")
    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="area_membership")

    class Meta:
        verbose_name = _("ansvar i rammeområde")
        verbose_name_plural = _("ansvar i rammeområder")

    def __str__(self) -> str:
        return f"{self.area.name}: {self.unit}"


class GeneralLineFigure(models.Model):
    """A general line's original budget for the year and its actuals year-to-date pr. a period."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="general_line_figures")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    line = models.CharField(_("linje"), max_length=40, choices=LINE_CHOICES)
    budget = models.BigIntegerField(_("opprinnelig budsjett (øre)"))
    actual = models.BigIntegerField(_("regnskap hittil (øre)"))

    class Meta:
        ordering = ["budget_year", "period", "line"]
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "period", "line"], name="generallinefigure_unique_line")
        ]
        verbose_name = _("generell linje")
        verbose_name_plural = _("generelle linjer")

    def __str__(self) -> str:
        return f"{self.budget_year} {self.period:02d} {self.line}"
