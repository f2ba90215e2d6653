"""The research secretariat's back-office for questions de terrain: the interests declared,
the stage history, and one screen per question to make a move of the stage table."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_base import BaseAdmin
from editorial.admin import PublishableAdmin
from editorial.graph_admin import LINK_INLINES
from research.models import FieldQuestion, Lab, QuestionEvent, QuestionInterest
from research.questions import workflow
from research.questions.forms import StageMoveForm


class ReadOnlyInline(admin.TabularInline):
    """Rows written elsewhere (on the public page, by the stage workflow), read here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInterestInline(ReadOnlyInline):
    model = QuestionInterest
    fields = ["researcher", "lab", "note", "created_at"]


class QuestionEventInline(ReadOnlyInline):
    model = QuestionEvent
    fields = ["at", "source", "target", "by", "lab", "project", "note"]
    verbose_name_plural = gettext_lazy("historique des étapes")


@admin.register(FieldQuestion)
class FieldQuestionAdmin(PublishableAdmin):
    """The editorial moves (PublishableAdmin: state, revisions) and the research stage's own
    screen, with the interests, the stage history and the typed links."""

    change_form_template = "research/questions/admin/change_form.html"
    list_display = ["title", "status", "stage", "territory", "lab", "interest_count"]
    list_filter = ["stage", "status", "territory", "themes"]
    list_select_related = ["territory", "lab"]
    search_fields = ["title", "context", "team"]
    autocomplete_fields = ["territory", "themes"]
    prepopulated_fields = {"slug": ["title"]}
    # Only research.questions.workflow.transition() writes the stage and what it connects.
    readonly_fields = ["stage", "lab", "project", "created_at", "updated_at"]
    inlines = [QuestionInterestInline, QuestionEventInline, *LINK_INLINES]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(interest_total=Count("interests"))

    @admin.display(description=gettext_lazy("intérêts déclarés"), ordering="interest_total")
    def interest_count(self, obj):
        return obj.interest_total

    def get_urls(self):
        return [
            path(
                "<int:pk>/etape/",
                self.admin_site.admin_view(self.stage_view),
                name="research_fieldquestion_stage",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["stage_moves"] = workflow.available_moves(obj, request.user) if obj else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    def stage_view(self, request, pk):
        """One move of the stage table (research.questions.workflow) for the research
        secretariat: connect a lab, link the project, announce the results."""
        if not request.user.has_perm(workflow.MOVE_STAGE):
            raise PermissionDenied
        question = get_object_or_404(FieldQuestion.objects.select_related("lab", "project"), pk=pk)
        moves = workflow.available_moves(question, request.user)
        interested = list(
            Lab.objects.filter(question_interests__question=question).distinct().order_by("name")
        )
        form = StageMoveForm(request.POST or None, moves=moves, interested_labs=interested)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.transition(
                    question,
                    form.cleaned_data["move"],
                    by=request.user,
                    lab=form.cleaned_data["lab"],
                    project=form.cleaned_data["project"],
                    note=form.cleaned_data["note"],
                )
            except workflow.StageMoveNotAllowed as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("La question est passée à l'étape « %(stage)s ».")
                    % {"stage": question.get_stage_display()},
                )
                return redirect(reverse("admin:research_fieldquestion_change", args=[pk]))
        return TemplateResponse(
            request,
            "research/questions/admin/stage.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Faire avancer la question"),
                "question": question,
                "form": form,
                "moves": moves,
                "interests": list(
                    question.interests.select_related("researcher", "lab").order_by("created_at")
                ),
            },
        )


@admin.register(QuestionInterest)
class QuestionInterestAdmin(BaseAdmin):
    list_display = ["question", "researcher", "lab", "created_at"]
    list_filter = ["question__stage", "lab"]
    list_select_related = ["question", "researcher", "lab"]
    search_fields = ["question__title", "researcher__family_name", "note"]
    readonly_fields = ["question", "researcher", "lab", "note", "created_at"]

    def has_add_permission(self, request):
        # Researchers declare interest on the question's page, in their own name.
        return False
