"""The email outbox in the back-office: what is queued, sent, failed, and how many tries."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import outbox
from core.admin_base import BaseAdmin
from core.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(BaseAdmin):
    list_display = ["subject", "recipient_list", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template_prefix"]
    search_fields = ["subject", "recipients", "message_id"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    @admin.display(description=_("destinataires"))
    def recipient_list(self, message):
        return ", ".join(message.recipients)

    def has_add_permission(self, request):
        return False  # messages come from the portal's own emails only

    def has_change_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("core.change_outboxmessage")

    @admin.action(description=_("Renvoyer maintenant"), permissions=["retry"])
    def retry_now(self, request, queryset):
        count = outbox.requeue(messages=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d courriel remis en file.", "%(count)d courriels remis en file.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
