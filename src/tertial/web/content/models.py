"""Sick leave, indicator tables, milestone plans and free report sections. Fields and constraints
only; the rules live in tertial.core (sickleave, indicators, milestones, sections)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.indicators import Measure
from tertial.core.sickleave import Level


class SickLeaveRecord(models.Model):
    """One figure of a unit, sector or the municipality in one month: days, or a percentage as given."""

    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("måned"))
    level = models.CharField(_("nivå"), max_length=20, choices=[(lv.value, lv.value) for lv in Level])
    key = models.CharField(_("kode"), max_length=100, blank=True, help_text=_("Ansvar, tjenesteområde eller tom"))
    label = models.CharField(_("navn i kilden"), max_length=200, blank=True)
    contracted_days = models.DecimalField(_("avtalte dagsverk"), max_digits=12, decimal_places=2, null=True)
    self_certified_days = models.DecimalField(_("egenmeldt"), max_digits=12, decimal_places=2, null=True)
    short_certified_days = models.DecimalField(_("legemeldt 1–16 dager"), max_digits=12, decimal_places=2, null=True)
    long_certified_days = models.DecimalField(_("legemeldt over 16 dager"), max_digits=12, decimal_places=2, null=True)
    given_percent = models.DecimalField(_("prosent (kun prosent)"), max_digits=6, decimal_places=2, null=True)

    class Meta:
        ordering = ["year", "month", "level", "key"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "level", "key"], name="sickleave_unique_figure"),
            models.CheckConstraint(
                condition=models.Q(contracted_days__isnull=True, given_percent__isnull=False)
                | models.Q(contracted_days__isnull=False, given_percent__isnull=True),
                name="sickleave_days_or_percent",
            ),
        ]
        verbose_name = _("sykefravær")
        verbose_name_plural = _("sykefravær")

    def __str__(self) -> str:
        return f"{self.label or self.key or self.level} {self.month:02d}/{self.year}"


class IndicatorTable(models.Model):
    """A table of indicators for a report period, attached to a unit's comment or a section."""

    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("måned"))
    key = models.SlugField(_("nøkkel"), max_length=100)
    title = models.CharField(_("tittel"), max_length=300)
    unit_code = models.CharField(_("ansvar (kommentar)"), max_length=20, blank=True)
    section = models.ForeignKey(
        "Section", on_delete=models.SET_NULL, null=True, blank=True, related_name="tables", verbose_name=_("seksjon")
    )
    footnotes = models.TextField(_("fotnoter"), blank=True, help_text=_("Én fotnote per linje"))
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["year", "month", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "month", "key"], name="indicatortable_unique_key")]
        verbose_name = _("nøkkeltalltabell")
        verbose_name_plural = _("nøkkeltalltabeller")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    table = models.ForeignKey(IndicatorTable, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("nøkkel"), max_length=100)
    name = models.CharField(_("navn"), max_length=300)
    measure = models.CharField(_("enhet"), max_length=20, choices=[(m.value, m.value) for m in Measure])
    footnote_mark = models.CharField(_("fotnotetegn"), max_length=5, blank=True)
    printed_change = models.DecimalField(_("trykt endring (%)"), max_digits=10, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["table", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="indicator_unique_code")]
        verbose_name = _("nøkkeltall")
        verbose_name_plural = _("nøkkeltall")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("periode"), max_length=7, help_text=_("ÅÅÅÅ eller ÅÅÅÅ-MM"))
    value = models.DecimalField(_("verdi"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicatorvalue_unique_period")]
        verbose_name = _("verdi")
        verbose_name_plural = _("verdier")

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"


class MilestonePlan(models.Model):
    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("måned"), help_text=_("Rapporten planen står i"))
    title = models.CharField(_("tittel"), max_length=300)
    introduction = models.TextField(_("ingress"), blank=True)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["year", "month", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "month", "title"], name="milestoneplan_unique_title")]
        verbose_name = _("framdriftsplan")
        verbose_name_plural = _("framdriftsplaner")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    plan = models.ForeignKey(MilestonePlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milepæl"), max_length=300)
    original_date = models.DateField(_("opprinnelig dato"))
    done_date = models.DateField(_("utført dato"), null=True, blank=True)
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["plan", "sort_order", "id"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæler")

    def __str__(self) -> str:
        return self.title


class MilestoneRevision(models.Model):
    """A change of a milestone's date, kept: the history is never rewritten."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="revisions")
    previous_date = models.DateField(_("tidligere dato"))
    revised_date = models.DateField(_("ny dato"))
    reason = models.TextField(_("begrunnelse"))
    decided = models.DateField(_("besluttet"), null=True, blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    created_by = models.CharField(_("registrert av"), max_length=150, blank=True)

    class Meta:
        ordering = ["milestone", "id"]
        verbose_name = _("revisjon")
        verbose_name_plural = _("revisjoner")

    def __str__(self) -> str:
        return f"{self.milestone}: {self.previous_date} → {self.revised_date}"


class Section(models.Model):
    """A free report section; `html` is always sanitised (core.sections) before it is saved."""

    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("måned"))
    title = models.CharField(_("tittel"), max_length=300)
    html = models.TextField(_("tekst (HTML)"))
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    decision_reference = models.CharField(_("politisk vedtak"), max_length=300, blank=True)
    decision_url = models.CharField(_("lenke til vedtaket"), max_length=500, blank=True)
    placement = models.CharField(
        _("plassering"),
        max_length=20,
        blank=True,
        default="",
        help_text=_(
            "Tom: blant tekstseksjonene; «innledning»: i innledningen; «sykefravær»: under sykefraværstabellen"
        ),
    )

    class Meta:
        ordering = ["year", "month", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "month", "title"], name="section_unique_title")]
        verbose_name = _("tekstseksjon")
        verbose_name_plural = _("tekstseksjoner")

    def __str__(self) -> str:
        return self.title
