from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from applications.admin import (
    ApplicationAdminBase,
    DecisionTemplateAdminBase,
    EventInline,
    MessageInline,
    ReviewAssignmentInlineBase,
)
from applications.review_admin import ReviewAdminBase
from applications.rules import RuleInlineMixin, RulesChangeInline, SelectionRulesAdminMixin
from core.admin_base import BaseAdmin
from core.roles import CALLS
from core.uploads import DOCUMENT_TYPES, validate_upload
from editorial.graph_admin import LINK_INLINES
from research.calls.models import (
    Call,
    CallApplication,
    CallCriterion,
    CallDecisionTemplate,
    CallDocument,
    CallReview,
)
from research.calls.views import portal


class CallDocumentForm(forms.ModelForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload: check its real type
            self.instance.mime = validate_upload(upload, allowed=DOCUMENT_TYPES)
        return upload


class CallDocumentInline(admin.TabularInline):
    model = CallDocument
    form = CallDocumentForm
    extra = 0
    add_text = gettext_lazy("Ajouter un document")


class CallCriterionInline(RuleInlineMixin, admin.TabularInline):
    model = CallCriterion
    extra = 0
    add_text = gettext_lazy("Ajouter un critère")


@admin.register(Call)
class CallAdmin(SelectionRulesAdminMixin, BaseAdmin):
    list_display = ("title", "opens_at", "closes_at", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("themes",)
    inlines = [CallDocumentInline, CallCriterionInline, RulesChangeInline, *LINK_INLINES]
    review_model = CallReview
    rule_fields = (
        "opens_at",
        "closes_at",
        "results_date",
        "budget",
        "max_amount",
        "max_duration_months",
        "blind_review",
    )
    rule_formsets = (("criteres", CallCriterion, ("name", "description", "weight"), 0, False),)


class CallReviewAssignmentInline(ReviewAssignmentInlineBase):
    model = CallReview
    roles = CALLS


@admin.register(CallApplication)
class CallApplicationAdmin(ApplicationAdminBase):
    portal = portal
    roles = CALLS
    review_model = CallReview
    summary_columns = ("project_title", "lead_name", "lab_name", "amount_requested")
    list_filter = ("parent", "status")
    name_column = "project_name"
    search_fields = ("reference", "email", "project_title", "lead_name", "lab_name")
    inlines = [CallReviewAssignmentInline, EventInline, MessageInline]

    @admin.display(description=gettext_lazy("projet"), ordering="project_title")
    def project_name(self, obj):
        return Truncator(obj.project_title).chars(70) or "—"

    fields = (
        "reference",
        "status",
        "submitted_at",
        "status_changed_at",
        "decision_sent_at",
        "answers",
        "files",
    )


@admin.register(CallReview)
class CallReviewAdmin(ReviewAdminBase):
    portal = portal
    application_model = CallApplication

    @staticmethod
    def criteria_of(call):
        return call.criteria.all()


@admin.register(CallDecisionTemplate)
class CallDecisionTemplateAdmin(DecisionTemplateAdminBase):
    application_model = CallApplication
