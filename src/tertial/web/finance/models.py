"""The loan portfolio per period, liquidity per month, the finance rules (finansreglement) by
valid-from date and inhabitants per year. Fields and constraints only; the rules live in
tertial.core.debt."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.debt import LOAN_KIND_LABELS, RATE_TYPE_LABELS, LoanKind, RateType


class Loan(models.Model):
    """One loan as it stood at the end of month `month` of `year`; a re-import replaces the period."""

    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("måned"))
    number = models.CharField(_("lånenummer"), max_length=60)
    lender = models.CharField(_("långiver"), max_length=200)
    balance = models.BigIntegerField(_("saldo (øre)"))
    rate_type = models.CharField(
        _("rentetype"), max_length=10, choices=[(k.value, _(v)) for k, v in RATE_TYPE_LABELS.items()]
    )
    rate = models.DecimalField(_("rente (%)"), max_digits=7, decimal_places=4)
    fixed_until = models.DateField(_("rentebinding til"), null=True, blank=True)
    maturity = models.DateField(_("forfall"))
    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=[(k.value, _(v)) for k, v in LOAN_KIND_LABELS.items()],
        default=LoanKind.ORDINARY.value,
    )

    class Meta:
        ordering = ["year", "month", "lender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "number"], name="finance_loan_unique_number"),
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="finance_loan_balance_not_negative"),
            models.CheckConstraint(
                condition=models.Q(rate_type=RateType.FIXED.value, fixed_until__isnull=False)
                | models.Q(rate_type=RateType.FLOATING.value, fixed_until__isnull=True),
                name="finance_loan_fixed_until_iff_fixed",
            ),
        ]
        verbose_name = _("lån")
        verbose_name_plural = _("lån")

    def __str__(self) -> str:
        return f"{self.lender} {self.number} {self.month:02d}/{self.year}"


class LiquidityRecord(models.Model):
    """Liquidity at the end of a month, øre."""

    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("måned"))
    bank_deposits = models.BigIntegerField(_("bankinnskudd (øre)"))
    unused_credit = models.BigIntegerField(_("ubenyttet trekkrettighet (øre)"), default=0)
    placements = models.BigIntegerField(_("plasseringer (øre)"), default=0)

    class Meta:
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="finance_liquidity_unique_month"),
            models.CheckConstraint(
                condition=models.Q(unused_credit__gte=0, placements__gte=0), name="finance_liquidity_not_negative"
            ),
        ]
        verbose_name = _("likviditet")
        verbose_name_plural = _("likviditet")

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"


class FinanceRules(models.Model):
    """One version of the finance rules' limits, in force from `valid_from` until the next version."""

    valid_from = models.DateField(_("gyldig fra"), unique=True)
    fixed_share_min = models.DecimalField(
        _("andel fast rente, minimum (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fixed_share_max = models.DecimalField(
        _("andel fast rente, maksimum (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    maturing_12m_max = models.DecimalField(
        _("andel med forfall innen 12 måneder, maksimum (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lender_share_max = models.DecimalField(
        _("andel hos én långiver, maksimum (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    liquidity_min = models.BigIntegerField(_("likviditetsreserve, minimum (øre)"), null=True, blank=True)
    liquidity_min_days = models.PositiveSmallIntegerField(
        _("likviditetsreserve, minimum dager av brutto driftsutgifter"), null=True, blank=True
    )
    reference = models.CharField(_("vedtak"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fixed_share_min__isnull=True)
                | models.Q(fixed_share_max__isnull=True)
                | models.Q(fixed_share_min__lte=models.F("fixed_share_max")),
                name="finance_rules_fixed_min_le_max",
            ),
        ]
        verbose_name = _("finansreglement")
        verbose_name_plural = _("finansreglement")

    def __str__(self) -> str:
        return f"{_('Finansreglement')} {self.valid_from:%d.%m.%Y}"


class YearFigures(models.Model):
    """Inhabitants (per 1 January) and gross operating expenditure of a year."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    inhabitants = models.PositiveIntegerField(_("innbyggere"))
    operating_expenditure = models.BigIntegerField(_("brutto driftsutgifter (øre)"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("innbyggertall")
        verbose_name_plural = _("innbyggertall")

    def __str__(self) -> str:
        return f"{self.year}: {self.inhabitants}"
