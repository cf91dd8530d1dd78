"""Which units and sectors a leader answers for. Bound by code (ansvar, tjenesteområde), not by the
Unit row, so a binding survives the organisation being imported for a new budget year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLeadership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_leaderships", verbose_name=_("bruker")
    )
    unit_code = models.CharField(_("ansvar"), max_length=20, db_index=True)

    class Meta:
        ordering = ["unit_code"]
        constraints = [models.UniqueConstraint(fields=["user", "unit_code"], name="unitleadership_unique")]
        verbose_name = _("enhetsleder for ansvar")
        verbose_name_plural = _("enhetsledere for ansvar")

    def __str__(self) -> str:
        return f"{self.user} → {self.unit_code}"


class SectorLeadership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sector_leaderships", verbose_name=_("bruker")
    )
    sector_code = models.CharField(_("tjenesteområde (kode)"), max_length=100, db_index=True)

    class Meta:
        ordering = ["sector_code"]
        constraints = [models.UniqueConstraint(fields=["user", "sector_code"], name="sectorleadership_unique")]
        verbose_name = _("kommunalsjef for tjenesteområde")
        verbose_name_plural = _("kommunalsjefer for tjenesteområder")

    def __str__(self) -> str:
        return f"{self.user} → {self.sector_code}"
