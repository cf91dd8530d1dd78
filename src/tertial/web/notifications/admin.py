"""Notifications, reminders and followers are written by the services only: read-only here."""

from django.contrib import admin

from tertial.web.readonly_admin import ReadOnlyAdminMixin

from .models import Follow, Notification, ReminderLog


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["round", "unit", "rule", "deadline", "sent_at", "recipients"]
    list_filter = ["rule"]


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "email", "confirmed_at"]
