"""The contributor's pages: « Mes contributions » (every registered kind, read from
editorial.registry without importing the pillars), withdrawing a proposal, and the « Contribuer »
landing page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from editorial import registry
from editorial.contribute import EDITABLE
from editorial.models import EditorialEvent
from editorial.status import EditorialStatus
from editorial.workflow import MOVES_BY_NAME, TransitionNotAllowed, transition

WITHDRAWABLE = MOVES_BY_NAME["withdraw"].sources


def contribute(request):
    """How contributions are reviewed and credited, and the forms to start one."""
    kinds = [kind for kind in registry.kinds() if kind.propose_url_name]
    return render(request, "editorial/contribute.html", {"kinds": kinds})


@login_required
def my_contributions(request):
    """Each proposal of the signed-in person, newest first: one query per kind and one for the
    reviewers' last messages, whatever the number of proposals."""
    rows = []
    for kind in registry.kinds():
        for obj in kind.model.objects.filter(contributor=request.user).order_by("-pk"):
            rows.append(_row(kind, obj))
    _attach_last_messages(rows)
    rows.sort(key=lambda row: row["updated_at"] or row["obj"].publication_date, reverse=True)
    return render(request, "editorial/my_contributions.html", {"rows": rows})


def _row(kind, obj):
    return {
        "kind": kind,
        "obj": obj,
        "key": obj._meta.label_lower,
        "kind_name": capfirst(obj._meta.verbose_name),
        "updated_at": getattr(obj, "updated_at", None),
        "public_url": _public_url(obj) if obj.status == EditorialStatus.PUBLISHED else "",
        "edit_url": _edit_url(kind, obj) if obj.status in EDITABLE else "",
        "can_withdraw": obj.status in WITHDRAWABLE,
        "message": None,
    }


def _public_url(obj):
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # a kind whose public page is not there yet
        return ""


def _edit_url(kind, obj):
    if not kind.propose_url_name:
        return ""
    return reverse(kind.propose_url_name, kwargs={"pk": obj.pk})


def _attach_last_messages(rows):
    """The last message a reviewer wrote on each object (a request, a refusal's reason)."""
    if not rows:
        return
    types = ContentType.objects.get_for_models(*{type(row["obj"]) for row in rows})
    by_type = {}
    for row in rows:
        by_type.setdefault(types[type(row["obj"])].pk, []).append(row["obj"].pk)
    where = Q()
    for type_id, ids in by_type.items():
        where |= Q(content_type_id=type_id, object_id__in=ids)
    last = {}
    events = EditorialEvent.objects.filter(where).exclude(message="").order_by("at", "pk")
    for event in events.only("content_type_id", "object_id", "message", "at", "target"):
        last[(event.content_type_id, event.object_id)] = event
    for row in rows:
        row["message"] = last.get((types[type(row["obj"])].pk, row["obj"].pk))


def _own(request, key, pk):
    kind = next((k for k in registry.kinds() if k.model._meta.label_lower == key), None)
    if kind is None:
        raise Http404(_("Cette contribution n'existe pas."))
    return kind, get_object_or_404(kind.model, pk=pk, contributor=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, key, pk):
    """GET asks for confirmation; POST withdraws the signed-in person's own proposal."""
    kind, obj = _own(request, key, pk)
    if request.method == "GET":
        return render(request, "editorial/withdraw.html", {"kind": kind, "obj": obj})
    try:
        transition(obj, "withdraw", by=request.user)
    except TransitionNotAllowed:
        messages.error(
            request,
            _("« %(title)s » ne peut plus être retirée : son état est « %(state)s ».")
            % {"title": obj.title, "state": obj.get_status_display().lower()},
        )
    else:
        messages.success(
            request, _("Votre contribution « %(title)s » est retirée.") % {"title": obj.title}
        )
    return redirect("editorial:my_contributions")
