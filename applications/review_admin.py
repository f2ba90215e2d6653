"""A committee member's side of the back-office: their own reviews, the conflict-of-interest
declaration before anything is shown, the documents (each download logged), the weighted score
form, and the committee's average once they have scored."""

from django import forms
from django.contrib import admin
from django.db.models import Avg, Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.admin import answers_table, file_response, has_model_perm, log_access
from core.admin_base import BaseAdmin


class ReviewAdminBase(BaseAdmin):
    """A committee member's own reviews: conflict first, then reading and scoring. The
    secretariat (who holds view on the pillar's applications) sees every review."""

    portal = None
    application_model = None
    list_display = ("application", "reviewer_name", "conflict_display", "score", "scored_at")
    list_filter = ("has_conflict",)
    criteria_of = None  # callable(parent) → criteria queryset

    def is_secretariat(self, request):
        return has_model_perm(request.user, self.application_model, "view")

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or obj.reviewer_id == request.user.pk or self.is_secretariat(request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.reviewer_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.is_secretariat(request) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("application", "reviewer")
        if self.is_secretariat(request):
            return queryset
        return queryset.filter(reviewer=request.user)

    @admin.display(description=gettext_lazy("membre du comité"), ordering="reviewer__last_name")
    def reviewer_name(self, obj):
        return obj.reviewer.get_full_name() or obj.reviewer.username

    @admin.display(description=gettext_lazy("conflit d'intérêts"))
    def conflict_display(self, obj):
        if obj.has_conflict is None:
            return _("à déclarer")
        return _("oui") if obj.has_conflict else _("non")

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/fichiers/<int:attachment_id>/",
                self.admin_site.admin_view(self.file_view),
                name=f"{info[0]}_{info[1]}_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk, attachment_id):
        """The reviewer's own access to the documents, once they declared no conflict (the
        secretariat reads them all)."""
        review = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.is_secretariat(request) and (
            review.reviewer_id != request.user.pk or not review.can_read
        ):
            raise Http404
        return file_response(request, review.application, attachment_id)

    def file_url(self, review):
        info = self.model._meta.app_label, self.model._meta.model_name
        return lambda attachment: reverse(
            f"admin:{info[0]}_{info[1]}_file", args=[review.pk, attachment.pk]
        )

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
            "averages",
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["application_reference", "application_answers", "averages"]
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
            self.portal,
            obj.application,
            blind=obj.application.parent.blind_review,
            file_url=self.file_url(obj),
        )

    @admin.display(description=gettext_lazy("moyenne du comité"))
    def averages(self, obj):
        """Shown once the member has scored (never before: it would anchor their score)."""
        if obj is None or obj.score is None:
            return _("Visible une fois votre évaluation enregistrée.")
        result = obj.application.reviews.filter(has_conflict=False).aggregate(
            average=Avg("score"), count=Count("score")
        )
        return _("%(average)s /20 sur %(count)s évaluation(s)") % {
            "average": f"{result['average']:.2f}".replace(".", ","),
            "count": result["count"],
        }

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
                label=_("%(name)s (coefficient %(weight)s)")
                % {"name": criterion.name, "weight": french_number(criterion.weight)},
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


def french_number(value):
    """2.00 → « 2 », 1.50 → « 1,5 »: a weight as one says it."""
    return format(value.normalize(), "f").replace(".", ",")


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
