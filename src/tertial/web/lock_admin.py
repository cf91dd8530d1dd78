"""The period lock in the Django admin: one mixin for every ModelAdmin that writes period data.

Each admin says which period a row belongs to (`lock_period`) and whether its data is cumulative
(balances, sick leave: frozen up to the latest locked period of the year). Saving a row of a locked
period, or moving a row into one, fails validation with the guard's message on the form; deleting
one is refused with the message and a redirect back; a bulk delete that includes one is refused
(403) with nothing deleted. Every check calls the same guard as the services (tertial.web.locks), inside
the admin's transaction.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from tertial.web.locks import PeriodLocked, months_write_guard, period_write_guard


class PeriodLockAdminMixin:
    lock_cumulative = False  # True: the row's month is frozen by any locked period ≥ it in its year

    def lock_period(self, obj) -> tuple[int, int] | None:
        """(year, month) of the row, or None when it belongs to no period."""
        raise NotImplementedError

    def lock_guard(self, obj) -> None:
        self._guard_period(self.lock_period(obj) if obj is not None else None)

    def _guard_period(self, period: tuple[int, int] | None) -> None:
        if period is None:
            return
        year, month = period
        if self.lock_cumulative:
            months_write_guard(year=year, months=[month])
        else:
            period_write_guard(year=year, month=month)

    def _stored(self, obj):
        return type(obj).objects.filter(pk=obj.pk).first() if obj is not None and obj.pk else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class PeriodLockedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                try:
                    model_admin.lock_guard(model_admin._stored(self.instance))  # where the row was
                    model_admin.lock_guard(self.instance)  # where it would be
                except PeriodLocked as exc:
                    self.add_error(None, str(exc))

        PeriodLockedForm.__name__ = form_class.__name__
        return PeriodLockedForm

    def save_model(self, request, obj, form, change):
        self._refuse(self._stored(obj))
        self._refuse(obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self._refuse(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for period in {self.lock_period(obj) for obj in queryset}:  # one check per period, not per row
            try:
                self._guard_period(period)
            except PeriodLocked as exc:
                raise PermissionDenied(str(exc)) from exc
        super().delete_queryset(request, queryset)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        try:
            self.lock_guard(obj)
        except PeriodLocked as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return HttpResponseRedirect(request.path.rsplit("/delete/", 1)[0] + "/change/")
        return super().delete_view(request, object_id, extra_context)

    def _refuse(self, obj) -> None:
        try:
            self.lock_guard(obj)
        except PeriodLocked as exc:
            raise PermissionDenied(str(exc)) from exc
