from collections import Counter

from django.contrib import admin
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import privacy
from applications.admin import (
    ApplicationAdminBase,
    DecisionTemplateAdminBase,
    EventInline,
    MessageInline,
    RegionListFilter,
    ReviewAssignmentInlineBase,
)
from applications.models import ApplicationStatus
from applications.review_admin import ReviewAdminBase
from applications.rules import RuleInlineMixin, RulesChangeInline, SelectionRulesAdminMixin
from core.admin_base import BaseAdmin
from core.roles import CYCLE
from editorial.graph_admin import LINK_INLINES
from hautes_etudes.models import (
    Application,
    Auditor,
    Criterion,
    DecisionTemplate,
    Edition,
    EmployerKind,
    PublicCategory,
    Review,
    Session,
    Target,
)
from hautes_etudes.views import portal
from resources.models import Territory

OFFERED = {ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED}


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ["region"]


class CriterionInline(RuleInlineMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    add_text = gettext_lazy("Ajouter un critère")


class TargetInline(RuleInlineMixin, admin.TabularInline):
    model = Target
    extra = 0
    add_text = gettext_lazy("Ajouter un objectif")


@admin.register(Edition)
class EditionAdmin(SelectionRulesAdminMixin, BaseAdmin):
    list_display = (
        "year",
        "name",
        "theme",
        "applications_open_at",
        "applications_close_at",
        "is_published",
    )
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SessionInline, CriterionInline, TargetInline, RulesChangeInline, *LINK_INLINES]
    review_model = Review
    rule_fields = (
        "places",
        "applications_open_at",
        "applications_close_at",
        "committee_date",
        "results_date",
        "confirmation_days",
        "min_experience_years",
        "blind_review",
    )
    rule_formsets = (
        ("criteres", Criterion, ("name", "description", "weight"), 0, False),
        ("objectifs", Target, ("dimension", "value", "target"), 1, True),
    )


@admin.register(Auditor)
class AuditorAdmin(BaseAdmin):
    inlines = [*LINK_INLINES]
    list_display = ("name", "edition", "position", "organisation", "public_consent")
    list_filter = ("edition", "public_consent")
    search_fields = ("name", "organisation")


class ReviewAssignmentInline(ReviewAssignmentInlineBase):
    model = Review
    roles = CYCLE


@admin.register(Application)
class ApplicationAdmin(ApplicationAdminBase):
    portal = portal
    roles = CYCLE
    review_model = Review
    summary_columns = ("last_name", "first_name", "category", "employer_kind", "region")
    list_filter = ("parent", "status", "category", "employer_kind", ("region", RegionListFilter))
    name_column = "applicant_name"
    search_fields = ("reference", "email", "last_name", "first_name", "employer")
    inlines = [ReviewAssignmentInline, EventInline, MessageInline]
    fields = (
        "reference",
        "status",
        "submitted_at",
        "status_changed_at",
        "decision_sent_at",
        "confirm_before",
        "confirmed_at",
        "employer_email",
        "employer_agreed_at",
        "employer_refused_at",
        "employer_refusal_reason",
        "answers",
        "files",
    )
    readonly_fields = (
        *ApplicationAdminBase.readonly_fields,
        "confirm_before",
        "confirmed_at",
        "employer_email",
        "employer_agreed_at",
        "employer_refused_at",
        "employer_refusal_reason",
    )
    list_select_related = ("region",)
    actions = [*ApplicationAdminBase.actions, "export_person"]

    @admin.display(description=gettext_lazy("nom"), ordering="last_name")
    def applicant_name(self, obj):
        return f"{obj.last_name.upper()} {obj.first_name}".strip() or "—"

    def recipient_emails(self):
        return super().recipient_emails() | set(
            Application.objects.exclude(employer_email="").values_list("employer_email", flat=True)
        )

    def selection_links(self):
        return [
            *super().selection_links(),
            (_("Composition"), self.url("balance")),
        ]

    def get_urls(self):
        return [
            path(
                "composition/",
                self.admin_site.admin_view(self.balance_view),
                name="hautes_etudes_application_balance",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Exporter toutes les données de ces personnes (JSON)"))
    def export_person(self, request, queryset):
        emails = sorted(set(queryset.values_list("email", flat=True)))
        response = JsonResponse(
            [privacy.export_person(email=email) for email in emails],
            safe=False,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = 'attachment; filename="donnees-personnelles.json"'
        return response

    def balance_view(self, request):
        """Accepted and shortlisted candidates by category, region and kind of employer,
        against the edition's targets."""
        if not self.can_read_selection(request):
            raise Http404
        edition = (
            Edition.objects.filter(pk=request.GET.get("promotion")).first()
            if request.GET.get("promotion", "").isdigit()
            else Edition.objects.current()
        )
        tables = []
        if edition is not None:
            rows = list(
                Application.objects.filter(
                    parent=edition,
                    status__in=[
                        ApplicationStatus.ACCEPTED,
                        ApplicationStatus.CONFIRMED,
                        ApplicationStatus.SHORTLISTED,
                        ApplicationStatus.INTERVIEW,
                    ],
                ).values_list("status", "category", "employer_kind", "region__slug")
            )
            targets = {(t.dimension, t.value): t.target for t in edition.targets.all()}
            regions = dict(Territory.objects.regions().values_list("slug", "name"))
            dimensions = [
                ("category", _("Catégorie de public"), dict(PublicCategory.choices), 1),
                ("employer_kind", _("Nature de l'employeur"), dict(EmployerKind.choices), 2),
                ("region", _("Région"), regions, 3),
            ]
            for key, title, labels, index in dimensions:
                accepted = Counter(r[index] for r in rows if r[0] in OFFERED)
                pending = Counter(r[index] for r in rows if r[0] not in OFFERED)
                values = [v for v in labels if accepted[v] or pending[v] or (key, v) in targets]
                tables.append(
                    {
                        "title": title,
                        "rows": [
                            {
                                "label": labels[v],
                                "accepted": accepted[v],
                                "shortlisted": pending[v],
                                "target": targets.get((key, v)),
                                "gap": (targets[(key, v)] - accepted[v])
                                if (key, v) in targets
                                else None,
                            }
                            for v in values
                        ],
                    }
                )
        return TemplateResponse(
            request,
            "admin/hautes_etudes/balance.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Composition de la promotion"),
                "edition": edition,
                "tables": tables,
                "editions": Edition.objects.all(),
                "opts": self.model._meta,
                "selection_links": self.selection_links(),
            },
        )


@admin.register(Review)
class ReviewAdmin(ReviewAdminBase):
    portal = portal
    application_model = Application

    @staticmethod
    def criteria_of(edition):
        return edition.criteria.all()


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(DecisionTemplateAdminBase):
    application_model = Application
