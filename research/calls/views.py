from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.flow import Flow
from applications.views import ApplicationPortal
from core.storage import stored_file_response
from core.uploads import EXTENSIONS
from editorial import graph
from research.calls.forms import STEPS
from research.calls.models import Call, CallApplication, CallAttachment

STATES = {state.value: state.label for state in Call.State}


def call_list(request):
    now = timezone.now()
    state = request.GET.get("etat", "")
    calls = Call.objects.public().prefetch_related("themes")
    if state == Call.State.UPCOMING:
        calls = calls.filter(opens_at__gt=now).order_by("opens_at")
    elif state == Call.State.CLOSED:
        calls = calls.filter(closes_at__lte=now).order_by("-closes_at")
    else:
        state = Call.State.OPEN if state == Call.State.OPEN else ""
        calls = (calls.filter(opens_at__lte=now, closes_at__gt=now) if state else calls).order_by(
            "-closes_at"
        )
    page = Paginator(calls, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "research/calls/call_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": STATES,
            "now": now,
            "base_query": f"etat={state}" if state else "",
        },
    )


def call_detail(request, slug):
    call = get_object_or_404(
        Call.objects.public().prefetch_related("themes", "documents", "funded_projects"), slug=slug
    )
    return render(
        request,
        "research/calls/call_detail.html",
        {
            "call": call,
            "state": call.state(),
            "documents": list(call.documents.all()),
            "themes": list(call.themes.all()),
            "projects": [p for p in call.funded_projects.all() if p.is_public],
            "neighbours": graph.neighbourhood(call),
        },
    )


def call_document(request, slug, document_id):
    call = get_object_or_404(Call.objects.public(), slug=slug)
    document = get_object_or_404(call.documents, pk=document_id)
    extension = EXTENSIONS.get(document.mime, "pdf")
    return stored_file_response(
        request,
        document.file,
        filename=f"{call.slug[:60]}-{document.pk}.{extension}",
        content_type=document.mime or "application/pdf",
    )


class CallPortal(ApplicationPortal):
    model = CallApplication
    flow = Flow(STEPS, attachment_model=CallAttachment)
    namespace = "research"
    url_prefix = "call_application_"
    identity_fields = ("lead_name", "lead_role", "lab_name", "partners")

    def get_parent(self, request, slug=None, **kwargs):
        return get_object_or_404(Call.objects.public(), slug=slug)

    def parent_args(self, parent):
        return [parent.slug]

    def window(self, parent):
        return parent.opens_at, parent.closes_at

    def title_of(self, parent):
        return _("Appel à projets : %(title)s") % {"title": parent.title}

    def breadcrumb(self, parent):
        return [
            (gettext_lazy("Recherche"), reverse("research:home")),
            (gettext_lazy("Appels à projets"), reverse("research:call_list")),
            (parent.title, parent.get_absolute_url()),
        ]

    def applicant_name(self, application):
        return application.lead_name or application.email


portal = CallPortal()
