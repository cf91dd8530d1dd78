from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded change: who, when, what, and each changed field as [old, new]."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("bruker")
    )
    actor_name = models.CharField(_("brukernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=40)
    object_type = models.CharField(_("objekttype"), max_length=80, db_index=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objekt"), max_length=300)
    changes = models.JSONField(_("endringer"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("endring")
        verbose_name_plural = _("endringslogg")

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"
