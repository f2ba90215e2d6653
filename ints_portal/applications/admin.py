"""Back-office of the application-and-review workflow, shared by calls and the cycle.

* The secretariat (and superusers) see applications, assign reviewers, move statuses, send the
  decision emails written in editable templates and export lists as CSV.
* A committee member sees only their own reviews: they declare a conflict of interest (or its
  absence) before anything of the application is shown, then score it on the weighted criteria;
  in a blind phase names and employers stay hidden. The ranking view shows averages.
* Every opening of an application or of one of its files is logged (ApplicationAccess)."""

import csv
from string import Template

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ints_portal.admin_base import BaseAdmin
from ints_portal.applications.models import ApplicationAccess, ApplicationStatus
from ints_portal.emails import send_templated_email


def log_access(request, application, action):
    ApplicationAccess.objects.create(
        user=request.user,
        action=action,
        object_id=application.pk,
        content_type=ContentType.objects.get_for_model(type(application)),
    )


def in_groups(user, names):
    return user.is_superuser or user.groups.filter(name__in=names).exists()


def answers_table(portal, application, *, blind=False):
    """The applicant's answers as an HTML definition list (identity hidden when blind)."""
    hidden = set(portal.identity_fields) if blind else set()
    parts = []
    for step, items in portal.answers_with_names(application):
        rows = [(label, value) for name, label, value in items if name not in hidden]
        if not rows:
            continue
        parts.append(
            format_html(
                "<h3>{}</h3><dl class='ints-answers'>{}</dl>",
                step.title,
                format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
            )
        )
    if blind:
        parts.append(
            format_html(
                "<p><em>{}</em></p>",
                _("Phase anonyme : le nom, les coordonnées et l'employeur sont masqués."),
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts))


class ApplicationAdminBase(BaseAdmin):
    portal = None  # the pillar's ApplicationPortal
    secretariat_groups = ()
    committee_groups = ()
    message_template_model = None
    summary_columns = ()
    list_filter = ("status",)
    search_fields = ("reference", "email")
    readonly_fields = (
        "reference",
        "status",
        "submitted_at",
        "status_changed_at",
        "decision_sent_at",
        "answers",
        "files",
    )
    actions = [
        "mark_complete",
        "mark_shortlisted",
        "mark_interview",
        "mark_accepted",
        "mark_waiting_list",
        "mark_rejected",
        "send_decision",
        "export_csv",
    ]

    # --- access -------------------------------------------------------------------------
    def has_module_permission(self, request):
        return in_groups(request.user, self.secretariat_groups)

    def has_view_permission(self, request, obj=None):
        return in_groups(request.user, self.secretariat_groups)

    def has_change_permission(self, request, obj=None):
        return in_groups(request.user, self.secretariat_groups)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=ApplicationStatus.DRAFT)
            .annotate(
                average=Avg("reviews__score", filter=Q(reviews__has_conflict=False)),
                review_count=Count("reviews__score"),
            )
        )

    def get_list_display(self, request):
        return (
            "reference",
            *self.summary_columns,
            "status",
            "submitted_at",
            "average_display",
            "review_count",
        )

    @admin.display(description=gettext_lazy("moyenne /20"), ordering="average")
    def average_display(self, obj):
        return "—" if obj.average is None else f"{obj.average:.2f}".replace(".", ",")

    @admin.display(description=gettext_lazy("évaluations"), ordering="review_count")
    def review_count(self, obj):
        return obj.review_count

    @admin.display(description=gettext_lazy("réponses"))
    def answers(self, obj):
        return answers_table(self.portal, obj) if obj and obj.pk else ""

    @admin.display(description=gettext_lazy("documents"))
    def files(self, obj):
        if not obj or not obj.pk:
            return ""
        info = self.model._meta.app_label, self.model._meta.model_name
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse(f"admin:{info[0]}_{info[1]}_file", args=[obj.pk, a.pk]), a.slot)
                    for a in obj.attachments.all()
                ),
            )
            or "—"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            log_access(request, obj, "consultation")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/fichiers/<int:attachment_id>/",
                self.admin_site.admin_view(self.file_view),
                name=f"{info[0]}_{info[1]}_file",
            ),
            path(
                "classement/",
                self.admin_site.admin_view(self.ranking_view),
                name=f"{info[0]}_{info[1]}_ranking",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk, attachment_id):
        if not self.has_view_permission(request):
            raise Http404
        application = get_object_or_404(self.model, pk=pk)
        attachment = get_object_or_404(application.attachments, pk=attachment_id)
        log_access(request, application, f"téléchargement {attachment.slot}")
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=f"{application.reference}-{attachment.slot}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def ranking_view(self, request):
        """Averages and ranks, for the committee and the secretariat (no names)."""
        if not in_groups(request.user, (*self.secretariat_groups, *self.committee_groups)):
            raise Http404
        rows = (
            self.model.objects.exclude(
                status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]
            )
            .exclude(reviews__reviewer=request.user, reviews__has_conflict=True)
            .annotate(
                average=Avg("reviews__score", filter=Q(reviews__has_conflict=False)),
                review_count=Count("reviews__score"),
            )
            .order_by("-average", "reference")
        )
        rows = self.ranking_queryset(request, rows)
        return TemplateResponse(
            request,
            "admin/applications/ranking.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Classement des candidatures"),
                "rows": list(rows),
                "opts": self.model._meta,
            },
        )

    def ranking_queryset(self, request, rows):
        return rows

    # --- actions ------------------------------------------------------------------------
    def _move(self, request, queryset, status):
        count = queryset.exclude(status=ApplicationStatus.WITHDRAWN).update(
            status=status, status_changed_at=timezone.now(), decision_sent_at=None
        )
        self.message_user(
            request,
            _("%(n)s candidature(s) : %(status)s.")
            % {"n": count, "status": ApplicationStatus(status).label},
        )
        return count

    @admin.action(description=gettext_lazy("Marquer comme complète"))
    def mark_complete(self, request, queryset):
        self._move(request, queryset, ApplicationStatus.COMPLETE)

    @admin.action(description=gettext_lazy("Présélectionner"))
    def mark_shortlisted(self, request, queryset):
        self._move(request, queryset, ApplicationStatus.SHORTLISTED)

    @admin.action(description=gettext_lazy("Convoquer à un entretien"))
    def mark_interview(self, request, queryset):
        self._move(request, queryset, ApplicationStatus.INTERVIEW)

    @admin.action(description=gettext_lazy("Retenir"))
    def mark_accepted(self, request, queryset):
        self._move(request, queryset, ApplicationStatus.ACCEPTED)

    @admin.action(description=gettext_lazy("Mettre en liste d'attente"))
    def mark_waiting_list(self, request, queryset):
        self._move(request, queryset, ApplicationStatus.WAITING_LIST)

    @admin.action(description=gettext_lazy("Ne pas retenir"))
    def mark_rejected(self, request, queryset):
        self._move(request, queryset, ApplicationStatus.REJECTED)

    @admin.action(description=gettext_lazy("Envoyer l'e-mail correspondant au statut"))
    def send_decision(self, request, queryset):
        templates = {t.status: t for t in self.message_template_model.objects.all()}
        sent = missing = 0
        for application in queryset.filter(decision_sent_at=None).select_related("parent"):
            template = templates.get(application.status)
            if template is None:
                missing += 1
                continue
            send_decision_email(self.portal, application, template)
            sent += 1
        self.message_user(request, _("%(n)s e-mail(s) envoyé(s).") % {"n": sent})
        if missing:
            self.message_user(
                request,
                _("%(n)s candidature(s) sans modèle d'e-mail pour leur statut : rien envoyé.")
                % {"n": missing},
                level=messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Exporter en CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="candidatures.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        columns = ["reference", *self.summary_columns, "status", "average"]
        writer.writerow(columns)
        for application in queryset:
            row = []
            for name in columns:
                value = getattr(application, name, "")
                display = getattr(application, f"get_{name}_display", None)
                row.append(display() if display else ("" if value is None else value))
            writer.writerow(row)
        return response


def send_decision_email(portal, application, template):
    values = {
        "nom": portal.applicant_name(application),
        "reference": application.reference,
        "titre": portal.title_of(application.parent),
        "lien": portal.absolute_url("start", application.parent),
    }
    send_templated_email(
        to=application.email,
        template_prefix="applications/email/decision",
        context={
            "subject": Template(template.subject).safe_substitute(values),
            "body": Template(template.body).safe_substitute(values),
        },
    )
    type(application).objects.filter(pk=application.pk).update(decision_sent_at=timezone.now())


class ReviewAdminBase(BaseAdmin):
    """A committee member's own reviews: conflict first, then reading and scoring."""

    portal = None
    secretariat_groups = ()
    committee_groups = ()
    list_display = ("application", "reviewer", "conflict_display", "score", "scored_at")
    list_filter = ("has_conflict",)
    criteria_of = None  # callable(parent) → criteria queryset

    def has_module_permission(self, request):
        return in_groups(request.user, (*self.committee_groups, *self.secretariat_groups))

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return (
            obj is None
            or obj.reviewer_id == request.user.pk
            or in_groups(request.user, self.secretariat_groups)
        )

    def has_change_permission(self, request, obj=None):
        if not in_groups(request.user, self.committee_groups) and not request.user.is_superuser:
            return False
        return obj is None or obj.reviewer_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return in_groups(request.user, self.secretariat_groups)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("application", "reviewer")
        if in_groups(request.user, self.secretariat_groups):
            return queryset
        return queryset.filter(reviewer=request.user)

    @admin.display(description=gettext_lazy("conflit d'intérêts"))
    def conflict_display(self, obj):
        if obj.has_conflict is None:
            return _("à déclarer")
        return _("oui") if obj.has_conflict else _("non")

    # The phase is read from `declared_at`, set only once a declaration is saved: a form
    # re-displayed with errors stays in its phase.
    def get_fields(self, request, obj=None):
        if obj is None or obj.declared_at is None:
            return ["application_reference", "has_conflict", "conflict_reason"]
        if obj.has_conflict:
            return ["application_reference", "has_conflict", "conflict_reason", "declared_at"]
        criteria = list(self.criteria_of(obj.application.parent))
        return [
            "application_reference",
            "application_answers",
            *[f"score_{c.pk}" for c in criteria],
            "comment",
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["application_reference", "application_answers"]
        if obj is not None and obj.declared_at is not None:
            fields += ["has_conflict", "conflict_reason", "declared_at"]
        if obj is not None and obj.reviewer_id != request.user.pk:
            fields += ["comment"]
        return fields

    @admin.display(description=gettext_lazy("candidature"))
    def application_reference(self, obj):
        return obj.application.reference

    @admin.display(description=gettext_lazy("la candidature"))
    def application_answers(self, obj):
        if obj is None or obj.declared_at is None or obj.has_conflict is not False:
            return ""
        return answers_table(
            self.portal, obj.application, blind=obj.application.parent.blind_review
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or obj.declared_at is None:
            return forms.modelform_factory(
                self.model, form=ConflictForm, fields=["has_conflict", "conflict_reason"]
            )
        if obj.has_conflict:
            return forms.modelform_factory(self.model, fields=[])
        criteria = list(self.criteria_of(obj.application.parent))
        read_only = obj.reviewer_id != request.user.pk
        attrs = {}
        for criterion in criteria:
            attrs[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (×{criterion.weight:g})",
                help_text=criterion.description,
                coerce=int,
                choices=[("", "—")] + [(n, str(n)) for n in range(criterion.max_score + 1)],
                initial=obj.scores.get(str(criterion.pk)),
                required=True,
                disabled=read_only,
                error_messages={"required": _("Notez ce critère.")},
            )
        attrs["criteria"] = criteria
        return forms.modelform_factory(
            self.model, form=type("ScoreForm", (ScoreFormBase,), attrs), fields=["comment"]
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if (
            obj is not None
            and obj.declared_at is not None
            and obj.has_conflict is False
            and self.has_view_permission(request, obj)
        ):
            log_access(request, obj.application, "évaluation")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if isinstance(form, ConflictForm):
            obj.declared_at = now
        elif isinstance(form, ScoreFormBase):
            obj.scores = {str(c.pk): form.cleaned_data[f"score_{c.pk}"] for c in form.criteria}
            obj.score = obj.weighted_score(form.criteria)
            obj.scored_at = now
        super().save_model(request, obj, form, change)


class SecretariatOnly:
    """Mixin: only the pillar's secretariat (and superusers) see and edit this."""

    secretariat_groups = ()

    def _secretariat(self, request, obj=None):
        return in_groups(request.user, self.secretariat_groups)

    has_module_permission = has_view_permission = has_change_permission = _secretariat
    has_add_permission = has_delete_permission = _secretariat


class ReviewAssignmentInlineBase(SecretariatOnly, admin.TabularInline):
    """On an application: the committee members who review it (assigned by the secretariat)."""

    extra = 0
    fields = ("reviewer", "has_conflict", "score")
    readonly_fields = ("has_conflict", "score")
    autocomplete_fields = ["reviewer"]
    verbose_name = gettext_lazy("membre du comité assigné")
    verbose_name_plural = gettext_lazy("membres du comité assignés")


class DecisionTemplateAdminBase(SecretariatOnly, BaseAdmin):
    list_display = ("status", "subject")


class ConflictForm(forms.ModelForm):
    has_conflict = forms.TypedChoiceField(
        label=gettext_lazy("Avez-vous un conflit d'intérêts avec ce candidat ?"),
        choices=[
            ("", "—"),
            ("0", gettext_lazy("Non, aucun lien avec le candidat ou son employeur")),
            ("1", gettext_lazy("Oui : je me déporte")),
        ],
        coerce=lambda value: value == "1",
        required=True,
        help_text=gettext_lazy(
            "Lien personnel, professionnel ou hiérarchique, collaboration récente… La candidature "
            "ne s'affiche qu'après cette déclaration."
        ),
        error_messages={"required": gettext_lazy("Déclarez l'existence ou l'absence de conflit.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not cleaned.get("conflict_reason"):
            self.add_error("conflict_reason", _("Précisez la nature du conflit."))
        return cleaned


class ScoreFormBase(forms.ModelForm):
    criteria = []


@admin.register(ApplicationAccess)
class ApplicationAccessAdmin(BaseAdmin):
    """The access log: read-only, for administrators."""

    list_display = ("at", "user", "action", "content_type", "object_id")
    list_filter = ("action", "content_type")
    search_fields = ("user__username",)
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
