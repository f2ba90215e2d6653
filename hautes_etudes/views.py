import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from applications import places
from applications.flow import Flow
from applications.models import ApplicationStatus
from applications.views import ApplicationPortal
from editorial import graph
from hautes_etudes import ical, services
from hautes_etudes.forms import STEPS, EmployerAnswerForm
from hautes_etudes.models import Application, Attachment, Auditor, Edition, Session


def _current_or_404():
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(_("Aucune promotion n'est publiée pour le moment."))
    return edition


def home(request):
    edition = Edition.objects.current()
    sessions = list(edition.sessions.select_related("region")) if edition else []
    return render(
        request,
        "hautes_etudes/home.html",
        {
            "edition": edition,
            "sessions": sessions,
            "open_now": edition.applications_open() if edition else False,
            "past": Edition.objects.published().exclude(pk=getattr(edition, "pk", None))[:10],
            "now": timezone.now(),
        },
    )


def edition_detail(request, slug):
    edition = get_object_or_404(
        Edition.objects.published().prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("region")),
            Prefetch("auditors", queryset=Auditor.objects.filter(public_consent=True)),
        ),
        slug=slug,
    )
    return render(
        request,
        "hautes_etudes/edition_detail.html",
        {
            "edition": edition,
            "sessions": list(edition.sessions.all()),
            "auditors": list(edition.auditors.all()),
            "neighbours": graph.neighbourhood(edition),
        },
    )


def programme_ics(request, slug):
    edition = get_object_or_404(Edition.objects.published(), slug=slug)
    body = ical.programme(edition, list(edition.sessions.all()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hautes-etudes-{edition.year}.ics"'
    return response


class CyclePortal(ApplicationPortal):
    model = Application
    flow = Flow(STEPS, attachment_model=Attachment)
    namespace = "hautes_etudes"
    url_prefix = "application_"
    identity_fields = ("first_name", "last_name", "phone", "employer", "employer_email")

    def get_parent(self, request, **kwargs):
        return _current_or_404()

    def window(self, parent):
        return parent.applications_open_at, parent.applications_close_at

    def title_of(self, parent):
        return _("Cycle des hautes études %(year)s — %(name)s") % {
            "year": parent.year,
            "name": parent.name,
        }

    def breadcrumb(self, parent):
        return [(gettext_lazy("Hautes études"), reverse("hautes_etudes:home"))]

    def applicant_name(self, application):
        return application.full_name or application.email

    # Hooks of the shared portal -----------------------------------------------------------
    def after_step(self, request, application, step):
        """Another employer named: the former one's answer is void. « Envoyer maintenant »
        asks the employer before submission, once the identity step is filled."""
        services.void_changed_employer(application=application)
        if request.POST.get("rester") == "envoyer_employeur" and self.can_ask_employer(application):
            services.ask_employer(application=application)

    def step_context(self, request, parent, application, step, form, open_now):
        context = super().step_context(request, parent, application, step, form, open_now)
        if step.slug == "documents":
            context["employer_ask"] = {
                "possible": self.can_ask_employer(application),
                "asked_at": application.employer_asked_at,
                "agreed_at": application.employer_agreed_at,
                "refused_at": application.employer_refused_at,
                "reason": application.employer_refusal_reason,
            }
        return context

    def can_ask_employer(self, application):
        data = application.data
        return bool(
            data.get("employer_email")
            and data.get("first_name")
            and data.get("last_name")
            and "employer_agreement" not in self.flow.attachments(application)
            and application.employer_asked_at is None
        )

    def on_submitted(self, application, parent):
        if self.can_ask_employer(application):
            services.ask_employer(application=application)

    def warnings(self, application):
        required = application.parent.min_experience_years
        declared = str(application.data.get("experience_years", "")).strip()
        if required and declared.isdigit() and int(declared) < required:
            return [
                _(
                    "Cette promotion demande au moins %(required)s années d'expérience "
                    "professionnelle ; vous en déclarez %(declared)s. Vous pouvez déposer votre "
                    "candidature, mais le comité en tiendra compte."
                )
                % {"required": required, "declared": declared}
            ]
        return []

    def withdraw(self, application):
        if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED):
            places.decline_place(application=application)
        else:
            super().withdraw(application)


portal = CyclePortal()
PLACE_LINK_AGE = datetime.timedelta(days=120)


@never_cache
def place(request, token):
    """The confirm-or-decline page the acceptance email links to (signed link, no login)."""
    application = Application.by_signed(token, "place", max_age=PLACE_LINK_AGE)
    if application is None:
        return render(request, "hautes_etudes/place.html", {"invalid": True}, status=404)
    if request.method == "POST" and application.awaiting_confirmation:
        if request.POST.get("place") == "confirmer":
            places.confirm_place(application=application)
        elif request.POST.get("place") == "renoncer":
            places.decline_place(application=application)
        return redirect(request.path)
    return render(
        request,
        "hautes_etudes/place.html",
        {"application": application, "edition": application.parent, "now": timezone.now()},
    )


@never_cache
def employer_agreement(request, token):
    application = services.application_for_employer(token)
    if application is None:
        return render(
            request, "hautes_etudes/employer_agreement.html", {"invalid": True}, status=404
        )
    form = EmployerAnswerForm(request.POST if request.method == "POST" else None)
    answered = application.employer_agreed_at or application.employer_refused_at
    if request.method == "POST" and not answered and form.is_valid():
        services.answer_employer(
            application=application,
            agreed=form.cleaned_data["answer"] == "accord",
            reason=form.cleaned_data["reason"],
        )
        return redirect(request.path)
    return render(
        request,
        "hautes_etudes/employer_agreement.html",
        {
            "application": application,
            "candidate": f"{application.data.get('first_name', '')} "
            f"{application.data.get('last_name', '')}".strip(),
            "edition": application.parent,
            "form": form,
        },
    )
