from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from hautes_etudes import ical, services
from hautes_etudes.forms import STEPS
from hautes_etudes.models import Application, Attachment, Auditor, Edition, Session
from ints_portal.applications.flow import Flow
from ints_portal.applications.views import ApplicationPortal


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

    def step_view(self, request, step_slug, **kwargs):
        response = super().step_view(request, step_slug, **kwargs)
        if request.method == "POST" and step_slug == "documents":
            application = self.current(request, self.get_parent(request))
            wanted = application.data.get("employer_email", "").strip() if application else ""
            if (
                wanted
                and "employer_agreement" not in self.flow.attachments(application)
                and wanted != application.employer_email
                and response.status_code == 302
            ):
                Application.objects.filter(pk=application.pk).update(employer_email=wanted)
                application.employer_email = wanted
                services.ask_employer(application)
        return response

    def status(self, request, **kwargs):
        parent = self.get_parent(request)
        application = self.current(request, parent)
        if application is not None and request.method == "POST" and "place" in request.POST:
            if request.POST["place"] == "confirmer":
                services.confirm_place(application)
            elif request.POST["place"] == "renoncer" and application.awaiting_confirmation:
                services.decline_place(application)
            return redirect("hautes_etudes:application_status")
        return super().status(request, **kwargs)


portal = CyclePortal()


@never_cache
def employer_agreement(request, token):
    application = services.application_for_employer(token)
    if application is None:
        return render(
            request, "hautes_etudes/employer_agreement.html", {"invalid": True}, status=404
        )
    done = application.employer_agreed_at is not None
    if request.method == "POST" and not done:
        Application.objects.filter(pk=application.pk).update(employer_agreed_at=timezone.now())
        done = True
    return render(
        request,
        "hautes_etudes/employer_agreement.html",
        {
            "application": application,
            "edition": application.parent,
            "done": done,
        },
    )
