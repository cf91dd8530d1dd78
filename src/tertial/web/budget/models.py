"""Budget follow-up data. Every amount is integer øre (BigIntegerField): exact on SQLite and
PostgreSQL alike; kroner and "tall i 1000 kr" are display concerns."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.comments import MeasureStatus
from tertial.web.org.models import BudgetYear, Sector, Unit

MONTHS = [(m, str(m)) for m in range(1, 13)]


class Balance(models.Model):
    """Actuals for one month, aggregated from the general ledger per (ansvar, art, funksjon, prosjekt)."""

    # no index of its own: the unique constraint's index starts with unit (benchmarks/import_gl.py)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="balances", db_index=False)
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    art = models.CharField(_("art"), max_length=20)
    funksjon = models.CharField(_("funksjon"), max_length=20)
    prosjekt = models.CharField(_("prosjekt"), max_length=40, blank=True, default="")
    amount = models.BigIntegerField(_("beløp (øre)"))

    class Meta:
        # The unique constraint's index starts with (unit, period) and serves those lookups; a second
        # index on them added about a fifth to the write time of a 244 000-balance import (benchmarks/import_gl.py).
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "art", "funksjon", "prosjekt"], name="balance_unique_key")
        ]
        verbose_name = _("periodesaldo")
        verbose_name_plural = _("periodesaldoer")

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period:02d} {self.art} {self.funksjon} {self.prosjekt}".rstrip()


class ActualsImport(models.Model):
    """Receipt of one general-ledger import: what was replaced, from which file, by whom."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE)
    imported_at = models.DateTimeField(_("importert"), auto_now_add=True)
    source = models.CharField(_("fil"), max_length=300)
    periods = models.JSONField(_("måneder"))
    line_count = models.BigIntegerField(_("linjer"))
    balance_count = models.BigIntegerField(_("saldoer"))
    total = models.BigIntegerField(_("sum (øre)"))
    imported_by = models.CharField(_("importert av"), max_length=150, blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.imported_at:%d.%m.%Y %H:%M})"


class BudgetLine(models.Model):
    """Original (adopted) budget."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="budget_lines")
    art = models.CharField(_("art"), max_length=20, blank=True, default="")
    funksjon = models.CharField(_("funksjon"), max_length=20, blank=True, default="")
    amount = models.BigIntegerField(_("beløp (øre)"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "art", "funksjon"], name="budgetline_unique_key")]
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("opprinnelig budsjett")

    def __str__(self) -> str:
        return f"{self.unit} {self.art} {self.funksjon}".rstrip()


class BudgetProfile(models.Model):
    """A periodised budget (issue 20): a unit's budget per month, optionally per account group."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="budget_profile")
    group = models.CharField(_("kontogruppe"), max_length=40, blank=True, default="")
    month = models.PositiveSmallIntegerField(_("måned"))
    amount = models.BigIntegerField(_("beløp (øre)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "group", "month"], name="budgetprofile_unique_key"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="budgetprofile_month_1_12"),
        ]
        verbose_name = _("periodisert budsjett")
        verbose_name_plural = _("periodisert budsjett")

    def __str__(self) -> str:
        return f"{self.unit} {self.group} {self.month}".rstrip()


class BudgetChange(models.Model):
    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="budget_changes")
    number = models.PositiveIntegerField(_("nr"))
    adopted = models.DateField(_("vedtatt"))
    reference = models.CharField(_("vedtak"), max_length=100, help_text=_("f.eks. «PS 23/24»"))
    text = models.TextField(_("tekst"))

    class Meta:
        ordering = ["budget_year", "number"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "number"], name="budgetchange_unique_number")]
        verbose_name = _("budsjettendring")
        verbose_name_plural = _("budsjettendringer")

    def __str__(self) -> str:
        return f"{self.number} {self.reference}"


class BudgetChangeLine(models.Model):
    change = models.ForeignKey(BudgetChange, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="budget_change_lines")
    art = models.CharField(_("art"), max_length=20, blank=True, default="")
    funksjon = models.CharField(_("funksjon"), max_length=20, blank=True, default="")
    amount = models.BigIntegerField(_("beløp (øre)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "unit", "art", "funksjon"], name="budgetchangeline_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.change} {self.unit}"


class Forecast(models.Model):
    """A unit's year-end forecast (prognose) for one reporting period."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="forecasts")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    amount = models.BigIntegerField(_("prognose (øre)"))
    entered_by = models.CharField(_("registrert av"), max_length=150, blank=True)
    entered_at = models.DateTimeField(_("registrert"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="forecast_unique_period")]
        verbose_name = _("prognose")
        verbose_name_plural = _("prognoser")

    def __str__(self) -> str:
        return f"{self.unit} {self.period:02d}"


class CentralItem(models.Model):
    """A line outside the units (tax, rammetilskudd, interest, repayments, expected extra revenue)."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="central_items")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    category = models.CharField(_("kategori"), max_length=60)
    text = models.CharField(_("tekst"), max_length=300)
    deviation = models.BigIntegerField(_("avvik (øre)"), help_text=_("positivt tall bedrer resultatet"))
    line = models.CharField(
        _("linje i bevilgningsoversikten"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("nøkkel fra tertial.core.appropriation.GENERAL_LINES, f.eks. «rammetilskudd»"),
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["budget_year", "period", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["budget_year", "period", "category", "text"], name="centralitem_unique")
        ]
        verbose_name = _("sentral post")
        verbose_name_plural = _("sentrale poster")

    def __str__(self) -> str:
        return self.text


class UnitComment(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="comments")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    cause = models.TextField(_("årsak"), blank=True)
    consequence = models.TextField(_("konsekvens hvis tiltak ikke gjennomføres"), blank=True)
    text = models.TextField(_("annen tekst"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unitcomment_unique_period")]
        verbose_name = _("enhetskommentar")
        verbose_name_plural = _("enhetskommentarer")

    def __str__(self) -> str:
        return f"{self.unit} {self.period:02d}"


class Measure(models.Model):
    comment = models.ForeignKey(UnitComment, on_delete=models.CASCADE, related_name="measures")
    text = models.TextField(_("tiltak"))
    effect = models.BigIntegerField(_("forventet effekt (øre)"), null=True, blank=True)
    start = models.DateField(_("oppstart"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, blank=True, choices=[(s.value, s.value) for s in MeasureStatus]
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["comment", "sort_order"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def __str__(self) -> str:
        return self.text[:80]


class SectorComment(models.Model):
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="comments")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    text = models.TextField(_("tekst"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sector", "period"], name="sectorcomment_unique_period")]
        verbose_name = _("kommentar for tjenesteområde")
        verbose_name_plural = _("kommentarer for tjenesteområder")

    def __str__(self) -> str:
        return f"{self.sector} {self.period:02d}"
