from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """The one municipality this installation reports for."""

    name = models.CharField(_("navn"), max_length=200)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    chief_executive_name = models.CharField(_("kommunedirektørens navn"), max_length=200, blank=True)
    chief_executive_title = models.CharField(_("tittel"), max_length=100, blank=True, default="kommunedirektør")
    synthetic_periods = models.CharField(
        _("syntetiske perioder"),
        max_length=200,
        blank=True,
        help_text=_("Perioder med oppdiktede tall (demo, opplæring), f.eks. «2023, 2024-04»; sidene merkes"),
    )
    # The graphic profile, shared by the web app and the documents (data, never code).
    theme_colour = models.CharField(
        _("profilfarge"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Skriv fargen som #RRGGBB"))],
        help_text=_("Kommunens hovedfarge som #RRGGBB; tom gir standardfargen"),
    )
    theme_logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    theme_logo_type = models.CharField(
        _("logoens filtype"), max_length=40, blank=True, help_text="image/svg+xml, image/png"
    )
    theme_font = models.BinaryField(_("skrift"), blank=True, default=b"", editable=False)
    theme_font_name = models.CharField(
        _("skriftnavn"), max_length=100, blank=True, help_text=_("Navnet på skriften i fila; tom gir standardskriften")
    )

    # How the council documents present figures (data, chosen per municipality; docs/decisions.md).
    report_signs = models.CharField(
        _("fortegn i bevilgningsoversiktene"),
        max_length=10,
        choices=[
            ("resultat", _("inntekt positiv, overskudd positivt")),
            ("utgift", _("utgift positiv, inntekt negativ")),
        ],
        default="resultat",
    )
    sickleave_percent_only = models.CharField(
        _("sykefravær for enheter med bare prosent"),
        max_length=10,
        choices=[("skjul", _("skjul (ukjent størrelse)")), ("vis", _("vis"))],
        default="skjul",
        help_text=_("Enheter med kjent størrelse følger alltid terskelen for små enheter"),
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class BudgetYear(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommune"))
    year = models.PositiveSmallIntegerField(_("budsjettår"), unique=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budsjettår")
        verbose_name_plural = _("budsjettår")

    def __str__(self) -> str:
        return str(self.year)


class Sector(models.Model):
    """Tjenesteområde: a group of units in one budget year."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("kode"), max_length=100)
    name = models.CharField(_("navn"), max_length=200)
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["budget_year", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "code"], name="sector_unique_code_per_year")]
        verbose_name = _("tjenesteområde")
        verbose_name_plural = _("tjenesteområder")

    def __str__(self) -> str:
        return f"{self.name} ({self.budget_year})"


class Unit(models.Model):
    """Ansvar: a responsibility unit, mapped explicitly to a sector for one budget year."""

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("ansvar"), max_length=20)
    name = models.CharField(_("navn"), max_length=200)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="units", verbose_name=_("tjenesteområde"))
    sort_order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["budget_year", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "code"], name="unit_unique_code_per_year")]
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvar")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
