"""Public pages of the questions de terrain: the list (faceted, with its feed), one question
with its stage, and the researchers' declaration of interest."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editorial import graph
from editorial.status import EditorialStatus
from research import queries
from research.models import FieldQuestion, Publication, QuestionInterest
from research.questions import services, structured_data, workflow
from research.questions.forms import InterestForm


def sign_in_url(path):
    """The portal's sign-in, then back to `path`. When the back-office is the only way in, its
    second factor comes first (staff who skip it are anonymous on public pages)."""
    login = resolve_url(settings.LOGIN_URL)
    if login == reverse("admin:login"):
        path = f"{reverse('admin:two_factor')}?{urlencode({'next': path})}"
    return f"{login}?{urlencode({'next': path})}"


def question_list(request):
    return render(
        request, "research/questions/list.html", queries.faceted_page("questions", request.GET)
    )


def _question(request, slug):
    """The published question, or any question for staff who may view it (preview)."""
    question = get_object_or_404(
        FieldQuestion.objects.select_related("territory", "lab", "project"), slug=slug
    )
    if question.status != EditorialStatus.PUBLISHED and not request.user.has_perm(
        "research.view_fieldquestion"
    ):
        raise Http404(_("Cette page n'existe pas ou n'est pas publiée."))
    return question


def _steps(question, events):
    """The four stages in order: done, current or to come, with the date each was reached."""
    reached = {event.target: event.at for event in events}
    current = workflow.PATH.index(question.stage)
    return [
        {
            "stage": stage,
            "label": stage.label,
            "state": "done" if index < current else "current" if index == current else "todo",
            "at": reached.get(stage) if index <= current and index else None,
        }
        for index, stage in enumerate(workflow.PATH)
    ]


def _detail(request, question, *, form=None, status=200):
    themes = list(question.themes.all())
    events = list(question.stage_events.only("target", "at", "question_id"))
    publications = []
    if question.project_id and question.project.is_public:
        publications = list(
            Publication.objects.public().filter(projects=question.project_id).for_list()
        )
    researcher = services.researcher_of(request.user)
    interest = None
    if researcher is not None:
        interest = QuestionInterest.objects.filter(question=question, researcher=researcher).first()
    can_declare = interest is None and services.may_declare_interest(request.user, question)
    steps = _steps(question, events)
    current = workflow.PATH.index(question.stage)
    neighbours = graph.neighbourhood(question)
    return render(
        request,
        "research/questions/detail.html",
        {
            "question": question,
            "themes": themes,
            "steps": steps,
            "step_number": current + 1,
            "step_count": len(steps),
            "next_step": steps[current + 1]["label"] if current + 1 < len(steps) else "",
            "publications": publications,
            "researcher": researcher,
            "interest": interest,
            "interest_form": (form or InterestForm()) if can_declare else None,
            "login_url": sign_in_url(question.get_absolute_url()),
            "neighbours": neighbours,
            "json_ld": structured_data.question_json_ld(
                question, themes=themes, publications=publications, neighbours=neighbours
            ),
        },
        status=status,
    )


def question_detail(request, slug):
    return _detail(request, _question(request, slug))


@require_POST
def question_interest(request, slug):
    question = _question(request, slug)
    if not request.user.is_authenticated:
        return redirect(sign_in_url(question.get_absolute_url()))
    if not services.may_declare_interest(request.user, question):
        messages.error(request, _("Vous ne pouvez pas déclarer d'intérêt pour cette question."))
        return redirect(question)
    form = InterestForm(request.POST)
    if not form.is_valid():
        return _detail(request, question, form=form, status=400)
    try:
        services.declare_interest(
            question=question, user=request.user, note=form.cleaned_data["note"]
        )
    except services.InterestRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Votre intérêt est enregistré. Le secrétariat scientifique vous recontactera."),
        )
    return redirect(question)
